"""The query commands over a batch output folder, through DuckDB (``--parquet DIR``).

``open_parquet`` gives a connection whose views carry the store's table and column names over
the folder's Parquet datasets, so the store's queries (``store.queries``, ``store.stories``,
the report) run on it unchanged: ``Store(DIR, readonly=True, connect=open_parquet)``.  DuckDB
reads only the columns and day partitions a query needs, so an output far larger than a SQLite
file comfortably holds can be asked the same questions.

The connection looks like a ``sqlite3`` one to the queries: ``execute(sql, params)`` with ``?``
parameters, rows that can be read by position or by name.  The SQLite dialect the queries use
is DuckDB's too, but for one date function, translated here (``_DIALECT``).  Full-text search
(``search``, ``quotes --text`` and ``--speaker``) needs SQLite's FTS5 index: over Parquet it is
a clear error pointing to ``newsgraph ingest DIR``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from newsgraph.batch.load import is_batch_output
from newsgraph.errors import StoreError

_DUCKDB_KINDS = {"INTEGER": "BIGINT", "REAL": "DOUBLE", "TEXT": "VARCHAR", "BLOB": "BLOB"}

# SQLite's "Monday of the date's week" (the week timeline) in DuckDB's words.
_DIALECT = (
    (
        re.compile(r"date\(([\w.]+), 'weekday 0', '-6 days'\)"),
        r"strftime(date_trunc('week', CAST(\1 AS DATE)), '%Y-%m-%d')",
    ),
)


class Row(tuple[Any, ...]):
    """A result row read by position or by column name (as ``sqlite3.Row`` is)."""

    names: tuple[str, ...] = ()

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


class Cursor:
    """The rows of one statement."""

    def __init__(self, names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        self._rows = iter(rows)
        self._names = names

    def _row(self, values: tuple[Any, ...]) -> Row:
        row = Row(values)
        row.names = self._names
        return row

    def fetchone(self) -> Row | None:
        values = next(self._rows, None)
        return None if values is None else self._row(values)

    def fetchall(self) -> list[Row]:
        return [self._row(values) for values in self._rows]

    def __iter__(self) -> Iterator[Row]:
        return (self._row(values) for values in self._rows)


class ParquetConnection:
    """A DuckDB connection over a batch output folder, answering the store's SQL."""

    def __init__(self, duck: Any, folder: Path) -> None:
        self._duck = duck
        self.folder = folder

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one statement of the store's queries; errors are ``StoreError``."""
        import duckdb

        if "_fts" in sql:
            raise StoreError(
                f"{self.folder}: full-text search needs the SQLite store; load the batch "
                f"output with `newsgraph ingest {self.folder} --db FILE` and search that"
            )
        for pattern, replacement in _DIALECT:
            sql = pattern.sub(replacement, sql)
        try:
            result = self._duck.execute(sql, list(params))
            names = tuple(column[0] for column in result.description or ())
            return Cursor(names, result.fetchall())
        except duckdb.Error as exc:
            raise StoreError(f"{self.folder}: {exc}") from exc

    def close(self) -> None:
        self._duck.close()


def open_parquet(folder: str | Path) -> ParquetConnection:
    """Open the batch output ``folder`` for the store's queries (read-only)."""
    import duckdb

    from newsgraph.batch.rows import scratch
    from newsgraph.store.exports import table_columns
    from newsgraph.store.schema import TABLES

    path = Path(folder)
    if not is_batch_output(path):
        raise StoreError(f"{path}: not a batch output folder (no records/ and articles/ in it)")
    duck = duckdb.connect(":memory:")
    conn = scratch()
    try:
        for table in TABLES:
            duck.execute(_view(path, table, table_columns(conn, table)))
    except duckdb.Error as exc:
        duck.close()
        raise StoreError(f"{path}: cannot read the batch output ({exc})") from exc
    finally:
        conn.close()
    return ParquetConnection(duck, path)


def _view(folder: Path, table: str, columns: list[tuple[str, str]]) -> str:
    """A view of ``table`` over its dataset, with the store's columns in the store's order; an
    empty table of those columns when the dataset has no rows (no files)."""
    names = ", ".join(f'"{name}"' for name, _ in columns)
    dataset = folder / table
    if not any(dataset.rglob("*.parquet")):
        typed = ", ".join(
            f'"{name}" {_DUCKDB_KINDS.get(kind, "VARCHAR")}' for name, kind in columns
        )
        return f"CREATE TABLE {table} ({typed})"
    files = str(dataset / "**" / "*.parquet").replace("'", "''")
    return (
        f"CREATE VIEW {table} AS SELECT {names} FROM read_parquet('{files}', "
        "hive_partitioning = true, hive_types_autocast = false, union_by_name = true)"
    )
