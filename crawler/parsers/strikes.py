"""Coalition strike releases: text in, one `Release` with its strike lines out.

One pass over the release's paragraphs reads every era (SOURCES.md 1.2):

- 2014 CENTCOM prose ("In Iraq, two airstrikes southwest of Kirkuk destroyed ...",
  numbers spelled out, "yesterday and today"), and the late-2014 bullets;
- 2015-16 daily releases ("On Dec. 9, ...", `*` bullets "Near X, N strikes ...");
- 2017 releases with engagements, `--` bullets and late-reported blocks whose lines carry
  their own dates ("On Aug. 15, near Raqqah, Syria, ...");
- 2018 weekly releases (a paragraph per day, "Yesterday, ...", "There were no reported
  strikes ... on March 13" giving zero rows);
- 2019 aggregated releases (per-country totals over a window, no places).

Dates without a year take the release's year (the year before when that would put them
after the release). Numbers are read as printed (digits, words, "a"/"an"); anything not
printed stays None. A text with no strike figure at all raises `ParseFailure`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from crawler.gazetteer import find_place
from crawler.parsers import ParseFailure

COUNTRIES = ("Syria", "Iraq")
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_NUMBERS = {w: n for n, w in enumerate(_UNITS)}
for _t, _w in enumerate(_TENS):
    if _w:
        WORD_NUMBERS[_w] = _t * 10
        for _u in range(1, 10):
            WORD_NUMBERS[f"{_w}-{_UNITS[_u]}"] = _t * 10 + _u
WORD_NUMBERS.update({"a": 1, "an": 1, "single": 1})

_NUM_WORDS = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
NUM = rf"(?:\d[\d,]*|{_NUM_WORDS})"
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
DAY = rf"{MONTH}\s+\d{{1,2}}(?!\d)"
# "Aug. 25-26", "Aug. 27-Sept. 2", "June 24 and June 26", "Dec. 16-29, 2018",
# "March 24 and April 6, 2019", "Nov. 23, Nov. 25 and Nov. 28"
DATES = (rf"{DAY}(?:\s*(?:-|–|through|to|and|,)\s*(?:and\s+)?(?:{MONTH}\s+)?\d{{1,2}}(?!\d))*"
         rf"(?:,\s*\d{{4}})?")
VERBS = ("engaged", "destroyed", "damaged", "suppressed", "struck", "denied", "hit",
         "neutralized", "targeted")
_VERB = r"\b(?:" + "|".join(VERBS) + r")\b"
# Counts that are printed but are not numbers: the line is kept, its count stays None.
VAGUE = r"(?:several|multiple|numerous|some)"
WEEKDAYS = ["Mon", "Tues", "Wednes", "Thurs", "Fri", "Satur", "Sun"]
STRIKE_WORD = r"(?:air)?strikes?"
AGENT = r"(?:Coalition|coalition|U\.S\. and (?:Coalition|coalition|partner nation))"
LATE_HEADS = re.compile(r"^(?:Additional|Other Recent|Earlier|Previous|Late)\s+Strikes$|"
                        rf"^{DATES}\s+Strikes$", re.I)


@dataclass
class Target:
    verb: str
    count: int | None
    object: str


@dataclass
class StrikeLine:
    country: str | None
    location: str | None
    place: str | None
    strikes: int | None
    engagements: int | None = None
    strike_date: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    effects: str | None = None
    targets: list[Target] = field(default_factory=list)
    late_reported: bool = False
    line: str = ""


@dataclass
class Release:
    publisher: str
    release_number: str | None
    release_date: str
    period_start: str | None
    period_end: str | None
    total_strikes: int | None
    total_engagements: int | None
    lines: list[StrikeLine] = field(default_factory=list)


# -- numbers and dates ---------------------------------------------------------------------


def number(text: str | None) -> int | None:
    """'13', '1,001', 'thirteen', 'twenty-one', 'a' -> int; anything else None."""
    if not text:
        return None
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    return WORD_NUMBERS.get(t)


def _month(token: str) -> int:
    key = token.lower().rstrip(".")
    return MONTHS.get(key[:4] if key.startswith("sept") else key[:3])


def _on_or_before(month: int, day: int, anchor: dt.date, year: int | None = None) -> dt.date | None:
    try:
        if year is not None:
            return dt.date(year, month, day)
        d = dt.date(anchor.year, month, day)
    except ValueError:
        return None
    return d if d <= anchor + dt.timedelta(days=1) else d.replace(year=d.year - 1)


def expand_dates(text: str, anchor: dt.date) -> list[dt.date]:
    """Every day a date phrase names: ranges expanded ('Nov. 2-4' -> three days)."""
    year_m = re.search(r",\s*(\d{4})\s*$", text.strip())
    year = int(year_m.group(1)) if year_m else None
    body = text[: year_m.start()] if year_m else text
    days: list[dt.date] = []
    month = None
    tokens = re.findall(rf"({MONTH})\s+(\d{{1,2}})|(\d{{1,2}})|(-|–|through|to)", body)
    pending_range = False
    for mon, mday, bare, dash in tokens:
        if dash:
            pending_range = True
            continue
        if mon:
            month = _month(mon)
            day = int(mday)
        elif month is None:
            continue
        else:
            day = int(bare)
        d = _on_or_before(month, day, anchor, year)
        if d is None:
            continue
        if pending_range and days:
            start = days[-1]
            while start < d:
                start += dt.timedelta(days=1)
                days.append(start)
        else:
            days.append(d)
        pending_range = False
    return days


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


# -- targets --------------------------------------------------------------------------------

# Phrases whose inner "and" is not a list separator (hyphens used inconsistently in print).
_PROTECT = [(re.compile(r"command[- ]and[- ]control[- ]?", re.I), "command-and-control "),
            (re.compile(r"oil and gas", re.I), "oil-and-gas")]
_GROUP = re.compile(r"\b(?:ISIL|ISIS|Daesh)\b(?!-)\s*")
# 2014: "destroyed 2 staging locations (damaged 1)": a second verb for the same object.
_PAREN = re.compile(r"\((\w+)\s+(\d+)\)")
_KEEP_S = ("headquarters", "ss", "us", "is", "gas", "news", "series")


def singular(phrase: str) -> str:
    words = phrase.split()
    if not words:
        return phrase
    last = words[-1]
    low = last.lower()
    if low.endswith(_KEEP_S) or len(low) < 4:
        pass
    elif low.endswith("ies"):
        last = last[:-3] + "y"
    elif low.endswith(("ches", "shes", "xes", "sses")) and not low.endswith("aches"):
        last = last[:-2]
    elif low.endswith("s"):
        last = last[:-1]
    return " ".join(words[:-1] + [last])


def _items(objects: str) -> list[str]:
    for pattern, repl in _PROTECT:
        objects = pattern.sub(repl, objects)
    parts = re.split(r",\s*(?:and\s+)?|;\s*(?:and\s+)?|\s+and\s+", objects)
    out = []
    for part in parts:
        # a missing comma: "two ISIS vehicles two logistics centers"
        pieces = re.split(rf"(?<=[a-z])\s+(?=(?:\d[\d,]*|{_NUM_WORDS.replace('|a|', '|').replace('|an|', '|')})\s)",
                          part.strip())
        out.extend(p.strip(" .;,") for p in pieces if p.strip(" .;,"))
    return out


def parse_targets(effects: str | None) -> list[Target]:
    """'engaged three ISIL tactical units; destroyed two fighting positions and a vehicle'
    -> (engaged, 3, tactical unit), (destroyed, 2, fighting position), (destroyed, 1, vehicle)."""
    if not effects:
        return []
    text = re.sub(r"\s+", " ", effects)
    for pattern, repl in _PROTECT:
        text = pattern.sub(repl, text)
    text = _PAREN.sub(lambda m: f"{{{m.group(1).lower()}={m.group(2)}}}", re.sub(r"\s+", " ", text))
    spans = [(m.start(), m.end(), m.group(0).lower()) for m in re.finditer(r"(?<!\{)" + _VERB, text, re.I)]
    targets: list[Target] = []
    for i, (start, end, verb) in enumerate(spans):
        chunk = text[end: spans[i + 1][0] if i + 1 < len(spans) else len(text)]
        chunk = re.sub(r"\b(?:and|;)\s*$", "", chunk.strip()).strip(" ,;.")
        chunk = re.sub(r"^(?:separate|several)\s+", "", chunk)
        last_object = None
        for item in _items(chunk):
            paren = re.match(r"^(.*?)\s*\{(\w+)=(\d+)\}$", item)
            extra = None
            if paren:
                item, extra = paren.group(1), (paren.group(2).lower(), int(paren.group(3)))
            m = re.match(rf"^({NUM})\s+(.*)$", item, re.I)
            count, obj = (number(m.group(1)), m.group(2)) if m else (None, item)
            obj = re.sub(r"\bseparate\s+", "", _GROUP.sub("", obj)).strip()
            obj = re.sub(r"^(?:access to|other)\s+", lambda x: x.group(0) if "other" in x.group(0) else "", obj)
            if not obj or obj.lower() in ("targets", "target"):
                obj = obj or (last_object or "")
            if not obj:
                continue
            obj = re.sub(r"\b(isis|isil|daesh)\b", lambda g: "Daesh" if g.group(1) == "daesh" else g.group(1).upper(),
                         singular(obj.lower()))
            targets.append(Target(verb, count, obj))
            last_object = obj
            if extra:
                targets.append(Target(extra[0], extra[1], obj))
    return targets


# -- the release ----------------------------------------------------------------------------


def _blocks(text: str) -> list[str]:
    """Paragraphs, with PDF hard line breaks joined back."""
    text = text.replace("\u2014", "—").replace("\u2013", "–").replace("\u2019", "'").replace("\xa0", " ")
    starts = re.compile(
        rf"^(?:\*|--|-\s|•|\d{{1,3}}[.)]\s|On {MONTH}|Yesterday|There (?:were|was) no|In (?:Syria|Iraq)\b|"
        r"Additionally|Syria$|Iraq$|Strikes in|Strike assessments|SOUTHWEST ASIA|TAMPA|Release|"
        r"FOR IMMEDIATE|Page \d+ of|The following|Operation Roundup)")
    blocks: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if blocks and blocks[-1] != "":
                blocks.append("")
            continue
        joinable = (blocks and blocks[-1] and not starts.match(line) and not LATE_HEADS.match(line)
                    and not blocks[-1].endswith((".", ":")) and not LATE_HEADS.match(blocks[-1])
                    and blocks[-1] not in COUNTRIES and not blocks[-1].startswith("Strikes in"))
        if joinable:
            blocks[-1] += " " + line
        else:
            blocks.append(line)
    return [b for b in blocks if b]


def _sentences(block: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[a-z0-9)])\.\s+(?=[A-Z*-])", block) if s.strip()]


def _release_date(text: str, published: str | None, title: str | None) -> dt.date | None:
    m = re.search(rf"(?:TAMPA, Fla\.|SOUTHWEST ASIA|WASHINGTON),?\s+({DAY}),\s*(\d{{4}})", text)
    if m:
        d = expand_dates(f"{m.group(1)}, {m.group(2)}", dt.date.today())
        if d:
            return d[0]
    if published:
        try:
            return dt.date.fromisoformat(published[:10])
        except ValueError:
            pass
    for source in (text, title or ""):
        for m in re.finditer(r"(20[12]\d)(\d{2})0?(\d{2})[-_]\d{2}", source):
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    m = re.search(rf"({MONTH})\s+(\d{{1,2}}),\s*(\d{{4}})", f"{title or ''} {text[:600]}")
    if m:
        try:
            return dt.date(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
        except (ValueError, TypeError):
            return None
    return None


def _publisher(text: str, url: str | None) -> str:
    host = (url or "").lower()
    if "defense.gov" in host or "From a Combined Joint Task Force" in text or "By DoD News" in text:
        return "DoD News"
    if "centcom.mil" in host or "TAMPA, Fla." in text:
        return "CENTCOM"
    return "CJTF-OIR"


_TOTAL = re.compile(
    rf"(?:conducted|conducting|to conduct)\s+(?:a total of\s+)?({NUM})\s+{STRIKE_WORD}"
    rf"(?:,?\s+consisting of\s+({NUM})\s+engagements?,?)?", re.I)


def _country_in(sentence: str) -> str | None:
    found = [c for c in COUNTRIES if re.search(rf"\b{c}\b", sentence)]
    return found[0] if len(found) == 1 else None


class _Reader:
    def __init__(self, release_date: dt.date):
        self.anchor = release_date
        self.country: str | None = None
        self.day: dt.date | None = None          # the day the current lines are about
        self.period: tuple[dt.date, dt.date] | None = None
        self.late = False
        self.late_period: tuple[dt.date, dt.date] | None = None
        self.lines: list[StrikeLine] = []
        self.country_totals: dict[str, tuple[int | None, int | None]] = {}
        self.total: tuple[int | None, int | None] | None = None
        self.release_period: tuple[dt.date, dt.date] | None = None

    # dates -------------------------------------------------------------------------------
    def _days(self, phrase: str) -> list[dt.date]:
        return expand_dates(phrase, self.anchor)

    def _opening(self, sentence: str) -> None:
        """The sentence that gives the release's window and, often, its total."""
        m = re.search(rf"\b(?:On|Between)\s+({DATES})", sentence)
        if m:
            days = self._days(m.group(1))
            if days:
                self.release_period = (days[0], days[-1])
        elif re.search(r"\byesterday and today\b", sentence, re.I):
            self.release_period = (self.anchor - dt.timedelta(days=1), self.anchor)
        elif m := re.search(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day and today\b", sentence):
            wanted = WEEKDAYS.index(m.group(1))
            back = (self.anchor.weekday() - wanted) % 7 or 7
            self.release_period = (self.anchor - dt.timedelta(days=back), self.anchor)
        elif re.search(r"\byesterday\b", sentence, re.I):
            y = self.anchor - dt.timedelta(days=1)
            self.release_period = (y, y)
        else:
            m = re.search(rf"\bbetween\s+({DATES})", sentence, re.I)
            if m and self._days(m.group(1)):
                days = self._days(m.group(1))
                self.release_period = (days[0], days[-1])
        t = _TOTAL.search(sentence)
        if t and self.total is None:
            country = _country_in(sentence)
            value = (number(t.group(1)), number(t.group(2)))
            if country:
                self.country_totals[country] = value
            else:
                self.total = value
        if self.release_period and self.release_period[0] == self.release_period[1]:
            self.day = self.release_period[0]

    # lines ---------------------------------------------------------------------------------
    def add(self, *, location, strikes, engagements=None, effects=None, country=None,
            day=None, line="", late=None) -> None:
        location = re.sub(r"\s+,", ",", location).strip(" ,") if location else None
        place = find_place(location)
        country = country or self.country or (place.country if place else None)
        late = self.late if late is None else late
        if day is not None:
            start = end = day
        elif late and self.late_period:
            start, end = self.late_period
        elif not late and self.day is not None:
            start = end = self.day
        elif not late and self.release_period:
            start, end = self.release_period
        else:
            start = end = None
        effects = effects.strip(" .;,") if effects else None
        self.lines.append(StrikeLine(
            country=country, location=location, place=place.name if place else None,
            strikes=strikes, engagements=engagements,
            strike_date=_iso(start) if start == end else None,
            period_start=_iso(start), period_end=_iso(end), effects=effects or None,
            targets=parse_targets(effects), late_reported=late, line=line))

    def no_strikes(self, sentence: str) -> None:
        country = _country_in(sentence)
        m = re.search(rf"\b(?:on|between|during)?\s*({DATES})\s*\.?$", sentence)
        days = self._days(m.group(1)) if m else []
        if not days and re.search(r"during this period|this period", sentence):
            self.add(location=None, strikes=0, country=country, line=sentence)
            return
        for d in days:
            self.add(location=None, strikes=0, country=country, day=d, line=sentence)

    def bullet(self, text: str) -> bool:
        """'Near X, N strikes ...' / 'On Aug. 15, near X, Syria, N strikes ...'."""
        m = re.match(
            rf"^(?:On\s+(?P<date>{DATES}),\s*)?(?P<loc>(?:[Nn]ear|[Ii]n the vicinity of)\s+[^,]+?|[^,]*?\b(?:of|near)\s+[^,]+?)\s*,"
            rf"(?:\s*(?P<country>Syria|Iraq)\s*,)?\s*(?P<n>{NUM}|{VAGUE})\s+{STRIKE_WORD}\b"
            rf"(?:\s+consisting of\s+(?P<e>{NUM})\s+engagements?)?\s*(?P<eff>.*)$", text)
        if not m:
            return False
        day = None
        if m.group("date"):
            days = self._days(m.group("date"))
            day = days[0] if len(days) == 1 else None
        loc = re.sub(r"^(?:[Nn]ear|[Ii]n the vicinity of)\s+", "", m.group("loc")).strip()
        self.add(location=loc, strikes=number(m.group("n")), engagements=number(m.group("e")),
                 effects=m.group("eff"), country=m.group("country"), day=day, line=text)
        return True

    def day_paragraph(self, block: str) -> bool:
        """2018: 'On March 14, coalition military forces conducted a strike consisting of four
        engagements against ISIS targets near Shadaddi. The strike destroyed ...'."""
        m = re.match(
            rf"^(?:On\s+(?P<date>{DATES})|(?P<y>Yesterday)),\s*(?:{AGENT}\s+)?military forces conducted\s+"
            rf"(?P<n>{NUM}|{VAGUE})\s+{STRIKE_WORD}(?:,?\s+consisting of\s+(?P<e>{NUM})\s+engagements?,?)?"
            rf".*?\bnear\s+(?P<loc>[^.]+?)\.(?:\s+The (?:air)?strikes?\s+(?P<eff>.*))?$", block)
        if not m:
            return False
        if m.group("y"):
            day = self.anchor - dt.timedelta(days=1)
        else:
            days = self._days(m.group("date"))
            day = days[0] if len(days) == 1 else None
        self.add(location=m.group("loc"), strikes=number(m.group("n")),
                 engagements=number(m.group("e")), effects=m.group("eff"), day=day, line=block)
        return True

    def prose_2014(self, block: str) -> bool:
        """'In Syria, two airstrikes near Kobani destroyed ... One airstrike northwest of X ...'."""
        m = re.match(r"^In (Syria|Iraq),\s+(.*)$", block)
        if not m or not re.search(rf"^{NUM}\s+airstrikes?\b", m.group(2), re.I):
            return False
        country = m.group(1)
        for sentence in _sentences(m.group(2)):
            s = re.match(rf"^({NUM})\s+airstrikes?\s+(.+?)\s+({_VERB}.*)$", sentence, re.I)
            if not s:
                continue
            loc = re.sub(r"^near\s+", "", s.group(2).strip(), flags=re.I)
            self.add(location=loc, strikes=number(s.group(1)), effects=s.group(3).rstrip("."),
                     country=country, line=sentence)
        return True

    def read(self, blocks: list[str]) -> None:
        opened = False
        for block in blocks:
            head = block.rstrip(":").strip()
            if head in COUNTRIES:
                self.country = head
                continue
            hm = re.match(r"^Strikes in (Syria|Iraq)$", head)
            if hm:
                self.country = hm.group(1)
                continue
            if LATE_HEADS.match(head):
                self.late = True
                continue
            body = re.sub(r"^(?:(?:\*|--|-|•)\s*|\d{1,3}[.)]\s+)", "", block)  # a bullet or a list number
            if re.match(r"^(?:SOUTHWEST ASIA|TAMPA, Fla\.|WASHINGTON)", body) and not opened:
                opened = True
                lead = re.sub(r"^[^—–-]*?\d{4}\s*[—–-]+\s*|^SOUTHWEST ASIA\s*[—–-]+\s*", "", body)
                first, *rest = _sentences(lead) or [lead]
                self._opening(first)
                for sentence in rest:
                    self._country_sentence(sentence)
                continue
            if re.match(r"^Additionally,", body) and re.search(r"closed within|were conducted", body):
                self.late = True
                m = re.search(rf"\bon\s+({DATES})", body)
                days = self._days(m.group(1)) if m else []
                self.late_period = (days[0], days[-1]) if days else None
                country = _country_in(body.split(" on ")[0])
                self.country = country or self.country
                continue
            if re.match(r"^There (?:were|was) no", body):
                self.no_strikes(body.rstrip("."))
                continue
            if self.bullet(body.rstrip(".")) or self.day_paragraph(body):
                continue
            if self.prose_2014(body):
                continue
            for sentence in _sentences(body):
                self._country_sentence(sentence)

    def _country_sentence(self, sentence: str) -> None:
        """'In Syria, Coalition military forces conducted N strikes ...' (a country total)."""
        t = _TOTAL.search(sentence)
        country = _country_in(sentence)
        if t and country:
            self.country = country
            self.country_totals[country] = (number(t.group(1)), number(t.group(2)))


def parse_release(text: str, *, url: str | None = None, published: str | None = None,
                  title: str | None = None) -> Release:
    """Read one strike release (HTML article text or PDF text)."""
    if not text or not text.strip():
        raise ParseFailure("the release has no text")
    release_date = _release_date(text, published, title)
    if release_date is None:
        raise ParseFailure("no release date in the dateline, metadata, release number or title")
    reader = _Reader(release_date)
    reader.read(_blocks(text))
    lines = reader.lines
    if not any(ln.location for ln in lines):
        # Aggregated releases: one row per country total, over the release window.
        for country, (strikes, engagements) in reader.country_totals.items():
            start, end = reader.release_period or (None, None)
            lines.append(StrikeLine(country=country, location=None, place=None, strikes=strikes,
                                    engagements=engagements, period_start=_iso(start),
                                    period_end=_iso(end),
                                    strike_date=_iso(start) if start and start == end else None,
                                    line=f"{country} total"))
    if reader.total is None and not lines:
        raise ParseFailure("no strike figures and no 'no strikes' statement in the text")
    m = re.search(r"Release\s*(?:No\.?|#)\s*:?\s*(\d{8,9}(?:[-_]\d{1,2})?)\b", text)
    number_ = m.group(1).replace("_", "-") if m else None
    total = reader.total or (None, None)
    if reader.total is None and reader.country_totals and all(c in reader.country_totals or any(
            ln.country == c and ln.strikes == 0 for ln in lines) for c in COUNTRIES):
        strikes = [v[0] for v in reader.country_totals.values()]
        engagements = [v[1] for v in reader.country_totals.values()]
        if None not in strikes:
            total = (sum(strikes), None if None in engagements else sum(engagements))
    start, end = reader.release_period or (None, None)
    return Release(
        publisher=_publisher(text, url), release_number=number_,
        release_date=release_date.isoformat(), period_start=_iso(start), period_end=_iso(end),
        total_strikes=total[0], total_engagements=total[1], lines=lines)
