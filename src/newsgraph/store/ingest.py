"""Parallel ingest: read inputs, run the pipeline in worker processes, write with one writer.

The parent reads the inputs and hands small batches of raw articles to a pool of worker
processes; each worker loads the pipeline (and its spaCy model) once, in its initializer.
At most ``2 × workers`` batches are in flight (a bounded window), so a huge input never sits
in memory whole.  Results come back in input order and the parent alone writes them, so
stories are assigned in the same order whatever the number of workers.

Skipping what is stored: a worker cleans each article, hashes the clean text and looks the
hash up in the database; a text analysed already skips the costly spaCy pass and comes back
as one more publication of it (``copy``), which the writer stores when that publication (its
URL, or its outlet and day) is new.  The writer checks again at write time, which catches two
copies of one text in flight at once.  After a kill, the uncommitted batch is simply done
again.

Workers never outlive the run: the pool is shut down when the run ends, and terminated when
it fails; each worker also watches its parent and exits when the parent is gone (kill -9).
"""

from __future__ import annotations

import dataclasses
import itertools
import multiprocessing
import os
import resource
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from newsgraph.batch.load import batches, is_batch_output
from newsgraph.errors import InputError, NewsgraphError
from newsgraph.ingest import gate, walk
from newsgraph.ingest.gate import SkipReport
from newsgraph.ingest.metadata import Metadata, apply
from newsgraph.settings import DEFAULT, Settings
from newsgraph.store import schema
from newsgraph.store.progress import Progress, count_articles
from newsgraph.store.stories import signature
from newsgraph.store.writer import TransactionError
from newsgraph.types import Article, Document, Rejection

Item = Article | Rejection
# What a worker sends back for one input: ("record", record, signature, source, site),
# ("copy", text_hash, publication) for a text analysed already, or ("reject", Rejection).
Outcome = tuple[Any, ...]

BATCH = 4
"""Articles per task: small, so the workers stay evenly busy."""


@dataclass
class IngestStats:
    """What an ingest run did."""

    read: int = 0
    stored: int = 0
    """New texts, analysed and stored with their publication."""
    copy: int = 0
    """Publications of a text stored already (exact copies: another URL, outlet or day)."""
    replaced: int = 0
    skipped: int = 0
    rejected: int = 0
    warnings: int = 0
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
    """Clean, skip texts analysed already, run the pipeline; one outcome per input, in order.

    ``stored`` maps text hashes to the pipeline version that analysed them (those stored).
    """
    from newsgraph.clean import clean_article
    from newsgraph.record import to_record

    cleaned: list[Item] = []
    for item in batch:
        if isinstance(item, Rejection):
            cleaned.append(item)
            continue
        try:
            article = clean_article(item)
            problem = None if item.verbatim else gate.cleaned_problem(article.text or "")
            cleaned.append(Rejection(item.source, "clean", problem) if problem else article)
        except InputError as exc:
            cleaned.append(Rejection(item.source, "clean", exc.reason))
        except Exception as exc:  # one article's failure must not end the batch
            cleaned.append(Rejection(item.source, "clean", f"{type(exc).__name__}: {exc}"))
    hashes = [schema.text_hash(a.text or "") for a in cleaned if isinstance(a, Article)]
    known = stored(sorted(set(hashes))) if hashes else {}
    outcomes: list[Outcome | None] = []
    todo: list[Article] = []
    position = 0
    for item in cleaned:
        if isinstance(item, Rejection):
            outcomes.append(("reject", item))
            continue
        hash_ = hashes[position]
        position += 1
        if hash_ in known and (not reprocess or known[hash_] == version):
            outcomes.append(("copy", hash_, publication(item)))
        else:
            outcomes.append(None)
            # Already clean: the pipeline must use the text as it is, not clean it again.
            todo.append(dataclasses.replace(item, raw=item.text or "", verbatim=True))
    results = iter(pipeline.run_many(todo))
    for at, outcome in enumerate(outcomes):
        if outcome is not None:
            continue
        result = next(results)
        if isinstance(result, Document):
            record = to_record(result)
            outcomes[at] = (
                "record",
                record,
                signature(record["text"]),
                result.article.source,
                result.article.site,
            )
        else:
            outcomes[at] = ("reject", result)
    return [outcome for outcome in outcomes if outcome is not None]


def publication(article: Article) -> dict[str, Any]:
    """Where and when a (cleaned) article was published, as the writer stores it."""
    return {
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "published": article.published,
        "source": article.source,
    }


# -- worker processes ------------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(
    db: str, stages: tuple[str, ...], settings: Settings, version: str, reprocess: bool
) -> None:
    """Pool initializer: load the pipeline and its model once for this process."""
    from newsgraph.pipeline import Pipeline

    _watch_parent()
    _worker.update(db=db, version=version, reprocess=reprocess, conn=None, error=None)
    try:
        pipeline = Pipeline(stages, settings)
        pipeline.nlp  # noqa: B018 -- load the model now, not inside the first task
    except NewsgraphError as exc:  # e.g. no model: raised again with the first task
        _worker["error"] = exc
        return
    _worker["pipeline"] = pipeline


def _watch_parent() -> None:
    """End this worker as soon as its parent is gone.

    A worker waits for tasks on a queue whose writing end it holds itself, so it would wait
    forever (idle, holding its memory) after its parent was killed; the parent's sentinel
    becomes ready when the parent ends, however it ends.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        from multiprocessing.connection import wait

        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="newsgraph-parent-watch", daemon=True).start()


def _stored_in_worker(hashes: list[str]) -> dict[str, str]:
    if _worker["conn"] is None:
        _worker["conn"] = schema.connect(_worker["db"], readonly=True)
    from newsgraph.store.queries import stored_texts

    return stored_texts(_worker["conn"], hashes)


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
    lock_timeout: float = 600.0,
    metadata: Metadata | None = None,
    urls_file: str | None = None,
) -> IngestStats:
    """Run the pipeline over ``paths`` and write the records into the store at ``db``.

    ``workers`` processes (default: one per core) each load the pipeline; ``workers=0`` runs
    in this process, with ``pipeline`` when given.  Rejected inputs are stored and printed on
    ``stderr`` one line each, and so are warnings; a folder written by ``newsgraph batch`` is
    loaded as it is (its records, not analysed again); progress is shown there only when it is a
    terminal.  Work is committed every ``commit_every`` articles (or every two seconds).
    One ingest writes a database at a time: another one running, this one waits for it (up
    to ``lock_timeout`` seconds, saying so on ``stderr``) before it reads anything.
    ``metadata`` (dates, URLs, outlets given from outside, see ``ingest.metadata``) is applied
    to the inputs as they are read; ``urls_file`` names a file of URLs to fetch as well.
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
    outputs = [path for path in paths if is_batch_output(path)]  # `newsgraph batch` folders
    paths = [path for path in paths if path not in outputs]
    show = not quiet and stderr.isatty()
    total = count_articles(paths, walk) if show and not urls_file else None
    progress = Progress(stderr, enabled=show, total=total)
    skips = SkipReport()
    items = read_inputs(paths, settings, urls_file=urls_file)
    if metadata:
        items = apply(items, metadata, lambda line: progress.message(f"newsgraph: warning: {line}"))
    with Store(
        db,
        version=version,
        reprocess=reprocess,
        batch_size=commit_every,
        lock_timeout=lock_timeout,
        notify=progress.message,
    ) as store:
        for folder in outputs:
            loaded = ((batch, 0, 0, 0.0) for batch in batches(folder))
            _write_all(store, loaded, stats, progress, skips)
        if outputs and not paths and not urls_file:
            pass  # nothing else to read (no paths would mean standard input)
        elif workers <= 0:
            from newsgraph.pipeline import Pipeline

            pipeline = pipeline or Pipeline(stages, settings)
            results: Iterator[Result] = (
                (process_batch(pipeline, batch, store.stored_texts, version, reprocess), 0, 0, 0.0)
                for batch in _batches(items)
            )
            _write_all(store, results, stats, progress, skips)
        else:
            args = (str(db), stages, settings, version, reprocess)
            _run_pool(store, items, workers, args, stats, progress, skips)
    stats.seconds = time.monotonic() - stats.started
    progress.finish(stats)
    for line in skips.lines():
        progress.message(line)
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
    skips: SkipReport,
) -> None:
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=args)
    finished = False
    try:
        _write_all(store, _in_order(pool, _batches(items), 2 * workers), stats, progress, skips)
        finished = True
    except BrokenProcessPool as exc:
        raise NewsgraphError(
            "a worker process died (out of memory?); what was committed is kept, "
            "run the same command again to go on"
        ) from exc
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            stop_pool(pool)


def stop_pool(pool: ProcessPoolExecutor, grace: float = 5.0) -> None:
    """End a pool whose run failed: drop the queued tasks and end every worker now (a worker
    may be deep in a long article; waiting for it would keep the failed run alive)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1.0)


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
    skips: SkipReport,
) -> None:
    for outcomes, pid, rss, cpu in results:
        if not stats.first_result:
            stats.first_result = time.monotonic() - stats.started
        if pid:
            stats.worker_rss_kb[pid] = max(rss, stats.worker_rss_kb.get(pid, 0))
            stats.worker_cpu_s[pid] = max(cpu, stats.worker_cpu_s.get(pid, 0.0))
        for outcome in outcomes:
            stats.read += 1
            _write_one(store, outcome, stats, progress, skips)
        progress.update(stats)


def _write_one(
    store: Any, outcome: Outcome, stats: IngestStats, progress: Progress, skips: SkipReport
) -> None:
    if outcome[0] == "reject":
        rejection: Rejection = outcome[1]
        stats.rejected += 1
        store.reject(rejection)
        if not skips.add(rejection):  # those of a common kind are summed up at the end
            progress.message(f"newsgraph: error: {rejection}")
        return
    source = (outcome[2].get("source") or outcome[1]) if outcome[0] == "copy" else outcome[3]
    try:
        if outcome[0] == "copy":
            status = store.add_copy(outcome[1], outcome[2])
        else:
            _, record, hashvalues, _, site = outcome
            status = store.add(record, hashvalues, source, site)
    except TransactionError:
        raise  # the store cannot be written at all: no article is at fault
    except NewsgraphError as exc:
        stats.rejected += 1
        store.reject(Rejection(source, "store", str(exc)))
        progress.message(f"newsgraph: error: {exc}")
        return
    for warning in store.take_warnings():
        stats.warnings += 1
        progress.message(f"newsgraph: warning: {warning}")
    setattr(stats, status, getattr(stats, status) + 1)
