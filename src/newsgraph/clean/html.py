"""HTML to main text and metadata, with trafilatura doing the boilerplate removal.

The page is parsed once here, with a nesting limit checked before anything walks the tree (a
page of 100,000 nested elements would otherwise exhaust recursion further on), and the parsed
tree is handed to trafilatura.  Its output tree is then flattened into paragraphs ourselves so
that headings, list items and quoted paragraphs each stay a paragraph of their own; trafilatura's
own text output joins them with single newlines, which would lose that structure.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
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
# fmt: off
_HTML_BLOCKS = frozenset({
    "body", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "pre", "table", "tr", "section", "article", "header", "footer", "aside",
})
_HTML_SKIPPED = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "figure", "figcaption", "form",
    "button", "nav",
})
# fmt: on
_PAGE = re.compile(r"<(?:html|body|head)[\s>]", re.I)
_SPACE = re.compile(r"\s+")
# Characters that make a "paragraph" nothing but a divider (----, ***, ___).
_DIVIDER = re.compile(r"^[\W_]+$")


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# Parts of a page removed before extraction, each a kind of text that is never the story:
_PRUNED = [
    # posts embedded from social networks (the article quotes them; they are not its text)
    "//blockquote["
    + " or ".join(
        _has_class(name)
        for name in ("twitter-tweet", "twitter-video", "instagram-media", "tiktok-embed")
    )
    + "]",
    # a paragraph that is nothing but a link is a "read more" pointer to another article
    "//p[.//a and normalize-space(string(.)) = normalize-space(string(.//a[1]))]",
    # text hidden from view (screen-reader copies of headlines repeat what is shown elsewhere)
    "//*[@hidden or "
    + " or ".join(_has_class(name) for name in ("sr-only", "visually-hidden", "screen-reader-text"))
    + "]",
]

# Chosen on the Fundus news set (benchmarks/html_quality.py): comments are never article text,
# and tables in news pages are mostly lists, scoreboards and sidebars rather than the story.
_EXTRACTION_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "include_links": False,
    "favor_precision": False,
    "favor_recall": False,
    "prune_xpath": _PRUNED,
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
        return _with_metadata(article, {}, tree, "\n\n".join(paragraphs))
    import trafilatura
    from trafilatura.settings import Document

    try:
        # trafilatura works on its own copy of the tree; the metadata is read from ours after
        found = trafilatura.bare_extraction(tree, url=article.url, **_EXTRACTION_OPTIONS)
        page = page_metadata(tree, article.url)
    except (ValueError, TypeError, RecursionError) as exc:
        raise InputError(article.source, f"HTML could not be processed ({exc})") from exc
    body = found.body if isinstance(found, Document) else None
    paragraphs = to_paragraphs(body) if body is not None else []
    if not paragraphs:
        paragraphs = _baseline(article.raw)
    title = article.title or page.get("title")
    if paragraphs and title and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the headline is the title field, not the body's first line
    if not paragraphs:
        raise InputError(article.source, "no article text found in the HTML")
    return _with_metadata(article, page, tree, "\n\n".join(paragraphs))


def page_metadata(tree: HtmlElement, url: str | None = None) -> dict[str, Any]:
    """Title, canonical URL, date, author, site name and publisher tags of a parsed page.

    The steps of trafilatura's own metadata pass that newsgraph uses, in its order (meta tags,
    then JSON-LD, then the page itself); its category and licence searches, which scan every
    link of the page, are left out since nothing here uses them.
    """
    from htmldate import find_date
    from trafilatura import metadata
    from trafilatura.settings import set_date_params

    found = metadata.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # a single word is a handle or a brand, not a byline
    # JSON-LD on real pages is often malformed; trafilatura guards this step the same way
    with contextlib.suppress(Exception):
        found = metadata.extract_meta_json(tree, found)
    page_url = found.url or metadata.extract_url(tree, url)
    return {
        "title": _clean(found.title or metadata.extract_title(tree) or "") or None,
        "url": page_url,
        "author": _clean(found.author or metadata.extract_author(tree) or "") or None,
        # only dates the page marks up (meta tags, JSON-LD, <time>, the URL): the wider search
        # guesses from any date-like text, such as a copyright year, and such a guess must not
        # win over a known crawl date
        "published": find_date(tree, **{**set_date_params(False), "url": page_url}),
        "site": found.sitename or metadata.extract_sitename(tree),
        "tags": found.tags or metadata.extract_catstags("tag", tree),
    }


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
        raise InputError(
            source, f"HTML nests elements over {settings.max_html_depth} deep; not a real page"
        )
    if nests_deeper(tree, settings.max_html_depth):
        raise InputError(
            source, f"HTML nests elements over {settings.max_html_depth} deep; not a real page"
        )
    return tree


def nests_deeper(root: HtmlElement, limit: int) -> bool:
    """Whether any element of ``root``'s document lies more than ``limit`` levels deep.

    The path ``/*/*/...`` with ``limit + 1`` steps matches exactly the elements that deep;
    libxml2 evaluates it level by level, visiting each element once, without Python recursion.
    """
    return bool(_depth_probe(limit)(root.getroottree()))


@functools.cache
def _depth_probe(limit: int) -> Any:
    from lxml import etree

    return etree.XPath("boolean(" + "/*" * (limit + 1) + ")")


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


def _with_metadata(article: Article, page: dict[str, Any], tree: HtmlElement, text: str) -> Article:
    return dataclasses.replace(
        article,
        text=text,
        title=article.title or page.get("title"),
        url=article.url or page.get("url"),
        # the page's own date wins over a crawl date: a page is often fetched long after it ran
        published=article.published or page.get("published") or _day(article.fetched),
        author=article.author or page.get("author"),
        site=article.site or page.get("site"),
        language=article.language or _language(tree),
        tags=article.tags or tuple(_tags(page.get("tags"))),
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


def _language(tree: HtmlElement) -> str | None:
    """An ISO 639-1 code from the page's ``lang`` attribute (``en-US`` -> ``en``)."""
    code = tree.get("lang") or tree.get("xml:lang") or ""
    code = code.strip().split("-")[0].split("_")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def _day(value: str | None) -> str | None:
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _same(first: str, second: str) -> bool:
    return _clean(first).casefold() == _clean(second).casefold()
