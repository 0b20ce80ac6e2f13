"""www.gov.uk: the Ministry of Defence's running page "Update: air strikes against Daesh".

One long page of dated entries, newest first, edited in place for years; GOV.UK serves
the same content as JSON under /api/content/<path>. The entries are written in the
MoD's style for this replica (figures and places illustrative; no UK MoD text is in
facts.json). Round 2 adds an entry on top and corrects an older one in place.
"""
from __future__ import annotations

import json

from .common import Resource, doc, esc, page, robots, when

HOST = "https://www.gov.uk"
PATH = "/government/news/update-air-strikes-in-iraq"
API = "/api/content" + PATH
TOPIC = "/government/topical-events/daesh"
DRAFT = "/government/news/update-air-strikes-draft-preview"
TITLE = "Update: air strikes against Daesh"
JSON_TYPE = "application/json; charset=utf-8"

# (heading date, ISO date, paragraphs)
ENTRIES = [
    ("23 November 2018", "2018-11-23", [
        "On Sunday 18 November, two Typhoon FGR4s, supported by a Voyager air refuelling tanker, "
        "conducted two strikes near Hajin in eastern Syria, destroying a Daesh-held building and a "
        "command post.",
        "On Tuesday 20 November, a Reaper remotely piloted aircraft conducted a strike near Susah, "
        "destroying a Daesh vehicle.",
    ]),
    ("19 November 2018", "2018-11-19", [
        "Royal Air Force aircraft have continued to support the Syrian Democratic Forces as they "
        "clear the last Daesh-held pocket along the Euphrates.",
        "On Friday 16 November, Typhoons conducted three strikes near Hajin, destroying three Daesh "
        "fighting positions with Paveway IV guided bombs.",
        "On Saturday 17 November, a Reaper conducted a strike near Hajin, destroying a Daesh mortar "
        "team.",
    ]),
    ("9 November 2018", "2018-11-09", [
        "On Wednesday 7 November, a pair of Tornado GR4s conducted a strike west of Mosul, destroying "
        "a Daesh cave entrance.",
        "On Thursday 8 November, Typhoons conducted two strikes near Hajin, destroying two Daesh "
        "fighting positions.",
    ]),
    ("2 March 2018", "2018-03-02", [
        "On Tuesday 27 February, a Reaper conducted a strike near Abu Kamal, destroying a Daesh "
        "vehicle carrying weapons.",
    ]),
    ("14 December 2017", "2017-12-14", [
        "On Monday 11 December, Typhoon FGR4s conducted two strikes near Al Qaim in western Iraq, "
        "destroying a Daesh truck and a weapons store.",
        "RAF aircraft also flew armed reconnaissance missions over the Euphrates valley without "
        "identifying any targets.",
    ]),
    ("10 January 2017", "2017-01-10", [
        "On 8 January, Tornado GR4s conducted four strikes in western Mosul, destroying three Daesh "
        "sniper teams and a mortar position.",
        "On 9 January, a Reaper conducted a strike near Tal Afar, destroying a Daesh truck bomb.",
    ]),
    ("3 December 2015", "2015-12-03", [
        "Tornado GR4s conducted the RAF's first strikes in Syria last night, hitting six targets at "
        "the Omar oilfield in eastern Syria.",
        "On 2 December, Typhoons and Tornados conducted two strikes near Ramadi, destroying two Daesh "
        "fighting positions.",
    ]),
]

# Round 2: a new entry on top, and the 19 November entry corrected in place.
ADDED = ("27 November 2018", "2018-11-27", [
    "On Saturday 24 November, Typhoons conducted three strikes near Hajin, destroying two Daesh "
    "fighting positions and a Daesh-held building.",
])
CORRECTED = ("On Saturday 17 November, a Reaper conducted a strike near Hajin, destroying a Daesh mortar team.",
             "On Saturday 17 November, a Reaper conducted two strikes near Susah, destroying a Daesh mortar "
             "team and a vehicle. (This entry was corrected on 27 November: the strikes were near Susah, "
             "not Hajin.)")


def entries(round_: int) -> list[tuple[str, str, list[str]]]:
    if round_ < 2:
        return ENTRIES
    fixed = [(h, d, [CORRECTED[1] if p == CORRECTED[0] else p for p in ps]) for h, d, ps in ENTRIES]
    return [ADDED] + fixed


def body_html(round_: int) -> str:
    out = ["<p>The Royal Air Force continues to strike Daesh in Iraq and Syria as part of the "
           "Global Coalition. This page is updated regularly.</p>"]
    for heading, _, paras in entries(round_):
        out.append(f'<h3 id="{heading.lower().replace(" ", "-")}">{esc(heading)}</h3>')
        out += [f"<p>{esc(p)}</p>" for p in paras]
    return "\n".join(out)


def _chrome(title: str, main: str) -> str:
    cookie = ('<div class="gem-c-cookie-banner govuk-clearfix" data-module="cookie-banner" role="region" '
              'aria-label="Cookies on GOV.UK"><p class="govuk-body">We use some essential cookies to make '
              'this website work. We\'d like to set additional cookies to understand how you use GOV.UK.</p>'
              '<button class="govuk-button">Accept additional cookies</button> '
              '<button class="govuk-button">Reject additional cookies</button> '
              '<a class="govuk-link" href="/help/cookies">View cookies</a></div>')
    header = ('<a href="#content" class="govuk-skip-link">Skip to main content</a>'
              '<header class="gem-c-layout-header govuk-header" role="banner"><div class="govuk-header__container">'
              '<a href="/" class="govuk-header__link govuk-header__link--homepage">GOV.UK</a>'
              '<nav aria-label="Menu"><ul><li><a href="/browse">Topics</a></li>'
              '<li><a href="/government/organisations">Government activity</a></li></ul></nav>'
              '<form action="/search/all"><input name="keywords" aria-label="Search GOV.UK"></form></div></header>')
    footer = ('<footer class="gem-c-layout-footer govuk-footer"><h2 class="govuk-visually-hidden">Support links</h2>'
              '<ul><li><a href="/help">Help</a></li><li><a href="/help/privacy-notice">Privacy</a></li>'
              '<li><a href="/help/cookies">Cookies</a></li><li><a href="/help/accessibility-statement">'
              'Accessibility statement</a></li><li><a href="/contact">Contact</a></li></ul>'
              '<p>All content is available under the Open Government Licence v3.0, except where otherwise '
              'stated</p><p>© Crown copyright</p></footer>')
    return doc(f"{title} - GOV.UK", '<meta name="govuk:format" content="news_article">',
               cookie + header + f'<main class="govuk-main-wrapper" id="content" role="main">{main}</main>' + footer,
               site="gov.uk")


def update_page(round_: int) -> str:
    last = entries(round_)[0][0]
    main = (
        '<div class="govuk-breadcrumbs"><ol><li><a href="/">Home</a></li><li><a href="/world">International</a>'
        '</li><li><a href="/government/topical-events/daesh">Daesh: UK government response</a></li></ol></div>'
        f'<div class="gem-c-title"><span class="gem-c-title__context">News story</span>'
        f'<h1 class="gem-c-title__text">{esc(TITLE)}</h1></div>'
        '<p class="gem-c-lead-paragraph">The latest update on RAF air strikes against Daesh in Iraq '
        'and Syria.</p>'
        '<div class="gem-c-metadata"><dl><dt>From:</dt><dd><a href="/government/organisations/ministry-of-defence">'
        'Ministry of Defence</a></dd><dt>Published</dt><dd>14 August 2014</dd><dt>Last updated</dt>'
        f'<dd>{esc(last)} <a href="#history">— See all updates</a></dd></dl></div>'
        f'<div class="govuk-govspeak direction-ltr">{body_html(round_)}</div>'
        '<div class="gem-c-share-links"><h2>Share this page</h2><ul><li><a href="https://www.facebook.com/'
        'sharer/sharer.php?u=https%3A%2F%2Fwww.gov.uk%2Fgovernment%2Fnews%2Fupdate-air-strikes-in-iraq">'
        'Facebook</a></li><li><a href="https://twitter.com/share?url=https%3A%2F%2Fwww.gov.uk%2Fgovernment'
        '%2Fnews%2Fupdate-air-strikes-in-iraq">Twitter</a></li></ul></div>'
        '<div class="gem-c-related-navigation"><h2>Related content</h2><ul>'
        '<li><a href="/government/topical-events/daesh">Daesh: UK government response</a></li></ul></div>'
    )
    return _chrome(TITLE, main)


def api_json(round_: int) -> bytes:
    last_iso = entries(round_)[0][1]
    return json.dumps({
        "base_path": PATH, "content_id": "5f2a7a44-7631-11e4-a3cb-005056011aef",
        "document_type": "news_story", "schema_name": "news_article", "locale": "en",
        "title": TITLE, "description": "The latest update on RAF air strikes against Daesh in Iraq and Syria.",
        "first_published_at": "2014-08-14T00:00:00.000+01:00",
        "public_updated_at": f"{last_iso}T16:30:00.000+00:00",
        "details": {"body": body_html(round_), "change_history": [
            {"public_timestamp": f"{d}T16:30:00.000+00:00", "note": f"Update {h}"} for h, d, _ in entries(round_)]},
        "links": {"organisations": [{"title": "Ministry of Defence",
                                     "base_path": "/government/organisations/ministry-of-defence"}]},
    }, indent=1).encode()


def topic_page() -> str:
    main = ('<h1 class="gem-c-title__text">Daesh: UK government response</h1>'
            '<p>How the UK is working with the Global Coalition against Daesh.</p>'
            '<h2>Latest</h2><ul class="gem-c-document-list">'
            f'<li><a href="{PATH}">{esc(TITLE)}</a> <span>News story</span></li>'
            f'<li><a href="{DRAFT}">Update: air strikes (preview)</a> <span>Draft</span></li>'
            '<li><a href="/government/speeches/defence-secretary-statement-on-daesh">Defence Secretary '
            'statement</a> <span>Speech</span></li></ul>')
    return _chrome("Daesh: UK government response", main)


def govuk(round_: int) -> dict[str, Resource]:
    last = entries(round_)[0][1]
    stamp = when(last, 17)
    return {
        PATH: page(update_page(round_), stamp),
        API: Resource(api_json(round_), JSON_TYPE, 200, stamp),
        TOPIC: page(topic_page(), "2018-11-23"),
        DRAFT: page(_chrome("Preview", "<p>Preview of an unpublished update.</p>"), "2018-11-23"),
        "/robots.txt": robots(["/search/", "/government/news/update-air-strikes-draft-preview"]),
    }


SITES = {"www.gov.uk": govuk}
DISALLOWED = {HOST: [HOST + DRAFT]}
