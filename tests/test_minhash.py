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
                                                 "\U0001d400", "\U0001f600", "\ufb01", "\u0663",
                                                 "\u2019", "\u201c", "\u200b", "\u00ad", "\u2033"]
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


def test_fast_and_slow_tokeniser_paths_hash_words_alike():
    """ASCII-only texts (and texts whose only non-ASCII characters normalize() maps to ASCII) take
    the byte path; others (accents, zero-width characters) the Unicode path. A word hashes the same
    on both, whatever its length (8-byte chunks: 7, 8, 9, 16, 17 and more bytes)."""
    words = "a ab abcdefg abcdefgh abcdefghi abcdefghijklmnop abcdefghijklmnopq " \
            "www.contoh.co.id/berita/2019/10/01/panjang-sekali-judul 13.500 jong-un"
    fast = words + " \u201ckutipan\u201d"          # curly quotes only: byte path
    slow = words + " \u201ckutipan\u201d caf\u00e9"   # an accent: Unicode path
    zw = words + " \u201ckuti\u200bpan\u201d"       # a zero-width space inside a word: Unicode path
    for params in (M.MinHashParams(ngram=1), M.MinHashParams(ngram=3)):
        f, s, z = M.shingles_many([fast, slow, zw], params)
        assert np.intersect1d(f, s).size == f.size  # every shingle of the fast text is in the slow one
        assert np.array_equal(f, z)  # zero-width characters are deleted, as normalize() does
    assert M._token_hashes([slow])[1].tolist() == [len(T.words(T.normalize(slow).lower()))]
    # mixing fast and slow texts in one batch changes nothing
    batch = M.shingles_many([slow, fast, "plain ascii text here ok", slow])
    assert np.array_equal(batch[1], M.shingles(fast)) and np.array_equal(batch[0], batch[3])


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


# --- signatures -----------------------------------------------------------------------------------

def synthetic_pairs(n_pairs: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """Pairs of word sequences with Jaccard spread over 0..1, many of them short."""
    rng = np.random.default_rng(seed)
    vocab = np.array([f"w{i}" for i in range(3000)])
    a_texts, b_texts = [], []
    for _ in range(n_pairs):
        length = int(rng.choice([rng.integers(1, 12), rng.integers(12, 80), rng.integers(80, 800)]))
        a = rng.choice(vocab, size=length).tolist()
        b = list(a)
        edits = int(rng.integers(0, max(1, length // 3) + 1))
        for _ in range(edits):
            op = rng.integers(3)
            pos = int(rng.integers(0, len(b) + 1))
            if op == 0 or not b:
                b.insert(pos, str(rng.choice(vocab)))
            elif op == 1:
                del b[min(pos, len(b) - 1)]
            else:
                b[min(pos, len(b) - 1)] = str(rng.choice(vocab))
        if rng.random() < 0.2:  # an appended tail lowers the Jaccard a lot
            b += rng.choice(vocab, size=int(rng.integers(1, 2 * length + 2))).tolist()
        a_texts.append(" ".join(a))
        b_texts.append(" ".join(b) or "kosong")
    return a_texts, b_texts


def test_estimate_is_unbiased_and_accurate_on_many_pairs():
    a, b = synthetic_pairs(1500)
    sa, sb = M.signatures(a), M.signatures(b)
    est = M.estimate_jaccard(sa, sb)
    exact = np.array([M.jaccard(x, y) for x, y in zip(M.shingles_many(a), M.shingles_many(b))])
    assert exact.min() < 0.1 and exact.max() == 1.0 and 0.2 < np.median(exact) < 0.9
    err = est - exact
    assert np.abs(err).mean() <= 0.05
    assert abs(err.mean()) < 0.01  # no systematic bias
    short = np.array([len(t.split()) < 12 for t in a])
    assert short.sum() > 100
    assert np.abs(err[short]).mean() <= 0.05
    # identical sets always estimate 1.0; disjoint ones (almost) 0.0
    assert np.all(est[exact == 1.0] == 1.0)


def test_seed_pair_estimate_close_to_exact():
    sigs = M.signatures([SEED_A, SEED_B])
    exact = M.jaccard(M.shingles(SEED_A), M.shingles(SEED_B))
    assert abs(M.estimate_jaccard(sigs[0], sigs[1]) - exact) < 0.15


def test_signatures_shape_dtype_range_and_bulk_equals_single():
    texts = [SEED_A, "", "dua kata", SEED_B, "satu " * 40]
    sigs = M.signatures(texts)
    assert sigs.shape == (5, 128) and sigs.dtype == np.uint64
    assert int(sigs.max()) <= M.EMPTY_VALUE
    for t, row in zip(texts, sigs):
        assert np.array_equal(M.signature(t), row)
    assert M.is_empty(sigs).tolist() == [False, True, False, False, False]
    assert not np.any(sigs[[0, 2, 3, 4]] == M.EMPTY_VALUE)  # densified: no empty slot left
    assert M.signatures([]).shape == (0, 128)


def test_chunked_batches_give_the_same_signatures(monkeypatch):
    a, b = synthetic_pairs(60, seed=3)
    texts = a + b
    whole = M.signatures(texts)
    whole_sh = M.shingles_many(texts)
    monkeypatch.setattr(M, "_CHUNK_CHARS", 500)
    assert np.array_equal(M.signatures(texts), whole)
    assert all(np.array_equal(a, b) for a, b in zip(M.shingles_many(texts), whole_sh))
    assert len(list(M._chunks(texts))) > 5


def test_empty_signature_matches_nothing():
    e = M.signature("")
    assert M.estimate_jaccard(e, e) == 0.0
    assert M.estimate_jaccard(e, M.signature("ada isi berita")) == 0.0
    assert M.is_empty(M.signature("Baca juga: hanya boilerplate"))


def test_params_change_signatures_not_shingles():
    p1, p2 = M.MinHashParams(seed=1), M.MinHashParams(seed=2)
    assert not np.array_equal(M.signature(SEED_A, p1), M.signature(SEED_A, p2))
    assert np.array_equal(M.shingles(SEED_A, p1), M.shingles(SEED_A, p2))
    assert M.signature(SEED_A, M.MinHashParams(num_perm=64)).shape == (64,)
    assert M.shingles(SEED_A, M.MinHashParams(ngram=3)).size != M.shingles(SEED_A).size


def test_signatures_are_deterministic_across_processes():
    """Nothing depends on Python's salted hash() or on process state: a fresh interpreter with a
    different PYTHONHASHSEED computes the very same signatures and shingles."""
    import os
    import subprocess
    import sys

    code = (
        "import sys, numpy as np; from dedup import minhash as M\n"
        "texts = [open(p, encoding='utf-8').read() for p in sys.argv[1:]] + ['dua kata', '']\n"
        "sys.stdout.write(M.signatures(texts).tobytes().hex() + ' ' + M.shingles(texts[0]).tobytes().hex())\n"
    )
    paths = [str(DATA / "tribunpalu.txt"), str(DATA / "tribunnews.txt")]
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, env=env,
                         check=True).stdout
    sig_hex, sh_hex = out.split()
    texts = [SEED_A, SEED_B, "dua kata", ""]
    assert sig_hex == M.signatures(texts).tobytes().hex()
    assert sh_hex == M.shingles(SEED_A).tobytes().hex()


def test_known_values_are_stable():
    """Pinned values: a change here changes every stored shingle and signature, so it must come with
    a bump of dedup.text.NORMALIZATION_VERSION (or of the index format)."""
    assert M.shingles("satu dua tiga empat lima enam").tolist() == PINNED_SHINGLES
    assert M.signature("satu dua tiga empat lima enam")[:4].tolist() == PINNED_SIGNATURE


# --- datasketch compatibility ------------------------------------------------------------------------

def test_lean_minhash_round_trip():
    from datasketch import LeanMinHash

    sig = M.signature(SEED_A)
    lm = M.to_lean_minhash(sig)
    assert isinstance(lm, LeanMinHash) and len(lm) == 128 and lm.seed == M.DEFAULT.seed
    assert np.array_equal(M.from_lean_minhash(lm), sig)
    # datasketch's own serialisation keeps it intact
    buf = bytearray(lm.bytesize())
    lm.serialize(buf)
    assert np.array_equal(M.from_lean_minhash(LeanMinHash.deserialize(buf)), sig)
    other = M.to_lean_minhash(M.signature(SEED_B))
    assert lm.jaccard(other) == pytest.approx(M.estimate_jaccard(sig, M.signature(SEED_B)))
    with pytest.raises(ValueError):
        M.to_lean_minhash(sig[:10])


def test_datasketch_minhashlsh_finds_the_near_duplicate():
    from datasketch import MinHashLSH

    a, b = synthetic_pairs(40, seed=11)
    corpus = [t for t in a if len(t.split()) > 100][:15]
    assert len(corpus) >= 5
    sigs = M.signatures(corpus)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for i, s in enumerate(sigs):
        lsh.insert(f"doc{i}", M.to_lean_minhash(s))
    words = corpus[2].split()
    near = " ".join(words[:-5] + ["tambahan", "kata", "baru"])  # a light edit of doc2
    found = lsh.query(M.to_lean_minhash(M.signature(near)))
    assert "doc2" in found
    assert len(found) <= 2


PINNED_SHINGLES = [4467046370235315175, 13211782323383090403]
PINNED_SIGNATURE = [2531858961, 2651917451, 2531858961, 2531858961]


@settings(max_examples=200, deadline=None)
@given(texty, texty, st.integers(1, 6))
def test_word_grams_overlap_equals_shingles_overlap(a, b, n):
    """compare() scores one pair from the word n-grams themselves (word_grams): the same set
    sizes and intersection as the hashed shingles, so the same similarity and containments."""
    ga, gb = (M.word_grams(T.content_text(t), n) for t in (a, b))
    sa, sb = M.shingles_many([a, b], M.MinHashParams(ngram=n))
    assert (len(ga), len(gb)) == (sa.size, sb.size)
    assert M.overlap_counts(len(ga & gb), len(ga), len(gb)) == M.overlap(sa, sb)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Judul Berita", "JAKARTA - Isi berita hari ini.", "Baca juga: Lain",
                                 "Editor: A", "\u201cKutipan\u201d panjang.", "", "caf\u00e9 au lait"]),
                max_size=6).map("\n".join))
def test_document_content_text_is_content_text(text):
    """Document.content_text reads the parse's blocks; it is dedup.text.content_text of its text,
    and so is a Document's made from given units (no blocks kept)."""
    from dedup.document import Document

    doc = Document(text)
    assert doc.content_text == T.content_text(text)
    assert Document(text, doc.units).content_text == T.content_text(text)
