"""Errors the library raises for bad input; the CLI prints them as one line, without a traceback."""

from __future__ import annotations


class DedupError(Exception):
    """Base class: the message names the problem (file, line number, field, byte offset).

    The message is always one line: a driver's multi-line text (SQLite's "malformed database
    schema" quotes the damaged schema) is folded, so the CLI's one-line error stays one line.

    >>> str(DedupError("news.db: damaged index (malformed schema\\n  CREATE TABLE x)"))
    'news.db: damaged index (malformed schema CREATE TABLE x)'
    """

    def __init__(self, *args: object) -> None:
        if len(args) == 1 and isinstance(args[0], str):
            args = (" ".join(args[0].split()),)
        super().__init__(*args)


class InputError(DedupError, ValueError):
    """The input cannot be used: missing, unreadable, not UTF-8, empty, too large, malformed."""


class MissingIndexError(InputError):
    """The store holds no index and the caller asked not to create one (``create=False``)."""


class IndexFormatError(DedupError):
    """An on-disk index was written with another format version or other signature parameters."""


class StorageError(DedupError):
    """The index's backend failed: the Redis server went away or timed out, the SQLite file is
    locked past the timeout, the disk is full. The message names the store and what failed."""


class IndexCorruptError(StorageError):
    """The index holds damaged data (a file with flipped bytes, a tampered row): the message names
    the store and, where there is one, the record. ``dedup index check`` lists every problem."""
