"""``dedup.score`` on the real CLICK-ID corpus (22,136 Indonesian articles from 9 portals, 2019).

Reads ../shared/data/clickid/articles.jsonl.gz in place (text under ``content``, publisher under
``publisher``, dates in per-publisher formats) and never copies it. Prints the counts per verdict,
per publisher pair (direction: A is the earlier article, then the one containing more of the
other), the known cross-publisher republications (Kompas -> Tribunnews, Okezone <-> Sindonews),
and a baseline run side by side: datasketch ``MinHashLSH`` (128 permutations, word 5-grams of the
same content text, threshold 0.5, as hand-written dedup loops use it) with exact Jaccard >= 0.5,
i.e. what such a loop reports as duplicates, with the CPU time of both (dedup's driver and
workers) and the time of compare() on each reported pair. It also reports how many of the silver candidate
pairs (``silver_candidate_pairs.tsv``, NOT ground truth) with containment >= 0.5 across
publishers were found.

    python benchmarks/bench_clickid.py [--engine local|dask] [--report /tmp/clickid.html]
    python -m benchmarks.bench_clickid --breakdown      # where the CPU goes, step by step
"""

from __future__ import annotations

import argparse
import collections
import csv
import os
import sys
import time

if __package__:  # python -m benchmarks.bench_clickid: the dedup of the directory it runs from
    from . import _corpora as C
else:  # python benchmarks/bench_clickid.py: the installed dedup
    import _corpora as C

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(C.data_dir() or os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data")), "clickid")
COPY = ("duplicate", "republication", "update")


def baseline(path: str, threshold: float = 0.5) -> tuple[set[frozenset], float]:
    """Pairs a datasketch MinHashLSH loop finds, verified by exact Jaccard >= threshold."""
    from datasketch import MinHash, MinHashLSH

    from dedup import text

    t = time.perf_counter()
    cpu = time.process_time()
    ids, grams = [], []
    for r in C.clickid_records(path).values():
        w = text.words(text.normalize(text.content_text(r["title"] + "\n\n" + r["content"])).lower())
        ids.append(r["id"])
        grams.append({" ".join(w[i : i + 5]).encode() for i in range(max(1, len(w) - 4))} if w else set())
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    sigs = MinHash.bulk(grams, num_perm=128)
    for rid, m, g in zip(ids, sigs, grams):
        if g:
            lsh.insert(rid, m)
    found = set()
    index = dict(zip(ids, range(len(ids))))
    for rid, m, g in zip(ids, sigs, grams):
        if not g:
            continue
        for other in lsh.query(m):
            if other != rid:
                a, b = grams[index[rid]], grams[index[other]]
                if len(a & b) / len(a | b) >= threshold:
                    found.add(frozenset((rid, other)))
    return found, time.perf_counter() - t, time.process_time() - cpu


def _cpu() -> float:
    """CPU seconds of this process and of its reaped children (a score run's workers)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def per_pair_times(result, pub: dict[str, str]) -> list[float]:
    """The time of each reported pair's compare(), as verification runs it: both articles parsed
    beforehand (a score run parses each once), with their sources and dates."""
    from dedup import Document, compare

    times = []
    for p in result.pairs:
        ta, tb = result.pair_texts(p.a, p.b)
        da = Document(ta, source=pub[p.a], published=p.date_a)
        db = Document(tb, source=pub[p.b], published=p.date_b)
        t = time.perf_counter()
        compare(da, db, labels=(p.a, p.b))
        times.append(time.perf_counter() - t)
    return times


def breakdown(path: str) -> None:
    """Where a score run's CPU goes: the run in this process (no workers), each step it calls
    wrapped with a CPU timer for the run, and the datasketch loop after it for scale."""
    import importlib

    import dedup
    from dedup.records import Fields

    P = importlib.import_module("dedup.corpus.partition")
    S = importlib.import_module("dedup.corpus.score")
    spent: collections.Counter = collections.Counter()
    calls: collections.Counter = collections.Counter()

    def timed(name, f):
        def run(*a, **k):
            t = time.process_time()
            try:
                return f(*a, **k)
            finally:
                spent[name] += time.process_time() - t
                calls[name] += 1
        return run

    def documents(*a, **k):  # sketching parses a text; verification rebuilds a parse from its units
        return timed("verify: Document from stored units" if len(a) > 1 else "sketch: Document parse", document)(*a, **k)

    by_verdict: dict[str, list[float]] = collections.defaultdict(list)

    def compare(*a, **k):  # also each call's CPU by the verdict it gave
        t = time.process_time()
        c = timed_compare(*a, **k)
        by_verdict[c.verdict].append(time.process_time() - t)
        return c

    document = P.Document
    timed_compare = timed("verify: compare()", P.compare)
    steps = [(P, "unpack_units", "verify: unpack_units"), (P, "unpack_units", "verify: unpack_units"),
             (P, "pack_units", "sketch: pack_units"), (S, "_read_and_sketch", "stage: read + sketch"),
             (S, "_candidates", "stage: candidates"), (S, "_verify", "stage: verify"), (S, "_result", "stage: cluster")]
    spaces = [(P.M, "signatures", "sketch: signatures"), (P.M, "shingles_many", "verify: shingles_many"),
              (P.M, "overlap", "verify: overlap"), (P.F, "sentence_fingerprints_many", "sketch: sentence fingerprints"),
              (P.F, "passage_fingerprints_many", "sketch: passage fingerprints"),
              (P.BP, "sentence_fingerprints", "sketch: boilerplate sentence fingerprints")]
    saved = [(mod, name, getattr(mod, name)) for mod, name, _ in steps + spaces] + [(P, "Document", document),
                                                                                     (P, "compare", P.compare)]
    saved_bp = S._Corpus.learn_boilerplate
    try:
        for mod, name, label in steps + spaces:
            setattr(mod, name, timed(label, getattr(mod, name)))
        P.Document, P.compare = documents, compare
        S._Corpus.learn_boilerplate = timed("stage: boilerplate", saved_bp)
        t = time.process_time()
        with dedup.score(path, fields=Fields(text="content", source="publisher"), engine="local", workers=0) as r:
            total = time.process_time() - t
            st = r.stats
    finally:
        for mod, name, f in saved:
            setattr(mod, name, f)
        S._Corpus.learn_boilerplate = saved_bp
    print(f"# CPU of a CLICK-ID score run in one process: {total:.1f} s ({st['candidates']:,} candidates, {st['pairs']:,} pairs)")
    for name, v in sorted(spent.items()):
        print(f"  {name:<42} {v:7.2f} s {v / total:6.1%}  ({calls[name]:,} calls)")
    print(f"# compare() CPU by the verdict it gave (each call timed alone; the score run's pairs, unrelated included)")
    every = sorted(x for xs in by_verdict.values() for x in xs)
    for name, xs in sorted(by_verdict.items(), key=lambda kv: -sum(kv[1])) + [("all", every)]:
        xs = sorted(xs)
        print(f"  {name:<14} {len(xs):7,} calls  {sum(xs):7.2f} s {sum(xs) / max(sum(every), 1e-9):6.1%}  "
              f"p50 {1000 * xs[len(xs) // 2]:6.2f} ms  p99 {1000 * xs[min(len(xs) - 1, int(0.99 * len(xs)))]:6.2f} ms  "
              f"max {1000 * xs[-1]:6.2f} ms")
    _, _, base_cpu = baseline(path)
    print(f"datasketch MinHashLSH(0.5) + exact Jaccard loop, same process: {base_cpu:.1f} s CPU; the score run "
          f"x{total / max(base_cpu, 1e-9):.2f}, without compare() x{(total - spent['verify: compare()']) / max(base_cpu, 1e-9):.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--engine", default="local", choices=["local", "dask"])
    ap.add_argument("--report", default=None, help="also write the HTML report there")
    ap.add_argument("--pairs", default="/tmp/clickid_pairs.csv", help="where the pairs go (outside the repo)")
    ap.add_argument("--breakdown", action="store_true",
                    help="only: the CPU of each step of a score run in one process, beside the datasketch loop's")
    args = ap.parse_args()
    path = os.path.join(args.data, "articles.jsonl.gz")
    if not os.path.exists(path):
        sys.exit(f"bench_clickid: {path} not found (the benchmark needs ../shared/data/clickid)")
    if args.breakdown:
        breakdown(path)
        return

    import dedup
    from dedup.records import Fields

    t, cpu = time.perf_counter(), _cpu()
    result = dedup.score(path, fields=Fields(text="content", source="publisher"), engine=args.engine)
    if args.report:
        dedup.write_report(result, args.report)
    wall, cpu = time.perf_counter() - t, _cpu() - cpu
    result.write_pairs(args.pairs)
    st = result.stats
    print(f"# CLICK-ID: {st['records']:,} articles scored in {wall:.1f} s on the {args.engine} engine "
          f"(read+sketch {st['seconds_read_sketch']} s, candidates {st['seconds_candidates']} s, "
          f"verify {st['seconds_verify']} s, cluster {st['seconds_cluster']} s)")
    print(f"# input: {result.errors.count} malformed records, {result.errors.warnings} dates not understood")
    print(f"# candidates: {st['candidates']:,} (LSH {st['candidates_lsh']:,}, sentence fingerprints "
          f"{st['candidates_fingerprints']:,}, both {st['candidates_both_channels']:,}); pairs {st['pairs']:,}; "
          f"clusters {st['clusters']:,} of {st['clustered_articles']:,} articles")
    print("\nverdict          pairs   same publisher   cross publisher")
    same = collections.Counter(p.verdict for p in result.pairs if p.source_a == p.source_b)
    cross = collections.Counter(p.verdict for p in result.pairs if p.source_a != p.source_b)
    for v, n in result.verdict_counts().items():
        print(f"{v:<14} {n:>7,} {same[v]:>16,} {cross[v]:>17,}")

    verdicts = ("duplicate", "republication", "update", "partial", "template")
    print("\npublisher pair (A -> B)      " + " ".join(f"{v[:8]:>8}" for v in verdicts))
    by_pp: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for p in result.pairs:
        by_pp[(p.source_a, p.source_b)][p.verdict] += 1
    for (a, b), c in sorted(by_pp.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        print(f"{a + ' -> ' + b:<28} " + " ".join(f"{c[v]:>8,}" for v in verdicts))

    def copies(a: str, b: str) -> int:
        return sum(by_pp[(a, b)][v] for v in COPY)

    print("\nknown republication routes (copy verdicts: duplicate, republication, update)")
    for a, b in (("kompas", "tribunnews"), ("okezone", "sindonews")):
        print(f"  {a} -> {b}: {copies(a, b):,}   {b} -> {a}: {copies(b, a):,}")

    found_copy = {frozenset((p.a, p.b)) for p in result.pairs if p.verdict in COPY}
    found_any = {frozenset((p.a, p.b)) for p in result.pairs}
    silver = os.path.join(args.data, "silver_candidate_pairs.tsv")
    if os.path.exists(silver):
        with open(silver, newline="") as f:
            rows = [r for r in csv.DictReader(f, delimiter="\t")
                    if r["publisher_a"] != r["publisher_b"] and float(r["containment_5gram"]) >= 0.5]
        hit = sum(frozenset((r["id_a"], r["id_b"])) in found_any for r in rows)
        hit_copy = sum(frozenset((r["id_a"], r["id_b"])) in found_copy for r in rows)
        print(f"\nsilver cross-publisher candidates with containment >= 0.5: {len(rows)}; found as a pair: {hit} "
              f"({hit / max(1, len(rows)):.1%}), with a copy verdict: {hit_copy} ({hit_copy / max(1, len(rows)):.1%})")

    pub = {r["id"]: r["publisher"] for r in C.clickid_records(path).values()}
    times = sorted(per_pair_times(result, pub))
    result.close()
    base, base_s, base_cpu = baseline(path)
    if times:
        q = lambda f: times[min(len(times) - 1, int(f * len(times)))] * 1000  # noqa: E731
        print(f"\nper pair (compare() of each of the {len(times):,} reported pairs, parsed beforehand): mean "
              f"{sum(times) / len(times) * 1000:.2f} ms, p50 {q(0.5):.2f} ms, p99 {q(0.99):.2f} ms, max {times[-1] * 1000:.1f} ms")
    print(f"CPU: dedup score {cpu:.1f} s (driver and workers), datasketch loop {base_cpu:.1f} s: "
          f"x{cpu / max(base_cpu, 1e-9):.2f} (goal <= 0.5)")
    base_cross = {p for p in base if len({pub[x] for x in p}) == 2}
    ours_cross = {p for p in found_copy if len({pub[x] for x in p}) == 2}
    print(f"\nbaseline datasketch MinHashLSH(0.5) + exact Jaccard >= 0.5: {len(base):,} pairs "
          f"({len(base_cross):,} cross-publisher) in {base_s:.1f} s single process")
    print(f"dedup score, copy verdicts: {len(found_copy):,} pairs ({len(ours_cross):,} cross-publisher) "
          f"in {wall:.1f} s; ratio of cross-publisher copies found dedup/baseline: "
          f"x{len(ours_cross) / max(1, len(base_cross)):.2f}")
    print(f"baseline pairs that dedup also reports (any verdict): {len(base & found_any):,} of {len(base):,}; "
          f"with a copy verdict: {len(base & found_copy):,}")
    for a, b in (("kompas", "tribunnews"), ("okezone", "sindonews")):
        nb = sum(1 for p in base_cross if {pub[x] for x in p} == {a, b})
        no = sum(1 for p in ours_cross if {pub[x] for x in p} == {a, b})
        print(f"  {a} <-> {b}: baseline {nb:,}, dedup {no:,}")


if __name__ == "__main__":
    main()
