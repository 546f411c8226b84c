"""Regression test of compare() verdicts on hand-written real-style pairs (tests/data/realstyle_pairs.jsonl).

The pairs were written for this test (no copied news text): regional republications with a new
headline, dateline and "Baca juga", abridged copies, updates with new reporting, report templates
with different figures, shared quoted paragraphs, unrelated stories on the same topic, and exact
copies with another byline, in Indonesian and English. Each carries the verdict an editor would
give it and a note saying why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup import compare
from dedup.compare import VERDICTS
from dedup.document import Document
from dedup.synth import language_of

DATA = Path(__file__).parent / "data"
PAIRS = [json.loads(line) for line in (DATA / "realstyle_pairs.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]
IDS = [f"{i + 1:02d}-{p['label']}-{p['note'][:2]}" for i, p in enumerate(PAIRS)]
# Swapping A and B does not change these verdicts (an update read backwards is not an update).
SYMMETRIC = {"duplicate", "republication", "template", "partial", "unrelated"}


def test_the_set_is_large_varied_and_bilingual():
    assert len(PAIRS) >= 20
    assert {p["label"] for p in PAIRS} == set(VERDICTS)
    langs = {language_of(p["a"]) for p in PAIRS}
    assert langs == {"id", "en"}
    for p in PAIRS:
        assert p["note"] and p["a"] != p["b"]
        assert Document(p["a"]).sentences and Document(p["b"]).sentences


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_verdict(pair):
    c = compare(pair["a"], pair["b"])
    assert c.verdict == pair["label"], f"{pair['note']}: got {c.verdict}; {c.reasons}"


@pytest.mark.parametrize("pair", [p for p in PAIRS if p["label"] in SYMMETRIC],
                         ids=[i for i, p in zip(IDS, PAIRS) if p["label"] in SYMMETRIC])
def test_verdict_swapped(pair):
    c = compare(pair["b"], pair["a"])
    assert c.verdict == pair["label"], f"{pair['note']} (B vs A): got {c.verdict}; {c.reasons}"


def test_seed_pair_is_a_republication_both_ways():
    a = (DATA / "tribunpalu.txt").read_text(encoding="utf-8")
    b = (DATA / "tribunnews.txt").read_text(encoding="utf-8")
    assert compare(a, b).verdict == "republication"
    assert compare(b, a).verdict == "republication"
