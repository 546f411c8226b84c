"""The small things a user notices: counts in words, exit statuses, refused names, stored dates."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

import dedup
from dedup import Index
from dedup.cli import main
from dedup.corpus import Pair, ScoreResult
from dedup.records import ErrorReport
from dedup.render import render
from dedup.render.report import render_page, select_pairs

ONE_A = "Presiden meresmikan jembatan baru di kota Palu pada Senin pagi bersama gubernur."
ONE_B = "Presiden meresmikan jembatan baru di kota Palu pada Senin pagi bersama gubernur dan wali kota."
LONG = ("Harga cabai rawit di pasar tradisional kota itu naik tajam menjelang akhir pekan ini. "
        "Pedagang mengatakan pasokan dari petani di daerah pegunungan berkurang karena hujan deras. ")


def _cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dedup", *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def test_one_of_a_kind_is_singular_in_every_renderer():
    c = dedup.compare(ONE_A, ONE_B)
    assert len(c.a.sentences) == len(c.b.sentences) == 1
    text = render(c, "text")
    assert "(1 sentence)" in text and "1 sentences" not in text
    assert "1 sentence pair aligned" in c.reasons[0]
    page = render(c, "html")
    assert "· 1 sentence<" in page and "1 sentences" not in page
    assert "1 sentences" not in render(c, "markdown")


def test_index_add_of_one_article_says_article(tmp_path):
    (tmp_path / "one.txt").write_text(ONE_A, encoding="utf-8")
    r = _cli("index", "add", str(tmp_path / "n.db"), str(tmp_path / "one.txt"), "-q")
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("added 1 article to ")


def test_index_remove_of_several_ids_exits_0_and_names_the_absent(tmp_path):
    db = str(tmp_path / "n.db")
    with Index(db) as idx:
        idx.add("a", ONE_A)
        idx.add("b", LONG)
    r = _cli("index", "remove", db, "a", "gone-1", "b", "gone-2")
    assert r.returncode == 0
    assert r.stderr == "removed 2 of 4 ids; not in the index: gone-1, gone-2\n"
    r = _cli("index", "remove", db, "gone-1")  # nothing at all to remove: exit 1
    assert r.returncode == 1 and r.stderr == "removed 0 of 1 id; not in the index: gone-1\n"


def test_failed_first_index_add_leaves_no_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "body": LONG}) + "\n", encoding="utf-8")
    db = tmp_path / "new.db"
    r = _cli("index", "add", str(db), str(bad), "-q")
    assert r.returncode == 2 and "no text in field 'text'" in r.stderr and "no index created" in r.stderr
    assert sorted(os.listdir(tmp_path)) == ["bad.jsonl"]  # no new.db, -wal or -shm
    # An index that existed before keeps what it had.
    with Index(str(db)) as idx:
        idx.add("kept", LONG)
    r = _cli("index", "add", str(db), str(bad), "-q")
    assert r.returncode == 2 and "0 articles added before it are stored" in r.stderr
    with Index(str(db)) as idx:
        assert "kept" in idx and len(idx) == 1


def test_diff_refuses_an_output_extension_it_cannot_write(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ONE_A, encoding="utf-8")
    b.write_text(ONE_B, encoding="utf-8")
    r = _cli("diff", str(a), str(b), "-o", str(tmp_path / "out.pdf"))
    assert r.returncode == 2 and "unknown extension '.pdf'" in r.stderr and "--format" in r.stderr
    assert not (tmp_path / "out.pdf").exists()
    # Named formats and plain names still work; --format overrides the name.
    for name, start in (("d.html", "<!DOCTYPE html>"), ("d.txt", "A "), ("d", "A "), ("d.pdf", "{")):
        extra = ("--format", "json") if name == "d.pdf" else ()
        r = _cli("diff", str(a), str(b), "-o", str(tmp_path / name), *extra)
        assert r.returncode == 0, r.stderr
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


def test_output_name_hint_names_the_output_option(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": LONG}) + "\n", encoding="utf-8")
    r = _cli("score", str(corpus), "--pairs", str(tmp_path / "p.xlsx"))
    assert r.returncode == 2
    assert "--pairs" in r.stderr and "p.xlsx: cannot tell the format" in r.stderr
    assert "--format" not in r.stderr  # --format is the input's format; it cannot help here
    r = _cli("score", str(tmp_path / "c.data"), "--pairs", str(tmp_path / "p.csv"))
    assert r.returncode == 2 and "--format" in r.stderr


def _result(counts: dict[str, int]) -> ScoreResult:
    pairs = []
    for verdict, n in counts.items():
        pairs += [Pair(f"{verdict}-{k:04d}", f"{verdict}-{k:04d}b", k / (n + 1), 0.5, 0.5, verdict) for k in range(n)]
    pairs.sort(key=lambda p: (p.a, p.b))
    return ScoreResult(pairs, [], {"records": 2 * len(pairs)}, ErrorReport())


@pytest.mark.parametrize("counts", [{"duplicate": 1, "republication": 400},
                                    {"duplicate": 3, "partial": 5, "republication": 200, "update": 200},
                                    {"partial": 120}])
def test_report_lists_the_documented_number_of_pairs(counts):
    result = _result(counts)
    total = sum(counts.values())
    listed = select_pairs(result, 300)
    assert len(listed) == min(300, total) == len({(p.a, p.b) for p in listed})
    assert {p.verdict for p in listed} == set(counts)  # every verdict is shown
    assert f"Pairs ({min(300, total):,} of {total:,} listed" in render_page(result, listed, {})


def test_index_dates_are_stored_in_one_form(tmp_path):
    recs = tmp_path / "r.jsonl"
    dates = {"iso": "2019-09-10", "spaced": "2019-09-10 00:00:00", "zoned": "2019-09-10T08:30:00+07:00",
             "printed": "10 September 2019", "noon": "2019-09-10T12:00:00"}
    recs.write_text("".join(json.dumps({"id": k, "text": f"{LONG} {k}", "date": v}) + "\n" for k, v in dates.items()),
                    encoding="utf-8")
    db = str(tmp_path / "n.db")
    assert main(["index", "add", db, str(recs), "-q"]) == 0
    with Index(db) as idx:
        idx.add("dt", LONG + " dt", {"date": dt.datetime(2019, 9, 10, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))})
        stored = {k: idx.get(k).meta["date"] for k in [*dates, "dt"]}
    assert stored == {"iso": "2019-09-10", "spaced": "2019-09-10", "zoned": "2019-09-10T01:30:00Z",
                      "printed": "2019-09-10", "noon": "2019-09-10T12:00:00Z", "dt": "2019-09-10T01:30:00Z"}


def test_field_hint_lists_the_text_like_fields_first(tmp_path):
    # A CLICK-ID-like record: the body sits ninth of ten fields.
    row = {"id": "k1", "title": "Banjir rendam tiga desa", "date": "2019-09-10", "url": "https://k/1",
           "category": "regional", "tags": "banjir", "author": "Budi", "editor": "Sari",
           "content": LONG, "publisher": "kompas"}
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    r = _cli("score", str(path), "--pairs", str(tmp_path / "p.csv"), "--on-error", "fail")
    assert r.returncode == 2
    assert "no text in field 'text' (the record has: content, title, " in r.stderr
    assert "and 2 more; choose the field with --text-field or Fields(text=...))" in r.stderr
    r = _cli("index", "add", str(tmp_path / "n.db"), str(path))
    assert r.returncode == 2 and "(the record has: content, title, " in r.stderr
