"""Which candidates the caller's date and source options keep: one set of rules for
:meth:`dedup.Index.query` (``since``/``until``, ``exclude_source``) and batch scoring
(``window``, ``same_source``, ``cross_source_only``). Every rule is a boolean mask.

An index query asks for a date range, so an undated article cannot be shown to be in it and is
left out; batch scoring asks about a pair, so a pair missing a date or a source is kept (nothing
shows it breaks the rule).

>>> in_range([1.0, None, 5.0], lo=0.0, hi=5.0).tolist(), not_from(["a", "b", None], {"b"}).tolist()
([True, False, False], [True, False, True])
>>> within_days(np.array([10, 10, NO_DATE]), np.array([12, 20, 30]), 3).tolist()
[True, False, True]
"""

from __future__ import annotations

from typing import Collection, Sequence

import numpy as np

from .original import NO_DATE

__all__ = ["in_range", "not_from", "within_days", "same_or_cross_source"]


def in_range(dates: Sequence[float | None], lo: float | None, hi: float | None) -> np.ndarray:
    """``lo <= date < hi`` for each date (either bound may be ``None``); with a bound given, an
    undated article (``None``) is out."""
    keep = np.ones(len(dates), dtype=bool)
    if lo is None and hi is None:
        return keep
    d = np.array([np.nan if x is None else x for x in dates], dtype=np.float64)
    keep &= ~np.isnan(d)
    if lo is not None:
        keep &= d >= lo
    if hi is not None:
        keep &= d < hi
    return keep


def not_from(sources: Sequence[str | None], excluded: Collection[str]) -> np.ndarray:
    """True for each source not in ``excluded``."""
    return np.array([not excluded or s not in excluded for s in sources], dtype=bool)


def within_days(days_a: np.ndarray, days_b: np.ndarray, window: float) -> np.ndarray:
    """True where two day numbers are at most ``window`` apart, or either is :data:`NO_DATE`."""
    da, db = days_a.astype(np.int64), days_b.astype(np.int64)
    known = (da != NO_DATE) & (db != NO_DATE)
    return ~known | (np.abs(da - db) <= window)


def same_or_cross_source(src_a: np.ndarray, src_b: np.ndarray, same: bool) -> np.ndarray:
    """True where two source codes are equal (``same``) or differ (not ``same``), or either is
    unknown (a negative code)."""
    known = (src_a >= 0) & (src_b >= 0)
    return ~known | ((src_a == src_b) if same else (src_a != src_b))
