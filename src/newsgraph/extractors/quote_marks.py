"""Find the spans enclosed by quotation marks in a text.

Handles straight (``"``), curly (“ ” and ‘ ’), guillemet (« ») and low-high („ “) marks, and
the dialogue dash of Spanish copy (a paragraph opening with "—", the narrator's words set off
by dashes inside it).  Each
mark is given a role from its neighbours: an opening mark follows a space, a paragraph start or
an opening bracket; a closing mark precedes a space, punctuation or the end.  The marks are then
paired left to right:

- a quote that is still open when a new paragraph starts with an opening mark continues into
  that paragraph (the convention for quotations that run over several paragraphs);
- an opening mark met while a quote is open in the same paragraph, a closing mark with nothing
  open, or a quote still open at the end of the text are *unbalanced*: the offending mark is
  reported as a warning and skipped, and pairing goes on;
- marks inside markup tags (``<tweet author="…">``) are not quotation marks;
- single curly quotes (‘ ’) are only read as quotation marks outside double quotes, and a ’
  between two letters is always an apostrophe.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

OPEN, CLOSE = "open", "close"

# Marks whose role is fixed by the glyph itself (for double-quote families).
_FIXED = {"“": OPEN, "”": CLOSE, "«": OPEN, "»": CLOSE, "„": OPEN}
_DOUBLE = set('"“”«»„')
_SINGLE = set("‘’")
_BEFORE_OPEN = set(" \t\n([{—–-/\u00a0") | {""}
_AFTER_CLOSE = set(" \t\n)]}—–-.,;:!?…\u00a0") | {""}


@dataclass(frozen=True)
class Span:
    """Inner span of one quotation (marks excluded, whitespace trimmed)."""

    start: int
    end: int
    paragraphs: int = 1  # how many paragraphs the quotation runs over


@dataclass(frozen=True)
class _Mark:
    pos: int
    size: int  # 2 for the doubled apostrophe ('') some wires use as a double quotation mark
    glyph: str
    family: str
    role: str | None


# Which marks pair with which: a straight mark closes a straight one, ” or “ closes “ or „.
_FAMILY = {'"': "straight", "''": "straight", "“": "curly", "”": "curly", "„": "curly"}
_FAMILY.update({"«": "angle", "»": "angle"})


def _role(text: str, pos: int, size: int = 1) -> str | None:
    """The role of the mark at ``pos``: open, close, or None when its neighbours do not tell."""
    glyph = text[pos]
    before = text[pos - 1] if pos > 0 else ""
    after = text[pos + size] if pos + size < len(text) else ""
    opens = before in _BEFORE_OPEN or before in _DOUBLE | _SINGLE
    closes = after in _AFTER_CLOSE or after in _DOUBLE | _SINGLE
    if size == 2:
        glyph = '"'
    if glyph in _SINGLE and before.isalnum() and after.isalnum():
        return None  # an apostrophe: don’t, Warren’s
    if glyph in _FIXED and glyph != "“":
        fixed = _FIXED[glyph]
        # A glyph used the wrong way round (” opening a quote) is read from its context.
        if fixed == CLOSE and opens and not closes and after.strip():
            return OPEN
        return fixed
    if glyph == "“":
        # “ closes a „-quote, and some sources use it for both ends.
        return CLOSE if closes and not opens else OPEN
    if glyph == "‘":
        return OPEN if opens and after.strip() else None
    if glyph == "’":
        return CLOSE if closes and not before.isspace() else None
    if opens and not closes:
        return OPEN
    if closes and not opens:
        return CLOSE
    return None


_MARK = re.compile("''(?!')|[\"“”‘’«»„]")


# Markup left in a text (<tweet author="…">) holds attribute values, not quotations.
_TAG = re.compile(r"<[A-Za-z/][^<>\n]{0,500}>")


def _marks(text: str) -> list[_Mark]:
    marks = []
    tags = [m.span() for m in _TAG.finditer(text)] if "<" in text else []
    tag_starts = [a for a, _ in tags]
    for found in _MARK.finditer(text):
        pos, glyph = found.start(), found.group()
        if tags and _in_tag(tags, tag_starts, pos):
            continue
        if glyph == "''":
            marks.append(_Mark(pos, 2, glyph, "straight", _role(text, pos, 2)))
        elif glyph in _SINGLE:
            marks.append(_Mark(pos, 1, glyph, "single", _role(text, pos)))
        else:
            marks.append(_Mark(pos, 1, glyph, _FAMILY[glyph], _role(text, pos)))
    return marks


def _in_tag(tags: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether ``pos`` lies strictly inside one of ``tags`` (sorted, never overlapping)."""
    before = bisect.bisect_left(starts, pos)  # tags[before - 1] is the last opening before pos
    return before > 0 and pos < tags[before - 1][1]


def _starts_paragraph(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return line_start > 0 and not text[line_start:pos].strip()


def _trimmed(text: str, start: int, end: int, paragraphs: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not any(ch.isalnum() for ch in text[start:end]):
        return None
    return Span(start, end, paragraphs)


class _Pairing:
    """Left-to-right pairing state: one open quotation and at most one nested inside it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[Span] = []
        self.warnings: list[str] = []
        self.opened: _Mark | None = None
        self.nested: _Mark | None = None
        self.paragraphs = 1

    def warn(self, mark: _Mark) -> None:
        self.warnings.append(f"unbalanced quotation mark {mark.glyph} at offset {mark.pos}")

    def emit(self, opening: _Mark, closing: _Mark, paragraphs: int = 1) -> None:
        span = _trimmed(self.text, opening.pos + opening.size, closing.pos, paragraphs)
        if span:
            self.spans.append(span)

    def feed(self, mark: _Mark) -> None:
        role = mark.role
        if role is None and mark.family == "straight":
            same = self.opened is not None and self.opened.family == "straight"
            role = CLOSE if same else OPEN  # a straight mark alternates
        if role is None:
            return
        opened = self.opened
        if opened is None:
            if role == OPEN:
                self.opened, self.paragraphs = mark, 1
            else:
                self.warn(mark)
            return
        breaks = "\n" in self.text[opened.pos : mark.pos]
        new_paragraph = role == OPEN and breaks and _starts_paragraph(self.text, mark.pos)
        if mark.family == opened.family and new_paragraph:
            # The same opening mark again at a paragraph start: the quotation runs on.
            self.paragraphs += self.text.count("\n\n", opened.pos, mark.pos) or 1
            self.nested = None
        elif mark.family == opened.family and role == OPEN:
            self.warn(opened)
            self.opened, self.paragraphs, self.nested = mark, 1, None
        elif mark.family == opened.family:
            self.emit(opened, mark, self.paragraphs)
            self.opened = self.nested = None
        elif new_paragraph:
            self.warn(opened)  # a dangling mark left open by an excerpt's last paragraph
            self.opened, self.paragraphs, self.nested = mark, 1, None
        else:
            self._feed_nested(mark, role)

    def _feed_nested(self, mark: _Mark, role: str) -> None:
        if role == OPEN and self.nested is None:
            self.nested = mark
        elif role == CLOSE and self.nested is not None and self.nested.family == mark.family:
            self.emit(self.nested, mark)
            self.nested = None


def find_quote_spans(text: str) -> tuple[list[Span], list[str]]:
    """Return the inner spans of the quotations in ``text`` and warnings about unbalanced marks."""
    pairing = _Pairing(text)
    single_open: _Mark | None = None
    for mark in _marks(text):
        if mark.family == "single":
            # Single quotes are read only outside double ones (nested ones stay inside).
            if pairing.opened is not None:
                continue
            if mark.role == OPEN and single_open is None:
                single_open = mark
            elif mark.role == CLOSE and single_open is not None:
                if "\n" not in text[single_open.pos : mark.pos]:
                    pairing.emit(single_open, mark)
                single_open = None
            continue
        single_open = None
        pairing.feed(mark)
    if pairing.opened is not None:
        pairing.warn(pairing.opened)
    spans = pairing.spans + [
        d
        for d in _dialogue(text)
        if not any(o.start < d.end and d.start < o.end for o in pairing.spans)
    ]
    return sorted(spans, key=lambda s: s.start), pairing.warnings


# Spanish (and French) dialogue: a paragraph opening with a dash is speech, up to the dash that
# opens the narrator's words ("—dijo el ministro—") and again after the dash that closes them.
_DIALOGUE = re.compile(r"(?m)^[ \t]*[—―][ \t]*(?=\S)")
_INCISE = re.compile(r"\s[—―]\s?(?=[a-záéíóúñ])[^—―\n]*(?:[—―]|$)")


def _dialogue(text: str) -> list[Span]:
    """The spoken parts of dash-opened paragraphs."""
    found = []
    for opening in _DIALOGUE.finditer(text) if "—" in text or "―" in text else ():
        start = opening.end()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        for incise in _INCISE.finditer(text, start, end):
            span = _trimmed(text, start, incise.start(), 1)
            if span:
                found.append(span)
            start = incise.end()
            while start < end and text[start] in ".,;: ":
                start += 1  # "—dijo el ministro—. Las fronteras ...": the sentence's end
        span = _trimmed(text, start, end, 1)
        if span and start < end:
            found.append(span)
    return found
