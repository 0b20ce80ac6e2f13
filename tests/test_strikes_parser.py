"""The strike-release parsers on small texts, and on the hand-annotated corpus."""

import sys
from pathlib import Path

import pytest

from crawler.parsers import ParseFailure
from crawler.parsers.strikes import expand_dates, number, parse_release, parse_targets
from crawler.parsers.ukmod import parse_updates

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import score_strikes  # noqa: E402
import scoring  # noqa: E402


def test_corpus_score_stays_above_the_pinned_floor():
    scores = score_strikes.score()
    assert len([s for s in scores if s.format == "strikes"]) >= 30
    must_fail = [s for s in scores if s.doc in {e.id for e in score_strikes.load_expected() if e.fail}]
    assert [(s.right, s.checked) for s in must_fail] == [(1, 1)]  # the garbled release raises ParseFailure
    problems = scoring.floor_problems(scores, score_strikes.FLOOR_FILE)
    assert problems == [], [w for s in scores for w in s.wrong]
    floor = scoring.read_floor(score_strikes.FLOOR_FILE)
    assert floor["strikes"]["fields"] >= 0.95 and floor["ukmod"]["fields"] >= 0.95


def test_corpus_covers_every_era_and_three_pdfs():
    pages = score_strikes.corpus_pages()
    expected = {e.id: e for e in score_strikes.load_expected()}
    years = {e.release["release_date"][:4] for e in expected.values() if not e.fail}
    assert {"2014", "2015", "2016", "2017", "2018", "2019"} <= years
    pdfs = [rid for rid, (_, body, _) in pages.items() if body.startswith(b"%PDF") and rid in expected]
    assert len(pdfs) >= 3


def test_numbers_as_printed():
    assert [number(w) for w in ("13", "1,001", "thirteen", "twenty-one", "a", "an")] == [13, 1001, 13, 21, 1, 1]
    assert number("several") is None


def test_date_phrases_expand_to_days():
    import datetime as dt

    anchor = dt.date(2018, 7, 30)
    assert [d.day for d in expand_dates("July 23-26 and July 29", anchor)] == [23, 24, 25, 26, 29]
    assert expand_dates("Aug. 27-Sept. 2", dt.date(2017, 9, 5))[-1] == dt.date(2017, 9, 2)
    # a December date in a January release is last year's
    assert expand_dates("Dec. 30", dt.date(2019, 1, 4)) == [dt.date(2018, 12, 30)]


def test_targets_split_into_verb_count_object():
    got = parse_targets("engaged three ISIL tactical units; destroyed 2 fighting positions, two ISIS "
                        "vehicles two logistics centers and a command-and control-node; and "
                        "suppressed ISIS mortar teams")
    assert [(t.verb, t.count, t.object) for t in got] == [
        ("engaged", 3, "tactical unit"), ("destroyed", 2, "fighting position"),
        ("destroyed", 2, "vehicle"), ("destroyed", 2, "logistics center"),
        ("destroyed", 1, "command-and-control node"), ("suppressed", None, "mortar team")]


def test_a_weekly_release_with_yesterday_and_no_strike_days():
    text = ("Release # 20180904-01\nSOUTHWEST ASIA — Between Sept. 1-3, coalition military forces "
            "conducted three strikes consisting of four engagements in Syria and Iraq.\nStrikes in Syria\n"
            "Yesterday, coalition military forces conducted two strikes consisting of three engagements "
            "against ISIS targets near Hajine. The strikes destroyed an ISIS tunnel.\n"
            "There were no reported strikes conducted in Syria on Sept. 1-2.\n")
    rel = parse_release(text, published="2018-09-04")
    assert (rel.release_number, rel.period_start, rel.period_end) == ("20180904-01", "2018-09-01", "2018-09-03")
    first, *zeros = rel.lines
    assert (first.strike_date, first.place, first.country, first.strikes, first.engagements) == (
        "2018-09-03", "Hajin", "Syria", 2, 3)
    assert [(z.strike_date, z.strikes) for z in zeros] == [("2018-09-01", 0), ("2018-09-02", 0)]


def test_unknown_numbers_stay_null_and_unreadable_text_fails():
    rel = parse_release("SOUTHWEST ASIA, Feb. 17, 2017 — Strikes in Syria\n"
                        "-- Near Raqqa, several strikes destroyed ISIS fighting positions.\n"
                        "In Iraq, coalition military forces conducted 3 strikes against ISIS targets.")
    assert rel.total_strikes is None
    raqqa = rel.lines[0]
    # no day is printed (no "yesterday", no "On Feb. 16"): the date stays unknown too
    assert (raqqa.place, raqqa.strikes, raqqa.strike_date) == ("Raqqa", None, None)
    with pytest.raises(ParseFailure):
        parse_release("Wkh#vwulnhv#frqgxfwhg#e|#Frdolwlrq")
    with pytest.raises(ParseFailure):
        parse_updates("No dated entries here.")


def test_uk_entries_are_dated_by_their_heading_year():
    releases = parse_updates("Update\n3 January 2019\nOn Saturday 29 December, Typhoons conducted two "
                             "strikes near Al Bukamal, destroying a Daesh truck.\n")
    (rel,) = releases
    (line,) = rel.lines
    assert (rel.publisher, rel.release_date) == ("UK MoD", "2019-01-03")
    assert (line.strike_date, line.place, line.country, line.strikes) == ("2018-12-29", "Abu Kamal", "Syria", 2)
