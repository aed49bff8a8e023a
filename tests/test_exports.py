"""Exports re-read and checked: GDELT TSV layouts and types, Parquet, JSON Lines and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import pytest

from newsgraph.store import Store
from newsgraph.store.exports import table_rows
from newsgraph.store.gdelt import EVENT_COLUMNS, GKG_COLUMNS, MENTION_COLUMNS, split_actor
from newsgraph.store.schema import TABLES
from newsgraph.store.synthetic import add_facts, base_record, vary


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    rng = random.Random(23)
    path = tmp_path_factory.mktemp("exports") / "x.db"
    with Store(path) as opened:
        for number in range(6):
            text = f"Story {number} opens here.\n\nIt goes on with more words, number {number}."
            record = add_facts(
                base_record(text, f"2024-0{number + 1}-15", f"https://www{number}.example/a"),
                rng,
            )
            record["tone"] = {
                "score": -1.5, "positive": 2.0, "negative": 3.5, "polarity": 5.5,
                "activity": 20.0, "word_count": 60,
            }  # fmt: skip
            record["dates"] = [{"text": "March 3", "start": 0, "end": 5, "date": "2024-03-03"}]
            opened.add(record)
            copy = vary(record, rng, number, dt.date(2024, 7, number + 1))
            opened.add(dict(copy, url=f"https://copies.example/{number}"))
        opened.commit()
        yield opened


def reference_types(shared: Path, name: str) -> list[str]:
    """The declared type of each column of a GDELT reference header file."""
    path = shared / "reference" / name
    if name.endswith(".csv"):
        with path.open(encoding="utf-8") as handle:
            return [row["dataType"] for row in csv.DictReader(handle)]
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return [row[2] for row in rows if row[2]]  # the last row announces future fields


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def check_types(rows: list[list[str]], types: list[str]) -> None:
    for row in rows:
        assert len(row) == len(types)
        for value, kind in zip(row, types, strict=True):
            if kind == "INTEGER" and value:
                int(value)
            elif kind == "FLOAT" and value:
                float(value)


def test_gdelt_events_layout_and_values(store: Store, tmp_path: Path, shared: Path) -> None:
    out = tmp_path / "events.tsv"
    written = store.export("gdelt-events", out)
    rows = read_tsv(out)
    types = reference_types(shared, "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv")
    assert len(types) == EVENT_COLUMNS == 61
    assert written == len(rows) == store.table_counts()["event_groups"]
    check_types(rows, types)
    events = {e["event_id"]: e for e in store.events(limit=10_000)}
    for row in rows:
        event = events[int(row[0])]
        assert row[1] == event["date"].replace("-", "")
        assert (row[5], row[15]) == (event["source_actor"], event["target_actor"] or "")
        assert row[7] == split_actor(event["source_actor"])[0]
        assert (row[26], row[28], int(row[29])) == (
            event["code"],
            event["code"][:2],
            event["quad_class"],
        )
        assert float(row[30]) == event["goldstein"]
        assert [int(v) for v in row[31:34]] == [
            event["num_mentions"], event["num_sources"], event["num_articles"]
        ]  # fmt: skip
        assert row[52] == event["place"]
        assert len(row[59]) == 14 and row[60].startswith("https://")


def test_gdelt_mentions_layout_and_offsets(store: Store, tmp_path: Path, shared: Path) -> None:
    out = tmp_path / "mentions.tsv"
    store.export("gdelt-mentions", out)
    rows = read_tsv(out)
    types = reference_types(shared, "GDELT_2.0_eventMentions_Column_Labels_Header_Row_Sep2016.tsv")
    assert len(types) == MENTION_COLUMNS == 16
    assert len(rows) == store.table_counts()["events"]
    check_types(rows, types)
    groups = {e["event_id"] for e in store.events(limit=10_000)}
    texts = {}
    for row in rows:
        assert int(row[0]) in groups
        url = row[5]
        if url not in texts:
            article_id = store.conn.execute("SELECT id FROM articles WHERE url = ?", (url,))
            texts[url] = store.article(article_id.fetchone()[0])["text"]
        text = texts[url]
        source_offset = int(row[7])
        assert source_offset >= 0 and text[source_offset:][:1].isalpha()
        assert int(row[12]) == len(text)


def test_gkg_layout(store: Store, tmp_path: Path, shared: Path) -> None:
    out = tmp_path / "gkg.tsv"
    store.export("gkg", out)
    rows = read_tsv(out)
    types = reference_types(
        shared, "GDELT_2.0_gdeltKnowledgeGraph_Column_Labels_Header_Row_Sep2016.tsv"
    )
    assert len(types) == GKG_COLUMNS == 27
    assert len(rows) == store.table_counts()["articles"]
    check_types(rows, types)
    assert len({row[0] for row in rows}) == len(rows)  # record ids are unique
    for row in rows:
        record = store.article(
            store.conn.execute("SELECT id FROM articles WHERE url = ?", (row[4],)).fetchone()[0]
        )
        assert row[1] == record["published"].replace("-", "") + "000000"
        assert row[15].split(",")[0] == "-1.5" and row[15].split(",")[-1] == "60"
        assert row[16] == "3#3#3#2024#0;"
        quotes = row[22].split("#")
        assert len(quotes) == len(record["quotes"])
        offset, length, _verb, words = quotes[0].split("|")
        assert record["text"][int(offset) : int(offset) + int(length)] == words
        assert row[7].rstrip(";").split(";") == record["themes"]
        for item in row[12].rstrip(";").split(";"):
            name, offset = item.rsplit(",", 1)
            assert record["text"][int(offset) :].startswith(name)


def test_parquet_round_trip(store: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "parquet"
    assert store.export("parquet", out) == len(TABLES)
    for table in TABLES:
        read = pq.read_table(out / f"{table}.parquet")
        expected = list(table_rows(store.conn, table))
        got = [tuple(row.values()) for row in read.to_pylist()]
        assert got == expected, table
    articles = pq.read_table(out / "articles.parquet").to_pylist()
    for row in articles:
        assert json.loads(row["record"]) == store.article(row["id"])


def test_jsonl_and_csv(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    assert store.export("jsonl", out) == store.table_counts()["articles"]
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert record == store.article(record["id"])
    folder = tmp_path / "csv"
    store.export("csv", folder)
    counts = store.table_counts()
    for table in TABLES:
        with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            assert sum(1 for _ in csv.reader(handle)) - 1 == counts[table]
