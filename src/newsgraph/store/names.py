"""Finding entities by name: accent- and case-insensitive matching of names and aliases.

An analyst asks for "Trump" or "Arevalo", not for ``person:donald trump`` or ``USAGOV``.  A
name given on the command line is matched against every cross-article entity's aliases (the
names the articles used for it), word by word, with accents, case and punctuation folded away;
an entity key (``person:gustavo petro``) matches that entity alone.

Events and quotes do not store the entity behind each of their sides, only the words that name
it ("his Azerbaijani counterpart Jeyhun Bayramov"); a side matches when those words contain,
as whole words, one of the matched entities' names or aliases, or the name asked for itself.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from newsgraph.errors import StoreError

_NOT_WORD = re.compile(r"[\W_]+")
MIN_ALIAS = 3
"""Aliases shorter than this once folded ("US", "he") are too ambiguous to match names by."""


def fold(text: str | None) -> str:
    """``text`` lower-cased, without accents, its punctuation turned into single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).split())


@dataclass(frozen=True)
class NameMatch:
    """The entities a name given by the user stands for, and how to test a side's words."""

    asked: str
    entities: list[dict[str, Any]]
    names: frozenset[str]
    """Folded names and aliases (and the name asked for) that a side's words may contain."""

    @property
    def ids(self) -> list[int]:
        return [int(e["id"]) for e in self.entities]

    def matcher(self) -> Callable[[str | None], int]:
        """A test of a side's words, for ``sqlite3.Connection.create_function``."""
        if not self.names:
            return lambda words: 0
        pattern = re.compile(
            r"(?:^| )(?:"
            + "|".join(re.escape(n) for n in sorted(self.names, key=len)[::-1])
            + r")(?: |$)"
        )
        return lambda words: int(bool(words) and pattern.search(fold(words)) is not None)

    def describe(self) -> str:
        """One line saying what the name matched (for standard error)."""
        if not self.entities:
            return f"{self.asked!r} names no stored entity; matching the words of event sides"
        shown = [f"{e['name']} ({e['type']}, {e['key']})" for e in self.entities[:5]]
        more = f" and {len(self.entities) - 5} more" if len(self.entities) > 5 else ""
        return f"{self.asked!r} matched {', '.join(shown)}{more}"


def find_entities(conn: sqlite3.Connection, asked: str, limit: int = 50) -> NameMatch:
    """The entities named ``asked``: by exact key, else by the words of a name or alias."""
    if not isinstance(asked, str) or not fold(asked):
        raise StoreError(f"an entity name or key is needed, not {asked!r}")
    register(conn)
    columns = "e.id, e.key, e.name, e.type, e.actor, e.mention_count AS mentions"
    rows = conn.execute(
        f"SELECT {columns} FROM entities e WHERE e.key = ?", (asked.strip(),)
    ).fetchall()
    by_key = bool(rows)
    if not rows:
        rows = conn.execute(
            f"SELECT DISTINCT {columns} FROM entity_aliases a "
            "JOIN entities e ON e.id = a.entity_id "
            "WHERE ' ' || newsgraph_fold(a.alias) || ' ' LIKE ? "
            "ORDER BY e.mention_count DESC, e.id LIMIT ?",
            (f"% {fold(asked)} %", limit),
        ).fetchall()
    entities = [dict(row) for row in rows]
    names = set() if by_key else {fold(asked)}
    if entities:
        marks = ",".join("?" * len(entities))
        ids = [e["id"] for e in entities]
        for (alias,) in conn.execute(
            f"SELECT alias FROM entity_aliases WHERE entity_id IN ({marks})", ids
        ):
            names.add(fold(alias))
        names |= {fold(e["name"]) for e in entities}
    return NameMatch(asked, entities, frozenset(n for n in names if len(n) >= MIN_ALIAS))


def register(conn: sqlite3.Connection) -> None:
    """Make ``newsgraph_fold`` callable in this connection's SQL."""
    conn.create_function("newsgraph_fold", 1, fold, deterministic=True)
