"""A seeded generator of labelled article pairs with known ground truth.

Give it any article text (Indonesian or English) and it makes a *variant* whose relation to the
source is known exactly: the verdict the pair should get, and the sentence-level ops (``equal``,
``modified``, ``added``, ``removed``, ``moved``, ``split``, ``merged``) an aligner should find.
Use it to measure a pipeline (``benchmarks/bench_quality.py`` does) or to plant near-duplicates
in a corpus. Everything is deterministic for a given seed.

Kinds of variant, and the label (verdict) each one defines:

=============== ============== ==================================================================
kind            label          what B is
=============== ============== ==================================================================
duplicate       duplicate      A's content unchanged; only byline and boilerplate lines differ
republication   republication  new headline, dateline/byline swap, "Baca juga:"/"Read also:" lines,
                               a few sentence edits (at most 3 added, 3 removed, rewordings,
                               splits, merges, one move) and sometimes truncation (B keeps >= 60%)
noise           republication  a republication seen through a bad scraper: linked words dropped
                               (leaving ", ," or a double space), paragraphs joined with commas
update          update         A kept, plus new paragraphs of reporting: 50-100% more sentences
partial         partial        another article with one passage of A inside it (2-4 sentences,
                               >= 20 words, < 35% of either side)
template        template       A's wording with numbers, dates and names changed throughout
                               (>= 60% of sentences), or two fills of one report template
                               (weather, stock market, football, earnings)
unrelated       unrelated      another article, no shared sentence
=============== ============== ==================================================================

The sentence-level edits (``EDIT_MIX``) are: ``add`` a new sentence, ``remove`` one, ``reword``
1-3 words (synonyms, filler adverbs; the sentence stays >= 75 fuzz.ratio to the original),
``number`` (change one number), ``split`` a sentence in two at a comma or conjunction, ``merge``
two adjacent sentences of a paragraph, ``move`` one sentence past at least three unchanged ones.
Each source sentence takes part in at most one edit, so the gold ops are unambiguous.

Everything inserted (new sentences, paragraphs, names, numbers, filler articles) comes from the
generator's own seeded vocabulary or from the other input articles, never from stored news text.
Every variant is parsed back with :class:`dedup.document.Document` and must split into exactly
the content sentences the gold ops name; a draw that does not is redrawn. So by default only
articles the sentence splitter already handles give pairs (on real scraped text many draws are
redrawn, and some articles never give one). With ``gold_ops=False`` (:func:`make_variant`,
:func:`make_pairs`) such a draw is kept as a *label-only* variant: its label is as good as any
(it does not depend on the parse), its ``ops`` are ``None`` (no sentence-level gold). Pass a
``stats`` dict to count the draws and why any were redrawn.

>>> v = make_variant(synthetic_article(random.Random(1), "en"), "republication", random.Random(2))
>>> v.label, {op.op for op in v.ops} <= set(OPS)
('republication', True)
>>> [s.text for s in Document(v.text).sentences] == list(v.sentences)
True
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, NamedTuple, Sequence

from . import text as T
from .align import ADDED, EQUAL, MERGED, MODIFIED, MOVED, OPS, REMOVED, SPLIT
from .compare import DUPLICATE, PARTIAL, REPUBLICATION, TEMPLATE, UNRELATED, UPDATE
from .document import Document
from .errors import InputError

__all__ = [
    "GoldOp", "Variant", "Pair", "KINDS", "LABELS", "DEFAULT_MIX", "EDIT_MIX",
    "make_variant", "make_pairs", "synthetic_article", "synthetic_articles", "template_pair",
    "language_of", "write_pairs", "read_pairs",
]

KINDS = ("duplicate", "republication", "noise", "update", "partial", "template", "unrelated")
#: The verdict each kind of variant should get.
LABELS = {
    "duplicate": DUPLICATE, "republication": REPUBLICATION, "noise": REPUBLICATION,
    "update": UPDATE, "partial": PARTIAL, "template": TEMPLATE, "unrelated": UNRELATED,
}
#: Share of each kind in :func:`make_pairs` by default.
DEFAULT_MIX = {
    "duplicate": 0.10, "republication": 0.30, "noise": 0.10, "update": 0.15,
    "partial": 0.10, "template": 0.15, "unrelated": 0.10,
}
#: Share of each sentence-level edit in republication and noise variants (the "default mix"
#: the alignment is scored on).
EDIT_MIX = {
    "reword": 0.28, "number": 0.08, "add": 0.17, "remove": 0.17,
    "split": 0.10, "merge": 0.10, "move": 0.10,
}
#: A reworded sentence keeps at least this fuzz.ratio (of sentence keys) to its original.
REWORD_MIN_RATIO = 75.0
#: A template variant of a text changes facts in at least this share of its sentences.
TEMPLATE_MIN_CHANGED = 0.6
#: The passage a partial pair shares has at least this many words (a paragraph, not a phrase).
PARTIAL_MIN_WORDS = 20
_ATTEMPTS = 12


class GoldOp(NamedTuple):
    """One true sentence-level op: ``a``/``b`` are the exact content sentences on each side."""

    op: str
    a: tuple[str, ...]
    b: tuple[str, ...]

    def to_list(self) -> list:
        return [self.op, list(self.a), list(self.b)]


@dataclass(slots=True)
class Variant:
    """A generated article B with its known relation to the source A.

    ``sentences`` are B's content sentences in reading order (what ``Document(text)`` finds),
    ``ops`` the gold content ops, ``edits`` a readable log of what was done. ``ops`` is ``None``
    for a label-only variant (``make_variant(..., gold_ops=False)``): ``Document(text)`` splits it
    differently from the sentences the edits produced, so there is no sentence-level gold.
    """

    text: str
    label: str
    kind: str
    ops: list[GoldOp] | None
    edits: list[str]
    sentences: tuple[str, ...]


@dataclass(slots=True)
class Pair:
    """A labelled pair: ``compare(a, b)`` should say ``label`` and find ``ops``.

    ``ops`` is ``None`` for a label-only pair (``make_pairs(..., gold_ops=False)``): score its
    verdict, not its alignment. JSONL writes it as ``"ops": null``.
    """

    a: str
    b: str
    label: str
    kind: str
    ops: list[GoldOp] | None
    edits: list[str] = field(default_factory=list)
    language: str = "id"

    def to_dict(self) -> dict:
        return {
            "a": self.a, "b": self.b, "label": self.label, "kind": self.kind,
            "language": self.language,
            "ops": None if self.ops is None else [op.to_list() for op in self.ops],
            "edits": list(self.edits),
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> "Pair":
        raw = d.get("ops", [])
        ops = None if raw is None else [GoldOp(o[0], tuple(o[1]), tuple(o[2])) for o in raw]
        return cls(d["a"], d["b"], d["label"], d.get("kind", d["label"]), ops,
                   list(d.get("edits", [])), d.get("language", "id"))


# --- vocabulary (written for this generator; no news text) -------------------------------------

def _w(s: str) -> tuple[str, ...]:
    return tuple(x.replace("_", " ") for x in s.split())


_V = {
    "id": {
        "first": _w("""Budi Siti Agus Dewi Rina Andi Yusuf Fitri Hendra Wahyu Eko Rudi Joko Indah
            Bambang Ratna Teguh Lestari Arif Yanti Dimas Ayu Fajar Putri Rizky Nanda Irfan Maya
            Gilang Sari Taufik Wulan Hasan Mega Yoga Citra Bayu Intan Reza Novi Galih Tika Imam
            Laras Dedi Rahmi Fauzan Anisa Bagas Dian Surya Melati Krisna Yuni Ilham Rosa"""),
        "last": _w("""Santoso Wijaya Saputra Hidayat Kusuma Pratama Nugroho Lubis Siregar Nasution
            Harahap Setiawan Gunawan Purnomo Wibowo Rahman Hakim Tanjung Panjaitan Sinaga Rahayu
            Susanti Halim Permana Maulana Ramadhan Kurniawan Firmansyah Utomo Hutagalung Sembiring
            Sitompul Daulay Pohan Batubara Situmorang Manalu Simatupang Ginting Tarigan Mahendra"""),
        "syl": _w("su har to wi ja ya ra di man sa pu tra ka ni ta lu gu na wan hen dri mu ri no ba"),
        "place": _w("""Bandung Surabaya Medan Semarang Makassar Palembang Denpasar Yogyakarta Malang
            Padang Pekanbaru Pontianak Banjarmasin Balikpapan Manado Kupang Mataram Jayapura Ambon
            Palu Kendari Bogor Bekasi Depok Tangerang Cirebon Solo Jambi Bengkulu Serang Sorong
            Ternate Gorontalo Samarinda Batam Tasikmalaya Garut Sukabumi Kediri Jember Banyuwangi
            Purwakarta Karawang Magelang Salatiga Pati Kudus Blitar Madiun Probolinggo Lumajang
            Sumedang Cianjur Subang Indramayu Tegal Brebes Pekalongan Klaten Wonogiri Sragen"""),
        "org": _w("""Dinas_Pendidikan Dinas_Kesehatan Dinas_Perhubungan Dinas_Pertanian Dinas_Sosial
            Dinas_Pekerjaan_Umum Badan_Penanggulangan_Bencana_Daerah Dinas_Perdagangan
            Dinas_Lingkungan_Hidup Dinas_Pariwisata Kantor_Pertanahan Kejaksaan_Negeri
            Pengadilan_Negeri Dinas_Koperasi Dinas_Perikanan Dinas_Perumahan Dinas_Kependudukan"""),
        "title": _w("Kepala Sekretaris Juru_bicara Direktur Kepala_Bidang Koordinator Wakil_Kepala"),
        "noun": _w("""jalan jembatan sekolah pasar puskesmas anggaran program bantuan harga beras
            cabai minyak_goreng listrik air_bersih banjir longsor kebakaran kecelakaan vaksinasi
            pelatihan beasiswa perizinan pajak retribusi sampah drainase irigasi bendungan terminal
            pelabuhan bandara stadion taman perumahan kendaraan truk bus gedung kantor laporan kasus
            perkara tersangka saksi korban pasien dokter guru siswa mahasiswa kampus desa kecamatan
            rapat kegiatan festival pameran lomba turnamen investasi ekspor produksi panen pupuk
            bibit ternak ikan hutan lahan sungai pantai hotel pedagang petani nelayan gudang
            posko armada logistik pompa genset sumur tanggul saluran trotoar halte pos_ronda"""),
        "people": _w("warga petani nelayan pedagang siswa guru pengemudi buruh relawan pengunjung"),
        "adj": _w("""baru besar kecil utama rusak lama mahal murah penting darurat rutin tambahan
            terpadu gratis khusus resmi sementara lanjutan terbuka terbatas"""),
        "verb": _w("""membangun memperbaiki meninjau meresmikan mengumumkan menyalurkan membagikan
            memeriksa menyelidiki mengevaluasi menambah mengurangi menyiapkan membahas menolak
            menyetujui mengusulkan mendata memantau menertibkan mengawasi menggelar membuka menutup
            melanjutkan menunda menargetkan mencatat menerima mengirim membeli menanam memanen
            merenovasi mengajukan menyerahkan membersihkan mengangkut"""),
        "pverb": _w("""dibangun diperbaiki ditinjau diresmikan diumumkan disalurkan dibagikan
            diperiksa diselidiki dievaluasi ditambah disiapkan dibahas ditolak disetujui diusulkan
            didata dipantau digelar dibuka ditutup dilanjutkan ditunda dicatat diterima dikirim"""),
        "hverb": _w("""Salurkan Bangun Perbaiki Tinjau Resmikan Umumkan Bagikan Periksa Selidiki
            Evaluasi Tambah Siapkan Bahas Tolak Setujui Usulkan Pantau Tertibkan Gelar Buka Tutup
            Lanjutkan Tunda Targetkan Kirim Tanam Renovasi Ajukan Serahkan Bersihkan Angkut"""),
        "say": _w("mengatakan menjelaskan menyebutkan mengungkapkan menegaskan menambahkan"),
        "intro": _w("""Sementara_itu, Selain_itu, Di_sisi_lain, Sebelumnya, Sebagai_informasi,
            Dalam_kesempatan_itu, Menurut_rencana, Hingga_kini, Pada_saat_yang_sama,"""),
        "day": _w("Senin Selasa Rabu Kamis Jumat Sabtu Minggu"),
        "month": _w("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"),
        "time": _w("""pekan_depan tahun_ini akhir_bulan_ini sejak_pagi hingga_sore bulan_depan
            dua_pekan_terakhir sepanjang_tahun_ini awal_tahun_depan dalam_waktu_dekat"""),
        "portal": _w("TRIBUNNEWS.COM KOMPAS.com DETIKNEWS.COM SUARA.COM LIPUTAN6.COM ANTARANEWS.COM TEMPO.CO"),
        "read_also": _w("Baca_juga: Simak_juga: Lihat_juga: Baca_juga:"),
        "byline": _w("Editor: Penulis: Reporter: Penyunting:"),
        "adverb": _w("juga masih sudah telah"),
        "conj": (", dan ", ", tetapi ", ", sehingga ", ", sementara "),
        "merge": (", dan ", ", sementara ", "; "),
        "unit": _w("unit orang paket ton titik keluarga hektare"),
        "big": _w("juta miliar"),
    },
    "en": {
        "first": _w("""James Mary John Patricia Robert Jennifer Michael Linda David Susan Sarah
            Daniel Laura Kevin Emma Thomas Anna Peter Rachel Mark Helen Paul Claire Simon Julia
            Oliver Grace Henry Lucy Adam Ruth Samuel Alice Martin Karen Neil Fiona Colin Megan
            Victor Irene Gavin Nora Felix Diane Owen Hazel Ian Tessa Luke Joan"""),
        "last": _w("""Carter Hughes Morgan Fletcher Dawson Palmer Reed Walsh Hart Barker Lawson
            Quinn Holt Marsh Foster Griffin Porter Shaw Ellis Doyle Burke Sutton Mercer Nolan
            Whitaker Ramsey Keller Bishop Harding Lowe Pryce Garner Tate Blake Osborne Fenwick
            Kirby Ashford Hale Crane Dunn Fraser Gibbs Hollis"""),
        "syl": _w("ar den ley ton wick ham ford bur ril mor ston hal ing by ver sel ter lan dor ca"),
        "place": _w("""Leeds Bristol Denver Ottawa Auckland Perth Dublin Boston Phoenix Glasgow
            Cardiff Toronto Adelaide Portland Austin Halifax Calgary Nashville Tucson Wellington
            Brisbane Sheffield Norwich Exeter Dundee Belfast Hobart Darwin Spokane Omaha Tulsa
            Albany Fresno Raleigh Madison Boise Reno Duluth Plymouth Swansea Derby Hamilton
            Regina Winnipeg Geelong Cairns Galway Cork Leicester"""),
        "org": _w("""city_council health_department transport_authority school_board water_utility
            police_department fire_service county_court housing_agency port_authority
            planning_committee parks_department energy_regulator farm_bureau tourism_board"""),
        "title": _w("director spokesperson chair chief manager coordinator deputy_director"),
        "noun": _w("""bridge road school market clinic budget program grant prices rice fuel
            electricity water_supply flood landslide fire crash vaccination training scholarship
            permit tax waste drainage irrigation dam terminal port airport stadium park housing
            vehicles trucks buses building office report case suspect witness victims patients
            doctors teachers students campus village district meeting festival exhibition contest
            tournament investment exports output harvest fertilizer seeds cattle fish forest land
            river beach hotel warehouse shelter fleet pumps generators wells levee canal sidewalk"""),
        "people": _w("residents farmers fishermen traders students teachers drivers workers volunteers visitors"),
        "adj": _w("""new large small main damaged old costly cheap important emergency routine extra
            joint free special official temporary second public limited"""),
        "verb": _w("""build:built repair:repaired inspect:inspected open:opened announce:announced
            distribute:distributed examine:examined investigate:investigated review:reviewed
            expand:expanded reduce:reduced prepare:prepared discuss:discussed reject:rejected
            approve:approved propose:proposed record:recorded monitor:monitored close:closed
            resume:resumed postpone:postponed receive:received ship:shipped buy:bought sell:sold
            plant:planted harvest:harvested renovate:renovated submit:submitted clean:cleaned
            deliver:delivered"""),
        "say": _w("said explained noted stressed added confirmed"),
        "intro": _w("""Meanwhile, In_addition, On_the_other_hand, Earlier, For_now, At_the_same_time,
            Under_the_plan, So_far, Separately,"""),
        "day": _w("Monday Tuesday Wednesday Thursday Friday Saturday Sunday"),
        "month": _w("January February March April May June July August September October November December"),
        "time": _w("""next_week this_year later_this_month since_the_morning until_the_evening
            next_month over_the_past_two_weeks so_far_this_year early_next_year in_the_coming_days"""),
        "agency": _w("Reuters AP AFP Bloomberg"),
        "read_also": _w("Read_also: Read_more: See_also: Related:"),
        "byline": _w("Reporting_by Editing_by Writing_by"),
        "adverb": _w("also recently reportedly already"),
        "conj": (", and ", ", but ", ", while ", ", so "),
        "merge": (", and ", ", while ", "; "),
        "unit": _w("units people packages tonnes sites families hectares"),
        "big": _w("million billion"),
    },
}
_V["en"]["verb"] = tuple(tuple(v.split(":")) for v in _V["en"]["verb"])

_SYNONYMS = {
    "id": dict(
        pair.split(":") for pair in """mengatakan:menyatakan menyatakan:mengatakan menjelaskan:memaparkan
        mengungkapkan:menyebutkan menyebutkan:mengungkapkan telah:sudah sudah:telah dapat:bisa bisa:dapat
        namun:tetapi tetapi:namun saat:ketika ketika:saat sangat:amat banyak:sejumlah sejumlah:beberapa
        beberapa:sejumlah warga:penduduk penduduk:warga kemudian:lalu lalu:kemudian hanya:cuma
        hampir:nyaris nyaris:hampir wilayah:kawasan kawasan:wilayah upaya:usaha usaha:upaya
        kondisi:keadaan keadaan:kondisi agar:supaya supaya:agar karena:sebab tersebut:itu hingga:sampai
        sampai:hingga dilaporkan:diberitakan diduga:disinyalir tentara:prajurit prajurit:tentara
        pasukan:tentara mendapatkan:memperoleh memperoleh:mendapatkan membantu:menolong meminta:memohon
        melihat:menyaksikan besar:luas segera:secepatnya serta:dan bagi:untuk rencana:program
        menolak:menampik mendukung:menyokong menuju:ke""".split()
    ),
    "en": dict(
        pair.split(":") for pair in """said:stated stated:said about:around around:about nearly:almost
        almost:nearly big:large large:big began:started started:began help:assist bought:purchased
        show:indicate showed:indicated many:numerous very:highly quickly:rapidly because:as
        residents:locals people:residents officials:authorities authorities:officials rose:climbed
        fell:dropped dropped:fell company:firm firm:company expected:anticipated announced:unveiled
        plan:proposal area:region region:area major:key main:chief soldiers:troops troops:soldiers
        latest:newest recent:latest total:overall need:require needed:required after:following
        following:after within:inside while:whereas however:but reported:disclosed
        support:backing country:nation nation:country city:town""".split()
    ),
}
_SYNONYMS = {lang: {k: v.replace("_", " ") for k, v in d.items()} for lang, d in _SYNONYMS.items()}

_STOP = {
    "id": frozenset("yang dan di ke dari itu ini dengan untuk pada tidak akan dalam juga oleh bahwa".split()),
    "en": frozenset("the and of to in that is was for on with as by at from it its be has have".split()),
}
# Capitalised words that are not names (kept when a template changes names).
_NOT_NAMES = frozenset(
    """Namun Tetapi Dalam Menurut Sementara Selain Saat Ketika Pada Di Ia Dia Mereka Kami Kita Hal
    Sebelumnya Kemudian Sedangkan Bahkan Selama Setelah Sejak Dengan Untuk Karena Jika Meski Meskipun
    Para Salah Hingga Rp The A An In On At It He She They We I This That These Those But And Or If
    When While After Before Since For With Under Over From By As Mr Mrs Ms Dr Prof Jl""".split()
)
_MONTH_DAY = {w for lang in _V.values() for w in lang["month"] + lang["day"]}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def _rng(rng: random.Random | int | str) -> random.Random:
    return rng if isinstance(rng, random.Random) else random.Random(rng)


def language_of(text: str) -> str:
    """``"id"`` or ``"en"``, by counting common function words.

    >>> language_of("Warga desa itu menolak rencana yang diajukan"), language_of("The plan was rejected")
    ('id', 'en')
    """
    toks = [w.lower() for w in T.words(text[:5000])]
    n_id = sum(t in _STOP["id"] for t in toks)
    n_en = sum(t in _STOP["en"] for t in toks)
    return "en" if n_en > n_id else "id"


# --- synthetic sentences and articles ----------------------------------------------------------

def _name(rng: random.Random, lang: str) -> str:
    v = _V[lang]
    if rng.random() < 0.5:
        last = rng.choice(v["last"])
    else:
        last = "".join(rng.choice(v["syl"]) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{rng.choice(v['first'])} {last}"


def _num(rng: random.Random, lang: str, lo: int = 2, hi: int = 9999) -> str:
    n = rng.randint(lo, hi)
    return f"{n:,}".replace(",", "." if lang == "id" else ",")


def _dec(x: float, digits: int, lang: str) -> str:
    s = f"{x:,.{digits}f}"
    if lang == "id":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _sentence(rng: random.Random, lang: str, names: Sequence[str] = ()) -> str:
    """One plausible news sentence from the seeded vocabulary (ends with a full stop).

    Built from interchangeable parts (subject, verb phrase, object, zero to two adjuncts, one of
    ten frames), so that two unrelated sentences are about as far apart, by ``fuzz.ratio``, as
    two unrelated sentences of real news.
    """
    return _cap(_SENTENCE[lang](rng, names))


def _person(rng: random.Random, lang: str, names: Sequence[str]) -> str:
    return rng.choice(names) if names and rng.random() < 0.3 else _name(rng, lang)


def _id_sentence(rng: random.Random, names: Sequence[str]) -> str:
    v = _V["id"]
    r, c = rng.random, rng.choice
    place, noun = c(v["place"]), c(v["noun"])
    person = _person(rng, "id", names)

    def org() -> str:
        k = r()
        if k < 0.45:
            return f"{c(v['org'])} {c(v['place'])}"
        if k < 0.7:
            return f"{c(('Pemkot', 'Pemkab', 'Polres', 'DPRD', 'Kejari', 'BPBD', 'Dinkes', 'Disdik'))} {c(v['place'])}"
        return f"{c(('Kecamatan', 'Kelurahan', 'Desa', 'Kabupaten', 'Kota'))} {c(v['place'])}"

    def subject() -> str:
        k = r()
        if k < 0.25:
            return f"{c(v['title'])} {org()} {person}" if r() < 0.5 else f"{person}, {c(v['title']).lower()} {org()},"
        if k < 0.5:
            return org()
        if k < 0.7:
            return f"{c(('sejumlah', 'ratusan', 'puluhan', 'para'))} {c(v['people'])} {c(('di', 'asal', 'dari'))} {c(v['place'])}"
        if k < 0.85:
            return person
        return f"{c(('pihak', 'tim gabungan', 'petugas'))} {org()}"

    def obj() -> str:
        k = r()
        n2 = c(v["noun"])
        if k < 0.35:
            return f"{c(v['noun'])} {c(v['adj'])}"
        if k < 0.55:
            return f"{_num(rng, 'id', 2, 900)} {c(v['unit'])} {c(v['noun'])}"
        if k < 0.7:
            return f"{c(v['noun'])} milik {c(v['people'])}"
        if k < 0.85:
            return f"{c(v['noun'])} dan {n2}"
        return f"{c(('sejumlah', 'beberapa', 'seluruh'))} {c(v['noun'])} di {c(v['place'])}"

    def adjunct() -> str:
        k = r()
        if k < 0.15:
            return f"di {c(v['place'])}"
        if k < 0.3:
            return f"pada {c(v['day'])} ({rng.randint(1, 28)}/{rng.randint(1, 12)})"
        if k < 0.42:
            return f"senilai Rp {_dec(rng.uniform(1, 99), 1, 'id')} {c(v['big'])}"
        if k < 0.52:
            return f"bersama {_name(rng, 'id')}"
        if k < 0.64:
            return f"{c(('untuk', 'demi', 'guna'))} {c(v['noun'])} {c(v['adj'])}"
        if k < 0.76:
            return c(v["time"])
        if k < 0.88:
            return f"{c(('karena', 'setelah', 'menyusul'))} {c(v['noun'])} {c(v['adj'])} di {c(v['place'])}"
        return f"di tengah {c(v['noun'])} yang {c(v['adj'])}"

    def vp() -> str:
        aux = c(("", "", "akan ", "telah ", "mulai ", "masih ", "berencana ", "belum ", "segera "))
        tail = " ".join(adjunct() for _ in range(rng.choice((0, 1, 1, 2))))
        return f"{aux}{c(v['verb'])} {obj()}" + (f" {tail}" if tail else "")

    k = r()
    if k < 0.2:
        s = f"{subject()} {vp()}."
    elif k < 0.32:
        s = f"{c(v['intro'])} {subject()} {vp()}."
    elif k < 0.42:
        s = f"Menurut {person}, {subject()} {vp()}."
    elif k < 0.52:
        s = f"{person} {c(v['say'])} {c(('bahwa ', ''))}{subject()} {vp()}."
    elif k < 0.6:
        s = f'"{c(("Kami", "Kita", "Pemerintah", "Warga"))} {vp()}," {c(("kata", "ujar", "ucap", "tutur"))} {person}.'
    elif k < 0.7:
        num, pct = _num(rng, "id", 3, 5000), _dec(rng.uniform(1, 60), 1, "id")
        s = c((
            f"{c(('Sebanyak', 'Sekitar', 'Hampir', 'Lebih dari'))} {num} {c(v['unit'])} {c(v['noun'])} "
            f"{c(v['pverb'])} {adjunct()}, {c(('naik', 'turun'))} {pct} persen {c(('dari', 'dibandingkan'))} {c(v['time'])}.",
            f"Jumlah {noun} {c(v['adj'])} di {place} {c(('naik', 'turun', 'bertambah'))} menjadi {num} {c(v['unit'])} {c(v['time'])}.",
            f"{org()} mencatat {num} {c(v['unit'])} {noun} {c(v['adj'])} {adjunct()}.",
            f"Sekitar {pct} persen {c(v['people'])} di {place} {c(v['verb'])} {obj()}.",
        ))
    elif k < 0.78:
        money = f"Rp {_dec(rng.uniform(1, 900), 1, 'id')} {c(v['big'])}"
        s = c((
            f"{c(('Anggaran', 'Dana', 'Biaya'))} {c(('untuk', 'bagi', 'proyek'))} {noun} {c(v['adj'])} "
            f"{c(('mencapai', 'sebesar', 'sekitar'))} {money}.",
            f"{org()} menyiapkan {money} untuk {noun} {c(v['adj'])} {adjunct()}.",
            f"Nilai {noun} yang {c(v['pverb'])} {adjunct()} ditaksir {money}.",
            f"Proyek {noun} di {place} menelan biaya {money} dan {c(v['pverb'])} {c(v['time'])}.",
        ))
    elif k < 0.86:
        s = f"{noun} {c(v['adj'])} di {place} {c(v['pverb'])} {adjunct()}."
    elif k < 0.93:
        s = f"{c(('Jika', 'Bila', 'Apabila'))} {noun} {c(v['adj'])}, {subject()} {vp()}."
    else:
        s = f"{subject()} {vp()}, {c(('sementara', 'sedangkan', 'namun'))} {subject()} {vp()}."
    return s


def _en_sentence(rng: random.Random, names: Sequence[str]) -> str:
    v = _V["en"]
    r, c = rng.random, rng.choice
    place, noun = c(v["place"]), c(v["noun"])
    person = _person(rng, "en", names)

    def org() -> str:
        k = r()
        if k < 0.5:
            return f"the {c(v['place'])} {c(v['org'])}"
        if k < 0.75:
            return f"{c(v['place'])} {c(('police', 'council', 'prosecutors', 'officials', 'health officials', 'planners'))}"
        return f"the {c(('county', 'city', 'regional', 'state'))} {c(v['org'])}"

    def subject() -> str:
        k = r()
        if k < 0.25:
            return f"{org()} {c(v['title'])} {person}" if r() < 0.5 else f"{person}, a {c(v['title'])} at {org()},"
        if k < 0.5:
            return org()
        if k < 0.7:
            return f"{c(('some', 'hundreds of', 'dozens of', 'many'))} {c(v['people'])} {c(('in', 'from', 'near'))} {c(v['place'])}"
        if k < 0.85:
            return person
        return f"{c(('a team from', 'inspectors from', 'staff at'))} {org()}"

    def obj() -> str:
        k = r()
        if k < 0.35:
            return f"the {c(v['adj'])} {c(v['noun'])}"
        if k < 0.55:
            return f"{_num(rng, 'en', 2, 900)} {c(v['unit'])} of {c(v['noun'])}"
        if k < 0.7:
            return f"the {c(v['noun'])} used by {c(v['people'])}"
        if k < 0.85:
            return f"the {c(v['noun'])} and {c(v['noun'])}"
        return f"{c(('several', 'all the', 'some of the'))} {c(v['noun'])} in {c(v['place'])}"

    def adjunct() -> str:
        k = r()
        if k < 0.15:
            return f"in {c(v['place'])}"
        if k < 0.3:
            return f"on {c(v['day'])}"
        if k < 0.42:
            return f"worth ${_dec(rng.uniform(1, 99), 1, 'en')} {c(v['big'])}"
        if k < 0.52:
            return f"with {_name(rng, 'en')}"
        if k < 0.64:
            return f"{c(('for', 'to support', 'ahead of'))} the {c(v['adj'])} {c(v['noun'])}"
        if k < 0.76:
            return c(v["time"])
        if k < 0.88:
            return f"{c(('after', 'because of', 'following'))} the {c(v['adj'])} {c(v['noun'])} in {c(v['place'])}"
        return f"amid {c(v['adj'])} {c(v['noun'])}"

    def vp(tense: str = "past") -> str:
        base, past = c(v["verb"])
        tail = " ".join(adjunct() for _ in range(rng.choice((0, 1, 1, 2))))
        if tense == "past":
            head = c((past, past, f"has {past}", f"plans to {base}", f"will {base}", f"began to {base}", f"has yet to {base}"))
        elif tense == "quote":  # after "We" or "Residents" as well as "The city"
            head = c((f"will {base}", f"will not {base}", f"must {base}", f"can {base}"))
        else:
            head = c((f"will {base}", f"would {base}", f"plans to {base}", f"hopes to {base}"))
        return f"{head} {obj()}" + (f" {tail}" if tail else "")

    k = r()
    if k < 0.2:
        s = f"{subject()} {vp()}."
    elif k < 0.32:
        s = f"{c(v['intro'])} {subject()} {vp()}."
    elif k < 0.42:
        s = f"According to {person}, {subject()} {vp()}."
    elif k < 0.52:
        s = f"{person} {c(v['say'])} {c(('that ', ''))}{subject()} {vp('future')}."
    elif k < 0.6:
        s = f'"{c(("We", "The city", "Residents", "The agency"))} {vp("quote")}," {c(("said", "added", "explained"))} {person}.'
    elif k < 0.7:
        num, pct = _num(rng, "en", 3, 5000), _dec(rng.uniform(1, 60), 1, "en")
        s = c((
            f"{c(('Some', 'About', 'Nearly', 'More than'))} {num} {c(v['unit'])} of {c(v['noun'])} were "
            f"{c(v['verb'])[1]} {adjunct()}, {c(('up', 'down'))} {pct} percent from {c(v['time'])}.",
            f"The number of {c(v['adj'])} {noun} in {place} {c(('rose', 'fell', 'climbed'))} to {num} {c(v['time'])}.",
            f"{org()} recorded {num} {c(v['unit'])} of {noun} {adjunct()}.",
            f"About {pct} percent of {c(v['people'])} in {place} {c(v['verb'])[1]} {obj()}.",
        ))
    elif k < 0.78:
        money = f"${_dec(rng.uniform(1, 900), 1, 'en')} {c(v['big'])}"
        s = c((
            f"The {c(('budget', 'funding', 'cost'))} for the {c(v['adj'])} {noun} {c(('reached', 'stands at', 'is about'))} {money}.",
            f"{org()} set aside {money} for the {c(v['adj'])} {noun} {adjunct()}.",
            f"The {noun} {c(v['verb'])[1]} {adjunct()} is valued at {money}.",
            f"Work on the {noun} in {place} will cost {money} and is due to finish {c(v['time'])}.",
        ))
    elif k < 0.86:
        s = f"The {c(v['adj'])} {noun} in {place} was {c(v['verb'])[1]} {adjunct()}."
    elif k < 0.93:
        s = f"{c(('If', 'Unless', 'Once'))} the {noun} is {c(v['adj'])}, {subject()} {vp('future')}."
    else:
        s = f"{subject()} {vp()}, {c(('while', 'but', 'and'))} {subject()} {vp()}."
    return s


_SENTENCE = {"id": _id_sentence, "en": _en_sentence}


def _headline(rng: random.Random, lang: str, names: Sequence[str] = ()) -> str:
    v = _V[lang]
    who = rng.choice(names) if names and rng.random() < 0.5 else rng.choice(v["place"])
    noun = rng.choice(v["noun"]).title()
    if lang == "id":
        verb = rng.choice(v["hverb"])
        return f"{who} {verb} {noun} {rng.choice(v['adj']).title()}, {rng.choice(v['people']).title()} {rng.choice(v['place'])} Menunggu"
    base, _ = rng.choice(v["verb"])
    return f"{who} to {base.title()} {rng.choice(v['adj']).title()} {noun} as {rng.choice(v['people']).title()} Wait"


def _dateline(rng: random.Random, lang: str) -> str:
    v = _V[lang]
    place = rng.choice(v["place"]).upper()
    if lang == "id":
        portal = rng.choice(v["portal"])
        return f"{portal}, {place} -" if rng.random() < 0.6 else f"{place}, {portal.title().replace('.Com', '.com')} -"
    return f"{place} ({rng.choice(v['agency'])}) -"


def _byline(rng: random.Random, lang: str) -> str:
    v = _V[lang]
    if lang == "id":
        return f"{rng.choice(v['byline'])} {_name(rng, lang)}"
    if rng.random() < 0.5:
        return f"By {_name(rng, lang)}"
    return f"Reporting by {_name(rng, lang)}; Editing by {_name(rng, lang)}"


def _read_also(rng: random.Random, lang: str) -> str:
    return f"{rng.choice(_V[lang]['read_also'])} {_headline(rng, lang)}"


def _paragraphs(sentences: list[str], rng: random.Random) -> list[list[str]]:
    out, i = [], 0
    while i < len(sentences):
        k = rng.randint(1, 3)
        out.append(sentences[i:i + k])
        i += k
    return out


def synthetic_article(rng: random.Random | int, language: str = "id", n_sentences: int | None = None) -> str:
    """A plausible fake news article from the seeded vocabulary: headline, dateline, paragraphs
    of 1-3 sentences, sometimes a byline and a "Baca juga:"/"Read also:" line.

    Unrelated synthetic articles share almost no word 5-grams, so they can stand in for a real
    corpus in benchmarks (about 10,000 articles a second on one core).

    >>> text = synthetic_article(7, "id", n_sentences=4)
    >>> len(Document(text).sentences)
    4
    """
    rng = _rng(rng)
    if language not in _V:
        raise InputError(f"synthetic_article: language must be 'id' or 'en', got {language!r}")
    n = n_sentences if n_sentences is not None else rng.randint(6, 20)
    sents = [_sentence(rng, language) for _ in range(n)]
    paras = _paragraphs(sents, rng)
    lines = [_headline(rng, language)]
    if rng.random() < 0.3:
        lines.append(_byline(rng, language))
    for k, p in enumerate(paras):
        line = " ".join(p)
        lines.append(f"{_dateline(rng, language)} {line}" if k == 0 else line)
        if k == 1 and rng.random() < 0.4:
            lines.append(_read_also(rng, language))
    if rng.random() < 0.2:
        lines.append(_byline(rng, language))
    return "\n".join(lines)


def synthetic_articles(n: int, seed: int = 0, language: str = "id") -> Iterator[str]:
    """``n`` synthetic articles, deterministic for ``seed`` (``language="mixed"`` alternates).

    >>> len(list(synthetic_articles(3, seed=1, language="mixed")))
    3
    """
    rng = random.Random(f"dedup.synth.articles:{seed}")
    for i in range(n):
        lang = ("id", "en")[i % 2] if language == "mixed" else language
        yield synthetic_article(rng, lang)


# --- report templates (same wording, different facts) -------------------------------------------

_TEMPLATES = {
    "id": {
        "cuaca": (
            "Prakiraan Cuaca {place} Hari Ini, {day} {d} {month}",
            "BMKG memperkirakan cuaca di {place} pada {day} ({d}/{m}) {pick:cerah berawan|hujan ringan|berawan tebal|hujan sedang} sejak pagi hari.",
            "Suhu udara diperkirakan berkisar antara {n:21:25} hingga {n:29:35} derajat Celsius.",
            "Kelembapan udara berada di kisaran {n:55:70} sampai {n:75:98} persen.",
            "Angin bertiup dari arah {pick:utara|timur|selatan|barat|barat laut|tenggara} dengan kecepatan {n:5:40} kilometer per jam.",
            "Pada siang hari, wilayah {place2} dan {place3} berpotensi {pick:hujan petir|hujan lebat|berawan|cerah}.",
            "Prakirawan BMKG {name} mengimbau warga {place} mewaspadai genangan pada sore hingga malam hari.",
            "Tinggi gelombang di perairan {place4} diperkirakan mencapai {dec:0.5:4:1} meter.",
        ),
        "saham": (
            "IHSG Ditutup {pick:Menguat|Melemah} {dec:0.1:2.5:2} Persen pada {day} {d} {month}",
            "Indeks Harga Saham Gabungan ditutup {pick:menguat|melemah} {n:5:120} poin atau {dec:0.1:2.5:2} persen ke level {dec:5800:7400:2} pada {day} ({d}/{m}).",
            "Sebanyak {n:150:320} saham menguat, {n:150:320} saham melemah, dan {n:100:200} saham stagnan.",
            "Nilai transaksi harian mencapai Rp {dec:5:15:2} triliun dengan volume {dec:10:30:1} miliar saham.",
            "Investor asing mencatatkan {pick:beli|jual} bersih sebesar Rp {dec:50:900:1} miliar di seluruh pasar.",
            "Saham {ticker} memimpin penguatan dengan kenaikan {dec:3:25:2} persen ke Rp {n:150:9000} per saham.",
            "Analis {firm} Sekuritas {name} memperkirakan indeks bergerak di rentang {n:5800:6600} hingga {n:6700:7400} pada perdagangan berikutnya.",
        ),
        "bola": (
            "{club1} Tekuk {club2} {n:1:5}-{n:0:1} di Stadion {last}",
            "{club1} menang {n:1:5}-{n:0:1} atas {club2} dalam lanjutan Liga {place} di Stadion {last} pada {day} malam.",
            "Gol pembuka dicetak {name} pada menit ke-{n:3:40} setelah memanfaatkan umpan {name2}.",
            "{club2} sempat menyamakan kedudukan lewat sundulan {name3} pada menit ke-{n:41:70}.",
            "Pelatih {club1} {name4} mengatakan timnya bermain disiplin sepanjang laga.",
            "Dengan hasil ini, {club1} naik ke peringkat {n:1:9} klasemen sementara dengan {n:10:40} poin.",
            "Pertandingan tersebut disaksikan sekitar {n:3000:25000} penonton.",
        ),
        "emas": (
            "Harga Emas di {place} Hari Ini, {day} {d} {month}: Rp {n:900:1100} Ribu per Gram",
            "Harga emas batangan di {place} pada {day} ({d}/{m}) tercatat Rp {n:900000:1100000} per gram.",
            "Harga itu {pick:naik|turun} Rp {n:1000:15000} dibandingkan harga pada perdagangan sebelumnya.",
            "Harga pembelian kembali ditetapkan Rp {n:800000:990000} per gram.",
            "Untuk ukuran {n:5:100} gram, harga emas dipatok Rp {n:5:99} juta.",
            "Pedagang emas di Pasar {last} {place}, {name}, mengatakan pembeli mulai ramai sejak {day} pagi.",
        ),
    },
    "en": {
        "weather": (
            "{place} Weather: {pick:Sunny|Showers|Cloudy|Storms} Expected on {day}, {month} {d}",
            "Forecasters expect {pick:sunny spells|light showers|thick cloud|heavy rain} across {place} on {day}, {month} {d}.",
            "Temperatures are forecast to range from {n:2:12} to {n:14:30} degrees Celsius.",
            "Humidity will stay between {n:40:60} and {n:65:95} percent through the afternoon.",
            "Winds will blow from the {pick:north|east|south|west|northwest|southeast} at {n:5:40} kilometres per hour.",
            "In the afternoon, {place2} and {place3} could see {pick:thunderstorms|heavy rain|fog|clear skies}.",
            "Forecaster {name} urged residents of {place} to watch for surface flooding in the evening.",
            "Waves off {place4} are expected to reach {dec:0.5:4:1} metres.",
        ),
        "stocks": (
            "Stocks {pick:Rise|Fall} {dec:0.1:2.5:2} Percent as {ticker} Leads Trading on {day}",
            "The benchmark index {pick:rose|fell} {n:5:120} points, or {dec:0.1:2.5:2} percent, to close at {dec:5800:7400:2} on {day}, {month} {d}.",
            "Some {n:150:320} stocks advanced, {n:150:320} declined and {n:100:200} were unchanged.",
            "Turnover reached ${dec:5:15:2} billion on volume of {dec:1:3:1} billion shares.",
            "Foreign investors were net {pick:buyers|sellers} of ${dec:50:900:1} million worth of shares.",
            "Shares of {ticker} led the gains, rising {dec:3:25:2} percent to ${dec:5:90:2}.",
            "{firm} Securities analyst {name} expects the index to trade between {n:5800:6600} and {n:6700:7400} in the next session.",
        ),
        "football": (
            "{club1} Beat {club2} {n:1:5}-{n:0:1} at {last} Park",
            "{club1} beat {club2} {n:1:5}-{n:0:1} in the {place} league at {last} Park on {day} night.",
            "{name} opened the scoring in the {n:3:40}th minute after a cross from {name2}.",
            "{club2} drew level through a header by {name3} in the {n:41:70}th minute.",
            "{club1} manager {name4} said his team had played with discipline throughout the match.",
            "The result lifts {club1} to number {n:1:9} in the table with {n:10:40} points.",
            "The match was watched by about {n:3000:25000} spectators.",
        ),
        "earnings": (
            "{firm} Quarterly Profit {pick:Rises|Falls} to ${dec:10:900:1} Million",
            "{firm} Holdings reported net profit of ${dec:10:900:1} million, or {n:5:95} cents a share, for the quarter ended {month} {d}.",
            "That compared with ${dec:10:900:1} million, or {n:5:95} cents a share, a year earlier.",
            "Revenue {pick:rose|fell} {dec:1:30:1} percent to ${dec:100:5000:1} million.",
            "Chief executive {name} said demand in {place} had been {pick:strong|weak|steady} during the period.",
            "The company expects full-year sales of between ${dec:1:9:2} billion and ${dec:9:15:2} billion.",
        ),
    },
}
_SLOT = re.compile(r"\{([a-z]+\d?)(?::([^{}]*))?\}")


def _fill(template: str, rng: random.Random, lang: str, memo: dict) -> str:
    v = _V[lang]

    def one(m: re.Match) -> str:
        kind, arg = m.group(1), m.group(2)
        if kind == "n":
            lo, hi = map(int, arg.split(":"))
            return _num(rng, lang, lo, hi)
        if kind == "dec":
            lo, hi, digits = arg.split(":")
            return _dec(rng.uniform(float(lo), float(hi)), int(digits), lang)
        if kind == "pick":
            return rng.choice(arg.split("|"))
        if kind not in memo:
            if kind.startswith("place"):
                memo[kind] = rng.choice(v["place"])
            elif kind.startswith("name"):
                memo[kind] = _name(rng, lang)
            elif kind == "last":
                memo[kind] = rng.choice(v["last"])
            elif kind == "day":
                memo[kind] = rng.choice(v["day"])
            elif kind == "month":
                memo[kind] = rng.choice(v["month"])
            elif kind == "d":
                memo[kind] = str(rng.randint(1, 28))
            elif kind == "m":
                memo[kind] = str(rng.randint(1, 12))
            elif kind == "ticker":
                memo[kind] = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUW") for _ in range(4))
            elif kind == "firm":
                memo[kind] = rng.choice(v["last"]) + rng.choice((" Capital", " Mandiri", " Group", " Prima"))
            elif kind.startswith("club"):
                place = rng.choice(v["place"])
                memo[kind] = (f"Persatuan {place}" if rng.random() < 0.5 else f"PS {place}") if lang == "id" \
                    else (f"{place} United" if rng.random() < 0.5 else f"{place} City")
            else:
                raise KeyError(kind)
        return memo[kind]

    return _cap(_SLOT.sub(one, template))


def _template_article(rng: random.Random, lang: str, family: str) -> tuple[str, list[str]]:
    memo: dict = {}
    headline, *body = _TEMPLATES[lang][family]
    sents = [_fill(t, rng, lang, memo) for t in body]
    return _fill(headline, rng, lang, memo), sents


def template_pair(rng: random.Random | int, language: str = "id", family: str | None = None) -> Pair:
    """Two fills of one report template (weather, stock market, football, gold price/earnings):
    the same wording with different numbers, dates and names, labelled ``template``.

    >>> p = template_pair(3, "en", "weather")
    >>> p.label, sum(op.op == "modified" for op in p.ops) >= len(p.ops) / 2
    ('template', True)
    """
    rng = _rng(rng)
    family = family or rng.choice(sorted(_TEMPLATES[language]))
    head_a, sa = _template_article(rng, language, family)
    for _ in range(_ATTEMPTS):
        head_b, sb = _template_article(rng, language, family)
        if sum(x != y for x, y in zip(sa, sb)) * 2 >= len(sa):
            break
    text_a = _render(head_a, _dateline(rng, language), _paragraphs(sa, rng))
    text_b = _render(head_b, _dateline(rng, language), _paragraphs(sb, rng))
    ops = [GoldOp(EQUAL if x == y else MODIFIED, (x,), (y,)) for x, y in zip(sa, sb)]
    return Pair(text_a, text_b, TEMPLATE, "template", ops, [f"template family {family}"], language)


def _render(headline: str | None, dateline: str | None, paras: list[list[str]]) -> str:
    lines = [headline] if headline else []
    for k, p in enumerate(paras):
        line = " ".join(p)
        lines.append(f"{dateline} {line}" if k == 0 and dateline else line)
    return "\n".join(lines)


# --- the source article as an editable structure ---------------------------------------------

@dataclass(slots=True)
class _Item:
    text: str
    kind: str
    prov: tuple = ()  # content provenance: ("eq", i) ("mod", i) ("mv", i) ("split", i) ("merge", i, j) ("new",)


@dataclass(slots=True)
class _Article:
    headline: str | None
    lines: list[list[_Item]]
    sentences: list[str]  # the source's content sentences, as Document found them
    language: str

    @classmethod
    def parse(cls, text: str) -> "_Article":
        doc = Document(text)
        lines: dict[int, list[_Item]] = {}
        headline = None
        sentences = []
        for u in doc.units:
            if u.kind == T.HEADLINE:
                headline = u.text
                continue
            if u.kind == T.CONTENT:
                lines.setdefault(u.line, []).append(_Item(u.text, u.kind, ("eq", len(sentences))))
                sentences.append(u.text)
            else:
                lines.setdefault(u.line, []).append(_Item(u.text, u.kind))
        return cls(headline, [lines[k] for k in sorted(lines)], sentences, language_of(text))

    def content(self) -> list[tuple[int, int]]:
        """Positions ``(line, item)`` of the content items, in reading order."""
        return [(li, ii) for li, line in enumerate(self.lines) for ii, it in enumerate(line) if it.kind == T.CONTENT]

    def content_items(self) -> list[_Item]:
        return [it for line in self.lines for it in line if it.kind == T.CONTENT]

    def entities(self) -> list[str]:
        found = []
        for s in self.sentences[:20]:
            for m in re.finditer(r"(?<=\s)[A-Z][a-z]+(?:\s[A-Z][a-z]+)+", s):
                found.append(m.group())
        return found[:10]

    def render(self, *, join: str = "\n") -> str:
        kept = [line for line in self.lines if line]
        lines = [" ".join(it.text for it in line) for line in kept]
        if join == "\n" or not lines:
            body = "\n".join(lines)
        else:
            # Scraper-style joins, except after a sentence the parser could not end there
            # ("Co.", "U.S.", a closing quote): that boundary keeps its line break.
            parts = [lines[0]]
            for prev, line in zip(kept, kept[1:]):
                left, right = prev[-1].text, line[0].text
                ok = prev[-1].kind == line[0].kind == T.CONTENT and [
                    x for x, _, _ in T.split_sentences(left + join + right)] == [left, right]
                parts += [join if ok else "\n", " ".join(it.text for it in line)]
            body = "".join(parts)
        return f"{self.headline}\n{body}" if self.headline else body

    def gold(self) -> tuple[list[GoldOp], tuple[str, ...]]:
        """The gold content ops (in B's reading order, removed ones where they stood) and B's
        expected content sentences."""
        items = self.content_items()
        # Source sentences still present in B (a moved one may come after later sentences):
        # never report those as removed.
        used: set[int] = {i for it in items if it.prov[0] != "new" for i in it.prov[1:]}
        out: list[GoldOp] = []
        k = 0
        n = len(self.sentences)

        def flush(upto: int) -> None:
            for i in range(upto):
                if i not in used:
                    used.add(i)
                    out.append(GoldOp(REMOVED, (self.sentences[i],), ()))

        while k < len(items):
            it = items[k]
            tag = it.prov[0]
            if tag == "new":
                out.append(GoldOp(ADDED, (), (it.text,)))
            elif tag == "split":
                i = it.prov[1]
                flush(i)
                nxt = items[k + 1] if k + 1 < len(items) else None
                if nxt is None or nxt.prov != it.prov:
                    raise _Unusable("the two halves of a split are not adjacent")
                out.append(GoldOp(SPLIT, (self.sentences[i],), (it.text, nxt.text)))
                used.add(i)
                k += 1
            elif tag == "merge":
                i, j = it.prov[1], it.prov[2]
                flush(i)
                out.append(GoldOp(MERGED, (self.sentences[i], self.sentences[j]), (it.text,)))
                used.update((i, j))
            else:
                i = it.prov[1]
                if tag != "mv":
                    flush(i)
                op = {"eq": EQUAL, "mod": MODIFIED, "mv": MOVED}[tag]
                out.append(GoldOp(op, (self.sentences[i],), (it.text,)))
                used.add(i)
            k += 1
        flush(n)
        return out, tuple(it.text for it in items)


# --- sentence-level edits ----------------------------------------------------------------------

def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(T.sentence_key(a), T.sentence_key(b))


# Where a filler adverb can go: before a verb-looking word ("juga menolak", "also rejected").
_VERB_LIKE = {
    "id": re.compile(r"^(?:me|di|ber|ter)[a-z]{4,}$"),
    "en": re.compile(r"^[a-z]{3,}ed$"),
}


def _reword(s: str, rng: random.Random, lang: str) -> tuple[str, str] | None:
    """Replace 1-3 words by synonyms, or add/drop a filler adverb; None when nothing fits."""
    syn = _SYNONYMS[lang]
    matches = [m for m in _WORD.finditer(s) if m.start() > 0 and m.group().lower() in syn]
    rng.shuffle(matches)
    n_words = len(T.words(s))
    k = min(len(matches), rng.randint(1, 3), max(1, n_words // 8))
    chosen = sorted(matches[:k], key=lambda m: m.start())
    out, pos, log = [], 0, []
    for m in chosen:
        w = m.group()
        new = syn[w.lower()]
        out += [s[pos:m.start()], new]
        log.append(f"{w}->{new}")
        pos = m.end()
    out.append(s[pos:])
    t = "".join(out)
    if not chosen:
        words = list(_WORD.finditer(s))
        adverbs = _V[lang]["adverb"]
        present = [m for m in words if m.group().lower() in adverbs and m.start() > 0]
        if present:
            m = rng.choice(present)
            t = (s[:m.start()].rstrip() + " " + s[m.end():].lstrip()).replace(" ,", ",")
            log.append(f"-{m.group()}")
        else:
            verbs = [m for m in words[1:] if _VERB_LIKE[lang].match(m.group())]
            if not verbs:
                return None
            m = rng.choice(verbs)
            adv = rng.choice(adverbs)
            t = s[:m.start()] + adv + " " + s[m.start():]
            log.append(f"+{adv}")
    if t == s or T.sentence_key(t) == T.sentence_key(s) or _ratio(s, t) < REWORD_MIN_RATIO:
        return None
    return t, ", ".join(log)


def _new_number(tok: str, rng: random.Random) -> str:
    digits = [c for c in tok if c.isdigit()]
    if len(digits) == 4 and tok.isdigit() and tok[:2] in ("19", "20"):
        return str(int(tok) + rng.choice((-3, -2, -1, 1, 2, 3)))
    # keep the format and trailing zeros: "13.500" -> "27.100"
    last = max(i for i, c in enumerate(tok) if c.isdigit() and (c != "0" or i == 0))
    for _ in range(10):
        out = []
        first = True
        for i, c in enumerate(tok):
            if c.isdigit() and i <= last:
                out.append(str(rng.randint(1, 9) if first else rng.randint(0, 9)))
                first = False
            else:
                out.append(c)
        new = "".join(out)
        if new != tok:
            return new
    return tok + "1"


def _change_number(s: str, rng: random.Random) -> tuple[str, str] | None:
    nums = list(_NUMBER.finditer(s))
    if not nums:
        return None
    m = rng.choice(nums)
    new = _new_number(m.group(), rng)
    t = s[:m.start()] + new + s[m.end():]
    return t, f"{m.group()}->{new}"


_SPLIT_AT = {
    "id": re.compile(r", (dan|tetapi|namun|sehingga|sementara|yang|karena|setelah|sebelum|meski) "),
    "en": re.compile(r", (and|but|while|so|which|because|after|before|although|as) "),
}


def _split(s: str, rng: random.Random, lang: str) -> tuple[str, str] | None:
    if '"' in s or not s.endswith("."):
        return None
    cuts = [m for m in _SPLIT_AT[lang].finditer(s)
            if len(T.words(s[:m.start()])) >= 4 and len(T.words(s[m.end():])) >= 4]
    if not cuts:
        cuts = [m for m in re.finditer(r", ", s)
                if len(T.words(s[:m.start()])) >= 5 and len(T.words(s[m.end():])) >= 5]
        if not cuts:
            return None
        m = rng.choice(cuts)
        return s[:m.start()] + ".", _cap(s[m.end():])
    m = rng.choice(cuts)
    conj = m.group(1)
    rest = s[m.end():]
    if conj in ("dan", "and", "yang", "which") or rng.random() < 0.5:
        return s[:m.start()] + ".", _cap(rest)
    return s[:m.start()] + ".", _cap(conj) + " " + rest


_LOWER_START = re.compile(r"^(?:[A-Z][a-z]+)\b")


def _merge(s1: str, s2: str, rng: random.Random, lang: str) -> str | None:
    if not s1.endswith(".") or s1.endswith("..") or '"' in s1[-3:] or len(T.words(s1)) < 4 or len(T.words(s2)) < 4:
        return None
    first = _LOWER_START.match(s2)
    lower = {"Ia", "Dia", "Mereka", "Hal", "Namun", "Ini", "Itu", "Pihaknya", "Kami",
             "It", "He", "She", "They", "This", "That", "The", "But", "Its", "These", "There"}
    if first and first.group() in lower:
        s2 = s2[0].lower() + s2[1:]
    return s1[:-1] + rng.choice(_V[lang]["merge"]) + s2


def _drop_link(s: str, rng: random.Random) -> tuple[str, str] | None:
    """Scraper noise: a hyperlinked word or name dropped, leaving a comma or a double space."""
    words = list(_WORD.finditer(s))
    inner = [m for m in words[1:-1] if len(m.group()) >= 3]
    if len(words) < 8 or not inner:
        return None
    names = [m for m in inner if m.group()[0].isupper()]
    m = rng.choice(names or inner)
    if rng.random() < 0.5:
        t = s[:m.start()].rstrip() + "," + s[m.end():].lstrip()
    else:
        t = s[:m.start()] + " " + s[m.end():]
    if _ratio(s, t) < REWORD_MIN_RATIO:
        return None
    return t, f"dropped {m.group()!r}"


def _apply_edits(art: _Article, rng: random.Random, n_edits: int, mix: Mapping[str, float],
                 log: list[str], *, max_added: int = 3, max_removed: int = 3) -> None:
    lang = art.language
    touched: set[int] = set()
    names = art.entities()
    ops, weights = zip(*mix.items())
    plan = rng.choices(ops, weights, k=n_edits)
    plan.sort(key=lambda e: e != "move")  # a move first, so later edits leave its anchors alone
    added = removed = moved = 0
    for edit in plan:
        pos = art.content()
        items = [art.lines[li][ii] for li, ii in pos]
        free = [k for k, it in enumerate(items) if it.prov[0] == "eq" and it.prov[1] not in touched]
        if not free:
            return
        rng.shuffle(free)
        if edit == "add" and added < max_added:
            s = _sentence(rng, lang, names)
            k = rng.randrange(len(pos) + 1)
            if 0 < k < len(items) and items[k].prov[0] == "split" and items[k - 1].prov == items[k].prov:
                k += 1  # never between the two halves of a split
            if k == len(pos):
                art.lines.append([_Item(s, T.CONTENT, ("new",))])
            else:
                li, ii = pos[k]
                art.lines[li].insert(ii, _Item(s, T.CONTENT, ("new",)))
            added += 1
            log.append(f"add before content sentence {k}: {s[:40]!r}")
        elif edit == "remove" and removed < max_removed and len(items) > 3:
            k = free[0]
            li, ii = pos[k]
            i = items[k].prov[1]
            del art.lines[li][ii]
            touched.add(i)
            removed += 1
            log.append(f"remove s{i}")
        elif edit in ("reword", "number"):
            for k in free:
                it = items[k]
                res = _reword(it.text, rng, lang) if edit == "reword" else _change_number(it.text, rng)
                if res and _ratio(it.text, res[0]) >= REWORD_MIN_RATIO:
                    i = it.prov[1]
                    it.text, it.prov = res[0], ("mod", i)
                    touched.add(i)
                    log.append(f"{edit} s{i}: {res[1]}")
                    break
        elif edit == "split":
            for k in free:
                it = items[k]
                res = _split(it.text, rng, lang)
                if res:
                    i = it.prov[1]
                    li, ii = pos[k]
                    art.lines[li][ii:ii + 1] = [_Item(res[0], T.CONTENT, ("split", i)),
                                                _Item(res[1], T.CONTENT, ("split", i))]
                    touched.add(i)
                    log.append(f"split s{i}")
                    break
        elif edit == "merge":
            for k in free:
                if k + 1 >= len(items) or pos[k][0] != pos[k + 1][0]:
                    continue
                it, nx = items[k], items[k + 1]
                if nx.prov[0] != "eq" or nx.prov[1] in touched:
                    continue
                s = _merge(it.text, nx.text, rng, lang)
                if s:
                    i, j = it.prov[1], nx.prov[1]
                    li, ii = pos[k]
                    art.lines[li][ii:ii + 2] = [_Item(s, T.CONTENT, ("merge", i, j))]
                    touched.update((i, j))
                    log.append(f"merge s{i}+s{j}")
                    break
        elif edit == "move" and moved < 1 and len(items) >= 6:
            k = free[0]
            it = items[k]
            i = it.prov[1]
            words_moved = len(T.words(it.text))
            targets = []
            for t in range(len(items) + 1):
                lo, hi = (t, k) if t < k else (k + 1, t)
                jumped = [items[x] for x in range(lo, hi)]
                if len(jumped) >= 3 and all(x.prov[0] == "eq" and x.prov[1] not in touched for x in jumped) \
                        and sum(len(T.words(x.text)) for x in jumped) > 1.5 * words_moved:
                    targets.append(t)
            if not targets:
                continue
            t = rng.choice(targets)
            jumped_ids = {items[x].prov[1] for x in range(*((t, k) if t < k else (k + 1, t)))}
            li, ii = pos[k]
            del art.lines[li][ii]
            it.prov = ("mv", i)
            if t == len(items):
                art.lines.append([it])
            else:
                tli, tii = pos[t]
                if tli == li and tii > ii:
                    tii -= 1
                art.lines[tli].insert(tii, it)
            touched.add(i)
            touched.update(jumped_ids)  # the backbone that makes this a move must stay as it is
            moved += 1
            log.append(f"move s{i} to before content sentence {t}")
    art.lines = [line for line in art.lines if line]


# --- variants ----------------------------------------------------------------------------------

def _fix_dateline(art: _Article) -> None:
    """Keep a dateline in front of content: move it to the first line that still has content."""
    for li, line in enumerate(art.lines):
        for ii, it in enumerate(line):
            if it.kind == T.DATELINE:
                if any(x.kind == T.CONTENT for x in line[ii + 1:]):
                    return
                del line[ii]
                for line2 in art.lines[li:]:
                    if any(x.kind == T.CONTENT for x in line2):
                        line2.insert(0, it)
                        break
                art.lines = [x for x in art.lines if x]
                return


def _set_dateline(art: _Article, dateline: str | None) -> None:
    for line in art.lines:
        for it in line:
            if it.kind == T.DATELINE:
                if dateline:
                    it.text = dateline
                else:
                    line.remove(it)
                return
    if dateline:
        for line in art.lines:
            if line and line[0].kind == T.CONTENT:
                line.insert(0, _Item(dateline, T.DATELINE))
                return


def _first_content_line(art: _Article) -> int:
    return next((li for li, line in enumerate(art.lines) if any(it.kind == T.CONTENT for it in line)), 0)


def _boilerplate(art: _Article, rng: random.Random, log: list[str], *, p_read_also: float, p_byline: float) -> None:
    lang = art.language
    # drop the source's own byline/boilerplate lines sometimes (another site, other credits)
    for line in list(art.lines):
        if line and all(it.kind in (T.BYLINE, T.BOILERPLATE) for it in line) and rng.random() < 0.5:
            art.lines.remove(line)
            log.append(f"dropped line {line[0].text[:30]!r}")
    if rng.random() < p_read_also and len(art.lines) >= 2:
        for _ in range(rng.randint(1, 2)):
            first = _first_content_line(art)
            at = rng.randint(first + 1, len(art.lines))
            line = _read_also(rng, lang)
            art.lines.insert(at, [_Item(line, T.BOILERPLATE)])
            log.append(f"inserted {line[:30]!r}")
    if rng.random() < p_byline:
        line = _byline(rng, lang)
        if rng.random() < 0.5:
            art.lines.insert(0, [_Item(line, T.BYLINE)])
        else:
            art.lines.append([_Item(line, T.BYLINE)])
        log.append(f"byline {line!r}")


class _Unusable(Exception):
    """A draw whose gold would be ambiguous; the caller redraws."""


def _check(art: _Article, text: str) -> tuple[list[GoldOp], tuple[str, ...], tuple[str, ...]] | None:
    """The gold ops, B's content sentences as the edits made them, and as ``Document(text)``
    splits them; None when the gold itself is ambiguous."""
    try:
        ops, expected = art.gold()
    except _Unusable:
        return None
    return ops, expected, tuple(u.text for u in Document(text).sentences)


def _count(stats: dict | None, key: str) -> None:
    if stats is not None:
        stats[key] = stats.get(key, 0) + 1


def _n_sentences(art: _Article) -> int:
    return len(art.sentences)


def _build(text: str, kind: str, rng: random.Random, other: str | None, language: str | None):
    art = _Article.parse(text)
    lang = language or art.language
    art.language = lang
    n = _n_sentences(art)
    log: list[str] = []
    join = "\n"
    if n == 0:
        raise InputError("synth: the source text has no content sentences")

    if kind == "duplicate":
        _boilerplate(art, rng, log, p_read_also=0.6, p_byline=0.8)
        if not log:
            art.lines.append([_Item(_byline(rng, lang), T.BYLINE)])
            log.append("byline added")
    elif kind in ("republication", "noise"):
        if n < 3:
            raise InputError("synth: a republication needs a source of at least 3 content sentences")
        if rng.random() < 0.7 or art.headline is None:
            art.headline = _headline(rng, lang, art.entities())
            log.append("new headline")
        if rng.random() < 0.6:
            dl = _dateline(rng, lang)
            _set_dateline(art, dl)
            log.append(f"dateline {dl!r}")
        truncate = rng.random() < 0.15 and n >= 8
        n_edits = rng.randint(1, max(1, min(8, round(0.3 * n))))
        _apply_edits(art, rng, n_edits, EDIT_MIX, log)
        if truncate:
            items = art.content()
            keep = max(int(0.6 * n) + 1, len(items) - max(1, round(len(items) * rng.uniform(0.1, 0.3))))
            content = art.content_items()
            if 0 < keep < len(content) and content[keep].prov[0] == "split" and content[keep - 1].prov == content[keep].prov:
                keep += 1
            cut = items[keep:] if keep < len(items) else []
            for li, ii in reversed(cut):
                del art.lines[li][ii]
            art.lines = [line for line in art.lines if line]
            if cut:
                log.append(f"truncated to {keep} content sentences")
        if kind == "republication":
            _boilerplate(art, rng, log, p_read_also=0.6, p_byline=0.6)
        else:
            for li, ii in reversed([(li, ii) for li, line in enumerate(art.lines) for ii, it in enumerate(line)
                                    if it.kind in (T.BYLINE, T.BOILERPLATE)]):
                del art.lines[li][ii]
            art.lines = [line for line in art.lines if line]
            items = [art.lines[li][ii] for li, ii in art.content()]
            free = [it for it in items if it.prov[0] == "eq"]
            rng.shuffle(free)
            dropped = 0
            for it in free:
                if dropped >= rng.randint(1, 3):
                    break
                res = _drop_link(it.text, rng)
                if res:
                    it.text, it.prov = res[0], ("mod", it.prov[1])
                    log.append(f"noise s{it.prov[1]}: {res[1]}")
                    dropped += 1
            join = rng.choice((",", ",,", ", "))
            if rng.random() < 0.5:
                art.headline = None
            if rng.random() < 0.3:
                _set_dateline(art, "-")
            log.append(f"paragraphs joined with {join!r}")
    elif kind == "update":
        if rng.random() < 0.5:
            art.headline = _headline(rng, lang, art.entities())
            log.append("new headline")
        if rng.random() < 0.5 and n >= 4:
            _apply_edits(art, rng, rng.randint(1, 2), {"reword": 1, "number": 1}, log)
        n_new = max(4, round(n * rng.uniform(0.5, 1.0)))
        names = art.entities()
        new = [_sentence(rng, lang, names) for _ in range(n_new)]
        paras = [[_Item(s, T.CONTENT, ("new",)) for s in p] for p in _paragraphs(new, rng)]
        first = _first_content_line(art)
        at = len(art.lines) if rng.random() < 0.5 else rng.randint(first + 1, max(first + 1, len(art.lines)))
        art.lines[at:at] = paras
        log.append(f"{n_new} new sentences in {len(paras)} paragraphs at line {at}")
        _boilerplate(art, rng, log, p_read_also=0.4, p_byline=0.4)
    elif kind in ("partial", "unrelated"):
        other_text = other if other is not None else synthetic_article(rng, lang)
        oth = _Article.parse(other_text)
        if _shares_text(art, oth):
            raise InputError("synth: the filler article shares text with the source")
        base = _Article(oth.headline or _headline(rng, lang), oth.lines, [], lang)
        for it in base.content_items():
            it.prov = ("new",)
        if kind == "partial":
            m = len(oth.sentences)
            run_max = min(4, int(0.35 * n), int(0.35 * (m + 4)))
            if run_max < 2:
                raise InputError("synth: a partial pair needs a source of at least 6 content sentences")
            run = rng.randint(2, run_max)
            start = rng.randint(0, n - run)
            while run < run_max and sum(len(T.words(x)) for x in art.sentences[start:start + run]) < PARTIAL_MIN_WORDS:
                run += 1
                start = min(start, n - run)
            if sum(len(T.words(x)) for x in art.sentences[start:start + run]) < PARTIAL_MIN_WORDS:
                raise InputError(f"synth: no passage of {PARTIAL_MIN_WORDS} words fits a partial pair")
            shared = [_Item(art.sentences[i], T.CONTENT, ("eq", i)) for i in range(start, start + run)]
            first = _first_content_line(base)
            at = rng.randint(first + 1, max(first + 1, len(base.lines)))
            base.lines.insert(at, shared)
            log.append(f"shared passage s{start}..s{start + run - 1} inserted at line {at}")
        base.sentences = art.sentences
        art = base
    elif kind == "template":
        changed = _template_facts(art, rng, log)
        if changed < TEMPLATE_MIN_CHANGED * n or changed < 2:
            raise InputError("synth: too few numbers, dates and names for a template variant")
    else:
        raise InputError(f"synth: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    _fix_dateline(art)
    if art.headline is None:
        # Without a headline, a first line of content would be read as one: credit and
        # boilerplate lines go first (the parser never takes those for a headline).
        art.lines.sort(key=lambda line: any(it.kind in (T.CONTENT, T.DATELINE) for it in line))
    out = art.render(join=join)
    return out, art, log


def _shares_text(a: _Article, b: _Article) -> bool:
    keys = {T.sentence_key(s) for s in a.sentences if len(T.words(s)) >= 5}
    if any(T.sentence_key(s) in keys for s in b.sentences):
        return True
    from . import minhash

    sa, sb = minhash.shingles(" ".join(a.sentences)), minhash.shingles(" ".join(b.sentences))
    return len(sa) > 0 and len(sb) > 0 and max(minhash.containment(sa, sb), minhash.containment(sb, sa)) > 0.05


def _known_names(sentences: Iterable[str]) -> set[str]:
    """Capitalised words a text uses as names: seen mid-sentence, never written in lower case,
    not initials or abbreviations ("U.S.", "Co", "Feb")."""
    lower = set()
    cands = set()
    for s in sentences:
        for m in _WORD.finditer(s):
            w = m.group()
            if w.islower():
                lower.add(w)
            elif m.start() > 0 and w[0].isupper() and w not in _NOT_NAMES and len(w) > 3 \
                    and w.lower() not in T._ABBREVIATIONS and w not in _MONTH_DAY:
                cands.add(w)
    return {w for w in cands if w.lower() not in lower}


def _swap_facts(s: str, rng: random.Random, lang: str, names: dict[str, str], known: set[str]) -> tuple[str, int]:
    """Change every number, month and day name, and every name in ``known`` (consistently,
    through ``names``) in ``s``; return the new text and how many facts changed."""
    v = _V[lang]
    n = 0

    def num(m: re.Match) -> str:
        nonlocal n
        n += 1
        return _new_number(m.group(), rng)

    s = _NUMBER.sub(num, s)
    out, pos = [], 0
    for m in _WORD.finditer(s):
        w = m.group()
        if w in _MONTH_DAY and (m.start() > 0 or w != "May"):
            months = _V["id"]["month"] + _V["en"]["month"]
            pool = v["month"] if w in months else v["day"]
            new = rng.choice([x for x in pool if x != w])
        elif w in known:
            if w not in names:
                cand = _name(rng, lang).split()[1] if rng.random() < 0.6 else rng.choice(v["place"])
                names[w] = cand if cand != w else cand + "o"
            new = names[w]
        else:
            continue
        out += [s[pos:m.start()], new]
        pos = m.end()
        n += 1
    out.append(s[pos:])
    return "".join(out), n


def _template_facts(art: _Article, rng: random.Random, log: list[str]) -> int:
    names: dict[str, str] = {}
    known = _known_names(art.sentences)
    changed = 0
    for it in art.content_items():
        new, k = _swap_facts(it.text, rng, art.language, names, known)
        if k and new != it.text:
            it.text, it.prov = new, ("mod", it.prov[1])
            changed += 1
    if art.headline and rng.random() < 0.5:
        art.headline = _swap_facts(art.headline, rng, art.language, names, known)[0]
    log.append(f"facts changed in {changed} sentences; names {dict(list(names.items())[:5])}")
    return changed


def make_variant(text: str, kind: str, rng: random.Random | int, *, other: str | None = None,
                 language: str | None = None, gold_ops: bool = True, stats: dict | None = None) -> Variant:
    """Make a labelled variant of ``text`` (see the module docstring for the kinds).

    ``other`` is the filler article of ``partial`` and ``unrelated`` variants (default: a
    synthetic one). Raises :class:`InputError` when the text cannot carry that kind of variant
    (too short, no facts for a template, filler sharing text with the source).

    ``gold_ops`` (default True) keeps only draws that ``Document`` splits into exactly the gold
    sentences, redrawing the others. With ``gold_ops=False`` such a draw is returned instead:
    a *label-only* variant with ``ops=None`` (its label holds; per-op gold does not) and
    ``sentences`` as ``Document`` splits it. Draws that agree with the parse come back exactly
    as with the default, and a draw that applied no content edit, or whose gold is ambiguous,
    is still redrawn.

    ``stats``, when given, is a dict whose counts this adds to: ``draws`` made, ``redrawn``
    (thrown away), ``kept`` (returned with gold ops), ``label_only`` (returned without), and
    the reasons (a draw may have two): ``parse_mismatch`` (the parse disagrees with the gold
    sentences: redrawn unless ``gold_ops=False``), ``no_edit`` (a republication, noise, update
    or template variant whose content came out unchanged) and ``ambiguous_gold`` (the two
    halves of a split not adjacent); the last two are always redrawn.

    >>> v = make_variant("Judul\\nSatu dua tiga empat lima. Enam tujuh delapan sembilan.", "duplicate", 1)
    >>> v.label, [op.op for op in v.ops]
    ('duplicate', ['equal', 'equal'])
    """
    rng = _rng(rng)
    if kind not in LABELS:
        raise InputError(f"synth: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    last = "no attempt"
    for attempt in range(_ATTEMPTS):
        sub = random.Random(rng.random())
        out, art, log = _build(text, kind, sub, other, language)
        _count(stats, "draws")
        checked = _check(art, out)
        if checked is None:
            _count(stats, "ambiguous_gold")
            _count(stats, "redrawn")
            last = "the parser splits the variant differently from its gold sentences"
            continue
        ops, sentences, parsed = checked
        agrees = parsed == sentences
        no_edit = kind in ("republication", "noise", "update", "template") and all(op.op == EQUAL for op in ops)
        if not agrees:
            _count(stats, "parse_mismatch")
        if no_edit:
            _count(stats, "no_edit")
        if no_edit or (not agrees and gold_ops):
            _count(stats, "redrawn")
            # (no edit: else a "republication" would really be a duplicate)
            last = ("the parser splits the variant differently from its gold sentences" if not agrees and gold_ops
                    else "no edit of the content applied")
            continue
        if agrees:
            _count(stats, "kept")
            return Variant(out, LABELS[kind], kind, ops, log, sentences)
        _count(stats, "label_only")
        return Variant(out, LABELS[kind], kind, None, log, parsed)
    raise InputError(f"synth: could not make a {kind} variant in {_ATTEMPTS} attempts ({last})")


def make_pairs(articles: Sequence[str] | None, n: int, mix: Mapping[str, float] | None = None,
               seed: int = 0, *, language: str = "id", gold_ops: bool = True,
               stats: dict | None = None) -> list[Pair]:
    """``n`` labelled pairs ``(source, variant)`` drawn from ``articles`` by ``mix``.

    Without articles, synthetic ones in ``language`` ("id", "en" or "mixed") are used. A
    template pair is, half the time and whenever the source has too few facts, two fills of a
    report template instead. Deterministic for ``seed``.

    ``gold_ops`` and ``stats`` go to :func:`make_variant`: with ``gold_ops=False`` a draw the
    parser splits differently from its gold sentences becomes a label-only pair (``ops=None``)
    instead of being redrawn; pair ``i`` then is the first draw the default would have made
    for it, kept. ``stats`` also counts ``sources_refused`` (a source that could not carry the
    kind, or gave no usable draw in its attempts) and ``template_fills`` (template pairs made by
    :func:`template_pair`, not from a source).

    >>> pairs = make_pairs(None, 4, seed=1, language="mixed")
    >>> [p.label in LABELS.values() for p in pairs]
    [True, True, True, True]
    """
    mix = dict(mix or DEFAULT_MIX)
    bad = set(mix) - set(KINDS)
    if bad:
        raise InputError(f"make_pairs: unknown kinds {sorted(bad)} (one of {', '.join(KINDS)})")
    kinds, weights = zip(*mix.items())
    arts = list(articles or [])
    langs = [language_of(a) for a in arts]
    out = []
    for i in range(n):
        rng = random.Random(f"dedup.synth:{seed}:{i}")
        kind = rng.choices(kinds, weights)[0]
        for attempt in range(_ATTEMPTS):
            if arts:
                k = rng.randrange(len(arts))
                src, lang = arts[k], langs[k]
            else:
                lang = ("id", "en")[i % 2] if language == "mixed" else language
                src = synthetic_article(rng, lang)
            if kind == "template" and (rng.random() < 0.5 or attempt >= _ATTEMPTS // 2):
                pair = template_pair(rng, lang)
                _count(stats, "template_fills")
                out.append(pair)
                break
            other = None
            if kind in ("partial", "unrelated") and arts:
                same = [j for j in range(len(arts)) if langs[j] == lang and arts[j] is not src]
                other = arts[rng.choice(same)] if same and rng.random() < 0.7 else None
            try:
                v = make_variant(src, kind, rng, other=other, language=lang, gold_ops=gold_ops, stats=stats)
            except InputError:
                _count(stats, "sources_refused")
                continue
            out.append(Pair(src, v.text, v.label, kind, v.ops, v.edits, lang))
            break
        else:
            raise InputError(f"make_pairs: no usable source for a {kind} pair after {_ATTEMPTS} attempts")
    return out


def write_pairs(pairs: Iterable[Pair], path: str) -> int:
    """Write pairs as JSONL (``a``, ``b``, ``label``, ``kind``, ``ops``, ``edits``); returns the count."""
    k = 0
    with open(path, "w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
            k += 1
    return k


def read_pairs(path: str) -> list[Pair]:
    """Read pairs written by :func:`write_pairs`."""
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                out.append(Pair.from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError, IndexError) as e:
                raise InputError(f"{path}:{lineno}: not a synth pair ({e})") from None
    return out
