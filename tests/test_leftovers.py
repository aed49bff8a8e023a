"""Bylines and stamps fill ``author`` and ``published``; database labels, live-blog rules,
"Follow X on Twitter" lines and author bios leave the text, each reported in ``removed``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.clean import clean_article
from newsgraph.clean.leftovers import is_bio, kind_of, stamp_date
from newsgraph.types import Article

BODY = (
    "NAIROBI - Kenyan lawmakers passed the finance bill on Tuesday after a debate that lasted "
    "into the night, with the opposition walking out of the chamber.\n\n"
    "The bill raises taxes on fuel and mobile money transfers, which protesters said would "
    "hurt poor families most.\n\n"
    "___.\n\n"
    "Police fired tear gas at crowds outside parliament in the afternoon."
)
PAGE = (
    "Kenya passes budget after long debate\n\nBy Grace Wanjiru\n\nPublished 25 June 2024\n\n"
    f"{BODY}\n\nFollow Grace Wanjiru on Twitter @gwanjiru.\n\n"
    "Grace Wanjiru is a correspondent for the Daily Example based in Nairobi. Reach her at "
    "grace@example.org.\n"
)


def test_byline_and_stamp_fill_the_record(extract_command, tmp_path: Path) -> None:
    page = tmp_path / "kenya.txt"
    page.write_text(PAGE, encoding="utf-8")
    done = extract_command(str(page))
    (record,) = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert record["author"] == "Grace Wanjiru" and record["published"] == "2024-06-25"
    assert "site_name" in record and record["site_name"] is None
    removed = {(r["kind"], r["text"]) for r in record["removed"]}
    assert ("other", "By Grace Wanjiru") in removed
    assert ("other", "Published 25 June 2024") in removed
    assert ("other", "___.") in removed
    assert ("promo", "Follow Grace Wanjiru on Twitter @gwanjiru.") in removed
    assert any(kind == "bio" and text.startswith("Grace Wanjiru is a") for kind, text in removed)
    assert record["text"].startswith("NAIROBI - Kenyan lawmakers")
    assert record["text"].endswith("in the afternoon.")
    assert "@" not in record["text"] and "___" not in record["text"]


def test_metadata_given_wins_over_the_stamp(extract_command, tmp_path: Path) -> None:
    page = tmp_path / "kenya.txt"
    page.write_text(PAGE, encoding="utf-8")
    done = extract_command(str(page), "--published", "2024-07-01")
    assert json.loads(done.stdout.decode())["published"] == "2024-07-01"


def test_a_page_date_wins_over_a_stamp_in_the_text() -> None:
    html = (
        "<html><head><title>Budget</title><meta property='article:published_time' "
        "content='2024-06-20T08:00:00Z'></head><body><article><h1>Kenya passes budget</h1>"
        "<p>Published 25 June 2024</p>"
        + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
        + "</article></body></html>"
    )
    cleaned = clean_article(Article(raw=html, source="page.html", is_html=True))
    assert cleaned.published == "2024-06-20"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published 25 June 2024", "2024-06-25"),
        ("Updated: June 3, 2024 10:15 AM", "2024-06-03"),
        ("Publicado el 3 de mayo de 2024", "2024-05-03"),
        ("Updated 5 minutes ago", None),
        ("Published Tuesday", None),
    ],
)
def test_stamp_dates(line: str, expected: str | None) -> None:
    assert stamp_date(line) == expected


def test_line_kinds() -> None:
    assert kind_of("ABSTRACT.") == kind_of("FULL TEXT.") == kind_of("___.") == "other"
    assert kind_of('"Follow Pam Key on Twitter @pamkeyNEN."') == "promo"
    assert kind_of("Follow the money, investigators said on Monday.") is None
    assert is_bio(
        "AWR Hawkins is the Second Amendment columnist for Breitbart News and political analyst "
        "for Armed American Radio. Follow him on Twitter: @AWRHawkins."
    )
    # A closing sentence about someone in the story is no bio.
    assert not is_bio("Ruto is a former deputy president who won the 2022 election.")


def test_polnear_leftovers_are_gone(shared: Path) -> None:
    from newsgraph.ingest import read_inputs

    folder = shared / "corpus" / "polnear" / "dev" / "text"
    if not folder.exists():
        pytest.skip("no PolNeAR dev texts")
    kinds = []
    for article in read_inputs([str(folder)]):
        cleaned = clean_article(article)  # type: ignore[arg-type]
        lines = [line.strip() for line in (cleaned.text or "").splitlines()]
        assert not {"ABSTRACT.", "FULL TEXT.", "___."} & set(lines), article.source
        assert not any(kind_of(line) == "promo" for line in lines), article.source
        kinds += [r.kind for r in cleaned.removed]
    assert kinds.count("other") >= 30 and kinds.count("promo") >= 1
