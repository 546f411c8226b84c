"""In-memory backend: plain dicts, gone when the process ends (``Index()``).

>>> from dedup.storage.base import StoredRecord
>>> s = MemoryStorage()
>>> s.init_config({"format_version": "1"})
{'format_version': '1'}
>>> s.put([StoredRecord("a", "{}", None, None, b"", [7, 8], [9], None, 3)])
>>> s.by_bands([8, 10]), s.by_fingerprints([9], cap=5), len(s.rows(["a", "b"]))
({'a': 1}, ({'a': 1}, 0), 1)
>>> s.delete(["a"]), s.count(), s.by_bands([8])
(1, 0, {})
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Iterable, Mapping, Sequence

import numpy as np

from .base import StoredRecord, Row, Storage, band_hits, lookup_keys


class MemoryStorage(Storage):
    """Dicts of rows and of inverted lists, guarded by one lock (safe across threads).

    Kept compact because everything lives in the Python heap: a document's lookup keys are kept as
    int64 bytes (not lists of Python ints), and an inverted list holding one id (most band keys)
    is the id itself rather than a one-element set.
    """

    kind = "memory"

    def __init__(self) -> None:
        self._config: dict[str, str] | None = None
        self._docs: dict[str, tuple[Row, bytes | None, bytes, bytes]] = {}
        self._bands: dict[int, str | set[str]] = {}
        self._fps: dict[int, str | set[str]] = {}
        self._sentences: Counter[int] = Counter()  # source key -> documents holding it
        self._sources: Counter[str | None] = Counter()
        self._doc_sentences: dict[str, bytes] = {}  # id -> its source keys (int64 bytes)
        self._lock = threading.RLock()

    def read_config(self) -> dict[str, str] | None:
        with self._lock:
            return None if self._config is None else dict(self._config)

    def init_config(self, config: Mapping[str, str]) -> dict[str, str]:
        with self._lock:
            if self._config is None:
                self._config = dict(config)
            return dict(self._config)

    @staticmethod
    def _link(table: dict, keys: Iterable[int], id: str) -> None:
        for k in keys:
            have = table.get(k)
            if have is None:
                table[k] = id
            elif isinstance(have, str):
                if have != id:
                    table[k] = {have, id}
            else:
                have.add(id)

    @staticmethod
    def _unlink_keys(table: dict, keys: Iterable[int], id: str) -> None:
        for k in keys:
            have = table.get(k)
            if have is None:
                continue
            if isinstance(have, str):
                if have == id:
                    del table[k]
            else:
                have.discard(id)
                if len(have) == 1:
                    table[k] = next(iter(have))

    def _unlink(self, id: str, entry: tuple) -> None:
        self._unlink_keys(self._bands, np.frombuffer(entry[2], np.int64).tolist(), id)
        self._unlink_keys(self._fps, np.frombuffer(entry[3], np.int64).tolist(), id)
        self._uncount_sentences(id, entry[0].source)

    # --- per-source sentence counts (learned boilerplate) -----------------------------------

    def _count_sentences(self, rec: StoredRecord) -> None:
        self._sentences.update(rec.sentence_keys)
        self._sources[rec.source] += 1
        self._doc_sentences[rec.id] = np.asarray(rec.sentence_keys, np.int64).tobytes()

    def _uncount_sentences(self, id: str, source: str | None) -> None:
        keys = np.frombuffer(self._doc_sentences.pop(id, b""), np.int64).tolist()
        for k in keys:
            n = self._sentences[k] - 1
            if n > 0:
                self._sentences[k] = n
            else:
                del self._sentences[k]
        n = self._sources[source] - 1
        if n > 0:
            self._sources[source] = n
        else:
            del self._sources[source]

    def sentence_counts(self, keys: Sequence[int], cap: int) -> list[int]:
        with self._lock:
            return [min(self._sentences.get(k, 0), cap) for k in keys]

    def sources(self) -> list[str | None]:
        with self._lock:
            return list(self._sources)

    def put(self, records: Sequence[StoredRecord]) -> None:
        with self._lock:
            for rec in records:
                old = self._docs.pop(rec.id, None)
                if old is not None:
                    self._unlink(rec.id, old)
                row = Row(rec.id, rec.meta, rec.date, rec.source, rec.signature, rec.n_shingles)
                bands, fps = np.unique(lookup_keys(rec.bands)), np.unique(lookup_keys(rec.fingerprints))
                self._docs[rec.id] = (row, rec.text, bands.tobytes(), fps.tobytes())
                self._link(self._bands, bands.tolist(), rec.id)
                self._link(self._fps, fps.tolist(), rec.id)
                self._count_sentences(rec)

    def delete(self, ids: Iterable[str]) -> int:
        n = 0
        with self._lock:
            for id in ids:
                entry = self._docs.pop(id, None)
                if entry is not None:
                    self._unlink(id, entry)
                    n += 1
        return n

    def expire(self, before: float) -> int:
        with self._lock:
            old = [id for id, e in self._docs.items() if e[0].date is not None and e[0].date < before]
            return self.delete(old)

    def by_bands(self, keys: Sequence[int], common: int | None = None) -> dict[str, int]:
        with self._lock:
            lists = (self._bands.get(k) for k in dict.fromkeys(lookup_keys(keys).tolist()))
            return band_hits(((ids,) if isinstance(ids, str) else ids for ids in lists if ids is not None), common)

    def by_fingerprints(self, fingerprints: Sequence[int], cap: int) -> tuple[dict[str, int], int]:
        hits: Counter[str] = Counter()
        skipped = 0
        with self._lock:
            for k in dict.fromkeys(lookup_keys(list(dict.fromkeys(fingerprints))).tolist()):
                ids = self._fps.get(k)
                if ids is None:
                    continue
                if isinstance(ids, str):
                    hits[ids] += 1
                elif len(ids) > cap:
                    skipped += 1
                else:
                    hits.update(ids)
        return dict(hits), skipped

    def rows(self, ids: Sequence[str]) -> dict[str, Row]:
        with self._lock:
            return {id: e[0] for id in ids if (e := self._docs.get(id)) is not None}

    def texts(self, ids: Sequence[str]) -> dict[str, bytes]:
        with self._lock:
            return {id: e[1] for id in ids if (e := self._docs.get(id)) is not None and e[1] is not None}

    def count(self) -> int:
        return len(self._docs)

    def contains(self, id: str) -> bool:
        return id in self._docs

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._docs)

    def info(self) -> dict:
        return {"backend": self.kind, "band_keys": len(self._bands), "fingerprints": len(self._fps)}
