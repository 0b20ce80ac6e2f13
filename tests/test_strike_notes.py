"""What a strike release's parser could not read is kept with its rows: a day printed
without a year that nothing dates stays undated, and the row says which day it names and
the release says why (migration 0150)."""

from __future__ import annotations

import json

from archive.store import Extracted
from crawler.items import PageItem
from crawler.pipelines.store import store_page

UKMOD = "https://www.gov.uk/government/news/update-air-strikes-in-iraq"
# A repost of one UK MoD entry: its day has no year, and the text prints no date of its own.
ENTRY = ("On Saturday 17 November, a Reaper conducted a strike near Hajin, destroying a Daesh "
         "mortar team.")


def _store(store, text: str, published: str | None):
    item = PageItem(source="ukmod-strikes", kind="strike_release", url=UKMOD, capture_id=None,
                    status=200, content_type="text/html", body=f"<p>{text}</p>".encode())
    page = Extracted(text=text, title="Update: air strikes in Iraq and Syria", published=published)
    recorded, written = store_page(store, item, page)
    assert written and written > 0
    return recorded


def test_a_day_without_a_year_keeps_its_printed_day_and_the_release_says_why(store):
    _store(store, ENTRY, published=None)
    line = next(store.db.query("SELECT strike_date, date_printed, place FROM strikes"))
    assert line["strike_date"] is None
    assert "17 November" in line["date_printed"] and line["place"] == "Hajin"
    notes = json.loads(next(store.db.query("SELECT notes FROM strike_releases"))["notes"])
    assert any("17 November" in note for note in notes), notes


def test_with_the_page_date_the_day_is_dated_and_nothing_is_left_to_say(store):
    _store(store, ENTRY, published="2018-11-20")
    line = next(store.db.query("SELECT strike_date, date_printed FROM strikes"))
    assert (line["strike_date"], line["date_printed"]) == ("2018-11-17", None)
    assert next(store.db.query("SELECT notes FROM strike_releases"))["notes"] is None
