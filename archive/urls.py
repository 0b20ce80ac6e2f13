"""Canonical URLs: one page is one document, however a link spelled it.

The real sources link the same page in many spellings: tracking parameters (`fbclid`,
`utm_*`, Cloudflare challenge tokens), percent-encoding in upper or lower case or not at
all (SOHR's Arabic slugs), a trailing slash or none (CENTCOM, Airwars), cache-busters
(`?ver=` on CJTF-OIR PDFs). `canonical_url` folds them into one form.
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


def _is_tracking(name: str, extra: frozenset[str]) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered in extra or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str, ignore_params: frozenset[str] | set[str] = frozenset()) -> str:
    """Return the canonical spelling of `url`.

    Lower-case scheme and host, no default port, no fragment, no tracking or ignored
    parameters, remaining parameters sorted, percent-encoding normalised (unreserved
    characters decoded, everything else encoded with upper-case hex), no trailing slash
    except for the root path.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"

    path = quote(unquote(parts.path), safe=_PATH_SAFE) or "/"
    path = _MULTI_SLASH.sub("/", path)
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"

    extra = frozenset(p.lower() for p in ignore_params)
    pairs = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(k, extra)
    ]
    query = urlencode(sorted(pairs), quote_via=lambda s, *_: quote(s, safe=_QUERY_SAFE))
    return urlunsplit((scheme, netloc, path, query, ""))


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of a URL, lower-cased: the key `--mirror` matches on."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
