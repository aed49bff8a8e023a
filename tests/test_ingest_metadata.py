"""Metadata at ingest and extract: --published, --url, --source, --meta, --urls and --fetch.

Given metadata wins over a page's own date; a page's date wins over a default given for many
inputs; the metadata file is never read as an article.  Real pipeline, real SQLite, and a real
HTTP server on 127.0.0.1 for the fetching flags.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsgraph.cli import main

UNDATED = "armenia-azerbaijan-talks.txt"
OTHER = "colombia-venezuela-border.txt"
DATED = "greece-shipwreck-inquiry.html"  # the page says 2023-11-22


@pytest.fixture
def folder(tmp_path: Path, samples: Path) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in (UNDATED, OTHER, DATED):
        shutil.copy(samples / name, inputs / name)
    return inputs


def publications(db: Path) -> dict[str, dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = {Path(r["source"]).name: dict(r) for r in conn.execute("SELECT * FROM publications")}
    conn.close()
    return rows


def test_meta_rows_win_and_a_default_only_fills_in(folder: Path, tmp_path: Path, capsys) -> None:
    meta = folder / "meta.csv"  # inside the folder: it must not become an article
    meta.write_text(
        "path,published,url,source,title\n"
        f"{UNDATED},2024-04-20,https://wire.example/arm,Example Wire,Peace talks\n"
        f"{DATED},2023-06-15,,,\n"
        "absent.txt,2024-01-01,,,\n",
        encoding="utf-8",
    )
    db = tmp_path / "news.db"
    code = main(
        [
            "ingest",
            str(folder),
            "--db",
            str(db),
            "--workers",
            "0",
            "--quiet",
            "--meta",
            str(meta),
            "--published",
            "2020-02-02",
            "--source",
            "Desk",
        ]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    rows = publications(db)
    assert set(rows) == {UNDATED, OTHER, DATED}
    assert rows[UNDATED]["published"] == "2024-04-20"  # the row
    assert rows[UNDATED]["url"] == "https://wire.example/arm"
    assert rows[UNDATED]["site"] == "Example Wire" and rows[UNDATED]["title"] == "Peace talks"
    assert rows[DATED]["published"] == "2023-06-15"  # the row wins over the page's date
    assert rows[OTHER]["published"] == "2020-02-02"  # undated: the default fills in
    assert rows[OTHER]["site"] == "Desk"
    assert f"{meta}: 1 rows match no input: absent.txt" in err
    # The timeline now has days to show.
    assert main(["timeline", "--db", str(db), "--period", "year", "--output", "json"]) == 0
    years = {row["period"] for row in json.loads(capsys.readouterr().out)}
    assert {"2024", "2020", "2023"} <= years


def test_a_default_date_does_not_redate_dated_pages(folder: Path, extract_command) -> None:
    done = extract_command(str(folder), "--published", "2020-02-02")
    assert done.returncode == 0, done.stderr
    dates = {
        json.loads(line)["title"] or "": json.loads(line)["published"]
        for line in done.stdout.decode().splitlines()
    }
    assert sorted(dates.values()) == ["2020-02-02", "2020-02-02", "2023-11-22"]


def test_given_for_one_input_wins_over_the_page(folder: Path, extract_command) -> None:
    done = extract_command(
        str(folder / DATED), "--published", "2020-02-02", "--url", "https://mirror.example/p"
    )
    (record,) = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert record["published"] == "2020-02-02" and record["url"] == "https://mirror.example/p"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("path,when\na.txt,2024-01-01\n", "meta.csv:2: unknown column 'when'"),
        ("published\n2024-01-01\n", "meta.csv: the CSV header must name path"),
        ("path,published\na.txt,2024/01/01\n", "meta.csv:2: published must be an ISO date"),
        ('{"path": "a.txt"}\n{"path": \n', "meta.csv:2: broken JSON"),
    ],
)
def test_a_bad_meta_file_is_one_line(tmp_path: Path, content: str, expected: str, capsys) -> None:
    meta = tmp_path / "meta.csv"
    meta.write_text(content, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Some words here.", encoding="utf-8")
    code = main(
        [
            "ingest",
            str(tmp_path / "a.txt"),
            "--db",
            str(tmp_path / "x.db"),
            "--meta",
            str(meta),
            "--quiet",
        ]
    )
    assert code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("newsgraph: error: --meta ") and expected in line


def test_one_url_for_many_inputs_is_refused(folder: Path, capsys) -> None:
    code = main(
        ["ingest", str(folder), "--db", str(folder.parent / "x.db"), "--url", "https://a.example/"]
    )
    assert code == 2
    assert "--url names one article" in capsys.readouterr().err


def test_meta_as_json_lines_matches_by_path(folder: Path, tmp_path: Path, pipeline) -> None:
    from newsgraph.ingest import read_inputs
    from newsgraph.ingest.metadata import Metadata, apply, load_meta

    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"path": str(folder / OTHER), "published": "2024-02-03"}) + "\n")
    metadata = Metadata(rows=load_meta(str(meta)), meta_file=str(meta))
    warnings: list[str] = []
    items = list(apply(read_inputs([str(folder)]), metadata, warnings.append))
    dated = {Path(a.source).name: a.published for a in items}
    assert dated[OTHER] == "2024-02-03" and dated[UNDATED] is None and not warnings


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (
            b"<html><head><title>Port talks</title></head><body><article><h1>Port talks</h1>"
            b"<p>Officials from both countries met in the port city on Monday to discuss the new "
            b"customs agreement, which they said would shorten waiting times at the border.</p>"
            b"<p>The talks will continue next week in the capital, a spokesman said.</p>"
            b"</article></body></html>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_ingest_fetches_urls_as_extract_does(tmp_path: Path, capsys) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = tmp_path / "urls.txt"
        urls.write_text(f"# two pages\n{base}/a\n", encoding="utf-8")
        db = tmp_path / "web.db"
        code = main(
            [
                "ingest",
                f"{base}/b",
                "--urls",
                str(urls),
                "--allow-private",
                "--db",
                str(db),
                "--workers",
                "0",
                "--quiet",
                "--published",
                "2024-05-06",
            ]
        )
        assert code == 0, capsys.readouterr().err
        rows = publications(db)
        assert {r["url"] for r in rows.values()} == {f"{base}/a", f"{base}/b"}
        assert {r["published"] for r in rows.values()} == {"2024-05-06"}
        # Without --allow-private a loopback address is refused, with the reason.
        assert main(["ingest", f"{base}/c", "--db", str(db), "--workers", "0", "--quiet"]) == 1
        assert "private" in capsys.readouterr().err
    finally:
        server.shutdown()
        server.server_close()
