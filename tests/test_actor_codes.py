"""Actor codes that come from the right evidence: the person's own words, not a neighbour's."""

from __future__ import annotations

import pytest

from newsgraph.extractors.entities import find_entities
from newsgraph.extractors.roles import stated_roles
from newsgraph.knowledge import actors
from newsgraph.knowledge.countries import normalise
from newsgraph.types import Article, Document, Entity


@pytest.fixture(scope="module")
def run(pipeline):
    def run(text: str, published: str | None = None, title: str | None = None) -> Document:
        doc = pipeline.nlp(text)
        article = Article(raw=text, source="test", published=published, title=title)
        return find_entities(Document(article=article, text=text, doc=doc))

    return run


def named(document: Document, name: str) -> Entity:
    for entity in document.entities:
        if normalise(name) in {normalise(a) for a in (entity.name, *entity.aliases)}:
            return entity
    raise AssertionError(f"{name} not among {[e.name for e in document.entities]}")


@pytest.mark.parametrize(
    ("phrase", "role"),
    [
        ("Attorney General", "JUD"),
        ("attorney-general", "JUD"),
        ("Solicitor General", "JUD"),
        ("UN Secretary-General", "GOV"),
        ("Director General of the health ministry", "GOV"),
        ("General", "MIL"),
        ("Lt. Gen.", "MIL"),
        ("Sen.", "LEG"),
    ],
)
def test_general_is_a_rank_only_on_its_own(phrase, role):
    assert actors.role_code(phrase) == role


@pytest.mark.parametrize(
    ("text", "person", "actor"),
    [
        (
            "Chilean Attorney General Marta Rojas opened an inquiry on Monday.",
            "Marta Rojas",
            "CHLJUD",
        ),
        ("Peru's attorney general, Rosa Quispe, filed charges on Monday.", "Rosa Quispe", "PERJUD"),
    ],
)
def test_an_attorney_general_is_no_soldier(run, text, person, actor):
    assert named(run(text), person).actor == actor


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # A role with no country: other countries in the sentence are not the person's.
        (
            "Those negotiations moved on Sunday to Vienna, where Trade Secretary Helen Marsh "
            "met for two hours with the Russian foreign minister.",
            "Helen Marsh",
        ),
        (
            "The talks, brokered by Norway and Japan, are the first contact between "
            "representatives of militia commander Omar Farouk and the army.",
            "Omar Farouk",
        ),
        (
            "Putin praised efforts by Trade Secretary Helen Marsh to find a solution in Syria.",
            "Helen Marsh",
        ),
    ],
)
def test_a_neighbours_country_does_not_leak_into_a_role(run, text, person):
    entity = named(run(text), person)
    assert entity.roles
    assert entity.country is None
    assert entity.actor is None


def test_the_subject_body_still_gives_its_country(run):
    document = run(
        "The Peruvian Interior Ministry said that its delegation will be chaired by Rosa "
        "Quispe, deputy minister of security."
    )
    assert named(document, "Rosa Quispe").actor == "PERGOV"


@pytest.mark.parametrize(
    ("text", "person", "actor"),
    [
        (
            "They met Egyptian President Omar Salem. Kenyan leader Ruth Wanjiru arrived later.",
            "Ruth Wanjiru",
            "KENGOV",
        ),
        (
            "The deal was signed by Israeli Prime Minister David Levy. Egyptian Defence Minister "
            "Karim Nasser did not attend.",
            "Karim Nasser",
            "EGYGOV",
        ),
    ],
)
def test_a_title_does_not_reach_into_the_sentence_before(run, text, person, actor):
    assert named(run(text), person).actor == actor


def test_an_abbreviated_title_is_still_a_title():
    text = "Sen. Laura Hicks criticised the bill, and Lt. Gen. Mark Stone agreed."
    laura, mark = text.index("Laura"), text.index("Mark")
    assert stated_roles(text, [(laura, laura + len("Laura Hicks"))]) == ["Sen."]
    assert stated_roles(text, [(mark, mark + len("Mark Stone"))]) == ["Lt. Gen."]


@pytest.mark.parametrize(
    "text",
    [
        "The prime minister flew to the White House on Tuesday for a dinner.",
        "The White House said on Tuesday that the talks would go on.",
    ],
)
def test_a_known_building_is_its_body_not_a_translated_town(run, text):
    house = named(run(text), "White House")
    assert (house.country, house.actor) == ("USA", "USAGOV")


def test_a_town_as_subject_is_no_government(run):
    document = run("Officials in Manchester met on Monday. Manchester accused London of neglect.")
    town = named(document, "Manchester")
    assert (town.country, town.actor) == ("GBR", "GBR")
    assert named(document, "London").actor == "GBRGOV"


def test_a_capital_as_subject_still_is_a_government(run):
    document = run("Havana accused Washington of meddling on Monday.")
    assert named(document, "Havana").actor == "CUBGOV"


@pytest.mark.parametrize(
    ("published", "country", "actor"),
    [
        ("2016-05-01", "USA", "USA"),  # before his first term: of the country, in no office
        ("2018-05-01", "USA", "USAGOV"),
        ("2022-05-01", "USA", "USAELI"),  # between terms: a former president
    ],
)
def test_the_table_gives_an_office_only_within_its_term(run, published, country, actor):
    document = run("Donald Trump spoke to reporters in Ohio on Friday.", published)
    trump = named(document, "Donald Trump")
    assert (trump.country, trump.actor) == (country, actor)
    assert trump.role_source == "table"


def test_a_countryless_title_takes_the_tables_country(run):
    document = run(
        "Secretary of State John Kerry met the Russian foreign minister in Geneva.", "2015-06-01"
    )
    assert named(document, "John Kerry").actor == "USAGOV"


@pytest.mark.parametrize(
    ("phrase", "role"),
    [
        ("the former secretary of state", "ELI"),
        ("ex-president", "ELI"),
        ("Former Defense Minister", "ELI"),
        ("Ex-Im Bank", "BUS"),  # "ex" only ends an office it stands before
    ],
)
def test_a_former_office_is_the_elite(phrase, role):
    assert actors.role_code(phrase) == role


def test_a_clause_ending_in_a_comma_is_no_apposition():
    # A dot inside "U.S." is no sentence end, and "for ..." is no noun phrase.
    text = "He said Peru would sue the U.S. for breaking the administration's deal, Ana Ruiz said."
    start = text.index("Ana")
    assert stated_roles(text, [(start, start + len("Ana Ruiz"))]) == []


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Joseph R. Biden Jr.", "Joe Biden"),
        ("John F. Kerry", "John Kerry"),
        ("Jill Biden", None),  # the same surname is not the same person
    ],
)
def test_the_table_knows_fuller_forms_of_a_name(name, found):
    holding = actors.office_holder(name, "2015-11-10")
    assert (holding.name if holding else None) == found


def test_a_countryless_title_in_a_story_about_one_country(run):
    document = run(
        "Protesters blocked roads across Peru on Tuesday, demanding the resignation of "
        "Attorney General Rosa Quispe.",
        title="Protests grip Peru as talks fail",
    )
    assert named(document, "Rosa Quispe").actor == "PERJUD"


def test_the_story_country_counts_only_where_the_sentence_names_it(run):
    document = run(
        "Protesters blocked roads across Peru on Tuesday. Talks brokered by Chile and Brazil "
        "brought together militia commander Omar Farouk and the army.",
        title="Protests grip Peru as talks fail",
    )
    assert named(document, "Omar Farouk").country is None


def test_the_country_a_text_names_most_is_its_story_country(run):
    document = run(
        "Kenya's parliament met on Monday. Kenyan police fired tear gas at crowds. "
        "Protesters in Nairobi demanded that Finance Minister Ruth Wanjiru resign."
    )
    assert named(document, "Ruth Wanjiru").actor == "KENGOV"


def test_a_paragraph_break_does_not_hide_the_nationality(run):
    document = run("Talks opened on Monday.\n\nChilean Foreign Minister Marta Rojas spoke first.")
    assert named(document, "Marta Rojas").actor == "CHLGOV"


@pytest.mark.parametrize(
    ("phrase", "countries"),
    [
        ("Armenia and Azerbaijan report progress", ["ARM", "AZE"]),
        ("Manila accuses China's coast guard", ["PHL", "CHN"]),
        ("the Dominican Republic and South Korea", ["DOM", "KOR"]),
        ("talks stall again", []),
    ],
)
def test_every_country_a_phrase_names(phrase, countries):
    assert actors.phrase_countries(phrase) == countries


def test_a_surname_taken_for_a_village_joins_its_person(run):
    document = run(
        "Laura Cortona, who lost her husband, spoke on Friday. "
        "Cortona accused the Saudi government of lying."
    )
    person = named(document, "Laura Cortona")
    assert person.type == "PERSON"
    assert len(person.mentions) == 2
    assert not [e for e in document.entities if e.type == "GPE"]


def test_a_village_that_acts_gives_no_country(run):
    document = run("Cortona accused the Saudi government of lying.")
    assert all(e.country in (None, "SAU") for e in document.entities)


@pytest.mark.parametrize(
    ("text", "place", "country"),
    [
        ("Michael Jordan met officials in Jordan.", "Jordan", "JOR"),
        ("Paris Hilton arrived on Monday. Protests spread in Paris on Tuesday.", "Paris", "FRA"),
    ],
)
def test_a_real_place_keeps_its_name_from_a_person(run, text, place, country):
    document = run(text)
    found = [e for e in document.entities if e.name == place]
    assert found and found[0].country == country


@pytest.mark.parametrize(
    ("text", "name", "actor"),
    [
        ("The US claimed that ISIL had attacked Iraq.", "ISIL", "IMGMUSISI"),
        ("Hamas fired rockets at Israel on Tuesday.", "Hamas", "PSEREBHMS"),
    ],
)
def test_armed_groups_carry_their_codebook_code(run, text, name, actor):
    found = named(run(text), name)
    assert found.actor == actor
    assert found.country == (None if actor.startswith("IMG") else actor[:3])


@pytest.mark.parametrize(
    ("text", "published", "person", "actor", "source"),
    [
        # The office is over: CAMEO's elite with the country, whatever the table says of the day.
        (
            "Ex-president Barack Obama criticised the plan on Monday.",
            "2016-05-01",
            "Barack Obama",
            "USAELI",
            "table",
        ),
        (
            "Iran's ex-defence minister Ahmed Karimi spoke on Monday.",
            "2021-05-01",
            "Ahmed Karimi",
            "IRNELI",
            "text",
        ),
        (
            "Former Iranian defence minister Ahmed Karimi spoke on Monday.",
            "2021-05-01",
            "Ahmed Karimi",
            "IRNELI",
            "text",
        ),
        (
            "Ahmed Karimi, Iran's former defence minister, spoke on Monday.",
            "2021-05-01",
            "Ahmed Karimi",
            "IRNELI",
            "text",
        ),
        (
            "Ahmed Karimi, who was Iran's defence minister until 2019, spoke on Monday.",
            "2021-05-01",
            "Ahmed Karimi",
            "IRNELI",
            "text",
        ),
        # A past office says nothing against the one held on the day.
        (
            "Joe Biden, a former senator, met farmers in Iowa on Tuesday.",
            "2022-05-01",
            "Joe Biden",
            "USAGOV",
            "table",
        ),
        # A current office the text states wins over a past one.
        (
            "Iranian Foreign Minister Ahmed Karimi, who was defence minister until 2019, spoke.",
            "2021-05-01",
            "Ahmed Karimi",
            "IRNGOV",
            "text",
        ),
    ],
)
def test_a_past_office_is_no_government_role(run, text, published, person, actor, source):
    entity = named(run(text, published), person)
    assert (entity.actor, entity.role_source) == (actor, source)
    if actor and actor.endswith("ELI"):
        assert all(not r.endswith("GOV") for r in map(actors.role_code, entity.roles))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Israel said a mortar bomb was fired at it from the Gaza Strip on Tuesday.", "Gaza Strip"),
        ("Rockets were fired from Gaza into Israel on Monday.", "Gaza"),
        ("Israeli troops raided homes in the West Bank on Monday.", "West Bank"),
    ],
)
def test_the_palestinian_territories_are_palestine(run, text, name):
    place = named(run(text), name)
    assert (place.country, place.actor) == ("PSE", "PSE")


def test_the_palestinian_territories_and_hamas_together(run):
    document = run("Hamas fired rockets from the Gaza Strip at Israel on Tuesday.")
    assert named(document, "Hamas").actor == "PSEREBHMS"
    assert named(document, "Gaza Strip").country == "PSE"


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Thousands marched to the Lincoln Memorial in Washington on Saturday.", "USA"),
        ("Washington accuses Havana of encouraging irregular migration.", "USAGOV"),
    ],
)
def test_a_capital_is_its_government_only_when_it_acts(run, text, actor):
    assert named(run(text), "Washington").actor == actor


def test_a_title_before_two_joined_names_is_the_first_ones():
    # PolNeAR (usa-today, 2016-09-08): "President" is Obama's title, not Clinton's.
    text = "He blamed the policies of President Obama and Clinton for the chaos."
    start = text.index("Clinton")
    assert stated_roles(text, [(start, start + len("Clinton"))]) == []


def test_a_past_office_is_not_outranked_by_a_neighbours_title(run):
    document = run(
        "Clinton, the former secretary of State, stressed her record. Trump blamed the "
        "policies of President Obama and Clinton.",
        "2016-09-08",
    )
    assert named(document, "Clinton").actor == "USAELI"


@pytest.mark.parametrize(
    ("text", "name", "roles"),
    [
        # PolNeAR (politico, 2016-09-25): a person's possessive opens no apposition.
        (
            "On the positive side for Clinton, President Barack Obama's approval rating remains "
            "strong, though it has declined.",
            "Clinton",
            [],
        ),
        # PolNeAR (breitbart, 2016-01-31): a show's name in quotes is no part of the title.
        (
            "On Fox News channel’s “Sunday Morning Futures,” Rep. Darrell Issa said so.",
            "Darrell Issa",
            ["Rep."],
        ),
        ("Donald Trump and Sen. Ted Cruz spoke on Monday.", "Ted Cruz", ["Sen."]),
        (
            "Secretary of Health and Human Services Xavier Becerra spoke.",
            "Xavier Becerra",
            ["Secretary of Health and Human Services"],
        ),
    ],
)
def test_a_title_run_holds_only_the_title(text, name, roles):
    start = text.index(name)
    assert stated_roles(text, [(start, start + len(name))]) == roles


def test_a_bare_title_for_an_office_called_former_is_a_courtesy(run):
    # PolNeAR (wash-post, 2015-11-16): "Secretary Clinton" after "Former secretary of state".
    document = run(
        'Former secretary of state Hillary Rodham Clinton said so. "Of the more than 30,000 '
        "e-mails that Secretary Clinton provided to the State Department last year, more than "
        '90 percent were sent to or from a state.gov e-mail address," a spokesman said.',
        "2015-11-16",
    )
    assert named(document, "Clinton").actor == "USAELI"


@pytest.mark.parametrize(
    ("text", "published", "actor"),
    [
        # A bare title for an office the table says is over is a courtesy, not an office.
        ("Secretary Clinton spoke in Iowa on Monday.", "2016-02-01", "USAELI"),
        ("President Obama spoke in Iowa on Monday.", "2019-05-01", "USAELI"),
        ("President Obama spoke in Iowa on Monday.", "2015-05-01", "USAGOV"),
        # A title naming the country is the text's own statement of the office.
        ("U.S. Secretary of State Hillary Clinton spoke on Monday.", "2012-05-01", "USAGOV"),
    ],
)
def test_a_courtesy_title_is_no_current_office(run, text, published, actor):
    person = next(e for e in run(text, published).entities if e.type == "PERSON")
    assert person.actor == actor
