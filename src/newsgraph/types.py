"""The objects that flow through the pipeline.

``Article`` is what an input reader produces and the cleaning stages refine; ``Document`` is an
article after the spaCy pass, and each extractor returns a new ``Document`` with its own field
filled in.  Everything is frozen: stages build new values with ``dataclasses.replace`` instead of
mutating what they were given, so a stage can never corrupt another stage's input.

All spans are ``(start, end)`` Python string offsets into ``Document.text`` (end exclusive).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Removed:
    """A piece of the input taken out of the body, with the reason (its ``kind``)."""

    kind: str  # related, teaser, tags, credit, promo, navigation, caption, other
    text: str


@dataclass(frozen=True)
class Article:
    """One article as read from its input, before and after cleaning.

    ``raw`` is the text or HTML as read; ``text`` is the clean body once the cleaning stages ran
    (``None`` before).  ``source`` names where it came from (a path, ``<stdin>``, a URL, a
    ``path:line`` for JSON Lines) and is used in every message about this article.
    """

    raw: str
    source: str
    is_html: bool = False
    verbatim: bool = False
    text: str | None = None
    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    site: str | None = None
    removed: tuple[Removed, ...] = ()
    tags: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    fetched: str | None = None  # when a crawler fetched the page (ISO); a fallback for published


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str = "name"  # name, acronym, description, pronoun


@dataclass(frozen=True)
class Entity:
    """One real-world entity with all of its mentions in the article."""

    id: str
    name: str
    type: str
    mentions: tuple[Mention, ...]
    aliases: tuple[str, ...] = ()
    country: str | None = None
    actor: str | None = None
    roles: tuple[str, ...] = ()
    role_source: str | None = None  # "text" (stated in the article) or "table"
    key: str | None = None  # normalised cross-article identity


@dataclass(frozen=True)
class Location:
    name: str
    start: int
    end: int
    entity: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_name: str | None = None
    cue: str | None = None
    speaker_start: int | None = None  # span of the words naming the speaker for this quote
    speaker_end: int | None = None


@dataclass(frozen=True)
class Count:
    number: float
    object: str | None
    kind: str | None
    start: int
    end: int


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    date: str | None  # ISO date when it could be resolved


@dataclass(frozen=True)
class Actor:
    entity: str | None
    name: str
    actor: str | None


@dataclass(frozen=True)
class Event:
    code: str
    root: str
    name: str
    quad_class: int
    goldstein: float
    source: Actor | None
    target: Actor | None
    start: int
    end: int
    trigger: str
    confidence: float
    location: Location | None = None
    date: str | None = None
    plover: dict[str, str] | None = None
    mentions: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Tone:
    score: float
    positive: float
    negative: float
    polarity: float
    activity: float
    word_count: int


@dataclass(frozen=True)
class Document:
    """An article after the spaCy pass, gathering what each extractor adds."""

    article: Article
    text: str
    doc: Doc | None = None
    entities: tuple[Entity, ...] = ()
    locations: tuple[Location, ...] = ()
    quotes: tuple[Quote, ...] = ()
    counts: tuple[Count, ...] = ()
    dates: tuple[DateMention, ...] = ()
    events: tuple[Event, ...] = ()
    tone: Tone | None = None
    themes: tuple[str, ...] = ()
    theme_evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


Record = dict[str, Any]
"""The JSON-ready record of one article (see docs/record.md)."""


@dataclass(frozen=True)
class Rejection:
    """An input that could not be turned into a record, and why."""

    source: str
    stage: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
