"""Terminal output: a header with verdict and scores, then one line per op in reading order.

Marks: ``=`` equal (shortened), ``~`` modified with ``[-old-]{+new+}`` word edits, ``+`` added,
``-`` removed, ``>`` moved, ``/`` split, ``\\`` merged; lines that are not article content carry
their kind (``headline:``, ``dateline:``, ``byline:``, ``boilerplate:``). With ``color=True``
deletions are red and insertions green instead of bracketed.

>>> from dedup import compare
>>> c = compare("Satu dua tiga empat lima. Rusia kehilangan 13.500 tentara.",
...             "Satu dua tiga empat lima. Rusia kehilangan 14.000 tentara.")
>>> print(render(c).split("\\n\\n")[1])
= Satu dua tiga empat lima.
~ Rusia kehilangan [-13.500-]{+14.000+} tentara.
    fact (number): 13.500 -> 14.000
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import SYMBOLS, VERDICT_HELP, side_labels
from ..wording import counted
from .inline import inline, markup

if TYPE_CHECKING:
    from ..align import Op
    from ..compare import Comparison

#: Equal sentences are shortened to this many characters: what changed is what matters.
EQUAL_WIDTH = 72

_RESET, _BOLD, _DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
_RED, _GREEN, _YELLOW, _BLUE, _MAGENTA, _CYAN = (f"\x1b[{n}m" for n in range(31, 37))
_OP_COLOR = {
    "equal": _DIM, "modified": _YELLOW, "added": _GREEN, "removed": _RED,
    "moved": _BLUE, "split": _CYAN, "merged": _CYAN,
}
# Terminal control characters in article text must never reach the terminal (escape sequences),
# nor the bidirectional embedding, override and isolate controls, which make a line display in
# another order than it reads ("Trojan Source"): C0, DEL, C1, U+202A-U+202E, U+2066-U+2069.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(s: str) -> str:
    """Article text made safe for a terminal: control characters shown as ``\\xNN`` (bidi
    controls as ``\\uNNNN``).

    >>> clean("ok\\x1b[31m red\\nnext")
    'ok\\\\x1b[31m red next'
    >>> clean("abc\\u202edef")
    'abc\\\\u202edef'
    """
    return _CONTROL.sub(_shown, s)


def _shown(m: re.Match) -> str:
    c = m.group()
    if c in "\n\r":
        return " "
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def render(comparison: "Comparison", color: bool = False) -> str:
    """The comparison as lines for a terminal (ANSI colours when ``color``)."""
    paint = _painter(color)
    return "\n".join(_header(comparison, paint)) + "\n\n" + "\n".join(_body(comparison, paint, color))


def _painter(color: bool):
    def paint(s: str, *codes: str) -> str:
        return "".join(codes) + s + _RESET if color and codes else s

    return paint


def _header(c: "Comparison", paint) -> list[str]:
    la, lb = side_labels(c)
    na, nb = len(c.a.sentences), len(c.b.sentences)
    counts = c.counts()
    order = ("equal", "modified", "added", "removed", "moved", "split", "merged")
    lines = [
        f"{paint('A', _BOLD)}            {clean(la)}  ({counted(na, 'sentence')})",
        f"{paint('B', _BOLD)}            {clean(lb)}  ({counted(nb, 'sentence')})",
        f"{paint('verdict', _BOLD)}      {paint(c.verdict, _BOLD)}: {VERDICT_HELP.get(c.verdict, '')}",
    ]
    lines += [f"             - {clean(r)}" for r in c.reasons]
    lines += [
        f"{paint('similarity', _BOLD)}   {c.similarity:.2f} (Jaccard of content shingles)",
        f"{paint('containment', _BOLD)}  A in B {c.containment_a_in_b:.2f}, B in A {c.containment_b_in_a:.2f}",
        f"{paint('sentences', _BOLD)}    "
        + (", ".join(f"{counts[k]} {k}" for k in order if counts.get(k)) or "none"),
    ]
    other = _other_counts(c)
    if other:
        lines.append(f"{paint('other lines', _BOLD)}  {other}")
    return lines


def _other_counts(c: "Comparison") -> str:
    """``headline modified, byline 1 added, boilerplate 2 removed 2 added``."""
    parts = []
    for kind in ("headline", "dateline", "byline", "boilerplate"):
        counts = c.counts(kind)
        if not counts:
            continue
        if sum(counts.values()) == 1:
            parts.append(f"{kind} {next(iter(counts))}")
        else:
            parts.append(f"{kind} " + " ".join(f"{n} {op}" for op, n in counts.items()))
    return ", ".join(parts)


def _line_no(doc, units) -> str:
    return str(doc.units[units[0]].line + 1) if units else "?"


def _body(c: "Comparison", paint, color: bool) -> list[str]:
    out = []
    for op in c.ops:
        sym = paint(SYMBOLS.get(op.op, "?"), _OP_COLOR.get(op.op, ""), _BOLD)
        label = "" if op.kind == "content" else paint(f"{op.kind}: ", _CYAN)
        if getattr(op, "lead", False) and op.op != "equal":  # a changed lead is news
            label += paint("lead: ", _CYAN)
        if op.op in ("moved", "split", "merged"):
            where = f"A line {_line_no(c.a, op.a_units)} -> B line {_line_no(c.b, op.b_units)}"
            label += paint(f"[{op.op}, {where}] ", _OP_COLOR[op.op])
        out.append(f"{sym} {label}{_op_text(op, paint, color)}")
        for f in op.facts:
            out.append("    " + paint(_fact(f), _MAGENTA, _BOLD))
    return out


def _op_text(op: "Op", paint, color: bool) -> str:
    if op.a is None or op.b is None:
        text = clean(op.b if op.a is None else op.a)
        return paint(text, _GREEN if op.a is None else _RED)
    if op.op == "equal" or op.a == op.b:
        text = clean(op.b)
        if len(text) > EQUAL_WIDTH:
            text = text[: EQUAL_WIDTH - 1].rstrip() + "…"
        return paint(text, _DIM)
    return word_diff(op.a, op.b, paint, color)


def word_diff(a: str, b: str, paint, color: bool) -> str:
    """``b`` against ``a`` word by word for a terminal: ``[-removed-]{+added+}``, or red and green
    when ``color``; control characters neutralised.

    >>> word_diff("Rusia marah", "Rusia marah besar", _painter(False), False)
    'Rusia marah {+besar+}'
    """
    if color:
        return markup(inline(a, b), lambda s: paint(clean(s), _RED), lambda s: paint(clean(s), _GREEN), clean)
    return markup(inline(a, b), lambda s: f"[-{clean(s)}-]", lambda s: f"{{+{clean(s)}+}}", clean)


def _fact(f) -> str:
    if not f.a:
        return f"fact added ({f.type}): {clean(f.b)}"
    if not f.b:
        return f"fact removed ({f.type}): {clean(f.a)}"
    return f"fact ({f.type}): {clean(f.a)} -> {clean(f.b)}"
