"""Questions that count: events by code, actor, place or month; timelines; quotes by speaker.

Each takes the filters of the plain question (``filters.EVENT_FILTERS`` for events) and returns
rows (dicts), largest count first, or in time order for ``timeline``.  ``events`` counts event
groups (one per story, as ``queries.events`` lists them); ``mentions`` counts every mention in
every publication, as GDELT's NumMentions do.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from newsgraph.errors import StoreError
from newsgraph.store.filters import EVENT_FILTERS, event_where
from newsgraph.store.queries import (
    QUAD_CLASSES,
    QUOTE_FILTERS,
    check_count,
    check_filters,
    quote_where,
)

Row = dict[str, Any]

# What each --by groups on: (the selected columns, the grouping columns).
EVENT_KEYS: dict[str, tuple[str, str]] = {
    "code": ("g.code AS code, MIN(g.name) AS name", "g.code"),
    "root": ("g.root AS root", "g.root"),
    "quad": ("g.quad_class AS quad_class", "g.quad_class"),
    "source": ("g.source_name AS source, MIN(g.source_actor) AS source_actor", "g.source_name"),
    "target": ("g.target_name AS target, MIN(g.target_actor) AS target_actor", "g.target_name"),
    "dyad": (
        "g.source_name AS source, g.target_name AS target, MIN(g.source_actor) AS source_actor, "
        "MIN(g.target_actor) AS target_actor",
        "g.source_name, g.target_name",
    ),
    "place": ("g.place AS place, MIN(g.country) AS country", "g.place"),
    "country": ("g.country AS country", "g.country"),
    "month": ("substr(g.date, 1, 7) AS month", "substr(g.date, 1, 7)"),
}

PERIODS = {
    "day": "g.date",
    "week": "date(g.date, 'weekday 0', '-6 days')",
    "month": "substr(g.date, 1, 7)",
    "year": "substr(g.date, 1, 4)",
}
"""How ``timeline`` buckets an event's day (a week starts on Monday)."""


def count_events(
    conn: sqlite3.Connection, *, by: str = "code", limit: int = 50, **filters: Any
) -> list[Row]:
    """Events (and their mentions) per ``by`` (``EVENT_KEYS``), most first; by ``month`` in
    time order.  Events whose key is unknown (no place, no date) are counted under a blank."""
    if by not in EVENT_KEYS:
        raise StoreError(f"cannot count events by {by!r}; use one of {', '.join(EVENT_KEYS)}")
    limit = check_count(limit)
    check_filters(filters, EVENT_FILTERS)
    where = event_where(conn, **filters)
    columns, group = EVENT_KEYS[by]
    order = "month IS NULL, month" if by == "month" else "events DESC, mentions DESC"
    rows = [
        dict(row)
        for row in conn.execute(
            f"SELECT {columns}, COUNT(DISTINCT g.id) AS events, COUNT(*) AS mentions, "
            "ROUND(AVG(g.goldstein), 2) AS mean_goldstein FROM event_groups g "
            "JOIN events e ON e.group_id = g.id JOIN publications p ON p.article_id = e.article_id"
            f"{where.sql} GROUP BY {group} ORDER BY {order}, 1 LIMIT ?",
            (*where.params, limit),
        )
    ]
    if by == "root":
        from newsgraph.knowledge.cameo import cameo_table

        table = cameo_table()
        for row in rows:
            entry = table.get(row["root"]) or table.get(row["root"] + "0")
            row["name"] = entry.name if entry else None
    if by == "quad":
        for row in rows:
            row["name"] = QUAD_CLASSES.get(row["quad_class"])
    return rows


def count_groups(conn: sqlite3.Connection, by: str, **filters: Any) -> int:
    """How many rows ``count_events`` would return without a limit."""
    if by not in EVENT_KEYS:
        raise StoreError(f"cannot count events by {by!r}; use one of {', '.join(EVENT_KEYS)}")
    check_filters(filters, EVENT_FILTERS)
    where = event_where(conn, **filters)
    group = EVENT_KEYS[by][1]
    return int(
        conn.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM event_groups g{where.sql} GROUP BY {group})",
            where.params,
        ).fetchone()[0]
    )


def timeline(conn: sqlite3.Connection, *, period: str = "day", **filters: Any) -> list[Row]:
    """Events per day, week (from Monday), month or year: how many of each quad class, and
    their mean Goldstein score.  Events without a day are left out (see ``undated``)."""
    if period not in PERIODS:
        raise StoreError(f"unknown period {period!r}: use {', '.join(PERIODS)}")
    check_filters(filters, EVENT_FILTERS)
    where = event_where(conn, **filters)
    where.add("g.date IS NOT NULL")
    quads = ", ".join(
        f"SUM(g.quad_class = {q}) AS {label.replace(' ', '_')}" for q, label in QUAD_CLASSES.items()
    )
    return [
        dict(row)
        for row in conn.execute(
            f"SELECT {PERIODS[period]} AS period, COUNT(*) AS events, {quads}, "
            f"ROUND(AVG(g.goldstein), 2) AS mean_goldstein FROM event_groups g{where.sql} "
            "GROUP BY period ORDER BY period",
            where.params,
        )
    ]


def undated(conn: sqlite3.Connection, **filters: Any) -> tuple[int, int]:
    """Of the events the filters select, (how many, how many have no day): why a timeline
    may be empty."""
    check_filters(filters, EVENT_FILTERS)
    where = event_where(conn, **filters)
    total, missing = conn.execute(
        f"SELECT COUNT(*), COALESCE(SUM(g.date IS NULL), 0) FROM event_groups g{where.sql}",
        where.params,
    ).fetchone()
    return int(total), int(missing)


def count_quotes(
    conn: sqlite3.Connection, *, by: str = "speaker", limit: int = 50, **filters: Any
) -> list[Row]:
    """Quotes per speaker (the speaking entity, else the words naming the speaker)."""
    if by != "speaker":
        raise StoreError(f"cannot count quotes by {by!r}; use speaker")
    limit = check_count(limit)
    check_filters(filters, QUOTE_FILTERS)
    where, params = quote_where(conn, filters)
    return [
        dict(row)
        for row in conn.execute(
            "SELECT COALESCE(e.name, q.speaker_name) AS speaker, MIN(e.type) AS type, "
            "COUNT(*) AS quotes, COUNT(DISTINCT q.article_id) AS articles "
            "FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"LEFT JOIN entities e ON e.id = q.speaker_entity{where} "
            "GROUP BY COALESCE(CAST(q.speaker_entity AS TEXT), q.speaker_name) "
            "ORDER BY quotes DESC, speaker LIMIT ?",
            (*params, limit),
        )
    ]


def count_entities(
    conn: sqlite3.Connection, *, by: str = "type", limit: int = 50, type: str | None = None
) -> list[Row]:
    """Entities, and their mentions, per type (or per actor code or country)."""
    columns = {"type": "e.type", "actor": "e.actor", "country": "e.country"}
    if by not in columns:
        raise StoreError(f"cannot count entities by {by!r}; use one of {', '.join(columns)}")
    limit = check_count(limit)
    clause, params = ("AND e.type = ?", [type.upper()]) if type else ("", [])
    return [
        dict(row)
        for row in conn.execute(
            f"SELECT {columns[by]} AS {by}, COUNT(*) AS entities, SUM(e.mention_count) AS "
            f"mentions FROM entities e WHERE e.mention_count > 0 {clause} GROUP BY {columns[by]} "
            "ORDER BY entities DESC, mentions DESC LIMIT ?",
            (*params, limit),
        )
    ]
