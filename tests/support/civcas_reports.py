"""Store replica civcas reports through the real handler, as the store pipeline does."""

from __future__ import annotations

from archive.store import Extracted, Store
from crawler.reading.extract import extract
from crawler.items import StoredPage
from crawler.replicas import civcas, dod
from crawler.tables import store_rows


def replica_report(report_id: str) -> dict:
    return next(r for r in civcas.reports() if r["id"] == report_id)


def store_html(store: Store, url: str, html: str) -> int | None:
    """Record a page (a new version when its text changed) and write its civcas rows."""
    page, _ = extract(html.encode(), "text/html; charset=utf-8", url)
    recorded = store.record_page(source="cjtf-civcas", kind="civcas_report", url=url,
                                 capture_id=None, page=page)
    stored = StoredPage(
        document_id=recorded.document_id, version_id=recorded.version_id, source="cjtf-civcas",
        kind="civcas_report", url=url, content_type="text/html; charset=utf-8", body=html.encode(),
        text=page.text, title=page.title, published=page.published, language=page.language)
    return store_rows(store, stored)


def store_replica(store: Store, report_id: str, revised: bool = False) -> int | None:
    r = replica_report(report_id)
    return store_html(store, dod.IR + dod.report_path(r), dod.report_page(r, revised=revised))


__all__ = ["Extracted", "replica_report", "store_html", "store_replica"]
