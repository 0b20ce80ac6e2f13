"""Airwars incident pages as they really are: values from whichever block holds them, no
tooltip text inside a value, singular and plural labels, the country from the location line.
Each class has a unit test on markup written here and a test on the real pages of
tests/corpus/real/airwars/ (checked against their hand annotation)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from crawler.parsers.airwars import parse_incident

REAL = Path(__file__).parent / "corpus" / "real" / "airwars"


def _new_theme(summaries: list[str], belligerent: str = "US-led Coalition") -> str:
    lists = "".join(f'<ul class="meta-list summary">{s}</ul>' for s in summaries)
    return (
        '<html><body><article class="civ"><div class="info-left">'
        '<div class="meta-block code current"><h4>Incident Code</h4><span>CS9001</span></div>'
        '<div class="meta-block"><h4>Incident date</h4> March 3, 2017 </div>'
        '<div class="meta-block location"><h4>Location</h4> Al Mansoura, Raqqa, Syria </div></div>'
        f'<div class="info-main">{lists}'
        f'<div class="belligerent-assessments"><h2 class="color-header">{belligerent} Assessment:</h2>'
        '<ul class="meta-list"><li><div>Suspected belligerent</div><div class="value">'
        f'{belligerent}</div></li><li><div>{belligerent} position on incident</div>'
        '<div class="has-tooltip value">Non credible <div class="tooltip"><div class="tooltip-content">'
        'Insufficient information to assess the claim.</div></div></div></li></ul></div>'
        f'{lists}</div></article></body></html>'
    )


def _row(label: str, value: str, tooltip: str = "") -> str:
    tip = f'<div class="tooltip"><div class="tooltip-content">{tooltip}</div></div>' if tooltip else ""
    cls = "has-tooltip value" if tooltip else "value"
    return f'<li><div>{label}</div><div class="{cls}"> {value} {tip}</div></li>'


def _rendering(lines: list[str]) -> str:
    """A text rendering fed as HTML, one <div> a line (as the real-text gate feeds it)."""
    return "<html><body>" + "".join(f"<div>{html.escape(ln)}</div>" for ln in lines) + "</body></html>"


def test_values_come_from_whichever_summary_block_holds_them():
    page = _new_theme([
        _row("Strike status", "Likely strike") + _row("Strike type", "Airstrike"),
        _row("Civilian harm reported", "Yes") + _row("Civilians reported killed", "4 – 9")
        + _row("Civilians reported injured", "12"),
    ])
    inc = parse_incident(page)
    assert (inc.killed_min, inc.killed_max, inc.injured_min, inc.injured_max) == (4, 9, 12, 12)


def test_tooltip_text_is_never_part_of_a_value():
    page = _new_theme([_row("Civilians reported killed", "1")
                       + _row("Airwars civilian harm grading", "Fair", "Reported by two or more credible sources.")])
    inc = parse_incident(page)
    assert (inc.grading, inc.belligerent_position) == ("Fair", "Non credible")


def test_a_rendering_reads_plural_labels_the_country_and_the_second_summary():
    lines = ["Belligerent", "US-led Coalition", "Country", "Iraq", "Civilian Harm Status", "Belligerent Assessment",
             "Incident Code", "CI9002", "Incident date", "June 2, 2017", "Location",
             "حي, Mosul, Zanjili, Nineveh, Iraq", "Summary", "Civilian harm reported", "Yes",
             "Civilians reported killed", "Unknown", "Airwars civilian harm grading", "Contested",
             "Competing claims of responsibility.", "Suspected attackers",
             "US-led Coalition, Iraq Government Forces", "US-led Coalition Assessment:",
             "US-led Coalition position on incident", "Non credible / Unsubstantiated",
             "Insufficient information to assess that a Coalition strike resulted in civilian casualties.",
             "Summary", "Civilians reported killed", "3 – 5"]
    inc = parse_incident(_rendering(lines))
    assert (inc.code, inc.incident_date, inc.country) == ("CI9002", "2017-06-02", "Iraq")
    assert (inc.killed_min, inc.killed_max, inc.grading) == (3, 5, "Contested")
    assert (inc.belligerent, inc.belligerent_position) == ("US-led Coalition", "Non credible / Unsubstantiated")


def test_a_label_printed_without_a_value_gives_none():
    lines = ["Incident Code", "RS9003", "Location", "Al-Sayyal, Deir Ezzor, Syria", "Key Information",
             "Country", "Military Actor", "Civilian Harm Status", "Weak", "Civilians reported killed", "2",
             "Suspected belligerent", "Russian Military"]
    inc = parse_incident(_rendering(lines))
    assert (inc.country, inc.grading, inc.killed_min, inc.injured_min) == ("Syria", "Weak", 2, None)
    assert inc.belligerent == "Russian Military"


# -- the same classes on real pages (tests/corpus/real/airwars, annotated by hand) ------


def _real(doc: str):
    sources = json.loads((REAL / "sources.json").read_text(encoding="utf-8"))
    expected = json.loads((REAL / "annotations.json").read_text(encoding="utf-8"))[doc]["expected"]
    text = (REAL / sources[doc]["file"]).read_text(encoding="utf-8")
    lines = [re.sub(r"^\s*[•·*]\s*", "", ln) for ln in text.splitlines()]
    return parse_incident(_rendering([ln for ln in lines if ln.strip()]), sources[doc]["url"]), expected


@pytest.mark.parametrize("doc", [
    "a104_ci802",               # plural 'Suspected attackers', two parties
    "a105_ci144",               # summary rendered twice, ranges '0 – 1' and '0–1'
    "a107_r2459a",              # a suffixed code, two assessment blocks
    "a109_rs2785_2024theme",    # the 2024 theme's rendering: empty 'Country' row, 'Civilian Harm Status'
    "a110_ci392_listing_page",  # listing widgets before the incident, a tooltip line after a value
])
def test_real_pages_read_to_their_annotation(doc):
    incident, expected = _real(doc)
    got = {name: getattr(incident, name) for name in expected}
    assert got == expected


def test_the_stored_text_reads_like_the_page():
    from crawler.parsers.airwars import parse_incident_text

    sources = json.loads((REAL / "sources.json").read_text(encoding="utf-8"))
    notes = json.loads((REAL / "annotations.json").read_text(encoding="utf-8"))
    for doc in ("a105_ci144", "a110_ci392_listing_page"):
        text = (REAL / sources[doc]["file"]).read_text(encoding="utf-8")
        incident = parse_incident_text(text, sources[doc]["url"])
        expected = notes[doc]["expected"]
        assert {name: getattr(incident, name) for name in expected} == expected


def test_a_listing_page_gives_its_first_incident_and_none_of_the_next_ones_values():
    lines = ["Belligerent", "US-led Coalition", "Civilian Harm Status", "Belligerent Assessment",
             "Declassified Documents", "Incident date", "November 24, 2018", "Incident Code", "CS9004",
             "LOCATION", "Al Sha'afa, Deir Ezzor, Syria", "Summary", "Civilians reported killed", "14",
             "View Incident", "Incident date", "May 10, 2017", "Incident Code", "CS9005", "LOCATION",
             "Al Soor, Deir Ezzor, Syria", "Summary", "Civilians reported killed", "7 – 14",
             "Civilians reported injured", "12–24", "Airwars civilian harm grading", "Confirmed",
             "Known belligerent", "US-led Coalition"]
    inc = parse_incident(_rendering(lines))
    assert (inc.code, inc.incident_date, inc.killed_min, inc.injured_min, inc.grading) == (
        "CS9004", "2018-11-24", 14, None, None)


def test_a_filter_label_is_not_a_belligerent_block():
    lines = ["Belligerent", "US-led Coalition", "Belligerent Assessment", "Declassified Documents",
             "Incident Code", "CI9006", "Location", "Ar Rutbah, Anbar, Iraq", "Airwars assessment",
             "Up to 46 civilians died in an alleged Coalition airstrike."]
    inc = parse_incident(_rendering(lines))
    assert (inc.code, inc.country, inc.belligerent, inc.killed_min) == ("CI9006", "Iraq", None, None)
    lines += ["Russian Military Assessment", "Suspected belligerent", "Russian Military"]
    assert parse_incident(_rendering(lines)).belligerent == "Russian Military"
