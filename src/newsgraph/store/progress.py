"""A one-line progress display on standard error: counts, rate and time left."""

from __future__ import annotations

import time
from typing import Any, TextIO


class Progress:
    """Redraws one status line at most a few times a second; silent when not ``enabled``.

    Messages (one line per rejected input) are always written, above the status line.
    """

    def __init__(self, stream: TextIO, *, enabled: bool, total: int | None = None) -> None:
        self.stream = stream
        self.enabled = enabled
        self.total = total
        self.started = time.monotonic()
        self._drawn = 0.0
        self._shown = False

    def _line(self, stats: Any) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = stats.read / elapsed
        eta = "?"
        if self.total and rate > 0 and stats.read <= self.total:
            eta = _clock((self.total - stats.read) / rate)
        total = f"/{self.total}" if self.total else ""
        return (
            f"ingest: {stats.read}{total} read, "
            f"{stats.stored + stats.copy + stats.replaced} stored, "
            f"{stats.skipped} already stored, {stats.rejected} rejected | "
            f"{rate:.1f} articles/s | {_clock(elapsed)} elapsed, ETA {eta}"
        )

    def update(self, stats: Any) -> None:
        """Redraw the status line if enough time passed since the last time."""
        now = time.monotonic()
        if not self.enabled or now - self._drawn < 0.2:
            return
        self._drawn = now
        self.stream.write("\r\033[K" + self._line(stats))
        self.stream.flush()
        self._shown = True

    def message(self, text: str) -> None:
        """Write one line (above the status line when it is shown)."""
        prefix = "\r\033[K" if self._shown else ""
        self.stream.write(prefix + text + "\n")
        self.stream.flush()
        self._drawn = 0.0

    def finish(self, stats: Any) -> None:
        """Draw the final status and end the line."""
        if self.enabled:
            self.stream.write("\r\033[K" + self._line(stats) + "\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
