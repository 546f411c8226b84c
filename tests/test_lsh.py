"""Band choice, band keys and candidate pairs."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import lsh as L
from dedup import minhash as M


def test_choose_bands_agrees_with_datasketch_and_favours_recall():
    from datasketch import MinHashLSH

    b, r = L.choose_bands()
    ds = MinHashLSH(threshold=L.DEFAULT_THRESHOLD, num_perm=128, weights=L.DEFAULT_WEIGHTS)
    assert (b, r) == (ds.b, ds.r)
    assert b * r <= 128
    # tuned for recall: the seed pair's range (0.4-0.5) surely, Jaccard 0.3 almost surely, and
    # still rarely text that shares a phrase or two
    assert L.probability(0.45, b, r) > 0.999
    assert L.probability(0.3, b, r) > 0.95
    assert L.probability(0.2, b, r) > 0.75
    assert L.probability(0.02, b, r) < 0.02
    # a higher threshold never gives a curve that is more permissive at 0.3
    b2, r2 = L.choose_bands(0.6, 128, 0.5, 0.5)
    assert L.probability(0.3, b2, r2) < L.probability(0.3, b, r)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.5])
def test_choose_bands_rejects_bad_threshold(bad):
    with pytest.raises(ValueError):
        L.choose_bands(bad, 128)


def test_band_keys_small_known_example():
    sigs = np.array([[1, 2, 3, 4, 5, 6], [1, 2, 0, 0, 5, 6], [9, 9, 3, 4, 9, 9]], np.uint64)
    keys = L.band_keys(sigs, 3, 2)
    assert keys.shape == (3, 3) and keys.dtype == np.uint64
    assert keys[0, 0] == keys[1, 0] and keys[0, 2] == keys[1, 2] and keys[0, 1] == keys[2, 1]
    assert keys[0, 1] != keys[1, 1]
    assert L.candidate_pairs(keys).tolist() == [[0, 1], [0, 2]]


def test_band_index_is_mixed_in():
    same = np.full((1, 8), 42, np.uint64)
    keys = L.band_keys(same, 4, 2)
    assert np.unique(keys).size == 4  # identical values in different bands: different keys
    # a row whose band 0 equals another row's band 1 does not collide
    sigs = np.array([[1, 2, 3, 4], [3, 4, 7, 8]], np.uint64)
    assert L.candidate_pairs(L.band_keys(sigs, 2, 2)).shape == (0, 2)


def test_band_keys_use_only_their_slots_and_extra_slots_are_ignored():
    rng = np.random.default_rng(1)
    sigs = rng.integers(0, 2**32 - 1, size=(5, 130), dtype=np.uint64)
    changed = sigs.copy()
    changed[:, 126:] = 0  # slots beyond b*r = 126
    assert np.array_equal(L.band_keys(sigs, 42, 3), L.band_keys(changed, 42, 3))
    changed[0, 4] += 1  # slot 4 is in band 1
    diff = L.band_keys(sigs, 42, 3) != L.band_keys(changed, 42, 3)
    assert diff.sum() == 1 and diff[0, 1]
    with pytest.raises(ValueError):
        L.band_keys(sigs, 50, 3)


def test_empty_signatures_match_nothing():
    sigs = M.signatures(["", "", "satu dua tiga empat lima enam", "satu dua tiga empat lima enam"])
    keys = L.band_keys(sigs, *L.choose_bands())
    assert np.all(keys[:2] == L.EMPTY_KEY) and np.all(keys[2:] != L.EMPTY_KEY)
    assert L.candidate_pairs(keys).tolist() == [[2, 3]]


def brute_force_pairs(keys: np.ndarray, max_bucket: int) -> set[tuple[int, int]]:
    buckets: dict[int, set[int]] = {}
    for i, row in enumerate(keys):
        for k in row:
            if int(k) != L.EMPTY_KEY:
                buckets.setdefault(int(k), set()).add(i)
    out = set()
    for members in buckets.values():
        if len(members) <= max_bucket:
            out.update(itertools.combinations(sorted(members), 2))
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 6), min_size=3, max_size=3), min_size=0, max_size=25),
    st.integers(1, 30),
)
def test_candidate_pairs_equal_brute_force(rows, cap):
    keys = np.array(rows, dtype=np.uint64).reshape(len(rows), 3)
    # give each band its own key space, as band_keys does
    keys = keys + np.array([0, 100, 200], np.uint64)
    got = L.candidate_pairs(keys, max_bucket=cap)
    assert got.dtype == np.int64 and got.shape[1] == 2
    as_set = {tuple(p) for p in got.tolist()}
    assert len(as_set) == len(got)  # each pair once
    assert as_set == brute_force_pairs(keys, cap)
    assert got.tolist() == sorted(got.tolist())


def test_huge_buckets_are_skipped_and_counted():
    n = 50
    keys = np.zeros((n, 2), np.uint64)
    keys[:, 0] = 7  # one boilerplate bucket holding every row
    keys[:, 1] = np.arange(n) // 2 + 1000  # and 25 real pairs
    pairs, stats = L.candidate_pairs(keys, max_bucket=10, return_stats=True)
    assert stats == {"skipped_buckets": 1, "skipped_rows": 50, "largest_bucket": 50}
    assert pairs.tolist() == [[2 * i, 2 * i + 1] for i in range(25)]
    assert len(L.candidate_pairs(keys, max_bucket=100)) == n * (n - 1) // 2


def test_near_duplicates_become_candidates_end_to_end():
    rng = np.random.default_rng(5)
    vocab = [f"kata{i}" for i in range(5000)]
    base = [list(rng.choice(vocab, 400)) for _ in range(30)]
    edited = []
    for words in base[:10]:
        w = list(words)
        for p in rng.choice(len(w), 12, replace=False):  # ~12 substitutions: Jaccard about 0.75
            w[p] = "ganti"
        edited.append(" ".join(w))
    texts = [" ".join(w) for w in base] + edited
    keys = L.band_keys(M.signatures(texts), *L.choose_bands())
    pairs = {tuple(p) for p in L.candidate_pairs(keys).tolist()}
    assert {(i, 30 + i) for i in range(10)} <= pairs
    assert len(pairs) == 10  # unrelated random texts never collide


@pytest.mark.parametrize("shard_keys", [1, 7, 100, 10**9])
def test_shared_key_pairs_in_shards_are_the_pairs_of_one_sort(shard_keys):
    """Cut into shards by key value, the pairs, their shared-key counts and the stats are those of
    one sort over all the keys (a bucket over max_bucket skipped in either)."""
    rng = np.random.default_rng(5)
    keys = rng.integers(1, 40, size=600).astype(np.uint64)
    keys[:30] = 99  # one big bucket, skipped
    rows = np.sort(rng.integers(0, 120, size=600))
    whole = L.shared_key_pairs(keys, rows, 120, max_bucket=25, shard_keys=10**9)
    parts = L.shared_key_pairs(keys, rows, 120, max_bucket=25, shard_keys=shard_keys)
    assert whole[0].size > 100 and whole[2]["skipped_buckets"] >= 1
    assert whole[0].tolist() == parts[0].tolist() and whole[1].tolist() == parts[1].tolist()
    assert whole[2] == parts[2]
    # the keys given row after row with each row's count instead of a row per key: the same
    by_sizes = L.shared_key_pairs(keys, None, 120, max_bucket=25, shard_keys=shard_keys,
                                  row_sizes=np.bincount(rows, minlength=120))
    assert by_sizes[0].tolist() == whole[0].tolist() and by_sizes[1].tolist() == whole[1].tolist()
    assert by_sizes[2] == whole[2]
    # only the pairs sharing at least 3 keys: those of the whole list with a count of 3 or more
    some = L.shared_key_pairs(keys, rows, 120, max_bucket=25, shard_keys=shard_keys, min_count=3)
    assert 0 < some[0].size < whole[0].size
    assert some[0].tolist() == whole[0][whole[1] >= 3].tolist() and some[1].tolist() == whole[1][whole[1] >= 3].tolist()
