"""From words to CAMEO-style actor codes: role words, organisations and office holders.

An actor code is a country (ISO alpha-3, or ``IGO...`` for intergovernmental bodies) followed
by a role such as ``GOV`` or ``OPP``.  The role comes from the words an article uses for a
person or an organisation ("deputy minister of foreign affairs", "Assembly of the Cuban
Resistance"); the country from names, nationality adjectives and capitals in the same words.
The table of office holders (``data/office_holders.tsv``) is a fallback for people the text
names without a role.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from newsgraph.knowledge import spanish
from newsgraph.knowledge.countries import (
    DATA,
    country_by_capital,
    country_by_demonym,
    country_by_name,
    normalise,
    spanish_demonym,
)
from newsgraph.knowledge.states import us_office, without_states

# Role words by CAMEO role code.  The order of ``_PRIORITY`` settles phrases holding words of
# several roles: "opposition leader" is OPP, "defense minister" GOV, "police chief" COP.
_ROLE_WORDS = {
    "OPP": "opposition dissident dissidents resistance exile exiles exiled",
    "REB": "rebel rebels insurgent insurgents guerrilla guerrillas militants militia",
    "JUD": "judge judges court courts justice prosecutor prosecutors judiciary tribunal",
    "COP": "police policeman policemen sheriff constable",
    "MIL": "army military soldier soldiers troops navy general gen admiral marines commander",
    "LEG": "senator senators sen rep congressman congresswoman lawmaker lawmakers legislator "
    "parliament parliamentary congress senate legislature mp mps deputies",
    "GOV": "president presidents prime premier minister ministers ministry secretary "
    "government governments chancellor administration cabinet governor mayor "
    "ambassador embassy diplomat diplomats department agency authorities "
    "officials official leader head king queen monarch immigration customs "
    "kremlin regime dictatorship spokesman spokeswoman vice deputy counterpart",
    "MED": "newspaper journalist journalists reporter reporters media television radio",
    "EDU": "university college school professor students",
    "HLH": "hospital hospitals doctor doctors",
    "BUS": "company companies corporation firm bank business inc ltd airline",
    "NGO": "foundation charity ngo",
    "REF": "refugee refugees asylum",
}
_PRIORITY = ("OPP", "REB", "JUD", "COP", "MIL", "LEG", "GOV", "MED", "EDU", "HLH", "BUS", "NGO")

# Words that mark a name as an organisation, never a person.
ORG_WORDS = frozenset(
    [
        "ministry",
        "assembly",
        "organization",
        "organisation",
        "union",
        "council",
        "party",
        "department",
        "agency",
        "office",
        "committee",
        "commission",
        "bank",
        "company",
        "corporation",
        "group",
        "government",
        "summit",
        "association",
        "federation",
        "institute",
        "university",
        "court",
        "army",
        "police",
        "league",
        "club",
        "resistance",
        "immigration",
        "customs",
        "security",
        "news",
        "times",
        "post",
        "press",
        "inc",
        "ltd",
    ]
)

# Heads of state and government: what "the Mexican leader" or "his counterpart" may stand for.
HEAD_WORDS = frozenset(["president", "leader", "premier", "chancellor", "counterpart", "head"])

# Titles that may stand before a person's name ("President Biden", "Secretary Mayorkas").
TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "senator",
        "governor",
        "mayor",
        "chancellor",
        "premier",
        "king",
        "queen",
        "prince",
        "princess",
        "sen",
        "rep",
        "gov",
        "gen",
        "general",
        "pope",
        "judge",
        "ambassador",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "lord",
        "lady",
        "deputy",
        "commander",
        "chief",
        "leader",
    ]
) | spanish.words("title")  # "el presidente de México", "X, directora de Migración"


@functools.cache
def _word_roles() -> dict[str, str]:
    table = {}
    for role in reversed((*_PRIORITY, "REF")):
        for word in _ROLE_WORDS[role].split():
            table[word] = role
    for word, role in spanish.role_words().items():  # "el presidente de México"
        if role in _PRIORITY or role == "REF":
            table.setdefault(normalise(word), role)
    return table


# Offices named "<noun> general": the second word ranks the office, it is no military rank.
# A prosecuting office is judicial; the others are civil government.
_GENERAL_OFFICES = re.compile(
    r"\b(?:(attorney|solicitor|prosecutor|procurator|advocate)|(secretary|director|inspector|"
    r"consul|auditor|surgeon|governor|postmaster|comptroller|accountant|registrar|"
    r"controller|commissioner))s? general\b"
)


# Words that name a minister's or a secretary's field ("defence minister"), not a role.
PORTFOLIO_WORDS = frozenset(
    [
        "defence",
        "defense",
        "foreign",
        "finance",
        "interior",
        "justice",
        "health",
        "education",
        "trade",
        "economy",
        "energy",
        "home",
        "labour",
        "labor",
        "agriculture",
        "transport",
        "culture",
        "environment",
        "intelligence",
        "security",
        "affairs",
        "state",
        "treasury",
    ]
)
# "until 2019", "from 2015 to 2019", "between 2015 and 2019": a term that is over.
_ENDED_TERM = re.compile(
    r"\b(?:until|till|up to|through) (?:\w+ )?\d{4}\b"
    r"|\b(?:from|between) \d{4} (?:to|and|until) \d{4}\b"
)


def _former(text: str) -> bool:
    """Whether the words say the office is over: "former minister", "ex-president",
    "then-president", "ex-defence minister", "defence minister until 2019"."""
    match = re.search(r"\b(?:ex|then) (\w+)", text)
    marked = bool(match and (match.group(1) in _word_roles() or match.group(1) in PORTFOLIO_WORDS))
    return "former" in text.split() or marked or bool(_ENDED_TERM.search(text))


def _without_general_offices(text: str) -> str:
    return _GENERAL_OFFICES.sub(lambda m: "prosecutor" if m.group(1) else m.group(2), text)


def role_code(phrase: str) -> str | None:
    """The CAMEO role code the words of ``phrase`` state (``GOV``, ``OPP``...), or None.

    "Attorney General" is a prosecutor (``JUD``) and "Secretary General" a civil office; only
    "general" on its own is a military rank.
    """
    words = set(re.findall(r"[a-z]+", _without_general_offices(normalise(phrase))))
    if _former(normalise(phrase)) and words & set(_word_roles()):
        return "ELI"  # "the former secretary of state": CAMEO's elite, no longer in office
    roles = {_word_roles()[w] for w in words if w in _word_roles()}
    for role in _PRIORITY:
        if role in roles:
            return role
    return None


def phrase_country(phrase: str) -> str | None:
    """The country a phrase names, by country name, nationality word or capital, or None.

    The longest match wins, so "Dominican Republic" is not read as a demonym.  An office of a
    US state is American, and the state's name is then no country ("New Jersey Gov.", "Georgia
    Sen.").
    """
    if us_office(phrase):
        return _named_country(without_states(phrase)) or "USA"
    return _named_country(phrase)


def _named_country(phrase: str) -> str | None:
    tokens = re.findall(r"[\w.'’-]+", phrase)
    for size in (4, 3, 2, 1):
        for i in range(len(tokens) - size + 1):
            words = " ".join(tokens[i : i + size])
            if size == 1 and not words[:1].isupper():
                lowercase = spanish_demonym(words)  # "la canciller mexicana"
                if lowercase:
                    return lowercase
                continue
            country = country_by_name(words)
            if country:
                return country.alpha3
            code = country_by_demonym(words) or (size == 1 and country_by_capital(words))
            if code:
                return code
    return None


def _exact_country(words: str) -> str | None:
    country = country_by_name(words)
    if country:
        return country.alpha3
    return country_by_demonym(words) or (" " not in words and country_by_capital(words)) or None


def phrase_countries(phrase: str) -> list[str]:
    """Every country a phrase names, once each, in order ("Armenia and Azerbaijan ...")."""
    tokens = re.findall(r"[\w.'’-]+", phrase)
    found: list[str] = []
    i = 0
    while i < len(tokens):
        size = next((n for n in (4, 3, 2, 1) if _names_country(tokens[i : i + n])), 0)
        if size:
            code = _exact_country(" ".join(tokens[i : i + size]))
            found += [code] if code and code not in found else []
        i += max(size, 1)
    return found


def _names_country(tokens: list[str]) -> bool:
    return bool(tokens) and tokens[0][:1].isupper() and _exact_country(" ".join(tokens)) is not None


def actor_code(country: str | None, role: str | None) -> str | None:
    """Join a country and a role into an actor code (``CUB`` + ``GOV`` -> ``CUBGOV``)."""
    if country is None:
        return None
    return country + (role or "")


@dataclass(frozen=True)
class Holding:
    """A term of office from the table: who held which office, when."""

    name: str
    country: str
    role: str
    actor: str
    start: str
    end: str
    source: str


@functools.cache
def _holdings() -> dict[str, tuple[Holding, ...]]:
    lines = (DATA / "office_holders.tsv").read_text(encoding="utf-8").splitlines()
    table: dict[str, list[Holding]] = {}
    for line in lines:
        if line and not line.startswith("#"):
            name, country, role, actor, start, end, source = line.split("\t")
            holding = Holding(name, country, role, actor, start, end, source)
            table.setdefault(normalise(name), []).append(holding)
    return {key: tuple(value) for key, value in table.items()}


def holding_actor(holding: Holding, date: str | None) -> str:
    """The actor code a term gives its holder on ``date``: the office's code within the term,
    CAMEO's elite (``ELI``) after it, the bare country before it.  Without a date the term
    cannot be checked: the holder is only of the country (an undated article of 2016 must not
    get today's office holders)."""
    if not date:
        return holding.country
    if holding.end and holding.end <= date[:10]:
        return holding.country + "ELI"
    if date[:10] < holding.start:
        return holding.country
    return holding.actor


def office_words(phrase: str) -> frozenset[str]:
    """The role words of a phrase, without "former" and the like: the office it names."""
    words = re.findall(r"[a-z]+", _without_general_offices(normalise(phrase)))
    return frozenset(word for word in words if word in _word_roles())


def office_holder(name: str, date: str | None = None) -> Holding | None:
    """The office the table gives ``name`` on ``date`` (ISO; latest term when no date).

    With no term on that day, the last term before it (a former holder) or, failing that, the
    first after it (a holder to be, who is of that country but holds no office yet).
    """
    key = normalise(name)
    terms = _holdings().get(key) or (_surnames().get(key) if " " not in key else _variant(key))
    if not terms:
        return None
    if date:
        day = date[:10]
        for term in terms:
            if term.start <= day and (not term.end or day < term.end):
                return term
        # No term on that day: the last one already over, else the first still to come.
        past = [term for term in terms if term.end and term.end <= day]
        if past:
            return max(past, key=lambda term: term.end)
        return min(terms, key=lambda term: term.start)
    return max(terms, key=lambda term: term.start)


def _variant(key: str) -> tuple[Holding, ...] | None:
    """Terms for a fuller or shorter form of a table name ("Joseph R. Biden Jr." = Joe Biden):
    same surname, borne by one person in the table, and a first name that begins alike."""
    words = [w for w in key.split() if len(w) > 1 and w not in ("jr", "sr", "ii", "iii")]
    if len(words) < 2:
        return None
    terms = _surnames().get(words[-1])
    return terms if terms and normalise(terms[0].name)[:2] == words[0][:2] else None


@functools.cache
def _surnames() -> dict[str, tuple[Holding, ...]]:
    """Terms by surname, for surnames only one person in the table bears."""
    owners: dict[str, set[str]] = {}
    for key in _holdings():
        owners.setdefault(key.split()[-1], set()).add(key)
    return {s: _holdings()[next(iter(k))] for s, k in owners.items() if len(k) == 1}


@functools.cache
def _organisations() -> dict[str, tuple[str, str]]:
    lines = (DATA / "organisations.tsv").read_text(encoding="utf-8").splitlines()
    table = {}
    for line in lines:
        if line and not line.startswith("#"):
            name, acronym, actor, _source = line.split("\t")
            table[normalise(name)] = (name, actor)
            if acronym:
                table[normalise(acronym)] = (name, actor)
    return table


def organisation(name: str) -> tuple[str, str] | None:
    """``(full name, actor code)`` for a known body or its acronym ("OAS"), or None; a
    leading "the" may be left off ("the Houthis")."""
    key = normalise(name)
    table = _organisations()
    return table.get(key) or (table.get(key[4:]) if key.startswith("the ") else None)
