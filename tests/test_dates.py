"""Date mentions and their resolution against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.extractors.dates import find_dates, resolve
from newsgraph.types import Article, Document

THURSDAY = "2022-04-21"


def dates(pipeline, text: str, published: str | None = THURSDAY):
    article = Article(raw=text, source="test", text=text, published=published)
    document = Document(article=article, text=text, doc=pipeline.nlp(text))
    return {d.text: d.date for d in find_dates(document).dates}


@pytest.mark.parametrize(
    ("text", "mention", "date"),
    [
        ("Mayorkas confirmed Wednesday that talks will be held.", "Wednesday", "2022-04-20"),
        ("The ministry announced on Tuesday a round of talks.", "Tuesday", "2022-04-19"),
        ("The talks will take place tomorrow, Thursday.", "tomorrow, Thursday", "2022-04-21"),
        ("The leaders will meet on Monday in Havana.", "Monday", "2022-04-25"),
        ("No deportation was accepted since last October.", "last October", "2021-10"),
        ("The summit will be held in Los Angeles next June.", "next June", "2022-06"),
        (
            "After the protests on July 11, 2021, hundreds were tried.",
            "July 11, 2021",
            "2021-07-11",
        ),
        ("Some 16,657 reached the border in February alone.", "February", "2022-02"),
        ("The report was released yesterday.", "yesterday", "2022-04-20"),
        ("Sales fell last year.", "last year", "2021"),
        ("Between October and February many left.", "October", "2021-10"),
    ],
)
def test_date_resolved_against_publication(pipeline, text, mention, date):
    found = dates(pipeline, text)
    assert found.get(mention) == date, found


def test_offsets_and_unresolvable_mentions(pipeline):
    text = "The crisis has lasted six days and grew in recent months."
    article = Article(raw=text, source="test", text=text, published=THURSDAY)
    document = find_dates(Document(article=article, text=text, doc=pipeline.nlp(text)))
    assert document.dates
    for mention in document.dates:
        assert text[mention.start : mention.end] == mention.text
        assert mention.date is None


def test_ages_are_not_dates(pipeline):
    found = dates(pipeline, "Scott, 43, a father of seven, met a 40-year-old man on Tuesday.")
    assert set(found) == {"Tuesday"}


def test_relative_dates_need_a_publication_date(pipeline):
    found = dates(pipeline, "The talks ended on Wednesday, after July 11, 2021.", published=None)
    assert found["Wednesday"] is None
    assert found["July 11, 2021"] == "2021-07-11"


@pytest.mark.parametrize(
    ("text", "future", "date"),
    [
        ("Wednesday", False, "2022-04-20"),
        ("Thursday", False, "2022-04-21"),
        ("Thursday", True, "2022-04-21"),
        ("next Thursday", False, "2022-04-28"),
        ("Friday", True, "2022-04-22"),
        ("January 14", True, "2023-01-14"),
        ("January 14", False, "2022-01-14"),
        ("December 28", False, "2021-12-28"),
        ("May 2", False, "2022-05-02"),
        ("next Friday", False, "2022-04-22"),
        ("last April", False, "2021-04"),
        ("2021-07-11", False, "2021-07-11"),
        ("11 July 2021", False, "2021-07-11"),
        ("March 2020", False, "2020-03"),
        ("February 30, 2021", False, None),
        ("the 1990s", False, None),
    ],
)
def test_resolve(text, future, date):
    assert resolve(text, dt.date(2022, 4, 21), future) == date


@pytest.mark.parametrize(
    ("text", "published", "mention", "date"),
    [
        # A Sunday article's "Sunday" is that day, whatever the tense.
        ("The president will speak to reporters on Sunday.", "2016-10-09", "Sunday", "2016-10-09"),
        ("Officials said Sunday that talks had failed.", "2016-10-09", "Sunday", "2016-10-09"),
        # A day named without its year, in the future, is the next one.
        (
            "Barrow is due to take office on January 14 after the vote.",
            "2016-10-20",
            "January 14",
            "2017-01-14",
        ),
        ("The new cabinet is set to meet on January 3.", "2016-10-20", "January 3", "2017-01-03"),
    ],
)
def test_relative_days_around_the_publication_day(pipeline, text, published, mention, date):
    found = dates(pipeline, text, published=published)
    assert found.get(mention) == date, found
