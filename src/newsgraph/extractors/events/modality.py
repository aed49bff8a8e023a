"""Whether an action a sentence mentions happened: negation, modality, conditions, questions.

The event coder asks these of a trigger word (or the verb carrying it): "has not accepted" and
"refused to praise" are negated, "might want" uncertain, "if Russia attacks" conditional, "will
hold talks" and "pledged to expel" planned, "will continue to insist" ongoing; a sentence ending
in "?" or opening "Why had ..." is asked, one opening "Say Mexico demanded ..." imagined.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from newsgraph.extractors.events.lines import same_line
from newsgraph.extractors.events.triggers import match

NEGATING = frozenset(
    ["refuse", "decline", "fail", "deny", "avoid", "stop", "cease", "reject", "prevent", "bar",
     "ban", "block", "forbid", "prohibit"]
)  # fmt: skip
INTENDING = frozenset(
    [
        "plan",
        "intend",
        "want",
        "seek",
        "hope",
        "expect",
        "aim",
        "pledge",
        "promise",
        "vow",
        "agree",
        "offer",
        "prepare",
        "schedule",
        "propose",
        "try",
        "attempt",
        "wish",
        "set",
        "threaten",
        # "is willing to withdraw", "ready to contribute", "committed to opening"
        "willing",
        "ready",
        "prepared",
        "committed",
        "eager",
        "determined",
        "poised",
        "keen",
    ]
)
AGREEING = frozenset({"agree", "acordar", "pactar"})  # "acordaron una tregua": the truce
# The same in Spanish: "anunciaron una huelga", "convocaron a un paro", "amenazaron con marchar".
INTENDING_BY_LANGUAGE = {
    "es": frozenset(
        ["anunciar", "convocar", "planear", "planificar", "prometer", "amenazar", "preparar",
         "decidir", "intentar", "proponer", "querer", "buscar", "esperar", "prever", "pretender",
         "acordar", "aprobar", "programar", "proyectar", "advertir", "comprometer", "ofrecer",
         "aceptar", "tratar", "procurar", "desear", "pensar", "estudiar", "considerar", "dispuesto",
         "listo", "preparado", "decidido", "anunciado", "previsto", "programado", "convocado"]
    ),
}  # fmt: skip
EMBEDDING = frozenset({"ccomp", "xcomp", "pcomp", "pobj", "prep", "dobj"})
ONGOING = frozenset({"continue", "keep", "remain"})
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "should"})
UNCERTAIN_AUX = frozenset({"may", "might", "could", "can"})
HYPOTHETICAL = frozenset({"say", "suppose", "imagine", "assume"})
WH_WORDS = frozenset({"why", "how", "what", "when", "where", "who"})
CONDITIONS = frozenset({"if", "unless", "whether"})
FUTURE_ADJ = frozenset({"upcoming", "planned", "proposed", "future", "possible", "next"})


def question(sentence: Span) -> bool:
    """Asked, not reported: ends with "?" or opens "Why had ...", "How did ..."."""
    if sentence.text.rstrip(" \n\"'”’)").endswith("?"):
        return True
    return len(sentence) > 1 and sentence[0].lower_ in WH_WORDS and sentence[1].pos_ == "AUX"


def hypothetical(sentence: Span) -> bool:
    """ "Say Mexico demanded ...", "Suppose the talks fail": a case imagined, not reported."""
    first = sentence[0]
    return (
        first.lemma_.lower() in HYPOTHETICAL
        and first.text[:1].isupper()
        and (first.tag_ == "VB" or first.dep_ in ("aux", "ROOT"))
    )


def climb(token: Token) -> Iterator[Token]:
    """The token and the verbs it is an infinitive or coordinate of, up to its clause."""
    yield token
    for _ in range(4):
        if token.dep_ not in ("xcomp", "conj", "pcomp", "prep", "acomp") or token.head == token:
            return
        if not same_line(token, token.head):
            return
        token = token.head
        yield token


def negated(token: Token) -> bool:
    """Said not to happen: "has not accepted", "no talks", "refused to praise"."""
    nearby = (*token.children, *token.head.children)
    if token.pos_ == "NOUN" and any(c.lower_ in ("no", "not") for c in nearby):
        return True  # "not of support", "no talks"
    below = token
    for verb in climb(token):
        if any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in verb.children):
            return True
        if below.dep_ in ("xcomp", "prep") and verb.lemma_.lower() in NEGATING:
            return True  # "refused to praise", "prevented them from attending"
        below = verb
    return False


def embedded(token: Token) -> bool:
    """An action inside another coded action ("insist that the US lift ...", "accused X of
    attacking Y") is what that action is about, not an event of its own."""
    node = token
    for _ in range(4):
        if node.dep_ not in EMBEDDING or node.head == node:
            return False
        node = node.head
        if node.pos_ in ("VERB", "ADJ") and _about_something(node):
            return True
    return False


# Verbs that tell what happened; what they tell is read by events.sources.as_reported.
REPORTING = frozenset({"say", "claim", "allege", "charge", "insist", "state", "report", "admit"})


def _about_something(verb: Token) -> bool:
    """A coded action that another can be the content of: one of the project's patterns, or
    a dictionary act done in words ("pressed Ukraine to sign": the signing is asked for)."""
    if match(verb, broad=False) is not None:
        return True
    if verb.lemma_.lower() in REPORTING:
        return False  # "Russia claimed its troops attacked": told, read as a claim of the act
    pattern = match(verb)
    return pattern is not None and pattern.code[:2] in ("02", "10", "11", "12", "13")


def uncertain(token: Token) -> bool:
    """ "might want", "could attack": a possibility, not an action or a stated plan."""
    return any(
        c.dep_ == "aux" and c.lower_ in UNCERTAIN_AUX
        for verb in climb(token)
        for c in verb.children
    )


def conditional(token: Token) -> bool:
    """Under "if", "unless" or "whether": a condition, not a report."""
    node = token
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in node.children):
            return True
        if node.head == node:
            return False
        node = node.head
    return False


WISHING = frozenset({"want", "hope", "wish", "seek", "try", "attempt", "expect", "aim"})


def wished(token: Token) -> bool:
    """Wanted, hoped for or tried, rather than resolved on: "wants to impose", "hopes to
    meet" (a threat needs the resolve "will", "plans to" or "vowed to" state)."""
    return any(verb != token and verb.lemma_.lower() in WISHING for verb in climb(token))


def future(token: Token) -> bool:
    """Planned, promised or to come: "will hold talks", "pledged to expel", "talks that will
    take place"; "will continue to insist" is ongoing, not planned."""
    intending = INTENDING_BY_LANGUAGE.get(token.doc.lang_, INTENDING)
    for verb in climb(token):
        if verb.lemma_.lower() in ONGOING:
            return False
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in verb.children):
            return True
        if "Fut" in verb.morph.get("Tense", []):  # "marcharán": a future of its own (Spanish)
            return True
        if verb != token and verb.lemma_.lower() in intending:
            return True
        if verb != token and verb.lower_ == "open":
            return True
    if token.pos_ == "NOUN":
        planning = token.head.lemma_.lower() in intending - AGREEING
        if planning and token.dep_ in ("dobj", "obj"):
            # "offering further military support", "pledged cooperation"; but "agreed a
            # ceasefire" is the truce itself
            return True
        if any(child.lower_ in FUTURE_ADJ for child in token.children):
            return True
        for word in token.subtree:  # "talks ... that will take place tomorrow"
            if word.dep_ == "relcl" and any(c.lower_ in FUTURE_AUX for c in word.children):
                return True
    return False
