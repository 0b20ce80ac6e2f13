"""One document's rows and checks, with no crawl and no store (`civcas parse`).

A file (HTML, PDF or plain text) or a URL fetched once is turned into text by the
crawl's own extraction (`crawler.reading.extract`), parsed by the parser of its kind, as the
crawl's handlers would, and checked against its own printed figures (`crawler.reading.checks`).
Nothing is archived or written: this is for a researcher checking a document found
elsewhere, and for parser work.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from crawler.reading import checks
from crawler.reading.extract import ExtractionError, decode_html, extract, guess_language, read_html
from crawler.items import StoredPage
from crawler.reading.kinds import classify, uk_mod_text
from crawler.parsers import ParseFailure

# The kinds `civcas parse` reads; `auto` decides from the content (crawler/reading/kinds.py).
KINDS = ("civcas_report", "strike_release", "news_release", "monitor_post", "news_article",
         "incident")
_CONTENT_TYPES = {".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html",
                  ".txt": "text/plain"}


class InputError(Exception):
    """The document could not be read (missing, unreadable, unsupported): one sentence."""


@dataclass
class Document:
    url: str  # the URL, or the file's path
    content_type: str
    body: bytes
    text: str
    title: str | None
    published: str | None
    language: str | None


@dataclass
class Parsed:
    kind: str
    tables: dict[str, list[dict]] = field(default_factory=dict)
    checks: list[checks.Check] = field(default_factory=list)
    failure: str | None = None  # why the parser read no rows


# -- reading the document ----------------------------------------------------------------


def is_url(target: str) -> bool:
    return re.match(r"^https?://", target, re.I) is not None


def fetch(url: str, user_agent: str, timeout: float = 30.0) -> tuple[bytes, str]:
    """The body and content type of one GET, with the crawl's User-Agent."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")
    except (OSError, ValueError) as exc:  # URLError, HTTPError, timeouts are OSErrors
        raise InputError(f"could not fetch {url}: {exc}") from exc


def read_file(path: Path) -> tuple[bytes, str]:
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    body = path.read_bytes()
    ctype = _CONTENT_TYPES.get(path.suffix.lower())
    if ctype is None:
        ctype = "application/pdf" if body[:5] == b"%PDF-" else "text/html"
    return body, ctype


def document(url: str, body: bytes, content_type: str) -> Document:
    """The text the crawl would store for these bytes: plain text as it is, HTML and PDF
    through `crawler.reading.extract`."""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype == "text/plain" and body[:5] != b"%PDF-":
        text, _ = decode_html(body, content_type)
        text = text.strip()
        if not text:
            raise InputError(f"{url}: the file is empty")
        first = text.splitlines()[0].strip()
        return Document(url, content_type, body, text, first[:200] or None, None, guess_language(text))
    try:
        page, _ = extract(body, content_type, url)
    except ExtractionError as exc:
        raise InputError(f"{url}: {exc}") from exc
    return Document(url, content_type, body, page.text, page.title, page.published, page.language)


def check_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) or None; anything else is an error."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise InputError(f"--published {value!r} is not a date (YYYY-MM-DD)") from exc


# -- which kind: from the content ---------------------------------------------------------

# What a coalition (not a UK MoD) release says of itself: such a release is read by the
# coalition's release parser even where it names RAF aircraft.
_CJTF = re.compile(r"\b(?:coalition military forces|CJTF-OIR|Combined Joint Task Force|SOUTHWEST ASIA|TAMPA, Fla)",
                   re.I)


def kind_of(doc: Document) -> str:
    """`--kind auto`: the crawl's own classifier (crawler/reading/kinds.py), with no source's hint:
    the content decides, the URL (when the document is one) tells Airwars' sections apart."""
    return classify(doc.title, doc.text, doc.url)


# -- parsing -------------------------------------------------------------------------------


def _page(doc: Document, kind: str, published: str | None) -> StoredPage:
    return StoredPage(document_id=0, version_id=0, source="", kind=kind, url=doc.url,
                      content_type=doc.content_type, body=doc.body, text=doc.text, title=doc.title,
                      published=published, language=doc.language)


def parse(doc: Document, kind: str, published: str | None = None) -> Parsed:
    """The rows the kind's parser reads from the document, and their checks."""
    published = published or doc.published
    page = _page(doc, kind, published)
    out = Parsed(kind)
    try:
        if kind == "civcas_report":
            _report(page, out)
        elif kind == "strike_release":
            _releases(page, out)
        elif kind in ("incident", "military_claim"):  # military_claim: only from auto, by its URL
            _incident(page, out)
        elif kind in ("monitor_post", "news_article"):
            _claims(page, out)
        else:  # news_release: archived as evidence, no tables
            return out
    except ParseFailure as exc:
        out.failure = str(exc)
        return out
    rows = sum(len(rows) for rows in out.tables.values())
    out.checks = out.checks or [checks.nothing_printed(rows, "rows")]
    return out


def _report(page: StoredPage, out: Parsed) -> None:
    from crawler.parsers.civcas import parse_report

    text = page.text
    report = parse_report(text, title=page.title, published=page.published)
    row = asdict(report)
    allegations = row.pop("allegations")
    out.tables["civcas_reports"] = [row]
    out.tables["allegations"] = allegations
    out.checks = checks.civcas_report(report, text)


def _releases(page: StoredPage, out: Parsed) -> None:
    from crawler.parsers import ukmod
    from crawler.tables.strikes import releases_of

    head = f"{page.title or ''}\n{page.text}"
    if not ukmod.is_ukmod(page.url) and uk_mod_text(head) and not _CJTF.search(head):
        # a file or a repost: the URL does not say it is the MoD's page, the text does
        releases = ukmod.parse_updates(page.text, published=page.published)
    else:
        releases = releases_of(page)
    out.tables["strike_releases"], out.tables["strikes"] = [], []
    for n, rel in enumerate(releases, 1):
        row = asdict(rel)
        lines = row.pop("lines")
        out.tables["strike_releases"].append({"release": n, **row})
        out.tables["strikes"] += [{"release": n, **ln} for ln in lines]
    out.checks = checks.strike_release(releases, page.text)


def _incident(page: StoredPage, out: Parsed) -> None:
    from html import escape

    from crawler.parsers.airwars import parse_incident, parse_military_claim

    if page.content_type.startswith("text/plain"):
        # a text rendering: one line a block, as the crawl's text path writes pages
        tree = f"<html><body>{''.join(f'<div>{escape(ln)}</div>' for ln in page.text.splitlines())}</body></html>"
    else:
        tree = read_html(page.body, page.content_type, keep_root=True)[0].root
    if "/military-claims/" in page.url:
        out.tables["military_claims"] = [asdict(parse_military_claim(tree))]
        return
    incident = parse_incident(tree, page.url)
    out.tables["incidents"] = [asdict(incident)]
    out.checks = checks.incident(incident, page.text)


def _claims(page: StoredPage, out: Parsed) -> None:
    from crawler.parsers.claims import parse_claims

    found = parse_claims(page.text, published=page.published, publisher=None, language=None)
    out.tables["claims"] = [asdict(c) for c in found]
    out.checks = checks.claims(found, page.text)


# -- output --------------------------------------------------------------------------------


def as_json(parsed: Parsed, doc: Document) -> dict:
    return {"document": doc.url, "kind": parsed.kind, "title": doc.title,
            "parse_failure": parsed.failure, "tables": parsed.tables,
            "checks": [asdict(c) for c in parsed.checks]}


def as_table(parsed: Parsed, doc: Document) -> str:
    import json

    from crawler.report import table

    parts = [f"{doc.url}: kind {parsed.kind}" + (f", title {doc.title!r}" if doc.title else "")]
    if parsed.failure:
        parts.append(f"no rows: {parsed.failure}")
    elif not parsed.tables:
        parts.append("no rows: a document of this kind has no tables")
    for name, rows in parsed.tables.items():
        parts.append(f"\n{name} ({len(rows)})")
        cells = [{k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                  for k, v in r.items()} for r in rows]
        if len(cells) == 1:  # one row reads best as field / value lines
            parts.append(table(["field", "value"], [[k, v] for k, v in cells[0].items()]))
        elif cells:
            headers = list(cells[0])
            parts.append(table(headers, [[r[h] for h in headers] for r in cells]))
    if parsed.checks:
        parts.append(f"\nchecks ({sum(c.status != 'ok' for c in parsed.checks)} not ok)")
        parts.append(table(["check", "printed", "found", "status", "detail"],
                           [[c.check, c.printed, c.found, c.status, c.detail] for c in parsed.checks]))
    return "\n".join(parts)
