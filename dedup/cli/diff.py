"""``dedup diff A B``: compare two articles and show what changed."""

from __future__ import annotations

import argparse

from .options import add_color_options, output_format, wants_color, write_output

EPILOG = """\
examples:
  dedup diff examples/tribunpalu.txt examples/tribunnews.txt
  dedup diff a.txt b.txt --format json | jq .verdict
  dedup diff a.txt b.txt --output diff.html        (format from the extension)
  dedup diff a.txt b.txt --format markdown > diff.md
  curl -s https://example.org/story | dedup diff - b.txt
  dedup diff a.txt b.txt --index news.db --source fimela   (the outlet's learned boilerplate)

text marks: = equal, ~ modified ([-old-]{+new+} words), + added, - removed, > moved,
/ split, \\ merged; "fact" lines flag changed numbers, dates and names.

exit status: 0 on success, 2 on a usage or input error (one line on stderr)."""


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "diff",
        help="compare two articles: verdict, scores and the sentence-by-sentence diff",
        description="Compare article A with article B: is B a copy of A, and what did it change? "
        "Reports the verdict, the similarity scores and every sentence that is equal, modified "
        "(with the changed words and facts), added, removed, moved, split or merged.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("a", metavar="A", help="the first article (a UTF-8 text file; '-' reads stdin)")
    p.add_argument("b", metavar="B", help="the second article (a UTF-8 text file; '-' reads stdin)")
    p.add_argument(
        "-f", "--format", choices=("text", "json", "markdown", "html"), default=None,
        help="text for a terminal (the default), json for programs (the Comparison.to_dict() "
        "document), markdown for a report, or html for one self-contained side-by-side page; "
        "without --format, an --output name ending in .html, .md or .json picks the format",
    )
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the result to FILE (UTF-8) instead of stdout; '-' is stdout. Without --format "
                   "its extension picks the format: .html, .md, .json, or .txt / .log / none for text; "
                   "any other extension is refused")
    p.add_argument("--index", metavar="INDEX",
                   help="leave out the outlet boilerplate this index has learned (an SQLite file or a "
                   "redis:// URL): sentences that recur across many different articles of one source "
                   "are labelled boilerplate and count neither for the verdict nor for the similarity")
    p.add_argument("--namespace", default="dedup", help="Redis namespace of --index (default: dedup)")
    p.add_argument("--source", metavar="NAME",
                   help="the source (outlet) of A and B, whose learned boilerplate applies "
                   "(default: any source the index knows)")
    add_color_options(p)
    return p


def run(args: argparse.Namespace) -> int:
    from ..compare import compare
    from ..errors import InputError
    from ..inputs import read_article
    from ..render import render

    if args.a == "-" and args.b == "-":
        raise InputError("only one of A and B can be '-' (standard input)")
    if args.source is not None and args.index is None:
        raise InputError("--source needs --index (the learned boilerplate is an index's)")
    to_stdout = args.output in (None, "-")
    fmt = args.format or ("text" if to_stdout else output_format(args.output))
    a, b = read_article(args.a), read_article(args.b)
    if args.index is None:
        comparison = compare(a, b, labels=(_label(args.a), _label(args.b)))
    else:
        from ..index import Index

        with Index(args.index, namespace=args.namespace, create=False) as index:
            comparison = compare(a, b, labels=(_label(args.a), _label(args.b)), boilerplate=index,
                                 sources=(args.source, args.source))
    out = render(comparison, fmt, color=wants_color(args, to_stdout) and fmt == "text")
    write_output(out, args.output)
    return 0


def _label(path: str) -> str:
    return "<stdin>" if path == "-" else path
