"""The text expectations of the two seed articles in ../shared/gold/seeds.json hold.

Cleaning alone decides title, text, removed parts, tags and credits, so the seeds go through the
readers and ``clean_article`` without the spaCy pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.clean import clean_article
from newsgraph.ingest import read_inputs
from newsgraph.types import Article

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def cleaned(shared: Path, seed_gold: dict) -> dict[str, Article]:
    paths = [str(shared / "seeds" / name) for name in seed_gold]
    articles = [a for a in read_inputs(paths) if isinstance(a, Article)]
    assert len(articles) == len(paths)
    return {name: clean_article(a) for name, a in zip(seed_gold, articles, strict=True)}


def _expectations(seed_gold: dict, key: str) -> list[tuple[str, str]]:
    return [(name, value) for name, gold in seed_gold.items() for value in gold.get(key, [])]


def test_every_seed_is_checked(seed_gold: dict, cleaned: dict[str, Article]) -> None:
    assert set(cleaned) == set(seed_gold)
    assert all(gold.get("text_has") for gold in seed_gold.values())


def test_text_has(seed_gold: dict, cleaned: dict[str, Article]) -> None:
    missing = [
        (n, s) for n, s in _expectations(seed_gold, "text_has") if s not in (cleaned[n].text or "")
    ]
    assert not missing


def test_text_lacks(seed_gold: dict, cleaned: dict[str, Article]) -> None:
    leaked = [
        (n, s) for n, s in _expectations(seed_gold, "text_lacks") if s in (cleaned[n].text or "")
    ]
    assert not leaked


def test_title_not(seed_gold: dict, cleaned: dict[str, Article]) -> None:
    for name, bad in _expectations(seed_gold, "title_not"):
        title = cleaned[name].title or ""
        assert bad.lower() not in title.lower(), (name, title)


def test_removed_has(seed_gold: dict, cleaned: dict[str, Article]) -> None:
    for name, wanted in _expectations(seed_gold, "removed_has"):
        assert any(wanted in r.text for r in cleaned[name].removed), (name, wanted)


def test_tags_and_credits(seed_gold: dict, cleaned: dict[str, Article]) -> None:
    for name, gold in seed_gold.items():
        assert list(cleaned[name].tags) == gold.get("tags", []), name
        assert list(cleaned[name].credits) == gold.get("credits", []), name


def test_paragraphs_are_separated_by_one_blank_line(cleaned: dict[str, Article]) -> None:
    for article in cleaned.values():
        text = article.text or ""
        assert "\n\n\n" not in text and text == text.strip()
        assert all(p.strip() == p and "\n" not in p for p in text.split("\n\n"))
