"""US states in the words naming an office holder: "Michigan Gov. Rick Snyder", "Sen. Bernie
Sanders (I-Vt.)", "the governor of Texas" are American actors though no country is named.

A state name alone is no country ("Victoria", "Georgia" and "Washington" are also people,
countries and a capital), so a state counts only beside an office of a state or of Congress,
or in the party-and-state tag that follows a member of Congress ("(R-Texas)").  The names and
abbreviations are in ``data/us_state_abbreviations.tsv``.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

# Offices held for a state, or in Congress for one.
_OFFICES = re.compile(
    r"\b(?:gov|governor|lt|lieutenant|sen|senator|senators|rep|reps|representative|"
    r"congressman|congresswoman|congressmen|lawmakers?|legislators?|legislature|assemblyman|"
    r"assemblywoman|delegate|attorney general|secretary of state|state police|national guard|"
    r"trooper|troopers|sheriff)\b\.?",
    re.IGNORECASE,
)
_TAG = re.compile(r"\(\s*[DRI]\s*[-–]\s*([A-Z][A-Za-z. ]{1,20}?)\s*\)")


@functools.cache
def _states() -> dict[str, str]:
    """Every way a state is written (name, AP abbreviation, postal code) -> its name."""
    text = resources.files("newsgraph.knowledge").joinpath("data/us_state_abbreviations.tsv")
    rows = [line.split("\t") for line in text.read_text("utf-8").splitlines()[1:]]
    forms: dict[str, str] = {}
    for state, ap, postal in (r for r in rows if r[0] != "state" and not r[0].startswith("#")):
        for form in (state, ap, postal):
            forms[form.rstrip(".").lower()] = state
    return forms


def _state_names(text: str) -> set[str]:
    words = re.findall(r"[A-Z][\w.]*(?: [A-Z][\w.]*)*", text)
    spans = {w for phrase in words for w in _runs(phrase)}
    return {span for span in spans if span.rstrip(".").lower() in _states()}


def without_states(phrase: str) -> str:
    """The phrase with the names of US states taken out, longest first."""
    for name in sorted(_state_names(phrase), key=len, reverse=True):
        phrase = phrase.replace(name, " ")
    return phrase


def _runs(phrase: str) -> list[str]:
    parts = phrase.split()
    return [" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)]


def us_office(phrase: str) -> bool:
    """Whether the phrase names an office of a US state or a member of Congress by state."""
    tag = _TAG.search(phrase)
    if tag and tag.group(1).rstrip(".").lower() in _states():
        return True
    return bool(_OFFICES.search(phrase)) and bool(_state_names(_OFFICES.sub(" ", phrase)))
