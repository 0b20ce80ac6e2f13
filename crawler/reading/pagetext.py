"""The one text path of an HTML page: decoded once, parsed once, its main content found
and written out as structured text. Pure: bytes in, `PageText` out.

What `versions.text` stores is `PageText.text`, and every parser reads that text; a parser
that needs the markup itself (Airwars' field blocks) gets `PageText.root`, the tree this
same path parsed, never a second decoding of the body.

The text keeps the page's structure, one block per line:

- headings and paragraphs are lines; a `<br>` ends a line;
- an `<ol>` item starts with its printed number ("3. ", `start` and `value` honoured), a
  `<ul>` item with "- ";
- a table row is its cells joined by " | "; a definition list's term and description share
  a line ("Published: 14 August 2014").

The main content is what is left of `<body>` once the page furniture is dropped (scripts,
styles, hidden elements, form controls such as `__VIEWSTATE`, navigation, site headers and
footers, sidebars, share widgets, cookie banners, link lists), narrowed to the page's
`<article>`/`<main>` when there is one, else to the innermost container that holds nearly
all the text. A `<form>` is a container like any other: DNN (ASP.NET) sites wrap the whole
body in one.

The title is the article's heading (`<h1>` of the content, else the heading matching the
page's `<title>`), not a site section like "Newsroom".
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

# Elements that are never text.
_NOT_TEXT = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
             "input", "select", "option", "button", "textarea", "canvas", "video", "audio",
             "map")
# Page furniture by tag (a `header`/`footer` inside an article is the article's own).
_FURNITURE_TAGS = ("nav", "aside")
# Page furniture by a word of its class or id.
_FURNITURE_WORDS = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|[a-z]menu|sidebar|side-bar|rail|widgets?|share|sharing|"
    r"social|cookies?|consent|gdpr|breadcrumbs?|crumbs|related|subscribe|newsletter|banner|"
    r"toolbar|pager|pagination|comments?|skip|search|promo|advert|ads|popup|modal)(?:$|[-_\s])",
    re.I)
_BLOCKS = frozenset((
    "p", "div", "section", "article", "main", "header", "footer", "aside", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "td",
    "th", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption", "center", "address",
    "hr", "details", "summary", "fieldset", "caption", "body", "html"))
_CONTAINERS = frozenset(("div", "section", "article", "main", "form", "table", "tbody", "tr",
                         "td", "center", "fieldset", "body", "span", "font"))
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Suffixes sites add to <title>: "Report > Operation Inherent Resolve > News Release View".
_TITLE_SPLIT = re.compile(r"\s+(?:[|>»–—-]|::)\s+")


class NoText(ValueError):
    """The page holds no main text."""


@dataclass
class PageText:
    text: str
    title: str | None
    root: object  # the parsed page (lxml), for parsers that read markup
    content: object  # the element the text was written from


def _words(el) -> str:
    return " ".join((el.text_content() or "").split())


def _textlen(el) -> int:
    return len("".join((el.text_content() or "").split()))


def _bodylen(el) -> int:
    """Text length outside headings."""
    return _textlen(el) - sum(_textlen(h) for h in el.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"))


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (el.get("hidden") is not None or "display:none" in style
            or "visibility:hidden" in style or el.get("aria-hidden") == "true")


def _in_article(el) -> bool:
    return any(_tag(a) in ("article", "main") for a in el.iterancestors())


def _furniture(el) -> bool:
    tag = _tag(el)
    if tag in _FURNITURE_TAGS or el.get("role") in ("navigation", "complementary", "banner",
                                                    "contentinfo", "search", "dialog"):
        return True
    if tag in ("header", "footer") and not _in_article(el):
        return True
    marks = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    return bool(marks) and bool(_FURNITURE_WORDS.search(marks))


def _link_list(el) -> bool:
    """A block that is nearly all links (a menu or a list of headlines without a class)."""
    if _tag(el) not in ("ul", "ol", "div", "table", "p"):
        return False
    links = el.xpath(".//a")
    if len(links) < 3:
        return False
    total = _textlen(el)
    linked = sum(_textlen(a) for a in links)
    return total > 0 and linked >= 0.8 * total


def _drop(el) -> None:
    """Remove an element, keeping its tail text."""
    el.drop_tree()


def _clean(body) -> None:
    for el in list(body.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.getparent() is not None:
                _drop(el)
            continue
    for el in body.xpath("|".join(f".//{t}" for t in _NOT_TEXT)):
        if el.getparent() is not None:
            _drop(el)
    total = max(_textlen(body), 1)
    # Outermost first: a dropped block takes its children with it. Furniture that holds
    # most of the page's text is not furniture (a theme naming its content "widget").
    for el in list(body.iterdescendants()):
        if el.getparent() is None or not isinstance(el.tag, str):
            continue
        if not _attached(el, body):
            continue
        if _hidden(el) or ((_furniture(el) or _link_list(el)) and _textlen(el) < 0.4 * total
                           and not el.xpath(".//h1")):
            _drop(el)


def _attached(el, body) -> bool:
    for a in el.iterancestors():
        if a is body:
            return True
    return False


def _contains(el, inner) -> bool:
    return inner is None or el is inner or any(a is el for a in inner.iterancestors())


def _content(body, heading):
    """The element holding the article: the page's <article>/<main> holding at least
    half the text, else the innermost container holding nearly all of it; either way
    one that holds the article's heading (so its date and byline lines come along)."""
    total = _textlen(body)
    marked = [e for e in body.xpath(".//article|.//main|.//*[@role='main']|.//*[@itemprop='articleBody']")
              if _textlen(e) >= 0.5 * total and _contains(e, heading)]
    if marked:
        best = max(marked, key=_textlen)
        inner = [e for e in marked if e is not best and _textlen(e) >= 0.9 * _textlen(best)
                 and _tag(e) == "article"]
        return inner[0] if inner else best
    node = body
    while True:
        # Headings are not counted: a side column of headlines repeating the title holds
        # no text of the article.
        here = _bodylen(node)
        kids = [c for c in node if _tag(c) in _CONTAINERS]
        big = [c for c in kids if _bodylen(c) >= 0.9 * here and _contains(c, heading)]
        if here == 0 or len(big) != 1:
            return node
        node = big[0]


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.parts: list[str] = []
        self.prefix = ""

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def end(self) -> None:
        line = " ".join("".join(self.parts).split())
        self.parts = []
        if line:
            self.lines.append(self.prefix + line)
            self.prefix = ""


def _render(el, out: _Lines) -> None:
    tag = _tag(el)
    if not tag:
        return
    if tag == "br":
        out.end()
        return
    if tag in ("ol", "ul"):
        out.end()
        number = _int(el.get("start"), 1)
        for li in el:
            if _tag(li) != "li":
                _render(li, out)
                out.add(li.tail)
                continue
            if tag == "ol":
                number = _int(li.get("value"), number)
                out.prefix = f"{number}. "
                number += 1
            else:
                out.prefix = "- "
            _children(li, out)
            out.end()
            out.prefix = ""
        return
    if tag == "dl":  # label and value on one line: "Published: 14 August 2014"
        out.end()
        for child in el:
            if _tag(child) == "dt":
                out.end()
                label = _words(child)
                out.add(label if label.endswith(":") or not label else label + ":")
            elif _tag(child) == "dd":
                out.add(" " + _words(child))
            else:
                _render(child, out)
        out.end()
        return
    if tag == "pre":  # preformatted text keeps its lines
        out.end()
        for line in (el.text_content() or "").splitlines():
            out.add(line)
            out.end()
        return
    if tag == "tr" and not el.xpath(".//p|.//div|.//ul|.//ol|.//table|.//br|.//h1|.//h2|.//h3|.//h4"):
        # A data row; a layout table's row (blocks in its cells) is read as blocks.
        out.end()
        cells = [_words(c) for c in el if _tag(c) in ("td", "th")]
        line = " | ".join(c for c in cells if c)
        if line:
            out.lines.append(line)
        return
    block = tag in _BLOCKS
    if block:
        out.end()
    _children(el, out)
    if block:
        out.end()


def _children(el, out: _Lines) -> None:
    out.add(el.text)
    for child in el:
        _render(child, out)
        out.add(child.tail)


def _int(value: str | None, default: int) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        return default


def render(el) -> str:
    """An element as structured text (see the module's docstring)."""
    out = _Lines()
    _render(el, out)
    out.end()
    return "\n".join(out.lines)


def _find_heading(root, body):
    """The article's heading element: the <h1> (or, without one, the <h2>/<h3>) whose
    words are the page's <title> less the site's suffixes; else the <h1> standing in the
    most text (a site section's "Newsroom" banner stands in little)."""
    names = {name for raw in _page_titles(root) for name in _title_prefixes(raw)}
    h1 = [h for h in body.xpath(".//h1") if _words(h)]
    for group in (h1, [h for h in body.xpath(".//h2|.//h3") if _words(h)]):
        for h in group:
            if _words(h).lower() in names:
                return h
    if not h1:
        return None

    def standing(h) -> int:
        parent = h.getparent()
        grand = parent.getparent() if parent is not None else None
        return _textlen(parent) + (_textlen(grand) if grand is not None else 0)

    return max(h1, key=standing)


def _first_heading(content):
    """A content's first <h2> when it stands above the text (a title without <h1>)."""
    for el in content.iter():
        if _tag(el) == "h2" and _words(el):
            return el
        if _tag(el) in ("p", "li", "td") and _words(el):
            return None
    return None


def _page_titles(root) -> list[str]:
    found = root.xpath("//meta[@property='og:title']/@content") + [
        _words(t) for t in root.xpath("//title")]
    return [t.strip() for t in found if t and t.strip()]


def parse_tree(html: str):
    """The page parsed (lxml); an XML declaration in a decoded string is dropped first."""
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise NoText(f"not HTML: {exc}") from exc


def page_text(html: str, keep_root: bool = False) -> PageText:
    """The main text and title of a decoded HTML page; `NoText` when there is none.
    `keep_root`: also keep the whole parsed page (`PageText.root`) for a parser that
    reads markup."""
    root = parse_tree(html)
    whole = copy.deepcopy(root) if keep_root else None
    body = root.find("body")
    if body is None:
        body = root
    _clean(body)
    heading = _find_heading(root, body)
    content = _content(body, heading)
    text = render(content)
    if not text.strip():
        raise NoText("no main text found")
    heading = heading if heading is not None else _first_heading(content)
    if heading is not None:
        title = _words(heading)
    else:
        titles = _page_titles(root)
        title = _site_free(titles[-1]) if titles else None
    return PageText(text=text, title=title, root=whole, content=content)


def _title_prefixes(title: str) -> set[str]:
    """'A – B > Site > View' -> {'a', 'a – b', 'a – b > site', 'a – b > site > view'}: a
    title may itself hold a dash, so every cut is a candidate."""
    cuts = [m.start() for m in _TITLE_SPLIT.finditer(title)] + [len(title)]
    return {" ".join(title[:c].split()).lower() for c in cuts if title[:c].strip()}


def _site_free(title: str | None) -> str | None:
    """A <title> without the site's suffixes (cut at ' | ', ' > ', ' » ')."""
    if not title:
        return None
    return re.split(r"\s+[|>»]\s+", title)[0].strip() or title
