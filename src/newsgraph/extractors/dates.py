"""Dates mentioned in the text, resolved against the publication date when it is known.

Mentions are spaCy's DATE entities together with what the rules below find (weekdays, "tomorrow,
Thursday", full dates); overlapping mentions are merged into one.  ``date`` is an ISO 8601 value
at the precision the text gives: ``2022-04-20`` for a day, ``2021-10`` for a month, ``2021`` for a
year; ``None`` for durations ("six days", "recent months") and whatever cannot be placed.

Relative mentions need the publication date: "Wednesday" is the most recent Wednesday on or
before it when the verb it hangs on is in the past (the usual case in news), the next one when
that verb is in the future ("will meet on Wednesday", "due to take office"), and a weekday that is
the publication day's own is that day; a day without a year ("January 14") is the nearest one to
the publication day, the next one for a future verb; "last October" is the latest October
before the publication month, "next June" the first June after it; a bare month ("in February")
follows the tense like a weekday; "today", "yesterday", "tomorrow" are the publication day and
its neighbours.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from spacy.tokens import Doc

from newsgraph.types import DateMention, Document

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        ("january jan", "february feb", "march mar", "april apr", "may", "june jun",
         "july jul", "august aug", "september sep sept", "october oct", "november nov",
         "december dec")
    )
    for name in names.split()
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_RULES = re.compile(
    rf"\b(?:(?:today|tomorrow|yesterday),?\s+{_WEEKDAY}|(?:last|next|this)\s+{_WEEKDAY}"
    rf"|{_WEEKDAY}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}"
    rf"(?:\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}}|today|tomorrow|yesterday)\b",
    re.IGNORECASE,
)
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}

# Spanish mentions, read by turning them into the English words ``resolve`` knows: "el pasado
# jueves" is "last thursday", "el próximo junio" "next june", "16 de junio de 2023" "16 june
# 2023", "la semana pasada" "last week".  "Mañana" is tomorrow only on its own ("esta mañana"
# is a morning).
_ES_WORDS = {
    "lunes": "monday", "martes": "tuesday", "miercoles": "wednesday", "jueves": "thursday",
    "viernes": "friday", "sabado": "saturday", "domingo": "sunday", "enero": "january",
    "febrero": "february", "marzo": "march", "abril": "april", "mayo": "may", "junio": "june",
    "julio": "july", "agosto": "august", "septiembre": "september", "setiembre": "september",
    "octubre": "october", "noviembre": "november", "diciembre": "december", "hoy": "today",
    "ayer": "yesterday", "manana": "tomorrow", "pasado": "last", "pasada": "last",
    "ultimo": "last", "ultima": "last", "proximo": "next", "proxima": "next", "este": "this",
    "esta": "this", "semana": "week", "mes": "month", "ano": "year",
}  # fmt: skip
_ES_WEEKDAY = r"(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)"
_ES_MONTH = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?ptiembre|octubre|noviembre"
    r"|diciembre)"
)
_ES_WHEN = r"(?:pasad[oa]|pr[óo]xim[oa]|[úu]ltim[oa])"
_RULES_ES = re.compile(
    rf"\b(?:(?:el|la)\s+)?{_ES_WHEN}\s+(?:{_ES_WEEKDAY}|{_ES_MONTH}|semana|mes|año)"
    rf"|\b(?:(?:el|la)\s+)?(?:{_ES_WEEKDAY}|{_ES_MONTH}|semana|mes|año)\s+{_ES_WHEN}"
    rf"|\b\d{{1,2}}\s+de\s+{_ES_MONTH}(?:\s+(?:de|del)\s+\d{{4}})?"
    rf"|\b{_ES_MONTH}\s+(?:de|del)\s+\d{{4}}|\b(?:est[ea])\s+(?:semana|mes|año)"
    rf"|\b(?:el\s+)?{_ES_WEEKDAY}|\ben\s+{_ES_MONTH}(?:\s+(?:de|del)\s+\d{{4}})?|\b(?:hoy|ayer)"
    rf"|(?<!la )(?<!esta )(?<!de )(?<!por )\bmañana\b",
    re.IGNORECASE,
)


def in_english(text: str) -> str:
    """A Spanish date mention in the English words ``resolve`` reads (module notes)."""
    import unicodedata

    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch)
    )
    words = [w for w in re.findall(r"\w+", plain) if w not in ("el", "la", "de", "del", "en")]
    english = [_ES_WORDS.get(w, w) for w in words]
    if len(english) == 2 and english[1] in ("last", "next"):  # "jueves pasado"
        english.reverse()
    if len(english) == 3 and english[0].isdigit() and english[2].isdigit():
        return f"{english[0]} {english[1]} {english[2]}"
    return " ".join(english)


def find_dates(document: Document) -> Document:
    """Return ``document`` with its date mentions, resolved where the text allows."""
    doc = document.doc
    if doc is None:
        return document
    published = _published(document.article.published)
    spans = [
        (e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE" and _is_date(e.text)
    ]
    spanish = doc.lang_ == "es"
    rules = _RULES_ES if spanish else _RULES
    spans += [m.span() for m in rules.finditer(document.text)]
    mentions = []
    for start, end in _merged(spans):
        start, end = _trimmed(document.text, start, end)
        if start >= end:
            continue
        future = _is_future(doc, start, end)
        for a, b in _range_ends(document.text, start, end, published, future):
            text = document.text[a:b]
            said = in_english(text) if spanish else text
            mentions.append(DateMention(text, a, b, resolve(said, published, future)))
    return dataclasses.replace(document, dates=tuple(mentions))


_RANGE = re.compile(r"\s+(?:and|to|through|until)\s+|\s*[-–]\s*")


def _range_ends(
    text: str, start: int, end: int, published: dt.date | None, future: bool
) -> list[tuple[int, int]]:
    """A range whose two ends are dates ("October and February") as its two ends."""
    link = _RANGE.search(text, start, end)
    if link is not None and start < link.start() and link.end() < end:
        left, right = (start, link.start()), (link.end(), end)
        if all(resolve(text[a:b], published, future) for a, b in (left, right)):
            return [left, right]
    return [(start, end)]


_NOT_DATE = re.compile(r"^\d{1,3}$|year-old|years? old|years? of age", re.IGNORECASE)


def _is_date(text: str) -> bool:
    """False for what the parser tags DATE but is an age: "Scott, 43", "a 40-year-old"."""
    return _NOT_DATE.search(text.strip()) is None


def _published(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_EDGE_WORDS = re.compile(
    r"^(?:(?:between|since|from|until|during|on|in|by)\s+)+|(?:[\s,]+(?:and|to|or|through))+$",
    re.IGNORECASE,
)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop linking words at the edges of a mention: "between October and" → "October"."""
    piece = text[start:end]
    lead = _EDGE_WORDS.match(piece)
    if lead and lead.end() < len(piece):
        start += lead.end()
        piece = text[start:end]
    trail = _EDGE_WORDS.search(piece)
    if trail and trail.start() > 0 and trail.end() == len(piece):
        end = start + trail.start()
    return start, end


def _is_future(doc: Doc, start: int, end: int) -> bool:
    """True when the verb the mention hangs on is in the future ("will meet on Wednesday")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    head = span.root
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    if any(c.lower_ in ("will", "'ll", "shall") for c in head.children):
        return True
    if "Fut" in head.morph.get("Tense", []):  # "se reunirán el jueves"
        return True
    if _scheduled(head):
        return True
    return head.tag_ == "VBG" and any(c.lower_ in ("is", "are", "'s") for c in head.children)


_SCHEDULED = frozenset({"due", "set", "scheduled", "expected", "slated", "going", "poised"})


def _scheduled(verb) -> bool:
    """ "due to take office", "set to meet", "is to sign": a to-infinitive of what is planned."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    governor = verb.head
    if governor.lower_ in _SCHEDULED:
        return True
    return governor.lemma_ == "be" and governor.i != verb.i and governor.tag_ != "VBD"


def resolve(text: str, published: dt.date | None, future: bool = False) -> str | None:
    """The ISO date (or month, or year) a date mention names, or None."""
    low = " ".join(text.lower().replace(",", " ").split())
    low = re.sub(r"^(?:on|in|since|by|until|from|the|between|during|before|after)\s+", "", low)
    found = _absolute(low, published, future)
    if found is not None or published is None:
        return found
    return _relative(low, published, future)


def _absolute(low: str, published: dt.date | None, future: bool = False) -> str | None:
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", low)
    if iso:
        return low
    match = re.fullmatch(rf"({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(\d{{4}}))?", low)
    if match:
        month, day, year = match.group(1), match.group(2), match.group(3)
    else:
        match = re.fullmatch(rf"(\d{{1,2}})\s+({_MONTH})(?:\s+(\d{{4}}))?", low)
        if not match:
            return _month_year(low)
        day, month, year = match.group(1), match.group(2), match.group(3)
    if year is not None:
        return _day(int(year), MONTHS[month.rstrip(".")], int(day))
    if published is None:
        return None
    return _yearless(published, MONTHS[month.rstrip(".")], int(day), future)


def _yearless(published: dt.date, month: int, day: int, future: bool) -> str | None:
    """A day named without its year ("January 14"): the first one on or after the publication
    day when the verb is in the future, else the one nearest to it ("due to take office on
    January 14" in an October article is the next January; "on December 28" in a January
    article the last December)."""
    found = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            found.append(dt.date(year, month, day))
        except ValueError:
            continue
    if future:
        found = [d for d in found if d >= published] or found
    if not found:
        return None
    return min(found, key=lambda d: (abs((d - published).days), d)).isoformat()


def _month_year(low: str) -> str | None:
    match = re.fullmatch(rf"({_MONTH})\s+(\d{{4}})", low)
    if match:
        return f"{int(match.group(2)):04d}-{MONTHS[match.group(1).rstrip('.')]:02d}"
    if re.fullmatch(r"(?:1[5-9]|20)\d\d", low):
        return low
    return None


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _relative(low: str, published: dt.date, future: bool) -> str | None:
    words = low.split()
    if len(words) == 2 and words[0] in _RELATIVE_DAYS and words[1] in WEEKDAYS:
        # "tomorrow, Thursday": the weekday wins, as the publication date may be a day off
        # (time zones, late editions): the named weekday nearest to the relative day.
        target = published + dt.timedelta(days=_RELATIVE_DAYS[words[0]])
        delta = (WEEKDAYS.index(words[1]) - target.weekday()) % 7
        return (target + dt.timedelta(days=delta - 7 if delta > 3 else delta)).isoformat()
    if words and words[0] in _RELATIVE_DAYS:
        return (published + dt.timedelta(days=_RELATIVE_DAYS[words[0]])).isoformat()
    modifier = words[0] if len(words) == 2 and words[0] in ("last", "next", "this") else None
    name = words[-1] if words else ""
    if len(words) > 2 or (len(words) == 2 and modifier is None):
        return _unit(low, published)
    if name in WEEKDAYS:
        forward = modifier == "next" or (modifier is None and future)
        skip = modifier == "next"
        return _weekday(published, WEEKDAYS.index(name), forward, skip).isoformat()
    if name.rstrip(".") in MONTHS:
        forward = modifier == "next" or (modifier is None and future)
        return _month(published, MONTHS[name.rstrip(".")], forward, strict=modifier is not None)
    return _unit(low, published)


def _weekday(published: dt.date, weekday: int, forward: bool, skip: bool = False) -> dt.date:
    """The named weekday on or after (``forward``) or on or before the publication day; a
    Sunday article's "Sunday" is that day whatever the tense, and only "next Sunday" (``skip``)
    is a week later."""
    if forward:
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7 or 7 * skip)
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _month(published: dt.date, month: int, forward: bool, strict: bool) -> str:
    year = published.year
    if forward and (month < published.month or (strict and month == published.month)):
        year += 1
    elif not forward and (month > published.month or (strict and month == published.month)):
        year -= 1
    return f"{year:04d}-{month:02d}"


def _unit(low: str, published: dt.date) -> str | None:
    """ "last year", "this month", "next week" and the like."""
    match = re.fullmatch(r"(last|next|this|past)\s+(week|month|year)", low)
    if not match:
        return None
    step = {"last": -1, "past": -1, "next": 1, "this": 0}[match.group(1)]
    if match.group(2) == "year":
        return f"{published.year + step:04d}"
    if match.group(2) == "month":
        month_index = published.year * 12 + published.month - 1 + step
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
    return (published + dt.timedelta(weeks=step)).isoformat()
