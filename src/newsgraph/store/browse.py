"""Questions the web pages ask of the store: one actor, one entity, one pair of actors.

Like ``queries``, each function takes a connection and returns plain rows (dicts).  Events and
quotes come with the article and the offset they were read at, so a page can link each one to
its sentence in the article.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from newsgraph.errors import StoreError
from newsgraph.store.filters import check_actor, event_where
from newsgraph.store.queries import _rows, check_count, fts_query
from newsgraph.store.writer import unpack_record

Row = dict[str, Any]


def overview(conn: sqlite3.Connection) -> Row:
    """How many articles, stories, entities, quotes and events the store holds."""
    counts = {}
    for table in ("articles", "publications", "stories", "entities", "quotes", "event_groups"):
        counts[table] = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    return counts


def recent_stories(conn: sqlite3.Connection, limit: int = 10) -> list[Row]:
    """The newest stories, with their first article."""
    limit = check_count(limit)
    return _rows(
        conn.execute(
            "SELECT s.id AS story_id, s.title, s.day, s.first_article AS article_id, "
            "(SELECT COUNT(*) FROM articles a WHERE a.story_id = s.id) AS texts "
            "FROM stories s ORDER BY s.day IS NULL, s.day DESC, s.id DESC LIMIT ?",
            (limit,),
        )
    )


def story_articles(conn: sqlite3.Connection, story_id: int, limit: int = 20) -> list[Row]:
    """The publications of one story's texts (its copies), the most recently stored first
    (the story index gives them in that order: no sort over a story of thousands)."""
    limit = check_count(limit)
    return _rows(
        conn.execute(
            "SELECT a.id AS article_id, p.title, p.outlet, p.url, p.published "
            "FROM articles a JOIN publications p ON p.article_id = a.id WHERE a.story_id = ? "
            "ORDER BY a.rowid DESC, p.id LIMIT ?",
            (story_id, limit),
        )
    )


def story_size(conn: sqlite3.Connection, story_id: int) -> int:
    """How many texts one story holds."""
    return int(
        conn.execute("SELECT COUNT(*) FROM articles WHERE story_id = ?", (story_id,)).fetchone()[0]
    )


def first_mentions(conn: sqlite3.Connection, group_ids: Sequence[int]) -> dict[int, Row]:
    """For each event group, the first article stating it and the offset of its sentence."""
    found: dict[int, Row] = {}
    for group_id in group_ids:
        # One probe of the group's index each: a much-copied story has thousands of mentions.
        row = conn.execute(
            "SELECT article_id, start FROM events WHERE group_id = ? ORDER BY id LIMIT 1",
            (group_id,),
        ).fetchone()
        if row is not None:
            found[group_id] = {"article_id": row[0], "start": row[1]}
    return found


def with_mentions(conn: sqlite3.Connection, groups: list[Row]) -> list[Row]:
    """Event rows (from ``queries.events``) with ``article_id`` and ``start`` added."""
    firsts = first_mentions(conn, [g["event_id"] for g in groups])
    for group in groups:
        group.update(firsts.get(group["event_id"], {"article_id": None, "start": None}))
    return groups


def latest_events(
    conn: sqlite3.Connection,
    *,
    actor: str | None = None,
    dyad: Sequence[str] | None = None,
    limit: int = 30,
) -> list[Row]:
    """The newest events of an actor or a dyad (filters as ``queries.events``), each with its
    first mention's article and offset, without the mention counts: a page listing an
    actor's events needs no count over every publication of a much-copied story."""
    limit = check_count(limit)
    where = event_where(conn, actor=actor, dyad=dyad)
    groups = _rows(
        conn.execute(
            "SELECT g.id AS event_id, g.date, g.code, g.name, g.quad_class, g.goldstein, "
            "g.source_actor, g.source_name, g.target_actor, g.target_name, g.place, g.country, "
            f"g.story_id FROM event_groups g{where.sql} "
            "ORDER BY g.date IS NULL, g.date DESC, g.id DESC LIMIT ?",
            (*where.params, limit),
        )
    )
    return with_mentions(conn, groups)


def _prefix(column: str, code: str) -> tuple[str, list[Any]]:
    # ``check_actor`` lets only letters through, so the GLOB pattern needs no escaping.
    return f"{column} GLOB ?", [check_actor(code) + "*"]


def _actor_clause(code: str) -> tuple[str, list[Any]]:
    source, source_params = _prefix("source_actor", code)
    target, target_params = _prefix("target_actor", code)
    return f"({source} OR {target})", source_params + target_params


def actor_profile(conn: sqlite3.Connection, code: str, limit: int = 20) -> list[Row]:
    """The entities coded as ``code`` (or a code it is the prefix of), most mentioned first,
    with their aliases and the roles stated for them."""
    limit = check_count(limit)
    clause, params = _prefix("e.actor", code)
    rows = _rows(
        conn.execute(
            "SELECT e.id, e.key, e.name, e.type, e.actor, e.mention_count AS mentions, "
            "e.article_count AS articles FROM entities e "
            f"WHERE {clause} ORDER BY e.mention_count DESC, e.id LIMIT ?",
            (*params, limit),
        )
    )
    for row in rows:
        row["aliases"] = _aliases(conn, row["id"])
        row["roles"] = _roles(conn, row["id"])
    return rows


def _aliases(conn: sqlite3.Connection, entity_id: int, limit: int = 12) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT alias FROM entity_aliases WHERE entity_id = ? LIMIT ?", (entity_id, limit)
        )
    ]


def _roles(conn: sqlite3.Connection, entity_id: int, scan: int = 300) -> list[str]:
    # The roles stated in the entity's first ``scan`` appearances: an entity named in
    # thousands of articles must not cost thousands of rows per page.
    roles: dict[str, None] = {}
    for (text,) in conn.execute(
        "SELECT roles FROM (SELECT roles FROM article_entities WHERE entity_id = ? LIMIT ?) "
        "WHERE roles != '[]'",
        (entity_id, scan),
    ):
        roles.update(dict.fromkeys(json.loads(text)))
    return list(roles)[:12]


def counterparts(conn: sqlite3.Connection, code: str, limit: int = 12) -> list[Row]:
    """The actors ``code`` has events with (either way), most events first: how many of each
    quad class and their mean Goldstein score."""
    limit = check_count(limit)
    clause, params = _actor_clause(code)
    mine, mine_params = _prefix("source_actor", code)
    return _rows(
        conn.execute(
            f"SELECT CASE WHEN {mine} THEN target_actor ELSE source_actor END AS actor, "
            "COUNT(*) AS events, ROUND(AVG(goldstein), 2) AS mean_goldstein, "
            "SUM(quad_class <= 2) AS cooperation, SUM(quad_class >= 3) AS conflict "
            f"FROM event_groups WHERE {clause} GROUP BY 1 HAVING actor IS NOT NULL "
            "ORDER BY events DESC, actor LIMIT ?",
            (*mine_params, *params, limit),
        )
    )


def actor_places(conn: sqlite3.Connection, code: str, limit: int = 60) -> list[Row]:
    """The places of ``code``'s events that have coordinates, most events first."""
    limit = check_count(limit)
    clause, params = _actor_clause(code)
    return _rows(
        conn.execute(
            "SELECT place, country, ROUND(AVG(lat), 4) AS lat, ROUND(AVG(lon), 4) AS lon, "
            f"COUNT(*) AS events FROM event_groups WHERE {clause} AND lat IS NOT NULL "
            "AND lon IS NOT NULL GROUP BY place, country ORDER BY events DESC LIMIT ?",
            (*params, limit),
        )
    )


def actor_countries(conn: sqlite3.Connection, code: str) -> list[Row]:
    """The countries ``code``'s events took place in, with how many."""
    clause, params = _actor_clause(code)
    return _rows(
        conn.execute(
            f"SELECT country, COUNT(*) AS events FROM event_groups WHERE {clause} "
            "AND country IS NOT NULL GROUP BY country ORDER BY events DESC",
            params,
        )
    )


def actor_quotes(conn: sqlite3.Connection, code: str, limit: int = 20) -> list[Row]:
    """Quotes whose speaker is an entity coded as ``code`` (or a longer code), newest first."""
    limit = check_count(limit)
    clause, params = _prefix("actor", code)
    speakers = [row[0] for row in conn.execute(f"SELECT id FROM entities WHERE {clause}", params)]
    if not speakers:
        return []
    marks = ",".join("?" * len(speakers))
    # Articles newest first (their day index), then their quotes: stops at ``limit`` quotes
    # instead of sorting every quote of a much-quoted actor.  (NULL days sort last.)
    return _rows(
        conn.execute(
            "SELECT q.text, q.start, q.speaker_name AS speaker, q.cue, a.id AS article_id, "
            "a.title, a.published FROM articles a CROSS JOIN quotes q ON q.article_id = a.id "
            f"WHERE q.speaker_entity IN ({marks}) ORDER BY a.day DESC LIMIT ?",
            (*speakers, limit),
        )
    )


def entity(conn: sqlite3.Connection, key: str) -> Row:
    """One entity by its key, with its aliases; StoreError when there is none."""
    row = conn.execute(
        "SELECT id, key, name, type, country, actor, mention_count AS mentions, "
        "article_count AS articles FROM entities WHERE key = ?",
        (key,),
    ).fetchone()
    if row is None:
        raise StoreError(f"{key}: no such entity")
    found = dict(row)
    found["aliases"] = _aliases(conn, found["id"], limit=40)
    return found


def entity_quotes(conn: sqlite3.Connection, entity_id: int, limit: int = 30) -> list[Row]:
    """What one entity is quoted as saying, newest first."""
    limit = check_count(limit)
    return _rows(
        conn.execute(
            "SELECT q.text, q.start, q.speaker_name AS speaker, q.cue, a.id AS article_id, "
            "a.title, a.published FROM quotes q JOIN articles a ON a.id = q.article_id "
            "WHERE q.speaker_entity = ? ORDER BY a.day IS NULL, a.day DESC, q.id LIMIT ?",
            (entity_id, limit),
        )
    )


def entity_appearances(conn: sqlite3.Connection, entity_id: int, limit: int = 30) -> list[Row]:
    """The newest articles naming one entity: per article the actor code and roles it had
    there, and the events it is the source or target of (read from the stored records)."""
    limit = check_count(limit)
    rows = conn.execute(
        "SELECT a.id, a.day, a.title, a.text, a.record, ae.local_id FROM article_entities ae "
        "JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id = ? "
        "ORDER BY a.day IS NULL, a.day DESC, a.rowid DESC LIMIT ?",
        (entity_id, limit),
    ).fetchall()
    found = []
    for row in rows:
        record = unpack_record(row["record"], row["text"])
        local = row["local_id"]
        mine: dict[str, Any] = next((e for e in record["entities"] if e.get("id") == local), {})
        events = []
        for event in record.get("events") or []:
            for side in ("source", "target"):
                if (event.get(side) or {}).get("entity") == local:
                    events.append({**_event_row(event), "role": side})
        found.append({
            "article_id": row["id"], "day": row["day"], "title": row["title"],
            "actor": mine.get("actor"), "roles": mine.get("roles") or [], "events": events,
        })  # fmt: skip
    return found


def _event_row(event: dict[str, Any]) -> Row:
    source, target = event.get("source") or {}, event.get("target") or {}
    return {
        "code": event.get("code"), "name": event.get("name"),
        "quad_class": event.get("quad_class"), "goldstein": event.get("goldstein"),
        "source_name": source.get("name"), "source_actor": source.get("actor"),
        "target_name": target.get("name"), "target_actor": target.get("actor"),
        "date": event.get("date"), "start": event.get("start"),
    }  # fmt: skip


def article_story(conn: sqlite3.Connection, article_id: str) -> int | None:
    """The story an article belongs to."""
    row = conn.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def with_keys(conn: sqlite3.Connection, rows: list[Row]) -> list[Row]:
    """Entity rows (from ``queries.entities``) with their ``key`` added."""
    ids = [row["id"] for row in rows]
    marks = ",".join("?" * len(ids))
    keys = (
        dict(conn.execute(f"SELECT id, key FROM entities WHERE id IN ({marks})", ids).fetchall())
        if ids
        else {}
    )
    for row in rows:
        row["key"] = keys.get(row["id"])
    return rows


def links_among(conn: sqlite3.Connection, codes: Sequence[str]) -> list[Row]:
    """Events between the actors ``codes`` (exact codes, either way): for each pair, how many
    and their mean Goldstein score."""
    codes = [c for c in codes if c]
    if len(codes) < 2:
        return []
    marks = ",".join("?" * len(codes))
    return _rows(
        conn.execute(
            "SELECT MIN(source_actor, target_actor) AS a, MAX(source_actor, target_actor) AS b, "
            "COUNT(*) AS events, ROUND(AVG(goldstein), 2) AS mean_goldstein FROM event_groups "
            f"WHERE source_actor IN ({marks}) AND target_actor IN ({marks}) "
            "AND source_actor != target_actor GROUP BY 1, 2",
            (*codes, *codes),
        )
    )


def quotes_holding(conn: sqlite3.Connection, text: str, limit: int = 10) -> list[Row]:
    """The quotes stored last that hold every word of ``text``, with their offsets (the
    full-text index walked backwards: no sort over thousands of matches)."""
    limit = check_count(limit)
    return _rows(
        conn.execute(
            "SELECT q.speaker_name AS speaker, q.text, q.cue, q.start, a.published, "
            "a.id AS article_id, a.title FROM (SELECT rowid FROM quotes_fts WHERE quotes_fts "
            "MATCH ? ORDER BY rowid DESC LIMIT ?) f JOIN quotes q ON q.id = f.rowid "
            "JOIN articles a ON a.id = q.article_id ORDER BY q.id DESC",
            (fts_query(text), limit),
        )
    )
