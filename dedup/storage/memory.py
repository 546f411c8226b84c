"""In-memory backend: plain dicts, gone when the process ends (``Index()``).

>>> from dedup.storage.base import Record
>>> s = MemoryStorage()
>>> s.init_config({"format_version": "1"})
{'format_version': '1'}
>>> s.put([Record("a", "{}", None, None, b"", [7, 8], [9], None, 3)])
>>> s.by_bands([8, 10]), s.by_fingerprints([9], cap=5), len(s.rows(["a", "b"]))
({'a': 1}, ({'a': 1}, 0), 1)
>>> s.delete(["a"]), s.count(), s.by_bands([8])
(1, 0, {})
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Iterable, Mapping, Sequence

from .base import Record, Row, Storage


class MemoryStorage(Storage):
    """Dicts of records and of inverted lists, guarded by one lock (safe across threads)."""

    kind = "memory"

    def __init__(self) -> None:
        self._config: dict[str, str] | None = None
        self._docs: dict[str, Record] = {}
        self._bands: dict[int, set[str]] = {}
        self._fps: dict[int, set[str]] = {}
        self._lock = threading.RLock()

    def init_config(self, config: Mapping[str, str]) -> dict[str, str]:
        with self._lock:
            if self._config is None:
                self._config = dict(config)
            return dict(self._config)

    def _unlink(self, rec: Record) -> None:
        for table, keys in ((self._bands, rec.bands), (self._fps, rec.fingerprints)):
            for k in keys:
                ids = table.get(k)
                if ids is not None:
                    ids.discard(rec.id)
                    if not ids:
                        del table[k]

    def put(self, records: Sequence[Record]) -> None:
        with self._lock:
            for rec in records:
                old = self._docs.pop(rec.id, None)
                if old is not None:
                    self._unlink(old)
                self._docs[rec.id] = rec
                for k in rec.bands:
                    self._bands.setdefault(k, set()).add(rec.id)
                for k in rec.fingerprints:
                    self._fps.setdefault(k, set()).add(rec.id)

    def delete(self, ids: Iterable[str]) -> int:
        n = 0
        with self._lock:
            for id in ids:
                rec = self._docs.pop(id, None)
                if rec is not None:
                    self._unlink(rec)
                    n += 1
        return n

    def expire(self, before: float) -> int:
        with self._lock:
            old = [r.id for r in self._docs.values() if r.date is not None and r.date < before]
            return self.delete(old)

    def by_bands(self, keys: Sequence[int]) -> dict[str, int]:
        hits: Counter[str] = Counter()
        with self._lock:
            for k in keys:
                ids = self._bands.get(k)
                if ids:
                    hits.update(ids)
        return dict(hits)

    def by_fingerprints(self, fingerprints: Sequence[int], cap: int) -> tuple[dict[str, int], int]:
        hits: Counter[str] = Counter()
        skipped = 0
        with self._lock:
            for k in fingerprints:
                ids = self._fps.get(k)
                if not ids:
                    continue
                if len(ids) > cap:
                    skipped += 1
                    continue
                hits.update(ids)
        return dict(hits), skipped

    def rows(self, ids: Sequence[str]) -> dict[str, Row]:
        out = {}
        with self._lock:
            for id in ids:
                r = self._docs.get(id)
                if r is not None:
                    out[id] = Row(r.id, r.meta, r.date, r.source, r.signature, r.n_shingles)
        return out

    def texts(self, ids: Sequence[str]) -> dict[str, bytes]:
        with self._lock:
            return {id: r.text for id in ids if (r := self._docs.get(id)) is not None and r.text is not None}

    def count(self) -> int:
        return len(self._docs)

    def contains(self, id: str) -> bool:
        return id in self._docs

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._docs)

    def info(self) -> dict:
        return {"backend": self.kind, "band_keys": len(self._bands), "fingerprints": len(self._fps)}
