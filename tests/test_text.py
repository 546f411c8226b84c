"""Normalisation, line classes, datelines and sentence splitting."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dedup import text as T
from dedup.document import Document


def test_normalize_quotes_dashes_spaces():
    assert T.normalize("\u201cA\u201d \u2013 \u2018b\u2019\u00a0\u00a0c\u200b") == "\"A\" - 'b' c"
    assert T.normalize("\uff21\uff22") == "AB"  # NFKC full-width


@pytest.mark.parametrize(
    "line,kind",
    [
        ("Baca juga: Rusia Beri Batas Waktu", "boilerplate"),
        ("Baca Juga : Sesuatu", "boilerplate"),
        ("Simak juga: video", "boilerplate"),
        ("Lihat juga: foto", "boilerplate"),
        ("Read also: Something", "boilerplate"),
        ("Read more: Something", "boilerplate"),
        ("ADVERTISEMENT", "boilerplate"),
        ("Editor: Muhammad Zulfikar", "byline"),
        ("Penulis: Seseorang", "byline"),
        ("Reporter: Seseorang", "byline"),
        ("Laporan wartawan Tribunnews.com, Seseorang", "byline"),
        ("Reporting by Jane Doe; Editing by John Roe", "byline"),
        ("Bacaan ringan untuk akhir pekan adalah novel.", "content"),
        ("Editorial board members met on Tuesday.", "content"),
    ],
)
def test_classify_line(line, kind):
    assert T.classify_line(line) == kind


@pytest.mark.parametrize(
    "line,prefix",
    [
        ("TRIBUNNEWS.COM, JAKARTA - Pemimpin", "TRIBUNNEWS.COM, JAKARTA - "),
        ("TRIBUNPALU.COM - Rusia", "TRIBUNPALU.COM - "),
        ("JAKARTA, KOMPAS.com - Presiden", "JAKARTA, KOMPAS.com - "),
        ("WASHINGTON (Reuters) - The", "WASHINGTON (Reuters) - "),
        ("Jakarta, CNN Indonesia -- Harga", "Jakarta, CNN Indonesia -- "),
        ("- Meski sempat menghilang", "- "),
        ("Rusia - Ukraina kembali berunding.", ""),
        ("Harga naik - kata dia.", ""),
    ],
)
def test_dateline(line, prefix):
    assert line[: T.dateline_length(line)] == prefix


def _split(s):
    return [x for x, _, _ in T.split_sentences(s)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ia tinggal di Jl. Merdeka No. 5. Rumahnya besar.", ["Ia tinggal di Jl. Merdeka No. 5.", "Rumahnya besar."]),
        ("Kombes Pol. Yusri Yunus hadir. AKBP H. Budi juga.", ["Kombes Pol. Yusri Yunus hadir.", "AKBP H. Budi juga."]),
        ("Prof. Dr. Siti bicara. dr. Andi diam.", ["Prof. Dr. Siti bicara. dr. Andi diam."]),
        ("PT Bank Rakyat Indonesia Tbk. (BBRI) naik. Saham lain turun.", ["PT Bank Rakyat Indonesia Tbk. (BBRI) naik.", "Saham lain turun."]),
        ("Andi Wijaya, S.H., M.H. hadir. Ia pengacara.", ["Andi Wijaya, S.H., M.H. hadir.", "Ia pengacara."]),
        ("The U.S. Army left. Mr. Smith of Acme Inc. stayed.", ["The U.S. Army left.", "Mr. Smith of Acme Inc. stayed."]),
        ("Harga Rp 13.500 per kilo. Naik lagi.", ["Harga Rp 13.500 per kilo.", "Naik lagi."]),
        ('Ia berkata, "Kami siap. Kami menang." Lalu pergi.', ['Ia berkata, "Kami siap. Kami menang."', "Lalu pergi."]),
        ("Paragraf satu selesai.,Paragraf dua mulai.,,,,,Paragraf tiga.", ["Paragraf satu selesai.", "Paragraf dua mulai.", "Paragraf tiga."]),
        ("Apa kabar? Baik! Terima kasih.", ["Apa kabar?", "Baik!", "Terima kasih."]),
        # time zones, "dll." and a company suffix end a sentence; month abbreviations before a number do not
        ("Acara mulai pukul 10.00 WIB. Presiden hadir.", ["Acara mulai pukul 10.00 WIB.", "Presiden hadir."]),
        ("Tiba 08.02 WIT. Lalu 09.00 WITA. Selesai.", ["Tiba 08.02 WIT.", "Lalu 09.00 WITA.", "Selesai."]),
        ("Ia membeli buku, pensil, dll. Kemudian pulang.", ["Ia membeli buku, pensil, dll.", "Kemudian pulang."]),
        ("Saham PT Bank Central Asia Tbk. Sementara itu harga naik.", ["Saham PT Bank Central Asia Tbk.", "Sementara itu harga naik."]),
        ("The meeting is on Jan. 3. It will be long.", ["The meeting is on Jan. 3.", "It will be long."]),
        ("Pada 12 Okt. 2022 ia datang. Lalu pergi.", ["Pada 12 Okt. 2022 ia datang.", "Lalu pergi."]),
    ],
)
def test_split_sentences(text, expected):
    assert _split(text) == expected


def test_spans_point_into_original():
    text = "Judul\n\nTRIBUNNEWS.COM, JAKARTA - Satu kalimat.  Dua kalimat.\r\nBaca juga: X"
    doc = Document(text)
    for u in doc.units:
        assert text[u.start : u.end] == u.text
    assert [u.kind for u in doc.units] == ["headline", "dateline", "content", "content", "boilerplate"]


def test_scraped_text_without_newlines():
    text = "- Meski sempat menghilang, kini membaik. Bahkan ia menerima.,Hal itu terungkap dari postingan.,,,,Belakangan mereka bertemu."
    doc = Document(text)
    assert [u.kind for u in doc.units] == ["content"] * 4
    assert doc.units[0].text == "Meski sempat menghilang, kini membaik."
    assert doc.headline is None


def test_content_text_excludes_noncontent():
    text = "Judul Besar\nJAKARTA - Isi pertama.\nBaca juga: Lain\nEditor: A\nIsi kedua."
    assert T.content_text(text) == "Isi pertama.\nIsi kedua."
    assert T.content_text("") == ""
    assert T.content_text("Satu baris saja tanpa judul.") == "Satu baris saja tanpa judul."


def test_sentence_key_ignores_case_and_punctuation():
    assert T.sentence_key("Tetapi  China, telah membantah!") == T.sentence_key("tetapi china telah membantah")


def test_a_run_without_full_stops_is_cut_into_pieces_that_realign_after_an_edit():
    import random

    rng = random.Random(5)
    words = [rng.choice(["rusia", "harga", "kota", "warga", "naik", "banjir", "12", "presiden", "jalan"])
             for _ in range(3000)]
    a = " ".join(words)
    pieces = T.split_sentences(a)
    assert len(pieces) > 10
    assert all(len(p) <= T.MAX_SENTENCE_CHARS for p, _, _ in pieces)
    assert all(a[s:e] == p for p, s, e in pieces)  # spans still point into the text
    assert " ".join(p for p, _, _ in pieces) == a  # nothing lost
    # one word inserted near the start: the cuts after it fall on the same words again
    b = " ".join(words[:10] + ["sisipan"] + words[10:])
    same = {p for p, _, _ in pieces} & {p for p, _, _ in T.split_sentences(b)}
    assert len(same) >= len(pieces) - 3
    # a single 5,000-character "word" (a pasted blob) is sliced too
    blob = "x" * 5000 + " akhir"
    assert [e - s for _, s, e in T.split_sentences(blob)] == [1000] * 5 + [5]
    # real sentences, even long ones, stay whole
    long_real = "Ia berkata, " + ", ".join(["harga naik di kota"] * 40) + "."
    assert len(long_real) < T.MAX_SENTENCE_CHARS and len(T.split_sentences(long_real)) == 1


_TOKEN_CHARS = "ab. \t\n\u00a0\u2009\u200b\u3000\"(X"


@given(st.text(alphabet=_TOKEN_CHARS, max_size=30), st.data())
@example("abc\n", None)
@example("abc\n\n", None)
def test_last_token_is_what_the_regex_finds(s, data):
    import re

    start = data.draw(st.integers(0, len(s))) if data else 0
    end = data.draw(st.integers(start, len(s))) if data else len(s)
    m = re.search(r"(\S+)$", s[start:end])
    assert T._last_token(s, start, end) == (m.group(1) if m else "")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("As shown in Figs. 3 and 4, the loss drops. See Sect. 2 for details.",
         ["As shown in Figs. 3 and 4, the loss drops.", "See Sect. 2 for details."]),
        ("We use Eq. 5 here. Smith et al. (2019) showed it. Compare cf. Table 2.",
         ["We use Eq. 5 here.", "Smith et al. (2019) showed it.", "Compare cf. Table 2."]),
        ("Some models, e.g. BERT, work. Others, i.e. RNNs, do not. Cats vs. Dogs is a game.",
         ["Some models, e.g. BERT, work.", "Others, i.e. RNNs, do not.", "Cats vs. Dogs is a game."]),
        # a single capital after a label word is the label, and the sentence ends there
        ("The proof is in appendix D. The next section shows results.",
         ["The proof is in appendix D.", "The next section shows results."]),
        ("Lihat Lampiran B. Data lengkap ada di sana.", ["Lihat Lampiran B.", "Data lengkap ada di sana."]),
        ("AKBP H. Budi datang. Ia diam.", ["AKBP H. Budi datang.", "Ia diam."]),  # still an initial
    ],
)
def test_scholarly_abbreviations(text, expected):
    assert _split(text) == expected


@pytest.mark.parametrize("text, rows", [
    # ends in a full stop: prose, one row (decided without reading every word)
    ("Qtly div five cts vs five cts prior Pay March 31 Record March 16.", 1),
    # the same ending, but a note after the table: the rows before it are a table after all
    ("Qtly div five cts vs five cts prior Pay March 31 Record March 16 NOTE: Full name is Foo Inc.", 3),
    # no sentence punctuation at the end (trailing spaces do not count): rows
    ("Shr 98 cts vs 63 cts Net 2,602,000 vs 1,571,000 Loans 834.8 mln vs 729.0 mln  ", 3),
])
def test_table_rows_by_the_last_word_and_a_note(text, rows):
    from dedup.tables import table_rows

    assert len(table_rows(text, 0, len(text))) == rows


_PARSE_CHARS = "ab Xy.,:-*\n\t\"'\u201c\u201d\u00c3\u00a9\u221a<>0123"


@settings(deadline=None)  # the first example loads ftfy
@given(st.text(alphabet=_PARSE_CHARS, max_size=200))
@example("Judul Berita\nJAKARTA - Harga naik\nlagi hari ini. Kata dia.\n\nBaca juga: Lain\nEditor: A")
@example("Nestl\u221a\u00a9 naik lima persen.\nHarga turun.")  # repaired mojibake: unit text is not the span
@example("Harga cabai di pasar induk naik lagi pada hari Senin, kata\npedagang yang ditemui di pasar itu.\n"
         "Harga bawang merah juga\nnaik, kata mereka.")  # hard-wrapped: unit text joins the lines
def test_a_packed_parse_unpacks_to_the_same_units(text):
    from dedup.document import Document, pack_units, unpack_units

    doc = Document(text)
    assert unpack_units(text, pack_units(doc)) == doc.units
