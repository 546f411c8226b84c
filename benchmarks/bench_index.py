"""Index benchmark: bulk add rate, query latency (with verification and verdicts), size on disk,
open time and peak memory, for the memory, SQLite and Redis backends; datasketch's MinHashLSH on
the same signatures is measured side by side as the baseline (it stores and returns unverified
candidates only, so it is a floor for the storage/LSH part, not a like-for-like index).

Articles come from ``dedup.synth.synthetic_article`` (seeded, ~20 sentences, ~270 words; the
CLICK-ID median is 211 words) and are generated on the fly while adding, so memory figures show the
index, not the test data. Queries: half are republications of stored articles
(``synth.make_variant(..., "republication")``), half new articles that match nothing.

    python benchmarks/bench_index.py --backend sqlite --n 100000 --path /tmp/bench.db
    python benchmarks/bench_index.py --backend memory --n 100000
    python benchmarks/bench_index.py --backend redis --n 100000      # starts its own redis-server
    nohup python benchmarks/bench_index.py --backend sqlite --n 1000000 --path /tmp/b1m.db \
        --no-baseline > /tmp/bench_1m.log 2>&1 &

Peak memory is ``ru_maxrss`` of this process (and ``used_memory`` of the Redis server).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np  # noqa: E402

from dedup import Index, lsh, minhash  # noqa: E402
from dedup.synth import make_variant, synthetic_article  # noqa: E402

SOURCES = ("kompas", "tribun", "okezone", "sindonews", "tempo", "detik", "antara", "liputan6")


def article(i: int) -> str:
    return synthetic_article(random.Random(f"bench-index:{i}"), "id", n_sentences=20)


def records(n: int, start: int = 0):
    for i in range(start, start + n):
        day = 1 + i % 28
        yield {"id": f"a{i}", "text": article(i), "meta": {"date": f"2024-0{1 + i % 9}-{day:02d}",
                                                           "source": SOURCES[i % len(SOURCES)], "url": f"https://x/{i}"}}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def pct(xs, p):
    return float(np.percentile(np.asarray(xs), p))


def make_queries(n_stored: int, q: int, seed: int = 7):
    rng = random.Random(seed)
    out = []
    for k in range(q):
        if k % 2 == 0:
            i = rng.randrange(n_stored)
            v = make_variant(article(i), "republication", rng)
            out.append((f"a{i}", v.text))
        else:
            out.append((None, synthetic_article(random.Random(f"bench-index-new:{seed}:{k}"), "id", n_sentences=20)))
    return out


def start_redis(workdir: str) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if not binary:
        sys.exit("redis-server not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", workdir, "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL)
    import redis

    c = redis.Redis(port=port)
    for _ in range(500):
        try:
            c.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.02)
    return proc, f"redis://127.0.0.1:{port}/0"


def bench_queries(idx: Index, queries, verdicts: int) -> tuple[list[float], float, dict, list[float]]:
    """Wall-clock and CPU latency of each query (the CPU time of this process is far less sensitive
    to other jobs on a shared machine; both are reported)."""
    lat, cpu, found, planted = [], [], 0, 0
    channels = {"lsh": 0, "sentences": 0, "both": 0}
    for want, text in queries:
        t, c = time.perf_counter(), time.process_time()
        ms = idx.query(text, top_k=10, verdicts=verdicts)
        lat.append((time.perf_counter() - t) * 1e3)
        cpu.append((time.process_time() - c) * 1e3)
        if want is not None:
            planted += 1
            hit = next((m for m in ms if m.id == want), None)
            if hit is not None:
                found += 1
                key = "both" if len(hit.channels) == 2 else hit.channels[0]
                channels[key] += 1
    return lat, found / max(1, planted), channels, cpu


def verify_choice(idx: Index, n: int, params: minhash.MinHashParams) -> None:
    """Why texts are re-shingled at query time instead of storing shingle sets: the cost of
    fetching + decompressing + shingling 30 candidates, and the room each choice takes."""
    import zlib

    rng = random.Random(3)
    ids = [f"a{rng.randrange(n)}" for _ in range(30)]
    blobs = list(idx.storage.texts(ids).values())
    reps = 20
    t = time.perf_counter()
    for _ in range(reps):
        texts = [zlib.decompress(b).decode() for b in blobs]
        sh = minhash.shingles_many(texts, params)
    per = (time.perf_counter() - t) / reps / len(blobs)
    shingle_bytes = statistics.mean(s.size * 8 for s in sh)
    text_bytes = statistics.mean(len(b) for b in blobs)
    log(f"VERIFY: decompress + shingle one candidate in a batch of 30: {per * 1e6:.0f} us; stored shingle set "
        f"would take {shingle_bytes:,.0f} bytes/article vs {text_bytes:,.0f} bytes of compressed text "
        f"({shingle_bytes / text_bytes:.1f}x), so the index keeps text and re-shingles")


def baseline_datasketch(n: int, queries, params: minhash.MinHashParams) -> dict:
    """datasketch MinHashLSH (in memory) fed with the same signatures: insert rate and query
    latency of candidate lookup alone (signature computation included on both sides)."""
    from datasketch import MinHashLSH

    b, r = lsh.choose_bands(lsh.DEFAULT_THRESHOLD, params.num_perm)
    d = MinHashLSH(num_perm=params.num_perm, params=(b, r))
    t = time.perf_counter()
    batch: list = []
    for rec in records(n):
        batch.append(rec)
        if len(batch) == 1000:
            sigs = minhash.signatures([x["text"] for x in batch], params)
            with d.insertion_session() as s:
                for x, sg in zip(batch, sigs):
                    s.insert(x["id"], minhash.to_lean_minhash(sg, params))
            batch = []
    if batch:
        sigs = minhash.signatures([x["text"] for x in batch], params)
        for x, sg in zip(batch, sigs):
            d.insert(x["id"], minhash.to_lean_minhash(sg, params))
    add_s = time.perf_counter() - t
    lat = []
    for _, text in queries:
        t = time.perf_counter()
        d.query(minhash.to_lean_minhash(minhash.signature(text, params), params))
        lat.append((time.perf_counter() - t) * 1e3)
    return {"add_rate": n / add_s, "p50": pct(lat, 50), "p99": pct(lat, 99)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=("memory", "sqlite", "redis"), default="sqlite")
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--path", default=None, help="SQLite file (default: a temp file, removed at the end)")
    ap.add_argument("--reuse", action="store_true", help="reuse an existing --path index of --n articles (skip adding)")
    ap.add_argument("--synchronous", default="FULL")
    ap.add_argument("--baseline-n", type=int, default=100000, help="articles for the datasketch baseline (max)")
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()

    params = minhash.DEFAULT
    tmp = tempfile.mkdtemp(prefix="bench_index_")
    redis_proc = None
    location: str | None = None
    opts: dict = {}
    if args.backend == "sqlite":
        location = args.path or os.path.join(tmp, "bench.db")
        opts = {"synchronous": args.synchronous}
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(location + suffix):
                    os.remove(location + suffix)
    elif args.backend == "redis":
        redis_proc, location = start_redis(tmp)
    log(f"backend={args.backend} n={args.n:,} batch={args.batch_size} queries={args.queries} cores={os.cpu_count()}")

    # generation cost alone (it is part of the add loop below, so quote it)
    t = time.perf_counter()
    sample = 2000
    for _ in records(sample):
        pass
    gen_per_doc = (time.perf_counter() - t) / sample
    log(f"article generation: {gen_per_doc * 1e3:.3f} ms/article (included in the add loop, subtracted below)")

    rss0 = rss_mb()
    idx = Index(location, namespace="bench", **opts)
    add_rate = None
    if not args.reuse:
        t0 = time.perf_counter()
        done = 0
        step = max(args.batch_size, args.n // 20)
        while done < args.n:
            k = min(step, args.n - done)
            idx.add_many(records(k, start=done), batch_size=args.batch_size)
            done += k
            el = time.perf_counter() - t0
            log(f"added {done:,} in {el:,.0f} s ({done / el:,.0f}/s overall), rss {rss_mb():,.0f} MB")
        add_s = time.perf_counter() - t0
        add_rate = args.n / (add_s - gen_per_doc * args.n)
        log(f"ADD: {args.n:,} articles in {add_s:,.1f} s = {args.n / add_s:,.0f}/s with generation, "
            f"{add_rate:,.0f}/s without")
    assert len(idx) == args.n, (len(idx), args.n)
    info = idx.stats()
    if args.backend == "sqlite":
        idx.close()
        # checkpoint so the size is the file's, not file + WAL
        import sqlite3

        con = sqlite3.connect(location)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        size = os.path.getsize(location)
        log(f"SIZE: {size / 2**20:,.1f} MiB = {size / args.n:,.0f} bytes/article "
            f"(band rows {info['band_rows']:,}, fingerprint rows {info['fingerprint_rows']:,})")
        opens = []
        for _ in range(5):
            t = time.perf_counter()
            idx = Index(location)
            n_now = len(idx)
            opens.append(time.perf_counter() - t)
            if _ < 4:
                idx.close()
        log(f"OPEN: existing index of {n_now:,}: median {statistics.median(opens) * 1e3:.1f} ms, "
            f"max {max(opens) * 1e3:.1f} ms (open + parameter check + count)")
    elif args.backend == "redis":
        log(f"REDIS: server used_memory {info['server_used_memory'] / 2**20:,.0f} MiB = "
            f"{info['server_used_memory'] / args.n:,.0f} bytes/article, {info['server_keys']:,} keys")
    gc.collect()

    queries = make_queries(args.n, args.queries)
    fresh = make_queries(args.n, args.queries, seed=8)
    # "cold": the process's first queries (SQLite's cache empty, pages from the OS cache or disk).
    # "new": other queries right after, as in a running pipeline: the index's upper B-tree pages
    # are cached, each query's own rows are read for the first time. "repeat": the cold queries
    # again, every page they need already touched (the optimistic case).
    for label, qs, verdicts in (("cold", queries, 1), ("new", fresh, 1), ("repeat", queries, 1),
                                ("repeat", queries, 3), ("repeat", queries, 0)):
        lat, recall, ch, cpu = bench_queries(idx, qs, verdicts)
        planted_lat = lat[0::2]
        fresh_lat = lat[1::2]
        log(f"QUERY {label} verdicts={verdicts}: all p50 {pct(lat, 50):.2f} ms p99 {pct(lat, 99):.2f} ms | "
            f"with a match p50 {pct(planted_lat, 50):.2f} p99 {pct(planted_lat, 99):.2f} | "
            f"no match p50 {pct(fresh_lat, 50):.2f} p99 {pct(fresh_lat, 99):.2f} | "
            f"recall of planted republications {recall:.3f} (channels {ch}) | "
            f"CPU time p50 {pct(cpu, 50):.2f} p99 {pct(cpu, 99):.2f} ms")
    verify_choice(idx, args.n, params)
    log(f"MEMORY: peak RSS {rss_mb():,.0f} MB (before opening the index: {rss0:,.0f} MB)")
    idx.close()

    if not args.no_baseline:
        nb = min(args.n, args.baseline_n)
        gc.collect()
        base = baseline_datasketch(nb, queries, params)
        log(f"BASELINE datasketch MinHashLSH in memory, same signatures, n={nb:,}: add {base['add_rate']:,.0f}/s "
            f"(includes generation), query (candidates only, no verification) p50 {base['p50']:.2f} ms "
            f"p99 {base['p99']:.2f} ms")
    if redis_proc is not None:
        redis_proc.terminate()
        redis_proc.wait()
    if args.backend != "sqlite" or not args.path:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
