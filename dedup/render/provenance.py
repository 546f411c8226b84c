"""The provenance of a collation as every renderer shows it: the tree of who copied whom, depth
first from the base, and one line of evidence per copy (text, Markdown and HTML share them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..collate import Collation

__all__ = ["tree_lines", "evidence"]


def tree_lines(collation: "Collation") -> list[tuple[int, str, "object | None"]]:
    """The provenance tree depth first from the base: ``(depth, witness id, Parent or None)``."""
    by = {p.witness: p for p in collation.provenance}
    out: list[tuple[int, str, object | None]] = []

    def visit(wid: str, depth: int) -> None:
        out.append((depth, wid, by.get(wid)))
        for child in collation.children(wid):
            visit(child, depth + 1)

    visit(collation.witnesses[collation.base].id, 0)
    return out


def evidence(p, times: bool = True) -> str:
    """``shares 5 changes (2 cuts; 0.3 by chance), 3 of its own, lacks 1; confidence 0.83``."""
    if p.shared_count:
        cuts = (f" ({p.cuts} cut{'s' if p.cuts != 1 else ''}; {p.cuts_expected:g} by chance)" if p.cuts else "")
        text = f"shares {p.shared_count} change{'s' if p.shared_count != 1 else ''}{cuts}"
    else:
        text = "shares no change"
    text += f", {p.own} of its own"
    if p.missing:
        text += f", lacks {p.missing}"
    if times and p.published and p.parent_published:
        text += f", published {p.published} after {p.parent_published}"
    return f"{text}; confidence {p.confidence:.2f}"
