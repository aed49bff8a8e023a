"""The ingest's progress bar on standard error: one line at any width, with a true total.

The bar is tqdm's, redrawn a few times a second and always cut to the terminal's width (read
again at each redraw, so a resized window is followed), so it never wraps.  Until the first
article comes back it says that the language model is loading, the slow first step.  The
total counts articles, not files: a JSON Lines file holds one per line, a WARC file one per
response record, a feed one per entry (``count_articles``).  Messages (one line per rejected
input, warnings) are written above the bar.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

COUNT_LIMIT = 2_000_000_000
"""Past this many bytes of input the total is not counted (reading it twice costs too much)."""
LOADING = "loading the language model"
_BAR = "{desc} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}{postfix} [{elapsed}<{remaining}]"
_NO_TOTAL = "{desc} {n_fmt}{postfix} [{elapsed}, {rate_fmt}]"


class Progress:
    """A progress bar that is silent when not ``enabled``; messages are always written."""

    def __init__(self, stream: TextIO, *, enabled: bool, total: int | None = None) -> None:
        self.stream = stream
        self.enabled = enabled
        self.total = total
        self._bar: Any = None
        self._loaded = False
        if enabled:
            self._bar = tqdm(
                total=total, file=stream, desc=LOADING, unit=" articles", ncols=_width(),
                # a terminal that reports no size (0 rows) would otherwise get no bar at all
                nrows=max(2, shutil.get_terminal_size((80, 24)).lines),
                bar_format=_BAR if total else _NO_TOTAL, mininterval=0.2, leave=True,
                dynamic_ncols=False,
            )  # fmt: skip
            self._bar.refresh()

    def update(self, stats: Any) -> None:
        """Move the bar to what ``stats`` say (read, stored, skipped, rejected)."""
        if self._bar is None:
            return
        self._bar.ncols = _width()
        if not self._loaded:
            self._loaded = True
            self._bar.set_description_str("ingest", refresh=False)
        if self.total is not None and stats.read > self.total:
            self.total = self._bar.total = stats.read  # a count that fell short: never past 100%
        self._bar.set_postfix_str(_postfix(stats), refresh=False)
        self._bar.update(stats.read - self._bar.n)

    def message(self, text: str) -> None:
        """Write one line (above the bar when it is shown)."""
        if self._bar is not None:
            self._bar.write(text, file=self.stream)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    def finish(self, stats: Any) -> None:
        """Draw the final state and end the line."""
        if self._bar is None:
            return
        self.update(stats)
        if self._bar.total is not None and self._bar.n < self._bar.total:
            self._bar.total = self._bar.n  # inputs that were not articles: the run is complete
        self._bar.refresh()
        self._bar.close()


def _width() -> int:
    return max(20, shutil.get_terminal_size((80, 24)).columns - 1)


def _postfix(stats: Any) -> str:
    stored = stats.stored + stats.copy + stats.replaced
    return f"{stored} stored, {stats.skipped} known, {stats.rejected} rejected"


def count_articles(paths: Sequence[str], walk: Any) -> int | None:
    """How many articles the inputs hold, for the bar's total; None when it cannot be told
    cheaply (standard input, URLs, more than ``COUNT_LIMIT`` bytes).  ``walk`` lists the files
    of a folder as the readers do."""
    total = size = 0
    for path in paths:
        p = Path(path)
        if path == "-" or not p.exists():
            return None
        for file in walk(p) if p.is_dir() else [p]:
            try:
                size += file.stat().st_size
            except OSError:
                continue
            if size > COUNT_LIMIT:
                return None
            total += articles_in(file)
    return total


_FEED_ENTRY = re.compile(rb"<(?:item|entry)[\s>]", re.I)


def articles_in(path: Path) -> int:
    """How many articles one file holds, by its content (at least 1)."""
    from newsgraph.ingest import formats

    try:
        with path.open("rb") as handle:
            head = handle.read(formats.SNIFF_BYTES)
            kind = formats.sniff(head, str(path))
            if kind in ("html", "text", "gzip", "warc"):
                return _warc_pages(path) if kind == "warc" else 1
            data = head + handle.read()
    except OSError:
        return 1
    if kind == "feed":
        return max(1, len(_FEED_ENTRY.findall(data)))
    lines = [line for line in data.splitlines() if line.strip()]
    if lines and all(line.lstrip().startswith(b"{") for line in lines[:2]):
        return len(lines)  # JSON Lines: one article a line
    return 1


def _warc_pages(path: Path) -> int:
    """The HTML pages of a WARC file, as its reader takes them (records are skipped, not
    decoded)."""
    from warcio.archiveiterator import ArchiveIterator

    from newsgraph.ingest.warc import _is_html_page

    try:
        with path.open("rb") as handle:
            return sum(
                1 for record in ArchiveIterator(handle, arc2warc=True) if _is_html_page(record)
            )
    except Exception:  # a broken archive: its reader will say so; count what cannot be told as 1
        return 1
