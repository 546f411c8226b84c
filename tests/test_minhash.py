"""Shingles, exact Jaccard/containment, bulk signatures and datasketch compatibility."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import minhash as M
from dedup import text as T

DATA = Path(__file__).parent / "data"
SEED_A = (DATA / "tribunpalu.txt").read_text(encoding="utf-8")
SEED_B = (DATA / "tribunnews.txt").read_text(encoding="utf-8")


def reference_grams(text: str, n: int = 5) -> set[tuple[str, ...]]:
    """The shingle set spelled out in plain Python, from the helpers in dedup.text."""
    w = T.words(T.normalize(T.content_text(text)).lower())
    if not w:
        return set()
    if len(w) < n:
        return {tuple(w)}
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def reference_jaccard(a: str, b: str, n: int = 5) -> float:
    ra, rb = reference_grams(a, n), reference_grams(b, n)
    return len(ra & rb) / len(ra | rb) if ra | rb else 0.0


# Text that exercises the tokeniser: joiners, digits, accents, non-BMP letters, case, spaces.
_ALPHABET = st.sampled_from(
    list("abcdeABCDE0123 .,:/'-_\n\t\"!?") + ["\u00e9", "\u0130", "\u00df", "\u00a0", "\u2014",
                                                 "\U0001d400", "\U0001f600", "\ufb01", "\u0663"]
)
texty = st.lists(_ALPHABET, max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(texty, min_size=1, max_size=5), st.integers(1, 6))
def test_shingles_equal_reference_word_ngrams(texts, n):
    """The vectorised tokeniser finds exactly the words of dedup.text.words, document by document:
    the number of distinct shingles equals the number of distinct reference n-grams, and equal
    n-grams across documents hash equal."""
    params = M.MinHashParams(ngram=n)
    got = M.shingles_many(texts, params)
    refs = [reference_grams(t, n) for t in texts]
    for s, r in zip(got, refs):
        assert s.size == len(r)
        assert np.all(np.diff(s.astype(np.float64)) >= 0) and np.unique(s).size == s.size
    for i in range(len(texts)):
        for j in range(len(texts)):
            inter = int(np.intersect1d(got[i], got[j]).size)
            assert inter == len(refs[i] & refs[j])


def test_shingles_single_equals_bulk():
    bulk = M.shingles_many([SEED_A, "", SEED_B])
    assert np.array_equal(bulk[0], M.shingles(SEED_A))
    assert bulk[1].size == 0
    assert np.array_equal(bulk[2], M.shingles(SEED_B))
    assert bulk[0].dtype == np.uint64


def test_seed_pair_jaccard_and_containment_match_reference():
    sa, sb = M.shingles(SEED_A), M.shingles(SEED_B)
    ra, rb = reference_grams(SEED_A), reference_grams(SEED_B)
    assert (sa.size, sb.size) == (len(ra), len(rb))
    assert M.jaccard(sa, sb) == pytest.approx(len(ra & rb) / len(ra | rb))
    assert M.containment(sa, sb) == pytest.approx(len(ra & rb) / len(ra))
    assert M.containment(sb, sa) == pytest.approx(len(ra & rb) / len(rb))
    assert 0.3 < M.jaccard(sa, sb) < 0.6


def test_shingles_are_content_only():
    body = "JAKARTA - Pemerintah mengumumkan kebijakan baru tentang harga beras hari ini di kota."
    plain = "Judul Satu\n" + body + "\nIa menambahkan bahwa stok aman sampai akhir tahun depan."
    noisy = ("Judul Yang Lain Sama Sekali\n" + body
             + "\nBaca juga: Harga Cabai Naik Tajam di Pasar Induk\n"
             + "Ia menambahkan bahwa stok aman sampai akhir tahun depan.\nEditor: Muhammad Zulfikar")
    assert np.array_equal(M.shingles(plain), M.shingles(noisy))
    assert M.shingles(plain).size > 0


def test_case_and_unicode_normalisation():
    assert np.array_equal(M.shingles("Kim Jong\u2011un TIBA di Pyongyang pagi ini"),
                          M.shingles("kim jong-un tiba di  pyongyang pagi ini"))
    assert np.array_equal(M.shingles("\ufb01le satu dua tiga empat"), M.shingles("file satu dua tiga empat"))


def test_short_texts_one_shingle_and_empty():
    assert M.shingles("dua kata").size == 1
    assert M.shingles("   \n ").size == 0
    # a short text's single shingle is not any of a longer text's n-grams
    long = M.shingles("dua kata lain lagi dan lagi")
    assert M.jaccard(M.shingles("dua kata"), long) == 0.0


def test_jaccard_containment_edge_cases():
    e = np.empty(0, np.uint64)
    a = np.array([1, 5, 9], np.uint64)
    assert M.jaccard(e, e) == 0.0 and M.containment(e, a) == 0.0 and M.containment(a, e) == 0.0
    assert M.jaccard(a, a) == 1.0 and M.containment(a, a) == 1.0
    assert M.jaccard(a, np.array([9, 10**19], np.uint64)) == pytest.approx(1 / 4)


@given(st.sets(st.integers(0, 2**64 - 1), max_size=50), st.sets(st.integers(0, 2**64 - 1), max_size=50))
def test_jaccard_containment_match_python_sets(a, b):
    sa = np.array(sorted(a), dtype=np.uint64)
    sb = np.array(sorted(b), dtype=np.uint64)
    u = a | b
    assert M.jaccard(sa, sb) == pytest.approx(len(a & b) / len(u) if u else 0.0)
    assert M.containment(sa, sb) == pytest.approx(len(a & b) / len(a) if a else 0.0)


def test_params_round_trip_and_validation():
    p = M.MinHashParams(num_perm=256, ngram=3, seed=7)
    assert M.MinHashParams.from_dict(p.to_dict()) == p
    assert p.to_dict() == {"num_perm": 256, "ngram": 3, "seed": 7, "normalization": T.NORMALIZATION_VERSION}
    with pytest.raises(ValueError):
        M.MinHashParams(num_perm=0)
    with pytest.raises(TypeError):
        M.shingles_many("not a list")
