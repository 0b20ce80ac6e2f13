"""Event pages in Datasette: every side's account of one event, with its evidence.

  /-/events        every event with two sides or more, the widest gap first: the highest
                   civilian toll claimed against the deaths the coalition acknowledged
                   (`?all=1` lists single-sided events too)
  /-/event/<id>    the event's date and place, then one line per account, grouped by side
                   (coalition strikes, statement, assessment and its changes, Airwars,
                   SOHR, SNHR, state media, ...), with figures, quote, the pages that
                   printed it and a link to each archived capture (/-/capture/<id>)
"""

from __future__ import annotations

import html
from urllib.parse import unquote

from datasette.utils.asgi import Response

DATABASE = "civcas"

# Sides in reading order: the coalition's own records first, then the monitors and media.
SIDE_ORDER = ("coalition strikes", "coalition statement", "US envoy", "coalition assessment", "Airwars")

LIST_SQL = """
SELECT id, title, event_date, place, country, members, accounts, sides, highest_claim,
       coalition_acknowledged, gap
FROM events WHERE sides >= :sides
ORDER BY gap IS NULL, gap DESC, event_date
"""
MEMBERS_SQL = """
SELECT m.*, d.url AS page_url, d.title AS page_title, c.fetched_at
FROM event_members m LEFT JOIN documents d ON d.id = m.document_id
LEFT JOIN captures c ON c.id = m.capture_id
WHERE m.event_id = ? ORDER BY m.id
"""
CHANGES_SQL = """
SELECT ac.field, ac.old_value, ac.new_value, ac.detected_at, ac.to_report_id
FROM assessment_changes ac WHERE ac.allegation_key = ? ORDER BY ac.id
"""

STYLE = """<style>
body{font-family:sans-serif;margin:1.5em;max-width:75em}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eee}.side{font-weight:bold;white-space:nowrap}.quote{font-style:italic;color:#333}
.num{text-align:right}td.quote{min-width:28em}td.fig{min-width:8em}.small{font-size:.85em;color:#555;word-break:break-all}td.ev{max-width:22em}
</style>"""


def _e(value) -> str:
    return "" if value is None else html.escape(str(value))


def _page(title: str, body: str) -> Response:
    return Response.html(f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{_e(title)}</title>"
                         f"{STYLE}</head><body>{body}</body></html>")


def _figures(m: dict) -> str:
    parts = []
    lo, hi = m["killed_min"], m["killed_max"]
    if m["kind"] == "strike":
        parts.append(f"{m['strikes']} strikes")
    elif lo is not None and hi is not None and lo == hi:
        parts.append(f"{lo} killed")
    elif lo is not None or hi is not None:
        parts.append(f"at least {lo} killed" if hi is None else
                     f"up to {hi} killed" if lo is None else f"{lo}-{hi} killed")
    if m["children"] is not None:
        parts.append(f"{m['children']} children")
    if m["women"] is not None:
        parts.append(f"{m['women']} women")
    if m["injured"] is not None:
        parts.append(f"{m['injured']} injured")
    if m["kind"] == "statement" and m["strikes"] is not None:
        parts.append(f"{m['strikes']} strikes")
    return ", ".join(parts)


def _short(url: str | None) -> str | None:
    """The page's address for reading: decoded, and cut to its host and a little path."""
    if not url:
        return url
    text = unquote(url).split("://", 1)[-1]
    return text if len(text) <= 60 else text[:57] + "..."


def _or_none(value):
    return "none" if value is None else value


def first_kind(group: list[dict]) -> str:
    return group[0]["kind"]


def _event_href(datasette, event_id) -> str:
    return datasette.urls.path(f"/-/event/{int(event_id)}")


def _capture_href(datasette, capture_id) -> str:
    return datasette.urls.path(f"/-/capture/{int(capture_id)}")


def _side_rank(side: str) -> tuple:
    return (SIDE_ORDER.index(side) if side in SIDE_ORDER else len(SIDE_ORDER), side)


async def events_page(datasette, request):
    db = datasette.get_database(DATABASE)
    if "events" not in await db.table_names():
        return _page("Events", "<h1>Events</h1><p>No events table: run <code>civcas link</code>.</p>")
    sides = 1 if request.args.get("all") else 2
    rows = [dict(r) for r in (await db.execute(LIST_SQL, {"sides": sides})).rows]
    lines = "".join(
        f"<tr><td><a href=\"{_event_href(datasette, r['id'])}\">{_e(r['title'])}</a></td>"
        f"<td>{_e(r['country'])}</td><td class=num>{_e(r['sides'])}</td><td class=num>{_e(r['accounts'])}</td>"
        f"<td class=num>{_e(r['highest_claim'])}</td><td class=num>{_e(r['coalition_acknowledged'])}</td>"
        f"<td class=num>{_e(r['gap'])}</td></tr>"
        for r in rows)
    body = ("<h1>Events</h1><p>Accounts of one strike or incident grouped by place and date; "
            "the widest gap first between the highest toll claimed and the deaths the coalition "
            "acknowledged (0 where it assessed or said there were none).</p>"
            "<table><tr><th>event</th><th>country</th><th>sides</th><th>accounts</th><th>highest claim</th>"
            f"<th>coalition acknowledged</th><th>gap</th></tr>{lines}</table>")
    return _page("Events", body)


async def event_page(datasette, request):
    text = request.url_vars["event_id"]
    if not text.isdigit() or len(text) > 18:
        return Response.text(f"{text!r} is not an event id", status=404)
    db = datasette.get_database(DATABASE)
    if "events" not in await db.table_names():
        return Response.text("no events table: run civcas link", status=404)
    event = (await db.execute("SELECT * FROM events WHERE id = ?", [int(text)])).first()
    if event is None:
        return Response.text(f"no event {text}", status=404)
    event = dict(event)
    members = [dict(r) for r in (await db.execute(MEMBERS_SQL, [event["id"]])).rows]
    # One line per account: a claim repeated by several pages is one account, its sources listed.
    accounts: dict[str, list[dict]] = {}
    for m in members:
        accounts.setdefault(m["account"], []).append(m)
    ordered = sorted(accounts.values(), key=lambda ms: (_side_rank(ms[0]["side"]), ms[0]["id"]))
    lines = []
    for group in ordered:
        # The claimant's own page first (SOHR's post before the outlets that repeat it);
        # a figure it lacks is taken from the sources that print it.
        if first_kind(group) == "allegation":
            # One allegation in several reports (or versions): the latest gives the figures,
            # the earlier ones are its history.
            group.sort(key=lambda m: (m["fetched_at"] or "", m["id"]), reverse=True)
            first = dict(group[0])
        else:
            group.sort(key=lambda m: (m["publisher"] != m["claimant"], m["id"]))
            first = dict(group[0])
            for field in ("killed_min", "killed_max", "children", "women", "injured", "strikes"):
                if first[field] is None:
                    first[field] = next((m[field] for m in group if m[field] is not None), None)
        sources = "<br>".join(
            f"{_e(m['publisher'] or m['page_title'] or 'page')}: "
            + (f"<a href=\"{_capture_href(datasette, m['capture_id'])}\">capture {m['capture_id']}</a>"
               if m["capture_id"] else "no capture")
            + f" <span class=small title=\"{_e(m['page_url'])}\">{_e(_short(m['page_url']))}</span>"
            for m in group)
        detail = _e(first["status"])
        if first["kind"] == "allegation" and first["account"].startswith("allegation|"):
            changes = (await db.execute(CHANGES_SQL, [first["account"].split("|", 1)[1]])).rows
            detail += "".join(
                f"<br>{_e(c['field'])}: {_e(c['old_value'])} &rarr; {_e(c['new_value'])} ({_e(c['detected_at'])})"
                for c in changes)
            if len(group) > 1:
                detail += "".join(f"<br>earlier: {_e(m['status'])}" + (
                    f", {m['killed_min']} killed" if m["killed_min"] is not None else "") for m in group[1:])
        lines.append(
            f"<tr><td class=side>{_e(first['side'])}</td><td>{_e(first['event_date'])}"
            f" <span class=small>({_e(first['date_precision'])})</span></td>"
            f"<td>{_e(first['location'] or first['place'])}</td><td class=fig>{_e(_figures(first))}</td>"
            f"<td>{detail}</td><td class=quote>{_e(first['quote'])}</td><td>{sources}</td></tr>")
    body = (f"<h1>{_e(event['title'])}</h1>"
            f"<p>{_e(event['event_date'])} near {_e(event['place'])}, {_e(event['country'])}"
            f" &middot; {event['accounts']} accounts from {event['sides']} sides in {event['members']} rows"
            f" &middot; highest claim {_e(_or_none(event['highest_claim']))}, coalition acknowledged"
            f" {_e(_or_none(event['coalition_acknowledged']))}</p>"
            "<table><tr><th>side</th><th>date</th><th>place</th><th>figures</th><th>status</th>"
            f"<th>quote</th><th>evidence</th></tr>{''.join(lines)}</table>"
            f"<p class=small><a href=\"{datasette.urls.path('/-/events')}\">all events</a></p>")
    return _page(event["title"], body)


ROUTES = [
    (r"^/-/events$", events_page),
    (r"^/-/event/(?P<event_id>[^/]*)$", event_page),
]
