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
    python -m benchmarks.bench_compare --speed-only --baseline-src /tmp/before  # beside another checkout
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
    from ._checkout import load_checkout
    from .bench_quality import difflib_ops  # the one baseline, shared with bench_quality
else:  # python benchmarks/bench_compare.py: the installed dedup
    import _corpora as C
    from _checkout import load_checkout
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


def throughput(name: str, pairs: list[tuple[str, str]], rounds: int, base=None) -> None:
    """Pairs per second of compare() and the two anchors, interleaved pair by pair (CPU time of
    each call summed; the median over rounds), from texts and from parsed Documents. ``base`` is
    another checkout's ``dedup`` (:func:`_checkout.load_checkout`): its compare() is timed beside
    this one's, the two in alternating order pair by pair.

    From parsed Documents, every round parses anew (untimed): compare() keeps per-document work
    on a Document (``Document.cached``), and Documents reused across rounds would leave that work
    out of every round but the first."""
    fns = {
        "texts": {
            "compare": lambda x: compare(x[0], x[1]),
            "rapidfuzz": lambda x: rapidfuzz_anchor(Document(x[0]), Document(x[1])),
            "difflib": lambda x: difflib_anchor(Document(x[0]), Document(x[1])),
        },
        "parsed": {
            "compare": lambda x: compare(x[2], x[3]),
            "rapidfuzz": lambda x: rapidfuzz_anchor(x[2], x[3]),
            "difflib": lambda x: difflib_anchor(x[2], x[3]),
        },
    }
    if base is not None:
        fns["texts"]["base"] = lambda x: base.compare(x[0], x[1])
        fns["parsed"]["base"] = lambda x: base.compare(x[4], x[5])
    clock = time.process_time
    for mode, run in fns.items():
        names = list(run)
        totals: dict[str, list[float]] = {k: [] for k in names}
        for _ in range(rounds):
            if mode == "texts":
                inputs = [(a, b, None, None, None, None) for a, b in pairs]
            else:
                inputs = [(a, b, Document(a), Document(b), *((base.Document(a), base.Document(b)) if base else (None, None)))
                          for a, b in pairs]
            spent = dict.fromkeys(names, 0.0)
            for k, x in enumerate(inputs):
                for key in (names if k % 2 == 0 or base is None else ["base", *names[:-1]]):
                    t = clock()
                    run[key](x)
                    spent[key] += clock() - t
            for key in names:
                totals[key].append(spent[key])
        rate = {key: len(pairs) / statistics.median(t) for key, t in totals.items()}
        ours, rf, dl = rate["compare"], rate["rapidfuzz"], rate["difflib"]
        line = f"{name:28s} from {mode:6s}  compare {ours:8,.0f}/s"
        if base is not None:
            line += f"   base {rate['base']:8,.0f}/s (compare {ours / rate['base']:4.2f}x base)"
        line += f"   rapidfuzz anchor {rf:8,.0f}/s (compare {ours / rf:4.2f}x"
        line += f", base {rate['base'] / rf:4.2f}x)" if base is not None else ")"
        line += f"   difflib {dl:8,.0f}/s (compare {ours / dl:4.2f}x)"
        print(line, flush=True)


def _show_times(what: str, ms: list[float]) -> None:
    import numpy as np

    x = np.asarray(ms)
    print(f"compare() per pair over {len(x):,} {what} (CPU ms): mean {x.mean():.2f}  p50 {np.percentile(x, 50):.2f}  "
          f"p99 {np.percentile(x, 99):.2f}  max {x.max():.1f}", flush=True)


def per_pair(pairs: list[tuple[str, str]], base=None) -> None:
    """compare() CPU time per pair: p50, p99, max; texts in (both parsed in the call), and as
    ``dedup score`` verifies (each document parsed and shingled once, untimed, as
    ``verify_partition`` does; the same Document in every pair it is in; shingles passed in).
    With ``base`` (another checkout's ``dedup``) its compare() is timed too, pair by pair in
    alternating order."""
    import dedup

    impls = {"this": dedup} if base is None else {"this": dedup, "base": base}
    texts = sorted({t for pair in pairs for t in pair})
    prepared = {}
    for key, mod in impls.items():
        docs = {t: mod.Document(t) for t in texts}
        shingles = dict(zip(texts, mod.minhash.shingles_many(texts, mod.minhash.DEFAULT)))
        prepared[key] = (docs, shingles)
    scored: dict[str, list[float]] = {k: [] for k in impls}
    ms: dict[str, list[float]] = {k: [] for k in impls}
    order = list(impls)
    for k, (a, b) in enumerate(pairs):
        for key in (order if k % 2 == 0 else order[::-1]):
            docs, shingles = prepared[key]
            t = time.process_time()
            impls[key].compare(docs[a], docs[b], shingles=(shingles[a], shingles[b]))
            scored[key].append((time.process_time() - t) * 1000)
    for k, (a, b) in enumerate(pairs):
        for key in (order if k % 2 == 0 else order[::-1]):
            t = time.process_time()
            impls[key].compare(a, b)
            ms[key].append((time.process_time() - t) * 1000)
    for key in impls:
        who = "" if base is None else ("this checkout, " if key == "this" else "base checkout, ")
        _show_times(f"CLICK-ID silver candidate pairs, {who}as dedup score verifies", scored[key])
    for key in impls:
        who = "" if base is None else ("this checkout, " if key == "this" else "base checkout, ")
        _show_times(f"CLICK-ID silver candidate pairs, {who}texts in", ms[key])


def score_pairs(path: str, base=None) -> None:
    """compare() CPU time on each pair of a ``bench_clickid`` run (its ``--pairs`` CSV: the
    reported pairs of a CLICK-ID ``dedup score``), both articles parsed beforehand with their
    publisher and date, as ``bench_clickid`` times them (which reads the wall clock: on a shared
    machine the CPU time is the steadier figure, and lets two checkouts be run side by side).
    With ``base`` (another checkout's ``dedup``) its compare() is timed on the same pairs, pair
    by pair in alternating order."""
    import csv

    import dedup

    impls = {"this": dedup} if base is None else {"this": dedup, "base": base}
    records = C.clickid_records()
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    times: dict[str, list[float]] = {k: [] for k in impls}
    order = list(impls)
    for k, r in enumerate(rows):
        for key in (order if k % 2 == 0 else order[::-1]):
            mod = impls[key]
            da = mod.Document(records[r["a"]]["content"], source=r["source_a"] or None, published=r["date_a"] or None)
            db = mod.Document(records[r["b"]]["content"], source=r["source_b"] or None, published=r["date_b"] or None)
            t = time.process_time()
            mod.compare(da, db, labels=(r["a"], r["b"]))
            times[key].append(time.process_time() - t)
    for key, ts in times.items():
        ts.sort()
        q = lambda f: ts[min(len(ts) - 1, int(f * len(ts)))] * 1000  # noqa: E731 (bench_clickid's)
        who = "" if base is None else f", {key} checkout"
        print(f"compare() per pair over the {len(ts):,} pairs of {os.path.basename(path)}{who} (CPU ms): mean "
              f"{sum(ts) / max(1, len(ts)) * 1000:.2f}  p50 {q(0.5):.2f}  p99 {q(0.99):.2f}  max {q(1.0):.1f}")


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
    ap.add_argument("--baseline-src", metavar="DIR", help="also time compare() of the checkout in DIR, pair by "
                    "pair beside this one's (throughput, per-pair times and --score-pairs)")
    args = ap.parse_args()
    base = load_checkout(args.baseline_src) if args.baseline_src else None
    if args.score_pairs:
        score_pairs(args.score_pairs, base)
        return

    palu = open(os.path.join(ROOT, "examples", "tribunpalu.txt"), encoding="utf-8").read()
    news = open(os.path.join(ROOT, "examples", "tribunnews.txt"), encoding="utf-8").read()
    seed = (palu, news)
    near = C.require(C.clickid_near_duplicates, args.near_duplicates)
    print("throughput, interleaved pair by pair (CPU time; median of the rounds)")
    throughput("seed pair", [seed] * 50, max(3, args.rounds // 50), base)
    throughput(f"{len(near)} CLICK-ID near-duplicates", near, args.real_rounds, base)
    per_pair(C.require(C.clickid_silver_pairs), base)
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
