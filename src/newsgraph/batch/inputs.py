"""The batch job's inputs, read by the library's own readers inside Spark tasks.

A local path is a file or a folder (the files reading the folder reads: ``ingest.walk``);
its files are spread over tasks, and each task reads its files with ``ingest.read_inputs``,
which sniffs WARC / WARC.gz, JSON Lines, HTML and text from the content.  Parquet files (a
``.parquet`` name, or a folder of them) are read by Spark; each row with a ``text`` or ``html``
column becomes an article through the JSON Lines reader's object rule.  An address with a scheme
(``s3a://``, ``hdfs://``, ``gs://``, ``file://``; a file, folder or glob) is read through Spark's
Hadoop file systems, as configured on the cluster: Spark hands each file's bytes to
``ingest.read_stream``, so such a file is held in a task's memory whole while it is read.

Every item comes with the input file it came from (the partition of its rejections).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.settings import Settings
from newsgraph.types import Article, Rejection

Item = Article | Rejection
Tagged = tuple[str, Item]

PARQUET_FIELDS = ("text", "html", "id", "url", "title", "published", "source")
"""The columns of a Parquet input that are read (``text`` or ``html`` is needed)."""

FILES_PER_TASK = 50
"""Small files are read in groups, so task start-up does not outweigh the work."""


@dataclass
class Inputs:
    """The input files of a run, by how they are read."""

    local: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)
    parquet: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.local) + len(self.remote) + len(self.parquet)


def _is_remote(path: str) -> bool:
    return "://" in path  # file:// too: read through Hadoop's file system like any address


def find_inputs(paths: Iterable[str]) -> Inputs:
    """Sort ``paths`` into local files (folders listed), remote addresses and Parquet inputs.

    A local path that does not exist is kept: reading it gives its rejection.
    """
    from newsgraph.ingest import walk

    found = Inputs()
    for path in paths:
        if _is_remote(path):
            parquet = path.rstrip("/").lower().endswith(".parquet")
            (found.parquet if parquet else found.remote).append(path)
            continue
        local = Path(path)
        if local.is_dir():
            for child in walk(local):
                (found.parquet if _is_parquet(child) else found.local).append(str(child))
        elif _is_parquet(local):
            found.parquet.append(str(local))
        else:
            found.local.append(str(local))
    return found


def _is_parquet(path: Path) -> bool:
    return path.suffix.lower() == ".parquet"


def read_items(spark: Any, inputs: Inputs, settings: Settings) -> Any:
    """An RDD of ``(input file, Article | Rejection)`` over every input."""
    context = spark.sparkContext
    parts = []
    if inputs.local:
        wanted = max(context.defaultParallelism * 8, len(inputs.local) // FILES_PER_TASK)
        slices = max(1, min(len(inputs.local), wanted))
        files = context.parallelize(inputs.local, slices)
        parts.append(files.mapPartitions(lambda paths: _read_local(paths, settings)))
    if inputs.remote:
        files = context.binaryFiles(",".join(inputs.remote))
        parts.append(files.flatMap(lambda pair: _read_bytes(pair[0], pair[1], settings)))
    if inputs.parquet:
        parts.append(_read_parquet(spark, inputs.parquet, settings))
    return context.union(parts) if parts else context.emptyRDD()


def _read_local(paths: Iterable[str], settings: Settings) -> Iterator[Tagged]:
    from newsgraph.ingest import read_inputs

    for path in paths:
        for item in read_inputs([path], settings):
            yield path, item


def _read_bytes(path: str, data: bytes, settings: Settings) -> Iterator[Tagged]:
    from newsgraph.ingest import read_stream

    for item in read_stream(io.BytesIO(data), path, settings, {}):
        yield path, item


def _read_parquet(spark: Any, paths: list[str], settings: Settings) -> Any:
    from pyspark.sql import functions as F

    frame = spark.read.parquet(*paths)
    columns = [name for name in PARQUET_FIELDS if name in frame.columns]
    if "text" not in columns and "html" not in columns:
        context = spark.sparkContext
        reason = "a Parquet input needs a 'text' or 'html' column"
        return context.parallelize([(p, Rejection(p, "read", reason)) for p in paths], 1)
    frame = frame.select(*columns, F.input_file_name().alias("_file"))
    return frame.rdd.map(lambda row: _parquet_item(row.asDict(), settings))


def _parquet_item(row: dict[str, Any], settings: Settings) -> Tagged:
    from newsgraph.ingest.jsonl import article_from_object

    path = str(row.pop("_file"))
    obj = {key: value for key, value in row.items() if value is not None}
    name = obj.get("id") or obj.get("url")
    if not name:
        import hashlib

        body = str(obj.get("text") or obj.get("html") or "").encode("utf-8")
        name = hashlib.sha256(body).hexdigest()[:16]
    return path, article_from_object(obj, f"{path}#{name}", settings)
