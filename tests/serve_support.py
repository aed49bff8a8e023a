"""A small store for the serve tests, built from synthetic records (no spaCy needed), and a
real uvicorn server on a free loopback port."""

from __future__ import annotations

import datetime as dt
import random
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HOSTILE = (
    "Officials met on Monday.\n\nA reader wrote <script>alert(1)</script> in a comment and "
    'another posted <img src=x onerror=alert(1)> beside "quoted <b>words</b>".'
)


def build_store(path: Path, size: int = 40, seed: int = 3) -> dict[str, Any]:
    """Write ``size`` synthetic articles (plus one whose text holds HTML and script) to
    ``path``; return some of their ids."""
    from newsgraph.store import Store
    from newsgraph.store.synthetic import add_facts, base_record, vary

    rng = random.Random(seed)
    base = add_facts(base_record("Border talks.\n\nDelegations met.", "2024-01-01"), rng, events=4)
    ids: list[str] = []
    with Store(path) as store:
        for number in range(size):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(120))
            record = vary(base, rng, number, day)
            record["url"] = f"https://outlet{number % 5}.example/{number}"
            store.add(record)
            ids.append(record["id"])
        hostile = add_facts(base_record(HOSTILE, "2024-02-02", "https://bad.example/x"), rng, 2)
        hostile["title"] = "<script>alert('title')</script>"
        store.add(hostile)
    return {"ids": ids, "hostile": hostile["id"]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port; yield its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
