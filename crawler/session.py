"""One source's crawl run: its store connection, WARC writer and counters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from archive.cdxj import write_index
from archive.store import Store
from archive.warc import WarcWriter

from crawler.config import CrawlSettings, Source


@dataclass
class Counters:
    responses: int = 0
    ok_responses: int = 0  # 2xx/3xx answers other than robots.txt
    pages: int = 0
    new_documents: int = 0
    changed_documents: int = 0
    removed_documents: int = 0
    errors: int = 0


@dataclass
class CrawlSession:
    source: Source
    store: Store
    warcs: WarcWriter
    run_id: int
    data_dir: Path
    counters: Counters = field(default_factory=Counters)
    status: str = "running"
    requests: int = 0

    @classmethod
    def begin(cls, data_dir: Path, source: Source, crawl: CrawlSettings) -> CrawlSession:
        store = Store.open(data_dir)
        # File names come from a sanitised source name, never from URLs.
        prefix = "civcas-" + re.sub(r"[^a-z0-9-]+", "-", source.name.lower()).strip("-")
        warcs = WarcWriter(
            Path(data_dir) / "warcs",
            prefix=prefix,
            info={
                "operator": crawl.contact_url,
                "http-header-user-agent": crawl.user_agent,
                "robots": "obey" if crawl.obey_robots else "ignore",
                "description": f"civcas crawl of source {source.name}",
            },
        )
        return cls(source, store, warcs, store.start_run(source.name), Path(data_dir))

    def recheck_urls(self) -> list[str]:
        """URLs of this source's known documents, as they were last fetched."""
        rows = self.store.db.query(
            """
            SELECT COALESCE(c.url, d.url) AS url
            FROM documents d
            LEFT JOIN versions v ON v.id = d.current_version_id
            LEFT JOIN captures c ON c.id = v.capture_id
            WHERE d.source = ? ORDER BY d.id
            """,
            [self.source.name],
        )
        return [row["url"] for row in rows]

    def finish(self, status: str, requests: int) -> None:
        self.status, self.requests = status, requests
        c = self.counters
        self.store.finish_run(
            self.run_id,
            status,
            requests=requests,
            responses=c.responses,
            new_documents=c.new_documents,
            changed_documents=c.changed_documents,
            errors=c.errors,
        )
        self.warcs.close()
        self._index_warcs()
        self.store.close()

    def _index_warcs(self) -> None:
        """A CDXJ index beside each WARC file this run wrote (DATA/indexes/)."""
        files = self.store.db.execute(
            "SELECT DISTINCT warc_file FROM captures WHERE run_id = ?", [self.run_id]
        ).fetchall()
        for (warc_file,) in files:
            write_index(self.data_dir / "warcs", warc_file, self.data_dir / "indexes")
