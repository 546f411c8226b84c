"""Cross-validation behind the paraphrase verification thresholds of dedup/paraphrase.py.

On the Indonesian plagiarism corpus, every (suspicious, source) pair is checked as ``Index.query``
verifies a paraphrase candidate (the query parsed into a Document, the stored text cut by
punctuation and blank lines), so candidate recall plays no part: each text's sentences are cut into
content words once, and each setting of the rule is scored on every pair (chains by the library's
own :func:`dedup.paraphrase.chained_words`). A pair is *kept* when one
sentence pair shares MATCH_WORDS content words (MATCH_SHARE of the smaller sentence's) or a chain
of seed pairs (SEED_WORDS, SEED_SHARE; each next seed 1-CHAIN_STEP sentences on in the query and
0-CHAIN_STEP in the source) shares CHAIN_WORDS in all. Five folds by suspicious document: on each,
the setting with the most relevant pairs kept less three per irrelevant one kept on the other four
folds is scored on the fold held out; the held-out sums are the rule's cross-validated figure.
The library's own setting is scored on all pairs beside it, and the old one-sentence rule (5 words,
40%) as the anchor. Then the candidate side: which pairs share enough sampled word pairs
(:func:`dedup.paraphrase.bag_fingerprints_many`) for each SAMPLE, PAIR_SPAN and MIN_SHARED, and
what each setting costs in fingerprints per document.

    python -m benchmarks.calibrate_paraphrase
"""

from __future__ import annotations

import itertools
import os
import random
import xml.etree.ElementTree as ET

from dedup import paraphrase as P
from dedup.document import Document

if __package__:  # python -m benchmarks.calibrate_paraphrase: the dedup of the directory it runs from
    from . import _corpora
else:  # python benchmarks/calibrate_paraphrase.py: the installed dedup
    import _corpora

MATCH = [(5, 0.4), (6, 0.4), (6, 0.5), (7, 0.5)]
SEEDS = list(itertools.product((2, 3), (0.15, 0.2, 0.25), (1, 2)))
CHAINS = list(range(6, 26, 2))
#: Runs of consecutive sentence pairs (:func:`dedup.paraphrase.consecutive_pairs`): (seed words, new
#: words per pair, pairs in the run), or None for no run rule (listed first: a tie keeps it).
RUNS = [None, (2, 2, 3), (2, 1, 3), (3, 2, 2), (2, 2, 4)]


def read(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def pairs_of(root: str):
    """``{pair: (query bags, source bags)}`` of every (suspicious, source) pair and the relevant pairs."""
    src_dir, sus_dir = os.path.join(root, "source-documents"), os.path.join(root, "suspicious-documents")
    sources = sorted(f for f in os.listdir(src_dir) if f.endswith(".txt"))
    suspicious = sorted(f for f in os.listdir(sus_dir) if f.endswith(".txt"))
    truth = set()
    for f in suspicious:
        for feat in ET.parse(os.path.join(sus_dir, f[:-4] + ".xml")).getroot().iter("feature"):
            if feat.get("name") == "plagiarism" and feat.get("source_reference"):
                truth.add((f, feat.get("source_reference")))
    src_bags = {s: P._bags(read(os.path.join(src_dir, s))) for s in sources}
    bags = {}
    for f in suspicious:
        q = P._bags(Document(read(os.path.join(sus_dir, f))))
        for s in sources:
            bags[(f, s)] = (q, src_bags[s])
    return bags, truth


def strongest(q, b) -> list[tuple[int, float]]:
    """``(shared, share of the smaller)`` of each sentence pair sharing 5+ content words."""
    return [(c, c / min(len(q[i]), len(b[j]))) for i, counts in P._shared_counts(q, b) for j, c in counts.items() if c >= 5]


SAMPLES = (0.25, 0.3, 0.35, 0.4)
SPANS = (1, 2, 3)
MIN_SHARED = (2, 3, 4)


def candidates(root: str, truth: set, verified: set) -> None:
    """The candidate side: for each setting of the sampled word pairs (SAMPLE, PAIR_SPAN) and the
    pairs a candidate must share (MIN_SHARED), how many relevant pairs become candidates (and of
    those, how many pass verification), how many other pairs become candidates (each one verified
    at query time: the channel's cost), and the fingerprints per source document and per CLICK-ID
    article (the index rows each costs; the first 2,000 articles, when the data is there)."""
    import numpy as np

    src_dir, sus_dir = os.path.join(root, "source-documents"), os.path.join(root, "suspicious-documents")
    sources = sorted(f for f in os.listdir(src_dir) if f.endswith(".txt"))
    suspicious = sorted(f for f in os.listdir(sus_dir) if f.endswith(".txt"))
    src_docs = [Document(read(os.path.join(src_dir, f))) for f in sources]
    sus_docs = [Document(read(os.path.join(sus_dir, f))) for f in suspicious]
    news = []
    try:
        news = [Document(_corpora.clickid_text(r)) for r in list(_corpora.clickid_records().values())[:2000]]
    except Exception:  # the CLICK-ID data is optional here
        pass
    print(f"\ncandidates: {len(truth)} relevant pairs, {len(verified & truth)} pass verification when verified")
    print(f"{'sample':>6} {'span':>4} {'min':>3} {'relevant':>9} {'verified':>9} {'others':>7} {'fps/source':>10} {'fps/news':>9}")
    for sample in SAMPLES:
        for span in SPANS:
            fs = P.bag_fingerprints_many(src_docs, sample=sample, span=span)
            fq = P.bag_fingerprints_many(sus_docs, sample=sample, span=span)
            per_news = np.mean([f.size for f in P.bag_fingerprints_many(news, sample=sample, span=span)]) if news else float("nan")
            shared = {(a, b): np.intersect1d(x, y).size for a, x in zip(suspicious, fq) for b, y in zip(sources, fs)}
            for m in MIN_SHARED:
                cand = {k for k, v in shared.items() if v >= m}
                print(f"{sample:>6} {span:>4} {m:>3} {len(cand & truth):>9} {len(cand & truth & verified):>9} "
                      f"{len(cand - truth):>7} {np.mean([f.size for f in fs]):>10.0f} {per_news:>9.1f}")


def main() -> None:
    root = os.path.join(_corpora.data_dir() or "", "korpus_plagiarisme_indonesia")
    if not os.path.isdir(root):
        print(f"plagiarism corpus not found under {root}")
        return
    bags, truth = pairs_of(root)
    keys = sorted(bags)
    pairs = {k: strongest(*bags[k]) for k in keys}
    strong = {m: {k: any(c >= m[0] and r >= m[1] for c, r in pairs[k]) for k in keys} for m in MATCH}
    chains = {s: {k: P.chained_words(*bags[k], *s) for k in keys} for s in SEEDS}
    runs = {r: {k: P.consecutive_pairs(*bags[k], seed_words=r[0], new=r[1]) for k in keys} for r in RUNS if r}
    settings = [(m, s, t, r) for r in RUNS for m in MATCH for s in SEEDS for t in CHAINS] + [(m, None, None, r) for r in RUNS for m in MATCH]

    def kept(setting, k) -> bool:
        m, s, t, r = setting
        return strong[m][k] or (s is not None and chains[s][k] >= t) or (r is not None and runs[r][k] >= r[2])

    def tally(ks, setting) -> tuple[int, int]:
        hits = [k for k in ks if kept(setting, k)]
        return sum(k in truth for k in hits), sum(k not in truth for k in hits)

    docs = sorted({k[0] for k in keys})
    random.Random(0).shuffle(docs)
    folds = [set(docs[i::5]) for i in range(5)]
    held = [0, 0]
    print(f"{len(keys)} (suspicious, source) pairs, {len(truth)} relevant; every pair verified")
    for n, fold in enumerate(folds):
        train = [k for k in keys if k[0] not in fold]
        test = [k for k in keys if k[0] in fold]
        best = max(settings, key=lambda st: (lambda t: t[0] - 3 * t[1])(tally(train, st)))
        tp, fp = tally(test, best)
        held = [held[0] + tp, held[1] + fp]
        print(f"fold {n}: chose match {best[0]}, seeds/step {best[1]}, chain {best[2]}, run {best[3]}; held out: "
              f"{tp}/{sum(k in truth for k in test)} relevant kept, {fp} irrelevant kept")
    print(f"cross-validated (held-out folds summed): {held[0]}/{len(truth)} relevant kept "
          f"({held[0] / len(truth):.3f}), {held[1]} irrelevant kept")
    lib = ((P.MATCH_WORDS, P.MATCH_SHARE), (P.SEED_WORDS, P.SEED_SHARE, P.CHAIN_STEP), P.CHAIN_WORDS,
           (P.RUN_SEED_WORDS, P.RUN_NEW, P.RUN_PAIRS))
    if lib[1] in chains and lib[0] in strong and lib[3] in runs:
        tp, fp = tally(keys, lib)
        print(f"the library's setting {lib} on all pairs: {tp}/{len(truth)} kept, {fp} irrelevant")
        tp, fp = tally(keys, (*lib[:3], None))
        print(f"  the same without its run rule: {tp}/{len(truth)} kept, {fp} irrelevant")
    tp, fp = tally(keys, ((5, 0.4), None, None, None))
    print(f"anchor, one sentence pair of 5+ words and 40%+ alone: {tp}/{len(truth)} kept, {fp} irrelevant")
    candidates(root, truth, {k for k in keys if P.shares_paraphrase(*bags[k])})


if __name__ == "__main__":
    main()
