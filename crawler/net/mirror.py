"""`--mirror ORIGIN=BASE`: fetch a site from somewhere else while keeping its real URLs.

Every request whose URL has the origin ORIGIN (scheme, host and port) is fetched from BASE with
the path and query kept, e.g. a local replica or a web-archive prefix. The crawl itself,
its links and the store all keep the original URL; only the download goes elsewhere.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from archive.urls import origin_of
from crawler.config import ConfigError
from crawler.net.policy import host_allowed


def parse_mirrors(specs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Turn `ORIGIN=BASE` strings into a mapping, or raise ConfigError with one sentence.

    ORIGIN keys are origins as reached (`origin_of`: no default port, lower-case), so a
    link written `https://host:443/` is mirrored like `https://host/`. A user name or
    password in either side is refused, and the error never repeats it."""
    mirrors: dict[str, str] = {}
    for spec in specs:
        origin, sep, base = spec.partition("=")
        o, b = urlsplit(origin.strip()), urlsplit(base.strip())
        if "@" in o.netloc or "@" in b.netloc:
            raise ConfigError(
                f"bad --mirror {_redacted(spec)!r}: a mirror may not carry a user name or "
                "password (they would be sent and recorded with every request)"
            )
        if not sep or o.scheme not in ("http", "https") or not o.netloc or o.path not in ("", "/"):
            raise ConfigError(
                f"bad --mirror {_redacted(spec)!r}: expected ORIGIN=BASE with ORIGIN like https://host"
            )
        if b.scheme not in ("http", "https") or not b.netloc:
            raise ConfigError(f"bad --mirror {_redacted(spec)!r}: BASE must be an http(s) URL")
        try:
            o.port, b.port  # noqa: B018  a port that is not a number
        except ValueError:
            raise ConfigError(f"bad --mirror {_redacted(spec)!r}: a port is not a number") from None
        mirrors[origin_of(origin)] = base.strip().rstrip("/")
    return mirrors


def check_mirrors_used(mirrors: dict[str, str], sources) -> None:
    """Refuse a mirror for an origin no configured source fetches: a mistyped ORIGIN
    would otherwise be ignored and the crawl would go to the live site. (A mirror for a
    configured source that is not crawled this time is harmless, and lets one set of
    `--mirror` options serve every command.)"""
    sources = list(sources)
    for origin in mirrors:
        host = urlsplit(origin).hostname or ""
        if not any(host_allowed(host, s.allowed_domains) for s in sources):
            raise ConfigError(
                f"--mirror {origin}: no configured source fetches from that origin (check"
                " its spelling: scheme and host as in the source's start_urls); refusing"
                " to crawl rather than fetch the live site"
            )


def _redacted(spec: str) -> str:
    """`spec` with whatever sits between `//` and `@` masked, for error messages."""
    return re.sub(r"//[^/@]*@", "//***@", spec)


def mirror_base(url: str, mirrors: dict[str, str]) -> str | None:
    """The mirror base covering `url`'s origin: the same scheme, host and effective port,
    else the same host on the other scheme's default port (a link written `http://` to a
    mirrored https site is fetched from that mirror, never from the live host)."""
    origin = origin_of(url)
    if origin in mirrors:
        return mirrors[origin]
    scheme, _, hostport = origin.partition("://")
    other = {"http": "https", "https": "http"}.get(scheme)
    return mirrors.get(f"{other}://{hostport}") if other else None


def mirrored_url(url: str, mirrors: dict[str, str]) -> str:
    """Where `url` is really fetched from (itself when no mirror covers its origin)."""
    base = mirror_base(url, mirrors) if mirrors else None
    if base is None:
        return url
    parts = urlsplit(url)
    path = parts.path or "/"
    return f"{base}{path}" + (f"?{parts.query}" if parts.query else "")
