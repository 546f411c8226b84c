"""The report's diff pages: a way back, what each article is, and the report's verdict colours."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import dedup
from dedup import Fields
from dedup.render import VERDICT_COLOURS, html as html_renderer, report as report_renderer

DATA = Path(__file__).parent / "data"


def _score(tmp_path, url_a="https://news.example/a?x=1&y=2", url_b="javascript:alert(1)"):
    a = (DATA / "tribunnews.txt").read_text(encoding="utf-8")
    b = (DATA / "tribunpalu.txt").read_text(encoding="utf-8")
    recs = [
        {"id": "news-1", "text": a, "date": "2022-03-18", "source": "tribunnews", "link": url_a,
         "title": a.splitlines()[0]},
        {"id": "palu-1", "text": b, "date": "2022-03-19", "source": "tribunpalu", "link": url_b,
         "title": "Rusia <b>Frustasi</b>"},
    ]
    report = tmp_path / "my report#1.html"
    with dedup.score(recs, fields=Fields(url="link"), workers=0) as result:
        dedup.write_report(result, str(report))
    assert [(p.a, p.b, p.verdict) for p in result.pairs] == [("news-1", "palu-1", "republication")]
    pages = sorted((tmp_path / "my report#1_diffs").glob("[0-9]*.html"))  # diff pages (story-N: collations)
    assert len(pages) == 1
    return report.read_text(encoding="utf-8"), pages[0].read_text(encoding="utf-8"), a


def test_diff_page_links_back_and_names_both_articles(tmp_path):
    _, page, a = _score(tmp_path)
    assert '<a href="../my%20report%231.html">' in page  # the report's own (quoted) name, one folder up
    header = page[page.index('<header class="summary">'):page.index("</header>")]
    # A: its title, date, source and URL (a link; & escaped)
    assert f'<div class="art-title">{a.splitlines()[0]}</div>' in header
    assert ('2022-03-18 · tribunnews · <a href="https://news.example/a?x=1&amp;y=2" rel="noopener noreferrer">'
            'https://news.example/a?x=1&amp;y=2</a>') in header
    # B: an escaped title, and a URL that is not http(s) shown as text, never a link
    assert '<div class="art-title">Rusia &lt;b&gt;Frustasi&lt;/b&gt;</div>' in header
    assert "2022-03-19 · tribunpalu · javascript:alert(1)</div>" in header
    assert 'href="javascript' not in page


def test_diff_pages_use_the_report_verdict_colours(tmp_path):
    report, page, _ = _score(tmp_path)
    colour = VERDICT_COLOURS["republication"]
    assert f'<span class="v" style="background:{colour}">republication</span>' in report
    rules = re.findall(r"\.v-republication \{ background: (#[0-9a-f]{6}); \}", page)
    assert rules == [colour]
    assert '<span class="verdict v-republication">republication</span>' in page


def test_verdict_colours_are_defined_once():
    for module in (html_renderer, report_renderer):
        source = inspect.getsource(module).lower()
        assert not [c for c in VERDICT_COLOURS.values() if c in source], module.__name__
        assert not re.search(r"\.v-(duplicate|republication|update|partial|template|unrelated)\s*\{", source)


def test_plain_diff_page_has_no_back_link_or_article_lines():
    a = (DATA / "tribunnews.txt").read_text(encoding="utf-8")
    page = html_renderer.render(dedup.compare(a, a))
    assert "back to the report" not in page and "art-meta" not in page.split("</style>")[1]
