"""Which mentions in one article are the same entity.

Names are clustered first, accent-, case- and hyphen-insensitively:
- equal names (after dropping titles such as "President") are one entity;
- a country, however written ("US", "the United States"), and a nationality word ("Cuban",
  "Cubans") are one entity per country and kind;
- an acronym joins the name it was defined for in parentheses;
- a person's shorter name joins the one longer name it ends with ("López Obrador",
  "Biden" -> "Joe Biden"); with two candidates it stays apart rather than guess.
Every further occurrence of a clustered name or acronym spaCy missed is then added.

Descriptions and pronouns are resolved afterwards by ``resolve_descriptions`` (see there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsgraph.extractors.mentions import NameMention
from newsgraph.knowledge.actors import ORG_WORDS, TITLE_WORDS
from newsgraph.knowledge.countries import country_by_demonym, country_by_name, normalise
from newsgraph.types import Mention

# A town with fewer people than this yields its name to a person of the same article.
_SIZEABLE_TOWN = 15_000


@dataclass
class Cluster:
    """Mentions of one entity, with what spaCy called them (a vote per mention)."""

    mentions: list[Mention] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    country: str | None = None  # set for country names and nationality words first
    kind: str | None = None  # the entity type, once decided
    actor: str | None = None

    @property
    def names(self) -> list[str]:
        return [m.text for m in self.mentions if m.kind in ("name", "acronym")]

    @property
    def longest(self) -> str:
        names = [m.text for m in self.mentions if m.kind == "name"] or self.names
        return max(names, key=lambda n: (len(n.split()), len(n)))

    def add(self, start: int, end: int, text: str, kind: str, label: str | None = None) -> None:
        self.mentions.append(Mention(start, end, text, kind))
        if label:
            self.labels.append(label)


def name_key(text: str) -> str:
    """A name without leading titles, folded for comparison ("President Biden" -> "biden")."""
    words = normalise(text).split()
    while len(words) > 1 and words[0] in TITLE_WORDS:
        words.pop(0)
    return " ".join(words)


def is_org_name(text: str) -> bool:
    """Whether the words of a name say it is an organisation."""
    return any(word in ORG_WORDS for word in normalise(text).split())


def cluster_names(text: str, mentions: list[NameMention]) -> list[Cluster]:
    """Group name and acronym mentions into clusters; longest names are placed first."""
    clusters: list[Cluster] = []
    by_span: dict[tuple[int, int], Cluster] = {}
    defined = {m.text: m.defines for m in mentions if m.defines is not None}
    order = sorted(mentions, key=lambda m: (m.kind == "acronym", -len(m.text.split()), m.start))
    for mention in order:
        cluster = by_span.get(defined.get(mention.text) or (-1, -1))
        cluster = cluster or _match(mention, clusters, by_span)
        if cluster is None:
            cluster = Cluster()
            clusters.append(cluster)
        label = mention.label
        if label in ("GPE", "LOC") and "PERSON" in cluster.labels and cluster.country is None:
            label = "PERSON"  # a surname the model took for a place, matched to its person
        if cluster.country is None and label in ("GPE", "NORP", "LOC"):
            cluster.country = _country_of(mention)
        cluster.add(mention.start, mention.end, mention.text, mention.kind, label)
        by_span[(mention.start, mention.end)] = cluster
    _add_repeats(text, clusters)
    for cluster in clusters:
        # A defined acronym tagged again later by the model is still an acronym mention.
        short = {m.text for m in cluster.mentions if m.kind == "acronym"}
        cluster.mentions = [
            Mention(m.start, m.end, m.text, "acronym") if m.text in short else m
            for m in cluster.mentions
        ]
    return clusters


def _country_of(mention: NameMention) -> str | None:
    if mention.label == "NORP":
        return country_by_demonym(mention.text)
    country = country_by_name(mention.text)
    return country.alpha3 if country else None


def _match(
    mention: NameMention, clusters: list[Cluster], by_span: dict[tuple[int, int], Cluster]
) -> Cluster | None:
    if mention.defines is not None:
        return by_span.get(mention.defines)
    country = _country_of(mention) if mention.label in ("GPE", "NORP", "LOC") else None
    if country:
        for cluster in clusters:
            if cluster.country == country and (cluster.labels[0] == "NORP") == (
                mention.label == "NORP"
            ):
                return cluster
    key = name_key(mention.text)
    for cluster in clusters:
        if any(name_key(name) == key for name in cluster.names):
            return cluster
    if mention.label in ("PERSON", "ORG") and not is_org_name(mention.text):
        return _person_by_surname(key, clusters)
    if mention.label in ("GPE", "LOC") and " " not in key and not _known_place(mention.text):
        # The small model tags some surnames as places ("Strada accused ..." after "Terry
        # Strada"); a word no country, state or sizeable town bears is the person's.
        return _person_by_surname(key, clusters)
    return None


def _known_place(name: str) -> bool:
    from newsgraph.knowledge import places
    from newsgraph.knowledge.countries import country_by_capital

    place = places.most_likely(name)
    if country_by_capital(name) or (place and place.feature != "city"):
        return True
    return bool(place and place.population >= _SIZEABLE_TOWN)


def _person_by_surname(key: str, clusters: list[Cluster]) -> Cluster | None:
    """The one person cluster whose longest name ends with ``key``, or None."""
    words = key.split()
    found = []
    for cluster in clusters:
        if "PERSON" not in cluster.labels and "ORG" not in cluster.labels:
            continue
        full = name_key(cluster.longest).split()
        if (
            len(full) > len(words)
            and full[-len(words) :] == words
            and not is_org_name(cluster.longest)
        ):
            found.append(cluster)
    return found[0] if len(found) == 1 else None


def _add_repeats(text: str, clusters: list[Cluster]) -> None:
    """Add occurrences of clustered names and acronyms that the model did not tag.

    One pass over the text finds every form at once; where forms overlap, the longest wins,
    and a form two clusters share stays with the first.
    """
    covered = bytearray(len(text))  # 1 where a mention already lies
    for cluster in clusters:
        for m in cluster.mentions:
            covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    owners: dict[str, tuple[Cluster, str]] = {}
    for cluster in clusters:
        if cluster.country is not None:
            continue  # countries and nationalities are all tagged by spaCy or are common words
        for m in cluster.mentions:
            if m.kind in ("name", "acronym") and len(m.text) >= 3:
                owners.setdefault(m.text, (cluster, m.kind))
    if not owners:
        return
    forms = "|".join(map(re.escape, sorted(owners, key=len, reverse=True)))
    for match in re.finditer(rf"(?<![\w-])(?:{forms})(?![\w-])", text):
        start, end = match.span()
        if covered.find(1, start, end) == -1:
            cluster, kind = owners[match.group()]
            cluster.add(start, end, match.group(), kind)
            covered[start:end] = b"\x01" * (end - start)
    for cluster in clusters:
        cluster.mentions.sort(key=lambda m: m.start)
