"""Name what happened between two aligned articles: the verdict and the reasons for it.

The rules read the sentence alignment (how much of each article is shared, edited, added or
dropped, and whether edits change facts) and the shingle scores. Thresholds are calibrated with
``benchmarks/bench_quality.py``; the README states how well each verdict is measured to work.

>>> from dedup import compare
>>> compare("Satu dua tiga empat. Lima enam tujuh delapan.", "Sembilan sepuluh. Sebelas dua belas.").verdict
'unrelated'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import align as A
from . import text as T
from .paraphrase import STOPWORDS
from .wording import counted
from .worddiff import DIGIT, WORDS_KEY, WordDiff, content_words, word_diff

DUPLICATE = "duplicate"
REPUBLICATION = "republication"
UPDATE = "update"
PARTIAL = "partial"
TEMPLATE = "template"
UNRELATED = "unrelated"
#: Every verdict compare() gives.
VERDICTS = (DUPLICATE, REPUBLICATION, UPDATE, PARTIAL, TEMPLATE, UNRELATED)
#: Verdicts that mean "B is a copy of the same source text as A".
SAME_SOURCE = (DUPLICATE, REPUBLICATION)

# Thresholds. The ones marked "real" are chosen on the 300 human-labelled pairs of
# ../shared/data/labels (benchmarks/bench_quality.py --real-only, 5-fold cross-validation: each
# fold's value is picked on the other four; the figures quoted are held-out). See
# docs/CALIBRATION.md for the measurements behind each.
#: real: a partial pair shares "a minority of both" articles (GUIDE.md); the aligned sentences
#: overstate the shared text (a sentence aligned to a reworded one counts whole), so the line
#: between a shared passage and a version of one story is drawn at this share of A's or B's
#: content words (cross-validated on the labelled pairs, 0.6-0.65 in the folds, 0.65 on all:
#: 0.5, GUIDE's literal minority, called 11 same-outlet partial pairs sharing 50-64% updates;
#: see docs/CALIBRATION.md).
SHARED_MIN = 0.65
#: real: two texts that open with the same sentence (aligned at SAME_LEAD_SCORE or better) tell
#: one story: from this share (GUIDE.md's "minority of both" taken literally) they are versions of
#: it, not stories sharing a passage (an update that keeps its lead and replaces the rest: a storm
#: report, then power restored). Folds 0.55-0.6, 0.6 on all pairs, one labelled pair (without
#: metadata) apart from 0.5, which keeps the hand-written storm update (56% shared) an update.
#: With a lead aligned at 70, four of the six pairs it decided were partial, and the folds
#: turned the exception off.
SAME_LEAD_MIN = 0.5
#: real: ...when their first sentences align at least this well (100: equal). One outlet opens
#: different stories with one formula sentence, the subject changed ("Balai Besar ... akan
#: melanjutkan proyek" / "... akan membayar ganti rugi"): the labelled partial pairs it made
#: updates align their leads at 77-80, the updates keeping their lead at 96 (and 73).
SAME_LEAD_SCORE = 90.0
#: real: below this share on both sides only a short passage is shared (a portal's stock column
#: intro and hashtags, one quote): nothing meaningful, so unrelated rather than partial.
PASSAGE_MIN = 0.2
#: real: under this share of both sides aligned, a passage whose sentences shared nearly word for
#: word name no one and state no number (no capitalised word inside a sentence that the texts
#: never write in lower case, no digit) is an outlet's furniture or stock phrases (a reader
#: column's intro, a hashtag line), not a shared background block: unrelated (GUIDE.md: "only the
#: outlet's recurring boilerplate"). CLICK-ID: Fimela pairs sharing only their column intro are
#: 0.06-0.27 aligned, the labelled partial pairs sharing named passages 0.14-0.81, and only one
#: of them (a three-sentence generic intro, 0.21) shares nothing named. Not across outlets (one
#: outlet's furniture is not another's; METER's partly derived articles lost 3 to it). 0 turns
#: the rule off.
NAMELESS_MAX = 0.3
#: real: the same outlet (or unknown outlets): when at least this share of the later text is
#: shared with the earlier, it reports nothing new: a republication (an abridged copy, a re-send);
#: less, with more than a passage shared, is an update (new reporting added or replacing).
REPUBLICATION_MIN = 0.6
#: real: the same, when the outlets are not known (the pair may be two outlets' copies of one
#: story, which are never updates; chosen on the labelled pairs with their metadata removed:
#: 0.5-0.6 in the folds, 0.55 on all pairs).
REPUBLICATION_MIN_UNKNOWN = 0.55
#: real (the labelled pairs without their metadata): when neither outlet nor order is known and
#: one text is (nearly) all of the other's beginning, with nothing new before its end, it is
#: that text cut short, a republication (a truncated copy: GUIDE.md's scraper damage, which
#: does not change the label), rather than the earlier version of an update.
ABRIDGED_MIN = 0.9
#: real: at most this many content words differ (credit lines, dropped link words) and no fact
#: changes: the same text, a duplicate whatever its headline.
DUPLICATE_MAX_WORDS = 2
#: real: a template changes facts in at least this many places (one: a dividend notice of another
#: company changes its name in the headline and one date in the text)...
TEMPLATE_MIN_FACTS = 1
#: ...these are at least this share of the small substitutions (the rest of the wording kept)...
TEMPLATE_FACT_SHARE = 0.7
#: ...and at least this share of each side's words is kept word for word...
TEMPLATE_KEEP = 0.3
#: ...and the changed facts are at least this share of all the words that differ (a template
#: differs "mostly" in its facts: labelled templates 0.09-1.0; a later version or a copy that
#: adds paragraphs and happens to change two names in passing 0.01-0.06).
TEMPLATE_FACT_WORDS = 0.08
#: real: ...and the changed facts number at least this share of the shorter text's words: a
#: template's facts differ throughout (labelled templates by the word diff: 0.033-0.5, one fact
#: in a 20-word notice), a copy's one substituted phrase does not make one (CLICK-ID copies
#: rewording a date or a channel name once in 130-290 words: 0.004-0.008).
TEMPLATE_FACT_DENSITY = 0.02
#: real: the texts are one wording (most of it aligned) and at least this share of the aligned
#: sentence pairs replace a number or a date by another value (both sides state one): a periodic
#: report filled in again (an export-bonus notice, a weekly shipment report, a market outlook), a
#: template even when its wording moved too. Reuters templates reworded this way 0.5-1.0;
#: Reuters and CLICK-ID copies at most 0.33 (a corrected figure in a re-send, a date written out
#: by another outlet), same-outlet updates at most 0.2.
TEMPLATE_SWAP_SHARE = 0.5
#: ...and at least this many such pairs.
TEMPLATE_SWAPS = 1
#: METER (calibrated there by cross-validation, see docs/CALIBRATION.md): a text that retells
#: another in its own words keeps this share of the shorter one's words in the same order...
REWRITE_WORDS = 0.4
#: ...and this share of its names and numbers in the same order...
REWRITE_FACTS = 0.6
#: ...of at least this many.
REWRITE_MIN_FACTS = 3
#: METER (cross-validated there, with the days: the PA copy of one day, the paper of the next):
#: across outlets, times known, under this share of the later text's words from the earlier in
#: order is own reporting added: an update (METER's partly derived articles). The labelled
#: cross-outlet copies keep 0.23+ of the later text in order, so the grid stops at 0.2 (METER
#: alone: 0.3-0.35). 0 turns the rule off.
OWN_REPORTING_MAX = 0.2
#: METER (likewise): own reporting also under this share of the later text's words in order...
OWN_PART_MAX = 0.3
#: ...while under this share of the earlier's words are kept in order: the part taken retold, most
#: of the text its own (METER: partly derived called republication 102 -> 89). The labelled
#: cross-outlet copies under 0.5 of the later in order keep 0.75-0.93 of the earlier (one 0.36 of
#: it, 0.47 of the later): a copy with background (GUIDE.md); the grids stop at 0.7 and 0.45.
TAKEN_PART_MAX = 0.7
#: METER (likewise): at least this share of the later text's words from the earlier in order is it
#: retold (a republication), though few sentences align (58 wholly derived were partial; no labelled pair).
RETOLD_LATER_MIN = 0.5
#: METER (likewise): a later text bringing under this many distinct words (not function words) the earlier
#: never uses retells it, even reordered (read as own reporting in order). Folds 12-30 (CALIBRATION.md). 0: off.
RETOLD_NEW_MAX = 12
#: real (the labelled pairs, not METER): across outlets, less than a retelling but at least this
#: share of the shorter text's words in the same order is a text partly taken from the other
#: (partial); independent write-ups of one event keep 0.11-0.32 of their words in order.
DERIVED_WORDS = 0.35
#: real: the same outlet's later version that shares most of its text is still an update when its
#: added sentences bring at least this many distinct words the earlier text never uses: new
#: reporting (a reaction, a quote, a result), not the background or credit line a republication
#: adds. Not when the outlets are unknown: two outlets' copies of one text, which add background
#: as freely, are never updates (measured: the labelled pairs without metadata lose copy F1).
NEW_REPORTING_WORDS = 20
#: real: two texts sharing under SHARED_MIN aligned, each with less than this share of its distinct
#: words never used by the other, are one text reworded and reordered (a press release rewritten
#: by the same outlet), not two stories sharing a passage: labelled partial pairs have 0.25 or
#: more, republications of one release as little as 0.1.
SAME_WORDS = 0.2
#: real: each headline has at least this many words (of 3+ letters, not function words) that the
#: other article never uses: the two name different subjects (another company's dividend notice,
#: another bank's prime rate), so a text that is the same but for its facts is a template, even
#: when some wording moved too. Not an identical text: the same content under a new headline is
#: a duplicate (issue 12), however new the headline (generator pairs with random new headlines
#: were templates; one labelled pair of dividend notices with one identical line is lost). Reuters copies: at most 2 such words (a reworded headline keeps the story's names),
#: Reuters templates 0-7, most 3 or more (3 in every fold); CLICK-ID's long rewritten headlines
#: reach 4-7 in different stories, hence also SUBJECT_KEEP.
HEADLINE_SUBJECT = 3
#: ...and at least this share of each text is kept word for word.
SUBJECT_KEEP = 0.7
#: What such a retelling is called (measured: see docs/CALIBRATION.md).
REWRITE_VERDICT = REPUBLICATION
#: An aligned pair counts as strong evidence when equal or at least this similar.
STRONG_SCORE = 70.0
#: Without 2 strong pairs, a pair needs this much shingle containment to share anything
#: (generator pairs: unrelated reach 0.007 at most; partial ones 0.07 at least).
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
    added: int = 0
    removed: int = 0
    swappable: list = field(default_factory=list, repr=False)  # strong aligned pairs, not equal

    @property
    def value_swapped(self) -> int:
        """Strongly aligned pairs (the wording kept) where a number or a date is replaced by another value
        (both sides state one); counted when asked, so most pairs never compute their word edits."""
        return sum(1 for op in self.swappable if any(f.type in ("number", "date") and f.a and f.b for f in op.facts))

    @property
    def cover_a(self) -> float:
        return self.shared_a / self.words_a if self.words_a else 0.0

    @property
    def cover_b(self) -> float:
        return self.shared_b / self.words_b if self.words_b else 0.0


def coverage(ops: list[A.Op], a=None, b=None) -> Coverage:
    """Count how much of each side the content ops share. ``a`` and ``b`` are the two Documents
    the ops align, when the caller has them: the words of each sentence are then read through
    ``doc.cached`` (the same counts, each sentence tokenised once however many pairs it is in).

    >>> from dedup.align import Op
    >>> cv = coverage([Op("equal", "content", (0,), (0,), "a b c", "a b c", 100.0), Op("added", "content", (), (1,), None, "d e", 0.0)])
    >>> round(cv.cover_a, 2), round(cv.cover_b, 2)
    (1.0, 0.6)
    """
    cv = Coverage()
    # A joined split or merge side has the words of its sentences: a word never holds a space.
    wa = a.cached(_sentence_words_key, _sentence_words) if a is not None else None
    wb = b.cached(_sentence_words_key, _sentence_words) if b is not None else None
    for op in ops:
        if op.kind != T.CONTENT:
            continue
        na = (sum(len(wa[i]) for i in op.a_units) if wa is not None else len(T.words(op.a))) if op.a else 0
        nb = (sum(len(wb[j]) for j in op.b_units) if wb is not None else len(T.words(op.b))) if op.b else 0
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
            elif op.score >= STRONG_SCORE:
                cv.swappable.append(op)
        elif op.a is not None:
            cv.removed += 1
        else:
            cv.added += 1
    return cv




def _shared_names(ops: list[A.Op], a, b) -> int:
    """Distinct names and numbers in the content sentences the two texts share nearly word for
    word (equal or strongly aligned, A's side): a capitalised word not opening its sentence that
    neither text writes in lower case, or a word with a digit.

    >>> from dedup.document import Document
    >>> from dedup.align import align
    >>> a = Document("Judul\\nSetiap orang punya kisah yang unik. Aku bertemu Rina di Bandung.")
    >>> b = Document("Lain\\nSetiap orang punya kisah yang unik. Kami pindah ke rumah baru.")
    >>> _shared_names(align(a, b), a, b)
    0
    """
    lower = a.cached(WORDS_KEY, content_words)[2] | b.cached(WORDS_KEY, content_words)[2]
    words = a.cached(_sentence_words_key, _sentence_words)
    names: set[str] = set()
    for op in ops:
        if op.kind != T.CONTENT or op.a is None or op.b is None or not (op.op == A.EQUAL or op.score >= STRONG_SCORE):
            continue
        for i in op.a_units:
            names.update(t for t in words[i][1:]
                         if DIGIT.search(t) or (t[:1].isupper() and t.lower() not in lower))
    return len(names)


def _same_lead(ops: list[A.Op]) -> bool:
    """True when both texts open with the same content sentence (aligned to each other)."""
    first = next((op for op in ops if op.kind == T.CONTENT), None)
    return first is not None and first.a is not None and first.b is not None and first.score >= SAME_LEAD_SCORE


def _cut_tail(ops: list[A.Op]) -> bool:
    """True when every content sentence only one side has comes after the last aligned pair:
    the shorter text is the longer one's beginning (a copy cut short), nothing new in between."""
    last = max((k for k, op in enumerate(ops) if op.kind == T.CONTENT and op.a is not None and op.b is not None),
               default=-1)
    return all(k > last for k, op in enumerate(ops)
               if op.kind == T.CONTENT and (op.a is None) != (op.b is None))


def _sentence_words(doc) -> dict[int, list[str]]:
    """The words (:func:`dedup.text.words`) of each content sentence of a Document, by unit index.
    Per document: read through ``doc.cached``."""
    return {u.index: T.words(u.text) for u in doc.sentences}


_sentence_words_key = "verdict.sentence_words"


def _vocabulary(doc) -> set[str]:
    """The distinct words (lower-cased) of a Document's content sentences."""
    # Lower-casing the words joined lower-cases each alike (see _content_words).
    return set(" ".join(x for ws in doc.cached(_sentence_words_key, _sentence_words).values() for x in ws).lower().split())


_vocab_key = "verdict.vocabulary"
_all_words_key = "verdict.all_words"


def _novelty(a, b) -> float:
    """The larger of the two texts' shares of distinct content-sentence words the other never uses.

    >>> from dedup.document import Document
    >>> round(_novelty(Document("Hujan turun deras di kota itu sejak pagi."),
    ...                Document("Sejak pagi hujan deras turun di kota itu, kata warga.")), 2)
    0.2
    """
    va, vb = a.cached(_vocab_key, _vocabulary), b.cached(_vocab_key, _vocabulary)
    if not va or not vb:
        return 1.0
    return max(len(va - vb) / len(va), len(vb - va) / len(vb))


def _new_subject(a, b) -> int:
    """How many words each headline has that the other article never uses (the smaller count;
    words of 3+ letters that are not function words); 0 when either has no headline.

    >>> from dedup.document import Document
    >>> _new_subject(Document("NICOR INC REGULAR DIVIDEND SET\\nQtly div 45 cts vs 45 cts prior."),
    ...              Document("DILLARD DEPT STORES DECLARES QTLY DIV\\nQtly div three cts vs three cts prior."))
    4
    """
    if a.headline is None or b.headline is None:
        return 0

    def novel(head, other) -> int:
        seen = other.cached(_all_words_key, lambda d: {x.lower() for x in set(T.words(d.text))})
        return sum(len(x) >= 3 and x not in STOPWORDS and x not in seen
                   for x in (y.lower() for y in T.words(head.text)))

    return min(novel(a.headline, b), novel(b.headline, a))


def _new_words(ops: list[A.Op], a, b, later_is_b: bool) -> int:
    """Distinct words of the later text's added content sentences that the earlier text never uses.

    >>> from dedup.document import Document
    >>> from dedup.align import align
    >>> a = Document("Judul\\nHujan turun sejak pagi di kota itu. Jalan utama tergenang air.")
    >>> b = Document("Judul\\nHujan turun sejak pagi di kota itu. Jalan utama tergenang air. Wali kota meminta warga mengungsi.")
    >>> _new_words(align(a, b), a, b, later_is_b=True)
    4
    """
    earlier, later = (b, a) if not later_is_b else (a, b)
    seen = earlier.cached(_vocab_key, _vocabulary)
    words = later.cached(_sentence_words_key, _sentence_words)
    new: set[str] = set()
    for op in ops:
        if op.kind != T.CONTENT:
            continue
        units = (op.b_units if op.a is None else ()) if later_is_b else (op.a_units if op.b is None else ())
        for k in units:
            new.update(x for x in (y.lower() for y in words[k]) if x not in seen)
    return len(new)


def _order(a, b) -> int:
    """-1 when A was published first, 1 when B was, 0 when unknown or the same time."""
    if a.published is None or b.published is None or a.published == b.published:
        return 0
    return -1 if a.published < b.published else 1


def _same_text(w: WordDiff, a, b) -> tuple[str, str] | None:
    """``(verdict, reason)`` when the two texts are one wording: a duplicate (nothing but scraper
    noise and at most DUPLICATE_MAX_WORDS words differ) or a template (the facts differ, mostly
    or under headlines naming different subjects); else None."""
    edits = w.diff_words - w.noise_words
    shown = "; ".join(f"{x} -> {y}" for x, y in w.facts[:3])
    # The headline words are read last: only a text kept but for changed facts needs them.
    if (w.fact_blocks >= TEMPLATE_MIN_FACTS and min(w.kept_a, w.kept_b) >= SUBJECT_KEEP
            and (subject := _new_subject(a, b)) >= HEADLINE_SUBJECT):
        return TEMPLATE, (f"the headlines name different subjects ({counted(subject, 'word')} of each the other never "
                          f"uses) and the text is the same but for {counted(w.fact_blocks, 'changed fact')}"
                          + (f" ({shown})" if shown else ""))
    if edits <= DUPLICATE_MAX_WORDS and w.fact_blocks == 0:
        noise = f"; {counted(w.noise_words, 'word')} of scraper noise (dropped link words, spacing)" if w.noise_words else ""
        return DUPLICATE, "every content sentence is the same" + (
            f" ({counted(edits, 'word')} differ{'s' if edits == 1 else ''}{noise})" if w.diff_words else "")
    if (w.fact_blocks >= TEMPLATE_MIN_FACTS and w.fact_share >= TEMPLATE_FACT_SHARE
            and min(w.kept_a, w.kept_b) >= TEMPLATE_KEEP and w.fact_words >= TEMPLATE_FACT_WORDS * w.diff_words
            and w.fact_blocks >= TEMPLATE_FACT_DENSITY * min(w.words_a, w.words_b)):
        return TEMPLATE, (f"the wording is kept and {w.fact_blocks} of {w.fact_blocks + w.word_blocks} substitutions "
                          f"change numbers, dates or names ({shown})")
    return None


def _later_in_order(w: WordDiff, a, b) -> tuple[str, float, float] | None:
    """``(name, share, earlier)`` of the later of two texts (both times known): the share of its
    words found in the earlier in the same order, and the share of the earlier's words found in it
    in the same order; None when the order is not known."""
    order = _order(a, b)
    if order == 0:
        return None
    name, words, first = ("B", w.words_b, w.words_a) if order < 0 else ("A", w.words_a, w.words_b)
    return name, (w.in_order / words if words else 1.0), (w.in_order / first if first else 1.0)


def _own_reporting(later: tuple[str, float, float] | None) -> str | None:
    """The reason when the later of two texts by different outlets takes the earlier in but keeps
    under OWN_REPORTING_MAX of its own words from it in order (or under OWN_PART_MAX, taking
    under TAKEN_PART_MAX of the earlier's); else None."""
    if later is None or (later[1] >= OWN_REPORTING_MAX
                         and (later[1] >= OWN_PART_MAX or later[2] >= TAKEN_PART_MAX)):
        return None
    kept = "" if later[1] < OWN_REPORTING_MAX else f", keeps {later[2]:.0%} of the other's words in order"
    return (f"{later[0]}, the later text by another outlet, takes {later[1]:.0%} of its words from the other in "
            f"the same order{kept} and adds its own reporting")


def _retold_later(later: tuple[str, float, float] | None) -> str | None:
    """The reason when the later of two texts by different outlets has at least RETOLD_LATER_MIN of
    its words from the earlier in the same order; else None."""
    if later is None or later[1] < RETOLD_LATER_MIN:
        return None
    return (f"{later[0]}, the later text by another outlet, retells the other: {later[1]:.0%} of its words come "
            "from it in the same order")


def _brings_little(a, b, order: int) -> str | None:
    """Why the later text (``order`` as :func:`_order`) brings under RETOLD_NEW_MAX new words; or None."""
    if not order:
        return None
    earlier, later, name = (a, b, "B") if order < 0 else (b, a, "A")
    new = len(later.cached(_vocab_key, _vocabulary) - earlier.cached(_vocab_key, _vocabulary) - STOPWORDS)
    return None if new >= RETOLD_NEW_MAX else (
        f"{name}, the later text by another outlet, brings {counted(new, 'word')} the other never uses: it retells the other")


def _passage(ops: list[A.Op], cv: Coverage, a, b, other_outlet: bool) -> tuple[str, str] | None:
    """``(verdict, reason)`` when less than one text's worth is shared: a short passage or
    furniture (unrelated), a passage of two stories (partial), one text reworded (republication);
    else None (versions of one text)."""
    cover = max(cv.cover_a, cv.cover_b)
    if cover < PASSAGE_MIN:
        return UNRELATED, "only short passages are shared (a stock intro, boilerplate, a quote)"
    if cover < NAMELESS_MAX and not other_outlet and _shared_names(ops, a, b) == 0:
        return UNRELATED, ("the sentences shared name no one and state no number: an outlet's column intro or "
                           "stock phrases, not a shared story")
    if cover < SHARED_MIN and not (cover >= SAME_LEAD_MIN and _same_lead(ops)):
        novel = _novelty(a, b)
        if novel < SAME_WORDS:
            return REPUBLICATION, f"one text reworded and reordered: each uses at most {novel:.0%} of words the other never uses"
        return PARTIAL, "only a passage is shared"
    return None


def _no_content(ops: list[A.Op], cv: Coverage, reasons: list[str]) -> tuple[str, list[str]]:
    """The verdict when one side (or both) has no content sentence."""
    if cv.words_a == 0 and cv.words_b == 0 and all(op.op == A.EQUAL for op in ops):
        # compare(x, x) is a duplicate even when x is only a headline and credit lines
        return DUPLICATE, reasons + ["no content: neither has a content sentence; every line is equal"]
    empty = " and ".join(n for n, w in (("A", cv.words_a), ("B", cv.words_b)) if w == 0)
    return UNRELATED, reasons + [f"no content: {empty} {'has' if len(empty) == 1 else 'have'} no content "
                                   "sentence (only a headline, boilerplate, credit lines or a placeholder)"]


def decide(ops: list[A.Op], a, b, similarity: float, c_ab: float, c_ba: float) -> tuple[str, list[str]]:
    """Return ``(verdict, reasons)`` for an alignment and its shingle scores.

    ``a`` and ``b`` are the two Documents; their ``source`` and ``published`` are read when both
    sides have them (see the README's verdict table).
    """
    cv = coverage(ops, a, b)
    reasons = [
        f"{counted(cv.aligned, 'sentence pair')} aligned ({cv.equal} equal), {cv.added} added, {cv.removed} removed",
        f"{cv.cover_a:.0%} of A's and {cv.cover_b:.0%} of B's content words are shared",
    ]
    if cv.words_a == 0 or cv.words_b == 0:
        return _no_content(ops, cv, reasons)
    w = word_diff(a, b)
    retold = (w.in_order_share >= REWRITE_WORDS and w.facts_in_order_share >= REWRITE_FACTS
              and min(w.facts_a, w.facts_b) >= REWRITE_MIN_FACTS)
    rewrite = [f"{w.in_order_share:.0%} of the shorter text's words and {w.facts_in_order} of its "
               f"{min(w.facts_a, w.facts_b)} names and numbers appear in the other in the same order"]
    other_outlet = bool(a.source and b.source and a.source.casefold() != b.source.casefold())
    # Only across outlets: one outlet's own stories reuse its background in the same order as
    # much (the labelled partial pairs are all same-outlet), an agency's copy retold elsewhere not.
    # A retelling keeps (almost) no sentence nearly word for word: its weak sentence matches can
    # cover half the text or more and still say nothing, so the coverage bound holds only when
    # sentences are shared (METER: 37 wholly derived rewrites were unrelated for this).
    no_sentence = cv.strong == 0 or (cv.strong < 2 and max(c_ab, c_ba) < MIN_CONTAINMENT)
    reworded = max(cv.cover_a, cv.cover_b) < SHARED_MIN or no_sentence
    later = _later_in_order(w, a, b) if other_outlet else None
    own, retold_later = _own_reporting(later), _retold_later(later)
    little = _brings_little(a, b, _order(a, b)) if other_outlet else None
    if retold and other_outlet and reworded:
        if own and not little:
            return UPDATE, reasons + [own] + rewrite
        return REWRITE_VERDICT, reasons + [f"one source text retold in other words by another outlet "
                                           f"({a.source} -> {b.source})"] + rewrite
    if other_outlet and not retold and reworded and w.in_order_share >= DERIVED_WORDS:
        if retold_later or little:
            return REWRITE_VERDICT, reasons + [retold_later or little] + rewrite
        return PARTIAL, reasons + ["another outlet's text shares passages with this one, reworded"] + rewrite
    if no_sentence:
        return UNRELATED, reasons + ["no sentence is shared"]
    same = _same_text(w, a, b)
    if same is not None:
        return same[0], reasons + [same[1]]
    passage = _passage(ops, cv, a, b, other_outlet)
    if passage is not None:
        if passage[0] == PARTIAL and (retold_later or little):
            return REWRITE_VERDICT, reasons + [retold_later or little]
        return passage[0], reasons + [passage[1]]
    swaps = max(TEMPLATE_SWAPS, TEMPLATE_SWAP_SHARE * cv.aligned)  # value_swapped <= len(swappable)
    if min(w.kept_a, w.kept_b) >= TEMPLATE_KEEP and len(cv.swappable) >= swaps and cv.value_swapped >= swaps:
        return TEMPLATE, reasons + [f"{cv.value_swapped} of the {counted(cv.aligned, 'aligned sentence pair')} state "
                                    "another number or date in the same place: one report filled in with other values"]
    if other_outlet:
        if own and not little:
            return UPDATE, reasons + [own]
        return REPUBLICATION, reasons + [little or f"published again by another outlet ({a.source} -> {b.source})"]
    order = known = _order(a, b)
    if order == 0:  # unknown: the later version is the one that adds more (less of it is shared)
        order = -1 if cv.cover_a >= cv.cover_b else 1
    kept, later = (cv.cover_a, cv.cover_b) if order < 0 else (cv.cover_b, cv.cover_a)
    name = "B" if order < 0 else "A"
    fresh = _new_words(ops, a, b, later_is_b=order < 0)
    if later >= (REPUBLICATION_MIN if a.source and b.source else REPUBLICATION_MIN_UNKNOWN):
        role = "the later text" if known else "the one adding more"
        if not (a.source and b.source):
            return REPUBLICATION, reasons + [f"{name}, {role}, reports nothing new ({later:.0%} of it is shared)"]
        if fresh < NEW_REPORTING_WORDS:
            return REPUBLICATION, reasons + [f"{name}, {role}, reports nothing new ({later:.0%} of it is shared; its "
                                               f"added sentences bring {counted(fresh, 'word')} the other never uses)"]
        return UPDATE, reasons + [f"{name}, {role} by the same outlet, keeps {later:.0%} of its text from the other and its added "
                                    f"sentences bring {counted(fresh, 'word')} the other never uses: new reporting"]
    if not known and kept >= ABRIDGED_MIN and not (a.source and b.source) and _cut_tail(ops):
        return REPUBLICATION, reasons + [f"{'A' if order < 0 else 'B'} is the other cut short ({kept:.0%} of it "
                                           "is shared) and which came first is not known"]
    new = (cv.words_b - cv.shared_b) if order < 0 else (cv.words_a - cv.shared_a)
    same = " by the same outlet" if a.source and b.source else ""
    return UPDATE, reasons + [f"{name}, the later version{same}, adds {counted(new, 'word')} of new reporting "
                                f"and keeps {kept:.0%} of the earlier text"]
