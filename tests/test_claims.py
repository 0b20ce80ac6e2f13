"""The casualty-claims parser: hand-annotated pages scored against a pinned floor, the
figures the brief names, and the hard cases (ranges, Arabic dates, borrowed context)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from crawler.parsers.claims import parse_claims, sentences

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import scoring  # noqa: E402
from score_claims import FIELDS, FLOOR_FILE, page_claims, score  # noqa: E402


def test_annotated_corpus_stays_above_its_floor():
    scores = score()
    assert len(scores) >= 25 and sum(s.checked for s in scores) >= 40 * len(FIELDS)
    problems = scoring.floor_problems(scores, FLOOR_FILE)
    assert problems == [], [w for s in scores for w in s.wrong]  # python tests/corpus/score_claims.py -v


def _has(claims, **want):
    return any(all(getattr(c, k) == v for k, v in want.items()) for c in claims)


def test_the_named_figures_come_out_of_the_replica_pages():
    cbc = page_claims("news", "https://www.cbc.ca/news/world/syria-hajin-coalition-airstrikes-isis-1.4909745")
    assert _has(cbc, claimant="SOHR", killed_min=43, children=17, women=12, event_date="2018-11-17", place="Hajin")
    assert _has(cbc, claimant="SANA", killed_min=40, killed_max=40, event_date="2018-11-17")
    sd = page_claims("syriadirect", "https://syriadirect.org/civilians-monitors-accuse-us-led-coalition-of-disregard-for-civilian-life-as-anti-is-hajin-campaign-drags-into-third-month/")
    assert _has(sd, claimant="SOHR", killed_min=43, children=17, event_date="2018-11-17", place="Hajin")
    assert _has(sd, claimant="Airwars", killed_min=216, killed_max=500, event_date="2018-10-18",
                event_date_end="2018-11-11")
    wsj = page_claims("news", "https://www.wsj.com/articles/syrians-caught-in-crossfire-as-fight-against-isis-heats-up-1507989660")
    assert _has(wsj, claimant="Deir Ezzour24", killed_min=231, killed_max=None, event_date="2017-09-28",
                cumulative=True, place="Deir ez-Zor")


def test_ranges_and_qualifiers():
    (c,) = parse_claims("Between 216 and 500 civilians were killed, Airwars said.", published="2018-11-21")
    assert (c.killed_min, c.killed_max, c.claimant) == (216, 500, "Airwars")
    (c,) = parse_claims("Strikes killed as many as 60 civilians in Raqqa on June 5, 2017.")
    assert (c.killed_min, c.killed_max, c.place, c.event_date) == (None, 60, "Raqqa", "2017-06-05")
    # no number, no claim: "hundreds" is never turned into a figure
    assert parse_claims("The coalition's operations in Raqqa have killed hundreds of civilians.") == []
    # a combined figure is neither children nor women
    (c,) = parse_claims("33 people were killed, 30 of them children and women, near Hajin.")
    assert (c.killed_min, c.children, c.women) == (33, None, None)


@pytest.mark.parametrize(
    "text, iso",
    [
        ("قتل 12 مدنياً بغارات للتحالف على الرقة يوم 5 حزيران 2017.", "2017-06-05"),  # Levantine
        ("قتل 12 مدنياً بغارات للتحالف على الرقة يوم 5 يونيو 2017.", "2017-06-05"),  # Egyptian
        ("قتل 12 مدنياً بغارات للتحالف على الرقة يوم 5 حزيران / يونيو 2017.", "2017-06-05"),  # both
        ("قتل ١٢ مدنياً بغارات للتحالف على الرقة يوم ٥ كانون الأول ٢٠١٧.", "2017-12-05"),  # Arabic-Indic digits
        ("قتل 12 مدنياً بغارات للتحالف على الرقة يوم العاشر من آب / أغسطس 2017.", "2017-08-10"),  # ordinal
    ],
)
def test_arabic_dates_in_both_month_forms(text, iso):
    (c,) = parse_claims(text)
    assert (c.event_date, c.killed_min, c.place, c.attributed_to, c.language) == (iso, 12, "Raqqa", "coalition", "ar")


def test_relative_days_and_missing_years_use_the_publication_date():
    (c,) = parse_claims("Coalition strikes killed 7 civilians in Hajin on Saturday, SOHR said.", published="2018-11-21")
    assert c.event_date == "2018-11-17"  # the Saturday before a Wednesday
    (c,) = parse_claims("At least 9 civilians were killed near Hajin on Dec. 30.", published="2019-01-03")
    assert c.event_date == "2018-12-30"  # no year: the last Dec. 30 before publication


def test_a_following_sentence_borrows_date_and_place():
    text = ("Coalition airstrikes hit homes near Hajin on November 17. "
            "According to SOHR, 43 people died in the attack, including 17 children.")
    (c,) = parse_claims(text, published="2018-11-21")
    assert (c.claimant, c.event_date, c.place, c.killed_min, c.children) == ("SOHR", "2018-11-17", "Hajin", 43, 17)


def test_sentences_do_not_end_at_abbreviations():
    assert len(sentences("On Nov. 17, U.S. jets struck. Col. Ryan said so.")) == 2


def test_a_headline_repeating_the_body_claim_is_one_claim():
    text = ("40 civilians killed in coalition strikes near Hajin\n"
            "The Syrian Observatory for Human Rights said on Saturday that 40 civilians were "
            "killed in coalition strikes near Hajin on Oct. 12, 2018.")
    claims = parse_claims(text, published="2018-10-14", publisher="Example News")
    assert [(c.claimant, c.event_date, c.place, c.killed_min) for c in claims] == [
        ("SOHR", "2018-10-12", "Hajin", 40)]
    # two tolls that differ are two claims, headline or not
    other = parse_claims(text.replace("40 civilians killed", "41 civilians killed"), published="2018-10-14",
                         publisher="Example News")
    assert sorted(c.killed_min for c in other) == [40, 41]


def test_a_headline_giving_the_body_toll_as_a_floor_is_one_claim():
    """SOHR's Arabic post of 17 November 2018: the headline's "at least 43" is the body's
    "rose to 43", not a second, undated claim."""
    text = ("مقتل 43 شخصاً على الأقل بضربات للتحالف على قرية أبو الحسن قرب هجين\n"
            "محافظة دير الزور – المرصد السوري لحقوق الإنسان:: ارتفع إلى 43 عدد الذين قتلوا جراء غارات "
            "طائرات التحالف الدولي فجر اليوم السبت على منازل في قرية أبو الحسن قرب بلدة هجين، بينهم 17 طفلاً "
            "و12 مواطنة.")
    claims = parse_claims(text, published="2018-11-17", publisher="SOHR")
    assert [(c.event_date, c.place, c.killed_min, c.killed_max) for c in claims] == [
        ("2018-11-17", "Hajin", 43, 43)]
    # a headline's floor above the body's toll is a claim of its own
    other = parse_claims(text.replace("مقتل 43", "مقتل 45"), published="2018-11-17", publisher="SOHR")
    assert sorted(c.killed_min for c in other) == [43, 45]


def test_an_aggregator_page_is_credited_to_the_paper_its_path_names():
    from crawler.tables.monitors import page_publisher

    # sauress.com carries many papers' articles (held-out round 5, k245: al-Watan, not Al-Hayat)
    assert page_publisher("news", "https://sauress.com/alhayat/12331985") == "Al-Hayat"
    assert page_publisher("news", "https://sauress.com/alwatan/298176") == "Al-Watan"
    assert page_publisher("news", "https://sauress.com/someotherpaper/1") is None  # unknown: not guessed
    assert page_publisher("news", "https://www.cbc.ca/news/world/x") == "CBC News"
    assert page_publisher("sohr-en", "https://www.syriahr.com/en/1/") == "SOHR"
