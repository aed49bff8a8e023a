"""The precision guard of the locations stage: place mentions that are not places.

The small model tags many capitalised words as places, and the gazetteer has a town for almost
any of them ("White House", Ohio; "Congress", Arizona; "Palin", Guatemala; "Eu", France).  A
resolved place is dropped when:

- its name is a seat or body of government standing for it ("the White House", "the Kremlin",
  "Congress", "Downing Street"), or a bloc ("the West") read as a town;
- it is an initialism ("E.U.", "AP") read as a town or county: initialisms name countries,
  states and bodies, not towns;
- it is a town or county whose name is a word of the name of a person the article names
  ("Palin" beside "Sarah Palin", "West" in "Cornel West", "Ivanka"), or one of whose mentions
  lies inside a person's name;
- it is a small town named as the speaker or actor of a verb of saying or doing that only
  people do ("Kasich is telling a crowd", "Palin called a delegate").

``seat_of_government`` says when a capital's name stands for its government ("the regime in
Damascus"): that mention is the capital, never a namesake town elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsgraph.knowledge.countries import country_by_capital, normalise
from newsgraph.knowledge.places import Place
from newsgraph.types import Entity

SEAT_NAMES = frozenset(
    {
        "white house", "kremlin", "pentagon", "congress", "senate", "capitol", "downing street",
        "number 10", "whitehall", "elysee", "elysee palace", "oval office", "state department",
        "justice department", "supreme court", "beltway", "wall street", "foggy bottom",
        "blue house", "zhongnanhai", "knesset", "bundestag", "duma", "parliament",
        "house of commons", "house of lords", "politburo", "quai d orsay",
    }
)  # fmt: skip
_CITY_INITIALS = frozenset({"L.A.", "N.Y.C.", "NYC", "D.C.", "DC"})
_BLOCS = frozenset({"west", "east", "north", "south", "left", "right"})
_LOCAL = frozenset({"city", "admin2"})
_SMALL_TOWN = 100_000
_BIG_CITY = 500_000  # "L.A.", "NYC", "D.C.": a big city's initials are that city
_SEAT_BEFORE = re.compile(
    r"\b(?:regime|government|authorities|leadership|rulers|officials|leaders|junta)\s+in\s+$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r"^\s+(?:is\s+|was\s+|has\s+|had\s+)?(?:said|says|told|telling|called|calls|added|"
    r"argued|asked|tweeted|wrote|answered|stated|replied|insisted|claimed|praised|attacked|"
    r"unleashed|endorsed|campaigned|announced|admitted|denied)\b"
)


def _key(name: str) -> str:
    key = normalise(name)
    return key[4:] if key.startswith("the ") else key


def person_words(entities: Iterable[Entity]) -> frozenset[str]:
    """Every word, and every whole name, of the article's people (folded)."""
    found: set[str] = set()
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for name in {entity.name, *entity.aliases}:
            key = normalise(name)
            found.add(key)
            found.update(word for word in key.split() if len(word) > 2)
    return frozenset(found)


def person_spans(entities: Iterable[Entity]) -> list[tuple[int, int]]:
    """The spans of the article's people's mentions."""
    return [(m.start, m.end) for e in entities if e.type == "PERSON" for m in e.mentions]


def rejected(
    entity: Entity, place: Place, text: str, people: frozenset[str], spans: list[tuple[int, int]]
) -> bool:
    """Whether the place ``entity`` resolved to is no place at all (module notes)."""
    key = _key(entity.name)
    if key in SEAT_NAMES:
        return True
    if place.feature not in _LOCAL:
        return False
    if key in _BLOCS or (_initialism(entity.name) and place.population < _BIG_CITY):
        return True
    if key in people and not country_by_capital(entity.name):
        return True
    inside = any(s <= m.start and m.end <= e for m in entity.mentions for s, e in spans)
    if inside:
        return True
    return place.population < _SMALL_TOWN and all(
        _PERSON_AFTER.match(text[m.end : m.end + 30]) for m in entity.mentions
    )


def _initialism(name: str) -> bool:
    """ "E.U.", "AP", "U.N.": letters alone or with full stops, at most four of them."""
    if name in _CITY_INITIALS:
        return False
    letters = name.replace(".", "").replace(" ", "")
    return 0 < len(letters) <= 4 and (letters.isupper() or "." in name) and letters.isalpha()


def seat_of_government(entity: Entity, text: str) -> bool:
    """Whether a mention of ``entity`` stands for a government ("the regime in Damascus")."""
    return any(_SEAT_BEFORE.search(text[max(0, m.start - 30) : m.start]) for m in entity.mentions)
