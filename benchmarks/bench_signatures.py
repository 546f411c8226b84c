"""Signature throughput: dedup.signatures against datasketch and rensa, side by side in one run.

All four lines see the same ~600-word articles and the same shingles (word 5-grams of the content
text, normalised and lower-cased; the Python tokeniser below produces exactly the words that
dedup's vectorised tokeniser finds):

  (1) dedup.signatures(texts)                 batched numpy, one-permutation hashing
  (2) datasketch MinHash.bulk                 shingles built in Python, 128 permutations
  (3) rensa RMinHash                          shingles built in Python, Rust hashing (benchmark only)
  (4) tokenise only                           the Python tokenisation that (2) and (3) start with:
                                              the practical limit of any Python-fed pipeline

Articles are built from ../shared/data/clickid/articles.jsonl.gz when present (consecutive articles
concatenated, cut at the target word count, the first title kept as headline), else from a seeded
synthetic generator. The machine is shared: read the medians and the ratios, not single runs.

    python benchmarks/bench_signatures.py                 # 1,000 articles, 5 repeats
    python benchmarks/bench_signatures.py --docs 2000 --repeats 7
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import time

import numpy as np

from dedup import lsh as L  # noqa: E402
from dedup import minhash as M  # noqa: E402
from dedup import text as T  # noqa: E402

if __package__:  # python -m benchmarks.bench_signatures: the dedup of the directory it runs from
    from . import _corpora as C
else:  # python benchmarks/bench_signatures.py: the installed dedup
    import _corpora as C

NGRAM = 5
NUM_PERM = 128
DEDUP = "dedup.signatures (numpy, OPH)"
DATASKETCH = "datasketch MinHash.bulk"
RENSA = "rensa RMinHash"
TOKENISE = "tokenise only (Python, same words)"
BARE = "bare regex \\w+ on lower() (no content extraction)"
CONTENT = "dedup.text.content_text alone"


# --- corpus -------------------------------------------------------------------------------------

def load_clickid(limit: int | None = None) -> list[dict]:
    records = list(C.clickid_records().values())
    return records[:limit] if limit else records


_SPACE_RUN = re.compile(r"\S+")


def cut_words(text: str, n: int) -> str:
    """``text`` up to and including its ``n``-th whitespace-separated token (layout kept)."""
    for i, m in enumerate(_SPACE_RUN.finditer(text), 1):
        if i == n:
            return text[: m.end()]
    return text


def build_articles(n_docs: int, words: int, seed: int = 0) -> tuple[list[str], str]:
    if C.available("clickid", "articles.jsonl.gz"):
        records = load_clickid()
        docs, i = [], 0
        while len(docs) < n_docs:
            title = records[i % len(records)]["title"]
            parts, count = [], 0
            while count < words:
                body = records[i % len(records)]["content"]
                parts.append(body)
                count += len(body.split())
                i += 1
            docs.append(title + "\n" + cut_words("\n".join(parts), words))
        return docs, "CLICK-ID articles (concatenated to ~%d words)" % words
    return synthetic_articles(n_docs, words, seed), "synthetic articles (seeded, ~%d words)" % words


def synthetic_articles(n_docs: int, words: int, seed: int = 0) -> list[str]:
    """Indonesian-looking news text: Zipf-distributed vocabulary, sentences, a headline, a dateline
    and a "Baca juga" line, so the content extraction has work to do."""
    rng = np.random.default_rng(seed)
    syll = ["ka", "ta", "ra", "ma", "pe", "ng", "an", "si", "lu", "de", "ba", "ju", "ga", "ke", "me", "ber"]
    vocab = np.array(["".join(rng.choice(syll, rng.integers(2, 5))) for _ in range(20000)])
    p = 1.0 / np.arange(1, vocab.size + 1)
    p /= p.sum()
    docs = []
    for _ in range(n_docs):
        w = rng.choice(vocab, words, p=p)
        sentences, pos = [], 0
        while pos < words:
            k = int(rng.integers(8, 25))
            s = " ".join(w[pos : pos + k])
            sentences.append(s[:1].upper() + s[1:] + ".")
            pos += k
        body = " ".join(sentences)
        docs.append(f"Judul {w[0]} {w[1]}\nJAKARTA, KOMPAS.com - {body}\nBaca juga: {w[2]} {w[3]}")
    return docs


# --- the Python tokenisation used by the baselines -----------------------------------------------

def py_tokens(text: str) -> list[str]:
    """Content text, normalised and lower-cased, split with dedup.text.words: the words dedup uses.
    (M._prepare is normalize() without its whitespace collapse, which never changes a word.)"""
    return T.words(M._prepare(text))


def py_shingles(tokens: list[str]) -> list[str]:
    if len(tokens) < NGRAM:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(tokens[i : i + NGRAM]) for i in range(len(tokens) - NGRAM + 1)]


# --- timed methods ----------------------------------------------------------------------------

def run_dedup(docs):
    return M.signatures(docs)


def run_datasketch(docs):
    from datasketch import MinHash

    sets = [[s.encode("utf-8") for s in py_shingles(py_tokens(d))] for d in docs]
    return MinHash.bulk(sets, num_perm=NUM_PERM)


def run_rensa(docs):
    from rensa import RMinHash

    out = []
    for d in docs:
        m = RMinHash(NUM_PERM, 1)
        m.update(py_shingles(py_tokens(d)))
        out.append(m)
    return out


def run_tokenise(docs):
    return [py_tokens(d) for d in docs]


def run_content_text(docs):
    return [T.content_text(d) for d in docs]


def run_bare_regex(docs):
    return [re.findall(r"\w+", d.lower()) for d in docs]


# --- accuracy ---------------------------------------------------------------------------------

def mae_on_pairs(texts_a: list[str], texts_b: list[str]) -> tuple[float, float, int]:
    sa, sb = M.signatures(texts_a), M.signatures(texts_b)
    est = M.estimate_jaccard(sa, sb)
    exact = np.array([M.jaccard(x, y) for x, y in zip(M.shingles_many(texts_a), M.shingles_many(texts_b))])
    err = est - exact
    return float(np.abs(err).mean()), float(err.mean()), len(exact)


def real_pairs() -> tuple[list[str], list[str]] | None:
    if not C.available("clickid", "silver_candidate_pairs.tsv"):
        return None
    tsv = C.path("clickid", "silver_candidate_pairs.tsv")
    by_id = {r["id"]: r["title"] + "\n" + r["content"] for r in load_clickid()}
    a, b = [], []
    with open(tsv, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            a.append(by_id[row["id_a"]])
            b.append(by_id[row["id_b"]])
    return a, b


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000, help="articles per timed run (default 1000)")
    ap.add_argument("--words", type=int, default=600, help="words per article (default 600)")
    ap.add_argument("--repeats", type=int, default=5, help="timed repeats per method (default 5)")
    args = ap.parse_args()

    docs, source = build_articles(args.docs, args.words)
    n_words = [len(py_tokens(d)) for d in docs]
    print(f"corpus: {len(docs)} {source}; content words/article: median {int(np.median(n_words))}, "
          f"chars/article: median {int(np.median([len(d) for d in docs]))}")
    print(f"num_perm={NUM_PERM}, word {NGRAM}-grams, {args.repeats} repeats, medians; single process\n")

    # sanity: every method sees the same shingle sets
    ref = M.shingles_many(docs[:20])
    for d, s in zip(docs[:20], ref):
        assert s.size == len(set(py_shingles(py_tokens(d)))), "tokenisers disagree"

    methods = [
        (DEDUP, run_dedup),
        (DATASKETCH, run_datasketch),
        (RENSA, run_rensa),
        (TOKENISE, run_tokenise),
        (BARE, run_bare_regex),
        (CONTENT, run_content_text),
    ]
    samples: dict[str, list[float]] = {name: [] for name, _ in methods}
    for _, fn in methods:  # warm-up: lazy tables, imports
        fn(docs[:50])
    # methods interleaved inside each round, so machine noise hits all of them alike; ratios are
    # taken within a round, then the median over rounds is reported
    for _ in range(args.repeats):
        for name, fn in methods:
            t0 = time.perf_counter()
            fn(docs)
            samples[name].append(time.perf_counter() - t0)
    print(f"{'method':52s} {'docs/s (median)':>16s} {'slowest..fastest':>20s}")
    for name, _ in methods:
        t = samples[name]
        print(f"{name:52s} {len(docs) / statistics.median(t):16,.0f} "
              f"{len(docs) / max(t):9,.0f}..{len(docs) / min(t):<9,.0f}")

    def ratio(fast: str, slow: str) -> str:
        per_round = [s / f for f, s in zip(samples[fast], samples[slow])]
        return f"{statistics.median(per_round):6.2f}x  (rounds {min(per_round):.2f}..{max(per_round):.2f})"

    print()
    print(f"dedup / datasketch         = {ratio(DEDUP, DATASKETCH)}   goal >= 10x")
    print(f"dedup / rensa              = {ratio(DEDUP, RENSA)}   goal >= 1x")
    print(f"tokenise-only / dedup      = {ratio(TOKENISE, DEDUP)}   goal <= 2x")
    print(f"bare regex / dedup         = {ratio(BARE, DEDUP)}   reference: no content extraction, no NFKC")
    share = statistics.median(c / d for c, d in zip(samples[CONTENT], samples[DEDUP]))
    print(f"content_text share of dedup.signatures time: {share:.0%} (dedup.text, shared by every line)")

    print("\naccuracy of the Jaccard estimate (128 slots), mean absolute error and mean signed error:")
    pairs = real_pairs()
    if pairs:
        mae, bias, n = mae_on_pairs(*pairs)
        print(f"  CLICK-ID silver candidate pairs ({n} real pairs):  MAE {mae:.4f}  bias {bias:+.4f}")
    rng = np.random.default_rng(1)
    a = [" ".join(cut_words(x, int(rng.integers(3, 700))).split()) for x in docs[:500]]
    b = [" ".join(x.split()[int(rng.integers(0, 50)):]) or "kosong" for x in a]
    mae, bias, n = mae_on_pairs(a, b)
    print(f"  truncated/shifted article pairs, 3..700 words ({n} pairs): MAE {mae:.4f}  bias {bias:+.4f}")

    b_, r_ = L.choose_bands()
    print(f"\nLSH default: threshold {L.DEFAULT_THRESHOLD}, weights (fp, fn) = {L.DEFAULT_WEIGHTS} "
          f"-> {b_} bands x {r_} rows; probability of becoming a candidate:")
    print("  " + "  ".join(f"J={s:.2f}: {L.probability(s, b_, r_):.3f}"
                           for s in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7)))


if __name__ == "__main__":
    main()
