"""`collate(documents, base=None) -> Collation`: every copy of a story, sentence by sentence, and
which copy was made from which.

The grid: each witness is compared with the base once (:func:`dedup.compare`, the very alignment,
word edits and facts of ``dedup diff``), so the cost grows linearly with the witnesses. Rows are
the base's units in reading order (headline, dateline, sentences, byline and boilerplate lines,
labelled as ``compare`` labels them), plus one row per sentence the witnesses added, placed after
the base unit it follows in the first witness that has it; a sentence several witnesses added is
one row. Each witness has a cell in every row: ``equal``, ``modified`` (word edits and fact
changes; a split or merged sentence is modified, its ``op`` says which), ``moved``, ``absent`` or
``added``.

The provenance: each witness's changes to the base become a set of *signatures* (a cut sentence,
each word taken out of or put into a base sentence, an added sentence, a moved, split or merged
one). Copying a copy carries its changes along, so the parent of a witness is the one whose
signatures it inherits most, less the ones it lacks:
``score(p -> w) = |S(p) & S(w)| - MISSING_WEIGHT * |S(p) - S(w)|`` (the base scores BASE_PRIOR;
each word edit weighs 1 in all). The tree is the best-scoring one over all witnesses at once (a
maximum arborescence rooted at the base, Chu-Liu/Edmonds), never a cycle, and a parent is never published
after its child when both times are known. Only the signature sets are compared pairwise, never
the texts. A witness's confidence is its margin over the next best parent ``m``, as ``m / (m + 1)``:
0 when two parents explain it equally well, 0.5 for a margin of one signature, 0.9 for nine.
The exact weights (a parent's changes the child lacks count half, a cut it restored twice that, a
headline it rewrote not at all; the base starts with a small prior) are the constants below. Shared
cut sentences count only beyond the number two independent copies would share by chance, times
both copies' kept shares of the base: two papers that each keep a tenth of a long wire story share
most of their cuts without either copying the other (METER's newspapers and the PA).

>>> base = "Judul\\nSatu dua tiga empat lima enam. Tujuh delapan sembilan sepuluh sebelas."
>>> a = "Judul\\nSatu dua tiga empat lima enam. Tujuh delapan sembilan sepuluh dua belas."
>>> b = "Judul\\nSatu dua tiga empat lima enam. Tujuh delapan sembilan sepuluh dua belas. Baru saja ditambah."
>>> c = collate([base, a, b], ids=["base", "a", "b"], base=0)
>>> [[cell.status for cell in row.cells] for row in c.rows if row.kind == "content"]
[['equal', 'equal', 'equal'], ['equal', 'modified', 'modified'], ['absent', 'absent', 'added']]
>>> [(p.witness, p.parent) for p in c.provenance]
[('a', 'base'), ('b', 'a')]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from . import text as T
from .align import ADDED, EQUAL, MATCH_THRESHOLD, MERGED, MODIFIED, MOVED, REMOVED, SPLIT, FactChange, WordEdit
from .compare import Comparison, compare
from .document import Document
from .errors import InputError
from .dates import parse_when
from .original import NO_DATE, pick_original

__all__ = ["collate", "Collation", "Witness", "Row", "Cell", "Parent", "STATUSES"]

ABSENT = "absent"
#: A witness's status in a row.
STATUSES = (EQUAL, MODIFIED, MOVED, ABSENT, ADDED)
#: compare op -> status of the witness's cell in the base row(s) it covers.
_STATUS = {EQUAL: EQUAL, MODIFIED: MODIFIED, SPLIT: MODIFIED, MERGED: MODIFIED, MOVED: MOVED, REMOVED: ABSENT}
#: Unit kinds whose changes are provenance evidence. Bylines and boilerplate lines belong to the
#: outlet (each copy swaps in its own), so sharing them says nothing about who copied whom.
EVIDENCE_KINDS = (T.HEADLINE, T.CONTENT)
#: Weight of a parent's change its child lacks, against 1 for a change the child shares. A copy
#: can drop what its parent changed (cut the sentence, reword it again), so lacking a change is
#: weaker evidence than sharing one. A parent's headline the child lacks does not count (every
#: outlet may write its own), nor a tail the child cut further. These four constants were chosen on
#: generator output (benchmarks/bench_collate.py: dedup.synth republications of republications in
#: chains, stars and random trees, seeds 0-29, 100-199 and 300-399; parent accuracy 0.932 with every
#: change counted once and no prior, 0.955-0.969 as set); held out, seeds 400-499: 0.969. Shared
#: cuts counted against chance took METER's newspapers from 0.56 to 0.988 with the PA as parent.
MISSING_WEIGHT = 0.5
#: A sentence the parent cut but the child has counts this many times as much: a copy cannot
#: restore text its source did not have.
CUT_MISSING = 2.0
#: The base's score as every witness's parent: another witness is the parent only on evidence
#: beyond this (one coincidental shared change - a common synonym, a filler word - is not enough).
BASE_PRIOR = 0.5
#: Shared signatures listed in a witness's evidence (the count covers them all).
EVIDENCE_SHOWN = 12


@dataclass(frozen=True, slots=True)
class Witness:
    """One copy of the story: ``verdict`` and ``similarity`` are its comparison with the base."""

    id: str
    source: str | None
    published: str | None
    base: bool
    sentences: int
    verdict: str | None
    similarity: float | None

    def to_dict(self) -> dict:
        return {"id": self.id, "source": self.source, "published": self.published, "base": self.base,
                "sentences": self.sentences, "verdict": self.verdict,
                "similarity": None if self.similarity is None else round(self.similarity, 4)}


@dataclass(slots=True)
class Cell:
    """A witness in one row: its status, its text there (``None`` when absent), the compare ``op``
    it comes from, and the word edits and fact changes from the row's text to its own.

    ``continued`` marks the second base row of a merged sentence (its text is in the row above);
    ``units`` are the witness's unit indices in its :class:`Document` (not in :meth:`to_dict`).
    """

    status: str
    text: str | None = None
    op: str | None = None
    edits: list[WordEdit] = field(default_factory=list)
    facts: list[FactChange] = field(default_factory=list)
    continued: bool = False
    units: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        d: dict[str, Any] = {"status": self.status, "text": self.text}
        if self.op is not None and self.op != self.status:
            d["op"] = self.op
        if self.edits or self.facts:
            d["edits"] = [e.to_dict() for e in self.edits]
            d["facts"] = [f.to_dict() for f in self.facts]
        if self.continued:
            d["continued"] = True
        return d


@dataclass(slots=True)
class Row:
    """One row of the grid: a base unit (``text`` is the base's) or a sentence witnesses added
    (``added`` is True, ``text`` is the first witness's); ``cells`` follow the witnesses' order."""

    kind: str
    text: str
    cells: list[Cell]
    added: bool = False
    lead: bool = False
    key: str = field(default="", repr=False)

    def to_dict(self) -> dict:
        d: dict[str, Any] = {"kind": self.kind, "added": self.added, "text": self.text}
        if self.lead:
            d["lead"] = True
        d["cells"] = [c.to_dict() for c in self.cells]
        return d


@dataclass(slots=True)
class Parent:
    """The most likely parent of one witness, with the evidence.

    ``shared`` are the (first :data:`EVIDENCE_SHOWN`) changes to the base the witness shares with
    its parent, ``shared_count`` all of them (``cuts`` of these are cut sentences in the middle of
    the story, ``cuts_expected`` the number two independent copies cutting as much would share by
    chance); ``own`` counts
    the witness's changes its parent lacks, ``missing`` the parent's changes the witness lacks.
    """

    witness: str
    parent: str
    confidence: float
    shared: list[str]
    shared_count: int
    cuts: int
    cuts_expected: float
    own: int
    missing: int
    published: str | None
    parent_published: str | None

    def to_dict(self) -> dict:
        return {"witness": self.witness, "parent": self.parent, "confidence": round(self.confidence, 3),
                "shared": list(self.shared), "shared_count": self.shared_count, "cuts": self.cuts,
                "cuts_expected": self.cuts_expected,
                "own": self.own, "missing": self.missing, "published": self.published,
                "parent_published": self.parent_published}


@dataclass(slots=True)
class Collation:
    """Every copy of a story aligned to one base: ``witnesses`` (the base among them, at index
    ``base``), ``rows`` in reading order, ``provenance`` (one :class:`Parent` per other witness, in
    witness order) and the pairwise ``comparisons`` of the base with each witness (``None`` for the
    base itself)."""

    witnesses: list[Witness]
    base: int
    rows: list[Row]
    provenance: list[Parent]
    comparisons: list[Comparison | None] = field(repr=False, default_factory=list)

    def counts(self, kind: str | None = T.CONTENT) -> list[dict[str, int]]:
        """Per witness, how many rows (of one unit kind; all with ``kind=None``) have each status."""
        out: list[dict[str, int]] = [{} for _ in self.witnesses]
        for row in self.rows:
            if kind is not None and row.kind != kind:
                continue
            for k, cell in enumerate(row.cells):
                if cell.continued or (row.added and cell.status == ABSENT):  # absent: cut from the base
                    continue
                out[k][cell.status] = out[k].get(cell.status, 0) + 1
        return out

    def parent_of(self, witness: str) -> str | None:
        """The id of ``witness``'s parent (``None`` for the base)."""
        return next((p.parent for p in self.provenance if p.witness == witness), None)

    def children(self, witness: str) -> list[str]:
        """The ids of the witnesses whose parent is ``witness``, in witness order."""
        return [p.witness for p in self.provenance if p.parent == witness]

    def to_dict(self) -> dict:
        """Exactly the JSON document that ``dedup collate --format json`` prints."""
        return {
            "base": self.witnesses[self.base].id,
            "witnesses": [w.to_dict() for w in self.witnesses],
            "provenance": [p.to_dict() for p in self.provenance],
            "counts": {w.id: c for w, c in zip(self.witnesses, self.counts())},
            "rows": [r.to_dict() for r in self.rows],
        }


# --- building ---------------------------------------------------------------------------------------


def collate(
    documents: Sequence[str | Document] | Mapping[str, str | Document],
    *,
    base: int | str | None = None,
    ids: Sequence[str] | None = None,
    sources: Sequence[str | None] | None = None,
    published: Sequence[Any] | None = None,
) -> Collation:
    """Collate every copy of a story against one base.

    ``documents`` are texts or :class:`Document` objects (a mapping gives their ids; else ``ids``,
    else ``w1``, ``w2``, ...). ``sources`` and ``published`` (ISO dates or datetimes, ``date`` or
    ``datetime`` objects; ``None`` when unknown) default to each Document's own ``source`` and
    ``published`` when it has them. ``base`` is an index or an id; by default the cluster's
    original by the rule of ``dedup score`` (:func:`dedup.original.pick_original`: the earliest,
    then the one the others are contained in, then the smallest id).

    >>> c = collate({"x": "Satu dua tiga empat lima enam tujuh.", "y": "Satu dua tiga empat lima enam delapan."}, base="x")
    >>> [row.cells[1].status for row in c.rows], c.provenance[0].parent
    (['modified'], 'x')
    """
    from . import minhash

    texts, names = _documents(documents, ids)
    n = len(texts)
    srcs = _per_witness(sources, "sources", n, [getattr(t, "source", None) for t in texts])
    whens_raw = _per_witness(published, "published", n, [getattr(t, "published", None) for t in texts])
    whens = [_when(v, names[k]) for k, v in enumerate(whens_raw)]
    # Each Document knows its source and time: compare() reads them for the verdict.
    docs = []
    for t, src, when in zip(texts, srcs, whens_raw):
        if not isinstance(t, Document):
            t = Document(t, source=src, published=when)
        elif (t.source, t.published) != (src, when):
            t = Document(t.text, t.units, source=src, published=when)
        docs.append(t)
    shingles = minhash.shingles_many([d.text for d in docs])
    b = _base_index(base, names, whens, shingles)

    comparisons: list[Comparison | None] = [
        None if k == b else compare(docs[b], docs[k], labels=(names[b], names[k]), shingles=(shingles[b], shingles[k]))
        for k in range(n)
    ]
    rows = _rows(docs[b], comparisons, b)
    witnesses = [
        Witness(names[k], srcs[k], whens[k][0] if whens[k] else None, k == b, len(docs[k].sentences),
                None if c is None else c.verdict, None if c is None else c.similarity)
        for k, c in enumerate(comparisons)
    ]
    provenance = _provenance(comparisons, b, names, [w[1] if w else None for w in whens],
                             [w.published for w in witnesses])
    return Collation(witnesses, b, rows, provenance, comparisons)


def _documents(documents, ids) -> tuple[list[str | Document], list[str]]:
    if isinstance(documents, Mapping):
        names, texts = [str(k) for k in documents], list(documents.values())
    elif isinstance(documents, (str, bytes, Document)):
        raise TypeError("collate: documents must be a sequence (or mapping) of texts or Documents, not one article")
    else:
        texts = list(documents)
        names = [str(x) for x in ids] if ids is not None else [f"w{k + 1}" for k in range(len(texts))]
    if not texts:
        raise InputError("collate: no documents")
    if len(names) != len(texts):
        raise InputError(f"collate: {len(texts)} documents but {len(names)} ids")
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InputError(f"collate: the id {name!r} is given twice")
        seen.add(name)
    for k, t in enumerate(texts):
        if not isinstance(t, Document):
            from .compare import _check_article

            _check_article(t, f"document {names[k]!r}")
    return texts, names


def _per_witness(values, name: str, n: int, default: list) -> list:
    if values is None:
        return default
    values = list(values)
    if len(values) != n:
        raise InputError(f"collate: {n} documents but {len(values)} {name}")
    return [v if v is not None else d for v, d in zip(values, default)]


def _when(value: Any, name: str) -> tuple[str, float] | None:
    """``(ISO text, epoch seconds)`` of a publication time, ``None`` when unknown."""
    if value is None or value == "":
        return None
    return parse_when(value, f"collate: published of {name!r}")


def _base_index(base, names: list[str], whens, shingles) -> int:
    if base is None:
        return _original(names, whens, shingles)
    if isinstance(base, bool) or not isinstance(base, (int, str)):
        raise TypeError(f"collate: base must be an index or an id, got {type(base).__name__}")
    if isinstance(base, int):
        if not -len(names) <= base < len(names):
            raise InputError(f"collate: base {base} is out of range for {len(names)} documents")
        return base % len(names)
    if base not in names:
        raise InputError(f"collate: no document has the id {base!r}")
    return names.index(base)


def _original(names: list[str], whens, shingles) -> int:
    """The cluster's original, by :func:`dedup.original.pick_original` (the rule of ``dedup score``)."""

    days = [w[1] if w else NO_DATE for w in whens]
    return pick_original(list(range(len(names))), days, _contained(shingles), names)


def _contained(shingles: list) -> dict[int, float]:
    """For each document x, the sum over the others y of the share of y's shingles found in x:
    ``sum over g in x of (sum over y holding g of 1/|y|), less x's own share``. One pass over
    all shingles instead of a containment per pair (50 witnesses: 2,450 pairs).

    >>> import numpy as np
    >>> _contained([np.array([1, 2], np.uint64), np.array([1, 2, 3, 4], np.uint64)])
    {0: 0.5, 1: 1.0}
    """
    import numpy as np

    sizes = np.array([s.size for s in shingles], dtype=np.float64)
    if not sizes.any():
        return {k: 0.0 for k in range(len(shingles))}
    values = np.concatenate(shingles)
    owner = np.repeat(np.arange(len(shingles)), sizes.astype(np.int64))
    inv = np.unique(values, return_inverse=True)[1].ravel()
    share = np.divide(1.0, sizes, out=np.zeros_like(sizes), where=sizes > 0)
    weight = np.bincount(inv, weights=share[owner])  # per shingle: sum of 1/|y| over y holding it
    per_doc = np.bincount(owner, weights=weight[inv] - share[owner], minlength=len(shingles))
    return {k: round(float(v), 9) for k, v in enumerate(per_doc)}


def _rows(base: Document, comparisons: list[Comparison | None], b: int) -> list[Row]:
    """Base rows in reading order, each followed by the rows of sentences added after it."""
    from .align import _lead
    from .align import word_edits

    n = len(comparisons)
    lead = _lead(base)
    base_rows = [Row(u.kind, u.text, [Cell(ABSENT) for _ in range(n)], lead=u.index == lead, key=u.key)
                 for u in base.units]
    for row, u in zip(base_rows, base.units):
        row.cells[b] = Cell(EQUAL, row.text, EQUAL, units=(u.index,))
    slots: dict[int, list[Row]] = {}  # base unit index -> added rows after it (-1: before all)
    added_rows: list[Row] = []
    for k, c in enumerate(comparisons):
        if c is None:
            continue
        anchor = -1
        added: list[tuple[Any, int, str]] = []
        for op in c.ops:
            if op.a_units:
                for pos, i in enumerate(op.a_units):
                    base_rows[i].cells[k] = Cell(_STATUS[op.op], op.b, op.op, list(op.edits), list(op.facts),
                                                 continued=pos > 0, units=op.b_units)
                if op.op != MOVED:
                    anchor = max(op.a_units)
            else:
                added.append((op, anchor, T.sentence_key(op.b)))
        # Added by this witness: join a row another witness added with the same text, then (a
        # sentence) the most similar one after the same base unit, else a new row.
        placed: dict[int, Row] = {}
        for n_op, (op, anchor, key) in enumerate(added):
            row = _same_added(added_rows, [], op.kind, key, k)
            if row is not None:
                placed[n_op] = row
                row.cells[k] = Cell(ADDED, op.b, ADDED, units=op.b_units)
        for n_op, (op, anchor, key) in enumerate(added):
            if n_op in placed:
                continue
            row = _same_added(added_rows, slots.get(anchor, []), op.kind, key, k) if op.kind == T.CONTENT else None
            if row is None:
                row = Row(op.kind, op.b, [Cell(ABSENT) for _ in range(n)], added=True, key=key)
                slots.setdefault(anchor, []).append(row)
                added_rows.append(row)
                row.cells[k] = Cell(ADDED, op.b, ADDED, units=op.b_units)
            else:
                edits, facts = word_edits(row.text, op.b)
                row.cells[k] = Cell(ADDED, op.b, ADDED, edits, facts, units=op.b_units)
    rows = list(slots.get(-1, []))
    for i, row in enumerate(base_rows):
        rows.append(row)
        rows.extend(slots.get(i, []))
    return rows


def _same_added(added_rows: list[Row], slot: list[Row], kind: str, key: str, k: int) -> Row | None:
    free = [r for r in added_rows if r.kind == kind and r.cells[k].status == ABSENT]
    exact = next((r for r in free if r.key == key), None)
    if exact is not None or not key:
        return exact
    from rapidfuzz import fuzz

    near = [(fuzz.ratio(key, r.key), -n, r) for n, r in enumerate(slot) if r in free]
    near = [x for x in near if x[0] >= MATCH_THRESHOLD]
    return max(near, key=lambda x: x[:2])[2] if near else None


# --- provenance ------------------------------------------------------------------------------------


def signatures(c: Comparison) -> dict[tuple, str]:
    """The changes from the base (A) to a witness (B), one signature each, with a readable
    description: a cut sentence, each word taken out of or put into a base sentence, an added
    sentence, a moved, split or merged sentence, a new headline (one change, since a rewritten
    headline is rarely edited word by word), the story's tail cut after a given sentence (one
    change). Only :data:`EVIDENCE_KINDS` count.

    >>> from dedup import compare
    >>> sig = signatures(compare("Satu dua tiga empat. Lima enam tujuh. Delapan sembilan sepuluh.",
    ...                          "Satu dua lima empat. Delapan sembilan sepuluh."))
    >>> sorted(sig.values())
    ['cut: Lima enam tujuh.', 'dua [-tiga-] → [+lima+]']
    >>> list(signatures(compare("Satu dua tiga. Empat lima enam. Tujuh delapan.", "Satu dua tiga.")).values())
    ['cut the last 2 sentences']
    """
    out: dict[tuple, str] = {}
    # Cutting the story's tail is one editorial act (and independent copies often do it), not
    # one shared change per sentence: the cut sentences after the last one kept are one change.
    kept = [max(op.a_units) for op in c.ops if op.kind == T.CONTENT and op.a_units and op.b_units]
    last_kept = max(kept, default=-1)
    tail = [op for op in c.ops if op.kind == T.CONTENT and op.op == REMOVED and min(op.a_units) > last_kept]
    if tail:
        first = min(op.a_units[0] for op in tail)
        out[("truncated", first)] = "cut the last sentence" if len(tail) == 1 else f"cut the last {len(tail)} sentences"
    for op in c.ops:
        if op.kind not in EVIDENCE_KINDS or (op.op == REMOVED and op in tail):
            continue
        where = op.a_units
        if op.kind == T.HEADLINE:  # a new headline is one change, however many words it rewrote
            if op.op != EQUAL and op.b is not None:
                out[("headline", T.sentence_key(op.b))] = f"headline: {_short(op.b)}"
            continue
        if op.op == REMOVED:
            out[("cut", where)] = f"cut: {_short(op.a)}"
        elif op.op == ADDED:
            out[("add", T.sentence_key(op.b))] = f"added: {_short(op.b)}"
        elif op.op in (MOVED, SPLIT, MERGED):
            out[(op.op, where)] = f"{op.op}: {_short(op.a)}"
        if op.op in (MODIFIED, MOVED, SPLIT, MERGED):
            seen: dict[tuple, int] = {}
            for e in op.edits:
                text = _edit_text(e, op.a)
                # The words put in; the words taken out only when nothing replaced them. Two
                # copies that replaced a word independently (a common synonym) share no more.
                sign, words = ("+", e.b) if e.b else ("-", e.a)
                for w in words.lower().split():
                    n = seen[(sign, w)] = seen.get((sign, w), 0) + 1
                    out[(sign, where, w, n)] = text
    return out


def _edit_text(e: WordEdit, sentence: str | None) -> str:
    """``before [-old-] → [+new+]``: one word edit with the base word before it as context."""
    before = ""
    if sentence and e.a:
        words = sentence.split()
        first = e.a.split()[0]
        at = next((i for i, w in enumerate(words) if w.strip(".,;:!?\"'()").lower() == first.lower()), None)
        before = words[at - 1] + " " if at else ""
    old = f"[-{e.a}-]" if e.a else ""
    new = f"[+{e.b}+]" if e.b else ""
    return f"{before}{old} → {new}".strip() if old and new else f"{before}{old or new}"


def _short(s: str | None, width: int = 60) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= width else s[: width - 1].rstrip() + "…"


def _provenance(comparisons: list[Comparison | None], b: int, names: list[str], times: list[float | None],
                iso: list[str | None]) -> list[Parent]:
    n = len(comparisons)
    sigs: list[dict[tuple, str]] = [{} if c is None else signatures(c) for c in comparisons]
    sets = [frozenset(s) for s in sigs]
    wts = [_weights(s) for s in sigs]
    # Shared cuts count beyond chance, scaled by both kept shares (see the module's docstring).
    cuts = [_cut_sentences(c) for c in comparisons]
    n_base = max(1, len(next((c.a.sentences for c in comparisons if c is not None), [])))
    middle = [frozenset(k for k in sets[w] if k[0] == "cut") for w in range(n)]
    keep = [1.0 - len(cuts[w]) / n_base for w in range(n)]

    def parts(p: int, w: int) -> tuple[float, int, float, float]:
        """(shared evidence but cuts, shared middle cuts, their number expected by chance, penalty)."""
        shared = 0.0
        missing = 0.0
        for s in sets[p] & sets[w]:
            if s[0] != "cut":
                shared += wts[w][s]
        for s in sets[p] - sets[w]:
            if s[0] in ("headline", "cut"):  # every copy may write its own headline; cuts: below
                continue
            if s[0] == "truncated":
                if any(t[0] == "truncated" and t[1] <= s[1] for t in sets[w]):
                    shared += 1.0  # cut further than its parent
                continue
            missing += wts[p][s]
        missing += CUT_MISSING * len(cuts[p] - cuts[w])  # the parent cut it, the child has it
        common = len(middle[p] & middle[w])
        expected = len(middle[p]) * len(middle[w]) / n_base
        return shared, common, expected, MISSING_WEIGHT * missing

    def score(p: int, w: int, prior: float = BASE_PRIOR) -> float:
        if p == b:
            return prior
        shared, common, expected, penalty = parts(p, w)
        return shared + (common - expected) * keep[p] * keep[w] - penalty

    def allowed(p: int, w: int) -> bool:
        return p == b or times[p] is None or times[w] is None or times[p] <= times[w]

    # Exact ties go to the base, then to the earlier parent, the one with fewer changes, the first.
    order = sorted(range(n), key=lambda k: (k != b, times[k] if times[k] is not None else float("inf"),
                                            len(sets[k]), k))
    tie = {k: (n - r) * 1e-6 / n for r, k in enumerate(order)}

    def weight(p: int, w: int) -> float | None:
        if w == b or p == w or not allowed(p, w):
            return None
        return score(p, w) + tie[p]

    parent = maximum_arborescence(n, b, weight)
    out = []
    for w in range(n):
        if w == b:
            continue
        p = parent[w]
        # The confidence weighs the evidence only (the base's prior is a rule, not evidence).
        others = [score(q, w, 0.0) for q in range(n) if q not in (w, p) and allowed(q, w)]
        margin = score(p, w, 0.0) - max(others) if others else float(len(sets[w]) + 1)
        margin = max(0.0, margin)
        shared = sets[p] & sets[w]
        described = list(dict.fromkeys(sigs[w][s] for s in sorted(shared, key=_sig_order)))
        _, common, expected, _ = parts(p, w) if p != b else (0, 0, 0.0, 0)
        out.append(Parent(
            names[w], names[p], margin / (margin + 1), described[:EVIDENCE_SHOWN], len(shared),
            common, round(expected, 1), len(sets[w] - sets[p]), len(sets[p] - sets[w]), iso[w], iso[p],
        ))
    return out


def _cut_sentences(c: Comparison | None) -> frozenset[int]:
    """The base's content sentences a witness does not have (cut in the middle or with the tail)."""
    if c is None:
        return frozenset()
    return frozenset(i for op in c.ops if op.kind == T.CONTENT and op.op == REMOVED for i in op.a_units)


def _weights(sig: dict[tuple, str]) -> dict[tuple, float]:
    """Each change weighs 1: the words of one word edit share its weight."""
    from collections import Counter

    per_edit = Counter((s[1], d) for s, d in sig.items() if s[0] in "+-")
    return {s: 1.0 / per_edit[(s[1], d)] if s[0] in "+-" else 1.0 for s, d in sig.items()}


def _sig_order(s: tuple) -> tuple:
    """Reading order of the base (added sentences last), then a fixed order."""
    return (s[1] if isinstance(s[1], tuple) else (float("inf"),), str(s))


def maximum_arborescence(n: int, root: int, weight: Callable[[int, int], float | None]) -> list[int]:
    """The parent of each node in the spanning tree rooted at ``root`` of greatest total weight
    (Chu-Liu/Edmonds); ``weight(p, w)`` is the weight of the edge p -> w, ``None`` when there is
    none. Every node must be reachable from the root. ``parent[root]`` is -1.

    >>> w = {(0, 1): 1, (0, 2): 1, (1, 2): 5, (2, 1): 6}
    >>> maximum_arborescence(3, 0, lambda p, c: w.get((p, c)))
    [-1, 2, 0]
    """
    edges = [(p, w, wt, k) for k, (p, w, wt) in enumerate(
        (p, w, weight(p, w)) for w in range(n) if w != root for p in range(n) if p != w) if wt is not None]
    keys = {e[3]: e for e in edges}
    chosen = _edmonds(list(range(n)), edges, root, itertools.count(n))
    parent = [-1] * n
    for k in chosen.values():
        p, w, _, _ = keys[k]
        parent[w] = p
    return parent


def _edmonds(nodes: list[int], edges: list[tuple], root: int, fresh) -> dict[int, int]:
    """{node: key of its incoming edge} of the maximum arborescence (edges are (p, w, weight, key))."""
    best: dict[int, tuple] = {}
    for e in edges:
        if e[1] != root and e[0] != e[1] and (e[1] not in best or e[2] > best[e[1]][2]):
            best[e[1]] = e
    walk: dict[int, int] = {}
    cycle = None
    for start in best:
        path, x = [], start
        while x != root and x in best and x not in walk:
            walk[x] = start
            path.append(x)
            x = best[x][0]
        if x != root and walk.get(x) == start:
            cycle = path[path.index(x):]
            break
    if cycle is None:
        return {w: e[3] for w, e in best.items()}
    members = set(cycle)
    c = next(fresh)
    enters: dict[int, int] = {}
    contracted = []
    for p, w, wt, k in edges:
        if p in members and w in members:
            continue
        if w in members:
            contracted.append((p, c, wt - best[w][2], k))
            enters[k] = w
        elif p in members:
            contracted.append((c, w, wt, k))
        else:
            contracted.append((p, w, wt, k))
    sub = _edmonds([x for x in nodes if x not in members] + [c], contracted, root, fresh)
    out: dict[int, int] = {}
    for node, k in sub.items():
        if node == c:
            entry = enters[k]
            for x in cycle:
                out[x] = k if x == entry else best[x][3]
        else:
            out[node] = k
    return out
