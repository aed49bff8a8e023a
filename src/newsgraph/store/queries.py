"""Questions asked of the store.  Each takes a connection and returns plain rows (dicts).

Events are returned as GDELT-style events: one row per event group (the same action between
the same actors within one story), with how often it was reported: ``num_mentions`` (event
mentions, in every publication of every text stating it), ``num_articles`` (publications
mentioning it) and ``num_sources`` (distinct outlets; a publication whose outlet is unknown
counts as its own source).  Filters select groups first, on indexed columns, and the counts
are taken for the selected groups only.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from newsgraph.errors import StoreError
from newsgraph.store.writer import unpack_record
from newsgraph.types import Record

Row = dict[str, Any]

QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


MAX_INTEGER = 2**63 - 1
"""The largest integer SQLite stores."""

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _rows(cursor: sqlite3.Cursor) -> list[Row]:
    return [dict(row) for row in cursor.fetchall()]


def check_count(value: Any, name: str = "limit", smallest: int = 1) -> int:
    """``value`` as a row count of at least ``smallest`` that SQLite can hold, or StoreError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise StoreError(f"{name} must be a whole number, not {value!r}")
    if not smallest <= value <= MAX_INTEGER:
        raise StoreError(f"{name} must be a whole number from {smallest} to {MAX_INTEGER}")
    return value


def check_day(value: str | None, name: str) -> str | None:
    """A ``YYYY-MM-DD`` date (or None), or StoreError."""
    if value is None:
        return None
    try:
        if not isinstance(value, str) or not _ISO_DAY.match(value):
            raise ValueError(value)
        dt.date.fromisoformat(value)
    except ValueError:
        raise StoreError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None
    return value


def fts_query(text: str) -> str:
    """Turn free text into an FTS5 query matching every word (quoted, so no syntax errors)."""
    words = [word.replace('"', '""') for word in text.split()]
    if not words:
        raise StoreError("empty search")
    return " ".join(f'"{word}"' for word in words)


def search(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[Row]:
    """Articles whose title or text contain every word of ``text``, best match first."""
    limit = check_count(limit)
    return _rows(
        conn.execute(
            "SELECT a.id, a.published, a.title, a.outlet, a.story_id, "
            "snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (fts_query(text), limit),
        )
    )


def _prefix(column: str, value: str) -> tuple[str, list[Any]]:
    """A prefix test that can use an index (GLOB is case-sensitive, as actor codes are)."""
    escaped = "".join(f"[{c}]" if c in "*?[]" else c for c in value.upper())
    return f"{column} GLOB ?", [escaped + "*"]


def _event_filters(
    actor: str | None,
    dyad: Sequence[str] | None,
    root: str | None,
    code: str | None,
    quad_class: int | None,
    since: str | None,
    until: str | None,
    place: str | None,
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    since, until = check_day(since, "since"), check_day(until, "until")
    if since and until and since > until:
        raise StoreError(f"since ({since}) is after until ({until})")

    def add(clause: str, values: list[Any]) -> None:
        clauses.append(clause)
        params.extend(values)

    if actor:
        source, source_params = _prefix("g.source_actor", actor)
        target, target_params = _prefix("g.target_actor", actor)
        add(f"({source} OR {target})", source_params + target_params)
    if dyad:
        if len(dyad) != 2:
            raise StoreError("a dyad is two actor codes: SOURCE TARGET")
        for column, value in zip(("g.source_actor", "g.target_actor"), dyad, strict=True):
            add(*_prefix(column, value))
    if root:
        add("g.root = ?", [root.zfill(2)])
    if code:
        add(*_prefix("g.code", code))
    if quad_class:
        add("g.quad_class = ?", [int(quad_class)])
    if since:
        add("g.date >= ?", [since])
    if until:
        add("g.date <= ?", [until])
    if place:
        add("(g.country = ? OR g.place LIKE ?)", [place.upper(), f"%{place}%"])
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def events(
    conn: sqlite3.Connection,
    *,
    actor: str | None = None,
    dyad: Sequence[str] | None = None,
    root: str | None = None,
    code: str | None = None,
    quad_class: int | None = None,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    limit: int = 50,
) -> list[Row]:
    """Events (one per story), newest first, with GDELT-style mention counts.

    ``actor`` matches the source or the target by actor-code prefix (``MEX`` matches
    ``MEXGOV``); ``dyad`` is a (source, target) pair of prefixes; ``code`` is a CAMEO code
    prefix and ``root`` a two-digit root; ``place`` is a country code or part of a place name.
    """
    limit = check_count(limit)
    where, params = _event_filters(actor, dyad, root, code, quad_class, since, until, place)
    groups = _rows(
        conn.execute(
            "SELECT g.id AS event_id, g.date, g.code, g.name, g.quad_class, g.goldstein, "
            "g.source_actor, g.source_name, g.target_actor, g.target_name, g.place, g.country, "
            f"g.story_id FROM event_groups g{where} "
            "ORDER BY g.date IS NULL, g.date DESC, g.id DESC LIMIT ?",
            (*params, limit),
        )
    )
    counts = mention_counts(conn, [g["event_id"] for g in groups])
    for group in groups:
        group.update(counts.get(group["event_id"], _NO_MENTIONS))
    return groups


SOURCE_KEY = "COALESCE(p.outlet, '#' || p.id)"
"""What a publication counts as a source by: its outlet, else itself (SQL over ``p``)."""

_NO_MENTIONS = {"num_mentions": 0, "num_sources": 0, "num_articles": 0, "avg_tone": None}


def mention_counts(conn: sqlite3.Connection, group_ids: Sequence[int]) -> dict[int, Row]:
    """NumMentions, NumSources, NumArticles and AvgTone for each event group id given.

    Every publication of a text counts: a text stating an event twice and printed by six
    outlets gives 12 mentions in 6 articles from 6 sources.
    """
    result: dict[int, Row] = {}
    for start in range(0, len(group_ids), 500):
        chunk = list(group_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            "SELECT e.group_id, COUNT(*) AS num_mentions, "
            f"COUNT(DISTINCT {SOURCE_KEY}) AS num_sources, "
            "COUNT(DISTINCT p.id) AS num_articles, AVG(a.tone) AS avg_tone "
            "FROM events e JOIN articles a ON a.id = e.article_id "
            f"JOIN publications p ON p.article_id = e.article_id WHERE e.group_id IN ({marks}) "
            "GROUP BY e.group_id",
            chunk,
        ):
            counts = dict(row)
            result[counts.pop("group_id")] = counts
    return result


def quotes(
    conn: sqlite3.Connection,
    *,
    speaker: str | None = None,
    text: str | None = None,
    limit: int = 50,
) -> list[Row]:
    """Quotes, newest first; ``speaker`` matches words (or word beginnings) of the speaker's
    name, or part of an alias of the speaking entity; ``text`` matches every word given."""
    limit = check_count(limit)
    clauses, params = [], []
    if text:
        clauses.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(fts_query(text))
    if speaker:
        # Words of the speaker's name (the FTS index holds it), or any alias of the entity.
        words = " ".join(f"{word}*" for word in fts_query(speaker).split())
        clauses.append(
            "(q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?) OR "
            "q.speaker_entity IN (SELECT entity_id FROM entity_aliases WHERE alias LIKE ?))"
        )
        params += [f"speaker_name : ({words})", f"%{speaker}%"]
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return _rows(
        conn.execute(
            "SELECT q.speaker_name AS speaker, q.text, q.cue, a.published, a.id AS article_id, "
            f"a.title FROM quotes q JOIN articles a ON a.id = q.article_id{where} "
            "ORDER BY a.day IS NULL, a.day DESC, q.id LIMIT ?",
            (*params, limit),
        )
    )


def entities(
    conn: sqlite3.Connection, *, type: str | None = None, top: int = 20, name: str | None = None
) -> list[Row]:
    """The entities mentioned most across articles, optionally of one ``type`` or name.

    Their counters count analysed texts: the copies of one text add nothing to them.
    """
    top = check_count(top, "top")
    clauses, params = ["e.mention_count > 0"], []
    if type:
        clauses.append("e.type = ?")
        params.append(type.upper())
    if name:
        clauses.append("e.id IN (SELECT entity_id FROM entity_aliases WHERE alias LIKE ?)")
        params.append(f"%{name}%")
    return _rows(
        conn.execute(
            "SELECT e.id, e.name, e.type, e.actor, e.country, e.mention_count AS mentions, "
            "e.article_count AS articles, (SELECT group_concat(alias, '; ') FROM "
            "(SELECT alias FROM entity_aliases WHERE entity_id = e.id LIMIT 8)) AS aliases "
            f"FROM entities e WHERE {' AND '.join(clauses)} "
            "ORDER BY e.mention_count DESC, e.id LIMIT ?",
            (*params, top),
        )
    )


def timeline(
    conn: sqlite3.Connection,
    *,
    actor: str | None = None,
    dyad: Sequence[str] | None = None,
    period: str = "day",
    since: str | None = None,
    until: str | None = None,
) -> list[Row]:
    """Events per day or week: how many of each quad class, and their mean Goldstein score."""
    if period not in ("day", "week"):
        raise StoreError(f"unknown period {period!r}: use day or week")
    where, params = _event_filters(actor, dyad, None, None, None, since, until, None)
    bucket = "g.date" if period == "day" else "date(g.date, 'weekday 0', '-6 days')"
    where = (where + " AND" if where else " WHERE") + " g.date IS NOT NULL"
    quads = ", ".join(
        f"SUM(g.quad_class = {q}) AS {label.replace(' ', '_')}" for q, label in QUAD_CLASSES.items()
    )
    return _rows(
        conn.execute(
            f"SELECT {bucket} AS period, COUNT(*) AS events, {quads}, "
            f"ROUND(AVG(g.goldstein), 2) AS mean_goldstein FROM event_groups g{where} "
            "GROUP BY period ORDER BY period",
            params,
        )
    )


def article(conn: sqlite3.Connection, article_id: str) -> Record:
    """The full record of one article, exactly as it was written (an id prefix will do)."""
    rows = conn.execute(
        "SELECT id, text, record FROM articles WHERE id >= ? AND id < ? LIMIT 2",
        (article_id, article_id + "\uffff"),
    ).fetchall()
    if not rows:
        raise StoreError(f"{article_id}: no such article")
    if len(rows) > 1 and rows[0]["id"] != article_id:
        raise StoreError(f"{article_id}: more than one article has this id prefix")
    return unpack_record(rows[0]["record"], rows[0]["text"])


def stored_texts(conn: sqlite3.Connection, hashes: Sequence[str]) -> dict[str, str]:
    """Of the text hashes given, those analysed, with the pipeline version that did it."""
    found: dict[str, str] = {}
    for start in range(0, len(hashes), 500):
        chunk = list(hashes[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT text_hash, pipeline_version FROM articles WHERE text_hash IN ({marks})",
            chunk,
        ):
            found[row[0]] = row[1]
    return found


def mention_total(conn: sqlite3.Connection) -> int:
    """Event mentions over every publication (what GDELT's NumMentions add up to)."""
    return int(
        conn.execute(
            "SELECT COUNT(*) FROM events e JOIN publications p ON p.article_id = e.article_id"
        ).fetchone()[0]
    )


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many rows each data table holds."""
    from newsgraph.store.schema import TABLES

    return {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in TABLES}


def rejections(conn: sqlite3.Connection, limit: int = 50) -> list[Row]:
    """Inputs that produced no record, most recent first."""
    limit = check_count(limit)
    return _rows(
        conn.execute(
            "SELECT source, stage, reason, rejected_at FROM rejections ORDER BY id DESC LIMIT ?",
            (limit,),
        )
    )


def quad_class_totals(conn: sqlite3.Connection) -> list[Row]:
    """Events and mentions (in every publication) per quad class."""
    return _rows(
        conn.execute(
            "SELECT g.quad_class, COUNT(DISTINCT g.id) AS events, COUNT(*) AS mentions, "
            "ROUND(AVG(g.goldstein), 2) AS mean_goldstein FROM event_groups g "
            "JOIN events e ON e.group_id = g.id JOIN publications p ON p.article_id = e.article_id "
            "GROUP BY g.quad_class ORDER BY g.quad_class"
        )
    )


def top_actors(conn: sqlite3.Connection, limit: int = 10) -> list[Row]:
    """Actor codes taking part in the most events, as source or target."""
    limit = check_count(limit)
    return _rows(
        conn.execute(
            "SELECT actor, COUNT(*) AS events, MIN(name) AS example FROM ("
            "SELECT source_actor AS actor, source_name AS name FROM event_groups "
            "WHERE source_actor IS NOT NULL UNION ALL "
            "SELECT target_actor, target_name FROM event_groups WHERE target_actor IS NOT NULL) "
            "GROUP BY actor ORDER BY events DESC, actor LIMIT ?",
            (limit,),
        )
    )
