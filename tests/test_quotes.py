"""Direct quotations: marks, cues, speakers, scare quotes and unbalanced marks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extractors.quote_marks import find_quote_spans
from newsgraph.extractors.quotes import find_quotes
from newsgraph.types import Article, Document, Entity, Mention


def parse(pipeline, text: str, entities: tuple[Entity, ...] = ()) -> Document:
    article = Article(raw=text, source="test", text=text, verbatim=True)
    document = Document(article=article, text=text, doc=pipeline.nlp(text), entities=entities)
    return find_quotes(document)


def only(document: Document):
    assert len(document.quotes) == 1, document.quotes
    return document.quotes[0]


@pytest.mark.parametrize(
    ("text", "quoted", "speaker", "cue"),
    [
        ('"We will win this race," Smith said.', "We will win this race,", "Smith", "said"),
        ("“We will win,” said Maria Lopez on Monday.", "We will win,", "Maria Lopez", "said"),
        (
            "The minister Pierre Dubois said: «We will not give up on this.»",
            "We will not give up on this.",
            "Pierre Dubois",
            "said",
        ),
        (
            "Chancellor Olaf Weber said „We will manage this together.“",
            "We will manage this together.",
            "Olaf Weber",
            "said",
        ),
        (
            'Maria Lopez has sent a message to the region: "I prefer dialogue to war."',
            "I prefer dialogue to war.",
            "Maria Lopez",
            "sent",
        ),
        (
            'Lopez maintained that "I will continue to insist that the embargo be lifted."',
            "I will continue to insist that the embargo be lifted.",
            "Lopez",
            "maintained",
        ),
        (
            'Lopez wanted to thank "the generous and supportive people of Cuba" for the welcome.',
            "the generous and supportive people of Cuba",
            "Lopez",
            "thank",
        ),
        (
            "“The talks will go ahead as planned,” Mayor Ana Ruiz assured reporters.",
            "The talks will go ahead as planned,",
            "Ana Ruiz",
            "assured",
        ),
        (
            "“This is a gift to the dictatorship,” the Cuban Democratic Directorate said in a "
            "statement.",
            "This is a gift to the dictatorship,",
            "Cuban Democratic Directorate",
            "said in a statement",
        ),
        (
            "According to Senator John Hale, “the vote was rigged from the start.”",
            "the vote was rigged from the start.",
            "John Hale",
            "according to",
        ),
        (
            "Governor Tom Baker warned that “the storm will hit the coast tonight.”",
            "the storm will hit the coast tonight.",
            "Tom Baker",
            "warned",
        ),
        (
            "“I can’t even answer a question without a fight.” ― Esther Tapia",
            "I can’t even answer a question without a fight.",
            "Esther Tapia",
            None,
        ),
        (
            "''This is not tax reform,'' said Douglas Lane, an economist.",
            "This is not tax reform,",
            "Douglas Lane",
            "said",
        ),
    ],
)
def test_quote_cue_and_speaker(pipeline, text, quoted, speaker, cue):
    quote = only(parse(pipeline, text))
    assert quote.text == quoted
    assert text[quote.start : quote.end] == quoted
    assert quote.speaker_name is not None and speaker in quote.speaker_name
    assert quote.cue == cue
    assert speaker in text[quote.speaker_start : quote.speaker_end]


def test_a_date_is_never_the_speaker(pipeline):
    quote = only(parse(pipeline, "“We are going all the way,” Kasich said Tuesday."))
    assert quote.speaker_name == "Kasich"


@pytest.mark.parametrize("verb", ["insisted", "stressed", "recalled", "remarked", "denied"])
def test_reporting_verbs(pipeline, verb):
    text = f"“The plan is not finished yet,” Minister Carla Reyes {verb}."
    quote = only(parse(pipeline, text))
    assert quote.cue == verb
    assert quote.speaker_name == "Carla Reyes"


def test_interrupted_quote_is_two_quotes_with_one_speaker(pipeline):
    text = "“We are ready to talk,” Senator Jane Doe said, “and we will not wait for them.”"
    document = parse(pipeline, text)
    assert [q.text for q in document.quotes] == [
        "We are ready to talk,",
        "and we will not wait for them.",
    ]
    assert {q.speaker_name for q in document.quotes} == {"Jane Doe"}


def test_quote_over_several_paragraphs_is_one_quote(pipeline):
    text = (
        "Senator Jane Doe spoke to the crowd in Ohio.\n\n"
        "“The first thing we will do is fix the roads.\n\n"
        "“The second thing we will do is fix the schools,” she said."
    )
    quote = only(parse(pipeline, text))
    assert quote.text.startswith("The first thing")
    assert quote.text.endswith("fix the schools,")
    assert quote.speaker_name == "Jane Doe"


def test_pronoun_speaker_goes_through_the_entity_clustering(pipeline):
    text = "Governor Tom Baker visited the town. “We will rebuild every house,” he said."
    he = text.index(" he ") + 1
    baker = Entity(
        id="e1",
        name="Thomas Baker",
        type="PERSON",
        mentions=(Mention(9, 18, "Tom Baker"), Mention(he, he + 2, "he", "pronoun")),
    )
    quote = only(parse(pipeline, text, (baker,)))
    assert (quote.speaker, quote.speaker_name) == ("e1", "Thomas Baker")


def test_unresolved_description_falls_back_to_the_previous_speaker(pipeline):
    text = (
        "“We must build something new,” President Luis Arce said in his speech.\n\n"
        "The Bolivian leader also stressed that “we will never give up on integration.”"
    )
    first, second = parse(pipeline, text).quotes
    assert first.speaker_name == "Luis Arce"
    assert second.speaker_name == "Luis Arce"
    assert text[second.speaker_start : second.speaker_end] == "The Bolivian leader"


def test_group_description_prefers_the_entity_it_names(pipeline):
    text = (
        "The Assembly of the Cuban Resistance rejected the talks on Tuesday. "
        "The Foreign Ministry declined to comment. "
        "The assembly recalled that “the regime violates human rights every day.”"
    )
    quote = only(parse(pipeline, text))
    assert quote.speaker_name is not None and "Assembly" in quote.speaker_name


def test_scare_quote_does_not_steal_the_next_speaker(pipeline):
    text = (
        "Migration has become an “escape valve” for the government. "
        "“We will not accept it,” the opposition leader Rosa Diaz said."
    )
    scare, real = parse(pipeline, text).quotes
    assert scare.text == "escape valve"
    assert scare.speaker_name is None
    assert real.speaker_name == "Rosa Diaz"


@pytest.mark.parametrize(
    "text",
    ['He said "this never ends. And then he left.', "“Open here” and ” stray.", 'A "b" "c'],
)
def test_unbalanced_marks_give_a_warning(pipeline, text):
    document = parse(pipeline, text)
    assert any("unbalanced quotation mark" in w for w in document.warnings)
    for quote in document.quotes:
        assert text[quote.start : quote.end] == quote.text


def test_apostrophes_are_not_quotes():
    spans, warnings = find_quote_spans("Warren’s view isn’t new and the ’90s were long ago.")
    assert spans == [] and warnings == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"“”‘’«»„'")), max_size=60))
def test_any_text_gives_spans_inside_it(text):
    spans, _ = find_quote_spans(text)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]


def test_marks_inside_markup_are_not_quotes():
    text = 'See <tweet author="someone" id="7782">The blue arrow.</tweet> and "this" here.'
    spans, _ = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["this"]


def test_a_title_after_a_preposition_gets_no_speaker(pipeline):
    text = "Senator Jane Doe said on “Face the Nation” that she would run again."
    quote = only(parse(pipeline, text))
    assert quote.text == "Face the Nation"
    assert quote.speaker_name is None


def test_cue_less_paragraph_continues_the_previous_speaker(pipeline):
    text = (
        "“We will fight for every vote,” Senator Jane Doe said on Monday.\n\n"
        "“Nobody in this state will be left behind by this campaign.”"
    )
    first, second = parse(pipeline, text).quotes
    assert first.speaker_name == second.speaker_name == "Jane Doe"
    assert second.cue is None
