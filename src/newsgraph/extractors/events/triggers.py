"""The action patterns of the event coder: loading ``knowledge/data/event_patterns.tsv`` and
matching a trigger token of a spaCy parse against it.

A pattern names a trigger (part of speech and lemmas), conditions on the words around it, the
CAMEO code it stands for (and the code of its planned or promised form), and where its target
is found.  Rows are tried with the most specific first, so "urge ... lift sanctions" (0254) wins
over plain "urge" (020).  See docs/events.md for the columns.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Token

from newsgraph.errors import ConfigError
from newsgraph.knowledge.actors import role_code
from newsgraph.knowledge.cameo import cameo_table

# Dependency labels under which a clause or infinitive hangs from its trigger.
COMPLEMENTS = frozenset({"ccomp", "xcomp", "advcl", "pcomp"})
OBJECTS = frozenset({"dobj", "obj", "attr"})
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
POS = {"verb": ("VERB", "AUX"), "noun": ("NOUN", "PROPN"), "adj": ("ADJ",)}


@dataclass(frozen=True)
class Pattern:
    """One row of the pattern table."""

    code: str
    intent: str
    pos: str
    lemmas: frozenset[str]
    requires: tuple[tuple[str, frozenset[str]], ...]
    target: tuple[str, ...]
    symmetric: bool
    example: str
    expected: tuple[str, str] = ("-", "-")  # country codes the example must give

    @property
    def converse(self) -> bool:
        """ "received weapons from the US": the one named by the target slot acts."""
        return any(name == "converse" for name, _ in self.requires)

    def intent_code(self) -> str | None:
        """The code of the action when it is only planned; None when not coded then."""
        return None if self.intent == "-" else self.code if self.intent == "=" else self.intent


def _parse(row: dict[str, str], line: int) -> Pattern:
    table = cameo_table()
    for code in (row["code"], row["intent"]):
        if code not in ("-", "=") and code not in table:
            raise ConfigError(f"event_patterns.tsv line {line}: unknown CAMEO code {code!r}")
    if row["pos"] not in POS:
        raise ConfigError(f"event_patterns.tsv line {line}: unknown part of speech {row['pos']!r}")
    requires = []
    for condition in row["requires"].split(";"):
        if condition and condition != "-":
            name, _, words = condition.partition("=")  # "noobj" has no words
            requires.append((name, frozenset(words.split("|"))))
    return Pattern(
        code=row["code"],
        intent=row["intent"],
        pos=row["pos"],
        lemmas=frozenset(row["lemmas"].split("|")),
        requires=tuple(requires),
        target=tuple(row["target"].split("|")) if row["target"] != "-" else (),
        symmetric=row["sym"] == "yes",
        example=row["example"],
        expected=(row["source"], row["target_actor"]),
    )


@functools.cache
def patterns() -> tuple[Pattern, ...]:
    """Every pattern in the table, most specific first (more conditions first)."""
    text = resources.files("newsgraph.knowledge").joinpath("data/event_patterns.tsv")
    lines = [ln for ln in text.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    rows = [_parse(row, n) for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), 2)]
    return tuple(sorted(rows, key=lambda p: -len(p.requires)))


@functools.cache
def _index() -> dict[tuple[str, str], tuple[Pattern, ...]]:
    index: dict[tuple[str, str], list[Pattern]] = {}
    for pattern in patterns():
        for tag in POS[pattern.pos]:
            for lemma in pattern.lemmas:
                index.setdefault((tag, lemma), []).append(pattern)
    return {key: tuple(value) for key, value in index.items()}


def match(token: Token) -> Pattern | None:
    """The first pattern whose trigger and conditions the token meets, or None."""
    candidates = _index().get((token.pos_, token.lemma_.lower()))
    if not candidates:
        return None
    for pattern in candidates:
        if all(_holds(token, name, words) for name, words in pattern.requires):
            return pattern
    return None


def objects(token: Token) -> list[Token]:
    """The direct objects of a trigger (with their conjuncts)."""
    found = [child for child in token.children if child.dep_ in OBJECTS]
    return found + [conj for obj in found for conj in obj.conjuncts]


def affected(token: Token) -> list[Token]:
    """What the action is done to: its objects, or the subject of its passive ("evidence
    against Russia was presented")."""
    return objects(token) or [c for c in token.children if c.dep_ == "nsubjpass"]


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
        if child.dep_ in ("prep", "prt", "agent", "dative") and child.lower_ in prepositions:
            for grandchild in child.children:
                if grandchild.dep_ in ("pobj", "pcomp"):
                    yield grandchild
                    yield from grandchild.conjuncts


def _lemmas(tokens: Iterator[Token] | list[Token]) -> set[str]:
    return {token.lemma_.lower() for token in tokens}


def _holds(token: Token, name: str, words: frozenset[str]) -> bool:
    if name == "obj":
        return bool(_lemmas(affected(token)) & words)
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
        return any(c.dep_ in ("prep", "prt", "agent") and c.lower_ in words for c in token.children)
    if name in ("by", "in", "against"):
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
        return any(_is_person(word) for word in [*objects(token), *subjects])
    if name == "objkind":
        check = _is_human if "human" in words else _is_person
        return any(check(obj) for obj in objects(token))
    raise ConfigError(f"event_patterns.tsv: unknown condition {name!r}")


def _demanded(verb: Token) -> bool:
    """A clause in the mood of a demand: bare verb ("that the US lift") or must/should."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.tag_ == "VB" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return bool(subjects)
    if verb.tag_ == "VBP" and subjects and subjects[0].tag_ in ("NN", "NNP"):
        return True  # "that Spain return": no -s with a singular subject, so subjunctive
    return any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in verb.children)


def _is_human(token: Token) -> bool:
    return token.ent_type_ == "PERSON" or token.lemma_.lower() in PERSON_NOUNS


def _is_person(token: Token) -> bool:
    """A person, a body or a country: someone an action can be aimed at."""
    if token.ent_type_ in PERSON_LABELS or token.lemma_.lower() in PERSON_NOUNS:
        return True
    return role_code(token.text) is not None  # "dissidents", "rebels", "troops"
