"""Sorted runs of ``(key, doc)`` postings packed into blocks: the lookup levels of the SQLite backend
above level 0 (:mod:`dedup.storage.sqlite`, layout 4).

A run is every posting of one level, sorted by key then document, cut into blocks of about
:data:`BLOCK_BYTES` bytes. A block never splits a key (so one block holds every posting of a
key) and never straddles one of the :data:`CELLS` equal slices of the key space (so a merge can
rewrite a run one slice at a time, in bounded memory). A block is stored under its first key; its
blob packs each posting as one little-endian integer of ``width`` bytes, ``gap * span + doc``
(``gap``: the key minus the previous key of the block, ``span``: the power of two above the
largest document number), after a 9-byte header ``<BQ`` = ``width, span``. When ``gap * span`` would not
fit 64 bits (sparse 64-bit keys) the header's span is 0 and the gaps and documents are packed
apart: ``<BQ`` = ``gap width, 0``, one byte of document width, then every gap, then every document.

Keys are signed 64-bit integers (band keys and fingerprints arrive shortened to 32 bits, see
:func:`dedup.storage.base.lookup_keys`): about 4 bytes a posting either way at 20,000 to 1,000,000
articles, where a row of ``(key, doc)`` in an SQLite B-tree took about 30.

>>> keys = np.array([5, 5, 9, 2**40], np.int64); docs = np.array([1, 7, 3, 2], np.int64)
>>> [(first, len(blob)) for first, blob in encode(keys, docs, bits=64)]
[(5, 33)]
>>> k, d = decode(5, encode(keys, docs, bits=64)[0][1]); k.tolist(), d.tolist()
([5, 5, 9, 1099511627776], [1, 7, 3, 2])
"""

from __future__ import annotations

import functools
import itertools
import sqlite3
import struct
from typing import Iterable, Sequence

import numpy as np

#: Bytes of postings per block: sixteen blocks (with their headers and SQLite's cell overhead) fill
#: an 8 KB page (the page size of a new index file). A lookup reads and unpacks one block per key
#: and level: at 2,000 bytes (500 postings) unpacking was half the CPU of a 20,000-article query.
BLOCK_BYTES = 480
#: Equal slices of the key space no block straddles (a merge rewrites a run slice by slice).
CELLS = 256
_HEADER = struct.Struct("<BQ")


class DamagedBlock(ValueError):
    """A stored blob that does not decode as a block."""


def ints(rows: Iterable[Sequence], columns: int = 1) -> np.ndarray:
    """Integer rows read from the file (level 0's postings, document numbers) as an int64 array
    (one column: flat; more: 2-D). SQLite's types belong to values, not columns: a damaged file
    can hand back text where a number was written, a :class:`DamagedBlock`, not a numpy error."""
    try:
        if columns == 1:
            return np.fromiter((r[0] for r in rows), np.int64)
        return np.array(list(rows), np.int64).reshape(-1, columns)
    except (TypeError, ValueError, OverflowError):
        raise DamagedBlock("a stored key or document number is not an integer") from None


def cell_bounds(bits: int, slices: int) -> list[tuple[int, int]]:
    """``slices`` (a power of two up to :data:`CELLS`) ranges ``[lo, hi)`` of signed ``bits``-bit
    keys, in key order, covering the key space; the last ``hi`` is ``None`` (no upper bound)."""
    step = CELLS // slices
    shift = bits - 8
    out = []
    for s in range(slices):
        lo = (-CELLS // 2 + s * step) << shift
        hi = (-CELLS // 2 + (s + 1) * step) << shift if s + 1 < slices else None
        out.append((lo if s else -(2**63), hi))
    return out


def _width(top: int) -> int:
    return max(1, (int(top).bit_length() + 7) // 8)


def _pack(values: np.ndarray, width: int) -> np.ndarray:
    """``(n, width)`` uint8: the low ``width`` little-endian bytes of each uint64 value."""
    return values.astype("<u8").view(np.uint8).reshape(-1, 8)[:, :width]


def _unpack(raw: np.ndarray, width: int) -> np.ndarray:
    full = np.zeros((raw.size // width, 8), np.uint8)
    full[:, :width] = raw.reshape(-1, width)
    return full.view("<u8").ravel()


def _split(v: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray]:
    """``(v // span, v % span)``, by a shift and a mask when ``span`` is a power of two."""
    if span & (span - 1):
        return v // np.uint64(span), v % np.uint64(span)
    return v >> np.uint64(span.bit_length() - 1), v & np.uint64(span - 1)


def encode(keys: np.ndarray, docs: np.ndarray, bits: int) -> list[tuple[int, bytes]]:
    """``[(first key, blob), ...]`` of the sorted postings ``keys``/``docs`` (int64, sorted by key
    then doc, no duplicates), cut into blocks (see the module docstring); ``bits``: the key width
    (32 or 64), which places the cells."""
    n = keys.size
    if not n:
        return []
    u = keys.view(np.uint64)
    gaps = np.empty(n, np.uint64)
    gaps[0] = 0
    np.subtract(u[1:], u[:-1], out=gaps[1:])  # wraps modulo 2**64: exact for sorted keys
    span = 1 << int(docs.max()).bit_length()  # a power of two: decoding shifts and masks instead of dividing
    per_block = max(1, BLOCK_BYTES // _width(int(gaps.max()) * span + span - 1))  # (an upper bound of the width)
    change = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    # first key change at or after each multiple of per_block, and every cell change
    window = change // per_block
    cuts = change[np.r_[True, window[1:] != window[:-1]] & (window > 0)] if change.size else change
    cell = keys >> (bits - 8)
    cuts = np.union1d(np.r_[0, cuts], np.flatnonzero(cell[1:] != cell[:-1]) + 1)
    cuts = cuts[cuts < n]
    gaps[cuts] = 0
    top_gap = int(gaps.max())
    if top_gap * span + span - 1 < 2**64:
        width = _width(top_gap * span + span - 1)
        packed = _pack(gaps * np.uint64(span) + docs.astype(np.uint64), width)
        header = _HEADER.pack(width, span)
        body = packed.tobytes()
        starts = np.r_[cuts, n]
        return [(int(keys[a]), header + body[a * width : b * width]) for a, b in zip(starts[:-1].tolist(), starts[1:].tolist())]
    gw, dw = _width(top_gap), _width(span - 1)
    g, d = _pack(gaps, gw).tobytes(), _pack(docs.astype(np.uint64), dw).tobytes()
    header = _HEADER.pack(gw, 0) + bytes([dw])
    bounds = np.r_[cuts, n].tolist()
    return [(int(keys[a]), header + g[a * gw : b * gw] + d[a * dw : b * dw])
            for a, b in zip(bounds[:-1], bounds[1:])]


def decode(first: int, blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The ``(keys, docs)`` int64 arrays of one block stored under ``first``; :class:`DamagedBlock`
    for a blob that is not a block."""
    if not isinstance(blob, bytes) or len(blob) <= _HEADER.size:
        raise DamagedBlock(f"the lookup block of key {first} is damaged")
    width, span = _HEADER.unpack_from(blob)
    raw = np.frombuffer(blob, np.uint8, offset=_HEADER.size)
    if span:  # combined: gap * span + doc
        if not 1 <= width <= 8 or raw.size % width:
            raise DamagedBlock(f"the lookup block of key {first} is damaged")
        v = _unpack(raw, width)
        gaps, docs = _split(v, span)
    else:  # apart: the documents' width, then the gaps, then the documents
        gw, dw = width, int(raw[0])
        raw = raw[1:]
        if not (1 <= gw <= 8 and 1 <= dw <= 8) or raw.size % (gw + dw):
            raise DamagedBlock(f"the lookup block of key {first} is damaged")
        n = raw.size // (gw + dw)
        gaps, docs = _unpack(raw[: n * gw], gw), _unpack(raw[n * gw :], dw)
    keys = (np.cumsum(gaps, dtype=np.uint64) + np.uint64(first & (2**64 - 1))).view(np.int64)
    return keys, docs.astype(np.int64)


def decode_many(blocks: list[tuple[int, bytes]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The postings of many blocks, concatenated in their order, and how many each block holds:
    neighbouring blocks that share a header (those one merge wrote) are unpacked together, in a
    few numpy calls for a whole query instead of a few per block."""
    keys, docs, counts = [], [], []
    for header, group in itertools.groupby(blocks, key=lambda b: b[1][: _HEADER.size] if isinstance(b[1], bytes) else b""):
        group = list(group)
        width, span = _HEADER.unpack(header) if len(header) == _HEADER.size else (0, 0)
        bodies = [blob[_HEADER.size :] for _, blob in group]
        sizes = np.fromiter((len(b) for b in bodies), np.int64, len(bodies))
        if not span or len(group) == 1 or not 1 <= width <= 8 or np.any(sizes % width) or not sizes.all():
            for first, blob in group:  # one at a time (decode checks each)
                k, d = decode(first, blob)
                keys.append(k)
                docs.append(d)
                counts.append([k.size])
            continue
        v = _unpack(np.frombuffer(b"".join(bodies), np.uint8), width)
        gaps, d = _split(v, span)
        n = sizes // width
        starts = np.r_[0, np.cumsum(n)[:-1]]
        gaps[starts] = np.array([f & (2**64 - 1) for f, _ in group], np.uint64)  # each block starts at its first key
        total = np.cumsum(gaps, dtype=np.uint64)
        before = np.repeat(np.r_[np.uint64(0), total[starts[1:] - 1]].astype(np.uint64), n)
        keys.append((total - before).view(np.int64))
        docs.append(d.astype(np.int64))
        counts.append(n)
    if not keys:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(keys), np.concatenate(docs), np.concatenate(counts).astype(np.int64)


def locate(found: np.ndarray, counts: np.ndarray, blocks: Sequence[int], keys: Sequence[int],
           bits: int) -> tuple[list[int], list[int]]:
    """Where each of ``keys`` lies in the block ``blocks[i]`` of the concatenated, decoded
    ``found`` keys (``counts``: postings per block): ``(lo, hi)`` lists of positions."""
    w_key, w_blk = np.asarray(keys, np.int64), np.asarray(blocks, np.int64)
    if bits < 64:  # each block is sorted: with the block's rank above the key's bits, one search for all
        half = 2 ** (bits - 1)
        comp = np.repeat(np.arange(counts.size, dtype=np.int64) << bits, counts) + (found + half)
        asked = (w_blk << bits) + (w_key + half)
        return np.searchsorted(comp, asked, "left").tolist(), np.searchsorted(comp, asked, "right").tolist()
    ends = np.cumsum(counts)
    lo, hi = [], []
    for b, k in zip(w_blk.tolist(), w_key.tolist()):
        a = int(ends[b] - counts[b])
        lo.append(a + int(np.searchsorted(found[a : ends[b]], k, "left")))
        hi.append(a + int(np.searchsorted(found[a : ends[b]], k, "right")))
    return lo, hi


def merged(parts: list[tuple[np.ndarray, np.ndarray]], dead: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The postings of ``parts`` as one sorted run, less those of the ``dead`` documents."""
    keys = np.concatenate([p[0] for p in parts]) if parts else np.empty(0, np.int64)
    docs = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, np.int64)
    if dead.size:
        live = ~np.isin(docs, dead)
        keys, docs = keys[live], docs[live]
    order = np.lexsort((docs, keys))
    keys, docs = keys[order], docs[order]
    fresh = np.ones(keys.size, bool)
    fresh[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
    return keys[fresh], docs[fresh]


@functools.lru_cache(maxsize=None)
def block_sql(table: str, size: int) -> str:
    """For each of ``size`` keys (``?1..?size``), the block of the run ``table`` that would hold it:
    ``(i, first, data)`` of the block with the greatest first key not above it."""
    return " UNION ALL ".join(
        f"SELECT {i}, first, data FROM (SELECT first, data FROM {table} WHERE first <= ?{i + 1} ORDER BY first DESC LIMIT 1)"
        for i in range(size))


def read(db: sqlite3.Connection, table: str, lo: int, hi: int | None) -> tuple[np.ndarray, np.ndarray]:
    """The postings of the run ``table`` with keys in ``[lo, hi)`` (``hi=None``: no bound; ``lo``
    and ``hi`` on cell bounds, so no block straddles them), sorted."""
    bound, args = ("", (lo,)) if hi is None else (" AND first < ?", (lo, hi))
    parts = [decode(first, data) for first, data in
             db.execute(f"SELECT first, data FROM {table} WHERE first >= ?{bound} ORDER BY first", args)]
    if not parts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def checked(db: sqlite3.Connection, table: str, problems: list[str]) -> np.ndarray:
    """The documents of every posting of the run ``table``, each block decoded and checked (keys
    in order from the block's first key, no key in two blocks); damage appended to ``problems``."""
    out, last = [], None
    for first, data in db.execute(f"SELECT first, data FROM {table} ORDER BY first"):
        try:
            keys, docs = decode(first, data)
        except DamagedBlock:
            keys = None
        if keys is None or not keys.size or keys[0] != first or np.any(np.diff(keys) < 0) or (
                last is not None and first <= last):
            problems.append(f"table {table}: the block of key {first} is damaged")
            continue
        last = int(keys[-1])
        out.append(docs)
    return np.concatenate(out) if out else np.empty(0, np.int64)
