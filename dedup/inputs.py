"""Reading articles from files or stdin, with one clear error line for every kind of bad input.

Everything here raises :class:`dedup.errors.InputError` whose message starts with the name of
the input ("a.txt: ...") and fits on one line, so the CLI can print it as is.

>>> decode_utf8(b"\\xef\\xbb\\xbfHalo\\r\\ndunia", "a.txt")
'Halo\\r\\ndunia'
>>> decode_utf8(b"caf\\xe9", "a.txt")
Traceback (most recent call last):
...
dedup.errors.InputError: a.txt: not valid UTF-8 at byte 3 (line 1, byte 0xe9)
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from typing import IO

from .errors import InputError

#: Largest article accepted, in bytes (see :func:`read_article` for why this number).
MAX_ARTICLE_BYTES = 2 * 1024 * 1024

#: The name used in messages for standard input.
STDIN_NAME = "<stdin>"

_HAS_WORD = re.compile(r"\w")
# A lone UTF-16 surrogate: JSON can spell one ("\\ud800") and Python strings can hold one, but
# it is not text: it cannot be encoded as UTF-8, so no store, file or terminal can take it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def surrogate_at(s: str) -> int:
    """The position of the first lone surrogate in ``s``, or -1 when ``s`` is valid text.

    >>> surrogate_at("ok"), surrogate_at("ok" + chr(0xD800))
    (-1, 2)
    """
    m = _SURROGATE.search(s)
    return -1 if m is None else m.start()


def check_unicode(s: str, what: str) -> str:
    """``s`` if it holds no lone surrogate, else :class:`InputError` naming ``what`` and where.

    >>> check_unicode("Halo", "text")
    'Halo'
    >>> check_unicode("Ha" + chr(0xDC80) + "lo", "x.jsonl: line 3: field 'text'")
    Traceback (most recent call last):
    ...
    dedup.errors.InputError: x.jsonl: line 3: field 'text': lone surrogate U+DC80 at character 2 (half of a UTF-16 pair, not text)
    """
    at = surrogate_at(s)
    if at >= 0:
        raise InputError(f"{what}: lone surrogate U+{ord(s[at]):04X} at character {at} (half of a UTF-16 pair, not text)")
    return s


def decode_utf8(data: bytes, name: str, *, start: int = 0, first_line: int = 1) -> str:
    """Decode UTF-8 text strictly; a leading byte-order mark is dropped.

    Binary data (a NUL byte) and invalid UTF-8 raise :class:`InputError` naming ``name``, the
    byte offset and the line. ``start`` and ``first_line`` are the byte offset and line number of
    ``data`` in the file it came from, so a reader that decodes one record at a time still reports
    positions in the whole file.

    >>> decode_utf8("Jl. Merdeka".encode(), "x")
    'Jl. Merdeka'
    >>> decode_utf8(b"ok\\nok\\x00", "x.bin", start=100)
    Traceback (most recent call last):
    ...
    dedup.errors.InputError: x.bin: binary data, not text (NUL byte at byte 105, line 2)
    """
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError(f"{name}: {_nul_message(data, nul, start, first_line)}")
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        at = bom + e.start
        line = data.count(b"\n", 0, at) + first_line
        raise InputError(
            f"{name}: not valid UTF-8 at byte {start + at} (line {line}, byte 0x{data[at]:02x})"
        ) from None


def _nul_message(data: bytes, nul: int, start: int, first_line: int = 1) -> str:
    line = data.count(b"\n", 0, nul) + first_line
    head = data[:256]
    # Most odd (or even) bytes NUL, few of the others: UTF-16 saved without its byte-order mark.
    odd, even = head[1::2], head[0::2]
    if len(head) >= 4 and any(
        x.count(0) >= 0.75 * len(x) and y.count(0) <= 0.25 * len(y) for x, y in ((odd, even), (even, odd))
    ):
        hint = "; UTF-16 without a byte-order mark? save it as UTF-8"
    else:
        hint = ""
    return f"binary data, not text (NUL byte at byte {start + nul}, line {line}{hint})"


def decode_text(data: bytes, name: str) -> str:
    """Decode a whole article: UTF-8 (with or without BOM), or UTF-16 when it starts with a BOM.

    Newlines are normalised to ``\\n``. UTF-16 is accepted only with its byte-order mark, which
    makes it unambiguous (Windows "Unicode" text files are saved that way).

    >>> decode_text("Halo\\r\\ndunia\\rlagi".encode("utf-16"), "a.txt")
    'Halo\\ndunia\\nlagi'
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        try:
            text = data[2:].decode(codec)
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: not valid UTF-16 at byte {2 + e.start}") from None
        nul = text.find("\0")
        if nul >= 0:
            raise InputError(f"{name}: binary data, not text (NUL character {nul} of the UTF-16 text)")
    else:
        text = decode_utf8(data, name)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article(path: str, *, max_bytes: int | None = None) -> str:
    """Read one article from ``path`` (``"-"`` reads stdin) and return its text.

    Refuses, with one line naming the file: a missing file, a directory, a file it may not
    read, binary data, invalid UTF-8 (with the byte offset), text with no words, and anything
    larger than ``max_bytes`` (default :data:`MAX_ARTICLE_BYTES`, 2 MiB). The limit exists
    because cost grows with the articles' lengths and, in the worst gaps, with their product: a
    real news article is 2-50 KB. Measured by ``benchmarks/bench_input_size.py`` (read, compare,
    render text and HTML): 2 MiB (about 20,000 sentences) against an edited, shuffled or unrelated
    text of the same size takes 1.3-2.0 s and at most 150 MB, and two 2 MiB lines with no
    sentence end (every 50th word changed) 9.5 s and 100 MB; 20 MiB takes 14-19 s and up to
    1.1 GB, which is no longer a diff of two articles. Raise it per call with ``max_bytes``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes(b"Judul\\r\\nIsi berita.\\r\\n")
    >>> read_article(str(p))
    'Judul\\nIsi berita.\\n'
    """
    limit = MAX_ARTICLE_BYTES if max_bytes is None else max_bytes
    name = STDIN_NAME if path == "-" else path
    if path == "-":
        data = _read_capped(sys.stdin.buffer, limit, name)
    else:
        data = _read_file(path, limit)
    if len(data) > limit:
        raise InputError(f"{name}: larger than the {_size(limit)} limit for one article")
    if not data:
        raise InputError(f"{name}: empty file, no article text")
    text = decode_text(data, name)
    if not text.strip():
        raise InputError(f"{name}: only whitespace, no article text")
    if not _HAS_WORD.search(text):
        raise InputError(f"{name}: no words, no article text")
    return text


def open_input(path: str) -> IO[bytes]:
    """Open ``path`` for binary reading (``"-"``: stdin), with one-line errors naming the file.

    >>> open_input("/no/such/file")
    Traceback (most recent call last):
    ...
    dedup.errors.InputError: /no/such/file: no such file
    """
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None


def _read_file(path: str, limit: int) -> bytes:
    with open_input(path) as f:
        try:
            size = os.fstat(f.fileno()).st_size
        except OSError:
            size = 0
        if size > limit:  # refuse before reading it (pipes and devices report 0 and are read)
            raise InputError(f"{path}: {_size(size)} is larger than the {_size(limit)} limit for one article")
        return _read_capped(f, limit, path)


def _read_capped(f: IO[bytes], limit: int, name: str) -> bytes:
    """At most ``limit + 1`` bytes, in chunks (``f.read(n)`` would allocate all ``n`` at once)."""
    chunks, n = [], 0
    try:
        while n <= limit:
            chunk = f.read(min(1 << 20, limit + 1 - n))
            if not chunk:
                break
            chunks.append(chunk)
            n += len(chunk)
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a file") from None
    except OSError as e:
        raise InputError(f"{name}: cannot read: {e.strerror or e}") from None
    return b"".join(chunks)


def _size(n: int) -> str:
    """``2 MiB``, ``512 KiB``, ``300 bytes``: a byte count for a message.

    >>> _size(2 * 1024 * 1024), _size(20_971_520), _size(1536), _size(12)
    ('2 MiB', '20 MiB', '1.5 KiB', '12 bytes')
    """
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"
