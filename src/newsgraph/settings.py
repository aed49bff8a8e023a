"""Limits and options, each with a default, in one place.

They are plain values on a frozen dataclass so a caller (the CLI, a test, the batch job) builds
one ``Settings`` and hands it down; nothing reads the environment behind the caller's back.

The per-article budget
----------------------
A long article costs in proportion to its length: the spaCy pass alone takes about 45 s and a
few hundred MB of resident memory per MB of clean text on one core (``benchmarks/length_cost.py``
measures every stage).  So each article runs under a budget, ``time_budget`` seconds and
``memory_budget`` bytes; an article that needs more becomes a ``Rejection`` (``BudgetExceeded``
from ``Pipeline.run``) whose stage is where it ran over and whose reason names the budget, and
the rest of the batch goes on.

- Time counts from cleaning to the last stage (an article's share of a batched spaCy pass
  included; the first article of a process also pays for loading the tables stages read).  It
  is checked before and after every stage, between the pieces of a long text's spaCy pass and
  inside the long loops of the extractors (``check_budget`` below); in the main thread a timer
  (``SIGALRM``, when nothing else uses it) also stops a stage that does not return in time.
- Memory is the resident memory the process gains while the article is processed (from
  ``/proc/self/statm``; the peak, from ``getrusage``, where that is missing), checked at the
  same points.  It is the process's: threads running articles side by side share it.
- The spaCy pass is bounded by cutting: a text longer than ``parse_chunk`` characters is
  tokenized whole, then parsed in pieces of at most that size cut at paragraph breaks (else
  sentence ends, else spaces) and joined again, so its working memory is that of one piece and
  the budget is checked between pieces.  Annotations can differ from a single pass only within
  a sentence or two of a cut; texts up to ``parse_chunk`` are parsed whole as before.  Batched
  short texts are parsed together up to ``parse_chunk`` characters at a time.

A budget of 0 turns that check off.  A stage with a long loop calls ``check_budget()`` in it:
that reads the budget of the article being processed from a context variable, so stages take
no extra argument, and it does nothing outside a pipeline.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

from newsgraph.errors import BudgetExceeded


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
    """Texts handed to ``nlp.pipe`` at a time (fewer when they hold over ``parse_chunk``
    characters together)."""

    time_budget: float = 60.0
    """Seconds one article may take, from cleaning to its last stage, before it is rejected
    ("over the time budget"); 0: no limit.  A 1 MB text takes a minute or more on one core."""

    memory_budget: int = 2_000_000_000
    """Bytes of resident memory the process may gain while processing one article before the
    article is rejected ("over the memory budget"); 0: no limit."""

    parse_chunk: int = 100_000
    """Longest text, in characters, given to the spaCy pass in one piece: longer texts are
    parsed in pieces of at most this size, cut at paragraph breaks (module notes)."""

    language: str | None = None
    """The language of every article (ISO 639-1, "en", "es"), instead of the one detected
    from its text; ``None``: detect it (an HTML page's declared language comes first)."""

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


# -- the per-article budget (module notes) ---------------------------------------------

OVER_BUDGET = ("over the time budget", "over the memory budget")
"""How the reason of a rejection for an article over its budget begins."""
_current: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "newsgraph_budget", default=None
)


def check_budget() -> None:
    """Raise ``BudgetExceeded`` when the article being processed is over its time or memory
    budget; do nothing outside a pipeline.  Cheap enough for a stage's long loops (a clock
    read, and a memory read at most every 50 ms)."""
    budget = _current.get()
    if budget is not None:
        budget.check()


def _page_size() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return 4096


_PAGE = _page_size()


def resident_bytes() -> int:
    """The resident memory of this process now (its peak where the current one is unknown)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class Budget:
    """The time and memory one article may still use, and the stage it is in."""

    _MEMORY_EVERY = 0.05  # seconds between two reads of the resident memory

    def __init__(self, settings: Settings, source: str, spent: float = 0.0) -> None:
        self.seconds = settings.time_budget
        self.memory = settings.memory_budget
        self.source = source
        self.stage = "clean"
        self.started = time.monotonic() - spent
        self.baseline = resident_bytes() if self.memory > 0 else 0
        self._memory_read = time.monotonic()
        self._armed = False

    def enter(self, stage: str) -> None:
        """Check the budget, then record that ``stage`` starts."""
        self.check()
        self.stage = stage

    def check(self) -> None:
        """Raise ``BudgetExceeded`` if the article is over its time or memory budget."""
        now = time.monotonic()
        if self.seconds > 0 and now - self.started > self.seconds:
            raise self._over_time()
        if self.memory > 0 and now - self._memory_read >= self._MEMORY_EVERY:
            self._memory_read = now
            grown = resident_bytes() - self.baseline
            if grown > self.memory:
                raise BudgetExceeded(
                    self.source,
                    self.stage,
                    f"over the memory budget ({self.memory:,} bytes per article) in the "
                    f"{self.stage} stage: {grown:,} bytes more resident",
                )

    def _over_time(self) -> BudgetExceeded:
        elapsed = time.monotonic() - self.started
        return BudgetExceeded(
            self.source,
            self.stage,
            f"over the time budget ({self.seconds:g} s per article) in the {self.stage} "
            f"stage after {elapsed:.1f} s",
        )

    @contextlib.contextmanager
    def running(self) -> Iterator[Budget]:
        """Make this the budget ``check_budget`` reads, and arm the timer (module notes)."""
        token = _current.set(self)
        previous = self._arm()
        try:
            yield self
        finally:
            self._armed = False
            if previous is not None:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            _current.reset(token)

    def _arm(self) -> signal.Handlers | None:
        """In the main thread, with SIGALRM unused, interrupt a stage still running when the
        time is up (one that does not call ``check_budget``): the alarm raises there."""
        if (
            self.seconds <= 0
            or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None)
            or signal.getitimer(signal.ITIMER_REAL)[0] > 0
        ):
            return None

        def alarm(signum: int, frame: FrameType | None) -> None:
            if self._armed:
                self._armed = False  # once: the stage's own handling may swallow it
                raise self._over_time()

        previous = signal.signal(signal.SIGALRM, alarm)
        self._armed = True
        remaining = self.seconds - (time.monotonic() - self.started)
        signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001) + 0.05)
        return previous if isinstance(previous, signal.Handlers) else signal.SIG_DFL
