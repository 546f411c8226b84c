"""``dedup eval PRED GOLD [--format text|json]``: score a prediction against a labelled set."""

from __future__ import annotations

import argparse

EPILOG = """\
examples:
  dedup eval pairs.csv gold_pairs.jsonl
  dedup eval clusters.csv gold_clusters.csv --format json

Files: JSONL, CSV, TSV or Parquet. Pair files have fields a, b and label (gold) or verdict
(prediction), and optionally ops (the sentence ops, as `dedup diff --format json` prints them);
cluster files have fields id and cluster. Pair metrics count "same source" (duplicate,
republication) as positive; on cluster files every pair inside a cluster counts. Cluster metrics:
pairwise and B-cubed precision/recall/F1, adjusted Rand index (ari). With verdicts on both sides:
a confusion matrix and per-class scores; with ops on both sides: per-op alignment scores.
Exit status: 0 done, 2 bad input (the message names the file and line)."""


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "eval",
        help="measure a prediction (pairs or clusters) against a labelled set",
        description="Compute pair precision/recall/F1, cluster scores, ARI, the verdict confusion "
        "matrix and per-op alignment scores of a prediction against a labelled (gold) file.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("pred", metavar="PRED", help="the prediction: pairs (a, b, verdict) or clusters (id, cluster)")
    p.add_argument("gold", metavar="GOLD", help="the labelled set: pairs (a, b, label) or clusters (id, cluster)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="a plain-text table (default) or one JSON object keyed by metric name")
    return p


def run(args: argparse.Namespace) -> int:
    import json

    from ..evaluate import evaluate_files, format_text

    result = evaluate_files(args.pred, args.gold)
    if args.format == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(format_text(result))
    return 0
