"""Page chrome of the DoD family of sites (DNN): three templates with different structure."""
from __future__ import annotations

from .common import ap_date, doc, esc, share_buttons

GOV_BANNER = (
    '<section class="usa-banner" aria-label="Official government website"><div class="usa-accordion">'
    '<header class="usa-banner__header"><img src="/Portals/_default/flag.png" alt="U.S. flag"> '
    '<p class="usa-banner__header-text">An official website of the United States government</p> '
    '<button class="usa-banner__button" aria-expanded="false">Here\'s how you know</button></header>'
    '<div class="usa-banner__content" hidden><p><strong>Official websites use .mil</strong> A .mil '
    'website belongs to an official U.S. Department of Defense organization in the United States.</p>'
    '<p><strong>Secure .mil websites use HTTPS</strong> A lock or https:// means you’ve safely '
    'connected to the .mil website. Share sensitive information only on official, secure websites.</p>'
    "</div></div></section>"
)

IR_NAV = [("Home", "/"), ("About CJTF-OIR", "/About-CJTF-OIR/"), ("Releases", "/Releases/Strike-Releases/"),
          ("News Releases", "/Media-Library/News-Releases/"), ("Media Library", "/Media-Library/"),
          ("Leadership", "/Leadership/"), ("Contact", "/Contact/")]


def _nav(items, cls) -> str:
    return f'<ul class="{cls}">' + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in items) + "</ul>"


def _ir_footer() -> str:
    return (
        '<footer id="dnn_footer" class="site-footer"><div class="footer-links">'
        + _nav([("Accessibility/Section 508", "/Accessibility/"), ("FOIA", "/FOIA/"),
                ("Privacy &amp; Security", "/Privacy-Security/"), ("No FEAR Act", "https://prhome.defense.gov/nofear"),
                ("Link Disclaimer", "/Link-Disclaimer/"), ("USA.gov", "https://www.usa.gov/"),
                ("Inspector General", "https://www.dodig.mil/")], "footer-nav")
        + '</div><p class="footer-address">Combined Joint Task Force – Operation Inherent Resolve · '
        "Public Affairs Office · APO AE 09306</p>"
        '<p class="social">Follow CJTF-OIR: <a href="https://twitter.com/CJTFOIR">X</a> · '
        '<a href="https://www.facebook.com/CJTFOIR">Facebook</a> · '
        '<a href="https://www.youtube.com/CJTFOIR">YouTube</a></p></footer>'
    )


def dnn_form(inner: str, url: str) -> str:
    """DNN (ASP.NET) wraps the whole body of every page in one post-back form with its
    __VIEWSTATE: a text reader that drops forms reads nothing."""
    state = "".join(f"{(ord(c) * 7 + i) % 36:x}" for i, c in enumerate(url * 3))[:240]
    return (f'<form method="post" action="{esc(url)}" id="Form" enctype="multipart/form-data">'
            '<div class="aspNetHidden"><input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="">'
            f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUK{state}"></div>'
            f'{inner}</form>')


def ir_modern(title: str, date: str, body: str, url: str, section: str = "News Releases") -> str:
    """inherentresolve.mil 2019-era DNN layout: banner, nav, title then '| Sept. 26, 2019'."""
    head = ('<link rel="stylesheet" href="/Portals/_default/skins/oir2019/skin.css">'
            f'<meta property="og:title" content="{esc(title)}"><meta property="og:url" content="{esc(url)}">')
    main = (
        f'{GOV_BANNER}<header class="site-header"><a class="logo" href="/">Operation Inherent Resolve</a>'
        f'<nav class="primary-nav" aria-label="Main">{_nav(IR_NAV, "menu")}</nav>'
        '<form class="search" action="/Search-Results/"><input name="Search" placeholder="Search"></form></header>'
        f'<div class="breadcrumb-bar"><a href="/">Home</a> / <a href="/Media-Library/">Media Library</a> / {esc(section)}</div>'
        '<div id="dnn_ContentPane" class="content-wrap"><div class="DnnModule DnnModule-ArticleCS">'
        f'<article class="adetail"><h1 class="maintitle">{esc(title)}</h1>'
        f'<div class="info"><span class="date">| {ap_date(date)}</span></div>'
        f'{share_buttons(url)}<div class="body">{body}</div></article></div>'
        '<aside class="related-sidebar"><h2>Related Links</h2>'
        + _nav([("Strike Releases", "/Releases/Strike-Releases/"), ("Press Releases", "/Media-Library/News-Releases/"),
                ("Civilian Casualty Reports", "/Media-Library/News-Releases/"),
                ("Report a civilian casualty", "/Contact/")], "related")
        + "</aside></div>" + _ir_footer()
    )
    main = dnn_form(main, url)
    return doc(title + " > Operation Inherent Resolve > News Release View", head, main, body_class="dnn oir-2019", site="dnn-oir")


def ir_legacy(title: str, date: str, body: str, url: str, kind: str = "NEWS",
              crumb: str = "HOME : NEWSROOM : News Articles : Stories Display") -> str:
    """inherentresolve.mil / centcom 2015-era layout: table skin, ':' breadcrumb, 'NEWS | date'."""
    head = '<link rel="stylesheet" href="/Portals/14/skins/cjtf2015/skin.css">'
    main = (
        '<table id="wrapper" class="skin2015" width="100%"><tr><td class="topbar">'
        '<a href="/"><img src="/Portals/14/logo-oir.png" alt="Combined Joint Task Force - Operation '
        'Inherent Resolve"></a>'
        f'<div class="topmenu">{_nav([("HOME", "/"), ("NEWSROOM", "/NEWSROOM/"), ("ABOUT US", "/About-Us/"), ("MEDIA", "/Media-Library/"), ("CONTACT", "/Contact/")], "tmenu")}</div>'
        f'</td></tr><tr><td><div class="crumbs"><span id="dnn_dnnBreadcrumb_lblBreadCrumb">{esc(crumb)}</span></div>'
        '</td></tr><tr><td class="mainpane"><div class="leftcol">'
        '<h3 class="ltitle">Newsroom</h3>'
        + _nav([("News Articles", "/NEWSROOM/News-Articles/"), ("Press Releases", "/Media-Library/News-Releases/"),
                ("Strike Releases", "/Releases/Strike-Releases/"), ("Photos", "/Media-Library/Photos/")], "lmenu")
        + '</div><div class="centercol"><div class="story">'
        f'<div class="story-meta"><span class="kind">{kind}</span> | <span class="sdate">{ap_date(date)}</span></div>'
        f'<h2 class="story-title">{esc(title)}</h2><p class="byline">By CJTF-OIR Public Affairs</p>'
        f'<div class="story-text">{body}</div>'
        '<div class="toolbar">PRINT | E-MAIL</div></div></div></td></tr>'
        '<tr><td class="bottom">' + _ir_footer() + "</td></tr></table>"
    )
    main = dnn_form(main, url)
    return doc(title, head, main, body_class="legacy", site="dod-legacy")


DG_NAV = [("News", "/News/"), ("Spotlights", "/Spotlights/"), ("Multimedia", "/Multimedia/"),
          ("About", "/About/"), ("Help Center", "/Help-Center/")]


def defense_news(title: str, date: str, body: str, url: str) -> str:
    """defense.gov DoD News archive article layout with the 'historical collection' notice."""
    head = ('<link rel="stylesheet" href="/Portals/1/skins/DefenseGov/css/main.css">'
            f'<link rel="canonical" href="{esc(url)}">')
    main = (
        GOV_BANNER + '<div id="header-wrap" class="dgov-header"><a class="brand" href="/">U.S. Department '
        f'of Defense</a><div class="dgov-menu">{_nav(DG_NAV, "nav-main")}</div></div>'
        '<main id="main-content"><div class="historical-notice alert">This is a historical collection '
        "of DoD News articles. Information may be outdated; links and contacts may no longer work.</div>"
        '<div class="article-header"><p class="category">NEWS | <time>' + ap_date(date) + "</time></p>"
        f'<h1 class="title">{esc(title)}</h1><p class="byline">DoD News</p></div>'
        f'<div class="article-share">{share_buttons(url)}</div>'
        f'<div class="article-body" itemprop="articleBody">{body}</div>'
        '<div class="more-news"><h3>Related Stories</h3>'
        + _nav([("Operation Inherent Resolve", "/Spotlights/Operation-Inherent-Resolve/"),
                ("Defeat-ISIS Campaign", "/Spotlights/Defeat-ISIS/")], "related-list")
        + '</div></main><footer class="dgov-footer"><p>Defense.gov – Official website of the U.S. '
        'Department of Defense</p>'
        + _nav([("Privacy", "/Resources/Privacy/"), ("FOIA", "/Resources/FOIA/"), ("Accessibility", "/Resources/Accessibility/"),
                ("Contact Us", "/Contact/")], "footer-links") + "</footer>"
    )
    return doc(title + " > U.S. Department of Defense > Story", head, main, body_class="dgov", site="dnn-dgov")


def ir_listing(title: str, items: list[tuple[str, str, str, str]], page: int, pages: int, base: str) -> str:
    """A DNN ArticleCS listing: items are (href, title, date, summary); pager uses ?Page=N."""
    rows = "".join(
        f'<div class="alist-item"><p class="title"><a href="{esc(h)}">{esc(t)}</a></p>'
        f'<p class="date">{ap_date(d)}</p><p class="summary">{esc(s)}</p></div>' for h, t, d, s in items)
    pager = ['<div class="pagination"><ul>']
    for n in range(1, pages + 1):
        href = base if n == 1 else f"{base}?Page={n}"
        pager.append(f'<li class="{"active" if n == page else ""}"><a href="{href}">{n}</a></li>')
    if page < pages:
        pager.append(f'<li class="next"><a href="{base}?Page={page + 1}">Next</a></li>')
    pager.append("</ul></div>")
    body = f'<div class="alist"><h1>{esc(title)}</h1>{rows}</div>' + "".join(pager)
    url = "https://www.inherentresolve.mil" + base
    page_html = ir_modern(title, "2020-01-01", body, url, section=title)
    return page_html.replace('<div class="info"><span class="date">| Jan. 1, 2020</span></div>', "")


def defense_story(title: str, date: str, body: str, url: str) -> str:
    """defense.gov's newer story layout: a different shell, the date under the title, a
    'Related' rail beside the body, subheads as bold paragraphs, no historical notice."""
    head = ('<link rel="stylesheet" href="/Portals/1/skins/DefenseGov2/dist/app.css">'
            f'<meta name="DC.date.issued" content="{date}"><link rel="canonical" href="{esc(url)}">')
    main = (
        GOV_BANNER + '<header class="dg2-top"><div class="dg2-brand"><a href="/">DEFENSE.GOV</a></div>'
        f'<nav class="dg2-nav">{_nav(DG_NAV, "dg2-menu")}</nav>'
        '<button class="dg2-search-toggle">Search</button></header>'
        '<div class="dg2-page"><section class="dg2-story">'
        '<div class="dg2-kicker"><a href="/News/">News</a> &gt; <a href="/News/News-Stories/">News Stories</a></div>'
        f'<h1>{esc(title)}</h1><div class="dg2-meta"><span>{ap_date(date)}</span> | '
        '<span>DoD News</span></div>'
        f'<div class="dg2-content">{body}</div>'
        f'<div class="dg2-share">{share_buttons(url)}</div></section>'
        '<aside class="dg2-rail"><h4>Related</h4>'
        + _nav([("Inherent Resolve", "/Spotlights/Operation-Inherent-Resolve/"),
                ("Transcripts", "/News/Transcripts/"), ("Releases", "/News/Releases/")], "dg2-related")
        + '<div class="dg2-subscribe"><p>Get DoD News in your inbox</p><form><input name="email">'
        '<button>Subscribe</button></form></div></aside></div>'
        '<footer class="dg2-foot"><p>An official website of the Department of Defense</p>'
        + _nav([("Privacy Policy", "/Resources/Privacy/"), ("Open Government", "/Resources/Open/"),
                ("Contact", "/Contact/")], "dg2-foot-links") + "</footer>"
    )
    return doc(title + " > U.S. Department of Defense > Story", head, main, body_class="dg2", site="dnn-dg2")
