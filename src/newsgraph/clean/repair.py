"""Text repair: from scraped text to the clean body, its title and what was taken out.

The steps, each in its own module:

1. ``lines``: split the input into non-empty lines and normalise spaces;
2. ``boilerplate``: mark related links, teaser blocks, tag lists, credits, promotion,
   navigation and captions, line by line (``credits`` and ``phrases`` hold the vocabularies);
3. ``reflow``: rejoin sentences split at inline links, keeping paragraph breaks and headings
   (skipped for text from HTML extraction, whose paragraphs are already whole);
4. ``title``: take the headline off the top when the text opens with one.

Paragraphs of the result are separated by exactly one blank line.
"""

from __future__ import annotations

import dataclasses

from newsgraph.clean import credits as credit_rules
from newsgraph.clean.boilerplate import sort_lines
from newsgraph.clean.lines import split_lines
from newsgraph.clean.reflow import Paragraph, reflow
from newsgraph.clean.title import pick_title, split_masthead
from newsgraph.types import Article, Removed


def repair_article(article: Article) -> Article:
    """Return ``article`` with its clean ``text``, ``title``, ``removed``, ``tags``, ``credits``.

    Plain text (``article.text`` is ``None``) is repaired from ``article.raw``; text already
    extracted from HTML keeps its paragraphs and only loses the boilerplate that survived.
    """
    from_html = article.text is not None
    source = article.text if article.text is not None else article.raw
    sorting = sort_lines(split_lines(source))
    kept = sorting.kept()
    paragraphs = [Paragraph(line.text) for line in kept] if from_html else reflow(kept)
    removed = sorting.removed()
    credits = list(sorting.credits)
    paragraphs = _split_trailing_credit(paragraphs, removed, credits)
    if not from_html:
        masthead, paragraphs = split_masthead(paragraphs)
        removed.extend([Removed("other", masthead)] if masthead else [])  # an outlet name
    title, paragraphs = pick_title(paragraphs, article.title)
    if paragraphs:
        credits.extend(credit_rules.dateline_credit(paragraphs[0].text))
    return dataclasses.replace(
        article,
        text="\n\n".join(p.text for p in paragraphs),
        title=title,
        author=article.author or sorting.author,
        published=article.published or sorting.published,
        removed=article.removed + tuple(removed),
        tags=_unique(article.tags, sorting.tags),
        credits=_unique(article.credits, credits),
    )


def _split_trailing_credit(
    paragraphs: list[Paragraph], removed: list[Removed], credits: list[str]
) -> list[Paragraph]:
    """Take "(Reuters)" or "— AP" off the end of the last paragraph."""
    if not paragraphs:
        return paragraphs
    rest, credit = credit_rules.split_trailing(paragraphs[-1].text)
    if credit is None:
        return paragraphs
    removed.append(Removed("credit", credit))
    credits.extend(credit_rules.parse_credit(credit) or [])
    if not rest:
        return paragraphs[:-1]
    return [*paragraphs[:-1], Paragraph(rest, paragraphs[-1].single)]


def _unique(first: tuple[str, ...], more: list[str]) -> tuple[str, ...]:
    """``first`` then ``more``, each value once (ignoring case), in order, without empty ones."""
    seen: dict[str, str] = {}
    for value in (*first, *more):
        value = value.strip()
        if value and value.lower() not in seen:
            seen[value.lower()] = value
    return tuple(seen.values())
