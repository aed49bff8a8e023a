"""Parallel ingest: read inputs, run the pipeline in worker processes, write with one writer.

The parent reads the inputs and hands small batches of raw articles to a pool of worker
processes; each worker loads the pipeline (and its spaCy model) once, in its initializer.
At most ``2 × workers`` batches are in flight (a bounded window), so a huge input never sits
in memory whole.  Results come back in input order and the parent alone writes them, so
stories are assigned in the same order whatever the number of workers.

Skipping what is stored: a worker cleans each article (which yields its id, the hash of the
clean text), looks the id up in the database, and drops the articles already stored before
the costly spaCy pass.  The writer checks again at write time, which catches two copies of
one text in flight at once.  After a kill, the uncommitted batch is simply done again.
"""

from __future__ import annotations

import dataclasses
import itertools
import multiprocessing
import os
import resource
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.settings import DEFAULT, Settings
from newsgraph.store import schema
from newsgraph.store.progress import Progress
from newsgraph.store.stories import signature
from newsgraph.types import Article, Document, Rejection

Item = Article | Rejection
# What a worker sends back for one input: ("record", record, signature, source),
# ("skip", article_id, source) or ("reject", Rejection).
Outcome = tuple[Any, ...]

BATCH = 4
"""Articles per task: small, so the workers stay evenly busy."""


@dataclass
class IngestStats:
    """What an ingest run did."""

    read: int = 0
    stored: int = 0
    replaced: int = 0
    skipped: int = 0
    rejected: int = 0
    seconds: float = 0.0
    first_result: float = 0.0
    """Seconds from the start until the first batch came back (model loading, mostly)."""
    worker_rss_kb: dict[int, int] = field(default_factory=dict)
    """Peak resident memory of each worker process (its pid -> kB)."""
    worker_cpu_s: dict[int, float] = field(default_factory=dict)
    """CPU seconds each worker process used (model loading included)."""
    started: float = field(default_factory=time.monotonic, repr=False)


def process_batch(
    pipeline: Any,
    batch: Sequence[Item],
    stored: Callable[[list[str]], dict[str, str]],
    version: str,
    reprocess: bool,
) -> list[Outcome]:
    """Clean, skip what is stored, run the pipeline; one outcome per input, in order."""
    from newsgraph.clean import clean_article
    from newsgraph.record import to_record

    cleaned: list[Item] = []
    for item in batch:
        if isinstance(item, Rejection):
            cleaned.append(item)
            continue
        try:
            cleaned.append(clean_article(item))
        except InputError as exc:
            cleaned.append(Rejection(item.source, "clean", exc.reason))
        except Exception as exc:  # one article's failure must not end the batch
            cleaned.append(Rejection(item.source, "clean", f"{type(exc).__name__}: {exc}"))
    ids = [a.id for a in cleaned if isinstance(a, Article) and a.id]
    known = stored(ids) if ids else {}
    outcomes: list[Outcome | None] = []
    todo: list[Article] = []
    for item in cleaned:
        if isinstance(item, Rejection):
            outcomes.append(("reject", item))
        elif item.id in known and (not reprocess or known[item.id] == version):
            outcomes.append(("skip", item.id, item.source))
        else:
            outcomes.append(None)
            # Already clean: the pipeline must use the text as it is, not clean it again.
            todo.append(dataclasses.replace(item, raw=item.text or "", verbatim=True))
    results = iter(pipeline.run_many(todo))
    for position, outcome in enumerate(outcomes):
        if outcome is not None:
            continue
        result = next(results)
        if isinstance(result, Document):
            record = to_record(result)
            outcomes[position] = (
                "record",
                record,
                signature(record["text"]),
                result.article.source,
            )
        else:
            outcomes[position] = ("reject", result)
    return [outcome for outcome in outcomes if outcome is not None]


# -- worker processes ------------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(
    db: str, stages: tuple[str, ...], settings: Settings, version: str, reprocess: bool
) -> None:
    """Pool initializer: load the pipeline and its model once for this process."""
    from newsgraph.pipeline import Pipeline

    _worker.update(db=db, version=version, reprocess=reprocess, conn=None, error=None)
    try:
        pipeline = Pipeline(stages, settings)
        pipeline.nlp  # noqa: B018 -- load the model now, not inside the first task
    except NewsgraphError as exc:  # e.g. no model: raised again with the first task
        _worker["error"] = exc
        return
    _worker["pipeline"] = pipeline


def _stored_in_worker(ids: list[str]) -> dict[str, str]:
    if _worker["conn"] is None:
        _worker["conn"] = schema.connect(_worker["db"], readonly=True)
    marks = ",".join("?" * len(ids))
    rows = _worker["conn"].execute(
        f"SELECT id, pipeline_version FROM articles WHERE id IN ({marks})", ids
    )
    return {row[0]: row[1] for row in rows}


Result = tuple[list[Outcome], int, int, float]
"""A batch's outcomes, the worker's pid, its peak RSS (kB) and CPU seconds so far."""


def _run_task(batch: list[Item]) -> Result:
    if _worker["error"] is not None:
        raise _worker["error"]
    try:
        outcomes = process_batch(
            _worker["pipeline"], batch, _stored_in_worker, _worker["version"], _worker["reprocess"]
        )
    except Exception as exc:  # a failure outside any one article: report each input of it
        reason = f"{type(exc).__name__}: {exc}"
        outcomes = [("reject", Rejection(_source(item), "pipeline", reason)) for item in batch]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return outcomes, os.getpid(), usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def _source(item: Item) -> str:
    return item.source


# -- the parent ------------------------------------------------------------------------------


def ingest(
    paths: Sequence[str],
    db: str | Path,
    *,
    workers: int | None = None,
    reprocess: bool = False,
    quiet: bool = False,
    settings: Settings = DEFAULT,
    stages: Iterable[str] | None = None,
    pipeline: Any = None,
    stderr: TextIO | None = None,
    commit_every: int = 25,
) -> IngestStats:
    """Run the pipeline over ``paths`` and write the records into the store at ``db``.

    ``workers`` processes (default: one per core) each load the pipeline; ``workers=0`` runs
    in this process, with ``pipeline`` when given.  Rejected inputs are stored and printed on
    ``stderr`` one line each; progress is shown there only when it is a terminal.  Work is
    committed every ``commit_every`` articles (or every two seconds).
    """
    from newsgraph.ingest import read_inputs
    from newsgraph.pipeline import DEFAULT_STAGES
    from newsgraph.store import Store

    stages = tuple(stages if stages is not None else DEFAULT_STAGES)
    if pipeline is not None:
        stages = tuple(stage.name for stage in pipeline.stages)
    version = schema.pipeline_version(stages)
    workers = os.cpu_count() or 1 if workers is None else workers
    stderr = stderr or sys.stderr
    stats = IngestStats()
    show = not quiet and stderr.isatty()
    progress = Progress(stderr, enabled=show, total=_count(paths) if show else None)
    items = read_inputs(paths, settings)
    with Store(db, version=version, reprocess=reprocess, batch_size=commit_every) as store:
        if workers <= 0:
            from newsgraph.pipeline import Pipeline

            pipeline = pipeline or Pipeline(stages, settings)
            results: Iterator[Result] = (
                (process_batch(pipeline, batch, store.stored_ids, version, reprocess), 0, 0, 0.0)
                for batch in _batches(items)
            )
            _write_all(store, results, stats, progress)
        else:
            args = (str(db), stages, settings, version, reprocess)
            _run_pool(store, items, workers, args, stats, progress)
    stats.seconds = time.monotonic() - stats.started
    progress.finish(stats)
    return stats


def _batches(items: Iterable[Item]) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, BATCH)):
        yield batch


def _run_pool(
    store: Any,
    items: Iterable[Item],
    workers: int,
    args: tuple[Any, ...],
    stats: IngestStats,
    progress: Progress,
) -> None:
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=args)
    try:
        _write_all(store, _in_order(pool, _batches(items), 2 * workers), stats, progress)
    except BrokenProcessPool as exc:
        raise NewsgraphError(
            "a worker process died (out of memory?); what was committed is kept, "
            "run the same command again to go on"
        ) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _in_order(
    pool: ProcessPoolExecutor, batches: Iterator[list[Item]], window: int
) -> Iterator[Result]:
    """Results of the batches in input order, with at most ``window`` batches in flight."""
    pending: deque[Future[Result]] = deque()
    for batch in batches:
        pending.append(pool.submit(_run_task, batch))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _write_all(
    store: Any,
    results: Iterable[Result],
    stats: IngestStats,
    progress: Progress,
) -> None:
    for outcomes, pid, rss, cpu in results:
        if not stats.first_result:
            stats.first_result = time.monotonic() - stats.started
        if pid:
            stats.worker_rss_kb[pid] = max(rss, stats.worker_rss_kb.get(pid, 0))
            stats.worker_cpu_s[pid] = max(cpu, stats.worker_cpu_s.get(pid, 0.0))
        for outcome in outcomes:
            stats.read += 1
            _write_one(store, outcome, stats, progress)
        progress.update(stats)


def _write_one(store: Any, outcome: Outcome, stats: IngestStats, progress: Progress) -> None:
    if outcome[0] == "skip":
        stats.skipped += 1
        return
    if outcome[0] == "reject":
        rejection: Rejection = outcome[1]
        stats.rejected += 1
        store.reject(rejection)
        progress.message(f"newsgraph: error: {rejection}")
        return
    _, record, hashvalues, source = outcome
    try:
        status = store.add(record, hashvalues, source)
    except NewsgraphError as exc:
        stats.rejected += 1
        store.reject(Rejection(source, "store", str(exc)))
        progress.message(f"newsgraph: error: {exc}")
        return
    setattr(stats, status, getattr(stats, status) + 1)


def _count(paths: Sequence[str]) -> int | None:
    """How many input files there are, for the ETA (None when unknown, e.g. stdin)."""
    total = 0
    for path in paths:
        p = Path(path)
        if path == "-" or not p.exists():
            return None
        total += sum(1 for f in p.rglob("*") if f.is_file()) if p.is_dir() else 1
    return total
