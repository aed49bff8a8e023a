"""HTML pages: main text with its structure, metadata, and bad pages that must not stop a batch."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from newsgraph.clean import clean_article
from newsgraph.clean.html import extract_main
from newsgraph.errors import InputError
from newsgraph.ingest import read_inputs
from newsgraph.types import Article

BODY = [
    "Engineers reopened the northern rail line on Friday after a landslide closed it for three "
    "weeks, the regional transport authority said in a statement.",
    "Crews removed more than 40,000 tonnes of earth and rebuilt a retaining wall along a "
    "two-kilometre stretch of track, working in shifts through the night.",
    "What comes next",
    "The authority said trains would run at reduced speed until inspectors sign off on the "
    "drainage work, which is expected to take another month.",
    "Commuters welcomed the news. \u201cIt has been a long three weeks,\u201d said one passenger "
    "waiting at the central station on Friday morning.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Rail line reopens after landslide | The Valley Courier</title>
<meta property="og:title" content="Rail line reopens after landslide">
<meta property="og:site_name" content="The Valley Courier">
<meta name="author" content="Maria Jensen">
<meta property="article:published_time" content="2024-03-08T09:30:00+00:00">
<meta name="keywords" content="transport, rail, landslides">
<link rel="canonical" href="https://courier.example.com/news/rail-line-reopens">
</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Rail line reopens after landslide</h1>
<p class="byline">By Maria Jensen, 8 March 2024</p>
<p>{BODY[0]}</p>
<p>{BODY[1]}</p>
<h2>{BODY[2]}</h2>
<p>{BODY[3]}</p>
<p>{BODY[4]}</p>
</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">Bus fares to rise in April</a></li><li><a href="/b">Bridge repairs delayed</a></li>
</ul></aside>
</main>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>First! Great to have the trains back, finally some good news here.</p></div>
</section>
<footer><p>Copyright 2024 The Valley Courier. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def page_article(**meta: str) -> Article:
    return Article(raw=PAGE, source="page.html", is_html=True, **meta)


def test_main_text_keeps_paragraphs_and_headings():
    text = extract_main(page_article()).text
    assert text is not None
    assert text.split("\n\n") == BODY
    for chrome in ("Home", "Related stories", "Bus fares", "First!", "Copyright", "Privacy"):
        assert chrome not in text


def test_metadata_comes_from_the_page():
    article = extract_main(page_article())
    assert article.title == "Rail line reopens after landslide"
    assert article.published == "2024-03-08"
    assert article.author == "Maria Jensen"
    assert article.url == "https://courier.example.com/news/rail-line-reopens"
    assert article.site == "The Valley Courier"
    assert article.language == "en"
    assert article.tags == ("transport", "rail", "landslides")
    assert article.is_html


def test_metadata_given_by_the_caller_is_kept():
    article = extract_main(
        page_article(url="https://mirror.example.org/x", published="2024-03-09", title="Given")
    )
    assert article.url == "https://mirror.example.org/x"
    assert article.published == "2024-03-09"
    assert article.title == "Given"


def test_crawl_date_is_only_a_fallback():
    assert extract_main(page_article(fetched="2025-01-01T10:00:00Z")).published == "2024-03-08"
    undated = PAGE.replace("2024-03-08T09:30:00+00:00", "").replace(", 8 March 2024", "")
    article = Article(raw=undated, source="u.html", is_html=True, fetched="2025-01-01T10:00:00Z")
    assert extract_main(article).published == "2025-01-01"


def test_clean_article_runs_repair_after_extraction():
    # a tag list and a "read more" line inside the article survive extraction; repair removes them
    extra = (
        "<p>Tags: Transport, Rail, Landslides, Weather</p>"
        "<p>READ MORE: Council approves new bus lanes in the city centre</p>"
    )
    page = PAGE.replace("</article>", extra + "</article>")
    article = clean_article(Article(raw=page, source="page.html", is_html=True))
    assert article.text is not None and article.text.split("\n\n") == BODY
    assert [r.kind for r in article.removed] == ["tags", "related"]
    assert article.id and article.language == "en"


def test_fragment_keeps_every_block():
    fragment = (
        "<p>First paragraph of the story.</p><h3>A heading</h3><ul><li>one</li><li>two</li></ul>"
    )
    article = extract_main(Article(raw=fragment, source="f", is_html=True))
    assert article.text == "First paragraph of the story.\n\nA heading\n\none\n\ntwo"


def test_malformed_html_still_gives_text():
    broken = PAGE.replace("</p>", "").replace("</article>", "").replace("<h2>", "<h2><b><i>")
    text = extract_main(Article(raw=broken, source="broken.html", is_html=True)).text
    assert text is not None
    assert BODY[0] in text and BODY[3] in text


def test_deeply_nested_page_is_rejected_quickly():
    deep = "<html><body>" + "<div>" * 100_000 + "text" + "</div>" * 100_000 + "</body></html>"
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        extract_main(Article(raw=deep, source="deep.html", is_html=True))
    assert time.monotonic() - started < 5
    assert caught.value.source == "deep.html"
    assert "nests elements" in caught.value.reason


@pytest.mark.parametrize("raw", ["<html><body></body></html>", "<html><body><script>x()</script>"])
def test_page_without_text_is_an_input_error(raw: str):
    with pytest.raises(InputError, match="no article text"):
        extract_main(Article(raw=raw, source="blank.html", is_html=True))


def test_compressed_page_is_read_as_html(tmp_path: Path):
    path = tmp_path / "saved.html.gz"
    path.write_bytes(gzip.compress(PAGE.encode()))
    (article,) = read_inputs([str(path)])
    assert isinstance(article, Article) and article.is_html
    assert article.source == str(path)


def test_batch_with_bad_pages_goes_on(tmp_path: Path, extract_command):
    (tmp_path / "a_good.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b_deep.html").write_text("<html><body>" + "<div>" * 100_000 + "x</body></html>")
    (tmp_path / "c_binary.html").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "d_malformed.html").write_text(
        "<html><body><p>" + BODY[0] + "<div><span>" + BODY[1]
    )
    (tmp_path / "e_empty.html").write_text(
        "<html><head><title>x</title></head><body></body></html>"
    )
    records = [
        {
            "id": "j1",
            "html": f"<p>{BODY[0]}</p><h2>{BODY[2]}</h2><p>{BODY[3]}</p>",
            "url": "https://example.org/j1",
        },
        {"id": "j2", "html": "<div><script>only()</script></div>"},
    ]
    (tmp_path / "f_batch.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    result = extract_command(str(tmp_path))
    err = result.stderr.decode()
    assert result.returncode == 1
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert any("b_deep.html" in line and "nests elements" in line for line in errors)
    assert any("c_binary.html" in line and "binary" in line for line in errors)
    assert any("e_empty.html" in line and "no article text" in line for line in errors)
    assert any("f_batch.jsonl:2" in line for line in errors)
    # e_empty.html and f_batch.jsonl:2 both have no article text: one summary line for both
    assert len(errors) == 3
    assert any("skipped 2 inputs as no article text" in line for line in errors)
    written = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["id"] for r in written][2] == "j1"
    good, malformed, from_jsonl = written
    assert good["text"].split("\n\n") == BODY
    assert good["url"] == "https://courier.example.com/news/rail-line-reopens"
    assert good["published"] == "2024-03-08"
    assert good["tags"] == ["transport", "rail", "landslides"]
    assert BODY[1] in malformed["text"]
    assert from_jsonl["text"].split("\n\n") == [BODY[0], BODY[2], BODY[3]]
    assert from_jsonl["url"] == "https://example.org/j1"
