"""Exports: GDELT 2.0 Events / Mentions and GKG 2.1 TSV, Parquet, JSON Lines and CSV.

GDELT files are written as GDELT writes them: tab-separated, no header row, one event (or
mention, or article) per line.  Parquet and CSV write one file per table into a folder; JSON
Lines writes one full record per line (the same records ``newsgraph extract`` prints).
Rows are streamed from the database, so an export never holds a whole table in memory.

Articles are publications: a text printed by six outlets is six GKG rows, six JSON Lines
records (each with its own URL, title and date) and six mentions of each of its events.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsgraph.errors import StoreError
from newsgraph.store.gdelt import event_row, mention_row
from newsgraph.store.gkg import gkg_row
from newsgraph.store.queries import SOURCE_KEY
from newsgraph.store.schema import TABLES, WITHOUT_ROWID
from newsgraph.store.writer import unpack_record

FORMATS = ("gdelt-events", "gdelt-mentions", "gkg", "parquet", "jsonl", "csv")

_GROUPS = (
    "SELECT g.*, COUNT(*) AS num_mentions, "
    f"COUNT(DISTINCT {SOURCE_KEY}) AS num_sources, "
    "COUNT(DISTINCT p.id) AS num_articles, AVG(a.tone) AS avg_tone, "
    "(SELECT COALESCE(p2.url, p2.source) FROM events e2 JOIN publications p2 "
    "ON p2.article_id = e2.article_id WHERE e2.group_id = g.id ORDER BY e2.id, p2.id LIMIT 1) "
    "AS url FROM event_groups g JOIN events e ON e.group_id = g.id "
    "JOIN articles a ON a.id = e.article_id JOIN publications p ON p.article_id = e.article_id "
    "GROUP BY g.id ORDER BY g.id"
)

# One row per mention in each publication of the text stating it.
_MENTIONS = (
    "SELECT e.*, g.added_at, p.ingested_at, p.outlet, p.url, p.source, a.tone "
    "FROM events e JOIN event_groups g ON g.id = e.group_id "
    "JOIN articles a ON a.id = e.article_id JOIN publications p ON p.article_id = e.article_id "
    "ORDER BY e.article_id, p.id, e.seq"
)


def export(conn: sqlite3.Connection, format: str, out: str | Path) -> int:
    """Write the store in ``format`` to ``out`` (a file, or a folder for parquet and csv);
    return the number of rows (or records) written."""
    writers = {
        "gdelt-events": _gdelt_events,
        "gdelt-mentions": _gdelt_mentions,
        "gkg": _gkg,
        "parquet": _parquet,
        "jsonl": _jsonl,
        "csv": _csv,
    }
    if format not in writers:
        raise StoreError(f"unknown export format {format!r}; known: {', '.join(FORMATS)}")
    try:
        return writers[format](conn, Path(out))
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the store for export: {exc}") from exc


def _tsv(out: Path, rows: Iterator[list[str]]) -> int:
    written = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        for row in rows:
            handle.write("\t".join(row) + "\n")
            written += 1
    return written


def _gdelt_events(conn: sqlite3.Connection, out: Path) -> int:
    return _tsv(out, (event_row(dict(row)) for row in conn.execute(_GROUPS)))


def _gdelt_mentions(conn: sqlite3.Connection, out: Path) -> int:
    def rows() -> Iterator[list[str]]:
        current, text = None, ""
        for row in conn.execute(_MENTIONS):
            if row["article_id"] != current:
                current = row["article_id"]
                text = conn.execute(
                    "SELECT text FROM articles WHERE id = ?", (current,)
                ).fetchone()[0]
            yield mention_row(dict(row), text)

    return _tsv(out, rows())


def records(conn: sqlite3.Connection) -> Iterator[tuple[dict[str, Any], sqlite3.Row]]:
    """Every stored record with its article row, in the order they were stored (one per
    analysed text, as it was written)."""
    for row in conn.execute(
        "SELECT id, text, record, outlet, source, ingested_at FROM articles ORDER BY rowid"
    ):
        yield unpack_record(row["record"], row["text"]), row


def publication_records(
    conn: sqlite3.Connection,
) -> Iterator[tuple[dict[str, Any], sqlite3.Row]]:
    """Every publication as a record (its text's record with the publication's URL, title
    and date) with its publication row, in the order they were stored.  A text published
    once gives its record exactly as it was written."""
    current: tuple[str, dict[str, Any]] | None = None
    for row in conn.execute(
        "SELECT p.article_id, p.url, p.title, p.published, p.outlet, p.source, p.ingested_at "
        "FROM publications p JOIN articles a ON a.id = p.article_id ORDER BY a.rowid, p.id"
    ):
        if current is None or current[0] != row["article_id"]:
            stored = conn.execute(
                "SELECT text, record FROM articles WHERE id = ?", (row["article_id"],)
            ).fetchone()
            current = (row["article_id"], unpack_record(stored["record"], stored["text"]))
        record = {**current[1], "url": row["url"], "published": row["published"]}
        if row["title"] is not None:
            record["title"] = row["title"]
        yield record, row


def _gkg(conn: sqlite3.Connection, out: Path) -> int:
    rows = (
        gkg_row(record, number, row["outlet"], row["source"], row["ingested_at"])
        for number, (record, row) in enumerate(publication_records(conn))
    )
    return _tsv(out, rows)


def _jsonl(conn: sqlite3.Connection, out: Path) -> int:
    written = 0
    with out.open("w", encoding="utf-8") as handle:
        for record, _ in publication_records(conn):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def table_columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(name, declared type) of each column of ``table``; the article's packed record blob
    is exported as the record's JSON text."""
    columns = [
        (row["name"], row["type"].upper()) for row in conn.execute(f"PRAGMA table_info({table})")
    ]
    return [
        (name, "TEXT" if (table, name) == ("articles", "record") else kind)
        for name, kind in columns
    ]


def table_rows(conn: sqlite3.Connection, table: str) -> Iterator[tuple[Any, ...]]:
    """The rows of ``table`` as exported (the article record as JSON text)."""
    names = [name for name, _ in table_columns(conn, table)]
    # ``publications`` may be a view (an older database read as it is): order by its id.
    order = " ORDER BY id" if table == "publications" else " ORDER BY rowid"
    if table in WITHOUT_ROWID:
        order = ""
    cursor = conn.execute(f"SELECT {', '.join(names)} FROM {table}{order}")
    if table != "articles":
        yield from (tuple(row) for row in cursor)
        return
    at_record, at_text = names.index("record"), names.index("text")
    for row in cursor:
        values = list(row)
        record = unpack_record(values[at_record], values[at_text])
        values[at_record] = json.dumps(record, ensure_ascii=False)
        yield tuple(values)


def _parquet(conn: sqlite3.Connection, out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string(), "BLOB": pa.binary()}
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for table in TABLES:
        columns = table_columns(conn, table)
        schema = pa.schema([(name, kinds.get(kind, pa.string())) for name, kind in columns])
        with pq.ParquetWriter(out / f"{table}.parquet", schema) as parquet:
            batch: list[tuple[Any, ...]] = []
            for row in table_rows(conn, table):
                batch.append(row)
                if len(batch) >= 10_000:
                    parquet.write_table(_arrow(batch, schema))
                    batch = []
            parquet.write_table(_arrow(batch, schema))
        written += 1
    return written


def _arrow(rows: list[tuple[Any, ...]], schema: Any) -> Any:
    import pyarrow as pa

    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return pa.Table.from_arrays(
        [
            pa.array(list(values), type=field.type)
            for values, field in zip(columns, schema, strict=True)
        ],
        schema=schema,
    )


def _csv(conn: sqlite3.Connection, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        names = [name for name, _ in table_columns(conn, table)]
        with (out / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            writer.writerows(table_rows(conn, table))
    return len(TABLES)
