"""Demands and appeals by what they ask for.  Obligations: "Russia says Israel must end its
attacks" is Russia demanding (CAMEO 10) that Israel end them, not Israel ending them.

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
# What is asked for, by the code of the act (longest prefix first): the CAMEO appeal (02) and
# demand (10) for it, "urged Russia to withdraw" asking for de-escalation (0256, 1056).
ASKED = {
    "0831": ("0241", "1041"), "081": ("0251", "1051"), "082": ("0252", "1052"),
    "083": ("024", "104"), "084": ("0253", "1053"), "085": ("0254", "1054"),
    "086": ("0255", "1055"), "087": ("0256", "1056"), "08": ("025", "105"),
    "04": ("026", "106"), "05": ("022", "102"), "06": ("021", "101"), "07": ("023", "103"),
    "071": ("0231", "1031"), "072": ("0232", "1032"), "073": ("0233", "1033"),
    "074": ("0234", "1034"),
}  # fmt: skip
APPEAL, DEMAND = "020", "100"


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
    return asked_code(DEMAND, code)


def asked_code(asking: str, asked: str) -> str:
    """A bare appeal (020) or demand (100) made specific by the act it asks for ("urged
    Russia to withdraw its troops": 0256); any other code is kept."""
    if asking not in (APPEAL, DEMAND):
        return asking
    for size in (4, 3, 2):
        if asked[:size] in ASKED:
            return ASKED[asked[:size]][asking == DEMAND]
    return asking


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
