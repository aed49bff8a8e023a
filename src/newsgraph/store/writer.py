"""Writing records into the store: idempotent, whole-article, committed in batches.

An article is keyed by its id (the hash of its clean text).  Writing a record whose id is
stored already adds nothing, unless the writer re-processes and the stored rows came from
another pipeline version: then the article's rows are replaced in place (its story kept).

Every article is written inside a savepoint, so it is stored whole or not at all; articles are
committed together in batches (by count or by age), so a killed process loses at most the
uncommitted batch and the next run writes it again.  Counters kept beside the rows (entity
mention counts) change in the same transaction as the rows they count.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
import zlib
from typing import Any
from urllib.parse import urlsplit

from newsgraph.errors import StoreError
from newsgraph.store import facts
from newsgraph.store.schema import now
from newsgraph.store.stories import StoryIndex, signature
from newsgraph.types import Record, Rejection

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def pack_record(record: Record) -> bytes:
    """The stored form of a record: compressed JSON with the text left out (kept in a column)."""
    body = json.dumps({**record, "text": None}, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(body.encode("utf-8"), 6)


def unpack_record(blob: bytes, text: str) -> Record:
    """The record as it was written: the inverse of ``pack_record``."""
    record: Record = json.loads(zlib.decompress(blob).decode("utf-8"))
    record["text"] = text
    return record


def outlet(url: str | None) -> str | None:
    """The outlet an article came from: its URL's host name without ``www.``."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


class Writer:
    """The single writer of a store connection."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        version: str,
        reprocess: bool = False,
        batch_size: int = 25,
        batch_seconds: float = 2.0,
    ) -> None:
        self.conn = conn
        self.version = version
        self.reprocess = reprocess
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self._pending = 0
        self._opened = 0.0
        self._index: StoryIndex | None = None

    # -- transactions -------------------------------------------------------------------

    def _begin(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self._opened = time.monotonic()
            self._pending = 0

    def _maybe_commit(self) -> None:
        self._pending += 1
        age = time.monotonic() - self._opened
        if self._pending >= self.batch_size or age >= self.batch_seconds:
            self.commit()

    def commit(self) -> None:
        """Commit what is pending."""
        try:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._abandon()
            raise StoreError(f"cannot commit to the store: {exc}") from exc
        self._pending = 0

    def _abandon(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self._index = None  # it may hold articles that were rolled back: rebuild from the DB

    def close(self) -> None:
        """Commit and stop writing (the connection stays open)."""
        self.commit()

    # -- writing ------------------------------------------------------------------------

    def stored_version(self, article_id: str) -> str | None:
        """The pipeline version of a stored article, or None if it is not stored."""
        row = self.conn.execute(
            "SELECT pipeline_version FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def add(self, record: Record, hashvalues: bytes | None = None, source: str = "") -> str:
        """Write one record; return ``stored``, ``replaced`` or ``skipped``.

        Raises ``StoreError`` when the record cannot be written (the batch is unharmed).
        """
        try:
            self._begin()
            self.conn.execute("SAVEPOINT article")
            try:
                status = self._write(record, hashvalues, source)
            except BaseException:
                self.conn.execute("ROLLBACK TO article")
                self.conn.execute("RELEASE article")
                raise
            self.conn.execute("RELEASE article")
        except sqlite3.Error as exc:
            self._index = None
            raise StoreError(f"{source or record.get('id')}: cannot store: {exc}") from exc
        if status != "skipped":
            self._maybe_commit()
        return status

    def reject(self, rejection: Rejection) -> None:
        """Record an input that produced no record (stored once per source, stage and reason)."""
        try:
            self._begin()
            self.conn.execute(
                "INSERT INTO rejections(source, stage, reason, pipeline_version, rejected_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(source, stage, reason) DO UPDATE SET "
                "rejected_at = excluded.rejected_at, pipeline_version = excluded.pipeline_version",
                (rejection.source, rejection.stage, rejection.reason, self.version, now()),
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{rejection.source}: cannot record the rejection: {exc}") from exc
        self._maybe_commit()

    def _write(self, record: Record, hashvalues: bytes | None, source: str) -> str:
        article_id = record["id"]
        if not article_id:
            raise StoreError(f"{source}: record has no id")
        row = self.conn.execute(
            "SELECT rowid, pipeline_version, story_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is not None and (not self.reprocess or row["pipeline_version"] == self.version):
            return "skipped"
        if row is not None:
            facts.delete_facts(self.conn, article_id)
            story = int(row["story_id"])
            self.conn.execute(
                "UPDATE articles SET "
                + ", ".join(f"{c} = ?" for c in _ARTICLE_COLUMNS)
                + " WHERE id = ?",
                (*self._article_values(record, source, story), article_id),
            )
        else:
            hashvalues = hashvalues or signature(record["text"])
            story = self._story(record, hashvalues)
            self.conn.execute(
                f"INSERT INTO articles(id, {', '.join(_ARTICLE_COLUMNS)}) "
                f"VALUES (?{', ?' * len(_ARTICLE_COLUMNS)})",
                (article_id, *self._article_values(record, source, story)),
            )
            self.conn.execute(
                "INSERT INTO signatures(article_id, hashvalues) VALUES (?, ?)",
                (article_id, hashvalues),
            )
        facts.insert_facts(self.conn, record, story, _day(record))
        if row is None and hashvalues is not None:
            self._story_index().add(article_id, hashvalues, story)
        return "replaced" if row is not None else "stored"

    def _article_values(self, record: Record, source: str, story: int) -> tuple[Any, ...]:
        tone = record.get("tone") or {}
        words = tone.get("word_count") or len(record["text"].split())
        return (
            record.get("url"),
            record.get("title"),
            record.get("published"),
            _day(record),
            record.get("language"),
            source,
            outlet(record.get("url")),
            record["text"],
            words,
            tone.get("score"),
            story,
            self.version,
            now(),
            pack_record(record),
        )

    def _story_index(self) -> StoryIndex:
        if self._index is None:
            self._index = StoryIndex.load(self.conn)
        return self._index

    def _story(self, record: Record, hashvalues: bytes) -> int:
        story = self._story_index().match(hashvalues)
        if story is not None:
            return story
        cursor = self.conn.execute(
            "INSERT INTO stories(first_article, title, day) VALUES (?, ?, ?)",
            (record["id"], record.get("title"), _day(record)),
        )
        return int(cursor.lastrowid or 0)


_ARTICLE_COLUMNS = (
    "url",
    "title",
    "published",
    "day",
    "language",
    "source",
    "outlet",
    "text",
    "word_count",
    "tone",
    "story_id",
    "pipeline_version",
    "ingested_at",
    "record",
)


def _day(record: Record) -> str | None:
    published = record.get("published") or ""
    match = _DAY.match(published)
    return match.group(0) if match else None
