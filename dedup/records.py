"""Corpus records in and result rows out: JSONL (plain or ``.gz``), CSV and Parquet.

Readers stream: they yield one record at a time and never hold the file in memory. A malformed
line or record is reported with its file, line (or row) number and byte offset where there is
one; with ``on_error="skip"`` (the default) it is counted in an :class:`ErrorReport` and the
reading goes on, with ``on_error="fail"`` it raises :class:`dedup.errors.InputError`. Records
that are valid are never dropped because a neighbour is not.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "c.jsonl"
>>> _ = p.write_text('{"id": "a", "text": "Isi.", "date": "31 Juli 2019"}\\n{oops\\n')
>>> report = ErrorReport()
>>> [(r.id, r.date.isoformat()) for r in read_records(str(p), errors=report)]
[('a', '2019-07-31')]
>>> print(report.messages[0])
c.jsonl: line 2 (byte 52): not valid JSON: Expecting property name enclosed in double quotes (column 2)
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import gzip
import io
import json
import logging
import math
import os
import re
import sys
import zlib
from dataclasses import dataclass, field
from typing import IO, Any, Iterable, Iterator, Sequence

from .errors import InputError
from .inputs import check_unicode, decode_utf8, open_input, surrogate_at

__all__ = [
    "Fields",
    "Record",
    "ErrorReport",
    "FORMATS",
    "detect_format",
    "parse_date",
    "iter_rows",
    "read_records",
    "read_rows",
    "open_writer",
    "write_rows",
    "chunked",
]

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet")
ON_ERROR = ("skip", "fail")

# csv refuses fields over 128 KiB by default; an article can be longer.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True, slots=True)
class Fields:
    """Which field of an input record holds what (the CLI's ``--id-field`` ... options)."""

    id: str = "id"
    text: str = "text"
    date: str = "date"
    source: str = "source"
    title: str = "title"
    url: str = "url"


@dataclass(slots=True)
class Record:
    """One article: what :func:`read_records` reads, and what :func:`dedup.score`,
    :meth:`dedup.Index.add_many` and the CLI all accept.

    ``text`` is the article as compared: the title (when the record has one and the text does not
    already start with it) on the first line, then the body. ``date``, ``source``, ``title`` and
    ``url`` are the fields batch scoring reads (``url`` is shown on report pages). ``meta`` is
    every other field of the input row too, as an index stores it (``None`` for a record made by
    hand: :meth:`index_meta` then builds it from the named fields). ``line`` is the line (JSONL,
    CSV) or row (Parquet) number the record came from, 1-based, and ``origin`` names it in
    messages (``"c.jsonl: line 4"``).

    >>> Record("a", "Isi.", dt.date(2019, 7, 31), "kompas").index_meta()
    {'date': datetime.date(2019, 7, 31), 'source': 'kompas'}
    """

    id: str
    text: str
    date: dt.date | None = None
    source: str | None = None
    title: str | None = None
    line: int = 0
    url: str | None = None
    meta: dict[str, Any] | None = field(default=None, compare=False)
    origin: str = field(default="", compare=False)

    def index_meta(self) -> dict[str, Any]:
        """The metadata an index stores for this record: ``meta``, or else the named fields."""
        if self.meta is not None:
            return self.meta
        named = (("date", self.date), ("source", self.source), ("title", self.title), ("url", self.url))
        return {k: v for k, v in named if v is not None}


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


# --- dates --------------------------------------------------------------------------------------

_MONTHS = {
    # Indonesian and English, full and abbreviated
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "aug": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}
_MONTH = r"(?P<mon>[A-Za-z]{3,9})\.?"
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:$|[ T])")
_NUMERIC = re.compile(r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})\b")
_DAY_MON_YEAR = re.compile(r"\b(?P<d>\d{1,2})(?:\s+|-)" + _MONTH + r"(?:\s+|-|,\s*)(?P<y>\d{4}|\d{2})\b")
_MON_DAY_YEAR = re.compile(r"\b" + _MONTH + r"\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b")


def parse_date(value: Any) -> dt.date | None:
    """The calendar date of ``value``, or ``None`` when it is empty.

    Understands ISO dates and timestamps, ``date``/``datetime`` objects, day-first numeric dates
    (``16/09/2019``, the order used in Indonesia and Europe), and month names in Indonesian or
    English in the orders news sites print them. A time of day is ignored: windows count days.
    Raises ``ValueError`` for anything else.

    >>> [parse_date(s).isoformat() for s in ["31 Juli 2019", "Oktober 19, 2019", "10-Sep-19",
    ...     "2019-09-10 00:00:00", "16/09/2019", " Oct 2, 2019 ", "Senin, 2 Sep 2019 10:00 WIB"]]
    ['2019-07-31', '2019-10-19', '2019-09-10', '2019-09-10', '2019-09-16', '2019-10-02', '2019-09-02']
    >>> parse_date("") is None
    True
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    s = value.strip()
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        return _make(m.group("y"), m.group("m"), m.group("d"), value)
    for rx in (_DAY_MON_YEAR, _MON_DAY_YEAR):
        m = rx.search(s)
        if m and m.group("mon").lower() in _MONTHS:
            return _make(m.group("y"), _MONTHS[m.group("mon").lower()], m.group("d"), value)
    m = _NUMERIC.search(s)
    if m:
        return _make(m.group("y"), m.group("m"), m.group("d"), value)
    raise ValueError(f"not a date: {value!r}")


def _make(y: str, m: str | int, d: str, raw: str) -> dt.date:
    year = int(y)
    if year < 100:
        year += 2000
    try:
        return dt.date(year, int(m), int(d))
    except ValueError:
        raise ValueError(f"not a date: {raw!r}") from None


# --- formats ------------------------------------------------------------------------------------


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
            raise InputError(f"{_name(path)}: cannot read: not a gzip file (it does not start with the gzip bytes 1f 8b)")
        return gzip.GzipFile(fileobj=f, mode="rb")
    return f


def _name(path: str) -> str:
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
            raise InputError(f"{_name(path)}: cannot read: {e}") from None
        # A truncated .gz (or one missing only its trailer), a corrupt block, bytes after the
        # stream: every record read before the break is kept; the break counts as one bad record.
        errors.add(f"{_name(path)}: {_gzip_break(e)} after line {last}; the records before it are kept")
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
    name = _name(path)
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
    name = _name(path)
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
    name = _name(path)
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


# --- records ------------------------------------------------------------------------------------


def read_records(
    path: str,
    *,
    fields: Fields = Fields(),
    format: str | None = None,
    errors: ErrorReport | None = None,
    on_error: str = "skip",
    id_field: str | None = None,
    text_field: str | None = None,
    date_field: str | None = None,
    source_field: str | None = None,
    title_field: str | None = None,
    url_field: str | None = None,
) -> Iterator[Record]:
    """Stream the articles of a corpus file as :class:`Record` objects.

    A record needs an id (string, or integer made a string) and a text (string); date, source
    and title are optional. ``fields`` names the fields that hold each (or name one of them
    with ``text_field=`` ..., as the CLI's ``--text-field``). Malformed records go to ``errors``
    (or a new :class:`ErrorReport` with ``on_error``). A date that cannot be read keeps the
    record, undated, with a warning. The records go as they are to :func:`dedup.score` and
    :meth:`dedup.Index.add_many` (which stores every other field of a row as its metadata)::

        Index("news.db").add_many(read_records("corpus.jsonl", text_field="content"))
    """
    named = {"id": id_field, "text": text_field, "date": date_field, "source": source_field,
             "title": title_field, "url": url_field}
    if any(v is not None for v in named.values()):
        fields = dataclasses.replace(fields, **{k: v for k, v in named.items() if v is not None})
    errors = errors if errors is not None else ErrorReport(on_error)
    name = _name(path)
    unit = ""
    for line, row in iter_rows(path, format, errors):
        unit = unit or ("row" if detect_format(path, format) == "parquet" else "line")
        where = f"{name}: {unit} {line}"
        rec = record_from_row(row, fields, where, errors)
        if rec is not None:
            rec.line = line
            rec.origin = where
            yield rec


def record_from_row(row: dict, fields: Fields, where: str, errors: ErrorReport) -> Record | None:
    """Validate one row: the :class:`Record`, or ``None`` after reporting what is wrong."""
    rid = row.get(fields.id)
    if rid is None or rid == "":
        errors.add(f"{where}: no id in field {fields.id!r}{fields_hint(row, '--id-field') if fields.id not in row else ''}")
        return None
    if isinstance(rid, int) and not isinstance(rid, bool):
        rid = str(rid)
    elif not isinstance(rid, str):
        errors.add(f"{where}: field {fields.id!r} must be a string or an integer, got {type(rid).__name__}")
        return None
    text = row.get(fields.text)
    if text is None:
        errors.add(f"{where}: no text in field {fields.text!r}{fields_hint(row) if fields.text not in row else ''}")
        return None
    if not isinstance(text, str):
        errors.add(f"{where}: field {fields.text!r} must be a string, got {type(text).__name__}")
        return None
    for field, value in ((fields.id, rid), (fields.text, text), (fields.title, row.get(fields.title)),
                         (fields.source, row.get(fields.source)), (fields.url, row.get(fields.url))):
        # A JSON-escaped lone surrogate ("\\ud800") decodes to a str that no file, store or
        # terminal can encode: the record is bad, like invalid UTF-8 would be.
        if isinstance(value, str) and surrogate_at(value) >= 0:
            try:
                check_unicode(value, f"{where}: field {field!r}")
            except InputError as e:
                errors.add(str(e))
            return None
    title = _optional_str(row.get(fields.title), fields.title, where, errors)
    source = _optional_str(row.get(fields.source), fields.source, where, errors)
    url = _optional_str(row.get(fields.url), fields.url, where, errors)
    date = None
    raw_date = row.get(fields.date)
    if raw_date is not None:
        try:
            date = parse_date(raw_date)
        except ValueError:
            errors.warn(f"{where}: field {fields.date!r}: cannot read the date {_short(raw_date)}", "kept undated")
    body = text
    if title and title.strip() and not text.lstrip().startswith(title.strip()):
        body = f"{title.strip()}\n\n{text}"
    return Record(rid, body, date, source, title, url=url, meta=_row_meta(row, fields, date, where, errors))


def _row_meta(row: dict, fields: Fields, date: dt.date | None, where: str, errors: ErrorReport) -> dict[str, Any]:
    """What an index stores of a row besides its id and text: every other field that is not
    null, with the fields of a ``"meta"`` object merged in, the source under ``"source"`` (a
    string) and the date under ``"date"`` (a date as printed becomes ISO; one that cannot be
    read is left out, as the record is kept undated).

    >>> _row_meta({"id": 1, "text": "x", "publisher": 5, "tgl": "31 Juli 2019", "meta": {"k": [1]}},
    ...           Fields(source="publisher", date="tgl"), dt.date(2019, 7, 31), "r", ErrorReport())
    {'k': [1], 'source': '5', 'date': '2019-07-31'}
    """
    meta = {k: v for k, v in row.items() if k not in (fields.id, fields.text, "meta") and v is not None}
    extra = row.get("meta")
    if extra is not None:
        if isinstance(extra, dict):
            meta.update(extra)
        else:
            errors.warn(f"{where}: field 'meta' must be an object, got {type(extra).__name__}", "ignored")
    if fields.source != "source" and fields.source in meta:
        meta["source"] = meta.pop(fields.source)
    if meta.get("source") is not None and not isinstance(meta["source"], str):
        meta["source"] = str(meta["source"])
    if fields.date != "date" and fields.date in meta:
        meta["date"] = meta.pop(fields.date)
    if row.get(fields.date) is not None:
        if date is None:
            meta.pop("date", None)
        elif isinstance(meta["date"], str) and not _looks_iso(meta["date"]):
            meta["date"] = date.isoformat()
    return meta


def _looks_iso(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value.strip())
        return True
    except ValueError:
        return False


def check_record(rec: Record, where: str, errors: ErrorReport) -> bool:
    """True when a ready-made :class:`Record` holds what a reader would have let through (a
    non-empty string id, a string text, text fields without lone surrogates); else the problem
    goes to ``errors`` and the answer is False."""
    if not isinstance(rec.id, str) or not rec.id:
        errors.add(f"{where}: id must be a non-empty string, got {_short(rec.id)}")
        return False
    if not isinstance(rec.text, str):
        errors.add(f"{where}: text must be a string, got {type(rec.text).__name__}")
        return False
    for field in ("id", "text", "title", "source"):
        value = getattr(rec, field)
        if value is not None and not isinstance(value, str):
            errors.add(f"{where}: {field} must be a string or None, got {type(value).__name__}")
            return False
        if value is not None and surrogate_at(value) >= 0:
            try:
                check_unicode(value, f"{where}: field {field!r}")
            except InputError as e:
                errors.add(str(e))
            return False
    return True


def _optional_str(value: Any, field: str, where: str, errors: ErrorReport) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not (isinstance(value, float) and math.isnan(value)):
        return str(value)
    errors.warn(f"{where}: field {field!r}: expected a string, got {type(value).__name__}; ignored")
    return None


#: Fields listed in a hint; more are counted ("and 4 more").
HINT_FIELDS = 8


def fields_hint(row: dict, option: str = "--text-field") -> str:
    """`` (the record has: ...; choose the field with OPTION)``: the record's fields; for the text
    field, those that look like article text (string values, most words first) lead, so the
    field to choose is in the list whatever the record's column order.

    >>> fields_hint({"id": 1, "title": "Judul singkat", "url": "https://x", "content": "Isi berita yang panjang sekali."})
    ' (the record has: content, title, url, id; choose the field with --text-field)'
    """
    if not row:
        return ""

    def words(key: str) -> int:
        value = row[key]
        return len(value.split()) if isinstance(value, str) else -1

    keys = sorted(row, key=lambda k: -words(k)) if option == "--text-field" else list(row)  # stable sort
    shown = ", ".join(str(k) for k in keys[:HINT_FIELDS])
    more = f" and {len(keys) - HINT_FIELDS} more" if len(keys) > HINT_FIELDS else ""
    return f" (the record has: {shown}{more}; choose the field with {option})"


def _short(value: Any) -> str:
    s = repr(value)
    return s if len(s) <= 40 else s[:37] + "..."


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of ``size`` items (the last one shorter).

    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- typed result rows --------------------------------------------------------------------------

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
        self._tmp = path if path == "-" else _temporary_name(path)
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
    tmp = _temporary_name(path)
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


def _temporary_name(path: str) -> str:
    """A hidden name beside ``path`` for writing it, unique to this process and call."""
    head, tail = os.path.split(path)
    return os.path.join(head, f".{tail}.tmp-{os.getpid()}-{os.urandom(3).hex()}")


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
