"""Who acts in a coded sentence: the subject of a trigger through passives, infinitives,
coordination and relative clauses, the owner of a nominal action, and the party in whose words
a violent act is told ("Israel said a bomb was fired at it from Gaza")."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extractors.events.actors import ActorContext, actors_of
from newsgraph.extractors.events.lines import same_line
from newsgraph.extractors.events.modality import REPORTING, climb
from newsgraph.extractors.events.triggers import objects, prep_objects
from newsgraph.store.gdelt import ROLE_CODES
from newsgraph.types import Actor

CLAIMING = frozenset({"claim", "admit", "acknowledge"})
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
OWNER_TYPES = frozenset({"NORP", "GPE", "ORG"})


def as_reported(
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
    subject = subject_of(head.head)
    found = actors_of(subject, context) if subject is not None else []
    # a party has a country or a body of its own: bare roles ("officials said", "medics said")
    # and the press ("state media reported") tell the act, they are no side of it
    return verb, [a for a in found if _party(a.actor)]


def _party(code: str | None) -> bool:
    return code is not None and code[:3] not in ROLE_CODES - {"IGO"} and "MED" not in code[3:]


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
            found = owners(scene, context)
            if found:
                return found
    return []


def find_sources(token: Token, governor: Token | None, context: ActorContext) -> list[Actor]:
    """The actors who do the action of ``token`` (carried by ``governor`` when nominal)."""
    if governor is None:  # a nominal action on its own: "his visit", "a visit by the minister"
        return owners(token, context)
    subject = subject_of(governor)
    if subject is not None and not same_line(subject, governor):
        subject = _line_subject(governor)
    found = actors_of(subject, context) if subject is not None else []
    if not found and token != governor and token.pos_ == "NOUN":
        found = owners(token, context)  # "killed in Israeli shelling": nobody else is named
    return found


def owners(noun: Token, context: ActorContext) -> list[Actor]:
    """Who a nominal action belongs to: "his visit", "a visit by X", "Israeli airstrikes"."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    owners += list(prep_objects(noun, frozenset({"by"})))
    if owners:
        return actors_of(owners[0], context)
    for child in noun.children:
        # "Israeli airstrikes", "a Hamas attack", "NATO strikes": a named people, place or body
        # before the act is its doer
        if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in OWNER_TYPES:
            return actors_of(child, context)
    return []


def subject_of(verb: Token) -> Token | None:
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
        for aux in (c for c in verb.children if c.dep_ == "aux"):
            # the small model sometimes hangs the subject on the auxiliary ("X however have
            # opposed"): the auxiliary's subject is the verb's
            subject = next((c for c in aux.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
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
        if verb.pos_ == "ADP" and verb.dep_ == "prep" and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head  # "responded by easing sanctions", "after meeting Putin, he said"
    return None


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
