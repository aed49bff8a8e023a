"""Crash safety and concurrency of the store, with real processes and real SQLite files.

``newsgraph ingest`` is killed with SIGKILL at a random (seeded) point mid-run; the database
must pass SQLite's integrity check, hold only whole articles, and after a second run hold
exactly what a clean run holds.  A reader querying while a writer commits must never fail
and never see a half-written article.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsgraph.store import Store
from newsgraph.store.synthetic import add_facts, base_record

VOCABULARY = (
    "council vote budget water storm school farmers strike union port road bridge hospital "
    "doctors prices fuel market bank minister border talks agreement migrants government"
)
WORDS = VOCABULARY.split()


def write_articles(folder: Path, count: int, seed: int) -> None:
    """``count`` small distinct articles, two syndicated copies and one unreadable file."""
    rng = random.Random(seed)
    folder.mkdir()
    for number in range(count):
        words = [rng.choice(WORDS) for _ in range(60)]
        text = f"Report {number}: " + " ".join(words[:30]) + ".\n\n" + " ".join(words[30:]) + "."
        (folder / f"n{number:03d}.txt").write_text(text, encoding="utf-8")
    original = (folder / "n000.txt").read_text(encoding="utf-8")
    edited = original.replace(" ", " the ", 1)  # a re-publication with a small edit
    (folder / "copy1.txt").write_text(edited, encoding="utf-8")
    (folder / "copy2.txt").write_text(original + "\n\nMore to follow.", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\xff\x00 not text")


def ingest_command(folder: Path, db: Path) -> list[str]:
    return [
        sys.executable, "-m", "newsgraph.cli", "ingest", str(folder), "--db", str(db),
        "--workers", "1", "--quiet", "--commit-every", "3",
    ]  # fmt: skip


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def snapshot(db: Path) -> dict:
    with Store(db, readonly=True) as store:
        counts = store.table_counts()
        ids = [row[0] for row in store.conn.execute("SELECT id FROM articles ORDER BY id")]
        stories = sorted(s["num_articles"] for s in store.stories(min_articles=1, limit=1000))
    return {"counts": counts, "ids": ids, "stories": stories}


@pytest.mark.slow
def test_kill_during_ingest_then_resume_equals_a_clean_run(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 45, seed=5)
    clean = tmp_path / "clean.db"
    done = subprocess.run(ingest_command(folder, clean), capture_output=True, timeout=300)
    assert done.returncode == 1, done.stderr  # the broken file is a rejection
    assert done.stderr.decode().count("newsgraph: error:") == 1
    expected = snapshot(clean)
    assert expected["counts"]["articles"] == 45 + 2  # each copy is a new text: a new id
    assert expected["stories"][-1] == 3  # ... but the copies and their original are one story
    assert expected["counts"]["rejections"] == 1

    crashed = tmp_path / "crashed.db"
    target = random.Random(2024).randrange(4, 40)
    process = subprocess.Popen(ingest_command(folder, crashed), stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while stored(crashed) < target and time.monotonic() < deadline:
        assert process.poll() is None, "ingest finished before it could be killed"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    conn = sqlite3.connect(crashed)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    signatures = conn.execute("SELECT COUNT(*) FROM signatures").fetchone()[0]
    conn.close()
    assert target <= partial < expected["counts"]["articles"]
    assert signatures == partial  # every committed article is whole

    resumed = subprocess.run(ingest_command(folder, crashed), capture_output=True, timeout=300)
    assert resumed.returncode == 1, resumed.stderr
    assert snapshot(crashed) == expected


def test_reader_sees_only_whole_commits_while_a_writer_writes(tmp_path: Path) -> None:
    rng = random.Random(17)
    records = [
        add_facts(base_record(f"Dispatch {n}.\n\n" + " ".join(rng.choices(WORDS, k=80))), rng)
        for n in range(150)
    ]
    db = tmp_path / "busy.db"
    Store(db).close()
    errors: list[BaseException] = []
    seen: list[int] = []
    finished = threading.Event()

    def read() -> None:
        try:
            with Store(db, readonly=True) as reader:
                while not finished.is_set():
                    with reader.conn:  # one read transaction: a consistent snapshot
                        reader.conn.execute("BEGIN")
                        articles = reader.conn.execute("SELECT COUNT(*) FROM articles").fetchone()
                        events = reader.conn.execute("SELECT COUNT(*) FROM events").fetchone()
                        reader.events(actor="MEX", limit=20)
                        reader.search("Dispatch")
                    # Every article carries exactly its events: no half-written article.
                    assert events[0] == sum(len(r["events"]) for r in records[: articles[0]])
                    seen.append(articles[0])
        except BaseException as exc:
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    with Store(db, batch_size=10) as writer:
        for record in records:
            writer.add(record)
    finished.set()
    reader.join(timeout=30)
    assert not errors, errors
    assert len(seen) > 3
    assert seen == sorted(seen)  # commits only ever add
    assert 0 < max(seen) <= len(records)
