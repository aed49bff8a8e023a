"""Tone in GDELT's sense from the VADER lexicon, and themes with their evidence."""

from __future__ import annotations

import pytest

from newsgraph.extractors.themes import find_themes
from newsgraph.extractors.tone import lexicon, measure_tone
from newsgraph.knowledge.themes import theme_triggers
from newsgraph.record import to_record
from newsgraph.types import Article, Document


def parse(pipeline, text: str) -> Document:
    article = Article(raw=text, source="test", text=text)
    return Document(article=article, text=text, doc=pipeline.nlp(text))


def test_lexicon_is_read_from_the_installed_package():
    table = lexicon()
    assert len(table) > 5000
    assert table["kill"] < -1 < 1 < table["freedom"]


def test_tone_measures_are_word_densities(pipeline):
    text = "The brutal attack killed ten people. Police arrested two men."
    tone = measure_tone(parse(pipeline, text)).tone
    assert tone is not None
    assert tone.word_count == 10
    assert tone.negative > tone.positive
    assert tone.score == pytest.approx(tone.positive - tone.negative)
    assert tone.polarity == pytest.approx(tone.positive + tone.negative)
    assert 0 < tone.activity <= 100


def test_positive_text_scores_above_negative_text(pipeline):
    happy = measure_tone(parse(pipeline, "A wonderful, peaceful celebration of great friendship."))
    sad = measure_tone(parse(pipeline, "A terrible, violent disaster of horrible cruelty."))
    assert happy.tone and sad.tone
    assert happy.tone.score > 0 > sad.tone.score


def test_every_taxonomy_code_has_triggers():
    table = theme_triggers()
    wanted = {"IMMIGRATION", "DIPLOMACY", "ELECTIONS", "PROTEST", "CRIME", "ECONOMY", "HEALTH"}
    wanted |= {"CONFLICT", "HUMAN_RIGHTS", "TERRORISM", "CORRUPTION", "ENVIRONMENT"}
    assert wanted <= set(table)
    assert all(len(triggers) >= 5 for triggers in table.values())


@pytest.mark.parametrize(
    ("text", "code", "evidence"),
    [
        (
            "Thousands of migrants crossed the border. Asylum seekers wait as deportations rise.",
            "IMMIGRATION",
            {"migrant", "asylum seeker", "deportation"},
        ),
        (
            "The foreign minister met her counterpart; bilateral talks follow the summit.",
            "DIPLOMACY",
            {"foreign minister", "counterpart", "bilateral", "talks", "summit"},
        ),
        (
            "Voters cast ballots in the election; turnout was high for every candidate.",
            "ELECTIONS",
            {"voter", "ballot", "election", "turnout", "candidate"},
        ),
        (
            "The dictatorship jailed dissidents; human rights groups decry the repression.",
            "HUMAN_RIGHTS",
            {"dictatorship", "dissident", "human rights", "repression"},
        ),
    ],
)
def test_themes_with_their_trigger_words(pipeline, text, code, evidence):
    document = find_themes(parse(pipeline, text))
    assert code in document.themes
    assert evidence <= set(document.theme_evidence[code])


def test_one_passing_word_is_not_a_theme(pipeline):
    document = find_themes(parse(pipeline, "After the debate, she walked to the market."))
    assert document.themes == ()
    assert document.theme_evidence == {}


def test_longest_trigger_alone_counts(pipeline):
    document = find_themes(parse(pipeline, "An economic crisis and an economic crisis again."))
    assert "ECONOMY" not in document.themes  # one trigger, however often, is not enough


def test_record_carries_theme_evidence(pipeline):
    text = "Migrants and refugees crossed the border as migration rose."
    record = to_record(find_themes(parse(pipeline, text)))
    assert record["themes"] == ["IMMIGRATION"]
    assert set(record["theme_evidence"]["IMMIGRATION"]) == {"migrant", "refugee", "migration"}
