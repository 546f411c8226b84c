"""The generator's own seeded vocabulary, for Indonesian (``"id"``) and English (``"en"``).

Written for this generator: no word list, name or phrase comes from stored news text. English
verbs are ``base:past`` pairs (a grammar slot ``{verb.past}`` takes the second form).

>>> WORDS["en"]["verb"][0], SYNONYMS["id"]["mengatakan"]
('build:built', 'menyatakan')
"""

from __future__ import annotations

import re

from .. import text as T


def _w(s: str) -> tuple[str, ...]:
    return tuple(x.replace("_", " ") for x in s.split())


#: Word lists by language and part: names, places, organisations, nouns, verbs, time phrases.
WORDS: dict[str, dict[str, tuple[str, ...]]] = {
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
        "merge": (", and ", ", while ", "; "),
        "unit": _w("units people packages tonnes sites families hectares"),
        "big": _w("million billion"),
    },
}

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
#: Word -> synonym, for rewording a sentence.
SYNONYMS = {lang: {k: v.replace("_", " ") for k, v in d.items()} for lang, d in _SYNONYMS.items()}

#: Common function words, by which :func:`language_of` tells the two languages apart.
STOP_WORDS = {
    "id": frozenset("yang dan di ke dari itu ini dengan untuk pada tidak akan dalam juga oleh bahwa".split()),
    "en": frozenset("the and of to in that is was for on with as by at from it its be has have".split()),
}
# Capitalised words that are not names (kept when a template changes names).
NOT_NAMES = frozenset(
    """Namun Tetapi Dalam Menurut Sementara Selain Saat Ketika Pada Di Ia Dia Mereka Kami Kita Hal
    Sebelumnya Kemudian Sedangkan Bahkan Selama Setelah Sejak Dengan Untuk Karena Jika Meski Meskipun
    Para Salah Hingga Rp The A An In On At It He She They We I This That These Those But And Or If
    When While After Before Since For With Under Over From By As Mr Mrs Ms Dr Prof Jl""".split()
)
#: Month and day names of both languages.
MONTH_DAY = {w for lang in WORDS.values() for w in lang["month"] + lang["day"]}
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def language_of(text: str) -> str:
    """``"id"`` or ``"en"``, by counting common function words.

    >>> language_of("Warga desa itu menolak rencana yang diajukan"), language_of("The plan was rejected")
    ('id', 'en')
    """
    toks = [w.lower() for w in T.words(text[:5000])]
    n_id = sum(t in STOP_WORDS["id"] for t in toks)
    n_en = sum(t in STOP_WORDS["en"] for t in toks)
    return "en" if n_en > n_id else "id"
