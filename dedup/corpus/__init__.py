"""Batch scoring of a corpus: every near-duplicate pair, verified and named, clusters and originals.

- :mod:`~dedup.corpus.score`: the driver, :func:`score`, in four named stages (read and sketch,
  candidates, verify, cluster);
- :mod:`~dedup.corpus.partition`: the pure work an engine runs on one partition, with one frozen
  :class:`PartitionOptions`;
- :mod:`~dedup.corpus.cluster`: clusters of copies, guarded against chaining;
- :mod:`~dedup.corpus.result`: :class:`Pair`, :class:`Member` and :class:`ScoreResult`;
- :mod:`~dedup.corpus.textstore`: the temporary text store.

>>> from dedup.corpus import score
>>> with score([{"id": "a", "text": "Satu dua tiga empat lima enam."}], workers=0) as result:
...     result.stats["records"], result.pairs
(1, [])
"""

from __future__ import annotations

from ..original import NO_DATE, pick_original
from .cluster import CLUSTER_VERDICTS, cluster_pairs
from .partition import DEFAULT_THRESHOLD, PartitionOptions, sketch_partition, verify_partition
from .result import CLUSTER_COLUMNS, PAIR_COLUMNS, Member, Pair, ScoreResult
from .score import score

__all__ = [
    "score",
    "ScoreResult",
    "Pair",
    "Member",
    "PartitionOptions",
    "sketch_partition",
    "verify_partition",
    "cluster_pairs",
    "CLUSTER_VERDICTS",
    "pick_original",
    "NO_DATE",
    "DEFAULT_THRESHOLD",
    "PAIR_COLUMNS",
    "CLUSTER_COLUMNS",
]
