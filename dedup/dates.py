"""Dates in input: as news sites print them (:func:`parse_date`, calendar days for batch scoring)
and ISO 8601 times as an index stores them (:func:`parse_when`).

>>> parse_date("31 Juli 2019").isoformat(), parse_when("2024-03-01T08:30:00+07:00", "date")[0]
('2019-07-31', '2024-03-01T01:30:00Z')
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .errors import InputError
from .wording import shown

__all__ = ["parse_date", "parse_time", "time_in_date", "parse_when", "looks_iso"]

# Sites print a dash (or a run of dots) where they have no date or time: 3,327 of CLICK-ID's 22,136
# records have the time "-". Such a placeholder is an empty value, not an unreadable one.
_PLACEHOLDER = " \t-\u2013\u2014./\u2026"


def _blank(s: str) -> bool:
    return not s.strip(_PLACEHOLDER)


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
    >>> parse_date("") is None, parse_date("-") is None
    (True, True)
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
    if _blank(s):
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


_TIME = re.compile(r"(?<![\d:.])(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?\s*(?P<ampm>[ap]\.?m\.?)?(?![\d.:])", re.I)
_DATE_TIME = re.compile(r"[ T](?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?")


def parse_time(value: Any) -> dt.time | None:
    """The time of day of ``value`` ("14:15", "14.15 WIB", "2:15 PM", "09:05:30", a ``time`` or
    ``datetime``), or ``None`` when it is empty. Raises ``ValueError`` for anything else.

    >>> [parse_time(s).isoformat() for s in ["14:15", "14.15 WIB", "2:15 PM", "09:05:30", "12:00 am"]]
    ['14:15:00', '14:15:00', '14:15:00', '09:05:30', '00:00:00']
    >>> parse_time("  ") is None, parse_time("-") is None
    (True, True)
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"not a time of day: {value!r}")
    if _blank(value):
        return None
    m = _TIME.search(value)
    if m is None:
        raise ValueError(f"not a time of day: {value!r}")
    h, mi, sec = int(m.group("h")), int(m.group("m")), int(m.group("s") or 0)
    ampm = (m.group("ampm") or "").lower().replace(".", "")
    if ampm and not 1 <= h <= 12:
        raise ValueError(f"not a time of day: {value!r}")
    if ampm:
        h = h % 12 + (12 if ampm == "pm" else 0)
    try:
        return dt.time(h, mi, sec)
    except ValueError:
        raise ValueError(f"not a time of day: {value!r}") from None


def time_in_date(value: Any) -> dt.time | None:
    """The time of day a date field carries ("2019-09-10 14:15:00", "2019-09-10T14:15",
    "Senin, 2 Sep 2019 10:00 WIB", a ``datetime``), or ``None``.

    >>> time_in_date("2019-09-10T14:15:00"), time_in_date("16.09.2019"), time_in_date("2019-09-10")
    (datetime.time(14, 15), None, None)
    """
    if isinstance(value, dt.datetime):
        return value.time()
    if not isinstance(value, str):
        return None
    m = _DATE_TIME.search(value)
    if m is None:
        return None
    try:
        return dt.time(int(m.group("h")), int(m.group("m")), int(m.group("s") or 0))
    except ValueError:
        return None


def _make(y: str, m: str | int, d: str, raw: str) -> dt.date:
    year = int(y)
    if year < 100:
        year += 2000
    try:
        return dt.date(year, int(m), int(d))
    except ValueError:
        raise ValueError(f"not a date: {raw!r}") from None


def looks_iso(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value.strip())
        return True
    except ValueError:
        return False


def parse_when(value: Any, path: str) -> tuple[str, float]:
    """``(normalised ISO text, UTC epoch seconds)`` of a date, datetime or ISO string.

    A date means midnight UTC; a datetime without a time zone is read as UTC. Every date is
    stored in one form, ISO 8601 in UTC: ``YYYY-MM-DD`` at midnight, else ``YYYY-MM-DDTHH:MM:SSZ``
    (so stored dates sort as text, whatever form or time zone they came in).

    >>> [parse_when(v, "d")[0] for v in ("2024-03-01", "2024-03-01 00:00:00", "2024-03-01T08:30:00+07:00",
    ...     dt.datetime(2024, 3, 1, 12), dt.date(2024, 3, 1))]
    ['2024-03-01', '2024-03-01', '2024-03-01T01:30:00Z', '2024-03-01T12:00:00Z', '2024-03-01']
    """
    if isinstance(value, dt.datetime):
        when = value
    elif isinstance(value, dt.date):
        when = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            when = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise InputError(f"{path}: {shown(value)} is not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)") from None
    else:
        raise InputError(f"{path}: expected a date, datetime or ISO string, got {type(value).__name__} {shown(value)}")
    when = when.replace(tzinfo=dt.timezone.utc) if when.tzinfo is None else when.astimezone(dt.timezone.utc)
    if when.time() == dt.time(0):
        iso = when.date().isoformat()
    else:
        iso = when.replace(tzinfo=None).isoformat(timespec="seconds" if not when.microsecond else "microseconds") + "Z"
    return iso, when.timestamp()
