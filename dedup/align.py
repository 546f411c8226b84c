"""Sentence alignment of two documents, and word-level edits inside modified sentences.

Pipeline (see DESIGN.md): exact anchors (equal keys, unique on both sides) -> their longest
increasing subsequence as the backbone -> dynamic programming over each gap on one
``rapidfuzz.process.cdist`` matrix (1-1, insert, delete, split 1-2, merge 2-1) -> moved sentences by
assignment over what is left. Non-content units (headline, dateline, byline, boilerplate) are
aligned within their own kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EQUAL = "equal"
MODIFIED = "modified"
ADDED = "added"
REMOVED = "removed"
MOVED = "moved"
SPLIT = "split"
MERGED = "merged"
OPS = (EQUAL, MODIFIED, ADDED, REMOVED, MOVED, SPLIT, MERGED)
MIRROR = {ADDED: REMOVED, REMOVED: ADDED, SPLIT: MERGED, MERGED: SPLIT}


@dataclass(frozen=True, slots=True)
class WordEdit:
    """One word-level change inside a modified sentence: ``op`` is replace, insert or delete."""

    op: str
    a: str
    b: str

    def to_dict(self) -> dict:
        return {"op": self.op, "a": self.a, "b": self.b}


@dataclass(frozen=True, slots=True)
class FactChange:
    """A changed number, date or name inside a modified sentence (what an editor must check)."""

    type: str  # "number" | "date" | "name"
    a: str
    b: str

    def to_dict(self) -> dict:
        return {"type": self.type, "a": self.a, "b": self.b}


@dataclass(slots=True)
class Op:
    """One aligned step in reading order.

    ``a_units``/``b_units`` are unit indices into each Document (empty on the absent side);
    ``a``/``b`` are the sentence texts (``None`` when absent; split/merged sides joined by a space).
    """

    op: str
    kind: str
    a_units: tuple[int, ...]
    b_units: tuple[int, ...]
    a: str | None
    b: str | None
    score: float
    edits: list[WordEdit] = field(default_factory=list)
    facts: list[FactChange] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = {"op": self.op, "kind": self.kind, "a": self.a, "b": self.b, "score": round(self.score, 1)}
        if self.op in (MODIFIED, SPLIT, MERGED, MOVED) and (self.edits or self.facts):
            d["edits"] = [e.to_dict() for e in self.edits]
            d["facts"] = [f.to_dict() for f in self.facts]
        return d

    def mirrored(self) -> "Op":
        """The same step seen from the other side (A and B swapped)."""
        return Op(
            MIRROR.get(self.op, self.op), self.kind, self.b_units, self.a_units, self.b, self.a,
            self.score, [WordEdit(e.op if e.op == "replace" else ("insert" if e.op == "delete" else "delete"), e.b, e.a) for e in self.edits],
            [FactChange(f.type, f.b, f.a) for f in self.facts],
        )
