"""The pure checks (crawler/reading/checks.py): parsed objects and their text in, check rows out.

Parsed objects are built here from the parsers' own dataclasses, so each test says what
a parser read and what the text prints, whatever the parsers read today."""

from __future__ import annotations

from crawler.reading import checks
from crawler.parsers.airwars import Incident
from crawler.parsers.civcas import Allegation, Report
from crawler.parsers.claims import Claim
from crawler.parsers.strikes import Release, StrikeLine


def by_name(found):
    return {c.check: c for c in found}


def allegation(assessment, item=1):
    return Allegation(item=item, allegation_date="2017-09-20", location="near Raqqah", place="Raqqah",
                      country="Syria", reporting_source="media", assessment=assessment,
                      reason_category=None, reason_text=None)


COUNTS = ("In the month of October, CJTF-OIR carried over 10 open reports and received 5 new reports. "
          "CJTF-OIR completed the assessment on 4 reports. Of these, one report was assessed to be "
          "credible and three were assessed to be non-credible. 11 reports are still open.")


def report(**figures):
    values = dict(carried_over=10, received_new=5, completed=4, credible=1, non_credible=3, still_open=11)
    values.update(figures)
    r = Report(title="Monthly report", published="2017-11-20", month_covered="2017-10", **values)
    r.allegations = [allegation("credible", 1)] + [allegation("non_credible", n) for n in (2, 3, 4)]
    return r


def test_a_report_whose_lists_and_sums_agree_with_its_counts_is_ok():
    found = checks.civcas_report(report(), COUNTS)
    assert {c.status for c in found} == {"ok"}
    names = by_name(found)
    assert (names["listed.credible"].printed, names["listed.credible"].found) == (1, 1)
    assert (names["listed.non_credible"].printed, names["listed.non_credible"].found) == (3, 3)
    assert (names["completed_sum"].printed, names["completed_sum"].found) == (4, 4)
    assert (names["still_open_sum"].printed, names["still_open_sum"].found) == (11, 11)
    assert names["stated.credible"].found == 1 and names["stated.non_credible"].found == 3


def test_a_list_shorter_than_its_printed_count_is_a_mismatch():
    r = report()
    r.allegations.pop()  # one non-credible entry not read
    names = by_name(checks.civcas_report(r, COUNTS))
    assert names["listed.non_credible"].status == "mismatch"
    assert (names["listed.non_credible"].printed, names["listed.non_credible"].found) == (3, 2)
    assert names["listed.credible"].status == "ok"


def test_sums_that_do_not_add_up_are_mismatches():
    names = by_name(checks.civcas_report(report(completed=5, still_open=12), COUNTS))
    assert names["completed_sum"].status == "mismatch" and names["completed_sum"].found == 4
    assert names["still_open_sum"].status == "mismatch" and names["still_open_sum"].found == 10


def test_a_count_the_text_states_and_the_row_left_empty_is_missing():
    text = COUNTS.replace("three were assessed to be non-credible",
                          "three were determined to be non-credible, and two were found to be duplicates")
    names = by_name(checks.civcas_report(report(non_credible=None), text))
    assert names["stated.non_credible"].status == "missing"
    assert names["stated.non_credible"].printed == 3 and names["stated.non_credible"].found is None
    assert "three were determined to be non-credible" in names["stated.non_credible"].detail
    assert names["stated.duplicate"].status == "missing" and names["stated.duplicate"].printed == 2
    # with non-credible unknown, the completed sum is not made up
    assert "completed_sum" not in names


def test_totals_since_2014_are_not_the_months_counts():
    text = ("The total number of reports of possible civilian casualties was 2,000, of which 300 were "
            "assessed to be credible. " + COUNTS)
    names = by_name(checks.civcas_report(report(), text))
    assert names["stated.credible"].printed == 1 and names["stated.credible"].status == "ok"


def test_duplicates_listed_inside_the_non_credible_list_count_there():
    r = report(non_credible=3, credible=1)
    r.allegations[-1] = allegation("duplicate", 4)
    names = by_name(checks.civcas_report(r, ""))
    assert names["listed.non_credible"].status == "ok"
    assert "duplicates listed there" in names["listed.non_credible"].detail


RELEASE = """SOUTHWEST ASIA — On Oct. 22, Coalition military forces conducted 22 airstrikes in Syria and
Iraq.
Syria
* Near Al Hawl, three airstrikes struck an ISIL tactical unit.
* Near Dayr Az Zawr, two airstrikes destroyed ISIL oil collection points.
Iraq
In Iraq, Coalition military forces conducted 17 strikes coordinated with the Government of Iraq.
* Near Bayji, nine airstrikes struck four ISIL tactical units.
* Near Ramadi, eight airstrikes struck two ISIL tactical units.
"""


def line(country, strikes, late=False):
    return StrikeLine(country=country, location="x", place=None, strikes=strikes, late_reported=late)


def release(lines):
    return Release(publisher="CJTF-OIR", release_number=None, release_date="2015-10-23",
                   period_start=None, period_end=None, total_strikes=22, total_engagements=None,
                   lines=lines)


def test_strike_lines_against_the_printed_total_and_country_totals():
    # the total is wrapped over two lines, as PDF text is
    assert checks.printed_totals(RELEASE) == (22, {"Iraq": 17})
    ok = release([line("Syria", 3), line("Syria", 2), line("Iraq", 9), line("Iraq", 8),
                  line("Iraq", 4, late=True)])  # late-reported strikes are not the day's
    assert {(c.check, c.status) for c in checks.strike_release([ok], RELEASE)} == {
        ("strikes.total", "ok"), ("strikes.iraq", "ok")}
    # a parser that kept the printed totals hands them over: the text is not read again
    assert checks.strike_release([ok], "", printed=(22, {"Iraq": 17})) == checks.strike_release([ok], RELEASE)
    short = release([line("Syria", 3), line("Iraq", 9), line("Iraq", 8)])
    names = by_name(checks.strike_release([short], RELEASE))
    assert names["strikes.total"].status == "mismatch" and names["strikes.total"].found == 20
    assert names["strikes.iraq"].status == "ok"
    vague = release([line("Syria", 3), line("Syria", 2), line("Iraq", None), line("Iraq", 8)])
    assert by_name(checks.strike_release([vague], RELEASE))["strikes.iraq"].status == "missing"


def test_a_lines_own_place_is_not_a_total():
    text = "On March 14, coalition military forces conducted 10 strikes near Abu Kamal, Syria."
    assert checks.printed_totals(text) == (None, {})


def incident(**fields):
    values = dict(code="CS1508", incident_date=None, location=None, country=None, latitude=None,
                  longitude=None, killed_min=13, killed_max=46, injured_min=5, injured_max=12,
                  grading="Fair", belligerent=None, belligerent_position=None,
                  civilian_deaths_conceded=None, civilian_injuries_conceded=None,
                  stated_location=None, theme="2024")
    values.update(fields)
    return Incident(**values)


PAGE = ("Civilians reported killed 13 – 46 (4 children 3 women) Civilians reported injured 5 – 12 "
        "Airwars civilian harm grading Fair")


def test_an_incidents_labelled_figures_against_its_row():
    assert {(c.check, c.status) for c in checks.incident(incident(), PAGE)} == {
        ("field.killed", "ok"), ("field.injured", "ok"), ("killed.breakdown", "ok"), ("field.grading", "ok")}
    dated = "Incident date March 3, 2017 " + PAGE
    names = by_name(checks.incident(incident(grading=None), dated))
    assert names["field.incident_date"].status == "missing"
    assert names["field.incident_date"].detail == "the text states: Incident date March 3, 2017"
    assert names["field.grading"].status == "missing"
    names = by_name(checks.incident(incident(injured_min=None, injured_max=None, killed_max=40), PAGE))
    assert names["field.injured"].status == "missing" and names["field.injured"].printed == 5
    assert names["field.killed"].status == "mismatch"
    small = PAGE.replace("(4 children 3 women)", "(30 children 20 women)")
    assert by_name(checks.incident(incident(), small))["killed.breakdown"].status == "mismatch"


def claim(killed, quote):
    return Claim(claimant="SOHR", event_date=None, event_date_end=None, cumulative=False, location=None,
                 place=None, country=None, attributed_to=None, killed_min=killed, killed_max=killed,
                 children=None, women=None, injured=None, language="en", quote=quote)


def test_a_death_toll_sentence_that_gave_no_claim_is_missing():
    text = ("Coalition warplanes struck the town on Monday. At least 14 civilians were killed in the raid. "
            "The observatory said the strike killing 9 people hit a market.\n"
            "سقوط ١٤ مدنياً بقصف للتحالف على ريف دير الزور الشرقي\n"
            "وفي 25 من الشهر نفسه ذكر المرصد أيضاً أن 41 مدنياً على الأقل سقطوا إثر استهداف طائرات التحالف مسجداً.")
    found = checks.claims([claim(14, "At least 14 civilians were killed in the raid.")], text)
    names = by_name(found)
    assert names["claims.death_tolls"].status == "missing"
    assert (names["claims.death_tolls"].printed, names["claims.death_tolls"].found) == (4, 2)
    missed = [c for c in found if c.check == "claims.sentence"]
    assert [(c.printed, c.status) for c in missed] == [(9, "missing"), (41, "missing")]
    assert "killing 9 people" in missed[0].detail
    # a text without any stated toll gives no check; "hundreds" is not a figure
    assert checks.claims([], "Hundreds of civilians were killed, the group said.") == []


def test_an_empty_check_list_still_says_it_was_looked_at():
    row = checks.nothing_printed(3, "claims")
    assert (row.check, row.found, row.status) == ("printed_figures", 3, "ok")


def test_counts_in_words_are_read_whole():
    # c105 (Middle East Monitor, June 2019): "One hundred and eleven reports are still open"
    text = ("One hundred and eleven reports are still open, including three that had been previously "
            "closed but were reopened. Seventy-nine reports were assessed to be non-credible.")
    stated = checks.stated_counts(text)
    assert [n for n, _ in stated["still_open"]] == [111]
    assert [n for n, _ in stated["non_credible"]] == [79]
    names = by_name(checks.civcas_report(report(still_open=111, non_credible=79), text))
    assert names["stated.still_open"].status == "ok" and names["stated.non_credible"].status == "ok"


def test_a_release_total_is_not_a_days_a_months_or_a_tally_since_2014():
    text = ("To date, U.S. Central Command has conducted 198 airstrikes across Iraq against ISIL. Along with "
            "partner nations, U.S. Central Command has also conducted 20 airstrikes across Syria against ISIL.\n"
            "During May, the coalition has conducted 225 strikes with 280 engagements in Iraq and Syria.\n"
            "On May 31 in Syria, coalition military forces conducted six strikes consisting of seven engagements.\n"
            "In Iraq, partner nation aircraft conducted one airstrike west of Bayji.\n"
            "Coalition military forces conducted 41 strikes May 25-31, consisting of 49 engagements in Iraq and Syria:")
    assert checks.printed_totals(text) == (41, {})
