"""Cross-article keys of people: one key per person whatever form of the name an article uses."""

from __future__ import annotations

import pytest

from newsgraph.extractors.identity import person_key
from newsgraph.types import Article


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (["Donald Trump"], "person:donald trump"),
        (["Donald J. Trump", "Mr. Trump", "Trump"], "person:donald trump"),
        (["Mr. Trump"], "person:donald trump"),
        (["Hillary Rodham Clinton"], "person:hillary clinton"),
        (["Mrs. Clinton"], "person:hillary clinton"),
        (["Joseph R. Biden Jr."], "person:joseph biden"),
        (["Joe Biden"], "person:joseph biden"),
        (["Donald Trump's speech"], "person:donald trump"),
        (["Donald Trump Tweets", "Trump"], "person:donald trump"),
        (["Director Comey", "James B. Comey"], "person:james comey"),
    ],
)
def test_name_variants_of_one_person_share_a_key(names, key):
    assert person_key(names) == key


def test_an_honorific_of_the_other_gender_is_someone_else():
    assert person_key(["Mr. Clinton"]) != person_key(["Mrs. Clinton"])
    assert person_key(["Mr. Clinton"]) == "person:mr clinton"


def test_articles_naming_one_person_differently_give_one_key(pipeline):
    texts = [
        "Donald J. Trump spoke in Ohio on Monday. Mr. Trump promised jobs.",
        "Donald Trump held a rally in Florida, and Trump attacked the press.",
        "Mr. Trump said on Tuesday that he would release his plan.",
    ]
    keys = set()
    for text in texts:
        document = pipeline.run(Article(raw=text, source="test", verbatim=True))
        keys |= {e.key for e in document.entities if e.type == "PERSON"}
    assert keys == {"person:donald trump"}, keys


def test_a_title_of_a_work_is_no_person():
    from newsgraph.extractors.mentions import _WORK_TITLE

    assert _WORK_TITLE.match("The Many Lives of Donald J. Trump")
    assert _WORK_TITLE.match("The Art of the Deal")
    assert not _WORK_TITLE.match("Donald J. Trump")
    assert not _WORK_TITLE.match("Prince of Wales")


def test_mr_clinton_beside_hillary_clinton_is_another_person(pipeline):
    text = (
        "Hillary Clinton spoke in Ohio on Monday. Mrs. Clinton said she would win. "
        "Mr. Clinton, the former president, campaigned in Iowa."
    )
    document = pipeline.run(Article(raw=text, source="test", verbatim=True))
    keys = sorted(e.key for e in document.entities if e.type == "PERSON")
    assert keys == ["person:hillary clinton", "person:mr clinton"], keys
