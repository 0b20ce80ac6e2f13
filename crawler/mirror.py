"""`--mirror ORIGIN=BASE`: fetch a site from somewhere else while keeping its real URLs.

Every request whose URL starts with ORIGIN (scheme and host) is fetched from BASE with
the path and query kept, e.g. a local replica or a web-archive prefix. The crawl itself,
its links and the store all keep the original URL; only the download goes elsewhere.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from archive.urls import origin_of
from crawler.config import ConfigError


def parse_mirrors(specs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Turn `ORIGIN=BASE` strings into a mapping, or raise ConfigError with one sentence."""
    mirrors: dict[str, str] = {}
    for spec in specs:
        origin, sep, base = spec.partition("=")
        o, b = urlsplit(origin.strip()), urlsplit(base.strip())
        if not sep or o.scheme not in ("http", "https") or not o.netloc or o.path not in ("", "/"):
            raise ConfigError(
                f"bad --mirror {spec!r}: expected ORIGIN=BASE with ORIGIN like https://host"
            )
        if b.scheme not in ("http", "https") or not b.netloc:
            raise ConfigError(f"bad --mirror {spec!r}: BASE must be an http(s) URL")
        mirrors[origin_of(origin.strip())] = base.strip().rstrip("/")
    return mirrors


def mirrored_url(url: str, mirrors: dict[str, str]) -> str:
    """Where `url` is really fetched from (itself when no mirror covers its origin)."""
    base = mirrors.get(origin_of(url))
    if base is None:
        return url
    parts = urlsplit(url)
    path = parts.path or "/"
    return f"{base}{path}" + (f"?{parts.query}" if parts.query else "")
