"""El Dorar Al Shamia, English edition: a news site whose article text arrives by script.

The article page as served is a shell: header, menus, a sidebar and an empty
`<div class="post-body">`. A script (`/static/js/post.js`) reads the post id, fetches
`/en/api/posts/<id>.json` and writes the headline and paragraphs into the page, so a
plain HTTP fetch never sees the article; only a browser does. The page also loads an
analytics script from a third-party host that a capture must not reach.

The figures are SNHR's (6 May 2017, facts.json `monitor_tallies`), as the real article
at https://eldorar.com/en/post/1256-civilian-casualties-been-killed-us-led-international-coalition-2014
reported them; the prose is written for the replica.
"""
from __future__ import annotations

import json

from .common import Resource, cookie_notice, doc, esc, robots, when

HOST = "www.eldorar.com"  # eldorar.com itself serves the outlets replica's feed
ORIGIN = f"https://{HOST}"
POST_ID = "1256"
ARTICLE = f"/en/post/{POST_ID}-civilian-casualties-been-killed-us-led-international-coalition-2014"
PREVIEW = "/en/post/0-editorial-preview"
LISTING = "/en/news/"
API = "/en/api/posts/{id}.json"
SCRIPT = "/static/js/post.js"
# Loaded by every page, answered by nobody: a browser capture must block it.
THIRD_PARTY = "https://www.googletagmanager.com/gtag/js?id=G-ELDORAR01"
JS = "application/javascript; charset=utf-8"
JSON = "application/json; charset=utf-8"

TITLE = "1,256 Civilians Killed by US-led International Coalition Since 2014: SNHR"
DATE = "2017-05-06"
PARAGRAPHS = [
    "The Syrian Network for Human Rights (SNHR) said on Saturday that the US-led "
    "international coalition has killed 1,256 civilians in Syria since it began its "
    "airstrikes against the Islamic State group in September 2014.",
    "According to the network's documentation, the dead include 383 children and 221 "
    "women. SNHR said most of the victims were killed in the governorates of Raqqa, "
    "Aleppo and Deir ez-Zor, where the coalition's air campaign has been heaviest.",
    "The network called on the coalition to open transparent investigations into the "
    "incidents it has documented, to publish their findings, and to compensate the "
    "families of the victims.",
    "SNHR added that the coalition's own statements acknowledge only a small fraction of "
    "the civilian deaths that local monitors have recorded, and urged the states taking "
    "part in the strikes to take every feasible precaution to spare civilians.",
]
NAV = ["News", "Reports", "Interviews", "Opinion", "العربية"]


def _shell(title: str, main: str, extra_head: str = "") -> str:
    menu = "".join(f'<li><a href="/en/section/{n.lower()}/">{esc(n)}</a></li>' for n in NAV)
    head = (f'<script async src="{esc(THIRD_PARTY)}"></script>\n'
            '<link rel="alternate" type="application/rss+xml" href="/en/feed/">' + extra_head)
    body = (
        f'<header class="site-header"><a class="logo" href="/en/">El Dorar Al Shamia</a>'
        f'<nav class="main-menu"><ul>{menu}</ul></nav>'
        '<form class="search" action="/en/search/"><input name="q" placeholder="Search"></form>'
        '</header>'
        '<div class="breaking-ticker"><span>Breaking</span> <a href="/en/news/">Latest news</a></div>'
        f'<main id="main">{main}</main>'
        '<aside class="sidebar"><h3>Most read</h3><ol><li><a href="/en/news/">Latest news</a></li>'
        '<li><a href="/en/section/reports/">Reports</a></li></ol>'
        '<div class="newsletter">Subscribe to our newsletter</div></aside>'
        '<footer><p>© El Dorar Al Shamia. All rights reserved.</p>'
        '<ul><li><a href="/en/about/">About us</a></li><li><a href="/en/contact/">Contact</a></li></ul>'
        '</footer>' + cookie_notice()
    )
    return doc(f"{title} | El Dorar Al Shamia", head, body, site=HOST)


def _article_shell(post_id: str, title: str) -> str:
    main = (
        f'<article class="post" id="post" data-post="{esc(post_id)}">'
        '<div class="post-header"><span class="post-category">Reports</span></div>'
        '<div class="post-body" aria-live="polite"><div class="spinner">Loading…</div></div>'
        '<noscript><p>Please enable JavaScript to read this article.</p></noscript>'
        '</article>'
        '<section class="related"><h3>Related</h3><ul><li><a href="/en/news/">More news</a></li></ul></section>'
        f'<script src="{SCRIPT}" defer></script>'
    )
    return _shell(title, main)


# The site's loader: fetch the post as JSON, write headline, date and paragraphs.
POST_JS = """(function () {
  "use strict";
  var article = document.getElementById("post");
  if (!article) { return; }
  var id = article.getAttribute("data-post");
  fetch("/en/api/posts/" + encodeURIComponent(id) + ".json", {credentials: "same-origin"})
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (post) {
      var body = article.querySelector(".post-body");
      body.textContent = "";
      var h1 = document.createElement("h1");
      h1.className = "post-title";
      h1.textContent = post.title;
      article.insertBefore(h1, body);
      var time = document.createElement("time");
      time.setAttribute("datetime", post.date);
      time.textContent = post.date_display;
      article.insertBefore(time, body);
      post.paragraphs.forEach(function (text) {
        var p = document.createElement("p");
        p.textContent = text;
        body.appendChild(p);
      });
      document.title = post.title + " | El Dorar Al Shamia";
    })
    .catch(function (err) {
      article.querySelector(".post-body").textContent = "This article could not be loaded.";
    });
})();
"""


# An older post, listed on the second page: SNHR's figures of 11 August 2015.
OLDER_ID = "9412"
OLDER = f"/en/post/{OLDER_ID}-snhr-225-civilians-killed-by-coalition-airstrikes-in-syria"
OLDER_TITLE = "SNHR: 225 Civilians Killed by Coalition Airstrikes in Syria"
OLDER_PARAGRAPHS = [
    "The Syrian Network for Human Rights has documented the deaths of 225 civilians in "
    "airstrikes by the US-led international coalition in Syria, among them 65 children and "
    "37 women.",
    "The network said the toll covers the months since the coalition's campaign against the "
    "Islamic State group began, and called for independent investigations of the strikes.",
]
POSTS = {
    POST_ID: (ARTICLE, TITLE, DATE, "May 6, 2017", PARAGRAPHS),
    OLDER_ID: (OLDER, OLDER_TITLE, "2015-08-11", "August 11, 2015", OLDER_PARAGRAPHS),
}


def _post_json(post_id: str) -> bytes:
    _, title, date, shown, paragraphs = POSTS[post_id]
    post = {"id": int(post_id), "title": title, "date": date, "date_display": shown,
            "author": "El Dorar Al Shamia", "paragraphs": paragraphs}
    return json.dumps(post, ensure_ascii=False, indent=1).encode("utf-8")


def _teaser(path: str, title: str, shown: str, dek: str = "") -> str:
    return (f'<article class="teaser"><h2><a href="{path}">{esc(title)}</a></h2><p>{shown}</p>'
            + (f"<p>{esc(dek)}</p>" if dek else "") + "</article>")


def eldorar(round_: int) -> dict[str, Resource]:
    first = (
        '<h1>News</h1>'
        + _teaser(ARTICLE, TITLE, "May 6, 2017", "The Syrian Network for Human Rights documents "
                  "the civilian toll of the coalition air campaign.")
        + _teaser(PREVIEW, "Editorial preview", "")
        + '<nav class="pagination"><a class="next" href="/en/news/page/2/">Older posts</a></nav>'
    )
    second = (
        '<h1>News</h1>' + _teaser(OLDER, OLDER_TITLE, "August 11, 2015")
        + '<nav class="pagination"><a class="prev" href="/en/news/">Newer posts</a></nav>'
    )
    pages = {
        LISTING: Resource(_shell("News", first).encode(), modified=when(DATE)),
        "/en/news/page/2/": Resource(_shell("News – Page 2", second).encode(), modified=when(DATE)),
        PREVIEW: Resource(_article_shell("0", "Preview").encode(), modified=when("2019-01-01")),
        SCRIPT: Resource(POST_JS.encode(), JS, 200, when("2017-01-01")),
        "/robots.txt": robots(["/en/search/", PREVIEW]),
    }
    for post_id, (path, title, date, _, _) in POSTS.items():
        pages[path] = Resource(_article_shell(post_id, title).encode(), modified=when(date))
        pages[API.format(id=post_id)] = Resource(_post_json(post_id), JSON, 200, when(date))
    return pages


SITES = {HOST: eldorar}
DISALLOWED = {ORIGIN: [ORIGIN + PREVIEW]}
