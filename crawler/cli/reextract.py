"""`civcas reextract`: rebuild the rows derived from pages out of the WARCs alone (see
crawler/reextract.py for what is replaced and why it is safe)."""

from __future__ import annotations

import os
import sys

import click

from crawler.cli.common import UserError, common_options
from crawler.config import load_config


@click.command("reextract")
@common_options
@click.option("--source", "source_names", multiple=True, metavar="S",
              help="Only this source's documents; repeatable (default: every crawled source).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: the number of cores).")
def reextract_command(data_dir, config_file, source_names, jobs):
    """Rebuild documents, versions, changes and the parsed tables from the archived WARCs,
    without the network, through the crawl's own extraction and parsers.

    The rebuild runs on a copy of the store; one transaction then replaces the derived
    rows of the selected sources. WARCs, captures, runs, fetch errors and notifications
    are never rewritten; an interrupted run leaves the store as it was.
    """
    from crawler.reextract import ReextractError, reextract

    config = load_config(config_file)
    unknown = sorted(set(source_names) - set(config.sources))
    if unknown:
        raise UserError(f"unknown source {unknown[0]} (see `civcas sources`)")

    def progress(message: str) -> None:
        click.echo(f"reextract: {message}", err=True)

    try:
        result = reextract(data_dir, config, list(source_names) or None,
                           jobs=jobs or os.cpu_count(), progress=progress)
    except ReextractError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"sources: {', '.join(result.sources)}")
    click.echo(f"pages replayed: {result.pages}, removals: {result.gone}, "
               f"extraction errors: {result.extraction_errors}, "
               f"skipped (truncated or corrupt): {result.skipped}, "
               f"parse failures: {result.parse_failures}")
    for table, count in result.tables.items():
        click.echo(f"  {table}: {count} rows")
    # The rows have new ids: regroup them (event ids stay, keyed on what the rows say).
    from crawler.research.events import rebuild_store_events

    click.echo(f"events: {rebuild_store_events(data_dir)}")
