"""``dedup index add|query|stats|remove|expire``: keep a near-duplicate index of published articles.

INDEX is an SQLite file or a ``redis://host:port/db`` URL (``--namespace``); only ``add`` creates
one, the other actions refuse a missing file or a namespace without an index.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from ..errors import IndexCorruptError, IndexFormatError, InputError
from ..inputs import read_article
from ..records import ErrorReport, Fields, Record, chunked, detect_format, read_records
from ..render.text import clean
from ..wording import counted
from .options import add_field_options

EPILOG = """\
examples:
  dedup index add news.db today.jsonl.gz                 # records: id, text, any other fields -> meta
  dedup index add news.db article-123.txt                # one article, id = file name without .txt
  dedup index add news.db archive.jsonl --text-field content --source-field publisher
  dedup index query news.db incoming.txt --top-k 5 --format json
  dedup index stats news.db
  dedup index check news.db                              # every table and record; exit 1 if damaged
  dedup index compact news.db                            # one run per lookup table (index add does it
                                                         # itself after a bulk load: see --compact)
  dedup index remove news.db article-123
  dedup index expire news.db --before 2024-01-01
  dedup index add redis://127.0.0.1:6379/0 --namespace newsroom today.jsonl

Records (.jsonl, .jsonl.gz, .csv, .parquet): the id field (string or integer) and the text field
are required; a "meta" object and every other field (date, source, url, title...) are stored as the
article's metadata; the fields are read as `dedup score` reads them. Dates may be ISO or as news
sites print them ("31 Juli 2019"). A bad record stops the run with one line naming file, line and
field (exit 2); what was added before its batch stays. With --on-error skip it is left out, the
others are stored, and each skipped record is one line at the end.
Exit status: 0 done, 1 nothing found to remove (none of the ids given) or check found damage, 2 bad input
or a failed store."""

_ARTICLE_SUFFIXES = (".txt", ".text", ".md")
#: ``index add`` compacts the index (``Index.compact``) when it added at least 1/BULK_SHARE of it: a
#: bulk load, next to which compacting is short (1,000,000 synthetic articles: 37.5 s after a
#: 1,848-s load), and queries after it cost 0.69-0.77x the CPU (300,000 and 1,000,000 articles),
#: p99 10.4-10.7 -> 8.2 ms at 1,000,000 (docs/PERFORMANCE.md).
BULK_SHARE = 4


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "index",
        help="add articles to a near-duplicate index, query it, inspect it",
        description="A near-duplicate index of published articles (SQLite file or Redis): add "
        "articles, then query new ones against everything already stored.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    isub = p.add_subparsers(dest="index_command", metavar="ACTION")
    isub.required = True

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument("index", metavar="INDEX", help="SQLite file or redis:// URL")
        q.add_argument("--namespace", default="dedup", help="key prefix of a Redis index (default: dedup)")
        q.add_argument("--timeout", type=float, metavar="SECONDS",
                       help="give up on a Redis server that does not answer, or an SQLite file locked by "
                       "another writer, after this long (default 30 s Redis, 60 s SQLite)")

    a = isub.add_parser("add", help="add (or replace) articles: .txt files or record files")
    common(a)
    a.add_argument("inputs", nargs="+", metavar="FILE", help=".txt article, or .jsonl/.jsonl.gz/.csv/.parquet records")
    add_field_options(a, ("id", "text", "date", "time", "source", "title"), helps={
        "date": "stored as meta 'date' (ISO)",
        "source": "stored as meta 'source' (for --exclude-source)",
        "title": "put on the first line of the text when it is not there"})
    a.add_argument("--batch-size", type=int, default=1000, help="articles per transaction (default 1000)")
    a.add_argument("--on-error", choices=("fail", "skip"), default="fail",
                   help="a bad record: stop there, nothing of its batch stored (default), or skip it, "
                   "store the others and list each skipped one")
    a.add_argument("--compact", action=argparse.BooleanOptionalAction, default=None,
                   help="compact the lookup tables when done, as `dedup index compact` (default: when this "
                   "run added a quarter of the index or more, a bulk load)")
    a.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    a.set_defaults(index_run=_add)

    q = isub.add_parser("query", help="find stored articles that share text with an article")
    common(q)
    q.add_argument("input", metavar="FILE", help="the article (.txt; '-' reads stdin)")
    q.add_argument("--top-k", type=int, default=10, help="at most this many matches (default 10)")
    q.add_argument("--format", choices=("text", "json"), default="text")
    q.add_argument("--since", help="only matches dated on or after this ISO date")
    q.add_argument("--until", help="only matches dated before this ISO date")
    q.add_argument("--exclude-source", action="append", metavar="SOURCE", help="leave out this source (repeatable)")
    q.add_argument("--exclude-id", action="append", metavar="ID", help="leave out this id (repeatable)")
    q.add_argument("--source", help="the query's source (outlet): verdicts read it with the stored article's")
    q.add_argument("--published", metavar="WHEN", help="the query's publication time (ISO 8601 date or datetime)")
    q.set_defaults(index_run=_query)

    s = isub.add_parser("stats", help="size, parameters and backend of an index")
    common(s)
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.set_defaults(index_run=_stats)

    r = isub.add_parser("remove", help="remove articles by id")
    common(r)
    r.add_argument("ids", nargs="+", metavar="ID")
    r.set_defaults(index_run=_remove)

    e = isub.add_parser("expire", help="remove articles dated before a date")
    common(e)
    e.add_argument("--before", required=True, help="ISO date: articles dated earlier are removed")
    e.set_defaults(index_run=_expire)

    k = isub.add_parser("compact", help="rewrite an SQLite index's lookup tables for faster queries "
                        "(after a bulk add)")
    common(k)
    k.set_defaults(index_run=_compact)

    c = isub.add_parser("check", help="check every table and record of an index; exit 1 when damaged")
    common(c)
    c.set_defaults(index_run=_check)
    return p


def run(args) -> int:
    return args.index_run(args)


def _is_url(location: str) -> bool:
    return location.startswith(("redis://", "rediss://", "unix://"))


def _open(args, create: bool = False):
    """The index at INDEX; without ``create`` a missing file or Redis namespace is refused
    (one error line, exit 2) and nothing is created or written."""
    from ..index import Index
    from ..storage.base import MissingIndexError

    if not _is_url(args.index) and os.path.isdir(args.index):
        raise InputError(f"{args.index}: is a directory, not an index file")
    options = {} if args.timeout is None else {"timeout": _timeout(args.timeout)}
    try:
        return Index(args.index, namespace=args.namespace, create=create, **options)
    except MissingIndexError as e:
        ns = f" --namespace {args.namespace}" if _is_url(args.index) else ""
        raise InputError(f"{e} (create it with: dedup index add {args.index}{ns} FILE)") from None


# --- add -------------------------------------------------------------------------------------------


def _article(path: str):
    """A .txt/.text/.md article as a Record: its id is the file name without the suffix."""
    stem = os.path.basename(path)
    for suffix in _ARTICLE_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return Record(stem, read_article(path), origin=path)


def _records(args, errors):
    """Every input as Records: articles one each, record files as ``dedup score`` reads them."""
    fields = Fields(args.id_field, args.text_field, args.date_field, args.source_field, args.title_field,
                    time=args.time_field)
    for path in args.inputs:
        if path.lower().endswith(_ARTICLE_SUFFIXES):
            yield _article(path)
        else:
            yield from read_records(path, fields=fields, errors=errors)


def _remove_sqlite_file(path: str) -> None:
    for name in (path, path + "-wal", path + "-shm", path + "-journal"):
        try:
            os.remove(name)
        except FileNotFoundError:
            pass


def _add(args) -> int:
    from ..progress import Progress

    if args.batch_size < 1:
        raise InputError(f"--batch-size must be at least 1, got {args.batch_size}")
    for path in args.inputs:  # refuse unknown inputs before opening (or creating) the index
        if not path.lower().endswith(_ARTICLE_SUFFIXES):
            detect_format(path)
    errors = ErrorReport(args.on_error)
    new_file = not _is_url(args.index) and not os.path.exists(args.index)
    index = _open(args, create=True)
    progress = Progress("index add", unit="articles", enabled=Progress.wanted(args.quiet))
    added = 0
    done = False
    try:
        # batch by batch, so that a failure can say how much is stored before it
        for batch in chunked(_records(args, errors), args.batch_size):
            got = index.add_many(batch, batch_size=args.batch_size, on_error=args.on_error)
            added += got
            for s in got.skipped:
                errors.add(s.reason)
            progress.update(len(batch))
        total = len(index)
        progress.close()
        bulk = added * BULK_SHARE >= total if args.compact is None else args.compact
        if bulk and Progress.wanted(args.quiet):
            print("index add: compacting the lookup tables (--no-compact skips it)", file=sys.stderr)
        merged = index.compact() if bulk else {}
        done = True
    except InputError as e:
        progress.close()
        if new_file and added == 0:
            raise InputError(f"{e} (nothing added; no index created)") from None
        raise InputError(f"{e} ({counted(added, 'article')} added before it {'is' if added == 1 else 'are'} stored)") from None
    except BaseException:
        progress.close()
        raise
    finally:
        index.close()  # a failed store (Redis gone) is not asked again: one error, one line
        if not done and new_file and added == 0:
            _remove_sqlite_file(args.index)  # a failed first add leaves no empty index behind
    print(f"added {counted(added, 'article')} to {args.index} (now {total:,})", file=sys.stderr)
    for line in errors.lines():  # each skipped record by file and line, up to a cap
        print(f"dedup index: {clean(line)}", file=sys.stderr)
    if merged:
        print(_compacted(merged), file=sys.stderr)
    return 0


# --- query, stats, remove, expire ------------------------------------------------------------------


def _query(args) -> int:
    if args.top_k < 1:
        raise InputError(f"--top-k must be at least 1, got {args.top_k}")
    text = read_article(args.input)
    with _open(args) as index:
        matches = index.query(
            text, top_k=args.top_k, since=args.since, until=args.until,
            exclude_source=args.exclude_source, exclude_id=args.exclude_id,
            source=args.source, published=args.published,
        )
        if args.format == "json":
            doc = {"query": args.input, "index": args.index, "matches": [m.to_dict() for m in matches]}
            print(json.dumps(doc, ensure_ascii=False, indent=2))
            return 0
        out = [f"{clean(args.input)}: {len(matches)} match{'es' if len(matches) != 1 else ''} in {args.index}"]
        for rank, m in enumerate(matches, 1):
            out.append(
                f"{rank:>3}. {clean(m.id)}  {m.verdict}  score {m.score:.2f}  jaccard {m.similarity:.2f} ({m.jaccard_kind})"
                f"  query in match {m.containment_query_in_match:.0%}  match in query {m.containment_match_in_query:.0%}"
                f"  [{'+'.join(m.channels)}]"
            )
            facts = [f"{k}: {m.meta[k]}" for k in ("date", "source", "title", "url") if m.meta.get(k) not in (None, "")]
            if facts:
                out.append("     " + "  ".join(_one_line(f) for f in facts))
        print("\n".join(out))
    return 0


def _one_line(s: str, limit: int = 100) -> str:
    s = " ".join(clean(str(s)).split())  # ids and metadata are untrusted: no escape sequences
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _stats(args) -> int:
    with _open(args) as index:
        st = index.stats()
    if args.format == "json":
        print(json.dumps(st, indent=2))
        return 0
    for k, v in st.items():
        if isinstance(v, dict):
            v = ", ".join(f"{a}={b}" for a, b in v.items())
        elif isinstance(v, int) and not isinstance(v, bool):
            v = f"{v:,}"
        print(f"{k}: {v}")
    return 0


def _remove(args) -> int:
    ids = list(dict.fromkeys(args.ids))  # an id given twice is removed once
    with _open(args) as index:
        missing = [i for i in ids if not index.remove(i)]
    removed = len(ids) - len(missing)
    line = f"removed {removed:,} of {counted(len(ids), 'id')}"
    if missing:
        shown = ", ".join(clean(i) for i in missing[:20]) + (f" and {len(missing) - 20:,} more" if len(missing) > 20 else "")
        line += f"; not in the index: {shown}"
    print(line, file=sys.stderr)
    return 0 if removed else 1  # 1 only when nothing at all was found to remove


def _expire(args) -> int:
    with _open(args) as index:
        n = index.expire(before=args.before)
    print(f"removed {counted(n, 'article')} dated before {args.before}", file=sys.stderr)
    return 0


def _compact(args) -> int:
    with _open(args) as index:
        merged = index.compact()
    if merged:
        print(_compacted(merged), file=sys.stderr)
    else:
        print("nothing to compact", file=sys.stderr)
    return 0


def _compacted(merged: dict) -> str:
    return "compacted: " + ", ".join(f"{fam} {counted(n, 'level')} -> 1 run" for fam, n in merged.items())


def _timeout(value: float) -> float:
    if not value > 0:
        raise InputError(f"--timeout must be a number of seconds > 0, got {value:g}")
    return value


def _check(args) -> int:
    """Every problem of the index, one line each on stdout; exit 1 when there is any."""
    try:
        index = _open(args)
    except (IndexCorruptError, IndexFormatError) as e:
        print(clean(f"{args.index}: {e}"))
        return 1
    with index:
        n = len(index)
        try:
            problems = index.check()
        except IndexCorruptError as e:  # damage the checks themselves cannot read past
            problems = [str(e)]
    for p in problems:
        print(clean(f"{args.index}: {p}"))
    if problems:
        print(f"dedup index check: {len(problems):,} problem{'s' if len(problems) != 1 else ''} "
              f"in {args.index}", file=sys.stderr)
        return 1
    print(f"dedup index check: {args.index}: ok ({n:,} articles)", file=sys.stderr)
    return 0
