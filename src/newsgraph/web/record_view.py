"""What the paste page and the article page show of one record: the marked text and the
details of every mark (shown when it is clicked), each with the sentence it came from."""

from __future__ import annotations

import json
from typing import Any

from newsgraph.store.facts import entity_key
from newsgraph.store.queries import QUAD_CLASSES
from newsgraph.web.highlight import marked_text, sentence_around, spans


def record_view(record: dict[str, Any]) -> dict[str, Any]:
    """The template's view of ``record``: ``html`` (the marked text) and the details lists."""
    text = record["text"]
    names = {e["id"]: e.get("name") for e in record.get("entities") or []}
    anchors = {q["start"] for q in record.get("quotes") or [] if isinstance(q.get("start"), int)}
    anchors |= {e["start"] for e in record.get("events") or [] if isinstance(e.get("start"), int)}
    anchors = {a for a in anchors if 0 <= a <= len(text)}
    return {
        "html": marked_text(text, spans(record), anchors),
        "quotes": [_quote(text, n, q) for n, q in enumerate(record.get("quotes") or [])],
        "events": [_event(text, n, e) for n, e in enumerate(record.get("events") or [])],
        "entities": [_entity(text, e) for e in record.get("entities") or []],
        "places": [_place(text, n, p, names) for n, p in enumerate(record.get("locations") or [])],
        "counts": [_count(text, n, c) for n, c in enumerate(record.get("counts") or [])],
        "removed": record.get("removed") or [],
        "json": json.dumps(record, ensure_ascii=False, indent=1),
    }


def _sentence(text: str, start: Any, end: Any) -> str:
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end:
        return ""
    return sentence_around(text, start, end)


def _quote(text: str, number: int, quote: dict[str, Any]) -> dict[str, Any]:
    return {
        "ref": f"q{number}", "text": quote.get("text"),
        "speaker": quote.get("speaker_name"), "cue": quote.get("cue"),
        "start": quote.get("start"),
        "sentence": _sentence(text, quote.get("start"), quote.get("end")),
    }  # fmt: skip


def _event(text: str, number: int, event: dict[str, Any]) -> dict[str, Any]:
    start, end = event.get("start"), event.get("end")
    sentence = text[start:end].strip() if isinstance(start, int) and isinstance(end, int) else ""
    place = event.get("location") or {}
    return {
        "ref": f"v{number}", "code": event.get("code"), "name": event.get("name"),
        "quad_class": event.get("quad_class"),
        "quad": QUAD_CLASSES.get(event.get("quad_class") or 0, ""),
        "goldstein": event.get("goldstein"), "source": event.get("source") or {},
        "target": event.get("target") or {}, "place": place.get("name"),
        "trigger": event.get("trigger"), "confidence": event.get("confidence"),
        "date": event.get("date"), "start": start, "sentence": sentence,
    }  # fmt: skip


def _entity(text: str, entity: dict[str, Any]) -> dict[str, Any]:
    mentions = entity.get("mentions") or [{}]
    first = mentions[0]
    return {
        "ref": entity["id"], "name": entity.get("name"), "type": entity.get("type"),
        "actor": entity.get("actor"), "country": entity.get("country"),
        "aliases": entity.get("aliases") or [], "roles": entity.get("roles") or [],
        "mentions": len(entity.get("mentions") or []), "key": entity_key(entity),
        "sentence": _sentence(text, first.get("start"), first.get("end")),
    }  # fmt: skip


def _place(text: str, number: int, place: dict[str, Any], names: dict[str, Any]) -> dict[str, Any]:
    return {
        "ref": f"p{number}", "name": place.get("name"), "country": place.get("country"),
        "admin1": place.get("admin1"), "lat": place.get("lat"), "lon": place.get("lon"),
        "feature": place.get("feature"), "entity": names.get(place.get("entity") or ""),
        "sentence": _sentence(text, place.get("start"), place.get("end")),
    }  # fmt: skip


def _count(text: str, number: int, count: dict[str, Any]) -> dict[str, Any]:
    value = count.get("number")
    shown = f"{value:,.0f}" if isinstance(value, float) and value.is_integer() else value
    return {
        "ref": f"c{number}", "number": shown, "object": count.get("object"),
        "kind": count.get("kind"),
        "sentence": _sentence(text, count.get("start"), count.get("end")),
    }  # fmt: skip
