"""The exceptions newsgraph raises.

::

    NewsgraphError
     ├── InputError      unreadable, binary, empty, undecodable, too large, unsupported format
     │    └── BudgetExceeded  an article needed more time or memory than its budget
     ├── ConfigError     unknown stage, missing model, bad setting
     ├── ExtractorError  a stage failed on one article (carries stage and article source)
     └── StoreError      the database could not be read or written

Foreign exceptions (lxml, spaCy, sqlite3, HTTP) are translated into these once, where they
cross into newsgraph, with ``raise ... from exc``.  Every message names the input and the reason,
so it can be printed as one line.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose."""


class InputError(NewsgraphError):
    """An input cannot be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class BudgetExceeded(InputError):
    """An article needed more time or memory than ``Settings.time_budget`` or
    ``Settings.memory_budget`` allow; ``stage`` is where it ran over ("parse", "events"...)."""

    def __init__(self, source: str, stage: str, reason: str) -> None:
        super().__init__(source, reason)
        self.stage = stage


class ConfigError(NewsgraphError):
    """The pipeline or a setting is misconfigured."""


class ExtractorError(NewsgraphError):
    """A stage failed on one article."""

    def __init__(self, stage: str, source: str, reason: str) -> None:
        super().__init__(f"{source}: stage {stage} failed: {reason}")
        self.stage = stage
        self.source = source
        self.reason = reason


class StoreError(NewsgraphError):
    """The store could not be read or written."""
