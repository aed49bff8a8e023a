"""Definite descriptions and subject pronouns resolved to entities, only on clear evidence.

Rules (anything else stays unresolved):
- "the <nationality> <leader word>" ("the Mexican leader", "the Cuban president") is the one
  person entity of that country holding a government role; none or several: unresolved.
- "the <organisation word>" ("the assembly", "the ministry") is the latest organisation named
  in this or the three previous sentences whose name holds that word; "the group" /
  "the organization" is the one organisation that was the subject of a sentence in that window.
- "he"/"she" as a subject outside quotation marks is the one person named in its sentence
  before it, or else in the previous sentence; two people: unresolved.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsgraph.extractors.coreference import Cluster
from newsgraph.knowledge.actors import HEAD_WORDS
from newsgraph.knowledge.countries import country_by_demonym, normalise

if TYPE_CHECKING:
    from spacy.tokens import Doc

_ORG_HEADS = "assembly ministry agency party council committee commission union federation"
_GENERIC_HEADS = "group organization organisation movement coalition alliance association"
_ORG_DESCRIPTION = re.compile(
    rf"\b[Tt]he ({'|'.join((_ORG_HEADS + ' ' + _GENERIC_HEADS).split())})\b"
)
_LEADER = re.compile(r"\b[Tt]he ([A-Z][a-z]+) (" + "|".join(sorted(HEAD_WORDS)) + r")\b")
_WINDOW = 3  # previous sentences an organisation description may reach back to


def resolve_descriptions(doc: Doc, text: str, clusters: list[Cluster]) -> None:
    """Add the description and pronoun mentions resolved on clear evidence to ``clusters``
    (``doc`` parsed from ``text``)."""
    taken = {(m.start, m.end) for c in clusters for m in c.mentions}
    starts = [sent.start_char for sent in doc.sents]
    for match in _LEADER.finditer(text):
        country = country_by_demonym(match.group(1))
        people = [
            c for c in clusters
            if c.kind == "PERSON" and (c.actor or "")[:3] == country and _governs(c)
        ]  # fmt: skip
        if country and len(people) == 1:
            _add(people[0], match.span(), text, taken)
    for match in _ORG_DESCRIPTION.finditer(text):
        found = _organisation_for(doc, clusters, match, starts)
        if found is not None:
            _add(found, match.span(), text, taken)
    _resolve_pronouns(doc, text, clusters, taken, starts)


def _governs(cluster: Cluster) -> bool:
    return (cluster.actor or "").endswith("GOV")


def _add(cluster: Cluster, span: tuple[int, int], text: str, taken: set[tuple[int, int]]) -> None:
    if span in taken:
        return
    kind = "pronoun" if text[span[0] : span[1]].lower() in ("he", "she") else "description"
    cluster.add(span[0], span[1], text[span[0] : span[1]], kind)
    cluster.mentions.sort(key=lambda m: m.start)
    taken.add(span)


def _sentence_index(starts: list[int], offset: int) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start <= offset:
            index = i
    return index


def _organisation_for(
    doc: Doc, clusters: list[Cluster], match: re.Match[str], starts: list[int]
) -> Cluster | None:
    here = _sentence_index(starts, match.start())
    window_start = starts[max(0, here - _WINDOW)]
    head = match.group(1).lower()
    orgs = [c for c in clusters if c.kind == "ORG"]
    seen = [
        (m.start, c) for c in orgs for m in c.mentions
        if window_start <= m.start < match.start() and m.kind in ("name", "description")
    ]  # fmt: skip
    named = [(s, c) for s, c in seen if head in normalise(c.longest).split()]
    if named:
        return max(named, key=lambda pair: pair[0])[1]
    if head not in _GENERIC_HEADS.split():
        return None
    subjects = {id(c): c for s, c in seen if _is_subject(doc, s)}
    return next(iter(subjects.values())) if len(subjects) == 1 else None


def _is_subject(doc: Doc, offset: int) -> bool:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None:
        return False
    token = span[0]
    return any(t.dep_ in ("nsubj", "nsubjpass") for t in [token, *token.ancestors][:4])


def _quoted(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in re.finditer(r"“[^”]*”", text)]
    return spans + [m.span() for m in re.finditer(r'"[^"]*"', text)]


def _resolve_pronouns(
    doc: Doc,
    text: str,
    clusters: list[Cluster],
    taken: set[tuple[int, int]],
    starts: list[int],
) -> None:
    quoted = _quoted(text)
    people = [c for c in clusters if c.kind == "PERSON"]
    for token in doc:
        if token.lower_ not in ("he", "she") or token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if any(s <= token.idx < e for s, e in quoted):
            continue
        sentence = _sentence_index(starts, token.idx)
        found = _people_between(doc, people, starts[sentence], token.idx)
        if not found and sentence > 0:
            found = _people_between(doc, people, starts[sentence - 1], starts[sentence])
        if len(found) == 1:
            _add(found[0], (token.idx, token.idx + len(token.text)), text, taken)


def _people_between(doc: Doc, people: list[Cluster], start: int, end: int) -> list[Cluster]:
    """People mentioned in ``start:end`` as persons, not as a modifier ("the Castro regime")."""
    found = []
    for cluster in people:
        for mention in cluster.mentions:
            if start <= mention.start < end and not _modifier(doc, mention.start, mention.end):
                found.append(cluster)
                break
    return found


def _modifier(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("compound", "amod", "nmod")
