"""The store pipeline for backfills: archived pages go through the same extraction and
table parsers as live ones, but their versions are dated by the archive's capture time
and placed among the document's versions in time order (archive/history.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.history import record_archived_page
from archive.store import Extracted, Recorded
from crawler.items import ArchivedPageItem, PageItem
from crawler.pipelines.store import StorePipeline

if TYPE_CHECKING:
    from crawler.runtime.session import CrawlSession


class BackfillPipeline(StorePipeline):
    def write(self, item, outcome):
        if not isinstance(item, ArchivedPageItem):
            return super().write(item, outcome)
        spider = self.crawler.spider
        recorded = self._page(spider.session, item, outcome)
        row = {"id": item.backfill_id, "url": item.url, "archived_at": item.archived_at}
        if recorded is None:
            # Archived, but its text cannot be read: fetching it again would not help.
            spider.plan.progress.failed(row, "text could not be extracted", final=True)
        else:
            spider.plan.progress.finished(row, recorded.outcome, item.capture_id,
                                          recorded.version_id)

    def _record(self, session: CrawlSession, item: PageItem, page: Extracted) -> Recorded:
        assert isinstance(item, ArchivedPageItem)
        return record_archived_page(
            session.store, source=item.source, kind=item.kind, url=item.url,
            capture_id=item.capture_id, page=page, archived_at=item.archived_at,
        )
