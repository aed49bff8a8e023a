"""Lines of scraped text and the measurements the repair rules are built on.

Every rule in text repair looks at the same few properties of a line: how many words it has,
whether it ends a sentence, whether it starts in lower case, whether it is a list bullet, how
much of its vocabulary it shares with the article body.  They are computed here, once, so that
the rules read as plain statements about those properties (see docs/cleaning.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Characters that scraping leaves behind and that carry no text: zero-width marks, soft hyphens,
# byte-order marks.  Non-breaking and other exotic spaces become plain spaces.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad]")
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# A list bullet: a bullet sign, or a dash followed by a space, at the start of the line.
BULLET = re.compile(r"^\s*(?:[•·▪◦●■□►▶➤→‣⁃*]|[-–](?=\s))\s*")

# Closing marks that may follow a sentence's final punctuation.
_CLOSERS = "\"'”’»)]*"

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (for vocabularies written as prose)."""
    return frozenset(text.split())


# Words that cannot end a complete heading or sentence in the languages news comes in most:
# articles, prepositions, conjunctions and auxiliaries.  A line ending in one was cut mid-phrase.
CONNECTORS = word_set(
    """a an the of to in on at by for with from into onto about than that as and or but nor
    between against among over under after before during since while whether if is are was were
    be been being has have had will would can could should may might must do does did its his
    her their our your my these those who which whose whom
    de del la el los las y o en con por para al que un una unos unas su sus se es lo le como
    do da dos das e em no na nos nas com um uma os ao aos pelo pela seu sua
    du des le les et ou au aux avec par pour sur dans une ce cette ses qui
    der die das den dem des und oder mit von zu im auf für ein eine einen einem ist"""
)

# Words that, capitalised, can only open a sentence: a line that starts with one begins a new
# sentence, so the line before it was complete (a heading, a title) rather than cut at a link.
OPENERS = CONNECTORS | word_set(
    """it he she they we you i'm there here what why how who however although though because
    while when where if after before since as many most some several one two three four five
    meanwhile still yet so also instead now then later earlier last next this that el los las
    la une il elle ils der die das es sie er wir"""
)


def opens_sentence(text: str) -> bool:
    """Whether ``text`` starts with a capitalised word that only opens sentences ("The", "With")."""
    found = words(text[:40])
    return bool(found) and found[0][0].isupper() and found[0].lower() in OPENERS


# Titles and abbreviations that precede a name or number and so cannot end a sentence.
ABBREVIATIONS = word_set(
    """mr mrs ms dr prof sen rep gov gen lt col capt sgt adm rev st mt messrs pres supt
    sr sra srta dra ing lic mme mlle hr fr nr"""
)

# Function words (and very common verbs) left out of a line's vocabulary when measuring its
# overlap with the body, so that overlap reflects topic rather than grammar.
STOPWORDS = CONNECTORS | word_set(
    """said says also after would there they them then than what when this that with have
    from were been about into over more most some only just other which their there could
    year years first last told according people percent monday tuesday wednesday thursday
    friday saturday sunday week weeks time times today news según dijo años este esta
    pero sobre entre tras desde hasta también muy todo todos está están fue han ser"""
)


@dataclass(frozen=True)
class Line:
    """One non-empty line of input, with whether a blank line came before it."""

    text: str
    gap: bool = False


def normalise(text: str) -> str:
    """Unify line ends, drop invisible characters and squeeze runs of spaces within lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _INVISIBLE.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def split_lines(text: str) -> list[Line]:
    """Split ``text`` into its non-empty lines, remembering which followed a blank line."""
    lines: list[Line] = []
    gap = False
    for raw in normalise(text).split("\n"):
        if not raw:
            gap = True
            continue
        lines.append(Line(raw, gap and bool(lines)))
        gap = False
    return lines


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits, with inner hyphens and apostrophes)."""
    return _WORD.findall(text)


@functools.lru_cache(maxsize=8192)
def word_count(text: str) -> int:
    """The number of words in ``text`` (cached: every rule asks it of the same lines)."""
    return len(words(text))


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence-final punctuation, possibly inside closing quotes."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    if not stripped or stripped[-1] not in ".!?…":
        return False
    if stripped[-1] == ".":
        last = stripped[:-1].rsplit(None, 1)[-1] if stripped[:-1].strip() else ""
        # "Mr." or an initial ("Donald J.") ends a line that a link split, never a sentence.
        if last.lower().lstrip("(\"“'") in ABBREVIATIONS or re.fullmatch(r"[A-Z]", last):
            return False
    return True


def starts_lower(text: str) -> bool:
    """Whether the first letter-or-digit of ``text`` is a lower-case letter."""
    for char in text:
        if char.isalnum():
            return char.islower()
    return False


def starts_continuation(text: str) -> bool:
    """Whether ``text`` continues a sentence: it opens in lower case or with , ; : . ) or ]."""
    stripped = text.lstrip()
    return bool(stripped) and (stripped[0] in ",;:.)]…" or starts_lower(stripped))


def ends_with_connector(text: str) -> bool:
    """Whether ``text`` ends with a comma, a dash, an opening mark or a connecting word."""
    stripped = text.rstrip()
    if not stripped:
        return False
    if stripped[-1] in ",;-–—(“«[/&":
        return True
    if not stripped[-1].isalnum():
        return False
    found = words(stripped[-30:])
    return bool(found) and found[-1].lower() in CONNECTORS


def is_bullet(text: str) -> bool:
    """Whether ``text`` is a list item ("• USA", "- Mexico", "▪ Related headline")."""
    return bool(BULLET.match(text))


def strip_bullet(text: str) -> str:
    """``text`` without its list bullet."""
    return BULLET.sub("", text, count=1).strip()


def is_all_caps(text: str) -> bool:
    """Whether ``text`` has at least four letters and all of them are capitals."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def capital_share(text: str) -> float:
    """Share of the content words of ``text`` that start with a capital letter or a digit."""
    content = [w for w in words(text) if w.lower() not in CONNECTORS]
    if not content:
        return 0.0
    return sum(1 for w in content if w[0].isupper() or w[0].isdigit()) / len(content)


@functools.lru_cache(maxsize=8192)
def stems(text: str) -> frozenset[str]:
    """Topic vocabulary of ``text``: five-letter prefixes of its longer non-function words.

    A prefix stands in for a stem so that "migrants" and "migration" count as one topic word
    in every language without a stemmer.
    """
    return frozenset(
        w.lower()[:5]
        for w in words(text)
        if len(w) >= 4 and not w.isdigit() and w.lower() not in STOPWORDS
    )


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The union of the topic vocabularies of ``texts``."""
    found: set[str] = set()
    for text in texts:
        found |= stems(text)
    return found


def overlap(text: str, vocab: set[str]) -> float:
    """Share of the topic words of ``text`` found in ``vocab`` (1.0 when it has none)."""
    own = stems(text)
    if not own:
        return 1.0
    return len(own & vocab) / len(own)
