"""Renderers of one Comparison: text, JSON, Markdown and HTML (escaping above all)."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.align import FactChange, Op, WordEdit
from dedup.compare import Comparison
from dedup.document import Document
from dedup.errors import InputError
from dedup.render import FORMATS, render
from dedup.render.inline import inline, sides
from dedup.render.markdown import escape as md_escape
from dedup.render.text import clean

DATA = Path(__file__).parent / "data"
PALU = (DATA / "tribunpalu.txt").read_text(encoding="utf-8")
NEWS = (DATA / "tribunnews.txt").read_text(encoding="utf-8")
SEED = dedup.compare(PALU, NEWS, labels=("tribunpalu.txt", "tribunnews.txt"))

# ---- JSON ---------------------------------------------------------------------------------------


def test_json_is_exactly_to_dict():
    out = render(SEED, "json")
    assert out == json.dumps(SEED.to_dict(), ensure_ascii=False, indent=2)
    assert json.loads(out) == SEED.to_dict()
    assert "“Rusia" in out  # non-ASCII kept as is


def test_unknown_format():
    with pytest.raises(InputError, match="unknown format 'pdf'; choose one of text, json, markdown, html"):
        render(SEED, "pdf")
    assert set(FORMATS) == {"text", "json", "markdown", "html"}


# ---- text ---------------------------------------------------------------------------------------


def test_text_on_the_seed_pair():
    out = render(SEED, "text")
    lines = out.splitlines()
    assert lines[0] == "A            tribunpalu.txt  (17 sentences)"
    assert lines[2].startswith("verdict      republication: ")
    assert "\x1b[" not in out
    assert "~ Namun para [-pasukan-]{+pemain+} bertahan Ukraina tetap menantang dan terus mencetak kemenangan taktis di lapangan." in lines
    assert "+ byline: Editor: Muhammad Zulfikar" in lines
    assert "= Tetapi China telah membantah hal ini." in lines
    assert sum(line.startswith("- boilerplate: Baca juga:") for line in lines) == 1
    assert sum(line.startswith("+ boilerplate: Baca juga:") for line in lines) == 2
    assert any(line.startswith("~ headline: Rusia [-Frustasi") for line in lines)
    assert any(line.startswith("~ lead: Pemimpin [-tertinggi-] Korea Utara") for line in lines)
    assert "    fact removed (name): Pyongyang" in lines
    assert lines[-1].startswith("+ Dalam pernyataan resmi pertamanya")
    # one line per op after the header
    body = out.split("\n\n", 1)[1].splitlines()
    assert len([x for x in body if not x.startswith("    fact")]) == len(SEED.ops)


def test_text_colour_replaces_brackets():
    out = render(SEED, "text", color=True)
    assert "\x1b[31mpasukan\x1b[0m\x1b[32mpemain\x1b[0m" in out
    assert "[-pasukan-]" not in out


def test_text_neutralises_terminal_escapes():
    evil = "Berita \x1b]0;owned\x07 dan \x1b[2J hapus layar\x9b31m."
    c = dedup.compare(f"Judul\nKalimat pertama yang sama. {evil}", "Judul\nKalimat pertama yang sama. Lain sekali.",
                      labels=("a\x1b[31m.txt", "b.txt"))
    for color in (False, True):
        out = render(c, "text", color=color)
        # the only escape sequences left are the renderer's own SGR colour codes
        assert "\x1b" not in re.sub(r"\x1b\[[0-9;]*m", "", out)
        assert "\x07" not in out and "\x9b" not in out and "\x1b]" not in out and "\x1b[2J" not in out
    assert "a\\x1b[31m.txt" in render(c, "text")
    assert clean("a\tb\nc\x00") == "a\tb c\\x00"


def test_bidi_controls_never_reach_the_terminal():
    # a right-to-left override would make the line display in another order than it reads
    a = "Judul\nHarga naik \u202e01 persen\u202c hari ini. Kalimat kedua yang sama.\n"
    b = "Judul\nHarga naik \u206710 persen\u2069 hari ini. Kalimat kedua yang sama.\n"
    out = render(dedup.compare(a, b, labels=("a\u202e.txt", "b.txt")), "text")
    assert not any(ch in out for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "\\u202e" in out and "\\u2067" in out
    assert clean("x\u2066y\u200ez") == "x\\u2066y\u200ez"  # marks that reorder nothing are kept


def _hand_built() -> Comparison:
    a = Document("Judul A\nSatu satu satu.\nDua dua dua.\nTiga tiga tiga.\nEmpat empat.\nLima lima.")
    b = Document("Judul B\nSatu satu satu.\nTiga tiga tiga.\nDua dua dua.\nEmpat. Empat lagi.\nLima lima.")
    ops = [
        Op("modified", "headline", (0,), (0,), "Judul A", "Judul B", 50.0, [WordEdit("replace", "A", "B")]),
        Op("equal", "content", (1,), (1,), "Satu satu satu.", "Satu satu satu.", 100.0),
        Op("moved", "content", (3,), (2,), "Tiga tiga tiga.", "Tiga tiga tiga.", 100.0),
        Op("modified", "content", (2,), (3,), "Dua dua dua 13.500.", "Dua dua dua 14.000.", 90.0,
           [WordEdit("replace", "13.500", "14.000")], [FactChange("number", "13.500", "14.000")]),
        Op("split", "content", (4,), (4, 5), "Empat empat.", "Empat. Empat lagi.", 80.0),
        Op("merged", "content", (5, 5), (6,), "Lima. Lima.", "Lima lima.", 85.0),
        Op("removed", "boilerplate", (5,), (), "Baca juga: X", None, 0.0),
        Op("added", "byline", (), (6,), None, "Editor: Y", 0.0),
    ]
    return Comparison("update", 0.5, 0.6, 0.7, ops, a, b, ("a.txt", "b.txt"), ["because"])


def test_text_marks_every_op_kind():
    lines = render(_hand_built(), "text").split("\n\n", 1)[1].splitlines()
    assert lines == [
        "~ headline: Judul [-A-]{+B+}",
        "= Satu satu satu.",
        "> [moved, A line 4 -> B line 3] Tiga tiga tiga.",
        "~ Dua dua dua [-13.500-]{+14.000+}.",
        "    fact (number): 13.500 -> 14.000",
        "/ [split, A line 5 -> B line 5] Empat [-empat-]{+. Empat lagi+}.",
        "\\ [merged, A line 6 -> B line 6] Lima[-. Lima-]{+lima+}.",
        "- boilerplate: Baca juga: X",
        "+ byline: Editor: Y",
    ]


# ---- Markdown -----------------------------------------------------------------------------------


def test_markdown_report():
    md = render(SEED, "markdown")
    assert md.startswith("# dedup diff: tribunpalu.txt → tribunnews.txt\n")
    assert "**Verdict: republication**" in md
    assert "| similarity (Jaccard of content shingles) | " in md
    assert "Namun para ~~pasukan~~ **pemain** bertahan" in md
    assert "`+` *byline*: Editor: Muhammad Zulfikar" in md
    assert len(re.findall(r"^\d+\. `", md, re.M)) == len(SEED.ops)


@given(st.text(max_size=200))
def test_markdown_escape_leaves_nothing_active(s):
    out = md_escape(s)
    assert "\n" not in out
    # every markup character is escaped, and unescaping gives back the (one-line) text
    assert not re.search(r"(?<!\\)(?:\\\\)*[`*_\[\]<>#|~&$!{}()]", out.replace("\\\\", ""))
    assert re.sub(r"\\(.)", r"\1", out) == re.sub(r"\s+", " ", re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "\ufffd", s))


def test_markdown_escapes_attacks():
    a = "Judul\nKalimat sama di sini. <script>alert(1)</script> [klik](javascript:alert(2)) *tebal* | pipa."
    md = render(dedup.compare(a, "Judul\nKalimat sama di sini. Lain."), "markdown")
    assert "<script>" not in md and "](javascript" not in md and "*tebal*" not in md
    assert "\\<script\\>alert\\(1\\)\\</script\\>" in md


# ---- HTML ---------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Tags, attributes, and the exact text of every diff cell (td.side.a / td.side.b)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.cells, self.data = [], [], [], []
        self._cell = None
        self._skip = 0
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        cls = dict(attrs).get("class") or ""
        if tag == "td" and cls.split()[:2] in (["side", "a"], ["side", "b"]):
            self._cell = [cls.split()[1], ""]
        elif self._cell is not None and tag == "span" and "kind" in cls.split():
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.cells.append(tuple(self._cell))
            self._cell = None
        elif tag == "span" and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        self.data.append(data)
        if self._cell is not None and not self._skip:
            self._cell[1] += data


OWN_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "header", "h1", "div", "b", "span", "ul",
            "li", "section", "del", "ins", "i", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "footer"}
OWN_ATTRS = {"charset", "name", "content", "http-equiv", "class", "title", "style", "colspan", "lang"}


def _check_page(page: str, c: Comparison) -> _Page:
    p = _Page(page)
    assert set(p.tags) <= OWN_TAGS, set(p.tags) - OWN_TAGS
    assert {k for k, _ in p.attrs} <= OWN_ATTRS, {k for k, _ in p.attrs} - OWN_ATTRS
    for k, v in p.attrs:
        if k == "style":
            assert re.fullmatch(r"width:\d+\.\d%", v), v
    # each op is one row, and each side's cell holds exactly that side's text (empty when absent)
    cells = [text for side, text in p.cells]
    expected = []
    for op in c.ops:
        expected += [op.a or "", op.b or ""]
    assert cells == expected
    return p


def test_html_on_the_seed_pair():
    page = render(SEED, "html")
    p = _check_page(page, SEED)
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page  # no script, no fetch, even if escaping ever failed
    assert not re.search(r"(?:src|href)\s*=|url\(|@import", page)
    assert '<td class="side a">Namun para <del>pasukan</del> bertahan' in page
    assert '<td class="side b">Namun para <ins>pemain</ins> bertahan' in page
    assert page.count('<tr class="op ') == len(SEED.ops)
    assert "fact check" in "".join(p.data)


def test_html_marks_every_op_kind():
    c = _hand_built()
    page = render(c, "html")
    _check_page(page, c)
    for op in ("equal", "modified", "added", "removed", "moved", "split", "merged"):
        assert f'<tr class="op op-{op} ' in page
    assert '<td class="side a empty"></td>' in page and '<td class="side b empty"></td>' in page
    assert "<del>13.500</del> → <ins>14.000</ins>" in page


ATTACK = '<script>alert(1)</script> "onmouseover=alert(2) \' & <img src=x onerror=alert(3)> </td></tr><!-- ]]>'


def test_html_escapes_a_script_in_the_article_and_labels():
    a = f"Judul {ATTACK}\nKalimat pertama tentang banjir di kota. {ATTACK} Kalimat kedua."
    b = f"Judul lain\nKalimat pertama tentang banjir di kota. {ATTACK} Kalimat ketiga.\nEditor: {ATTACK}"
    c = dedup.compare(a, b, labels=(ATTACK, "b.txt"))
    page = render(c, "html")
    p = _check_page(page, c)
    assert "script" not in p.tags and "img" not in p.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert ATTACK in "".join(p.data)  # shown to the reader, literally


_chunk = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
_markup = st.sampled_from(["<script>", "</script>", "<b onclick=x>", '"', "'", "&", "&amp;", "<!--", "-->",
                           "]]>", "<", ">", "</td>", "<style>", "\x00", "\r", "\x1b[31m"])
_texts = st.lists(st.one_of(_chunk, _markup), min_size=1, max_size=10).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(_texts, _texts)
def test_html_never_contains_unescaped_input_compare(xa, xb):
    a = "Judul\nKalimat awal yang sama persis. " + xa + ". Penutup yang juga sama."
    b = "Judul\nKalimat awal yang sama persis. " + xb + ". Penutup yang juga sama."
    c = dedup.compare(a, b, labels=(xa, xb))
    _check_page(render(c, "html"), c)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["equal", "modified", "added", "removed", "moved", "split", "merged"]),
                          st.sampled_from(["content", "headline", "byline"]), _texts, _texts, st.booleans()),
                min_size=1, max_size=6),
       _texts, st.lists(_texts, max_size=2))
def test_html_never_contains_unescaped_input_any_ops(rows, label, reasons):
    doc = Document("Judul\nSatu. Dua. Tiga. Empat. Lima. Enam.")
    ops = []
    for op, kind, ta, tb, lead in rows:
        sa = None if op == "added" else ta
        sb = None if op == "removed" else (sa if op == "equal" else tb)
        ops.append(Op(op, kind, (1,) if sa is not None else (), (2,) if sb is not None else (), sa, sb, 50.0,
                      [WordEdit("replace", ta, tb)], [FactChange("name", ta, tb)] if op == "modified" else [],
                      lead=lead))
    c = Comparison("partial", 0.3, 0.4, 0.5, ops, doc, doc, (label, "b"), reasons)
    page = render(c, "html")
    p = _check_page(page, c)
    text = "".join(p.data)
    for r in reasons:
        assert r in text
    for fmt in ("text", "markdown", "json"):  # the other formats take the same input without failing
        assert render(c, fmt)


# ---- inline word diff ---------------------------------------------------------------------------


@given(_texts, _texts)
def test_sides_rebuild_each_sentence_exactly(a, b):
    pa, pb = sides(a, b)
    assert "".join(s for _, s in pa) == a and "".join(s for _, s in pb) == b
    assert {t for t, _ in pa} <= {"equal", "delete"} and {t for t, _ in pb} <= {"equal", "insert"}


_word = st.sampled_from(["Rusia", "kehilangan", "13.500", "tentara", ",", ".", "Kim", "Jong-un", "dan", "(", ")"])


@given(st.lists(_word, max_size=12), st.lists(_word, max_size=12))
def test_inline_keeps_every_word_of_both_sides(wa, wb):
    a, b = " ".join(wa), " ".join(wb)
    pieces = inline(a, b)
    seen_a = " ".join(s for t, s in pieces if t != "insert").split()
    seen_b = " ".join(s for t, s in pieces if t != "delete").split()
    assert "".join(seen_a) == "".join(a.split()) and "".join(seen_b) == "".join(b.split())
