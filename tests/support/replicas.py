"""The replica server as the tests use it: the demo's world, plus what a test does to it
while it runs (take a page down, edit one in place, empty a site, slow every answer) and
the requests it received.

    with ReplicaServer(round=1) as srv:
        srv.take_down("https://snhr.org/blog/2019/01/02/some-report/")
        srv.set_empty("snhr.org")   # that site now answers every page with an empty shell
        srv.set_latency(1.0)        # every answer held a second
        srv.requests                # (method, path, headers) of every request
"""

from __future__ import annotations

import threading

from crawler.replicas import server, world
from crawler.replicas.common import HTML, Resource

from .alterations import Alterations

# What a site whose markup changed looks like to a spider: a page that answers 200 with a
# title and a home link, but no article text and no links to documents.
EMPTY_PAGE = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Welcome</title>"
              "</head><body><header><a href=\"/\">Home</a></header><main></main></body></html>\n")


class ReplicaServer(server.ReplicaServer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._hooks = threading.Lock()
        self._empty: frozenset[str] = frozenset()
        self._latency = 0.0
        self.requests: list[tuple[str, str, dict]] = []
        self.alterations = Alterations()  # pages a test took down or edited

    def take_down(self, *originals: str, drop_links: bool = True) -> None:
        """These pages (original URLs) now answer 404, and the links to them are gone from
        every page that carried them (unless `drop_links` is false)."""
        self.alterations.take_down(*originals, drop_links=drop_links)

    def edit(self, original: str, old: str, new: str) -> None:
        """This page (original URL) now says `new` where it said `old`."""
        self.alterations.edit(original, old, new)

    @property
    def empty_hosts(self) -> frozenset[str]:
        with self._hooks:
            return self._empty

    def set_empty(self, *hosts: str) -> None:
        """Make these hosts answer every page (robots.txt aside) with an empty shell, as a
        site does after a redesign the spider cannot read; no hosts: back to normal."""
        unknown = set(hosts) - set(world.HOSTS)
        if unknown:
            raise ValueError(f"unknown hosts {sorted(unknown)}")
        with self._hooks:
            self._empty = frozenset(hosts)

    @property
    def latency(self) -> float:
        with self._hooks:
            return self._latency

    def set_latency(self, seconds: float) -> None:
        """Hold every answer this long before sending it, as a far-away site does; a crawl
        stopped meanwhile then has a download in flight."""
        with self._hooks:
            self._latency = max(0.0, float(seconds))

    def intercept(self, h, host: str, path: str, query: str, head: bool) -> bool:
        with self._hooks:
            self.requests.append((h.command, h.path, dict(h.headers)))
        latency = self.latency
        if latency:
            self.stopping.wait(latency)
        if host in self.empty_hosts and path != "/robots.txt":
            h._send(200, EMPTY_PAGE.encode(), HTML, head)
            return True
        return False

    def lookup(self, host: str, raw_path: str, raw_query: str) -> Resource | None:
        return self.alterations.apply(host, raw_path, raw_query, super().lookup(host, raw_path, raw_query))
