"""Sorted runs of ``(key, doc)`` postings packed into blocks: the lookup levels of the SQLite backend
above level 0 (:mod:`dedup.storage.sqlite`, layout 5).

A run is every posting of one level, sorted by key then document, cut into blocks of about
:data:`BLOCK_BYTES` bytes. A block never splits a key (so one block holds every posting of a
key) and never straddles one of the :data:`CELLS` equal slices of the key space (so a merge can
rewrite a run one slice at a time, in bounded memory). A key with more than :data:`ALONE` postings
has a block of its own (layout 6), so a block longer than :func:`over_bytes` holds one key held by
more documents than a capped lookup takes: the lookup skips it unread. A block is stored under its
first key.

*Packed* blocks (layout 5) hold each posting as one integer ``gap * span + doc`` (``gap``: the key
minus the previous key of the block; ``span``: one more than the largest document number the merge
wrote) in ``bits`` bits, the block's own width (that of its largest posting), the postings' bits
back to back, least significant first: a 9-byte header ``<BQ`` = ``bits, span``, then
``ceil(n * bits / 8)`` bytes. Where ``gap * span`` would need more than :data:`MAX_PACKED_BITS`
bits (sparse 64-bit keys: per-source sentence keys) the block stores them *apart*, byte-aligned:
``<BQ`` = ``gap width in bytes, 0``, one byte of document width, then every gap, then every document.

Keys are signed 64-bit integers (band keys and fingerprints arrive shortened to 32 bits, see
:func:`dedup.storage.base.lookup_keys`): about 3.4 bytes a posting at 20,000 articles, where
layout 4 rounded each posting up to whole bytes (4) and a row of ``(key, doc)`` in an SQLite
B-tree took about 30.

>>> keys = np.array([5, 5, 9, 2**40], np.int64); docs = np.array([1, 7, 3, 2], np.int64)
>>> [(first, len(blob)) for first, blob in encode(keys, docs, bits=64)]
[(5, 31)]
>>> k, d = decode(5, encode(keys, docs, bits=64)[0][1]); k.tolist(), d.tolist()
([5, 5, 9, 1099511627776], [1, 7, 3, 2])
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import struct
from typing import Iterable, Sequence

import numpy as np

#: Bytes of postings per block: sixteen blocks (with their headers and SQLite's cell overhead) fill
#: an 8 KB page (the page size of a new index file). A lookup reads and unpacks one block per key
#: and level: at 2,000 bytes (500 postings) unpacking was half the CPU of a 20,000-article query.
BLOCK_BYTES = 480
#: Postings above which a key gets a block of its own: then every block of several keys is at most
#: :data:`SHARED_MAX_BYTES` long. A word pair that 1% of 1,000,000 synthetic articles hold has 10,000
#: postings, and a capped lookup (at most 20 or 50 documents a key) decoded them all before dropping
#: the key: 85% of a query's CPU at 314,000 synthetic articles (layout 4, issue 14's measurement).
ALONE = 64
#: Widest posting in any block: 8 bytes of gap and 8 of document when stored apart.
_POSTING_MAX_BYTES = 16
#: Longest possible block holding several keys: a block's worth of postings (up to an eighth more
#: where they are stored apart) plus a key of up to ALONE postings that crosses the block's end,
#: the header and a width byte besides; doubled for a margin.
SHARED_MAX_BYTES = 10 + 2 * BLOCK_BYTES + ALONE * _POSTING_MAX_BYTES
#: Equal slices of the key space no block straddles (a merge rewrites a run slice by slice).
CELLS = 256
_HEADER = struct.Struct("<BQ")
#: Widest packed posting: a decoder reads each through one unaligned 8-byte word whose first bit
#: may be its 8th. Wider postings (sparse 64-bit keys) are stored apart, byte-aligned.
MAX_PACKED_BITS = 56
#: Narrowest packed posting: at 8 bits or more the padding of a block's last byte is shorter than a
#: posting, so the blob's length gives the number of postings.
MIN_PACKED_BITS = 8


class DamagedBlock(ValueError):
    """A stored blob that does not decode as a block."""


def ints(rows: Iterable[Sequence], columns: int = 1) -> np.ndarray:
    """Integer rows read from the file (level 0's postings, document numbers) as an int64 array
    (one column: flat; more: 2-D). SQLite's types belong to values, not columns: a damaged file
    can hand back text where a number was written, a :class:`DamagedBlock`, not a numpy error."""
    try:
        if columns == 1:
            return np.fromiter((r[0] for r in rows), np.int64)
        return np.fromiter(itertools.chain.from_iterable(rows), np.int64).reshape(-1, columns)
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


def _bit_lengths(x: np.ndarray) -> np.ndarray:
    """``int.bit_length`` of each uint64 (one more where a value at or above 2**53 rounds up to a
    power of two as a float: a wider field, never a narrower one)."""
    out = np.zeros(x.shape, np.int64)
    nz = x > 0
    out[nz] = np.frexp(x[nz].astype(np.float64))[1]
    return out


def _starts(counts: np.ndarray) -> np.ndarray:
    """Where each of the segments of ``counts`` items starts in their concatenation."""
    out = np.zeros(counts.size, np.int64)
    np.cumsum(counts[:-1], out=out[1:])
    return out


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
    span = int(docs.max()) + 1
    top = int(gaps.max()) * span + span - 1  # (an upper bound of the widest posting)
    if top < 2**MAX_PACKED_BITS:
        per_block = max(1, BLOCK_BYTES * 8 // max(MIN_PACKED_BITS, top.bit_length()))
    else:
        per_block = max(1, BLOCK_BYTES // _width(top))
    change = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    # first key change at or after each multiple of per_block, and every cell change
    window = change // per_block
    cuts = change[np.r_[True, window[1:] != window[:-1]] & (window > 0)] if change.size else change
    cell = keys >> (bits - 8)
    cuts = np.union1d(np.r_[0, cuts], np.flatnonzero(cell[1:] != cell[:-1]) + 1)
    starts = np.r_[0, change]
    runs = np.diff(np.r_[starts, n])
    big = runs > ALONE  # a block of its own: cut before and after the key
    cuts = np.union1d(cuts, np.r_[starts[big], starts[big] + runs[big]])
    cuts = cuts[cuts < n].astype(np.int64)
    gaps[cuts] = 0
    top_gap = int(gaps.max())
    if top_gap * span + span - 1 < 2**MAX_PACKED_BITS:
        return _encode_packed(keys, gaps * np.uint64(span) + docs.astype(np.uint64), span, cuts)
    span = 1 << int(docs.max()).bit_length()
    gw, dw = _width(top_gap), _width(span - 1)
    g, d = _pack(gaps, gw).tobytes(), _pack(docs.astype(np.uint64), dw).tobytes()
    header = _HEADER.pack(gw, 0) + bytes([dw])
    bounds = np.r_[cuts, n].tolist()
    return [(int(keys[a]), header + g[a * gw : b * gw] + d[a * dw : b * dw])
            for a, b in zip(bounds[:-1], bounds[1:])]


def _encode_packed(keys: np.ndarray, v: np.ndarray, span: int, cuts: np.ndarray) -> list[tuple[int, bytes]]:
    """Packed blocks of the postings ``v`` (``gap * span + doc``, uint64), cut at ``cuts``: each
    block's postings in its own bit width, written with its header into one stream of
    little-endian words that each blob is then a slice of."""
    n = v.size
    counts = np.diff(np.r_[cuts, n])
    widths = np.clip(_bit_lengths(np.maximum.reduceat(v, cuts)), MIN_PACKED_BITS, MAX_PACKED_BITS)
    nbytes = (counts * widths + 7) // 8 + _HEADER.size
    head = _starts(nbytes)
    each = np.repeat(widths, counts)
    # posting i of the block starting at cuts[b]: bit (head[b] + header) * 8 + (i - cuts[b]) * width
    at = np.repeat((head + _HEADER.size) * 8 - cuts * widths, counts)
    at += np.arange(n, dtype=np.int64) * each
    word, shift = at >> 6, (at & 63).astype(np.uint64)
    words = np.zeros(int(nbytes.sum()) // 8 + 2, np.uint64)
    new = np.r_[0, np.flatnonzero(word[1:] != word[:-1]) + 1]  # (word is sorted)
    words[word[new]] = np.bitwise_or.reduceat(v << shift, new)
    cross = (at & 63) + each > 64  # a posting running into the next word (one per word at most)
    words[word[cross] + 1] |= v[cross] >> (np.uint64(64) - shift[cross])
    raw = words.view(np.uint8) if words.dtype.byteorder in "=<" and np.little_endian else words.astype("<u8").view(np.uint8)
    raw[head] = widths  # the headers last: a word may hold the end of one block and the start of the next
    raw[head[:, None] + 1 + np.arange(8)] = np.frombuffer(struct.pack("<Q", span), np.uint8)
    stream = raw.tobytes()
    ends = (head + nbytes).tolist()
    return [(k, stream[a:b]) for k, a, b in zip(keys[cuts].tolist(), head.tolist(), ends)]


def _decode_apart(first: int, blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The ``(keys, docs)`` of one block stored apart (``span`` 0 in its header)."""
    gw, _ = _HEADER.unpack_from(blob)
    raw = np.frombuffer(blob, np.uint8, offset=_HEADER.size)
    dw = int(raw[0]) if raw.size else 0
    raw = raw[1:]
    if not (1 <= gw <= 8 and 1 <= dw <= 8) or not raw.size or raw.size % (gw + dw):
        raise DamagedBlock(f"the lookup block of key {first} is damaged")
    n = raw.size // (gw + dw)
    gaps, docs = _unpack(raw[: n * gw], gw), _unpack(raw[n * gw :], dw)
    keys = (np.cumsum(gaps, dtype=np.uint64) + np.uint64(first & (2**64 - 1))).view(np.int64)
    return keys, docs.astype(np.int64)


def _decode_packed(firsts: list[int], blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The postings of many packed blocks at once, and how many each holds; ``None`` when one of
    them is not a well-formed packed block (the caller then decodes one block at a time)."""
    if not all(type(b) is bytes for b in blobs):
        return None
    lens = np.fromiter(map(len, blobs), np.int64, len(blobs))
    if np.any(lens <= _HEADER.size):
        return None
    buf = b"".join(blobs) + bytes(8)
    word = np.ndarray((len(buf) - 7,), "<u8", buffer=buf, strides=(1,))  # an 8-byte word at every byte
    start = _starts(lens)
    widths = np.frombuffer(buf, np.uint8)[start].astype(np.int64)
    span = word[start + 1]
    if np.any((widths < MIN_PACKED_BITS) | (widths > MAX_PACKED_BITS) | (span == 0)):
        return None
    counts = (lens - _HEADER.size) * 8 // widths
    if np.any(counts < 1):
        return None
    first = _starts(counts)
    n = int(counts.sum())
    # posting i of the block starting at posting first[b]: bit (start[b] + header) * 8 + (i - first[b]) * width
    at = np.repeat((start + _HEADER.size) * 8 - first * widths, counts) + np.arange(n, dtype=np.int64) * np.repeat(widths, counts)
    # (np.take: 3x faster than indexing on this strided view)
    v = (np.take(word, at >> 3) >> (at.view(np.uint64) & np.uint64(7))) & np.repeat(
        (np.uint64(1) << widths.astype(np.uint64)) - np.uint64(1), counts)
    # gap * span + doc: a merge writes one span for a whole slice of a run, so the blocks of a
    # lookup come in a few stretches of one span, each divided by a scalar (9x faster than by an
    # array of spans in numpy)
    gaps, docs = np.empty(n, np.uint64), np.empty(n, np.uint64)
    new = np.r_[0, np.flatnonzero(span[1:] != span[:-1]) + 1]
    for a, b, sp in zip(first[new].tolist(), [*first[new[1:]].tolist(), n], span[new].tolist()):
        sp = np.uint64(sp)
        np.floor_divide(v[a:b], sp, out=gaps[a:b])
        np.subtract(v[a:b], gaps[a:b] * sp, out=docs[a:b])
    docs = docs.view(np.int64)
    gaps[first] = np.array(firsts, np.int64).view(np.uint64)  # each block starts at its first key
    total = np.cumsum(gaps, dtype=np.uint64)
    before = np.zeros(counts.size, np.uint64)
    before[1:] = total[first[1:] - 1]
    return (total - np.repeat(before, counts)).view(np.int64), docs, counts


def _decode_apart_many(firsts: list[int], blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The postings of many blocks stored apart at once (as :func:`_decode_apart` one by one),
    and how many each holds; ``None`` when one of them is not a well-formed block stored apart."""
    if not all(type(b) is bytes for b in blobs):
        return None
    lens = np.fromiter(map(len, blobs), np.int64, len(blobs))
    if np.any(lens <= _HEADER.size + 1):
        return None
    buf = b"".join(blobs) + bytes(8)
    word = np.ndarray((len(buf) - 7,), "<u8", buffer=buf, strides=(1,))  # an 8-byte word at every byte
    raw = np.frombuffer(buf, np.uint8)
    start = _starts(lens)
    gw, dw = raw[start].astype(np.int64), raw[start + _HEADER.size].astype(np.int64)
    payload = lens - _HEADER.size - 1
    if np.any((word[start + 1] != 0) | (gw < 1) | (gw > 8) | (dw < 1) | (dw > 8) | (payload % (gw + dw) != 0)):
        return None
    counts = payload // (gw + dw)
    first = _starts(counts)
    i = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(first, counts)
    body = np.repeat(start + _HEADER.size + 1, counts)
    g, d = np.repeat(gw, counts), np.repeat(dw, counts)
    ones = np.uint64(2**64 - 1)
    gaps = np.take(word, body + i * g) & (ones >> (64 - 8 * g).astype(np.uint64))
    docs = np.take(word, body + np.repeat(counts * gw, counts) + i * d) & (ones >> (64 - 8 * d).astype(np.uint64))
    total = np.cumsum(gaps, dtype=np.uint64)  # each block's keys: its first key plus its gaps so far
    before = np.zeros(counts.size, np.uint64)
    before[1:] = total[first[1:] - 1]
    base = np.array(firsts, np.int64).view(np.uint64) - before
    return (total + np.repeat(base, counts)).view(np.int64), docs.astype(np.int64), counts


def decode(first: int, blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The ``(keys, docs)`` int64 arrays of one block stored under ``first``; :class:`DamagedBlock`
    for a blob that is not a block."""
    if not isinstance(blob, bytes) or len(blob) <= _HEADER.size:
        raise DamagedBlock(f"the lookup block of key {first} is damaged")
    if _HEADER.unpack_from(blob)[1] == 0:
        return _decode_apart(first, blob)
    out = _decode_packed([first], [blob])
    if out is None:
        raise DamagedBlock(f"the lookup block of key {first} is damaged")
    return out[0], out[1]


def decode_many(blocks: list[tuple[int, bytes]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The postings of many blocks, concatenated in their order, and how many each block holds:
    packed blocks, or blocks stored apart, are unpacked together in a few numpy calls for a whole
    lookup; a set mixing the two (or with a damaged block: :class:`DamagedBlock`) is decoded one
    block at a time."""
    if not blocks:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int64)
    firsts, blobs = [f for f, _ in blocks], [b for _, b in blocks]
    out = _decode_packed(firsts, blobs)  # (None when a block is stored apart: a run is one or the other)
    if out is None:
        out = _decode_apart_many(firsts, blobs)
    if out is not None:
        return out
    parts = [decode(first, blob) for first, blob in blocks]
    return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
            np.array([p[0].size for p in parts], np.int64))


def locate(found: np.ndarray, counts: np.ndarray, blocks: np.ndarray, keys: np.ndarray,
           bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``keys`` lies in the block ``blocks[i]`` of the concatenated, decoded
    ``found`` keys (``counts``: postings per block): ``(lo, hi)`` arrays of positions."""
    w_key, w_blk = np.asarray(keys, np.int64), np.asarray(blocks, np.int64)
    if bits < 64:  # each block is sorted: with the block's rank above the key's bits, one search for all
        half = 2 ** (bits - 1)
        comp = np.repeat(np.arange(counts.size, dtype=np.int64) << bits, counts) + (found + half)
        asked = (w_blk << bits) + (w_key + half)
        return np.searchsorted(comp, asked, "left"), np.searchsorted(comp, asked, "right")
    # 64-bit keys: the same search on their ranks among every key found or asked (fewer bits)
    ranks = np.unique(np.concatenate([found, w_key]), return_inverse=True)[1].ravel()
    return locate(ranks[: found.size], counts, w_blk, ranks[found.size :], 33)


def merged(parts: list[tuple[np.ndarray, np.ndarray]], dead: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The postings of ``parts`` as one sorted run, less those of the ``dead`` documents."""
    keys = np.concatenate([p[0] for p in parts]) if parts else np.empty(0, np.int64)
    docs = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, np.int64)
    if dead.size:
        live = ~np.isin(docs, dead)
        keys, docs = keys[live], docs[live]
    if keys.size and -(2**31) <= keys.min() and keys.max() < 2**31 and 0 <= docs.min() and docs.max() < 2**32:
        # 32-bit keys (band keys, fingerprints): one uint64 per posting, key above document; a
        # stable sort of the parts, each already sorted, merges them in linear time (timsort)
        both = np.sort(((keys + 2**31).astype(np.uint64) << np.uint64(32)) | docs.astype(np.uint64), kind="stable")
        both = both[np.r_[True, both[1:] != both[:-1]]]
        return (both >> np.uint64(32)).astype(np.int64) - 2**31, (both & np.uint64(2**32 - 1)).astype(np.int64)
    order = np.lexsort((docs, keys))
    keys, docs = keys[order], docs[order]
    fresh = np.ones(keys.size, bool)
    fresh[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
    return keys[fresh], docs[fresh]


def over_bytes(cap: int) -> int | None:
    """Length above which a block holds a single key with at least ``cap`` postings (``None``: no
    such length below 2**31 bytes, every block is read)."""
    limit = max(SHARED_MAX_BYTES, 10 + _POSTING_MAX_BYTES * cap)
    return limit if limit < 2**31 else None


def block_sql(table: str) -> str:
    """The blocks of the run ``table`` that would hold the keys of the JSON array ``?1``: for each
    key the block with the greatest first key not above it, each block once, as ``(first, data)``
    in key order (one statement for any number of keys); ``data`` is NULL for a block longer than
    ``?2`` bytes (SQLite reads a blob's length without its overflow pages)."""
    return (f"SELECT first, CASE WHEN length(data) > ?2 THEN NULL ELSE data END FROM {table} WHERE first IN (SELECT (SELECT first FROM {table} WHERE first <= k.value "
            f"ORDER BY first DESC LIMIT 1) FROM json_each(?1) AS k) ORDER BY first")


def blocks_of(firsts: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For each of ``keys``, the position in the sorted ``firsts`` of the block that would hold it
    (the greatest first key not above it; -1 below them all): the blocks :func:`block_sql` read."""
    return np.searchsorted(firsts, keys, "right") - 1


def find(db: sqlite3.Connection, tables: Sequence[str], keys: list[int], bits: int,
         limit: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(owner, doc, over)`` arrays: each document holding ``keys[owner]`` in the runs ``tables``
    (dead ones included), and the owners of the keys held in a block longer than ``limit`` bytes
    (:func:`over_bytes`; ``None``: read every block), left unread. One statement per table reads
    each block once (:func:`block_sql`), and the blocks of every table are decoded together. A key
    left unread in one table is not asked of the tables after it (give the largest run first): a
    capped lookup drops it whatever they hold, and a small run holds most common keys too (at
    1,000,000 synthetic articles, 95 of a query's 219 keys, read and decoded there for nothing)."""
    wanted = np.asarray(keys, np.int64)
    asked = np.ones(wanted.size, bool)
    blocks: list[tuple[int, bytes]] = []
    owners, where, over = [np.empty(0, np.int64)], [np.empty(0, np.int64)], [np.empty(0, np.int64)]
    for table in tables:
        ask = np.flatnonzero(asked)
        if not ask.size:
            break
        mine = wanted[ask]
        rows = db.execute(block_sql(table), (json.dumps(mine.tolist()), 2**62 if limit is None else limit)).fetchall()
        firsts = np.fromiter((r[0] for r in rows), np.int64, len(rows))
        unread = np.fromiter((r[1] is None for r in rows), bool, len(rows))
        at = blocks_of(firsts, mine)
        hit = at >= 0
        skipped = np.zeros(ask.size, bool)
        skipped[hit] = unread[at[hit]]
        # an unread block holds its first key alone: another key it would hold is not in the run
        gone = ask[skipped & (firsts[np.maximum(at, 0)] == mine)]
        over.append(gone)
        asked[gone] = False
        hit &= ~skipped
        owners.append(ask[hit])
        where.append((np.cumsum(~unread) - 1 + len(blocks))[at[hit]])
        blocks.extend(r for r in rows if r[1] is not None)
    found, docs, counts = decode_many(blocks)
    owner = np.concatenate(owners)
    lo, hi = locate(found, counts, np.concatenate(where), wanted[owner], bits)
    n = hi - lo
    at = np.repeat(lo - (np.cumsum(n) - n), n) + np.arange(int(n.sum()), dtype=np.int64)
    return np.repeat(owner, n), docs[at], np.unique(np.concatenate(over))


def read(db: sqlite3.Connection, table: str, lo: int, hi: int | None) -> tuple[np.ndarray, np.ndarray]:
    """The postings of the run ``table`` with keys in ``[lo, hi)`` (``hi=None``: no bound; ``lo``
    and ``hi`` on cell bounds, so no block straddles them), sorted."""
    bound, args = ("", (lo,)) if hi is None else (" AND first < ?", (lo, hi))
    keys, docs, _ = decode_many(db.execute(f"SELECT first, data FROM {table} WHERE first >= ?{bound} ORDER BY first",
                                           args).fetchall())
    return keys, docs


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
