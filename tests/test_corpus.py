"""dedup.score and `dedup score`: pairs, clusters, originals, chaining guard, filters, bad input."""

from __future__ import annotations

import itertools
import json
import random
import re
import subprocess
import sys

import pytest

import dedup
from dedup import synth
from dedup.corpus import NO_DATE, cluster_pairs, score
from dedup.render.report import write_report
from dedup.errors import InputError
from dedup.records import read_rows


def small_corpus(n: int = 60, seed: int = 3) -> tuple[list[dict], set[tuple[str, str]]]:
    """``n`` synthetic articles, 20% of them republished in 1-3 edited copies; and the true pairs."""
    rng = random.Random(seed)
    recs, groups = [], []
    for i, text in enumerate(synth.synthetic_articles(n, seed=seed)):
        group = [f"s{i:03d}"]
        recs.append({"id": group[0], "text": text, "date": "2019-09-01", "source": f"site{i % 3}"})
        if rng.random() < 0.2:
            for c in range(rng.randint(1, 3)):
                v = synth.make_variant(text, rng.choice(["republication", "noise", "duplicate"]), rng)
                group.append(f"s{i:03d}-{c}")
                recs.append({"id": group[-1], "text": v.text, "date": f"2019-09-0{2 + c}",
                             "source": f"site{(i + c + 1) % 3}"})
        groups.append(group)
    truth = {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}
    return recs, truth


def test_score_finds_the_planted_copies_and_their_originals():
    recs, truth = small_corpus()
    result = score(recs, engine="local", workers=0)
    found = {tuple(sorted((p.a, p.b))) for p in result.pairs}
    assert len(truth) >= 10
    assert len(found & truth) >= 0.95 * len(truth)
    assert found <= truth  # unrelated synthetic articles never pair up
    assert {p.verdict for p in result.pairs} <= {"duplicate", "republication", "update", "template", "partial"}
    # a pair reads earlier -> later, and its dates/sources are attached
    for p in result.pairs:
        assert p.date_a <= p.date_b and p.source_a and p.source_b
    # every cluster's original is the undecorated source article (it is the earliest)
    originals = {m.id for m in result.clusters if m.original}
    assert originals and all("-" not in o for o in originals)
    for m in result.clusters:
        assert m.cluster == m.id.split("-")[0]
    assert result.stats["records"] == len(recs)
    assert sum(result.verdict_counts().values()) == len(result.pairs)


def test_public_api_is_lazily_exported():
    assert dedup.score is score


def test_duplicate_ids_are_an_error_naming_them(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [{"id": "a", "text": "satu"}, {"id": "b", "text": "dua"}, {"id": "a", "text": "tiga"},
            {"id": "b", "text": "empat"}, {"id": "c", "text": "lima"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(InputError, match=r"duplicate ids: 'a' \(lines 1, 3\); 'b' \(lines 2, 4\)"):
        score(str(path), workers=0)


def _story(rng: random.Random, n: int) -> str:
    return " ".join(synth.grammar.sentence(rng, "id") for _ in range(n))


def _chain_texts() -> dict[str, str]:
    """A is B's story; C shares only B's long portal paragraph (boilerplate the parser does not
    recognise); A and C share nothing."""
    rng = random.Random(5)
    story, other, portal = _story(rng, 3), _story(rng, 3), _story(rng, 8)
    return {
        "A": "Judul A\n" + story + " " + _story(rng, 1),
        "B": "Judul B\n" + story + "\n" + portal,
        "C": "Judul C\n" + other + "\n" + portal,
    }


@pytest.mark.parametrize("first", ["A", "B", "C"])
def test_chaining_guard_never_merges_a_and_c(first):
    texts = _chain_texts()
    recs = [{"id": k, "text": t, "date": "2019-09-01" if k == first else "2019-09-05"} for k, t in texts.items()]
    result = score(recs, workers=0)
    verdicts = {(p.a, p.b): p.verdict for p in result.pairs}
    linked = {frozenset(k) for k, v in verdicts.items() if v in ("duplicate", "republication", "update")}
    assert frozenset("AB") in linked and frozenset("BC") in linked  # the chain exists ...
    assert frozenset("AC") not in {frozenset(k) for k in verdicts}
    cluster = {m.id: m.cluster for m in result.clusters}
    # ... but A and C never end up in one cluster
    assert not ("A" in cluster and "C" in cluster and cluster["A"] == cluster["C"])
    assert len(result.clusters) == 2
    if first == "B":
        assert cluster["B"] == "B"


def test_cluster_guard_keeps_a_true_cluster_with_one_missing_edge():
    # original 0 with copies 1, 2, 3; copies 2-3 were never verified together
    edges = [(0, 1, .9, .9, .9), (0, 2, .8, .9, .9), (0, 3, .7, .9, .9), (1, 2, .8, .9, .9), (1, 3, .7, .9, .9)]
    days = [10, 11, 11, 12]
    got = cluster_pairs(edges, days, ["o", "c1", "c2", "c3"])
    assert got == {0: (0, True), 1: (0, False), 2: (0, False), 3: (0, False)}
    # a node linked to the original only, with two members that it does not match, stays out
    edges2 = [(0, 1, .9, .9, .9), (0, 2, .8, .9, .9), (1, 2, .8, .9, .9), (0, 3, .5, .9, .9)]
    got2 = cluster_pairs(edges2, [1, 2, 2, 2], ["o", "x", "y", "z"])
    assert got2 == {0: (0, True), 1: (0, False), 2: (0, False)}


def test_original_is_earliest_then_the_one_others_are_contained_in():
    # same day: 1 contains most of 0 and of 2 (both abridged copies of 1)
    edges = [(0, 1, .5, .95, .45), (1, 2, .5, .45, .95), (0, 2, .4, .6, .6)]
    assert cluster_pairs(edges, [NO_DATE] * 3, ["a", "b", "c"])[1] == (1, True)
    # an earlier date wins over containment
    assert cluster_pairs(edges, [5, 7, 7], ["a", "b", "c"])[0] == (0, True)


def _dup_pair_records(date_b: str | None, source_b: str | None) -> list[dict]:
    text = synth.synthetic_article(11, "id")
    b = {"id": "b", "text": text.replace("\n", "\n\n", 1)}
    if date_b:
        b["date"] = date_b
    if source_b:
        b["source"] = source_b
    return [{"id": "a", "text": text, "date": "2019-09-01", "source": "kompas"}, b]


def test_window_compares_only_articles_close_in_time():
    recs = _dup_pair_records("2019-09-11", None)
    assert len(score(recs, workers=0).pairs) == 1
    assert len(score(recs, workers=0, window=3).pairs) == 0
    assert len(score(recs, workers=0, window=10).pairs) == 1
    # a pair with an undated side is kept: the filter drops only what the dates exclude
    assert len(score(_dup_pair_records(None, None), workers=0, window=3).pairs) == 1


def test_source_filters():
    same = _dup_pair_records("2019-09-02", "kompas")
    other = _dup_pair_records("2019-09-02", "tribunnews")
    assert len(score(same, workers=0, same_source=True).pairs) == 1
    assert len(score(other, workers=0, same_source=True).pairs) == 0
    assert len(score(same, workers=0, cross_source_only=True).pairs) == 0
    p = score(other, workers=0, cross_source_only=True).pairs
    assert [(x.source_a, x.source_b) for x in p] == [("kompas", "tribunnews")]
    with pytest.raises(InputError):
        score(same, workers=0, same_source=True, cross_source_only=True)


def test_diffs_and_all_pairs():
    rng = random.Random(8)
    base = synth.synthetic_article(rng, "id")
    copy = synth.make_variant(base, "republication", rng).text
    # unrelated, but shares two long sentences with base: a candidate that is not a copy
    shared = [u.text for u in dedup.Document(base).sentences if len(u.text.split()) >= 8][:2]
    filler = synth.synthetic_article(rng, "id", n_sentences=30)
    lines = filler.split("\n")
    third = "\n".join(lines[:2] + [" ".join(shared)] + lines[2:])
    recs = [{"id": "a", "text": base}, {"id": "b", "text": copy}, {"id": "c", "text": third}]
    plain = score(recs, workers=0)
    assert all(p.ops is None for p in plain.pairs)
    with_diffs = score(recs, workers=0, diffs=True)
    ab = next(p for p in with_diffs.pairs if {p.a, p.b} == {"a", "b"})
    assert ab.ops and {op["op"] for op in ab.ops} & {"modified", "added", "removed", "equal"}
    assert ab.ops == dedup.compare(*(dict(a=base, b=copy)[k] for k in (ab.a, ab.b))).to_dict()["ops"]
    every = score(recs, workers=0, all_pairs=True)
    assert len(every.pairs) >= len(plain.pairs)
    assert {(p.a, p.b) for p in plain.pairs} <= {(p.a, p.b) for p in every.pairs}
    assert every.stats["candidates_after_filters"] == len(every.pairs)


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dedup", "score", *args], capture_output=True, text=True,
                          timeout=120)


def test_cli_writes_pairs_clusters_and_report_and_summarises_bad_lines(tmp_path):
    recs, _ = small_corpus(30, seed=4)
    recs[0]["text"] = "<script>alert('x')</script> " + recs[0]["text"]
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in recs]
    lines.insert(5, '{"id": "broken", "text": ')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _run_cli(str(path), "--pairs", str(tmp_path / "p.csv"), "--clusters", str(tmp_path / "c.parquet"),
                   "--report", str(tmp_path / "r.html"), "--workers", "0")
    assert out.returncode == 0, out.stderr
    assert "dedup score: skipped corpus.jsonl: line 6 (byte " in out.stderr
    pairs = list(read_rows(str(tmp_path / "p.csv")))
    assert f"dedup score: {len(recs):,} articles, " in out.stderr and f", {len(pairs):,} pairs written (" in out.stderr
    assert pairs and set(pairs[0]) == {"a", "b", "similarity", "containment_a_in_b", "containment_b_in_a",
                                       "verdict", "date_a", "date_b", "source_a", "source_b"}
    clusters = list(read_rows(str(tmp_path / "c.parquet")))
    assert clusters and sum(1 for c in clusters if c["original"]) == len({c["cluster"] for c in clusters})
    page = (tmp_path / "r.html").read_text()
    assert "<script>" not in page and "pairs per verdict" in page.lower()
    assert re.search(r"local engine, [0-9.]+ s\.", page)  # the run time is filled in
    diffs = sorted((tmp_path / "r_diffs").iterdir())
    assert len(diffs) >= 1 and 'href="r_diffs/0001.html"' in page
    for d in diffs:
        assert "<script>" not in d.read_text()


def test_cli_errors_are_one_line_with_exit_2(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n')
    out = _run_cli(str(path), "--pairs", str(tmp_path / "p.jsonl"), "--workers", "0")
    assert out.returncode == 2
    assert out.stderr.strip() == "dedup score: error: duplicate id: 'a' (lines 1, 2); every record needs its own id"
    path.write_text('{"id": "a", "text": "x"}\nnope\n')
    out = _run_cli(str(path), "--pairs", str(tmp_path / "p.jsonl"), "--workers", "0", "--on-error", "fail")
    assert out.returncode == 2 and "line 2 (byte 25): not valid JSON" in out.stderr
    assert "Traceback" not in out.stderr
    out = _run_cli(str(path), "--pairs", str(tmp_path / "p.xml"))
    assert out.returncode == 2 and "p.xml: cannot tell the format" in out.stderr


def test_cli_lists_every_skipped_line_and_refuses_unwritable_outputs_before_work(tmp_path):
    recs, _ = small_corpus(10, seed=6)
    lines = [json.dumps(r) for r in recs]
    for k in (2, 5, 7):  # three bad lines, not only the first must be named
        lines.insert(k, "{oops")
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stats = tmp_path / "run.json"
    out = _run_cli(str(path), "--pairs", str(tmp_path / "p.csv"), "--stats", str(stats), "--workers", "0")
    assert out.returncode == 0, out.stderr
    named = [ln for ln in out.stderr.splitlines() if ln.startswith("dedup score: skipped corpus.jsonl: line ")]
    assert [ln.split("line ")[1].split(" ")[0] for ln in named] == ["3", "6", "8"]
    assert len(json.loads(stats.read_text())["error_lines"]) == 3

    for bad in (["--clusters", str(tmp_path / "nodir" / "c.csv")], ["--report", str(tmp_path / "nodir" / "r.html")],
                ["--stats", str(tmp_path)]):
        pairs = tmp_path / "untouched.csv"
        out = _run_cli(str(path), "--pairs", str(pairs), *bad, "--workers", "0")
        assert out.returncode == 2 and "Traceback" not in out.stderr
        assert len(out.stderr.strip().splitlines()) == 1 and "cannot write" in out.stderr
        assert not pairs.exists()  # refused before any work or output


def test_report_links_survive_odd_file_names(tmp_path):
    from urllib.parse import unquote

    recs, _ = small_corpus(20, seed=8)
    report = tmp_path / "my report#1?.html"
    with score(recs, workers=0) as result:
        write_report(result, str(report))
    hrefs = re.findall(r'href="([^"]+)"', report.read_text(encoding="utf-8"))
    assert hrefs and all("#" not in h and "?" not in h and " " not in h for h in hrefs)
    assert all((tmp_path / unquote(h)).is_file() for h in hrefs)


def test_cli_summary_counts_in_singular_and_plural():
    from dedup.cli.score import _n

    assert (_n(1, "pair"), _n(0, "pair"), _n(2_000, "candidate pair")) == ("1 pair", "0 pairs", "2,000 candidate pairs")


def test_verification_reads_the_parse_sketching_stored():
    """A pair verified from its stored parse gives what parsing the texts gives, and it is that
    parse that is read: the same texts with one sentence stored as boilerplate compare otherwise."""
    import dataclasses

    import numpy as np

    from dedup.corpus import PartitionOptions, sketch_partition, verify_partition
    from dedup.document import Document, pack_units

    a = ("Presiden meresmikan jembatan baru di kota Palu pada Senin pagi bersama gubernur. "
         "Jembatan itu dibangun selama dua tahun dengan dana pemerintah pusat. "
         "Warga menyambut peresmian itu dengan gembira.")
    b = a.replace("gembira", "suka cita")
    opts = PartitionOptions()
    packed = sketch_partition([a, b], opts)[-1]
    assert packed == [pack_units(Document(a)), pack_units(Document(b))]
    pairs, days = np.array([[0, 1, 0]]), np.array([[NO_DATE, NO_DATE]])
    from_texts = verify_partition(pairs, days, {0: ("a", a), 1: ("b", b)}, opts)
    from_parse = verify_partition(pairs, days, {0: ("a", a, packed[0]), 1: ("b", b, packed[1])}, opts)
    assert from_parse == from_texts and from_texts[0][5] != "unrelated"
    doc = Document(b)
    last = doc.units[-1]
    relabelled = dataclasses.replace(doc, units=doc.units[:-1] + [dataclasses.replace(last, kind="boilerplate")])
    other = verify_partition(pairs, days, {0: ("a", a, packed[0]), 1: ("b", b, pack_units(relabelled))}, opts)
    assert other[0][:6] != from_texts[0][:6]


def test_verify_order_groups_connected_pairs_like_a_union_find():
    """score verifies the pairs of each connected group of articles together (each partition
    parses an article once): the order is by group (its smallest article), then by pair, as a
    plain union-find orders them, on random graphs with chains, stars and isolated pairs."""
    import numpy as np

    from dedup.corpus.score import _by_component

    rng = np.random.default_rng(5)
    for n, m in [(12, 8), (300, 250), (2000, 2600)]:
        for _ in range(5):
            e = np.sort(rng.integers(0, n, (m, 2)), axis=1)
            e = np.unique(e[e[:, 0] != e[:, 1]], axis=0)
            parent = list(range(n))

            def root(x):
                while parent[x] != x:
                    x = parent[x]
                return x

            for a, b in e.tolist():
                ra, rb = root(a), root(b)
                parent[max(ra, rb)] = min(ra, rb)
            want = sorted(range(len(e)), key=lambda k: (root(int(e[k, 0])), int(e[k, 0]), int(e[k, 1])))
            assert _by_component(e, n).tolist() == want
