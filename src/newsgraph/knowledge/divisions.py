"""First-level divisions of every country for the gazetteer: states, provinces, regions,
departments (and the counties and boroughs the United Kingdom lists at that level), with
their positions, from the country_state_city package's tables.

The tables give ISO 3166-2 codes, while GeoNames towns carry GeoNames admin1 codes; a
division gets the GeoNames code most of its towns carry (towns matched by name within
25 km), so that "Tapachula, Chiapas" and a province's towns agree on where they lie.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from importlib.resources import files
from typing import Any

from newsgraph.knowledge.countries import country_by_code, normalise
from newsgraph.knowledge.places import Towns, distance_km

Row = tuple[Any, ...]
_IDS = -300_000
# Divisions named by a bare direction (Cameroon's "East", Ghana's "Western") would make
# "the West" a place.
_DIRECTIONS = frozenset({
    "north", "south", "east", "west", "centre", "center", "central", "northern", "southern",
    "eastern", "western", "north east", "north west", "south east", "south west", "northeast",
    "northwest", "southeast", "southwest", "central region", "northern region",
    "southern region", "eastern region", "western region",
})  # fmt: skip


def _table(name: str) -> list[dict[str, str]]:
    data = files("country_state_city").joinpath("data", name).read_text(encoding="utf-8")
    table: list[dict[str, str]] = json.loads(data)
    return table


def add_divisions(
    rows: list[Row], names: list[tuple[str, int]], towns: Towns, skip: set[str]
) -> None:
    """Add every division to ``rows``/``names`` (ids below zero) but those whose folded names
    are in ``skip``; US states, already there, only take the tables' positions."""
    codes = _geonames_codes(rows)
    states: dict[str, tuple[float, float]] = {}
    for number, division in enumerate(_table("state.json"), 1):
        alpha2, iso = division["countryCode"], division["isoCode"]
        country = country_by_code(alpha2)
        # Canada's and Australia's divisions are the project's own (data/regions.tsv).
        if country is None or alpha2 in ("CA", "AU"):
            continue
        code = codes.get((alpha2, iso))
        if division.get("latitude"):
            lat, lon = float(division["latitude"]), float(division["longitude"])
        elif code and (country.alpha3, code) in towns:  # no position given: its towns' mean
            lat, lon = towns[country.alpha3, code][1]
        else:
            continue
        if alpha2 == "US":
            states[iso] = (lat, lon)
            continue
        name = division["name"]
        if normalise(name) in skip or normalise(name) in _DIRECTIONS:
            continue
        place_id = _IDS - number
        # The tables list the United Kingdom's counties and boroughs, a level below its nations.
        feature = "admin2" if alpha2 == "GB" else "admin1"
        rows.append((place_id, name, lat, lon, country.alpha3, code,
                     towns.get((country.alpha3, code), (0, None))[0], feature))  # fmt: skip
        names.append((normalise(name), place_id))
    _place_states(rows, states)


def _place_states(rows: list[Row], centres: dict[str, tuple[float, float]]) -> None:
    """Move the US states (placed at their towns' mean, which leans to their cities) to the
    tables' centres, unless a centre is a big city's position ("New York")."""
    cities = [row for row in rows if row[4] == "USA" and row[7] == "city" and row[6] > 500_000]
    for i, row in enumerate(rows):
        centre = centres.get(row[5]) if row[4] == "USA" and row[7] == "admin1" else None
        if centre and not any(
            city[5] == row[5] and distance_km(*centre, city[2], city[3]) < 10 for city in cities
        ):
            rows[i] = (*row[:2], *centre, *row[4:])


def _geonames_codes(rows: list[Row]) -> dict[tuple[str, str], str]:
    """``(alpha2, ISO division code) -> GeoNames admin1 code``, by majority of matched towns."""
    towns: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        if row[7] == "city" and row[4] and row[5] and int(row[0]) > 0:
            towns[row[4], normalise(str(row[1]))].append(row)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in _table("city.json"):
        country = country_by_code(city["countryCode"])
        if country is None or not city.get("stateCode") or not city.get("latitude"):
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        for row in towns.get((country.alpha3, normalise(city["name"])), ()):
            if distance_km(lat, lon, float(row[2]), float(row[3])) <= 25:
                votes[city["countryCode"], city["stateCode"]][str(row[5])] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
