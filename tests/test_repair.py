"""Mojibake repair on input (ftfy), with spans into the original text (texts written for the test)."""

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup import text as T
from dedup.document import Document

CLEAN = ("Harga Kopi Naik \u2013 Petani Senang\n\n"
         "JAKARTA \u2013 Harga kopi di tingkat petani naik menjadi Rp 36.500 per kilogram, kata Andr\u00e9 Siregar.\n"
         "\u201cKami senang sekali,\u201d kata Siti, petani di Garut. Ia menjual 1.200 kilogram minggu lalu.\n"
         "Pembeli dari Nestl\u00e9 datang ke desa itu\u2026 lalu membeli semua panen.")


def mojibake(text: str, encoding: str) -> str:
    return text.encode("utf-8").decode(encoding)


def repaired(piece: str) -> str:
    """A piece of the original as its unit shows it: repaired, line breaks made spaces."""
    fixed = T.prepare(piece).text
    return T.block_text(fixed, 0, len(fixed))


@pytest.mark.parametrize("encoding", ["mac_roman", "sloppy-windows-1252", "latin-1"])
def test_mojibake_parses_like_the_clean_text(encoding):
    bad = mojibake(CLEAN, encoding)
    assert bad != CLEAN
    assert [(u.kind, u.text) for u in Document(bad).units] == [(u.kind, u.text) for u in Document(CLEAN).units]
    assert T.content_text(bad) == T.content_text(CLEAN)
    c = dedup.compare(CLEAN, bad)
    assert c.verdict == "duplicate" and all(op.op == "equal" for op in c.ops)
    assert not any(op.facts for op in c.ops)


@pytest.mark.parametrize("encoding", ["mac_roman", "sloppy-windows-1252"])
def test_spans_point_into_the_original_mojibake(encoding):
    bad = mojibake(CLEAN, encoding)
    for u in Document(bad).units:
        assert repaired(bad[u.start:u.end]) == u.text, u
        assert bad[u.start:u.end].strip() == bad[u.start:u.end]


def test_clean_text_is_left_alone():
    for text in (CLEAN, "Caf\u00e9 M\u00fcller \u00a9 2020", "\u00dc\u201cber", "ASCII only."):
        assert T.prepare(text).text is text


def test_mixed_text_repairs_only_the_mojibake():
    text = "Kata Andr\u00e9: \u201a\u00c4\u00faYa.\u201a\u00c4\u00f9 Lalu pergi."
    p = T.prepare(text)
    assert p.text == "Kata Andr\u00e9: \u201cYa.\u201d Lalu pergi."
    # a span after a repaired run maps back past it
    s = p.text.index("Lalu")
    assert p.span(s, s + 4) == (text.index("Lalu"), text.index("Lalu") + 4)


def test_short_runs_ftfy_declines_are_decoded_when_the_result_is_plausible():
    # a left-to-right mark, a half, two Arabic letters; not a Syriac letter from German text
    assert T.prepare("\u201a\u00c4\u00e9Pakar Hukum").text == "\u200ePakar Hukum"
    assert T.prepare("1 \u00ac\u03a9 kilo").text == "1 \u00bd kilo"
    assert T.prepare("kata \u0178\u00d6\u0178\u00dc itu").text == "kata \u0645\u0646 itu"
    assert T.prepare("\u00dc\u201cber").text == "\u00dc\u201cber"


_piece = st.sampled_from(["kata", "harga", "Rp 36.500", "Andr\u00e9", "\u201cYa\u201d", "\u2013", "naik.",
                          "Nestl\u00e9", "\u2019", "\n", "caf\u00e9\u2026"])


@settings(max_examples=100, deadline=None)
@given(st.lists(_piece, min_size=1, max_size=30).map(" ".join), st.sampled_from(["mac_roman", "sloppy-windows-1252"]))
def test_any_mojibaked_text_maps_back(text, encoding):
    bad = mojibake(text, encoding)
    p = T.prepare(bad)
    assert p.text == text
    for u in Document(bad).units:
        assert repaired(bad[u.start:u.end]) == u.text
