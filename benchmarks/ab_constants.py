"""A/B of library constants on Index.query: the same index and queries, each query run with the
library's constants and with some of them set otherwise (``--set module.NAME=value``, e.g.
``paraphrase.RUN_PAIRS=1000000``: no run rule), alternating which side goes first, in one process. Prints each side's
query CPU (p50, p99, mean, and the ratio), matches returned, queries whose matches differ, and the
stored articles found by the queries that are stored articles (``bench_index``'s CLICK-ID queries:
half stored articles, half articles not stored).

    python -m benchmarks.ab_constants --n 4000 --queries 400 --set paraphrase.RUN_PAIRS=1000000
"""

from __future__ import annotations

import argparse
import importlib
import os
import tempfile
import time

import numpy as np

from dedup import Index

from .bench_index import ClickID, log, pct


def parse_set(item: str) -> tuple[object, str, object]:
    """``(module, name, value)`` of ``module.NAME=value`` (a module of dedup; the value as the
    constant's own type)."""
    target, _, value = item.partition("=")
    mod_name, _, name = target.rpartition(".")
    mod = importlib.import_module(f"dedup.{mod_name}")
    if not hasattr(mod, name):
        raise SystemExit(f"--set {item}: dedup.{mod_name} has no {name}")
    return mod, name, type(getattr(mod, name))(value)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=4000, help="CLICK-ID articles stored")
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--backend", choices=("sqlite", "memory"), default="sqlite")
    ap.add_argument("--set", action="append", default=[], required=True, help="module.NAME=value (repeatable)")
    args = ap.parse_args()
    changes = [parse_set(s) for s in args.set]
    library = [(m, n, getattr(m, n)) for m, n, _ in changes]

    corpus = ClickID(args.n)
    with tempfile.TemporaryDirectory(prefix="ab_constants_") as tmp:
        idx = Index(os.path.join(tmp, "ab.db") if args.backend == "sqlite" else None)
        t = time.perf_counter()
        idx.add_many(corpus.records(len(corpus.stored)), batch_size=1000, on_error="skip")
        log(f"{len(idx):,} CLICK-ID articles stored ({args.backend}) in {time.perf_counter() - t:.0f} s")
        queries = corpus.queries(args.queries)
        sides = {"library": library, "changed": changes}
        cpu = {k: [] for k in sides}
        found = {k: 0 for k in sides}
        returned = {k: 0 for k in sides}
        differ = 0

        def run(side: str, text: str) -> list:
            for mod, name, value in sides[side]:
                setattr(mod, name, value)
            c = time.process_time()
            ms = idx.query(text, top_k=10, verdicts=1)
            cpu[side].append((time.process_time() - c) * 1e3)
            return ms

        try:
            for side in sides:  # warm-up
                for _, text in queries[:50]:
                    run(side, text)
            cpu = {k: [] for k in sides}
            for k, (want, text) in enumerate(queries):
                got = {}
                for side in (("library", "changed") if k % 2 == 0 else ("changed", "library")):
                    ms = run(side, text)
                    got[side] = [m.id for m in ms]
                    returned[side] += len(ms)
                    found[side] += want is not None and want in got[side]
                differ += got["library"] != got["changed"]
        finally:
            for mod, name, value in library:
                setattr(mod, name, value)
        idx.close()
    a, b = np.asarray(cpu["library"]), np.asarray(cpu["changed"])
    log(f"A/B over {len(queries)} queries each way ({' '.join(args.set)}), CPU ms: library p50 {pct(a, 50):.2f} "
        f"p99 {pct(a, 99):.2f} mean {a.mean():.2f} | changed p50 {pct(b, 50):.2f} p99 {pct(b, 99):.2f} mean {b.mean():.2f} | "
        f"library / changed: p50 x{pct(a, 50) / pct(b, 50):.2f}, p99 x{pct(a, 99) / pct(b, 99):.2f}, "
        f"total x{a.sum() / b.sum():.2f}")
    log(f"matches returned: library {returned['library']:,}, changed {returned['changed']:,}; queries whose matches "
        f"differ: {differ}; stored articles found by themselves: library {found['library']}, changed {found['changed']}")


if __name__ == "__main__":
    main()
