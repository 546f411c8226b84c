"""What an :class:`~dedup.index.Index` hands back: a query's :class:`Match` objects, a stored
:class:`Entry`, and what :meth:`~dedup.index.Index.add_many` added (:class:`Added`, with the
:class:`Skipped` records)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from . import minhash
from .checks import loaded, meta_published
from .compare import compare
from .document import Document
from .errors import InputError

__all__ = ["Match", "Entry", "Added", "Skipped"]


@dataclass(eq=False)
class Match:
    """One verified match of a query.

    ``similarity`` is the Jaccard similarity of the word-n-gram shingles, ``jaccard_kind`` says
    whether it is ``"exact"`` (shingles of both texts) or an ``"estimate"`` (signatures; when no
    text is available). ``containment_query_in_match`` is the share of the query's shingles found in
    the match. ``score`` ranks matches: the larger containment (ties: the higher ``similarity``), so
    an abridged copy wholly contained in a long article ranks as high as a copy of equal size.
    ``channels`` names the candidate channels that found it (``"lsh"``, ``"sentences"``,
    ``"passages"``, ``"paraphrase"``).
    ``verdict`` is :func:`dedup.compare`'s verdict for (match → query): the stored article is read
    as the earlier one, the query as the new one, so ``"update"`` means the query adds reporting.
    """

    id: str
    meta: dict
    score: float
    similarity: float
    jaccard_kind: str
    containment_query_in_match: float
    containment_match_in_query: float
    channels: tuple[str, ...]
    _query: Any = field(repr=False, default="")
    _text: str | None = field(repr=False, default=None)
    _loader: Callable[[str], str] | None = field(repr=False, default=None)
    _params: minhash.MinHashParams = field(repr=False, default=minhash.DEFAULT)
    _comparison: Any = field(repr=False, default=None)
    _shingles: Any = field(repr=False, default=None)  # (stored, query) when verified exactly
    _boilerplate: Any = field(repr=False, default=None)
    _sources: tuple = field(repr=False, default=(None, None))

    @property
    def verdict(self) -> str:
        """The verdict of :meth:`compare` (computed on first access if ``query`` did not)."""
        return self.compare().verdict

    @property
    def text(self) -> str:
        """The stored text of the match (or the loader's)."""
        if self._text is None:
            if self._loader is None:
                raise InputError(f"{self.id}: the index keeps no text for it and has no loader")
            self._text = loaded(self._loader, self.id)
        return self._text

    def compare(self):
        """The :class:`dedup.Comparison` of the stored article (A) with the query (B), with the
        index's learned boilerplate of the stored article's source."""
        if self._comparison is None:
            stored = Document(self.text, source=self._sources[0], published=meta_published(self.meta))
            self._comparison = compare(
                stored, self._query, labels=(self.id, "query"), params=self._params, shingles=self._shingles,
                boilerplate=self._boilerplate, sources=self._sources,
            )
            self._shingles = None
        return self._comparison

    def to_dict(self, verdict: bool = True) -> dict:
        """JSON-ready fields (what ``dedup index query --format json`` prints)."""
        d = {
            "id": self.id,
            "score": round(self.score, 4),
            "similarity": round(self.similarity, 4),
            "jaccard_kind": self.jaccard_kind,
            "containment_query_in_match": round(self.containment_query_in_match, 4),
            "containment_match_in_query": round(self.containment_match_in_query, 4),
            "channels": list(self.channels),
            "meta": self.meta,
        }
        if verdict:
            d["verdict"] = self.verdict
        return d


@dataclass(frozen=True)
class Skipped:
    """A record :meth:`Index.add_many` left out with ``on_error="skip"``: where it was in the input
    ("record 7"), its id when it had a usable one, and why (the message ``"fail"`` would raise)."""

    position: str
    id: str | None
    reason: str


class Added(int):
    """What :meth:`Index.add_many` returns: the number of articles added (it is that ``int``), and
    ``skipped``, the records left out with ``on_error="skip"`` (:class:`Skipped`, in input order)."""

    skipped: list[Skipped]

    def __new__(cls, added: int, skipped: Sequence[Skipped] = ()) -> "Added":
        self = super().__new__(cls, added)
        self.skipped = list(skipped)
        return self

    def __repr__(self) -> str:
        return f"Added({int(self)}, skipped={len(self.skipped)})"


@dataclass(frozen=True)
class Entry:
    """A stored document, as :meth:`Index.get` returns it (``text`` is ``None`` when not kept)."""

    id: str
    meta: dict
    text: str | None
