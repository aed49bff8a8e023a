"""The analyst's questions from the command line, against a real database of the samples.

The database is built once per session by a real ingest (spaCy pipeline, SQLite) of the
bundled sample articles; every command runs through ``newsgraph.cli.main`` as a user types it,
or in a child process where a terminal, a pipe or an exit status is what is tested.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.store import Store
from newsgraph.store.ingest import ingest
from newsgraph.store.names import fold


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory, samples: Path, pipeline) -> Path:
    db = tmp_path_factory.mktemp("workflow") / "samples.db"
    stats = ingest([str(samples)], db, workers=0, pipeline=pipeline, quiet=True)
    assert stats.stored == len([p for p in samples.iterdir() if p.suffix in (".txt", ".html")])
    return db


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows_of(capsys, *args: str) -> list[dict]:
    code, out, err = run(capsys, *args, "--output", "json")
    assert code == 0, err
    return json.loads(out)


def test_fold_drops_accents_case_and_punctuation() -> None:
    assert fold("Bernardo  ARÉVALO.") == "bernardo arevalo"
    assert fold("Côte d’Ivoire") == "cote d ivoire"
    assert fold(None) == ""


def test_who_did_what_to_whom_by_name_is_one_command(samples_db: Path, capsys) -> None:
    db = str(samples_db)
    rows = rows_of(capsys, "events", "--db", db, "--source", "mirzoyan", "--target", "Bayramov")
    assert [(r["code"], r["source_name"]) for r in rows] == [("040", "Ararat Mirzoyan")]
    assert "Jeyhun Bayramov" in rows[0]["target_name"]
    # The key of the entity names it as well as its name does.
    by_key = rows_of(capsys, "events", "--db", db, "--source", "person:ararat mirzoyan")
    assert {r["event_id"] for r in by_key} >= {r["event_id"] for r in rows}
    assert all("Mirzoyan" in r["source_name"] for r in by_key)
    # --entity is either side; it finds what --source and --target find together.
    either = rows_of(capsys, "events", "--db", db, "--entity", "Bayramov", "--limit", "500")
    sides = {r["event_id"] for r in either}
    for side in ("--source", "--target"):
        assert {
            r["event_id"]
            for r in rows_of(capsys, "events", "--db", db, side, "Bayramov", "--limit", "500")
        } <= sides
    code, _, err = run(capsys, "events", "--db", db, "--source", "Mirzoyan")
    assert code == 0 and "'Mirzoyan' matched Ararat Mirzoyan (PERSON" in err


def test_names_match_without_accents_or_case(samples_db: Path, capsys) -> None:
    db = str(samples_db)
    (entity,) = rows_of(capsys, "entities", "--db", db, "--name", "AREVALO")
    assert entity["name"] == "Bernardo Arévalo"
    quotes = rows_of(capsys, "quotes", "--db", db, "--source", "arevalo")
    assert quotes and all(q["speaker"] == "Bernardo Arévalo" for q in quotes)
    code, out, err = run(capsys, "events", "--db", db, "--source", "Nobody Atall")
    assert code == 0 and out.strip() == "(no rows)"
    assert "names no stored entity" in err and "no rows: no event matches" in err


def test_quotes_by_the_entity_they_name(samples_db: Path, capsys) -> None:
    db = str(samples_db)
    with Store(samples_db, readonly=True) as store:
        every = store.quotes(limit=1000)
    named = rows_of(capsys, "quotes", "--db", db, "--target", "coast guard", "--limit", "1000")
    assert named and len(named) < len(every)
    assert all("coast guard" in fold(q["text"]) for q in named)


def test_event_rows_carry_where_they_were_read(samples_db: Path, capsys) -> None:
    db = str(samples_db)
    rows = rows_of(capsys, "events", "--db", db, "--limit", "1000")
    with Store(samples_db, readonly=True) as store:
        records = {r["article_id"]: store.article(r["article_id"]) for r in rows}
    for row in rows:
        record = records[row["article_id"]]
        assert row["url"] in (record["url"], None) or row["url"].endswith(
            (".txt", ".html")
        )  # a URL, else the input's path
        spans = [e for e in record["events"] if e["code"] == row["code"]]
        sentences = {" ".join(record["text"][e["start"] : e["end"]].split()) for e in spans}
        assert " ".join(row["sentence"].split()) in sentences
        assert row["trigger"] in {e["trigger"] for e in spans}
    assert any(row["published"] for row in rows) and all("confidence" in row for row in rows)


def test_min_confidence_keeps_confidently_coded_events(samples_db: Path, capsys) -> None:
    db = str(samples_db)
    every = rows_of(capsys, "events", "--db", db, "--limit", "1000")
    sure = rows_of(capsys, "events", "--db", db, "--limit", "1000", "--min-confidence", "0.8")
    assert 0 < len(sure) < len(every)
    with Store(samples_db, readonly=True) as store:
        for row in sure:
            found = store.conn.execute(
                "SELECT MAX(confidence) FROM events WHERE group_id = ?", (row["event_id"],)
            ).fetchone()[0]
            assert found >= 0.8


def test_article_views_mark_spans(samples_db: Path, capsys) -> None:
    db = str(samples_db)
    with Store(samples_db, readonly=True) as store:
        record = store.article("8d02c66b50f1a069")
    code, out, _ = run(capsys, "article", "--db", db, record["id"][:6], "--show", "events")
    assert code == 0 and out.startswith(f"id: {record['id']}\n")
    assert "[insisted]" in out and "[Italy]" in out and "\033[" not in out
    code, out, _ = run(
        capsys, "article", "--db", db, record["id"], "--show", "quotes", "--color", "always"
    )
    assert "\033[" in out and "nothing to hide" in out
    code, out, _ = run(capsys, "article", "--db", db, record["id"], "--show", "text")
    assert "[ATHENS]" in out
    code, out, _ = run(capsys, "article", "--db", db, record["id"], "--show", "entities")
    assert re.search(r"^ATHENS \(GPE, GRC, gpe:athens\): 1 mention$", out, re.M)


def test_counts_add_up_to_the_totals(samples_db: Path, capsys) -> None:
    db = str(samples_db)
    with Store(samples_db, readonly=True) as store:
        total = store.events_total()
        quotes = store.table_counts()["quotes"]
        entities = store.conn.execute(
            "SELECT COUNT(*) FROM entities WHERE mention_count > 0"
        ).fetchone()[0]
        dated = store.conn.execute(
            "SELECT COUNT(*) FROM event_groups WHERE date IS NOT NULL"
        ).fetchone()[0]
    for by in ("code", "root", "quad", "source", "target", "dyad", "place", "month"):
        rows = rows_of(capsys, "count", "events", "--by", by, "--db", db, "--limit", "10000")
        assert sum(r["events"] for r in rows) == total, by
    roots = rows_of(capsys, "count", "events", "--by", "root", "--db", db)
    assert all(re.fullmatch(r"\d\d", r["root"]) and r["name"] for r in roots)
    speakers = rows_of(capsys, "count", "quotes", "--by", "speaker", "--db", db, "--limit", "999")
    assert sum(r["quotes"] for r in speakers) == quotes
    types = rows_of(capsys, "count", "entities", "--by", "type", "--db", db)
    assert sum(r["entities"] for r in types) == entities
    for period, length in (("day", 10), ("week", 10), ("month", 7), ("year", 4)):
        rows = rows_of(capsys, "timeline", "--db", db, "--period", period)
        assert sum(r["events"] for r in rows) == dated
        assert all(len(r["period"]) == length for r in rows)


def test_an_empty_timeline_says_why(samples_db: Path, capsys) -> None:
    code, out, err = run(capsys, "timeline", "--db", str(samples_db), "--source", "Petro")
    assert code == 0 and out.strip() == "(no rows)"
    assert "has a date" in err and "--meta" in err


@pytest.mark.parametrize("width", [60, 80, 132])
def test_tables_fit_the_terminal(samples_db: Path, capsys, monkeypatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    for command in ("events", "quotes", "entities", "search"):
        extra = ["Greece"] if command == "search" else []
        code, out, _ = run(capsys, command, *extra, "--db", str(samples_db))
        assert code == 0
        assert max(len(line) for line in out.splitlines()) <= width, command
    # Dates and ids stay whole where there is room; the sentence is cut, with a mark.
    code, out, _ = run(capsys, "events", "--db", str(samples_db))
    assert width < 80 or re.search(r"^\d{4}-\d\d-\d\d  \d{3,4} ", out.splitlines()[2])
    assert "…" in out


def test_wide_and_full_show_every_value_whole(samples_db: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    db = str(samples_db)
    quotes = rows_of(capsys, "quotes", "--db", db, "--limit", "1000")
    longest = max((q["text"] for q in quotes), key=len)
    assert len(longest) > 80
    words = " ".join(re.findall(r"\w{4,}", longest)[:4])  # finds the longest quote again
    _, wide, _ = run(capsys, "quotes", "--db", db, "--text", words, "--wide")
    assert " ".join(longest.split()) in wide
    _, full, _ = run(capsys, "quotes", "--db", db, "--text", words, "--full")
    assert max(len(line) for line in full.splitlines()) <= 80
    assert " ".join(longest.split()) in " ".join(full.split())
    _, picked, _ = run(capsys, "quotes", "--db", db, "--columns", "speaker,cue", "--limit", "3")
    assert picked.splitlines()[0].split() == ["speaker", "cue"]


def test_rows_left_out_are_counted(samples_db: Path, capsys) -> None:
    code, out, err = run(capsys, "events", "--db", str(samples_db), "--limit", "7")
    with Store(samples_db, readonly=True) as store:
        total = store.events_total()
    assert code == 0 and len(out.splitlines()) == 2 + 7
    assert f"newsgraph: 7 of {total} rows; --limit to see more" in err
    _, _, err = run(capsys, "events", "--db", str(samples_db), "--limit", str(total))
    assert "rows; --limit" not in err
    with Store(samples_db, readonly=True) as store:
        found = len(store.search("the", limit=1000))
    _, out, err = run(capsys, "search", "the", "--db", str(samples_db), "--limit", "2")
    assert found > 2 and len(out.splitlines()) == 2 + 2
    assert f"newsgraph: 2 of {found} rows; --limit" in err


def test_csv_has_a_header_and_keeps_codes_as_text(samples_db: Path, capsys) -> None:
    db = str(samples_db)
    code, out, _ = run(capsys, "events", "--db", db, "--output", "csv", "--limit", "1000")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert any(r["code"].startswith("0") for r in rows)
    assert all(re.fullmatch(r"\d{3,4}", r["code"]) for r in rows)
    # Text is quoted: read with QUOTE_NONNUMERIC, numbers come back as numbers, codes as text.
    header_line, _, body = out.partition("\n")
    header = header_line.split(",")
    first = next(csv.reader(io.StringIO(body), quoting=csv.QUOTE_NONNUMERIC))
    assert isinstance(first[header.index("code")], str)
    assert isinstance(first[header.index("num_mentions")], float)
    try:
        import pandas  # not a dependency: checked where it is installed
    except ImportError:
        pass
    else:
        frame = pandas.read_csv(io.StringIO(out), dtype={"code": str})
        assert frame["code"].str.len().min() >= 3
    code, out, _ = run(capsys, "events", "--db", db, "--output", "csv", "--source", "Nobody")
    assert code == 0 and out.splitlines() == [",".join(header)]
    code, out, _ = run(capsys, "quotes", "--db", db, "--output", "json", "--text", "zzzz")
    assert json.loads(out) == []


def test_a_closed_pipe_ends_quietly(samples_db: Path) -> None:
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsgraph.cli",
            "events",
            "--db",
            str(samples_db),
            "--limit",
            "1000",
            "--output",
            "csv",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the first row is written
    err = child.stderr.read().decode()
    child.stderr.close()
    assert child.wait(timeout=120) == 0
    assert "Broken pipe" not in err and "Traceback" not in err and "error" not in err
    shell = subprocess.run(
        f"set -o pipefail; {sys.executable} -m newsgraph.cli events --db {samples_db} "
        "--limit 1000 --output csv | head -1",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shell.returncode == 0 and shell.stdout.startswith("event_id,date,code,")
    assert shell.stderr == ""


def test_geojson_of_events_and_places(samples_db: Path, tmp_path: Path, capsys) -> None:
    db = str(samples_db)
    events, places = tmp_path / "events.geojson", tmp_path / "places.geojson"
    assert (
        run(capsys, "export", "--db", db, "--format", "geojson-events", "--out", str(events))[0]
        == 0
    )
    assert (
        run(capsys, "export", "--db", db, "--format", "geojson-locations", "--out", str(places))[0]
        == 0
    )
    with Store(samples_db, readonly=True) as store:
        placed = store.conn.execute(
            "SELECT COUNT(*) FROM event_groups WHERE lat IS NOT NULL"
        ).fetchone()[0]
    collection = json.loads(events.read_text())
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == placed
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["code"] and feature["properties"]["sentence"]
    athens = [
        f for f in json.loads(places.read_text())["features"] if f["properties"]["name"] == "ATHENS"
    ]
    assert athens and abs(athens[0]["geometry"]["coordinates"][1] - 37.98) < 0.1
