"""A Datasette plugin: evidence links from rows to their archived captures.

Routes
  /-/capture/<id>               what the capture is (URL, time, digest, WARC file and offset)
  /-/capture/<id>/replay        the capture replayed in ReplayWeb.page (crawler/research/replay.py)
  /-/capture/<id>/capture.wacz  the capture as a WACZ, the file the replay reads
  /-/capture/<id>/raw           the archived HTTP body exactly as it was received
  /-/replay/ui.js, sw.js        ReplayWeb.page, as installed from its npm package

Cells of `capture_id`, `revisit_of` and `*version_id` columns link to the replay.
A capture's time is when the page was captured: for a page backfilled from a web archive,
the archive's capture time (`captures.archived_at`), with our fetch time beside it.
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
from archive.wacz import WaczError
from crawler.research.replay import (
    ASSETS,
    Evidence,
    WaczCache,
    assets_dir,
    byte_range,
    http_date,
    missing_assets_message,
    viewer_page,
)
from crawler.research.event_pages import ROUTES as EVENT_ROUTES

DATABASE = "civcas"
VERSION_COLUMNS = ("version_id", "current_version_id", "old_version_id", "new_version_id")
CAPTURE_COLUMNS = ("capture_id", "revisit_of")

CAPTURE_SQL = """
    SELECT id, run_id, url, fetched_url, method, status, content_type, fetched_at, warc_file,
           warc_offset, warc_length, warc_record_id, payload_digest, record_type,
           revisit_of, render, archive, archived_at
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


async def _requested_capture(datasette, request) -> dict | Response:
    """The capture the path names, or the 404 to send."""
    capture_id = _capture_id(request)
    if capture_id is None:
        return _not_found(f"{request.url_vars['capture_id']!r} is not a capture id")
    capture = await _capture(datasette, capture_id)
    if capture is None:
        return _not_found(f"no capture {capture_id}")
    return capture


async def capture_page(datasette, request):
    capture = await _requested_capture(datasette, request)
    if isinstance(capture, Response):
        return capture
    capture_id = capture["id"]
    evidence = Evidence.of(capture)
    rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in capture.items()
    )
    body = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Capture {capture_id}</title></head>
<body><h1>Capture {capture_id}</h1>
<p>{html.escape(evidence.url)}: {html.escape(evidence.sentence())}</p>
<p>Payload digest <code>{html.escape(str(capture['payload_digest']))}</code></p>
<p><a href="{datasette.urls.path(f'/-/capture/{capture_id}/replay')}">Replay it</a> ·
<a href="{datasette.urls.path(f'/-/capture/{capture_id}/raw')}">the body as received</a></p>
<table>{rows}</table></body></html>"""
    return Response.html(body)


async def capture_raw(datasette, request):
    capture = await _requested_capture(datasette, request)
    if isinstance(capture, Response):
        return capture
    capture_id = capture["id"]
    evidence = Evidence.of(capture)
    source = await _payload_source(datasette, capture)
    try:
        record = read_record(
            _warcs_dir(datasette), source["warc_file"], source["warc_offset"], source["warc_length"]
        )
    except (OSError, WarcFormatError) as exc:
        return Response.text(f"capture {capture_id}: the archived record cannot be read: {exc}", status=500)
    if record.http is not None:
        body = record.payload
        content_type = record.http.get_header("Content-Type") or "application/octet-stream"
        encoding = record.http.get_header("Content-Encoding")
    else:  # a resource record (rendered DOM, screenshot): the block is the content
        body = record.block
        content_type = record.content_type or "application/octet-stream"
        encoding = None
    headers = {
        "X-Civcas-Capture-Id": str(capture_id),
        "X-Civcas-Captured-At": evidence.at,
        "X-Civcas-Fetched-At": capture["fetched_at"],
        "X-Civcas-Payload-Digest": str(source["payload_digest"]),
        "X-Civcas-Original-Url": evidence.url,
        "X-Civcas-Warc-Record-Id": source["warc_record_id"],
        "Memento-Datetime": http_date(evidence.at),
        "Content-Security-Policy": "sandbox",
    }
    if encoding:
        headers["Content-Encoding"] = encoding
    return Response(body, status=200, headers=headers, content_type=content_type)


# A browser's DOM or screenshot (a `resource` capture) is not a page a replay tool can
# show: its page is the HTTP capture of the same URL in the same run, written just before.
PAGE_OF_RESOURCE_SQL = """
    SELECT id FROM captures
    WHERE run_id = ? AND url = ? AND id < ? AND record_type IN ('response', 'revisit')
    ORDER BY id DESC LIMIT 1
"""


async def capture_replay(datasette, request):
    capture = await _requested_capture(datasette, request)
    if isinstance(capture, Response):
        return capture
    if capture["record_type"] == "resource":
        db = datasette.get_database(DATABASE)
        row = (await db.execute(PAGE_OF_RESOURCE_SQL,
                                [capture["run_id"], capture["url"], capture["id"]])).first()
        if row is None:
            return _not_found(f"capture {capture['id']} is a browser resource with no page to replay")
        return Response.redirect(datasette.urls.path(f"/-/capture/{row['id']}/replay"))
    if assets_dir() is None:
        return Response.text(missing_assets_message(), status=503)
    return Response.html(viewer_page(Evidence.of(capture), paths=datasette.urls.path))


_waczs = WaczCache()


async def capture_wacz(datasette, request):
    import asyncio

    capture = await _requested_capture(datasette, request)
    if isinstance(capture, Response):
        return capture
    db_path = Path(datasette.get_database(DATABASE).path)
    try:
        path = await asyncio.to_thread(_waczs.get, db_path, _warcs_dir(datasette), capture["id"])
    except (OSError, WaczError) as exc:
        return Response.text(f"capture {capture['id']}: no WACZ can be made: {exc}", status=500)
    return _file_response(request, path, "application/wacz")


def _file_response(request, path: Path, content_type: str) -> Response:
    """The file, or the byte range asked for (ReplayWeb.page reads a WACZ by ranges)."""
    size = path.stat().st_size
    headers = {"Accept-Ranges": "bytes", "Cache-Control": "no-cache"}
    try:
        wanted = byte_range(request.headers.get("range"), size)
    except ValueError:
        headers["Content-Range"] = f"bytes */{size}"
        return Response(b"", status=416, headers=headers, content_type=content_type)
    first, last = wanted if wanted else (0, size - 1)
    if wanted:
        headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    headers["Content-Length"] = str(last - first + 1)
    body = b""
    if request.method != "HEAD":
        with open(path, "rb") as fh:
            fh.seek(first)
            body = fh.read(last - first + 1)
    return Response(body, status=206 if wanted else 200, headers=headers,
                    content_type=content_type)


async def replay_asset(datasette, request):
    name = request.url_vars["name"]
    folder = assets_dir()
    if folder is None:
        return Response.text(missing_assets_message(), status=404)
    if name not in ASSETS:
        return _not_found(f"no {name!r} here")
    return _file_response(request, folder / name, "application/javascript; charset=utf-8")


async def replay_frame(datasette, request):
    # The viewer's frame before ReplayWeb.page's service worker controls it: the viewer
    # reloads it once the worker is active, and the worker answers from then on.
    return Response.html("<!DOCTYPE html><title>Loading the replay</title><p>Loading the replay…</p>")


@hookimpl
def register_routes():
    return [
        (r"^/-/capture/(?P<capture_id>[^/]*)$", capture_page),
        (r"^/-/capture/(?P<capture_id>[^/]*)/raw$", capture_raw),
        (r"^/-/capture/(?P<capture_id>[^/]*)/replay$", capture_replay),
        (r"^/-/capture/(?P<capture_id>[^/]*)/capture\.wacz$", capture_wacz),
        (r"^/-/replay/$", replay_frame),
        (r"^/-/replay/(?P<name>[^/]+)$", replay_asset),
        *EVENT_ROUTES,  # /-/events and /-/event/<id> (crawler/research/event_pages.py)
    ]


def _link(datasette, capture_id, label) -> Markup:
    href = datasette.urls.path(f"/-/capture/{int(capture_id)}/replay")
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
