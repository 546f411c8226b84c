"""Word-level edits inside a modified sentence, and the facts (numbers, dates, names) among them.

>>> edits, facts = word_edits("Rusia kehilangan 13.500 tentara.", "Rusia kehilangan 14.000 prajurit.")
>>> [(f.type, f.a, f.b) for f in facts]
[('number', '13.500', '14.000')]
"""

from __future__ import annotations

from dataclasses import dataclass

from . import facts as F
from .text import NUMBER, normalized_words


@dataclass(frozen=True, slots=True)
class WordEdit:
    """One word-level change inside a modified sentence: ``op`` is replace, insert or delete."""

    op: str
    a: str
    b: str

    def to_dict(self) -> dict:
        return {"op": self.op, "a": self.a, "b": self.b}


@dataclass(frozen=True, slots=True)
class FactChange:
    """A changed number, date or name inside a modified sentence (what an editor must check)."""

    type: str  # "number" | "date" | "name"
    a: str
    b: str

    def to_dict(self) -> dict:
        return {"type": self.type, "a": self.a, "b": self.b}


_MONTHS = frozenset(
    """januari februari maret april mei juni juli agustus september oktober november desember
    january february march may june july august october december jan feb mar apr jun jul aug sep
    sept okt oct nov des dec senin selasa rabu kamis jumat sabtu minggu monday tuesday wednesday
    thursday friday saturday sunday""".split()
)


#: Currency marks are written capitalised ("Rp", "US") but are not names.
_CURRENCY_MARKS = frozenset("rp us usd idr dlrs dlr stg yen".split())
#: Number words that state a value on their own ("lima", "five"); scale words ("juta") do not.
_NUMBER_WORDS = frozenset(
    """satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas seratus seribu one two
    three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred""".split()
)


def word_edits(a: str, b: str, *, names: bool = True) -> tuple[list[WordEdit], list[FactChange]]:
    """Word-level edits turning sentence ``a`` into ``b``, and the facts among them.

    Consecutive changed words form one edit. ``names=False`` skips capitalised words as facts
    (headlines are Title Case, so every word would look like a name).

    >>> edits, facts = word_edits("Rusia kehilangan 13.500 tentara.", "Rusia kehilangan 14.000 prajurit.")
    >>> [(e.op, e.a, e.b) for e in edits], [(f.type, f.a, f.b) for f in facts]
    ([('replace', '13.500 tentara', '14.000 prajurit')], [('number', '13.500', '14.000')])
    """
    wa, wb = normalized_words(a), normalized_words(b)
    edits: list[WordEdit] = []
    facts: list[FactChange] = []
    if wa == wb:  # the same words, spaced or punctuated otherwise: nothing to show
        return edits, facts
    # Edits are case-sensitive ("Northwest" -> "northwest" is shown); facts come from the words
    # compared without case, so a change of case alone is never a fact change.
    blocks = _changed_blocks(wa, wb)
    for i1, i2, j1, j2 in blocks:
        op = "replace" if i2 > i1 and j2 > j1 else ("delete" if i2 > i1 else "insert")
        edits.append(WordEdit(op, " ".join(wa[i1:i2]), " ".join(wb[j1:j2])))
    lower_a, lower_b = [w.lower() for w in wa], [w.lower() for w in wb]
    if lower_a == lower_b:  # a change of case alone
        return edits, facts
    distinct = set(wa).union(wb)
    if len(distinct) != len({w.lower() for w in distinct}):
        # Two words the same but for case: the words compared without case are other blocks.
        # (Else they are the same sequences renamed, whose edit script is the same blocks.)
        blocks = _changed_blocks(lower_a, lower_b)
    for i1, i2, j1, j2 in blocks:
        facts.extend(_pair_facts(_facts(wa, i1, i2, names), _facts(wb, j1, j2, names)))
    facts = [f for f in facts if f.a.lower() != f.b.lower()]
    if any(f.type != "name" for f in facts):
        facts = _value_changes(facts, a, b)
    return edits, facts


def _changed_blocks(la: list[str], lb: list[str]) -> list[list[int]]:
    """``[i1, i2, j1, j2]`` of each run of consecutive changed words."""
    from rapidfuzz.distance import Levenshtein

    blocks: list[list[int]] = []
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(la, lb).as_list():  # tuples: unpacking an Opcode is slower
        if tag == "equal":
            continue
        if blocks and blocks[-1][1] == i1 and blocks[-1][3] == j1:
            blocks[-1][1], blocks[-1][3] = i2, j2
        else:
            blocks.append([i1, i2, j1, j2])
    return blocks


def _value_changes(facts: list[FactChange], a: str, b: str) -> list[FactChange]:
    """Keep only the number and date changes that change a value (see :mod:`dedup.facts`):
    "5" -> "lima", "Rp 9" -> "Rp9", "08/09" -> "8/9/2019" are the same fact written again, and a
    number that moved within the sentence is not a change either."""
    va, vb = F.values(a), F.values(b)
    only_a, only_b = F.unmatched(va, vb)
    if not only_a and not only_b:
        return [f for f in facts if f.type == "name"]  # the same values, written differently
    out = []
    for f in facts:
        if f.type != "name":
            fa, fb = F.values(f.a) if f.a else [], F.values(f.b) if f.b else []
            if (fa or fb) and all(any(F.same(x, y) for y in vb) for x in fa) and all(
                any(F.same(x, y) for y in va) for x in fb
            ):
                continue  # every value it names is stated on the other side too (moved, respelt)
        out.append(f)
    return out


def _facts(tokens: list[str], i1: int, i2: int, names: bool = True) -> list[tuple[str, str]]:
    out: list[tuple[str, str, int]] = []
    for k in range(i1, i2):
        t = tokens[k]
        if NUMBER.search(t):
            kind = "date" if _near_month(tokens, k) or ("/" in t and _is_date(t)) else "number"
        elif (low := t.lower()) in _NUMBER_WORDS and not (names and k > 0 and t[:1].isupper()):
            kind = "number"
        elif low in _MONTHS:
            kind = "date"
        elif names and k > 0 and t[:1].isupper() and low not in _CURRENCY_MARKS:
            kind = "name"
        else:
            continue
        # Adjacent name tokens form one name ("Kim Jong Un").
        if out and kind == "name" == out[-1][0] and out[-1][2] == k - 1:
            out[-1] = (kind, out[-1][1] + " " + t, k)
        else:
            out.append((kind, t, k))
    return [(kind, t) for kind, t, _ in out]


def _is_date(token: str) -> bool:
    """"08/09" and "8/9/2019" are dates; "6-1/16" is a fraction (a number)."""
    return any(v[:1] in "dn" for v in F.values(token))


def _near_month(tokens: list[str], k: int) -> bool:
    """A day before a month name ("12 Maret") or a year after one ("Maret 2022")."""
    t = tokens[k]
    if k + 1 < len(tokens) and tokens[k + 1].lower() in _MONTHS and len(t) <= 2:
        return True
    return k > 0 and tokens[k - 1].lower() in _MONTHS and len(t) == 4 and t[:2] in ("19", "20")


def _pair_facts(fa: list[tuple[str, str]], fb: list[tuple[str, str]]) -> list[FactChange]:
    out = []
    fb = list(fb)
    for t, w in fa:
        k = next((i for i, (tb, _) in enumerate(fb) if tb == t), None)
        out.append(FactChange(t, w, "") if k is None else FactChange(t, w, fb.pop(k)[1]))
    out.extend(FactChange(t, "", w) for t, w in fb)
    return out
