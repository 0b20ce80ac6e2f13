"""Rows of the monitors' and news pages: Airwars incidents and military claims, and the
casualty claims of posts and articles. Each handler replaces the rows of its version."""

from __future__ import annotations

from dataclasses import asdict

from archive.store import Store
from archive.urls import canonical_url
from crawler.reading import checks
from crawler.items import StoredPage
from crawler.reading.extract import read_html
from crawler.parsers.airwars import parse_incident, parse_military_claim
from crawler.parsers.claims import parse_claims
from crawler.parsers.coalition_statements import parse_statements
from crawler.tables import checks as parse_checks

# The claimant of sentences that name nobody: the source that published the page.
PUBLISHERS = {
    "sohr-en": "SOHR", "sohr-ar": "SOHR", "snhr": "SNHR", "amnesty": "Amnesty International",
    "syriadirect": "Syria Direct", "airwars": "Airwars",
}
# News outlets by host, for the generic news source.
OUTLETS = {
    "www.cbc.ca": "CBC News", "www.independent.co.uk": "The Independent", "www.wsj.com": "The Wall Street Journal",
    "syriadirect.org": "Syria Direct", "halabtodaytv.net": "Halab Today", "mena-monitor.org": "MENA Monitor",
    "eldorar.com": "Eldorar", "civiliansinconflict.org": "CIVIC",
    "arabic.sputniknews.com": "Sputnik Arabic", "reliefweb.int": None,
    "sana.sy": "SANA", "www.sana.sy": "SANA", "syriahr.com": "SOHR", "www.syriahr.com": "SOHR",
    "snhr.org": "SNHR", "www.snhr.org": "SNHR",
    "www.hrw.org": "Human Rights Watch", "hrw.org": "Human Rights Watch",
    "en.deirezzor24.net": "Deir Ezzour24", "deirezzor24.net": "Deir Ezzour24",
}


def _replace(store: Store, table: str, version_id: int, rows: list[dict]) -> int:
    # Plain statements: sqlite-utils' insert_all() reads the table's schema on every call,
    # once per page of a crawl or a re-extraction.
    columns = list(dict.fromkeys(column for row in rows for column in row))
    insert = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)})"
              f" VALUES ({', '.join('?' * len(columns))})")
    with store.db.conn:
        store.db.conn.execute(f"DELETE FROM [{table}] WHERE version_id = ?", [version_id])
        if rows:
            store.db.conn.executemany(insert, [[row.get(c) for c in columns] for row in rows])
    return len(rows)


def _tree(page: StoredPage):
    """The page's parsed tree from the crawl's one reading of it (crawler/reading/extract.py
    `read_html`, the path `versions.text` comes from): the Airwars fields are markup."""
    found, _html, _warning = read_html(page.body, page.content_type or "", keep_root=True)
    return found.root


def incident_rows(store: Store, page: StoredPage) -> int:
    """An Airwars incident page (kind `incident`)."""
    base = {"document_id": page.document_id, "version_id": page.version_id}
    incident = parse_incident(_tree(page), page.url)
    written = _replace(store, "incidents", page.version_id, [{**base, **asdict(incident)}])
    parse_checks.record(store, page, lambda: checks.incident(incident, page.text or ""),
                        rows=written, what="incident")
    return written


def military_claim_rows(store: Store, page: StoredPage) -> int:
    """An Airwars military-claims page (kind `military_claim`) with the report it republishes."""
    base = {"document_id": page.document_id, "version_id": page.version_id}
    claim = parse_military_claim(_tree(page))
    row = {**base, **asdict(claim)}
    if claim.report_url:
        row["report_url"] = canonical_url(claim.report_url)
    written = _replace(store, "military_claims", page.version_id, [row])
    parse_checks.record(store, page, None, rows=written, what="military-claims row")
    return written


# Hosts that carry many papers' articles: the paper is the first segment of the path
# (sauress.com/alhayat/..., /alwatan/...). A paper not named here is left unknown.
AGGREGATED = {
    "sauress.com": {"alhayat": "Al-Hayat", "alwatan": "Al-Watan", "alweeam": "Al-Weeam"},
}


def page_publisher(source: str, url: str) -> str | None:
    """Who published the page: the monitor a source is, else the outlet its host is, else
    the paper an aggregating host names in its path."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    if source in PUBLISHERS:
        return PUBLISHERS[source]
    if host in AGGREGATED:
        return AGGREGATED[host].get(parts.path.strip("/").split("/")[0])
    return OUTLETS.get(host)


def page_claims(source: str, url: str, text: str, published: str | None) -> list:
    """The casualty claims of a post or article: pure, so it may run in an extraction
    worker (`crawler.tables.PARSERS`)."""
    return parse_claims(text, published=published, publisher=page_publisher(source, url), language=None)


def claim_rows(store: Store, page: StoredPage) -> int:
    """The casualty claims of a monitor's post or a news article."""
    claims = page.parsed if page.parsed is not None else page_claims(
        page.source, page.url, page.text, page.published)
    rows = [
        {"document_id": page.document_id, "version_id": page.version_id, **asdict(c)}
        for c in claims
    ]
    # Who published the page, beside who says it (the claimant the sentence names).
    publisher = page_publisher(page.source, page.url)
    for row in rows:
        row["cumulative"] = int(row["cumulative"])
        row.setdefault("publisher", publisher)
    count = _replace(store, "claims", page.version_id, rows)
    parse_checks.record(store, page, checks.claims, claims, page.text, rows=count, what="claims")
    return count + statement_rows(store, page, publisher)


def statement_rows(store: Store, page: StoredPage, publisher: str | None) -> int:
    """The coalition's own accounts of incidents that the page prints or quotes."""
    statements = parse_statements(page.text or "", published=page.published, publisher=publisher)
    rows = [
        {"document_id": page.document_id, "version_id": page.version_id, **asdict(s)}
        for s in statements
    ]
    for row in rows:
        row["denies_harm"] = int(row["denies_harm"])
    return _replace(store, "statements", page.version_id, rows)
