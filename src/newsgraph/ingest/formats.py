"""Sniff an input's format from its first bytes."""

from __future__ import annotations

import re
import zlib

SNIFF_BYTES = 65536

_GZIP = b"\x1f\x8b"
_HTML = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]"
    rb"|<(?:p|div|article|section|main|h[1-6]|span|table|ul|a)[\s>]",
    re.I,
)
_FEED = re.compile(
    rb"<rss[\s>]|<feed[\s>][^>]*atom|<rdf:RDF[\s>]|<feed\s+xmlns|<channel[\s>]", re.I
)
_HTML_NAMES = (".html", ".htm", ".xhtml", ".shtml")
_ANY_TAG = re.compile(rb"<[a-zA-Z][\w:-]*[\s/>]")
# "[" then an object: plain text may well start with "[" ("[Reuters] ..."), never with "[{"
_JSON_ARRAY = re.compile(rb"\[\s*\{")


def sniff(head: bytes, name: str = "") -> str:
    """Return ``warc``, ``gzip``, ``feed``, ``jsonl``, ``html`` or ``text`` for an input's start.

    ``jsonl`` covers JSON files too (an object, or an array of objects): ``ingest.jsonl`` tells
    a JSON document from JSON Lines.

    Content decides; the name only breaks ties: a gzip file is a WARC when named so or when its
    decompressed start says so (otherwise ``gzip``: a compressed page, sniffed again once
    decompressed), and a file named ``.html`` with any tag in it is HTML.
    """
    lower_name = name.lower()
    if head.startswith(_GZIP):
        if ".warc" in lower_name or lower_name.endswith(".arc.gz") or _gz_is_warc(head):
            return "warc"
        return "gzip"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    # JSON Lines, or one JSON document: an object or an array of (article) objects
    if stripped.startswith(b"{") or _JSON_ARRAY.match(stripped):
        return "jsonl"
    window = stripped[:4096]
    if _FEED.search(window) and not re.search(rb"<html[\s>]", window, re.I):
        return "feed"
    if _HTML.search(window):
        return "html"
    if lower_name.endswith(_HTML_NAMES) and _ANY_TAG.search(window):
        return "html"
    return "text"


def _gz_is_warc(head: bytes) -> bool:
    try:
        start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return False
    return start.lstrip().startswith((b"WARC/", b"filedesc://"))
