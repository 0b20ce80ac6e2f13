"""Commands for researchers: `serve` (Datasette), `export`, `chart`, `link` and `events`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.storefile import connect_read_only
from crawler.cli.common import ISO_TIME, UserError, common_options


def _store_path(data_dir: Path) -> Path:
    path = Path(data_dir) / "civcas.db"
    if not path.exists():
        raise UserError(f"no civcas store in {data_dir} (run `civcas crawl` first)")
    connect_read_only(path).close()  # an empty, damaged or foreign file: one clear error
    return path


@click.command()
@common_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8001, show_default=True, help="0 picks a free port.")
def serve(data_dir, config_file, host, port):
    """Open the store read-only in Datasette: research tables first, every table
    described, full-text search, facets, a map, charts, canned queries, and links from
    rows to their archived captures, replayed offline in ReplayWeb.page."""
    from crawler.research.serve import serve_store

    serve_store(_store_path(data_dir), host=host, port=port)


@click.command()
@common_options
@click.argument("table")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--source", help="Only rows that came from this source.")
@click.option("--since", type=ISO_TIME, help="Only rows recorded at or after this time (UTC).")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
def export(data_dir, config_file, table, fmt, source, since, output):
    """Export one table (or view) as CSV or JSON, filtered like the other commands."""
    from crawler.research.export import ExportError, export_table

    db_path = _store_path(data_dir)
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        count = export_table(db_path, table, fmt, out, source=source, since=since)
    except ExportError as exc:
        raise UserError(str(exc)) from exc
    finally:
        if output:
            out.close()
    click.echo(f"{count} rows of {table}", err=True)


@click.command()
@common_options
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
def chart(data_dir, config_file, out_dir):
    """Write PNG charts to OUT_DIR, one measure each on a calendar axis: allegations
    assessed per report month, the coalition's cumulative death figure, monitors' claimed
    deaths, and strikes per month per country; each says what the store covers."""
    from crawler.research.charts import write_charts

    for written in write_charts(_store_path(data_dir), out_dir):
        click.echo(f"{written.path}  ({written.points} data points)")


@click.command()
@common_options
@click.option("--window", type=click.IntRange(min=0), default=2, show_default=True,
              help="Days apart at most.")
@click.option("--radius", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Kilometres apart at most.")
def link(data_dir, config_file, window, radius):
    """Rebuild `incident_links`: coalition strikes and allegations, Airwars incidents and
    monitors' claims matched by place and date, each link scored and explained; then
    `events`: every side's accounts of one event grouped, with their evidence."""
    from archive.store import Store
    from crawler.research.events import rebuild_events
    from crawler.research.links import rebuild_incident_links

    _store_path(data_dir)
    store = Store.open(data_dir)
    try:
        count = rebuild_incident_links(store.db, window_days=window, radius_km=radius)
        events = rebuild_events(store.db, radius_km=radius)
    finally:
        store.close()
    click.echo(f"{count} incident links")
    click.echo(f"{events} events")


@click.command()
@common_options
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="CSV: one row per member, the event's fields beside it; JSON: one object per event.")
@click.option("--min-sides", type=click.IntRange(min=1), default=1, show_default=True,
              help="Only events told by at least this many sides.")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
def events(data_dir, config_file, fmt, min_sides, output):
    """Export the events (built by `civcas link` and after each crawl) with every member:
    each side's account, its figures, quote and evidence capture."""
    from crawler.research.events_export import export_events

    db_path = _store_path(data_dir)
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        count = export_events(db_path, fmt, out, min_sides=min_sides)
    except LookupError as exc:
        raise UserError(str(exc)) from exc
    finally:
        if output:
            out.close()
    click.echo(f"{count} events", err=True)
