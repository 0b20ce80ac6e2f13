"""`civcas export-wacz`: package archived captures as a WACZ file (see archive/wacz.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.storefile import connect_read_only
from crawler.cli.common import ISO_TIME, UserError, common_options
from crawler.config import load_config


@click.command("export-wacz")
@common_options
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", "source_names", multiple=True, metavar="S",
              help="Only captures of this source; repeatable (default: every source).")
@click.option("--since", type=ISO_TIME, help="Only captures fetched at or after this time (UTC).")
def export_wacz(data_dir, config_file, out, source_names, since):
    """Package archived captures as a WACZ 1.1.1 file OUT (for ReplayWeb.page, pywb).

    The package holds a new WARC with only the selected records, copied byte for byte
    (with their request records, and the original response of every selected revisit), its
    CDXJ index, a pages list with each document's title and extracted text, and a
    datapackage.json with the sha256 of every file.
    """
    from archive.store import Store
    from archive.urls import canonical_url
    from archive.wacz import WaczError, select, write_wacz

    if out.suffix.lower() != ".wacz":
        raise UserError(f"{out} must end in .wacz")
    db_path = Path(data_dir) / Store.FILENAME
    if not db_path.exists():
        raise UserError(f"no civcas store in {data_dir} (run `civcas crawl` first)")
    config = load_config(config_file)
    since_utc = since
    conn = connect_read_only(db_path)
    try:
        known = {row[0] for row in conn.execute("SELECT DISTINCT source FROM crawl_runs")}
        unknown = sorted(set(source_names) - known)
        if unknown:
            raise UserError(f"no crawl of {', '.join(unknown)} in the store")

        def canonical(source: str | None, url: str) -> str:
            spec = config.sources.get(source) if source else None
            return canonical_url(url, spec.ignore_params) if spec else canonical_url(url)

        selection = select(conn, sources=source_names, since=since_utc, canonical=canonical)
    finally:
        conn.close()
    if not selection.captures:
        raise UserError("no captures match --source/--since; nothing to export")
    what = ", ".join(source_names) if source_names else "all sources"
    title = f"civcas export: {what}" + (f", since {since_utc}Z" if since_utc else "")

    def progress(message: str) -> None:
        click.echo(f"export-wacz: {message}", err=True)

    try:
        summary = write_wacz(out, Path(data_dir) / "warcs", selection.wanted, selection.pages,
                             title=title, progress=progress,
                             stand_ins=selection.stand_ins)
    except WaczError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # the output's folder cannot be made or written
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from exc
    click.echo(f"{summary.path}: {summary.records} WARC records ({summary.warc_bytes} bytes), "
               f"{summary.pages} pages")
