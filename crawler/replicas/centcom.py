"""www.centcom.mil: the pre-monthly era of civilian-casualty assessments (docs/sources.md, "What the monthly-report parser reads";
era 1). Before the monthly reports began, U.S. Central Command published periodic
press releases that list the strikes assessed to have harmed civilians as narrative
sentences: "On <date>, in <village>, <country>, near <town>, during a strike on
<target>, it is assessed that N civilians were killed ...". The one the facts know was
released April 22, 2016 (nine strikes).

Two templates hold it: CENTCOM's own press release (2016 DNN press-release chrome, one
paragraph per strike, "it is assessed that") here, and the task force's repost among
its News Releases (`dod.py`, the 2015 legacy chrome: a numbered list, a head like the
monthly reports' "<date>, <place>, <country>:" and the finding in its own sentences).
The real markup is unknown; the parser works from the text of either.
"""
from __future__ import annotations

from .common import ap_date, doc, esc, facts, page, robots, share_buttons, slugify, words
from .dodchrome import GOV_BANNER

CC = "https://www.centcom.mil"
PUBLISHED = "2016-04-22"
TITLE = "CENTCOM Releases Civilian Casualty Assessments"
ARTICLE_ID = 735404
RELEASES = "/MEDIA/PRESS-RELEASES/"
RELEASE_PATH = f"{RELEASES}Press-Release-View/Article/{ARTICLE_ID}/{slugify(TITLE)}/"
# An unrelated release on the same list: the civcas source must not take it as a report.
OTHER_TITLE = "Military airstrikes continue against ISIL terrorists in Syria and Iraq"
OTHER_PATH = f"{RELEASES}Press-Release-View/Article/735391/{slugify(OTHER_TITLE)}/"

# The facts hold seven of the nine strikes (items 5 and 7 were kept back); the replica
# world fills the two gaps with strikes of its own, marked here, so the release lists nine.
REPLICA_ONLY = [
    {"id": "X05", "item": 5, "allegation_date": "2015-11-26", "location": "near Bayji", "country": "Iraq",
     "assessment": "credible", "civilians_killed": 2, "civilians_injured": None,
     "note": "ISIL weapons cache"},
    {"id": "X07", "item": 7, "allegation_date": "2015-12-28", "location": "near Raqqah", "country": "Syria",
     "assessment": "credible", "civilians_killed": 1, "civilians_injured": 1,
     "note": "ISIL staging area"},
]
# The target of each strike, from the facts' notes, in the release's words.
TARGETS = {
    "P01": ("an ISIL checkpoint", "A vehicle entered the target area after the weapons were in flight."),
    "P02": ("an ISIL mortar fire position", ""),
    "P03": ("an ISIL vehicle", "The vehicle pulled off the road next to two civilians as the weapon struck."),
    "P04": ("ISIL fighters", ""),
    "P06": ("a suspected ISIL checkpoint", "Civilians moved into the area after the weapons were in flight."),
    "P08": ("an ISIL cash distribution point", ""),
    "P09": ("an ISIL fighting position", "A vehicle drove into the target area as the weapon struck."),
    "X05": ("an ISIL weapons cache", ""),
    "X07": ("an ISIL staging area", ""),
}


def strikes() -> list[dict]:
    """The nine strikes of the April 22, 2016 release, in the release's order."""
    known = [a for a in facts()["allegations"] if "pre-monthly" in (a.get("report") or "")]
    return sorted(known + REPLICA_ONLY, key=lambda a: a["item"])


def _where(a: dict) -> str:
    """'Kubaysah, near Hit' + Iraq -> 'in Kubaysah, Iraq, near Hit'; 'near Mosul' ->
    'near Mosul, Iraq'."""
    first, _, rest = a["location"].partition(", ")
    lead = first if first.startswith("near ") else f"in {first}"
    return ", ".join(x for x in (lead, a["country"], rest) if x)


def _harm(a: dict, *, also: bool) -> str:
    """'two civilians were killed and four civilians were injured' (as stated)."""
    bits = []
    if a.get("civilians_killed"):
        bits.append(f"{words(a['civilians_killed'])} civilian{'s were' if a['civilians_killed'] != 1 else ' was'} killed")
    if a.get("civilians_injured"):
        n = a["civilians_injured"]
        noun = "civilians were" if also or not bits else "were"
        if n == 1:
            noun = "civilian was" if also or not bits else "was"
        bits.append(f"{words(n)} {noun} injured")
    text = " and ".join(bits)
    if a.get("civilians_killed") == 0:
        text += "; no civilians were killed"
    return text


def centcom_sentence(a: dict) -> str:
    """Template A: one narrative sentence per strike."""
    target, detail = TARGETS[a["id"]]
    text = (f"On {ap_date(a['allegation_date'])}, {_where(a)}, during a strike on {target}, "
            f"it is assessed that {_harm(a, also=True)}.")
    return f"{text} {detail}".strip()


def repost_entry(a: dict) -> str:
    """Template B: the task force's repost, a head then the finding in sentences."""
    target, detail = TARGETS[a["id"]]
    return (f"{ap_date(a['allegation_date'])}, {_where(a)}: During a Coalition strike on {target}, "
            f"it was assessed that {_harm(a, also=False)}. {detail}").strip()


LEAD = ("U.S. Central Command has completed assessments of reports of civilian casualties "
        "resulting from Coalition airstrikes against the Islamic State of Iraq and the Levant in "
        "Iraq and Syria. The assessments determined that nine strikes conducted between September "
        "2015 and February 2016 likely resulted in civilian casualties.")
CLOSE = ("The Coalition takes extraordinary measures to minimize civilian casualties and "
         "regrets the unintentional loss of life. Assessments continue on other reports, and "
         "their results will be released when they are complete.")


def release_paragraphs() -> list[str]:
    return ([f"TAMPA, Fla., {ap_date(PUBLISHED)} – {LEAD}",
             "The following strikes were assessed to have resulted in civilian casualties:"]
            + [centcom_sentence(a) for a in strikes()] + [CLOSE])


def repost_blocks() -> list[tuple]:
    """Blocks for `dod.render_blocks`: the repost's text."""
    return [("p", f"SOUTHWEST ASIA – {LEAD}"),
            ("p", "In each of the following strikes it was assessed that civilians were harmed:"),
            ("ol", [(a["item"], repost_entry(a)) for a in strikes()]),
            ("p", CLOSE)]


CC_NAV = [("Home", "/"), ("About Us", "/ABOUT-US/"), ("Media", "/MEDIA/"),
          ("Press Releases", RELEASES), ("News Articles", "/MEDIA/NEWS-ARTICLES/"), ("Contact", "/CONTACT/")]


def _chrome(title: str, main: str) -> str:
    nav = '<ul class="cc-menu">' + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in CC_NAV) + "</ul>"
    body = (GOV_BANNER + f'<div id="cc-top"><a class="cc-logo" href="/">U.S. Central Command</a>{nav}</div>'
            f'<div id="cc-body" class="cc-2016">{main}</div>'
            '<div id="cc-bottom"><p>U.S. Central Command · 7115 South Boundary Boulevard · MacDill AFB, FL 33621</p>'
            '<ul class="cc-links"><li><a href="/FOIA/">FOIA</a></li><li><a href="/Privacy/">Privacy</a></li></ul></div>')
    return doc(title, '<link rel="stylesheet" href="/Portals/6/skins/centcom/skin.css">', body)


def release_page(title: str, date: str, paras: list[str], url: str) -> str:
    text = "".join(f"<p>{esc(p)}</p>" for p in paras)
    main = ('<div class="cc-crumb">HOME : MEDIA : PRESS RELEASES : Press Release View</div>'
            f'<div class="cc-release"><p class="cc-kind">Press Release | {ap_date(date)}</p>'
            f'<h1 class="cc-title">{esc(title)}</h1>{share_buttons(url)}'
            f'<div class="cc-text">{text}</div><p class="cc-print">PRINT | E-MAIL</p></div>'
            '<div class="cc-rail"><h4>Related</h4><ul><li><a href="/MEDIA/NEWS-ARTICLES/">News Articles</a></li></ul></div>')
    return _chrome(title, main)


def _listing() -> str:
    items = [(RELEASE_PATH, TITLE, PUBLISHED), (OTHER_PATH, OTHER_TITLE, "2016-04-21")]
    rows = "".join(f'<div class="cc-item"><a href="{esc(h)}">{esc(t)}</a><span class="cc-date">{ap_date(d)}</span></div>'
                   for h, t, d in items)
    return _chrome("Press Releases", f'<h1>Press Releases</h1><div class="cc-list">{rows}</div>')


def centcom(round_: int) -> dict:
    other = [f"TAMPA, Fla., {ap_date('2016-04-21')} – U.S. and Coalition military forces continued "
             "to attack ISIL terrorists in Syria and Iraq, conducting 21 strikes."]
    return {
        RELEASES: page(_listing(), PUBLISHED),
        RELEASE_PATH: page(release_page(TITLE, PUBLISHED, release_paragraphs(), CC + RELEASE_PATH), PUBLISHED),
        OTHER_PATH: page(release_page(OTHER_TITLE, "2016-04-21", other, CC + OTHER_PATH), "2016-04-21"),
        "/robots.txt": robots(["/Admin/"]),
    }


SITES = {"www.centcom.mil": centcom}
