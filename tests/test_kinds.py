"""crawler/reading/kinds.py on the wording of real published documents (openings from the real
corpora, tests/corpus/real and ../shared/corpus/real), with the hint a crawl passes."""

from __future__ import annotations

from crawler.reading.kinds import classify

# https://www.asdnews.com/... (AFPS rewrite of CJTF-OIR's November 2016 report)
REPORT_REWRITE = (
    "During November, Combined Joint Task Force Operation Inherent Resolve received 16 new reports and "
    "assessed seven previously received reports of possible civilian casualties resulting from coalition "
    "strikes in Iraq and Syria.\nThirteen of these reports were assessed to be non-credible, five were "
    "assessed to be credible, and five reports are still being assessed.")
# http://www.spacewar.com/reports/US-led_strikes_claim_another_51_civilian_lives_coalition_999.html
REPORT_AFP = (
    "In a statement Thursday, the coalition said that in September it completed an analysis of 127 reports "
    "of civilian deaths dating back to when international operations got underway in late 2014.\n"
    "Most reports were deemed \"non-credible\" or duplicative, but 16 had merit, the coalition found.")
# http://www.centcom.mil/MEDIA/PRESS-RELEASES/Press-Release-View/Article/904332/... (no dateline line
# of the later releases: "SOUTHWEST ASIA - " opens a paragraph, the strikes are "airstrikes")
RELEASE_2014 = (
    "U.S. and partner nation military forces continued to attack ISIL terrorists in Syria Dec. 26 using "
    "fighter, bomber, and remotely piloted aircraft to conduct sixteen airstrikes.\n"
    "The following is a summary of those strikes:\nSyria\n"
    "* Near Kobani, thirteen airstrikes destroyed three ISIL buildings.\n"
    "* Near Al Hasakah, two airstrikes destroyed two ISIL vehicles.")
# https://www.forces.net/news/raf-launch-air-strikes-against-iraq (a UK MoD update's repost)
UKMOD_REPOST = (
    "The Royal Air Force has carried out air strikes against so-called Islamic State (IS) in northern Iraq.\n"
    "Two Typhoons, operating out of RAF Akrotiri, joined other coalition aircraft to attack a series of "
    "caves in Bayji, last Tuesday.")


# https://www.washingtonpost.com/news/checkpoint/wp/2016/12/01/...
REPORT_WAPO = ("Thursday’s release found 12 reports received in October to be “noncredible.” Seven reports "
               "were found to be credible, while three remain under investigation.")


def test_a_news_rewrite_of_a_monthly_report_on_a_source_of_report_copies_is_a_report():
    for text in (REPORT_REWRITE, REPORT_AFP, REPORT_WAPO):
        assert classify(None, text, "https://www.example.org/news/1", "civcas_report") == "civcas_report"
        # with no source at all (`civcas parse --kind auto` on a file) the content says the same
        assert classify(None, text, "/tmp/report.txt") == "civcas_report"


def test_a_news_story_about_a_report_on_a_news_source_stays_an_article():
    # the report's rows come from the coalition's page; the story is read for claims
    assert classify(None, REPORT_REWRITE, "https://civiliansinconflict.org/blog/x/", "news_article") == "news_article"


def test_a_copy_of_a_report_source_that_is_no_report_is_never_a_strike_release():
    # https://www.washingtonpost.com/news/checkpoint/wp/2016/12/01/... counts strikes, is no release
    story = ("The Pentagon raised its estimate of civilians killed in coalition airstrikes. Coalition forces "
             "conducted 12 airstrikes near Mosul and conducted 3 strikes near Raqqa, the statement said.")
    assert classify(None, story, "https://www.washingtonpost.com/news/x/", "civcas_report") == "news_article"


def test_a_2014_strike_release_without_southwest_asia_is_a_strike_release():
    url = "https://netnewsledger.com/2014/12/26/islamic-state-attacked-by-coalition-forces"
    assert classify("Airstrike targets Islamic State in Syria", RELEASE_2014, url, "strike_release") == \
        "strike_release"
    assert classify(None, RELEASE_2014, "/tmp/release.txt") == "strike_release"


def test_uk_mod_updates_and_their_reposts_are_strike_releases():
    url = "https://www.forces.net/news/raf-launch-air-strikes-against-iraq"
    assert classify("UK Launches Air Strikes Against IS In Iraq", UKMOD_REPOST, url, "strike_release") == \
        "strike_release"
    assert classify(None, UKMOD_REPOST, "/tmp/update.txt") == "strike_release"
    # https://shephardmedia.com/news/air-warfare/raf-typhoons-strike-daesh-targets-iraq (a headline's case)
    assert classify(None, "RAF Typhoons Strike Daesh Targets in Iraq", "/tmp/update.txt") == "strike_release"
    # the RAF's missions named without a strike: no update
    missions = "Royal Air Force missions continue daily, focused on armed reconnaissance."
    assert classify("Newsroom", missions, "https://www.gov.uk/government/news/x", "strike_release") == \
        "news_release"


def test_an_airwars_research_post_is_the_monitors_post_not_an_incident():
    url = "https://airwars.org/research/airwars-assessment-june-2017/"
    text = "Airwars tracked 1,200 civilian deaths reportedly caused by coalition strikes in June 2017."
    assert classify("Airwars assessment: June 2017", text, url, "incident") == "monitor_post"
    listing = "https://airwars.org/civilian-casualties/page/4/?belligerent=coalition"
    assert classify(None, text, listing, "incident") == "incident"


def test_with_no_source_the_content_decides():
    assert classify(None, "Geolocation\nAirwars assessment\nOn June 17 2017 ...", "/tmp/a.txt") == "incident"
    assert classify(None, "سقوط 14 مدنياً بقصف للتحالف على ريف دير الزور الشرقي", "/tmp/k.txt") == "news_article"
    assert classify("Newsroom", "The Defence Secretary met his Iraqi counterpart in London today.", "") == \
        "news_release"
