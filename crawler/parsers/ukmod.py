"""The UK Ministry of Defence's running page "Update: air strikes against Daesh" (GOV.UK).

One page holds many dated entries ("19 November 2018" headings, newest first). Each entry
becomes one release (publisher "UK MoD", dated by its heading) whose lines are the
sentences that report strikes at a place: "On Friday 16 November, Typhoons conducted three
strikes near Hajin, destroying three Daesh fighting positions." A sentence without a
printed count keeps strikes None; one without a place is not a strike line.
"""

from __future__ import annotations

import datetime as dt
import re

from crawler.gazetteer import find_place
from crawler.parsers import ParseFailure
from crawler.parsers.strikes import NUM, Release, StrikeLine, number, parse_targets

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_MONTH = "(" + "|".join(_MONTHS) + ")"
HEADING = re.compile(rf"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+)?(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})$")
_DAY = re.compile(rf"\b[Oo]n\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+)?(\d{{1,2}})\s+{_MONTH}\b")
_COUNT = re.compile(rf"\b({NUM})\s+(?:further\s+|successful\s+|precision\s+|separate\s+)?(?:air\s?)?strikes?\b", re.I)
_WHERE = re.compile(r"\b((?:near|in|west of|east of|north of|south of|(?:north|south)(?:east|west) of)"
                    r"\s+(?:western\s+|eastern\s+|northern\s+|southern\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)")


def is_ukmod(url: str | None) -> bool:
    return bool(url) and "gov.uk/" in url and "air-strikes" in url


def _date(day: str, month: str, year: int) -> dt.date | None:
    try:
        return dt.date(year, _MONTHS.index(month) + 1, int(day))
    except ValueError:
        return None


def _entries(text: str) -> list[tuple[dt.date, list[str]]]:
    entries: list[tuple[dt.date, list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        m = HEADING.match(line)
        if m:
            day = _date(m.group(1), m.group(2), int(m.group(3)))
            if day:
                entries.append((day, []))
                continue
        if entries and line:
            entries[-1][1].append(line)
    return entries


def _line(sentence: str, heading: dt.date) -> StrikeLine | None:
    if sentence.startswith("("):  # an editor's note, not a report
        return None
    if not re.search(r"\bstrikes?\b|\bstruck\b", sentence, re.I):
        return None
    where = None
    for m in _WHERE.finditer(sentence):
        if find_place(m.group(1)) is not None:
            where = m.group(1)
            break
    if where is None:
        return None
    place = find_place(where)
    country = next((c for c in ("Syria", "Iraq") if re.search(rf"\b{c}\b", sentence)), None)
    d = _DAY.search(sentence)
    day = None
    if d:
        day = _date(d.group(1), d.group(2), heading.year)
        if day and day > heading:
            day = _date(d.group(1), d.group(2), heading.year - 1)
    elif re.search(r"\byesterday\b|\blast night\b", sentence, re.I):
        day = heading - dt.timedelta(days=1)
    count = _COUNT.search(sentence)
    strikes = number(count.group(1)) if count else None
    effect = re.search(r",\s*((?:destroying|damaging|hitting|striking)\b.*?)\.?$", sentence)
    effects = None
    if effect:
        effect_text = re.sub(r"\s+(?:with|using)\s+.*$", "", effect.group(1))
        effects = re.sub(r"^destroying", "destroyed", effect_text)
        effects = re.sub(r"^damaging", "damaged", effects)
        effects = re.sub(r"^hitting", "hit", effects)
        effects = re.sub(r"^striking", "struck", effects)
    location = re.sub(r"^(?:near|in)\s+", "", where)
    return StrikeLine(
        country=country or place.country, location=location, place=place.name, strikes=strikes,
        strike_date=day.isoformat() if day else None,
        period_start=day.isoformat() if day else None,
        period_end=day.isoformat() if day else heading.isoformat(),
        effects=effects, targets=parse_targets(effects), line=sentence)


def parse_updates(text: str) -> list[Release]:
    """Every dated entry of the update page, newest first as printed."""
    entries = _entries(text or "")
    if not entries:
        raise ParseFailure("no dated entries ('19 November 2018' headings) on the update page")
    releases = []
    for heading, paras in entries:
        lines = []
        for para in paras:
            for sentence in re.split(r"(?<=[a-z0-9)])\.\s+(?=[A-Z(])", para):
                found = _line(sentence.strip(), heading)
                if found:
                    lines.append(found)
        releases.append(Release(
            publisher="UK MoD", release_number=None, release_date=heading.isoformat(),
            period_start=None, period_end=None, total_strikes=None, total_engagements=None,
            lines=lines))
    return releases
