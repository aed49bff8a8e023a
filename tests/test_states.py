"""US state offices make an actor American; a state's name alone does not."""

from __future__ import annotations

import pytest

from newsgraph.knowledge.actors import phrase_country


@pytest.mark.parametrize(
    ("phrase", "country"),
    [
        ("Michigan Gov. Rick Snyder", "USA"),
        ("Sen. Bernie Sanders (I-Vt.)", "USA"),  # the party-and-state tag of Congress
        ("Rep. Nancy Pelosi (D-Calif.)", "USA"),
        ("New Jersey Gov. Chris Christie", "USA"),  # not Jersey
        ("Georgia Gov. Brian Kemp", "USA"),  # the state, beside its office
        ("the governor of Texas", "USA"),
        ("Georgia", "GEO"),  # alone, the country
        ("the Mexican senator", "MEX"),
        ("Texas", None),  # a state alone is a place, not an actor's country
    ],
)
def test_state_offices(phrase, country):
    assert phrase_country(phrase) == country
