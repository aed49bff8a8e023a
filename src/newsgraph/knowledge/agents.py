"""Agents, armed groups, international actors and named people from PETRARCH-2's dictionaries.

Four tables in ``data/`` (built by ``scripts/build_actor_tables.py`` from the MIT-licensed
PETRARCH-2 dictionaries, 2014-2019; their headers give the source and the reading rules):

- ``agents.tsv``: generic agent nouns ("police", "striking farmers") -> CAMEO role code, and
  whether the role follows the country (``USA`` + ``COP``) or precedes it (``NGO`` + ``USA``);
- ``armed_groups.tsv`` and ``international_actors.tsv``: names of armed groups, bodies such as
  the UN or NATO, NGOs and firms -> actor code;
- ``named_people.tsv``: people and bodies of a country -> actor codes with the dates they held.

The dictionaries are old: a role the article states, and the project's own office-holder
table, win over them.  Every lookup lowercases its input and reads ``_`` as a space.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Agent:
    """The role an agent noun gives: a CAMEO role code and which side of the country it goes."""

    code: str
    prefix: bool  # True for ``NGO~`` (code + country), False for ``~COP`` (country + code)

    def actor(self, country: str) -> str:
        """The actor code of this agent of ``country`` ("USA" -> ``USACOP`` or ``NGOUSA``)."""
        return self.code + country if self.prefix else country + self.code


@dataclass(frozen=True)
class Term:
    """One code of a named actor and the days it held, limits included (empty: open)."""

    code: str
    start: str  # YYYY-MM-DD or ""
    end: str  # YYYY-MM-DD or ""

    @property
    def dated(self) -> bool:
        """Whether the term has a date limit; a term without is the entry's default code."""
        return bool(self.start or self.end)

    def holds(self, day: str) -> bool:
        """Whether ``day`` (YYYY-MM-DD) falls within the term."""
        return (not self.start or self.start <= day) and (not self.end or day <= self.end)


def normalise(text: str) -> str:
    """A phrase as the tables hold it: lowercase, words split by one space, no commas."""
    return " ".join(text.lower().replace("_", " ").replace(",", " ").split())


def _rows(name: str) -> list[list[str]]:
    """The data rows of a table: no comment lines, no column-name row."""
    text = resources.files("newsgraph.knowledge").joinpath(f"data/{name}").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


# Agent tables in the order they are read: a phrase keeps the code of the first that has it.
# Spanish words are in tables of their own (the project's, then UniversalPetrarch's); they do
# not clash with English phrases, so one index serves articles in both languages.
AGENT_TABLES = ("agents.tsv", "es/roles.tsv", "es/agents.tsv")


@functools.cache
def _agents() -> dict[str, Agent]:
    table: dict[str, Agent] = {}
    for name in AGENT_TABLES:
        for phrase, code, position in _rows(name):
            table.setdefault(phrase, Agent(CAMEO_ROLES.get(code, code), position == "prefix"))
    return table


# Phoenix's own codes that CAMEO spells otherwise: its "people" (PPL) are CAMEO's civilians.
CAMEO_ROLES = {"PPL": "CVL"}


@functools.cache
def _longest_agent() -> int:
    return max(len(phrase.split()) for phrase in _agents())


@functools.cache
def _groups() -> dict[str, str]:
    table = {}
    for name in ("international_actors.tsv", "armed_groups.tsv"):  # armed groups win
        table.update({row[0]: row[1] for row in _rows(name)})
    return table


@functools.cache
def _people() -> dict[str, tuple[Term, ...]]:
    table: dict[str, list[Term]] = {}
    for name, code, start, end in _rows("named_people.tsv"):
        table.setdefault(name, []).append(Term(code, start, end))
    return {name: tuple(terms) for name, terms in table.items()}


def find_agent(phrase: str) -> Agent | None:
    """The agent of the longest dictionary phrase that ends ``phrase``, or None.

    "riot police" is the phrase "riot police" (COP); "the striking farmers" ends with
    "farmers" (AGR); "peacekeeping troops" gives ``IGO`` as a prefix.
    """
    words = normalise(phrase).split()
    table = _agents()
    for first in range(max(0, len(words) - _longest_agent()), len(words)):
        agent = table.get(" ".join(words[first:]))
        if agent is not None:
            return agent
    return None


def agent_role(phrase: str) -> str | None:
    """The CAMEO role code of the longest agent phrase ending ``phrase`` ("police" -> COP)."""
    agent = find_agent(phrase)
    return agent.code if agent else None


def group_code(name: str) -> str | None:
    """The actor code of an armed group or international actor by its exact name, or None.

    "Hamas" -> ``PSEREBHMS``, "United Nations" -> ``IGOUNO``; a leading "the" may be left off
    ("the Taliban").  Names with dated codes only give their latest code, whatever the day.
    """
    key = normalise(name)
    table = _groups()
    if key in table:
        return table[key]
    return table.get(key[4:]) if key.startswith("the ") else None


def person_terms(name: str) -> tuple[Term, ...]:
    """Every code the dictionary gives a named person or body, in the file's order."""
    return _people().get(normalise(name), ())


def person_code(name: str, date: str | None) -> str | None:
    """The actor code of a named person or body on ``date`` (ISO, YYYY-MM-DD...), or None.

    The first dated term holding the day, else the entry's default (undated) code, else None:
    a name with dated codes only has no code outside them, nor when no date is given, so that
    a role held years ago never stands for today's.
    """
    terms = person_terms(name)
    if date:
        day = date[:10]
        if not _ISO_DAY.fullmatch(day):
            raise ValueError(f"{date!r} is not an ISO date (YYYY-MM-DD)")
        for term in terms:
            if term.dated and term.holds(day):
                return term.code
    for term in terms:
        if not term.dated:
            return term.code
    return None
