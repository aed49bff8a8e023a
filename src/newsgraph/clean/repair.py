"""Text repair for scraped plain text (placeholder: paragraph normalisation only)."""

from __future__ import annotations

import dataclasses
import re

from newsgraph.types import Article


def repair_article(article: Article) -> Article:
    """Normalise paragraphs to be separated by one blank line."""
    source = article.text if article.text is not None else article.raw
    paragraphs = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n|\n", source)]
    return dataclasses.replace(article, text="\n\n".join(p for p in paragraphs if p))
