"""Shared fixtures: the loaded pipeline, the sample folder and ../shared when present."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "newsgraph" / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline():
    from newsgraph.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def code(pipeline):
    """Code a text's events with the real spaCy model and every stage before them."""
    from newsgraph.extractors.events import find_events
    from newsgraph.types import Article

    def run(text: str, published: str | None = "2022-05-10"):
        article = Article(raw=text, source="<test>", published=published)
        return find_events(pipeline.run(article))

    return run


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "gold" / "seeds.json").exists():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seed_gold(shared: Path) -> dict:
    return json.loads((shared / "gold" / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_records(shared: Path, seed_gold: dict, pipeline) -> dict:
    """The record of each seed article, keyed by file name, computed once per test session."""
    from newsgraph.ingest import read_inputs
    from newsgraph.record import to_record

    paths = [str(shared / "seeds" / name) for name in seed_gold]
    results = list(pipeline.run_many(read_inputs(paths)))
    return {name: to_record(result) for name, result in zip(seed_gold, results, strict=True)}


def _run_extract(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", "extract", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="session")
def extract_command():
    """Run `newsgraph extract ARGS...` in a child process, as a user would."""
    return _run_extract
