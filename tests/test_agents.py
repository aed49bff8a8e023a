"""The PETRARCH-2 actor tables: agent roles, group codes, dated person codes, and the build."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from newsgraph.knowledge.agents import (
    agent_role,
    find_agent,
    group_code,
    person_code,
    person_terms,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "newsgraph" / "knowledge" / "data"
REFERENCE = ROOT.parent / "shared" / "reference"
TABLES = ("agents.tsv", "armed_groups.tsv", "international_actors.tsv", "named_people.tsv")


@pytest.fixture(scope="module")
def builder():
    """The build script, imported as a module."""
    path = ROOT / "scripts" / "build_actor_tables.py"
    spec = importlib.util.spec_from_file_location("build_actor_tables", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture(scope="module")
def reference() -> Path:
    if not (REFERENCE / "petrarch2" / "Phoenix.agents.txt").exists():
        pytest.skip("../shared/reference is not beside the checkout")
    return REFERENCE


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("police", "COP"),
        ("students", "EDU"),
        ("protesters", "OPP"),
        ("rebels", "REB"),
        ("militants", "UAF"),
        ("farmers", "AGR"),
        ("soldiers", "MIL"),
        ("riot police", "COP"),
        ("the striking farmers", "AGR"),
        ("Hundreds of Angry STUDENTS", "EDU"),
        ("student protesters", "OPPEDU"),  # the longer phrase wins over "protesters"
        ("foreign_minister", "GOV"),
    ],
)
def test_agent_role(phrase: str, code: str) -> None:
    assert agent_role(phrase) == code


def test_agent_role_needs_the_last_words() -> None:
    assert agent_role("police station") is None  # "police" does not end the phrase
    assert agent_role("the weather") is None
    assert agent_role("") is None


def test_plurals() -> None:
    assert agent_role("farmer") == agent_role("farmers") == "AGR"  # add s
    assert agent_role("spies") == "SPY"  # y -> ies
    assert agent_role("envoys") == "GOV"  # vowel + y -> s
    assert agent_role("bosses") == "BUS"  # ss -> sses
    assert agent_role("thieves") == "CRM"  # the plural given in {...}
    assert agent_role("chambers of commerce") == "BUS"
    assert agent_role("policemen") == agent_role("policewoman") == "COP"  # !PERSON!
    assert agent_role("polices") is None  # {}: no plural
    assert agent_role("victims") == "CVL"
    assert agent_role("victimss") is None  # already plural: none formed
    assert agent_role("ambassador tos") is None  # none after a function word


def test_prefix_and_suffix_codes() -> None:
    police = find_agent("police")
    peacekeepers = find_agent("UN peacekeeping troops")
    assert police is not None and not police.prefix
    assert peacekeepers is not None and peacekeepers.prefix
    assert police.actor("USA") == "USACOP"
    assert peacekeepers.actor("USA") == "IGOUSA"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Hamas", "PSEREBHMS"),
        ("Taliban", "AFGREB"),
        ("the Taliban", "AFGREB"),
        ("Hezbollah", "LBNREB"),
        ("United Nations", "IGOUNO"),
        ("U.N.", "IGOUNO"),  # a phrase with no code of its own takes the next entry's
        ("NATO", "IGOWSTNAT"),
        ("North_Atlantic_Treaty_Organization", "IGOWSTNAT"),
        ("European Union", "IGOEUREEC"),
        ("Ban Ki-moon", "IGOUNO"),  # dated codes only: the latest
        ("Sheikh Ahmed Yassin", "PSEREBHMS"),
    ],
)
def test_group_code(name: str, code: str) -> None:
    assert group_code(name) == code


def test_group_code_is_exact() -> None:
    assert group_code("Hamas spokesman") is None
    assert group_code("nobody in particular") is None


def test_person_code_within_the_dates() -> None:
    # BARACK_OBAMA: [USAELI 780101-000101] [USAGOV >090120]
    assert person_code("Barack Obama", "2012-06-01") == "USAGOV"
    assert person_code("Obama", "2009-01-20") == "USAGOV"  # limits included
    assert person_code("Barack Obama", "2009-01-19") is None  # no range holds it
    assert person_code("barack_obama", "1990-05-01T12:00:00Z") == "USAELI"
    assert person_code("Barack Obama", None) is None  # dated only: no stale role leaks


def test_person_code_default() -> None:
    # HAMID_KARZAI_: [AFGELI 750101-000101] [AFGGOV >011222] [AFGELI]
    assert person_code("Hamid Karzai", "2005-01-01") == "AFGGOV"
    assert person_code("Karzai", "1990-01-01") == "AFGELI"
    assert person_code("Karzai", "2001-01-01") == "AFGELI"  # no range: the default
    assert person_code("Hamid Karzai", None) == "AFGELI"
    # A default-only entry applies on any day.
    assert person_code("Afghan National Army", "1950-01-01") == "AFGMIL"
    assert person_code("Afghan National Army", None) == "AFGMIL"


def test_person_code_stale_office() -> None:
    # Mexico City's mayor in the file; no code after, so none for the 2018 president.
    assert person_code("Andres Manuel Lopez Obrador", "2004-01-01") == "MEXGOV"
    assert person_code("Andres Manuel Lopez Obrador", "2020-01-01") is None
    assert person_code("Andres Manuel Lopez Obrador", None) is None


def test_person_code_unknown_and_bad_dates() -> None:
    assert person_code("Nobody Known", "2010-01-01") is None
    with pytest.raises(ValueError):
        person_code("Barack Obama", "20 May 2010")


def test_two_digit_years() -> None:
    # MOHAMMAD_ZAHIR_SHAH_: [AFGELI 320101-331108] [AFGGOV 331108-730717] [AFGELI 730717-070723]
    terms = person_terms("Mohammad Zahir Shah")
    assert [(t.code, t.start, t.end) for t in terms] == [
        ("AFGELI", "1932-01-01", "1933-11-08"),
        ("AFGGOV", "1933-11-08", "1973-07-17"),
        ("AFGELI", "1973-07-17", "2007-07-23"),
    ]
    assert person_code("Mohammad Zahir Shah", "1933-11-08") == "AFGELI"  # the first holding


def test_countries_are_not_people() -> None:
    assert person_terms("Afghanistan") == ()
    assert person_terms("Kabul") == ()


def test_date_reading(builder) -> None:
    assert builder.parse_date("070723") == "2007-07-23"
    assert builder.parse_date("300101") == "2030-01-01"
    assert builder.parse_date("310101") == "1931-01-01"
    assert builder.parse_date("19270101") == "1927-01-01"
    assert builder.parse_date("1920030320") == "2003-03-20"
    with pytest.raises(ValueError):
        builder.parse_date("20100229")
    code = builder.parse_code("USAGOV >090120")
    assert (code.code, code.start, code.end) == ("USAGOV", "2009-01-20", "")
    assert builder.parse_code("---") is None
    with pytest.raises(ValueError):
        builder.parse_code("EGYGOV 20121207-20120802")  # ends before it starts


def test_bracketed_names_are_also_listed_bare_and_by_acronym(builder) -> None:
    from collections import Counter

    names = {
        "basque fatherland and freedom (eta)": "ESPREB",
        "aryan nations (an)": "USAREB",
        "national liberation army (colombia)": "COLREB",
        "national liberation army (bolivia)": "BOLREB",
    }
    rows = {name: [name, code, "", ""] for name, code in names.items()}
    forms = builder._qualified_names(rows, Counter(), "test")
    assert forms["eta"][1] == forms["basque fatherland and freedom"][1] == "ESPREB"
    assert "an" not in forms and forms["aryan nations"][1] == "USAREB"  # "an" is a word
    assert "national liberation army" not in forms  # two countries' armies: neither
    assert group_code("Basque Fatherland and Freedom") == "ESPREB"


def test_regular_plural(builder) -> None:
    assert builder.regular_plural("farm worker") == "farm workers"
    assert builder.regular_plural("deputy") == "deputies"
    assert builder.regular_plural("special envoy") == "special envoys"
    assert builder.regular_plural("science congress") == "science congresses"
    assert builder.regular_plural("taxpayers") is None
    assert builder.regular_plural("embassy in") is None


def test_table_headers() -> None:
    for name in TABLES:
        header = "".join(
            line
            for line in (DATA / name).read_text(encoding="utf-8").splitlines(keepends=True)
            if line.startswith("#")
        )
        assert "scripts/build_actor_tables.py" in header
        assert "commit 676801cd" in header
        assert "The MIT License (MIT)" in header
        assert "Copyright (c) 2014 Open Event Data" in header
        assert "Phoenix." in header


@pytest.mark.shared
def test_tables_are_what_the_script_builds(builder, reference: Path, tmp_path: Path) -> None:
    counts = builder.write_tables(reference, tmp_path)
    assert set(counts) == set(TABLES)
    for name in TABLES:
        built = (tmp_path / name).read_bytes()
        assert built == (DATA / name).read_bytes(), f"{name}: run scripts/build_actor_tables.py"
