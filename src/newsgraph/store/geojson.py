"""GeoJSON exports for a map: events at their place, and every geocoded place mention.

``geojson-events`` writes one Point feature per event (group) with a position, carrying its
code, actors, date, mention count and the sentence stating it; ``geojson-locations`` one per
place, with how many mentions and articles name it.  Coordinates are ``[lon, lat]``, as
RFC 7946 orders them; rows without coordinates are left out.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from newsgraph.store.queries import first_mentions, mention_counts

GEOJSON_FORMATS = ("geojson-events", "geojson-locations")

_EVENT_PROPERTIES = (
    "event_id", "date", "code", "name", "quad_class", "goldstein", "source_actor",
    "source_name", "target_actor", "target_name", "place", "country",
)  # fmt: skip


def export_geojson(conn: sqlite3.Connection, format: str, out: str | Path) -> int:
    """Write a FeatureCollection of ``format`` to ``out``; return the number of features."""
    features = _events(conn) if format == "geojson-events" else _locations(conn)
    with Path(out).open("w", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle, ensure_ascii=False)
        handle.write("\n")
    return len(features)


def _point(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


def _events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = [
        dict(row)
        for row in conn.execute(
            "SELECT g.id AS event_id, g.date, g.code, g.name, g.quad_class, g.goldstein, "
            "g.source_actor, g.source_name, g.target_actor, g.target_name, g.place, g.country, "
            "g.lat, g.lon FROM event_groups g WHERE g.lat IS NOT NULL AND g.lon IS NOT NULL "
            "ORDER BY g.id"
        )
    ]
    features = []
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        ids = [row["event_id"] for row in chunk]
        counts, seen = mention_counts(conn, ids), first_mentions(conn, ids)
        for row in chunk:
            properties = {key: row[key] for key in _EVENT_PROPERTIES}
            properties["num_mentions"] = counts.get(row["event_id"], {}).get("num_mentions", 0)
            first = seen.get(row["event_id"], {})
            for key in ("article_id", "url", "sentence"):
                properties[key] = first.get(key)
            features.append(_point(row["lon"], row["lat"], properties))
    return features


def _locations(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        _point(row["lon"], row["lat"], {k: row[k] for k in dict(row) if k not in ("lat", "lon")})
        for row in conn.execute(
            "SELECT name, country, admin1, feature, geonames_id, lat, lon, COUNT(*) AS mentions, "
            "COUNT(DISTINCT article_id) AS articles FROM locations "
            "WHERE lat IS NOT NULL AND lon IS NOT NULL "
            "GROUP BY COALESCE(CAST(geonames_id AS TEXT), name || '|' || lat || '|' || lon) "
            "ORDER BY mentions DESC, name"
        )
    ]
