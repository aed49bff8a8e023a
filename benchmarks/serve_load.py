"""Serve benchmark: latency of the search, article and actor pages of ``newsgraph serve`` on a
store of 10,000 articles, under 20 concurrent clients on loopback.

.venv/bin/python benchmarks/serve_load.py [--size N] [--clients N] [--requests N]

The store is SYNTHESISED as in store_bench.py: the bundled sample articles are ingested with
the real pipeline, given generated facts and replicated with variations (new ids, dates over a
year, actor countries shuffled).  The server is the real command (``newsgraph serve``) in its
own process; the clients are httpx async clients in this one, each sending its next request
as soon as the last is answered.  Figures are per page kind: median, p95 and worst latency,
and requests per second.  The machine's load average is printed beside them: on shared cores
the figures move with what else runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "newsgraph" / "samples"
WORDS = ["border", "talks", "agreement", "Mexico", "protest", "army", "migrants", "president",
         "sanctions", "Guatemala", "water cannon", "police", "election", "families"]  # fmt: skip
ACTORS = ["MEX", "GTM", "USA", "CUB", "MEXGOV", "USAGOV", "GTMMIL", "CUBOPP", "IGOUNO", "USAMIL"]


def build(folder: Path, size: int) -> tuple[Path, list[str]]:
    """Ingest the samples, then synthesise ``size`` articles from them; the big store's path
    and every article id in it."""
    from store_bench import synthesise

    from newsgraph.store import Store
    from newsgraph.store.ingest import ingest

    samples = folder / "samples.db"
    ingest([str(SAMPLES)], samples, workers=1, quiet=True, stderr=sys.stderr)
    big = folder / "big.db"
    seconds, _ = synthesise(samples, big, size)
    with Store(big, readonly=True) as store:
        ids = [row[0] for row in store.conn.execute("SELECT id FROM articles")]
    print(f"SYNTHESISED store: {len(ids):,} articles, written in {seconds:.1f} s")
    return big, ids


def start_server(db: Path, cache: int, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [str(Path(sys.executable).with_name("newsgraph")), "serve", "--db", str(db),
               "--port", str(port), "--cache", str(cache), "--workers", str(workers)]  # fmt: skip
    server = subprocess.Popen(command)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/stories?limit=1", timeout=2).status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


async def load(base: str, urls: list[str], clients: int) -> tuple[list[float], float, int]:
    """Fetch ``urls`` with ``clients`` concurrent clients; latencies (ms), wall seconds and
    how many answers were not 200."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    times: list[float] = []
    bad = 0

    async def client(session: httpx.AsyncClient) -> None:
        nonlocal bad
        while not queue.empty():
            url = queue.get_nowait()
            began = time.perf_counter()
            try:
                response = await session.get(url)
            except httpx.TransportError:  # a dropped connection counts as a failed answer
                bad += 1
                continue
            times.append((time.perf_counter() - began) * 1000)
            bad += response.status_code != 200

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as session:
        began = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(clients)))
    return times, time.perf_counter() - began, bad


def kinds(ids: list[str], count: int, rng: random.Random) -> dict[str, list[str]]:
    return {
        "search page": [f"/search?q={rng.choice(WORDS)}" for _ in range(count)],
        "article page": [f"/articles/{rng.choice(ids)}" for _ in range(count)],
        "actor page": [f"/actors/{rng.choice(ACTORS)}" for _ in range(count)],
        "search API": [f"/api/search?q={rng.choice(WORDS)}" for _ in range(count)],
    }


def report(name: str, times: list[float], seconds: float, bad: int) -> float:
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"  {name:14s} median {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  "
        f"worst {times[-1]:7.1f} ms  {len(times) / seconds:6.1f} req/s  "
        f"{bad} not 200; load average {os.getloadavg()[0]:.1f}"
    )
    return p95


PASSES = (
    (0, 1, "page cache off (every answer computed), 1 server process"),
    (0, 2, "page cache off, 2 server processes (--workers 2)"),
    (512, 1, "page cache on (the default), 1 server process"),
)


def service_times(db: Path, ids: list[str]) -> None:
    """What one answer costs with nothing queued: one client, the page cache off."""
    server, base = start_server(db, 0, 1)
    try:
        print("one client at a time (the cost of one answer), page cache off:")
        for name, urls in kinds(ids, 60, random.Random(5)).items():
            report(name, *asyncio.run(load(base, urls, 1)))
    finally:
        server.terminate()
        server.wait(10)


def run_pass(db: Path, ids: list[str], cache: int, workers: int, meaning: str, args: Any) -> int:
    """Load one server; how many page kinds had a p95 of 200 ms or more."""
    server, base = start_server(db, cache, workers)
    try:
        rng = random.Random(7)
        asyncio.run(load(base, [u for urls in kinds(ids, 20, rng).values() for u in urls], 4))
        print(
            f"{meaning}; {args.clients} concurrent clients, {args.requests} requests per kind "
            f"(random URLs, same seed each pass), {os.cpu_count()} cores:"
        )
        over = 0
        for name, urls in kinds(ids, args.requests, random.Random(11)).items():
            p95 = report(name, *asyncio.run(load(base, urls, args.clients)))
            over += p95 >= 200 and "page" in name
        print(f"  page kinds with p95 >= 200 ms: {over} (target 0)")
        return over
    finally:
        server.terminate()
        server.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="articles in the store")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=400, help="requests per page kind")
    parser.add_argument("--db", help="an existing store to load instead of synthesising one")
    args = parser.parse_args()
    from newsgraph.store import Store

    with tempfile.TemporaryDirectory() as folder:
        if args.db:
            db = Path(args.db)
            with Store(db, readonly=True) as store:
                ids = [row[0] for row in store.conn.execute("SELECT id FROM articles")]
        else:
            db, ids = build(Path(folder), args.size)
        service_times(db, ids)
        for cache, workers, meaning in PASSES:
            run_pass(db, ids, cache, workers, meaning, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
