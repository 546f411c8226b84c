"""Options and output handling the subcommands share: record fields, colour, and where a rendered
result goes (the format an ``--output`` name asks for, stdout or an atomically written file)."""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import InputError

#: The fields of an input record, each with its ``--NAME-field`` option (default: the name itself).
FIELDS = ("id", "text", "date", "source", "title", "url")
#: Help of the fields whose meaning is the same in every subcommand that reads records.
FIELD_HELPS = {
    "time": "time of day (14:15, 14.15 WIB, 2:15 PM), joined to the date so that same-day versions are "
            "ordered for the verdict (default 'time'; a time in the date field itself is read too)",
}
#: --output extension -> format, used when --format is not given (no extension: text)
EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".json": "json",
              ".txt": "text", ".text": "text", ".log": "text", "": "text"}


def add_field_options(group, names: tuple[str, ...] = FIELDS, helps: dict[str, str] | None = None) -> None:
    """``--id-field``, ``--text-field``, ... on ``group`` (a parser or an argument group)."""
    helps = {**FIELD_HELPS, **(helps or {})}
    for name in names:
        extra = {"help": helps[name]} if name in helps else {}
        group.add_argument(f"--{name}-field", default=name, **extra)


def add_color_options(p: argparse.ArgumentParser) -> None:
    """``--color`` / ``--no-color`` (``args.color``: True, False, or None for "on a terminal")."""
    color = p.add_mutually_exclusive_group()
    color.add_argument("--color", dest="color", action="store_true", default=None,
                       help="colour the text format even when stdout is not a terminal "
                       "(default: colour only on a terminal)")
    color.add_argument("--no-color", dest="color", action="store_false",
                       help="never colour the text format (also: the NO_COLOR environment variable)")


def output_format(path: str) -> str:
    """The format an --output name asks for; an extension that names none is refused (writing
    text into ``out.pdf`` would only look like success)."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in EXTENSIONS:
        known = ", ".join(e for e in EXTENSIONS if e)
        raise InputError(f"{path}: unknown extension {ext!r}; name it {known}, or choose the format with --format")
    return EXTENSIONS[ext]


def terminal_wants_color() -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org) or TERM is dumb."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def wants_color(args: argparse.Namespace, to_stdout: bool) -> bool:
    """``--color``/``--no-color`` when given, else colour on a terminal."""
    return bool(args.color) if args.color is not None else to_stdout and terminal_wants_color()


def write_output(out: str, output: str | None) -> None:
    """``out`` (ending in a newline) to stdout, or to ``output`` under a temporary name that is
    then renamed (complete or untouched)."""
    from ..records import write_text

    if not out.endswith("\n"):
        out += "\n"
    if output in (None, "-"):
        # Bytes, not str: article text is UTF-8 whatever the locale says (no UnicodeEncodeError).
        sys.stdout.buffer.write(out.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        write_text(output, out)
