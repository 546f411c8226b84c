"""What the generator makes: kinds of variant and their labels, gold ops, variants and labelled pairs.

>>> LABELS["noise"], GoldOp("equal", ("A.",), ("A.",)).to_list()
('republication', ['equal', ['A.'], ['A.']])
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Mapping, NamedTuple

from ..verdict import DUPLICATE, PARTIAL, REPUBLICATION, TEMPLATE, UNRELATED, UPDATE
from ..errors import InputError

KINDS = ("duplicate", "republication", "noise", "update", "partial", "template", "unrelated")
#: The verdict each kind of variant should get.
LABELS = {
    "duplicate": DUPLICATE, "republication": REPUBLICATION, "noise": REPUBLICATION,
    "update": UPDATE, "partial": PARTIAL, "template": TEMPLATE, "unrelated": UNRELATED,
}
#: Share of each kind in :func:`make_pairs` by default.
DEFAULT_MIX = {
    "duplicate": 0.10, "republication": 0.30, "noise": 0.10, "update": 0.15,
    "partial": 0.10, "template": 0.15, "unrelated": 0.10,
}
#: Share of each sentence-level edit in republication and noise variants (the "default mix"
#: the alignment is scored on).
EDIT_MIX = {
    "reword": 0.28, "number": 0.08, "add": 0.17, "remove": 0.17,
    "split": 0.10, "merge": 0.10, "move": 0.10,
}
#: A reworded sentence keeps at least this fuzz.ratio (of sentence keys) to its original.
REWORD_MIN_RATIO = 75.0
#: A template variant of a text changes facts in at least this share of its sentences.
TEMPLATE_MIN_CHANGED = 0.6
#: The passage a partial pair shares has at least this many words (a paragraph, not a phrase).
PARTIAL_MIN_WORDS = 20
#: Draws of one variant (or sources of one pair) before the generator gives up.
ATTEMPTS = 12


class GoldOp(NamedTuple):
    """One true sentence-level op: ``a``/``b`` are the exact content sentences on each side."""

    op: str
    a: tuple[str, ...]
    b: tuple[str, ...]

    def to_list(self) -> list:
        return [self.op, list(self.a), list(self.b)]


@dataclass(slots=True)
class Variant:
    """A generated article B with its known relation to the source A.

    ``sentences`` are B's content sentences in reading order (what ``Document(text)`` finds),
    ``ops`` the gold content ops, ``edits`` a readable log of what was done. ``ops`` is ``None``
    for a label-only variant (``make_variant(..., gold_ops=False)``): ``Document(text)`` splits it
    differently from the sentences the edits produced, so there is no sentence-level gold.
    """

    text: str
    label: str
    kind: str
    ops: list[GoldOp] | None
    edits: list[str]
    sentences: tuple[str, ...]


@dataclass(slots=True)
class LabelledPair:
    """A labelled pair: ``compare(a, b)`` should say ``label`` and find ``ops``.

    ``ops`` is ``None`` for a label-only pair (``make_pairs(..., gold_ops=False)``): score its
    verdict, not its alignment. JSONL writes it as ``"ops": null``.
    """

    a: str
    b: str
    label: str
    kind: str
    ops: list[GoldOp] | None
    edits: list[str] = field(default_factory=list)
    language: str = "id"

    def to_dict(self) -> dict:
        return {
            "a": self.a, "b": self.b, "label": self.label, "kind": self.kind,
            "language": self.language,
            "ops": None if self.ops is None else [op.to_list() for op in self.ops],
            "edits": list(self.edits),
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> "LabelledPair":
        raw = d.get("ops", [])
        ops = None if raw is None else [GoldOp(o[0], tuple(o[1]), tuple(o[2])) for o in raw]
        return cls(d["a"], d["b"], d["label"], d.get("kind", d["label"]), ops,
                   list(d.get("edits", [])), d.get("language", "id"))


def write_pairs(pairs: Iterable[LabelledPair], path: str) -> int:
    """Write pairs as JSONL (``a``, ``b``, ``label``, ``kind``, ``ops``, ``edits``); returns the count."""
    k = 0
    with open(path, "w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
            k += 1
    return k


def read_pairs(path: str) -> list[LabelledPair]:
    """Read pairs written by :func:`write_pairs`."""
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                out.append(LabelledPair.from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError, IndexError) as e:
                raise InputError(f"{path}:{lineno}: not a synth pair ({e})") from None
    return out
