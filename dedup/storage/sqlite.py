"""SQLite backend: one file on disk, the embedded default (``Index("news.db")``).

Layout (format version 2)::

    meta(key TEXT PRIMARY KEY, value TEXT)            -- format_version and every parameter
    docs(doc INTEGER PRIMARY KEY, id TEXT UNIQUE,      -- one row per document
         date REAL, source TEXT, meta TEXT, sig BLOB, n_shingles INTEGER,
         bands BLOB, fps BLOB, text BLOB)
    bands0, bands1, bands2(key INTEGER, doc INTEGER, PRIMARY KEY(key, doc)) WITHOUT ROWID
    fps0, fps1, fps2(key INTEGER, doc INTEGER, PRIMARY KEY(key, doc)) WITHOUT ROWID
    sents0, sents1, sents2(key INTEGER, doc INTEGER, PRIMARY KEY(key, doc)) WITHOUT ROWID
    doc_sentences(doc INTEGER PRIMARY KEY, keys BLOB)  -- a document's per-source sentence keys
    state(key TEXT PRIMARY KEY, value INTEGER)         -- row counts of the levels

``sents*`` hold one row per (per-source sentence key, document): a key's row count is how many
documents of that source hold the sentence (learned boilerplate, :mod:`dedup.boilerplate`).

``docs.bands``/``docs.fps`` repeat a document's lookup keys as little-endian int64 bytes so that an
upsert or a removal can delete exactly its rows without a second index. Metadata is JSON text,
signatures and keys raw little-endian bytes: no pickle anywhere.

Why three levels per lookup table (a small log-structured merge): band keys and fingerprints are
hashes, so every new row lands on a random page of a B-tree. Once a table is larger than the page
cache, a commit of a batch rewrites (in the WAL) nearly every page of it: measured at 100,000
articles in one flat table, adding slowed to about 830/s and would fall far lower at 1,000,000
(each 2,000-article commit rewriting ~500 MB). New rows therefore go into level 0, which stays
small (``LEVEL_ROWS[0]`` rows, a few MB, cheap to update at random); when it is full it is merged,
in key order, into level 1, and level 1 into level 2 (unbounded) when that fills. A merge writes the
next level once, sequentially, inside the transaction of the add that triggers it (so that add takes
longer: up to tens of seconds at a million articles for a level-2 merge, once every ~130,000
articles). Lookups probe the three levels (3 index seeks per key instead of 1).

Concurrency and durability: WAL mode, so readers in other processes never block the writer nor
each other; writes take the write lock up front (``BEGIN IMMEDIATE``) and wait for it up to
``timeout`` seconds (SQLite's busy handler), so two writer processes queue instead of failing;
``synchronous=FULL`` by default, so a write that returned survives ``kill -9`` and a power cut.
Opening an existing file reads its ``meta`` table and nothing else: no rebuild.

>>> import tempfile, os
>>> from dedup.storage.base import StoredRecord
>>> path = os.path.join(tempfile.mkdtemp(), "t.db")
>>> s = SQLiteStorage(path)
>>> s.init_config({"format_version": "1"})
{'format_version': '1'}
>>> s.put([StoredRecord("a", "{}", 10.0, "x", b"sig", [-5, 2**62], [9], None, 3)])
>>> s.by_bands([2**62]), s.rows(["a"])["a"].signature, s.expire(before=11.0), s.count()
({'a': 1}, b'sig', 1, 0)
>>> s.close()
"""

from __future__ import annotations

import os
import sqlite3
import threading
from typing import Iterable, Mapping, Sequence

import numpy as np

from ..errors import DedupError, IndexCorruptError, IndexFormatError, InputError, MissingIndexError, StorageError
from .base import StoredRecord, Row, Storage, guarded

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS docs(
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    date REAL,
    source TEXT,
    meta TEXT NOT NULL,
    sig BLOB NOT NULL,
    n_shingles INTEGER NOT NULL,
    bands BLOB NOT NULL,
    fps BLOB NOT NULL,
    text BLOB
);
CREATE INDEX IF NOT EXISTS docs_date ON docs(date) WHERE date IS NOT NULL;
CREATE TABLE IF NOT EXISTS state(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS doc_sentences(doc INTEGER PRIMARY KEY, keys BLOB NOT NULL);
""" + "".join(
    f"CREATE TABLE IF NOT EXISTS {fam}{lvl}(key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(key, doc)) WITHOUT ROWID;\n"
    for fam in ("bands", "fps", "sents") for lvl in range(3)
)

#: The lookup tables, each in three levels (see the module docstring).
FAMILIES = ("bands", "fps", "sents")
LEVELS = 3
#: Rows a level may hold before it is merged into the next (the last level is unbounded).
LEVEL_ROWS = (500_000, 6_000_000)

#: Host parameters per statement (SQLite's historical limit is 999).
_CHUNK = 900
_I8 = np.dtype("<i8")


def _keys_blob(keys: Sequence[int]) -> bytes:
    return np.asarray(keys, dtype=_I8).tobytes()


def _keys_list(blob: bytes) -> list[int]:
    """The int64 keys of a stored key list; a damaged value (another type, a torn length) is a
    ``sqlite3.DatabaseError``, which the storage guard reports as a damaged index."""
    if not isinstance(blob, bytes) or len(blob) % _I8.itemsize:
        raise sqlite3.DatabaseError(f"malformed key list (a {type(blob).__name__} value)")
    return np.frombuffer(blob, dtype=_I8).tolist()


def _chunks(seq: Sequence, n: int = _CHUNK):
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _sqlite_error(store: "SQLiteStorage", e: BaseException) -> DedupError | None:
    """The project's error for a failure of the SQLite file (see :func:`guarded`)."""
    if store._db is None and isinstance(e, (AttributeError, sqlite3.ProgrammingError)):
        return StorageError(f"{store.path}: the index is closed")
    if isinstance(e, UnicodeEncodeError):  # a caller below Index passed a lone surrogate
        return InputError(f"{store.path}: a value to store is not valid text ({e.reason}: {e.object[e.start:e.end]!r})")
    if isinstance(e, UnicodeDecodeError):  # a TEXT value whose bytes were damaged
        return IndexCorruptError(f"{store.path}: damaged index (a stored text value is not UTF-8: {e}); "
                                 f"run: dedup index check {store.path}")
    if not isinstance(e, sqlite3.Error):
        return None
    msg = str(e)
    if isinstance(e, (sqlite3.ProgrammingError, sqlite3.InterfaceError)):  # a value SQLite cannot bind
        return InputError(f"{store.path}: {msg}")
    damaged = ("malformed", "not a database", "no such table", "no such column", "constraint failed",
               "datatype mismatch", "corrupt")
    if not isinstance(e, sqlite3.OperationalError) or any(d in msg for d in damaged):
        return IndexCorruptError(f"{store.path}: damaged index ({msg}); run: dedup index check {store.path}")
    if "locked" in msg or "busy" in msg:
        return StorageError(f"{store.path}: the index stayed locked by another writer past the timeout ({msg})")
    return StorageError(f"{store.path}: {msg}")


@guarded(_sqlite_error)
class SQLiteStorage(Storage):
    """A dedup index in one SQLite file. ``timeout``: seconds a writer waits for the write lock;
    ``synchronous``: ``"FULL"`` (durable against power loss, the default) or ``"NORMAL"``
    (durable against a process crash only; faster single adds); ``cache_mb``: SQLite page cache;
    ``mmap_mb``: memory-mapped reads (0 turns them off); ``create=False`` refuses a missing file
    (:class:`MissingIndexError`) instead of creating it."""

    kind = "sqlite"

    def __init__(
        self, path: str, *, timeout: float = 60.0, synchronous: str = "FULL", cache_mb: int = 64, mmap_mb: int = 2048,
        create: bool = True,
    ) -> None:
        if synchronous.upper() not in ("FULL", "NORMAL", "EXTRA"):
            raise ValueError(f"synchronous must be FULL, NORMAL or EXTRA, got {synchronous!r}")
        self.path = os.fspath(path)
        if not create and not os.path.exists(self.path):
            raise MissingIndexError(f"{self.path}: no such index")
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as e:
            raise IndexFormatError(f"{self.path}: cannot open the index: {e}") from None
        try:
            mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        except sqlite3.OperationalError as e:  # locked, read-only, I/O error: not a format problem
            self._db.close()
            raise DedupError(f"{self.path}: cannot open the index: {e}") from None
        except (sqlite3.DatabaseError, UnicodeDecodeError) as e:
            self._db.close()
            raise IndexFormatError(f"{self.path}: not a dedup index (not an SQLite database: {e})") from None
        if not isinstance(mode, str) or mode.lower() != "wal":
            self._db.close()
            raise IndexFormatError(f"{self.path}: cannot switch the database to WAL mode (got {mode!r})")
        self._db.execute(f"PRAGMA synchronous={synchronous.upper()}")
        self._db.execute(f"PRAGMA cache_size=-{int(cache_mb) * 1024}")
        self._db.execute("PRAGMA temp_store=MEMORY")
        # Lookups read pages through a memory map instead of read() calls (SQLite caps the size
        # at its compile-time limit, 2 GB in common builds): about 20% off a query at 1M articles.
        self._db.execute(f"PRAGMA mmap_size={int(mmap_mb) * 2**20}")
        self._db.execute("PRAGMA journal_size_limit=67108864")  # shrink the WAL after big merges

    # --- helpers ------------------------------------------------------------------------

    def _write(self):
        return _Transaction(self._db, self._lock)

    def _read_config(self) -> dict[str, str] | None:
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables:
            if tables:
                raise IndexFormatError(f"{self.path}: not a dedup index (an SQLite database without a meta table)")
            return None
        config = dict(self._db.execute("SELECT key, value FROM meta"))
        return config or None

    # --- protocol -----------------------------------------------------------------------

    def read_config(self) -> dict[str, str] | None:
        with self._lock:
            return self._read_config()

    def init_config(self, config: Mapping[str, str]) -> dict[str, str]:
        with self._lock:
            stored = self._read_config()
            if stored is not None:
                return stored
            with self._write():
                for stmt in _SCHEMA.strip().split(";\n"):
                    self._db.execute(stmt)
                self._db.executemany(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", [(k, str(v)) for k, v in config.items()]
                )
            return self._read_config() or {}

    def _counts(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT key, value FROM state"))

    def _bump(self, deltas: dict[str, int]) -> None:
        self._db.executemany(
            "INSERT INTO state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = value + excluded.value",
            [(k, v) for k, v in deltas.items() if v],
        )

    def _drop(self, docs: list[tuple[int, bytes, bytes]]) -> None:
        """Delete documents and their lookup rows (inside a write transaction)."""
        if not docs:
            return
        deltas = {}
        for fam, col in (("bands", 1), ("fps", 2)):
            pairs = [(k, d[0]) for d in docs for k in _keys_list(d[col])]
            for lvl in range(LEVELS):
                cur = self._db.executemany(f"DELETE FROM {fam}{lvl} WHERE key = ? AND doc = ?", pairs)
                deltas[f"{fam}{lvl}"] = -max(cur.rowcount, 0)
        self._bump(deltas)
        self._drop_sentences([d[0] for d in docs])
        self._db.executemany("DELETE FROM docs WHERE doc = ?", [(d[0],) for d in docs])

    def _existing(self, ids: Sequence[str]) -> list[tuple[int, bytes, bytes]]:
        out = []
        for part in _chunks(list(ids)):
            q = f"SELECT doc, bands, fps FROM docs WHERE id IN ({','.join('?' * len(part))})"
            out.extend(self._db.execute(q, part).fetchall())
        return out

    def _merge_full_levels(self) -> None:
        """Merge each full level into the next, in key order (inside a write transaction)."""
        counts = self._counts()
        for fam in FAMILIES:
            for lvl in range(LEVELS - 1):
                n = counts.get(f"{fam}{lvl}", 0)
                if n <= LEVEL_ROWS[lvl]:
                    continue
                self._db.execute(
                    f"INSERT OR IGNORE INTO {fam}{lvl + 1}(key, doc) SELECT key, doc FROM {fam}{lvl} ORDER BY key, doc"
                )
                self._db.execute(f"DELETE FROM {fam}{lvl}")
                self._bump({f"{fam}{lvl}": -n, f"{fam}{lvl + 1}": n})
                counts[f"{fam}{lvl + 1}"] = counts.get(f"{fam}{lvl + 1}", 0) + n

    def put(self, records: Sequence[StoredRecord]) -> None:
        if not records:
            return
        with self._write():
            self._drop(self._existing([r.id for r in records]))
            first = (self._db.execute("SELECT max(doc) FROM docs").fetchone()[0] or 0) + 1
            self._db.executemany(
                "INSERT INTO docs(doc, id, date, source, meta, sig, n_shingles, bands, fps, text)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (first + i, r.id, r.date, r.source, r.meta, r.signature, r.n_shingles,
                     _keys_blob(r.bands), _keys_blob(r.fingerprints), r.text)
                    for i, r in enumerate(records)
                ],
            )
            deltas = {}
            for fam, attr in (("bands", "bands"), ("fps", "fingerprints")):
                rows = sorted({(k, first + i) for i, r in enumerate(records) for k in getattr(r, attr)})
                self._db.executemany(f"INSERT OR IGNORE INTO {fam}0(key, doc) VALUES (?, ?)", rows)
                deltas[f"{fam}0"] = len(rows)
            self._bump(deltas)
            self._put_sentences([(first + i, r.sentence_keys) for i, r in enumerate(records)])
            self._merge_full_levels()

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return 0
        with self._write():
            old = self._existing(ids)
            self._drop(old)
        return len(old)

    def expire(self, before: float) -> int:
        with self._write():
            old = self._db.execute("SELECT doc, bands, fps FROM docs WHERE date < ?", (before,)).fetchall()
            self._drop(old)
        return len(old)

    # --- per-source sentence counts (learned boilerplate) -------------------------------

    def _put_sentences(self, docs: list[tuple[int, list[int]]]) -> None:
        """Store new documents' sentence keys (inside a write transaction)."""
        self._db.executemany(
            "INSERT OR REPLACE INTO doc_sentences(doc, keys) VALUES (?, ?)", [(d, _keys_blob(k)) for d, k in docs]
        )
        rows = sorted({(k, d) for d, keys in docs for k in keys})
        self._db.executemany("INSERT OR IGNORE INTO sents0(key, doc) VALUES (?, ?)", rows)
        self._bump({"sents0": len(rows)})

    def _drop_sentences(self, docs: list[int]) -> None:
        """Delete documents' sentence keys (inside a write transaction)."""
        pairs = []
        for part in _chunks(docs):
            q = f"SELECT doc, keys FROM doc_sentences WHERE doc IN ({','.join('?' * len(part))})"
            pairs.extend((k, d) for d, blob in self._db.execute(q, part) for k in _keys_list(blob))
        deltas = {}
        for lvl in range(LEVELS):
            cur = self._db.executemany(f"DELETE FROM sents{lvl} WHERE key = ? AND doc = ?", pairs)
            deltas[f"sents{lvl}"] = -max(cur.rowcount, 0)
        self._bump(deltas)
        self._db.executemany("DELETE FROM doc_sentences WHERE doc = ?", [(d,) for d in docs])

    def sentence_counts(self, keys: Sequence[int], cap: int) -> list[int]:
        keys = list(keys)
        out = [0] * len(keys)
        per = _CHUNK // 2
        levels = " UNION ALL ".join(f"SELECT 1 FROM sents{lvl} WHERE key = ?{{n}}" for lvl in range(LEVELS))
        with self._lock:
            for start in range(0, len(keys), per):
                part = keys[start : start + per]
                q = " UNION ALL ".join(
                    f"SELECT {i}, (SELECT count(*) FROM ({levels.format(n=i + 1)} LIMIT ?{len(part) + 1}))"
                    for i in range(len(part))
                )
                for i, n in self._db.execute(q, [*part, int(cap)]):
                    out[start + i] = n
        return out

    def sources(self) -> list[str | None]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT DISTINCT source FROM docs")]

    def _ids_of(self, docs: Iterable[int]) -> dict[int, str]:
        docs = list(docs)
        out: dict[int, str] = {}
        for part in _chunks(docs):
            q = f"SELECT doc, id FROM docs WHERE doc IN ({','.join('?' * len(part))})"
            out.update(self._db.execute(q, part).fetchall())
        return out

    def by_bands(self, keys: Sequence[int]) -> dict[str, int]:
        keys = list(keys)
        hits: dict[int, int] = {}
        with self._lock:
            for part in _chunks(keys, _CHUNK // LEVELS):
                marks = ",".join("?" * len(part))
                q = " UNION ALL ".join(f"SELECT doc FROM bands{lvl} WHERE key IN ({marks})" for lvl in range(LEVELS))
                for (doc,) in self._db.execute(q, part * LEVELS):
                    hits[doc] = hits.get(doc, 0) + 1
            ids = self._ids_of(hits)
        return {ids[d]: n for d, n in hits.items() if d in ids}

    def by_fingerprints(self, fingerprints: Sequence[int], cap: int) -> tuple[dict[str, int], int]:
        hits: dict[int, int] = {}
        skipped = 0
        fps = list(dict.fromkeys(fingerprints))
        # One statement for all fingerprints; each one's rows stop at cap + 1 (LIMIT in its own
        # subquery), so a boilerplate sentence held by 100,000 documents costs cap + 1 rows.
        per = _CHUNK // 2
        with self._lock:
            for start in range(0, len(fps), per):
                part = fps[start : start + per]
                levels = " UNION ALL ".join(f"SELECT doc FROM fps{lvl} WHERE key = ?{{n}}" for lvl in range(LEVELS))
                q = " UNION ALL ".join(
                    f"SELECT {i} AS k, doc FROM ({levels.format(n=i + 1)} LIMIT ?{len(part) + 1})"
                    for i in range(len(part))
                )
                found: dict[int, list[int]] = {}
                for k, doc in self._db.execute(q, [*part, cap + 1]):
                    found.setdefault(k, []).append(doc)
                for docs in found.values():
                    if len(docs) > cap:
                        skipped += 1
                        continue
                    for d in docs:
                        hits[d] = hits.get(d, 0) + 1
            ids = self._ids_of(hits)
        return {ids[d]: n for d, n in hits.items() if d in ids}, skipped

    def rows(self, ids: Sequence[str]) -> dict[str, Row]:
        out = {}
        with self._lock:
            for part in _chunks(list(ids)):
                q = (
                    "SELECT id, meta, date, source, sig, n_shingles FROM docs"
                    f" WHERE id IN ({','.join('?' * len(part))})"
                )
                for r in self._db.execute(q, part):
                    if not _row_types_ok(r):
                        raise IndexCorruptError(f"{self.path}: record {r[0]!r:.60}: damaged index (a stored field "
                                                f"has the wrong type); run: dedup index check {self.path}")
                    out[r[0]] = Row(*r)
        return out

    def texts(self, ids: Sequence[str]) -> dict[str, bytes]:
        out = {}
        with self._lock:
            for part in _chunks(list(ids)):
                q = f"SELECT id, text FROM docs WHERE text IS NOT NULL AND id IN ({','.join('?' * len(part))})"
                out.update(self._db.execute(q, part).fetchall())
        return out

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def contains(self, id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM docs WHERE id = ?", (id,)).fetchone() is not None

    def ids(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT id FROM docs")]

    def check(self) -> list[str]:
        """SQLite's integrity check, the tables, every lookup row against its document and every
        document's keys against the lookup tables."""
        with self._lock:
            problems = [f"sqlite: {line}" for line in self.integrity_check().splitlines() if line != "ok"]
            tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            wanted = {"meta", "docs", "state", "doc_sentences",
                      *(f"{fam}{lvl}" for fam in FAMILIES for lvl in range(LEVELS))}
            missing = sorted(wanted - tables)
            if missing:
                return problems + [f"table {t} is missing" for t in missing]
            counts = self._counts()
            for fam in FAMILIES:
                for lvl in range(LEVELS):
                    t = f"{fam}{lvl}"
                    n = self._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    if n != counts.get(t, 0):
                        problems.append(f"table {t}: {n:,} rows, the state table says {counts.get(t, 0):,}")
                    orphans = self._db.execute(
                        f"SELECT count(*) FROM {t} WHERE doc NOT IN (SELECT doc FROM docs)").fetchone()[0]
                    if orphans:
                        problems.append(f"table {t}: {orphans:,} rows point to no document")
            orphans = self._db.execute(
                "SELECT count(*) FROM doc_sentences WHERE doc NOT IN (SELECT doc FROM docs)").fetchone()[0]
            if orphans:
                problems.append(f"table doc_sentences: {orphans:,} rows point to no document")
            keyed = {
                "bands": "SELECT doc, id, bands FROM docs",
                "fps": "SELECT doc, id, fps FROM docs",
                "sents": "SELECT s.doc, d.id, s.keys FROM doc_sentences s JOIN docs d ON d.doc = s.doc",
            }
            for fam in FAMILIES:
                for doc, id, blob in self._db.execute(keyed[fam]).fetchall():
                    if not isinstance(blob, bytes) or len(blob) % 8:
                        problems.append(f"record {id!r}: its {fam} keys are not a list of 64-bit integers")
                        continue
                    keys = set(_keys_list(blob))
                    found = 0
                    for part in _chunks(sorted(keys), _CHUNK // LEVELS):
                        marks = ",".join("?" * len(part))
                        q = " UNION ALL ".join(
                            f"SELECT count(*) FROM {fam}{lvl} WHERE doc = ? AND key IN ({marks})" for lvl in range(LEVELS))
                        found += sum(r[0] for r in self._db.execute(q, [doc, *part] * LEVELS))
                    if found < len(keys):
                        problems.append(f"record {id!r}: {len(keys) - found} of its {len(keys)} {fam} "
                                        "keys are missing from the lookup tables")
        return problems

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` result (``"ok"`` for a sound file)."""
        with self._lock:
            return "\n".join(r[0] for r in self._db.execute("PRAGMA integrity_check"))

    def describe(self) -> str:
        return self.path

    def info(self) -> dict:
        size = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))
        with self._lock:
            counts = self._counts()
        levels = {fam: [counts.get(f"{fam}{lvl}", 0) for lvl in range(LEVELS)] for fam in FAMILIES}
        return {
            "backend": self.kind, "path": self.path, "bytes": size,
            "band_rows": sum(levels["bands"]), "fingerprint_rows": sum(levels["fps"]),
            "band_rows_per_level": levels["bands"], "fingerprint_rows_per_level": levels["fps"],
            "sentence_rows": sum(levels["sents"]),
        }

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None  # type: ignore[assignment]


def _row_types_ok(r: tuple) -> bool:
    """``(id, meta, date, source, sig, n_shingles)`` as written (a damaged page can change types)."""
    id, meta, date, source, sig, n = r
    return (isinstance(id, str) and isinstance(meta, str) and (date is None or isinstance(date, (int, float)))
            and (source is None or isinstance(source, str)) and isinstance(sig, bytes) and isinstance(n, int))


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (or ``ROLLBACK`` on error) under the connection lock."""

    def __init__(self, db: sqlite3.Connection, lock: threading.RLock) -> None:
        self.db, self.lock = db, lock

    def __enter__(self):
        self.lock.acquire()
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.lock.release()
            raise
        return self.db

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.db.execute("COMMIT")
            else:
                self.db.execute("ROLLBACK")
        finally:
            self.lock.release()
        return False
