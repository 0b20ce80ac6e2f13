"""What a watcher is told: one message per queued change, read from the store.

Each change kind has its renderer: a subject line, a plain-text body a person can read
in a mail client or chat, and `data`, the same facts as fields for JSON receivers.
Renderers only read; a change row that is gone raises `MissingChange`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlite_utils

from crawler.changes.report_names import report_name

DIFF_LINES = 60  # of the unified diff shown in a message; the store keeps all of it
DIFF_CHARS = 6000
SUBJECT_CHARS = 160


class MissingChange(LookupError):
    """The change a notification points at is not in the store."""


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    url: str | None
    data: dict


def render(db: sqlite_utils.Database, change_kind: str, change_id: int) -> Message:
    renderers = {
        "document_change": document_change,
        "assessment_change": assessment_change,
        "source_health": source_health,
    }
    if change_kind not in renderers:
        raise MissingChange(f"unknown change kind {change_kind!r}")
    return renderers[change_kind](db, change_id)


def _one(db: sqlite_utils.Database, sql: str, params: list) -> dict | None:
    rows = list(db.query(sql, params))
    return rows[0] if rows else None


def _has_table(db: sqlite_utils.Database, name: str) -> bool:
    return db[name].exists()


def _subject(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > SUBJECT_CHARS:
        text = text[: SUBJECT_CHARS - 1].rstrip() + "…"
    return "[civcas] " + text


def _capture_line(row: dict | None) -> str | None:
    if not row or not row.get("warc_file"):
        return None
    return (
        f"Archived capture: warcs/{row['warc_file']} at offset {row['warc_offset']}"
        f" (fetched {row['fetched_at']})"
    )


# -- document changes ------------------------------------------------------------------

_DOCUMENT_WORDS = {
    "edited": ("Edited", "was edited"),
    "removed": ("Removed", "was removed (the site answers 404 or 410)"),
    "restored": ("Restored", "is back after a removal"),
    "render_changed": ("Read another way", "was read through another capture method (HTTP"
                       " fetch or browser render): its text differs for that reason"),
    "reread": ("Read another way", "has the same archived bytes, read by civcas into other text"
               " (its text extraction changed)"),
}


def excerpt(diff: str | None) -> tuple[str, int]:
    """The first lines of a diff, and how many lines were left out."""
    lines = (diff or "").splitlines()
    shown, size = [], 0
    for line in lines[:DIFF_LINES]:
        if size + len(line) > DIFF_CHARS:
            break
        shown.append(line)
        size += len(line) + 1
    return "\n".join(shown), len(lines) - len(shown)


def document_change(db: sqlite_utils.Database, change_id: int) -> Message:
    row = _one(
        db,
        """
        SELECT c.id, c.kind, c.detected_at, c.diff, c.old_version_id, c.new_version_id,
               d.url, d.source, d.kind AS document_kind,
               COALESCE(nv.title, ov.title, d.title) AS title,
               cap.warc_file, cap.warc_offset, cap.fetched_at
        FROM document_changes c
        JOIN documents d ON d.id = c.document_id
        LEFT JOIN versions nv ON nv.id = c.new_version_id
        LEFT JOIN versions ov ON ov.id = c.old_version_id
        LEFT JOIN captures cap ON cap.id = COALESCE(nv.capture_id, ov.capture_id)
        WHERE c.id = ?
        """,
        [change_id],
    )
    if row is None:
        raise MissingChange(f"document_changes row {change_id} not found")
    label, phrase = _DOCUMENT_WORDS.get(row["kind"], (row["kind"].title(), row["kind"]))
    name = row["title"] or row["url"]
    shown, left_out = excerpt(row["diff"])
    lines = [
        f"A document on {row['source']} {phrase}.",
        "",
        f"Title: {row['title'] or '(none)'}",
        f"URL: {row['url']}",
        f"Detected: {row['detected_at']}",
    ]
    report = _report_of_version(db, row["new_version_id"] or row["old_version_id"])
    if report is not None:
        lines.append(f"Report: {_report_name(report, report['id'])}")
    capture = _capture_line(row)
    if capture:
        lines.append(capture)
    if shown:
        lines += ["", "What changed (unified diff):", shown]
        if left_out:
            lines.append(
                f"... {left_out} more lines: `civcas changes --since {row['detected_at']}`"
                " shows the whole diff."
            )
    return Message(
        subject=_subject(f"{label} on {row['source']}: {name}"),
        text="\n".join(lines) + "\n",
        url=row["url"],
        data={
            "change": row["kind"],
            "url": row["url"],
            "source": row["source"],
            "document_kind": row["document_kind"],
            "title": row["title"],
            "detected_at": row["detected_at"],
            "old_version_id": row["old_version_id"],
            "new_version_id": row["new_version_id"],
            "diff_excerpt": shown,
            "diff_lines_left_out": left_out,
            "warc_file": row["warc_file"],
            "warc_offset": row["warc_offset"],
        },
    )


# -- assessment changes ----------------------------------------------------------------


def _day(value: str | None) -> str | None:
    """'2016-10-06' -> '6 Oct 2016'; anything else as it is."""
    try:
        d = date.fromisoformat(value or "")
    except ValueError:
        return value
    return f"{d.day} {d:%b %Y}"


def _month(value: str | None) -> str | None:
    """'2017-01' -> 'Jan 2017'."""
    try:
        d = date.fromisoformat(f"{value}-01")
    except (ValueError, TypeError):
        return value
    return f"{d:%b %Y}"


def _value(field: str, value) -> str:
    if value is None or value == "":
        return "not stated"
    if field in ("assessment", "reason_category"):
        return str(value).replace("_", "-")
    if field.endswith("_date"):
        return _day(str(value)) or str(value)
    return str(value)


def _report(db: sqlite_utils.Database, report_id: int | None) -> dict | None:
    """What is known of a report: its month, page URL and archived capture."""
    if report_id is None or not _has_table(db, "civcas_reports"):
        return None
    return _one(
        db,
        """
        SELECT r.id, r.month_covered, r.published, d.url,
               cap.warc_file, cap.warc_offset, cap.fetched_at
        FROM civcas_reports r
        LEFT JOIN documents d ON d.id = r.document_id
        LEFT JOIN versions v ON v.id = r.version_id
        LEFT JOIN captures cap ON cap.id = v.capture_id
        WHERE r.id = ?
        """,
        [report_id],
    )


def _report_of_version(db: sqlite_utils.Database, version_id: int | None) -> dict | None:
    """The monthly report a document version was read as, if any."""
    if version_id is None or not _has_table(db, "civcas_reports"):
        return None
    return _one(db, "SELECT id, month_covered, published FROM civcas_reports"
                    " WHERE version_id = ? ORDER BY id LIMIT 1", [version_id])


def _report_name(report: dict | None, report_id: int | None) -> str:
    if report_id is None:
        return "no earlier report"
    if report is None:
        return f"report {report_id}"
    return report_name(report["month_covered"], report["published"], report_id)


def _allegation(db: sqlite_utils.Database, key: str, report_ids: list) -> dict | None:
    if not key or not _has_table(db, "allegations"):
        return None
    # The newest report's wording (a corrected date or place) comes first.
    return _one(
        db,
        """
        SELECT allegation_date, location, place, country FROM allegations
        WHERE allegation_key = ?
        ORDER BY report_id = ? DESC, report_id = ? DESC, report_id DESC LIMIT 1
        """,
        [key, report_ids[1], report_ids[0]],
    )


def _allegation_name(allegation: dict | None, key: str | None) -> str:
    if allegation is None:
        return f"Allegation {key}"
    when = _day(allegation["allegation_date"]) or "an unknown date"
    where = allegation["place"] or allegation["location"]
    place = ", ".join(p for p in (where, allegation["country"]) if p)
    return f"Allegation of {when}" + (f" near {place}" if place else "")


def assessment_change(db: sqlite_utils.Database, change_id: int) -> Message:
    if not _has_table(db, "assessment_changes"):
        raise MissingChange("the store has no assessment_changes table")
    row = _one(db, "SELECT * FROM assessment_changes WHERE id = ?", [change_id])
    if row is None:
        raise MissingChange(f"assessment_changes row {change_id} not found")
    field, key = row["field"], row["allegation_key"]
    old_report, new_report = _report(db, row["from_report_id"]), _report(db, row["to_report_id"])
    old_name = _report_name(old_report, row["from_report_id"])
    new_name = _report_name(new_report, row["to_report_id"])
    if key:
        allegation = _allegation(db, key, [row["from_report_id"], row["to_report_id"]])
        who = _allegation_name(allegation, key)
    else:  # a change in a report's own figures (cumulative totals)
        allegation = None
        who = new_name[0].upper() + new_name[1:]
    what = field.replace("_", " ")
    sentence = (
        f"{who}: {what} {_value(field, row['old_value'])} ({old_name})"
        f" -> {_value(field, row['new_value'])} ({new_name})"
    )
    lines = [sentence, "", f"Detected: {row['detected_at']}"]
    for label, report in (("Earlier", old_report), ("Later", new_report)):
        if report and report["url"]:
            lines.append(f"{label} report: {report['url']}")
            capture = _capture_line(report)
            if capture:
                lines.append(f"  {capture}")
    if key:
        lines.append(f"Allegation key: {key}")
    return Message(
        subject=_subject(f"{who}: {what} changed ({old_name} -> {new_name})"),
        text="\n".join(lines) + "\n",
        url=new_report["url"] if new_report else None,
        data={
            "allegation_key": key,
            "field": field,
            "old_value": row["old_value"],
            "new_value": row["new_value"],
            "from_report_id": row["from_report_id"],
            "to_report_id": row["to_report_id"],
            "from_report_url": old_report["url"] if old_report else None,
            "to_report_url": new_report["url"] if new_report else None,
            "detected_at": row["detected_at"],
            "allegation": allegation,
            "summary": sentence,
        },
    )


# -- source health ---------------------------------------------------------------------


def source_health(db: sqlite_utils.Database, change_id: int) -> Message:
    row = _one(
        db,
        """
        SELECT h.id, h.source, h.at, h.state, h.reason, h.run_id,
               r.status AS run_status, r.started_at AS run_started_at
        FROM source_health h LEFT JOIN crawl_runs r ON r.id = h.run_id
        WHERE h.id = ?
        """,
        [change_id],
    )
    if row is None:
        raise MissingChange(f"source_health row {change_id} not found")
    state = {"broken": "is broken", "drifting": "is drifting"}.get(row["state"], "has recovered")
    lines = [f"Source {row['source']} {state}: {row['reason']}", "", f"Since: {row['at']}"]
    if row["run_id"] is not None:
        run = f"Decided by crawl run {row['run_id']}"
        if row["run_status"]:
            run += f" (started {row['run_started_at']}, {row['run_status']})"
        lines.append(run)
    return Message(
        subject=_subject(f"Source {row['source']} {state}"),
        text="\n".join(lines) + "\n",
        url=None,
        data={
            "source": row["source"],
            "state": row["state"],
            "reason": row["reason"],
            "at": row["at"],
            "run_id": row["run_id"],
        },
    )


# -- one message per changed document --------------------------------------------------


def document_of(db: sqlite_utils.Database, change_kind: str, change_id: int) -> tuple | None:
    """(document id, version id) a change belongs to: an edit's new version, or the
    report version whose reading gave an assessment change. Changes of one document
    version (one crawl) make one message; None for a change that stands alone."""
    if change_kind == "document_change":
        row = _one(db, "SELECT document_id, new_version_id, kind FROM document_changes"
                       " WHERE id = ?", [change_id])
        if row is None or row["new_version_id"] is None:  # a removal has no version
            return None
        return row["document_id"], row["new_version_id"]
    if change_kind == "assessment_change" and _has_table(db, "civcas_reports"):
        row = _one(db, "SELECT r.document_id, r.version_id FROM assessment_changes a"
                       " JOIN civcas_reports r ON r.id = a.to_report_id WHERE a.id = ?",
                   [change_id])
        return (row["document_id"], row["version_id"]) if row else None
    return None


def render_together(db: sqlite_utils.Database, changes: list[tuple[str, int]]) -> Message:
    """One message for the changes of one document version: the document's change (its
    diff) first when there is one, then every assessment change its reading caused."""
    if len(changes) == 1:
        return render(db, *changes[0])
    lead_kind, lead_id = changes[0]
    assessment_ids = [cid for kind, cid in changes if kind == "assessment_change"]
    assessed = [render(db, "assessment_change", cid) for cid in assessment_ids]
    sentences = [m.data["summary"] for m in assessed]
    if lead_kind == "document_change":
        # an edit, and a restoration when the page came back changed
        documents = [render(db, kind, cid) for kind, cid in changes if kind == "document_change"]
        lead = documents[0]
        text = "\n".join(m.text for m in documents)
        subject = lead.subject
        if assessed:
            subject += f" ({len(assessed)} assessment change{_s(len(assessed))})"
            text += "\n" + _assessment_section(len(assessed), sentences)
        data = dict(lead.data, also=[m.data for m in documents[1:]], assessment_changes=[
            dict(m.data, assessment_change_id=cid) for m, cid in zip(assessed, assessment_ids)])
        return Message(_subject(subject.removeprefix("[civcas] ")), text, lead.url, data)
    # a new report: its assessment changes against the reports before it
    report = _one(db, "SELECT to_report_id FROM assessment_changes WHERE id = ?", [lead_id])
    to_report = _report(db, report["to_report_id"]) if report else None
    name = _report_name(to_report, report["to_report_id"] if report else None)
    name = name[0].upper() + name[1:]
    lines = [f"{name}: {len(assessed)} change{_s(len(assessed))} against the earlier reports.",
             ""]
    if to_report and to_report["url"]:
        lines.append(f"Report: {to_report['url']}")
        capture = _capture_line(to_report)
        if capture:
            lines.append(f"  {capture}")
    text = "\n".join(lines) + "\n\n" + _assessment_section(len(assessed), sentences)
    return Message(
        subject=_subject(f"{name}: {len(assessed)} assessment change{_s(len(assessed))}"),
        text=text,
        url=to_report["url"] if to_report else None,
        data={"report": name, "report_url": to_report["url"] if to_report else None,
              "assessment_changes": [
                  dict(m.data, assessment_change_id=cid) for m, cid in zip(assessed, assessment_ids)]},
    )


def _assessment_section(count: int, sentences: list[str]) -> str:
    lines = [f"Assessment change{_s(count)} in this report ({count}):"]
    lines += [f"- {sentence}" for sentence in sentences]
    return "\n".join(lines) + "\n"


def _s(count: int) -> str:
    return "" if count == 1 else "s"
