"""One self-contained HTML page of a :class:`dedup.collate.Collation`: the provenance tree, then a
grid with the sentences as rows and the witnesses as columns, each cell coloured by its status.

The page reuses the diff page's stylesheet (:mod:`dedup.render.html`: the op colours, word
``<del>``/``<ins>`` marks, kind labels) and the report's verdict colours
(:data:`dedup.render.VERDICT_COLOURS`). No scripts, no external resources (a
Content-Security-Policy forbids both); every id, source and piece of article text is escaped.
A modified cell shows the row's sentence with the witness's word edits inline, long unchanged
stretches shortened (the whole sentence is the cell's tooltip); an equal cell shows ``=``.

>>> from dedup.collate import collate
>>> c = collate({"<a>": "Satu dua tiga empat lima.", "b": "Satu dua tiga <script>x</script> lima."}, base=0)
>>> page = render(c)
>>> "<script>x" in page, "&lt;script&gt;" in page, "&lt;a&gt;" in page
(False, True, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..wording import counted
from .provenance import evidence, tree_lines
from .html import _CSS, _VERDICT_CSS, _fact, _pieces, e, page
from .inline import EQUAL, inline

if TYPE_CHECKING:
    from ..collate import Cell, Collation, Row

#: In a changed cell, an unchanged stretch of more than this many words is shortened to its
#: first and last :data:`CONTEXT` words: what a copy changed is what the grid is for.
KEEP_WORDS = 8
CONTEXT = 3

_STATUS_HELP = {
    "equal": "the base's sentence, unchanged",
    "modified": "the base's sentence, edited (removed words struck out, added words highlighted; "
                "also a sentence split in two or two merged into one)",
    "moved": "the base's sentence, at another place in this copy",
    "absent": "the base's sentence is not in this copy (cut)",
    "added": "a sentence this copy added (not in the base)",
}


def render(collation: "Collation", *, back: str | None = None) -> str:
    """The collation as a complete HTML page; ``back`` is the (relative) address of the page it
    belongs to (the corpus report), linked at the top."""
    c = collation
    base = c.witnesses[c.base]
    # The base's column would repeat the sentence column: the base heads that one instead.
    head = "".join(_column_head(w) for w in c.witnesses if not w.base)
    rows = "\n".join(_row(k, row, c) for k, row in enumerate(c.rows, 1))
    others = counted(len(c.witnesses) - 1, "other copy", "other copies")
    body = _BODY.format(
        base=e(base.id),
        n=others,
        tree=_tree(c),
        legend=_legend(),
        head=head,
        base_head=_witness_head(base),
        rows=rows,
    )
    return page(f"dedup collate: {base.id} and {others}", _CSS + _VERDICT_CSS + _GRID_CSS, body,
                "each copy aligned to the base by the same alignment as dedup diff", back=back)


def _column_head(w) -> str:
    return f'<th class="wit">{_witness_head(w)}</th>'


def _witness_head(w) -> str:
    """Id, source · date, and the verdict against the base (``base`` for the base)."""
    badge = (f'<span class="verdict v-{e(w.verdict)}">{e(w.verdict)}</span>' if w.verdict
             else '<span class="verdict base">base</span>')
    meta = " · ".join(e(x) for x in (w.source, w.published) if x)
    return f'<div class="wid">{e(w.id)}</div><div class="wmeta">{meta}</div>{badge}'


def _tree(c: "Collation") -> str:
    ws = {w.id: w for w in c.witnesses}
    out, depth_now = [], -1
    for depth, wid, p in tree_lines(c):
        if depth > depth_now:
            out.append('<ul class="tree">' * (depth - depth_now))
        else:
            out.append("</li>" + "</ul></li>" * (depth_now - depth))
        depth_now = depth
        w = ws[wid]
        meta = " · ".join(e(x) for x in (w.source, w.published) if x)
        badge = f'<span class="verdict v-{e(w.verdict)}">{e(w.verdict)}</span>' if w.verdict else ""
        node = f'<li><span class="node"><b>{e(wid)}</b> <small>{meta}</small> {badge}'
        if p is None:
            node += ' <span class="ev">base of the collation</span></span>'
        else:
            pct = max(0.0, min(1.0, p.confidence)) * 100
            node += (f' <span class="conf" title="confidence {p.confidence:.2f}"><span style="width:{pct:.0f}%">'
                     f'</span></span> <span class="ev">{e(evidence(p, times=False))}</span></span>')  # dates: in the node
            if p.shared:
                more = p.shared_count - len(p.shared)
                items = "".join(f"<li>{e(s)}</li>" for s in p.shared)
                if more > 0:
                    items += f"<li>… and {more} more word changes</li>"
                node += (f"<details><summary>changes shared with {e(p.parent)}</summary>"
                         f'<ul class="shared">{items}</ul></details>')
        out.append(node)
    out.append("</li>" + "</ul></li>" * depth_now + "</ul>")
    return "".join(out)


def _legend() -> str:
    keys = "".join(
        f'<span class="key st-{s}" title="{e(h)}"><i></i>{"cut" if s == "absent" else s}</span>'
        for s, h in _STATUS_HELP.items()
    )
    return (f'<div class="legend-row"><span class="legend-title">Cells</span>{keys}'
            '<span class="key"><i class="none"></i>not in this copy</span></div>'
            '<div class="legend-row"><span class="legend-title">Words</span>'
            '<del>removed from the base</del> <ins>added in the copy</ins></div>')


def _row(k: int, row: "Row", c: "Collation") -> str:
    kind = "" if row.kind == "content" else f'<span class="kind">{e(row.kind)}</span>'
    if row.lead:
        kind += '<span class="kind lead">lead</span>'
    if row.added:
        kind += '<span class="kind added">added</span>'
    cells = "".join(_cell(cell, row) for cell, w in zip(row.cells, c.witnesses) if not w.base)
    return (f'<tr class="k-{e(row.kind)}{" added" if row.added else ""}"><td class="num">{k}</td>'
            f'<td class="text">{kind}{e(row.text)}</td>{cells}</tr>')


def _cell(cell: "Cell", row: "Row") -> str:
    if cell.status == "absent":
        if row.added:
            return '<td class="st none"></td>'
        return f'<td class="st st-absent" title="{e(_STATUS_HELP["absent"])}">cut</td>'
    tip = e(cell.text or "")
    if cell.continued:
        return f'<td class="st st-{e(cell.status)}" title="{tip}">↑ merged</td>'
    if cell.status == "equal" or (cell.status == "added" and not cell.edits and cell.text == row.text):
        mark = "=" if cell.status == "equal" else "+"
        return f'<td class="st st-{e(cell.status)} same" title="{tip}">{mark}</td>'
    note = f'<span class="kind">{e(cell.op)}</span>' if cell.op in ("moved", "split", "merged") else ""
    body = _pieces(_compact(inline(row.text, cell.text or ""))) if cell.text != row.text else ""
    facts = "".join(f'<div class="fact">{_fact(f)}</div>' for f in cell.facts)
    return f'<td class="st st-{e(cell.status)}" title="{tip}">{note}{body}{facts}</td>'


def _compact(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Shorten long unchanged stretches to their first and last words (see :data:`KEEP_WORDS`).

    >>> _compact([("insert", "x"), ("equal", " a b c d e f g h i j k "), ("delete", "y")])
    [('insert', 'x'), ('equal', ' a b c … i j k '), ('delete', 'y')]
    >>> _compact([("equal", "a b c d e f g h i j k "), ("insert", "x")])
    [('equal', '… i j k '), ('insert', 'x')]
    """
    out = []
    for n, (tag, s) in enumerate(pieces):
        words = s.split()
        if tag == EQUAL and len(words) > KEEP_WORDS:
            head = "" if n == 0 else " ".join(words[:CONTEXT]) + " "
            tail = "" if n == len(pieces) - 1 else " ".join(words[-CONTEXT:])
            lead = " " if s[:1].isspace() else ""
            trail = " " if s[-1:].isspace() else ""
            s = f"{lead}{head}…{' ' + tail if tail else ''}{trail}"
        out.append((tag, s))
    return out


_GRID_CSS = """
main { max-width: none; }
.tree, .tree ul { list-style: none; margin: 0; padding-left: 22px; }
.tree { padding-left: 0; }
.tree li { margin: 6px 0; position: relative; }
.tree ul > li::before { content: "└"; position: absolute; left: -16px; color: #8c959f; }
.node { display: inline-flex; flex-wrap: wrap; align-items: baseline; gap: 6px; }
.node .verdict { font-size: 11px; padding: 1px 8px; }
.ev { color: var(--muted); font-size: 13px; }
.conf { display: inline-block; width: 60px; height: 6px; background: #eaeef2; border-radius: 3px; overflow: hidden; }
.conf span { display: block; height: 100%; background: #2da44e; }
details { margin: 2px 0 0 4px; font-size: 13px; color: var(--muted); }
ul.shared { margin: 4px 0; padding-left: 20px; }
section.prov { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px 20px; margin-top: 16px; }
section.prov h2, header.summary h2 { font-size: 16px; margin: 0 0 8px; }
.key.st-equal i { background: var(--eq); } .key.st-modified i { background: var(--mod); }
.key.st-moved i { background: var(--mov); } .key.st-absent i { background: var(--rem); }
.key.st-added i { background: var(--add); }
.key i.none { background: repeating-linear-gradient(135deg, #fafbfc, #fafbfc 3px, #e6e8eb 3px, #e6e8eb 6px); }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 10px; background: #fff; }
table.grid { border-collapse: separate; border-spacing: 0; font-size: 13px; line-height: 1.45; width: 100%; }
table.grid th { position: sticky; top: 0; background: #f6f8fa; text-align: left; vertical-align: bottom;
  padding: 8px; border-bottom: 1px solid var(--line); font-weight: 600; z-index: 1; }
table.grid td { vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #eaeef2; border-left: 1px solid #eaeef2;
  overflow-wrap: anywhere; }
th.wit { min-width: 120px; max-width: 260px; font-size: 12px; }
.wid { overflow-wrap: anywhere; } .wmeta { color: var(--muted); font-weight: 400; }
th.wit .verdict { font-size: 10px; padding: 0 6px; margin-top: 3px; }
.verdict.base { background: #57606a; }
td.num { color: #8c959f; font-size: 11px; text-align: right; font-variant-numeric: tabular-nums; width: 32px; border-left: 0;
  white-space: nowrap; overflow-wrap: normal; }
td.text { min-width: 260px; max-width: 480px; }
tr.k-headline td.text { font-weight: 650; }
tr.k-boilerplate td.text, tr.k-byline td.text { color: var(--muted); }
tr.added td.text { background: #f3fff5; font-style: italic; }
.kind.added { background: #dafbe1; color: #116329; }
td.st { min-width: 120px; max-width: 260px; }
td.st.same { text-align: center; color: #8c959f; }
td.st-equal { background: var(--eq); }
td.st-modified { background: var(--mod); }
td.st-moved { background: var(--mov); }
td.st-added { background: var(--add); }
td.st-absent { background: var(--rem); color: #82071e; text-align: center; font-size: 11px; }
td.st.none { background: repeating-linear-gradient(135deg, #fafbfc, #fafbfc 6px, #f0f2f4 6px, #f0f2f4 12px); }
td.st .kind { font-size: 10px; margin-right: 4px; }
.fact { font-size: 11px; color: #9a6700; margin-top: 3px; }
"""

_BODY = """<header class="summary">
<h1>Story collation</h1>
<div class="verdict-help">Base <b>{base}</b> and {n}: every sentence of the base in reading order, with the sentences the copies added after the one they follow.</div>
</header>
<section class="prov"><h2>Who copied whom</h2>
<div class="verdict-help">Each copy under its most likely parent: the copy whose changes to the base it shares most (cut sentences, rewordings, added sentences), never one published after it.</div>
{tree}</section>
<section class="legend">{legend}</section>
<div class="scroll">
<table class="grid">
<thead><tr><th></th><th class="basecol">{base_head}<div class="wmeta">its sentences, and the ones copies added</div></th>{head}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
</div>"""
