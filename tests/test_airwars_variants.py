"""Template variants of the Airwars incident page (tests/support/airwars_variants.py): the 2024-25
theme's markup with its summary once or twice, its lists and blocks reordered, tooltips inside
labels, the breakdown inside the value, the values only in the second copy; and the older
themes' stored text renderings, a page's and a listing's. Read the way the crawl reads them
(crawler/extract.read_html, then the parser; a stored text through parse_incident_text), every
variant must give the rows a reader takes from the printed values."""

from __future__ import annotations

import pytest

from support.airwars_variants import INCIDENTS, MARKUP, TEXT
from crawler.reading.extract import read_html
from crawler.parsers.airwars import parse_incident, parse_incident_text

URL = "https://airwars.org/civilian-casualties/x/"


def _rows(incident, expected: dict) -> dict:
    return {name: getattr(incident, name) for name in expected}


@pytest.mark.parametrize("variant", sorted(MARKUP))
@pytest.mark.parametrize("inc", INCIDENTS, ids=[i["code"] for i in INCIDENTS])
def test_the_themes_markup_gives_the_same_rows_whatever_its_shape(inc, variant):
    body = MARKUP[variant](inc).encode("utf-8")
    tree = read_html(body, "text/html; charset=utf-8", keep_root=True)[0].root
    incident = parse_incident(tree, URL)
    assert incident.theme == "2024"
    assert _rows(incident, inc["rows"]) == inc["rows"]


@pytest.mark.parametrize("variant", sorted(TEXT))
@pytest.mark.parametrize("inc", INCIDENTS, ids=[i["code"] for i in INCIDENTS])
def test_the_stored_renderings_give_the_same_rows(inc, variant):
    text = TEXT[variant](inc)
    expected = dict(inc["rows"])
    if variant == "listing-2022":
        expected["belligerent_position"] = None  # a listing preview prints no assessment
    assert _rows(parse_incident_text(text, URL), expected) == expected


def test_the_variants_differ_from_one_another_so_the_comparison_means_something():
    pages = {name: render(INCIDENTS[1]) for name, render in MARKUP.items()}
    assert len(set(pages.values())) == len(pages)
    assert "tooltip-content" in pages["label-tooltips"].split("Civilians reported killed")[1][:200]
