"""Spanish word tables the entity and actor stages read beside their English ones.

``data/es/words.tsv`` holds titles ("presidente", "canciller") and the first words of
organisations' names ("Ministerio", "Confederación"); ``data/es/roles.tsv`` the words for
offices and groups with their CAMEO role codes ("gobierno" GOV, "policía" COP).  Both are the
project's own.
"""

from __future__ import annotations

import functools
from importlib import resources


def _rows(name: str) -> list[list[str]]:
    text = resources.files("newsgraph.knowledge").joinpath(f"data/es/{name}").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


@functools.cache
def words(kind: str) -> frozenset[str]:
    """The words of one kind in ``words.tsv`` ("title", "organisation")."""
    return frozenset(word for found, word in _rows("words.tsv") if found == kind)


@functools.cache
def role_words() -> dict[str, str]:
    """Spanish role word -> CAMEO role code (``roles.tsv``)."""
    return {phrase: code for phrase, code, _ in _rows("roles.tsv") if " " not in phrase}
