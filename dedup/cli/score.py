"""``dedup score INPUT --pairs OUT [--clusters OUT] [--report report.html]``: score a whole corpus."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time

from ..errors import InputError
from ..records import Fields, check_output, detect_format, write_text
from ..render.text import clean
from ..wording import counted as _n
from .options import add_field_options

EPILOG = """\
examples:
  dedup score day.jsonl.gz --pairs pairs.csv --clusters clusters.csv --report report.html
  dedup score archive.parquet --text-field content --source-field publisher --window 3 \\
      --cross-source-only --pairs pairs.parquet
  dedup score big.jsonl --engine dask --scheduler tcp://10.0.0.5:8786 --pairs pairs.jsonl

Input: JSONL (plain or .gz), CSV or Parquet, one article per record. Output format follows the
file name (.jsonl, .jsonl.gz, .csv, .parquet). Malformed records are skipped, counted and
summarised at the end (--on-error fail stops at the first). Exit status: 0 done, 2 bad input."""


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "score",
        help="find every near-duplicate pair and cluster of copies in a corpus",
        description="Find every near-duplicate pair of a corpus, name what each is (verdict), "
        "cluster the copies and pick each cluster's original.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", metavar="INPUT", help="corpus file: .jsonl, .jsonl.gz, .csv or .parquet")
    p.add_argument("--pairs", metavar="OUT", required=True, help="write the pairs here (.jsonl/.csv/.parquet)")
    p.add_argument("--clusters", metavar="OUT", help="write cluster members here (id, cluster, original)")
    p.add_argument("--report", metavar="HTML", help="write a summary page with links to side-by-side diffs")
    p.add_argument("--report-pairs", type=int, default=300, metavar="N",
                   help="pairs listed (each with its diff page) in the report (default 300)")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), help="input format (default: from the name)")
    g = p.add_argument_group("fields")
    add_field_options(g, ("id", "text", "date", "time", "source", "title", "url"),
                      helps={"url": "the article's address, linked from its report page"})
    g.add_argument("--on-error", choices=("skip", "fail"), default="skip",
                   help="malformed records: skip and count them (default), or stop")
    s = p.add_argument_group("what to compare")
    s.add_argument("--threshold", type=float, default=None,
                   help="Jaccard the candidate search is tuned for, and the least Jaccard or containment "
                   "for a pair to be compared (default 0.3; 0.2 finds more rewritten copies but its chance "
                   "candidates grow with the square of the corpus size)")
    s.add_argument("--window", type=float, metavar="DAYS",
                   help="compare only articles published at most DAYS apart")
    src = s.add_mutually_exclusive_group()
    src.add_argument("--same-source", action="store_true", help="compare only articles of the same source")
    src.add_argument("--cross-source-only", action="store_true", help="compare only articles of different sources")
    s.add_argument("--diffs", action="store_true", help="attach the sentence ops of each pair (column 'ops')")
    s.add_argument("--all-pairs", action="store_true", help="also write candidate pairs judged unrelated")
    e = p.add_argument_group("engine")
    e.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster")
    e.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: start a local cluster)")
    e.add_argument("--workers", type=int, metavar="N", help="worker processes (default: one per core)")
    e.add_argument("--tmp-dir", metavar="DIR", help="where the temporary text store goes (default: system temp)")
    e.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary")
    e.add_argument("--stats", metavar="JSON", help="write the run's figures (counts, seconds per stage) as JSON")
    return p


def run(args: argparse.Namespace) -> int:
    from ..corpus import DEFAULT_THRESHOLD, score
    from ..progress import Progress

    if args.scheduler and args.engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    # Refuse unknown formats and unwritable paths before hours of work, not after.
    detect_format(args.input, args.format, hint=" (or give the input's format with --format)")
    for option, path in (("--pairs", args.pairs), ("--clusters", args.clusters)):
        if path:  # an output's format follows its name only (--format is the input's)
            try:
                detect_format(path)
            except InputError as e:
                raise InputError(f"{option} {e} (.jsonl.gz for gzipped JSONL)") from None
    if args.report and not args.report.lower().endswith((".html", ".htm")):
        raise InputError(f"{args.report}: the report is an HTML page; name it .html")
    for path in (args.pairs, args.clusters, args.report, args.stats):
        if path:
            check_output(path)
    fields = Fields(args.id_field, args.text_field, args.date_field, args.source_field, args.title_field,
                    args.url_field, args.time_field)
    with score(
        args.input,
        threshold=DEFAULT_THRESHOLD if args.threshold is None else args.threshold,
        window=args.window,
        same_source=args.same_source,
        cross_source_only=args.cross_source_only,
        diffs=args.diffs,
        all_pairs=args.all_pairs,
        fields=fields,
        format=args.format,
        on_error=args.on_error,
        engine=args.engine,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=Progress.wanted(args.quiet),
        tmp_dir=args.tmp_dir,
    ) as result:
        if args.report:
            _write_report(result, args)
        n_pairs = result.write_pairs(args.pairs)
        if args.clusters:
            result.write_clusters(args.clusters)
    if not args.quiet:
        st = result.stats
        verdicts = ", ".join(f"{v} {n:,}" for v, n in st["verdicts"].items()) or "none"
        print(
            f"dedup score: {_n(st['records'], 'article')}, {_n(st['candidates_after_filters'], 'candidate pair')}, "
            f"{_n(n_pairs, 'pair')} written ({verdicts}), {_n(st['clusters'], 'cluster')} of "
            f"{_n(st['clustered_articles'], 'article')}"
            f"{', ' + _n(st['no_content'], 'article') + ' without content (not compared)' if st.get('no_content') else ''}"
            f", {st['seconds_total']:.1f} s on {st['engine']}",
            file=sys.stderr,
        )
    if args.stats:
        write_text(args.stats, json.dumps({**result.stats, "pairs_written": n_pairs, "errors": result.errors.summary(),
                                           "error_lines": result.errors.lines()}, indent=1))
    if result.errors.count or result.errors.warnings:
        for line in result.errors.lines():  # each skipped record by file and line, up to a cap
            print(f"dedup score: {clean(line)}", file=sys.stderr)
    return 0


def _write_report(result, args: argparse.Namespace) -> None:
    """The summary page and its diff and story pages; the report's time joins the run's."""
    from ..progress import Progress
    from ..render.report import write_report

    t = time.perf_counter()
    write_report(result, args.report, max_pairs=args.report_pairs, progress=Progress.wanted(args.quiet))
    st = result.stats
    st["seconds_report"] = round(time.perf_counter() - t, 2)
    st["seconds_total"] = round(st["seconds_total"] + st["seconds_report"], 2)
    logging.getLogger("dedup.corpus").info("wrote the report %s in %.1f s", args.report, st["seconds_report"])
