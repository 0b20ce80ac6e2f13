"""The assessment-change engine over a large archive (a benchmark, not a test).

    .venv/bin/python bench/diff.py [--reports 120] [--allegations 300]

Builds a synthetic archive of monthly civilian-casualty reports, each listing N
allegations, on inherentresolve.mil's page template: every report is a real page stored
through the crawl's path (`crawler.reading.extract.extract`, `Store.record_page`, the
`civcas_report` handler `crawler.tables.civcas.store_report`, which keys allegations and
records changes as each report arrives). A fifth of each report's entries are earlier
allegations assessed again (non-credible -> credible with a death toll, or reopened), the
rest are new.

Then it times a full re-diff: every `assessment_changes` row (and its notifications)
deleted and the history worked out again from the stored allegations (`record_changes`
rebuilds it along the publication order, whatever report it is called for), and checks
that it gives the very changes recorded as the reports arrived (each of which joined the
end of the timeline, so each was diffed alone).

Baseline, measured in the same run: one pass over every allegation row, in report order,
comparing each with the last state of its key in a dict: the least work any engine could
do to find the same allegation changes (it writes nothing). Its count of changed fields
must equal the engine's. Target (issue 9): a full re-diff under 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from archive.store import Store  # noqa: E402
from crawler.tables.civcas import FIELDS, record_changes  # noqa: E402
from crawler.reading.extract import extract  # noqa: E402
from crawler.places.gazetteer import places  # noqa: E402
from crawler.items import PageItem  # noqa: E402
from crawler.pipelines.store import store_page  # noqa: E402
from crawler.replicas import civcas as replica  # noqa: E402
from crawler.replicas.common import MONTHS, slugify  # noqa: E402
from crawler.replicas.dod import IR, NEWS, render_blocks  # noqa: E402
from crawler.replicas.dodchrome import ir_modern  # noqa: E402

TARGET_S = 5.0
SOURCES = ("media", "social media", "Airwars", "self-report")
REASONS = ("no_strikes_in_area", "insufficient_evidence", "insufficient_info_time_location")


def _months(n: int) -> list[dt.date]:
    return [dt.date(2015 + m // 12, 1 + m % 12, 1) for m in range(n)]


def archive_reports(count: int, per_report: int, seed: int = 9) -> list[tuple[str, str, str]]:
    """(url, published, html) of `count` monthly reports of `per_report` allegations."""
    rnd = random.Random(seed)
    towns = [p for p in places() if p.country in ("Iraq", "Syria")]
    seen: list[dict] = []  # every allegation listed so far, to be assessed again
    out = []
    for number, month in enumerate(_months(count)):
        again = rnd.sample(seen, min(len(seen), per_report // 5))
        taken = {(a["allegation_date"], a["location"]) for a in again}
        listed = [dict(a, assessment="credible", civilians_killed=rnd.randint(1, 19),
                       flags=[]) if a["assessment"] != "credible" else
                  dict(a, assessment="reopened") for a in again]
        while len(listed) < per_report:
            town = rnd.choice(towns)
            day = month - dt.timedelta(days=rnd.randint(1, 60))
            a = {"allegation_date": day.isoformat(), "location": f"near {town.name}",
                 "country": town.country, "reporting_source": rnd.choice(SOURCES),
                 "assessment": "non_credible", "reason_category": rnd.choice(REASONS)}
            if (a["allegation_date"], a["location"]) not in taken:
                taken.add((a["allegation_date"], a["location"]))
                listed.append(a)
        seen.extend(a for a in listed if a not in again)
        credible = [a for a in listed if a["assessment"] == "credible"]
        others = [a for a in listed if a["assessment"] != "credible"]
        name = MONTHS[month.month - 1]
        published = (month + dt.timedelta(days=35)).replace(day=3).isoformat()
        blocks = [
            ("p", f"In the month of {name}, CJTF-OIR carried over {200 + number} open reports and "
                  f"received {len(listed)} new reports. The assessment of {len(listed)} reports "
                  f"has been completed. Out of the {len(listed)} completed civilian casualty "
                  f"allegation reports, {len(credible)} reports were assessed to be credible. "
                  f"The remaining {len(others)} reports were assessed to be non-credible."),
            ("p", f"The Coalition conducted a total of {30000 + 50 * number:,} strikes between "
                  f"August 2014 and end of {name} {month.year}. During this period, CJTF-OIR "
                  f"assesses at least {1000 + 3 * number} civilians have been unintentionally "
                  "killed by Coalition strikes since the beginning of Operation Inherent Resolve."),
            # entries written as the replica world writes them (crawler/replicas/civcas.py)
            ("h3", "Credible Reports —"),
            ("ol", [(i + 1, replica._entry(a, True)) for i, a in enumerate(credible)]),
            ("h3", "Non-Credible Reports —"),
            ("ol", [(i + 1, replica._entry(a, True)) for i, a in enumerate(others)]),
        ]
        title = f"CJTF-OIR Monthly Civilian Casualty Report {name} {month.year}"
        url = f"{IR}{NEWS}Article/{3000000 + number}/{slugify(title)}/"
        out.append((url, published, ir_modern(title, published, render_blocks(blocks), url)))
    return out


def build(store: Store, reports: list[tuple[str, str, str]]) -> None:
    for number, (url, _published, html) in enumerate(reports):
        body = html.encode()
        page, _ = extract(body, "text/html; charset=utf-8", url)
        item = PageItem("cjtf-civcas", "civcas_report", url, None, 200,
                        "text/html; charset=utf-8", body)
        _recorded, written = store_page(store, item, page)
        if written is None:
            raise SystemExit(f"report {number} was not read: see parse_failures")


def full_rediff(store: Store) -> int:
    """Every assessment change (and its notifications) deleted, then the whole history
    worked out again from the stored allegations: one `record_changes`, which rebuilds the
    history along the publication order whatever report it is called for."""
    db = store.db
    with db.conn:
        db.execute("DELETE FROM notifications WHERE change_kind = 'assessment_change'")
        db.execute("DELETE FROM assessment_changes")
    newest = db.execute("SELECT MAX(id) FROM civcas_reports").fetchone()[0]
    with db.conn:
        return record_changes(store, newest)


def _changes(db) -> list[tuple]:
    """Every recorded change (not its id or time), in the order it was recorded."""
    return db.execute("SELECT allegation_key, from_report_id, to_report_id, field, old_value,"
                      " new_value FROM assessment_changes ORDER BY id").fetchall()


def one_pass(store: Store) -> int:
    """The baseline: each allegation against the last state of its key, one read."""
    last: dict[str, tuple] = {}
    changed = 0
    columns = ", ".join(f"a.[{f}]" for f in FIELDS)
    for key, *values in store.db.execute(
            f"SELECT a.allegation_key, {columns} FROM allegations a JOIN civcas_reports r"
            " ON r.id = a.report_id ORDER BY r.published, r.id, a.id"):
        before = last.get(key)
        if before is not None:
            changed += sum(old != new for old, new in zip(before, values, strict=True))
        last[key] = tuple(values)
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=120)
    parser.add_argument("--allegations", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="civcas-bench-") as tmp:
        store = Store.open(Path(tmp), channels=("bench",))
        reports = archive_reports(args.reports, args.allegations)
        started = time.perf_counter()
        build(store, reports)
        stored = time.perf_counter() - started
        db = store.db
        count = db.execute("SELECT COUNT(*) FROM allegations").fetchone()[0]
        arrived = _changes(db)
        first = len(arrived)
        print(f"{args.reports} reports, {count} allegations stored in {stored:.1f}s"
              f" (extraction, parsing and changes as each report arrived: {first} changes)")

        started, cpu = time.perf_counter(), time.process_time()
        written = full_rediff(store)
        rediff, rediff_cpu = time.perf_counter() - started, time.process_time() - cpu
        fields = db.execute("SELECT COUNT(*) FROM assessment_changes WHERE allegation_key IS NOT"
                            f" NULL AND field IN ({','.join('?' * len(FIELDS))})",
                            list(FIELDS)).fetchone()[0]
        print(f"  full re-diff   {rediff:7.2f}s  {written} changes ({fields} of allegation fields);"
              f" {rediff_cpu:.2f}s of CPU in this process")
        started = time.perf_counter()
        baseline = one_pass(store)
        once = time.perf_counter() - started
        print(f"  one-pass scan  {once:7.2f}s  {baseline} changed allegation fields (baseline)")
        if baseline != fields:
            print(f"  MISMATCH: the engine found {fields} allegation changes, the scan {baseline}")
        if written != first or _changes(db) != arrived:
            print(f"  MISMATCH: the re-diff wrote {written} changes, the arrivals {first},"
                  " or not the same ones in the same order")
        store.close()
    print(f"re-diff / one-pass scan = {rediff / once:.1f}")
    print(f"target: full re-diff under {TARGET_S:.0f} s: "
          f"{'meets' if rediff < TARGET_S else 'misses'} ({rediff:.2f} s)")


if __name__ == "__main__":
    main()
