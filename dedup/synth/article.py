"""Articles: synthetic ones from the grammar, and a source article as lines of items to edit.

:class:`Article` is a parsed article whose content items carry their *provenance* (which source
sentence each came from, and how), so that after any edits :meth:`Article.gold` can name the true
sentence-level ops.

>>> art = Article.parse(synthetic_article(7, "en", n_sentences=3))
>>> len(art.sentences), [op.op for op in art.gold()[0]]
(3, ['equal', 'equal', 'equal'])
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Iterator

from .. import text as T
from ..align import ADDED, EQUAL, MERGED, MODIFIED, MOVED, REMOVED, SPLIT
from ..document import Document
from ..errors import InputError
from .grammar import byline, dateline, headline, read_also, sentence
from .model import GoldOp
from .vocabulary import WORDS, language_of


class Unusable(Exception):
    """A draw whose gold would be ambiguous; the caller redraws."""


def as_rng(rng: random.Random | int | str) -> random.Random:
    return rng if isinstance(rng, random.Random) else random.Random(rng)


def paragraphs(sentences: list[str], rng: random.Random) -> list[list[str]]:
    out, i = [], 0
    while i < len(sentences):
        k = rng.randint(1, 3)
        out.append(sentences[i:i + k])
        i += k
    return out


def synthetic_article(rng: random.Random | int, language: str = "id", n_sentences: int | None = None) -> str:
    """A plausible fake news article from the seeded vocabulary: headline, dateline, paragraphs
    of 1-3 sentences, sometimes a byline and a "Baca juga:"/"Read also:" line.

    Unrelated synthetic articles share almost no word 5-grams, so they can stand in for a real
    corpus in benchmarks (about 700 articles a second on one core of the shared 2-core test machine).

    >>> text = synthetic_article(7, "id", n_sentences=4)
    >>> len(Document(text).sentences)
    4
    """
    rng = as_rng(rng)
    if language not in WORDS:
        raise InputError(f"synthetic_article: language must be 'id' or 'en', got {language!r}")
    n = n_sentences if n_sentences is not None else rng.randint(6, 20)
    sents = [sentence(rng, language) for _ in range(n)]
    paras = paragraphs(sents, rng)
    lines = [headline(rng, language)]
    if rng.random() < 0.3:
        lines.append(byline(rng, language))
    for k, p in enumerate(paras):
        line = " ".join(p)
        lines.append(f"{dateline(rng, language)} {line}" if k == 0 else line)
        if k == 1 and rng.random() < 0.4:
            lines.append(read_also(rng, language))
    if rng.random() < 0.2:
        lines.append(byline(rng, language))
    return "\n".join(lines)


def synthetic_articles(n: int, seed: int = 0, language: str = "id") -> Iterator[str]:
    """``n`` synthetic articles, deterministic for ``seed`` (``language="mixed"`` alternates).

    >>> len(list(synthetic_articles(3, seed=1, language="mixed")))
    3
    """
    rng = random.Random(f"dedup.synth.articles:{seed}")
    for i in range(n):
        lang = ("id", "en")[i % 2] if language == "mixed" else language
        yield synthetic_article(rng, lang)


def render_lines(headline: str | None, dateline: str | None, paras: list[list[str]]) -> str:
    lines = [headline] if headline else []
    for k, p in enumerate(paras):
        line = " ".join(p)
        lines.append(f"{dateline} {line}" if k == 0 and dateline else line)
    return "\n".join(lines)


@dataclass(slots=True)
class Item:
    text: str
    kind: str
    prov: tuple = ()  # content provenance: ("eq", i) ("mod", i) ("mv", i) ("split", i) ("merge", i, j) ("new",)


@dataclass(slots=True)
class Article:
    headline: str | None
    lines: list[list[Item]]
    sentences: list[str]  # the source's content sentences, as Document found them
    language: str

    @classmethod
    def parse(cls, text: str) -> "Article":
        doc = Document(text)
        lines: dict[int, list[Item]] = {}
        headline = None
        sentences = []
        for u in doc.units:
            if u.kind == T.HEADLINE:
                headline = u.text
                continue
            if u.kind == T.CONTENT:
                lines.setdefault(u.line, []).append(Item(u.text, u.kind, ("eq", len(sentences))))
                sentences.append(u.text)
            else:
                lines.setdefault(u.line, []).append(Item(u.text, u.kind))
        return cls(headline, [lines[k] for k in sorted(lines)], sentences, language_of(text))

    def content(self) -> list[tuple[int, int]]:
        """Positions ``(line, item)`` of the content items, in reading order."""
        return [(li, ii) for li, line in enumerate(self.lines) for ii, it in enumerate(line) if it.kind == T.CONTENT]

    def content_items(self) -> list[Item]:
        return [it for line in self.lines for it in line if it.kind == T.CONTENT]

    def entities(self) -> list[str]:
        found = []
        for s in self.sentences[:20]:
            for m in re.finditer(r"(?<=\s)[A-Z][a-z]+(?:\s[A-Z][a-z]+)+", s):
                found.append(m.group())
        return found[:10]

    def render(self, *, join: str = "\n") -> str:
        kept = [line for line in self.lines if line]
        lines = [" ".join(it.text for it in line) for line in kept]
        if join == "\n" or not lines:
            body = "\n".join(lines)
        else:
            # Scraper-style joins, except after a sentence the parser could not end there
            # ("Co.", "U.S.", a closing quote): that boundary keeps its line break.
            parts = [lines[0]]
            for prev, line in zip(kept, kept[1:]):
                left, right = prev[-1].text, line[0].text
                ok = prev[-1].kind == line[0].kind == T.CONTENT and [
                    x for x, _, _ in T.split_sentences(left + join + right)] == [left, right]
                parts += [join if ok else "\n", " ".join(it.text for it in line)]
            body = "".join(parts)
        return f"{self.headline}\n{body}" if self.headline else body

    def gold(self) -> tuple[list[GoldOp], tuple[str, ...]]:
        """The gold content ops (in B's reading order, removed ones where they stood) and B's
        expected content sentences."""
        items = self.content_items()
        # Source sentences still present in B (a moved one may come after later sentences):
        # never report those as removed.
        used: set[int] = {i for it in items if it.prov[0] != "new" for i in it.prov[1:]}
        out: list[GoldOp] = []
        k = 0
        n = len(self.sentences)

        def flush(upto: int) -> None:
            for i in range(upto):
                if i not in used:
                    used.add(i)
                    out.append(GoldOp(REMOVED, (self.sentences[i],), ()))

        while k < len(items):
            it = items[k]
            tag = it.prov[0]
            if tag == "new":
                out.append(GoldOp(ADDED, (), (it.text,)))
            elif tag == "split":
                i = it.prov[1]
                flush(i)
                nxt = items[k + 1] if k + 1 < len(items) else None
                if nxt is None or nxt.prov != it.prov:
                    raise Unusable("the two halves of a split are not adjacent")
                out.append(GoldOp(SPLIT, (self.sentences[i],), (it.text, nxt.text)))
                used.add(i)
                k += 1
            elif tag == "merge":
                i, j = it.prov[1], it.prov[2]
                flush(i)
                out.append(GoldOp(MERGED, (self.sentences[i], self.sentences[j]), (it.text,)))
                used.update((i, j))
            else:
                i = it.prov[1]
                if tag != "mv":
                    flush(i)
                op = {"eq": EQUAL, "mod": MODIFIED, "mv": MOVED}[tag]
                out.append(GoldOp(op, (self.sentences[i],), (it.text,)))
                used.add(i)
            k += 1
        flush(n)
        return out, tuple(it.text for it in items)


def fix_dateline(art: Article) -> None:
    """Keep a dateline in front of content: move it to the first line that still has content."""
    for li, line in enumerate(art.lines):
        for ii, it in enumerate(line):
            if it.kind == T.DATELINE:
                if any(x.kind == T.CONTENT for x in line[ii + 1:]):
                    return
                del line[ii]
                for line2 in art.lines[li:]:
                    if any(x.kind == T.CONTENT for x in line2):
                        line2.insert(0, it)
                        break
                art.lines = [x for x in art.lines if x]
                return


def set_dateline(art: Article, dateline: str | None) -> None:
    for line in art.lines:
        for it in line:
            if it.kind == T.DATELINE:
                if dateline:
                    it.text = dateline
                else:
                    line.remove(it)
                return
    if dateline:
        for line in art.lines:
            if line and line[0].kind == T.CONTENT:
                line.insert(0, Item(dateline, T.DATELINE))
                return


def first_content_line(art: Article) -> int:
    return next((li for li, line in enumerate(art.lines) if any(it.kind == T.CONTENT for it in line)), 0)

