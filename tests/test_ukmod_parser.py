"""UK MoD strike updates in every shape the MoD used: headings of every form, dated
paragraphs whose place comes in a later sentence, bulleted days, list markers, counts only
where printed, places kept as printed. Each class has a unit test on text written here and
is shown on the real reposts of tests/corpus/real/ukmod/ (scored against their annotation)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from crawler.parsers import ParseFailure
from crawler.parsers.ukmod import parse_updates

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import score_real  # noqa: E402

REAL = Path(__file__).parent / "corpus" / "real" / "ukmod"


def _lines(text: str, **kw) -> list[tuple]:
    return [(ln.strike_date, ln.country, ln.location, ln.strikes)
            for rel in parse_updates(text, **kw) for ln in rel.lines]


def test_a_dated_paragraph_takes_its_place_from_a_later_paragraph_and_its_year_from_the_heading():
    text = ("Update: air strikes against Daesh 3 March 2021\n\n"
            "On Tuesday 23 February, a patrol of Typhoons conducted air strikes in northern Iraq.\n\n"
            "The aircraft had identified a cave used by Daesh fighters in the hills south-east of Qalat Jabbar.\n\n"
            "Paveway IV guided bombs destroyed the cave entrance.\n")
    (rel,) = parse_updates(text)
    assert rel.release_date == "2021-03-03"
    assert _lines(text) == [("2021-02-23", "Iraq", "Qalat Jabbar", None)]


@pytest.mark.parametrize("heading, day", [
    ("19 November 2018", "2018-11-19"),
    ("Latest update 5 December 2018", "2018-12-05"),
    ("Update: air strikes in Iraq and Syria 25 April 2020", "2020-04-25"),
    ("UK MoD for May 19, 2019 \u2013 May 19, 2019", "2019-05-19"),
])
def test_headings_of_every_form_date_the_entry(heading, day):
    (rel,) = parse_updates(f"{heading}\nOn Sunday 12 May, a Reaper struck a Daesh position near Hajin.\n")
    assert rel.release_date == day
    assert [ln.location for ln in rel.lines] == ["Hajin"]


def test_day_headings_and_bulleted_days_with_any_list_marker():
    text = ("Latest update 20 November 2018\n"
            "Monday 19 November\n"
            "Typhoons conducted three strikes near Hajin, destroying two Daesh fighting positions.\n"
            "\u2022 Sunday 18 November \u2013 a Reaper struck a Daesh truck north-east of Abu Kamal.\n"
            "- -- Saturday 17 November: Tornados bombed a Daesh bunker near Mosul.\n"
            "1. Friday 16 November: a Reaper attacked a mortar team west of Al Bab.\n")
    assert _lines(text) == [("2018-11-19", "Syria", "Hajin", 3), ("2018-11-18", "Syria", "Abu Kamal", None),
                            ("2018-11-17", "Iraq", "Mosul", None), ("2018-11-16", "Syria", "Al Bab", None)]


def test_a_place_the_gazetteer_lacks_is_kept_as_printed_and_regions_are_not_places():
    text = ("6 March 2018\nOn Wednesday 14 February Typhoons destroyed an excavator near the Euphrates river "
            "in eastern Syria, the Defence Secretary said in London.\n"
            "On Friday 16 February, a Reaper struck a Daesh team some 20 miles west of Albu Hardan, in northern Iraq.\n")
    (line,) = [ln for rel in parse_updates(text) for ln in rel.lines]
    assert (line.strike_date, line.location, line.place, line.country) == ("2018-02-16", "Albu Hardan", None, "Iraq")


def test_the_date_a_strike_was_reported_is_not_the_date_it_was_made():
    text = ("25 April 2020\nTyphoons carried out strikes against Daesh targets in Tuz Khurma, Iraq, "
            "the UK MoD reported on 24 April.\n")
    assert _lines(text) == [(None, "Iraq", "Tuz Khurma", None)]


def test_a_text_with_no_heading_dates_nothing_it_cannot_date_and_a_text_with_nothing_fails():
    text = "Two Typhoons attacked a series of caves in Bayji, last Tuesday.\n"
    assert _lines(text) == [(None, "Iraq", "Bayji", None)]
    assert _lines("On Saturday 4 November, Tornados bombed a tunnel near Al Qaim.", published="2017-11-28") == [
        ("2017-11-04", "Iraq", "Al Qaim", None)]
    with pytest.raises(ParseFailure):
        parse_updates("No dated entries here.")


def test_a_text_reporting_strikes_at_no_named_place_is_read_as_a_release_with_no_line():
    # u119, u128: the honest result of such an update is "no strike line, and why", not a
    # failure to read it; only a text that reports and dates nothing is no strike update.
    (rel,) = parse_updates("The Tornados bombed IS positions in support of Kurdish troops in the north-west"
                           " of the country. A Reaper attacked a Daesh cell in Anbar province.")
    assert rel.lines == [] and "names no place" in rel.notes[0]
    (rel,) = parse_updates("Today, 27 September, two Tornados flew armed reconnaissance over Iraq; no targets"
                           " were identified.\nPublished 27 September 2014")
    assert (rel.lines, rel.release_date, rel.notes) == ([], "2014-09-27", ["the text reports no strike: no strike line"])


# -- the same classes on real reposts (tests/corpus/real/ukmod, annotated by hand) ------


@pytest.mark.parametrize("doc", [
    "u101_ukpol_mod_2017-11-28",                   # dated paragraphs; a place in the sentence before its date
    "u103_airwars_mc_ukmod_2019-05-19",            # a 'Month D, YYYY' title, a bulleted day
    "u105_ukdj_mortar_teams_tanks_2017-05",        # 'the 17th of May', a place the gazetteer lacks
    "u106_forces_reaper_al_bab_2016-12",           # 'In October', 'In June': undated times end an entry
    "u107_shephard_typhoons_tuz_khurma_2020-04",   # 'reported on 25 April' is not the strike's date
    "u109_airforcetech_typhoons_reapers_2020-06-01",  # no day printed: lines stay undated
    "u119_counterterrorbusiness_first_strikes_2014-10",  # strikes at no named place: read, no line
    "u126_samdrew_tornados_mosul_typhoons_raqqah_2017-05",  # a week's strikes, each place once
    "u128_arabnews_reaper_anbar",                  # a strike placed only in a province: no line
    "u133_hindustantimes_omar_qayyara_bayji_2015-12-09",  # 'the Omar oilfield', 'West of Qayyara', a page date
    "u134_bicom_hajin_anbar_north_of_baghdad_2018",  # a province is no place; kind by 'bombed'
    "u136_ukdj_reaper_north_of_manbij_2016",       # 'engaged in' an effort, a background paragraph
])
def test_real_reposts_read_to_their_annotation(doc):
    meta = json.loads((REAL / "sources.json").read_text(encoding="utf-8"))[doc]
    expected = json.loads((REAL / "annotations.json").read_text(encoding="utf-8"))[doc]["expected"]
    score = score_real.score_document("own", REAL, doc, meta, expected)
    assert (score.right, score.unsupported, score.wrong) == (score.checked, 0, [])


def test_a_place_only_patrolled_is_not_struck_when_the_entry_names_the_struck_one():
    text = ("4 December 2018\nOn Monday 3 December, Tornados patrolled near Mosul but found no targets. "
            "Typhoons then struck a Daesh-held building near Hajin.\n")
    assert _lines(text) == [("2018-12-03", "Syria", "Hajin", None)]


def test_a_strike_located_in_a_region_does_not_take_a_town_named_for_something_else():
    text = ("17 February 2015\nA Reaper launched missile strikes on militants firing on an Iraqi unit in Diyala "
            "province on Friday.\nThe peshmerga have seen successes to the north and west of Mosul.\n"
            "Yesterday the prime minister said an offensive was being prepared in Mosul.\n")
    assert _lines(text) == []


def test_a_day_without_a_year_is_left_undated_and_the_release_says_why():
    (rel,) = parse_updates("Tornados bombed a lorry bomb in the battle for Mosul on Monday, January 9, the MoD said.")
    assert [(ln.strike_date, ln.location) for ln in rel.lines] == [(None, "Mosul")]
    assert rel.notes and "'Monday, January 9' is printed without a year" in rel.notes[0]


def test_the_pages_own_dates_are_no_entries():
    # GOV.UK prints the page's publication and update dates above the entries, as
    # "Label: date" lines: they head no entry of their own.
    text = ("Update: air strikes against Daesh\nFrom: Ministry of Defence\n"
            "Published: 14 August 2014\nLast updated: 23 November 2018 — See all updates\n"
            "23 November 2018\nOn Sunday 18 November, two Typhoons conducted two strikes near Hajin.\n")
    releases = parse_updates(text)
    assert [r.release_date for r in releases] == ["2018-11-23"]
    assert [(ln.strike_date, ln.strikes) for ln in releases[0].lines] == [("2018-11-18", 2)]


def test_a_bearing_from_another_town_set_off_after_a_place_only_locates_it():
    # "near Bayji, north of Baghdad": Baghdad says where Bayji lies; it was not struck
    text = ("10 November 2014\n\nA Reaper attacked a terrorist encampment near Bayji, north of Baghdad. "
            "On Sunday two Tornados destroyed a container near Al Qaim, an area some 20 miles west of Rawah.")
    assert [loc for _, _, loc, _ in _lines(text)] == ["Bayji", "Al Qaim"]
    # a second place named for its own strike still stands
    text = "10 November 2014\n\nTornados struck a truck near Bayji and a mortar team west of Kirkuk."
    assert [loc for _, _, loc, _ in _lines(text)] == ["Bayji", "Kirkuk"]


def test_a_time_named_inside_a_sentence_begins_another_strike_at_the_same_place():
    text = ("7 March 2017\n\nOn March 7, Typhoons bombed a checkpoint near Mosul.\n\n"
            "Inside Mosul, a Tornado flight used a Paveway IV against a sniper team.\n\n"
            "Typhoons were busy over the weekend, with a second pair bombing a strong-point over western Mosul.")
    # the weekend's Mosul strike is another day's, not the lede of the dated one
    assert _lines(text) == [("2017-03-07", "Iraq", "Mosul", None), (None, "Iraq", "Mosul", None)]
    # an undated mention before the dated line is still the lede summarising it
    text = ("7 March 2017\n\nTyphoons hit Islamic State near Mosul at the weekend.\n\n"
            "On March 7, Typhoons bombed a checkpoint near Mosul.")
    assert _lines(text) == [("2017-03-07", "Iraq", "Mosul", None)]


def test_a_sentence_may_open_inside_its_place():
    text = "7 March 2017\n\nOn Tuesday 7 March, inside Mosul, a Tornado flight used a Paveway IV against a sniper team."
    assert _lines(text) == [("2017-03-07", "Iraq", "Mosul", None)]
    text = "7 March 2017\n\nOn Tuesday 7 March, a Tornado flight bombed a sniper team. Inside Mosul, the Iraqi advance went on."
    assert [loc for _, _, loc, _ in _lines(text)] == ["Mosul"]


def _printed(text: str, **kw) -> list[tuple]:
    return [(ln.strike_date, ln.date_printed, ln.country, ln.location, ln.strikes)
            for rel in parse_updates(text, **kw) for ln in rel.lines]


def test_one_sentence_enumerating_strikes_each_with_its_day_gives_a_line_per_clause():
    text = ("20 March 2017\n\nReapers destroyed a mortar north of Tal Afar on 14 March, a bunker near "
            "Qayyarah on 16 March, and a car bomb south of the city on 18 March.")
    # 'the city' stands for the last place the sentence named before it
    assert _lines(text) == [("2017-03-14", "Iraq", "Tal Afar", None), ("2017-03-16", "Iraq", "Qayyarah", None),
                            ("2017-03-18", "Iraq", "Qayyarah", None)]


def test_an_enumerated_clause_dated_by_weekday_only_is_its_own_undated_line_and_a_river_no_place():
    text = ("Typhoons struck a weapons store west of Hit on Monday, a truck bomb factory three miles north "
            "of the town on Wednesday, and a sniper team last week on the bank of the River Euphrates.")
    (rel,) = parse_updates(text)
    assert [(ln.strike_date, ln.date_printed, ln.country, ln.location, ln.strikes) for ln in rel.lines] == [
        (None, "on Monday", "Iraq", "Hit", None), (None, "on Wednesday", "Iraq", "Hit", None)]
    assert any("'on Monday'" in note for note in rel.notes)


def test_the_town_of_an_enumeration_may_be_the_last_place_of_the_sentence_before():
    text = ("5 December 2015\n\nTornados patrolled over Ramadi on 2 December. They bombed a sniper position "
            "north of the town on 3 December, and a truck east of the town on 4 December.")
    assert _lines(text) == [("2015-12-03", "Iraq", "Ramadi", None), ("2015-12-04", "Iraq", "Ramadi", None)]


def test_a_list_of_places_sharing_one_day_is_not_split():
    text = ("6 March 2017\n\nTyphoons struck a building near Raqqa, a vehicle near Tabqa, and a mortar "
            "team near Mosul on 5 March.")
    assert _lines(text) == [("2017-03-05", "Syria", "Raqqa", None), ("2017-03-05", "Syria", "Tabqa", None),
                            ("2017-03-05", "Iraq", "Mosul", None)]


def test_a_day_printed_without_a_year_takes_the_year_of_the_pages_own_date_and_says_so():
    # The latest such day not after the page's date: Christmas Day on a page of 10 January 2016
    # is 2015's. The page's stamps are its dates, not entries.
    text = ("RAF strikes help Iraqis win back Ramadi\nPublished: Sunday 10th January 2016\n\n"
            "On Christmas Day a Reaper hit an IS checkpoint south of Raqqa in Syria.\n")
    (rel,) = parse_updates(text)
    assert [(ln.strike_date, ln.location) for ln in rel.lines] == [("2015-12-25", "Raqqa")]
    assert any("inferred from the document's own date ('Published: Sunday 10th January 2016')" in n
               for n in rel.notes)
    # GOV.UK's run-together stamps: the last update is the page's date
    text = ("On Saturday 4 October, Tornados struck a Daesh pick-up truck near Mosul.\n"
            "Published 27 September 2014Last updated 5 October 2014\n")
    assert _lines(text) == [("2014-10-04", "Iraq", "Mosul", None)]
    # the date a crawl passes wins over the page's stamp
    assert _lines(text, published="2015-10-05") == [("2015-10-04", "Iraq", "Mosul", None)]
    # a line opening with such a word but stamping no date is text, not a stamp
    assert _lines("Posted to Cyprus, Tornados struck a Daesh truck near Mosul on Saturday 4 October.\n"
                  "Published 5 October 2014\n") == [("2014-10-04", "Iraq", "Mosul", None)]


def test_bulleted_days_without_a_year_at_one_place_stay_apart_and_the_lede_is_not_another():
    text = ("Tornados struck Daesh south-east of Hajin over Christmas.\n"
            "\u2022 Wednesday 19 December \u2013 Tornados destroyed a truck-bomb south-east of Hajin in Syria.\n"
            "\u2022 Friday 21 December \u2013 a Reaper engaged a group of Daesh extremists south-east of Hajin.\n"
            "\u2022 Monday 24 December \u2013 Tornados attacked two Daesh-held buildings south-east of Hajin.\n")
    (rel,) = parse_updates(text)
    assert [(ln.strike_date, ln.location, ln.date_printed) for ln in rel.lines] == [
        (None, "Hajin", "Wednesday 19 December"), (None, "Hajin", "Friday 21 December"),
        (None, "Hajin", "Monday 24 December")]


def test_a_page_reporting_that_no_strike_was_made_says_so():
    text = ("RAF Tornado jets ready for attack role over Iraq\n"
            "Today, 27 September, two Tornados conducted armed reconnaissance over areas of Iraq. Although on"
            " this occasion no targets were identified as requiring immediate air attack, the intelligence"
            " gathered will be invaluable. With no effective defence against air strikes, the terrorists are"
            " forced to be cautious. The presence of coalition air power has an impact on ISIL\u2019s efforts to"
            " attack the Iraqi people. Should they concentrate to deliver an attack, aircraft will arrive.\n"
            "Published 27 September 2014\n")
    (rel,) = parse_updates(text)
    assert (rel.lines, rel.notes) == ([], ["the text reports no strike: no strike line"])
    # a negation that a clause has left does not govern the strike after it
    assert _lines("On Sunday 5 October, having checked that no civilians were at risk before striking,"
                  " Tornados bombed a Daesh truck near Mosul.\nPublished 6 October 2014\n") == [
        ("2014-10-05", "Iraq", "Mosul", None)]


def test_a_strike_word_after_a_modal_or_a_habit_reports_no_strike():
    text = ("4 December 2018\nOn Monday 3 December, Typhoons struck a Daesh-held building near Hajin. "
            "Our aircraft have continued to provide close air support to the SDF as they clear the pocket"
            " north of Abu Kamal. Reapers are able to strike any such activity near Mosul.\n")
    assert _lines(text) == [("2018-12-03", "Syria", "Hajin", None)]


def test_a_place_with_a_time_of_its_own_in_a_sentence_reporting_no_strike_is_background():
    text = ("25 April 2020\nOn Friday 10 April, two Typhoons were sent to a cave some 20 miles west of Tuz Khurma in northern Iraq. "
            "They destroyed it with Paveway IV bombs. Patrols go on after the defeat of Daesh at Baghuz Fawqani"
            " in March 2019.\n")
    assert _lines(text) == [("2020-04-10", "Iraq", "Tuz Khurma", None)]


def test_a_british_bases_locality_is_no_strike_place_and_a_locator_gives_the_country():
    text = ("10 November 2014\nA Reaper flown from RAF Waddington near Lincoln attacked terrorists near Bayji on"
            " Saturday 8 November. On Sunday 9 November, a Brimstone destroyed a container near Al Anbar,"
            " west of Baghdad, and Typhoons struck a bunker north of the ancient site of Palmyra.\n")
    assert _lines(text) == [("2014-11-08", "Iraq", "Bayji", None), ("2014-11-09", "Iraq", "Al Anbar", None),
                            ("2014-11-09", "Syria", "Palmyra", None)]


def test_a_strike_at_a_named_oilfield_or_dam_is_at_the_place_it_is_named_after():
    # held-out round 4 (u131-u133): "the oilfield at Omar", "the Omar oilfield"; the country the
    # place is said to be inside wins over one named after it ("border with Iraq")
    text = ("4 December 2015\nOn Wednesday 2 December, Tornados employed Paveway IV guided bombs to conduct"
            " strikes against six targets within the oilfield at Omar, 35 miles inside Syria's eastern border"
            " with Iraq. On Friday 4 December, Typhoons bombed wellheads in the sprawling Omar oilfield in Syria.\n")
    assert _lines(text) == [("2015-12-02", "Syria", "Omar", None), ("2015-12-04", "Syria", "Omar", None)]


def test_a_bearing_that_opens_a_sentence_names_the_place():
    # held-out round 4 (u133): "West of Qayyara, Tornados on 8 December conducted two Brimstone attacks"
    text = "9 December 2015\n\u201cWest of Qayyara, Tornados on 8 December conducted two Brimstone attacks on Daesh.\n"
    assert _lines(text) == [("2015-12-08", "Iraq", "Qayyara", None)]


def test_engaged_in_an_effort_is_no_strike():
    # held-out round 4 (u136): a background paragraph on the Mount Sinjar airdrops of 2014
    text = ("The operation began in Iraq on the 26th of September 2014. Prior to this, the Royal Air Force had"
            " been engaged in a humanitarian relief effort over Mount Sinjar, which involved aid airdrops.\n")
    assert parse_updates(text)[0].lines == []


def test_a_bearing_set_off_after_a_region_locates_the_region_not_a_strike():
    # held-out round 4 (u138): "an IS stronghold in the Makhmur mountain region, southwest of Erbil"
    text = ("12 May 2021\nIn March, missiles and bombs helped to clear an IS stronghold in the Makhmur mountain"
            " region, southwest of Erbil in northern Iraq.\n")
    assert _lines(text) == []


def test_a_place_passed_over_at_one_time_is_not_struck_at_another_time_the_text_names():
    # held-out round 4 (u136): Mount Sinjar (airdrops, 2014) is no place of the airstrikes Parliament
    # approved in December 2015 nor of the campaign's running total
    text = ("The operation began in Iraq on the 26th of September 2014. Prior to this, the RAF had flown"
            " a humanitarian relief effort over Mount Sinjar.\n"
            "In December 2015, the House of Commons approved British airstrikes against IS in Syria."
            " By June 2016, the RAF had conducted around 900 airstrikes.\n")
    assert parse_updates(text)[0].lines == []


def test_a_bearing_after_in_without_a_comma_only_locates_the_place():
    # held-out round 5 (u144, Xinhua's English): "missions were conducted near Baiji in north of
    # Baghdad": Baghdad says where Baiji lies, as "near Bayji, north of Baghdad" does
    text = ("10 November 2014\n\nThe Reaper attacked the militants. A series of coalition missions were conducted"
            " near Baiji in north of Baghdad, the statement added.\n")
    assert [loc for _, _, loc, _ in _lines(text)] == ["Baiji"]
    text = ("10 November 2014\n\nThe Reaper attacked militants near Baiji in the north of Baghdad province.\n")
    assert [loc for _, _, loc, _ in _lines(text)] == ["Baiji"]


def test_a_weekday_in_a_page_that_prints_its_own_date_is_the_last_such_day_before_it():
    # held-out round 5 (u145): "By NewsRoom24 on November 11th, 2014" (a Tuesday); "destroyed a
    # shipping container west of Baghdad, on Sunday morning" is 2014-11-09; a day it was said on
    # is not the strike's, and a text with no date of its own leaves the weekday undated
    text = ("British drones\n\nBy NewsRoom24 on November 11th, 2014 / Views\n\n"
            "An RAF aircraft also destroyed a shipping container west of Baghdad, on Sunday morning.\n")
    assert _lines(text) == [("2014-11-09", "Iraq", "Baghdad", None)]
    text = ("British drones\n\nBy NewsRoom24 on November 11th, 2014 / Views\n\n"
            "An RAF aircraft destroyed a shipping container west of Baghdad, the MoD said on Sunday.\n")
    assert _lines(text) == [(None, "Iraq", "Baghdad", None)]
    assert _lines("An RAF aircraft destroyed a container west of Baghdad on Sunday morning.\n") == [
        (None, "Iraq", "Baghdad", None)]


def test_the_mods_spelling_tuz_khurma_is_a_place_in_iraq():
    # held-out round 5 (u142): the MoD's 'west of Tuz Khurma' (GeoNames: Tuz Khurmatu), in a
    # sentence that names no country
    text = "25 April 2020\n\nTyphoons destroyed fortified buildings west of Tuz Khurma on 10 April.\n"
    assert _lines(text) == [("2020-04-10", "Iraq", "Tuz Khurma", None)]
