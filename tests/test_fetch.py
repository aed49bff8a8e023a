"""URL fetching against a real HTTP server on 127.0.0.1 that the tests start themselves."""

from __future__ import annotations

import gzip
import json
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsgraph.ingest import read_inputs
from newsgraph.ingest.fetch import address_kind, fetch_all
from newsgraph.settings import Settings
from newsgraph.types import Article, Rejection

PAGE = (
    "<html lang='en'><head><title>Bridge reopens after repairs</title>"
    "<meta name='keywords' content='transport, city'></head><body><nav>Home | World</nav>"
    "<article><h1>Bridge reopens after repairs</h1>"
    + "".join(
        f"<p>Paragraph {n}: the city bridge reopened to traffic on Monday after months of "
        "repairs, and drivers said the crossing was much smoother than before.</p>"
        for n in range(4)
    )
    + "</article><footer>Copyright</footer></body></html>"
)

# A decompression bomb in two gzip layers: 8 MB of zeros, about a hundred bytes on the wire.
BOMB_DECODED = 8_000_000
BOMB = gzip.compress(gzip.compress(b"\0" * BOMB_DECODED))


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.log: list[str] = []
        self.agents: list[str] = []
        self.active = self.most_active = 0
        self.flaky = 0
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def send(
        self,
        code: int,
        body: bytes = b"",
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.log.append(self.path)
            server.agents.append(self.headers.get("User-Agent", ""))
        self.route()

    def route(self) -> None:
        path = self.path
        if path.startswith("/article"):
            self.send(200, PAGE.encode())
        elif path == "/slow-article":
            # counted while the client waits, before it has its answer: a request that has its
            # answer may start the next one before this thread could count itself out
            with self.server.lock:
                self.server.active += 1
                self.server.most_active = max(self.server.most_active, self.server.active)
            time.sleep(0.3)
            with self.server.lock:
                self.server.active -= 1
            self.send(200, PAGE.encode())
        elif path == "/latin1":
            body = PAGE.replace("repairs", "réparations").encode("latin-1")
            self.send(200, body, "text/html; charset=iso-8859-1")
        elif path == "/missing":
            self.send(404, b"not here")
        elif path == "/hang":
            time.sleep(3)
            self.send(200, PAGE.encode())
        elif path == "/huge":
            self.send(200, b"<p>" + b"x" * 50_000 + b"</p>")
        elif path == "/huge-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the body runs until the connection closes
            for _ in range(50):
                self.wfile.write(b"<p>" + b"y" * 1000 + b"</p>")
            self.close_connection = True
        elif path == "/bomb":
            self.send(200, BOMB, headers={"Content-Encoding": "gzip, gzip"})
        elif path == "/gzip-twice":
            self.send(200, gzip.compress(gzip.compress(PAGE.encode())), headers=_STACKED)
        elif path == "/deflate":
            self.send(200, zlib.compress(PAGE.encode()), headers={"Content-Encoding": "deflate"})
        elif path == "/raw-deflate":
            packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            body = packer.compress(PAGE.encode()) + packer.flush()
            self.send(200, body, headers={"Content-Encoding": "deflate"})
        elif path == "/gzip-cut":
            self.send(200, gzip.compress(PAGE.encode())[:-30], headers={"Content-Encoding": "gzip"})
        elif path == "/brotli":
            self.send(200, b"\x1b\x03\x00", headers={"Content-Encoding": "br"})
        elif path == "/dribble-headers":
            self.dribble_headers()
        elif path.startswith("/hop/"):
            time.sleep(0.35)
            left = int(path[len("/hop/") :])
            self.send(302, headers={"Location": f"/hop/{left - 1}" if left else "/article"})
        elif path == "/flaky":
            with self.server.lock:
                self.server.flaky += 1
                first = self.server.flaky == 1
            self.send(503, b"busy") if first else self.send(200, PAGE.encode())
        elif path == "/loop":
            self.send(302, headers={"Location": "/loop"})
        elif path == "/to-article":
            self.send(301, headers={"Location": "/article"})
        elif path.startswith("/to="):
            self.send(302, headers={"Location": path[len("/to=") :]})
        elif path == "/feed":
            items = "".join(
                f"<item><title>Story {n}</title><link>{self.server.base}/article{n}</link>"
                "<description>teaser</description></item>"
                for n in range(3)
            )
            feed = f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{items}"
            self.send(200, (feed + "</channel></rss>").encode(), "application/rss+xml")
        else:
            self.send(404)

    def dribble_headers(self) -> None:
        """A status line, then one header line every quarter second for 7.5 s, then a page."""
        self.close_connection = True
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            for n in range(30):
                time.sleep(0.25)
                self.wfile.write(f"X-Slow-{n}: {n}\r\n".encode())
            self.wfile.write(f"Content-Length: {len(PAGE)}\r\n\r\n{PAGE}".encode())
        except OSError:  # the client gave up and closed the connection
            pass


_STACKED = {"Content-Encoding": "gzip, gzip"}


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = Server()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


OPEN = Settings(fetch=True, allow_private=True, timeout=2.0, retries=0, max_bytes=20_000)


def fetch(urls: list[str], settings: Settings = OPEN, **kw) -> list[Article | Rejection]:
    return list(fetch_all(urls, settings, {"url": None, "published": None}, **kw))


def test_page_is_fetched_and_read_as_html(server: Server):
    (article,) = fetch([server.base + "/article"])
    assert isinstance(article, Article)
    assert article.is_html and article.url == server.base + "/article"
    assert article.source == server.base + "/article"
    assert "newsgraph" in server.agents[0]


def test_declared_charset_is_honoured(server: Server):
    (article,) = fetch([server.base + "/latin1"])
    assert isinstance(article, Article)
    assert "réparations" in article.raw


def test_results_keep_input_order_and_failures_are_reasons(server: Server):
    urls = [server.base + p for p in ("/slow-article", "/missing", "/article", "/loop")]
    results = fetch(urls)
    assert [r.source for r in results] == urls
    assert isinstance(results[0], Article) and isinstance(results[2], Article)
    assert isinstance(results[1], Rejection) and "HTTP 404" in results[1].reason
    assert isinstance(results[3], Rejection) and "more than 5 redirects" in results[3].reason


def test_loopback_is_refused_by_default_before_connecting(server: Server):
    closed = Settings(fetch=True, timeout=2.0, retries=0)
    (result,) = fetch([server.base + "/article"], closed)
    assert isinstance(result, Rejection)
    assert "loopback" in result.reason and "--allow-private" in result.reason
    assert server.log == []  # refused after resolving, before any connection
    (result,) = fetch(["http://localhost:9/x"], closed)
    assert isinstance(result, Rejection) and "loopback" in result.reason


@pytest.mark.parametrize("target", ["http://10.20.30.40/inside", "http://169.254.169.254/meta"])
def test_redirect_to_a_private_address_is_refused(server: Server, target: str):
    # Only the test server itself is trusted; allow_private stays off, so every redirect hop is
    # checked and the private target is refused without a connection being tried.
    closed = Settings(fetch=True, timeout=2.0, retries=0)
    port = server.server_address[1]
    (result,) = fetch(
        [f"{server.base}/to={target}"], closed, trusted=frozenset({f"127.0.0.1:{port}"})
    )
    assert isinstance(result, Rejection)
    assert "refused" in result.reason and (
        "private" in result.reason or "link-local" in result.reason
    )


def test_redirect_to_another_loopback_port_is_refused(server: Server):
    other = Server()
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        closed = Settings(fetch=True, timeout=2.0, retries=0)
        port = server.server_address[1]
        trusted = frozenset({f"127.0.0.1:{port}"})
        (result,) = fetch([f"{server.base}/to={other.base}/article"], closed, trusted=trusted)
        assert isinstance(result, Rejection) and "loopback" in result.reason
        assert other.log == []
        (followed,) = fetch([server.base + "/to-article"], closed, trusted=trusted)
        assert isinstance(followed, Article)  # a redirect within the trusted server is followed
    finally:
        other.shutdown()
        other.server_close()


def test_slow_response_times_out(server: Server):
    started = time.monotonic()
    (result,) = fetch([server.base + "/hang"], Settings(allow_private=True, timeout=0.5, retries=0))
    assert isinstance(result, Rejection) and "timed out" in result.reason
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("path", ["/huge", "/huge-unannounced"])
def test_oversized_body_is_refused(server: Server, path: str):
    (result,) = fetch([server.base + path])
    assert isinstance(result, Rejection) and "too large" in result.reason


def test_server_errors_are_retried_with_backoff(server: Server):
    (result,) = fetch([server.base + "/flaky"], Settings(allow_private=True, retries=1))
    assert isinstance(result, Article)
    assert server.log.count("/flaky") == 2


def test_requests_to_one_host_are_limited(server: Server):
    settings = Settings(allow_private=True, per_host=2, retries=0)
    results = fetch([server.base + "/slow-article"] * 6, settings)
    assert all(isinstance(r, Article) for r in results)
    assert server.most_active == 2


def test_feed_links_are_fetched_when_fetching_is_on(server: Server):
    results = fetch([server.base + "/feed"])
    assert [r.url for r in results if isinstance(r, Article)] == [
        f"{server.base}/article{n}" for n in range(3)
    ]


def test_urls_need_fetching_switched_on(server: Server, tmp_path):
    url_list = tmp_path / "urls.txt"
    url_list.write_text(f"# morning list\n{server.base}/article\n\n{server.base}/missing\n")
    off = list(read_inputs([], Settings(allow_private=True), urls_file=str(url_list)))
    assert all(isinstance(r, Rejection) and "--fetch" in r.reason for r in off)
    on = list(read_inputs([], OPEN, urls_file=str(url_list)))
    assert isinstance(on[0], Article) and isinstance(on[1], Rejection)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.4", "private"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),
        ("0.0.0.0", "private"),
        ("100.64.0.1", "non-public"),
        ("93.184.216.34", None),
    ],
)
def test_address_kinds(address: str, kind: str | None):
    assert address_kind(address) == kind


def test_cli_fetches_urls_and_reports_failures(server: Server, tmp_path, extract_command):
    url_list = tmp_path / "urls.txt"
    url_list.write_text(f"{server.base}/missing\n{server.base}/to-article\n")
    args = ["--allow-private", "--timeout", "3", server.base + "/article", "--urls", str(url_list)]
    result = extract_command(*args)
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err
    first, redirected = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert first["title"] == "Bridge reopens after repairs"
    assert first["url"] == server.base + "/article"
    assert first["text"].startswith("Paragraph 0:") and "Copyright" not in first["text"]
    assert first["tags"] == ["transport", "city"]
    assert redirected["url"] == server.base + "/article"  # the address after the redirect
    assert f"{server.base}/missing: HTTP 404" in err


def test_stacked_gzip_bomb_is_capped_layer_by_layer(server: Server):
    # 8 MB decoded from about a hundred bytes, against a 20,000-byte limit: decoding must stop
    # at the limit, never holding the whole inner layer in memory.
    tracemalloc.start()
    try:
        (result,) = fetch([server.base + "/bomb"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result, Rejection) and result.source == server.base + "/bomb"
    assert "too large" in result.reason and "20,000" in result.reason
    assert peak < BOMB_DECODED // 4, f"{peak:,} bytes held while decoding"


@pytest.mark.parametrize("path", ["/gzip-twice", "/deflate", "/raw-deflate"])
def test_encoded_pages_are_decoded(server: Server, path: str):
    (article,) = fetch([server.base + path])
    assert isinstance(article, Article)
    assert "Bridge reopens after repairs" in article.raw


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/gzip-cut", "cut short"), ("/brotli", "unsupported Content-Encoding 'br'")],
)
def test_undecodable_bodies_are_refused(server: Server, path: str, reason: str):
    (result,) = fetch([server.base + path])
    assert isinstance(result, Rejection) and reason in result.reason


def test_timeout_covers_slowly_arriving_headers(server: Server):
    # Every header line comes well within the one-second timeout; the whole response takes 7.5 s.
    url = server.base + "/dribble-headers"
    started = time.monotonic()
    (result,) = fetch([url], Settings(allow_private=True, timeout=1.0, retries=0))
    elapsed = time.monotonic() - started
    assert isinstance(result, Rejection) and result.source == url
    assert result.reason == "timed out after 1 s"
    assert elapsed < 2.5


def test_timeout_covers_the_whole_redirect_chain(server: Server):
    # Five hops of 0.35 s each: every one is quick, the chain is not.
    url = server.base + "/hop/4"
    started = time.monotonic()
    (result,) = fetch([url], Settings(allow_private=True, timeout=1.0, retries=0))
    elapsed = time.monotonic() - started
    assert isinstance(result, Rejection) and "timed out after 1 s" in result.reason
    assert elapsed < 2.0
    (followed,) = fetch([url], Settings(allow_private=True, timeout=5.0, retries=0))
    assert isinstance(followed, Article)  # with time enough, the chain is followed


def test_cli_timeout_covers_slowly_arriving_headers(server: Server, extract_command):
    url = server.base + "/dribble-headers"
    started = time.monotonic()
    result = extract_command("--allow-private", "--timeout", "1", url)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert f"{url}: timed out after 1 s" in result.stderr.decode()
    assert server.log.count("/dribble-headers") == 3  # two retries, each within its own budget
    assert elapsed < 12  # three tries of 1 s and 1.5 s of backoff, not three of 7.5 s
