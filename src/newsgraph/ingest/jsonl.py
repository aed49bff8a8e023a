"""JSON Lines and JSON files: article objects with ``text`` or ``html``.

A JSON Lines file is streamed line by line, so memory stays flat whatever the file's size.  JSON
Lines is UTF-8 and newline-delimited by definition, so each line is decoded on its own (one bad
byte costs that line only, never the file) and lines are split on ``\\n`` alone: U+2028, U+2029
and U+0085 are legal inside JSON strings, and newsgraph's own output holds them raw.

A file that is one JSON document instead (a pretty-printed object, or an array of article
objects) is recognised from its first lines and read whole, within a size limit: an object is one
input, an array one input per item.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from newsgraph.settings import Settings
from newsgraph.types import Article, Rejection

_META_FIELDS = ("id", "url", "title", "published", "source")
_CHUNK = 65536
_BOM = b"\xef\xbb\xbf"

# A JSON document is parsed whole, so it gets a bound of its own: a generous multiple of the
# per-article limit (as for feeds), still far from what would strain memory.
DOCUMENT_SIZE_FACTOR = 10

Item = Article | Rejection


@dataclass(frozen=True)
class _Line:
    """One line of the file: its number (from 1), where it starts, and its bytes.

    ``data`` is ``None`` for a line over the per-record limit; its bytes were skipped unread.
    """

    number: int
    start: int
    data: bytes | None

    @property
    def blank(self) -> bool:
        return self.data is not None and not self.data.strip()


def read_jsonl(
    stream: BinaryIO, source: str, settings: Settings, meta: dict[str, str | None]
) -> Iterator[Item]:
    """Yield an Article per article object in a JSON Lines (or JSON) stream, lazily.

    A broken line is a Rejection naming ``FILE:LINE``; a JSON document that cannot be read is
    one Rejection naming the file.
    """
    lines = _split_lines(stream, settings.max_bytes)
    head = _take_head(lines)
    if _is_document(head):
        yield from _read_document(head, lines, source, settings, meta)
    else:
        yield from _read_lines(itertools.chain(head, lines), source, settings, meta)


# -- splitting -------------------------------------------------------------------------------


def _split_lines(stream: BinaryIO, max_line: int) -> Iterator[_Line]:
    """Split a byte stream on ``\\n`` only, a chunk at a time; a trailing ``\\r`` is dropped.

    A line longer than ``max_line`` is not kept: its bytes are skipped up to the next newline,
    so one runaway line cannot fill memory either.
    """
    pending = bytearray()
    scanned = 0  # bytes of ``pending`` already searched for a newline
    start = 0  # file offset of ``pending[0]``
    number = 0
    dropped = False  # the current line outgrew the limit; its bytes are being skipped
    while chunk := stream.read(_CHUNK):
        pending += chunk
        while (cut := pending.find(b"\n", scanned)) >= 0:
            number += 1
            yield _Line(number, start, None if dropped else _finish(pending[:cut], max_line))
            del pending[: cut + 1]
            start, scanned, dropped = start + cut + 1, 0, False
        scanned = len(pending)
        if len(pending) > max_line + 1:  # + 1: room for the "\r" of a CRLF line
            dropped = True
            start += len(pending)
            pending.clear()
            scanned = 0
    if pending or dropped:
        yield _Line(number + 1, start, None if dropped else _finish(pending, max_line))


def _finish(line: bytearray, max_line: int) -> bytes | None:
    data = bytes(line[:-1] if line.endswith(b"\r") else line)
    return None if len(data) > max_line else data


def _take_head(lines: Iterator[_Line]) -> list[_Line]:
    """The lines up to and including the second non-blank one: enough to tell the kind of file."""
    head: list[_Line] = []
    filled = 0
    for line in lines:
        head.append(line)
        filled += not line.blank
        if filled == 2:
            break
    return head


def _is_document(head: list[_Line]) -> bool:
    """Whether the file is one JSON document (pretty-printed, or an array) rather than lines.

    JSON Lines records are objects, one a line, so a file starting with ``[`` is an array; one
    whose first line is no JSON value while the next is no object either is an object spread
    over several lines.  A JSON Lines file with a broken first line still has a good second one.
    """
    first, *rest = [line.data for line in head if not line.blank] or [None]
    if first is None:
        return False
    first = first.removeprefix(_BOM).lstrip()
    if first.startswith(b"["):
        return True
    if _parse(first) is not None:
        return False
    return bool(rest) and not isinstance(_parse(rest[0]), dict)


def _parse(data: bytes | None) -> object | None:
    """The JSON value of ``data``, or ``None`` when it is not one (a test, not a reader)."""
    if data is None:
        return None
    try:
        return json.loads(data.decode("utf-8"))
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are both ValueErrors
        return None


# -- JSON Lines ------------------------------------------------------------------------------


def _read_lines(
    lines: Iterable[_Line], source: str, settings: Settings, meta: dict[str, str | None]
) -> Iterator[Item]:
    """One Article or Rejection per non-blank line, read as it comes."""
    first = True
    for line in lines:
        if line.blank:
            continue
        where = f"{source}:{line.number}"
        if line.start > settings.max_archive_bytes:
            limit = settings.max_archive_bytes
            reason = f"stopped at line {line.number}: past the {limit:,}-byte archive limit"
            yield Rejection(source, "read", reason)
            return
        if line.data is None:
            yield Rejection(where, "read", f"record too large (over {settings.max_bytes:,} bytes)")
            continue
        if first and b"\x00" in line.data:
            # a binary file that happens to start with "{": one error, not one per line
            yield Rejection(source, "read", "binary content (NUL bytes); not a JSON Lines file")
            return
        first = False
        yield _read_line(line, where, settings, meta)


def _read_line(line: _Line, where: str, settings: Settings, meta: dict[str, str | None]) -> Item:
    data = line.data or b""
    if line.number == 1:
        data = data.removeprefix(_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        reason = (
            f"not valid UTF-8 (byte 0x{bad:02x} at byte {exc.start + 1} of the line); "
            "JSON Lines must be UTF-8"
        )
        return Rejection(where, "read", reason)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejection(where, "read", f"broken JSON ({exc.msg} at column {exc.colno})")
    return _to_article(obj, where, settings, meta, "a JSON Lines record must be an object")


# -- one JSON document -----------------------------------------------------------------------


def _read_document(
    head: list[_Line],
    rest: Iterator[_Line],
    source: str,
    settings: Settings,
    meta: dict[str, str | None],
) -> Iterator[Item]:
    """Read a file that is one JSON document, or give one Rejection for the whole file.

    If the document does not parse but most of its lines are objects of their own, it was JSON
    Lines after all (with broken first lines): it is read as such, from the lines kept.
    """
    limit = settings.max_bytes * DOCUMENT_SIZE_FACTOR
    kept, problem = _gather(head, rest, limit)
    if problem is None:
        data = b"\n".join(line.data or b"" for line in kept)
        value, problem = _parse_document(data)
        if problem is None:
            yield from _document_items(value, source, settings, meta)
            return
    if _mostly_records(kept):
        yield from _read_lines(itertools.chain(kept, rest), source, settings, meta)
        return
    yield Rejection(source, "read", problem)


def _gather(head: list[_Line], rest: Iterator[_Line], limit: int) -> tuple[list[_Line], str | None]:
    """The document's lines, read until the end or until the size limit is passed."""
    kept = list(head)
    size = sum(len(line.data or b"") + 1 for line in kept)
    too_large = f"too large for one JSON document (over {limit:,} bytes); use JSON Lines"
    if any(line.data is None for line in kept):
        return kept, too_large
    for line in rest:
        kept.append(line)
        size += len(line.data or b"") + 1
        if line.data is None or size > limit:
            return kept, too_large
    return kept, None


def _parse_document(data: bytes) -> tuple[Any, str | None]:
    """The document's value, or the reason it is not one (with the line and column)."""
    try:
        text = data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); JSON is UTF-8"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"broken JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"


def _mostly_records(lines: list[_Line]) -> bool:
    """Whether most non-blank lines are JSON objects on their own: JSON Lines, not a document."""
    filled = [line for line in lines if not line.blank]
    objects = sum(isinstance(_parse(line.data), dict) for line in filled)
    return objects * 2 > len(filled)


def _document_items(
    value: Any, source: str, settings: Settings, meta: dict[str, str | None]
) -> Iterator[Item]:
    """An object is one input (named by the file); an array gives one per item (``#item-N``)."""
    if isinstance(value, dict):
        yield _to_article(value, source, settings, meta, "")
        return
    if not isinstance(value, list):
        yield Rejection(source, "read", "a JSON file must hold an article object or an array")
        return
    if not value:
        yield Rejection(source, "read", "the JSON array holds no articles")
        return
    for number, obj in enumerate(value, start=1):
        where = f"{source}#item-{number}"
        yield _to_article(obj, where, settings, meta, "an array item must be an article object")


# -- records ---------------------------------------------------------------------------------


def article_from_object(
    obj: Any, where: str, settings: Settings, meta: dict[str, str | None] | None = None
) -> Item:
    """The Article an article object (``text`` or ``html``, optional ``id``, ``url``, ``title``,
    ``published``, ``source``) describes, or a Rejection naming ``where``: for objects read
    from other containers (a Parquet row)."""
    return _to_article(obj, where, settings, dict(meta or {}), "an article must be an object")


def _to_article(
    obj: Any, where: str, settings: Settings, meta: dict[str, str | None], not_object: str
) -> Item:
    """The Article an article object describes, or a Rejection saying what it lacks."""
    from newsgraph.ingest import make_article

    if not isinstance(obj, dict):
        return Rejection(where, "read", not_object)
    body, is_html = obj.get("text"), False
    if not isinstance(body, str) or not body.strip():
        body, is_html = obj.get("html"), True
    if not isinstance(body, str) or not body.strip():
        return Rejection(where, "read", "record has no non-empty 'text' or 'html' field")
    # A document's items are not capped by the line limit, so their bodies are capped here;
    # encoding is skipped when even four bytes a character would fit.
    if len(body) * 4 > settings.max_bytes and len(body.encode("utf-8")) > settings.max_bytes:
        return Rejection(where, "read", f"record too large (over {settings.max_bytes:,} bytes)")
    record_meta = dict(meta)
    for key in _META_FIELDS:
        value = obj.get(key)
        if value is not None:
            record_meta[key] = str(value)
    return make_article(body, where, record_meta, is_html=is_html)
