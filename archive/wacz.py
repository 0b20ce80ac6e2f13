"""WACZ 1.1.1 packages of archived captures (pure Python; never imports scrapy).

What ``write_wacz`` puts in the ZIP
-----------------------------------
* ``archive/data.warc.gz``: a new WARC holding only the selected records, each gzip
  member copied byte for byte from the crawl's files (so every record keeps its id,
  date and digests, and a record cited from the store can be found in the package by
  its ``WARC-Record-ID``).  With each selected response or revisit come the records
  written with it (its ``request`` and any ``resource`` record naming it in
  ``WARC-Concurrent-To``), the original ``response`` a selected revisit refers to (a
  revisit cannot be replayed without it), and the ``warcinfo`` record of every crawl
  file a record was taken from.  A file therefore may hold several warcinfo records; each
  record's ``WARC-Warcinfo-ID`` still names its own.
* ``indexes/index.cdx``: the CDXJ index of that WARC (SURT keys, sorted), under the name
  the WACZ spec and its readers (pywb, ReplayWeb.page) expect for an uncompressed index.
* In that WARC, after the copied records, a *stand-in* revisit record (archive/standins.py)
  for every selected page whose record does not carry the URL and time it is evidence
  of: a page crawled through a ``--mirror`` replays under its real URL, a page backfilled
  from a web archive under its original URL at the archive's capture time.
* ``pages/pages.jsonl``: a header line, then one line per page (``id``, ``url``, ``ts``,
  ``title``, ``text``).
* ``datapackage.json`` (``profile``, ``wacz_version``, ``resources`` with ``name``,
  ``path``, ``hash`` = ``sha256:...`` and ``bytes`` of every file above) and
  ``datapackage-digest.json`` (the sha256 of ``datapackage.json``).

WARCs and the index are stored (``ZIP_STORED``) so a replay tool can seek into them;
the pages list and the JSON files are deflated.  Names inside the package are fixed,
never taken from URLs or from the crawl's file names.  The package is written to a
temporary file beside ``out`` and renamed into place, so an interrupted export leaves no
half-written ``out``.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .atomic import replacing
from .cdxj import cdxj_lines
from .reader import WarcRecord, iter_members, parse_record
from .standins import StandIn, stand_in_member, stands_for
from .warcfmt import civcas_version

WACZ_VERSION = "1.1.1"
WARC_NAME = "data.warc.gz"
WARC_PATH = f"archive/{WARC_NAME}"
INDEX_PATH = "indexes/index.cdx"  # CDXJ lines; the name WACZ readers look for
PAGES_PATH = "pages/pages.jsonl"
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages", "hasText": True}
_CHUNK = 1 << 20

Progress = Callable[[str], None]


class WaczError(Exception):
    """An export that cannot be made (nothing selected, a WARC file missing)."""


@dataclass(frozen=True)
class Page:
    """One line of pages.jsonl: a page (``url``, as the index knows it: the real URL),
    when (``ts``: our fetch, or the archive's capture time for a backfilled page) and what
    it said."""

    id: str
    url: str
    ts: str
    title: str | None = None
    text: str | None = None

    def line(self) -> str:
        row = {"id": self.id, "url": self.url, "ts": self.ts}
        if self.title:
            row["title"] = self.title
        if self.text:
            row["text"] = self.text
        return json.dumps(row, ensure_ascii=False)


@dataclass(frozen=True)
class WaczSummary:
    path: Path
    records: int
    pages: int
    warc_bytes: int


@dataclass
class Selection:
    """What an export holds: record ids per crawl file (files in capture order), the
    pages, and the stand-ins to add (see archive/standins.py)."""

    wanted: dict[str, set[str]]
    pages: list[Page]
    captures: int
    stand_ins: list[StandIn] = field(default_factory=list)


def select(conn: sqlite3.Connection, *, sources: Iterable[str] = (), since: str | None = None,
           canonical: Callable[[str, str], str] = lambda source, url: url,
           capture_ids: Iterable[int] = ()) -> Selection:
    """The captures of ``sources`` (all when empty) fetched at or after ``since`` (an
    ISO 8601 UTC prefix such as ``2026-01-01T00:00:00``), the originals their revisits
    refer to, and one page per document they saw.

    A document's page is its latest selected 2xx capture (``url`` is the fetched URL, as
    indexed), with the title and text of the version current at that capture.
    ``canonical(source, url)`` maps a capture's URL to its document's URL.
    ``capture_ids``, when given, keeps only those captures (and the originals of revisits).
    """
    sources = sorted(set(sources))
    where: list[str] = []
    params: list[str | int] = []
    if sources:
        where.append(f"r.source IN ({','.join('?' * len(sources))})")
        params += sources
    if since:
        where.append("c.fetched_at >= ?")
        params.append(since)
    capture_ids = sorted(set(capture_ids))
    if capture_ids:
        where.append(f"c.id IN ({','.join('?' * len(capture_ids))})")
        params += capture_ids
    rows = conn.execute(
        "SELECT c.id, c.url, c.fetched_url, c.status, c.fetched_at, c.warc_file,"
        " c.warc_record_id, c.record_type, c.revisit_of, r.source, c.archived_at"
        " FROM captures c LEFT JOIN crawl_runs r ON r.id = c.run_id"
        + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY c.id",
        params,
    ).fetchall()
    chosen = {row[0]: row for row in rows}
    originals = {row[8] for row in rows if row[8] is not None and row[8] not in chosen}
    extra = []
    for original in sorted(originals):
        extra += conn.execute(
            "SELECT id, warc_file, warc_record_id, url, fetched_url, fetched_at, archived_at"
            " FROM captures WHERE id = ?", [original]).fetchall()
    wanted: dict[str, set[str]] = {}
    for _capture_id, warc_file, record_id in sorted(
            [(r[0], r[5], r[6]) for r in rows] + [e[:3] for e in extra]):
        wanted.setdefault(warc_file, set()).add(record_id)
    return Selection(wanted, _pages(conn, rows, canonical), len(rows) + len(extra),
                     _stand_ins(rows, extra))


def _stand_ins(rows, extra) -> list[StandIn]:
    """A stand-in for every HTTP record that is not under the URL and time it stands for."""
    record_of = {row[0]: row[6] for row in rows} | {e[0]: e[2] for e in extra}
    found = []
    for (_capture_id, url, fetched_url, _status, fetched_at, _file, record_id, record_type,
         revisit_of, _source, archived_at) in rows:
        if record_type not in ("response", "revisit"):
            continue
        url_date = stands_for(url, fetched_url, fetched_at, archived_at)
        if url_date == (fetched_url, fetched_at):
            continue
        payload_id = record_of.get(revisit_of) if record_type == "revisit" else record_id
        if payload_id:
            found.append(StandIn(record_id, payload_id, *url_date))
    return found


def _pages(conn, rows, canonical) -> list[Page]:
    documents = {url: (doc_id, source) for doc_id, url, source in
                 conn.execute("SELECT id, url, source FROM documents")}
    latest: dict[int, tuple] = {}
    for row in rows:
        capture_id, url, fetched_url, status, fetched_at, *_, source, archived_at = row
        if status is None or not 200 <= status < 300 or url.endswith("/robots.txt"):
            continue
        found = documents.get(canonical(source, url))
        if found is not None and found[1] == source:
            latest[found[0]] = (capture_id, url, fetched_url, fetched_at, archived_at)
    pages = []
    for doc_id, (capture_id, url, fetched_url, fetched_at, archived_at) in sorted(
            latest.items(),
                                                                     key=lambda kv: kv[1][0]):
        # A browser source's version points at the DOM rendered from the HTTP capture
        # (a `resource` capture of the same page and run, written just after it).
        version = conn.execute(
            "SELECT v.title, v.text FROM versions v LEFT JOIN captures vc ON vc.id = v.capture_id"
            " WHERE v.document_id = ? AND (v.capture_id <= ? OR (vc.record_type = 'resource'"
            " AND vc.url = ? AND vc.run_id = (SELECT run_id FROM captures WHERE id = ?)))"
            " ORDER BY v.capture_id DESC, v.id DESC LIMIT 1",
            [doc_id, capture_id, url, capture_id]).fetchone()
        title, text = version if version else (None, None)
        page_url, ts = stands_for(url, fetched_url, fetched_at, archived_at)
        pages.append(Page(f"document-{doc_id}", page_url, ts, title, text))
    return pages


def copy_records(warcs_dir: Path, wanted: dict[str, set[str]], out, progress: Progress | None = None,
                 keep: dict[str, WarcRecord | None] | None = None) -> int:
    """Copy into the open binary file ``out`` the gzip members of the records named in
    ``wanted`` (crawl file name -> WARC-Record-IDs), the records concurrent to them and
    each file's warcinfo; files in the order given, records in file order.  Returns the
    number of records copied; the parsed records whose ids are keys of ``keep`` are put
    there."""
    base = Path(warcs_dir).resolve()
    copied = 0
    for number, (warc_file, ids) in enumerate(wanted.items(), 1):
        path = (base / warc_file).resolve()
        if not path.is_relative_to(base) or not path.is_file():
            raise WaczError(f"WARC file {warc_file} named by the store is not in {base}")
        if progress:
            progress(f"[{number}/{len(wanted)}] {warc_file}")
        with open(path, "rb") as raw:
            for index, (offset, length, data) in enumerate(iter_members(path)):
                record = parse_record(data)
                wanted_here = ((index == 0 and record.record_type == "warcinfo")
                               or record.record_id in ids)
                if not wanted_here and record.record_type in ("request", "resource", "metadata"):
                    wanted_here = record.header("WARC-Concurrent-To") in ids
                if wanted_here:
                    raw.seek(offset)
                    out.write(raw.read(length))
                    copied += 1
                    if keep is not None and record.record_id in keep:
                        keep[record.record_id] = record
    return copied


def _sha256_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return "sha256:" + digest.hexdigest(), size


def datapackage(files: dict[str, Path], *, title: str, created: str) -> dict:
    resources = []
    for arcname, path in files.items():
        digest, size = _sha256_file(path)
        resources.append({"name": Path(arcname).name.lower(), "path": arcname,
                          "hash": digest, "bytes": size})
    return {
        "profile": "data-package",
        "wacz_version": WACZ_VERSION,
        "title": title,
        "created": created,
        "software": f"civcas/{civcas_version()}",
        "resources": resources,
    }


def write_wacz(out: Path, warcs_dir: Path, wanted: dict[str, set[str]], pages: Iterable[Page], *,
               title: str = "civcas export", progress: Progress | None = None,
               stand_ins: Iterable[StandIn] = ()) -> WaczSummary:
    """Write the WACZ package ``out``; see the module docstring. ``stand_ins`` (from
    ``Selection.stand_ins``) are the stand-in records to add."""
    if not wanted:
        raise WaczError("nothing selected to export")
    out = Path(out)
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with tempfile.TemporaryDirectory(prefix="civcas-wacz-") as tmp:
        work = Path(tmp)
        warc = work / WARC_NAME
        stand_ins = list(stand_ins)
        parsed: dict[str, WarcRecord | None] = {}
        for stand_in in stand_ins:
            parsed[stand_in.record_id] = parsed[stand_in.payload_record_id] = None
        with open(warc, "wb") as fh:
            records = copy_records(warcs_dir, wanted, fh, progress, parsed)
            for stand_in in stand_ins:
                record, payload = parsed[stand_in.record_id], parsed[stand_in.payload_record_id]
                if record is None or payload is None:
                    raise WaczError(f"record {stand_in.record_id} is not in its WARC file")
                fh.write(stand_in_member(stand_in, record, payload))
                records += 1
        if progress:
            progress(f"indexing {records} records")
        index = work / "index.cdx"
        index.write_text("".join(line + "\n" for line in cdxj_lines(work, WARC_NAME)),
                         encoding="utf-8")
        pages_file = work / "pages.jsonl"
        page_count = 0
        with open(pages_file, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(PAGES_HEADER) + "\n")
            for page in pages:
                fh.write(page.line() + "\n")
                page_count += 1
        files = {WARC_PATH: warc, INDEX_PATH: index, PAGES_PATH: pages_file}
        package = json.dumps(datapackage(files, title=title, created=created), indent=2)
        digest = {"path": "datapackage.json",
                  "hash": "sha256:" + hashlib.sha256(package.encode("utf-8")).hexdigest()}
        if progress:
            progress(f"writing {out}")
        _zip(out, files, package, json.dumps(digest, indent=2))
        return WaczSummary(out, records, page_count, warc.stat().st_size)


def _zip(out: Path, files: dict[str, Path], package: str, digest: str) -> None:
    with replacing(out) as tmp, zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
        for arcname, path in files.items():
            # Replay tools seek into WARCs and indexes inside the ZIP: never deflate them.
            stored = arcname.startswith(("archive/", "indexes/"))
            method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo.from_file(path, arcname)
            info.compress_type = method
            big = path.stat().st_size >= zipfile.ZIP64_LIMIT
            with open(path, "rb") as src, zf.open(info, "w", force_zip64=big) as dst:
                shutil.copyfileobj(src, dst, _CHUNK)
        zf.writestr("datapackage.json", package, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("datapackage-digest.json", digest, compress_type=zipfile.ZIP_DEFLATED)
