"""Speakers of quotations in layouts the parse alone gets wrong: reaction lists signed by a
name, a speaker named right after the quotation, people words, descriptions and titles."""

from __future__ import annotations

from newsgraph.types import Article


def quotes(pipeline, text: str):
    document = pipeline.run(Article(raw=text, source="test", verbatim=True))
    return {q.text.strip(" ,."): q.speaker_name for q in document.quotes}


def test_each_reaction_goes_to_the_name_that_signs_its_line(pipeline):
    text = (
        "Readers sent us their reactions to the debate.\n\n"
        "“He showed that he cannot lead a country of this size.” ― Adriana Rodarte\n"
        "“I would rather move abroad than see him win, and I mean it.” ― Veronica Cruz, Phoenix\n"
        "“All he loves is money, ‘the root of all evil.’” And that is all he has. ― Christina "
        "Lastra.\n"
    )
    found = quotes(pipeline, text)
    assert found["He showed that he cannot lead a country of this size"] == "Adriana Rodarte"
    assert found["I would rather move abroad than see him win, and I mean it"] == "Veronica Cruz"
    signed = [name for quote, name in found.items() if quote.startswith("All he loves")]
    assert signed == ["Christina Lastra"], found


def test_a_name_on_the_line_after_a_quotation_signs_it(pipeline):
    text = (
        "Voters told us what they expect.\n\n"
        "“Lower prices at the pump, and soon, before the winter comes.”\n"
        "Maria Lopez, Tucson\n\n"
        "“Schools that stay open all year for working parents like me.”\n"
        "Daniel Ortega Ruiz\n"
    )
    found = quotes(pipeline, text)
    assert found["Lower prices at the pump, and soon, before the winter comes"] == "Maria Lopez"
    assert found["Schools that stay open all year for working parents like me"] == (
        "Daniel Ortega Ruiz"
    )


def test_a_speaker_named_right_after_the_quotation(pipeline):
    text = (
        "President Vladimir Putin met the envoy on Monday. “We have no plans to change our "
        "position on the talks in Geneva,” said Dmitry Peskov, press secretary for Putin. "
        "“He would be a great senator, one of the brightest members of the entire Congress,” "
        "Rep. Elijah E. Cummings (D-Md.) said in a phone interview."
    )
    found = quotes(pipeline, text)
    assert found["We have no plans to change our position on the talks in Geneva"] == (
        "Dmitry Peskov"
    )
    assert (
        "Cummings"
        in found["He would be a great senator, one of the brightest members of the entire Congress"]
    )


def test_people_words_are_never_speakers(pipeline):
    text = (
        "“We will stop at nothing to protect this investigation from partisan attacks,” "
        "Democrats said in a statement on Friday."
    )
    found = quotes(pipeline, text)
    assert (
        found["We will stop at nothing to protect this investigation from partisan attacks"] is None
    )


def test_a_description_is_kept_not_replaced_by_an_earlier_name(pipeline):
    text = (
        "Bob Iger announced the park would reopen in June. “We are reviewing every ride before "
        "the park opens to the public again,” a spokeswoman for Disney said on Tuesday."
    )
    found = quotes(pipeline, text)
    speaker = found["We are reviewing every ride before the park opens to the public again"]
    assert speaker is not None and "spokeswoman" in speaker


def test_programme_titles_and_slogans_are_not_quotes_of_anyone(pipeline):
    text = (
        "Senator Jane Doe told “Meet the Press.” that she would run. Supporters in his "
        "“Make America Great Again” hats cheered as John Smith spoke."
    )
    found = quotes(pipeline, text)
    assert found["Meet the Press"] is None
    assert found["Make America Great Again"] is None
