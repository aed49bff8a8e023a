"""Text repair, rule by rule, and invariants over generated articles.

Each rule of ``newsgraph.clean`` is checked on small texts that isolate it; the hypothesis tests
then build articles, break them the way scrapers do (split links, related bullets, teaser blocks,
tags, credits, promotion) and check that no body sentence is lost, no inserted line survives,
and that repair leaves clean text exactly as it is.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.clean import credits, lines
from newsgraph.clean.boilerplate import is_label
from newsgraph.clean.repair import repair_article
from newsgraph.types import Article


def repair(text: str, **fields: object) -> Article:
    return repair_article(Article(raw=text, source="<test>", **fields))  # type: ignore[arg-type]


def body_of(text: str) -> str:
    """The repaired body of ``text``."""
    return repair(text).text or ""


# -- line measurements ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He left.", True),
        ('"We will stay," she said."', True),
        ("Is it over?", True),
        ("the highest distinction.”", True),
        ("has made a visit to", False),
        ("In the end, Mr.", False),
        ("Donald J.", False),
        ("talks in the U.S.", True),
        ("(With information from EFE)", False),
    ],
)
def test_ends_sentence(text: str, expected: bool) -> None:
    assert lines.ends_sentence(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The president of", True),
        ("His counterpart,", True),
        ("Havana", False),
        ("said that ''", False),
    ],
)
def test_ends_with_connector(text: str, expected: bool) -> None:
    assert lines.ends_with_connector(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("to reaffirm his alliance", True),
        (", the highest", True),
        ("Havana", False),
        ("“Quote", False),
    ],
)
def test_starts_continuation(text: str, expected: bool) -> None:
    assert lines.starts_continuation(text) is expected


def test_split_lines_normalises_spaces_and_records_gaps() -> None:
    found = lines.split_lines("a\u00a0 b\u200b\r\n\r\n\n c \n d")
    assert found == [lines.Line("a b", False), lines.Line("c", True), lines.Line("d", False)]


# -- reflow -----------------------------------------------------------------------------------


def test_split_links_are_rejoined_and_real_breaks_kept() -> None:
    text = (
        "The president of\n\nMexico,\n\nhas visited\n\nHavana\n\nto sign an agreement.\n\n"
        "His counterpart,\n\nMiguel Díaz-Canel,\n\nthanked him."
    )
    assert repair(text).text == (
        "The president of Mexico, has visited Havana to sign an agreement.\n\n"
        "His counterpart, Miguel Díaz-Canel, thanked him."
    )


@pytest.mark.parametrize(
    "heading",
    ["Tour of Central America", "EXILE REJECTED NEGOTIATIONS", "What is still disputed"],
)
def test_headings_stay_their_own_paragraph(heading: str) -> None:
    text = (
        "The ministers met on Monday in the capital.\n\n"
        f"{heading}\n\nWith the visit, the two governments closed a week of talks."
    )
    assert f"\n\n{heading}\n\n" in body_of(text)


def test_a_capitalised_opener_ends_a_short_heading() -> None:
    text = "Talks resume.\n\nBorder demarcation\n\nThe\n\ncommission met on Friday."
    assert "Border demarcation\n\nThe commission met on Friday." in body_of(text)


def test_hard_wrapped_lines_become_paragraphs() -> None:
    text = (
        "Crowds marched towards parliament as lawmakers debated the bill,\n"
        "which the government says is needed to reduce borrowing.\n"
        "Police fired tear gas near the\n"
        "convention centre on Tuesday."
    )
    assert repair(text).text == (
        "Crowds marched towards parliament as lawmakers debated the bill, which the government "
        "says is needed to reduce borrowing.\n\nPolice fired tear gas near the convention centre "
        "on Tuesday."
    )


def test_boilerplate_that_survived_html_extraction_is_removed() -> None:
    extracted = (
        BODY + "\n\nRead more: Floods leave nine dead in northern Italy\n\n"
        "(With information from Reuters)\n\nFollow us on Telegram\n\n"
        "Latest news\n\nChile elects a constitutional council\n\nThe vote was held on Sunday"
    )
    article = Article(raw="<p>x</p>", source="<test>", is_html=True, text=extracted, title="T")
    repaired = repair_article(article)
    assert repaired.text == BODY
    assert [r.kind for r in repaired.removed] == [
        "related",
        "credit",
        "promo",
        "teaser",
        "teaser",
        "teaser",
    ]
    assert repaired.credits == ("Reuters",)


def test_text_from_html_is_not_reflowed() -> None:
    body = "Short line without a stop\n\nsecond paragraph begins in lower case."
    article = Article(raw="<p>x</p>", source="<test>", is_html=True, text=body, title="Talks")
    assert repair_article(article).text == body


# -- credits ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("(With information from EFE)", ["EFE"]),
        ("(Reuters)", ["Reuters"]),
        ("— AP", ["AP"]),
        ("With information from AFP and EFE", ["AFP", "EFE"]),
        ("(Con información de EFE y Europa Press)", ["EFE", "Europa Press"]),
        ("Com informações da Reuters", ["Reuters"]),
        ("(Avec AFP)", ["AFP"]),
        ("Mit Material von dpa", ["dpa"]),
        ("Fuente: Agencia EFE", ["EFE"]),
        ("Reporting by Jane Doe in Lima; Editing by Tom Hart", []),
        ("Copyright 2024 The Associated Press. All rights reserved.", ["AP"]),
    ],
)
def test_credit_lines(line: str, names: list[str]) -> None:
    assert credits.parse_credit(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "Reuters reported that the talks had failed.",
        "With information from the ministry, the committee decided to act.",
        "AP",
    ],
)
def test_sentences_are_not_credit_lines(line: str) -> None:
    assert credits.parse_credit(line) is None


@pytest.mark.parametrize(
    ("lead", "names"),
    [
        ("HAVANA (EFE) — The talks began.", ["EFE"]),
        ("JEDDAH, Saudi Arabia, May 12 (Reuters) - Sudan's army signed.", ["Reuters"]),
        ("The agency (AP) said it would appeal.", []),
    ],
)
def test_dateline_credits(lead: str, names: list[str]) -> None:
    assert credits.dateline_credit(lead) == names


def test_credit_glued_to_the_last_paragraph_is_split_off() -> None:
    article = repair("The vote is due on Friday.\n\nThe minister said he expects to win. (Reuters)")
    assert (article.text or "").endswith("expects to win.")
    assert article.credits == ("Reuters",)
    assert [r.kind for r in article.removed] == ["credit"]


# -- boilerplate ------------------------------------------------------------------------------

BODY = (
    "The foreign ministers met in the capital on Monday to discuss the border dispute.\n\n"
    "They agreed to meet again next month, according to a joint statement.\n\n"
    "Both sides said the talks had been constructive and that a treaty was within reach."
)


@pytest.mark.parametrize(
    "label",
    [
        "Latest News",
        "Keep reading:",
        "Most read",
        "Últimas noticias",
        "Mais lidas",
        "Dernières nouvelles",
        "Weitere Nachrichten",
        "Editor's Picks",
        "Sur le même sujet",
        "Leia também",
        "Das könnte Sie auch interessieren",
        "Te puede interesar",
    ],
)
def test_section_labels(label: str) -> None:
    assert is_label(label)


@pytest.mark.parametrize("line", ["Border demarcation", "The talks resumed.", "Read the report"])
def test_headings_and_sentences_are_not_labels(line: str) -> None:
    assert not is_label(line)


def test_teaser_block_after_a_label_is_removed() -> None:
    text = (
        BODY + "\n\nLatest News\n\nFloods leave nine dead in northern Italy\n\n"
        "Thousands were evacuated after days of rain\n\nChile elects a constitutional council\n\n"
        "The vote was held on Sunday"
    )
    article = repair(text)
    assert article.text == BODY
    assert {r.kind for r in article.removed} == {"teaser"}
    assert len(article.removed) == 5


def test_body_resumes_after_a_teaser_block_in_the_middle() -> None:
    later = (
        "Negotiators will return to the capital next week, and both delegations said they "
        "expected to settle the remaining articles of the treaty before the end of the year, "
        "although several questions about transport routes and the constitution remain open."
    )
    text = (
        BODY + "\n\nMore stories\n\nFloods leave nine dead\n\nThousands were evacuated.\n\n" + later
    )
    assert repair(text).text == BODY + "\n\n" + later


def test_top_bullets_are_related_links_and_key_points_stay() -> None:
    related = repair("• Oil deal on the table\n\n• Elections next year\n\n" + BODY)
    assert related.text == BODY and [r.kind for r in related.removed] == ["related", "related"]
    point = "• The foreign ministers agreed to meet again next month in the capital."
    assert body_of(point + "\n\n" + BODY).startswith(point)


@pytest.mark.parametrize(
    ("tail", "tags"),
    [
        (
            "Know more\n\n• USA\n\n• Cuba\n\n• Andres Manuel Lopez Obrador",
            ["USA", "Cuba", "Andres Manuel Lopez Obrador"],
        ),
        ("Tags: Migration, Panama; Darien", ["Migration", "Panama", "Darien"]),
        ("Mots-clés : Niger, Sahel", ["Niger", "Sahel"]),
        ("• Russia\n• Ukraine\n• Prisoners of war", ["Russia", "Ukraine", "Prisoners of war"]),
    ],
)
def test_tag_lists(tail: str, tags: list[str]) -> None:
    article = repair(BODY + "\n\n" + tail)
    assert article.text == BODY
    assert list(article.tags) == tags
    assert {r.kind for r in article.removed} == {"tags"}


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Conforms to The Trust Project criteria", "promo"),
        ("Sign up for our morning newsletter", "promo"),
        ("Advertisement", "promo"),
        ("Suscríbete a nuestro boletín", "promo"),
        ("Siga-nos no Instagram", "promo"),
        ("Abonnez-vous à notre newsletter", "promo"),
        ("Folgen Sie uns auf Twitter", "promo"),
        ("Share on: Facebook Twitter WhatsApp", "navigation"),
        ("Home > World > Americas", "navigation"),
        ("Photo: Protesters near the parliament building.", "caption"),
        ("Our Standards: The Thomson Reuters Trust Principles.", "promo"),
        ("Join our commenting forum", "promo"),
        ("* * *", "other"),
        ("Read more: Floods leave nine dead in northern Italy", "related"),
        ("Lee también: Costa Rica declara la emergencia", "related"),
    ],
)
def test_single_boilerplate_lines(line: str, kind: str) -> None:
    article = repair(BODY + "\n\n" + line)
    assert article.text == BODY
    assert [(r.kind, r.text) for r in article.removed] == [(kind, line)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ukraine hopes to become a member of the European Union by the end of the decade.",
        "More than 100 countries sign up to the pact, officials said.",
        "El Congreso suscribe el acuerdo de paz con la guerrilla.",
        "Lawmakers will read the full report next week.",
    ],
)
def test_body_sentences_with_promotion_words_stay(sentence: str) -> None:
    assert repair(BODY + "\n\n" + sentence).text == BODY + "\n\n" + sentence


def test_headline_prefix_is_not_a_link_label() -> None:
    article = repair("The Latest: Ministers agree to resume talks\n\n" + BODY)
    assert article.title == "The Latest: Ministers agree to resume talks"
    assert article.text == BODY


def test_byline_and_stamp_under_the_title() -> None:
    article = repair("Talks resume in Almaty\n\nBy Jane Doe\n\nPublished 3 May 2024\n\n" + BODY)
    assert (article.title, article.author, article.text) == (
        "Talks resume in Almaty",
        "Jane Doe",
        BODY,
    )


# -- title ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "title"),
    [
        (
            "Armenia and Azerbaijan report progress on peace treaty",
            "Armenia and Azerbaijan report progress on peace treaty",
        ),
        (
            "Stealth Over Health: Clinton Was Headed To The ER.",
            "Stealth Over Health: Clinton Was Headed To The ER.",
        ),
        ("The ministers met in the capital on Monday.", None),
        ("Latest News", None),
    ],
)
def test_title_only_when_the_text_opens_with_one(first: str, title: str | None) -> None:
    assert repair(first + "\n\n" + BODY).title == title


def test_known_title_is_kept_and_not_repeated_in_the_text() -> None:
    article = repair("Talks resume\n\n" + BODY, title="Talks resume")
    assert (article.title, article.text) == ("Talks resume", BODY)


# -- invariants over generated articles -------------------------------------------------------

WORDS = [
    "ministers",
    "officials",
    "agreed",
    "talks",
    "border",
    "treaty",
    "vote",
    "protesters",
    "police",
    "migrants",
    "government",
    "report",
    "week",
    "said",
    "would",
    "meet",
    "again",
    "capital",
    "region",
    "crisis",
    "support",
    "plan",
    "reform",
    "economy",
    "elections",
    "army",
    "rebels",
    "ceasefire",
    "aid",
    "refugees",
    "parliament",
    "court",
    "law",
    "budget",
]
JOINERS = ("in", "of", "with", "from", "to")
NAMES = ("Mexico", "Havana", "the European Union", "Nairobi", "Kyiv", "Jeddah", "Brasília")


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=5, max_size=14))
    if draw(st.booleans()):
        at = draw(st.integers(1, len(words) - 1))
        words[at:at] = [draw(st.sampled_from(JOINERS)), draw(st.sampled_from(NAMES))]
    return (
        words[0].capitalize() + " " + " ".join(words[1:]) + draw(st.sampled_from(".."))
    ).replace(" .", ".")


paragraphs = st.lists(sentences(), min_size=1, max_size=3).map(" ".join)
articles = st.lists(paragraphs, min_size=2, max_size=6)


def split_links(paragraph: str, cuts: list[int]) -> str:
    """Put the words between cut points on lines of their own, as link-splitting scrapers do.

    A link spans a whole name, so no cut falls between two capitalised words ("European" /
    "Union").
    """
    words = paragraph.split(" ")
    inside_name = {
        i for i in range(1, len(words)) if words[i - 1][0].isupper() and words[i][0].isupper()
    }
    bounds = sorted({0, len(words), *(c % len(words) for c in cuts)} - inside_name)
    return "\n\n".join(" ".join(words[a:b]) for a, b in itertools.pairwise(bounds) if a < b)


TEASERS = (
    "Latest News\n\nFloods leave nine dead in northern Italy\n\nThousands were evacuated\n\n"
    "Chile elects a constitutional council\n\nThe vote was held on Sunday."
)
INSERTS = {
    "top": "• Oil and gas: the deal Caracas wants\n\n• Elections, the calendar opponents reject",
    "credit": "(With information from EFE)",
    "promo": "Conforms to The Trust Project criteria",
    "tags": "Know more\n\n• Mexico\n\n• Cuba\n\n• Migration",
    "teasers": TEASERS,
}


@settings(max_examples=60, deadline=None)
@given(articles)
def test_clean_text_comes_back_unchanged(body: list[str]) -> None:
    text = "\n\n".join(body)
    article = repair(text)
    assert (article.text, article.title, article.removed) == (text, None, ())


@settings(max_examples=80, deadline=None)
@given(
    articles,
    st.lists(st.lists(st.integers(0, 40), max_size=4), min_size=6, max_size=6),
    st.sets(st.sampled_from(sorted(INSERTS))),
)
def test_messy_text_keeps_every_sentence_and_loses_the_inserts(
    body: list[str], cuts: list[list[int]], inserts: set[str]
) -> None:
    messy = [split_links(p, c) for p, c in zip(body, cuts, strict=False)]
    head = [INSERTS["top"]] if "top" in inserts else []
    tail = [INSERTS[k] for k in ("credit", "promo", "tags", "teasers") if k in inserts]
    article = repair("\n\n".join(head + messy + tail))
    # A cut at a sentence end starts a new paragraph; every sentence still comes out whole.
    text = article.text or ""
    assert " ".join(text.split()) == " ".join(body)
    assert all(s in text for p in body for s in re.split(r"(?<=\.) ", p))
    assert len(article.removed) == sum(INSERTS[k].count("\n\n") + 1 for k in inserts)
    again = repair(text)
    assert (again.text, again.removed) == (text, ())


def test_an_outlet_name_above_the_headline_is_no_title():
    from newsgraph.clean.repair import repair_article
    from newsgraph.types import Article

    body = (
        "NAIROBI - Kenyan police fired tear gas and water cannon at thousands of protesters in "
        "Nairobi on Tuesday as demonstrations against tax rises spread across the country."
    )
    raw = f"The Guardian\n\nKenya police fire tear gas at protesters\n\n{body}"
    cleaned = repair_article(Article(raw=raw, source="<test>"))
    assert cleaned.title == "Kenya police fire tear gas at protesters"
    assert ("other", "The Guardian") in [(r.kind, r.text) for r in cleaned.removed]
    assert cleaned.text == body
