"""Check that the WARC files and the store agree (pure Python; never imports scrapy).

``verify_store(data_dir)`` does four things and returns a ``VerifyReport``:

0. SQLite's own ``PRAGMA integrity_check`` and ``foreign_key_check`` on the store (a
   damaged page or a dangling reference is a problem). The store is opened read-only,
   ``immutable`` on read-only media, so a write-protected copy can be audited.

1. Every ``DATA/warcs/*.warc.gz`` goes through ``archive.reader.verify_warc``: every
   gzip member is decompressed, every record parsed (by warcio) and its block and
   payload digests re-computed against the declared ones.
2. Every ``captures`` row is checked against the record it names: the file exists, the
   gzip member at ``warc_offset``/``warc_length`` decompresses and parses, its
   ``WARC-Record-ID``, ``WARC-Type``, ``WARC-Date`` (= ``fetched_at``) and
   ``WARC-Target-URI`` (= ``fetched_url``) are the row's, and its payload digest equals
   ``payload_digest`` (re-computed from the payload for ``response`` and ``resource``
   records; for a ``revisit``, which holds no payload, the declared
   ``WARC-Payload-Digest``).  A revisit row's ``revisit_of`` must name a ``response``
   capture with the same payload digest (and, when the revisit says ``WARC-Refers-To``,
   that capture's record id).
3. Orphans: ``response``, ``revisit`` and ``resource`` records that no ``captures`` row
   points at.  ``warcinfo`` and ``request`` records are never orphans.

What a killed crawl leaves behind, and why it is a warning
-----------------------------------------------------------
The capture middleware writes the WARC records of an exchange (flushed), *then* inserts
the ``captures`` row.  A process killed (SIGKILL, power loss) at any moment can leave:

* a file cut inside its last gzip member, and/or
* complete records at the end of a file that no row points at (killed between the
  WARC write and the database insert).

Neither damages evidence: every record a row points at is complete and was written
before its row.  So a cut tail, and orphans after the last record any row points at in
that file, are **warnings** — provided no row points into the cut part (that is a
failure), and the file's run never finished (its ``crawl_runs`` rows are still
``running``, or no row points into the file at all and some run was left ``running``).  A run that finished closed its
writer after its last insert, so an orphan in one of its files, or anywhere before a
record a row points at, is a **failure**: the store lost a row, or a record was added
behind the crawler's back.  The writer never appends to an existing file, so the
following crawl starts a new file and the cut one stays as it is.

Problems are failures; ``verify`` exits 1 when there is any.  Warnings are printed but
do not change the exit status.
"""
from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .reader import TruncatedWarc, WarcFormatError, iter_records, read_record, rehash, verify_warc
from .runlock import abandoned_runs
from .storefile import StoreFileError, connect_read_only

STORE_FILENAME = "civcas.db"
CAPTURED_TYPES = ("response", "revisit", "resource")
UNFINISHED = "running"
# Runs closed by someone other than their writer: a forced stop, or a distributed job
# whose Redis went away (a worker's last captures never reached the store). Their
# writers, like a killed one's, may have written records after the last stored row.
CUT_SHORT = ("killed", "redis_lost")


@dataclass
class VerifyReport:
    files: int = 0
    records: int = 0
    captures: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        verdict = "OK" if self.ok else "FAILED"
        return (
            f"{verdict}: {self.files} WARC files, {self.records} records re-hashed, "
            f"{self.captures} captures checked; {len(self.problems)} problems, "
            f"{len(self.warnings)} warnings"
        )


@dataclass
class _FileScan:
    """What one pass over a WARC file found: its records and where it was cut, if it was."""

    records: dict[int, tuple[int, str, str]] = field(default_factory=dict)  # offset -> (length, type, id)
    cut_at: int | None = None        # offset of a gzip member cut by the end of the file
    unreadable_at: str | None = None  # why the listing stopped early (corrupt member)


def _scan(path: Path) -> _FileScan:
    scan = _FileScan()
    try:
        for offset, length, record in iter_records(path):
            scan.records[offset] = (length, record.record_type, record.record_id)
    except TruncatedWarc as exc:
        scan.cut_at = exc.offset
    except WarcFormatError as exc:
        scan.unreadable_at = str(exc)
    return scan


def _connect_read_only(db_path: Path) -> sqlite3.Connection:
    conn = connect_read_only(db_path, timeout=30)
    conn.row_factory = sqlite3.Row
    return conn


class _Rows:
    """A connection where runlock expects a store (`store.db.execute`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.db = conn


def _sqlite_problems(conn: sqlite3.Connection) -> list[str]:
    """What SQLite's own checks find: every page and index (integrity_check) and every
    foreign key (foreign_key_check)."""
    problems = []
    try:
        found = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if found != ["ok"]:
            problems += [f"store: integrity_check: {m}." for m in found[:20]]
            if len(found) > 20:
                problems.append(f"store: integrity_check: {len(found) - 20} more problems.")
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall()[:20]:
            problems.append(f"store: {table} row {rowid} names a missing {parent} row "
                            "(foreign_key_check).")
    except sqlite3.DatabaseError as exc:
        problems.append(f"store: SQLite cannot check the database: {exc}.")
    return problems


def verify_store(data_dir: Path | str, *, progress: Callable[[str], None] | None = None
                 ) -> VerifyReport:
    """Re-hash every WARC record and check the store and the WARC files agree."""
    data_dir = Path(data_dir)
    warcs_dir = data_dir / "warcs"
    report = VerifyReport()
    say = progress or (lambda message: None)
    conn = _connect_read_only(data_dir / STORE_FILENAME)
    try:
        report.problems += _sqlite_problems(conn)
        for run_id in abandoned_runs(_Rows(conn), data_dir):
            report.warnings.append(f"run {run_id} was left running by a process that is gone;"
                                   " the next crawl closes it as killed.")
        rows = conn.execute("SELECT * FROM captures ORDER BY id").fetchall()
        run_status = {r["id"]: UNFINISHED if r["close_reason"] in CUT_SHORT else r["status"]
                      for r in conn.execute("SELECT id, status, close_reason FROM crawl_runs")}
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"store: the captures and runs cannot be read: {exc}.")
        return report
    finally:
        conn.close()
    by_id = {row["id"]: row for row in rows}
    rows_by_file: dict[str, list[sqlite3.Row]] = {}
    for row in rows:
        rows_by_file.setdefault(row["warc_file"], []).append(row)

    # 1. Every WARC file, every record re-hashed; the cut tail of a killed writer noted.
    paths = sorted(warcs_dir.glob("*.warc.gz")) if warcs_dir.is_dir() else []
    scans: dict[str, _FileScan] = {}
    started = time.monotonic()
    for index, path in enumerate(paths, 1):
        say(f"[{index}/{len(paths)}] {path.name}")
        scan = _scan(path)
        scans[path.name] = scan
        report.files += 1
        report.records += len(scan.records)
        file_rows = rows_by_file.get(path.name, [])
        for problem in verify_warc(path):
            if scan.cut_at is not None and "truncated gzip member" in problem and \
                    f"offset {scan.cut_at}:" in problem:
                continue  # judged below, with the rows that point into the file
            report.problems.append(f"{problem}.")
        if scan.cut_at is not None:
            into_cut = [r["id"] for r in file_rows if r["warc_offset"] + r["warc_length"] > scan.cut_at]
            if into_cut:
                report.problems.append(
                    f"{path.name}: offset {scan.cut_at}: the file ends inside a gzip member, "
                    f"and captures {_ids(into_cut)} point into the cut part."
                )
            else:
                report.warnings.append(
                    f"{path.name}: offset {scan.cut_at}: the file ends inside a gzip member "
                    f"(a writer killed mid-record); no capture points into it."
                )
    if paths:
        say(f"re-hashed {report.records} records in {len(paths)} files "
            f"in {time.monotonic() - started:.1f}s")

    # 2. Every captures row against the record it names.
    for row in rows:
        report.captures += 1
        mismatch = _check_capture(warcs_dir, row, by_id, scans)
        if mismatch:
            report.problems.append(f"capture {row['id']} ({row['warc_file']} offset "
                                   f"{row['warc_offset']}): {mismatch}.")

    # 3. Orphans: captured-type records no row points at.
    for name, scan in scans.items():
        file_rows = rows_by_file.get(name, [])
        pointed = {r["warc_offset"] for r in file_rows}
        last_pointed = max(pointed, default=-1)
        if file_rows:
            unfinished = all(run_status.get(r["run_id"]) == UNFINISHED for r in file_rows)
        else:  # a writer killed before its first insert, if any run was left running
            unfinished = UNFINISHED in run_status.values()
        for offset, (_length, rtype, rid) in sorted(scan.records.items()):
            if rtype not in CAPTURED_TYPES or offset in pointed:
                continue
            if offset > last_pointed and unfinished:
                report.warnings.append(
                    f"{name}: offset {offset}: {rtype} record {rid} has no capture row; it "
                    f"follows the last captured record of a run that never finished "
                    f"(killed between the WARC write and the store insert)."
                )
            else:
                report.problems.append(
                    f"{name}: offset {offset}: orphan {rtype} record {rid}: no capture row "
                    f"points at it."
                )
        if scan.unreadable_at:
            report.warnings.append(
                f"{name}: records after a corrupt member could not be listed, so orphans "
                f"there were not looked for ({scan.unreadable_at})."
            )
    return report


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids)


def _check_capture(warcs_dir: Path, row: sqlite3.Row, by_id: dict, scans: dict) -> str | None:
    """One sentence saying what is wrong with a captures row, or None."""
    name = row["warc_file"]
    if not (warcs_dir / name).is_file():
        return f"WARC file {name} does not exist"
    try:
        record = read_record(warcs_dir, name, row["warc_offset"], row["warc_length"])
    except TruncatedWarc as exc:
        return f"the record is cut short: {exc}"
    except (WarcFormatError, ValueError, OSError) as exc:
        return f"no readable record there: {exc}"
    if record.record_id != row["warc_record_id"]:
        return f"the record there is {record.record_id}, not {row['warc_record_id']}"
    if record.record_type != row["record_type"]:
        return f"the record there is a {record.record_type}, not a {row['record_type']}"
    if record.date != row["fetched_at"]:
        return f"WARC-Date {record.date} differs from fetched_at {row['fetched_at']}"
    if record.target_uri != row["fetched_url"]:
        return f"WARC-Target-URI {record.target_uri} differs from fetched_url {row['fetched_url']}"
    if row["record_type"] == "revisit":
        digest = record.header("WARC-Payload-Digest")
        if digest != row["payload_digest"]:
            return (f"the revisit declares payload digest {digest}, the row says "
                    f"{row['payload_digest']}")
        return _check_revisit_target(row, record, by_id)
    digest = rehash(record).payload
    if digest != row["payload_digest"]:
        return f"the payload hashes to {digest}, the row says {row['payload_digest']}"
    if row["revisit_of"] is not None:
        return f"a {row['record_type']} capture has revisit_of {row['revisit_of']}"
    return None


def _check_revisit_target(row: sqlite3.Row, record, by_id: dict) -> str | None:
    target_id = row["revisit_of"]
    if target_id is None:
        return "a revisit capture has no revisit_of"
    target = by_id.get(target_id)
    if target is None:
        return f"revisit_of {target_id} names no capture"
    if target["record_type"] != "response":
        return f"revisit_of {target_id} is a {target['record_type']}, not a response"
    if target["payload_digest"] != row["payload_digest"]:
        return (f"revisit_of {target_id} has payload digest {target['payload_digest']}, "
                f"not {row['payload_digest']}")
    refers_to = record.header("WARC-Refers-To")
    if refers_to is not None and refers_to != target["warc_record_id"]:
        return (f"WARC-Refers-To {refers_to} is not capture {target_id}'s record "
                f"{target['warc_record_id']}")
    return None


def run_verify(data_dir: Path | str) -> int:
    """The `civcas verify` command: print the summary, then every problem and warning;
    return 0 when clean, 1 on any problem, 2 when there is no store."""
    data_dir = Path(data_dir)
    if not (data_dir / STORE_FILENAME).is_file():
        print(f"Error: no civcas store in {data_dir} (run `civcas crawl` first)", file=sys.stderr)
        return 2
    # Progress on stderr, as reextract and export-wacz give it: a long run piped to a log
    # shows how far it got; the report itself is on stdout.
    def progress(message: str) -> None:
        print(f"verify: {message}", file=sys.stderr, flush=True)

    try:
        report = verify_store(data_dir, progress=progress)
    except StoreFileError as exc:
        print(f"FAILED: {exc}")
        return 1
    print(report.summary())
    for problem in report.problems:
        print(f"FAIL {problem}")
    for warning in report.warnings:
        print(f"WARN {warning}")
    return 0 if report.ok else 1
