"""Places the small model misses: capitalised names of prominent gazetteer places.

spaCy's small model leaves many well-known places untagged or tags them as people ("Perth",
"Kharkiv").  A run of capitalised words that is, as a whole, the name of a country, a first-level
division, a world region or a town of ``MIN_POPULATION`` people or more is added as a place
mention when nothing argues against it:

- it overlaps no entity mention, except a person or organisation entity that is nothing but
  that name when the place is a country, a division or a town of
  ``MIN_POPULATION_OVER_ENTITY`` people (the model's usual misreading of a city);
- it is not a seat of government ("White House", ``place_guard``);
- it is not a nationality word, and not a word the article also writes in lower case ("Mobile",
  "Reading", "Nice": common words);
- it does not open a sentence (a capital there says nothing), unless it is two words or more;
- it is no word of a person the article names, and follows no title ("Mr.", "Sen.");
- its words are proper nouns in the parse.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from spacy.tokens import Doc

from newsgraph.extractors import speakers
from newsgraph.extractors.place_guard import SEAT_NAMES
from newsgraph.knowledge.countries import country_by_demonym, normalise
from newsgraph.knowledge.places import prominent_names
from newsgraph.types import Entity

MIN_POPULATION = 20_000
# A name the model gave to a person or organisation is taken back only for a big place.
MIN_POPULATION_OVER_ENTITY = 200_000
_RUN = re.compile(r"(?<![\w'’.-])[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,3}(?![\w'’-])")
_TITLE = re.compile(
    r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|President|Senator|Governor|Judge|St|Saint)\.?\s+$"
)
_OPENERS = '.!?\n"“‘:;—–-('


def missed_places(
    text: str, doc: Doc | None, entities: Iterable[Entity]
) -> list[tuple[int, int, str]]:
    """``(start, end, words)`` of every prominent place name no entity covers (module notes)."""
    if doc is None:
        return []
    entities = list(entities)
    known = prominent_names(MIN_POPULATION)
    big = prominent_names(MIN_POPULATION_OVER_ENTITY)
    spans = sorted(
        (m.start, m.end, e.type in ("PERSON", "ORG") and _only_name(e))
        for e in entities
        for m in e.mentions
    )
    starts = [s[0] for s in spans]
    longest = max((e - s for s, e, _ in spans), default=0)
    people = _person_words(entities)
    lowered = set(re.findall(r"(?<![\w'’-])[a-z][a-z'’-]*", text))
    found = []
    for match in _RUN.finditer(text):
        start, end = match.span()
        key = normalise(match.group())
        if key not in known or country_by_demonym(match.group()) or key in people:
            continue
        if key in lowered or key in SEAT_NAMES:  # "nice", "mobile": common words
            continue
        if _blocked(spans, starts, longest, start, end, over_lone=key in big):
            continue
        if _opens_sentence(text, start) and " " not in key:
            continue
        if _TITLE.search(text[max(0, start - 12) : start]):
            continue
        tokens = speakers.tokens_over(doc, start, end)
        if not len(tokens) or any(t.pos_ != "PROPN" for t in tokens):
            continue
        found.append((start, end, match.group()))
    return found


def _only_name(entity: Entity) -> bool:
    return len({normalise(m.text) for m in entity.mentions}) == 1


def _person_words(entities: list[Entity]) -> set[str]:
    words: set[str] = set()
    for entity in entities:
        if entity.type == "PERSON" and not _only_name(entity):
            for name in entity.aliases:
                words.update(normalise(name).split())
    return words


def _blocked(
    spans: list[tuple[int, int, bool]],
    starts: list[int],
    longest: int,
    start: int,
    end: int,
    over_lone: bool,
) -> bool:
    """Whether a mention overlaps ``start:end`` (an entity that is only this name does not)."""
    low = bisect.bisect_left(starts, start - longest)
    high = bisect.bisect_left(starts, end)
    for s, e, lone in spans[low:high]:
        if s < end and start < e and not (over_lone and lone and s == start and e == end):
            return True
    return False


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \t\u00a0")
    return not before or before[-1] in _OPENERS
