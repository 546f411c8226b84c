"""dedup.collate: the story grid, the provenance tree, the renderers and ``dedup collate``."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from dedup import compare
from dedup.collate import collate, maximum_arborescence, signatures
from dedup.errors import InputError
from dedup.render.collate import render

HEAD = "Banjir Melanda Kota Lama Setelah Hujan Deras Semalam"
S = [
    "Hujan deras yang turun sejak Senin malam membuat sungai utama kota meluap ke jalan.",
    "Warga di tiga kelurahan terpaksa mengungsi ke gedung sekolah dan masjid terdekat.",
    "Petugas pemadam kebakaran mengerahkan dua belas perahu karet untuk mengevakuasi lansia.",
    "Wali kota meminta warga tetap waspada karena hujan diperkirakan berlanjut hingga Rabu.",
    "Dinas sosial membuka dapur umum yang melayani sekitar 900 porsi makanan setiap hari.",
    "Sekolah di kawasan terdampak diliburkan sampai air benar-benar surut.",
    "Kerugian akibat banjir masih dihitung oleh pemerintah daerah bersama relawan.",
]


def story(sentences, head=HEAD):
    return head + "\n" + " ".join(sentences)


BASE = story(S)
# A: rewords sentence 3 and cuts sentence 6. B copies A, adds a sentence after sentence 2 and
# changes a number. C copies the base independently: moves the first sentence to the end.
A_S = S[:2] + ["Petugas pemadam kebakaran menurunkan dua belas perahu karet untuk mengevakuasi warga lansia."] + S[3:5] + S[6:]
A = story(A_S)
B_S = A_S[:2] + ["Sebagian warga memilih bertahan di lantai dua rumah mereka sambil menunggu bantuan."] + A_S[2:4] + [
    "Dinas sosial membuka dapur umum yang melayani sekitar 1.500 porsi makanan setiap hari."] + A_S[5:]
B = story(B_S)
C = story(S[1:] + S[:1])
# B without the changed number (a changed number alone makes compare() call a pair a template,
# which an index's story and a score cluster leave out)
B_COPY = story(B_S[:5] + A_S[4:])


def statuses(c, kind="content"):
    return [[cell.status for cell in row.cells] for row in c.rows if row.kind == kind]


def test_grid_statuses_rows_in_reading_order():
    c = collate({"base": BASE, "a": A, "b": B, "c": C}, base="base")
    assert [w.id for w in c.witnesses] == ["base", "a", "b", "c"] and c.base == 0
    rows = [r for r in c.rows if r.kind == "content"]
    # one row per base sentence, and B's added sentence right after base sentence 2
    assert [r.text for r in rows if not r.added] == S
    assert [r.added for r in rows] == [False, False, True, False, False, False, False, False]
    assert rows[2].text.startswith("Sebagian warga")
    got = statuses(c)
    assert got[0] == ["equal", "equal", "equal", "moved"]
    assert got[2] == ["absent", "absent", "added", "absent"]
    assert got[3] == ["equal", "modified", "modified", "equal"]
    assert got[5] == ["equal", "equal", "modified", "equal"]
    assert got[6] == ["equal", "absent", "absent", "equal"]
    # the word edits and the changed fact are carried into the cell
    cell = rows[5].cells[2]
    assert [(f.type, f.a, f.b) for f in cell.facts] == [("number", "900", "1.500")]
    assert c.counts()[1] == {"equal": 5, "modified": 1, "absent": 1}
    head = next(r for r in c.rows if r.kind == "headline")
    assert [cell.status for cell in head.cells] == ["equal"] * 4


def test_added_sentence_shared_by_two_witnesses_is_one_row():
    d = story(B_S[:2] + ["Sebagian warga memilih bertahan di lantai dua rumah sambil menunggu bantuan datang."] + B_S[3:])
    c = collate([BASE, B, d], ids=["base", "b", "d"], base=0)
    added = [r for r in c.rows if r.added and r.kind == "content"]
    assert len(added) == 1
    assert [cell.status for cell in added[0].cells] == ["absent", "added", "added"]
    assert added[0].cells[2].edits  # d's wording differs from b's: its edits are shown


def test_provenance_chain_and_star():
    c = collate({"base": BASE, "a": A, "b": B, "c": C}, base="base")
    assert {p.witness: p.parent for p in c.provenance} == {"a": "base", "b": "a", "c": "base"}
    pb = next(p for p in c.provenance if p.witness == "b")
    assert pb.shared_count >= 2 and pb.cuts == 1 and pb.missing == 0 and pb.confidence > 0.5
    assert any(s.startswith("cut: Sekolah") for s in pb.shared)
    assert c.children("a") == ["b"] and c.parent_of("base") is None


def test_provenance_respects_publication_times():
    # B would be A's child, but published before A: A cannot be B's parent.
    c = collate({"base": BASE, "a": A, "b": B}, base="base",
                published=["2024-05-01", "2024-05-03", "2024-05-02"])
    assert c.parent_of("b") == "base"
    assert c.parent_of("a") in ("base", "b")
    p = next(p for p in c.provenance if p.witness == "a")
    if p.parent == "b":
        assert p.parent_published == "2024-05-02" and p.published == "2024-05-03"


def test_identical_copies_are_ambiguous_not_confident():
    c = collate([BASE, BASE, BASE], ids=["x", "y", "z"], base=0)
    assert [p.parent for p in c.provenance] == ["x", "x"]
    assert all(p.confidence == 0 for p in c.provenance)


def test_default_base_is_the_original_by_the_score_rule():
    short = story(S[:4])  # contained in the base: the base is the one the others are contained in
    c = collate({"a-short": short, "z-full": BASE})
    assert c.witnesses[c.base].id == "z-full"
    # the earliest date comes first, whatever the containment
    c = collate({"a-short": short, "z-full": BASE}, published=["2024-01-01", "2024-01-02"])
    assert c.witnesses[c.base].id == "a-short"


def test_seed_pair_collates_to_the_statuses_of_dedup_diff():
    root = os.path.join(os.path.dirname(__file__), "..", "examples")
    a = open(os.path.join(root, "tribunpalu.txt"), encoding="utf-8").read()
    b = open(os.path.join(root, "tribunnews.txt"), encoding="utf-8").read()
    c = collate([a, b], base=0)
    diff = compare(a, b)
    want = {"equal": "equal", "modified": "modified", "split": "modified", "merged": "modified",
            "moved": "moved", "removed": "absent", "added": "added"}
    expected = sorted((op.kind, want[op.op], op.b or op.a) for op in diff.ops)
    got = []
    for row in c.rows:
        cell = row.cells[1]
        if cell.continued or (row.added and cell.status == "absent"):
            continue
        got.append((row.kind, cell.status, cell.text if cell.text is not None else row.text))
    assert sorted(got) == expected


def test_signatures_count_inserted_words_cuts_and_headlines():
    sig = signatures(compare(story(S[:4]), story([S[0], S[1].replace("tiga", "empat"), S[3]], head="Judul Baru Sama Sekali")))
    assert sorted(k[0] for k in sig) == ["+", "cut", "headline"]
    # the story's tail cut is one change, wherever each copy cut it
    sig = signatures(compare(BASE, story(S[:3])))
    assert list(sig) == [("truncated", 4)] and list(sig.values()) == ["cut the last 4 sentences"]


def test_maximum_arborescence_is_the_best_tree():
    """Against every parent assignment that is a tree (brute force), on random weights."""
    import itertools
    import random

    def is_tree(parent):
        for v in range(1, len(parent)):
            seen, x = set(), v
            while x != 0:
                if x in seen:
                    return False
                seen.add(x)
                x = parent[x]
        return True

    rng = random.Random(7)
    for _ in range(60):
        n = rng.randint(2, 5)
        w = {(p, c): rng.randint(-5, 9) for p in range(n) for c in range(1, n) if p != c and rng.random() < 0.8}
        for c in range(1, n):
            w[(0, c)] = 0
        total = lambda parent: sum(w[(parent[c], c)] for c in range(1, n))
        trees = [(-1, *t) for t in itertools.product(range(n), repeat=n - 1)
                 if all((t[c - 1], c) in w for c in range(1, n)) and is_tree((-1, *t))]
        got = maximum_arborescence(n, 0, lambda p, c: w.get((p, c)))
        assert is_tree(got) and total(got) == max(total(t) for t in trees)


def test_bad_input_is_a_clear_error():
    with pytest.raises(InputError, match="given twice"):
        collate([BASE, A], ids=["x", "x"])
    with pytest.raises(InputError, match="no document has the id"):
        collate([BASE, A], base="nope")
    with pytest.raises(InputError, match="no documents"):
        collate([])
    with pytest.raises(TypeError, match="sequence"):
        collate(BASE)
    with pytest.raises(InputError, match="published"):
        collate([BASE, A], published=["2024-01-01", "not a date"])


def test_renderers_escape_article_text():
    evil = story(S[:2] + ['<script>alert(1)</script> [x](javascript:y) \x1b[31m merah.'])
    c = collate({"<b>base</b>": BASE, "evil": evil}, base=0)
    page = render(c, "html")
    assert "<script" not in page and "&lt;script&gt;" in page and "&lt;b&gt;base&lt;/b&gt;" in page
    assert "default-src 'none'" in page and "http" not in page.replace("http-equiv", "")
    md = render(c, "markdown")
    assert "<script>" not in md and "\\[x\\]\\(javascript:y\\)" in md
    text = render(c, "text", color=False)
    assert "\x1b" not in text and "\\x1b" in text
    assert json.loads(render(c, "json")) == c.to_dict()


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "dedup", "collate", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_files_json_is_to_dict(tmp_path):
    paths = []
    for name, text in (("base.txt", BASE), ("a.txt", A), ("b.txt", B)):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    r = _cli(*paths[1:], "--base", paths[0], "--format", "json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got == collate([BASE, A, B], ids=paths, base=0).to_dict()
    assert got["base"] == paths[0] and [p["parent"] for p in got["provenance"]] == [paths[0], paths[1]]
    out = tmp_path / "story.html"
    r = _cli(*paths, "--output", str(out))
    assert r.returncode == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_corpus_ids_with_score_fields(tmp_path):
    corpus = tmp_path / "c.jsonl"
    rows = [{"key": "k1", "body": BASE, "day": "2024-03-01", "outlet": "kompas"},
            {"key": "k2", "body": A, "day": "2024-03-02", "outlet": "tribun"},
            {"key": "k3", "body": "Berita lain sama sekali tentang harga cabai di pasar induk kota."},
            {"key": "k4", "body": B, "day": "2024-03-03", "outlet": "okezone"}]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    args = ["--input", str(corpus), "--ids", "k4,k2,k1", "--id-field", "key", "--text-field", "body",
            "--date-field", "day", "--source-field", "outlet", "-f", "json"]
    r = _cli(*args)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["base"] == "k1"  # the earliest
    assert [(w["id"], w["source"], w["published"]) for w in d["witnesses"]] == [
        ("k4", "okezone", "2024-03-03"), ("k2", "tribun", "2024-03-02"), ("k1", "kompas", "2024-03-01")]
    assert {p["witness"]: p["parent"] for p in d["provenance"]} == {"k4": "k2", "k2": "k1"}
    r = _cli("--input", str(corpus), "--ids", "k1,nope", "--id-field", "key", "--text-field", "body")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "'nope'" in r.stderr
    r = _cli("--ids", "k1,k2")
    assert r.returncode == 2 and "--ids needs --input" in r.stderr


def test_index_story_collates_a_stored_article_and_its_matches(tmp_path):
    from dedup import Index

    with Index(str(tmp_path / "news.db")) as index:
        index.add("kompas-1", BASE, {"source": "kompas", "date": "2024-03-01"})
        index.add("tribun-2", A, {"source": "tribun", "date": "2024-03-02"})
        index.add("okezone-3", B_COPY, {"source": "okezone", "date": "2024-03-03"})
        index.add("other", "Harga cabai rawit di pasar induk naik dua kali lipat menjelang akhir pekan ini.")
        c = index.story("tribun-2")
        with pytest.raises(InputError, match="no stored article"):
            index.story("nope")
    assert sorted(w.id for w in c.witnesses) == ["kompas-1", "okezone-3", "tribun-2"]
    assert c.witnesses[c.base].id == "kompas-1"  # the earliest
    assert {p.witness: p.parent for p in c.provenance} == {"tribun-2": "kompas-1", "okezone-3": "tribun-2"}
    assert {w.id: (w.source, w.published) for w in c.witnesses}["okezone-3"] == ("okezone", "2024-03-03")


def test_score_report_links_each_cluster_to_its_collation(tmp_path):
    import dedup

    recs = [{"id": "kompas-1", "text": BASE, "date": "2024-03-01", "source": "kompas"},
            {"id": "tribun-2", "text": A, "date": "2024-03-02", "source": "tribun"},
            {"id": "okezone-3", "text": B_COPY, "date": "2024-03-03", "source": "okezone"},
            {"id": "other", "text": "Harga cabai rawit di pasar induk naik dua kali lipat menjelang akhir pekan ini."}]
    report = tmp_path / "report.html"
    with dedup.score(recs, workers=0) as result:
        dedup.write_report(result, str(report))
    page = report.read_text(encoding="utf-8")
    assert 'href="report_diffs/story-0001.html">story</a>' in page
    story = (tmp_path / "report_diffs" / "story-0001.html").read_text(encoding="utf-8")
    assert 'href="../report.html"' in story and "Story collation" in story
    for rid in ("kompas-1", "tribun-2", "okezone-3"):
        assert f'<div class="wid">{rid}</div>' in story
    assert '<div class="wid">other</div>' not in story and "Harga cabai" not in story


def test_added_lines_join_by_exact_text_first_and_only_sentences_by_similarity():
    one = story(S[:3]) + "\nPenulis: Fajar Wanwan"
    two = story(S[:3]) + "\nPenyunting: Irfan Bawansu\nPenulis: Fajar Wanwan"
    three = story(S[:3]) + "\nPenulis: Laras Rasa"
    c = collate([story(S[:3]), one, two, three], ids=["base", "one", "two", "three"], base=0)
    bylines = {r.text: [cell.status for cell in r.cells] for r in c.rows if r.kind == "byline"}
    assert bylines == {"Penulis: Fajar Wanwan": ["absent", "added", "added", "absent"],
                       "Penyunting: Irfan Bawansu": ["absent", "absent", "added", "absent"],
                       "Penulis: Laras Rasa": ["absent", "absent", "absent", "added"]}
