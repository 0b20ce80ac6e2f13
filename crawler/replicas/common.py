"""Shared pieces for the replica sites: resources, facts, text helpers."""
from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .chrome import chrome

DATA = Path(__file__).with_name("data")
HTML = "text/html; charset=utf-8"
XML = "application/rss+xml; charset=utf-8"
PDF = "application/pdf"
TEXT = "text/plain; charset=utf-8"
# ReliefWeb's copies (ngo.py), which its API (outlets.py) also names.
RW_CIVCAS = "/report/iraq/combined-joint-task-force-operation-inherent-resolve-monthly-civilian-casualty-report-1"
RW_HAJIN = "/report/syrian-arab-republic/syria-hajin-civilians-caught-between-front-lines"


@dataclass
class Resource:
    """One answer of a replica site (status, type, body and when it last changed)."""
    body: bytes
    content_type: str = HTML
    status: int = 200
    modified: dt.datetime = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    headers: list[tuple[str, str]] = field(default_factory=list)


def when(day: str, hour: int = 12) -> dt.datetime:
    """'2016-12-01' -> an aware UTC datetime at the given hour."""
    d = dt.date.fromisoformat(day)
    return dt.datetime(d.year, d.month, d.day, hour, 0, tzinfo=dt.timezone.utc)


def page(body: str, modified: str | dt.datetime, headers=None) -> Resource:
    m = when(modified) if isinstance(modified, str) else modified
    return Resource(body.encode("utf-8"), HTML, 200, m, list(headers or []))


@functools.cache
def facts() -> dict:
    return json.loads((DATA / "facts.json").read_text(encoding="utf-8"))


@functools.cache
def seed(prefix: str) -> str:
    """The text of a seed article by its number ('000'..'004')."""
    (path,) = DATA.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def by_id(items: list[dict], key: str = "id") -> dict[str, dict]:
    return {item[key]: item for item in items}


AP_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
             "Nov.", "Dec."]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def ap_date(day: str, year: bool = True) -> str:
    """'2016-12-09' -> 'Dec. 9, 2016' (AP style as the DoD pages print it)."""
    d = dt.date.fromisoformat(day)
    s = f"{AP_MONTHS[d.month - 1]} {d.day}"
    return f"{s}, {d.year}" if year else s


def long_date(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def month_name(ym: str) -> str:
    return MONTHS[int(ym[5:7]) - 1]


_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    return str(n)


def num(n: int, cap: bool = False) -> str:
    """Numbers below ten as words (AP style); capitalised when they open a sentence."""
    if cap:
        return words(n).capitalize() if n < 100 else str(n)
    return words(n) if n < 10 else str(n)


def slugify(text: str, limit: int = 80) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0]
    return s


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def paras(text: str, tag: str = "p") -> str:
    """Blank-line (or line) separated text -> <p> elements."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n|\n", text) if b.strip()]
    return "\n".join(f"<{tag}>{esc(b)}</{tag}>" for b in blocks)


def http_date(d: dt.datetime) -> str:
    return d.astimezone(dt.timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")


def doc(title: str, head: str, body: str, lang: str = "en", direction: str = "ltr",
        body_class: str = "", site: str | None = None) -> str:
    """An HTML page; `site` names the site template whose inline weight (theme CSS,
    configuration script, icon sprite: see chrome.py) the page carries, as real ones do."""
    top = bottom = ""
    if site:
        weight = chrome(site)
        head, top, bottom = f"{weight.head}\n{head}", weight.top + "\n", "\n" + weight.footer
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n{head}\n</head>\n<body class=\"{body_class}\">\n{top}{body}"
        f"{bottom}\n</body>\n</html>\n"
    )


def share_buttons(url: str) -> str:
    u = esc(url)
    return (
        '<ul class="share-buttons" aria-label="Share">'
        f'<li><a href="https://www.facebook.com/sharer/sharer.php?u={u}">Facebook</a></li>'
        f'<li><a href="https://twitter.com/intent/tweet?url={u}">X / Twitter</a></li>'
        f'<li><a href="https://www.linkedin.com/shareArticle?url={u}">LinkedIn</a></li>'
        f'<li><a href="mailto:?body={u}">Email</a></li><li><a href="#" class="print">Print</a></li>'
        "</ul>"
    )


def cookie_notice(text: str = "We use cookies to understand how you use our site and to improve "
                  "your experience. By continuing to use our site, you accept our use of cookies.") -> str:
    return (f'<div id="cookie-notice" role="dialog" class="cookie-banner"><p>{esc(text)}</p>'
            '<button class="accept">Accept</button> <a href="/legal/privacy-policy/">Privacy policy</a></div>')


def robots(disallow: list[str], sitemap: str | None = None) -> Resource:
    lines = ["User-agent: *"] + [f"Disallow: {p}" for p in disallow] + ["Allow: /", ""]
    if sitemap:
        lines.append(f"Sitemap: {sitemap}")
    body = ("\n".join(lines) + "\n").encode()
    return Resource(body, TEXT, 200, when("2019-01-01"))
