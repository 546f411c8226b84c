"""Does an index answer the same in two checkouts? For storage changes that must not change what
``Index.query`` returns (issue 16): the same CLICK-ID articles are added, removed, upserted and
expired in each checkout, in SQLite and in memory, and every answer to the same queries is
digested (ids, scores, similarity, containments, channels, verdict of each match, in order).

    git -C /work/main worktree add /tmp/before <commit before the change>
    python -m benchmarks.check_index --against /tmp/before              # 3,000 articles, 600 queries
    python -m benchmarks.check_index --against /tmp/before --n 1000 --queries 200
    python -m benchmarks.check_index --against /tmp/before --level-rows 20000,60000,150000,400000

``--level-rows`` sets the SQLite backend's level capacities (``dedup.storage.sqlite.LEVEL_ROWS``)
in both processes, so 3,000 articles go through every level and merge of either layout (a checkout
with fewer levels uses the first capacities it has).

Each checkout runs in its own process with ``PYTHONPATH`` set to it. The steps, on the first
``--n`` CLICK-ID articles (``title + "\\n" + content``, source = publisher, a date spread over
nine months): add them in batches; query; remove every 7th; upsert every 11th with its second
half only; expire the first month; query again. Queries: stored articles, articles not stored
and halves of stored ones. Exit status 0 when every digest is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile

try:
    from .check_outputs import run_emit
except ImportError:  # run as a script
    from check_outputs import run_emit

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _articles(n: int, q: int):
    import _corpora as C

    recs = list(C.require(C.clickid_records).values())
    stored = [(r["id"], C.clickid_text(r), {"source": r["publisher"], "date": f"2019-0{1 + i % 9}-15"})
              for i, r in enumerate(recs[:n])]
    rng = random.Random(16)
    queries = []
    for k in range(q):
        if k % 3 == 0:
            queries.append(stored[rng.randrange(n)][1])
        elif k % 3 == 1:
            queries.append(C.clickid_text(recs[n + rng.randrange(len(recs) - n)]))
        else:
            text = stored[rng.randrange(n)][1]
            queries.append(text[len(text) // 2 :])
    return stored, queries


def _answers(idx, queries) -> list:
    out = []
    for text in queries:
        try:
            ms = idx.query(text, top_k=10, verdicts=1)
        except Exception as e:  # an input the index refuses: the refusal is the answer
            out.append(f"{type(e).__name__}: {e}")
            continue
        out.append([(m.id, round(m.score, 9), round(m.similarity, 9), m.jaccard_kind,
                     round(m.containment_query_in_match, 9), round(m.containment_match_in_query, 9),
                     list(m.channels), m.verdict) for m in ms])
    return out


def emit(out: str, n: int, q: int, level_rows: str | None = None) -> None:
    """Run the steps in this process (the checkout on PYTHONPATH) and write the digests."""
    from dedup import Index

    if level_rows:
        import dedup.storage.sqlite as S

        S.LEVEL_ROWS = tuple(int(x) for x in level_rows.split(","))

    stored, queries = _articles(n, q)
    digests = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in ("sqlite", "memory"):
            idx = Index(os.path.join(tmp, "i.db") if backend == "sqlite" else None)
            idx.add_many(stored, batch_size=500, on_error="skip")
            steps = {"added": _answers(idx, queries)}
            for i, _, _ in stored[::7]:
                idx.remove(i)
            idx.add_many([(i, t[len(t) // 2 :], m) for i, t, m in stored[::11]], on_error="skip")
            idx.expire(before="2019-02-01")
            steps["changed"] = _answers(idx, queries)
            digests[f"{backend}:stored"] = len(idx)
            idx.close()
            for k, v in steps.items():
                digests[f"{backend}:{k}"] = hashlib.sha256(json.dumps(v).encode()).hexdigest()[:16]
    with open(out, "w") as f:
        json.dump(digests, f)


def run(checkout: str, n: int, q: int, level_rows: str | None = None) -> dict:
    return run_emit(__file__, checkout, ["--n", str(n), "--queries", str(q)]
                    + (["--level-rows", level_rows] if level_rows else []))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--against", help="the other checkout (a worktree of the commit before the change)")
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--queries", type=int, default=600)
    ap.add_argument("--level-rows", help="SQLite level capacities, comma-separated (both checkouts)")
    ap.add_argument("--emit", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.emit:
        emit(args.emit, args.n, args.queries, args.level_rows)
        return
    if not args.against:
        ap.error("--against CHECKOUT is required")
    mine, theirs = (run(ROOT, args.n, args.queries, args.level_rows),
                    run(args.against, args.n, args.queries, args.level_rows))
    same = True
    for k in mine:
        ok = mine[k] == theirs.get(k)
        same &= ok
        print(f"{k:18s} {'same' if ok else 'DIFFERENT'}  {mine[k]}  {theirs.get(k)}")
    print("identical" if same else "outputs differ")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
