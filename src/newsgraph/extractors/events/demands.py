"""Obligations: "Russia says Israel must end its attacks" is Russia demanding (CAMEO 10) that
Israel end them, not Israel ending them.

CAMEO codes a demand by what is demanded, as it codes an appeal: a demand to yield (08) is 105,
to release people (084) 1053, to meet or negotiate (04) 106, for aid (07) 103.  An obligation
that nobody else states ("the government must act", "we must rebuild") is no event at all.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extractors.events.actors import ActorContext, actors_of
from newsgraph.extractors.events.modality import REPORTING, climb
from newsgraph.extractors.events.sources import subject_of
from newsgraph.types import Actor

OBLIGING_AUX = frozenset({"must", "should", "ought"})
OBLIGING_VERBS = frozenset({"have", "need"})  # "Israel has to stop", "needs to withdraw"
# What is demanded, by the code of the act (longest prefix first): CAMEO's 10 codes.
DEMAND_OF = {
    "0831": "1041", "081": "1051", "082": "1052", "083": "104", "084": "1053", "085": "1054",
    "086": "1055", "087": "1056", "08": "105", "04": "106", "046": "106", "05": "102",
    "06": "101", "07": "103", "071": "1031", "072": "1032", "073": "1033", "074": "1034",
}  # fmt: skip
DEMAND = "100"


def obliged(verb: Token) -> bool:
    """The clause states a duty, not an act: "must end", "should withdraw", "has to stop"."""
    if any(c.dep_ == "aux" and c.lower_ in OBLIGING_AUX for c in verb.children):
        return True
    above = verb.head
    return (
        verb.dep_ == "xcomp"
        and above.lemma_.lower() in OBLIGING_VERBS
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def demand_code(code: str) -> str:
    """The CAMEO demand for an act of this code ("084" release -> "1053")."""
    for size in (4, 3, 2):
        if code[:size] in DEMAND_OF:
            return DEMAND_OF[code[:size]]
    return DEMAND


def as_demanded(
    verb: Token, code: str, doers: list[Actor], context: ActorContext
) -> tuple[str, list[Actor], list[Actor]] | None:
    """``(code, sources, targets)`` when someone else states the duty of an act of ``code``:
    the speaker demands it of the doers; None when nobody else does (no event)."""
    clause = verb
    for node in climb(verb):
        clause = node
    said = clause.head
    if clause.dep_ != "ccomp" or said.lemma_.lower() not in REPORTING | {"tell"}:
        return None
    subject = subject_of(said)
    speakers = actors_of(subject, context) if subject is not None else []
    if not speakers or not doers:
        return None
    if {s.actor or s.name for s in speakers} & {d.actor or d.name for d in doers}:
        return None  # "Israel said it must defend itself": its own resolve, not a demand
    return demand_code(code), speakers, doers
