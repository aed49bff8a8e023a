"""Rejoin sentences whose links or bold words were split onto lines of their own.

Scrapers that turn each inline element into its own line leave a sentence in pieces:
"The president of" / "Mexico," / "has made a visit to" / "Havana" / "to reaffirm ...".  A line is
joined to the paragraph before it unless that paragraph is complete (it ends a sentence or a
colon) or is a heading (short, not ending in a connecting word, followed by a real paragraph).
A line that opens in lower case or with a comma always continues the one before.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from newsgraph.clean.lines import (
    Line,
    capital_share,
    ends_sentence,
    ends_with_connector,
    is_all_caps,
    is_bullet,
    opens_sentence,
    starts_continuation,
    word_count,
)

HEADING_MAX_WORDS = 14  # a subheading inside the body is at most this long
TITLE_MAX_WORDS = 25  # the first line of an article may be a headline up to this long
HEADING_MAX_CHARS = 200
FOLLOWER_MIN_WORDS = 6  # what follows a heading is a paragraph, not a split-off link
TITLED_MIN_WORDS = 3  # a title-case line this long is a heading even over a short line
TITLE_CASE = 0.8  # share of capitalised content words that makes a line title case


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the repaired body; ``single`` when it was one input line as given."""

    text: str
    single: bool = True


def reflow(lines: list[Line]) -> list[Paragraph]:
    """Join the lines of a scraped text into paragraphs (see the module docstring)."""
    groups: list[list[str]] = []
    for line in lines:
        if groups and _continues(groups[-1], line.text, first=len(groups) == 1):
            groups[-1].append(line.text)
        else:
            groups.append([line.text])
    return [Paragraph(_join(pieces), single=len(pieces) == 1) for pieces in groups]


def _continues(pieces: list[str], text: str, first: bool) -> bool:
    """Whether the line ``text`` continues the paragraph made of ``pieces``.

    Only the paragraph's first and last lines are looked at, so a long run of joined lines
    costs no more than a short one.
    """
    if is_bullet(text):
        return False
    if is_bullet(pieces[0]) or ends_sentence(pieces[-1]):
        return starts_continuation(text)
    if starts_continuation(text):
        return True
    if pieces[-1].endswith(":"):
        return False
    limit = TITLE_MAX_WORDS if first else HEADING_MAX_WORDS
    return not (len(pieces) == 1 and is_heading(pieces[0], text, limit))


def is_heading(text: str, following: str, limit: int = HEADING_MAX_WORDS) -> bool:
    """Whether ``text`` stands as a heading over ``following`` rather than being cut short."""
    size = word_count(text)
    if size > limit or len(text) > HEADING_MAX_CHARS or ends_with_connector(text):
        return False
    if word_count(following) >= FOLLOWER_MIN_WORDS or ends_sentence(following):
        return True
    # A short line after it: still a heading when it is in title case or capitals, or when the
    # next line opens a new sentence ("The", "With"), which a split-off link never does.
    titled = size >= TITLED_MIN_WORDS and (is_all_caps(text) or capital_share(text) >= TITLE_CASE)
    return titled or opens_sentence(following)


def _join(pieces: list[str]) -> str:
    """Join the lines of one paragraph with spaces, but none before closing punctuation."""
    parts = [pieces[0]]
    for left, right in itertools.pairwise(pieces):
        glued = right[:1] in ",;:.)]…!?" or left.endswith(("(", "[", "“", "«"))
        parts.append(right if glued else " " + right)
    return "".join(parts)
