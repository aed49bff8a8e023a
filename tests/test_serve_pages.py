"""The web pages as HTML (no browser): what they show, escaping, errors; and the marking of
text with nested and crossing spans."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from serve_support import build_store, running

from newsgraph.api import ServerConfig, create_app
from newsgraph.store import Store
from newsgraph.web.highlight import Span, marked_text, sentence_around
from newsgraph.web.worldmap import MISSING, world_map


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("pages") / "pages.db"
    built = build_store(db, size=20)
    with running(create_app(ServerConfig(db=db))) as base, httpx.Client(base_url=base) as client:
        yield {"client": client, "db": db, **built}


class _Text(HTMLParser):
    """The text of an HTML fragment, and whether its tags balance."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag, attrs) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag) -> None:
        self.balanced &= bool(self.open) and self.open.pop() == tag

    def handle_data(self, data) -> None:
        self.parts.append(data)


def _parse(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser


def test_marks_nest_and_cross_and_keep_the_text() -> None:
    text = 'He said "Mexico & <Cuba> agree" today.'
    marks = [
        Span(8, 31, "quote", "q0"),  # the whole quotation
        Span(9, 15, "entity", "e1"),  # Mexico, inside it
        Span(9, 15, "place", "p0"),  # the same words as a place
        Span(25, 37, "event", "v0"),  # crossing the quote's end
    ]
    html = str(marked_text(text, marks, anchors={8}))
    parsed = _parse(html)
    assert parsed.balanced and not parsed.open
    assert "".join(parsed.parts) == text
    assert "&lt;Cuba&gt;" in html and "&amp;" in html
    assert html.count('data-event="v0"') == 2  # split where it crosses the quote's end
    assert '<span class="anchor" id="at-8"></span>' in html


def test_sentence_around_stops_at_sentence_ends_and_paragraphs() -> None:
    text = "First one. Second has the word here! Third.\n\nNext paragraph."
    at = text.index("word")
    assert sentence_around(text, at, at + 4) == "Second has the word here!"


def test_pages_show_the_store(site) -> None:
    client = site["client"]
    home = client.get("/")
    assert home.status_code == 200 and "Recent stories" in home.text
    found = client.get("/search", params={"q": "talks"}).text
    with Store(site["db"], readonly=True) as store:
        first = store.search("talks", limit=1)[0]["id"]
    assert f'href="/articles/{first}"' in found
    assert "Carlos Vega" in client.get("/search", params={"q": "Vega"}).text
    actor = client.get("/actors/MEX").text
    assert 'class="chart timeline"' in actor and 'class="chart network"' in actor
    dyad = client.get("/dyads/MEX/GTM")
    assert dyad.status_code == 200 and "MEX → GTM" in dyad.text
    person = client.get("/entities/PERSON:maria lopez")
    assert person.status_code == 200 and "Maria Lopez" in person.text


def test_hostile_text_is_escaped_in_the_html(site) -> None:
    html = site["client"].get(f"/articles/{site['hostile']}").text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_unknown_pages_are_404_pages(site) -> None:
    for url in ("/articles/0123456789abcdef", "/entities/ORG:nobody", "/no-such-page"):
        response = site["client"].get(url)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "Error 404" in response.text


def test_paste_page_without_text_says_so(site) -> None:
    response = site["client"].post("/extract", data={"article": "   "})
    assert response.status_code == 422 and "Paste an article" in response.text


def test_the_map_base_layer_holds_every_country(site) -> None:
    from newsgraph.web.worldmap import DEFAULT_MAP

    response = site["client"].get("/map/world.svg")
    if not DEFAULT_MAP.is_file():
        assert response.status_code == 404 and "make map" in response.text
        return
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text.count("<path ") > 150 and "<title>Mexico</title>" in response.text
    actor = site["client"].get("/actors/MEX").text
    assert '<img src="/map/world.svg"' in actor
    assert 0 < actor.count('class="country hit"') < 10  # only the shaded ones travel with it


def test_map_says_how_to_install_its_shapes(tmp_path: Path) -> None:
    html = str(world_map([], ["MEX"], tmp_path / "absent.json"))
    assert "make map" in html and "<svg" not in html
    assert "shapes are not installed" in html and "shapes are not installed" in MISSING


def test_article_page_lists_the_other_copies_of_its_story(site) -> None:
    from newsgraph.store import browse

    with Store(site["db"], readonly=True) as store:
        story = browse.article_story(store.conn, site["ids"][0])
        others = [i for i in site["ids"][1:] if browse.article_story(store.conn, i) == story]
    assert others
    html = site["client"].get(f"/articles/{site['ids'][0]}").text
    assert all(f'href="/articles/{other}"' in html for other in others)
    assert "(this text)" in html


def test_timeline_bars_stand_at_even_steps_of_time() -> None:
    import re

    from newsgraph.web.charts import timeline_chart

    rows = [
        {"period": "2024-01-01", "events": 3, "verbal_cooperation": 2, "material_conflict": 1,
         "mean_goldstein": 1.0},
        {"period": "2024-01-29", "events": 1, "verbal_conflict": 1, "mean_goldstein": -2.0},
    ]  # fmt: skip
    svg = str(timeline_chart(rows))
    xs = sorted({float(x) for x in re.findall(r'<rect class="bar q\d" x="([\d.]+)"', svg)})
    assert len(xs) == 2 and re.findall(r'class="bar (q\d)"', svg) == ["q1", "q4", "q3"]
    step = (760 - 40 - 40) / 5  # five weeks from the first to the last, gaps included
    assert xs[1] - xs[0] == pytest.approx(4 * step, abs=0.2)
    assert svg.count("<polyline") == 1


@pytest.mark.slow
def test_paste_page_shows_removed_boilerplate_apart(site, samples: Path) -> None:
    from markupsafe import escape

    import newsgraph

    pasted = (samples / "sudan-jeddah-talks.txt").read_text(encoding="utf-8")
    record = newsgraph.extract(pasted)
    assert record["removed"]
    html = site["client"].post("/extract", data={"article": pasted}, timeout=120).text
    text_part, _, removed_part = html.partition('<section class="removed">')
    assert f"Removed from the page ({len(record['removed'])})" in removed_part
    for item in record["removed"]:
        assert str(escape(item["text"])) in removed_part
    assert str(escape(record["text"][:200])) not in removed_part
    assert 'id="text"' in text_part and 'data-entity="e1"' in text_part
    assert record["counts"] and 'data-count="c0"' in text_part
    assert f"{record['tone']['score']}" in text_part and "The record as JSON" in text_part


def test_quotes_found_by_search_link_to_their_place(site) -> None:
    import re

    html = site["client"].get("/search", params={"q": "pressure"}).text
    links = re.findall(r'href="/articles/([0-9a-f]+)#at-(\d+)"', html)
    assert links
    with Store(site["db"], readonly=True) as store:
        for article_id, start in links:
            text = store.article(article_id)["text"]
            assert text[int(start) :].startswith("We will not accept pressure")


def _marks_of(data, text: str) -> list[Span]:
    from hypothesis import strategies as st

    edges = st.integers(0, len(text))
    marks = []
    for number in range(data.draw(st.integers(0, 8))):
        start, end = sorted((data.draw(edges), data.draw(edges)))
        if start < end:
            kind = data.draw(st.sampled_from(["quote", "event", "entity", "place"]))
            marks.append(Span(start, end, kind, f"r{number}"))
    return marks


def test_any_marks_keep_the_text_and_balance() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(text=st.text(alphabet='ab <>&"\n', min_size=1, max_size=40), data=st.data())
    def check(text: str, data) -> None:
        marks = _marks_of(data, text)
        anchors = set(data.draw(st.lists(st.integers(0, len(text)), max_size=3)))
        html = str(marked_text(text, marks, anchors))
        parsed = _parse(html)
        assert parsed.balanced and not parsed.open
        assert "".join(parsed.parts) == text
        assert html.count('class="anchor"') == len(anchors)

    check()


def test_no_page_answers_a_server_error(site) -> None:
    from urllib.parse import quote

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    client = site["client"]
    words = st.text(max_size=30)

    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(kind=st.sampled_from(["search", "article", "entity", "actor", "dyad", "paste"]),
           one=words, two=words)  # fmt: skip
    def check(kind: str, one: str, two: str) -> None:
        if kind == "search":
            response = client.get("/search", params={"q": one, "offset": len(two)})
        elif kind == "paste":
            response = client.post("/extract", data={"article": one})
        else:
            path = {"article": "/articles/{}", "entity": "/entities/{}", "actor": "/actors/{}",
                    "dyad": "/dyads/{}/" + quote(two, safe="")}[kind]  # fmt: skip
            response = client.get(path.format(quote(one, safe="")))
        assert response.status_code < 500, (kind, one, two, response.text[:300])

    check()
