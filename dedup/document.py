"""`Document`: one article parsed once into classified units with spans into the original text.

>>> doc = Document("Judul\\nJAKARTA - Kalimat satu. Kalimat dua.\\nBaca juga: Lain")
>>> [(u.kind, u.text) for u in doc.units]
[('headline', 'Judul'), ('dateline', 'JAKARTA -'), ('content', 'Kalimat satu.'), ('content', 'Kalimat dua.'), ('boilerplate', 'Baca juga: Lain')]
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field, fields
from typing import Callable, Iterable, TypeVar

from . import text as T

_V = TypeVar("_V")


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
    #: Who published it (an outlet name), when known: compare() reads it for the verdict.
    source: str | None = field(default=None, kw_only=True)
    #: When it was published (ISO 8601 date or datetime, or a ``datetime``/``date``), when known.
    published: _dt.datetime | None = field(default=None, kw_only=True)
    #: What :meth:`cached` has computed, by key (not part of equality, not copied by ``replace``).
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"Document: text must be a str, got {type(self.text).__name__}")
        if self.source is not None and not isinstance(self.source, str):
            raise TypeError(f"Document: source must be a str, got {type(self.source).__name__}")
        if self.source is not None:
            self.source = self.source.strip() or None
        self.published = parse_published(self.published)
        if not self.units:
            prep = T.prepare(self.text)
            found = T.blocks(prep.text, prep.wire)
            self.units = _parse(prep, found)
            self._derived[_BLOCKS] = (prep.text, found)  # for content_text, read once then dropped

    @property
    def sentences(self) -> list[Unit]:
        """The content sentences, in reading order."""
        return [u for u in self.units if u.kind == T.CONTENT]

    @property
    def has_content(self) -> bool:
        """True when a content sentence has a word (see :func:`dedup.text.has_content`)."""
        return any(u.key for u in self.units if u.kind == T.CONTENT)

    @property
    def headline(self) -> Unit | None:
        return next((u for u in self.units if u.kind == T.HEADLINE), None)

    @property
    def content_text(self) -> str:
        """The text signatures are computed on (see :func:`dedup.text.content_text`), from the
        blocks the parse read when this Document parsed its text (the text is not read again).

        >>> Document("Judul Berita\\nJAKARTA - Isi berita.\\nBaca juga: Lain").content_text
        'Isi berita.'
        """
        return self.cached(_CONTENT, _content_text)

    def __len__(self) -> int:
        return len(self.units)

    def cached(self, key: object, compute: Callable[["Document"], _V]) -> _V:
        """``compute(self)``, computed on the first call for ``key`` and kept: per-document work
        that every comparison of this Document needs (its canonical words, its shingles) is done
        once however many pairs it is in. The units must not change afterwards (``relabel`` and
        ``dataclasses.replace`` make a new Document, with nothing cached).

        >>> doc = Document("Satu dua tiga. Empat lima.")
        >>> doc.cached("sentences", lambda d: len(d.sentences))
        2
        """
        try:
            return self._derived[key]
        except KeyError:
            value = self._derived[key] = compute(self)
            return value


#: ``_derived`` keys: the repaired text and its blocks as the parse read them; the content text.
_BLOCKS, _CONTENT = "document.blocks", "document.content_text"


def _content_text(doc: Document) -> str:
    """:func:`dedup.text.content_text` of ``doc.text``, from the parse's blocks when it has them."""
    read = doc._derived.pop(_BLOCKS, None)
    return T.content_of_blocks(*read) if read is not None else T.content_text(doc.text)


def _unit_maker() -> Callable[..., Unit]:
    """``Unit(kind, text, start, end, line, index, key)`` without the frozen dataclass's
    ``__init__`` (one ``object.__setattr__`` call per field): a parse makes one unit per sentence,
    and this sets the same slots in about half the time."""
    setters = tuple(Unit.__dict__[f.name].__set__ for f in fields(Unit))
    sk, st, ss, se, sl, si, sy = setters
    new = object.__new__

    def make(kind: str, text: str, start: int, end: int, line: int, index: int, key: str) -> Unit:
        u = new(Unit)
        sk(u, kind), st(u, text), ss(u, start), se(u, end), sl(u, line), si(u, index), sy(u, key)
        return u

    return make


_new_unit = _unit_maker()

#: One letter per unit kind in :func:`pack_units`.
_KIND_CODES = {T.CONTENT: "c", T.HEADLINE: "h", T.DATELINE: "d", T.BOILERPLATE: "b", T.BYLINE: "y"}
_CODE_KINDS = {v: k for k, v in _KIND_CODES.items()}


def pack_units(doc: Document) -> str:
    """A document's parse as a compact JSON string, so an article parsed once (batch scoring
    sketches it) need not be parsed again (to verify its pairs): :func:`unpack_units` rebuilds the
    same units from it and the text. A unit's text is kept only where it is not the text under its
    span (a repaired or wrapped line); its key is computed again.

    >>> d = Document("Judul\\nJAKARTA - Kalimat satu. Kalimat dua.")
    >>> unpack_units(d.text, pack_units(d)) == d.units
    True
    """
    text = doc.text
    rows = []
    for u in doc.units:
        row = [_KIND_CODES[u.kind], u.start, u.end, u.line]
        if u.text != text[u.start : u.end]:
            row.append(u.text)
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def unpack_units(text: str, packed: str) -> list[Unit]:
    """The units :func:`pack_units` packed, for the same ``text``."""
    units = []
    low = T.keys_text(text)
    for index, row in enumerate(json.loads(packed)):
        start, end = row[1], row[2]
        if len(row) > 4:
            piece = row[4]
            key = T.sentence_key(piece)
        else:
            piece = text[start:end]
            key = T.span_key(low, start, end) if low is not None else T.sentence_key(piece)
        units.append(_new_unit(_CODE_KINDS[row[0]], piece, start, end, row[3], index, key))
    return units


def parse_published(value) -> _dt.datetime | None:
    """A publication time as a naive datetime (UTC when it had a zone), from ISO 8601 text, a
    ``datetime`` or a ``date`` (midnight); ``None`` stays ``None``.

    >>> parse_published("2019-09-10T14:15:00+07:00"), parse_published("2019-09-10")
    (datetime.datetime(2019, 9, 10, 7, 15), datetime.datetime(2019, 9, 10, 0, 0))
    """
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"Document: published must be an ISO 8601 date or datetime, got {value!r:.60}") from None
    elif isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, _dt.datetime):
        raise TypeError(f"Document: published must be a str, datetime or date, got {type(value).__name__}")
    if value.tzinfo is not None:
        value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return value


def parse_many(texts: Iterable[str]) -> tuple[list[Document], list[str]]:
    """``Document(t)`` and :func:`dedup.text.content_text` of each text, with each text repaired
    and read into blocks once for both (what sketching and indexing need).

    >>> docs, contents = parse_many(["Judul\\nJAKARTA - Isi berita."])
    >>> [u.kind for u in docs[0].units], contents
    (['headline', 'dateline', 'content'], ['Isi berita.'])
    """
    docs, contents = [], []
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"Document: text must be a str, got {type(text).__name__}")
        prep = T.prepare(text)
        found = T.blocks(prep.text, prep.wire)
        docs.append(Document(text, _parse(prep, found)))
        contents.append(T.content_of_blocks(prep.text, found))
    return docs, contents


def _parse(prep: T.Prepared, found: list[tuple[int, int, int, str | None]]) -> list[Unit]:
    clean, edits = prep.text, prep.edits
    # Every unit's key is read off one lower-cased copy of the whole text when that is exact
    # (T.keys_text), instead of normalising each unit's text on its own.
    low = T.keys_text(clean)
    free = [i for i, b in enumerate(found) if b[3] in (None, T.CONTENT)]
    first = free[0] if free else -1
    units: list[Unit] = []
    dateline_done = False

    def add(kind: str, start: int, end: int, line: int, piece: str | None = None) -> None:
        if piece is None:
            piece = T.block_text(clean, start, end)
        s, e = prep.span(start, end) if edits else (start, end)
        key = T.span_key(low, start, end) if low is not None else T.sentence_key(piece)
        units.append(_new_unit(kind, piece, s, e, line, len(units), key))

    for i, (number, start, end, preset) in enumerate(found):
        if preset not in (None, T.CONTENT):
            add(preset, start, end, number)
            continue
        line = T.block_text(clean, start, end)
        if i == first and preset is None and T.is_headline(line, len(free)):
            add(T.HEADLINE, start, end, number, line)
            continue
        kind = T.classify_line(line)
        if kind != T.CONTENT:
            add(kind, start, end, number, line)
            continue
        if not dateline_done and i - max(first, 0) <= T.DATELINE_LINES:
            n = T.dateline_length(line)
            if n:
                dateline_done = True
                dl_end = start + len(line[:n].rstrip())
                if T.words(clean[start:dl_end]):
                    add(T.DATELINE, start, dl_end, number)
                start += n
        sentences = T.split_sentences(clean, start, end)
        several = len(sentences) > 1
        wrapped = clean.find("\n", start, end) >= 0  # a block may run over several lines: count them
        at, line_no = start, number
        for piece, s, e in sentences:
            piece = T.unwrap(piece)
            # A sentence inside a longer line may still be boilerplate ("... Baca juga: X ...").
            kind = T.classify_line(piece) if several else T.CONTENT
            if wrapped:
                line_no += clean.count("\n", at, s)
                at = s
            add(kind, s, e, line_no, piece)
    return units
