"""airwars.org: civilian-casualty incident pages (two themes), military-claims pages, listings."""
from __future__ import annotations

import datetime as dt

from . import civcas
from .common import (MONTHS, Resource, cookie_notice, doc, esc, facts, long_date, page, robots,
                     share_buttons)

AW = "https://airwars.org"
FILTER = "?belligerent=coalition&country=iraq%2Csyria"
DRAFT = "/civilian-casualties/cs0-january-1-2014/"
EXTRA = [  # incidents named in SOURCES.md / facts without an allegation record
    {"airwars_code": "CI134", "allegation_date": "2015-11-04", "location": "Al Huwayjah", "country": "Iraq",
     "assessment": "credible", "civilians_killed": 0},
    {"airwars_code": "CS1508", "allegation_date": "2017-09-18", "location": "near Raqqah", "country": "Syria",
     "assessment": "not_yet_assessed"},
    {"airwars_code": "CS1792a", "allegation_date": "2018-08-25", "location": "near Hajin", "country": "Syria",
     "assessment": "credible", "civilians_killed": 3},
]
POSITION = {"non_credible": "Non credible", "credible": "Credible", "duplicate": "Duplicate",
            "not_yet_assessed": "Not yet assessed", "open": "Not yet assessed"}


def incidents() -> list[dict]:
    items = [a for a in facts()["allegations"] if a.get("airwars_code")] + EXTRA
    return sorted(items, key=lambda a: a["allegation_date"], reverse=True)


def slug(a: dict) -> str:
    d = dt.date.fromisoformat(a["allegation_date"])
    return f"{a['airwars_code'].lower()}-{MONTHS[d.month - 1].lower()}-{d.day}-{d.year}"


def href(a: dict) -> str:  # some real links lack the trailing slash
    return f"/civilian-casualties/{slug(a)}" + ("" if a["airwars_code"] == "CS810" else "/")


def _chrome(title: str, main: str, cls: str) -> str:
    nav = "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in [
        ("Conflicts", "/conflict/"), ("Civilian casualties", "/civilian-casualties/"),
        ("Military claims", "/military-claims/"), ("Investigations", "/investigations/"),
        ("Reports", "/reports/"), ("News", "/news/"), ("About", "/about/"), ("Donate", "/donate/")])
    body = (f'<header class="site-header"><a class="logo" href="/">Airwars</a><nav class="main-nav"><ul>{nav}'
            '</ul></nav></header>' + main +
            '<footer class="site-footer"><div class="newsletter"><h3>Sign up to our newsletter</h3>'
            '<form action="/newsletter/"><input type="email" name="email"></form></div>'
            '<p>Airwars is a not-for-profit transparency watchdog tracking civilian harm claims in '
            'conflict-affected nations.</p><ul class="footer-links"><li><a href="/privacy-policy/">Privacy'
            '</a></li><li><a href="/contact/">Contact</a></li></ul><p>© Airwars</p></footer>' + cookie_notice())
    return doc(title + " | Airwars", '<link rel="stylesheet" href="/wp-content/themes/airwars/style.css">',
               body, body_class=cls)


def new_theme(a: dict, post_id: int) -> str:
    code = a["airwars_code"]
    killed = a.get("airwars_reported_killed", a.get("civilians_killed", "Unknown"))
    country = a.get("country") or "Syria"
    pos = POSITION.get(a.get("assessment"), "Not yet assessed")
    reason = civcas.REASONS.get(a.get("reason_category"), "") if pos == "Non credible" else ""
    li = lambda k, v, cls="": f'<li class="{cls}"><div>{esc(k)}</div><div class="value">{esc(str(v))}</div></li>'
    main = (
        f'<article id="post-{post_id}" class="post-{post_id} civ type-civ country-{country.lower()} '
        f'belligerent-us-led-coalition strike_type-airstrike civilian_harm_status-fair">'
        f'<h1 class="entry-title">{esc(code)} – {long_date(a["allegation_date"])}</h1>'
        '<div class="info-left"><div class="meta-block code"><h4>Incident Code</h4>'
        f'<span>{esc(code)}</span></div><div class="meta-block"><h4>Incident date</h4>'
        f'{long_date(a["allegation_date"])}</div><div class="meta-block location"><h4>Location</h4>'
        f'{esc(a["location"])}, {esc(country)}</div><div class="meta-block permalink"><h4>Permalink</h4>'
        f'<a href="/?p={post_id}">{AW}/?p={post_id}</a></div></div>'
        '<div class="info-main"><h2 class="underline-header">Airwars assessment</h2><div class="summary">'
        f'<p>Local sources reported civilian casualties following a Coalition strike {esc(a["location"])} '
        f'on {long_date(a["allegation_date"])}. Airwars tracked {killed} reported civilian deaths.</p></div>'
        '<ul class="meta-list summary">' + li("Strike status", "Single Source Claim")
        + li("Strike type", "Airstrike") + li("Civilian harm reported", "Yes")
        + li("Civilians reported killed", killed, "sub")
        + li("Airwars civilian harm grading", "Fair") + li("Suspected belligerent", "US-led Coalition")
        + '</ul><h2>Sources  (2)</h2><ul class="sources-list"><li><span class="source-title">'
        '<a href="https://twitter.com/example/status/1">Local network post</a></span><ul class="source-tags">'
        '<li class="tag">Twitter</li><li class="tag">Arabic</li></ul></li></ul>'
        '<div class="belligerent-assessments"><h2 class="color-header">US-led Coalition Assessment:</h2>'
        '<ul class="meta-list">' + li("US-led Coalition position on incident", pos)
        + (li("Reason for non-credible assessment", reason) if reason else "")
        + li("Civilian deaths conceded", a.get("civilians_killed", 0) if pos == "Credible" else 0)
        + li("Stated location", a.get("coalition_shared_location", a["location"])) + "</ul></div></div></article>"
        + share_buttons(AW + href(a))
    )
    return _chrome(f"{code} – {long_date(a['allegation_date'])}", main, "single single-civ")


def old_theme(a: dict) -> str:
    code = a["airwars_code"]
    killed = a.get("airwars_reported_killed", "0 – 1")
    pos = POSITION.get(a.get("assessment"), "Not yet assessed")
    main = (
        f'<div class="incident"><h1>{esc(code)} – {long_date(a["allegation_date"])}</h1>'
        f'<p class="meta">Incident date: {long_date(a["allegation_date"])} · Location: {esc(a["location"])}, '
        f'{esc(a.get("country") or "")}</p><h3>Summary</h3><ul class="summary-list">'
        f"<li>Civilian harm reported Yes</li><li>Civilians reported killed {killed}</li>"
        "<li>Suspected attacker US-led Coalition</li></ul>"
        f"<p>Sources (3) [ collapse]</p><p>Geolocation notes (1) [ collapse]</p>"
        f"<p>Local media reported civilians killed in an alleged Coalition strike {esc(a['location'])}.</p>"
        "<h3>US-led Coalition Assessment:</h3><p>Civilian casualty statements</p>"
        f"<p>The Coalition assessed this allegation as {pos.lower()}. "
        + esc(civcas.REASONS.get(a.get("reason_category"), "")) + "</p><p>Original strike reports</p>"
        "<blockquote>For the day of the incident: 'Near Raqqah, 15 strikes engaged 13 ISIS tactical units "
        "and destroyed 12 fighting positions.'</blockquote></div>"
    )
    return _chrome(f"{code} – {long_date(a['allegation_date'])}", main, "single old-theme")


def claims_slug(r: dict) -> str:
    special = {"R2016-11": "cjtfoir-january-2-2016-2", "R2017-03": "cjtfoir-may-1-2017-2"}
    if r["id"] in special:
        return special[r["id"]]
    d = dt.date.fromisoformat(r["published"])
    return f"cjtfoir-{MONTHS[d.month - 1].lower()}-{d.day}-{d.year}"


def claims_page(r: dict) -> str:
    d = long_date(r["published"])
    text = "".join(f"<p>{esc(p)}</p>" for p in civcas.plain(civcas.blocks(r)))
    main = (f'<article class="mil"><h1>CJTF–OIR for {d} – {d}</h1><ul class="tabs"><li>Original</li>'
            f'<li>Annotated</li></ul><div class="mil-left"><h4>Report Date</h4><p>{d}</p>'
            f'<h4>Report Summary</h4><p>{r.get("completed") or "–"} assessments</p>'
            '<h4>Original Report</h4><p><a href="https://www.inherentresolve.mil/Media-Library/News-Releases/">'
            f'CJTF-OIR</a></p></div><div class="mil-report">{text}</div></article>')
    return _chrome(f"CJTF–OIR for {d} – {d}", main, "single single-mil")


def _listing(kind: str, entries: list[tuple[str, str, str]], n: int, pages: int) -> str:
    rows = "".join(f'<article class="preview"><h2><a href="{esc(h)}">{esc(t)}</a></h2><p>{esc(s)}</p>'
                   f'<a class="more" href="{esc(h)}">View Incident</a></article>' for h, t, s in entries)
    pager = "".join(f'<a class="page-numbers" href="/{kind}/page/{i}/{FILTER}">{i}</a>'
                    for i in range(1, pages + 1) if i != n)
    main = f'<main class="archive"><h1>{kind.replace("-", " ").title()}</h1>{rows}<nav class="pagination">{pager}</nav></main>'
    return _chrome(kind.replace("-", " ").title(), main, "archive")


def site(round_: int) -> dict[str, Resource]:
    res: dict[str, Resource] = {}
    incs = incidents()
    entries = []
    for i, a in enumerate(incs):
        pid = 31600 + i * 37
        html = new_theme(a, pid) if i % 2 == 0 else old_theme(a)
        res[f"/civilian-casualties/{slug(a)}/"] = page(html, a["allegation_date"])
        if not href(a).endswith("/"):  # WordPress also answers the slash-less form it is linked by
            res[href(a)] = res[f"/civilian-casualties/{slug(a)}/"]
        res[f"/?p={pid}"] = Resource(b"", status=301, headers=[("Location", f"/civilian-casualties/{slug(a)}/")])
        entries.append((href(a), f"{a['airwars_code']} – {long_date(a['allegation_date'])}",
                        f"First published {long_date(a['allegation_date'])} · {a['location']}"))
    entries.insert(4, (DRAFT, "CS0 – January 1, 2014 (draft)", "Unpublished draft"))
    res[DRAFT] = page(_chrome("Draft", "<p>Draft.</p>", "draft"), "2019-01-01")
    for kind, ents in (("civilian-casualties", entries), ("military-claims", None)):
        if ents is None:
            reps = [r for r in civcas.reports() if r["id"] != "R2020-02"]
            for r in reps:
                res[f"/military-claims/{claims_slug(r)}/"] = page(claims_page(r), r["published"])
            ents = [(f"/military-claims/{claims_slug(r)}/", f"CJTF–OIR for {long_date(r['published'])}",
                     "Military claim") for r in reversed(reps)]
        chunks = [ents[i:i + 8] for i in range(0, len(ents), 8)]
        for n, chunk in enumerate(chunks, 1):
            html = page(_listing(kind, chunk, n, len(chunks)), "2020-02-01")
            res[f"/{kind}/page/{n}/"] = html
            if n == 1:
                res[f"/{kind}/"] = html
    res["/robots.txt"] = robots(["/wp-admin/", "/civilian-casualties/cs0-"], AW + "/sitemap.xml")
    return res


SITES = {"airwars.org": site}
DISALLOWED = {AW: [AW + DRAFT]}
