"""Run Datasette over the store, read-only, with civcas's metadata and evidence plugin."""

from __future__ import annotations

import logging
from pathlib import Path

from archive.storefile import needs_immutable
from crawler.research.metadata import build_metadata

logger = logging.getLogger("civcas.serve")

SETTINGS = {
    # Canned queries join thousands of rows; Datasette's 1 s default is too tight.
    "sql_time_limit_ms": 5000,
    "facet_time_limit_ms": 500,
    "default_facet_size": 5,  # facets sit above the rows: keep the rows on the first screen
    "default_page_size": 100,
    "allow_download": False,  # the database file itself is not offered for download
}


def make_app(db_path: Path):
    """The Datasette application for one store (also used by tests in-process)."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from crawler.research import datasette_plugin

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="civcas")
    metadata = build_metadata(db_path, db_path.parent / "warcs")
    if needs_immutable(db_path):
        # On read-only media (a write-protected copy of the evidence) SQLite cannot open
        # a WAL store `mode=ro`; nothing can write there, so it is read as immutable.
        return Datasette([], immutables=[str(db_path)], metadata=metadata, settings=SETTINGS)
    # A mutable database: Datasette reads it through `mode=ro` connections and, with no
    # write plugins installed, never opens it for writing; crawls may write meanwhile.
    return Datasette([str(db_path)], metadata=metadata, settings=SETTINGS)


def serve_store(db_path: Path, *, host: str, port: int) -> None:
    import uvicorn

    if port == 0:
        port = _free_port(host)
    datasette = make_app(db_path)
    print(f"Serving {db_path} read-only at http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")


def _free_port(host: str) -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
