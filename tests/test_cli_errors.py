"""Never stuck: each bad option is one line naming it and the form expected; a subcommand's
mistake is that subcommand's error; the report says what to run next."""

from __future__ import annotations

import json
import random
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.store import Store
from newsgraph.store.synthetic import add_facts, base_record


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    """Six synthetic records (every kind of fact) in a real SQLite store."""
    db = tmp_path_factory.mktemp("errors") / "small.db"
    rng = random.Random(5)
    with Store(db) as store:
        for number in range(6):
            text = f"Report number {number} on the border talks.\n\nThe ministers met again."
            record = base_record(text, f"2024-03-0{number + 1}", f"https://x.example/{number}")
            store.add(add_facts(record, rng, events=3))
    return db


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["events", "--since", "2016/01/01"], "argument --since: expected a date as YYYY-MM-DD"),
        (["events", "--since", "2016-13-45"], "argument --since: expected a date as YYYY-MM-DD"),
        (["events", "--root", "190"], "argument --root: expected a two-digit CAMEO root"),
        (["events", "--root", "21"], "argument --root: expected a two-digit CAMEO root"),
        (["events", "--code", "abc"], "argument --code: expected a CAMEO code or prefix"),
        (["events", "--actor", "U S"], "argument --actor: expected an actor code"),
        (["events", "--min-confidence", "2"], "argument --min-confidence: expected a number"),
        (["events", "--columns", "date,nope"], "argument --columns: expected column names"),
        (["timeline", "--period", "fortnight"], "argument --period: invalid choice"),
        (["count", "events", "--by", "colour"], "argument --by: invalid choice"),
        (
            ["events", "--qaud", "4"],
            "newsgraph events: error: unrecognized arguments: --qaud 4 (did you mean --quad?)",
        ),
        (
            ["count", "events", "--sorce", "x"],
            "newsgraph count events: error: unrecognized "
            "arguments: --sorce x (did you mean --source?)",
        ),
    ],
)
def test_bad_options_name_themselves(
    args: list[str], expected: str, small_db: Path, capsys
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*args, "--db", str(small_db)])
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert expected in line


def test_a_folder_given_as_db_is_named_as_such(tmp_path: Path, capsys) -> None:
    assert main(["events", "--db", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"--db {tmp_path}: is a folder, not a database file" in err
    assert main(["ingest", str(tmp_path), "--db", str(tmp_path), "--quiet"]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith("newsgraph ")
    assert done.stdout.split()[1][0].isdigit()


def test_report_as_json_and_its_next_commands_run(small_db: Path, capsys) -> None:
    assert main(["report", "--db", str(small_db), "--output", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["articles"] == 6 and len(data["next"]) == 3
    assert sum(row["events"] for row in data["quad_classes"]) == data["counts"]["event_groups"]
    assert main(["report", "--db", str(small_db)]) == 0
    lines = capsys.readouterr().out.rstrip().splitlines()
    assert lines[-4] == "Next, try"
    suggested = [line.strip() for line in lines[-3:]]
    assert suggested == [f"  {c}".strip() for c in data["next"]]
    for command in suggested:
        words = shlex.split(command)
        assert words[0] == "newsgraph"
        assert main(words[1:]) == 0, command
        out = capsys.readouterr().out
        assert out.strip() and out.strip() != "(no rows)", command


def test_warnings_name_their_input(tmp_path: Path, extract_command) -> None:
    page = tmp_path / "unbalanced.txt"
    page.write_text(
        "The minister said “we will never accept this deal, and the talks are over for now.\n\n"
        "Other officials met on Tuesday to discuss the border agreement with their partners.\n",
        encoding="utf-8",
    )
    done = extract_command(str(page))
    warnings = [line for line in done.stderr.decode().splitlines() if "warning:" in line]
    assert warnings and all(line.startswith(f"newsgraph: warning: {page}: ") for line in warnings)
    assert any("unbalanced quotation mark" in line for line in warnings)
