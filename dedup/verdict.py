"""Name what happened between two aligned articles: the verdict and the reasons for it.

The rules read the sentence alignment (how much of each article is shared, edited, added or
dropped, and whether edits change facts) and the shingle scores. Thresholds are calibrated with
``benchmarks/bench_quality.py``; the README states how well each verdict is measured to work.

>>> from dedup import compare
>>> compare("Satu dua tiga empat. Lima enam tujuh delapan.", "Sembilan sepuluh. Sebelas dua belas.").verdict
'unrelated'
"""

from __future__ import annotations

from dataclasses import dataclass

from . import align as A
from . import text as T
from .wording import counted

# Thresholds, calibrated on 2,400 generator pairs built from CLICK-ID, Reuters and synthetic
# articles (benchmarks/bench_quality.py; the distributions are in docs/CALIBRATION.md).
#: At least this share of A's or B's content words aligned: the same source text.
SHARED_MIN = 0.5
#: An update adds at least this many new content sentences and this share of B's content words
#: (republications in the generator add at most 3 sentences and 26% of words; updates 4+ and 21%+).
UPDATE_MIN_SENTENCES = 4
UPDATE_NEW = 0.2
#: ...and either keeps almost all of the earlier story, or is mostly new (a republication that
#: rewrites its intro, like the seed pair read backwards, drops some and adds some: 81%/79%).
UPDATE_KEEP = 0.85
#: Share of aligned sentences whose edits change facts, beyond which the pair is a template.
TEMPLATE_FACTS = 0.5
#: An aligned pair counts as strong evidence when equal or at least this similar.
STRONG_SCORE = 70.0
#: Without 2 strong pairs, a pair needs this much shingle containment to share anything
#: (unrelated pairs reach 0.007 at most; partial ones 0.07 at least).
MIN_CONTAINMENT = 0.03


@dataclass(slots=True)
class Coverage:
    """Word counts of the content alignment, from A's and from B's side."""

    words_a: int = 0
    words_b: int = 0
    shared_a: int = 0
    shared_b: int = 0
    equal_a: int = 0
    aligned: int = 0
    equal: int = 0
    strong: int = 0
    fact_changed: int = 0
    added: int = 0
    removed: int = 0

    @property
    def cover_a(self) -> float:
        return self.shared_a / self.words_a if self.words_a else 0.0

    @property
    def cover_b(self) -> float:
        return self.shared_b / self.words_b if self.words_b else 0.0


def coverage(ops: list[A.Op]) -> Coverage:
    """Count how much of each side the content ops share.

    >>> from dedup.align import Op
    >>> cv = coverage([Op("equal", "content", (0,), (0,), "a b c", "a b c", 100.0), Op("added", "content", (), (1,), None, "d e", 0.0)])
    >>> round(cv.cover_a, 2), round(cv.cover_b, 2)
    (1.0, 0.6)
    """
    cv = Coverage()
    for op in ops:
        if op.kind != T.CONTENT:
            continue
        na = len(T.words(op.a)) if op.a else 0
        nb = len(T.words(op.b)) if op.b else 0
        cv.words_a += na
        cv.words_b += nb
        if op.a is not None and op.b is not None:
            cv.aligned += 1
            cv.shared_a += na
            cv.shared_b += nb
            if op.op == A.EQUAL or op.score >= STRONG_SCORE:
                cv.strong += 1
            if op.op == A.EQUAL or (op.op == A.MOVED and not op.edits):
                cv.equal += 1
                cv.equal_a += na
            elif any(f.type in ("number", "date") or (f.a and f.b) for f in op.facts):
                cv.fact_changed += 1
        elif op.a is not None:
            cv.removed += 1
        else:
            cv.added += 1
    return cv


def decide(ops: list[A.Op], a, b, similarity: float, c_ab: float, c_ba: float) -> tuple[str, list[str]]:
    """Return ``(verdict, reasons)`` for an alignment and its shingle scores."""
    cv = coverage(ops)
    reasons = [
        f"{counted(cv.aligned, 'sentence pair')} aligned ({cv.equal} equal), {cv.added} added, {cv.removed} removed",
        f"{cv.cover_a:.0%} of A's and {cv.cover_b:.0%} of B's content words are shared",
    ]
    if cv.words_a == 0 and cv.words_b == 0 and all(op.op == A.EQUAL for op in ops):
        # compare(x, x) is a duplicate even when x is only a headline and credit lines
        return "duplicate", reasons + ["no content sentences; every line is equal"]
    if cv.words_a == 0 or cv.words_b == 0:
        return "unrelated", reasons + ["one side has no content sentences"]
    if cv.strong == 0 or (cv.strong < 2 and max(c_ab, c_ba) < MIN_CONTAINMENT):
        return "unrelated", reasons + ["no sentence is shared"]
    both = min(cv.cover_a, cv.cover_b) >= SHARED_MIN
    if both and cv.aligned >= 3 and cv.fact_changed >= TEMPLATE_FACTS * cv.aligned and cv.equal < 0.5 * cv.aligned:
        return "template", reasons + [f"{counted(cv.fact_changed, 'aligned sentence')} change{'s' if cv.fact_changed == 1 else ''} numbers, dates or names"]
    headline_changed = any(op.kind == T.HEADLINE and op.op != A.EQUAL for op in ops)
    content_changed = any(op.kind == T.CONTENT and op.op != A.EQUAL for op in ops)
    if not content_changed and not headline_changed:
        return "duplicate", reasons + ["every content sentence is equal"]
    if max(cv.cover_a, cv.cover_b) < SHARED_MIN:
        return "partial", reasons + ["only a passage is shared"]
    new_b = cv.words_b - cv.shared_b
    if (cv.cover_a >= UPDATE_KEEP or cv.cover_b < SHARED_MIN) and cv.added >= UPDATE_MIN_SENTENCES and new_b >= UPDATE_NEW * cv.words_b:
        return "update", reasons + [f"B adds {counted(cv.added, 'sentence')} ({counted(new_b, 'word')}) of new content"]
    return "republication", reasons
