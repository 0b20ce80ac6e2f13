"""Helpers of the fault-injection battery (tests marked `battery`): run civcas in a
subprocess, read the store read-only, check that everything archived is whole.

Every check here reads the real files: the WARCs with warcio (a second, independent
reader) and with civcas's own reader at the offsets the store names.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.reader import read_record

BIN = Path(sys.executable).parent
CIVCAS = str(BIN / "civcas")

# Runs a command and prints its peak resident memory (KiB) on stderr's last line.
_MEASURED = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "sys.stderr.write(f'\\nmaxrss_kib={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n')\n"
    "sys.exit(code)\n"
)


def env_for(root: Path) -> dict:
    """A child environment whose HOME (and unused default data folder) is under `root`."""
    return {**os.environ, "HOME": str(root), "CIVCAS_DATA_DIR": str(root / "unused")}


def count(data: Path, sql: str, params=()) -> int:
    """One number from the store, read-only; 0 while the store or its schema is not there."""
    if not (data / "civcas.db").exists():
        return 0
    conn = sqlite3.connect(f"file:{data / 'civcas.db'}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql, params).fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        conn.close()


def rows(data: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{data / 'civcas.db'}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def warc_fingerprints(data: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((data / "warcs").glob("*.warc.gz"))}


def verify(data: Path, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CIVCAS, "verify", "--data-dir", str(data)], capture_output=True,
                          text=True, env=env_for(root), timeout=300)


def run_measured(args: list[str], env: dict, timeout: float = 300) -> tuple[subprocess.CompletedProcess, int]:
    """Run a command; return its result and its peak resident memory in MiB."""
    done = subprocess.run([sys.executable, "-c", _MEASURED, *args], capture_output=True,
                          text=True, env=env, timeout=timeout)
    last = done.stderr.rstrip().rsplit("\n", 1)[-1]
    assert last.startswith("maxrss_kib="), done.stderr[-2000:]
    return done, int(last.split("=", 1)[1]) // 1024


def every_capture_reads_back(data: Path) -> int:
    """Each capture row's (file, offset, length) holds the record it names; returns how
    many were checked. The store never points at bytes that are not on disk."""
    if not count(data, "SELECT count(*) FROM captures"):
        return 0  # no store yet, or killed before its schema was there
    found = rows(data, "SELECT warc_file, warc_offset, warc_length, warc_record_id FROM captures")
    for name, offset, length, record_id in found:
        assert offset + length <= (data / "warcs" / name).stat().st_size, (name, offset)
        assert read_record(data / "warcs", name, offset, length).record_id == record_id
    return len(found)


def warcio_reads_every_record(data: Path) -> int:
    """warcio reads every record of every WARC file to its end, checking digests."""
    total = 0
    for path in sorted((data / "warcs").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh, check_digests="raise"):
                record.raw_stream.read()
                total += 1
    return total


def warcio_record(data: Path, name: str, offset: int):
    """The warcio record at `offset` of a WARC file, with its payload as stored (still
    content-encoded: never inflate a bomb in the test process)."""
    with open(data / "warcs" / name, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        return record, record.raw_stream.read()

