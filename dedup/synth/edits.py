"""Sentence-level edits: reword, change a number, add, remove, split, merge and move sentences.

Each source sentence takes part in at most one edit, so the gold ops stay unambiguous (see
:meth:`.article.Article.gold`). The one-sentence operators return ``None`` when nothing fits.

>>> change_number("Harga naik 20 persen.", random.Random(1))[0] != "Harga naik 20 persen."
True
"""

from __future__ import annotations

import random
import re
from typing import Callable, Iterable, Mapping

from rapidfuzz import fuzz

from .. import text as T
from .article import Article, Item
from .grammar import cap, name, sentence
from .model import REWORD_MIN_RATIO
from .vocabulary import MONTH_DAY, NOT_NAMES, NUMBER, SYNONYMS, WORD, WORDS


def ratio(a: str, b: str) -> float:
    """``fuzz.ratio`` of the two sentences' keys."""
    return fuzz.ratio(T.sentence_key(a), T.sentence_key(b))


# Where a filler adverb can go: before a verb-looking word ("juga menolak", "also rejected").
_VERB_LIKE = {
    "id": re.compile(r"^(?:me|di|ber|ter)[a-z]{4,}$"),
    "en": re.compile(r"^[a-z]{3,}ed$"),
}


def reword(s: str, rng: random.Random, lang: str) -> tuple[str, str] | None:
    """Replace 1-3 words by synonyms, or add/drop a filler adverb; None when nothing fits."""
    syn = SYNONYMS[lang]
    matches = [m for m in WORD.finditer(s) if m.start() > 0 and m.group().lower() in syn]
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
        words = list(WORD.finditer(s))
        adverbs = WORDS[lang]["adverb"]
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
    if t == s or T.sentence_key(t) == T.sentence_key(s) or ratio(s, t) < REWORD_MIN_RATIO:
        return None
    return t, ", ".join(log)


def new_number(tok: str, rng: random.Random) -> str:
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


def change_number(s: str, rng: random.Random) -> tuple[str, str] | None:
    nums = list(NUMBER.finditer(s))
    if not nums:
        return None
    m = rng.choice(nums)
    new = new_number(m.group(), rng)
    t = s[:m.start()] + new + s[m.end():]
    return t, f"{m.group()}->{new}"


_SPLIT_AT = {
    "id": re.compile(r", (dan|tetapi|namun|sehingga|sementara|yang|karena|setelah|sebelum|meski) "),
    "en": re.compile(r", (and|but|while|so|which|because|after|before|although|as) "),
}


def split(s: str, rng: random.Random, lang: str) -> tuple[str, str] | None:
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
        return s[:m.start()] + ".", cap(s[m.end():])
    m = rng.choice(cuts)
    conj = m.group(1)
    rest = s[m.end():]
    if conj in ("dan", "and", "yang", "which") or rng.random() < 0.5:
        return s[:m.start()] + ".", cap(rest)
    return s[:m.start()] + ".", cap(conj) + " " + rest


_LOWER_START = re.compile(r"^(?:[A-Z][a-z]+)\b")


def merge(s1: str, s2: str, rng: random.Random, lang: str) -> str | None:
    if not s1.endswith(".") or s1.endswith("..") or '"' in s1[-3:] or len(T.words(s1)) < 4 or len(T.words(s2)) < 4:
        return None
    first = _LOWER_START.match(s2)
    lower = {"Ia", "Dia", "Mereka", "Hal", "Namun", "Ini", "Itu", "Pihaknya", "Kami",
             "It", "He", "She", "They", "This", "That", "The", "But", "Its", "These", "There"}
    if first and first.group() in lower:
        s2 = s2[0].lower() + s2[1:]
    return s1[:-1] + rng.choice(WORDS[lang]["merge"]) + s2


def drop_link(s: str, rng: random.Random) -> tuple[str, str] | None:
    """Scraper noise: a hyperlinked word or name dropped, leaving a comma or a double space."""
    words = list(WORD.finditer(s))
    inner = [m for m in words[1:-1] if len(m.group()) >= 3]
    if len(words) < 8 or not inner:
        return None
    names = [m for m in inner if m.group()[0].isupper()]
    m = rng.choice(names or inner)
    if rng.random() < 0.5:
        t = s[:m.start()].rstrip() + "," + s[m.end():].lstrip()
    else:
        t = s[:m.start()] + " " + s[m.end():]
    if ratio(s, t) < REWORD_MIN_RATIO:
        return None
    return t, f"dropped {m.group()!r}"



class _Run:
    """One run of edits on an article: which source sentences are touched, counts, the log."""

    def __init__(self, art: Article, rng: random.Random, log: list[str], max_added: int, max_removed: int):
        self.art, self.rng, self.log, self.lang = art, rng, log, art.language
        self.touched: set[int] = set()
        self.names = art.entities()
        self.done = {"add": 0, "remove": 0, "move": 0}
        self.limit = {"add": max_added, "remove": max_removed, "move": 1}


# Each edit gets the run, its name, the content positions ``(line, item)``, the content items and
# the indexes of the items still free to edit (shuffled); it edits one of them or none.
_Handler = Callable[[_Run, str, list, list, list], None]


def _add(run: _Run, edit: str, pos: list, items: list, free: list) -> None:
    art = run.art
    s = sentence(run.rng, run.lang, run.names)
    k = run.rng.randrange(len(pos) + 1)
    if 0 < k < len(items) and items[k].prov[0] == "split" and items[k - 1].prov == items[k].prov:
        k += 1  # never between the two halves of a split
    if k == len(pos):
        art.lines.append([Item(s, T.CONTENT, ("new",))])
    else:
        li, ii = pos[k]
        art.lines[li].insert(ii, Item(s, T.CONTENT, ("new",)))
    run.done["add"] += 1
    run.log.append(f"add before content sentence {k}: {s[:40]!r}")


def _remove(run: _Run, edit: str, pos: list, items: list, free: list) -> None:
    if len(items) <= 3:
        return
    k = free[0]
    li, ii = pos[k]
    i = items[k].prov[1]
    del run.art.lines[li][ii]
    run.touched.add(i)
    run.done["remove"] += 1
    run.log.append(f"remove s{i}")


def _modify(run: _Run, edit: str, pos: list, items: list, free: list) -> None:
    for k in free:
        it = items[k]
        res = reword(it.text, run.rng, run.lang) if edit == "reword" else change_number(it.text, run.rng)
        if res and ratio(it.text, res[0]) >= REWORD_MIN_RATIO:
            i = it.prov[1]
            it.text, it.prov = res[0], ("mod", i)
            run.touched.add(i)
            run.log.append(f"{edit} s{i}: {res[1]}")
            return


def _split_one(run: _Run, edit: str, pos: list, items: list, free: list) -> None:
    for k in free:
        it = items[k]
        res = split(it.text, run.rng, run.lang)
        if res:
            i = it.prov[1]
            li, ii = pos[k]
            run.art.lines[li][ii:ii + 1] = [Item(res[0], T.CONTENT, ("split", i)),
                                            Item(res[1], T.CONTENT, ("split", i))]
            run.touched.add(i)
            run.log.append(f"split s{i}")
            return


def _merge_two(run: _Run, edit: str, pos: list, items: list, free: list) -> None:
    for k in free:
        if k + 1 >= len(items) or pos[k][0] != pos[k + 1][0]:
            continue
        it, nx = items[k], items[k + 1]
        if nx.prov[0] != "eq" or nx.prov[1] in run.touched:
            continue
        s = merge(it.text, nx.text, run.rng, run.lang)
        if s:
            i, j = it.prov[1], nx.prov[1]
            li, ii = pos[k]
            run.art.lines[li][ii:ii + 2] = [Item(s, T.CONTENT, ("merge", i, j))]
            run.touched.update((i, j))
            run.log.append(f"merge s{i}+s{j}")
            return


def _move_targets(run: _Run, items: list, k: int) -> list[int]:
    """Where item ``k`` can move: past at least three unchanged sentences with more words than it."""
    words_moved = len(T.words(items[k].text))
    targets = []
    for t in range(len(items) + 1):
        lo, hi = (t, k) if t < k else (k + 1, t)
        jumped = [items[x] for x in range(lo, hi)]
        if len(jumped) >= 3 and all(x.prov[0] == "eq" and x.prov[1] not in run.touched for x in jumped) \
                and sum(len(T.words(x.text)) for x in jumped) > 1.5 * words_moved:
            targets.append(t)
    return targets


def _move(run: _Run, edit: str, pos: list, items: list, free: list) -> None:
    if len(items) < 6:
        return
    art = run.art
    k = free[0]
    it = items[k]
    i = it.prov[1]
    targets = _move_targets(run, items, k)
    if not targets:
        return
    t = run.rng.choice(targets)
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
    run.touched.add(i)
    run.touched.update(jumped_ids)  # the backbone that makes this a move must stay as it is
    run.done["move"] += 1
    run.log.append(f"move s{i} to before content sentence {t}")


#: The edit each name of an edit mix (:data:`~.model.EDIT_MIX`) makes.
EDITS: dict[str, _Handler] = {
    "add": _add, "remove": _remove, "reword": _modify, "number": _modify,
    "split": _split_one, "merge": _merge_two, "move": _move,
}


def apply_edits(art: Article, rng: random.Random, n_edits: int, mix: Mapping[str, float],
                log: list[str], *, max_added: int = 3, max_removed: int = 3) -> None:
    """``n_edits`` edits drawn from ``mix``, each on sentences no other edit touched."""
    run = _Run(art, rng, log, max_added, max_removed)
    ops, weights = zip(*mix.items())
    plan = rng.choices(ops, weights, k=n_edits)
    plan.sort(key=lambda e: e != "move")  # a move first, so later edits leave its anchors alone
    for edit in plan:
        pos = art.content()
        items = [art.lines[li][ii] for li, ii in pos]
        free = [k for k, it in enumerate(items) if it.prov[0] == "eq" and it.prov[1] not in run.touched]
        if not free:
            return
        rng.shuffle(free)
        limit = run.limit.get(edit)
        if edit in EDITS and (limit is None or run.done[edit] < limit):
            EDITS[edit](run, edit, pos, items, free)
    art.lines = [line for line in art.lines if line]


# --- facts: what a template variant changes -------------------------------------------------

def known_names(sentences: Iterable[str]) -> set[str]:
    """Capitalised words a text uses as names: seen mid-sentence, never written in lower case,
    not initials or abbreviations ("U.S.", "Co", "Feb")."""
    lower = set()
    cands = set()
    for s in sentences:
        for m in WORD.finditer(s):
            w = m.group()
            if w.islower():
                lower.add(w)
            elif m.start() > 0 and w[0].isupper() and w not in NOT_NAMES and len(w) > 3 \
                    and w.lower() not in T.ABBREVIATIONS and w not in MONTH_DAY:
                cands.add(w)
    return {w for w in cands if w.lower() not in lower}


def swap_facts(s: str, rng: random.Random, lang: str, names: dict[str, str], known: set[str]) -> tuple[str, int]:
    """Change every number, month and day name, and every name in ``known`` (consistently,
    through ``names``) in ``s``; return the new text and how many facts changed."""
    v = WORDS[lang]
    n = 0

    def num(m: re.Match) -> str:
        nonlocal n
        n += 1
        return new_number(m.group(), rng)

    s = NUMBER.sub(num, s)
    out, pos = [], 0
    for m in WORD.finditer(s):
        w = m.group()
        if w in MONTH_DAY and (m.start() > 0 or w != "May"):
            months = WORDS["id"]["month"] + WORDS["en"]["month"]
            pool = v["month"] if w in months else v["day"]
            new = rng.choice([x for x in pool if x != w])
        elif w in known:
            if w not in names:
                cand = name(rng, lang).split()[1] if rng.random() < 0.6 else rng.choice(v["place"])
                names[w] = cand if cand != w else cand + "o"
            new = names[w]
        else:
            continue
        out += [s[pos:m.start()], new]
        pos = m.end()
        n += 1
    out.append(s[pos:])
    return "".join(out), n


def template_facts(art: Article, rng: random.Random, log: list[str]) -> int:
    names: dict[str, str] = {}
    known = known_names(art.sentences)
    changed = 0
    for it in art.content_items():
        new, k = swap_facts(it.text, rng, art.language, names, known)
        if k and new != it.text:
            it.text, it.prov = new, ("mod", it.prov[1])
            changed += 1
    if art.headline and rng.random() < 0.5:
        art.headline = swap_facts(art.headline, rng, art.language, names, known)[0]
    log.append(f"facts changed in {changed} sentences; names {dict(list(names.items())[:5])}")
    return changed
