"""Who a word of a parsed sentence stands for, as an event actor.

The entity layer comes first: a word inside the mention of an ``Entity`` that carries an actor
code or a country takes that entity.  Otherwise the noun phrase around the word is read with the
project's knowledge tables (country names, nationality words, capitals, role words, bodies),
so "the Cuban Foreign Ministry" is ``CUBGOV`` and "officials from Japan" ``JPNGOV``.  Pronouns
fall back on the sentence's own subjects and on the last actor of the article; "I" and "we" in
reported speech on the speaker; "both delegations" on the last pair of actors.  A phrase with
no country, no role and no entity gives no actor: nothing is invented.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Token

from newsgraph.knowledge.actors import (
    actor_code,
    office_holder,
    organisation,
    phrase_country,
    role_code,
)
from newsgraph.types import Actor, Document, Entity

FIRST_PERSON = frozenset(["i", "we", "me", "us", "my", "our", "myself", "ourselves"])
THIRD_PERSON = frozenset(["he", "she", "it", "they", "him", "her", "them", "his", "its", "their"])
# Modifiers that belong to the phrase naming an actor ("the president of Mexico").
CORE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "flat", "appos", "prep", "pobj"})
CORE_PREPS = frozenset({"of", "from"})
OWNED = frozenset({"country", "nation", "government"})
PAIR_WORDS = frozenset({"both", "two"})
SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "state",
        "insist",
        "maintain",
        "assure",
        "stress",
        "recall",
        "explain",
        "claim",
        "note",
        "declare",
        "announce",
        "affirm",
        "assert",
        "warn",
        "argue",
        "write",
        "confirm",
    ]
)


@dataclass
class ActorContext:
    """What the resolver knows of one article: its entities and the actors seen so far."""

    document: Document
    starts: list[int] = field(default_factory=list)
    spans: list[tuple[int, int, Entity]] = field(default_factory=list)
    last: Actor | None = None
    pair: tuple[Actor, Actor] | None = None

    def __post_init__(self) -> None:
        spans = [(m.start, m.end, e) for e in self.document.entities for m in e.mentions]
        self.spans = sorted(spans, key=lambda item: item[0])
        self.starts = [start for start, _, _ in self.spans]

    def entity_at(self, offset: int) -> Entity | None:
        """The entity whose mention covers this character offset."""
        index = bisect.bisect_right(self.starts, offset) - 1
        while index >= 0 and self.spans[index][0] > offset - 200:
            start, end, entity = self.spans[index]
            if start <= offset < end:
                return entity
            index -= 1
        return None


def actors_of(token: Token, context: ActorContext, depth: int = 0) -> list[Actor]:
    """The actors a word stands for (several for "India, South Korea and China")."""
    found: list[Actor] = []
    pair = _pair(token, context)
    if pair:
        return pair
    for head in [token, *token.conjuncts] if token.dep_ != "conj" else [token]:
        actor = _actor(head, context, depth)
        if actor is not None:
            found.append(actor)
    return found


def _actor(token: Token, context: ActorContext, depth: int) -> Actor | None:
    if _is_pronoun(token):
        return _pronoun(token, context, depth)
    entity = context.entity_at(token.idx)
    if entity is not None and (entity.actor or entity.country):
        return Actor(entity.id, entity.name, entity.actor or entity.country)
    actor = _phrase_actor(token, context, entity)
    if actor is None and depth < 2:
        for child in token.children:  # "the veto that the US wants", "a law promoted by X"
            if child.dep_ in ("relcl", "acl"):
                for grandchild in child.children:
                    if grandchild.dep_ in ("nsubj", "agent") and grandchild.lower_ not in (
                        "that", "which", "who"):  # fmt: skip
                        inner = grandchild if grandchild.dep_ == "nsubj" else _pobj(grandchild)
                        if inner is not None:
                            found = actors_of(inner, context, depth + 1)
                            if found:
                                return found[0]
    return actor


def _is_pronoun(token: Token) -> bool:
    # "US" is a country, not "us"
    words = FIRST_PERSON | THIRD_PERSON
    return token.lower_ in words and (token.pos_ == "PRON" or not token.text.isupper())


def _pobj(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ == "pobj"), None)


def _core(token: Token) -> list[Token]:
    """The words of the noun phrase naming an actor, without clauses and conjuncts."""
    core, stack = [token], [token]
    while stack:
        for child in stack.pop().children:
            if child.dep_ not in CORE_DEPS:
                continue
            if child.dep_ == "prep" and child.lower_ not in CORE_PREPS:
                continue
            core.append(child)
            stack.append(child)
    return sorted(core, key=lambda t: t.i)


def _phrase_actor(token: Token, context: ActorContext, entity: Entity | None) -> Actor | None:
    core = _core(token)
    words = [t for t in core if t.lower_ not in ("the", "a", "an")]
    text = " ".join(t.text for t in words)
    role = role_code(text)
    for word in core:  # an entity inside the phrase: "the president of Mexico"
        inner = context.entity_at(word.idx) if word is not token else None
        if inner is not None and (inner.actor or inner.country):
            country = (inner.country or (inner.actor or "")[:3]) or None
            return Actor(entity.id if entity else inner.id, text, actor_code(country, role))
    known = organisation(text) or organisation(_ent_text(token))
    if known:
        return Actor(entity.id if entity else None, text, known[1])
    country = phrase_country(text)
    if country is None and role is None and token.ent_type_ == "PERSON":
        holding = office_holder(_ent_text(token), context.document.article.published)
        if holding:
            return Actor(entity.id if entity else None, text, holding.actor)
    if country is None and _owner_pronoun(core):
        owner = _pronoun(_owner_pronoun(core), context, 1)  # type: ignore[arg-type]
        country = owner.actor[:3] if owner and owner.actor else None
    if country is None and role is None:
        return Actor(entity.id, entity.name, None) if entity else None
    return Actor(entity.id if entity else None, text, actor_code(country, role))


def _owner_pronoun(core: list[Token]) -> Token | None:
    """ "his country": the pronoun owning a country word."""
    for word in core:
        owned = word.head.lemma_.lower()
        if word.dep_ == "poss" and word.lower_ in THIRD_PERSON and owned in OWNED:
            return word
    return None


def _ent_text(token: Token) -> str:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text


def _pronoun(token: Token, context: ActorContext, depth: int) -> Actor | None:
    entity = context.entity_at(token.idx)
    if entity is not None and (entity.actor or entity.country):
        return Actor(entity.id, entity.name, entity.actor or entity.country)
    if token.lower_ in FIRST_PERSON:
        return _speaker(token, context, depth)
    if token.lower_ not in THIRD_PERSON or depth > 2:
        return None
    words = list(token.sent)
    before = reversed(words[: token.i - token.sent.start])
    after = words[token.i - token.sent.start + 1 :]  # "With his visit to Havana, AMLO has ..."
    for other in [*before, *after]:
        if other.dep_ in ("nsubj", "nsubjpass") and other.pos_ != "PRON":
            found = actors_of(other, context, depth + 1)
            if found:
                return found[0]
    return context.last


def _speaker(token: Token, context: ActorContext, depth: int) -> Actor | None:
    for quote in context.document.quotes:
        if quote.start <= token.idx < quote.end and quote.speaker:
            entity = next((e for e in context.document.entities if e.id == quote.speaker), None)
            if entity is not None and (entity.actor or entity.country):
                return Actor(entity.id, entity.name, entity.actor or entity.country)
    head = token.head
    for _ in range(8):  # climb to the reporting verb whose subject is the speaker
        if head.lemma_.lower() in SPEECH_VERBS:
            verb = head.head if head.dep_ == "conj" and not _has_subject(head) else head
            for child in verb.children:
                if child.dep_ == "nsubj" and child.lower_ not in FIRST_PERSON:
                    found = actors_of(child, context, depth + 1)
                    return found[0] if found else None
        if head.head is head:
            break
        head = head.head
    return None


def _has_subject(verb: Token) -> bool:
    return any(child.dep_ in ("nsubj", "nsubjpass") for child in verb.children)


def _pair(token: Token, context: ActorContext) -> list[Actor]:
    """ "both delegations", "the two countries": the last two actors seen together."""
    if not any(child.lower_ in PAIR_WORDS for child in token.children):
        return []
    return list(context.pair) if context.pair else []
