"""An index's stored records read back: texts decompressed within bounds, metadata, signatures,
and the check of every record (:meth:`dedup.Index.check`). Damaged data is one
:class:`IndexCorruptError` naming the record, never a raw zlib, JSON or numpy error.

>>> import zlib
>>> text("news.db", "a1", zlib.compress("Palu diguncang gempa.".encode()))
'Palu diguncang gempa.'
>>> text("news.db", "a1", b"not zlib")
Traceback (most recent call last):
...
dedup.errors.IndexCorruptError: news.db: record 'a1': stored text is not zlib data (Error -3 while decompressing data: incorrect header check); run: dedup index check
"""

from __future__ import annotations

import json
import zlib

from .checks import MAX_TEXT_BYTES
from .errors import IndexCorruptError
from .storage import Storage
from .wording import shown

#: Bytes of one signature slot as stored (little-endian uint32).
SLOT_BYTES = 4


def damaged(where: str, id: str, what: str) -> IndexCorruptError:
    """The error for a damaged stored record ``id`` of the index at ``where``."""
    return IndexCorruptError(f"{where}: record {shown(id)}: {what}; run: dedup index check")


def text(where: str, id: str, blob: bytes) -> str:
    """The stored text of ``id``, decompressed to at most :data:`MAX_TEXT_BYTES` (a tampered blob
    cannot inflate to gigabytes)."""
    if not isinstance(blob, (bytes, bytearray, memoryview)):
        raise damaged(where, id, f"stored text is a {type(blob).__name__}, not compressed bytes")
    try:
        z = zlib.decompressobj()
        data = z.decompress(blob, MAX_TEXT_BYTES + 1)
        if len(data) > MAX_TEXT_BYTES or z.unconsumed_tail:
            raise damaged(where, id, f"stored text inflates beyond the {MAX_TEXT_BYTES >> 20} MiB limit")
        if not z.eof:
            raise damaged(where, id, "stored text is truncated")
        return data.decode("utf-8")
    except zlib.error as e:
        raise damaged(where, id, f"stored text is not zlib data ({e})") from None
    except UnicodeDecodeError as e:
        raise damaged(where, id, f"stored text is not UTF-8 (byte {e.start})") from None


def meta(where: str, row) -> dict:
    """The stored metadata of ``row`` (a :class:`~dedup.storage.Row`) as a dict."""
    try:
        value = json.loads(row.meta)
    except (ValueError, RecursionError, TypeError) as e:
        raise damaged(where, row.id, f"stored metadata is not JSON ({str(e)[:60]})") from None
    if not isinstance(value, dict):
        raise damaged(where, row.id, f"stored metadata is a JSON {type(value).__name__}, not an object")
    return value


def signature(where: str, row, num_perm: int) -> bytes:
    """The stored signature of ``row``: ``num_perm`` little-endian uint32 slots, or ``b""`` for a
    record stored with its text (format 4: the index computes it again from the text)."""
    sig = row.signature
    want = num_perm * SLOT_BYTES
    if not isinstance(sig, (bytes, bytearray, memoryview)) or len(sig) not in (0, want):
        got = len(sig) if isinstance(sig, (bytes, bytearray, memoryview)) else type(sig).__name__
        raise damaged(where, row.id, f"stored signature has {got} bytes, not {want}")
    return bytes(sig)


def check(storage: Storage, keep_text: bool, num_perm: int, batch_size: int = 1000) -> list[str]:
    """Every problem of ``storage``, one line each: the backend's own checks, then every record
    read back (metadata, signature, text, shingle count), ``batch_size`` records at a time."""
    problems = list(storage.check())
    where = storage.describe()

    def short(e: IndexCorruptError) -> str:
        return str(e).removeprefix(f"{where}: ").removesuffix("; run: dedup index check").split("; run: dedup index")[0]

    def fetch(part: list[str]) -> tuple[dict, dict]:
        return storage.rows(part), (storage.texts(part) if keep_text else {})

    ids = storage.ids()
    for k in range(0, len(ids), batch_size):
        part = ids[k : k + batch_size]
        try:
            rows, texts = fetch(part)
        except IndexCorruptError:  # one damaged record must not hide the others: one by one
            rows, texts = {}, {}
            for id in part:
                try:
                    r, t = fetch([id])
                except IndexCorruptError as e:
                    problems.append(f"record {shown(id)}: unreadable ({short(e)})")
                    rows[id] = None
                    continue
                rows.update(r)
                texts.update(t)
        for id in part:
            if id in rows and rows[id] is None:
                continue
            row = rows.get(id)
            if row is None:
                problems.append(f"record {shown(id)}: listed but not stored")
                continue
            for read in (lambda: meta(where, row), lambda: signature(where, row, num_perm),
                         lambda: id in texts and text(where, id, texts[id])):
                try:
                    read()
                except IndexCorruptError as e:
                    problems.append(short(e))
            if keep_text and id not in texts and not row.signature:
                problems.append(f"record {shown(id)}: stored with neither its text nor its signature")
            if not isinstance(row.n_shingles, int) or row.n_shingles < 1:
                problems.append(f"record {shown(id)}: stored shingle count {row.n_shingles!r} is not a positive integer")
    return problems
