"""The batch job on real Spark (local mode) against `newsgraph extract` on the same inputs.

One SparkSession serves the whole test session (local[2], two shuffle partitions, no UI, bound
to 127.0.0.1).  Spark needs Java: without it these tests skip, except in CI (CI=true), where
they fail, since `.ci/run` installs a JRE.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsgraph.store.schema import TABLES

pytestmark = pytest.mark.slow

STAMPS = {"ingested_at", "added_at", "rejected_at"}
"""Columns saying when a row was written: the only values a re-run may change."""


@pytest.fixture(scope="session")
def spark():
    if shutil.which("java") is None:
        message = "Spark needs Java (`apt-get install default-jre-headless`)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must install it (.ci/run does)")
        pytest.skip(message)
    from newsgraph.batch.job import session

    spark = session("local[2]", partitions=2)
    yield spark
    spark.stop()


def _html(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}"
    return (page + "</article></body></html>").encode("utf-8")


def _warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")
        for url, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(  # a known length: no temporary buffer
                url, "response", payload=io.BytesIO(html), length=len(html), http_headers=headers
            )
            writer.write_record(record)


def _paragraphs(sample: Path) -> list[str]:
    text = sample.read_text(encoding="utf-8")
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, samples: Path) -> Path:
    """The bundled samples, a WARC the test writes (and a truncated one), a JSON Lines file
    with a broken line, an exact copy and a near-duplicate, a binary file and a Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path_factory.mktemp("batch-inputs")
    shutil.copytree(samples, folder / "samples")
    sudan = _paragraphs(samples / "sudan-jeddah-talks.txt")
    greece = (samples / "greece-shipwreck-inquiry.html").read_bytes()
    _warc(
        folder / "crawl.warc.gz",
        [("https://news.example/sudan", _html("Sudan talks", sudan[1:])),
         ("https://wire.example/greece", greece)],
    )  # fmt: skip
    _warc(folder / "cut.warc", [("https://a.example/1", greece), ("https://a.example/2", greece)])
    data = (folder / "cut.warc").read_bytes()
    (folder / "cut.warc").write_bytes(data[: len(data) * 3 // 4])
    kenya = (samples / "kenya-finance-bill-protests.txt").read_text(encoding="utf-8")
    extra = "\n\nThe finance committee is due to report on the bill to parliament next week."
    lines = [
        json.dumps({"text": kenya + extra, "url": "https://copy.example/kenya",
                    "published": "2024-06-26"}),
        '{"text": "broken line, no closing brace"',
        json.dumps({"text": kenya, "url": "https://mirror.example/kenya"}),
    ]  # fmt: skip
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    ukraine = (samples / "ukraine-prisoner-exchange.txt").read_text(encoding="utf-8")
    table = pa.table({"text": [ukraine.replace("prisoners", "captives")],
                      "url": ["https://table.example/ukraine"]})  # fmt: skip
    pq.write_table(table, folder / "rows.parquet")
    return folder


@pytest.fixture(scope="module")
def batch(spark, inputs: Path, tmp_path_factory) -> dict[str, Any]:
    from newsgraph.batch.job import run_batch

    output = tmp_path_factory.mktemp("batch-output") / "out"
    stats = run_batch(spark, [str(inputs)], str(output))
    return {"output": output, "stats": stats, "tables": _tables(output)}


def _dataset(path: Path) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    files = sorted(str(p) for p in path.rglob("*.parquet"))
    if not files:
        return []
    data = ds.dataset(files, format="parquet", partitioning="hive", partition_base_dir=str(path))
    return data.to_table().to_pylist()


def _tables(output: Path) -> dict[str, list[dict[str, Any]]]:
    names = [*TABLES, "records", "event_counts"]
    return {name: _dataset(output / name) for name in names}


@pytest.fixture(scope="module")
def extracted(inputs: Path, extract_command) -> dict[str, Any]:
    """`newsgraph extract` over the same inputs (Parquet is the batch job's own input kind)."""
    paths = [str(p) for p in sorted(inputs.iterdir()) if p.suffix != ".parquet"]
    done = extract_command(*paths)
    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    errors = [
        line.removeprefix("newsgraph: error: ")
        for line in done.stderr.decode("utf-8").splitlines()
        if line.startswith("newsgraph: error: ")
    ]
    return {"records": records, "errors": errors}


def test_same_articles_as_extract(batch, extracted, samples: Path) -> None:
    tables = batch["tables"]
    ids = {record["id"] for record in extracted["records"]}
    count = sum(not p.name.startswith(".") for p in samples.iterdir())  # hidden: not read
    # the samples and the Kenya near-copy; two WARC pages and the mirror are copies of samples
    assert len(ids) == count + 1 and len(extracted["records"]) == count + 4
    batch_ids = {row["id"] for row in tables["articles"]}
    assert batch_ids - ids == {_parquet_id(tables)}  # the Parquet row: read by the batch only
    assert ids <= batch_ids
    # every publication is kept: the exact copies (WARC, JSON Lines) are publications
    assert len(tables["publications"]) == len(extracted["records"]) + 1
    by_id = {record["id"]: record for record in extracted["records"]}
    for row in tables["records"]:
        if row["article_id"] in by_id:
            assert json.loads(row["record"])["text"] == by_id[row["article_id"]]["text"]


def _parquet_id(tables) -> str:
    (row,) = [
        r
        for r in tables["records"]
        if r["source"].endswith(".parquet#https://table.example/ukraine")
    ]
    return row["article_id"]


def test_same_entities_events_and_quotes_per_article(batch, extracted) -> None:
    tables = batch["tables"]
    names = {row["id"]: row for row in tables["entities"]}
    for record in extracted["records"]:
        article = record["id"]
        entities = Counter(
            (names[row["entity_id"]]["key"], row["mention_count"])
            for row in tables["article_entities"] if row["article_id"] == article
        )  # fmt: skip
        expected: Counter[tuple[str, int]] = Counter()
        from newsgraph.store.facts import entity_key

        for entity in record["entities"]:
            expected[(entity_key(entity), len(entity["mentions"]))] += 1
        assert entities == expected, article
        events = sorted(
            (row["seq"], row["code"], row["source_actor"], row["target_actor"], row["start"])
            for row in tables["events"] if row["article_id"] == article
        )  # fmt: skip
        assert events == [
            (seq, e["code"], (e["source"] or {}).get("actor"), (e["target"] or {}).get("actor"),
             e["start"])
            for seq, e in enumerate(record["events"])
        ], article  # fmt: skip
        quotes = sorted(
            (row["seq"], row["text"], row["speaker_name"])
            for row in tables["quotes"] if row["article_id"] == article
        )  # fmt: skip
        assert quotes == [
            (seq, q["text"], q["speaker_name"]) for seq, q in enumerate(record["quotes"])
        ], article
    assert sum(len(r["events"]) for r in extracted["records"]) > 50  # the samples have events


def test_bad_inputs_are_rejections_with_reasons(batch, extracted, inputs: Path) -> None:
    from newsgraph.ingest.gate import kind_of

    rejections = {(row["source"], row["reason"]) for row in batch["tables"]["rejections"]}
    # extract names each input with its reason, or sums up those of a common kind in one line
    named = {tuple(line.split(": ", 1)) for line in extracted["errors"]}
    summed = [line for line in extracted["errors"] if line.startswith("skipped ")]
    for source, reason in rejections:
        kind = kind_of(reason)
        if kind is None:
            assert (source, reason) in named
        else:
            assert any(f" as {kind}: " in line and source in line for line in summed), source
    assert len(named) - len(summed) == sum(kind_of(r) is None for _, r in rejections)
    sources = {source for source, _ in rejections}
    assert str(inputs / "binary.txt") in sources
    assert str(inputs / "feed.jsonl") + ":2" in sources
    assert str(inputs / "cut.warc") in sources
    assert all(reason for _, reason in rejections)
    assert batch["stats"].rejected == len(rejections)


@pytest.fixture(scope="module")
def loaded(batch, tmp_path_factory) -> dict[str, Any]:
    """The batch output loaded into a SQLite store by `ingest DIR`."""
    from newsgraph.store.ingest import ingest

    db = tmp_path_factory.mktemp("batch-store") / "loaded.db"
    stats = ingest([str(batch["output"])], db, workers=0, quiet=True)
    return {"db": db, "stats": stats}


def _groups(pairs: list[tuple[str, Any]]) -> set[frozenset[str]]:
    stories: dict[Any, set[str]] = {}
    for article, story in pairs:
        stories.setdefault(story, set()).add(article)
    return {frozenset(members) for members in stories.values()}


def test_near_duplicates_are_one_story_as_in_the_store(batch, loaded, inputs: Path) -> None:
    from newsgraph.store.schema import connect

    tables = batch["tables"]
    by_source = {row["source"]: row for row in tables["publications"]}
    original = by_source[str(inputs / "samples" / "kenya-finance-bill-protests.txt")]
    near = by_source[str(inputs / "feed.jsonl") + ":1"]
    stories = {row["id"]: row["story_id"] for row in tables["articles"]}
    assert original["article_id"] != near["article_id"]
    assert stories[original["article_id"]] == stories[near["article_id"]]
    # The store's own story index (one article at a time) groups the texts the same way.
    conn = connect(loaded["db"], readonly=True)
    in_store = _groups([tuple(row) for row in conn.execute("SELECT id, story_id FROM articles")])
    conn.close()
    grouped = _groups(list(stories.items()))
    assert grouped == in_store
    assert len(grouped) < len(stories)


def test_event_counts_over_every_publication(batch) -> None:
    tables = batch["tables"]
    counts = {row["group_id"]: row for row in tables["event_counts"]}
    assert set(counts) == {row["id"] for row in tables["event_groups"]}
    publications = Counter(row["article_id"] for row in tables["publications"])
    for group_id, row in counts.items():
        mentions = [e for e in tables["events"] if e["group_id"] == group_id]
        assert row["num_mentions"] == sum(publications[e["article_id"]] for e in mentions)
        assert row["num_articles"] == len(
            {(p["article_id"], p["id"]) for p in tables["publications"]
             if p["article_id"] in {e["article_id"] for e in mentions}}
        )  # fmt: skip
    # The Kenya text is published twice (its file, a JSON Lines mirror), its near-copy once.
    assert max(row["num_articles"] for row in counts.values()) >= 3


def test_same_schema_as_the_store_export(batch, loaded, tmp_path: Path) -> None:
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    from newsgraph.store import Store

    with Store(loaded["db"], readonly=True) as store:
        store.export("parquet", tmp_path / "export")
    for table in TABLES:
        files = sorted(str(p) for p in (batch["output"] / table).rglob("*.parquet"))
        if not files:
            continue
        exported = pq.read_schema(tmp_path / "export" / f"{table}.parquet")
        written = ds.dataset(files, format="parquet").schema
        # ``day`` is the partition (the folder name) of the tables written by day
        expected = {f.name: f.type for f in exported if f.name != "day"}
        assert {f.name: f.type for f in written if f.name != "day"} == expected, table


def test_loaded_store_answers_as_the_parquet_output(batch, loaded) -> None:
    from newsgraph.batch.parquet import open_parquet
    from newsgraph.store import Store

    db, stats = loaded["db"], loaded["stats"]
    tables = batch["tables"]
    assert stats.stored == len(tables["articles"])
    assert stats.rejected == len(tables["rejections"])
    with (
        Store(db, readonly=True) as sqlite,
        Store(batch["output"], readonly=True, connect=open_parquet) as parquet,
    ):
        assert sqlite.table_counts() == parquet.table_counts()

        def events(store: Store) -> list[tuple[Any, ...]]:
            rows = store.events(limit=1000)
            keys = ("date", "code", "source_actor", "target_actor", "num_mentions",
                    "num_articles", "num_sources")  # fmt: skip
            return sorted(tuple(str(row[k]) for k in keys) for row in rows)

        assert events(sqlite) == events(parquet)

        def entities(store: Store) -> Counter[tuple[Any, ...]]:
            # not the actor code: of two codes, the store keeps the last article's
            keys = ("type", "country", "mentions", "articles")
            return Counter(tuple(row[k] for k in keys) for row in store.entities(top=10_000))

        assert entities(sqlite) == entities(parquet)
        assert sqlite.timeline(period="week") == parquet.timeline(period="week")
        article = tables["articles"][0]["id"]
        assert sqlite.article(article) == parquet.article(article)


def test_a_second_identical_run_leaves_the_same_rows(spark, batch, inputs: Path) -> None:
    from newsgraph.batch.job import run_batch

    run_batch(spark, [str(inputs)], str(batch["output"]))
    again = _tables(batch["output"])
    for name, rows in batch["tables"].items():
        assert _without_stamps(again[name]) == _without_stamps(rows), name


def _without_stamps(rows: list[dict[str, Any]]) -> Counter[str]:
    def value(v: Any) -> Any:
        # a mean's last digits depend on the order Spark adds its terms in
        return round(v, 9) if isinstance(v, float) else v

    return Counter(
        json.dumps({k: value(v) for k, v in row.items() if k not in STAMPS}, sort_keys=True,
                   default=repr)
        for row in rows
    )  # fmt: skip


def test_rerunning_a_day_replaces_that_day(spark, tmp_path: Path) -> None:
    from newsgraph.batch.job import run_batch

    def article(name: str, text: str, day: str) -> Path:
        path = tmp_path / name
        row = {"text": text, "published": day, "url": f"https://day.example/{name}"}
        path.write_text(json.dumps(row) + "\n", encoding="utf-8")
        return path

    lyon = "The city council of Lyon voted on Monday to close two primary schools. "
    porto = "Police in Porto arrested three men on Tuesday after a bank robbery. "
    mayor = "The mayor of Lyon said on Wednesday that both schools would stay open. "
    more = "Parents had protested outside the town hall for a week. Talks go on."
    first = article("a.jsonl", lyon + more, "2024-01-01")
    second = article("b.jsonl", porto + "No one was hurt, a spokesman said.", "2024-01-02")
    output = tmp_path / "out"
    run_batch(spark, [str(first), str(second)], str(output))
    again = article("c.jsonl", mayor + more, "2024-01-01")
    run_batch(spark, [str(again)], str(output))
    records = {(row["day"], row["url"]) for row in _dataset(output / "records")}
    assert records == {
        ("2024-01-01", "https://day.example/c.jsonl"),
        ("2024-01-02", "https://day.example/b.jsonl"),
    }
    articles = {row["url"] for row in _dataset(output / "articles")}
    assert articles == {"https://day.example/c.jsonl", "https://day.example/b.jsonl"}


def test_a_run_of_bad_inputs_only_writes_their_rejections(spark, tmp_path: Path) -> None:
    from newsgraph.batch.job import run_batch
    from newsgraph.batch.parquet import open_parquet
    from newsgraph.store import Store

    (tmp_path / "blob.txt").write_bytes(b"\x00\xff" * 500)
    output = tmp_path / "out"
    stats = run_batch(spark, [str(tmp_path / "blob.txt"), str(tmp_path / "gone.txt")], str(output))
    assert (stats.records, stats.rejected, stats.articles) == (0, 2, 0)
    reasons = {row["source"]: row["reason"] for row in _dataset(output / "rejections")}
    assert set(reasons) == {str(tmp_path / "blob.txt"), str(tmp_path / "gone.txt")}
    assert reasons[str(tmp_path / "gone.txt")] == "no such file or folder"
    with Store(output, readonly=True, connect=open_parquet) as store:
        assert store.table_counts()["rejections"] == 2
        assert store.events() == []


def test_an_address_is_read_through_spark_file_systems(spark, tmp_path: Path) -> None:
    """A ``file://`` address takes the path object-store URIs take (Hadoop's file systems)."""
    from newsgraph.batch.job import run_batch

    folder = tmp_path / "crawl"
    folder.mkdir()
    rows = [
        {"text": "Rescuers in Nepal searched on Sunday for 20 people missing after a landslide.",
         "url": "https://remote.example/nepal", "published": "2024-07-07"},
        "not json at all",
    ]  # fmt: skip
    lines = [json.dumps(row) if isinstance(row, dict) else row for row in rows]
    (folder / "day.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "out"
    stats = run_batch(spark, [folder.as_uri()], str(output))
    assert (stats.records, stats.rejected) == (1, 1)
    (record,) = _dataset(output / "records")
    assert record["url"] == "https://remote.example/nepal"
    assert record["source"].endswith("crawl/day.jsonl:1")
    (rejection,) = _dataset(output / "rejections")
    assert rejection["source"].endswith("crawl/day.jsonl:2")
    assert rejection["reason"].startswith("broken JSON")


def test_the_command_line_reads_a_batch_output(batch, capsys) -> None:
    from newsgraph.cli import build_parser, main

    args = build_parser().parse_args(["batch", "in", "--output", "out", "--master", "local[1]"])
    assert (args.paths, args.output, args.master) == (["in"], "out", "local[1]")
    output = str(batch["output"])
    assert main(["events", "--parquet", output, "--output", "json", "--limit", "1000"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert len(events) == len(batch["tables"]["event_groups"])
    assert main(["search", "Sudan", "--parquet", output]) == 2
    assert "full-text search needs the SQLite store" in capsys.readouterr().err
    assert main(["events", "--parquet", str(batch["output"] / "articles")]) == 2
    assert "not a batch output folder" in capsys.readouterr().err


def test_serve_reads_a_batch_output(batch) -> None:
    import httpx
    from serve_support import running

    from newsgraph.api import ServerConfig, create_app

    app = create_app(ServerConfig(db=batch["output"], parquet=True))
    with running(app) as base, httpx.Client(base_url=base, timeout=60) as client:
        events = client.get("/api/events", params={"limit": 200})
        assert events.status_code == 200, events.text
        groups = batch["tables"]["event_groups"]
        assert len(events.json()["items"]) == min(len(groups), 200)
        article = batch["tables"]["articles"][0]["id"]
        assert client.get(f"/api/articles/{article}").status_code == 200
        page = client.get(f"/articles/{article}")
        assert page.status_code == 200 and "<mark" in page.text
        assert client.get("/api/articles/0000000000000000").status_code == 404
        search = client.get("/api/search", params={"q": "Sudan"})  # needs the SQLite index
        assert search.status_code == 400 and "full-text search" in search.text
