"""The corpus report: one self-contained HTML page summarising a ``dedup score`` run.

The page shows counts per verdict, the largest clusters, a histogram of similarities (inline SVG)
and a table of pairs. Every listed pair links to its side-by-side diff, written as its own
self-contained page (:mod:`dedup.render.html`) in a folder next to the report:
``report.html`` links to ``report_diffs/0001.html`` ... A folder rather than sections of one page,
because a corpus has far more pairs than a browser can show in one page: the report lists a
sample (``max_pairs``: evenly spread over the similarity range of each verdict, plus the pairs
of the largest clusters), while counts and the histogram cover every pair. No scripts, no
external resources; every id, source and piece of article text is HTML-escaped, and file names
in links are numbers, never user data.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from typing import TYPE_CHECKING, Callable, Mapping
from urllib.parse import quote

from ..tempfiles import temporary_name
from . import VERDICT_COLOURS, VERDICT_HELP, verdict_colour

if TYPE_CHECKING:
    from ..corpus import Pair, ScoreResult

_VERDICT_ORDER = tuple(VERDICT_COLOURS)
BINS = 20


def e(s: object) -> str:
    """Escape for HTML text and quoted attributes.

    >>> e('<b onclick="x">')
    '&lt;b onclick=&quot;x&quot;&gt;'
    """
    return html.escape("" if s is None else str(s), quote=True)


def diff_folder(report_path: str) -> str:
    """The folder of diff pages that belongs to ``report_path``.

    >>> diff_folder("out/report.html")
    'out/report_diffs'
    """
    root, _ = os.path.splitext(report_path)
    return root + "_diffs"


def select_pairs(result: "ScoreResult", max_pairs: int, top_clusters: int = 10) -> list["Pair"]:
    """The pairs the report lists: those joining the originals of the largest clusters to their
    members (up to half of ``max_pairs``), then, per verdict, pairs evenly spread over its
    similarity range; ``min(max_pairs, len(result.pairs))`` pairs in a deterministic order.

    Room a verdict with few pairs leaves goes to the others, smallest first.
    """
    if max_pairs <= 0 or not result.pairs:
        return []
    by_key = {(p.a, p.b): p for p in result.pairs}
    chosen: dict[tuple[str, str], "Pair"] = {}
    for orig, members in largest_clusters(result, top_clusters):
        for m in members:
            p = by_key.get((orig, m)) or by_key.get((m, orig))
            if p is not None and len(chosen) < max_pairs // 2:
                chosen[(p.a, p.b)] = p
    groups: dict[str, list["Pair"]] = {}
    for p in result.pairs:
        if (p.a, p.b) not in chosen:
            groups.setdefault(p.verdict, []).append(p)
    for ps in groups.values():
        ps.sort(key=lambda p: (p.similarity, p.a, p.b))
    order = sorted(groups, key=lambda v: (len(groups[v]), _verdict_rank(v)))
    for left, verdict in zip(range(len(order), 0, -1), order):
        ps = groups[verdict]
        k = min(len(ps), -(-(max_pairs - len(chosen)) // left))  # a fair share of the room left
        for t in range(k):  # evenly spread over the similarity range (distinct: k <= len(ps))
            p = ps[(t * (len(ps) - 1)) // (k - 1)] if k > 1 else ps[-1]
            chosen[(p.a, p.b)] = p
    return sorted(chosen.values(), key=lambda p: (_verdict_rank(p.verdict), -p.similarity, p.a, p.b))


def largest_clusters(result: "ScoreResult", k: int) -> list[tuple[str, list[str]]]:
    """``(original, [other members])`` of the ``k`` largest clusters, largest first."""
    clusters: dict[str, list[str]] = {}
    for m in result.clusters:
        if not m.original:
            clusters.setdefault(m.cluster, []).append(m.id)
        else:
            clusters.setdefault(m.cluster, [])
    ranked = sorted(clusters.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return ranked[:k]


def histogram(similarities: list[float], bins: int = BINS) -> list[int]:
    """Counts of similarities in ``bins`` equal bins over [0, 1] (1.0 falls in the last bin).

    >>> histogram([0.0, 0.5, 1.0], 4)
    [1, 0, 1, 1]
    """
    counts = [0] * bins
    for s in similarities:
        counts[min(bins - 1, max(0, int(s * bins)))] += 1
    return counts


def write_report(result: "ScoreResult", path: str, fetch: Callable[[str, str], tuple[str, str]] | None = None,
                 max_pairs: int = 300, params=None, progress: bool = False,
                 details: Callable[[str], Mapping[str, str]] | None = None) -> int:
    """Write the report page to ``path`` and one diff page per listed pair into
    :func:`diff_folder`; ``fetch(a, b)`` returns the two texts of a pair, ``details(id)`` an
    article's ``title`` and ``url`` (shown on its diff pages with its date and source); both
    default to the result's own (:meth:`~dedup.corpus.ScoreResult.pair_texts`, so the result
    must still be open), ``params`` to the run's. Each diff page links back to the report.
    Returns the number of diff pages written. ``progress`` draws a bar of the diff pages on stderr.

    >>> import dedup, tempfile, os
    >>> recs = [{"id": k, "text": "Presiden meresmikan jembatan baru di kota Palu pada Senin pagi."} for k in "ab"]
    >>> with dedup.score(recs, workers=0) as result:
    ...     write_report(result, os.path.join(tempfile.mkdtemp(), "report.html"))
    1
    """
    if fetch is None:
        fetch = result.pair_texts
    if details is None:
        details = result.details
    if params is None:
        params = result.params
    from ..compare import compare
    from ..errors import InputError
    from ..progress import Progress
    from .html import render as render_html

    listed = select_pairs(result, max_pairs)
    folder = diff_folder(path)
    links: dict[tuple[str, str], str] = {}
    bar = Progress("report", total=len(listed), unit="pages", enabled=progress)
    back = f"../{quote(os.path.basename(path))}"  # diff pages sit one folder below the report

    def article(rid: str, date: str | None, source: str | None) -> dict:
        return {**(details(rid) if details else {}), "date": date, "source": source}

    # Everything is written under temporary names first and the page appears under its own name
    # last: a run killed half way never leaves a report that looks complete, and the diff pages of
    # an earlier run (with its article texts) never stay beside a new report.
    head, tail = os.path.split(path)
    stage = temporary_name(os.path.join(head, os.path.basename(folder)))
    page = temporary_name(path)
    try:
        os.makedirs(stage)
        for k, p in enumerate(listed, 1):
            ta, tb = fetch(p.a, p.b)
            c = compare(ta, tb, labels=(p.a, p.b), params=params)
            name = f"{k:04d}.html"
            sides = (article(p.a, p.date_a, p.source_a), article(p.b, p.date_b, p.source_b))
            with open(os.path.join(stage, name), "w", encoding="utf-8") as f:
                f.write(render_html(c, back=back, articles=sides))
            # A relative URL: the folder name is the user's file name, which may hold '#', '?', '%'.
            links[(p.a, p.b)] = f"{quote(os.path.basename(folder))}/{quote(name)}"
            bar.update()
        stories = _write_stories(result, stage, fetch, back, os.path.basename(folder))
        with open(page, "w", encoding="utf-8") as f:
            f.write(render_page(result, listed, links, stories))
            f.flush()
            os.fsync(f.fileno())
        if os.path.isfile(path):
            os.remove(path)  # from here until the rename below there is no report page at all
        _replace_diff_pages(stage, folder)
        os.replace(page, path)
    except OSError as err:
        raise InputError(f"{path}: cannot write the report: {err.strerror or err}") from None
    finally:
        bar.close()
        shutil.rmtree(stage, ignore_errors=True)
        if os.path.exists(page):
            os.remove(page)
    return len(links)


_DIFF_PAGE = re.compile(r"(story-)?\d{4,}\.html")
#: Witnesses on a cluster's collation page (its original and the first of its copies by id).
STORY_WITNESSES = 50


def _write_stories(result: "ScoreResult", stage: str, fetch: Callable[[str, str], tuple[str, str]],
                   back: str, folder: str) -> dict[str, str]:
    """One collation page (:mod:`dedup.render.collate_html`) per cluster the report lists, its
    original the base: ``{original: relative link}``."""
    from ..collate import collate
    from .collate_html import render as render_story

    info = {m.id: m for m in result.clusters}
    out = {}
    for k, (orig, members) in enumerate(largest_clusters(result, 10), 1):
        ids = [orig, *sorted(members)[: STORY_WITNESSES - 1]]
        texts = [fetch(orig, m)[1] for m in ids[1:]]
        texts.insert(0, fetch(orig, ids[1])[0])
        c = collate(texts, ids=ids, base=0, sources=[info[i].source if i in info else None for i in ids],
                    published=[info[i].date if i in info else None for i in ids])
        name = f"story-{k:04d}.html"
        with open(os.path.join(stage, name), "w", encoding="utf-8") as f:
            f.write(render_story(c, back=back))
        out[orig] = f"{quote(folder)}/{quote(name)}"
    return out


def _replace_diff_pages(stage: str, folder: str) -> None:
    """Make ``folder`` hold exactly the diff pages in ``stage``: the report's own pages of an
    earlier run (``0001.html``...) are removed first; any other file a user put there is kept."""
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            if _DIFF_PAGE.fullmatch(name):
                os.remove(os.path.join(folder, name))
    new = sorted(os.listdir(stage))
    if not new:
        if os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)
        return
    os.makedirs(folder, exist_ok=True)
    for name in new:
        os.replace(os.path.join(stage, name), os.path.join(folder, name))


#: How many ids of records without content the report names (all are in ScoreResult.no_content).
NO_CONTENT_LISTED = 50


def render_page(result: "ScoreResult", listed: list["Pair"], links: dict[tuple[str, str], str],
                stories: Mapping[str, str] | None = None) -> str:
    """The report page as a string (see :func:`write_report`); ``stories`` links each cluster's
    original to its collation page."""
    st = result.stats
    counts = result.verdict_counts()
    total = sum(counts.values())
    verdict_rows = "".join(
        f'<tr><td><span class="v" style="background:{verdict_colour(v)}">{e(v)}</span></td>'
        f'<td class="n">{n:,}</td><td class="bar"><span style="width:{100 * n / max(1, max(counts.values())):.1f}%;'
        f'background:{verdict_colour(v)}"></span></td><td class="help">{e(VERDICT_HELP.get(v, ""))}</td></tr>'
        for v, n in sorted(counts.items(), key=lambda kv: _verdict_rank(kv[0]))
    ) or '<tr><td colspan="4">no pairs found</td></tr>'
    figures = [
        ("articles", st.get("records", 0)),
        ("malformed records skipped", st.get("malformed", 0)),
        ("articles without content, not compared", st.get("no_content", 0)),
        ("candidate pairs", st.get("candidates_after_filters", 0)),
        ("pairs reported", total),
        ("clusters", st.get("clusters", 0)),
        ("articles in clusters", st.get("clustered_articles", 0)),
    ]
    facts = "".join(f"<div class=\"fig\"><b>{n:,}</b><span>{e(label)}</span></div>" for label, n in figures)
    no_content = ""
    if result.no_content:
        shown = result.no_content[:NO_CONTENT_LISTED]
        more = len(result.no_content) - len(shown)
        no_content = (f'<p class="nocontent">Articles without content (only a headline, boilerplate, credit lines or '
                      f'a placeholder such as ",,,loading..."), never compared: {e(", ".join(shown))}'
                      f'{f" and {more:,} more" if more else ""}.</p>')
    clusters = _clusters_html(result, links, stories or {})
    pairs = _pairs_html(result, listed, links)
    return _PAGE.format(
        css=_CSS,
        facts=facts,
        no_content=no_content,
        verdict_rows=verdict_rows,
        histogram=_histogram_svg(result),
        clusters=clusters,
        pairs=pairs,
        listed=len(listed),
        total=total,
        engine=e(st.get("engine", "")),
        seconds=e(st.get("seconds_total", "")),
    )


def _verdict_rank(v: str) -> int:
    return _VERDICT_ORDER.index(v) if v in _VERDICT_ORDER else len(_VERDICT_ORDER)


def _histogram_svg(result: "ScoreResult") -> str:
    """Stacked bars: one per similarity bin, one colour per verdict."""
    per: dict[str, list[int]] = {}
    for v in _VERDICT_ORDER:
        sims = [p.similarity for p in result.pairs if p.verdict == v]
        if sims:
            per[v] = histogram(sims)
    if not per:
        return "<p>No pairs.</p>"
    totals = [sum(c[b] for c in per.values()) for b in range(BINS)]
    top = max(totals) or 1
    w, h, pad = 600, 180, 30
    bw = w / BINS
    parts = []
    for b in range(BINS):
        y = h
        for v, c in per.items():
            if c[b]:
                bh = (h - 10) * c[b] / top
                y -= bh
                parts.append(
                    f'<rect x="{pad + b * bw + 1:.1f}" y="{y:.1f}" width="{bw - 2:.1f}" height="{bh:.1f}" '
                    f'fill="{verdict_colour(v)}"><title>{e(v)}: {c[b]:,} pairs with similarity '
                    f'{b / BINS:.2f}-{(b + 1) / BINS:.2f}</title></rect>'
                )
    ticks = "".join(
        f'<text x="{pad + t * w / 4:.0f}" y="{h + 16}" text-anchor="middle">{t / 4:.2f}</text>' for t in range(5)
    )
    legend = " ".join(f'<span class="v" style="background:{verdict_colour(v)}">{e(v)}</span>' for v in per)
    return (
        f'<svg class="hist" viewBox="0 0 {w + 2 * pad} {h + 24}" role="img" '
        f'aria-label="histogram of pair similarities">'
        f'<line x1="{pad}" y1="{h}" x2="{pad + w}" y2="{h}" stroke="#444"/>'
        f'<text x="4" y="12">{top:,}</text>{"".join(parts)}{ticks}</svg>'
        f'<p class="legend">{legend} — x: Jaccard similarity of content shingles; y: pairs</p>'
    )


def _clusters_html(result: "ScoreResult", links: dict[tuple[str, str], str], stories: Mapping[str, str]) -> str:
    top = largest_clusters(result, 10)
    if not top:
        return "<p>No clusters.</p>"
    info = {m.id: m for m in result.clusters}
    rows = []
    for orig, members in top:
        o = info.get(orig)
        items = []
        for mid in sorted(members):
            m = info.get(mid)
            label = e(mid) + (f' <small>{e(m.source)}</small>' if m is not None and m.source else "")
            href = links.get((orig, mid)) or links.get((mid, orig))
            items.append(f'<a href="{e(href)}">{label}</a>' if href else label)
        meta = " ".join(e(x) for x in (o.date if o else None, o.source if o else None) if x)
        story = f'<a href="{e(stories[orig])}">story</a>' if orig in stories else ""
        rows.append(
            f"<tr><td class=\"n\">{len(members) + 1}</td><td><b>{e(orig)}</b> <small>{meta}</small></td>"
            f"<td>{', '.join(items)}</td><td>{story}</td></tr>"
        )
    return ("<table><thead><tr><th>size</th><th>original</th><th>copies</th>"
            "<th title=\"every copy collated sentence by sentence, and who copied whom\">collation</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _pairs_html(result: "ScoreResult", listed: list["Pair"], links: dict[tuple[str, str], str]) -> str:
    if not listed:
        return "<p>No pairs.</p>"
    rows = []
    for p in listed:
        href = links.get((p.a, p.b))
        diff = f'<a href="{e(href)}">diff</a>' if href else ""
        side_a = e(p.a) + (f" <small>{e(p.source_a)} {e(p.date_a or '')}</small>" if p.source_a or p.date_a else "")
        side_b = e(p.b) + (f" <small>{e(p.source_b)} {e(p.date_b or '')}</small>" if p.source_b or p.date_b else "")
        rows.append(
            f'<tr><td><span class="v" style="background:{verdict_colour(p.verdict)}">{e(p.verdict)}</span></td>'
            f"<td>{side_a}</td><td>{side_b}</td><td class=\"n\">{p.similarity:.2f}</td>"
            f"<td class=\"n\">{p.containment_a_in_b:.2f}</td><td class=\"n\">{p.containment_b_in_a:.2f}</td>"
            f"<td>{diff}</td></tr>"
        )
    return ("<table><thead><tr><th>verdict</th><th>A (earlier)</th><th>B</th><th>similarity</th>"
            "<th>A in B</th><th>B in A</th><th></th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.figs{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.fig{background:#fff;border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:120px}
.fig b{display:block;font-size:20px}.fig span{color:#555;font-size:13px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #eee;padding:5px 8px;text-align:left;vertical-align:top}
th{font-size:13px;color:#555}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.bar{width:30%}td.bar span{display:block;height:12px;border-radius:3px}
td.help,p.nocontent{color:#555;font-size:13px}
.v{color:#fff;border-radius:4px;padding:1px 6px;font-size:12px;white-space:nowrap}
small{color:#666}svg.hist{width:100%;max-width:700px;height:auto;font-size:11px}
.legend{font-size:13px;color:#555}footer{color:#777;font-size:12px;margin-top:32px}
"""

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dedup score report</title><style>{css}</style></head>
<body><main>
<h1>dedup score report</h1>
<div class="figs">{facts}</div>{no_content}
<h2>Pairs per verdict</h2>
<table><tbody>{verdict_rows}</tbody></table>
<h2>Similarity of the pairs</h2>
{histogram}
<h2>Largest clusters</h2>
<p>The first article of each cluster is its original: the earliest, then the one the others are contained in.</p>
{clusters}
<h2>Pairs ({listed:,} of {total:,} listed, each with its side-by-side diff)</h2>
{pairs}
<footer>dedup score, {engine} engine, {seconds} s. Article text is shown escaped; this page runs no scripts.</footer>
</main></body></html>
"""
