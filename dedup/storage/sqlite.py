"""SQLite backend: one file on disk, the embedded default (``Index("news.db")``).

Layout (layout version 7, in the file header's ``user_version``)::

    meta(key TEXT PRIMARY KEY, value TEXT)            -- format_version and every parameter
    docs(doc INTEGER PRIMARY KEY, id TEXT UNIQUE,      -- one row per live document
         date REAL, source TEXT, meta TEXT, sig BLOB, n_shingles INTEGER, text BLOB)
    bands0, fps0, sents0(key INTEGER, doc INTEGER, PRIMARY KEY(key, doc)) WITHOUT ROWID
    bands1..4, fps1..4, sents1..4(first INTEGER PRIMARY KEY, data BLOB)  -- packed runs, levels 1 to 4
    dead(doc INTEGER PRIMARY KEY)                      -- removed documents whose postings remain
    state(key TEXT PRIMARY KEY, value INTEGER)         -- postings of each level, next_doc, dead

Three lookup families: band keys, fingerprints (both shortened to 32 bits,
:func:`dedup.storage.base.lookup_keys`) and per-source sentence keys (whole; a key's postings
count how many documents of that source hold the sentence: learned boilerplate,
:mod:`dedup.boilerplate`). A posting is a ``(key, document number)`` pair.

A document's lookup keys are stored once, as postings (no per-document copy of them): a removal
or an upsert deletes the document's row and writes its number to ``dead`` (a tombstone). Lookups
skip postings of dead documents (every count is exactly what it would be had they been deleted),
a merge leaves them behind, and when dead documents exceed ``DEAD_SHARE`` of the live ones (and
``DEAD_MIN``) one pass deletes them from every level and empties ``dead``. Document numbers come
from ``state.next_doc`` and are never reused. Metadata is JSON text, signatures raw
little-endian bytes: no pickle anywhere.

Why levels (a small log-structured merge): keys are hashes, so every new posting lands on a random
page. New postings go into level 0, a B-tree of rows kept small (``LEVEL_ROWS[0]``, cheap to
update at random); when it is full it is merged, in key order, into level 1, level 1 into level 2
when that fills, and so on to level 4 (unbounded); each level holds 8 times the one before, so a
posting is rewritten a few times a level and the work of an add grows as the log of the index,
not with it. A batch that would overflow level 0 goes, with the levels below, straight to the
first level that holds them all. Levels 1 to 4 are sorted runs packed into blocks of about 130
postings stored under their first key (:mod:`.runs`, about 3.5 bytes a posting where a B-tree
row took about 30); a merge rewrites the next level one slice of the key space at a time, inside
the transaction of the add that triggers it. A lookup reads, per key, the level-0 rows and one
block of each run (the block whose first key is the greatest not above the key): one statement
per run for all the keys of a lookup, each block read once.

The layout version is in the file header, so a file written by another layout is refused before
anything is read or created in it: one :class:`IndexFormatError` line saying to rebuild (or to
upgrade dedup, for a newer file).

Concurrency and durability: WAL mode, so readers in other processes never block the writer nor
each other; writes take the write lock up front (``BEGIN IMMEDIATE``) and wait for it up to
``timeout`` seconds (SQLite's busy handler), so two writer processes queue instead of failing;
``synchronous=FULL`` by default, so a write that returned survives ``kill -9`` and a power cut.
Opening an existing file reads its header and ``meta`` table and nothing else: no rebuild.

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

import contextlib
import functools
import itertools
import os
import sqlite3
import threading
from typing import Iterable, Mapping, Sequence

import numpy as np

from ..errors import DedupError, IndexCorruptError, IndexFormatError, MissingIndexError
from . import runs
from .base import LOOKUP_KEY_BITS, StoredRecord, Row, Storage, asked_keys, band_hits, group_answers, guarded, lookup_keys
from .sqlite_errors import sqlite_error

#: Version of this file layout, kept in the SQLite header (``PRAGMA user_version``): 3 since the
#: per-document key lists gave way to tombstones (files without it are layout 2 or older), 4 since
#: levels 1 and 2 are packed runs of 32-bit keys (:mod:`.runs`) instead of a row per posting, 5
#: since a block packs its postings in its own bit width instead of whole bytes, 6 since a key held
#: by more than ``runs.ALONE`` documents has a block of its own (a capped lookup skips it unread), 7
#: since the runs have four levels of geometric sizes (``LEVEL_ROWS``) instead of two.
LAYOUT_VERSION = 7
#: ``PRAGMA application_id`` of a dedup index ("ddup").
APPLICATION_ID = 0x64647570
#: The lookup tables, each in ``LEVELS`` levels (see the module docstring).
FAMILIES = ("bands", "fps", "sents")
LEVELS = 5
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
    text BLOB
);
CREATE INDEX IF NOT EXISTS docs_date ON docs(date) WHERE date IS NOT NULL;
CREATE TABLE IF NOT EXISTS state(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dead(doc INTEGER PRIMARY KEY);
""" + "".join(
    f"CREATE TABLE IF NOT EXISTS {fam}0(key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(key, doc)) WITHOUT ROWID;\n"
    + "".join(f"CREATE TABLE IF NOT EXISTS {fam}{lvl}(first INTEGER PRIMARY KEY, data BLOB NOT NULL);\n"
              for lvl in range(1, LEVELS))
    for fam in FAMILIES
)

#: Bits of each family's keys (band keys and fingerprints are stored shortened, see
#: :func:`dedup.storage.base.lookup_keys`; sentence keys whole).
KEY_BITS = {"bands": LOOKUP_KEY_BITS, "fps": LOOKUP_KEY_BITS, "sents": 64}
#: Postings a level may hold before it is merged into the next; the level after the last one
#: listed is unbounded (at most ``LEVELS - 1``). Level 0 is a table of rows, cheap to update at
#: random while small; levels 1 to 4 are packed runs, each rewritten whole by a merge into it, so
#: each is 8 times the one before (a posting is rewritten about 4 times a level). Layout 6 had two
#: (4,000,000 then unbounded): every 4,000,000 new postings rewrote the whole index.
LEVEL_ROWS = (200_000, 4_000_000, 32_000_000, 256_000_000)
#: A merge rewrites a run in slices of the key space holding about this many postings (the
#: memory a merge needs: about 50 bytes a posting).
SLICE_POSTINGS = 2_000_000
#: Dead documents' rows are deleted from every table once they exceed this share of the live
#: documents and DEAD_MIN: one pass over the tables per tenth of the index removed, so the
#: leftover rows stay under ~10% of the lookup tables.
DEAD_SHARE = 0.1
DEAD_MIN = 1000

PAGE_SIZE = 8192  #: of a new file: five 1.5 KB article rows fill 95% of a page (two fill 75% of 4 KB)
#: Free pages are given back to the file system once they exceed this many bytes (and a tenth
#: of the file); below it later adds reuse them.
RECLAIM_BYTES = 32 * 2**20

#: Host parameters per statement (SQLite's historical limit is 999).
_CHUNK = 900
#: Keys per lookup statement, and the step their count is padded to (see ``_per_key``).
_PER_STATEMENT = 448
_PAD = 32


@functools.lru_cache(maxsize=None)
def _per_key_sql(fam: str, size: int, dead: bool) -> str:
    """The statement text of :meth:`SQLiteStorage._per_key` for ``size`` keys (``?1..?size``, the
    cap last) over level 0; rows of dead documents are filtered only when there are any."""
    alive = " AND doc NOT IN (SELECT doc FROM dead)" if dead else ""
    return " UNION ALL ".join(f"SELECT {i} AS k, doc FROM (SELECT doc FROM {fam}0 WHERE key = ?{i + 1}{alive} LIMIT ?{size + 1})"
                              for i in range(size))


def _last_level() -> int:
    """The unbounded level: the one after the last capacity of ``LEVEL_ROWS``."""
    return min(len(LEVEL_ROWS), LEVELS - 1)


def _chunks(seq: Sequence, n: int = _CHUNK):
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


@guarded(sqlite_error)
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
        new = not os.path.exists(self.path) or os.path.getsize(self.path) == 0
        try:
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False,
                                       cached_statements=512)
        except sqlite3.Error as e:
            raise IndexFormatError(f"{self.path}: cannot open the index: {e}") from None
        try:
            if new:  # a new file gives its free pages back to the file system (see _reclaim)
                self._db.execute(f"PRAGMA page_size={PAGE_SIZE}")
                self._db.execute("PRAGMA auto_vacuum=INCREMENTAL")
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

    @contextlib.contextmanager
    def _snapshot(self):
        """One read transaction around a lookup's statements, so the level counts it reads and
        the rows it finds come from the same commit (a writer in another process may merge
        levels in between)."""
        with self._lock:
            if self._db.in_transaction:
                yield
                return
            self._db.execute("BEGIN")
            try:
                yield
            finally:
                self._db.execute("COMMIT")

    def _read_config(self) -> dict[str, str] | None:
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        app = self._db.execute("PRAGMA application_id").fetchone()[0]
        layout = self._db.execute("PRAGMA user_version").fetchone()[0]
        if "meta" not in tables or app not in (0, APPLICATION_ID):
            raise IndexFormatError(f"{self.path}: not a dedup index (an SQLite database without a meta table)")
        if layout > LAYOUT_VERSION:
            raise IndexFormatError(f"{self.path}: index file layout {layout} was written by a newer dedup (this one "
                                   f"reads layout {LAYOUT_VERSION}): upgrade dedup")
        if layout != LAYOUT_VERSION:
            raise IndexFormatError(f"{self.path}: index written by an older dedup (file layout {layout or '2 or older'}, "
                                   f"this dedup reads layout {LAYOUT_VERSION}): rebuild the index from its articles")
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
                if self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    return self._read_config() or {}  # another process created it meanwhile
                for stmt in _SCHEMA.strip().split(";\n"):
                    self._db.execute(stmt)
                self._db.execute(f"PRAGMA user_version = {LAYOUT_VERSION}")
                self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
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

    def _state(self, key: str) -> int:
        row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        if row is not None and not isinstance(row[0], int):
            raise IndexCorruptError(f"{self.path}: damaged index (state {key} is a {type(row[0]).__name__}); "
                                    f"run: dedup index check {self.path}")
        return 0 if row is None else row[0]

    def _kill(self, docs: list[int]) -> None:
        """Remove documents: their rows leave ``docs``, their numbers go to ``dead`` (their lookup
        rows stay until a purge); inside a write transaction."""
        if not docs:
            return
        self._db.executemany("DELETE FROM docs WHERE doc = ?", [(d,) for d in docs])
        self._db.executemany("INSERT OR IGNORE INTO dead(doc) VALUES (?)", [(d,) for d in docs])
        self._bump({"dead": len(docs)})

    def _purge_dead(self) -> None:
        """Delete dead documents' lookup rows from every table once there are enough of them
        (inside a write transaction)."""
        dead = self._state("dead")
        if dead <= max(DEAD_MIN, DEAD_SHARE * self._db.execute("SELECT count(*) FROM docs").fetchone()[0]):
            return
        deltas = {"dead": -dead}
        gone = self._dead_docs()
        for fam in FAMILIES:
            cur = self._db.execute(f"DELETE FROM {fam}0 WHERE doc IN (SELECT doc FROM dead)")
            deltas[f"{fam}0"] = -max(cur.rowcount, 0)
            for lvl in range(1, LEVELS):
                deltas[f"{fam}{lvl}"] = self._rewrite(fam, lvl, (), gone) - self._counts().get(f"{fam}{lvl}", 0)
        self._db.execute("DELETE FROM dead")
        self._bump(deltas)

    def _dead_docs(self) -> np.ndarray:
        return runs.ints(self._db.execute("SELECT doc FROM dead"))

    def _level_postings(self, fam: str, lvl: int, lo: int, hi: int | None) -> tuple[np.ndarray, np.ndarray]:
        """The postings of one level with keys in ``[lo, hi)`` (``hi=None``: no upper bound)."""
        if lvl:
            return runs.read(self._db, f"{fam}{lvl}", lo, hi)
        bound, args = ("", (lo,)) if hi is None else (" AND key < ?", (lo, hi))
        a = runs.ints(self._db.execute(f"SELECT key, doc FROM {fam}0 WHERE key >= ?{bound}", args), columns=2)
        return a[:, 0].copy(), a[:, 1].copy()

    def _rewrite(self, fam: str, lvl: int, sources: Sequence[int], dead: np.ndarray, batch: tuple | None = None) -> int:
        """Rewrite the run of level ``lvl`` (1 or more) merged with the levels ``sources`` (lower
        ones, possibly none) and the sorted postings ``batch`` (new ones, not written anywhere yet),
        less the ``dead`` documents' postings, one slice of the key space at a time; empty the
        ``sources``. Returns the postings the run holds now (inside a write transaction)."""
        counts = self._counts()
        total = sum(counts.get(f"{fam}{v}", 0) for v in (lvl, *sources))
        total += batch[0].size if batch is not None else 0
        slices = 1
        while slices < runs.CELLS and total > slices * SLICE_POSTINGS:
            slices *= 2
        kept = 0
        for lo, hi in runs.cell_bounds(KEY_BITS[fam], slices):
            parts = [self._level_postings(fam, v, lo, hi) for v in (lvl, *sources)]
            if batch is not None:
                a, b = np.searchsorted(batch[0], lo), batch[0].size if hi is None else np.searchsorted(batch[0], hi)
                parts.append((batch[0][a:b], batch[1][a:b]))
            keys, docs = runs.merged(parts, dead)
            bound = "" if hi is None else " AND first < ?"
            self._db.execute(f"DELETE FROM {fam}{lvl} WHERE first >= ?{bound}", (lo,) if hi is None else (lo, hi))
            self._db.executemany(f"INSERT INTO {fam}{lvl}(first, data) VALUES (?, ?)",
                                 runs.encode(keys, docs, KEY_BITS[fam]))
            kept += keys.size
        for v in sources:
            self._db.execute(f"DELETE FROM {fam}{v}")
        return kept

    def _reclaim(self) -> None:
        """Give free pages back to the file system once they are over RECLAIM_BYTES and a tenth of
        the file: a level merge or a purge frees a whole level at once (after a write transaction;
        SQLite runs incremental_vacuum to completion only outside one)."""
        with self._lock:
            free = self._db.execute("PRAGMA freelist_count").fetchone()[0]
            pages = self._db.execute("PRAGMA page_count").fetchone()[0]
            if free * self._db.execute("PRAGMA page_size").fetchone()[0] > RECLAIM_BYTES and free > pages // 10:
                self._db.executescript("PRAGMA incremental_vacuum;")

    def _existing(self, ids: Sequence[str]) -> list[int]:
        out = []
        for part in _chunks(list(ids)):
            q = f"SELECT doc FROM docs WHERE id IN ({','.join('?' * len(part))})"
            out.extend(r[0] for r in self._db.execute(q, part))
        return out

    def _merge_full_levels(self) -> None:
        """Merge each full level into the next, in key order, leaving dead documents' postings
        behind (inside a write transaction)."""
        dead = None
        for fam in FAMILIES:
            for lvl in range(_last_level()):
                counts = self._counts()
                n = counts.get(f"{fam}{lvl}", 0)
                if n <= LEVEL_ROWS[lvl]:
                    continue
                dead = self._dead_docs() if dead is None else dead
                kept = self._rewrite(fam, lvl + 1, (lvl,), dead)
                self._bump({f"{fam}{lvl}": -n, f"{fam}{lvl + 1}": kept - counts.get(f"{fam}{lvl + 1}", 0)})

    def _insert_keys(self, fam: str, first: int, lists: Sequence[Sequence[int]]) -> None:
        """Level-0 rows ``(key, first + i)`` for each key of ``lists[i]`` (shortened for band keys
        and fingerprints), written in key order."""
        sizes = np.fromiter((len(k) for k in lists), np.int64, len(lists))
        keys = np.fromiter(itertools.chain.from_iterable(lists), np.int64, int(sizes.sum()))
        if KEY_BITS[fam] < 64:
            keys = lookup_keys(keys)
        docs = np.repeat(np.arange(first, first + len(lists), dtype=np.int64), sizes)
        keys, docs = runs.merged([(keys, docs)], np.empty(0, np.int64))  # a key listed twice for one doc: once
        counts = self._counts()
        n = [counts.get(f"{fam}{lvl}", 0) for lvl in range(LEVELS)]
        if n[0] + keys.size > LEVEL_ROWS[0]:
            # level 0 would be merged at once: the batch and the levels below go to the first level
            # that holds them all (the last one holds any number), each posting written once
            top, total = 1, n[0] + keys.size + n[1]
            while top < _last_level() and total > LEVEL_ROWS[top]:
                top += 1
                total += n[top]
            kept = self._rewrite(fam, top, tuple(range(top)), self._dead_docs(), batch=(keys, docs))
            self._bump({**{f"{fam}{lvl}": -n[lvl] for lvl in range(top)}, f"{fam}{top}": kept - n[top]})
            return
        self._db.executemany(f"INSERT INTO {fam}0(key, doc) VALUES (?, ?)", zip(keys.tolist(), docs.tolist()))
        self._bump({f"{fam}0": int(keys.size)})

    def put(self, records: Sequence[StoredRecord]) -> None:
        if not records:
            return
        with self._write():
            self._kill(self._existing([r.id for r in records]))
            first = max(self._state("next_doc"), 1)
            self._db.executemany(
                "INSERT INTO docs(doc, id, date, source, meta, sig, n_shingles, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(first + i, r.id, r.date, r.source, r.meta, r.signature, r.n_shingles, r.text)
                 for i, r in enumerate(records)],
            )
            self._db.execute("INSERT INTO state(key, value) VALUES ('next_doc', ?) ON CONFLICT(key) DO UPDATE "
                             "SET value = excluded.value", (first + len(records),))
            self._insert_keys("bands", first, [r.bands for r in records])
            self._insert_keys("fps", first, [r.fingerprints for r in records])
            self._insert_keys("sents", first, [r.sentence_keys for r in records])
            self._merge_full_levels()
            self._purge_dead()
        self._reclaim()

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return 0
        with self._write():
            old = self._existing(ids)
            self._kill(old)
            self._purge_dead()
        self._reclaim()
        return len(old)

    def expire(self, before: float) -> int:
        with self._write():
            old = [r[0] for r in self._db.execute("SELECT doc FROM docs WHERE date < ?", (before,))]
            self._kill(old)
            self._purge_dead()
        self._reclaim()
        return len(old)

    def compact(self) -> dict:
        """Merge each lookup family's levels into one run (the lowest level that holds them all),
        less removed documents' postings, and free the pages: a lookup then reads one block per key
        instead of one per level. Returns ``{family: levels it had}`` for each family rewritten."""
        done: dict = {}
        with self._write():
            dead, counts = self._dead_docs(), self._counts()
            for fam in FAMILIES:
                n = [counts.get(f"{fam}{lvl}", 0) for lvl in range(LEVELS)]
                held = [lvl for lvl in range(LEVELS) if n[lvl] > 0]
                if not held or (held == [max(held)] and max(held) > 0 and not dead.size):
                    continue  # empty, or one run already with nothing dead in it
                top, total = max(1, max(held)), sum(n)
                while top < _last_level() and total > LEVEL_ROWS[top]:
                    top += 1
                kept = self._rewrite(fam, top, tuple(v for v in held if v != top), dead)
                self._bump({**{f"{fam}{v}": -n[v] for v in held if v != top}, f"{fam}{top}": kept - n[top]})
                done[fam] = len(held)
            if dead.size:  # every family holding postings was rewritten without theirs
                self._db.execute("DELETE FROM dead")
                self._bump({"dead": -self._state("dead")})
        with self._lock:
            self._db.executescript("PRAGMA incremental_vacuum;")
        return done

    # --- lookups ------------------------------------------------------------------------

    def _levels(self, fam: str) -> tuple[int, ...]:
        """The levels of ``fam`` that hold postings (a lookup skips the empty ones: a level merge
        empties the levels below the one it wrote)."""
        counts = self._counts()
        return tuple(lvl for lvl in range(LEVELS) if counts.get(f"{fam}{lvl}", 0) > 0)

    def _per_key(self, fam: str, keys: list[int], cap: int):
        """``(i, doc)`` rows of one statement over level 0 for ``keys`` (at most ``_PER_STATEMENT``):
        each live document holding ``keys[i]``, at most ``cap`` per key. The key list is padded
        (with its last key, whose extra rows are dropped) to a multiple of ``_PAD`` so the few
        statement texts are compiled once per connection instead of once per query."""
        n = len(keys)
        size = -(-n // _PAD) * _PAD
        sql = _per_key_sql(fam, size, self._state("dead") > 0)
        for i, value in self._db.execute(sql, [*keys, *[keys[-1]] * (size - n), int(cap)]):
            if i < n:
                yield i, value

    def _dead_among(self, docs: Iterable[int]) -> set[int]:
        """Which of ``docs`` are dead (removed, their postings not purged yet)."""
        if not self._state("dead"):
            return set()
        out: set[int] = set()
        for part in _chunks(list(docs)):
            out.update(r[0] for r in self._db.execute(f"SELECT doc FROM dead WHERE doc IN ({','.join('?' * len(part))})", part))
        return out

    def _holders(self, fam: str, keys: list[int], cap: int) -> tuple[np.ndarray, np.ndarray]:
        """``(owner, doc)`` arrays: each live document holding ``keys[owner]``, every one from the
        runs and at most ``cap`` per key from level 0 (inside a read snapshot); a key a run holds
        ``cap`` times or more, in a block left unread, has ``cap`` entries of document -1."""
        levels = self._levels(fam)
        owners, docs = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
        if 0 in levels:
            rows = [(start + i, d) for start in range(0, len(keys), _PER_STATEMENT)
                    for i, d in self._per_key(fam, keys[start : start + _PER_STATEMENT], cap)]
            a = runs.ints(rows, columns=2)
            owners.append(a[:, 0])
            docs.append(a[:, 1])
        if any(lvl > 0 for lvl in levels):
            # the runs' count of a key is exact only while no document is dead
            limit = runs.over_bytes(cap) if not self._state("dead") else None
            o, d, over = runs.find(self._db, [f"{fam}{lvl}" for lvl in reversed(levels) if lvl > 0], keys, KEY_BITS[fam], limit)
            if self._state("dead"):
                live = ~np.isin(d, np.fromiter(self._dead_among(np.unique(d).tolist()), np.int64))
                o, d = o[live], d[live]
            owners += [o, np.repeat(over, cap)]  # a key left unread counts as cap holders (-1)
            docs += [d, np.full(over.size * cap, -1, np.int64)]
        return np.concatenate(owners), np.concatenate(docs)

    def sentence_counts(self, keys: Sequence[int], cap: int) -> list[int]:
        keys = [int(k) for k in keys]
        if not keys:
            return []
        with self._snapshot():
            owner, _ = self._holders("sents", keys, cap)
        return np.minimum(np.bincount(owner, minlength=len(keys)), cap).tolist()

    def sources(self) -> list[str | None]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT DISTINCT source FROM docs")]

    def _ids_of(self, docs: Iterable[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for part in _chunks(list(docs)):
            q = f"SELECT doc, id FROM docs WHERE doc IN ({','.join('?' * len(part))})"
            out.update(self._db.execute(q, part).fetchall())
        return out

    def by_bands(self, keys: Sequence[int], common: int | None = None) -> dict[str, int]:
        keys = list(dict.fromkeys(lookup_keys(keys).tolist()))
        with self._snapshot():
            owner, docs = self._holders("bands", keys, 2**62) if keys else (np.empty(0, np.int64),) * 2
            order = np.argsort(owner, kind="stable")
            hits = band_hits((d.tolist() for d in np.split(docs[order], np.flatnonzero(np.diff(owner[order])) + 1)), common)
            ids = self._ids_of(hits)
        return {ids[d]: c for d, c in hits.items() if d in ids}

    def by_fingerprints(self, fingerprints: Sequence[int], cap: int) -> tuple[dict[str, int], int]:
        return self.by_fingerprints_many([(fingerprints, cap, 1)])[0]

    def by_fingerprints_many(self, groups: Sequence[tuple[Sequence[int], int, int]]) -> list[tuple[dict[str, int], int]]:
        """One lookup of every group's keys with the largest cap (:func:`group_answers`): each key's
        level-0 rows stop at cap + 1 (LIMIT in its own subquery: a boilerplate sentence held by
        100,000 documents costs cap + 1 rows there, and one block per run, unread when long)."""
        asked, union, top = asked_keys(groups)
        if not union:
            return [({}, 0) for _ in groups]
        with self._snapshot():
            owner, docs = self._holders("fps", union, top + 1)  # (-1: keys over the cap)
            return group_answers(groups, asked, union, owner, docs, self._ids_of)

    def rows(self, ids: Sequence[str]) -> dict[str, Row]:
        out = {}
        with self._lock:
            for part in _chunks(list(ids)):
                q = f"SELECT id, meta, date, source, sig, n_shingles FROM docs WHERE id IN ({','.join('?' * len(part))})"
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
        """SQLite's integrity check, the tables, every lookup row against the live and dead
        documents, and every live document against the band tables (each has band keys)."""
        with self._lock:
            problems = [f"sqlite: {line}" for line in self.integrity_check().splitlines() if line != "ok"]
            tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            wanted = {"meta", "docs", "state", "dead", *(f"{fam}{lvl}" for fam in FAMILIES for lvl in range(LEVELS))}
            missing = sorted(wanted - tables)
            if missing:
                return problems + [f"table {t} is missing" for t in missing]
            counts = self._counts()
            known = np.union1d(runs.ints(self._db.execute("SELECT doc FROM docs")), self._dead_docs())
            banded = np.empty(0, np.int64)
            for fam in FAMILIES:
                for lvl in range(LEVELS):
                    t = f"{fam}{lvl}"
                    docs = self._checked_postings(fam, lvl, problems)
                    if docs.size != counts.get(t, 0):
                        problems.append(f"table {t}: {docs.size:,} postings, the state table says {counts.get(t, 0):,}")
                    orphans = int(np.count_nonzero(~np.isin(docs, known)))
                    if orphans:
                        problems.append(f"table {t}: {orphans:,} postings point to no document")
                    if fam == "bands":
                        banded = np.union1d(banded, docs)
            both = self._db.execute("SELECT count(*) FROM docs WHERE doc IN (SELECT doc FROM dead)").fetchone()[0]
            if both:
                problems.append(f"table dead: {both:,} removed documents are still stored")
            n_dead = self._db.execute("SELECT count(*) FROM dead").fetchone()[0]
            if n_dead != counts.get("dead", 0):
                problems.append(f"table dead: {n_dead:,} rows, the state table says {counts.get('dead', 0):,}")
            top = self._db.execute("SELECT max(doc) FROM docs").fetchone()[0] or 0
            if top >= max(counts.get("next_doc", 1), 1):
                problems.append(f"table state: next_doc {counts.get('next_doc')!r} is not above the last document {top}")
            banded = set(banded.tolist())
            for doc, id in self._db.execute("SELECT doc, id FROM docs"):
                if doc not in banded:
                    problems.append(f"record {id!r}: its band keys are missing from the lookup tables")
        return problems

    def _checked_postings(self, fam: str, lvl: int, problems: list[str]) -> np.ndarray:
        """The documents of every posting of one level, its rows or blocks checked (:func:`.runs.checked`)."""
        if lvl:
            return runs.checked(self._db, f"{fam}{lvl}", problems)
        try:
            return runs.ints(self._db.execute(f"SELECT doc FROM {fam}0"))
        except runs.DamagedBlock as e:
            problems.append(f"table {fam}0: {e}")
        return np.empty(0, np.int64)

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
            "sentence_rows": sum(levels["sents"]), "dead_documents": counts.get("dead", 0),
            "layout_version": LAYOUT_VERSION,
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
