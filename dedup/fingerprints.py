"""Sentence fingerprints: the second candidate channel, for copies that whole-document Jaccard misses.

An abridged copy, a story with scraper losses, or a press release rewritten by two outlets can have
word-5-gram Jaccard far below any LSH threshold, yet still share several sentences word for word.
A *fingerprint* is a 64-bit hash of one normalised content sentence (:func:`dedup.text.sentence_key`
of a content sentence of :class:`dedup.document.Document`: headline, boilerplate, credit lines and
dateline are never fingerprinted) with at least ``min_words`` words; short sentences ("Ia diam.")
are too common to mean anything.

Two documents become candidates when they share at least ``min_shared`` fingerprints. Some long
sentences are still boilerplate (a portal's standard disclaimer, a recurring legal notice): the
consumer drops fingerprints by *document frequency*, i.e. those found in more than ``max_df``
documents of the corpus or index (:func:`fingerprint_pairs` does this for a batch; an index keeps
a count per fingerprint and ignores those above its limit at query time).

>>> a = "Judul\\nPresiden meresmikan jembatan baru di kota Palu pada Senin pagi. Ia diam."
>>> b = "Judul lain\\nPresiden meresmikan jembatan baru di kota Palu pada Senin pagi!"
>>> fa, fb = sentence_fingerprints(a), sentence_fingerprints(b)
>>> fa.size, bool(fa[0] == fb[0])
(1, True)
"""

from __future__ import annotations

import hashlib
from typing import Iterable, Sequence

import numpy as np

from .document import Document
from .lsh import shared_key_pairs

__all__ = [
    "DEFAULT_MIN_WORDS",
    "DEFAULT_MIN_SHARED",
    "DEFAULT_MAX_DF",
    "fingerprint",
    "key_fingerprints",
    "sentence_fingerprints",
    "sentence_fingerprints_many",
    "document_frequency",
    "fingerprint_pairs",
    "fingerprint_pairs_flat",
]

#: Sentences shorter than this (in words) are not fingerprinted.
DEFAULT_MIN_WORDS = 8
#: Documents sharing at least this many fingerprints are candidates (one shared sentence is too
#: often a common quote or a standard phrase).
DEFAULT_MIN_SHARED = 2
#: A fingerprint found in more documents than this is treated as boilerplate.
DEFAULT_MAX_DF = 50

_PERSON = b"dedup-sent-v1"


def fingerprint(key: str) -> int:
    """The 64-bit fingerprint of an already normalised sentence key (stable across processes and
    versions: BLAKE2b, never Python's salted ``hash()``).

    >>> fingerprint("tetapi china telah membantah hal ini") == fingerprint("tetapi china telah membantah hal ini")
    True
    """
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8, person=_PERSON).digest(), "little")


def sentence_fingerprints(text: str | Document, min_words: int = DEFAULT_MIN_WORDS) -> np.ndarray:
    """Sorted unique uint64 fingerprints of the content sentences of ``text`` that have at least
    ``min_words`` words. Accepts an already parsed :class:`~dedup.document.Document`.

    >>> sentence_fingerprints("Baca juga: Presiden meresmikan jembatan baru di kota Palu hari ini").size
    0
    """
    doc = text if isinstance(text, Document) else Document(text)
    table = key_fingerprints(doc)
    keys = {u.key for u in doc.sentences if u.key.count(" ") + 1 >= min_words}
    return np.array(sorted(table[k] for k in keys), dtype=np.uint64)


def key_fingerprints(doc: Document) -> dict[str, int]:
    """:func:`fingerprint` of the key of every content sentence of ``doc``, by key: hashed once per
    Document however many channels ask (:meth:`dedup.document.Document.cached`).

    >>> d = Document("Judul\\nSatu dua. Tiga empat.")
    >>> key_fingerprints(d)["satu dua"] == fingerprint("satu dua")
    True
    """
    return doc.cached(key_fingerprints, _key_fingerprints)


def _key_fingerprints(doc: Document) -> dict[str, int]:
    from .text import CONTENT

    return {u.key: fingerprint(u.key) for u in doc.units if u.kind == CONTENT}


def sentence_fingerprints_many(
    texts: Iterable[str | Document], min_words: int = DEFAULT_MIN_WORDS
) -> list[np.ndarray]:
    """:func:`sentence_fingerprints` for many texts."""
    return [sentence_fingerprints(t, min_words) for t in texts]


def document_frequency(fps: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """``(fingerprints, counts)``: every distinct fingerprint of a batch and the number of
    documents holding it, sorted by fingerprint.

    >>> document_frequency([np.array([1, 2], np.uint64), np.array([2], np.uint64)])
    (array([1, 2], dtype=uint64), array([1, 2]))
    """
    if not fps:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    values, counts = np.unique(np.concatenate([np.asarray(f, np.uint64) for f in fps]), return_counts=True)
    return values, counts


def fingerprint_pairs(
    fps: Sequence[np.ndarray],
    min_shared: int = DEFAULT_MIN_SHARED,
    max_df: int = DEFAULT_MAX_DF,
    return_stats: bool = False,
):
    """Pairs of documents ``(i, j)``, ``i < j``, sharing at least ``min_shared`` fingerprints that
    each occur in at most ``max_df`` documents: an ``(m, 3)`` int64 array of ``i, j, shared``,
    sorted by ``i`` then ``j``. Vectorised (sort-based), like :func:`dedup.lsh.candidate_pairs`.

    >>> f = [np.array([1, 2, 3], np.uint64), np.array([2, 3], np.uint64), np.array([3, 9], np.uint64)]
    >>> fingerprint_pairs(f).tolist()
    [[0, 1, 2]]
    >>> fingerprint_pairs(f, min_shared=1, max_df=2).tolist()
    [[0, 1, 1]]
    """
    n = len(fps)
    sizes = np.fromiter((len(f) for f in fps), dtype=np.int64, count=n)
    flat = np.concatenate([np.asarray(f, np.uint64) for f in fps]) if n else np.empty(0, np.uint64)
    return fingerprint_pairs_flat(flat, sizes, min_shared, max_df, return_stats)


def fingerprint_pairs_flat(flat: np.ndarray, sizes: np.ndarray, min_shared: int = DEFAULT_MIN_SHARED,
                           max_df: int = DEFAULT_MAX_DF, return_stats: bool = False):
    """:func:`fingerprint_pairs` of documents given as all their fingerprints one after the other
    (``flat``) and how many each has (``sizes``): no list of arrays to build for a big corpus.

    >>> fingerprint_pairs_flat(np.array([1, 2, 3, 2, 3, 3, 9], np.uint64), np.array([3, 2, 2])).tolist()
    [[0, 1, 2]]
    """
    n = len(sizes)
    code, shared, stats = shared_key_pairs(flat, None, n, max_df, row_sizes=sizes, min_count=min_shared)
    del flat
    width = np.int64(max(n, 1))
    out = np.stack((code // width, code % width, shared.astype(np.int64)), axis=1)
    return (out, stats) if return_stats else out


# --- passages: winnowed word k-grams ---------------------------------------------------------------
#
# The sentence channel needs whole sentences to match word for word (after normalisation), and two
# of them. One copied paragraph inside an unrelated article, or a copy whose every sentence carries
# a one-word edit, shares no sentence but many runs of consecutive words. A *passage fingerprint* is
# the hash of a word k-gram of the content (the very shingles of :mod:`dedup.minhash`) chosen by
# winnowing (Schleimer, Wilkerson & Aiken 2003, the algorithm behind MOSS): of every window of
# ``w`` consecutive k-grams the smallest hash is kept. Every run of at least ``w + k - 1`` words that
# two documents share yields at least one fingerprint they both keep, and shorter runs often do;
# about 2 / (w + 1) of a document's k-grams are kept.

#: Words per passage k-gram (the shingle size, so a passage fingerprint is one of the shingles).
PASSAGE_K = 5
#: Winnowing window, in k-grams: any shared run of PASSAGE_W + PASSAGE_K - 1 words yields a shared
#: fingerprint (see benchmarks/bench_recall.py for the measurement behind the choice).
PASSAGE_W = 6
#: At most this many passage fingerprints per document (the smallest hashes: the same choice in
#: every document), so a huge text costs a bounded number of index rows.
PASSAGE_CAP = 1000
# Measured on CLICK-ID (22,136 articles; benchmarks/bench_recall.py): of the 24 labelled copies
# (duplicate to partial, labels/dev_pairs.tsv) that the LSH and sentence channels miss, pairs sharing
# at least PASSAGE_MIN_SHARED passages held by at most PASSAGE_MAX_DF articles find all 24 for every
# max_df 10-50 and min_shared 2-6; the candidates they add grow with both (max_df 5 / min_shared 6:
# 5,625 pairs and 23 of 24; 20 / 4: 11,647; 50 / 2: 30,929, and 35 labelled-unrelated pairs
# become candidates instead of 1).
#: A candidate shares a real passage when it shares at least this many shingles (about a dozen
#: consecutive words) with the other text, or half of the shingles of the smaller one.
MIN_SHARED_SHINGLES = 8
#: Documents sharing at least this many passage fingerprints (each held by few documents) are
#: candidates.
PASSAGE_MIN_SHARED = 4
#: A passage fingerprint held by more documents than this is a common phrase (or boilerplate) and
#: makes no candidates.
PASSAGE_MAX_DF = 20


def _content_units(docs: Sequence[str | Document], skip, with_sentences: bool) -> tuple[list[str], list[int], list[int]]:
    """The texts of the documents' content sentences (less the ``skip`` units), the document
    each belongs to and, with ``with_sentences``, each one's :func:`fingerprint`."""
    from . import text as T

    texts: list[str] = []
    owner: list[int] = []
    sent: list[int] = []
    for i, d in enumerate(docs):
        doc = d if isinstance(d, Document) else Document(d)
        drop = skip[i] if skip is not None and skip[i] else ()
        table = key_fingerprints(doc) if with_sentences else None
        for u in doc.units:
            if u.kind == T.CONTENT and u.index not in drop:
                texts.append(u.text)
                owner.append(i)
                if table is not None:
                    sent.append(table[u.key])
    return texts, owner, sent


def passage_fingerprints_many(
    docs: Sequence[str | Document],
    skip: Sequence[frozenset[int] | set[int] | None] | None = None,
    k: int = PASSAGE_K,
    w: int = PASSAGE_W,
    cap: int = PASSAGE_CAP,
    with_sentences: bool = False,
):
    """Winnowed word-k-gram fingerprints of the content sentences of each document: one sorted
    unique uint64 array per document (at most ``cap``). ``skip[i]`` names unit indices of
    document ``i`` to leave out (its learned boilerplate). With ``with_sentences``, also returns,
    per document and aligned with its fingerprints, the :func:`fingerprint` of the sentence each
    passage starts in (so a caller can drop passages of sentences it later finds to be boilerplate).

    >>> a = "Judul\\nSatu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas dua belas."
    >>> b = "Lain\\nKalimat lain sama sekali. Satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas dua belas."
    >>> fa, fb = passage_fingerprints_many([a, b])
    >>> bool(np.intersect1d(fa, fb).size >= 1)
    True
    """
    from . import minhash as M

    n = len(docs)
    texts, owner, sent = _content_units(docs, skip, with_sentences)
    empty = [np.empty(0, np.uint64) for _ in range(n)]
    if not texts:
        return (empty, [np.empty(0, np.uint64) for _ in range(n)]) if with_sentences else empty
    tok, unit_words = M._token_hashes(texts)
    unit_doc = np.asarray(owner, dtype=np.int64)
    words = np.bincount(unit_doc, weights=unit_words, minlength=n).astype(np.int64)
    word_unit = np.repeat(np.arange(len(texts)), unit_words)
    grams, per_doc = M._gram_hashes(tok, words, k)
    gram_doc = np.repeat(np.arange(n), per_doc)
    # keep full k-grams only (a document shorter than k words has no passage)
    full = words[gram_doc] >= k
    grams, gram_doc = grams[full], gram_doc[full]
    n_full = np.bincount(gram_doc, minlength=n)
    first_word = np.zeros(n, dtype=np.int64)
    np.cumsum(words[:-1], out=first_word[1:])
    gram_start = np.zeros(n, dtype=np.int64)
    np.cumsum(n_full[:-1], out=gram_start[1:])
    local = np.arange(grams.size) - gram_start[gram_doc]
    # winnowing: the minimum of every window of w k-grams inside one document
    picks = []
    if grams.size >= w:
        win = np.lib.stride_tricks.sliding_window_view(grams, w)
        starts = np.arange(win.shape[0])
        ok = gram_doc[starts] == gram_doc[starts + w - 1]
        picks.append((starts + np.argmin(win, axis=1))[ok])
    short = np.flatnonzero((n_full > 0) & (n_full < w))
    for i in short.tolist():  # documents with fewer than w k-grams: their one minimum
        picks.append(np.array([gram_start[i] + int(np.argmin(grams[gram_start[i] : gram_start[i] + n_full[i]]))]))
    pos = np.sort(np.concatenate(picks)) if picks else np.empty(0, np.int64)
    pos = pos[np.concatenate(([True], pos[1:] != pos[:-1]))] if pos.size else pos
    fps, doc_of = grams[pos], gram_doc[pos]
    sfp = np.asarray(sent, dtype=np.uint64)[word_unit[first_word[doc_of] + local[pos]]] if with_sentences else None
    return smallest_per_document(fps, doc_of, sfp, n, cap)


def smallest_per_document(fps: np.ndarray, doc_of: np.ndarray, sfp: np.ndarray | None, n: int, cap: int):
    """Per document ``0..n-1``: its distinct values of ``fps`` (owner ``doc_of``), the ``cap``
    smallest, sorted; with ``sfp`` (one sentence key per value) also the sentence key of each.

    >>> out = smallest_per_document(np.array([5, 3, 5, 9, 1], np.uint64), np.array([0, 0, 0, 0, 2]), None, 3, 2)
    >>> [a.tolist() for a in out]
    [[3, 5], [], [1]]
    """
    order = np.lexsort((fps, doc_of))
    fps, doc_of = fps[order], doc_of[order]
    keep = np.ones(fps.size, dtype=bool)
    keep[1:] = (fps[1:] != fps[:-1]) | (doc_of[1:] != doc_of[:-1])
    bounds = np.searchsorted(doc_of[keep], np.arange(n + 1))
    rank = np.arange(int(keep.sum())) - bounds[doc_of[keep]]
    sel = np.flatnonzero(keep)[rank < cap]
    edges = np.searchsorted(doc_of[sel], np.arange(n + 1))
    chosen = fps[sel]
    out = [chosen[edges[i] : edges[i + 1]] for i in range(n)]
    if sfp is None:
        return out
    s_sel = sfp[order][sel]
    return out, [s_sel[edges[i] : edges[i + 1]] for i in range(n)]


def shares_passage(inter: int, n_a: int, n_b: int) -> bool:
    """True when two texts with ``n_a`` and ``n_b`` shingles, ``inter`` of them shared, share a
    real passage (:data:`MIN_SHARED_SHINGLES`), not a few colliding phrases.

    >>> shares_passage(8, 300, 400), shares_passage(3, 300, 5), shares_passage(3, 300, 400)
    (True, True, False)
    """
    return inter >= MIN_SHARED_SHINGLES or (inter > 0 and inter >= 0.5 * min(n_a, n_b))
