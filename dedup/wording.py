"""Counts in printed messages: ``1 sentence``, ``2 sentences``, ``1,000 articles``.

>>> counted(1, "sentence"), counted(2_000, "article"), counted(1, "match", "matches")
('1 sentence', '2,000 articles', '1 match')
"""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` with thousands separators and ``noun`` in the singular for 1, else ``plural``
    (default: ``noun + "s"``).

    >>> counted(0, "pair"), counted(3, "match", "matches")
    ('0 pairs', '3 matches')
    """
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"
