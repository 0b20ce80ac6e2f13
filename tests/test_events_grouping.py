"""The grouping rules of crawler/research/events.py on accounts made by hand: complete
linkage (no chaining), strike rows on their own day, coarse accounts only where one event
fits, month-dated accounts never."""

from __future__ import annotations

from datetime import date

from crawler.places.gazetteer import lookup
from crawler.research.events import Account, cluster_accounts


def account(kind, row_id, day, place, *, level="town", precision="day", document_id=None, side="SOHR"):
    where = lookup(place) if place else None
    return Account(
        kind=kind, table=kind + "s", row_id=row_id, key=f"{kind}{row_id}",
        day=date.fromisoformat(day) if day and precision == "day" else None, precision=precision,
        place=where, place_level=level if where else None, lat=where.lat if where else None,
        lon=where.lon if where else None, country=where.country if where else None, side=side,
        document_id=document_id)


def groups(clusters):
    return sorted(sorted(a.key for a, _ in c.members()) for c in clusters)


def test_a_chain_of_days_is_not_glued_into_one_event():
    found = [account("claim", 1, "2018-11-16", "Hajin"), account("claim", 2, "2018-11-17", "Hajin"),
             account("claim", 3, "2018-11-18", "Hajin")]
    result = groups(cluster_accounts(found))
    assert not any({"claim1", "claim3"} <= set(g) for g in result)
    assert sum(len(g) for g in result) == 3


def test_places_apart_are_apart_and_the_same_place_together():
    found = [account("claim", 1, "2018-11-17", "Hajin"), account("incident", 2, "2018-11-17", "Hajin"),
             account("claim", 3, "2018-11-17", "Raqqa")]
    assert groups(cluster_accounts(found)) == [["claim1", "incident2"], ["claim3"]]


def test_strike_rows_join_their_own_day_only_and_never_make_an_event():
    found = [account("claim", 1, "2018-11-17", "Hajin"),
             account("strike", 2, "2018-11-17", "Hajin", side="coalition strikes"),
             account("strike", 3, "2018-11-18", "Hajin", side="coalition strikes"),
             account("strike", 4, "2018-11-19", "Mosul", side="coalition strikes")]
    assert groups(cluster_accounts(found)) == [["claim1", "strike2"]]


def test_a_province_joins_the_one_event_that_fits_or_none():
    hajin = account("claim", 1, "2018-11-17", "Hajin")
    province = account("claim", 2, "2018-11-17", "Deir ez-Zor", level="province")
    assert groups(cluster_accounts([hajin, province])) == [["claim1", "claim2"]]
    # Two events within reach: the province-level account is ambiguous and stays out...
    susah = account("claim", 3, "2018-11-17", "Abu Kamal")
    assert groups(cluster_accounts([hajin, susah, province])) == [["claim1"], ["claim3"]]
    # ...unless it was read from the same page as one of them.
    hajin_on_page = account("claim", 1, "2018-11-17", "Hajin", document_id=7)
    province_on_page = account("claim", 2, "2018-11-17", "Deir ez-Zor", level="province", document_id=7)
    assert groups(cluster_accounts([hajin_on_page, susah, province_on_page])) == [["claim1", "claim2"], ["claim3"]]


def test_month_dated_accounts_and_tallies_are_never_members():
    found = [account("claim", 1, "2018-11-17", "Hajin"),
             account("claim", 2, None, "Hajin", precision="month"),
             account("claim", 3, None, "Hajin", precision="since")]
    assert groups(cluster_accounts(found)) == [["claim1"]]


def claim_accounts(text, published, publisher):
    """The accounts `load_accounts` reads from the claims the parser gives for a text."""
    from dataclasses import asdict

    import sqlite_utils

    from crawler.parsers.claims import parse_claims
    from crawler.research.events import load_accounts

    db = sqlite_utils.Database(memory=True)
    db["documents"].insert({"id": 1, "url": "https://example.org/page"})
    db["versions"].insert({"id": 1, "capture_id": 1})
    rows = [{"id": n, **asdict(c), "document_id": 1, "version_id": 1, "publisher": publisher}
            for n, c in enumerate(parse_claims(text, published=published, publisher=publisher), 1)]
    db["claims"].insert_all(rows, pk="id", alter=True)
    return load_accounts(db)


def test_a_village_the_gazetteer_does_not_know_in_a_province_is_placed_at_the_province():
    """CBC's page: SANA's 40 "in the remote area of Buqaan, another village next to Abu
    al-Hassan, in Deir el-Zour province". The claims parser keeps the village as printed
    and takes the province as its place; the account is then placed at the province (a
    coarse account), not in Deir ez-Zor city 95 km from Hajin."""
    found = claim_accounts(
        "Syrian state news agency SANA also reported the strikes, saying 40 were killed in the remote area of "
        "Buqaan, another village next to Abu al-Hassan, in Deir el-Zour province.", "2018-11-17", "CBC News")
    assert [(a.location, a.place.name, a.place_level) for a in found] == [("Buqaan", "Deir ez-Zor", "province")]
    # A village named beside a town keeps the town's level...
    found = claim_accounts(
        "The airstrikes killed at least 43 people in Abu al-Hassan village, near the town of Hajin, on Saturday.",
        "2018-11-17", "CBC News")
    assert [(a.location, a.place.name, a.place_level) for a in found] == [("Abu al-Hassan", "Hajin", "town")]
    # ...and a province named as such is a province, as before.
    found = claim_accounts("Airstrikes killed 12 people in Deir Ezzor province on Saturday.", "2018-11-17", "SOHR")
    assert [(a.place.name, a.place_level) for a in found] == [("Deir ez-Zor", "province")]
