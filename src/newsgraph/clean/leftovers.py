"""Leftovers of news databases, live blogs and outlets' pages that survive main-text extraction.

- ``ABSTRACT.`` and ``FULL TEXT.`` labels of database exports (ProQuest, LexisNexis), and
  ``___.`` rules between the updates of a wire live blog: ``other``;
- "Follow Pam Key on Twitter @pamkeyNEN." and the like: ``promo``;
- an author's bio at the end ("AWR Hawkins is the Second Amendment columnist for Breitbart
  News ... Reach him directly at ..."): ``bio``.

Also the date of a publication stamp line ("Published 25 June 2024", "Actualizado el 3 de
mayo de 2024"), which the sorting takes out and ``stamp_date`` reads, so that it can fill the
article's ``published`` when nothing better gives it.
"""

from __future__ import annotations

import re
from typing import Any

_LABEL = re.compile(
    r"^(?:abstract|full text|summary|resumen|texto completo|lead paragraph)\s*[.:]?$", re.I
)
_RULE = re.compile(r"^[\s_*=~#•·\-–—]{3,}\.?$")
_SOCIAL = r"(?:twitter|x|facebook|instagram|threads|bluesky|tiktok|mastodon|telegram)"
_FOLLOW = re.compile(
    rf"^[\"“']?(?:follow|s[ií]gue(?:me|nos|lo|la)?|siga a)\b.{{0,80}}\b(?:on|en)\s+{_SOCIAL}\b"
    r".{0,60}$",
    re.I,
)
_BIO = re.compile(
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s+(?:is|was|es)\s+(?:a|an|the|un|una|el|la)\s+"
    r".{0,200}\b(?:reporter|correspondent|columnist|editor|writer|contributor|journalist|author"
    r"|analyst|producer|fellow|periodista|corresponsal|redactora?|columnista)\b",
)
_CONTACT = re.compile(
    r"\b(?:follow (?:him|her|them)|reach (?:him|her|them)|email (?:him|her|them)|"
    r"contact (?:him|her|them))\b|@\w{2,}|\b[\w.+-]+@[\w-]+\.[\w.]+\b",
    re.I,
)
BIO_MAX_WORDS = 80
TAIL_LINES = 3
"""An author's bio is one of the last lines."""


def kind_of(text: str) -> str | None:
    """The kind of leftover a line is anywhere in an article, or None."""
    stripped = text.strip()
    if _LABEL.match(stripped) or _RULE.match(stripped):
        return "other"
    if _FOLLOW.match(stripped):
        return "promo"
    return None


def is_bio(text: str, author: str | None = None) -> bool:
    """Whether a line at the end of an article is its author's bio: "NAME is a ... reporter
    ..." with a way to reach them, or about the article's own byline name."""
    stripped = text.strip().strip('"“”')
    if len(stripped.split()) > BIO_MAX_WORDS or not _BIO.match(stripped):
        return False
    return bool(_CONTACT.search(stripped)) or bool(author and stripped.startswith(author))


def mark(sorting: Any) -> None:
    """Mark the leftovers among the lines ``sorting`` left in the body."""
    open_lines = [i for i, mark in enumerate(sorting.marks) if mark is None]
    for i in open_lines:
        kind = kind_of(sorting.lines[i].text)
        if kind:
            sorting.marks[i] = kind
    tail = [i for i in open_lines if sorting.marks[i] is None][-TAIL_LINES:]
    for i in tail:
        if is_bio(sorting.lines[i].text, sorting.author):
            sorting.marks[i] = "bio"


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LEAD = re.compile(
    r"^(?:published|updated|last updated|posted|publicado|actualizado|atualizado|publié|"
    r"mis à jour|veröffentlicht|aktualisiert|stand)\b(?:\s+(?:on|el|le|am))?\s*[:,-]?\s*",
    re.I,
)


def stamp_date(text: str) -> str | None:
    """The day a publication stamp line states ("Published 25 June 2024" -> 2024-06-25), or
    None when it names no full date with a year."""
    rest = _LEAD.sub("", text.strip())
    if not _YEAR.search(rest):
        return None
    import dateparser

    found = dateparser.parse(
        rest,
        languages=["en", "es", "fr", "de", "pt"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return found.date().isoformat() if found else None
