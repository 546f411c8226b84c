"""Which words one text brings that the other never uses: the evidence of new reporting, of a new
subject and of one text reworded, read by the verdict rules (:mod:`dedup.verdict`).

>>> from dedup.document import Document
>>> a = Document("Hujan Deras\\nHujan turun sejak pagi di kota itu.")
>>> b = Document("Hujan Deras\\nHujan turun sejak pagi di kota itu, kata warga.")
>>> sorted(vocabulary(b) - vocabulary(a))
['kata', 'warga']
"""

from __future__ import annotations

from . import align as A
from . import text as T
from .paraphrase import STOPWORDS


def sentence_words(doc) -> dict[int, list[str]]:
    """The words (:func:`dedup.text.words`) of each content sentence of a Document, by unit index.
    Per document: read through ``doc.cached``.

    >>> from dedup.document import Document
    >>> sentence_words(Document("Judul\\nHujan turun. Jalan tergenang."))
    {1: ['Hujan', 'turun'], 2: ['Jalan', 'tergenang']}
    """
    return {u.index: T.words(u.text) for u in doc.sentences}


SENTENCE_WORDS_KEY = "verdict.sentence_words"


def vocabulary(doc) -> set[str]:
    """The distinct words (lower-cased) of a Document's content sentences."""
    # Lower-casing the words joined lower-cases each alike (see dedup.verdict._content_words).
    return set(" ".join(x for ws in doc.cached(SENTENCE_WORDS_KEY, sentence_words).values() for x in ws).lower().split())


VOCABULARY_KEY = "verdict.vocabulary"
ALL_WORDS_KEY = "verdict.all_words"


def _all_words(doc) -> set[str]:
    """Every distinct word (lower-cased) of a Document, headline and boilerplate lines included."""
    return {x.lower() for x in set(T.words(doc.text))}


def novelty(a, b) -> float:
    """The larger of the two texts' shares of distinct content-sentence words the other never uses.

    >>> from dedup.document import Document
    >>> round(novelty(Document("Hujan turun deras di kota itu sejak pagi."),
    ...                Document("Sejak pagi hujan deras turun di kota itu, kata warga.")), 2)
    0.2
    """
    va, vb = a.cached(VOCABULARY_KEY, vocabulary), b.cached(VOCABULARY_KEY, vocabulary)
    if not va or not vb:
        return 1.0
    return max(len(va - vb) / len(va), len(vb - va) / len(vb))


def new_subject(a, b) -> int:
    """How many words each headline has that the other article never uses (the smaller count;
    words of 3+ letters that are not function words); 0 when either has no headline.

    >>> from dedup.document import Document
    >>> new_subject(Document("NICOR INC REGULAR DIVIDEND SET\\nQtly div 45 cts vs 45 cts prior."),
    ...              Document("DILLARD DEPT STORES DECLARES QTLY DIV\\nQtly div three cts vs three cts prior."))
    4
    """
    if a.headline is None or b.headline is None:
        return 0

    def novel(head, other) -> int:
        seen = other.cached(ALL_WORDS_KEY, _all_words)
        return sum(len(x) >= 3 and x not in STOPWORDS and x not in seen
                   for x in (y.lower() for y in T.words(head.text)))

    return min(novel(a.headline, b), novel(b.headline, a))


def new_words(ops: list[A.Op], a, b, later_is_b: bool) -> int:
    """Distinct words of the later text's added content sentences that the earlier text never uses.

    >>> from dedup.document import Document
    >>> from dedup.align import align
    >>> a = Document("Judul\\nHujan turun sejak pagi di kota itu. Jalan utama tergenang air.")
    >>> b = Document("Judul\\nHujan turun sejak pagi di kota itu. Jalan utama tergenang air. Wali kota meminta warga mengungsi.")
    >>> new_words(align(a, b), a, b, later_is_b=True)
    4
    """
    earlier, later = (b, a) if not later_is_b else (a, b)
    seen = earlier.cached(VOCABULARY_KEY, vocabulary)
    words = later.cached(SENTENCE_WORDS_KEY, sentence_words)
    new: set[str] = set()
    for op in ops:
        if op.kind != T.CONTENT:
            continue
        units = (op.b_units if op.a is None else ()) if later_is_b else (op.a_units if op.b is None else ())
        for k in units:
            new.update(x for x in (y.lower() for y in words[k]) if x not in seen)
    return len(new)


def headline_news(ops: list[A.Op], a, b, later_is_b: bool) -> tuple[int, int]:
    """The later text's headline words (3+ letters, not function words) that the earlier text
    never uses, and how many of them its added content sentences use; (0, 0) without headlines.

    >>> from dedup.document import Document
    >>> from dedup.align import align
    >>> a = Document("Hujan Deras di Kota\\nHujan turun sejak pagi di kota itu. Jalan utama tergenang air.")
    >>> b = Document("Warga Mengungsi\\nHujan turun sejak pagi di kota itu. Jalan utama tergenang air. Ratusan warga mengungsi.")
    >>> headline_news(align(a, b), a, b, later_is_b=True)
    (2, 2)
    """
    earlier, later = (a, b) if later_is_b else (b, a)
    if later.headline is None or earlier.headline is None:
        return 0, 0
    seen = earlier.cached(ALL_WORDS_KEY, _all_words)
    head = {x for x in (y.lower() for y in T.words(later.headline.text)) if len(x) >= 3 and x not in STOPWORDS} - seen
    words = later.cached(SENTENCE_WORDS_KEY, sentence_words)
    added = {x.lower() for op in ops if op.kind == T.CONTENT and (op.a is None if later_is_b else op.b is None)
             for k in (op.b_units if later_is_b else op.a_units) for x in words[k]}
    return len(head), len(head & added)
