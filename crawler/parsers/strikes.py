"""Coalition strike releases: text in, one `Release` with its strike lines out.

One pass over the release's paragraphs reads every era (docs/sources.md, "What the strike-release parser reads"):

- 2014 CENTCOM prose ("In Iraq, two airstrikes southwest of Kirkuk destroyed ...",
  numbers spelled out, "yesterday and today"), and the late-2014 bullets;
- 2015-16 daily releases ("On Dec. 9, ...", `*` bullets "Near X, N strikes ...");
- 2017 releases with engagements, `--` bullets and late-reported blocks whose lines carry
  their own dates ("On Aug. 15, near Raqqah, Syria, ...");
- 2018 weekly releases (a paragraph per day, "Yesterday, ...", "There were no reported
  strikes ... on March 13" giving zero rows);
- 2019 aggregated releases (per-country totals over a window, no places).

Dates without a year take the release's year (the year before when that would put them
after the release). The release date is the dateline's, else the one handed in, else the
release number's, else the date the document prints at its top ("November 22, 2015",
"Published: 17th February 2015"); in that last case the notes say the year was inferred from it. Numbers are read as printed (digits, words, "a"/"an"); anything not
printed stays None. A text with no strike figure at all raises `ParseFailure`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from crawler.places.gazetteer import find_place
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
    date_printed: str | None = None   # the day as printed ("Feb. 1", "yesterday"), if any


@dataclass
class Release:
    publisher: str
    release_number: str | None
    release_date: str | None
    period_start: str | None
    period_end: str | None
    total_strikes: int | None
    total_engagements: int | None
    lines: list[StrikeLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # why a field was left empty


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
    month = MONTHS.get(key[:4] if key.startswith("sept") else key[:3])
    if month is None:  # the month patterns only hand over month names
        raise ValueError(f"not a month: {token!r}")
    return month


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
    out: list[str] = []
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
    for i, (_start, end, verb) in enumerate(spans):
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
#
# A release is read sentence by sentence. Every sentence is asked the same questions,
# whatever the era's wording: does it count strikes ("two strikes", "a June 24 strike",
# "A fifth airstrike")? does it name a place ("near X", "northwest of X", "X, a strike")?
# a day ("On Aug. 20", "Yesterday", "a June 24 strike")? a country ("in Syria", ", Syria,")?
# A count with a place is a strike line; a count without one is a total (of the release
# when it comes before the first heading or line, else of a country or of a day, whose
# date then holds for the lines under it); "there were no ... strikes" gives zero lines.

_MARKER = re.compile(r"^(?:(?:[-–—*•·▪]+|\d{1,3}[.)](?=\s))\s*)+")
_HEADING = re.compile(r"^(?:Strikes?\s+in\s+(?P<country>Syria|Iraq)|(?P<bare>Syria|Iraq))\s*:?$")
_DATE_HEAD = re.compile(rf"^(?P<dates>{DATES})\s+Strikes$")
# A count of strikes: the number, then words that qualify the strikes (an ordinal, a date,
# "partner nation", "additional"), then the noun.
_ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)"
_QUALIFIER = (rf"(?:{_ORDINAL}|additional|separate|more|other|recent|further|partner[- ]nations?|"
              rf"U\.S\.|coalition|{DATES})")
_PLACE_INTRO_TEXT = r"(?:[Nn]ear|[Ii]n the vicinity of|[Aa]round|(?:(?:north|south|east|west)(?:east|west)?|central)\s+of)\s"
# A count is a number as printed, not the digits of a release number ("20180216 Strike
# Release", "Release 20191113-01 Strike Release").
_COUNT = rf"(?<![\w#,.-])(?:\d{{1,3}}(?:,\d{{3}})*(?![\d,])|{_NUM_WORDS})"
# "Five of the Iraq strikes hit around Ramadi": a share of the strikes a text has counted.
# "three of the U.S.-led strikes", "two of the coalition strikes": the share's noun may be qualified
_SHARE = r"(?:of\s+the\s+(?:(?:Iraq|Syria)n?\s+|(?:U\.S\.|US)-led\s+|coalition\s+)?)"
_STRIKES = re.compile(
    rf"(?P<n>{_COUNT}|\b{VAGUE}|\banother)\s+{_SHARE}?(?P<qual>(?:{_QUALIFIER}\s+){{0,3}})(?:air\s?)?strikes?\b"
    rf"(?!\s+(?:release|summar))", re.I)
# "16 strikes ... in Iraq and nine in Syria": a country's count whose noun is left out.
_ELIDED_COUNTRY = re.compile(rf"\band\s+(?P<n>{_COUNT})\s+(?=in\s+(?:Syria|Iraq)\b)", re.I)
# "Three other strikes hit near al Hawl and one near Mar'a": a second count whose noun is left out.
_ELIDED = re.compile(rf"\b(?:and|while)\s+(?P<n>{_COUNT})\s+(?:(?:other|more)\s+)?(?={_PLACE_INTRO_TEXT})", re.I)
# '"Near Sultan Abdallah, a strike engaged ...," and "near Tal Afar, a strike destroyed ..."': a
# further place-first statement with its own count inside the same sentence.
_FURTHER = re.compile(rf"\b[Nn]ear\s+(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}})\s*,\s*"
                      rf"(?P<n>{_COUNT})\s+(?:air\s?)?strikes?\b")
_ENGAGEMENTS = re.compile(rf"\b(?:consisting of|with|comprising)\s+(?P<e>{NUM})\s+engagements?\b", re.I)
_DIRECTION = r"(?:north|south|east|west)(?:east|west)?|central"
_PLACE_INTRO = re.compile(
    rf"\b(?:[Nn]ear|[Ii]n the vicinity of|[Aa]round|(?:{_DIRECTION})\s+of)\s+(?:the\s+)?"
    # "near the town of Kobani", "near the Syrian border town of Kobani": the town's name
    r"(?:(?:(?:Syrian|Iraqi|border|small|northern|southern|eastern|western)\s+){0,2}(?:town|city|village)\s+of\s+)?"
    # "south of the oil refinery in Bayji": a site named with its town
    r"(?:(?:oil\s+)?(?:refinery|oil\s?field|dam|airbase|air\s+base)\s+(?:in|at|of|near)\s+)?")
_PLACE_END = re.compile(
    rf"\s*(?:[,.;:(]|$)|\s+(?:in\s+(?:Syria|Iraq)\b|where\b|and\b|on\b|against\b|using\b|with\b|"
    rf"that\b|to\b|coalition\b|Coalition\b|consisting\b|{_VERB}|(?:{NUM})\s+(?:air\s?)?strikes?\b)")
# "Huwayjah, a strike engaged ...": a name, a comma, and at once the count.
_LEADING_PLACE = re.compile(
    rf"^(?P<place>[A-Z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){{0,3}}?)\s*,\s*(?:(?:Syria|Iraq)\s*,\s*)?"
    rf"(?=(?:{NUM}|{VAGUE})\s+(?:{_QUALIFIER}\s+)*(?:air\s?)?strikes?\b)")
_PARTICLES = {"al", "ar", "as", "ash", "at", "ad", "az", "an", "el", "of", "bin", "abu"}
_NOT_PLACES = {"yesterday", "today", "additionally", "separately", "meanwhile", "also", "overall",
               "altogether", "however", "then", "in addition", "in total", "in all"}
_OWN_DATE = re.compile(rf"^(?:On|Between)\s+(?P<dates>{DATES})|^(?P<y>Yesterday)\b|^(?P<t>Today)\b")
_ANY_DATE = re.compile(rf"(?P<dates>{DATES})|\b(?P<y>yesterday)\b(?!['’])")
_LATE_WORDS = re.compile(r"closed within|not yet available|unavailable|other recent|earlier strikes|"
                         r"previous(?:ly)?|late[- ]reported|also (?:provided|reported)|"
                         r"were conducted .*? that closed", re.I)
# Counts that are not this release's: a month's, a campaign's, a comparison's.
_NOT_TOTAL = re.compile(r"\bpercent\b|\bTo date\b|^During\b|\bsince (?:the|August|Aug\.|Sept)|"
                        r"\btotal number\b|\bcumulative\b|\bmonth of\b|"
                        # 2019 summaries count strikes "detected from other actors": not the coalition's
                        r"\bother actors\b", re.I)
_DATELINE = re.compile(r"^(?:SOUTHWEST ASIA|TAMPA, Fla\.|WASHINGTON)\b[^—–-]*?(?:\d{4}\s*)?[—–-]+\s*")
_DATELINE_ANYWHERE = re.compile(_DATELINE.pattern.lstrip("^"))
_STAMP = re.compile(rf"(?:\||\b(?:Posted|Published|Updated|Date)\b\s*:?)\s*(?:{DATES}|\d{{4}}-\d{{2}}-\d{{2}})")
# "Operation Roundup, which began May 1": the start of a campaign, not the release's days.
_STARTED = re.compile(r"\b(?:began|begun|since|start(?:ed)?)\b", re.I)
# An opening that says what was done, not a title ("July 22: Military airstrikes continue").
_ATTACKED = re.compile(r"\b(?:continued|conducted|conducting|attacked|struck|carried out|"
                       r"to (?:conduct|attack|strike))\b", re.I)
# "The airstrikes on Friday included targets near ...": a story's opening naming the strikes' day
_STRIKES_ON_DAY = re.compile(r"\b(?:air\s?)?strikes?\s+(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", re.I)
_NO_STRIKES = re.compile(r"^(?:There (?:were|was) no|No (?:air\s?)?strikes? (?:were|was))\b", re.I)
_ORG_NAMES = re.compile(r"Islamic State of Iraq and (?:Syria|the Levant|al-Sham)|Iraq[- ]Syria border|"
                        r"Syria[- ]Iraq border", re.I)
_GERUNDS = {"engaging": "engaged", "destroying": "destroyed", "damaging": "damaged",
            "suppressing": "suppressed", "striking": "struck", "hitting": "hit", "denying": "denied",
            "neutralizing": "neutralized", "targeting": "targeted"}
_EFFECT_START = re.compile(rf"{_VERB}|\b(?:{'|'.join(_GERUNDS)})\b", re.I)


# "Most of the Syrian strikes, six, hit ...": a count set off after its noun is that share
# ("six of the Syrian strikes hit ...").
_APPOSED_COUNT = re.compile(rf"\b(?:Most|All|Some|Many)\s+of\s+the\s+((?:Iraq|Syria)n?\s+)?((?:air\s?)?strikes?),"
                            rf"\s+({_COUNT}),\s+", re.I)


# "Of the 10 air strikes in Syria, nine hit ...": the share set before its count ("nine of the
# Syria strikes hit ..."); "The other Syria strike hit ...": the one left of a country's count.
_SHARE_FIRST = re.compile(rf"\b[Oo]f the\s+{_COUNT}\s+((?:air\s?)?strikes?)\s+in\s+(Syria|Iraq),\s+({_COUNT})\s+"
                          rf"(?=(?:hit|struck|targeted|were|was)\b)")
_OTHER_ONE = re.compile(r"\b([Tt])he other\s+(?:(Syria|Iraq)n?\s+)?((?:air\s?)?strike)\b(?!s)")


def _normalise(text: str) -> str:
    text = (text.replace("\u2014", "—").replace("\u2013", "–").replace("\u2019", "'")
            .replace("\u2018", "'").replace("\xa0", " ").replace("\u201c", '"').replace("\u201d", '"'))
    text = _SHARE_FIRST.sub(lambda m: f"{m.group(3)} of the {m.group(2)} {m.group(1)} ", text)
    text = _OTHER_ONE.sub(lambda m: f"{'A' if m.group(1) == 'T' else 'a'}nother {m.group(3)}"
                                    f"{' in ' + m.group(2) if m.group(2) else ''}", text)
    return _APPOSED_COUNT.sub(lambda m: f"{m.group(3)[:1].upper() if m.group(0)[0].isupper() else m.group(3)[:1]}"
                                        f"{m.group(3)[1:]} of the {m.group(1) or ''}{m.group(2)} ", text)


def _unmarked(line: str) -> tuple[str, bool]:
    """A line without its list markers ('- -- Near', '* Near', '• Near', '3. Near')."""
    stripped = _MARKER.sub("", line.strip())
    return stripped, stripped != line.strip()


def _is_heading(line: str) -> bool:
    head = line.rstrip(":").strip()
    return bool(_HEADING.match(head) or LATE_HEADS.match(head) or _DATE_HEAD.match(head))


_FURNITURE = re.compile(r"^[A-Z][\w ]{0,24}:\s|.*\s\|\s")


def _blocks(text: str) -> list[tuple[str, bool]]:
    """Paragraphs (text, was a list item). PDF text breaks lines inside a paragraph: a line
    joins the one before when that one did not end its sentence and neither is a heading."""
    starts = re.compile(
        rf"^(?:On {MONTH}|Yesterday|There (?:were|was) no|In (?:Syria|Iraq)\b|Near\b|"
        r"Additionally|Strikes? in|Strike assessments|SOUTHWEST ASIA|TAMPA|WASHINGTON|Release|"
        r"FOR IMMEDIATE|Page \d+ of|The following|Operation Roundup|Press Release)")
    blocks: list[list] = []
    gap = True
    last = ""  # the previous line as printed
    for raw in _normalise(text).splitlines():
        line, marked = _unmarked(raw)
        if not line:
            gap = True
            continue
        prev = blocks[-1][0] if blocks else ""
        # A wrapped line follows a full one; a short line, a "Label: value" line or a
        # "By ... | date" stamp is a page's furniture (a copy's metadata), never wrapped prose.
        joinable = (blocks and not gap and not marked and not starts.match(line)
                    and not _is_heading(line) and not _is_heading(prev)
                    and not prev.endswith((".", ":", '"')) and prev not in COUNTRIES
                    and len(last) >= 40 and not _FURNITURE.match(last) and not _FURNITURE.match(line))
        if joinable:
            blocks[-1][0] += " " + line
        else:
            blocks.append([line, marked])
        gap = False
        last = line
    return [(b, m) for b, m in blocks if b]


def _sentences(block: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[a-z0-9)'\"])\.\s+(?=[A-Z\"'*-])", block) if s.strip()]


_DATED = re.compile(rf"(?:TAMPA, Fla\.|SOUTHWEST ASIA|WASHINGTON),?\s+({DAY}),\s*(\d{{4}})")


def _release_date(text: str, published: str | None, title: str | None) -> dt.date | None:
    m = _DATED.search(text)
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
    printed = _printed_date(text, title)
    return printed[0] if printed else None


def _printed_date(text: str, title: str | None) -> tuple[dt.date, str] | None:
    """A date with its year printed at the top of the text or in its title ("November 22, 2015
    / 1:41 PM", "Published: Tuesday 17th February 2015"): the document's own date, as
    (date, as printed)."""
    top = f"{title or ''} {text[:600]}"
    us = re.search(rf"({MONTH})\s+(\d{{1,2}}),\s*(\d{{4}})", top)
    uk = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})\s+(\d{{4}})", top)
    for m, (y, mo, d) in sorted(((m, g) for m, g in ((us, (3, 1, 2)), (uk, (3, 2, 1))) if m),
                                key=lambda pair: pair[0].start()):
        try:
            return dt.date(int(m.group(y)), _month(m.group(mo)), int(m.group(d))), m.group(0)
        except (ValueError, TypeError):
            continue
    return None


def _publisher(text: str, url: str | None) -> str:
    host = (url or "").lower()
    if "defense.gov" in host or "From a Combined Joint Task Force" in text or "By DoD News" in text:
        return "DoD News"
    if "centcom.mil" in host or "TAMPA, Fla." in text:
        return "CENTCOM"
    return "CJTF-OIR"


def _countries_named(sentence: str) -> list[str]:
    """The countries a sentence names, not counting names of organisations and borders."""
    cleaned = _ORG_NAMES.sub(" ", sentence)
    return [c for c in COUNTRIES if re.search(rf"\b{c}\b", cleaned)]


def _country_in(sentence: str) -> str | None:
    found = _countries_named(sentence)
    return found[0] if len(found) == 1 else None


def _per_country_totals(sentence: str) -> list[tuple[str, int | None, int | None]]:
    """'575 strikes consisting of 1,147 engagements in Syria and ... 13 strikes consisting of
    19 engagements in Iraq': each count with the one country named after it and before the
    next count ('16 strikes ... in Iraq and nine in Syria': the second count's noun left out).
    Empty unless every count of the sentence names exactly one country, and the countries
    differ."""
    counts = sorted(list(_STRIKES.finditer(sentence)) + list(_ELIDED_COUNTRY.finditer(sentence)),
                    key=lambda m: m.start())
    if len(counts) < 2:
        return []
    out = []
    for i, m in enumerate(counts):
        end = counts[i + 1].start() if i + 1 < len(counts) else len(sentence)
        named = _countries_named(sentence[m.end():end])
        if len(named) != 1:
            return []
        e = _ENGAGEMENTS.search(sentence, m.start(), end)
        n = m.group("n")
        strikes = None if re.fullmatch(VAGUE, n, re.I) else (1 if n.lower() == "another" else number(n))
        out.append((named[0], strikes, number(e.group("e")) if e else None))
    if len({c for c, _, _ in out}) != len(out):
        return []
    return out


# A weekday that says when something was said or issued, not when strikes were made: "the
# release stated on Friday", "according to a Friday coalition news release".
_SAID_ON = re.compile(r"\b(?:said|stated|released|reported|announced|published|issued|told)\s+(?:\w+\s+)?(?:on\s+)?$",
                      re.I)
_A_RELEASE = re.compile(r"\s+(?:[\w-]+\s+){0,2}(?:release|statement|report|briefing|announcement)\b", re.I)
# A sentence that sums the release up wherever it stands ("In total, 22 airstrikes ... were
# coordinated against ISIS"): its count is the release's total.
_IN_TOTAL = re.compile(r"^(?:In total|In all|Altogether|Overall)\b,?", re.I)
# A window printed in a total's own sentence: "Between January 13th and 26th", "from March 10-23".
_OWN_WINDOW = re.compile(rf"\bbetween\b.+?\band\b|\bfrom\s+(?:{DATES})\s*(?:-|to|through)|(?:{DATES})\s*-\s*\d", re.I)


def _place_after(sentence: str, start: int = 0) -> tuple[str | None, int]:
    """The first place phrase ('near X', 'southwest of X') at or after `start`: (name, end)."""
    for intro in _PLACE_INTRO.finditer(sentence, start):
        rest = sentence[intro.end():]
        end = _PLACE_END.search(rest)
        name = rest[: end.start()].strip() if end else rest.strip()
        # "near al Hasaka", "near el-Hawl": an article in lower case before the name
        named = name and (name[0].isupper() or re.match(r"(?:al|el|ar|as|ash|at|ad|an|az)[-\s][A-Z]", name))
        if named and len(name.split()) <= 5:
            return name, intro.end() + len(name)
    return None, -1


# "near Ar Raqqa and Mar'a", "near Bayji, Fallujah, Haditha, Mosul, Ramadi and Sinjar": further
# names listed after a place, the list closed by "and".
# The list ends at punctuation or at the first lower-case word ("... and Tal Afar engaged
# ..."); an article inside a name ("Deir ez-Zor") does not end it.
_LISTED = re.compile(r"(?:\s*,\s*(?P<and1>and\s+)?|\s+(?P<and2>and)\s+)(?P<name>(?:(?:al|el|ar|as|ash|at|ad|an|az)[-\s])?"
                     r"[A-Z][\w'’-]*(?:\s+(?:(?:al|el|ar|as|ash|at|ad|an|az|ez|es|bin|abu)[-\s])?[A-Z][\w'’-]*){0,2})"
                     r"(?=\s*(?:[,.;:(]|$)|\s+(?:[a-z]|,))")
# A strike phrase right before a place ("there were also air strikes near X", "struck targets
# near X"): a statement of strikes there even when no count is printed; "the strikes near X"
# speaks of strikes already counted.
_UNCOUNTED = re.compile(rf"(?<!\bthe )(?<!\bThe )(?<!\bthese )(?<!\bThese )"
                        rf"\b(?:(?:air\s?)?strikes?|struck|hit)\b(?:\s+[\w-]+){{0,2}}?\s+(?={_PLACE_INTRO_TEXT})")
# "The six air strikes in northern Iraq ... targeted al-Asad, Kirkuk, Mosul and Sinjar": the
# places a count of strikes targeted, when the gazetteer knows every one of them.
_TARGETED = re.compile(r"\btargeted\s+(?P<name>(?:(?:al|el|ar|as|ash|at|ad|an|az)[-\s])?[A-Z][\w'’-]*"
                       r"(?:\s+[A-Z][\w'’-]*){0,2})")


def _listed_after(sentence: str, end: int) -> list[str]:
    """The names a list continues with after the place ending at `end`; none unless the list is
    closed by "and" (a country after a comma, "Shadaddi, Syria", ends it)."""
    names, closed, pos = [], 0, end
    while True:
        m = _LISTED.match(sentence, pos)
        if not m or m.group("name") in COUNTRIES or m.group("name").split()[0] in ("The", "A", "An"):
            break
        names.append(m.group("name"))
        pos = m.end()
        if m.group("and1") or m.group("and2"):
            closed = len(names)
    return names[:closed]


def _could_be_place(name: str) -> bool:
    """A sentence's opening words before a comma name a place unless they are an adverb
    ("Additionally", "Yesterday") or a country phrase ("In Syria")."""
    low = name.lower()
    if low in _NOT_PLACES or low.endswith("ly") or name in COUNTRIES:
        return False
    if re.match(r"^(?:in|on|at|during|between|since)\b", low):
        return False
    if find_place(name) is not None:
        return True
    # an unknown name is a name only if every word is capitalised ("Officials said" is not)
    return all(w[0].isupper() or w.lower() in _PARTICLES for w in name.split())


@dataclass
class _Statement:
    sentence: str
    count: re.Match | None
    place: str | None
    own_date: str | None        # a day phrase printed for this statement, "yesterday" included
    country: str | None         # the one country the sentence names


def _statement(sentence: str) -> _Statement:
    count = _STRIKES.search(sentence)
    place = None
    if count:
        lead = _LEADING_PLACE.match(sentence)
        if lead and _could_be_place(lead.group("place")):
            place = lead.group("place")
        else:
            place, _ = _place_after(sentence)
    own = _OWN_DATE.match(sentence)
    own_date = None
    if own:
        own_date = own.group("dates") or ("yesterday" if own.group("y") else "today")
    elif count:
        inline = re.search(DATES, count.group("qual") or "")
        if inline:
            own_date = inline.group(0)
        else:
            near = re.search(rf"\b(?:on|conducted|strikes?)\s+(?P<d>{DATES})", sentence)
            own_date = near.group("d") if near else None
    return _Statement(sentence, count, place, own_date, _country_in(sentence))


def _effects(sentence: str, after: int, following: str | None) -> str | None:
    m = _EFFECT_START.search(sentence, after)
    if m:
        return sentence[m.start():]
    if following and re.match(r"^The (?:air\s?)?strikes?\s", following):
        return re.sub(r"^The (?:air\s?)?strikes?\s+", "", following)
    return None


class _Reader:
    def __init__(self, release_date: dt.date | None, dated_by_text: bool = True):
        self.anchor = release_date
        self.dated_by_text = dated_by_text   # the release prints its own date
        self.country: str | None = None          # from the last heading or "In Syria," paragraph
        self.context: tuple[str | None, list[dt.date]] | None = None  # a day header's date
        self.late = False
        self.late_period: tuple[dt.date, dt.date] | None = None
        self.lines: list[StrikeLine] = []
        self.country_totals: dict[str, tuple[int | None, int | None]] = {}
        # every distinct country total, in print order: a summary quoting several windows
        # gives one per window ("Between Dec. 30 and Jan. 13 ... Between Jan. 13 and 26 ...")
        self.window_totals: list[tuple[str, int | None, int | None]] = []
        self.lead_totals: list[tuple[str | None, int | None, int | None]] = []
        self.release_period: tuple[dt.date, dt.date] | None = None
        # a country's own days, from an opening sentence counting its strikes with a day
        # ("U.S. military forces used attack aircraft Monday to conduct one airstrike ... in Iraq")
        self.country_period: dict[str, tuple[dt.date, dt.date]] = {}
        self.period_from_total = False
        self.in_lead = True
        self.notes: list[str] = []

    # dates -------------------------------------------------------------------------------
    def _days(self, phrase: str | None) -> list[dt.date]:
        if not phrase:
            return []
        if phrase.lower() == "yesterday":
            return [self._yesterday()] if self.anchor else []
        if phrase.lower() == "today":
            return [self.anchor] if self.anchor else []
        if self.anchor is None:
            # no release date: only a phrase that prints its own year can be dated
            return expand_dates(phrase, dt.date(9999, 1, 1)) if re.search(r"\d{4}\s*$", phrase) else []
        return expand_dates(phrase, self.anchor)

    def _yesterday(self) -> dt.date:
        """The day before the release. A date from metadata may be a repost's: when the day
        before it falls after the window the release prints ("Between Aug. 27-Sept. 2"),
        the release's yesterday is that window's last day."""
        if self.anchor is None:  # callers read "yesterday" only against a release date
            raise ValueError("'yesterday' with no release date to count from")
        day = self.anchor - dt.timedelta(days=1)
        window = self.release_period
        if not self.dated_by_text and window and window[0] != window[1] and day > window[1]:
            note = (f"'yesterday' read as {window[1].isoformat()}, the last day of the window the "
                    f"release prints: the date given ({self.anchor.isoformat()}) is later")
            if note not in self.notes:
                self.notes.append(note)
            return window[1]
        return day

    def _period_from(self, sentence: str) -> tuple[dt.date, dt.date] | None:
        """The days a release's opening sentence covers, in any of its wordings."""
        a = self.anchor
        # A dateline's date ("SOUTHWEST ASIA, April 17, 2017 —") and a page's publication
        # stamps ("Posted: 2017-04-17", "By CJTF-OIR PAO | April 17, 2017") say when the
        # release was issued, never the days it covers: what precedes the dateline (a copy's
        # page furniture run into the opening) and the stamps are not read for the period.
        dateline = _DATELINE_ANYWHERE.search(sentence)
        if dateline:
            sentence = sentence[dateline.end():]
        sentence = _STAMP.sub(" ", sentence)
        if a and re.search(r"\byesterday and today\b", sentence, re.I):
            return (a - dt.timedelta(days=1), a)
        wd = next((m for m in re.finditer(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:\s+and\s+(today|"
                                          r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day))?\b", sentence)
                   if not _SAID_ON.search(sentence[:m.start()]) and not _A_RELEASE.match(sentence[m.end():])), None)
        if a and wd:
            back = (a.weekday() - WEEKDAYS.index(wd.group(1))) % 7 or 7
            start = a - dt.timedelta(days=back)
            if wd.group(2) == "today":
                return (start, a)
            if wd.group(2):
                back2 = (a.weekday() - WEEKDAYS.index(wd.group(2)[:-3])) % 7 or 7
                return (start, a - dt.timedelta(days=back2))
            return (start, start)
        m = re.search(rf"\bbetween\s+(?P<d>{DATES})\s+and\s+yesterday\b", sentence, re.I)
        if a and m and self._days(m.group("d")):
            return (self._days(m.group("d"))[0], a - dt.timedelta(days=1))
        m = re.search(r"\bover the (?:last|past) (\w+) days\b", sentence, re.I)
        if a and m and (span := number(m.group(1))):
            return (a - dt.timedelta(days=span), a - dt.timedelta(days=1))
        m = re.search(DATES, sentence)
        if m and self._days(m.group(0)):
            days = self._days(m.group(0))
            return (days[0], days[-1])
        if a and re.search(r"\byesterday\b(?!')", sentence, re.I):
            y = a - dt.timedelta(days=1)
            return (y, y)
        return None

    # lines ---------------------------------------------------------------------------------
    def add(self, *, location, strikes, engagements=None, effects=None, country=None,
            days=None, date_text=None, line="", late=None) -> None:
        location = re.sub(r"\s+,", ",", location).strip(" ,") if location else None
        place = find_place(location)
        if country is None:
            country = self.country
            # The block's country gives way to the gazetteer's when the place is known to
            # be in the other country (a late-reported Raqqa strike under "Strikes in Iraq").
            if place and country and place.country != country and place.country in COUNTRIES:
                country = place.country
            country = country or (place.country if place else None)
        late = self.late if late is None else late
        if days:
            start, end = days[0], days[-1]
        elif date_text:
            start = end = None      # printed, but no year to date it by
        elif self.context is not None:
            date_text, ctx_days = self.context
            start, end = (ctx_days[0], ctx_days[-1]) if ctx_days else (None, None)
        elif late and self.late_period:
            start, end = self.late_period
        elif not late and country in self.country_period:
            start, end = self.country_period[country]
        elif not late and self.release_period:
            start, end = self.release_period
        else:
            start = end = None
        effects = effects.strip(" .;,") if effects else None
        plain = effects
        if effects:
            plain = re.sub(r"\b(" + "|".join(_GERUNDS) + r")\b", lambda g: _GERUNDS[g.group(1).lower()],
                           effects, flags=re.I)
        self.lines.append(StrikeLine(
            country=country, location=location, place=place.name if place else None,
            strikes=strikes, engagements=engagements,
            strike_date=_iso(start) if start and start == end else None,
            period_start=_iso(start), period_end=_iso(end), effects=effects or None,
            targets=parse_targets(plain), late_reported=late, line=line, date_printed=date_text))

    def no_strikes(self, st: _Statement) -> None:
        country = st.country or self.country
        sentence = st.sentence
        m = _ANY_DATE.search(sentence)
        phrase = (m.group("dates") or m.group("y")) if m else None
        days = self._days(phrase)
        if phrase and not days:
            self.add(location=None, strikes=0, country=country, date_text=phrase, line=sentence)
            return
        if not days:
            self.add(location=None, strikes=0, country=country, line=sentence)
            return
        for d in days:
            self.add(location=None, strikes=0, country=country, days=[d], date_text=phrase, line=sentence)

    def heading(self, head: str) -> bool:
        h = _HEADING.match(head)
        if h:
            self.country = h.group("country") or h.group("bare")
            self.context = None
            self.in_lead = False
            return True
        d = _DATE_HEAD.match(head)
        if d:
            days = self._days(d.group("dates"))
            self.in_lead = False
            # "June 24-26 Strikes" before the release's own days: late-reported strikes;
            # "May 31 Strikes" inside its window: the day the lines under it are about
            if days and self.release_period and days[-1] < self.release_period[0]:
                self.late = True
                self.late_period = (days[0], days[-1])
                self.context = None
            else:
                self.context = (d.group("dates"), days)
            return True
        if LATE_HEADS.match(head):
            self.late = True
            self.context = None
            self.in_lead = False
            return True
        return False

    def sentence(self, st: _Statement, following: str | None) -> None:
        s = st.sentence
        if _NO_STRIKES.match(s) and re.search(r"strikes?\b", s, re.I):
            self.in_lead = False
            self.no_strikes(st)
            return
        if st.count is None:
            if (self.in_lead and self.release_period is None and (_ATTACKED.search(s) or _STRIKES_ON_DAY.search(s))
                    and not _STARTED.search(s)):
                self.release_period = self._period_from(s)
                self.period_from_total = False
            uncounted = _UNCOUNTED.search(s)
            place, place_end = _place_after(s, uncounted.end()) if uncounted else (None, -1)
            if place:  # (a headline's statement: the lead goes on)
                for name in [place, *_listed_after(s, place_end)]:
                    self.add(location=name, strikes=None, country=st.country, line=s)
            return
        strikes = None if re.fullmatch(VAGUE, st.count.group("n"), re.I) else (
            1 if st.count.group("n").lower() == "another" else number(st.count.group("n")))
        e = _ENGAGEMENTS.search(s, st.count.start())
        engagements = number(e.group("e")) if e else None
        if st.place:
            self.in_lead = False
            days = self._days(st.own_date)
            _, place_end = _place_after(s) if not _LEADING_PLACE.match(s) else (None, 0)
            effects = _effects(s, max(st.count.end(), place_end), following)
            listed = _listed_after(s, place_end) if place_end > 0 else []
            if listed:
                # as many strikes as places is one at each; otherwise no place's count is printed
                strikes = 1 if strikes == len(listed) + 1 else None
                engagements = None
            self.add(location=st.place, strikes=strikes, engagements=engagements, effects=effects,
                     country=st.country, days=days or None,
                     date_text=st.own_date, line=s)
            for name in listed:
                self.add(location=name, strikes=strikes, country=st.country, days=days or None,
                         date_text=st.own_date, line=s)
            for more in _FURTHER.finditer(s, st.count.end()):
                if more.group("place") != st.place:
                    self.add(location=more.group("place"), strikes=number(more.group("n")),
                             effects=_effects(s, more.end(), None), country=st.country,
                             days=days or None, date_text=st.own_date, line=s)
            # "... near al Hawl and one near Mar'a": each further count with its own place
            for more in _ELIDED.finditer(s, st.count.end()):
                place, _ = _place_after(s, more.end())
                if place and place != st.place:
                    self.add(location=place, strikes=number(more.group("n")), country=st.country,
                             days=days or None, date_text=st.own_date, line=s)
            return
        # a count without a place: a total, a day's or a country's header, a late block
        targeted = _TARGETED.search(s)
        if targeted:
            names = [targeted.group("name"), *_listed_after(s, targeted.end("name"))]
            if len(names) > 1 and all(find_place(n) for n in names):
                self.in_lead = False
                each = 1 if strikes == len(names) else None
                for name in names:
                    self.add(location=name, strikes=each, country=st.country, line=s)
                return
        if _LATE_WORDS.search(s) and not self.in_lead:
            self.late = True
            m = re.search(rf"\b(?:on|conducted|between)\s+(?P<d>{DATES})", s)
            days = self._days(m.group("d")) if m else []
            self.late_period = (days[0], days[-1]) if days else None
            self.context = None
            if st.country:
                self.country = st.country
            return
        if _NOT_TOTAL.search(s):
            return
        if _IN_TOTAL.match(s) and st.country is None:
            if not any(c is None for c, _, _ in self.lead_totals):
                self.lead_totals.append((None, strikes, engagements))
            return
        split = _per_country_totals(s) if st.country is None else []
        if split:
            for country, n, eng in split:
                self._country_total(country, n, eng, s)
                if self.in_lead:
                    self.lead_totals.append((country, n, eng))
            if self.in_lead and (self.release_period is None or not self.period_from_total):
                self.release_period = self._period_from(s) or self.release_period
                self.period_from_total = True
            return
        if st.country:
            self._country_total(st.country, strikes, engagements, s)
        # A count over both countries before any strike line is the release's total even when
        # a heading came first (a repost's page title "Syria" read as the country heading).
        both = len(_countries_named(s)) == len(COUNTRIES)
        if self.in_lead or (both and not self.lines and not self.lead_totals and not self.late):
            # the total's own window wins over one read from an opening without a count
            if self.release_period is None or not self.period_from_total:
                self.release_period = self._period_from(s) or self.release_period
                self.period_from_total = True
            self.lead_totals.append((st.country, strikes, engagements))
            if st.country:
                self.country_totals.setdefault(st.country, (strikes, engagements))
                own = self._period_from(s) if st.own_date is None and not both else None
                if own:
                    self.country_period.setdefault(st.country, own)
            return
        if st.country:
            self.country_totals.setdefault(st.country, (strikes, engagements))
            if st.own_date is None and re.match(r"^In (?:Syria|Iraq)\b", s):
                self.country = st.country
        if st.own_date:
            self.context = (st.own_date, self._days(st.own_date))
            if st.country:
                self.country = st.country

    def _country_total(self, country: str, strikes, engagements, sentence: str) -> None:
        self.country_totals.setdefault(country, (strikes, engagements))
        seen = [(c, n) for c, n, _ in self.window_totals]
        if (country, strikes) in seen:
            return
        # a second figure for a country is another window's only when its sentence prints
        # that window; otherwise it is a day's or a section's count, not a summary row
        if any(c == country for c, _ in seen) and not _OWN_WINDOW.search(sentence):
            return
        self.window_totals.append((country, strikes, engagements))

    def read(self, blocks: list[tuple[str, bool]]) -> None:
        for block, marked in blocks:
            head = block.rstrip(":").strip()
            if self.heading(head):
                continue
            body = _DATELINE.sub("", block)
            if re.match(r"^The following is a summary", body):
                self.in_lead = False
                continue
            sentences = _sentences(body)
            # "In Syria, four airstrikes ...": the paragraph's country, and the running one
            lead_country = re.match(r"^(?:Additionally\s+|Separately,?\s+)?[Ii]n (Syria|Iraq)\b", body)
            if lead_country and not self.in_lead:
                self.country = lead_country.group(1)
            context_before = self.context
            for i, sentence in enumerate(sentences):
                st = _statement(sentence)
                following = sentences[i + 1] if i + 1 < len(sentences) else None
                self.sentence(st, following)
            # a dated header inside a paragraph that also carries its lines holds for that
            # paragraph and, when it ends with a colon, for the list items after it
            if not body.rstrip().endswith(":") and not marked and self.context is not context_before:
                self.context = None if len(sentences) > 1 else self.context


def parse_release(text: str, *, url: str | None = None, published: str | None = None,
                  title: str | None = None) -> Release:
    """Read one strike release (HTML article text or PDF text)."""
    if not text or not text.strip():
        raise ParseFailure("the release has no text")
    release_date = _release_date(text, published, title)
    reader = _Reader(release_date, dated_by_text=bool(_DATED.search(text)))
    if release_date is None:
        reader.notes.append("no release date in the dateline, metadata, release number or title: "
                            "days printed without a year are left undated (date_printed keeps them)")
    reader.read(_blocks(text))
    lines = _one_per_statement(reader.lines, _headline(text, title))
    printed = _printed_date(text, title) if release_date and not _DATED.search(text) and not published else None
    if printed and printed[0] == release_date and any(
            ln.date_printed and ln.period_start and not re.search(r"\d{4}", ln.date_printed) for ln in lines):
        reader.notes.append(f"days printed without a year take the year of the document's own date"
                            f" ('{printed[1]}'), the latest such day not after it")
    if not any(ln.location for ln in lines):
        # Aggregated releases: one row per country total, over the release window.
        for country, strikes, engagements in reader.window_totals:
            start, end = reader.release_period or (None, None)
            lines.append(StrikeLine(country=country, location=None, place=None, strikes=strikes,
                                    engagements=engagements, period_start=_iso(start),
                                    period_end=_iso(end),
                                    strike_date=_iso(start) if start and start == end else None,
                                    line=f"{country} total"))
    if not reader.lead_totals and not lines:
        raise ParseFailure("no strike figures and no 'no strikes' statement in the text")
    m = re.search(r"Release\s*(?:No\.?|#)\s*:?\s*(\d{8,9}(?:[-_]\d{1,2})?)\b", text)
    number_ = m.group(1).replace("_", "-") if m else None
    total = _release_total(reader, lines)
    start, end = reader.release_period or (None, None)
    return Release(
        publisher=_publisher(text, url), release_number=number_,
        release_date=release_date.isoformat() if release_date else None,
        period_start=_iso(start), period_end=_iso(end),
        total_strikes=total[0], total_engagements=total[1], lines=lines, notes=reader.notes)


def _headline(text: str, title: str | None) -> str | None:
    """The document's headline: the title handed in, else a first line that is no sentence."""
    first = next((ln.strip() for ln in _normalise(text).splitlines() if ln.strip()), "")
    if title:
        return _normalise(title).strip()
    return first if first and not re.search(r"[.:!?]$", first) and len(first) < 200 else None


def _one_per_statement(lines: list[StrikeLine], headline: str | None) -> list[StrikeLine]:
    """A headline the lede repeats (the same count at the same place in the same country, with
    the same days, placed by the same word) is one statement: the headline's line goes. Two
    lines of the body stay two strikes even when worded alike. A place's uncounted mention that
    a counted line covers is that line."""
    def key(ln: StrikeLine) -> tuple:
        # "one airstrike west of Sinjar" and "another ... south of Sinjar" are two
        placing = re.search(r"(\w+(?:\s+of)?)\s+(?:the\s+)?" + re.escape(ln.location or ""), ln.line or "")
        return (ln.country, (ln.place or ln.location or "").lower(), ln.strikes, ln.engagements, ln.strike_date,
                ln.period_start, ln.period_end, ln.date_printed, ln.late_reported,
                placing.group(1).lower() if placing else None)
    def where(ln: StrikeLine) -> tuple:
        return (ln.country, (ln.place or ln.location or "").lower(), ln.strike_date, ln.period_start,
                ln.period_end, ln.date_printed, ln.late_reported)
    # a statement with no count at a place that another sentence counts on the same days (a
    # headline "Coalition airstrikes near Mosul, Raqqa"; "six strikes near Fallujah and Bayji"
    # then "three ... in Bayji") is the counted one said without its count
    counted = {where(ln) for ln in lines if ln.location and ln.strikes is not None}
    lines = [ln for ln in lines if not (ln.location and ln.strikes is None and where(ln) in counted)]
    if not headline:
        return lines
    body = {key(ln) for ln in lines if ln.line != headline}
    # a headline naming a place with no count sums up what the body counts there, on any day
    counted_at = {(ln.country, (ln.place or ln.location or "").lower()) for ln in lines
                  if ln.line != headline and ln.strikes is not None}
    return [ln for ln in lines if not (ln.location and ln.line == headline and (
        key(ln) in body or (ln.strikes is None and (ln.country, (ln.place or ln.location).lower()) in counted_at)))]


def _release_total(reader: _Reader, lines: list[StrikeLine]) -> tuple[int | None, int | None]:
    """The release's own total, kept apart from per-country and per-day totals: the count in
    its opening that names no single country; or the only country it names; or, when the
    opening gives one figure per country, their sum."""
    for country, strikes, engagements in reader.lead_totals:
        if country is None:
            return strikes, engagements
    named = {c for c, _, _ in reader.lead_totals}
    if len(named) == 1 and len(reader.lead_totals) == 1:
        _, strikes, engagements = reader.lead_totals[0]
        return strikes, engagements
    totals = reader.country_totals
    if totals and all(c in totals or any(ln.country == c and ln.strikes == 0 for ln in lines)
                      for c in COUNTRIES):
        counts = [v[0] for v in totals.values() if v[0] is not None]
        engaged = [v[1] for v in totals.values() if v[1] is not None]
        if len(counts) == len(totals):
            return sum(counts), sum(engaged) if len(engaged) == len(totals) else None
    return None, None
