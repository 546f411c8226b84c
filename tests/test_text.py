"""Normalisation, line classes, datelines and sentence splitting."""

import pytest

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
