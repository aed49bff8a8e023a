"""How acts of force are coded: the act a violent verb's subject or scene names ("a suicide
bombing killed 20", "killed in Turkish shelling"), bombs as doers, killing by a person against
military force, force on protesters as repression, force by protesters as rioting, and
disasters that are no one's act.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extractors.events.actors import ActorContext
from newsgraph.extractors.events.lexicon import Pattern, patterns
from newsgraph.extractors.events.triggers import match, objects, prep_objects
from newsgraph.parse_labels import preposition
from newsgraph.types import Actor

VIOLENT = frozenset({"18", "19", "20"})
ACT_PREPS = frozenset({"in", "during", "by"})  # "killed in shelling", "wounded by a car bomb"
EXPLOSIVES = frozenset({"bomb", "grenade", "ied", "explosive", "mine", "landmine", "device"})


# Killing that is military force (190) when armed forces or states do it, and unconventional
# violence (180, CAMEO's "kill by physical assault" and the like) when a person does.
KILLING = frozenset(
    ["kill", "killing", "shoot", "murder", "stab", "beat", "strangle", "behead", "slay"]
)
INDIVIDUALS = frozenset(
    ["man", "woman", "gunman", "gunmen", "couple", "attacker", "assailant", "shooter", "suspect",
     "teenager", "boy", "girl", "husband", "wife", "father", "mother", "son", "neighbor",
     "neighbour", "volunteer", "student", "psychiatrist", "officer", "driver", "killer"]
)  # fmt: skip


def repression(sources: list[Actor], targets: list[Actor]) -> bool:
    """Security forces acting on protesters (CAMEO 175, use tactics of violent repression)."""
    forces = any((s.actor or "")[3:6] in ("COP", "MIL") or (s.actor or "")[:3] in ("COP", "MIL")
                 for s in sources)  # fmt: skip
    crowd = any(set(t.name.lower().split()) & PROTEST_WORDS for t in targets)
    return forces and crowd


def rioting(verb: Token, sources: list[Actor], targets: list[Actor]) -> bool:
    """Protesters using force (CAMEO 145, protest violently, riot: a demonstration that turns
    violent), unless against other protesters or with the weapons of war ("launched
    missiles" is more than a riot)."""
    crowd = bool(sources) and all(set(s.name.lower().split()) & PROTEST_WORDS for s in sources)
    armed = any(w.lemma_.lower() in WEAPONS_OF_WAR for w in objects(verb))
    return (
        crowd
        and not armed
        and not any(set(t.name.lower().split()) & PROTEST_WORDS for t in targets)
    )


WEAPONS_OF_WAR = frozenset(
    ["missile", "rocket", "shell", "mortar", "artillery", "drone", "tank", "bomb", "grenade"]
)


PROTEST_WORDS = frozenset(
    ["protesters", "protestors", "demonstrators", "marchers", "crowd", "crowds", "rioters",
     "students", "strikers", "protester", "demonstrator", "activists"]
)  # fmt: skip

MISHAPS = frozenset(
    ["crash", "accident", "storm", "flood", "earthquake", "disease", "landslide", "collapse"]
)


def individual(sources: list[Actor], context: ActorContext) -> bool:
    """The doer is a person: a named individual of the article, or a word for one."""
    if not sources:
        return False
    doer = sources[0]
    entity = context.by_id.get(doer.entity) if doer.entity else None
    if entity is not None and entity.type == "PERSON":
        return (doer.actor or "")[3:6] not in ("MIL", "REB", "GOV")
    words = doer.name.lower().split()
    return bool(words) and words[-1] in INDIVIDUALS


def act_as_subject(verb: Token, pattern: Pattern) -> tuple[Token, Pattern] | None:
    """The nominal act that is the subject of a violent verb ("a car bomb killed seven")."""
    if pattern.pos != "verb" or pattern.code[:2] not in VIOLENT:
        return None
    scene = [
        p for p in verb.children if p.dep_ in ("prep", "agent") and preposition(p) in ACT_PREPS
    ]
    nouns = [c for c in verb.children if c.dep_ == "nsubj"]
    nouns += [c for p in scene for c in p.children if c.dep_ == "pobj"]
    if verb.dep_ in ("advcl", "conj") and verb.head.pos_ == "VERB":
        # "a bomb exploded near a convoy, killing three soldiers": the bomb killed them
        nouns += [c for c in verb.head.children if c.dep_ == "nsubj"]
    for noun in nouns:
        if noun.pos_ != "NOUN":
            continue
        named = match(noun, broad=False) or _explosive(noun)
        if named is not None and named.pos == "noun" and named.code[:2] in VIOLENT:
            return noun, named
    return None


def _explosive(noun: Token) -> Pattern | None:
    """A bomb as the doer of a violent verb is a bombing (CAMEO 183; 1831 a suicide bomb, 1832
    a car bomb): the dictionary's ``&WEAPON *`` patterns for verbs of killing."""
    if noun.lemma_.lower() not in EXPLOSIVES:
        return None
    kinds = {c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod")}
    code = "1831" if "suicide" in kinds else "1832" if kinds & {"car", "truck"} else "183"
    return next(p for p in patterns() if p.code == code and p.pos == "noun")


def subject_of_violence(noun: Token) -> bool:
    """The noun is told through the violent verb it is the subject of (coded there)."""
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ not in ("nsubj", "pobj") or verb.pos_ != "VERB":
        return False
    pattern = match(verb)
    found = act_as_subject(verb, pattern) if pattern is not None else None
    return found is not None and found[0] == noun


def by_mishap(verb: Token) -> bool:
    """A violent verb whose "by" agent is an accident or a disaster, not an actor."""
    return any(a.lemma_.lower() in MISHAPS for a in prep_objects(verb, frozenset({"by", "in"})))
