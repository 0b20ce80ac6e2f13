"""The corpus scoring's own rules (tests/corpus/scoring.py, shared by every corpus scorer)
and the real-text gate's: comparisons by the corpus conventions, wrong fields and
unsupported rows counted, a parser that raises scored as reading nothing, the floor."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import score_real  # noqa: E402
import scoring  # noqa: E402


def test_places_fold_articles_spaces_and_hyphens_either_way_round():
    assert score_real.place_matches("Dayr Az Zawr", "Dayr az-Zawr", None)
    assert score_real.place_matches("Shaafa", "al-Shaafa, Deir ezzor", "Deir ez-Zor")
    assert score_real.place_matches(["Bu Badran", "Bobadran"], None, "Bobadran")
    assert not score_real.place_matches("Shaafa", "Deir ezzor", "Deir ez-Zor")
    assert score_real.place_matches(None, None, None)
    assert not score_real.place_matches(None, "Hajin", None)


def test_dates_without_a_printed_year_compare_month_and_day_only():
    assert score_real.date_matches("*-11-09", "2018-11-09")
    assert score_real.date_matches("*-11", "2016-11")
    assert not score_real.date_matches("*-11-09", "2018-11-10")
    assert not score_real.date_matches("2018-11-09", None)
    assert score_real.date_matches(None, None)


def _corpus(tmp_path: Path, text: str, expected: dict) -> Path:
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "docs" / "r.txt").write_text(text, encoding="utf-8")
    (tmp_path / "sources.json").write_text(json.dumps({"r": {
        "format": "strikes", "url": "https://example.org/r", "file": "docs/r.txt",
        "published_passed_to_parser": "2017-06-28"}}))
    (tmp_path / "annotations.json").write_text(json.dumps({"r": {"format": "strikes", "expected": expected}}))
    return tmp_path


RELEASE = """SOUTHWEST ASIA, June 28, 2017 - On June 27, coalition military forces conducted 4 strikes
against ISIS targets in Syria.
Strikes in Syria
-- Near Raqqa, four strikes engaged an ISIS tactical unit.
"""


def test_a_wrong_field_and_an_unsupported_row_are_counted(tmp_path):
    expected = {"lines": [{"date": "2017-06-27", "country": "Syria", "place": "Raqqa", "strikes": 5}]}
    scores = score_real.score_all([("t", _corpus(tmp_path, RELEASE, expected))])
    [score] = scores
    assert (score.right, score.checked) == (3, 4), score.wrong
    assert score.unsupported == 0

    expected = {"lines": [{"date": "2017-06-27", "country": "Syria", "place": "Tabqah", "strikes": 4}]}
    [score] = score_real.score_all([("t", _corpus(tmp_path / "b", RELEASE, expected))])
    assert score.right == 0 and score.unsupported == 1


def test_a_parser_that_raises_reads_nothing(tmp_path):
    expected = {"total_strikes": 4, "lines": [{"date": "2017-06-27", "country": "Syria", "place": "Raqqa",
                                               "strikes": 4}]}
    [score] = score_real.score_all([("t", _corpus(tmp_path, "nothing a release says", expected))])
    assert score.failure and score.right == 0 and score.checked == 5


def test_a_document_that_fails_counts_only_the_fields_a_reading_would_check(tmp_path):
    line = {"date": "2017-06-27", "country": "Syria", "place": "Raqqa", "strikes": 4, "note": "a reader's note"}
    [read] = score_real.score_all([("t", _corpus(tmp_path / "a", RELEASE, {"lines": [line]}))])
    [failed] = score_real.score_all([("t", _corpus(tmp_path / "b", "nothing a release says", {"lines": [line]}))])
    assert read.checked == failed.checked == 4 and failed.failure


def test_the_floor_names_every_format():
    floor = scoring.read_floor(score_real.FLOOR_FILE)
    assert set(floor) == set(scoring.FORMATS)
    for fmt in scoring.FORMATS:
        assert 0 <= floor[fmt]["fields"] <= 1 and floor[fmt]["unsupported"] >= 0
        assert 0 <= floor[fmt]["kinds"] <= 1


def test_every_corpus_folder_has_a_floor_in_the_same_keys():
    corpus = Path(score_real.__file__).parent
    folders = [corpus / name for name in ("real", "civcas", "strikes", "claims")]
    for folder in folders:
        floor = scoring.read_floor(folder / "FLOOR.toml")
        assert floor and set(floor) <= set(scoring.FORMATS), folder
        for fmt, keys in floor.items():
            assert set(keys) <= {"fields", "unsupported", "kinds"}, (folder, fmt)
            assert 0 <= keys["fields"] <= 1 and keys["unsupported"] >= 0, (folder, fmt)


def test_the_kind_a_crawl_would_give_is_scored_with_the_crawls_hint():
    # the host's source takes the URL: its kind is the hint
    assert score_real.crawl_hint("civcas", "https://reliefweb.int/report/iraq/x-monthly-civilian-casualty-report-1") \
        == "civcas_report"
    assert score_real.crawl_hint("claims", "https://media.snhr.org/blog/2018/12/30/60003") == "monitor_post"
    # a host no shipped source reaches: the kind a user's source for it would say
    assert score_real.crawl_hint("ukmod", "https://ukdefencejournal.org.uk/reapers/") == "strike_release"
    assert score_real.expected_kind("claims", "https://www.syriahr.com/en/1/") == "monitor_post"
    assert score_real.expected_kind("claims", "https://sana.sy/en/?p=1") == "news_article"
    assert score_real.expected_kind("airwars", "https://airwars.org/military-claims/uk-mod-may-19-2019/") \
        == "military_claim"


def test_a_wrong_kind_is_named_and_counted(tmp_path):
    expected = {"lines": [{"date": "2017-06-27", "country": "Syria", "place": "Raqqa", "strikes": 4}]}
    [score] = score_real.score_all([("t", _corpus(tmp_path, RELEASE, expected))])
    assert score.kind_expected == "strike_release" and score.kind_got == "strike_release"
    [score] = score_real.score_all([("t", _corpus(tmp_path / "b", "Officials met today.", expected))])
    assert score.kind_got != "strike_release" and any(w.startswith("kind:") for w in score.wrong)
    assert scoring.by_format([score])[("strikes",)].kinds_right == 0


def test_entries_in_page_order_are_paired_by_position():
    score = scoring.DocScore("t", "d", "civcas")
    same = {"a": lambda w, g: w["a"] == g["a"]}
    scoring.match_items(score, [{"a": 1}, {"a": 2}], [{"a": 2}, {"a": 1}, {"a": 3}], same, ordered=True)
    assert (score.right, score.checked, score.unsupported) == (0, 2, 1)
    score = scoring.DocScore("t", "d", "civcas")
    scoring.match_items(score, [{"a": 1}, {"a": 2}], [{"a": 2}, {"a": 1}, {"a": 3}], same)
    assert (score.right, score.checked, score.unsupported) == (2, 2, 1)


def test_a_floor_holds_every_format_it_names_and_kinds_only_where_scored():
    scores = [scoring.DocScore("t", "d", "claims", right=9, checked=10, unsupported=2)]
    tallies = scoring.by_format(scores)
    assert scoring.below_floor(tallies, {"claims": {"fields": 0.9, "unsupported": 2}}) == []
    assert len(scoring.below_floor(tallies, {"claims": {"fields": 0.95, "unsupported": 1}})) == 2
    # no kind scored: the default kinds floor (all right) is not applied, nor printed
    assert "kind" not in scoring.render(scores, verbose=False)
    assert scoring.below_floor(tallies, {"claims": {"fields": 0.9, "unsupported": 2}, "strikes": {}}) == [
        "strikes: no document of this format was scored"]
