"""Shared loaders for the real evaluation data in ../shared/data (never part of the repository).

Every benchmark reads real text through these functions, so that all of them define the texts the
same way (the labels README's definitions):

- :func:`clickid_articles` — CLICK-ID records by id (``title + "\\n" + content``);
- :func:`reuters_articles` — Reuters-21578 records by ``newid`` (``title + "\\n" + body``);
- :func:`clickid_near_duplicates` — seeded sample of CLICK-ID silver pairs with containment >= 0.5;
- :func:`dev_pairs` — the 300 pairs of ``labels/dev_pairs.tsv`` with both texts;
- :func:`meter_pairs` — the 945 METER newspaper articles with their PA source texts and labels;
- :func:`meter_sentences` — METER's derived sentence labels (verbatim / new / mixed);
- :func:`meter_stories` — the METER articles grouped by story (domain, date, catchline).

The data directory is ``$DEDUP_DATA`` when set, else ``shared/data`` found by walking up from this
file (``/work/wt/x/benchmarks`` and ``/work/main/benchmarks`` both reach ``/work/shared/data``).
A benchmark that needs data that is absent gets :class:`DataMissing` with a message saying what
is missing and where it was looked for; ``require`` turns that into one line and exit status 2.

    >>> import _corpora as C
    >>> pairs = C.dev_pairs()          # doctest: +SKIP
    >>> pairs[0].set, pairs[0].label   # doctest: +SKIP
    ('clickid', 'unrelated')
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache

HERE = os.path.dirname(os.path.abspath(__file__))

#: The six labels of labels/GUIDE.md, and the five-way grouping used for accuracy.
LABELS = ("duplicate", "republication", "update", "partial", "template", "unrelated")
COPY = ("duplicate", "republication")


class DataMissing(Exception):
    """The evaluation data a benchmark needs is not on this machine."""


def data_dir() -> str | None:
    """The shared data directory, or None when it cannot be found."""
    env = os.environ.get("DEDUP_DATA")
    if env:
        return env if os.path.isdir(env) else None
    d = HERE
    for _ in range(6):
        cand = os.path.join(d, "shared", "data")
        if os.path.isdir(cand):
            return cand
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    return None


def path(*parts: str) -> str:
    """Path of a file under the data directory; :class:`DataMissing` when it is absent."""
    base = data_dir()
    if base is None:
        raise DataMissing("the evaluation data (shared/data) was not found above "
                          f"{HERE}; set DEDUP_DATA to its directory")
    p = os.path.join(base, *parts)
    if not os.path.exists(p):
        raise DataMissing(f"{os.path.join(*parts)} not found in {base}")
    return p


def available(*parts: str) -> bool:
    try:
        path(*parts)
        return True
    except DataMissing:
        return False


def require(fn, *args, **kw):
    """Call a loader; on missing data print one line to stderr and exit with status 2."""
    try:
        return fn(*args, **kw)
    except DataMissing as e:
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(2)


# --- articles -----------------------------------------------------------------------------------

@lru_cache(maxsize=2)
def clickid_records(file: str | None = None) -> dict[str, dict]:
    """CLICK-ID records by id (the raw JSON objects, in file order; shared: do not change them).

    ``file`` is another copy of ``articles.jsonl.gz`` (a benchmark's ``--data``); by default the
    one in the data directory."""
    out = {}
    with gzip.open(file or path("clickid", "articles.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out[d["id"]] = d
    return out


@lru_cache(maxsize=1)
def reuters_records() -> dict[str, dict]:
    """Reuters-21578 records by ``newid`` (as a string)."""
    out = {}
    with gzip.open(path("reuters", "reuters21578.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out[str(d["newid"])] = d
    return out


def clickid_text(d: dict) -> str:
    """``title + "\\n" + content``, as the labels README defines it."""
    return (d.get("title") or "").strip() + "\n" + (d.get("content") or "")


def reuters_text(d: dict) -> str:
    """``title + "\\n" + body``, as the labels README defines it."""
    return (d.get("title") or "").strip() + "\n" + (d.get("body") or "")


def clickid_articles() -> dict[str, str]:
    """CLICK-ID texts by id."""
    return {k: clickid_text(d) for k, d in clickid_records().items()}


def reuters_articles() -> dict[str, str]:
    """Reuters texts by newid."""
    return {k: reuters_text(d) for k, d in reuters_records().items()}


def clickid_near_duplicates(n: int = 500, min_containment: float = 0.5, seed: int = 16) -> list[tuple[str, str]]:
    """``n`` CLICK-ID near-duplicate pairs (both texts): the silver candidate pairs
    (``clickid/silver_candidate_pairs.tsv``, not ground truth) whose word-5-gram containment is at
    least ``min_containment``, in a seeded random order (the same pairs on every machine)."""
    import random

    with open(path("clickid", "silver_candidate_pairs.tsv"), encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if float(r["containment_5gram"]) >= min_containment]
    random.Random(seed).shuffle(rows)
    arts = clickid_articles()
    return [(arts[r["id_a"]], arts[r["id_b"]]) for r in rows[:n]]


def clickid_silver_pairs() -> list[tuple[str, str]]:
    """Every silver candidate pair of CLICK-ID (both texts), in file order."""
    with open(path("clickid", "silver_candidate_pairs.tsv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    arts = clickid_articles()
    return [(arts[r["id_a"]], arts[r["id_b"]]) for r in rows]


# --- labelled pairs ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class LabelledPair:
    """One row of labels/dev_pairs.tsv with both texts and their metadata."""

    set: str
    a_id: str
    b_id: str
    label: str
    direction: str
    note: str
    a: str
    b: str
    a_meta: dict
    b_meta: dict

    @property
    def copy(self) -> bool:
        return self.label in COPY

    @property
    def five_way(self) -> str:
        return five_way(self.label)


def five_way(label: str) -> str:
    """``copy`` for duplicate and republication, the label otherwise."""
    return "copy" if label in COPY else label


def published(date, time=None):
    """A record's publication time (datetime), from its date field and an optional time field
    ("14:15 WIB"; Reuters puts the time in the date: "26-FEB-1987 15:01:01.79"); None when the
    date cannot be read. Read with the library's own date parser (dedup.records.parse_date)."""
    import datetime as dt
    import re

    from dedup.records import parse_date

    if not date:
        return None
    text = str(date)
    m = re.search(r"(\d{1,2}):(\d{2})", str(time or "")) or re.search(r"[ T](\d{1,2}):(\d{2})", text)
    day = parse_date(text.split(" ")[0]) or parse_date(text)
    if day is None:
        return None
    h, mi = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    return dt.datetime(day.year, day.month, day.day, h % 24, mi % 60)


#: CLICK-ID publishers whose spreadsheet datetimes ("2019-10-09 00:00:00") are a day-first date
#: read month-first (the clickid README's date quirk): Kompas writes its dates "dd/mm/yyyy", and
#: all 659 of its datetimes are 2019-10-09, 2019-11-09 or 2019-12-09, days its 2,594 text dates
#: (all September) never give and that the articles' own text places on 10-12 September.
DAY_MONTH_SWAPPED = frozenset({"kompas"})
_SPREADSHEET_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})( 00:00:00)$")


def clickid_date(d: dict):
    """A CLICK-ID record's date field, with the day and month of a swapped spreadsheet datetime
    put back (see :data:`DAY_MONTH_SWAPPED`).

    >>> clickid_date({"publisher": "kompas", "date": "2019-10-09 00:00:00"})
    '2019-09-10 00:00:00'
    >>> clickid_date({"publisher": "tempo", "date": "2019-09-10 00:00:00"})
    '2019-09-10 00:00:00'
    """
    date = d.get("date")
    if d.get("publisher") not in DAY_MONTH_SWAPPED or not isinstance(date, str):
        return date
    return _SPREADSHEET_DATE.sub(r"\1-\3-\2\4", date)


def _meta(set_name: str, d: dict) -> dict:
    if set_name == "clickid":
        date = clickid_date(d)
        return {"source": d.get("publisher"), "date": date, "time": d.get("time"),
                "published": published(date, d.get("time"))}
    return {"source": "reuters", "date": d.get("date"), "published": published(d.get("date"))}


def dev_pairs(sets: tuple[str, ...] = ("clickid", "reuters")) -> list[LabelledPair]:
    """The labelled pairs of labels/dev_pairs.tsv (both texts loaded), in file order."""
    rows = []
    with open(path("labels", "dev_pairs.tsv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["set"] in sets:
                rows.append(r)
    recs = {}
    if any(r["set"] == "clickid" for r in rows):
        recs["clickid"] = clickid_records()
    if any(r["set"] == "reuters" for r in rows):
        recs["reuters"] = reuters_records()
    out = []
    for r in rows:
        a_id, b_id = r["pair"].split("|")
        s = r["set"]
        da, db = recs[s][a_id], recs[s][b_id]
        text = clickid_text if s == "clickid" else reuters_text
        out.append(LabelledPair(s, a_id, b_id, r["label"], r["direction"], r["note"], text(da), text(db),
                                _meta(s, da), _meta(s, db)))
    return out


# --- METER ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MeterPair:
    """A METER newspaper article, its PA source texts and its document label."""

    file: str
    domain: str
    newspaper: str
    classification: str  # wholly_derived | partially_derived | non_derived
    text: str
    sources: tuple[str, ...]  # PA texts (empty for the one article without a PA folder)
    source_files: tuple[str, ...]

    @property
    def derived(self) -> bool:
        return self.classification != "non_derived"

    @property
    def wholly(self) -> bool:
        return self.classification == "wholly_derived"


def _read_latin1(rel: str) -> str:
    with open(path("meter", rel), encoding="latin-1") as f:
        return f.read()


def meter_pairs() -> list[MeterPair]:
    """The 945 METER articles (pairs_manifest.tsv), texts read as ISO-8859-1."""
    out = []
    with open(path("meter", "pairs_manifest.tsv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            files = tuple(p for p in r["pa_source_files"].split(";") if p)
            out.append(MeterPair(r["newspaper_file"], r["domain"], r["newspaper"], r["classification"],
                                 _read_latin1(r["newspaper_file"]), tuple(_read_latin1(p) for p in files), files))
    return out


def meter_sentences() -> list[dict]:
    """METER's derived sentence labels (derived/sentence_reuse_labels.jsonl), one dict each."""
    with open(path("meter", "derived", "sentence_reuse_labels.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def meter_stories(pairs: list[MeterPair] | None = None) -> dict[tuple[str, str, str], list[MeterPair]]:
    """The METER newspaper articles grouped by story: ``(domain, date, catchline)`` -> articles
    (all the newspaper versions of one PA story; they share its PA texts)."""
    out: dict[tuple[str, str, str], list[MeterPair]] = {}
    for m in pairs if pairs is not None else meter_pairs():
        _, _, domain, date, catchline, _ = m.file.split("/", 5)
        out.setdefault((domain, date, catchline), []).append(m)
    return out
