"""Parsing on the real corpora of ../shared/data: each section prints measured figures.

boilerplate: learned outlet boilerplate (:mod:`dedup.boilerplate`). The per-source sentence
counts are learned over the 22,136 CLICK-ID articles (source = publisher) and the 200 labelled
CLICK-ID pairs of labels/dev_pairs.tsv are compared with and without them: the share of the pairs
labelled ``unrelated`` that come out ``partial`` or worse (any verdict but ``unrelated``), whether
every ``duplicate``/``republication`` pair keeps its verdict, and how many ``partial``/``update``
pairs are lost to ``unrelated``; beside them the simplest anchor on the same pairs (word-5-gram
Jaccard at the best copy threshold, 0.31). ``MIN_DOCUMENTS`` is cross-validated over two halves of
the pairs. Then the wire guard on real text: Reuters (one source, full of repeats, corrections and
template reports) learned over its 21,578 stories, and every Reuters pair's verdict with and without;
and how many CLICK-ID sentences labelled boilerplate for one publisher are printed by 2+ others.

    python benchmarks/bench_parsing.py [--data ../shared/data] [--only boilerplate]
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))



def _find_data() -> str:
    """../shared/data of the repository, or of any directory above it (a git worktree lives
    deeper than the main checkout); $DEDUP_DATA wins."""
    if os.environ.get("DEDUP_DATA"):
        return os.environ["DEDUP_DATA"]
    d = os.path.dirname(HERE)
    while True:
        cand = os.path.join(d, "shared", "data")
        if os.path.isdir(cand):
            return cand
        parent = os.path.dirname(d)
        if parent == d:
            return os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data"))
        d = parent


DATA = _find_data()

from dedup import compare, minhash  # noqa: E402
from dedup import boilerplate as BP  # noqa: E402
from dedup.document import Document  # noqa: E402

COPY = ("duplicate", "republication")


def _clickid(data: str) -> tuple[dict[str, str], dict[str, str]]:
    texts, pubs = {}, {}
    with gzip.open(os.path.join(data, "clickid", "articles.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            title, body = (r.get("title") or "").strip(), r.get("content") or ""
            texts[r["id"]] = f"{title}\n{body}" if title else body
            pubs[r["id"]] = r["publisher"]
    return texts, pubs


def _reuters(data: str) -> dict[str, str]:
    texts = {}
    with gzip.open(os.path.join(data, "reuters", "reuters21578.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            title, body = (r.get("title") or "").strip(), r.get("body") or ""
            texts[str(r["newid"])] = f"{title}\n{body}" if title else body
    return texts


def _pairs(data: str, which: str) -> list[dict]:
    with open(os.path.join(data, "labels", "dev_pairs.tsv"), encoding="utf-8") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r["set"] == which]


def _figures(rows, base, with_bp) -> dict:
    un = [r for r in rows if r["label"] == "unrelated"]
    copies = [r for r in rows if r["label"] in COPY]
    passages = [r for r in rows if r["label"] in ("partial", "update")]
    return {
        "unrelated": len(un),
        "unrelated_flagged_before": sum(base[r["pair"]] != "unrelated" for r in un),
        "unrelated_flagged": sum(with_bp[r["pair"]] != "unrelated" for r in un),
        "copies": len(copies),
        "copies_kept": sum(with_bp[r["pair"]] == base[r["pair"]] for r in copies),
        "passages": len(passages),
        "passages_lost": sum(base[r["pair"]] != "unrelated" and with_bp[r["pair"]] == "unrelated" for r in passages),
    }


def boilerplate_section(data: str) -> None:
    """Learned outlet boilerplate on CLICK-ID (dev pairs) and the wire guard on Reuters."""
    print("== boilerplate: learned per-source sentence counts ==")
    if not os.path.exists(os.path.join(data, "clickid", "articles.jsonl.gz")):
        print(f"CLICK-ID not found under {data}; skipped")
        return
    texts, pubs = _clickid(data)
    t = time.perf_counter()
    docs = {i: Document(x) for i, x in texts.items()}
    model = BP.Boilerplate.learn((docs[i], pubs[i]) for i in texts)
    print(f"learned over {len(texts):,} CLICK-ID articles in {time.perf_counter() - t:.1f} s "
          f"(MIN_DOCUMENTS={BP.MIN_DOCUMENTS}, RATIO={BP.RATIO}, TYPICAL_QUANTILE={BP.TYPICAL_QUANTILE})")
    rows = _pairs(data, "clickid")
    ids = {x for r in rows for x in r["pair"].split("|")}
    base, jac = {}, {}
    for r in rows:
        a, b = r["pair"].split("|")
        base[r["pair"]] = compare(docs[a], docs[b]).verdict
        jac[r["pair"]] = minhash.jaccard(minhash.shingles(texts[a]), minhash.shingles(texts[b]))

    def run(min_docs: int) -> dict[str, str]:
        keep = BP.MIN_DOCUMENTS
        BP.MIN_DOCUMENTS = min_docs
        try:
            lines = {i: model.lines(docs[i], pubs[i]) for i in ids}
            out = {}
            for r in rows:
                a, b = r["pair"].split("|")
                bp = ({fp for u, fp in BP.sentence_fingerprints(docs[a]) if u in lines[a]},
                      {fp for u, fp in BP.sentence_fingerprints(docs[b]) if u in lines[b]})
                out[r["pair"]] = compare(docs[a], docs[b], boilerplate=bp).verdict
            return out
        finally:
            BP.MIN_DOCUMENTS = keep

    grid = (3, 5, 8, 10, 12, 20, 30)
    runs = {m: run(m) for m in grid}
    print(f"{'MIN_DOCUMENTS':>13} {'unrelated flagged':>18} {'dup/rep kept':>13} {'partial/update lost':>20}")
    for m in grid:
        f = _figures(rows, base, runs[m])
        print(f"{m:>13} {f['unrelated_flagged']:>11}/{f['unrelated']:<6} {f['copies_kept']:>7}/{f['copies']:<5} "
              f"{f['passages_lost']:>13}/{f['passages']}")
    f = _figures(rows, base, runs[BP.MIN_DOCUMENTS])
    anchor = sum(jac[r["pair"]] >= 0.31 for r in rows if r["label"] == "unrelated")
    print(f"unrelated CLICK-ID pairs coming out partial or worse: {f['unrelated_flagged_before']}/{f['unrelated']} "
          f"({f['unrelated_flagged_before'] / f['unrelated']:.0%}) without learned boilerplate -> "
          f"{f['unrelated_flagged']}/{f['unrelated']} ({f['unrelated_flagged'] / f['unrelated']:.0%}) with it "
          f"(anchor: Jaccard >= 0.31 flags {anchor}/{f['unrelated']})")
    print(f"duplicate/republication pairs keeping their verdict: {f['copies_kept']}/{f['copies']}; "
          f"partial/update pairs lost to unrelated: {f['passages_lost']}/{f['passages']}")
    # two-fold cross-validation of MIN_DOCUMENTS: pick on one half (fewest unrelated flagged, then
    # fewest passages lost, then no copy changed, then the larger value), report on the other
    halves = (rows[0::2], rows[1::2])
    for k, (fit, held) in enumerate((halves, halves[::-1])):
        def cost(m, part):
            g = _figures(part, base, runs[m])
            return (g["unrelated_flagged"] + g["passages_lost"] + (g["copies"] - g["copies_kept"]), -m)
        best = min(grid, key=lambda m: cost(m, fit))
        g = _figures(held, base, runs[best])
        print(f"fold {k + 1}: MIN_DOCUMENTS={best} chosen on {len(fit)} pairs; held-out {len(held)} pairs: "
              f"unrelated flagged {g['unrelated_flagged']}/{g['unrelated']} (from {g['unrelated_flagged_before']}), "
              f"dup/rep kept {g['copies_kept']}/{g['copies']}, partial/update lost {g['passages_lost']}/{g['passages']}")

    # how many articles carry learned boilerplate, per publisher; cross-publisher sentences
    per_pub = collections.Counter()
    spread = collections.defaultdict(set)
    words = {}
    for i, d in docs.items():
        for u, fp in BP.sentence_fingerprints(d):
            spread[fp].add(pubs[i])
            words[fp] = d.units[u].key.count(" ") + 1
    marked_fps = collections.defaultdict(set)
    for i, d in docs.items():
        lines = model.lines(d, pubs[i])
        if lines:
            per_pub[pubs[i]] += 1
            for u, fp in BP.sentence_fingerprints(d):
                if u in lines:
                    marked_fps[pubs[i]].add(fp)
    n_pub = collections.Counter(pubs.values())
    print("articles with learned boilerplate per publisher: " + ", ".join(
        f"{p} {per_pub[p]}/{n_pub[p]}" for p in sorted(n_pub)))
    total = sum(len(v) for v in marked_fps.values())
    wide = [(p, fp) for p, v in marked_fps.items() for fp in v if len(spread[fp] - {p}) >= 2]
    long_wide = sum(1 for _, fp in wide if words[fp] >= 5)
    print(f"distinct (publisher, sentence) boilerplate: {total}; of them printed by 2+ other publishers: "
          f"{len(wide)} ({long_wide} of 5+ words; the rest are list numbers '1.', '2.' and the like)")

    if not os.path.exists(os.path.join(data, "reuters", "reuters21578.jsonl.gz")):
        print(f"Reuters not found under {data}; wire guard skipped")
        return
    rtexts = _reuters(data)
    rdocs = {i: Document(x) for i, x in rtexts.items()}
    rmodel = BP.Boilerplate.learn((d, "reuters") for d in rdocs.values())
    rrows = _pairs(data, "reuters")
    same = collections.Counter()
    agree = [0, 0]
    changed = []
    for r in rrows:
        a, b = r["pair"].split("|")
        v0 = compare(rdocs[a], rdocs[b]).verdict
        v1 = compare(rdocs[a], rdocs[b], boilerplate=rmodel, sources=("reuters", "reuters")).verdict
        same[r["label"]] += v0 == v1
        agree[0] += v0 == r["label"]
        agree[1] += v1 == r["label"]
        if v0 != v1:
            changed.append(f"{r['pair']} ({r['label']}): {v0} -> {v1}")
    n = collections.Counter(r["label"] for r in rrows)
    n_marked = sum(1 for d in rdocs.values() if rmodel.lines(d, "reuters"))
    print(f"wire guard, Reuters learned over {len(rtexts):,} stories of one source ({n_marked:,} carry learned "
          f"boilerplate): verdict unchanged on " + ", ".join(f"{lab} {same[lab]}/{n[lab]}" for lab in sorted(n)))
    print(f"Reuters verdicts agreeing with the label: {agree[0]}/{len(rrows)} without learned boilerplate, "
          f"{agree[1]}/{len(rrows)} with it")
    for c in changed:
        print("  changed:", c)


SECTIONS = {"boilerplate": boilerplate_section}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--only", choices=sorted(SECTIONS), action="append")
    args = ap.parse_args()
    for name, fn in SECTIONS.items():
        if not args.only or name in args.only:
            fn(args.data)


if __name__ == "__main__":
    main()
