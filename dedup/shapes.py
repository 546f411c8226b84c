"""Sentence-length runs: the paraphrase channel's key for a passage reworded word for word.

A passage whose words were swapped one for one (synonyms, an article spinner, the plagiarism
corpus's "semantic variation") keeps almost no word 5-gram, no sentence and few sampled word pairs
(:mod:`dedup.paraphrase`), but it keeps its *shape*: every sentence has as many words as before. A
*shape fingerprint* is the 64-bit hash of the word counts of :data:`RUN` consecutive content
sentences (the words of :func:`dedup.text.sentence_key`, as the sentence channel counts them), one
per position in the text. The consumer (the paraphrase channel of :class:`dedup.Index`) drops
shapes held by more than :data:`dedup.paraphrase.MAX_DF` documents (templates) and makes a
candidate of :data:`MIN_SHARED` shared shapes (``RUN`` sentences of equal lengths in a row rarely
meet by chance, two runs more rarely still), and verification stays exact (the texts re-read,
:func:`dedup.paraphrase.shares_paraphrase`).

>>> a = "Judul\\nKapal itu tiba pagi. Awak turun ke dermaga. " * 4
>>> b = "Lain\\nPerahu ini datang siang. Kru naik ke pelabuhan. " * 4
>>> bool(np.intersect1d(*shape_fingerprints_many([a, b])).size)
True
"""

from __future__ import annotations

import hashlib
from typing import Sequence

import numpy as np

from . import text as T
from .document import Document

__all__ = ["MIN_SHARED", "RUN", "shape_fingerprints_many"]

# Measured on all 22,136 CLICK-ID articles (word counts of consecutive content sentences; pairs of
# articles sharing one run held by at most 20 articles): runs of 5 sentences make 3,408 pairs, of
# which 2,836 share no passage (8 shingles) and 4 are labelled unrelated; runs of 6, 455 and 150;
# runs of 8, 137 and 8, none labelled unrelated (0.006 candidates per article). On the plagiarism
# corpus, runs of 8 make candidates of 10 relevant (suspicious, source) pairs and no other pair,
# 00018/00007 among them (a semantic variation whose 13 sentences keep their lengths exactly, found
# by no other channel); runs of 6, 14 relevant and 3 others.
#: Consecutive content sentences whose word counts make one shape fingerprint.
RUN = 8
#: Shape fingerprints a document must share with the query to be a candidate: two runs (nine
#: sentences in a row, or two passages) instead of one. On CLICK-ID the pairs sharing a run held by
#: at most 20 articles fall from 137 to 93, and those that share no passage from 8 to 5 (the 3 gone:
#: list articles and two different MotoGP sessions, none a copy); the plagiarism corpus keeps every
#: pair (72 of 75 through ``Index.query``, 00018/00007's 13 sentences share 6 runs). At 1,000,000
#: synthetic articles (a grammar of few sentence lengths) 600 queries drew 524 shape candidates
#: against 190, up to 21 in one query, each re-read and checked (about 0.6 ms).
MIN_SHARED = 2

_PERSON = b"dedup-shape-v1"


def _shape(lengths: Sequence[int]) -> int:
    data = b"".join(min(n, 0xFFFF).to_bytes(2, "little") for n in lengths)
    return int.from_bytes(hashlib.blake2b(data, digest_size=8, person=_PERSON).digest(), "little")


def shape_fingerprints_many(
    docs: Sequence[str | Document], skip: Sequence[frozenset[int] | set[int] | None] | None = None, run: int = RUN
) -> list[np.ndarray]:
    """The shape fingerprints of each document: one sorted unique uint64 array per document, of
    the word counts of every ``run`` consecutive content sentences (none for a document with
    fewer). ``skip[i]`` names unit indices of document ``i`` to leave out (its learned
    boilerplate): the sentences on either side of a skipped one count as consecutive.

    >>> [f.size for f in shape_fingerprints_many(["Judul\\nSatu dua. Tiga empat lima.", "Judul\\n" + "Kata. " * 9], run=3)]
    [0, 1]
    """
    out = []
    for i, d in enumerate(docs):
        doc = d if isinstance(d, Document) else Document(d)
        drop = skip[i] if skip is not None and skip[i] else ()
        lengths = [u.key.count(" ") + 1 for u in doc.units if u.kind == T.CONTENT and u.index not in drop]
        shapes = {_shape(lengths[k : k + run]) for k in range(len(lengths) - run + 1)}
        out.append(np.array(sorted(shapes), dtype=np.uint64))
    return out
