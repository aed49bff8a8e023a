"""Cross-article keys of people: one key for every way the news writes one person's name.

A person's ``key`` is ``person:<first name> <surname>``, built from the fullest name the
article's cluster has:

- honorifics and titles go ("Mr.", "Sen.", "President"), and so do middle names and initials
  and suffixes ("Donald J. Trump", "Hillary Rodham Clinton", "Joseph R. Biden Jr." keep their
  first name and surname), a possessive and what follows it ("Donald Trump's speech");
- common short forms of a first name stand for the full one ("Joe" and "Joseph", "Bill" and
  "William"), so either spelling gives the same key;
- a cluster with a surname alone ("Mr. Trump", "Trump") takes the full name of the one person
  of that surname the office-holder table knows, unless an honorific of the other gender
  says it is someone else ("Mr. Clinton" is not Hillary Clinton): then the key is the
  honorific and the surname ("person:mr clinton").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from newsgraph.knowledge import actors
from newsgraph.knowledge.countries import normalise

_HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "sir": "m"}
_TITLES = frozenset(
    {"dr", "sen", "rep", "gov", "gen", "director", "speaker", "judge", "justice", "rev", "prof"}
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Short forms -> the full first name (both give the same key).
_SHORT_FORMS = {
    "joe": "joseph", "bill": "william", "will": "william", "mike": "michael", "jim": "james",
    "jimmy": "james", "tim": "timothy", "chris": "christopher", "ben": "benjamin",
    "bernie": "bernard", "rudy": "rudolph", "tom": "thomas", "bob": "robert", "rob": "robert",
    "dick": "richard", "rick": "richard", "dan": "daniel", "dave": "david", "steve": "steven",
    "tony": "anthony", "ed": "edward", "al": "albert", "liz": "elizabeth", "beth": "elizabeth",
    "kate": "katherine", "pat": "patrick", "nick": "nicholas", "matt": "matthew",
    "andy": "andrew", "sam": "samuel", "alex": "alexander", "ted": "edward", "newt": "newton",
}  # fmt: skip
# First names whose bearer's gender an honorific may contradict.
_FEMALE = frozenset(
    [
        "hillary",
        "michelle",
        "melania",
        "ivanka",
        "elizabeth",
        "nancy",
        "sarah",
        "kellyanne",
        "huma",
        "jill",
        "carly",
        "condoleezza",
        "madeleine",
        "angela",
        "theresa",
        "marine",
        "nikki",
        "susan",
        "hope",
        "chelsea",
        "tiffany",
        "maria",
        "ana",
        "mary",
        "patricia",
        "jennifer",
        "linda",
        "barbara",
        "margaret",
        "lisa",
        "karen",
        "helen",
        "laura",
        "sandra",
        "amy",
    ]
)
_MALE = frozenset(
    [
        "donald",
        "bill",
        "william",
        "barack",
        "bernard",
        "bernie",
        "ted",
        "marco",
        "john",
        "jeb",
        "ben",
        "chris",
        "mike",
        "michael",
        "tim",
        "paul",
        "mitch",
        "joe",
        "joseph",
        "vladimir",
        "gary",
        "james",
        "jim",
        "rudy",
        "newt",
        "reince",
        "george",
        "barack",
        "harry",
    ]
)

_FIRST_NAMES = _FEMALE | _MALE | frozenset(_SHORT_FORMS) | frozenset(_SHORT_FORMS.values())


def person_key(names: Iterable[str], date: str | None = None) -> str:
    """The cross-article key of a person known by ``names`` in one article (module notes)."""
    honorific = None
    fullest: list[str] = []
    seen: Counter[str] = Counter()
    for name in names:
        words, said = _name_words(name)
        honorific = honorific or said
        seen.update(set(re.findall(r"[a-z]+", normalise(name))))
        if len(words) > len(fullest) or (len(words) == len(fullest) and words > fullest):
            fullest = words
    if len(fullest) >= 2:
        first = _SHORT_FORMS.get(fullest[0], fullest[0])
        # "Donald Trump Tweets" beside "Trump": the surname is the word the cluster repeats.
        surname = max(reversed(fullest[1:]), key=lambda w: seen[w])
        return f"person:{first} {surname}"
    if not fullest:
        return "person:"
    surname = fullest[0]
    known = _known_full_name(surname, date)
    if known is not None and not _contradicts(honorific, known[0]):
        return f"person:{_SHORT_FORMS.get(known[0], known[0])} {known[-1]}"
    if honorific is not None:
        return f"person:{'mr' if honorific == 'm' else 'mrs'} {surname}"
    return f"person:{surname}"


def _name_words(name: str) -> tuple[list[str], str | None]:
    """A name's first name and surname without honorifics, titles, middle names, suffixes or
    stray words around it, and the gender an honorific gives ("m", "f") if any."""
    head = re.split(r"['’]s\b", name)[0]
    if len(head.split()) >= 2:
        name = head  # "Donald Trump's speech", not "That's Jeb Bush"
    capitalised = [w for w in re.split(r"[\s\-]+", name) if w[:1].isupper()]
    words = [w for word in capitalised for w in re.findall(r"[a-z]+", normalise(word))]
    honorific = None
    while words and (
        words[0] in _HONORIFICS or words[0] in _TITLES or words[0] in actors.TITLE_WORDS
    ):
        honorific = honorific or _HONORIFICS.get(words[0])
        words.pop(0)
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    words = [w for w in words if len(w) > 1]
    if len(words) > 2:
        known = [w for w in words[:-1] if w in _FIRST_NAMES]
        start = words.index(known[0]) if known else 0
        words = words[start:]
    return words, honorific


def _known_full_name(surname: str, date: str | None) -> list[str] | None:
    holding = actors.office_holder(surname, date)
    if holding is None:
        return None
    words, _ = _name_words(holding.name)
    return words if len(words) >= 2 and words[-1] == surname else None


def _contradicts(honorific: str | None, first: str) -> bool:
    if honorific == "m":
        return first in _FEMALE
    if honorific == "f":
        return first in _MALE
    return False


def genders_differ(name: str, other: str) -> bool:
    """Whether two names of a surname are of people of different genders by their honorifics
    or first names ("Mr. Clinton" and "Hillary Clinton" or "Mrs. Clinton")."""
    first, second = _gender(name), _gender(other)
    return first is not None and second is not None and first != second


def _gender(name: str) -> str | None:
    words, honorific = _name_words(name)
    if honorific is not None:
        return honorific
    if len(words) >= 2:
        return "f" if words[0] in _FEMALE else "m" if words[0] in _MALE else None
    return None


_BEFORE = re.compile(r"(?:^|(?<=\s))(Mr|Mrs|Ms|Miss)\.?\s+$")


def honorific_before(text: str, start: int) -> str:
    """The honorific written just before ``start`` ("Mr. "), or ""."""
    found = _BEFORE.search(text, max(0, start - 6), start)
    return found.group() if found else ""
