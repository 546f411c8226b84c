"""The work an engine runs on one partition of a corpus: pure functions, so local processes and
Dask run the same code and give identical results (:mod:`dedup.corpus.score` drives them).

- :func:`sketch_partition`: MinHash band keys and sentence and passage fingerprints of a chunk of
  texts;
- :func:`verify_partition`: exact shingle scores of candidate pairs, then
  :func:`dedup.compare.compare` for every pair that shares enough to be more than unrelated.

Both take one :class:`PartitionOptions`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from .. import boilerplate as BP
from .. import fingerprints as F
from .. import lsh
from .. import minhash as M
from ..compare import compare
from ..document import Document, pack_units, parse_many, unpack_units
from ..original import NO_DATE
from .textstore import TextStore

__all__ = ["PartitionOptions", "sketch_partition", "verify_partition", "DEFAULT_THRESHOLD"]

#: Jaccard the LSH bands are tuned for in batch scoring (42 bands of 3 rows at 128 permutations),
#: higher than the index's :data:`dedup.lsh.DEFAULT_THRESHOLD` (0.2, 44 bands of 2 rows). Two-row
#: bands make a pair of unrelated articles at Jaccard 0.05 a candidate with probability 0.10, so
#: the chance candidates of a corpus grow with the square of its size: measured at 100,000
#: synthetic articles, 0.2 gives 441,810 candidates for 47,379 true pairs, 0.3 gives 48,502. Copies
#: below 0.3 are still found when they share sentences (the fingerprint channel). On CLICK-ID,
#: 0.2 finds 464 more republication pairs (291 across publishers) than 0.3: pass
#: ``threshold=0.2`` for corpora of up to about 100,000 articles.
DEFAULT_THRESHOLD = 0.3


@dataclass(frozen=True)
class PartitionOptions:
    """What every partition of one run is computed with: the MinHash ``params``, the LSH
    ``bands`` and ``rows`` (chosen for ``threshold`` when not given), the least words of a
    fingerprinted sentence, the least Jaccard or containment for a pair to be compared
    (``threshold``), whether to keep each pair's sentence ops (``diffs``) and the pairs judged
    unrelated (``all_pairs``).

    >>> o = PartitionOptions(); (o.bands, o.rows, o.threshold)
    (42, 3, 0.3)
    """

    params: M.MinHashParams = M.DEFAULT
    threshold: float = DEFAULT_THRESHOLD
    bands: int = field(default=0)
    rows: int = field(default=0)
    min_words: int = F.DEFAULT_MIN_WORDS
    diffs: bool = False
    all_pairs: bool = False

    def __post_init__(self) -> None:
        if not self.bands or not self.rows:
            b, r = lsh.choose_bands(self.threshold, self.params.num_perm)
            object.__setattr__(self, "bands", self.bands or b)
            object.__setattr__(self, "rows", self.rows or r)


def sketch_partition(texts: list[str], options: PartitionOptions) -> tuple[np.ndarray, ...]:
    """Band keys and sentence fingerprints of one chunk of texts.

    Returns ``(keys, fps, sizes, sentences, sentence_sizes, passages, passage_sentence,
    passage_sizes, units)``: ``keys`` of shape ``(n, bands)``, the fingerprints of all texts one after the
    other and how many each text has, the same for every distinct content sentence (sorted per
    text; any length: the counts behind learned boilerplate), and the same for the passage
    fingerprints (:func:`dedup.fingerprints.passage_fingerprints_many`) with, for each, the position
    in its text's sentence list of the sentence it starts in (so the driver can drop the passages
    of sentences it finds to be boilerplate); ``units`` is each text's parse
    (:func:`dedup.document.pack_units`), kept so that verification need not parse it again.

    >>> opts = PartitionOptions(bands=4, rows=2, min_words=8)
    >>> out = sketch_partition(["Satu dua tiga empat lima enam tujuh delapan sembilan. Ia diam."], opts)
    >>> out[0].shape, out[1].size, out[2].tolist(), out[4].tolist(), out[7].tolist()
    ((1, 4), 1, [1], [2], [2])
    """
    docs, contents = parse_many(texts)
    keys = lsh.band_keys(M.content_signatures(contents, options.params), options.bands, options.rows)
    del contents
    fps = F.sentence_fingerprints_many(docs, options.min_words)
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
    units = [pack_units(d) for d in docs]
    return keys, flat.astype(np.uint64, copy=False), sizes, sent_flat, sent_sizes, p_flat, p_where, p_sizes, units


def verify_partition(pairs: np.ndarray, days: np.ndarray, docs: Mapping[int, tuple],
                     options: PartitionOptions, boilerplate: Mapping[int, frozenset] | None = None,
                     sources: Mapping[int, str] | None = None,
                     times: Mapping[int, int] | None = None) -> list[tuple]:
    """Verify candidate pairs: exact shingle scores, then ``compare`` for those that share enough.

    ``pairs`` is an ``(m, 3)`` array: two document numbers and how many uncommon sentences they
    share (the fingerprint channel; 0 when only LSH found the pair). ``days`` holds the ``(m, 2)``
    day numbers of their dates (:data:`NO_DATE` when unknown); ``docs`` maps document numbers to
    ``(id, text)`` or ``(id, text, packed units)`` (the parse sketching made,
    :func:`dedup.document.pack_units`: the text is not parsed again). A pair is compared when its Jaccard or either containment reaches
    ``options.threshold``, or when it shares sentences or passages and verifiably shares text
    (:func:`dedup.fingerprints.shares_passage`; ``compare`` decides whether it is ``partial``); the rest are ``unrelated`` without further work. ``boilerplate`` maps a
    document number to the fingerprints of its sentences that are learned boilerplate of its
    source (:mod:`dedup.boilerplate`; computed by the driver over the whole corpus), which
    ``compare`` leaves out of the verdict and the similarity. ``sources`` maps a document number
    to its source; with the dates, ``compare`` reads them for the verdict (another outlet, a
    later version of the same outlet); ``times`` maps a document number to its time of day
    (seconds since midnight), which orders two same-day articles when both have one. Returns ``(i, j, similarity, c_ij, c_ji, verdict, ops)`` per pair, oriented so that ``i`` is
    the earlier article, then the one containing more of the other, then the smaller id; pairs
    judged ``unrelated`` are left out unless ``options.all_pairs``.

    >>> docs = {0: ("x", "Satu dua tiga empat lima enam tujuh."), 1: ("y", "Satu dua tiga empat lima enam tujuh.")}
    >>> verify_partition(np.array([[0, 1, 0]]), np.array([[NO_DATE, NO_DATE]]), docs, PartitionOptions())[0][:6]
    (0, 1, 1.0, 1.0, 1.0, 'duplicate')
    """
    params, threshold = options.params, options.threshold
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 3)
    days = np.asarray(days).reshape(-1, 2)
    numbers = sorted(set(pairs[:, :2].ravel().tolist()))
    sh = dict(zip(numbers, M.shingles_many([docs[k][1] for k in numbers], params)))
    parsed: dict[int, Document] = {}
    # The same article at its time of day, made once: what compare() keeps on a Document
    # (Document.cached) then serves every pair it is in, as for the untimed one.
    at_time: dict[int, Document] = {}

    src = sources or {}
    tod = times or {}

    def doc(k: int, day: int, timed: bool) -> Document:
        """Document ``k``, published on its day and, when ``timed``, at its time of day."""
        d = parsed.get(k)
        if d is None:
            when = dt.date.fromordinal(day) if day != NO_DATE else None
            row = docs[k]
            units = unpack_units(row[1], row[2]) if len(row) > 2 and row[2] else []
            d = parsed[k] = Document(row[1], units, source=src.get(k), published=when)
        if timed and d.published is not None:  # seconds since midnight
            if k not in at_time:
                t = tod[k]
                when = d.published.replace(hour=t // 3600, minute=t // 60 % 60, second=t % 60)
                at_time[k] = dataclasses.replace(d, published=when)
            return at_time[k]
        return d

    out = []
    for (i, j, shared), (di, dj) in zip(pairs.tolist(), days.tolist()):
        si, sj = sh[i], sh[j]
        jac, cij, cji = M.overlap(si, sj)
        inter = round(cij * si.size)
        if _swap(di, dj, cij, cji, docs[i][0], docs[j][0], tod.get(i, -1), tod.get(j, -1)):
            i, j, di, dj, cij, cji = j, i, dj, di, cji, cij
        if max(jac, cij, cji) >= threshold or (shared > 0 and F.shares_passage(inter, si.size, sj.size)):
            bp = (boilerplate.get(i), boilerplate.get(j)) if boilerplate else None
            # A time of day orders two versions only when both have one (a date alone is not midnight).
            timed = i in tod and j in tod
            c = compare(doc(i, di, timed), doc(j, dj, timed), labels=(docs[i][0], docs[j][0]), params=params, shingles=(sh[i], sh[j]),
                        boilerplate=bp if bp and (bp[0] or bp[1]) else None)
            verdict = c.verdict
            ops = [op.to_dict() for op in c.ops] if options.diffs else None
            jac, cij, cji = c.similarity, c.containment_a_in_b, c.containment_b_in_a
        else:
            verdict, ops = "unrelated", None
        if verdict != "unrelated" or options.all_pairs:
            out.append((i, j, round(jac, 4), round(cij, 4), round(cji, 4), verdict, ops))
    return out


def _swap(di: int, dj: int, cij: float, cji: float, id_i: str, id_j: str, ti: int = -1, tj: int = -1) -> bool:
    """True when ``j`` should come first: it is earlier (by day, then by time of day when both
    have one); or, same time, ``i`` is contained in ``j`` more than ``j`` in ``i``; or, all else
    equal, ``j`` has the smaller id."""
    if di != NO_DATE and dj != NO_DATE and di != dj:
        return dj < di
    if di != NO_DATE and di == dj and ti >= 0 and tj >= 0 and ti != tj:
        return tj < ti
    if abs(cij - cji) > 1e-9:
        return cij > cji
    return id_j < id_i


def sketch_task(source: Any, options: PartitionOptions) -> tuple:
    """What an engine runs for a chunk: its texts (as shipped, or read from the store), sketched."""
    texts = source[0].texts(source[1], source[2]) if isinstance(source, tuple) else source
    return sketch_partition(texts, options)


def verify_task(pairs: np.ndarray, days: np.ndarray, source: Any, options: PartitionOptions,
                 boilerplate: Mapping[int, frozenset] | None = None,
                 sources: Mapping[int, str] | None = None, times: Mapping[int, int] | None = None) -> list[tuple]:
    """What an engine runs: the partition's texts (shipped, or fetched from the store), verified."""
    docs = source.get_parsed(np.unique(pairs[:, :2])) if isinstance(source, TextStore) else source
    return verify_partition(pairs, days, docs, options, boilerplate, sources, times)
