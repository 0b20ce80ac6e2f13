"""Outlets that carried the monitors' figures (facts.json `monitor_tallies`), English and
Arabic, with RSS feeds and news sitemaps that also list unrelated stories (for the news
source's keyword filter); and ReliefWeb's public JSON API.

The article texts are in `data/outlet_NN.txt` (a small header, then the text). Two page
templates: an English news site and an Arabic (right-to-left) one.
"""
from __future__ import annotations

import functools
import json
from urllib.parse import quote

from .common import (DATA, RW_CIVCAS, RW_HAJIN, XML, Resource, cookie_notice, doc, esc, http_date,
                     page, paras, robots, share_buttons, when)

SITEMAP = "application/xml; charset=utf-8"
JSON = "application/json; charset=utf-8"
# Unrelated stories each feed or sitemap also lists; the keyword filter must skip them.
OFF_TOPIC = {
    "en": [("/sport/league-results-weekend/", "League results from the weekend"),
           ("/business/oil-prices-steady/", "Oil prices hold steady ahead of OPEC meeting")],
    "ar": [("/sport/نتائج-الدوري/", "نتائج مباريات الدوري الممتاز"),
           ("/economy/أسعار-الذهب-اليوم/", "أسعار الذهب اليوم في الأسواق")],
}
FEEDS = {  # host -> ("rss" | "sitemap", path)
    "halabtodaytv.net": ("rss", "/feed/"),
    "mena-monitor.org": ("sitemap", "/news-sitemap.xml"),
    "eldorar.com": ("rss", "/en/rss"),
    "civiliansinconflict.org": ("rss", "/feed/"),
    "sauress.com": ("sitemap", "/sitemap.xml"),
    "arabic.sputniknews.com": ("sitemap", "/sitemap_index.xml"),
}


@functools.cache
def articles() -> list[dict]:
    out = []
    for path in sorted(DATA.glob("outlet_*.txt")):
        head, _, text = path.read_text(encoding="utf-8").partition("\n---\n")
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        out.append({**meta, "text": text.strip(), "file": path.name})
    return out


def for_host(host: str) -> list[dict]:
    return [a for a in articles() if a["host"] == host]


def _template(a: dict) -> str:
    origin = f"https://{a['host']}"
    if a["lang"] == "ar":
        nav = "".join(f'<li><a href="/category/{n}/">{n}</a></li>' for n in ("سياسة", "ميداني", "اقتصاد", "رياضة"))
        body = (f'<header class="site-header"><a class="logo" href="/">{esc(a["host"])}</a><nav><ul>{nav}</ul></nav>'
                '<div class="breaking">عاجل: تابعونا على تلغرام</div></header>'
                f'<main><article class="post"><h1 class="post-title">{esc(a["title"])}</h1>'
                f'<time class="post-date" datetime="{a["date"]}T10:00:00+03:00">{a["date"]}</time>'
                f'<div class="post-content">{paras(a["text"])}</div>{share_buttons(origin + a["path"])}</article></main>'
                '<aside class="sidebar"><h3>الأكثر قراءة</h3><ul><li><a href="/">الرئيسية</a></li></ul></aside>'
                f'<footer><p>جميع الحقوق محفوظة © {esc(a["host"])}</p></footer>')
        head = f'<meta property="article:published_time" content="{a["date"]}T10:00:00+03:00">'
        return doc(a["title"], head, body, lang="ar", direction="rtl", site=a["host"])
    nav = "".join(f'<li><a href="/section/{n.lower()}/">{n}</a></li>' for n in ("News", "Analysis", "Reports", "About"))
    body = (f'<header class="masthead"><a class="brand" href="/">{esc(a["host"])}</a><nav><ul>{nav}</ul></nav>'
            '<button class="donate">Donate</button></header>'
            f'<main id="main"><article class="story"><h1>{esc(a["title"])}</h1>'
            f'<p class="byline">Published <time datetime="{a["date"]}">{a["date"]}</time></p>'
            f'<div class="story-text">{paras(a["text"])}</div>{share_buttons(origin + a["path"])}</article></main>'
            '<aside class="related"><h3>Related</h3><ul><li><a href="/section/reports/">More reports</a></li></ul></aside>'
            f'<footer><p>© {esc(a["host"])}</p></footer>' + cookie_notice())
    head = f'<meta property="article:published_time" content="{a["date"]}T10:00:00Z">'
    return doc(a["title"], head, body, site=a["host"])


def _entries(host: str) -> list[tuple[str, str, str, str]]:
    """(path, title, date, summary) of the articles and the unrelated stories of a host."""
    mine = [(a["path"], a["title"], a["date"], a["text"].split("\n")[0]) for a in for_host(host)]
    lang = for_host(host)[0]["lang"] if mine else "en"
    return mine + [(p, t, "2018-11-20", t) for p, t in OFF_TOPIC[lang]]


def _rss(host: str) -> bytes:
    items = "".join(
        f"<item><title>{esc(t)}</title><link>https://{host}{quote(p)}</link><guid>https://{host}{quote(p)}</guid>"
        f"<pubDate>{http_date(when(d))}</pubDate><description>{esc(summary)}</description></item>"
        for p, t, d, summary in _entries(host))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{esc(host)}</title>'
            f"<link>https://{host}/</link><description>{esc(host)}</description>{items}</channel></rss>").encode()


def _sitemap(host: str) -> bytes:
    urls = "".join(
        f"<url><loc>https://{host}{quote(p)}</loc><news:news><news:publication_date>{d}</news:publication_date>"
        f"<news:title>{esc(t)}</news:title></news:news></url>" for p, t, d, _ in _entries(host))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>').encode()


def _sitemap_index(host: str, child: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>https://{host}{child}</loc></sitemap></sitemapindex>").encode()


def article_pages(host: str) -> dict[str, Resource]:
    """The outlet articles of one host (also merged into the hosts other modules build)."""
    res: dict[str, Resource] = {}
    for a in for_host(host):
        res[a["path"]] = page(_template(a), a["date"])
    return res


def outlet(host: str):
    def build(round_: int) -> dict[str, Resource]:
        res = article_pages(host)
        lang = for_host(host)[0]["lang"]
        for p, t in OFF_TOPIC[lang]:
            filler = {"host": host, "path": p, "title": t, "date": "2018-11-20", "lang": lang,
                      "text": t + ".\n" + ("تفاصيل الخبر في التقرير." if lang == "ar" else "Full story to follow.")}
            res[p] = page(_template(filler), "2018-11-20")
        kind, path = FEEDS[host]
        if kind == "rss":
            res[path] = Resource(_rss(host), XML, 200, when("2018-11-30"))
        elif path == "/sitemap_index.xml":
            res[path] = Resource(_sitemap_index(host, "/sitemap-news.xml"), SITEMAP, 200, when("2018-11-30"))
            res["/sitemap-news.xml"] = Resource(_sitemap(host), SITEMAP, 200, when("2018-11-30"))
        else:
            res[path] = Resource(_sitemap(host), SITEMAP, 200, when("2018-11-30"))
        res["/robots.txt"] = robots(["/wp-admin/"])
        return res
    return build


# -- ReliefWeb's public API (api.reliefweb.int/v1/reports) ------------------------------

API_PATH = "/v1/reports"


def reliefweb_api(round_: int) -> dict[str, Resource]:
    """Two pages of API results, linked by `links.next.href` as the real API does."""
    items = [
        {"id": 2911234, "href": "https://api.reliefweb.int/v1/reports/2911234",
         "fields": {"title": "Combined Joint Task Force – Operation Inherent Resolve Monthly Civilian Casualty Report",
                    "url_alias": "https://reliefweb.int" + RW_CIVCAS, "date": {"created": "2018-12-31T00:00:00+00:00"},
                    "source": [{"shortname": "CJTF-OIR"}]}},
        {"id": 2901111, "href": "https://api.reliefweb.int/v1/reports/2901111",
         "fields": {"title": "Syria: Hajin civilians caught between front lines",
                    "url_alias": "https://reliefweb.int" + RW_HAJIN, "date": {"created": "2018-11-23T00:00:00+00:00"},
                    "source": [{"shortname": "OCHA"}]}},
    ]
    query = "appname=civcas&query%5Bvalue%5D=civilian%20casualties%20Syria&limit=1"
    first = {"totalCount": 2, "count": 1, "data": items[:1],
             "links": {"self": {"href": f"https://api.reliefweb.int{API_PATH}?{query}"},
                       "next": {"href": f"https://api.reliefweb.int{API_PATH}?{query}&offset=1"}}}
    second = {"totalCount": 2, "count": 1, "data": items[1:],
              "links": {"self": {"href": f"https://api.reliefweb.int{API_PATH}?{query}&offset=1"}}}
    return {
        f"{API_PATH}?{query}": Resource(json.dumps(first).encode(), JSON, 200, when("2018-12-31")),
        f"{API_PATH}?{query}&offset=1": Resource(json.dumps(second).encode(), JSON, 200, when("2018-12-31")),
        "/robots.txt": robots([]),
    }


SITES = {host: outlet(host) for host in FEEDS}
SITES["api.reliefweb.int"] = reliefweb_api
