"""`civcas verify` on a real crawl of the replica world: clean, then corrupted in several
ways (one payload byte, a capture row's offset, an orphan record, cut tails)."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from archive.reader import iter_members, iter_records, parse_record
from archive.warcfmt import build_record, sha256_digest
from support.replicas import ReplicaServer

BIN = Path(sys.executable).parent
CIVCAS = str(BIN / "civcas")
WARCIO = str(BIN / "warcio")


def _env(home: Path) -> dict:
    return {**os.environ, "HOME": str(home), "CIVCAS_DATA_DIR": str(home / "unused")}


def run_verify(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CIVCAS, "verify", "--data-dir", str(data)], capture_output=True,
                          text=True, env=_env(data.parent), timeout=300)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    """A data folder holding one complete crawl of every source on the round-1 replicas."""
    root = tmp_path_factory.mktemp("crawl")
    data = root / "data"
    with ReplicaServer(round=1) as server:
        args = [CIVCAS, "crawl", "--all", "--delay", "0", "--data-dir", str(data)]
        for origin, base in server.source_mirrors().items():
            args += ["--mirror", f"{origin}={base}"]
        done = subprocess.run(args, capture_output=True, text=True, env=_env(root), timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return data


@pytest.fixture
def data(crawled, tmp_path) -> Path:
    """A private copy of the crawl to damage."""
    copy = tmp_path / "data"
    shutil.copytree(crawled, copy)
    return copy


def db(data: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(data / "civcas.db")
    conn.row_factory = sqlite3.Row
    return conn


def warc_files(data: Path) -> list[Path]:
    return sorted((data / "warcs").glob("*.warc.gz"))


def gz(raw: bytes) -> bytes:
    comp = zlib.compressobj(6, zlib.DEFLATED, 31)
    return comp.compress(raw) + comp.flush()


# -- the clean crawl ----------------------------------------------------------------------


def test_clean_crawl_verifies(crawled):
    conn = db(crawled)
    n_captures = conn.execute("SELECT count(*) FROM captures").fetchone()[0]
    n_revisits = conn.execute("SELECT count(*) FROM captures WHERE record_type='revisit'").fetchone()[0]
    conn.close()
    assert n_captures > 50 and n_revisits > 0
    done = run_verify(crawled)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("OK:")
    assert f"{n_captures} captures checked; 0 problems, 0 warnings" in done.stdout
    assert "FAIL" not in done.stdout and "WARN" not in done.stdout


def test_warcio_checks_and_indexes_every_file(crawled):
    files = warc_files(crawled)
    assert len(files) >= 5
    for path in files:
        check = subprocess.run([WARCIO, "check", "-v", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        index = subprocess.run([WARCIO, "index", "-f", "offset,length,warc-type,warc-record-id",
                                str(path)], capture_output=True, text=True, check=True)
        listed = [json.loads(line) for line in index.stdout.splitlines()]
        ours = [(off, length, rec.record_type, rec.record_id)
                for off, length, rec in iter_records(path)]
        assert [(int(e["offset"]), int(e["length"]), e["warc-type"], e["warc-record-id"])
                for e in listed] == ours


def test_no_store_is_a_usage_error(tmp_path):
    done = run_verify(tmp_path / "empty")
    assert done.returncode == 2
    assert "no civcas store" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


# -- damage ------------------------------------------------------------------------------


def _flip_payload_byte(path: Path, offset: int, length: int) -> None:
    """Change one byte of the record's payload in place, re-compressing the member to the
    same compressed length so every other member keeps its offset."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        raw = zlib.decompress(fh.read(length), 31)
    record = parse_record(raw)
    body_start = raw.index(record.payload)
    for pos in range(body_start + len(record.payload) - 1, body_start, -1):
        for new in b"XYZxyz019":
            if raw[pos] == new:
                continue
            changed = raw[:pos] + bytes([new]) + raw[pos + 1:]
            member = gz(changed)
            if len(member) == length:
                with open(path, "r+b") as fh:
                    fh.seek(offset)
                    fh.write(member)
                return
    raise AssertionError("no one-byte change keeps the member's compressed length")


def test_one_flipped_payload_byte_fails_naming_file_and_offset(data):
    conn = db(data)
    row = conn.execute("SELECT * FROM captures WHERE record_type='response' AND status=200 "
                       "AND warc_length > 2000 ORDER BY id LIMIT 1").fetchone()
    conn.close()
    _flip_payload_byte(data / "warcs" / row["warc_file"], row["warc_offset"], row["warc_length"])
    done = run_verify(data)
    assert done.returncode == 1, done.stdout
    fails = [line for line in done.stdout.splitlines() if line.startswith("FAIL ")]
    where = f"{row['warc_file']}: offset {row['warc_offset']}"
    assert any(where in f and "WARC-Payload-Digest mismatch" in f for f in fails), fails
    assert any(f"capture {row['id']} " in f and "payload hashes to" in f for f in fails), fails
    # Nothing else is blamed: the other members kept their bytes and offsets.
    assert all(where in f or f"capture {row['id']} " in f for f in fails), fails


def test_a_moved_capture_offset_fails(data):
    conn = db(data)
    row = conn.execute("SELECT * FROM captures WHERE record_type='response' ORDER BY id "
                       "LIMIT 1 OFFSET 5").fetchone()
    # Point the row at the request record written just before its response.
    offsets = [off for off, _, _ in iter_members(data / "warcs" / row["warc_file"])]
    before = offsets[offsets.index(row["warc_offset"]) - 1]
    with conn:
        conn.execute("UPDATE captures SET warc_offset = ? WHERE id = ?", [before, row["id"]])
    conn.close()
    done = run_verify(data)
    assert done.returncode == 1, done.stdout
    assert f"FAIL capture {row['id']} ({row['warc_file']} offset {before})" in done.stdout
    # The response it used to point at is now an orphan.
    assert (f"{row['warc_file']}: offset {row['warc_offset']}: orphan response record "
            f"{row['warc_record_id']}") in done.stdout


def test_a_moved_offset_inside_a_member_fails(data):
    conn = db(data)
    row = conn.execute("SELECT * FROM captures ORDER BY id LIMIT 1 OFFSET 3").fetchone()
    with conn:
        conn.execute("UPDATE captures SET warc_offset = warc_offset + 7 WHERE id = ?", [row["id"]])
    conn.close()
    done = run_verify(data)
    assert done.returncode == 1
    assert f"FAIL capture {row['id']} ({row['warc_file']} offset {row['warc_offset'] + 7}): " \
           "no readable record there" in done.stdout


def _orphan_member(path: Path, record_id: str) -> bytes:
    """A well-formed response record for `path`: its own warcinfo id, correct digests."""
    warcinfo_id = next(iter_records(path))[2].record_id
    body = b"<html>not archived by civcas</html>"
    block = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
             + str(len(body)).encode() + b"\r\n\r\n" + body)
    headers = [("WARC-Type", "response"), ("WARC-Record-ID", record_id),
               ("WARC-Date", "2024-05-06T07:08:09.000000Z"), ("WARC-Warcinfo-ID", warcinfo_id),
               ("WARC-Target-URI", "http://example.org/injected"),
               ("WARC-Block-Digest", sha256_digest(block)),
               ("WARC-Payload-Digest", sha256_digest(body)),
               ("Content-Type", "application/http;msgtype=response")]
    return gz(build_record(headers, block))


def test_an_appended_orphan_record_is_reported(data):
    path = warc_files(data)[0]
    offset = path.stat().st_size
    rid = "<urn:uuid:00000000-0000-4000-8000-000000000001>"
    with open(path, "ab") as fh:
        fh.write(_orphan_member(path, rid))
    done = run_verify(data)
    # The run that wrote this file finished, so nothing may follow its last capture.
    assert done.returncode == 1, done.stdout
    fails = [line for line in done.stdout.splitlines() if line.startswith("FAIL ")]
    assert fails == [f"FAIL {path.name}: offset {offset}: orphan response record {rid}: "
                     "no capture row points at it."]


@pytest.mark.parametrize("status, reason", [
    ("running", None),        # killed outright: the run was never closed
    ("failed", "killed"),     # a forced stop closed it behind its writer
    ("failed", "redis_lost"),  # a distributed job's last captures went with Redis
    ("ok", "finished"),       # closed by its writer after its last insert: a failure
])
def test_orphan_after_the_last_capture_of_a_run_cut_short_is_a_warning(data, status, reason):
    path = warc_files(data)[0]
    offset = path.stat().st_size
    with open(path, "ab") as fh:
        fh.write(_orphan_member(path, "<urn:uuid:00000000-0000-4000-8000-000000000002>"))
    conn = db(data)
    with conn:
        conn.execute("UPDATE crawl_runs SET status = ?, close_reason = ? WHERE id IN "
                     "(SELECT run_id FROM captures WHERE warc_file = ?)", [status, reason, path.name])
    conn.close()
    done = run_verify(data)
    if reason == "finished":
        assert done.returncode == 1 and f"FAIL {path.name}: offset {offset}: orphan" in done.stdout
        return
    assert done.returncode == 0, done.stdout
    assert f"WARN {path.name}: offset {offset}: response record" in done.stdout


def test_a_cut_tail_no_row_points_at_is_a_warning(data):
    path = warc_files(data)[0]
    offset = path.stat().st_size
    member = _orphan_member(path, "<urn:uuid:00000000-0000-4000-8000-000000000003>")
    with open(path, "ab") as fh:
        fh.write(member[: len(member) // 2])
    done = run_verify(data)
    assert done.returncode == 0, done.stdout
    assert f"WARN {path.name}: offset {offset}: the file ends inside a gzip member" in done.stdout


def test_a_cut_tail_a_row_points_into_fails(data):
    conn = db(data)
    row = conn.execute("SELECT * FROM captures ORDER BY warc_offset DESC LIMIT 1").fetchone()
    conn.close()
    path = data / "warcs" / row["warc_file"]
    with open(path, "r+b") as fh:
        fh.truncate(row["warc_offset"] + row["warc_length"] // 2)
    done = run_verify(data)
    assert done.returncode == 1, done.stdout
    assert (f"FAIL {row['warc_file']}: offset {row['warc_offset']}: the file ends inside a "
            f"gzip member, and captures {row['id']} point into the cut part.") in done.stdout
    assert f"FAIL capture {row['id']} " in done.stdout


def test_a_revisit_pointing_at_the_wrong_capture_fails(data):
    conn = db(data)
    rev = conn.execute("SELECT * FROM captures WHERE record_type='revisit' LIMIT 1").fetchone()
    other = conn.execute("SELECT id FROM captures WHERE record_type='response' AND "
                         "payload_digest != ? LIMIT 1", [rev["payload_digest"]]).fetchone()
    with conn:
        conn.execute("UPDATE captures SET revisit_of = ? WHERE id = ?", [other["id"], rev["id"]])
    conn.close()
    done = run_verify(data)
    assert done.returncode == 1
    assert f"FAIL capture {rev['id']} " in done.stdout
    assert f"revisit_of {other['id']} has payload digest" in done.stdout


def test_verify_reports_progress_on_stderr_even_when_piped(crawled):
    done = run_verify(crawled)  # stderr is a pipe here, not a terminal
    assert done.returncode == 0, done.stdout + done.stderr
    files = len(warc_files(crawled))
    assert f"verify: [{files}/{files}]" in done.stderr
    assert done.stdout.startswith("OK")  # the report stays on stdout
