"""Latency and alignment quality of compare(), side by side with a difflib sentence diff.

Prints, in one run:

- throughput of ``dedup.compare`` against two anchors, interleaved pair by pair, as ratios (issue
  16's goal: compare >= 1.0x the rapidfuzz anchor): the rapidfuzz anchor (``process.cdist`` of
  the sentence keys, then greedy 1:1 matching of the cells >= ``align.MATCH_THRESHOLD``) and
  difflib (SequenceMatcher over the sentence keys). Both from texts (every side parses with
  ``Document``) and from parsed Documents (parsing left out of all three; parsed anew each round),
  on the seed pair and on 500 real CLICK-ID near-duplicate pairs
  (``_corpora.clickid_near_duplicates``: silver candidate pairs with word-5-gram containment
  >= 0.5, seeded sample);
- compare() time per pair over every CLICK-ID silver candidate pair (2,914: LSH at 0.3 and shared
  sentences, close to what ``dedup score`` verifies on CLICK-ID): p50, p99, max (goal p99 <= 5 ms),
  as ``dedup score`` verifies (documents parsed and shingled once, untimed) and from texts;
- median latency of ``dedup.compare`` and of the baseline (difflib.SequenceMatcher over the
  sentence keys of the same parsed documents) on the seed pair and on 60-sentence articles with a
  republication edit (goal: seed pair under 2 ms median);
- per-op alignment P/R/F1 of both on the generator's default edit mix (goal: F1 >= 0.95);
- the wall time of the ``dedup diff`` command on the seed pair (interpreter start and imports
  included; goal: under 0.3 s), next to a bare ``python -c pass``.

    python -m benchmarks.bench_compare [--rounds 300] [--pairs 200] [--real-rounds 3] [--speed-only]
    python -m benchmarks.bench_compare --score-pairs /tmp/clickid_pairs.csv   # after bench_clickid
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if __package__:  # python -m benchmarks.bench_compare: the dedup of the directory it runs from
    from . import _corpora as C
    from .bench_quality import difflib_ops  # the one baseline, shared with bench_quality
else:  # python benchmarks/bench_compare.py: the installed dedup
    import _corpora as C
    from bench_quality import difflib_ops

from dedup import Document, compare, synth  # noqa: E402
from dedup import evaluate as E  # noqa: E402
from dedup.align import MATCH_THRESHOLD  # noqa: E402


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


def rapidfuzz_anchor(da, db) -> list[tuple[int, int, float]]:
    """The anchor: one cdist of the two documents' sentence keys, then greedy 1:1 matching
    (best cells first) of the cells at or above the alignment's match threshold."""
    from rapidfuzz import fuzz, process

    ka, kb = [u.key for u in da.sentences], [u.key for u in db.sentences]
    if not ka or not kb:
        return []
    sim = process.cdist(ka, kb, scorer=fuzz.ratio, dtype="float32", workers=1)
    rows, cols = (sim >= MATCH_THRESHOLD).nonzero()
    cells = sorted(zip(sim[rows, cols].tolist(), rows.tolist(), cols.tolist()), reverse=True)
    used_a, used_b, out = set(), set(), []
    for s, r, c in cells:
        if r not in used_a and c not in used_b:
            used_a.add(r)
            used_b.add(c)
            out.append((r, c, s))
    return out


def difflib_anchor(da, db) -> list:
    """difflib.SequenceMatcher over the two documents' sentence keys."""
    ka, kb = [u.key for u in da.sentences], [u.key for u in db.sentences]
    return difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()


def throughput(name: str, pairs: list[tuple[str, str]], rounds: int) -> None:
    """Pairs per second of compare() and the two anchors, interleaved pair by pair (CPU time of
    each call summed; the median over rounds), from texts and from parsed Documents.

    From parsed Documents, every round parses anew (untimed): compare() keeps per-document work
    on a Document (``Document.cached``), and Documents reused across rounds would leave that work
    out of every round but the first."""
    runs = {
        "texts": [
            lambda a, b: compare(a, b),
            lambda a, b: rapidfuzz_anchor(Document(a), Document(b)),
            lambda a, b: difflib_anchor(Document(a), Document(b)),
        ],
        "parsed": [compare, rapidfuzz_anchor, difflib_anchor],
    }
    clock = time.process_time
    for mode, fns in runs.items():
        totals = [[] for _ in fns]
        for _ in range(rounds):
            inputs = pairs if mode == "texts" else [(Document(a), Document(b)) for a, b in pairs]
            spent = [0.0] * len(fns)
            for a, b in inputs:
                for k, fn in enumerate(fns):
                    t = clock()
                    fn(a, b)
                    spent[k] += clock() - t
            for k in range(len(fns)):
                totals[k].append(spent[k])
        ours, rf, dl = (len(pairs) / statistics.median(t) for t in totals)
        print(f"{name:28s} from {mode:6s}  compare {ours:8,.0f}/s   rapidfuzz anchor {rf:8,.0f}/s "
              f"(compare {ours / rf:4.2f}x)   difflib {dl:8,.0f}/s (compare {ours / dl:4.2f}x)")


def per_pair(pairs: list[tuple[str, str]]) -> None:
    """compare() CPU time per pair: p50, p99, max; texts in (both parsed in the call), and as
    ``dedup score`` verifies (each document parsed and shingled once, untimed, as
    ``verify_partition`` does; the same Document in every pair it is in; shingles passed in)."""
    import numpy as np

    from dedup import minhash

    def show(what: str, ms: list[float]) -> None:
        x = np.asarray(ms)
        print(f"compare() per pair over {len(x):,} CLICK-ID silver candidate pairs, {what} (CPU ms): "
              f"mean {x.mean():.2f}  p50 {np.percentile(x, 50):.2f}  p99 {np.percentile(x, 99):.2f}  max {x.max():.1f}")

    texts = sorted({t for pair in pairs for t in pair})
    docs = {t: Document(t) for t in texts}
    shingles = dict(zip(texts, minhash.shingles_many(texts, minhash.DEFAULT)))
    scored, ms = [], []
    for a, b in pairs:
        t = time.process_time()
        compare(docs[a], docs[b], shingles=(shingles[a], shingles[b]))
        scored.append((time.process_time() - t) * 1000)
    for a, b in pairs:
        t = time.process_time()
        compare(a, b)
        ms.append((time.process_time() - t) * 1000)
    show("as dedup score verifies", scored)
    show("texts in", ms)


def score_pairs(path: str) -> None:
    """compare() CPU time on each pair of a ``bench_clickid`` run (its ``--pairs`` CSV: the
    reported pairs of a CLICK-ID ``dedup score``), both articles parsed beforehand with their
    publisher and date, as ``bench_clickid`` times them (which reads the wall clock: on a shared
    machine the CPU time is the steadier figure, and lets two checkouts be run side by side)."""
    import csv

    records = C.clickid_records()
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    times = []
    for r in rows:
        da = Document(records[r["a"]]["content"], source=r["source_a"] or None, published=r["date_a"] or None)
        db = Document(records[r["b"]]["content"], source=r["source_b"] or None, published=r["date_b"] or None)
        t = time.process_time()
        compare(da, db, labels=(r["a"], r["b"]))
        times.append(time.process_time() - t)
    times.sort()
    q = lambda f: times[min(len(times) - 1, int(f * len(times)))] * 1000  # noqa: E731 (bench_clickid's)
    print(f"compare() per pair over the {len(times):,} pairs of {os.path.basename(path)} (CPU ms): mean "
          f"{sum(times) / max(1, len(times)) * 1000:.2f}  p50 {q(0.5):.2f}  p99 {q(0.99):.2f}  max {q(1.0):.1f}")


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
    ap.add_argument("--real-rounds", type=int, default=3, help="rounds over the 500 CLICK-ID pairs")
    ap.add_argument("--near-duplicates", type=int, default=500)
    ap.add_argument("--speed-only", action="store_true", help="throughput and per-pair times only")
    ap.add_argument("--score-pairs", metavar="CSV", help="only time compare() on the pairs of this bench_clickid "
                    "--pairs file (e.g. /tmp/clickid_pairs.csv)")
    args = ap.parse_args()
    if args.score_pairs:
        score_pairs(args.score_pairs)
        return

    palu = open(os.path.join(ROOT, "examples", "tribunpalu.txt"), encoding="utf-8").read()
    news = open(os.path.join(ROOT, "examples", "tribunnews.txt"), encoding="utf-8").read()
    seed = (palu, news)
    near = C.require(C.clickid_near_duplicates, args.near_duplicates)
    print("throughput, interleaved pair by pair (CPU time; median of the rounds)")
    throughput("seed pair", [seed] * 50, max(3, args.rounds // 50))
    throughput(f"{len(near)} CLICK-ID near-duplicates", near, args.real_rounds)
    per_pair(C.require(C.clickid_silver_pairs))
    if args.speed_only:
        return

    print("\nmedian latency (parse + align + scores; the baseline parses and diffs sentence keys)")
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
