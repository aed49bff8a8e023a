"""Actor codes of the kinds users reported wrong: a role's country read from the whole phrase,
the office-holder table only on the article's own date, datelines and wire credits apart."""

from __future__ import annotations

import pytest

from newsgraph.knowledge.countries import normalise
from newsgraph.types import Article


def entities(pipeline, text: str, published: str | None = None):
    document = pipeline.run(Article(raw=text, source="test", verbatim=True, published=published))
    return {normalise(e.name): e for e in document.entities}


@pytest.mark.parametrize(
    ("text", "name", "prefix"),
    [
        (
            "Chris Christie, New Jersey's governor, said he would campaign in Ohio.",
            "chris christie",
            "USA",
        ),
        (
            "New Jersey's governor, Chris Christie, endorsed Donald Trump on Friday.",
            "chris christie",
            "USA",
        ),
        (
            "Iran's supreme leader, Ali Khamenei, rejected talks with Washington.",
            "ali khamenei",
            "IRN",
        ),
    ],
)
def test_the_country_of_a_role_comes_from_the_whole_phrase(pipeline, text, name, prefix):
    found = entities(pipeline, text, "2016-05-02")
    assert (found[name].actor or "").startswith(prefix), found[name]


def test_stoltenberg_is_not_coded_for_the_country_he_visits(pipeline):
    text = "NATO Secretary General Jens Stoltenberg met Ukrainian officials in Kiev on Monday."
    found = entities(pipeline, text, "2016-07-01")
    assert not (found["jens stoltenberg"].actor or "").startswith("UKR")


@pytest.mark.parametrize(
    "text",
    [
        "KIEV, Ukraine (AP) — President Petro Poroshenko said on Monday that talks would resume.",
        "NEW YORK (AFP) - Actress Susan Sarandon is not sure she can vote for Hillary Clinton.",
        "WASHINGTON (AP) - A news report said Defense Secretary Ash Carter used a personal email.",
    ],
)
def test_wire_credits_are_no_aliases_of_places(pipeline, text):
    for entity in entities(pipeline, text, "2016-04-04").values():
        if entity.type in ("GPE", "LOC"):
            assert not {"AP", "AFP"} & set(entity.aliases), entity


def test_a_dateline_capital_is_no_government(pipeline):
    found = entities(
        pipeline,
        "WASHINGTON (AFP) - President Barack Obama said on Tuesday the deal was good.",
        "2015-07-14",
    )
    assert found["washington"].actor == "USA"


def test_an_undated_article_gets_no_office_from_the_table(pipeline):
    found = entities(pipeline, "Donald Trump spoke to reporters in Ohio on Friday.")
    assert found["donald trump"].actor == "USA"
    assert (
        entities(pipeline, "Donald Trump spoke to reporters in Ohio.", "2018-05-01")[
            "donald trump"
        ].actor
        == "USAGOV"
    )
