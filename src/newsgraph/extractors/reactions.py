"""Speakers of lists of reactions: quotations each signed by a name on their own line.

Collections of readers' or officials' reactions put the speaker after each quotation rather
than beside a verb, in two layouts:

- a dash and the name at the end of the quotation's line, with an outlet or role after a
  comma ("“…” ― Christina Lastra.", "“…” — Jane Doe, The Guardian"), even when the quotation
  closes before the line ends (a quotation inside it, a remark after it);
- a line that is only the quotation, followed by a line that is only a name ("“…”" then
  "Maria Lopez, Phoenix").

``signed_name`` finds that name; without it the parse gives every quotation of the list to the
first name it meets.  ``named_after`` finds a speaker named right after the quotation, before
or after its verb ("…," said Dmitry Peskov; "…," Rep. Elijah E. Cummings (D-Md.) said), which
the parse often misses when the quotation is long or holds a name of its own.
"""

from __future__ import annotations

import re

# A name: two to five capitalised words (initials and particles allowed), then an optional
# ", outlet or place" and a full stop.
_NAME = r"[A-Z][\w'’.-]*(?:\s(?:[A-Z][\w'’.-]*|de|da|del|van|von|la|le|bin|al-\w+)){1,4}"
_SIGNED = re.compile(rf"[―—–-]\s*({_NAME})\s*(?:,[^\n“”\"]{{0,60}})?\.?\s*$")
_NAME_LINE = re.compile(rf"\s*({_NAME})\s*(?:,[^\n“”\"]{{0,60}})?\.?\s*$")
_MARKS = "\"“”‘’'«»"


def signed_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the name that signs the quotation ``text[start:end]`` (module notes)."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    rest = text[end:line_end]
    if len(rest) <= 400:
        found = _SIGNED.search(rest)
        if found is not None:
            return end + found.start(1), end + found.end(1)
    line_start = text.rfind("\n", 0, start) + 1
    own_line = not text[line_start:start].strip(_MARKS + " \t\u00a0")
    if not own_line or rest.strip(_MARKS + " \t\u00a0.,"):
        return None
    after = line_end + 1
    while after < len(text) and text[after] in " \t\u00a0\n" and after - line_end < 3:
        after += 1
    next_end = text.find("\n", after)
    next_end = len(text) if next_end == -1 else next_end
    found = _NAME_LINE.match(text, after, next_end)
    return (found.start(1), found.end(1)) if found is not None else None


_VERBS = (
    r"(?P<verb>said|says|added|adds|told|tells|wrote|writes|explained|noted|asked|argued|continued"
    r"|recalled|insisted|stated|replied|responded|declared|warned|tweeted|concluded)"
)
_TITLED = rf"(?P<name>(?:[A-Z][a-z]{{0,5}}\.\s)?{_NAME})(?:\s\([^()\n]{{1,14}}\))?"
_VERB_THEN_NAME = re.compile(rf"[\"”’',\s]*,?\s*{_VERBS}\s+{_TITLED}(?=[\s,.;])")
_NAME_THEN_VERB = re.compile(rf"[\"”’',\s]*,?\s*{_TITLED}\s+{_VERBS}\b")


def named_after(text: str, end: int) -> tuple[int, int, str] | None:
    """The span of a name right after the quotation ending at ``end`` (module notes), with
    the reporting verb beside it."""
    after = text[end : end + 160]
    found = _VERB_THEN_NAME.match(after) or _NAME_THEN_VERB.match(after)
    if found is None:
        return None
    return end + found.start("name"), end + found.end("name"), found.group("verb")
