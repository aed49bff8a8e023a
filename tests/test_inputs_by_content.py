"""Folders read by content, what is not an article summed up by reason, and the progress bar.

Every file of a folder is sniffed whatever its name; PDFs, images, tables, Markdown documents,
trivially short texts and navigation-only pages are turned away, each kind in one line.  The
progress bar is checked in a real pseudo-terminal: one line at the terminal's width, the model
loading step, and a total that counts JSON Lines records and WARC pages, not files.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from newsgraph.ingest.gate import SkipReport, cleaned_problem, kind_of, text_problem
from newsgraph.store.progress import articles_in, count_articles
from newsgraph.types import Rejection

STORY = (
    "<html><head><title>Port strike ends</title></head><body><article><h1>Port strike ends"
    "</h1><p>Dock workers in the northern port ended a nine-day strike on Thursday after the "
    "union and the port authority agreed on a new wage deal.</p><p>Ships that had waited "
    "offshore began to unload their cargo within hours, officials said.</p></article></body>"
    "</html>"
)
PLAIN = (
    "The regional council approved the new water budget on Monday after a long debate.\n\n"
    "Farmers had asked for more money to repair the old irrigation channels in the valley."
)
NAVIGATION = (
    "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav><div><a href='/p'>"
    "Politics</a></div><div><a href='/s'>Sport</a></div><div><a href='/c'>Contact us</a></div>"
    "<div><a href='/a'>About</a></div></body></html>"
)


def scraped_folder(root: Path) -> Path:
    folder = root / "scraped"
    (folder / "deep").mkdir(parents=True)
    (folder / "story.php").write_text(STORY, encoding="utf-8")
    (folder / "deep" / "article.aspx").write_text(STORY.replace("nine-day", "ten-day"))
    (folder / "NOTES").write_text(PLAIN, encoding="utf-8")
    (folder / "README.md").write_text(
        "# newsgraph\n\nTurns news into data.\n\n## Set up\n\n```\nmake run\n```\n"
    )
    (folder / "hello.txt").write_text("hello")
    (folder / "menu.html").write_text(NAVIGATION)
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200))
    (folder / "data.csv").write_text("date,place,count\n2024-01-01,Lima,3\n2024-01-02,Quito,5\n")
    (folder / ".hidden").write_text(PLAIN)
    return folder


def test_a_folder_is_read_by_content_and_the_rest_summed_up(tmp_path: Path, extract_command):
    folder = scraped_folder(tmp_path)
    done = extract_command(str(folder))
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert sorted(r["title"] or r["text"][:20] for r in records) == [
        "Port strike ends",
        "Port strike ends",
        "The regional council",
    ]
    lines = [line for line in done.stderr.decode().splitlines() if "error:" in line]
    expected = {
        "binary content": ["photo.jpg"],
        "PDF": ["report.pdf"],
        "too short": ["hello.txt"],
        "no article text": ["menu.html"],
        "not an article": ["README.md", "data.csv"],
    }
    for kind, names in expected.items():
        (line,) = [line for line in lines if f" as {kind}:" in line]
        assert line.startswith(f"newsgraph: error: skipped {len(names)} input")
        assert all(name in line for name in names)
    assert len(lines) == len(expected)
    assert done.returncode == 1


def test_ingest_sums_up_the_same_way_and_stores_each_reason(
    tmp_path: Path, pipeline, capsys
) -> None:
    from newsgraph.store import Store
    from newsgraph.store.ingest import ingest

    folder = scraped_folder(tmp_path)
    db = tmp_path / "s.db"
    stats = ingest([str(folder)], db, workers=0, pipeline=pipeline, quiet=True)
    assert (stats.stored, stats.skipped, stats.rejected) == (3, 0, 6)
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 5 and all(" as " in line for line in err)
    with Store(db, readonly=True) as store:
        reasons = {Path(r["source"]).name: r["reason"] for r in store.rejections()}
    assert reasons["report.pdf"].startswith("a PDF file")
    assert reasons["hello.txt"].startswith("too short (1 words")
    assert reasons["menu.html"].startswith("no article text")


def test_the_checks_themselves() -> None:
    assert text_problem("hello") and text_problem(PLAIN) is None
    assert "table" in (text_problem("a;b;c\n1;2;3\n4;5;6\n") or "")
    assert cleaned_problem("Home\n\nWorld\n\nPolitics\n\nSport and more") is not None
    assert cleaned_problem(PLAIN) is None
    assert kind_of("binary content (NUL bytes); not a text") == "binary content"
    assert kind_of("HTML nests elements over 500 deep") is None
    report = SkipReport(shown=2)
    for name in ("a", "b", "c"):
        assert report.add(Rejection(name, "read", "empty input"))
    assert report.lines() == ["newsgraph: error: skipped 3 inputs as empty: a, b and 1 more"]


def build_warc(pages: int) -> bytes:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(pages):
        body = STORY.replace("Port strike ends", f"Port strike {n}").encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://news.example/{n}",
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http,
            )
        )
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://news.example/logo.png",
            "response",
            payload=io.BytesIO(b"\x89PNG" * 4),
            length=16,
            http_headers=image,
        )
    )
    return buffer.getvalue()


def test_totals_count_articles_not_files(tmp_path: Path) -> None:
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text("".join(json.dumps({"text": PLAIN + f" {n}"}) + "\n" for n in range(7)))
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(build_warc(3))
    (tmp_path / "one.txt").write_text(PLAIN)
    assert articles_in(jsonl) == 7
    assert articles_in(crawl) == 3  # the image response is no article
    from newsgraph.ingest import walk

    assert count_articles([str(tmp_path)], walk) == 7 + 3 + 1
    assert count_articles(["-"], walk) is None


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run_in_terminal(args: list[str], columns: int, timeout: float = 240) -> str:
    """Run ``newsgraph ARGS`` with a pseudo-terminal as its standard error; return what it
    drew there."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns), "LINES": "24"}
    child = subprocess.Popen(
        [sys.executable, "-m", "newsgraph.cli", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    drawn = b""
    while True:
        ready, _, _ = select.select([leader], [], [], timeout)
        if not ready:
            child.kill()
            pytest.fail("the ingest did not finish")
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break  # the child closed the terminal
        if not chunk:
            break
        drawn += chunk
    child.wait(timeout=60)
    os.close(leader)
    return drawn.decode("utf-8", "replace")


@pytest.mark.parametrize("columns", [40, 80])
def test_the_progress_bar_is_one_line_at_any_width(tmp_path: Path, columns: int) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "batch.jsonl").write_text(
        "".join(json.dumps({"text": PLAIN.replace("Monday", f"day {n}")}) + "\n" for n in range(5))
    )
    drawn = run_in_terminal(
        ["ingest", str(folder), "--db", str(tmp_path / "p.db"), "--workers", "1"], columns
    )
    frames = [_ANSI.sub("", part) for part in re.split(r"[\r\n]", drawn) if part.strip()]
    assert frames, drawn
    bars = [f for f in frames if not f.startswith("newsgraph: ")]
    assert bars and all(len(frame) <= columns for frame in bars), bars
    assert any("loading the language model" in frame[:columns] for frame in bars) or any(
        frame.startswith("loading") for frame in bars
    )
    assert any("5/5" in frame for frame in bars), bars  # five records, one file
