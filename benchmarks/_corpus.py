"""What several benchmarks share: where the development corpora are, and how to time a job."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR = SHARED / "corpus" / "polnear"


def polnear_texts(limit: int | None, seed: int | None = None) -> list[str]:
    """PolNeAR train texts: the first ``limit`` by name, or a seeded random sample of that size."""
    files = sorted((POLNEAR / "train" / "text").glob("*.txt"))
    if limit is not None and limit < len(files):
        files = random.Random(seed).sample(files, limit) if seed is not None else files[:limit]
    return [path.read_text(encoding="utf-8") for path in files]


def best_of(runs: int, job: Callable[[], object]) -> float:
    """The shortest wall-clock time of ``runs`` runs of ``job``, the one least disturbed."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)
