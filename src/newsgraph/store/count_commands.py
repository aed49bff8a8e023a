"""``newsgraph count events|quotes|entities --by KEY``: counts per code, actor, place, month,
speaker or type, with the filters of the plain question."""

from __future__ import annotations

import argparse
from typing import Any

from newsgraph.store import options
from newsgraph.store.counting import EVENT_KEYS
from newsgraph.store.query_commands import add_output_options, show

COUNTED = ("events", "mentions", "mean_goldstein")
EVENT_COUNT_COLUMNS = (
    "code", "root", "quad_class", "name", "source", "target", "source_actor", "target_actor",
    "place", "country", "month", *COUNTED,
)  # fmt: skip


def add_count_command(commands: Any, command: Any) -> None:
    """Register ``count`` and its three kinds of thing counted."""
    count = command(commands, "count", "count events, quotes or entities by a key", _count)
    kinds = count.add_subparsers(dest="counted", required=True, metavar="events|quotes|entities")
    events = kinds.add_parser("events", help="events (and mentions) per key")
    events.add_argument("--by", choices=list(EVENT_KEYS), default="code", help="key (code)")
    options.event_filters(events)
    quotes = kinds.add_parser("quotes", help="quotes per speaker")
    quotes.add_argument("--by", choices=["speaker"], default="speaker")
    options.quote_filters(quotes)
    entities = kinds.add_parser("entities", help="entities (and mentions) per type")
    entities.add_argument("--by", choices=["type", "actor", "country"], default="type")
    entities.add_argument("--type", help="only entities of this type")
    columns = {
        events: EVENT_COUNT_COLUMNS,
        quotes: ("speaker", "type", "quotes", "articles"),
        entities: ("type", "actor", "country", "entities", "mentions"),
    }
    for parser, known in columns.items():
        parser.add_argument("--db", default=argparse.SUPPRESS, help="database file")
        add_output_options(parser, known)
        parser.add_argument("--limit", type=options.whole_number(1), default=50,
                            help="most rows shown (50)")  # fmt: skip


def _count(args: argparse.Namespace) -> int:
    from newsgraph.store.commands import open_store
    from newsgraph.store.counting import count_groups

    with open_store(args) as store:
        if args.counted == "events":
            filters = options.event_filter_values(args)
            rows = store.count("events", by=args.by, limit=args.limit, **filters)
            total = count_groups(store.conn, args.by, **filters)
        elif args.counted == "quotes":
            filters = options.quote_filter_values(args)
            rows = store.count("quotes", by=args.by, limit=args.limit, **filters)
            total = None
        else:
            rows = store.count("entities", by=args.by, limit=args.limit, type=args.type)
            total = None
    return show(args, rows, total=total, empty=f"no {args.counted} to count")
