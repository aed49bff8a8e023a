"""RSS and Atom feeds: each entry with its full text becomes an article.

Feeds come in two kinds: full-text feeds carry each story (``content:encoded`` in RSS, ``content``
in Atom) and link-out feeds carry a headline and a teaser with a link.  A teaser is not the
article, so link-only entries are fetched when fetching is on, and otherwise counted and reported
once for the whole feed.
"""

from __future__ import annotations

import dataclasses
import time
import xml.sax
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsgraph.ingest import make_article
from newsgraph.settings import Settings
from newsgraph.types import Article, Rejection

# A feed lists many articles, but as one XML document it is parsed whole: a generous multiple of
# the per-article limit, far above any real feed, still keeps a runaway file out of memory.
FEED_SIZE_FACTOR = 10


def read_feed(
    stream: BinaryIO, source: str, settings: Settings, meta: dict[str, str | None]
) -> Iterator[Article | Rejection]:
    """Yield an Article per full-text entry of an RSS or Atom feed, in feed order.

    Entries that only link out are fetched (``settings.fetch``) or reported in one rejection.
    Each article's ``source`` is ``<feed>#entry-<n>``, counting entries from 1.
    """
    import feedparser

    limit = settings.max_bytes * FEED_SIZE_FACTOR
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield Rejection(source, "read", f"feed too large (over the {limit:,}-byte limit)")
        return
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        reason = f"broken feed ({problem})" if problem else "feed has no entries"
        yield Rejection(source, "read", reason)
        return
    site = parsed.feed.get("title")
    slots: list[Article | Rejection | str] = []
    for number, entry in enumerate(parsed.entries, start=1):
        slots.append(_entry_item(entry, f"{source}#entry-{number}", site, meta))
    problem = parsed.get("bozo_exception")
    broken = isinstance(problem, xml.sax.SAXException)
    if broken:
        # the entry the break cut through comes out empty: drop it and report the break instead
        slots = [slot for slot in slots if not isinstance(slot, Rejection)]
    yield from _resolve_links(slots, source, settings, meta)
    if broken:
        yield Rejection(source, "read", f"broken feed after entry {len(slots)} ({problem})")


def _entry_item(
    entry: Any, where: str, site: str | None, meta: dict[str, str | None]
) -> Article | Rejection | str:
    """An entry's Article, or its link (a ``str``) when it only links out, or a Rejection."""
    link = entry.get("link")
    body, is_html = _content(entry)
    if body is None:
        if link:
            return str(link)
        # a summary is all there is and nothing to fetch: the summary is the article
        body, is_html = entry.get("summary"), True
    if not body or not str(body).strip():
        return Rejection(where, "read", "feed entry has no content and no link")
    entry_meta = {
        **meta,
        "url": link or meta.get("url"),
        "title": entry.get("title") or meta.get("title"),
        "published": _date(entry) or meta.get("published"),
        "source": site,
    }
    article = make_article(str(body), where, entry_meta, is_html=is_html)
    tags = tuple(t.get("term") for t in entry.get("tags", []) if t.get("term"))
    return dataclasses.replace(article, author=entry.get("author"), tags=tags)


def _content(entry: Any) -> tuple[str | None, bool]:
    """The entry's full content (the longest one given), and whether it is HTML."""
    contents = [c for c in entry.get("content", []) if str(c.get("value", "")).strip()]
    if not contents:
        return None, False
    best = max(contents, key=lambda c: len(c.get("value", "")))
    kind = str(best.get("type", "text/html")).lower()
    return str(best["value"]), "html" in kind


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    return None


def _resolve_links(
    slots: list[Article | Rejection | str],
    source: str,
    settings: Settings,
    meta: dict[str, str | None],
) -> Iterator[Article | Rejection]:
    """Replace link-only entries by their fetched pages (in feed order), or report them once."""
    links = [slot for slot in slots if isinstance(slot, str)]
    if links and not settings.fetch:
        yield from (slot for slot in slots if not isinstance(slot, str))
        yield Rejection(
            source,
            "read",
            f"{len(links)} of {len(slots)} entries only link to their article; "
            "pass --fetch to fetch them",
        )
        return
    fetched: Iterator[list[Article | Rejection]] = iter(())
    if links:
        from newsgraph.ingest import fetch

        # pages linked from a feed are read as pages: a linked feed is not followed further
        page_settings = dataclasses.replace(settings, fetch=False)
        fetched = fetch.fetch_each(links, page_settings, {"url": None, "published": None})
    for slot in slots:
        if isinstance(slot, str):
            yield from next(fetched)
        else:
            yield slot
