"""The store's question subcommands: search, events, quotes, entities, timeline, stories, count.

Each parses its options (every value checked as it is parsed, see ``options``), asks the
library (``queries``, ``counting``) and prints the rows with ``display``.  What goes to
standard error: what a name given to ``--source``/``--target``/``--entity`` matched, "50 of
642 rows; --limit to see more" when rows were left out, and why a result is empty when that
can be told.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsgraph.store import options
from newsgraph.store.display import print_rows

EVENT_COLUMNS = (
    "event_id", "date", "code", "name", "quad_class", "goldstein", "source_actor", "source_name",
    "target_actor", "target_name", "place", "country", "story_id", "num_mentions", "num_sources",
    "num_articles", "avg_tone", "article_id", "url", "published", "title", "trigger",
    "confidence", "sentence",
)  # fmt: skip
EVENT_TABLE = ("date", "code", "source_name", "target_name", "article_id", "sentence")
QUOTE_COLUMNS = ("speaker", "text", "cue", "published", "article_id", "url", "title")
QUOTE_TABLE = ("published", "speaker", "text", "article_id")
ENTITY_COLUMNS = ("id", "name", "type", "actor", "country", "mentions", "articles", "aliases")
TIMELINE_COLUMNS = (
    "period", "events", "verbal_cooperation", "material_cooperation", "verbal_conflict",
    "material_conflict", "mean_goldstein",
)  # fmt: skip
SEARCH_COLUMNS = ("id", "published", "title", "outlet", "story_id", "snippet")
STORY_COLUMNS = ("story_id", "title", "day", "num_articles", "num_sources", "num_texts")


def add_query_commands(commands: Any, command: Any) -> None:
    """Register the question subcommands; ``command`` makes a subparser with ``--db``."""
    search = _query(commands, command, "search", "articles containing every word", _search,
                    SEARCH_COLUMNS)  # fmt: skip
    search.add_argument("text", help="words to find in titles and texts")
    events = _query(commands, command, "events", "events with mention counts and the sentence "
                    "stating each, newest first", _events, EVENT_COLUMNS)  # fmt: skip
    options.event_filters(events)
    quotes = _query(commands, command, "quotes", "quotations by speaker, entity or words",
                    _quotes, QUOTE_COLUMNS)  # fmt: skip
    options.quote_filters(quotes)
    entities = _query(commands, command, "entities", "the most mentioned entities", _entities,
                      ENTITY_COLUMNS, limit=False)  # fmt: skip
    entities.add_argument("--type", help="PERSON, ORG, GPE, LOC, NORP, ...")
    entities.add_argument("--name", help="part of a name or alias (accents and case aside), "
                          "or an entity key")  # fmt: skip
    entities.add_argument("--top", type=options.whole_number(1), default=20, help="how many")
    timeline = _query(commands, command, "timeline", "events per day, week, month or year by "
                      "quad class", _timeline, TIMELINE_COLUMNS, limit=False)  # fmt: skip
    options.event_filters(timeline)
    timeline.add_argument("--period", choices=["day", "week", "month", "year"], default="day")
    stories = _query(commands, command, "stories", "near-duplicate groups, largest first",
                     _stories, STORY_COLUMNS)  # fmt: skip
    stories.add_argument(
        "--min-articles", type=options.whole_number(1), default=2, help="smallest group shown"
    )
    from newsgraph.store.count_commands import add_count_command

    add_count_command(commands, command)


def _query(
    commands: Any,
    command: Any,
    name: str,
    help: str,
    run: Any,
    columns: tuple[str, ...],
    *,
    limit: bool = True,
) -> Any:
    parser = command(commands, name, help, run)
    add_output_options(parser, columns)
    if limit:
        parser.add_argument("--limit", type=options.whole_number(1), default=50,
                            help="most rows shown (50)")  # fmt: skip
    return parser


def add_output_options(parser: argparse.ArgumentParser, columns: tuple[str, ...]) -> None:
    """``--output``, ``--columns``, ``--full`` and ``--wide``, with the command's columns."""
    parser.add_argument("--output", choices=["table", "json", "csv"], default="table")
    parser.add_argument("--columns", type=options.column_list(columns), metavar="A,B,...",
                        help=f"columns to show, in order: {', '.join(columns)}")  # fmt: skip
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument(
        "--full",
        action="store_true",
        help="one block per row, every value whole, wrapped to the terminal",
    )
    shape.add_argument("--wide", action="store_true",
                       help="a table with every value whole, however wide")  # fmt: skip
    parser.set_defaults(known_columns=columns)


def show(
    args: argparse.Namespace,
    rows: list[dict[str, Any]],
    *,
    total: int | None = None,
    table: tuple[str, ...] | None = None,
    empty: str | None = None,
) -> int:
    """Print ``rows`` as the options ask; say on stderr what was left out, or why none."""
    columns = args.columns or (
        list(table) if table and args.output == "table" and not args.full else None
    )
    if not rows and args.output in ("json", "csv") and not columns:
        columns = list(args.known_columns)
    print_rows(rows, args.output, sys.stdout, columns=columns, wide=args.wide, full=args.full)
    if not rows and empty:
        note(f"no rows: {empty}")
    elif total is not None and total > len(rows):
        note(f"{len(rows)} of {total} rows; --limit to see more")
    return 0


def note(text: str) -> None:
    """One line for the user on standard error (after what standard output holds)."""
    sys.stdout.flush()
    print(f"newsgraph: {text}", file=sys.stderr)


def _open(args: argparse.Namespace) -> Any:
    from newsgraph.store.commands import open_store

    return open_store(args)


def _search(args: argparse.Namespace) -> int:
    from newsgraph.store.queries import search_total

    with _open(args) as store:
        rows = store.search(args.text, limit=args.limit)
        total = search_total(store.conn, args.text)
    return show(args, rows, total=total, empty=f"no article contains every word of {args.text!r}")


def _events(args: argparse.Namespace) -> int:
    filters = options.event_filter_values(args)
    with _open(args) as store:
        _report_names(store, filters)
        rows = store.events(limit=args.limit, **filters)
        total = store.events_total(**filters)
        why = _why_empty(store, filters) if not rows else None
    return show(args, rows, total=total, table=EVENT_TABLE, empty=why)


def _quotes(args: argparse.Namespace) -> int:
    filters = options.quote_filter_values(args)
    with _open(args) as store:
        _report_names(store, filters)
        rows = store.quotes(limit=args.limit, **filters)
        total = store.quotes_total(**filters)
        stored = store.table_counts()["quotes"]
    why = "the database holds no quotes" if not stored else "no quote matches the filters"
    return show(args, rows, total=total, table=QUOTE_TABLE, empty=why)


def _entities(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rows = store.entities(type=args.type, top=args.top, name=args.name)
    return show(args, rows, empty="no entity matches" if args.name or args.type else None)


def _timeline(args: argparse.Namespace) -> int:
    filters = options.event_filter_values(args)
    with _open(args) as store:
        _report_names(store, filters)
        rows = store.timeline(period=args.period, **filters)
        why = None
        if not rows:
            from newsgraph.store.counting import undated

            total, _missing = undated(store.conn, **filters)
            which = (
                "the one event selected has no date"
                if total == 1
                else f"none of the {total} events selected has a date"
            )
            why = _why_empty(store, filters) if not total else (
                f"{which}: their articles give none; give dates at ingest (--published, --meta)"
            )  # fmt: skip
    return show(args, rows, empty=why)


def _stories(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rows = store.stories(min_articles=args.min_articles, limit=args.limit)
    return show(args, rows, empty=f"no story has {args.min_articles} or more articles")


def _report_names(store: Any, filters: dict[str, Any]) -> None:
    from newsgraph.store.names import find_entities

    for side in ("source", "target", "entity"):
        if filters.get(side):
            note(f"--{side} {find_entities(store.conn, filters[side]).describe()}")


def _why_empty(store: Any, filters: dict[str, Any]) -> str:
    """Why an event question found nothing, as far as it can be told."""
    if not store.table_counts()["event_groups"]:
        return "the database holds no events"
    return "no event matches the filters"
