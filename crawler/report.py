"""Plain-text tables and reports for the command line."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.config import Config, cron_trigger


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def next_run(schedule: str, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    fire = cron_trigger(schedule).get_next_fire_time(None, now)
    return fire.strftime("%Y-%m-%d %H:%MZ") if fire else "-"


def sources_table(config: Config, checks: dict[str, tuple[int, int]] | None = None) -> str:
    """The configured sources; with `checks` (`crawler.parse_checks.by_source`), how many
    of each source's current parsed versions do not reconcile with their printed figures."""
    rows = []
    checks = checks or {}
    for s in config.sources.values():
        checked, bad = checks.get(s.name, (0, 0))
        rows.append(
            [
                s.name,
                s.kind,
                s.schedule,
                next_run(s.schedule) if s.enabled else "disabled",
                s.render,
                f"{bad}/{checked}" if checked else "-",
                " ".join(s.start_urls),
            ]
        )
    return table(["source", "kind", "schedule", "next run", "render", "mismatches", "start URLs"], rows)


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

