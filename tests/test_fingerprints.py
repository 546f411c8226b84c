"""Sentence fingerprints: the second candidate channel."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import fingerprints as F
from dedup import minhash as M
from dedup.document import Document
from dedup.text import sentence_key

DATA = Path(__file__).parent / "data"
SEED_A = (DATA / "tribunpalu.txt").read_text(encoding="utf-8")
SEED_B = (DATA / "tribunnews.txt").read_text(encoding="utf-8")

LONG_1 = "Presiden meresmikan jembatan baru di kota Palu pada Senin pagi bersama gubernur."
LONG_2 = "Pembangunan jembatan itu menelan biaya sekitar dua ratus miliar rupiah dari anggaran negara."
LONG_3 = "Warga setempat menyambut gembira karena perjalanan ke pasar kini jauh lebih singkat."


def test_seed_pair_shares_sentences():
    fa, fb = F.sentence_fingerprints(SEED_A), F.sentence_fingerprints(SEED_B)
    assert fa.dtype == np.uint64 and np.all(np.diff(fa.astype(float)) > 0)
    shared = np.intersect1d(fa, fb).size
    assert shared >= 5
    # "Tetapi China telah membantah hal ini." has 6 words: too short to be fingerprinted
    assert F.fingerprint(sentence_key("Tetapi China telah membantah hal ini.")) not in set(fa.tolist())


def test_short_and_boilerplate_sentences_are_skipped():
    text = "\n".join([
        "Judul Berita Tentang Jembatan Baru Di Kota Palu Yang Panjang Sekali",
        "PALU, KOMPAS.com - " + LONG_1 + " Ia diam saja.",
        "Baca juga: Presiden meresmikan bendungan baru di kota Poso pada Selasa pagi bersama menteri",
        LONG_2,
        "Editor: Muhammad Zulfikar Rahman Hakim Nugroho Saputra Wibowo",
    ])
    fps = F.sentence_fingerprints(text)
    expected = sorted(F.fingerprint(sentence_key(s)) for s in (LONG_1, LONG_2))
    assert fps.tolist() == expected
    assert F.sentence_fingerprints(text, min_words=20).size == 0
    assert F.sentence_fingerprints(text, min_words=3).size == 3  # "Ia diam saja." joins in
    assert F.sentence_fingerprints("").size == 0


def test_normalisation_case_quotes_and_punctuation_do_not_matter():
    a = "Judul\n" + LONG_1
    b = "Judul lain\n" + LONG_1.upper().replace(" ", "  ").rstrip(".") + "!"
    assert np.array_equal(F.sentence_fingerprints(a), F.sentence_fingerprints(b))
    assert F.sentence_fingerprints(a).size == 1


def test_accepts_a_parsed_document_and_bulk_matches_single():
    doc = Document(SEED_A)
    assert np.array_equal(F.sentence_fingerprints(doc), F.sentence_fingerprints(SEED_A))
    many = F.sentence_fingerprints_many([SEED_A, "", SEED_B])
    assert [m.tolist() for m in many] == [F.sentence_fingerprints(t).tolist() for t in (SEED_A, "", SEED_B)]


def test_fingerprints_stable_across_processes():
    code = ("import sys; from dedup import fingerprints as F\n"
            "sys.stdout.write(F.sentence_fingerprints(open(sys.argv[1], encoding='utf-8').read()).tobytes().hex())")
    env = dict(os.environ, PYTHONHASHSEED="987")
    out = subprocess.run([sys.executable, "-c", code, str(DATA / "tribunpalu.txt")], capture_output=True,
                         text=True, check=True, env=env).stdout
    assert out == F.sentence_fingerprints(SEED_A).tobytes().hex()


def test_abridged_copy_found_by_fingerprints_but_not_by_jaccard():
    """The case this channel exists for: a copy that keeps a few sentences of a long story."""
    rng = np.random.default_rng(2)
    vocab = np.array([f"kata{i}" for i in range(4000)])
    filler = [" ".join(rng.choice(vocab, 15)).capitalize() + "." for _ in range(40)]
    original = "Judul\n" + " ".join([LONG_1, *filler[:20], LONG_2, *filler[20:], LONG_3])
    abridged = "Judul pendek\n" + " ".join([LONG_1, LONG_2, LONG_3, *filler[:2]])
    unrelated = "Judul\n" + " ".join(" ".join(rng.choice(vocab, 15)).capitalize() + "." for _ in range(30))
    sigs = M.shingles_many([original, abridged])
    assert M.jaccard(*sigs) < 0.15
    pairs = F.fingerprint_pairs(F.sentence_fingerprints_many([original, abridged, unrelated]))
    assert pairs.tolist() == [[0, 1, 5]]


def test_document_frequency_and_common_sentences_are_dropped():
    boiler = np.uint64(77)
    fps = [np.array(sorted({int(boiler), 10 + i, 1000}), np.uint64) for i in range(6)]
    values, counts = F.document_frequency(fps)
    assert dict(zip(values.tolist(), counts.tolist()))[77] == 6
    # 77 and 1000 are in every document: with max_df=5 they are boilerplate and no pair remains
    out, stats = F.fingerprint_pairs(fps, min_shared=1, max_df=5, return_stats=True)
    assert out.shape == (0, 3) and stats["skipped_buckets"] == 2
    assert len(F.fingerprint_pairs(fps, min_shared=2, max_df=6)) == 15


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sets(st.integers(0, 12), max_size=6), max_size=12), st.integers(1, 3), st.integers(1, 8))
def test_fingerprint_pairs_equal_brute_force(sets, min_shared, max_df):
    fps = [np.array(sorted(s), np.uint64) for s in sets]
    df: dict[int, int] = {}
    for s in sets:
        for v in s:
            df[v] = df.get(v, 0) + 1
    expected = []
    for i, j in itertools.combinations(range(len(sets)), 2):
        shared = sum(1 for v in sets[i] & sets[j] if df[v] <= max_df)
        if shared >= min_shared:
            expected.append([i, j, shared])
    assert F.fingerprint_pairs(fps, min_shared, max_df).tolist() == expected
