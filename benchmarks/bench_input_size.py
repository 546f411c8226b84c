"""How long `dedup diff` takes on very large "articles": the evidence for MAX_ARTICLE_BYTES.

For each size, A is a long text made of generated articles (dedup.synth, nothing stored) and B is
one of:

- ``edited``:    A with every 15th line dropped, every 10th line reworded, a new line every 25th;
- ``shuffled``:  A's lines in another order (every sentence moved);
- ``unrelated``: another generated text of the same size;
- ``oneline``:   A and B are both rewritten as one line with no full stops (a scrape that lost its
  punctuation and newlines), B with every 50th word changed.

Each case runs in a fresh child process and reports wall time and peak memory of
read_article + compare + render(text) + render(html), side by side with the baseline
(difflib.SequenceMatcher over the same documents' sentence keys, timed in the same process).

    python benchmarks/bench_input_size.py                    # 256 KiB and 2 MiB
    python benchmarks/bench_input_size.py --sizes 20480      # 20 MiB (about a minute; background)

Measured on the shared 2-core machine (one run per case, each seconds long; 20 MiB from an
earlier run, before the oneline case existed):

        size       case   sentences A/B   dedup s  difflib s  ratio  peak MB  verdict
       256Ki     edited    2613/2553         0.29       0.09    3.2       47  republication
       256Ki   shuffled    2613/2613         0.26       0.10    2.5       47  republication
       256Ki  unrelated    2613/2601         0.29       0.11    2.6       50  unrelated
       256Ki    oneline     783/787          1.69       0.05   35.7       47  republication
      2048Ki     edited   20748/20056        1.34       0.59    2.3      128  republication
      2048Ki   shuffled   20748/20748        1.26       0.68    1.8      118  republication
      2048Ki  unrelated   20748/20743        1.27       0.55    2.3      145  unrelated
      2048Ki    oneline    6259/6314         9.51       0.43   22.0      100  republication
     20480Ki     edited  207301/199971      14.45      10.72    1.3      727  republication
     20480Ki   shuffled  207301/207301      18.63       9.63    1.9      840  republication
     20480Ki  unrelated  207301/207254      16.18       6.61    2.4     1063  unrelated

Hence MAX_ARTICLE_BYTES = 2 MiB: every case finishes within 10 s and 150 MB (about 2 s unless
the text has no sentence ends; then its 1,000-character pieces are all word-diffed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

# Each measurement runs in a fresh process, started the way this one was (so it imports the same dedup).
_SELF = [sys.executable, "-m", __spec__.name] if __package__ else [sys.executable, os.path.abspath(__file__)]


def _long_text(kib: int, seed: int) -> str:
    from dedup.synth import synthetic_articles

    out, size = [], 0
    for art in synthetic_articles(10**9, seed=seed):
        lines = art.split("\n")[1:]  # drop each piece's headline: one long body
        out += lines
        size += sum(len(x.encode()) + 1 for x in lines)
        if size >= kib * 1024:
            break
    return "Judul panjang\n" + "\n".join(out)


def _oneline(a: str, change_every: int = 0) -> str:
    words = a.split("\n", 1)[1].replace(".", " ").replace("?", " ").replace("!", " ").split()
    if change_every:
        words = [w if i % change_every else "berubah" for i, w in enumerate(words)]
    return "Judul panjang\n" + " ".join(words)


def _variant(a: str, case: str, kib: int) -> str:
    lines = a.split("\n")
    if case == "oneline":
        return _oneline(a, change_every=50)
    if case == "unrelated":
        return _long_text(kib, seed=99)
    if case == "shuffled":
        head, body = lines[:1], lines[1:]
        random.Random(3).shuffle(body)
        return "\n".join(head + body)
    extra = _long_text(max(1, kib // 25), seed=77).split("\n")[1:]
    out = []
    for i, line in enumerate(lines):
        if i and i % 15 == 0:
            continue
        if i and i % 10 == 0:
            line = "Kemudian " + line
        out.append(line)
        if i and i % 25 == 0 and extra:
            out.append(extra.pop())
    return "\n".join(out)


def _one(path_a: str, path_b: str) -> dict:
    import difflib

    from dedup import compare
    from dedup.document import Document
    from dedup.inputs import read_article
    from dedup.render import render

    t0 = time.perf_counter()
    a, b = read_article(path_a, max_bytes=1 << 40), read_article(path_b, max_bytes=1 << 40)
    c = compare(a, b)
    render(c, "text")
    render(c, "html")
    t_dedup = time.perf_counter() - t0
    t0 = time.perf_counter()
    da, db = Document(a), Document(b)
    sm = difflib.SequenceMatcher(None, [u.key for u in da.units], [u.key for u in db.units], autojunk=False)
    sm.get_opcodes()
    t_base = time.perf_counter() - t0
    return {
        "dedup_s": t_dedup,
        "difflib_s": t_base,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "sentences": (len(c.a.sentences), len(c.b.sentences)),
        "verdict": c.verdict,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="256,2048", help="sizes of A in KiB, comma-separated")
    ap.add_argument("--cases", default="edited,shuffled,unrelated,oneline")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--_one", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._one:
        print(json.dumps(_one(*args._one)))
        return
    print(f"{'size':>8} {'case':>10} {'sentences A/B':>15} {'dedup s':>9} {'difflib s':>10} "
          f"{'ratio':>6} {'peak MB':>8}  verdict")
    with tempfile.TemporaryDirectory() as tmp:
        for kib in map(int, args.sizes.split(",")):
            a = _long_text(kib, seed=1)
            pa = os.path.join(tmp, "a.txt")
            with open(pa, "w", encoding="utf-8") as f:
                f.write(a)
            for case in args.cases.split(","):
                pa = os.path.join(tmp, "a.txt")
                if case == "oneline":
                    pa = os.path.join(tmp, "a-oneline.txt")
                    with open(pa, "w", encoding="utf-8") as f:
                        f.write(_oneline(a))
                pb = os.path.join(tmp, f"b-{case}.txt")
                with open(pb, "w", encoding="utf-8") as f:
                    f.write(_variant(a, case, kib))
                try:
                    r = subprocess.run([*_SELF, "--_one", pa, pb], capture_output=True,
                                       text=True, timeout=args.timeout, check=True)
                except subprocess.TimeoutExpired:
                    print(f"{kib:>6}Ki {case:>10}  timed out after {args.timeout:.0f} s", flush=True)
                    continue
                d = json.loads(r.stdout)
                ratio = d["dedup_s"] / d["difflib_s"] if d["difflib_s"] else float("nan")
                print(f"{kib:>6}Ki {case:>10} {d['sentences'][0]:>7}/{d['sentences'][1]:<7} "
                      f"{d['dedup_s']:>9.2f} {d['difflib_s']:>10.2f} {ratio:>6.1f} {d['max_rss_mb']:>8.0f}  "
                      f"{d['verdict']}", flush=True)


if __name__ == "__main__":
    main()
