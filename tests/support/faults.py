"""faults.civcas.test: routes that misbehave on purpose, plus a few normal pages; a site only
the tests plug into the replica server (`fault_server()`), never part of the demo's world.

Paths are relative to the host (served at /faults.civcas.test/<path>); the hostile routes
under /hostile/ are in hostile.py.
"""
from __future__ import annotations

import gzip
import random
import time

from crawler.replicas.common import HTML, PDF, doc, page, robots
from crawler.replicas.pdf import make_pdf
from .replicas import ReplicaServer

from . import hostile

HOST = "faults.civcas.test"
ORIGIN = "https://" + HOST
FAULTS = {
    "/status/500": "http_500",
    "/slow": "slow",                      # ?seconds=N (default 10), sleeps before answering
    "/redirect-loop/a": "redirect_loop",  # 302 -> /redirect-loop/b -> 302 -> /redirect-loop/a
    "/redirect-loop/b": "redirect_loop",
    "/truncated": "truncated",            # Content-Length larger than the body, then close
    "/wrong-charset": "wrong_charset",    # windows-1256 bytes labelled utf-8
    "/binary": "binary",                  # random bytes with NULs served as text/html
    "/broken.pdf": "broken_pdf",          # a truncated PDF
    "/bad-gzip": "bad_gzip",              # Content-Encoding: gzip with a cut gzip stream
    "/redirect-offsite": "redirect_offsite",  # 302 to a host the source does not allow
}
OFFSITE_TARGET = "https://elsewhere.civcas.test/secret"
GOOD = ["/", "/good/coalition-strike-summary", "/good/monitor-report"]
DISALLOWED = {ORIGIN: [ORIGIN + "/private/do-not-crawl"]}
ARABIC = hostile.ARABIC
_PARA = ("Near Hajin, Syria, Coalition military forces conducted strikes against ISIS targets. "
         "Strike assessments are based on initial reports. ")


def _index() -> str:
    links = "".join(f'<li><a href="{p}">{p} ({k})</a></li>' for p, k in FAULTS.items())
    good = "".join(f'<li><a href="{p}">{p}</a></li>' for p in GOOD[1:])
    body = (f"<h1>Fault routes</h1><p>Pages that misbehave on purpose.</p><ul>{links}</ul>"
            f"<h2>Good pages</h2><ul>{good}</ul><p><a href=\"/private/do-not-crawl\">Private</a></p>")
    return doc("civcas fault routes", "", body)


def site(round_: int):
    good = "<main><h1>{}</h1>" + "".join(f"<p>{_PARA}</p>" for _ in range(12)) + "</main>"
    return {
        "/": page(_index(), "2020-01-01"),
        GOOD[1]: page(doc("Coalition strike summary", "", good.format("Coalition strike summary")), "2020-01-01"),
        GOOD[2]: page(doc("Monitor report", "", good.format("Monitor report")), "2020-01-01"),
        "/private/do-not-crawl": page(doc("Private", "", "<p>Disallowed by robots.txt.</p>"), "2020-01-01"),
        "/robots.txt": robots(["/private/"]),
    }


def _handle_fault(h, path: str, query: str, stopping, head: bool) -> bool:
    """Serve a fault route on handler h; False if path is not a fault."""
    kind = FAULTS.get(path)
    if kind is None:
        return False
    if kind == "http_500":
        h._send(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>", HTML, head)
    elif kind == "slow":
        seconds = 10.0
        for part in query.split("&"):
            if part.startswith("seconds="):
                try:
                    seconds = float(part[8:])
                except ValueError:
                    pass
        end = time.monotonic() + seconds
        while time.monotonic() < end and not stopping.is_set():
            time.sleep(0.05)
        h._send(200, b"<html><body><p>Finally.</p></body></html>", HTML, head)
    elif kind == "redirect_loop":
        other = "/redirect-loop/b" if path.endswith("/a") else "/redirect-loop/a"
        h._send(302, b"", HTML, head, [("Location", other)])
    elif kind == "redirect_offsite":
        h._send(302, b"", HTML, head, [("Location", OFFSITE_TARGET)])
    elif kind == "truncated":
        body = doc("Truncated", "", "<p>" + _PARA * 40 + "</p>").encode()
        h.send_response(200)
        h.send_header("Content-Type", HTML)
        h.send_header("Content-Length", str(len(body)))
        h.send_header("Connection", "close")
        h.end_headers()
        if not head:
            h.wfile.write(body[: len(body) // 2])
            h.wfile.flush()
        h.close_connection = True
    elif kind == "wrong_charset":
        body = doc("خبر", "", f"<p>{ARABIC}</p>", lang="ar", direction="rtl").replace(
            '<meta charset="utf-8">', "").encode("windows-1256")
        h._send(200, body, HTML, head)
    elif kind == "binary":
        rnd = random.Random(1256)
        body = b"\x00\x01\x02\xff\xfe" + bytes(rnd.randrange(256) for _ in range(4096)) + b"\x00"
        h._send(200, body, HTML, head)
    elif kind == "broken_pdf":
        full = make_pdf("Strike Release", [_PARA * 8] * 10)
        h._send(200, full[: len(full) * 2 // 5], PDF, head)
    elif kind == "bad_gzip":
        gz = gzip.compress(doc("Gzip", "", "<p>" + _PARA * 30 + "</p>").encode(), mtime=0)
        h._send(200, gz[: len(gz) // 2], HTML, head, [("Content-Encoding", "gzip")])
    return True


class FaultSite:
    """The fault routes and the hostile routes as one extra site of a ReplicaServer."""

    host = HOST

    def __init__(self) -> None:
        self.hostile = hostile.HostileState()  # what the hostile routes saw and point at

    def pages(self, round_: int):
        return site(round_)

    def handle(self, h, path: str, query: str, server: ReplicaServer, head: bool) -> bool:
        return (_handle_fault(h, path, query, server.stopping, head)
                or hostile.handle(h, path, query, self.hostile, server.stopping, head))


def fault_server(round: int = 1) -> ReplicaServer:
    """The replica world with the fault site beside it (not started)."""
    return ReplicaServer(round=round, extra_sites=[FaultSite()])


def fault_state(server: ReplicaServer) -> hostile.HostileState:
    return server.extra[HOST].hostile
