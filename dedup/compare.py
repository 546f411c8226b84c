"""`compare(a, b) -> Comparison`: scores, verdict and the aligned sentence ops of two articles.

>>> from dedup import compare
>>> c = compare("Judul\\nSatu dua tiga empat lima enam. Tujuh delapan sembilan sepuluh sebelas.",
...             "Judul\\nSatu dua tiga empat lima enam. Tujuh delapan sembilan sepuluh sebelas.")
>>> c.verdict, c.similarity
('duplicate', 1.0)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .align import Op, align
from .document import Document
from .inputs import check_unicode
# The verdict names live in verdict.py; compare re-exports them (compare.DUPLICATE, ...).
from .verdict import (DUPLICATE, PARTIAL, REPUBLICATION, SAME_SOURCE, TEMPLATE, UNRELATED,  # noqa: F401
                      UPDATE, VERDICTS)
from .verdict import decide

if TYPE_CHECKING:  # numpy and minhash load on the first compare (start-up time of `dedup diff`)
    import numpy as np

    from .boilerplate import BoilerplateSource
    from .minhash import MinHashParams



@dataclass(slots=True)
class Comparison:
    """The result of comparing article ``a`` with article ``b``.

    ``similarity`` is the Jaccard index of the content shingles; ``containment_a_in_b`` is the
    share of A's shingles found in B. ``ops`` are in reading order (of B, with A's removed
    sentences placed where they stood).
    """

    verdict: str
    similarity: float
    containment_a_in_b: float
    containment_b_in_a: float
    ops: list[Op]
    a: Document
    b: Document
    labels: tuple[str, str] = ("A", "B")
    reasons: list[str] = field(default_factory=list)

    def counts(self, kind: str | None = "content") -> dict[str, int]:
        """How many ops of each type (of one unit kind, or of all kinds with ``kind=None``)."""
        c = Counter(op.op for op in self.ops if kind is None or op.kind == kind)
        return dict(c)

    def to_dict(self) -> dict:
        """Exactly the JSON document that ``dedup diff --format json`` prints."""
        return {
            "a": self.labels[0],
            "b": self.labels[1],
            "verdict": self.verdict,
            "similarity": round(self.similarity, 4),
            "containment_a_in_b": round(self.containment_a_in_b, 4),
            "containment_b_in_a": round(self.containment_b_in_a, 4),
            "reasons": list(self.reasons),
            "counts": self.counts(),
            "ops": [op.to_dict() for op in self.ops],
        }


def compare(
    a: str | Document,
    b: str | Document,
    *,
    labels: tuple[str, str] = ("A", "B"),
    params: MinHashParams | None = None,
    shingles: tuple[np.ndarray, np.ndarray] | None = None,
    boilerplate: BoilerplateSource | None = None,
    sources: tuple[str | None, str | None] = (None, None),
) -> Comparison:
    """Compare article ``a`` with article ``b``: scores, verdict and the sentence diff.

    ``a`` and ``b`` are texts or parsed :class:`Document` objects. ``params`` are the
    :class:`dedup.minhash.MinHashParams` whose shingling defines ``similarity`` (default: the
    library's defaults). ``shingles`` are the two texts' shingles when the caller already has
    them (``minhash.shingles_many([a_text, b_text], params)``: batch scoring computes them for its
    exact scores), so they are not computed twice.

    ``boilerplate`` is learned outlet boilerplate (:mod:`dedup.boilerplate`): a
    :class:`~dedup.boilerplate.Boilerplate` model, an :class:`~dedup.Index` (its stored counts), or
    a pair of fingerprint sets decided for A and B. The sentences it names are labelled
    ``boilerplate`` and count neither for the verdict nor for the similarity. ``sources`` are the
    two articles' sources (one missing: the other's; both: every source the model knows).

    >>> c = compare("Satu dua tiga empat lima. Enam tujuh delapan sembilan sepuluh.",
    ...             "Satu dua tiga empat lima. Enam tujuh delapan sembilan sebelas.")
    >>> [op.op for op in c.ops]
    ['equal', 'modified']
    """
    from . import minhash

    _check_article(a, "a")
    _check_article(b, "b")
    if not (isinstance(labels, tuple) and len(labels) == 2 and all(isinstance(x, str) for x in labels)):
        raise TypeError(f"compare: labels must be a tuple of two strings, got {labels!r:.60}")
    da = a if isinstance(a, Document) else Document(a)
    db = b if isinstance(b, Document) else Document(b)
    p = params or minhash.DEFAULT
    if sources == (None, None):
        sources = (da.source, db.source)
    if boilerplate is not None:
        from .boilerplate import content_of, learned_lines, relabel

        la, lb = learned_lines(boilerplate, da, db, sources)
        if la or lb:
            # Kept on the Document for its other pairs (batch scoring relabels an article alike in
            # each): the relabelled Document, with what compare() keeps on it, and its shingles.
            da, db = (d.cached((_RELABELLED_KEY, lines), lambda d, lines=lines: relabel(d, lines)) if lines else d
                      for d, lines in ((da, la), (db, lb)))
            shingles = tuple(d.cached((_SHINGLES_KEY, p), lambda d: minhash.content_shingles_many([content_of(d)], p)[0])
                             for d in (da, db))
    if shingles is None:
        # The n-grams themselves: the same sets as the shingles, without numpy's per-call
        # overhead on two texts; kept on the Document for its other pairs.
        key = (_GRAMS_KEY, p.ngram)
        ga = da.cached(key, lambda d: minhash.word_grams(d.content_text, p.ngram))
        gb = db.cached(key, lambda d: minhash.word_grams(d.content_text, p.ngram))
        similarity, c_ab, c_ba = minhash.overlap_counts(len(ga & gb), len(ga), len(gb))
    else:
        similarity, c_ab, c_ba = minhash.overlap(*shingles)
    ops = align(da, db)
    verdict, reasons = decide(ops, da, db, similarity, c_ab, c_ba)
    return Comparison(verdict, similarity, c_ab, c_ba, ops, da, db, labels, reasons)


_GRAMS_KEY = "compare.word_grams"
_RELABELLED_KEY, _SHINGLES_KEY = "compare.relabelled", "compare.content_shingles"


def _check_article(value: object, name: str) -> None:
    """A text (valid Unicode) or a Document, else a clear error naming the argument."""
    if isinstance(value, Document):
        return
    if isinstance(value, (bytes, bytearray)):
        raise TypeError(f"compare: {name} must be a str or a Document, got bytes (decode it first, e.g. "
                        f"{name}.decode('utf-8'), or read it with dedup.inputs.read_article)")
    if not isinstance(value, str):
        raise TypeError(f"compare: {name} must be a str or a Document, got {type(value).__name__}")
    check_unicode(value, f"compare: {name}")
