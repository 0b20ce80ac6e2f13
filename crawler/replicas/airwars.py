"""airwars.org: civilian-casualty incident pages (two themes), military-claims pages, listings."""
from __future__ import annotations

import datetime as dt

from crawler.places.gazetteer import find_place

from . import civcas
from .common import (MONTHS, Resource, cookie_notice, doc, esc, facts, long_date, page, robots,
                     share_buttons)

AW = "https://airwars.org"
FILTER = "?belligerent=coalition&country=iraq%2Csyria"
DRAFT = "/civilian-casualties/cs0-january-1-2014/"
EXTRA = [  # incidents of the real record (facts.json) without an allegation record
    {"airwars_code": "CI134", "allegation_date": "2015-11-04", "location": "Al Huwayjah", "country": "Iraq",
     "assessment": "credible", "civilians_killed": 0, "civilians_injured": 2},
    {"airwars_code": "CS1508", "allegation_date": "2017-09-18", "location": "near Raqqah", "country": "Syria",
     "assessment": "not_yet_assessed"},
    {"airwars_code": "CS1792a", "allegation_date": "2018-08-25", "location": "near Hajin", "country": "Syria",
     "assessment": "credible", "civilians_killed": 3, "civilians_injured": 1},
]
POSITION: dict[str | None, str] = {"non_credible": "Non credible", "credible": "Credible", "duplicate": "Duplicate",
            "not_yet_assessed": "Not yet assessed", "open": "Not yet assessed"}
# What Airwars itself tracked, where the real record gives more than one number:
# (killed as printed, injured as printed, grading, breakdown line).
DETAIL = {
    "CS1508": ("13 – 46", "5 – 12", "Fair", "(4 children 3 women)"),
    "CI732": ("101", "199", "Fair", None),
    "CS1792a": ("3", "1", "Confirmed", "(3 men)"),
    "CI134": ("0", "2", "Confirmed", None),
    "CI715a": ("2", "Unknown", "Confirmed", "(2 men)"),
    "CS906": ("0 – 1", "Unknown", "Discounted", None),
    "CS1210": ("7", "0 – 3", "Weak", "(1 child 2 women)"),
}
ARABIC = {"Raqqa": "الرقة", "Mosul": "الموصل", "Hajin": "هجين", "Tabqa": "الطبقة", "Ramadi": "الرمادي",
          "Fallujah": "الفلوجة", "Deir ez-Zor": "دير الزور"}
GRADING_TIP = {
    "Confirmed": "A specific belligerent has accepted responsibility for civilian harm.",
    "Fair": "Reported by two or more credible sources, with likely or confirmed near actions by a belligerent.",
    "Weak": "Single source claim, though sometimes featuring significant information.",
    "Discounted": "Those incidents where, following assessment, Airwars has discounted the claim.",
}


def incidents() -> list[dict]:
    items = [a for a in facts()["allegations"] if a.get("airwars_code")] + EXTRA
    return sorted(items, key=lambda a: a["allegation_date"], reverse=True)


def slug(a: dict) -> str:
    d = dt.date.fromisoformat(a["allegation_date"])
    return f"{a['airwars_code'].lower()}-{MONTHS[d.month - 1].lower()}-{d.day}-{d.year}"


def href(a: dict) -> str:  # some real links lack the trailing slash
    return f"/civilian-casualties/{slug(a)}" + ("" if a["airwars_code"] == "CS810" else "/")


def detail(a: dict) -> tuple[str, str, str, str | None]:
    code = a["airwars_code"]
    if code in DETAIL:
        return DETAIL[code]
    killed = a.get("airwars_reported_killed", a.get("civilians_killed"))
    grading = "Confirmed" if a.get("assessment") == "credible" else ("Weak" if len(code) % 2 else "Fair")
    return ("Unknown" if killed is None else str(killed)), "Unknown", grading, None


def conceded(a: dict) -> tuple[int, int]:
    """Deaths and injuries the coalition conceded (its credible assessments only)."""
    if a.get("assessment") != "credible":
        return 0, 0
    return a.get("civilians_killed") or 0, a.get("civilians_injured") or 0


def _bare(location: str) -> str:
    return location.removeprefix("near ").strip()


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
               body, body_class=cls, site="airwars")


def _li(label: str, value, cls: str = "", tip: str = "") -> str:
    tip_html = f'<span class="tooltip"><span class="tooltip-content">{esc(tip)}</span></span>' if tip else ""
    return (f'<li class="{cls}"><div>{esc(label)}{tip_html}</div>'
            f'<div class="value">{esc(str(value))}</div></li>')


def new_theme(a: dict, post_id: int) -> str:
    """The 2024-25 theme: taxonomy terms as article classes, .info-left / .info-main columns."""
    code = a["airwars_code"]
    killed, injured, grading, breakdown = detail(a)
    country = a.get("country") or "Syria"
    pos = POSITION.get(a.get("assessment"), "Not yet assessed")
    reason = civcas.REASONS.get(a.get("reason_category"), "") if pos == "Non credible" else ""
    deaths_c, injuries_c = conceded(a)
    place = find_place(a["location"])
    arabic = ARABIC.get(place.name) if place else None
    location = ", ".join(x for x in (arabic, _bare(a["location"]), country) if x)
    geo = ""
    if place and place.lat is not None:
        geo = (f'<div class="meta-block geolocation"><h4>Geolocation</h4><div class="lat-lng">{place.lat:.6f}, '
               f'{place.lon:.6f}</div><div class="warning">Note: the accuracy of this location is to '
               f'<strong>Town</strong> level.</div><a href="https://maps.google.com/?q={place.lat},{place.lon}">'
               'View on Google Maps</a></div>')
    victims = ""
    if code in ("CS1792a", "CS1210"):
        victims = ('<div class="victims"><h2>Victims</h2><ul><li class="victims__victim"><div class="victims__name">'
                   '<strong>Unnamed man</strong> <span>رجل مجهول</span></div><span class="victim-age">Adult</span>'
                   '<span class="victim-gender">Male</span><span class="victim-killed-injured">Killed</span></li>'
                   '</ul></div>')
    summary = (_li("Strike status", "Likely strike") + _li("Strike type", "Airstrike")
               + _li("Infrastructure", "Residential building") + _li("Civilian harm reported", "Yes")
               + _li("Civilians reported killed", killed, "sub")
               + (f'<li class="breakdown"><div></div><div class="value">{esc(breakdown)}</div></li>' if breakdown else "")
               + _li("Civilians reported injured", injured, "sub") + _li("Cause of injury / death", "Airstrike")
               + _li("Airwars civilian harm grading", grading, "", GRADING_TIP[grading])
               + _li("Impact", "Building collapse") + _li("Suspected belligerent", "US-led Coalition"))
    statements = (f'<li><div>Civilian casualty statements</div><div class="value"><p>{esc(reason or pos)}</p>'
                  '<a href="https://www.inherentresolve.mil/Media-Library/News-Releases/">Official source</a></div></li>')
    main = (
        f'<article id="post-{post_id}" class="post-{post_id} civ type-civ status-publish country-{country.lower()} '
        f'belligerent-us-led-coalition strike_type-airstrike strike_status-likely-strike '
        f'civilian_harm_status-{grading.lower()}">'
        f'<h1 class="entry-title">{esc(code)} – {long_date(a["allegation_date"])}</h1>'
        '<div class="info-left"><div class="meta-block code"><h4>Incident Code</h4>'
        f'<span>{esc(code)}</span></div><div class="meta-block date"><h4>Incident date</h4>'
        f'{long_date(a["allegation_date"])}</div><div class="meta-block location"><h4>Location</h4>'
        f'{esc(location)}</div>{geo}<div class="meta-block permalink"><h4>Permalink</h4>'
        f'<a href="/?p={post_id}">{AW}/?p={post_id}</a></div></div>'
        '<div class="info-main"><h2 class="underline-header">Airwars assessment</h2><div class="summary">'
        f'<p>Local sources reported civilian casualties following a Coalition strike {esc(a["location"])} '
        f'on {long_date(a["allegation_date"])}. A local network said that houses were hit at night and that '
        'families were still under the rubble the next morning.</p></div>' + victims
        + '<div class="geolocation-notes"><h2>Geolocation notes</h2><p>Sources named the neighbourhood only; '
        'the incident is located to town level.</p></div>'
        f'<ul class="meta-list summary">{summary}</ul>'
        '<h2>Sources  (2)</h2><ul class="sources-list"><li><span class="source-title">'
        '<a href="https://twitter.com/example/status/1">Local network post</a></span><ul class="source-tags">'
        '<li class="tag">Twitter</li><li class="tag">Arabic</li></ul><span class="archive-link">'
        '<a class="archive" href="https://archive.ph/abc12">archive.ph</a></span></li><li><span class="source-title">'
        '<a href="https://www.facebook.com/example/posts/2">Facebook page</a></span><ul class="source-tags">'
        '<li class="tag">Facebook</li></ul></li></ul>'
        '<ul class="media"><li class="graphic"><div class="media-item" data-image="/wp-content/uploads/x.jpg">'
        '</div></li></ul>'
        '<div class="belligerent-assessments"><h2 class="color-header">US-led Coalition Assessment:</h2>'
        '<ul class="meta-list">' + _li("US-led Coalition position on incident", pos)
        + (_li("Reason for non-credible assessment", reason) if reason else "")
        + _li("Civilian deaths conceded", deaths_c) + _li("Civilian injuries conceded", injuries_c)
        + _li("Stated location", a.get("coalition_shared_location", _bare(a["location"])), "",
              "Nearest population center")
        + _li("Location accuracy", a.get("location_accuracy", "Unknown")) + statements
        + "</ul></div></div></article>" + share_buttons(AW + href(a))
    )
    return _chrome(f"{code} – {long_date(a['allegation_date'])}", main, "single single-civ")


def old_theme(a: dict) -> str:
    """The 2019-22 theme, known from its text rendering: bulleted summary, collapsible lists."""
    code = a["airwars_code"]
    killed, injured, grading, _ = detail(a)
    pos = POSITION.get(a.get("assessment"), "Not yet assessed")
    deaths_c, _ = conceded(a)
    reason = civcas.REASONS.get(a.get("reason_category"), "") if pos == "Non credible" else ""
    main = (
        f'<div class="incident"><h1>{esc(code)} – {long_date(a["allegation_date"])}</h1>'
        f'<p class="meta">Incident Code: {esc(code)} · Incident date: {long_date(a["allegation_date"])} · '
        f'Location: {esc(_bare(a["location"]))}, {esc(a.get("country") or "Syria")}</p><h3>Summary</h3>'
        '<ul class="summary-list"><li>Civilian harm reported Yes</li>'
        f"<li>Civilians reported killed {esc(killed)}</li><li>Civilians reported injured {esc(injured)}</li>"
        f"<li>Airwars grading {esc(grading)}</li><li>Suspected attacker US-led Coalition</li></ul>"
        f"<p>Sources (3) [ collapse]</p><p>Geolocation notes (1) [ collapse]</p>"
        f"<p>Local media reported civilians killed in an alleged Coalition strike {esc(a['location'])}.</p>"
        "<h3>US-led Coalition Assessment:</h3><ul class=\"assessment\">"
        f"<li>US-led Coalition position on incident {esc(pos)}</li>"
        f"<li>Civilian deaths conceded {deaths_c}</li>"
        f"<li>Stated location {esc(a.get('coalition_shared_location', _bare(a['location'])))}</li></ul>"
        f"<p>Civilian casualty statements</p><p>{esc(reason)}</p><p>Original strike reports</p>"
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


def claims_period(r: dict) -> tuple[str, str]:
    """The period Airwars prints in the title, wrong year included (a real Airwars slip, kept)."""
    if r["id"] == "R2016-11":
        return "January 2, 2016", "January 2, 2016"
    ym = r.get("month_covered") or r["published"][:7]
    first = dt.date.fromisoformat(ym + "-01")
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return long_date(first.isoformat()), long_date(last.isoformat())


def claims_page(r: dict) -> str:
    from . import dod

    start, end = claims_period(r)
    d = long_date(r["published"])
    original = dod.IR + dod.report_path(r)
    text = "".join(f"<p>{esc(p)}</p>" for p in civcas.plain(civcas.blocks(r)))
    main = (f'<article class="mil type-mil"><h1>CJTF–OIR for {start} – {end}</h1><ul class="tabs"><li>Original</li>'
            f'<li>Annotated</li></ul><div class="mil-left"><h4>Report Date</h4><p>{d}</p>'
            f'<h4>Report Summary</h4><p>{r.get("completed") or "–"} assessments</p><h4>Amendments</h4><p>None</p>'
            f'<h4>Original Report</h4><p><a class="original-report" href="{esc(original)}">CJTF-OIR</a></p>'
            f'<h4>Archived Report</h4><p><a href="https://web.archive.org/web/2020/{esc(original)}">Archive</a></p>'
            f'</div><div class="mil-report">{text}</div></article>')
    return _chrome(f"CJTF–OIR for {start} – {end}", main, "single single-mil")


# Claimants other than CJTF-OIR have their pages too (docs/sources.md, "Airwars incident pages"): one of the UK MoD's.
OTHER_CLAIM = "/military-claims/uk-mod-november-23-2018/"
UKMOD_UPDATE = "https://www.gov.uk/government/news/update-air-strikes-against-daesh"


def other_claims_page() -> str:
    main = ('<article class="mil type-mil"><h1>UK MoD for November 18, 2018 – November 20, 2018</h1>'
            '<ul class="tabs"><li>Original</li><li>Annotated</li></ul><div class="mil-left"><h4>Report Date</h4>'
            '<p>November 23, 2018</p><h4>Report Summary</h4><p>3 total strikes</p><p>3 in Syria</p>'
            f'<h4>Original Report</h4><p><a class="original-report" href="{UKMOD_UPDATE}">UK MoD</a></p></div>'
            '<div class="mil-report"><p>On Sunday 18 November, two Typhoon FGR4s conducted two strikes near '
            'Hajin in eastern Syria.</p><p>On Tuesday 20 November, a Reaper conducted a strike near Susah.</p>'
            '</div></article>')
    return _chrome("UK MoD for November 18, 2018 – November 20, 2018", main, "single single-mil")


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
            res[OTHER_CLAIM] = page(other_claims_page(), "2018-11-23")
            ents.insert(1, (OTHER_CLAIM, "UK MoD for November 23, 2018", "Military claim"))
        chunks = [ents[i:i + 8] for i in range(0, len(ents), 8)]
        for n, chunk in enumerate(chunks, 1):
            listing = page(_listing(kind, chunk, n, len(chunks)), "2020-02-01")
            res[f"/{kind}/page/{n}/"] = listing
            if n == 1:
                res[f"/{kind}/"] = listing
    res["/robots.txt"] = robots(["/wp-admin/", "/civilian-casualties/cs0-"], AW + "/sitemap.xml")
    return res


SITES = {"airwars.org": site}
DISALLOWED = {AW: [AW + DRAFT]}
