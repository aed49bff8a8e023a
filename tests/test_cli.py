"""`newsgraph extract` end to end, as a subprocess: output shape, bad inputs, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RECORD_FIELDS = {
    "id",
    "url",
    "title",
    "published",
    "language",
    "text",
    "removed",
    "tags",
    "credits",
    "entities",
    "locations",
    "quotes",
    "counts",
    "events",
    "tone",
    "themes",
    "warnings",
}

ARTICLE = (
    "Mexico and Guatemala signed a migration agreement on Tuesday.\n\n"
    "The two governments said the deal would take effect next month."
)


def records(out: bytes) -> list[dict]:
    return [json.loads(line) for line in out.decode().splitlines()]


def test_stdin_to_one_record_with_every_field(extract_command):
    result = extract_command(
        "--url", "https://example.org/a", "--published", "2024-05-02", stdin=ARTICLE.encode()
    )
    assert result.returncode == 0, result.stderr
    (record,) = records(result.stdout)
    assert set(record) >= RECORD_FIELDS
    assert record["url"] == "https://example.org/a"
    assert record["published"] == "2024-05-02"
    assert record["text"].startswith("Mexico and Guatemala signed")
    assert "\n\n" in record["text"]
    assert record["language"] == "en"


def test_verbatim_keeps_text_unchanged(extract_command):
    text = "A line\nbroken  oddly\n\n\nwith   spaces. "
    result = extract_command("--verbatim", stdin=text.encode())
    assert result.returncode == 0, result.stderr
    assert records(result.stdout)[0]["text"] == text


def test_same_text_gives_same_id(tmp_path: Path, extract_command):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE)
    result = extract_command(str(tmp_path))
    first, second = records(result.stdout)
    assert first["id"] == second["id"]


def test_bad_inputs_are_reported_one_line_each_and_the_rest_is_written(
    tmp_path: Path, extract_command
):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "nul.txt").write_bytes(b"abc\x00\x01\x02" * 50)
    (tmp_path / "latin1.txt").write_bytes(
        "Le président a visité la capitale à Noël.".encode("latin-1")
    )
    (tmp_path / "big.txt").write_text("word " * 5000)
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text(
        json.dumps({"text": ARTICLE, "id": "x1"})
        + "\n{broken json\n"
        + json.dumps({"title": "no body"})
        + "\n"
    )
    missing = tmp_path / "missing.txt"
    result = extract_command(
        str(good),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "nul.txt"),
        str(tmp_path / "latin1.txt"),
        str(tmp_path / "big.txt"),
        str(jsonl),
        str(missing),
        "--max-bytes",
        "20000",
    )
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "error:" in line]
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert any("nul.txt" in line and "binary" in line for line in lines)
    assert any("big.txt" in line and "too large" in line for line in lines)
    assert any("batch.jsonl:2" in line and "broken JSON" in line for line in lines)
    assert any("batch.jsonl:3" in line and "no non-empty 'text'" in line for line in lines)
    assert any("missing.txt" in line and "no such file" in line for line in lines)
    assert len(lines) == 6
    assert any("latin1.txt" in line and "not valid UTF-8" in line for line in err.splitlines())
    written = records(result.stdout)
    assert len(written) == 3  # good.txt, latin1.txt, batch.jsonl:1
    assert "président" in written[1]["text"]


@pytest.mark.parametrize("bad", ["2024-13-01", "yesterday"])
def test_bad_published_is_a_usage_error(bad: str, extract_command):
    result = extract_command("--published", bad, stdin=ARTICLE.encode())
    assert result.returncode == 2
    assert b"not an ISO date" in result.stderr
