"""Build the pipeline from stage names, check what each stage needs, and run it.

The order of the stages is data: ``DEFAULT_STAGES`` below.  Each stage names what it needs and
what it adds; ``Pipeline`` checks that before any article is read, so a misordered pipeline fails
at construction, not halfway through a batch.  Stage functions are imported only when a pipeline
uses them.

Every article goes through cleaning (``clean.clean_article``), then one spaCy pass (batched with
``nlp.pipe``; a long text in pieces), then the extractor stages in order.  A failure on one
article becomes a ``Rejection`` carrying the stage and the reason; the batch goes on.

The spaCy pipeline is the one of the article's language (``languages``): English and Spanish,
each loaded once per process when an article first needs it.  An article in another language
keeps its clean text; the stages that read the parse are skipped, with a warning saying so.

Each article runs under a time and memory budget (``settings.Budget``; the settings module
explains how it is kept).  Past either, the article is a rejection naming the budget and the
stage it ran over in.
"""

from __future__ import annotations

import bisect
import dataclasses
import importlib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from newsgraph import languages
from newsgraph.clean import clean_article
from newsgraph.errors import BudgetExceeded, ConfigError, InputError, NewsgraphError
from newsgraph.settings import DEFAULT, OVER_BUDGET, Budget, Settings
from newsgraph.types import Article, Document, Rejection

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = languages.MODELS["en"].package


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

# What the spaCy pass gave for one text: its Doc, or the exception it raised.
Parsed: TypeAlias = "Doc | Exception"

# What every Document has before the first extractor runs.
_BASE_FIELDS = ("text", "doc")


def load_model(language: str = "en") -> Language:
    """Load the spaCy pipeline of ``language`` once per process."""
    return languages.load(language)


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
        self._models: dict[str, Language] = {"en": nlp} if nlp is not None else {}

    @property
    def nlp(self) -> Language:
        """The English spaCy pipeline."""
        return self.model("en")

    def model(self, language: str) -> Language:
        """The spaCy pipeline of a language ``languages.MODELS`` knows, loaded on first use."""
        if language not in self._models:
            nlp = load_model(language)
            nlp.max_length = max(nlp.max_length, self.settings.max_bytes + 1)
            self._models[language] = nlp
        return self._models[language]

    def run(self, article: Article) -> Document:
        """Process one article; raise ``NewsgraphError`` if it cannot be processed
        (``BudgetExceeded`` when it needs more time or memory than the settings allow)."""
        result = next(self.run_many([article]))
        if isinstance(result, Rejection):
            if result.stage in ("read", "clean"):
                raise InputError(result.source, result.reason)
            if result.reason.startswith(OVER_BUDGET):  # a value in a batch, raised here
                raise BudgetExceeded(result.source, result.stage, result.reason)
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
        spent: dict[int, float] = {}  # seconds each article used before its budget started
        cleaned: list[Article | Rejection] = []
        for item in batch:
            start = time.monotonic()
            cleaned.append(item if isinstance(item, Rejection) else self._clean(item))
            spent[id(cleaned[-1])] = time.monotonic() - start
        short: dict[str, list[Article]] = {}
        for item in cleaned:
            language = _parse_language(item)
            small = isinstance(item, Article) and len(item.text or "") <= self.settings.parse_chunk
            if language and small:
                short.setdefault(language, []).append(item)  # type: ignore[arg-type]
        parsed: dict[int, Parsed] = {}
        for language, articles in short.items():
            parsed.update(self._parse_short(self.model(language), articles, spent))
        for item in cleaned:
            if isinstance(item, Rejection):
                yield item
                continue
            # Computed whole before it is yielded: the budget (and its timer) never covers
            # what the caller does with a result.
            yield self._process(item, parsed.get(id(item)), spent.get(id(item), 0.0))

    def _clean(self, article: Article) -> Article | Rejection:
        if self.settings.language:
            article = dataclasses.replace(article, language=self.settings.language)
        try:
            return clean_article(article)
        except InputError as exc:
            return Rejection(article.source, "clean", exc.reason)
        except Exception as exc:  # one article's failure must not end the batch
            return Rejection(article.source, "clean", f"{type(exc).__name__}: {exc}")

    def _parse_short(
        self, nlp: Language, articles: list[Article], spent: dict[int, float]
    ) -> dict[int, Parsed]:
        """Parse texts of up to ``parse_chunk`` characters with ``nlp.pipe``, grouped so that a
        group holds at most ``parse_chunk`` characters; each article is charged its share of
        its group's time in ``spent``.  Returns a Doc, or the exception, by ``id(article)``."""
        parsed: dict[int, Parsed] = {}
        for group in _groups(articles, self.settings.parse_chunk, self.settings.batch_size):
            texts = [article.text or "" for article in group]
            start = time.monotonic()
            try:
                docs: list[Parsed] = list(nlp.pipe(texts, batch_size=len(texts)))
            except Exception:  # find the text that fails: parse them one by one
                docs = [_parse_alone(nlp, text) for text in texts]
            seconds = time.monotonic() - start
            total = sum(len(text) for text in texts) or 1
            for article, text, doc in zip(group, texts, docs, strict=True):
                parsed[id(article)] = doc
                spent[id(article)] = spent.get(id(article), 0.0) + seconds * len(text) / total
        return parsed

    def _process(
        self, article: Article, parsed: Parsed | None, spent: float
    ) -> Document | Rejection:
        """Parse (unless ``parsed``) and extract one article under its budget."""
        budget = Budget(self.settings, article.source, spent)
        try:
            with budget.running():
                budget.enter("parse")
                if isinstance(parsed, Exception):
                    return Rejection(article.source, "parse", _failure(parsed))
                text = article.text or ""
                language = _parse_language(article)
                if language is None:
                    return self._unparsed(Document(article=article, text=text), budget)
                try:
                    doc = parsed if parsed is not None else self._parse_long(text, language, budget)
                except BudgetExceeded:
                    raise
                except Exception as exc:
                    return Rejection(article.source, "parse", _failure(exc))
                document = Document(article=article, text=text, doc=doc)
                return self._extract(document, budget)
        except BudgetExceeded as exc:
            return Rejection(article.source, exc.stage, exc.reason)

    def _parse_long(self, text: str, language: str, budget: Budget) -> Doc:
        """One spaCy pass over a long text, in pieces of at most ``parse_chunk`` characters.

        The whole text is tokenized first, so tokens are those of a single pass; the pieces are
        cut between tokens at paragraph breaks where possible (settings module notes).
        """
        from spacy.tokens import Doc

        nlp = self.model(language)
        whole = nlp.tokenizer(text)  # no max_length check: the pieces are what get parsed
        budget.check()
        pieces = []
        for start, end in _pieces(whole, text, self.settings.parse_chunk):
            pieces.append(nlp(whole[start:end].as_doc()))
            budget.check()
        del whole
        # No tensor: the extractors read annotations only, and it is 96 floats a token.
        doc = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
        if doc.text != text:
            raise ValueError("the parsed pieces do not join into the article's text")
        return doc

    def _extract(
        self,
        document: Document,
        budget: Budget,
        functions: list[tuple[str, Callable[[Document], Document]]] | None = None,
    ) -> Document | Rejection:
        for name, function in self._functions if functions is None else functions:
            budget.enter(name)
            try:
                document = function(document)
            except BudgetExceeded:
                raise
            except Exception as exc:  # reported as this article's rejection, batch goes on
                return Rejection(document.article.source, name, _failure(exc))
            budget.check()
        return dataclasses.replace(document, warnings=document.article.warnings + document.warnings)

    def _unparsed(self, document: Document, budget: Budget) -> Document | Rejection:
        """An article in a language with no pipeline: the stages that need no parse run, the
        others are skipped and named in a warning."""
        skipped = [stage.name for stage in self.stages if "doc" in stage.needs]
        warning = (
            f"no language pipeline for {document.article.language!r}: "
            f"{', '.join(skipped)} not extracted"
        )
        document = dataclasses.replace(document, warnings=(warning,))
        functions = [(n, f) for n, f in self._functions if n not in skipped]
        return self._extract(document, budget, functions)


def _parse_language(item: Article | Rejection) -> str | None:
    """The pipeline an article is parsed with (``None``: no pipeline for its language)."""
    return None if isinstance(item, Rejection) else languages.pipeline_language(item.language)


def _failure(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _parse_alone(nlp: Language, text: str) -> Parsed:
    try:
        return nlp(text)
    except Exception as exc:  # this article's rejection, not the group's
        return exc


def _groups(articles: list[Article], chars: int, count: int) -> Iterator[list[Article]]:
    """Consecutive articles in groups of at most ``count`` holding at most ``chars``
    characters together (a longer single text is a group of its own)."""
    group: list[Article] = []
    size = 0
    for article in articles:
        length = len(article.text or "")
        if group and (len(group) >= count or size + length > chars):
            yield group
            group, size = [], 0
        group.append(article)
        size += length
    if group:
        yield group


# Where a piece of a long text may end, best first: after a line break, after a sentence's
# end, after a space.  Pieces are at least half of the longest allowed.
_CUTS = (re.compile(r"\n"), re.compile(r"[.!?][\"”’')\]]*\s"), re.compile(r"\s"))


def _pieces(doc: Doc, text: str, size: int) -> Iterator[tuple[int, int]]:
    """Token ranges covering ``doc`` (tokenized from ``text``), each of at most ``size``
    characters where the text allows, cut at the best place of ``_CUTS``."""
    starts = [token.idx for token in doc]
    first = 0
    while first < len(starts):
        begin = starts[first]
        last = bisect.bisect_right(starts, begin + size)  # tokens starting within the window
        if last >= len(starts):
            yield first, len(starts)
            return
        cut = last
        window_end = starts[last]
        for pattern in _CUTS:
            found = [m.end() - 1 for m in pattern.finditer(text, begin + size // 2, window_end)]
            if found:
                # The tokens starting at or before the break character stay in this piece.
                cut = bisect.bisect_right(starts, found[-1])
                break
        cut = min(max(cut, first + 1), len(starts))
        yield first, cut
        first = cut
