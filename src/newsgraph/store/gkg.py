"""One GKG 2.1 row (27 columns) per article, built from its stored record.

Lists use GDELT's separators: ``;`` between items, ``#`` between the parts of a count or a
location, ``,`` between a name and its character offset, ``#`` between quotations and ``|``
inside one.  Columns the engine does not produce (V2Themes offsets, GCAM, images, the
self/group reference density of V2Tone) are left empty.
"""

from __future__ import annotations

from typing import Any

from newsgraph.store.gdelt import clean_field, geo_fields, stamp
from newsgraph.types import Record


def _part(value: Any, separators: str = "#;,|") -> str:
    text = clean_field(value)
    for separator in separators:
        text = text.replace(separator, " ")
    return text


def _join(items: list[str], separator: str = ";") -> str:
    return separator.join(items) + (separator if items and separator == ";" else "")


def _locations(record: Record, offsets: bool) -> str:
    items = []
    for loc in record.get("locations") or []:
        fields = geo_fields(loc, adm2=offsets)
        if offsets:
            fields.append(loc.get("start"))
        items.append("#".join(_part(f) for f in fields))
    return _join(items)


def _counts(record: Record, offsets: bool) -> str:
    items = []
    for count in record.get("counts") or []:
        parts = [count.get("kind"), count["number"], count.get("object"), 0, "", "", "", "", "", ""]
        if offsets:
            parts.append(count.get("start"))
        items.append("#".join(_part(p) for p in parts))
    return _join(items)


def _names(record: Record, types: tuple[str, ...], offsets: bool) -> str:
    text = record["text"]
    items: list[str] = []
    for entity in record.get("entities") or []:
        if entity.get("type") not in types:
            continue
        if not offsets:
            items.append(_part(entity["name"]))
            continue
        for mention in entity.get("mentions") or []:
            surface = text[mention["start"] : mention["end"]]
            if surface[:1].isupper():  # names, not the pronouns resolved to the entity
                items.append(f"{_part(surface)},{mention['start']}")
    return _join(sorted(set(items)) if not offsets else items)


def _dates(record: Record) -> str:
    items = []
    for mention in record.get("dates") or []:
        date = mention.get("date") or ""
        parts = [*date.split("-"), "", "", ""][:3]
        resolution = {1: 1, 2: 2, 3: 3}.get(len([p for p in parts if p]), 0)
        if resolution:
            year, month, day = parts
            items.append(
                f"{resolution}#{int(month or 0)}#{int(day or 0)}#{year}#{mention['start']}"
            )
    return _join(items)


def _quotations(record: Record) -> str:
    items = [
        f"{q['start']}|{q['end'] - q['start']}|{_part(q.get('cue'))}|{_part(q['text'])}"
        for q in record.get("quotes") or []
    ]
    return "#".join(items)


def _tone(record: Record) -> str:
    tone = record.get("tone")
    if not tone:
        return ""
    parts = [tone["score"], tone["positive"], tone["negative"], tone["polarity"]]
    return ",".join(clean_field(p) for p in [*parts, tone["activity"], None, tone["word_count"]])


def gkg_row(
    record: Record, number: int, outlet: str | None, source: str | None, added: str
) -> list[str]:
    """The GKG 2.1 row of one article; ``number`` makes the record id unique in the file."""
    date = stamp(record.get("published")) or stamp(added)
    themes = record.get("themes") or []
    amounts = [
        f"{clean_field(c['number'])},{_part(c.get('object'))},{c.get('start')}"
        for c in record.get("counts") or []
    ]
    title = _part(record.get("title"), "<>")
    row = [
        f"{date}-{number}", date, 1, outlet, record.get("url") or source,
        _counts(record, False), _counts(record, True), _join(themes), "",
        _locations(record, False), _locations(record, True),
        _names(record, ("PERSON",), False), _names(record, ("PERSON",), True),
        _names(record, ("ORG",), False), _names(record, ("ORG",), True),
        _tone(record), _dates(record), "", "", "", "", "", _quotations(record),
        _names(record, ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"), True),
        _join(amounts), "", f"<PAGE_TITLE>{title}</PAGE_TITLE>" if title else "",
    ]  # fmt: skip
    return [clean_field(value) for value in row]
