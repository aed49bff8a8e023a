"""The ``newsgraph serve`` application: the JSON API and the web pages over one store.

``create_app`` builds it from a ``ServerConfig``.  The store is opened read-only, one
connection per worker thread; only ``POST /api/ingest`` writes, and only for a request that
carries the token the server was started with.  Every failure is answered with one JSON
shape, ``{"error": {"status": 404, "message": "..."}}`` (pages answer with an HTML page).
"""

from __future__ import annotations

import hmac
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from newsgraph.api.cache import PageCache
from newsgraph.api.guards import Guard
from newsgraph.errors import InputError, StoreError
from newsgraph.settings import Settings
from newsgraph.store import Store

MAX_BODY = 2_000_000
"""Largest request body accepted (bytes): a long article as HTML fits with room to spare."""


@dataclass(frozen=True)
class ServerConfig:
    """What the server serves: the store, the ingest token (None: ingest is refused), the
    request body limit, where the world map's shapes are and how many answers the page cache
    keeps (0: none)."""

    db: Path
    token: str | None = None
    max_body: int = MAX_BODY
    map_file: Path | None = None
    cache_entries: int = 512
    fetching: Settings | None = None
    """How ``POST /api/extract`` fetches a URL given alone (None: it does not)."""
    parquet: bool = False
    """``db`` is a ``newsgraph batch`` output folder, read through DuckDB."""


class Stores:
    """The store, opened read-only once per thread (sqlite3 connections stay in their
    thread).  FastAPI may run a dependency and its endpoint on different worker threads, so
    this object is what they are handed: each attribute is looked up on the calling thread's
    own ``Store`` when it is used."""

    def __init__(self, db: Path, parquet: bool = False) -> None:
        self.db = db
        self.parquet = parquet
        self._local = threading.local()

    def get(self) -> Store:
        """The calling thread's store."""
        found = getattr(self._local, "store", None)
        if found is None:
            found = open_store(self.db, self.parquet)
            self._local.store = found
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


def open_store(db: Path, parquet: bool) -> Store:
    """The store at ``db`` read-only: a SQLite file, or a batch output folder."""
    if not parquet:
        return Store(db, readonly=True)
    from newsgraph.batch.parquet import open_parquet

    return Store(db, readonly=True, connect=open_parquet)


async def store(request: Request) -> Store:
    """The read-only store (a FastAPI dependency; async, so it costs no thread hop)."""
    stores: Any = request.app.state.stores
    return cast(Store, stores)


def check_token(request: Request) -> None:
    """Refuse a write unless the server has a token and the request carries it."""
    expected: str | None = request.app.state.config.token
    if expected is None:
        raise HTTPException(403, "ingest is disabled: start the server with --token-file")
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), expected.encode()):
        raise HTTPException(401, "ingest needs the server's token: Authorization: Bearer <token>")


def not_found_or_bad(exc: StoreError) -> HTTPException:
    """A store error as an HTTP error: 404 for what is not there, 500 for a failure of the
    database itself (a translated sqlite3 error), else 400 (a query the store refuses)."""
    message = str(exc)
    if isinstance(exc.__cause__, sqlite3.Error):
        return HTTPException(500, message)
    return HTTPException(404 if "no such" in message else 400, message)


def _error(request: Request, status: int, message: str) -> Response:
    if not request.url.path.startswith("/api") and request.url.path != "/openapi.json":
        from newsgraph.web.pages import error_page

        return error_page(request, status, message)
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _validation_message(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        http = not_found_or_bad(exc)
        return _error(request, http.status_code, str(http.detail))

    @app.exception_handler(Exception)
    async def failure(request: Request, exc: Exception) -> Response:
        return _error(request, 500, f"internal error: {type(exc).__name__}")

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        return _error(request, 422, str(exc))


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def create_app(config: ServerConfig) -> ASGIApp:
    """The ASGI application serving ``config.db`` (opened read-only; it must exist)."""
    from newsgraph.api.routes import router
    from newsgraph.web.pages import mount_pages

    open_store(config.db, config.parquet).close()  # fail now, with the store's message
    app = FastAPI(
        title="newsgraph",
        description="News articles turned into CAMEO-coded events, quotes and entities.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.config = config
    app.state.stores = Stores(config.db, config.parquet)
    _add_error_handlers(app)
    app.include_router(router)
    mount_pages(app)
    # a batch output changes in files below its folder, which the cache does not watch
    entries = 0 if config.parquet else config.cache_entries
    guarded: Any = Guard(PageCache(app, config.db, entries), config.max_body)
    guarded.state = app.state  # tests reach the settings through the outer app too
    return guarded
