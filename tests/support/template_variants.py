"""Page templates and list renderings generated for the template-mutation tests.

A document is a title, a publication date and blocks: ("p", text), ("h", text) or
("list", [(number or None, text), ...]). `TEMPLATES` wrap a body in the chrome of the
sites the documents are really found on (or a plain PDF text); `LISTS` write a list in
each way the sources print one. Everything here is generated: no variant is a file.
"""

from __future__ import annotations

import html
import re

from crawler.replicas.common import ap_date


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# -- list renderings: (number, text) items -> HTML (None: the rendering prints no numbers) --

def _ol(items) -> str:
    return "<ol>" + "".join(f'<li value="{n}">{esc(t)}</li>' if n is not None else f"<li>{esc(t)}</li>"
                            for n, t in items) + "</ol>"


def _numbered_p(items) -> str:
    return "".join(f"<p>{n}. {esc(t)}</p>" for n, t in items)


def _br_lines(items) -> str:
    return "<p>" + "<br><br>".join(f"{n}. {esc(t)}" for n, t in items) + "</p>"


def _bullets(marker: str):
    def render(items) -> str:
        return "".join(f"<p>{marker} {esc(t)}</p>" for _n, t in items)
    return render


def _ul(items) -> str:
    return "<ul>" + "".join(f"<li>{esc(t)}</li>" for _n, t in items) + "</ul>"


# name -> (renderer, whether the printed numbers survive)
LISTS = {
    "ol": (_ol, True),
    "numbered-p": (_numbered_p, True),
    "br-lines": (_br_lines, True),
    "dash-dash": (_bullets("--"), False),
    "dash": (_bullets("-"), False),
    "bullet": (_bullets("•"), False),
    "star": (_bullets("*"), False),
    "ul": (_ul, False),
}


def body_html(blocks, list_style: str = "ol") -> str:
    render, _numbers = LISTS[list_style]
    out = []
    for kind, value in blocks:
        if kind == "list":
            out.append(render(value))
        elif kind == "h":
            out.append(f"<p><strong>{esc(value)}</strong></p>")
        else:
            out.append(f"<p>{esc(value)}</p>")
    return "\n".join(out)


# -- page templates: (title, date, body HTML, url) -> HTML ----------------------------------

def _sidebar_headlines(title: str) -> str:
    return ("<h3>" + esc(title) + "</h3><ul>" + "".join(
        f'<li><a href="/Article/{n}/">{esc(title)}</a></li>' for n in range(3)) + "</ul>")


def dnn(title: str, date: str, body: str, url: str) -> str:
    """DNN (ASP.NET): the whole body in one post-back form with a __VIEWSTATE, nested module
    wrappers, the site section as a heading, a grid whose side column repeats the title."""
    state = "".join(f"{(ord(c) * 13 + i) % 36:x}" for i, c in enumerate(title * 4))[:300]
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)} &gt; Operation Inherent Resolve &gt; News Release View</title>
<meta property="og:title" content="{esc(title)}"></head>
<body class="dnnSkin"><form method="post" action="{esc(url)}" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUK{state}">
<input type="hidden" name="__EVENTVALIDATION" value="{state[:80]}"></div>
<div id="cookie-consent" class="cookie-banner"><p>This site uses cookies to improve your experience. By continuing you accept.</p></div>
<div id="dnn_HeaderPane"><div class="DnnModule DnnModule-DNN_HTML"><div class="DNNModuleContent"><h2 class="pane-title">Newsroom</h2></div></div></div>
<div class="row"><div class="col-md-8"><div id="dnn_ContentPane"><div class="DnnModule DnnModule-ArticleCS DnnModule-1234">
<a name="1234"></a><div class="DNNContainer_noTitle"><div id="dnn_ctr1234_ContentPane"><div id="dnn_ctr1234_ModuleContent" class="DNNModuleContent ModArticleCSC">
<div class="article-view"><h1 class="title">{esc(title)}</h1><p class="date">PRESS RELEASE | {ap_date(date)}</p>
<div class="addthis_sharing_toolbox share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
<div class="body">{body}</div></div></div></div></div></div></div></div>
<div class="col-md-4"><div class="DnnModule DnnModule-ArticleCSList"><div class="DNNModuleContent">{_sidebar_headlines(title)}</div></div></div></div>
<footer><p>Combined Joint Task Force – Operation Inherent Resolve</p></footer></form></body></html>"""


def _widgets(title: str) -> str:
    return ('<section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>'
            + "".join(f'<li><a href="/{n}/">{esc(title)}</a></li>' for n in range(4))
            + '</ul></section><section class="widget widget_text"><div class="textwidget"><p>Subscribe to '
              'our newsletter for the latest reports.</p></div></section>')


def wordpress(title: str, date: str, body: str, url: str) -> str:
    """WordPress: header and menu, the post in <article> with block markup, share buttons,
    a widget sidebar rendered twice (side column and footer), a cookie banner."""
    blocks = re.sub(r"<p>", '<p class="wp-block-paragraph">', body)
    return f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>{esc(title)} | Monitor</title>
<meta property="article:published_time" content="{date}T09:00:00+00:00"></head>
<body class="post-template-default single single-post has-sidebar">
<div id="page" class="site"><header id="masthead" class="site-header"><p class="site-title"><a href="/">Monitor</a></p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li><a href="/">Home</a></li><li><a href="/about/">About</a></li><li><a href="/reports/">Reports</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-1" class="post-1 post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1><div class="entry-meta">Posted on <time datetime="{date}">{ap_date(date)}</time></div></header>
<div class="entry-content"><div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul><li><a href="#">Twitter</a></li><li><a href="#">Facebook</a></li><li><a href="#">WhatsApp</a></li></ul></div>
<div class="wp-block-group"><div class="wp-block-group__inner-container">{blocks}</div></div></div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/reports/">Reports</a></span></footer></article>
<nav class="navigation post-navigation"><a href="/prev/">{esc(title)}</a></nav></main></div>
<aside id="secondary" class="widget-area">{_widgets(title)}</aside></div>
<footer id="colophon" class="site-footer"><div class="footer-widgets">{_widgets(title)}</div><p>Proudly powered by WordPress</p></footer></div>
<div id="cookie-law-info-bar" class="cookie-notice"><span>We use cookies on our website. <a href="#">Accept</a></span></div>
</body></html>"""


def bare_article(title: str, date: str, body: str, url: str) -> str:
    """A bare <article>: heading, date line, body; nothing else on the page."""
    return (f"<html><head><title>{esc(title)}</title></head><body><article><h1>{esc(title)}</h1>"
            f"<p>| {ap_date(date)}</p>{body}</article></body></html>")


def reliefweb(title: str, date: str, body: str, url: str) -> str:
    """A ReliefWeb copy: its own header and facets, the source's line 'By … | date', the
    report under ReliefWeb's metadata list, attachments and related content beside it."""
    return f"""<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>{esc(title)} - Iraq | ReliefWeb</title>
<meta property="og:title" content="{esc(title)} - Iraq"></head><body class="rw-page">
<header class="cd-header"><a class="cd-logo" href="/">ReliefWeb</a><nav class="cd-nav"><ul><li><a href="/updates">Updates</a></li><li><a href="/countries">Countries</a></li><li><a href="/disasters">Disasters</a></li><li><a href="/organizations">Organizations</a></li></ul></nav></header>
<main id="main-content"><article class="rw-article rw-report"><header class="rw-article__header"><p class="rw-article__pretitle">Iraq + 1 more</p>
<h1 class="rw-article__title rw-page-title">{esc(title)}</h1></header>
<dl class="rw-entity-meta"><dt>Format</dt><dd>News and Press Release</dd><dt>Source</dt><dd><a href="/organization/cjtf-oir">CJTF-OIR</a></dd><dt>Posted</dt><dd>{date}</dd></dl>
<div class="rw-report__content"><p>By CJTF-OIR PAO | {ap_date(date)}</p>{body}</div>
<section class="rw-attachment"><h2>Attachments</h2><ul><li><a href="/attachments/1.pdf">Download report (PDF | 120.5 KB)</a></li></ul></section></article>
<aside class="rw-related"><h2>Related Content</h2><ul><li><a href="/r/1">{esc(title)}</a></li><li><a href="/r/2">{esc(title)}</a></li><li><a href="/r/3">Iraq: Humanitarian Bulletin</a></li></ul></aside></main>
<footer class="cd-footer"><p>ReliefWeb is a service provided by OCHA.</p></footer></body></html>"""


TEMPLATES = {"dnn": dnn, "wordpress": wordpress, "bare-article": bare_article, "reliefweb": reliefweb}


def pdf_text(title: str, date: str, blocks, list_style: str = "ol") -> str:
    """The text a PDF of the document gives: title, date line, one paragraph per line, list
    items as their rendering prints them."""
    _render, numbers = LISTS[list_style]
    marker = {"dash-dash": "--", "dash": "-", "bullet": "•", "star": "*", "ul": "•"}.get(list_style)
    lines = [title, f"PRESS RELEASE | {ap_date(date)}"]
    for kind, value in blocks:
        if kind != "list":
            lines.append(value)
            continue
        for n, text in value:
            lines.append(f"{n}. {text}" if numbers else f"{marker} {text}")
            if list_style == "br-lines":
                lines.append("")
    return "\n".join(lines)
