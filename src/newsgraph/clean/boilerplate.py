"""Sort the lines of a scraped article into body and boilerplate.

Each rule looks at one line's shape (length, final punctuation, bullet, case), its position
(top, after a section label, after the closing credit, at the end) and, for link blocks, how
much of its topic vocabulary it shares with the body above it.  The thresholds are named
constants below and documented, with their reasons, in docs/cleaning.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsgraph.clean import credits as credit_rules
from newsgraph.clean import leftovers, phrases
from newsgraph.clean.lines import (
    Line,
    ends_sentence,
    ends_with_connector,
    is_bullet,
    overlap,
    starts_continuation,
    strip_bullet,
    vocabulary,
    word_count,
    word_set,
)
from newsgraph.types import Removed

LABEL_MAX_WORDS = 6  # a section label is at most this long
TAG_MAX_WORDS = 5  # a topic tag is at most this long
TAG_LIST_MIN = 3  # an unlabelled run of bullets at the end is a tag list from this many items
HEADLINE_MAX_WORDS = 25  # a teaser headline is at most this long
DEK_MAX_WORDS = 70  # the summary line under a teaser headline is at most this long
TOPIC_OVERLAP = 0.15  # below this share of shared topic words a line is off the article's topic
PROMO_MAX_WORDS = 30  # promotion, navigation and credit lines are short
CAPTION_MAX_WORDS = 40
BYLINE_MAX_WORDS = 8
SUMMARY_MIN_WORDS = 10  # a bullet above the lead this long, ending in a full stop, is a key point
END_SHARE = 0.6  # the last 40% of the lines are the end of the article
TOP_LINES = 4  # bylines and publication stamps sit within the first lines

_GENERIC = word_set(
    "the in from you may might like could this now world out de lo à le sur en das sie "
    "zum mit te puede our in this week today's must other"
)
_BYLINE = re.compile(r"^(?i:by|por|par|von|de)\s+[A-ZÁÉÍÓÚÑ][\w.'’-]+(?:\s+[\w.'’-]+){0,6}$")
_STAMP = re.compile(
    r"^(?:published|updated|last updated|posted|publicado|actualizado|atualizado|publié|"
    r"mis à jour|veröffentlicht|aktualisiert|stand)\b.{0,60}$",
    re.I,
)
# A section break drawn with symbols ("* * *", "::", "-----").
_SEPARATOR = re.compile(r"^[\s*_=~#•·:+\-–—]{2,}$")
_TAG_SPLIT = re.compile(r"\s*(?:,|;|\||·|•|/)\s*")


@dataclass
class Sorting:
    """The outcome of sorting: kept lines and what was taken out, with why."""

    lines: list[Line]
    marks: list[str | None]
    tags: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    author: str | None = None
    published: str | None = None
    """The day a publication stamp among the top lines states."""

    def kept(self) -> list[Line]:
        """The body lines, in order."""
        return [line for line, mark in zip(self.lines, self.marks, strict=True) if mark is None]

    def removed(self) -> list[Removed]:
        """What was taken out, in input order, with its kind."""
        return [
            Removed(mark, line.text)
            for line, mark in zip(self.lines, self.marks, strict=True)
            if mark is not None
        ]

    def open_indices(self, start: int = 0) -> list[int]:
        """Indices of the lines from ``start`` on that no rule has marked yet."""
        return [i for i in range(start, len(self.lines)) if self.marks[i] is None]


def sort_lines(lines: list[Line]) -> Sorting:
    """Mark every boilerplate line of ``lines`` with its kind; body lines stay unmarked."""
    sorting = Sorting(lines, [None] * len(lines))
    _mark_single_lines(sorting)
    _mark_top(sorting)
    _mark_labelled_blocks(sorting)
    _mark_tail_tags(sorting)
    _mark_after_credit(sorting)
    leftovers.mark(sorting)
    return sorting


def is_label(text: str) -> bool:
    """Whether ``text`` is a section label over a block of links or tags ("Latest news")."""
    stripped = strip_bullet(text).rstrip(" :»›>….-–—|")
    if not stripped or (text.rstrip()[-1] in ".!?" and not text.rstrip().endswith("...")):
        return False
    if phrases.TAG_LABELS.match(stripped):
        return True
    key = phrases.label_key(stripped).split()
    if not key or len(key) > LABEL_MAX_WORDS:
        return False
    return all(w in phrases.LABEL_WORDS for w in key) and any(w not in _GENERIC for w in key)


def _at_boundary(sorting: Sorting, i: int) -> bool:
    """Whether line ``i`` starts a paragraph rather than continuing a split sentence."""
    text = sorting.lines[i].text
    if starts_continuation(text):
        return False
    previous = sorting.lines[i - 1].text if i > 0 else ""
    return i == 0 or sorting.marks[i - 1] is not None or not ends_with_connector(previous)


def _mark_single_lines(sorting: Sorting) -> None:
    """Promotion, navigation, captions, credits and inline-labelled links, line by line."""
    count = len(sorting.lines)
    for i, line in enumerate(sorting.lines):
        if not _at_boundary(sorting, i):
            continue
        text, size = line.text, word_count(line.text)
        at_end = i >= count * END_SHARE and (i == 0 or ends_sentence(sorting.lines[i - 1].text))
        named = credit_rules.parse_credit(text, at_end=at_end) if size <= PROMO_MAX_WORDS else None
        if _SEPARATOR.match(text):
            sorting.marks[i] = "other"
        elif named is not None:
            sorting.marks[i] = "credit"
            sorting.credits.extend(named)
        elif size <= PROMO_MAX_WORDS and phrases.is_promo(text):
            sorting.marks[i] = "promo"
        elif size <= PROMO_MAX_WORDS and phrases.NAVIGATION.search(strip_bullet(text)):
            sorting.marks[i] = "navigation"
        elif size <= CAPTION_MAX_WORDS and phrases.is_caption(text):
            sorting.marks[i] = "caption"
        else:
            _mark_inline_label(sorting, i)


def _mark_inline_label(sorting: Sorting, i: int) -> None:
    """ "Read more: <headline>" is a related link; "Tags: a, b, c" is a tag list."""
    text = strip_bullet(sorting.lines[i].text)
    match = phrases.INLINE_LABEL.match(text)
    if not match or not is_label(match.group(1)):
        return
    head, rest = match.group(1), match.group(2)
    if phrases.TAG_LABELS.match(head.strip()):
        items = [t.strip(" .") for t in _TAG_SPLIT.split(rest) if t.strip(" .")]
        if items and all(word_count(t) <= TAG_MAX_WORDS for t in items):
            sorting.marks[i] = "tags"
            sorting.tags.extend(items)
        return
    pointing = set(phrases.label_key(head).split()) & phrases.POINTING_WORDS
    if pointing and word_count(rest) <= HEADLINE_MAX_WORDS + DEK_MAX_WORDS:
        sorting.marks[i] = "related"


def _mark_top(sorting: Sorting) -> None:
    """Bullets above the lead are related-article links; bylines and stamps are removed."""
    open_lines = sorting.open_indices()
    seen_text = False
    for position, i in enumerate(open_lines):
        text = sorting.lines[i].text
        if is_bullet(text):
            summary = text.rstrip().endswith(".") and word_count(text) >= SUMMARY_MIN_WORDS
            if summary and overlap(text, _body_vocabulary(sorting, open_lines)) >= TOPIC_OVERLAP:
                return
            sorting.marks[i] = "related"
        elif position < TOP_LINES and _is_byline(text):
            sorting.marks[i] = "other"
            if _BYLINE.match(text) and sorting.author is None:
                sorting.author = text.split(None, 1)[1]
            elif _STAMP.match(text) and sorting.published is None:
                sorting.published = leftovers.stamp_date(text)
        elif seen_text or word_count(text) > HEADLINE_MAX_WORDS:
            return
        else:
            seen_text = True  # a headline may stand above the related links


def _body_vocabulary(sorting: Sorting, indices: list[int]) -> set[str]:
    """Topic words of the paragraph-sized lines among ``indices``."""
    texts = (sorting.lines[i].text for i in indices)
    return vocabulary(t for t in texts if word_count(t) >= SUMMARY_MIN_WORDS)


def _is_byline(text: str) -> bool:
    if word_count(text) > BYLINE_MAX_WORDS or ends_sentence(text):
        return False
    return bool(_BYLINE.match(text) or _STAMP.match(text))


def _mark_labelled_blocks(sorting: Sorting) -> None:
    """A section label and the links or tags listed under it."""
    i = 0
    while i < len(sorting.lines):
        if (
            sorting.marks[i] is None
            and _at_boundary(sorting, i)
            and is_label(sorting.lines[i].text)
            and not _continued(sorting, i)
        ):
            i = _mark_block(sorting, i)
        else:
            i += 1


def _mark_block(sorting: Sorting, label: int) -> int:
    """Mark the block under the label at ``label``; return the index after it."""
    items = _list_items(sorting, label + 1)
    if len(items) >= 2 or (items and phrases.TAG_LABELS.match(_label_text(sorting, label))):
        sorting.marks[label] = "tags"
        for i in items:
            sorting.marks[i] = "tags"
            sorting.tags.append(strip_bullet(sorting.lines[i].text).rstrip(" ."))
        return items[-1] + 1
    key = set(phrases.label_key(sorting.lines[label].text).split())
    kind = "related" if key & phrases.RELATED_WORDS else "teaser"
    sorting.marks[label] = kind
    return _mark_teasers(sorting, label, kind)


def _label_text(sorting: Sorting, i: int) -> str:
    return strip_bullet(sorting.lines[i].text).rstrip(" :»›>….-–—|")


def _list_items(sorting: Sorting, start: int) -> list[int]:
    """The run of short, unpunctuated list items (a tag list) starting at ``start``."""
    items = []
    for i in range(start, len(sorting.lines)):
        text = sorting.lines[i].text
        if sorting.marks[i] is not None:
            break
        short = word_count(strip_bullet(text)) <= TAG_MAX_WORDS and not ends_sentence(text)
        if not short or is_label(text):
            break
        items.append(i)
    return items


def _mark_teasers(sorting: Sorting, label: int, kind: str) -> int:
    """Headline (+ summary) pairs under a label, until a line that reads as body again.

    Teasers follow the shape headline, then one summary line; the first line under a label
    is always a headline.  A continuation of a split sentence, a line longer than a summary,
    or a sentence that follows no headline is body and ends the block.
    """
    after_headline = False
    i = label + 1
    while i < len(sorting.lines):
        text = sorting.lines[i].text
        if sorting.marks[i] is not None:
            after_headline = False
        elif starts_continuation(text) or word_count(text) > DEK_MAX_WORDS:
            break
        elif is_label(text) or _starts_tag_run(sorting, i):
            break  # the next block, which is sorted on its own
        elif _continued(sorting, i):
            break  # a sentence split at a link: body
        elif _is_headline(text) or (i == label + 1 and word_count(text) <= HEADLINE_MAX_WORDS):
            sorting.marks[i], after_headline = kind, True
        elif after_headline:
            sorting.marks[i], after_headline = kind, False
        else:
            break
        i += 1
    return i


def _vocabulary_before(sorting: Sorting, start: int) -> set[str]:
    """Topic words of the unmarked lines before ``start``: the body a block follows."""
    return vocabulary(
        line.text
        for line, mark in zip(sorting.lines[:start], sorting.marks, strict=False)
        if mark is None
    )


def _continued(sorting: Sorting, i: int) -> bool:
    """Whether the line after ``i`` carries on its sentence (so ``i`` is body, not a teaser)."""
    following = sorting.lines[i + 1].text if i + 1 < len(sorting.lines) else ""
    return starts_continuation(following) and not ends_sentence(sorting.lines[i].text)


def _starts_tag_run(sorting: Sorting, start: int) -> bool:
    """Whether a run of short bullets (a tag list, not a headline) starts at ``start``."""
    items = _list_items(sorting, start)
    bullets = [i for i in items if is_bullet(sorting.lines[i].text)]
    return len(bullets) >= TAG_LIST_MIN and len(bullets) == len(items)


def _is_headline(text: str) -> bool:
    """A teaser headline: short, not ending with a full stop."""
    stripped = strip_bullet(text)
    if starts_continuation(stripped) or word_count(stripped) > HEADLINE_MAX_WORDS:
        return False
    if ends_with_connector(stripped):
        return False
    # Headlines may end with a question, an exclamation or a cliffhanger ellipsis.
    return not ends_sentence(stripped) or stripped.rstrip(" \"”’»'").endswith(
        ("?", "!", "…", "...")
    )


def _mark_tail_tags(sorting: Sorting) -> None:
    """An unlabelled run of short bullets closing the article is its tag list."""
    run: list[int] = []
    for i in reversed(sorting.open_indices()):
        text = sorting.lines[i].text
        if (
            is_bullet(text)
            and word_count(strip_bullet(text)) <= TAG_MAX_WORDS
            and not ends_sentence(text)
        ):
            run.append(i)
        else:
            break
    if len(run) >= TAG_LIST_MIN:
        for i in reversed(run):
            sorting.marks[i] = "tags"
            sorting.tags.append(strip_bullet(sorting.lines[i].text))


def _mark_after_credit(sorting: Sorting) -> None:
    """The wire credit closes the story: off-topic or headline-shaped lines after it are teasers."""
    credited = [i for i, mark in enumerate(sorting.marks) if mark == "credit"]
    if not credited or credited[-1] < len(sorting.lines) * END_SHARE:
        return
    last = credited[-1]
    body = _vocabulary_before(sorting, last)
    for i in sorting.open_indices(last + 1):
        text = sorting.lines[i].text
        if _is_headline(text) or overlap(text, body) < TOPIC_OVERLAP:
            sorting.marks[i] = "teaser"
        else:
            break
