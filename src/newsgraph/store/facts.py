"""The rows an article's record turns into: entities, mentions, places, quotes, counts, events.

``insert_facts`` writes them and ``delete_facts`` removes them again (when an article is
re-processed), keeping the entity counters and the event groups right in both directions.
Both run inside the writer's transaction.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from newsgraph.store.schema import now
from newsgraph.types import Record


def entity_key(entity: dict[str, Any]) -> str:
    """The cross-article identity of an entity: its normalised key, else type and name."""
    key = entity.get("key")
    if key:
        return str(key)
    name = " ".join(str(entity.get("name") or "").lower().split())
    return f"{entity.get('type') or 'OTHER'}:{name}"


def insert_facts(conn: sqlite3.Connection, record: Record, story: int, day: str | None) -> None:
    """Write every fact of ``record`` (whose article row exists) into the store."""
    article_id = record["id"]
    entities = _insert_entities(conn, article_id, record.get("entities") or [])
    conn.executemany(
        "INSERT INTO locations(article_id, seq, name, start, end, entity, country, admin1, "
        "lat, lon, geonames_id, feature) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (article_id, seq, *_location(loc))
            for seq, loc in enumerate(record.get("locations") or [])
        ],
    )
    conn.executemany(
        "INSERT INTO quotes(article_id, seq, text, start, end, speaker, speaker_entity, "
        "speaker_name, cue) VALUES (?,?,?,?,?,?,?,?,?)",
        [
            (
                article_id, seq, q["text"], q.get("start"), q.get("end"), q.get("speaker"),
                entities.get(q.get("speaker") or ""), q.get("speaker_name"), q.get("cue"),
            )
            for seq, q in enumerate(record.get("quotes") or [])
        ],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO counts(article_id, seq, number, object, kind, start, end) "
        "VALUES (?,?,?,?,?,?,?)",
        [
            (article_id, seq, c["number"], c.get("object"), c.get("kind"), c.get("start"),
             c.get("end"))
            for seq, c in enumerate(record.get("counts") or [])
        ],
    )  # fmt: skip
    conn.executemany(
        "INSERT OR IGNORE INTO themes(article_id, theme) VALUES (?, ?)",
        [(article_id, theme) for theme in record.get("themes") or []],
    )
    lead_end = _lead_end(record["text"])
    for seq, event in enumerate(record.get("events") or []):
        _insert_event(conn, article_id, seq, event, story, day, lead_end)


def _insert_entities(
    conn: sqlite3.Connection, article_id: str, entities: list[dict[str, Any]]
) -> dict[str, int]:
    """Write the article's entities; return record-local id -> store entity id."""
    merged: dict[str, list[Any]] = {}  # key -> [name, type, country, actor, mentions]
    for entity in entities:
        key, count = entity_key(entity), len(entity.get("mentions") or [])
        if key in merged:
            merged[key][4] += count
            continue
        merged[key] = [entity["name"], entity.get("type") or "OTHER", entity.get("country"),
                       entity.get("actor"), count]  # fmt: skip
    # One article adds 1 to each of its entities' article counts, whatever its local ids.
    conn.executemany(
        "INSERT INTO entities(key, name, type, country, actor, mention_count, article_count) "
        "VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT(key) DO UPDATE SET "
        "name = CASE WHEN length(excluded.name) > length(name) THEN excluded.name "
        "ELSE name END, country = COALESCE(country, excluded.country), "
        "actor = COALESCE(excluded.actor, actor), "
        "mention_count = mention_count + excluded.mention_count, "
        "article_count = article_count + 1",
        [(key, *values) for key, values in merged.items()],
    )
    ids = _entity_ids(conn, list(merged))
    local = {entity["id"]: ids[entity_key(entity)] for entity in entities}
    aliases: set[tuple[int, str]] = set()
    links: list[tuple[Any, ...]] = []
    mentions: list[tuple[Any, ...]] = []
    for entity in entities:
        entity_id = local[entity["id"]]
        spans = entity.get("mentions") or []
        aliases |= {(entity_id, a) for a in (entity["name"], *(entity.get("aliases") or [])) if a}
        roles = entity.get("roles") or []
        links.append((article_id, entity["id"], entity_id, len(spans),
                      json.dumps(roles, ensure_ascii=False) if roles else "[]"))  # fmt: skip
        mentions += [(article_id, entity_id, m["start"], m["end"]) for m in spans]
    conn.executemany(
        "INSERT OR IGNORE INTO entity_aliases(entity_id, alias) VALUES (?, ?)", sorted(aliases)
    )
    conn.executemany(
        "INSERT INTO article_entities(article_id, local_id, entity_id, mention_count, roles) "
        "VALUES (?, ?, ?, ?, ?)",
        links,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO mentions(article_id, entity_id, start, end) VALUES (?, ?, ?, ?)",
        mentions,
    )
    return local


def _entity_ids(conn: sqlite3.Connection, keys: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for key, entity_id in conn.execute(
            f"SELECT key, id FROM entities WHERE key IN ({marks})", chunk
        ):
            ids[key] = int(entity_id)
    return ids


def _location(loc: dict[str, Any] | None) -> tuple[Any, ...]:
    loc = loc or {}
    return (
        loc.get("name"), loc.get("start"), loc.get("end"), loc.get("entity"), loc.get("country"),
        loc.get("admin1"), loc.get("lat"), loc.get("lon"), loc.get("geonames_id"),
        loc.get("feature"),
    )  # fmt: skip


_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _lead_end(text: str) -> int:
    """Where the lead paragraph ends: events stated in it are GDELT's "root" events."""
    end = text.find("\n\n")
    return len(text) if end < 0 else end


def _party(actor: dict[str, Any] | None) -> tuple[str | None, str | None, str]:
    """An event party's (actor code, name, grouping key)."""
    if not actor:
        return None, None, ""
    code, name = actor.get("actor"), actor.get("name")
    key = code or " ".join(str(name or "").lower().split())
    return code, name, key


def _insert_event(
    conn: sqlite3.Connection,
    article_id: str,
    seq: int,
    event: dict[str, Any],
    story: int,
    day: str | None,
    lead_end: int,
) -> None:
    source_actor, source_name, source_key = _party(event.get("source"))
    target_actor, target_name, target_key = _party(event.get("target"))
    # A day is needed to place an event on a timeline; a year or month alone is not one, so
    # such events take the article's day, as GDELT dates events by their report.
    stated = str(event.get("date") or "")
    date = stated[:10] if _FULL_DATE.match(stated) else day
    is_root = int((event.get("start") or 0) < lead_end)
    loc = event.get("location") or {}
    key = f"{story}|{event['code']}|{source_key}|{target_key}"
    # The first mention sets the group's description; later ones may only widen it.
    group = conn.execute(
        "INSERT INTO event_groups(key, story_id, code, root, name, quad_class, goldstein, "
        "source_actor, source_name, target_actor, target_name, date, place, country, admin1, "
        "lat, lon, geonames_id, feature, is_root, added_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET "
        "date = CASE WHEN date IS NULL OR excluded.date < date THEN excluded.date ELSE date END, "
        "place = COALESCE(place, excluded.place), country = COALESCE(country, excluded.country), "
        "lat = COALESCE(lat, excluded.lat), lon = COALESCE(lon, excluded.lon), "
        "is_root = max(is_root, excluded.is_root) RETURNING id",
        (
            key, story, event["code"], event.get("root") or event["code"][:2], event.get("name"),
            event["quad_class"], event["goldstein"], source_actor, source_name, target_actor,
            target_name, date, loc.get("name"), loc.get("country"), loc.get("admin1"),
            loc.get("lat"), loc.get("lon"), loc.get("geonames_id"), loc.get("feature"),
            is_root, now(),
        ),
    ).fetchone()  # fmt: skip
    conn.execute(
        "INSERT INTO events(article_id, seq, group_id, code, source_name, source_actor, "
        "target_name, target_actor, date, start, end, trigger, confidence, is_root) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            article_id, seq, int(group[0]), event["code"], source_name, source_actor,
            target_name, target_actor, date, event.get("start"), event.get("end"),
            event.get("trigger"), event.get("confidence"), is_root,
        ),
    )  # fmt: skip


def delete_facts(conn: sqlite3.Connection, article_id: str) -> None:
    """Remove every fact row of one article, undoing its share of counters and groups."""
    conn.execute(
        "UPDATE entities SET mention_count = mention_count - t.mentions, "
        "article_count = article_count - 1 FROM (SELECT entity_id, SUM(mention_count) AS "
        "mentions FROM article_entities WHERE article_id = ? GROUP BY entity_id) AS t "
        "WHERE entities.id = t.entity_id",
        (article_id,),
    )
    groups = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT group_id FROM events WHERE article_id = ?", (article_id,)
        )
    ]
    for table in ("article_entities", "mentions", "locations", "quotes", "counts", "themes"):
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
    conn.executemany(
        "DELETE FROM event_groups WHERE id = ? AND NOT EXISTS "
        "(SELECT 1 FROM events WHERE group_id = ?)",
        [(group, group) for group in groups],
    )
