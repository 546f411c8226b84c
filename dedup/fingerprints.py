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
from .lsh import bucket_pairs

__all__ = [
    "DEFAULT_MIN_WORDS",
    "DEFAULT_MIN_SHARED",
    "DEFAULT_MAX_DF",
    "fingerprint",
    "sentence_fingerprints",
    "sentence_fingerprints_many",
    "document_frequency",
    "fingerprint_pairs",
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
    keys = {u.key for u in doc.sentences if u.key.count(" ") + 1 >= min_words}
    return np.array(sorted(fingerprint(k) for k in keys), dtype=np.uint64)


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
    rows = np.repeat(np.arange(n, dtype=np.int64), sizes)
    lo, hi, stats = bucket_pairs(flat, rows, max_df)
    width = np.int64(max(n, 1))
    code, shared = np.unique(lo * width + hi, return_counts=True)
    keep = shared >= min_shared
    code, shared = code[keep], shared[keep]
    out = np.stack((code // width, code % width, shared.astype(np.int64)), axis=1)
    return (out, stats) if return_stats else out
