"""Document -> Record: the JSON contract of docs/record.md."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from newsgraph.types import Actor, Document, Event, Record


def to_record(document: Document) -> Record:
    """Return the JSON-ready record of a processed document; every field is present."""
    article = document.article
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "published": article.published,
        "author": article.author,
        "site_name": article.site,
        "language": article.language or "en",
        "text": document.text,
        "removed": [{"kind": r.kind, "text": r.text} for r in article.removed],
        "tags": list(article.tags),
        "credits": list(article.credits),
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "aliases": list(e.aliases),
                "mentions": [{"start": m.start, "end": m.end} for m in e.mentions],
                "country": e.country,
                "actor": e.actor,
                "roles": list(e.roles),
                "role_source": e.role_source,
                "key": e.key,
            }
            for e in document.entities
        ],
        "locations": [asdict(loc) for loc in document.locations],
        "quotes": [asdict(q) for q in document.quotes],
        "counts": [asdict(c) for c in document.counts],
        "dates": [asdict(d) for d in document.dates],
        "events": [_event(ev) for ev in document.events],
        "tone": asdict(document.tone) if document.tone else None,
        "themes": list(document.themes),
        "theme_evidence": {code: list(found) for code, found in document.theme_evidence.items()},
        "warnings": list(document.warnings),
    }


def _actor(actor: Actor | None) -> dict[str, Any] | None:
    return asdict(actor) if actor else None


def _event(event: Event) -> dict[str, Any]:
    return {
        "code": event.code,
        "root": event.root,
        "name": event.name,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "source": _actor(event.source),
        "target": _actor(event.target),
        "location": asdict(event.location) if event.location else None,
        "date": event.date,
        "start": event.start,
        "end": event.end,
        "trigger": event.trigger,
        "confidence": event.confidence,
        "plover": event.plover,
        "mentions": [{"start": s, "end": e} for s, e in event.mentions],
    }
