"""Index benchmark: bulk add rate, query latency (with verification and verdicts), size on disk
(by table, and besides the stored text), open time and peak memory, for the memory, SQLite and
Redis backends. Anchors measured side by side in the same run, on the same texts: rensa's
``RMinHashLSH`` (its own ``RMinHash`` signatures over Python shingles, then ``insert``; optional:
``pip install rensa``, the run says when it is absent) and datasketch's ``MinHashLSH`` (fed dedup's
signatures). Both are in-memory LSH tables that store and return unverified candidates only: a
floor for the storage/LSH part, not a like-for-like index.

Articles (``--corpus``): ``synth`` (default), ``dedup.synth.synthetic_article`` (seeded, ~20
sentences, ~270 words), generated on the fly while adding, so memory figures show the index, not
the test data; queries are half republications of stored articles
(``synth.make_variant(..., "republication")``), half new articles that match nothing. ``clickid``:
the first ``--n`` CLICK-ID articles (``title + "\n" + content``, source = publisher) from
../shared/data; queries are half stored articles (each finds itself and its copies), half CLICK-ID
articles not stored.

    python -m benchmarks.bench_index --corpus clickid --n 20000        # issue 16's add/size figures
    python -m benchmarks.bench_index --corpus clickid --n 4000 --queries 400 --no-baseline  # the channel A/B

After the query passes, each query runs again with every candidate channel and with all but one
(``--ab-without``, default ``paraphrase``: ``Index(channels=...)``), alternating which goes first,
and the two CPU-time distributions and their ratios are printed: what that channel costs a query.
    python -m benchmarks.bench_index --backend sqlite --n 100000 --path /tmp/bench.db
    python -m benchmarks.bench_index --backend memory --n 100000
    python -m benchmarks.bench_index --backend redis --n 100000      # starts its own redis-server
    nohup nice python -m benchmarks.bench_index --backend sqlite --n 1000000 --path /tmp/b1m.db \
        --no-baseline --evict > benchmarks/out/index_1m.log 2>&1 &

``--evict`` (SQLite): before the "cold" query pass the index file is dropped from the OS page
cache with ``posix_fadvise(POSIX_FADV_DONTNEED)`` (works without root for clean pages; the pages
still resident afterwards are counted with ``mincore`` through ``fincore`` when installed and
printed), so those queries read from disk.

Peak memory is ``ru_maxrss`` of this process (and ``used_memory`` of the Redis server).
"""

from __future__ import annotations

import argparse
import collections
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
from dedup.channels import CHANNELS  # noqa: E402
from dedup.synth import make_variant, synthetic_article  # noqa: E402

try:
    from . import _corpora as C
    from .bench_signatures import py_shingles, py_tokens
except ImportError:  # run as a script
    import _corpora as C
    from bench_signatures import py_shingles, py_tokens

SOURCES = ("kompas", "tribun", "okezone", "sindonews", "tempo", "detik", "antara", "liputan6")


def article(i: int) -> str:
    return synthetic_article(random.Random(f"bench-index:{i}"), "id", n_sentences=20)


def records(n: int, start: int = 0):
    for i in range(start, start + n):
        day = 1 + i % 28
        yield {"id": f"a{i}", "text": article(i), "meta": {"date": f"2024-0{1 + i % 9}-{day:02d}",
                                                           "source": SOURCES[i % len(SOURCES)], "url": f"https://x/{i}"}}


class ClickID:
    """The first ``n`` CLICK-ID articles as index records, and queries from them."""

    def __init__(self, n: int) -> None:
        recs = list(C.require(C.clickid_records).values())
        self.stored = [{"id": r["id"], "text": C.clickid_text(r), "meta": {"source": r["publisher"], "url": r.get("url")}}
                       for r in recs[:n]]
        self.rest = [C.clickid_text(r) for r in recs[n:]]

    def records(self, k: int, start: int = 0):
        return iter(self.stored[start : start + k])

    def queries(self, q: int, seed: int = 7):
        rng = random.Random(seed)
        out = []
        for k in range(q):
            if k % 2 == 0 or not self.rest:
                r = self.stored[rng.randrange(len(self.stored))]
                out.append((r["id"], r["text"]))
            else:
                out.append((None, self.rest[rng.randrange(len(self.rest))]))
        return out


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
    channels: collections.Counter = collections.Counter()
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
                channels["+".join(hit.channels)] += 1
    return lat, found / max(1, planted), channels, cpu


def channels_ab(idx: Index, queries, without: str) -> None:
    """Query CPU with every channel against every channel but ``without``, same process, same index,
    same queries: each query runs once each way, in alternating order (so neither side always finds
    the pages the other just read), after one warm-up pass of each."""
    every = tuple(CHANNELS)
    fewer = tuple(c for c in CHANNELS if c != without)
    cpu: dict = {every: [], fewer: []}
    found: dict = {every: 0, fewer: 0}
    for chans in (every, fewer):
        idx.channels = chans
        bench_queries(idx, queries[:50], 1)
    for k, (want, text) in enumerate(queries):
        for chans in ((every, fewer) if k % 2 == 0 else (fewer, every)):
            idx.channels = chans
            c = time.process_time()
            ms = idx.query(text, top_k=10, verdicts=1)
            cpu[chans].append((time.process_time() - c) * 1e3)
            found[chans] += want is not None and any(m.id == want for m in ms)
    idx.channels = every
    a, b = np.asarray(cpu[every]), np.asarray(cpu[fewer])
    log(f"CHANNELS A/B, {len(queries)} queries each way (verdicts=1), CPU ms: all channels p50 {pct(a, 50):.2f} "
        f"p99 {pct(a, 99):.2f} mean {a.mean():.2f} | without {without} p50 {pct(b, 50):.2f} p99 {pct(b, 99):.2f} "
        f"mean {b.mean():.2f} | ratio all / without {without}: p50 x{pct(a, 50) / max(1e-9, pct(b, 50)):.2f}, "
        f"p99 x{pct(a, 99) / max(1e-9, pct(b, 99)):.2f}, total x{a.sum() / max(1e-9, b.sum()):.2f} | "
        f"planted found {found[every]} / {found[fewer]}")


def verify_choice(idx: Index, ids: list[str], params: minhash.MinHashParams) -> None:
    """Why texts are re-shingled at query time instead of storing shingle sets: the cost of
    fetching + decompressing + shingling 30 candidates, and the room each choice takes."""
    import zlib

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


def baseline_datasketch(texts: list[str], queries, params: minhash.MinHashParams) -> dict:
    """datasketch MinHashLSH (in memory) fed with dedup's signatures of the same texts: insert
    rate (signatures included) and query latency of candidate lookup alone."""
    from datasketch import MinHashLSH

    b, r = lsh.choose_bands(lsh.DEFAULT_THRESHOLD, params.num_perm)
    d = MinHashLSH(num_perm=params.num_perm, params=(b, r))
    t, c = time.perf_counter(), time.process_time()
    for start in range(0, len(texts), 1000):
        part = texts[start : start + 1000]
        sigs = minhash.signatures(part, params)
        with d.insertion_session() as s:
            for k, sg in enumerate(sigs):
                if not minhash.is_empty(sg[None, :])[0]:
                    s.insert(start + k, minhash.to_lean_minhash(sg, params))
    add_s, add_cpu = time.perf_counter() - t, time.process_time() - c
    lat = []
    for _, text in queries:
        t = time.perf_counter()
        d.query(minhash.to_lean_minhash(minhash.signature(text, params), params))
        lat.append((time.perf_counter() - t) * 1e3)
    return {"add_rate": len(texts) / add_s, "cpu_rate": len(texts) / add_cpu, "p50": pct(lat, 50), "p99": pct(lat, 99)}


def baseline_rensa(texts: list[str], params: minhash.MinHashParams) -> dict | None:
    """rensa RMinHashLSH in memory: its own RMinHash signatures over Python shingles, then insert.
    rensa needs the band count to divide num_perm: 64 bands x 2 rows (dedup: 44 x 2 of 128), so it
    does more inserts per article than dedup's index. ``None`` when rensa is not installed."""
    try:
        from rensa import RMinHash, RMinHashLSH
    except ImportError:
        return None
    bands = params.num_perm // 2
    index = RMinHashLSH(lsh.DEFAULT_THRESHOLD, params.num_perm, bands)
    t, c = time.perf_counter(), time.process_time()
    for i, text in enumerate(texts):
        m = RMinHash(params.num_perm, params.seed)
        m.update(py_shingles(py_tokens(text)))
        index.insert(i, m)
    return {"add_rate": len(texts) / (time.perf_counter() - t), "cpu_rate": len(texts) / (time.process_time() - c),
            "bands": bands}


def sqlite_sizes(path: str, n: int) -> None:
    """Bytes per article of each table and index (SQLite's dbstat), and of the file besides the
    stored texts (the file size minus the texts' compressed bytes)."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        text = con.execute("SELECT coalesce(sum(length(text)), 0) FROM docs").fetchone()[0]
        free = con.execute("PRAGMA freelist_count").fetchone()[0] * con.execute("PRAGMA page_size").fetchone()[0]
        size = os.path.getsize(path)
        try:
            tables = con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
        except sqlite3.OperationalError:
            tables = []
    finally:
        con.close()
    parts = ", ".join(f"{name} {b / n:,.0f}" for name, b in tables if b / n >= 1)
    log(f"SIZE: {size / 2**20:,.1f} MiB = {size / n:,.0f} bytes/article; besides the stored text "
        f"({text / n:,.0f} bytes/article of compressed text): {(size - text) / n:,.0f} bytes/article, of which "
        f"{free / n:,.0f} in free pages (left by level merges, reused by later adds)")
    if parts:
        log(f"SIZE by table (pages, bytes/article; the docs table holds the text): {parts}")


def evict(path: str) -> None:
    """Drop the index file from the OS page cache (posix_fadvise DONTNEED) and say how much of it
    is still resident (fincore, when installed)."""
    for p in (path, path + "-wal", path + "-shm"):
        if os.path.exists(p):
            fd = os.open(p, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    if shutil.which("fincore"):
        out = subprocess.run(["fincore", "--bytes", "--noheadings", "--output", "RES,SIZE", path],
                             capture_output=True, text=True).stdout.split()
        if len(out) == 2:
            log(f"EVICT: {int(out[0]):,} of {int(out[1]):,} bytes of {path} still in the page cache")
    else:
        log("EVICT: posix_fadvise(DONTNEED) done (fincore not installed: residency not checked)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=("memory", "sqlite", "redis"), default="sqlite")
    ap.add_argument("--corpus", choices=("synth", "clickid"), default="synth")
    ap.add_argument("--evict", action="store_true", help="SQLite: drop the file from the page cache before the cold pass")
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--path", default=None, help="SQLite file (default: a temp file, removed at the end)")
    ap.add_argument("--reuse", action="store_true", help="reuse an existing --path index of --n articles (skip adding)")
    ap.add_argument("--synchronous", default="FULL")
    ap.add_argument("--baseline-n", type=int, default=100000, help="articles for the datasketch baseline (max)")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--compact", action="store_true", help="Index.compact() after adding (or on the reused "
                    "file: it is rewritten) and before the size and queries; prints how long it took")
    ap.add_argument("--ab-without", default="paraphrase", choices=(*CHANNELS, "none"), help="query CPU with all channels against all but this "
                    "one, same index and queries (a channel name, or 'none' to skip)")
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

    corpus = ClickID(args.n) if args.corpus == "clickid" else None
    recs = corpus.records if corpus else records
    gen_per_doc = 0.0
    if corpus is None:
        # generation cost alone (it is part of the add loop below, so quote it)
        t = time.perf_counter()
        sample = 2000
        for _ in records(sample):
            pass
        gen_per_doc = (time.perf_counter() - t) / sample
        log(f"article generation: {gen_per_doc * 1e3:.3f} ms/article (included in the add loop, subtracted below)")
    else:
        args.n = len(corpus.stored)

    rss0 = rss_mb()
    idx = Index(location, namespace="bench", **opts)
    add_rate = add_cpu_rate = None
    if not args.reuse:
        t0, c0 = time.perf_counter(), time.process_time()
        done = 0
        step = max(args.batch_size, args.n // 20)
        while done < args.n:
            k = min(step, args.n - done)
            t1, c1 = time.perf_counter(), time.process_time()
            idx.add_many(recs(k, start=done), batch_size=args.batch_size, on_error="skip" if corpus else "fail")
            done += k
            el = time.perf_counter() - t0
            # this step alone (generation subtracted): whether the rate holds as the index grows
            step_s = time.perf_counter() - t1 - gen_per_doc * k
            step_cpu = time.process_time() - c1 - gen_per_doc * k
            log(f"added {done:,} in {el:,.0f} s ({done / el:,.0f}/s overall); this step of {k:,}: "
                f"{k / max(1e-9, step_s):,.0f}/s wall, {k / max(1e-9, step_cpu):,.0f}/s CPU; rss {rss_mb():,.0f} MB")
        add_s, add_cpu = time.perf_counter() - t0, time.process_time() - c0
        add_rate = args.n / (add_s - gen_per_doc * args.n)
        add_cpu_rate = args.n / max(1e-9, add_cpu - gen_per_doc * args.n)
        log(f"ADD: {args.n:,} articles in {add_s:,.1f} s = {args.n / add_s:,.0f}/s with generation, "
            f"{add_rate:,.0f}/s without; CPU time of this process {add_cpu:,.1f} s = {add_cpu_rate:,.0f}/s "
            "(less sensitive to other jobs on the machine; the SQLite writes themselves are in it, the OS's "
            "writeback is not)")
    if args.compact:
        t, c = time.perf_counter(), time.process_time()
        merged = idx.compact()
        log(f"COMPACT: {merged or 'nothing to merge'} in {time.perf_counter() - t:,.1f} s wall, "
            f"{time.process_time() - c:,.1f} s CPU")
    stored = len(idx)
    assert stored == args.n or corpus is not None, (stored, args.n)
    if stored != args.n:
        log(f"{args.n - stored:,} of the {args.n:,} articles have no content words to index: {stored:,} stored")
    info = idx.stats()
    if args.backend == "sqlite":
        idx.close()
        # checkpoint so the size is the file's, not file + WAL
        import sqlite3

        con = sqlite3.connect(location)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        log(f"band rows {info['band_rows']:,}, fingerprint rows {info['fingerprint_rows']:,}, "
            f"sentence rows {info.get('sentence_rows', 0):,} ({info['fingerprint_rows'] / stored:,.0f} fingerprints/article)")
        sqlite_sizes(location, stored)
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
        if args.evict:
            idx.close()
            evict(location)
            idx = Index(location)
    elif args.backend == "redis":
        log(f"REDIS: server used_memory {info['server_used_memory'] / 2**20:,.0f} MiB = "
            f"{info['server_used_memory'] / args.n:,.0f} bytes/article, {info['server_keys']:,} keys")
    gc.collect()

    if corpus is not None:
        queries, fresh = corpus.queries(args.queries), corpus.queries(args.queries, seed=8)
    else:
        queries, fresh = make_queries(args.n, args.queries), make_queries(args.n, args.queries, seed=8)
    # "cold": the process's first queries (SQLite's cache empty, pages from the OS cache, or from
    # disk with --evict). "new": other queries right after, as in a running pipeline: the index's
    # upper B-tree pages are cached, each query's own rows are read for the first time. "repeat":
    # the cold queries again, every page they need already touched (the optimistic case).
    for label, qs, verdicts in (("cold", queries, 1), ("new", fresh, 1), ("repeat", queries, 1),
                                ("repeat", queries, 3), ("repeat", queries, 0)):
        lat, recall, ch, cpu = bench_queries(idx, qs, verdicts)
        planted_lat = lat[0::2]
        fresh_lat = lat[1::2]
        log(f"QUERY {label} verdicts={verdicts}: all p50 {pct(lat, 50):.2f} ms p99 {pct(lat, 99):.2f} ms | "
            f"with a match p50 {pct(planted_lat, 50):.2f} p99 {pct(planted_lat, 99):.2f} | "
            f"no match p50 {pct(fresh_lat, 50):.2f} p99 {pct(fresh_lat, 99):.2f} | "
            f"recall of planted republications {recall:.3f} (channels {dict(ch.most_common(3))}) | "
            f"CPU time p50 {pct(cpu, 50):.2f} p99 {pct(cpu, 99):.2f} ms")
    if args.ab_without != "none":
        channels_ab(idx, queries, args.ab_without)
    verify_choice(idx, [w for w, _ in queries if w is not None][:30], params)
    log(f"MEMORY: peak RSS {rss_mb():,.0f} MB (before opening the index: {rss0:,.0f} MB)")
    idx.close()

    if not args.no_baseline:
        nb = min(args.n, args.baseline_n)
        gc.collect()
        texts = [r["text"] for r in recs(nb)]
        ren = baseline_rensa(texts, params)
        base = baseline_datasketch(texts, queries, params)
        if ren is None:
            log("ANCHOR rensa: not installed (pip install rensa), not measured")
        else:
            log(f"ANCHOR rensa RMinHashLSH in memory ({ren['bands']} bands), its own signatures, n={nb:,}: "
                f"add {ren['add_rate']:,.0f}/s wall, {ren['cpu_rate']:,.0f}/s CPU")
        log(f"ANCHOR datasketch MinHashLSH in memory, dedup's signatures, n={nb:,}: add {base['add_rate']:,.0f}/s wall, "
            f"{base['cpu_rate']:,.0f}/s CPU, "
            f"query (candidates only, no verification) p50 {base['p50']:.2f} ms p99 {base['p99']:.2f} ms")
        if add_rate is not None:
            for what, mine, key in (("wall", add_rate, "add_rate"), ("CPU", add_cpu_rate, "cpu_rate")):
                ratios = [f"{mine / base[key]:.2f}x datasketch"]
                if ren is not None:
                    ratios.insert(0, f"{mine / ren[key]:.2f}x rensa (goal >= 1x)")
                log(f"RATIO Index.add_many ({args.backend}) by {what} time = {', '.join(ratios)}")
    if redis_proc is not None:
        redis_proc.terminate()
        redis_proc.wait()
    if args.backend != "sqlite" or not args.path:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
