"""Are two checkouts' outputs identical? Digests of 1,000 ``compare().to_dict()`` results on real
pairs and of the CLICK-ID ``dedup score`` outputs (pairs, clusters, report pages), for this
checkout and another one, side by side.

For refactors and speed work that must not change what the user sees (issues 15 and 16): run it
against a worktree of the commit before the change.

    git worktree add /tmp/before main            # or the commit before your change
    python benchmarks/check_outputs.py --against /tmp/before
    python benchmarks/check_outputs.py --compares-only --against /tmp/before   # about a minute

The 1,000 compares: the seed pair, the 300 pairs of labels/dev_pairs.tsv (texts only, then again
with each side's source and publication time), the first 200 METER articles against their first PA
source, and the first 199 pairs of clickid/silver_candidate_pairs.tsv. Each checkout runs in its own
process with ``PYTHONPATH`` set to it. Exit status 0 when everything is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _compare_inputs():
    """(name, a, b) for the 1,000 compares: a and b are texts or ``Document`` objects."""
    import _corpora as C

    from dedup import Document

    seeds = os.path.join(os.path.dirname(C.data_dir()), "seeds")
    with open(os.path.join(seeds, "tribunpalu.txt"), encoding="utf-8") as f:
        pa = f.read()
    with open(os.path.join(seeds, "tribunnews.txt"), encoding="utf-8") as f:
        nb = f.read()
    out = [("seed", pa, nb)]
    dev = C.dev_pairs()
    out += [(f"dev:{p.a_id}|{p.b_id}", p.a, p.b) for p in dev]
    out += [(f"dev+meta:{p.a_id}|{p.b_id}",
             Document(p.a, source=p.a_meta.get("source"), published=p.a_meta.get("published")),
             Document(p.b, source=p.b_meta.get("source"), published=p.b_meta.get("published")))
            for p in dev]
    meter = [m for m in C.meter_pairs() if m.sources][:200]
    out += [(f"meter:{m.file}", m.sources[0], m.text) for m in meter]
    arts = C.clickid_articles()
    with open(C.path("clickid", "silver_candidate_pairs.tsv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    n = 1000 - len(out)
    out += [(f"silver:{r['id_a']}|{r['id_b']}", arts[r["id_a"]], arts[r["id_b"]]) for r in rows[:n]]
    return out


def emit(out: str, compares_only: bool) -> None:
    """Run in the checkout under test: write {name: sha256} for every output to ``out``."""
    import dedup
    from dedup import compare

    digests: dict[str, str] = {"dedup": os.path.dirname(os.path.abspath(dedup.__file__))}
    t = time.perf_counter()
    for name, a, b in _compare_inputs():
        d = compare(a, b).to_dict()
        digests["compare " + name] = hashlib.sha256(json.dumps(d, sort_keys=True, ensure_ascii=False,
                                                                default=str).encode()).hexdigest()
    digests["_seconds compares"] = f"{time.perf_counter() - t:.1f}"
    if not compares_only:
        import _corpora as C

        t = time.perf_counter()
        with tempfile.TemporaryDirectory() as d:
            cmd = [sys.executable, "-m", "dedup", "score", C.path("clickid", "articles.jsonl.gz"),
                   "--text-field", "content", "--source-field", "publisher", "--date-field", "date",
                   "--title-field", "title", "--url-field", "url", "--pairs", os.path.join(d, "pairs.jsonl"),
                   "--clusters", os.path.join(d, "clusters.jsonl"), "--report", os.path.join(d, "report.html"),
                   "--quiet"]
            subprocess.run(cmd, check=True)
            for root, _dirs, files in os.walk(d):
                for fn in sorted(files):
                    p = os.path.join(root, fn)
                    with open(p, "rb") as f:
                        data = f.read()
                    # the report's footer says how long the run took: the one part that may differ
                    data = re.sub(rb"engine, [0-9.]+ s\.", b"engine, (time) s.", data)
                    digests["score " + os.path.relpath(p, d)] = hashlib.sha256(data).hexdigest()
        digests["_seconds score"] = f"{time.perf_counter() - t:.1f}"
    with open(out, "w") as f:
        json.dump(digests, f, indent=0, sort_keys=True)


def run_emit(script: str, checkout: str, args: list[str]) -> dict:
    """Run ``script --emit OUT *args`` with ``checkout``'s dedup first on the path (from a neutral
    directory, so ``python -m`` cannot put another checkout ahead of it) and read back its JSON."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.abspath(checkout) + os.pathsep + HERE
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    cmd = [sys.executable, os.path.abspath(script), "--emit", out, *args]
    subprocess.run(cmd, check=True, env=env, cwd=tempfile.gettempdir())
    with open(out) as f:
        d = json.load(f)
    os.unlink(out)
    return d


def run(checkout: str, compares_only: bool) -> dict[str, str]:
    return run_emit(__file__, checkout, ["--compares-only"] if compares_only else [])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--against", help="the other checkout (e.g. a worktree of the commit before a change)")
    ap.add_argument("--compares-only", action="store_true", help="skip the CLICK-ID score run")
    ap.add_argument("--emit", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.emit:
        emit(args.emit, args.compares_only)
        return
    this = run(ROOT, args.compares_only)
    print(f"# this checkout: {this.pop('dedup')}  ({', '.join(f'{k[1:]} {v} s' for k, v in this.items() if k[0] == '_')})")
    if not args.against:
        for k in sorted(this):
            if k[0] != "_":
                print(this[k], k)
        return
    other = run(args.against, args.compares_only)
    print(f"# against:       {other.pop('dedup')}  ({', '.join(f'{k[1:]} {v} s' for k, v in other.items() if k[0] == '_')})")
    keys = sorted(k for k in set(this) | set(other) if k[0] != "_")
    differ = [k for k in keys if this.get(k) != other.get(k)]
    comp = [k for k in keys if k.startswith("compare ")]
    score = [k for k in keys if k.startswith("score ")]
    print(f"compare().to_dict() identical: {sum(k not in differ for k in comp)}/{len(comp)}")
    if score:
        print(f"dedup score outputs identical: {sum(k not in differ for k in score)}/{len(score)} files")
    for k in differ[:20]:
        print(f"  differs: {k}" + ("" if k in this and k in other else " (only in one)"))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
