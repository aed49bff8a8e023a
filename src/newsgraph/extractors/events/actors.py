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
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Token

from newsgraph.extractors.events.lines import same_line
from newsgraph.extractors.events.triggers import match
from newsgraph.knowledge.actors import (
    actor_code,
    office_holder,
    organisation,
    phrase_country,
    role_code,
)
from newsgraph.knowledge.agents import Agent, find_agent, group_code, person_code
from newsgraph.knowledge.countries import country_by_demonym
from newsgraph.parse_labels import preposition
from newsgraph.types import Actor, Document, Entity, Location

FIRST_PERSON = frozenset(["i", "we", "me", "us", "my", "our", "myself", "ourselves"])
THIRD_PERSON = frozenset(["he", "she", "it", "they", "him", "her", "them", "his", "its", "their"])
# Modifiers that belong to the phrase naming an actor ("the president of Mexico").
CORE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "flat", "appos", "prep", "pobj"})
CORE_PREPS = frozenset({"of", "from", "for"})  # "a spokeswoman for the Israeli ministry"
ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "pobj"})
RELATIVE = frozenset({"that", "which", "who", "whom"})
OWNED = frozenset({"country", "nation", "government"})
PERSON_HEADS = frozenset(
    ["president", "leader", "minister", "secretary", "chancellor", "premier", "counterpart",
     "senator", "governor", "mayor", "official", "spokesman", "spokeswoman", "candidate"]
)  # fmt: skip
REGIONS = ("Central America", "Latin America", "South America", "North America", "Americas")
# Bodies that sit in their own country, so "in Guyana" names their country (troops do not).
SEATED = frozenset(["court", "parliament", "ministry", "government", "police", "judge", "congress"])
PAIR_NOUNS = frozenset(
    ["country", "nation", "side", "delegation", "government", "leader", "party", "state"]
)
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


# Words for those who represent or come from elsewhere: no country of the place they are in.
ABROAD = frozenset(
    ["embassy", "ambassador", "envoy", "diplomat", "foreign", "western", "international",
     "consulate", "consul", "delegation", "visiting", "mediator", "observer"]
)  # fmt: skip
LOCATIVE = frozenset(
    ["in", "at", "near", "across", "throughout", "around", "outside", "inside", "from", "within"]
)


def _locative(head: Token) -> bool:
    return head.dep_ == "pobj" and preposition(head.head) in LOCATIVE


@dataclass
class ActorContext:
    """What the resolver knows of one article: its entities and the actors seen so far."""

    document: Document
    starts: list[int] = field(default_factory=list)
    spans: list[tuple[int, int, Entity]] = field(default_factory=list)
    last: Actor | None = None
    pair: tuple[Actor, Actor] | None = None
    country: str | None = None  # the country the article is most about
    settings: list[Location] = field(default_factory=list)
    setting_starts: list[int] = field(default_factory=list)
    by_id: dict[str, Entity] = field(default_factory=dict)

    def __post_init__(self) -> None:
        text = self.document.text
        self.settings = sorted(self._settings(), key=lambda loc: loc.start)
        self.setting_starts = [loc.start for loc in self.settings]
        countries = Counter(loc.country for loc in self.settings)
        self.country = countries.most_common(1)[0][0] if countries else None
        self.by_id = {entity.id: entity for entity in self.document.entities}
        spans = [
            (m.start, m.end, e)
            for e in self.document.entities
            for m in e.mentions
            if "\n" not in text[m.start : m.end]  # a heading run into the next line
        ]
        self.spans = sorted(spans, key=lambda item: item[0])
        self.starts = [start for start, _, _ in self.spans]

    def _settings(self) -> list[Location]:
        """Places named as where something happens ("in Caracas", "across Kenya"), not the
        owners of other actors ("a U.S. compound")."""
        doc = self.document.doc
        if doc is None:
            return []
        found = []
        for location in self.document.locations:
            span = doc.char_span(location.start, location.end, alignment_mode="expand")
            head = span.root if span is not None else None
            if location.country and head is not None and _locative(head):
                found.append(location)
        return found

    def home(self, token: Token) -> str | None:
        """The country of a generic agent ("police", "students"): the first place the sentence
        says things happen in, else the article's main such place."""
        sentence = token.sent
        index = bisect.bisect_left(self.setting_starts, sentence.start_char)
        if index < len(self.settings) and self.settings[index].start < sentence.end_char:
            return self.settings[index].country
        return self.country

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
    pair = _pair(token, context)
    if pair:
        return pair
    found: list[Actor] = []
    for head, alternatives in _coordinated(token):
        actors = _actors(head, context, depth)
        for other in alternatives:  # "His counterpart, Miguel Diaz-Canel": same one, better named
            if actors and actors[0].actor:
                break
            actors = _actors(other, context, depth) or actors
        found += [a for a in actors if not any(_same_actor(a, b) for b in found)]
    return found


def _coordinated(token: Token) -> list[tuple[Token, list[Token]]]:
    """The coordinated heads of a phrase, each with its appositions.

    The small model hangs lists in odd places ("The US, Russia, and Switzerland" as apposition
    and conjunct; "Barack Obama and Vladimir Putin" under "Barack"), so lists are collected
    from conjuncts and appositions below the first head, never across prepositions.
    """
    if token.dep_ == "conj":
        return [(token, _appositions(token))]
    heads, stack = [token], [token]
    while stack:
        for child in stack.pop().children:
            # a name read as a preposition with its object: "Barack(ADP) Obama(pobj) and ..."
            odd = child.dep_ == "pobj" and child.head == token and token.dep_ in ARGUMENTS
            if (child.dep_ in ("conj", "appos") or odd) and same_line(child, child.head):
                stack.append(child)
                if child.dep_ == "conj" or (child.dep_ == "appos" and child.conjuncts):
                    heads.append(child)
    return [(head, _appositions(head)) for head in sorted(set(heads), key=lambda t: t.i)]


def _appositions(token: Token) -> list[Token]:
    return [
        c for c in token.children if c.dep_ == "appos" and not c.conjuncts and same_line(c, token)
    ]


def _same_actor(one: Actor, other: Actor) -> bool:
    if one.entity and one.entity == other.entity:
        return True
    return one.entity is None and other.entity is None and one.name == other.name


def _actors(token: Token, context: ActorContext, depth: int) -> list[Actor]:
    if token.lower_ in RELATIVE and token.head.dep_ == "relcl" and depth < 3:
        return actors_of(token.head.head, context, depth + 1)  # "Yaish, who had been arrested"
    if _is_pronoun(token):
        actor = _pronoun(token, context, depth)
        return [actor] if actor else []
    entity = context.entity_at(token.idx)
    core = _core(token)
    if entity is not None and (entity.actor or entity.country):
        people = country_by_demonym(token.text) is not None  # "the Armenians of Israel"
        places = _place_countries(core, context) if people else []
        if places:  # "the Armenians of Israel" live in Israel
            return [Actor(entity.id, entity.name, code) for code in places]
        return [Actor(entity.id, entity.name, entity.actor or entity.country)]
    if entity is not None and _within(core, entity) and find_agent(entity.name) is None:
        known = _organisation(core)  # "the United Nations Security Council"
        # otherwise known to the entity layer as having no country: "Central America"; a
        # body named by what it is ("the Metropolitan Police") is read as a phrase below
        return [Actor(entity.id, entity.name, known[1] if known else None)]
    actors = _phrase_actors(token, context, entity)
    if (not actors or actors[0].actor is None) and depth < 2:
        for doer in _doers(token):  # "the veto that the US wants", "efforts by Kerry"
            found = actors_of(doer, context, depth + 1)
            if found and found[0].actor:
                return found[:1]
    return actors


def _within(core: list[Token], entity: Entity) -> bool:
    words = [t for t in core if t.lower_ not in ("the", "a", "an")]
    return all(any(m.start <= t.idx < m.end for m in entity.mentions) for t in words)


def _doers(noun: Token) -> list[Token]:
    """Who a noun's clause or "by" phrase says acts: the subject of its relative clause."""
    found = []
    for child in noun.children:  # not "fundraisers scorned by Trump": those are not Trump's
        if child.dep_ == "relcl":
            found += [c for c in child.children if c.dep_ == "nsubj" and c.lower_ not in RELATIVE]
        elif child.dep_ == "prep" and preposition(child) == "by":
            found += _pobjs(child)
    return found


def _is_pronoun(token: Token) -> bool:
    # "US" is a country, not "us"
    words = FIRST_PERSON | THIRD_PERSON
    return token.lower_ in words and (token.pos_ == "PRON" or not token.text.isupper())


def _pobjs(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ == "pobj"]


def _core(token: Token) -> list[Token]:
    """The words of the noun phrase naming an actor, without clauses and conjuncts."""
    core, stack = [token], [token]
    seated = token.lemma_.lower() in SEATED  # "a court in Guyana" is Guyana's court
    while stack:
        for child in stack.pop().children:
            if child.dep_ not in CORE_DEPS or not same_line(child, token):
                continue
            preps = CORE_PREPS | {"in"} if seated else CORE_PREPS
            if child.dep_ == "prep" and preposition(child) not in preps:
                continue
            core.append(child)
            stack.append(child)
    return sorted(core, key=lambda t: t.i)


def _phrase_actors(token: Token, context: ActorContext, entity: Entity | None) -> list[Actor]:
    """Read the noun phrase itself: "the president of Mexico", "leaders of France and India"."""
    core = _core(token)
    words = [t for t in core if t.lower_ not in ("the", "a", "an")]
    while len(words) > 1 and words[-1].dep_ == "prep":
        # "accused China's coast guard of firing": the clause after "of" is not part of the
        # actor's name, so the preposition left behind is dropped too.
        words.pop()
    text = " ".join(t.text for t in words)
    role = role_code(text)
    # "farmers", "riot police", "peacekeepers"; the head word alone where the phrase's words
    # follow it ("los empleados de los hospitales")
    agent = None if role else find_agent(text) or _head_agent(token)
    if agent is not None and not agent.prefix:
        role = agent.code
    owner = entity.id if entity else None
    countries = _place_countries(core, context)  # "of Israel" beats "Armenians"
    if not countries and len(_modifier_countries(core)) > 1:
        countries = _modifier_countries(core)  # "US and British activists"
    if not countries:
        inner = _inner_entity(token, core, context)
        if inner is not None:
            code = inner.actor if (inner.actor or "").startswith(("IGO", "IMG")) else inner.country
            code = code or (inner.actor or "")[:3] or None
            return [Actor(owner, text, actor_code(code, role))]  # "Georgian" is not the actor
        known = _organisation(core)
        if known:
            return [Actor(owner, text, known[1])]
        found = phrase_country(_without_regions(text)) or _owner_country(core, context)
        countries = [found] if found else []
        countries += [c for c in _modifier_countries(core) if c not in countries]
    if not countries and role is None and token.ent_type_ == "PERSON":
        published = context.document.article.published
        holding = office_holder(_ent_text(token), published)
        if holding:
            return [Actor(owner, text, holding.actor)]
        dated = person_code(_ent_text(token), published)  # only within the entry's dates
        if dated:
            return [Actor(owner, text, dated)]
    if not countries:
        if role is None:
            return [Actor(entity.id, entity.name, None)] if entity else []
        foreign = any(t.lemma_.lower() in ABROAD for t in words)  # "Western embassies"
        return [Actor(owner, text, ("" if foreign else context.home(token) or "") + role)]
    return [Actor(owner, text, actor_code(code, role)) for code in countries]


def _head_agent(token: Token) -> Agent | None:
    """The agent the head word alone names, unless that word is an action ("una huelga
    indefinida" is no group, whatever a dictionary says)."""
    if match(token, broad=False) is not None:
        return None
    return find_agent(token.text)


def _place_countries(core: list[Token], context: ActorContext) -> list[str]:
    """Countries named after "of"/"from" in the phrase, with their conjuncts."""
    found: list[str] = []
    for word in core:
        if word.dep_ == "pobj" and preposition(word.head) in CORE_PREPS:
            for place in [word, *word.conjuncts]:
                inner = context.entity_at(place.idx)
                code = phrase_country(_ent_text(place)) or (inner.country if inner else None)
                if code and code not in found:
                    found.append(code)
    return found


def _without_regions(text: str) -> str:
    """ "Central America" is a region, not the United States; "pro-Russia" rebels are not
    Russia's."""
    for region in REGIONS:
        text = text.replace(region, " ")
    return re.sub(r"\b(?:pro|anti) ?- ?\w+", " ", text, flags=re.IGNORECASE)


def _modifier_countries(core: list[Token]) -> list[str]:
    """ "US and British activists": each coordinated nationality or country before the noun."""
    found: list[str] = []
    for word in core:
        if word.dep_ in ("amod", "compound", "nmod") and word.conjuncts:
            for part in (word, *word.conjuncts):
                code = phrase_country(part.text)
                if code and code not in found:
                    found.append(code)
    return found


def _sided(word: Token) -> bool:
    """ "pro-Russia", "anti-American": a stance toward a country, not the country."""
    before = [t.lower_ for t in word.doc[max(0, word.i - 2) : word.i]]
    return before[-2:] in (["pro", "-"], ["anti", "-"]) or before[-1:] in (["pro-"], ["anti-"])


def _inner_entity(token: Token, core: list[Token], context: ActorContext) -> Entity | None:
    for word in core:
        if _sided(word):
            continue
        inner = context.entity_at(word.idx) if word != token else None
        if inner is not None and (inner.actor or inner.country):
            return inner
    return None


def _organisation(core: list[Token]) -> tuple[str, str] | None:
    """A known body named inside the phrase ("the United Nations Security Council")."""
    words = [t.text for t in core if t.lower_ not in ("the", "a", "an")]
    for size in range(min(len(words), 5), 0, -1):
        for i in range(len(words) - size + 1):
            if words[i][:1].isupper():
                name = " ".join(words[i : i + size])
                known = organisation(name)
                if known:
                    return known
                code = group_code(name)  # armed groups and international bodies
                if code:
                    return name, code
    return None


def _owner_country(core: list[Token], context: ActorContext) -> str | None:
    """ "his country": the country of whoever the pronoun stands for."""
    for word in core:
        owned = word.head.lemma_.lower()
        if word.dep_ == "poss" and word.lower_ in THIRD_PERSON and owned in OWNED:
            owner = _pronoun(word, context, 1)
            return owner.actor[:3] if owner and owner.actor else None
    return None


def _ent_text(token: Token) -> str:
    """The words of the named entity the token is in, found from its IOB tags (not by reading
    ``doc.ents``, which spaCy rebuilds on every access)."""
    if not token.ent_type_:
        return token.text
    doc, start, end = token.doc, token.i, token.i + 1
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _pronoun(token: Token, context: ActorContext, depth: int) -> Actor | None:
    entity = context.entity_at(token.idx)
    if entity is not None:  # the entity layer resolved it: trust it, coded or not
        return Actor(entity.id, entity.name, entity.actor or entity.country)
    if token.lower_ in FIRST_PERSON:
        return _speaker(token, context, depth)
    if token.lower_ not in THIRD_PERSON or depth > 2:
        return None
    words = list(token.sent)
    before = reversed(words[: token.i - token.sent.start])
    after = words[token.i - token.sent.start + 1 :]  # "With his visit to Havana, AMLO has ..."
    own_subjects = {c.i for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")}
    for other in [*before, *after]:
        if other.i in own_subjects or not _agrees(token, other):
            continue  # "Trump accused him": "him" is not Trump
        if other.dep_ in ("nsubj", "nsubjpass") and other.pos_ != "PRON":
            found = actors_of(other, context, depth + 1)
            if found:
                return found[0]
    return context.last


def _agrees(pronoun: Token, other: Token) -> bool:
    """Gender-blind agreement: "he"/"she" want a person, "it" a thing, "they" a plural or body."""
    person = other.ent_type_ == "PERSON" or other.lemma_.lower() in PERSON_HEADS
    if pronoun.lower_ in ("he", "she", "him", "her", "his"):
        return person and other.tag_ != "NNS"
    if pronoun.lower_ in ("it", "its"):
        return not person
    plural = other.tag_ in ("NNS", "NNPS") or bool(other.conjuncts)
    return plural or other.ent_type_ in ("ORG", "GPE", "NORP")


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
        if head.head == head:
            break
        head = head.head
    return None


def _has_subject(verb: Token) -> bool:
    return any(child.dep_ in ("nsubj", "nsubjpass") for child in verb.children)


def _pair(token: Token, context: ActorContext) -> list[Actor]:
    """ "both delegations", "the two countries": the last two actors seen together."""
    if token.lemma_.lower() not in PAIR_NOUNS:
        return []
    if not any(child.lower_ in PAIR_WORDS for child in token.children):
        return []
    if context.pair:
        return list(context.pair)
    found: list[str] = []  # no pair yet: the two countries the sentence names
    for ent in token.sent.ents:
        code = phrase_country(ent.text) if ent.label_ in ("GPE", "NORP") else None
        if code and code not in found:
            found.append(code)
    return [Actor(None, code, code) for code in found[:2]] if len(found) >= 2 else []
