"""Limits and options, each with a default, in one place.

They are plain values on a frozen dataclass so a caller (the CLI, a test, the batch job) builds
one ``Settings`` and hands it down; nothing reads the environment behind the caller's back.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """What the engine may read and how hard it may try."""

    max_bytes: int = 5_000_000
    """Largest single input (a file, a JSON Lines record, a fetched page) accepted, in bytes.
    News articles are rarely above 200 kB of HTML; 5 MB leaves room for heavy pages."""

    max_archive_bytes: int = 4_000_000_000
    """Largest WARC or feed file streamed; records inside are still capped by ``max_bytes``."""

    max_html_depth: int = 400
    """Deepest element nesting parsed before an HTML input is rejected as pathological."""

    batch_size: int = 32
    """Texts handed to ``nlp.pipe`` at a time."""

    fetch: bool = False
    """Whether URLs (given directly or linked from feeds) are fetched over HTTP."""

    allow_private: bool = False
    """Whether fetching may reach loopback, private and link-local addresses."""

    timeout: float = 20.0
    """Seconds allowed for one HTTP request (connect + read)."""

    retries: int = 2
    """Extra tries for a URL after a timeout or a 5xx answer, with exponential backoff."""

    max_redirects: int = 5
    per_host: int = 2
    """Concurrent requests per host when fetching many URLs."""

    user_agent: str = "newsgraph/0.1 (+offline news event extraction)"


DEFAULT = Settings()
