"""One self-contained HTML file: the two articles side by side, one row per op.

No scripts, no external resources (a Content-Security-Policy forbids both), inline CSS only.
Every piece of article text and every label passes through :func:`html.escape`.

>>> from dedup import compare
>>> c = compare("Satu dua tiga. <script>alert(1)</script> empat.", "Satu dua tiga. Lima enam.")
>>> page = render(c)
>>> "<script>" in page, "&lt;script&gt;alert(1)&lt;/script&gt;" in page
(False, True)
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Mapping

from . import VERDICT_COLOURS, VERDICT_HELP, side_labels
from ..wording import counted
from .inline import markup, sides

if TYPE_CHECKING:
    from ..align import Op
    from ..compare import Comparison
    from ..document import Document

_ORDER = ("equal", "modified", "added", "removed", "moved", "split", "merged")
_OP_HELP = {
    "equal": "the same sentence on both sides",
    "modified": "the same sentence, edited: removed words struck out, added words highlighted",
    "added": "only in B",
    "removed": "only in A",
    "moved": "the same sentence at another place",
    "split": "one sentence of A became two in B",
    "merged": "two sentences of A became one in B",
}
_KIND_HELP = {
    "headline": "the title line",
    "dateline": "place and outlet prefix of the first paragraph",
    "byline": "author, editor or agency credit",
    "boilerplate": "links and notices that are not part of the story",
}
_LEAD_HELP = "the first sentence of the story"


def e(s: object) -> str:
    """Escape anything for HTML text or a quoted attribute value.

    >>> e('<a href="x">&\\'</a>')
    '&lt;a href=&quot;x&quot;&gt;&amp;&#x27;&lt;/a&gt;'
    """
    return html.escape(str(s), quote=True)


def render(comparison: "Comparison", color: bool = False, *, back: str | None = None,
           articles: tuple[Mapping[str, str | None], Mapping[str, str | None]] | None = None) -> str:
    """The comparison as a complete HTML page (``color`` is ignored: the page is always coloured).

    ``back`` is the (relative) address of the page this one belongs to, linked at the top (the
    corpus report); ``articles`` gives each side's ``title``, ``date``, ``source`` and ``url``,
    shown under its label (a URL is a link only when it is ``http(s)://``).

    >>> from dedup import compare
    >>> page = render(compare("Satu dua tiga.", "Satu dua empat."), back="../r.html",
    ...               articles=({"title": "<b>Judul</b>", "url": "javascript:alert(1)"}, {"source": "kompas"}))
    >>> 'href="../r.html"' in page, "&lt;b&gt;Judul&lt;/b&gt;" in page, 'href="javascript' in page
    (True, True, False)
    """
    c = comparison
    la, lb = side_labels(c)
    rows = "\n".join(_row(op, c.a, c.b) for op in c.ops)
    info_a, info_b = (_article(x) for x in (articles or ({}, {})))
    body = _BODY.format(
        info_a=info_a,
        info_b=info_b,
        verdict=e(c.verdict),
        verdict_help=e(VERDICT_HELP.get(c.verdict, "")),
        reasons="".join(f"<li>{e(r)}</li>" for r in c.reasons),
        scores=_scores(c),
        label_a=e(la),
        label_b=e(lb),
        n_a=counted(len(c.a.sentences), "sentence"),
        n_b=counted(len(c.b.sentences), "sentence"),
        legend=_legend(),
        rows=rows,
    )
    return page(f"dedup diff: {la} → {lb}", _CSS + _VERDICT_CSS, body,
                "rows follow B's reading order; sentences only in A stand where they were in A", back=back)


def _article(info: Mapping[str, str | None]) -> str:
    """Title, then date · source · URL of one side ('' when there is nothing to show)."""
    title = info.get("title")
    url = info.get("url")
    facts = [e(info[k]) for k in ("date", "source") if info.get(k)]
    if url:
        safe = str(url).strip().lower().startswith(("http://", "https://"))
        facts.append(f'<a href="{e(str(url).strip())}" rel="noopener noreferrer">{e(url)}</a>' if safe else e(url))
    out = f'<div class="art-title">{e(title)}</div>' if title else ""
    if facts:
        out += f'<div class="art-meta">{" · ".join(facts)}</div>'
    return out


def _meter(label: str, value: float, note: str) -> str:
    pct = max(0.0, min(1.0, value)) * 100
    return (
        f'<div class="score"><div class="score-label">{e(label)}</div>'
        f'<div class="score-value">{value:.2f}</div>'
        f'<div class="meter"><span style="width:{pct:.1f}%"></span></div>'
        f'<div class="score-note">{e(note)}</div></div>'
    )


def _scores(c: "Comparison") -> str:
    counts = c.counts()
    chips = "".join(
        f'<span class="chip op-{op}"><b>{counts[op]}</b> {op}</span>' for op in _ORDER if counts.get(op)
    )
    return (
        _meter("similarity", c.similarity, "Jaccard of content shingles")
        + _meter("A in B", c.containment_a_in_b, "share of A's shingles found in B")
        + _meter("B in A", c.containment_b_in_a, "share of B's shingles found in A")
        + f'<div class="score wide"><div class="score-label">content sentences</div>'
        f'<div class="chips">{chips or "none"}</div></div>'
    )


def _legend() -> str:
    ops = "".join(
        f'<span class="key op-{op}" title="{e(_OP_HELP[op])}"><i></i>{op}</span>' for op in _ORDER
    )
    kinds = "".join(
        f'<span class="kind" title="{e(help_)}">{kind}</span>' for kind, help_ in _KIND_HELP.items()
    ) + f'<span class="kind lead" title="{e(_LEAD_HELP)}">lead</span> {e(_LEAD_HELP)}'
    return (
        f'<div class="legend-row"><span class="legend-title">Rows</span>{ops}</div>'
        '<div class="legend-row"><span class="legend-title">Words</span>'
        '<del>removed from A</del> <ins>added in B</ins></div>'
        f'<div class="legend-row"><span class="legend-title">Labels</span>{kinds}</div>'
    )


def _lines(doc: "Document", units: tuple[int, ...]) -> str:
    nums = sorted({doc.units[i].line + 1 for i in units})
    return ", ".join(map(str, nums))


def _row(op: "Op", a: "Document", b: "Document") -> str:
    kind = "" if op.kind == "content" else f'<span class="kind">{e(op.kind)}</span>'
    if getattr(op, "lead", False) and op.op != "equal":  # a changed lead is news
        kind += f'<span class="kind lead" title="{e(_LEAD_HELP)}">lead</span>'
    if op.a is not None and op.b is not None and op.op != "equal" and op.a != op.b:
        pa, pb = sides(op.a, op.b)
        text_a, text_b = _pieces(pa), _pieces(pb)
    else:
        text_a = e(op.a) if op.a is not None else ""
        text_b = e(op.b) if op.b is not None else ""
    cell_a = (
        f'<td class="ln a">{_lines(a, op.a_units)}</td><td class="side a">{kind}{text_a}</td>'
        if op.a is not None
        else '<td class="ln"></td><td class="side a empty"></td>'
    )
    cell_b = (
        f'<td class="ln b">{_lines(b, op.b_units)}</td><td class="side b">{kind}{text_b}</td>'
        if op.b is not None
        else '<td class="ln"></td><td class="side b empty"></td>'
    )
    score = "" if op.op in ("equal", "added", "removed") else f'<span class="sc">{op.score:.0f}%</span>'
    mid = (
        f'<td class="mid"><span class="pill op-{e(op.op)}" title="{e(_OP_HELP.get(op.op, op.op))}">'
        f"{e(op.op)}</span>{score}</td>"
    )
    row = f'<tr class="op op-{e(op.op)} k-{e(op.kind)}">{cell_a}{mid}{cell_b}</tr>'
    if op.facts:
        facts = "".join(f"<li>{_fact(f)}</li>" for f in op.facts)
        row += f'\n<tr class="facts"><td colspan="5"><span class="warn">fact check</span><ul>{facts}</ul></td></tr>'
    return row


def _pieces(pieces: list[tuple[str, str]]) -> str:
    return markup(pieces, lambda s: f"<del>{e(s)}</del>", lambda s: f"<ins>{e(s)}</ins>", e)


def _fact(f) -> str:
    t = f'<span class="ftype">{e(f.type)}</span> '
    if not f.a:
        return f"{t}added <ins>{e(f.b)}</ins>"
    if not f.b:
        return f"{t}removed <del>{e(f.a)}</del>"
    return f"{t}<del>{e(f.a)}</del> → <ins>{e(f.b)}</ins>"


_CSS = """
:root {
  --ink: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #f6f8fa;
  --eq: #ffffff; --mod: #fff8e1; --add: #e6ffec; --rem: #ffebe9; --mov: #eef1ff; --spl: #e6f6f8;
  --del: #ffc6c2; --ins: #abf2bc;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.55 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
main { max-width: 1500px; margin: 0 auto; padding: 24px 28px 48px; }
header.summary { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; }
h1 { font-size: 20px; margin: 0 0 6px; font-weight: 600; }
.files { color: var(--muted); font-size: 14px; margin: 0 0 14px; display: grid;
  grid-template-columns: auto 1fr; gap: 2px 10px; }
.files b { color: var(--ink); font-weight: 600; }
.files span, .files div { overflow-wrap: anywhere; }
.art-title { color: var(--ink); font-weight: 600; }
.art-meta a { color: #0969da; }
nav.back { margin: 0 0 12px; font-size: 14px; }
nav.back a { color: #0969da; text-decoration: none; }
nav.back a:hover { text-decoration: underline; }
.verdict-line { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; margin-bottom: 4px; }
.verdict { display: inline-block; padding: 3px 12px; border-radius: 999px; font-weight: 700;
  letter-spacing: .02em; text-transform: uppercase; font-size: 13px; color: #fff; background: #57606a; }
.verdict-help { color: var(--muted); }
ul.reasons { margin: 6px 0 0; padding-left: 20px; color: var(--ink); font-size: 14px; }
.scores { display: flex; gap: 14px; flex-wrap: wrap; margin-top: 16px; }
.score { flex: 0 0 190px; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: #fff; }
.score.wide { flex: 1 1 300px; }
.score-label { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.score-value { font-size: 26px; font-weight: 650; font-variant-numeric: tabular-nums; line-height: 1.2; }
.score-note { font-size: 12px; color: var(--muted); }
.meter { height: 6px; background: #eaeef2; border-radius: 3px; margin: 6px 0 4px; overflow: hidden; }
.meter span { display: block; height: 100%; background: #2da44e; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.chip { border-radius: 6px; padding: 2px 9px; font-size: 13px; border: 1px solid var(--line); }
.legend { display: flex; flex-direction: column; gap: 6px; margin: 16px 0; font-size: 13px; color: var(--muted); }
.legend-row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.legend-title { width: 90px; font-weight: 600; color: var(--ink); }
.key { display: inline-flex; align-items: center; gap: 5px; margin-right: 6px; }
.key i { display: inline-block; width: 14px; height: 14px; border-radius: 3px; border: 1px solid var(--line); }
.key.op-equal i { background: var(--eq); } .key.op-modified i { background: var(--mod); }
.key.op-added i { background: var(--add); } .key.op-removed i { background: var(--rem); }
.key.op-moved i { background: var(--mov); } .key.op-split i, .key.op-merged i { background: var(--spl); }
table.diff { width: 100%; border-collapse: separate; border-spacing: 0; background: #fff;
  border: 1px solid var(--line); border-radius: 10px; overflow: hidden; table-layout: fixed; }
col.ln { width: 44px; } col.mid { width: 104px; }
thead th { position: sticky; top: 0; background: #f6f8fa; text-align: left; font-size: 13px;
  padding: 10px 12px; border-bottom: 1px solid var(--line); font-weight: 600; overflow-wrap: anywhere; z-index: 1; }
thead th.mid { text-align: center; }
td { vertical-align: top; padding: 8px 12px; border-bottom: 1px solid #eaeef2; }
td.side { overflow-wrap: anywhere; white-space: pre-wrap; }
td.ln { color: #8c959f; font-size: 12px; text-align: right; padding-right: 4px;
  font-variant-numeric: tabular-nums; padding-top: 10px; }
td.mid { text-align: center; border-left: 1px solid #eaeef2; border-right: 1px solid #eaeef2; }
.pill { display: inline-block; min-width: 74px; padding: 1px 8px; border-radius: 999px; font-size: 12px;
  font-weight: 600; border: 1px solid transparent; }
.sc { display: block; font-size: 11px; color: var(--muted); margin-top: 2px; font-variant-numeric: tabular-nums; }
.pill.op-equal { color: #57606a; border-color: var(--line); }
.pill.op-modified { background: #f5d16b; color: #4d2d00; }
.pill.op-added { background: #2da44e; color: #fff; }
.pill.op-removed { background: #cf222e; color: #fff; }
.pill.op-moved { background: #6e40c9; color: #fff; }
.pill.op-split, .pill.op-merged { background: #1b7c83; color: #fff; }
.chip.op-modified { background: var(--mod); } .chip.op-added { background: var(--add); }
.chip.op-removed { background: var(--rem); } .chip.op-moved { background: var(--mov); }
.chip.op-split, .chip.op-merged { background: var(--spl); }
tr.op-equal td.side { color: #3d444d; }
tr.op-modified td.side, tr.op-modified td.ln { background: var(--mod); }
tr.op-added .b { background: var(--add); }
tr.op-removed .a { background: var(--rem); }
tr.op-moved td.side, tr.op-moved td.ln { background: var(--mov); }
tr.op-split td.side, tr.op-merged td.side, tr.op-split td.ln, tr.op-merged td.ln { background: var(--spl); }
td.empty { background: repeating-linear-gradient(135deg, #fafbfc, #fafbfc 6px, #f0f2f4 6px, #f0f2f4 12px); }
tr.k-boilerplate td.side, tr.k-byline td.side { color: var(--muted); font-size: 14px; }
tr.k-headline td.side { font-weight: 650; font-size: 16px; }
.kind { display: inline-block; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
  padding: 0 6px; border-radius: 4px; background: #eaeef2; color: #57606a; margin-right: 8px;
  vertical-align: 1px; font-style: normal; }
del { background: var(--del); color: #82071e; text-decoration: line-through; text-decoration-color: #cf222e80;
  border-radius: 3px; padding: 0 2px; }
ins { background: var(--ins); color: #044f1e; text-decoration: none; border-radius: 3px; padding: 0 2px; }
.kind.lead { background: #ddf4ff; color: #0550ae; }
tr.facts td { background: #fff8c5; border-bottom: 1px solid #eaeef2; font-size: 13px; padding: 6px 12px 6px 60px; }
tr.facts ul { display: inline; margin: 0; padding: 0; }
tr.facts li { display: inline; margin-right: 18px; }
.warn { font-weight: 700; color: #9a6700; text-transform: uppercase; font-size: 11px; letter-spacing: .05em;
  margin-right: 12px; }
.ftype { color: var(--muted); }
footer { color: var(--muted); font-size: 12px; margin-top: 18px; text-align: center; }
@media print { thead th { position: static; } main { max-width: none; padding: 0; } }
"""

# The verdict badge's colours are the report's (one definition: dedup.render.VERDICT_COLOURS).
_VERDICT_CSS = "".join(f".v-{v} {{ background: {c}; }}\n" for v, c in VERDICT_COLOURS.items())

# Every page dedup writes (diff, collate): no scripts, no external resources, inline CSS only.
_SKELETON = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<main>
{nav}{body}
<footer>dedup {version} · {footer}</footer>
</main>
</body>
</html>
"""

_BODY = """<header class="summary">
<h1>Article comparison</h1>
<div class="files"><b>A</b><div><span>{label_a} · {n_a}</span>{info_a}</div><b>B</b><div><span>{label_b} · {n_b}</span>{info_b}</div></div>
<div class="verdict-line"><span class="verdict v-{verdict}">{verdict}</span><span class="verdict-help">{verdict_help}</span></div>
<ul class="reasons">{reasons}</ul>
<div class="scores">{scores}</div>
</header>
<section class="legend">{legend}</section>
<table class="diff">
<colgroup><col class="ln"><col class="side"><col class="mid"><col class="ln"><col class="side"></colgroup>
<thead><tr><th></th><th>A · {label_a}</th><th class="mid">change</th><th></th><th>B · {label_b}</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>"""


def page(title: str, css: str, body: str, footer: str, *, back: str | None = None) -> str:
    """A complete HTML page: ``title`` is plain text (escaped here), ``body`` and ``footer`` are
    HTML; ``back`` is the (relative) address of the page this one belongs to, linked at the top."""
    from .. import __version__

    nav = f'<nav class="back"><a href="{e(back)}">← back to the report</a></nav>' if back else ""
    return _SKELETON.format(title=e(title), css=css, nav=nav, body=body, version=e(__version__), footer=footer)
