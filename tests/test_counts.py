"""Counts: numbers of people or things affected, and the numbers that are not counts."""

from __future__ import annotations

import pytest

from newsgraph.extractors.count_words import digits_value, word_value
from newsgraph.extractors.counts import find_counts
from newsgraph.types import Article, Document


def counts(pipeline, text: str, language: str = "en"):
    article = Article(raw=text, source="test", text=text, language=language)
    document = Document(article=article, text=text, doc=pipeline.nlp(text))
    return find_counts(document).counts


@pytest.mark.parametrize(
    ("text", "number", "obj", "kind"),
    [
        ("Some 47,331 Cuban migrants entered the country.", 47331, "Cuban migrants", "MIGRATION"),
        ("Only 20 Cubans have voluntarily returned to the island.", 20, "Cubans", "MIGRATION"),
        ("Police arrested three protesters on Monday.", 3, "protesters", "ARREST"),
        ("Three protesters marched to the palace.", 3, "protesters", "PROTEST"),
        ("The army detained a dozen students overnight.", 12, "students", "ARREST"),
        ("Some 300 workers gathered outside the plant.", 300, "workers", None),
        ("More than 100 people were killed in the attack.", 100, "people", "KILL"),
        ("The storm left 45 residents injured.", 45, "residents", "WOUND"),
        ("About 2,500 families were displaced by the floods.", 2500, "families", "DISPLACED"),
        ("The bank paid $19.3 million to settle the case.", 19_300_000, None, "MONEY"),
        ("Rebels kidnapped 14 aid workers near the border.", 14, "aid workers", "KIDNAP"),
        ("A record number of 16,657 reached the border in February.", 16657, None, None),
    ],
)
def test_count_number_object_and_kind(pipeline, text, number, obj, kind):
    found = [c for c in counts(pipeline, text) if c.number == number]
    assert found, counts(pipeline, text)
    count = found[0]
    assert count.object == obj
    assert count.kind == kind
    assert count.start < count.end
    assert text[count.start].isalnum() or text[count.start] == "$"
    if obj:
        assert text[count.start : count.end].endswith(obj)


def test_approximation_is_part_of_the_span(pipeline):
    text = "More than 100 people were killed."
    (count,) = counts(pipeline, text)
    assert text[count.start : count.end] == "More than 100 people"


def test_spanish_style_thousands_when_the_language_says_so(pipeline):
    text = "Some 16.657 Cuban migrants reached the border."
    assert [c.number for c in counts(pipeline, text, "es")] == [16657]
    assert [c.number for c in counts(pipeline, text, "en")] == [16.657]


@pytest.mark.parametrize(
    "text",
    [
        "The protests began on July 11, 2021.",
        "In 1998 the river flooded.",
        "The visit lasted less than 24 hours.",
        "The talks took six days.",
        "She died at the age of 119.",
        "A 45-year-old man was questioned.",
        "He has done so three times since then.",
        "He finished a four-day tour of the region.",
        "The cancellation of article 42 is imminent.",
        "Call 305-555-1234 for details.",
        "Turnout was 45 percent this year.",
        "Support rose to 45% in the poll.",
        "He was the second person to speak.",
        "The meeting starts at 3 p.m. on Friday.",
        "One in 4 residents lived in distressed areas.",
        "It is one of the largest banks in the world.",
        "The fees can easily run to six figures.",
    ],
)
def test_numbers_that_are_not_counts(pipeline, text):
    assert counts(pipeline, text) == ()


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [("47,331", "en", 47331), ("16.657", "es", 16657), ("1.5", "en", 1.5), ("2,5", "pt", 2.5)],
)
def test_digits_value(text, language, value):
    assert digits_value(text, language) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [("three", 3), ("a dozen", 12), ("two hundred", 200), ("twenty five", 25), ("a million", 1e6)],
)
def test_word_value(words, value):
    assert word_value(words.split()) == value
