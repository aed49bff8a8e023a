"""WARC input: a small crawl built here with warcio, a truncated copy and a broken record."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.ingest import read_inputs
from newsgraph.ingest.warc import read_warc
from newsgraph.settings import DEFAULT
from newsgraph.types import Article, Rejection

WARC_DATE = "2025-02-01T12:00:00Z"


def page(headline: str, dated: bool) -> bytes:
    date = (
        "<meta property='article:published_time' content='2024-06-03T08:00:00Z'>" if dated else ""
    )
    paragraphs = "".join(
        f"<p>{headline} paragraph {n}: the council voted on the new budget after a long debate "
        "about the cost of repairs to schools and roads across the district.</p>"
        for n in range(4)
    )
    return (
        f"<html lang='en'><head><title>{headline}</title>{date}</head><body><nav>Menu</nav>"
        f"<article><h1>{headline}</h1>{paragraphs}</article></body></html>"
    ).encode()


def build_warc(compressed: bool, pages: int = 2) -> bytes:
    """warcinfo, then per page a request and an HTML response, plus an image and a redirect."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))

    def response(uri: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            # a known length spares warcio a temporary buffer it would leave open
            uri,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": WARC_DATE},
        )
        writer.write_record(record)

    for n in range(pages):
        uri = f"https://news.example.org/story-{n}"
        request = StatusAndHeaders(
            f"GET /story-{n} HTTP/1.1", [("Host", "news.example.org")], is_http_request=True
        )
        writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
        response(uri, page(f"Story {n}", dated=n == 0), "text/html; charset=utf-8")
    response("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    response("https://news.example.org/old", b"", "text/html", status="301 Moved Permanently")
    return buffer.getvalue()


def read(data: bytes, name: str) -> list[Article | Rejection]:
    return list(read_warc(io.BytesIO(data), name, DEFAULT, {"url": None, "published": None}))


@pytest.mark.parametrize("compressed", [True, False])
def test_html_responses_become_articles(compressed: bool):
    items = read(build_warc(compressed), "crawl.warc")
    assert all(isinstance(item, Article) for item in items)
    assert [item.url for item in items] == [  # type: ignore[union-attr]
        "https://news.example.org/story-0",
        "https://news.example.org/story-1",
    ]
    # records: 1 warcinfo, 2 request, 3 response, 4 request, 5 response
    assert [item.source for item in items] == ["crawl.warc#record-3", "crawl.warc#record-5"]
    assert all(item.is_html and item.fetched == WARC_DATE for item in items)  # type: ignore[union-attr]


def test_page_date_wins_over_crawl_date(pipeline):
    documents = list(pipeline.run_many(read(build_warc(True), "crawl.warc.gz")))
    dated, undated = (d.article for d in documents)
    assert dated.published == "2024-06-03"
    assert undated.published == "2025-02-01"
    assert dated.title == "Story 0" and "Menu" not in documents[0].text


@pytest.mark.parametrize("compressed", [True, False])
def test_truncated_file_gives_pages_read_so_far_and_one_error(compressed: bool):
    data = build_warc(compressed, pages=3)
    cut = data[: int(len(data) * 0.7)]
    items = read(cut, "cut.warc")
    *articles, error = items
    assert articles and all(isinstance(item, Article) for item in articles)
    assert len(articles) < 3
    assert isinstance(error, Rejection) and error.source == "cut.warc"
    assert "truncated or corrupt WARC" in error.reason


def test_reading_streams_record_by_record():
    data = build_warc(True, pages=40)

    class Counting(io.BytesIO):
        taken = 0

        def read(self, size: int | None = -1) -> bytes:
            chunk = super().read(size)
            Counting.taken += len(chunk)
            return chunk

    stream = Counting(data)
    first = next(read_warc(stream, "big.warc.gz", DEFAULT, {}))
    assert isinstance(first, Article)
    assert Counting.taken < len(data) / 2


def test_oversized_page_is_rejected_alone():
    from dataclasses import replace

    items = list(
        read_warc(io.BytesIO(build_warc(True)), "w.warc.gz", replace(DEFAULT, max_bytes=500), {})
    )
    assert len(items) == 2
    assert all(isinstance(i, Rejection) and "too large" in i.reason for i in items)
    assert items[0].source == "w.warc.gz#record-3"


def test_sniffed_without_a_warc_name(tmp_path: Path):
    path = tmp_path / "download.bin"
    path.write_bytes(build_warc(True))
    assert [type(i) for i in read_inputs([str(path)])] == [Article, Article]


def test_broken_record_does_not_stop_the_batch(tmp_path: Path, extract_command):
    good = build_warc(False, pages=1)
    # a second file whose fourth record (after story 0's response) has a corrupt header, and a
    # third file that is cut short
    broken = build_warc(False, pages=2)
    starts = [n for n in range(len(broken)) if broken.startswith(b"WARC/1.", n)]
    at = starts[3]
    broken = broken[:at] + b"WARC/9.9 garbage\r\nnot a header\r\n\r\n" + broken[at + 40 :]
    (tmp_path / "a.warc").write_bytes(good)
    (tmp_path / "b.warc").write_bytes(broken)
    (tmp_path / "c.warc.gz").write_bytes(build_warc(True, pages=2)[:-150])
    (tmp_path / "d.txt").write_text("The mayor opened a new library in the town centre on Monday.")
    result = extract_command(str(tmp_path))
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 2
    assert any("b.warc:" in line and "corrupt WARC" in line for line in errors)
    assert any("c.warc.gz:" in line and "truncated" in line for line in errors)
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    urls = [r["url"] for r in records]
    assert urls[0] == "https://news.example.org/story-0"  # a.warc
    assert records[-1]["text"].startswith("The mayor opened")  # d.txt still processed
    assert urls.count("https://news.example.org/story-0") == 3  # a, b and c all gave story 0


def test_archive_size_limit_stops_reading():
    from dataclasses import replace

    data = build_warc(True, pages=10)
    settings = replace(DEFAULT, max_archive_bytes=len(data) // 3)
    *articles, stop = read_warc(io.BytesIO(data), "w.warc.gz", settings, {})
    assert 0 < len(articles) < 10
    assert isinstance(stop, Rejection) and "archive limit" in stop.reason
