"""LSH banding: choose bands and rows for a Jaccard threshold, turn signatures into band keys, and
find every pair of documents that share a band key.

Two documents with Jaccard similarity ``s`` share at least one of ``b`` bands of ``r`` rows with
probability ``1 - (1 - s**r)**b`` (the "S-curve"). Republished news sits far below the 0.8 that
web-scale dedup uses (the seed pair: word-5-gram Jaccard about 0.4-0.5, containment about 0.6),
so the defaults favour recall and leave precision to exact verification.

>>> b, r = choose_bands(DEFAULT_THRESHOLD, 128)
>>> (b, r), round(probability(0.3, b, r), 2)
((44, 2), 0.98)
>>> keys = band_keys(np.array([[1, 2, 3, 4], [1, 2, 9, 9], [7, 7, 3, 4]], np.uint64), 2, 2)
>>> candidate_pairs(keys).tolist()
[[0, 1], [0, 2]]
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .hashing import constants, fmix64
from .minhash import EMPTY_VALUE

__all__ = [
    "DEFAULT_THRESHOLD",
    "DEFAULT_WEIGHTS",
    "DEFAULT_MAX_BUCKET",
    "EMPTY_KEY",
    "choose_bands",
    "probability",
    "band_keys",
    "candidate_pairs",
    "bucket_pairs",
    "shared_key_pairs",
]

#: Default Jaccard threshold of the whole-document channel, and the weights given to false
#: positives and false negatives when choosing bands: at 128 permutations, 44 bands of 2 rows.
#: Chosen on CLICK-ID (benchmarks/bench_candidates.py): a pair becomes a candidate with
#: probability 0.36 at Jaccard 0.1, 0.83 at 0.2, 0.98 at 0.3; measured recall of cross-publisher
#: silver pairs 0.58 / 0.92 / 1.00 for Jaccard 0.1-0.2 / 0.2-0.3 / 0.3-0.4, against 0.13 / 0.49 /
#: 0.79 for datasketch's usual threshold 0.3 (42 bands of 3 rows), for 0.48 candidate pairs per
#: article instead of 0.16: exact verification of that many pairs is cheap.
DEFAULT_THRESHOLD = 0.2
DEFAULT_WEIGHTS = (0.3, 0.7)
#: Buckets holding more rows than this are skipped by :func:`candidate_pairs` (and counted): a key
#: that thousands of documents share is boilerplate, and its pairs would swamp verification.
DEFAULT_MAX_BUCKET = 1000
#: The key of every band of an empty signature. Real band keys never take it, and
#: :func:`candidate_pairs` ignores it, so empty documents match nothing.
EMPTY_KEY = 0
#: :func:`shared_key_pairs` sorts at most about this many keys at once: more are cut into shards
#: by key value (equal keys fall in one shard, so every bucket stays whole and the pairs are the
#: same). Sorting takes about 40 bytes of temporary arrays a key, and a corpus of 1,000,000 articles
#: has 42M band keys and about 57M passage fingerprints: unsharded, 2-3 GB for a moment each. 1M
#: rather than 4M: on 200,000 synthetic articles the candidates stage then peaks 0.3 GB lower and
#: takes less CPU (benchmarks/bench_score_stages.py).
SHARD_KEYS = 1_000_000

_U64 = np.uint64
_BAND_SEED = 0x6C73_685F_6261_6E64  # "lsh_band"


def probability(similarity: float, b: int, r: int) -> float:
    """Probability that two documents with this Jaccard similarity share at least one band.

    >>> round(probability(0.5, 20, 5), 3)
    0.47
    """
    return 1.0 - (1.0 - similarity**r) ** b


@lru_cache(maxsize=64)
def choose_bands(
    threshold: float = DEFAULT_THRESHOLD,
    num_perm: int = 128,
    fp_weight: float = DEFAULT_WEIGHTS[0],
    fn_weight: float = DEFAULT_WEIGHTS[1],
) -> tuple[int, int]:
    """Bands and rows ``(b, r)`` that minimise ``fp_weight * FP + fn_weight * FN`` around
    ``threshold``, exactly as :class:`datasketch.MinHashLSH` chooses them (its public constructor is
    used, so both always agree). ``b * r <= num_perm``.

    >>> choose_bands(0.5, 128, 0.5, 0.5)
    (25, 5)
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be strictly between 0 and 1, got {threshold!r}")
    if num_perm < 2:
        raise ValueError(f"num_perm must be at least 2, got {num_perm!r}")
    if fp_weight < 0 or fn_weight < 0 or abs(fp_weight + fn_weight - 1.0) > 1e-9:
        raise ValueError("fp_weight and fn_weight must be non-negative and sum to 1")
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(fp_weight, fn_weight))
    return int(lsh.b), int(lsh.r)


@lru_cache(maxsize=16)
def _band_constants(b: int, r: int) -> tuple[np.ndarray, np.ndarray]:
    ks = np.array(constants(_BAND_SEED ^ (b << 32) ^ r, b * r + b), dtype=np.uint64)
    mult = (ks[: b * r] | _U64(1)).reshape(b, r)
    salt = ks[b * r :]
    return mult, salt


def band_keys(sigs: np.ndarray, b: int, r: int) -> np.ndarray:
    """One 64-bit key per band: shape ``(n, b)``, uint64.

    Band ``j`` covers slots ``j*r .. j*r + r - 1``. Each band has its own multipliers and salt, so
    equal values in two different bands give different keys (keys of all bands can share one
    table). Rows of empty signatures get :data:`EMPTY_KEY` in every band.

    >>> k = band_keys(np.array([[5, 5, 5, 5]], np.uint64), 2, 2)
    >>> k.shape, bool(k[0, 0] != k[0, 1])
    ((1, 2), True)
    """
    sigs = np.asarray(sigs)
    if sigs.ndim == 1:
        sigs = sigs[None, :]
    if sigs.ndim != 2:
        raise ValueError(f"expected signatures of shape (n, num_perm), got {sigs.shape}")
    if b < 1 or r < 1 or b * r > sigs.shape[1]:
        raise ValueError(f"{b} bands of {r} rows need {b * r} slots, signatures have {sigs.shape[1]}")
    n = sigs.shape[0]
    mult, salt = _band_constants(b, r)
    bands = sigs[:, : b * r].astype(np.uint64, copy=False).reshape(n, b, r)
    keys = np.empty((n, b), dtype=np.uint64)
    # multiply-and-add per row position, then mix: bounded memory, no (n, b, r) temporary
    keys[:] = salt
    for c in range(r):
        keys += bands[:, :, c] * mult[:, c]
    fmix64(keys)
    keys[keys == _U64(EMPTY_KEY)] = _U64(1)
    empty = np.all(sigs == _U64(EMPTY_VALUE), axis=1)
    keys[empty] = _U64(EMPTY_KEY)
    return keys


def candidate_pairs(
    keys: np.ndarray,
    max_bucket: int = DEFAULT_MAX_BUCKET,
    return_stats: bool = False,
):
    """Every pair of rows ``(i, j)``, ``i < j``, that share at least one band key: an ``(m, 2)``
    int64 array sorted by ``i`` then ``j``, each pair once.

    Sort-based and vectorised. A bucket (a key shared by several rows) with more than
    ``max_bucket`` rows is skipped: such keys are boilerplate. With ``return_stats=True`` the
    result is ``(pairs, stats)`` where ``stats`` counts ``skipped_buckets``, ``skipped_rows`` (rows
    in skipped buckets, counted once per bucket) and gives ``largest_bucket``.

    >>> keys = np.array([[1, 2], [1, 3], [4, 3], [5, 6]], np.uint64)
    >>> candidate_pairs(keys).tolist()
    [[0, 1], [1, 2]]
    >>> candidate_pairs(keys, max_bucket=1, return_stats=True)[1]["skipped_buckets"]
    2
    """
    keys = np.asarray(keys)
    if keys.ndim != 2:
        raise ValueError(f"expected band keys of shape (n, b), got {keys.shape}")
    n, b = keys.shape
    # the keys row after row, b to a row: each shard finds its keys' rows (no row number per key)
    code, _, stats = shared_key_pairs(keys.ravel(), None, n, max_bucket, ignore=EMPTY_KEY,
                                      row_sizes=np.full(n, b, dtype=np.int64))
    pairs = np.stack((code // max(n, 1), code % max(n, 1)), axis=1).astype(np.int64, copy=False)
    return (pairs, stats) if return_stats else pairs


def shared_key_pairs(
    keys: np.ndarray, rows: np.ndarray | None, n: int, max_bucket: int, ignore: int | None = None,
    shard_keys: int = SHARD_KEYS, row_sizes: np.ndarray | None = None, min_count: int = 1,
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """The pairs of :func:`bucket_pairs` as sorted unique codes ``i * n + j`` (``n`` rows), with
    how many keys each pair shares, and the stats. More than ``shard_keys`` keys are done a shard
    of key values at a time, with the same result in a fraction of the memory. ``rows`` holds the
    row of each key; or, with ``rows=None``, ``row_sizes`` how many keys each row has (the keys
    row after row), and the rows of a shard's keys are found when it is done (no row number per
    key is held for all of them at once). Only pairs sharing at least ``min_count`` keys are kept.

    >>> codes, shared, _ = shared_key_pairs(np.array([5, 5, 6, 6, 7], np.uint64), np.array([0, 1, 0, 1, 2]), 3, 10)
    >>> codes.tolist(), shared.tolist()
    ([1], [2])
    >>> shared_key_pairs(np.array([5, 6, 5, 6, 7], np.uint64), None, 3, 10, row_sizes=np.array([2, 2, 1]))[0].tolist()
    [1]
    """
    flat = np.asarray(keys).ravel()
    bounds = None
    if rows is None:
        bounds = np.cumsum(row_sizes)
    else:
        rows = np.asarray(rows).ravel()
    width = np.int64(max(n, 1))
    shards = max(1, -(-flat.size // shard_keys))
    which = (flat % _U64(shards)).astype(np.uint8 if shards <= 256 else np.uint16) if shards > 1 else None
    stats = {"skipped_buckets": 0, "skipped_rows": 0, "largest_bucket": 0}
    codes, counts = [], []
    for shard in range(shards):
        if which is None:
            part_keys = flat
            part_rows = rows if bounds is None else np.repeat(np.arange(len(bounds), dtype=_row_type(n)), row_sizes)
        else:
            at = np.flatnonzero(which == shard)
            part_keys = flat[at]
            part_rows = rows[at] if bounds is None else np.searchsorted(bounds, at, side="right")
            del at
        lo, hi, st = bucket_pairs(part_keys, part_rows, max_bucket, ignore=ignore)
        del part_keys, part_rows
        code, count = np.unique(lo * width + hi, return_counts=True)
        del lo, hi
        codes.append(code)
        counts.append(count.astype(np.int64, copy=False))
        stats["skipped_buckets"] += st["skipped_buckets"]
        stats["skipped_rows"] += st["skipped_rows"]
        stats["largest_bucket"] = max(stats["largest_bucket"], st["largest_bucket"])
    del which
    if shards == 1:
        code, count = codes[0], counts[0]
        if min_count > 1:
            keep = count >= min_count
            code, count = code[keep], count[keep]
        return code, count, stats
    # A pair sharing keys in several shards is in each of their lists: add them up a range of
    # codes at a time (the lists are sorted), keeping those with at least min_count.
    total = sum(c.size for c in codes)
    pieces = max(1, -(-total // shard_keys))
    edges = [int(width) * int(width) * k // pieces for k in range(pieces + 1)]
    out_code, out_count = [], []
    for lo, hi in zip(edges[:-1], edges[1:]):
        cut = [(np.searchsorted(c, lo), np.searchsorted(c, hi)) for c in codes]
        part = np.concatenate([c[a:b] for c, (a, b) in zip(codes, cut)])
        code, inverse = np.unique(part, return_inverse=True)
        del part
        weights = np.concatenate([c[a:b] for c, (a, b) in zip(counts, cut)])
        count = np.bincount(inverse, weights=weights, minlength=code.size).astype(np.int64)
        del inverse, weights
        if min_count > 1:
            keep = count >= min_count
            code, count = code[keep], count[keep]
        out_code.append(code)
        out_count.append(count)
    return np.concatenate(out_code), np.concatenate(out_count), stats


def _row_type(n: int) -> type:
    """The smallest integer type for row numbers below ``n`` (the keys' row arrays are long)."""
    return np.int32 if n < 2**31 else np.int64


def bucket_pairs(
    keys: np.ndarray, rows: np.ndarray, max_bucket: int, ignore: int | None = None
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """The building block of candidate generation: given parallel arrays of ``keys`` and the
    ``rows`` (documents) they belong to, return ``(lo, hi, stats)``, one entry for every pair of
    distinct rows in every bucket of equal keys (``lo < hi``; a pair appears once per bucket it
    shares, so counting repeats counts shared keys). Buckets with more than ``max_bucket`` rows
    are skipped and counted in ``stats``; keys equal to ``ignore`` are dropped.

    >>> lo, hi, stats = bucket_pairs(np.array([5, 5, 6, 5], np.uint64), np.array([0, 1, 1, 2]), 10)
    >>> list(zip(lo.tolist(), hi.tolist())), stats["largest_bucket"]
    ([(0, 1), (0, 2), (1, 2)], 3)
    """
    flat = np.asarray(keys).ravel()
    rows = np.asarray(rows, dtype=np.int64).ravel()
    if ignore is not None:
        live = flat != flat.dtype.type(ignore)
        flat, rows = flat[live], rows[live]
    order = np.argsort(flat, kind="stable")  # stable: rows stay in input order inside a bucket
    flat, rows = flat[order], rows[order]
    stats = {"skipped_buckets": 0, "skipped_rows": 0, "largest_bucket": 0}
    nothing = np.empty(0, dtype=np.int64)
    if flat.size < 2:
        stats["largest_bucket"] = int(flat.size)
        return nothing, nothing, stats
    boundary = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    starts = np.concatenate(([0], boundary))
    sizes = np.diff(np.concatenate((starts, [flat.size])))
    stats["largest_bucket"] = int(sizes.max())
    too_big = sizes > max_bucket
    stats["skipped_buckets"] = int(too_big.sum())
    stats["skipped_rows"] = int(sizes[too_big].sum())
    use = (sizes >= 2) & ~too_big
    starts, sizes = starts[use], sizes[use]
    if starts.size == 0:
        return nothing, nothing, stats
    # Every element pairs with each later element of its bucket: the element at rank q of a
    # bucket of size s has s-1-q partners.
    rank = _ranks(sizes)
    elem = np.repeat(starts, sizes) + rank
    partners = np.repeat(sizes, sizes) - 1 - rank
    first = np.repeat(elem, partners)
    second = first + 1 + _ranks(partners)
    i, j = rows[first], rows[second]
    keep = i != j
    i, j = i[keep], j[keep]
    return np.minimum(i, j), np.maximum(i, j), stats


def _ranks(sizes: np.ndarray) -> np.ndarray:
    """``[0..s0-1, 0..s1-1, ...]`` for group sizes ``s`` (zero sizes allowed)."""
    total = int(sizes.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.arange(total, dtype=np.int64) - offsets
