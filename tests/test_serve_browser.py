"""The web pages in a real headless Chromium (Debian's ``chromium``, driven by playwright).

Without the browser these tests skip on a developer's machine, and fail under CI (CI=true),
where ``.ci/run`` installs it.  Screenshots go to ``artifacts/screenshots``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from serve_support import HOSTILE, build_store, running

from newsgraph.api import ServerConfig, create_app
from newsgraph.web.worldmap import DEFAULT_MAP

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("NEWSGRAPH_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
IN_CI = os.environ.get("CI", "").lower() == "true"


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason}: CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        _missing(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("browser") / "site.db"
    built = build_store(db, size=30)
    with running(create_app(ServerConfig(db=db))) as base:
        yield {"base": base, **built}


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh page that records dialogs (alert, confirm) and script errors, and leaves a
    screenshot named after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    opened = context.new_page()
    opened.dialogs, opened.errors = [], []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    SHOTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(SHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def _seed_000() -> str | None:
    found = sorted((ROOT.parent / "shared" / "seeds").glob("000_*.txt"))
    return found[0].read_text(encoding="utf-8") if found else None


@pytest.mark.slow
def test_paste_page_highlights_amlo_quotes_and_shows_the_speaker(page, site) -> None:
    seed = _seed_000()
    if seed is None:
        pytest.skip("../shared/seeds is not beside the checkout (no bundled AMLO article)")
    page.goto(site["base"] + "/extract")
    page.fill("textarea[name=article]", seed)
    page.click("#analyse")
    page.wait_for_selector("#text mark[data-quote]")
    quotes = page.locator("#text mark[data-quote]")
    speakers = []
    for number in range(quotes.count()):
        quotes.nth(number).click()
        speakers.append(page.locator("#details [data-kind=quote] .speaker").first.inner_text())
    his = [s for s in speakers if "López Obrador" in s]
    assert len(his) >= 3, speakers
    build = page.locator("#text mark[data-quote]", has_text="We must build something")
    build.first.click()
    assert "López Obrador" in page.locator("#details .speaker").first.inner_text()
    assert "AMLO assured" in page.locator("#details .sentence").first.inner_text()
    assert page.locator("section.removed").count() == 1
    assert page.errors == [] and page.dialogs == []


def test_actor_page_draws_its_chart_network_and_map(page, site) -> None:
    page.goto(site["base"] + "/actors/MEX")
    bars = page.locator("#timeline svg rect.bar")
    assert bars.count() > 5
    box = page.locator("#timeline svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 80
    assert page.locator("#timeline polyline.goldstein").count() == 1
    assert page.locator("#network svg circle.node").count() > 3
    assert page.locator("#network svg line.edge.side").count() >= 1  # counterparts' own events
    if DEFAULT_MAP.is_file():
        base = page.locator("#map img")
        base.evaluate("img => img.decode()")
        assert base.evaluate("img => img.complete && img.naturalWidth") > 0
        assert base.bounding_box()["width"] > 300
        assert page.locator("#map svg path.country.hit").count() >= 1
        assert page.locator("#map svg circle.place").count() >= 1
    elif IN_CI:
        pytest.fail("the map's shapes are not installed: .ci/run must run `make map`")
    else:
        assert "make map" in page.locator("#map").inner_text()
    assert page.errors == []


def test_hostile_article_shows_markup_as_text_and_runs_nothing(page, site) -> None:
    page.goto(f"{site['base']}/articles/{site['hostile']}")
    shown = page.locator("#text").inner_text()
    assert "<script>alert(1)</script>" in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert HOSTILE.split("\n\n")[1][:40] in shown
    assert page.locator("h2.headline").inner_text() == "<script>alert('title')</script>"
    assert page.evaluate("document.querySelectorAll('main script, main img').length") == 0
    page.locator("#text mark").first.click()
    page.wait_for_timeout(300)
    assert page.dialogs == [] and page.errors == []


def test_an_event_links_to_its_sentence(page, site) -> None:
    page.goto(site["base"] + "/actors/GTM")
    link = page.locator("table.events a", has_text="sentence").first
    href = link.get_attribute("href")
    assert href and "#at-" in href
    link.click()
    page.wait_for_url("**/articles/**")
    anchor = page.locator(f"[id='{href.split('#')[1]}']")
    assert anchor.count() == 1
    assert page.evaluate(
        "(id) => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        href.split("#")[1],
    )
