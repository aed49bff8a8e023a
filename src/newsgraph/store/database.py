"""``Store``: one store database, opened for writing or reading, with its queries.

A store opened for writing holds the database's write lock (``lock.WriteLock``) until it is
closed: one writer at a time.  One opened ``readonly`` never writes (see ``schema.read_uri``).
Every sqlite3 error leaving it is a ``StoreError``.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from newsgraph.errors import StoreError
from newsgraph.store import counting, queries, schema, stories
from newsgraph.store.lock import WriteLock
from newsgraph.store.writer import Writer
from newsgraph.types import Record, Rejection

__all__ = ["Store", "StoreError"]

P = ParamSpec("P")
T = TypeVar("T")


def _translated(method: Callable[P, T]) -> Callable[P, T]:
    """Turn sqlite3 errors raised by ``method`` into ``StoreError``."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(f"store: {exc}") from exc

    return wrapper


def _open_sqlite(readonly: bool) -> Callable[[Path], Any]:
    return lambda path: schema.connect(path, readonly=readonly)


class Store:
    """A store database: open it, add records, ask questions of it."""

    def __init__(
        self,
        path: str | Path,
        *,
        readonly: bool = False,
        version: str | None = None,
        reprocess: bool = False,
        batch_size: int = 25,
        lock_timeout: float = 60.0,
        notify: Callable[[str], None] | None = None,
        connect: Callable[[Path], Any] | None = None,
    ) -> None:
        """``lock_timeout``: seconds a writer waits for another writer of the database to
        finish; ``notify`` is told once (one line) when it has to wait.  ``connect`` opens
        ``path`` read-only some other way (``batch.parquet.open_parquet``: a batch output
        folder through DuckDB) for the same queries."""
        from newsgraph.pipeline import DEFAULT_STAGES

        self.path = Path(path)
        self.readonly = readonly
        self._lock: WriteLock | None = None
        if not readonly:
            self._lock = WriteLock(self.path, timeout=lock_timeout, notify=notify).acquire()
        if connect is not None and not readonly:
            raise StoreError(f"{path}: a store opened with its own connection is read-only")
        try:
            self.conn = (connect or _open_sqlite(readonly))(self.path)
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise
        self.version = version or schema.pipeline_version(DEFAULT_STAGES)
        self._writer: Writer | None = None
        self._reprocess = reprocess
        self._batch_size = batch_size

    # -- writing --------------------------------------------------------------------------

    @property
    def writer(self) -> Writer:
        if self._writer is None:
            self._writer = Writer(
                self.conn,
                version=self.version,
                reprocess=self._reprocess,
                batch_size=self._batch_size,
            )
        return self._writer

    def add(
        self,
        record: Record,
        signature: bytes | None = None,
        source: str = "",
        site: str | None = None,
    ) -> str:
        """Write one publication of a record: ``stored`` (a new text), ``copy`` (another
        publication of a stored text), ``replaced`` (re-processed) or ``skipped``."""
        return self.writer.add(record, signature, source, site)

    def add_copy(self, text_hash: str, publication: dict[str, Any]) -> str:
        """Record another publication of a stored text: ``copy`` or ``skipped``."""
        return self.writer.add_copy(text_hash, publication)

    def take_warnings(self) -> list[str]:
        """The warnings of the writes since the last call (one line each)."""
        if self._writer is None:
            return []
        warnings, self._writer.warnings = self._writer.warnings, []
        return warnings

    def reject(self, rejection: Rejection) -> None:
        """Record an input that produced no record."""
        self.writer.reject(rejection)

    def commit(self) -> None:
        self.writer.commit()

    def close(self) -> None:
        """Commit what is pending, close the database and let the next writer in."""
        try:
            if self._writer is not None:
                self._writer.close()
        finally:
            try:
                self.conn.close()
            finally:
                if self._lock is not None:
                    self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- reading --------------------------------------------------------------------------

    @_translated
    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose title or text contain every word of ``text``."""
        return queries.search(self.conn, text, limit)

    @_translated
    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """Events with mention counts; see ``queries.events`` for the filters."""
        return queries.events(self.conn, **filters)

    @_translated
    def quotes(self, **filters: Any) -> list[dict[str, Any]]:
        """Quotes by speaker and/or words."""
        return queries.quotes(self.conn, **filters)

    @_translated
    def entities(self, **filters: Any) -> list[dict[str, Any]]:
        """The most mentioned entities."""
        return queries.entities(self.conn, **filters)

    @_translated
    def timeline(self, **filters: Any) -> list[dict[str, Any]]:
        """Events per day, week, month or year by quad class, with mean Goldstein score."""
        return counting.timeline(self.conn, **filters)

    @_translated
    def events_total(self, **filters: Any) -> int:
        """How many events the filters select (``events`` without a limit)."""
        return queries.events_total(self.conn, **filters)

    @_translated
    def quotes_total(self, **filters: Any) -> int:
        """How many quotes the filters select (``quotes`` without a limit)."""
        return queries.quotes_total(self.conn, **filters)

    @_translated
    def count(self, what: str, **options: Any) -> list[dict[str, Any]]:
        """Events, quotes or entities counted ``by`` a key; see ``counting``."""
        counters = {
            "events": counting.count_events,
            "quotes": counting.count_quotes,
            "entities": counting.count_entities,
        }
        if what not in counters:
            raise StoreError(f"cannot count {what!r}; use events, quotes or entities")
        return counters[what](self.conn, **options)

    @_translated
    def article(self, article_id: str) -> Record:
        """The full record of one article."""
        return queries.article(self.conn, article_id)

    @_translated
    def stories(self, min_articles: int = 1, limit: int = 50) -> list[dict[str, Any]]:
        """Near-duplicate groups, largest first."""
        return stories.list_stories(self.conn, min_articles=min_articles, limit=limit)

    @_translated
    def story_counts(self, story_id: int | None = None) -> list[dict[str, Any]]:
        """Counts aggregated per story."""
        return stories.story_counts(self.conn, story_id)

    def export(self, format: str, out: str | Path) -> int:
        """Write the store as ``format`` (see ``exports.FORMATS``) to ``out``."""
        from newsgraph.store.exports import export

        return export(self.conn, format, out)

    @_translated
    def rejections(self, limit: int = 50) -> list[dict[str, Any]]:
        return queries.rejections(self.conn, limit)

    @_translated
    def table_counts(self) -> dict[str, int]:
        """Rows per table."""
        return queries.table_counts(self.conn)

    @_translated
    def stored_texts(self, hashes: Sequence[str]) -> dict[str, str]:
        """Of the text hashes given, those analysed, with the pipeline version that did it."""
        return queries.stored_texts(self.conn, hashes)

    @_translated
    def stored_ids(self, ids: Sequence[str]) -> dict[str, str]:
        """Of ``ids``, those stored, with the pipeline version that wrote them."""
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT id, pipeline_version FROM articles WHERE id IN ({marks})", chunk
            ):
                found[row[0]] = row[1]
        return found
