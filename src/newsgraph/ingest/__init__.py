"""Readers: turn paths, URLs, standard input and JSON Lines into ``Article`` values.

``read_inputs`` yields, in input order, an ``Article`` for every article found and a
``Rejection`` for every input (or JSON Lines record, WARC record, URL) that could not be read, so
one bad input never stops the others.  The format of each file is sniffed from its content
(``formats.sniff``); the file name is only a tie-breaker.  Inputs that start with ``http://`` or
``https://`` are URLs, fetched (``ingest.fetch``) when ``settings.fetch`` is on.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import itertools
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, cast

from newsgraph.errors import InputError
from newsgraph.ingest import formats, gate, jsonl
from newsgraph.ingest.text import decode
from newsgraph.settings import DEFAULT, Settings
from newsgraph.types import Article, Rejection

Item = Article | Rejection
Reader = Callable[[BinaryIO, str, Settings, dict[str, str | None]], Iterator[Item]]


def _reader_for(kind: str) -> Reader | None:
    """Readers for the streamed container formats, imported only when met."""
    if kind == "warc":
        from newsgraph.ingest import warc

        return warc.read_warc
    if kind == "feed":
        from newsgraph.ingest import feeds

        return feeds.read_feed
    if kind == "jsonl":
        # a collection, streamed line by line: the per-input limit applies to each record
        return jsonl.read_jsonl
    return None


def read_inputs(
    paths: Iterable[str],
    settings: Settings = DEFAULT,
    *,
    verbatim: bool = False,
    url: str | None = None,
    published: str | None = None,
    stdin: BinaryIO | None = None,
    urls_file: str | None = None,
) -> Iterator[Item]:
    """Yield an Article or a Rejection for every article in ``paths`` (``-`` is stdin).

    ``paths`` may mix files, folders and URLs; ``urls_file`` names a file of further URLs, one a
    line (blank lines and ``#`` comments skipped), read after ``paths``.  Neighbouring URLs are
    fetched together (politely, a few at a time per host) and still come out in input order.
    An article whose own ``id`` (a JSON Lines field) was already given to a different text is
    a Rejection (``_unique_ids``).
    """
    items = _read_all(paths, settings, verbatim, url, published, stdin, urls_file)
    return _unique_ids(items)


def _read_all(
    paths: Iterable[str],
    settings: Settings,
    verbatim: bool,
    url: str | None,
    published: str | None,
    stdin: BinaryIO | None,
    urls_file: str | None,
) -> Iterator[Item]:
    meta: dict[str, str | None] = {"url": url, "published": published}
    inputs = list(paths)
    if urls_file is not None:
        try:
            inputs.extend(read_url_list(urls_file))
        except InputError as exc:
            yield Rejection(exc.source, "read", exc.reason)
    if not inputs and urls_file is None:
        inputs = ["-"]
    for urls, group in itertools.groupby(inputs, key=is_url):
        if urls:
            yield from _read_urls(list(group), settings, meta)
            continue
        for path in group:
            yield from _read_path(path, settings, meta, verbatim, stdin)


def _unique_ids(items: Iterable[Item]) -> Iterator[Item]:
    """Reject an article whose caller-given id was already given to a different text.

    A given id becomes the article's id, and the store skips an id it already holds: a second
    text under a used id would vanish as "already stored" without a word.  An identical copy
    (the same text under the same id) passes, so re-reading a file stays idempotent.  Only a
    short digest is kept per id, not the text.
    """
    seen: dict[str, tuple[bytes, str]] = {}
    for item in items:
        if isinstance(item, Article) and item.id is not None:
            digest = _digest(item)
            first_digest, first_source = seen.setdefault(item.id, (digest, item.source))
            if first_digest != digest:
                reason = (
                    f"id {item.id!r} was already given to a different text ({first_source}); "
                    "each article needs its own id"
                )
                yield Rejection(item.source, "read", reason)
                continue
        yield item


def _digest(article: Article) -> bytes:
    kind = b"html:" if article.is_html else b"text:"
    body = article.raw.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(kind + body, digest_size=16).digest()


def is_url(value: str) -> bool:
    """Whether an input names a web address rather than a file."""
    return value.lower().startswith(("http://", "https://"))


def read_url_list(path: str) -> list[str]:
    """The URLs listed in a file, one a line; raises ``InputError`` when it cannot be read."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = [line.strip() for line in handle]
    except FileNotFoundError as exc:
        raise InputError(path, "no such URL list file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the URL list ({exc})") from exc
    return [line for line in lines if line and not line.startswith("#")]


def _read_urls(urls: list[str], settings: Settings, meta: dict[str, str | None]) -> Iterator[Item]:
    if not settings.fetch:
        for address in urls:
            yield Rejection(address, "read", "is a URL but fetching is off (pass --fetch)")
        return
    from newsgraph.ingest import fetch

    yield from fetch.fetch_all(urls, settings, meta)


def _read_path(
    path: str,
    settings: Settings,
    meta: dict[str, str | None],
    verbatim: bool,
    stdin: BinaryIO | None,
) -> Iterator[Item]:
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from read_stream(stream, "<stdin>", settings, meta, verbatim)
        return
    p = Path(path)
    if p.is_dir():
        for child in walk(p):
            yield from read_file(child, settings, meta, verbatim)
    else:
        yield from read_file(p, settings, meta, verbatim)


def walk(folder: Path) -> Iterator[Path]:
    """Every file in ``folder`` and below, in name order, hidden ones (``.git``) left out.

    No file is left out for its name: ``story.php`` may be an article and ``notes.txt`` an
    image; what each holds is sniffed when it is read (``read_stream``, ``gate``).
    """
    for child in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in child.relative_to(folder).parts):
            continue
        if child.is_file():
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
    if kind == "text" and (refused := gate.binary_kind(head)):
        yield Rejection(source, "read", refused)
        return
    if kind == "gzip":
        yield from _read_gzip(_rewound(head, stream), source, settings, meta, verbatim)
        return
    reader = _reader_for(kind)
    if reader is not None:
        yield from reader(_rewound(head, stream), source, settings, meta)
        return
    try:
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
    if kind == "text" and not verbatim and (problem := gate.text_problem(text)):
        yield Rejection(source, "read", problem)
        return
    yield make_article(
        text, source, meta, is_html=kind == "html", verbatim=verbatim, warnings=tuple(warnings)
    )


def _read_gzip(
    stream: BinaryIO,
    source: str,
    settings: Settings,
    meta: dict[str, str | None],
    verbatim: bool,
) -> Iterator[Item]:
    """A gzip-compressed page or text (``page.html.gz``): decompress within the size limit."""
    try:
        with gzip.GzipFile(fileobj=stream) as unzipped:
            data = unzipped.read(settings.max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        yield Rejection(source, "read", f"broken gzip data ({exc})")
        return
    if len(data) > settings.max_bytes:
        yield Rejection(
            source, "read", f"too large once decompressed (over {settings.max_bytes:,} bytes)"
        )
        return
    inner = source[:-3] if source.lower().endswith(".gz") else source
    # the decompressed bytes are sniffed afresh; messages keep naming the file as given
    for item in read_stream(io.BytesIO(data), inner, settings, meta, verbatim):
        if isinstance(item, Rejection) and item.source == inner:
            item = Rejection(source, item.stage, item.reason)
        elif isinstance(item, Article) and item.source == inner:
            item = dataclasses.replace(item, source=source)
        yield item


def decode_body(data: bytes, source: str, content_type: str | None) -> tuple[str, list[str]]:
    """Decode a web page, trusting the charset its HTTP header declares when there is one."""
    charset = ""
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    if charset and charset not in ("utf-8", "utf8"):
        try:
            return decode(data.decode(charset).encode("utf-8"), source)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declared charset: let the content decide
    return decode(data, source)


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


def _rewound(head: bytes, stream: BinaryIO) -> BinaryIO:
    # readers only call read(); the cast records that this is all they may rely on
    return cast(BinaryIO, _Rewound(head, stream))


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
