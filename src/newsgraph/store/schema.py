"""The store's SQLite schema, its migrations and how a connection is opened.

The schema version is ``PRAGMA user_version``: migration *n* (1-based) brings a database from
version *n-1* to *n*, inside one transaction, so a database is always at a whole version.  The
``meta`` table records which schema and pipeline versions wrote it.

Each article keeps the pipeline version that produced its rows, so ``ingest --reprocess`` can
find what an older pipeline wrote.  The version is ``PIPELINE_VERSION`` plus the list of stages
that ran: turning a stage on changes what a record holds, and so changes the version.
"""

from __future__ import annotations

import datetime as dt
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

MIGRATIONS: tuple[str, ...] = (_META + _STORIES + _ARTICLES + _ENTITIES + _FACTS + _EVENTS,)
"""Each entry brings the schema up one version; append, never edit a released entry."""

SCHEMA_VERSION = len(MIGRATIONS)

TABLES = (
    "articles",
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


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open the store at ``path`` (creating and migrating it unless ``readonly``)."""
    try:
        if readonly:
            if not Path(path).exists():
                raise StoreError(f"{path}: no such database")
            uri = Path(path).resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL stays consistent after a crash; a power cut may lose the last commit.
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        else:
            check_version(conn)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: {exc}") from exc
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
