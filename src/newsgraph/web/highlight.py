"""An article's clean text as HTML with what was found in it marked, and every piece escaped.

Each quote, entity mention, place, count and event trigger is a ``<mark>`` with
``data-quote``, ``data-entity``, ``data-place``, ``data-count`` or ``data-event`` naming its
details; an event's or quote's
offset also gets an empty anchor (``id="at-<offset>"``) that links from other pages scroll
to.  Spans may nest or cross: the text is cut at every span edge and the marks open over
each piece are closed and reopened as needed, so the HTML is always well formed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

KINDS = ("quote", "event", "entity", "place", "count")
"""Outer to inner, for spans with the same edges."""


@dataclass(frozen=True)
class Span:
    """A stretch of the text to mark: ``kind`` and the id of its details (``ref``)."""

    start: int
    end: int
    kind: str
    ref: str

    def key(self) -> tuple[int, int, int, str]:
        return (self.start, -self.end, KINDS.index(self.kind), self.ref)


def spans(record: dict[str, Any]) -> list[Span]:
    """Every span of ``record`` worth marking, with valid offsets into its text."""
    text = record["text"]
    found: list[Span] = []
    for number, quote in enumerate(record.get("quotes") or []):
        found.append(Span(quote.get("start"), quote.get("end"), "quote", f"q{number}"))
    for number, event in enumerate(record.get("events") or []):
        start, end = trigger_span(text, event)
        found.append(Span(start, end, "event", f"v{number}"))
    for entity in record.get("entities") or []:
        for mention in entity.get("mentions") or []:
            found.append(Span(mention.get("start"), mention.get("end"), "entity", entity["id"]))
    for number, place in enumerate(record.get("locations") or []):
        found.append(Span(place.get("start"), place.get("end"), "place", f"p{number}"))
    for number, count in enumerate(record.get("counts") or []):
        found.append(Span(count.get("start"), count.get("end"), "count", f"c{number}"))
    return [s for s in found if _valid(s, len(text))]


def _valid(span: Span, length: int) -> bool:
    return (
        isinstance(span.start, int)
        and isinstance(span.end, int)
        and 0 <= span.start < span.end <= length
    )


def trigger_span(text: str, event: dict[str, Any]) -> tuple[int, int]:
    """Where the event's trigger word stands in its sentence (the sentence's first word when
    the trigger is not found there)."""
    start, end = event.get("start"), event.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return -1, -1
    words = (event.get("trigger") or "").split()
    if words:
        at = text.find(words[0], start, end)
        if at >= 0:
            return at, at + len(words[0])
    first = re.compile(r"\w+").search(text, start, end)
    return (first.start(), first.end()) if first else (start, end)


_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*\s|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or sentences) holding ``text[start:end]``: from the last sentence end
    before ``start`` to the first one after ``end``, never past a paragraph."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, max(0, start - 600), start):
        begin = match.end()
    after = _SENTENCE_END.search(text, end)
    stop = after.end() if after else len(text)
    return text[begin:stop].strip()


def marked_text(text: str, marks: list[Span], anchors: set[int] = frozenset()) -> Markup:  # type: ignore[assignment]
    """``text`` as escaped HTML with ``marks`` as ``<mark>`` elements and ``anchors`` as empty
    elements with ids ``at-<offset>``."""
    edges = sorted({0, len(text), *anchors, *(s.start for s in marks), *(s.end for s in marks)})
    by_start: dict[int, list[Span]] = {}
    for span in marks:
        by_start.setdefault(span.start, []).append(span)
    active: list[Span] = []
    opened: list[Span] = []
    out: list[str] = []
    for here, there in itertools.pairwise(edges):
        active = sorted([s for s in active if s.end > here] + by_start.get(here, []), key=Span.key)
        keep = 0
        while keep < min(len(opened), len(active)) and opened[keep] == active[keep]:
            keep += 1
        out.extend("</mark>" for _ in opened[keep:])
        if here in anchors:
            out.append(f'<span class="anchor" id="at-{here}"></span>')
        out.extend(_open(span) for span in active[keep:])
        opened = list(active)
        out.append(str(escape(text[here:there])))
    out.extend("</mark>" for _ in opened)
    if len(text) in anchors:
        out.append(f'<span class="anchor" id="at-{len(text)}"></span>')
    return Markup("".join(out))


def _open(span: Span) -> str:
    ref = escape(span.ref)
    return f'<mark class="k-{span.kind}" data-{span.kind}="{ref}" tabindex="0">'
