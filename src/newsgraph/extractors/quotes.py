"""Direct quotations and who said them.

``find_quotes`` pairs the quotation marks (``quote_marks``), finds each quotation's cue and
speaker words (``speakers``) and maps the speaker words to an entity of ``document.entities``.

When the speaker words are a pronoun or a description ("he", "the group", "the Mexican leader")
that the entity clustering did not resolve, the speaker is the nearest earlier antecedent of a
fitting type, choosing the most recent of:

- the speaker of the previous quotation that is not a scare quote, and
- the subject of an earlier sentence (up to ``_LOOKBACK`` sentences back) that is a PERSON or
  ORG entity (from ``document.entities``, or spaCy's named entities when there are none).

"he"/"she" and people nouns ("leader", "minister") fit a PERSON; "it" and group nouns
("group", "assembly", "ministry") fit an ORG; other words fit either.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from newsgraph.extractors import speakers
from newsgraph.extractors.entities import MentionIndex
from newsgraph.extractors.quote_marks import Span, find_quote_spans
from newsgraph.extractors.speakers import words
from newsgraph.knowledge.spanish import words as spanish_words
from newsgraph.settings import check_budget
from newsgraph.types import Document, Entity, Quote

_LOOKBACK = 6
_PERSON_WORDS = words(
    """he she him her his hers himself herself i leader president minister senator candidate
    official spokesman spokeswoman spokesperson secretary governor mayor chief director
    lawmaker congressman congresswoman representative ambassador chancellor premier king queen
    prince judge man woman nominee politician activist expert analyst diplomat head
    counterpart"""
) | spanish_words("title")  # "dijo la ministra"
_GROUP_WORDS = words(
    """it its group assembly ministry organization organisation company party committee
    government department agency council office coalition campaign union movement commission
    administration alliance association body court firm institute bank board"""
)
_AGENTS = frozenset({"PERSON", "ORG", "NORP"})


@dataclass(frozen=True)
class _Speaker:
    position: int
    entity: str | None
    name: str
    type: str | None
    words: tuple[int, int] | None = None  # the speaker words this quote's attribution names


def find_quotes(document: Document) -> Document:
    """Return ``document`` with its direct quotations, their cues and speakers."""
    spans, warnings = find_quote_spans(document.text)
    doc = document.doc
    if doc is None or not spans:
        return dataclasses.replace(document, warnings=document.warnings + tuple(warnings))
    quotes: list[Quote] = []
    previous: _Speaker | None = None
    previous_span: Span | None = None
    quoted = speakers.Quotations(spans)
    index = MentionIndex(document.entities)
    for span in spans:
        check_budget()
        found = speakers.attribute(doc, span, quoted)
        if _is_title(document.text, span):
            found = speakers.Attribution(None, None, None, "title")
        who = _resolve(document, index, doc, found, previous)
        scare = speakers.is_scare(document.text, span)
        if who is None and found.kind == "none" and not scare:
            who = _continued(document.text, span, previous_span, previous)
        quotes.append(
            Quote(
                text=document.text[span.start : span.end],
                start=span.start,
                end=span.end,
                speaker=who.entity if who else None,
                speaker_name=who.name if who else None,
                cue=found.cue,
                speaker_start=who.words[0] if who and who.words else None,
                speaker_end=who.words[1] if who and who.words else None,
            )
        )
        if who is not None and (not scare or found.kind == "cue"):
            previous = dataclasses.replace(who, position=span.start)
            previous_span = span
    return dataclasses.replace(
        document, quotes=tuple(quotes), warnings=document.warnings + tuple(warnings)
    )


_MINOR = words("a an the and or of in on at to for with from by as vs")
# Words before a programme, book or slogan named in quotation marks ("told “Meet the Press.”",
# "his “Make America Great Again” hat", "a book titled “Crippled America”").
_TITLE_CONTEXT = words(
    """told his her their its our titled entitled called named dubbed book memoir show
    programme program series film movie column slogan hashtag motto headline"""
)


def _is_title(text: str, span: Span) -> bool:
    """A short capitalised name after a preposition, a possessive or a word that names a title
    ("on “Face the Nation”", "told “Fox News Sunday.”", "his “Make America Great Again” hat")."""
    inner = text[span.start : span.end].rstrip(".,")
    names = inner.split()
    if not names or len(names) > 6 or any(ch in inner for ch in "!?:;"):
        return False
    if not all(w[0].isupper() or w[0].isdigit() or w.lower() in _MINOR for w in names):
        return False
    before = text[max(0, span.start - 16) : span.start - 1].split()
    last = before[-1].lower() if before else ""
    return last in _MINOR or last in _TITLE_CONTEXT or last.endswith(("'s", "’s"))


def _continued(
    text: str, span: Span, previous_span: Span | None, previous: _Speaker | None
) -> _Speaker | None:
    """The previous speaker, for a cue-less quotation in the same or the next paragraph."""
    if previous is None or previous_span is None:
        return None
    between = text[previous_span.end : span.start]
    if between.count("\n\n") > 1 or len(between) > 400:
        return None
    return previous


def _resolve(
    document: Document,
    index: MentionIndex,
    doc: Doc,
    found: speakers.Attribution,
    previous: _Speaker | None,
) -> _Speaker | None:
    if found.speaker is None or found.head is None:
        return None
    start, end = found.speaker
    entity = _entity_at(document.text, index, found.head, start, end)
    entity = entity or _apposed(index, doc, found.head)
    words = document.text[start:end].strip()
    if entity is not None and entity.type not in ("PERSON", "ORG"):
        # "Sen. Bernie Sanders (I-Vt.)": a place or people word over the head is an aside of
        # the person's name; a people word alone ("Democrats", "Russians") is nobody's voice.
        entity = _person_within(document.text, index, doc, start, end) or entity
        if entity.type == "NORP":
            return None
    if entity is not None:
        return _Speaker(start, entity.id, entity.name, entity.type, found.speaker)
    token = speakers.tokens_over(doc, found.head, found.head + 1)
    head = token[0] if len(token) else None
    named = _named(doc, found.head, start, end, ("PERSON", "ORG"))
    if head is not None and (head.pos_ == "PROPN" or named):
        named = named or _named(doc, found.head, start, end)
        return _Speaker(start, None, named or words, None, found.speaker)
    if _DESCRIBED.match(words):
        # "a spokeswoman for Disney", "one aide": someone the article describes but does not
        # name is kept as described, never replaced by an earlier name.
        return _Speaker(start, None, words, None, found.speaker)
    wanted = _wanted_type(words, head.lower_ if head is not None else "")
    noun = head.lower_ if head is not None and head.pos_ == "NOUN" else None
    antecedent = _antecedent(document, index, doc, start, wanted, previous, noun)
    if antecedent is not None:
        return dataclasses.replace(antecedent, words=found.speaker)
    return _Speaker(start, None, words, None, found.speaker)


def _apposed(index: MentionIndex, doc: Doc, head: int) -> Entity | None:
    """The entity named beside the speaker's words: "la ministra de Venezuela, Delcy
    Rodríguez", "the foreign minister, Sergei Lavrov"."""
    tokens = speakers.tokens_over(doc, head, head + 1)
    for child in tokens[0].children if len(tokens) else ():
        if child.dep_ == "appos":
            found = index.at(child.idx, child.idx + len(child.text))
            if found is not None:
                return found
    return None


_DESCRIBED = re.compile(r"(?:an?|one|another)\s+\w+", re.IGNORECASE)


def _person_within(text: str, index: MentionIndex, doc: Doc, start: int, end: int) -> Entity | None:
    """The first person (else organisation) with a mention over a word of ``start:end``."""
    found = []
    for token in speakers.tokens_over(doc, start, end):
        entity = index.at(token.idx, token.idx + len(token))
        if entity is not None and entity.type in ("PERSON", "ORG"):
            found.append(entity)
    found.sort(key=lambda e: e.type != "PERSON")
    return found[0] if found else None


def _entity_at(text: str, index: MentionIndex, head: int, start: int, end: int) -> Entity | None:
    """The entity with a mention over the speaker's head word, else over its words."""
    word = re.match(r"[\w.'’-]+", text[head:end])
    found = index.at(head, head + (word.end() if word else 1))
    return found if found is not None else index.over(head, start, end)


def _named(
    doc: Doc, head: int, start: int, end: int, labels: frozenset[str] | tuple[str, ...] = _AGENTS
) -> str | None:
    """The name of the spaCy entity over the head word, else the first over the phrase."""
    ents = [e for e in speakers.entities_over(doc, start, end) if e.label_ in labels]
    ents.sort(key=lambda e: not e.start_char <= head < e.end_char)
    return _strip_article(ents[0].text) if ents else None


def _strip_article(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


def _wanted_type(words: str, head: str) -> str | None:
    if head in _PERSON_WORDS or words.lower() in _PERSON_WORDS:
        return "PERSON"
    if head in _GROUP_WORDS:
        return "ORG"
    return None


def _fits(wanted: str | None, kind: str | None) -> bool:
    return wanted is None or kind is None or kind == wanted or {wanted, kind} == {"ORG", "NORP"}


def _antecedent(
    document: Document,
    index: MentionIndex,
    doc: Doc,
    start: int,
    wanted: str | None,
    previous: _Speaker | None,
    noun: str | None,
) -> _Speaker | None:
    """The most recent fitting speaker or sentence subject before ``start`` (module notes).

    A candidate whose name holds the description's noun ("the assembly" and "Assembly of the
    Cuban Resistance") is preferred to a more recent one that does not.
    """
    candidates = [previous] if previous is not None and _fits(wanted, previous.type) else []
    candidates += [s for s in _subjects(document, index, doc, start) if _fits(wanted, s.type)]
    named = [c for c in candidates if noun and noun in c.name.lower().split()]
    pool = named or candidates
    return max(pool, key=lambda s: s.position) if pool else None


def _subjects(document: Document, index: MentionIndex, doc: Doc, start: int) -> list[_Speaker]:
    found: list[_Speaker] = []
    for sent in speakers.sentences_before(doc, start, _LOOKBACK):
        for token in sent:
            if token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ == "PRON":
                continue
            subject = speakers.subject_of(token.head)
            if subject is None or subject.i != token.i:
                continue  # a heading parsed as the subject of the next line's verb
            entity = _entity_at(document.text, index, token.idx, token.idx, token.idx + len(token))
            if entity is not None and entity.type in ("PERSON", "ORG"):
                found.append(_Speaker(token.idx, entity.id, entity.name, entity.type))
            elif not document.entities and token.ent_type_ in ("PERSON", "ORG"):
                a, b = speakers.phrase(token)
                name = _named(doc, token.idx, a, b) or document.text[a:b]
                found.append(_Speaker(token.idx, None, name, token.ent_type_))
    return found
