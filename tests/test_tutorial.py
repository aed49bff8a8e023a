"""docs/tutorial.md run as written, and every Python example in docs/ run as a script.

Each ``console`` block's ``$`` lines are run by bash in a fresh folder holding the bundled
samples at ``src/newsgraph/samples``; every output line shown under a command must be among the
lines it printed (``...`` stands for lines left out), and a command exits 0 unless what is
shown is a usage error.  With ../shared present, the analyst's questions are asked again of a
PolNeAR subset ingested with a metadata file built from the corpus's own metadata.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def console_steps(markdown: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for every ``$`` line of the console blocks."""
    steps: list[tuple[str, list[str]]] = []
    for language, body in BLOCK.findall(markdown):
        if language != "console":
            continue
        for line in body.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line.rstrip())
    return steps


def shown(expected: str, printed: list[str]) -> bool:
    """Whether an output line of the page is among the lines printed: ``...`` alone stands
    for lines left out, ``...`` ending a line for the rest of that line."""
    if not expected or expected == "...":
        return True
    if expected.endswith(" ..."):
        return any(line.startswith(expected[:-4]) for line in printed)
    return expected in printed


def environment() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "COLUMNS": "100"}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, samples: Path) -> Path:
    folder = tmp_path_factory.mktemp("tutorial")
    (folder / "src" / "newsgraph").mkdir(parents=True)
    shutil.copytree(samples, folder / "src" / "newsgraph" / "samples")
    return folder


def test_the_tutorial_runs_as_written(workdir: Path) -> None:
    steps = console_steps((DOCS / "tutorial.md").read_text(encoding="utf-8"))
    assert len(steps) >= 15
    for command, expected in steps:
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=workdir,
            env=environment(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        printed = [line.rstrip() for line in (done.stdout + done.stderr).splitlines()]
        missing = [line for line in expected if not shown(line, printed)]
        assert not missing, f"$ {command}\nmissing: {missing}\nprinted:\n{done.stdout}{done.stderr}"
        usage_error = any(": error: " in line for line in expected)
        assert done.returncode == (2 if usage_error else 0), f"$ {command}\n{done.stderr}"
    geojson = json.loads((workdir / "events.geojson").read_text())
    assert geojson["features"]


def test_every_python_example_in_docs_runs_as_a_script(tmp_path: Path, samples: Path) -> None:
    shutil.copytree(samples, tmp_path / "articles")
    examples = [
        (page.name, code)
        for page in sorted(DOCS.glob("*.md"))
        for language, code in BLOCK.findall(page.read_text(encoding="utf-8"))
        if language == "python"
    ]
    assert examples
    for number, (page, code) in enumerate(examples):
        script = tmp_path / f"example_{number}.py"
        script.write_text(code, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(script)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, f"{page} example {number}:\n{done.stderr}"


POLNEAR_ARTICLES = 24


@pytest.fixture(scope="module")
def polnear_db(tmp_path_factory, shared: Path, pipeline) -> Path:
    """A PolNeAR subset (the dev articles naming both Trump and Clinton most) ingested with a
    metadata file built from the corpus's metadata table."""
    from newsgraph.ingest.metadata import Metadata, load_meta
    from newsgraph.store.ingest import ingest

    corpus = shared / "corpus" / "polnear"
    texts = corpus / "dev" / "text"
    if not texts.exists():
        pytest.skip("no PolNeAR dev texts")
    with (corpus / "metadata.tsv").open(encoding="utf-8") as handle:
        rows = {r["filename"]: r for r in csv.DictReader(handle, delimiter="\t")}
    chosen = sorted(
        (p for p in texts.glob("*.txt") if p.stem in rows),
        key=lambda p: -min(int(rows[p.stem]["trump_count"]), int(rows[p.stem]["clinton_count"])),
    )[:POLNEAR_ARTICLES]
    folder = tmp_path_factory.mktemp("polnear")
    meta = folder / "meta.csv"
    with meta.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "published", "source", "title"])
        for path in chosen:
            row = rows[path.stem]
            writer.writerow([path.name, row["publication_date"], row["publisher"], row["title"]])
    db = folder / "polnear.db"
    metadata = Metadata(rows=load_meta(str(meta)), meta_file=str(meta))
    stats = ingest(
        [str(p) for p in chosen], db, workers=0, pipeline=pipeline, quiet=True, metadata=metadata
    )
    assert stats.stored == len(chosen)
    return db


def test_polnear_what_did_trump_do_to_clinton(polnear_db: Path, capsys) -> None:
    from newsgraph.cli import main

    db = str(polnear_db)
    assert (
        main(
            [
                "events",
                "--db",
                db,
                "--source",
                "Trump",
                "--target",
                "Clinton",
                "--output",
                "json",
                "--limit",
                "500",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert rows, captured.err
    assert all("trump" in r["source_name"].lower() for r in rows)
    assert all("clinton" in r["target_name"].lower() for r in rows)
    assert all(r["sentence"] and r["article_id"] and r["published"] for r in rows)
    # Every form of his name ("Donald Trump", "Donald J. Trump", "Mr. Trump") is one entity.
    assert "'Trump' matched Donald" in captured.err
    assert "(PERSON, person:donald trump)" in captured.err


def test_polnear_dates_from_the_metadata_file_reach_timeline_and_gdelt(
    polnear_db: Path, tmp_path: Path, capsys
) -> None:
    from newsgraph.cli import main

    db = str(polnear_db)
    assert main(["timeline", "--db", db, "--period", "month", "--output", "json"]) == 0
    months = json.loads(capsys.readouterr().out)
    assert months and all(m["period"].startswith("2016-") for m in months)
    out = tmp_path / "events.tsv"
    assert main(["export", "--db", db, "--format", "gdelt-events", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    sqldates = [line.split("\t")[1] for line in lines]
    assert lines and all(re.fullmatch(r"2016\d{4}", d) for d in sqldates)
