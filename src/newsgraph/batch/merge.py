"""Merging the rows of the tables that gather many articles, made apart in many tasks.

Each task's scratch database holds its own share of an entity, an event group or a story; the
shares are merged here as the store's writer merges a new article into a stored row
(``store.facts``): an entity's counters add up and its longest name is kept (and, of two actor
codes, the first in order, where the store keeps the last article's: the shares come in no
order here); an event group
keeps its earliest date, one place (a mention that has one) with that mention's description,
and is a root event when any mention is.
"""

from __future__ import annotations

from typing import Any

_DESCRIPTION = (
    "key", "story_id", "code", "root", "name", "quad_class", "goldstein", "source_actor",
    "source_name", "target_actor", "target_name", "place", "country", "admin1", "lat", "lon",
    "geonames_id", "feature",
)  # fmt: skip


def merge(table: str, frame: Any) -> Any:
    """One row per id of ``table`` (stories, entities, entity_aliases or event_groups)."""
    from pyspark.sql import functions as F

    if table == "stories":
        return frame.dropDuplicates(["id"])
    if table == "entity_aliases":
        return frame.dropDuplicates(["entity_id", "alias"])
    if table == "entities":
        return frame.groupBy("id").agg(
            F.min("key").alias("key"),
            F.max_by("name", F.struct(F.length("name"), F.col("name"))).alias("name"),
            F.min("type").alias("type"),
            F.min("country").alias("country"),
            F.min("actor").alias("actor"),
            F.sum("mention_count").alias("mention_count"),
            F.sum("article_count").alias("article_count"),
        )
    if table == "event_groups":
        chosen = F.min_by(
            F.struct(*_DESCRIPTION), F.struct(F.col("place").isNull(), "place", "source_name")
        )
        merged = frame.groupBy("id").agg(
            chosen.alias("d"),
            F.min("date").alias("date"),
            F.max("is_root").alias("is_root"),
            F.min("added_at").alias("added_at"),
        )
        return merged.select("id", "d.*", "date", "is_root", "added_at")
    raise ValueError(f"{table} is not a table merged over articles")
