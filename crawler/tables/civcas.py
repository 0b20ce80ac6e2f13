"""Monthly civilian-casualty reports into the store: rows, identities, changes.

`store_report` is the `civcas_report` handler of `crawler.tables`. For one stored
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

Changes are a function of the stored reports and their publication order, not of the
order pages arrived in: after each report the history along the timeline (original
reports by publication date, a page's versions in the order seen) is worked out again
and `assessment_changes` brought to it, keeping the rows (ids, notifications) that still
stand, moving those whose reports changed, and dropping intermediate states that no
longer stand (docs/store.md, `assessment_changes`). `follow_notifications` does the
same for notifications across a rebuild by `civcas reextract`.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from urllib.parse import urlsplit

from archive.outbox import drop_notifications, enqueue, move_notifications
from archive.store import Store, inserted_id, utc_now
from crawler.reading import checks
from crawler.places.gazetteer import name_key
from crawler.parsers import ParseFailure
from crawler.parsers.civcas import Allegation, Report, parse_report
from crawler.tables import checks as parse_checks

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


def store_report(store: Store, page) -> int:
    """The `civcas_report` handler: replace the rows of `page.version_id`."""
    report = parse_report(page.text, title=page.title, published=page.published)
    not_report = not_a_report(report)
    if not_report:  # never a row, so never in the report timeline
        raise ParseFailure(f"not a monthly report: {not_report}")
    text = page.text
    with store.db.conn:
        before = _timeline_ids(store.db)
        report_id = _write_report(store.db, page, report)
        written = 1
        for allegation in _keyed(store.db, report_id, report.allegations):
            written += 1
            _insert_allegation(store.db, report_id, allegation)
        _group_alternates(store.db, report_id)
        # A copy may have displaced an original (or the reverse): unless this report
        # only joined the end of the timeline, the whole history is worked out again;
        # copies never enter it.
        record_changes(store, report_id, timeline_before=before)
    parse_checks.record(store, page, checks.civcas_report, report, text, rows=written,
                        what="report and its allegations")
    return written


def not_a_report(report: Report) -> str | None:
    """Why a parsed page cannot be a `civcas_reports` row, or None. A monthly report
    covers a month and states a count or lists allegations; a release of the pre-monthly
    era (CENTCOM, 2015-16) covers no month but lists several assessed strikes, or (an
    AFCENT investigation) one credible strike with the toll the release states."""
    figures = [f for f in FIGURES if getattr(report, f) is not None]
    if report.month_covered is None:
        if len(report.allegations) >= 2:
            return None
        one_finding = (len(report.allegations) == 1 and report.allegations[0].assessment == "credible"
                       and (report.deaths_this_report is not None or report.injured_this_report is not None))
        if one_finding:
            return None
        return "no month covered (and not a pre-monthly release of assessed strikes)"
    if not figures and not report.allegations:
        return "no count and no allegation list"
    return None


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


def _listed(db, report_id: int) -> list:
    return sorted((r[0] or "", r[1] or "") for r in db.execute(
        "SELECT allegation_date, place_key FROM allegations WHERE report_id = ?", [report_id]))


def _same_report(db, a: dict, b: dict) -> bool:
    if not a["month_covered"]:
        # A pre-monthly release covers no month: the same release lists the same strikes
        # (date and place) under the same publication date.
        return (b["month_covered"] is None and a["published"] is not None
                and a["published"] == b["published"] and bool(_listed(db, a["id"]))
                and _listed(db, a["id"]) == _listed(db, b["id"]))
    if a["month_covered"] != b["month_covered"]:
        return False
    shared = [f for f in SAME_REPORT if a[f] is not None and b[f] is not None]
    return len(shared) >= 2 and all(a[f] == b[f] for f in shared)


def _group_alternates(db, report_id: int) -> None:
    """The best-placed page of a report is the original; the others are its alternates."""
    me = next(db.query("SELECT r.*, d.url AS url FROM civcas_reports r JOIN documents d "
                       "ON d.id = r.document_id WHERE r.id = ?", [report_id]))
    group = [me] + [r for r in db.query(_current_reports_sql("AND r.month_covered IS ?"),
                                        [me["month_covered"]])
                    if r["id"] != report_id and _same_report(db, me, r)]
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
        key: str | None
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
    # Both ways, once per allegation and key, so the rows do not depend on which report
    # was stored first.
    rows = db.execute(
        "SELECT id, allegation_key, place_key, country FROM allegations "
        "WHERE allegation_date = ? AND report_id != ? AND allegation_key != ? ORDER BY id",
        [row["allegation_date"], report_id, row["allegation_key"]],
    ).fetchall()
    for other_id, key, pkey, country in rows:
        if pkey is None or pkey != row["place_key"] or country == row["country"]:
            continue
        _candidate(db, allegation_id, key, country)
        _candidate(db, other_id, row["allegation_key"], row["country"])


def _candidate(db, allegation_id: int, key: str, country: str | None) -> None:
    if db.execute("SELECT 1 FROM allegation_candidates WHERE allegation_id = ? AND candidate_key = ?",
                  [allegation_id, key]).fetchone():
        return
    db["allegation_candidates"].insert({
        "allegation_id": allegation_id, "candidate_key": key,
        "reason": f"same date and place, country printed as {country or 'nothing'}"})


# -- changes ------------------------------------------------------------------------------
#
# The changes are a function of the stored reports, never of the order they arrived in:
# after every report the whole history is worked out again from the timeline (originals
# in publication order, each document's versions in the order they were seen) and the
# table is brought to it, keeping every row (and its notifications) that still stands.
# A report that only joins the end of the timeline moves no recorded change: then only
# its own changes are worked out (`_changes_of_last`), which gives the same rows.

def _timeline(db) -> list[dict]:
    """Every parsed version of every original report, in publication order.

    A document's place is its latest parsed version's (published, month covered, URL);
    its versions follow one another there in the order they were seen, so an edit in
    place sits between the report's first text and the next report."""
    rows = db.query("SELECT r.*, d.url AS url, v.seen_at AS seen_at FROM civcas_reports r "
                    "JOIN documents d ON d.id = r.document_id JOIN versions v ON v.id = r.version_id")
    by_doc: dict[int, list[dict]] = {}
    for row in rows:
        by_doc.setdefault(row["document_id"], []).append(row)
    placed = []
    for versions in by_doc.values():
        versions.sort(key=lambda r: (r["seen_at"] or "", r["version_id"]))
        last = versions[-1]
        if last["alternate_of"] is not None or _host_rank(last["url"]) >= len(ORIGINAL_HOSTS):
            continue  # copies are kept and linked, never compared
        where = (last["published"] or "", last["month_covered"] or "", last["url"])
        placed += [(where, i, r) for i, r in enumerate(versions)]
    return [r for _, _, r in sorted(placed, key=lambda p: p[:2])]


def _timeline_ids(db) -> list[int]:
    return [report["id"] for report in _timeline(db)]


def _allegations(db, report_id: int) -> dict[str, dict]:
    rows = db.query("SELECT * FROM allegations WHERE report_id = ? ORDER BY id", [report_id])
    return {row["allegation_key"]: row for row in rows}


def _text(value) -> str | None:
    return None if value is None else str(value)


def expected_changes(db, timeline: list[dict] | None = None) -> list[tuple]:
    """The whole history as (allegation_key, from_report_id, to_report_id, field, old, new):
    each allegation against its previous listing, a report's figures against the report
    before it (all figures between two versions of one report, the cumulative ones
    between successive reports), and each duplicate against the allegation it repeats,
    once, in the first report that closes it."""
    out: list[tuple] = []
    last_seen: dict[str, tuple[dict, dict]] = {}
    closed: set[tuple[str, str]] = set()
    previous = None
    for report in _timeline(db) if timeline is None else timeline:
        state = _allegations(db, report["id"])
        brought = _changes_into(report, state, previous, last_seen,
                                lambda target, key: (target, key) in closed)
        closed.update((c[0], c[5]) for c in brought if c[3] == "duplicate")
        out += brought
        for key, new in state.items():
            last_seen[key] = (report, new)
        previous = report
    return out


def _changes_into(report, state, previous, last_seen, was_closed) -> list[tuple]:
    """The changes `report` (its allegations `state`) brings after `previous`, the report
    before it in the timeline, given each key's last listing before it (`last_seen`) and
    which duplicates an earlier report closed (`was_closed(target, key)`)."""
    out: list[tuple] = []
    if previous is not None:
        same = previous["document_id"] == report["document_id"]
        for f in FIGURES if same else CUMULATIVE:
            old, new = previous[f], report[f]
            if old != new and (same or (old is not None and new is not None)):
                out.append((None, previous["id"], report["id"], f, _text(old), _text(new)))
    for key, new in state.items():
        if key in last_seen:
            before, old = last_seen[key]
            out += [(key, before["id"], report["id"], f, _text(old[f]), _text(new[f]))
                    for f in FIELDS if old[f] != new[f]]
    for key, new in state.items():
        target = new["duplicate_of"]
        if target and target in last_seen and not was_closed(target, key):
            out.append((target, last_seen[target][0]["id"], report["id"], "duplicate", None, key))
    return out


def _changes_of_last(db, timeline: list[dict]) -> list[tuple]:
    """The changes the last report of `timeline` brings, read from the rows that
    concern it only: its keys' (and their duplicates' targets') earlier listings, and
    the duplicate changes already recorded."""
    me, earlier = timeline[-1], timeline[:-1]
    state = _allegations(db, me["id"])
    place = {report["id"]: i for i, report in enumerate(earlier)}
    keys = set(state) | {new["duplicate_of"] for new in state.values() if new["duplicate_of"]}
    last_seen: dict[str, tuple[dict, dict]] = {}
    for row in db.query(
            "SELECT * FROM allegations WHERE allegation_key IN (SELECT value FROM json_each(?))"
            " ORDER BY id", [json.dumps(sorted(keys))]):
        i = place.get(row["report_id"])  # copies and `me` are not earlier listings
        if i is None:
            continue
        seen = last_seen.get(row["allegation_key"])
        if seen is None or place[seen[0]["id"]] <= i:  # a later report's row wins
            last_seen[row["allegation_key"]] = (earlier[i], row)

    def was_closed(target: str, key: str) -> bool:
        return db.execute("SELECT 1 FROM assessment_changes WHERE allegation_key = ? AND "
                          "field = 'duplicate' AND new_value = ?", [target, key]).fetchone() is not None

    return _changes_into(me, state, earlier[-1] if earlier else None, last_seen, was_closed)


# How a row already recorded is matched to the history worked out again, best first: the
# same change; the same change between other reports (a report arrived in between, or the
# original moved to another site); the same allegation and field reaching the same value,
# or changing in the same report. A matched row keeps its id, time and notifications.
_MATCHES = (
    lambda c: c,
    lambda c: (c[0], c[3], c[4], c[5]),
    lambda c: (c[0], c[3], c[5]),
    lambda c: (c[0], c[3], c[2]),
)
_COLUMNS = ("allegation_key", "from_report_id", "to_report_id", "field", "old_value", "new_value")


def pair(have: list[tuple[int, tuple]], wanted: list[tuple]):
    """Match rows `have` ((id, change)) to changes `wanted`, one to one, by `_MATCHES` in
    turn; return ([(id, wanted change)], ids left over, wanted changes left over)."""
    pairs: list[tuple[int, tuple]] = []
    for match in _MATCHES:
        pool: dict[tuple, list[tuple[int, tuple]]] = {}
        for row_id, change in have:
            pool.setdefault(match(change), []).append((row_id, change))
        left, taken = [], set()
        for change in wanted:
            found = pool.get(match(change))
            if found:
                row_id, _ = found.pop(0)
                taken.add(row_id)
                pairs.append((row_id, change))
            else:
                left.append(change)
        wanted, have = left, [(i, c) for i, c in have if i not in taken]
    return pairs, [i for i, _ in have], wanted


def record_changes(store: Store, report_id: int, timeline_before: list[int] | None = None) -> int:
    """Bring `assessment_changes` to the history of the stored reports after report
    `report_id` was written; return how many rows were added (each queued for every
    watcher). Rows no longer in the history are deleted with their notifications.

    `timeline_before`: the timeline's report ids before the report was written. When the
    report only joined its end (the usual scheduled crawl: a new month's report), the
    rows already recorded all stand, and only the report's own changes are worked out;
    in any other case the whole history is worked out again."""
    db = store.db
    me = _report(db, report_id)
    # Detected when the page that showed it was captured (re-extraction gives the same).
    seen = db.execute("SELECT seen_at FROM versions WHERE id = ?", [me["version_id"]]).fetchone()
    at = seen[0] if seen and seen[0] else utc_now()
    timeline = _timeline(db)
    if timeline_before is not None and [r["id"] for r in timeline] == [*timeline_before, report_id]:
        kept, superseded, added = [], [], _changes_of_last(db, timeline)
        current = {}
    else:
        have = [(row[0], tuple(row[1:])) for row in db.execute(
            f"SELECT id, {', '.join(_COLUMNS)} FROM assessment_changes ORDER BY id")]
        current = dict(have)
        kept, superseded, added = pair(have, expected_changes(db, timeline))
    # Writes go through the connection itself: sqlite-utils commits a write made outside a
    # transaction it can see, which would make every change (and its notifications) a
    # commit of its own; this way they join the caller's transaction.
    conn = db.conn
    for row_id, change in kept:
        if current[row_id] != change:  # the same change, now between other reports
            conn.execute(f"UPDATE assessment_changes SET {', '.join(c + ' = ?' for c in _COLUMNS)}"
                         " WHERE id = ?", [*change, row_id])
    # Intermediate states that no longer stand, with their notifications.
    drop_notifications(conn, "assessment_change", superseded)
    for row_id in superseded:
        conn.execute("DELETE FROM assessment_changes WHERE id = ?", [row_id])
    for change in added:
        change_id = inserted_id(conn.execute(
            f"INSERT INTO assessment_changes ({', '.join(_COLUMNS)}, detected_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", [*change, at]).lastrowid)
        enqueue(db, "assessment_change", change_id, store.channels)
    return len(added)


# -- across a rebuild (`civcas reextract`) -------------------------------------------------

def settle_changes(store: Store) -> int:
    """Work the whole history out again. A rebuild deletes reports under the recorded
    changes, so a report then stored at the end of the timeline cannot rely on the rows
    before it standing (see `record_changes`); after the replay this makes them exact."""
    timeline = _timeline(store.db)
    return record_changes(store, timeline[-1]["id"]) if timeline else 0


def change_identities(conn) -> list[tuple[int, tuple]]:
    """Every assessment change as (id, change) with its reports named by page URL and
    capture, which a rebuild keeps (row ids it does not)."""
    names = {rid: (url, capture) for rid, url, capture in conn.execute(
        "SELECT r.id, d.url, v.capture_id FROM main.civcas_reports r "
        "JOIN main.documents d ON d.id = r.document_id JOIN main.versions v ON v.id = r.version_id")}
    return [(row[0], (row[1], names.get(row[2]), names.get(row[3]), *row[4:]))
            for row in conn.execute(f"SELECT id, {', '.join(_COLUMNS)} FROM main.assessment_changes "
                                    "ORDER BY id")]


def follow_notifications(conn, before: list[tuple[int, tuple]]) -> tuple[int, int]:
    """After a rebuild replaced the assessment changes: point each notification of a change
    `before` (from `change_identities` then) at the rebuilt change it matches (`pair`),
    delivered or not, so nothing is sent again; drop those of a change the rebuild no
    longer finds, so none dangles. Return (moved, dropped) notification rows."""
    after = change_identities(conn)
    pairs, _unnotified, _vanished = pair(after, [change for _, change in before])
    by_change: dict[tuple, list[int]] = {change: [] for _, change in before}
    for row_id, change in before:
        by_change[change].append(row_id)
    moves = [(by_change[change].pop(0), new_id) for new_id, change in pairs]
    not_rebuilt = [i for ids in by_change.values() for i in ids]
    # Dropped first: a moved row may take the id of a change that was not rebuilt.
    dropped = drop_notifications(conn, "assessment_change", not_rebuilt)
    return move_notifications(conn, "assessment_change", moves), dropped
