"""Hostile input and damaged stores (issue 13, "Data loss and raw tracebacks"): one test per
defect, each failing before its fix. Bad input costs only itself, is named in one line, and never
escapes as a raw exception of another library."""

from __future__ import annotations

import gzip
import re
import json
import random
import sqlite3

import pytest

import dedup
from dedup import Index
from dedup.cli import main
from dedup.errors import DedupError, IndexCorruptError, InputError
from dedup.records import ErrorReport, read_records, read_rows
from dedup.synth import synthetic_article

LONE = "\\ud800"  # how JSON spells a lone surrogate: json.loads accepts it, UTF-8 cannot encode it


def article(seed: int, n: int = 12) -> str:
    return synthetic_article(random.Random(seed), "id", n_sentences=n)


def _corpus(n: int = 12) -> list[dict]:
    """n articles in pairs of copies (so scoring finds pairs), with sources."""
    recs = []
    for k in range(n // 2):
        text = article(k)
        recs.append({"id": f"a{k}", "text": text, "source": "s1"})
        recs.append({"id": f"b{k}", "text": text + "\nKalimat tambahan di akhir berita ini.", "source": "s1"})
    return recs


# --- 1. lone surrogates ------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["id", "text", "title", "source"])
def test_lone_surrogate_is_one_bad_record_for_score(tmp_path, capsys, field):
    recs = _corpus()
    lines = [json.dumps(r) for r in recs]
    bad = dict(recs[0], id="bad", title="Judul")
    raw = json.dumps(bad)
    raw = raw.replace('"bad"', f'"bad{LONE}"') if field == "id" else raw.replace(
        f'"{field}": "', f'"{field}": "x{LONE}', 1)
    assert LONE in raw
    lines.insert(3, raw)
    src = tmp_path / "c.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pairs = tmp_path / "p.csv"
    assert main(["score", str(src), "--pairs", str(pairs), "--workers", "0", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert f"c.jsonl: line 4: field '{field}': lone surrogate U+D800" in err
    got = {tuple(sorted((p["a"], p["b"]))) for p in read_rows(str(pairs))}
    assert got == {(f"a{k}", f"b{k}") for k in range(6)}  # every valid record scored
    assert main(["score", str(src), "--pairs", str(pairs), "--workers", "0", "--on-error", "fail"]) == 2
    assert "line 4: field" in capsys.readouterr().err


def test_lone_surrogate_in_index_add_is_named_and_nothing_else_lost(tmp_path, capsys):
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"id": "ok", "text": article(1)}) + "\n"
                   + json.dumps({"id": "bad", "text": article(2)}).replace('"text": "', f'"text": "{LONE}') + "\n")
    db = tmp_path / "i.db"
    assert main(["index", "add", str(db), str(src), "-q", "--batch-size", "1"]) == 2
    err = capsys.readouterr().err
    assert "c.jsonl: line 2" in err and "lone surrogate" in err and "Traceback" not in err
    with Index(str(db)) as idx:
        assert idx.storage.ids() == ["ok"]


@pytest.mark.parametrize("backend", ["memory", "sqlite", "redis"])
def test_lone_surrogate_refused_the_same_by_every_backend(tmp_path, request, backend):
    if backend == "memory":
        idx = Index()
    elif backend == "sqlite":
        idx = Index(str(tmp_path / "i.db"))
    else:
        url, ns = request.getfixturevalue("redis_url")
        idx = Index(url, namespace=ns)
    s = chr(0xD800)
    with idx:
        for args in [("x" + s, article(1)), ("x", article(1) + s), ("x", article(1), {"title": s}),
                     ("x", article(1), {s: "v"})]:
            with pytest.raises(InputError, match="lone surrogate U\\+D800"):
                idx.add(*args)
        assert len(idx) == 0


# --- 5. input files -------------------------------------------------------------------------------


def _gz_corpus(tmp_path, n: int = 400):
    data = "".join(json.dumps({"id": f"r{i}", "text": f"Isi berita nomor {i} hari ini."}) + "\n" for i in range(n))
    return gzip.compress(data.encode())


@pytest.mark.parametrize("damage", ["truncated", "no_trailer", "trailing_garbage"])
def test_broken_gzip_keeps_what_was_read_and_says_where_it_broke(tmp_path, damage):
    gz = _gz_corpus(tmp_path)
    blob = {"truncated": gz[: len(gz) * 2 // 3], "no_trailer": gz[:-8], "trailing_garbage": gz + b"\0garbage"}[damage]
    p = tmp_path / "c.jsonl.gz"
    p.write_bytes(blob)
    report = ErrorReport()
    ids = [r.id for r in read_records(str(p), errors=report)]
    assert ids == [f"r{i}" for i in range(len(ids))]  # in order, none skipped before the break
    assert len(ids) == 400 if damage != "truncated" else 100 < len(ids) < 400
    assert report.count == 1 and f"after line {len(ids)}" in report.messages[0]
    with pytest.raises(InputError, match=f"c.jsonl.gz: .* after line {len(ids)}"):
        list(read_records(str(p), on_error="fail"))


def test_truncated_gzip_is_scored_by_the_cli(tmp_path, capsys):
    data = "".join(json.dumps(r) + "\n" for r in _corpus(40)).encode()
    p = tmp_path / "c.jsonl.gz"
    p.write_bytes(gzip.compress(data)[:-200])
    pairs = tmp_path / "p.jsonl"
    assert main(["score", str(p), "--pairs", str(pairs), "--workers", "0", "--quiet"]) == 0
    assert "gzip stream ends early" in capsys.readouterr().err
    assert len(list(read_rows(str(pairs)))) >= 10


def test_csv_unclosed_quote_costs_only_its_own_record(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text('id,text\na,"Isi berita tanpa kutip penutup\nb,"Berita dua, dengan koma."\n'
                 'c,"Tiga,\nbaris kedua."\nd,Empat.\n', encoding="utf-8")
    report = ErrorReport()
    got = [(r.id, r.text, r.line) for r in read_records(str(p), errors=report)]
    assert got == [("b", "Berita dua, dengan koma.", 3), ("c", "Tiga,\nbaris kedua.", 4), ("d", "Empat.", 6)]
    assert report.count == 1 and report.messages[0].startswith("c.csv: line 2: not valid CSV")
    # An unclosed quote on the last record runs to the end of the file: only it is lost.
    p.write_text('id,text\na,Satu.\nb,"Dua tanpa penutup\nc,Tiga.\n', encoding="utf-8")
    report = ErrorReport()
    assert [r.id for r in read_records(str(p), errors=report)] == ["a", "c"]
    assert report.count == 1 and "line 3" in report.messages[0]


def _corrupt_parquet(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rnd = random.Random(1)
    words = ["berita", "kota", "palu", "rusia", "ukraina", "presiden", "jembatan", "warga"]
    texts = [" ".join(rnd.choice(words) for _ in range(60)) for _ in range(300)]
    good = tmp_path / "good.parquet"
    pq.write_table(pa.table({"id": [f"r{i}" for i in range(300)], "text": texts}), good,
                   row_group_size=100, compression="snappy")
    col = pq.ParquetFile(good).metadata.row_group(1).column(1)
    data = bytearray(good.read_bytes())
    for k in range(col.data_page_offset, col.data_page_offset + 16):  # the page header of group 2
        data[k] ^= 0xFF
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(bytes(data))
    return bad


def test_parquet_corrupt_pages_cost_their_row_group_only(tmp_path):
    bad = _corrupt_parquet(tmp_path)
    report = ErrorReport()
    ids = [r.id for r in read_records(str(bad), errors=report)]
    assert ids == [f"r{i}" for i in range(100)] + [f"r{i}" for i in range(200, 300)]
    assert report.count == 1 and report.messages[0].startswith("bad.parquet: row group 2 (rows 101-200): cannot read")
    with pytest.raises(InputError, match="row group 2"):
        list(read_records(str(bad), on_error="fail"))


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_tmp_dir_missing_or_a_file_is_one_line(tmp_path, capsys, kind):
    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _corpus(4)))
    tmp = tmp_path / "nodir"
    if kind == "file":
        tmp.write_text("x")
    assert main(["score", str(src), "--pairs", str(tmp_path / "p.csv"), "--tmp-dir", str(tmp), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dedup score: error: {tmp}: ") and len(err.strip().splitlines()) == 1


def test_jsonl_integer_beyond_python_digit_limit_is_one_bad_line(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text('{"id": "a", "text": "Satu.", "n": 1' + "0" * 5000 + '}\n{"id": "b", "text": "Dua."}\n')
    report = ErrorReport()
    assert [r.id for r in read_records(str(p), errors=report)] == ["b"]
    assert report.messages[0].startswith("c.jsonl: line 1 (byte 0): not valid JSON: Exceeds the limit")


# --- 6. library validation ---------------------------------------------------------------------


@pytest.mark.parametrize("value, name", [(None, "NoneType"), (b"Satu dua.", "bytes"), (5, "int")])
def test_compare_names_a_wrong_argument(value, name):
    with pytest.raises(TypeError, match=f"compare: a must be a str or a Document, got {name}"):
        dedup.compare(value, "Satu dua tiga.")
    with pytest.raises(TypeError, match=f"compare: b must be a str or a Document, got {name}"):
        dedup.compare("Satu dua tiga.", value)


def test_compare_refuses_a_lone_surrogate():
    with pytest.raises(InputError, match="compare: b: lone surrogate"):
        dedup.compare("Satu dua tiga.", "Satu " + chr(0xDFFF))


def test_index_meta_deep_or_huge_is_an_input_error():
    deep: dict = {}
    cur = deep
    for _ in range(5000):
        cur["x"] = {}
        cur = cur["x"]
    with Index() as idx:
        with pytest.raises(InputError, match="nested more than 32 levels deep"):
            idx.add("a", article(1), deep)
        with pytest.raises(InputError, match=r"meta\['n'\]: integer of more than 100 digits"):
            idx.add("a", article(1), {"n": 10**5000})
        idx.add("a", article(1), {"n": 10**99, "tags": [[["ok"]]]})
        assert idx.get("a").meta["n"] == 10**99


# --- 2. Redis failures -------------------------------------------------------------------------


@pytest.fixture
def own_redis(tmp_path):
    """A private redis-server on loopback that the test may stop or kill: ``(url, process)``."""
    import shutil
    import socket
    import subprocess
    import time

    redis = pytest.importorskip("redis")
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed (apt-get install redis-server)"
    for _ in range(5):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path),
                                 "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        client = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(500):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if proc.poll() is not None:
                    break
                time.sleep(0.02)
        else:
            proc.kill()
            continue
        if proc.poll() is not None:
            continue
        client.close()
        yield f"redis://127.0.0.1:{port}/0", proc
        import signal

        if proc.poll() is None:
            proc.send_signal(signal.SIGCONT)
            proc.kill()
        proc.wait()
        return
    pytest.fail("could not start a private redis-server")


def test_redis_killed_under_the_api_raises_the_projects_error(own_redis):
    from dedup.errors import StorageError

    url, proc = own_redis
    idx = Index(url, namespace="n")
    idx.add("a", article(1))
    proc.kill()
    proc.wait()
    for call in (lambda: idx.add("b", article(2)), lambda: idx.query(article(1)), lambda: len(idx),
                 lambda: idx.get("a"), lambda: idx.remove("a")):
        with pytest.raises(StorageError, match=f"{url} namespace 'n': lost the connection to Redis"):
            call()
    idx.close()


def test_redis_stopped_server_times_out_after_the_configured_time(own_redis, tmp_path, capsys):
    import signal

    from dedup.errors import StorageError

    url, proc = own_redis
    idx = Index(url, namespace="n", timeout=0.5)
    idx.add("a", article(1))
    proc.send_signal(signal.SIGSTOP)
    with pytest.raises(StorageError, match=r"Redis did not answer within 0.5 s"):
        idx.query(article(1))
    idx.close()
    src = tmp_path / "a.txt"
    src.write_text(article(2))
    assert main(["index", "add", url, "--namespace", "n", "--timeout", "0.5", str(src), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dedup index: error: {url}: cannot connect to Redis: Timeout")
    assert len(err.strip().splitlines()) == 1


def test_redis_killed_during_index_add_is_one_line_exit_2(own_redis, tmp_path):
    import subprocess
    import sys
    import time

    import redis

    url, proc = own_redis
    src = tmp_path / "many.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", "text": f"Berita nomor {i} tentang kota Palu dan warga {i}."})
                           + "\n" for i in range(20_000)))
    cli = subprocess.Popen([sys.executable, "-m", "dedup", "index", "add", url, str(src), "--batch-size", "5", "-q"],
                           stderr=subprocess.PIPE, text=True)
    client = redis.Redis.from_url(url)
    while cli.poll() is None and not client.scard("dedup:ids"):
        time.sleep(0.01)
    proc.kill()  # mid-run: some batches stored, the rest to come
    proc.wait()
    _, err = cli.communicate(timeout=120)
    assert cli.returncode == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert err.startswith(f"dedup index: error: {url} namespace 'dedup': lost the connection to Redis")


# --- 3. damaged index contents -------------------------------------------------------------------


def _small_index(path, n: int = 40) -> None:
    with Index(str(path)) as idx:
        idx.add_many([(f"a{i}", article(i), {"date": "2022-01-02", "source": "s"}) for i in range(n)])


@pytest.mark.parametrize("tamper, op, message", [
    ("UPDATE docs SET meta = '{bad' WHERE id = 'a3'", "get", "record 'a3': stored metadata is not JSON"),
    ("UPDATE docs SET meta = '[1]' WHERE id = 'a3'", "query", "record 'a3': stored metadata is a JSON list"),
    ("UPDATE docs SET sig = x'0011' WHERE id = 'a3'", "query", "record 'a3': stored signature has 2 bytes, not 512"),
    ("UPDATE docs SET text = x'00112233' WHERE id = 'a3'", "query", "record 'a3': stored text is not zlib data"),
    ("UPDATE docs SET text = NULL WHERE id = 'a3'", "query", "record 'a3': stored with neither its text nor its signature"),
    ("UPDATE docs SET text = :bomb WHERE id = 'a3'", "get", "record 'a3': stored text inflates beyond the 16 MiB"),
    ("UPDATE meta SET value = 'abc' WHERE key = 'format_version'", "open", "stored format_version 'abc' is not a number"),
    ("UPDATE meta SET value = '0' WHERE key = 'bands'", "open", "stored bands=0, rows=2: both must be at least 1"),
    ("DROP TABLE bands0", "query", "damaged index (no such table: bands0)"),  # (empty levels are not read)
])
def test_tampered_rows_are_one_error_naming_the_record(tmp_path, tamper, op, message):
    import sqlite3
    import zlib

    from dedup.errors import DedupError

    db = tmp_path / "i.db"
    _small_index(db)
    con = sqlite3.connect(db)
    con.execute(tamper, {"bomb": zlib.compress(b"a" * (300 << 20), 9)} if ":bomb" in tamper else {})
    con.commit()
    con.close()

    def run():
        with Index(str(db)) as idx:
            if op == "get":
                idx.get("a3")
            elif op == "query":
                idx.query(article(3))

    with pytest.raises(DedupError, match=re.escape(message)):
        run()


def test_index_check_lists_every_problem_and_exits_1(tmp_path, capsys):
    import sqlite3

    db = tmp_path / "i.db"
    _small_index(db)
    assert main(["index", "check", str(db)]) == 0
    assert "ok (40 articles)" in capsys.readouterr().err
    con = sqlite3.connect(db)
    con.execute("UPDATE docs SET meta = '{bad' WHERE id = 'a3'")
    con.execute("UPDATE docs SET text = x'0011' WHERE id = 'a5'")
    con.execute("UPDATE docs SET text = NULL WHERE id = 'a9'")
    con.execute("DELETE FROM bands0 WHERE doc = (SELECT doc FROM docs WHERE id = 'a7')")
    con.commit()
    con.close()
    assert main(["index", "check", str(db)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any("record 'a3': stored metadata is not JSON" in ln for ln in out)
    assert any("record 'a5': stored text is not zlib data" in ln for ln in out)
    assert any("record 'a9': stored with neither its text nor its signature" in ln for ln in out)
    assert any("record 'a7': its band keys are missing from the lookup tables" in ln for ln in out)
    assert any("table bands0: " in ln and "the state table says" in ln for ln in out)


def test_index_check_reads_every_batch(tmp_path):
    """Index.check reads the records in batches: a damaged one in the last batch is found (the
    loop over each record's readers once rebound the batch reader, so a second batch failed)."""
    import sqlite3

    db = tmp_path / "i.db"
    _small_index(db, 12)
    with Index(str(db)) as idx:
        assert idx.check(batch_size=5) == []
        last = idx.storage.ids()[-1]
    con = sqlite3.connect(db)
    con.execute("UPDATE docs SET meta = '[1]' WHERE id = ?", (last,))
    con.commit()
    con.close()
    with Index(str(db)) as idx:
        assert [p for p in idx.check(batch_size=5)] == [f"record {last!r}: stored metadata is a JSON list, not an object"]


def test_flipped_bytes_never_escape_raw_and_check_finds_them(tmp_path, capsys):
    from dedup.errors import DedupError

    db = tmp_path / "i.db"
    _small_index(db, 150)
    data = bytearray(db.read_bytes())
    rnd = random.Random(5)
    for page in rnd.sample(range(2, len(data) // 4096), 8):  # not the header page
        for k in range(page * 4096 + 100, page * 4096 + 164):
            data[k] ^= 0xA5
    db.write_bytes(bytes(data))
    try:
        with Index(str(db)) as idx:
            for i in range(0, 150, 10):
                idx.query(article(i))
                idx.get(f"a{i}")
            idx.add("new", article(999))
    except DedupError as e:
        assert "Traceback" not in str(e) and "\n" not in str(e)
    assert main(["index", "check", str(db)]) == 1


# --- 8. Redis namespaces ------------------------------------------------------------------------


def test_redis_namespace_cannot_alias_another_namespaces_record(redis_url):
    url, ns = redis_url
    with Index(url, namespace=ns) as idx:
        idx.add("x:config", article(1), {"format_version": "999"})
        idx.add("x", article(2))
        assert sorted(idx.storage.ids()) == ["x", "x:config"]
    with pytest.raises(InputError, match=f"namespace '{ns}:d:x': must not contain ':'"):
        Index(url, namespace=f"{ns}:d:x")


# --- 7. add_many: skip or fail -------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_add_many_skips_records_without_content_and_says_why(tmp_path, backend):
    from dedup.index import Added

    no_content = "Judul\n\nBaca juga: Berita lain di sini"  # a headline and a link: nothing to index
    recs = [(f"r{i}", article(i)) for i in range(6)]
    recs.insert(2, ("empty-words", no_content))
    recs.insert(4, {"id": "x", "txt": "wrong field"})
    recs.insert(5, ("bad-meta", article(50), {"date": "not a date"}))
    with Index(None if backend == "memory" else str(tmp_path / "i.db")) as idx:
        with pytest.raises(InputError, match="record 3 \\(id 'empty-words'\\): no content words to index"):
            idx.add_many(recs, batch_size=3)
        assert len(idx) == 0  # fail (the default): nothing of the batch is written
        added = idx.add_many(recs, batch_size=3, on_error="skip")
        assert isinstance(added, Added) and added == 6 and len(idx) == 6
        assert [(s.position, s.id) for s in added.skipped] == [("record 3", "empty-words"), ("record 5", None),
                                                             ("record 6", "bad-meta")]
        assert "no content words" in added.skipped[0].reason
        assert "unknown field(s) txt" in added.skipped[1].reason
        assert "meta['date']" in added.skipped[2].reason
        with pytest.raises(InputError, match="on_error must be 'skip' or 'fail'"):
            idx.add_many(recs, on_error="ignore")


# --- 4. terminal escape injection ------------------------------------------------------------------

EVIL = "\x1b]0;pwned\x07\x1b[2J"  # retitles the terminal, then clears it


def test_index_query_prints_no_control_characters(tmp_path, capsys):
    db = tmp_path / "i.db"
    text = article(1)
    with Index(str(db)) as idx:
        idx.add(f"id{EVIL}", text, {"source": f"s{EVIL}", "title": f"t{EVIL}", "url": f"u{EVIL}"})
    q = tmp_path / "q.txt"
    q.write_text(text)
    assert main(["index", "query", str(db), str(q)]) == 0
    out = capsys.readouterr().out
    assert "id\\x1b]0;pwned\\x07\\x1b[2J" in out and "title: t\\x1b" in out
    assert not any(c in out for c in "\x1b\x07")


def test_error_lines_print_no_control_characters(tmp_path, capsys):
    src = tmp_path / "c.jsonl"
    rows = [{"id": f"a{i}", "text": article(i)} for i in range(3)] + [{f"k{EVIL}": "v"}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main(["score", str(src), "--pairs", str(tmp_path / "p.csv"), "--workers", "0", "-q"]) == 0
    err = capsys.readouterr().err
    assert "k\\x1b]0;pwned" in err and not any(c in err for c in "\x1b\x07")
    assert main(["score", str(src), "--pairs", str(tmp_path / "p.csv"), "--workers", "0", "--on-error", "fail"]) == 2
    err = capsys.readouterr().err
    assert "k\\x1b]0;pwned" in err and not any(c in err for c in "\x1b\x07")


# --- 9. the report's own folder -------------------------------------------------------------------


def test_rerun_report_leaves_no_diff_page_of_the_previous_run(tmp_path):
    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _corpus(20)))
    report = tmp_path / "r.html"
    args = ["score", str(src), "--pairs", str(tmp_path / "p.csv"), "--report", str(report), "--workers", "0", "-q"]
    assert main(args + ["--report-pairs", "10"]) == 0
    folder = tmp_path / "r_diffs"

    def diff_pages():  # story-NNNN.html: the clusters' collation pages, rewritten by every run
        return sorted(p.name for p in folder.iterdir() if not p.name.startswith("story-"))

    assert diff_pages() == [f"{k:04d}.html" for k in range(1, 11)]
    (folder / "story-0099.html").write_text("an earlier run's collation page")
    (folder / "notes.txt").write_text("mine")
    assert main(args + ["--report-pairs", "3"]) == 0
    assert diff_pages() == ["0001.html", "0002.html", "0003.html", "notes.txt"]
    assert not (folder / "story-0099.html").exists()
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


# --- SIGKILL: partial outputs never look complete, a rerun gives the same output ---------------


def test_writer_killed_mid_file_leaves_nothing_under_the_real_name(tmp_path):
    import subprocess
    import sys

    for name in ("p.csv", "p.jsonl.gz", "p.parquet"):
        out = tmp_path / name
        script = (
            "import os, signal\n"
            "from dedup.records import open_writer\n"
            f"w = open_writer({str(out)!r}, [('a', 'str'), ('n', 'int')])\n"
            "for i in range(30000): w.write({'a': 'x' * 20, 'n': i})\n"
            "w._flush() if w.format == 'parquet' else w._file.flush()\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n"
        )
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
        assert proc.returncode == -9, proc.stderr
        assert not out.exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{name}.tmp-")]  # it was writing
    from dedup.records import open_writer

    for name in ("p.csv", "p.jsonl.gz", "p.parquet"):  # the next write of the same file removes the leftover
        with open_writer(str(tmp_path / name), [("a", "str")]) as w:
            w.write({"a": "x"})
        assert (tmp_path / name).exists()
    assert not [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name]


def _dead_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_sweep_removes_only_leftovers_of_dead_processes_of_this_host(tmp_path):
    import os

    from dedup.tempfiles import HOST, sweep

    dead, other_host = _dead_pid(), format((int(HOST, 16) + 1) % 0x10000, "04x")
    names = {
        f".p.csv.tmp-{dead}-{HOST}-aaaaaa": False,  # removed
        f".p.csv.tmp-{os.getpid()}-{HOST}-bbbbbb": True,  # this process is writing it
        f".p.csv.tmp-{dead}-{other_host}-cccccc": True,  # another machine sharing the folder
        f".p.csv.tmp-{os.getpid()}-dddddd": True,  # not a name this version writes
        f".q.csv.tmp-{dead}-{HOST}-eeeeee": True,  # another file's
        "p.csv": True,
    }
    for n in names:
        (tmp_path / n).write_text("x")
    (tmp_path / f".p.csv.tmp-{dead}-{HOST}-ffffff").mkdir()  # a staged report folder, with a page
    (tmp_path / f".p.csv.tmp-{dead}-{HOST}-ffffff" / "0001.html").write_text("x")
    assert sweep(str(tmp_path), ".p.csv.tmp-") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n for n, kept in names.items() if kept)


def test_score_removes_the_text_folder_a_killed_run_left(tmp_path):
    from dedup.tempfiles import HOST

    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _corpus(30)))
    tmp = tmp_path / "tmp"
    left = tmp / f"dedup-score-{_dead_pid()}-{HOST}-x1y2z3"
    left.mkdir(parents=True)
    (left / "texts.sqlite").write_bytes(b"\0" * 1000)
    assert main(["score", str(src), "--pairs", str(tmp_path / "p.csv"), "--tmp-dir", str(tmp), "-q"]) == 0
    assert list(tmp.iterdir()) == []  # the leftover, and this run's own folder, are gone


def test_score_killed_mid_run_then_rerun_gives_the_same_output(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _corpus(600)))

    def args(d):
        d.mkdir(exist_ok=True)
        return [sys.executable, "-m", "dedup", "score", str(src), "--pairs", str(d / "p.csv"),
                "--clusters", str(d / "c.jsonl"), "--report", str(d / "r.html"), "--workers", "1", "-q"]

    ref = tmp_path / "ref"
    assert subprocess.run(args(ref), capture_output=True, timeout=300).returncode == 0
    run = tmp_path / "run"
    cli = subprocess.Popen(args(run), stderr=subprocess.PIPE)
    staged = []
    while cli.poll() is None and not staged:  # wait until the report's diff pages are being written
        staged = [p for p in run.glob(".r_diffs.tmp-*") if any(p.iterdir())]
        time.sleep(0.005)
    cli.send_signal(signal.SIGKILL)
    assert cli.wait() == -9, "the run finished before it could be killed: use a larger corpus"
    assert not [p.name for p in run.iterdir() if not p.name.startswith(".")]  # nothing looks complete

    assert subprocess.run(args(run), capture_output=True, timeout=300).returncode == 0
    for name in ("p.csv", "c.jsonl"):
        assert (run / name).read_bytes() == (ref / name).read_bytes()
    pages = sorted(p.name for p in (ref / "r_diffs").iterdir())
    assert pages and pages == sorted(p.name for p in (run / "r_diffs").iterdir())
    assert all((run / "r_diffs" / n).read_bytes() == (ref / "r_diffs" / n).read_bytes() for n in pages)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_storage_below_index_refuses_a_lone_surrogate_as_input(tmp_path, request, backend):
    from dedup.storage import open_storage
    from dedup.storage.base import StoredRecord as Stored

    if backend == "sqlite":
        store = open_storage(str(tmp_path / "s.db"))
    else:
        url, ns = request.getfixturevalue("redis_url")
        store = open_storage(url, namespace=ns)
    store.init_config({"format_version": "1"})
    with pytest.raises(InputError, match="a value to store is not valid text"):
        store.put([Stored("x" + chr(0xD800), "{}", None, None, b"sig", [1], [2], None, 3)])
    assert store.count() == 0
    store.close()


def test_score_skips_ready_made_records_that_no_reader_would_return():
    from dedup.corpus import score
    from dedup.records import Record

    recs = [Record(r["id"], r["text"]) for r in _corpus(6)]
    recs.insert(1, Record("bad" + chr(0xD800), article(1)))
    recs.insert(2, Record(7, article(2)))  # type: ignore[arg-type]
    result = score(recs, workers=0)
    assert result.stats["records"] == 6 and result.errors.count == 2
    assert "record 2: field 'id': lone surrogate" in result.errors.messages[0]
    assert "record 3: id must be a non-empty string, got 7" in result.errors.messages[1]
    assert {tuple(sorted((p.a, p.b))) for p in result.pairs} == {(f"a{k}", f"b{k}") for k in range(3)}


def test_redis_tampered_records_are_one_error_and_check_lists_them(redis_url, capsys):
    import redis

    from dedup.errors import IndexCorruptError

    url, ns = redis_url
    with Index(url, namespace=ns) as idx:
        idx.add_many([(f"a{i}", article(i)) for i in range(6)])
    r = redis.Redis.from_url(url)
    r.hset(f"{ns}:d:a1", "meta", b"{bad")
    r.hset(f"{ns}:d:a2", "text", b"\x00\x11garbage")
    r.hset(f"{ns}:d:a3", "n", b"abc")
    r.sadd(f"{ns}:ids", "ghost")
    with Index(url, namespace=ns) as idx:
        with pytest.raises(IndexCorruptError, match="record 'a1': stored metadata is not JSON"):
            idx.get("a1")
        with pytest.raises(IndexCorruptError, match="record 'a2': stored text is not zlib data"):
            idx.get("a2")
        with pytest.raises(IndexCorruptError, match="damaged index"):
            idx.query(article(3))
    assert main(["index", "check", url, "--namespace", ns]) == 1
    out = capsys.readouterr().out
    assert "record 'ghost': in the id set but has no document hash" in out
    assert "record 'a1': stored metadata is not JSON" in out and "record 'a2': stored text is not zlib" in out


def test_public_entry_points_name_a_wrong_argument():
    from dedup.corpus import score

    for bad in (None, 5, b"x"):
        with pytest.raises(TypeError, match="score: records must be a file path or an iterable"):
            score(bad)
        with Index() as idx:
            with pytest.raises(TypeError, match="add_many: records must be an iterable"):
                idx.add_many(bad)
    with pytest.raises(TypeError, match="index location must be None, a file path, a redis:// URL or a Storage"):
        Index(5)


def test_sqlite_locked_past_the_timeout_is_a_storage_error(tmp_path):
    import sqlite3

    from dedup.errors import StorageError

    db = tmp_path / "i.db"
    _small_index(db, 3)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
    try:
        with Index(str(db), timeout=0.2) as idx:
            with pytest.raises(StorageError, match="stayed locked by another writer past the timeout"):
                idx.add("x", article(9))
            assert len(idx) == 3  # readers are not blocked
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_index_get_names_a_wrong_id(tmp_path):
    with Index(str(tmp_path / "i.db")) as idx:
        with pytest.raises(InputError, match="get: id must be a string, got list"):
            idx.get(["a"])


def _seeded_index(path):
    with Index(str(path)) as idx:
        idx.add("a", "Judul berita\nIni kalimat pertama yang cukup panjang sekali. Ini kalimat kedua juga panjang.")


def test_damaged_document_counter_is_a_damaged_index_not_a_type_error(tmp_path):
    # A flipped byte can turn a stored number into another SQLite type (found by test_hostile).
    path = tmp_path / "n.db"
    _seeded_index(path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE state SET value = 'x' WHERE key = 'next_doc'")
    with Index(str(path), create=False) as idx, pytest.raises(IndexCorruptError) as err:
        idx.add("b", "Judul lain\nKalimat yang lain sama sekali dan cukup panjang untuk diindeks.")
    assert "damaged index" in str(err.value) and str(path) in str(err.value)


def test_a_multi_line_driver_message_is_one_line(tmp_path):
    # SQLite quotes a damaged schema, newlines included, in "malformed database schema (...)".
    path = tmp_path / "n.db"
    _seeded_index(path)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA writable_schema=ON")
        db.execute("UPDATE sqlite_master SET name = 'docs(\n  doc', sql = 'CREATE TABLE x(' WHERE name = 'docs'")
    with pytest.raises(DedupError) as err:
        with Index(str(path), create=False) as idx:
            idx.get("a")
    assert "\n" not in str(err.value) and "malformed" in str(err.value)


@pytest.mark.parametrize("bad", [None, b"bytes", 7])
def test_document_names_a_text_that_is_not_a_str(bad):
    from dedup.document import Document

    with pytest.raises(TypeError, match="Document: text must be a str"):
        Document(bad)


def test_a_damaged_block_of_a_packed_run_is_one_error_and_check_names_it(tmp_path, capsys, monkeypatch):
    """Layout 4 keeps lookup postings above level 0 in packed blocks: a damaged block is one
    'damaged index' error at query time (never a numpy traceback) and `dedup index check` names it."""
    import sqlite3

    import dedup.storage.sqlite as S
    from dedup.errors import DedupError

    monkeypatch.setattr(S, "LEVEL_ROWS", (500, 10**6))  # 40 articles reach level 1
    db = tmp_path / "i.db"
    _small_index(db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM fps1").fetchone()[0] > 0
    con.execute("UPDATE fps1 SET data = x'05000000000000000000ff' WHERE first = (SELECT min(first) FROM fps1)")
    con.execute("UPDATE bands1 SET data = x'00' WHERE first IN (SELECT first FROM bands1 LIMIT 1000)")
    con.commit()
    con.close()
    with pytest.raises(DedupError, match=r"damaged index \(the lookup block of key -?\d+ is damaged\)"):
        with Index(str(db)) as idx:
            idx.query(article(3))
    assert main(["index", "check", str(db)]) == 1
    out = capsys.readouterr().out
    assert "table fps1: the block of key" in out and "table bands1: the block of key" in out
