"""Incident links: which accounts speak of the same event.

Four kinds of account are compared: the coalition's strike rows (`strike`), its
allegations (`allegation`), Airwars incidents (`incident`) and monitors' claims (`claim`).
Two accounts of different kinds are linked when they fall within `window_days` of each
other and name the same place (through the gazetteer) or lie within `radius_km` (when both
have coordinates). Each link carries a score in [0, 1] and the fields that matched, so a
researcher can see why two rows were put together and judge it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlite_utils

from crawler.places.gazetteer import Place, find_place, lookup

KIND_ORDER = ("strike", "allegation", "incident", "claim")

# kind -> (table, SQL giving id, date, place, location, country, lat, lon)
SOURCES = {
    "strike": ("strikes", "SELECT id, strike_date, place, location, country, NULL, NULL FROM strikes"),
    "allegation": (
        "allegations",
        "SELECT id, allegation_date, place, location, country, NULL, NULL FROM allegations",
    ),
    "incident": (
        "incidents",
        "SELECT id, incident_date, NULL, location, NULL, latitude, longitude FROM incidents",
    ),
    "claim": ("claims", "SELECT id, event_date, place, NULL, country, NULL, NULL FROM claims"),
}


@dataclass(frozen=True)
class Account:
    kind: str
    id: int
    day: date
    place: Place | None
    lat: float | None
    lon: float | None


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def _place(name: str | None, location: str | None) -> Place | None:
    return lookup(name) or find_place(name) or find_place(location)


def accounts(db: sqlite_utils.Database) -> list[Account]:
    """Every dated account in the tables this store has."""
    found = []
    tables = set(db.table_names())
    for kind, (table, sql) in SOURCES.items():
        if table not in tables:
            continue
        for row_id, when, name, location, _country, lat, lon in db.execute(sql).fetchall():
            day = _day(when)
            if day is None:
                continue
            place = _place(name, location)
            if lat is None and place is not None:
                lat, lon = place.lat, place.lon
            found.append(Account(kind, row_id, day, place, lat, lon))
    return found


def distance_km(a: Account, b: Account) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    # Haversine on a spherical Earth: good to well under a kilometre at these distances.
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def match(a: Account, b: Account, window_days: int, radius_km: float) -> dict | None:
    """The link between two accounts, or None when they are not about the same event."""
    gap = abs((a.day - b.day).days)
    if gap > window_days:
        return None
    km = distance_km(a, b)
    same_place = a.place is not None and b.place is not None and a.place.name == b.place.name
    if same_place:
        place_score, why = 1.0, f"place {a.place.name}"
    elif km is not None and km <= radius_km:
        place_score, why = 1.0 - km / radius_km, f"{km:.1f} km apart"
    else:
        return None
    date_score = 1.0 - gap / (window_days + 1)
    reasons = [why, f"{gap} day{'s' if gap != 1 else ''} apart"]
    if same_place and km is not None:
        reasons.append(f"{km:.1f} km")
    return {
        "place": a.place.name if same_place else None,
        "days_apart": gap,
        "distance_km": None if km is None else round(km, 2),
        "score": round(0.6 * place_score + 0.4 * date_score, 3),
        "matched": "; ".join(reasons),
    }


def find_links(found: list[Account], window_days: int = 2, radius_km: float = 10.0):
    """Yield (left, right, link) for every linked pair of accounts of different kinds."""
    by_day: dict[date, list[Account]] = defaultdict(list)
    for account in found:
        by_day[account.day].append(account)
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    for left in found:
        for offset in range(-window_days, window_days + 1):
            for right in by_day.get(left.day + timedelta(days=offset), ()):
                if rank[right.kind] <= rank[left.kind]:
                    continue  # each pair once, never two accounts of one kind
                link = match(left, right, window_days, radius_km)
                if link is not None:
                    yield left, right, link


def rebuild_incident_links(db: sqlite_utils.Database, window_days: int = 2, radius_km: float = 10.0) -> int:
    """Replace `incident_links` with the links the tables give now; return how many."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = [
        {
            "left_kind": left.kind, "left_id": left.id,
            "right_kind": right.kind, "right_id": right.id,
            "left_date": left.day.isoformat(), "right_date": right.day.isoformat(),
            "built_at": now, **link,
        }
        for left, right, link in find_links(accounts(db), window_days, radius_km)
    ]
    with db.conn:
        db.execute("DELETE FROM incident_links")
        if rows:
            db["incident_links"].insert_all(rows)
    return len(rows)
