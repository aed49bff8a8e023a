"""Sniff an input's format from its first bytes."""

from __future__ import annotations

import re

SNIFF_BYTES = 65536

_GZIP = b"\x1f\x8b"
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<(?:p|div|article|h1|h2)[\s>]", re.I)
_FEED = re.compile(rb"<rss[\s>]|<feed[\s>][^>]*atom|<rdf:RDF[\s>]|<feed\s+xmlns", re.I)


def sniff(head: bytes, name: str = "") -> str:
    """Return ``warc``, ``feed``, ``jsonl``, ``html`` or ``text`` for an input's first bytes.

    Content decides; the name only breaks ties (a gzip file is a WARC when named so or when its
    decompressed start says so).
    """
    lower_name = name.lower()
    if head.startswith(_GZIP):
        return "warc" if ".warc" in lower_name or ".arc" in lower_name or _gz_is_warc(head) else "text"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if stripped.startswith(b"{"):
        return "jsonl"
    window = stripped[:4096]
    if _FEED.search(window):
        return "feed"
    if _HTML.search(window):
        return "html"
    return "text"


def _gz_is_warc(head: bytes) -> bool:
    import zlib

    try:
        start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return False
    return start.startswith(b"WARC/")
