"""Questions asked of the store.  Each takes a connection and returns plain rows (dicts).

Events are returned as GDELT-style events: one row per event group (the same action between
the same actors within one story), with how often it was reported: ``num_mentions`` (event
mentions, in every publication of every text stating it), ``num_articles`` (publications
mentioning it) and ``num_sources`` (distinct outlets; a publication whose outlet is unknown
counts as its own source).  Filters select groups first, on indexed columns, and the counts
are taken for the selected groups only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from newsgraph.errors import StoreError
from newsgraph.store.filters import EVENT_FILTERS, check_day, event_where
from newsgraph.store.names import NameMatch, find_entities, fold, register
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


def _rows(cursor: sqlite3.Cursor) -> list[Row]:
    return [dict(row) for row in cursor.fetchall()]


def check_count(value: Any, name: str = "limit", smallest: int = 1) -> int:
    """``value`` as a row count of at least ``smallest`` that SQLite can hold, or StoreError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise StoreError(f"{name} must be a whole number, not {value!r}")
    if not smallest <= value <= MAX_INTEGER:
        raise StoreError(f"{name} must be a whole number from {smallest} to {MAX_INTEGER}")
    return value


def check_filters(filters: dict[str, Any], known: Sequence[str]) -> None:
    """Refuse a filter the question does not take (a misspelt one would be ignored)."""
    unknown = sorted(set(filters) - set(known))
    if unknown:
        raise StoreError(f"unknown filter {unknown[0]!r}; known: {', '.join(known)}")


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


def search_total(conn: sqlite3.Connection, text: str) -> int:
    """How many articles ``search`` would find without a limit."""
    return int(
        conn.execute(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (fts_query(text),)
        ).fetchone()[0]
    )


def events(conn: sqlite3.Connection, *, limit: int = 50, **filters: Any) -> list[Row]:
    """Events (one per story), newest first, with GDELT-style mention counts and where they
    were read: the article, its URL and date, the trigger words and the sentence.

    Filters (``filters.EVENT_FILTERS``): ``actor`` matches the source or the target by
    actor-code prefix (``MEX`` matches ``MEXGOV``); ``dyad`` is a (source, target) pair of
    prefixes; ``source``, ``target`` and ``entity`` (either side) are entity names or keys
    (``Trump``, ``person:donald trump``; see ``names``); ``code`` is a CAMEO code prefix,
    ``root`` a two-digit root and ``quad_class`` 1 to 4; ``since``/``until`` are days;
    ``place`` is a country code or part of a place name; ``min_confidence`` keeps events with
    a mention coded at least that confidently.
    """
    limit = check_count(limit)
    check_filters(filters, EVENT_FILTERS)
    where = event_where(conn, **filters)
    groups = _rows(
        conn.execute(
            "SELECT g.id AS event_id, g.date, g.code, g.name, g.quad_class, g.goldstein, "
            "g.source_actor, g.source_name, g.target_actor, g.target_name, g.place, g.country, "
            f"g.story_id FROM event_groups g{where.sql} "
            "ORDER BY g.date IS NULL, g.date DESC, g.id DESC LIMIT ?",
            (*where.params, limit),
        )
    )
    ids = [g["event_id"] for g in groups]
    counts = mention_counts(conn, ids)
    seen = first_mentions(conn, ids)
    for group in groups:
        group.update(counts.get(group["event_id"], _NO_MENTIONS))
        group.update(seen.get(group["event_id"], _NO_PROVENANCE))
    return groups


def events_total(conn: sqlite3.Connection, **filters: Any) -> int:
    """How many events ``events`` would return without a limit."""
    check_filters(filters, EVENT_FILTERS)
    where = event_where(conn, **filters)
    return int(
        conn.execute(f"SELECT COUNT(*) FROM event_groups g{where.sql}", where.params).fetchone()[0]
    )


_NO_PROVENANCE = dict.fromkeys(
    ("article_id", "url", "published", "title", "trigger", "confidence", "sentence")
)


def first_mentions(conn: sqlite3.Connection, group_ids: Sequence[int]) -> dict[int, Row]:
    """For each event group id, where it was first read: article, URL, date, title, trigger,
    confidence and the sentence stating it (cut from the stored text by its offsets)."""
    return per_group(
        conn,
        "SELECT e.group_id, e.article_id, "
        "(SELECT COALESCE(p.url, p.source) FROM publications p "
        "WHERE p.article_id = e.article_id ORDER BY p.id LIMIT 1) AS url, "
        "a.published, a.title, e.trigger, e.confidence, "
        "CASE WHEN e.start IS NOT NULL AND e.end > e.start "
        "THEN trim(substr(a.text, e.start + 1, e.end - e.start)) END AS sentence "
        "FROM events e JOIN articles a ON a.id = e.article_id "
        "WHERE e.id IN (SELECT MIN(id) FROM events WHERE group_id IN ({marks}) "
        "GROUP BY group_id)",
        group_ids,
    )


def per_group(conn: sqlite3.Connection, sql: str, group_ids: Sequence[int]) -> dict[int, Row]:
    """Run ``sql`` (its ``{marks}`` standing for the ids, its first column ``group_id``) over
    ``group_ids`` 500 at a time; return each group id's row without that column."""
    result: dict[int, Row] = {}
    for start in range(0, len(group_ids), 500):
        chunk = list(group_ids[start : start + 500])
        for row in conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk):
            found = dict(row)
            result[found.pop("group_id")] = found
    return result


SOURCE_KEY = "COALESCE(p.outlet, '#' || p.id)"
"""What a publication counts as a source by: its outlet, else itself (SQL over ``p``)."""

_NO_MENTIONS = {"num_mentions": 0, "num_sources": 0, "num_articles": 0, "avg_tone": None}


def mention_counts(conn: sqlite3.Connection, group_ids: Sequence[int]) -> dict[int, Row]:
    """NumMentions, NumSources, NumArticles and AvgTone for each event group id given.

    Every publication of a text counts: a text stating an event twice and printed by six
    outlets gives 12 mentions in 6 articles from 6 sources.
    """
    return per_group(
        conn,
        "SELECT e.group_id, COUNT(*) AS num_mentions, "
        f"COUNT(DISTINCT {SOURCE_KEY}) AS num_sources, "
        "COUNT(DISTINCT p.id) AS num_articles, AVG(a.tone) AS avg_tone "
        "FROM events e JOIN articles a ON a.id = e.article_id "
        "JOIN publications p ON p.article_id = e.article_id WHERE e.group_id IN ({marks}) "
        "GROUP BY e.group_id",
        group_ids,
    )


QUOTE_FILTERS = ("speaker", "text", "source", "target", "entity", "since", "until")
"""The keyword arguments ``quotes`` and ``quotes_total`` accept."""


def quotes(conn: sqlite3.Connection, *, limit: int = 50, **filters: Any) -> list[Row]:
    """Quotes, newest first, with the article, URL and date they were read in.

    Filters (``QUOTE_FILTERS``): ``speaker`` matches words (or word beginnings) of the
    speaker's name, or part of an alias of the speaking entity; ``text`` matches every word
    given; ``source`` is the speaking entity and ``target`` an entity named inside the quote
    (names or keys, see ``names``), ``entity`` either; ``since``/``until`` are days.
    """
    limit = check_count(limit)
    where, params = quote_where(conn, filters)
    return _rows(
        conn.execute(
            "SELECT q.speaker_name AS speaker, q.text, q.cue, a.published, a.id AS article_id, "
            "(SELECT COALESCE(p.url, p.source) FROM publications p WHERE p.article_id = a.id "
            "ORDER BY p.id LIMIT 1) AS url, a.title "
            f"FROM quotes q JOIN articles a ON a.id = q.article_id{where} "
            "ORDER BY a.day IS NULL, a.day DESC, q.id LIMIT ?",
            (*params, limit),
        )
    )


def quotes_total(conn: sqlite3.Connection, **filters: Any) -> int:
    """How many quotes ``quotes`` would return without a limit."""
    where, params = quote_where(conn, filters)
    return int(
        conn.execute(
            f"SELECT COUNT(*) FROM quotes q JOIN articles a ON a.id = q.article_id{where}", params
        ).fetchone()[0]
    )


def quote_where(conn: sqlite3.Connection, filters: dict[str, Any]) -> tuple[str, list[Any]]:
    check_filters(filters, QUOTE_FILTERS)
    clauses, params = [], []
    if text := filters.get("text"):
        clauses.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(fts_query(text))
    if speaker := filters.get("speaker"):
        # Words of the speaker's name (the FTS index holds it), or any alias of the entity.
        words = " ".join(f"{word}*" for word in fts_query(speaker).split())
        clauses.append(
            "(q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?) OR "
            "q.speaker_entity IN (SELECT entity_id FROM entity_aliases WHERE alias LIKE ?))"
        )
        params += [f"speaker_name : ({words})", f"%{speaker}%"]
    for side in ("source", "target", "entity"):
        if asked := filters.get(side):
            clause, values = _quote_side(conn, side, find_entities(conn, asked))
            clauses.append(clause)
            params += values
    since, until = (
        check_day(filters.get("since"), "since"),
        check_day(filters.get("until"), "until"),
    )
    if since:
        clauses.append("a.day >= ?")
        params.append(since)
    if until:
        clauses.append("a.day <= ?")
        params.append(until)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _quote_side(conn: sqlite3.Connection, side: str, match: NameMatch) -> tuple[str, list[Any]]:
    """The speaker is the entity (``source``), the quote names it (``target``), or either."""
    function = f"newsgraph_quote_{side}_named"
    conn.create_function(function, 1, match.matcher())
    ids = json.dumps(match.ids)
    speaks = f"(q.speaker_entity IN (SELECT value FROM json_each(?)) OR {function}(q.speaker_name))"
    named = (
        "EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = q.article_id AND m.entity_id IN "
        "(SELECT value FROM json_each(?)) AND m.start >= q.start AND m.end <= q.end)"
    )
    if side == "source":
        return speaks, [ids]
    if side == "target":
        return named, [ids]
    return f"({speaks} OR {named})", [ids, ids]


def entities(
    conn: sqlite3.Connection, *, type: str | None = None, top: int = 20, name: str | None = None
) -> list[Row]:
    """The entities mentioned most across articles, optionally of one ``type`` or ``name``
    (part of a name or alias, accent- and case-insensitive, or an entity key).

    Their counters count analysed texts: the copies of one text add nothing to them.
    """
    top = check_count(top, "top")
    clauses, params = ["e.mention_count > 0"], []
    if type:
        clauses.append("e.type = ?")
        params.append(type.upper())
    if name:
        # Part of a name or alias, accents and case aside, or the entity's exact key.
        register(conn)
        clauses.append(
            "(e.key = ? OR e.id IN (SELECT entity_id FROM entity_aliases "
            "WHERE newsgraph_fold(alias) LIKE ?))"
        )
        params += [name.strip(), f"%{fold(name)}%"]
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
