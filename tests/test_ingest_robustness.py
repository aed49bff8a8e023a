"""Readers under odd and hostile input (issue 17): bad bytes, Unicode line separators, big
files, truncated WARC records, pretty-printed JSON and reused ids.  Every input is a real file
written to ``tmp_path``."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.ingest import read_inputs, read_stream
from newsgraph.ingest.formats import sniff
from newsgraph.settings import DEFAULT
from newsgraph.types import Article, Rejection

STORY = (
    "The council of Springfield approved the new budget on Monday after a long debate about "
    "the cost of repairs to schools and roads across the district, officials said."
)
# a reason names the input and the problem in words, never a Python exception class
CLASS_NAME = re.compile(r"\b[A-Z]\w*(?:Error|Exception)\b|NoneType")


def read(path: Path, **settings: int) -> list[Article | Rejection]:
    from dataclasses import replace

    return list(read_inputs([str(path)], replace(DEFAULT, **settings)))


def jsonl(path: Path, *records: dict) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


# -- (2) one bad byte costs one line, never the file ----------------------------------------


def test_invalid_utf8_byte_rejects_only_its_line(tmp_path: Path):
    first = "Trump’s envoy met the Cédéao leaders in Abuja on Tuesday, officials said."
    last = "Le président de la Cédéao a salué l’accord à Abuja mardi soir."
    bad = b'{"text": "a caf\xe9 in Lyon (Latin-1 byte) reopened on Sunday"}'
    path = tmp_path / "batch.jsonl"
    path.write_bytes(
        json.dumps({"text": first}, ensure_ascii=False).encode()
        + b"\n"
        + bad
        + b"\n"
        + json.dumps({"text": last}, ensure_ascii=False).encode()
        + b"\n"
    )
    good1, rejected, good2 = read(path)
    assert isinstance(good1, Article) and isinstance(good2, Article)
    assert (good1.raw, good2.raw) == (first, last)  # kept exactly: no guessed code page
    assert good1.warnings == good2.warnings == ()
    assert good1.source == f"{path}:1" and good2.source == f"{path}:3"
    assert isinstance(rejected, Rejection) and rejected.source == f"{path}:2"
    assert "not valid UTF-8" in rejected.reason and "0xe9" in rejected.reason


# -- (8) only "\n" ends a line ---------------------------------------------------------------


def test_unicode_line_separators_stay_inside_records(tmp_path: Path):
    texts = [f"{STORY}{sep}A second line of the same story." for sep in "\u2028\u2029\u0085"]
    path = tmp_path / "seps.jsonl"
    # CRLF line ends, as a Windows tool writes them: the "\r" is not part of the record
    path.write_bytes(
        b"".join(
            json.dumps({"text": t, "title": f"T{n}\u2028x"}, ensure_ascii=False).encode() + b"\r\n"
            for n, t in enumerate(texts)
        )
    )
    items = read(path)
    assert [type(i) for i in items] == [Article] * 3
    assert [i.raw for i in items] == texts  # type: ignore[union-attr]
    assert [i.title for i in items] == ["T0\u2028x", "T1\u2028x", "T2\u2028x"]  # type: ignore[union-attr]
    assert [i.source for i in items] == [f"{path}:{n}" for n in (1, 2, 3)]


@pytest.mark.slow
def test_extract_reads_its_own_output_back(tmp_path: Path, extract_command):
    text = f"{STORY}\u2028Residents welcomed the vote.\u2029The mayor\u0085spoke after it."
    source = tmp_path / "story.txt"
    source.write_text(text, encoding="utf-8")
    first = extract_command("--verbatim", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert first.returncode == 0, first.stderr.decode()
    output = (tmp_path / "out.jsonl").read_bytes()
    assert "\u2028".encode() in output and "\u0085".encode() in output  # written raw
    (article,) = read(tmp_path / "out.jsonl")  # one record, its text exactly as written
    assert isinstance(article, Article) and article.raw == text
    again = extract_command(str(tmp_path / "out.jsonl"))
    assert again.returncode == 0, again.stderr.decode()
    assert len([line for line in again.stdout.decode().split("\n") if line]) == 1


# -- (9) JSON Lines are streamed -------------------------------------------------------------


def test_jsonl_is_read_lazily_from_the_file(tmp_path: Path):
    path = jsonl(tmp_path / "big.jsonl", *({"text": f"{STORY} Item {n}."} for n in range(20000)))
    size = path.stat().st_size
    assert size > 3_000_000
    with path.open("rb") as handle:
        items = read_stream(handle, str(path), DEFAULT, {})
        first = next(items)
        assert isinstance(first, Article) and first.raw == f"{STORY} Item 0."
        # the first record came after reading a sniffed head and a chunk, not the whole file
        assert handle.tell() < size / 10
        second = next(items)
        assert isinstance(second, Article) and second.source == f"{path}:2"
        assert handle.tell() < size / 10
        rest = sum(1 for _ in items)
    assert rest == 19998


def test_overlong_line_is_skipped_and_the_next_lines_still_read(tmp_path: Path):
    path = tmp_path / "long.jsonl"
    huge = json.dumps({"text": "word " * 50_000})
    lines = [json.dumps({"text": STORY}), huge, json.dumps({"text": STORY + " Again."}), huge]
    path.write_text("\n".join(lines), encoding="utf-8")  # no newline after the last line
    items = read(path, max_bytes=10_000)
    assert [type(i) for i in items] == [Article, Rejection, Article, Rejection]
    assert [i.source for i in items] == [f"{path}:{n}" for n in (1, 2, 3, 4)]
    assert all("too large" in i.reason for i in items if isinstance(i, Rejection))


# -- (5) truncated WARC records ---------------------------------------------------------------


def _page() -> bytes:
    paragraphs = "".join(f"<p>{STORY} Paragraph {n}.</p>" for n in range(8))
    return (
        "<html><head><title>Budget approved</title></head>"
        f"<body><article><h1>Budget approved</h1>{paragraphs}</article></body></html>"
    ).encode()


def _warc(compressed: bool) -> tuple[bytes, int, int]:
    """A warcinfo record and one HTML response; also where the response starts and ends."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    start = buffer.tell()
    body = _page()
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://news.example.org/budget",
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
    )
    writer.write_record(record)
    return buffer.getvalue(), start, buffer.tell()


@pytest.mark.parametrize("compressed", [False, True])
def test_page_cut_short_is_a_rejection_not_an_article(tmp_path: Path, compressed: bool):
    data, start, end = _warc(compressed)
    whole = tmp_path / "whole.warc"
    whole.write_bytes(data)
    assert [type(i) for i in read(whole)] == [Article]
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: start + (end - start) * 6 // 10])  # inside the page's payload
    (item,) = read(cut)
    assert isinstance(item, Rejection) and item.source == str(cut)
    assert "cut short" in item.reason and "https://news.example.org/budget" in item.reason
    assert re.search(r"holds [\d,]+ of its [\d,]+ bytes", item.reason)


def test_truncated_header_gives_a_reason(tmp_path: Path):
    data, start, _ = _warc(compressed=False)
    at = data.index(b"WARC-Record-ID", start) + 20  # before the WARC-Target-URI line
    path = tmp_path / "header.warc"
    path.write_bytes(data[:at])
    (item,) = read(path)
    assert isinstance(item, Rejection) and item.source == str(path)
    assert item.reason == (
        "truncated or corrupt WARC after record 1 (record 2 has a truncated or malformed header)"
    )
    assert not CLASS_NAME.search(item.reason)


# -- (12) a JSON file is one document ---------------------------------------------------------


def test_pretty_printed_object_is_one_input(tmp_path: Path):
    path = tmp_path / "story.json"
    path.write_text(
        json.dumps({"text": STORY, "url": "https://e.org/1", "title": "Budget"}, indent=2)
    )
    (item,) = read(path)
    assert isinstance(item, Article)
    assert (item.source, item.raw, item.url, item.title) == (
        str(path),
        STORY,
        "https://e.org/1",
        "Budget",
    )


def test_array_of_articles_gives_one_input_each(tmp_path: Path):
    path = tmp_path / "stories.json"
    records = [{"text": STORY}, {"html": f"<p>{STORY}</p>", "id": "b"}, "not an article"]
    path.write_text(json.dumps(records, indent=4))
    first, second, third = read(path)
    assert isinstance(first, Article) and first.raw == STORY
    assert isinstance(second, Article) and second.is_html and second.id == "b"
    assert [i.source for i in (first, second, third)] == [f"{path}#item-{n}" for n in (1, 2, 3)]
    assert isinstance(third, Rejection) and "must be an article object" in third.reason


def test_broken_json_document_is_one_error_for_the_file(tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"text": STORY, "url": "https://e.org/1"}, indent=2)[:-2])
    (item,) = read(path)
    assert isinstance(item, Rejection) and item.source == str(path)
    assert item.reason.startswith("broken JSON (") and "at line 3" in item.reason
    assert not CLASS_NAME.search(item.reason)


def test_jsonl_with_broken_first_lines_is_still_read_line_by_line(tmp_path: Path):
    path = tmp_path / "rough.jsonl"
    good = [json.dumps({"text": f"{STORY} {n}."}) for n in range(5)]
    path.write_text("\n".join(['{"text": "cut', "{also broken", *good]) + "\n")
    items = read(path)
    assert [type(i) for i in items] == [Rejection, Rejection] + [Article] * 5
    assert items[0].source == f"{path}:1" and "broken JSON" in items[0].reason  # type: ignore[union-attr]


def test_sniffing_json_arrays_but_not_bracketed_text():
    assert sniff(b'[\n  {\n    "text": "x"') == "jsonl"
    assert sniff(b"\xef\xbb\xbf[{}]") == "jsonl"
    assert sniff(b"[Reuters] The council approved the budget.") == "text"


# -- (11) an id given twice to different texts ------------------------------------------------


def test_reused_id_with_different_text_is_rejected_not_dropped(tmp_path: Path):
    one = jsonl(
        tmp_path / "one.jsonl",
        {"id": "x1", "text": STORY},
        {"id": "x1", "text": STORY},  # the same publication again: fine
        {"id": "x1", "text": STORY + " Updated."},
    )
    other = jsonl(tmp_path / "two.jsonl", {"id": "x1", "text": "Another story altogether."})
    items = list(read_inputs([str(one), str(other)]))
    assert [type(i) for i in items] == [Article, Article, Rejection, Rejection]
    for rejected in items[2:]:
        assert isinstance(rejected, Rejection)
        assert "'x1'" in rejected.reason and f"{one}:1" in rejected.reason
    assert [i.source for i in items[2:]] == [f"{one}:3", f"{other}:1"]


def test_archive_limit_stops_a_streamed_jsonl_file(tmp_path: Path):
    path = jsonl(tmp_path / "many.jsonl", *({"text": f"{STORY} {n}."} for n in range(100)))
    *articles, stop = read(path, max_archive_bytes=path.stat().st_size // 2)
    assert 40 < len(articles) < 60 and all(isinstance(a, Article) for a in articles)
    assert isinstance(stop, Rejection) and stop.source == str(path)
    assert "archive limit" in stop.reason
