"""Facts by value: numbers, amounts, percentages, fractions and dates read the same however written.

A copy often rewrites a figure without changing it: "5" / "lima", "1.500" / "1,500", "Rp 9" /
"Rp9", "3,5 persen" / "3.5%", "08/09" / "8/9/2019" / "8 September 2019" / "Sept. 8", "6-1/16".
Only a different *value* is a fact change. :func:`values` reads the values a text states;
:func:`canonical` rewrites a text with each value in one spelling, so two sentences that differ
only in how they write their figures have the same canonical form.

>>> values("Harga naik 3,5 persen menjadi Rp 9 miliar pada 8 September 2019.")
['3.5', '9000000000', 'd8.9.2019']
>>> canonical("Lima orang tewas") == canonical("5 orang tewas")
True
"""

from __future__ import annotations

import functools
import re
from fractions import Fraction

from .text import words

# Number words, Indonesian and English. Units below ten and the teens; tens and scales multiply.
_UNITS = {
    "nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
#: Multiply what precedes them within their own group (dua puluh, tiga belas = 3 + 10).
_SMALL_SCALES = {"puluh": 10, "ratus": 100, "hundred": 100}
#: Close a group: everything so far times the scale (dua ratus ribu = 200 * 1000).
_SCALES = {
    "ribu": 10**3, "rb": 10**3, "juta": 10**6, "jt": 10**6, "miliar": 10**9, "milyar": 10**9,
    "triliun": 10**12, "thousand": 10**3, "million": 10**6, "mln": 10**6, "billion": 10**9,
    "bln": 10**9, "billion.": 10**9, "trillion": 10**12, "k": 10**3,
}
_TEENS = {"belas"}
_PERCENT = re.compile(r"^(?:%|persen|percent|pct|per\s+cent|prosen)$", re.I)
_CURRENCY = r"(?:rp\.?|us\$|\$|usd|idr|eur|€|£|stg|dlrs?|rupiah|dollars?|yen)"

_MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6,
    "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "agustus": 8, "august": 8, "aug": 8,
    "agu": 8, "agt": 8, "ags": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10,
    "october": 10, "oct": 10, "okt": 10, "november": 11, "nov": 11, "nop": 11, "desember": 12,
    "december": 12, "dec": 12, "des": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
#: Wire copy writes small days in words ("Pay April one").
_DAY_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten"
_NUMWORD_RE = "|".join(sorted([*_UNITS, *_SMALL_SCALES, *_TEENS], key=len, reverse=True))
_SCALE_RE = "|".join(sorted((k for k in _SCALES if k != "billion."), key=len, reverse=True))

def _firsts(words) -> str:
    """A look-ahead for the first letters of ``words`` (under ``re.I`` as the words are): a guard
    that fails at once where none of the words can begin, instead of trying each of them."""
    return "(?=[" + "".join(re.escape(c) for c in sorted({w[0] for w in words})) + "])"


# One regex over the text; the alternatives are tried in order (dates before plain numbers). The
# look-aheads before the month, currency, scale and number-word alternations change no match (every word
# of each begins with one of its letters); they save trying dozens of words that cannot match.
_TOKEN = re.compile(
    rf"""
    (?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d?)-(?P<id>\d\d?)\b)
  | (?P<frac>\b(?P<fw>\d+)[-\s](?P<fn>\d+)/(?P<fd>2|4|8|16|32|64)\b)
  | (?P<dmy>\b(?P<d1>\d\d?)(?:/(?P<m1>\d\d?)(?:/(?P<y1>(?:19|20)?\d\d))?|(?P<sep>[.-])(?P<m4>\d\d?)(?P=sep)(?P<y4>(?:19|20)\d\d))\b(?![.,/]\d))
  | (?P<dmonth>\b(?P<d2>\d\d?)(?:st|nd|rd|th)?\s+{_firsts(_MONTHS)}(?P<mo2>{_MONTH_RE})\.?(?:,?\s+(?P<y2>(?:19|20)\d\d))?\b)
  | (?P<monthd>\b{_firsts(_MONTHS)}(?P<mo3>{_MONTH_RE})\.?\s+(?P<d3>\d\d?|{_DAY_WORDS})(?:st|nd|rd|th)?\b(?!\s*[.,:]\d)(?:,?\s+(?P<y3>(?:19|20)\d\d)\b)?)
  | (?P<num>(?:{_firsts("rp us $ usd idr eur € £ stg dlr rupiah dollar yen".split())}{_CURRENCY}\s?)?(?P<n>\d+(?:[.,]\d+)*)(?:\s?-?\s?{_firsts(_SCALE_RE.split("|"))}(?P<sc>{_SCALE_RE})\b)?)
  | (?P<words>\b(?:{_firsts(_NUMWORD_RE.split("|") + _SCALE_RE.split("|"))}(?:{_NUMWORD_RE}|{_SCALE_RE})(?:[\s-]+|\b)){{1,8}})
    """,
    re.I | re.X,
)


def parse_number(s: str) -> Fraction | None:
    """The value of a written number: ``.``/``,`` are thousands separators before groups of
    exactly three digits, a decimal point otherwise (Indonesian ``1,5`` and English ``1.5`` alike).

    >>> [str(parse_number(x)) for x in ("1.500", "1,500", "1,5", "1.5", "136,392", "3.500,25")]
    ['1500', '1500', '3/2', '3/2', '136392', '14001/4']
    """
    s = s.strip()
    if not s or not s[0].isdigit():
        return None
    parts = re.split(r"([.,])", s)
    nums, seps = parts[0::2], parts[1::2]
    if not seps:
        return Fraction(int(s))
    # The last separator is decimal unless it is followed by exactly three digits and either
    # repeats an earlier separator or is the only one (1.500 / 1,500: thousands).
    last = seps[-1]
    if len(nums[-1]) == 3 and (len(seps) == 1 or all(x == last for x in seps)):
        return Fraction(int("".join(nums)))
    whole = "".join(nums[:-1])
    try:
        return Fraction(int(whole)) + Fraction(int(nums[-1]), 10 ** len(nums[-1]))
    except ValueError:
        return None


def parse_words(s: str) -> Fraction | None:
    """The value of a number written in words (Indonesian or English).

    >>> [parse_words(x) for x in ("lima", "dua puluh lima", "tiga belas", "seratus lima puluh ribu", "twenty-five", "two hundred thousand")]
    [Fraction(5, 1), Fraction(25, 1), Fraction(13, 1), Fraction(150000, 1), Fraction(25, 1), Fraction(200000, 1)]
    """
    toks = [t for t in re.split(r"[\s-]+", s.lower()) if t and t != "and"]
    if not toks:
        return None
    total, hundreds, tail = 0, 0, 0
    for t in toks:
        if t in ("seratus", "hundred", "ratus"):
            hundreds += (tail or 1) * 100 if t != "seratus" else 100
            tail = 0
        elif t == "seribu":
            total += 1000
        elif t in _UNITS:
            tail += _UNITS[t]
        elif t in _TEENS:
            tail += 10
        elif t == "puluh":
            tail = (tail or 1) * 10
        elif t in _SCALES:
            total += (hundreds + tail or 1) * _SCALES[t]
            hundreds = tail = 0
        else:
            return None
    return Fraction(total + hundreds + tail)


def _fmt(v: Fraction) -> str:
    if v.denominator == 1:
        return str(v.numerator)
    f = float(v)
    return f"{f:.6f}".rstrip("0").rstrip(".")


def _read(m: re.Match) -> str | None:
    """The canonical value of one match, or None when it is not a value (a lone scale word)."""
    return _read_groups(m.groups())


#: ``_TOKEN``'s groups by number (every group is named).
_GROUP_NAMES = tuple(sorted(_TOKEN.groupindex, key=_TOKEN.groupindex.get))


@functools.lru_cache(maxsize=1 << 16)
def _read_groups(groups: tuple[str | None, ...]) -> str | None:
    """:func:`_read` of a match with these groups: a function of the groups alone, so the same
    figure read again ("2019", "Rp 5 juta") costs one lookup instead of its Fraction arithmetic."""
    g = dict(zip(_GROUP_NAMES, groups))
    if g["iso"]:
        return f"d{int(g['id'])}.{int(g['im'])}.{g['iy']}"
    if g["dmy"]:
        d, mo, y = int(g["d1"]), int(g["m1"] or g["m4"]), g["y1"] or g["y4"]
        if not (1 <= d <= 31 and 1 <= mo <= 31) or (d > 12 and mo > 12):
            return None
        # Day-first or month-first cannot be told apart without context: keep the pair unordered.
        lo, hi = sorted((d, mo))
        return f"n{lo}.{hi}" + (f".{_year(y)}" if y else "")
    if g["dmonth"] or g["monthd"]:
        day = g["d2"] or g["d3"]
        d = int(day) if day.isdigit() else _UNITS[day.lower()]
        mo = _MONTHS[(g["mo2"] or g["mo3"]).lower()]
        y = g["y2"] or g["y3"]
        return f"d{d}.{mo}" + (f".{y}" if y else "")
    if g["frac"]:
        v = Fraction(int(g["fw"] or 0)) + Fraction(int(g["fn"]), int(g["fd"]))
        return _fmt(v)
    if g["num"]:
        v = parse_number(g["n"])
        if v is None:
            return None
        if g["sc"]:
            v *= _SCALES[g["sc"].lower()]
        return _fmt(v)
    if g["words"]:
        if not any(t.lower() in _UNITS or t.lower() in _TEENS or t.lower() in _SMALL_SCALES
                   for t in re.split(r"[\s-]+", g["words"]) if t):
            return None  # "juta", "k" alone: not a stated value
        v = parse_words(g["words"])
        return None if v is None else _fmt(v)
    return None


def _year(y: str) -> str:
    return y if len(y) == 4 else ("20" + y if int(y) < 50 else "19" + y)


#: Where a value can begin: a digit run, a currency sign, or a (maximal) run of ASCII letters that
#: is a month, currency, number or scale word. ``_TOKEN`` is tried only there (:func:`_matches`):
#: trying its alternatives at every character made a 600 KB text take 14 s.
_STARTERS = frozenset([*_MONTHS, *_UNITS, *_SMALL_SCALES, *_TEENS, *_SCALES, *_DAY_WORDS.split("|"),
                       "rp", "us", "usd", "idr", "eur", "stg", "dlr", "dlrs", "rupiah", "dollar", "dollars", "yen"])
#: A digit run or a currency sign. One character class first (the digit run continues only after a
#: digit): ``re`` then skips to candidate characters in C instead of trying the pattern everywhere.
_DIGIT_START = re.compile(r"[\d$€£](?:(?<=\d)\d*)?")
#: The starter words as bytes (:func:`_starts` looks for them in an ASCII image of the text).
_STARTER_BYTES = frozenset(w.encode("ascii") for w in _STARTERS if w.isascii() and w.isalpha())
#: ASCII letters lower-cased, every other byte a space: the runs of letters of an ASCII image of a
#: text are then its words of ASCII letters, split by ``bytes.split()`` in C.
_LETTERS_ONLY = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))


def _ascii_words(text: str) -> tuple[bytes, set[bytes]]:
    """An ASCII image of ``text`` (each other character one ``?``, so positions are kept) with its
    letters lower-cased and every other character a space, padded with one space each side; and
    its words (the maximal runs of ASCII letters, lower-cased). Split by ``bytes.split()`` in C.

    >>> image, words = _ascii_words("Rp9, Ŝaya")
    >>> image, sorted(words)
    (b' rp    aya ', [b'aya', b'rp'])
    """
    image = b" " + text.encode("ascii", "replace").translate(_LETTERS_ONLY) + b" "
    return image, set(image.split())


def _starts(text: str, image: bytes, words: set[bytes]) -> list[int]:
    """Where a value can begin in ``text``, ascending: every digit run and currency sign, and every
    maximal run of ASCII letters that is a starter word (case aside), found as the starter words
    among ``words`` and their occurrences in ``image`` (:func:`_ascii_words`).

    >>> _starts("Rp 9, lima dan 5%; Lima-limanya", *_ascii_words("Rp 9, lima dan 5%; Lima-limanya"))
    [0, 3, 6, 15, 19]
    """
    starts = [m.start() for m in _DIGIT_START.finditer(text)]
    for word in _STARTER_BYTES.intersection(words):
        probe = b" " + word + b" "
        i = image.find(probe)
        while i >= 0:
            starts.append(i)  # image[i] is the space before the word: text index i
            i = image.find(probe, i + len(word) + 1)
    starts.sort()
    return starts


def _matches(text: str, ascii_words: tuple[bytes, set[bytes]] | None = None):
    """The value matches of ``text`` left to right, without overlaps (as ``_TOKEN.finditer``
    finds them, but trying the pattern only where a value can begin: linear in the text).
    ``ascii_words`` is ``_ascii_words(text)`` when the caller has it.

    >>> [m.group() for m in _matches("Harga Rp 9 naik lima persen, 8 September 2019.")]
    ['Rp 9', 'lima ', '8 September 2019']
    """
    end = 0
    for i in _starts(text, *(ascii_words or _ascii_words(text))):
        if i < end:
            continue
        m = _TOKEN.match(text, i)
        if m is not None and m.end() > i:
            end = m.end()
            yield m


def values(text: str) -> list[str]:
    """The values ``text`` states, in order, each in one canonical spelling.

    Numbers are plain decimals (``1500``, ``3.5``), dates ``d<day>.<month>[.<year>]``, and
    numeric day/month pairs whose order cannot be told ``n<low>.<high>[.<year>]``.

    >>> values("Rp3,5 juta dan 1.500 orang; 6-1/16 pct; Sept. 8")
    ['3500000', '1500', '6.0625', 'd8.9']
    """
    out = []
    for m in _matches(text):
        v = _read(m)
        if v is not None:
            out.append(v)
    return out


def canonical(text: str, *, lower: bool = True) -> str:
    """``text`` with every value written canonically and percent words, currency marks and
    spacing around them unified: equal for two texts that differ only in how they write values.

    >>> canonical("naik 3,5 persen ke Rp 9") == canonical("naik 3.5% ke Rp9")
    True
    """
    def repl(m: re.Match) -> str:
        v = _read(m)
        if v is None:
            return m.group()
        return " " + _date_key(v) + " "

    ascii_words = _ascii_words(text)
    parts, last = [], 0
    for m in _matches(text, ascii_words):
        parts += [text[last:m.start()], repl(m)]
        last = m.end()
    t = "".join(parts) + text[last:]
    t = _PERCENT_WORD.sub(" pct ", t)
    if _may_have_currency(text, ascii_words[1]):
        t = _CURRENCY_MARK.sub(" ", t)
    return " ".join(words(t.lower() if lower else t))


def _may_have_currency(text: str, words: set[bytes]) -> bool:
    """False when ``_CURRENCY_MARK`` cannot match in ``text`` nor in what :func:`canonical` makes
    of it (its replacements add only the words "pct" and "date", spaced off): no currency sign,
    none of the characters ``re.I`` matches to an ASCII letter ("İ", "ı", "ſ"), and no currency
    word among its ASCII ``words`` (a currency word after a non-word character and before one is
    a maximal run of letters)."""
    return bool(_CURRENCY_WORDS.intersection(words)) or any(c in text for c in "$€£İıſ")


_CURRENCY_WORDS = frozenset(b"rp us usd idr eur stg dlr dlrs rupiah dollar dollars yen".split())


# The two patterns below read as ``(?i)(?:%|(?<!\w)(?:persen|percent|pct|per cent|prosen)(?!\w))``
# and ``(?i)(?<!\w)`` + ``_CURRENCY`` + ``(?!\w)``, written to begin with one class of the
# characters a match can start with (under ``re.I``: "i" also matches "İ" and "ı", "s" "ſ"), so that
# ``re`` skips to those in C; the first character is consumed there, so "not after a word
# character" becomes ``(?<!\w.)`` and each word's first letter a look-behind.
_PERCENT_WORD = re.compile(r"[%Pp](?:(?<=%)|(?<!\w.)(?i:ersen|ercent|ct|er cent|rosen)(?!\w))")
_CURRENCY_MARK = re.compile(
    r"[RrUu$IiİıEe€£SsſDdYy](?<!\w.)(?i:(?<=r)p\.?|(?<=u)s\$|(?<=\$)|(?<=u)sd|(?<=i)dr|(?<=e)ur|(?<=€)|(?<=£)"
    r"|(?<=s)tg|(?<=d)lrs?|(?<=r)upiah|(?<=d)ollars?|(?<=y)en)(?!\w)"
)


def _date_key(v: str) -> str:
    """Dates compare on day and month (the year only when both state it; see :func:`same`):
    the canonical text keeps day and month so that "08/09" and "8/9/2019" read the same."""
    if v[0] in "dn":
        parts = v[1:].split(".")
        d, mo = int(parts[0]), int(parts[1])
        return "date" + ".".join(str(x) for x in sorted((d, mo)))
    return v


def same(a: str, b: str) -> bool:
    """True when two values (from :func:`values`) are the same fact.

    A date without a year matches the same day with one; a numeric ``08/09`` matches
    ``8 September`` and ``9 August`` (the order of day and month is not known).

    >>> same("d8.9", "d8.9.2019"), same("n8.9", "d8.9"), same("d8.9", "d9.9"), same("1500", "1500")
    (True, True, False, True)
    """
    if a == b:
        return True
    if a[:1] in "dn" and b[:1] in "dn" and not a[1:2].isalpha() and not b[1:2].isalpha():
        pa, pb = a[1:].split("."), b[1:].split(".")
        if len(pa) < 2 or len(pb) < 2:
            return False
        if len(pa) == 3 and len(pb) == 3 and pa[2] != pb[2]:
            return False
        da, db = (int(pa[0]), int(pa[1])), (int(pb[0]), int(pb[1]))
        if a[0] == "n" or b[0] == "n":
            return sorted(da) == sorted(db)
        return da == db
    return False


def changed(a: str, b: str) -> bool:
    """True when the value ``b`` states differs from ``a``'s (both texts of one fact): the values
    of each differ, or one states a value the other does not.

    >>> changed("lima", "5"), changed("Rp 9", "Rp9"), changed("136,392", "136.392"), changed("5", "6")
    (False, False, False, True)
    """
    va, vb = values(a), values(b)
    if not va and not vb:
        return a.strip().lower() != b.strip().lower()
    return not _multiset_same(va, vb)


def _multiset_same(va: list[str], vb: list[str]) -> bool:
    left = list(vb)
    for x in va:
        k = next((i for i, y in enumerate(left) if same(x, y)), None)
        if k is None:
            return False
        left.pop(k)
    return not left


def unmatched(va: list[str], vb: list[str]) -> tuple[list[str], list[str]]:
    """The values of ``va`` with no equal value in ``vb``, and those of ``vb`` with none in ``va``.

    >>> unmatched(["5", "d8.9"], ["5", "d9.9"])
    (['d8.9'], ['d9.9'])
    """
    left = list(vb)
    only_a = []
    for x in va:
        k = next((i for i, y in enumerate(left) if same(x, y)), None)
        if k is None:
            only_a.append(x)
        else:
            left.pop(k)
    return only_a, left
