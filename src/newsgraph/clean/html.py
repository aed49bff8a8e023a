"""HTML to main text and metadata, with trafilatura doing the boilerplate removal.

The page is parsed once here, with a nesting limit checked before anything walks the tree (a
page of 100,000 nested elements would otherwise exhaust recursion further on), and the parsed
tree is handed to trafilatura.  Its output tree is then flattened into paragraphs ourselves so
that headings, list items and quoted paragraphs each stay a paragraph of their own; trafilatura's
own text output joins them with single newlines, which would lose that structure.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

from newsgraph.errors import InputError
from newsgraph.settings import DEFAULT, Settings
from newsgraph.types import Article

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Elements of trafilatura's output tree that start and end a paragraph.  ``lb`` (a line break)
# also ends one: pages use <br><br> between what readers see as separate paragraphs.
_BLOCKS = frozenset(
    {"body", "p", "head", "list", "item", "quote", "table", "row", "code", "div", "section"}
)
# The same for HTML itself, used on fragments (a feed entry's content, an ``html`` field).
_HTML_BLOCKS = frozenset(
    {
        "body",
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "aside",
    }
)
_HTML_SKIPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "figure",
        "figcaption",
        "form",
        "button",
        "nav",
    }
)
_PAGE = re.compile(r"<(?:html|body|head)[\s>]", re.I)
_SPACE = re.compile(r"\s+")
# Characters that make a "paragraph" nothing but a divider (----, ***, ___).
_DIVIDER = re.compile(r"^[\W_]+$")

# Chosen on the Fundus news set (benchmarks/html_quality.py): comments are never article text,
# and tables in news pages are mostly sidebars and scoreboards rather than the story.
_EXTRACTION_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "favor_precision": False,
    "favor_recall": False,
}


def extract_main(article: Article, settings: Settings = DEFAULT) -> Article:
    """Return ``article`` with ``text`` set to the page's main text, and its metadata filled in.

    Metadata the caller already gave (url, title, published, ...) is kept; the page's own values
    only fill the gaps.  Raises ``InputError`` for a page that cannot be parsed, nests deeper than
    ``settings.max_html_depth``, or has no text.
    """
    tree = parse_html(article.raw, article.source, settings)
    if not _PAGE.search(article.raw):
        # A fragment (a feed entry's content, a JSON Lines ``html`` field) is the story alone:
        # there is no page around it to strip, and boilerplate rules tuned for whole pages
        # would drop its short headings.
        paragraphs = to_paragraphs(tree, _HTML_BLOCKS, _HTML_SKIPPED, "br", ("td", "th"))
        if not paragraphs:
            raise InputError(article.source, "no article text found in the HTML")
        return _with_metadata(article, None, tree, "\n\n".join(paragraphs), article.title)
    import trafilatura
    from trafilatura.settings import Document

    try:
        found = trafilatura.bare_extraction(
            tree, url=article.url, with_metadata=True, **_EXTRACTION_OPTIONS
        )
    except (ValueError, TypeError, RecursionError) as exc:
        raise InputError(article.source, f"HTML could not be processed ({exc})") from exc
    found = found if isinstance(found, Document) else None
    paragraphs = to_paragraphs(found.body) if found is not None and found.body is not None else []
    if not paragraphs:
        paragraphs = _baseline(article.raw)
    title = article.title or (_clean(found.title or "") if found is not None else "") or None
    if paragraphs and title and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the headline is the title field, not the body's first line
    if not paragraphs:
        raise InputError(article.source, "no article text found in the HTML")
    return _with_metadata(article, found, tree, "\n\n".join(paragraphs), title)


def parse_html(raw: str, source: str, settings: Settings = DEFAULT) -> HtmlElement:
    """Parse ``raw`` into an lxml tree, rejecting empty and pathologically nested pages."""
    from lxml import etree
    from lxml import html as lxml_html

    # huge_tree lifts libxml2's 256-level cap so that the real depth is seen and judged here;
    # without it the parser silently drops everything below that level.
    parser = lxml_html.HTMLParser(
        encoding="utf-8",
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        default_doctype=False,
    )
    try:
        tree = lxml_html.fromstring(raw.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(source, f"HTML could not be parsed ({exc})") from exc
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise InputError(source, "HTML nests elements too deeply to be a real page")
    depth = nesting_depth(tree, settings.max_html_depth)
    if depth > settings.max_html_depth:
        raise InputError(
            source, f"HTML nests elements over {settings.max_html_depth} deep; not a real page"
        )
    return tree


def nesting_depth(root: HtmlElement, stop_after: int) -> int:
    """Deepest element nesting under ``root`` (counted without recursion), capped past a limit."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > stop_after:
                break
        stack.extend((child, depth + 1) for child in element)
    return deepest


def to_paragraphs(
    body: Any,
    blocks: frozenset[str] = _BLOCKS,
    skipped: frozenset[str] = frozenset(),
    line_break: str = "lb",
    cells: tuple[str, ...] = ("cell",),
) -> list[str]:
    """Flatten an element tree into paragraphs of single-spaced text.

    By default the tree is trafilatura's output (``p``, ``head``, ``item``, ``lb``, ...);
    the element names can be given for other trees (plain HTML).
    """
    paragraphs: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        text = _clean("".join(pending))
        pending.clear()
        if text and not _DIVIDER.match(text):
            paragraphs.append(text)

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in skipped:
            if element.tail:
                pending.append(element.tail)
            return
        block = tag in blocks
        if block or tag == line_break:
            flush()
        if tag in cells and pending:
            pending.append(" | ")
        if element.text:
            pending.append(element.text)
        for child in element:
            walk(child)
        if block:
            flush()
        if element.tail:
            pending.append(element.tail)

    walk(body)
    flush()
    return paragraphs


def _baseline(raw: str) -> list[str]:
    """Paragraphs from trafilatura's simple fallback, for short pages its main pass discards."""
    from trafilatura import baseline

    body, _, _ = baseline(raw)
    return to_paragraphs(body)


def _with_metadata(
    article: Article, found: Any, tree: HtmlElement, text: str, title: str | None
) -> Article:
    page: dict[str, Any] = {}
    if found is not None:
        page = {
            "url": found.url,
            "published": found.date,
            "author": _clean(found.author or "") or None,
            "site": found.sitename or found.hostname,
            "language": found.language,
        }
    tags = article.tags or _tags(found.tags if found is not None else None)
    return dataclasses.replace(
        article,
        text=text,
        title=title,
        url=article.url or page.get("url"),
        # the page's own date wins over a crawl date: a page is often fetched long after it ran
        published=article.published or page.get("published") or _day(article.fetched),
        author=article.author or page.get("author"),
        site=article.site or page.get("site"),
        language=article.language or _language(page.get("language"), tree),
        tags=tuple(tags),
    )


def _tags(found: Any) -> list[str]:
    """Publisher keywords, each once, in page order (pages often repeat them in two meta tags)."""
    values = found if isinstance(found, list) else []
    seen: set[str] = set()
    tags = []
    for value in values:
        for tag in str(value).split(","):
            tag = _clean(tag)
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
    return tags


def _language(found: str | None, tree: HtmlElement) -> str | None:
    """An ISO 639-1 code from trafilatura or the page's ``lang`` attribute (``en-US`` -> ``en``)."""
    code = found or tree.get("lang") or tree.get("xml:lang") or ""
    code = code.strip().split("-")[0].split("_")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def _day(value: str | None) -> str | None:
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _same(first: str, second: str) -> bool:
    return _clean(first).casefold() == _clean(second).casefold()
