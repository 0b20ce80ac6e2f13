"""`civcas backfill`: a source's history from a web archive."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from crawler.cli.common import UserError, common_options
from crawler.config import load_config


@click.command()
@common_options
@click.argument("source_name", metavar="SOURCE")
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="First day of captures to fetch (YYYY-MM-DD).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Last day of captures to fetch (YYYY-MM-DD; default: today).")
@click.option("--archive", "archive_spec", default="wayback", show_default=True,
              metavar="wayback|URL",
              help="The Wayback Machine's CDX API, or a Memento archive's base URL"
                   " (TimeMaps at URL/timemap/link/...).")
@click.option("--mirror", "mirror_specs", multiple=True, metavar="ORIGIN=BASE",
              help="Fetch ORIGIN from BASE instead (e.g. the archive from a local replica); repeatable.")
@click.option("--delay", type=click.FloatRange(min=0),
              help="Seconds between requests to the archive (default 4; 0 for a replica).")
@click.option("--max-captures", type=click.IntRange(min=1),
              help="Fetch at most N captures this time; the rest wait for the next backfill.")
def backfill(data_dir, config_file, source_name, start, end, archive_spec, mirror_specs, delay,
             max_captures):
    """Fetch a source's pages as web archives captured them between --from and --to.

    Lists the captures of the source's document URLs (Wayback CDX API, or a Memento
    TimeMap), keeps one per page and content, fetches each raw capture and stores it like
    a crawled page, dated by the archive's capture time and marked as a third-party
    capture. Progress goes to stderr; an interrupted backfill continues where it stopped
    when run again. Exits 1 when nothing could be fetched, 2 on a usage error.
    """
    from crawler.backfill.run import run_backfill, summary_text
    from crawler.backfill.listing import Archive
    from crawler.net.mirror import parse_mirrors

    config = load_config(config_file)
    (source,) = config.select([source_name], False)
    try:
        archive = Archive.parse(archive_spec)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    first = start.date()
    last = end.date() if end else datetime.now(UTC).date()
    if last < first:
        raise UserError("--to is before --from")
    if not source.documents:
        raise UserError(f"source {source.name} has no documents patterns to look up")
    summary = run_backfill(
        config, source, data_dir, archive=archive, start=first, end=last,
        mirrors=parse_mirrors(mirror_specs), delay=delay, max_captures=max_captures,
    )
    click.echo(summary_text(summary))
    if summary.status == "failed":
        sys.exit(1)
