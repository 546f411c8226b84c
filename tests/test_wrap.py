"""Hard-wrapped text and PA wire copy parse like the same text unwrapped (texts written for the test)."""

import re
import textwrap

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import dedup
from dedup import text as T
from dedup.document import Document


def _units(text):
    return [(u.kind, T.normalize(u.text)) for u in Document(text).units]


def _spans_hold(text):
    """Every unit's span points at its text in the original (whitespace aside)."""
    for u in Document(text).units:
        assert T.normalize(text[u.start:u.end]) == T.normalize(u.text), (u, text[u.start:u.end])


# A wire story wrapped at 64 characters: paragraphs start with an indent; the first line is
# short (its dateline was cut off), and one wrapped line ends in an abbreviation.
WIRE = """\
The city council approved a new budget on
Tuesday that raises spending on schools by four pct and cuts
the road repair fund, officials said.
    Mayor Jane Porter said the plan would be paid for by a small
rise in property taxes and by savings in the transport dept.
which has shed staff since last year.
    "We had to choose between roads and classrooms," she told
reporters after the vote.
    The budget takes effect on July 1 and runs through the end
of next year, the council said."""

UNWRAPPED = """\
The city council approved a new budget on Tuesday that raises spending on schools by four pct and cuts the road repair fund, officials said.
Mayor Jane Porter said the plan would be paid for by a small rise in property taxes and by savings in the transport dept. which has shed staff since last year.
"We had to choose between roads and classrooms," she told reporters after the vote.
The budget takes effect on July 1 and runs through the end of next year, the council said."""


def test_indented_wire_story_parses_like_its_unwrapped_copy():
    assert _units(WIRE) == _units(UNWRAPPED)
    doc = Document(WIRE)
    assert doc.headline is None  # the short first line is the lead's start, not a headline
    assert [u.text for u in doc.sentences][1] == (
        "Mayor Jane Porter said the plan would be paid for by a small rise in property taxes and by "
        "savings in the transport dept. which has shed staff since last year.")
    assert doc.sentences[1].line == 3  # a unit's line is the line it starts on
    _spans_hold(WIRE)
    c = dedup.compare(WIRE, UNWRAPPED)
    assert c.verdict == "duplicate" and all(op.op == "equal" for op in c.ops)


# Blank-line paragraphs wrapped at about 100 characters, with a headline, a "Baca juga" line, a
# list and an editor line that must stay lines of their own.
WRAPPED_ID = """\
Warga Desa Sukamaju Bangun Jembatan Sendiri

Warga Desa Sukamaju di Kabupaten Garut membangun jembatan bambu sepanjang dua puluh meter secara
gotong royong karena jembatan lama hanyut terbawa banjir bulan lalu dan belum diganti oleh pemerintah
daerah setempat.

Kepala desa mengatakan pembangunan memakan waktu dua minggu dan melibatkan hampir seratus warga yang
bekerja bergantian setiap hari setelah pulang dari sawah dan kebun mereka masing-masing.
Baca juga: Banjir Rendam Tiga Kecamatan di Garut
Bahan yang dipakai:
- bambu dari kebun warga
- tali ijuk
- paku dan kawat

Jembatan itu kini dipakai anak-anak untuk berangkat ke sekolah setiap pagi dan para petani untuk
membawa hasil panen ke pasar kecamatan yang berjarak sekitar lima kilometer dari desa.
Editor: Budi Santoso"""


def test_blank_line_paragraphs_are_reflowed_and_structure_kept():
    doc = Document(WRAPPED_ID)
    kinds = [(u.kind, u.text) for u in doc.units]
    assert kinds[0] == ("headline", "Warga Desa Sukamaju Bangun Jembatan Sendiri")
    assert ("boilerplate", "Baca juga: Banjir Rendam Tiga Kecamatan di Garut") in kinds
    assert ("byline", "Editor: Budi Santoso") in kinds
    texts = [u.text for u in doc.sentences]
    assert texts[0].startswith("Warga Desa Sukamaju") and texts[0].endswith("daerah setempat.")
    assert "- tali ijuk" in texts and "- bambu dari kebun warga" in texts  # list items stay items
    assert "Bahan yang dipakai:" in texts
    _spans_hold(WRAPPED_ID)
    # content_text (what signatures hash) reads the same blocks: headline and credit lines out
    body = T.content_text(WRAPPED_ID)
    assert "Sukamaju Bangun" not in body and "Editor" not in body and "Baca juga" not in body
    assert T.words(body) == [w for u in doc.sentences for w in T.words(u.text)]


# Press Association wire copy: framing rules, a slug line, "<" paragraph ends, U+0019 paragraph
# marks, a byline and an operator's sign-off.
PA = (
    "  " + "-" * 72 + "\n\n  " + "-" * 72 + "\n\n"
    "                  14:02 05/06/00: Page 1 (HHH) COURTS Ferry\n"
    "  " + "-" * 72 + "\n"
    "FERRY FIRM FINED OVER GANGWAY FALL<\n"
    "\x19By Alan Reed, PA News<\n"
    "\x19A ferry company was fined #20,000 today after a passenger broke her leg when a\n"
    "gangway collapsed at Dover harbour.<\n"
    "\x19The court heard that the gangway had not been inspected for six months and\n"
    "that staff had reported a loose bolt the week before.<\n"
    "\x19Judge Mary Hale said: ``This was an accident waiting to happen.''<\n"
    "\x19end\n"
)


def test_pa_wire_copy():
    doc = Document(PA)
    units = [(u.kind, u.text) for u in doc.units]
    assert units[0] == ("boilerplate", "14:02 05/06/00: Page 1 (HHH) COURTS Ferry")
    assert units[1] == ("headline", "FERRY FIRM FINED OVER GANGWAY FALL")
    assert units[2] == ("byline", "By Alan Reed, PA News")
    assert units[-1] == ("boilerplate", "end")
    assert [u.text for u in doc.sentences] == [
        "A ferry company was fined #20,000 today after a passenger broke her leg when a gangway "
        "collapsed at Dover harbour.",
        "The court heard that the gangway had not been inspected for six months and that staff had "
        "reported a loose bolt the week before.",
        "Judge Mary Hale said: ``This was an accident waiting to happen.''",
    ]
    _spans_hold(PA)
    assert T.content_text(PA).split("\n")[0].startswith("A ferry company was fined")


def test_pa_wire_copy_with_single_newlines_joined_parses_the_same():
    joined = "\n\n".join(" ".join(ln.strip() for ln in p.split("\n") if ln.strip())
                         for p in re.split(r"\n[ \t]*\n", PA))
    assert "<\n" not in joined
    assert _units(joined) == _units(PA)
    assert dedup.compare(PA, joined).verdict == "duplicate"


def test_pa_wire_copy_without_paragraph_marks():
    plain = PA.replace("\x19", "")
    assert _units(plain) == _units(PA)


def test_lines_that_are_paragraphs_are_not_joined():
    # a scraped article: every line a paragraph, some without a full stop (a heading, list items)
    text = ("Judul Berita Hari Ini\n\nHarga beras di pasar tradisional naik lima persen minggu ini, kata pedagang.\n"
            "Daftar harga terbaru\nberas medium Rp 12.000\nberas premium Rp 14.000\n"
            "Pemerintah berjanji menambah pasokan dari gudang Bulog pekan depan.")
    assert [u.text for u in Document(text).units] == [ln for ln in text.split("\n") if ln]


# --- property: wrapping at any width does not change the units ----------------------------------

_word = st.sampled_from(
    "rusia ukraina presiden menteri kota warga harga naik turun kata dia mereka pada hari senin "
    "jakarta bandung polisi sekolah anak guru banjir hujan jalan rumah 12 300 4.500 bank".split()
)
_sentence = st.lists(_word, min_size=4, max_size=16).map(lambda ws: " ".join(ws).capitalize() + ".")
_paragraph = st.lists(_sentence, min_size=3, max_size=6).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(st.lists(_paragraph, min_size=2, max_size=5), st.integers(55, 110), st.booleans())
def test_wrapping_at_any_width_gives_the_same_units(paragraphs, width, indent):
    if indent:  # paragraphs marked by an indented first line, no blank lines
        unwrapped = "\n".join(paragraphs)
        wrapped = "\n".join(textwrap.fill(p, width, initial_indent="    ") for p in paragraphs)
    else:
        unwrapped = "\n\n".join(paragraphs)
        wrapped = "\n\n".join(textwrap.fill(p, width) for p in paragraphs)
    # Wrapping is recognised from lines that break mid-sentence (see text.WRAP_MIN_SHARE); a text
    # whose every break falls after a full stop reads the same either way except for a headline.
    breaks = [ln for p in wrapped.split("\n\n") for ln in p.split("\n")[:-1]]
    assume(sum(not ln.endswith(".") for ln in breaks) >= max(2, len(breaks) / 2))
    assert _units(wrapped) == _units(unwrapped)
    assert T.words(T.content_text(wrapped)) == T.words(T.content_text(unwrapped))


# --- the definition: single newlines joined, blank lines kept ---------------------------


def _reflow(text):
    return "\n\n".join(" ".join(ln.strip() for ln in p.split("\n") if ln.strip())
                       for p in re.split(r"\n[ \t]*\n", text))


# A results table set as a wire sets it (rows indented, no sentence punctuation), a heading in
# capitals, a note whose continuation line starts like a credit line, and a sign-off.
TABLE = """\
HARBOUR FERRIES ANNUAL RESULTS
    Shr profit 41 cts vs loss 12 cts
    Net profit 8,120,000 vs loss 2,300,000
    Revs 96.4 mln vs 88.1 mln
    Nine mths
    Shr profit 30 cts vs loss 20 cts
    Note: the results were audited and the notes were signed
by Partner Grant, the firm said.
    The company said it would not pay a dividend until the
ferries were refitted, which shareholders could
subscribe to in a rights issue next year.
 REUTER"""


def test_table_and_credit_like_lines_read_the_same_reflowed():
    assert _units(TABLE) == _units(_reflow(TABLE))
    doc = Document(TABLE)
    units = [(u.kind, u.text) for u in doc.units]
    assert units[0] == ("headline", "HARBOUR FERRIES ANNUAL RESULTS")
    assert units[-1] == ("boilerplate", "REUTER")
    # the rows are found on their words (a capitalised word after a figure), so a reflowed copy,
    # which has lost the line breaks, gets the same rows; the note after them stays whole
    assert [u.text for u in doc.sentences][:6] == [
        "Shr profit 41 cts vs loss 12 cts", "Net profit 8,120,000 vs loss 2,300,000", "Revs 96.4 mln vs 88.1 mln",
        "Nine mths", "Shr profit 30 cts vs loss 20 cts",
        "Note: the results were audited and the notes were signed by Partner Grant, the firm said."]
    assert [u.line for u in doc.sentences][:6] == [1, 2, 3, 4, 5, 6]
    # "by Partner Grant, ..." and "subscribe to ..." continue sentences; they are not credit lines
    assert not any(k in ("byline", "boilerplate") and "Grant" in t for k, t in units)
    assert units[-2] == ("content", "The company said it would not pay a dividend until the ferries were "
                         "refitted, which shareholders could subscribe to in a rights issue next year.")
    _spans_hold(TABLE)
    assert dedup.compare(TABLE, _reflow(TABLE)).verdict == "duplicate"
    body = T.content_text(TABLE)
    assert "REUTER" not in body and "HARBOUR" not in body
    assert T.words(body) == T.words(T.content_text(_reflow(TABLE)))


def test_sign_off_run_into_the_last_sentence():
    text = "Prices rose again on Monday, traders said.\n reuter"
    assert Document(text).units[-1].kind == "boilerplate"
    assert [(u.kind, u.text) for u in Document("Prices rose again on Monday, traders said. reuter").units] == [
        ("content", "Prices rose again on Monday, traders said."), ("boilerplate", "reuter")]
    # a story that mentions the agency keeps it
    assert Document("The figures were first reported by Reuters.").units[-1].text.endswith("Reuters.")


def test_a_lead_opening_with_initials_is_not_a_heading():
    text = ("NV ACME Holdings <ACME.AS> said its net profit rose\n"
            "sharply last year on higher sales in Europe and\n"
            "lower costs at home.\n    It gave no forecast for this year.")
    doc = Document(text)
    assert doc.headline is None and doc.sentences[0].text.startswith("NV ACME Holdings")
    assert _units(text) == _units(_reflow(text))


@settings(max_examples=60, deadline=None)
@given(st.lists(_paragraph, min_size=2, max_size=5), st.integers(55, 110))
def test_indented_wrapping_reads_like_its_literal_reflow(paragraphs, width):
    wrapped = "\n".join(textwrap.fill(p, width, initial_indent="    ") for p in paragraphs)
    assert _units(wrapped) == _units(_reflow(wrapped))
    _spans_hold(wrapped)


def test_prose_with_figures_is_not_cut_into_rows():
    for text in ("Dibangun pada tahun 859 Caka atau 937 Masehi.",
                 "Harga emas: Pecahan 1 gram Rp 754.000,Pecahan 2 gram Rp 1.457.000,Pecahan 3 gram Rp 2.164.000",
                 "Gadis kelahiran 16 Januari 1996 ini tingginya 160 cm"):
        assert len(Document("Judul\n" + text).sentences) == 1, text
