"""Canonical URLs: one page is one document, however a link spelled it.

The real sources link the same page in many spellings: tracking parameters (`fbclid`,
`utm_*`, Cloudflare challenge tokens), percent-encoding in upper or lower case or not at
all (SOHR's Arabic slugs), a trailing slash or none (CENTCOM, Airwars), cache-busters
(`?ver=` on CJTF-OIR PDFs). Shared links add worse: Google redirect wrappers
(`google.com/url?q=...`), a URL pasted twice into itself (`.../en/236947/ps://www...`),
and Airwars listing links whose `&order` an HTML decoder read as the `&or;` entity
(`∨der`). `canonical_url` folds them all into one form.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Parameters that never change what a page says.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "ref_src",
        "_ga",
    }
)
TRACKING_PREFIXES = ("utm_", "__cf_chl_")

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left unescaped in a canonical path or query value (RFC 3986 unreserved plus
# the sub-delimiters that are safe in a path).
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_QUERY_SAFE = "-._~"
_MULTI_SLASH = re.compile(r"/{2,}")
# Hosts whose /url (or /l.php) page only forwards to the link in a query parameter.
_REDIRECT_WRAPPERS = {
    "google": (("/url",), ("q", "url")),
    "facebook": (("/l.php",), ("u",)),
}
# `&or` read as the HTML entity `&or;` (U+2228 LOGICAL OR), then percent-encoded again.
_OR_ENTITY = "\u2228"
_OR_ENCODED = re.compile("%E2%88%A8", re.IGNORECASE)


def _unwrap_redirect(url: str) -> str:
    """The target of a Google or Facebook redirect wrapper; other URLs unchanged."""
    for _ in range(3):  # wrappers are sometimes nested
        parts = urlsplit(url.strip())
        labels = (parts.hostname or "").lower().split(".")
        for name, (paths, params) in _REDIRECT_WRAPPERS.items():
            if name in labels[-3:-1] and parts.path in paths:
                found = dict(parse_qsl(parts.query))
                target = next((found[p] for p in params if found.get(p, "").startswith("http")), None)
                if target:
                    url = target
                    break
        else:
            return url
    return url


def _undouble(url: str) -> str:
    """`https://h/a/ps://h/a/` (a URL pasted into itself) -> `https://h/a/`."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host:
        return url
    rest = url.split(parts.netloc, 1)[1]
    again = re.search(r"/(?:[A-Za-z]{0,5}:)?/{1,2}" + re.escape(host) + r"(?=/|$|\?)", rest, re.I)
    if again is None:
        return url
    return f"{parts.scheme}://{parts.netloc}{rest[: again.start()] or '/'}"


def _query_pairs(query: str) -> list[tuple[str, str]]:
    """Parameters of a query string, repairing the `∨der` corruption; for a repaired
    query a repeated name keeps its last value, as WordPress (PHP) reads it."""
    if _OR_ENTITY not in query and not _OR_ENCODED.search(query):
        return parse_qsl(query, keep_blank_values=True)
    repaired = unquote(query).replace(_OR_ENTITY, "&or")
    last: dict[str, str] = {}
    for key, value in parse_qsl(repaired, keep_blank_values=True):
        last.pop(key, None)
        last[key] = value
    return list(last.items())


def _is_tracking(name: str, extra: frozenset[str]) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered in extra or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str, ignore_params: frozenset[str] | set[str] = frozenset()) -> str:
    """Return the canonical spelling of `url`.

    Lower-case scheme and host, no default port, no fragment, no tracking or ignored
    parameters, remaining parameters sorted, percent-encoding normalised (unreserved
    characters decoded, everything else encoded with upper-case hex), no trailing slash
    except for the root path. Redirect wrappers are unwrapped, doubled URLs cut to one,
    and `∨der` read back as `&order`.
    """
    parts = urlsplit(_undouble(_unwrap_redirect(url.strip())))
    scheme = parts.scheme.lower()
    netloc = _host_port(parts, scheme)

    path = quote(unquote(parts.path), safe=_PATH_SAFE) or "/"
    path = _MULTI_SLASH.sub("/", path)
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"

    extra = frozenset(p.lower() for p in ignore_params)
    pairs = [
        (k, v)
        for k, v in _query_pairs(parts.query)
        if not _is_tracking(k, extra)
    ]
    query = urlencode(sorted(pairs), quote_via=lambda s, *_: quote(s, safe=_QUERY_SAFE))
    return urlunsplit((scheme, netloc, path, query, ""))


def _host_port(parts, scheme: str) -> str:
    """host[:port] lower-cased, without credentials or the scheme's default port; an IPv6
    literal keeps its brackets. A port that is not a number is kept as written."""
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        return parts.netloc.rpartition("@")[2].lower()
    return host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of a URL as it is reached: lower-cased, no credentials, no
    default port (`https://a.org:443` and `https://a.org` are one origin). The key
    `--mirror` matches on."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    return f"{scheme}://{_host_port(parts, scheme)}"
