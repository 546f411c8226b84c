"""``dedup diff A B``: compare two articles and show what changed."""

from __future__ import annotations

import argparse
import os
import sys

EPILOG = """\
examples:
  dedup diff examples/tribunpalu.txt examples/tribunnews.txt
  dedup diff a.txt b.txt --format json | jq .verdict
  dedup diff a.txt b.txt --format html --output diff.html
  curl -s https://example.org/story | dedup diff - b.txt

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
        "-f", "--format", choices=("text", "json", "markdown", "html"), default="text",
        help="text for a terminal (default), json for programs (the Comparison.to_dict() document), "
        "markdown for a report, or html for one self-contained side-by-side page",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write the result to FILE instead of stdout")
    color = p.add_mutually_exclusive_group()
    color.add_argument("--color", dest="color", action="store_true", default=None,
                       help="colour the text format even when stdout is not a terminal")
    color.add_argument("--no-color", dest="color", action="store_false",
                       help="never colour the text format (also: the NO_COLOR environment variable)")
    return p


def run(args: argparse.Namespace) -> int:
    from ..compare import compare
    from ..errors import InputError
    from ..inputs import read_article
    from ..render import render

    if args.a == "-" and args.b == "-":
        raise InputError("only one of A and B can be '-' (standard input)")
    a, b = read_article(args.a), read_article(args.b)
    comparison = compare(a, b, labels=(_label(args.a), _label(args.b)))
    color = args.color
    if color is None:
        color = args.output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    out = render(comparison, args.format, color=bool(color) and args.format == "text")
    if not out.endswith("\n"):
        out += "\n"
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(out)
        except OSError as e:
            raise InputError(f"{args.output}: cannot write: {e.strerror or e}") from None
    else:
        sys.stdout.write(out)
    return 0


def _label(path: str) -> str:
    return "<stdin>" if path == "-" else path
