"""The store under real and hostile use (issue 17), on real SQLite files and real processes.

- One text published by six outlets is six articles from six sources (one analysis).
- A database of the first schema still opens, read-only as it is, and migrated for writing.
- A JSON Lines ``id`` naming another stored text keeps the new text, with a warning.
- Two ingests into one database at once give what one after the other gives.
- A database in a folder that cannot be written can be queried.
- Bad option values are one-line errors, exit 2.
- No worker process outlives its ingest, however the ingest ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgraph.clean import article_id
from newsgraph.errors import StoreError
from newsgraph.store import Store, facts, schema
from newsgraph.store.ingest import ingest
from newsgraph.store.synthetic import add_facts, base_record
from newsgraph.store.writer import pack_record

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "src" / "newsgraph" / "samples" / "sudan-jeddah-talks.txt"
EVENT_SENTENCES = ROOT / "tests" / "data" / "events_news.jsonl"
VOCABULARY = (
    "council vote budget water storm school farmers strike union port road bridge hospital "
    "doctors prices fuel market bank minister border talks agreement migrants government"
)
WORDS = VOCABULARY.split()


def newsgraph(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsgraph.cli", *args]


def run(*args: str, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        newsgraph(*args), capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )


def stored(db: Path) -> int:
    """Articles committed so far (0 while the database is not there yet)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as c:
            return int(c.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


# -- 1. publications ------------------------------------------------------------------------

PUBLICATIONS = [
    {"url": "https://www.daily-planet.example/world/sudan-pledge", "source": "Daily Planet"},
    {"url": "https://bugle.example/2023/05/12/sudan", "source": "The Bugle"},
    {"url": "https://news.sentinel.example/a/991", "source": "Sentinel"},
    {"url": "https://herald.example/sudan-jeddah", "source": "Herald"},
    {"source": "Radio Kassala", "published": "2023-05-12"},  # no URL: outlet and day
    {"source": "Nile Wire", "published": "2023-05-12"},
]


def test_one_text_published_six_times_is_six_articles_from_six_sources(
    tmp_path: Path, pipeline, capsys
) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    rows = [{"text": text, "published": "2023-05-12", **where} for where in PUBLICATIONS]
    feed = write_jsonl(tmp_path / "in" / "wire.jsonl", [*rows, rows[1]])  # one line twice
    db = tmp_path / "wire.db"
    first = ingest([str(feed)], db, workers=0, pipeline=pipeline, quiet=True)
    assert (first.stored, first.copy, first.skipped, first.rejected) == (1, 5, 1, 0)

    with Store(db, readonly=True) as store:
        counts = store.table_counts()
        assert (counts["articles"], counts["publications"]) == (1, 6)  # analysed once
        (story,) = store.stories(min_articles=1)
        assert (story["num_articles"], story["num_sources"], story["num_texts"]) == (6, 6, 1)
        per_text = dict(
            store.conn.execute("SELECT group_id, COUNT(*) FROM events GROUP BY group_id")
        )
        events = store.events(limit=1000)
        assert events, "the sample states events"
        for event in events:
            assert event["num_articles"] == 6 and event["num_sources"] == 6
            assert event["num_mentions"] == 6 * per_text[event["event_id"]]
        for count in store.story_counts():
            assert count["num_articles"] == 6

        out = tmp_path / "events.tsv"
        store.export("gdelt-events", out)
        lines = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(lines) == len(events) and all(len(line) == 61 for line in lines)
        for line in lines:
            assert [int(v) for v in line[31:34]] == [6 * per_text[int(line[0])], 6, 6]
        store.export("gdelt-mentions", tmp_path / "mentions.tsv")
        mentions = (tmp_path / "mentions.tsv").read_text(encoding="utf-8").splitlines()
        assert len(mentions) == 6 * counts["events"]
        assert all(len(line.split("\t")) == 16 for line in mentions)
        assert {line.split("\t")[4] for line in mentions} == {
            "daily-planet.example", "bugle.example", "news.sentinel.example", "herald.example",
            "radio kassala", "nile wire",
        }  # fmt: skip
        assert store.export("gkg", tmp_path / "gkg.tsv") == 6
        assert store.export("jsonl", tmp_path / "records.jsonl") == 6
        exported = [
            json.loads(line)
            for line in (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        assert {r["url"] for r in exported} == {w.get("url") for w in PUBLICATIONS}
        assert {r["id"] for r in exported} == {article_id(exported[0]["text"])}

    from newsgraph.cli import main

    assert main(["report", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("6 articles (1 distinct texts) in 1 stories")

    again = ingest([str(feed)], db, workers=0, pipeline=pipeline, quiet=True)
    assert (again.stored, again.copy, again.skipped) == (0, 0, 7)
    with Store(db, readonly=True) as store:
        assert store.table_counts() == counts


def _first_schema_database(path: Path, records: list[dict]) -> None:
    """A database as newsgraph wrote it before publications (schema version 1)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for statement in schema._statements(schema.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    for record in records:
        day = record["published"]
        story = conn.execute(
            "INSERT INTO stories(first_article, title, day) VALUES (?, ?, ?)",
            (record["id"], record["title"], day),
        ).lastrowid
        conn.execute(
            "INSERT INTO articles(id, url, title, published, day, language, source, outlet, "
            "text, word_count, tone, story_id, pipeline_version, ingested_at, record) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                record["id"], record["url"], record["title"], day, day, "en", "old.jsonl:1",
                record["url"].split("/")[2], record["text"], 50, None, story, "old",
                "2024-01-01T00:00:00Z", pack_record(record),
            ),
        )  # fmt: skip
        facts.insert_facts(conn, record, story, day)
    conn.close()


def test_a_database_of_the_first_schema_opens_as_it_is_and_migrates_for_writing(
    tmp_path: Path,
) -> None:
    rng = random.Random(8)
    records = []
    for number in range(2):
        text = f"Dispatch {number}.\n\n" + " ".join(rng.choices(WORDS, k=80))
        url = f"https://old{number}.example/a"
        records.append(add_facts(base_record(text, f"2024-02-0{number + 1}", url), rng))
    records[0]["id"] = "given-by-jsonl"  # an id a JSON Lines input gave, not the text's hash
    db = tmp_path / "old.db"
    _first_schema_database(db, records)

    with Store(db, readonly=True) as store:  # read as it is: nothing written
        stories = store.stories(min_articles=1)
        assert sorted(s["num_articles"] for s in stories) == [1, 1]
        assert all(e["num_articles"] == 1 for e in store.events(limit=100))
        assert store.table_counts()["publications"] == 2
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1

    with Store(db, version="old") as store:  # opened for writing: migrated
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        hashes = dict(store.conn.execute("SELECT id, text_hash FROM articles"))
        assert hashes == {r["id"]: article_id(r["text"]) for r in records}
        assert store.add(records[0]) == "skipped"  # the same publication as stored
        assert store.add(dict(records[0], url="https://another.example/x")) == "copy"
        store.commit()
        assert store.article("given-by-jsonl") == records[0]
        (big,) = store.stories(min_articles=2)
        assert (big["num_articles"], big["num_sources"]) == (2, 2)


# -- 11. an id naming another text ----------------------------------------------------------


def test_a_jsonl_id_naming_another_stored_text_is_kept_under_its_hash_with_a_warning(
    tmp_path: Path, pipeline, capsys
) -> None:
    rng = random.Random(12)
    first, second = (
        f"Report {n}.\n\n" + " ".join(rng.choices(WORDS, k=60)) + "." for n in range(2)
    )
    db = tmp_path / "ids.db"
    one = write_jsonl(tmp_path / "one.jsonl", [{"id": "x1", "text": first}])
    two = write_jsonl(tmp_path / "two.jsonl", [{"id": "x1", "text": second}])
    assert ingest([str(one)], db, workers=0, pipeline=pipeline, quiet=True).stored == 1
    capsys.readouterr()
    stats = ingest([str(two)], db, workers=0, pipeline=pipeline, quiet=True)
    assert (stats.stored, stats.skipped, stats.warnings) == (1, 0, 1)
    warnings = capsys.readouterr().err.strip().splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"newsgraph: warning: {two}:1: ")
    assert "'x1' is already stored for another text" in warnings[0]
    with Store(db, readonly=True) as store:
        ids = [row[0] for row in store.conn.execute("SELECT id FROM articles ORDER BY rowid")]
        assert ids[0] == "x1" and len(ids) == 2
        assert store.article("x1")["text"].startswith("Report 0.")
        kept = store.article(ids[1])
        assert kept["text"].startswith("Report 1.")
        assert ids[1] == kept["id"] == article_id(kept["text"])
        assert warnings[0].endswith(f"stored under its content hash {ids[1]}")
    for path in (one, two):  # each publication stored once: nothing more, no more warnings
        again = ingest([str(path)], db, workers=0, pipeline=pipeline, quiet=True)
        assert (again.stored, again.skipped, again.warnings) == (0, 1, 0)


# -- 6. one writer at a time -----------------------------------------------------------------


def _wire_corpus(folder: Path) -> tuple[Path, Path]:
    """Forty articles of CAMEO-coded sentences after a hundred unrelated short ones, and a
    re-published copy (edited) of each of the forty.

    The unrelated ones come first so that, were both ingests to write at once, the second
    would load its story index before the first stored the originals of its copies.
    """
    sentences = [
        json.loads(line)["text"]
        for line in EVENT_SENTENCES.read_text(encoding="utf-8").splitlines()
    ]
    rng = random.Random(6)
    fillers = [
        {"text": f"Bulletin {n}: " + " ".join(rng.choices(WORDS, k=25)) + "."} for n in range(100)
    ]
    originals, copies = [], []
    for number in range(40):
        body = " ".join(sentences[4 * number : 4 * number + 4])
        originals.append(
            {"text": f"Dispatch {number}.\n\n{body}", "url": f"https://first.example/{number}"}
        )
        edited = body.replace(" ", " the ", 1)  # a small edit: another text, one story
        copies.append(
            {"text": f"Dispatch {number}.\n\n{edited}", "url": f"https://second.example/{number}"}
        )
    copies.reverse()  # the copies of the originals stored last come first
    return (
        write_jsonl(folder / "originals" / "a.jsonl", fillers + originals),
        write_jsonl(folder / "copies" / "b.jsonl", copies),
    )


def _shape(db: Path) -> dict:
    with Store(db, readonly=True) as store:
        counts = store.table_counts()
        sizes = sorted(s["num_articles"] for s in store.stories(min_articles=1, limit=1000))
    keep = ("articles", "publications", "stories", "event_groups", "events")
    return {"counts": {k: counts.get(k) for k in keep}, "story_sizes": sizes}


@pytest.mark.slow
def test_two_concurrent_ingests_equal_one_after_the_other(tmp_path: Path, pipeline) -> None:
    originals, copies = _wire_corpus(tmp_path)
    sequential = tmp_path / "sequential.db"
    for path in (originals, copies):
        ingest([str(path)], sequential, workers=0, pipeline=pipeline, quiet=True)
    expected = _shape(sequential)
    assert expected["counts"]["stories"] == 100 + 40
    assert expected["story_sizes"].count(2) == 40 and expected["counts"]["event_groups"] > 40

    db = tmp_path / "concurrent.db"
    options = ("--db", str(db), "--workers", "1", "--quiet", "--commit-every", "1")
    first = subprocess.Popen(
        newsgraph("ingest", str(originals), *options),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for(lambda: stored(db) >= 1 or first.poll() is not None, 240, "a first commit")
        assert first.poll() is None, "the first ingest ended before the second could start"
        second = subprocess.Popen(
            newsgraph("ingest", str(copies), *options),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            _, second_err = second.communicate(timeout=300)
        finally:
            second.kill()
        _, first_err = first.communicate(timeout=300)
    finally:
        first.kill()
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    assert _shape(db) == expected
    waiting = [line for line in second_err.splitlines() if "waiting" in line]
    assert len(waiting) == 1 and "another newsgraph process (pid " in waiting[0]
    assert str(db) in waiting[0]


def test_a_second_writer_gives_up_with_one_line_after_its_wait(tmp_path: Path) -> None:
    db = tmp_path / "held.db"
    article = tmp_path / "a.txt"
    article.write_text("The council approved the budget on Monday after a long debate.")
    with Store(db):  # this process writes: the database is locked until the block ends
        began = time.monotonic()
        done = run("ingest", str(article), "--db", str(db), "--workers", "0", "--wait", "1")
        assert time.monotonic() - began < 60
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr
    assert lines[-1] == (
        f"newsgraph: error: {db}: another newsgraph process (pid {os.getpid()}) is still "
        "writing to it after 1 s of waiting; run again once it is done"
    )
    assert "cannot record the rejection" not in done.stderr
    assert len(lines) == 2 and "waiting for it to finish" in lines[0]
    assert stored(db) == 0
    done = run("ingest", str(article), "--db", str(db), "--workers", "0", "--quiet")
    assert done.returncode == 0, done.stderr  # the lock went with the writer
    assert stored(db) == 1


# -- 10. a read-only folder ------------------------------------------------------------------


def _drop_file_capabilities() -> None:
    """In the child, before exec: give up root's right to ignore file permissions
    (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH leave the bounding set)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _as_restricted_user(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    """Run ``args`` subject to file permissions, even when the tests run as root."""
    preexec = _drop_file_capabilities if os.geteuid() == 0 else None
    return subprocess.run(
        args, capture_output=True, text=True, timeout=120, check=False, preexec_fn=preexec,
        **kwargs,
    )  # fmt: skip


@pytest.fixture
def read_only_folder(tmp_path: Path, records: list[dict]):
    folder = tmp_path / "readonly"
    folder.mkdir()
    db = folder / "news.db"
    with Store(db) as store:
        for record in records:
            store.add(record)
    Path(f"{db}.lock").unlink(missing_ok=True)
    assert sorted(p.name for p in folder.iterdir()) == ["news.db"]  # -wal folded in on close
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        probe = _as_restricted_user([sys.executable, "-c", f"open({str(folder / 'probe')!r}, 'w')"])
        if probe.returncode == 0:
            pytest.skip("file permissions cannot be enforced here (root without CAP_SETPCAP?)")
        assert "Permission denied" in probe.stderr or "Read-only" in probe.stderr
        yield db
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


@pytest.fixture
def records() -> list[dict]:
    rng = random.Random(31)
    return [
        add_facts(
            base_record(
                f"Dispatch {n}.\n\n" + " ".join(rng.choices(WORDS, k=70)),
                f"2024-04-{n + 1:02d}",
                f"https://news{n % 3}.example/{n}",
            ),
            rng,
        )
        for n in range(6)
    ]


def test_queries_read_a_database_in_a_folder_that_cannot_be_written(
    read_only_folder: Path, records: list[dict], tmp_path: Path
) -> None:
    db = read_only_folder
    events = _as_restricted_user(newsgraph("events", "--db", str(db), "--output", "json"))
    assert events.returncode == 0, events.stderr
    assert len(json.loads(events.stdout)) == sum(len(r["events"]) for r in records)
    stories = _as_restricted_user(newsgraph("stories", "--db", str(db), "--min-articles", "1"))
    assert stories.returncode == 0, stories.stderr
    report = _as_restricted_user(newsgraph("report", "--db", str(db)))
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith("6 articles (6 distinct texts)")
    out = tmp_path / "records.jsonl"
    exported = _as_restricted_user(
        newsgraph("export", "--db", str(db), "--format", "jsonl", "--out", str(out))
    )
    assert exported.returncode == 0, exported.stderr
    assert [json.loads(line) for line in out.read_text().splitlines()] == records
    assert sorted(p.name for p in db.parent.iterdir()) == ["news.db"]  # nothing written there


def test_a_read_only_store_opens_with_mode_ro_and_immutable_only_when_it_must(
    tmp_path: Path, records: list[dict]
) -> None:
    db = tmp_path / "news.db"
    with Store(db) as store:
        store.add(records[0])
    assert schema.read_uri(db, folder_writable=True).endswith("?mode=ro")
    assert schema.read_uri(db, folder_writable=False).endswith("?mode=ro&immutable=1")
    Path(f"{db}-wal").write_bytes(b"\0" * 32)  # committed work waiting in a -wal file
    assert schema.read_uri(db, folder_writable=False).endswith("?mode=ro")  # must be read
    Path(f"{db}-wal").unlink()
    with Store(db, readonly=True) as store:
        assert store.table_counts()["articles"] == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("DELETE FROM rejections")


# -- 12. options -----------------------------------------------------------------------------

HUGE = "99999999999999999999"


@pytest.fixture
def small_db(tmp_path: Path, records: list[dict]) -> Path:
    db = tmp_path / "small.db"
    with Store(db) as store:
        for record in records:
            store.add(record)
    return db


@pytest.mark.parametrize(
    ("args", "option", "expected"),
    [
        (["events", "--limit", HUGE], "--limit", "a whole number from 1 to 9223372036854775807"),
        (["events", "--limit", "-1"], "--limit", "a whole number from 1"),
        (["quotes", "--limit", "0"], "--limit", "a whole number from 1"),
        (["search", "x", "--limit", "-5"], "--limit", "a whole number from 1"),
        (["entities", "--top", HUGE], "--top", "a whole number from 1"),
        (["entities", "--top", "-2"], "--top", "a whole number from 1"),
        (["stories", "--min-articles", HUGE], "--min-articles", "a whole number from 1"),
        (["stories", "--min-articles", "-1"], "--min-articles", "a whole number from 1"),
        (["stories", "--limit", "1.5"], "--limit", "a whole number from 1"),
        (["events", "--since", "2024-13-01"], "--since", "a date as YYYY-MM-DD"),
        (["events", "--until", "yesterday"], "--until", "a date as YYYY-MM-DD"),
        (["timeline", "--since", "20240101"], "--since", "a date as YYYY-MM-DD"),
        (["timeline", "--until", "2024-02-30"], "--until", "a date as YYYY-MM-DD"),
        (["ingest", "x", "--workers", "-1"], "--workers", "a whole number from 0"),
        (["ingest", "x", "--commit-every", "0"], "--commit-every", "a whole number from 1"),
        (["ingest", "x", "--wait", "soon"], "--wait", "a number of seconds"),
    ],
)
def test_bad_option_values_are_one_line_errors(
    args: list[str], option: str, expected: str, small_db: Path, capsys
) -> None:
    from newsgraph.cli import main

    with pytest.raises(SystemExit) as exited:
        main([*args, "--db", str(small_db)])
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert f"error: argument {option}: expected {expected}" in line


def test_option_checks_in_a_real_process_and_in_the_library(small_db: Path, capsys) -> None:
    done = run("events", "--db", str(small_db), "--limit", HUGE)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = run("events", "--db", str(small_db), "--since", "2024-05-01", "--until", "2024-04-01")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "newsgraph: error: since (2024-05-01) is after until (2024-04-01)"
    ]
    with Store(small_db, readonly=True) as store:
        assert len(store.events(limit=2)) == 2
        for bad in (
            lambda: store.events(limit=-1),
            lambda: store.events(limit=10**20),
            lambda: store.search("dispatch", limit=0),
            lambda: store.entities(top=-1),
            lambda: store.stories(min_articles=10**20),
            lambda: store.quotes(limit=True),
            lambda: store.events(since="2024-4-1"),
            lambda: store.timeline(until="tomorrow"),
        ):
            with pytest.raises(StoreError):
                bad()


# -- 13. no worker outlives its ingest -------------------------------------------------------


def _children() -> dict[int, set[int]]:
    tree: dict[int, set[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            tree.setdefault(int(fields[1]), set()).add(int(entry.name))
    return tree


def descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting for its new parent to reap it has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _worker_pids(pid: int) -> set[int]:
    found = set()
    for child in descendants(pid):
        with contextlib.suppress(OSError):
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(child)
    return found


def _articles(folder: Path, count: int) -> Path:
    rng = random.Random(count)
    folder.mkdir()
    for number in range(count):
        words = rng.choices(WORDS, k=60)
        text = f"Report {number}: " + " ".join(words[:30]) + ".\n\n" + " ".join(words[30:]) + "."
        (folder / f"n{number:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def _start_ingest(tmp_path: Path, workers: int) -> tuple[subprocess.Popen[bytes], Path]:
    folder = _articles(tmp_path / "in", 400)
    db = tmp_path / "w.db"
    process = subprocess.Popen(
        newsgraph("ingest", str(folder), "--db", str(db), "--workers", str(workers),
                  "--quiet", "--commit-every", "1"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for(lambda: stored(db) >= 2 or process.poll() is not None, 240, "the workers to work")
        assert process.poll() is None, "the ingest ended before it could be stopped"
        wait_for(lambda: len(_worker_pids(process.pid)) == workers, 30, "every worker")
    except BaseException:
        process.kill()
        process.communicate()
        raise
    return process, db


pytestmark_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@pytest.mark.slow
@pytestmark_proc
@pytest.mark.parametrize("how", ["kill -9", "SIGTERM"])
def test_no_worker_outlives_an_ingest_that_is_killed(tmp_path: Path, how: str) -> None:
    process, db = _start_ingest(tmp_path, workers=1)
    children = descendants(process.pid)  # the worker, and multiprocessing's resource tracker
    assert _worker_pids(process.pid) <= children
    os.kill(process.pid, signal.SIGKILL if how == "kill -9" else signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    if how == "SIGTERM":
        assert process.returncode == 128 + signal.SIGTERM, err
        assert b"Traceback" not in err
    wait_for(lambda: not any(alive(pid) for pid in children), 20, "the workers to end")
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] >= 2


@pytest.mark.slow
@pytestmark_proc
def test_no_worker_outlives_an_ingest_that_fails_midway(tmp_path: Path) -> None:
    process, _ = _start_ingest(tmp_path, workers=2)
    children = descendants(process.pid)
    victim = min(_worker_pids(process.pid))
    os.kill(victim, signal.SIGKILL)  # a worker dies mid-run (as the OOM killer does it)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 2
    lines = err.decode().strip().splitlines()
    assert lines[-1].startswith("newsgraph: error: a worker process died")
    assert "Traceback" not in err.decode()
    wait_for(lambda: not any(alive(pid) for pid in children), 20, "the other worker to end")


@pytestmark_proc
def test_no_worker_is_left_by_an_ingest_that_cannot_open_its_database(tmp_path: Path) -> None:
    folder = _articles(tmp_path / "in", 3)
    process = subprocess.Popen(
        newsgraph("ingest", str(folder), "--db", str(tmp_path / "no" / "such" / "dir.db"),
                  "--workers", "2", "--quiet"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    seen: set[int] = set()
    while process.poll() is None:
        seen |= descendants(process.pid)
        time.sleep(0.02)
    _, err = process.communicate()
    assert process.returncode == 2
    assert err.decode().strip().splitlines()[-1].startswith("newsgraph: error: ")
    wait_for(lambda: not any(alive(pid) for pid in seen), 20, "its children to end")
