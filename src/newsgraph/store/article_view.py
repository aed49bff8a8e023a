"""``newsgraph article ID --show text|events|quotes|entities``: one article, readable.

Every span is cut from the record's text by its offsets and marked in place: with colour on a
terminal, with [brackets] elsewhere (a file, a pipe, ``--color never``), so what the record
claims can be checked against the words it came from.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from newsgraph.types import Record

Span = tuple[int, int, str]
"""(start, end, style) of a span to mark; styles are keys of ``_COLOURS``."""
_COLOURS = {"mention": "1;36", "trigger": "1;33", "source": "1;32", "target": "1;35",
            "quote": "3;37"}  # fmt: skip
CONTEXT = 80
"""Characters of text shown either side of an entity mention."""


def mark(text: str, spans: Iterable[Span], colour: bool, offset: int = 0) -> str:
    """``text`` (which starts at ``offset`` in the article) with ``spans`` marked; a span
    overlapping one marked already is left as it is."""
    out, at = [], 0
    for start, end, style in sorted(spans):
        start, end = start - offset, end - offset
        if start < at or end > len(text) or end <= start:
            continue
        out.append(text[at:start])
        inner = text[start:end]
        out.append(f"\033[{_COLOURS.get(style, '1')}m{inner}\033[0m" if colour else f"[{inner}]")
        at = end
    out.append(text[at:])
    return "".join(out)


def render(record: Record, show: str, *, colour: bool) -> str:
    """The view ``show`` of ``record`` as text ending in a newline."""
    views = {"text": _text, "events": _events, "quotes": _quotes, "entities": _entities}
    body = views[show](record, colour)
    return _header(record) + "\n" + (body or f"(no {show} in this article)") + "\n"


def _header(record: Record) -> str:
    fields = [("id", record.get("id")), ("title", record.get("title")),
              ("url", record.get("url")), ("published", record.get("published")),
              ("author", record.get("author")), ("site", record.get("site_name"))]  # fmt: skip
    return "".join(f"{name}: {value}\n" for name, value in fields if value)


def _text(record: Record, colour: bool) -> str:
    spans = [(m["start"], m["end"], "mention") for e in record.get("entities") or []
             for m in e.get("mentions") or []]  # fmt: skip
    return mark(record["text"], spans, colour)


def _sentence_spans(
    text: str, start: int, end: int, names: list[tuple[str | None, str]]
) -> list[Span]:
    """Where each named side appears first in ``text[start:end]``."""
    spans = []
    sentence = text[start:end]
    for words, style in names:
        at = 0
        # A trigger may be in parts ("opened … investigation"): each part after the last.
        for part in (words or "").split("…"):
            part = part.strip()
            found = sentence.find(part, at) if part else -1
            if found >= 0:
                spans.append((start + found, start + found + len(part), style))
                at = found + len(part)
    return spans


def _events(record: Record, colour: bool) -> str:
    text, blocks = record["text"], []
    for event in record.get("events") or []:
        source, target = event.get("source") or {}, event.get("target") or {}
        head = (f"{event['code']} {event.get('name') or ''}: "
                f"{source.get('name') or '?'} ({source.get('actor') or '-'}) -> "
                f"{target.get('name') or '?'} ({target.get('actor') or '-'})")  # fmt: skip
        details = f"   trigger: {event.get('trigger') or '-'}; date: {event.get('date') or '-'}"
        if event.get("confidence") is not None:
            details += f"; confidence: {event['confidence']:.2f}"
        start, end = event.get("start"), event.get("end")
        lines = [head, details]
        if start is not None and end is not None:
            names = [(event.get("trigger"), "trigger"), (source.get("name"), "source"),
                     (target.get("name"), "target")]  # fmt: skip
            shown = mark(text[start:end], _sentence_spans(text, start, end, names), colour, start)
            lines.append(_indent(shown))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _quotes(record: Record, colour: bool) -> str:
    text, blocks = record["text"], []
    for quote in record.get("quotes") or []:
        head = f"{quote.get('speaker_name') or '(unattributed)'}"
        head += f" ({quote['cue']})" if quote.get("cue") else ""
        start, end = quote.get("start"), quote.get("end")
        if start is None or end is None:
            blocks.append(head + "\n" + _indent(quote["text"]))
            continue
        # The paragraph holding the quote, with the quote and its speaker's words marked.
        first = text.rfind("\n\n", 0, start) + 1
        last = text.find("\n\n", end)
        last = len(text) if last < 0 else last
        spans: list[Span] = [(start, end, "quote")]
        if quote.get("speaker_start") is not None and quote.get("speaker_end") is not None:
            spans.append((quote["speaker_start"], quote["speaker_end"], "source"))
        offset = first + _leading_newlines(text, first)
        shown = mark(text[first:last].strip("\n"), spans, colour, offset)
        blocks.append(head + "\n" + _indent(shown))
    return "\n\n".join(blocks)


def _leading_newlines(text: str, at: int) -> int:
    count = 0
    while at + count < len(text) and text[at + count] == "\n":
        count += 1
    return count


def _entities(record: Record, colour: bool) -> str:
    text, blocks = record["text"], []
    for entity in record.get("entities") or []:
        mentions = entity.get("mentions") or []
        head = (f"{entity['name']} ({entity.get('type')}"
                f"{', ' + entity['actor'] if entity.get('actor') else ''}"
                f"{', ' + entity['key'] if entity.get('key') else ''}): "
                f"{len(mentions)} mention{'' if len(mentions) == 1 else 's'}")  # fmt: skip
        aliases = [a for a in entity.get("aliases") or [] if a != entity["name"]]
        lines = [head] + ([f"   also: {', '.join(aliases)}"] if aliases else [])
        for mention in mentions[:3]:
            start, end = mention["start"], mention["end"]
            left = max(0, start - CONTEXT)
            snippet = mark(text[left : end + CONTEXT], [(start, end, "mention")], colour, left)
            lines.append("   … " + " ".join(snippet.split()) + " …")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _indent(text: str) -> str:
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return "\n".join(textwrap.fill(p, 96, initial_indent="   ", subsequent_indent="   ",
                                   break_long_words=False, break_on_hyphens=False)
                     for p in paragraphs)  # fmt: skip
