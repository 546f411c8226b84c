"""Measure how well near-duplicates were found: pair, cluster, verdict and alignment metrics.

Everything is computed in bulk from plain Python values or from files, so you can score this
library's output, or any other tool's, against a labelled set of your own archive.

Definitions (all scores are in [0, 1]; ARI in [-1, 1]):

- **Pair precision/recall/F1**: sets of *unordered* pairs. A gold pair is positive when its label
  is a same-source verdict (``duplicate``, ``republication``) or a true-ish value (``1``, ``true``,
  ``yes``, ``same``); a predicted pair is positive when its verdict is same-source, or when it has
  no verdict at all (a listed pair is a match). On cluster files every pair inside a cluster is a
  positive pair. The gold file is taken as complete over the ids it mentions: a predicted pair of
  two gold ids that the gold does not list as positive is a false positive; pairs involving ids
  the gold never mentions are ignored (counted in ``ignored_pairs``).
- **Cluster scores**, on the items of the gold clustering (items it does not mention are ignored;
  gold items the prediction does not mention are singletons): *pairwise* P/R/F1 (the pair scores
  of the two clusterings), *B-cubed* P/R/F1 (Bagga & Baldwin 1998: per item, the share of its
  predicted cluster that is in its gold cluster, and vice versa, averaged over items; F1 is the
  harmonic mean of the two averages) and the *adjusted Rand index* (Hubert & Arabie 1985).
  Predicted *pairs* are turned into clusters by connected components of the positive pairs.
- **Verdicts**: confusion matrix gold label x predicted verdict (a gold pair the prediction does
  not list is predicted ``unrelated``), per-class P/R/F1, accuracy, macro F1.
- **Alignment ops**: a predicted content op matches a gold op when ``op`` and the
  :func:`dedup.text.sentence_key` of both sides are equal (split/merged sides joined); counted
  as multisets per pair; per op type, micro over all ops, and micro over the changes (not
  ``equal``).
- A score whose denominator is empty is 1.0 when nothing was missed either way, else 0.0.

>>> s = pair_scores([("a", "b"), ("c", "d")], [("b", "a"), ("e", "f")])
>>> s["precision"], s["recall"], s["f1"]
(0.5, 0.5, 0.5)
>>> round(adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]), 4)
0.5714
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Hashable, Iterable, Mapping, NamedTuple, Sequence

from . import text as T
from .align import EQUAL, OPS
from .errors import InputError
from .records import ErrorReport, iter_rows
from .verdict import SAME_SOURCE, UNRELATED, VERDICTS

__all__ = [
    "prf", "pair_scores", "cluster_pairs", "contingency", "adjusted_rand_index", "bcubed",
    "cluster_scores", "confusion_matrix", "class_scores", "verdict_scores", "op_key", "op_scores",
    "is_positive", "Labelled", "read_labelled", "evaluate", "evaluate_files", "format_text",
]

_TRUE = frozenset({"1", "true", "yes", "y", "same", "same_source", "positive", "match"})


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (see the module docstring for empty denominators).

    >>> s = prf(3, 1, 2)
    >>> s["precision"], s["recall"], round(s["f1"], 4), s["fn"]
    (0.75, 0.6, 0.6667, 2)
    >>> prf(0, 0, 0)["f1"], prf(0, 0, 4)["precision"]
    (1.0, 0.0)
    """
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def _pair(a: Any, b: Any) -> frozenset:
    return frozenset((str(a), str(b)))


def pair_scores(pred: Iterable[Sequence], gold: Iterable[Sequence]) -> dict[str, float]:
    """P/R/F1 of two sets of unordered pairs (self-pairs are dropped).

    >>> pair_scores([("x", "y")], [("y", "x"), ("x", "z")])["recall"]
    0.5
    """
    P = {_pair(*p[:2]) for p in pred if str(p[0]) != str(p[1])}
    G = {_pair(*g[:2]) for g in gold if str(g[0]) != str(g[1])}
    tp = len(P & G)
    return prf(tp, len(P) - tp, len(G) - tp)


def cluster_pairs(assignment: Mapping[Hashable, Hashable]) -> set[frozenset]:
    """Every unordered pair of items that share a cluster.

    >>> sorted(tuple(sorted(p)) for p in cluster_pairs({"a": 1, "b": 1, "c": 1, "d": 2}))
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    """
    groups: dict[Hashable, list] = {}
    for item, c in assignment.items():
        groups.setdefault(c, []).append(item)
    return {_pair(x, y) for members in groups.values() for x, y in combinations(members, 2)}


class Contingency(NamedTuple):
    """A sparse contingency table: only the non-empty cells, with row and column sums.

    ``cells[k]`` items are in gold cluster ``cell_row[k]`` and predicted cluster ``cell_col[k]``.
    Sparse because at corpus scale the dense table has clusters x clusters cells (38 GiB for
    100,000 articles) while at most one cell per item is non-empty.
    """

    cells: Any
    cell_row: Any
    cell_col: Any
    rows: Any
    cols: Any

    @property
    def n(self) -> int:
        return int(self.cells.sum())


def contingency(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> Contingency:
    """The non-empty cells of the contingency table of two labelings of the same items.

    >>> t = contingency(["a", "a", "b"], [1, 2, 2])
    >>> t.cells.tolist(), t.rows.tolist(), t.cols.tolist()
    ([1, 1, 1], [2, 1], [1, 2])
    """
    import numpy as np

    if len(gold) != len(pred):
        raise InputError(f"contingency: {len(gold)} gold labels but {len(pred)} predicted")
    _, gi = np.unique(np.array([str(x) for x in gold], dtype=object), return_inverse=True)
    _, pj = np.unique(np.array([str(x) for x in pred], dtype=object), return_inverse=True)
    gi, pj = gi.astype(np.int64).ravel(), pj.astype(np.int64).ravel()
    width = int(pj.max(initial=-1)) + 1
    keys, cells = np.unique(gi * width + pj, return_counts=True)
    rows = np.bincount(gi, minlength=int(gi.max(initial=-1)) + 1)
    cols = np.bincount(pj, minlength=width)
    return Contingency(cells, keys // max(width, 1), keys % max(width, 1), rows, cols)


def _comb2(x):
    return x * (x - 1) // 2


def adjusted_rand_index(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Adjusted Rand index of two labelings of the same items (1.0: identical partitions,
    about 0: chance agreement). Both partitions trivial in the same way (all singletons, or one
    cluster) count as a perfect match.

    >>> adjusted_rand_index(["a", "a", "b"], [7, 7, 9])
    1.0
    """
    t = contingency(gold, pred)
    n = t.n
    if n < 2:
        return 1.0
    index = float(_comb2(t.cells).sum())
    sum_a = float(_comb2(t.rows).sum())
    sum_b = float(_comb2(t.cols).sum())
    expected = sum_a * sum_b / _comb2(n)
    maximum = (sum_a + sum_b) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of two labelings of the same items.

    >>> bcubed([1, 1, 2], [1, 1, 1])["recall"], round(bcubed([1, 1, 2], [1, 1, 1])["precision"], 4)
    (1.0, 0.5556)
    """
    t = contingency(gold, pred)
    n = t.n
    if n == 0:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    sq = t.cells.astype(float) ** 2
    p = float((sq / t.cols[t.cell_col]).sum() / n)
    r = float((sq / t.rows[t.cell_row]).sum() / n)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def cluster_scores(pred: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> dict[str, Any]:
    """Pairwise and B-cubed P/R/F1 and ARI of a predicted clustering against a gold one.

    Items are those of ``gold``; gold items missing from ``pred`` are predicted singletons.
    ``None`` as a cluster means a singleton.

    >>> s = cluster_scores({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "x"})
    >>> s["precision"], round(s["recall"], 4), round(s["ari"], 4)
    (1.0, 0.3333, 0.0)
    """
    items = [str(k) for k in gold]
    g = {str(k): (("\0single", str(k)) if v is None or v == "" else ("c", str(v))) for k, v in gold.items()}
    p_in = {str(k): v for k, v in pred.items()}
    p = {k: ("c", str(p_in[k])) if p_in.get(k) not in (None, "") else ("\0single", k) for k in items}
    gl = [g[k] for k in items]
    pl = [p[k] for k in items]
    t = contingency(gl, pl)
    tp = int(_comb2(t.cells).sum())
    gold_pairs = int(_comb2(t.rows).sum())
    pred_pairs = int(_comb2(t.cols).sum())
    out: dict[str, Any] = prf(tp, pred_pairs - tp, gold_pairs - tp)
    b = bcubed(gl, pl)
    out.update({f"bcubed_{k}": v for k, v in b.items()})
    out["ari"] = adjusted_rand_index(gl, pl)
    out.update(
        items=len(items),
        gold_clusters=int((t.rows > 1).sum()),
        pred_clusters=int((t.cols > 1).sum()),
        ignored_items=sum(1 for k in p_in if k not in g),
    )
    return out


def is_positive(label: Any) -> bool:
    """Whether a label or verdict means "same source" (duplicate, republication, or true-ish).

    >>> is_positive("republication"), is_positive("update"), is_positive("1"), is_positive(None)
    (True, False, True, False)
    """
    if label is None:
        return False
    s = str(label).strip().lower()
    return s in SAME_SOURCE or s in _TRUE


def confusion_matrix(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None
                     ) -> dict[str, dict[str, int]]:
    """``matrix[gold_label][predicted_label]`` counts (rows and columns: ``labels``, default the
    six verdicts, then any other label seen, in order of appearance).

    >>> confusion_matrix(["update", "partial"], ["update", "unrelated"])["partial"]["unrelated"]
    1
    """
    if len(gold) != len(pred):
        raise InputError(f"confusion_matrix: {len(gold)} gold labels but {len(pred)} predicted")
    names = list(labels or VERDICTS)
    for x in list(gold) + list(pred):
        if x not in names:
            names.append(x)
    m = {g: {p: 0 for p in names} for g in names}
    for g, p in zip(gold, pred):
        m[g][p] += 1
    return m


def class_scores(matrix: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, float]]:
    """Per-class P/R/F1 and support (gold count) from a confusion matrix.

    >>> m = confusion_matrix(["a", "a", "b"], ["a", "b", "b"], labels=["a", "b"])
    >>> class_scores(m)["b"]["precision"], class_scores(m)["a"]["recall"]
    (0.5, 0.5)
    """
    out = {}
    for c in matrix:
        tp = matrix[c][c]
        fn = sum(matrix[c].values()) - tp
        fp = sum(matrix[g][c] for g in matrix) - tp
        s = prf(tp, fp, fn)
        s["support"] = tp + fn
        out[c] = s
    return out


def verdict_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Confusion matrix, per-class scores, accuracy, macro F1 (over classes present in gold or
    prediction) and the same-source binary P/R/F1 for aligned lists of labels.

    >>> s = verdict_scores(["duplicate", "template", "update"], ["republication", "republication", "update"])
    >>> s["accuracy"], s["precision"], s["recall"]
    (0.3333333333333333, 0.5, 1.0)
    """
    m = confusion_matrix(gold, pred)
    per = class_scores(m)
    present = [c for c in m if per[c]["support"] or any(m[g][c] for g in m)]
    tp = sum(1 for g, p in zip(gold, pred) if is_positive(g) and is_positive(p))
    fp = sum(1 for g, p in zip(gold, pred) if not is_positive(g) and is_positive(p))
    fn = sum(1 for g, p in zip(gold, pred) if is_positive(g) and not is_positive(p))
    out: dict[str, Any] = prf(tp, fp, fn)
    out.update(
        accuracy=sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 1.0,
        macro_f1=sum(per[c]["f1"] for c in present) / len(present) if present else 1.0,
        confusion=m,
        per_class=per,
    )
    return out


def _side_key(x: Any) -> str:
    if x is None:
        return ""
    if isinstance(x, (list, tuple)):
        return T.sentence_key(" ".join(str(s) for s in x if s is not None))
    return T.sentence_key(str(x))


def op_key(op: Any) -> tuple[str, str, str] | None:
    """``(op, key of A side, key of B side)`` of an op given as a :class:`dedup.align.Op`, a
    dict (``op``, ``a``, ``b``, optional ``kind``) or a sequence ``(op, a, b)``; ``None`` for
    ops of another kind than content.

    >>> op_key({"op": "split", "kind": "content", "a": "Satu, dua.", "b": "Satu. Dua."})
    ('split', 'satu dua', 'satu dua')
    >>> op_key(("added", [], ["Baru"])), op_key({"op": "equal", "kind": "byline", "a": "x", "b": "x"})
    (('added', '', 'baru'), None)
    """
    if isinstance(op, Mapping):
        name, kind, a, b = op.get("op"), op.get("kind", T.CONTENT), op.get("a"), op.get("b")
    elif hasattr(op, "op") and hasattr(op, "a") and hasattr(op, "b") and not isinstance(op, tuple):
        name, kind, a, b = op.op, getattr(op, "kind", T.CONTENT), op.a, op.b
    else:
        name, a, b = op[0], op[1], op[2]
        kind = T.CONTENT
    if kind != T.CONTENT:
        return None
    return (str(name), _side_key(a), _side_key(b))


def op_scores(pred: Iterable[Iterable[Any]], gold: Iterable[Iterable[Any]]) -> dict[str, Any]:
    """Alignment P/R/F1: one list of predicted ops and one of gold ops per pair, in step.

    >>> g = [[("equal", ["A b c."], ["A b c."]), ("removed", ["D e."], [])]]
    >>> p = [[{"op": "equal", "a": "A b c.", "b": "A b c."}, {"op": "modified", "a": "D e.", "b": "F e."}]]
    >>> s = op_scores(p, g)
    >>> s["f1"], s["per_op"]["equal"]["f1"], s["per_op"]["removed"]["recall"]
    (0.5, 1.0, 0.0)
    """
    tp, npred, ngold = Counter(), Counter(), Counter()
    n_pairs = 0
    for pops, gops in zip(pred, gold, strict=True):
        n_pairs += 1
        P = Counter(k for k in map(op_key, pops) if k is not None)
        G = Counter(k for k in map(op_key, gops) if k is not None)
        for k, c in P.items():
            npred[k[0]] += c
            tp[k[0]] += min(c, G.get(k, 0))
        for k, c in G.items():
            ngold[k[0]] += c
    names = [o for o in OPS if npred[o] or ngold[o]] + sorted(set(npred) | set(ngold) - set(OPS))
    per = {}
    for o in names:
        s = prf(tp[o], npred[o] - tp[o], ngold[o] - tp[o])
        s["support"] = ngold[o]
        per[o] = s
    T_, P_, G_ = sum(tp.values()), sum(npred.values()), sum(ngold.values())
    out: dict[str, Any] = prf(T_, P_ - T_, G_ - T_)
    ct = sum(v for k, v in tp.items() if k != EQUAL)
    cp = sum(v for k, v in npred.items() if k != EQUAL)
    cg = sum(v for k, v in ngold.items() if k != EQUAL)
    ch = prf(ct, cp - ct, cg - ct)
    out.update(
        change_precision=ch["precision"], change_recall=ch["recall"], change_f1=ch["f1"],
        macro_f1=sum(s["f1"] for s in per.values()) / len(per) if per else 1.0,
        pairs=n_pairs, per_op=per,
    )
    return out


# --- files -------------------------------------------------------------------------------------

@dataclass(slots=True)
class Labelled:
    """A pair file or a cluster file, read.

    ``pairs`` maps an unordered pair to its label or verdict (``None`` when the file has none),
    ``ops`` maps a pair to its op list when the file has them; ``clusters`` maps an id to its
    cluster (``None``: a singleton).
    """

    path: str
    shape: str  # "pairs" | "clusters"
    pairs: dict[frozenset, str | None] = field(default_factory=dict)
    ops: dict[frozenset, list] = field(default_factory=dict)
    clusters: dict[str, str | None] = field(default_factory=dict)

    def ids(self) -> set[str]:
        if self.shape == "clusters":
            return set(self.clusters)
        return {x for p in self.pairs for x in p}

    def positive_pairs(self) -> set[frozenset]:
        if self.shape == "clusters":
            return cluster_pairs({k: v for k, v in self.clusters.items() if v not in (None, "")})
        return {p for p, lab in self.pairs.items() if lab is None or is_positive(lab)}

    def as_clusters(self) -> dict[str, str | None]:
        """Clusters, or for a pair file the connected components of its positive pairs."""
        if self.shape == "clusters":
            return dict(self.clusters)
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for x in self.ids():
            find(x)
        for p in self.positive_pairs():
            a, b = sorted(p)
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        return {x: find(x) for x in parent}


def _field(row: dict, names: Sequence[str]) -> Any:
    for n in names:
        if n in row:
            return row[n]
    return None


def read_labelled(path: str, *, role: str = "gold") -> Labelled:
    """Read a pair file (``a``, ``b``, ``label`` or ``verdict``, optional ``ops``) or a cluster
    file (``id``, ``cluster``) in JSONL, CSV, TSV or Parquet. Any malformed line raises
    :class:`InputError` naming the file and line."""
    name = os.path.basename(path) if path != "-" else "<stdin>"
    out: Labelled | None = None
    label_fields = ("label", "verdict") if role == "gold" else ("verdict", "label")
    for line, row in iter_rows(path, errors=ErrorReport("fail")):
        where = f"{name}: line {line}"
        if out is None:
            if "id" in row and "cluster" in row:
                out = Labelled(path, "clusters")
            elif ("a" in row and "b" in row) or ("id_a" in row and "id_b" in row):
                out = Labelled(path, "pairs")
            else:
                raise InputError(f"{where}: expected fields a, b (pairs) or id, cluster (clusters); "
                                 f"found {', '.join(sorted(map(str, row))[:8]) or 'none'}")
        if out.shape == "clusters":
            item, c = row.get("id"), row.get("cluster")
            if item is None or str(item).strip() == "" or isinstance(item, (list, dict)):
                raise InputError(f"{where}: field 'id' is missing or empty")
            if isinstance(c, (list, dict)):
                raise InputError(f"{where}: field 'cluster' must be a string or number")
            item, c = str(item), None if c is None or str(c).strip() == "" else str(c)
            if item in out.clusters and out.clusters[item] != c:
                raise InputError(f"{where}: id {item!r} is listed twice with different clusters")
            out.clusters[item] = c
            continue
        a, b = _field(row, ("a", "id_a")), _field(row, ("b", "id_b"))
        for fname, v in (("a", a), ("b", b)):
            if v is None or isinstance(v, (list, dict)) or str(v).strip() == "":
                raise InputError(f"{where}: field {fname!r} is missing or empty")
        if str(a) == str(b):
            raise InputError(f"{where}: a and b are the same item")
        lab = _field(row, label_fields)
        if lab is not None and (isinstance(lab, (list, dict)) or str(lab).strip() == ""):
            raise InputError(f"{where}: field {label_fields[0]!r} must be a non-empty string")
        lab = None if lab is None else str(lab).strip().lower()
        key = _pair(a, b)
        if key in out.pairs:
            if role == "gold" and out.pairs[key] != lab:
                raise InputError(f"{where}: the pair is listed twice with different labels")
            continue  # a prediction listing both directions: the first one counts
        out.pairs[key] = lab
        if "ops" in row and row["ops"] is not None:
            ops = row["ops"]
            if isinstance(ops, str):
                try:
                    ops = json.loads(ops)
                except json.JSONDecodeError as e:
                    raise InputError(f"{where}: field 'ops' is not valid JSON: {e.msg}") from None
            if not isinstance(ops, list) or not all(
                (isinstance(o, dict) and "op" in o) or (isinstance(o, list) and len(o) == 3) for o in ops
            ):
                raise InputError(f"{where}: field 'ops' must be a list of {{op, a, b}} objects or [op, a, b] lists")
            out.ops[key] = ops
    if out is None:
        raise InputError(f"{name}: no records")
    return out


def evaluate(pred: Labelled, gold: Labelled) -> dict[str, Any]:
    """All the metrics that apply to a prediction and a gold set (see the module docstring)."""
    gold_ids = gold.ids()
    pred_pos = pred.positive_pairs()
    judged = {p for p in pred_pos if p <= gold_ids}
    out: dict[str, Any] = {"gold_shape": gold.shape, "pred_shape": pred.shape}
    out.update(pair_scores([tuple(p) for p in judged], [tuple(p) for p in gold.positive_pairs()]))
    out["ignored_pairs"] = len(pred_pos) - len(judged)
    if gold.shape == "clusters":
        cs = cluster_scores(pred.as_clusters(), gold.clusters)
        for k in ("bcubed_precision", "bcubed_recall", "bcubed_f1", "ari", "items", "gold_clusters",
                  "pred_clusters"):
            out[k] = cs[k]
        out["pairwise_precision"], out["pairwise_recall"], out["pairwise_f1"] = (
            cs["precision"], cs["recall"], cs["f1"])
    else:
        out["gold_pairs"] = len(gold.pairs)
        out["pred_pairs"] = len(pred.pairs) if pred.shape == "pairs" else len(pred_pos)
        has_labels = all(v is not None for v in gold.pairs.values())
        has_verdicts = pred.shape == "pairs" and pred.pairs and all(v is not None for v in pred.pairs.values())
        if has_labels and has_verdicts:
            keys = list(gold.pairs)
            vs = verdict_scores([gold.pairs[k] for k in keys], [pred.pairs.get(k) or UNRELATED for k in keys])
            out.update(accuracy=vs["accuracy"], macro_f1=vs["macro_f1"], confusion=vs["confusion"],
                       per_class=vs["per_class"])
        common = [k for k in gold.ops if k in pred.ops]
        if common:
            s = op_scores([pred.ops[k] for k in common], [gold.ops[k] for k in common])
            out.update(op_precision=s["precision"], op_recall=s["recall"], op_f1=s["f1"],
                       op_change_f1=s["change_f1"], op_macro_f1=s["macro_f1"], op_pairs=s["pairs"],
                       per_op=s["per_op"])
    return out


def evaluate_files(pred_path: str, gold_path: str) -> dict[str, Any]:
    """Read a prediction file and a gold file and return :func:`evaluate` of them.

    >>> import tempfile, os, json
    >>> d = tempfile.mkdtemp()
    >>> g, p = os.path.join(d, "gold.csv"), os.path.join(d, "pred.jsonl")
    >>> _ = open(g, "w").write("id,cluster\\n1,x\\n2,x\\n3,y\\n4,y\\n")
    >>> _ = open(p, "w").write("\\n".join(json.dumps(r) for r in [{"id": 1, "cluster": "a"}, {"id": 2, "cluster": "a"}, {"id": 3, "cluster": "b"}]))
    >>> r = evaluate_files(p, g)
    >>> r["precision"], r["recall"], round(r["ari"], 4)
    (1.0, 0.5, 0.5714)
    """
    return evaluate(read_labelled(pred_path, role="pred"), read_labelled(gold_path, role="gold"))


def format_text(result: Mapping[str, Any]) -> str:
    """A plain-text table of an :func:`evaluate` result."""
    lines = []
    scalar = [(k, v) for k, v in result.items() if not isinstance(v, Mapping)]
    width = max((len(k) for k, _ in scalar), default=0)
    for k, v in scalar:
        lines.append(f"{k:<{width}}  {v:.4f}" if isinstance(v, float) else f"{k:<{width}}  {v}")
    if "confusion" in result:
        m = result["confusion"]
        cols = [c for c in m if any(m[g][c] for g in m) or sum(m[c].values())]
        w = max(len(c) for c in cols) + 1
        lines += ["", "confusion (rows: gold label, columns: predicted verdict)",
                  " " * w + "".join(f"{c[:12]:>13}" for c in cols)]
        for g in cols:
            lines.append(f"{g:<{w}}" + "".join(f"{m[g][c]:>13}" for c in cols))
    for title, key in (("per class", "per_class"), ("per op (content sentences)", "per_op")):
        if key in result:
            per = result[key]
            lines += ["", f"{title:<28}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
            for c, s in per.items():
                if s.get("support", 0) or s["fp"]:
                    lines.append(f"{c:<28}{s['precision']:>10.4f}{s['recall']:>10.4f}{s['f1']:>10.4f}{s['support']:>10}")
    return "\n".join(lines)
