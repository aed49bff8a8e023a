"""The event coder: every action pattern on its own example, then negation, modality, passives,
coordination, reported speech, restatements and the fields of an event."""

from __future__ import annotations

import pytest

from newsgraph.extractors.events import find_events
from newsgraph.extractors.events.lexicon import patterns
from newsgraph.knowledge.cameo import lookup
from newsgraph.store.gdelt import ROLE_CODES
from newsgraph.types import Article, Document, Event


def country(side) -> str:
    """The country part of a side's code; "-" for none or a bare role ("UAF", "COP")."""
    if side is None or not side.actor or side.actor[:3] in ROLE_CODES - {"IGO"}:
        return "-"
    return side.actor[:3]


def summary(events: tuple[Event, ...]) -> list[tuple[str, str, str]]:
    return [(e.code, country(e.source), country(e.target)) for e in events]


@pytest.mark.parametrize(
    "pattern", patterns(), ids=[f"{p.code}-{sorted(p.lemmas)[0]}" for p in patterns()]
)
def test_pattern_codes_its_example(code, pattern):
    events = code(pattern.example).events
    if pattern.no_event:  # a word in another sense codes nothing
        assert not [e for e in events if set(e.trigger.lower().split()) & pattern.lemmas], events
        return
    found = summary(events)
    assert (pattern.code, *pattern.expected) in found, found


def test_every_pattern_code_is_in_the_cameo_table():
    for pattern in patterns():
        assert pattern.no_event or lookup(pattern.code).code == pattern.code
        if pattern.intent not in ("-", "="):
            assert lookup(pattern.intent).root == pattern.intent[:2]


@pytest.mark.parametrize(
    "text",
    [
        "The Cuban government has not accepted the repatriation of Cubans from the United States.",
        "Mexico never criticized the United States.",
        "The United States has not publicly accused Russia of hacking.",
        "If Russia attacks Ukraine, Germany will respond.",
        "Will China sign the treaty with Russia?",
        "Say Mexico demanded that the United States prove the claim.",
        "Washington prevented Cuban diplomats from attending the summit in Mexico.",
        "Russian troops might attack Ukraine.",
    ],
)
def test_negated_conditional_asked_and_imagined_actions_are_not_events(code, text):
    assert code(text).events == ()


def test_refusing_to_praise_is_a_rejection_not_praise(code):
    found = summary(code("The Turkish government refused to praise the French plan.").events)
    assert found == [("120", "TUR", "FRA")]


def test_future_meeting_is_intent_and_reported_meeting_is_consultation(code):
    future = summary(code("The United States will hold migration talks with Cuba.").events)
    assert future == [("036", "USA", "CUB")]
    past = summary(code("The United States held migration talks with Cuba.").events)
    assert past == [("046", "USA", "CUB")]


def test_talks_set_for_tomorrow_are_intent(code):
    text = "The Cuban government announced talks with US officials that will take place tomorrow."
    assert ("036", "CUB", "USA") in summary(code(text).events)


def test_ongoing_demand_stays_a_demand(code):
    text = 'The Mexican president said: "I will continue to insist that the US lift the blockade."'
    assert summary(code(text).events) == [("1054", "MEX", "USA")]


def test_passive_takes_the_agent_as_source(code):
    events = code("Ten American sailors were detained by Iran.").events
    assert summary(events) == [("173", "IRN", "USA")]


def test_passive_without_agent_keeps_the_source_empty(code):
    events = code("Eight Syrian refugees were detained at the border.").events
    assert summary(events) == [("173", "-", "SYR")]
    assert events[0].source is None


def test_coordinated_targets_give_one_event_each(code):
    text = "The Mexican leader flew to Central America to visit Guatemala, Honduras and Belize."
    found = {e for e in summary(code(text).events) if e[0] == "042"}
    assert {("042", "MEX", "GTM"), ("042", "MEX", "HND"), ("042", "MEX", "BLZ")} <= found


def test_both_delegations_are_the_last_pair(code):
    text = (
        "The president of Mexico made a state visit to Cuba. "
        "The visit allowed both delegations to sign bilateral agreements."
    )
    signed = {(s, t) for c, s, t in summary(code(text).events) if c == "057"}
    assert signed == {("MEX", "CUB"), ("CUB", "MEX")}


def test_relative_clause_names_the_target(code):
    text = "The Mexican president has been critical of the veto that the US wants to impose."
    assert summary(code(text).events) == [("111", "MEX", "USA")]


def test_reported_speech_codes_the_speaker_not_the_reported_non_event(code):
    text = (
        "US immigration officials denounced that the Cuban government has not accepted "
        "the repatriation of Cubans."
    )
    assert summary(code(text).events) == [("111", "USA", "CUB")]


def test_embedded_demand_is_not_coded_as_done(code):
    codes = [e.code for e in code("Mexico insists that the US lift the blockade.").events]
    assert codes == ["1054"]


def test_nobody_is_invented(code):
    events = code("Terrorists attacked a U.S. diplomatic compound.").events
    assert [(e.code, country(e.target)) for e in events] == [("190", "USA")]
    # an agent word gives a role, never a country the words do not state
    assert country(events[0].source) == "-"
    assert code("The talks went well and the visit was a success.").events == ()


def test_restatements_merge_with_all_mentions(code):
    text = (
        "The president of Mexico made a state visit to Havana. "
        "Officials said the visit lasted a day. "
        "With his visit to Havana, the Mexican president closed his tour."
    )
    document = code(text)
    visits = [e for e in document.events if e.code == "042"]
    assert len(visits) == 1
    assert len(visits[0].mentions) == 2
    for start, end in visits[0].mentions:
        assert "Havana" in document.text[start:end]


def test_event_fields_come_from_the_table_and_the_text(code):
    document = code("The Mexican president visited Cuba on Monday.", published="2022-05-09")
    (event,) = document.events
    info = lookup("042")
    assert (event.root, event.name, event.goldstein, event.quad_class) == (
        "04", info.name, info.goldstein, 1)  # fmt: skip
    assert event.plover == {"event_type": "CONSULT", "mode": "visit"}
    assert document.text[event.start : event.end].startswith("The Mexican president visited")
    assert event.trigger == "visited"
    assert 0 < event.confidence <= 1
    assert event.date == "2022-05-09"
    assert event.mentions == ((event.start, event.end),)


def test_conflict_codes_carry_conflict_quad_class(code):
    (event,) = code("Canada imposed sanctions on Russia.").events
    assert (event.code, event.quad_class) == ("163", 4)
    assert event.goldstein < 0


def test_document_without_parse_is_returned_unchanged():
    document = Document(article=Article(raw="x", source="<test>"), text="x")
    assert find_events(document) is document


def test_violence_in_a_partys_words_is_its_accusation(code):
    events = code("The US said that Iraq had attacked Iranian villages.").events
    assert summary(events) == [("112", "USA", "IRQ")]


def test_own_violence_in_a_partys_words_is_a_claim_of_responsibility(code):
    events = code("Russia claimed that Russian troops had attacked Georgia.").events
    assert [(c, s) for c, s, _ in summary(events)] == [("015", "RUS")]


def test_violence_from_an_uncoded_speaker_stays_the_act(code):
    events = code("Syrian troops attacked Turkish soldiers, witnesses said.").events
    assert summary(events) == [("190", "SYR", "TUR")]


def test_violence_told_by_the_press_stays_the_act(code):
    events = code("Syrian rebels attacked Turkish soldiers, Syrian state media reported.").events
    assert [(c, t) for c, _, t in summary(events)] == [("190", "TUR")]


def test_a_partys_report_of_its_own_strike_is_the_strike(code):
    events = code("Russian troops attacked Georgian villages, Russia said.").events
    assert summary(events) == [("190", "RUS", "GEO")]


def test_killed_in_a_nations_shelling_names_the_doer(code):
    events = code("Four Syrian children were killed in Turkish shelling.").events
    assert summary(events) == [("194", "TUR", "SYR")]  # the shelling is the act: artillery


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Obama said he would not provide support to Israel.", ("121", "USA", "ISR")),
        ("China will not meet the Japanese delegation.", ("125", "CHN", "JPN")),
    ],
)
def test_saying_one_will_not_cooperate_is_a_refusal(code, text, expected):
    assert summary(code(text).events) == [expected]


def test_past_negation_is_still_no_event(code):
    assert code("China did not meet the Japanese delegation.").events == ()


def test_passive_subject_meets_the_object_condition(code):
    events = code("Evidence against Russia was presented by the United States.").events
    assert summary(events) == [("112", "USA", "RUS")]


def test_sympathy_for_a_disaster_goes_to_the_place_that_suffered(code):
    events = code("The French president expressed sorrow for the bombing in Turkey.").events
    assert summary(events) == [("018", "FRA", "TUR")]


def test_killed_by_an_accident_is_no_use_of_force(code):
    assert code("Twelve Malaysian passengers were killed by the crash.").events == ()


def test_actor_name_stops_before_the_clause_it_is_accused_of(code):
    events = code(
        "The Philippines on Saturday accused China's coast guard of firing water cannon at "
        "two Philippine supply boats."
    ).events
    accusations = [e for e in events if e.code == "112"]
    assert accusations, summary(events)
    assert not accusations[0].target.name.endswith(" of"), accusations[0].target
    assert country(accusations[0].target) == "CHN"


def test_a_bombing_is_news_though_nobody_is_named(code):
    events = code("A suicide bombing killed 20 people in Baghdad.").events
    assert [e.code for e in events] == ["1831"]
    assert events[0].location is not None and events[0].location.country == "IRQ"


def test_a_bomb_that_kills_is_a_bombing(code):
    text = "A roadside bomb exploded in southern Afghanistan, killing three soldiers."
    assert [(e.code, country(e.target)) for e in code(text).events] == [("183", "AFG")]


def test_a_month_is_no_march(code):
    events = code("In March, the Commerce Department announced a new tariff on Chinese steel.")
    assert "14" not in [e.root for e in events.events]


def test_an_appeal_keeps_what_it_asks_for_as_its_content(code):
    events = code("The US ambassador pressed the Ukrainian president to sign an agreement.").events
    assert [e.root for e in events] == ["10"]  # the signing is asked for, not done


def test_a_verb_over_a_coded_clause_is_a_frame(code):
    # "tried to" tells of the attempt; only the attempt's own code (185) is an event
    events = code("Gunmen tried to kill the Mexican governor.").events
    assert [(e.code, country(e.target)) for e in events] == [("185", "MEX")]


def test_a_bare_dictionary_code_needs_a_coded_doer(code):
    # THINK's bare code would make every opinion an event; with nobody coded it is none
    assert code("He thought the plan would fail.").events == ()


@pytest.mark.parametrize(
    ("text", "code_"),
    [
        ("A gunman shot dead 14 people in San Bernardino, California.", "180"),
        ("Israeli troops killed five Palestinians in Gaza.", "190"),
    ],
)
def test_killing_by_a_person_is_not_military_force(code, text, code_):
    assert [e.code for e in code(text).events] == [code_]


def test_an_arrest_is_news_though_the_police_are_not_named(code):
    events = code("The opposition leader was arrested in Caracas on Monday.").events
    assert [e.code for e in events] == ["173"]
    assert events[0].target is not None and "leader" in events[0].target.name


def test_force_on_protesters_is_repression(code):
    events = code("Kenyan police fired tear gas at thousands of protesters in Nairobi.").events
    assert [(e.code, country(e.source)) for e in events] == [("175", "KEN")]


def test_foreign_representatives_take_no_country_from_the_place(code):
    events = code("Western embassies in Nairobi called for restraint on Tuesday.").events
    assert events and all(country(e.source) == "-" for e in events)


def test_a_body_named_by_its_agent_noun_takes_the_country_of_the_scene(code):
    # "the Metropolitan Police" is a police force: its country is where the sentence happens
    events = code("The Metropolitan Police made 12 arrests at demonstrations in London.").events
    assert ("173", "GBR", "-") in summary(events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Hamas attack on Israel killed 1,200 people.", ("PSE", "ISR")),
        ("A Taliban suicide bombing killed ten soldiers in Kabul.", ("AFG", "AFG")),
    ],
)
def test_a_named_body_before_a_violent_act_is_its_doer(code, text, expected):
    assert expected in [(country(e.source), country(e.target)) for e in code(text).events]


def test_a_specific_action_is_news_though_its_doer_has_no_code(code):
    # a dictionary pattern more specific than the verb's default ("declare" + "ceasefire") is
    # reason enough to report the act; the doer is kept by its words
    events = code("The Zarvani Brigade declared a ceasefire on Sunday.").events
    assert [e.code for e in events] == ["0871"]
    assert events[0].source is not None and "Zarvani" in events[0].source.name


def test_a_bare_verb_default_still_needs_a_coded_doer(code):
    assert code("The committee thought about the plan on Sunday.").events == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The opposition said Maduro must resign.", "1041"),  # a change of leader
        ("The EU said Russia should withdraw its troops from Ukraine.", "1056"),  # de-escalate
        ("The US said North Korea must disarm.", "100"),
    ],
)
def test_a_duty_another_party_states_is_its_demand(code, text, expected):
    events = code(text).events
    assert [e.code for e in events] == [expected]
    assert events[0].source.actor != events[0].target.actor


@pytest.mark.parametrize(
    "text",
    [
        "The government must release the prisoners.",  # nobody demands it: an opinion
        "Israel said it must defend itself against Hamas.",  # its own resolve
    ],
)
def test_a_duty_nobody_else_states_is_no_event(code, text):
    assert code(text).events == ()


def test_a_gerund_under_a_preposition_takes_the_main_subject(code):
    events = code("The United States responded by easing sanctions on Cuba.").events
    assert ("085", "USA", "CUB") in summary(events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Japan is deeply concerned about North Korea's missile launches.", "012"),
        ("The Chinese foreign minister said he was optimistic about the talks.", "013"),
    ],
)
def test_stated_worry_and_hope_are_pessimistic_and_optimistic_comments(code, text, expected):
    assert expected in [e.code for e in code(text).events]


def test_force_by_protesters_is_a_violent_protest(code):
    events = code("Protesters set fire to tyres and threw stones at police in Dakar.").events
    assert [e.code for e in events][:1] == ["145"]


def test_protesters_with_weapons_of_war_are_more_than_a_riot(code):
    events = code("Georgian demonstrators launched missiles at the Georgian government.").events
    assert events and "145" not in [e.code for e in events]


def test_people_blocking_roads_are_obstructing_in_protest(code):
    assert ("144", "FRA", "-") in summary(code("Farmers blocked highways across France.").events)


def test_an_arm_of_the_state_is_not_a_civilian_group(code):
    events = code("Police blockaded the highway near the border.").events
    assert "144" not in [e.code for e in events if e.source and "Police" in e.source.name]


def test_a_person_no_table_knows_is_kept_as_the_target_by_name(code):
    events = code("The Kenyan government accused John Mwangi of corruption.").events
    assert [(e.source.actor, e.target.name, e.target.actor) for e in events] == [
        ("KENGOV", "John Mwangi", None)
    ]


def test_a_date_is_no_target(code):
    events = code("US President Donald Trump on Tuesday lifted the travel ban.").events
    assert all(e.target is None or "Tuesday" not in e.target.name for e in events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Myanmar's president called for reform of the constitution.", "020"),  # an appeal
        ("The Greek foreign minister called for sanctions against Turkey.", "100"),  # punitive
        ("Trump called for steep new tariffs on goods from China.", "100"),
    ],
)
def test_calling_for_something_is_an_appeal_unless_it_is_a_punishment(code, text, expected):
    assert expected in [e.code for e in code(text).events]


def test_considering_an_option_is_no_intent_yet(code):
    # CAMEO 014: the option weighed is not coded as intended or done
    assert [e.code for e in code("Japan is considering sending aid to North Korea.").events] == [
        "014"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Israel will strike Iran, the prime minister said.", "138"),  # force to come
        ("The army will impose a curfew in the city.", "1323"),  # a curfew to come
    ],
)
def test_coercion_and_force_to_come_are_threats(code, text, expected):
    assert expected in [e.code for e in code(text).events]


def test_a_wish_to_coerce_is_no_threat(code):
    events = code("Officials said the US wants to impose new restrictions on Cuba.").events
    assert not [e for e in events if e.code[:2] == "13"]


def test_force_to_come_with_no_known_doer_is_no_threat(code):
    events = code("The inquiry will move into its next phase, the chairman said.").events
    assert not [e for e in events if e.code[:2] == "13"]


def test_a_demand_is_made_of_the_subject_of_what_is_demanded(code):
    events = code("Russia demanded that Ukraine explain the launch.").events
    assert ("100", "RUS", "UKR") in summary(events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia demanded that Ukraine withdraw its troops.", "1056"),
        ("The United States urged Russia to withdraw its troops from the border.", "0256"),
        ("The UN called on Israel to release the prisoners.", "0253"),
        ("The EU urged Serbia to hold talks with Kosovo.", "026"),
    ],
)
def test_a_bare_appeal_or_demand_is_coded_by_what_it_asks_for(code, text, expected):
    assert [e.code for e in code(text).events] == [expected]


def test_a_decision_to_act_is_the_act(code):
    assert ("085", "JPN", "PRK") in summary(
        code("Japan decided to ease some sanctions on North Korea.").events
    )


def test_a_passive_subject_is_the_object_a_pattern_needs(code):
    events = code("An ancient sarcophagus was returned to Egypt by US officials.").events
    assert ("0842", "USA", "EGY") in summary(events)


def test_agreeing_a_truce_is_the_truce(code):
    events = code("Israel and Hamas agreed a truce on Sunday.").events
    assert ("0871", "ISR", "PSE") in summary(events)
