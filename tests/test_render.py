"""Renderers of one Comparison: text, JSON, Markdown and HTML (escaping above all)."""

import json
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.render import render

DATA = Path(__file__).parent / "data"
SEED = dedup.compare(
    (DATA / "tribunpalu.txt").read_text(encoding="utf-8"),
    (DATA / "tribunnews.txt").read_text(encoding="utf-8"),
    labels=("tribunpalu.txt", "tribunnews.txt"),
)


def test_json_is_to_dict():
    assert json.loads(render(SEED, "json")) == SEED.to_dict()


def test_text_plain_and_colour():
    plain = render(SEED, "text")
    assert "republication" in plain and "\x1b[" not in plain
    assert "[-pasukan-]{+pemain+}" in plain
    assert "+ byline: Editor: Muhammad Zulfikar" in plain
    coloured = render(SEED, "text", color=True)
    assert "\x1b[" in coloured and "pemain" in coloured


def test_markdown_report():
    md = render(SEED, "markdown")
    assert md.startswith("# dedup diff")
    assert "~~pasukan~~" in md and "**pemain**" in md


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def _parse(page: str) -> _Collect:
    p = _Collect()
    p.feed(page)
    return p


def test_html_is_self_contained_and_side_by_side():
    page = render(SEED, "html")
    p = _parse(page)
    assert "script" not in p.tags
    assert not any(v and ("http://" in v or "https://" in v) for _, v in p.attrs if _ in ("src", "href"))
    assert "<del" in page and "<ins" in page
    text = "".join(p.text)
    assert "Tetapi China telah membantah hal ini." in text
    assert "Editor: Muhammad Zulfikar" in text


ATTACK = '<script>alert(1)</script> "onmouseover=alert(2) \' & <img src=x onerror=alert(3)>'


def test_html_escapes_a_script_in_the_article():
    a = f"Judul {ATTACK}\nKalimat pertama tentang banjir di kota. {ATTACK} Kalimat kedua."
    b = f"Judul lain\nKalimat pertama tentang banjir di kota. {ATTACK} Kalimat ketiga.\nEditor: {ATTACK}"
    page = render(dedup.compare(a, b, labels=(ATTACK, "b.txt")), "html")
    p = _parse(page)
    assert "script" not in p.tags and "img" not in p.tags
    assert not any(k.startswith("on") for k, _ in p.attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


_chunk = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
_markup = st.sampled_from(["<script>", "</script>", "<b onclick=x>", '"', "'", "&", "<!--", "]]>", "<", ">"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_chunk, _markup), min_size=1, max_size=12), st.lists(st.one_of(_chunk, _markup), min_size=1, max_size=12))
def test_html_never_contains_unescaped_input(xa, xb):
    a = "Judul\nKalimat awal yang sama persis. " + " ".join(xa) + ". Penutup yang juga sama."
    b = "Judul\nKalimat awal yang sama persis. " + " ".join(xb) + ". Penutup yang juga sama."
    page = render(dedup.compare(a, b), "html")
    p = _parse(page)
    # The only tags are the renderer's own: nothing from the input became markup.
    allowed = set(_parse(render(SEED, "html")).tags) | {"html", "head", "meta", "title", "style", "body", "header", "main", "section", "div", "span",
               "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "p", "del", "ins", "ul", "li", "b",
               "strong", "em", "small", "code", "footer", "dl", "dt", "dd", "col", "colgroup", "abbr", "br"}
    assert set(p.tags) <= allowed, set(p.tags) - allowed
    assert not any(k.startswith("on") for k, _ in p.attrs)
