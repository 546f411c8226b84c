"""Checks of what a caller hands an index: ids, texts, metadata and query arguments. Each refusal
is an :class:`~dedup.errors.InputError` naming the place ("record 3 (id 'x'): meta['date']: ...").

>>> check_meta({"date": "2024-03-01T08:30:00+07:00", "source": "kompas"}, "record 1")
({'date': '2024-03-01T01:30:00Z', 'source': 'kompas'}, 1709256600.0, 'kompas')
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Callable, Iterable, Mapping

import numpy as np

from .dates import parse_when
from .document import parse_published
from .errors import InputError
from .inputs import check_unicode
from .wording import clipped, shown

__all__ = ["check_id", "check_text", "check_meta", "check_count", "json_safe", "meta_published", "as_set",
           "loaded", "MAX_TEXT_BYTES", "MAX_META_DEPTH", "MAX_META_INT_DIGITS"]


#: Largest text the index stores (UTF-8 bytes), and so the most a stored text may inflate to when
#: read back: a real article is 2-50 KB, the CLI reads at most 2 MiB per article
#: (:data:`dedup.inputs.MAX_ARTICLE_BYTES`); 8 times that leaves room for long reports and bounds
#: what a tampered 2 MB blob can cost (it once inflated to 300 MB and held a query for minutes).
MAX_TEXT_BYTES = 16 * 1024 * 1024


def check_id(id: Any, where: str) -> str:
    if not isinstance(id, str):
        raise InputError(f"{where}: id must be a string, got {type(id).__name__} {shown(id)}")
    if not id.strip():
        raise InputError(f"{where}: id is empty")
    if "\0" in id:
        raise InputError(f"{where}: id contains a NUL character")
    check_unicode(id, f"{where}: id")
    return id


def check_text(text: Any, where: str) -> str:
    if not isinstance(text, str):
        raise InputError(f"{where}: text must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{where}: text is empty or only whitespace")
    check_unicode(text, f"{where}: text")
    if len(text) > MAX_TEXT_BYTES // 4 and len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise InputError(f"{where}: text is larger than the {MAX_TEXT_BYTES >> 20} MiB limit for one article")
    return text


#: Deepest nesting of lists and dicts accepted in metadata (real metadata is one or two levels;
#: the bound keeps checking and JSON encoding far from Python's recursion limit).
MAX_META_DEPTH = 32


#: Most decimal digits of an integer in metadata (Python refuses to print more than 4,300).
MAX_META_INT_DIGITS = 100


_META_INT_LIMIT = 10**MAX_META_INT_DIGITS


def json_safe(value: Any, path: str, depth: int = 0) -> Any:
    """``value`` if it is JSON-safe (tuples become lists), else InputError naming ``path``."""
    if isinstance(value, str):
        return check_unicode(value, path)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) >= _META_INT_LIMIT:
            raise InputError(f"{path}: integer of more than {MAX_META_INT_DIGITS} digits")
        return value
    if isinstance(value, (list, tuple, Mapping)) and depth >= MAX_META_DEPTH:
        raise InputError(f"{clipped(path)}: nested more than {MAX_META_DEPTH} levels deep")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"{path}: {value!r} is not a finite number (JSON cannot hold it)")
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [json_safe(v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value)]
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise InputError(f"{path}: key {shown(k)} is {type(k).__name__}, JSON keys must be strings")
            check_unicode(k, f"{path}: key {k!r:.40}")
            out[k] = json_safe(v, f"{path}[{k!r}]", depth + 1)
        return out
    raise InputError(f"{path}: {type(value).__name__} {shown(value)} is not JSON-serialisable")


def meta_published(meta: Mapping) -> Any:
    """The stored article's publication time for verdicts: ``published``, else ``date`` (None
    when neither reads as ISO 8601)."""
    for key in ("published", "date"):
        value = meta.get(key) if isinstance(meta, Mapping) else None
        if value:
            try:
                return parse_published(value)
            except (TypeError, ValueError):
                continue
    return None


def check_meta(meta: Any, where: str) -> tuple[dict, float | None, str | None]:
    if meta is None:
        return {}, None, None
    if not isinstance(meta, Mapping):
        raise InputError(f"{where}: meta must be a dict, got {type(meta).__name__}")
    out = dict(meta)
    date_key = None
    if out.get("date") is not None:
        out["date"], date_key = parse_when(out["date"], f"{where}: meta['date']")
    source = out.get("source")
    if source is not None and not isinstance(source, str):
        raise InputError(f"{where}: meta['source'] must be a string, got {type(source).__name__}")
    out = json_safe(out, f"{where}: meta")
    return out, date_key, source


def check_count(value: Any, name: str, least: int) -> int:
    """``value`` if it is an integer of at least ``least``, else InputError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InputError(f"query: {name} must be an integer, got {type(value).__name__} {shown(value)}")
    if value < least:
        raise InputError(f"query: {name} must be at least {least}, got {value}")
    return int(value)


def loaded(loader: Callable[[str], str], id: str) -> str:
    text = loader(id)
    if not isinstance(text, str):
        raise InputError(f"{id}: loader returned {type(text).__name__}, expected the text (str)")
    return text


def as_set(value: str | Iterable[str] | None, name: str) -> set[str]:
    """``value`` (a string, strings or ``None``) as a set; InputError naming ``name`` otherwise."""
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    items = list(value) if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)) else [value]
    for x in items:
        if not isinstance(x, str):
            raise InputError(f"query: {name}: expected a string or strings, got {type(x).__name__} {shown(x)}")
    return set(items)
