"""Places named inside organisation and facility names: "Indiana Department of Natural
Resources", "Lebanon Police", "University of Cincinnati", "Henderson County Jail", and towns
the small model tags as organisations.

A place found this way is kept only on firm ground, so that "Toyota" or "Apple" never become
towns: the words must name a country, a state or province, a nationality ("American Legion"),
or a town in a state or country the article's own places already lie in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from newsgraph.knowledge import places
from newsgraph.knowledge.actors import ORG_WORDS, role_code
from newsgraph.knowledge.countries import country_by_demonym
from newsgraph.knowledge.places import Place
from newsgraph.types import Entity

_HOMES = frozenset({"USA", "CAN", "AUS", "GBR"})
_COUNTY_WORDS = frozenset({"County", "Parish", "Borough"})
_TRAILING_OF = re.compile(r"\bof (?:the )?((?:[A-Z][\w.'-]+ ?){1,3})$")


def places_in_names(
    organisations: Iterable[Entity], countries: set[str], states: Counter[tuple[str, str]]
) -> list[tuple[int, int, str, Place]]:
    """``(start, end, words, place)`` for each place named inside an organisation's mentions."""
    found = []
    for entity in organisations:
        for mention in entity.mentions:
            if mention.kind != "name":
                continue
            for offset, phrase in _place_words(mention.text):
                # The longest firm run of its first words: "Minnesota State" -> "Minnesota";
                # a run cut short is never a nationality ("French Quarter").
                for n, words in enumerate(_prefixes(phrase)):
                    if entity.type == "FAC" and words.split(" ")[-1] not in _COUNTY_WORDS:
                        continue  # a facility gives only its county ("Henderson County Jail")
                    place = _firm(words, countries, states, nationality=n == 0)
                    if place is not None:
                        start = mention.start + offset
                        found.append((start, start + len(words), words, place))
                        break
    return found


def _prefixes(phrase: str) -> list[str]:
    words = phrase.split(" ")
    runs = (" ".join(words[:n]) for n in range(len(words), 0, -1))
    return [run for run in runs if run[-1:].isalnum() or run.endswith(".")]


def _place_words(name: str) -> list[tuple[int, str]]:
    """Candidate place words in a name: its head before the first organisation word, and
    the words after a final "of" ("University of Nebraska")."""
    words = name.split(" ")
    head: list[str] = []
    for word in words:
        plain = word.strip(".,'’s").lower()
        if plain in ORG_WORDS or role_code(plain) or not word[:1].isupper():
            break
        head.append(word)
    # "Boone County Solid Waste District": a county's name ends at "County".
    ends = [i for i, word in enumerate(head) if word in _COUNTY_WORDS]
    if ends:
        head = head[: ends[0] + 1]
    spans = []
    if head:
        spans.append((0, " ".join(head).removesuffix("'s").removesuffix("’s")))
    tail = _TRAILING_OF.search(name)
    if tail:
        spans.append((tail.start(1), tail.group(1).strip()))
    return spans


def _firm(
    words: str, countries: set[str], states: Counter[tuple[str, str]], nationality: bool = True
) -> Place | None:
    nation = country_by_demonym(words) if nationality else None
    candidates = places.candidates((nation and _country_name(nation)) or words)
    if nation:
        return next((p for p in candidates if p.feature == "country"), None)
    local = [
        p
        for p in candidates
        if p.feature in ("city", "admin2") and states[p.country or "", p.admin1 or ""]
    ]
    # "Florida Atlantic University" is the state's, though a town named Florida be near.
    if local and not any(p.feature == "admin1" and p.country in _HOMES for p in candidates):
        return max(local, key=lambda p: p.population)
    ranked = sorted(
        (
            p
            for p in candidates
            if p.feature == "country"
            # Other countries' divisions only where the article names the country: "Delta
            # Air Lines" is not Nigeria's Delta State.
            or (p.feature == "admin1" and (p.country in countries or p.country in _HOMES))
        ),
        key=lambda p: (p.feature == "admin1" and p.country in countries, p.feature == "country"),
        reverse=True,
    )
    return ranked[0] if ranked else None


def _country_name(alpha3: str) -> str:
    from newsgraph.knowledge.countries import country_by_code

    country = country_by_code(alpha3)
    return country.name if country else alpha3
