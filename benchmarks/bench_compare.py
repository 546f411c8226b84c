"""Latency and alignment quality of compare(), side by side with a difflib sentence diff.

Prints, in one run:

- median latency of ``dedup.compare`` and of the baseline (difflib.SequenceMatcher over the
  sentence keys of the same parsed documents) on the seed pair and on 60-sentence articles with a
  republication edit (goal: seed pair under 2 ms median);
- per-op alignment P/R/F1 of both on the generator's default edit mix (goal: F1 >= 0.95);
- the wall time of the ``dedup diff`` command on the seed pair (interpreter start and imports
  included; goal: under 0.3 s), next to a bare ``python -c pass``.

    python benchmarks/bench_compare.py [--rounds 300] [--pairs 200]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if __package__:  # python -m benchmarks.bench_compare: the dedup of the directory it runs from
    from .bench_quality import difflib_ops  # the one baseline, shared with bench_quality
else:  # python benchmarks/bench_compare.py: the installed dedup
    from bench_quality import difflib_ops

from dedup import compare, synth  # noqa: E402
from dedup import evaluate as E  # noqa: E402


def latency(name: str, a: str, b: str, rounds: int) -> None:
    # Interleaved round by round: this VM changes speed by up to 1.8x for minutes at a time, and
    # timing one function after the other would put that drift into the ratio.
    compare(a, b), difflib_ops(a, b)
    ours, base = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        compare(a, b)
        t1 = time.perf_counter()
        difflib_ops(a, b)
        t2 = time.perf_counter()
        ours.append(t1 - t0)
        base.append(t2 - t1)
    o, d = statistics.median(ours) * 1000, statistics.median(base) * 1000
    print(f"{name:34s} compare {o:7.3f} ms   difflib {d:7.3f} ms   ratio {o / d:5.2f}x")


def command_ms(args: list[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--pairs", type=int, default=200)
    args = ap.parse_args()

    palu = open(os.path.join(ROOT, "examples", "tribunpalu.txt"), encoding="utf-8").read()
    news = open(os.path.join(ROOT, "examples", "tribunnews.txt"), encoding="utf-8").read()
    print("median latency (parse + align + scores; the baseline parses and diffs sentence keys)")
    latency("seed pair", palu, news, args.rounds)
    for lang in ("id", "en"):
        rng = random.Random(f"bench_compare:{lang}")
        src = synth.synthetic_article(rng, lang, n_sentences=60)
        var = synth.make_variant(src, "republication", rng)
        latency(f"60-sentence republication ({lang})", src, var.text, max(20, args.rounds // 5))

    # The sentence edits (synth.EDIT_MIX) are applied by the republication and noise kinds.
    mix = {k: synth.DEFAULT_MIX[k] for k in ("republication", "noise")}
    pairs = synth.make_pairs(None, args.pairs, mix=mix, seed=11, language="mixed")
    golds = [p.ops for p in pairs]
    ours = E.op_scores([[op.to_dict() for op in compare(p.a, p.b).ops if op.kind == "content"] for p in pairs], golds)
    base = E.op_scores([difflib_ops(p.a, p.b) for p in pairs], golds)
    print(f"\nalignment on {len(pairs)} generator pairs (default edit mix), micro F1: "
          f"compare {ours['f1']:.4f}   difflib {base['f1']:.4f}")
    print(f"{'op':10s} {'compare P':>10s} {'R':>7s} {'F1':>7s}   {'difflib F1':>10s}  support")
    for op, s in ours["per_op"].items():
        b = base["per_op"].get(op, {"f1": 0.0})
        print(f"{op:10s} {s['precision']:10.4f} {s['recall']:7.4f} {s['f1']:7.4f}   {b['f1']:10.4f}  {s['support']}")

    rounds = 15
    diff_cmd = [sys.executable, "-m", "dedup", "diff", "examples/tribunpalu.txt", "examples/tribunnews.txt"]
    cli = command_ms(diff_cmd, rounds)
    bare = command_ms([sys.executable, "-c", "pass"], rounds)
    print(f"\n`dedup diff` on the seed pair: {cli:.0f} ms median wall over {rounds} runs "
          f"(bare interpreter start {bare:.0f} ms; dedup's own share {cli - bare:.0f} ms)")


if __name__ == "__main__":
    main()
