"""Sentence word bags: the candidate channel for paraphrased passages.

Word k-gram fingerprints (:mod:`dedup.fingerprints`) need runs of identical consecutive words. A
paraphrased passage (words swapped for synonyms, clauses reordered, function words changed) keeps
few such runs, but each of its sentences keeps most of its *rare content words* (names, numbers,
uncommon nouns), in one sentence, in some order. A *bag fingerprint* captures that: the content
words of a sentence (lower-cased, at least :data:`MIN_WORD_CHARS` characters, not a function word
of :data:`STOPWORDS`) are hashed, the :data:`SELECT` smallest hashes chosen (a consistent sample:
two sentences with the same words choose the same ones, and a sentence sharing most of its words
with another shares most of its choice), and every unordered triple of the chosen words is one
64-bit fingerprint. A triple of content words in one sentence is rare enough to mean something;
the consumer still drops triples held by more than :data:`MAX_DF` documents (common phrases,
outlet boilerplate) and asks for :data:`MIN_SHARED` of them.

Verification stays exact (:func:`matched_sentences`): both texts are re-read and a pair of
sentences *matches* when they share at least :data:`MATCH_WORDS` content words and that is at
least :data:`MATCH_SHARE` of the smaller sentence's content words.

>>> a = "Judul\\nPada 1515 Raphael melihat penugasan ini sebagai kesempatan untuk disejajarkan dengan Michelangelo di Brussels."
>>> b = "Lain\\nRaphael memandang amanat ini pada 1515 sebagai peluang disejajarkan terhadap Michelangelo di Brussels."
>>> fa, fb = bag_fingerprints_many([a, b])
>>> bool(np.intersect1d(fa, fb).size >= 1), matched_sentences(a, b)
(True, 1)
"""

from __future__ import annotations

import hashlib
import itertools
from functools import lru_cache
from typing import Sequence

import numpy as np

from . import text as T
from .document import Document
from .fingerprints import smallest_per_document

__all__ = [
    "STOPWORDS", "MIN_WORD_CHARS", "MIN_WORDS", "SELECT", "CAP", "MAX_DF", "MIN_SHARED", "MATCH_WORDS",
    "MATCH_SHARE", "content_words", "sentence_bags", "bag_fingerprints_many", "matched_sentences", "shares_paraphrase",
]

#: Function words of Indonesian and English (the languages of the project's news), never content
#: words; shorter words (MIN_WORD_CHARS) are left out anyway.
STOPWORDS = frozenset("""
yang dan di ke dari ini itu dengan untuk dalam pada tidak akan juga adalah telah bahwa oleh atau
saat kata ada lebih sudah bisa para karena serta namun masih kami kita mereka saya anda dia nya
tersebut seperti hal hanya harus dapat menjadi sebagai antara agar setelah kepada tetapi tapi maka
jika bila sangat lagi sebuah seorang satu yaitu yakni begitu sehingga sedang belum pernah semua
setiap bagi sendiri sementara lalu kemudian ketika waktu siapa mana sini sana situ hingga sampai
tentang atas bawah banyak beberapa demikian mengatakan merupakan sebelum sesudah selama tanpa
walaupun meskipun apabila karena itulah adapun yakni pula saja terhadap melalui masing baik secara
bukan belum sudah akan sedangkan bahkan hanya antara dapat
that with from have this were which their they them there than then been will would could should
also into after over about more most some such only other what when where while your yours said
says just because before being both each does doing during further here here's same very again
""".split())
#: Shorter words are never content words (they are mostly function words in both languages).
MIN_WORD_CHARS = 4
#: Sentences with fewer distinct content words make no fingerprints (too little to be specific).
MIN_WORDS = 5
#: Content words chosen per sentence (smallest hashes); every triple of them is a fingerprint, so a
#: sentence makes at most C(SELECT, 3) = 20.
SELECT = 6
#: At most this many bag fingerprints per document (the smallest: the same choice in every
#: document), so a long text costs a bounded number of index rows.
CAP = 2000
#: A bag fingerprint held by more documents than this makes no candidates.
MAX_DF = 20
#: Documents sharing at least this many bag fingerprints are candidates.
MIN_SHARED = 2
#: Two sentences match when they share at least this many content words ...
MATCH_WORDS = 5
#: ... and that is at least this share of the smaller sentence's content words.
MATCH_SHARE = 0.4

_PERSON = b"dedup-bag-v1"
_TRIPLES = np.array(list(itertools.combinations(range(SELECT), 3)), dtype=np.int64)
_MUL = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


def content_words(sentence: str) -> set[str]:
    """The distinct content words of a sentence: lower-cased word tokens of at least
    :data:`MIN_WORD_CHARS` characters that are not :data:`STOPWORDS`.

    >>> sorted(content_words("Presiden Joko Widodo meresmikan jembatan itu pada 2019."))
    ['2019', 'jembatan', 'joko', 'meresmikan', 'presiden', 'widodo']
    """
    return _content(T.sentence_key(sentence))


def _content(key: str) -> set[str]:
    """:func:`content_words` of a sentence already normalised by :func:`dedup.text.sentence_key`."""
    return {w for w in key.split() if len(w) >= MIN_WORD_CHARS and w not in STOPWORDS}


def sentence_bags(doc: str | Document, skip: frozenset[int] | set[int] | None = None) -> list[tuple[int, set[str]]]:
    """``(unit index, content words)`` of each content sentence of ``doc`` not in ``skip``.

    >>> [(i, sorted(w)) for i, w in sentence_bags("Judul\\nKota Palu menerima bantuan. Ia diam.")]
    [(1, ['bantuan', 'kota', 'menerima', 'palu']), (2, ['diam'])]
    """
    d = doc if isinstance(doc, Document) else Document(doc)
    drop = skip or ()
    return [(u.index, _content(u.key)) for u in d.units if u.kind == T.CONTENT and u.index not in drop]


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8, person=_PERSON).digest(), "little")


def _fmix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


def bag_fingerprints_many(
    docs: Sequence[str | Document],
    skip: Sequence[frozenset[int] | set[int] | None] | None = None,
    cap: int = CAP,
    with_sentences: bool = False,
):
    """The bag fingerprints of the content sentences of each document: one sorted unique uint64
    array per document (at most ``cap``, the smallest). ``skip[i]`` names unit indices of document
    ``i`` to leave out (its learned boilerplate). With ``with_sentences``, also returns, aligned
    with each document's fingerprints, the :func:`dedup.fingerprints.fingerprint` of the sentence
    each comes from (so a caller can drop those of sentences it later finds to be boilerplate).

    >>> [f.size for f in bag_fingerprints_many(["Judul\\nSatu dua tiga.", "Judul\\nKota Palu menerima bantuan beras dari Makassar."])]
    [0, 20]
    """
    from .fingerprints import fingerprint

    n = len(docs)
    rows: list[list[int]] = []
    owner: list[int] = []
    sent: list[int] = []
    for i, d in enumerate(docs):
        doc = d if isinstance(d, Document) else Document(d)
        keys = {u.index: u.key for u in doc.units} if with_sentences else None
        for index, words in sentence_bags(doc, skip[i] if skip is not None else None):
            if len(words) < MIN_WORDS:
                continue
            rows.append(sorted(_word_hash(w) for w in words)[:SELECT])
            owner.append(i)
            if with_sentences:
                sent.append(fingerprint(keys[index]))
    empty = [np.empty(0, np.uint64) for _ in range(n)]
    if not rows:
        return (empty, [np.empty(0, np.uint64) for _ in range(n)]) if with_sentences else empty
    m = np.zeros((len(rows), SELECT), dtype=np.uint64)
    k = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    for r, row in enumerate(rows):
        m[r, : len(row)] = row
    # every triple (a < b < c) of the chosen words; a sentence with fewer than SELECT chosen words
    # has only the triples within them (rows are sorted, so a triple hashes the same everywhere)
    valid = _TRIPLES[None, :, 2] < k[:, None]
    with np.errstate(over="ignore"):
        fp = _fmix(m[:, _TRIPLES[:, 0]] * _MUL[0] + m[:, _TRIPLES[:, 1]] * _MUL[1] + m[:, _TRIPLES[:, 2]] * _MUL[2])
    fps = fp[valid]
    doc_of = np.repeat(np.asarray(owner, dtype=np.int64), valid.sum(axis=1))
    sfp = np.repeat(np.asarray(sent, dtype=np.uint64), valid.sum(axis=1)) if with_sentences else None
    return smallest_per_document(fps, doc_of, sfp, n, cap)


def _bags(doc) -> list[set[str]]:
    bags = doc if isinstance(doc, list) else [b for _, b in sentence_bags(doc)]
    return [b for b in bags if len(b) >= MATCH_WORDS]


def matched_sentences(a: str | Document | list[set[str]], b: str | Document | list[set[str]]) -> int:
    """How many content sentences of the text with fewer of them have a matching sentence in the
    other (:data:`MATCH_WORDS` shared content words, at least :data:`MATCH_SHARE` of the smaller
    sentence's): the exact check behind a bag candidate. Either side may be given as its list of
    content-word sets (``[words for _, words in sentence_bags(doc)]``), to check one text against many.

    >>> matched_sentences("Judul\\nKota Palu menerima bantuan beras dari Makassar kemarin.",
    ...                   "Lain\\nBantuan beras dari Makassar diterima kota Palu kemarin sore.")
    1
    """
    ba, bb = _bags(a), _bags(b)
    if len(ba) > len(bb):
        ba, bb = bb, ba
    where: dict[str, list[int]] = {}
    for j, bag in enumerate(bb):
        for w in bag:
            where.setdefault(w, []).append(j)
    n = 0
    for bag in ba:
        counts: dict[int, int] = {}
        for w in bag:
            for j in where.get(w, ()):
                counts[j] = counts.get(j, 0) + 1
        if any(c >= MATCH_WORDS and c >= MATCH_SHARE * min(len(bag), len(bb[j])) for j, c in counts.items()):
            n += 1
    return n


def shares_paraphrase(matched: int) -> bool:
    """True when ``matched`` sentences (:func:`matched_sentences`) are enough to call two texts
    a shared passage: one is."""
    return matched >= 1
