"""WARC and WARC.gz crawls: every HTML page captured in the file becomes an article.

The file is streamed record by record with warcio, so a crawl of any size is read in constant
memory; each page is capped at ``settings.max_bytes``.  A file that ends early or holds a broken
record yields the pages read up to that point and then one rejection saying where it broke.
"""

from __future__ import annotations

import dataclasses
import zlib
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
    its ``url`` the record's WARC-Target-URI.  A record is only used once it was read whole: a
    page cut short by the end of the file is the file's Rejection, never a (partial) article.
    """
    from warcio.archiveiterator import ArchiveIterator

    counted = _Counted(stream)
    records = ArchiveIterator(counted, arc2warc=True)
    number = 0
    while True:
        try:
            record = next(records, None)
        except Exception as exc:  # warcio raises assorted errors (zlib, EOF, ...) on bad bytes
            yield _broken(source, _after(number), _header_problem(exc, number + 1))
            return
        if record is None:
            break
        number += 1
        if records.offset > settings.max_archive_bytes:  # where this record starts
            limit = settings.max_archive_bytes
            reason = f"stopped at record {number}: past the {limit:,}-byte archive limit"
            yield Rejection(source, "read", reason)
            return
        try:
            item, problem = _read_record(record, f"{source}#record-{number}", settings, meta)
        except Exception as exc:  # a body warcio cannot decode breaks the file from here on
            item, problem = None, _describe(exc, "its content cannot be read")
        if problem is not None:
            yield _broken(source, f"in record {number}", problem)
            return
        if item is not None:
            yield item
    # warcio takes a gzip member cut short for the end of the file; bytes read past the end of
    # the last whole record show that it was not
    if counted.position > records.offset:
        unfinished = counted.position - records.offset
        reason = f"the file ends {unfinished:,} bytes into record {number + 1}"
        yield _broken(source, _after(number), reason)


def _after(number: int) -> str:
    return f"after record {number}" if number else "at its start"


def _broken(source: str, where: str, problem: str) -> Rejection:
    return Rejection(source, "read", f"truncated or corrupt WARC {where} ({problem})")


def _read_record(
    record: Any, where: str, settings: Settings, meta: dict[str, str | None]
) -> tuple[Article | Rejection | None, str | None]:
    """Read one record to its end: the article it holds (if any), and what is wrong with it.

    The completeness check comes before the article is made: a page whose payload is short of
    its Content-Length is a fragment of the page, and stored it would never be replaced.
    """
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if not _is_html_page(record):
        return None, _cut_short(record, uri)
    try:
        body = record.content_stream().read(settings.max_bytes + 1)
    except Exception:
        # a payload cut short breaks its decoding (gzip, chunked) too; that is the real cause
        problem = _cut_short(record, uri)
        if problem is None:
            raise
        return None, problem
    problem = _cut_short(record, uri)
    if problem is not None:
        return None, problem
    return _to_article(record, body, where, settings, meta), None


def _cut_short(record: Any, uri: str | None) -> str | None:
    """Read what is left of a record; say so if it is shorter than its declared length."""
    raw = record.raw_stream
    while raw.read(65536):
        pass
    missing = getattr(raw, "limit", 0)
    if missing <= 0:
        return None
    declared = record.length or 0
    held = f"{declared - missing:,} of its {declared:,} bytes" if declared else "not all bytes"
    lost = f"; nothing of {uri} is stored" if uri else ""
    return f"cut short: the file holds {held}{lost}"


def _header_problem(exc: Exception, number: int) -> str:
    """Why the next record's header could not be read, in words (never a Python error)."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    if isinstance(exc, ArchiveLoadFailed | StatusAndHeadersParserException):
        return f"record {number} has no valid header: {_first_line(exc)}"
    return _describe(exc, f"record {number} has a truncated or malformed header")


def _describe(exc: Exception, fallback: str) -> str:
    """Errors about the data are worth quoting; others (warcio tripping over missing fields,
    such as ``'NoneType' object has no attribute ...``) only say the data is broken."""
    if isinstance(exc, zlib.error | EOFError):
        return f"broken gzip data: {_first_line(exc)}" if str(exc) else "broken gzip data"
    return fallback


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else "unreadable"


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
    record: Any, body: bytes, where: str, settings: Settings, meta: dict[str, str | None]
) -> Article | Rejection:
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
