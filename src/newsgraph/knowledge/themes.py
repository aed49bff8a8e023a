"""The project's theme taxonomy: codes and the words or phrases that trigger them.

The table lives in ``data/themes.tsv`` (``code<TAB>trigger``, ``#`` starts a comment; Spanish
triggers, with the same codes, in ``data/es/themes.tsv``); see
docs/themes.md for what each code covers and the evidence rule the extractor applies.
"""

from __future__ import annotations

import functools
from importlib import resources

from newsgraph.errors import ConfigError

# Each language's table; the codes are the same in all.
TABLES = {"en": "data/themes.tsv", "es": "data/es/themes.tsv"}


@functools.cache
def theme_triggers(language: str = "en") -> dict[str, tuple[tuple[str, ...], ...]]:
    """Every theme code with its triggers, each a tuple of lower-case words; read once."""
    name = TABLES.get(language, TABLES["en"])
    path = resources.files("newsgraph.knowledge").joinpath(name)
    table: dict[str, list[tuple[str, ...]]] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        code, sep, trigger = line.partition("\t")
        if not sep or not trigger.strip():
            raise ConfigError(f"knowledge/{name} line {number}: expected code<TAB>trigger")
        table.setdefault(code.strip(), []).append(tuple(trigger.lower().split()))
    return {code: tuple(triggers) for code, triggers in table.items()}


@functools.cache
def trigger_index(language: str = "en") -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Triggers keyed by their first word: ``word -> ((code, trigger words), ...)``."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for code, triggers in theme_triggers(language).items():
        for trigger in triggers:
            index.setdefault(trigger[0], []).append((code, trigger))
    return {word: tuple(entries) for word, entries in index.items()}
