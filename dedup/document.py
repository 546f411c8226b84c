"""`Document`: one article parsed once into classified units with spans into the original text.

>>> doc = Document("Judul\\nJAKARTA - Kalimat satu. Kalimat dua.\\nBaca juga: Lain")
>>> [(u.kind, u.text) for u in doc.units]
[('headline', 'Judul'), ('dateline', 'JAKARTA -'), ('content', 'Kalimat satu.'), ('content', 'Kalimat dua.'), ('boilerplate', 'Baca juga: Lain')]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import text as T


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence or line of an article.

    ``start``/``end`` index the original text; ``key`` is what alignment compares.
    """

    kind: str
    text: str
    start: int
    end: int
    line: int
    index: int
    key: str


@dataclass(slots=True)
class Document:
    """A parsed article: ``units`` in reading order, each classified and located.

    Build it once and hand it to everything that needs the article (hashing, alignment,
    rendering). ``Document(text)`` never fails on odd text; it just finds fewer units.
    """

    text: str
    units: list[Unit] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.units:
            self.units = list(_parse(self.text))

    @property
    def sentences(self) -> list[Unit]:
        """The content sentences, in reading order."""
        return [u for u in self.units if u.kind == T.CONTENT]

    @property
    def headline(self) -> Unit | None:
        return next((u for u in self.units if u.kind == T.HEADLINE), None)

    @property
    def content_text(self) -> str:
        """The text signatures are computed on (see :func:`dedup.text.content_text`)."""
        return T.content_text(self.text)

    def __len__(self) -> int:
        return len(self.units)


def _parse(text: str):
    prep = T.prepare(text)
    clean = prep.text
    found = T.blocks(clean, prep.wire)
    n_free = sum(1 for b in found if b[3] is None)
    first = next((i for i, b in enumerate(found) if b[3] is None), -1)
    index = 0
    dateline_done = False

    def unit(kind: str, start: int, end: int, line: int) -> Unit:
        nonlocal index
        piece = T.block_text(clean, start, end)
        s, e = prep.span(start, end)
        u = Unit(kind, piece, s, e, line, index, T.sentence_key(piece))
        index += 1
        return u

    for i, (number, start, end, preset) in enumerate(found):
        if preset is not None:
            yield unit(preset, start, end, number)
            continue
        line = T.block_text(clean, start, end)
        if i == first and T.is_headline(line, n_free):
            yield unit(T.HEADLINE, start, end, number)
            continue
        kind = T.classify_line(line)
        if kind != T.CONTENT:
            yield unit(kind, start, end, number)
            continue
        if not dateline_done and i - max(first, 0) <= T.DATELINE_LINES:
            n = T.dateline_length(line)
            if n:
                dateline_done = True
                dl_end = start + len(line[:n].rstrip())
                if T.words(clean[start:dl_end]):
                    yield unit(T.DATELINE, start, dl_end, number)
                start += n
        sentences = T.split_sentences(clean, start, end)
        for _, s, e in sentences:
            # A sentence inside a longer line may still be boilerplate ("... Baca juga: X ...").
            kind = T.classify_line(T.block_text(clean, s, e)) if len(sentences) > 1 else T.CONTENT
            yield unit(kind, s, e, number)
