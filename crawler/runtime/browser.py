"""Render archived HTML in Debian's chromium through Playwright's async API.

The browser never fetches the page itself: the HTML body the crawler archived is handed
to it for the page's own URL, so the rendered DOM derives from the archived response.
What the page's scripts and stylesheets ask for next goes through the `--mirror`
mapping when the host is one of the source's allowed domains, and is blocked otherwise:
a render never reaches a host the crawl was not allowed to reach.

Those subresource requests are not sent by chromium or by Playwright's own HTTP client
(which decodes bodies and lower-cases header names): civcas sends them itself over
HTTP/1.1 (`http.client`, in a thread) and keeps each exchange as it went on the wire:
the request line and headers sent, the status line, header names, order and repeats as
received, and the body before content decoding (`Rendered.exchanges`, archived by the
render middleware). The browser is then given the decoded body.

Runs on the asyncio loop under Scrapy's reactor: awaiting a render never blocks the
crawl. The browser is launched on the first render and closed by `close()`.
"""

from __future__ import annotations

import asyncio
import http.client
import os
import socket
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from archive.decoding import decode_body
from archive.warc import HttpExchange
from crawler.net.mirror import mirrored_url
from crawler.net.guard import forbidden_reason
from crawler.net.policy import refusal

CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright cannot download its own here
CHROMIUM_ENV = "CIVCAS_CHROMIUM"  # another chromium binary, if set
# Debian's chromium looks for updates and components at start; keep it offline. Do not
# add a --disable-features here: it would replace the list Playwright passes.
CHROMIUM_ARGS = (
    "--host-resolver-rules=MAP update.googleapis.com ~NOTFOUND, MAP clients2.google.com ~NOTFOUND",
)
VIEWPORT = {"width": 1280, "height": 900}
# Response headers that describe the archived bytes, not the decoded body we hand over.
_HOP_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}


class RenderError(Exception):
    """A page could not be rendered; the message is one sentence for an error row."""


@dataclass(frozen=True)
class Rendered:
    dom: str
    screenshot: bytes  # full-page PNG
    began_at: datetime
    served: tuple[str, ...] = ()   # subresource URLs fetched (through the mirror)
    blocked: tuple[str, ...] = ()  # subresource URLs refused (outside allowed domains)
    # Every subresource exchange as it went on the wire, in the order the page asked:
    # (the URL the page asked for, the exchange with the URL actually fetched).
    exchanges: tuple[tuple[str, HttpExchange], ...] = ()


@dataclass
class _Log:
    served: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    exchanges: list[tuple[str, HttpExchange]] = field(default_factory=list)
    main_served: bool = False


def allowed_host(url: str, allowed_domains: tuple[str, ...]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in allowed_domains)


class BrowserRenderer:
    """One chromium for one crawl; every render gets a fresh browser context."""

    def __init__(
        self,
        *,
        allowed_domains: tuple[str, ...],
        mirrors: dict[str, str],
        user_agent: str,
        timeout: float,
        home: Path,
        executable: str | None = None,
        max_body_bytes: int = 50 * 1024 * 1024,
        guard_addresses: bool = True,
    ):
        self.allowed_domains = tuple(d.lower() for d in allowed_domains)
        self.guard_addresses = guard_addresses  # False for a `local` source
        self.mirrors = dict(mirrors)
        self.user_agent = user_agent
        self.timeout_ms = max(1.0, timeout) * 1000
        self.max_body_bytes = max_body_bytes
        self.home = Path(home)
        self.executable = executable or os.environ.get(CHROMIUM_ENV) or CHROMIUM
        self._playwright = None
        self._browser = None
        self._failure: str | None = None
        self._lock = asyncio.Lock()

    async def _launch(self):
        async with self._lock:
            if self._failure is not None:
                raise RenderError(self._failure)
            if self._browser is not None:
                return self._browser
            if not os.access(self.executable, os.X_OK):
                self._failure = (
                    f"no chromium at {self.executable} (install Debian's chromium: "
                    "apt-get install chromium)"
                )
                raise RenderError(self._failure)
            from playwright.async_api import async_playwright

            self.home.mkdir(parents=True, exist_ok=True)
            # chromium writes its caches under $HOME: keep them in the data folder.
            env = {**os.environ, "HOME": str(self.home), "XDG_CACHE_HOME": str(self.home / "cache"),
                   "XDG_CONFIG_HOME": str(self.home / "config")}
            try:
                self._playwright = await async_playwright().start()
                self._browser = await self._playwright.chromium.launch(
                    executable_path=self.executable, args=list(CHROMIUM_ARGS), env=env,
                    timeout=max(self.timeout_ms, 60_000),
                )
            except Exception as exc:
                self._failure = f"chromium did not start: {_first_line(exc)}"
                await self._stop_playwright()
                raise RenderError(self._failure) from exc
            return self._browser

    async def render(self, url: str, body: bytes, headers: list[tuple[str, str]]) -> Rendered:
        """Render `body` (decoded HTML archived for `url`) and return the DOM and a
        full-page screenshot."""
        browser = await self._launch()
        began_at = datetime.now(UTC)
        log = _Log()
        context = await browser.new_context(
            user_agent=self.user_agent, viewport=VIEWPORT, service_workers="block",
            accept_downloads=False,
        )
        try:
            await context.route("**/*", lambda route: self._route(route, body, headers, log))
            page = await context.new_page()
            try:
                await page.goto(url, wait_until="load", timeout=self.timeout_ms)
            except Exception as exc:
                raise RenderError(f"the page did not load in chromium: {_first_line(exc)}") from exc
            try:
                # Scripts that fetch the article after `load` finish when the network is idle.
                await page.wait_for_load_state("networkidle", timeout=min(self.timeout_ms, 10_000))
            except Exception:
                pass  # a page that keeps polling is rendered as it stands
            try:
                dom = await page.content()
                shot = await page.screenshot(full_page=True, type="png", timeout=self.timeout_ms)
            except Exception as exc:
                raise RenderError(f"chromium could not snapshot the page: {_first_line(exc)}") from exc
        finally:
            await context.close()
        return Rendered(dom, shot, began_at, tuple(log.served), tuple(log.blocked),
                        tuple(log.exchanges))

    async def _route(self, route, body: bytes, headers, log: _Log) -> None:
        request = route.request
        try:
            if not log.main_served and request.is_navigation_request() \
                    and request.frame.parent_frame is None:
                # The first navigation is the page itself (chromium may spell its URL
                # differently): it gets the archived body.
                log.main_served = True
                await route.fulfill(status=200, headers=_fulfil_headers(headers), body=body)
                return
            if refusal(request.url, self.allowed_domains):  # the crawl's one policy
                log.blocked.append(request.url)
                await route.abort("blockedbyclient")
                return
            # The page's own requests, sent where the crawl sends them (its mirror); a
            # live host only at an address the guard allows (crawler/net/guard.py).
            target = mirrored_url(request.url, self.mirrors)
            exchange = await asyncio.to_thread(
                fetch_exchange, target, request.method,
                list(request.headers.items()), request.post_data_buffer or b"",
                self.timeout_ms / 1000, self.max_body_bytes,
                self.guard_addresses and target == request.url,
            )
            log.served.append(request.url)
            log.exchanges.append((request.url, exchange))
            wire = [(k, v) for k, v in exchange.response_headers
                    if k.strip().lower() != "transfer-encoding"]  # already de-chunked
            decoded = decode_body(exchange.body, wire, self.max_body_bytes or None)
            await route.fulfill(status=exchange.status, headers=_fulfil_headers(wire),
                                body=decoded.data)
        except Exception:
            try:
                await route.abort("failed")
            except Exception:
                pass  # the page or context is already gone

    async def close(self) -> None:
        async with self._lock:
            if self._browser is not None:
                try:
                    await self._browser.close()
                finally:
                    self._browser = None
            await self._stop_playwright()

    async def _stop_playwright(self) -> None:
        if self._playwright is not None:
            try:
                await self._playwright.stop()
            finally:
                self._playwright = None


# Request headers the HTTP client owns: the connection is ours, not chromium's.
_OWN_REQUEST_HEADERS = {"host", "connection", "content-length", "transfer-encoding",
                        "accept-encoding", "keep-alive", "te", "upgrade"}


def fetch_exchange(url: str, method: str, headers: list[tuple[str, str]], body: bytes,
                   timeout: float, max_body_bytes: int, guard: bool = False) -> HttpExchange:
    """One HTTP/1.1 exchange, kept as it went on the wire (blocking: run it in a thread).

    Sends the page's request headers as chromium gave them (Playwright lower-cases their
    names) after Host, and asks for gzip or deflate as a browser does; returns the status
    line, header names, order and repeats as received, and the body with its
    content-encoding (chunking removed). A body over `max_body_bytes` is cut there and
    marked truncated ("length")."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url}")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sent = [("Host", parts.netloc.rpartition("@")[2])]
    sent += [(k, v) for k, v in headers if k.strip().lower() not in _OWN_REQUEST_HEADERS]
    sent.append(("Accept-Encoding", "gzip, deflate"))
    if body:
        sent.append(("Content-Length", str(len(body))))
    began_at = datetime.now(UTC)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname, parts.port, timeout=timeout)
    if guard:
        tls = parts.scheme == "https"
        conn.sock = _guarded_socket(parts.hostname, parts.port or (443 if tls else 80), tls, timeout)
    try:
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        for name, value in sent:
            conn.putheader(name, value)
        conn.endheaders(body or None)
        ip = conn.sock.getpeername()[0] if conn.sock else None  # gone once a close is read
        answer = conn.getresponse()
        data = answer.read(max_body_bytes + 1)
        truncated = None
        if len(data) > max_body_bytes:
            data, truncated = data[:max_body_bytes], "length"
        return HttpExchange(
            url=url, method=method, request_headers=sent, request_body=body,
            protocol="HTTP/1.0" if answer.version == 10 else "HTTP/1.1",
            status=answer.status, reason=answer.reason,
            response_headers=list(answer.getheaders()), body=data, began_at=began_at,
            ip_address=ip, truncated=truncated,
        )
    finally:
        conn.close()


def _fulfil_headers(headers: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in headers:
        key = name.lower()
        if key in _HOP_HEADERS:
            continue
        out[key] = f"{out[key]}\n{value}" if key in out and key == "set-cookie" else value
    return out


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def _guarded_socket(host: str, port: int, tls: bool, timeout: float):
    """A connection to `host` at an address the guard allows: every address the name
    resolves to is checked, and the socket goes to the one checked (no second lookup)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for *_, address in infos:
        reason = forbidden_reason(address[0])
        if reason:
            raise ConnectionRefusedError(
                f"refused before connecting: {host} ({address[0]}) is {reason}")
    sock = socket.create_connection(infos[0][4][:2], timeout=timeout)
    if tls:
        sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
    return sock
