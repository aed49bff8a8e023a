"""What is not an article, told from content: PDFs, tables, Markdown documents, texts too
short, pages of navigation only.  And how what was turned away is summed up.

Every file of a folder is read and sniffed, whatever its name; these checks turn away what is
not news text with a reason, and ``SkipReport`` sums up those reasons in one line each
(``newsgraph: error: skipped 3 inputs as binary content: a.png, b.jpg, c.zip``) instead of a
line per file, since a scraped folder can hold thousands of images.
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsgraph.types import Rejection

MIN_WORDS = 5
"""Fewer words than this is no article ("hello", a title alone)."""
LINE_WORDS = 6
"""A text with no line of this many words ending as a sentence is navigation or links."""

_PDF = b"%PDF-"
_HEADING = re.compile(r"^#{1,6}\s+\S", re.M)
_FENCE = re.compile(r"^```", re.M)
_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’»)\]]*\s*$")


def binary_kind(head: bytes) -> str | None:
    """The reason to refuse a file from its first bytes, for kinds no reader takes."""
    if head.lstrip()[:5] == _PDF:
        return "a PDF file; PDFs are not read (convert them to text or HTML first)"
    return None


def text_problem(text: str) -> str | None:
    """Why a plain text (before cleaning) is not an article, or None."""
    if _is_table(text):
        return "a table (CSV or TSV rows), not an article"
    if len(_FENCE.findall(text)) >= 2 or len(_HEADING.findall(text)) >= 2:
        return "a Markdown document (# headings, ``` code), not an article"
    words = len(text.split())
    if words < MIN_WORDS:
        return f"too short ({words} words; an article has at least {MIN_WORDS})"
    return None


def cleaned_problem(text: str) -> str | None:
    """Why a cleaned article text is not an article, or None."""
    words = len(text.split())
    if words < MIN_WORDS:
        return f"too short once cleaned ({words} words; an article has at least {MIN_WORDS})"
    if not any(_is_sentence(line) for line in text.splitlines()):
        return "no article text: no sentence, only names and labels (navigation or links)"
    return None


def _is_sentence(line: str) -> bool:
    """A line of some length that ends as a sentence does (a menu line does not)."""
    return len(line.split()) >= LINE_WORDS and bool(_SENTENCE_END.search(line))


def _is_table(text: str) -> bool:
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if len(lines) < 3:
        return False
    for separator in (",", "\t", ";"):
        counts = {line.count(separator) for line in lines}
        if len(counts) == 1 and counts.pop() >= 2:
            return True
    return False


_KINDS = (
    ("binary content", ("binary content",)),
    ("PDF", ("a PDF file",)),
    ("empty", ("empty input",)),
    ("too short", ("too short",)),
    ("no article text", ("no article text",)),
    ("not an article", ("a Markdown document", "a table (CSV")),
)


def kind_of(reason: str) -> str | None:
    """The summary kind of a rejection's reason, or None for reasons reported one by one."""
    for kind, starts in _KINDS:
        if any(reason.startswith(start) or start in reason for start in starts):
            return kind
    return None


class SkipReport:
    """Rejections of the kinds above, gathered to be reported in one line per kind."""

    def __init__(self, shown: int = 5) -> None:
        self.shown = shown
        self.sources: dict[str, list[str]] = defaultdict(list)

    def add(self, rejection: Rejection) -> bool:
        """Keep ``rejection`` for the summary when it is of a summed-up kind."""
        kind = kind_of(rejection.reason)
        if kind is None:
            return False
        self.sources[kind].append(rejection.source)
        return True

    def lines(self) -> list[str]:
        """One line per kind, naming the first inputs of each."""
        out = []
        for kind, _ in _KINDS:
            sources = self.sources.get(kind)
            if not sources:
                continue
            names = ", ".join(sources[: self.shown])
            more = f" and {len(sources) - self.shown} more" if len(sources) > self.shown else ""
            noun = "input" if len(sources) == 1 else "inputs"
            out.append(f"newsgraph: error: skipped {len(sources)} {noun} as {kind}: {names}{more}")
        return out
