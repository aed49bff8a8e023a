"""Batch job throughput on Spark local[1] and local[2], against `ingest --workers`, and the
cost of each stage of the pipeline per article.

Runs ``newsgraph batch`` (``batch.job.run_batch``, real Spark in local mode) over PolNeAR train
articles (../shared/corpus/polnear; skipped when absent, or when Java is missing) with one and
then two cores, each after a small warm-up run in the same session so the Python workers have
the model loaded; prints articles/s of the analysis step and of the whole run, the scaling
ratio, and the same articles through ``ingest`` with 1 and 2 worker processes (Spark's own
overhead is the difference).  Then, in this process, the seconds per article of cleaning and
the spaCy pass, of each extractor stage, of the record and of the MinHash signature.

    .venv/bin/python benchmarks/batch_throughput.py [--count 240] [--stage-sample 60]

The figures depend on the machine: on a shared 2-core machine the local[2] figures are bounded
by whatever else runs there.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _corpus import POLNEAR


def spark_runs(files: list[str], work: Path, cores: int) -> dict[str, float]:
    from newsgraph.batch.job import run_batch, session

    spark = session(f"local[{cores}]", partitions=2 * cores)
    few = files[: 4 * cores]
    try:
        run_batch(spark, few, str(work / f"warm-{cores}"))  # the workers load their models
        small = run_batch(spark, few, str(work / f"small-{cores}"))  # what any run costs
        start = time.perf_counter()
        stats = run_batch(spark, files, str(work / f"out-{cores}"))
        total = time.perf_counter() - start
    finally:
        spark.stop()
    extra = len(files) - len(few)
    return {
        "cores": cores,
        "records": stats.records,
        "analysis_s": stats.seconds["analysis"],
        "tables_s": stats.seconds["tables"],
        "total_s": total,
        "fixed_s": sum(small.seconds.values()),
        # seconds per further article, the fixed cost of a run (the small one's) taken out
        "analysis_per_article": (stats.seconds["analysis"] - small.seconds["analysis"]) / extra,
        "tables_per_article": (stats.seconds["tables"] - small.seconds["tables"]) / extra,
    }


def ingest_run(files: list[str], work: Path, workers: int) -> dict[str, float]:
    from newsgraph.store.ingest import ingest

    stats = ingest(files, work / f"ingest-{workers}.db", workers=workers, quiet=True)
    done = stats.stored + stats.skipped + stats.rejected
    steady = stats.seconds - stats.first_result
    return {
        "workers": workers,
        "stored": stats.stored,
        "total_s": stats.seconds,
        "steady_rate": (done - 4) / steady if steady > 0 else float("nan"),
        "rate": done / stats.seconds,
    }


def stage_costs(files: list[str]) -> dict[str, float]:
    """Seconds per article of each step, over ``files``, in this process (one core)."""
    from newsgraph.ingest import read_inputs
    from newsgraph.pipeline import DEFAULT_STAGES, STAGES, Pipeline
    from newsgraph.record import to_record
    from newsgraph.store.stories import signature
    from newsgraph.types import Document

    parser = Pipeline(stages=())
    list(parser.nlp.pipe(["Warm up the model."]))
    articles = list(read_inputs(files))
    figures: dict[str, float] = {}
    start = time.perf_counter()
    documents = [d for d in parser.run_many(articles) if isinstance(d, Document)]
    figures["clean + spaCy parse"] = time.perf_counter() - start
    for name in DEFAULT_STAGES:
        function = STAGES[name].load()
        begin = time.perf_counter()
        documents = [function(document) for document in documents]
        figures[name] = time.perf_counter() - begin
    begin = time.perf_counter()
    records = [to_record(document) for document in documents]
    figures["record"] = time.perf_counter() - begin
    begin = time.perf_counter()
    for record in records:
        signature(record["text"])
    figures["signature"] = time.perf_counter() - begin
    return {name: seconds / max(1, len(documents)) for name, seconds in figures.items()}


def report(spark: list[dict[str, Any]], ingest: list[dict[str, Any]], count: int) -> None:
    print(f"\n{count} PolNeAR train articles, {os.cpu_count()} cores on this machine")
    print("\nSpark local mode (after a warm-up run: models loaded)")
    print("cores  analysis s  art/s  tables s  total s  art/s (whole run)  fixed s"
          "  marginal ms/article: analysis  tables")  # fmt: skip
    for run in spark:
        print(
            f"{run['cores']:>5}  {run['analysis_s']:>10.1f}  {count / run['analysis_s']:>5.2f}"
            f"  {run['tables_s']:>8.1f}  {run['total_s']:>7.1f}  {count / run['total_s']:>17.2f}"
            f"  {run['fixed_s']:>7.1f}  {run['analysis_per_article'] * 1000:>29.1f}"
            f"  {run['tables_per_article'] * 1000:>6.1f}"
        )
    print("(fixed s: a run of a few articles with the models loaded: Spark's cost per run)")
    if len(spark) == 2:
        ratio = spark[0]["analysis_s"] / spark[1]["analysis_s"]
        print(f"scaling local[2] / local[1] (analysis): {ratio:.2f}x")
    print("\ningest --workers (spawned processes, model loading included in total)")
    print("workers  total s  art/s  steady art/s")
    for run in ingest:
        print(
            f"{run['workers']:>7}  {run['total_s']:>7.1f}  {run['rate']:>5.2f}"
            f"  {run['steady_rate']:>12.2f}"
        )
    for run, other in zip(spark, ingest, strict=False):
        overhead = run["total_s"] / other["total_s"] - 1
        print(
            f"Spark local[{run['cores']}] whole run vs ingest --workers {other['workers']}: "
            f"{overhead:+.0%} time"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=240)
    parser.add_argument("--stage-sample", type=int, default=60)
    args = parser.parse_args()
    if not (POLNEAR / "train" / "text").is_dir():
        print(f"skipped: {POLNEAR} not found")
        return 0
    if shutil.which("java") is None:
        print("skipped: Spark needs Java (apt-get install default-jre-headless)")
        return 0
    files = [str(p) for p in sorted((POLNEAR / "train" / "text").glob("*.txt"))[: args.count]]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        ingest, spark = [], []
        for cores in (1, 2):  # each Spark run next to the ingest run it is compared with
            ingest.append(ingest_run(files, work, cores))
            spark.append(spark_runs(files, work, cores))
    report(spark, ingest, len(files))
    costs = stage_costs(files[: args.stage_sample])
    print(f"\nSeconds per article by stage (one core, {args.stage_sample} articles)")
    for name, seconds in costs.items():
        print(f"{name:>20}  {seconds * 1000:8.1f} ms")
    total = sum(costs.values())
    print(f"{'total':>20}  {total * 1000:8.1f} ms  ({1 / total:.2f} articles/s per core)")
    tables = spark[0]["tables_per_article"]
    print(f"{'batch tables step':>20}  {tables * 1000:8.1f} ms  (local[1], per further article)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
