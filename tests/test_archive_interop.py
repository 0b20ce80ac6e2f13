"""Our WARCs and WACZ exports read by the standard tools (warcio, wacz, pywb), checked
beyond what those tools check, and the size of a recrawl of an unchanged site."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from archive.reader import iter_members, iter_records, read_record

from support.archives import BIN, civcas, crawl_rounds, env


@pytest.fixture(scope="module")
def unchanged_twice(tmp_path_factory) -> dict:
    """Every source crawled twice on the same, unchanged round-1 replicas."""
    root = tmp_path_factory.mktemp("twice")
    data = crawl_rounds(root, (1, 1))
    with sqlite3.connect(data / "civcas.db") as db:
        runs = [r[0] for r in db.execute("SELECT id FROM crawl_runs ORDER BY id")]
    return {"root": root, "data": data, "first_runs": runs[: len(runs) // 2]}


def warcs(data: Path) -> list[Path]:
    found = sorted((data / "warcs").glob("*.warc.gz"))
    assert found
    return found


def test_warcio_check_and_index_pass_on_every_warc(unchanged_twice):
    for path in warcs(unchanged_twice["data"]):
        check = subprocess.run([str(BIN / "warcio"), "check", "-v", str(path)],
                               capture_output=True, text=True, timeout=120)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "digest pass" in check.stdout
        index = subprocess.run([str(BIN / "warcio"), "index", "-f", "warc-type,offset,length",
                                str(path)], capture_output=True, text=True, timeout=120)
        assert index.returncode == 0, index.stderr
        entries = [json.loads(line) for line in index.stdout.splitlines()]
        ours = [(rec.record_type, str(off), str(length)) for off, length, rec in iter_records(path)]
        assert [(e["warc-type"], e["offset"], e["length"]) for e in entries] == ours


def test_second_crawl_of_an_unchanged_site_writes_only_small_revisits(unchanged_twice):
    """The issue's target: a second crawl of an unchanged replica adds under 10% of the
    first crawl's WARC bytes. Replica pages carry the inline weight of real pages (about
    16 KB compressed, below the web's median HTML document: crawler/replicas/chrome.py);
    an exchange revisited costs a request and a revisit record (ids, digests, the
    response headers kept as evidence), about 1.4 KB whatever the page size."""
    data, first_runs = unchanged_twice["data"], unchanged_twice["first_runs"]
    with sqlite3.connect(data / "civcas.db") as db:
        files = db.execute("SELECT DISTINCT warc_file, run_id FROM captures").fetchall()
        kinds = dict(db.execute(
            f"SELECT record_type, COUNT(*) FROM captures WHERE run_id > {max(first_runs)}"
            " GROUP BY record_type"))
        first_html = db.execute(
            f"SELECT AVG(warc_length) FROM captures WHERE run_id <= {max(first_runs)}"
            " AND record_type = 'response' AND content_type LIKE 'text/html%'").fetchone()[0]
    first = sum((data / "warcs" / f).stat().st_size for f, run in files if run in first_runs)
    second = sum((data / "warcs" / f).stat().st_size for f, run in files if run not in first_runs)
    assert first > 1_000_000
    assert 10_000 < first_html < 25_000  # realistic pages, not padded ones
    assert set(kinds) == {"revisit"}, kinds  # nothing stored twice
    per_exchange = second / kinds["revisit"]
    print(f"first crawl {first} bytes, second {second} bytes: {second / first:.1%};"
          f" {per_exchange:.0f} bytes per revisited exchange")
    assert per_exchange < 1_500
    assert second < 0.10 * first


# -- WACZ --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(unchanged_twice) -> dict:
    root, data = unchanged_twice["root"], unchanged_twice["data"]
    out = root / "all.wacz"
    done = civcas(root, "export-wacz", "--data-dir", str(data), str(out))
    assert done.returncode == 0, done.stderr
    assert "export-wacz: [1/" in done.stderr  # progress on the way
    return {"out": out, "data": data, "root": root}


def test_wacz_validate_passes(exported):
    done = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(exported["out"])],
                          capture_output=True, text=True, timeout=300,
                          env=env(exported["root"]))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation succeeded" in done.stdout


@pytest.mark.battery
def test_wacz_files_hashed_stored_and_listed(exported):
    with zipfile.ZipFile(exported["out"]) as zf:
        names = set(zf.namelist())
        assert names == {"archive/data.warc.gz", "indexes/index.cdx", "pages/pages.jsonl",
                         "datapackage.json", "datapackage-digest.json"}
        for info in zf.infolist():
            if info.filename.startswith(("archive/", "indexes/")):
                assert info.compress_type == zipfile.ZIP_STORED, info.filename
        package_bytes = zf.read("datapackage.json")
        package = json.loads(package_bytes)
        assert package["wacz_version"] == "1.1.1" and package["profile"] == "data-package"
        listed = {r["path"]: r for r in package["resources"]}
        assert set(listed) == names - {"datapackage.json", "datapackage-digest.json"}
        for path, resource in listed.items():
            content = zf.read(path)
            assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest(), path
            assert resource["bytes"] == len(content), path
        digest = json.loads(zf.read("datapackage-digest.json"))
        assert digest["path"] == "datapackage.json"
        assert digest["hash"] == "sha256:" + hashlib.sha256(package_bytes).hexdigest()


def _unpack(exported) -> tuple[Path, list[dict], list[dict]]:
    work = exported["root"] / "unpacked"
    with zipfile.ZipFile(exported["out"]) as zf:
        zf.extractall(work)
    lines = (work / "pages" / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    pages = [json.loads(line) for line in lines]
    index = [json.loads(line.split(" ", 2)[2])
             for line in (work / "indexes" / "index.cdx").read_text().splitlines()]
    return work, pages, index


def test_wacz_holds_every_captured_record_byte_for_byte(exported):
    work, _, index = _unpack(exported)
    data = exported["data"]
    members = {}
    for offset, length, _raw in iter_members(work / "archive" / "data.warc.gz"):
        members[offset] = length
    copied = {}
    with open(work / "archive" / "data.warc.gz", "rb") as fh:
        for offset, length in members.items():
            fh.seek(offset)
            member = fh.read(length)
            rec = read_record(work / "archive", "data.warc.gz", offset, length)
            copied[rec.record_id] = member
    with sqlite3.connect(data / "civcas.db") as db:
        rows = db.execute("SELECT warc_file, warc_offset, warc_length, warc_record_id FROM captures")
        for warc_file, offset, length, record_id in rows:
            with open(data / "warcs" / warc_file, "rb") as fh:
                fh.seek(offset)
                assert copied[record_id] == fh.read(length)
    # every exchange's request came along, and the index covers every response/revisit
    # and every browser capture (DOM and screenshot `resource` records); the stand-ins
    # (archive/standins.py) are responses of ours, with no exchange of their own
    records = [read_record(work / "archive", "data.warc.gz", o, n) for o, n in members.items()]
    stand_ins = [r for r in records if r.header("Civcas-Stand-In-For")]
    types = [r.record_type for r in records if not r.header("Civcas-Stand-In-For")]
    assert types.count("request") == types.count("response") + types.count("revisit")
    assert stand_ins and {r.record_type for r in stand_ins} == {"response"}
    assert types.count("resource") > 0
    assert len(index) == (types.count("response") + types.count("revisit")
                          + types.count("resource") + len(stand_ins))


def test_wacz_pages_list_every_document_once_with_its_text(exported):
    _, pages, index = _unpack(exported)
    header, pages = pages[0], pages[1:]
    assert header["format"] == "json-pages-1.0" and header["hasText"] is True
    with sqlite3.connect(exported["data"] / "civcas.db") as db:
        docs = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        texts = {t for (t,) in db.execute(
            "SELECT v.text FROM documents d JOIN versions v ON v.id = d.current_version_id")}
    assert len(pages) == docs
    assert len({p["id"] for p in pages}) == docs
    indexed = {(e["url"]) for e in index}
    for page in pages:
        assert page["url"] in indexed
        assert not page["url"].startswith("http://127.0.0.1")  # the real URL, not the mirror's
        assert page["ts"].endswith("Z") and page["title"]
        assert page["text"] in texts


def test_wacz_of_one_source_since_a_time_holds_only_its_records(exported):
    root, data = exported["root"], exported["data"]
    with sqlite3.connect(data / "civcas.db") as db:
        second_start = db.execute(
            "SELECT MIN(c.fetched_at) FROM captures c JOIN crawl_runs r ON r.id = c.run_id"
            " WHERE r.source = 'sohr-en' AND r.id > (SELECT MIN(id) FROM crawl_runs"
            " WHERE source = 'sohr-en')").fetchone()[0]
        selected = {rid for (rid,) in db.execute(
            "SELECT c.warc_record_id FROM captures c JOIN crawl_runs r ON r.id = c.run_id"
            " WHERE r.source = 'sohr-en' AND c.fetched_at >= ?", [second_start])}
        originals = {rid for (rid,) in db.execute(
            "SELECT o.warc_record_id FROM captures c JOIN crawl_runs r ON r.id = c.run_id"
            " JOIN captures o ON o.id = c.revisit_of"
            " WHERE r.source = 'sohr-en' AND c.fetched_at >= ?", [second_start])}
    out = root / "sohr.wacz"
    done = civcas(root, "export-wacz", "--data-dir", str(data), "--source", "sohr-en",
                  "--since", second_start[:19] + "+00:00", str(out))
    assert done.returncode == 0, done.stderr
    work = root / "sohr"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(work)
    held = {rec.record_id for _, _, rec in iter_records(work / "archive" / "data.warc.gz")
            if rec.record_type in ("response", "revisit")
            and not rec.header("Civcas-Stand-In-For")}
    assert selected and originals - selected  # revisits of round 2 need round 1's responses
    assert held == selected | originals


@pytest.mark.battery
def test_export_errors_are_one_sentence_and_exit_2(exported):
    root, data = exported["root"], exported["data"]
    for args, message in [
        (["--source", "nowhere", str(root / "x.wacz")], "no crawl of nowhere"),
        (["--since", "2999-01-01", str(root / "x.wacz")], "nothing to export"),
        (["--since", "last tuesday", str(root / "x.wacz")], "not an ISO 8601"),
        ([str(root / "x.zip")], "must end in .wacz"),
    ]:
        done = civcas(root, "export-wacz", "--data-dir", str(data), *args)
        assert done.returncode == 2 and message in done.stderr, (args, done.stderr)
    assert not (root / "x.wacz").exists()


# -- replay through pywb -------------------------------------------------------------------

# pywb lives in a venv of its own (it pins redis-py 2.10.6; civcas's scrapy-redis needs
# >= 4.2), built by `make tools` (part of `make test`) from requirements-tools.txt. CIVCAS_TOOLS_BIN names
# another folder holding wb-manager and wayback.
TOOLS_BIN = Path(os.environ.get("CIVCAS_TOOLS_BIN")
                 or Path(__file__).resolve().parent.parent / ".venv-tools" / "bin")


def pywb_tool(name: str) -> str:
    path = TOOLS_BIN / name
    if not path.exists():
        pytest.fail(f"pywb's {name} is not in {TOOLS_BIN}: run `make tools` (it builds"
                    " .venv-tools/ from requirements-tools.txt)")
    return str(path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_pywb_replays_the_original_bytes_from_the_wacz(exported):
    root, data = exported["root"], exported["data"]
    home = root / "pywb"
    home.mkdir()
    for args in (["init", "civcas"], ["add", "--unpack-wacz", "civcas", str(exported["out"])]):
        done = subprocess.run([pywb_tool("wb-manager"), *args], cwd=home, capture_output=True,
                              text=True, timeout=120, env=env(root))
        assert done.returncode == 0, done.stderr
    with sqlite3.connect(data / "civcas.db") as db:
        samples = db.execute(
            """SELECT c.url, c.fetched_at, c.warc_file, c.warc_offset, c.warc_length, c.fetched_url
               FROM versions v JOIN captures c ON c.id = v.capture_id
               WHERE c.record_type = 'response' ORDER BY c.id LIMIT 6""").fetchall()
    # crawled through the replicas (--mirror), replayed under the real URL (a stand-in)
    assert samples and all(s[0] != s[5] and s[5].startswith("http://127.0.0.1") for s in samples)
    port = _free_port()
    server = subprocess.Popen([pywb_tool("wayback"), "-p", str(port), "-b", "127.0.0.1"],
                              cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=env(root))
    replayed = 0
    try:
        for url, fetched_at, warc_file, offset, length, _ in samples:
            original = read_record(data / "warcs", warc_file, offset, length).payload
            stamp = "".join(c for c in fetched_at[:19] if c.isdigit())
            body = _get(f"http://127.0.0.1:{port}/civcas/{stamp}id_/{url}")
            assert body == original, url
            replayed += 1
        assert replayed == len(samples)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get(url: str) -> bytes:
    deadline = time.monotonic() + 30
    while True:
        try:
            # Accept what the site sent (gzip on some hosts), so nothing is re-encoded.
            request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate"})
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.read()
        except urllib.error.URLError as exc:
            if isinstance(exc, urllib.error.HTTPError) or time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_a_wacz_path_that_cannot_be_written_is_one_sentence(exported):
    out = Path("/proc/civcas-no-such-folder/x.wacz")  # no process, root included, may make it
    done = civcas(exported["root"], "export-wacz", "--data-dir", str(exported["data"]), str(out))
    assert done.returncode == 2
    assert f"cannot write {out}" in done.stderr and "Traceback" not in done.stderr
