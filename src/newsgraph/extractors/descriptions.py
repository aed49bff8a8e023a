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

import bisect
import itertools
import re
from typing import TYPE_CHECKING

from newsgraph.extractors.coreference import Cluster
from newsgraph.knowledge.actors import HEAD_WORDS
from newsgraph.knowledge.countries import country_by_demonym, normalise
from newsgraph.settings import check_budget
from newsgraph.types import Mention

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
    known = _Known(text, clusters)
    starts = [sent.start_char for sent in doc.sents]
    governing: dict[str | None, list[Cluster]] = {}
    for c in clusters:
        if c.kind == "PERSON" and _governs(c):
            governing.setdefault((c.actor or "")[:3], []).append(c)
    for match in _LEADER.finditer(text):
        country = country_by_demonym(match.group(1))
        people = governing.get(country, [])
        if country and len(people) == 1:
            known.add(people[0], match.span())
    for match in _ORG_DESCRIPTION.finditer(text):
        found = _organisation_for(doc, known, match, starts)
        if found is not None:
            known.add(found, match.span())
    _resolve_pronouns(doc, text, known, starts)


def _governs(cluster: Cluster) -> bool:
    return (cluster.actor or "").endswith("GOV")


_Row = tuple[int, int, int]


class _Known:
    """The clusters' mentions that descriptions and pronouns are resolved against, sorted by
    start and kept so as resolved ones are added: a lookup reads the mentions in a window by
    bisection instead of every mention of every cluster (which was quadratic in the length of
    an article).  Rows are ``(start, end, cluster position)``."""

    def __init__(self, text: str, clusters: list[Cluster]) -> None:
        self.text = text
        self.clusters = clusters
        self.taken = {(m.start, m.end) for c in clusters for m in c.mentions}
        self._position = {id(c): i for i, c in enumerate(clusters)}
        self._sorted: set[int] = set()  # clusters whose mentions this stage has sorted
        self._words: dict[int, list[str]] = {}
        self.orgs: list[_Row] = []  # names and descriptions of organisations
        self.people: list[_Row] = []  # every mention of a person
        for i, cluster in enumerate(clusters):
            for mention in cluster.mentions:
                self._enter(i, mention)
        self.orgs.sort()
        self.people.sort()

    def _enter(self, position: int, mention: Mention, insert: bool = False) -> None:
        kind = self.clusters[position].kind
        if kind == "ORG" and mention.kind in ("name", "description"):
            rows = self.orgs
        elif kind == "PERSON":
            rows = self.people
        else:
            return
        row = (mention.start, mention.end, position)
        if insert:
            bisect.insort(rows, row)
        else:
            rows.append(row)

    def add(self, cluster: Cluster, span: tuple[int, int]) -> None:
        """Add the description or pronoun at ``span`` to ``cluster``, once."""
        if span in self.taken:
            return
        words = self.text[span[0] : span[1]]
        kind = "pronoun" if words.lower() in ("he", "she") else "description"
        cluster.add(span[0], span[1], words, kind)
        if id(cluster) in self._sorted:
            # Sorted already: inserting is what appending and a stable sort give.
            bisect.insort(cluster.mentions, cluster.mentions.pop(), key=lambda m: m.start)
        else:
            cluster.mentions.sort(key=lambda m: m.start)
            self._sorted.add(id(cluster))
        self.taken.add(span)
        mention = Mention(span[0], span[1], words, kind)
        self._enter(self._position[id(cluster)], mention, insert=True)

    @staticmethod
    def between(rows: list[_Row], start: int, end: int) -> list[_Row]:
        """The rows of mentions starting in ``start:end``."""
        return rows[bisect.bisect_left(rows, (start,)) : bisect.bisect_left(rows, (end,))]

    def longest_words(self, position: int) -> list[str]:
        if position not in self._words:
            self._words[position] = normalise(self.clusters[position].longest).split()
        return self._words[position]


def _sentence_index(starts: list[int], offset: int) -> int:
    """The index of the last sentence starting at or before ``offset`` (0 if none does)."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _organisation_for(
    doc: Doc, known: _Known, match: re.Match[str], starts: list[int]
) -> Cluster | None:
    here = _sentence_index(starts, match.start())
    window_start = starts[max(0, here - _WINDOW)]
    head = match.group(1).lower()
    seen = [(s, p) for s, _, p in known.between(known.orgs, window_start, match.start())]
    named = [(s, p) for s, p in seen if head in known.longest_words(p)]
    if named:
        # The latest; of two at one offset, the cluster listed first.
        return known.clusters[max(named, key=lambda pair: (pair[0], -pair[1]))[1]]
    if head not in _GENERIC_HEADS.split():
        return None
    subjects = {p for s, p in seen if _is_subject(doc, s)}
    return known.clusters[subjects.pop()] if len(subjects) == 1 else None


def _is_subject(doc: Doc, offset: int) -> bool:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None:
        return False
    token = span[0]
    return any(t.dep_ in ("nsubj", "nsubjpass") for t in [token, *token.ancestors][:4])


def _quoted(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in re.finditer(r"“[^”]*”", text)]
    return spans + [m.span() for m in re.finditer(r'"[^"]*"', text)]


class _Quoted:
    """Whether an offset lies inside a quotation, by bisection over the spans sorted by start
    with the furthest end reached so far (the curly and straight spans may overlap)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(itertools.accumulate((e for _, e in ordered), max))

    def __contains__(self, offset: int) -> bool:
        opened = bisect.bisect_right(self._starts, offset)
        return opened > 0 and offset < self._reach[opened - 1]


def _resolve_pronouns(doc: Doc, text: str, known: _Known, starts: list[int]) -> None:
    quoted = _Quoted(_quoted(text))
    for token in doc:
        if token.lower_ not in ("he", "she") or token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if token.idx in quoted:
            continue
        check_budget()
        sentence = _sentence_index(starts, token.idx)
        found = _people_between(doc, known, starts[sentence], token.idx)
        if not found and sentence > 0:
            found = _people_between(doc, known, starts[sentence - 1], starts[sentence])
        if len(found) == 1:
            known.add(known.clusters[found[0]], (token.idx, token.idx + len(token.text)))


def _people_between(doc: Doc, known: _Known, start: int, end: int) -> list[int]:
    """People mentioned in ``start:end`` as persons, not as a modifier ("the Castro regime"),
    as positions in ``known.clusters``."""
    found: set[int] = set()
    for mention_start, mention_end, position in known.between(known.people, start, end):
        if position not in found and not _modifier(doc, mention_start, mention_end):
            found.add(position)
    return sorted(found)


def _modifier(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("compound", "amod", "nmod")
