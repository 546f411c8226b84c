"""``dedup collate FILE...``: every copy of a story, sentence by sentence, and who copied whom."""

from __future__ import annotations

import argparse
import sys

from .options import add_color_options, add_field_options, output_format, wants_color, write_output

EPILOG = """\
examples:
  dedup collate examples/tribunpalu.txt examples/tribunnews.txt
  dedup collate pa.txt times.txt guardian.txt sun.txt --base pa.txt --output story.html
  dedup collate --input corpus.jsonl --ids kompas-1,tribun-7,tribun-9 --format json
  dedup collate --input archive.parquet --text-field content --ids a,b,c -o story.md

The base defaults to the story's original by the rule of dedup score: the earliest (with
--input, by --date-field), then the one the others are contained in. Text marks per witness:
= equal, ~ modified, > moved, - cut, + added, . not there; each changed cell's word edits follow
its row ([-old-]{+new+}).

exit status: 0 on success, 2 on a usage or input error (one line on stderr)."""


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "collate",
        help="collate every copy of a story: sentence grid and who copied whom",
        description="Align every copy of a story to one base (the original by default): for each "
        "sentence, which copies kept it, reworded it (word edits and changed facts), moved it or "
        "cut it, and which sentences each copy added; and, from the changes they share, each "
        "copy's most likely parent.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", metavar="FILE", nargs="*", help="the copies (UTF-8 text files; '-' reads stdin once)")
    p.add_argument("--base", metavar="FILE_OR_ID",
                   help="the base every copy is aligned to: one of the FILEs (or another file, added as a "
                   "witness), or with --input one of the --ids (default: the original)")
    p.add_argument("-f", "--format", choices=("text", "json", "markdown", "html"), default=None,
                   help="text (the default), json (the Collation.to_dict() document), markdown, or html for one "
                   "self-contained page; without --format, an --output name ending in .html, .md or .json picks it")
    p.add_argument("-o", "--output", metavar="FILE", help="write the result to FILE instead of stdout ('-' is stdout)")
    g = p.add_argument_group("corpus input (instead of FILEs)")
    g.add_argument("--input", metavar="CORPUS", help="a corpus file: .jsonl, .jsonl.gz, .csv or .parquet")
    g.add_argument("--ids", metavar="A,B,C", help="the ids of the copies to collate (comma-separated)")
    g.add_argument("--input-format", choices=("jsonl", "csv", "parquet"), help="the corpus's format (default: from the name)")
    add_field_options(g)
    add_color_options(p)
    return p


def run(args: argparse.Namespace) -> int:
    from ..collate import collate
    from ..errors import InputError
    from ..render.collate import render

    if args.input is None and args.ids is not None:
        raise InputError("--ids needs --input (the corpus the ids are in)")
    if args.input is not None:
        if args.files:
            raise InputError("give either FILEs or --input with --ids, not both")
        if not args.ids:
            raise InputError("--input needs --ids: the ids of the copies to collate (comma-separated)")
        texts, ids, sources, dates = _from_corpus(args)
        base = args.base
    else:
        if not args.files:
            raise InputError("no FILEs to collate (or give --input CORPUS --ids A,B,C)")
        texts, ids, base = _from_files(args.files, args.base)
        sources = dates = None
    to_stdout = args.output in (None, "-")
    fmt = args.format or ("text" if to_stdout else output_format(args.output))
    collation = collate(texts, ids=ids, base=base, sources=sources, published=dates)
    out = render(collation, fmt, color=wants_color(args, to_stdout) and fmt == "text")
    write_output(out, args.output)
    return 0


def _from_files(files: list[str], base: str | None) -> tuple[list[str], list[str], int | None]:
    from ..errors import InputError
    from ..inputs import read_article

    if files.count("-") > 1:
        raise InputError("only one FILE can be '-' (standard input)")
    if len(set(files)) != len(files):
        twice = next(f for f in files if files.count(f) > 1)
        raise InputError(f"{twice}: given twice")
    if base is not None and base not in files:
        files = [base, *files]
    texts = [read_article(f) for f in files]
    ids = ["<stdin>" if f == "-" else f for f in files]
    return texts, ids, None if base is None else files.index(base)


def _from_corpus(args) -> tuple[list[str], list[str], list[str | None], list[str | None]]:
    """The records named by --ids, read with the corpus reader of ``dedup score``."""
    from ..errors import InputError
    from ..records import ErrorReport, Fields, detect_format, read_records

    wanted = [x.strip() for x in args.ids.split(",") if x.strip()]
    if len(set(wanted)) != len(wanted):
        raise InputError(f"--ids: {next(x for x in wanted if wanted.count(x) > 1)!r} is given twice")
    detect_format(args.input, args.input_format, hint=" (or give the corpus's format with --input-format)")
    fields = Fields(args.id_field, args.text_field, args.date_field, args.source_field, args.title_field,
                    args.url_field)
    errors = ErrorReport("skip")
    found = {}
    for rec in read_records(args.input, fields=fields, format=args.input_format, errors=errors):
        if rec.id in wanted and rec.id not in found:
            found[rec.id] = rec
    missing = [x for x in wanted if x not in found]
    if missing:
        hint = f" ({errors.summary()})" if errors.count else ""
        raise InputError(f"{args.input}: no record with the id {missing[0]!r} in field {fields.id!r}{hint}")
    if args.base is not None and args.base not in found:
        raise InputError(f"--base {args.base!r} is not one of the --ids")
    for line in errors.lines():
        print(f"dedup collate: {line}", file=sys.stderr)
    recs = [found[x] for x in wanted]
    return ([r.text for r in recs], [r.id for r in recs], [r.source for r in recs],
            [r.date.isoformat() if r.date else None for r in recs])
