"""The ``dedup`` command: a thin layer that parses arguments and calls the library.

Each subcommand lives in its own module (``dedup/cli/<name>.py``) exposing
``add_parser(subparsers)`` and ``run(args) -> int``. Modules import heavy libraries only inside
``run`` so that ``dedup --help`` and ``dedup diff`` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

SUBCOMMANDS = ("collate", "diff", "eval", "index", "score")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr (exit 2), like input errors.

    Subcommand parsers inherit the class (``add_subparsers`` uses ``type(self)``).
    """

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dedup",
        description="Find republished news articles and show exactly what changed.",
    )
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"dedup {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"dedup.cli.{name}")
        except ModuleNotFoundError as e:  # a subcommand not built yet
            if e.name != f"dedup.cli.{name}":
                raise
            continue
        p = module.add_parser(sub)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``dedup`` console script."""
    from ..errors import DedupError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except DedupError as e:
        from ..render.text import clean

        # Messages quote input (ids, field names, values): never let them drive the terminal.
        print(f"dedup {args.command}: error: {clean(str(e))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"dedup {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
