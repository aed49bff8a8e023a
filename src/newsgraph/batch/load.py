"""Reading a batch output folder back into the SQLite store (``newsgraph ingest DIR``).

The folder's ``records`` dataset holds each analysed publication's record and signature, and
``rejections`` each input that gave none; both are written through the store's own writer, as
``ingest`` writes what its workers send back, so the store gets its own stories, counters and
event groups.  Nothing is analysed again.  Records are read one day (one file) at a time, in
the order of day, article id and source, so memory stays flat and the result is the same
however the batch job split its work.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsgraph.errors import StoreError
from newsgraph.types import Rejection


def is_batch_output(path: str | Path) -> bool:
    """Whether ``path`` is a folder written by ``newsgraph batch``."""
    folder = Path(path)
    return (folder / "records").is_dir() and (folder / "articles").is_dir()


def _rows(dataset: Path, order: list[str]) -> Iterator[dict[str, Any]]:
    import pyarrow.dataset as ds

    if not dataset.is_dir():
        return
    files = sorted(str(p) for p in dataset.rglob("*.parquet"))
    if not files:
        return
    try:
        data = ds.dataset(
            files, format="parquet", partitioning="hive", partition_base_dir=str(dataset)
        )
        for fragment in data.get_fragments():
            table = fragment.to_table().sort_by([(name, "ascending") for name in order])
            yield from table.to_pylist()
    except (OSError, ValueError) as exc:  # pyarrow's errors for unreadable Parquet
        raise StoreError(f"{dataset}: cannot read the batch output ({exc})") from exc


def batches(folder: str | Path, size: int = 100) -> Iterator[list[tuple[Any, ...]]]:
    """``outcomes(folder)`` in lists of ``size``."""
    batch: list[tuple[Any, ...]] = []
    for outcome in outcomes(folder):
        batch.append(outcome)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def outcomes(folder: str | Path) -> Iterator[tuple[Any, ...]]:
    """The output's records and rejections as the outcomes ``ingest`` writes:
    ``("record", record, signature, source, site)`` and ``("reject", Rejection)``."""
    folder = Path(folder)
    for row in _rows(folder / "records", ["article_id", "source"]):
        record = json.loads(row["record"])
        yield "record", record, row["signature"], row["source"], row["site"]
    for row in _rows(folder / "rejections", ["source", "stage", "reason"]):
        yield "reject", Rejection(row["source"], row["stage"], row["reason"])
