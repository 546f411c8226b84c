"""The candidate channels of an :class:`dedup.Index` query: which stored articles are worth verifying.

Four channels, each a kind of key an article shares with its copies (see :mod:`dedup.index` for
what each one finds): ``lsh`` (MinHash band keys), ``sentences`` (normalised-sentence
fingerprints, :mod:`dedup.fingerprints`), ``passages`` (winnowed word k-grams) and ``paraphrase``
(sampled content-word pairs, :mod:`dedup.paraphrase`, and sentence-length runs,
:mod:`dedup.shapes`). The fingerprint kinds are stored together, one set per article
(:func:`stored_fingerprints`); a query looks each kind up apart (:func:`query_fingerprints`,
:func:`sharing`), skipping fingerprints more than a cap of articles hold and asking for a minimum
shared.

>>> check_channels(["paraphrase", "lsh"])
('lsh', 'paraphrase')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from . import boilerplate as BP
from . import fingerprints as F
from . import paraphrase as P
from . import shapes as S
from .document import Document
from .errors import InputError
from .wording import shown

__all__ = ["CHANNELS", "Candidates", "check_channels", "stored_fingerprints", "query_fingerprints", "sharing", "sharing_many"]

#: The candidate channels, in the order ``Match.channels`` names them: ``Index(channels=...)`` asks a
#: query to use fewer (to measure what each one adds, or to save the cost of one).
CHANNELS = ("lsh", "sentences", "passages", "paraphrase")


@dataclass
class Candidates:
    """A query's candidates, ``{channel: {id: shared keys}}`` (channels in :data:`CHANNELS`
    order), and the query's own sentence, passage and bag fingerprint counts (the paraphrase
    channel's shapes not counted)."""

    channels: dict[str, dict[str, int]]
    n_sentences: int
    n_passages: int
    n_bags: int


def check_channels(channels: Iterable[str]) -> tuple[str, ...]:
    """The chosen channels in :data:`CHANNELS` order; InputError for an unknown one or none."""
    if isinstance(channels, str):
        channels = (channels,)
    chosen = set(channels)
    unknown = sorted(map(str, chosen - set(CHANNELS)))
    if unknown or not chosen:
        raise InputError(f"channels: expected some of {', '.join(CHANNELS)}, got {shown(sorted(map(str, chosen)))}")
    return tuple(c for c in CHANNELS if c in chosen)


def stored_fingerprints(docs: Sequence[Document], skip: Sequence[frozenset[int]]) -> list[np.ndarray]:
    """Per document, the sorted union of its sentence, passage, bag and shape fingerprints (less
    those of the ``skip`` units, its learned boilerplate) as int64: what an index stores for it."""
    fps = F.sentence_fingerprints_many([BP.relabel(d, s) for d, s in zip(docs, skip)])
    passages = F.passage_fingerprints_many(docs, skip)
    bags = P.bag_fingerprints_many(docs, skip)
    shapes = S.shape_fingerprints_many(docs, skip)
    return [np.union1d(np.union1d(a, b), np.union1d(c, d)).astype(np.uint64).view(np.int64)
            for a, b, c, d in zip(fps, passages, bags, shapes)]


def query_fingerprints(doc: Document, skip: frozenset[int], use: Sequence[str]) -> dict[str, np.ndarray]:
    """The query's fingerprints of each fingerprint channel in ``use`` (an empty array for the
    others) and, under ``"shapes"``, the paraphrase channel's shape fingerprints, kept disjoint: a
    64-bit coincidence between kinds counts for the first one only."""
    none = np.empty(0, np.uint64)
    q_fps = F.sentence_fingerprints(BP.relabel(doc, skip)) if "sentences" in use else none
    q_pass = F.passage_fingerprints_many([doc], [skip])[0] if "passages" in use else none
    q_pass = np.setdiff1d(q_pass, q_fps)
    q_bag = P.bag_fingerprints_many([doc], [skip])[0] if "paraphrase" in use else none
    q_bag = np.setdiff1d(q_bag, np.union1d(q_fps, q_pass))
    q_shape = S.shape_fingerprints_many([doc], [skip])[0] if "paraphrase" in use else none
    q_shape = np.setdiff1d(q_shape, np.union1d(np.union1d(q_fps, q_pass), q_bag))
    return {"sentences": q_fps, "passages": q_pass, "paraphrase": q_bag, "shapes": q_shape}


def sharing_many(storage, groups: Sequence[tuple[np.ndarray, int, int]]) -> list[dict[str, int]]:
    """:func:`sharing` of each ``(fps, cap, min_shared)`` of ``groups``, from one storage lookup
    (:meth:`~dedup.storage.base.Storage.by_fingerprints_many`): a query's channels in one round
    trip, a key two groups ask for read once, and ids read only for the articles returned."""
    asked = [i for i, (fps, _, _) in enumerate(groups) if fps.size]
    found = storage.by_fingerprints_many([(groups[i][0].view(np.int64).tolist(), groups[i][1],
                                           min(groups[i][2], groups[i][0].size)) for i in asked]) if asked else []
    out: list[dict[str, int]] = [{} for _ in groups]
    for i, (hits, _) in zip(asked, found):
        out[i] = hits
    return out


def sharing(storage, fps: np.ndarray, cap: int, min_shared: int) -> dict[str, int]:
    """Stored articles holding at least ``min_shared`` of ``fps`` (or all of them, when the query
    has fewer: one shared sentence is often a common quote, but a one-sentence query has only
    one) among the fingerprints held by at most ``cap`` articles: ``{id: how many}``."""
    return sharing_many(storage, [(fps, cap, min_shared)])[0]
