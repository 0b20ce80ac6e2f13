"""News: Syria Direct (tag listing), CBC, The Independent, WSJ article pages and their RSS feeds."""
from __future__ import annotations

from .common import (XML, Resource, cookie_notice, doc, esc, http_date, page, paras, robots, seed,
                     share_buttons, when)

SD_ART = "/civilians-monitors-accuse-us-led-coalition-of-disregard-for-civilian-life-as-anti-is-hajin-campaign-drags-into-third-month/"
CBC_ART = "/news/world/syria-hajin-coalition-airstrikes-isis-1.4909745"
IND_ART = "/news/world/middle-east/raqqa-amnesty-coalition-civilian-deaths-islamic-state-a8383671.html"
WSJ_ART = "/articles/syrians-caught-in-crossfire-as-fight-against-isis-heats-up-1507989660"
DRAFTS = {"syriadirect.org": "/members-only-preview/", "www.cbc.ca": "/news/world/internal-preview-1.1000000",
          "www.independent.co.uk": "/news/world/middle-east/internal-preview-a1.html",
          "www.wsj.com": "/articles/internal-preview"}


def _page(brand: str, title: str, main: str, nav: list[str], extra_head: str = "") -> str:
    menu = "".join(f'<li><a href="/section/{n.lower().replace(" ", "-")}/">{esc(n)}</a></li>' for n in nav)
    body = (f'<header class="{brand.lower().replace(" ", "-")}-header"><a class="logo" href="/">{esc(brand)}</a>'
            f'<nav><ul>{menu}</ul></nav><button class="subscribe">Subscribe</button></header>'
            f'<main id="content">{main}</main><aside class="trending"><h3>Most popular</h3><ol>'
            '<li><a href="/">Top stories</a></li><li><a href="/section/opinion/">Opinion</a></li></ol></aside>'
            f'<footer><p>© {esc(brand)}. All rights reserved.</p><ul><li><a href="/legal/terms/">Terms</a></li>'
            '<li><a href="/legal/privacy/">Privacy</a></li></ul></footer>' + cookie_notice())
    return doc(f"{title} | {brand}", extra_head, body, site=brand)


def _article(origin: str, path: str, title: str, dek: str, date_line: str, text: str) -> str:
    return (f'<article><h1 class="headline">{esc(title)}</h1><p class="dek">{esc(dek)}</p>'
            f'<p class="timestamp">{esc(date_line)}</p>{share_buttons(origin + path)}'
            f'<div class="story-body">{paras(text)}</div></article>')


def _rss(title: str, link: str, items: list[tuple[str, str, str, str]]) -> Resource:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<rss version="2.0"><channel>',
           f"<title>{esc(title)}</title><link>{esc(link)}</link><description>{esc(title)}</description>"]
    for url, t, d, desc in items:
        out.append(f"<item><title>{esc(t)}</title><link>{esc(url)}</link><guid>{esc(url)}</guid>"
                   f"<pubDate>{http_date(when(d))}</pubDate><description>{esc(desc)}</description></item>")
    out.append("</channel></rss>")
    return Resource("\n".join(out).encode(), XML, 200, when(items[0][2]))


def syriadirect(round_: int) -> dict[str, Resource]:
    lines = seed("000").splitlines()
    title = lines[2].strip()
    text = "\n".join(lines[3:]).replace("Share this article", "")
    nav = ["News", "Features", "Interviews", "About"]
    main = _article("https://syriadirect.org", SD_ART, title, "8 min read", "21 November 2018", text)
    listing = (f'<h1>Tag: Deir e-Zor</h1><article class="teaser"><h2><a href="{SD_ART}">{esc(title)}</a></h2>'
               f'<p>21 November 2018</p></article><article class="teaser"><h2><a href="{DRAFTS["syriadirect.org"]}">'
               'Members only</a></h2></article>')
    return {SD_ART: page(_page("Syria Direct", title, main, nav), "2018-11-21"),
            DRAFTS["syriadirect.org"]: page(_page("Syria Direct", "Preview", "<p>Preview.</p>", nav), "2019-01-01"),
            "/tag/deir-e-zor/": page(_page("Syria Direct", "Deir e-Zor", listing, nav), "2018-11-21"),
            "/robots.txt": robots(["/wp-admin/", "/members-only-preview/"])}


def cbc(round_: int) -> dict[str, Resource]:
    lines = seed("002").splitlines()
    title, dek = lines[0], lines[2]
    text = "\n".join(lines[4:])
    nav = ["News", "Sports", "Radio", "Music", "Listen Live", "TV", "Watch"]
    main = _article("https://www.cbc.ca", CBC_ART, title, dek, "Posted: Nov 17, 2018", text)
    o = "https://www.cbc.ca"
    from . import outlets

    return {**outlets.article_pages("www.cbc.ca"),
            CBC_ART: page(_page("CBC News", title, main, nav), "2018-11-17"),
            DRAFTS["www.cbc.ca"]: page(_page("CBC News", "Preview", "<p>Preview.</p>", nav), "2019-01-01"),
            "/webfeed/rss/rss-world": _rss("CBC | World News", o + "/news/world",
                                           [(o + CBC_ART, title, "2018-11-17", dek),
                                            (o + "/news2/interactives/hidden-war/", "The Hidden War: Canada in Iraq and Syria",
                                             "2015-11-05", "Coalition airstrikes and civilian casualties"),
                                            (o + DRAFTS["www.cbc.ca"], "Internal preview", "2018-11-16", "Preview")]),
            "/robots.txt": robots(["/private/", "/news/world/internal-"])}


def independent(round_: int) -> dict[str, Resource]:
    lines = [x for x in seed("003").splitlines() if x.strip()]
    title, caption = lines[0], lines[1]
    text = "\n".join(lines[2:])
    nav = ["News", "Sport", "Culture", "Lifestyle", "Voices"]
    main = _article("https://www.independent.co.uk", IND_ART, title, caption, "Tuesday 05 June 2018", text)
    o = "https://www.independent.co.uk"
    return {IND_ART: page(_page("The Independent", title, main, nav), "2018-06-05"),
            DRAFTS["www.independent.co.uk"]: page(_page("The Independent", "Preview", "<p>x</p>", nav), "2019-01-01"),
            "/topic/syria/rss": _rss("Syria | The Independent", o + "/topic/syria",
                                     [(o + IND_ART, title, "2018-06-05", caption),
                                      (o + DRAFTS["www.independent.co.uk"], "Preview", "2018-06-04", "Preview")]),
            "/robots.txt": robots(["/private/", "/news/world/middle-east/internal-"])}


def wsj(round_: int) -> dict[str, Resource]:
    text = seed("001")
    head, _, rest = text.partition("Corrections & Amplifications")
    title = "Syrians Caught in Crossfire as Fight Against ISIS Heats Up"
    dek = "Civilian casualties have shot up recently in Deir Ezzour province, where the extremists have a stronghold"
    nav = ["World", "U.S.", "Politics", "Economy", "Business", "Tech", "Markets", "Opinion"]
    main = _article("https://www.wsj.com", WSJ_ART, title, dek, "Oct. 14, 2017 2:01 pm ET · By Raja Abdulrahim",
                    "Corrections & Amplifications" + rest.split("Document WSJO")[0])
    return {WSJ_ART: page(_page("The Wall Street Journal", title, main, nav), "2017-10-14"),
            DRAFTS["www.wsj.com"]: page(_page("The Wall Street Journal", "Preview", "<p>x</p>", nav), "2019-01-01"),
            "/robots.txt": robots(["/private/", "/articles/internal-"])}


def dj_feeds(round_: int) -> dict[str, Resource]:
    w = "https://www.wsj.com"
    return {"/rss/RSSWorldNews.xml": _rss("WSJ.com: World News", w + "/news/world",
                                          [(w + WSJ_ART, "Syrians Caught in Crossfire as Fight Against ISIS Heats Up",
                                            "2017-10-14", "Civilian casualties have shot up in Deir Ezzour."),
                                           (w + DRAFTS["www.wsj.com"], "Preview", "2017-10-13", "Preview")]),
            "/robots.txt": robots(["/private/"])}


SITES = {"syriadirect.org": syriadirect, "www.cbc.ca": cbc, "www.independent.co.uk": independent,
         "www.wsj.com": wsj, "feeds.a.dj.com": dj_feeds}
DISALLOWED = {f"https://{h}": [f"https://{h}{p}"] for h, p in DRAFTS.items()}
