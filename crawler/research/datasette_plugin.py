"""A Datasette plugin: evidence links from rows to their archived captures.

Routes
  /-/capture/<id>      what the capture is (URL, time, digest, WARC file and offset)
  /-/capture/<id>/raw  the archived HTTP body exactly as it was received

Cells of `capture_id`, `revisit_of` and `*version_id` columns link to the capture page.
The raw route sends the bytes as archived (a gzip-encoded body keeps its encoding, declared
so a browser can read it) inside a sandbox, so an archived page's scripts cannot act on
Datasette. The WARC folder is `warcs/` beside the database unless the `civcas` plugin
setting `warcs_dir` says otherwise.
"""

from __future__ import annotations

import html
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup

from archive.reader import WarcFormatError, read_record

DATABASE = "civcas"
VERSION_COLUMNS = ("version_id", "current_version_id", "old_version_id", "new_version_id")
CAPTURE_COLUMNS = ("capture_id", "revisit_of")

CAPTURE_SQL = """
    SELECT id, url, fetched_url, method, status, content_type, fetched_at, warc_file,
           warc_offset, warc_length, warc_record_id, payload_digest, record_type,
           revisit_of, render
    FROM captures WHERE id = ?
"""


def _warcs_dir(datasette) -> Path:
    config = datasette.plugin_config("civcas") or {}
    if config.get("warcs_dir"):
        return Path(config["warcs_dir"])
    return Path(datasette.get_database(DATABASE).path).parent / "warcs"


async def _capture(datasette, capture_id: int) -> dict | None:
    db = datasette.get_database(DATABASE)
    row = (await db.execute(CAPTURE_SQL, [capture_id])).first()
    return dict(row) if row else None


async def _payload_source(datasette, capture: dict) -> dict:
    """The capture holding the bytes: a revisit's bytes are in its original response."""
    if capture["record_type"] == "revisit" and capture["revisit_of"]:
        original = await _capture(datasette, capture["revisit_of"])
        if original:
            return original
    return capture


def _not_found(message: str) -> Response:
    return Response.text(message, status=404)


def _capture_id(request) -> int | None:
    """The id in the path, or None for anything that is no capture id (404, never a 500)."""
    text = request.url_vars["capture_id"]
    if not text.isdigit() or len(text) > 18:  # SQLite integers stop at 2**63
        return None
    return int(text)


async def capture_page(datasette, request):
    capture_id = _capture_id(request)
    if capture_id is None:
        return _not_found(f"{request.url_vars['capture_id']!r} is not a capture id")
    capture = await _capture(datasette, capture_id)
    if capture is None:
        return _not_found(f"no capture {capture_id}")
    rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in capture.items()
    )
    body = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Capture {capture_id}</title></head>
<body><h1>Capture {capture_id}</h1>
<p>Archived {html.escape(capture['fetched_at'])} from {html.escape(capture['url'])}</p>
<p>Payload digest <code>{html.escape(str(capture['payload_digest']))}</code></p>
<p><a href="{datasette.urls.path(f'/-/capture/{capture_id}/raw')}">The body as received</a></p>
<table>{rows}</table></body></html>"""
    return Response.html(body)


async def capture_raw(datasette, request):
    capture_id = _capture_id(request)
    if capture_id is None:
        return _not_found(f"{request.url_vars['capture_id']!r} is not a capture id")
    capture = await _capture(datasette, capture_id)
    if capture is None:
        return _not_found(f"no capture {capture_id}")
    source = await _payload_source(datasette, capture)
    try:
        record = read_record(
            _warcs_dir(datasette), source["warc_file"], source["warc_offset"], source["warc_length"]
        )
    except (OSError, WarcFormatError) as exc:
        return Response.text(f"capture {capture_id}: the archived record cannot be read: {exc}", status=500)
    if record.http is not None:
        body = record.payload
        content_type = record.http.header("Content-Type") or "application/octet-stream"
        encoding = record.http.header("Content-Encoding")
    else:  # a resource record (rendered DOM, screenshot): the block is the content
        body = record.block
        content_type = record.content_type or "application/octet-stream"
        encoding = None
    headers = {
        "X-Civcas-Capture-Id": str(capture_id),
        "X-Civcas-Captured-At": capture["fetched_at"],
        "X-Civcas-Payload-Digest": str(source["payload_digest"]),
        "X-Civcas-Original-Url": capture["url"],
        "X-Civcas-Warc-Record-Id": source["warc_record_id"],
        "Memento-Datetime": capture["fetched_at"],
        "Content-Security-Policy": "sandbox",
    }
    if encoding:
        headers["Content-Encoding"] = encoding
    return Response(body, status=200, headers=headers, content_type=content_type)


@hookimpl
def register_routes():
    return [
        (r"^/-/capture/(?P<capture_id>[^/]*)$", capture_page),
        (r"^/-/capture/(?P<capture_id>[^/]*)/raw$", capture_raw),
    ]


def _link(datasette, capture_id, label) -> Markup:
    href = datasette.urls.path(f"/-/capture/{int(capture_id)}")
    return Markup(f'<a href="{html.escape(href)}">{html.escape(str(label))}</a>')


@hookimpl
def render_cell(value, column, table, database, datasette):
    if isinstance(value, dict):  # a foreign key Datasette expanded to {value, label}
        value = value.get("value")
    if database != DATABASE or value is None or not str(value).isdigit():
        return None
    if column in CAPTURE_COLUMNS:
        return _link(datasette, value, value)
    if column in VERSION_COLUMNS:

        async def version_link():
            db = datasette.get_database(DATABASE)
            row = (await db.execute("SELECT capture_id FROM versions WHERE id = ?", [value])).first()
            if row is None or row["capture_id"] is None:
                return None
            return _link(datasette, row["capture_id"], f"{value} (capture {row['capture_id']})")

        return version_link()
    return None
