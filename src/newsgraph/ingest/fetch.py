"""Fetch web pages over HTTP, carefully: every failure is a Rejection naming the URL.

What makes it careful:

- each host name is resolved here and the request goes to the address that was checked, so a
  name cannot point at a loopback, private, link-local or otherwise non-public address (or be
  re-pointed between check and connect) unless ``settings.allow_private`` says so;
- redirects are followed by hand, at most ``settings.max_redirects``, each hop checked the same;
- a whole fetch has ``settings.timeout`` seconds, one budget for connecting, the headers and the
  body of every hop of its redirect chain: a watchdog closes the connection when it runs out, so a
  server dribbling header lines or body bytes cannot hold a fetch past it;
- a body is read in chunks and dropped once past ``settings.max_bytes``; each ``Content-Encoding``
  layer (``gzip``, ``deflate``, stacked ones too) is undone here while streaming, and the limit
  applies to what every layer produces, so a small compressed bomb is stopped at the limit;
- timeouts and 5xx answers are tried again (``settings.retries`` times) with exponential backoff;
- at most ``settings.per_host`` requests run at once against one host.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any
from urllib.parse import urljoin

import httpx

from newsgraph.settings import Settings
from newsgraph.types import Article, Rejection

Item = Article | Rejection

MAX_WORKERS = 8
BACKOFF_SECONDS = 0.5
_ACCEPT = (
    "text/html,application/xhtml+xml;q=0.9,application/rss+xml;q=0.8,"
    "application/atom+xml;q=0.8,text/plain;q=0.5,*/*;q=0.1"
)
_ACCEPT_ENCODING = "gzip, deflate"  # only what _Inflater undoes
DECODE_CHUNK = 64 * 1024  # the most one decoding step produces at a time
MAX_CODINGS = 4  # Content-Encoding layers undone at most; real servers send one
_ZLIB_CODINGS = {"gzip", "x-gzip", "deflate"}
_UNSUPPORTED_CODINGS = {"br", "zstd", "compress", "x-compress"}
_GZIP_MAGIC = b"\x1f\x8b"


class FetchError(Exception):
    """A URL could not be fetched; ``retry`` says whether trying again may help."""

    def __init__(self, reason: str, retry: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


def fetch_all(
    urls: list[str],
    settings: Settings,
    meta: dict[str, str | None],
    trusted: frozenset[str] = frozenset(),
) -> Iterator[Item]:
    """Yield the articles (or rejections) of every URL, in the order given.

    ``trusted`` lists ``host:port`` pairs exempt from the address check (one known internal
    server), narrower than ``settings.allow_private``, which opens every address.
    """
    for items in fetch_each(urls, settings, meta, trusted):
        yield from items


def fetch_each(
    urls: list[str],
    settings: Settings,
    meta: dict[str, str | None],
    trusted: frozenset[str] = frozenset(),
) -> Iterator[list[Item]]:
    """Yield, for each URL in order, what reading it gave; fetches run concurrently."""
    if not urls:
        return
    fetcher = Fetcher(settings, trusted)
    workers = min(MAX_WORKERS, len(urls))
    window = workers * 4  # a bounded number in flight keeps a million-URL list out of memory
    with fetcher, ThreadPoolExecutor(max_workers=workers) as pool:
        pending: list[Future[list[Item]]] = []
        for url in urls:
            pending.append(pool.submit(fetcher.read, url, meta))
            if len(pending) >= window:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


class Fetcher:
    """One HTTP client shared by threads, with a concurrency slot per host."""

    def __init__(self, settings: Settings, trusted: frozenset[str] = frozenset()) -> None:
        self.settings = settings
        self.trusted = trusted
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,
            trust_env=False,  # an environment proxy would reach addresses we never checked
            # connections are keyed by the checked address, not the name: a kept-alive TLS
            # connection verified for one name must not be reused for another name on that IP
            limits=httpx.Limits(max_keepalive_connections=0),
            headers={
                "User-Agent": settings.user_agent,
                "Accept": _ACCEPT,
                "Accept-Encoding": _ACCEPT_ENCODING,
            },
        )
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def read(self, url: str, meta: dict[str, str | None]) -> list[Item]:
        """Fetch ``url`` and read what came back like a file; never raises."""
        from newsgraph.ingest import decode_body, read_stream

        try:
            final_url, content_type, data = self.get(url)
            text, _ = decode_body(data, url, content_type)
        except FetchError as exc:
            return [Rejection(url, "fetch", exc.reason)]
        except Exception as exc:  # one URL's failure must not end the batch
            return [Rejection(url, "fetch", f"{type(exc).__name__}: {exc}")]
        page_meta = {**meta, "url": meta.get("url") or final_url}
        stream = io.BytesIO(text.encode("utf-8"))
        return list(read_stream(stream, url, self.settings, page_meta))

    def get(self, url: str) -> tuple[str, str | None, bytes]:
        """Fetch with retries; return the final URL, its content type and body."""
        attempt = 0
        while True:
            try:
                return self._get_once(url)
            except FetchError as exc:
                if not exc.retry or attempt >= self.settings.retries:
                    tries = f" (after {attempt + 1} tries)" if attempt else ""
                    raise FetchError(exc.reason + tries) from exc
            time.sleep(BACKOFF_SECONDS * 2**attempt)
            attempt += 1

    def _get_once(self, url: str) -> tuple[str, str | None, bytes]:
        current = url
        budget = self.settings.timeout  # shared by every hop; waiting for a host's slot is free
        for _ in range(self.settings.max_redirects + 1):
            target, host = self._pinned(current)
            with self._slot(host):
                started = time.monotonic()
                location, content_type, data = self._request(target, current, budget)
                budget -= time.monotonic() - started
            if location is None:
                return current, content_type, data
            current = urljoin(current, location)
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    def _request(
        self, target: httpx.URL, original: str, budget: float
    ) -> tuple[str | None, str | None, bytes]:
        """One GET within ``budget`` seconds: a redirect's Location, or the content type and body.

        httpx's timeouts bound each read, not the whole: a server sending a header line or a
        body byte just inside them would hold the fetch for ever. The watchdog closes the
        connection when ``budget`` runs out, whatever the request is waiting for then.
        """
        if budget <= 0:
            raise self._timed_out()
        address = httpx.URL(original)
        deadline = time.monotonic() + budget
        watchdog = _Watchdog(budget)
        try:
            with (
                watchdog,
                self.client.stream(
                    "GET",
                    target,
                    headers={"Host": address.netloc.decode("ascii")},
                    extensions={"sni_hostname": address.host, "trace": watchdog.trace},
                    timeout=httpx.Timeout(budget),
                ) as response,
            ):
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} redirect without a Location")
                    result: tuple[str | None, str | None, bytes] = (location, None, b"")
                else:
                    _check_status(response)
                    content_type = response.headers.get("content-type")
                    result = (None, content_type, self._body(response, deadline))
        except FetchError:
            raise
        except httpx.TimeoutException as exc:
            raise self._timed_out() from exc
        except Exception as exc:
            if watchdog.fired:  # the connection was closed under the request: that is the cause
                raise self._timed_out() from exc
            if isinstance(exc, httpx.HTTPError):
                raise FetchError(f"HTTP request failed ({type(exc).__name__}: {exc})") from exc
            raise
        if watchdog.fired:  # a body that runs until the connection closes looks complete
            raise self._timed_out()
        return result

    def _timed_out(self) -> FetchError:
        return FetchError(f"timed out after {self.settings.timeout:g} s", retry=True)

    def _body(self, response: httpx.Response, deadline: float) -> bytes:
        """The decoded body, at most ``max_bytes`` on the wire and out of every encoding layer."""
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"too large ({int(declared):,} bytes; the limit is {limit:,})")
        codings = _content_codings(response)

        def wire() -> Iterator[bytes]:
            size = 0
            for chunk in response.iter_raw():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"too large (over the {limit:,}-byte limit)")
                if time.monotonic() > deadline:
                    raise self._timed_out()
                yield chunk

        chunks: Iterator[bytes] = wire()
        for coding in reversed(codings):  # the last coding listed was applied last
            chunks = _decoded(chunks, coding, limit)
        return b"".join(chunks)

    def _pinned(self, url: str) -> tuple[httpx.URL, str]:
        """The URL with its host replaced by a checked address, and the host name."""
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise FetchError(f"not a valid URL ({exc})") from exc
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise FetchError("only http:// and https:// URLs with a host can be fetched")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        allow = self.settings.allow_private or f"{parsed.host}:{port}" in self.trusted
        address = resolve(parsed.host, port, allow)
        return parsed.copy_with(host=address), parsed.host

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(max(1, self.settings.per_host))
            return self._slots[host]


class _Watchdog:
    """Shuts the connection of one request down once its time is up.

    The socket is learnt from httpcore's ``trace`` extension as soon as it is connected (and again
    once TLS wraps it); shutting it down wakes a read blocked on it, which then fails or ends.
    """

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._socket = sock
                if self.fired:
                    _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            if self._socket is not None:
                _shut(self._socket)


def _shut(sock: socket.socket) -> None:
    # socket.socket's own shutdown: an SSLSocket's would drop its TLS state under the reader;
    # an OSError means it is closed already, or was never connected
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _content_codings(response: httpx.Response) -> list[str]:
    """The Content-Encoding layers to undo, in the order they were applied."""
    codings = []
    for value in response.headers.get_list("content-encoding", split_commas=True):
        coding = value.strip().lower()
        if coding in _UNSUPPORTED_CODINGS:
            raise FetchError(f"unsupported Content-Encoding {coding!r}")
        if coding in _ZLIB_CODINGS:  # like httpx, an unknown name ("identity", "utf-8") is no layer
            codings.append(coding)
    if len(codings) > MAX_CODINGS:
        raise FetchError(
            f"too many Content-Encoding layers ({len(codings)}; at most {MAX_CODINGS} are undone)"
        )
    return codings


def _decoded(chunks: Iterable[bytes], coding: str, limit: int) -> Iterator[bytes]:
    """``chunks`` with one encoding layer undone, streaming, in pieces of at most DECODE_CHUNK.

    Never produces more than ``limit + 1`` bytes: past ``limit`` it stops with a FetchError
    before asking for more input.
    """
    inflater = _Inflater(coding)
    produced = 0
    for chunk in chunks:
        data = chunk
        while data or inflater.pending:
            out, data = inflater.inflate(data, min(DECODE_CHUNK, limit - produced + 1))
            produced += len(out)
            if produced > limit:
                raise FetchError(f"too large (over the {limit:,}-byte limit once {coding}-decoded)")
            if out:
                yield out
    inflater.finish()


class _Inflater:
    """One gzip or deflate stream undone a bounded piece at a time."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self.gzip = coding != "deflate"
        # deflate comes with a zlib header or (from some servers) without: told by its first bytes
        self._obj: Any = _gunzipper() if self.gzip else None
        self._head = b""
        self._fed = False
        self.done = False  # the stream ended; what follows it is ignored
        self.pending = False  # output may be waiting that needs no more input

    def inflate(self, data: bytes, size: int) -> tuple[bytes, bytes]:
        """At most ``size`` bytes of output, and the part of ``data`` not consumed yet."""
        self.pending = False
        if self.done:
            return b"", b""
        if self._obj is None:
            self._head += data
            if len(self._head) < 2:
                return b"", b""
            first, second = self._head[0], self._head[1]
            zlib_header = first & 0x0F == 8 and (first << 8 | second) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
            data, self._head = self._head, b""
        self._fed = self._fed or bool(data)
        try:
            out: bytes = self._obj.decompress(data, size)
        except zlib.error as exc:
            raise FetchError(f"cannot decode the {self.coding} content ({exc})") from exc
        if self._obj.eof:
            rest: bytes = self._obj.unused_data
            if self.gzip and rest.startswith(_GZIP_MAGIC):  # another gzip member follows
                self._obj, self._fed = _gunzipper(), False
                return out, rest
            self.done = True
            return out, b""
        self.pending = len(out) == size
        return out, self._obj.unconsumed_tail

    def finish(self) -> None:
        """Refuse a stream the body ended in the middle of."""
        if self._head or (self._fed and not self.done):
            raise FetchError(f"the {self.coding} content is cut short")


def _gunzipper() -> Any:
    return zlib.decompressobj(16 + zlib.MAX_WBITS)


def resolve(host: str, port: int, allow_private: bool = False) -> str:
    """Resolve ``host`` to one address, refusing non-public ones unless ``allow_private``.

    Every address the name resolves to is checked, not only the first, since a client may fall
    back to any of them.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r} ({exc})") from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise FetchError(f"cannot resolve host {host!r}")
    if not allow_private:
        for address in addresses:
            kind = address_kind(address)
            if kind:
                raise FetchError(
                    f"refused: {host} is a {kind} address ({address}); "
                    "pass --allow-private to fetch it"
                )
    return addresses[0]


def address_kind(address: str) -> str | None:
    """``loopback``, ``private``, ``link-local``, ... for a non-public address; None if public."""
    ip = ipaddress.ip_address(address.split("%")[0])
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return kind
    return None if ip.is_global else "non-public"


def _check_status(response: httpx.Response) -> None:
    code = response.status_code
    if code >= 500:
        raise FetchError(f"HTTP {code} {response.reason_phrase}".rstrip(), retry=True)
    if code >= 400:
        raise FetchError(f"HTTP {code} {response.reason_phrase}".rstrip())
    if code != 200 and code != 203:
        raise FetchError(f"HTTP {code} {response.reason_phrase}: no page".rstrip())
