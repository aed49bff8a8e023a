"""Cleaning: from an Article's raw input to its clean body text, title and removed parts.

``clean_article`` is the one entry point the pipeline calls.  HTML goes through main-text
extraction first (``clean.html``); plain text goes straight to text repair (``clean.repair``).
``--verbatim`` input is used exactly as given so that offsets index the caller's text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re

from newsgraph.errors import InputError
from newsgraph.types import Article


def clean_article(article: Article) -> Article:
    """Return ``article`` with ``text`` (and title, removed, tags, credits) filled in."""
    if article.verbatim:
        cleaned = dataclasses.replace(article, text=article.raw)
    else:
        from newsgraph.clean import repair

        if article.is_html:
            from newsgraph.clean import html

            article = html.extract_main(article)
        cleaned = repair.repair_article(article)
    text = cleaned.text or ""
    if not text.strip():
        raise InputError(article.source, "no article text left after cleaning")
    from newsgraph.clean.language import detect_language

    return dataclasses.replace(
        cleaned,
        id=cleaned.id or article_id(text),
        language=cleaned.language or detect_language(text),
        # A date known from outside (a crawl date, a default for many inputs) is the last
        # resort, after what the page or its byline states.
        published=cleaned.published or _day(cleaned.fetched),
    )


def _day(value: str | None) -> str | None:
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None


def article_id(text: str) -> str:
    """A stable id for an article: the first 16 hex digits of the SHA-256 of its clean text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
