"""Pick the headline of a plain-text article, only when the text opens with one.

The first paragraph is the title when it is a single input line, headline-sized, does not read
as a sentence (no final full stop, unless it is in title case) and a longer paragraph follows.
A title already known from metadata or HTML is kept, and dropped from the body when the body
repeats it.  An outlet's name printed above the headline ("Reuters", "The Guardian") is a
masthead, not the title: a name of a few capitalised words that a headline follows.
"""

from __future__ import annotations

from newsgraph.clean.lines import capital_share, ends_sentence, is_bullet, word_count
from newsgraph.clean.reflow import HEADING_MAX_CHARS, TITLE_MAX_WORDS, Paragraph

TITLE_CASE_SHARE = 0.8  # a headline in title case may end with a full stop
MASTHEAD_MAX_WORDS = 4  # "The New York Times", "Associated Press"
BODY_MIN_WORDS = 15  # the paragraph after a headline is body-sized


def pick_title(
    paragraphs: list[Paragraph], known: str | None
) -> tuple[str | None, list[Paragraph]]:
    """Return the title and the paragraphs of the body without it."""
    if known:
        if paragraphs and _same(paragraphs[0].text, known):
            return known, paragraphs[1:]
        return known, paragraphs
    if len(paragraphs) >= 2 and _is_title(paragraphs[0], paragraphs[1]):
        return paragraphs[0].text, paragraphs[1:]
    return None, paragraphs


def split_masthead(paragraphs: list[Paragraph]) -> tuple[str | None, list[Paragraph]]:
    """Take an outlet's name off the top when a headline follows it; return it and the rest."""
    if len(paragraphs) < 3:
        return None, paragraphs
    first = paragraphs[0].text.strip()
    words = first.split()
    name = (
        paragraphs[0].single
        and 0 < len(words) <= MASTHEAD_MAX_WORDS
        and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "&") for w in words)
        and not any(ch.isdigit() or ch in ".:!?," for ch in first)
    )
    if name and _is_title(paragraphs[1], paragraphs[2]):
        return first, paragraphs[1:]
    return None, paragraphs


def _is_title(first: Paragraph, following: Paragraph) -> bool:
    text = first.text
    size = word_count(text)
    if not first.single or is_bullet(text) or size == 0 or size > TITLE_MAX_WORDS:
        return False
    if len(text) > HEADING_MAX_CHARS or text.rstrip().endswith((":", ",", ";")):
        return False
    stripped = text.rstrip(' "”’»')
    sentence = ends_sentence(text) and not stripped.endswith(("?", "!"))
    if sentence and capital_share(text) < TITLE_CASE_SHARE:
        return False
    next_size = word_count(following.text)
    return next_size >= BODY_MIN_WORDS or next_size > size


def _same(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return " ".join(s.lower().split()).strip(" .")

    return key(a) == key(b)
