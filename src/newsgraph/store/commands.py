"""The store's subcommands of ``newsgraph``: ingest, queries, export and report.

The questions themselves live in ``queries`` and ``counting``, their subcommands in
``query_commands``; option types in ``options``; rows are printed by ``display``.  Messages
go to standard error.  Every number and date option is checked as it is parsed: a bad value
is a one-line error naming the option and the form expected, with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsgraph.errors import ConfigError, StoreError
from newsgraph.store.options import MAX_INTEGER, iso_day, seconds, whole_number

__all__ = ["MAX_INTEGER", "add_commands", "iso_day", "open_store", "seconds", "whole_number"]

DEFAULT_DB = "newsgraph.db"


def add_commands(commands: Any) -> None:
    """Register the store subcommands on the ``newsgraph`` parser's subparsers."""
    ingest = _command(commands, "ingest", "run the pipeline over inputs into a database", _ingest)
    ingest.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or URLs")
    from newsgraph.input_options import add_input_options

    add_input_options(ingest)  # the same as extract's: --published, --meta, --urls, --fetch...
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
    from newsgraph.store.query_commands import add_query_commands

    add_query_commands(commands, _command)
    article = _command(commands, "article", "one article: its record, or a readable view of "
                       "its text, events, quotes or entities", _article)  # fmt: skip
    article.add_argument("id", help="article id (or a unique prefix of it)")
    article.add_argument(
        "--show",
        choices=["record", "text", "events", "quotes", "entities"],
        default="record",
        help="what to print (record: the JSON record)",
    )
    article.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="mark spans with colour (auto: on a terminal), else [brackets]",
    )
    export = _command(commands, "export", "write the database in another format", _export)
    export.add_argument("--format", required=True, choices=_formats())
    export.add_argument("--out", required=True, help="file (or folder for parquet and csv)")
    report = _command(commands, "report", "a short report: actors, event classes, quotes, "
                      "and what to ask next", _report)  # fmt: skip
    report.add_argument("--output", choices=["table", "json"], default="table")


def _formats() -> Sequence[str]:
    from newsgraph.store.geojson import GEOJSON_FORMATS

    return ("gdelt-events", "gdelt-mentions", "gkg", "parquet", "jsonl", "csv", *GEOJSON_FORMATS)


def _command(commands: Any, name: str, help: str, run: Callable[..., int]) -> Any:
    parser = commands.add_parser(name, help=help)
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database file (default {DEFAULT_DB})")
    if name not in ("ingest", "export"):
        parser.add_argument("--parquet", metavar="DIR", help="read a `newsgraph batch` output")
    parser.set_defaults(store_command=run)
    return parser


def open_store(args: argparse.Namespace) -> Any:
    """The database of ``--db``, read-only; a folder or a missing file is a clear error."""
    from newsgraph.store import Store

    if getattr(args, "parquet", None):
        from newsgraph.batch.parquet import open_parquet

        return Store(args.parquet, readonly=True, connect=open_parquet)
    check_db(args.db, must_exist=True)
    return Store(args.db, readonly=True)


def check_db(db: str, *, must_exist: bool) -> None:
    """Refuse a ``--db`` that names a folder (or, to read, nothing) before SQLite does."""
    path = Path(db)
    if path.is_dir():
        raise StoreError(f"--db {db}: is a folder, not a database file "
                         f"(give a file, such as {path / DEFAULT_DB})")  # fmt: skip
    if must_exist and not path.exists():
        raise StoreError(f"--db {db}: no such database (create it with newsgraph ingest "
                         f"PATH --db {db})")  # fmt: skip


def _terminated(number: int, frame: Any) -> None:
    # SIGTERM ends the run the way an error does: what is pending is committed, the workers
    # are stopped, the lock is released (the default action would skip all of that).
    raise SystemExit(128 + number)


def _ingest(args: argparse.Namespace) -> int:
    from newsgraph.input_options import input_metadata, input_settings
    from newsgraph.store.ingest import ingest

    check_db(args.db, must_exist=False)
    if not args.paths and not args.urls:
        raise ConfigError("ingest needs a PATH (a file, a folder or a URL) or --urls FILE")
    settings, metadata = input_settings(args), input_metadata(args)
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
            settings=settings,
            metadata=metadata,
            urls_file=args.urls,
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


def _article(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        record = store.article(args.id)
    if args.show == "record":
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return 0
    from newsgraph.store.article_view import render

    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    sys.stdout.write(render(record, args.show, colour=colour))
    return 0


def _export(args: argparse.Namespace) -> int:
    from newsgraph.store.geojson import GEOJSON_FORMATS, export_geojson

    with open_store(args) as store:
        if args.format in GEOJSON_FORMATS:
            written = export_geojson(store.conn, args.format, args.out)
        else:
            written = store.export(args.format, args.out)
    unit = "files" if args.format in ("parquet", "csv") else "rows"
    unit = "features" if args.format in GEOJSON_FORMATS else unit
    print(f"newsgraph: {written} {unit} written to {args.out}", file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from newsgraph.store.report import report_data, write_report

    with open_store(args) as store:
        if args.output == "json":
            print(json.dumps(report_data(store), ensure_ascii=False, indent=2))
        else:
            write_report(store, sys.stdout)
    return 0
