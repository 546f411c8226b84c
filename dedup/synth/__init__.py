"""A seeded generator of labelled article pairs with known ground truth.

Give it any article text (Indonesian or English) and it makes a *variant* whose relation to the
source is known exactly: the verdict the pair should get, and the sentence-level ops (``equal``,
``modified``, ``added``, ``removed``, ``moved``, ``split``, ``merged``) an aligner should find.
Use it to measure a pipeline (``benchmarks/bench_quality.py`` does) or to plant near-duplicates
in a corpus. Everything is deterministic for a given seed.

Kinds of variant, and the label (verdict) each one defines:

=============== ============== ==================================================================
kind            label          what B is
=============== ============== ==================================================================
duplicate       duplicate      A's content unchanged; only byline and boilerplate lines differ
republication   republication  new headline, dateline/byline swap, "Baca juga:"/"Read also:" lines,
                               a few sentence edits (at most 3 added, 3 removed, rewordings,
                               splits, merges, one move) and sometimes truncation (B keeps >= 60%)
noise           republication  a republication seen through a bad scraper: linked words dropped
                               (leaving ", ," or a double space), paragraphs joined with commas
update          update         A kept, plus new paragraphs of reporting: 50-100% more sentences
partial         partial        another article with one passage of A inside it (2-4 sentences,
                               >= 20 words, < 35% of either side)
template        template       A's wording with numbers, dates and names changed throughout
                               (>= 60% of sentences), or two fills of one report template
                               (weather, stock market, football, earnings)
unrelated       unrelated      another article, no shared sentence
=============== ============== ==================================================================

The sentence-level edits (``EDIT_MIX``) are: ``add`` a new sentence, ``remove`` one, ``reword``
1-3 words (synonyms, filler adverbs; the sentence stays >= 75 fuzz.ratio to the original),
``number`` (change one number), ``split`` a sentence in two at a comma or conjunction, ``merge``
two adjacent sentences of a paragraph, ``move`` one sentence past at least three unchanged ones.
Each source sentence takes part in at most one edit, so the gold ops are unambiguous.

Everything inserted (new sentences, paragraphs, names, numbers, filler articles) comes from the
generator's own seeded vocabulary or from the other input articles, never from stored news text.
Every variant is parsed back with :class:`dedup.document.Document` and must split into exactly
the content sentences the gold ops name; a draw that does not is redrawn. So by default only
articles the sentence splitter already handles give pairs (on real scraped text many draws are
redrawn, and some articles never give one). With ``gold_ops=False`` (:func:`make_variant`,
:func:`make_pairs`) such a draw is kept as a *label-only* variant: its label is as good as any
(it does not depend on the parse), its ``ops`` are ``None`` (no sentence-level gold). Pass a
``stats`` dict to count the draws and why any were redrawn.

>>> v = make_variant(synthetic_article(random.Random(1), "en"), "republication", random.Random(2))
>>> v.label, {op.op for op in v.ops} <= set(OPS)
('republication', True)
>>> [s.text for s in Document(v.text).sentences] == list(v.sentences)
True

The package's parts: :mod:`.model` (kinds, labels, gold ops, pairs and their JSONL),
:mod:`.vocabulary` (the word lists), :mod:`.grammar` (sentence, headline and dateline rules as data,
one expander), :mod:`.templates` (report templates), :mod:`.article` (synthetic articles; a source
article as editable lines), :mod:`.edits` (sentence-level edits) and :mod:`.variants` (one builder per
kind, :func:`make_variant`, :func:`make_pairs`).
"""

from __future__ import annotations

import random  # noqa: F401  (the doctest above)

from ..align import OPS
from ..document import Document  # noqa: F401  (the doctest above)
from .article import synthetic_article, synthetic_articles
from .model import (DEFAULT_MIX, EDIT_MIX, KINDS, LABELS, PARTIAL_MIN_WORDS, REWORD_MIN_RATIO,
                    TEMPLATE_MIN_CHANGED, GoldOp, LabelledPair, Variant, read_pairs, write_pairs)
from .templates import template_pair
from .variants import make_pairs, make_variant
from .vocabulary import language_of

__all__ = [
    "GoldOp", "Variant", "LabelledPair", "KINDS", "LABELS", "DEFAULT_MIX", "EDIT_MIX", "OPS",
    "REWORD_MIN_RATIO", "TEMPLATE_MIN_CHANGED", "PARTIAL_MIN_WORDS",
    "make_variant", "make_pairs", "synthetic_article", "synthetic_articles", "template_pair",
    "language_of", "write_pairs", "read_pairs",
]
