"""WARC and WARC.gz crawls: every HTML page captured in the file becomes an article.

The file is streamed record by record with warcio, so a crawl of any size is read in constant
memory; each page is capped at ``settings.max_bytes``.  A file that ends early or holds a broken
record yields the pages read up to that point and then one rejection saying where it broke.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsgraph.errors import InputError
from newsgraph.ingest import decode_body, make_article
from newsgraph.settings import Settings
from newsgraph.types import Article, Rejection

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(
    stream: BinaryIO, source: str, settings: Settings, meta: dict[str, str | None]
) -> Iterator[Article | Rejection]:
    """Yield an Article for each HTML response (or resource) record of a WARC stream.

    Other records (requests, metadata, images, scripts, redirects, error pages) are skipped.
    Each article's ``source`` is ``<file>#record-<n>`` (``n`` counts every record from 1) and
    its ``url`` the record's WARC-Target-URI.
    """
    from warcio.archiveiterator import ArchiveIterator

    counted = _Counted(stream)
    iterator = ArchiveIterator(counted, arc2warc=True)
    number = 0
    try:
        for number, record in enumerate(iterator, start=1):
            if iterator.offset > settings.max_archive_bytes:  # where this record starts
                limit = settings.max_archive_bytes
                reason = f"stopped at record {number}: past the {limit:,}-byte archive limit"
                yield Rejection(source, "read", reason)
                return
            if _is_html_page(record):
                yield _to_article(record, f"{source}#record-{number}", settings, meta)
            _check_complete(record)
        # warcio takes a gzip member cut short for the end of the file; bytes read past the
        # end of the last whole record show that it was not
        if counted.position > iterator.offset:
            raise ValueError(
                f"{counted.position - iterator.offset:,} bytes of an unfinished record"
            )
    except Exception as exc:  # warcio raises assorted errors (zlib, EOF, ValueError) on bad bytes
        where = f"after record {number}" if number else "at its start"
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        yield Rejection(source, "read", f"truncated or corrupt WARC {where} ({reason})")


def _check_complete(record: Any) -> None:
    """Read what is left of a record and fail if it is shorter than its declared length."""
    raw = record.raw_stream
    while raw.read(65536):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise ValueError(f"record {record.rec_headers.get_header('WARC-Record-ID')} is cut short")


def _is_html_page(record: Any) -> bool:
    if record.rec_type == "response":
        http = record.http_headers
        if http is None:
            return False
        status = http.get_statuscode() or ""
        # redirects and error pages are captured too, but they are not articles
        if not status.startswith("2"):
            return False
        content_type = http.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return False
    return content_type.split(";")[0].strip().lower() in _HTML_TYPES


def _to_article(
    record: Any, where: str, settings: Settings, meta: dict[str, str | None]
) -> Article | Rejection:
    body = record.content_stream().read(settings.max_bytes + 1)
    if len(body) > settings.max_bytes:
        return Rejection(
            where, "read", f"page too large (over the {settings.max_bytes:,}-byte limit)"
        )
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    try:
        text, warnings = decode_body(body, where, headers.get_header("Content-Type"))
    except InputError as exc:
        return Rejection(where, "read", exc.reason)
    uri = record.rec_headers.get_header("WARC-Target-URI")
    record_meta = {**meta, "url": uri or meta.get("url")}
    article = make_article(text, where, record_meta, is_html=True, warnings=tuple(warnings))
    # The WARC-Date is when the crawler fetched the page, often long after it was published, so
    # it is kept apart and used only when the page states no date of its own.
    fetched = record.rec_headers.get_header("WARC-Date")
    return dataclasses.replace(article, fetched=fetched) if fetched else article


class _Counted:
    """A stream wrapper that counts the bytes read (warcio wants ``tell`` on its input)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position
