"""`civcas schedule`: the daemon archivists leave running (see docs/scheduling.md).

Added to the `civcas` group by crawler/cli/app.py, so no other module of crawler/ imports scheduler/."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from crawler.cli.common import UserError, common_options
from crawler.config import load_config


@click.command()
@common_options
@click.argument("source_names", metavar="[SOURCE]...", nargs=-1)
@click.option("--list", "list_jobs", is_flag=True, help="Print every job and its next run, then exit.")
@click.option(
    "--once", is_flag=True, help="Run the sources now, one after the other, then exit (for cron)."
)
@click.option(
    "--every",
    type=click.FloatRange(min=1),
    metavar="SECONDS",
    help="Run every source at this interval instead of its cron (for trials and tests).",
)
@click.option(
    "--jitter", type=click.FloatRange(min=0), metavar="SECONDS",
    help="Random delay added to each start (default: [scheduler] jitter).",
)
@click.option(
    "--time-limit", type=click.FloatRange(min=1), metavar="SECONDS",
    help="Stop a crawl still running after this long (default: [scheduler] time_limit).",
)
@click.option(
    "--mirror", "mirror_specs", multiple=True, metavar="ORIGIN=BASE",
    help="Passed to every crawl: fetch ORIGIN from BASE instead; repeatable.",
)
@click.option("--delay", type=click.FloatRange(min=0), help="Passed to every crawl: per-domain delay.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Passed to every crawl.")
def schedule(
    data_dir, config_file, source_names, list_jobs, once, every, jitter, time_limit,
    mirror_specs, delay, max_pages,
):
    """Run the scheduler in the foreground: every enabled source (or the SOURCEs named)
    is crawled on its cron schedule (UTC), each crawl in its own process with a time
    limit, never two of one source at once. After each run the source's health is judged
    and the watchers' outbox delivered (`civcas notify`).

    Jobs are kept in DATA/scheduler.db, so a restart keeps their next run times. SIGTERM
    or Ctrl-C lets running crawls finish cleanly (their runs marked partial); a second
    signal stops them at once. With --once, exits 1 when a run failed or was refused
    because that source was already being crawled.
    """
    from crawler.net.mirror import check_mirrors_used, parse_mirrors
    from scheduler import daemon, jobs

    if list_jobs and once:
        raise UserError("use --list or --once, not both")
    config = load_config(config_file)
    sources = config.select(list(source_names), all_enabled=not source_names)
    if not sources:
        raise UserError("no enabled source to schedule")
    if list_jobs:
        rows = daemon.job_rows(data_dir, sources)
        _print_jobs(rows)
        return

    # A bad --mirror is a usage error here, not in every crawl.
    check_mirrors_used(parse_mirrors(mirror_specs), config.sources.values())
    crawl_options: list[str] = [f"--mirror={spec}" for spec in mirror_specs]
    if delay is not None:
        crawl_options += ["--delay", str(delay)]
    if max_pages is not None:
        crawl_options += ["--max-pages", str(max_pages)]
    settings = config.scheduler
    _configure_logging(Path(data_dir))
    jobs.configure(
        jobs.Runtime(
            data_dir=Path(data_dir).resolve(),
            config_file=Path(config_file).resolve() if config_file else None,
            config=config,
            crawl_options=tuple(crawl_options),
            time_limit=time_limit or settings.time_limit,
            stop_grace=settings.stop_grace,
        )
    )
    if once:
        outcomes = daemon.run_once([s.name for s in sources])
        sys.exit(1 if any(o.failed for o in outcomes) or len(outcomes) < len(sources) else 0)
    plan = daemon.Plan(
        sources=tuple(sources),
        every=every,
        jitter=settings.jitter if jitter is None else jitter,
        misfire_grace=settings.misfire_grace,
        max_parallel=settings.max_parallel,
    )
    daemon.run_forever(Path(data_dir), plan)


def _print_jobs(rows: list[tuple[str, str, str]]) -> None:
    from crawler.report import table

    click.echo(table(["source", "trigger", "next run"], [list(r) for r in rows]))


def _configure_logging(data_dir: Path) -> None:
    """Lines on stderr (the journal under systemd) and in DATA/logs/schedule.log."""
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S%z")
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in (logging.StreamHandler(sys.stderr), logging.FileHandler(log_dir / "schedule.log")):
        handler.setFormatter(fmt)
        root.addHandler(handler)
    # APScheduler's own chatter (job added, job running) is noise; its warnings are not
    # (e.g. a run skipped because the previous one of the source still runs).
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
