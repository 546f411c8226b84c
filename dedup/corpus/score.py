"""The batch-scoring driver: every near-duplicate pair of a corpus, verified and named, clusters and
originals, in four named stages.

1. **Read and sketch** (:func:`_read_and_sketch`): records in chunks (:mod:`dedup.records`); each
   text goes to a temporary SQLite file (:mod:`dedup.corpus.textstore`, so it can be fetched
   again by id later) and is then dropped from the driver's memory; each chunk is sketched by
   :func:`dedup.corpus.partition.sketch_partition` (MinHash band keys, sentence and passage
   fingerprints, and each article's parse, stored so that verification does not parse it again). Workers on this machine read the chunk's texts from the SQLite file (WAL mode:
   they read committed chunks while the driver writes the next); remote Dask workers get them
   with the task. The learned outlet boilerplate is counted over the whole corpus.
2. **Candidates** (:func:`_candidates`): documents sharing a band key, at least two uncommon
   sentences or uncommon passages (over-common buckets and fingerprints are skipped); then the
   ``window`` and source filters.
3. **Verify** (:func:`_verify`) each partition of candidate pairs with
   :func:`dedup.corpus.partition.verify_partition`: exact shingle Jaccard and containment, then
   :func:`dedup.compare.compare` for every pair that shares enough to be more than unrelated; the
   driver fetches the partition's texts and parses by number from the SQLite file and sends them
   with the task.
4. **Cluster** (:func:`_result`, :mod:`dedup.corpus.cluster`): only same-source verdicts make
   edges, guarded against chaining; the original is the earliest article, then the one the others
   are contained in.

Steps 1 and 3 run on an engine (:mod:`dedup.engines`): local processes or Dask, the same functions
either way, and the outputs are sorted, so every engine gives identical results. The result keeps
the texts for report pages until it is closed; ``dedup score --report`` writes them
(:func:`dedup.render.report.write_report`).

>>> recs = [{"id": "a", "text": "Presiden meresmikan jembatan baru di kota Palu pada Senin pagi bersama gubernur."},
...         {"id": "b", "text": "Presiden meresmikan jembatan baru di kota Palu pada Senin pagi bersama gubernur."},
...         {"id": "c", "text": "Harga cabai naik tajam di pasar tradisional menjelang akhir pekan ini."}]
>>> with score(recs, engine="local", workers=0) as result:
...     [(p.a, p.b, p.verdict) for p in result.pairs]
[('a', 'b', 'duplicate')]
>>> [(m.id, m.cluster, m.original) for m in result.clusters]
[('a', 'a', True), ('b', 'a', False)]
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping

import numpy as np

from .. import fingerprints as F
from .. import lsh
from .. import minhash as M
from .. import boilerplate as BP
from .. import text as T
from ..engines import get_engine
from ..errors import InputError
from ..filters import same_or_cross_source, within_days
from ..original import NO_DATE
from ..progress import Progress
from ..tempfiles import temporary_folder
from ..records import ErrorReport, Fields, Record, check_record, chunked, read_records, record_from_row
from ..wording import counted
from .cluster import CLUSTER_VERDICTS, cluster_pairs
from .partition import DEFAULT_THRESHOLD, PartitionOptions, sketch_task, verify_task
from .result import Member, Pair, ScoreResult, _Texts
from .textstore import TextStore

__all__ = ["score"]

log = logging.getLogger("dedup.corpus")


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
    (:mod:`dedup.engines`).

    The result keeps the scored texts in a temporary file (``tmp_dir``) for report pages
    (:func:`dedup.render.report.write_report`) until it is closed: ``with score(...) as result:``.

    Raises :class:`~dedup.errors.InputError` for an unreadable input, duplicate ids, or (with
    ``on_error="fail"``) the first malformed record.
    """
    _check_arguments(records, threshold, window, same_source, cross_source_only, tmp_dir)
    errors = ErrorReport(on_error)
    own_engine = not hasattr(engine, "map")
    if own_engine:
        engine = get_engine(engine, workers=workers, scheduler=scheduler)
    tmp = temporary_folder(tmp_dir, "dedup-score-")
    t0 = time.perf_counter()
    stats: dict[str, Any] = {"engine": getattr(engine, "name", type(engine).__name__)}
    store = None
    try:
        store = TextStore.create(os.path.join(tmp, "texts.sqlite"))
        options = PartitionOptions(params, threshold, diffs=diffs, all_pairs=all_pairs)
        stats["bands"], stats["rows"] = options.bands, options.rows
        corpus = _read_and_sketch(records, fields, format, errors, engine, store, options, chunk_size, progress)
        stats.update(records=len(corpus.ids), malformed=errors.count,
                     seconds_read_sketch=round(time.perf_counter() - t0, 2))
        log.info("read and sketched %s in %.1f s (%s skipped)", counted(len(corpus.ids), "article"),
                 stats["seconds_read_sketch"], counted(errors.count, "malformed record"))
        if corpus.dupes:
            raise InputError(_duplicates_message(corpus.dupes, store))
        if not corpus.ids and errors.count:
            raise InputError(f"no valid records; {errors.summary()}")
        corpus.learn_boilerplate(stats)
        pairs = _candidates(corpus, window, same_source, cross_source_only, max_bucket, max_df, progress, stats)
        found = _verify(pairs, corpus, store, engine, options, progress, stats)
        result = _result(found, corpus, errors, diffs, params, stats)
        stats["seconds_total"] = round(time.perf_counter() - t0, 2)
        result._texts = _Texts(store, tmp, corpus.ids)  # from here on the result owns the texts
        return result
    except BaseException:
        if store is not None:
            store.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if own_engine:
            engine.close()


def _check_arguments(records: Any, threshold: float, window: float | None, same_source: bool,
                     cross_source_only: bool, tmp_dir: str | None) -> None:
    """Refuse bad arguments in one line each, before any work."""
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
    if tmp_dir is not None:
        _check_tmp_dir(tmp_dir)


# --- stage 1: read and sketch ----------------------------------------------------------------------


@dataclass
class _Corpus:
    """What the driver keeps of every article (its text is in the store), and the sketches."""

    ids: list[str] = field(default_factory=list)
    day_list: list[int] = field(default_factory=list)
    date_strs: list[str | None] = field(default_factory=list)
    #: time of day of the dated articles that have one, seconds since midnight
    time_of: dict[int, int] = field(default_factory=dict)
    src_codes: list[int] = field(default_factory=list)
    source_names: list[str] = field(default_factory=list)
    empty_body: list[bool] = field(default_factory=list)
    dupes: list[str] = field(default_factory=list)
    #: per chunk: band keys, sentence fingerprints and their sizes, content sentences and their
    #: sizes, passages, the sentence each passage starts in, passage sizes (sketch_partition's order)
    parts: list[list[np.ndarray]] = field(default_factory=lambda: [[] for _ in range(8)])
    #: after :meth:`learn_boilerplate`: day numbers, source codes, each article's learned boilerplate
    #: sentence fingerprints, and the passage fingerprints of all articles one after the other with
    #: how many each has
    days: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    srcs: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    boilerplate: dict[int, frozenset] = field(default_factory=dict)
    passages: tuple[np.ndarray, np.ndarray] = (np.empty(0, np.uint64), np.empty(0, np.int64))
    #: after the candidates: which articles have no content (never paired)
    no_content: np.ndarray = field(default_factory=lambda: np.empty(0, bool))
    _sources: dict[str, int] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)
    _iso: dict = field(default_factory=dict)

    def add(self, rec: Record) -> tuple:
        """Number one article; its row for the text store."""
        if rec.id in self._seen:
            self.dupes.append(rec.id)
        self._seen.add(rec.id)
        n = len(self.ids)
        self.ids.append(rec.id)
        self.day_list.append(rec.date.toordinal() if rec.date else NO_DATE)
        if rec.date and rec.time is not None:
            self.time_of[n] = rec.time.hour * 3600 + rec.time.minute * 60 + rec.time.second
        self.date_strs.append(_iso(rec.date, self._iso))
        if rec.source is None:
            self.src_codes.append(-1)
        else:
            code = self._sources.get(rec.source)
            if code is None:
                code = self._sources[rec.source] = len(self.source_names)
                self.source_names.append(rec.source)
            self.src_codes.append(code)
        self.empty_body.append(_empty_body(rec))
        return (n, rec.id, rec.line, rec.text, rec.title, rec.url)

    def _joined(self, k: int, dtype: type) -> np.ndarray:
        """Part ``k`` of every chunk as one array; the chunks' arrays are let go."""
        return _join_releasing(self.parts, k, dtype)

    def source(self, k: int) -> str | None:
        return self.source_names[self.srcs[k]] if self.srcs[k] >= 0 else None

    def learn_boilerplate(self, stats: dict[str, Any]) -> None:
        """Day and source arrays; each article's learned outlet boilerplate and its passages
        without those that start in it."""
        t = time.perf_counter()
        self.days = np.array(self.day_list, dtype=np.int32)
        self.srcs = np.array(self.src_codes, dtype=np.int32)
        self.day_list, self.src_codes = [], []
        # Each part is joined once and its per-chunk arrays let go at once (at 1,000,000
        # articles the passages alone are about 400 MB: two copies at a time is what to avoid).
        sents, sent_sizes = self._joined(3, np.uint64), self._joined(4, np.int64)
        self.boilerplate = _learned_boilerplate(sents, sent_sizes, self.srcs, self.source_names)
        if not self.boilerplate:
            sents = sent_sizes = None
        pas, pas_sizes = self._joined(5, np.uint64), self._joined(7, np.int64)
        pas_where = self._joined(6, np.int32) if self.boilerplate else None
        self.parts[6] = []
        self.passages = _passages_without(self.boilerplate, pas, pas_where, pas_sizes, sents, sent_sizes)
        stats["boilerplate_articles"] = len(self.boilerplate)
        stats["boilerplate_sentences"] = sum(len(v) for v in self.boilerplate.values())
        stats["seconds_boilerplate"] = round(time.perf_counter() - t, 2)
        log.info("learned the boilerplate of %s in %.1f s", counted(len(self.boilerplate), "article"),
                 stats["seconds_boilerplate"])


def _read_and_sketch(records: Any, fields: Fields, format: str | None, errors: ErrorReport, engine: Any,
                     store: TextStore, options: PartitionOptions, chunk_size: int, progress: bool) -> _Corpus:
    """Read the records in chunks, each chunk's texts into the store, and sketch the chunks on the
    engine while the next is read."""
    corpus = _Corpus()
    # Workers that see this disk read a chunk's texts from the store while the driver, busy
    # parsing, goes on; workers that do not see it get the texts with each task.
    ship = not getattr(engine, "shares_disk", True)

    def chunks() -> Iterator[tuple]:
        for chunk in chunked(_iter_records(records, fields, format, errors), chunk_size):
            rows = [corpus.add(rec) for rec in chunk]
            store.add(rows)
            if ship:
                source: Any = [row[3] for row in rows]
            else:
                store.commit()
                source = (store, rows[0][0], rows[-1][0] + 1)
            yield (source, options)

    bar = Progress("read", unit="articles", enabled=progress)
    done = 0
    for *sketch, units in engine.map(sketch_task, chunks()):
        for part, value in zip(corpus.parts, sketch):
            part.append(value)
        store.add_units(done, units)  # each article's parse, for verification
        done += len(units)
        bar.update(len(units))
    bar.close()
    store.commit()
    return corpus


# --- stage 2: candidates ---------------------------------------------------------------------------


def _candidates(corpus: _Corpus, window: float | None, same_source: bool, cross_source_only: bool,
                max_bucket: int, max_df: int, progress: bool, stats: dict[str, Any]) -> np.ndarray:
    """Candidate pairs ``(i, j, shared)`` from the three channels (LSH buckets, shared uncommon
    sentences, shared passages), without articles that have no content and without pairs the
    options exclude. ``shared`` counts the uncommon fingerprints a pair shares: > 0 means
    "compare it whatever its Jaccard" (a shared passage is what makes a partial copy)."""
    t1 = time.perf_counter()
    n = len(corpus.ids)
    bar = Progress("candidates", total=3, unit="steps", enabled=progress, rate=False)
    bar.step("LSH buckets and shared sentences")
    # (each array is held once: at 1,000,000 articles the keys alone are 336 MB)
    keys = _join_releasing(corpus.parts, 0, np.uint64)
    if keys.size == 0:
        keys = np.empty((0, stats["bands"]), np.uint64)
    # No content (an empty signature: only a headline, boilerplate, credits, a placeholder),
    # or a title over an empty body: never a pair by their body.
    no_content = np.all(keys == lsh.EMPTY_KEY, axis=1) | np.array(corpus.empty_body, dtype=bool)
    corpus.no_content = no_content
    stats["no_content"] = int(no_content.sum())
    # The LSH channel runs in a thread beside the two fingerprint channels: the three are numpy
    # sorts and joins that release the GIL, and the engine's workers are idle in this stage.
    with ThreadPoolExecutor(1) as pool:
        lsh_job = pool.submit(lsh.candidate_pairs, keys, max_bucket=max_bucket, return_stats=True)
        del keys  # (the thread holds them until its pairs are found)
        flat, sizes = _without_boilerplate(_join_releasing(corpus.parts, 1, np.uint64),
                                           _join_releasing(corpus.parts, 2, np.int64), corpus.boilerplate)
        fp_pairs, fp_stats = F.fingerprint_pairs_flat(flat, sizes, max_df=max_df, return_stats=True)
        del flat, sizes
        bar.update()
        bar.step("shared passages")
        pass_flat, pass_sizes = corpus.passages
        corpus.passages = (np.empty(0, np.uint64), np.empty(0, np.int64))
        pass_pairs, pass_stats = F.fingerprint_pairs_flat(pass_flat, pass_sizes, min_shared=F.PASSAGE_MIN_SHARED,
                                                          max_df=F.PASSAGE_MAX_DF, return_stats=True)
        del pass_flat, pass_sizes
        lsh_pairs, lsh_stats = lsh_job.result()
    bar.update()
    bar.step("merge and filter")
    pairs = _merge_channels(n, lsh_pairs, fp_pairs, pass_pairs, stats)
    stats["lsh_skipped_buckets"] = lsh_stats["skipped_buckets"]
    stats["fingerprint_skipped"] = fp_stats["skipped_buckets"]
    stats["passage_skipped"] = pass_stats["skipped_buckets"]
    if stats["no_content"]:
        pairs = pairs[~(no_content[pairs[:, 0]] | no_content[pairs[:, 1]])]
    pairs = _filter(pairs, corpus.days, corpus.srcs, window, same_source, cross_source_only)
    stats["candidates_after_filters"] = int(len(pairs))
    bar.update()
    bar.close()
    stats["seconds_candidates"] = round(time.perf_counter() - t1, 2)
    log.info("found %s (%s after filters) in %.1f s", counted(stats["candidates"], "candidate pair"),
             f"{len(pairs):,}", stats["seconds_candidates"])
    return pairs


def _merge_channels(n: int, lsh_pairs: np.ndarray, fp_pairs: np.ndarray, pass_pairs: np.ndarray,
                    stats: dict[str, Any]) -> np.ndarray:
    """The union of the channels' pairs as ``(i, j, shared)`` rows, sorted, with their counts."""
    width = np.int64(max(n, 1))
    code_l = lsh_pairs[:, 0] * width + lsh_pairs[:, 1]
    code_f = fp_pairs[:, 0] * width + fp_pairs[:, 1]
    code_p = pass_pairs[:, 0] * width + pass_pairs[:, 1]
    both = np.intersect1d(code_l, code_f, assume_unique=True).size
    stats["candidates_lsh"], stats["candidates_fingerprints"] = int(code_l.size), int(code_f.size)
    stats["candidates_passages"] = int(code_p.size)
    stats["candidates_passages_only"] = int(np.setdiff1d(code_p, np.union1d(code_l, code_f)).size)
    codes = np.union1d(np.union1d(code_l, code_f), code_p)
    shared = np.zeros(codes.size, dtype=np.int64)
    shared[np.searchsorted(codes, code_f)] += fp_pairs[:, 2]
    shared[np.searchsorted(codes, code_p)] += pass_pairs[:, 2]
    pairs = np.stack((codes // width, codes % width, shared), axis=1)
    stats["candidates"] = int(len(pairs))
    stats["candidates_both_channels"] = int(both)
    return pairs


# --- stage 3: verify -------------------------------------------------------------------------------


def _verify(pairs: np.ndarray, corpus: _Corpus, store: TextStore, engine: Any, options: PartitionOptions,
            progress: bool, stats: dict[str, Any]) -> list[tuple]:
    """Every candidate pair verified on the engine, a partition at a time:
    :func:`~dedup.corpus.partition.verify_partition`'s rows."""
    t2 = time.perf_counter()
    workers_n = max(1, getattr(engine, "workers", 1) or 1)
    part = int(min(1000, max(20, -(-len(pairs) // (4 * workers_n))))) if len(pairs) else 1
    bar = Progress("verify", total=len(pairs), unit="pairs", enabled=progress)
    days, srcs, boilerplate, names = corpus.days, corpus.srcs, corpus.boilerplate, corpus.source_names
    time_of = corpus.time_of
    # Each partition parses its articles once for all its pairs (Document.cached): pairs of one
    # connected group go together, so an article is parsed in fewer partitions (CLICK-ID's
    # reported pairs: 9,948 -> 7,675 parses); the rows are put back in pair order below.
    pairs = pairs[_by_component(pairs, len(corpus.ids))] if len(pairs) else pairs

    def tasks() -> Iterator[tuple]:
        for k in range(0, len(pairs), part):
            p = pairs[k : k + part]
            d = days[p[:, :2]]
            # The driver is idle during verification: it fetches the texts and ships them
            # (measured a little faster than workers reading the store themselves).
            nums = np.unique(p[:, :2])
            bp = {k: boilerplate[k] for k in nums.tolist() if k in boilerplate}
            sn = {k: names[srcs[k]] for k in nums.tolist() if srcs[k] >= 0}
            tm = {k: time_of[k] for k in nums.tolist() if k in time_of}
            yield (p, d, store.get_parsed(nums), options, bp, sn, tm)

    found = []
    for rows, size in zip(engine.map(verify_task, tasks()), _sizes(len(pairs), part)):
        found.extend(rows)
        bar.update(size)
    bar.close()
    found.sort(key=lambda r: (r[0], r[1]) if r[0] < r[1] else (r[1], r[0]))  # the candidates' order
    stats["seconds_verify"] = round(time.perf_counter() - t2, 2)
    log.info("verified %s in %.1f s", counted(len(pairs), "candidate pair"), stats["seconds_verify"])
    return found


# --- stage 4: cluster ------------------------------------------------------------------------------


def _result(found: list[tuple], corpus: _Corpus, errors: ErrorReport, diffs: bool, params: M.MinHashParams,
            stats: dict[str, Any]) -> ScoreResult:
    """The pairs, sorted; the clusters of their same-source verdicts; the result."""
    ids, date_strs, src = corpus.ids, corpus.date_strs, corpus.source
    pair_objs = [
        Pair(ids[i], ids[j], sim, cij, cji, verdict, date_strs[i], date_strs[j], src(i), src(j), ops)
        for i, j, sim, cij, cji, verdict, ops in found
    ]
    pair_objs.sort(key=lambda p: (p.a, p.b))
    edges = [(i, j, sim, cij, cji) for i, j, sim, cij, cji, verdict, _ in found if verdict in CLUSTER_VERDICTS]
    del found
    t3 = time.perf_counter()
    assignment = cluster_pairs(edges, corpus.days, ids)
    members = [Member(ids[k], ids[o], is_o, date_strs[k], src(k)) for k, (o, is_o) in assignment.items()]
    members.sort(key=lambda m: (m.cluster, not m.original, m.id))
    stats["seconds_cluster"] = round(time.perf_counter() - t3, 2)
    log.info("clustered %s in %.1f s", counted(len(members), "article"), stats["seconds_cluster"])
    stats["pairs"] = len(pair_objs)
    stats["clusters"] = sum(1 for m in members if m.original)
    stats["clustered_articles"] = len(members)
    has_dates = any(d is not None for d in date_strs)
    no_content = [ids[k] for k in np.flatnonzero(corpus.no_content).tolist()]
    result = ScoreResult(pair_objs, members, stats, errors, has_dates, bool(corpus.source_names), diffs,
                         no_content, params)
    stats["verdicts"] = result.verdict_counts()
    return result


# --- helpers ---------------------------------------------------------------------------------------


def _check_tmp_dir(path: str) -> None:
    """Refuse a ``tmp_dir`` that is missing, not a directory or not writable, in one line."""
    if not os.path.exists(path):
        raise InputError(f"{path}: no such directory (for the temporary text store, tmp_dir)")
    if not os.path.isdir(path):
        raise InputError(f"{path}: not a directory (for the temporary text store, tmp_dir)")
    if not os.access(path, os.W_OK | os.X_OK):
        raise InputError(f"{path}: cannot write there (for the temporary text store, tmp_dir)")


def _learned_boilerplate(fps: np.ndarray, sizes: np.ndarray, srcs: np.ndarray,
                         source_names: list[str]) -> dict[int, frozenset]:
    """Per-source sentence counts over the whole corpus, and for every article the fingerprints of
    its sentences they make boilerplate (:mod:`dedup.boilerplate`; articles without any are left
    out). ``fps`` are every article's distinct sentence fingerprints one after the other and
    ``sizes`` how many each has. Vectorised: the same rule as
    :meth:`dedup.boilerplate.BoilerplateModel.lines`."""
    if fps.size == 0:
        return {}
    owner = np.repeat(np.arange(sizes.size, dtype=_row_type(sizes.size)), sizes)
    # the source hash of each article (code -1: no source, hashed like "")
    names = [None] + list(source_names)
    keys = np.empty(fps.size, dtype=np.int64)
    src_of = srcs[owner]
    for code in np.unique(src_of).tolist():
        at = np.flatnonzero(src_of == code)
        keys[at] = BP.source_keys(fps[at], names[code + 1])
    del src_of
    per = _value_counts(keys)
    del keys
    marked = BP.is_boilerplate_many(per, sizes)
    del per
    at = np.flatnonzero(marked)  # in article order (owner is sorted)
    if at.size == 0:
        return {}
    cuts = np.flatnonzero(np.diff(owner[at])) + 1
    return {
        int(owner[g[0]]): frozenset(fps[g].tolist())
        for g in np.split(at, cuts)
    }


#: Keys counted a shard of values at a time (a sort of every sentence key of 1,000,000 articles
#: at once needs several copies of them; the keys are hashes, so shards by value are even).
_COUNT_SHARD = 1 << 22


def _value_counts(keys: np.ndarray) -> np.ndarray:
    """For each element of ``keys`` (int64), how many elements equal it; a shard of values at a time.

    >>> _value_counts(np.array([5, 3, 5, 5, 3, 9])).tolist()
    [3, 2, 3, 3, 2, 1]
    """
    shards = max(1, -(-keys.size // _COUNT_SHARD))
    per = np.empty(keys.size, dtype=np.int64)
    if shards == 1:
        uniq, counts = np.unique(keys, return_counts=True)
        per[:] = counts[np.searchsorted(uniq, keys)]
        return per
    which = (keys.view(np.uint64) % np.uint64(shards)).astype(np.uint16)
    for shard in range(shards):
        at = np.flatnonzero(which == shard)
        part = keys[at]
        uniq, counts = np.unique(part, return_counts=True)
        per[at] = counts[np.searchsorted(uniq, part)]
    return per


def _row_type(n: int) -> type:
    """The smallest integer type for numbers below ``n``."""
    return np.int32 if n < 2**31 else np.int64


def _join_releasing(parts: list, k: int, dtype: type) -> np.ndarray:
    """``np.concatenate(parts[k])``, letting go of each chunk's array once copied (``parts[k]``
    becomes empty): the peak is the joined array and one chunk, not two copies of everything."""
    chunks, parts[k] = parts[k], []
    if not chunks:
        return np.empty(0, dtype)
    out = np.empty((sum(len(c) for c in chunks),) + chunks[0].shape[1:], dtype=np.result_type(*chunks))
    at = 0
    chunks.reverse()
    while chunks:
        c = chunks.pop()
        out[at : at + len(c)] = c
        at += len(c)
        del c
    return out


#: A body longer than this always has a content word; shorter ones are checked.
_EMPTY_BODY_CHARS = 300


def _empty_body(rec: Record) -> bool:
    """A title over a body with no content (the title alone would be read as the content)."""
    title = (rec.title or "").strip()
    if not title or not rec.text.startswith(title):
        return False
    body = rec.text[len(title):]
    return len(body) < _EMPTY_BODY_CHARS and not T.has_content(body)


def _without_boilerplate(flat: np.ndarray, sizes: np.ndarray,
                         boilerplate: Mapping[int, frozenset]) -> tuple[np.ndarray, np.ndarray]:
    """Every article's sentence fingerprints one after the other (``flat``, ``sizes`` of each)
    without those of its learned boilerplate, which makes no candidates.

    >>> f, s = _without_boilerplate(np.array([1, 2, 3, 2], np.uint64), np.array([3, 1]), {0: frozenset({2})})
    >>> f.tolist(), s.tolist()
    ([1, 3, 2], [2, 1])
    """
    if not boilerplate or flat.size == 0:
        return flat, sizes
    start = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    keep = np.ones(flat.size, dtype=bool)
    for k, bp in boilerplate.items():
        lo, hi = start[k], start[k] + sizes[k]
        if hi > lo:
            keep[lo:hi] = ~np.isin(flat[lo:hi], np.fromiter(bp, np.uint64, len(bp)))
    owner = np.repeat(np.arange(sizes.size, dtype=_row_type(sizes.size)), sizes)
    return flat[keep], np.bincount(owner[keep], minlength=sizes.size)


def _passages_without(boilerplate: Mapping[int, frozenset], flat: np.ndarray, where: np.ndarray | None,
                      sizes: np.ndarray, sents: np.ndarray | None,
                      s_sizes: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Every article's passage fingerprints one after the other (``flat``, ``sizes`` of each)
    without those that start in a sentence of its learned boilerplate (``boilerplate``: article
    number -> fingerprints of those sentences; ``where``: the position in its article's sentence
    list, ``sents`` one article after the other with ``s_sizes``, of the sentence each passage
    starts in)."""
    if not boilerplate:
        return flat, sizes
    p_start = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    s_start = np.concatenate(([0], np.cumsum(s_sizes)[:-1]))
    keep = np.ones(flat.size, dtype=bool)
    for k, fps in boilerplate.items():
        lo, hi = p_start[k], p_start[k] + sizes[k]
        if hi > lo and s_sizes[k]:
            idx = np.minimum(where[lo:hi], s_sizes[k] - 1)
            starts_in = sents[s_start[k] + idx]
            keep[lo:hi] = ~np.isin(starts_in, np.fromiter(fps, dtype=np.uint64, count=len(fps)))
    owner = np.repeat(np.arange(sizes.size, dtype=_row_type(sizes.size)), sizes)
    return flat[keep], np.bincount(owner[keep], minlength=sizes.size)


def _iso(date, cache: dict) -> str | None:
    """The ISO string of a date, one shared string per distinct date (a corpus has few)."""
    if date is None:
        return None
    s = cache.get(date)
    if s is None:
        s = cache[date] = date.isoformat()
    return s


def _by_component(pairs: np.ndarray, n: int) -> np.ndarray:
    """The order of ``pairs`` (rows ``i, j, ...`` of document numbers below ``n``) that puts the
    pairs of each connected group of documents together, each group's in their order.

    >>> _by_component(np.array([[0, 1], [2, 3], [1, 4], [3, 5]]), 6).tolist()
    [0, 2, 1, 3]
    """
    i, j = pairs[:, 0], pairs[:, 1]
    label = np.arange(n, dtype=np.int64)
    while True:  # hook each group's roots to the smallest label they meet, then jump to the roots
        low = np.minimum(label[i], label[j])
        hooked = label.copy()
        np.minimum.at(hooked, label[i], low)
        np.minimum.at(hooked, label[j], low)
        while True:
            jumped = hooked[hooked]
            if np.array_equal(jumped, hooked):
                break
            hooked = jumped
        if np.array_equal(hooked, label):
            return np.lexsort((j, i, label[i]))
        label = hooked


def _sizes(total: int, part: int) -> Iterator[int]:
    for k in range(0, total, part):
        yield min(part, total - k)


def _filter(pairs: np.ndarray, days: np.ndarray, srcs: np.ndarray, window: float | None,
            same_source: bool, cross_source_only: bool) -> np.ndarray:
    """Drop pairs the options exclude (:mod:`dedup.filters`); a pair missing a date or a source is kept."""
    if len(pairs) == 0:
        return pairs
    keep = np.ones(len(pairs), dtype=bool)
    if window is not None:
        keep &= within_days(days[pairs[:, 0]], days[pairs[:, 1]], window)
    if same_source or cross_source_only:
        keep &= same_or_cross_source(srcs[pairs[:, 0]], srcs[pairs[:, 1]], same_source)
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
