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

from newsgraph.extractors.events.actors import ActorContext, actors_of
from newsgraph.extractors.events.demands import as_demanded, asked_code, obliged
from newsgraph.extractors.events.lexicon import NO_EVENT
from newsgraph.extractors.events.lines import remember_lines, same_line
from newsgraph.extractors.events.modality import (
    REPORTING,
    climb,
    conditional,
    embedded,
    future,
    hypothetical,
    negated,
    question,
    uncertain,
    wished,
)
from newsgraph.extractors.events.sources import as_reported, find_sources, owners, subject_of
from newsgraph.extractors.events.triggers import (
    Pattern,
    affected,
    complements,
    is_person,
    match,
    objects,
    prep_objects,
)
from newsgraph.extractors.events.violence import (
    KILLING,
    VIOLENT,
    act_as_subject,
    by_mishap,
    individual,
    repression,
    rioting,
    subject_of_violence,
)
from newsgraph.knowledge.cameo import lookup
from newsgraph.parse_labels import preposition
from newsgraph.types import Actor, Document, Event, Location

LIGHT_OF = frozenset({"of"})
NAMES = frozenset(
    ["DATE", "TIME", "PERSON", "GPE", "NORP", "ORG", "LOC", "FAC", "MONEY", "PERCENT",
     "CARDINAL", "ORDINAL", "QUANTITY", "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE"]
)  # fmt: skip
SCENE_PREPS = frozenset({"in", "into", "during"})
SUPPORT_VERBS = frozenset(
    [
        "make", "hold", "have", "pay", "conduct", "carry", "launch", "stage", "begin", "start",
        "open", "resume", "continue", "express", "voice", "show", "offer", "give", "lend", "extend",
        "send", "issue", "announce", "reciprocate", "lodge", "file", "level", "lob", "direct",
        "deliver", "mount", "sign", "seek", "be", "pledge", "promise", "renew", "reiterate",
        "confirm", "order", "reach", "conclude", "strike", "agree", "broker", "negotiate",
        "impose", "slap", "levy", "step", "intensify", "escalate", "expand", "increase",
        "declare", "observe", "extend", "join", "put", "perform", "undertake", "wage",
    ]
)  # fmt: skip


# The same for Spanish: "iniciaron una huelga", "realizaron una marcha", "sostuvo una reunión".
SUPPORT_VERBS_BY_LANGUAGE = {
    "es": frozenset(
        ["realizar", "iniciar", "hacer", "llevar", "mantener", "sostener", "celebrar", "efectuar",
         "emprender", "protagonizar", "convocar", "organizar", "lanzar", "declarar", "anunciar",
         "continuar", "proseguir", "reanudar", "comenzar", "empezar", "tener", "haber", "ser",
         "ofrecer", "dar", "brindar", "expresar", "manifestar", "enviar", "firmar", "alcanzar",
         "lograr", "concluir", "suscribir", "imponer", "intensificar", "ampliar", "extender",
         "cumplir", "estallar", "desatar", "provocar", "registrar", "encabezar", "liderar",
         "dirigir", "promover", "impulsar", "participar", "sumar", "unir", "mostrar",
         "presentar", "causar", "dejar"]
    ),
}  # fmt: skip


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
            if token.ent_type_ in NAMES:
                continue  # "in March", "the Rally party": a name, not an act
            pattern = match(token)
            if pattern is not None and not _carries_other_event(token, pattern):
                found.extend(_code(token, pattern, sentence, context))
    return dataclasses.replace(document, events=tuple(_merge(found, document)))


# Acts done in words whose clause below is what they are about: appeals, demands, criticism,
# rejections, threats.  Other verbs over a coded clause are frames: "wants to", "tried to".
SPEECH_ACTS = frozenset({"02", "10", "11", "13"})


def _carries_other_event(verb: Token, pattern: Pattern) -> bool:
    """A verb coded by the dictionary whose object is an action of the project's patterns
    ("announced a suspension of flights" is the suspension, "held talks" the talks), or a bare
    dictionary verb over a coded clause: "wants to impose", "prevented them from attending"
    tell of the inner act (planned, or not done), as PETRARCH combines verb with verb."""
    if pattern.source == "project":
        return False
    light = verb.lemma_.lower() in SUPPORT_VERBS
    if light and any(w.pos_ == "NOUN" and match(w, broad=False) for w in affected(verb)):
        return True
    speech = pattern.code[:2] in SPEECH_ACTS and verb.lemma_.lower() not in REPORTING
    if not pattern.default or speech:
        return False  # "pressed Ukraine to sign": the appeal is the act, the signing its content
    return any(match(c) is not None for c in complements(verb))


def _code(token: Token, pattern: Pattern, sentence: Span, context: ActorContext) -> list[_Found]:
    governor = _governor(token, pattern)
    if pattern.code[:2] in ("18", "19", "20") and by_mishap(governor or token):
        return []  # "victims killed by the crash": no one used force
    refusal = _refusal(token, governor, pattern)
    if refusal is None and _not_reported(token, governor):
        return []
    code: str | None = refusal or pattern.code
    duty = refusal is None and obliged(governor or token)  # "Israel must end its attacks"
    planned = not duty and (future(token) or (governor is not None and future(governor)))
    if planned and refusal is None:
        code = pattern.intent_code()
        if code is not None and code[:2] == "13" and pattern.code[:2] != "13" and wished(token):
            return []  # "the veto the US wants to impose": a wish to coerce is no threat
    if code is None:
        return []
    act = act_as_subject(token, pattern)
    if act is not None:  # "a suicide bombing killed 12": the bombing, with the killing's victims
        noun, named = act
        code = named.code
        doer = noun.dep_ != "nsubj"  # "militants killed 32 in bombings": the militants
        sources = find_sources(token, governor, context) if doer else []
        sources = sources or owners(noun, context)
        targets = _targets(noun, named, context, None) or _targets(token, pattern, context, None)
    else:
        sources = find_sources(token, governor, context)
        targets = _targets(token, pattern, context, governor)
    alone = governor is None and pattern.pos == "noun" and not sources and not pattern.symmetric
    sideless = pattern.pos == "noun" and code[:2] in SIDELESS.get(token.doc.lang_, ())
    if alone and not sideless and (code[:2] not in UNATTRIBUTED or not targets):
        return []
    if pattern.pos == "noun" and subject_of_violence(token):
        return []  # "a message of support to the people": nobody is said to act
    if pattern.converse:
        sources, targets = targets, sources
    for asked in (match(c) for c in complements(token)) if pattern.pos == "verb" else ():
        if asked is not None and asked.code != NO_EVENT:  # "urged Russia to withdraw": 0256
            code = asked_code(code, asked.code)
            break
    if duty:
        demanded = as_demanded(governor or token, code, sources, context)
        if demanded is None:
            return []  # a duty nobody else states is no act
        code, sources, targets = demanded
    code, sources, targets = as_reported(token, governor, code, sources, targets, context)
    if code == "190" and token.lemma_.lower() in KILLING and individual(sources, context):
        code = "180"  # a person who kills uses unconventional violence, not military force
    if code[:2] in VIOLENT and repression(sources, targets):
        code = "175"  # police or soldiers using force on protesters: violent repression
    elif (code[:2] == "18" or code == "190") and rioting(token, sources, targets):
        code = "145"  # protesters throwing stones or setting fires: a violent protest
    pairs = _pairs(sources, _home_government(targets, sources), pattern.symmetric)
    # a specific dictionary pattern ("declared a ceasefire") is news though its doer has no
    # code, unless the sides were dropped as one actor acting on itself
    specific = not pattern.default and not any(map(_known, sources + targets))
    carried = pattern.pos == "verb" or (specific and governor is not None)  # "agreed a truce"
    unnamed = (code[:2] in UNATTRIBUTED or specific) and carried
    if not pairs and (act is not None or unnamed):
        # "a suicide bombing killed 20 in Baghdad", "she was arrested", "taxi drivers went on
        # strike": news though nobody is coded; a side is kept by the words that name it
        said = _words(subject_of(governor or token)) if act is None else None
        side = sources[0] if sources else said
        done = targets[0] if targets else _words(next(iter(affected(token)), None))
        pairs = [(side, done)] if side or done else []
    if planned and code[:2] == "13" and pattern.code[:2] != "13":
        # coercion or force to come is a threat only from someone known to threaten
        pairs = [(s, t) for s, t in pairs if s and s.actor]
    if not pairs and sideless:
        pairs = [(None, None)]  # "el paro se produjo": the strike itself is the news
    if pattern.default and code[:2] not in UNATTRIBUTED:
        # a verb's bare dictionary code is a weak reading ("thought", "allowed", "emerged"):
        # it takes a coded doer
        pairs = [(s, t) for s, t in pairs if s and s.actor]
    if sources:
        context.last = sources[0]
    # the last two parties that dealt with each other ("both delegations"): two sides, so
    # not a government and its own country
    coded = [
        (s, t) for s, t in pairs if s and t and s.actor and t.actor and s.actor[:3] != t.actor[:3]
    ]
    if coded:
        context.pair = (coded[0][0], coded[0][1])
    confidence = _confidence(token, governor, pattern, planned and refusal is None)
    trigger = _trigger(token, governor)
    return [
        _Found(code, s, t, sentence, trigger, _side_penalty(confidence, s, t)) for s, t in pairs
    ]


Side = Actor | None
# Saying one will not do a cooperative act is refusing it (CAMEO 12): meeting -> 125, material
# cooperation and aid -> 121, yielding -> 124, anything else cooperative -> 120.
REFUSALS = {"04": "125", "06": "121", "07": "121", "08": "124", "03": "120", "05": "120"}


# Acts that are news without a known doer: protests, coercion and violence ("a grenade attack
# on a police patrol", "she was arrested").  Cooperation and words need someone who does them.
UNATTRIBUTED = frozenset({"14", "17", "18", "19", "20"})
# Roots whose nominal mentions are events even with no side named, by language: Spanish wire
# copy tells a strike or a march by its noun alone ("el paro se produjo", "la marcha se
# celebró"; measured on half A of benchmarks/events_spanish.py).
SIDELESS = {"es": frozenset({"14"})}


def _words(head: Token | None) -> Actor | None:
    """An uncoded side named by the words of a phrase ("20 people", "she", "taxi drivers")."""
    if head is None or head.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
        return None
    words = [t for t in head.subtree if t.dep_ not in ("relcl", "acl", "punct", "prep")][:8]
    return Actor(None, " ".join(t.text for t in words), None)


def _refusal(token: Token, governor: Token | None, pattern: Pattern) -> str | None:
    """The CAMEO 12 code of "would not provide support", "will not meet": a stated refusal."""
    head = governor or token
    if pattern.code[:2] not in REFUSALS or not future(head) or not negated(head):
        return None
    if embedded(head) or _object_of_action(token, governor) or conditional(token):
        return None
    return REFUSALS[pattern.code[:2]]


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
    while (
        head.dep_ == "pobj" and preposition(head.head) in LIGHT_OF and head.head.head.pos_ == "NOUN"
    ):
        head = head.head.head  # "the holding of a round of talks" -> "holding"
        if match(head, broad=False) is not None:
            return head  # "rejection of the talks": the talks are what the outer action is about
    above = head.head
    verbal = above.pos_ in ("VERB", "AUX")
    if head.dep_ in ("dobj", "obj", "nsubjpass", "attr") and verbal and _supports(above):
        return above
    if (
        head.dep_ == "pobj"
        and preposition(above) in SCENE_PREPS
        and above.head.pos_ in ("VERB", "AUX")
    ):
        return above.head  # "had been in talks with", "said during a visit to Scotland"
    return None


def _supports(verb: Token) -> bool:
    """A verb whose subject does the action of its noun ("made a visit", "held talks"), or a
    coded action of its own ("rejected the negotiations"), unlike "survived the attacks"."""
    word = verb.lower_  # the small model lemmatises "staged" as "stag"
    forms = {verb.lemma_.lower(), word, word[:-1], word[:-2]}
    support = SUPPORT_VERBS_BY_LANGUAGE.get(verb.doc.lang_, SUPPORT_VERBS)
    return bool(forms & support) or match(verb, broad=False) is not None


def _object_of_action(token: Token, governor: Token | None) -> bool:
    """ "rejected the negotiations", "rejection of the talks": the talks are the object."""
    if governor is None or governor == token or match(governor, broad=False) is None:
        return False
    return not (
        token.dep_ == "pobj" and preposition(token.head) in SCENE_PREPS
    )  # "killed in shelling"


def _home_government(targets: list[Actor], sources: list[Actor]) -> list[Actor]:
    """ "called on the government": a bare government is the source's own, when that is known."""
    home = sources[0].actor[:3] if sources and sources[0].actor else None
    if home is None or home.startswith(("IGO", "IMG")):
        return targets
    return [
        dataclasses.replace(t, actor=home + "GOV") if _bare_government(t) else t for t in targets
    ]


def _bare_government(actor: Actor) -> bool:
    """ "the government" with no country of its own words (its code, if any, is the article's)."""
    return actor.entity is None and actor.name.lower() in (
        "government", "administration", "authorities", "regime"
    )  # fmt: skip


def _targets(
    token: Token, pattern: Pattern, context: ActorContext, governor: Token | None
) -> list[Actor]:
    uncoded = None  # the first person or body in the slots that no table knows ("Gulen")
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
            if uncoded is None and is_person(word):
                uncoded = word
    side = _words(uncoded)
    return [side] if side else []


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


def _confidence(token: Token, governor: Token | None, pattern: Pattern, planned: bool) -> float:
    """How sure the coding is: a verb of the main clause coded by a pattern written for it is
    surest; nominal triggers, plans, reported words, a verb's bare dictionary code and acts
    told in a relative or adverbial clause (the background of the sentence) are less so."""
    score = 0.9
    if pattern.pos != "verb":
        score -= 0.1
    if planned:
        score -= 0.15
    if any(t.dep_ == "ccomp" for t in climb(token)):
        score -= 0.1  # reported in someone's words
    if pattern.default:
        score -= 0.1
    if _in_background(governor or token):
        score -= 0.15
    return score


def _in_background(token: Token) -> bool:
    """Inside a relative, participial or adverbial clause: "the attack, which killed 30"."""
    node = token
    for _ in range(6):
        if node.dep_ in ("relcl", "acl", "advcl") or node.head == node:
            return node.dep_ != "ROOT"
        node = node.head
    return False


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
