"""The locations stage: every place mention, geocoded against the gazetteer.

A place entity (GPE, LOC, FAC) is resolved once and all its mentions share the result.
Among the gazetteer's candidates for a name:
- a nationality word ("Russian") is its country;
- a following ", <state or country>" ("Paris, Texas"; "Vancouver, B.C.") keeps only the
  candidates there;
- a state or province of a country the article names wins ("Georgia" beside "Atlanta"),
  unless a national capital has that name and the article is not about that state
  ("Washington");
- a town or county the article supports wins over a bigger namesake elsewhere: one point
  for each of the article's other places in its state, one for each other place name that
  may lie within 40 km of it (``neighbours``), each point worth a hundredfold population;
  a country or national capital of that name yields only to two points and a town of known
  population ("Palestine", Texas), a world region never;
- else a country, region or continent of that exact name;
- otherwise each candidate scores by population (log scale), plus a bonus when its country
  is named in the article, plus a smaller one when it has local support; the best wins.
Countries and regions get their own coordinates, not a same-named town's.  Nationality words
are not places; ``place_guard`` drops seats of government, initialisms and people's names
read as towns, and takes "the regime in Damascus" for the capital.  Prominent places the model
did not tag are added from the gazetteer (``gazetteer_places``), with no entity.  Places named
inside organisation names ("Indiana Department of Education") are added on firm ground
(``org_places``), with no entity.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

from newsgraph.extractors import place_guard
from newsgraph.extractors.gazetteer_places import missed_places
from newsgraph.extractors.neighbours import Neighbours
from newsgraph.extractors.org_places import places_in_names
from newsgraph.knowledge import places
from newsgraph.knowledge.countries import (
    country_by_capital,
    country_by_code,
    country_by_demonym,
    country_by_name,
    normalise,
)
from newsgraph.knowledge.places import Place
from newsgraph.types import Document, Entity, Location

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC", "NORP"})
_AFTER = re.compile(r",\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})")
# Abbreviations whose folded form is another place's ("L.A." folds like "La.", Louisiana).
_SPELLED_OUT = {"L.A.": "Los Angeles", "N.Y.C.": "New York City"}
_COUNTRY_BONUS = 3.0  # about a thousandfold population: a named country outweighs size
_STATE_BONUS = 1.5
# Two-letter postal codes and common abbreviations of US states and Canadian provinces.
_STATE_ABBREVIATIONS = {
    "b c": ("CAN", "02"), "bc": ("CAN", "02"), "ont": ("CAN", "08"), "que": ("CAN", "10"),
    "calif": ("USA", "CA"), "fla": ("USA", "FL"), "mass": ("USA", "MA"), "tex": ("USA", "TX"),
    "penn": ("USA", "PA"), "ill": ("USA", "IL"), "mich": ("USA", "MI"), "wash": ("USA", "WA"),
    "ga": ("USA", "GA"), "va": ("USA", "VA"), "la": ("USA", "LA"), "ny": ("USA", "NY"),
}  # fmt: skip


def geocode(document: Document) -> Document:
    """Return ``document`` with ``locations`` filled: one Location per place mention."""
    text = document.text
    # Nationality words ("Russian troops") are people, not places: they only tell which
    # countries the article is about.
    entities = [e for e in document.entities if e.type in PLACE_TYPES and e.type != "NORP"]
    context = _article_countries(document.entities)
    neighbours = Neighbours({normalise(e.name): places.candidates(e.name) for e in entities})
    guard = (
        place_guard.person_words(document.entities),
        place_guard.person_spans(document.entities),
    )
    resolved = _resolve_all(entities, text, context, {}, neighbours, guard)
    # Later passes: each place weighed against the states the article's other places, those
    # inside organisation names included ("Boone County Council"), were placed in by the pass
    # before; a third pass lets a state found in the second ("Georgia" first read as the
    # country) settle the places that lean on it ("Atlanta").
    for _ in range(2):
        earlier = dict(resolved)
        inside = _inside_organisations(document.entities, context, earlier)
        earlier.update((f"org:{start}", place) for start, _end, _words, place in inside)
        resolved = _resolve_all(entities, text, context, earlier, neighbours, guard)
    locations = [
        _location(mention.text, mention.start, mention.end, entity.id, resolved[entity.id])
        for entity in entities
        if entity.id in resolved
        for mention in entity.mentions
        if mention.kind in ("name", "acronym")
    ]
    locations.extend(
        _location(words, start, end, None, place)
        for start, end, words, place in _inside_organisations(document.entities, context, resolved)
        if all(end <= loc.start or start >= loc.end for loc in locations)
    )
    locations.extend(_missed(document, context, resolved, locations))
    locations.sort(key=lambda loc: loc.start)
    return dataclasses.replace(document, locations=tuple(locations))


def _missed(
    document: Document, context: set[str], resolved: dict[str, Place], found: list[Location]
) -> list[Location]:
    """Locations for the prominent place names no entity covers (``gazetteer_places``)."""
    countries = context | {p.country for p in resolved.values() if p.country}
    states = _states(resolved.values())
    taken = sorted((loc.start, loc.end) for loc in found)
    placed: dict[str, Place | None] = {}
    added = []
    for start, end, words in missed_places(document.text, document.doc, document.entities):
        at = bisect.bisect_left(taken, (end, end))
        if at and taken[at - 1][1] > start:
            continue
        key = normalise(words)
        if key not in placed:
            placed[key] = resolve(words, document.text, [(start, end)], countries, states)
        place = placed[key]
        if place is not None:
            added.append(_location(words, start, end, None, place))
    return added


def _inside_organisations(
    entities: Iterable[Entity], context: set[str], resolved: dict[str, Place]
) -> list[tuple[int, int, str, Place]]:
    """Places named inside organisation and facility names ("Indiana Department of ...",
    "Henderson County Jail"), on firm ground."""
    countries = context | {p.country for p in resolved.values() if p.country}
    # Place names the gazetteer lacks may hold one ("Henderson County Jail", "Fargo City").
    organisations = [
        e
        for e in entities
        if e.type in ("ORG", "FAC") or (e.type in ("GPE", "LOC") and e.id not in resolved)
    ]
    return places_in_names(organisations, countries, _states(resolved.values()))


def _resolve_all(
    entities: list[Entity],
    text: str,
    countries: set[str],
    earlier: dict[str, Place],
    neighbours: Neighbours,
    guard: tuple[frozenset[str], list[tuple[int, int]]] = (frozenset(), []),
) -> dict[str, Place]:
    resolved: dict[str, Place] = {}
    countries = set(countries) | {p.country for p in earlier.values() if p.country}
    for entity in entities:
        others = [p for key, p in earlier.items() if key != entity.id]
        spans = [(m.start, m.end) for m in entity.mentions]
        near = functools.partial(neighbours.count, own=normalise(entity.name))
        place = resolve(entity.name, text, spans, countries, _states(others), near)
        if (
            place is not None
            and entity.type == "FAC"
            and normalise(place.name) != normalise(entity.name)
        ):
            # A building named like a town's alternate name ("White House" is one of
            # Casablanca's) is not that town: facilities only match a place's own name.
            continue
        if place is not None and place_guard.seat_of_government(entity, text):
            place = _capital(entity.name) or place
        if place is not None and not place_guard.rejected(entity, place, text, *guard):
            resolved[entity.id] = place
    return resolved


def _capital(name: str) -> Place | None:
    """The national capital of that name ("Damascus" of "the regime in Damascus")."""
    country = country_by_capital(name)
    if country is None:
        return None
    found = [p for p in places.candidates(name) if p.country == country and p.feature == "city"]
    return max(found, key=lambda p: p.population) if found else None


def resolve(
    name: str,
    text: str,
    spans: list[tuple[int, int]],
    countries: set[str],
    states: Counter[tuple[str, str]] | None = None,
    near: Callable[[Place], float] | None = None,
) -> Place | None:
    """The most likely gazetteer place for ``name`` mentioned at ``spans`` of ``text``.

    ``states`` counts the article's other places in each US, Canadian or Australian state;
    ``near`` says how many of its other place names may be a town or county near a place.
    """
    # A nationality word used as a place ("Canadian towns") stands for its country.
    nation = country_by_code(country_by_demonym(name) or "")
    if nation:
        return next((p for p in places.candidates(nation.name) if p.feature == "country"), None)
    found = places.candidates(_SPELLED_OUT.get(name.strip(), name))
    if not found:
        return None
    for _start, end in spans:
        within = _qualifier(text[end : end + 40])
        if within:
            narrowed = [p for p in found if _inside(p, within)]
            if narrowed:
                return max(narrowed, key=lambda p: p.population)
    states = states or Counter()

    def support(place: Place) -> float:
        return states[place.country or "", place.admin1 or ""] + (near(place) if near else 0.0)

    capital = country_by_capital(name)
    if capital:
        # "Washington" is the capital unless the article's other places lie in the state.
        found = [p for p in found if p.feature != "admin1" or support(p)] or found
    divisions = [p for p in found if p.feature == "admin1" and p.country in countries]
    if divisions:
        return max(divisions, key=lambda p: p.population)  # "Georgia" beside "Atlanta"
    exact = [p for p in found if p.feature in ("country", "region")]
    # Only a town with a known population may stand against a country, region or capital.
    local = [
        p
        for p in found
        if p.feature in ("city", "admin2")
        and support(p)
        and (p.population or not (exact or capital))
    ]
    if local:
        # Local news: a town in the state the article's other places lie in, or near
        # them, beats a bigger town of the same name elsewhere ("Athens", "Gainesville"),
        # each piece of support being worth a hundredfold population.  A country, region
        # or national capital of that name yields only to two or more.
        best = max(local, key=lambda p: (support(p), p.population))
        rival = exact[0] if exact else max(found, key=_size)
        needed = 2 if exact or capital else 1
        # A world region or sea ("Middle East") is never a small town's name in the news.
        regional = any(p.feature == "region" for p in exact)
        if (
            not regional
            and support(best) >= needed
            and _size(best) + 2 * support(best) >= _size(rival)
        ):
            return best
    if exact:
        # A territory's own entry ("Gaza Strip") before the country it is an alias of.
        return min(exact, key=lambda p: normalise(p.name) != normalise(name))
    return max(found, key=lambda p: _score(p, countries, support(p)))


def _size(place: Place) -> float:
    """Log population; a world region (no population given) counts as ten million.  A
    state or province counts the people of all its towns, so "Virginia" outweighs the
    towns named after it."""
    people = place.population if place.feature != "region" else 10_000_000
    return math.log10(people + 10)


def _score(place: Place, countries: set[str], support: float) -> float:
    score = _size(place)
    if place.country in countries:
        score += _COUNTRY_BONUS
    if support:
        score += _STATE_BONUS
    return score


def _qualifier(after: str) -> tuple[str, str | None] | None:
    """The ``(country, admin1)`` a ", Texas" / ", B.C." / ", France" right after names."""
    match = _AFTER.match(after)
    if not match:
        return None
    words = match.group(1)
    key = normalise(words)
    if key in _STATE_ABBREVIATIONS:
        return _STATE_ABBREVIATIONS[key]
    country = country_by_name(words)
    if country:
        return country.alpha3, None
    for place in places.candidates(words):
        if place.feature == "admin1" and place.country:
            return place.country, place.admin1
    if len(key) == 2 and key.isalpha():
        return "USA", key.upper()
    return None


def _inside(place: Place, within: tuple[str, str | None]) -> bool:
    country, admin1 = within
    return place.country == country and (admin1 is None or place.admin1 == admin1)


def _article_countries(entities: Iterable[Entity]) -> set[str]:
    """Countries the article names outright (as countries or nationality words)."""
    return {e.country for e in entities if e.country and e.key and e.key.endswith(f":{e.country}")}


def _states(resolved: Iterable[Place]) -> Counter[tuple[str, str]]:
    """How many of the given places lie in each US state, Canadian province or Australian
    state (elsewhere admin1 codes are too coarse or too fine to say "the same area")."""
    return Counter(
        (p.country, p.admin1)
        for p in resolved
        if p.country in ("USA", "CAN", "AUS") and p.admin1 and p.feature != "country"
    )


def _location(name: str, start: int, end: int, entity: str | None, place: Place) -> Location:
    return Location(
        name=name,
        start=start,
        end=end,
        entity=entity,
        country=place.country,
        admin1=place.admin1,
        lat=round(place.lat, 5),
        lon=round(place.lon, 5),
        geonames_id=place.geonames_id if place.geonames_id > 0 else None,  # project regions
        feature=place.feature,
    )
