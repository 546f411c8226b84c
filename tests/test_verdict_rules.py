"""The verdict rules for scraper noise, new reporting and headline subjects (issue 12), each on
small texts written for the purpose, in Indonesian and English."""

import dedup
from dedup import verdict as V
from dedup.document import Document

STORY = [
    "Pemerintah kota meresmikan jembatan baru yang menghubungkan dua kecamatan di tepi sungai besar itu.",
    "Wali kota Budi Santoso mengatakan jembatan itu dibangun selama dua tahun dengan dana anggaran daerah.",
    "Warga menyambut peresmian itu dengan gembira karena perjalanan mereka kini jauh lebih singkat.",
    "Jembatan sepanjang tiga ratus meter itu dapat dilalui kendaraan roda empat dari kedua arah.",
    "Dinas pekerjaan umum akan memeriksa kondisi jembatan itu secara berkala setiap enam bulan sekali.",
    "Menurut Budi Santoso, perawatan jembatan menjadi tanggung jawab bersama dinas dan warga sekitar.",
    "Peresmian ditutup dengan doa bersama dan pemotongan pita oleh para tokoh masyarakat setempat.",
]
# A reaction and a development the earlier text never mentions: new reporting.
REPORTING = [
    "Sore harinya, gubernur Hendra Wijaya datang meninjau dan meminta pengelola memasang lampu penerangan.",
    "Ia menjanjikan bantuan provinsi untuk dermaga lama yang rusak akibat banjir tahun lalu.",
]
# A closing line that repeats what the story already says: no new reporting.
BACKGROUND = ["Jembatan itu menghubungkan dua kecamatan di tepi sungai."]


def _doc(sentences, head="Jembatan baru diresmikan", **kw) -> Document:
    return Document(head + "\n" + " ".join(sentences), **kw)


# --- scraper noise: dropped link words, spacing -------------------------------------------------

def test_a_dropped_link_name_is_scraper_noise_not_an_edit():
    # The scraper dropped the anchor text of an in-text link (a name) in one place.
    dropped = [s.replace("Wali kota Budi Santoso mengatakan", "Wali kota mengatakan") for s in STORY]
    w = V.word_diff(_doc(STORY), _doc(dropped))
    assert w.diff_words == 2 and w.noise_words == 2
    c = dedup.compare(_doc(STORY), _doc(dropped))
    assert c.verdict == "duplicate", c.reasons
    assert any("scraper noise" in r for r in c.reasons)


def test_dropped_words_that_are_not_a_link_are_an_edit():
    # Three lower-case words the other text never uses: an edit, not a link's anchor text.
    cut = [s.replace("jauh lebih singkat", "singkat").replace("roda empat", "besar sekali amat") for s in STORY]
    w = V.word_diff(_doc(STORY), _doc(cut))
    assert w.noise_words == 0
    assert dedup.compare(_doc(STORY), _doc(cut)).verdict == "republication"


def test_the_same_letters_spaced_otherwise_are_noise():
    a = _doc(STORY + ["Kerjasama dengan provinsi akan dilanjutkan tahun depan."])
    b = _doc(STORY + ["Kerja sama dengan provinsi akan dilanjutkan tahun depan."])
    w = V.word_diff(a, b)
    assert w.noise_words == w.diff_words == 2
    assert dedup.compare(a, b).verdict == "duplicate"


def test_link_rule_in_english():
    a = Document("Bridge opens\nThe city opened a new bridge on Monday, mayor John Carter said. "
                 "It took two years to build and cost the council four million pounds. "
                 "John Carter said the bridge would cut journeys across the river by half.")
    b = Document("Bridge opens\nThe city opened a new bridge on Monday, mayor said. "
                 "It took two years to build and cost the council four million pounds. "
                 "John Carter said the bridge would cut journeys across the river by half.")
    assert V.word_diff(a, b).noise_words == 2
    assert dedup.compare(a, b).verdict == "duplicate"


# --- the same outlet's later version with new reporting -----------------------------------------

def test_same_outlet_adding_new_reporting_is_an_update_though_most_is_shared():
    a = _doc(STORY, source="harian", published="2019-09-10T08:00")
    b = _doc(STORY + REPORTING, source="harian", published="2019-09-10T17:00")
    assert V.coverage(dedup.compare(a, b).ops).cover_b >= V.REPUBLICATION_MIN  # most of B is shared
    c = dedup.compare(a, b)
    assert c.verdict == "update", c.reasons
    assert any("new reporting" in r for r in c.reasons)


def test_same_outlet_adding_background_is_a_republication():
    a = _doc(STORY, source="harian", published="2019-09-10T08:00")
    b = _doc(STORY + BACKGROUND, source="harian", published="2019-09-10T17:00")
    assert dedup.compare(a, b).verdict == "republication"


def test_new_reporting_rule_needs_known_outlets():
    # Without sources the pair may be two outlets' copies of one text, which add freely.
    assert dedup.compare(_doc(STORY), _doc(STORY + REPORTING)).verdict == "republication"


def test_new_reporting_in_english():
    story = ["The council approved the budget for next year after a long debate on Tuesday evening.",
             "Spending on roads will rise by a tenth while library hours stay the same as this year.",
             "The leader of the council said the plan was fair to every part of the town and its people.",
             "Opposition members voted against it, saying the road money should go to schools instead.",
             "The budget now goes to the regional office, which must sign it off before the end of March."]
    new = ["Hours later, teachers announced a strike over classroom funding, starting next Wednesday.",
           "Their union warned parents that primary pupils would stay home unless ministers intervened quickly."]
    a = Document("Budget approved\n" + " ".join(story), source="gazette", published="2020-01-07T09:00")
    b = Document("Budget approved\n" + " ".join(story + new), source="gazette", published="2020-01-07T21:00")
    assert dedup.compare(a, b).verdict == "update"


# --- headlines naming different subjects --------------------------------------------------------

def test_the_same_notice_of_another_company_is_a_template():
    # One changed figure among reworded words would not be "mostly facts"; under headlines naming
    # different companies it is another company's notice.
    a = Document("NORTHERN GAS CORP SETS QUARTERLY DIVIDEND\n"
                 "Qtly div 12 cts vs 12 cts prior. Pay April one. Record March 15. "
                 "The board approved the payment on Tuesday. It was the same as last year.")
    b = Document("WESTERN TIMBER HOLDINGS DECLARES QTLY PAYOUT\n"
                 "Qtly div 18 cts vs 18 cts prior. Pay April one. Record March 15. "
                 "The directors voted for the payment on Tuesday. It was unchanged from last year.")
    w = V.word_diff(a, b)
    assert w.fact_blocks == 2 and w.fact_share < V.TEMPLATE_FACT_SHARE  # not "mostly facts" alone
    assert V._new_subject(a, b) >= V.HEADLINE_SUBJECT
    c = dedup.compare(a, b)
    assert c.verdict == "template", c.reasons
    assert any("different subjects" in r for r in c.reasons)


def test_the_same_text_under_a_new_headline_is_a_duplicate():
    # However new the headline, identical content is a duplicate (issue 12, item 4).
    body = "Qtly div 12 cts vs 12 cts prior. Pay April one. Record March 15."
    a = Document("NORTHERN GAS CORP SETS QUARTERLY DIVIDEND\n" + body)
    b = Document("WESTERN TIMBER HOLDINGS DECLARES QTLY PAYOUT\n" + body)
    assert V._new_subject(a, b) >= V.HEADLINE_SUBJECT
    assert dedup.compare(a, b).verdict == "duplicate"


def test_a_reworded_headline_keeping_the_names_stays_a_copy():
    a = _doc(STORY, head="Budi Santoso resmikan jembatan baru")
    b = _doc(STORY, head="Jembatan baru diresmikan wali kota Budi Santoso")
    assert V._new_subject(a, b) < V.HEADLINE_SUBJECT
    assert dedup.compare(a, b).verdict == "duplicate"


# --- one text reworded and reordered ------------------------------------------------------------

REWORDED = [
    "Dua kecamatan di tepi sungai besar itu kini dihubungkan jembatan baru yang diresmikan pemerintah kota.",
    "Dengan gembira warga menyambut peresmian itu, karena kini perjalanan mereka jauh lebih singkat.",
    "Dana anggaran daerah dipakai selama dua tahun untuk membangun jembatan itu, kata wali kota Budi Santoso.",
    "Setiap enam bulan sekali, kondisi jembatan itu akan diperiksa secara berkala oleh dinas pekerjaan umum.",
    "Dari kedua arah, kendaraan roda empat dapat melalui jembatan sepanjang tiga ratus meter itu.",
]


def test_one_text_reworded_and_reordered_is_a_republication_not_a_partial():
    a = _doc(STORY[:5], source="harian")
    b = _doc(REWORDED, head="Jembatan baru", source="harian")
    cv = V.coverage(dedup.compare(a, b).ops)
    assert max(cv.cover_a, cv.cover_b) < V.SHARED_MIN  # few sentences align: it would be "partial"
    assert V._novelty(a, b) < V.SAME_WORDS
    c = dedup.compare(a, b)
    assert c.verdict == "republication", c.reasons
    assert any("reworded and reordered" in r for r in c.reasons)


def test_two_stories_sharing_a_passage_stay_partial():
    other = ["Banjir merendam ratusan rumah warga di dua desa setelah hujan deras mengguyur sejak malam.",
             "Petugas pemadam kebakaran mengevakuasi lansia dan anak-anak ke balai desa dengan perahu karet.",
             "Kepala desa meminta bantuan makanan siap saji, selimut, dan obat-obatan kepada pemerintah kabupaten.",
             "Air mulai surut pada siang hari, tetapi warga masih khawatir hujan kembali turun nanti malam."]
    # Different leads, one background block (two sentences of the bridge story) in common.
    a = _doc(other + STORY[1:3], source="harian")
    b = _doc(REPORTING + ["Pengendara motor juga senang karena tidak perlu lagi memutar jauh."] + STORY[1:3],
             source="harian")
    assert V._novelty(a, b) >= V.SAME_WORDS
    assert dedup.compare(a, b).verdict == "partial"
