"""Sentences, headlines, datelines and bylines from the seeded vocabulary: rules as data, one expander.

A *rule* is one of:

- a template string: literal text with slots, expanded left to right;
- :class:`Pick` ``((bound, rule), ...)``: one ``random()`` draw takes the first branch whose
  bound is above it;
- :class:`OneOf` ``(rule, ...)``: every alternative is expanded, in order, then one is chosen
  (each draws from the generator even when not chosen, as the generator always has);
- :class:`Let` ``(then, name=rule, ...)``: values drawn once, in order, used as ``{$name}``;
- :class:`Repeat` ``(rule, counts)``: a rule repeated ``choice(counts)`` times.

Slots: ``{noun}`` draws a word of that list of :data:`~.vocabulary.WORDS`; ``{@org}`` expands the
rule ``org`` of the language; ``{$place}`` is a value a :class:`Let` drew; ``{n:2:900}`` a number,
``{dec:1:60:1}`` a decimal with one digit, ``{pick:a|b}`` one of the options, ``{name}`` a person's
name, ``{person}``/``{who}`` a name the article already uses (sometimes) or a new one/a place. A
slot may end in modifiers: ``{title.lower}``, ``{verb.past}``, ``{place.upper}``.

Two unrelated sentences are about as far apart, by ``fuzz.ratio``, as two unrelated sentences of
real news: each is built from interchangeable parts (subject, verb phrase, object, zero to two
adjuncts, one of ten frames).

>>> sentence(random.Random(3), "en")[:1].isupper(), headline(random.Random(3), "id") != ""
(True, True)
"""

from __future__ import annotations

import random
import re
from typing import Callable, Sequence, Union

from .vocabulary import WORDS

Rule = Union[str, "Pick", "OneOf", "Let", "Repeat", "_Template"]


class Pick:
    """``Pick((0.3, a), (1, b))``: ``a`` when a ``random()`` draw is below 0.3, else ``b``.

    ``bind`` values are drawn after that draw, before the branch (as ``{$name}``)."""

    __slots__ = ("branches", "bind")

    def __init__(self, *branches: tuple[float, Rule], bind: dict[str, Rule] | None = None):
        self.branches = tuple((bound, _compile(rule)) for bound, rule in branches)
        self.bind = tuple((k, _compile(r)) for k, r in (bind or {}).items())

    def expand(self, x: "_Expander") -> str:
        k = x.rng.random()
        for name, rule in self.bind:
            x.vars[name] = rule.expand(x)
        for bound, rule in self.branches:
            if k < bound:
                return rule.expand(x)
        raise AssertionError("the last bound of a Pick must be 1")


class OneOf:
    """Every alternative expanded in order, then one chosen with ``choice``."""

    __slots__ = ("options",)

    def __init__(self, *options: Rule):
        self.options = tuple(_compile(o) for o in options)

    def expand(self, x: "_Expander") -> str:
        return x.rng.choice([o.expand(x) for o in self.options])


class Let:
    """``Let(then, place="{place}")``: ``place`` drawn once, before ``then``, as ``{$place}``."""

    __slots__ = ("then", "bindings")

    def __init__(self, then: Rule, **bindings: Rule):
        self.then = _compile(then)
        self.bindings = tuple((k, _compile(r)) for k, r in bindings.items())

    def expand(self, x: "_Expander") -> str:
        for name, rule in self.bindings:
            x.vars[name] = rule.expand(x)
        return self.then.expand(x)


class Repeat:
    """A rule repeated ``choice(counts)`` times, joined by spaces, with a leading space if any."""

    __slots__ = ("rule", "counts")

    def __init__(self, rule: Rule, counts: tuple[int, ...]):
        self.rule, self.counts = _compile(rule), counts

    def expand(self, x: "_Expander") -> str:
        parts = [self.rule.expand(x) for _ in range(x.rng.choice(self.counts))]
        return " " + " ".join(parts) if parts else ""


_SLOT = re.compile(r"\{([@$]?[a-z_]+\d*)((?:\.[a-z]+)*)(?::([^{}]*))?\}")


class _Template:
    """A template string compiled to literal text and slot functions of the expander.

    ``facts=True`` (report templates): a bare slot is a fact, drawn once per article."""

    __slots__ = ("fmt", "slots", "expand")

    def __init__(self, text: str, facts: bool = False):
        fmt, slots, pos = [], [], 0
        for m in _SLOT.finditer(text):
            fmt += [text[pos:m.start()].replace("%", "%%"), "%s"]
            slots.append(_slot(m.group(1), m.group(2).split(".")[1:], m.group(3), facts))
            pos = m.end()
        fmt.append(text[pos:].replace("%", "%%"))
        self.fmt, self.slots = "".join(fmt), tuple(slots)
        if self.fmt == "%s":
            self.expand = slots[0]  # one slot: its function
        elif not slots:
            self.expand = lambda x, text=text: text
        else:
            self.expand = self._fill

    def _fill(self, x: "_Expander") -> str:
        return self.fmt % tuple([f(x) for f in self.slots])


def _slot(key: str, mods: list[str], arg: str | None, facts: bool) -> Callable[["_Expander"], str]:
    """The function that fills one slot (see the module docstring)."""
    if key[0] == "@":
        rule = key[1:]
        f = lambda x: x.rules[rule].expand(x)  # noqa: E731
    elif key[0] == "$":
        var = key[1:]
        f = lambda x: x.vars[var]  # noqa: E731
    elif key == "n":
        lo, hi = map(int, arg.split(":"))
        f = lambda x: num(x.rng, x.lang, lo, hi)  # noqa: E731
    elif key == "dec":
        a, b, d = arg.split(":")
        lo, hi, digits = float(a), float(b), int(d)
        f = lambda x: dec(x.rng.uniform(lo, hi), digits, x.lang)  # noqa: E731
    elif key == "pick":
        options = arg.split("|")
        f = lambda x: x.rng.choice(options)  # noqa: E731
    elif facts:
        f = lambda x: x.fact(key)  # noqa: E731
    elif key in _NAMES:
        f = _NAMES[key]
    else:
        f = lambda x: x.rng.choice(x.words[key])  # noqa: E731
    for name in mods:
        f = (lambda inner, mod: lambda x: mod(inner(x)))(f, _MODIFIERS[name])
    return f


def _compile(rule: Rule) -> Rule:
    return _Template(rule) if isinstance(rule, str) else rule


def cap(s: str) -> str:
    """``s`` with its first letter in upper case."""
    return s[:1].upper() + s[1:]


_MODIFIERS: dict[str, Callable[[str], str]] = {
    "lower": str.lower, "upper": str.upper, "title": str.title,
    "base": lambda s: s.split(":")[0], "past": lambda s: s.split(":")[-1],
    "site": lambda s: s.title().replace(".Com", ".com"),  # KOMPAS.com -> Kompas.com
}


def name(rng: random.Random, lang: str) -> str:
    """A person's name: a first name and a listed or made-up last name."""
    v = WORDS[lang]
    if rng.random() < 0.5:
        last = rng.choice(v["last"])
    else:
        last = "".join(rng.choice(v["syl"]) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{rng.choice(v['first'])} {last}"


def num(rng: random.Random, lang: str, lo: int = 2, hi: int = 9999) -> str:
    """An integer in ``[lo, hi]`` with the language's thousands separator."""
    n = rng.randint(lo, hi)
    return f"{n:,}".replace(",", "." if lang == "id" else ",")


def dec(x: float, digits: int, lang: str) -> str:
    """``x`` with ``digits`` decimals, in the language's notation (``1.234,5`` or ``1,234.5``)."""
    s = f"{x:,.{digits}f}"
    if lang == "id":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


class _Expander:
    """The state of one expansion: the generator, the language, the names, the values drawn."""

    def __init__(self, rng: random.Random, lang: str, names: Sequence[str] = ()):
        self.rng, self.lang, self.names = rng, lang, names
        self.words = WORDS[lang]
        self.rules = GRAMMAR[lang]
        self.vars: dict[str, str] = {}

    def expand(self, rule: Rule) -> str:
        return rule.expand(self)


def _person(x: _Expander) -> str:
    """A name the article already uses (now and then) or a new one."""
    return x.rng.choice(x.names) if x.names and x.rng.random() < 0.3 else name(x.rng, x.lang)


def _who(x: _Expander) -> str:
    """Who a headline is about: a name the article uses (half the time) or a place."""
    return x.rng.choice(x.names) if x.names and x.rng.random() < 0.5 else x.rng.choice(x.words["place"])


_NAMES: dict[str, Callable[[_Expander], str]] = {
    "name": lambda x: name(x.rng, x.lang), "person": _person, "who": _who,
}


# --- the grammar of each language ------------------------------------------------------------

_ID_NUMBERS = Let(OneOf(
    "{pick:Sebanyak|Sekitar|Hampir|Lebih dari} {$num} {unit} {noun} {pverb} {@adjunct}, {pick:naik|turun} "
    "{$pct} persen {pick:dari|dibandingkan} {time}.",
    "Jumlah {$noun} {adj} di {$place} {pick:naik|turun|bertambah} menjadi {$num} {unit} {time}.",
    "{@org} mencatat {$num} {unit} {$noun} {adj} {@adjunct}.",
    "Sekitar {$pct} persen {people} di {$place} {verb} {@obj}.",
), num="{n:3:5000}", pct="{dec:1:60:1}")
_ID_MONEY = Let(OneOf(
    "{pick:Anggaran|Dana|Biaya} {pick:untuk|bagi|proyek} {$noun} {adj} {pick:mencapai|sebesar|sekitar} {$money}.",
    "{@org} menyiapkan {$money} untuk {$noun} {adj} {@adjunct}.",
    "Nilai {$noun} yang {pverb} {@adjunct} ditaksir {$money}.",
    "Proyek {$noun} di {$place} menelan biaya {$money} dan {pverb} {time}.",
), money="Rp {dec:1:900:1} {big}")
_EN_NUMBERS = Let(OneOf(
    "{pick:Some|About|Nearly|More than} {$num} {unit} of {noun} were {verb.past} {@adjunct}, {pick:up|down} "
    "{$pct} percent from {time}.",
    "The number of {adj} {$noun} in {$place} {pick:rose|fell|climbed} to {$num} {time}.",
    "{@org} recorded {$num} {unit} of {$noun} {@adjunct}.",
    "About {$pct} percent of {people} in {$place} {verb.past} {@obj}.",
), num="{n:3:5000}", pct="{dec:1:60:1}")
_EN_MONEY = Let(OneOf(
    "The {pick:budget|funding|cost} for the {adj} {$noun} {pick:reached|stands at|is about} {$money}.",
    "{@org} set aside {$money} for the {adj} {$noun} {@adjunct}.",
    "The {$noun} {verb.past} {@adjunct} is valued at {$money}.",
    "Work on the {$noun} in {$place} will cost {$money} and is due to finish {time}.",
), money="${dec:1:900:1} {big}")
_TAIL = Repeat("{@adjunct}", (0, 1, 1, 2))


def _en_vp(*heads: str) -> Let:
    return Let(Let("{$head} {@obj}{$tail}", head=OneOf(*heads)), verb="{verb}", tail=_TAIL)


#: The rules of each language: ``sentence``, ``headline``, ``dateline``, ``byline``, ``read_also``
#: and the parts they are made of.
GRAMMAR: dict[str, dict[str, Rule]] = {
    "id": {
        "sentence": Let("{@frame}", place="{place}", noun="{noun}", person="{person}"),
        "frame": Pick(
            (0.2, "{@subject} {@vp}."),
            (0.32, "{intro} {@subject} {@vp}."),
            (0.42, "Menurut {$person}, {@subject} {@vp}."),
            (0.52, "{$person} {say} {pick:bahwa |}{@subject} {@vp}."),
            (0.6, '"{pick:Kami|Kita|Pemerintah|Warga} {@vp}," {pick:kata|ujar|ucap|tutur} {$person}.'),
            (0.7, _ID_NUMBERS),
            (0.78, _ID_MONEY),
            (0.86, "{$noun} {adj} di {$place} {pverb} {@adjunct}."),
            (0.93, "{pick:Jika|Bila|Apabila} {$noun} {adj}, {@subject} {@vp}."),
            (1, "{@subject} {@vp}, {pick:sementara|sedangkan|namun} {@subject} {@vp}."),
        ),
        "org": Pick(
            (0.45, "{org} {place}"),
            (0.7, "{pick:Pemkot|Pemkab|Polres|DPRD|Kejari|BPBD|Dinkes|Disdik} {place}"),
            (1, "{pick:Kecamatan|Kelurahan|Desa|Kabupaten|Kota} {place}"),
        ),
        "subject": Pick(
            (0.25, Pick((0.5, "{title} {@org} {$person}"), (1, "{$person}, {title.lower} {@org},"))),
            (0.5, "{@org}"),
            (0.7, "{pick:sejumlah|ratusan|puluhan|para} {people} {pick:di|asal|dari} {place}"),
            (0.85, "{$person}"),
            (1, "{pick:pihak|tim gabungan|petugas} {@org}"),
        ),
        "obj": Pick(
            (0.35, "{noun} {adj}"),
            (0.55, "{n:2:900} {unit} {noun}"),
            (0.7, "{noun} milik {people}"),
            (0.85, "{noun} dan {$noun2}"),
            (1, "{pick:sejumlah|beberapa|seluruh} {noun} di {place}"),
            bind={"noun2": "{noun}"},
        ),
        "adjunct": Pick(
            (0.15, "di {place}"),
            (0.3, "pada {day} ({n:1:28}/{n:1:12})"),
            (0.42, "senilai Rp {dec:1:99:1} {big}"),
            (0.52, "bersama {name}"),
            (0.64, "{pick:untuk|demi|guna} {noun} {adj}"),
            (0.76, "{time}"),
            (0.88, "{pick:karena|setelah|menyusul} {noun} {adj} di {place}"),
            (1, "di tengah {noun} yang {adj}"),
        ),
        "vp": Let("{$aux}{verb} {@obj}{$tail}",
                  aux=OneOf("", "", "akan ", "telah ", "mulai ", "masih ", "berencana ", "belum ", "segera "),
                  tail=_TAIL),
        "headline": Let("{$who} {hverb} {$noun} {adj.title}, {people.title} {place} Menunggu",
                        who="{who}", noun="{noun.title}"),
        "dateline": Let(Pick((0.6, "{$portal}, {$place} -"), (1, "{$place}, {$portal.site} -")),
                        place="{place.upper}", portal="{portal}"),
        "byline": "{byline} {name}",
        "read_also": "{read_also} {@headline}",
    },
    "en": {
        "sentence": Let("{@frame}", place="{place}", noun="{noun}", person="{person}"),
        "frame": Pick(
            (0.2, "{@subject} {@vp}."),
            (0.32, "{intro} {@subject} {@vp}."),
            (0.42, "According to {$person}, {@subject} {@vp}."),
            (0.52, "{$person} {say} {pick:that |}{@subject} {@vp_future}."),
            (0.6, '"{pick:We|The city|Residents|The agency} {@vp_quote}," {pick:said|added|explained} {$person}.'),
            (0.7, _EN_NUMBERS),
            (0.78, _EN_MONEY),
            (0.86, "The {adj} {$noun} in {$place} was {verb.past} {@adjunct}."),
            (0.93, "{pick:If|Unless|Once} the {$noun} is {adj}, {@subject} {@vp_future}."),
            (1, "{@subject} {@vp}, {pick:while|but|and} {@subject} {@vp}."),
        ),
        "org": Pick(
            (0.5, "the {place} {org}"),
            (0.75, "{place} {pick:police|council|prosecutors|officials|health officials|planners}"),
            (1, "the {pick:county|city|regional|state} {org}"),
        ),
        "subject": Pick(
            (0.25, Pick((0.5, "{@org} {title} {$person}"), (1, "{$person}, a {title} at {@org},"))),
            (0.5, "{@org}"),
            (0.7, "{pick:some|hundreds of|dozens of|many} {people} {pick:in|from|near} {place}"),
            (0.85, "{$person}"),
            (1, "{pick:a team from|inspectors from|staff at} {@org}"),
        ),
        "obj": Pick(
            (0.35, "the {adj} {noun}"),
            (0.55, "{n:2:900} {unit} of {noun}"),
            (0.7, "the {noun} used by {people}"),
            (0.85, "the {noun} and {noun}"),
            (1, "{pick:several|all the|some of the} {noun} in {place}"),
        ),
        "adjunct": Pick(
            (0.15, "in {place}"),
            (0.3, "on {day}"),
            (0.42, "worth ${dec:1:99:1} {big}"),
            (0.52, "with {name}"),
            (0.64, "{pick:for|to support|ahead of} the {adj} {noun}"),
            (0.76, "{time}"),
            (0.88, "{pick:after|because of|following} the {adj} {noun} in {place}"),
            (1, "amid {adj} {noun}"),
        ),
        "vp": _en_vp("{$verb.past}", "{$verb.past}", "has {$verb.past}", "plans to {$verb.base}",
                     "will {$verb.base}", "began to {$verb.base}", "has yet to {$verb.base}"),
        # after "We" or "Residents" as well as "The city"
        "vp_quote": _en_vp("will {$verb.base}", "will not {$verb.base}", "must {$verb.base}", "can {$verb.base}"),
        "vp_future": _en_vp("will {$verb.base}", "would {$verb.base}", "plans to {$verb.base}",
                            "hopes to {$verb.base}"),
        "headline": Let("{$who} to {verb.base.title} {adj.title} {$noun} as {people.title} Wait",
                        who="{who}", noun="{noun.title}"),
        "dateline": "{place.upper} ({agency}) -",
        "byline": Pick((0.5, "By {name}"), (1, "Reporting by {name}; Editing by {name}")),
        "read_also": "{read_also} {@headline}",
    },
}

GRAMMAR = {lang: {k: _compile(rule) for k, rule in rules.items()} for lang, rules in GRAMMAR.items()}


def expand(rule_name: str, rng: random.Random, lang: str, names: Sequence[str] = ()) -> str:
    """The rule ``rule_name`` of ``lang`` expanded with ``rng``."""
    return _Expander(rng, lang, names).expand(GRAMMAR[lang][rule_name])


def sentence(rng: random.Random, lang: str, names: Sequence[str] = ()) -> str:
    """One plausible news sentence (ends with a full stop); ``names`` are sometimes reused."""
    return cap(expand("sentence", rng, lang, names))


def headline(rng: random.Random, lang: str, names: Sequence[str] = ()) -> str:
    return expand("headline", rng, lang, names)


def dateline(rng: random.Random, lang: str) -> str:
    return expand("dateline", rng, lang)


def byline(rng: random.Random, lang: str) -> str:
    return expand("byline", rng, lang)


def read_also(rng: random.Random, lang: str) -> str:
    return expand("read_also", rng, lang)
