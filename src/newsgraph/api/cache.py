"""A cache of answered GET requests, kept until the database changes.

The server never writes the store except through ``POST /api/ingest``, so a page is a
function of its URL and of the database's state.  That state is read on every request from
the sizes and modification times of the database file and its ``-wal`` file (a commit by
any process changes one of them), and any change empties the cache.  Only whole ``200``
answers of bounded size are kept (64 MB at most in all), least recently used ones dropped
first; downloads are never cached.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_ENTRY = 1_000_000
"""Largest answer kept (bytes)."""
MAX_TOTAL = 64_000_000
"""Most bytes of answers kept at once."""

_Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


def database_state(db: Path) -> tuple[int, ...]:
    """What changes when anything is committed to ``db``: sizes and times of its files."""
    state: list[int] = []
    for path in (db, Path(f"{db}-wal")):
        try:
            found = os.stat(path)
        except OSError:
            state += [-1, -1]
        else:
            state += [found.st_size, found.st_mtime_ns]
    return tuple(state)


class PageCache:
    """ASGI middleware answering repeated GETs from memory; ``entries`` 0 turns it off."""

    def __init__(self, app: ASGIApp, db: Path, entries: int = 512) -> None:
        self.app = app
        self.db = db
        self.entries = entries
        self._answers: OrderedDict[str, _Answer] = OrderedDict()
        self._state: tuple[int, ...] = ()
        self._bytes = 0

    def _cacheable(self, scope: Scope) -> bool:
        path = scope.get("path", "")
        return (
            self.entries > 0
            and scope["type"] == "http"
            and scope.get("method") == "GET"
            and not path.startswith(("/api/export", "/static"))
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        state = database_state(self.db)
        if state != self._state:
            self._answers.clear()
            self._bytes = 0
            self._state = state
        key = scope["path"] + "?" + scope.get("query_string", b"").decode("latin-1")
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
            await _replay(answer, send)
            return
        await self.app(scope, receive, self._recording(key, state, send))

    def _recording(self, key: str, state: tuple[int, ...], send: Send) -> Send:
        start: Message = {}
        chunks: list[bytes] = []
        size = 0

        async def record(message: Message) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body" and size <= MAX_ENTRY:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if not message.get("more_body", False):
                    self._keep(key, state, start, b"".join(chunks))
            await send(message)

        return record

    def _keep(self, key: str, state: tuple[int, ...], start: Message, body: bytes) -> None:
        if start.get("status") != 200 or len(body) > MAX_ENTRY or state != self._state:
            return
        if key in self._answers:
            self._bytes -= len(self._answers.pop(key)[2])
        self._answers[key] = (200, list(start.get("headers", [])), body)
        self._bytes += len(body)
        while len(self._answers) > self.entries or self._bytes > MAX_TOTAL:
            self._bytes -= len(self._answers.popitem(last=False)[1][2])


async def _replay(answer: _Answer, send: Send) -> None:
    status, headers, body = answer
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
