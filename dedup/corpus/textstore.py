"""The temporary text store of batch scoring: texts by document number in an SQLite file.

The driver writes each chunk of texts once (and drops them from its memory); workers on this
machine read a chunk's texts from the file to sketch them (WAL mode: they read committed chunks
while the driver writes the next), and the driver stores the parse each sketch returns; the driver
fetches each partition's texts and parses to verify it (no article is parsed twice), and
a :class:`~dedup.corpus.result.ScoreResult` fetches pair texts from it for report pages.
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

__all__ = ["TextStore"]


class TextStore:
    """Texts by document number in a temporary SQLite file, written once by the driver and read
    by any number of processes (pickled, a store is just its path; each process opens its own
    read-only connection)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._con: sqlite3.Connection | None = None

    def __getstate__(self) -> dict:
        return {"path": self.path}

    def __setstate__(self, state: dict) -> None:
        self.path, self._con = state["path"], None

    @classmethod
    def create(cls, path: str) -> "TextStore":
        con = sqlite3.connect(path)
        con.executescript(
            # WAL: workers read committed chunks while the driver goes on writing
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
            "CREATE TABLE docs (n INTEGER PRIMARY KEY, id TEXT NOT NULL, line INTEGER, text TEXT NOT NULL,"
            " title TEXT, url TEXT);"
            # each document's parse (dedup.document.pack_units), written when its chunk is sketched
            "CREATE TABLE units (n INTEGER PRIMARY KEY, units TEXT NOT NULL);"
        )
        store = cls(path)
        store._con = con
        return store

    def _connection(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        return self._con

    def add(self, rows: list[tuple[int, str, int, str, str | None, str | None]]) -> None:
        """Store ``(number, id, line, text, title, url)`` rows."""
        self._connection().executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", rows)

    def add_units(self, first: int, packed: list[str]) -> None:
        """Store the packed parses of documents ``first``, ``first + 1``, ... (sketching made them)."""
        self._connection().executemany("INSERT INTO units VALUES (?, ?)", enumerate(packed, first))

    def commit(self) -> None:
        if self._con is not None:
            self._con.commit()

    def get(self, numbers: Iterable[int]) -> dict[int, tuple[str, str]]:
        """``{number: (id, text)}`` for the given document numbers."""
        con = self._connection()
        nums = sorted(set(int(n) for n in numbers))
        out: dict[int, tuple[str, str]] = {}
        for k in range(0, len(nums), 500):
            part = nums[k : k + 500]
            q = f"SELECT n, id, text FROM docs WHERE n IN ({','.join('?' * len(part))})"
            for n, rid, text in con.execute(q, part):
                out[n] = (rid, text)
        return out

    def get_parsed(self, numbers: Iterable[int]) -> dict[int, tuple[str, str, str | None]]:
        """``{number: (id, text, packed units)}`` for the given document numbers (the packed parse
        is None for a document not sketched yet)."""
        con = self._connection()
        nums = sorted(set(int(n) for n in numbers))
        out: dict[int, tuple[str, str, str | None]] = {}
        for k in range(0, len(nums), 500):
            part = nums[k : k + 500]
            q = (f"SELECT d.n, d.id, d.text, u.units FROM docs d LEFT JOIN units u ON u.n = d.n"
                 f" WHERE d.n IN ({','.join('?' * len(part))})")
            for n, rid, text, units in con.execute(q, part):
                out[n] = (rid, text, units)
        return out

    def texts(self, lo: int, hi: int) -> list[str]:
        """The texts of documents ``lo .. hi - 1``, in order."""
        rows = self._connection().execute("SELECT text FROM docs WHERE n >= ? AND n < ? ORDER BY n", (lo, hi))
        return [r[0] for r in rows]

    def details(self, number: int) -> dict[str, str]:
        """The title and URL of a document, those it has (for report pages)."""
        row = self._connection().execute("SELECT title, url FROM docs WHERE n = ?", (int(number),)).fetchone()
        return {k: v for k, v in zip(("title", "url"), row or ()) if v}

    def lines_of(self, rid: str) -> list[int]:
        return [r[0] for r in self._connection().execute("SELECT line FROM docs WHERE id = ? ORDER BY n", (rid,))]

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
