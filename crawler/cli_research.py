"""Commands for researchers: `serve` (Datasette), `export`, `chart` and `link`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from crawler.cliutil import ISO_TIME, UserError, common_options


def _store_path(data_dir: Path) -> Path:
    path = Path(data_dir) / "civcas.db"
    if not path.exists():
        raise UserError(f"no civcas store in {data_dir} (run `civcas crawl` first)")
    return path


@click.command()
@common_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8001, show_default=True, help="0 picks a free port.")
def serve(data_dir, config_file, host, port):
    """Open the store read-only in Datasette: every table described, full-text search on
    versions, facets, canned queries, and links from rows to their archived captures."""
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
    """Write PNG charts to OUT_DIR: the coalition's monthly assessments and cumulative
    death figure against the monitors' tallies, and strikes per month per country."""
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
    monitors' claims matched by place and date, each link scored and explained."""
    from archive.store import Store
    from crawler.research.links import rebuild_incident_links

    _store_path(data_dir)
    store = Store.open(data_dir)
    try:
        count = rebuild_incident_links(store.db, window_days=window, radius_km=radius)
    finally:
        store.close()
    click.echo(f"{count} incident links")
