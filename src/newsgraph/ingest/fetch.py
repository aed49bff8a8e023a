"""Fetch web pages over HTTP, carefully: every failure is a Rejection naming the URL.

What makes it careful:

- each host name is resolved here and the request goes to the address that was checked, so a
  name cannot point at a loopback, private, link-local or otherwise non-public address (or be
  re-pointed between check and connect) unless ``settings.allow_private`` says so;
- redirects are followed by hand, at most ``settings.max_redirects``, each hop checked the same;
- a whole request, body included, has ``settings.timeout`` seconds, and a body is read in chunks
  and dropped once past ``settings.max_bytes``;
- timeouts and 5xx answers are tried again (``settings.retries`` times) with exponential backoff;
- at most ``settings.per_host`` requests run at once against one host.
"""

from __future__ import annotations

import io
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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
            headers={"User-Agent": settings.user_agent, "Accept": _ACCEPT},
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
        for _ in range(self.settings.max_redirects + 1):
            target, host = self._pinned(current)
            with self._slot(host):
                location, content_type, data = self._request(target, current)
            if location is None:
                return current, content_type, data
            current = urljoin(current, location)
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    def _request(self, target: httpx.URL, original: str) -> tuple[str | None, str | None, bytes]:
        """One GET: a redirect's Location, or the content type and body."""
        address = httpx.URL(original)
        deadline = time.monotonic() + self.settings.timeout
        try:
            with self.client.stream(
                "GET",
                target,
                headers={"Host": address.netloc.decode("ascii")},
                extensions={"sni_hostname": address.host},
            ) as response:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} redirect without a Location")
                    return location, None, b""
                _check_status(response)
                return None, response.headers.get("content-type"), self._body(response, deadline)
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {self.settings.timeout:g} s", retry=True) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"HTTP request failed ({type(exc).__name__}: {exc})") from exc

    def _body(self, response: httpx.Response, deadline: float) -> bytes:
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"too large ({int(declared):,} bytes; the limit is {limit:,})")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"too large (over the {limit:,}-byte limit)")
            if time.monotonic() > deadline:
                # a server trickling bytes would otherwise never trip the per-read timeout
                raise FetchError(f"timed out after {self.settings.timeout:g} s", retry=True)
            chunks.append(chunk)
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
