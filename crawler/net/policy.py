"""Which URLs a crawl may request at all: one rule for every request (start URLs, links,
redirects, <meta> refreshes, retries, browser sub-requests). Pure: a URL and the source's
allowed domains in, a reason or None out. The address guard (crawler/net/guard.py) then
decides where a request may connect."""

from __future__ import annotations

from urllib.parse import urlsplit

FETCHABLE_SCHEMES = ("http", "https")


def host_allowed(host: str, allowed_domains) -> bool:
    """Whether `host` is one of the allowed domains or below one."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d)
               for d in (a.lower().strip(".") for a in allowed_domains) if d)


def refusal(url: str, allowed_domains) -> str | None:
    """Why `url` must not be requested by a source with these allowed domains, or None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return f"not a valid URL: {url[:200]}"
    scheme = parts.scheme.lower()
    if scheme not in FETCHABLE_SCHEMES:
        shown = scheme or "a URL without scheme"
        return f"only http and https are fetched, not {shown}: {url[:200]}"
    if not host:
        return f"no host in {url[:200]}"
    if not host_allowed(host, allowed_domains):
        return f"{host} is outside the allowed domains ({', '.join(allowed_domains) or 'none'})"
    return None
