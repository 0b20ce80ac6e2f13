"""Plain-text tables and reports for the command line."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from archive.store import Store
from archive.urls import canonical_url
from crawler.config import Config, cron_trigger


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def next_run(schedule: str, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    fire = cron_trigger(schedule).get_next_fire_time(None, now)
    return fire.strftime("%Y-%m-%d %H:%MZ") if fire else "-"


def sources_table(config: Config, checks: dict[str, tuple[int, int]] | None = None,
                  width: int | None = None) -> str:
    """The configured sources, each with its start URLs on lines of their own below it (cut
    to the terminal's `width`); with `checks` (`crawler.tables.checks.by_source`), how many of
    each source's current parsed versions do not reconcile with their printed figures."""
    width = width or shutil.get_terminal_size((100, 24)).columns
    checks = checks or {}
    rows, urls = [], []
    for s in config.sources.values():
        checked, bad = checks.get(s.name, (0, 0))
        rows.append([s.name, s.kind, s.schedule, next_run(s.schedule) if s.enabled else "disabled",
                     s.render, f"{bad}/{checked}" if checked else "-"])
        urls.append(s.start_urls)
    lines = table(["source", "kind", "schedule", "next run", "render", "mismatches"], rows).split("\n")
    out = lines[:2]
    for line, starts in zip(lines[2:], urls, strict=False):
        out.append(line)
        out += ["    " + _cut(url, width - 4) for url in starts]
    return "\n".join(out)


def _cut(text: str, room: int) -> str:
    return text if len(text) <= room else text[: max(room - 1, 10)] + "…"


def summary_table(summaries) -> str:
    rows = [
        [s.source, s.status, s.requests, s.responses, s.new, s.changed, s.removed, s.errors,
         s.mismatches]
        for s in summaries
    ]
    return table(
        ["source", "status", "requests", "responses", "new", "changed", "removed", "errors",
         "mismatches"], rows
    )



def left_alone_lines(data_dir: Path, config: Config, summaries, recheck_all: bool) -> list[str]:
    """One line per source whose run left known documents alone (not asked for): how
    many, and when the recheck cadence next makes one due. A plain second crawl of a
    changed site that reports no change says here why."""
    lines: list[str] = []
    if recheck_all or not summaries:
        return lines
    store = Store.open(data_dir)
    try:
        for s in summaries:
            source = config.sources[s.source]
            fetched = {canonical_url(u, source.ignore_params) for u in store.fetched_urls(s.run_id)}
            alone = [u for u in store.document_urls(s.source) if u not in fetched]
            if not alone:
                continue
            head = f"{s.source}: {len(alone)} known document{'s' if len(alone) != 1 else ''} left alone"
            if source.incremental:
                lines.append(f"{head} (incremental source: asked for again only by"
                             " `--recheck all` or when a listing stops linking one).")
                continue
            due = store.next_due(s.source, config.recheck)
            when = f"; the next falls due {due:%Y-%m-%d %H:%MZ}" if due else ""
            lines.append(f"{head}, not due under the recheck cadence{when}"
                         " (`--recheck all` asks for every one).")
    finally:
        store.close()
    return lines
