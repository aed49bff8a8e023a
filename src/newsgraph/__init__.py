"""newsgraph: turn news articles into structured, CAMEO-coded event data.

The public surface::

    newsgraph.extract(text_or_html, **metadata) -> Record
    newsgraph.extract_many(articles) -> Iterator[Record | Rejection]
    newsgraph.Pipeline, Article, Document, Rejection, Settings
    newsgraph.errors: NewsgraphError, InputError, ConfigError, ExtractorError, StoreError
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from newsgraph.errors import ConfigError, ExtractorError, InputError, NewsgraphError, StoreError
from newsgraph.pipeline import Pipeline
from newsgraph.settings import Settings
from newsgraph.types import Article, Document, Record, Rejection

__all__ = [
    "Article",
    "ConfigError",
    "Document",
    "ExtractorError",
    "InputError",
    "NewsgraphError",
    "Pipeline",
    "Record",
    "Rejection",
    "Settings",
    "StoreError",
    "extract",
    "extract_many",
]

_METADATA = ("id", "url", "title", "published", "source")


def _pipeline() -> Pipeline:
    global _shared
    if _shared is None:
        _shared = Pipeline()
    return _shared


_shared: Pipeline | None = None


def _article(body: str, metadata: Mapping[str, Any], source: str, verbatim: bool) -> Article:
    from newsgraph.ingest import make_article
    from newsgraph.ingest.formats import sniff

    unknown = set(metadata) - set(_METADATA)
    if unknown:
        raise ConfigError(f"unknown metadata {sorted(unknown)}; known: {', '.join(_METADATA)}")
    meta = {key: (str(value) if value is not None else None) for key, value in metadata.items()}
    is_html = sniff(body[:4096].encode("utf-8", "replace")) == "html"
    return make_article(body, source, meta, is_html=is_html, verbatim=verbatim)


def extract(text_or_html: str, *, verbatim: bool = False, **metadata: Any) -> Record:
    """Return the record of one article given as plain text or HTML.

    Metadata may be ``id``, ``url``, ``title``, ``published`` and ``source``.  Raises
    ``InputError`` when the input holds no article.
    """
    from newsgraph.record import to_record

    if not isinstance(text_or_html, str) or not text_or_html.strip():
        raise InputError("<text>", "empty input")
    article = _article(text_or_html, metadata, str(metadata.get("source") or "<text>"), verbatim)
    return to_record(_pipeline().run(article))


def extract_many(
    articles: Iterable[str | Mapping[str, Any]], *, verbatim: bool = False
) -> Iterator[Record | Rejection]:
    """Yield a record (or a Rejection) for each article, in order, batching the spaCy pass.

    Each article is a string or a mapping with ``text`` or ``html`` plus optional metadata.
    """
    from newsgraph.record import to_record

    def items() -> Iterator[Article | Rejection]:
        for number, item in enumerate(articles, start=1):
            source = f"<article {number}>"
            if isinstance(item, str):
                body, meta = item, {}
            else:
                meta = {k: v for k, v in item.items() if k in _METADATA}
                body = item.get("text") or item.get("html") or ""
                source = str(meta.get("source") or source)
            if not isinstance(body, str) or not body.strip():
                yield Rejection(source, "read", "empty input")
                continue
            yield _article(body, meta, source, verbatim)

    for result in _pipeline().run_many(items()):
        yield result if isinstance(result, Rejection) else to_record(result)
