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

wrap: for every Reuters-21578 body with 5+ lines, every METER Press Association text and every
document of the Indonesian plagiarism corpus, whether ``Document(text)`` and ``Document(reflowed)``
give the same units (kind and whitespace-normalised text), where ``reflowed`` joins single
newlines and keeps blank lines (issue 11's definition: the headline figure), and the share of
``compare(text, reflowed)`` that is ``duplicate``. Secondary: Reuters marks paragraphs by indenting
their first line, not by blank lines, so its bodies are also reflowed one paragraph a line (what
an unwrapped copy of the story looks like); tables of figures and lists set one row a line differ
there when a row's own words do not show where it ends.

mojibake: the share of CLICK-ID articles (title + content) holding UTF-8 read as MacRoman or
cp1252 (a lead byte's character followed by continuation bytes' characters) in the raw text and in
the parsed unit texts; for 1,000 CLICK-ID articles with non-ASCII text, the share of
``compare(x, mojibaked(x))`` that is ``duplicate`` with no fact change (MacRoman and cp1252).

speed: the median and mean time of ``content_text`` per CLICK-ID article, with input repair and
without it (the same function, ``prepare`` left out), timed in turns in the same run.

parse: what parsing costs, per article: ``Document(text)`` on 3,000 CLICK-ID articles and 3,000
synthetic ones (:mod:`dedup.synth`: generator output, a speed figure only), and the sketch of batch
scoring (``sketch_partition``) on chunks of 250 of them. With ``--baseline-src DIR`` the checkout
in DIR is loaded into the same process (as the package ``dedup_base``) and timed in turns with
this one on each article or chunk, so the machine's load hits both alike: CPU time (the process's,
not wall time, which the other processes on a loaded machine inflate), mean and median, and ratios.

junk: a ``dedup.score`` run over CLICK-ID: the no-content records it reports, and its largest
clusters with the share of their members whose body has fewer than 5 words (a junk body such as
``,,,loading...``).

    python benchmarks/bench_parsing.py [--data ../shared/data] [--only boilerplate] [--only wrap]
                                       [--only mojibake] [--only junk] [--only speed] [--show 3]
    python -m benchmarks.bench_parsing --only parse --baseline-src /tmp/before
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))

if __package__:  # python -m benchmarks.bench_parsing: the dedup of the directory it runs from
    from . import _corpora  # the one place the data directory is found
    from ._checkout import load_checkout
else:  # python benchmarks/bench_parsing.py: the installed dedup
    import _corpora
    from _checkout import load_checkout

DATA = _corpora.data_dir() or os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data"))

from dedup import compare, minhash  # noqa: E402
from dedup import text as T  # noqa: E402
from dedup import boilerplate as BP  # noqa: E402
from dedup.document import Document  # noqa: E402

COPY = ("duplicate", "republication")


def _clickid(data: str) -> tuple[dict[str, str], dict[str, str]]:
    texts, pubs = {}, {}
    for r in _corpora.clickid_records(os.path.join(data, "clickid", "articles.jsonl.gz")).values():
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


# --- corpora -------------------------------------------------------------------------------------


def reuters(data: Path) -> list[tuple[str, str]]:
    out = []
    with gzip.open(data / "reuters" / "reuters21578.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            body = r["body"].strip("\n")
            if len([ln for ln in body.split("\n") if ln.strip()]) >= 5:
                out.append((r["newid"], body))
    return out


def meter_pa(data: Path) -> list[tuple[str, str]]:
    root = data / "meter" / "PA" / "rawtexts"
    return [(str(p.relative_to(root)), p.read_bytes().decode("latin-1"))
            for p in sorted(root.rglob("*.txt")) if p.name != "readme.txt"]


def plagiarism(data: Path) -> list[tuple[str, str]]:
    root = data / "korpus_plagiarisme_indonesia"
    return [(p.name, p.read_text(encoding="utf-8", errors="replace"))
            for d in ("source-documents", "suspicious-documents") for p in sorted((root / d).glob("*.txt"))]


def clickid_records(data: Path) -> list[dict]:
    return [dict(r) for r in _corpora.clickid_records(str(data / "clickid" / "articles.jsonl.gz")).values()]


# --- reflowing -----------------------------------------------------------------------------------

_BLANK = re.compile(r"\n[ \t\r]*\n")


def reflow(text: str) -> str:
    """Single newlines joined (one space), blank lines kept."""
    paras = (" ".join(ln.strip() for ln in p.split("\n") if ln.strip()) for p in _BLANK.split(text))
    return "\n\n".join(p for p in paras if p)


def reflow_paragraphs(text: str) -> str:
    """One paragraph a line, where a paragraph starts at a blank line or an indented line."""
    paras: list[list[str]] = []
    new = True
    for ln in text.split("\n"):
        if not ln.strip():
            new = True
            continue
        if new or ln[:1] in " \t":
            paras.append([])
        paras[-1].append(ln.strip())
        new = False
    return "\n".join(" ".join(p) for p in paras)


def unit_keys(text: str) -> list[tuple[str, str]]:
    return [(u.kind, T.normalize(u.text)) for u in Document(text).units]


def wrap_invariance(name: str, docs: list[tuple[str, str]], how, show: int, compare_sample: int) -> tuple[int, int, int, int]:
    t0 = time.perf_counter()
    same = 0
    differing = []
    for did, text in docs:
        if unit_keys(text) == unit_keys(how(text)):
            same += 1
        else:
            differing.append((did, text))
    parse_s = time.perf_counter() - t0
    sample = docs if len(docs) <= compare_sample else random.Random(0).sample(docs, compare_sample)
    t0 = time.perf_counter()
    dup = sum(compare(text, how(text)).verdict == "duplicate" for _, text in sample)
    cmp_s = time.perf_counter() - t0
    n = len(docs)
    print(f"{name:<44} {n:>6,} docs  same units {same:>6,} ({same / max(1, n):6.1%})   "
          f"compare(text, reflowed) duplicate {dup:,}/{len(sample):,} ({dup / max(1, len(sample)):6.1%})"
          f"   [{parse_s:.0f} s + {cmp_s:.0f} s]")
    for did, text in differing[:show]:
        a, b = unit_keys(text), unit_keys(how(text))
        print(f"    {did}: {len(a)} units vs {len(b)} reflowed; first difference:")
        for x, y in zip(a + [None] * len(b), b + [None] * len(a)):
            if x != y:
                print(f"      text:     {x!r:.160}\n      reflowed: {y!r:.160}")
                break
    return same, n, dup, len(sample)


# --- mojibake ------------------------------------------------------------------------------------


def _mojibake_re() -> re.Pattern:
    """A UTF-8 lead byte's character then continuation bytes' characters, as MacRoman or cp1252."""
    alts = []
    for enc in ("mac_roman", "cp1252"):
        def chars(lo: int, hi: int) -> str:
            return "".join(re.escape(bytes([b]).decode(enc, "ignore")) for b in range(lo, hi))
        cont = f"[{chars(0x80, 0xC0)}]"
        alts += [f"[{chars(0xC2, 0xE0)}]{cont}", f"[{chars(0xE0, 0xF0)}]{cont}{{2}}", f"[{chars(0xF0, 0xF5)}]{cont}{{3}}"]
    return re.compile("|".join(alts))


MOJIBAKE = _mojibake_re()


def mojibake(articles: list[dict], n: int, show: int) -> None:
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    texts = [r["title"] + "\n\n" + r["content"] for r in articles]
    t0 = time.perf_counter()
    raw = sum(bool(MOJIBAKE.search(t)) for t in texts)
    parsed_bad = []
    for t in texts:
        if MOJIBAKE.search(t):
            doc = Document(t)
            if any(MOJIBAKE.search(u.text) for u in doc.units):
                parsed_bad.append(t)
    print(f"CLICK-ID articles with mojibake sequences: raw {raw:,} of {len(texts):,} ({raw / len(texts):.1%}); "
          f"in the parsed units {len(parsed_bad):,} ({len(parsed_bad) / len(texts):.1%})   "
          f"[{time.perf_counter() - t0:.0f} s]")
    for t in parsed_bad[:show]:
        m = MOJIBAKE.search(t)
        print(f"    left: {t[max(0, m.start() - 30):m.end() + 30]!r}")
    pool = [t for t in texts if not t.isascii() and not MOJIBAKE.search(t)]
    sample = random.Random(0).sample(pool, min(n, len(pool)))
    for enc in ("mac_roman", "sloppy-windows-1252"):
        t0 = time.perf_counter()
        ok = dup = 0
        bad = []
        for t in sample:
            c = compare(t, t.encode("utf-8").decode(enc))
            facts = sum(len(op.facts) for op in c.ops)
            dup += c.verdict == "duplicate"
            ok += c.verdict == "duplicate" and facts == 0
            if not (c.verdict == "duplicate" and facts == 0):
                bad.append((c.verdict, facts))
        print(f"compare(x, mojibaked(x)) [{enc}] on {len(sample):,} CLICK-ID articles with non-ASCII text: "
              f"duplicate {dup:,} ({dup / len(sample):.1%}), duplicate with no fact change {ok:,} "
              f"({ok / len(sample):.1%})   [{time.perf_counter() - t0:.0f} s]")
        if bad:
            print(f"    not: {collections.Counter(v for v, _ in bad).most_common()}")


# --- junk ----------------------------------------------------------------------------------------


def junk(data: Path, articles: list[dict], report: str | None, top: int) -> None:
    import dedup
    from dedup.records import Fields

    body = {r["id"]: r["content"] for r in articles}
    junky = {rid for rid, b in body.items() if len([w for w in T.words(b) if len(w) > 1]) < 5}
    t0 = time.perf_counter()
    res = dedup.score(str(data / "clickid" / "articles.jsonl.gz"), fields=Fields(text="content", source="publisher"))
    if report:
        dedup.write_report(res, report)
    res.close()
    st = res.stats
    print(f"dedup score CLICK-ID: {st['records']:,} records in {time.perf_counter() - t0:.0f} s; "
          f"{len(junky)} records have a body of fewer than 5 words; no-content records reported: "
          f"{st.get('no_content', 'not reported')}; pairs {st['pairs']:,}, clusters {st['clusters']:,}")
    in_pairs = {x for p in res.pairs for x in (p.a, p.b)} & junky
    in_clusters = {m.id for m in res.clusters} & junky
    print(f"  junk-body records in a pair: {len(in_pairs)}, in a cluster: {len(in_clusters)}")
    sizes = collections.Counter(m.cluster for m in res.clusters)
    print(f"  largest {top} clusters (size, original id, members with a junk body):")
    for cid, size in sizes.most_common(top):
        members = [m.id for m in res.clusters if m.cluster == cid]
        print(f"    {size:>3}  {cid:<22} junk {sum(m in junky for m in members)}/{size}")



OPTIONS = {"show": 0, "compare_sample": 3000, "report": None, "baseline_src": None}


def wrap_section(data: str) -> None:
    print("== wrap invariance: Document(text) vs Document(reflowed) ==")
    d, show, n = Path(data), OPTIONS["show"], OPTIONS["compare_sample"]
    rt = reuters(d)
    print("issue 11's definition, reflowed = single newlines joined, blank lines kept:")
    figures = [
        ("Reuters", wrap_invariance("Reuters bodies, 5+ lines", rt, reflow, show, n)),
        ("METER PA", wrap_invariance("METER PA texts", meter_pa(d), reflow, show, n)),
        ("plagiarism", wrap_invariance("plagiarism corpus documents", plagiarism(d), reflow, show, n)),
    ]
    print("wrap invariance (same units): " + ", ".join(f"{k} {s}/{t} ({s / max(1, t):.1%})" for k, (s, t, _, _) in figures)
          + "; compare(text, reflowed) duplicate: " + ", ".join(f"{k} {u}/{v} ({u / max(1, v):.1%})" for k, (_, _, u, v) in figures))
    print("secondary, reflowed = one paragraph a line (a paragraph starts at a blank or an indented line):")
    wrap_invariance("Reuters bodies, 5+ lines", rt, reflow_paragraphs, show, n)


def mojibake_section(data: str) -> None:
    print("== mojibake ==")
    mojibake(clickid_records(Path(data)), 1000, OPTIONS["show"])


def junk_section(data: str) -> None:
    print("== junk bodies ==")
    junk(Path(data), clickid_records(Path(data)), OPTIONS["report"], 10)


def speed_section(data: str) -> None:
    """content_text per CLICK-ID article against itself with input repair left out (what it cost
    before mojibake repair), timed in turns on each article so the machine's load hits both alike."""
    print("== speed: content_text per CLICK-ID article ==")
    texts = [r["title"] + "\n" + r["content"] for r in clickid_records(Path(data))]
    real = T.prepare

    def bare(text: str) -> "T.Prepared":
        return T.Prepared(text)

    def timed(fn, text: str) -> float:
        t0 = time.perf_counter()
        fn(text)
        return time.perf_counter() - t0

    with_repair, without = [], []
    for k, text in enumerate(texts):
        order = (True, False) if k % 2 else (False, True)
        for repair in order:
            T.prepare = real if repair else bare
            try:
                (with_repair if repair else without).append(timed(T.content_text, text))
            finally:
                T.prepare = real
    med = statistics.median
    n_bad = sum(bool(MOJIBAKE.search(t)) for t in texts)
    print(f"content_text on {len(texts):,} CLICK-ID articles ({n_bad:,} with mojibake): median "
          f"{med(with_repair) * 1e6:.1f} us with repair, {med(without) * 1e6:.1f} us without "
          f"(x{med(with_repair) / med(without):.2f}); mean {statistics.fmean(with_repair) * 1e6:.1f} us vs "
          f"{statistics.fmean(without) * 1e6:.1f} us (x{statistics.fmean(with_repair) / statistics.fmean(without):.2f})")


def _synthetic_texts(n: int, seed: int = 1) -> list[str]:
    from dedup import synth

    rng = random.Random(f"bench_parsing:{seed}")
    return [synth.synthetic_article(rng, "id" if rng.random() < 0.7 else "en") for _ in range(n)]


CHUNK = 250


def parse_section(data: str) -> None:
    """Document() per article and sketch_partition per chunk, this checkout (and the baseline, in turns)."""
    import importlib

    print(f"== parse: Document() per article, sketch_partition per chunk of {CHUNK} ==")
    arts = [r["title"] + "\n" + r["content"] for r in clickid_records(Path(data))]
    random.Random(1).shuffle(arts)
    corpora = {"CLICK-ID": arts[:3000], "synthetic": _synthetic_texts(3000)}
    impls = {"this": (Document, importlib.import_module("dedup.corpus.partition"))}
    if OPTIONS["baseline_src"]:
        load_checkout(OPTIONS["baseline_src"])
        impls["base"] = (importlib.import_module("dedup_base.document").Document,
                         importlib.import_module("dedup_base.corpus.partition"))
    for impl in impls.values():  # warm up: imports done on first use (ftfy), caches filled alike
        for t in corpora["CLICK-ID"][:300]:
            impl[0](t)
    for name, texts in corpora.items():
        for what, items, run in (
            ("Document()", texts, lambda impl, t: impl[0](t)),
            ("sketch_partition", [texts[k : k + CHUNK] for k in range(0, len(texts), CHUNK)],
             lambda impl, chunk: impl[1].sketch_partition(chunk, impl[1].PartitionOptions())),
        ):
            times: dict[str, list[float]] = {k: [] for k in impls}
            for k, item in enumerate(items):
                order = list(impls) if k % 2 else list(reversed(impls))
                for key in order:
                    t0 = time.process_time()  # CPU time: the other processes on the machine preempt this one
                    run(impls[key], item)
                    times[key].append(time.process_time() - t0)
            per = 1 if what == "Document()" else CHUNK
            med = {k: statistics.median(v) / per * 1e6 for k, v in times.items()}
            mean = {k: sum(v) / len(texts) * 1e6 for k, v in times.items()}
            line = f"{name:<9} {what:<16} mean {mean['this']:7.1f} us/article (median of {len(items):,} {'articles' if per == 1 else 'chunks'} {med['this']:7.1f})"
            if "base" in med:
                line += (f"   baseline mean {mean['base']:7.1f} (median {med['base']:7.1f})   ratio mean "
                         f"{mean['this'] / mean['base']:.2f}, median {med['this'] / med['base']:.2f}")
            print(line, flush=True)


SECTIONS = {"boilerplate": boilerplate_section, "wrap": wrap_section, "mojibake": mojibake_section,
            "junk": junk_section, "speed": speed_section, "parse": parse_section}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--only", choices=sorted(SECTIONS), action="append")
    ap.add_argument("--show", type=int, default=0, help="print the first differences found")
    ap.add_argument("--compare-sample", type=int, default=3000, help="wrap: compare() at most this many per corpus")
    ap.add_argument("--report", default=None, help="junk: also write the CLICK-ID HTML report there")
    ap.add_argument("--baseline-src", default=None, help="parse: also time the checkout in this directory, in turns")
    args = ap.parse_args()
    OPTIONS.update(show=args.show, compare_sample=args.compare_sample, report=args.report, baseline_src=args.baseline_src)
    print(f"# bench_parsing: NORMALIZATION_VERSION {T.NORMALIZATION_VERSION}, SENTENCES_VERSION {T.SENTENCES_VERSION}")
    for name, fn in SECTIONS.items():
        if not args.only or name in args.only:
            fn(args.data)


if __name__ == "__main__":
    main()
