"""The entities stage: who and what an article names, with every mention, role and actor code.

``find_entities`` runs, in order: name mentions (``mentions``), clustering (``coreference``),
the type, country, roles and actor code of each cluster (here, with ``roles`` and
``knowledge.actors``), then descriptions and pronouns (``descriptions``), which need to know
who governs where.  ``entity_at`` finds the entity behind a span for later stages.

Actor codes, strongest evidence first: a role the text states ("The president of Mexico, X");
a known body ("OAS"); an organisation's own words ("Cuban Foreign Ministry" -> CUBGOV); a
country name or nationality word (CUB); a capital used as the actor of a verb ("Havana accuses
Washington" -> CUBGOV, USAGOV); last, the office-holder table, for people the text gives no
role (``role_source`` = "table").
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from newsgraph.extractors.coreference import Cluster, cluster_names, is_org_name, name_key
from newsgraph.extractors.datelines import in_dateline
from newsgraph.extractors.descriptions import resolve_descriptions
from newsgraph.extractors.identity import person_key
from newsgraph.extractors.mentions import find_name_mentions
from newsgraph.extractors.roles import stated_roles
from newsgraph.extractors.speakers import text_of
from newsgraph.knowledge import actors
from newsgraph.knowledge.agents import group_code, person_code
from newsgraph.knowledge.countries import country_by_capital
from newsgraph.settings import check_budget
from newsgraph.types import Document, Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW", "FAC")

# Verbs whose subject, when a capital or a country, stands for its government.
_SUBJECT_NOT_ACTOR = frozenset(
    ["be", "have", "lie", "sit", "host", "locate", "border", "remain", "stand"]
)
_POLITICAL_VERBS = frozenset(
    [
        "accuse",
        "urge",
        "criticize",
        "criticise",
        "condemn",
        "warn",
        "ask",
        "call",
        "sanction",
        "pressure",
        "threaten",
        "support",
        "reject",
        "blame",
        "invite",
        "meet",
        "negotiate",
        "demand",
        "punish",
        "attack",
        "recognize",
        "recognise",
    ]
)


def find_entities(document: Document) -> Document:
    """Return ``document`` with ``entities`` filled: one Entity per real-world entity."""
    if document.doc is None:
        return document
    doc = document.doc
    clusters = cluster_names(document.text, find_name_mentions(doc, document.text))
    sentences = _Sentences(doc)
    home = _home_country(clusters, document.article.title)
    facts = {}
    for cluster in clusters:
        check_budget()
        cluster.kind = _kind(document.text, cluster)
        facts[id(cluster)] = _identify(
            doc, document.text, sentences, cluster, document.article.published, home
        )
        cluster.actor = facts[id(cluster)][1]
    resolve_descriptions(doc, document.text, clusters)
    clusters.sort(key=lambda c: c.mentions[0].start)
    entities = tuple(
        _entity(f"e{i}", cluster, *facts[id(cluster)]) for i, cluster in enumerate(clusters, 1)
    )
    return dataclasses.replace(document, entities=entities)


def entity_at(document: Document, start: int, end: int) -> Entity | None:
    """The entity with a mention at ``start:end`` (exact, else the mention that covers it).

    For many lookups in one document, build a ``MentionIndex`` once instead.
    """
    return MentionIndex(document.entities).at(start, end)


class MentionIndex:
    """The mentions of a document's entities, sorted by offset, for lookups by position.

    Scanning every mention of every entity for each lookup is quadratic in the length of an
    article; mentions are short, so the ones that can touch a position start at most
    ``longest`` characters before it and are found by bisection.  Where several entities
    qualify, the first in ``entities`` order wins, as a scan in that order would give.
    """

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        self.entities = entities
        rows = sorted(
            (m.start, m.end, order)
            for order, entity in enumerate(entities)
            for m in entity.mentions
        )
        self._starts = [row[0] for row in rows]
        self._rows = rows
        self._longest = max((end - start for start, end, _ in rows), default=0)
        self._exact: dict[tuple[int, int], int] = {}
        for start, end, order in rows:
            if self._exact.get((start, end), order) >= order:
                self._exact[(start, end)] = order

    def _near(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The mentions that may overlap or cover ``start:end``, and some more."""
        low = bisect.bisect_left(self._starts, start - self._longest)
        high = bisect.bisect_right(self._starts, max(start, end))
        return self._rows[low:high]

    def _first(self, orders: Iterable[int]) -> Entity | None:
        best = min(orders, default=None)
        return None if best is None else self.entities[best]

    def at(self, start: int, end: int) -> Entity | None:
        """What ``entity_at`` gives: the entity with a mention exactly at ``start:end``, else
        the first with a mention covering it."""
        exact = self._exact.get((start, end))
        if exact is not None:
            return self.entities[exact]
        near = self._near(start, end)
        return self._first(order for s, e, order in near if s <= start and end <= e)

    def over(self, point: int, start: int, end: int) -> Entity | None:
        """The first entity with a mention over the character at ``point``, else the first
        with a mention overlapping ``start:end``."""
        found = self._first(order for s, e, order in self._near(point, point) if s <= point < e)
        if found is not None:
            return found
        return self._first(order for s, e, order in self._near(start, end) if s < end and start < e)


def _kind(text: str, cluster: Cluster) -> str:
    labels = cluster.labels or ["OTHER"]
    org_name = is_org_name(cluster.longest)
    places = sum(label in ("GPE", "LOC", "FAC") for label in labels)
    if "PERSON" in labels and not org_name and labels.count("PERSON") > places:
        return "PERSON"
    if set(labels) <= {"ORG", "PERSON"} and not org_name and len(cluster.longest.split()) > 1:
        # spaCy's small model often calls a person an organisation; a stated role settles it.
        spans = [(m.start, m.end) for m in cluster.mentions]
        if stated_roles(text, spans):
            return "PERSON"
    if _after_place_preposition(text, cluster):
        return "GPE"  # "in Perth": the small model often tags a town as a person
    best = max(sorted(set(labels)), key=lambda label: (labels.count(label), label != "PERSON"))
    return best if best in TYPES else "OTHER"


def _after_place_preposition(text: str, cluster: Cluster) -> bool:
    names = [m for m in cluster.mentions if m.kind == "name"]
    return bool(names) and all(
        re.search(r"\b(in|at|near|from|outside)\s+$", text[max(0, m.start - 8) : m.start])
        and " " not in m.text
        for m in names
    )


Facts = tuple[str | None, str | None, tuple[str, ...], str | None]
# The country an article is about, with the offsets where it is named (sorted).
Home = tuple[str, list[int]] | None


class _Sentences:
    """The sentences of a parsed text, found by token or character offset by bisection
    (``Doc.sents`` rescans every token on each access, and a scan of the list for each name
    was quadratic in the length of an article)."""

    def __init__(self, doc: Doc) -> None:
        self.sents: list[Span] = list(doc.sents)
        self._starts = [s.start for s in self.sents]
        self._start_chars = [s.start_char for s in self.sents]

    def of_token(self, index: int) -> Span:
        """The sentence holding the token at ``index``."""
        return self.sents[bisect.bisect_right(self._starts, index) - 1]

    def at_char(self, offset: int) -> Span | None:
        """The sentence holding the character at ``offset``, if any."""
        found = bisect.bisect_right(self._start_chars, offset) - 1
        if found < 0 or offset >= self.sents[found].end_char:
            return None
        return self.sents[found]


def _home_country(clusters: list[Cluster], title: str | None) -> Home:
    """The country the article is about: the one its headline names, else the one its text
    names most often (as a country or nationality word), if one leads clearly.  The offsets
    are where it is named, also by its capital or inside a name ("Armenian Church")."""
    counts: Counter[str] = Counter()
    offsets: dict[str, list[int]] = {}
    for cluster in clusters:
        names = [m.start for m in cluster.mentions if m.kind in ("name", "acronym")]
        if cluster.country:
            counts[cluster.country] += len(names)
        named = cluster.country or actors.phrase_country(cluster.longest)
        if named:
            offsets.setdefault(named, []).extend(names)
    headline = actors.phrase_countries(title) if title else []
    if len(headline) == 1:
        return headline[0], sorted(offsets.get(headline[0], []))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0], sorted(offsets[ranked[0][0]])


def _identify(
    doc: Doc,
    text: str,
    sentences: _Sentences,
    cluster: Cluster,
    published: str | None,
    home: Home = None,
) -> Facts:
    """``(country, actor, roles, role_source)`` of a cluster."""
    if any(map(actors.organisation, cluster.names)):
        # A known body keeps its code whatever spaCy called it ("the White House" as a FAC,
        # "the Houthis" as a PERSON).
        return _organisation(cluster, published)
    if cluster.kind == "PERSON":
        return _person(doc, text, sentences, cluster, published, home)
    if cluster.kind == "ORG" or (cluster.kind == "NORP" and any(map(group_code, cluster.names))):
        return _organisation(cluster, published)  # "the Taliban" as a NORP
    country = cluster.country
    capital = country_by_capital(cluster.longest)
    if country is None and cluster.kind in ("GPE", "LOC", "FAC"):
        acting = any(_is_subject(doc, m.start, m.end) for m in cluster.mentions)
        country = capital or _place_country(cluster.longest, cluster.kind, acting)
    if country is None:
        return None, None, (), None
    actor = country
    # Only a country or its capital stands for a government ("Havana accuses"); a town does not.
    seat = cluster.country is not None or capital is not None
    if seat and cluster.kind == "GPE" and any(_acts(doc, m.start, m.end) for m in cluster.mentions):
        actor = country + "GOV"
    return country, actor, (), None


def _person(
    doc: Doc,
    text: str,
    sentences: _Sentences,
    cluster: Cluster,
    published: str | None,
    home: Home,
) -> Facts:
    names = [m for m in cluster.mentions if m.kind == "name"]
    roles = stated_roles(text, [(m.start, m.end) for m in names])
    holding = None
    for name in _longest_first(names):
        holding = holding or actors.office_holder(name, published)
    if roles:
        role, stated = _current_role(roles, holding, published)
        if role is None and holding and _in_office(holding, published):
            office = actors.office_words(holding.role)
            if all(actors.office_words(r) != office for r in roles):
                # "Joe Biden, a former senator" on a day the table has him president.
                return holding.country, holding.actor, (*roles, holding.role), "table"
        role = role or "ELI"
        ordered = stated + [r for r in roles if r not in stated]
        country = next((c for c in map(actors.phrase_country, ordered) if c), None)
        if country:
            return country, actors.actor_code(country, role), tuple(roles), "text"
        if holding:
            return holding.country, actors.actor_code(holding.country, role), tuple(roles), "table"
        country = _subject_country(doc, sentences, names[0].start) or _home_nearby(
            sentences, names, home
        )
        return country, actors.actor_code(country, role), tuple(roles), "text" if country else None
    if holding is None:
        # PETRARCH-2's dated roles, only on a day their entry covers: the last resort
        dated = next(filter(None, (person_code(n, published) for n in _longest_first(names))), "")
        if dated:
            return dated[:3], dated, (), "dictionary"
        return None, None, (), None
    actor = actors.holding_actor(holding, published)
    if actor.endswith("ELI"):
        # A former office holder: CAMEO's elite role, not the government.
        return holding.country, actor, (f"former {holding.role}",), "table"
    if actor == holding.country:
        # Not yet in office: the table still knows the country, but no role.
        return holding.country, actor, (), "table"
    return holding.country, actor, (holding.role,), "table"


def _longest_first(names: list) -> list[str]:
    return sorted({m.text for m in names}, key=len, reverse=True)


def _current_role(
    roles: list[str], holding: actors.Holding | None, published: str | None
) -> tuple[str | None, list[str]]:
    """The role code of the offices the text states as held now, and those phrases; no code
    when every office it states is over.

    An office the text says is over ("former president", "who was defence minister until
    2019") is CAMEO's elite (ELI); a current office stated anywhere wins over it.  A bare title
    for an office the text calls former, or that the table says has ended, is a courtesy
    ("Secretary Clinton" in 2016), not a current office.
    """
    ended = {actors.office_words(r) for r in roles if actors.role_code(r) == "ELI"}
    if holding and actors.holding_actor(holding, published).endswith("ELI"):
        ended.add(actors.office_words(holding.role))
    current = [
        r
        for r in roles
        if actors.role_code(r) != "ELI"
        and not (
            any(actors.office_words(r) <= words for words in ended) and not actors.phrase_country(r)
        )
    ]
    role = next((code for code in map(actors.role_code, current) if code), None)
    return role, current or roles


def _in_office(holding: actors.Holding, published: str | None) -> bool:
    return actors.holding_actor(holding, published) == holding.actor


def _organisation(cluster: Cluster, published: str | None) -> Facts:
    for name in cluster.names:
        # the project's table first, then PETRARCH-2's armed groups and international bodies,
        # then the bodies of its country dictionary on a day their entry covers ("ISIL")
        known = actors.organisation(name)
        code = known[1] if known else group_code(name) or person_code(name, published)
        if code:
            # Intergovernmental (IGO) and international militarized (IMG) bodies have no country.
            country = None if code.startswith(("IGO", "IMG")) else code[:3]
            return country, code, (), None
    name = cluster.longest
    country = actors.phrase_country(name)
    return country, actors.actor_code(country, actors.role_code(name)), (), None


def _subject_country(doc: Doc, sentences: _Sentences, offset: int) -> str | None:
    """The country of the body that is the subject of the sentence at ``offset``.

    "The Cuban Foreign Ministry said its delegation will be chaired by X, deputy minister":
    the subject's head is a body ("Ministry") and its own modifiers name the country.  Other
    countries in the sentence ("talks brokered by the United States", "met the Russian
    minister") say nothing of X's.
    """
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None:
        return None
    sentence = sentences.of_token(span[0].i)
    for token in sentence:
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT":
            if token.pos_ == "PRON" or not actors.role_code(token.text):
                continue
            # The words up to the head noun only: not a clause or apposition after it.
            subject = doc[token.left_edge.i : token.i + 1].text
            found = actors.phrase_country(subject)
            if found:
                return found
    return None


def _home_nearby(sentences: _Sentences, names: list, home: Home) -> str | None:
    """The article's own country for a title that names none ("Attorney General X"), when
    the sentence holding the title names that country too; any other country in the sentence
    ("praised X's efforts in Syria") may be the place of the act, not the person's."""
    if home is None:
        return None
    code, offsets = home
    for name in names:
        sentence = sentences.at_char(name.start)
        if sentence is None:
            continue
        first = bisect.bisect_left(offsets, sentence.start_char)
        if first < len(offsets) and offsets[first] < sentence.end_char:
            return code
    return None


def _is_subject(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")


def _acts(doc: Doc, start: int, end: int) -> bool:
    """Whether a place mention is the actor or target of a political act (metonymy)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or in_dateline(text_of(doc), start):
        return False  # "WASHINGTON (AFP) -": where the story was filed, not who acts
    token: Token = span.root
    verb = token.head
    if token.dep_ in ("nsubj", "nsubjpass") and verb.pos_ in ("VERB", "AUX"):
        return verb.lemma_ not in _SUBJECT_NOT_ACTOR
    if token.dep_ == "dobj":
        return verb.lemma_ in _POLITICAL_VERBS
    return False


# A town this small is rarely the place a news name means when nothing else points to it;
# one-word surnames the small model tags as places ("Strada", "Ortiz") match such villages.
_TOWN_POPULATION = 15_000


def _place_country(name: str, kind: str, acting: bool) -> str | None:
    """The country of the place a name most likely means, when that reading is safe.

    A building is no town: the gazetteer's alternate names include translations ("White
    House" is Casablanca) that would give a building in one country the code of another.  A
    village that is the subject of a verb is more likely a surname the model took for a place
    ("Strada accused ..."), so a town that acts counts only with some people.
    """
    from newsgraph.knowledge import places

    place = places.most_likely(name)
    if place is None:
        return None
    if place.feature != "city":
        return place.country
    if kind == "FAC":
        return None
    return place.country if not acting or place.population >= _TOWN_POPULATION else None


def _entity(
    entity_id: str,
    cluster: Cluster,
    country: str | None,
    actor: str | None,
    roles: tuple[str, ...],
    role_source: str | None,
) -> Entity:
    kind = cluster.kind or "OTHER"
    aliases = tuple(dict.fromkeys(cluster.names))
    if cluster.country and kind in ("GPE", "LOC", "NORP"):
        key = f"{kind.lower()}:{cluster.country}"
    elif kind == "PERSON":
        key = person_key([*cluster.names, *cluster.honorifics])
    else:
        key = f"{kind.lower()}:{name_key(cluster.longest)}"
    return Entity(
        id=entity_id,
        name=cluster.longest,
        type=kind,
        mentions=tuple(cluster.mentions),
        aliases=aliases,
        country=country,
        actor=actor,
        roles=roles,
        role_source=role_source,
        key=key,
    )
