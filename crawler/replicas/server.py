"""One threaded HTTP/1.1 server hosting every replica site under /<original host>/...

    srv = ReplicaServer(round=1).start()
    srv.mirrors()   # {"https://airwars.org": "http://127.0.0.1:PORT/airwars.org", ...}
    srv.set_round(2)
    srv.stop()

A site outside the replica world (the tests' fault routes, tests/support/faults.py) is
plugged in with `ReplicaServer(extra_sites=[site])`: see `ExtraSite`. What tests do to a
running world (take a page down, edit it, empty a site, slow every answer, record the
requests) is the tests' own server (tests/support/replicas.py), through the two hooks
`intercept` and `lookup`.
"""
from __future__ import annotations

import email.utils
import gzip
import hashlib
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol
from urllib.parse import urlsplit

from . import wayback, world
from .common import HTML, Resource, http_date

GZIP_HOSTS = {"airwars.org", "www.syriahr.com", "snhr.org", "www.cbc.ca", "www.independent.co.uk",
              "feeds.a.dj.com", "www.wsj.com", "www.amnesty.org", "syriadirect.org"}
NOT_FOUND = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page not found"
             "</title></head><body><h1>404 – Page not found</h1><p>The page you requested could not "
             "be found. It may have been moved or removed.</p><p><a href=\"/\">Home</a></p></body></html>\n")


class ExtraSite(Protocol):
    """A site served beside the replica world (at /<host>/...), mirrored like its sites but
    never one that sources.toml crawls."""

    host: str

    def pages(self, round_: int) -> dict[str, Resource]:
        """Its ordinary pages this round, by path (and ?query)."""

    def handle(self, h, path: str, query: str, server: "ReplicaServer", head: bool) -> bool:
        """Answer the request on handler `h` itself, or False to serve it from pages()."""


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "civcas-replica/0.1"
    sys_version = ""

    def log_message(self, fmt, *args):  # quiet: a test server records requests itself
        pass

    def do_HEAD(self):
        self._serve(head=True)

    def do_GET(self):
        self._serve(head=False)

    def _serve(self, head: bool):
        owner: ReplicaServer = self.server.owner  # type: ignore[attr-defined]
        raw_path, _, query = self.path.partition("?")
        parts = raw_path.split("/", 2)
        host = parts[1] if len(parts) > 1 else ""
        rest = "/" + (parts[2] if len(parts) > 2 else "")
        if owner.intercept(self, host, rest, query, head):
            return
        if not host:
            return self._index(owner, head)
        site = owner.extra.get(host)
        if site is not None and site.handle(self, rest, query, owner, head):
            return
        if host == wayback.HOST:
            return wayback.handle(self, rest, query, head)
        res = owner.lookup(host, rest, query)
        if res is None and host in world.HOSTS and not rest.endswith("/") and "." not in rest.rsplit("/", 1)[-1] \
                and world.lookup(host, rest + "/", query, owner.round) is not None:
            return self._send(301, b"", HTML, head, [("Location", rest + "/" + ("?" + query if query else ""))])
        if res is None:
            return self._send(404, NOT_FOUND.encode(), HTML, head)
        extra = list(res.headers)
        if res.status != 200:
            return self._send(res.status, res.body or NOT_FOUND.encode(), res.content_type, head, extra)
        tag = etag_of(res.body)
        validators = [("ETag", tag), ("Last-Modified", http_date(res.modified)),
                      ("Cache-Control", "max-age=0, must-revalidate")]
        if self._not_modified(tag, res.modified):
            return self._send(304, b"", None, head, validators, length=False)
        body = res.body
        if host in GZIP_HOSTS:
            extra.append(("Vary", "Accept-Encoding"))
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, mtime=0)
                extra.append(("Content-Encoding", "gzip"))
        self._send(200, body, res.content_type, head, validators + extra)

    def _not_modified(self, tag: str, modified) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or tag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
            return since is not None and since.tzinfo is not None and modified.replace(microsecond=0) <= since
        return False

    def _index(self, owner, head):
        links = "".join(f'<li><a href="/{h}/">{o}</a></li>' for o, h in world.ORIGINS.items())
        body = f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>civcas replicas</title></head>" \
               f"<body><h1>civcas replica sites (round {owner.round})</h1><ul>{links}</ul></body></html>"
        self._send(200, body.encode(), HTML, head)

    def _send(self, status, body, ctype, head, headers=(), length=True):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    server_address: tuple[str, int]  # bound to an IPv4 host and port (a unix socket's is bytes)
    owner: ReplicaServer  # the handlers read the world (and a test server's hooks) through it

    def handle_error(self, request, client_address):
        # A client that gives up (timeouts on /slow) is expected, not worth a traceback.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class ReplicaServer:
    def __init__(self, round: int = 1, host: str = "127.0.0.1", port: int = 0,
                 extra_sites: "list[ExtraSite] | tuple[ExtraSite, ...]" = ()):
        if round not in world.ROUNDS:
            raise ValueError(f"unknown round {round}; known: {world.ROUNDS}")
        self._round = round
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self.extra = {site.host: site for site in extra_sites}
        self._httpd = _Server((host, port), _Handler)
        self._httpd.owner = self
        self._thread: threading.Thread | None = None

    @property
    def round(self) -> int:
        with self._lock:
            return self._round

    def set_round(self, round: int) -> None:
        if round not in world.ROUNDS:
            raise ValueError(f"unknown round {round}")
        with self._lock:
            self._round = round

    def intercept(self, h, host: str, path: str, query: str, head: bool) -> bool:
        """Answer a request before the sites do (True when answered); the tests' server
        uses it, the demo's answers nothing here."""
        return False

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self._httpd.server_address[0]}:{self.port}"

    def lookup(self, host: str, raw_path: str, raw_query: str) -> Resource | None:
        """This round's resource for a request to a site of the world or an extra site."""
        extra = self.extra.get(host)
        if extra is None:
            return world.lookup(host, raw_path, raw_query, self.round)
        pages = {world.split_key(k): v for k, v in extra.pages(self.round).items()}
        path, query = world.norm_path(raw_path), world.norm_query(raw_query)
        return pages.get((path, query)) or pages.get((path, None))

    def mirrors(self) -> dict[str, str]:
        origins = {**world.ORIGINS, **{f"https://{host}": host for host in self.extra}}
        return {origin: f"{self.base_url}/{host}" for origin, host in origins.items()}

    def source_mirrors(self) -> dict[str, str]:
        """The mirrors of the sites sources.toml crawls (not the extra sites, which `civcas
        crawl` refuses to mirror unless a source of the config fetches them)."""
        return {o: b for o, b in self.mirrors().items() if urlsplit(o).hostname not in self.extra}

    def mirror_args(self) -> list[str]:
        """`--mirror ORIGIN=BASE` options pointing a `civcas` command at every replica of
        a site sources.toml crawls."""
        return [f"--mirror={origin}={base}" for origin, base in self.source_mirrors().items()]

    def url(self, original: str) -> str:
        """The replica URL for an original URL (scheme://host/path?query)."""
        for origin, base in self.mirrors().items():
            if original == origin or original.startswith(origin + "/") or original.startswith(origin + "?"):
                return base + original[len(origin):]
        raise ValueError(f"not a replicated origin: {original}")

    def start(self) -> "ReplicaServer":
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="replica-server", daemon=True)
        self._thread.start()
        return self

    def wait(self) -> None:
        """Block until stop() is called, the stop flag is set (by a signal handler) or
        Ctrl-C raises KeyboardInterrupt."""
        while not self.stopping.wait(0.2):
            pass

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def __enter__(self) -> "ReplicaServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
