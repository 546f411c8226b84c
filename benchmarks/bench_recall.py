"""Recall of the candidate channels on real and synthetic copies: ``dedup score`` on CLICK-ID against
the labelled pairs, ``Index.query`` on the Indonesian plagiarism corpus, and ``Index.query`` per
Jaccard band with what each channel (LSH bands, sentence fingerprints, passages) contributes.

0. CLICK-ID ``dedup score`` (all 22,136 articles, default settings) against the 200 labelled pairs
   of ``labels/dev_pairs.tsv``: the share of each label's pairs found (any verdict but
   ``unrelated``), how many pairs labelled ``unrelated`` are reported, the run's pair count and time.
1. Plagiarism corpus (``korpus_plagiarisme_indonesia``): the 30 sources in an ``Index``; each of the
   35 suspicious documents is queried (top_k=50); a (suspicious, source) pair is relevant when the
   ground truth XML names a reused passage of that source. Recall and precision of the pairs
   returned, and per obfuscation type the share of relevant pairs found.

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

    python benchmarks/bench_recall.py                   # every part (real data when present)
    python benchmarks/bench_recall.py --per-band 300 --background 20000
    python benchmarks/bench_recall.py --src /tmp/dedup-old  # the same figures for another checkout
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

HERE = os.path.dirname(os.path.abspath(__file__))
# --src DIR measures another checkout of dedup (for instance the commit before a change) with this
# very script, so "before" and "after" figures come from one benchmark.
if "--src" in sys.argv:
    sys.path.insert(0, sys.argv[sys.argv.index("--src") + 1])

from dedup import Index, minhash  # noqa: E402
from dedup.document import Document  # noqa: E402
from dedup.synth import synthetic_article  # noqa: E402



if __package__:  # python -m benchmarks.bench_recall: the dedup of the directory it runs from
    from . import _corpora  # the one place the data directory is found
else:  # python benchmarks/bench_recall.py: the installed dedup
    import _corpora

DATA = _corpora.data_dir() or os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data"))
CLICKID = os.path.join(DATA, "clickid")
PLAGIARISM = os.path.join(DATA, "korpus_plagiarisme_indonesia")
LABELS = os.path.join(DATA, "labels", "dev_pairs.tsv")
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
    pairs = []
    for r in rows:
        if r["id_a"] in index and r["id_b"] in index:
            k = band_of(float(r["jaccard_5gram"]))
            pairs.append((r["id_a"], r["id_b"], len(BANDS) if k is None else k))  # (band len(BANDS): below 0.1)
    sets = [s for s in channel_sets() if s[0].startswith(("all", "without passages", "without paraphrase"))
            or s[0] in ("passages only", "paraphrase only", "lsh+sentences")]
    by_set = {}
    for name, channels in sets:
        if channels is not None:
            index.channels = channels
        counts = [collections.Counter() for _ in BANDS + [(0, 0.1)]]
        verdicts = collections.Counter()
        lat = []
        for a, b, k in pairs:
            t = time.perf_counter()
            ms = index.query(texts[a], top_k=50, exclude_id=a, verdicts=0)
            lat.append(time.perf_counter() - t)
            hit = next((m for m in ms if m.id == b), None)
            c = counts[k]
            c["n"] += 1
            if hit is not None:
                c["found"] += 1
                c["lsh" if hit.channels == ("lsh",) else "sentences" if hit.channels == ("sentences",) else "both"] += 1
                c["passages only"] += hit.channels == ("passages",)
                c["paraphrase only"] += hit.channels == ("paraphrase",)
                verdicts[hit.verdict] += 1
        lat.sort()
        by_set[name] = (counts, verdicts, lat)
    counts, verdicts, lat = by_set[sets[0][0]]
    print(f"\n== CLICK-ID silver pairs, cross-publisher: {len(pairs)} pairs; "
          f"{len(texts) - skipped:,} articles indexed in {t_add:.0f} s ({skipped} without content words); "
          f"all channels: query p50 {lat[len(lat) // 2] * 1e3:.1f} ms p99 {lat[int(len(lat) * 0.99)] * 1e3:.1f} ms ==")
    print(f"{'jaccard':>9} {'pairs':>6} {'found':>7} {'lsh only':>9} {'sent only':>10} {'several':>8} {'passages only':>14} "
          f"{'paraphrase only':>16}")
    order = [len(BANDS)] + list(range(len(BANDS)))

    def row(name: str, c) -> str:
        n = max(1, c["n"])
        several = c["both"] - c["passages only"] - c["paraphrase only"]
        return (f"{name:>9} {c['n']:>6} {c['found'] / n:>7.3f} {c['lsh'] / n:>9.3f} {c['sentences'] / n:>10.3f} "
                f"{several / n:>8.3f} {c['passages only'] / n:>14.3f} {c['paraphrase only'] / n:>16.3f}")

    tot = collections.Counter()
    for k in order:
        tot.update(counts[k])
        print(row("0.0-0.1" if k == len(BANDS) else band_name(k), counts[k]))
    print(row("all", tot))
    print("verdicts of the found pairs (compare(B stored, A query)):", dict(verdicts.most_common()))
    if len(sets) > 1:
        print("recall per band with each channel set (query p50 / p99 ms at the foot):")
        names = [n for n, _ in sets]
        print(f"{'jaccard':>9} " + " ".join(f"{n[:20]:>20}" for n in names))
        for k in order + [None]:
            cells = []
            for n in names:
                cs = by_set[n][0]
                c = sum(cs, collections.Counter()) if k is None else cs[k]
                cells.append(f"{c['found'] / max(1, c['n']):>20.3f}")
            print(f"{'all' if k is None else '0.0-0.1' if k == len(BANDS) else band_name(k):>9} " + " ".join(cells))
        print(f"{'ms':>9} " + " ".join(f"{by_set[n][2][len(pairs) // 2] * 1e3:>9.1f} / {by_set[n][2][int(len(pairs) * 0.99)] * 1e3:>6.1f}" for n in names))


def channel_name(channels) -> str:
    return "+".join(channels)


try:  # Index(channels=...) chooses the candidate channels a query uses; older checkouts use all
    from dedup.index import CHANNELS  # noqa: E402
except ImportError:
    CHANNELS = None


def channel_sets() -> list[tuple[str, tuple[str, ...] | None]]:
    """``(name, channels)`` of each channel set to measure: all, each channel left out, each new
    channel alone, and the two channels of before (only "all" for a checkout without the option)."""
    if CHANNELS is None:
        return [("all (this checkout has no channel option)", None)]
    sets = [("all: " + "+".join(CHANNELS), CHANNELS)]
    sets += [(f"without {c}", tuple(x for x in CHANNELS if x != c)) for c in CHANNELS]
    sets += [("passages only", ("passages",)), ("paraphrase only", ("paraphrase",)), ("lsh+sentences", ("lsh", "sentences"))]
    return sets


def clickid_score(args) -> None:
    """dedup score over CLICK-ID, checked against the labelled pairs."""
    path = os.path.join(args.clickid, "articles.jsonl.gz")
    if not (os.path.exists(path) and os.path.exists(LABELS)):
        print(f"\n== CLICK-ID score: data not found under {args.clickid}; skipped ==")
        return
    import dedup
    from dedup.records import Fields

    t0 = time.perf_counter()
    cpu0 = time.process_time()
    result = dedup.score(path, fields=Fields(text="content", source="publisher", title="title"), engine="local")
    wall = time.perf_counter() - t0
    found = {frozenset((p.a, p.b)): p.verdict for p in result.pairs if p.verdict != "unrelated"}
    if args.pairs_out:
        with open(args.pairs_out, "w", encoding="utf-8") as f:
            for p in result.pairs:
                f.write(json.dumps(p.to_row(), ensure_ascii=False) + "\n")
    with open(LABELS, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["set"] == "clickid"]
    n, hit = collections.Counter(), collections.Counter()
    for r in rows:
        key = frozenset(r["pair"].split("|"))
        n[r["label"]] += 1
        hit[r["label"]] += key in found
    st = result.stats
    print(f"\n== CLICK-ID dedup score: {st['records']:,} articles, {len(found):,} pairs reported, {wall:.0f} s wall "
          f"(driver CPU {time.process_time() - cpu0:.0f} s); candidates: " + ", ".join(
              f"{k[len('candidates_'):]} {v:,}" for k, v in st.items() if k.startswith("candidates_")) + " ==")
    for group in (("duplicate", "republication"), ("partial", "update"), ("duplicate",), ("republication",),
                  ("partial",), ("update",), ("template",), ("unrelated",)):
        a, b = sum(hit[g] for g in group), sum(n[g] for g in group)
        what = "reported (should not be)" if group == ("unrelated",) else "found"
        print(f"{'/'.join(group):>24}: {a:>3}/{b:<3} {what} ({a / max(1, b):.3f})")


def plagiarism(args) -> None:
    """The plagiarism corpus through Index.query: (suspicious, source) pairs."""
    import xml.etree.ElementTree as ET

    root = args.plagiarism
    src_dir, sus_dir = os.path.join(root, "source-documents"), os.path.join(root, "suspicious-documents")
    if not os.path.isdir(src_dir):
        print(f"\n== plagiarism corpus: not found under {root}; skipped ==")
        return

    def read(p: str) -> str:
        with open(p, encoding="utf-8", errors="replace") as f:
            return f.read()

    t0 = time.perf_counter()
    index = Index(**index_options(args))
    sources = sorted(f for f in os.listdir(src_dir) if f.endswith(".txt"))
    index.add_many(({"id": f, "text": read(os.path.join(src_dir, f))} for f in sources), batch_size=100)
    truth: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    suspicious = sorted(f for f in os.listdir(sus_dir) if f.endswith(".txt"))
    for f in suspicious:
        tree = ET.parse(os.path.join(sus_dir, f[:-4] + ".xml"))
        for feat in tree.getroot().iter("feature"):
            if feat.get("name") == "plagiarism" and feat.get("source_reference"):
                kind = feat.get("type", "?") if feat.get("type") != "artificial" else feat.get("obfuscation", "?")
                truth[(f, feat.get("source_reference"))].add(kind)
    queries = {f: read(os.path.join(sus_dir, f)) for f in suspicious}
    print(f"\n== plagiarism corpus through Index.query: {len(sources)} sources, {len(suspicious)} suspicious "
          f"documents, {len(truth)} relevant (suspicious, source) pairs (top_k=50) ==")
    print(f"{'channels':>36} {'returned':>9} {'recall':>14} {'precision':>15} {'query CPU':>10}")
    for name, channels in channel_sets():
        if channels is not None:
            index.channels = channels
        returned: dict[tuple[str, str], tuple] = {}
        cpu = time.process_time()
        for f in suspicious:
            for m in index.query(queries[f], top_k=50, verdicts=0):
                returned[(f, m.id)] = m.channels
        cpu = time.process_time() - cpu
        good = set(returned) & set(truth)
        print(f"{name:>36} {len(returned):>9} {len(good) / max(1, len(truth)):>7.3f} ({len(good):>2}/{len(truth)}) "
              f"{len(good) / max(1, len(returned)):>7.3f} ({len(good):>2}/{len(returned):>2}) {cpu:>9.2f}s")
        if channels is None or len(channels) == len(CHANNELS):
            kinds = collections.Counter(k for ks in truth.values() for k in ks)
            got = collections.Counter(k for p, ks in truth.items() if p in good for k in ks)
            detail = ("    relevant pairs found, by the obfuscation of their passages (a pair may have several): "
                      + ", ".join(f"{k} {got[k]}/{kinds[k]}" for k in sorted(kinds))
                      + "\n    channels of the relevant pairs found: "
                      + str(dict(collections.Counter(channel_name(returned[p]) for p in good)))
                      + "\n    missed: " + ", ".join(f"{a[-9:-4]}/{b[-9:-4]}" for a, b in sorted(set(truth) - good))
                      + "\n    returned, not relevant: " + ", ".join(f"{a[-9:-4]}/{b[-9:-4]}" for a, b in sorted(set(returned) - good)))
    print(detail)
    print(f"({time.perf_counter() - t0:.0f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-band", type=int, default=200)
    ap.add_argument("--background", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threshold", type=float, default=None, help="LSH threshold (default: the library's)")
    ap.add_argument("--min-shared", type=int, default=None, help="sentence fingerprints a candidate must share")
    ap.add_argument("--clickid", default=CLICKID)
    ap.add_argument("--plagiarism", default=PLAGIARISM)
    ap.add_argument("--src", default=None, help="measure the dedup checkout in this directory instead")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--skip-clickid", action="store_true", help="skip the CLICK-ID silver pairs")
    ap.add_argument("--skip-score", action="store_true", help="skip the CLICK-ID dedup score run")
    ap.add_argument("--skip-plagiarism", action="store_true")
    ap.add_argument("--pairs-out", default=None, help="write the CLICK-ID score run's pairs here (JSONL)")
    args = ap.parse_args()
    import dedup

    print(f"dedup from {os.path.dirname(os.path.dirname(os.path.abspath(dedup.__file__)))}")
    if not args.skip_score:
        clickid_score(args)
    if not args.skip_plagiarism:
        plagiarism(args)
    if not args.skip_synthetic:
        synthetic(args)
    if not args.skip_clickid:
        clickid(args)


if __name__ == "__main__":
    main()
