"""The filters shared by every question about events: checked, then turned into SQL.

``events``, ``count_events`` and ``timeline`` (and the web API, which passes the same keyword
arguments) take the same filters; ``event_where`` checks each one, raising ``StoreError`` that
names the filter and the form expected, and returns the ``WHERE`` clause over ``event_groups g``
with its parameters.  Filters by entity name register a matching function on the connection
(see ``names``); ``matches`` keeps what each name matched so a caller can report it.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsgraph.errors import StoreError
from newsgraph.store.names import NameMatch, find_entities

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ROOT = re.compile(r"^\d{2}$")
_CODE = re.compile(r"^\d{2,4}$")
_ACTOR = re.compile(r"^[A-Za-z]{1,30}$")

EVENT_FILTERS = (
    "actor", "dyad", "source", "target", "entity", "root", "code", "quad_class", "since",
    "until", "place", "min_confidence",
)  # fmt: skip
"""The keyword arguments every event question accepts."""


def check_day(value: Any, name: str) -> str | None:
    """A ``YYYY-MM-DD`` date (or None), or StoreError."""
    if value is None:
        return None
    try:
        if not isinstance(value, str) or not _ISO_DAY.match(value):
            raise ValueError(value)
        dt.date.fromisoformat(value)
    except ValueError:
        raise StoreError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None
    return value


def check_root(value: Any) -> str | None:
    """A two-digit CAMEO root from 01 to 20 (a single digit is padded), or StoreError."""
    if value is None:
        return None
    text = str(value).strip()
    text = text.zfill(2) if text.isdigit() and len(text) == 1 else text
    if not _ROOT.match(text) or not 1 <= int(text) <= 20:
        raise StoreError(f"root must be a two-digit CAMEO root from 01 to 20, not {value!r}")
    return text


def check_code(value: Any) -> str | None:
    """A CAMEO code or code prefix (two to four digits, root 01 to 20), or StoreError."""
    if value is None:
        return None
    text = str(value).strip()
    if not _CODE.match(text) or not 1 <= int(text[:2]) <= 20:
        raise StoreError(
            f"code must be a CAMEO code or prefix of 2 to 4 digits (042, 1123), not {value!r}"
        )
    return text


def check_actor(value: Any, name: str = "actor") -> str:
    """An actor code or prefix (letters only: MEX, USAGOV), or StoreError."""
    if not isinstance(value, str) or not _ACTOR.match(value.strip()):
        raise StoreError(f"{name} must be an actor code or prefix of letters (MEX, USAGOV), "
                         f"not {value!r}")  # fmt: skip
    return value.strip().upper()


def check_confidence(value: Any) -> float | None:
    """A confidence from 0 to 1, or StoreError."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise StoreError(f"min_confidence must be a number from 0 to 1, not {value!r}")
    return number


@dataclass
class Where:
    """A checked ``WHERE`` clause over ``event_groups g`` and what its names matched."""

    sql: str = ""
    params: list[Any] = field(default_factory=list)
    matches: dict[str, NameMatch] = field(default_factory=dict)

    def add(self, clause: str, *values: Any) -> None:
        self.sql += (" AND " if self.sql else " WHERE ") + clause
        self.params.extend(values)


def _prefix(column: str, value: str) -> tuple[str, str]:
    """A prefix test that can use an index (GLOB is case-sensitive, as actor codes are)."""
    escaped = "".join(f"[{c}]" if c in "*?[]" else c for c in value.upper())
    return f"{column} GLOB ?", escaped + "*"


def event_where(
    conn: sqlite3.Connection,
    *,
    actor: str | None = None,
    dyad: Sequence[str] | None = None,
    source: str | None = None,
    target: str | None = None,
    entity: str | None = None,
    root: str | None = None,
    code: str | None = None,
    quad_class: int | None = None,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    min_confidence: float | None = None,
) -> Where:
    """Check the event filters and build their clause; see ``queries.events`` for each."""
    where = Where()
    since, until = check_day(since, "since"), check_day(until, "until")
    if since and until and since > until:
        raise StoreError(f"since ({since}) is after until ({until})")
    if actor:
        source_test, value = _prefix("g.source_actor", check_actor(actor))
        target_test, _ = _prefix("g.target_actor", value)
        where.add(f"({source_test} OR {target_test})", value, value)
    if dyad:
        if isinstance(dyad, str) or len(dyad) != 2:
            raise StoreError("a dyad is two actor codes: SOURCE TARGET")
        for column, value in zip(("g.source_actor", "g.target_actor"), dyad, strict=True):
            where.add(*_prefix(column, check_actor(value, "dyad")))
    for side, asked in (("source", source), ("target", target), ("entity", entity)):
        if asked:
            _by_name(conn, where, side, asked)
    _by_code(where, root, code, quad_class)
    if since:
        where.add("g.date >= ?", since)
    if until:
        where.add("g.date <= ?", until)
    if place:
        where.add("(g.country = ? OR g.place LIKE ?)", place.upper(), f"%{place}%")
    if (confidence := check_confidence(min_confidence)) is not None:
        where.add(
            "EXISTS (SELECT 1 FROM events c WHERE c.group_id = g.id AND c.confidence >= ?)",
            confidence,
        )
    return where


def _by_code(where: Where, root: Any, code: Any, quad_class: Any) -> None:
    if root := check_root(root):
        where.add("g.root = ?", root)
    if code := check_code(code):
        where.add(*_prefix("g.code", code))
    if quad_class is not None:
        if quad_class not in (1, 2, 3, 4) or isinstance(quad_class, bool):
            raise StoreError(f"quad_class must be 1, 2, 3 or 4, not {quad_class!r}")
        where.add("g.quad_class = ?", quad_class)


def _by_name(conn: sqlite3.Connection, where: Where, side: str, asked: str) -> None:
    match = find_entities(conn, asked)
    where.matches[side] = match
    function = f"newsgraph_{side}_named"
    conn.create_function(function, 1, match.matcher())
    if side == "entity":
        where.add(f"({function}(g.source_name) OR {function}(g.target_name))")
    else:
        where.add(f"{function}(g.{side}_name)")
