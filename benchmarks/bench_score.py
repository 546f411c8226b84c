"""End-to-end batch scoring on a seeded synthetic corpus: time, peak memory, pair recall/precision,
local and Dask engines side by side on the same input.

The corpus is built with :mod:`dedup.synth`: synthetic Indonesian and English articles (dated over
30 days, 20 sources); 20% of them are republished in 1-3 edited copies (republication 70%, scraper
noise 20%, duplicate 10%), dated 0-2 days after their original, on another source. The truth is
"every pair inside a group of original + copies". The file is generated once per size and seed
(in parallel shards, deterministic whatever the number of processes) and reused.

Each engine runs ``dedup score`` as a child process, exactly as a user would (its console entry
point, with the library's log of finished stages on stderr, kept in ``--workdir``); peak memory is
the largest sum of the resident memory of that process and all its descendants (sampled every
0.25 s), so worker processes are included, printed overall and per stage (read+sketch,
boilerplate, candidates, verify, cluster, write), and every ``--every`` seconds while the run
goes on; ``--max-seconds`` stops a run and reports how far it got and its peak so far.

    python benchmarks/bench_score.py --sizes 100000                 # about 5 minutes
    python benchmarks/bench_score.py --sizes 100000 1000000 > bench_score.log 2>&1 &
    python -m benchmarks.bench_score --sizes 1000000 --engines local --max-seconds 1800
    python -m benchmarks.bench_score --sizes 1000000 --engines local --stop-at verify

Goals (issue 5): 1,000,000 articles in under 10 minutes, peak under 6 GB, recall and precision
>= 0.98.
"""

from __future__ import annotations

import argparse
import glob
import itertools
import json
import math
import multiprocessing
import os
import random
import shutil
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


#: The child: ``dedup score`` through its console entry point, with the library's INFO log (one
#: line per finished stage, timestamped) on stderr, so that memory samples can be put in stages.
CHILD = ("import logging, sys; logging.basicConfig(level=logging.INFO, format='%(created).3f %(name)s %(message)s'); "
         "from dedup.cli import main; sys.exit(main())")
#: The stages of a run in order, each with the start of the log line that ends it.
STAGES = (("read+sketch", "read and sketched"), ("boilerplate", "learned the boilerplate"),
          ("candidates", "found "), ("verify", "verified "), ("cluster", "clustered "), ("write", None))


def _stage_ends(log_path: str) -> list[float]:
    """When each stage of :data:`STAGES` ended (time.time()), as far as the run's log got."""
    ends: list[float] = []
    try:
        with open(log_path, errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return ends
    for _name, marker in STAGES:
        if marker is None:
            break
        hit = next((ln for ln in lines if " dedup.corpus " in ln and ln.split(" dedup.corpus ", 1)[1].startswith(marker)), None)
        if hit is None:
            break
        ends.append(float(hit.split(" ", 1)[0]))
    return ends


def _stage_at(t: float, ends: list[float]) -> str:
    return STAGES[sum(1 for e in ends if e <= t)][0]


def _tree_rss(root) -> int:
    """Resident memory of a process and all its descendants (workers included), in bytes. Pages
    a forked worker still shares with the driver count in both: an upper bound."""
    import psutil

    rss = 0
    try:
        procs = [root] + root.children(recursive=True)
    except psutil.Error:
        return 0
    for p in procs:
        try:
            rss += p.memory_info().rss
        except psutil.Error:
            pass
    return rss


def _stop_tree(root) -> None:
    import psutil

    try:
        procs = root.children(recursive=True) + [root]
    except psutil.Error:
        return
    for p in procs:
        try:
            p.terminate()
        except psutil.Error:
            pass
    psutil.wait_procs(procs, timeout=10)


def run_engine(corpus: str, engine: str, workdir: str, tag: str, workers: int | None, src: str | None = None,
               max_seconds: float | None = None, every: float = 60.0, stop_at: str | None = None) -> dict:
    """Run ``dedup score`` on ``corpus`` in a child process; its wall and CPU time and the peak
    resident memory of its whole process tree (sampled every 0.25 s), overall and per stage. A
    line with the memory so far is printed every ``every`` seconds, so a run stopped early (after
    ``max_seconds``, when it reaches stage ``stop_at``, or with Ctrl-C) still says what it reached;
    it then returns ``stopped``."""
    import resource

    import psutil

    corpus, workdir = os.path.abspath(corpus), os.path.abspath(workdir)
    pairs = os.path.join(workdir, f"pairs_{tag}_{engine}.parquet")
    clusters = os.path.join(workdir, f"clusters_{tag}_{engine}.parquet")
    stats = os.path.join(workdir, f"stats_{tag}_{engine}.json")
    log_path = os.path.join(workdir, f"log_{tag}_{engine}.txt")
    cmd = [sys.executable, "-c", CHILD, "score", corpus, "--pairs", pairs, "--clusters", clusters,
           "--engine", engine, "--quiet", "--stats", stats, "--tmp-dir", workdir]
    if workers:
        cmd += ["--workers", str(workers)]
    # the checkout this benchmark belongs to (not whatever `pip install -e` points at), or another
    # one (the commit before a change) to compare with on the same corpus
    env = dict(os.environ)
    checkout = os.path.abspath(src or os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    env["PYTHONPATH"] = checkout + os.pathsep + env.get("PYTHONPATH", "")
    before = set(glob.glob(os.path.join(workdir, "dedup-score-*")))
    t = time.perf_counter()
    start = time.time()
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    # run from the checkout: `python -c` puts the working directory first on sys.path, ahead of
    # PYTHONPATH, so a run started in another checkout would import that one instead
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, stderr=log, text=True, env=env, cwd=checkout)
    root = psutil.Process(proc.pid)
    samples: list[tuple[float, int]] = []
    peak, next_line, stopped = 0, every, None
    try:
        while proc.poll() is None:
            now = time.time()
            rss = _tree_rss(root)
            samples.append((now, rss))
            peak = max(peak, rss)
            elapsed = now - start
            if elapsed >= next_line:
                next_line += every
                print(f"#   {tag} {engine}: {elapsed:5.0f} s, {_stage_at(now, _stage_ends(log_path))}, process tree "
                      f"{rss / 2**30:.2f} GiB, peak so far {peak / 2**30:.2f} GiB", flush=True)
            if max_seconds and elapsed > max_seconds:
                stopped = f"stopped after {max_seconds:.0f} s"
                _stop_tree(root)
                break
            if stop_at and _stage_at(now, _stage_ends(log_path)) == stop_at:
                stopped = f"stopped as {stop_at} began ({elapsed:.0f} s)"
                _stop_tree(root)
                break
            time.sleep(0.25)
    except KeyboardInterrupt:
        stopped = "interrupted"
        _stop_tree(root)
    proc.wait()
    wall = time.perf_counter() - t
    ru2 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru2.ru_utime - ru.ru_utime) + (ru2.ru_stime - ru.ru_stime)  # the run and its reaped workers
    ends = _stage_ends(log_path)
    by_stage: dict[str, int] = {}
    for when, rss in samples:
        name = _stage_at(when, ends)
        by_stage[name] = max(by_stage.get(name, 0), rss)
    out = {"engine": engine, "wall": wall, "cpu": cpu, "peak": peak, "peak_by_stage": by_stage,
           "pairs": pairs, "clusters": clusters, "stopped": stopped}
    if stopped:  # a terminated run leaves its text store behind (README: what is not guaranteed)
        for d in set(glob.glob(os.path.join(workdir, "dedup-score-*"))) - before:
            shutil.rmtree(d, ignore_errors=True)
        print(f"# {tag} {engine} {stopped} in {_stage_at(time.time(), ends)}: wall {wall:.0f} s, cpu {cpu:.0f} s, "
              f"peak {peak / 2**30:.2f} GiB ({_by_stage(by_stage)})", flush=True)
        return out
    if proc.returncode != 0:
        with open(log_path, errors="replace") as f:
            raise SystemExit(f"{engine} failed ({proc.returncode}): {f.read()[-2000:]}")
    with open(stats) as f:
        out["stats"] = json.load(f)
    return out


def _by_stage(by_stage: dict[str, int]) -> str:
    return "peak by stage: " + ", ".join(f"{k} {v / 2**30:.2f}" for k, v in by_stage.items()) + " GiB"


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
    ap.add_argument("--max-seconds", type=float, default=None,
                    help="stop a run after this long and report what it reached (its memory so far)")
    ap.add_argument("--every", type=float, default=60.0, help="print the memory so far this often (seconds)")
    ap.add_argument("--stop-at", choices=[name for name, _ in STAGES], default=None,
                    help="stop a run when it reaches this stage (e.g. verify: the memory of the stages before it)")
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
                base = run_engine(corpus, engine, args.workdir, f"{n}base", args.workers, src=args.baseline_src,
                                  max_seconds=args.max_seconds, every=args.every, stop_at=args.stop_at)
                if not base["stopped"]:
                    base.update(evaluate(base, corpus + ".groups.tsv"))
                    bs = base["stats"]
                    print(f"{n:>9,} {engine:<6} BASELINE ({args.baseline_src}) wall {base['wall']:7.1f} s  cpu {base['cpu']:7.1f} s  "
                          f"peak {base['peak'] / 2**30:5.2f} GiB  recall {base['recall']:.4f}  precision {base['precision']:.4f} | "
                          f"candidates {bs['candidates']:,}, verify {bs['seconds_verify']} s, pairs {bs['pairs']:,}", flush=True)
                    print(f"{n:>9,} {engine:<6} BASELINE {_by_stage(base['peak_by_stage'])}", flush=True)
            run = run_engine(corpus, engine, args.workdir, f"{n}", args.workers, max_seconds=args.max_seconds,
                             every=args.every, stop_at=args.stop_at)
            if args.baseline_src:
                same_stop = "" if not (run["stopped"] or base["stopped"]) else " (runs stopped early: peak so far)"
                print(f"{n:>9,} {engine:<6} this/baseline: cpu per article x{run['cpu'] / base['cpu']:.2f}, wall "
                      f"x{run['wall'] / base['wall']:.2f}, peak memory x{run['peak'] / base['peak']:.2f}{same_stop}", flush=True)
            if run["stopped"]:
                continue
            run.update(evaluate(run, corpus + ".groups.tsv"))
            runs.append(run)
            st = run["stats"]
            print(f"{n:>9,} {engine:<6} cpu {run['cpu']:7.1f} s wall {run['wall']:7.1f} s  {n / run['wall']:7,.0f} articles/s  "
                  f"peak {run['peak'] / 2**30:5.2f} GiB  recall {run['recall']:.4f}  precision {run['precision']:.4f}  "
                  f"cluster pairs R {run['cluster_recall']:.4f} P {run['cluster_precision']:.4f}  | read+sketch {st['seconds_read_sketch']} s, candidates "
                  f"{st['seconds_candidates']} s ({st['candidates']:,}), verify {st['seconds_verify']} s, "
                  f"pairs {st['pairs']:,} {st['verdicts']}", flush=True)
            print(f"{n:>9,} {engine:<6} {_by_stage(run['peak_by_stage'])}", flush=True)
            table.append({k: v for k, v in run.items() if k not in ("pairs", "clusters")} | {"n": n})
        if len(runs) == 2:
            a, b = runs
            print(f"{n:>9,} {b['engine']}/{a['engine']}: time x{b['wall'] / a['wall']:.2f}, peak memory "
                  f"x{b['peak'] / a['peak']:.2f}; identical pairs and clusters: {same_output(a, b)}", flush=True)
    with open(os.path.join(args.workdir, "bench_score.json"), "w") as f:
        json.dump(table, f, indent=1, default=str)


if __name__ == "__main__":
    main()
