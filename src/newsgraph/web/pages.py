"""The web pages: server-rendered HTML over the store's queries and the pipeline.

Templates autoescape everything; the only markup they are handed whole is built by
``highlight``, ``charts`` and ``worldmap``, which escape every piece of text themselves.
Scripts and styles are the app's own files under ``/static`` (the Content-Security-Policy
forbids inline script).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from newsgraph.api.app import store
from newsgraph.api.routes import MAX_OFFSET, PRINTABLE, ExtractRequest, run_extract
from newsgraph.errors import InputError
from newsgraph.store import Store, browse, queries
from newsgraph.web.charts import network_chart, timeline_chart
from newsgraph.web.record_view import record_view
from newsgraph.web.worldmap import DEFAULT_MAP, MISSING, world_map, world_svg

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
StoreDep = Annotated[Store, Depends(store)]
Code = Annotated[str, PathParam(min_length=2, max_length=30, pattern=r"^[A-Za-z]+$")]
MAX_PASTE = 1_000_000


def mount_pages(app: FastAPI) -> None:
    """Add the pages and their static files to ``app``."""
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(router)


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    """An error as a page, with the same status the API would give."""
    return render(request, "error.html", status=status, status_code=status, message=message)


@router.get("/")
def home(request: Request, db: StoreDep) -> Response:
    return render(
        request, "home.html", counts=browse.overview(db.conn),
        stories=browse.recent_stories(db.conn, 12), actors=queries.top_actors(db.conn, 12),
    )  # fmt: skip


@router.get("/search")
def search(
    request: Request,
    db: StoreDep,
    q: Annotated[str, Query(max_length=200, pattern=PRINTABLE)] = "",
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    found: dict[str, Any] = {"articles": [], "entities": [], "quotes": [], "more": False}
    if q.split():
        articles = db.search(q, limit=offset + 21)
        found["articles"], found["more"] = (
            articles[offset : offset + 20],
            len(articles) > offset + 20 and offset + 20 <= MAX_OFFSET,
        )
        found["entities"] = browse.with_keys(db.conn, db.entities(name=q, top=10))
        found["quotes"] = browse.quotes_holding(db.conn, q, 10)
    return render(request, "search.html", q=q, offset=offset, **found)


@router.get("/extract")
def extract_form(request: Request) -> Response:
    return render(request, "extract.html", view=None, record=None, pasted="")


@router.post("/extract")
def extract_page(
    request: Request, article: Annotated[str, Form(max_length=MAX_PASTE)] = ""
) -> Response:
    error = "" if article.strip() else "Paste an article's text or HTML first."
    if not error:
        try:
            record = run_extract(ExtractRequest.model_validate({"text": article}))
        except InputError as exc:
            error = str(exc)
    if error:
        return render(
            request, "extract.html", status=422, view=None, record=None, pasted=article,
            error=error,
        )  # fmt: skip
    return render(request, "extract.html", view=record_view(record), record=record, pasted=article)


@router.get("/articles/{article_id}")
def article(
    request: Request,
    db: StoreDep,
    article_id: Annotated[str, PathParam(min_length=4, max_length=64, pattern=r"^[0-9a-f]+$")],
) -> Response:
    record = db.article(article_id)
    story = browse.article_story(db.conn, record["id"])
    copies = browse.story_articles(db.conn, story) if story else []
    texts = browse.story_size(db.conn, story) if story else 1
    return render(
        request, "article.html", record=record, view=record_view(record), copies=copies,
        texts=texts,
    )  # fmt: skip


@router.get("/entities/{key:path}")
def entity(request: Request, db: StoreDep, key: str) -> Response:
    found = browse.entity(db.conn, key)
    return render(
        request, "entity.html", entity=found,
        quotes=browse.entity_quotes(db.conn, found["id"]),
        appearances=browse.entity_appearances(db.conn, found["id"]),
    )  # fmt: skip


@router.get("/actors/{code}")
def actor(request: Request, db: StoreDep, code: Code) -> Response:
    code = code.upper()
    events = browse.latest_events(db.conn, actor=code, limit=30)
    places = browse.actor_places(db.conn, code)
    countries = [row["country"] for row in browse.actor_countries(db.conn, code)]
    others = browse.counterparts(db.conn, code)
    links = browse.links_among(db.conn, [row["actor"] for row in others])
    return render(
        request, "actor.html", code=code, entities=browse.actor_profile(db.conn, code),
        events=events, quotes=browse.actor_quotes(db.conn, code), counterparts=others,
        timeline=timeline_chart(db.timeline(actor=code, period="week")),
        network=network_chart(code, others, links),
        map=world_map(places, countries, request.app.state.config.map_file), places=places,
    )  # fmt: skip


@router.get("/map/world.svg")
def world(request: Request) -> Response:
    path = request.app.state.config.map_file or DEFAULT_MAP
    if not path.is_file():
        raise HTTPException(404, MISSING)
    headers = {"cache-control": "public, max-age=86400"}
    return Response(world_svg(path), media_type="image/svg+xml", headers=headers)


@router.get("/dyads/{a}/{b}")
def dyad(request: Request, db: StoreDep, a: Code, b: Code) -> Response:
    a, b = a.upper(), b.upper()
    if a == b:
        raise HTTPException(422, "a dyad is two different actors")
    sides = []
    for source, target in ((a, b), (b, a)):
        rows = db.timeline(dyad=(source, target), period="week")
        events = browse.latest_events(db.conn, dyad=(source, target), limit=50)
        sides.append(
            {
                "source": source,
                "target": target,
                "chart": timeline_chart(rows),
                "events": events,
                "totals": _totals(rows),
            }
        )
    return render(request, "dyad.html", a=a, b=b, sides=sides)


def _totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    cooperation = sum(
        (r.get("verbal_cooperation") or 0) + (r.get("material_cooperation") or 0) for r in rows
    )
    conflict = sum(
        (r.get("verbal_conflict") or 0) + (r.get("material_conflict") or 0) for r in rows
    )
    return {"cooperation": cooperation, "conflict": conflict}
