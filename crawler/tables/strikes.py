"""Strike releases into `strike_releases` and `strikes` (the `strike_release` handler).

A CJTF-OIR, CENTCOM or DoD News release gives one release row; the UK MoD's running
update page gives one release row per dated entry. Rows of the version are replaced, so
re-extraction from the WARCs gives the same rows.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict

from archive.store import Store
from crawler.reading import checks
from crawler.items import StoredPage
from crawler.parsers import strikes as cjtf
from crawler.parsers import ukmod
from crawler.tables import checks as parse_checks

logger = logging.getLogger("civcas.parse")


def releases_of(page: StoredPage) -> list[cjtf.Release]:
    if ukmod.is_ukmod(page.url):
        return ukmod.parse_updates(page.text, published=page.published)
    return [cjtf.parse_release(page.text, url=page.url, published=page.published, title=page.title)]


def write_strike_release(store: Store, page: StoredPage) -> int:
    releases = releases_of(page)  # raises ParseFailure before anything is touched
    for rel in releases:
        # fields the parser left empty, and why (a release with no date, a repost's yesterday)
        for note in rel.notes:
            logger.info("%s: %s", page.url, note)
    db = store.db
    with db.conn:
        old = [r[0] for r in db.execute(
            "SELECT id FROM strike_releases WHERE version_id = ?", [page.version_id])]
        if old:
            marks = ",".join("?" * len(old))
            db.execute(f"DELETE FROM strikes WHERE release_id IN ({marks})", old)
            db.execute(f"DELETE FROM strike_releases WHERE id IN ({marks})", old)
        written = 0
        for rel in releases:
            release_id = db.table("strike_releases").insert({
                "document_id": page.document_id, "version_id": page.version_id,
                "publisher": rel.publisher, "release_number": rel.release_number,
                "release_date": rel.release_date, "period_start": rel.period_start,
                "period_end": rel.period_end, "total_strikes": rel.total_strikes,
                "total_engagements": rel.total_engagements,
                "notes": json.dumps(rel.notes, ensure_ascii=False) if rel.notes else None,
            }).last_pk
            written += 1
            rows = [{
                "release_id": release_id, "strike_date": ln.strike_date, "country": ln.country,
                "location": ln.location, "place": ln.place, "strikes": ln.strikes,
                "engagements": ln.engagements, "effects": ln.effects,
                "targets": json.dumps([asdict(t) for t in ln.targets], ensure_ascii=False),
                "period_start": ln.period_start, "period_end": ln.period_end,
                "late_reported": int(ln.late_reported), "line": ln.line,
                "date_printed": ln.date_printed,
            } for ln in rel.lines]
            if rows:
                db.table("strikes").insert_all(rows)
                written += len(rows)
    parse_checks.record(store, page, checks.strike_release, releases, page.text,
                        rows=written, what="strike lines")
    return written
