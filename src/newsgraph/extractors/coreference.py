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
from collections.abc import Iterator
from dataclasses import dataclass, field

from newsgraph.extractors.identity import genders_differ, honorific_before
from newsgraph.extractors.mentions import NameMention
from newsgraph.knowledge.actors import ORG_WORDS, TITLE_WORDS
from newsgraph.knowledge.countries import country_by_demonym, country_by_name, normalise
from newsgraph.settings import check_budget
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
    honorifics: list[str] = field(default_factory=list)  # "Mr. Clinton": names as addressed

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
    index = _ClusterIndex()
    by_span: dict[tuple[int, int], Cluster] = {}
    defined = {m.text: m.defines for m in mentions if m.defines is not None}
    order = sorted(mentions, key=lambda m: (m.kind == "acronym", -len(m.text.split()), m.start))
    for mention in order:
        check_budget()
        cluster = by_span.get(defined.get(mention.text) or (-1, -1))
        shown = honorific_before(text, mention.start) + mention.text
        cluster = cluster or _match(mention, index, by_span, shown)
        if cluster is None:
            cluster = index.new()
        if shown != mention.text:
            cluster.honorifics.append(shown)
        label = mention.label
        person = index.has_label(cluster, "PERSON")
        if label in ("GPE", "LOC") and person and cluster.country is None:
            label = "PERSON"  # a surname the model took for a place, matched to its person
        if cluster.country is None and label in ("GPE", "NORP", "LOC"):
            cluster.country = _country_of(mention)
        index.add(cluster, mention, label)
        by_span[(mention.start, mention.end)] = cluster
    clusters = index.clusters
    _add_repeats(text, clusters)
    for cluster in clusters:
        # A defined acronym tagged again later by the model is still an acronym mention.
        short = {m.text for m in cluster.mentions if m.kind == "acronym"}
        cluster.mentions = [
            Mention(m.start, m.end, m.text, "acronym") if m.text in short else m
            for m in cluster.mentions
        ]
    return clusters


class _ClusterIndex:
    """The clusters being built, with lookups by name key, country and surname.

    Matching a mention used to scan every cluster and every name in it, which made clustering
    quadratic in the length of an article.  The index answers the same questions (the first
    cluster, in creation order, holding a name key; the first of a country; the person
    clusters whose longest name ends with a word) from dictionaries kept up to date as
    mentions are added.  ``longest`` is kept incrementally with ``Cluster.longest``'s rule.
    """

    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self._position: dict[int, int] = {}  # id(cluster) -> creation order
        self._labels: dict[int, set[str]] = {}
        self._by_key: dict[str, int] = {}  # name key -> first cluster holding it
        self._by_country: dict[tuple[str, bool], int] = {}  # (country, is NORP) -> first
        self._countries: set[int] = set()  # clusters entered in _by_country
        self._best: dict[int, tuple[str | None, str | None]] = {}  # longest name, any name
        self._longest: dict[int, str] = {}  # what Cluster.longest gives, kept as names come
        self._longest_key: dict[int, list[str]] = {}
        self._by_last_word: dict[str, set[int]] = {}  # last word of longest key -> clusters

    def new(self) -> Cluster:
        cluster = Cluster()
        self._position[id(cluster)] = len(self.clusters)
        self._labels[id(cluster)] = set()
        self._best[id(cluster)] = (None, None)
        self.clusters.append(cluster)
        return cluster

    def has_label(self, cluster: Cluster, label: str) -> bool:
        return label in self._labels[id(cluster)]

    def add(self, cluster: Cluster, mention: NameMention, label: str | None) -> None:
        """``cluster.add`` the mention, then bring the lookups up to date."""
        cluster.add(mention.start, mention.end, mention.text, mention.kind, label)
        ident, position = id(cluster), self._position[id(cluster)]
        if label:
            self._labels[ident].add(label)
        if cluster.country is not None and ident not in self._countries and cluster.labels:
            # A cluster's country and first label never change once set.
            self._countries.add(ident)
            country_key = (cluster.country, cluster.labels[0] == "NORP")
            if self._by_country.get(country_key, position) >= position:
                self._by_country[country_key] = position
        if mention.kind not in ("name", "acronym"):
            return
        key = name_key(mention.text)
        if self._by_key.get(key, position) >= position:
            self._by_key[key] = position
        self._update_longest(cluster, mention)

    def _update_longest(self, cluster: Cluster, mention: NameMention) -> None:
        def rank(name: str) -> tuple[int, int]:
            return len(name.split()), len(name)

        ident = id(cluster)
        best_name, best_any = self._best[ident]
        if best_any is None or rank(mention.text) > rank(best_any):
            best_any = mention.text
        if mention.kind == "name" and (best_name is None or rank(mention.text) > rank(best_name)):
            best_name = mention.text
        self._best[ident] = (best_name, best_any)
        longest = best_name or best_any or ""
        if self._longest.get(ident) == longest:
            return
        self._longest[ident] = longest
        full = name_key(longest).split()
        old = self._longest_key.get(ident)
        if old == full:
            return
        if old:
            self._by_last_word[old[-1]].discard(ident)
        self._longest_key[ident] = full
        if full:
            self._by_last_word.setdefault(full[-1], set()).add(ident)

    def by_key(self, key: str) -> Cluster | None:
        """The first cluster holding a name or acronym whose ``name_key`` is ``key``."""
        position = self._by_key.get(key)
        return None if position is None else self.clusters[position]

    def by_country(self, country: str, norp: bool) -> Cluster | None:
        """The first cluster of ``country`` that is (or is not) a nationality word."""
        position = self._by_country.get((country, norp))
        return None if position is None else self.clusters[position]

    def person_by_surname(self, key: str) -> Cluster | None:
        """The one person cluster whose longest name ends with ``key``, or None."""
        words = key.split()
        if not words:
            return None
        found = []
        for ident in self._by_last_word.get(words[-1], ()):
            cluster = self.clusters[self._position[ident]]
            labels = self._labels[ident]
            if "PERSON" not in labels and "ORG" not in labels:
                continue
            full = self._longest_key[ident]
            if (
                len(full) > len(words)
                and full[-len(words) :] == words
                and not is_org_name(self._longest[ident])
            ):
                found.append(cluster)
                if len(found) > 1:
                    return None
        return found[0] if found else None


def _country_of(mention: NameMention) -> str | None:
    if mention.label == "NORP":
        return country_by_demonym(mention.text)
    country = country_by_name(mention.text)
    return country.alpha3 if country else None


def _match(
    mention: NameMention,
    index: _ClusterIndex,
    by_span: dict[tuple[int, int], Cluster],
    shown: str = "",
) -> Cluster | None:
    if mention.defines is not None:
        return by_span.get(mention.defines)
    country = _country_of(mention) if mention.label in ("GPE", "NORP", "LOC") else None
    if country:
        found = index.by_country(country, mention.label == "NORP")
        if found is not None:
            return found
    key = name_key(mention.text)
    found = index.by_key(key)
    if found is not None and not genders_differ(shown, found.longest):
        return found
    if mention.label in ("PERSON", "ORG") and not is_org_name(mention.text):
        found = index.person_by_surname(key)
        # "Mr. Clinton" beside "Hillary Clinton" is another Clinton.
        return None if found and genders_differ(shown, found.longest) else found
    if mention.label in ("GPE", "LOC") and " " not in key and not _known_place(mention.text):
        # The small model tags some surnames as places ("Strada accused ..." after "Terry
        # Strada"); a word no country, state or sizeable town bears is the person's.
        return index.person_by_surname(key)
    return None


def _known_place(name: str) -> bool:
    from newsgraph.knowledge import places
    from newsgraph.knowledge.countries import country_by_capital

    place = places.most_likely(name)
    if country_by_capital(name) or (place and place.feature != "city"):
        return True
    return bool(place and place.population >= _SIZEABLE_TOWN)


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
    for start, form in _occurrences(text, sorted(owners, key=len, reverse=True)):
        end = start + len(form)
        if covered.find(1, start, end) == -1:
            cluster, kind = owners[form]
            cluster.add(start, end, form, kind)
            covered[start:end] = b"\x01" * (end - start)
    for cluster in clusters:
        cluster.mentions.sort(key=lambda m: m.start)


# Where a name may start (not inside a word or a hyphenated compound), and where it may end.
_NAME_START = re.compile(r"(?<![\w-])(?=(...))", re.S)
_NAME_END = re.compile(r"(?![\w-])")


def _occurrences(text: str, forms: list[str]) -> Iterator[tuple[int, str]]:
    r"""Where the forms (of three characters or more) occur as whole words, left to right
    without overlaps, the first form in ``forms`` winning where several start at one place:
    what ``re.finditer`` over ``(?<![\w-])(?:form|form...)(?![\w-])`` gives, without trying
    every form at every word (an alternation of thousands of names is quadratic in effect)."""
    by_prefix: dict[str, list[str]] = {}
    for form in forms:
        by_prefix.setdefault(form[:3], []).append(form)
    resume = 0
    for start in _NAME_START.finditer(text):
        position = start.start()
        if position < resume:
            continue
        for form in by_prefix.get(start.group(1), ()):
            if text.startswith(form, position) and _NAME_END.match(text, position + len(form)):
                yield position, form
                resume = position + len(form)
                break
