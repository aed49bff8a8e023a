"""JSON Lines input: one article object a line, with ``text`` or ``html``."""

from __future__ import annotations

import json
from collections.abc import Iterator

from newsgraph.errors import InputError
from newsgraph.ingest.text import decode
from newsgraph.settings import Settings
from newsgraph.types import Article, Rejection

_META_FIELDS = ("id", "url", "title", "published", "source")


def read_jsonl(
    data: bytes, source: str, settings: Settings, meta: dict[str, str | None]
) -> Iterator[Article | Rejection]:
    """Yield one Article per valid line; a broken line is a Rejection naming its line number."""
    from newsgraph.ingest import make_article

    try:
        text, warnings = decode(data, source)
    except InputError as exc:
        yield Rejection(source, "read", exc.reason)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        if len(line.encode("utf-8")) > settings.max_bytes:
            yield Rejection(where, "read", f"record too large (over {settings.max_bytes:,} bytes)")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(where, "read", f"broken JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield Rejection(where, "read", "a JSON Lines record must be an object")
            continue
        body, is_html = obj.get("text"), False
        if not isinstance(body, str) or not body.strip():
            body, is_html = obj.get("html"), True
        if not isinstance(body, str) or not body.strip():
            yield Rejection(where, "read", "record has no non-empty 'text' or 'html' field")
            continue
        record_meta = dict(meta)
        for key in _META_FIELDS:
            value = obj.get(key)
            if value is not None:
                record_meta[key] = str(value)
        yield make_article(body, where, record_meta, is_html=is_html, warnings=tuple(warnings))
