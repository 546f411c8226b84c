"""The driver's memory and CPU in the stages of ``dedup score`` between reading and verifying
(learning the boilerplate, then the candidates of the three channels), where a big run's driver
peaks, on the head of a synthetic ``bench_score`` corpus.

The corpus is read and sketched once (on the local engine) and the result cached in ``--workdir``;
each run then loads it and does the two stages with a sampler thread reading the process's
resident memory every 10 ms, and prints the peak above what the loaded sketches take, overall
and in each step (the function running when it was sampled). With ``--baseline-src`` the other
checkout runs the same stages on the same cached sketches in its own process first, for a
side-by-side figure. Generator output: memory and time only, never a quality figure.

    python -m benchmarks.bench_score_stages --n 200000 --baseline-src /tmp/before
"""

from __future__ import annotations

import argparse
import collections
import importlib
import os
import pickle
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
#: The steps a sample is put in (module attribute names, wrapped while the stages run).
STEPS = (("score", "_learned_boilerplate"), ("score", "_passages_without"), ("lsh", "candidate_pairs"),
         ("fingerprints", "fingerprint_pairs_flat"), ("lsh", "bucket_pairs"), ("score", "_merge_channels"))


def sketch(corpus: str, n: int, cache: str) -> None:
    """Read and sketch the first ``n`` articles of ``corpus``; pickle the driver's state to ``cache``."""
    from dedup.corpus.partition import PartitionOptions
    from dedup.corpus.textstore import TextStore
    from dedup.engines import get_engine
    from dedup.records import ErrorReport, Fields

    S = importlib.import_module("dedup.corpus.score")
    head = cache + ".jsonl"
    with open(corpus, encoding="utf-8") as f, open(head, "w", encoding="utf-8") as out:
        for _, line in zip(range(n), f):
            out.write(line)
    store_path = cache + ".sqlite"
    for p in (store_path, store_path + "-wal", store_path + "-shm"):
        if os.path.exists(p):
            os.remove(p)
    with get_engine("local") as engine:
        state = S._read_and_sketch(head, Fields(), None, ErrorReport("skip"), engine, TextStore.create(store_path),
                                   PartitionOptions(), 2000, False)
    state._seen = set()
    with open(cache, "wb") as f:
        pickle.dump(state, f, protocol=5)
    for p in (head, store_path, store_path + "-wal", store_path + "-shm"):
        if os.path.exists(p):
            os.remove(p)


def stages(cache: str) -> dict:
    """Load the cached sketches and run the stages; peak memory above the loaded state, per step."""
    import psutil

    S = importlib.import_module("dedup.corpus.score")
    with open(cache, "rb") as f:
        corpus = pickle.load(f)
    me = psutil.Process()
    base = me.memory_info().rss
    step = ["boilerplate"]
    peaks: dict[str, int] = collections.defaultdict(int)
    done = threading.Event()
    for mod_name, name in STEPS:
        mod = S if mod_name == "score" else importlib.import_module(f"dedup.{mod_name}")
        if not hasattr(mod, name):
            continue
        f = getattr(mod, name)

        def wrapped(*a, _f=f, _name=name, **k):
            prev, step[0] = step[0], _name
            try:
                return _f(*a, **k)
            finally:
                step[0] = prev
        setattr(mod, name, wrapped)

    def sample() -> None:
        while not done.is_set():
            r = me.memory_info().rss
            peaks[step[0]] = max(peaks[step[0]], r)
            time.sleep(0.01)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stats = {"bands": corpus.parts[0][0].shape[1] if corpus.parts[0] else 42}
    t = time.process_time()
    corpus.learn_boilerplate(stats)
    step[0] = "candidates"
    pairs = S._candidates(corpus, None, False, False, S.lsh.DEFAULT_MAX_BUCKET, S.F.DEFAULT_MAX_DF, False, stats)
    cpu = time.process_time() - t
    done.set()
    th.join()
    return {"base": base, "peaks": dict(peaks), "cpu": cpu, "pairs": len(pairs),
            "digest": int(pairs[:, 0].sum()) * 31 + int(pairs[:, 1].sum()) * 7 + int(pairs[:, 2].sum())}


def run(checkout: str, cache: str) -> dict:
    """:func:`stages` in a process of its own with ``checkout``'s dedup."""
    import json

    env = dict(os.environ, PYTHONPATH=os.path.abspath(checkout))
    code = (f"import json, sys; sys.path.insert(0, {HERE!r}); import bench_score_stages as B; "
            f"print(json.dumps(B.stages({cache!r})))")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=os.path.abspath(checkout), check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def show(name: str, r: dict) -> None:
    mib = 2**20
    top = max(r["peaks"].items(), key=lambda kv: kv[1])
    steps = ", ".join(f"{k} +{(v - r['base']) / mib:.0f}" for k, v in r["peaks"].items())
    print(f"{name}: sketches loaded {r['base'] / mib:.0f} MiB; peak +{(top[1] - r['base']) / mib:.0f} MiB in {top[0]}; "
          f"cpu {r['cpu']:.1f} s; {r['pairs']:,} candidate pairs (digest {r['digest']})\n    per step (MiB above the "
          f"loaded state): {steps}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--corpus", default="/tmp/dedup-bench/synth_1000000_seed1.jsonl",
                    help="a bench_score corpus (python -m benchmarks.bench_score --sizes 1000000 writes it)")
    ap.add_argument("--workdir", default="/tmp/dedup-bench")
    ap.add_argument("--baseline-src", default=None, help="another checkout to run the same stages, first")
    args = ap.parse_args()
    cache = os.path.join(args.workdir, f"stages_{args.n}.pkl")
    if not os.path.exists(cache):
        t = time.perf_counter()
        sketch(args.corpus, args.n, cache)
        print(f"# sketched the first {args.n:,} articles of {args.corpus} in {time.perf_counter() - t:.0f} s: {cache}")
    if args.baseline_src:
        base = run(args.baseline_src, cache)
        show(f"baseline {args.baseline_src}", base)
    this = run(ROOT, cache)
    show(f"this {ROOT}", this)
    if args.baseline_src:
        print(f"this/baseline: peak above the loaded state x{(max(this['peaks'].values()) - this['base']) / max(1, max(base['peaks'].values()) - base['base']):.2f}, "
              f"cpu x{this['cpu'] / base['cpu']:.2f}; same candidate pairs: {this['digest'] == base['digest'] and this['pairs'] == base['pairs']}")


if __name__ == "__main__":
    main()
