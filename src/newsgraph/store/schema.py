"""The store's SQLite schema, its migrations and how a connection is opened.

The schema version is ``PRAGMA user_version``: migration *n* (1-based) brings a database from
version *n-1* to *n*, inside one transaction, so a database is always at a whole version.  The
``meta`` table records which schema and pipeline versions wrote it.

Each article keeps the pipeline version that produced its rows, so ``ingest --reprocess`` can
find what an older pipeline wrote.  The version is ``PIPELINE_VERSION`` plus the list of stages
that ran: turning a stage on changes what a record holds, and so changes the version.

An ``articles`` row is one analysed text (keyed by the text's hash, ``text_hash``): the record
is computed once per text.  Each place the text was published (its URL, or its outlet and day)
is one ``publications`` row pointing at it, so a wire story printed by six outlets is one
analysis and six publications, and counts of articles, sources and mentions are taken over
publications.

Queries open the database read-only (``mode=ro``), and immutable when its folder cannot be
written (SQLite could not create the WAL index there); see ``read_uri``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from newsgraph.errors import StoreError

PIPELINE_VERSION = "1"
"""Raise when an extractor's output changes in a way stored records should be redone for."""

# The article row keeps its rowid (the FTS index points at it); ``record`` is the full record
# as zlib-compressed JSON with its text left out, since ``text`` is stored once, beside it.
_ARTICLES = """
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT, title TEXT, published TEXT, day TEXT, language TEXT,
    source TEXT, outlet TEXT, text TEXT NOT NULL, word_count INTEGER, tone REAL,
    story_id INTEGER REFERENCES stories(id),
    pipeline_version TEXT NOT NULL, ingested_at TEXT NOT NULL, record BLOB NOT NULL
);
CREATE INDEX articles_day ON articles(day);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_version ON articles(pipeline_version);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
"""

_STORIES = """
CREATE TABLE stories (
    id INTEGER PRIMARY KEY, first_article TEXT NOT NULL, title TEXT, day TEXT
);
CREATE TABLE signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    hashvalues BLOB NOT NULL
) WITHOUT ROWID;
"""

# ``entities`` are cross-article identities; their counters are kept by the writer in the
# same transaction as the rows they count, so "top entities" needs no scan of ``mentions``.
_ENTITIES = """
CREATE TABLE entities (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, type TEXT NOT NULL,
    country TEXT, actor TEXT, mention_count INTEGER NOT NULL DEFAULT 0,
    article_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_top ON entities(mention_count DESC);
CREATE INDEX entities_type_top ON entities(type, mention_count DESC);
CREATE INDEX entities_actor ON entities(actor);
CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id), alias TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;
CREATE TABLE article_entities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL, entity_id INTEGER NOT NULL REFERENCES entities(id),
    mention_count INTEGER NOT NULL, roles TEXT,
    PRIMARY KEY (article_id, local_id)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities(entity_id);
CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, end INTEGER NOT NULL, entity_id INTEGER NOT NULL,
    PRIMARY KEY (article_id, start, end, entity_id)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity_id);
"""

_FACTS = """
CREATE TABLE locations (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    name TEXT NOT NULL, start INTEGER, end INTEGER, entity TEXT, country TEXT, admin1 TEXT,
    lat REAL, lon REAL, geonames_id INTEGER, feature TEXT, PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;
CREATE INDEX locations_country ON locations(country);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    text TEXT NOT NULL, start INTEGER, end INTEGER, speaker TEXT, speaker_entity INTEGER,
    speaker_name TEXT, cue TEXT
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_entity);
CREATE INDEX quotes_speaker_name ON quotes(speaker_name COLLATE NOCASE);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker_name, content='quotes', content_rowid='id'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name)
    VALUES ('delete', old.id, old.text, old.speaker_name);
END;
CREATE TABLE counts (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    number REAL NOT NULL, object TEXT, kind TEXT, start INTEGER, end INTEGER,
    PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;
CREATE INDEX counts_kind ON counts(kind);
CREATE TABLE themes (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, theme TEXT NOT NULL,
    PRIMARY KEY (article_id, theme)
) WITHOUT ROWID;
CREATE INDEX themes_theme ON themes(theme);
CREATE TABLE rejections (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, stage TEXT NOT NULL, reason TEXT NOT NULL,
    pipeline_version TEXT, rejected_at TEXT NOT NULL, UNIQUE (source, stage, reason)
);
"""

# An event group is one GDELT-style event: the same action between the same actors in one
# story.  Each ``events`` row is one mention of it in one article.
_EVENTS = """
CREATE TABLE event_groups (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, story_id INTEGER NOT NULL,
    code TEXT NOT NULL, root TEXT NOT NULL, name TEXT, quad_class INTEGER NOT NULL,
    goldstein REAL NOT NULL, source_actor TEXT, source_name TEXT, target_actor TEXT,
    target_name TEXT, date TEXT, place TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL,
    geonames_id INTEGER, feature TEXT, is_root INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL
);
CREATE INDEX event_groups_date ON event_groups(date);
CREATE INDEX event_groups_story ON event_groups(story_id);
CREATE INDEX event_groups_source ON event_groups(source_actor, date);
CREATE INDEX event_groups_target ON event_groups(target_actor, date);
CREATE INDEX event_groups_code ON event_groups(code);
CREATE INDEX event_groups_root ON event_groups(root, date);
CREATE INDEX event_groups_quad ON event_groups(quad_class, date);
CREATE INDEX event_groups_country ON event_groups(country);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    group_id INTEGER NOT NULL REFERENCES event_groups(id), code TEXT NOT NULL,
    source_name TEXT, source_actor TEXT, target_name TEXT, target_actor TEXT,
    date TEXT, start INTEGER, end INTEGER, trigger TEXT, confidence REAL,
    is_root INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_group ON events(group_id);
"""

_META = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""

# Version 2: publications.  Each stored article of version 1 becomes one analysed text with one
# publication; ``text_hash`` is filled in from the stored text by the ``newsgraph_text_hash``
# function, and publication keys by ``newsgraph_publication_key`` (both registered by
# ``migrate``), so the keys are those the writer computes.
_PUBLICATIONS = """
ALTER TABLE articles ADD COLUMN text_hash TEXT;
UPDATE articles SET text_hash = newsgraph_text_hash(text);
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    key TEXT NOT NULL, url TEXT, site TEXT, outlet TEXT, title TEXT, published TEXT, day TEXT,
    source TEXT, ingested_at TEXT NOT NULL, UNIQUE (article_id, key)
);
CREATE INDEX publications_outlet ON publications(outlet);
INSERT INTO publications(article_id, key, url, site, outlet, title, published, day, source,
    ingested_at)
SELECT id, newsgraph_publication_key(url, NULL, published), url, NULL, outlet, title, published,
    day, source, ingested_at FROM articles ORDER BY rowid;
"""

MIGRATIONS: tuple[str, ...] = (
    _META + _STORIES + _ARTICLES + _ENTITIES + _FACTS + _EVENTS,
    _PUBLICATIONS,
)
"""Each entry brings the schema up one version; append, never edit a released entry."""

# A database of an older schema opened read-only cannot be migrated: the tables a query needs
# and it lacks are stood in for by temporary views (they live in the connection's own temp
# schema, so a read-only or immutable database is not written).
_COMPATIBILITY: dict[int, str] = {
    1: """
CREATE TEMP VIEW publications AS SELECT rowid AS id, id AS article_id, NULL AS key, url,
    NULL AS site, outlet, title, published, day, source, ingested_at FROM articles;
""",
}

SCHEMA_VERSION = len(MIGRATIONS)

TABLES = (
    "articles",
    "publications",
    "stories",
    "entities",
    "entity_aliases",
    "article_entities",
    "mentions",
    "locations",
    "quotes",
    "counts",
    "themes",
    "event_groups",
    "events",
    "rejections",
)
"""The tables that hold data (exports and counts walk them in this order)."""

WITHOUT_ROWID = frozenset(
    {"entity_aliases", "article_entities", "mentions", "locations", "counts", "themes"}
)


def now() -> str:
    """The current UTC time as stored (``YYYY-MM-DDTHH:MM:SSZ``)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def pipeline_version(stages: Iterable[str]) -> str:
    """The version string stored with each article written by a pipeline of ``stages``."""
    return f"{PIPELINE_VERSION}:{'+'.join(stages) or 'none'}"


def text_hash(text: str) -> str:
    """The key of an analysed text: 16 hex digits of the SHA-256 of the clean text (the same
    as ``newsgraph.clean.article_id``, the id a record gets when its input gives none)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def day(published: str | None) -> str | None:
    """The ``YYYY-MM-DD`` day of a publication date, or None when it names no day."""
    match = _DAY.match(published or "")
    return match.group(0) if match else None


def publication_key(url: str | None, site: str | None, published: str | None) -> str:
    """What tells two publications of one text apart: the URL, else the outlet and the day.

    The input path is not part of it: the same file read from a copied folder is the same
    publication, and re-ingesting it adds nothing.
    """
    url = (url or "").strip()
    if url:
        return "url " + url
    return f"at {(site or '').strip().lower()} {day(published) or ''}"


def connect(
    path: str | Path, *, readonly: bool = False, timeout: float = 30.0
) -> sqlite3.Connection:
    """Open the store at ``path`` (creating and migrating it unless ``readonly``).

    A read-only connection never writes: it opens with ``mode=ro``, and with ``immutable=1``
    when the folder cannot be written (see ``read_uri``); a database of an older schema gets
    temporary views for what it lacks instead of a migration.
    """
    try:
        if readonly:
            conn = _open_readonly(Path(path))
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=timeout)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL stays consistent after a crash; a power cut may lose the last commit.
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        else:
            version = check_version(conn)
            for old in range(max(version, 1), SCHEMA_VERSION):
                for statement in _statements(_COMPATIBILITY.get(old, "")):
                    conn.execute(statement)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: {exc}") from exc
    return conn


def read_uri(path: Path, *, folder_writable: bool | None = None) -> str:
    """The URI a read-only connection opens ``path`` with.

    Always ``mode=ro``: a query never writes.  A WAL database needs its ``-shm`` index, which
    SQLite creates beside the file; when the folder cannot be written and there is no
    committed work waiting in a ``-wal`` file, the database is opened ``immutable=1`` (no
    index, no locks: nothing can change it there).  With a non-empty ``-wal`` file SQLite must
    read it, so the plain read-only form is kept (it works when ``-shm`` exists).
    """
    resolved = path.resolve()
    if folder_writable is None:
        folder_writable = os.access(resolved.parent, os.W_OK)
    uri = resolved.as_uri() + "?mode=ro"
    if not folder_writable and not _has_wal(resolved):
        uri += "&immutable=1"
    return uri


def _has_wal(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def _open_readonly(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise StoreError(f"{path}: no such database")
    uri = read_uri(path)
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if "immutable=1" in uri:
            raise
        if _has_wal(path.resolve()):
            raise StoreError(
                f"{path}: cannot read it here ({exc}): its -wal file holds committed work that "
                "needs the -shm index beside it, and the folder cannot be written; open it "
                "once where it can be written (any newsgraph ingest) to fold the -wal file in"
            ) from exc
        # SQLite could not make the WAL index (a folder it may not write, whatever
        # os.access said): nothing can change the file here, so read it as immutable.
        uri = read_uri(path, folder_writable=False)
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    return conn


def check_version(conn: sqlite3.Connection) -> int:
    """Return the schema version, refusing a database written by a newer newsgraph."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"database schema version {version} is newer than this newsgraph ({SCHEMA_VERSION})"
        )
    return version


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations a database lacks, each in its own transaction; return the version."""
    conn.create_function("newsgraph_text_hash", 1, text_hash, deterministic=True)
    conn.create_function("newsgraph_publication_key", 3, publication_key, deterministic=True)
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = check_version(conn)
        for number in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        if version < SCHEMA_VERSION:
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    """Split a DDL script into statements, keeping trigger bodies whole."""
    statements, current = [], ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements
