"""Which of several copies of a story is the original: the earliest, then the one the others are
contained in, then the smallest id. ``dedup score`` picks each cluster's original by it
(:mod:`dedup.corpus.cluster`) and :func:`dedup.collate.collate` its default base.

>>> pick_original([0, 1, 2], [NO_DATE, 737000, 737000], {0: 2.0, 1: 0.4, 2: 0.9}, ["a", "b", "c"])
2
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

__all__ = ["NO_DATE", "pick_original"]

#: Day number (``date.toordinal()``) of an article without a date: the least int32, so it fits
#: the day arrays of batch scoring.
NO_DATE = -(2**31)


def pick_original(members: Sequence[int], days: Sequence[Any], contained: Mapping[int, float],
                  ids: Sequence[str]) -> int:
    """The original of a cluster: the earliest date (:data:`NO_DATE` counts as latest), then the
    document the other members are most contained in (``contained[x]``: the sum over the other
    members of the share of each found in ``x``), then the smallest id.

    :func:`dedup.corpus.cluster.cluster_pairs` and :func:`dedup.collate.collate` both choose by it.

    >>> pick_original([0, 1], [NO_DATE, NO_DATE], {0: 0.4, 1: 0.9}, ["a", "b"])
    1
    """
    return min(members, key=lambda x: (math.inf if days[x] == NO_DATE else days[x], -contained[x], ids[x]))
