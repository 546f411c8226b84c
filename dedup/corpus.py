"""Batch scoring of a corpus: every near-duplicate pair, verified and named, clusters and originals.

The pipeline, one way through (see ``dedup score --help`` and the README, "Score a corpus"):

1. **Read** records in chunks (:mod:`dedup.records`); each text goes to a temporary SQLite file
   (so it can be fetched again by id later) and is then dropped from the driver's memory.
2. **Sketch** each chunk with the pure function :func:`sketch_partition`: MinHash band keys
   (:mod:`dedup.minhash`, :mod:`dedup.lsh`) and sentence fingerprints (:mod:`dedup.fingerprints`).
   Workers on this machine read the chunk's texts from the SQLite file (WAL mode: they read
   committed chunks while the driver writes the next); remote Dask workers get them with the task.
3. **Candidates**: documents sharing a band key, or at least two uncommon sentences
   (over-common buckets and fingerprints are skipped); then the ``window`` and source filters.
4. **Verify** each partition of candidate pairs with the pure function :func:`verify_partition`:
   exact shingle Jaccard and containment, then :func:`dedup.compare.compare` for every pair that
   shares enough to be more than unrelated; the driver fetches the partition's texts by number
   from the SQLite file and sends them with the task.
5. **Cluster** (:func:`cluster_pairs`): only same-source verdicts make edges, and a member stays in a
   cluster only when it is verified against the cluster's original and against at least half of
   the cluster's other members (the chaining guard); the original is the earliest article, then
   the one the others are contained in.

Steps 2 and 4 run on an engine (:mod:`dedup.engines`): local processes or Dask, the same functions
either way, and the outputs are sorted, so every engine gives identical results.

>>> recs = [{"id": "a", "text": "Presiden meresmikan jembatan baru di kota Palu pada Senin pagi bersama gubernur."},
...         {"id": "b", "text": "Presiden meresmikan jembatan baru di kota Palu pada Senin pagi bersama gubernur."},
...         {"id": "c", "text": "Harga cabai naik tajam di pasar tradisional menjelang akhir pekan ini."}]
>>> result = score(recs, engine="local", workers=0)
>>> [(p.a, p.b, p.verdict) for p in result.pairs]
[('a', 'b', 'duplicate')]
>>> [(m.id, m.cluster, m.original) for m in result.clusters]
[('a', 'a', True), ('b', 'a', False)]
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Sequence

import numpy as np

from . import boilerplate as BP
from . import fingerprints as F
from . import lsh
from . import minhash as M
from . import text as T
from .errors import InputError
from .records import ErrorReport, Fields, Record, check_record, chunked, open_writer, read_records, record_from_row
from .wording import counted

__all__ = [
    "score",
    "ScoreResult",
    "Pair",
    "Member",
    "sketch_partition",
    "verify_partition",
    "cluster_pairs",
    "CLUSTER_VERDICTS",
    "pick_original",
    "DEFAULT_THRESHOLD",
    "PAIR_COLUMNS",
    "CLUSTER_COLUMNS",
]

log = logging.getLogger(__name__)

#: Verdicts that make a cluster edge: the pair is one source text (updates add reporting to it).
CLUSTER_VERDICTS = ("duplicate", "republication", "update")
#: Jaccard the LSH bands are tuned for in batch scoring (42 bands of 3 rows at 128 permutations),
#: higher than the index's :data:`dedup.lsh.DEFAULT_THRESHOLD` (0.2, 44 bands of 2 rows). Two-row
#: bands make a pair of unrelated articles at Jaccard 0.05 a candidate with probability 0.10, so
#: the chance candidates of a corpus grow with the square of its size: measured at 100,000
#: synthetic articles, 0.2 gives 441,810 candidates for 47,379 true pairs, 0.3 gives 48,502. Copies
#: below 0.3 are still found when they share sentences (the fingerprint channel). On CLICK-ID,
#: 0.2 finds 464 more republication pairs (291 across publishers) than 0.3: pass
#: ``threshold=0.2`` for corpora of up to about 100,000 articles.
DEFAULT_THRESHOLD = 0.3
#: Days value of an article without a date.
NO_DATE = np.iinfo(np.int32).min

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
    """What :func:`score` found: ``pairs`` sorted by ``(a, b)``, cluster ``members`` sorted by
    cluster then original first, ``stats`` of every stage and the input ``errors``."""

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


# --- pure per-partition functions (run by every engine) ------------------------------------------


def sketch_partition(texts: list[str], params: dict, bands: int, rows: int,
                     min_words: int) -> tuple[np.ndarray, ...]:
    """Band keys and sentence fingerprints of one chunk of texts.

    Returns ``(keys, fps, sizes, sentences, sentence_sizes, passages, passage_sentence,
    passage_sizes)``: ``keys`` of shape ``(n, bands)``, the fingerprints of all texts one after the
    other and how many each text has, the same for every distinct content sentence (sorted per
    text; any length: the counts behind learned boilerplate), and the same for the passage
    fingerprints (:func:`dedup.fingerprints.passage_fingerprints_many`) with, for each, the position
    in its text's sentence list of the sentence it starts in (so the driver can drop the passages
    of sentences it finds to be boilerplate).

    >>> out = sketch_partition(["Satu dua tiga empat lima enam tujuh delapan sembilan. Ia diam."], {}, 4, 2, 8)
    >>> out[0].shape, out[1].size, out[2].tolist(), out[4].tolist(), out[7].tolist()
    ((1, 4), 1, [1], [2], [2])
    """
    from .document import Document

    p = M.MinHashParams.from_dict(params)
    keys = lsh.band_keys(M.signatures(texts, p), bands, rows)
    docs = [Document(t) for t in texts]
    fps = F.sentence_fingerprints_many(docs, min_words)
    sizes = np.fromiter((f.size for f in fps), dtype=np.int64, count=len(fps))
    flat = np.concatenate(fps) if fps else np.empty(0, np.uint64)
    sents = [sorted({fp for _, fp in BP.sentence_fingerprints(d)}) for d in docs]
    sent_sizes = np.fromiter((len(x) for x in sents), dtype=np.int64, count=len(sents))
    sent_flat = np.fromiter((fp for x in sents for fp in x), dtype=np.uint64, count=int(sent_sizes.sum()))
    passages, starts = F.passage_fingerprints_many(docs, with_sentences=True)
    where = [np.searchsorted(np.asarray(x, np.uint64), st).astype(np.int32) for x, st in zip(sents, starts)]
    p_sizes = np.fromiter((p.size for p in passages), dtype=np.int64, count=len(passages))
    p_flat = np.concatenate(passages) if passages else np.empty(0, np.uint64)
    p_where = np.concatenate(where) if where else np.empty(0, np.int32)
    return keys, flat.astype(np.uint64, copy=False), sizes, sent_flat, sent_sizes, p_flat, p_where, p_sizes


def verify_partition(pairs: np.ndarray, days: np.ndarray, docs: Mapping[int, tuple[str, str]],
                     options: dict, boilerplate: Mapping[int, frozenset] | None = None,
                     sources: Mapping[int, str] | None = None) -> list[tuple]:
    """Verify candidate pairs: exact shingle scores, then ``compare`` for those that share enough.

    ``pairs`` is an ``(m, 3)`` array: two document numbers and how many uncommon sentences they
    share (the fingerprint channel; 0 when only LSH found the pair). ``days`` holds the ``(m, 2)``
    day numbers of their dates (:data:`NO_DATE` when unknown); ``docs`` maps document numbers to
    ``(id, text)``. A pair is compared when its Jaccard or either containment reaches
    ``options["threshold"]``, or when it shares sentences or passages and verifiably shares text
    (:func:`dedup.fingerprints.shares_passage`; ``compare`` decides whether it is ``partial``); the rest are ``unrelated`` without further work. ``boilerplate`` maps a
    document number to the fingerprints of its sentences that are learned boilerplate of its
    source (:mod:`dedup.boilerplate`; computed by the driver over the whole corpus), which
    ``compare`` leaves out of the verdict and the similarity. ``sources`` maps a document number
    to its source; with the dates, ``compare`` reads them for the verdict (another outlet, a
    later version of the same outlet). Returns ``(i, j, similarity, c_ij, c_ji, verdict, ops)`` per pair, oriented so that ``i`` is
    the earlier article, then the one containing more of the other, then the smaller id; pairs
    judged ``unrelated`` are left out unless ``options["all_pairs"]``.

    >>> docs = {0: ("x", "Satu dua tiga empat lima enam tujuh."), 1: ("y", "Satu dua tiga empat lima enam tujuh.")}
    >>> verify_partition(np.array([[0, 1, 0]]), np.array([[NO_DATE, NO_DATE]]), docs, {})[0][:6]
    (0, 1, 1.0, 1.0, 1.0, 'duplicate')
    """
    from .compare import compare
    from .document import Document

    params = M.MinHashParams.from_dict(options.get("params", {}))
    threshold = float(options.get("threshold", DEFAULT_THRESHOLD))
    diffs = bool(options.get("diffs", False))
    all_pairs = bool(options.get("all_pairs", False))
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 3)
    days = np.asarray(days).reshape(-1, 2)
    numbers = sorted(set(pairs[:, :2].ravel().tolist()))
    sh = dict(zip(numbers, M.shingles_many([docs[k][1] for k in numbers], params)))
    parsed: dict[int, Document] = {}

    src = sources or {}

    def doc(k: int, day: int) -> Document:
        d = parsed.get(k)
        if d is None:
            when = dt.date.fromordinal(day) if day != NO_DATE else None
            d = parsed[k] = Document(docs[k][1], source=src.get(k), published=when)
        return d

    out = []
    for (i, j, shared), (di, dj) in zip(pairs.tolist(), days.tolist()):
        si, sj = sh[i], sh[j]
        inter = M.intersection_size(si, sj)
        union = si.size + sj.size - inter
        jac = inter / union if union else 0.0
        cij = inter / si.size if si.size else 0.0
        cji = inter / sj.size if sj.size else 0.0
        if _swap(di, dj, cij, cji, docs[i][0], docs[j][0]):
            i, j, di, dj, cij, cji = j, i, dj, di, cji, cij
        if max(jac, cij, cji) >= threshold or (shared > 0 and F.shares_passage(inter, si.size, sj.size)):
            bp = (boilerplate.get(i), boilerplate.get(j)) if boilerplate else None
            c = compare(doc(i, di), doc(j, dj), labels=(docs[i][0], docs[j][0]), params=params, shingles=(sh[i], sh[j]),
                        boilerplate=bp if bp and (bp[0] or bp[1]) else None)
            verdict = c.verdict
            ops = [op.to_dict() for op in c.ops] if diffs else None
            jac, cij, cji = c.similarity, c.containment_a_in_b, c.containment_b_in_a
        else:
            verdict, ops = "unrelated", None
        if verdict != "unrelated" or all_pairs:
            out.append((i, j, round(jac, 4), round(cij, 4), round(cji, 4), verdict, ops))
    return out


def _swap(di: int, dj: int, cij: float, cji: float, id_i: str, id_j: str) -> bool:
    """True when ``j`` should come first: it is earlier; or, same day, ``i`` is contained in
    ``j`` more than ``j`` in ``i``; or, all else equal, ``j`` has the smaller id."""
    if di != NO_DATE and dj != NO_DATE and di != dj:
        return dj < di
    if abs(cij - cji) > 1e-9:
        return cij > cji
    return id_j < id_i


# --- clustering ----------------------------------------------------------------------------------


def cluster_pairs(edges: Iterable[tuple[int, int, float, float, float]], days: Sequence[int],
                  ids: Sequence[str]) -> dict[int, tuple[int, bool]]:
    """Group documents into clusters of copies, guarded against chaining.

    ``edges`` are verified same-source pairs ``(i, j, similarity, c_ij, c_ji)`` (``c_ij``: share of
    ``i`` found in ``j``). Returns ``{document: (original, is_original)}`` for documents in clusters
    of two or more.

    Within each connected component the original is chosen first: the earliest date, then the
    document the others are most contained in, then the smallest id. Its neighbours join in order
    of similarity, each only if it also has an edge to at least half of the members already in
    (besides the original). What is left is clustered again the same way. So A≈B and B≈C through
    shared boilerplate, with A≉C, never puts A and C together: whichever joins the original
    first, the other has no edge to it.

    >>> cluster_pairs([(0, 1, .9, .9, .9), (1, 2, .8, .9, .9)], [NO_DATE] * 3, ["a", "b", "c"])
    {0: (1, False), 1: (1, True)}
    """
    nbr: dict[int, dict[int, tuple[float, float]]] = {}
    for i, j, sim, cij, cji in edges:
        if i == j:
            continue
        # nbr[x][y] = (similarity, share of y contained in x)
        nbr.setdefault(i, {})[j] = (sim, cji)
        nbr.setdefault(j, {})[i] = (sim, cij)
    result: dict[int, tuple[int, bool]] = {}
    for component in _components(nbr):
        _cluster_component(component, nbr, days, ids, result)
    # a cluster of one is no cluster
    sizes: dict[int, int] = {}
    for orig, _ in result.values():
        sizes[orig] = sizes.get(orig, 0) + 1
    return {k: v for k, v in sorted(result.items()) if sizes[v[0]] > 1}


def _components(nbr: Mapping[int, Mapping[int, Any]], within: set[int] | None = None) -> list[list[int]]:
    seen: set[int] = set()
    out = []
    for start in sorted(nbr if within is None else within):
        if start in seen:
            continue
        seen.add(start)
        stack, comp = [start], []
        while stack:
            x = stack.pop()
            comp.append(x)
            for y in nbr.get(x, ()):
                if y not in seen and (within is None or y in within):
                    seen.add(y)
                    stack.append(y)
        out.append(sorted(comp))
    return out


def pick_original(members: Sequence[int], days: Sequence[Any], contained: Mapping[int, float],
                  ids: Sequence[str]) -> int:
    """The original of a cluster: the earliest date (:data:`NO_DATE` counts as latest), then the
    document the other members are most contained in (``contained[x]``: the sum over the other
    members of the share of each found in ``x``), then the smallest id.

    :func:`cluster_pairs` and :func:`dedup.collate.collate` both choose by it.

    >>> pick_original([0, 1], [NO_DATE, NO_DATE], {0: 0.4, 1: 0.9}, ["a", "b"])
    1
    """
    return min(members, key=lambda x: (math.inf if days[x] == NO_DATE else days[x], -contained[x], ids[x]))


def _cluster_component(component: list[int], nbr, days, ids, result) -> None:
    queue = [component]
    while queue:
        comp = queue.pop()
        if len(comp) == 1:
            continue
        members = set(comp)
        contained = {x: sum(c for y, (_, c) in nbr[x].items() if y in members) for x in comp}
        orig = pick_original(comp, days, contained, ids)
        joined = [orig]
        for y in sorted((y for y in nbr[orig] if y in members), key=lambda y: (-nbr[orig][y][0], ids[y])):
            others = joined[1:]
            linked = sum(1 for m in others if m in nbr[y])
            if 2 * linked >= len(others):
                joined.append(y)
        for m in joined:
            result[m] = (orig, m == orig)
        rest = members - set(joined)
        if rest:
            queue.extend(_components(nbr, rest))


# --- the text store ------------------------------------------------------------------------------


class TextStore:
    """Texts by document number in a temporary SQLite file, written once by the driver and read
    by any number of processes (pickled, a store is just its path; each process opens its own
    read-only connection)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._con: sqlite3.Connection | None = None

    def __getstate__(self) -> dict:
        return {"path": self.path}

    def __setstate__(self, state: dict) -> None:
        self.path, self._con = state["path"], None

    @classmethod
    def create(cls, path: str) -> "TextStore":
        con = sqlite3.connect(path)
        con.executescript(
            # WAL: workers read committed chunks while the driver goes on writing
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
            "CREATE TABLE docs (n INTEGER PRIMARY KEY, id TEXT NOT NULL, line INTEGER, text TEXT NOT NULL,"
            " title TEXT, url TEXT);"
        )
        store = cls(path)
        store._con = con
        return store

    def _connection(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        return self._con

    def add(self, rows: list[tuple[int, str, int, str, str | None, str | None]]) -> None:
        """Store ``(number, id, line, text, title, url)`` rows."""
        self._connection().executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", rows)

    def commit(self) -> None:
        if self._con is not None:
            self._con.commit()

    def get(self, numbers: Iterable[int]) -> dict[int, tuple[str, str]]:
        """``{number: (id, text)}`` for the given document numbers."""
        con = self._connection()
        nums = sorted(set(int(n) for n in numbers))
        out: dict[int, tuple[str, str]] = {}
        for k in range(0, len(nums), 500):
            part = nums[k : k + 500]
            q = f"SELECT n, id, text FROM docs WHERE n IN ({','.join('?' * len(part))})"
            for n, rid, text in con.execute(q, part):
                out[n] = (rid, text)
        return out

    def texts(self, lo: int, hi: int) -> list[str]:
        """The texts of documents ``lo .. hi - 1``, in order."""
        rows = self._connection().execute("SELECT text FROM docs WHERE n >= ? AND n < ? ORDER BY n", (lo, hi))
        return [r[0] for r in rows]

    def details(self, number: int) -> dict[str, str]:
        """The title and URL of a document, those it has (for report pages)."""
        row = self._connection().execute("SELECT title, url FROM docs WHERE n = ?", (int(number),)).fetchone()
        return {k: v for k, v in zip(("title", "url"), row or ()) if v}

    def lines_of(self, rid: str) -> list[int]:
        return [r[0] for r in self._connection().execute("SELECT line FROM docs WHERE id = ? ORDER BY n", (rid,))]

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


def _sketch_task(source: Any, params: dict, bands: int, rows: int, min_words: int) -> tuple:
    """What an engine runs for a chunk: its texts (as shipped, or read from the store), sketched."""
    texts = source[0].texts(source[1], source[2]) if isinstance(source, tuple) else source
    return sketch_partition(texts, params, bands, rows, min_words)


def _verify_task(pairs: np.ndarray, days: np.ndarray, source: Any, options: dict,
                 boilerplate: Mapping[int, frozenset] | None = None,
                 sources: Mapping[int, str] | None = None) -> list[tuple]:
    """What an engine runs: the partition's texts (shipped, or fetched from the store), verified."""
    docs = source.get(np.unique(pairs[:, :2])) if isinstance(source, TextStore) else source
    return verify_partition(pairs, days, docs, options, boilerplate, sources)


# --- the driver ----------------------------------------------------------------------------------


def score(
    records: str | os.PathLike | Iterable[Record | Mapping[str, Any]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    window: float | None = None,
    same_source: bool = False,
    cross_source_only: bool = False,
    diffs: bool = False,
    all_pairs: bool = False,
    fields: Fields = Fields(),
    format: str | None = None,
    on_error: str = "skip",
    engine: Any = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    params: M.MinHashParams = M.DEFAULT,
    max_bucket: int = lsh.DEFAULT_MAX_BUCKET,
    max_df: int = F.DEFAULT_MAX_DF,
    chunk_size: int = 2000,
    report: str | None = None,
    report_pairs: int = 300,
    progress: bool = False,
    tmp_dir: str | None = None,
) -> ScoreResult:
    """Find every near-duplicate pair of a corpus, name it, and cluster the copies.

    ``records`` is a file path (JSONL, ``.jsonl.gz``, CSV or Parquet; field names from
    ``fields``), or an iterable of :class:`~dedup.records.Record` or dicts. ``threshold`` is the
    Jaccard the band choice is tuned for and the least Jaccard or containment for a pair to be
    compared (pairs sharing a passage are compared too). ``window`` (days) compares only articles
    published at most that many days apart; ``same_source`` only articles of one source,
    ``cross_source_only`` only articles of different sources (a pair missing the date or source
    is kept). ``diffs`` attaches the sentence ops of each pair; ``all_pairs`` keeps ``unrelated``
    candidates too. ``engine`` is ``"local"``, ``"dask"`` or an engine object
    (:mod:`dedup.engines`). ``report`` writes the HTML summary page there.

    Raises :class:`~dedup.errors.InputError` for an unreadable input, duplicate ids, or (with
    ``on_error="fail"``) the first malformed record.
    """
    if not isinstance(records, (str, os.PathLike)) and (
            isinstance(records, (bytes, Mapping)) or not isinstance(records, Iterable)):
        raise TypeError(f"score: records must be a file path or an iterable of records (dicts or Record), "
                        f"got {type(records).__name__}")
    if same_source and cross_source_only:
        raise InputError("choose one of same_source and cross_source_only")
    if not 0.0 < threshold < 1.0:
        raise InputError(f"threshold must be between 0 and 1, got {threshold}")
    if window is not None and window < 0:
        raise InputError(f"window must be a number of days >= 0, got {window}")
    if report:
        from .records import check_output

        check_output(report)  # before the work, not after it
    if tmp_dir is not None:
        _check_tmp_dir(tmp_dir)
    errors = ErrorReport(on_error)
    own_engine = not hasattr(engine, "map")
    if own_engine:
        from .engines import get_engine

        engine = get_engine(engine, workers=workers, scheduler=scheduler)
    from .progress import Progress

    tmp = tempfile.mkdtemp(prefix="dedup-score-", dir=tmp_dir)
    t0 = time.perf_counter()
    stats: dict[str, Any] = {"engine": getattr(engine, "name", type(engine).__name__)}
    try:
        store = TextStore.create(os.path.join(tmp, "texts.sqlite"))
        b, r = lsh.choose_bands(threshold, params.num_perm)
        stats["bands"], stats["rows"] = b, r
        ids: list[str] = []
        day_list: list[int] = []
        date_strs: list[str | None] = []
        src_codes: list[int] = []
        sources: dict[str, int] = {}
        iso_cache: dict = {}
        source_names: list[str] = []
        seen: set[str] = set()
        dupes: list[str] = []
        keys_parts: list[np.ndarray] = []
        fp_parts: list[np.ndarray] = []
        size_parts: list[np.ndarray] = []
        sent_parts: list[np.ndarray] = []
        sent_size_parts: list[np.ndarray] = []
        pass_parts: list[np.ndarray] = []
        pass_where_parts: list[np.ndarray] = []
        pass_size_parts: list[np.ndarray] = []
        bar = Progress("read", unit="articles", enabled=progress)
        # Workers that see this disk read a chunk's texts from the store while the driver, busy
        # parsing, goes on; workers that do not see it get the texts with each task.
        ship = not getattr(engine, "shares_disk", True)

        empty_body: list[bool] = []

        def chunks() -> Iterator[tuple]:
            for chunk in chunked(_iter_records(records, fields, format, errors), chunk_size):
                rows = []
                for rec in chunk:
                    if rec.id in seen:
                        dupes.append(rec.id)
                    seen.add(rec.id)
                    n = len(ids)
                    ids.append(rec.id)
                    day_list.append(rec.date.toordinal() if rec.date else NO_DATE)
                    date_strs.append(_iso(rec.date, iso_cache))
                    if rec.source is None:
                        src_codes.append(-1)
                    else:
                        code = sources.get(rec.source)
                        if code is None:
                            code = sources[rec.source] = len(source_names)
                            source_names.append(rec.source)
                        src_codes.append(code)
                    rows.append((n, rec.id, rec.line, rec.text, rec.title, rec.url))
                    empty_body.append(_empty_body(rec))
                store.add(rows)
                if ship:
                    source: Any = [row[3] for row in rows]
                else:
                    store.commit()
                    source = (store, rows[0][0], rows[-1][0] + 1)
                yield (source, params.to_dict(), b, r, F.DEFAULT_MIN_WORDS)

        for keys, fps, sizes, sents, sent_sizes, pas, pas_where, pas_sizes in engine.map(_sketch_task, chunks()):
            keys_parts.append(keys)
            fp_parts.append(fps)
            size_parts.append(sizes)
            sent_parts.append(sents)
            sent_size_parts.append(sent_sizes)
            pass_parts.append(pas)
            pass_where_parts.append(pas_where)
            pass_size_parts.append(pas_sizes)
            bar.update(len(keys))
        bar.close()
        store.commit()
        n = len(ids)
        stats["records"] = n
        stats["malformed"] = errors.count
        stats["seconds_read_sketch"] = round(time.perf_counter() - t0, 2)
        log.info("read and sketched %s in %.1f s (%s skipped)", counted(n, "article"), stats["seconds_read_sketch"],
                 counted(errors.count, "malformed record"))
        if dupes:
            raise InputError(_duplicates_message(dupes, store))
        if n == 0 and errors.count:
            raise InputError(f"no valid records; {errors.summary()}")
        days = np.array(day_list, dtype=np.int32)
        srcs = np.array(src_codes, dtype=np.int32)
        del day_list, src_codes
        boilerplate = _learned_boilerplate(sent_parts, sent_size_parts, srcs, source_names)
        pass_lists = _passages_without(boilerplate, pass_parts, pass_where_parts, pass_size_parts,
                                       sent_parts, sent_size_parts)
        del sent_parts, sent_size_parts, pass_parts, pass_where_parts, pass_size_parts
        stats["boilerplate_articles"] = len(boilerplate)
        stats["boilerplate_sentences"] = sum(len(v) for v in boilerplate.values())

        # candidates
        t1 = time.perf_counter()
        cbar = Progress("candidates", total=3, unit="steps", enabled=progress, rate=False)
        cbar.step("LSH buckets")
        keys = np.concatenate(keys_parts) if keys_parts else np.empty((0, b), np.uint64)
        del keys_parts
        # No content (an empty signature: only a headline, boilerplate, credits, a placeholder),
        # or a title over an empty body: never a pair by their body.
        no_content = np.all(keys == lsh.EMPTY_KEY, axis=1) | np.array(empty_body, dtype=bool)
        stats["no_content"] = int(no_content.sum())
        lsh_pairs, lsh_stats = lsh.candidate_pairs(keys, max_bucket=max_bucket, return_stats=True)
        cbar.update()
        cbar.step("shared sentences")
        del keys
        sizes = np.concatenate(size_parts) if size_parts else np.empty(0, np.int64)
        flat = np.concatenate(fp_parts) if fp_parts else np.empty(0, np.uint64)
        del fp_parts, size_parts
        fp_lists = np.split(flat, np.cumsum(sizes)[:-1]) if n else []
        for k, bp in boilerplate.items():  # learned boilerplate makes no candidates
            if fp_lists[k].size:
                fp_lists[k] = fp_lists[k][~np.isin(fp_lists[k], np.fromiter(bp, np.uint64, len(bp)))]
        fp_pairs, fp_stats = F.fingerprint_pairs(fp_lists, max_df=max_df, return_stats=True)
        pass_pairs, pass_stats = F.fingerprint_pairs(pass_lists, min_shared=F.PASSAGE_MIN_SHARED,
                                                     max_df=F.PASSAGE_MAX_DF, return_stats=True)
        del pass_lists
        cbar.update()
        cbar.step("merge and filter")
        del fp_lists, flat
        width = np.int64(max(n, 1))
        code_l = lsh_pairs[:, 0] * width + lsh_pairs[:, 1]
        code_f = fp_pairs[:, 0] * width + fp_pairs[:, 1]
        code_p = pass_pairs[:, 0] * width + pass_pairs[:, 1]
        both = np.intersect1d(code_l, code_f, assume_unique=True).size
        stats["candidates_lsh"], stats["candidates_fingerprints"] = int(code_l.size), int(code_f.size)
        stats["candidates_passages"] = int(code_p.size)
        stats["candidates_passages_only"] = int(np.setdiff1d(code_p, np.union1d(code_l, code_f)).size)
        codes = np.union1d(np.union1d(code_l, code_f), code_p)
        # how many uncommon fingerprints (sentences and passages) a pair shares: > 0 means
        # "compare it whatever its Jaccard" (a shared passage is what makes a partial copy)
        shared = np.zeros(codes.size, dtype=np.int64)
        shared[np.searchsorted(codes, code_f)] += fp_pairs[:, 2]
        shared[np.searchsorted(codes, code_p)] += pass_pairs[:, 2]
        del lsh_pairs, fp_pairs, pass_pairs, code_l, code_f, code_p
        pairs = np.stack((codes // width, codes % width, shared), axis=1)
        del codes, shared
        stats["candidates"] = int(len(pairs))
        stats["candidates_both_channels"] = int(both)
        stats["lsh_skipped_buckets"] = lsh_stats["skipped_buckets"]
        stats["fingerprint_skipped"] = fp_stats["skipped_buckets"]
        stats["passage_skipped"] = pass_stats["skipped_buckets"]
        if stats["no_content"]:
            pairs = pairs[~(no_content[pairs[:, 0]] | no_content[pairs[:, 1]])]
        pairs = _filter(pairs, days, srcs, window, same_source, cross_source_only)
        stats["candidates_after_filters"] = int(len(pairs))
        cbar.update()
        cbar.close()
        stats["seconds_candidates"] = round(time.perf_counter() - t1, 2)
        log.info("found %s (%s after filters) in %.1f s", counted(stats["candidates"], "candidate pair"),
                 f"{len(pairs):,}", stats["seconds_candidates"])

        # verification
        t2 = time.perf_counter()
        options = {"params": params.to_dict(), "threshold": threshold, "diffs": diffs, "all_pairs": all_pairs}
        workers_n = max(1, getattr(engine, "workers", 1) or 1)
        part = int(min(1000, max(20, math.ceil(len(pairs) / (4 * workers_n))))) if len(pairs) else 1
        vbar = Progress("verify", total=len(pairs), unit="pairs", enabled=progress)

        def tasks() -> Iterator[tuple]:
            for k in range(0, len(pairs), part):
                p = pairs[k : k + part]
                d = days[p[:, :2]]
                # The driver is idle during verification: it fetches the texts and ships them
                # (measured a little faster than workers reading the store themselves).
                nums = np.unique(p[:, :2])
                bp = {k: boilerplate[k] for k in nums.tolist() if k in boilerplate}
                sn = {k: source_names[srcs[k]] for k in nums.tolist() if srcs[k] >= 0}
                yield (p, d, store.get(nums), options, bp, sn)

        found = []
        for rows, size in zip(engine.map(_verify_task, tasks()), _sizes(len(pairs), part)):
            found.extend(rows)
            vbar.update(size)
        vbar.close()
        stats["seconds_verify"] = round(time.perf_counter() - t2, 2)
        log.info("verified %s in %.1f s", counted(len(pairs), "candidate pair"), stats["seconds_verify"])

        has_dates = any(d is not None for d in date_strs)
        has_sources = bool(source_names)

        def src(k: int) -> str | None:
            return source_names[srcs[k]] if srcs[k] >= 0 else None

        pair_objs = [
            Pair(ids[i], ids[j], sim, cij, cji, verdict, date_strs[i], date_strs[j], src(i), src(j), ops)
            for i, j, sim, cij, cji, verdict, ops in found
        ]
        pair_objs.sort(key=lambda p: (p.a, p.b))
        edges = [(i, j, sim, cij, cji) for i, j, sim, cij, cji, verdict, _ in found if verdict in CLUSTER_VERDICTS]
        del found
        t3 = time.perf_counter()
        assignment = cluster_pairs(edges, days, ids)
        members = [Member(ids[k], ids[o], is_o, date_strs[k], src(k)) for k, (o, is_o) in assignment.items()]
        members.sort(key=lambda m: (m.cluster, not m.original, m.id))
        stats["seconds_cluster"] = round(time.perf_counter() - t3, 2)
        log.info("clustered %s in %.1f s", counted(len(members), "article"), stats["seconds_cluster"])
        stats["pairs"] = len(pair_objs)
        stats["clusters"] = sum(1 for m in members if m.original)
        stats["clustered_articles"] = len(members)
        result = ScoreResult(pair_objs, members, stats, errors, has_dates, has_sources, diffs,
                             [ids[k] for k in np.flatnonzero(no_content).tolist()])
        stats["verdicts"] = result.verdict_counts()
        stats["seconds_total"] = round(time.perf_counter() - t0, 2)  # what the report page shows
        if report:
            t4 = time.perf_counter()
            from .render.report import write_report

            number = {rid: k for k, rid in enumerate(ids)} if pair_objs else {}
            write_report(result, report, lambda a, b: _fetch_pair(store, number, a, b),
                         max_pairs=report_pairs, params=params, progress=progress,
                         details=lambda rid: store.details(number[rid]))
            stats["seconds_report"] = round(time.perf_counter() - t4, 2)
            log.info("wrote the report %s in %.1f s", report, stats["seconds_report"])
        stats["seconds_total"] = round(time.perf_counter() - t0, 2)
        return result
    finally:
        if own_engine:
            engine.close()
        try:
            store.close()
        except NameError:
            pass
        shutil.rmtree(tmp, ignore_errors=True)


def _check_tmp_dir(path: str) -> None:
    """Refuse a ``tmp_dir`` that is missing, not a directory or not writable, in one line."""
    if not os.path.exists(path):
        raise InputError(f"{path}: no such directory (for the temporary text store, tmp_dir)")
    if not os.path.isdir(path):
        raise InputError(f"{path}: not a directory (for the temporary text store, tmp_dir)")
    if not os.access(path, os.W_OK | os.X_OK):
        raise InputError(f"{path}: cannot write there (for the temporary text store, tmp_dir)")


def _learned_boilerplate(sent_parts: list[np.ndarray], size_parts: list[np.ndarray], srcs: np.ndarray,
                         source_names: list[str]) -> dict[int, frozenset]:
    """Per-source sentence counts over the whole corpus, and for every article the fingerprints of
    its sentences they make boilerplate (:mod:`dedup.boilerplate`; articles without any are left
    out). Vectorised: the same rule as :meth:`dedup.boilerplate.BoilerplateModel.lines`."""
    if not sent_parts:
        return {}
    fps = np.concatenate(sent_parts)
    sizes = np.concatenate(size_parts)
    if fps.size == 0:
        return {}
    owner = np.repeat(np.arange(sizes.size), sizes)
    # the source hash of each article (code -1: no source, hashed like "")
    names = [None] + list(source_names)
    keys = np.empty(fps.size, dtype=np.int64)
    src_of = srcs[owner]
    for code in np.unique(src_of).tolist():
        at = src_of == code
        keys[at] = BP.source_keys(fps[at], names[code + 1])
    uniq, counts = np.unique(keys, return_counts=True)
    per = counts[np.searchsorted(uniq, keys)]
    marked = BP.is_boilerplate_many(per, sizes)
    at = np.flatnonzero(marked)  # in article order (owner is sorted)
    if at.size == 0:
        return {}
    cuts = np.flatnonzero(np.diff(owner[at])) + 1
    return {
        int(owner[g[0]]): frozenset(fps[g].tolist())
        for g in np.split(at, cuts)
    }


#: A body longer than this always has a content word; shorter ones are checked.
_EMPTY_BODY_CHARS = 300


def _empty_body(rec: Record) -> bool:
    """A title over a body with no content (the title alone would be read as the content)."""
    title = (rec.title or "").strip()
    if not title or not rec.text.startswith(title):
        return False
    body = rec.text[len(title):]
    return len(body) < _EMPTY_BODY_CHARS and not T.has_content(body)


def _passages_without(boilerplate: Mapping[int, frozenset], parts: list[np.ndarray], where_parts: list[np.ndarray],
                      size_parts: list[np.ndarray], sent_parts: list[np.ndarray],
                      sent_size_parts: list[np.ndarray]) -> list[np.ndarray]:
    """Each article's passage fingerprints, without those that start in a sentence of its learned
    boilerplate (``boilerplate``: article number -> fingerprints of those sentences)."""
    if not parts:
        return []
    flat = np.concatenate(parts)
    sizes = np.concatenate(size_parts)
    if boilerplate:
        where = np.concatenate(where_parts)
        sents = np.concatenate(sent_parts)
        s_sizes = np.concatenate(sent_size_parts)
        p_start = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        s_start = np.concatenate(([0], np.cumsum(s_sizes)[:-1]))
        keep = np.ones(flat.size, dtype=bool)
        for k, fps in boilerplate.items():
            lo, hi = p_start[k], p_start[k] + sizes[k]
            if hi > lo and s_sizes[k]:
                idx = np.minimum(where[lo:hi], s_sizes[k] - 1)
                starts_in = sents[s_start[k] + idx]
                keep[lo:hi] = ~np.isin(starts_in, np.fromiter(fps, dtype=np.uint64, count=len(fps)))
        owner = np.repeat(np.arange(sizes.size), sizes)
        flat, sizes = flat[keep], np.bincount(owner[keep], minlength=sizes.size)
    return np.split(flat, np.cumsum(sizes)[:-1]) if sizes.size else []


def _iso(date, cache: dict) -> str | None:
    """The ISO string of a date, one shared string per distinct date (a corpus has few)."""
    if date is None:
        return None
    s = cache.get(date)
    if s is None:
        s = cache[date] = date.isoformat()
    return s


def _fetch_pair(store: TextStore, number: Mapping[str, int], a: str, b: str) -> tuple[str, str]:
    got = store.get([number[a], number[b]])
    return got[number[a]][1], got[number[b]][1]


def _sizes(total: int, part: int) -> Iterator[int]:
    for k in range(0, total, part):
        yield min(part, total - k)


def _filter(pairs: np.ndarray, days: np.ndarray, srcs: np.ndarray, window: float | None,
            same_source: bool, cross_source_only: bool) -> np.ndarray:
    """Drop pairs the options exclude; a pair missing a date or a source is kept."""
    if len(pairs) == 0:
        return pairs
    keep = np.ones(len(pairs), dtype=bool)
    if window is not None:
        di, dj = days[pairs[:, 0]].astype(np.int64), days[pairs[:, 1]].astype(np.int64)
        known = (di != NO_DATE) & (dj != NO_DATE)
        keep &= ~known | (np.abs(di - dj) <= window)
    if same_source or cross_source_only:
        si, sj = srcs[pairs[:, 0]], srcs[pairs[:, 1]]
        known = (si >= 0) & (sj >= 0)
        keep &= ~known | ((si == sj) if same_source else (si != sj))
    return pairs[keep]


def _iter_records(records: Any, fields: Fields, format: str | None, errors: ErrorReport) -> Iterator[Record]:
    if isinstance(records, (str, os.PathLike)):
        yield from read_records(os.fspath(records), fields=fields, format=format, errors=errors)
        return
    for k, item in enumerate(records, 1):
        if isinstance(item, Record):
            if not item.line:
                item.line = k
            if check_record(item, f"record {k}", errors):
                yield item
        elif isinstance(item, Mapping):
            rec = record_from_row(dict(item), fields, f"record {k}", errors)
            if rec is not None:
                rec.line = k
                yield rec
        else:
            errors.add(f"record {k}: expected a Record or a mapping, got {type(item).__name__}")


def _duplicates_message(dupes: list[str], store: TextStore) -> str:
    store.commit()
    unique = list(dict.fromkeys(dupes))
    shown = []
    for rid in unique[:5]:
        lines = store.lines_of(rid)
        shown.append(f"{rid!r} (lines {', '.join(map(str, lines))})")
    more = f" and {len(unique) - 5} more" if len(unique) > 5 else ""
    s = "" if len(unique) == 1 else "s"
    return f"duplicate id{s}: {'; '.join(shown)}{more}; every record needs its own id"
