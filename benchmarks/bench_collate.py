"""dedup.collate: real multi-witness stories (METER), provenance on copies of copies (generator
output), speed, and the seed pair.

1. METER (../shared/data/meter, read through benchmarks/_corpora.py; skipped with a note when
   absent): every story (domain, date, catchline) with a Press Association text and at least two
   newspaper versions, one of them span-annotated, is collated with the PA text as the base (the
   PA take the newspaper versions are most contained in). Each labelled newspaper sentence
   (METER's derived sentence labels: verbatim -> reused, new -> not reused; mixed left out, then
   the majority label with mixed in) is reused when most of its characters fall in units the
   collation marks equal, modified or moved (not added). Printed beside: pairwise ``compare`` of
   the same base with each article alone; pairwise ``compare`` with each article's own best PA
   take (the way bench_quality pairs METER); and an anchor, a rapidfuzz matcher (a sentence is
   reused when its best ``fuzz.ratio`` against the base's sentences is at least 55).
2. Provenance on **generator output** (not a quality claim): dedup.synth republications of
   republications, 6 copies of a 20-sentence article in a chain, a star and a random tree, with
   and without publication times, on seeds the weights were not chosen on (400-499; chosen on
   0-29, 100-199 and 300-399). Then METER as a real check: each newspaper version should get the
   PA text as its parent (the papers of one morning wrote from the PA copy, not from each other).
3. Speed: 50 witnesses of 40 sentences (a random tree of synth copies), collate() against the 49
   compare() calls it is made of, in the same process (CPU seconds, min of 5).
4. The seed pair (examples/): collate's statuses against dedup diff's ops.

    python benchmarks/bench_collate.py            # everything, a few minutes
    python benchmarks/bench_collate.py --quick    # METER on 20 stories, 20 provenance seeds
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
if __package__:  # python -m benchmarks.bench_collate: the dedup of the directory it runs from
    from . import _corpora as C
else:  # python benchmarks/bench_collate.py: the installed dedup
    import _corpora as C

from dedup import compare, synth  # noqa: E402
from dedup.align import MATCH_THRESHOLD  # noqa: E402
from dedup.collate import collate  # noqa: E402
from dedup.document import Document  # noqa: E402
from dedup import minhash  # noqa: E402

KEPT = ("equal", "modified", "moved")
_KEPT_OPS = ("equal", "modified", "moved", "split", "merged")


# --- 1. METER -------------------------------------------------------------------------------------


def _norm_map(text: str) -> tuple[str, list[int]]:
    """Whitespace collapsed to single spaces, and each kept character's offset in ``text``."""
    out, where = [], []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            space = True
            continue
        if space and out:
            out.append(" ")
            where.append(i - 1)
        space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def _span(norm: str, where: list[int], sentence: str, start: int) -> tuple[int, int] | None:
    s = " ".join(sentence.split())
    k = norm.find(s, start)
    if k < 0:
        k = norm.find(s)
    if k < 0 and len(s) > 40:
        k = norm.find(s[:40], start)
    if k < 0:
        return None
    end = min(len(where) - 1, k + len(s) - 1)
    return where[k], where[end] + 1


def _reused(spans_units: list[tuple[int, int, bool]], lo: int, hi: int) -> bool | None:
    """Most of [lo, hi) in units marked reused? ``None`` when no unit covers it."""
    yes = no = 0
    for s, e, kept in spans_units:
        n = min(hi, e) - max(lo, s)
        if n > 0:
            if kept:
                yes += n
            else:
                no += n
    return None if yes + no == 0 else yes > no


def _unit_flags(doc: Document, kept_units: set[int]) -> list[tuple[int, int, bool]]:
    return [(u.start, u.end, u.index in kept_units) for u in doc.units]


def _pairwise_kept(base: Document, doc: Document) -> set[int]:
    return {j for op in compare(base, doc).ops if op.op in _KEPT_OPS for j in op.b_units}


def _fuzzy_kept(base: Document, doc: Document) -> set[int]:
    from rapidfuzz import fuzz, process

    keys = [u.key for u in base.units]
    out = set()
    for u in doc.units:
        best = process.extractOne(u.key, keys, scorer=fuzz.ratio)
        if best and best[1] >= MATCH_THRESHOLD:
            out.add(u.index)
    return out


def merge_takes(takes: tuple[str, ...]) -> str:
    """All the PA takes of a story as one text: each take's paragraphs in order, each sentence
    once (later takes repeat earlier ones)."""
    seen: set[str] = set()
    paras = []
    for take in takes:
        doc = Document(take)
        by_line: dict[int, list[str]] = {}
        for u in doc.sentences:
            if u.key not in seen:
                seen.add(u.key)
                by_line.setdefault(u.line, []).append(u.text)
        paras += [" ".join(v) for _, v in sorted(by_line.items())]
    return "\n\n".join(paras)


def meter_section(quick: bool, merged: bool = False) -> dict | None:
    if not C.available("meter", "pairs_manifest.tsv"):
        print("note: ../shared/data/meter not found; METER figures skipped")
        return None
    t0 = time.perf_counter()
    labels: dict[str, list[dict]] = {}
    for d in C.meter_sentences():
        labels.setdefault(d["newspaper_file"], []).append(d)
    stories = C.meter_stories()
    chosen = [(k, v) for k, v in sorted(stories.items())
              if len(v) >= 2 and v[0].sources and any(m.file in labels for m in v)]
    if quick:
        chosen = chosen[:20]
    systems = ("collate", "pairwise_same_base", "pairwise_own_best_pa", "anchor_fuzz_ratio")
    counts = {(s, lab): Counter() for s in systems for lab in ("strict", "majority")}
    unmapped = mapped = witnesses = from_pa = 0
    for (_, _, _), arts in chosen:
        pas = arts[0].sources
        sh_pa = minhash.shingles_many(list(pas))
        sh_art = minhash.shingles_many([m.text for m in arts])
        if merged:
            base = Document(merge_takes(pas))
        else:  # the PA take the newspaper versions are most contained in
            b = max(range(len(pas)), key=lambda i: (sum(minhash.containment(s, sh_pa[i]) for s in sh_art), -i))
            base = Document(pas[b])
        docs = [Document(m.text) for m in arts]
        c = collate([base, *docs], ids=["PA", *[m.file for m in arts]], base=0)
        witnesses += len(arts)
        from_pa += sum(p.parent == "PA" for p in c.provenance)
        for k, (m, doc) in enumerate(zip(arts, docs), 1):
            if m.file not in labels:
                continue
            kept_collate = {u for row in c.rows for u in row.cells[k].units
                            if row.cells[k].status in KEPT}
            own = max(range(len(pas)), key=lambda i: (minhash.containment(sh_art[k - 1], sh_pa[i]), -i))
            flags = {
                "collate": _unit_flags(doc, kept_collate),
                "pairwise_same_base": _unit_flags(doc, _pairwise_kept(base, doc)),
                "pairwise_own_best_pa": _unit_flags(doc, _pairwise_kept(Document(pas[own]), doc)),
                "anchor_fuzz_ratio": _unit_flags(doc, _fuzzy_kept(base, doc)),
            }
            norm, where = _norm_map(m.text)
            pos = 0
            for d in sorted(labels[m.file], key=lambda d: d["sentence_index"]):
                sp = _span(norm, where, d["text"], pos)
                if sp is None:
                    unmapped += 1
                    continue
                mapped += 1
                for s in systems:
                    pred = _reused(flags[s], *sp)
                    if pred is None:
                        continue
                    for lab, key in (("strict", "strict_label"), ("majority", "majority_label")):
                        g = d[key]
                        if g == "mixed":
                            continue
                        gold = g == "verbatim"
                        counts[(s, lab)][(gold, pred)] += 1
    out = {"stories": len(chosen), "witnesses": witnesses, "parent_pa": from_pa / witnesses,
           "sentences_mapped": mapped, "sentences_unmapped": unmapped, "seconds": round(time.perf_counter() - t0, 1)}
    how = "all PA takes merged (each sentence once)" if merged else "the PA take they are most contained in"
    print(f"\n--- METER: {len(chosen)} stories with a PA text and >= 2 newspaper versions ({witnesses} newspaper "
          f"witnesses); base: {how}; {mapped} labelled sentences found in their article ({unmapped} not found)")
    for lab, title in (("strict", "strict labels (verbatim >= 0.8 of the characters vs new >= 0.8; mixed left out)"),
                       ("majority", "majority labels (verbatim vs new by the larger share; mixed left out)")):
        print(f"  reused (verbatim) vs added (new), {title}:")
        for s in systems:
            f = _prf(counts[(s, lab)])
            out[f"{s}_{lab}"] = f
            print(f"    {s:22s} P {f['precision']:.3f} R {f['recall']:.3f} F1 {f['f1']:.3f}  (n={f['n']})")
    print(f"  provenance: {from_pa} of {witnesses} newspaper versions ({from_pa / witnesses:.3f}) get the PA text "
          f"as their parent (each was written from the PA copy; the papers of one morning do not copy each other)")
    return out


def _prf(cnt: Counter) -> dict:
    tp, fp, fn = cnt[(True, True)], cnt[(False, True)], cnt[(True, False)]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n": sum(cnt.values())}


# --- 2. provenance on generator output ------------------------------------------------------------------


def copies(base: str, n: int, shape: str, rng: random.Random) -> tuple[list[str], list[int]]:
    """``n`` republications of republications of ``base``: texts (base first) and true parents."""
    texts, parents = [base], [-1]
    for k in range(1, n + 1):
        p = 0 if shape == "star" else (k - 1 if shape == "chain" else rng.randrange(k))
        texts.append(synth.make_variant(texts[p], "republication", rng).text)
        parents.append(p)
    return texts, parents


def provenance_section(seeds: range) -> dict:
    res: Counter = Counter()
    for seed in seeds:
        rng = random.Random(seed)
        base = synth.synthetic_article(rng, "id" if seed % 2 else "en", 20)
        for shape in ("chain", "star", "random"):
            texts, parents = copies(base, 6, shape, rng)
            ids = [str(k) for k in range(len(texts))]
            for timed in (False, True):
                pub = [f"2024-01-{k + 1:02d}" for k in range(len(texts))] if timed else None
                c = collate(texts, ids=ids, base=0, published=pub)
                for p in c.provenance:
                    res[(shape, timed, int(p.parent) == parents[int(p.witness)])] += 1
    print(f"\n--- provenance on GENERATOR OUTPUT (dedup.synth republications of republications; seeds "
          f"{seeds.start}-{seeds.stop - 1}, 6 copies of a 20-sentence article; not a quality claim)")
    out = {}
    for shape in ("chain", "star", "random"):
        for timed in (False, True):
            ok, bad = res[(shape, timed, True)], res[(shape, timed, False)]
            out[f"{shape}_{'timed' if timed else 'untimed'}"] = ok / (ok + bad)
            print(f"  {shape:6s} {'with times   ' if timed else 'without times'}  parent accuracy "
                  f"{ok / (ok + bad):.3f} ({ok}/{ok + bad})")
    ok = sum(n for k, n in res.items() if k[2])
    tot = sum(res.values())
    out["all"] = ok / tot
    print(f"  all                   parent accuracy {ok / tot:.3f} ({ok}/{tot})")
    return out


# --- 3. speed ----------------------------------------------------------------------------------------------


def speed_section() -> dict:
    from dedup.render.collate import render

    rng = random.Random(5)
    base = synth.synthetic_article(rng, "id", 40)
    texts, _ = copies(base, 49, "random", rng)
    docs = [Document(t) for t in texts]
    n_sent = sum(len(d.sentences) for d in docs) / len(docs)

    def best(fn, k=5):
        # CPU time of this process, min of k: on a machine shared with other jobs the wall clock
        # also counts the time the process waited for a core.
        ts = []
        for _ in range(k):
            t = time.process_time()
            fn()
            ts.append(time.process_time() - t)
        return min(ts)

    t_collate = best(lambda: collate(docs, base=0))
    t_compare = best(lambda: [compare(docs[0], d) for d in docs[1:]])
    c = collate(docs, base=0)
    t_html = best(lambda: render(c, "html"), 3)
    t_texts = best(lambda: collate(texts, base=0))
    print(f"\n--- speed: 50 witnesses of {n_sent:.0f} sentences on average (generator output), CPU seconds, min of 5")
    print(f"  collate (Documents given)   {t_collate:.3f} s   = {t_collate / t_compare:.2f} x its 49 compare() calls "
          f"({t_compare:.3f} s)")
    print(f"  collate (texts, parsed too) {t_texts:.3f} s")
    print(f"  default base (no base=)     {best(lambda: collate(docs)):.3f} s")
    print(f"  HTML page                   {t_html:.3f} s ({len(render(c, 'html')) / 1e6:.2f} MB)")
    return {"collate_s": t_collate, "compare_s": t_compare, "texts_s": t_texts, "html_s": t_html}


# --- 4. the seed pair ---------------------------------------------------------------------------------------


def seed_section() -> bool:
    root = os.path.join(os.path.dirname(HERE), "examples")
    a = open(os.path.join(root, "tribunpalu.txt"), encoding="utf-8").read()
    b = open(os.path.join(root, "tribunnews.txt"), encoding="utf-8").read()
    c = collate([a, b], base=0)
    want = {"equal": "equal", "modified": "modified", "split": "modified", "merged": "modified",
            "moved": "moved", "removed": "absent", "added": "added"}
    diff = sorted((op.kind, want[op.op], op.b or op.a) for op in compare(a, b).ops)
    got = sorted((r.kind, r.cells[1].status, r.cells[1].text if r.cells[1].text is not None else r.text)
                 for r in c.rows if not r.cells[1].continued and not (r.added and r.cells[1].status == "absent"))
    same = got == diff
    print(f"\n--- seed pair (examples/): {len(c.rows)} rows; statuses identical to dedup diff's ops: {same} "
          f"({dict(Counter(s for _, s, _ in got))})")
    return same


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    seed_section()
    speed_section()
    provenance_section(range(400, 420) if args.quick else range(400, 500))
    meter_section(args.quick)
    meter_section(args.quick, merged=True)


if __name__ == "__main__":
    main()
