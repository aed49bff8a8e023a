"""Geocoding on short sentences: context, qualifiers, countries and abbreviations."""

from __future__ import annotations

import pytest

from newsgraph.extractors.entities import find_entities
from newsgraph.extractors.geo import geocode
from newsgraph.types import Article, Document


@pytest.fixture(scope="module")
def run(pipeline):
    def run(text: str) -> Document:
        document = Document(
            article=Article(raw=text, source="test"), text=text, doc=pipeline.nlp(text)
        )
        return geocode(find_entities(document))

    return run


def located(document: Document, name: str):
    for location in document.locations:
        if location.name == name:
            return location
    raise AssertionError(f"{name} not among {[loc.name for loc in document.locations]}")


@pytest.mark.parametrize(
    ("text", "name", "country", "admin1"),
    [
        ("The fair opened in Paris, Texas, on Saturday.", "Paris", "USA", "TX"),
        ("Thousands marched in Paris on Saturday.", "Paris", "FRA", None),
        ("Police in Vancouver, B.C., arrested two men.", "Vancouver", "CAN", "02"),
        ("Flooding hit Springfield, Illinois, overnight.", "Springfield", "USA", "IL"),
    ],
)
def test_qualifier_and_population_pick_the_place(run, text, name, country, admin1):
    location = located(run(text), name)
    assert location.country == country
    if admin1:
        assert location.admin1 == admin1


def test_country_resolves_to_the_country_not_a_town(run):
    location = located(run("Talks with Cuba resumed in Havana on Thursday."), "Cuba")
    assert (location.feature, location.country) == ("country", "CUB")
    assert abs(location.lat - 22.0) < 1 and abs(location.lon + 79.5) < 1


def test_abbreviated_country(run):
    location = located(run("Officials in the U.S. declined to comment."), "U.S.")
    assert (location.country, location.feature) == ("USA", "country")


def test_article_countries_disambiguate(run):
    document = run("The governor of Massachusetts said Cambridge would get aid.")
    assert located(document, "Cambridge").admin1 == "MA"
    assert located(run("Flooding hit Cambridge on Sunday."), "Cambridge").country == "GBR"


def test_place_the_model_calls_a_person(run):
    assert located(run("Australian police said all was quiet in Perth."), "Perth").country == "AUS"


def test_every_mention_carries_offsets_and_entity(run):
    document = run("Havana accused Washington. Havana said the talks would go on.")
    havana = [loc for loc in document.locations if loc.name == "Havana"]
    assert len(havana) == 2
    for location in document.locations:
        assert document.text[location.start : location.end] == location.name
        assert location.entity is not None
        assert location.geonames_id is not None


def test_state_inside_an_organisation_name(run):
    document = run("The Indiana Department of Education released the scores on Monday.")
    location = located(document, "Indiana")
    assert (location.country, location.admin1, location.entity) == ("USA", "IN", None)


def test_company_name_is_not_a_town(run):
    document = run("Toyota Motor said on Monday that sales rose in the spring.")
    assert not [loc for loc in document.locations if loc.name.startswith("Toyota")]


@pytest.mark.parametrize(
    "text",
    [
        "Reporters waited outside the White House for the statement.",
        "The delegation toured the Kremlin before the talks.",
    ],
)
def test_building_named_like_a_town_alias_is_not_that_town(run, text):
    document = run(text)
    assert all(loc.country != "MAR" for loc in document.locations), document.locations
    assert not any(
        loc.name in ("White House", "the White House") and loc.feature == "city"
        for loc in document.locations
    )


def test_bare_washington_is_the_capital_unless_the_story_is_in_the_state(run):
    document = run("Officials in Washington and Ottawa signed the United States trade pact.")
    assert (located(document, "Washington").country, located(document, "Washington").admin1) == (
        "USA",
        "DC",
    )
    local = run("Rain soaked Seattle and Spokane, and Washington officials declared an emergency.")
    assert located(local, "Washington").admin1 == "WA"


def test_county_from_the_zip_code_directory(run):
    location = located(run("Deputies in Freestone County searched the woods."), "Freestone County")
    assert (location.feature, location.country, location.admin1) == ("admin2", "USA", "TX")
    assert abs(location.lat - 31.7) < 0.5 and abs(location.lon + 96.1) < 0.5


def test_town_named_like_a_country_in_local_news(run):
    text = (
        "Police in Palestine arrested a man in Anderson County after a chase that began in "
        "Freestone County, Texas deputies said."
    )
    assert located(run(text), "Palestine").admin1 == "TX"
    # One Texas town is not enough to move a capital or a country.
    abroad = run("Diplomats flew from Moscow to Waco after talks on Palestine.")
    assert located(abroad, "Moscow").country == "RUS"
    assert located(abroad, "Palestine").feature == "country"


def test_county_inside_an_organisation_name_sets_the_state(run):
    text = (
        "Lebanon will hold a clean-up day. The Boone County Solid Waste District Management "
        "Board will take tires, and Zionsville residents may join."
    )
    document = run(text)
    county = located(document, "Boone County")
    assert (county.feature, county.admin1) == ("admin2", "IN")
    assert (located(document, "Lebanon").country, located(document, "Lebanon").admin1) == (
        "USA",
        "IN",
    )


def test_places_named_together_lie_near_each_other(run):
    # Paris, Tennessee lies in Henry County, Tennessee; no other Paris is that close to a
    # Henry County.
    document = run("Residents of Paris and Henry County will receive letters this week.")
    assert (located(document, "Paris").country, located(document, "Paris").admin1) == (
        "USA",
        "TN",
    )
    assert located(document, "Henry County").admin1 == "TN"
    assert located(run("Residents of Paris will receive letters."), "Paris").country == "FRA"


def test_divisions_of_other_countries(run):
    document = run("Floods hit Bavaria, and migrants walked north from Tapachula, Chiapas.")
    bavaria = located(document, "Bavaria")
    assert (bavaria.feature, bavaria.country) == ("admin1", "DEU")
    assert abs(bavaria.lat - 48.8) < 1 and abs(bavaria.lon - 11.5) < 1
    chiapas = located(document, "Chiapas")
    tapachula = located(document, "Tapachula")
    assert chiapas.country == tapachula.country == "MEX"
    assert chiapas.admin1 == tapachula.admin1  # the division and its town share a code


def test_abbreviation_that_folds_like_another_place(run):
    location = located(run("She moved to L.A. last year."), "L.A.")
    assert (location.country, location.admin1) == ("USA", "CA")


def test_company_named_like_a_foreign_division_is_not_placed(run):
    document = run("Delta Air Lines cancelled flights out of Atlanta on Friday.")
    assert all(location.country != "NGA" for location in document.locations)
    county = located(run("Police in West Sussex closed the road."), "West Sussex")
    assert (county.feature, county.country) == ("admin2", "GBR")


def test_territory_has_its_own_position(run):
    location = located(run("Aid trucks entered the Gaza Strip on Monday."), "Gaza Strip")
    assert location.country == "PSE"
    assert abs(location.lat - 31.4) < 0.3 and abs(location.lon - 34.4) < 0.3


def test_places_inside_facility_and_longer_organisation_names(run):
    document = run(
        "Deputies took him to the Henderson County Jail in Athens, Texas, and the "
        "Minnesota State Patrol sent an officer."
    )
    jail = located(document, "Henderson County")
    assert (jail.feature, jail.admin1) == ("admin2", "TX")
    assert located(document, "Minnesota").admin1 == "MN"
    quarter = run("Bands played in the French Quarter of New Orleans on Frenchmen Street.")
    assert all(location.country != "FRA" for location in quarter.locations)
