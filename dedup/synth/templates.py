"""Report templates: the same wording with different numbers, dates and names (weather, stock
market, football, gold price/earnings), and :func:`template_pair`, two fills of one template.

>>> fill_template(random.Random(1), "en", "weather")[0].startswith(tuple(WORDS["en"]["place"]))
True
"""

from __future__ import annotations

import random
from typing import Callable

from ..align import EQUAL, MODIFIED
from ..verdict import TEMPLATE
from .article import as_rng, paragraphs, render_lines
from .grammar import _Expander, _Template, cap, dateline, name
from .model import ATTEMPTS, GoldOp, LabelledPair
from .vocabulary import WORDS

#: Report templates by language and family: a headline, then the body sentences. Bare slots
#: (``{place}``, ``{name2}``, ``{club1}``) are drawn once per article; see :data:`FACTS`.
TEMPLATES = {
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


def _club(rng: random.Random, lang: str) -> str:
    place = rng.choice(WORDS[lang]["place"])
    if lang == "id":
        return f"Persatuan {place}" if rng.random() < 0.5 else f"PS {place}"
    return f"{place} United" if rng.random() < 0.5 else f"{place} City"


#: How a bare slot of a report template is drawn, the first time it appears in an article (a
#: trailing digit names another one: ``{place2}``).
FACTS: dict[str, Callable[[random.Random, str], str]] = {
    "place": lambda rng, lang: rng.choice(WORDS[lang]["place"]),
    "name": name,
    "last": lambda rng, lang: rng.choice(WORDS[lang]["last"]),
    "day": lambda rng, lang: rng.choice(WORDS[lang]["day"]),
    "month": lambda rng, lang: rng.choice(WORDS[lang]["month"]),
    "d": lambda rng, lang: str(rng.randint(1, 28)),
    "m": lambda rng, lang: str(rng.randint(1, 12)),
    "ticker": lambda rng, lang: "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUW") for _ in range(4)),
    "firm": lambda rng, lang: rng.choice(WORDS[lang]["last"]) + rng.choice((" Capital", " Mandiri", " Group", " Prima")),
    "club": _club,
}
_COMPILED = {lang: {family: tuple(_Template(t, facts=True) for t in texts) for family, texts in families.items()}
             for lang, families in TEMPLATES.items()}


class _Facts(_Expander):
    """Expands a report template: bare slots are facts, drawn once per article."""

    def __init__(self, rng: random.Random, lang: str):
        super().__init__(rng, lang)
        self.memo: dict[str, str] = {}

    def fact(self, key: str) -> str:
        if key not in self.memo:
            self.memo[key] = FACTS[key.rstrip("0123456789")](self.rng, self.lang)
        return self.memo[key]


def fill_template(rng: random.Random, lang: str, family: str) -> tuple[str, list[str]]:
    """One fill of a report template: its headline and its body sentences."""
    x = _Facts(rng, lang)
    headline, *body = _COMPILED[lang][family]
    sents = [cap(x.expand(t)) for t in body]
    return cap(x.expand(headline)), sents


def template_pair(rng: random.Random | int, language: str = "id", family: str | None = None) -> LabelledPair:
    """Two fills of one report template (weather, stock market, football, gold price/earnings):
    the same wording with different numbers, dates and names, labelled ``template``.

    >>> p = template_pair(3, "en", "weather")
    >>> p.label, sum(op.op == "modified" for op in p.ops) >= len(p.ops) / 2
    ('template', True)
    """
    rng = as_rng(rng)
    family = family or rng.choice(sorted(TEMPLATES[language]))
    head_a, sa = fill_template(rng, language, family)
    for _ in range(ATTEMPTS):
        head_b, sb = fill_template(rng, language, family)
        if sum(x != y for x, y in zip(sa, sb)) * 2 >= len(sa):
            break
    text_a = render_lines(head_a, dateline(rng, language), paragraphs(sa, rng))
    text_b = render_lines(head_b, dateline(rng, language), paragraphs(sb, rng))
    ops = [GoldOp(EQUAL if x == y else MODIFIED, (x,), (y,)) for x, y in zip(sa, sb)]
    return LabelledPair(text_a, text_b, TEMPLATE, "template", ops, [f"template family {family}"], language)

