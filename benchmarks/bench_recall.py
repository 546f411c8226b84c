"""Recall of ``Index.query`` at the default settings, per Jaccard band, and what each candidate
channel (LSH bands, sentence fingerprints) contributes.

1. Synthetic republications with known word-5-gram Jaccard from 0.1 to 1.0: a source article
   (``dedup.synth.synthetic_article``) is stored among ``--background`` other articles; the query is
   a copy made by sentence operations (keep a prefix or a random subset, add new sentences,
   reword kept sentences: one word replaced, which breaks shingles and the sentence fingerprint).
   Its exact Jaccard with the source is measured and the pair is counted in its band.
2. CLICK-ID (``/work/shared/data/clickid``, when present): all 22,136 articles are indexed
   (``source`` = publisher); for every cross-publisher pair of ``silver_candidate_pairs.tsv`` (found by
   MinHash LSH at 0.3 or by two shared 8-word sentences: candidates, not ground truth), article A is
   queried with ``exclude_id=A`` and the pair counts as found when B is among the matches. Bands
   use the file's ``jaccard_5gram``.

A pair "found" is returned by ``query`` (top_k=10 synthetic, 50 CLICK-ID) after verification, so
recall here is candidates x verification. "lsh only" / "sentences only" say which channel found it.

    python benchmarks/bench_recall.py                   # both parts (CLICK-ID when present)
    python benchmarks/bench_recall.py --per-band 300 --background 20000
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from dedup import Index, minhash  # noqa: E402
from dedup.document import Document  # noqa: E402
from dedup.synth import synthetic_article  # noqa: E402

CLICKID = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "clickid")
BANDS = [(i / 10, (i + 1) / 10) for i in range(1, 10)]
BANDS[-1] = (0.9, 1.0001)


def band_of(j: float) -> int | None:
    for k, (lo, hi) in enumerate(BANDS):
        if lo <= j < hi:
            return k
    return None


def band_name(k: int) -> str:
    lo, hi = BANDS[k]
    return f"{lo:.1f}-{min(hi, 1.0):.1f}"


def sentences(text: str) -> tuple[str, list[str]]:
    doc = Document(text)
    head = doc.headline.text if doc.headline else ""
    return head, [u.text for u in doc.sentences]


def reword(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    if len(words) < 4:
        return sentence
    i = rng.randrange(1, len(words) - 1)
    words[i] = rng.choice(("baru", "lain", "besar", "kecil", "utama", "lama", "tinggi", "penting"))
    return " ".join(words)


def make_copy(src: str, filler: list[str], rng: random.Random) -> str:
    """A copy of ``src`` by sentence operations whose strength is drawn at random."""
    head, sents = sentences(src)
    keep = rng.uniform(0.08, 1.0)
    n = max(1, round(len(sents) * keep))
    if rng.random() < 0.5:
        kept = sents[:n]  # truncated / abridged
    else:
        idx = sorted(rng.sample(range(len(sents)), n))
        kept = [sents[i] for i in idx]
    p_reword = rng.choice((0.0, 0.0, 0.1, 0.3, 0.6))
    kept = [reword(s, rng) if rng.random() < p_reword else s for s in kept]
    add = round(len(kept) * rng.choice((0.0, 0.0, 0.3, 1.0, 2.5)))
    for _ in range(add):
        kept.insert(rng.randrange(len(kept) + 1), rng.choice(filler))
    return "Judul salinan " + str(rng.randrange(10**6)) + "\n" + " ".join(kept)


def index_options(args) -> dict:
    opts = {}
    if args.threshold is not None:
        opts["threshold"] = args.threshold
    if args.min_shared is not None:
        opts["min_shared_sentences"] = args.min_shared
    return opts


def synthetic(args) -> None:
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    index = Index(**index_options(args))
    index.add_many(
        ({"id": f"bg{i}", "text": synthetic_article(random.Random(f"recall-bg:{i}"), "id", n_sentences=20)}
         for i in range(args.background)),
        batch_size=2000,
    )
    filler = [s for i in range(300) for s in sentences(synthetic_article(random.Random(f"recall-fill:{i}"), "id"))[1]]
    counts = [collections.Counter() for _ in BANDS]
    need = args.per_band
    made = 0
    while min(c["n"] for c in counts) < need and made < need * 60:
        made += 1
        src_id = f"src{made}"
        src = synthetic_article(random.Random(f"recall-src:{made}"), "id", n_sentences=rng.randint(8, 30))
        copy = make_copy(src, filler, rng)
        j = minhash.jaccard(minhash.shingles(src), minhash.shingles(copy))
        k = band_of(j)
        if k is None or counts[k]["n"] >= need:
            continue
        index.add(src_id, src)
        ms = index.query(copy, top_k=10, verdicts=0)
        hit = next((m for m in ms if m.id == src_id), None)
        c = counts[k]
        c["n"] += 1
        if hit is not None:
            c["found"] += 1
            c["lsh" if hit.channels == ("lsh",) else "sentences" if hit.channels == ("sentences",) else "both"] += 1
        index.remove(src_id)
    print(f"\n== synthetic republications: {args.background:,} background articles, {need} pairs per band, "
          f"{time.perf_counter() - t0:.0f} s ==")
    print(f"{'jaccard':>9} {'pairs':>6} {'recall':>7} {'lsh only':>9} {'sent only':>10} {'both':>6}")
    tot = collections.Counter()
    for k, c in enumerate(counts):
        tot.update(c)
        n = max(1, c["n"])
        print(f"{band_name(k):>9} {c['n']:>6} {c['found'] / n:>7.3f} {c['lsh'] / n:>9.3f} {c['sentences'] / n:>10.3f} {c['both'] / n:>6.3f}")
    n = max(1, tot["n"])
    print(f"{'all':>9} {tot['n']:>6} {tot['found'] / n:>7.3f} {tot['lsh'] / n:>9.3f} {tot['sentences'] / n:>10.3f} {tot['both'] / n:>6.3f}")


def clickid(args) -> None:
    path = os.path.join(args.clickid, "articles.jsonl.gz")
    pairs_path = os.path.join(args.clickid, "silver_candidate_pairs.tsv")
    if not (os.path.exists(path) and os.path.exists(pairs_path)):
        print(f"\n== CLICK-ID: not found under {args.clickid}; skipped ==")
        return
    t0 = time.perf_counter()
    texts, pubs = {}, {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            body = r.get("content") or ""
            title = (r.get("title") or "").strip()
            texts[r["id"]] = f"{title}\n\n{body}" if title else body
            pubs[r["id"]] = r["publisher"]
    index = Index(**index_options(args))
    skipped = 0
    batch = []
    for id, text in texts.items():
        if not minhash.shingles(text).size:
            skipped += 1
            continue
        batch.append({"id": id, "text": text, "meta": {"source": pubs[id]}})
    index.add_many(batch, batch_size=2000)
    t_add = time.perf_counter() - t0
    with open(pairs_path, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["publisher_a"] != r["publisher_b"]]
    counts = [collections.Counter() for _ in BANDS + [(0, 0.1)]]
    verdicts = collections.Counter()
    lat = []
    for r in rows:
        a, b = r["id_a"], r["id_b"]
        if a not in index or b not in index:
            continue
        j = float(r["jaccard_5gram"])
        k = band_of(j)
        k = len(BANDS) if k is None else k  # below 0.1
        t = time.perf_counter()
        ms = index.query(texts[a], top_k=50, exclude_id=a, verdicts=0)
        lat.append(time.perf_counter() - t)
        hit = next((m for m in ms if m.id == b), None)
        c = counts[k]
        c["n"] += 1
        if hit is not None:
            c["found"] += 1
            c["lsh" if hit.channels == ("lsh",) else "sentences" if hit.channels == ("sentences",) else "both"] += 1
            verdicts[hit.verdict] += 1
    lat.sort()
    print(f"\n== CLICK-ID silver pairs, cross-publisher: {sum(c['n'] for c in counts)} pairs; "
          f"{len(texts) - skipped:,} articles indexed in {t_add:.0f} s ({skipped} without content words); "
          f"query p50 {lat[len(lat) // 2] * 1e3:.1f} ms p99 {lat[int(len(lat) * 0.99)] * 1e3:.1f} ms ==")
    print(f"{'jaccard':>9} {'pairs':>6} {'found':>7} {'lsh only':>9} {'sent only':>10} {'both':>6}")
    order = [len(BANDS)] + list(range(len(BANDS)))
    tot = collections.Counter()
    for k in order:
        c = counts[k]
        tot.update(c)
        n = max(1, c["n"])
        name = "0.0-0.1" if k == len(BANDS) else band_name(k)
        print(f"{name:>9} {c['n']:>6} {c['found'] / n:>7.3f} {c['lsh'] / n:>9.3f} {c['sentences'] / n:>10.3f} {c['both'] / n:>6.3f}")
    n = max(1, tot["n"])
    print(f"{'all':>9} {tot['n']:>6} {tot['found'] / n:>7.3f} {tot['lsh'] / n:>9.3f} {tot['sentences'] / n:>10.3f} {tot['both'] / n:>6.3f}")
    print("verdicts of the found pairs (compare(B stored, A query)):", dict(verdicts.most_common()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-band", type=int, default=200)
    ap.add_argument("--background", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threshold", type=float, default=None, help="LSH threshold (default: the library's)")
    ap.add_argument("--min-shared", type=int, default=None, help="sentence fingerprints a candidate must share")
    ap.add_argument("--clickid", default=CLICKID)
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--skip-clickid", action="store_true")
    args = ap.parse_args()
    if not args.skip_synthetic:
        synthetic(args)
    if not args.skip_clickid:
        clickid(args)


if __name__ == "__main__":
    main()
