"""Distributions behind the verdict thresholds in dedup/verdict.py.

For generator pairs (dedup.synth.make_pairs, default mix) built from CLICK-ID, Reuters and
synthetic articles, prints per gold label the quantiles of each feature the rules read: added
sentences, share of new words in B, coverage of A and B, shingle Jaccard and containment, strong
aligned pairs, fact-changing pairs. Run: python benchmarks/calibrate_verdicts.py [--n 600]
"""
import argparse
import collections
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if __package__:  # python -m benchmarks.calibrate_verdicts: the dedup of the directory it runs from
    from . import bench_quality as BQ
else:  # python benchmarks/calibrate_verdicts.py: the installed dedup
    import bench_quality as BQ

from dedup import compare, synth  # noqa: E402
from dedup.verdict import coverage  # noqa: E402

FEATURES = ["added", "new_share", "new_words", "cover_a", "cover_b", "similarity", "max_containment", "strong", "fact_changed"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=600, help="pairs per source set")
    args = ap.parse_args()
    rows = []
    for src in (BQ.clickid_articles(400, 1), BQ.reuters_articles(400, 1), None):
        for p in synth.make_pairs(src or None, args.n, seed=7, language="mixed"):
            c = compare(p.a, p.b)
            cv = coverage(c.ops)
            new_b = cv.words_b - cv.shared_b
            rows.append((p.label, {
                "added": cv.added, "new_share": round(new_b / max(cv.words_b, 1), 2), "new_words": new_b,
                "cover_a": round(cv.cover_a, 2), "cover_b": round(cv.cover_b, 2),
                "similarity": round(c.similarity, 3),
                "max_containment": round(max(c.containment_a_in_b, c.containment_b_in_a), 3),
                "strong": cv.strong, "fact_changed": cv.fact_changed,
            }))
    by = collections.defaultdict(list)
    for label, feats in rows:
        by[label].append(feats)
    for label in ("duplicate", "republication", "update", "partial", "template", "unrelated"):
        fs = by[label]
        print(f"{label} ({len(fs)} pairs)")
        for name in FEATURES:
            v = sorted(f[name] for f in fs)
            q = lambda x: v[min(len(v) - 1, int(x * len(v)))]  # noqa: E731
            print(f"   {name:16s} min {v[0]:<7} p5 {q(.05):<7} p50 {q(.5):<7} p95 {q(.95):<7} max {v[-1]}")


if __name__ == "__main__":
    main()
