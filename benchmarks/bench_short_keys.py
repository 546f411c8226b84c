"""What storing band keys and fingerprints as their low 32 bits costs (``dedup.storage.base.lookup_keys``,
issue 16): the same CLICK-ID records go into two in-memory indexes, one as every backend stores them
(shortened keys) and one with whole 64-bit keys; the same queries then ask both. Prints how many
stored keys the shortening merged, how many candidates differ per channel, and on how many queries
the final matches (ids, scores, channels) differ.

    python -m benchmarks.bench_short_keys --n 20000 --queries 300
"""

from __future__ import annotations

import argparse

import numpy as np

import dedup.storage.memory as M
from dedup import Index, minhash
from dedup.document import Document

try:
    from .bench_index import ClickID
except ImportError:  # run as a script
    from bench_index import ClickID


def _whole(keys):
    return np.asarray(keys, dtype=np.int64)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--queries", type=int, default=300)
    args = ap.parse_args()
    corpus = ClickID(args.n)
    short, whole = Index(None), Index(None)
    shortened = M.lookup_keys
    for start in range(0, len(corpus.stored), 2000):
        part = corpus.stored[start : start + 2000]
        recs = short._records([(r["id"], r["text"], r["meta"]) for r in part], [f"record {i}" for i in range(len(part))], [])
        short.storage.put(recs)
        M.lookup_keys = _whole
        whole.storage.put(recs)
        M.lookup_keys = shortened
    differ = dict.fromkeys(("lsh", "sentences", "passages", "paraphrase"), 0)
    changed = 0
    queries = corpus.queries(args.queries) + corpus.queries(args.queries, seed=8)
    for _, text in queries:
        sig, doc = minhash.signatures([text], short.params)[0], Document(text)
        a, ca = short.query(text, verdicts=0), short._candidates(sig, doc, None)
        M.lookup_keys = _whole
        try:
            b, cb = whole.query(text, verdicts=0), whole._candidates(sig, doc, None)
        finally:
            M.lookup_keys = shortened
        for ch in differ:
            differ[ch] += len(set(ca.channels[ch]) ^ set(cb.channels[ch]))
        changed += [(m.id, m.score, m.channels) for m in a] != [(m.id, m.score, m.channels) for m in b]
    s, w = short.storage, whole.storage
    print(f"{len(short):,} CLICK-ID articles: distinct band keys {len(w._bands):,} whole, {len(s._bands):,} shortened; "
          f"distinct fingerprints {len(w._fps):,} whole, {len(s._fps):,} shortened")
    print(f"{len(queries)} queries: candidates that differ, per channel: {differ}; queries whose matches differ: {changed}")


if __name__ == "__main__":
    main()
