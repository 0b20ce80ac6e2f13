"""The coalition's own position on an incident, as a page prints it.

A statement is one or more adjacent sentences in which the coalition (its spokesman, a
news release, the US envoy to it) gives its account of particular strikes: how many it
conducted ("acknowledged that it conducted 19 strikes in the area"), and what it says of
civilians ("assessed them to be free of civilian presence", no "civilian casualties are
associated" with them, "killed 2 civilians"). General lines ("avoiding civilian
casualties is our highest priority") are no account of an incident and give nothing.

The date and place are the sentence's own or, as in "the coalition acknowledged that it
conducted 19 strikes in the area", borrowed from the sentences just before it. Nothing is
guessed: a statement with no date or place in reach keeps them empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from crawler.places import gazetteer

COALITION = "CJTF-OIR"

# Who speaks for the coalition, and the words that show it speaking.
_SPEAKERS = [
    ("US envoy to the coalition", re.compile(r"\b(?:special )?envoy to the (?:US-led |U\.S\.-led )?coalition\b|\bMcGurk\b", re.I)),
    ("coalition spokesman", re.compile(r"\b(?:coalition )?spokes(?:man|person|woman)\b|\bCol(?:onel|\.)? (?:Sean )?Ryan\b", re.I)),
    ("coalition", re.compile(r"\b(?:the|US-led|U\.S\.-led) coalition\b|\bCJTF-OIR\b|\bOperation Inherent Resolve\b", re.I)),
]
_SAYS = re.compile(r"\b(?:said|says|stated|statement|acknowledged|admitted|confirmed|denied|tweeted|"
                   r"told|added|assessed|validated|maintains)\b", re.I)
# What the coalition says of civilians in those strikes.
_DENIALS = re.compile(r"free of civilian presence|no civilians?\b[^.]{0,40}\b(?:in the area|present|harmed|killed)"
                      r"|no [\"“]?civilian casualties|civilian casualties are associated|denied the reports"
                      r"|explicitly denied|validated these targets", re.I)
_KILLED = re.compile(r"\bkilled (\d+) civilians?\b|\b(\d+) civilians? (?:were |was )?(?:killed|died)\b", re.I)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_STRIKES = re.compile(r"\b(?:conducted|confirmed|carried out|acknowledged)\s+(?:that it conducted\s+)?"
                      r"(\d+|" + "|".join(_WORDS) + r")\s+(?:(?:air|coalition|uncoordinated)\s+)?strikes\b", re.I)
_OTHER_FORCE = re.compile(r"another force|other forces|not coalition", re.I)

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_MDY = re.compile(rf"\b({_MON})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}}))?", re.I)
_DATE_DMY = re.compile(rf"\b(\d{{1,2}}) ({_MON})\.?(?:,? (\d{{4}}))?\b", re.I)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_SAME_DAY = re.compile(r"\b(?:that same day|the same day|that day)\b", re.I)
_BREAK = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z])")
_ABBREV = re.compile(r"\b(?:Col|Gen|Maj|Lt|Mr|Ms|Dr|U\.S|U\.N|Nov|Oct|Sept|Sep|Dec|Jan|Feb|Aug)\.$")


@dataclass(frozen=True)
class Statement:
    claimant: str  # the coalition (CJTF-OIR): whose account this is
    speaker: str  # who spoke for it, as the page says ("coalition spokesman", ...)
    event_date: str | None
    location: str | None
    place: str | None
    country: str | None
    strikes: int | None
    civilians_killed: int | None
    denies_harm: bool
    position: str  # "denies civilian harm", "acknowledges N civilians killed", "strike count"
    quote: str
    publisher: str | None = None
    language: str = "en"


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for para in re.split(r"\n+", text):
        buf = ""
        for piece in _BREAK.split(para.strip()):
            buf = f"{buf} {piece}".strip() if buf else piece
            if _ABBREV.search(buf):
                continue
            out.append(buf)
            buf = ""
        if buf:
            out.append(buf)
    return [s for s in out if s]


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _WORDS[text.lower()]


def _day_in(sentence: str, published: date | None) -> date | None:
    """The day a sentence names: "on November 17", "17 November 2018", "Saturday" (the
    last such day up to the page's date). A day with no year takes the page's year."""
    for rx, order in ((_DATE_MDY, "md"), (_DATE_DMY, "dm")):
        m = rx.search(sentence)
        if not m:
            continue
        month_word, day_text = (m.group(1), m.group(2)) if order == "md" else (m.group(2), m.group(1))
        year = int(m.group(3)) if m.group(3) else (published.year if published else None)
        if year is None:
            return None
        try:
            found = date(year, _MONTHS[month_word.lower().rstrip(".")], int(day_text))
        except ValueError:
            continue
        if not m.group(3) and published and found > published:
            found = found.replace(year=year - 1)  # "Dec. 30" read in January
        return found
    m = _WEEKDAY.search(sentence)
    if m and published:
        back = (published.weekday() - _WEEKDAYS.index(m.group(1).lower())) % 7
        return published - timedelta(days=back)
    return None


def _place_in(sentence: str) -> tuple[str, gazetteer.Place] | None:
    """The most specific place a sentence names: a province ("Deir el-Zour province")
    yields to a town named beside it."""
    words = re.findall(r"[\w'\u2019-]+", sentence)
    best = None
    for size in range(min(len(words), 4), 0, -1):
        for start in range(len(words)):
            phrase = " ".join(words[start:start + size])
            place = gazetteer.lookup(phrase)
            if place is None:
                continue
            after = " ".join(words[start + size:start + size + 1]).lower()
            if after in ("province", "governorate", "countryside"):
                best = best or (phrase, place)
                continue
            return phrase, place
    return best


def _speaker(sentence: str) -> str | None:
    for name, rx in _SPEAKERS:
        if rx.search(sentence):
            return name
    return None


def parse_statements(text: str, *, published: str | None = None, publisher: str | None = None) -> list[Statement]:
    """The coalition's accounts of incidents in a page's text, in reading order."""
    try:
        page_day = date.fromisoformat(published[:10]) if published else None
    except ValueError:
        page_day = None
    found: list[Statement] = []
    day: date | None = None
    where: tuple[str, gazetteer.Place] | None = None
    last_index = -2
    for index, sentence in enumerate(sentences(text)):
        own_day = None if _SAME_DAY.search(sentence) else _day_in(sentence, page_day)
        own_place = _place_in(sentence)
        speaker = _speaker(sentence)
        strikes = _STRIKES.search(sentence)
        killed = _KILLED.search(sentence)
        denies = bool(_DENIALS.search(sentence))
        speaks = speaker is not None and _SAYS.search(sentence) is not None
        other_force = bool(_OTHER_FORCE.search(sentence))
        if speaker is not None and speaks and (denies or (strikes and not other_force) or killed):
            when = own_day or day
            place = own_place or where
            count = _number(strikes.group(1)) if strikes and not other_force else None
            dead = int(killed.group(1) or killed.group(2)) if killed and not denies else None
            position = ("denies civilian harm" if denies else
                        f"acknowledges {dead} civilians killed" if dead is not None else "strike count")
            statement = Statement(
                claimant=COALITION, speaker=speaker, event_date=when.isoformat() if when else None,
                location=place[0] if place else None, place=place[1].name if place else None,
                country=place[1].country if place else None, strikes=count, civilians_killed=dead,
                denies_harm=denies, position=position, quote=sentence, publisher=publisher)
            if found and last_index == index - 1 and found[-1].speaker == speaker:
                # One statement told over two sentences: one account, one quote.
                prev = found[-1]
                found[-1] = replace(
                    prev, quote=f"{prev.quote} {sentence}", strikes=prev.strikes if prev.strikes is not None else count,
                    civilians_killed=prev.civilians_killed if prev.civilians_killed is not None else dead,
                    denies_harm=prev.denies_harm or denies,
                    position="denies civilian harm" if (prev.denies_harm or denies) else prev.position,
                    event_date=prev.event_date or statement.event_date, location=prev.location or statement.location,
                    place=prev.place or statement.place, country=prev.country or statement.country)
            else:
                found.append(statement)
            last_index = index
        if own_day is not None:
            day = own_day
        if own_place is not None:
            where = own_place
    return found
