"""The claims parser on the classes of issue 20 ("Claims, English and Arabic"): a unit test
per class on a sentence written the way the sources write, and the same class shown on the
project's real corpus (tests/corpus/real/claims/), scored against its hand annotation."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import score_real  # noqa: E402

from crawler.tables.monitors import page_claims
from crawler.parsers.claims import parse_claims

REAL = Path(__file__).resolve().parent / "corpus" / "real" / "claims"


def _tolls(claims):
    return [(c.killed_min, c.killed_max) for c in claims]


# -- qualifiers ------------------------------------------------------------------------


@pytest.mark.parametrize("text, want", [
    ("SOHR said that 33 persons at least were killed in the bombardment.", (33, None)),
    ("International coalition forces killed 1256 civilians at least, SNHR said.", (1256, None)),
    ("They were killed between January 1 and May 1 with no less than 998 civilians killed.", (998, None)),
    ("The Observatory has given a toll of around 1,500 civilians in Syria.", (1500, 1500)),
    ("Airwars said as many as 400 civilian deaths could be attributed to the raids.", (None, 400)),
    ("وثقت الشبكة مقتل ما لايقل عن 24 مدنيًا بينهم ستة أطفال.", (24, None)),
    ("قال المرصد إن 14 مدنياً على الأقل فقدوا حياتهم بقصف للتحالف.", (14, None)),
    # "not less than" with whatever short preposition the writer put after it, slips included
    ("وثقت الشبكة مقتل لا يقل على 12 مدنيًا في القصف.", (12, None)),
    ("تسبب القصف بمقتل ما لا يقل عم 15 مدنيًا حتى اللحظة.", (15, None)),
    # the floor set off by commas after the noun
    ("أفاد المرصد إن 12 مدنيا، على الأقل، قد لقيوا مصرعهم في قصف للتحالف.", (12, None)),
])
def test_floors_and_approximations(text, want):
    assert _tolls(parse_claims(text)) == [want]


# -- every toll ------------------------------------------------------------------------


def test_every_toll_of_a_sentence_with_its_own_date_and_place():
    text = ("The toll rose to 721 civilians, including 64 killed by airstrikes in al-Tokhaz area, "
            "in addition to 64 civilians killed in a massacre on 1st of May 2015 in the village of Mahli.")
    claims = parse_claims(text, published="2016-12-06", publisher="SOHR")
    got = [(c.killed_min, c.event_date, c.location) for c in claims]
    assert got == [(721, None, None), (64, None, "al-Tokhaz"), (64, "2015-05-01", "Mahli")]


def test_a_total_and_the_components_told_after_it():
    text = ("SOHR said 33 persons at least were killed, where 26 persons were killed in the airstrikes "
            "carried out today, while 7 citizens were killed in bombardment which targeted Hajin.")
    claims = parse_claims(text, published="2018-11-09")
    first = claims[0]
    assert _tolls(claims) == [(33, None), (26, 26), (7, 7)]
    assert (first.event_date, first.place) == ("2018-11-09", "Hajin")  # the total takes its parts' day and town


def test_children_in_a_breakdown_are_no_toll_but_children_who_were_killed_are():
    text = "The toll rose to 115 since the 10th of September 2018, in addition to 2 children who were killed in shelling."
    claims = parse_claims(text, published="2018-11-09")
    assert _tolls(claims) == [(115, 115), (2, 2)]
    assert parse_claims("33 people were killed, including 30 children.")[0].children == 30
    assert len(parse_claims("33 people were killed, including 30 children.")) == 1


def test_people_alive_are_no_toll():
    text = ("The UN, which expressed concern about civilian deaths in Hajin, says at least 10,000 "
            "civilians are among the 15,000 people remaining in the enclave.")
    assert parse_claims(text) == []


# -- who says it -----------------------------------------------------------------------


@pytest.mark.parametrize("text, claimant", [
    ("Another activist-run group, Raqqa Is Being Slaughtered Silently, reported that 32 people were killed.",
     "Raqqa Is Being Slaughtered Silently"),
    ("At least nine civilians were killed in Mosul on Saturday, according to an Iraqi military source.",
     "Iraqi military source"),
    ("66 civilians were killed around the Old City, according to a map by the blogger known as \u201cMosul Eye\u201d.",
     "Mosul Eye"),
    ("The number of victims has risen to 511 people, the Iraqi civil defence has said.", "Iraqi civil defence"),
    ("The Observatory has given a toll of 1,500 civilians.", "SOHR"),
    ("The US military has said coalition air strikes had killed 484 civilians.", "CJTF-OIR"),
    ("قال المرصد السورى لحقوق الإنسان إن عشرة مدنيين قتلوا فى غارتين.", "SOHR"),
    # the monitors and NGOs by their names in either language, the UN with its stops
    ("قتل 84 مدنيا في ضربتين جويتين للتحالف الدولي، بحسب منظمة هيومن رايتس ووتش.", "Human Rights Watch"),
    ("Coalition forces killed 84 civilians in Syria, said Human Rights Watch (HRW) in a report.", "Human Rights Watch"),
    ("The local group \"Raqqa Is Being Slaughtered Silently\" says nearly 1,000 civilians have been killed.",
     "Raqqa Is Being Slaughtered Silently"),
    ("Air strikes killed at least 59 civilians in Deir al-Zor, the U.N. human rights office said.", "UN"),
])
def test_the_claimant_as_the_text_names_it(text, claimant):
    (c,) = parse_claims(text)
    assert c.claimant == claimant


def test_a_monitor_left_unnamed_is_the_one_named_next():
    text = ("A monitoring group says 11 civilians have lost their lives in aerial bombing in Raqqah. "
            "The so-called Syrian Observatory for Human Rights said on Monday that a woman had been among them.")
    (c,) = parse_claims(text)
    assert (c.killed_min, c.claimant) == (11, "SOHR")
    text = ("More than 170 civilians have been killed in Raqqa city in the past week, a war monitor and sources said. "
            "The coalition said the allegation had been sent for assessment. "
            "The Syrian Observatory for Human Rights said at least 42 people were killed on Monday.")
    assert [(c.killed_min, c.claimant) for c in parse_claims(text)] == [(170, "SOHR"), (42, "SOHR")]


@pytest.mark.parametrize("text", [
    "The US has admitted that its strikes caused the deaths of 624 civilians since 2014.",
    "Late last month, the coalition assessed that its air strikes had \"unintentionally\" killed at least 352 civilians.",
])
def test_the_coalition_in_its_own_words(text):
    (c,) = parse_claims(text)
    assert c.claimant == "CJTF-OIR"


@pytest.mark.parametrize("text", [
    "وأقر التحالف بمقتل أكثر من 1100 مدني على الأقل في ضربات نفذها في سورية و العراق.",
    "وكانت قوات التحالف قد قالت إن غاراتها في سوريا والعراق قتلت بالخطأ 685 مدنيا منذ أغسطس/ آب 2014.",
    "بالمقابل اعترفت قوات التحالف بأنها قتلت عن طريق الخطأ 1300 شخصا من المدنيين في العراق وسوريا.",
])
def test_the_coalition_in_its_own_words_in_arabic(text):
    (c,) = parse_claims(text)
    assert c.claimant == "CJTF-OIR"


def test_each_toll_of_a_sentence_is_told_by_the_voice_named_before_it():
    text = ("وأقر التحالف بمقتل أكثر من 1100 مدني في ضربات نفذها في سورية و العراق، ولكن منظمات حقوقية ترجح "
            "أن يكون العدد أكبر، وأفاد المرصد السوري بمقتل 3300 مدني في غارات التحالف في سورية وحدها.")
    assert [(c.killed_min, c.claimant) for c in parse_claims(text)] == [(1100, "CJTF-OIR"), (3300, "SOHR")]


def test_an_unnamed_organisation_speaks_for_itself():
    text = ("وكانت قوات التحالف قد قالت إن غاراتها قتلت بالخطأ 685 مدنيا. "
            "لكن منظمة تتابع ادعاءات مقتل المدنيين رجّحت أن العدد هو 5343 مدنيا قتلوا في تلك الفترة.")
    assert [(c.killed_min, c.claimant) for c in parse_claims(text)] == [(685, "CJTF-OIR"), (5343, None)]


def test_a_person_named_with_his_body_speaks_for_it_later():
    text = ("\"The rising toll of civilian deaths suggests that insufficient precautions may have been taken,\" "
            "U.N. High Commissioner for Human Rights Zeid Ra'ad al-Hussein said in a statement. "
            "Air strikes in mid-May killed at least 59 civilians in residential areas of Deir al-Zor, Zeid said.")
    (c,) = parse_claims(text)
    assert (c.killed_min, c.claimant) == (59, "UN")


def test_a_report_told_on_keeps_its_voice():
    text = ("«المرصد السوري لحقوق الإنسان» قال إنه ارتفع إلى 16 عدد الشهداء المدنيين. "
            "وأضاف أن القتلى «هم 11 مواطناً استشهدوا في غارات على بلدتي حطلة ومراط».")
    claims = parse_claims(text, publisher="Al-Hayat")
    assert [(c.killed_min, c.claimant) for c in claims] == [(16, "SOHR"), (11, "SOHR")]


# -- dates -----------------------------------------------------------------------------


def test_a_since_date_is_never_lent_to_the_next_claim():
    text = ("SOHR documented the death of 62 civilians since the 6th of November until today. "
            "Coalition airstrikes killed 12 civilians in Raqqa.")
    claims = parse_claims(text, published="2016-12-06")
    assert [(c.killed_min, c.event_date, c.cumulative) for c in claims] == [
        (62, "2016-11-06", True), (12, None, False)]


def test_a_sentence_splitting_a_running_toll_keeps_its_period():
    text = ("SOHR documented the death of 1953 people since the 23rd of September 2014. "
            "They are 66 civilians including 10 children, and 1796 members of IS.")
    claims = parse_claims(text, published="2015-03-23")
    assert [(c.killed_min, c.event_date) for c in claims] == [(1953, "2014-09-23"), (66, "2014-09-23")]


def test_months_of_a_range_with_their_years():
    (c,) = parse_claims("Forces have killed at least 19,663 non-combatant civilians in Syria and Iraq between "
                        "August 2014 and July 2017, monitoring group Airwars estimates.")
    assert (c.killed_min, c.claimant, c.event_date, c.event_date_end) == (19663, "Airwars", "2014-08", "2017-07")


@pytest.mark.parametrize("text", [
    "SOHR said strikes on Raqqa have killed 167 civilians in the last eight days.",
    "The Observatory reported that 225 civilians had been killed in coalition air strikes between 23 April and 23 May.",
])
def test_a_toll_over_a_period_of_its_own_borrows_no_day(text):
    first = "A US-led coalition airstrike on the city of Raqqa resulted in the deaths of 43 civilians on Monday. "
    claims = parse_claims(first + text)
    assert claims[-1].event_date is None


def test_non_combatants_are_counted():
    (c,) = parse_claims("At least 415 non-combatants were likely killed, most of them in Raqqa governorate.")
    assert (c.killed_min, c.killed_max) == (415, None)


def test_an_arabic_month_without_its_year_is_the_latest_such_month():
    text = "وقتل 39 مدنيا في قصف للتحالف الدولي في شهر مايو، وفق المرصد."
    (c,) = parse_claims(text, published="2018-06-02")
    assert c.event_date == "2018-05"
    (c,) = parse_claims(text, published="2018-03-02")
    assert c.event_date == "2017-05"
    (c,) = parse_claims(text)
    assert c.event_date is None  # no publication date: no year to give it


def test_an_arabic_month_and_year_after_since_starts_a_running_count():
    (c,) = parse_claims("قالت قوات التحالف إن غاراتها قتلت بالخطأ 685 مدنيا منذ أغسطس/ آب 2014.")
    assert (c.event_date, c.cumulative) == ("2014-08", True)


def test_the_whole_a_toll_is_part_of_is_a_toll():
    text = "وقتل 39 مدنيا في قصف للتحالف الدولي في شهر مايو من أصل 250 في حصيلة هي الأدنى للقتلى المدنيين."
    assert [c.killed_min for c in parse_claims(text, published="2018-06-02")] == [39, 250]


def test_a_figure_with_the_article_points_back_to_the_toll():
    text = ("أفاد المرصد إن 12 مدنيا قد لقيوا مصرعهم في قصف للتحالف، مشيرا إلى أن الـ12 مدنيا هؤلاء "
            "ينتمون لعائلة واحدة، وكان من بين القتلى أربعة أطفال.")
    assert [c.killed_min for c in parse_claims(text)] == [12]


def test_a_village_told_by_what_it_is_has_no_name():
    (c,) = parse_claims("قتل 12 مدنيا في قصف للتحالف استهدف قرية يسيطر عليها تنظيم داعش.")
    assert c.location is None


def test_a_later_toll_in_a_clause_of_its_own_takes_no_place_before_it():
    text = ("وكان قد قتل الخميس ثمانية مدنيين في قصف للتحالف الدولي استهدف قرية في ريف دير الزور الشرقي، "
            "وقتل 39 مدنيا في قصف للتحالف الدولي في شهر مايو.")
    claims = parse_claims(text, published="2018-06-02")
    assert [(c.killed_min, c.place) for c in claims] == [(8, "Deir ez-Zor"), (39, None)]


@pytest.mark.parametrize("text, want", [
    ("Another seven media activists with the Aleppo Media Center were also killed in the attack.", [(7, 7)]),
    ("The group reports at least two doctors were killed over the past several days in Raqqa.", [(2, None)]),
    ("Seven volunteers with the Syrian Civil Defense rescue group, better known as the White Helmets, "
     "were shot to death by unidentified attackers.", [(7, 7)]),
    ("Air strikes killed nearly two dozen farmworkers in a village.", []),  # "two dozen" is no 2
    ("قال المتحدث إنه وردت أنباء عن مقتل أربعة من النازحين داخلياً في غارة جوية على مدينة هجين.", [(4, 4)]),
])
def test_victims_named_by_what_they_did(text, want):
    assert _tolls(parse_claims(text)) == want


@pytest.mark.parametrize("text, want", [
    # the death verb governs a later object of the same sentence ...
    ("Air strikes in mid-May killed nearly two dozen farmworkers, most of them women, in a village in eastern "
     "Raqqa and at least 59 civilians in residential areas of Deir al-Zor, Zeid said.", [(59, None)]),
    # ... unless another verb of harm comes between
    ("The clashes between the two sides killed 15 members of the Islamic State group and wounded 10 others.", []),
])
def test_the_nearest_verb_says_what_a_number_counts(text, want):
    assert _tolls(parse_claims(text)) == want


@pytest.mark.parametrize("text", [
    "لكن منظمة تتابع ادعاءات مقتل المدنيين رجّحت أن العدد هو 5343 مدنيا قتلوا في تلك الفترة.",
    "But a monitoring group estimated that 5343 civilians were killed over the same period.",
])
def test_the_same_period_is_the_period_of_the_toll_just_told(text):
    first = "وكانت قوات التحالف قد قالت إن غاراتها قتلت بالخطأ 685 مدنيا منذ أغسطس/ آب 2014. "
    claims = parse_claims(first + text)
    assert [(c.killed_min, c.event_date, c.cumulative) for c in claims] == [
        (685, "2014-08", True), (5343, "2014-08", True)]


def test_the_same_speakers_account_going_on_keeps_its_day():
    text = ("استشهد 27 مدنيًا، اليوم السبت، في قصف جوي استهدف منطقة بالجانب الشرقي لمدينة الموصل. "
            "وقال الدكتور أحمد رائد الحمداني لوكالة الأناضول إن طيران التحالف قصف مركبات لنقل الوقود. "
            "وأشار إلى أن القصف أسفر عن تضرر عدد من المنازل السكنية في المدينة. "
            "ووفق الحمداني، قصفت مقاتلات التحالف محلة ابن الهيثم الأمر الذي تسبب في مقتل 12 شخصًا.")
    claims = parse_claims(text, published="2017-01-07")
    assert [(c.killed_min, c.event_date) for c in claims] == [(27, "2017-01-07"), (12, "2017-01-07")]


def test_a_range_prints_its_year_once():
    (c,) = parse_claims("SOHR said 85 persons were killed between 16 March and 20 March 2017.")
    assert (c.event_date, c.event_date_end) == ("2017-03-16", "2017-03-20")


def test_a_period_of_its_own_borrows_no_strike_day():
    text = ("Coalition planes targeted houses in al-Shaafa town on November 3, killing 14 civilians. "
            "Over the past couple of days, 31 civilians were killed in the strikes.")
    claims = parse_claims(text, published="2018-11-05")
    assert [(c.killed_min, c.event_date, c.location) for c in claims] == [
        (14, "2018-11-03", "al-Shaafa"), (31, None, None)]


# -- Arabic ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, want", [
    ("سقوط 14 مدنياً بقصف للتحالف على ريف دير الزور الشرقي", (14, 14)),
    ("ذكر المرصد أن خمسة أشخاص سقطوا في ضربة جوية لطائرات التحالف.", (5, 5)),
    ("استشهد 6 أشخاص جراء قصف طائرات حربية على مدينة الميادين.", (6, 6)),
    ("كذلك استشهد شخص جراء قصف جوي على قرية جديدة عكيدات.", (1, 1)),
    ("لافتة إلى أن النظام السوري قتل ألف، و447 مدنيًا في الفترة نفسها.", (1447, 1447)),
])
def test_arabic_death_words_and_numbers_beyond_a_closed_list(text, want):
    assert _tolls(parse_claims(text)) == [want]


def test_arabic_tolls_that_rise_to_a_new_total():
    text = ("ليرتفع إلى 41 ممن استشهدوا في بلدتي هجين والشعفة، ومع سقوط مزيد من الخسائر البشرية فإنه "
            "يرتفع إلى 123 على الأقل، عدد من استشهدوا منذ الـ 10 من أيلول / سبتمبر الجاري من العام 2018، "
            "جراء ضربات للتحالف الدولي على مسجد في بلدة السوسة.")
    claims = parse_claims(text, published="2018-11-10")
    got = [(c.killed_min, c.killed_max, c.event_date, c.cumulative, c.place) for c in claims]
    assert got == [(41, 41, None, False, "Hajin"), (123, None, "2018-09-10", True, "Susah")]


def test_arabic_compound_number_words():
    (c,) = parse_claims("ومن بين هؤلاء القتلى مئة وعشرين سقطوا في مناطق عدة من دير الزور.")
    assert (c.killed_min, c.place) == (120, "Deir ez-Zor")


def test_arabic_dates_with_a_word_before_the_year():
    (c,) = parse_claims("حيث ارتفع إلى 38 على الأقل عدد الذين قتلتهم طائرات التحالف بعد منتصف ليل الثلاثاء، "
                        "الـ 28 من تشرين الثاني / نوفمبر الجاري من العام 2018.")
    assert (c.killed_min, c.killed_max, c.event_date) == (38, None, "2018-11-28")
    (c,) = parse_claims("قتلت الغارات 2079 شخصًا منذ بدء الحملة الجوية على التنظيم في سبتمبر الماضي (2014).")
    assert (c.event_date, c.cumulative) == ("2014-09", True)


# -- tolls and what is not one ---------------------------------------------------------


def test_killed_and_injured_together_is_no_death_toll():
    text = "The coalition warplanes targeted al-Safawi village, martyring and injuring at least 5 civilians."
    assert parse_claims(text) == []
    assert parse_claims("يخلف نحو 40 شهيد وجريح في القصف") == []


def test_a_count_that_rises_to_a_figure():
    (c,) = parse_claims("US-led coalition warplanes kill more civilians rising the number of deaths to 160")
    assert (c.killed_min, c.killed_max) == (160, 160)


def test_a_toll_split_by_place_as_a_list():
    text = ("وتوزع الضحايا المدنيون على ثلاث محافظات، حيث كان نصيب إدلب 12 مدنيا، ودير الزور 6 وحمص 6. "
            "فقد قضى بأسلحة النظام في دمشق وريفها 13 مدنيا، وفي إدلب 7 ودير الزور 4 وحلب 2.")
    claims = parse_claims(text)
    assert [(c.killed_min, c.place) for c in claims] == [
        (12, "Idlib"), (6, "Deir ez-Zor"), (6, "Homs"), (13, "Damascus"), (7, "Idlib"), (4, "Deir ez-Zor"),
        (2, "Aleppo")]
    english = parse_claims("SNHR said 24 civilians were killed: 12 in Idlib, 6 in Deir ez-Zor and 6 in Homs.")
    assert [(c.killed_min, c.place) for c in english] == [
        (24, None), (12, "Idlib"), (6, "Deir ez-Zor"), (6, "Homs")]


def test_the_same_day_lends_the_day_not_the_place():
    text = ("قتل 13 مدنيا في إدلب يوم 22 أيلول 2014. "
            "كما قتلت قوات النظام في اليوم نفسه ما لا يقل عن 28 مدنيا بينهم 4 أطفال.")
    claims = parse_claims(text)
    assert [(c.killed_min, c.event_date, c.place) for c in claims] == [
        (13, "2014-09-22", "Idlib"), (28, "2014-09-22", None)]


def test_numeric_dates_only_when_the_day_is_plain():
    (c,) = parse_claims("64 civilians were killed in a massacre on Friday's night in 04/30/2015 in Bir Mahli village.")
    assert (c.event_date, c.place) == ("2015-04-30", "Bir Mahli")
    (c,) = parse_claims("64 civilians were killed in a massacre on 04/05/2015 in Bir Mahli village.")
    assert c.event_date is None  # April 5 or May 4: not guessed


def test_a_sentence_about_the_attack_before_lends_its_village():
    text = ("Hasaka, SANA – The coalition warplanes targeted al-Safawi village in the countryside of Hasaka. "
            "Sources said the warplanes struck houses in the village, claiming the lives of 3 civilians.")
    (c,) = parse_claims(text)
    assert (c.killed_min, c.location) == (3, "al-Safawi")


# -- places ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, location", [
    ("14 civilians killed due to US-led Coalition\u2019s strikes on al-Shaafa, Deir ezzor", "al-Shaafa"),
    ("Hasaka, SANA- Eight civilians were killed in a coalition attack on Dheeb Haddaj village, "
     "southeast of al-Shaddadi city.", "Dheeb Haddaj"),
    ("استشهد شخص جراء قصف جوي على قرية جديدة عكيدات بالريف الشرقي لدير الزور.", "جديدة عكيدات"),
    ("محافظة دير الزور – المرصد السوري:: استشهد 5 أشخاص في حي الكنامات بمدينة دير الزور.", "الكنامات"),
])
def test_a_village_is_kept_as_printed_never_replaced_by_its_province(text, location):
    (c,) = parse_claims(text)
    assert c.location == location


@pytest.mark.parametrize("text", [
    "وأفادت شبكة “دير الزور 24″ أن صاروخًا سقط على بناء سكني، تسبب بمقتل 15 مدنيًا.",
    "Deir Ezzor 24 said that 12 civilians were killed in the strike.",
])
def test_a_town_in_a_sources_name_is_not_the_place(text):
    (c,) = parse_claims(text)
    assert (c.location, c.place) == (None, None)


def test_an_arabic_comma_ends_a_settlements_name():
    (c,) = parse_claims("سقط صاروخ على بناء سكني في حي القصور، تسبب بمقتل 15 مدنيًا.")
    assert c.location == "القصور"


def test_a_place_a_bearing_is_taken_from_yields_to_a_finer_one():
    text = ("قتل خمس مدنيين في غارة شنتها قوات التحالف الدولي شمال شرقي دير الزور السورية، "
            "إذ تم استهداف شبان في قرية حويجة الرز.")
    (c,) = parse_claims(text)
    assert c.location == "حويجة الرز"
    (c,) = parse_claims("قتل خمسة مدنيين في غارة للتحالف شمال شرقي دير الزور.")
    assert c.place == "Deir ez-Zor"  # nothing finer named: the reference place


def test_a_town_in_an_organisations_name_is_not_the_place():
    text = ("Another seven media activists with the Aleppo Media Center were also killed in the attack, "
            "which occurred in the rebel-held city of Sarmin.")
    (c,) = parse_claims(text)
    assert c.location == "Sarmin"


def test_a_neighbourhood_named_by_its_adjective():
    text = ("وقالت مصادر محلية إن طائرات التحالف الدولي قصفت بشكل خاطئ منازل لمدنيين في الحي الزراعي. "
            "واضافت المصادر ان القصف اسفر عن مقتل 11 مدنيا.")
    (c,) = parse_claims(text)
    assert (c.killed_min, c.location) == (11, "الزراعي")


def test_a_running_count_from_an_undated_start_borrows_no_place():
    text = ("وهم اثنان من نازحي منطقة الميادين استهدفتهم الغارة. "
            "المرصد السوري أشار إلى توثيقه أناس قتلوا جراء قصف قوات التحالف منذ بداية تدخل هذه القوات، "
            "بينهم 3035 ضحية من المدنيين.")
    (c,) = parse_claims(text)
    assert (c.killed_min, c.location, c.event_date) == (3035, None, None)


def test_a_pair_of_places_lends_no_one_scene():
    text = ("During a July mission to Tabqa and Mansourah, two towns near Raqqa, Human Rights Watch "
            "investigated several such airstrikes. In the two deadliest attacks, the US-led coalition "
            "struck a school and a market killing at least 84 civilians.")
    (c,) = parse_claims(text, published="2017-09-24")
    assert (c.killed_min, c.place) == (84, None)


def test_a_dateline_is_not_the_place():
    (c,) = parse_claims("Deir Ezzor Province \u2013 SOHR: 33 people were killed in strikes on Hajin.")
    assert c.place == "Hajin"


@pytest.mark.parametrize("marker", ["", "1. ", "2) ", "- ", "\u2022 ", "* ", "- -- "])
def test_list_markers_are_no_figures(marker):
    lines = ["At least 9 civilians were killed near Hajin on Dec. 30, SOHR said.",
             "SANA said 14 civilians were killed in al-Shaafa town."]
    text = "\n".join(marker + line for line in lines)
    claims = parse_claims(text, published="2019-01-03")
    assert [(c.killed_min, c.claimant, c.location) for c in claims] == [(9, "SOHR", "Hajin"), (14, "SANA", "al-Shaafa")]


def test_hard_wrapped_lines_are_one_sentence():
    text = "At least nine civilians were killed in the Iraqi city of Mosul on\nSaturday, according to an Iraqi\nmilitary source."
    (c,) = parse_claims(text)
    assert (c.killed_min, c.place, c.claimant) == (9, "Mosul", "Iraqi military source")


# -- held-out round 2 (tests/corpus/real/claims k141-k156) -----------------------------


def test_the_article_after_li_is_written_ll():
    """ل + الخسائر is printed للخسائر: 'من ضمن المجموع العام للخسائر البشرية، 132 مدنياً'."""
    text = ("وأشار المرصد السوري إلى إصابة المئات، مبيناً أن من ضمن المجموع العام للخسائر البشرية، "
            "132 مدنياً سوريا، بينهم 42 طفلاً.")
    assert (132, 132) in _tolls(parse_claims(text))


def test_a_levantine_month_with_its_gregorian_name_in_brackets():
    text = ("قال المرصد السوري لحقوق الإنسان إن ما لا يقل عن 3952 شخصاً قُتلوا منذ بدء الضربات "
            "فجر 23 أيلول (سبتمبر) 2014.")
    claims = parse_claims(text, published="2015-11-24")
    assert [(c.killed_min, c.event_date) for c in claims] == [(3952, "2014-09-23")]


def test_a_sentence_going_on_with_the_speaker_keeps_its_voice():
    """'وتابع أن 64 ...' two sentences after the monitor's toll is the monitor's, not the
    publisher's; a new subject after the verb is another speaker."""
    text = ("قال المرصد السوري لحقوق الإنسان إن 250 مدنياً قتلوا في غارات التحالف. "
            "وأوضح أن بين هؤلاء عائلة من قرية دالي حسن. "
            "وتابع أن 64 مواطناً قُتلوا أيضاً في مجزرة في قرية بير محلي.")
    claims = parse_claims(text, publisher="Al-Hayat")
    assert [(c.killed_min, c.claimant) for c in claims] == [(250, "SOHR"), (64, "SOHR")]
    other = ("قال المرصد السوري لحقوق الإنسان إن 250 مدنياً قتلوا في غارات التحالف. "
             "وأوضح أن بين هؤلاء عائلة من قرية دالي حسن. "
             "وقال ناشطون إن 64 مواطناً قُتلوا في قرية بير محلي.")
    assert [c.claimant for c in parse_claims(other, publisher="Al-Hayat")] == ["SOHR", "Al-Hayat"]


@pytest.mark.parametrize("text, want", [
    ("The US Central Command only acknowledged the death of two Syrian children in the shelling.", (2, 2)),
    ("The attack came a day after three members of the same family were killed in a coalition airstrike.", (3, 3)),
    ("Between them, they lost 90 relatives and neighbours, almost all killed by Coalition air strikes.", (90, 90)),
])
def test_kin_and_word_numbers_with_an_adjective(text, want):
    assert _tolls(parse_claims(text)) == [want]


def test_family_members_in_a_breakdown_are_a_share():
    text = "According to SOHR, 43 people died in the attack, including 36 family members of IS fighters."
    assert _tolls(parse_claims(text)) == [(43, 43)]


def test_a_report_announced_before_its_figure_is_the_monitors():
    text = ("The Syrian Network for Human Rights SNHR had documented in a report published on Wednesday "
            "the number of civilian victims who were killed in the bombing of the coalition. "
            "The international coalition's airstrikes killed 649 people among them 244 children.")
    assert [(c.killed_min, c.claimant) for c in parse_claims(text)] == [(649, "SNHR")]
    # a monitor named in a sentence about something else announces nothing
    plain = ("The Syrian Network for Human Rights SNHR was founded in 2011. "
             "The international coalition's airstrikes killed 649 people.")
    assert [c.claimant for c in parse_claims(plain)] == [None]


def test_the_observatory_of_an_iraqi_text_is_not_sohr():
    text = ("Dozens of civilians were killed in western Mosul, the Iraqi Observatory for Human Rights reported. "
            "Earlier this month, the observatory cited reports that 700 civilians have been killed in Mosul.")
    assert [c.claimant for c in parse_claims(text)] == ["Iraqi Observatory for Human Rights"]
    syrian = ("The Syrian Observatory for Human Rights said 12 civilians were killed. "
              "The observatory said 5 more civilians were killed in Raqqa.")
    assert {c.claimant for c in parse_claims(syrian)} == {"SOHR"}


def test_the_place_of_the_sayers_is_not_the_sayer():
    text = ("The family of Ghanim Sobhiya, who included 42 people, was killed in an air raid on April 15, "
            "local residents of Bab Sinjar told reporters.")
    assert [c.claimant for c in parse_claims(text)] == [None]


def test_a_toll_over_several_provinces_has_no_place():
    text = ("وأشار المرصد السوري إلى أن من ضمن المجموع العام للخسائر البشرية، 132 مدنياً، بينهم 42 طفلاً، "
            "في محافظات الحسكة ودير الزور والرقة وحلب وإدلب، من بينهم 62 مواطناً تم توثيق مقتلهم في "
            "المجزرة التي ارتكبتها طائرات التحالف في قرية بير محلي.")
    claims = {c.killed_min: c for c in parse_claims(text)}
    assert claims[132].place is None and claims[132].location is None
    assert claims[62].place == "Bir Mahli"
    english = "The monitor said 250 civilians were killed in the provinces of Hasakah, Raqqa and Aleppo."
    assert [c.place for c in parse_claims(english)] == [None]


def test_an_arabic_outlet_named_as_the_source_speaks_for_itself():
    """After Deir ez-Zor 24's toll, 'وأوضحت شبكة “فرات بوست” أن ...' is Furat Post's and
    'وسائل إعلام النظام ... وقالت إن' the regime media's, not Deir ez-Zor 24's again."""
    text = ("وأفادت شبكة “دير الزور 24″ أن صاروخًا سقط على بناء سكني في حي القصور، تسبب بمقتل 15 مدنيًا. "
            "وأوضحت شبكة “فرات بوست” أن حصيلة الضحايا ارتفعت إلى أكثر من 20 مدنيًا. "
            "إلا أن وسائل إعلام النظام قالت إن “عدد الشهداء ارتفع إلى 25 مدنيًا”.")
    assert [(c.killed_min, c.claimant) for c in parse_claims(text)] == [
        (15, "Deir Ezzour24"), (20, "فرات بوست"), (25, None)]


def test_the_strike_just_told_is_dated_by_the_next_sentence():
    text = ("At least 20 Iraqi civilians have been killed in airstrikes in the northern parts of Mosul's Old City. "
            "According to al-Forat news agency, the air raid, which was conducted on Sunday, also injured 25 other people.")
    assert [(c.killed_min, c.event_date) for c in parse_claims(text, published="2017-05-29")] == [(20, "2017-05-28")]
    # a sentence about something else lends no date
    other = ("At least 20 Iraqi civilians have been killed in airstrikes in Mosul's Old City. "
             "Iraqi troops advanced on Sunday into the Zanjili district.")
    assert [c.event_date for c in parse_claims(other, published="2017-05-29")] == [None]


# -- the same classes on real published text -------------------------------------------


def _real(doc: str):
    sources = json.loads((REAL / "sources.json").read_text(encoding="utf-8"))
    notes = json.loads((REAL / "annotations.json").read_text(encoding="utf-8"))
    meta = sources[doc]
    text = (REAL / meta["file"]).read_text(encoding="utf-8")
    claims = page_claims(meta["source_key"], meta["url"], text, meta["published_passed_to_parser"])
    return claims, [e for e in notes[doc]["expected"] if not e.get("optional")]


def _agrees(claim, want) -> bool:
    return all(check(want, claim) for name, check in score_real._CLAIM_FIELDS.items() if name in want)


@pytest.mark.parametrize("doc, what", [
    ("k101_sohr_en_56474", "a total and its components, each with its own day and village"),
    ("k102_sohr_en_63186", "several tolls in one sentence, a range with one year"),
    ("k103_sohr_en_58578", "'11 at least', a running count and its civilian share"),
    ("k104_sana_en_139339", "villages outside the gazetteer, a dateline"),
    ("k105_axar_mosul_12457", "a claimant outside the list, hard-wrapped lines"),
    ("k106_yemenpress_sohr_6004", "a report told on, the UN"),
    ("k107_normangeestar_mosul", "claimants outside the list"),
    ("k111_sohr_ar_292563", "Arabic: a toll that rises, its civilian share, a total with no date"),
    ("k112_sohr_ar_242615", "Arabic: one victim without a number, a count since a day"),
    ("k113_sohr_ar_290779", "Arabic: two rising totals in one sentence"),
    ("k114_ikhwanonline_snhr_207815", "Arabic: number words, 'ما لايقل عن', 'اليوم ذاته'"),
    ("k115_sohr_ar_25120", "Arabic: Egyptian spelling, number words"),
    ("k116_baladi_snhr_35237", "Arabic: '23/ أيلول/ 2014'"),
    ("k117_alhayat_sohr_22436321", "Arabic: 'وأضاف' keeps the monitor's voice, neighbourhoods"),
    ("k121_sohr_en_20165", "a count rising to a figure, a US numeric date"),
    ("k122_sana_en_129046", "killed and injured together, the village of the attack told before"),
    ("k123_sohr_ar_293379", "Arabic: a date with 'الجاري من العام'"),
    ("k125_paltimeps_175582", "Arabic: compound number words"),
    ("k127_rassd_sohr_139438", "Arabic: a month with its year in brackets"),
    ("k128_zamanalwsl_snhr_53694", "Arabic: tolls split by place as a list, 'اليوم نفسه'"),
    ("k131_trtworld_13093998", "'a war monitor', 'The US has admitted', months of a range"),
    ("k132_bbc_40037169", "'activists say' then the Observatory, 'the coalition assessed', a yearless range"),
    ("k134_inn_396125", "'in the last eight days'"),
    ("k135_rafida_presstv_11", "'A monitoring group says'"),
    ("k136_airwars_june_2017", "a range of minimums, 'non-combatants'"),
    ("k141_snhr_en_10637", "held out: 'the death of two Syrian children'"),
    ("k147_presslajme_mosul_20", "held out: the strike dated in the sentence after its toll"),
    ("k142_yallasouriya_snhr_649", "held out: SNHR's report announced, its figure in the next sentence"),
    ("k152_alhayat_sohr_12331985", "held out: 'أيلول (سبتمبر) 2014', 'وتابع أن' keeps SOHR's voice"),
    ("k145_noor_aa_mosul_13", "held out: 'three members of the same family were killed'"),
    ("k151_rozana_sohr_2507", "held out: Arabic 'للخسائر البشرية', a rising total"),
    ("k146_airwars_raqqa_august_2017", "held out: an Airwars news post among munition counts"),
    ("k154_albaath_shaafa_29", "held out: one toll told three times"),
    ("k155_syrianpc_mahkan", "held out: Arabic number words, tolls by town"),
    ("k156_agoraleaks_qusour_14", "held out: Syrian TV and activists on one strike"),
    ("k161_elmwatin_sohr_hadaj_12", "round 3: a floor after commas, 'الـ12 هؤلاء', 'في شهر مايو', 'من أصل 250'"),
    ("k162_syria24_sohr_susah_32", "round 3: 'وأقر التحالف' then 'وأفاد المرصد' in one sentence"),
    ("k163_echorouk_sohr_shuhabat_28", "round 3: SOHR's director, villages outside the gazetteer"),
    ("k164_menamonitor_huwayjat_5", "round 3: a bearing from Deir ez-Zor, a count since an undated start"),
    ("k165_iraqyoon_mosul_11", "round 3: 'الحي الزراعي' of the strike told before"),
    ("k166_microsyria_mosul_27", "round 3: 'ووفق الحمداني' keeps the day of his account"),
    ("k167_aajsy_un_hajin_4", "round 3: 'أربعة من النازحين', the UN told on, Amaq"),
    ("k168_akhbaar24_hrw_84", "round 3: HRW in Arabic, 'في تلك الفترة'"),
    ("k171_hrw_all_feasible_precautions", "round 3: HRW's own report, a pair of towns lends no scene"),
    ("k172_jvillate_memo_hrw_84", "round 3: 'said Human Rights Watch (HRW)'"),
    ("k173_radiohc_rbss_1000", "round 3: RBSS quoted, 'two doctors', 'the Aleppo Media Center'"),
    ("k174_ammarjohmani_un_zeid_59", "round 3: a second object of 'killed', 'Zeid said' is the UN"),
    ("k175_deirezzor24_en_ice_factory", "round 3: Deir Ezzor 24's own site, 'more than ten civilians'"),
    ("k176_syrianews_sana_shaafa_11", "round 3: 'killed 15 members ... and wounded 10 others'"),
    ("k181_alwaght_snhr_raqqa_2371", "round 4: 'تشريداً لقرابة 450 ألف نسمة' is no toll"),
    ("k183_peopledaily_ar_sohr_raqqa_14", "round 4: a dated dateline 'دمشق 9 مارس 2017 /', 'بلغت 890.'"),
    ("k184_alweeam_aa_mosul_17", "round 4: Anadolu in Arabic, two incidents"),
    ("k185_masralarabia_aa_mosul_8", "round 4: a funeral in al-Shifa, the officer's quote"),
    ("k186_halabtoday_dez24_baghuz_8", "round 4: 'أودى بحياة ثمانية مدنيين' on the word of Deir Ezzor 24"),
    ("k187_khabarlb_sohr_baghuz_16", "round 4: a headline printed three times"),
    ("k188_allhayat_iq_baghuz_50", "round 4: 'اكثر من 50' without its hamza"),
    ("k191_iraqinews_hawi_kanisa_11", "round 4: 'Eleven civilians ... died'"),
    ("k192_newarab_mosul_wahda_17", "round 4: one toll told four times, soldiers and IS members"),
    ("k193_khamakar_tayba_24", "round 4: a total and its parts by town"),
    ("k194_nso_raqqa_museum_6", "round 4: a toll and its parts"),
    ("k197_iraqinews_qasioun_shahabat_11", "round 4: '11 Casualties' in a headline"),
    ("k201_alhayat_sohr_khazima_11", "round 4, second batch: SOHR's toll, its quote and running total"),
    ("k202_akhbarak_dw_sohr_badu_27", "round 4, second batch: a date printed in brackets"),
    ("k203_sputnik_ar_mosul_baath_14", "round 4, second batch: 'وقتلت 14 امرأة' with no toll before"),
    ("k204_freshsyria_baghuz_1_8", "round 4, second batch: 'استشهد مدني', one victim without a number"),
    ("k205_elmasaar_sana_baghuz_10", "round 4, second batch: 'وكالة الأنباء السورية', 'بلدة باغوز'"),
    ("k206_sott_almayadeen_raqqa_30", "round 4, second batch: Syrian state media, the UN over two provinces"),
    ("k207_islamweb_aj_mosul_15", "round 4, second batch: executions are no strike's toll"),
    ("k208_insidesyria_raqqa_29", "round 4, second batch: a toll and its children"),
    ("k209_pharmacybg_afp_raqa_17", "round 4, second batch: AFP's 'Raqa', a monitor named next"),
    ("k210_newsfront_sana_khuneida_10", "round 4, second batch: SANA quoted on Khuneida"),
    ("k211_democracynow_airwars_16", "round 4, second batch: 'up to 16 ... Tuesday'"),
])


def test_real_documents_give_every_annotated_claim(doc, what):
    claims, expected = _real(doc)
    missing = [want for want in expected if not any(_agrees(c, want) for c in claims)]
    assert not missing, f"{doc} ({what}): no claim agrees with {missing}"


@pytest.mark.parametrize("doc, why", [
    ("k124_sohr_ar_248761", "the headline's 40 takes the Deir ez-Zor of the siege it mentions (annotated: no place)"),
    ("k126_echorouk_sohr_220217", "'الأممالمتحدة' lost its space in the repost: the UN is not recognised"),
    ("k133_straitstimes_raqqa_170", "the 42 killed on Monday are in Raqqa by the article's subject, not its sentence"),
    ("k143_amnesty_ca_raqqa", "held out: the 90 is Amnesty's by 'the report' of the sentence before, in 'the ruined city' named earlier"),
    ("k182_akhbarelyoum_rbss_mroor_21", "round 4: '19 اوت الماضي' with no year and no publication date: undated by design"),
    ("k195_dailystar_raqqa_42", "round 4: the 27 killed on Sunday are in Raqqa by the sentence before; a dated toll borrows no town"),
    ("k196_nasheman_aljazeera_raqqa_13", "round 4: 'on May 14' with no year (undated by design) at al-Akershi, a name the gazetteer lacks after 'hit'"),
])
def test_real_documents_known_misses(doc, why):
    """What the parser still gets wrong on real text, kept visible: if one of these starts
    passing, move it to the list above."""
    claims, expected = _real(doc)
    missing = [want for want in expected if not any(_agrees(c, want) for c in claims)]
    assert len(missing) == 1, f"{doc}: {why}; missing now {missing}"


# -- held-out round 4: each class on a sentence of its own ----------------------------------


def test_more_than_spelt_without_its_hamza_is_a_floor():
    # "اكثر" for "أكثر": informal spelling drops the hamza of the alef
    claims = parse_claims("قتل اكثر من 30 مدنيا في غارة للتحالف على قرية الشعفة.")
    assert _tolls(claims) == [(30, None)]


def test_a_number_counted_by_a_noun_of_other_harm_is_no_toll():
    # the sentence speaks of deaths, but the number is governed by "displacement" just before it
    claims = parse_claims('وقال التقرير إن المعارك أدت إلى مقتل 500 مدني، وتهجير لقرابة 200 ألف نسمة.')
    assert _tolls(claims) == [(500, 500)]


def test_a_dateline_city_and_date_before_a_slash_is_no_scene():
    claims = parse_claims("بغداد 12 يناير 2017 /قتل 9 مدنيين في غارة جوية للتحالف على ريف محافظة الرقة.",
                          published="2017-01-12")
    assert len(claims) == 1
    assert claims[0].place == "Raqqa"


def test_a_count_that_reached_a_number_at_the_end_of_the_sentence():
    claims = parse_claims("وذكر المرصد أن عدد القتلى المدنيين في غارات التحالف منذ بدايتها بلغ 412.")
    assert _tolls(claims) == [(412, 412)]
    assert claims[0].claimant == "SOHR"


def test_a_thousand_written_as_a_word_alone():
    claims = parse_claims("وقتل أكثر من ألف مدني في المدينة منذ بدء المعركة وفق ناشطين.")
    assert _tolls(claims) == [(1000, None)]


def test_claimed_the_lives_of_in_arabic():
    claims = parse_claims('وأفاد موقع "دير الزور 24" بأن الغارة أودت بحياة سبعة مدنيين في بلدة هجين.')
    assert _tolls(claims) == [(7, 7)]
    assert claims[0].claimant == "Deir Ezzour24"


def test_a_number_set_before_the_count_it_takes_to():
    # "take to 96 the number of civilians killed": what the number counts comes after it
    claims = parse_claims("The latest figures take to 96 the number of civilians killed in the city since May 2, "
                          "after the monitor said 12 were killed on Friday.", published="2017-05-20")
    assert _tolls(claims) == [(96, 96), (12, 12)]
    assert claims[1].event_date == "2017-05-19"


def test_the_activists_are_the_group_just_named():
    text = ("Raqqa Is Being Slaughtered Silently, a group of activists, said the school was hit. "
            "The activists said on Friday that strikes killed at least 20 civilians in the city.")
    claims = parse_claims(text)
    assert [c.claimant for c in claims] == ["Raqqa Is Being Slaughtered Silently"]


def test_maghreb_month_names():
    # Algerian and Moroccan papers print the French month names: "جوان", "جويلية", "أوت"
    claims = parse_claims("وأكدت الشبكة أن التحالف قتل 21 مدنيا في 19 أوت الماضي.", published="2017-09-01")
    assert claims[0].event_date == "2017-08-19"


# -- held-out round 4, second batch --------------------------------------------------------


def test_women_killed_with_no_toll_before_them_are_the_toll():
    # "وقتلت 14 امرأة": the verb of killing takes the women as its object; no total precedes
    claims = parse_claims("وقال مصدر إن طائرة مسيرة قصفت بستانا في حي الزهور، وقتلت 12 امرأة مع ثلاثة رجال.")
    assert (12, 12) in _tolls(claims)
    claims = parse_claims("A drone strike on a farm killed 9 women and two men, a local source said.")
    assert (9, 9) in _tolls(claims)
    # ... but after a total they are its share
    claims = parse_claims("قتل 11 مدنياً بينهم ثمانية أطفال وثلاث مواطنات في قصف للتحالف.")
    assert _tolls(claims) == [(11, 11)]


def test_sana_by_its_arabic_names():
    claims = parse_claims("وقالت وكالة الأنباء السورية إن 6 مدنيين قتلوا في غارة للتحالف على بلدة هجين.")
    assert claims[0].claimant == "SANA"
    claims = parse_claims("وذكرت الوكالة العربية السورية للأنباء أن 6 مدنيين قتلوا في غارة للتحالف.")
    assert claims[0].claimant == "SANA"


def test_a_town_printed_without_its_article_and_the_word_after_it():
    # "بلدة باغوز آخر معاقل ...": the gazetteer knows "الباغوز"; "آخر" is no part of the name
    claims = parse_claims("قتل 10 مدنيين في قصف للتحالف على بلدة باغوز آخر معاقل التنظيم.")
    assert claims[0].place == "Baghuz"


def test_afp_spelling_of_raqqa():
    claims = parse_claims("Coalition strikes pounded Raqa on Thursday, killing at least 17 civilians, a monitor said.")
    assert claims[0].place == "Raqqa"


# -- held-out round 5 -----------------------------------------------------------------------


def test_a_count_of_others_after_a_toll():
    # "Six others were killed", "و11 آخرين": 'others' stands for the noun of the toll before
    claims = parse_claims("Coalition planes struck Manbij on Monday, leaving at least 15 civilians dead. "
                          "Six others were killed in another strike nearby, the monitoring group said.")
    assert (6, 6) in _tolls(claims)
    claims = parse_claims("وأفاد المرصد بمقتل عشرة مدنيين أمس الثلاثاء، و11 آخرين الاثنين في قصف التحالف.")
    assert (11, 11) in _tolls(claims)
    # ... but others wounded are no toll
    claims = parse_claims("قتل 17 مدنيا وإصابة نحو 30 آخرين بجروح في قصف للتحالف على الرقة.")
    assert _tolls(claims) == [(17, 17)]
    claims = parse_claims("قالت الشبكة إن ثلاثة مدنيين قتلوا، وأصيب 11 آخرون بينهم حالات خطيرة، في قصف للتحالف.")
    assert _tolls(claims) == [(3, 3)]
    claims = parse_claims("Four civilians were killed in a coalition strike on Hajin, and two others were injured.")
    assert _tolls(claims) == [(4, 4)]


def test_a_death_noun_with_a_pronoun_ending():
    # "راح ضحيتها نحو 20 مدنيًا": ضحية written ضحيت- before its pronoun
    claims = parse_claims("نفذ طيران التحالف مجزرة جديدة في منطقة منبج، راح ضحيتها نحو 20 مدنيًا.")
    assert _tolls(claims) == [(20, 20)]


def test_compound_english_number_words():
    claims = parse_claims('"Twenty-six civilians were killed in coalition air strikes on Friday morning on the town of Hajin,"'
                          " the Syrian Observatory for Human Rights said.", published="2018-11-09")
    assert _tolls(claims) == [(26, 26)]
    assert claims[0].event_date == "2018-11-09"
    # a word in brackets between the number and its noun
    claims = parse_claims("Thirty-one IS (Daesh) family members were killed in coalition strikes on Hajin, the Observatory said.")
    assert _tolls(claims) == [(31, 31)]


def test_an_arabic_ordinal_day_with_its_tens():
    # "الواحد والعشرين من آذار" is the 21st (الواحد as well as الحادي), not the 20th
    claims = parse_claims("قتل 150 مدنيا جراء الغارة التي وقعت في الواحد والعشرين من آذار الجاري على المنصورة.",
                          published="2017-03-30")
    assert claims[0].event_date == "2017-03-21"
    claims = parse_claims("قتل 15 مدنيا في غارة في الثاني والثلاثين من آذار.", published="2017-03-30")
    assert claims[0].event_date is None  # no 32nd: never a guess
    claims = parse_claims("قتل 15 مدنيا في غارة في الثاني والعشرين من آذار.", published="2017-03-30")
    assert claims[0].event_date == "2017-03-22"


def test_a_dated_toll_on_the_city_named_before():
    # "the city" points back to the town the sentence before named, even for a toll with its own day
    claims = parse_claims("استهدفت الغارة مدرسة لنازحين بمدينة المنصورة. وكان 150 مدنيا قتلوا جراء الغارة التي"
                          " وقعت في الواحد والعشرين من آذار الجاري على المدينة.", published="2017-03-30")
    assert claims[-1].place == "Al Mansurah"
    claims = parse_claims("Coalition jets bombed a mosque in Hajin. At least 7 civilians were killed on Thursday"
                          " in the center of the town, local sources said.", published="2018-10-26")
    assert claims[-1].place == "Hajin"
    # without such a pointer a dated toll borrows no town (k195's rule stands)
    claims = parse_claims("Coalition jets bombed a mosque in Hajin. At least 7 civilians were killed on Thursday,"
                          " local sources said.", published="2018-10-26")
    assert claims[-1].place is None


# -- held-out round 5, second batch -----------------------------------------------------------


def test_a_besieged_city_is_no_sign_the_people_live():
    # "besieged" said of the place, not of the people counted: they still died
    claims = parse_claims("Human rights groups say US-led coalition airstrikes killed at least 56 civilians in and around"
                          " the besieged city of Manbij.")
    assert _tolls(claims) == [(56, None)]
    # ... while people besieged are alive
    claims = parse_claims("Airstrikes killed dozens as 10,000 civilians besieged by the fighting waited for a corridor.")
    assert _tolls(claims) == []


def test_a_family_of_members():
    # "عائلة مكونة من 8 أفراد": members of a family killed
    claims = parse_claims("قتلت عائلة عراقية مكونة من 8 أفراد، بغارة جوية خاطئة استهدفت منزلا غربي الموصل.")
    assert _tolls(claims) == [(8, 8)]
    # ... not members of a force
    claims = parse_claims("قتل 5 مدنيين في غارة، وأصيب 3 أفراد من الشرطة.")
    assert _tolls(claims) == [(5, 5)]


def test_an_ordinal_day_is_no_toll():
    # "between March 18th and 19th": the second day of a range, printed without its month
    claims = parse_claims("A strike on the camp between March 18th and 19th killed at least 160 civilians.",
                          published="2019-05-15")
    assert _tolls(claims) == [(160, None)]


def test_the_task_force_and_rudaw_by_their_arabic_names():
    claims = parse_claims("أفادت قوة المهام المشتركة في تقييمها الشهري بأن 45 مدنيا قتلوا في الفترة بين نوفمبر 2016 ومارس 2017.")
    assert claims[0].claimant == "CJTF-OIR"
    claims = parse_claims('وكانت شبكة "رووداو" الكردية قد ذكرت أن 230 مدنيًّا قُتلوا نتيجة قصف ثلاثة منازل.')
    assert claims[0].claimant == "Rudaw"


def test_the_coalition_voice_with_an_adverb_before_its_verb():
    # "the US also said": the coalition's voice, not the claimant of the sentence before
    claims = parse_claims("Kurdish Rudaw television raised the death toll to 237 at the time. Late last month,"
                          " the US also said at least 352 civilians had been killed in its airstrikes since 2014.")
    assert claims[-1].claimant == "CJTF-OIR"


def test_killed_and_wounded_others_keeps_the_dead():
    # "killed 4 civilians and wounded two others": the 4 died; the wounded are the others
    claims = parse_claims("A coalition strike killed 4 civilians and wounded two others in Hajin, the monitor said.")
    assert _tolls(claims) == [(4, 4)]
    # ... while "4 people were wounded" counts no dead
    claims = parse_claims("A coalition strike killed 3 civilians; 4 people were wounded, the monitor said.")
    assert _tolls(claims) == [(3, 3)]


def test_an_area_told_by_what_it_is_is_no_name():
    # "منطقة سكنية" is a residential area, not a place called سكنية: the neighbourhood named after it counts
    claims = parse_claims('وأقر التحالف الدولي آنذاك بتوجيهه ضربة جوية إلى منطقة سكنية في "حي الموصل الجديدة" في المدينة،'
                          " حيث تحدثت مصادر عديدة عن سقوط مئات القتلى بتلك الغارة. وكانت مصادر عسكرية أفادوا بوقوع مجزرة"
                          " جماعية سقط فيها أكثر من 260 مدنيا، جراء ضربات جوية نفذها التحالف الدولي في 17 مارس على المنطقة.")
    assert claims[-1].location == "الموصل الجديدة"
