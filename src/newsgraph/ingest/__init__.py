"""Readers: turn paths, standard input and JSON Lines into ``Article`` values.

``read_inputs`` yields, in input order, an ``Article`` for every article found and a
``Rejection`` for every input (or JSON Lines record) that could not be read, so one bad input
never stops the others.  The format of each file is sniffed from its content
(``formats.sniff``); the file name is only a tie-breaker.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from newsgraph.errors import InputError
from newsgraph.ingest import formats, jsonl
from newsgraph.ingest.text import decode
from newsgraph.settings import DEFAULT, Settings
from newsgraph.types import Article, Rejection

Item = Article | Rejection
Reader = Callable[[BinaryIO, str, Settings, dict[str, str | None]], Iterator[Item]]

# Files inside a folder are read when their name ends with one of these (or has no suffix);
# images, PDFs and the like in a scraped folder are skipped instead of rejected one by one.
FOLDER_SUFFIXES = (
    ".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".shtml", ".jsonl", ".ndjson", ".json",
    ".warc", ".warc.gz", ".arc", ".xml", ".rss", ".atom", ".feed", ".gz",
)


def _reader_for(kind: str) -> Reader | None:
    """Readers for the streamed container formats, imported only when met."""
    if kind == "warc":
        from newsgraph.ingest import warc

        return warc.read_warc
    if kind == "feed":
        from newsgraph.ingest import feeds

        return feeds.read_feed
    return None


def read_inputs(
    paths: Iterable[str],
    settings: Settings = DEFAULT,
    *,
    verbatim: bool = False,
    url: str | None = None,
    published: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Item]:
    """Yield an Article or a Rejection for every article in ``paths`` (``-`` is stdin)."""
    meta: dict[str, str | None] = {"url": url, "published": published}
    paths = list(paths) or ["-"]
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stream(stream, "<stdin>", settings, meta, verbatim)
            continue
        p = Path(path)
        if p.is_dir():
            for child in _walk(p):
                yield from read_file(child, settings, meta, verbatim)
        else:
            yield from read_file(p, settings, meta, verbatim)


def _walk(folder: Path) -> Iterator[Path]:
    for child in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in child.relative_to(folder).parts):
            continue
        name = child.name.lower()
        if child.is_file() and (name.endswith(FOLDER_SUFFIXES) or "." not in name):
            yield child


def read_file(
    path: Path, settings: Settings, meta: dict[str, str | None], verbatim: bool = False
) -> Iterator[Item]:
    """Yield the articles in one file, or a rejection naming the file and the reason."""
    source = str(path)
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        yield Rejection(source, "read", "no such file or folder")
        return
    except IsADirectoryError:
        yield Rejection(source, "read", "is a folder")
        return
    except OSError as exc:
        yield Rejection(source, "read", f"cannot open ({exc.strerror or exc})")
        return
    with stream:
        yield from read_stream(stream, source, settings, meta, verbatim)


def read_stream(
    stream: BinaryIO,
    source: str,
    settings: Settings,
    meta: dict[str, str | None],
    verbatim: bool = False,
) -> Iterator[Item]:
    """Sniff the format of ``stream`` and yield its articles."""
    try:
        head = stream.read(formats.SNIFF_BYTES)
    except OSError as exc:
        yield Rejection(source, "read", f"cannot read ({exc})")
        return
    kind = formats.sniff(head, source)
    reader = _reader_for(kind)
    if reader is not None:
        yield from reader(_Rewound(head, stream), source, settings, meta)
        return
    try:
        if kind == "jsonl":
            # A JSON Lines file is a collection: the per-input limit applies to each record.
            data = head + stream.read(settings.max_archive_bytes)
            yield from jsonl.read_jsonl(data, source, settings, meta)
            return
        data = head + stream.read(max(0, settings.max_bytes + 1 - len(head)))
        if len(data) > settings.max_bytes:
            raise InputError(source, f"too large (over the {settings.max_bytes:,}-byte limit)")
        text, warnings = decode(data, source)
    except InputError as exc:
        yield Rejection(source, "read", exc.reason)
        return
    except OSError as exc:
        yield Rejection(source, "read", f"cannot read ({exc})")
        return
    yield make_article(text, source, meta, is_html=kind == "html", verbatim=verbatim,
                       warnings=tuple(warnings))


def make_article(
    text: str,
    source: str,
    meta: dict[str, str | None],
    *,
    is_html: bool = False,
    verbatim: bool = False,
    warnings: tuple[str, ...] = (),
) -> Article:
    """Build an Article from decoded input and the metadata known about it."""
    return Article(
        raw=text,
        source=source,
        is_html=is_html,
        verbatim=verbatim and not is_html,
        url=meta.get("url"),
        title=meta.get("title"),
        published=meta.get("published"),
        id=meta.get("id"),
        site=meta.get("source"),
        warnings=warnings,
    )


class _Rewound:
    """A read-only stream that replays the sniffed head before the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0:
                data, self._head = self._head + self._stream.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            if len(data) < size:
                data += self._stream.read(size - len(data))
            return data
        return self._stream.read(size)
