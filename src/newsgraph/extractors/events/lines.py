"""Line breaks in a parsed text.

The parser sometimes joins a heading to the sentence after it ("EXILE REJECTED NEGOTIATIONS"
over "The Assembly ... expressed its rejection ..."); the event coder never links two words
across a line break.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

_BREAKS: list[tuple[Doc, list[int]]] = []


def same_line(one: Token, other: Token) -> bool:
    """No line break between two words: a heading the parser joined to a sentence is apart."""
    start, end = sorted((one.idx, other.idx))
    breaks = _line_breaks(one.doc)
    index = bisect.bisect_left(breaks, start)
    return index == len(breaks) or breaks[index] >= end


def _line_breaks(doc: Doc) -> list[int]:
    """Offsets of the line breaks in a parsed text, kept for the text last asked about."""
    if _BREAKS and _BREAKS[0][0] is doc:
        return _BREAKS[0][1]
    return remember_lines(doc, doc.text)  # Doc.text joins every token: once per text


def remember_lines(doc: Doc, text: str) -> list[int]:
    """Note where the lines of a parsed text break (``text`` is the text it was parsed from)."""
    breaks = [match.start() for match in re.finditer("\n", text)]
    _BREAKS[:] = [(doc, breaks)]
    return breaks
