"""The JSON API: the store's queries and the pipeline, over HTTP.

Every list is a page: ``{"items": [...], "limit": 50, "offset": 0, "next_offset": 50}``
(``next_offset`` is null on the last page).  Filters are those of the command line.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from newsgraph.api.app import check_token, store
from newsgraph.settings import Settings
from newsgraph.store import Store, browse
from newsgraph.types import Rejection

router = APIRouter(prefix="/api")
StoreDep = Annotated[Store, Depends(store)]
Limit = Annotated[int, Query(ge=1, le=200, description="rows per page")]
MAX_OFFSET = 1_000
"""Deepest page: a page at offset N costs the first N rows (and their mention counts), so
deeper reading is done with narrower filters (dates, actors) instead."""
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
_ACTOR = re.compile(r"^[A-Za-z]{1,30}$")
Code = Annotated[str | None, Query(max_length=30, pattern=r"^[A-Za-z]*$")]
Day = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")]
PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
"""Words to search for hold no control characters (SQLite's full-text index reads a NUL as
the end of the query)."""
Words = Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)]
Name = Annotated[
    str | None,
    Query(max_length=200, pattern=PRINTABLE, description="an entity's name, alias or key"),
]

_extracting = threading.Lock()
"""The shared spaCy pipeline runs one article at a time."""


def page(fetch: Callable[[int], list[dict[str, Any]]], limit: int, offset: int) -> dict[str, Any]:
    """One page of a query: ``fetch(n)`` returns its first ``n`` rows."""
    rows = fetch(offset + limit + 1)
    items = rows[offset : offset + limit]
    more = len(rows) > offset + limit and offset + limit <= MAX_OFFSET
    return {
        "items": items,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


class ExtractRequest(BaseModel):
    """One article to analyse: ``text`` or ``html``, with optional metadata."""

    text: str | None = Field(None, description="plain text of the article")
    html: str | None = Field(None, description="the article's HTML page")
    url: str | None = Field(
        None,
        max_length=2000,
        description="its URL; given alone, the page is fetched (when the server allows it)",
    )
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}", max_length=40)
    title: str | None = Field(None, max_length=1000)
    verbatim: bool = Field(False, description="the text is clean: keep it unchanged")

    def body(self) -> str:
        body = self.text if self.text is not None else self.html
        if body is None or not body.strip():
            raise HTTPException(422, "give the article as text or html (not empty)")
        return body

    def metadata(self) -> dict[str, Any]:
        fields = {"url": self.url, "published": self.published, "title": self.title}
        return {key: value for key, value in fields.items() if value is not None}


def run_extract(article: ExtractRequest, fetching: Settings | None = None) -> dict[str, Any]:
    """The record of one article, from the shared pipeline; a ``url`` given alone is fetched
    with ``fetching`` (the library's careful fetcher), or refused when that is None."""
    import newsgraph

    if article.url and article.text is None and article.html is None:
        article = _fetched(article, fetching)
    with _extracting:
        return newsgraph.extract(article.body(), verbatim=article.verbatim, **article.metadata())


def _fetched(article: ExtractRequest, fetching: Settings | None) -> ExtractRequest:
    from newsgraph.ingest import is_url
    from newsgraph.ingest.fetch import fetch_all

    if fetching is None:
        raise HTTPException(422, "fetching is off: give text or html (or start with --fetch)")
    if not is_url(article.url or ""):
        raise HTTPException(422, f"url: not an http(s) URL: {article.url!r}")
    meta = {"published": article.published, "title": article.title}
    found = next(iter(fetch_all([article.url or ""], fetching, meta)))
    if isinstance(found, Rejection):
        raise HTTPException(422, str(found))
    return article.model_copy(
        update={"html" if found.is_html else "text": found.raw, "url": found.url or article.url,
                "title": article.title or found.title,
                "published": article.published or found.published})  # fmt: skip


@router.post("/extract", summary="Analyse one article and return its record")
def extract(request: Request, article: ExtractRequest) -> dict[str, Any]:
    return run_extract(article, request.app.state.config.fetching)


@router.get("/search", summary="Articles containing every word")
def search(
    db: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, pattern=PRINTABLE)],
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    if not q.split():
        raise HTTPException(422, "q: give at least one word")
    return page(lambda n: db.search(q, limit=n), limit, offset)


@router.get("/articles/{article_id}", summary="The full record of one article")
def article(
    db: StoreDep,
    article_id: Annotated[str, PathParam(min_length=4, max_length=64, pattern=r"^[0-9a-f]+$")],
) -> dict[str, Any]:
    return db.article(article_id)


@router.get("/entities", summary="The most mentioned entities")
def entities(
    db: StoreDep,
    type: Annotated[str | None, Query(max_length=20, pattern=r"^[A-Za-z]*$")] = None,
    name: Words = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    return page(lambda n: db.entities(type=type, name=name, top=n), limit, offset)


@router.get("/entities/{key:path}", summary="One entity by its key, with its quotes")
def entity(db: StoreDep, key: str) -> dict[str, Any]:
    found = browse.entity(db.conn, key)
    found["quotes"] = browse.entity_quotes(db.conn, found["id"])
    return found


@router.get("/quotes", summary="Quotations by speaker, words or the entities involved")
def quotes(
    db: StoreDep,
    speaker: Words = None,
    text: Words = None,
    source: Name = None,
    target: Name = None,
    entity: Name = None,
    since: Day = None,
    until: Day = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = _given(speaker=speaker, text=text, source=source, target=target, entity=entity,
                     since=since, until=until)  # fmt: skip
    return page(lambda n: db.quotes(limit=n, **filters), limit, offset)


def _given(**filters: Any) -> dict[str, Any]:
    return {key: value for key, value in filters.items() if value is not None}


def event_filters(
    actor: Code = None,
    dyad: Annotated[
        list[str] | None,
        Query(min_length=2, max_length=2, description="two actor code prefixes: ?dyad=A&dyad=B"),
    ] = None,
    source: Name = None,
    target: Name = None,
    entity: Name = None,
    root: Annotated[str | None, Query(pattern=r"^\d{1,2}$")] = None,
    code: Annotated[str | None, Query(pattern=r"^\d{1,4}$")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4)] = None,
    since: Day = None,
    until: Day = None,
    place: Words = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
) -> dict[str, Any]:
    """The event filters of the command line (``newsgraph events --help``) as query
    parameters: ``source``, ``target`` and ``entity`` are entity names or keys, ``dyad`` two
    actor codes."""
    if dyad is not None and not all(_ACTOR.match(code) for code in dyad):
        raise HTTPException(422, "dyad: two actor codes of letters (?dyad=MEX&dyad=USA)")
    return _given(
        actor=actor, dyad=tuple(dyad) if dyad else None, source=source, target=target,
        entity=entity, root=root, code=code, quad_class=quad, since=since, until=until,
        place=place, min_confidence=min_confidence,
    )  # fmt: skip


EventFilters = Annotated[dict[str, Any], Depends(event_filters)]


@router.get("/events", summary="Events with mention counts, newest first")
def events(
    db: StoreDep, filters: EventFilters, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    def fetch(n: int) -> list[dict[str, Any]]:
        return browse.with_mentions(db.conn, db.events(limit=n, **filters))

    return page(fetch, limit, offset)


@router.get("/timeline", summary="Events per period by quad class, with mean Goldstein")
def timeline(
    db: StoreDep,
    filters: EventFilters,
    period: Literal["day", "week", "month", "year"] = "day",
) -> dict[str, Any]:
    return {"items": db.timeline(period=period, **filters)}


@router.get("/stories", summary="Near-duplicate groups, largest first")
def stories(
    db: StoreDep,
    min_articles: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return page(lambda n: db.stories(min_articles=min_articles, limit=n), limit, offset)


@router.get("/actors/{code}", summary="One actor code: its entities, counterparts and places")
def actor(
    db: StoreDep,
    code: Annotated[str, PathParam(min_length=3, max_length=30, pattern=r"^[A-Za-z]+$")],
) -> dict[str, Any]:
    return {
        "code": code.upper(),
        "entities": browse.actor_profile(db.conn, code),
        "counterparts": browse.counterparts(db.conn, code),
        "places": browse.actor_places(db.conn, code),
        "timeline": db.timeline(actor=code, period="week"),
    }


EXPORTS = {"gdelt-events": ".tsv", "gdelt-mentions": ".tsv", "gkg": ".tsv", "jsonl": ".jsonl",
           "parquet": "", "csv": ""}  # fmt: skip
"""Each format and its file's suffix; parquet and csv write a folder, sent as a zip file."""


@router.get("/export/{format}", summary="The whole store as a download")
def export(
    db: StoreDep,
    format: Literal["gdelt-events", "gdelt-mentions", "gkg", "jsonl", "parquet", "csv"],
) -> FileResponse:
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="newsgraph-export-"))
    path = folder / f"newsgraph-{format}{EXPORTS[format]}"
    try:
        db.export(format, path)
        if path.is_dir():
            path = Path(shutil.make_archive(str(path), "zip", root_dir=path))
    except BaseException:
        _remove(folder)
        raise
    return FileResponse(
        path, filename=path.name, media_type="application/octet-stream",
        background=BackgroundTask(_remove, folder),
    )  # fmt: skip


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


class IngestRequest(BaseModel):
    """Articles to analyse and store."""

    articles: list[ExtractRequest] = Field(..., min_length=1, max_length=100)


@router.post(
    "/ingest",
    summary="Analyse articles and add them to the store (needs the token)",
    dependencies=[Depends(check_token)],
)
def ingest(request: Request, batch: IngestRequest) -> dict[str, Any]:
    import newsgraph

    items = [{"text": a.body(), **a.metadata()} for a in batch.articles]
    results: list[dict[str, Any]] = []
    with _extracting:
        outcomes = list(newsgraph.extract_many(items))
    with Store(request.app.state.config.db) as writer:
        for outcome in outcomes:
            if isinstance(outcome, newsgraph.Rejection):
                writer.reject(outcome)
                results.append({"error": str(outcome)})
            else:
                results.append({"id": outcome["id"], "status": writer.add(outcome)})
    return {"results": results}
