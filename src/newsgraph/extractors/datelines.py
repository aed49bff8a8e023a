"""Datelines: the place, date and wire credit that open a news story.

"JEDDAH, Saudi Arabia, May 12 (Reuters) -", "KIEV, Ukraine (AP) —", "WASHINGTON (AFP) -": the
place there says where the story was filed, never who acts, so a capital in a dateline is no
government and the credit is no name's acronym.
"""

from __future__ import annotations

import re

_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]+[A-Z.](?:,\s+[A-Z][\w.'’ -]*?){0,2}(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([A-Za-z.&/ ]{2,30}\))?\s*[-—–]+\s"
)


def dateline_end(text: str, start: int) -> int | None:
    """Where the dateline opening the line at or before ``start`` ends, if that line opens
    with one; else None."""
    line = text.rfind("\n", 0, start) + 1
    found = _DATELINE.match(text, line, min(len(text), line + 120))
    return found.end() if found is not None else None


def in_dateline(text: str, start: int) -> bool:
    """Whether the character at ``start`` lies inside a dateline."""
    end = dateline_end(text, start)
    return end is not None and start < end
