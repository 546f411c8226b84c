"""Markdown report: a table of scores, then the ops as a list with ~~old~~ **new** word edits.

Article text is escaped, so nothing in it can become Markdown or HTML markup when the report is
shown (a ``<script>`` or a ``[link](javascript:...)`` in an article stays literal text).

>>> from dedup import compare
>>> c = compare("Satu dua tiga empat lima. Rusia kehilangan 13.500 tentara.",
...             "Satu dua tiga empat lima. Rusia kehilangan 14.000 tentara.")
>>> print(render(c).split("\\n\\n")[-1].strip())
1. `=` Satu dua tiga empat lima.
2. `~` Rusia kehilangan ~~13.500~~ **14.000** tentara.
   - fact (number): 13.500 → 14.000
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import SYMBOLS, VERDICT_HELP, side_labels
from .inline import inline, markup

if TYPE_CHECKING:
    from ..compare import Comparison

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escape the ones that
# can start markup in the middle of a line (emphasis, links, images, code, HTML, entities,
# tables, strikethrough, math). Article text never starts a line here, so ". - + =" are safe.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~&$])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WS = re.compile(r"\s+")
_ORDER = ("equal", "modified", "added", "removed", "moved", "split", "merged")


def escape(s: str) -> str:
    """Article text as literal Markdown on one line.

    >>> escape("<b>1.</b> [x](javascript:y) *a* | b")
    '\\\\<b\\\\>1.\\\\</b\\\\> \\\\[x\\\\]\\\\(javascript:y\\\\) \\\\*a\\\\* \\\\| b'
    """
    return _SPECIAL.sub(r"\\\1", _WS.sub(" ", _CONTROL.sub("\ufffd", s)))


def render(comparison: "Comparison", color: bool = False) -> str:
    """The comparison as a Markdown document (``color`` is ignored)."""
    c = comparison
    la, lb = side_labels(c)
    counts = c.counts()
    out = [
        f"# dedup diff: {escape(la)} → {escape(lb)}",
        "",
        f"**Verdict: {c.verdict}**: {VERDICT_HELP.get(c.verdict, '')}.",
        "",
    ]
    out += [f"- {escape(r)}" for r in c.reasons]
    if c.reasons:
        out.append("")
    out += [
        "| measure | value |",
        "|---|---:|",
        f"| similarity (Jaccard of content shingles) | {c.similarity:.2f} |",
        f"| containment of A in B | {c.containment_a_in_b:.2f} |",
        f"| containment of B in A | {c.containment_b_in_a:.2f} |",
        f"| sentences in A / B | {len(c.a.sentences)} / {len(c.b.sentences)} |",
    ]
    out += [f"| {op} sentences | {counts[op]} |" for op in _ORDER if counts.get(op)]
    out += [
        "",
        "## Sentences",
        "",
        "In B's reading order. `=` equal, `~` modified (~~removed words~~ **added words**), "
        "`+` added in B, `-` removed from A, `>` moved, `/` split, `\\` merged.",
        "",
    ]
    for n, op in enumerate(c.ops, 1):
        mark = SYMBOLS.get(op.op, "?")
        label = "" if op.kind == "content" else f"*{op.kind}*: "
        if getattr(op, "lead", False) and op.op != "equal":  # a changed lead is news
            label += "*lead*: "
        if op.op in ("moved", "split", "merged"):
            label += f"*{op.op}*: "
        out.append(f"{n}. `{mark}` {label}{_op_text(op)}")
        for f in op.facts:
            if not f.a:
                out.append(f"   - fact added ({f.type}): {escape(f.b)}")
            elif not f.b:
                out.append(f"   - fact removed ({f.type}): {escape(f.a)}")
            else:
                out.append(f"   - fact ({f.type}): {escape(f.a)} → {escape(f.b)}")
    return "\n".join(out) + "\n"


def _op_text(op) -> str:
    if op.a is None or op.b is None:
        return escape(op.b if op.a is None else op.a)
    if op.op == "equal" or op.a == op.b:
        return escape(op.b)
    return word_diff(op.a, op.b)


def word_diff(a: str, b: str) -> str:
    """``b`` against ``a`` word by word in Markdown: ``~~removed~~ **added**``, text escaped.

    >>> word_diff("Rusia marah", "Rusia murka")
    'Rusia ~~marah~~ **murka**'
    """
    marked = markup(inline(a, b), lambda s: f"~~{escape(s)}~~", lambda s: f"**{escape(s)}**", escape)
    # "~~a~~**b**" is not valid emphasis when glued to a word; a space keeps both readable.
    return re.sub(r"~~\*\*", "~~ **", marked)
