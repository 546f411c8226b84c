"""What batch scoring returns: verified :class:`Pair` objects, cluster :class:`Member` objects and
the :class:`ScoreResult` that holds them, with writers for their tables."""

from __future__ import annotations

import shutil
import weakref
from dataclasses import dataclass, field
from typing import Any, Sequence

from .. import minhash as M
from ..records import ErrorReport, open_writer
from .textstore import TextStore

__all__ = ["Pair", "Member", "ScoreResult", "PAIR_COLUMNS", "CLUSTER_COLUMNS"]

PAIR_COLUMNS = [
    ("a", "str"), ("b", "str"), ("similarity", "float"), ("containment_a_in_b", "float"),
    ("containment_b_in_a", "float"), ("verdict", "str"), ("date_a", "str"), ("date_b", "str"),
    ("source_a", "str"), ("source_b", "str"), ("ops", "json"),
]
CLUSTER_COLUMNS = [("id", "str"), ("cluster", "str"), ("original", "bool"), ("date", "str"), ("source", "str")]


@dataclass(slots=True)
class Pair:
    """One verified pair. ``a`` is the earlier article (then the one containing more of the
    other, then the smaller id), so ``a -> b`` reads as the direction of the copy."""

    a: str
    b: str
    similarity: float
    containment_a_in_b: float
    containment_b_in_a: float
    verdict: str
    date_a: str | None = None
    date_b: str | None = None
    source_a: str | None = None
    source_b: str | None = None
    ops: list | None = None

    def to_row(self) -> dict:
        return {
            "a": self.a, "b": self.b, "similarity": self.similarity,
            "containment_a_in_b": self.containment_a_in_b, "containment_b_in_a": self.containment_b_in_a,
            "verdict": self.verdict, "date_a": self.date_a, "date_b": self.date_b,
            "source_a": self.source_a, "source_b": self.source_b, "ops": self.ops,
        }


@dataclass(slots=True)
class Member:
    """One article of a cluster; ``cluster`` is the id of the cluster's original."""

    id: str
    cluster: str
    original: bool
    date: str | None = None
    source: str | None = None

    def to_row(self) -> dict:
        return {"id": self.id, "cluster": self.cluster, "original": self.original,
                "date": self.date, "source": self.source}


@dataclass
class ScoreResult:
    """What :func:`~dedup.corpus.score` found: ``pairs`` sorted by ``(a, b)``, cluster ``members``
    sorted by cluster then original first, ``stats`` of every stage and the input ``errors``.

    It also keeps the scored texts (in a temporary file) for :meth:`pair_texts` and
    :meth:`details`, which report pages need, until :meth:`close`: use it as a context manager
    (the file also goes when the result is garbage-collected, or at exit).

    >>> with ScoreResult([], [], {}, ErrorReport()) as r:
    ...     r.verdict_counts()
    {}
    """

    pairs: list[Pair]
    clusters: list[Member]
    stats: dict[str, Any]
    errors: ErrorReport
    has_dates: bool = False
    has_sources: bool = False
    diffs: bool = False
    #: Ids of the records with no content (see :func:`dedup.text.has_content`; a title over an
    #: empty body too): counted in ``stats["no_content"]``, never compared, paired or clustered.
    no_content: list[str] = field(default_factory=list)
    #: The MinHash parameters of the run (a report's diff pages compare with them).
    params: M.MinHashParams = M.DEFAULT
    _texts: _Texts | None = field(default=None, repr=False, compare=False)

    def verdict_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self.pairs:
            counts[p.verdict] = counts.get(p.verdict, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def pair_columns(self) -> list[tuple[str, str]]:
        drop = set()
        if not self.has_dates:
            drop |= {"date_a", "date_b"}
        if not self.has_sources:
            drop |= {"source_a", "source_b"}
        if not self.diffs:
            drop.add("ops")
        return [c for c in PAIR_COLUMNS if c[0] not in drop]

    def cluster_columns(self) -> list[tuple[str, str]]:
        drop = set() if self.has_dates else {"date"}
        if not self.has_sources:
            drop.add("source")
        return [c for c in CLUSTER_COLUMNS if c[0] not in drop]

    def write_pairs(self, path: str, format: str | None = None) -> int:
        """Write the pairs to a JSONL (``.gz``), CSV or Parquet file; returns the row count."""
        with open_writer(path, self.pair_columns(), format) as w:
            w.write_many(p.to_row() for p in self.pairs)
            return w.rows

    def write_clusters(self, path: str, format: str | None = None) -> int:
        """Write the cluster members to a JSONL (``.gz``), CSV or Parquet file."""
        with open_writer(path, self.cluster_columns(), format) as w:
            w.write_many(m.to_row() for m in self.clusters)
            return w.rows

    def pair_texts(self, a: str, b: str) -> tuple[str, str]:
        """The texts of articles ``a`` and ``b`` as they were scored."""
        return self._open_texts().pair(a, b)

    def details(self, id: str) -> dict[str, str]:
        """The title and URL of article ``id``, those it has (for report pages)."""
        return self._open_texts().details(id)

    def _open_texts(self) -> "_Texts":
        if self._texts is None or self._texts.closed:
            raise ValueError("this ScoreResult keeps no texts (closed, or not made by score())")
        return self._texts

    def close(self) -> None:
        """Delete the scored texts; the pairs, clusters and stats stay."""
        if self._texts is not None:
            self._texts.close()

    def __enter__(self) -> "ScoreResult":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Texts:
    """A score run's text store and its temporary folder, deleted on close, garbage collection
    or exit (:func:`weakref.finalize`), whichever comes first."""

    def __init__(self, store: TextStore, folder: str, ids: Sequence[str]) -> None:
        self.store = store
        self._ids = ids
        self._number: dict[str, int] | None = None
        self._finalizer = weakref.finalize(self, _delete, store, folder)

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def _numbers(self) -> dict[str, int]:
        if self._number is None:
            self._number = {rid: k for k, rid in enumerate(self._ids)}
        return self._number

    def pair(self, a: str, b: str) -> tuple[str, str]:
        number = self._numbers()
        got = self.store.get([number[a], number[b]])
        return got[number[a]][1], got[number[b]][1]

    def details(self, id: str) -> dict[str, str]:
        return self.store.details(self._numbers()[id])

    def close(self) -> None:
        self._finalizer()


def _delete(store: TextStore, folder: str) -> None:
    try:
        store.close()
    except Exception:  # (a connection of another thread; the folder goes anyway)
        pass
    shutil.rmtree(folder, ignore_errors=True)
