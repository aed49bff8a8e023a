"""The action patterns of the event coder: loading ``knowledge/data/event_patterns.tsv`` and
matching a trigger token of a spaCy parse against it.

A pattern names a trigger (part of speech and lemmas), conditions on the words around it, the
CAMEO code it stands for (and the code of its planned or promised form), and where its target
is found.  Rows are tried with the most specific first, so "urge ... lift sanctions" (0254) wins
over plain "urge" (020).  See docs/events.md for the columns.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from spacy.tokens import Token

from newsgraph.errors import ConfigError
from newsgraph.extractors.events.lexicon import Pattern, index, table_language
from newsgraph.extractors.tone import lexicon
from newsgraph.knowledge.actors import role_code
from newsgraph.knowledge.agents import find_agent
from newsgraph.parse_labels import preposition

# Dependency labels under which a clause or infinitive hangs from its trigger.
COMPLEMENTS = frozenset({"ccomp", "xcomp", "advcl", "pcomp"})
OBJECTS = frozenset({"dobj", "obj", "attr"})
MODIFIERS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod"})
PERSON_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Nouns for people and bodies, so "attacked a federal judge" reads as verbal and not military.
PERSON_NOUNS = frozenset(
    [
        "judge",
        "president",
        "candidate",
        "rival",
        "opponent",
        "critic",
        "official",
        "minister",
        "leader",
        "senator",
        "government",
        "administration",
        "party",
        "governor",
        "mayor",
        "secretary",
        "pope",
        "chancellor",
        "regime",
        "congress",
        "lawmaker",
        "journalist",
        "company",
        "nominee",
        "premier",
        "envoy",
        "ambassador",
        "delegation",
        "counterpart",
        "king",
        "queen",
    ]
)


def match(token: Token, broad: bool = True) -> Pattern | None:
    """The first pattern whose trigger and conditions the token meets, or None (also when
    that pattern says the word codes no event here).  ``broad=False`` tries the project's
    own patterns only: the structure of a sentence ("held talks" is a meeting, "rejected the
    negotiations" is about them) is read with the patterns written for it."""
    candidates = index(table_language(token.doc.lang_)).get((token.pos_, token.lemma_.lower()))
    if not candidates:
        return None
    # the coder asks about one word many times (its own trigger, a governor, an embedding
    # verb); the parse does not change meanwhile, so the answer is kept on the doc
    memo = token.doc.user_data.setdefault("newsgraph.match", {})
    key = (token.i, broad)
    if key not in memo:
        memo[key] = _first(token, candidates, broad)
    return memo[key]


def _first(token: Token, candidates: tuple[Pattern, ...], broad: bool) -> Pattern | None:
    nearby: set[str] | None = None
    for pattern, need in _with_needs(candidates, table_language(token.doc.lang_)):
        if not broad and pattern.source != "project":
            continue
        if need is not None:
            # a dictionary verb has hundreds of phrase patterns, nearly all about words that
            # are not near it: one set operation rules each of those out
            if nearby is None:
                nearby = set().union(*(forms for _, forms in _near(token).values()))
            if need.isdisjoint(nearby):
                continue
        if all(_holds(token, name, words) for name, words in pattern.requires):
            return None if pattern.no_event else pattern
    return None


_PAIRED: dict[int, tuple[tuple[Pattern, frozenset[str] | None], ...]] = {}


def _with_needs(
    candidates: tuple[Pattern, ...], language: str
) -> tuple[tuple[Pattern, frozenset[str] | None], ...]:
    """The candidates, each with the words one of which must be near the verb (or None),
    paired once per candidate list (the index keeps its lists for the life of the process)."""
    paired = _PAIRED.get(id(candidates))
    if paired is None:
        needs = _word_needs(language)
        paired = tuple((p, needs.get(id(p))) for p in candidates)
        _PAIRED[id(candidates)] = paired
    return paired


@functools.cache
def _word_needs(language: str) -> dict[int, frozenset[str]]:
    """For each pattern of the index with a condition on the words near the verb, the words
    one of which must be near it (its first such condition's phrase heads), by ``id``."""
    found: dict[int, frozenset[str]] = {}
    for candidates in index(language).values():
        for pattern in candidates:
            for name, words in pattern.requires:
                if words and (name in ("post", "particle", "subj") or name.startswith("pp:")):
                    found[id(pattern)] = _heads(words)
                    break
    return found


def objects(token: Token) -> list[Token]:
    """The direct objects of a trigger (with their conjuncts)."""
    found = [child for child in token.children if child.dep_ in OBJECTS]
    return found + [conj for obj in found for conj in obj.conjuncts]


def affected(token: Token) -> list[Token]:
    """What the action is done to: its objects, or the subject of its passive ("evidence
    against Russia was presented"); for "some of the peacekeepers", the peacekeepers."""
    found = objects(token) or [c for c in token.children if c.dep_ == "nsubjpass"]
    return [part for word in found for part in _parts(word)]


def _parts(word: Token) -> list[Token]:
    if word.lemma_.lower() not in QUANTIFIERS:
        return [word]
    return [word, *prep_objects(word, frozenset({"of"}))]


def complements(token: Token) -> list[Token]:
    """Clauses and infinitives below a trigger, following "to" and "on" prepositions too."""
    found = [child for child in token.children if child.dep_ in COMPLEMENTS]
    for prep in token.children:
        if prep.dep_ in ("prep", "prt"):
            found += [c for c in prep.children if c.dep_ in ("pcomp", "pobj") and c.pos_ == "VERB"]
    for obj in objects(token):  # "urged the US to lift ..." may hang the clause on the object
        found += [c for c in obj.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]
    return found + [conj for comp in found for conj in comp.conjuncts]


def prep_objects(token: Token, prepositions: frozenset[str]) -> Iterator[Token]:
    """Objects of the given prepositions (or particles) attached to the token."""
    for child in token.children:
        if child.dep_ in ("prep", "prt", "agent", "dative") and preposition(child) in prepositions:
            for grandchild in child.children:
                if grandchild.dep_ in ("pobj", "pcomp"):
                    yield grandchild
                    yield from grandchild.conjuncts


# People as such, for the codes done to people (held, freed, fired): "freed 50 prisoners".
PEOPLE_NOUNS = frozenset(
    [
        "prisoner", "hostage", "detainee", "captive", "inmate", "people", "person", "man", "woman",
        "child", "civilian", "journalist", "activist", "student", "migrant", "refugee", "worker",
        "employee", "staff", "executive", "director", "manager", "coach", "aide", "adviser",
        "advisor",
        "officer", "soldier", "citizen", "national", "member", "suspect", "dissident", "protester",
        "protestor", "demonstrator", "fighter", "militant", "rebel", "sailor", "pilot", "crew",
        "fisherman", "tourist", "passenger", "chief", "victim", "captive", "abductee",
    ]
)  # fmt: skip
PROTESTERS = frozenset(
    ["protester", "protestor", "demonstrator", "marcher", "activist", "crowd", "thousand",
     "hundred", "dozen", "supporter", "striker", "rioter", "opponent"]
)  # fmt: skip
STATE_ROLES = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
PLACE_NOUNS = frozenset(
    ["city", "town", "village", "territory", "region", "province", "base", "airport", "port",
     "island", "peninsula", "district", "area", "capital", "border", "hill", "stronghold",
     "outpost", "checkpoint", "crossing", "field", "bridge", "land", "enclave"]
)  # fmt: skip
# Those one speaks to without consulting them.
AUDIENCES = frozenset(
    ["reporter", "journalist", "press", "crowd", "supporter", "audience", "medium", "voter",
     "student", "people", "rally", "television", "radio", "newspaper", "camera"]
)  # fmt: skip
QUANTIFIERS = frozenset(["some", "many", "all", "most", "part", "hundred", "dozen", "thousand"])
# Words of violence: weapons, casualties and armed men.  Without any, "an attack on Trump" is
# one of words.
VIOLENCE = frozenset(
    [
        "kill", "wound", "injure", "die", "dead", "death", "bomb", "gun", "shoot", "shot", "stab",
        "knife", "troop", "militant", "rebel", "soldier", "weapon", "explosive", "rocket",
        "missile",
        "gunman", "gunmen", "armed", "grenade", "blast", "explosion", "casualty", "fire", "firearm",
        "rifle", "army", "military", "terrorist", "insurgent", "airstrike", "shell",
    ]
)  # fmt: skip


# Dependents after a verb that a dictionary pattern's words may stand for: objects, particles,
# predicatives, and the subject of a passive ("grenades were hurled").  Never a verb: the
# dictionary's patterns hold no verbs, so "said that Iraq attacked" is no "attack" noun.
AFTER = frozenset(
    ["dobj", "obj", "attr", "oprd", "acomp", "prt", "advmod", "dative", "nsubjpass", "npadvmod",
     "prep", "dep"]
)  # fmt: skip


def _after(token: Token) -> list[Token]:
    found = [c for c in token.children if c.dep_ in AFTER and c.pos_ not in ("VERB", "AUX")]
    return found + [conj for word in found for conj in word.conjuncts]


def _doers(token: Token) -> list[Token]:
    """The subject of a verb, or the "by" agent of its passive."""
    found = [c for c in token.children if c.dep_ in ("nsubj", "csubj")]
    return found + list(prep_objects(token, frozenset({"by"})))


def _phrase(word: Token, phrases: frozenset[str]) -> bool:
    """The word heads one of the phrases ("car bomb": "bomb", with "car" below it)."""
    forms = {word.lemma_.lower(), word.lower_}
    for phrase in phrases:
        *modifiers, head = phrase.split()
        if head in forms and (not modifiers or _below(word, modifiers)):
            return True
    return False


def _below(word: Token, modifiers: list[str]) -> bool:
    subtree = {t.lower_ for t in word.subtree} | {t.lemma_.lower() for t in word.subtree}
    return all(m in subtree for m in modifiers)


def _lemmas(tokens: Iterator[Token] | list[Token]) -> set[str]:
    return {token.lemma_.lower() for token in tokens}


@functools.cache
def _heads(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(phrase.rsplit(" ", 1)[-1] for phrase in phrases)


def _near(token: Token) -> dict[str, tuple[list[Token], set[str]]]:
    """The words dictionary patterns look at around a verb, found once per verb: what
    follows it, its doers, and the objects of each preposition on it or on its object; each
    with the set of their forms (lowercase and lemma)."""
    memo = token.doc.user_data.setdefault("newsgraph.near", {})
    if token.i not in memo:
        found: dict[str, list[Token]] = {"post": _after(token), "subj": _doers(token)}
        for head in [token, *affected(token)]:
            for child in head.children:
                if child.dep_ in ("prep", "prt", "agent", "dative"):
                    pobjs = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                    found.setdefault("pp:" + preposition(child), []).extend(
                        pobjs + [c for g in pobjs for c in g.conjuncts]
                    )
        memo[token.i] = {key: (words, _forms(words)) for key, words in found.items()}
    return memo[token.i]


def _forms(words: list[Token]) -> set[str]:
    return {w.lower_ for w in words} | {w.lemma_.lower() for w in words}


def _holds(token: Token, name: str, words: frozenset[str]) -> bool:
    if name in ("post", "particle", "subj") or name.startswith("pp:"):
        near = _near(token)
        if name.startswith("pp:") and not words:
            return name in near  # "(FOR)": the preposition alone
        found, forms = near.get("post" if name == "particle" else name, ([], set()))
        if not _heads(words) & forms:
            return False  # no word heads any of the phrases: the common case, cheaply
        return any(_phrase(word, words) for word in found)
    if name == "obj":
        return bool(_lemmas(affected(token)) & words)
    if name == "mod":  # "a suicide bombing", "military aid"
        return any(
            c.dep_ in MODIFIERS and (c.lemma_.lower() in words or c.lower_ in words)
            for c in token.children
        )
    if name == "hasobj":  # a passive's subject stands for the object: "was returned to Peru"
        return bool(affected(token))
    if name == "calm":
        return not any(t.lemma_.lower() in VIOLENCE for t in token.sent)
    if name == "onkind":
        heads = [token, *objects(token)]  # "attacked ... on", "launched an attack on"
        aims = [w for h in heads for w in prep_objects(h, frozenset({"on", "against"}))]
        return any(_is_human(w) for w in aims)
    if name == "withkind":  # "spoke with Putin", not "spoke to reporters"
        heads = [token, *objects(token)]  # "opened its borders to refugees"
        partners = [w for h in heads for w in prep_objects(h, frozenset({"with", "to"}))]
        return any(is_person(w) and w.lemma_.lower() not in AUDIENCES for w in partners)
    if name == "named":  # "called the ambassador a very stupid guy": name-calling
        return any(_valence(phrase) in words for phrase in _names_given(token))
    if name == "subjkind":  # "protesters gathered"; "farmers blocked the roads"
        civilian = "civilian" in words
        return any(_protesting(d, civilian) for d in _doers(token))
    if name == "noobj":
        return not objects(token)
    if name == "converse":  # not a condition: the roles are swapped once found
        return True
    if name == "comp":
        comps = complements(token)
        # "to help identify" is sometimes parsed with "help" as an auxiliary of "identify"
        verbs = [*comps, *(c for comp in comps for c in comp.children if c.dep_ == "aux")]
        return bool(comps) and ("*" in words or bool(_lemmas(verbs) & words))
    if name == "compobj":
        return any(_lemmas(objects(comp)) & words for comp in complements(token))
    if name == "prep":
        return any(
            c.dep_ in ("prep", "prt", "agent") and preposition(c) in words for c in token.children
        )
    if name in ("by", "in", "against", "on", "for"):
        return bool(_lemmas(prep_objects(token, frozenset({name}))) & words)
    if name == "of":  # "accused China of hacking", "accused the minister of corruption"
        heads = [token, *objects(token)]
        found = [
            t for h in heads for pobj in prep_objects(h, frozenset({"of"})) for t in pobj.subtree
        ]
        return bool(_lemmas(found) & words) or any(t.lower_ in words for t in found)
    if name == "compmood":
        return any(_demanded(comp) for comp in complements(token))
    if name == "whomkind":
        subjects = [c for comp in complements(token) for c in comp.children if c.dep_ == "nsubj"]
        return any(is_person(word) for word in [*objects(token), *subjects])
    if name == "objkind":  # people can be acted on in the passive too: "were released"
        if "place" in words:
            return any(_is_place(obj) for obj in affected(token))
        if "human" in words:
            return any(_is_human(obj) for obj in affected(token))
        return any(is_person(obj) for obj in objects(token))
    raise ConfigError(f"event_patterns.tsv: unknown condition {name!r}")


def _demanded(verb: Token) -> bool:
    """A clause in the mood of a demand: bare verb ("that the US lift") or must/should."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.tag_ == "VB" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return bool(subjects)
    if verb.tag_ == "VBP" and subjects and subjects[0].tag_ in ("NN", "NNP"):
        return True  # "that Spain return": no -s with a singular subject, so subjunctive
    return any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in verb.children)


def _names_given(verb: Token) -> list[list[Token]]:
    """What a verb calls its object: "called him *a liar*", "called the minister *nasty*"."""
    found = [list(c.subtree) for c in verb.children if c.dep_ == "oprd"]
    for obj in objects(verb):
        found += [list(c.subtree) for c in obj.children if c.dep_ == "appos"]
    return found


def _valence(words: list[Token]) -> str:
    """ "positive" or "negative" by VADER's word valences, else "neutral"."""
    table = lexicon()
    score = sum(table.get(w.lower_, table.get(w.lemma_.lower(), 0.0)) for w in words)
    return "negative" if score <= -1.0 else "positive" if score >= 1.0 else "neutral"


def _is_place(token: Token) -> bool:
    """A country, town or piece of land: "seized Crimea", "captured the town"."""
    return token.ent_type_ in ("GPE", "LOC", "FAC") or token.lemma_.lower() in PLACE_NOUNS


def _is_human(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return token.ent_type_ == "PERSON" or lemma in PERSON_NOUNS or lemma in PEOPLE_NOUNS


def _protesting(doer: Token, civilian: bool) -> bool:
    """Protesters or a crowd; with ``civilian``, also a group of people who are no arm of a
    state (farmers, truckers, residents), as those who block roads in protest are."""
    if doer.lemma_.lower() in PROTESTERS:
        return True
    agent = find_agent(doer.text) if civilian else None
    return agent is not None and not agent.prefix and agent.code[:3] not in STATE_ROLES


def is_person(token: Token) -> bool:
    """A person, a body or a country: someone an action can be aimed at."""
    if token.ent_type_ in PERSON_LABELS or token.lemma_.lower() in PERSON_NOUNS:
        return True
    # "dissidents", "rebels", "troops"; the dictionary's agent nouns ("refugees", "farmers")
    return role_code(token.text) is not None or find_agent(token.text) is not None
