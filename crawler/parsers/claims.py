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

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from crawler import gazetteer

# -- figures ---------------------------------------------------------------------------

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}
_N = r"(\d+)"
_DEATH_EN = re.compile(r"\b(?:killed|killing|kills?|dead|died|deaths?|death toll|lives|lost their lives)\b", re.I)
_DEATH_AR = re.compile(r"(?:مقتل|قتل|قتيل|القتلى|مصرع|استشهاد|وفاة|حصيلة|ضحايا)")
_VICTIM_EN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:people|persons?|civilians?|individuals|residents|allegations|deaths?|"
    r"dead|were killed|killed|died|others)\b", re.I)
_VICTIM_AR = re.compile(r"^\s*(?:شخص|أشخاص|مدني|مدنيا|مواطن|قتيل|عدد|من المدنيين|على الأقل)")
_NOT_VICTIM = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:strikes?|airstrikes|munitions|doses|km|kilometers|bodies|family|families|"
    r"fighters|members|militants|days?|weeks?|months?|years?|hours?|percent|%|reports|massacres|attacks)\b",
    re.I)
_BEFORE_VICTIM = re.compile(
    r"(?:deaths? of|(?:the dead|victims|those killed) include|death toll (?:rose |has risen )?to|raises to|rose to|killed|killing|killing of|"
    r"reported|saying|documented|recorded|toll of|مقتل|بمقتل|قتل|قتلت|بين القتلى|إلى|الى)\s*"
    r"(?:at least|more than|over|nearly|about|some|around|approximately|as many as|up to|"
    r"ما لا يقل عن|أكثر من|نحو|حوالي)?\s*$", re.I)
_QUAL_MIN = re.compile(r"(?:at least|more than|over|no fewer than|a minimum of|ما لا يقل عن|أكثر من)\s*$", re.I)
_QUAL_MAX = re.compile(r"(?:as many as|up to|nearly|almost|close to|a maximum of|قرابة|ما يصل إلى)\s*$", re.I)
_AT_LEAST_AFTER_AR = re.compile(r"^\s*(?:شخصاً|شخصا|مدنياً|مدنيا|مدنيين)?\s*على الأقل")
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
    "SANA": ("Syrian state news agency SANA", "SANA", "Syrian state media", "state media", "سانا"),
    "Deir Ezzour24": ("Deir Ezzour24", "Deir Ezzor 24", "DeirEzzor24", "Abu Leila", "Abou Leila",
                      "دير الزور 24"),
    "Amaq": ("Aamaq", "Amaq", "أعماق"),
    "Sound and Picture": ("Sound and Picture", "Jilani"),
    "Amnesty International": ("Amnesty International", "Amnesty"),
    "UK MoD": ("Ministry of Defence", "MoD"),
    "UN": ("United Nations", "the UN", "Unicef"),
    "CJTF-OIR": ("CJTF-OIR", "Coalition has acknowledged", "coalition has acknowledged",
                 "Coalition acknowledged", "coalition admitted", "coalition said",
                 "coalition says", "Coalition says", "التحالف الدولي أقر"),
}
# A generic reference ("a war monitor", "the observatory") means the monitor named last.
_GENERIC = re.compile(r"\b(?:a war monitor|the monitor|the observatory|the organization|the group|the network)\b"
                      r"|(?:المرصد)(?! السوري)|(?:الشبكة)(?! السورية)|التقرير", re.I)
_MONITORS = ("SOHR", "SNHR", "Airwars", "Deir Ezzour24")
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
}
_ORDINALS_AR = {
    "الأول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7,
    "الثامن": 8, "التاسع": 9, "العاشر": 10, "الحادي عشر": 11, "الثاني عشر": 12, "الثالث عشر": 13,
    "الرابع عشر": 14, "الخامس عشر": 15, "السادس عشر": 16, "السابع عشر": 17, "الثامن عشر": 18,
    "التاسع عشر": 19, "العشرين": 20, "الحادي والعشرين": 21, "الثاني والعشرين": 22,
    "الثالث والعشرين": 23, "الرابع والعشرين": 24, "الخامس والعشرين": 25, "السادس والعشرين": 26,
    "السابع والعشرين": 27, "الثامن والعشرين": 28, "التاسع والعشرين": 29, "الثلاثين": 30,
    "الحادي والثلاثين": 31,
}
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
_MONTH_YEAR = re.compile(rf"\b(?:in|during|throughout|since) ({_MON_EN}) (\d{{4}})\b", re.I)
# "27 تشرين الأول / أكتوبر 2017", "17 نوفمبر", "العاشر من أيلول / سبتمبر 2018"
_DATE_AR = re.compile(
    rf"(\d{{1,2}}|{_ORD_AR})(?: من)? ({_MON_AR})(?:\s*/\s*({_MON_AR}))?(?:\s+(?:عام\s+)?(\d{{4}}))?")
_MONTH_YEAR_AR = re.compile(rf"(?:خلال|في) (?:شهر )?({_MON_AR})(?:\s*/\s*(?:{_MON_AR}))?\s+(?:عام\s+)?(\d{{4}})")
# A month without day or year ("an October strike", "in October", "September was the
# bloodiest month"): the latest such month up to publication. Capitalised only, so the verb
# "may" is no month; "late September" (a part of a month, maybe spilling over) is left alone.
_MONTH_BARE = re.compile(r"(?:\b(?:an?|in|during)\s+|^)"
                         r"(January|February|March|April|May|June|July|August|September|October|November|December)\b"
                         r"(?!\s*\d)")
_SINCE = re.compile(r"(?:\bsince\b|\bsince the\b|منذ)\s*$", re.I)
_RANGE_START = re.compile(r"(?:\bfrom|\bbetween)\s*$", re.I)
_RANGE_LINK = re.compile(r"^\s*(?:through|to|until|and|-|–)\s*$", re.I)
_WEEKDAY = re.compile(r"\b(last |early |on |this )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
                      r"|(?:اليوم )?(الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد)", re.I)
_TODAY = re.compile(r"\b(?:today|this morning|tonight)\b|اليوم", re.I)
_YESTERDAY = re.compile(r"\byesterday\b|أمس", re.I)

_PROVINCE_AFTER = re.compile(r"^\W*(?:[\w-]+\s)?(?:province|governorate|countryside|region)\b", re.I)
_PROVINCE_BEFORE = re.compile(r"(?:countryside of|province of|suburbs of|ريف|محافظة|محافظتي)\s*(?:the\s+)?$", re.I)
# Sentences about an attack (or with a toll) set the date and place later sentences borrow.
_ATTACK = re.compile(r"\b(?:strikes?|airstrikes?|air strikes|attacks?|bomb\w*|shell\w*|raids?|hit)\b"
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


def sentences(text: str) -> list[str]:
    """Sentences in reading order; abbreviations such as "Nov." and "U.S." do not end one."""
    out: list[str] = []
    for para in re.split(r"\n+", text):
        para = para.strip()
        if not para:
            continue
        pieces = re.split(r"(?<=[.!?؟])\s+(?=[\"“‘'(A-Z\u0600-\u06FF0-9])", para)
        buf = ""
        for piece in pieces:
            buf = f"{buf} {piece}".strip() if buf else piece
            if _ABBREV.search(buf) or re.search(r"\b[A-Z]\.$", buf):
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


_COUNTED = r" (?:people|civilians|children|women|persons)"
_WORD_NUMBER_RX = [
    (re.compile(rf"\b{word}\b(?={_COUNTED})", re.I), str(value))
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
    return _BLANKS.sub(" ", text)


# -- figures in one sentence -----------------------------------------------------------


def _first(patterns, text: str) -> int | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    return None


_CIVILIAN_SHARE = re.compile(r"\b(\d+) (?:of (?:them|whom|those) (?:were |are )?)civilians\b", re.I)


def _killed(s: str, deadly: bool | None = None) -> tuple[int | None, int | None] | None:
    """(min, max) of the death toll in a clause; `deadly` says whether its sentence speaks
    of deaths at all (a follow-on clause may not repeat the word)."""
    if not (deadly if deadly is not None else (_DEATH_EN.search(s) or _DEATH_AR.search(s))):
        return None
    for pattern in _RANGE:
        match = pattern.search(s)
        if match:
            return int(match.group(1)), int(match.group(2))
    share = _CIVILIAN_SHARE.search(s)
    if share:  # "3,000 people - about 1,000 of them civilians - killed": the civilian toll
        before, value = s[: share.start()], int(share.group(1))
        if _QUAL_MIN.search(before):
            return value, None
        if _QUAL_MAX.search(before):
            return None, value
        return value, value
    for match in re.finditer(_N, s):
        before, after = s[: match.start()], s[match.end():]
        value = int(match.group(1))
        if re.search(rf"(?:{_MON_EN})\.?\s*$", before, re.I) or re.match(rf"\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MON_EN}|{_MON_AR})", after, re.I):
            continue  # a day of a date
        victim_noun = _VICTIM_EN.match(after) or _VICTIM_AR.match(after)
        if 1900 <= value <= 2100 and not victim_noun and re.search(r"(?:\b(?:in|of|since)\s*|/\s*\w+\s*|عام\s*)$", before):
            continue  # a year
        if _NOT_VICTIM.match(after) or re.match(r"^\s*(?:of (?:them|whom)|من)?\s*(?:children|women|طفل|أطفال|مواطنة|سيدة|نساء)", after, re.I):
            continue
        if re.match(r"\s*(?:were |others )?(?:injured|wounded)|\s*(?:جريح|جرحى|مصاب)", after, re.I):
            continue
        tied_before = _BEFORE_VICTIM.search(before) or re.search(r"death toll\b[^.]{0,30}?\bat\s*$", before, re.I)
        tied_after = _DEATH_EN.search(after[:70]) or _DEATH_AR.search(after[:70])
        if not (tied_before or ((_VICTIM_EN.match(after) or _VICTIM_AR.match(after)) and tied_after)):
            continue
        if _QUAL_MIN.search(before) or _AT_LEAST_AFTER_AR.match(after):
            return value, None
        if _QUAL_MAX.search(before):
            return None, value
        return value, value
    return None


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


def _dates(s: str, published: date | None) -> list[tuple[int, int, str]]:
    """Every explicit date in the sentence as (start, end, iso)."""
    found = []
    # Every pattern but a bare month needs a digit or an Arabic letter (most sentences
    # have neither): tested once rather than by each pattern at every position.
    digits, arabic = _DIGIT.search(s) is not None, _ARABIC_LETTER.search(s) is not None
    for match in (_DATE_MDY.finditer(s) if digits else ()):
        month = _MONTHS_EN[match.group(1).lower()]
        iso = _complete(int(match.group(3)) if match.group(3) else None, month, int(match.group(2)), published)
        if iso:
            found.append((match.start(), match.end(), iso))
    for match in (_DATE_DMY.finditer(s) if digits else ()):
        if any(a <= match.start() < b for a, b, _ in found):
            continue
        month = _MONTHS_EN[match.group(2).lower()]
        iso = _complete(int(match.group(3)) if match.group(3) else None, month, int(match.group(1)), published)
        if iso:
            found.append((match.start(), match.end(), iso))
    for match in (_DATE_AR.finditer(s) if arabic else ()):
        raw_day = match.group(1)
        day = int(raw_day) if raw_day.isdigit() else _ORDINALS_AR[raw_day]
        month = _MONTHS_AR[match.group(2)]
        iso = _complete(int(match.group(4)) if match.group(4) else None, month, day, published)
        if iso:
            found.append((match.start(), match.end(), iso))
    for pattern, month_group in ((_MONTH_YEAR, 1), (_MONTH_YEAR_AR, 1)):
        for match in (pattern.finditer(s) if digits else ()):
            if any(a <= match.start(month_group) < b for a, b, _ in found):
                continue
            name = match.group(month_group)
            month = _MONTHS_EN.get(name.lower()) or _MONTHS_AR.get(name)
            found.append((match.start(month_group), match.end(), f"{match.group(2)}-{month:02d}"))
    if published is not None:
        for match in _MONTH_BARE.finditer(s):
            if any(a <= match.start(1) < b for a, b, _ in found):
                continue
            month = _MONTHS_EN[match.group(1).lower()]
            year = published.year - (1 if month > published.month else 0)
            found.append((match.start(1), match.end(), f"{year}-{month:02d}"))
    return sorted(found)


def _event_date(s: str, published: date | None) -> tuple[str | None, str | None, bool]:
    """(date, end date, running tally since the date) of the sentence."""
    found = _dates(s, published)
    for i, (start, end, iso) in enumerate(found):
        if _SINCE.search(s[:start]):
            return iso, None, True
    for i, (start, end, iso) in enumerate(found[:-1]):
        nxt = found[i + 1]
        if _RANGE_START.search(s[max(0, start - 12):start]) and _RANGE_LINK.match(s[end:nxt[0]]):
            return iso, nxt[2], False
    if found:
        return found[0][2], None, False
    if published is not None:
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


def _place(s: str) -> tuple[str, gazetteer.Place] | None:
    """The town-level place of a sentence: the first gazetteer name not used as a province
    ("Deir Ezzor province", "countryside of Deir Ezzor"), else the first name at all."""
    words = list(_WORD.finditer(s))
    # Only runs ending where a gazetteer name may end are looked up (most words are not
    # the end of any name); a run `_respell` would change is always looked up.
    may_end = gazetteer.names_may_end(s, [w.end() for w in words])
    respellable = "l-" in s or "a-" in s
    if not respellable and not any(may_end):
        return None
    hits: list[tuple[int, int, str, gazetteer.Place]] = []
    i = 0
    while i < len(words):
        for size in range(min(4, len(words) - i), 0, -1):
            if not may_end[i + size - 1] and not respellable:
                continue
            chunk = s[words[i].start(): words[i + size - 1].end()]
            respelled = _respell(chunk)
            if not may_end[i + size - 1] and respelled == chunk:
                continue
            place = gazetteer.lookup(chunk) or (respelled != chunk and gazetteer.lookup(respelled)) \
                or None
            if place is None and size == 1 and chunk[:1] in "وبلف" and len(chunk) > 3:
                place = gazetteer.lookup(chunk[1:])  # Arabic proclitics: "بهجين", "والرقة"
            if place is not None:
                hits.append((words[i].start(), words[i + size - 1].end(), chunk, place))
                i += size - 1
                break
        i += 1
    if not hits:
        return None
    for start, end, chunk, place in hits:
        if not (_PROVINCE_AFTER.match(s[end:]) or _PROVINCE_BEFORE.search(s[:start])):
            return chunk, place
    return hits[0][2], hits[0][3]


_OPENS_IN = re.compile(r"^\W*(?:In|في)\s+")


def _frame(s: str, found: tuple[str, gazetteer.Place] | None) -> tuple[str, gazetteer.Place] | None:
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


def _claimant(s: str, last_monitor: str | None) -> tuple[str | None, str | None]:
    """(claimant of this sentence, the monitor named last after reading it)."""
    hits = []
    for name, alias, pattern in _ALIASES:
        if alias not in s:  # a plain substring test first: most aliases are in no sentence
            continue
        for match in pattern.finditer(s):
            hits.append((match.start(), name))
    generic = _GENERIC.search(s)
    if generic and "observ" in generic.group(0).lower():
        hits.append((generic.start(), "SOHR"))
    elif generic and last_monitor:
        hits.append((generic.start(), last_monitor))
    according = _ACCORDING.search(s)
    if according:
        after = [h for h in hits if h[0] > according.start()]
        if after:
            hits = after
    hits.sort()
    named = [n for _, n in hits if n in _MONITORS]
    return (hits[0][1] if hits else None), (named[-1] if named else last_monitor)


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
    previous = None  # the sentence before, to know whether it gave a toll
    frame = None  # the place a sentence opening "In <place>, ..." sets for the next one
    # The place of each day's toll, for a later sentence that names the day but not the place.
    places_by_day: dict[str, tuple] = {}
    for raw, s, follow_on, deadly in units:
        lang = language or ("ar" if re.search(r"[\u0600-\u06FF]", s) else "en")
        claimant, last_monitor_after = _claimant(s, last_monitor)
        if follow_on:
            claimant = claimant or sentence_claimant
        else:
            sentence_claimant = claimant
        killed = _killed(s, deadly)
        if killed is None and not follow_on and not deadly and claims and claims[-1].quote == previous:
            killed = _breakdown(s)  # "They are 66 civilians, ..." after the toll it splits
            if killed is not None:
                claimant = claimant or claims[-1].claimant
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
        if killed is not None:
            children = _first(_CHILDREN, s)
            women = _first(_WOMEN, s)
            injured = _first(_INJURED, s)
            recent = context if context_age <= 3 else {}
            dated = when is not None
            # A sentence with its own date (a running tally, another period) names its own
            # area; it does not inherit the last strike's town.
            where = found or (None if dated else (recent.get("location"), recent.get("place_obj")))
            if not found and frame is not None:
                where = frame  # "In Deir Ezzour, civilians ... must flee. On Oct. 4, 100 were killed ..."
            elif not found and dated and not since and when in places_by_day:
                where = places_by_day[when]  # "40 killed last Saturday": the day's strike told earlier
            where = where if where and where[0] else None
            claim = Claim(
                claimant=claimant or publisher,
                event_date=when if dated else recent.get("date"),
                event_date_end=until if dated else recent.get("until"),
                cumulative=since if dated else recent.get("since", False),
                location=where[0] if where else None,
                place=where[1].name if where else None,
                country=(where[1].country if where else None)
                or next((c for c, rx in _COUNTRIES.items() if rx.search(s)), None),
                attributed_to=attributed or (context.get("attributed") if context_age <= 3 else None),
                killed_min=killed[0], killed_max=killed[1], children=children, women=women,
                injured=injured, language=lang, quote=raw.strip(),
            )
            claims.append(claim)
            if where and claim.event_date and len(claim.event_date) == 10 and not claim.cumulative:
                places_by_day.setdefault(claim.event_date, where)
        if own and eventful:
            if since and killed is None:  # "since the 5 June publication": not an event date
                when, until, since = None, None, False
            if when is None and context_age <= 3:  # a place only: the date stays in force
                when, until, since = context.get("date"), context.get("until"), context.get("since", False)
            if found is None and context_age <= 3 and not since:
                found = (context.get("location"), context.get("place_obj")) if context.get("location") else None
            context = {"date": when, "until": until, "since": since,
                       "location": found[0] if found else None,
                       "place_obj": found[1] if found else None,
                       "attributed": attributed or context.get("attributed")}
            context_age = 0
        else:
            context_age += 1
            if attributed and context and killed is not None:
                context["attributed"] = attributed
        last_monitor = last_monitor_after
        if not follow_on:
            frame = _frame(s, found)
        previous = raw.strip()
    return _dedupe(_drop_headline_copies(claims, publisher))


def _drop_headline_copies(claims: list[Claim], publisher: str | None) -> list[Claim]:
    """A headline repeats a claim the body tells in full: the same toll, no date, no
    other place, and the same claimant or none named (the publisher's by default). Keep
    the body's claim, which says more."""
    def copy_of(c: Claim, d: Claim) -> bool:
        # an undated headline may give a running tally without its start ("in 14 months")
        if d is c or c.event_date is not None or (c.cumulative and not d.cumulative):
            return False
        if (c.killed_min, c.killed_max) != (d.killed_min, d.killed_max):
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
