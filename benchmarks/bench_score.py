"""End-to-end batch scoring on a seeded synthetic corpus: time, peak memory, pair recall/precision,
local and Dask engines side by side on the same input.

The corpus is built with :mod:`dedup.synth`: synthetic Indonesian and English articles (dated over
30 days, 20 sources); 20% of them are republished in 1-3 edited copies (republication 70%, scraper
noise 20%, duplicate 10%), dated 0-2 days after their original, on another source. The truth is
"every pair inside a group of original + copies". The file is generated once per size and seed
(in parallel shards, deterministic whatever the number of processes) and reused.

Each engine runs ``dedup score`` as a child process, exactly as a user would; peak memory is the
largest sum of the resident memory of that process and all its descendants (sampled every
0.25 s), so worker processes are included.

    python benchmarks/bench_score.py --sizes 100000                 # about 5 minutes
    python benchmarks/bench_score.py --sizes 100000 1000000 > bench_score.log 2>&1 &

Goals (issue 5): 1,000,000 articles in under 10 minutes, peak under 6 GB, recall and precision
>= 0.98.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import multiprocessing
import os
import random
import subprocess
import sys
import time

SHARD = 5000  # original articles per generation shard
KINDS = (("republication", 0.7), ("noise", 0.2), ("duplicate", 0.1))


def _shard(args: tuple[int, int]) -> list[str]:
    """JSON lines of one shard: ``SHARD`` originals and their copies (deterministic)."""
    from dedup import synth
    from dedup.errors import InputError

    seed, k = args
    rng = random.Random(f"bench_score:{seed}:{k}")
    out = []
    for b in range(SHARD):
        g = k * SHARD + b
        lang = "id" if rng.random() < 0.7 else "en"
        text = synth.synthetic_article(rng, lang)
        day = rng.randrange(30)
        src = rng.randrange(20)
        out.append(_line(f"a{g}", text, day, src, g))
        if rng.random() < 0.2:
            for c in range(rng.randint(1, 3)):
                kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
                try:
                    v = synth.make_variant(text, kind, rng)
                except InputError:
                    continue
                out.append(_line(f"a{g}c{c}", v.text, day + rng.randrange(3), (src + 1 + c) % 20, g))
    return out


def _line(rid: str, text: str, day: int, src: int, group: int) -> str:
    date = f"2019-09-{1 + day:02d}" if day < 30 else f"2019-10-{day - 29:02d}"
    return json.dumps({"id": rid, "text": text, "date": date, "source": f"site{src:02d}", "group": group},
                      ensure_ascii=False)


def make_corpus(path: str, n: int, seed: int, procs: int) -> None:
    """Write ``n`` articles to ``path`` (and ``path + '.groups.tsv'``: id, group)."""
    if os.path.exists(path) and os.path.exists(path + ".groups.tsv"):
        return
    t = time.perf_counter()
    tmp = path + ".part"
    written = 0
    shards = (math.ceil(n / (SHARD * 1.4)) + 2)
    with open(tmp, "w", encoding="utf-8") as f, open(path + ".groups.tsv", "w") as g, \
            multiprocessing.get_context("spawn").Pool(procs) as pool:
        for lines in pool.imap(_shard, [(seed, k) for k in range(shards)]):
            for line in lines:
                if written >= n:
                    break
                f.write(line + "\n")
                rec = json.loads(line)
                g.write(f"{rec['id']}\t{rec['group']}\n")
                written += 1
            if written >= n:
                break
    if written < n:
        raise SystemExit(f"generated only {written} articles")
    os.replace(tmp, path)
    print(f"# generated {n:,} articles in {time.perf_counter() - t:.0f} s: {path} "
          f"({os.path.getsize(path) / 1e9:.2f} GB)", flush=True)


def run_engine(corpus: str, engine: str, workdir: str, tag: str, workers: int | None, src: str | None = None) -> dict:
    import resource

    import psutil

    corpus, workdir = os.path.abspath(corpus), os.path.abspath(workdir)
    pairs = os.path.join(workdir, f"pairs_{tag}_{engine}.parquet")
    clusters = os.path.join(workdir, f"clusters_{tag}_{engine}.parquet")
    stats = os.path.join(workdir, f"stats_{tag}_{engine}.json")
    cmd = [sys.executable, "-m", "dedup", "score", corpus, "--pairs", pairs, "--clusters", clusters,
           "--engine", engine, "--quiet", "--stats", stats, "--tmp-dir", workdir]
    if workers:
        cmd += ["--workers", str(workers)]
    # the checkout this benchmark belongs to (not whatever `pip install -e` points at), or another
    # one (the commit before a change) to compare with on the same corpus
    env = dict(os.environ)
    checkout = os.path.abspath(src or os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    env["PYTHONPATH"] = checkout + os.pathsep + env.get("PYTHONPATH", "")
    t = time.perf_counter()
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    # run from the checkout: `python -m` puts the working directory first on sys.path, ahead of
    # PYTHONPATH, so a run started in another checkout would import that one instead
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env, cwd=checkout)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            procs = [root] + root.children(recursive=True)
            rss = 0
            for p in procs:
                try:
                    rss += p.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.25)
    wall = time.perf_counter() - t
    err = proc.stderr.read()
    ru2 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru2.ru_utime - ru.ru_utime) + (ru2.ru_stime - ru.ru_stime)  # the run and its reaped workers
    if proc.returncode != 0:
        raise SystemExit(f"{engine} failed ({proc.returncode}): {err[-2000:]}")
    with open(stats) as f:
        st = json.load(f)
    return {"engine": engine, "wall": wall, "cpu": cpu, "peak": peak, "stats": st, "pairs": pairs, "clusters": clusters}


def evaluate(run: dict, groups_path: str) -> dict:
    import pyarrow.parquet as pq

    from dedup.evaluate import cluster_pairs, pair_scores

    group: dict[str, int] = {}
    members: dict[int, list[str]] = {}
    with open(groups_path) as f:
        for line in f:
            rid, g = line.rstrip("\n").split("\t")
            group[rid] = int(g)
            members.setdefault(int(g), []).append(rid)
    gold = [p for m in members.values() if len(m) > 1 for p in itertools.combinations(m, 2)]
    t = pq.read_table(run["pairs"], columns=["a", "b"])
    pred = list(zip(t.column("a").to_pylist(), t.column("b").to_pylist()))
    ps = pair_scores(pred, gold)
    ct = pq.read_table(run["clusters"], columns=["id", "cluster"])
    assign = dict(zip(ct.column("id").to_pylist(), ct.column("cluster").to_pylist()))
    # pairwise cluster scores against the generator's gold pairs (the gold here is pairs, not clusters)
    cs = pair_scores([tuple(p) for p in cluster_pairs(assign)], gold)
    return {"recall": ps["recall"], "precision": ps["precision"], "f1": ps["f1"], "gold_pairs": len(gold),
            "cluster_recall": cs["recall"], "cluster_precision": cs["precision"]}


def same_output(a: dict, b: dict) -> bool:
    import pyarrow.parquet as pq

    return (pq.read_table(a["pairs"]).equals(pq.read_table(b["pairs"]))
            and pq.read_table(a["clusters"]).equals(pq.read_table(b["clusters"])))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    ap.add_argument("--engines", nargs="+", default=["local", "dask"], choices=["local", "dask"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--workdir", default="/tmp/dedup-bench")
    ap.add_argument("--baseline-src", default=None,
                    help="also run this checkout of dedup (e.g. the commit before a change) on the same corpus, "
                    "alternating with this one, and print the CPU, wall and memory ratios")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    procs = args.workers or os.cpu_count() or 1
    print(f"# bench_score: {os.cpu_count()} cores, sizes {args.sizes}, engines {args.engines}", flush=True)
    table = []
    for n in args.sizes:
        corpus = os.path.join(args.workdir, f"synth_{n}_seed{args.seed}.jsonl")
        make_corpus(corpus, n, args.seed, procs)
        runs = []
        for engine in args.engines:
            if args.baseline_src:
                base = run_engine(corpus, engine, args.workdir, f"{n}base", args.workers, src=args.baseline_src)
                base.update(evaluate(base, corpus + ".groups.tsv"))
                bs = base["stats"]
                print(f"{n:>9,} {engine:<6} BASELINE ({args.baseline_src}) wall {base['wall']:7.1f} s  cpu {base['cpu']:7.1f} s  "
                      f"peak {base['peak'] / 2**30:5.2f} GiB  recall {base['recall']:.4f}  precision {base['precision']:.4f} | "
                      f"candidates {bs['candidates']:,}, verify {bs['seconds_verify']} s, pairs {bs['pairs']:,}", flush=True)
            run = run_engine(corpus, engine, args.workdir, f"{n}", args.workers)
            run.update(evaluate(run, corpus + ".groups.tsv"))
            runs.append(run)
            st = run["stats"]
            if args.baseline_src:
                print(f"{n:>9,} {engine:<6} this/baseline: cpu per article x{run['cpu'] / base['cpu']:.2f}, wall "
                      f"x{run['wall'] / base['wall']:.2f}, peak memory x{run['peak'] / base['peak']:.2f}", flush=True)
            print(f"{n:>9,} {engine:<6} cpu {run['cpu']:7.1f} s wall {run['wall']:7.1f} s  {n / run['wall']:7,.0f} articles/s  "
                  f"peak {run['peak'] / 2**30:5.2f} GiB  recall {run['recall']:.4f}  precision {run['precision']:.4f}  "
                  f"cluster pairs R {run['cluster_recall']:.4f} P {run['cluster_precision']:.4f}  | read+sketch {st['seconds_read_sketch']} s, candidates "
                  f"{st['seconds_candidates']} s ({st['candidates']:,}), verify {st['seconds_verify']} s, "
                  f"pairs {st['pairs']:,} {st['verdicts']}", flush=True)
            table.append({k: v for k, v in run.items() if k not in ("pairs", "clusters")} | {"n": n})
        if len(runs) == 2:
            a, b = runs
            print(f"{n:>9,} {b['engine']}/{a['engine']}: time x{b['wall'] / a['wall']:.2f}, peak memory "
                  f"x{b['peak'] / a['peak']:.2f}; identical pairs and clusters: {same_output(a, b)}", flush=True)
    with open(os.path.join(args.workdir, "bench_score.json"), "w") as f:
        json.dump(table, f, indent=1, default=str)


if __name__ == "__main__":
    main()
