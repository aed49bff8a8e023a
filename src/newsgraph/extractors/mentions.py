"""Name mentions: spaCy's entity spans, repaired where the small model is weak on news.

Repairs, each for a failure seen on wire copy:
- spans are trimmed of a leading "the", trailing space and "'s", and cut at a paragraph break;
- a span is widened to the left over proper nouns the model left out ("Alejandro Mayorkas"
  tagged as "Mayorkas");
- an acronym defined in parentheses, "Organization of American States (OAS)", becomes an
  acronym mention linked to its expansion; when no entity covers the expansion, the run of
  capitalised words before the parenthesis becomes one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.knowledge.actors import ORG_WORDS, TITLE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"})
_CONNECTORS = frozenset({"of", "and", "the", "for", "de", "del", "la", "on", "&"})
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]?[A-Z.&]{1,7})\)")
_HEAD_OF = re.compile(r"((?:[A-Z][a-z]+ )*[A-Z][a-z]+) of (?:the )?")
_WORD = re.compile(r"[\w’'.&-]+")


@dataclass(frozen=True)
class NameMention:
    """A named span before clustering; ``defines`` links an acronym to its expansion."""

    start: int
    end: int
    text: str
    label: str
    kind: str = "name"
    defines: tuple[int, int] | None = None


def find_name_mentions(doc: Doc) -> list[NameMention]:
    """Named mentions in ``doc`` after the repairs above, in text order, without overlaps."""
    text = doc.text
    # Token.is_sent_start scans the whole document on each call; collect the starts once.
    starts = {sentence.start for sentence in doc.sents}
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        if _in_capitals(text, ent.start_char):
            continue  # a headline in capitals: the model's labels there are noise
        start = _widen_left(doc, text, ent.start, starts)
        span = _trim(text, doc[start].idx, ent.end_char)
        if span:
            label = ent.label_
            head = _head_of(text, span[0])
            if head is not None:
                span, label = (head, span[1]), "ORG"
            mentions.append(NameMention(span[0], span[1], text[span[0] : span[1]], label))
    mentions = _add_acronyms(text, mentions)
    return _without_overlaps(mentions)


def _widen_left(doc: Doc, text: str, start: int, starts: set[int]) -> int:
    """Take in proper nouns just before the span ("Alejandro" of "Alejandro Mayorkas")."""
    while start > 0:
        token = doc[start - 1]
        if (
            token.pos_ != "PROPN"
            or not token.text[:1].isupper()
            or token.ent_type_
            or token.lower_ in TITLE_WORDS
            or token.i in starts
            or start in starts
            or "\n" in text[token.idx : doc[start].idx]
        ):
            break
        start -= 1
    return start


def _in_capitals(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) > 8 and all(ch.isupper() for ch in letters)


def _head_of(text: str, start: int) -> int | None:
    """Where "Summit of the" starts when a name ("Americas") follows it: the name's head."""
    match = _HEAD_OF.search(text, max(0, start - 60), start)
    if match is None or match.end() != start:
        return None
    head = match.group(1)
    if head.split()[0].lower() in TITLE_WORDS:
        return None  # "Secretary of Homeland Security" is a title, not a body's name
    opens_sentence = re.search(r"(^|[.!?\n\"“]\s*)$", text[: match.start()]) is not None
    if opens_sentence and head.split()[0].lower() not in ORG_WORDS:
        return None
    return match.start()


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop a leading article, surrounding space, a possessive and all but one paragraph."""
    piece = text[start:end]
    if "\n" in piece.strip():
        # Keep the capitalised part of a span that runs over a line break ("the\n\nOAS").
        parts = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", piece)]
        kept = [p for p in parts if piece[p[0] : p[1]].strip()[:1].isupper()]
        if not kept:
            return None
        start, end = start + kept[0][0], start + kept[0][1]
        piece = text[start:end]
    lead = re.match(r"(?:[Tt]he\s+)?\s*", piece)
    start += lead.end() if lead else 0
    while end > start and text[end - 1] in " \t\n,;:":
        end -= 1
    if text[end - 1] == "." and "." not in text[start : end - 1]:
        end -= 1  # a full stop, not the last dot of "U.S."
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    if end - start < 2 or not any(ch.isupper() for ch in text[start:end]):
        return None
    return start, end


def _add_acronyms(text: str, mentions: list[NameMention]) -> list[NameMention]:
    """Link each "(ACR)" to the name before it, creating that name when no entity has it."""
    added = []
    for match in _ACRONYM.finditer(text):
        run = _capitalised_run(text, match.start())
        if run is None:
            continue
        # An entity ending where the run ends is the expansion ("... Obrador (AMLO)").
        before = [m for m in mentions if m.kind == "name" and m.start < run[1] <= m.end]
        if before:
            target = max(before, key=lambda m: m.end)
            definition = (target.start, target.end)
        else:
            definition = run
            mentions = [m for m in mentions if m.end <= run[0] or m.start >= run[1]]
            added.append(NameMention(run[0], run[1], text[run[0] : run[1]], "ORG"))
        start, end = match.span(1)
        mentions = [m for m in mentions if m.end <= start or m.start >= end]
        added.append(NameMention(start, end, match.group(1), "ORG", "acronym", definition))
    return mentions + added


def _capitalised_run(text: str, paren: int) -> tuple[int, int] | None:
    """The run of capitalised words (with "of", "and"...) that ends just before ``paren``."""
    end = paren
    while end > 0 and text[end - 1] == " ":
        end -= 1
    words = list(_WORD.finditer(text, max(0, end - 120), end))
    start = None
    for word in reversed(words):
        token = word.group()
        if text[word.end() : end].strip(" "):
            break  # punctuation between words ends the run
        if token[:1].isupper():
            start = word.start()
        elif token.lower() not in _CONNECTORS:
            break
        end = word.start()
        while end > 0 and text[end - 1] == " ":
            end -= 1
    if start is None:
        return None
    stop = paren
    while text[stop - 1] == " ":
        stop -= 1
    return start, stop


def _without_overlaps(mentions: list[NameMention]) -> list[NameMention]:
    """Keep the longer of two overlapping mentions (acronyms never overlap names)."""
    chosen: list[NameMention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)
