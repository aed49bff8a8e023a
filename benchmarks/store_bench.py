"""Store benchmark: ingest rate with 1 and 2 workers, worker memory, bytes per article, and
query latency on a store of at least 10,000 articles.

.venv/bin/python benchmarks/store_bench.py [--sample N] [--size N] [--full]

Ingest runs the real pipeline over a fixed-seed sample of PolNeAR articles
(../shared/corpus/polnear).  The large store for query timing is SYNTHESISED: the stored
PolNeAR records are given generated facts (entities, places, quotes, counts, CAMEO events;
see newsgraph.store.synthetic) and replicated with variations (new ids, dates spread over a
year, actor countries shuffled).  Its figures are labelled as such.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "polnear"


def sample_files(count: int, seed: int = 0) -> list[str]:
    files = sorted((CORPUS / "train" / "text").glob("*.txt"))
    files += sorted((CORPUS / "dev" / "text").glob("*.txt"))
    return [str(p) for p in random.Random(seed).sample(files, min(count, len(files)))]


def db_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def run_ingest(files: list[str], db: Path, workers: int) -> dict[str, Any]:
    from newsgraph.store.ingest import ingest

    parent = resource.getrusage(resource.RUSAGE_SELF)
    stats = ingest(files, db, workers=workers, quiet=True, stderr=sys.stderr)
    after = resource.getrusage(resource.RUSAGE_SELF)
    parent_cpu = after.ru_utime + after.ru_stime - parent.ru_utime - parent.ru_stime
    steady = stats.seconds - stats.first_result
    done = stats.stored + stats.skipped + stats.rejected
    return {
        "workers": workers,
        "stored": stats.stored,
        "rejected": stats.rejected,
        "seconds": stats.seconds,
        "rate": done / stats.seconds,
        # After the first batch is back: model loading left out, the pool at full speed.
        "steady_rate": (done - 4) / steady if steady > 0 else float("nan"),
        "rss_mb": sorted(kb / 1024 for kb in stats.worker_rss_kb.values()),
        "bytes": db_bytes(db),
        "worker_cpu": sum(stats.worker_cpu_s.values()),
        "parent_cpu": parent_cpu,
        "load": os.getloadavg()[0],
    }


def synthesise(source_db: Path, target_db: Path, size: int) -> tuple[float, list[str]]:
    """Fill ``target_db`` with ``size`` synthesised records; return (seconds spent writing
    them, leaving out making them and their signatures, and some of their ids)."""
    from newsgraph.store import Store
    from newsgraph.store.exports import records
    from newsgraph.store.stories import signature
    from newsgraph.store.synthetic import add_facts, vary

    rng = random.Random(1)
    with Store(source_db, readonly=True) as source:
        bases = [add_facts(record, rng, events=4) for record, _ in records(source.conn)]
    start = dt.date(2024, 1, 1)
    ids = []
    writing = 0.0
    with Store(target_db, batch_size=500) as target:
        for number in range(size):
            base = bases[number % len(bases)]
            day = start + dt.timedelta(days=rng.randrange(366))
            record = vary(base, rng, number, day)
            record["url"] = f"https://outlet{rng.randrange(40)}.example/{number}"
            hashvalues = signature(record["text"])
            began = time.perf_counter()
            target.add(record, hashvalues)
            writing += time.perf_counter() - began
            if number % 997 == 0:
                ids.append(record["id"])
        began = time.perf_counter()
    return writing + time.perf_counter() - began, ids


def time_query(call: Callable[[], Any], runs: int = 15) -> tuple[float, float, int]:
    call()  # warm the page cache and the statement cache
    times, rows = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - began) * 1000)
        rows = len(result)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], rows


def queries(store: Any, ids: list[str]) -> dict[str, Callable[[], Any]]:
    return {
        "search 'Clinton campaign'": lambda: store.search("Clinton campaign"),
        "events (newest 50)": lambda: store.events(),
        "events actor=MEX": lambda: store.events(actor="MEX"),
        "events dyad=USA,MEX": lambda: store.events(dyad=("USA", "MEX")),
        "events root=19": lambda: store.events(root="19"),
        "events quad=4 in March": lambda: store.events(
            quad_class=4, since="2024-03-01", until="2024-03-31"
        ),
        "events place=CUB": lambda: store.events(place="CUB"),
        "events place name 'Havana'": lambda: store.events(place="Havana"),
        "quotes speaker='Vega'": lambda: store.quotes(speaker="Vega"),
        "quotes text='border'": lambda: store.quotes(text="border"),
        "entities top 20": lambda: store.entities(top=20),
        "entities PERSON top 20": lambda: store.entities(type="PERSON", top=20),
        "timeline actor=GTM per week": lambda: store.timeline(actor="GTM", period="week"),
        "timeline dyad=MEX,GTM per day": lambda: store.timeline(dyad=("MEX", "GTM")),
        "timeline all per week": lambda: store.timeline(period="week"),
        "article by id": lambda: [store.article(ids[len(ids) // 2])],
        "stories (largest 50)": lambda: store.stories(min_articles=2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=60, help="PolNeAR articles to ingest")
    parser.add_argument("--size", type=int, default=10_000, help="synthesised store size")
    parser.add_argument("--full", action="store_true", help="all 924 articles, 50,000 stored")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skip: {CORPUS} is not there (../shared beside the checkout)")
        return 0
    if args.full:
        args.sample, args.size = 924, 50_000
    from newsgraph.store import Store

    files = sample_files(args.sample)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        print(f"ingest: {len(files)} PolNeAR articles (seed 0), real pipeline, commit every 25")
        runs = [run_ingest(files, tmp / f"w{n}.db", n) for n in (1, 2)]
        for run in runs:
            print(
                f"  {run['workers']} worker(s): {run['stored']} stored, {run['rejected']} "
                f"rejected in {run['seconds']:.1f} s = {run['rate']:.2f} articles/s "
                f"(after model load: {run['steady_rate']:.2f} articles/s); peak RSS per worker "
                f"{', '.join(f'{mb:.0f}' for mb in run['rss_mb'])} MB; "
                f"{run['bytes'] / max(run['stored'], 1):,.0f} DB bytes/article"
            )
            print(
                f"    CPU: workers {run['worker_cpu']:.1f} s ({run['worker_cpu'] / len(files):.2f}"
                f" s/article, model load included), parent (reader + writer) "
                f"{run['parent_cpu']:.1f} s; machine load average {run['load']:.1f} "
                f"on {os.cpu_count()} cores"
            )
        print(
            f"  scaling 2 vs 1 worker: {runs[1]['rate'] / runs[0]['rate']:.2f}x wall, "
            f"{runs[1]['steady_rate'] / runs[0]['steady_rate']:.2f}x after model load "
            f"(target 1.8x)"
        )
        big = tmp / "big.db"
        seconds, ids = synthesise(tmp / "w1.db", big, args.size)
        with Store(big, readonly=True) as store:
            counts = store.table_counts()
            print(
                f"SYNTHESISED store: {counts['articles']:,} articles (replicated PolNeAR records "
                f"with generated facts), {counts['event_groups']:,} events, {counts['events']:,} "
                f"event mentions, {counts['quotes']:,} quotes, {counts['entities']:,} entities; "
                f"written in {seconds:.1f} s ({counts['articles'] / seconds:,.0f} articles/s by "
                f"the writer alone); {db_bytes(big) / counts['articles']:,.0f} DB bytes/article"
            )
            print("query latency on the synthesised store (median / p95 of 15 runs, rows):")
            slow = 0
            for name, call in queries(store, ids).items():
                median, p95, rows = time_query(call)
                slow += median >= 100
                print(f"  {name:34s} {median:7.1f} ms  {p95:7.1f} ms  {rows:5d} rows")
            print(f"  queries with median >= 100 ms: {slow} (target 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
