"""What a Spark task does: run the library's pipeline over its inputs, and turn records into
the store's rows.

Both halves run in executor processes.  The pipeline (and its spaCy model) is loaded once per
Python worker process (``_pipeline``; Spark keeps its Python workers between tasks), and
articles go through ``store.ingest.process_batch``, the entry point the workers of
``newsgraph ingest`` use: cleaning, the text hash, ``Pipeline.run_many`` (``nlp.pipe`` in
batches), the record and its MinHash signature.

Rows are made by the store's own writer: a task writes its records into a private in-memory
SQLite database with the store's schema (``store.schema``), exactly as ``ingest`` writes them,
and reads them back with the Parquet export's row code (``store.exports.table_rows``).  Only the
ids change: SQLite numbers rows 1, 2, 3 in each task, so every integer id is replaced by one
derived from what the row is (an entity's key, an event group's key, an article id and a
position), the same in every task and every run (``stable_id``).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from newsgraph.settings import Settings
from newsgraph.store import schema
from newsgraph.types import Article, Rejection

Item = Article | Rejection

RECORD_COLUMNS = (
    "article_id",
    "text_hash",
    "source",
    "site",
    "url",
    "title",
    "published",
    "record",
    "signature",
    "pipeline_version",
    "day",
)
"""The ``records`` dataset: one analysed publication a row (the record as JSON text)."""

GLOBAL_TABLES = ("stories", "entities", "entity_aliases", "event_groups")
"""Tables whose rows gather many articles: merged over the whole output, not by day."""

TEXTS_PER_DATABASE = 500
"""Texts written into one scratch database before its rows are handed on (memory bound)."""

_STABLE_IDS = (
    "UPDATE article_entities SET entity_id = (SELECT newsgraph_id('entity ' || e.key) "
    "FROM entities e WHERE e.id = article_entities.entity_id)",
    "UPDATE mentions SET entity_id = (SELECT newsgraph_id('entity ' || e.key) "
    "FROM entities e WHERE e.id = mentions.entity_id)",
    "UPDATE entity_aliases SET entity_id = (SELECT newsgraph_id('entity ' || e.key) "
    "FROM entities e WHERE e.id = entity_aliases.entity_id)",
    "UPDATE quotes SET speaker_entity = (SELECT newsgraph_id('entity ' || e.key) "
    "FROM entities e WHERE e.id = quotes.speaker_entity) WHERE speaker_entity IS NOT NULL",
    "UPDATE entities SET id = newsgraph_id('entity ' || key)",
    "UPDATE events SET group_id = (SELECT newsgraph_id('event ' || g.key) "
    "FROM event_groups g WHERE g.id = events.group_id)",
    "UPDATE event_groups SET id = newsgraph_id('event ' || key)",
    "UPDATE events SET id = newsgraph_id('mention ' || article_id || ' ' || seq)",
    "UPDATE quotes SET id = newsgraph_id('quote ' || article_id || ' ' || seq)",
    "UPDATE publications SET id = newsgraph_id('publication ' || article_id || ' ' || key)",
    "UPDATE articles SET rowid = newsgraph_id('article ' || id)",
    "UPDATE rejections SET id = newsgraph_id('rejection ' || source || ' ' || stage || ' ' "
    "|| reason)",
)


def stable_id(what: str) -> int:
    """A positive 60-bit integer id for the thing ``what`` names (the same everywhere)."""
    return int(hashlib.sha256(what.encode("utf-8")).hexdigest()[:15], 16)


def input_key(path: str) -> str:
    """The partition of the ``rejections`` dataset that holds an input file's rejections."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]


def scratch() -> sqlite3.Connection:
    """An in-memory database with the store's schema, where a task writes its rows."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    schema.migrate(conn)
    conn.create_function("newsgraph_id", 1, lambda what: stable_id(str(what)), deterministic=True)
    return conn


def version(stages: Iterable[str] | None = None) -> str:
    """The pipeline version written with every row (as the store writes it)."""
    from newsgraph.pipeline import DEFAULT_STAGES

    return schema.pipeline_version(tuple(stages) if stages is not None else DEFAULT_STAGES)


@functools.cache
def _pipeline(settings: Settings) -> Any:
    """The pipeline of this Python worker process, with its model loaded (once)."""
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline(settings=settings)
    pipeline.nlp  # noqa: B018 -- load the model now, not inside the first batch
    return pipeline


def _nothing_stored(hashes: list[str]) -> dict[str, str]:
    return {}  # a batch job analyses every text it reads; copies are merged afterwards


def analyse(
    tagged: Iterable[tuple[str, Item]], settings: Settings
) -> Iterator[tuple[str, Any, tuple[Any, ...]]]:
    """Run the pipeline over ``(input file, item)`` pairs, ``settings.batch_size`` at a time.

    Yields ``("record", day, row)`` with a ``records`` row (``RECORD_COLUMNS`` but the day) and,
    after them, ``("rejections", input key, row)`` with a ``rejections`` table row.
    """
    from newsgraph.store.ingest import process_batch

    pipeline = _pipeline(settings)
    written = version(stage.name for stage in pipeline.stages)
    rejected: list[tuple[str, Rejection]] = []
    iterator = iter(tagged)
    while chunk := list(itertools.islice(iterator, settings.batch_size)):
        items = [item for _, item in chunk]
        try:
            outcomes = process_batch(pipeline, items, _nothing_stored, written, False)
        except Exception as exc:  # a failure outside any one article: each input is rejected
            reason = f"{type(exc).__name__}: {exc}"
            outcomes = [("reject", Rejection(item.source, "pipeline", reason)) for item in items]
        for (path, _), outcome in zip(chunk, outcomes, strict=True):
            if outcome[0] == "reject":
                rejected.append((path, outcome[1]))
                continue
            _, record, signature, source, site = outcome
            day = schema.day(record.get("published"))
            yield "record", day, (
                record["id"], schema.text_hash(record["text"]), source, site, record.get("url"),
                record.get("title"), record.get("published"),
                json.dumps(record, ensure_ascii=False), signature, written,
            )  # fmt: skip
    for path, row in rejection_rows(rejected, written):
        yield "rejections", input_key(path), row


def rejection_rows(
    rejected: list[tuple[str, Rejection]], written: str
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """``rejections`` rows, as the store's writer makes them, each with its input file."""
    from newsgraph.store.exports import table_rows
    from newsgraph.store.writer import Writer

    if not rejected:
        return
    conn = scratch()
    writer = Writer(conn, version=written, batch_size=len(rejected) + 1)
    paths: dict[tuple[str, str, str], str] = {}
    for path, rejection in rejected:
        writer.reject(rejection)
        paths.setdefault((rejection.source, rejection.stage, rejection.reason), path)
    writer.close()
    _stabilise(conn)
    for row in table_rows(conn, "rejections"):
        values = dict(zip(_names(conn, "rejections"), row, strict=True))
        yield paths[(values["source"], values["stage"], values["reason"])], row
    conn.close()


def assemble(
    rows: Iterable[Any], written: str
) -> Iterator[tuple[str, str | None, tuple[Any, ...]]]:
    """Write ``records`` rows (joined with their stories, sorted by text hash) as the store
    does, and yield ``(table, day, row)`` for every table but ``rejections``.

    ``day`` is the article's day for the tables of one article's facts (their partition), and
    None for the articles and publications (whose own ``day`` is it) and the global tables.
    """
    batch: list[Any] = []
    for row in rows:
        if len(batch) >= TEXTS_PER_DATABASE and row["text_hash"] != batch[-1]["text_hash"]:
            yield from _assemble_batch(batch, written)
            batch = []
        batch.append(row)
    if batch:
        yield from _assemble_batch(batch, written)


def _assemble_batch(
    rows: list[Any], written: str
) -> Iterator[tuple[str, str | None, tuple[Any, ...]]]:
    from newsgraph.errors import StoreError
    from newsgraph.store.exports import table_rows
    from newsgraph.store.writer import Writer

    conn = scratch()
    current: dict[str, Any] = {}

    def story_of(record: dict[str, Any]) -> int:
        story = (current["story_id"], current["story_first"], current["story_title"],
                 current["story_day"])  # fmt: skip
        conn.execute(
            "INSERT OR IGNORE INTO stories(id, first_article, title, day) VALUES (?,?,?,?)", story
        )
        return int(current["story_id"])

    writer = Writer(conn, version=written, batch_size=len(rows) + 1, story_of=story_of)
    for row in rows:
        current.update(row.asDict())
        try:
            writer.add(json.loads(row["record"]), row["signature"], row["source"], row["site"])
        except StoreError as exc:  # not expected of a record the pipeline made: said, not fatal
            print(f"newsgraph: error: {row['source']}: {exc}", file=sys.stderr)
    writer.close()
    _stabilise(conn)
    days = {r["id"]: r["day"] for r in conn.execute("SELECT id, day FROM articles")}
    from newsgraph.store.schema import TABLES

    for table in TABLES:
        if table == "rejections":
            continue
        names = _names(conn, table)
        at = names.index("article_id") if "article_id" in names else None
        by_day = at is not None and table not in ("articles", "publications")
        for values in table_rows(conn, table):
            yield table, days.get(values[at]) if by_day and at is not None else None, values
    conn.close()


def _stabilise(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN")
    for statement in _STABLE_IDS:
        conn.execute(statement)
    conn.execute("COMMIT")


def _names(conn: sqlite3.Connection, table: str) -> list[str]:
    from newsgraph.store.exports import table_columns

    return [name for name, _ in table_columns(conn, table)]
