"""The JSON API of ``newsgraph serve``, against a real uvicorn server on loopback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx
import pytest
from serve_support import build_store, running

from newsgraph.api import ServerConfig, create_app
from newsgraph.store import Store

TOKEN = "a-token-of-enough-length-0123"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("serve") / "api.db"
    return {"db": db, **build_store(db)}


@pytest.fixture(scope="module")
def api(built: dict):
    app = create_app(ServerConfig(db=built["db"], max_body=100_000))
    with running(app) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield client


def error_of(response: httpx.Response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["status"] == response.status_code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def test_schema_lists_every_endpoint(api: httpx.Client) -> None:
    paths = set(api.get("/openapi.json").json()["paths"])
    for path in ("/api/extract", "/api/search", "/api/articles/{article_id}", "/api/entities",
                 "/api/quotes", "/api/events", "/api/timeline", "/api/stories",
                 "/api/export/{format}", "/api/ingest", "/api/actors/{code}"):  # fmt: skip
        assert path in paths
    assert not any(p.startswith("/actors") for p in paths)  # pages stay out of the API


def test_search_pages_cover_the_library_result(api: httpx.Client, built: dict) -> None:
    with Store(built["db"], readonly=True) as store:
        expected = [row["id"] for row in store.search("talks", limit=100)]
    assert len(expected) > 12
    seen, offset = [], 0
    while offset is not None:
        page = api.get("/api/search", params={"q": "talks", "limit": 5, "offset": offset}).json()
        assert len(page["items"]) <= 5
        seen += [row["id"] for row in page["items"]]
        offset = page["next_offset"]
    assert seen == expected


def test_article_is_the_stored_record(api: httpx.Client, built: dict) -> None:
    article_id = built["ids"][7]
    with Store(built["db"], readonly=True) as store:
        assert api.get(f"/api/articles/{article_id}").json() == store.article(article_id)


def test_unknown_ids_are_404_in_the_one_error_shape(api: httpx.Client) -> None:
    for url in ("/api/articles/0123456789abcdef", "/api/entities/PERSON:nobody at all",
                "/api/nothing-here"):  # fmt: skip
        response = api.get(url)
        assert response.status_code == 404
        assert "no such" in error_of(response)["message"] or url.endswith("here")
    assert error_of(api.delete("/api/stories"))["status"] == 405


def test_bad_parameters_are_422_naming_them(api: httpx.Client) -> None:
    for params, name in (({"quad": 7}, "quad"), ({"since": "May 1"}, "since"),
                         ({"limit": 0}, "limit"), ({"dyad": "MEX"}, "dyad")):  # fmt: skip
        response = api.get("/api/events", params=params)
        assert response.status_code == 422
        assert name in error_of(response)["message"]
    response = api.get("/api/events", params={"since": "2024-03-01", "until": "2024-01-01"})
    assert response.status_code == 400 and "after" in error_of(response)["message"]


def test_events_filter_and_point_at_their_sentence(api: httpx.Client, built: dict) -> None:
    page = api.get("/api/events", params={"actor": "MEX", "limit": 20}).json()
    assert page["items"]
    with Store(built["db"], readonly=True) as store:
        for event in page["items"]:
            assert "MEX" in (event["source_actor"][:3], event["target_actor"][:3])
            record = store.article(event["article_id"])
            stated = [e for e in record["events"] if e["start"] == event["start"]]
            assert stated and stated[0]["code"] == event["code"]
    by_name = api.get("/api/events", params={"source": "Maria Lopez"}).json()["items"]
    assert by_name and {e["source_name"] for e in by_name} == {"Maria Lopez"}
    spoken = api.get("/api/quotes", params={"source": "carlos vega"}).json()["items"]
    assert spoken and {q["speaker"] for q in spoken} == {"Carlos Vega"}
    dyad = api.get("/api/events", params={"dyad": ["GTM", "MEX"]}).json()["items"]
    assert dyad
    assert all(e["source_actor"].startswith("GTM") and e["target_actor"].startswith("MEX")
               for e in dyad)  # fmt: skip


def test_quotes_entities_timeline_stories(api: httpx.Client) -> None:
    quotes = api.get("/api/quotes", params={"speaker": "Vega"}).json()["items"]
    assert quotes and all(q["speaker"] == "Carlos Vega" for q in quotes)
    people = api.get("/api/entities", params={"type": "PERSON"}).json()["items"]
    assert people and all(e["type"] == "PERSON" for e in people)
    weeks = api.get("/api/timeline", params={"actor": "GTM", "period": "week"}).json()["items"]
    assert weeks and sum(w["events"] for w in weeks) > 0
    stories = api.get("/api/stories").json()["items"]
    assert stories[0]["num_articles"] >= stories[-1]["num_articles"]


def test_entity_by_key(api: httpx.Client) -> None:
    entity = api.get("/api/entities/PERSON:carlos vega").json()
    assert entity["name"] == "Carlos Vega" and entity["quotes"]


def test_export_is_a_download(api: httpx.Client, built: dict) -> None:
    response = api.get("/api/export/jsonl")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    ids = {json.loads(line)["id"] for line in response.text.splitlines()}
    assert ids == {*built["ids"], built["hostile"]}
    import io
    import zipfile

    tables = api.get("/api/export/csv")
    assert tables.status_code == 200 and tables.headers["content-disposition"].endswith('.zip"')
    names = zipfile.ZipFile(io.BytesIO(tables.content)).namelist()
    assert "articles.csv" in names and "event_groups.csv" in names


def test_bodies_over_the_limit_are_413(api: httpx.Client) -> None:
    big = json.dumps({"text": "word " * 30_000})
    response = api.post("/api/extract", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413 and "limit" in error_of(response)["message"]

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(30):
            yield b"x" * 5_000

    response = api.post(
        "/api/extract", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    error_of(response)


def test_every_response_carries_the_security_policy(api: httpx.Client) -> None:
    for url in ("/", "/api/stories", "/api/articles/0123456789abcdef", "/static/app.js"):
        policy = api.get(url).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_ingest_is_refused_without_a_token(api: httpx.Client, built: dict) -> None:
    before = Path(built["db"]).stat().st_mtime_ns
    response = api.post("/api/ingest", json={"articles": [{"text": "Mexico met Cuba."}]})
    assert response.status_code == 403 and "--token-file" in error_of(response)["message"]
    assert Path(built["db"]).stat().st_mtime_ns == before


def test_the_served_connection_cannot_write(built: dict) -> None:
    app = create_app(ServerConfig(db=built["db"]))
    store = app.state.stores.get()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.conn.execute("DELETE FROM articles")


@pytest.mark.slow
def test_extract_gives_the_library_record(api: httpx.Client) -> None:
    import newsgraph

    text = (
        "Mexican President Andrés Manuel López Obrador visited Havana on Monday. "
        '"We will keep helping Cuba," López Obrador said.'
    )
    response = api.post("/api/extract", json={"text": text, "published": "2022-05-08"})
    assert response.status_code == 200
    assert response.json() == newsgraph.extract(text, published="2022-05-08")
    assert error_of(api.post("/api/extract", json={"text": "   "}))["status"] == 422


@pytest.mark.slow
def test_ingest_with_the_token(tmp_path: Path) -> None:
    db = tmp_path / "ingest.db"
    build_store(db, size=3)
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    from newsgraph.api.serve import read_token

    app = create_app(ServerConfig(db=db, token=read_token(str(token_file))))
    text = "Mexico's foreign minister met Guatemala's president in Guatemala City on Tuesday."
    body = {"articles": [{"text": text, "published": "2024-05-02"}]}
    with running(app) as base, httpx.Client(base_url=base, timeout=120) as client:
        assert error_of(client.post("/api/ingest", json=body))["status"] == 401
        wrong = {"authorization": "Bearer not-the-token-at-all"}
        assert client.post("/api/ingest", json=body, headers=wrong).status_code == 401
        right = {"authorization": f"Bearer {TOKEN}"}
        results = client.post("/api/ingest", json=body, headers=right).json()["results"]
        assert results[0]["status"] == "stored"
        found = client.get("/api/search", params={"q": "foreign minister"}).json()["items"]
        assert [row["id"] for row in found] == [results[0]["id"]]


def test_concurrent_requests_all_succeed(api: httpx.Client) -> None:
    from concurrent.futures import ThreadPoolExecutor

    urls = ["/api/search?q=talks", "/api/events?actor=MEX", "/actors/MEX", "/search?q=border"]
    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(api.get, urls * 15))
    assert [r.status_code for r in responses] == [200] * len(responses)
    for url in urls:
        bodies = {r.text for r, u in zip(responses, urls * 15, strict=True) if u == url}
        assert len(bodies) == 1


def test_cached_answers_follow_the_database(tmp_path: Path) -> None:
    from newsgraph.store.synthetic import base_record

    db = tmp_path / "cache.db"
    build_store(db, size=3)
    with running(create_app(ServerConfig(db=db))) as base, httpx.Client(base_url=base) as client:
        first = client.get("/api/search", params={"q": "zebra"}).json()["items"]
        assert first == [] and client.get("/api/search", params={"q": "zebra"}).json() == {
            "items": [], "limit": 20, "offset": 0, "next_offset": None,
        }  # fmt: skip
        record = base_record("A zebra crossed the border.", "2024-03-03")
        with Store(db) as writer:
            writer.add(record)
        found = client.get("/api/search", params={"q": "zebra"}).json()["items"]
        assert [row["id"] for row in found] == [record["id"]]


def test_control_characters_in_search_words_are_422(api: httpx.Client) -> None:
    for url, params in (("/api/search", {"q": "a\x00b"}), ("/api/quotes", {"text": "\x00"})):
        response = api.get(url, params=params)
        assert response.status_code == 422 and "should match" in error_of(response)["message"]


PAGE = """<html><head><title>Border talks resume</title></head><body><article>
<h1>Border talks resume</h1><p>Mexico and Guatemala resumed talks on the border on Monday,
officials said. The delegations met in Guatemala City for three hours.</p>
<p>"We will keep talking," the Guatemalan foreign minister said after the meeting.</p>
</article></body></html>"""


@pytest.fixture
def page_server():
    """A web page served on loopback (the network edge, made local)."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/article.html"
    server.shutdown()
    server.server_close()


def test_a_url_alone_is_fetched_only_when_allowed(
    api: httpx.Client, built: dict, page_server
) -> None:
    from newsgraph.settings import Settings

    refused = api.post("/api/extract", json={"url": page_server})
    assert refused.status_code == 422 and "fetching is off" in error_of(refused)["message"]
    public_only = create_app(ServerConfig(db=built["db"], fetching=Settings(fetch=True)))
    with running(public_only) as base:
        response = httpx.post(f"{base}/api/extract", json={"url": page_server}, timeout=60)
    assert response.status_code == 422 and "127.0.0.1" in error_of(response)["message"]
    allowed = Settings(fetch=True, allow_private=True)
    with running(create_app(ServerConfig(db=built["db"], fetching=allowed))) as base:
        record = httpx.post(f"{base}/api/extract", json={"url": page_server}, timeout=60).json()
    assert record["url"] == page_server
    assert "resumed talks on the border" in record["text"]


def test_the_cache_keeps_what_it_may_and_no_more(tmp_path: Path) -> None:
    import asyncio

    from newsgraph.api import cache

    db = tmp_path / "c.db"
    db.write_bytes(b"x")
    calls: list[str] = []

    async def app(scope, receive, send) -> None:
        calls.append(scope["path"])
        status = 404 if scope["path"] == "/missing" else 200
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode() * 10})

    cached = cache.PageCache(app, db, entries=2)

    def get(path: str) -> bytes:
        sent: list[dict] = []

        async def send(message) -> None:
            sent.append(message)

        async def receive() -> dict:
            return {"type": "http.disconnect"}

        scope = {"type": "http", "method": "GET", "path": path, "query_string": b""}
        asyncio.run(cached(scope, receive, send))
        return b"".join(m.get("body", b"") for m in sent)

    for path in ("/a", "/a", "/b", "/c", "/a", "/missing", "/missing", "/api/export/x"):
        assert get(path) == path.encode() * 10
    assert calls == ["/a", "/b", "/c", "/a", "/missing", "/missing", "/api/export/x"]
    db.write_bytes(b"changed")  # the database changed: nothing kept is answered again
    get("/c")
    assert calls[-1] == "/c"


def test_serve_command_refuses_bad_options_in_one_line(tmp_path: Path, capsys) -> None:
    from newsgraph.cli import main

    short = tmp_path / "token"
    short.write_text("short\n")
    db = tmp_path / "s.db"
    build_store(db, size=1)
    for argv, reason in (
        (["--db", str(tmp_path / "absent.db")], "no such database"),
        (["--db", str(db), "--token-file", str(short)], "at least 16 characters"),
        (["--db", str(db), "--token-file", str(tmp_path / "none")], "cannot read the token"),
        (["--db", str(db), "--port", "0"], "expected a port"),
    ):
        assert main(["serve", *argv]) == 2
        error = capsys.readouterr().err.strip().splitlines()
        assert len(error) == 1 and reason in error[0], error


@pytest.mark.slow
def test_serve_command_with_two_workers(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    from serve_support import free_port

    db = tmp_path / "w.db"
    built = build_store(db, size=3)
    port = free_port()
    command = Path(sys.executable).with_name("newsgraph")
    server = subprocess.Popen(
        [str(command), "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
        stderr=subprocess.PIPE,
    )
    try:
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/articles/{built['hostile']}")
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None and answer.json()["id"] == built["hostile"]
    finally:
        server.terminate()
        server.wait(20)
        server.stderr.close()
