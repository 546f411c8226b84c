"""Rows in and out of files: JSONL (plain or ``.gz``), CSV and Parquet.

Readers stream: they yield one row at a time and never hold the file in memory. A malformed line
is reported with its file, line (or row) number and byte offset where there is one; with
``on_error="skip"`` (the default) it is counted in an :class:`ErrorReport` and the reading goes on,
with ``on_error="fail"`` it raises :class:`dedup.errors.InputError`. Writers write typed result
tables (``columns``: name and type) under a temporary name and rename it when done, so a killed
run never leaves half a file. :mod:`dedup.records` makes articles of the rows.

>>> import tempfile, os
>>> p = os.path.join(tempfile.mkdtemp(), "t.csv")
>>> write_rows(p, [{"a": "x", "n": 1}], [("a", "str"), ("n", "int")])
1
>>> list(read_rows(p, [("a", "str"), ("n", "int")]))
[{'a': 'x', 'n': 1}]
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import os
import re
import sys
import zlib
from typing import IO, Any, Iterable, Iterator, Sequence

from .errors import InputError
from .inputs import decode_utf8, open_input
from .tempfiles import temporary_name

__all__ = ["ErrorReport", "FORMATS", "detect_format", "check_output", "iter_rows", "read_rows", "open_writer",
           "write_rows", "write_text", "Writer", "TYPES"]

log = logging.getLogger("dedup.records")  # (the name users configure; kept when this moved here)

# csv refuses fields over 128 KiB by default; an article can be longer.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


FORMATS = ("jsonl", "csv", "parquet")


ON_ERROR = ("skip", "fail")


class ErrorReport:
    """Counts malformed records and keeps the first messages for the summary. Each one is also
    logged (logger ``dedup.records``, level WARNING; silent unless the application configures
    logging).

    >>> r = ErrorReport(); r.add("x.jsonl: line 3: not valid JSON"); r.add("x.jsonl: line 9: no field 'text'")
    >>> r.count, r.summary()
    (2, '2 malformed records skipped; first: x.jsonl: line 3: not valid JSON')
    >>> r
    <ErrorReport on_error='skip': 2 malformed records skipped; first: x.jsonl: line 3: not valid JSON>
    >>> ErrorReport("fail")
    <ErrorReport on_error='fail': no malformed records>
    """

    def __init__(self, on_error: str = "skip", keep: int = 20) -> None:
        if on_error not in ON_ERROR:
            raise InputError(f"on_error must be one of {', '.join(ON_ERROR)}, got {on_error!r}")
        self.on_error = on_error
        self.keep = keep
        self.count = 0
        self.warnings = 0
        self.messages: list[str] = []
        self.warning_messages: list[str] = []

    def add(self, message: str) -> None:
        """Record one malformed record (or raise, with ``on_error="fail"``)."""
        if self.on_error == "fail":
            raise InputError(message)
        log.warning("skipped %s", message)
        self.count += 1
        if len(self.messages) < self.keep:
            self.messages.append(message)

    def warn(self, message: str, kept: str = "") -> None:
        """A record kept with a field ignored (a date that cannot be read); fatal under ``fail``.
        ``kept`` says what became of the record (``"kept undated"``): it ends the logged message,
        not the error raised under ``fail`` (the record is not kept then)."""
        if self.on_error == "fail":
            raise InputError(message)
        if kept:
            message = f"{message}; {kept}"
        log.warning("ignored %s", message)
        self.warnings += 1
        if len(self.warning_messages) < self.keep:
            self.warning_messages.append(message)

    def lines(self) -> list[str]:
        """Every kept message, one per skipped record or ignored value, and a last line saying how
        many more there were beyond the ``keep`` first of each.

        >>> r = ErrorReport(keep=1); r.add("x: line 3: bad"); r.add("x: line 9: bad"); r.lines()
        ['skipped x: line 3: bad', '1 more malformed record skipped (the first 1 are listed)']
        """
        out = [f"skipped {m}" for m in self.messages] + [f"ignored {m}" for m in self.warning_messages]
        more = [(self.count - len(self.messages), "malformed record", "skipped", len(self.messages)),
                (self.warnings - len(self.warning_messages), "field value", "ignored", len(self.warning_messages))]
        for n, what, done, listed in more:
            if n > 0:
                out.append(f"{n} more {what}{'s' if n > 1 else ''} {done} (the first {listed} are listed)")
        return out

    def summary(self) -> str:
        """One line for the end of a run ('' when all was well)."""
        parts = []
        if self.count:
            s = "" if self.count == 1 else "s"
            parts.append(f"{self.count} malformed record{s} skipped; first: {self.messages[0]}")
        if self.warnings:
            s = "" if self.warnings == 1 else "s"
            parts.append(f"{self.warnings} field value{s} ignored; first: {self.warning_messages[0]}")
        return "; ".join(parts)

    def __repr__(self) -> str:
        return f"<ErrorReport on_error={self.on_error!r}: {self.summary() or 'no malformed records'}>"

    def __str__(self) -> str:
        return self.summary() or "no malformed records"


def detect_format(path: str, format: str | None = None, *, hint: str = "") -> str:
    """``jsonl``, ``csv`` or ``parquet``, from ``format`` or else from the file name; ``hint``
    ends the error message for a name that says none (the CLI names its option there).

    >>> detect_format("day.jsonl.gz"), detect_format("x.CSV"), detect_format("a.parquet")
    ('jsonl', 'csv', 'parquet')
    """
    if format:
        if format not in FORMATS:
            raise InputError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        return format
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for ext, fmt in ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "jsonl"), (".csv", "csv"),
                     (".tsv", "csv"), (".parquet", "parquet"), (".pq", "parquet")):
        if name.endswith(ext):
            return fmt
    if path == "-":
        return "jsonl"
    raise InputError(f"{path}: cannot tell the format from the name; name it .jsonl, .csv or .parquet{hint}")


def check_output(path: str) -> None:
    """Refuse an output path that cannot be written, before any work is done: its directory is
    missing or not writable, or the path is a directory. ``-`` (standard output) always passes.

    >>> check_output("/no/such/dir/pairs.csv")
    Traceback (most recent call last):
    ...
    dedup.errors.InputError: /no/such/dir/pairs.csv: cannot write: no directory /no/such/dir
    """
    if path == "-":
        return
    parent = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise InputError(f"{path}: cannot write: it is a directory")
    if not os.path.isdir(parent):
        raise InputError(f"{path}: cannot write: no directory {parent}")
    target = path if os.path.exists(path) else parent
    if not os.access(target, os.W_OK):
        raise InputError(f"{path}: cannot write: permission denied")


def _open_binary(path: str) -> IO[bytes]:
    f = open_input(path)
    if path.lower().endswith(".gz"):
        head = f.peek(2)[:2] if hasattr(f, "peek") else b"\x1f\x8b"
        if head not in (b"\x1f\x8b", b""):
            if f is not sys.stdin.buffer:
                f.close()
            raise InputError(f"{display_name(path)}: cannot read: not a gzip file (it does not start with the gzip bytes 1f 8b)")
        return gzip.GzipFile(fileobj=f, mode="rb")
    return f


def display_name(path: str) -> str:
    return "<stdin>" if path == "-" else os.path.basename(path)


def iter_rows(path: str, format: str | None = None, errors: ErrorReport | None = None) -> Iterator[tuple[int, dict]]:
    """Yield ``(line, row)`` for each well-formed row of a JSONL, CSV or Parquet file.

    ``line`` is the 1-based line (JSONL; CSV: the line where the row starts) or row number
    (Parquet). Malformed rows go to ``errors`` (default: a new report that skips). A file that
    cannot be read at all (missing, not gzip, not Parquet) raises :class:`InputError`.
    """
    errors = errors if errors is not None else ErrorReport()
    if path != "-":
        open_input(path).close()  # a missing file or a directory is named as such, before its format
    fmt = detect_format(path, format)
    if fmt == "parquet":
        yield from _parquet_rows(path, errors)
        return
    f = _open_binary(path)
    last = 0  # the last line yielded, to say where a broken stream stopped
    try:
        rows = _jsonl_rows(f, path, errors) if fmt == "jsonl" else _csv_rows(f, path, errors)
        for last, row in rows:
            yield last, row
    except (OSError, EOFError, zlib.error) as e:
        if not isinstance(f, gzip.GzipFile):
            raise InputError(f"{display_name(path)}: cannot read: {e}") from None
        # A truncated .gz (or one missing only its trailer), a corrupt block, bytes after the
        # stream: every record read before the break is kept; the break counts as one bad record.
        errors.add(f"{display_name(path)}: {_gzip_break(e)} after line {last}; the records before it are kept")
    finally:
        if f is not sys.stdin.buffer:
            f.close()


def _gzip_break(e: BaseException) -> str:
    if isinstance(e, EOFError):
        return "the gzip stream ends early (truncated file?)"
    if isinstance(e, gzip.BadGzipFile) and str(e).startswith("Not a gzipped file"):
        return "bytes that are not gzip data follow the gzip stream"
    return f"the gzip stream is damaged ({e})"


def _jsonl_rows(f: IO[bytes], path: str, errors: ErrorReport) -> Iterator[tuple[int, dict]]:
    name = display_name(path)
    offset = 0
    for number, raw in enumerate(f, 1):
        start, offset = offset, offset + len(raw)
        line = raw.strip()
        if not line:
            continue
        where = f"{name}: line {number} (byte {start})"
        try:
            text = decode_utf8(raw, name, start=start, first_line=number)
        except InputError as e:
            errors.add(str(e))  # names the file, the byte offset and the line already
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as e:
            errors.add(f"{where}: not valid JSON: {e.msg} (column {e.colno})")
            continue
        except RecursionError:
            errors.add(f"{where}: not valid JSON: nested too deeply")
            continue
        except ValueError as e:  # an integer of more than 4,300 digits (int_max_str_digits)
            errors.add(f"{where}: not valid JSON: {str(e).split(':')[0]}")
            continue
        if not isinstance(row, dict):
            errors.add(f"{where}: expected a JSON object, got {type(row).__name__}")
            continue
        yield number, row


#: Bytes of one CSV record kept for a re-read: when a record turns out malformed (an unclosed
#: quote), reading resumes on the line after the one it started on, so the records it swallowed
#: are read again. A legitimate record (one article) is far smaller.
CSV_MAX_RECORD_BYTES = 64 * 1024 * 1024


class _Lines:
    """The physical lines of a text stream, numbered, with the lines of the current record kept so
    they can be read again after a malformed one."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self._again: list[tuple[int, str]] = []
        self.kept: list[tuple[int, str]] = []
        self.kept_bytes = 0
        self.number = 0  # the last line handed out

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        if self._again:
            self.number, line = self._again.pop()
        else:
            line = self._text.readline()
            if not line:
                raise StopIteration
            self.number += 1
        self.kept.append((self.number, line))
        self.kept_bytes += len(line)
        if self.kept_bytes > CSV_MAX_RECORD_BYTES:
            raise csv.Error(f"one record runs over {CSV_MAX_RECORD_BYTES >> 20} MiB (an unclosed quote?)")
        return line

    def start_record(self) -> None:
        self.kept, self.kept_bytes = [], 0

    def read_again_after_first(self) -> None:
        """Hand out again every kept line but the first (the malformed record's first line)."""
        self._again.extend(reversed(self.kept[1:]))
        self.start_record()


def _csv_rows(f: IO[bytes], path: str, errors: ErrorReport) -> Iterator[tuple[int, dict]]:
    name = display_name(path)
    # surrogateescape keeps invalid bytes visible, so one bad record is reported, not the file.
    text = io.TextIOWrapper(f, encoding="utf-8-sig", errors="surrogateescape", newline="")
    delimiter = "\t" if path.lower().removesuffix(".gz").endswith(".tsv") else ","
    lines = _Lines(text)
    # strict: a quote followed by anything but a delimiter or line end is an error, so a record
    # with an unclosed quote is reported instead of swallowing the records after it.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as e:
        raise InputError(f"{name}: line 1: not a CSV header: {e}") from None
    if any(_has_surrogate(h) for h in header):
        raise InputError(f"{name}: line 1: header is not valid UTF-8")
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise InputError(f"{name}: line 1: column named twice: {', '.join(dupes)}")
    while True:
        lines.start_record()
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            start = lines.kept[0][0] if lines.kept else lines.number
            errors.add(f"{name}: line {start}: not valid CSV: {e}; reading again from line {start + 1}")
            lines.read_again_after_first()
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            continue
        start = lines.kept[0][0] if lines.kept else lines.number
        if not values or values == [""]:
            continue
        if len(values) != len(header):
            errors.add(f"{name}: line {start}: {len(values)} fields, the header has {len(header)}")
            if len(lines.kept) > 1:  # it ran over several lines: an unclosed quote may have eaten some
                lines.read_again_after_first()
                reader = csv.reader(lines, delimiter=delimiter, strict=True)
            continue
        bad = next((h for h, v in zip(header, values) if _has_surrogate(v)), None)
        if bad is not None:
            errors.add(f"{name}: line {start}: field {bad!r} is not valid UTF-8")
            continue
        yield start, dict(zip(header, values))


_SURROGATE = re.compile("[\udc80-\udcff]")


def _has_surrogate(s: str) -> bool:
    return bool(_SURROGATE.search(s))


def _parquet_rows(path: str, errors: ErrorReport) -> Iterator[tuple[int, dict]]:
    pq = _pyarrow_parquet()
    name = display_name(path)
    try:
        pf = pq.ParquetFile(path)
        sizes = [pf.metadata.row_group(g).num_rows for g in range(pf.num_row_groups)]
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except Exception as e:  # pyarrow raises its own ArrowInvalid/OSError kinds
        raise InputError(f"{name}: not a readable Parquet file: {e}") from None
    # Row group by row group: a corrupt data page costs the rest of its row group, not the file.
    first = 0
    for g, size in enumerate(sizes):
        number = first
        try:
            for batch in pf.iter_batches(batch_size=2048, row_groups=[g]):
                for row in batch.to_pylist():
                    number += 1
                    yield number, row
        except Exception as e:  # corrupt pages: OSError, ArrowInvalid, ArrowNotImplementedError...
            what = f"rows {number + 1}-{first + size}" if number + 1 < first + size else f"row {number + 1}"
            errors.add(f"{name}: row group {g + 1} ({what}): cannot read: {_one_line(str(e))}")
        else:
            if number < first + size:  # damaged pages can also decode to fewer rows, silently
                errors.add(f"{name}: row group {g + 1} (rows {first + 1}-{first + size}): only {number - first} "
                           f"of its {size} rows could be read")
        first += size


def _one_line(s: str, limit: int = 200) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _pyarrow_parquet():
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("Parquet needs pyarrow: pip install 'newsdedup[parquet]'") from None
    return pq


#: Column types of result tables: how each is written to CSV and Parquet and read back.
TYPES = ("str", "float", "int", "bool", "json")


def _to_csv(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "json":
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _from_text(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return value
    if kind == "float":
        return float(value)
    if kind == "int":
        return int(value)
    if kind == "bool":
        return value.strip().lower() in ("true", "1", "yes")
    if kind == "json":
        return json.loads(value)
    return value


class Writer:
    """Streams rows (dicts) to a JSONL, CSV or Parquet file; use as a context manager.

    ``columns`` is a list of ``(name, type)`` with type one of :data:`TYPES`; rows may leave
    columns out (written as null / empty). ``json`` columns hold lists or dicts: nested in JSONL,
    JSON text in CSV and Parquet.

    The rows go to a hidden temporary file beside ``path`` (``.name.tmp-…``), which
    :meth:`close` flushes to disk and renames to ``path``: a run killed half way never leaves a
    partial file under the real name (nor replaces a previous complete one). A ``with`` block left
    by an exception removes the temporary file.
    """

    def __init__(self, path: str, columns: Sequence[tuple[str, str]], format: str | None = None) -> None:
        self.path = path
        self.columns = list(columns)
        for name, kind in self.columns:
            if kind not in TYPES:
                raise ValueError(f"column {name!r}: unknown type {kind!r}")
        self.format = detect_format(path, format)
        self.rows = 0
        self._buffer: list[dict] = []
        self._pq_writer = None
        self._file: Any = None
        self._tmp = path if path == "-" else temporary_name(path)
        try:
            if self.format == "parquet":
                pa = _pyarrow()
                self._schema = pa.schema([(n, _ARROW[k](pa)) for n, k in self.columns])
            elif path == "-":
                self._file = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
            elif path.lower().endswith(".gz"):
                self._file = gzip.open(self._tmp, "wt", encoding="utf-8", newline="")
            else:
                self._file = open(self._tmp, "w", encoding="utf-8", newline="")
        except OSError as e:
            raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
        if self.format == "csv":
            self._csv = csv.writer(self._file, lineterminator="\n")
            self._csv.writerow([n for n, _ in self.columns])

    def write(self, row: dict) -> None:
        self.rows += 1
        if self.format == "jsonl":
            out = {n: row[n] for n, _ in self.columns if row.get(n) is not None}
            self._file.write(json.dumps(out, ensure_ascii=False) + "\n")
        elif self.format == "csv":
            self._csv.writerow([_to_csv(row.get(n), k) for n, k in self.columns])
        else:
            self._buffer.append(row)
            if len(self._buffer) >= 10_000:
                self._flush()

    def write_many(self, rows: Iterable[dict]) -> None:
        for row in rows:
            self.write(row)

    def _flush(self) -> None:
        if self.format != "parquet" or (not self._buffer and self._pq_writer is not None):
            return
        pa = _pyarrow()
        pq = _pyarrow_parquet()
        data = {}
        for n, k in self.columns:
            values = [r.get(n) for r in self._buffer]
            if k == "json":
                values = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
            data[n] = values
        table = pa.Table.from_pydict(data, schema=self._schema)
        if self._pq_writer is None:
            try:
                self._pq_writer = pq.ParquetWriter(self._tmp, self._schema)
            except OSError as e:
                raise InputError(f"{self.path}: cannot write: {e}") from None
        self._pq_writer.write_table(table)
        self._buffer = []

    def close(self) -> None:
        """Finish the file: flush it to disk, then rename it to ``path`` (idempotent)."""
        if self._tmp is None:
            return
        if self.format == "parquet":
            self._flush()
            if self._pq_writer is not None:
                self._pq_writer.close()
        elif self._file is not None:
            if self.path == "-":
                self._file.flush()
                self._file.detach()
            else:
                self._file.close()
        if self.path != "-":
            try:
                _fsync(self._tmp)
                os.replace(self._tmp, self.path)
            except OSError as e:
                self.abort()
                raise InputError(f"{self.path}: cannot write: {e.strerror or e}") from None
        self._tmp = None

    def abort(self) -> None:
        """Drop what was written: the temporary file is removed, ``path`` is left as it was."""
        tmp, self._tmp = self._tmp, None
        try:
            if self._pq_writer is not None:
                self._pq_writer.close()
            elif self._file is not None and self.path != "-":
                self._file.close()
        except Exception:
            pass
        if tmp and tmp != "-":
            try:
                os.remove(tmp)
            except OSError:
                pass

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is not None:
            self.abort()
        else:
            self.close()


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` as :class:`Writer` does: under a temporary name, then renamed,
    so the file is complete or absent. InputError when it cannot be written.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "run.json")
    >>> write_text(p, "{}"); open(p).read()
    '{}'
    """
    tmp = temporary_name(path)
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_ARROW = {
    "str": lambda pa: pa.string(),
    "float": lambda pa: pa.float64(),
    "int": lambda pa: pa.int64(),
    "bool": lambda pa: pa.bool_(),
    "json": lambda pa: pa.string(),
}


def _pyarrow():
    try:
        import pyarrow as pa
    except ImportError:
        raise InputError("Parquet needs pyarrow: pip install 'newsdedup[parquet]'") from None
    return pa


def open_writer(path: str, columns: Sequence[tuple[str, str]], format: str | None = None) -> Writer:
    """A :class:`Writer` for ``path`` (format from ``format`` or the file name)."""
    return Writer(path, columns, format)


def write_rows(path: str, rows: Iterable[dict], columns: Sequence[tuple[str, str]], format: str | None = None) -> int:
    """Write all ``rows`` to ``path``; returns how many.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "p.csv")
    >>> cols = [("a", "str"), ("similarity", "float"), ("original", "bool")]
    >>> write_rows(p, [{"a": "x", "similarity": 0.5, "original": True}], cols)
    1
    >>> list(read_rows(p, cols))
    [{'a': 'x', 'similarity': 0.5, 'original': True}]
    """
    with open_writer(path, columns, format) as w:
        w.write_many(rows)
        return w.rows


def read_rows(path: str, columns: Sequence[tuple[str, str]] | None = None, format: str | None = None,
              errors: ErrorReport | None = None) -> Iterator[dict]:
    """Read back a result table written by :class:`Writer`, values typed by ``columns``."""
    kinds = dict(columns or ())
    for _, row in iter_rows(path, format, errors if errors is not None else ErrorReport("fail")):
        if kinds:
            row = {n: _from_text(row.get(n), k) for n, k in kinds.items()}
        yield row
