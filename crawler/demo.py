"""`civcas demo`: the whole pipeline on the bundled replica sites, in two rounds.

Round 1 is the world as first seen; round 2 adds a report, edits a page in place and
removes another, so the second crawl shows change detection. Each crawl runs in its own
process, as scheduled crawls do (Scrapy's reactor cannot be restarted in one process).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from archive.store import Store
from crawler.report import table


def _crawl(data_dir: Path, mirrors: dict[str, str], config_file: Path | None) -> int:
    # Round 2 comes seconds after round 1, not days: every known page is asked for again
    # (`--recheck all`) instead of waiting for the recheck cadence, so removals are seen.
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--all", "--delay", "0", "--recheck", "all"]
    cmd += ["--data-dir", str(data_dir)]
    if config_file:
        cmd += ["--config", str(config_file)]
    for origin, base in mirrors.items():
        cmd += ["--mirror", f"{origin}={base}"]
    return subprocess.run(cmd, check=False).returncode


def _tool(name: str) -> str:
    """A command as the user can type it: bare if on PATH, else beside this Python."""
    return name if shutil.which(name) else str(Path(sys.executable).parent / name)


def _report(data_dir: Path, first_new_run: int) -> str:
    store = Store.open(data_dir)
    db = store.db
    per_source = [
        [r["source"], r["documents"], r["versions"], r["gone"]]
        for r in db.query(
            """
            SELECT d.source, COUNT(DISTINCT d.id) AS documents, COUNT(v.id) AS versions,
                   COUNT(DISTINCT CASE WHEN d.status = 'gone' THEN d.id END) AS gone
            FROM documents d LEFT JOIN versions v ON v.document_id = d.id
            GROUP BY d.source ORDER BY d.source
            """
        )
    ]
    changes = list(store.changes())
    new_in_round_2 = [
        r["url"]
        for r in db.query(
            """
            SELECT d.url FROM documents d
            JOIN versions v ON v.document_id = d.id
            JOIN captures c ON c.id = v.capture_id
            WHERE v.id = (SELECT MIN(id) FROM versions WHERE document_id = d.id)
              AND c.run_id >= ?
            """,
            [first_new_run],
        )
    ]
    revisits = db.execute(
        "SELECT COUNT(*) FROM captures WHERE record_type = 'revisit'"
    ).fetchone()[0]
    warcs = sorted((data_dir / "warcs").glob("*.warc.gz"))
    size = sum(p.stat().st_size for p in warcs)
    lines = [
        "",
        "What civcas found",
        "=================",
        table(["source", "documents", "versions", "gone"], per_source),
        "",
        f"Captures: {store.count('captures')} ({revisits} of them revisits of unchanged payloads)",
        f"Fetch errors: {store.count('fetch_errors')}",
        f"New documents in round 2: {len(new_in_round_2)}",
        *(f"  new      {url}" for url in new_in_round_2),
        f"Changes found in round 2: {len(changes)}",
    ]
    for c in changes:
        lines.append(f"  {c['kind']:8} {c['url']}")
        diff_lines = [
            line for line in c["diff"].splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        lines.extend(f"           {line}" for line in diff_lines[:6])
    lines += _tables_found(store, first_new_run)
    lines += [
        "",
        f"Store:  {data_dir / Store.FILENAME}",
        f"WARCs:  {data_dir / 'warcs'} ({len(warcs)} files, {size / 1e6:.1f} MB)",
        "",
        "Try next:",
        f"  {_tool('civcas')} changes --data-dir {data_dir}",
        f"  {_tool('civcas')} verify --data-dir {data_dir}",
        f"  {_tool('civcas')} events --min-sides 3 --format json --data-dir {data_dir}",
        f"  {_tool('sqlite-utils')} {data_dir / Store.FILENAME} \"SELECT url, title FROM documents\"",
        f"  {_tool('sqlite-utils')} {data_dir / Store.FILENAME} \"SELECT d.url FROM versions_fts f"
        " JOIN versions v ON v.id = f.rowid JOIN documents d ON d.id = v.document_id"
        " WHERE versions_fts MATCH 'Hajin'\"",
        f"  {_tool('civcas')} replicas   # serve the replicas and crawl them yourself",
    ]
    store.close()
    return "\n".join(lines)


TABLES_READ = (
    ("strikes", "strike lines from coalition releases"),
    ("allegations", "allegations in monthly civilian-casualty reports"),
    ("claims", "casualty claims by monitors and outlets"),
    ("incidents", "Airwars incidents"),
    ("statements", "coalition statements on particular strikes"),
    ("events", "events: every side's accounts of one strike (civcas events)"),
    ("parse_failures", "pages whose tables could not be read"),
)


def _tables_found(store: Store, first_new_run: int) -> list[str]:
    """What the parsers read into tables, and the assessment changes of round 2 in words."""
    from crawler.changes.feed import collect, describe

    lines = ["", "Read into tables:"]
    lines += [f"  {store.count(t):6}  {what}" for t, what in TABLES_READ if t in store.db.table_names()]
    from crawler.tables.checks import by_source

    bad = sum(mismatched for _, mismatched in by_source(store.db).values())
    lines.append(f"  {bad:6}  parsed pages whose rows do not reconcile with the figures they print"
                 " (parse_checks)")
    started = store.db.execute(
        "SELECT MIN(started_at) FROM crawl_runs WHERE id >= ?", [first_new_run]
    ).fetchone()[0]
    assessed = [c for c in collect(store, started) if c["type"] == "assessment_change"]
    lines.append(f"Assessment changes in round 2: {len(assessed)}")
    lines += [f"  {describe(c)}" for c in assessed[:8]]
    if len(assessed) > 8:
        lines.append(f"  ... and {len(assessed) - 8} more: civcas changes")
    return lines


def _next_run_id(data_dir: Path) -> int:
    store = Store.open(data_dir)
    last = store.db.execute("SELECT COALESCE(MAX(id), 0) FROM crawl_runs").fetchone()[0]
    store.close()
    return last + 1


def run_demo(data_root: Path, config_file: Path | None, *, port: int, keep_serving: bool,
             fresh_folder: bool = True) -> int:
    from crawler.replicas.server import ReplicaServer

    # A fresh folder per demo unless one was named: nothing from an earlier run is touched.
    data_dir = Path(data_root)
    if fresh_folder:
        data_dir = data_dir / f"demo-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    server = ReplicaServer(round=1, port=port).start()
    try:
        print(f"Replica sites serving on {server.base_url}", flush=True)
        print("\nRound 1: first crawl of every source", flush=True)
        first = _crawl(data_dir, server.source_mirrors(), config_file)
        first_new_run = _next_run_id(data_dir)
        server.set_round(2)
        print("\nRound 2: the sites changed (a new report, an edit, a removal); crawl again",
              flush=True)
        second = _crawl(data_dir, server.source_mirrors(), config_file)
        print(_report(data_dir, first_new_run))
        if keep_serving:
            print(f"\nReplicas still serving on {server.base_url}; Ctrl-C to stop.")
            server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 1 if first or second else 0
