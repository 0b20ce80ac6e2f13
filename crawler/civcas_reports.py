"""Monthly civilian-casualty reports into the store: rows, identities, changes.

`store_report` is the `civcas_report` handler of `crawler.structured`. For one stored
version it writes the `civcas_reports` row and its `allegations`, gives every allegation
its `allegation_key`, marks copies published elsewhere as alternates of the original,
and records `assessment_changes` (queuing a notification for each) in one transaction.

Identity (`allegation_key`) is "date|place|country": the allegation's first known date
(a date correction "previously incorrectly released as Feb. 2, 2016" keeps the key of the
date first printed), the place through the gazetteer (so "al Shaddadi" and "Al Shadadi"
meet), and the country. A later entry with the same identity is the same allegation
(reassessed, reopened); an entry that is only possibly the same (same date and place but
another country, or an unknown place) gets its own key and an `allegation_candidates`
row instead of a guess. A duplicate keeps its own key and points at the earlier
allegation in `duplicate_of`.

Changes compare a report with the latest earlier state of each allegation among the
current versions of original reports (or with the previous version of the same page when
a report is edited in place), and with the next later report when reports arrive out of
order, so a crawl of the back catalogue newest-first still yields the whole history.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from urllib.parse import urlsplit

from archive.outbox import enqueue
from archive.store import Store, utc_now
from crawler.gazetteer import name_key
from crawler.parsers.civcas import Allegation, Report, html_text, parse_report

# Where the originals appear, best first; any other host carries copies.
ORIGINAL_HOSTS = ("www.inherentresolve.mil", "www.centcom.mil", "www.defense.gov")
# Allegation fields compared across reports (the printed location, item number and
# reason wording change with every list and are not assessments).
FIELDS = ("assessment", "allegation_date", "civilians_killed", "civilians_injured",
          "reporting_source", "reason_category", "country", "place")
CUMULATIVE = ("cumulative_strikes", "cumulative_engagements", "cumulative_reports_received",
              "cumulative_credible_reports", "cumulative_civilian_deaths")
FIGURES = ("carried_over", "received_new", "assessed_previously_received", "completed", "credible",
           "non_credible", "duplicate", "still_open", "reopened", "deaths_this_report",
           "injured_this_report") + CUMULATIVE
# Figures compared to decide that two pages are the same report.
SAME_REPORT = ("received_new", "completed", "credible", "non_credible", "still_open",
               "cumulative_civilian_deaths", "cumulative_strikes")


def report_text(page) -> str:
    ctype = (page.content_type or "").lower()
    if "html" in ctype or page.body[:200].lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return html_text(page.body)
    return page.text


def store_report(store: Store, page) -> int:
    """The `civcas_report` handler: replace the rows of `page.version_id`."""
    report = parse_report(report_text(page), title=page.title, published=page.published)
    with store.db.conn:
        report_id = _write_report(store.db, page, report)
        _group_alternates(store.db, report_id)
        written = 1
        for allegation in _keyed(store.db, report_id, report.allegations):
            written += 1
            _insert_allegation(store.db, report_id, allegation)
        row = _report(store.db, report_id)
        # Copies on other sites are kept and linked, but only originals are compared.
        if row["alternate_of"] is None and _host_rank(page.url) < len(ORIGINAL_HOSTS):
            record_changes(store, report_id)
    return written


# -- rows ---------------------------------------------------------------------------------

def _write_report(db, page, report: Report) -> int:
    values = {k: v for k, v in asdict(report).items() if k != "allegations"}
    values["cumulative_strikes_marked"] = int(values["cumulative_strikes_marked"])
    values.update(document_id=page.document_id, version_id=page.version_id)
    old = db.execute("SELECT id FROM civcas_reports WHERE version_id = ?", [page.version_id]).fetchone()
    if old:  # re-extraction: keep the id the recorded changes point at
        db.execute("DELETE FROM allegations WHERE report_id = ?", [old[0]])
        db["civcas_reports"].update(old[0], values)
        return old[0]
    return db["civcas_reports"].insert(values).last_pk


def _report(db, report_id: int) -> dict:
    return db["civcas_reports"].get(report_id)


def _host_rank(url: str) -> int:
    host = urlsplit(url).hostname or ""
    return ORIGINAL_HOSTS.index(host) if host in ORIGINAL_HOSTS else len(ORIGINAL_HOSTS)


def _current_reports_sql(extra: str = "") -> str:
    return ("SELECT r.*, d.url AS url FROM civcas_reports r JOIN documents d ON d.id = r.document_id "
            "WHERE r.version_id = d.current_version_id " + extra)


def _same_report(a: dict, b: dict) -> bool:
    if not a["month_covered"] or a["month_covered"] != b["month_covered"]:
        return False
    shared = [f for f in SAME_REPORT if a[f] is not None and b[f] is not None]
    return len(shared) >= 2 and all(a[f] == b[f] for f in shared)


def _group_alternates(db, report_id: int) -> None:
    """The best-placed page of a report is the original; the others are its alternates."""
    me = next(db.query("SELECT r.*, d.url AS url FROM civcas_reports r JOIN documents d "
                       "ON d.id = r.document_id WHERE r.id = ?", [report_id]))
    group = [me] + [r for r in db.query(_current_reports_sql("AND r.month_covered = ?"),
                                        [me["month_covered"]])
                    if r["id"] != report_id and _same_report(me, r)]
    best = min(group, key=lambda r: (_host_rank(r["url"]), r["published"] or "", r["id"]))
    for r in group:
        db["civcas_reports"].update(r["id"], {"alternate_of": None if r is best else best["id"]})


# -- identity -----------------------------------------------------------------------------

def place_key(place: str | None, location: str | None) -> str | None:
    """The normalised place: the gazetteer's name, else the printed location without
    'near'/'in'/'Province'."""
    if place:
        return name_key(place)
    if not location:
        return None
    text = re.sub(r"\b(?:near|in|outside|west|east|north|south|of|province|area|city)\b", " ",
                  location, flags=re.I)
    return name_key(text) or None


def make_key(date: str | None, pkey: str | None, country: str | None) -> str:
    return f"{date or '?'}|{pkey or '?'}|{country or '?'}"


def _existing_key(db, date, pkey, country, me: dict) -> str | None:
    """The key of the same allegation in an earlier report (or an earlier version of this
    page), so that links do not depend on what was stored after."""
    row = db.execute(
        "SELECT a.allegation_key FROM allegations a JOIN civcas_reports r ON r.id = a.report_id "
        "WHERE a.allegation_date = ? AND a.place_key = ? AND a.country IS ? AND r.id != ? "
        "AND (r.published < ? OR r.document_id = ?) ORDER BY r.published, a.id LIMIT 1",
        [date, pkey, country, me["id"], me["published"] or "", me["document_id"]],
    ).fetchone()
    return row[0] if row else None


def _keyed(db, report_id: int, allegations: list[Allegation]):
    me = _report(db, report_id)
    used: dict[str, int] = {}
    for a in allegations:
        pkey = place_key(a.place, a.location)
        link = "new"
        if a.corrected_from_date:
            key = (_existing_key(db, a.corrected_from_date, pkey, a.country, me)
                   or make_key(a.corrected_from_date, pkey, a.country))
            link = "date_correction"
        else:
            key = _existing_key(db, a.allegation_date, pkey, a.country, me)
            if key is not None:
                link = "same"
            else:
                key = make_key(a.allegation_date, pkey, a.country)
        duplicate_of = None
        if a.duplicate_of_date:
            dkey = place_key(None, a.duplicate_of_place) if a.duplicate_of_place else None
            dcountry = a.duplicate_of_country or a.country
            duplicate_of = (_existing_key(db, a.duplicate_of_date, dkey, dcountry, me)
                            or make_key(a.duplicate_of_date, dkey, dcountry))
        used[key] = used.get(key, 0) + 1
        if used[key] > 1:  # two entries of one list with the same date and place
            key = f"{key}#{used[key]}"
        yield {**asdict(a), "allegation_key": key, "place_key": pkey, "link": link,
               "duplicate_of": duplicate_of}


def _insert_allegation(db, report_id: int, row: dict) -> None:
    values = {k: row[k] for k in (
        "item", "allegation_date", "location", "place", "country", "reporting_source", "assessment",
        "reason_category", "reason_text", "civilians_killed", "civilians_injured",
        "corrected_from_date", "corrected_from_report", "duplicate_of", "duplicate_of_text",
        "allegation_key", "place_key", "link")}
    values["report_id"] = report_id
    allegation_id = db["allegations"].insert(values).last_pk
    # A possible link that is not certain: same date and place, another (or no) country.
    if row["allegation_date"] is None:
        return
    rows = db.execute(
        "SELECT DISTINCT allegation_key, place_key, country FROM allegations "
        "WHERE allegation_date = ? AND report_id != ? AND allegation_key != ?",
        [row["allegation_date"], report_id, row["allegation_key"]],
    ).fetchall()
    for key, pkey, country in rows:
        if pkey is None or pkey != row["place_key"] or country == row["country"]:
            continue
        reason = f"same date and place, country printed as {country or 'nothing'}"
        db["allegation_candidates"].insert(
            {"allegation_id": allegation_id, "candidate_key": key, "reason": reason})


# -- changes ------------------------------------------------------------------------------

def _primary_reports(db) -> list[dict]:
    return [r for r in db.query(_current_reports_sql("AND r.alternate_of IS NULL"))
            if _host_rank(r["url"]) < len(ORIGINAL_HOSTS)]


def _order(r: dict) -> tuple:
    return (r["published"] or "", r["id"])


def _allegations(db, report_id: int) -> dict[str, dict]:
    rows = db.query("SELECT * FROM allegations WHERE report_id = ? ORDER BY id", [report_id])
    return {row["allegation_key"]: row for row in rows}


class _States:
    """The other reports' allegations that a report is compared with: only those sharing
    one of its keys (or the key it is a duplicate of), read through the key index rather
    than every allegation of every report, so a full re-diff stays linear in the archive.

    `earlier` is oldest first (an edited page's previous version last: the state just
    before); `later` oldest first. A report's rows are keyed by `allegation_key`."""

    def __init__(self, db, mine: dict[str, dict], earlier: list[dict], later: list[dict]):
        self._before = {r["id"]: i for i, r in enumerate(earlier)}
        self._after = {r["id"]: i for i, r in enumerate(later)}
        self._mine = mine
        keys = sorted(set(mine) | {a["duplicate_of"] for a in mine.values() if a["duplicate_of"]})
        self._held: dict[str, dict[int, dict]] = {}
        self._later_duplicates: list[dict] = []
        for chunk in range(0, len(keys), 500):  # SQLite's limit on bound parameters
            part = keys[chunk:chunk + 500]
            marks = ",".join("?" * len(part))
            for row in db.query(f"SELECT * FROM allegations WHERE allegation_key IN ({marks})"
                                " ORDER BY id", part):
                if row["report_id"] in self._before or row["report_id"] in self._after:
                    self._held.setdefault(row["allegation_key"], {})[row["report_id"]] = row
            if later:
                self._later_duplicates += [
                    row for row in db.query(f"SELECT * FROM allegations WHERE duplicate_of IN"
                                            f" ({marks}) ORDER BY id", part)
                    if row["report_id"] in self._after]

    def latest_before(self, key: str) -> dict | None:
        held = [rid for rid in self._held.get(key, ()) if rid in self._before]
        return self._held[key][max(held, key=self._before.__getitem__)] if held else None

    def first_after(self, key: str) -> dict | None:
        held = [rid for rid in self._held.get(key, ()) if rid in self._after]
        return self._held[key][min(held, key=self._after.__getitem__)] if held else None

    def later_duplicates_of(self) -> list[dict]:
        """Allegations of later reports closed as duplicates of one of this report's, in
        report order."""
        rows = [r for r in self._later_duplicates if r["duplicate_of"] in self._mine]
        return sorted(rows, key=lambda r: (self._after[r["report_id"]], r["id"]))


def record_changes(store: Store, report_id: int) -> int:
    """Compare report `report_id` with the reports before and after it; return how many
    new `assessment_changes` rows were written (each queued for every watcher)."""
    db = store.db
    me = _report(db, report_id)
    # Detected when the page that showed it was captured (re-extraction gives the same).
    seen = db.execute("SELECT seen_at FROM versions WHERE id = ?", [me["version_id"]]).fetchone()
    at = seen[0] if seen and seen[0] else utc_now()
    mine = _allegations(db, report_id)
    others = [r for r in _primary_reports(db) if r["id"] != report_id]
    previous_version = db.execute(
        "SELECT * FROM civcas_reports WHERE document_id = ? AND id < ? ORDER BY id DESC LIMIT 1",
        [me["document_id"], report_id]).fetchone()
    earlier = sorted((r for r in others if _order(r) < _order(me)), key=_order)
    # Later reports were compared with this page's earlier version already when it was
    # edited in place; otherwise this report may have arrived after them (newest first).
    later = [] if previous_version else sorted((r for r in others if _order(r) > _order(me)), key=_order)
    written = 0
    if previous_version is not None:  # edited in place: the old version is the state before
        earlier.append(_report(db, previous_version[0]))
    states = _States(db, mine, earlier, later)
    # Every change this call may write names this report at one end: those already
    # recorded are read once, not looked up change by change.
    known = set(db.execute(
        "SELECT allegation_key, from_report_id, to_report_id, field, old_value, new_value"
        " FROM assessment_changes WHERE to_report_id = ? OR from_report_id = ?",
        [report_id, report_id]).fetchall())
    for key, new in mine.items():
        before = states.latest_before(key)
        if before is not None:
            written += _diff(store, known, key, before["report_id"], report_id, before, new, at)
        after = states.first_after(key)
        if after is not None:
            written += _diff(store, known, key, report_id, after["report_id"], new, after, at)
    # Duplicates, in both directions: a later entry closed as a duplicate of an earlier one.
    for key, new in mine.items():
        if new["duplicate_of"]:
            orig = states.latest_before(new["duplicate_of"])
            if orig is not None:
                written += _add(store, known, new["duplicate_of"], orig["report_id"], report_id,
                                "duplicate", None, key, at)
    for row in states.later_duplicates_of():
        written += _add(store, known, row["duplicate_of"], report_id, row["report_id"],
                        "duplicate", None, row["allegation_key"], at)
    # The report's own figures: all of them when edited in place, the cumulative ones
    # against the neighbouring reports.
    if previous_version is not None:
        old = _report(db, previous_version[0])
        for f in FIGURES:
            if old[f] != me[f]:
                written += _add(store, known, None, old["id"], report_id, f, old[f], me[f], at)
    else:
        before = earlier[-1] if earlier else None
        after = later[0] if later else None
        for a, b in ((before, me), (me, after)):
            if a is None or b is None:
                continue
            for f in CUMULATIVE:
                if a[f] is not None and b[f] is not None and a[f] != b[f]:
                    written += _add(store, known, None, a["id"], b["id"], f, a[f], b[f], at)
    return written


def _diff(store, known: set, key, from_id, to_id, old: dict, new: dict, at: str) -> int:
    written = 0
    for f in FIELDS:
        if old[f] != new[f]:
            written += _add(store, known, key, from_id, to_id, f, old[f], new[f], at)
    return written


def _add(store, known: set, key, from_id, to_id, field, old, new, at: str) -> int:
    old = None if old is None else str(old)
    new = None if new is None else str(new)
    if (key, from_id, to_id, field, old, new) in known:
        return 0
    known.add((key, from_id, to_id, field, old, new))
    # On the connection itself: sqlite-utils commits a write made outside a transaction
    # it can see, which would make every change (and its notifications) a commit of its
    # own; this way they join the caller's transaction.
    change_id = store.db.conn.execute(
        "INSERT INTO assessment_changes (allegation_key, from_report_id, to_report_id, field,"
        " old_value, new_value, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [key, from_id, to_id, field, old, new, at]).lastrowid
    enqueue(store.db, "assessment_change", change_id, store.channels)
    return 1
