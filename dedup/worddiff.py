"""What differs across two articles' content, word by word: one diff of A's and B's content words
with values written canonically (:func:`dedup.facts.canonical`), the differences sorted into
scraper noise, fact changes and word changes, and what survives a retelling in order. The verdict
rules (:mod:`dedup.verdict`) read it.

>>> from dedup.document import Document
>>> w = word_diff(Document("Harga naik 5 persen di Bandung."), Document("Harga naik lima % di Surabaya."))
>>> w.diff_words, w.fact_blocks, w.kept
(1, 1, 5)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress, filterfalse
from operator import itemgetter

#: real: a run of at most this many words that one text lacks, all that differs at its place, and
#: that is a name (every word capitalised) or words the other text uses elsewhere, is a dropped
#: link (CLICK-ID's scrapers drop the anchor text of in-text links: "Bea Cukai Parepare", "Ridwan
#: Kamil"): scraper noise, which does not make a duplicate a republication (GUIDE.md). 0 turns the
#: rule off.
LINK_WORDS = 3


@dataclass(slots=True)
class WordDiff:
    """What differs across the aligned text: one word diff of A's and B's content, with values
    written canonically (:func:`dedup.facts.canonical`), so "5"/"lima" or "Rp 9"/"Rp9" are equal.

    ``fact_blocks`` are small substitutions that change a fact (a number, a date or a name: a
    capitalised word the two texts never write in lower case); ``word_blocks`` are small
    substitutions of other words (rewording); ``diff_words`` counts every differing word (the
    longer side of each block).
    """

    words_a: int = 0
    words_b: int = 0
    kept: int = 0
    diff_words: int = 0
    fact_blocks: int = 0
    word_blocks: int = 0
    #: Differing words inside fact substitutions (the longer side of each).
    fact_words: int = 0
    #: Differing words that are scraper noise, not edits: dropped link words (:data:`LINK_WORDS`)
    #: and the same letters spaced otherwise ("kerjasama" / "kerja sama").
    noise_words: int = 0
    facts: list[tuple[str, str]] = field(default_factory=list)
    #: Words of the shorter text found in the other in the same order (longest common
    #: subsequence): what survives a retelling in other words.
    in_order: int = 0
    facts_a: int = 0
    facts_b: int = 0
    #: Names and numbers of the text with fewer of them found in the other in the same order.
    facts_in_order: int = 0

    @property
    def in_order_share(self) -> float:
        """Share of the shorter text's words found in the other in the same order."""
        n = min(self.words_a, self.words_b)
        return self.in_order / n if n else 0.0

    @property
    def facts_in_order_share(self) -> float:
        """Share of the names and numbers of the side with fewer found in the other, in order."""
        n = min(self.facts_a, self.facts_b)
        return self.facts_in_order / n if n else 0.0

    @property
    def kept_a(self) -> float:
        return self.kept / self.words_a if self.words_a else 0.0

    @property
    def kept_b(self) -> float:
        return self.kept / self.words_b if self.words_b else 0.0

    @property
    def fact_share(self) -> float:
        """Share of the small substitutions that change a fact."""
        return self.fact_blocks / (self.fact_blocks + self.word_blocks) if self.fact_blocks + self.word_blocks else 0.0


#: A substitution of at most this many words on each side is a "small" one (a fact, a word).
SMALL_BLOCK = 6
DIGIT = re.compile(r"\d")
#: A comma between two letters with no space after it is a lost space ("Pantauan,di"), not one
#: word: split there so that a scraper's dropped space is not a changed word.
_JOINED = re.compile(r",(?<=[^\W\d_],)(?=[^\W\d_])")  # the comma first: re skips to commas in C


def word_diff(a, b) -> WordDiff:
    """Diff the content words of two Documents (values canonical) and sort what differs.

    >>> from dedup.document import Document
    >>> w = word_diff(Document("Harga naik 5 persen di Bandung pada 8 September."),
    ...             Document("Harga naik lima % di Surabaya pada 9 September."))
    >>> w.diff_words, w.fact_blocks, w.word_blocks
    (2, 2, 0)
    """
    from rapidfuzz.distance import Levenshtein

    ta, la, lower_a, digits_a, capitals_a, maybe_at_a, set_a = a.cached(WORDS_KEY, content_words)
    tb, lb, lower_b, digits_b, capitals_b, maybe_at_b, set_b = b.cached(WORDS_KEY, content_words)
    # A fact: a word with a digit, or a capitalised word neither text writes in lower case.
    is_fact = (digits_a | digits_b).union(t for t, low in capitals_a + capitals_b
                                          if low not in lower_a and low not in lower_b).__contains__

    w = WordDiff(len(ta), len(tb))
    for region in _regions(Levenshtein.opcodes(la, lb).as_list()):  # tuples: unpacked in C
        if region[0][0] == "equal":
            w.kept += region[0][2] - region[0][1]
            continue
        if "".join(la[region[0][1]:region[-1][2]]) == "".join(lb[region[0][3]:region[-1][4]]):
            n = max(region[-1][2] - region[0][1], region[-1][4] - region[0][3])
            w.diff_words += n
            w.noise_words += n  # the same letters spaced otherwise
            continue
        alone = len(region) == 1  # a dropped link is all that differs at its place
        for tag, i1, i2, j1, j2 in region:
            w.diff_words += max(i2 - i1, j2 - j1)
            if alone and tag == "delete" and i2 - i1 <= LINK_WORDS and _link(ta[i1:i2], set_b):
                w.noise_words += i2 - i1
            elif alone and tag == "insert" and j2 - j1 <= LINK_WORDS and _link(tb[j1:j2], set_a):
                w.noise_words += j2 - j1
            elif tag == "replace" and i2 - i1 <= SMALL_BLOCK and j2 - j1 <= SMALL_BLOCK:
                if any(map(is_fact, ta[i1:i2])) and any(map(is_fact, tb[j1:j2])):
                    w.fact_blocks += 1
                    w.fact_words += max(i2 - i1, j2 - j1)
                    w.facts.append((" ".join(ta[i1:i2]), " ".join(tb[j1:j2])))
                else:
                    w.word_blocks += 1
    fa = [t for t, x in maybe_at_a if is_fact(x)]
    fb = [t for t, x in maybe_at_b if is_fact(x)]
    w.facts_a, w.facts_b = len(fa), len(fb)
    w.in_order = _lcs(la, lb)
    w.facts_in_order = _lcs(fa, fb)
    return w


def content_words(doc) -> tuple:
    """A Document's content words (values canonical) as written and lower-cased; those written in lower
    case; of those that may be facts (a digit, or capitalised) those with a digit and the others with
    their lower case, and all of them in order (lower-cased, as written); the lower-cased words as a set."""
    from . import facts as F

    text = _JOINED.sub(" ", F.canonical(" ".join(u.text for u in doc.sentences), lower=False))
    # Lower-casing the text at once lower-cases each word alike (no character's lower case has
    # or loses a space, and a space ends a final sigma's context as the end of a word does).
    words, lower = text.split(), text.lower().split()
    # Each pass below runs in C (filter, map, compress over str methods), not a Python test per word.
    distinct = list(set(words))
    # a word with a digit is never all letters (a digit is no letter): the test filters first
    digits = set(filter(DIGIT.search, filterfalse(str.isalpha, distinct)))
    capitals = list(set(compress(distinct, map(str.isupper, map(itemgetter(0), distinct)))) - digits)
    maybe = digits.union(capitals)
    at = list(compress(zip(lower, words), map(maybe.__contains__, words)))
    return (words, lower, set(filter(str.islower, distinct)), digits, list(zip(capitals, map(str.lower, capitals))),
            at, set(lower))


WORDS_KEY = "worddiff.content_words"


def _link(run: list[str], other: set[str]) -> bool:
    """A run of words one text lacks is a dropped link's anchor text: a name (every word
    capitalised) or words the other text uses elsewhere."""
    return all(t[:1].isupper() for t in run) or other.issuperset(t.lower() for t in run)


def _regions(opcodes) -> list[list[tuple]]:
    """The opcodes grouped into runs: each equal one alone, adjacent differing ones together (one
    place where the texts differ, e.g. an insert beside a replace)."""
    out: list[list[tuple]] = []
    for op in opcodes:
        if out and op[0] != "equal" and out[-1][0][0] != "equal":
            out[-1].append(op)
        else:
            out.append([op])
    return out


def _lcs(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence (from the insert/delete distance)."""
    from rapidfuzz.distance import Indel

    return (len(a) + len(b) - Indel.distance(a, b)) // 2 if a and b else 0
