"""The civcas report parser: the annotated corpus score, numbers, and unreadable pages."""

import tomllib
from pathlib import Path

import pytest

from crawler.parsers import ParseFailure
from crawler.parsers.civcas import html_text, number, paragraphs, parse_report

CORPUS = Path(__file__).parent / "corpus" / "civcas"


def load_score():
    import importlib.util

    spec = importlib.util.spec_from_file_location("civcas_score", CORPUS / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score()


def test_corpus_score_stays_above_the_pinned_floor():
    floor = tomllib.loads((CORPUS / "FLOOR.toml").read_text())
    result = load_score()
    pages = len(list(CORPUS.glob("*.html")))
    assert pages >= 20
    assert result["reports"][1] == pages  # every page is annotated
    for kind in ("allegations", "reports"):
        right, total = result[kind]
        assert right / total >= floor[kind], result["mistakes"]


@pytest.mark.parametrize("text,value", [
    ("1,335", 1335), ("1139", 1139), ("Seventy-nine", 79), ("seventeen", 17), ("two", 2),
    ("zero", 0), ("one hundred and five", 105), ("several", None),
])
def test_numbers_as_digits_separators_and_words(text, value):
    assert number(text) == value


def test_run_together_paragraphs_are_cut_again():
    text = ("In the month of November, CJTF-OIR carried over 194 open reports and received 15 new "
            "reports. A total of 184 reports are still open.Credible Reports —1. On Aug. 25, 2018, "
            "near Hajin Syria, via self-report. Coalition aircraft struck a known ISIS safe house. "
            "After the strike it was assessed that one civilian was unintentionally injured, and "
            "three were unintentionally killed.Non-Credible Reports —1. Sept. 2, 2018, near Hajin, "
            "Syria, via media report: No Coalition strikes were conducted on that day in the "
            "geographic area of the reported civilian casualties.")
    report = parse_report(text, published="2018-12-30")
    assert (report.month_covered, report.carried_over, report.received_new, report.still_open) == (
        "2018-11", 194, 15, 184)
    credible, other = report.allegations
    assert (credible.assessment, credible.civilians_killed, credible.civilians_injured,
            credible.country, credible.place) == ("credible", 3, 1, "Syria", "Hajin")
    assert (other.assessment, other.reason_category, other.reporting_source) == (
        "non_credible", "no_strikes_in_area", "media")


def test_hard_wrapped_lines_are_joined():
    text = ("During the month of March 2017, CJTF-OIR carried over 43 open reports from\n"
            "previous months, received 27 new reports, and completed the assessment on\n"
            "28 reports. A total of 42 reports are still open.")
    assert paragraphs(text)[0].endswith("A total of 42 reports are still open.")
    report = parse_report(text)
    assert (report.carried_over, report.received_new, report.completed, report.still_open) == (
        43, 27, 28, 42)


def test_unknown_figures_stay_none():
    report = parse_report("During the month of October, CJTF-OIR received 18 reports of possible "
                          "civilian casualties.", published="2016-12-01")
    assert report.received_new == 18 and report.month_covered == "2016-10"
    assert report.credible is None and report.still_open is None and report.completed is None


def test_a_page_without_a_report_fails_with_a_reason():
    with pytest.raises(ParseFailure, match="no monthly counts"):
        parse_report(html_text((CORPUS / "ir-R2018-10.html").read_bytes()))
    with pytest.raises(ParseFailure):
        parse_report("A U.S. service member died Oct. 22, 2015, of wounds sustained in Iraq.")


def test_list_numbers_survive_html():
    text = html_text((CORPUS / "ir-R2017-09-29.html").read_bytes())
    assert [a.item for a in parse_report(text).allegations] == [102, 113, 114]
