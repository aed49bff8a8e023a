"""The store's subcommands of ``newsgraph``: ingest, queries, export and report.

The questions themselves live in ``queries``; this module parses options and formats rows as a
table, JSON or CSV on standard output.  Messages go to standard error.  Every number and date
option is checked as it is parsed: a bad value is a one-line error naming the option and the
form expected, with exit status 2.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TextIO

Rows = list[dict[str, Any]]
DEFAULT_DB = "newsgraph.db"
MAX_INTEGER = 2**63 - 1
"""The largest integer SQLite stores: no count or limit may be larger."""


def whole_number(smallest: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``smallest`` to SQLite's largest integer."""

    def parse(value: str) -> int:
        expected = f"expected a whole number from {smallest} to {MAX_INTEGER}"
        try:
            number = int(value.strip(), 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{expected}, not {value!r}") from None
        if not smallest <= number <= MAX_INTEGER:
            raise argparse.ArgumentTypeError(f"{expected}, not {value}")
        return number

    parse.__name__ = "whole number"
    return parse


def seconds(value: str) -> float:
    """An argparse type: a number of seconds, zero or more."""
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds (0 or more), not {value!r}")
    return number


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_day(value: str) -> str:
    """An argparse type: a date as ``YYYY-MM-DD``."""
    try:
        if not _ISO_DAY.match(value):
            raise ValueError(value)
        dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {value!r}") from None
    return value


def add_commands(commands: Any) -> None:
    """Register the store subcommands on the ``newsgraph`` parser's subparsers."""
    ingest = _command(commands, "ingest", "run the pipeline over inputs into a database", _ingest)
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    ingest.add_argument(
        "--workers", type=whole_number(0), default=os.cpu_count() or 1, help="processes"
    )
    ingest.add_argument("--quiet", action="store_true", help="no progress display")
    ingest.add_argument(
        "--commit-every",
        type=whole_number(1),
        default=25,
        metavar="N",
        help="articles per transaction",
    )
    ingest.add_argument(
        "--wait",
        type=seconds,
        default=600.0,
        metavar="S",
        help="seconds to wait for another ingest into the same database to finish (600)",
    )
    ingest.add_argument(
        "--reprocess", action="store_true", help="redo articles stored by another pipeline version"
    )
    search = _query(commands, "search", "articles containing every word", _search)
    search.add_argument("text", help="words to find in titles and texts")
    events = _query(commands, "events", "events with mention counts, newest first", _events)
    _event_filters(events)
    for flag, meaning in (("--root", "two-digit CAMEO root"), ("--code", "CAMEO code prefix")):
        events.add_argument(flag, help=meaning)
    events.add_argument("--quad", type=int, choices=[1, 2, 3, 4], help="quad class")
    events.add_argument("--place", help="country code or part of a place name")
    quotes = _query(commands, "quotes", "quotations by speaker or words", _quotes)
    quotes.add_argument("--speaker", help="part of the speaker's name")
    quotes.add_argument("--text", help="words the quotation contains")
    entities = _query(commands, "entities", "the most mentioned entities", _entities)
    entities.add_argument("--type", help="PERSON, ORG, GPE, LOC, NORP, ...")
    entities.add_argument("--name", help="part of a name or alias")
    entities.add_argument("--top", type=whole_number(1), default=20, help="how many")
    timeline = _query(commands, "timeline", "events per day or week by quad class", _timeline)
    _event_filters(timeline)
    timeline.add_argument("--period", choices=["day", "week"], default="day")
    stories = _query(commands, "stories", "near-duplicate groups, largest first", _stories)
    stories.add_argument(
        "--min-articles", type=whole_number(1), default=2, help="smallest group shown"
    )
    article = _command(commands, "article", "print the full record of one article", _article)
    article.add_argument("id", help="article id (or a unique prefix of it)")
    export = _command(commands, "export", "write the database in another format", _export)
    export.add_argument("--format", required=True, choices=_formats())
    export.add_argument("--out", required=True, help="file (or folder for parquet and csv)")
    _command(commands, "report", "a short report: actors, event classes, quotes", _report)


def _formats() -> Sequence[str]:
    return ("gdelt-events", "gdelt-mentions", "gkg", "parquet", "jsonl", "csv")


def _command(commands: Any, name: str, help: str, run: Callable[..., int]) -> Any:
    parser = commands.add_parser(name, help=help)
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database file (default {DEFAULT_DB})")
    parser.set_defaults(store_command=run)
    return parser


def _query(commands: Any, name: str, help: str, run: Callable[..., int]) -> Any:
    parser = _command(commands, name, help, run)
    parser.add_argument("--output", choices=["table", "json", "csv"], default="table")
    if name not in ("entities", "timeline"):
        parser.add_argument("--limit", type=whole_number(1), default=50, help="most rows shown")
    return parser


def _event_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--actor", help="actor code or prefix, as source or target (MEX, USAGOV)")
    parser.add_argument("--dyad", nargs=2, metavar=("SOURCE", "TARGET"), help="actor prefixes")
    parser.add_argument("--since", type=iso_day, help="first date, YYYY-MM-DD")
    parser.add_argument("--until", type=iso_day, help="last date, YYYY-MM-DD")


def _open(args: argparse.Namespace) -> Any:
    from newsgraph.store import Store

    return Store(args.db, readonly=True)


def _terminated(number: int, frame: Any) -> None:
    # SIGTERM ends the run the way an error does: what is pending is committed, the workers
    # are stopped, the lock is released (the default action would skip all of that).
    raise SystemExit(128 + number)


def _ingest(args: argparse.Namespace) -> int:
    from newsgraph.store.ingest import ingest

    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if main_thread else None
    try:
        stats = ingest(
            args.paths,
            args.db,
            workers=args.workers,
            reprocess=args.reprocess,
            quiet=args.quiet,
            commit_every=args.commit_every,
            lock_timeout=args.wait,
        )
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    if not args.quiet:
        rate = stats.read / stats.seconds if stats.seconds else 0.0
        print(
            f"newsgraph: {stats.stored} stored, {stats.copy} more publications of stored texts, "
            f"{stats.replaced} re-processed, {stats.skipped} already stored, "
            f"{stats.rejected} rejected in {stats.seconds:.1f} s "
            f"({rate:.1f} articles/s) -> {args.db}",
            file=sys.stderr,
        )
    return 1 if stats.rejected else 0


def _show(args: argparse.Namespace, rows: Rows) -> int:
    print_rows(rows, args.output, sys.stdout)
    return 0


def _search(args: argparse.Namespace) -> int:
    with _open(args) as store:
        return _show(args, store.search(args.text, limit=args.limit))


def _events(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rows = store.events(
            actor=args.actor, dyad=args.dyad, root=args.root, code=args.code,
            quad_class=args.quad, since=args.since, until=args.until, place=args.place,
            limit=args.limit,
        )  # fmt: skip
    return _show(args, rows)


def _quotes(args: argparse.Namespace) -> int:
    with _open(args) as store:
        return _show(args, store.quotes(speaker=args.speaker, text=args.text, limit=args.limit))


def _entities(args: argparse.Namespace) -> int:
    with _open(args) as store:
        return _show(args, store.entities(type=args.type, top=args.top, name=args.name))


def _timeline(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rows = store.timeline(
            actor=args.actor, dyad=args.dyad, period=args.period, since=args.since,
            until=args.until,
        )  # fmt: skip
    return _show(args, rows)


def _stories(args: argparse.Namespace) -> int:
    with _open(args) as store:
        return _show(args, store.stories(min_articles=args.min_articles, limit=args.limit))


def _article(args: argparse.Namespace) -> int:
    with _open(args) as store:
        record = store.article(args.id)
    print(json.dumps(record, ensure_ascii=False, indent=2))
    return 0


def _export(args: argparse.Namespace) -> int:
    with _open(args) as store:
        written = store.export(args.format, args.out)
    unit = "files" if args.format in ("parquet", "csv") else "rows"
    print(f"newsgraph: {written} {unit} written to {args.out}", file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from newsgraph.store.report import write_report

    with _open(args) as store:
        write_report(store, sys.stdout)
    return 0


def print_rows(rows: Rows, output: str, out: TextIO) -> None:
    """Write rows as an aligned table, a JSON array or CSV with a header."""
    if output == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if output == "csv":
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [])
        writer.writeheader()
        writer.writerows(rows)
        return
    out.write(format_table(rows) + "\n")


def format_table(rows: Rows, width: int = 48) -> str:
    """Rows as a plain text table; long values are cut to ``width`` characters."""
    if not rows:
        return "(no rows)"
    columns = list(rows[0])
    cells = [[_cell(row.get(column), width) for column in columns] for row in rows]
    widths = [
        max(len(column), *(len(line[i]) for line in cells)) for i, column in enumerate(columns)
    ]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in cells]
    return "\n".join(line.rstrip() for line in lines)


def _cell(value: Any, width: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = f"{value:.2f}"
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"
