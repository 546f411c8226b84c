"""Facts compared by value (dedup.facts): one test per normalisation rule, each in Indonesian and
in English; texts written for the purpose.
"""

import pytest

from dedup import facts as F
from dedup.align import word_edits


def fact_changes(a: str, b: str) -> list[tuple[str, str, str]]:
    return [(f.type, f.a, f.b) for f in word_edits(a, b)[1]]


# --- one rule each, both languages ------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("Sebanyak 5 orang tewas dalam kecelakaan itu.", "Sebanyak lima orang tewas dalam kecelakaan itu."),
    ("Five people died in the crash on the highway.", "5 people died in the crash on the highway."),
    ("Ada 25 peserta dalam lomba itu.", "Ada dua puluh lima peserta dalam lomba itu."),
    ("There were 25 entrants in the race.", "There were twenty-five entrants in the race."),
    ("Gempa merusak 13 rumah warga.", "Gempa merusak tiga belas rumah warga."),
    ("Dana Rp 150 ribu dibagikan.", "Dana Rp seratus lima puluh ribu dibagikan."),
])
def test_digits_and_number_words_are_the_same_value(a, b):
    assert fact_changes(a, b) == []


@pytest.mark.parametrize("a, b", [
    ("Sebanyak 5 orang tewas dalam kecelakaan itu.", "Sebanyak enam orang tewas dalam kecelakaan itu."),
    ("Five people died in the crash on the highway.", "6 people died in the crash on the highway."),
])
def test_a_different_number_word_is_a_change(a, b):
    assert [t for t, _, _ in fact_changes(a, b)] == ["number"]


@pytest.mark.parametrize("a, b", [
    ("Petani menjual 1.500 ton beras.", "Petani menjual 1500 ton beras."),       # Indonesian thousands
    ("Farmers sold 1,500 tonnes of rice.", "Farmers sold 1500 tonnes of rice."),  # English thousands
    ("Inflasi naik 3,5 persen tahun ini.", "Inflasi naik 3.5 persen tahun ini."),  # decimal comma / point
    ("Arrivals were 136,392 bags this week.", "Arrivals were 136.392 bags this week."),
])
def test_thousands_and_decimal_separators(a, b):
    assert fact_changes(a, b) == []


def test_separators_keep_different_values_apart():
    assert F.values("1,5 juta") == ["1500000"] and F.values("1.500 juta") == ["1500000000"]
    assert [t for t, _, _ in fact_changes("Inflasi naik 3,5 persen.", "Inflasi naik 3,6 persen.")] == ["number"]
    assert [t for t, _, _ in fact_changes("Sales rose 1.5 pct.", "Sales rose 1.6 pct.")] == ["number"]


@pytest.mark.parametrize("a, b", [
    ("Harga cabai mencapai Rp 9 ribu per kilo.", "Harga cabai mencapai Rp9 ribu per kilo."),
    ("Harga saham 3,5 persen lebih tinggi.", "Harga saham Rp3,5 persen lebih tinggi."),
    ("The company paid US$ 9 mln for it.", "The company paid US$9 mln for it."),
    ("Nilainya Rp 1,2 triliun tahun lalu.", "Nilainya Rp1.200 miliar tahun lalu."),
    ("It raised 1.5 billion dlrs last year.", "It raised 1,500 mln dlrs last year."),
])
def test_currency_with_or_without_a_space_and_scale_words(a, b):
    assert fact_changes(a, b) == []


@pytest.mark.parametrize("a, b", [
    ("Suku bunga naik 4 persen.", "Suku bunga naik 4%."),
    ("The rate rose 4 pct on Monday.", "The rate rose 4 percent on Monday."),
    ("The rate rose 4 per cent on Monday.", "The rate rose 4% on Monday."),
])
def test_percent_words(a, b):
    assert fact_changes(a, b) == []
    assert F.canonical(a) == F.canonical(b)


@pytest.mark.parametrize("a, b", [
    ("Sidang digelar Minggu (08/09) di Jakarta.", "Sidang digelar Minggu (8/9/2019) di Jakarta."),
    ("Sidang digelar 8 September 2019 di Jakarta.", "Sidang digelar 08/09/2019 di Jakarta."),
    ("The hearing was held on Sept. 8 in London.", "The hearing was held on September 8, 1987 in London."),
    ("The hearing was held on 8 September in London.", "The hearing was held on Sept 8 in London."),
    ("Payment is due 2019-09-08 at the latest.", "Payment is due 8/9/2019 at the latest."),
])
def test_dates_in_any_format(a, b):
    assert fact_changes(a, b) == []


@pytest.mark.parametrize("a, b", [
    ("Sidang digelar 8 September 2019 di Jakarta.", "Sidang digelar 9 September 2019 di Jakarta."),
    ("The hearing was held on Sept. 8 in London.", "The hearing was held on Oct. 8 in London."),
    ("Sidang digelar 8 September 2019.", "Sidang digelar 8 September 2018."),
])
def test_a_different_date_is_a_change(a, b):
    assert fact_changes(a, b), (a, b)


def test_fractions_are_numbers_not_dates():
    assert F.values("raised prime rate to 6-1/16 pct") == ["6.0625"]
    assert F.values("naik 6 1/2 persen") == ["6.5"]
    assert fact_changes("It rose to 7-3/4 pct.", "It rose to 7-1/2 pct.") == [("number", "7-3/4", "7-1/2")]
    assert fact_changes("It rose to 7-3/4 pct.", "It rose to 7-3/4 percent.") == []


def test_only_a_different_value_is_a_fact_change():
    # the same sentence: only the way of writing changes
    assert fact_changes("Korban 5 orang, kerugian Rp 9 juta, 08/09.",
                        "Korban lima orang, kerugian Rp9 juta, 8/9/2019.") == []
    # one value really changes among respelt ones
    assert fact_changes("Korban 5 orang, kerugian Rp 9 juta.", "Korban lima orang, kerugian Rp10 juta.") == [
        ("number", "9", "Rp10")]


def test_parse_number_and_words_directly():
    assert F.parse_number("3.500,25") == F.parse_number("3,500.25")
    assert F.parse_words("dua ratus lima puluh ribu") == 250_000
    assert F.parse_words("two hundred thousand") == 200_000
    assert F.parse_words("tiga jalan") is None
    assert F.same("d8.9", "d8.9.2019") and not F.same("d8.9.2019", "d8.9.2018") and F.same("n8.9", "d9.8")


def test_values_are_found_the_same_in_a_long_text():
    # canonical() and values() try the value pattern only where a value can begin (a digit, a
    # currency sign, a month, number or currency word): the same values in the same places as
    # trying it everywhere, in one pass over a long text.
    part = ("Harga naik 3,5 persen menjadi Rp 9 miliar pada 8 September 2019; dua puluh lima orang "
            "hadir. Shares rose 6-1/16 pct to 12.50 dlrs on Sept. 8, up from five dlrs. ")
    assert F.values(part) == ["3.5", "9000000000", "d8.9.2019", "25", "6.0625", "12.5", "d8.9", "5"]
    long = part * 3000
    assert F.values(long) == F.values(part) * 3000
    assert F.canonical(long) == " ".join([F.canonical(part)] * 3000)
    # a value inside a longer word is found where its digits begin, as before
    assert F.values("Model X5 dan B-52") == ["5", "52"]
