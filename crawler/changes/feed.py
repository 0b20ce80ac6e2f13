"""What changed, in plain words: assessment changes, edited/removed documents, new reports.

`collect(store, since)` gathers the changes; `render(changes, fmt)` prints them as text,
JSON or an Atom 1.0 feed (`atom_feed`, which the Atom watcher channel can reuse). Each
assessment change names both reports and links to both archived captures (the original
URL, the capture time and the WARC file and offset holding it).
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from itertools import groupby

from archive.store import Store, utc_now
from crawler.changes.report_names import report_name

ATOM = "http://www.w3.org/2005/Atom"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WORDS = {"credible": "credible", "non_credible": "non-credible", "duplicate": "duplicate",
         "open": "still being assessed", "reopened": "reopened"}
FIGURE_WORDS = {
    "cumulative_strikes": "Cumulative strikes", "cumulative_engagements": "Cumulative engagements",
    "cumulative_reports_received": "Cumulative reports received",
    "cumulative_credible_reports": "Cumulative credible reports",
    "cumulative_civilian_deaths": "Cumulative civilian deaths",
}


def day(iso: str | None) -> str:
    """'2016-10-06' -> '6 Oct 2016'."""
    if not iso:
        return "an unknown date"
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def month(iso: str | None) -> str:
    return f"{MONTHS[int(iso[5:7]) - 1]} {iso[:4]}" if iso else "unknown date"


# -- gathering ----------------------------------------------------------------------------

_REPORT_SQL = """
    SELECT r.id, r.published, r.month_covered, r.title, d.url, c.fetched_at, c.warc_file,
           c.warc_offset, c.id AS capture_id
    FROM civcas_reports r JOIN documents d ON d.id = r.document_id
    JOIN versions v ON v.id = r.version_id LEFT JOIN captures c ON c.id = v.capture_id
    WHERE r.id = ?
"""


def _report(db, report_id):
    if report_id is None:
        return None
    row = next(db.query(_REPORT_SQL, [report_id]), None)
    if row is None:
        return None
    row["capture"] = {"url": row["url"], "fetched_at": row.pop("fetched_at"),
                      "warc_file": row.pop("warc_file"), "warc_offset": row.pop("warc_offset"),
                      "capture_id": row.pop("capture_id")}
    return row


def _allegation(db, report_id, key):
    if report_id is None or key is None:
        return None
    return next(db.query("SELECT * FROM allegations WHERE report_id = ? AND allegation_key = ?",
                         [report_id, key]), None)


def assessment_changes(store: Store, since: str | None = None) -> list[dict]:
    """One entry per (allegation, from report, to report): the fields that changed."""
    db = store.db
    rows = list(db.query(
        "SELECT * FROM assessment_changes WHERE (:since IS NULL OR detected_at >= :since) "
        "ORDER BY to_report_id, from_report_id, allegation_key IS NULL, allegation_key, id",
        {"since": since}))
    out = []
    for (key, from_id, to_id), group in groupby(
            rows, key=lambda r: (r["allegation_key"], r["from_report_id"], r["to_report_id"])):
        group = list(group)
        entry = {
            "type": "assessment_change" if key else "report_figures",
            "ids": [r["id"] for r in group],
            "detected_at": max(r["detected_at"] for r in group),
            "allegation_key": key,
            "fields": {r["field"]: {"old": r["old_value"], "new": r["new_value"]} for r in group},
            "from_report": _report(db, from_id),
            "to_report": _report(db, to_id),
            "old": _allegation(db, from_id, key),
            "new": _allegation(db, to_id, key),
        }
        entry["summary"] = describe(entry)
        out.append(entry)
    return out


def new_reports(store: Store, since: str | None = None) -> list[dict]:
    rows = store.db.query(
        "SELECT r.id FROM civcas_reports r JOIN documents d ON d.id = r.document_id "
        "WHERE r.alternate_of IS NULL AND r.version_id = (SELECT MIN(id) FROM versions v "
        "WHERE v.document_id = d.id) AND (:since IS NULL OR d.first_seen >= :since) "
        "ORDER BY r.published, r.id", {"since": since})
    out = []
    for row in rows:
        report = _report(store.db, row["id"])
        figures = next(store.db.query("SELECT * FROM civcas_reports WHERE id = ?", [row["id"]]))
        entry = {"type": "new_report", "ids": [row["id"]], "detected_at": report["capture"]["fetched_at"]
                 or "", "report": report, "figures": figures}
        entry["summary"] = describe(entry)
        out.append(entry)
    return out


def document_changes(store: Store, since: str | None = None) -> list[dict]:
    out = []
    for c in store.changes(since):
        entry = {"type": "document_change", "ids": [c["id"]], "detected_at": c["detected_at"],
                 "kind": c["kind"], "url": c["url"], "source": c["source"], "title": c["title"],
                 "diff": c["diff"]}
        entry["summary"] = f"{c['kind'].upper()} {c['url']} ({c['source']})" + (
            f"\n  {c['title']}" if c["title"] else "")
        out.append(entry)
    return out


def collect(store: Store, since: str | None = None) -> list[dict]:
    """Everything that changed since `since` (ISO time), oldest first."""
    tables = set(store.db.table_names())
    changes = document_changes(store, since)
    if "assessment_changes" in tables:
        changes += assessment_changes(store, since) + new_reports(store, since)
    return sorted(changes, key=lambda c: (c["detected_at"] or "", c["type"], c["ids"]))


# -- plain words --------------------------------------------------------------------------

def _where(a: dict) -> str:
    location = a.get("location") or "an unnamed place"
    if a.get("place"):
        lead = location.split(" ", 1)[0].lower()
        location = f"{lead} {a['place']}" if lead in ("near", "in", "outside") else a["place"]
    return f"{location}, {a['country']}" if a.get("country") else location


def _state(a: dict | None, fields: dict) -> str:
    if a is None:
        return "not listed"
    bits = [WORDS.get(a["assessment"], a["assessment"] or "not assessed")]
    if a.get("civilians_killed") is not None:
        n = a["civilians_killed"]
        bits.append(f"{n} civilian{'s' if n != 1 else ''} killed")
    if a.get("civilians_injured") is not None:
        n = a["civilians_injured"]
        bits.append(f"{n} injured")
    if "allegation_date" in fields:
        bits.append(f"dated {day(a['allegation_date'])}")
    if "reporting_source" in fields and a.get("reporting_source"):
        bits.append(f"via {a['reporting_source']}")
    if "country" in fields or "place" in fields:
        bits.append(f"at {_where(a)}")
    return ", ".join(bits)


def _report_name(r: dict | None) -> str:
    return report_name(r["month_covered"], r["published"], r["id"]) if r else "an unknown report"


def describe(c: dict) -> str:
    if c["type"] == "new_report":
        f = c["figures"]
        bits = [f"New monthly report ({_report_name(c['report'])}, published {day(f['published'])})"]
        for name, label in (("completed", "completed"), ("credible", "credible"),
                            ("non_credible", "non-credible"), ("still_open", "still open"),
                            ("cumulative_civilian_deaths", "civilian deaths to date")):
            if f[name] is not None:
                bits.append(f"{label} {f[name]:,}")
        return ": ".join([bits[0], ", ".join(bits[1:])]) if len(bits) > 1 else bits[0]
    frm, to = c["from_report"], c["to_report"]
    if c["type"] == "report_figures":
        parts = []
        for field, v in c["fields"].items():
            label = FIGURE_WORDS.get(field, field.replace("_", " ").capitalize())
            parts.append(f"{label}: {v['old']} ({_report_name(frm)}) -> {v['new']} ({_report_name(to)})")
        same = frm and to and frm["url"] == to["url"]
        name = _report_name(to)
        head = f"{name[0].upper()}{name[1:]} edited in place" if same else "Report figures"
        return f"{head}: " + "; ".join(parts)
    old, new, fields = c["old"], c["new"], c["fields"]
    subject = old or new
    head = (f"Allegation of {day(subject['allegation_date'])} near {_where(subject).removeprefix('near ')}"
            if subject and (subject.get("location") or "").lower().startswith("near")
            else f"Allegation of {day(subject['allegation_date']) if subject else '?'} in {_where(subject) if subject else '?'}")
    if "duplicate" in fields:
        key = fields["duplicate"]["new"] or ""
        date, _, _ = key.partition("|")
        return (f"{head}: a further allegation of {day(date)} was closed as its duplicate "
                f"({_report_name(to)})")
    return (f"{head}: {_state(old, fields)} ({_report_name(frm)}) -> "
            f"{_state(new, fields)} ({_report_name(to)})")


def _capture_line(label: str, r: dict | None) -> str:
    if not r:
        return f"  {label}: -"
    cap = r["capture"]
    where = f"{cap['warc_file']}#{cap['warc_offset']}" if cap["warc_file"] else "no capture"
    return f"  {label}: {cap['url']} (captured {cap['fetched_at'] or '?'}, {where})"


def render_text(changes: list[dict]) -> str:
    if not changes:
        return "No changes."
    blocks = []
    for c in changes:
        lines = [f"[{c['detected_at']}] {c['summary']}"]
        if c["type"] in ("assessment_change", "report_figures"):
            lines.append(_capture_line("before", c["from_report"]))
            lines.append(_capture_line("after", c["to_report"]))
        elif c["type"] == "new_report":
            lines.append(_capture_line("capture", c["report"]))
        elif c["diff"]:
            lines.append(c["diff"])
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def render_json(changes: list[dict]) -> str:
    return json.dumps(changes, indent=2, ensure_ascii=False, default=str)


def _entry_id(c: dict) -> str:
    return f"tag:civcas,2024:{c['type']}/" + "-".join(str(i) for i in c["ids"])


def _stamp(iso: str | None) -> str:
    if not iso:
        return "1970-01-01T00:00:00Z"
    return iso if "T" in iso else iso + "T00:00:00Z"


def atom_feed(changes: list[dict], *, title: str = "civcas: what changed",
              feed_id: str = "tag:civcas,2024:changes", self_url: str | None = None) -> str:
    """An Atom 1.0 feed with one entry per change, newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(
        max((c["detected_at"] for c in changes), default=None) or utc_now())
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "civcas"
    if self_url:
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    for c in sorted(changes, key=lambda c: c["detected_at"] or "", reverse=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _entry_id(c)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = c["summary"]
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(c["detected_at"])
        reports = [("alternate", c.get("to_report") or c.get("report")), ("related", c.get("from_report"))]
        if c["type"] == "document_change":
            reports = [("alternate", {"capture": {"url": c["url"]}})]
        for rel, r in reports:
            if r and r["capture"].get("url"):
                ET.SubElement(entry, f"{{{ATOM}}}link", rel=rel, href=r["capture"]["url"])
        ET.SubElement(entry, f"{{{ATOM}}}content", type="text").text = render_text([c])
    return ET.tostring(feed, encoding="unicode", xml_declaration=True)


def render(changes: list[dict], fmt: str) -> str:
    if fmt == "json":
        return render_json(changes)
    if fmt == "atom":
        return atom_feed(changes)
    return render_text(changes)
