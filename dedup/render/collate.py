"""Renderers of one :class:`dedup.collate.Collation`: terminal text, JSON, Markdown (HTML:
:mod:`dedup.render.collate_html`).

Text and Markdown show the provenance tree, then one line per row: a status mark per witness
(``=`` equal, ``~`` modified, ``>`` moved, ``-`` cut, ``+`` added, ``.`` not there) and the row's
text, then each witness's word edits under a row it changed (the inline markup of ``dedup diff``).

>>> from dedup.collate import collate
>>> c = collate({"a": "Warga kota berkumpul di alun-alun. Hujan turun pagi ini.",
...              "b": "Warga kota berkumpul di alun-alun. Hujan turun siang ini."}, base="a")
>>> print(render(c, "text").split("\\n\\n")[-1])
a b
= = Warga kota berkumpul di alun-alun.
= ~ Hujan turun pagi ini.
    b: Hujan turun [-pagi-]{+siang+} ini.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from . import SYMBOLS
from .markdown import escape as md_escape
from .markdown import word_diff as md_word_diff
from ..wording import counted
from .provenance import evidence, tree_lines
from .text import _BOLD, _CYAN, _DIM, _GREEN, _MAGENTA, _OP_COLOR, _RED, _painter, clean, word_diff

if TYPE_CHECKING:
    from ..collate import Cell, Collation, Row

FORMATS = ("text", "json", "markdown", "html")
#: One mark per status (a cut sentence is ``dedup diff``'s "removed"; ``.``: not in an added row).
MARKS = {"equal": SYMBOLS["equal"], "modified": SYMBOLS["modified"], "moved": SYMBOLS["moved"],
         "added": SYMBOLS["added"], "absent": SYMBOLS["removed"]}
NOT_THERE = "."
#: Row texts are shortened to this many characters in text and Markdown (edits are shown in full).
ROW_WIDTH = 90
_STATUS_COLOR = {"equal": _DIM, "modified": _OP_COLOR["modified"], "moved": _OP_COLOR["moved"],
                 "added": _GREEN, "absent": _RED}


def render(collation: "Collation", format: str = "text", color: bool = False, **options) -> str:
    """Render ``collation`` as ``text``, ``json``, ``markdown`` or ``html`` (``options`` go to
    the HTML page: ``back``, a link to the page it belongs to)."""
    if format == "text":
        return render_text(collation, color=color)
    if format == "json":
        return json.dumps(collation.to_dict(), ensure_ascii=False, indent=2)
    if format == "markdown":
        return render_markdown(collation)
    if format == "html":
        from .collate_html import render as render_html

        return render_html(collation, **options)
    from ..errors import InputError

    raise InputError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")


def mark(cell: "Cell", row: "Row") -> str:
    """The one-character status of a cell (``.`` for a witness without an added sentence)."""
    if row.added and cell.status == "absent":
        return NOT_THERE
    return MARKS.get(cell.status, "?")


def _meta(w) -> str:
    parts = [x for x in (w.source, w.published) if x]
    if w.base:
        parts.append("base")
    elif w.verdict:
        parts.append(f"{w.verdict} {w.similarity:.2f}")
    parts.append(f"{w.sentences} sentences")
    return ", ".join(parts)


def render_text(c: "Collation", color: bool = False) -> str:
    """The collation as lines for a terminal (ANSI colours when ``color``)."""
    paint = _painter(color)
    ids = [clean(w.id) for w in c.witnesses]
    out = [f"{paint('collation', _BOLD)} of {len(c.witnesses)} witnesses, base {ids[c.base]}", ""]
    out.append(paint("witnesses", _BOLD))
    for w, name in zip(c.witnesses, ids):
        out.append(f"  {name}  ({clean(_meta(w))})")
    out += ["", paint("provenance", _BOLD) + " (each copy under its most likely parent)"]
    for depth, wid, p in tree_lines(c):
        line = "  " + "   " * depth + ("└─ " if depth else "") + clean(wid)
        if p is not None:
            line += "  " + paint(clean(evidence(p)), _DIM)
        out.append(line)
    out += ["", paint("rows", _BOLD) + " (= equal, ~ modified, > moved, - cut, + added, . not there)"]
    width = [max(1, len(x)) for x in ids]
    grid = [" ".join(x for x in ids)]
    for row in c.rows:
        marks = " ".join(paint(mark(cell, row).ljust(wd), _STATUS_COLOR.get(cell.status, ""))
                         for cell, wd in zip(row.cells, width))
        label = "" if row.kind == "content" else paint(f"{row.kind}: ", _CYAN)
        if row.added:
            label += paint("added: ", _GREEN)
        text = clean(row.text)
        if len(text) > ROW_WIDTH:
            text = text[: ROW_WIDTH - 1].rstrip() + "…"
        grid.append(f"{marks} {label}{text}")
        for cell, name in zip(row.cells, ids):
            if cell.continued or cell.text is None or cell.status in ("equal", "absent"):
                continue
            if cell.status == "added" and not cell.edits:
                continue
            grid.append(f"    {name}: {_inline_text(row.text, cell, paint, color)}")
            for f in cell.facts:
                grid.append("      " + paint(_fact(f), _MAGENTA, _BOLD))
    return "\n".join(out) + "\n\n" + "\n".join(grid)


def _inline_text(base: str, cell: "Cell", paint, color: bool) -> str:
    note = f"[{cell.op}] " if cell.op in ("moved", "split", "merged") else ""
    if cell.text == base:
        return note + clean(cell.text)
    return note + word_diff(base, cell.text or "", paint, color)


def _fact(f) -> str:
    if not f.a:
        return f"fact added ({f.type}): {clean(f.b)}"
    if not f.b:
        return f"fact removed ({f.type}): {clean(f.a)}"
    return f"fact ({f.type}): {clean(f.a)} -> {clean(f.b)}"


def render_markdown(c: "Collation") -> str:
    """The collation as a Markdown document: the tree as a nested list, the rows as a table of
    marks, then each changed cell with ~~removed~~ **added** words. Article text is escaped."""
    base = c.witnesses[c.base]
    out = [f"# dedup collate: {md_escape(base.id)} and {counted(len(c.witnesses) - 1, 'other copy', 'other copies')}", "",
           "## Witnesses", ""]
    out += [f"- **{md_escape(w.id)}**: {md_escape(_meta(w))}" for w in c.witnesses]
    out += ["", "## Provenance", "", "Each copy under its most likely parent.", ""]
    for depth, wid, p in tree_lines(c):
        ev = f": {md_escape(evidence(p))}" if p is not None else " (base)"
        out.append("  " * depth + f"- **{md_escape(wid)}**{ev}")
    n = len(c.witnesses)
    out += ["", "## Rows", "",
            "`=` equal, `~` modified, `>` moved, `-` cut, `+` added, `.` not there.", "",
            "| # | " + " | ".join(md_escape(w.id) for w in c.witnesses) + " | text |",
            "|---:|" + ":-:|" * n + "---|"]
    changes = []
    for k, row in enumerate(c.rows, 1):
        marks = " | ".join(f"`{mark(cell, row)}`" for cell in row.cells)
        label = ("" if row.kind == "content" else f"*{row.kind}*: ") + ("*added*: " if row.added else "")
        text = row.text if len(row.text) <= ROW_WIDTH else row.text[: ROW_WIDTH - 1].rstrip() + "…"
        out.append(f"| {k} | {marks} | {label}{md_escape(text)} |")
        for cell, w in zip(row.cells, c.witnesses):
            if cell.continued or cell.text is None or cell.status in ("equal", "absent"):
                continue
            if cell.status == "added" and not cell.edits:
                continue
            changes.append(f"- row {k}, **{md_escape(w.id)}** ({cell.op}): {md_word_diff(row.text, cell.text)}")
            for f in cell.facts:
                changes.append(f"  - fact ({f.type}): {md_escape(f.a or '—')} → {md_escape(f.b or '—')}")
    if changes:
        out += ["", "## Changes", "", *changes]
    return "\n".join(out) + "\n"

