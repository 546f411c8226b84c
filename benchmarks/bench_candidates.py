"""Candidate generation on CLICK-ID: what the LSH channel and the sentence-fingerprint channel each
find, and what they cost, for a few band settings. Used to choose dedup.lsh's defaults.

Reference pairs: the 2,914 silver candidate pairs of ../shared/data/clickid (not ground truth: the
union of an LSH run and a shared-sentence rule; many low-Jaccard same-publisher pairs only share
boilerplate). The script reports, per band of exact word-5-gram Jaccard, the fraction of silver
pairs each channel returns (all pairs, and cross-publisher pairs, which are the republications),
and the number of candidate pairs each setting sends to verification.

    python benchmarks/bench_candidates.py
"""

from __future__ import annotations

import csv
import time

import numpy as np

from dedup import fingerprints as F  # noqa: E402
from dedup import lsh as L  # noqa: E402
from dedup import minhash as M  # noqa: E402

if __package__:  # python -m benchmarks.bench_candidates: the dedup of the directory it runs from
    from . import _corpora as C
else:  # python benchmarks/bench_candidates.py: the installed dedup
    import _corpora as C

BANDS = [(0.0, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.6), (0.6, 1.01)]


def main() -> None:
    if not C.available("clickid", "articles.jsonl.gz"):
        print(f"CLICK-ID not found under {C.data_dir()}: nothing to measure")
        return
    records = list(C.clickid_records().values())
    ids = [r["id"] for r in records]
    pos = {i: k for k, i in enumerate(ids)}
    pub = np.array([r["publisher"] for r in records])
    texts = [r["title"] + "\n" + r["content"] for r in records]
    n = len(texts)

    t0 = time.perf_counter()
    sigs = M.signatures(texts)
    t_sig = time.perf_counter() - t0
    t0 = time.perf_counter()
    fps = F.sentence_fingerprints_many(texts)
    t_fp = time.perf_counter() - t0
    shingles = M.shingles_many(texts)
    print(f"{n} articles: signatures {n / t_sig:,.0f} docs/s, sentence fingerprints {n / t_fp:,.0f} docs/s")

    silver = []
    with open(C.path("clickid", "silver_candidate_pairs.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            a, b = sorted((pos[row["id_a"]], pos[row["id_b"]]))
            silver.append((a, b))
    silver = np.array(silver, dtype=np.int64)
    exact = np.array([M.jaccard(shingles[a], shingles[b]) for a, b in silver])
    cross = pub[silver[:, 0]] != pub[silver[:, 1]]
    silver_code = silver[:, 0] * n + silver[:, 1]

    def found(pairs: np.ndarray) -> np.ndarray:
        return np.isin(silver_code, pairs[:, 0] * n + pairs[:, 1])

    channels: dict[str, tuple[np.ndarray, int, float]] = {}
    settings = [(f"lsh t={t} w=({w[0]},{w[1]})" + (" [default]" if (t, w) == (L.DEFAULT_THRESHOLD, L.DEFAULT_WEIGHTS) else ""),
                 L.choose_bands(t, 128, *w))
                for t, w in [(0.5, (0.5, 0.5)), (0.3, (0.5, 0.5)), (0.3, (0.3, 0.7)), (0.3, (0.1, 0.9)),
                             (0.2, (0.5, 0.5)), (0.2, (0.3, 0.7)), (0.2, (0.1, 0.9)),
                             (L.DEFAULT_THRESHOLD, L.DEFAULT_WEIGHTS)]]
    settings = list(dict((b, (name, b)) for name, b in settings).values())  # one line per (b, r)
    for name, (b, r) in settings:
        t0 = time.perf_counter()
        pairs, stats = L.candidate_pairs(L.band_keys(sigs, b, r), return_stats=True)
        dt = time.perf_counter() - t0
        channels[f"{name} b={b} r={r}"] = (found(pairs), len(pairs), dt)
        useful = np.mean([max(M.containment(shingles[i], shingles[j]), M.containment(shingles[j], shingles[i])) >= 0.2
                          for i, j in pairs]) if len(pairs) else 0.0
        print(f"  {name} b={b} r={r}: {len(pairs):,} candidate pairs ({2 * len(pairs) / n:.2f} per article), "
              f"{useful:.0%} with containment >= 0.2 either way; skipped buckets {stats['skipped_buckets']}")
    for min_shared in (1, 2):
        t0 = time.perf_counter()
        pairs, stats = F.fingerprint_pairs(fps, min_shared=min_shared, return_stats=True)
        dt = time.perf_counter() - t0
        channels[f"sentences >= {min_shared} shared (max_df {F.DEFAULT_MAX_DF})"] = (found(pairs[:, :2]), len(pairs), dt)
    default_lsh = next(k for k in channels if "[default]" in k)
    for k in (1, 2):
        union = channels[default_lsh][0] | channels[f"sentences >= {k} shared (max_df {F.DEFAULT_MAX_DF})"][0]
        channels[f"default lsh OR sentences >= {k}"] = (union, -1, 0.0)

    header = "  ".join(f"J {lo:.1f}-{min(hi, 1):.1f}" for lo, hi in BANDS)
    for title, mask in (("all silver pairs", np.ones(len(silver), bool)), ("cross-publisher silver pairs", cross)):
        counts = "  ".join(f"{int(((exact >= lo) & (exact < hi) & mask).sum()):>9d}" for lo, hi in BANDS)
        print(f"\nrecall on {title} (pairs per band: {counts})")
        print(f"{'channel':58s} {header}   candidates  time")
        for name, (hit, m, dt) in channels.items():
            cells = []
            for lo, hi in BANDS:
                sel = (exact >= lo) & (exact < hi) & mask
                cells.append(f"{hit[sel].mean():9.2f}" if sel.any() else f"{'-':>9s}")
            extra = f"{m:11,d}  {dt:.2f}s" if m >= 0 else ""
            print(f"{name:58s} {'  '.join(cells)}  {extra}")
    b, r = L.choose_bands()
    print(f"\nS-curve of the default ({b} bands x {r} rows):",
          "  ".join(f"J={s:.2f}: {L.probability(s, b, r):.2f}" for s in (0.1, 0.2, 0.3, 0.4, 0.5)))


if __name__ == "__main__":
    main()
