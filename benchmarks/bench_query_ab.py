"""``Index.query`` of this checkout against another one, side by side in one process: CPU per
query and what each returns.

The other checkout's ``dedup`` is imported beside this one (as ``dedup_base``); each builds its
own index of the same texts, then the same queries run in turns (the order swapped every query, a
warm-up round first), so the machine's load falls on both alike. Two corpora:

- ``clickid``: the first ``--n`` CLICK-ID articles in SQLite (``source`` = publisher), the next
  ``--queries`` articles queried with their own source;
- ``plagiarism``: the 30 sources of the plagiarism corpus in memory, the 35 suspicious documents
  queried (``top_k=50``, no verdicts, as ``bench_recall`` does).

It prints CPU per query (median, mean, p99) and the ratio, the matches one returns and the
other does not, and how many queries' answers differ in anything else: the order, a score, a
similarity, a containment, the channels, or a verdict computed during the query.

    python -m benchmarks.bench_query_ab --baseline-src /tmp/base --corpus clickid --n 4000 --queries 400
    python -m benchmarks.bench_query_ab --baseline-src /tmp/base --corpus plagiarism
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import tempfile
import time

if __package__:  # python -m benchmarks.bench_query_ab: the dedup of the directory it runs from
    from . import _corpora
    from ._checkout import load_checkout
else:
    import _corpora
    from _checkout import load_checkout


def clickid(n: int, queries: int):
    """``(stored records, queries)``: (id, text, source) of CLICK-ID articles."""
    recs = [(r["id"], _corpora.clickid_text(r), r.get("publisher")) for r in _corpora.clickid_records().values()]
    return recs[:n], recs[n : n + queries]


def plagiarism():
    """``(stored records, queries)`` of the plagiarism corpus (no source)."""
    root = _corpora.path("korpus_plagiarisme_indonesia")

    def read(*p: str) -> str:
        with open(os.path.join(root, *p), encoding="utf-8", errors="replace") as f:
            return f.read()

    def of(folder: str):
        return [(f, read(folder, f), None) for f in sorted(os.listdir(os.path.join(root, folder))) if f.endswith(".txt")]

    return of("source-documents"), of("suspicious-documents")


def _answer(m) -> tuple:
    """Everything a match says, as a comparable tuple (the verdict only when the query computed it)."""
    verdict = m._comparison.verdict if m._comparison is not None else None
    return (m.id, m.score, m.similarity, m.jaccard_kind, m.containment_query_in_match,
            m.containment_match_in_query, m.channels, verdict)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline-src", required=True, help="the other checkout (a directory holding dedup/)")
    ap.add_argument("--corpus", choices=("clickid", "plagiarism"), default="clickid")
    ap.add_argument("--n", type=int, default=4000, help="CLICK-ID articles indexed")
    ap.add_argument("--queries", type=int, default=400, help="CLICK-ID articles queried")
    args = ap.parse_args()
    import dedup.index as this

    load_checkout(args.baseline_src)
    impls = {"base": importlib.import_module("dedup_base.index"), "this": this}
    for name, mod in impls.items():
        print(f"{name}: {mod.__file__}")
    stored, queries = clickid(args.n, args.queries) if args.corpus == "clickid" else plagiarism()
    kw = dict(top_k=50, verdicts=0) if args.corpus == "plagiarism" else {}
    tmp = tempfile.mkdtemp()
    index = {}
    for name, mod in impls.items():
        path = os.path.join(tmp, f"{name}.db") if args.corpus == "clickid" else None
        index[name] = mod.Index(path)
        t = time.process_time()
        index[name].add_many(({"id": i, "text": x, "meta": {"source": s} if s else None} for i, x, s in stored),
                             batch_size=500, on_error="skip")
        print(f"{name}: {len(index[name]):,} added, {time.process_time() - t:.1f} s CPU", flush=True)
    cpu = {name: [] for name in impls}
    found = {name: {} for name in impls}
    answers = {name: {} for name in impls}
    for rnd in range(2):  # a warm-up round, then the measured one
        for k, (i, x, s) in enumerate(queries):
            for name in (("base", "this") if k % 2 == 0 else ("this", "base")):
                t = time.process_time()
                ms = index[name].query(x, source=s, **kw)
                dt = time.process_time() - t
                if rnd:
                    cpu[name].append(dt)
                    found[name][i] = {m.id for m in ms}
                    answers[name][i] = [_answer(m) for m in ms]
    for name, c in cpu.items():
        c = sorted(c)
        print(f"{name}: CPU per query median {statistics.median(c) * 1e3:.2f} ms, mean {statistics.mean(c) * 1e3:.2f} ms, "
              f"p99 {c[int(0.99 * (len(c) - 1))] * 1e3:.2f} ms; {sum(map(len, found[name].values())):,} matches")
    print(f"this / base: median {statistics.median(cpu['this']) / statistics.median(cpu['base']):.3f}, "
          f"mean {statistics.mean(cpu['this']) / statistics.mean(cpu['base']):.3f}")
    for a, b in (("this", "base"), ("base", "this")):
        only = sorted((q, m) for q in found[a] for m in found[a][q] - found[b][q])
        print(f"only {a}: {len(only)} {only[:20]}")
    differ = sorted(q for q in answers["this"] if answers["this"][q] != answers["base"][q])
    print(f"answers differing (order, scores, channels or verdicts): {len(differ)} of {len(answers['this'])} {differ[:10]}")
    for ix in index.values():
        ix.close()


if __name__ == "__main__":
    main()
