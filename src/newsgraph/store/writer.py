"""Writing records into the store: idempotent, whole-article, committed in batches.

An analysed text (an ``articles`` row and its facts) is keyed by the hash of its clean text;
each publication of it (``publications``: its URL, or its outlet and day) is one row beside
it.  Writing a record whose text is stored adds only its publication, when that is new, and
nothing when it is not; unless the writer re-processes and the stored rows came from another
pipeline version: then the text's rows are replaced in place (its story kept).  A record whose
own id (given by a JSON Lines input) names another stored text is kept under its text's hash,
with a warning.

Every article is written inside a savepoint, so it is stored whole or not at all; articles are
committed together in batches (by count or by age), so a killed process loses at most the
uncommitted batch and the next run writes it again.  Counters kept beside the rows (entity
mention counts) change in the same transaction as the rows they count.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from typing import Any
from urllib.parse import urlsplit

from newsgraph.errors import StoreError
from newsgraph.store import facts
from newsgraph.store.schema import day as _day_of
from newsgraph.store.schema import now, publication_key, text_hash
from newsgraph.store.stories import StoryIndex, signature
from newsgraph.types import Record, Rejection


class TransactionError(StoreError):
    """The store could not be written at all (not one article's fault): the run must stop."""


def pack_record(record: Record) -> bytes:
    """The stored form of a record: compressed JSON with the text left out (kept in a column)."""
    body = json.dumps({**record, "text": None}, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(body.encode("utf-8"), 6)


def unpack_record(blob: bytes | str, text: str) -> Record:
    """The record as it was written: the inverse of ``pack_record`` (a record exported as JSON
    text, as in Parquet, is read as it is)."""
    body = blob if isinstance(blob, str) else zlib.decompress(blob).decode("utf-8")
    record: Record = json.loads(body)
    record["text"] = text
    return record


def outlet(url: str | None, site: str | None = None) -> str | None:
    """The outlet an article came from: its URL's host name without ``www.``, else the name
    of the outlet its input gave (a JSON Lines ``source``), lower-cased."""
    host = ""
    if url:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:  # a malformed URL (e.g. a bad IPv6 literal) names no host
            host = ""
    return host.removeprefix("www.") or (" ".join((site or "").split()).lower() or None)


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
        story_of: Any = None,
    ) -> None:
        """``story_of``, when given, maps each new record to its story id (stories worked
        out beforehand over a whole batch output); the writer then keeps no story index."""
        self.conn = conn
        self.story_of = story_of
        self.version = version
        self.reprocess = reprocess
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self._pending = 0
        self._opened = 0.0
        self._index: StoryIndex | None = None
        self.warnings: list[str] = []
        """One line per record kept other than as given (see ``add``); drained by the caller."""

    # -- transactions -------------------------------------------------------------------

    def _begin(self) -> None:
        if not self.conn.in_transaction:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                # No article is at fault: say so, instead of naming the one being written.
                raise TransactionError(f"cannot start writing to the store: {exc}") from exc
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
            raise TransactionError(f"cannot commit to the store: {exc}") from exc
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

    def add(
        self,
        record: Record,
        hashvalues: bytes | None = None,
        source: str = "",
        site: str | None = None,
    ) -> str:
        """Write one publication of a record; return ``stored`` (a new text), ``copy``
        (another publication of a stored text), ``replaced`` or ``skipped``.

        ``source`` is the input it was read from, ``site`` the outlet its input named.
        Raises ``StoreError`` when the record cannot be written (the batch is unharmed), and
        ``TransactionError`` when nothing can be.
        """
        return self._in_savepoint(
            lambda: self._write(record, hashvalues, source, site), source or record.get("id")
        )

    def add_copy(self, text_hash_: str, publication: dict[str, Any]) -> str:
        """Record another publication of a stored text (found by its hash): ``copy`` or
        ``skipped`` when that publication is stored already."""

        def write() -> str:
            row = self._analysis(text_hash_)
            if row is None:
                raise StoreError(f"no stored text has the hash {text_hash_}")
            return "copy" if self._publish(str(row["id"]), publication) else "skipped"

        return self._in_savepoint(write, publication.get("source") or text_hash_)

    def _in_savepoint(self, write: Any, name: Any) -> str:
        self._begin()
        try:
            self.conn.execute("SAVEPOINT article")
            try:
                status = str(write())
            except BaseException:
                self.conn.execute("ROLLBACK TO article")
                self.conn.execute("RELEASE article")
                raise
            self.conn.execute("RELEASE article")
        except sqlite3.Error as exc:
            self._index = None
            raise StoreError(f"{name}: cannot store: {exc}") from exc
        if status != "skipped":
            self._maybe_commit()
        return status

    def reject(self, rejection: Rejection) -> None:
        """Record an input that produced no record (stored once per source, stage and reason)."""
        self._begin()
        try:
            self.conn.execute(
                "INSERT INTO rejections(source, stage, reason, pipeline_version, rejected_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(source, stage, reason) DO UPDATE SET "
                "rejected_at = excluded.rejected_at, pipeline_version = excluded.pipeline_version",
                (rejection.source, rejection.stage, rejection.reason, self.version, now()),
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{rejection.source}: cannot record the rejection: {exc}") from exc
        self._maybe_commit()

    def _analysis(self, hash_: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT rowid, id, pipeline_version, story_id FROM articles WHERE text_hash = ? "
            "ORDER BY rowid LIMIT 1",
            (hash_,),
        ).fetchone()
        return row

    def _write(
        self, record: Record, hashvalues: bytes | None, source: str, site: str | None
    ) -> str:
        if not record.get("text"):
            raise StoreError(f"{source}: record has no text")
        hash_ = text_hash(record["text"])
        publication = {
            "url": record.get("url"), "site": site, "title": record.get("title"),
            "published": record.get("published"), "source": source,
        }  # fmt: skip
        row = self._analysis(hash_)
        if row is not None:
            if not self.reprocess or row["pipeline_version"] == self.version:
                return "copy" if self._publish(str(row["id"]), publication) else "skipped"
            # Re-processed: the text keeps its key (and its story), the rows are replaced.
            article_id = str(row["id"])
            record = {**record, "id": article_id}
            facts.delete_facts(self.conn, article_id)
            story = int(row["story_id"])
            self.conn.execute(
                "UPDATE articles SET "
                + ", ".join(f"{c} = ?" for c in _ARTICLE_COLUMNS)
                + " WHERE id = ?",
                (*self._article_values(record, source, site, story, hash_), article_id),
            )
            facts.insert_facts(self.conn, record, story, _day(record))
            self._publish(article_id, publication)
            return "replaced"
        article_id = record.get("id") or hash_
        if article_id != hash_ and self._taken(article_id):
            # An id given by the input (a JSON Lines ``id``) that names another stored text:
            # the text is new, so it is kept, under the hash of its text.
            if self._taken(hash_):
                raise StoreError(f"{source}: its id {article_id!r} and its text hash are taken")
            self.warnings.append(
                f"{source}: id {article_id!r} is already stored for another text; "
                f"this text is stored under its content hash {hash_}"
            )
            article_id = hash_
            record = {**record, "id": hash_}
        hashvalues = hashvalues or signature(record["text"])
        story = self._story(record, hashvalues)
        self.conn.execute(
            f"INSERT INTO articles(id, {', '.join(_ARTICLE_COLUMNS)}) "
            f"VALUES (?{', ?' * len(_ARTICLE_COLUMNS)})",
            (article_id, *self._article_values(record, source, site, story, hash_)),
        )
        self.conn.execute(
            "INSERT INTO signatures(article_id, hashvalues) VALUES (?, ?)",
            (article_id, hashvalues),
        )
        facts.insert_facts(self.conn, record, story, _day(record))
        self._publish(article_id, publication)
        if self.story_of is None:
            self._story_index().add(article_id, hashvalues, story)
        return "stored"

    def _taken(self, article_id: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            is not None
        )

    def _publish(self, article_id: str, publication: dict[str, Any]) -> bool:
        """Add a publication of a stored text; False when it is stored already."""
        url, site, published = (publication.get(k) for k in ("url", "site", "published"))
        cursor = self.conn.execute(
            "INSERT INTO publications(article_id, key, url, site, outlet, title, published, "
            "day, source, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(article_id, key) DO NOTHING",
            (
                article_id, publication_key(url, site, published), url, site,
                outlet(url, site), publication.get("title"), published, _day_of(published),
                publication.get("source"), now(),
            ),
        )  # fmt: skip
        return cursor.rowcount == 1

    def _article_values(
        self, record: Record, source: str, site: str | None, story: int, hash_: str
    ) -> tuple[Any, ...]:
        tone = record.get("tone") or {}
        words = tone.get("word_count") or len(record["text"].split())
        return (
            record.get("url"),
            record.get("title"),
            record.get("published"),
            _day(record),
            record.get("language"),
            source,
            outlet(record.get("url"), site),
            record["text"],
            words,
            tone.get("score"),
            story,
            self.version,
            now(),
            pack_record(record),
            hash_,
        )

    def _story_index(self) -> StoryIndex:
        if self._index is None:
            self._index = StoryIndex.load(self.conn)
        return self._index

    def _story(self, record: Record, hashvalues: bytes) -> int:
        if self.story_of is not None:
            return int(self.story_of(record))
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
    "text_hash",
)


def _day(record: Record) -> str | None:
    return _day_of(record.get("published"))
