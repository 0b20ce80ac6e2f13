"""The set of replica pages for each round, keyed by host and normalised path/query."""
from __future__ import annotations

import functools
import threading
from urllib.parse import parse_qsl, quote, unquote_to_bytes

from .common import Resource, when

# host -> (scheme of the real site, module that builds it)
HOSTS = {
    "www.inherentresolve.mil": ("https", "dod"),
    "www.defense.gov": ("https", "dod"),
    "www.centcom.mil": ("https", "centcom"),
    "airwars.org": ("https", "airwars"),
    "www.syriahr.com": ("https", "sohr"),
    "snhr.org": ("https", "ngo"),
    "reliefweb.int": ("https", "ngo"),
    "www.amnesty.org": ("https", "ngo"),
    "syriadirect.org": ("https", "news"),
    "www.cbc.ca": ("https", "news"),
    "www.independent.co.uk": ("https", "news"),
    "feeds.a.dj.com": ("https", "news"),
    "www.wsj.com": ("https", "news"),
    "halabtodaytv.net": ("https", "outlets"),
    "mena-monitor.org": ("https", "outlets"),
    "eldorar.com": ("https", "outlets"),
    "civiliansinconflict.org": ("https", "outlets"),
    "sauress.com": ("https", "outlets"),
    "arabic.sputniknews.com": ("https", "outlets"),
    "api.reliefweb.int": ("https", "outlets"),
    "www.eldorar.com": ("https", "scripted"),
    "www.gov.uk": ("https", "ukmod"),
}
ORIGINS = {f"{scheme}://{host}": host for host, (scheme, _) in HOSTS.items()}
ROUNDS = (1, 2)
ROUND_DATES = {2: "2020-04-01"}

_S = "https://www.syriahr.com"


def _report_url(report_id: str) -> str:
    from . import civcas, dod
    r = next(x for x in civcas.reports() if x["id"] == report_id)
    return dod.IR + dod.report_path(r)


def _strike_changes() -> tuple[list[str], list[str]]:
    """Round 2 of the strike releases: one new HTML release, one PDF re-uploaded (new ?ver=)."""
    from . import dod, strikes
    added = [dod.IR + dod.strike_path(strikes.ADDED_ROUND2)]
    pdf = next(r for r in strikes.pdfs(2) if r["id"] == strikes.REUPLOADED)
    return added, [dod.IR + quote(pdf["href"].split("?")[0], safe="/%")]


_STRIKES_ADDED, _STRIKES_EDITED = _strike_changes()
_UKMOD = "https://www.gov.uk/government/news/update-air-strikes-in-iraq"

# Documents that change between rounds (original URLs); see also LISTINGS_CHANGED.
# Round 2: the Feb 2020 civcas report appears; the Oct 2016 report is revised in place (one
# allegation becomes credible, three civilians killed); a SOHR English post is deleted (404).
ROUND_CHANGES = {
    2: {
        "added": [_report_url("R2020-02"), *_STRIKES_ADDED],
        "edited": [_report_url("R2016-10"), *_STRIKES_EDITED, _UKMOD],
        "removed": [_S + "/en/27196/"],
    }
}
# Listing pages whose content changes with the documents above.
LISTINGS_CHANGED = {
    2: ["https://www.inherentresolve.mil/Media-Library/News-Releases/",
        _S + "/en/category/news/syria-news/", _S + "/en/category/news/syria-news/page/2/",
        # one new strike release on top shifts every page of the strike list
        "https://www.inherentresolve.mil/Releases/Strike-Releases/",
        "https://www.inherentresolve.mil/News/Strike-Releases/",
        *[f"https://www.inherentresolve.mil/Releases/Strike-Releases/?Page={n}" for n in (2, 3, 4)],
        # GOV.UK's JSON twin of the edited update page
        "https://www.gov.uk/api/content/government/news/update-air-strikes-in-iraq"],
}


def module(name: str):
    """The site module `name` of HOSTS, imported when first asked for (explicitly, so the
    import graph shows it; tests/test_layout.py)."""
    from . import airwars, centcom, dod, news, ngo, outlets, scripted, sohr, ukmod

    return {"airwars": airwars, "centcom": centcom, "dod": dod, "news": news,
            "ngo": ngo, "outlets": outlets, "scripted": scripted, "sohr": sohr,
            "ukmod": ukmod}[name]


def norm_path(raw: str) -> str:
    """Percent-decode a path (either case, raw UTF-8 or latin-1 smuggled bytes) to text."""
    try:
        b = raw.encode("latin-1")
    except UnicodeEncodeError:
        b = raw.encode("utf-8")
    return unquote_to_bytes(b).decode("utf-8", errors="replace")


def norm_query(q: str) -> str | None:
    if not q:
        return None
    return "&".join(f"{k}={v}" for k, v in sorted(parse_qsl(q, keep_blank_values=True)))


def split_key(key: str) -> tuple[str, str | None]:
    path, _, q = key.partition("?")
    return norm_path(path), norm_query(q)


@functools.cache
def _host_pages(host: str, round_: int) -> dict[tuple[str, str | None], Resource]:
    builder = getattr(module(HOSTS[host][1]), "SITES")[host]
    pages = {split_key(k): v for k, v in builder(round_).items()}
    if round_ > 1:  # anything that changed carries the round's date as Last-Modified
        prev = _host_pages(host, round_ - 1)
        stamp = when(ROUND_DATES[round_])
        for k, v in pages.items():
            old = prev.get(k)
            if old is not None and (old.body, old.status) != (v.body, v.status):
                pages[k] = Resource(v.body, v.content_type, v.status, max(stamp, v.modified), v.headers)
            elif old is not None:
                pages[k] = old
    return pages


_lock = threading.Lock()


def lookup(host: str, raw_path: str, raw_query: str, round_: int) -> Resource | None:
    """The resource for a request, or None. Query-specific pages win; else the bare path."""
    if host not in HOSTS:
        return None
    with _lock:
        pages = _host_pages(host, round_)
    path, q = norm_path(raw_path), norm_query(raw_query)
    if q is not None and (path, q) in pages:
        return pages[(path, q)]
    return pages.get((path, None))


def disallowed() -> dict[str, list[str]]:
    """Original URLs linked somewhere but disallowed by the host's robots.txt."""
    out: dict[str, list[str]] = {}
    for name in sorted({m for _, m in HOSTS.values()}):
        for origin, urls in getattr(module(name), "DISALLOWED", {}).items():
            out.setdefault(origin, []).extend(urls)
    return out


def all_keys(host: str, round_: int) -> list[tuple[str, str | None]]:
    return list(_host_pages(host, round_))
