"""What a failure of an SQLite index file means to a dedup user: one :mod:`dedup.errors` error
with the file's path and what to do (:class:`~dedup.storage.sqlite.SQLiteStorage` is wrapped with
:func:`dedup.storage.base.guarded` over :func:`sqlite_error`).

>>> import sqlite3
>>> class Store: path, _db = "x.db", object()
>>> sqlite_error(Store(), sqlite3.DatabaseError("file is not a database"))
IndexCorruptError('x.db: damaged index (file is not a database); run: dedup index check x.db')
"""

from __future__ import annotations

import sqlite3

from ..errors import DedupError, IndexCorruptError, InputError, StorageError
from . import runs


def sqlite_error(store, e: BaseException) -> DedupError | None:
    """The project's error for a failure of the SQLite file (see :func:`guarded`)."""
    if store._db is None and isinstance(e, (AttributeError, sqlite3.ProgrammingError)):
        return StorageError(f"{store.path}: the index is closed")
    if isinstance(e, UnicodeEncodeError):  # a caller below Index passed a lone surrogate
        return InputError(f"{store.path}: a value to store is not valid text ({e.reason}: {e.object[e.start:e.end]!r})")
    if isinstance(e, runs.DamagedBlock):
        return IndexCorruptError(f"{store.path}: damaged index ({e}); run: dedup index check {store.path}")
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
