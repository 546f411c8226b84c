"""``dedup index add|query|stats|remove|expire`` end to end, in-process through the CLI entry point."""

from __future__ import annotations

import gzip
import json

import pytest

from dedup import Index
from dedup.cli import main


@pytest.fixture
def files(tmp_path, seed_pair):
    a, b = seed_pair
    (tmp_path / "tribunpalu.txt").write_text(a, encoding="utf-8")
    (tmp_path / "tribunnews.txt").write_text(b, encoding="utf-8")
    recs = [
        {"id": "k1", "content": a, "publisher": "kompas", "date": "31 Juli 2019", "url": "https://k/1"},
        {"id": 7, "content": "Isi berita lain yang cukup panjang untuk diindeks di sini sekarang.", "meta": {"tags": ["x"]}},
    ]
    with gzip.open(tmp_path / "recs.jsonl.gz", "wt", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r) + "\n")
    return tmp_path


def test_add_query_stats_remove(files, capsys):
    db = str(files / "n.db")
    assert main(["index", "add", db, str(files / "tribunpalu.txt"), str(files / "recs.jsonl.gz"),
                 "--text-field", "content", "--source-field", "publisher", "--quiet"]) == 0
    assert "added 3 articles" in capsys.readouterr().err
    with Index(db) as idx:
        assert len(idx) == 3 and "tribunpalu" in idx and "7" in idx
        assert idx.get("k1").meta == {"source": "kompas", "date": "2019-07-31", "url": "https://k/1"}
        assert idx.get("7").meta == {"tags": ["x"]}

    assert main(["index", "query", db, str(files / "tribunnews.txt"), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {m["id"] for m in out["matches"]} == {"tribunpalu", "k1"}
    assert all(m["verdict"] == "republication" and m["jaccard_kind"] == "exact" for m in out["matches"])

    assert main(["index", "query", db, str(files / "tribunnews.txt"), "--exclude-source", "kompas", "--top-k", "5"]) == 0
    text = capsys.readouterr().out
    assert "1 match in" in text and "tribunpalu  republication" in text and "k1" not in text

    assert main(["index", "stats", db, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 3

    assert main(["index", "remove", db, "k1", "nope"]) == 0  # something was removed: done
    assert capsys.readouterr().err == "removed 1 of 2 ids; not in the index: nope\n"
    assert main(["index", "expire", db, "--before", "2030-01-01"]) == 0  # removes nothing: others undated
    with Index(db) as idx:
        assert sorted(idx.storage.ids()) == ["7", "tribunpalu"]


def test_compact_then_query_answers_the_same(files, capsys):
    db = str(files / "c.db")
    assert main(["index", "add", db, str(files / "tribunpalu.txt"), str(files / "recs.jsonl.gz"),
                 "--text-field", "content", "--quiet", "--no-compact"]) == 0
    assert "compacted" not in capsys.readouterr().err
    assert main(["index", "query", db, str(files / "tribunnews.txt"), "--format", "json"]) == 0
    before = json.loads(capsys.readouterr().out)["matches"]
    assert main(["index", "compact", db]) == 0
    assert capsys.readouterr().err.startswith("compacted: bands 1 level -> 1 run")  # level 0 became a run
    assert main(["index", "compact", db]) == 0
    assert capsys.readouterr().err == "nothing to compact\n"
    assert main(["index", "query", db, str(files / "tribunnews.txt"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["matches"] == before and len(before) == 2
    assert main(["index", "compact", str(files / "missing.db")]) == 2  # nothing created
    assert "missing.db" in capsys.readouterr().err and not (files / "missing.db").exists()


def test_a_bulk_add_compacts_and_a_small_one_does_not(files, capsys):
    """``index add`` compacts when it added a quarter of the index or more (``--compact`` and
    ``--no-compact`` decide otherwise); the queries answer the same either way."""
    from dedup.cli.index import BULK_SHARE

    db = str(files / "b.db")
    assert main(["index", "add", db, str(files / "tribunpalu.txt"), str(files / "recs.jsonl.gz"),
                 "--text-field", "content", "-q"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("added 3 articles") and "compacted: bands 1 level -> 1 run" in err
    with Index(db) as idx:
        assert idx.stats()["band_rows_per_level"][0] == 0  # level 0 merged into a run
    # a few more into a bigger index: no compaction (level 0 keeps the new rows)
    more = files / "more.jsonl"
    more.write_text("".join(json.dumps({"id": f"m{i}", "text": f"Berita nomor {i} tentang pasar sayur di kota {i}."})
                            + "\n" for i in range(3 * BULK_SHARE)), encoding="utf-8")
    assert main(["index", "add", db, str(more), "-q", "--no-compact"]) == 0
    assert "compacted" not in capsys.readouterr().err
    assert main(["index", "add", db, str(files / "tribunnews.txt"), "-q"]) == 0  # 1 of 16: a small add
    assert "compacted" not in capsys.readouterr().err
    with Index(db) as idx:
        assert idx.stats()["band_rows_per_level"][0] > 0
    assert main(["index", "add", db, str(files / "tribunnews.txt"), "-q", "--compact"]) == 0  # asked for
    assert "compacted: " in capsys.readouterr().err
    assert main(["index", "query", db, str(files / "tribunnews.txt"), "--format", "json", "--exclude-id",
                 "tribunnews"]) == 0
    assert {m["id"] for m in json.loads(capsys.readouterr().out)["matches"]} == {"tribunpalu", "k1"}


def test_bad_record_one_line_exit_2_nothing_lost(files, capsys):
    db = str(files / "n.db")
    assert main(["index", "add", db, str(files / "tribunpalu.txt"), "-q"]) == 0
    bad = files / "bad.jsonl"
    bad.write_text('{"id": "ok", "text": "Isi berita yang cukup panjang di sini."}\n'
                   '{"id": "x", "text": "Isi.", "date": "kemarin sore"}\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["index", "add", db, str(bad), "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["dedup index: error: bad.jsonl: line 2: field 'date': cannot read the date 'kemarin sore' "
                   "(0 articles added before it are stored)"]
    bad.write_text('{"id": "y", "txt": "typo"}\n', encoding="utf-8")
    assert main(["index", "add", db, str(bad), "-q"]) == 2
    assert "bad.jsonl: line 1: no text in field 'text'" in capsys.readouterr().err
    bad.write_text('{"id": "z", "text": "   "}\n{not json\n', encoding="utf-8")
    assert main(["index", "add", db, str(bad), "-q"]) == 2
    assert "line 2 (byte 27): not valid JSON" in capsys.readouterr().err
    with Index(db) as idx:
        assert idx.storage.ids() == ["tribunpalu"]  # what was stored before is intact


def test_missing_index_and_not_an_index(files, capsys):
    assert main(["index", "query", str(files / "none.db"), str(files / "tribunnews.txt")]) == 2
    assert "none.db: no such index" in capsys.readouterr().err
    junk = files / "junk.db"
    junk.write_bytes(b"\x00garbage" * 200)
    assert main(["index", "stats", str(junk)]) == 2
    assert "not a dedup index" in capsys.readouterr().err
    assert main(["index", "add", str(files / "n.db"), str(files / "data.xml")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert not (files / "n.db").exists()  # refused before creating anything


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--since", "notadate"], "since: 'notadate' is not an ISO date"),
        (["--until", "2024-99-01"], "until: '2024-99-01' is not an ISO date"),
        (["--top-k", "0"], "--top-k must be at least 1, got 0"),
        (["--top-k", "-2"], "--top-k must be at least 1, got -2"),
    ],
)
def test_query_refuses_bad_arguments_even_without_candidates(files, capsys, extra, message):
    db = str(files / "n.db")
    assert main(["index", "add", db, str(files / "recs.jsonl.gz"), "--text-field", "content", "-q"]) == 0
    other = files / "other.txt"
    other.write_text("Sebuah artikel yang sama sekali berbeda tentang cuaca di Bandung hari ini.", encoding="utf-8")
    for query in (other, files / "tribunnews.txt"):  # no candidates, then candidates
        capsys.readouterr()
        assert main(["index", "query", db, str(query), *extra]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and message in err[0], err


def test_redis_read_commands_refuse_a_missing_namespace(files, capsys, redis_url):
    import redis

    url, ns = redis_url
    client = redis.Redis.from_url(url)
    for cmd in (["query", url, str(files / "tribunnews.txt")], ["stats", url], ["remove", url, "x"],
                ["expire", url, "--before", "2024-01-01"]):
        capsys.readouterr()
        assert main(["index", *cmd, "--namespace", ns]) == 2, cmd
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and f"namespace '{ns}': no such index" in err[0], err
        assert f"dedup index add {url} --namespace {ns} FILE" in err[0]
        assert client.keys(f"{ns}*") == []  # nothing written
    assert main(["index", "add", url, "--namespace", ns, str(files / "tribunpalu.txt"), "-q"]) == 0
    capsys.readouterr()
    assert main(["index", "query", url, str(files / "tribunnews.txt"), "--namespace", ns, "--format", "json"]) == 0
    assert [m["id"] for m in json.loads(capsys.readouterr().out)["matches"]] == ["tribunpalu"]


def test_read_records_go_straight_into_an_index_and_score_alike(files):
    """One record shape: what read_records reads, Index.add_many takes (metadata as the CLI stores
    it) and score scores; dedup index add stores the same."""
    import dedup

    with Index() as idx:
        added = idx.add_many(dedup.read_records(str(files / "recs.jsonl.gz"), text_field="content",
                                                source_field="publisher"))
        assert int(added) == 2 and added.skipped == []
        assert idx.get("k1").meta == {"source": "kompas", "date": "2019-07-31", "url": "https://k/1"}
        assert idx.get("7").meta == {"tags": ["x"]}
        by_cli = {k: (idx.get(k).meta, idx.get(k).text) for k in ("k1", "7")}
    db = str(files / "n.db")
    assert main(["index", "add", db, str(files / "recs.jsonl.gz"), "--text-field", "content",
                 "--source-field", "publisher", "-q"]) == 0
    with Index(db) as idx:
        assert {k: (idx.get(k).meta, idx.get(k).text) for k in ("k1", "7")} == by_cli
    result = dedup.score(list(dedup.read_records(str(files / "recs.jsonl.gz"), text_field="content")), workers=0)
    assert result.stats["records"] == 2


def test_index_add_on_error_skip_keeps_every_good_record(files, capsys):
    db = str(files / "n.db")
    bad = files / "mixed.jsonl"
    bad.write_text('{"id": "ok1", "text": "Isi berita yang cukup panjang di sini sekali."}\n'
                   '{"id": "x", "text": "Isi.", "date": "kemarin sore"}\n'
                   '{not json\n'
                   '{"id": "y", "txt": "typo"}\n'
                   '{"id": "z", "text": "   "}\n'
                   '{"id": "ok2", "text": "Berita kedua yang juga cukup panjang untuk indeks."}\n', encoding="utf-8")
    assert main(["index", "add", db, str(bad), "-q", "--on-error", "skip", "--batch-size", "2"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == f"added 3 articles to {db} (now 3)"
    assert err.pop() == "compacted: bands 1 level -> 1 run, fps 1 level -> 1 run, sents 1 level -> 1 run"  # a bulk add
    assert err[1:] == [
        "dedup index: skipped mixed.jsonl: line 3 (byte 123): not valid JSON: Expecting property name enclosed in "
        "double quotes (column 2)",
        "dedup index: skipped mixed.jsonl: line 4: no text in field 'text' (the record has: id, txt; choose the "
        "field with --text-field or Fields(text=...))",
        "dedup index: skipped mixed.jsonl: line 5 (id 'z'): text is empty or only whitespace",
        "dedup index: ignored mixed.jsonl: line 2: field 'date': cannot read the date 'kemarin sore'; kept undated",
    ]
    with Index(db) as idx:
        assert sorted(idx.storage.ids()) == ["ok1", "ok2", "x"] and idx.get("x").meta == {}
