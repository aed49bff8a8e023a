"""Name mentions: spaCy's entity spans, repaired where the small model is weak on news.

Repairs, each for a failure seen on wire copy:
- spans are trimmed of a leading "the", trailing space and "'s", and cut at a paragraph break;
- a span is widened to the left over the first names the model left out ("Alejandro
  Mayorkas" tagged as "Mayorkas") and courtesy titles ("Mr."), never over office titles
  ("Sen."), which are roles, nor over a longer capitalised run such as a headline run into
  the first sentence ("... Border Wall Contract Donald Trump often takes ...");
- a span the model itself ran a headline into ("Mayorkas Visits Border Alejandro Mayorkas")
  keeps only the name after the headline's verb;
- an acronym defined in parentheses, "Organization of American States (OAS)", becomes an
  acronym mention linked to its expansion; when no entity covers the expansion, the run of
  capitalised words before the parenthesis becomes one.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.knowledge.actors import ORG_WORDS, TITLE_WORDS
from newsgraph.settings import check_budget

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"})
_CONNECTORS = frozenset({"of", "and", "the", "for", "de", "del", "la", "on", "&"})
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]?[A-Z.&]{1,7})\)")
_HEAD_OF = re.compile(r"((?:[A-Z][a-z]+ )*[A-Z][a-z]+) of (?:the )?")
_WORD = re.compile(r"[\w’'.&-]+")
# Small words a headline runs between its verb and the name ("Pledges Aid To Ukraine Joe Biden").
_HEADLINE_LINKS = frozenset(
    ["to", "of", "in", "on", "at", "for", "over", "with", "and", "the", "a"]
)
# Courtesy titles stay part of a name ("Mr. Manafort"); office titles are roles ("Sen.").
_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr"])
_FIRST_NAMES_MAX = 2  # "Andrés Manuel" before "López": more capitalised words are no first names


@dataclass(frozen=True)
class NameMention:
    """A named span before clustering; ``defines`` links an acronym to its expansion."""

    start: int
    end: int
    text: str
    label: str
    kind: str = "name"
    defines: tuple[int, int] | None = None


# A title of a work: an article, then a lowercase word inside ("The Art of the Deal").
_WORK_TITLE = re.compile(r"(?:The|A|An)\s+\S+.*\s(?:of|the|and|in|on|for|to)\s")


def find_name_mentions(doc: Doc, text: str) -> list[NameMention]:
    """Named mentions in ``doc`` (parsed from ``text``: ``Doc.text`` joins every token anew)
    after the repairs above, in text order, without overlaps."""
    # Token.is_sent_start scans the whole document on each call; collect the starts once.
    starts = {sentence.start for sentence in doc.sents}
    mentions = []
    capitals = _Capitals(text)
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        check_budget()
        if capitals.at(ent.start_char):
            continue  # a headline in capitals: the model's labels there are noise
        label = ent.label_
        start = _after_headline(doc, ent.start, ent.end)
        if start != ent.start:
            label = "PERSON"
        else:
            start = _widen_left(doc, text, ent.start, ent.end, starts)
        if label == "PERSON" and _WORK_TITLE.match(ent.text):
            continue  # "The Many Lives of Donald J. Trump": a book, not a person
        span = _trim(text, doc[start].idx, ent.end_char)
        if span:
            head = _head_of(text, span[0])
            if head is not None:
                span, label = (head, span[1]), "ORG"
            mentions.append(NameMention(span[0], span[1], text[span[0] : span[1]], label))
    mentions = _add_acronyms(text, mentions)
    return _without_overlaps(mentions)


def _widen_left(doc: Doc, text: str, start: int, end: int, starts: set[int]) -> int:
    """Take in the first names the model left out ("Alejandro" of "Alejandro Mayorkas").

    A run of more than ``_FIRST_NAMES_MAX`` capitalised words before a name is a headline or
    another name run into it ("Border Wall Contract Donald Trump"), not first names, and is not
    taken in.  A name of two words or more already holds a first name: it takes in only words
    that are no English words ("Alwaleed" of "Alwaleed Bin Talal", "Debbie" of "Chair Debbie
    Wasserman Schultz", nothing of "North Korea Donald Trump").
    """
    run: list[Token] = []
    while start - len(run) > 0 and len(run) <= _FIRST_NAMES_MAX:
        after = start - len(run)
        token = doc[after - 1]
        if (
            token.pos_ != "PROPN"
            or not token.text[:1].isupper()
            or token.ent_type_
            or token.lower_.rstrip(".") in TITLE_WORDS - _HONORIFICS
            or token.i in starts
            or after in starts
            or "\n" in text[token.idx : doc[after].idx]
        ):
            break
        run.append(token)
    if len(run) > _FIRST_NAMES_MAX:
        return start
    if end - start > 1:
        # Only the words nearest the name that are no English words ("Chair Debbie").
        words = _lexicon().words
        run = list(itertools.takewhile(lambda token: token.lower_ not in words, run))
    return start - len(run)


@dataclass(frozen=True)
class _Lexicon:
    verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()  # nouns, verbs, adjectives and adverbs


@functools.cache
def _lexicon() -> _Lexicon:
    """English words by part of speech, from the lemmatizer tables of the pinned model."""
    from spacy.pipeline import Lemmatizer

    from newsgraph.pipeline import load_model

    try:
        lemmatizer = load_model().get_pipe("lemmatizer")
        if not isinstance(lemmatizer, Lemmatizer):
            return _Lexicon()
        table = lemmatizer.lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return _Lexicon()
    parts = {pos: frozenset(table.get(pos, [])) for pos in ("noun", "verb", "adj", "adv")}
    return _Lexicon(parts["verb"], parts["noun"], frozenset().union(*parts.values()))


def _headline_verb(word: str, verbs: frozenset[str]) -> bool:
    """Whether a capitalised word is a verb as headlines write it ("Signs", "Pledges")."""
    if not (word[:1].isupper() and word[1:].islower() and word.endswith("s")):
        return False
    lower = word.lower()
    stems = (lower[:-1], lower[:-2] if lower.endswith("es") else "", lower[:-3] + "y")
    return any(stem in verbs for stem in stems if len(stem) > 2)


def _after_headline(doc: Doc, start: int, end: int) -> int:
    """Where the name starts in a span the model ran a headline into, else ``start``.

    "Mayorkas Visits Border Alejandro Mayorkas": the name follows the headline's last verb
    and the common words after it ("Border", "Aid To Ukraine").  Only when what is left is a
    capitalised name of two words or more whose surname the span already named, or that the
    model called a person.
    """
    if end - start < 4:
        return start
    lexicon = _lexicon()
    cut = None
    for i in range(start + 1, end - 2):
        if _headline_verb(doc[i].text, lexicon.verbs):
            cut = i + 1
    if cut is None:
        return start
    while end - cut > 2 and (
        doc[cut].lower_ in lexicon.nouns or doc[cut].lower_ in _HEADLINE_LINKS or doc[cut].ent_type_
    ):
        cut += 1
    tail = doc[cut:end]
    if any(not t.text[:1].isupper() or t.lower_ in _HEADLINE_LINKS for t in tail):
        return start
    named = any(t.lower_ == tail[-1].lower_ for t in doc[start:cut])
    return cut if named or doc[start].ent_type_ == "PERSON" else start


class _Capitals:
    """Which lines of a text are written in capitals, each line judged once: a text of one
    long line (no breaks) would otherwise be rescanned for every entity on it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._breaks = [m.start() for m in re.finditer("\n", text)]
        self._lines: dict[int, bool] = {}

    def at(self, offset: int) -> bool:
        """Whether the line holding ``offset`` is a headline in capitals."""
        line = bisect.bisect_left(self._breaks, offset)  # the first break at or after offset
        if line not in self._lines:
            start = self._breaks[line - 1] + 1 if line > 0 else 0
            end = self._breaks[line] if line < len(self._breaks) else len(self.text)
            self._lines[line] = _in_capitals(self.text[start:end])
        return self._lines[line]


def _in_capitals(line: str) -> bool:
    if line != line.upper():  # a lower-case letter: the common case, decided in C
        return False
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) > 8 and all(ch.isupper() for ch in letters)


def _head_of(text: str, start: int) -> int | None:
    """Where "Summit of the" starts when a name ("Americas") follows it: the name's head."""
    match = _HEAD_OF.search(text, max(0, start - 60), start)
    if match is None or match.end() != start:
        return None
    head = match.group(1)
    if head.split()[0].lower() in TITLE_WORDS:
        return None  # "Secretary of Homeland Security" is a title, not a body's name
    if _opens_sentence(text, match.start()) and head.split()[0].lower() not in ORG_WORDS:
        return None
    return match.start()


def _opens_sentence(text: str, offset: int) -> bool:
    """Whether ``text[:offset]`` is empty or ends with a sentence end, a line break or an
    opening quotation mark, then spaces (``re.search(r"(^|[.!?\\n\"“]\\s*)$", ...)``, without
    copying and rescanning the text before ``offset``)."""
    end = offset
    while end > 0 and text[end - 1].isspace():
        if text[end - 1] == "\n":
            return True
        end -= 1
    if end == 0:
        return offset == 0
    return text[end - 1] in '.!?"“'


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop a leading article, surrounding space, a possessive and all but one paragraph."""
    piece = text[start:end]
    if "\n" in piece.strip():
        # Keep the capitalised part of a span that runs over a line break ("the\n\nOAS").
        parts = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", piece)]
        kept = [p for p in parts if piece[p[0] : p[1]].strip()[:1].isupper()]
        if not kept:
            return None
        start, end = start + kept[0][0], start + kept[0][1]
        piece = text[start:end]
    lead = re.match(r"(?:[Tt]he\s+)?\s*", piece)
    start += lead.end() if lead else 0
    while end > start and text[end - 1] in " \t\n,;:":
        end -= 1
    if text[end - 1] == "." and "." not in text[start : end - 1]:
        end -= 1  # a full stop, not the last dot of "U.S."
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    if end - start < 2 or not any(ch.isupper() for ch in text[start:end]):
        return None
    return start, end


# News agencies credited in parentheses after a dateline.
_WIRE_CREDITS = frozenset(
    {"AP", "AFP", "UPI", "DPA", "EFE", "ANSA", "PTI", "IANS", "KUNA", "WAM", "SPA", "MENA",
     "IRNA", "ANP", "APA", "TASS", "RIA", "CNA", "AA", "PA"}
)  # fmt: skip


def _add_acronyms(text: str, mentions: list[NameMention]) -> list[NameMention]:
    """Link each "(ACR)" to the name before it, creating that name when no entity has it."""
    added = []
    found = _Spans(mentions)
    for match in _ACRONYM.finditer(text):
        if match.group(1) in _WIRE_CREDITS:
            continue  # "NEW YORK (AFP) -": a dateline's credit, no name's acronym
        run = _capitalised_run(text, match.start())
        if run is None:
            continue
        # An entity ending where the run ends is the expansion ("... Obrador (AMLO)").
        before = [
            i for i in found.near(run[1], run[1]) if mentions[i].start < run[1] <= mentions[i].end
        ]
        before = [i for i in before if mentions[i].kind == "name"]
        if before:
            target = mentions[max(before, key=lambda i: (mentions[i].end, -i))]
            definition = (target.start, target.end)
        else:
            definition = run
            found.remove_overlapping(*run)
            added.append(NameMention(run[0], run[1], text[run[0] : run[1]], "ORG"))
        start, end = match.span(1)
        found.remove_overlapping(start, end)
        added.append(NameMention(start, end, match.group(1), "ORG", "acronym", definition))
    return [mentions[i] for i in sorted(found.alive)] + added


class _Spans:
    """The mentions still kept, by index into the list given, found near a position by
    bisection: mentions are short, so those touching ``start:end`` start at most ``longest``
    characters before it (scanning all of them for each acronym was quadratic)."""

    def __init__(self, mentions: list[NameMention]) -> None:
        self.mentions = mentions
        self.alive = set(range(len(mentions)))
        self._order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
        self._starts = [mentions[i].start for i in self._order]
        self._longest = max((m.end - m.start for m in mentions), default=0)

    def near(self, start: int, end: int) -> list[int]:
        """Kept mentions starting within ``longest`` before ``start`` and up to ``end``."""
        low = bisect.bisect_left(self._starts, start - self._longest)
        high = bisect.bisect_right(self._starts, end)
        return [i for i in self._order[low:high] if i in self.alive]

    def remove_overlapping(self, start: int, end: int) -> None:
        for i in self.near(start, end):
            if not (self.mentions[i].end <= start or self.mentions[i].start >= end):
                self.alive.discard(i)


def _capitalised_run(text: str, paren: int) -> tuple[int, int] | None:
    """The run of capitalised words (with "of", "and"...) that ends just before ``paren``."""
    end = paren
    while end > 0 and text[end - 1] == " ":
        end -= 1
    words = list(_WORD.finditer(text, max(0, end - 120), end))
    start = None
    for word in reversed(words):
        token = word.group()
        if text[word.end() : end].strip(" "):
            break  # punctuation between words ends the run
        if token[:1].isupper():
            start = word.start()
        elif token.lower() not in _CONNECTORS:
            break
        end = word.start()
        while end > 0 and text[end - 1] == " ":
            end -= 1
    if start is None:
        return None
    stop = paren
    while text[stop - 1] == " ":
        stop -= 1
    return start, stop


def _without_overlaps(mentions: list[NameMention]) -> list[NameMention]:
    """Keep the longer of two overlapping mentions (acronyms never overlap names)."""
    # Chosen mentions never overlap (and are never empty: see _trim), so sorted by start they
    # also end in order, and only the last one starting before a mention ends can overlap it.
    chosen: list[NameMention] = []
    starts: list[int] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        before = bisect.bisect_left(starts, mention.end)
        if before and chosen[before - 1].end > mention.start:
            continue
        starts.insert(before, mention.start)
        chosen.insert(before, mention)
    return chosen
