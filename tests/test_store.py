"""The store on real SQLite files: schema, idempotent writes, queries, stories, real ingest."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from newsgraph.errors import StoreError
from newsgraph.store import Store, schema
from newsgraph.store.ingest import ingest
from newsgraph.store.synthetic import add_facts, base_record

WORDS = (
    "minister",
    "border",
    "talks",
    "agreement",
    "migrants",
    "government",
    "army",
    "protest",
    "court",
    "election",
    "city",
    "river",
    "trade",
    "aid",
    "police",
    "village",
    "mayor",
    "report",
    "council",
    "vote",
    "budget",
    "water",
    "storm",
    "school",
    "farmers",
    "strike",
    "union",
    "port",
    "road",
    "bridge",
    "hospital",
    "doctors",
    "prices",
    "fuel",
    "market",
    "bank",
)


def article_text(rng: random.Random, words: int = 160) -> str:
    """A text of ``words`` random words in paragraphs, distinct for each seed."""
    body = [rng.choice(WORDS) for _ in range(words)]
    paragraphs = [" ".join(body[i : i + 40]).capitalize() + "." for i in range(0, words, 40)]
    return "\n\n".join(paragraphs)


@pytest.fixture
def records() -> list[dict]:
    """Twelve full records (entities, places, quotes, counts, events) over twelve days."""
    rng = random.Random(7)
    start = dt.date(2024, 3, 1)
    out = []
    for number in range(12):
        day = (start + dt.timedelta(days=number)).isoformat()
        base = base_record(article_text(rng), day, f"https://news{number % 4}.example/{number}")
        out.append(add_facts(base, rng, events=3))
    return out


@pytest.fixture
def store(tmp_path: Path, records: list[dict]) -> Store:
    with Store(tmp_path / "news.db") as opened:
        for record in records:
            assert opened.add(record) == "stored"
        opened.commit()
        yield opened


def test_new_database_has_current_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    assert meta["schema_version"] == str(schema.SCHEMA_VERSION)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(schema.TABLES) <= tables
    assert {"articles_fts", "quotes_fts"} <= tables


def test_migrations_run_once_and_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    Store(path).close()
    Store(path).close()  # reopening must not try to create the tables again
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_readonly_open_of_missing_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "absent.db", readonly=True)


def test_upsert_is_idempotent_and_article_returns_the_exact_record(
    store: Store, records: list[dict]
) -> None:
    before = store.table_counts()
    assert all(store.add(record) == "skipped" for record in records)
    store.commit()
    assert store.table_counts() == before
    assert before["articles"] == len(records)
    assert before["events"] == sum(len(r["events"]) for r in records)
    assert before["quotes"] == sum(len(r["quotes"]) for r in records)
    for record in records:
        assert store.article(record["id"]) == record
    assert store.article(records[0]["id"][:10]) == records[0]
    with pytest.raises(StoreError):
        store.article("0" * 16)


def test_reprocess_replaces_rows_of_an_older_version_and_keeps_counters_right(
    tmp_path: Path, records: list[dict]
) -> None:
    path = tmp_path / "re.db"
    with Store(path, version="old") as old:
        for record in records:
            old.add(record)
    changed = dict(records[0], events=records[0]["events"][:1], quotes=[])
    with Store(path, version="new") as plain:
        assert plain.add(changed) == "skipped"  # without --reprocess, stored articles stay
    with Store(path, version="new", reprocess=True) as new:
        assert new.add(changed) == "replaced"
        assert new.add(changed) == "skipped"  # now stored by this version
        new.commit()
        assert new.article(changed["id"]) == changed
        counts = new.table_counts()
        assert counts["articles"] == len(records)
        assert counts["events"] == sum(len(r["events"]) for r in records) - 2
        assert counts["quotes"] == len(records) - 1
        # Entity counters equal a fresh count of the mention rows.
        for row in new.conn.execute("SELECT id, mention_count FROM entities"):
            fresh = new.conn.execute(
                "SELECT COUNT(*) FROM mentions WHERE entity_id = ?", (row[0],)
            ).fetchone()[0]
            assert row[1] == fresh
        orphans = new.conn.execute(
            "SELECT COUNT(*) FROM event_groups g WHERE NOT EXISTS "
            "(SELECT 1 FROM events e WHERE e.group_id = g.id)"
        ).fetchone()[0]
        assert orphans == 0


def test_search_finds_words_in_text_and_title_and_tolerates_syntax(
    store: Store, records: list[dict]
) -> None:
    target = records[3]
    word = target["events"][0]["source"]["name"].split()[-1]
    hits = {row["id"] for row in store.search(word, limit=100)}
    expected = {r["id"] for r in records if word.lower() in re.findall(r"\w+", r["text"].lower())}
    assert hits == expected and target["id"] in hits
    assert store.search('"unbalanced (AND', limit=5) == []
    with pytest.raises(StoreError):
        store.search("   ")


def _expected_groups(records: list[dict], keep) -> set[tuple]:
    return {
        (e["code"], e["source"]["actor"], e["target"]["actor"], e["date"])
        for r in records
        for e in r["events"]
        if keep(e)
    }


def _got(rows: list[dict]) -> set[tuple]:
    return {(r["code"], r["source_actor"], r["target_actor"], r["date"]) for r in rows}


def test_event_filters(store: Store, records: list[dict]) -> None:
    every = store.events(limit=1000)
    assert _got(every) == _expected_groups(records, lambda e: True)
    assert [r["date"] for r in every] == sorted((r["date"] for r in every), reverse=True)
    assert _got(store.events(actor="MEX", limit=1000)) == _expected_groups(
        records,
        lambda e: e["source"]["actor"].startswith("MEX") or e["target"]["actor"].startswith("MEX"),
    )
    assert _got(store.events(dyad=("MEX", "GTM"), limit=1000)) == _expected_groups(
        records,
        lambda e: e["source"]["actor"].startswith("MEX") and e["target"]["actor"].startswith("GTM"),
    )
    assert _got(store.events(root="19", limit=1000)) == _expected_groups(
        records, lambda e: e["root"] == "19"
    )
    assert _got(store.events(code="17", limit=1000)) == _expected_groups(
        records, lambda e: e["code"].startswith("17")
    )
    assert _got(store.events(quad_class=4, limit=1000)) == _expected_groups(
        records, lambda e: e["quad_class"] == 4
    )
    assert _got(store.events(since="2024-03-04", until="2024-03-06", limit=1000)) == (
        _expected_groups(records, lambda e: "2024-03-04" <= e["date"] <= "2024-03-06")
    )
    assert _got(store.events(place="CUB", limit=1000)) == _expected_groups(
        records, lambda e: e["location"]["country"] == "CUB"
    )
    assert _got(store.events(place="havana", limit=1000)) == _got(
        store.events(place="CUB", limit=1000)
    )
    assert len(store.events(limit=2)) == 2


def test_quotes_by_speaker_and_words(store: Store, records: list[dict]) -> None:
    quotes = [(q["speaker_name"], q["text"]) for r in records for q in r["quotes"]]
    speaker = quotes[0][0]
    got = store.quotes(speaker=speaker.split()[-1].lower(), limit=100)
    assert sorted((q["speaker"], q["text"]) for q in got) == sorted(
        q for q in quotes if q[0] == speaker
    )
    word = quotes[0][1].split()[-1]
    got = store.quotes(text=word, limit=100)
    assert sorted(q["text"] for q in got) == sorted(t for _, t in quotes if word in t.split())


def test_entities_top_by_mentions_and_type(store: Store, records: list[dict]) -> None:
    mentions: Counter[str] = Counter()
    types: dict[str, str] = {}
    for record in records:
        for entity in record["entities"]:
            mentions[entity["name"]] += len(entity["mentions"])
            types[entity["name"]] = entity["type"]
    top = store.entities(top=3)
    assert [row["mentions"] for row in top] == [count for _, count in mentions.most_common(3)]
    people = store.entities(type="person", top=100)
    assert {row["name"] for row in people} == {n for n, t in types.items() if t == "PERSON"}
    assert all(row["mentions"] == mentions[row["name"]] for row in people)


def test_timeline_per_day_and_week(store: Store, records: list[dict]) -> None:
    days = store.timeline(actor="USA")
    groups = _expected_groups(
        records,
        lambda e: e["source"]["actor"].startswith("USA") or e["target"]["actor"].startswith("USA"),
    )
    assert sum(row["events"] for row in days) == len(groups)
    assert {row["period"] for row in days} == {g[3] for g in groups}
    for row in days:
        classes = row["verbal_cooperation"] + row["material_cooperation"]
        classes += row["verbal_conflict"] + row["material_conflict"]
        assert classes == row["events"]
    weeks = store.timeline(period="week")
    assert all(dt.date.fromisoformat(row["period"]).weekday() == 0 for row in weeks)
    assert sum(row["events"] for row in weeks) == len(store.events(limit=10_000))
    with pytest.raises(StoreError):
        store.timeline(period="fortnight")


def test_near_duplicates_form_one_story_with_gdelt_counts(tmp_path: Path) -> None:
    rng = random.Random(11)
    wire = add_facts(base_record(article_text(rng, 300), "2024-06-01"), rng, events=2)
    copies = []
    for number, outlet in enumerate(["a.example", "b.example", "c.example", "a.example"]):
        # A syndicated copy: another outlet's URL and a byline line added at the top.
        text = f"By staff of {outlet}\n\n" + wire["text"]
        shift = len(text) - len(wire["text"])
        copy = json.loads(json.dumps(wire))
        copy.update(text=text, url=f"https://{outlet}/story/{number}", id=f"copy{number}")
        copy["events"] = [
            dict(e, start=e["start"] + shift, end=e["end"] + shift) for e in wire["events"]
        ]
        copies.append(copy)
    other = add_facts(base_record(article_text(random.Random(99), 300), "2024-06-01"), rng)
    with Store(tmp_path / "s.db") as store:
        for record in [wire, *copies, other]:
            store.add(record)
        store.commit()
        stories = store.stories(min_articles=1)
        assert sorted(s["num_articles"] for s in stories) == [1, 5]
        big = next(s for s in stories if s["num_articles"] == 5)
        assert big["num_sources"] == 4  # three outlets, and the wire copy of unknown outlet
        events = [e for e in store.events(limit=100) if e["story_id"] == big["story_id"]]
        keys = {(e["code"], e["source"]["actor"], e["target"]["actor"]) for e in wire["events"]}
        assert len(events) == len(keys)
        for event in events:
            assert event["num_articles"] == 5
            assert event["num_mentions"] == 5
            assert event["num_sources"] == 4
        counts = store.story_counts(big["story_id"])
        assert [c["num_articles"] for c in counts] == [5] * len(wire["counts"])


def test_real_ingest_twice_adds_nothing_and_records_rejections(
    tmp_path: Path, pipeline, capsys
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rng = random.Random(3)
    for number in range(4):
        (folder / f"a{number}.txt").write_text(article_text(rng, 80), encoding="utf-8")
    (folder / "dup.txt").write_text((folder / "a0.txt").read_text(encoding="utf-8"))
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02\x03 binary")
    (folder / "empty.txt").write_text("   \n")
    db = tmp_path / "in.db"
    first = ingest([str(folder)], db, workers=0, pipeline=pipeline, quiet=True)
    assert (first.stored, first.skipped, first.rejected) == (4, 1, 2)
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("newsgraph: error: ") for line in errors)
    with Store(db, readonly=True) as store:
        counts = store.table_counts()
        assert counts["rejections"] == 2
        assert {r["source"] for r in store.rejections()} == {
            str(folder / "bad.txt"),
            str(folder / "empty.txt"),
        }
    second = ingest([str(folder)], db, workers=0, pipeline=pipeline, quiet=True)
    assert (second.stored, second.skipped, second.rejected) == (0, 5, 2)
    with Store(db, readonly=True) as store:
        assert store.table_counts() == counts


def test_query_commands_print_what_the_library_returns(
    store: Store, records: list[dict], capsys
) -> None:
    from newsgraph.cli import main

    db = str(store.path)
    store.commit()
    assert main(["events", "--db", db, "--actor", "MEX", "--output", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == store.events(actor="MEX")
    assert main(["timeline", "--db", db, "--period", "week", "--output", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("period,events,verbal_cooperation")
    assert len(lines) - 1 == len(store.timeline(period="week"))
    assert main(["entities", "--db", db, "--top", "3"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["id", "name", "type"] and len(table) == 2 + 3
    assert main(["article", "--db", db, records[2]["id"]]) == 0
    assert json.loads(capsys.readouterr().out) == records[2]
    assert main(["report", "--db", db]) == 0
    report = capsys.readouterr().out
    for heading in ("Top actors", "Events by quad class", "Quotes"):
        assert heading in report
    assert main(["article", "--db", db, "ffffffffffffffff"]) == 2
    assert "no such article" in capsys.readouterr().err
    assert main(["search", "--db", str(store.path.parent / "absent.db"), "x"]) == 2
    assert "no such database" in capsys.readouterr().err


def test_reprocess_redoes_articles_of_another_pipeline_version(tmp_path: Path, pipeline) -> None:
    from newsgraph.pipeline import Pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    rng = random.Random(4)
    for number in range(3):
        (folder / f"a{number}.txt").write_text(article_text(rng, 60), encoding="utf-8")
    db = tmp_path / "v.db"
    bare = Pipeline(stages=(), nlp=pipeline.nlp)  # an older pipeline: no extractor stages
    assert ingest([str(folder)], db, workers=0, pipeline=bare, quiet=True).stored == 3
    again = ingest([str(folder)], db, workers=0, pipeline=pipeline, quiet=True)
    assert (again.stored, again.replaced, again.skipped) == (0, 0, 3)
    redo = ingest([str(folder)], db, workers=0, pipeline=pipeline, quiet=True, reprocess=True)
    assert (redo.stored, redo.replaced, redo.skipped) == (0, 3, 0)
    with Store(db, readonly=True) as store:
        versions = {row[0] for row in store.conn.execute("SELECT pipeline_version FROM articles")}
        assert versions == {schema.pipeline_version(s.name for s in pipeline.stages)}
        assert store.table_counts()["articles"] == 3
    final = ingest([str(folder)], db, workers=0, pipeline=pipeline, quiet=True, reprocess=True)
    assert final.skipped == 3


def test_an_event_without_a_full_date_takes_the_article_day(tmp_path: Path) -> None:
    rng = random.Random(5)
    record = add_facts(base_record(article_text(rng, 40), "2024-05-09"), rng, events=2)
    record["events"][0]["date"] = "2014"  # a year alone: no day to place it on
    record["events"][1]["date"] = "2024-04-30"
    with Store(tmp_path / "d.db") as store:
        store.add(record)
        store.commit()
        dates = sorted(e["date"] for e in store.events())
    assert dates == ["2024-04-30", "2024-05-09"]
