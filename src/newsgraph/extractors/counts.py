"""Counts: numbers of people or things affected, in GDELT's sense.

A count is a number (digits such as "47,331", or words such as "three", "a dozen") with an
approximation before it when there is one ("some 20", "more than 100") and the noun it counts
("Cuban migrants"), or a number standing alone as a noun ("16,657 reached the border").  Its
kind comes from the table in ``count_words``.

Numbers that are not counts are left out: dates and years, times, durations and ages ("24
hours", "at the age of 119", "a 45-year-old"), ordinals, percentages, scores and other
hyphenated modifiers ("four-day tour"), frequencies ("three times"), measures ("six
figures"), ratios ("1 in 4"), a lone "one" ("one of the reasons"), numbers naming a thing
("article 42", "Title 42", "No. 5") and phone numbers.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Doc, Token

from newsgraph.extractors import count_words
from newsgraph.extractors.speakers import words
from newsgraph.parse_labels import preposition
from newsgraph.types import Count, Document

_NOT_COUNTS = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})
_NAMING = words(
    """article section title chapter paragraph no no. number nº resolution rule page room flight
    route line amendment item clause point phase grade level channel district highway
    interstate precinct episode season volume issue version #"""
)
_UNITS = words(
    """second minute hour day week month year decade century time percent per cent percentage
    point degree kilometer kilometre km mile meter metre foot feet inch am pm a.m. p.m.
    o'clock gmt utc cm mm kg kilogram acre hectare figure
    segundo minuto hora día semana mes año década siglo vez ciento porcentaje punto grado
    kilómetro metro milla pie kilo kilogramo hectárea cifra"""
)
_AGE = words("age aged ages")
_APPROX = (
    ("as", "many", "as"),
    ("more", "than"),
    ("fewer", "than"),
    ("less", "than"),
    ("at", "least"),
    ("up", "to"),
    ("an", "estimated"),
    ("some",),
    ("about",),
    ("around",),
    ("nearly",),
    ("almost",),
    ("roughly",),
    ("approximately",),
    ("over",),
    ("only",),
    ("más", "de"),
    ("menos", "de"),
    ("al", "menos"),
    ("cerca", "de"),
    ("alrededor", "de"),
    ("unos",),
    ("unas",),
    ("casi",),
    ("hasta",),
    ("aproximadamente",),
    ("apenas",),
)
_PHONE = re.compile(r"\+?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}")
_RESULTS = ("acomp", "oprd", "xcomp", "ccomp", "advcl", "attr")
_NOUN_ROLES = ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "attr")


def find_counts(document: Document) -> Document:
    """Return ``document`` with the counts found in its text."""
    doc = document.doc
    if doc is None:
        return document
    counts: list[Count] = []
    language = document.article.language
    phones = [m.span() for m in _PHONE.finditer(document.text)]
    i = 0
    while i < len(doc):
        end, value = _number_at(doc, i, language)
        if value is None:
            i += 1
            continue
        if not any(a <= doc[i].idx < b for a, b in phones):
            count = _count(document, doc, i, end, value)
            if count is not None:
                counts.append(count)
        i = end
    return dataclasses.replace(document, counts=tuple(counts))


def _number_at(doc: Doc, i: int, language: str | None) -> tuple[int, float | None]:
    """The end (exclusive token index) and value of a number starting at token ``i``."""
    token = doc[i]
    value = count_words.digits_value(token.text, language)
    if value is not None:
        end = i + 1
        while end < len(doc) and doc[end].lower_ in count_words.SCALES:
            value *= count_words.SCALES[doc[end].lower_]
            end += 1
        return end, value
    end = i
    while end < len(doc) and _word_part(doc, end, i):
        end += 1
    if end == i or (end == i + 1 and token.lower_ in ("a", "an")):
        return i + 1, None
    return end, count_words.word_value([t.lower_ for t in doc[i:end]])


def _word_part(doc: Doc, k: int, start: int) -> bool:
    word = doc[k].lower_
    if word in count_words.UNITS or word in count_words.SCALES:
        return True
    if word in count_words.GROUPS and (k > start or k + 1 < len(doc)):
        return True  # "una docena", "a dozen"
    if word in count_words.ARTICLES and k == start and k + 1 < len(doc):
        following = doc[k + 1].lower_
        return following in count_words.GROUPS or following in (
            "hundred", "thousand", "million", "billion", "millón", "centenar", "millar"
        )  # fmt: skip
    return (
        word in ("and", "y")
        and k > start
        and k + 1 < len(doc)
        and doc[k + 1].lower_ in count_words.UNITS
    )


def _count(document: Document, doc: Doc, i: int, end: int, value: float) -> Count | None:
    first, last = doc[i], doc[end - 1]
    if _excluded(doc, i, end, value):
        return None
    money = _is_money(doc, i, end)
    head = _counted(doc, i, end)
    if head is None and not money and last.dep_ not in _NOUN_ROLES:
        return None
    if head is not None and (head.lemma_.lower() in _UNITS or head.lower_ in _UNITS):
        return None
    start = _approximation_start(doc, i)
    if money and i > 0 and doc[i - 1].text in count_words.CURRENCY:
        start = min(start, doc[i - 1].idx)
    stop = last.idx + len(last)
    obj = None
    if head is not None:
        obj_start = _object_start(doc, end, head)
        obj = document.text[obj_start : head.idx + len(head)]
        stop = head.idx + len(head)
    kind = count_words.kind_of(_kind_words(first, last, head), money)
    return Count(number=value, object=obj, kind=kind, start=start, end=stop)


def _excluded(doc: Doc, i: int, end: int, value: float) -> bool:
    """True for a number that is a date, time, age, measure, ordinal, name part or modifier."""
    first, last = doc[i], doc[end - 1]
    if any(t.ent_type_ in _NOT_COUNTS for t in doc[i:end]):
        return True
    nxt = doc[end] if end < len(doc) else None
    prev = doc[i - 1] if i > 0 else None
    if nxt is not None and (nxt.text in ("-", "–", "%", ":", "/") or nxt.lower_ in _UNITS):
        return True
    if prev is not None and (prev.lower_ in _NAMING or prev.lower_ in _AGE or prev.text == "-"):
        return True
    if i > 1 and doc[i - 2].lower_ in _AGE and prev is not None and prev.lower_ == "of":
        return True  # "at the age of 119"
    if prev is not None and prev.pos_ == "PROPN" and last.head.i == prev.i:
        return True  # part of a name: "Apollo 11"
    if first.like_num and re.fullmatch(r"1[5-9]\d\d|20\d\d", first.text):
        return True  # a year
    if end == i + 1 and first.lower_ in ("one", "a", "an", "uno", "un", "una"):
        return True  # "one of the", "the one": a lone "one" is hardly ever a count
    if _ratio(doc, i, end):
        return True
    return value != value or value <= 0  # NaN or nothing counted


def _ratio(doc: Doc, i: int, end: int) -> bool:
    """ "1 in 4 residents": either side of a ratio."""
    after = end + 1 < len(doc) and doc[end].lower_ in ("in", "out") and doc[end + 1].like_num
    before = i > 1 and doc[i - 1].lower_ == "in" and doc[i - 2].like_num
    return after or before


def _is_money(doc: Doc, i: int, end: int) -> bool:
    if doc[i].ent_type_ == "MONEY":
        return True
    if i > 0 and doc[i - 1].text in count_words.CURRENCY:
        return True
    return end < len(doc) and doc[end].lemma_.lower() in count_words.CURRENCY


def _counted(doc: Doc, i: int, end: int) -> Token | None:
    """The noun a number counts: the noun it modifies, or the noun of "20 of the protesters"."""
    last = doc[end - 1]
    head = last.head
    modifies = last.dep_ in ("nummod", "quantmod", "compound", "amod") and head.i >= end
    if modifies and head.pos_ in ("NOUN", "PROPN") and head.i - end <= 4:
        return head
    if end < len(doc) and preposition(doc[end]) == "of":  # "20 of the", "miles de migrantes"
        objects = [c for c in doc[end].children if c.dep_ == "pobj"]
        if objects and objects[0].pos_ in ("NOUN", "PROPN"):
            return objects[0]
    for k in range(end, min(end + 4, len(doc))):
        token = doc[k]
        plural = token.pos_ in ("NOUN", "PROPN") and token.tag_ in ("NNS", "NNPS")
        if plural and all(t.pos_ in ("ADJ", "PROPN", "NOUN") for t in doc[end:k]):
            return token  # "20 Cubans" parsed loosely
        if token.pos_ not in ("ADJ", "PROPN", "NOUN"):
            break
    return None


def _object_start(doc: Doc, end: int, head: Token) -> int:
    k = end
    while k < head.i and doc[k].lower_ in ("of", "the", "these", "those", "de", "los", "las"):
        k += 1
    return doc[k].idx


def _approximation_start(doc: Doc, i: int) -> int:
    for phrase in _APPROX:
        n = len(phrase)
        if i >= n and tuple(t.lower_ for t in doc[i - n : i]) == phrase:
            return doc[i - n].idx
    return doc[i].idx


def _kind_words(first: Token, last: Token, head: Token | None) -> list[str]:
    """Lemmas that tell what happened to what is counted, then the counted noun itself.

    What happened wins over who it happened to: "arrested three protesters" is an ARREST.
    """
    noun = head if head is not None else last
    events = [c.lemma_ for c in noun.children if c.dep_ in ("acl", "amod", "relcl")]
    if last.head.pos_ in ("ADJ", "VERB"):
        events.append(last.head.lemma_)
    verb = noun.head
    if verb.pos_ in ("VERB", "AUX", "ADJ"):
        events.append(verb.lemma_)
        events += [c.lemma_ for c in verb.children if c.dep_ in _RESULTS and c.i != noun.i]
        # "resultaron heridas": the small Spanish model reads the participle as an object
        events += [c.lemma_ for c in verb.children if c.dep_ == "dobj" and c.pos_ == "ADJ"]
    nouns = [head.lemma_] + [t.lemma_ for t in head.lefts] if head is not None else []
    return events + nouns
