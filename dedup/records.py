"""Articles of a corpus: :class:`Record` objects read from the rows of JSONL (plain or ``.gz``),
CSV and Parquet files (:mod:`dedup.rows`), the one record shape that :func:`dedup.score`,
:meth:`dedup.Index.add_many` and the CLI accept.

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

import dataclasses
import datetime as dt
import logging
import math
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from .dates import looks_iso, parse_date, parse_time, time_in_date
from .errors import InputError
from .inputs import check_unicode, surrogate_at
from .rows import (FORMATS, TYPES, ErrorReport, Writer, check_output, detect_format, iter_rows, open_writer, read_rows,
                   write_rows, write_text)
from .rows import display_name
from .wording import shown

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
    # from dedup.rows and dedup.dates, where they live now (imported from here by existing code)
    "check_output",
    "write_text",
    "Writer",
    "TYPES",
]

log = logging.getLogger(__name__)




@dataclass(frozen=True, slots=True)
class Fields:
    """Which field of an input record holds what (the CLI's ``--id-field`` ... options)."""

    id: str = "id"
    text: str = "text"
    date: str = "date"
    source: str = "source"
    title: str = "title"
    url: str = "url"
    #: A time of day ("14:15", "14.15 WIB", "2:15 PM"), combined with the date into the
    #: publication time compare() reads (which of two same-day versions came later).
    time: str = "time"


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
    meta: dict[str, Any] | None = dataclasses.field(default=None, compare=False)
    origin: str = dataclasses.field(default="", compare=False)
    #: The time of day it was published, when the record gives one (its time field, or a time in
    #: its date field: "2019-09-10 14:15").
    time: dt.time | None = None

    def index_meta(self) -> dict[str, Any]:
        """The metadata an index stores for this record: ``meta``, or else the named fields."""
        if self.meta is not None:
            return self.meta
        named = (("date", published_at(self.date, self.time)), ("source", self.source), ("title", self.title),
                 ("url", self.url))
        return {k: v for k, v in named if v is not None}


# --- dates --------------------------------------------------------------------------------------


# --- formats ------------------------------------------------------------------------------------


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
    time_field: str | None = None,
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
             "title": title_field, "url": url_field, "time": time_field}
    if any(v is not None for v in named.values()):
        fields = dataclasses.replace(fields, **{k: v for k, v in named.items() if v is not None})
    errors = errors if errors is not None else ErrorReport(on_error)
    name = display_name(path)
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
            errors.warn(f"{where}: field {fields.date!r}: cannot read the date {shown(raw_date)}", "kept undated")
    when = None
    raw_time = row.get(fields.time)
    if date is not None and raw_time is not None:
        try:
            when = parse_time(raw_time)
        except ValueError:
            errors.warn(f"{where}: field {fields.time!r}: cannot read the time {shown(raw_time)}", "kept without a time")
    elif date is not None:
        when = time_in_date(raw_date)
    body = text
    if title and title.strip() and not text.lstrip().startswith(title.strip()):
        body = f"{title.strip()}\n\n{text}"
    meta = _row_meta(row, fields, date, where, errors)
    # The index orders same-day versions by the time, as dedup score does: one from the time
    # field, or from a date field that is not ISO (an ISO one is stored as written, its zone kept).
    if when is not None and (raw_time is not None or not (isinstance(raw_date, str) and looks_iso(raw_date))):
        meta["date"] = published_at(date, when).isoformat()
    return Record(rid, body, date, source, title, url=url, meta=meta, time=when)


def published_at(date: dt.date | None, time: dt.time | None) -> dt.date | dt.datetime | None:
    """The publication time an index stores: the date with its time of day when there is one.

    >>> published_at(dt.date(2019, 9, 10), dt.time(14, 15)).isoformat(), published_at(dt.date(2019, 9, 10), None)
    ('2019-09-10T14:15:00', datetime.date(2019, 9, 10))
    """
    if date is None or time is None:
        return date
    return dt.datetime.combine(date, time)


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
        elif isinstance(meta["date"], str) and not looks_iso(meta["date"]):
            meta["date"] = date.isoformat()
    return meta


def check_record(rec: Record, where: str, errors: ErrorReport) -> bool:
    """True when a ready-made :class:`Record` holds what a reader would have let through (a
    non-empty string id, a string text, text fields without lone surrogates); else the problem
    goes to ``errors`` and the answer is False."""
    if not isinstance(rec.id, str) or not rec.id:
        errors.add(f"{where}: id must be a non-empty string, got {shown(rec.id)}")
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
    """`` (the record has: ...; choose the field with OPTION or Fields(NAME=...))``: the record's
    fields; for the text field, those that look like article text (string values, most words
    first) lead, so the field to choose is in the list whatever the record's column order. The
    message names both the CLI option and the :class:`Fields` argument, since the library
    (``score(..., fields=)``, ``read_records(..., fields=)``) raises it too.

    >>> fields_hint({"id": 1, "title": "Judul singkat", "url": "https://x", "content": "Isi berita yang panjang sekali."})
    ' (the record has: content, title, url, id; choose the field with --text-field or Fields(text=...))'
    """
    if not row:
        return ""

    def words(key: str) -> int:
        value = row[key]
        return len(value.split()) if isinstance(value, str) else -1

    keys = sorted(row, key=lambda k: -words(k)) if option == "--text-field" else list(row)  # stable sort
    shown = ", ".join(str(k) for k in keys[:HINT_FIELDS])
    more = f" and {len(keys) - HINT_FIELDS} more" if len(keys) > HINT_FIELDS else ""
    name = option.removeprefix("--").removesuffix("-field")
    return f" (the record has: {shown}{more}; choose the field with {option} or Fields({name}=...))"


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

