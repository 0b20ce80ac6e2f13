"""Events: every side's account of one strike or incident, side by side.

The accounts are the rows `civcas link` compares (coalition strike rows, the coalition's
allegation rows, Airwars incidents, monitors' and outlets' claims) and the coalition's
statements. Each account keeps its own row and evidence; an event groups them.

How accounts are grouped, and why this way:
- **Anchors** are the accounts that speak of harm, dated to the day and placed at a town:
  allegations, incidents, claims and statements. Two anchors may share an event only
  when they are within `window_days` of each other and at the same gazetteer place or
  within `radius_km`, and an anchor joins an event only if that holds for *every* anchor
  already in it (complete linkage). Single linkage, as in the pairwise `incident_links`,
  lets a chain of near neighbours (the 16th, the 17th, the 18th near Hajin) glue separate
  events into one; complete linkage cannot (bench/events_membership.py measures both).
- **Coalition strike rows** join the event of their own day and place (never a day off:
  the strike summaries date every line), and only events that have an anchor: a strike
  with no account of harm is not an event.
- **Coarse accounts**, dated to the day but placed only at a province ("in Deir el-Zour
  province") or nowhere, join an event only when exactly one event fits (within
  `province_km`, or read from the same page as a member of it); otherwise they stay out.
  Accounts dated only to a month or a range, and running tallies ("since Sept. 10"),
  are no account of one event and are never members.

A claim repeated by several outlets (SOHR's 43 in SOHR's post, CBC and Syria Direct) is
one *account* with several sources: its members share the `account` key.

Event ids are stable across rebuilds when the membership is the same (the `event_key` is a
digest of the members' natural keys, which survive re-extraction), and an event whose
membership changed keeps its id when most of its members are still together.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlite_utils

from crawler.places.gazetteer import Place, find_place, lookup

ANCHOR_KINDS = ("allegation", "incident", "claim", "statement")
_PROVINCE_WORDS = re.compile(r"^\W*(?:province|governorate|countryside)\b", re.I)
_PROVINCE_BEFORE = re.compile(r"(?:province of|countryside of|suburbs of|ريف|محافظة)\s*(?:the\s+)?$", re.I)


@dataclass
class Account:
    kind: str  # strike, allegation, incident, claim, statement
    table: str
    row_id: int
    key: str  # natural key: the same account after a re-extraction has the same key
    day: date | None
    precision: str  # day, month, year, range, since, none
    place: Place | None
    place_level: str | None  # town, province, None
    lat: float | None
    lon: float | None
    country: str | None
    side: str
    claimant: str | None = None
    publisher: str | None = None
    account: str = ""
    printed_date: str | None = None
    location: str | None = None
    figures: dict = field(default_factory=dict)
    status: str | None = None
    quote: str | None = None
    document_id: int | None = None
    version_id: int | None = None
    capture_id: int | None = None


def _date(text) -> tuple[date | None, str]:
    if not text:
        return None, "none"
    text = str(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text[:10]) and len(text) >= 10:
        try:
            return date.fromisoformat(text[:10]), "day"
        except ValueError:
            return None, "none"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return None, "month"
    if re.fullmatch(r"\d{4}", text):
        return None, "year"
    return None, "none"


def _as_province(quote: str, start: int, end: int) -> bool:
    return bool(_PROVINCE_WORDS.match(quote[end:]) or _PROVINCE_BEFORE.search(quote[:start]))


_RUN = re.compile(r"[\w'\u2019-]+")


def _mentions(quote: str, place: Place) -> list[tuple[int, int]]:
    """Where the quote names `place` (runs of up to four words the gazetteer reads as it;
    "Deir el-Zour" read as "Deir al-Zour")."""
    words = list(_RUN.finditer(quote))
    found = []
    for i in range(len(words)):
        for size in range(min(4, len(words) - i), 0, -1):
            start, end = words[i].start(), words[i + size - 1].end()
            run = quote[start:end]
            if lookup(run) == place or lookup(re.sub(r"(?<!\w)[Ee]l-", "al-", run)) == place:
                found.append((start, end))
                break
    return found


def _level(place: Place | None, location: str | None, quote: str | None) -> str | None:
    """'province' when the text names the place as a province ("in Deir el-Zour
    province"), else 'town'. A village the gazetteer does not know keeps its name in
    `location` and takes as `place` the one the text names around it ("Buqaan, another
    village next to Abu al-Hassan, in Deir el-Zour province"): when that place is named
    only as a province, so is the account placed."""
    if place is None:
        return None
    if location and quote:
        at = quote.find(location)
        if at >= 0 and _as_province(quote, at, at + len(location)):
            return "province"
        if find_place(location) != place:
            mentions = _mentions(quote, place)
            if mentions and all(_as_province(quote, start, end) for start, end in mentions):
                return "province"
    return "town"


def _digest(*parts) -> str:
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:16]


def _coords(place: Place | None, lat=None, lon=None):
    if lat is None and place is not None:
        return place.lat, place.lon
    return lat, lon


STRIKES_SQL = """
SELECT s.id, s.strike_date, s.place, s.location, s.country, s.strikes, s.engagements, s.effects,
       r.publisher, d.url, r.version_id, v.capture_id, r.document_id
FROM strikes s JOIN strike_releases r ON r.id = s.release_id
JOIN documents d ON d.id = r.document_id LEFT JOIN versions v ON v.id = r.version_id
WHERE s.strike_date IS NOT NULL AND s.strikes > 0
"""
ALLEGATIONS_SQL = """
SELECT a.id, a.allegation_date, a.place, a.location, a.country, a.assessment, a.civilians_killed,
       a.civilians_injured, a.allegation_key, a.reporting_source, a.reason_text, p.month_covered,
       p.published, d.url, p.version_id, v.capture_id, p.document_id, v.seen_at
FROM allegations a JOIN civcas_reports p ON p.id = a.report_id
JOIN documents d ON d.id = p.document_id LEFT JOIN versions v ON v.id = p.version_id
"""
INCIDENTS_SQL = """
SELECT i.id, i.incident_date, i.location, i.country, i.latitude, i.longitude, i.code, i.killed_min,
       i.killed_max, i.injured_min, i.grading, i.belligerent, i.civilian_deaths_conceded,
       i.version_id, v.capture_id, i.document_id
FROM incidents i LEFT JOIN versions v ON v.id = i.version_id
"""
CLAIMS_SQL = """
SELECT c.id, c.event_date, c.event_date_end, c.cumulative, c.place, c.location, c.country,
       c.claimant, {publisher}, c.killed_min, c.killed_max, c.children, c.women, c.injured,
       c.attributed_to, c.quote, d.url, c.version_id, v.capture_id, c.document_id
FROM claims c JOIN documents d ON d.id = c.document_id LEFT JOIN versions v ON v.id = c.version_id
"""
STATEMENTS_SQL = """
SELECT t.id, t.event_date, t.place, t.location, t.country, t.claimant, t.speaker, t.publisher,
       t.strikes, t.civilians_killed, t.denies_harm, t.position, t.quote, d.url, t.version_id,
       v.capture_id, t.document_id
FROM statements t JOIN documents d ON d.id = t.document_id LEFT JOIN versions v ON v.id = t.version_id
"""


def load_accounts(db: sqlite_utils.Database) -> list[Account]:
    """Every account in the store, dated and placed as precisely as its source allows."""
    tables = set(db.table_names())
    found: list[Account] = []
    if {"strikes", "strike_releases"} <= tables:
        for (rid, when, name, location, country, strikes, engagements, effects, publisher, url,
             version_id, capture_id, document_id) in db.execute(STRIKES_SQL).fetchall():
            day, precision = _date(when)
            place = lookup(name) or find_place(location)
            lat, lon = _coords(place)
            found.append(Account(
                "strike", "strikes", rid, _digest("strike", url, when, name or location, strikes),
                day, precision, place, "town" if place else None, lat, lon, country or (place and place.country),
                side="coalition strikes", claimant=publisher or "coalition", publisher=publisher,
                account=f"strikes|{publisher}|{when}|{name or location}|{strikes}",
                printed_date=when, location=location,
                figures={"strikes": strikes}, quote=effects,
                document_id=document_id, version_id=version_id, capture_id=capture_id))
    if {"allegations", "civcas_reports"} <= tables:
        for (rid, when, name, location, country, assessment, killed, injured, key, reporter, reason,
             month, published, url, version_id, capture_id, document_id, seen) in db.execute(ALLEGATIONS_SQL).fetchall():
            day, precision = _date(when)
            place = lookup(name) or find_place(location)
            lat, lon = _coords(place)
            found.append(Account(
                "allegation", "allegations", rid, _digest("allegation", url, key, month, location),
                day, precision, place, "town" if place else None, lat, lon, country,
                side="coalition assessment", claimant="CJTF-OIR", publisher="CJTF-OIR",
                account=f"allegation|{key}", printed_date=when, location=location,
                figures={"killed_min": killed, "killed_max": killed, "injured": injured},
                status=f"{assessment} (report {month or published or 'of unknown month'}, seen {str(seen)[:10]})",
                quote=reason, document_id=document_id, version_id=version_id, capture_id=capture_id))
    if "incidents" in tables:
        for (rid, when, location, country, lat, lon, code, kmin, kmax, injured, grading, belligerent,
             conceded, version_id, capture_id, document_id) in db.execute(INCIDENTS_SQL).fetchall():
            day, precision = _date(when)
            place = find_place(location)
            lat, lon = _coords(place, lat, lon)
            found.append(Account(
                "incident", "incidents", rid, _digest("incident", code), day, precision, place,
                "town" if (place or lat is not None) else None, lat, lon, country or (place and place.country),
                side="Airwars", claimant="Airwars", publisher="Airwars", account=f"incident|{code}",
                printed_date=when, location=location,
                figures={"killed_min": kmin, "killed_max": kmax, "injured": injured, "conceded": conceded},
                status=f"{code}: {grading or 'ungraded'}; belligerent {belligerent or '?'}",
                document_id=document_id, version_id=version_id, capture_id=capture_id))
    if "claims" in tables:
        has_publisher = "publisher" in db["claims"].columns_dict
        sql = CLAIMS_SQL.format(publisher="c.publisher" if has_publisher else "NULL")
        for (rid, when, until, cumulative, name, location, country, claimant, publisher, kmin, kmax,
             children, women, injured, blamed, quote, url, version_id, capture_id,
             document_id) in db.execute(sql).fetchall():
            day, precision = _date(when)
            if cumulative:
                day, precision = None, "since"
            elif until:
                day, precision = None, "range"
            place = lookup(name) or find_place(location)
            lat, lon = _coords(place)
            who = claimant or publisher or "unnamed"
            headline = kmin if kmin is not None else kmax
            found.append(Account(
                "claim", "claims", rid, _digest("claim", url, quote), day, precision, place,
                _level(place, location, quote), lat, lon, country or (place and place.country),
                side=who, claimant=claimant, publisher=publisher,
                account=f"claim|{who}|{when}|{headline}", printed_date=when, location=location,
                figures={"killed_min": kmin, "killed_max": kmax, "children": children, "women": women,
                         "injured": injured, "blames": blamed},
                status=f"blames {blamed}" if blamed else None, quote=quote,
                document_id=document_id, version_id=version_id, capture_id=capture_id))
    if "statements" in tables:
        for (rid, when, name, location, country, claimant, speaker, publisher, strikes, killed, denies,
             position, quote, url, version_id, capture_id, document_id) in db.execute(STATEMENTS_SQL).fetchall():
            day, precision = _date(when)
            place = lookup(name) or find_place(location)
            lat, lon = _coords(place)
            found.append(Account(
                "statement", "statements", rid, _digest("statement", url, quote), day, precision, place,
                _level(place, location, quote), lat, lon, country,
                side="coalition statement" if speaker != "US envoy to the coalition" else "US envoy",
                claimant=claimant, publisher=publisher,
                account=f"statement|{speaker}|{when}|{position}|{strikes}",
                printed_date=when, location=location,
                figures={"killed_min": killed, "killed_max": killed, "strikes": strikes,
                         "denies_harm": bool(denies)},
                status=f"{speaker}: {position}", quote=quote,
                document_id=document_id, version_id=version_id, capture_id=capture_id))
    return found


def distance_km(a_lat, a_lon, b_lat, b_lon) -> float | None:
    if None in (a_lat, a_lon, b_lat, b_lon):
        return None
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _near(a: Account, b: Account, radius_km: float) -> tuple[bool, float | None]:
    km = distance_km(a.lat, a.lon, b.lat, b.lon)
    if a.place is not None and b.place is not None and a.place.name == b.place.name:
        return True, km
    return (km is not None and km <= radius_km), km


@dataclass
class Cluster:
    anchors: list[Account] = field(default_factory=list)
    others: list[tuple[Account, str]] = field(default_factory=list)  # (account, how it joined)

    @property
    def day(self) -> date:
        counts = Counter(a.day for a in self.anchors)
        return min(counts, key=lambda d: (-counts[d], d))

    @property
    def centre(self) -> Account:
        """The anchor at the event's most common place (with coordinates when any has)."""
        counts = Counter(a.place.name for a in self.anchors if a.place)
        if counts:
            name = min(counts, key=lambda n: (-counts[n], n))
            return next(a for a in self.anchors if a.place and a.place.name == name)
        return self.anchors[0]

    def members(self) -> list[tuple[Account, str]]:
        return [(a, "anchor") for a in self.anchors] + self.others


def cluster_accounts(found: list[Account], *, window_days: int = 1, radius_km: float = 10.0,
                     province_km: float = 150.0) -> list[Cluster]:
    """Group accounts into events (see the module's docstring for the rules)."""
    anchors = [a for a in found if a.kind in ANCHOR_KINDS and a.precision == "day"
               and a.place_level == "town" and (a.place is not None or a.lat is not None)]
    anchors.sort(key=lambda a: (a.day, ANCHOR_KINDS.index(a.kind), a.key))
    clusters: list[Cluster] = []
    by_day: dict[date, list[Cluster]] = defaultdict(list)
    for account in anchors:
        best, best_score = None, None
        seen: set[int] = set()
        for offset in range(-window_days, window_days + 1):
            for cluster in by_day.get(date.fromordinal(account.day.toordinal() + offset), ()):
                if id(cluster) in seen:
                    continue
                seen.add(id(cluster))
                fits, score = True, 0.0
                for other in cluster.anchors:
                    gap = abs((account.day - other.day).days)
                    near, km = _near(account, other, radius_km)
                    if gap > window_days or not near:
                        fits = False
                        break
                    score += gap + (km or 0.0) / radius_km
                if fits:
                    score /= len(cluster.anchors)
                    if best_score is None or score < best_score:
                        best, best_score = cluster, score
        if best is None:
            best = Cluster()
            clusters.append(best)
        best.anchors.append(account)
        by_day[account.day].append(best)
    _attach_strikes(clusters, found, radius_km)
    _attach_coarse(clusters, found, window_days, province_km)
    return clusters


def _attach_strikes(clusters: list[Cluster], found: list[Account], radius_km: float) -> None:
    """A coalition strike row joins the event of its own day and place (the nearest one)."""
    by_day: dict[date, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        by_day[cluster.day].append(cluster)
    for strike in found:
        if strike.kind != "strike" or strike.day is None or strike.place is None:
            continue
        options = []
        for cluster in by_day.get(strike.day, ()):
            near, km = _near(strike, cluster.centre, radius_km)
            if near:
                options.append((km or 0.0, id(cluster), cluster))
        if options:
            min(options)[2].others.append((strike, "strike row of the event's day and place"))


def _attach_coarse(clusters: list[Cluster], found: list[Account], window_days: int, province_km: float) -> None:
    """Day-dated accounts placed only at a province, or nowhere: they join the one event
    that fits, or none."""
    by_day: dict[date, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        by_day[cluster.day].append(cluster)
    for account in found:
        if account.kind not in ANCHOR_KINDS or account.precision != "day" or account.place_level == "town":
            continue
        fitting = []
        nearby = [c for offset in range(-window_days, window_days + 1)
                  for c in by_day.get(date.fromordinal(account.day.toordinal() + offset), ())]
        for cluster in nearby:
            same_page = any(m.document_id == account.document_id for m, _ in cluster.members())
            if account.place_level == "province":
                centre = cluster.centre
                km = distance_km(account.lat, account.lon, centre.lat, centre.lon)
                if km is None or km > province_km:
                    continue
                fitting.append((cluster, same_page, f"province {account.place.name}, {km:.0f} km from the event"))
            elif same_page:
                fitting.append((cluster, True, "no place of its own; same page and day as the event"))
        on_page = [f for f in fitting if f[1]]
        choice = fitting if len(fitting) == 1 else on_page if len(on_page) == 1 else []
        if choice:
            cluster, _, why = choice[0]
            cluster.others.append((account, why))


# -- the tables ---------------------------------------------------------------------------------


def _event_key(members: list[tuple[Account, str]]) -> str:
    return hashlib.sha256("\n".join(sorted(a.key for a, _ in members)).encode()).hexdigest()[:20]


def _number(figures: dict) -> int | None:
    values = [v for v in (figures.get("killed_max"), figures.get("killed_min")) if v is not None]
    return max(values) if values else None


def summarise(cluster: Cluster) -> dict:
    members = cluster.members()
    centre = cluster.centre
    days = [a.day for a, _ in members if a.day]
    # The gap is the coalition's: claims that blame another party (Russia, the regime) are
    # members of the event but not counted against the coalition's figure.
    claims = [_number(a.figures) for a, _ in members
              if a.kind in ("claim", "incident") and a.figures.get("blames") in (None, "coalition")]
    claims = [c for c in claims if c is not None]
    acknowledged = []
    for account, _ in members:
        if account.kind == "allegation" and account.status and account.status.startswith("credible"):
            acknowledged.append(account.figures.get("killed_min") or 0)
        elif account.kind == "incident" and account.figures.get("conceded"):
            acknowledged.append(account.figures["conceded"])
        elif account.kind == "statement":
            acknowledged.append(0 if account.figures.get("denies_harm") else account.figures.get("killed_min") or 0)
        elif account.kind == "allegation":
            acknowledged.append(0)
    highest = max(claims) if claims else None
    conceded = max(acknowledged) if acknowledged else None
    place = centre.place.name if centre.place else (centre.location or "unknown place")
    return {
        "title": f"{place}, {cluster.day.isoformat()}",
        "event_date": cluster.day.isoformat(),
        "first_date": min(days).isoformat() if days else None,
        "last_date": max(days).isoformat() if days else None,
        "place": centre.place.name if centre.place else None,
        "country": centre.country,
        "latitude": centre.lat, "longitude": centre.lon,
        "members": len(members),
        "accounts": len({a.account for a, _ in members}),
        "sides": len({a.side for a, _ in members}),
        "highest_claim": highest,
        "coalition_acknowledged": conceded,
        "gap": None if highest is None else highest - (conceded or 0),
    }


def member_row(event_id: int, account: Account, joined: str, cluster: Cluster) -> dict:
    centre = cluster.centre
    km = distance_km(account.lat, account.lon, centre.lat, centre.lon)
    f = account.figures
    return {
        "event_id": event_id, "kind": account.kind, "member_table": account.table, "row_id": account.row_id,
        "member_key": account.key, "account": account.account, "side": account.side,
        "claimant": account.claimant, "publisher": account.publisher, "joined": joined,
        "event_date": account.printed_date, "date_precision": account.precision,
        "place": account.place.name if account.place else None, "location": account.location,
        "days_apart": None if account.day is None else abs((account.day - cluster.day).days),
        "distance_km": None if km is None else round(km, 1),
        "killed_min": f.get("killed_min"), "killed_max": f.get("killed_max"), "children": f.get("children"),
        "women": f.get("women"), "injured": f.get("injured"), "strikes": f.get("strikes"),
        "status": account.status, "quote": account.quote, "document_id": account.document_id,
        "version_id": account.version_id, "capture_id": account.capture_id,
    }


def _keep_ids(old: dict[int, set[str]], old_keys: dict[str, int], clusters: list[Cluster]) -> list[int | None]:
    """The id each new event keeps: the old event with the same membership, else the old
    event that holds most of its members (and most of whose members it holds)."""
    chosen: list[int | None] = []
    taken: set[int] = set()
    for cluster in clusters:
        members = cluster.members()
        same = old_keys.get(_event_key(members))
        if same is not None and same not in taken:
            chosen.append(same)
            taken.add(same)
            continue
        keys = {a.key for a, _ in members}
        best = None
        for event_id, old_members in old.items():
            if event_id in taken:
                continue
            common = len(keys & old_members)
            if common * 2 > len(keys) and common * 2 > len(old_members):
                best = event_id
                break
        if best is not None:
            taken.add(best)
        chosen.append(best)
    return chosen


def rebuild_events(db: sqlite_utils.Database, *, window_days: int = 1, radius_km: float = 10.0,
                   province_km: float = 150.0) -> int:
    """Replace `events` and `event_members` with the events the tables give now; return
    how many events."""
    if "events" not in db.table_names():
        return 0
    clusters = cluster_accounts(load_accounts(db), window_days=window_days, radius_km=radius_km,
                                province_km=province_km)
    clusters.sort(key=lambda c: (c.day, c.centre.place.name if c.centre.place else ""))
    old_keys = {key: eid for eid, key in db.execute("SELECT id, event_key FROM events").fetchall()}
    old: dict[int, set[str]] = defaultdict(set)
    for eid, key in db.execute("SELECT event_id, member_key FROM event_members").fetchall():
        old[eid].add(key)
    ids = _keep_ids(old, old_keys, clusters)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    conn = db.conn
    with conn:
        conn.execute("DELETE FROM event_members")
        conn.execute("DELETE FROM events")
        for cluster, event_id in zip(clusters, ids, strict=True):
            members = cluster.members()
            row = {"id": event_id, "event_key": _event_key(members), **summarise(cluster), "built_at": now}
            columns = list(row)
            cursor = conn.execute(
                f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [row[c] for c in columns])
            event_id = cursor.lastrowid
            rows = [member_row(event_id, a, joined, cluster) for a, joined in members]
            names = list(rows[0])
            conn.executemany(
                f"INSERT INTO event_members ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                [[r[n] for n in names] for r in rows])
    return len(clusters)


def rebuild_store_events(data_dir) -> int:
    """Open the store in `data_dir` and rebuild its events (after a crawl or a
    re-extraction, whose new rows may belong to events)."""
    from archive.store import Store

    store = Store.open(data_dir)
    try:
        return rebuild_events(store.db)
    finally:
        store.close()
