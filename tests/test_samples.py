"""The sample articles that ship with newsgraph come out of cleaning as their expectations say.

``samples/.expectations.json`` lists, per sample, what the clean text must contain and lack, the
title, what ``removed`` must hold under each kind, and the tags and credits.  The file's name
starts with a dot so that reading the samples folder skips it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.clean import clean_article
from newsgraph.ingest import read_inputs
from newsgraph.types import Article

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "newsgraph" / "samples"
EXPECTATIONS: dict[str, dict] = json.loads(
    (SAMPLES / ".expectations.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def cleaned(samples: Path) -> dict[str, Article]:
    found = {}
    for item in read_inputs([str(samples)]):
        assert isinstance(item, Article), f"sample rejected: {item}"
        found[Path(item.source).name] = clean_article(item)
    return found


def test_every_sample_has_expectations_and_the_mix_is_varied(samples: Path) -> None:
    names = {p.name for p in samples.iterdir() if not p.name.startswith(".")}
    assert names == set(EXPECTATIONS)
    assert len(names) >= 8
    assert sum(n.endswith(".html") for n in names) >= 2
    assert sum(bool(e.get("clean")) for e in EXPECTATIONS.values()) >= 2
    messy = [e for e in EXPECTATIONS.values() if e.get("removed")]
    assert len(messy) >= 4


def test_reading_the_folder_yields_only_the_samples(cleaned: dict[str, Article]) -> None:
    assert set(cleaned) == set(EXPECTATIONS)


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_sample_text(name: str, cleaned: dict[str, Article]) -> None:
    article, expected = cleaned[name], EXPECTATIONS[name]
    text = article.text or ""
    for wanted in expected.get("text_has", []):
        assert wanted in text, wanted
    for unwanted in expected.get("text_lacks", []):
        assert unwanted not in text, unwanted
    assert "\n\n\n" not in text
    assert all(p and p == p.strip() and "\n" not in p for p in text.split("\n\n"))


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_sample_fields(name: str, cleaned: dict[str, Article]) -> None:
    article, expected = cleaned[name], EXPECTATIONS[name]
    for key in ("title", "author", "language"):
        if key in expected:
            assert getattr(article, key) == expected[key], key
    for key in ("tags", "credits"):
        if key in expected:
            assert list(getattr(article, key)) == expected[key], key


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTATIONS.items() if e.get("removed")))
def test_sample_removed_parts_have_their_kind(name: str, cleaned: dict[str, Article]) -> None:
    removed = cleaned[name].removed
    for kind, pieces in EXPECTATIONS[name]["removed"].items():
        for piece in pieces:
            kinds = {r.kind for r in removed if piece in r.text}
            assert kinds == {kind}, (piece, kinds)


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTATIONS.items() if e.get("clean")))
def test_clean_samples_lose_nothing(name: str, samples: Path, cleaned: dict[str, Article]) -> None:
    """A clean article keeps every paragraph as written and has nothing removed."""
    article = cleaned[name]
    paragraphs = [p.strip() for p in (samples / name).read_text(encoding="utf-8").split("\n\n")]
    body = [p for p in paragraphs if p and p != article.title]
    assert article.text == "\n\n".join(body)
    assert article.removed == ()
