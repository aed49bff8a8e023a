"""Synthetic full records, for sizing the store and exercising it where extractors are off.

``add_facts`` appends a generated paragraph block to a record's text (so every offset stays
valid) and adds the entities, quotes, counts, places and CAMEO events it states, then gives
the record the id of its new text.  ``vary`` makes a distinct copy of a record (new id, date
and actor countries) to grow a store to a size worth timing.  Labels and Goldstein scores are
those of the CAMEO and GDELT reference tables.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

from newsgraph.clean import article_id
from newsgraph.types import Record

# name, entity type, actor code, country
ACTORS = (
    ("Mexico", "GPE", "MEX", "MEX"),
    ("Guatemala", "GPE", "GTM", "GTM"),
    ("the Mexican government", "ORG", "MEXGOV", "MEX"),
    ("the Guatemalan army", "ORG", "GTMMIL", "GTM"),
    ("the United Nations", "ORG", "IGOUNO", None),
    ("Maria Lopez", "PERSON", "MEXGOV", "MEX"),
    ("Jorge Ramirez", "PERSON", "GTMOPP", "GTM"),
    ("the Cuban opposition", "ORG", "CUBOPP", "CUB"),
    ("Washington", "GPE", "USAGOV", "USA"),
    ("Carlos Vega", "PERSON", "USAGOV", "USA"),
)
# code, root, label, quad class, Goldstein score, the words that state it
ACTIONS = (
    ("042", "04", "Make a visit", 1, 1.9, "visited"),
    ("036", "03", "Express intent to meet or negotiate", 1, 4.0, "offered talks with"),
    ("057", "05", "Sign formal agreement", 1, 8.0, "signed an agreement with"),
    ("061", "06", "Cooperate economically", 2, 6.4, "opened trade with"),
    ("112", "11", "Accuse", 3, -2.0, "accused"),
    ("130", "13", "Threaten", 3, -4.4, "threatened"),
    ("173", "17", "Arrest, detain, or charge with legal action", 4, -5.0, "detained members of"),
    ("190", "19", "Use conventional military force", 4, -10.0, "attacked"),
)
# name, ISO country, admin1, latitude, longitude, GeoNames id, feature
PLACES = (
    ("Mexico City", "MEX", "Ciudad de Mexico", 19.4285, -99.1277, 3530597, "city"),
    ("Guatemala City", "GTM", "Guatemala", 14.6407, -90.5133, 3598132, "city"),
    ("Havana", "CUB", "La Habana", 23.1330, -82.3830, 3553478, "city"),
    ("Texas", "USA", "Texas", 31.2504, -99.2506, 4736286, "admin1"),
)
COUNTED = (("migrants", "MIGRATION", "crossed the border"), ("protesters", "ARREST", "were held"))
SAYINGS = (
    "We will not accept pressure from anyone",
    "The agreement protects families on both sides of the border",
    "Nobody should be detained for speaking out",
    "The talks will continue next week",
)


class _Text:
    """Builds a text piece by piece, remembering where each piece landed."""

    def __init__(self, text: str) -> None:
        self.text = text

    def add(self, piece: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += piece
        return start, len(self.text)


def add_facts(record: Record, rng: random.Random, events: int = 3) -> Record:
    """A copy of ``record`` with a generated paragraph block and the facts it states."""
    record = copy.deepcopy(record)
    text = _Text(record["text"].rstrip() + "\n\n")
    entities: dict[str, dict[str, Any]] = {e["name"]: e for e in record["entities"]}

    def mention(actor: tuple[str, str, str, str | None]) -> dict[str, Any]:
        name, kind, code, country = actor
        start, end = text.add(name)
        entity = entities.setdefault(name, {
            "id": f"e{len(entities) + 1}", "name": name, "type": kind, "aliases": [name],
            "mentions": [], "country": country, "actor": code, "roles": [],
            "role_source": None, "key": None,
        })  # fmt: skip
        entity["mentions"].append({"start": start, "end": end})
        return {"entity": entity["id"], "name": name, "actor": code}

    for _ in range(events):
        source, target = rng.sample(ACTORS, 2)
        code, root, label, quad, goldstein, words = rng.choice(ACTIONS)
        place = rng.choice(PLACES)
        start = len(text.text)
        actor1 = mention(source)
        text.add(f" {words} ")
        actor2 = mention(target)
        text.add(" in ")
        place_start, place_end = text.add(place[0])
        text.add(".\n\n")
        location = dict(zip(("name", "country", "admin1", "lat", "lon", "geonames_id", "feature"),
                            place, strict=True))  # fmt: skip
        location.update(start=place_start, end=place_end, entity=None)
        record["locations"].append(location)
        record["events"].append({
            "code": code, "root": root, "name": label, "quad_class": quad,
            "goldstein": goldstein, "source": actor1, "target": actor2, "location": location,
            "date": record.get("published"), "start": start, "end": place_end + 1,
            "trigger": words.split()[0], "confidence": round(rng.uniform(0.5, 1.0), 2),
            "plover": None, "mentions": [],
        })  # fmt: skip
    _add_quote(record, text, rng, mention)
    _add_count(record, text, rng)
    record["text"] = text.text.rstrip("\n")
    record["entities"] = list(entities.values())
    record["themes"] = sorted({*record["themes"], rng.choice(["IMMIGRATION", "DIPLOMACY"])})
    record["id"] = article_id(record["text"])
    return record


def _add_quote(record: Record, text: _Text, rng: random.Random, mention: Any) -> None:
    speaker = rng.choice([a for a in ACTORS if a[1] == "PERSON"])
    text.add("“")
    start, end = text.add(rng.choice(SAYINGS))
    text.add(",” said ")
    said = mention(speaker)
    text.add(".\n\n")
    record["quotes"].append({
        "text": text.text[start:end], "start": start, "end": end,
        "speaker": said["entity"], "speaker_name": said["name"], "cue": "said",
    })  # fmt: skip


def _add_count(record: Record, text: _Text, rng: random.Random) -> None:
    thing, kind, verb = rng.choice(COUNTED)
    number = rng.randrange(20, 5000)
    text.add("Officials said ")
    start, end = text.add(f"{number:,} {thing}")
    text.add(f" {verb}.\n\n")
    record["counts"].append(
        {"number": number, "object": thing, "kind": kind, "start": start, "end": end}
    )


def vary(record: Record, rng: random.Random, number: int, day: dt.date) -> Record:
    """A distinct copy of ``record``: published on ``day``, a line more text (a new id) and
    each event's actor countries shuffled among those known."""
    # Only the events change: the other lists are shared with ``record``, not copied.
    record = {**record, "events": copy.deepcopy(record["events"])}
    record["text"] = record["text"] + f"\n\nUpdate {number}."
    record["id"] = article_id(record["text"])
    record["published"] = day.isoformat()
    countries = sorted({a[2][:3] for a in ACTORS if a[3]})
    for event in record["events"]:
        event["date"] = day.isoformat()
        for side in ("source", "target"):
            party = event.get(side)
            if party and party.get("actor") and not party["actor"].startswith("IGO"):
                party["actor"] = rng.choice(countries) + party["actor"][3:]
    return record


def base_record(text: str, published: str | None = None, url: str | None = None) -> Record:
    """An empty record of ``text`` (what a pipeline with no extractor stages would give)."""
    return {
        "id": article_id(text), "url": url, "title": text.split("\n")[0][:80],
        "published": published, "language": "en", "text": text, "removed": [], "tags": [],
        "credits": [], "entities": [], "locations": [], "quotes": [], "counts": [], "dates": [],
        "events": [], "tone": None, "themes": [], "warnings": [],
    }  # fmt: skip
