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
# What is demanded, by the code of the act (longest prefix first): CAMEO's 10 codes.
DEMAND_OF = {
    "0831": "1041", "081": "1051", "082": "1052", "083": "104", "084": "1053", "085": "1054",
    "086": "1055", "087": "1056", "08": "105", "04": "106", "046": "106", "05": "102",
    "06": "101", "07": "103", "071": "1031", "072": "1032", "073": "1033", "074": "1034",
}  # fmt: skip
DEMAND = "100"
# The same for appeals (CAMEO 02): "urged Russia to withdraw" asks for de-escalation, 0256.
APPEAL_OF = {
    "0831": "0241", "081": "0251", "082": "0252", "083": "024", "084": "0253", "085": "0254",
    "086": "0255", "087": "0256", "08": "025", "04": "026", "046": "026", "05": "022",
    "06": "021", "07": "023", "071": "0231", "072": "0232", "073": "0233", "074": "0234",
}  # fmt: skip
APPEAL = "020"


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
    return _asked(code, DEMAND_OF, DEMAND)


def asked_code(asking: str, asked: str) -> str:
    """A bare appeal (020) or demand (100) made specific by the act it asks for ("urged
    Russia to withdraw its troops": 0256); any other code is kept."""
    if asking == APPEAL:
        return _asked(asked, APPEAL_OF, APPEAL)
    if asking == DEMAND:
        return _asked(asked, DEMAND_OF, DEMAND)
    return asking


def _asked(code: str, table: dict[str, str], bare: str) -> str:
    for size in (4, 3, 2):
        if code[:size] in table:
            return table[code[:size]]
    return bare


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
