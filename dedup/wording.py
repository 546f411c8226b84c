"""Words in printed messages: counts (``1 sentence``, ``2 sentences``, ``1,000 articles``) and
a bad value shown short.

>>> counted(1, "sentence"), counted(2_000, "article"), counted(1, "match", "matches")
('1 sentence', '2,000 articles', '1 match')
"""

from __future__ import annotations

from typing import Any


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` with thousands separators and ``noun`` in the singular for 1, else ``plural``
    (default: ``noun + "s"``).

    >>> counted(0, "pair"), counted(3, "match", "matches")
    ('0 pairs', '3 matches')
    """
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


def shown(value: Any) -> str:
    """``repr(value)``, cut to 40 characters (a bad value named in an error message).

    >>> shown("x" * 50)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
    """
    s = repr(value)
    return s if len(s) <= 40 else s[:37] + "..."


def clipped(s: str, limit: int = 80) -> str:
    """``s`` cut to ``limit`` characters, the last one an ellipsis.

    >>> clipped("abcdef", 4)
    'abc…'
    """
    return s if len(s) <= limit else s[: limit - 1] + "…"
