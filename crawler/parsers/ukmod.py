"""The UK Ministry of Defence's strike updates: the GOV.UK running page "Update: air strikes
against Daesh" and the reposts of its entries (news sites, Airwars' "UK MoD for ..." claims).

What an entry means, whatever its shape: a day, a place, a country and, when printed, a count
of strikes. The MoD wrote them as dated headings ("19 November 2018", "Latest update 5 December
2018", "Update: air strikes ... 25 April 2020", "Monday 19 November"), as bulleted days
("Sunday 19 May – Typhoons destroyed ..."), and as dated paragraphs ("On Friday 10 April, one
such patrol conducted air strikes in northern Iraq." then "... west of Tuz Khurma ...").

The text is read as a run of episodes: an episode begins where a day is named ("on Friday 10
April", "on Monday the 5th of June", "on 25 September 2019"), or where the text moves to a time
it does not date ("In October,", "Last month,"), and runs on until the next one, across
paragraphs. An episode that reports a strike gives one line per place it names; the place is
the name printed after "near", "west of", "close to" ... (kept as printed, matched to the
gazetteer when known) or after "in"/"over"/"at" when the gazetteer knows it or the country
follows it; "the city"/"the town" there stands for the last place named in the sentence or the
one before. A sentence that enumerates strikes each with its own day ("A on Sunday, B on
Saturday, and C last week") gives one line per clause, each with its own day. A river, a valley
or a region ("the Euphrates valley", "northern Iraq") is not a place. The year comes from the
heading, else from the date handed in, else from the page's own date stamps ("Published: ...",
"Last updated ...": the latest such day not after it, said in the release's notes); with none of
them a day without a year stays undated. A strike word after a modal or a habit ("are able to
strike", "have continued to provide close air support") reports no strike made. A text that
reports strikes at no named place, or a dated page that reports none, is a release with no line
and a note; only a text that neither dates nor reports anything raises `ParseFailure`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from crawler.places.gazetteer import find_place
from crawler.parsers import ParseFailure
from crawler.parsers.strikes import NUM, Release, StrikeLine, number, parse_targets

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# "19 November 2018", "Monday the 5th of June", "May 19, 2019", "Sunday 19 May".
_DATE = re.compile(
    rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?\b"
    rf"|\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:,\s*(\d{{4}}))?\b")
# A date that says when something was reported, not when a strike was made.
_REPORTED_ON = re.compile(r"\b(?:reported|said|announced|published|issued|stated|confirmed|updated)\s+on\s+$", re.I)
# A sentence that moves to a time it does not date to the day.
_UNDATED_TIME = re.compile(
    rf"^(?:In|During|Since|Earlier|Later|Last|Late|Early)\b[^,.]*?\b(?:{_MONTH}|months?|weeks?|years?|weekend)\b"
    r"|^(?:Last|Earlier this|Later that|Later this|The previous) (?:month|week)\b|^At the weekend\b", re.I)
# A time named inside a sentence ("Typhoons were busy over the weekend, with ..."): a new episode.
_UNDATED_TIME_INSIDE = re.compile(r"\b(?:over|at|during) the weekend\b|\blast week\b|"
                                  r"\bearlier (?:this|that|in the) (?:week|month)\b", re.I)
_NEXT_DAY = re.compile(r"\b(?:the|on the) (?:following|next) day\b", re.I)
# Days the MoD names by their feast: fixed dates.
_FEASTS = {"christmas day": (25, 12), "boxing day": (26, 12), "christmas eve": (24, 12),
           "new year's day": (1, 1), "new year\u2019s day": (1, 1), "new year's eve": (31, 12)}
_FEAST = re.compile(r"\b(?:on\s+)?(" + "|".join(re.escape(k) for k in _FEASTS) + r")\b", re.I)
_YESTERDAY = re.compile(r"\byesterday\b|\blast night\b", re.I)

_COUNT = re.compile(rf"\b({NUM})\s+(?:further\s+|successful\s+|precision\s+|separate\s+)?(?:air\s?)?strikes?\b", re.I)
# Words that report a strike: verbs of attack and the weapons the MoD names. "Engaged in" (an
# effort, a fire fight, a theatre) is taking part, not engaging a target.
_STRIKE = re.compile(
    r"\b(?:(?:air\s?)?strik(?:e|es|ing)|struck|(?<![-\w])bomb(?:s|ed|ing)?|attack(?:s|ed|ing)?|destroy(?:s|ed|ing)?|"
    r"destruction|eliminat\w*|engag(?:e|ed|ing|ement|ements)(?!\s+in\b)|hit|hitting|Hellfires?|Paveways?|Brimstones?|"
    r"GBU-\d+s?|missiles?|air support)\b", re.I)

# A strike word after a modal, a habitual verb or a word of intent tells what aircraft can,
# keep, try or are allowed doing ("are able to strike any such activity", "have continued to
# provide close air support", "ready for attack role", "ISIL's efforts to attack", "approved
# British airstrikes"), not a strike made: such
# a sentence reports none unless it prints a day of its own.
_NOT_MADE = re.compile(r"\b(?:(?:is|are|be|were|was)\s+able\s+to|can|could|will|would|may|might|should|"
                       r"ready\s+(?:to|for)|(?:efforts?|attempts?|trying|tried|plans?|planned)\s+to|approv(?:e|ed|es|ing)|authori[sz](?:e|ed|es|ing)|"
                       r"(?:have|has)\s+continued\s+to|continues?\s+to)\s+(?:[\w'\u2019-]+\s+){0,5}$", re.I)


# A strike word a negation governs in its clause ("no targets were identified as requiring
# immediate air attack", "with no effective defence against air strikes"); a clause going on
# ("no civilians were at risk before striking ...") is not governed by it.
_NEGATED = re.compile(r"\b(?:no|not|never|without)\b(?:(?![,;:\u2013\u2014]|\b(?:before|after|then|and|but|until|"
                      r"when|so)\b).){0,70}$", re.I)


def _reports_strike(sentence: str) -> bool:
    """Whether a sentence reports a strike made (not one that could be, a campaign's habit, or
    one that was not)."""
    for m in _STRIKE.finditer(sentence):
        before = sentence[:m.start()]
        if (_NOT_MADE.search(before) and not _dates(sentence)) or _NEGATED.search(before):
            continue
        return True
    return False


_COUNTRIES = {"iraq": "Iraq", "syria": "Syria"}
_NOT_PLACES = {"iraq", "syria", "afghanistan", "turkey", "iran", "jordan", "cyprus", "britain", "uk", "daesh",
               "isis", "isil", "is", "raf", "sdf", "coalition", "islamic", "the", "operation", "parliament",
               "kurdish", "iraqi", "syrian", "british", "typhoon", "typhoons", "tornado", "tornados", "reaper",
               "reapers", "voyager", "akrotiri"} | {m.lower() for m in _MONTHS}
_NOT_PLACE_TAIL = re.compile(r"^\s+(?:river|valley|province|governorate|desert|region|mountains?|hills|"
                             r"border|countryside|area)\b", re.I)
# A strike located in a named region: "in Diyala province", "in the Euphrates valley".
_REGION = re.compile(r"\b[A-Z][\w'\u2019-]+\s+(?:river|valley|province|governorate|desert|region|mountains)\b"
                     r"|\b(?:province|governorate) of [A-Z]")
_NAME = (r"((?:(?:al|as|ash|ar|at|ad|an|el)[-\s])?[A-Z][\w'\u2019-]*"
         r"(?:[\s-](?:(?:al|as|ash|ar|at|ad|an|el|bin|ibn)[\s-])?[A-Z][\w'\u2019-]*)*)")
_QUALIFIER = r"(?:(?:(?:north|south)(?:[-\s]?(?:east|west))?|east|west|central)(?:ern)?\s+)*"
# "near X", "west of X", "some 35 miles west of X", "on the outskirts of X", "close to X".
_DIRECTED = re.compile(
    # a bearing may open a sentence ("West of Qayyara, Tornados ...")
    r"\b(?:near|close\s+to|outside|around|(?i:(?:north|south)(?:[-\s]?(?:east|west))?\s+of|(?:east|west)\s+of)|"
    r"outskirts\s+of|(?:the\s+)?(?:city|town|village)\s+of|(?:battle|fight|offensive)\s+for)\s+"
    # "south of the extremists' stronghold of Raqqa", "near the town of Hit"
    r"(?:the\s+(?:[\w'\u2019]+\s+){0,2}(?:city|town|village|stronghold|capital|site)\s+of\s+)?" + _QUALIFIER + _NAME)
# A strike at a site named after a place: "the oilfield at Omar", "the sprawling Omar oilfield",
# "the Mosul dam": the place it is named after.
_SITE_NOUN = r"(?i:oil\s?fields?|gas\s?fields?|refinery|dam)\b"
_SITE_AT = re.compile(r"\b" + _SITE_NOUN + r"\s+(?:at|of)\s+" + _NAME)
_SITE_NAMED = re.compile(_NAME + r"\s+" + _SITE_NOUN)
# "IS-controlled", "Daesh-held": a compound adjective, no name
_ADJECTIVE = re.compile(r"-[a-z]+$")
# "in X", "over X", "at X": a place only when the gazetteer knows it or its country follows.
# "Inside Mosul, a Tornado flight ...": a sentence may open with it.
_PLAIN = re.compile(r"\b(?:[Ii]n|[Ii]nside|within|over|at)\s+" + _QUALIFIER + _NAME + r"(,\s+(?:Iraq|Syria)\b)?")
# List markers printed in the text or added by a list rendering ("- -- ", "1. ", "\u2022 ").
_MARKER = re.compile(r"^\s*(?:(?:[-\u2013\u2014*\u2022\u00b7]+|\d{1,3}[.)])\s+)+")


def is_ukmod(url: str | None) -> bool:
    return url is not None and "gov.uk/" in url and "air-strikes" in url


def _month(name: str) -> int:
    return next(i for i, m in enumerate(_MONTHS, 1) if m.lower().startswith(name.lower().rstrip(".")[:3]))


@dataclass
class _Date:
    day: int
    month: int
    year: int | None
    start: int
    end: int


def _dates(text: str) -> list[_Date]:
    found = []
    for m in _DATE.finditer(text):
        if m.group(1):
            day, month, year = m.group(1), m.group(2), m.group(3)
        else:
            month, day, year = m.group(4), m.group(5), m.group(6)
        if _REPORTED_ON.search(text[:m.start()]):
            continue
        if not 1 <= int(day) <= 31:
            continue
        found.append(_Date(int(day), _month(month), int(year) if year else None, m.start(), m.end()))
    for m in _FEAST.finditer(text):
        day, month = _FEASTS[m.group(1).lower()]
        found.append(_Date(day, month, None, m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _resolve(date: _Date, issued: dt.date | None) -> dt.date | None:
    """The calendar day: its own year, else the issue's (the year before when the day would
    fall after the issue), else unknown."""
    year = date.year or (issued.year if issued else None)
    if year is None:
        return None
    try:
        day = dt.date(year, date.month, date.day)
    except ValueError:
        return None
    if date.year is None and issued and day > issued:
        try:
            day = dt.date(year - 1, date.month, date.day)
        except ValueError:
            return None
    return day


_PAGE_STAMP = re.compile(r"^(?:Published|(?:Last\s+)?updated|Posted|First published|Date)\s*:", re.I)
# A page's own date as it prints it: "Published: Tuesday 17th February 2015", GOV.UK's
# "Published 27 September 2014Last updated 27 September 2014", "Posted on 28 December 2015".
_STAMP = re.compile(r"(?:^|(?<=\d))\s*(?:Published|(?:Last\s+)?[Uu]pdated|Posted|First published)\b\s*:?\s*(?:on\s+)?",
                    re.I)


def _document_date(lines: list[str]) -> tuple[dt.date, str] | None:
    """The latest date the page stamps itself with (its publication or last update), as
    (date, the stamp as printed): the day a text printed without a year is not after."""
    found = [stamp for line in lines for stamp in _stamps(line)]
    return max(found, key=lambda f: f[0]) if found else None


def _stamps(line: str) -> list[tuple[dt.date, str]]:
    """The dates a stamp line gives ("Published 27 September 2014Last updated 5 October 2014"):
    none for a line that opens with such a word but stamps no date ("Posted to Cyprus, ...")."""
    if not _STAMP.match(line) or len(line) > 160:
        return []
    found = []
    for stamp in _STAMP.finditer(line):
        dated = [d for d in _dates(line[stamp.end():]) if d.year and d.start == 0]
        day = _resolve(dated[0], None) if dated else None
        if day:
            found.append((day, line[stamp.start():stamp.end() + dated[0].end].strip()))
    return found


def _heading(line: str) -> dt.date | None:
    """A heading line's date: a short line without a full stop that prints a day with its year
    ("19 November 2018", "Latest update 5 December 2018", "UK MoD for May 19, 2019 – May 19, 2019")."""
    if len(line) > 100 or re.search(r"[a-z]\.\s", line) or line.endswith("."):
        return None
    if _PAGE_STAMP.match(line):  # "Published: 14 August 2014", "Last updated: ...": the page's
        return None              # own dates (GOV.UK prints them above the updates), no entry
    dated = [d for d in _dates(line) if d.year]
    if not dated:
        return None
    return _resolve(dated[-1], None)


def _day_heading(line: str) -> bool:
    """'Monday 19 November' alone on a line: a day's heading whose year is the issue's."""
    return bool(re.fullmatch(rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}:?|{_WEEKDAY},?\s+{_MONTH}\s+{_DAY}:?",
                             line.strip()))


def _sentences(paragraph: str) -> list[str]:
    parts = re.split(r"(?<=[a-z0-9)\u201d\"'\u2019])[.!?;]\s+(?=[A-Z(\u201c\"'\u2018])|(?<=\u2026)(?=[A-Z])", paragraph)
    return [p.strip() for p in parts if p and p.strip()]


@dataclass
class _Place:
    name: str
    sentence: str
    offset: int
    country_hint: str | None = None
    day: _Date | None = None          # the clause's own date, in an enumerating sentence
    day_printed: str | None = None    # the clause's day phrase as printed ("on Sunday")


@dataclass
class _Episode:
    day: dt.date | None
    dated: bool
    sentences: list[str] = field(default_factory=list)
    unresolved: str | None = None  # the day as printed when the text gives no year for it
    timed: bool = False  # begun by a time the text names but does not date ("over the weekend")
    without_year: str | None = None  # the day as printed when it has no year (resolved or not)


def _places(sentence: str, before: str | None = None) -> list[_Place]:
    """The places a sentence names; "the city"/"the town" in a place's slot stands for the last
    place named before it in the sentence, else in `before` (the sentence before it)."""
    found: list[_Place] = []
    for pattern, plain in ((_DIRECTED, False), (_SITE_AT, False), (_SITE_NAMED, False), (_PLAIN, True)):
        for m in pattern.finditer(sentence):
            name = m.group(1).strip(" ,.'\u2019")
            if _ADJECTIVE.search(name):
                continue
            words = name.split()
            if not words or words[0].lower() in _NOT_PLACES or name.lower() in _NOT_PLACES:
                continue
            if _NOT_PLACE_TAIL.match(sentence[m.end(1):]):
                continue
            if not plain and _AFTER_REGION.search(sentence[:m.start()]):
                continue  # "the Makhmur mountain region, southwest of Erbil": where the region lies
            country_after = m.group(2) if plain and m.lastindex and m.lastindex >= 2 else None
            if plain and find_place(name) is None and not country_after:
                continue
            if any(p.name == name for p in found):
                continue
            if not plain and _BASE_BEFORE.search(sentence[:m.start()]):
                continue  # "RAF Waddington near Lincoln": where a British base lies
            if _OTHER_TIME_AFTER.match(sentence[m.end(1):]) and not _reports_strike(sentence):
                continue  # "the liberation ... at Baghuz Fawqani in March": another time's event
            hint = country_after.strip(", ") if country_after else None
            found.append(_Place(name, sentence, m.start(1), hint))
    found.sort(key=lambda p: p.offset)
    for m in _THE_TOWN.finditer(sentence):
        earlier = [p for p in found if p.offset < m.start()]
        named = earlier[-1].name if earlier else _last_named(before)
        if named:
            found.append(_Place(named, sentence, m.start(1), earlier[-1].country_hint if earlier else None))
    found.sort(key=lambda p: p.offset)
    # "near Bayji, north of Baghdad", "near Al Anbar, an area to the west of Baghdad": a bearing
    # from a second town set off after a place only says where that place lies, and so in
    # which country when the gazetteer does not know the place itself.
    kept = []
    for i, p in enumerate(found):
        if i and _LOCATOR.fullmatch(sentence[found[i - 1].offset + len(found[i - 1].name):p.offset]):
            located, known = found[i - 1], find_place(p.name)
            if located.country_hint is None and find_place(located.name) is None and known:
                located.country_hint = known.country
            continue
        kept.append(p)
    return kept


# A bearing set off after a region ("in the Makhmur mountain region, southwest of Erbil") says
# where the region lies: the town it names is no strike place.
_AFTER_REGION = re.compile(r"\b(?:river|valley|province|governorate|desert|region|mountains?|hills|area)\s*,\s*$", re.I)
# "RAF Waddington near Lincoln", "RAF Marham, near King's Lynn": a British station's locality.
_BASE_BEFORE = re.compile(r"\bRAF\s+[A-Z][\w'\u2019-]*\s*,?\s*$")
# A place followed by a time of its own ("at Baghuz Fawqani in March 2019"): the background event
# of another time, when its sentence reports no strike.
_OTHER_TIME_AFTER = re.compile(rf"\s*,?\s+in\s+(?:(?:early|late|mid)[-\s]?)?(?:{_MONTH}(?:\s+\d{{4}})?|\d{{4}})\b")


# "south-west of the city", "near the town": the place named last stands for it.
_THE_TOWN = re.compile(
    r"\b(?:near|close\s+to|outside|around|(?:north|south)(?:[-\s]?(?:east|west))?\s+of|(?:east|west)\s+of|"
    r"outskirts\s+of|in|inside)\s+(the\s+(?:city|town))\b(?!\s+of\b|['\u2019])", re.I)


def _last_named(sentence: str | None) -> str | None:
    found = _places(sentence) if sentence else []
    return found[-1].name if found else None


# (set off by a comma, or by "in" as a translation prints it: "near Baiji in north of Baghdad")
_LOCATOR = re.compile(r"(?:\s*,\s*(?:[\w'\u2019-]+\s+){0,5}?|\s+in\s+(?:the\s+)?)"
                      r"(?:(?:north|south)(?:[-\s]?(?:east|west))?|east|west)"
                      r"(?:ern)?\s+of\s+(?:the\s+)?", re.I)


# "35 miles inside Syria's eastern border with Iraq", "in eastern Syria": the country a place is
# said to be in, not one named after it.
_IN_COUNTRY = re.compile(r"\b(?:in|inside|within)\s+(?:(?:north|south|east|west)\w*\s+|central\s+)?(Iraq|Syria)\b", re.I)


def _country_named(text: str) -> str | None:
    inside = [_COUNTRIES[m.group(1).lower()] for m in _IN_COUNTRY.finditer(text)]
    if inside:
        return inside[-1]
    named = [(m.start(), _COUNTRIES[m.group(1).lower()]) for m in re.finditer(r"\b(Iraq|Syria)\b", text)]
    return named[-1][1] if named else None


def _episodes(paragraphs: list[str], issued: dt.date | None) -> list[_Episode]:
    episodes = [_Episode(None, False)]
    for paragraph in paragraphs:
        sentences = _sentences(paragraph)
        dated_at = [i for i, s in enumerate(sentences)
                    if _dates(s) or _UNDATED_TIME.match(s) or _UNDATED_TIME_INSIDE.search(s) or _NEXT_DAY.search(s)]
        first = dated_at[0] if dated_at else len(sentences)
        # Before the paragraph's first date: a sentence that names a place and reports no strike
        # sets the scene for the dated strike that follows; anything else continues the story.
        lead = sentences[:first]
        carried: list[str] = []
        while dated_at and lead and _places(lead[-1]) and not _STRIKE.search(lead[-1]):
            carried.insert(0, lead.pop())
        episodes[-1].sentences += lead
        for i, sentence in enumerate(sentences[first:], start=first):
            if i in dated_at:
                episodes.append(_start(sentence, episodes[-1], issued))
                episodes[-1].sentences += carried
                carried = []
            episodes[-1].sentences.append(sentence)
    return episodes


def _start(sentence: str, previous: _Episode, issued: dt.date | None) -> _Episode:
    dates = _dates(sentence)
    if dates:
        day = _resolve(dates[0], issued)
        phrase = sentence[dates[0].start:dates[0].end]
        return _Episode(day, True, unresolved=phrase if day is None else None,
                        without_year=phrase if dates[0].year is None else None)
    if _NEXT_DAY.search(sentence) and previous.day:
        return _Episode(previous.day + dt.timedelta(days=1), True)
    return _Episode(None, False, timed=True)


def _lines_of(episodes: list[_Episode], issued: dt.date | None) -> list[StrikeLine]:
    lines: list[tuple[StrikeLine, bool]] = []
    pending: list[_Place] = []
    previous: str | None = None
    for ep in episodes:
        places = []
        for s in ep.sentences:
            places += _places(s, previous)
            previous = s
        strike_sentences = [s for s in ep.sentences if _reports_strike(s)]
        if not strike_sentences:
            pending = places
            continue
        if not places:
            # the places of an entry that struck nothing stand for the next one's strike, unless
            # that one opens at another time the text names ("In December 2015, ...")
            places, pending = ([] if ep.timed else pending), []
        else:
            pending = []
            # A place named where a strike is reported wins over one only passed over or
            # patrolled. When no strike sentence names a place, the entry's places stand for
            # the strike's target, unless the strike sentence locates it in a named region
            # (then a town named elsewhere is about something else).
            struck_at = [p for p in places if _reports_strike(p.sentence)]
            if struck_at:
                places = struck_at
            elif any(_REGION.search(s) for s in strike_sentences):
                places = []
        day = ep.day
        if day is None and not ep.dated and issued and any(_YESTERDAY.search(s) for s in strike_sentences):
            day = issued - dt.timedelta(days=1)
        for place in _by_clause(places):
            own_day = day
            if own_day is None and not ep.dated and issued and not place.day_printed:
                own_day = _weekday_before([place.sentence], issued)
            if place.day_printed:  # an enumerated clause's own day, or none it can be resolved to
                own_day = _resolve(place.day, issued) if place.day else \
                    (issued - dt.timedelta(days=1) if issued and _YESTERDAY.search(place.day_printed) else None)
            lines.append((_line(place, ep, own_day, issued), ep.timed))
    return _deduplicate(lines)


# "destroyed a container west of Baghdad, on Sunday morning": a weekday the strike was made on.
_ON_WEEKDAY = re.compile(r"\bon\s+(?:the\s+)?(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
_WEEKDAYS = ["Mon", "Tues", "Wednes", "Thurs", "Fri", "Satur", "Sun"]


def _weekday_before(sentences: list[str], issued: dt.date) -> dt.date | None:
    """The strike's weekday in a page that prints its own date: the last such day before the
    page's (a day it was said on is not the strike's)."""
    for s in sentences:
        for m in _ON_WEEKDAY.finditer(s):
            if _REPORTED_ON.search(s[:m.start()] + "on "):
                continue
            back = (issued.weekday() - _WEEKDAYS.index(m.group(1))) % 7 or 7
            return issued - dt.timedelta(days=back)
    return None


# A clause's own day when it prints no date: a weekday, or a time named from the report's day.
_CLAUSE_DAY = re.compile(rf"\bon\s+(?:the\s+)?{_WEEKDAY}\b|\b(?:last|this)\s+(?:week|night|weekend)\b|"
                         r"\byesterday\b|\b(?:over|at|during)\s+the\s+weekend\b|"
                         r"\bearlier\s+(?:this|that|in\s+the)\s+(?:week|month)\b", re.I)


def _day_phrase(clause: str) -> tuple[_Date | None, str] | None:
    dates = _dates(clause)
    if dates:
        return dates[0], clause[dates[0].start:dates[0].end]
    for m in _CLAUSE_DAY.finditer(clause):
        if m.group(0)[:2].lower() == "on" and _REPORTED_ON.search(clause[:m.start()] + "on "):
            continue  # "the MoD said on Sunday": the day it was said, not struck
        return None, m.group(0)
    return None


def _clauses(sentence: str) -> list[tuple[int, str, _Date | None, str]] | None:
    """An enumerating sentence, "Typhoons hit A on Sunday, B on Saturday, and C last week": its
    clauses (offset, text, date, day as printed) when each clause carries its own day phrase and
    the last opens with "and"; None for any other sentence (a list of places sharing one day
    stays one strike report)."""
    inside_dates = [(d.start, d.end) for d in _dates(sentence)]
    clauses: list[tuple[int, str, _Date | None, str]] = []
    start = 0
    for comma in re.finditer(r",\s+", sentence):
        if any(a <= comma.start() < b for a, b in inside_dates):
            continue  # "on Monday, January 9": one date
        piece = sentence[start:comma.start()]
        day = _day_phrase(piece)
        if day:
            clauses.append((start, piece, *day))
            start = comma.end()
    rest = sentence[start:]
    day = _day_phrase(rest)
    if len(clauses) < 1 or not day or not re.match(r"and\s", rest):
        return None
    clauses.append((start, rest, *day))
    return clauses


def _by_clause(places: list[_Place]) -> list[_Place]:
    """Each place of an enumerating sentence, moved into its own clause with that clause's day;
    a clause naming no place (a boat on a river) gives no line."""
    out = []
    for place in places:
        clauses = _clauses(place.sentence)
        if not clauses:
            out.append(place)
            continue
        start, text, date, printed = [c for c in clauses if c[0] <= place.offset][-1]
        out.append(_Place(place.name, text, place.offset - start, place.country_hint, date, printed))
    return out


def _line(place: _Place, ep: _Episode, day: dt.date | None, issued: dt.date | None) -> StrikeLine:
    known = find_place(place.name)
    before = " ".join(ep.sentences)
    before = before[:before.find(place.sentence) + place.offset] if place.sentence in before else before
    # The country: printed after the name, else the gazetteer's, else named in the sentence,
    # else the last one the episode named before the place.
    country = place.country_hint or (known.country if known else None) or _country_named(place.sentence) \
        or _country_named(before)
    if country is None:
        earlier = [find_place(p.name) for s in ep.sentences for p in _places(s)]
        country = next((k.country for k in earlier if k), None)
    count = _COUNT.search(place.sentence)
    effect = re.search(r",\s*((?:destroying|damaging|hitting|striking)\b.*?)\.?$", place.sentence)
    effects = None
    if effect:
        effects = re.sub(r"\s+(?:with|using)\s+.*$", "", effect.group(1))
        for ing, past in (("destroying", "destroyed"), ("damaging", "damaged"), ("hitting", "hit"), ("striking", "struck")):
            effects = re.sub(rf"^{ing}", past, effects)
    iso = day.isoformat() if day else None
    return StrikeLine(
        country=country, location=place.name, place=known.name if known else None,
        strikes=number(count.group(1)) if count else None, strike_date=iso, period_start=iso,
        period_end=iso or (issued.isoformat() if issued else None), effects=effects,
        targets=parse_targets(effects), line=place.sentence,
        # the day as printed when the line is left undated: bulleted days at one place stay apart
        date_printed=place.day_printed or (ep.unresolved if day is None else None))


def _deduplicate(lines: list[tuple[StrikeLine, bool]]) -> list[StrikeLine]:
    """One line per (day, place); an undated mention of a place that a line with a day (printed
    or resolved) covers is the lede summarising it, not another strike, unless it comes after that line in an episode of
    its own time ("over the weekend", "last week"): then it is another day's strike there."""
    def key(ln) -> str:
        return (ln.place or ln.location or "").lower()

    def has_day(ln) -> bool:
        # a calendar day of its own, resolved or printed without a year (a weekday alone,
        # "on Sunday", is not one: a lede may tell another day's strike at that place)
        return bool(ln.strike_date or (ln.date_printed and _dates(ln.date_printed)))

    dated_so_far: set[str] = set()
    dated = {key(ln) for ln, _ in lines if has_day(ln)}
    out, seen = [], set()
    for ln, timed in lines:
        if has_day(ln):
            dated_so_far.add(key(ln))
        elif key(ln) in dated and not ln.date_printed and not (timed and key(ln) in dated_so_far):
            continue
        k = (ln.strike_date, key(ln), None if ln.strike_date else ln.date_printed)
        if k in seen:
            continue
        seen.add(k)
        out.append(ln)
    return out


def parse_updates(text: str, published: str | None = None) -> list[Release]:
    """Every dated entry of an update page or repost, in the order printed: one release per
    heading (or one for a text without any, dated `published` when given)."""
    try:
        issued = dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:  # a publication date the page printed some other way: no issue year
        issued = None
    lines_of_text = [_MARKER.sub("", raw).strip() for raw in (text or "").splitlines()]
    printed = _document_date(lines_of_text) if issued is None else None
    if printed:
        issued = printed[0]
    sections: list[tuple[dt.date | None, list[str]]] = [(issued, [])]
    for line in lines_of_text:
        if not line or _stamps(line):
            continue
        day = _heading(line)
        if day:
            sections.append((day, []))
            continue
        if _day_heading(line):
            line = f"On {line.rstrip(':')}."
        sections[-1][1].append(line)
    releases = []
    for i, (heading, paragraphs) in enumerate(sections):
        episodes = _episodes(paragraphs, heading)
        lines = _lines_of(episodes, heading)
        struck_days = {ln.line for ln in lines if ln.strike_date is None}
        unresolved = {ep.unresolved for ep in episodes if ep.unresolved}
        notes = [f"'{ep.unresolved}' is printed without a year and the text has no dated heading"
                 " and no date of its own: its strike lines are left undated"
                 for ep in episodes if ep.unresolved and any(s in struck_days for s in ep.sentences)]
        notes += [f"'{ln.date_printed}' names no calendar day the text lets us fix: its strike line"
                  f" at {ln.location} is left undated" for ln in lines
                  if ln.strike_date is None and ln.date_printed and ln.date_printed not in unresolved]
        if i == 0 and printed:
            # the year of a day printed without one, taken from the page's own date
            dated_lines = {ln.line for ln in lines if ln.strike_date}
            notes += [f"'{ep.without_year}' is printed without a year: the year {ep.day.year} is inferred from"
                      f" the document's own date ('{printed[1]}'), the latest such day not after it"
                      for ep in episodes if ep.without_year and ep.day and any(s in dated_lines for s in ep.sentences)]
            notes += [f"'{ln.date_printed}' is printed without a year: the year of {ln.strike_date} is inferred"
                      f" from the document's own date ('{printed[1]}')" for ln in lines
                      if ln.strike_date and ln.date_printed and _dates(ln.date_printed)
                      and not _dates(ln.date_printed)[0].year]
        if not lines and (heading is None or (i == 0 and len(sections) > 1)):
            continue  # the page's preamble before its first heading, or an undated text with no strike
        if not lines:
            notes.append(_no_line_reason(paragraphs))
        releases.append(Release(
            publisher="UK MoD", release_number=None, release_date=heading.isoformat() if heading else None,
            period_start=None, period_end=None, total_strikes=None, total_engagements=None, lines=lines,
            notes=notes))
    if releases:
        return releases
    # Nothing at a named place. A text that reports a strike, or dates an entry, has been read:
    # its honest result is a release with no line, saying why; only a text that does neither
    # is not a strike update at all.
    paragraphs = [line for line in lines_of_text if line]
    if not any(_reports_strike(s) for p in paragraphs for s in _sentences(p)) \
            and not any(_dates(p) for p in paragraphs):
        raise ParseFailure("no dated entry and no strike reported in the text")
    return [Release(publisher="UK MoD", release_number=None,
                    release_date=sections[0][0].isoformat() if sections[0][0] else None,
                    period_start=None, period_end=None, total_strikes=None, total_engagements=None,
                    lines=[], notes=[_no_line_reason(paragraphs)])]


def _no_line_reason(paragraphs: list[str]) -> str:
    if any(_reports_strike(s) for p in paragraphs for s in _sentences(p)):
        return "the text reports strikes but names no place for any (a region, a country or nothing): no strike line"
    return "the text reports no strike: no strike line"
