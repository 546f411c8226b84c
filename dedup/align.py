"""Sentence alignment of two documents (the word-level edits inside modified sentences are
:mod:`dedup.wordedits`'s).

Pipeline (see DESIGN.md): exact anchors (equal keys, unique on both sides) -> their longest
increasing subsequence as the backbone -> dynamic programming over each gap on one
``rapidfuzz.process.cdist`` matrix (1-1, insert, delete, split 1-2, merge 2-1) -> moved sentences by
assignment over what is left. Non-content units (headline, dateline, byline, boilerplate) are
aligned within their own kind.
"""

from __future__ import annotations

import bisect
import zlib
from collections import Counter

from . import text as T
from .wordedits import FactChange, WordEdit, word_edits  # noqa: F401 (dedup.align.word_edits, as before)

EQUAL = "equal"
MODIFIED = "modified"
ADDED = "added"
REMOVED = "removed"
MOVED = "moved"
SPLIT = "split"
MERGED = "merged"
OPS = (EQUAL, MODIFIED, ADDED, REMOVED, MOVED, SPLIT, MERGED)
MIRROR = {ADDED: REMOVED, REMOVED: ADDED, SPLIT: MERGED, MERGED: SPLIT}


class Op:
    """One aligned step in reading order.

    ``a_units``/``b_units`` are unit indices into each Document (empty on the absent side);
    ``a``/``b`` are the sentence texts (``None`` when absent; split/merged sides joined by a space).
    ``edits`` and ``facts`` are the word-level edits and changed facts of a modified, split, merged or
    moved sentence (:func:`dedup.wordedits.word_edits`); an op made by :meth:`pending` computes them
    the first time either is read, so a verdict that never reads them (most pairs of a batch run)
    does not pay for them, and every reader sees the same lists.

    >>> op = Op.pending("modified", "content", (0,), (0,), "Harga 5 persen.", "Harga 6 persen.", 80.0)
    >>> [(f.type, f.a, f.b) for f in op.facts]
    [('number', '5', '6')]
    """

    __slots__ = ("op", "kind", "a_units", "b_units", "a", "b", "score", "lead", "_edits", "_facts", "_names")

    def __init__(self, op: str, kind: str, a_units: tuple[int, ...], b_units: tuple[int, ...], a: str | None,
                 b: str | None, score: float, edits: list[WordEdit] | None = None,
                 facts: list[FactChange] | None = None, lead: bool = False) -> None:
        self.op, self.kind, self.a_units, self.b_units, self.a, self.b = op, kind, a_units, b_units, a, b
        self.score, self.lead = score, lead
        self._edits = [] if edits is None else edits
        self._facts = [] if facts is None else facts
        self._names: bool | None = None  # a bool while the word edits are still to be computed

    @classmethod
    def pending(cls, op: str, kind: str, a_units: tuple[int, ...], b_units: tuple[int, ...], a: str, b: str,
                score: float, *, names: bool = True) -> "Op":
        """An op whose ``edits`` and ``facts`` are ``word_edits(a, b, names=names)``, computed when first read."""
        made = cls(op, kind, a_units, b_units, a, b, score)
        made._names = names
        return made

    def _word_edits(self) -> None:
        if self._names is not None:
            self._edits, self._facts = word_edits(self.a, self.b, names=self._names)
            self._names = None

    @property
    def edits(self) -> list[WordEdit]:
        self._word_edits()
        return self._edits

    @edits.setter
    def edits(self, value: list[WordEdit]) -> None:
        self._word_edits()
        self._edits = value

    @property
    def facts(self) -> list[FactChange]:
        self._word_edits()
        return self._facts

    @facts.setter
    def facts(self, value: list[FactChange]) -> None:
        self._word_edits()
        self._facts = value

    def _fields(self) -> tuple:
        return (self.op, self.kind, self.a_units, self.b_units, self.a, self.b, self.score, self.edits, self.facts,
                self.lead)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value (as a dataclass)

    def __repr__(self) -> str:
        names = ("op", "kind", "a_units", "b_units", "a", "b", "score", "edits", "facts", "lead")
        return "Op(" + ", ".join(f"{n}={v!r}" for n, v in zip(names, self._fields())) + ")"

    def to_dict(self) -> dict:
        d = {"op": self.op, "kind": self.kind, "a": self.a, "b": self.b, "score": round(self.score, 1)}
        if self.lead:
            d["lead"] = True
        if self.op in (MODIFIED, SPLIT, MERGED, MOVED) and (self.edits or self.facts):
            d["edits"] = [e.to_dict() for e in self.edits]
            d["facts"] = [f.to_dict() for f in self.facts]
        return d

    def mirrored(self) -> "Op":
        """The same step seen from the other side (A and B swapped)."""
        return Op(
            MIRROR.get(self.op, self.op), self.kind, self.b_units, self.a_units, self.b, self.a,
            self.score, [WordEdit(e.op if e.op == "replace" else ("insert" if e.op == "delete" else "delete"), e.b, e.a) for e in self.edits],
            [FactChange(f.type, f.b, f.a) for f in self.facts], self.lead,
        )


# --- thresholds (calibrated with benchmarks/bench_quality.py) ---------------------------------
#: fuzz.ratio at or above which two sentences are "the same sentence, edited".
MATCH_THRESHOLD = 55.0
#: A moved sentence needs more evidence than one aligned in place.
MOVE_THRESHOLD = 70.0
#: Gap alignment is quadratic; above this many cells a gap is first cut by secondary anchors.
DP_CELLS = 40_000
#: Above this many cells no fuzzy matching is attempted in a gap (exact anchors only).
MAX_CELLS = 4_000_000


def align(a: "Document", b: "Document") -> list[Op]:
    """Align two parsed documents; return the ops in reading order (of B, removed ones in place).

    >>> from dedup.document import Document
    >>> ops = align(Document("Satu dua tiga. Empat lima enam."), Document("Satu dua tiga. Empat lima tujuh."))
    >>> [(o.op, o.a, o.b) for o in ops]
    [('equal', 'Satu dua tiga.', 'Satu dua tiga.'), ('modified', 'Empat lima enam.', 'Empat lima tujuh.')]
    """
    ops = _align_content(a, b)
    lead_a, lead_b = _lead(a), _lead(b)
    for op in ops:
        op.lead = lead_a in op.a_units or lead_b in op.b_units
    for kind in (T.HEADLINE, T.DATELINE):
        ops += _align_paired_kind(a, b, kind)
    for kind in (T.BYLINE, T.BOILERPLATE):
        ops += _align_exact_kind(a, b, kind)
    return _reading_order(ops)


def _lead(doc) -> int | None:
    """Index of the lead: the first content sentence after the dateline (or the first at all)."""
    after = next((u.index for u in doc.units if u.kind == T.DATELINE), -1)
    first = None
    for u in doc.units:
        if u.kind == T.CONTENT:
            if u.index > after:
                return u.index
            first = u.index if first is None else first
    return first


# --- content alignment --------------------------------------------------------------------------


def _ratio_matrix(keys_a: list[str], keys_b: list[str]):
    from rapidfuzz import fuzz, process

    return process.cdist(keys_a, keys_b, scorer=fuzz.ratio, dtype="float32", workers=1)


def _heaviest_increasing(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Heaviest chain of pairs increasing in both coordinates (pairs sorted by first coordinate,
    each first coordinate at most once). O(n^2) on the anchors, which are few."""
    n = len(pairs)
    if n == 0:
        return []
    best = [p[2] for p in pairs]
    prev = [-1] * n
    for k in range(n):
        for q in range(k):
            if pairs[q][1] < pairs[k][1] and best[q] + pairs[k][2] > best[k]:
                best[k], prev[k] = best[q] + pairs[k][2], q
    k = max(range(n), key=lambda x: (best[x], -x))
    chain = []
    while k >= 0:
        chain.append(pairs[k])
        k = prev[k]
    return chain[::-1]


def _align_content(a, b) -> list[Op]:
    SA, SB = a.sentences, b.sentences
    ka, kb = [u.key for u in SA], [u.key for u in SB]
    # Equal runs at the start and the end are equal steps whatever they repeat: a text full of
    # repeated sentences (or pieces of one long cyclic "sentence") has few unique anchors, and
    # compare(x, x) must come out all equal.
    n = min(len(ka), len(kb))
    head = 0
    while head < n and ka[head] == kb[head]:
        head += 1
    tail = 0
    while tail < n - head and ka[len(ka) - 1 - tail] == kb[len(kb) - 1 - tail]:
        tail += 1
    mid_a, mid_b = range(head, len(ka) - tail), range(head, len(kb) - tail)
    ca, cb = Counter(ka[i] for i in mid_a), Counter(kb[j] for j in mid_b)
    pos_b = {kb[j]: j for j in mid_b if cb[kb[j]] == 1}
    # Weight: the length, plus a tie value so that equal-length choices go the same way both ways.
    anchors = [(i, pos_b[ka[i]], len(ka[i]) + _tie_value(ka[i], ka[i])) for i in mid_a
               if ca[ka[i]] == 1 and ka[i] in pos_b]
    if len(anchors) > 2000:  # the O(n^2) chain search would dominate; keep it bounded
        backbone = _greedy_chain(anchors)
    else:
        backbone = _heaviest_increasing(anchors)
    backbone = ([(i, i, 0.0) for i in range(head)] + backbone
                + [(len(ka) - tail + k, len(kb) - tail + k, 0.0) for k in range(tail)])
    in_backbone = {(i, j) for i, j, _ in backbone}
    off = [(i, j) for i, j, _ in anchors if (i, j) not in in_backbone]
    off_a, off_b = {i for i, _ in off}, {j for _, j in off}

    steps: list[tuple[str, tuple[int, ...], tuple[int, ...], float]] = []
    sims: list[tuple[list[int], list[int], object]] = []  # each gap's 1-1 matrix, for the leftovers
    bounds = [(-1, -1)] + [(i, j) for i, j, _ in backbone] + [(len(SA), len(SB))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        ga = [i for i in range(i0 + 1, i1) if i not in off_a]
        gb = [j for j in range(j0 + 1, j1) if j not in off_b]
        steps += _align_gap(ga, gb, ka, kb, sims)
        if i1 < len(SA):
            steps.append((EQUAL, (i1,), (j1,), 100.0))

    # Moved: exact anchors out of order, then leftovers matched by assignment.
    steps += [(MOVED, (i,), (j,), 100.0) for i, j in off]
    left_a = [s[1][0] for s in steps if s[0] == REMOVED]
    left_b = [s[2][0] for s in steps if s[0] == ADDED]
    moved = _match_leftovers(left_a, left_b, ka, kb, sims)
    if moved:
        used_a = {i for i, _, _ in moved}
        used_b = {j for _, j, _ in moved}
        steps = [
            s for s in steps
            if not ((s[0] == REMOVED and s[1][0] in used_a) or (s[0] == ADDED and s[2][0] in used_b))
        ]
        steps += [(MOVED, (i,), (j,), sc) for i, j, sc in moved]
    return [_make_op(op, ia, ib, sc, SA, SB, "content") for op, ia, ib, sc in steps]


def _greedy_chain(anchors):
    """Longest increasing subsequence by patience sorting (unweighted), for very long documents."""
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(anchors)
    for k, (_, j, _) in enumerate(anchors):
        p = bisect.bisect_left(tails, j)
        if p == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[p], tail_idx[p] = j, k
        prev[k] = tail_idx[p - 1] if p else -1
    k = tail_idx[-1] if tail_idx else -1
    chain = []
    while k >= 0:
        chain.append(anchors[k])
        k = prev[k]
    return chain[::-1]


def _align_gap(ga: list[int], gb: list[int], ka: list[str], kb: list[str], sims: list | None = None):
    """Align one gap between anchors: returns steps (op, a indices, b indices, score). The gap's
    1-1 matrix is appended to ``sims`` as ``(ga, gb, sim)`` when one is computed."""
    n, m = len(ga), len(gb)
    if n == 0 or m == 0:
        return [(REMOVED, (i,), (), 0.0) for i in ga] + [(ADDED, (), (j,), 0.0) for j in gb]
    if n * m > MAX_CELLS:
        return [(REMOVED, (i,), (), 0.0) for i in ga] + [(ADDED, (), (j,), 0.0) for j in gb]
    sim = _ratio_matrix([ka[i] for i in ga], [kb[j] for j in gb])
    if sims is not None:
        sims.append((ga, gb, sim))
    if n * m > DP_CELLS:
        return _align_large_gap(ga, gb, ka, kb, sim)
    if n == m == 1:  # what _dp finds on one sentence each side, without its arrays
        s = sim.item(0, 0)
        if s >= MATCH_THRESHOLD:
            return [(EQUAL if ka[ga[0]] == kb[gb[0]] else MODIFIED, (ga[0],), (gb[0],), s)]
        return [(ADDED, (), (gb[0],), 0.0), (REMOVED, (ga[0],), (), 0.0)]
    return _dp(ga, gb, ka, kb, sim)


def _align_large_gap(ga, gb, ka, kb, sim):
    """Cut a large gap with secondary anchors (confident fuzzy matches in order), then DP the rest."""
    import numpy as np

    best_j = sim.argmax(axis=1)
    cand = [(r, int(best_j[r]), float(sim[r, best_j[r]])) for r in range(len(ga)) if sim[r, best_j[r]] >= 80]
    chain = _greedy_chain(cand) if len(cand) > 2000 else _heaviest_increasing(cand)
    if not chain:
        return [(REMOVED, (i,), (), 0.0) for i in ga] + [(ADDED, (), (j,), 0.0) for j in gb]
    steps = []
    bounds = [(-1, -1, 0.0)] + chain + [(len(ga), len(gb), 0.0)]
    for (r0, c0, _), (r1, c1, sc) in zip(bounds, bounds[1:]):
        sa, sb = ga[r0 + 1 : r1], gb[c0 + 1 : c1]
        if len(sa) * len(sb) > DP_CELLS:
            steps += [(REMOVED, (i,), (), 0.0) for i in sa] + [(ADDED, (), (j,), 0.0) for j in sb]
        elif sa and sb:
            steps += _dp(sa, sb, ka, kb, sim[r0 + 1 : r1, c0 + 1 : c1])
        else:
            steps += [(REMOVED, (i,), (), 0.0) for i in sa] + [(ADDED, (), (j,), 0.0) for j in sb]
        if r1 < len(ga):
            op = EQUAL if ka[ga[r1]] == kb[gb[c1]] else MODIFIED
            steps.append((op, (ga[r1],), (gb[c1],), sc))
    return steps


def _dp(ga, gb, ka, kb, sim):
    """Dynamic programming over one gap: 1-1, delete, insert, split 1-2, merge 2-1.

    ``sim`` is the gap's 1-1 ``fuzz.ratio`` matrix. Every step's gain is computed before the DP
    (:func:`_step_gains`), and the DP runs a row at a time in numpy: a cell is the maximum of the
    steps from the rows above (1-1, split, merge, delete) and of the cell to its left (insert), so
    a row is the running maximum (``np.maximum.accumulate``) of the best step from above; the
    same sums and maxima as the cell-by-cell loop, in float64.
    """
    import numpy as np

    n, m = len(ga), len(gb)
    if n * m < _BOUND_CELLS:
        return _dp_small(ga, gb, ka, kb, sim)
    one, split, merge, split_s, merge_s = _step_gains(ga, gb, ka, kb, sim)
    best = np.zeros((n + 1, m + 1))  # row 0: inserts only; column 0: deletes only
    # A row of gains that are all -inf adds nothing to the maximum: most rows have no split or
    # merge that reaches the threshold, and many no 1-1 match either.
    has_one, has_split, has_merge = (np.isfinite(x).any(axis=1).tolist() for x in (one, split, merge))
    for i in range(1, n + 1):
        up, row = best[i - 1], best[i]
        cand = up[:-1] + one[i - 1] if has_one[i - 1] else None
        if has_split[i - 1]:
            if cand is None:
                cand = np.full(m, -np.inf)
            np.maximum(cand[1:], up[:-2] + split[i - 1, 1:], out=cand[1:])
        if i >= 2 and has_merge[i - 1]:
            cand = best[i - 2, :-1] + merge[i - 1] if cand is None else np.maximum(cand, best[i - 2, :-1] + merge[i - 1], out=cand)
        if cand is None:
            row[1:] = up[1:]
        else:
            np.maximum(cand, up[1:], out=row[1:])
        np.maximum.accumulate(row, out=row)

    # The backtrack reads one path of cells: ``item`` (a Python float, as ``tolist`` gives) per
    # cell read, not a list of every cell (on a 100 x 160 gap that conversion was most of the DP).
    return _backtrack(ga, gb, ka, kb, best.item, sim.item, one.item, split.item, merge.item, split_s.item, merge_s.item)


def _backtrack(ga, gb, ka, kb, best, sim, one, split, merge, split_s, merge_s):
    """The steps of the best path through a gap's DP, from its last cell back (each argument
    after the keys reads one cell: ``best(i, j)``, ``sim(r, c)``, ...)."""
    n, m = len(ga), len(gb)
    T = MATCH_THRESHOLD
    steps = []
    i, j = n, m
    eps = 1e-9  # below the tie values' 1e-8 steps, far above float64 rounding of these sums
    while i or j:
        cur = best(i, j)
        if i and j and sim(i - 1, j - 1) >= T and abs(best(i - 1, j - 1) + one(i - 1, j - 1) - cur) < eps:
            s = sim(i - 1, j - 1)
            op = EQUAL if ka[ga[i - 1]] == kb[gb[j - 1]] else MODIFIED
            steps.append((op, (ga[i - 1],), (gb[j - 1],), s))
            i, j = i - 1, j - 1
        elif i and j >= 2 and split_s(i - 1, j - 1) >= T and abs(
            best(i - 1, j - 2) + split(i - 1, j - 1) - cur
        ) < eps:
            steps.append((SPLIT, (ga[i - 1],), (gb[j - 2], gb[j - 1]), split_s(i - 1, j - 1)))
            i, j = i - 1, j - 2
        elif i >= 2 and j and merge_s(i - 1, j - 1) >= T and abs(
            best(i - 2, j - 1) + merge(i - 1, j - 1) - cur
        ) < eps:
            steps.append((MERGED, (ga[i - 2], ga[i - 1]), (gb[j - 1],), merge_s(i - 1, j - 1)))
            i, j = i - 2, j - 1
        elif i and abs(best(i - 1, j) - cur) < eps:
            steps.append((REMOVED, (ga[i - 1],), (), 0.0))
            i -= 1
        else:
            steps.append((ADDED, (), (gb[j - 1],), 0.0))
            j -= 1
    return steps[::-1]


def _dp_small(ga, gb, ka, kb, sim):
    """:func:`_dp` of a gap of fewer than ``_BOUND_CELLS`` cells in plain Python (numpy's costs
    per call were most of a small gap's time): the same gains (:func:`_step_gains`: every split
    and merge whose pieces pass ``_PAIR_MIN``/``_PIECE_MIN`` scored by ``fuzz.ratio``), the same
    float64 sums and maxima cell by cell, the same backtrack."""
    from rapidfuzz.fuzz import ratio

    n, m = len(ga), len(gb)
    T, NEG = MATCH_THRESHOLD, float("-inf")
    A = [ka[i] for i in ga]
    B = [kb[j] for j in gb]
    S = sim.tolist()  # float32 cells as Python floats, as np.asarray(sim, np.float64) reads them
    one = [[s - T + (len(A[r]) + len(B[c])) * 1e-5 + _tie_value(A[r], B[c]) if s >= T else NEG
            for c, s in enumerate(row)] for r, row in enumerate(S)]
    split, split_s = [[NEG] * m for _ in range(n)], [[0.0] * m for _ in range(n)]
    for c in range(m - 1):  # A[r] -> B[c] + B[c + 1]: cell (r, c + 1)
        joined = B[c] + " " + B[c + 1]
        for r in range(n):
            s1, s2 = S[r][c], S[r][c + 1]
            if max(s1, s2) >= _PAIR_MIN and min(s1, s2) >= _PIECE_MIN:
                split_s[r][c + 1] = s = ratio(A[r], joined)
                if s >= T:
                    size = len(A[r]) + len(B[c]) + len(B[c + 1])
                    split[r][c + 1] = s - T + size * 1e-5 + _tie_value(A[r], joined) - 1
    merge, merge_s = [[NEG] * m for _ in range(n)], [[0.0] * m for _ in range(n)]
    for r in range(n - 1):  # A[r] + A[r + 1] -> B[c]: cell (r + 1, c)
        joined = A[r] + " " + A[r + 1]
        for c in range(m):
            s1, s2 = S[r][c], S[r + 1][c]
            if max(s1, s2) >= _PAIR_MIN and min(s1, s2) >= _PIECE_MIN:
                merge_s[r + 1][c] = s = ratio(joined, B[c])
                if s >= T:
                    size = len(A[r]) + len(A[r + 1]) + len(B[c])
                    merge[r + 1][c] = s - T + size * 1e-5 + _tie_value(joined, B[c]) - 1
    best = [[0.0] * (m + 1)]  # row 0: inserts only; column 0: deletes only
    for i in range(1, n + 1):
        up, o, sp, mg = best[i - 1], one[i - 1], split[i - 1], merge[i - 1]
        up2 = best[i - 2] if i >= 2 else None
        row = [0.0]
        v = 0.0
        for j in range(1, m + 1):  # the running maximum of the best step from above (see _dp)
            x = up[j - 1] + o[j - 1]
            if j >= 2:
                x = max(x, up[j - 2] + sp[j - 1])
            if up2 is not None:
                x = max(x, up2[j - 1] + mg[j - 1])
            v = max(v, x, up[j])
            row.append(v)
        best.append(row)

    def cell(grid):
        return lambda i, j: grid[i][j]

    return _backtrack(ga, gb, ka, kb, cell(best), cell(S), cell(one), cell(split), cell(merge), cell(split_s),
                      cell(merge_s))


#: Below this fuzz.ratio a sentence is not worth scoring as one half of a split or merge (either
#: half under ``_PIECE_MIN`` or both under ``_PAIR_MIN``).
_PAIR_MIN, _PIECE_MIN = 30, 10
#: From this many cells a gap's split and merge candidates are first bounded by their lengths
#: (below it every candidate is scored: a 1x1 to 5x5 gap is most of a near-duplicate's gaps).
_BOUND_CELLS = 64


def _step_gains(ga, gb, ka, kb, sim):
    """The gain of each step of the gap's DP, as float64 arrays (``-inf`` where a step cannot be
    taken): ``one[r, c]`` for A[r] -> B[c], ``split[r, c]`` for A[r] -> B[c-1] + B[c],
    ``merge[r, c]`` for A[r-1] + A[r] -> B[c]; and the split and merge scores (0 where not scored
    or below ``MATCH_THRESHOLD``).

    A split or merge is scored (one ``fuzz.ratio`` of the joined text) only where its two 1-1
    cells pass ``_PAIR_MIN``/``_PIECE_MIN`` and where it can still reach ``MATCH_THRESHOLD``: the
    common subsequence of A[r] and B[c-1] + " " + B[c] is at most the sum of A[r]'s with each half
    plus the space, and at most len(A[r]), so a bound from the 1-1 scores and the lengths that
    falls short of the threshold means the ratio would too (the steps below it gain nothing).
    The bounds are computed for all cells at once (numpy), on gaps of ``_BOUND_CELLS`` or more;
    the candidates left are scored in bulk (:func:`_scores_at`).
    """
    import numpy as np

    n, m = len(ga), len(gb)
    T = MATCH_THRESHOLD
    A = [ka[i] for i in ga]
    B = [kb[j] for j in gb]
    la = [len(x) for x in A]
    lb = [len(x) for x in B]

    def gain(s: float, size: int, key_a: str, key_b: str) -> float:
        # Two bonuses far below a ratio point decide exact ties only, the same way in both
        # directions: keep more text in place, then a tie value of the unordered pair of texts.
        return s - T + size * 1e-5 + _tie_value(key_a, key_b)

    S = np.asarray(sim, dtype=np.float64).reshape(n, m)
    one = np.full((n, m), -np.inf)
    rows, cols = (S >= T).nonzero()
    rows, cols = rows.tolist(), cols.tolist()
    one[rows, cols] = [gain(float(S[r, c]), la[r] + lb[c], A[r], B[c]) for r, c in zip(rows, cols)]

    LA = np.asarray(la, dtype=np.float64)
    LB = np.asarray(lb, dtype=np.float64)
    # The length bound saves ratio calls on a long gap; on a short one its dozen array operations
    # cost more than the few calls it saves (it changes no score that can reach the threshold).
    bound = n * m >= _BOUND_CELLS

    def reachable(s1, s2, l0, l1, l2):
        ok = (np.maximum(s1, s2) >= _PAIR_MIN) & (np.minimum(s1, s2) >= _PIECE_MIN)
        if not bound:
            return ok
        # the common subsequence each 1-1 ratio implies, + 0.01 for the float32 rounding of sim
        common = np.minimum(np.minimum(s1 * (l0 + l1) / 200 + 0.01 + (s2 * (l0 + l2) / 200 + 0.01) + 1, l0),
                            l1 + l2 + 1)
        # A split (merge) gains its score - T - 1 (+ size and tie bonuses under 1e-5 a character):
        # unless its score can pass T and each piece's 1-1 score by almost a point, matching one
        # piece and inserting (deleting) the other, or neither, gains strictly more from the same
        # cell, so the step is on no best path and the DP's sums and backtrack come out the same.
        need = np.maximum(np.maximum(np.maximum(s1, s2), T) + 1 - (l0 + l1 + l2 + 2) * 1e-5, T)
        return ok & (200 * common / (l0 + l1 + l2 + 1) >= need)

    split, split_s = np.full((n, m), -np.inf), np.zeros((n, m))
    merge, merge_s = np.full((n, m), -np.inf), np.zeros((n, m))
    if m >= 2:  # A[r] -> B[c-1] + B[c], cell (r, c - 1) of the mask
        joined = [B[c] + " " + B[c + 1] for c in range(m - 1)]
        mask = reachable(S[:, :-1], S[:, 1:], LA[:, None], LB[None, :-1], LB[None, 1:])
        split_s[:, 1:] = _scores_at(mask, A, joined)
        for r, c in zip(*(split_s >= T).nonzero()):
            r, c = int(r), int(c)
            split[r, c] = gain(float(split_s[r, c]), la[r] + lb[c - 1] + lb[c], A[r], joined[c - 1]) - 1
    if n >= 2:  # A[r-1] + A[r] -> B[c], cell (r - 1, c) of the mask
        joined = [A[r] + " " + A[r + 1] for r in range(n - 1)]
        mask = reachable(S[:-1, :], S[1:, :], LB[None, :], LA[:-1, None], LA[1:, None])
        merge_s[1:, :] = _scores_at(mask, joined, B)
        for r, c in zip(*(merge_s >= T).nonzero()):
            r, c = int(r), int(c)
            merge[r, c] = gain(float(merge_s[r, c]), la[r - 1] + la[r] + lb[c], joined[r - 1], B[c]) - 1
    return one, split, merge, split_s, merge_s


def _scores_at(mask, queries: list[str], choices: list[str]):
    """``fuzz.ratio`` of ``queries[r]`` and ``choices[c]`` where ``mask[r, c]``, 0 elsewhere.

    One ``cdist`` over the rows and columns that hold a candidate when that block is at most
    three times the candidates (it reads each string once, about three times faster a cell than
    ``cpdist``), else one ``cpdist`` over the candidates; both compute the same ratio."""
    import numpy as np
    from rapidfuzz import fuzz, process

    out = np.zeros(mask.shape)
    rows, cols = mask.nonzero()
    if not len(rows):
        return out
    if len(rows) > 16:
        ur, uc = mask.any(axis=1).nonzero()[0], mask.any(axis=0).nonzero()[0]  # np.unique of rows, cols
        if len(ur) * len(uc) <= 3 * len(rows):
            out[np.ix_(ur, uc)] = process.cdist([queries[r] for r in ur.tolist()], [choices[c] for c in uc.tolist()],
                                                scorer=fuzz.ratio, dtype=np.float64, workers=1)
            out[~mask] = 0.0
            return out
    out[rows, cols] = process.cpdist([queries[r] for r in rows.tolist()], [choices[c] for c in cols.tolist()],
                                     scorer=fuzz.ratio, dtype=np.float64, workers=1)
    return out


def _tie_value(key_a: str, key_b: str) -> float:
    """A value in [1e-8, 1e-6] that depends only on the unordered pair of texts: added to a
    match's gain, it breaks exact ties between alignments identically in both directions.

    >>> _tie_value("satu dua", "tiga") == _tie_value("tiga", "satu dua")
    True
    """
    lo, hi = (key_a, key_b) if key_a <= key_b else (key_b, key_a)
    return (zlib.crc32(f"{lo}\0{hi}".encode("utf-8", "surrogatepass")) % 100 + 1) * 1e-8


def _match_leftovers(left_a, left_b, ka, kb, sims=()):
    """Assign removed sentences to added ones (greedy by score): those are moved sentences.
    ``sims`` are the gaps' 1-1 matrices (see :func:`_leftover_matrix`)."""
    if not left_a or not left_b:
        return []
    if len(left_a) * len(left_b) > MAX_CELLS:
        pos = {}
        for j in left_b:
            pos.setdefault(kb[j], []).append(j)
        out = []
        for i in left_a:
            if pos.get(ka[i]):
                out.append((i, pos[ka[i]].pop(0), 100.0))
        return out
    sim = _leftover_matrix(left_a, left_b, ka, kb, sims)
    cells = [(float(sim[r, c]), r, c) for r, c in zip(*(sim >= MOVE_THRESHOLD).nonzero())]
    cells.sort(key=lambda x: (-x[0], x[1] + x[2], -_tie_value(ka[left_a[x[1]]], kb[left_b[x[2]]])))
    used_r, used_c, out = set(), set(), []
    for s, r, c in cells:
        if r in used_r or c in used_c:
            continue
        used_r.add(r)
        used_c.add(c)
        out.append((left_a[r], left_b[c], s))
    return out


def _leftover_matrix(left_a, left_b, ka, kb, sims):
    """``_ratio_matrix`` of the leftover sentences, its cells within one gap copied from that
    gap's matrix (the same scorer on the same texts): a passage shared by two long texts leaves
    most of both in one gap. The other cells are scored with one ``cpdist`` when they are under a
    third of the matrix (``cpdist`` is about three times slower a cell), else the whole matrix
    with one ``cdist``."""
    import numpy as np
    from rapidfuzz import fuzz, process

    pos_a = {i: r for r, i in enumerate(left_a)}
    pos_b = {j: c for c, j in enumerate(left_b)}
    sim = np.zeros((len(left_a), len(left_b)), dtype=np.float32)
    known = np.zeros(sim.shape, dtype=bool)
    for ga, gb, gap_sim in sims:
        rows = [(pos_a[i], k) for k, i in enumerate(ga) if i in pos_a]
        cols = [(pos_b[j], k) for k, j in enumerate(gb) if j in pos_b]
        if rows and cols:
            (r_out, r_in), (c_out, c_in) = zip(*rows), zip(*cols)
            sim[np.ix_(r_out, c_out)] = gap_sim[np.ix_(r_in, c_in)]
            known[np.ix_(r_out, c_out)] = True
    rows, cols = (~known).nonzero()
    if 3 * len(rows) >= sim.size:
        return _ratio_matrix([ka[i] for i in left_a], [kb[j] for j in left_b])
    if len(rows):
        sim[rows, cols] = process.cpdist([ka[left_a[r]] for r in rows.tolist()], [kb[left_b[c]] for c in cols.tolist()],
                                         scorer=fuzz.ratio, dtype="float32", workers=1)
    return sim


def _side(U, idx) -> tuple[str | None, tuple[int, ...]]:
    """The joined text and unit indexes of one side of an op (``None`` text when it is empty)."""
    if len(idx) == 1:
        # One unit a side is most ops: its text and index without a join or a generator.
        u = U[idx[0]]
        return u.text, (u.index,)
    return (" ".join(U[i].text for i in idx) if idx else None), tuple(U[i].index for i in idx)


def _make_op(op: str, ia, ib, score: float, UA, UB, kind: str) -> Op:
    a_text, a_units = _side(UA, ia)
    b_text, b_units = _side(UB, ib)
    if a_text is None or b_text is None or op == EQUAL or (op == MOVED and UA[ia[0]].key == UB[ib[0]].key):
        return Op(op, kind, a_units, b_units, a_text, b_text, score, [], [])
    return Op.pending(op, kind, a_units, b_units, a_text, b_text, score)


# --- other kinds ----------------------------------------------------------------------------------


def _align_paired_kind(a, b, kind: str) -> list[Op]:
    """Headline and dateline: the one of A pairs with the one of B (equal or modified)."""
    from rapidfuzz import fuzz

    UA = [u for u in a.units if u.kind == kind]
    UB = [u for u in b.units if u.kind == kind]
    steps = []
    for ua, ub in zip(UA, UB):
        if ua.key == ub.key:
            steps.append((EQUAL, ua, ub, 100.0))
        else:
            steps.append((MODIFIED, ua, ub, fuzz.ratio(ua.key, ub.key)))
    steps += [(REMOVED, ua, None, 0.0) for ua in UA[len(UB):]]
    steps += [(ADDED, None, ub, 0.0) for ub in UB[len(UA):]]
    return [_unit_op(op, ua, ub, s, kind) for op, ua, ub, s in steps]


def _align_exact_kind(a, b, kind: str) -> list[Op]:
    """Byline and boilerplate: equal when the same line is on both sides, else added/removed."""
    UA = [u for u in a.units if u.kind == kind]
    UB = [u for u in b.units if u.kind == kind]
    free_b: dict[str, list] = {}
    for ub in UB:
        free_b.setdefault(ub.key, []).append(ub)
    ops = []
    for ua in UA:
        if free_b.get(ua.key):
            ops.append(_unit_op(EQUAL, ua, free_b[ua.key].pop(0), 100.0, kind))
        else:
            ops.append(_unit_op(REMOVED, ua, None, 0.0, kind))
    ops += [_unit_op(ADDED, None, ub, 0.0, kind) for lst in free_b.values() for ub in lst]
    return ops


def _unit_op(op: str, ua, ub, score: float, kind: str) -> Op:
    if op == MODIFIED:
        return Op.pending(op, kind, (ua.index,), (ub.index,), ua.text, ub.text, float(score), names=kind != "headline")
    return Op(op, kind, (ua.index,) if ua else (), (ub.index,) if ub else (),
              ua.text if ua else None, ub.text if ub else None, float(score))


def _reading_order(ops: list[Op]) -> list[Op]:
    """B's order; an op with no B side goes right after the B position of its A predecessor."""
    a_to_b: dict[int, int] = {}
    for op in ops:
        if op.a_units and op.b_units and op.op != MOVED:
            for i in op.a_units:
                a_to_b[i] = max(op.b_units)
    anchors = sorted(a_to_b)

    def key(op: Op):
        if op.b_units:
            return (min(op.b_units), 0, min(op.a_units) if op.a_units else -1)
        i = min(op.a_units)
        k = bisect.bisect_left(anchors, i) - 1
        return ((a_to_b[anchors[k]] if k >= 0 else -1), 1, i)

    return sorted(ops, key=key)
