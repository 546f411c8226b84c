"""Inline word diff of two sentences, for display.

:func:`dedup.align.word_edits` says *what* changed (normalised words, no positions); a renderer
also needs *where*, in the text as the publisher wrote it. These functions diff the same way
(``rapidfuzz.distance.Indel`` on word tokens, punctuation marks counted as tokens too) and keep
every piece of the original text.

>>> inline("Namun para pasukan bertahan.", "Namun para pemain bertahan.")
[('equal', 'Namun para '), ('delete', 'pasukan'), ('insert', 'pemain'), ('equal', ' bertahan.')]
>>> sides("Namun para pasukan bertahan.", "Namun para pemain bertahan.")[0]
[('equal', 'Namun para '), ('delete', 'pasukan'), ('equal', ' bertahan.')]
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from .. import text as T

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

# A word exactly as dedup.text.words() sees it ("13.500", "Jong-un"), or one punctuation mark.
_TOKEN = re.compile(rf"{T._WORD.pattern}|[^\w\s]")


def markup(pieces: Iterable[tuple[str, str]], delete: Callable[[str], str], insert: Callable[[str], str],
           equal: Callable[[str], str]) -> str:
    """The pieces joined, each through the function of its tag (a renderer's word-diff markup).

    >>> markup(inline("a b", "a c"), lambda s: f"[-{s}-]", lambda s: f"{{+{s}+}}", str)
    'a [-b-]{+c+}'
    """
    wrap = {DELETE: delete, INSERT: insert}
    return "".join(wrap.get(tag, equal)(s) for tag, s in pieces)


def _tokens(s: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), T.normalize(m.group())) for m in _TOKEN.finditer(s)]


def _changed(a: str, b: str):
    """Token lists of both sides, and for each token whether it is part of a change."""
    from rapidfuzz.distance import Indel

    ta, tb = _tokens(a), _tokens(b)
    ca, cb = [True] * len(ta), [True] * len(tb)
    for tag, i1, i2, j1, j2 in Indel.opcodes([t[2] for t in ta], [t[2] for t in tb]):
        if tag == "equal":
            ca[i1:i2] = [False] * (i2 - i1)
            cb[j1:j2] = [False] * (j2 - j1)
    return ta, ca, tb, cb


def _side(s: str, toks, changed, tag: str) -> list[tuple[str, str]]:
    """Cover ``s`` exactly: runs of changed tokens tagged ``tag``, everything else ``equal``."""
    out: list[tuple[str, str]] = []
    pos = 0
    k = 0
    while k < len(toks):
        if not changed[k]:
            k += 1
            continue
        start = toks[k][0]
        while k + 1 < len(toks) and changed[k + 1]:
            k += 1
        end = toks[k][1]
        if start > pos:
            out.append((EQUAL, s[pos:start]))
        out.append((tag, s[start:end]))
        pos = end
        k += 1
    if pos < len(s):
        out.append((EQUAL, s[pos:]))
    return out


def sides(a: str, b: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Each sentence cut into ``equal`` and changed pieces (``delete`` in A, ``insert`` in B).

    The pieces of each side join back to exactly that side's text.

    >>> a, b = sides("Sarah Hurst yang punya jaringan, Kim", "Sarah Hurst, Kim")
    >>> a
    [('equal', 'Sarah Hurst '), ('delete', 'yang punya jaringan'), ('equal', ', Kim')]
    >>> "".join(t for _, t in b)
    'Sarah Hurst, Kim'
    """
    ta, ca, tb, cb = _changed(a, b)
    return _side(a, ta, ca, DELETE), _side(b, tb, cb, INSERT)


def inline(a: str, b: str) -> list[tuple[str, str]]:
    """One stream for a single-column view: B's text with A's deleted words in place.

    Equal and inserted pieces come from B, deleted ones from A; whitespace between pieces is
    collapsed to one space.

    >>> inline("Laporan ini belum diverifikasi oleh Pyongyang.", "Laporan ini belum diverifikasi oleh sumber lain.")
    [('equal', 'Laporan ini belum diverifikasi oleh '), ('delete', 'Pyongyang'), ('insert', 'sumber lain'), ('equal', '.')]
    """
    from rapidfuzz.distance import Indel

    ta, tb = _tokens(a), _tokens(b)
    # (tag, raw token, whitespace before it, whitespace after it), on the token's own side
    items: list[tuple[str, str, bool, bool]] = []

    def add(tag: str, s: str, toks, k: int) -> None:
        start, end = toks[k][0], toks[k][1]
        before = k > 0 and start > toks[k - 1][1]
        after = k + 1 < len(toks) and toks[k + 1][0] > end
        items.append((tag, s[start:end], before, after))

    for tag, i1, i2, j1, j2 in Indel.opcodes([t[2] for t in ta], [t[2] for t in tb]):
        if tag == "equal":
            for k in range(j1, j2):
                add(EQUAL, b, tb, k)
        elif tag == "delete":
            for k in range(i1, i2):
                add(DELETE, a, ta, k)
        else:
            for k in range(j1, j2):
                add(INSERT, b, tb, k)
    out: list[list[str]] = []

    def put(tag: str, s: str, sep: bool) -> None:
        if sep and out:
            if out[-1][0] == EQUAL:
                out[-1][1] += " "
            else:
                out.append([EQUAL, " "])
        if out and out[-1][0] == tag:
            out[-1][1] += s
        else:
            out.append([tag, s])

    run: list[tuple[str, str, bool, bool]] = []

    def flush() -> bool:
        # One change: A's words, then B's, with the spacing before the change taken once.
        dels = [it for it in run if it[0] == DELETE]
        ins = [it for it in run if it[0] == INSERT]
        sep = (dels or ins)[0][2]
        for group in (dels, ins):
            if group:
                put(group[0][0], _join(group), sep)
                sep = False
        after = not ins and dels[-1][3]  # "[-x-] a b", not "[-x-]a b"
        run.clear()
        return after

    for it in items:
        if it[0] == EQUAL:
            put(EQUAL, it[1], (flush() if run else False) or it[2])
        else:
            run.append(it)
    if run:
        flush()
    return [(t, s) for t, s in out]


def _join(group: list[tuple[str, str, bool, bool]]) -> str:
    return group[0][1] + "".join((" " if sp else "") + tok for _, tok, sp, _ in group[1:])
