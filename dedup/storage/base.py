"""The storage protocol under :class:`dedup.Index`: backends store and look up, nothing more.

The index computes everything (signatures, band keys, sentence fingerprints, compressed text,
the date key) and hands a backend finished :class:`StoredRecord` objects; a backend keeps them and
answers lookups by band key, by fingerprint and by id. Hashing, candidate scoring, verification
and verdicts never happen in a backend, so a new backend is a few hundred lines of plain storage
code (the same split as datasketch's pluggable storage).

Every backend keeps the same logical content:

- a *config*: a flat ``str -> str`` mapping with the format version and every parameter that
  changes a stored key (the index writes it once and checks it on every open);
- one record per document id (an upsert replaces the whole record and all its lookup keys);
- two inverted lists: band key -> ids, fingerprint -> ids (sentence fingerprints and passage
  fingerprints share the second: both are 64-bit hashes, of different things);
- per-source sentence counts: source key -> how many documents hold it (learned outlet
  boilerplate, :mod:`dedup.boilerplate`), and how many documents each source has.

Keys (band keys, fingerprints, sentence keys) arrive as signed 64-bit integers. Every backend
keeps band keys and fingerprints shortened to their low 32 bits (:func:`lookup_keys`): half the
room, and a posting of a sorted run packs into about 4 bytes (:mod:`dedup.storage.runs`). Two
different hashes then share a key once in 2**32: the lookup returns one more candidate, which
verification rejects, and every backend shortens alike, so all three answer the same. Sentence
keys (whose counts decide learned boilerplate, so a false count would change what is indexed)
are kept whole.

>>> r = StoredRecord("a", '{"source": "x"}', 1.5e9, "x", b"\\0" * 8, [1, 2], [3], b"...", 12)
>>> r.id, r.bands, r.fingerprints
('a', [1, 2], [3])
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable, Mapping, Sequence

import numpy as np

from ..errors import DedupError, MissingIndexError  # noqa: F401  (MissingIndexError: its old home)

#: Version of the stored layout. Bump it whenever a backend's layout or the meaning of a stored
#: field changes; an index refuses to open a store written with another version.
#: 3: band keys and fingerprints stored as their low 32 bits (lookup_keys); 4: a record stored with
#: its text keeps no signature (the index computes it again from the text when it needs one).
FORMAT_VERSION = 4

#: Bits of a band key or fingerprint a backend keeps (see :func:`lookup_keys`).
LOOKUP_KEY_BITS = 32


def lookup_keys(keys: Sequence[int] | np.ndarray) -> np.ndarray:
    """Band keys or fingerprints as stored and looked up: the low :data:`LOOKUP_KEY_BITS` bits of
    each, as a signed integer (int64 array, same order, duplicates kept).

    >>> lookup_keys([5, -1, 2**40 + 7, 2**31]).tolist()
    [5, -1, 7, -2147483648]
    """
    a = np.asarray(keys, dtype=np.int64).view(np.uint64) & np.uint64(2**LOOKUP_KEY_BITS - 1)
    return a.astype(np.uint32).view(np.int32).astype(np.int64)


@dataclass(slots=True)
class StoredRecord:
    """One stored document, ready for a backend.

    ``meta`` is the JSON text of the user's metadata; ``date`` is the UTC epoch seconds of
    ``meta["date"]`` (``None`` without a date), used by time windows and :meth:`Storage.expire`;
    ``source`` is ``meta["source"]`` (for ``exclude_source``); ``signature`` is the MinHash
    signature as little-endian uint32 bytes, or ``b""`` when ``text`` is stored; ``bands`` and ``fingerprints`` are the lookup keys;
    ``text`` is the zlib-compressed UTF-8 text (``None`` when the index does not keep texts);
    ``n_shingles`` is the size of the document's shingle set (for containment estimates);
    ``sentence_keys`` are the :func:`dedup.boilerplate.source_keys` of its distinct content
    sentences, counted per source while the document is stored.
    """

    id: str
    meta: str
    date: float | None
    source: str | None
    signature: bytes
    bands: list[int]
    fingerprints: list[int]
    text: bytes | None
    n_shingles: int
    sentence_keys: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Row:
    """What a lookup by id returns: everything but the lookup keys (and the text, fetched apart)."""

    id: str
    meta: str
    date: float | None
    source: str | None
    signature: bytes
    n_shingles: int


class Storage(ABC):
    """A backend of :class:`dedup.Index`. Every method is one atomic operation.

    Implementations: :class:`dedup.storage.memory.MemoryStorage`,
    :class:`dedup.storage.sqlite.SQLiteStorage`, :class:`dedup.storage.redis.RedisStorage`.
    """

    #: Short name for ``stats()`` ("memory", "sqlite", "redis").
    kind: str = "?"

    # --- configuration --------------------------------------------------------------------

    @abstractmethod
    def read_config(self) -> dict[str, str] | None:
        """The stored config, ``None`` when the store holds no index yet. Writes nothing."""

    @abstractmethod
    def init_config(self, config: Mapping[str, str]) -> dict[str, str]:
        """Store ``config`` if the store has none yet, atomically; return the stored config.

        Two processes creating the same store at once both get the config of the first.
        """

    # --- writes ---------------------------------------------------------------------------

    @abstractmethod
    def put(self, records: Sequence[StoredRecord]) -> None:
        """Upsert ``records`` (ids unique within the batch) in one transaction: an id already
        stored loses its old record and every old lookup key first."""

    @abstractmethod
    def delete(self, ids: Iterable[str]) -> int:
        """Remove these ids (unknown ids are ignored); return how many were removed."""

    @abstractmethod
    def expire(self, before: float) -> int:
        """Remove every record whose ``date`` is strictly before ``before``; return how many."""

    # --- lookups --------------------------------------------------------------------------

    @abstractmethod
    def by_bands(self, keys: Sequence[int], common: int | None = None) -> dict[str, int]:
        """Ids sharing at least one band key with ``keys``, with how many keys each shares. With
        ``common``, an id whose only shared key is held by more than ``common`` documents is left
        out (:func:`band_hits`)."""

    @abstractmethod
    def by_fingerprints(self, fingerprints: Sequence[int], cap: int) -> tuple[dict[str, int], int]:
        """Ids sharing sentence fingerprints with ``fingerprints``, with how many each shares.

        A fingerprint held by more than ``cap`` documents is boilerplate and is skipped; the
        second value returned is how many fingerprints were skipped that way.
        """

    def by_fingerprints_many(self, groups: Sequence[tuple[Sequence[int], int, int]]) -> list[tuple[dict[str, int], int]]:
        """:meth:`by_fingerprints` of each ``(fingerprints, cap, min_shared)`` of ``groups``, in
        order, less the ids sharing fewer than ``min_shared`` of the group's keys (the same
        answers, in the same order): a backend that can answers them from one lookup of all their
        keys (a query asks for each of its fingerprint channels, some keys in two), and reads the
        ids of only the documents it returns.

        >>> from dedup.storage.memory import MemoryStorage
        >>> s = MemoryStorage()
        >>> s.put([StoredRecord("a", "{}", None, None, b"", [1], [7, 8], None, 3),
        ...        StoredRecord("b", "{}", None, None, b"", [2], [8], None, 3)])
        >>> s.by_fingerprints_many([([7, 8], 5, 1), ([8], 1, 1), ([7, 9], 5, 2)])
        [({'a': 2, 'b': 1}, 0), ({}, 1), ({}, 0)]
        """
        return [shared_at_least(self.by_fingerprints(fps, cap), need) for fps, cap, need in groups]

    @abstractmethod
    def sentence_counts(self, keys: Sequence[int], cap: int) -> list[int]:
        """How many stored documents hold each of these sentence keys (``StoredRecord.sentence_keys``),
        in order; a count is exact up to ``cap`` and ``cap`` above it."""

    @abstractmethod
    def sources(self) -> list[str | None]:
        """Every source of a stored document (``None`` for documents without one)."""

    @abstractmethod
    def rows(self, ids: Sequence[str]) -> dict[str, Row]:
        """The stored rows of these ids (unknown ids are absent from the result)."""

    @abstractmethod
    def texts(self, ids: Sequence[str]) -> dict[str, bytes]:
        """Compressed texts of these ids (ids stored without a text are absent)."""

    @abstractmethod
    def count(self) -> int:
        """Number of stored documents."""

    @abstractmethod
    def contains(self, id: str) -> bool:
        """True when ``id`` is stored."""

    @abstractmethod
    def ids(self) -> list[str]:
        """Every stored id (for small indexes, tests and tools; order unspecified)."""

    def check(self) -> list[str]:
        """Problems of the store's own structures, one line each (``[]``: none found): damaged
        pages, lookup entries without their document, documents missing from the lookups.
        The records' contents are checked by :meth:`dedup.Index.check`."""
        return []

    def compact(self) -> dict:
        """Rewrite the lookup structures so that each lookup reads as little as it can (SQLite:
        every level of a family merged into one run) and drop removed articles' leftovers; returns
        what was done (``{}``: nothing to do, as for backends whose lookups are already one
        table). Queries answer the same before and after."""
        return {}

    def describe(self) -> str:
        """Where the store is, for messages (a path, a URL and namespace)."""
        return self.kind

    def info(self) -> dict:
        """Backend facts for ``Index.stats()`` (size on disk, location...)."""
        return {"backend": self.kind}

    def close(self) -> None:
        """Release connections and files. Idempotent."""


def band_hits(holders: Iterable[Iterable[Hashable]], common: int | None) -> dict:
    """:meth:`Storage.by_bands`'s answer from the holders of each asked band key (each key once):
    ``{id: keys shared}``, less (with ``common``) the ids whose one shared key more than
    ``common`` ids hold. Such a key is common text whose min-hashes many articles share (a stock
    phrase, boilerplate); a copy shares several keys, however many copies hold each of them.

    >>> band_hits([["a", "b", "c"], ["a"], ["c", "d", "e"]], common=2)  # b, d, e: one common key
    {'a': 2, 'c': 2}
    >>> band_hits([["a", "b", "c"], ["b", "c"]], common=None)
    {'a': 1, 'b': 2, 'c': 2}
    """
    hits: dict = {}
    backed: set = set()
    for ids in holders:
        ids = list(ids)
        for i in ids:
            hits[i] = hits.get(i, 0) + 1
        if common is not None and len(ids) <= common:
            backed.update(ids)
    if common is None:
        return hits
    return {i: n for i, n in hits.items() if n > 1 or i in backed}


def shared_at_least(found: tuple[dict[str, int], int], need: int) -> tuple[dict[str, int], int]:
    """A :meth:`Storage.by_fingerprints` answer less the ids sharing fewer than ``need`` keys."""
    return {k: v for k, v in found[0].items() if v >= need}, found[1]


def asked_keys(groups: Sequence[tuple[Sequence[int], int, int]]) -> tuple[list[list[int]], list[int], int]:
    """For :meth:`Storage.by_fingerprints_many`: each group's fingerprints as its own lookup reads
    them (:func:`lookup_keys`, each once, in order), the union of them all (in order), and the
    largest cap of a group with keys (the cap of the one lookup; 0 when none has keys).

    >>> asked_keys([([5, 2**32 + 5, 6], 20, 1), ([6, 7], 50, 2), ([], 99, 1)])
    ([[5, 6], [6, 7], []], [5, 6, 7], 50)
    """
    asked = [list(dict.fromkeys(lookup_keys(list(dict.fromkeys(g[0]))).tolist())) for g in groups]
    union = list(dict.fromkeys(k for keys in asked for k in keys))
    return asked, union, max((int(g[1]) for g, keys in zip(groups, asked) if keys), default=0)


def group_answers(groups: Sequence[tuple[Sequence[int], int, int]], asked: list[list[int]], union: list[int],
                  owner: np.ndarray, docs: np.ndarray,
                  ids_of: Callable[[list[int]], Mapping[int, str]]) -> list[tuple[dict[str, int], int]]:
    """Each group's :meth:`Storage.by_fingerprints_many` answer from one lookup of ``union`` (see
    :func:`asked_keys`) with the largest cap: posting ``i`` is document ``docs[i]`` holding
    ``union[owner[i]]`` (a count exact up to that cap + 1, so a key is over a smaller cap exactly
    when its own lookup would say so); ``ids_of(docs)`` reads the ids of the live ones among
    ``docs``, once for the documents every group returns. Ids come in document order."""
    held = np.bincount(owner, minlength=len(union))
    at = {k: i for i, k in enumerate(union)}
    counted = []
    for keys, (_, cap, need) in zip(asked, groups):
        if not keys:
            counted.append((np.empty(0, np.int64), np.empty(0, np.int64), 0))
            continue
        mine = np.fromiter((at[k] for k in keys), np.int64, len(keys))
        over = held[mine] > cap
        keep = np.zeros(len(union), bool)
        keep[mine[~over]] = True
        uniq, n = np.unique(docs[keep[owner]], return_counts=True)
        enough = n >= need
        counted.append((uniq[enough], n[enough], int(over.sum())))
    wanted = np.unique(np.concatenate([c[0] for c in counted])) if counted else np.empty(0, np.int64)
    ids = ids_of(wanted.tolist()) if wanted.size else {}
    return [({ids[d]: c for d, c in zip(uniq.tolist(), n.tolist()) if d in ids}, over) for uniq, n, over in counted]


def guarded(translate: Callable[["Storage", BaseException], DedupError | None]):
    """Class decorator: every public method of the backend turns the failures of its driver into
    the project's errors, so nothing raw (``sqlite3.DatabaseError``, ``redis.ConnectionError``)
    escapes the storage layer. ``translate(storage, exc)`` returns the error to raise instead, or
    ``None`` to let ``exc`` through. Methods added to the class later are covered too.
    """

    def wrap(fn):
        @functools.wraps(fn)
        def method(self, *args, **kwargs):
            try:
                return fn(self, *args, **kwargs)
            except DedupError:
                raise
            except Exception as e:
                err = translate(self, e)
                if err is None:
                    raise
                raise err from e

        return method

    def decorate(cls):
        for name, value in list(vars(cls).items()):
            if callable(value) and not name.startswith("_"):
                setattr(cls, name, wrap(value))
        return cls

    return decorate
