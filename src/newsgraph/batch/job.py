"""The batch job: the library's pipeline over many inputs on Spark, into Parquet datasets.

Two steps, each a Spark job:

1. **Analysis** (``analyse``): the inputs are read and analysed in tasks (``batch.inputs``,
   ``batch.rows.analyse``).  Each record is kept in the ``records`` dataset (partitioned by
   publication day) and each rejection in ``rejections`` (partitioned by input file).  Both are
   written with dynamic partition overwrite: re-running a day's inputs replaces that day's
   records, and re-reading a file replaces its rejections; other days are left as they are.
2. **Tables** (``build_tables``): from every record in the output, near-duplicate stories are
   found (``batch.stories``), and the store's tables are made by the store's own writer in
   tasks (``batch.rows.assemble``): ``articles``, ``publications``, ``mentions``, ``locations``,
   ``quotes``, ``counts``, ``themes``, ``events`` and ``article_entities`` partitioned by day,
   ``stories``, ``entities``, ``entity_aliases`` and ``event_groups`` merged over all days, and
   ``event_counts`` (NumMentions, NumSources, NumArticles and AvgTone of each event).  These are
   derived from ``records`` alone and rewritten whole on every run.

Article ids are those of ``extract`` (the hash of the clean text, or the id an input gives);
the other ids are derived from what each row is (``rows.stable_id``), so a second identical
run writes the same rows (the ``*_at`` time stamps say when they were written).
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.batch.rows import GLOBAL_TABLES
from newsgraph.settings import DEFAULT, Settings

SPARK_KINDS = {"INTEGER": "long", "REAL": "double", "TEXT": "string", "BLOB": "binary"}
"""Spark's type for each column type of the store (as its Parquet export maps them)."""


@dataclass
class BatchStats:
    """What a batch run did, and how long each step took (seconds)."""

    inputs: int = 0
    records: int = 0
    rejected: int = 0
    articles: int = 0
    stories: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def session(master: str | None = None, partitions: int | None = None) -> Any:
    """A SparkSession for the job: ``master`` as given (``spark-submit`` sets its own); in
    local mode bound to 127.0.0.1, without the web UI or progress bars, logging errors only,
    using this Python for its workers."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("newsgraph batch")
    if master:
        builder = builder.master(master)
    # Under spark-submit (which starts this Python itself, passing its gateway's port) the
    # master and the driver's address are spark-submit's; only a job started here is local.
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    if master.startswith("local") if master else not submitted:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        # Spark's own log lines (start-up notes, warnings) off the terminal: errors only.
        logging = f"-Dlog4j.configurationFile={Path(__file__).with_name('log4j2.properties')}"
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.extraJavaOptions", logging)
            .config("spark.executor.extraJavaOptions", logging)
        )
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run_batch(
    spark: Any, inputs: list[str], output: str, settings: Settings = DEFAULT
) -> BatchStats:
    """Analyse ``inputs`` into the batch output folder ``output``, then rebuild its tables."""
    from newsgraph.batch.inputs import find_inputs

    spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    stats = BatchStats()
    found = find_inputs(inputs)
    stats.inputs = len(found)
    start = time.monotonic()
    analyse(spark, found, output, settings, stats)
    stats.seconds["analysis"] = time.monotonic() - start
    start = time.monotonic()
    build_tables(spark, output, stats)
    stats.seconds["tables"] = time.monotonic() - start
    return stats


def analyse(spark: Any, found: Any, output: str, settings: Settings, stats: BatchStats) -> None:
    """Step 1: read and analyse the inputs into ``records`` and ``rejections``."""
    from pyspark import StorageLevel

    from newsgraph.batch import rows
    from newsgraph.batch.inputs import read_items

    outcomes = read_items(spark, found, settings).mapPartitions(
        lambda items: rows.analyse(items, settings)
    )
    outcomes.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        records = outcomes.filter(lambda o: o[0] == "record").map(lambda o: (*o[2], o[1]))
        frame = spark.createDataFrame(records, _record_schema(rows.RECORD_COLUMNS))
        _write(frame, f"{output}/records", ["day"], dynamic=True)
        stats.records = records.count()
        conn = rows.scratch()
        columns = _columns(conn, "rejections")
        conn.close()
        rejected = outcomes.filter(lambda o: o[0] == "rejections").map(
            lambda o: (*_coerce(o[2], columns), o[1])
        )
        schema = _schema([*columns, ("input", "TEXT")])
        _write(spark.createDataFrame(rejected, schema), f"{output}/rejections", ["input"], True)
        stats.rejected = rejected.count()
    finally:
        outcomes.unpersist()


def _record_schema(names: tuple[str, ...]) -> Any:
    kinds = {"signature": "BLOB"}
    return _schema([(name, kinds.get(name, "TEXT")) for name in names])


def _schema(columns: list[tuple[str, str]]) -> Any:
    from pyspark.sql.types import StructType, _parse_datatype_string

    struct = StructType()
    for name, kind in columns:
        struct.add(name, _parse_datatype_string(SPARK_KINDS.get(kind, "string")), True)
    return struct


def _columns(conn: Any, table: str) -> list[tuple[str, str]]:
    from newsgraph.store.exports import table_columns

    return table_columns(conn, table)


def _coerce(values: tuple[Any, ...], columns: list[tuple[str, str]]) -> tuple[Any, ...]:
    """SQLite keeps what it is given; Spark wants each value of its column's type."""
    out = []
    for value, (_, kind) in zip(values, columns, strict=True):
        if value is not None and kind == "INTEGER":
            value = int(value)
        elif value is not None and kind == "REAL":
            value = float(value)
        out.append(value)
    return tuple(out)


def _write(frame: Any, path: str, partitions: list[str], dynamic: bool = False) -> None:
    writer = frame.write.mode("overwrite").option(
        "partitionOverwriteMode", "dynamic" if dynamic else "static"
    )
    if partitions:
        writer = writer.partitionBy(*partitions)
    writer.parquet(path)


def build_tables(spark: Any, output: str, stats: BatchStats) -> None:
    """Step 2: the store's tables from every record in ``output``."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from newsgraph.batch import stories
    from newsgraph.batch.rows import RECORD_COLUMNS, assemble, scratch, version
    from newsgraph.store.schema import TABLES

    records = _read(spark, output, "records", _record_schema(RECORD_COLUMNS))
    first = Window.partitionBy("text_hash").orderBy(
        F.col("day").asc_nulls_last(), "article_id", "source"
    )
    texts = records.withColumn("n", F.row_number().over(first)).where("n = 1").drop("n").persist()
    story_of = stories.assign(texts, spark)
    written = version()
    rows = (
        records.join(story_of, "text_hash")
        .repartition(max(1, spark.sparkContext.defaultParallelism), "text_hash")
        .sortWithinPartitions("text_hash", F.col("day").asc_nulls_last(), "source", "url")
        .rdd.mapPartitions(lambda part: assemble(part, written))
        .map(lambda made: (made[0], made[1], pickle.dumps(made[2])))
    )
    # Kept by Spark, so that writing each table sends only that table's rows to Python.
    rows = spark.createDataFrame(rows, "table string, day string, row binary")
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
    conn = scratch()
    try:
        for table in TABLES:
            if table != "rejections":
                _write_table(spark, rows, table, _columns(conn, table), output)
        _write_event_counts(spark, output, conn)
        stats.articles = _read(
            spark, output, "articles", _schema(_columns(conn, "articles"))
        ).count()
        stats.stories = _read(spark, output, "stories", _schema(_columns(conn, "stories"))).count()
    finally:
        conn.close()
        rows.unpersist()
        texts.unpersist()


def _read(spark: Any, output: str, table: str, schema: Any) -> Any:
    """A dataset of the output, read with its schema (a dataset with no rows has no files to
    learn it from)."""
    return (
        spark.read.schema(schema)
        .option("basePath", f"{output}/{table}")
        .parquet(f"{output}/{table}")
    )


def _write_table(
    spark: Any, rows: Any, table: str, columns: list[tuple[str, str]], output: str
) -> None:
    from newsgraph.batch.merge import merge

    names = [name for name, _ in columns]
    chosen = rows.where(rows.table == table).rdd
    if table in GLOBAL_TABLES or "day" in names:
        values = chosen.map(lambda r: _coerce(pickle.loads(r["row"]), columns))
        frame = spark.createDataFrame(values, _schema(columns))
        if table in GLOBAL_TABLES:
            _write(merge(table, frame).select(*names), f"{output}/{table}", [])
        else:  # articles, publications: their own day is the partition
            _write(frame, f"{output}/{table}", ["day"])
        return
    values = chosen.map(lambda r: (*_coerce(pickle.loads(r["row"]), columns), r["day"]))
    frame = spark.createDataFrame(values, _schema([*columns, ("day", "TEXT")]))
    _write(frame, f"{output}/{table}", ["day"])


def _write_event_counts(spark: Any, output: str, conn: Any) -> None:
    """NumMentions, NumSources, NumArticles and AvgTone of every event group, over every
    publication of every text stating it (the store's counting, ``queries.mention_counts``)."""
    from newsgraph.store.queries import SOURCE_KEY

    for table in ("events", "articles", "publications", "event_groups"):
        columns = _columns(conn, table)
        if table == "events":
            columns = [*columns, ("day", "TEXT")]
        frame = _read(spark, output, table, _schema(columns))
        frame.createOrReplaceTempView(f"batch_{table}")
    frame = spark.sql(
        "SELECT e.group_id, MIN(g.story_id) AS story_id, COUNT(*) AS num_mentions, "
        f"COUNT(DISTINCT {SOURCE_KEY}) AS num_sources, COUNT(DISTINCT p.id) AS num_articles, "
        "AVG(a.tone) AS avg_tone FROM batch_events e "
        "JOIN batch_event_groups g ON g.id = e.group_id "
        "JOIN batch_articles a ON a.id = e.article_id "
        "JOIN batch_publications p ON p.article_id = e.article_id GROUP BY e.group_id"
    )
    _write(frame, f"{output}/event_counts", [])


# -- the command -----------------------------------------------------------------------------


def add_command(commands: Any) -> None:
    """Register ``newsgraph batch`` on the ``newsgraph`` command's subcommands."""
    parser = commands.add_parser(
        "batch", help="run the pipeline on Spark over many inputs into Parquet datasets"
    )
    parser.add_argument("paths", nargs="+", metavar="INPUT", help="files, folders or URIs")
    parser.add_argument("--output", required=True, metavar="DIR", help="batch output folder")
    parser.add_argument(
        "--master",
        help="Spark master: local[N], spark://HOST:PORT, yarn (default: spark-submit's, else "
        "local[*])",
    )
    parser.add_argument(
        "--partitions", type=int, help="shuffle partitions (default: Spark's setting)"
    )
    parser.add_argument(
        "--max-bytes", type=int, default=DEFAULT.max_bytes, help="largest input accepted"
    )
    parser.set_defaults(store_command=_batch)


def _batch(args: argparse.Namespace) -> int:
    import dataclasses

    settings = dataclasses.replace(DEFAULT, max_bytes=args.max_bytes)
    spark = session(args.master, args.partitions)
    try:
        stats = run_batch(spark, args.paths, args.output, settings)
    finally:
        spark.stop()
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in stats.seconds.items())
    print(
        f"newsgraph: {stats.inputs} input files, {stats.records} records, "
        f"{stats.rejected} rejected; {stats.articles} articles in {stats.stories} stories "
        f"in the output ({steps}) -> {args.output}",
        file=sys.stderr,
    )
    return 1 if stats.rejected else 0
