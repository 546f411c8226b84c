"""Pluggable storage under :class:`dedup.Index`: one protocol (:mod:`.base`), three backends.

========  =====================================  ==========================================
backend   location                               for
========  =====================================  ==========================================
memory    ``None``                               tests, one-off scripts, small batches
sqlite    a file path (``"news.db"``)            the embedded default: durable, one machine
redis     ``"redis://host:6379/0"`` + namespace  many workers sharing one index
========  =====================================  ==========================================

>>> open_storage(None).kind
'memory'
"""

from __future__ import annotations

import os

from .base import FORMAT_VERSION, StoredRecord, Row, Storage

__all__ = ["open_storage", "Storage", "StoredRecord", "Row", "FORMAT_VERSION"]


def open_storage(location, *, namespace: str = "dedup", **options) -> Storage:
    """The backend for ``location``: ``None`` (memory), ``redis://``/``rediss://``/``unix://`` URLs
    (Redis), anything else a path to an SQLite file. A ready :class:`Storage` is passed through."""
    if location is None:
        from .memory import MemoryStorage

        return MemoryStorage()
    if isinstance(location, Storage):
        return location
    if not isinstance(location, (str, os.PathLike)):
        raise TypeError(f"index location must be None, a file path, a redis:// URL or a Storage, "
                        f"got {type(location).__name__}")
    loc = os.fspath(location)
    if isinstance(loc, str) and loc.startswith(("redis://", "rediss://", "unix://")):
        from .redis import RedisStorage

        return RedisStorage(loc, namespace=namespace, timeout=options.get("timeout"))
    from .sqlite import SQLiteStorage

    return SQLiteStorage(loc, **options)
