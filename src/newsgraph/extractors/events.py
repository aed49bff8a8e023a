"""CAMEO event coding: who did what to whom, sentence by sentence, with its provenance.

For each sentence, words that match an action pattern (``event_patterns``) are read through the
dependency parse: the source is the subject (the "by" agent of a passive, the subject inherited
through infinitives and coordination, the owner of a nominal action), the target is where the
pattern says (object, "with"/"to" objects, the subject of a reported clause).  Actions that are
negated, conditional, hypothetical or asked about are not events; planned, promised or future
ones take the pattern's intent code ("will meet" -> 036).  Restatements of one action in an
article (same code, source and target) become one event with every mention kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from spacy.tokens import Span, Token

from newsgraph.extractors.actors_in_sentence import ActorContext, actors_of
from newsgraph.extractors.event_modality import (
    climb,
    conditional,
    embedded,
    future,
    hypothetical,
    negated,
    question,
    uncertain,
)
from newsgraph.extractors.event_patterns import (
    Pattern,
    affected,
    complements,
    match,
    objects,
    prep_objects,
)
from newsgraph.extractors.sentence_lines import remember_lines, same_line
from newsgraph.knowledge.cameo import lookup
from newsgraph.types import Actor, Document, Event, Location

LIGHT_OF = frozenset({"of"})
SCENE_PREPS = frozenset({"in", "into", "during"})
SUPPORT_VERBS = frozenset(
    [
        "make", "hold", "have", "pay", "conduct", "carry", "launch", "stage", "begin", "start",
        "open", "resume", "continue", "express", "voice", "show", "offer", "give", "lend", "extend",
        "send", "issue", "announce", "reciprocate", "lodge", "file", "level", "lob", "direct",
        "deliver", "mount", "sign", "seek", "be", "pledge", "promise", "renew", "reiterate",
        "confirm", "order",
    ]
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class _Found:
    code: str
    source: Actor | None
    target: Actor | None
    sentence: Span
    trigger: str
    confidence: float


def find_events(document: Document) -> Document:
    """Return the document with ``events`` filled from its parsed sentences."""
    if document.doc is None:
        return document
    context = ActorContext(document)
    remember_lines(document.doc, document.text)
    found: list[_Found] = []
    for sentence in document.doc.sents:
        if question(sentence) or hypothetical(sentence):
            continue
        for token in sentence:
            pattern = match(token)
            if pattern is not None:
                found.extend(_code(token, pattern, sentence, context))
    return dataclasses.replace(document, events=tuple(_merge(found, document)))


def _code(token: Token, pattern: Pattern, sentence: Span, context: ActorContext) -> list[_Found]:
    governor = _governor(token, pattern)
    refusal = _refusal(token, governor, pattern)
    if refusal is None and _not_reported(token, governor):
        return []
    code: str | None = refusal or pattern.code
    planned = future(token) or (governor is not None and future(governor))
    if planned and refusal is None:
        code = pattern.intent_code()
    if code is None:
        return []
    sources = _sources(token, governor, context)
    if governor is None and pattern.pos == "noun" and not sources and not pattern.symmetric:
        return []  # "a message of support to the people": nobody is said to act
    targets = _targets(token, pattern, context, governor)
    if pattern.converse:
        sources, targets = targets, sources
    code, sources, targets = _as_reported(token, governor, code, sources, targets, context)
    pairs = _pairs(sources, _home_government(targets, sources), pattern.symmetric)
    if sources:
        context.last = sources[0]
    coded = [(s, t) for s, t in pairs if s and t and s.actor and t.actor]
    if coded:
        context.pair = (coded[0][0], coded[0][1])
    confidence = _confidence(token, pattern, planned)
    trigger = _trigger(token, governor)
    return [
        _Found(code, s, t, sentence, trigger, _side_penalty(confidence, s, t)) for s, t in pairs
    ]


Side = Actor | None
# Saying one will not do a cooperative act is refusing it (CAMEO 12): meeting -> 125, material
# cooperation and aid -> 121, yielding -> 124, anything else cooperative -> 120.
REFUSALS = {"04": "125", "06": "121", "07": "121", "08": "124", "03": "120", "05": "120"}


def _refusal(token: Token, governor: Token | None, pattern: Pattern) -> str | None:
    """The CAMEO 12 code of "would not provide support", "will not meet": a stated refusal."""
    head = governor or token
    if pattern.code[:2] not in REFUSALS or not future(head) or not negated(head):
        return None
    if embedded(head) or _object_of_action(token, governor) or conditional(token):
        return None
    return REFUSALS[pattern.code[:2]]


REPORTING = frozenset({"say", "claim", "allege", "charge", "insist", "state", "report", "admit"})
CLAIMING = frozenset({"claim", "admit", "acknowledge"})
VIOLENT_ROOTS = frozenset({"18", "19", "20"})


def _as_reported(
    token: Token,
    governor: Token | None,
    code: str,
    sources: list[Actor],
    targets: list[Actor],
    context: ActorContext,
) -> tuple[str, list[Actor], list[Actor]]:
    """Violence told in a party's own words is that party's claim: "Israel said a bomb was
    fired at it from Gaza" is Israel accusing Gaza (112); "the US claimed that they attacked
    Iraq" is the US claiming responsibility (015).  Violence a news report states, or one
    from an uncoded speaker ("medics said"), stays the act itself."""
    if code[:2] not in VIOLENT_ROOTS:
        return code, sources, targets
    if not sources:
        sources = _doers_named_elsewhere(token, context)
    verb, speakers = _speakers(governor or token, context)
    if not speakers:
        return code, sources, targets
    coded = [s for s in sources if s.actor]
    doers = coded or _doers_named_elsewhere(token, context) or sources
    speaker_country = {s.actor[:3] for s in speakers if s.actor}
    if any(d.actor and d.actor[:3] in speaker_country for d in doers):
        # a party's report of its own strike is the strike, unless it is put as a claim
        return ("015", speakers, targets) if verb in CLAIMING else (code, sources, targets)
    if not doers:
        return code, sources, targets
    return "112", speakers, doers


def _speakers(head: Token, context: ActorContext) -> tuple[str, list[Actor]]:
    """The reporting verb and the coded parties whose statement the clause of ``head`` is
    ("X said that ...").  The press is no party: "state media reported" tells the act."""
    for node in climb(head):
        head = node
    verb = head.head.lemma_.lower()
    if head.dep_ != "ccomp" or verb not in REPORTING:
        return verb, []
    subject = _subject(head.head)
    found = actors_of(subject, context) if subject is not None else []
    return verb, [a for a in found if a.actor and "MED" not in a.actor[3:]]


def _doers_named_elsewhere(token: Token, context: ActorContext) -> list[Actor]:
    """The doer of a violent act with no subject: "fired at it from the Gaza Strip", "killed
    in an air strike by government forces"."""
    near = [token, *(w for w in token.subtree if w.head.head == token and w.dep_ == "pobj")]
    for origin in (o for word in near for o in prep_objects(word, frozenset({"from"}))):
        found = actors_of(origin, context)
        if found:
            return found
    for scene in prep_objects(token, frozenset({"in"})):
        if scene.pos_ == "NOUN":
            found = _owners(scene, context)
            if found:
                return found
    return []


def _not_reported(token: Token, governor: Token | None) -> bool:
    """Mentioned but not reported as done: negated, possible, conditional, or what another
    coded action is about."""
    head = governor or token
    if embedded(head) or _object_of_action(token, governor) or uncertain(head):
        return True
    return negated(token) or negated(head) or conditional(token)


def _pairs(sources: list[Actor], targets: list[Actor], symmetric: bool) -> list[tuple[Side, Side]]:
    """Source-target pairs; mutual actions of several parties pair them with each other."""
    if not sources and symmetric and len(targets) >= 2:
        sources, targets = targets, []  # "talks between the US and Cuba"
    pairs: list[tuple[Side, Side]]
    if not targets and symmetric and len(sources) >= 2:
        pairs = [(a, b) for a in sources for b in sources if a is not b]
    else:
        doers: list[Side] = [*sources] if sources else [None]
        dones: list[Side] = [*targets] if targets else [None]
        pairs = [(s, t) for s in doers for t in dones]
    return [(s, t) for s, t in pairs if (_known(s) or _known(t)) and not _same(s, t)]


def _known(side: Side) -> bool:
    """An actor worth counting: coded, or an entity of the article."""
    return side is not None and bool(side.actor or side.entity)


def _same(source: Actor | None, target: Actor | None) -> bool:
    if source is None or target is None:
        return False
    if source.entity and source.entity == target.entity:
        return True
    return source.actor is not None and source.actor == target.actor and source.name == target.name


def _governor(token: Token, pattern: Pattern) -> Token | None:
    """The verb that carries a nominal or adjectival trigger ("made a visit", "is critical")."""
    if pattern.pos == "verb":
        return token
    if pattern.pos == "adj":
        return token.head if token.dep_ in ("acomp", "xcomp", "amod") else token
    head = token
    while head.dep_ == "pobj" and head.head.lower_ in LIGHT_OF and head.head.head.pos_ == "NOUN":
        head = head.head.head  # "the holding of a round of talks" -> "holding"
        if match(head) is not None:
            return head  # "rejection of the talks": the talks are what the outer action is about
    above = head.head
    verbal = above.pos_ in ("VERB", "AUX")
    if head.dep_ in ("dobj", "obj", "nsubjpass", "attr") and verbal and _supports(above):
        return above
    if head.dep_ == "pobj" and above.lower_ in SCENE_PREPS and above.head.pos_ in ("VERB", "AUX"):
        return above.head  # "had been in talks with", "said during a visit to Scotland"
    return None


def _supports(verb: Token) -> bool:
    """A verb whose subject does the action of its noun ("made a visit", "held talks"), or a
    coded action of its own ("rejected the negotiations"), unlike "survived the attacks"."""
    word = verb.lower_  # the small model lemmatises "staged" as "stag"
    forms = {verb.lemma_.lower(), word, word[:-1], word[:-2]}
    return bool(forms & SUPPORT_VERBS) or match(verb) is not None


def _object_of_action(token: Token, governor: Token | None) -> bool:
    """ "rejected the negotiations", "rejection of the talks": the talks are the object."""
    if governor is None or governor == token or match(governor) is None:
        return False
    return not (token.dep_ == "pobj" and token.head.lower_ in SCENE_PREPS)  # "killed in shelling"


def _sources(token: Token, governor: Token | None, context: ActorContext) -> list[Actor]:
    if governor is None:  # a nominal action on its own: "his visit", "a visit by the minister"
        return _owners(token, context)
    subject = _subject(governor)
    if subject is not None and not same_line(subject, governor):
        subject = _line_subject(governor)
    found = actors_of(subject, context) if subject is not None else []
    if not found and token != governor and token.pos_ == "NOUN":
        found = _owners(token, context)  # "killed in Israeli shelling": nobody else is named
    return found


def _owners(noun: Token, context: ActorContext) -> list[Actor]:
    """Who a nominal action belongs to: "his visit", "a visit by X", "Israeli airstrikes"."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    owners += list(prep_objects(noun, frozenset({"by"})))
    if owners:
        return actors_of(owners[0], context)
    for child in noun.children:
        if child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE"):
            return actors_of(child, context)
    return []


def _subject(verb: Token) -> Token | None:
    """The doer of a verb: passive agent, own subject, or one inherited from the verb above."""
    raised = False
    for _ in range(5):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive and raised:  # "Obama is scheduled to attend": Obama attends
            return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive:
            agents = list(prep_objects(verb, frozenset({"by"})))
            return agents[0] if agents else None
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                    return verb.head
                return child
        if verb.dep_ == "xcomp":  # object control: "allowed both delegations to sign"
            controller = [c for c in verb.head.children if c.dep_ in ("dobj", "obj")]
            if controller:
                return controller[0]
        raised = verb.dep_ == "xcomp"
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and not objects(verb):
            agents = list(prep_objects(verb, frozenset({"by"})))  # "men charged with ..."
            return agents[0] if agents else None
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
            if _finite(verb):  # the small model reads some main verbs as a noun's clause
                return verb.head
            holder = _verb_above(verb.head)  # "flights to visit", "a message rejecting"
            if holder is None:
                return None
            verb = holder
            continue
        if (
            verb.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp")
            or verb.head == verb
        ):
            return None
        verb = verb.head
    return None


def _home_government(targets: list[Actor], sources: list[Actor]) -> list[Actor]:
    """ "called on the government": a bare government is the source's own, when that is known."""
    home = sources[0].actor[:3] if sources and sources[0].actor else None
    if home is None or home.startswith("IGO"):
        return targets
    return [
        dataclasses.replace(t, actor=home + "GOV") if t.actor is None and _bare_government(t) else t
        for t in targets
    ]


def _bare_government(actor: Actor) -> bool:
    return actor.name.lower() in ("government", "administration", "authorities", "regime")


def _line_subject(verb: Token) -> Token | None:
    """The phrase opening the verb's line, when the parse joined a heading to the sentence."""
    for word in verb.sent:
        if word.i >= verb.i:
            return None
        if (
            same_line(word, verb)
            and word.pos_ in ("NOUN", "PROPN")
            and not same_line(word, word.head)
        ):
            return word
    return None


def _finite(verb: Token) -> bool:
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and objects(verb)):
        return True
    return verb.dep_ == "relcl" and not any(c.lower_ == "to" for c in verb.children)


def _verb_above(noun: Token) -> Token | None:
    """The verb a noun phrase hangs from, through prepositions ("embarked on flights")."""
    node = noun
    for _ in range(3):
        if node.dep_ in ("dobj", "obj", "pobj", "prep") and node.head != node:
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                return node
        else:
            return None
    return None


def _targets(
    token: Token, pattern: Pattern, context: ActorContext, governor: Token | None
) -> list[Actor]:
    for place in pattern.target:
        words = _places(token, place)
        if not words and governor is not None and governor != token:
            words = _places(governor, place)  # "held meetings ... with officials from Japan"
        for word in words:
            if not same_line(word, token):
                continue
            found = actors_of(word, context)
            if found:
                return found
    return []


def _places(token: Token, place: str) -> list[Token]:
    kind, _, preposition = place.partition(":")
    if kind == "obj":
        return affected(token)[:1]
    if kind == "dative":
        return [c for c in token.children if c.dep_ == "dative"][:1]
    if kind == "poss":
        return [c for c in token.children if c.dep_ == "poss"] + [
            c for obj in objects(token) for c in obj.children if c.dep_ == "poss"
        ]
    if kind == "comp_subj":
        return [c for comp in complements(token) for c in comp.children if c.dep_ == "nsubj"][:1]
    if kind == "comp_obj":
        return [obj for comp in complements(token) for obj in objects(comp)][:1] + [
            pobj for comp in complements(token) for pobj in prep_objects(comp, _ANY_PREP)
        ]
    heads = [token, *affected(token)]
    for _ in range(3):  # nouns below "of" and "on": "rejection of the beginning of talks with"
        heads += [
            pobj for head in heads for pobj in prep_objects(head, _NESTING) if pobj not in heads
        ]
    return [obj for head in heads for obj in prep_objects(head, frozenset({preposition}))][:2]


_ANY_PREP = frozenset({"on", "against", "with", "to", "at"})
_NESTING = frozenset({"of", "on", "about", "for", "against"})


def _confidence(token: Token, pattern: Pattern, planned: bool) -> float:
    score = 0.9
    if pattern.pos != "verb":
        score -= 0.1
    if planned:
        score -= 0.15
    if any(t.dep_ == "ccomp" for t in climb(token)):
        score -= 0.1  # reported in someone's words
    return score


def _side_penalty(score: float, source: Actor | None, target: Actor | None) -> float:
    for side in (source, target):
        if side is None or side.actor is None:
            score -= 0.15
    return round(max(0.05, min(1.0, score)), 2)


def _trigger(token: Token, governor: Token | None) -> str:
    if governor is None or governor == token:
        return token.text
    first, last = sorted((governor, token), key=lambda t: t.i)
    return first.text + (" " if last.i == first.i + 1 else " … ") + last.text


def _merge(found: list[_Found], document: Document) -> Iterator[Event]:
    """One event per code, source and target in the article, with every mention kept."""
    groups: dict[tuple[str, str, str], list[_Found]] = {}
    for item in _drop_partial(found):
        key = (item.code, _key(item.source), _key(item.target))
        groups.setdefault(key, []).append(item)
    for items in groups.values():
        first = items[0]
        info = lookup(first.code)
        start, end = first.sentence.start_char, first.sentence.end_char
        mentions = sorted({(i.sentence.start_char, i.sentence.end_char) for i in items})
        yield Event(
            code=first.code, root=info.root, name=info.name, quad_class=info.quad_class,
            goldstein=info.goldstein, source=first.source, target=first.target,
            start=start, end=end, trigger=first.trigger,
            confidence=max(i.confidence for i in items),
            location=_location(document, start, end), date=_date(document, start, end),
            plover=info.plover, mentions=tuple(mentions),
        )  # fmt: skip


def _drop_partial(found: list[_Found]) -> list[_Found]:
    """Drop a sentence's event that another of the same code and source tells in full:
    "killed in Turkish shelling" codes the killing with its target and the shelling without."""
    full = {(f.sentence.start, f.code, _key(f.source)) for f in found if f.target is not None}
    return [
        f
        for f in found
        if f.target is not None or (f.sentence.start, f.code, _key(f.source)) not in full
    ]


def _key(actor: Actor | None) -> str:
    if actor is None:
        return ""
    return actor.actor or actor.entity or actor.name.lower()


def _location(document: Document, start: int, end: int) -> Location | None:
    return next((loc for loc in document.locations if start <= loc.start < end), None)


def _date(document: Document, start: int, end: int) -> str | None:
    for mention in document.dates:
        if start <= mention.start < end and mention.date:
            return mention.date
    return document.article.published
