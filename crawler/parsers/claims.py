"""Casualty claims in monitors' posts and news articles, English and Arabic.

A claim is one sentence that gives a death toll: who says it (the claimant the sentence
attributes the figure to, else the publisher), when (a day, a month, a range, or "since"
a day for running tallies), where (the town-level gazetteer place), who is blamed, and
the figures (killed as a min/max pair: "at least 40" is (40, None), "between 216 and 500"
is (216, 500), "nearly 100" is (None, 100); children, women, injured).

A sentence without its own date or place borrows them from the sentences just before it
("According to SOHR, 43 people died in the attack" after the sentence that dated the
attack). Numbers are never guessed: "hundreds of civilians" gives no claim, and "30 of
them children and women" counts neither children nor women.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from crawler.places import gazetteer

# -- figures ---------------------------------------------------------------------------

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}
# "twenty-six", "thirty one": a ten and a unit make one number (read before the unit alone)
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = {"one": 1, **{w: v for w, v in _WORD_NUMBERS.items() if v < 10}}
_WORD_NUMBERS = {**{f"{ten}[- ]{unit}": t + u for ten, t in _TENS.items() for unit, u in _UNITS.items()},
                 **_TENS, **_WORD_NUMBERS}
_N = r"(\d+)"
# Words that say people died: English verbs and nouns, and Arabic by root (قتل, استشهد/شهيد,
# سقط "fell", قضى "passed away", حتف/حياة "lost their lives", مصرع, وفاة, ضحايا, حصيلة).
_DEATH_EN = re.compile(r"\b(?:killed|killing|kills?|dead|died|deaths?|death toll|toll|lives|lost their lives|victims|"
                       r"martyr(?:ed|ing|s)?|perished|fatalities)\b", re.I)
_DEATH_AR = re.compile(r"(?:قتل|قتيل|مصرع|استشهد|استشهاد|شهيد|شهداء|وفاة|حصيلة|ضحايا|ضحية|سقوط|سقطوا|سقط|"
                       r"قضوا|قضى|قضت|حتفهم|حتفه|حياتهم|حياته|بحياة|بأرواح|(?:ا|ل)لخسائر البشرية|"
                       # ضحية, وفاة, حصيلة before a pronoun ending ("راح ضحيتها", "وفاته")
                       r"(?:ضحي|وفا|حصيل)ت(?:ه|ها|هم|هما|هن)(?![\u0600-\u06FF]))")  # ل + ال is written لل
# Nouns (and verbs) that say what a number counts when it counts the dead.
_VICTIM_EN = re.compile(
    r"^\s*(?:[^\W\d][\w\u064B-\u0652-]*\s+){0,2}?(?:people|persons?|civilians?|citizens?|individuals|residents|allegations|"
    r"deaths?|dead|martyrs|victims|non-?combatants|were killed|killed|died|others|of them were killed|"
    r"relatives|family members|loved ones|members of (?:the same |one |a |an |his |her |their )?famil(?:y|ies)|"
    # people named by what they did, not by a side ("two doctors", "seven volunteers", "media activists")
    r"doctors|nurses|medics|paramedics|volunteers|rescuers|activists|journalists|workers|farmworkers|farmers|"
    r"shepherds|students|teachers|worshippers|passengers|displaced people|refugees)\b", re.I)
# "they lost 90 relatives": a loss of kin counts the dead (a sentence that speaks of deaths)
_LOST_KIN = re.compile(r"\blost\s+(?:at least\s+|more than\s+|some\s+)?$", re.I)
_KIN = re.compile(r"^\s*(?:[^\W\d]\w*\s+)?(?:relatives|family members|loved ones|members of)\b", re.I)
_VICTIM_AR = re.compile(r"^\s*(?:شخص|أشخاص|مدني|مواطن|قتيل|قتلى|شهيد|شهداء|ضحية|ضحايا|عدد|نازح|على الأقل|"
                        # "و11 آخرين": others of the toll just told (not "30 آخرين بجروح", the wounded)
                        r"آخرين(?!\s*(?:بجروح|بجراح|جرحى|مصابين))|آخرون(?!\s*(?:بجروح|بجراح|جرحى|مصابين))|"
                        # "عائلة مكونة من 8 أفراد": members of a family, not of a force
                        r"أفراد(?!\s+(?:من\s+)?(?:ال)?(?:تنظيم|داعش|شرطة|أمن|جيش|قوات|قوة|حماية|فصيل|حرس))|"
                        r"من (?:ال)?(?:مدنيين|نازحين|أهالي|سكان|أطفال|نساء|عمال)|"
                        r"قتلوا|قضوا|سقطوا|استشهدوا|لقوا|لاقوا|فقدوا)")
_NOT_VICTIM = re.compile(
    r"^\s*(?:[^\W\d][\w\u064B-\u0652-]*\s+){0,2}?(?:strikes?|airstrikes|munitions|doses|km|kilometers|kilometres|bodies|family|"
    r"families|fighters|members|militants|jihadists|soldiers|days?|weeks?|months?|years?|hours?|percent|%|reports|"
    r"massacres|attacks|incidents|raids|special reports|engagements|targets)\b"
    r"|^\s*(?:مقاتل|مسلح|عنصر|عناصر|مجزرة|مجازر|حادثة|حوادث|غارة|غارات|ضربة|ضربات|يوم|أيام|ساعة|ساعات|شهر|"
    r"أشهر|أسبوع|أسابيع|عام|أعوام|سنوات|كم|كيلو|تقرير|تقارير|مدرسة|منشأة|مركز|مراكز|بالمئة|بالمائة|منطقة|مناطق)",
    re.I)
# "ما لا يقل عن", "لايقل عن", "لا يقل على": "not less than" whatever short preposition
# follows (sources vary it, and slip: "ما لا يقل عم 15" is still a floor).
_NOT_LESS_AR = r"(?:ما\s*)?لا\s*يقل\s+[\u0600-\u06FF]{1,3}"
_QUALIFIER = (r"(?:at least|more than|over|nearly|about|some|around|approximately|roughly|almost|as many as|up to|"
              r"no less than|not less than|no fewer than|" + _NOT_LESS_AR + r"|أكثر من|ما يزيد عن|"
              r"ما يزيد على|نحو|حوالي|قرابة)")
_BEFORE_VICTIM = re.compile(
    r"(?:deaths? of|(?:the dead|victims|those killed) include|death toll (?:rose |has risen )?to|raises to|rose to|"
    r"risen to|rises to|climbed to|killed|killing|killing of|reported|saying|documented|recorded|toll of|"
    r"out of|من أصل|من إجمالي|"
    r"مقتل|بمقتل|قتل|قتلت|بين القتلى|استشهاد|إلى|الى|(?<![\u0600-\u06FF])(?:ل?[يت]?بلغ|بلغت)|(?<![\u0600-\u06FF])لـ|(?<![\u0600-\u06FF])ل)\s*"
    rf"{_QUALIFIER}?\s*$", re.I)
_DEATH_OF = re.compile(rf"\b(?:the )?(?:deaths? of|killing of)\s*{_QUALIFIER}?\s*$", re.I)
_QUAL_MIN = re.compile(r"(?:at least|more than|over|no fewer than|no less than|not less than|a minimum of|"
                       + _NOT_LESS_AR + r"|أكثر من|ما يزيد عن|ما يزيد على)\s*$", re.I)
_QUAL_MAX = re.compile(r"(?:as many as|up to|nearly|almost|close to|a maximum of|قرابة|ما يصل إلى)\s*$", re.I)
# "33 persons at least", "1256 civilians at least", "14 مدنياً على الأقل"
_AT_LEAST_AFTER = re.compile(r"^\s*(?:[^\W\d][\w\u064B-\u0652-]*[\s,،]+){0,2}?(?:at least|على الأقل)\b", re.I)
# "the death toll ... at 40", "rising the number of deaths to 160"
_TOLL_REACHED = re.compile(rf"\b(?:deaths?|dead|killed|toll|victims)\b[^.\d]{{0,30}}?\b(?:to|at|reached|hit)\s*{_QUALIFIER}?\s*$", re.I)
# A toll that a running count reached ("it rose to 115", "يرتفع إلى 248"): its date and place are
# its own, never borrowed from the strikes told beside it.
_TALLY = re.compile(r"\b(?:rose|risen|rises|rising|raises?|raised|climbed|increased|brings?|brought)\b"
                    r"|ارتفع|يرتفع|ليرتفع|ترتفع|ارتفاع|يرفع|ترفع|ترفعان|ليرفع|ترفعان", re.I)
# A breakdown announced right after a number ("721 including 172 children", "248 بينهم 87 طفلاً"):
# the number counts people.
_BROKEN_DOWN = re.compile(r"^\s*(?:\(|including|among them|of whom|بينهم|منهم|من بينهم)", re.I)
# A number of children or women that is part of a toll told just before ("including 30 children")
_COMPONENT_BEFORE = re.compile(r"(?:including|among them|of whom|of them|among|\(|بينهم|منهم|من بينهم|ضمنهم|"
                               r"و|and)\s*(?:[^\W\d][\w\u064B-\u0652-]*\s+){0,1}$", re.I)
_CHILD_OR_WOMAN = re.compile(r"^\s*(?:of (?:them|whom)\s+|من\s+)?(?:(?:[^\W\d][\w\u064B-\u0652-]*\s+){0,1}?(?:children|child|"
                             r"women|woman|females|males|men|boys|girls)\b|طفل|أطفال|الأطفال|مواطنة|مواطنات|سيدة|"
                             r"سيدات|نساء|امرأة|رجل|رجال)", re.I)
_HURT_TOO_BEFORE = re.compile(r"\b(?:killing|killed|martyring|martyred|dead)\s+(?:and|or)\s+(?:injuring|injured|wounding|wounded)"
                              rf"\s+{_QUALIFIER}?\s*$", re.I)
_HURT_TOO_AFTER = re.compile(r"^\s*(?:[^\W\d][\w\u064B-\u0652-]*\s+){0,2}?(?:(?:were\s+)?(?:killed|dead)\s+(?:and|or)\s+"
                             r"(?:injured|wounded)\b|(?:killed|dead)\s+or\s+wounded)|^\s*\S*\s*(?:بين\s+)?(?:شهيد|قتيل)\s+و\s*(?:جريح|مصاب)",
                             re.I)
_ALIVE_AFTER = re.compile(r"\b(?:remain(?:ing|ed|s)?|trapped|living|live|stranded|sheltering|survived)\b"
                          # "besieged" of the people, not of their town ("in the besieged city of Manbij")
                          r"|\bbesieged\b(?!\s+(?:city|town|village|area|enclave|district|neighbou?rhoods?)\b)"
                          r"|(?:محاصر|عالق|يعيشون|نازحين)", re.I)
_AFTER_COMPONENT = re.compile(
    r"\d+\s+(?:[^\W\d]\w*\s+)?(?:children|child|women|woman|minors|طفل|أطفال|طفلا|مواطنة|مواطنات|سيدة|سيدات|نساء)"
    r"[^.\d;:]{0,50}(?:\band|\sو)\s*$", re.I)
# What a number of people did instead of dying
_OTHERS = re.compile(r"^\s*(?:others|آخرين|آخرون)\b", re.I)
# (the words between are what the number counts: "and" opens another clause, "4 civilians and wounded 2 others")
_NOT_DEATH_AFTER = re.compile(r"^\s*(?:(?!and\b)[^\W\d][\w\u064B-\u0652-]*\s+){0,3}?(?:injured|wounded|displaced|fled|arrested|"
                              r"detained|missing|rescued|evacuated|kidnapped|abducted)\b"
                              r"|^\s*(?:جريح|جرحى|مصاب|نازح|معتقل|مفقود)", re.I)
_RANGE = [
    re.compile(r"a minimum of (\d+)\b.{0,80}?\ba maximum of (\d+)", re.I),
    re.compile(r"\bbetween (\d+) and (\d+)\b", re.I),
    re.compile(r"ما بين (\d+) و\s?(\d+)"),
]
_CHILDREN = [
    re.compile(r"(\d+) (?:of (?:them|whom) (?:were )?)?(?:children|child|kids|minors)\b(?! and women)", re.I),
    re.compile(r"(\d+) (?:من )?(?:طفلاً|طفلا|طفل|أطفال|الأطفال)(?! والنساء)"),
]
_WOMEN = [
    re.compile(r"(\d+) (?:of (?:them|whom) (?:were )?)?(?:citizen )?(?:women|woman)\b", re.I),
    re.compile(r"(\d+) (?:من )?(?:مواطنة|مواطنات|سيدة|سيدات|امرأة|نساء|النساء)"),
]
_INJURED = [
    re.compile(r"(\d+) (?:other |others |people |civilians |persons )?(?:were )?(?:injured|wounded)\b", re.I),
    re.compile(r"(?:injur(?:ed|ing)|wound(?:ed|ing)) (?:at least |more than )?(\d+)\b", re.I),
    re.compile(r"(\d+) (?:جريحاً|جريحا|جرحى|جريح|مصاباً|مصابين|إصابة)"),
]

# -- who says it, who is blamed --------------------------------------------------------

CLAIMANTS: dict[str, tuple[str, ...]] = {
    "SOHR": ("Syrian Observatory for Human Rights", "Syrian Observatory", "SOHR", "Rami Abdurrahman",
             "Abdurrahman", "Rami Abdel Rahman", "المرصد السوري"),
    "SNHR": ("Syrian Network for Human Rights", "SNHR", "الشبكة السورية لحقوق الإنسان", "الشبكة السورية"),
    "Airwars": ("Airwars", "Kinda Haddad", "Haddad", "إيروورز", "إيرورز"),
    "SANA": ("Syrian state news agency SANA", "SANA", "Syrian state media", "state media", "سانا",
             "وكالة الأنباء السورية", "الوكالة العربية السورية للأنباء"),
    "Deir Ezzour24": ("Deir Ezzour24", "Deir Ezzor 24", "DeirEzzor24", "Abu Leila", "Abou Leila",
                      "دير الزور 24"),
    "Amaq": ("Aamaq", "Amaq", "أعماق"),
    "Sound and Picture": ("Sound and Picture", "Jilani"),
    "Amnesty International": ("Amnesty International", "Amnesty"),
    "Human Rights Watch": ("Human Rights Watch", "HRW", "هيومن رايتس ووتش"),
    "Raqqa Is Being Slaughtered Silently": ("Raqqa Is Being Slaughtered Silently", "Raqqa is Being Slaughtered Silently",
                                            "Raqqa is Being Silently Slaughtered", "RBSS", "الرقة تذبح بصمت"),
    "UK MoD": ("Ministry of Defence", "MoD"),
    "UN": ("United Nations", "the UN", "UN", "U.N.", "Unicef", "الأمم المتحدة"),
    "CJTF-OIR": ("CJTF-OIR", "Coalition has acknowledged", "coalition has acknowledged",
                 "Coalition acknowledged", "coalition admitted", "coalition said",
                 "coalition says", "Coalition says", "التحالف الدولي أقر",
                 # the coalition's own voice, as the news names it
                 "US military", "U.S. military", "The US military", "The U.S. military", "Pentagon",
                 "المتحدث باسم التحالف", "Operation Inherent Resolve", "قوة المهام المشتركة"),
    "Rudaw": ("Rudaw", "رووداو", "روداو"),
}
# A generic reference ("a war monitor", "the observatory") means the monitor named last.
_GENERIC = re.compile(r"\b(?:a war monitor|the monitor|the observatory|the organization|the group|the network|the activists)\b"
                      r"|(?:المرصد)(?! السوري)|(?:الشبكة)(?! السورية)|التقرير", re.I)
_MONITORS = ("SOHR", "SNHR", "Airwars", "Deir Ezzour24", "Human Rights Watch", "Raqqa Is Being Slaughtered Silently")
# Who is blamed: a party named next to the means of attack ("coalition airstrikes", "by
# regime and Russian airstrikes", "at the hands of the US-led coalition forces").
_MEANS = r"(?:[\w-]+\s+){0,3}?(?:strikes?|airstrikes|air strikes|warplanes|planes|aircraft|forces|bombardment|shelling|attacks?)\b"
_ATTRIBUTION = [
    ("coalition", re.compile(rf"\bcoalition\s+{_MEANS}|(?:by|of|hands of) the (?:US-led |U\.S\.-led |international )?coalition\b"
                             r"|تحالف", re.I)),
    ("regime", re.compile(rf"\b(?:regime|government)\s+{_MEANS}|Syrian (?:regime|government|army)\b|by (?:the )?regime\b|قوات النظام|طائرات النظام", re.I)),
    ("Russia", re.compile(rf"\bRussian\s+{_MEANS}|by Russia\b|الطائرات الروسية|الروسية", re.I)),
]

# A sentence that splits the toll just given ("They are 66 civilians including 10 children,
# 90 fighters ...") names the civilian share without a word of killing.
_BREAKDOWN = re.compile(r"^\W*(?:(?:they|these|those|the dead|the victims)\s+(?:are|were|include|included)"
                        r"|(?:among|of)\s+(?:them|these|those|the dead))\b", re.I)
_BREAKDOWN_CIVILIANS = re.compile(r"\b(\d+)\s+(?:are\s+|were\s+)?civilians\b", re.I)


def _breakdown(s: str) -> tuple[int | None, int | None] | None:
    if not _BREAKDOWN.match(s):
        return None
    match = _BREAKDOWN_CIVILIANS.search(s)
    if not match:
        return None
    before = s[: match.start()]
    value = int(match.group(1))
    if _QUAL_MIN.search(before):
        return value, None
    if _QUAL_MAX.search(before):
        return None, value
    return value, value


# -- dates -----------------------------------------------------------------------------

_MONTHS_EN = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Levantine month names and the Egyptian (Gregorian transliterated) ones, with spelling variants.
_MONTHS_AR = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5, "حزيران": 6,
    "تموز": 7, "آب": 8, "اب": 8, "أيلول": 9, "ايلول": 9, "تشرين الأول": 10, "تشرين الاول": 10,
    "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
    # the Maghreb's, from the French: Algerian and Moroccan papers print these
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "افريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "جويليه": 7,
    "أوت": 8, "اوت": 8,
}
_ORDINALS_AR = {
    "الأول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7,
    "الثامن": 8, "التاسع": 9, "العاشر": 10, "الحادي عشر": 11, "الثاني عشر": 12, "الثالث عشر": 13,
    "الرابع عشر": 14, "الخامس عشر": 15, "السادس عشر": 16, "السابع عشر": 17, "الثامن عشر": 18,
    "التاسع عشر": 19, "العشرين": 20, "الثلاثين": 30,
}
# "الحادي والعشرين", "الواحد والعشرين" (both spellings of the unit), "الثاني والعشرين" ... "الحادي والثلاثين"
_ORDINALS_AR.update({f"{unit} و{tens}": value + n
                     for unit, n in (("الحادي", 1), ("الواحد", 1), *((k, v) for k, v in _ORDINALS_AR.items() if 2 <= v <= 9))
                     for tens, value in (("العشرين", 20), ("الثلاثين", 30)) if value + n <= 31})
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
             "sunday": 6, "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3,
             "الجمعة": 4, "السبت": 5, "الأحد": 6}

_MON_EN = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
_MON_AR = "|".join(sorted(_MONTHS_AR, key=len, reverse=True))
_ORD_AR = "|".join(sorted(_ORDINALS_AR, key=len, reverse=True))
# "November 17", "Nov. 17, 2018", "Sept. 28"
_DATE_MDY = re.compile(rf"\b({_MON_EN})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}}))?", re.I)
# "17 November 2018", "the 23rd of September 2014"
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MON_EN})\.?(?:,? (\d{{4}}))?\b", re.I)
_MONTH_YEAR = re.compile(rf"\b(?:in|during|throughout|since|between|from|and|to|until|through) ({_MON_EN}),? (\d{{4}})\b", re.I)
# "27 تشرين الأول / أكتوبر 2017", "17 نوفمبر", "العاشر من أيلول / سبتمبر 2018", "23 أيلول (سبتمبر) 2014"
_DATE_AR = re.compile(
    rf"(\d{{1,2}}|(?<![\u0600-\u06FF])(?:{_ORD_AR}))\s*/?\s*(?:من\s+)?({_MON_AR})(?:\s*/\s*({_MON_AR})|\s*\(\s*(?:{_MON_AR})\s*\))?"
    rf"(?:\s+(?:الجاري|الماضي|الفائت|المنصرم|الحالي))?(?:\s*(?:/\s*|\s(?:عام\s+|من العام\s+|من عام\s+)?\(?)(\d{{4}}))?")
_MONTH_YEAR_AR = re.compile(rf"(?:خلال|في|منذ) (?:شهر )?({_MON_AR})(?:\s*/\s*(?:{_MON_AR})|\s*\(\s*(?:{_MON_AR})\s*\))?"
                            rf"(?:\s+(?:الجاري|الماضي|الفائت|المنصرم|الحالي))?\s+(?:عام\s+|من العام\s+)?\(?(\d{{4}})")
# An Arabic month without a year ("في شهر مايو", "خلال شهر أيلول الماضي"): like `_MONTH_BARE`,
# the latest such month up to publication
_MONTH_BARE_AR = re.compile(rf"(?:خلال|في|منذ) (?:شهر )?({_MON_AR})(?![\u0621-\u064A])(?:\s*/\s*(?:{_MON_AR})|\s*\(\s*(?:{_MON_AR})\s*\))?"
                            r"(?:\s+(?:الجاري|الماضي|الفائت|المنصرم|الحالي))?(?!\s*/?\s*(?:عام\s+|من العام\s+)?\(?\d)")
# "04/30/2015", "30/04/2015": read only when the day cannot be the month (never guessed)
_DATE_NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
# A month without day or year ("an October strike", "in October", "September was the
# bloodiest month"): the latest such month up to publication. Capitalised only, so the verb
# "may" is no month; "late September" (a part of a month, maybe spilling over) is left alone.
_MONTH_BARE = re.compile(r"(?:\b(?:an?|in|during)\s+|^)"
                         r"(January|February|March|April|May|June|July|August|September|October|November|December)\b"
                         r"(?!\s*\d)")
_SINCE = re.compile(r"(?:\bsince\b|منذ)[^.;:\d]{0,60}$", re.I)
_RANGE_START = re.compile(r"(?:\bfrom|\bbetween|بين|من)\s*(?:the\s+|الـ\s*)?$", re.I)
_RANGE_LINK = re.compile(r"^\s*(?:through|to|until|and|-|–|و|وحتى|حتى|إلى)\s*(?:the\s+|الـ\s*)?$", re.I)
# The year a range prints once, at its end: "between 16 March and 20 March 2017"
_YEAR_AHEAD = re.compile(r"\s*(?:and|to|until|through|-|–|و|وحتى|حتى|إلى)\s*[^\d.;]{0,20}?\d{1,2}[^\d.;]{1,25}?(\d{4})\b", re.I)
_WEEKDAY = re.compile(r"\b(last |early |on |this )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
                      r"|(?:اليوم )?(الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد)", re.I)
_TODAY = re.compile(r"\b(?:today|this morning|tonight)\b|(?<!نفس )اليوم(?!\s*(?:ذاته|نفسه|التالي|السابق))", re.I)
_YESTERDAY = re.compile(r"\byesterday\b|أمس", re.I)

_PROVINCE_AFTER = re.compile(r"^\W*(?:[\w-]+\s)?(?:province|governorate|countryside|region)\b", re.I)
_PROVINCE_BEFORE = re.compile(r"(?:countryside of|provinces? of|governorates? of|suburbs of|ريف|بريف|محافظة|محافظتي|بمحافظة)\s*(?:the\s+)?(?:\w+\s*,\s*)*$", re.I)
# Sentences about an attack (or with a toll) set the date and place later sentences borrow.
_ATTACK = re.compile(r"\b(?:strikes?|struck|airstrikes?|air strikes|attacks?|bomb\w*|shell\w*|raids?|hit|"
                     r"target(?:ed|ing)|warplanes)\b"
                     r"|غارة|غارات|قصف|ضربات|استهداف", re.I)
_COUNTRIES = {"Syria": re.compile(r"\bSyria\b|سوريا|سورية"), "Iraq": re.compile(r"\bIraq\b|العراق")}
_ABBREV = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Col|Gen|Maj|Lt|Sgt|St|No|U\.S|U\.N)\.$")


@dataclass(frozen=True)
class Claim:
    claimant: str | None
    event_date: str | None  # YYYY-MM-DD, or YYYY-MM for "in November 2018"
    event_date_end: str | None
    cumulative: bool  # a running tally "since" the event date
    location: str | None  # the place as printed
    place: str | None  # the gazetteer's name
    country: str | None
    attributed_to: str | None
    killed_min: int | None
    killed_max: int | None
    children: int | None
    women: int | None
    injured: int | None
    language: str
    quote: str


# -- sentences -------------------------------------------------------------------------


# A line broken inside a sentence (hard-wrapped text): it ends without a full stop, on a
# word that cannot end one, or the next line goes on in lower case.
_WRAPPED = re.compile(r"(?<=[^\s.!?:؟\"\u201d])[ \t]*\n(?=[ \t]*[a-z])")
_WRAPPED_AFTER_WORD = re.compile(r"\b(on|of|in|at|to|by|the|a|an|and|from|with|for|near|into)[ \t]*\n(?=[ \t]*\w)")


# A list's printed marker ("1. ", "2) ", "- ", "• ", "* ", "- -- "): not a figure of the text
_LIST_MARKER = re.compile(r"^\s*(?:(?:[-\u2013\u2014•*·]+|\d{1,2}[.)])\s+)+")


def sentences(text: str) -> list[str]:
    """Sentences in reading order; abbreviations such as "Nov." and "U.S." do not end one."""
    out: list[str] = []
    text = _WRAPPED_AFTER_WORD.sub(r"\1 ", _WRAPPED.sub(" ", text))
    for para in re.split(r"\n+", text):
        para = _LIST_MARKER.sub("", para).strip()
        if not para:
            continue
        pieces = re.split(r"(?<=[.!?؟])\s+(?=[\"“‘'(A-Z\u0600-\u06FF0-9])", para)
        buf = ""
        for piece in pieces:
            buf = f"{buf} {piece}".strip() if buf else piece
            if _ABBREV.search(buf) or re.search(r"\b[A-Z]\.$|\.\.\.$|…$", buf):  # "Nov.", "U.S.", "..."
                continue
            out.append(buf)
            buf = ""
        if buf:
            out.append(buf)
    return out


# A second figure joined to the first ("... a maximum of 500, up from between 53 and 98 in
# the previous period") is a claim of its own, by the same claimant.
_CLAUSE_BREAK = re.compile(r"\s*(?:-\s*)?\b(?:up from|down from|compared with|as well as)\b\s*", re.I)


# The words without the spaces around them: a quick test most sentences fail.
_CLAUSE_WORDS = re.compile(r"up from|down from|compared with|as well as", re.I)


def _clauses(s: str) -> list[str]:
    if not _CLAUSE_WORDS.search(s):
        return [s]
    parts = [p for p in _CLAUSE_BREAK.split(s) if p.strip()]
    return parts or [s]


_DASH_EATEN = {word[1:]: word for word in (
    "killed", "killing", "died", "dead", "about", "around", "almost", "nearly", "including", "at", "among")}


_COUNTED = (r" (?:people|civilians|children|women|persons|citizens|relatives|members of|family members|of (?:them|whom)|others|"
            r"doctors|nurses|medics|paramedics|volunteers|rescuers|activists|journalists|workers|farmworkers|farmers|"
            r"students|teachers|worshippers|passengers)\b")
# A word number reads before what it counts, with at most one adjective between ("two
# Syrian children", "three Iraqi civilians").
_WORD_NUMBER_RX = [
    (re.compile(rf"\b{word}\b(?=(?: (?!(?:dozen|hundred|thousand|million|of)\b)[A-Za-z]+)?(?: \([^()]{{1,20}}\))?{_COUNTED})", re.I),
     str(value))
    for word, value in _WORD_NUMBERS.items()]
# Without a counted noun no word number is read: most sentences skip the loop.
_ANY_COUNTED = re.compile(_COUNTED, re.I)
_THOUSANDS = re.compile(r"(?<=\d)[,٬](?=\d{3}\b)")
_HARAKAT = re.compile(r"[\u064B-\u0652]")
_AFTER_DASH = re.compile(r"(?<=\u2014)([a-z]+)\b")
_ONE_VICTIM = re.compile(
    r"\b(?:an?|one)\s+(?=(?:civilian|person)\b(?!\s+(?:casualt|harm|population|infrastructure|area|target)))",
    re.I)
_BLANKS = re.compile(r"[ \t]+")


# "اكثر من 50", "على الاقل": informal spelling drops the hamza of these words' alef
_HAMZALESS = re.compile(r"(?<![\u0600-\u06FF])(ال)?ا(كثر|قل)(?![\u0600-\u06FF])")


def _normalise(text: str) -> str:
    text = text.translate(_ARABIC_DIGITS).replace("\u0640", "")  # tatweel
    text = _THOUSANDS.sub("", text)
    text = _HARAKAT.sub(lambda m: m.group(0) if m.group(0) == "\u064B" else "", text)
    # Some feeds lose the letter after an em dash ("people—bout 1,000 of them civilians—illed");
    # put it back when that gives a word the parser reads.
    text = _AFTER_DASH.sub(lambda m: _DASH_EATEN.get(m.group(1), m.group(1)), text)
    text = text.replace("\u2014", " - ").replace("\u2013", " - ")
    if _ANY_COUNTED.search(text):
        for word, value in _WORD_NUMBER_RX:
            text = word.sub(value, text)
    # "a civilian ... had been killed": one victim (not "a civilian casualty", which counts none).
    text = _ONE_VICTIM.sub("1 ", text)
    if "of " in text:
        text = _ORDINAL_DAY.sub(lambda m: f"{_ORDINALS_EN[m.group(1).lower()]} of ", text)
    if _ARABIC_LETTER.search(text):
        text = _HAMZALESS.sub(lambda m: f"{m.group(1) or ''}أ{m.group(2)}", text)
        text = _arabic_numbers(text)
    return _BLANKS.sub(" ", text)


_ORDINALS_EN = {w: i + 1 for i, w in enumerate((
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    "twentieth", "twenty-first", "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth",
    "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first"))}
# "the first of January 2016": a day of a month
_ORDINAL_DAY = re.compile(
    r"\b(" + "|".join(sorted(_ORDINALS_EN, key=len, reverse=True)) + r")\s+of\s+(?=(?:January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\b)", re.I)


# Arabic number words before the noun they count ("خمسة مدنيين", "ست سيدات"), "شخص واحد",
# thousands ("3 آلاف", "ألف، و447"), and one victim named without a number ("استشهد شخص").
_AR_UNITS = {
    "واحد": 1, "اثنان": 2, "اثنين": 2, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5,
    "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10,
    "أحد عشر": 11, "اثنا عشر": 12, "اثني عشر": 12, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30,
}
_AR_COUNTED = (r"(?:من\s+(?:ال)?(?:مدنيين|نازحين|أهالي|سكان|أطفال|نساء)|مدني|مدنيين|مدنيا|مدنيًا|أشخاص|شخص|مواطن|مواطنين|أطفال|طفل|نساء|سيدات|نسوة|مسلحين|مقاتلين|نازحين|"
               r"عناصر|قتلى|شهداء|آخرين|آخرون|جرحى|رجال)")
_AR_WORD_NUMBER = re.compile(
    r"(?<![\u0600-\u06FF])(" + "|".join(sorted(map(re.escape, _AR_UNITS), key=len, reverse=True)) + r")\s+(?=" + _AR_COUNTED + ")")
_AR_ONE_AFTER = re.compile(r"(?<![\u0600-\u06FF\d] )(?<!\d )(شخص|مدني|مواطن|طفل)\s+واحد\b")
_AR_ONE_VERB = re.compile(r"((?:^|\s)(?:استشهد|قتل|سقط|قضى|لقي)\s+)(?=(?:مدني|شخص|مواطن|طفل|رجل)(?:\s|$|[،.]))")
_AR_THOUSANDS = re.compile(r"(\d+)\s*(?:آلاف|ألف)(?!\s*،?\s*و\s*\d)")
_AR_THOUSAND_AND = re.compile(r"(?:(\d+)\s*)?(?:آلاف|ألف|ألفين|ألفا)\s*،?\s*و\s*(\d+)")


_AR_VALUES = {
    **{k: v for k, v in _AR_UNITS.items() if v < 10},
    "عشرة": 10, "عشر": 10, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
    "تسعون": 90, "تسعين": 90, "مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
    **{prefix + hundred: n * 100 for prefix, n in (("ثلاث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7),
                                                  ("ثمان", 8), ("تسع", 9)) for hundred in ("مئة", "مائة")},
}
_AR_VALUE = "|".join(sorted(map(re.escape, _AR_VALUES), key=len, reverse=True))
# "مئة وعشرين", "خمسة وعشرين": number words joined by و make one number
_AR_COMPOUND = re.compile(rf"(?<![\u0600-\u06FF])((?:{_AR_VALUE})(?:\s+و\s*(?:{_AR_VALUE}))+)(?![\u0600-\u06FF])")


def _compound(match: re.Match) -> str:
    parts = [p.strip() for p in re.split(r"\s+و\s*", match.group(1))]
    return str(sum(_AR_VALUES[p] for p in parts))


_AR_THOUSAND_ALONE = re.compile(rf"(?<![\u0600-\u06FF\d])(ألف|ألفا|ألفي|ألفين)\s+(?={_AR_COUNTED})")


def _thousand_alone(match: re.Match) -> str:
    before = match.string[: match.start()].split()
    if before and (before[-1].isdigit() or before[-1] in _AR_VALUES):
        return match.group(0)  # "عشرين ألف مدني": twenty thousand, read (or not) as a whole
    return "2000 " if match.group(1) in ("ألفي", "ألفين") else "1000 "


def _arabic_numbers(text: str) -> str:
    text = _AR_COMPOUND.sub(_compound, text)
    text = _AR_WORD_NUMBER.sub(lambda m: f"{_AR_UNITS[m.group(1)]} ", text)
    text = _AR_ONE_AFTER.sub(r"1 \1", text)
    text = _AR_ONE_VERB.sub(r"\g<1>1 ", text)
    text = _AR_THOUSAND_ALONE.sub(_thousand_alone, text)
    text = _AR_THOUSAND_AND.sub(lambda m: str(int(m.group(1) or 1) * 1000 + int(m.group(2))), text)
    return _AR_THOUSANDS.sub(lambda m: str(int(m.group(1)) * 1000), text)


# -- figures in one sentence -----------------------------------------------------------


def _first(patterns, text: str) -> int | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    return None


_CIVILIAN_SHARE = re.compile(r"\b(\d+) (?:of (?:them|whom|those) (?:were |are )?)civilians\b", re.I)


@dataclass(frozen=True)
class _Toll:
    start: int  # where the figure is printed in the clause
    end: int
    low: int | None
    high: int | None
    tally: bool  # a running count the text says rose to this figure


# "64 (12 children) killed", "26 IS (Daesh) family members": an aside between a number and its noun
_PARENS = re.compile(r"^\s*(?:[^\W\d]\w*\s+)?\([^()]{0,40}\)")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_DAY_BEFORE = re.compile(rf"(?:{_MON_EN})\.?\s*$", re.I)
_DAY_AFTER = re.compile(rf"\s*(?:st|nd|rd|th)?\s*(?:of\s+|من\s+)?(?:{_MON_EN}|{_MON_AR})|\s*/\s*(?:{_MON_AR}|\d)", re.I)
# the year of a date just printed: "August 23, 2016", "23/ أيلول/ 2014", "عام 2014"
_DATE_YEAR_BEFORE = re.compile(rf"(?:(?:{_MON_EN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MON_EN})\.?,?"
                               rf"|(?:{_MON_AR})\s*/?|/|عام|العام|من العام)\s*$", re.I)
_YEAR_BEFORE = re.compile(rf"(?:\b(?:in|of|since|year)\s*|/\s*\w*\s*|عام\s*|العام\s*|(?:{_MON_EN}|{_MON_AR})\.?\s*(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s*)?)$", re.I)


def _qualified(before: str, after: str, value: int) -> tuple[int | None, int | None]:
    """(min, max) of a figure by the words around it: "at least 40" and "40 at least" are
    floors, "as many as 60" a ceiling; "about"/"around" leave the figure as printed."""
    if _QUAL_MIN.search(before) or _AT_LEAST_AFTER.match(after):
        return value, None
    if _QUAL_MAX.search(before):
        return None, value
    return value, value


# The verb of the clause a number opens, after what it counts ("seven volunteers with the
# Syrian Civil Defense ..., were shot to death", "seven media activists ... were also killed")
_CLAUSE_VERB_DEATH = re.compile(r"^[^.;:\d]{0,150}?\b(?:were|was|have been|had been)\s+(?:also\s+|reportedly\s+|all\s+)?"
                                r"(?:killed|shot dead|shot to death|executed|murdered|slain|dead)\b", re.I)
# Verbs of harm other than death: the nearest one before a number says what it counts
_HURT_VERB = re.compile(r"\b(?:injur\w*|wound\w*|displac\w*|arrest\w*|detain\w*|rescu\w*|evacuat\w*|fled|flee\w*)\b"
                        r"|أصيب|اصيب|إصابة|اصابة|جرح|نزوح|نزح|تشريد|تهجير|اعتقال|اعتقل", re.I)


def _other_harm_nearer(window: str) -> bool:
    """The word of harm nearest before a number is one of injury, displacement or arrest
    ("مقتل 500 مدني، وتهجير لقرابة 200 ألف"): the number counts those, not the dead."""
    hurts = [m.start() for m in _HURT_VERB.finditer(window)]
    if not hurts:
        return False
    deaths = [m.start() for rx in (_DEATH_EN, _DEATH_AR) for m in rx.finditer(window)]
    return not deaths or max(deaths) < max(hurts)


def _governed(before: str) -> bool:
    """A death word governs the number after `before` ("killed nearly two dozen
    farmworkers, ..., in a village in eastern Raqqa and at least 59 civilians"): one is
    printed in the words before it, and no verb of other harm comes after it ("killed 15
    members ... and wounded 10 others")."""
    window = before[-160:]
    deaths = [m.start() for rx in (_DEATH_EN, _DEATH_AR) for m in rx.finditer(window)]
    if not deaths:
        return False
    hurts = [m.start() for m in _HURT_VERB.finditer(window)]
    return not hurts or max(hurts) < max(deaths)


# "N the number of ...", "N the toll of ...": a running count set to a number printed before it
_COUNT_OF = re.compile(r"^\s*the\s+(?:total\s+)?(?:number|toll|tally|count)\s+of\s+", re.I)


# A verb of killing right before a number: what the number counts is its object
_KILLED_OBJECT = re.compile(rf"(?:\bkill(?:s|ed|ing)?|(?<![\u0600-\u06FF])و?(?:قتلت|قتل|مقتل|بمقتل))\s*{_QUALIFIER}?\s*$", re.I)


# A figure with the definite article ("الـ12 مدنيا هؤلاء", "the 12 civilians") points back.
_DEFINITE_NUMBER = re.compile(r"(?:(?<![\u0600-\u06FF])الـ?|\bthe)\s*$", re.I)


def _tolls(s: str, deadly: bool | None = None) -> list[_Toll]:
    """Every death toll of a clause, in reading order. `deadly` says whether its sentence
    speaks of deaths at all (a follow-on clause may not repeat the word)."""
    if not (deadly if deadly is not None else (_DEATH_EN.search(s) or _DEATH_AR.search(s))):
        return []
    found: list[_Toll] = []
    taken: list[tuple[int, int]] = []
    for pattern in _RANGE:
        for match in pattern.finditer(s):
            found.append(_Toll(match.start(1), match.end(2), int(match.group(1)), int(match.group(2)),
                               bool(_TALLY.search(s[max(0, match.start() - 60):match.start()]))))
            taken.append((match.start(), match.end()))
    share = _CIVILIAN_SHARE.search(s)
    if share:  # "3,000 people - about 1,000 of them civilians - killed": the civilian toll
        low, high = _qualified(s[max(0, share.start() - 60): share.start()], "", int(share.group(1)))
        found.append(_Toll(share.start(1), share.end(1), low, high, False))
        taken.append((share.start(), share.end()))
    for match in re.finditer(_N, s):
        if any(a <= match.start() < b for a, b in taken):
            continue
        # the words just before a figure say what it is: 120 characters are enough, and
        # searching the whole sentence for each figure would cost its length squared
        before, after = s[max(0, match.start() - 120): match.start()], s[match.end():]
        value = int(match.group(1))
        if _DAY_BEFORE.search(before) or _DAY_AFTER.match(after) or _ORDINAL_SUFFIX.match(after):
            continue  # a day of a date ("March 18th and 19th": an ordinal is never a count)
        victim_noun = _VICTIM_EN.match(after) or _VICTIM_AR.match(after)
        if 1900 <= value <= 2100 and (_DATE_YEAR_BEFORE.search(before)
                                      or (not victim_noun and _YEAR_BEFORE.search(before))):
            continue  # a year
        # "40 strikes", but not "64 killed by airstrikes" nor "3 civilians in airstrikes"
        counted = _NOT_VICTIM.match(after)
        if counted and (victim_noun is None or (victim_noun.end() >= counted.end() and not _KIN.match(after))) and not (
                _DEATH_EN.search(counted.group(0)) or _DEATH_AR.search(counted.group(0))):
            continue
        if _NOT_DEATH_AFTER.match(after):
            continue
        if _OTHERS.match(after) and _other_harm_nearer(before[-40:]):
            continue  # "وأصيب 11 آخرون", "wounding 2 others": others hurt, not dead
        if _KIN.match(after) and _COMPONENT_BEFORE.search(before[-40:]):
            continue  # "43 people died - including 36 family members of IS fighters": a share
        if _HURT_TOO_BEFORE.search(before[-60:]) or _HURT_TOO_AFTER.match(after):
            continue  # "martyring and injuring at least 5", "40 شهيد وجريح": dead and hurt together
        # (after what the number counts: "4 من النازحين" are displaced people who died)
        alive = _ALIVE_AFTER.search(after, victim_noun.end() if victim_noun else 0, 70)
        if alive and not (_DEATH_EN.search(after[:alive.start()]) or _DEATH_AR.search(after[:alive.start()])):
            continue  # "10,000 civilians are among the 15,000 people remaining in the enclave"
        bare = _PARENS.sub("", after, count=1)  # "64 (12 children) killed"
        count_of = _COUNT_OF.match(bare)
        if count_of:  # "take to 167 the number of civilians killed": what it counts comes after
            bare = bare[count_of.end():]
        tied_before = (_BEFORE_VICTIM.search(before) or _TOLL_REACHED.search(before)
                       or (_LOST_KIN.search(before) and _KIN.match(after)))
        if tied_before and _other_harm_nearer(before[-30:]):
            continue
        tied_after = (_DEATH_EN.search(bare[:70]) or _DEATH_AR.search(bare[:70])
                      or ("were" in bare or "was" in bare) and _CLAUSE_VERB_DEATH.match(bare))
        if _AFTER_COMPONENT.search(before[-80:]):
            continue  # "11 children ... and 6 citizens over the age of eighteen": still the breakdown
        if _CHILD_OR_WOMAN.match(after):
            # "including 30 children" is part of the toll before it; "2 children who were
            # killed" is a toll of its own, and so are "the death of 2 Syrian children", "the killing of 5 women"
            # and the object of a verb of killing when no toll comes before it ("وقتلت 14 امرأة")
            object_of_killing = (_KILLED_OBJECT.search(before[-30:]) is not None
                                 and not any(t.start < match.start() for t in found))
            if not object_of_killing and (_COMPONENT_BEFORE.search(before[-40:]) or not (re.match(
                    r"^\s*\w+\s+(?:who\s+)?(?:were\s+|was\s+)?(?:killed|died)\b|^\s*\S+\s+(?:قتلوا|استشهدوا|سقطوا|قضوا)",
                    after, re.I) or _DEATH_OF.search(before))):
                continue
        elif not (tied_before
                  or ((_VICTIM_EN.match(bare) or _VICTIM_AR.match(bare))
                      and (tied_after or _governed(before)
                           or any(0 <= match.start() - t.end < 100 for t in found)))
                  or (_BROKEN_DOWN.match(after) and (_DEATH_EN.search(before[-90:]) or _DEATH_AR.search(before[-90:])))):
            continue
        if _DEFINITE_NUMBER.search(before[-6:]) and any(t.low == value or t.high == value for t in found):
            continue  # "مشيرا إلى أن الـ12 مدنيا هؤلاء ...", "the 12 civilians": the toll just told
        low, high = _qualified(before, after, value)
        window = before[-120:]
        digits = list(re.finditer(r"\d", window))
        tally = bool(count_of) or bool(_TALLY.search(window[digits[-1].end():] if digits else window))
        found.append(_Toll(match.start(1), match.end(1), low, high, tally))
    return sorted(found, key=lambda t: t.start)


# A toll split by place as a list, the numbers bare: "إدلب 12 مدنيا، ودير الزور 6 وحمص 6",
# "في دمشق 13 مدنيا، وفي إدلب 7", "24 civilians: 12 in Idlib, 6 in Homs and 6 in Deir ez-Zor".
_LIST_END = r"(?=\s*(?:[،,.;:]|\s+و|\s+and\b|$))"
_BARE_NUMBER = re.compile(rf"(\d+)(?:\s+(?:مدنيا|مدنياً|مدنيًا|مدنيين|شخصا|شخصاً|شخصًا|مواطنا|مواطناً))?{_LIST_END}")
_NUMBER_IN = re.compile(r"(\d+)\s+(?:in|at)\s+((?:al-|Al-)?[A-Z][\w'\u2019-]*"
                        r"(?:\s(?:(?:al|el|ez|az|ad|as|ash|ar)-)?[A-Z][\w'\u2019-]*){0,2})" + _LIST_END)


def _listed(s: str, tolls: list[_Toll]) -> dict[_Toll, tuple[str, gazetteer.Place | None]]:
    """The tolls of a list by place, each with the place printed beside its number."""
    out: dict[_Toll, tuple[str, gazetteer.Place | None]] = {}
    taken = {t.start for t in tolls}
    for match in _BARE_NUMBER.finditer(s):
        before = s[: match.start()]
        lead = re.search(r"(?:^|[\s،,])(?:و\s*)?(?:في|فى)?\s*([\u0600-\u06FF]+(?:\s[\u0600-\u06FF]+)?)\s*$", before)
        if not lead or _DAY_AFTER.match(s[match.end():]):
            continue
        words = lead.group(1).split()
        # "دير الزور", "ودير الزور" (and), "دمشق وريفها" (and its countryside)
        spans = [words, words[-1:], words[:1]] if len(words) > 1 else [words]
        tries = [" ".join(w) for w in spans] + [" ".join(w)[1:] for w in spans if w[0][:1] in "وبلف"]
        name = next((t for t in tries if gazetteer.lookup(t)), None)
        if name is None:
            continue
        toll = next((t for t in tolls if t.start == match.start()), None) or _Toll(
            match.start(1), match.end(1), int(match.group(1)), int(match.group(1)), False)
        out[toll] = (name, gazetteer.lookup(name))
    for match in _NUMBER_IN.finditer(s) if "in " in s or "at " in s else ():
        place = gazetteer.lookup(match.group(2)) or gazetteer.lookup(_respell(match.group(2)))
        if place is None:
            continue
        toll = next((t for t in tolls if t.start == match.start(1)), None) or _Toll(
            match.start(1), match.end(1), int(match.group(1)), int(match.group(1)), False)
        out[toll] = (match.group(2), place)
    if not any(t.start not in taken for t in out):
        return {t: p for t, p in out.items() if t.start in taken}  # no list: only tolls read already
    return out


def _killed(s: str, deadly: bool | None = None) -> tuple[int | None, int | None] | None:
    """(min, max) of the first death toll of a clause."""
    tolls = _tolls(s, deadly)
    return (tolls[0].low, tolls[0].high) if tolls else None


# -- dates -----------------------------------------------------------------------------


def _complete(year: int | None, month: int, day: int, published: date | None) -> str | None:
    if year is None:
        if published is None:
            return None
        year = published.year
        try:
            if date(year, month, day) > published:
                year -= 1
        except ValueError:
            return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_DIGIT = re.compile(r"\d")
_DAY = re.compile("day", re.I)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")


def _year(printed: str | None, s: str, end: int) -> int | None:
    """A date's year: as printed, else the one its range prints at the end."""
    if printed:
        return int(printed)
    ahead = _YEAR_AHEAD.match(s, end)
    return int(ahead.group(1)) if ahead else None


@functools.lru_cache(maxsize=4096)
def _dates(s: str, published: date | None) -> list[tuple[int, int, str]]:
    """Every explicit date in the sentence as (start, end, iso)."""
    found = []
    # Every pattern but a bare month needs a digit or an Arabic letter (most sentences
    # have neither): tested once rather than by each pattern at every position.
    digits, arabic = _DIGIT.search(s) is not None, _ARABIC_LETTER.search(s) is not None
    for match in (_DATE_MDY.finditer(s) if digits else ()):
        month = _MONTHS_EN[match.group(1).lower()]
        iso = _complete(_year(match.group(3), s, match.end()), month, int(match.group(2)), published)
        if iso:
            found.append((match.start(), match.end(), iso))
    for match in (_DATE_DMY.finditer(s) if digits else ()):
        if any(a <= match.start() < b for a, b, _ in found):
            continue
        month = _MONTHS_EN[match.group(2).lower()]
        iso = _complete(_year(match.group(3), s, match.end()), month, int(match.group(1)), published)
        if iso:
            found.append((match.start(), match.end(), iso))
    for match in (_DATE_AR.finditer(s) if arabic else ()):
        raw_day = match.group(1)
        day = int(raw_day) if raw_day.isdigit() else _ORDINALS_AR[raw_day]
        month = _MONTHS_AR[match.group(2)]
        iso = _complete(_year(match.group(4), s, match.end()), month, day, published)
        if iso:
            found.append((match.start(), match.end(), iso))
    for match in (_DATE_NUMERIC.finditer(s) if digits else ()):
        first, second, year = (int(g) for g in match.groups())
        day, month = (second, first) if first <= 12 < second else (first, second) if second <= 12 < first else (0, 0)
        iso = _complete(year, month, day, published) if day else None
        if iso:
            found.append((match.start(), match.end(), iso))
    for pattern, month_group in ((_MONTH_YEAR, 1), (_MONTH_YEAR_AR, 1)):
        for match in (pattern.finditer(s) if digits else ()):
            if any(a <= match.start(month_group) < b for a, b, _ in found):
                continue
            name = match.group(month_group)
            month_no = _MONTHS_EN.get(name.lower()) or _MONTHS_AR.get(name)
            if month_no is None:  # the pattern names months only
                continue
            found.append((match.start(month_group), match.end(), f"{match.group(2)}-{month_no:02d}"))
    if published is not None:
        for match in (*_MONTH_BARE.finditer(s), *(_MONTH_BARE_AR.finditer(s) if arabic else ())):
            if any(a <= match.start(1) < b for a, b, _ in found):
                continue
            month = _MONTHS_EN.get(match.group(1).lower()) or _MONTHS_AR[match.group(1)]
            year = published.year - (1 if month > published.month else 0)
            found.append((match.start(1), match.end(), f"{year}-{month:02d}"))
    return sorted(found)


def _event_date(s: str, published: date | None, lo: int = 0,
                hi: int | None = None) -> tuple[str | None, str | None, bool]:
    """(date, end date, running tally since the date) of the sentence, or of its words
    from `lo` to `hi` (a toll's own)."""
    hi = len(s) if hi is None else hi
    found = [d for d in _dates(s, published) if lo <= d[0] and d[1] <= hi]
    if lo or hi < len(s):
        s = s[:hi]  # the relative words below are looked for in the window only
    for start, _end, iso in found:
        if _SINCE.search(s[max(lo, start - 80):start]):
            return iso, None, True
    for i, (start, end, iso) in enumerate(found[:-1]):
        nxt = found[i + 1]
        if _RANGE_START.search(s[max(0, start - 12):start]) and _RANGE_LINK.match(s[end:nxt[0]]):
            return iso, nxt[2], False
    if found:
        return found[0][2], None, False
    if published is not None:
        s = s[lo:]
        if _YESTERDAY.search(s):
            return (published - timedelta(days=1)).isoformat(), None, False
        # every English day name ends in "day"; the Arabic ones need an Arabic letter
        weekday = _WEEKDAY.search(s) if _DAY.search(s) or _ARABIC_LETTER.search(s) else None
        if weekday:
            name = (weekday.group(2) or weekday.group(3)).lower()
            back = (published.weekday() - _WEEKDAYS[name]) % 7
            return (published - timedelta(days=back)).isoformat(), None, False
        if _TODAY.search(s):
            return published.isoformat(), None, False
    return None, None, False


# -- places ----------------------------------------------------------------------------


_WORD = re.compile(r"[\w'\u2019-]+")


@functools.lru_cache(maxsize=4096)
def _gazetteer_hits(s: str) -> tuple[tuple[int, int, str, gazetteer.Place | None], ...]:
    words = list(_WORD.finditer(s))
    # Only runs ending where a gazetteer name may end are looked up (most words are not
    # the end of any name); a run `_respell` would change is always looked up.
    may_end = gazetteer.names_may_end(s, [w.end() for w in words])
    respellable = "l-" in s or "a-" in s or "'s" in s or "\u2019s" in s
    if not respellable and not any(may_end):
        return ()
    hits: list[tuple[int, int, str, gazetteer.Place | None]] = []
    i = 0
    while i < len(words):
        for size in range(min(4, len(words) - i), 0, -1):
            if not may_end[i + size - 1] and not respellable:
                continue
            printed = s[words[i].start(): words[i + size - 1].end()]
            chunk = _POSSESSIVE.sub("", printed) if "s" in printed[-1:] else printed
            respelled = _respell(chunk)
            if not may_end[i + size - 1] and respelled == printed:
                continue  # no gazetteer name ends here, and no respelling could make one
            place = gazetteer.lookup(chunk) or (respelled != chunk and gazetteer.lookup(respelled)) \
                or None
            if place is None and size == 1 and chunk[:1] in "وبلف" and len(chunk) > 3:
                place = gazetteer.lookup(chunk[1:])  # Arabic proclitics: "بهجين", "والرقة"
                chunk = chunk[1:] if place else chunk
            if place is not None:
                hits.append((words[i].start(), words[i + size - 1].end(), chunk, place))
                i += size - 1
                break
        i += 1
    return tuple(hits)


_POSSESSIVE = re.compile(r"['\u2019]s$")
# A settlement the text names by what it is, in the gazetteer or not: "al-Shaafa town",
# "the village of Mahli", "Dheeb Haddaj village", "بلدة الشعفة", "قرية جديدة عكيدات".
_NAME_EN = (r"((?:(?:al|Al|el|El|a|ad|as|ash|ar|Ad|As|Ash|Ar)-)?[A-Z][\w'\u2019-]*"
            r"(?: (?:(?:al|el|ad|as|ash|ar|az)-)?[A-Z][\w'\u2019-]*){0,2})")
_SETTLEMENT_EN = re.compile(
    rf"\b(?:towns?|villages?|city|neighbou?rhoods?|suburb|areas?|district|camp|farmlands?) of (?:the )?{_NAME_EN}"
    rf"|(?<![\w-]){_NAME_EN} (?:town|village|neighbou?rhood|suburb|area|farmlands?|camp)\b")
_NOT_A_NAME = {"Syria", "Iraq", "Turkey", "Jordan", "Lebanon", "The", "This", "That", "Islamic", "Iraqi", "Syrian", "Kurdish", "Arab", "US", "U.S.", "Coalition",
               "Old", "Euphrates", "Islamic State", "ISIS", "IS", "Daesh", "One", "Each", "Another", "Its", "Their"}
# (Arabic letters only: the Arabic comma "،" and semicolon "؛" share their Unicode block)
_AR_LETTERS = r"[\u0621-\u065F\u0670-\u06D3]+"
_SETTLEMENT_AR = re.compile(r"(?:^|\s|[بو])(?:بلدة|بلدتي|قرية|قريتي|مدينة|حي|منطقة|ناحية|مخيم|مزرعة|بادية)\s+"
                            rf"({_AR_LETTERS}(?:\s+{_AR_LETTERS})?)"
                            # "الحي الزراعي" (the neighbourhood named by its adjective)
                            r"|(?:^|\s|[بو])الحي\s+(ال[\u0621-\u064A]+)")
_AR_STOP = {"في", "فى", "على", "من", "عن", "إلى", "الى", "قرب", "شرق", "غرب", "شمال", "جنوب", "الواقعة", "التابعة",
            "ضمن", "بريف", "بالريف", "بمدينة", "بمحافظة", "الخاضعة", "المحيطة", "شرقي", "غربي", "شمالي", "جنوبي",
            "بين", "مع", "أمس", "اليوم", "الشرقي", "الغربي", "الشمالي", "الجنوبي",
            # an unnamed village told by what it is: "قرية يسيطر عليها التنظيم", "قرية تقع ..."
            "يسيطر", "تسيطر", "التي", "الذي", "تحت", "تقع", "يقع", "واقعة", "ذاته", "نفسه", "ذاتها", "نفسها",
            # an area told by what it is: "منطقة سكنية في حي ...", "منطقة زراعية"
            "سكنية", "زراعية", "صناعية", "مأهولة", "مكتظة", "مجاورة", "قريبة", "نائية"}


# "on al-Shaafa, Deir ezzor", "في الشعفة، دير الزور": a place named with the one it lies in
_NAME_THEN_PLACE_EN = re.compile(rf"\b(?:on|in|at|near|of|from)\s+{_NAME_EN}\s*,\s*$")
_NAME_THEN_PLACE_AR = re.compile(r"(?:على|في|فى|قرب)\s+([\u0600-\u06FF]+)\s*[،,]\s*$")


@functools.lru_cache(maxsize=4096)
def _settlement_hits(s: str) -> tuple[tuple[int, int, str, gazetteer.Place | None], ...]:
    hits = []
    for start, _, _, _place in _gazetteer_hits(s) if "," in s or "،" in s else ():
        named = _NAME_THEN_PLACE_EN.search(s[:start]) or _NAME_THEN_PLACE_AR.search(s[:start])
        if named and named.group(1) not in _NOT_A_NAME and named.group(1).split()[0] not in _NOT_A_NAME:
            hits.append((named.start(1), named.end(1), named.group(1), gazetteer.lookup(named.group(1))))
    if re.search(r"town|village|city|neighbou?rhood|suburb|area|district|camp|farmland", s):
        for match in _SETTLEMENT_EN.finditer(s):
            group = 1 if match.group(1) else 2
            name = _POSSESSIVE.sub("", match.group(group))
            if name in _NOT_A_NAME or name.split()[0] in _NOT_A_NAME:
                continue
            hits.append((match.start(group), match.start(group) + len(name), name, gazetteer.lookup(name)
                         or gazetteer.lookup(_respell(name))))
    if _ARABIC_LETTER.search(s):
        for match in _SETTLEMENT_AR.finditer(s):
            group = 1 if match.group(1) else 2
            words = match.group(group).split()
            if words[0] in _AR_STOP:
                continue
            if len(words) > 1 and (words[1] in _AR_STOP or words[1].startswith(("و", "بريف", "بالريف", "بمدينة", "بمحافظة"))):
                words = words[:1]
            name, place = _settlement_name(words)
            hits.append((match.start(group), match.start(group) + len(name), name, place))
    return tuple(hits)


def _settlement_name(words: list[str]) -> tuple[str, gazetteer.Place | None]:
    """The name of an Arabic settlement from the (one or two) words after "بلدة"/"قرية":
    both if the gazetteer knows them; else, when the second word has no article (a name's
    second part has one: "حويجة الرز", "الباغوز الفوقاني"), the first alone if the gazetteer
    knows it ("بلدة باغوز آخر معاقل"); each tried also with the article the gazetteer
    prints ("باغوز" is "الباغوز"). Unknown, the words as printed."""
    def known(name: str) -> gazetteer.Place | None:
        return gazetteer.lookup(name) or (None if name.startswith("ال") else gazetteer.lookup("ال" + name))
    whole = " ".join(words)
    place = known(whole)
    if place is None and len(words) > 1 and not words[1].startswith("ال"):
        first = known(words[0])
        if first is not None:
            return words[0], first
    return whole, place


# A dateline ("Hasaka, SANA-", "Deir Ezzor Province – The Syrian Observatory ...",
# "محافظة دير الزور – المرصد ...") says where a report was filed, not where people died.
_DATELINE_AFTER = re.compile(r"^\s*,\s*[A-Z]{3,}\s*[-\u2013\u2014]")
_DATELINE_OPEN = re.compile(r"^\s*(?:Province|Governorate|province|governorate)?\s*[-\u2013\u2014]")


# A dateline with its date: "دمشق 9 مارس 2017 /قتل ...", "Damascus, March 9, 2017 - ..."
_DATELINE_DATED = re.compile(rf"^\s*,?\s*(?:\d{{1,2}}\s+(?:{_MON_AR}|{_MON_EN})\.?,?\s+\d{{4}}"
                             rf"|(?:{_MON_EN})\.?\s+\d{{1,2}},?\s+\d{{4}})\s*(?:\(\w+\)\s*)?[/\-\u2013\u2014:]", re.I)


def _dateline(s: str, hit) -> bool:
    if _DATELINE_AFTER.match(s[hit[1]:]):
        return True
    if not s[:hit[0]].strip() and _DATELINE_DATED.match(s[hit[1]:]):
        return True
    return bool(re.fullmatch(r"\W*(?:محافظة\s+)?", s[:hit[0]]) and _DATELINE_OPEN.match(s[hit[1]:]))


def _place(s: str, last: bool = False, towns_only: bool = False, lo: int = 0,
           hi: int | None = None) -> tuple[str, gazetteer.Place | None] | None:
    """The town-level place of a text: the first (or `last`) place not named as a
    province ("Deir Ezzor province", "countryside of Deir Ezzor", "ريف دير الزور") nor
    in a dateline, else the first province. A settlement the text calls a town, village or
    neighbourhood counts even when the gazetteer does not know it: its name is kept as
    printed, never replaced by the province around it. `lo` and `hi` bound the words
    looked at (a toll's own words), the sentence around them still saying what they are."""
    hits = list(_gazetteer_hits(s))  # a copy: the cached list is shared
    settled = _settlement_hits(s)
    for hit in settled:
        overlapping = [h for h in hits if h[0] < hit[1] and hit[0] < h[1]]
        if overlapping:
            continue  # the gazetteer's reading of the same words
        hits.append(hit)
    names = _source_names(s)
    if names:  # "شبكة “دير الزور 24”", "Deir Ezzor 24": a place in a source's name is no scene
        hits = [h for h in hits if not any(a < h[1] and h[0] < b for a, b in names)]
    if not hits:
        return None
    hi = len(s) if hi is None else hi
    hits.sort(key=lambda h: h[0])
    hits = [h for h in hits if lo <= h[0] and h[1] <= hi and not _dateline(s, h)
            and not _SEVERAL_PROVINCES.search(s[max(0, h[0] - 80):h[0]])]
    if not hits:
        return None
    marked = {h[0] for h in settled}
    towns = [h for h in hits if not (_PROVINCE_AFTER.match(s[h[1]:]) or _PROVINCE_BEFORE.search(s[max(0, h[0] - 80):h[0]])
                                     or _BEARING_BEFORE.search(s[max(0, h[0] - 40):h[0]]))]
    if not towns and towns_only:
        return None
    if last:  # the nearest before a toll, a settlement named as such first
        towns = [h for h in towns if h[0] in marked] or towns
    chosen = (towns[-1] if last else towns[0]) if towns else (hits[-1] if last else hits[0])
    if chosen[3] is None:
        # A settlement the gazetteer does not know stays as printed; its gazetteer place is
        # the one the text names around it ("Abu al-Hassan village, near the town of Hajin",
        # "al-Shaafa town in Deir Ezzor eastern countryside"), else none.
        around = [h for h in hits if h[3] is not None]
        later = [h for h in around if h[0] > chosen[0]]
        known = later[0] if later else (around[-1] if around else None)
        return chosen[2], known[3] if known else None
    return chosen[2], chosen[3]


@functools.lru_cache(maxsize=4096)
def _source_names(s: str) -> tuple[tuple[int, int], ...]:
    """Where the sentence prints the name of a source (a claimant's alias, an outlet quoted
    after "شبكة"/"وكالة"): a town inside it names the outlet, not where people died."""
    spans = [m.span() for _, alias, rx in _ALIASES if alias in s for m in rx.finditer(s)]
    spans += [m.span(1) for m in _AR_OUTLET.finditer(s)] if _ARABIC_LETTER.search(s) else []
    spans += [m.span() for m in _ORGANISATION.finditer(s)] if _ORGANISATION_WORD.search(s) else []
    return tuple(spans)


# An organisation named after its town ("the Aleppo Media Center", "Raqqa Civil Council"): no scene
_ORGANISATION_WORD = re.compile(r"\b(?:Center|Centre|Council|Committee|Network|Agency|Observatory)\b")
_ORGANISATION = re.compile(r"\b(?:(?:al-|Al-)?[A-Z][\w'\u2019-]*\s+){1,4}(?:Center|Centre|Council|Committee|Network|Agency|Observatory)\b")


# A bearing from a place ("شمال شرقي دير الزور", "north-east of Raqqa") names where the scene
# lies from it: like a province, the place counts only when nothing finer is named.
_BEARING_BEFORE = re.compile(r"(?:\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\s+(?:the\s+)?(?:city\s+of\s+)?"
                             r"|(?<![\u0621-\u064A])(?:شمال|جنوب|شرق|غرب)ي?(?:\s+(?:شرق|غرب)ي?)?\s+(?:مدينة\s+)?)$", re.I)


# A name in a list of provinces ("in the provinces of Hasakah, Deir Ezzor and Raqqa", "في
# محافظات الحسكة ودير الزور والرقة") is one of several: a toll over them has no one place.
_SEVERAL_PROVINCES = re.compile(r"(?:\b(?:provinces|governorates) of\s+(?:the\s+)?(?:(?:and\s+)?[A-Z][\w'\u2019-]*(?:\s+|\s*,\s*))*(?:and\s+)?"
                                r"|(?:محافظات|بمحافظات)\s+(?:[\u0600-\u06FF]+\s*[،,]?\s*){0,10})$")
_PROVINCES_NAMED = re.compile(r"\bprovinces of|\bgovernorates of|محافظات|بمحافظات", re.I)
_OPENS_IN = re.compile(r"^\W*(?:In|في)\s+")
# a day and month without a year ("between 23 April and 23 May"): a date of its own even
# when no publication date lets the parser complete it
_YEARLESS = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{_MON_EN})\b|\b(?:{_MON_EN})\.? \d{{1,2}}\b", re.I)
# A sentence that splits a toll told before it ("The dead include 250 civilians", "بين
# القتلى 250 مدنياً") keeps that toll's period.
_SPLITS_TOLL = re.compile(r"\b(?:(?:the dead|the victims|they|those killed)\s+(?:are|were|include|included)|among (?:them|the dead))\b"
                          r"|بين القتلى|بين الضحايا|بين هؤلاء", re.I)
_SAME_DAY = re.compile(r"(?:اليوم|نفس اليوم)\s*\(?(?:نفسه|ذاته)|في نفس اليوم|\b(?:the|that) same day\b", re.I)
# A sentence that goes on about the strike just told ("According to ..., the air raid, which
# ...", "The strike also ...").
_TOLD_ON = re.compile(r"^\W*(?:according to [^,]{3,80},\s*)?(?:the|this)\s+(?:\w+\s+)?(?:attack|strike|airstrike|"
                      r"air strike|raid|air raid|bombing|bombardment|massacre|incident)\b", re.I)
# "the city", "the town", "على المدينة", "البلدة": the town the text named last
_THE_TOWN = re.compile(r"\bthe (?:city|town|village)\b(?!\s+of\b)"
                       r"|(?<![\u0600-\u06FF])(?:[وبلف]?ال|لل)(?:مدينة|بلدة|قرية)(?![\u0600-\u06FF])", re.I)
_ANAPHORA = re.compile(r"\b(?:the|this|that|these|those|same)\s+(?:\w+\s+)?(?:attacks?|strikes?|airstrikes?|air strikes?|"
                       r"raids?|bombing|bombardment|massacre|incident|shelling)\b|\bthere\b"
                       r"|ذاته|نفسه|ذاتها|نفسها|المجزرة|الغارة|الضربة|الهجوم|الاستهداف", re.I)
# A toll counted over a stretch of time ("during 27 months", "over the past couple of days",
# "خلال الـ 24 ساعة"): a tally of its own, never dated by the strike told before it.
_PERIOD = re.compile(
    r"\b(?:during|over|in|within|for|after)\s+(?:the\s+)?(?:past\s+|last\s+|first\s+)?(?:\d+|a|two|three|four|five|six|"
    r"several|couple of|few)\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|hours?)\b|\bover the past\b"
    r"|\b(?:in|over|during|within)\s+the\s+(?:past|last|previous)\s+(?:[\w-]+\s+)?(?:days?|weeks?|months?|years?|hours?)\b"
    r"|خلال\s+(?:ال|الـ)?\s*(?:\d+\s*)?(?:ال)?(?:ساعات|ساعة|أيام|يوما|يوماً|أشهر|شهرا|شهراً|شهور|أسابيع|سنوات|عام)"
    r"|خلال\s+(?:ال|الـ)?\s*\d+\s*(?:ساعات|ساعة|أيام|يوما|يوماً|أشهر|شهرا|شهراً|شهور|أسابيع|سنوات|عام)", re.I)


# A comma and "and"/"while" open a clause of its own ("..., وقتل 39", "..., and 7 died")
_NEW_CLAUSE = re.compile(r"[,،]\s*(?:و(?=[\u0600-\u06FF])|and\s|while\s|بينما\s|فيما\s)", re.I)


_SAME_PERIOD = re.compile(r"في (?:تلك الفترة|الفترة (?:نفسها|ذاتها))|خلال (?:تلك الفترة|الفترة (?:نفسها|ذاتها))"
                          r"|\b(?:in|over|during|for) (?:that|the same) (?:period|time)\b", re.I)
# A person named with the body he speaks for, up to his verb of speech: "U.N. High Commissioner
# for Human Rights Zeid Ra'ad al-Hussein said", "SOHR's director Rami Abdulrahman told"
_TITLED_SPEAKER = re.compile(r"\S+[^.,;:\n]{0,80}?\b((?:(?:al-|el-)?[A-Z][\w'\u2019-]*\s+){1,5})(?:said|says|told|added)\b")
# "ووفق الحمداني، ...", "According to Hamdani, ...": a source the text has already quoted
_ACCORDING_OPENS = re.compile(r"^\W*(?:و|ف)?(?:وفق|وفقا ل|وفقاً ل|بحسب|حسب|according to)\s*([^\s,،:]{3,})", re.I)


def _goes_on_with(s: str, told: str) -> bool:
    """The sentence opens by going on with the account of a speaker quoted before it."""
    if _GOES_ON.match(s):
        return True
    opens = _ACCORDING_OPENS.match(s)
    return opens is not None and opens.group(1) in told


def _one_of_two(s: str, name: str) -> bool:
    """The place is named with another as a pair ("Tabqa and Mansourah", "هجين والشعفة")."""
    pair = re.search(rf"(?<!\w){re.escape(name)}\s+(?:and\s+|و)((?:al-|Al-)?[A-Z][\w'\u2019-]*|[\u0621-\u064A]+)", s)
    return pair is not None and bool(gazetteer.lookup(pair.group(1)) or gazetteer.lookup(_respell(pair.group(1))))


_SINCE_WORD = re.compile(r"\bsince\b|منذ", re.I)


def _frame(s: str, found: tuple[str, gazetteer.Place | None] | None) -> tuple[str, gazetteer.Place | None] | None:
    """The place of a sentence that opens on it ("In Deir Ezzour, civilians ..."): the scene
    of the sentences that follow even when they give only a date."""
    if found and re.match(rf"^\W*(?:In|في)\s+{re.escape(found[0])}\s*[,،]", s):
        return found
    return None


def _respell(name: str) -> str:
    """Article spellings the gazetteer does not fold: "Deir el-Zour", Syria Direct's "a-Susah"."""
    if "l-" not in name and not name.startswith("a-"):
        return name  # the common case, without two regular expressions
    name = re.sub(r"\b[Ee]l-", "al-", name)
    return re.sub(r"^a-", "", name)


# -- claimants -------------------------------------------------------------------------


# Compiled once: built per sentence they cost more than the rest of the parser.
_ALIASES = [(name, alias, re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)"))
            for name, aliases in CLAIMANTS.items() for alias in aliases]


_ACCORDING = re.compile(r"according to|وفقاً ل|وفقا ل|بحسب|حسب", re.I)
_ANONYMOUS = re.compile(r"\b(?:a|another)\s+(?:war\s+)?(?:monitor|monitoring group|rights group|watchdog)\b|\bactivists\s+(?:say|said)\b"
                        r"|\bmonitor(?:,\s*sources)?\s+(?:say|says|said)\b|-\s*monitor\s*$", re.I)
# A claimant the list does not know, named as the text names it: "according to an Iraqi
# military source", "... the blogger known as "Mosul Eye"", "Another activist-run group,
# Raqqa Is Being Slaughtered Silently, reported that ...", "..., the Iraqi civil defence has said."
_QUOTED_NAME = re.compile(r"[\"\u201c]([A-Z][^\"\u201d]{2,40})[\"\u201d]")
_ACCORDING_NAME = re.compile(r"\baccording to (?:the |a |an )?([^,.;:()]{3,80})", re.I)
_REPORTS = r"(?:(?:has|have|had)\s+)?(?:reported|said|says|announced|documented|stated|told|estimated|estimates|confirmed)\b"
_CAPITALISED_RUN = re.compile(
    rf"((?:[A-Z][\w'\u2019-]*\s+)(?:(?:[A-Z][\w'\u2019-]*|of|for|the|and|in)\s+)*[A-Z][\w'\u2019-]*)\s*,?\s+{_REPORTS}")
_TRAILING_SAYER = re.compile(rf",\s+(?:the |a |an )?([A-Za-z][\w -]{{2,50}}?)\s+{_REPORTS}\s*\.?\s*$")
_NOT_SAYER = re.compile(r"^(?:.*\b(?:monitor|monitoring group|activists?|sources|group|observers)\b.*|"
                        r"he|she|it|they|we|the source|sources?|officials?|residents?|activists?|witnesses|"
                        r"a spokesman|a spokesperson|the spokesman|reports?|He|She|They|It|We)$", re.I)


_PLACE_OF = re.compile(r"\b(?:residents|people|inhabitants|villagers|families|natives|sources)\s+(?:of|in|from)\s+$", re.I)


# An Arabic sentence naming its own source: "وأوضحت شبكة “فرات بوست” ... أن", "وقالت وكالة
# «سبوتنيك»" (the quoted name is the claimant, as printed); "وسائل إعلام النظام", "نشطاء",
# "مصادر" speak with a voice of their own, never the last claim's.
_AR_OUTLET = re.compile(r"(?:شبكة|وكالة|موقع|صحيفة|قناة|تلفزيون)\s*[“\"«]\s*([^”\"»″]{2,40}?)\s*[”\"»″]")
_AR_OWN_VOICE = re.compile(r"(?:شبكة|وكالة|موقع|صحيفة|قناة|تلفزيون|التلفزيون|وسائل (?:ال)?إعلام|إعلام النظام|منظمة|منظمات|"
                           r"مصادر|مصدر|ناشطون|ناشطين|نشطاء|الأهالي|أهالي|شهود)")


def _named(s: str) -> str | None:
    """The claimant a sentence names when no known alias is in it, as printed."""
    outlet = _AR_OUTLET.search(s[:80])
    if outlet:
        return outlet.group(1).strip()
    according = _ACCORDING_NAME.search(s)
    if according:
        quoted = _QUOTED_NAME.search(according.group(1)) or _QUOTED_NAME.search(s[according.end():according.end() + 60])
        name = quoted.group(1) if quoted else re.split(r"\s+(?:on|in|at|who|which|that|created|said)\b",
                                                        according.group(1))[0]
        return name.strip() or None
    for match in _CAPITALISED_RUN.finditer(s):
        name = match.group(1).strip()
        if _PLACE_OF.search(s[: match.start(1)]):
            continue  # "local residents of Bab Sinjar told ...": the place of the sayers
        if len(name.split()) >= 2 and not _NOT_SAYER.match(name):
            return name
    trailing = _TRAILING_SAYER.search(s)
    if trailing and not _NOT_SAYER.match(trailing.group(1).strip()):
        return trailing.group(1).strip()
    return None


# "The US has admitted ...", "the coalition assessed ... that", "التحالف الدولي أقر"
_COALITION_SAYS = re.compile(
    r"\b(?:the\s+)?(?:US-led\s+|U\.S\.-led\s+|international\s+)?coalition,?\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:also\s+|later\s+|earlier\s+|previously\s+)?"  # an adverb between the body and its verb
    r"(?:said|says|assessed|admitted|admits|acknowledged|acknowledges|conceded|concedes|confirmed|estimated|reported)\b"
    r"|\bThe U\.?S\.? (?:has |have |had )?(?:also |later |earlier |previously )?(?:admitted|acknowledged|conceded|said)\b"
    # Arabic in either order: "وأقر التحالف", "اعترفت قوات التحالف", "وكانت قوات التحالف قد قالت"
    r"|(?:أقر|أقرت|اعترف|اعترفت|أعلن|أعلنت|قال|قالت)\s+(?:قوات\s+)?(?:ال)?تحالف"
    r"|(?:قوات\s+)?التحالف(?:\s+الدولي)?\s+(?:قد\s+)?(?:أقر|أقرت|اعترف|اعترفت|قال|قالت)(?![\u0600-\u06FF])", re.I)


@functools.lru_cache(maxsize=4096)
def _voices(s: str, last_monitor: str | None) -> tuple[tuple[int, str], ...]:
    """Every claimant the sentence names, as (where, name), in reading order."""
    hits = []
    if "oalition" in s or "U" in s or "تحالف" in s:
        hits += [(m.start(), "CJTF-OIR") for m in _COALITION_SAYS.finditer(s)]
    s = s.replace("\u0649", "\u064a")  # Egyptian spelling writes a final ي as ى ("المرصد السورى")
    for name, alias, pattern in _ALIASES:
        if alias not in s:  # a plain substring test first: most aliases are in no sentence
            continue
        for match in pattern.finditer(s):
            hits.append((match.start(), name))
    generic = _GENERIC.search(s)
    if generic and ("observ" in generic.group(0).lower() or generic.group(0) == "المرصد"):
        hits.append((generic.start(), "SOHR"))  # "the Observatory" is SOHR wherever it is named
    elif generic and last_monitor:
        hits.append((generic.start(), last_monitor))
    return tuple(sorted(hits))


def _claimant(s: str, last_monitor: str | None) -> tuple[str | None, str | None]:
    """(claimant of this sentence, the monitor named last after reading it)."""
    hits = list(_voices(s, last_monitor))
    according = _ACCORDING.search(s)
    if according:
        after = [h for h in hits if h[0] > according.start()]
        if after:
            hits = after
    hits.sort()
    named = [n for _, n in hits if n in _MONITORS]
    if not hits:
        return _named(s), last_monitor
    return hits[0][1], (named[-1] if named else last_monitor)


# A sentence that opens by going on with the last speaker's words names no one of its own:
# "وتابع أن 64 مواطناً قُتلوا ...", "He added that 12 ..." (a sentence between them that
# gave no toll, "وأوضح أن بين هؤلاء ...", does not break the voice). A new subject after the
# verb ("وأوضحت شبكة ...", "وقال ناشطون") is another speaker.
_GOES_ON = re.compile(
    r"^\W*[وف](?:تابع|أضاف|اضاف|أوضح|اوضح|أشار|اشار|لفت|أكد|اكد|قال|بين|بيّن)ت?"
    r"(?:\s+(?:أن|ان|إن|بأن|إلى أن|الى أن)|\s*[،,:])"
    r"|^\W*(?:He|She|It|The (?:group|report|monitor|observatory|network))\s+(?:also\s+)?"
    r"(?:added|continued|went on to say|noted|said)\s+(?:that\b|,)", re.I)


_REPORTED = re.compile(r"\b(?:documented|reported|recorded|published|released|issued)\b|وثق|وثّق|رصد|أصدر|نشر", re.I)
_OTHER_OBSERVATORY = re.compile(r"\b((?:(?!The\b)[A-Z][a-z]+\s+)+Observatory for Human Rights)\b")
_SOHR_NAMED = re.compile("|".join(re.escape(a) for a in CLAIMANTS["SOHR"]))


def _attributed(s: str) -> str | None:
    hits = [(m.start(), name) for name, rx in _ATTRIBUTION for m in [rx.search(s)] if m]
    return min(hits)[1] if hits else None


# -- the parser ------------------------------------------------------------------------


def parse_claims(
    text: str,
    *,
    published: str | None = None,
    publisher: str | None = None,
    language: str | None = None,
) -> list[Claim]:
    """Every casualty claim in a page's text. `published` (ISO date) dates "Saturday" and
    years left out; `publisher` is the claimant of sentences that name nobody."""
    pub = date.fromisoformat(published[:10]) if published else None
    claims: list[Claim] = []
    context: dict = {}
    context_age = 99
    last_monitor: str | None = None
    units = []
    for raw in sentences(text):
        whole = _normalise(raw)
        parts = _clauses(whole)
        deadly = bool(_DEATH_EN.search(whole) or _DEATH_AR.search(whole))
        for n, part in enumerate(parts):
            units.append((raw, part, n > 0, deadly))
    sentence_claimant = None
    told = ""  # the sentences read so far
    speakers: dict[str, str] = {}  # a person's name -> the body the text named him with
    anonymous: list[Claim] = []  # the claims of a sentence that named its source only as "a monitor"
    anonymous_age = 0
    previous = None  # the sentence before, to know whether it gave a toll
    frame = None  # the place a sentence opening "In <place>, ..." sets for the next one
    # The place of each day's toll, for a later sentence that names the day but not the place.
    places_by_day: dict[str, tuple] = {}
    since_claim = 99  # sentences read since the last one that gave a claim
    announced = None  # the monitor whose report the sentence before announced, no figure given
    # "the observatory" is SOHR, unless the text is about another observatory by name
    other = _OTHER_OBSERVATORY.search(text)
    other_observatory = other.group(1) if other and not other.group(1).startswith("Syrian") else None
    for raw, s, follow_on, deadly in units:
        if not follow_on:
            since_claim += 1
        lang = language or ("ar" if re.search(r"[\u0600-\u06FF]", s) else "en")
        claimant, last_monitor_after = _claimant(s, last_monitor)
        for at, name in _voices(s, last_monitor):  # "U.N. High Commissioner ... Zeid Ra'ad al-Hussein said"
            spoke = _TITLED_SPEAKER.match(s, at)
            if spoke:
                speakers.update((token, name) for token in spoke.group(1).split())
        if claimant and claimant not in CLAIMANTS:  # "..., Zeid said": the speaker named with his body before
            claimant = next((speakers[t] for t in claimant.split() if t in speakers), claimant)
        if claimant == "SOHR" and other_observatory and not _SOHR_NAMED.search(s):
            claimant = other_observatory  # "the observatory group said" of the Iraqi Observatory
        if follow_on:
            claimant = claimant or sentence_claimant
        else:
            sentence_claimant = claimant
        tolls = _tolls(s, deadly)
        if not tolls and not follow_on and not deadly and claims and claims[-1].quote == previous:
            split = _breakdown(s)  # "They are 66 civilians, ..." after the toll it splits
            if split is not None:
                tolls = [_Toll(0, 0, split[0], split[1], False)]
                claimant = claimant or claims[-1].claimant
        if claimant is None and tolls and claims and claims[-1].quote == previous and (
                publisher is None or claims[-1].claimant != publisher) and not _AR_OWN_VOICE.search(s[:60]):
            # a report told on keeps its voice: "Pro-opposition group ... said 599 ...",
            # "وأضاف أن القتلى «هم 11 مواطناً ..."
            claimant = claims[-1].claimant
        if claimant is None and tolls and not follow_on and announced:
            # "SNHR had documented in a report ... the civilians who were killed. The
            # coalition's airstrikes killed 649 people": the report announced just before
            claimant = announced
        if claimant is None and tolls and claims and since_claim <= 2 and _GOES_ON.match(s) and (
                publisher is None or claims[-1].claimant != publisher):
            claimant = claims[-1].claimant
        killed = tolls[0] if tolls else None
        eventful = killed is not None or _ATTACK.search(s) is not None
        if eventful:
            when, until, since = _event_date(s, pub)
            found = _place(s)
            attributed = _attributed(s)
        else:  # neither a toll nor an attack: its date, place and blame are never used
            when, until, since, attributed = None, None, False, None
            # ... but a sentence opening on a place frames the next ones
            found = _place(s) if not follow_on and _OPENS_IN.match(s) else None
        own = when is not None or found is not None
        # (a running count "since" a start the text does not date, "منذ بداية تدخل هذه القوات",
        # is a tally of its own too)
        period = (_PERIOD.search(s) is not None or (pub is None and _YEARLESS.search(s) is not None)
                  or (_SINCE_WORD.search(s) is not None and when is None))
        listed = _listed(s, tolls) if tolls else {}
        if listed:
            tolls = sorted([*tolls, *(t for t in listed if t not in tolls)], key=lambda t: t.start)
        for i, toll in enumerate(tolls):
            t_when, t_until, t_since, t_found = when, until, since, found
            if len(tolls) == 1 and toll.end:
                t_found = _place(s, towns_only=True, lo=toll.end) or found  # "... 64 killed ... in <village>"
            part = s
            if len(tolls) > 1:
                # Each toll of a sentence has its own words: up to the next toll, else the
                # words since the toll before; the first toll (not a running count) may use
                # the whole sentence, a later one the scene set before the first toll.
                after = s[toll.end: tolls[i + 1].start if i + 1 < len(tolls) else len(s)]
                part = after
                # (a total before a list by place takes none of the list's places)
                scene = s if i == 0 and not listed else s[: tolls[0].start]
                t_when, t_until, t_since = _event_date(s, pub, toll.end, tolls[i + 1].start if i + 1 < len(tolls) else None)
                if t_when is None:
                    t_when, t_until, t_since = _event_date(s, pub, tolls[i - 1].end if i else 0, toll.start)
                if t_when is None and not toll.tally:
                    t_when, t_until, t_since = _event_date(s, pub, 0, len(scene))
                after_end = tolls[i + 1].start if i + 1 < len(tolls) else len(s)
                before_start = tolls[i - 1].end if i else 0
                # "... قرية في ريف دير الزور الشرقي، وقتل 39 ...": a clause of its own starts
                # after the comma; the words before it are the last toll's
                opened = list(_NEW_CLAUSE.finditer(s, before_start, toll.start))
                if i and opened:
                    before_start = opened[-1].end()
                t_found = _place(s, lo=toll.end, hi=after_end) or _place(s, last=True, lo=before_start, hi=toll.start)
                if t_found is None and not toll.tally and not _PROVINCES_NAMED.search(after):
                    t_found = _place(s, hi=len(scene))  # (a toll over several provinces has none)
            if toll in listed:
                t_found = listed[toll]  # a list's place is printed with its number
            t_claimant = claimant
            if i and len(tolls) > 1:
                # "وأقر التحالف بمقتل 1100 ...، وأفاد المرصد بمقتل 3300": a later toll of the
                # sentence is told by the voice named between it and the toll before
                between = [n for at, n in _voices(s, last_monitor) if tolls[i - 1].end <= at < toll.start]
                t_claimant = between[-1] if between else claimant
            children = _first(_CHILDREN, part)
            women = _first(_WOMEN, part)
            injured = _first(_INJURED, part)
            # The strike told just before, or one the sentence points back to ("in the attack"),
            # lends its day and town; a running count "since" a day lends no date at all.
            recent = context if (context_age == 0 or (context_age <= 3 and _ANAPHORA.search(s))) else {}
            if context_age <= 3 and (_SAME_DAY.search(s) or (not recent and _goes_on_with(s, told))):
                # "في اليوم نفسه", or the same speaker's account going on ("ووفق الحمداني، ..."
                # after "وقال الدكتور أحمد رائد الحمداني ..."): the day, not the place
                recent = {k: v for k, v in context.items() if k in ("date", "until", "since", "attributed")}
            # (a split read by `_breakdown` has no position: all of the sentence splits)
            if recent.get("since") and not _SPLITS_TOLL.search(s[: toll.start] if toll.end else s):
                recent = {k: v for k, v in recent.items() if k not in ("date", "until", "since")}
            # A toll with its own date, period or running count names its own time and
            # area; it does not inherit the last strike's day or town.
            if t_when is None and not toll.tally and claims and since_claim <= 1 and _SAME_PERIOD.search(s):
                # "... 5343 مدنيا قتلوا في تلك الفترة": the period of the toll just told
                t_when, t_until, t_since = claims[-1].event_date, claims[-1].event_date_end, claims[-1].cumulative
            dated = t_when is not None or toll.tally or period
            where = t_found or (None if dated else (recent.get("location"), recent.get("place_obj")))
            if not t_found and frame is not None:
                where = frame  # "In Deir Ezzour, civilians ... must flee. On Oct. 4, 100 were killed ..."
            elif not t_found and t_when and not t_since and t_when in places_by_day:
                where = places_by_day[t_when]  # "40 killed last Saturday": the day's strike told earlier
            elif not t_found and dated and context_age <= 3 and context.get("location") and _THE_TOWN.search(s):
                # "... التي وقعت في 21 آذار على المدينة", "killed on Thursday in the center of the town":
                # a dated toll borrows no town, unless it points back to the one just named
                where = (context["location"], context.get("place_obj"))
            where = where if where and where[0] else None
            place_obj = where[1] if where else None
            claim = Claim(
                claimant=t_claimant or publisher,
                event_date=t_when if dated else recent.get("date"),
                event_date_end=t_until if dated else recent.get("until"),
                cumulative=bool(t_since) if dated else recent.get("since", False),
                location=where[0] if where else None,
                place=place_obj.name if place_obj else None,
                country=(place_obj.country if place_obj else None)
                or next((c for c, rx in _COUNTRIES.items() if rx.search(s)), None),
                attributed_to=attributed or (context.get("attributed") if context_age <= 3 else None),
                killed_min=toll.low, killed_max=toll.high, children=children, women=women,
                injured=injured, language=lang, quote=raw.strip(),
            )
            claims.append(claim)
            since_claim = 0
            if where and claim.event_date and len(claim.event_date) == 10 and not claim.cumulative:
                places_by_day.setdefault(claim.event_date, where)
        if (killed is None and when is not None and not since and not follow_on and claims
                and claims[-1].quote == previous and claims[-1].event_date is None
                and not claims[-1].cumulative and _TOLD_ON.match(s)):
            # "At least 20 civilians have been killed in airstrikes on Mosul's Old City. ...
            # the air raid, which was conducted on Sunday, also injured 25": the strike just
            # told, dated in the next sentence
            claims[-1] = replace(claims[-1], event_date=when, event_date_end=until)
        if own and eventful:
            if since and killed is None:  # "since the 5 June publication": not an event date
                when, until, since = None, None, False
            if when is None and context_age <= 3:  # a place only: the date stays in force
                when, until, since = context.get("date"), context.get("until"), context.get("since", False)
            if found is None and context_age <= 3 and not since:
                found = (context["location"], context.get("place_obj")) if context.get("location") else None
            elif found is not None and killed is None and _one_of_two(s, found[0]):
                found = None  # "During a July mission to Tabqa and Mansourah, ...": no one scene to lend
            context = {"date": when, "until": until, "since": since,
                       "location": found[0] if found else None,
                       "place_obj": found[1] if found else None,
                       "attributed": attributed or context.get("attributed")}
            context_age = 0
        else:
            if len(s.split()) >= 5:  # a photo credit "(CBC News)" is no sentence between
                context_age += 1
            if attributed and context and killed is not None:
                context["attributed"] = attributed
        if anonymous and claimant in _MONITORS and not follow_on:
            # "A monitoring group says 11 civilians ... The Syrian Observatory said ...": the
            # monitor named in one of the next two sentences
            named_now = {id(c) for c in anonymous}
            claims[:] = [replace(c, claimant=claimant) if id(c) in named_now else c for c in claims]
            anonymous = []
        elif anonymous and not follow_on:
            anonymous_age += 1
            if anonymous_age > 2 or (tolls and claimant is not None and claimant != publisher):
                anonymous = []
        if tolls and (claimant is None or claimant == publisher) and _ANONYMOUS.search(s):
            anonymous, anonymous_age = claims[-len(tolls):], 0
        last_monitor = last_monitor_after
        if not follow_on:
            frame = _frame(s, found)
            # a sentence in which a monitor reports on deaths without giving a figure
            announced = claimant if (claimant in _MONITORS and deadly and not tolls
                                     and _REPORTED.search(s)) else None
        previous = raw.strip()
        if not follow_on:
            told += " " + s
    return _dedupe(_drop_headline_copies(claims, publisher))


def _same_toll(c: Claim, d: Claim) -> bool:
    """`c` gives `d`'s toll, or its floor with the top left open: the headline's "at
    least 43" over the body's "rose to 43"."""
    if (c.killed_min, c.killed_max) == (d.killed_min, d.killed_max):
        return True
    return c.killed_min is not None and c.killed_min == d.killed_min and c.killed_max is None


def _drop_headline_copies(claims: list[Claim], publisher: str | None) -> list[Claim]:
    """A headline repeats a claim the body tells in full: the same toll (or its floor),
    no date, no other place, and the same claimant or none named (the publisher's by
    default). Keep the body's claim, which says more."""
    def copy_of(c: Claim, d: Claim) -> bool:
        # an undated headline may give a running tally without its start ("in 14 months")
        if d is c or c.quote == d.quote or c.event_date is not None or (c.cumulative and not d.cumulative):
            return False
        if not _same_toll(c, d):
            return False
        if c.place is not None and c.place != d.place:
            return False
        if c.claimant != d.claimant and c.claimant != publisher:
            return False
        # the body's claim must say more (a date, a place or who gives it), so of two bare
        # copies of one toll neither is dropped
        return (d.event_date is not None or (c.place is None and d.place is not None)
                or c.claimant != d.claimant)
    return [c for c in claims if not any(copy_of(c, d) for d in claims)]


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen, out = set(), []
    for c in claims:
        key = replace(c, quote="")
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
