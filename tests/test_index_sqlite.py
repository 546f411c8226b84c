"""The SQLite index across processes: kill -9 durability, concurrent writers, readers beside a writer."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from dedup import Index

WRITER = r"""
import random, sys
from dedup import Index
from dedup.synth import synthetic_article
path, prefix, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
idx = Index(path)
print("ready", flush=True)
i = 0
while n < 0 or i < n:
    idx.add(f"{prefix}-{i}", synthetic_article(random.Random(f"{prefix}{i}"), "id", n_sentences=6),
            {"date": "2024-01-01", "source": prefix})
    print(f"{prefix}-{i}", flush=True)   # printed only after add() returned
    i += 1
idx.close()
"""

READER = r"""
import random, sys, time
from dedup import Index
from dedup.synth import synthetic_article
idx = Index(sys.argv[1])
q = synthetic_article(random.Random("A0"), "id", n_sentences=6)
reads, seen = 0, 0
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    seen = max(seen, len(idx))
    idx.query(q)
    reads += 1
print(reads, seen, flush=True)
"""


def _spawn(script, args):
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_kill_9_loses_no_returned_add(tmp_path):
    path = tmp_path / "durable.db"
    Index(str(path)).close()
    child = _spawn(WRITER, [path, "k", -1])
    assert child.stdout.readline().strip() == "ready"
    acked = []
    deadline = time.monotonic() + 60
    while len(acked) < 40 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        acked.append(line.strip())
    os.kill(child.pid, signal.SIGKILL)  # mid-loop: very likely inside an add
    out, err = child.stdout.read(), child.stderr.read()  # not communicate(): it skips buffered lines
    child.wait()
    assert child.returncode == -signal.SIGKILL, err
    acked += [x for x in out.split("\n") if x]  # lines printed before the kill, still in the pipe
    assert len(acked) >= 40, err

    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    with Index(str(path)) as idx:
        missing = [i for i in acked if i not in idx]
        assert missing == []
        assert len(idx) in (len(acked), len(acked) + 1)  # the add in flight may have committed
        assert idx.storage.integrity_check() == "ok"
        [m] = idx.query(idx.get(acked[-1]).text)
        assert m.id == acked[-1]


def test_two_writers_and_a_reader_at_once(tmp_path):
    path = tmp_path / "shared.db"
    Index(str(path)).close()
    n = 60
    writers = [_spawn(WRITER, [path, p, n]) for p in ("A", "B")]
    for w in writers:
        assert w.stdout.readline().strip() == "ready"
    reader = _spawn(READER, [path, 2.0])
    outs = [(w.stdout.read(), w.stderr.read(), w.wait(timeout=120))[:2] for w in writers]
    for w, (out, err) in zip(writers, outs):
        assert w.returncode == 0, err
        assert len(out.split()) == n
    r_out, r_err = reader.communicate(timeout=60)
    assert reader.returncode == 0, r_err
    reads, seen = map(int, r_out.split())
    assert reads > 0 and 0 <= seen <= 2 * n
    with Index(str(path)) as idx:
        assert len(idx) == 2 * n
        assert all(f"{p}-{i}" in idx for p in "AB" for i in range(n))
        assert idx.storage.integrity_check() == "ok"


# --- the file layout version in the SQLite header ---------------------------------------------------

OLD_LAYOUT = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE docs(doc INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, date REAL, source TEXT, meta TEXT NOT NULL,
                  sig BLOB NOT NULL, n_shingles INTEGER NOT NULL, bands BLOB NOT NULL, fps BLOB NOT NULL, text BLOB);
CREATE TABLE doc_sentences(doc INTEGER PRIMARY KEY, keys BLOB NOT NULL);
"""


def _old_layout_file(path):
    """A file as layout 2 wrote it (per-document key lists, no layout version in the header)."""
    from dedup import lsh, minhash
    from dedup.indexformat import wanted_config

    con = sqlite3.connect(path)
    con.executescript(OLD_LAYOUT)
    con.executemany("INSERT INTO meta VALUES (?, ?)", wanted_config(minhash.DEFAULT, lsh.DEFAULT_THRESHOLD).items())
    con.commit()
    con.close()


def _schema(path):
    con = sqlite3.connect(path)
    try:
        return sorted(con.execute("SELECT name FROM sqlite_master")), con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


def test_a_new_index_file_carries_its_layout_version(tmp_path):
    from dedup.storage.sqlite import APPLICATION_ID, LAYOUT_VERSION

    path = str(tmp_path / "n.db")
    with Index(path) as idx:
        idx.add("a", "Judul\nKota Palu menerima bantuan beras dari Makassar pada hari Senin pagi.")
        assert idx.stats()["layout_version"] == LAYOUT_VERSION
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == LAYOUT_VERSION
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    con.close()
    with Index(path) as idx:  # reopens without complaint
        assert "a" in idx


def test_an_old_layout_file_is_one_error_line_saying_rebuild_and_is_left_untouched(tmp_path, capsys):
    from dedup.cli import main
    from dedup.errors import IndexFormatError

    path = str(tmp_path / "old.db")
    _old_layout_file(path)
    before = _schema(path)
    for create in (True, False):
        try:
            Index(path, create=create)
        except IndexFormatError as e:
            msg = str(e)
        else:
            raise AssertionError("an old-layout file was opened")
        assert "older dedup" in msg and "rebuild the index" in msg and path in msg and "\n" not in msg
    assert main(["index", "stats", path]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "rebuild the index" in err[0] and "Traceback" not in err[0]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "text": "Judul\\nKota Palu menerima bantuan beras dari Makassar."}\n')
    assert main(["index", "add", path, str(corpus)]) == 2
    assert "rebuild the index" in capsys.readouterr().err
    assert _schema(path) == before  # nothing created or changed in it


def test_a_newer_layout_file_asks_for_a_newer_dedup(tmp_path):
    from dedup.errors import IndexFormatError

    path = str(tmp_path / "new.db")
    Index(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    try:
        Index(path)
    except IndexFormatError as e:
        assert "layout 99 was written by a newer dedup" in str(e) and "upgrade dedup" in str(e)
    else:
        raise AssertionError("a newer-layout file was opened")


def test_a_number_column_holding_text_is_a_damaged_index_not_a_numpy_error(tmp_path):
    """SQLite keeps a type per value: a damaged (or hand-edited) file can hold text where a
    document number was written. Queries say "damaged index" in one line; check() names the table."""
    from dedup.errors import IndexCorruptError
    from dedup.synth import synthetic_article

    path = str(tmp_path / "t.db")
    texts = [synthetic_article(random.Random(i), "id", n_sentences=8) for i in range(3)]
    with Index(path) as idx:
        idx.add_many([(f"a{i}", t) for i, t in enumerate(texts)])
    con = sqlite3.connect(path)
    assert con.execute("UPDATE bands0 SET doc = 'x'").rowcount > 0
    con.commit()
    con.close()
    with Index(path) as idx:
        with pytest.raises(IndexCorruptError, match=r"damaged index \(a stored key or document number is not an integer\)"):
            idx.query(texts[0])
        assert any(p.startswith("table bands0: a stored key or document number") for p in idx.check())
