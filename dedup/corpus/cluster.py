"""Clusters of copies from verified pairs, guarded against chaining; each cluster's original.

Only same-source verdicts (:data:`CLUSTER_VERDICTS`) make edges; a member stays in a cluster only
when it is verified against the cluster's original and against at least half of the cluster's
other members; the original is picked by :func:`dedup.original.pick_original`.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from ..original import NO_DATE, pick_original

__all__ = ["cluster_pairs", "CLUSTER_VERDICTS", "NO_DATE", "pick_original"]

#: Verdicts that make a cluster edge: the pair is one source text (updates add reporting to it).
CLUSTER_VERDICTS = ("duplicate", "republication", "update")


def cluster_pairs(edges: Iterable[tuple[int, int, float, float, float]], days: Sequence[int],
                  ids: Sequence[str]) -> dict[int, tuple[int, bool]]:
    """Group documents into clusters of copies, guarded against chaining.

    ``edges`` are verified same-source pairs ``(i, j, similarity, c_ij, c_ji)`` (``c_ij``: share of
    ``i`` found in ``j``). Returns ``{document: (original, is_original)}`` for documents in clusters
    of two or more.

    Within each connected component the original is chosen first: the earliest date, then the
    document the others are most contained in, then the smallest id. Its neighbours join in order
    of similarity, each only if it also has an edge to at least half of the members already in
    (besides the original). What is left is clustered again the same way. So A≈B and B≈C through
    shared boilerplate, with A≉C, never puts A and C together: whichever joins the original
    first, the other has no edge to it.

    >>> cluster_pairs([(0, 1, .9, .9, .9), (1, 2, .8, .9, .9)], [NO_DATE] * 3, ["a", "b", "c"])
    {0: (1, False), 1: (1, True)}
    """
    nbr: dict[int, dict[int, tuple[float, float]]] = {}
    for i, j, sim, cij, cji in edges:
        if i == j:
            continue
        # nbr[x][y] = (similarity, share of y contained in x)
        nbr.setdefault(i, {})[j] = (sim, cji)
        nbr.setdefault(j, {})[i] = (sim, cij)
    result: dict[int, tuple[int, bool]] = {}
    for component in _components(nbr):
        _cluster_component(component, nbr, days, ids, result)
    # a cluster of one is no cluster
    sizes: dict[int, int] = {}
    for orig, _ in result.values():
        sizes[orig] = sizes.get(orig, 0) + 1
    return {k: v for k, v in sorted(result.items()) if sizes[v[0]] > 1}


def _components(nbr: Mapping[int, Mapping[int, Any]], within: set[int] | None = None) -> list[list[int]]:
    seen: set[int] = set()
    out = []
    for start in sorted(nbr if within is None else within):
        if start in seen:
            continue
        seen.add(start)
        stack, comp = [start], []
        while stack:
            x = stack.pop()
            comp.append(x)
            for y in nbr.get(x, ()):
                if y not in seen and (within is None or y in within):
                    seen.add(y)
                    stack.append(y)
        out.append(sorted(comp))
    return out


def _cluster_component(component: list[int], nbr, days, ids, result) -> None:
    queue = [component]
    while queue:
        comp = queue.pop()
        if len(comp) == 1:
            continue
        members = set(comp)
        contained = {x: sum(c for y, (_, c) in nbr[x].items() if y in members) for x in comp}
        orig = pick_original(comp, days, contained, ids)
        joined = [orig]
        for y in sorted((y for y in nbr[orig] if y in members), key=lambda y: (-nbr[orig][y][0], ids[y])):
            others = joined[1:]
            linked = sum(1 for m in others if m in nbr[y])
            if 2 * linked >= len(others):
                joined.append(y)
        for m in joined:
            result[m] = (orig, m == orig)
        rest = members - set(joined)
        if rest:
            queue.extend(_components(nbr, rest))
