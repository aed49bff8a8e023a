"""The precision guard of the locations stage: seats of government, initialisms, people's names
and nationality words never become towns; a capital standing for its government is the capital."""

from __future__ import annotations

import pytest

from newsgraph.types import Article


def locations(pipeline, text: str) -> dict[str, tuple[str | None, str | None]]:
    document = pipeline.run(Article(raw=text, source="test", verbatim=True))
    return {loc.name: (loc.country, loc.feature) for loc in document.locations}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Aides at the White House said the president would veto the bill.", "White House"),
        ("The bill now goes to Congress, where Republicans hold both chambers.", "Congress"),
        ("The Kremlin denied that Russian jets had crossed the border.", "Kremlin"),
        ("Leaders in Brussels said the E.U. would answer the tariffs in kind.", "E.U."),
        ("Ivanka, the candidate's daughter, spoke before him in Cleveland.", "Ivanka"),
        ("Cornel West, a Sanders supporter, criticized the platform in Philadelphia.", "West"),
        ("Sarah Palin endorsed him in Iowa. Palin called a delegate on Friday.", "Palin"),
        ("Russian troops and Mexican workers were both mentioned in the report.", "Russian"),
        ("Russian troops and Mexican workers were both mentioned in the report.", "Mexican"),
        ("Extremists want to fight against the West, the report from Paris said.", "West"),
    ],
)
def test_non_places_never_become_locations(pipeline, text, word):
    found = locations(pipeline, text)
    assert not any(word in name for name in found), found


def test_a_capital_standing_for_its_government_is_the_capital(pipeline):
    text = (
        "The talks in Annapolis, Maryland, and Baltimore, Maryland, went on. Turkey fights "
        "both ISIS and the Kurds on behalf of the regime in Damascus."
    )
    found = locations(pipeline, text)
    assert found.get("Damascus") == ("SYR", "city"), found


def test_real_places_stay(pipeline):
    found = locations(pipeline, "Protesters gathered in Paris, Texas, and in Damascus on Friday.")
    assert found.get("Paris", (None,))[0] == "USA"
    assert found.get("Damascus", (None,))[0] == "SYR"


def test_big_places_the_model_takes_for_people_are_found(pipeline):
    found = locations(pipeline, "Shelling hit Kharkiv and Zaporizhzhia overnight, officials said.")
    assert found.get("Kharkiv", (None,))[0] == "UKR", found
    assert found.get("Zaporizhzhia", (None,))[0] == "UKR", found


@pytest.mark.parametrize(
    "text",
    [
        "Reading the report, he said it was a nice surprise.",  # opens a sentence
        "Mr. Lincoln spoke with the mayor on Friday.",  # after a title
        "Senator Bernie Sanders met voters. Later Sanders and Clinton spoke.",  # a person's word
        "A nice day in Nice, the tourists said.",  # a common word the text writes in lower case
    ],
)
def test_gazetteer_names_with_a_reason_against_them_are_not_added(pipeline, text):
    from newsgraph.extractors.gazetteer_places import missed_places

    document = pipeline.run(Article(raw=text, source="test", verbatim=True))
    assert missed_places(document.text, document.doc, document.entities) == []
