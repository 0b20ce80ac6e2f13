"""CJTF-OIR monthly civilian-casualty reports: the report's counts and its allegations.

Works from the article text, era by era (SOURCES.md 2.2):

- 2015 - April 2016 (before the monthly reports): CENTCOM press releases listing the
  strikes assessed to have harmed civilians as narrative sentences, "On Sept. 10, 2015,
  in Kubaysah, Iraq, near Hit, during a strike on an ISIL checkpoint, it is assessed
  that two civilians were killed ..."; the place ends where the strike clause begins, and
  the entries are credible findings with the casualties stated (none stated: None).

- 2016: "During the month of October, CJTF-OIR received 18 reports ..." and numbered
  entries "1. Sept. 20, 2015, near Ramadi, Iraq: <reason>" (from Dec 2016 with
  ", via social media report").
- 2017: carried-over accounting ("carried over 43 open reports ..., received 27 new
  reports, and completed the assessment on 28"), a "To date ..." statistics paragraph and
  "at least 484 civilians have been unintentionally killed".
- 2018: a preamble, the cumulative totals, the monthly counts, then "Credible Reports —"
  and "Non-Credible Reports —" lists; credible entries give killed and injured.
- 2019-20: "34,573*" strike totals (the asterisk is a revision marker), deaths "by
  Coalition actions", reopened cases counted inside the open total.

Numbers may be digits, digits with separators or words ("Seventy-nine"). Copies that run
all paragraphs together (hathalyoum) or break lines mid-sentence (ft.dk) are re-cut at
the places a report's paragraphs and entries begin. Nothing is guessed: a figure the
text does not state stays None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from crawler.gazetteer import find_place
from crawler.parsers import ParseFailure

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")]
    )
    for m in names
}
_MONTH_RE = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
             r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
DATE = rf"{_MONTH_RE}\.?\s+\d{{1,2}},?\s+\d{{4}}"

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUE = {w: i for i, w in enumerate(_ONES)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_WORD = "|".join(sorted(_WORD_VALUE, key=len, reverse=True))
# 1,335 / 1139 / .94 excluded / Seventy-nine / one hundred and five
NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:(?:{_WORD})[- ]hundred(?: and)?[- ])?(?:{_WORD})(?:-(?:{_WORD}))?)"

SOURCES = {  # the reporting-source phrase -> our name
    "social media": "social media", "media": "media", "airwars": "Airwars", "self": "self-report",
    "self-report": "self-report", "ngo": "NGO", "non-governmental organization": "NGO",
    "government": "government", "iraqi government": "government",
}
COUNTRIES = ("Iraq", "Syria")


def number(text: str | None) -> int | None:
    """'1,335' -> 1335, 'Seventy-nine' -> 79, 'one hundred and five' -> 105; None if not a number."""
    if text is None:
        return None
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    total, current = 0, 0
    for part in re.split(r"[\s-]+", t):
        if part == "and":
            continue
        if part == "hundred":
            current = (current or 1) * 100
        elif part in _WORD_VALUE:
            current += _WORD_VALUE[part]
        else:
            return None
    return total + current


def parse_date(text: str | None) -> str | None:
    """'Sept. 20, 2015' / 'July 20 2016' -> '2015-09-20'; None when not a date."""
    if not text:
        return None
    m = re.match(r"\s*([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text)
    if not m or m.group(1).lower() not in MONTHS:
        return None
    try:
        return dt.date(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2))).isoformat()
    except ValueError:
        return None


@dataclass
class Allegation:
    item: int | None
    allegation_date: str | None
    location: str | None
    place: str | None
    country: str | None
    reporting_source: str | None
    assessment: str | None  # credible, non_credible, duplicate, open, reopened
    reason_category: str | None
    reason_text: str | None
    civilians_killed: int | None = None
    civilians_injured: int | None = None
    corrected_from_date: str | None = None
    corrected_from_report: str | None = None  # the earlier report's date as printed (ISO)
    duplicate_of_text: str | None = None
    duplicate_of_date: str | None = None
    duplicate_of_place: str | None = None
    duplicate_of_country: str | None = None
    duplicate_of_report: str | None = None


@dataclass
class Report:
    title: str | None
    published: str | None
    month_covered: str | None
    carried_over: int | None = None
    received_new: int | None = None
    assessed_previously_received: int | None = None
    completed: int | None = None
    credible: int | None = None
    non_credible: int | None = None
    duplicate: int | None = None
    still_open: int | None = None
    reopened: int | None = None
    deaths_this_report: int | None = None
    injured_this_report: int | None = None
    cumulative_strikes: int | None = None
    cumulative_strikes_marked: bool = False  # an asterisk follows the figure
    cumulative_engagements: int | None = None
    cumulative_reports_received: int | None = None
    cumulative_credible_reports: int | None = None
    cumulative_civilian_deaths: int | None = None
    allegations: list[Allegation] = field(default_factory=list)


# -- text into paragraphs ------------------------------------------------------------------

_ENTRY_START = rf"(?:\d{{1,3}}[.)]\s+(?:On\s+)?{DATE}|On\s+{DATE},)"
_PARA_START = (
    r"(?:Credible Reports|Non-Credible Reports|Reopened Reports|"
    r"During the month of|In the month of|To date,|The Coalition conducted|"
    r"CJTF-OIR takes|After a thorough review|The following|\* The)"
)
_CUT = re.compile(rf"(?<=[.:;—–])\s*(?={_ENTRY_START}|{_PARA_START})")
_TERMINAL = tuple(".:;—–!?\"”)")


def html_text(body: bytes | str) -> str:
    """The text of an HTML page as the crawl stores it (`versions.text`): the one text
    path, crawler/extract.py `read_html`."""
    from crawler.extract import read_html

    found, _html, _warning = read_html(body.encode("utf-8") if isinstance(body, str) else body, "")
    return found.text


def paragraphs(text: str) -> list[str]:
    """Lines of text re-cut where report paragraphs and entries begin; hard-wrapped
    lines joined back."""
    out: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        for piece in _CUT.split(line):
            piece = piece.strip()
            if not piece:
                continue
            starts = re.match(rf"(?:(?:--|[-•*])\s+)?(?:{_ENTRY_START}|{_PARA_START})", piece)
            if out and not starts and len(out[-1]) >= 40 and not out[-1].endswith(_TERMINAL):
                out[-1] += " " + piece  # a hard line break inside a sentence
            else:
                out.append(piece)
    return out


# -- counts ---------------------------------------------------------------------------------

def _find(pattern: str, text: str) -> int | None:
    m = re.search(pattern, text, re.IGNORECASE)
    return number(m.group(1)) if m else None


def _month_covered(text: str, published: str | None) -> str | None:
    m = re.search(rf"(?:During|In) the month of ({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?", text, re.I)
    if not m:
        return None
    month = MONTHS[m.group(1).lower().rstrip(".")]
    if m.group(2):
        return f"{m.group(2)}-{month:02d}"
    end = re.search(rf"end of {m.group(1)},?\s+(\d{{4}})", text, re.I)
    if end:
        return f"{end.group(1)}-{month:02d}"
    if published:  # reports appear one to two months after the month they cover
        year, pub_month = int(published[:4]), int(published[5:7])
        return f"{year if month < pub_month else year - 1}-{month:02d}"
    return None


_COUNTS = re.compile(r"(?:During|In) the (?:month of|reporting period)|completed the assessment|"
                     r"assessment of \S+ reports? (?:has|have) been completed", re.I)


def _counts(report: Report, paras: list[str]) -> None:
    counts = next((p for p in paras if _COUNTS.search(p)), "")
    report.month_covered = _month_covered(counts, report.published)
    if report.month_covered is None:  # "between August 2014 and end of July 2018"
        m = re.search(rf"between August 2014 and (?:the )?(?:end of )?({_MONTH_RE})\.?,? (\d{{4}})",
                      " ".join(paras), re.I)
        if m:
            report.month_covered = f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}"
    c = counts
    report.carried_over = _find(rf"carried over ({NUM}) (?:open )?reports", c)
    report.received_new = _find(rf"received ({NUM}) (?:new )?reports", c)
    report.assessed_previously_received = _find(rf"assessed ({NUM}) previously received", c)
    report.completed = (_find(rf"completed the assessments? (?:on|of) ({NUM})", c)
                        or _find(rf"assessment of ({NUM}) (?:\w+ )*?reports? (?:has|have) been completed", c)
                        or _find(rf"completed ({NUM}) civilian[- ]casualty", c))
    report.credible = _find(rf"\b({NUM})(?: of (?:these|the) (?:\w+ )*?reports| (?:\w+ )?reports?)? "
                            r"(?:were|was) assessed to be credible", c)
    report.non_credible = _find(rf"\b({NUM})(?: of (?:these|the) (?:\w+ )*?reports| (?:\w+ )?reports?)? "
                                r"(?:were|was) assessed to be non-credible", c)
    report.duplicate = _find(rf"\b({NUM})(?: of (?:these|the) (?:\w+ )*?reports| (?:\w+ )?reports?)? "
                             r"(?:were|was) assessed to be (?:a )?duplicates?", c)
    report.still_open = _find(rf"\b({NUM}) (?:\w+ )?reports? (?:are|is|remain) still (?:open|being assessed)", c) \
        or _find(rf"\b({NUM}) (?:are|is|remain) still (?:open|being assessed)", c)
    report.reopened = _find(rf"including ({NUM}) that [^.]*?reopened", c)
    report.deaths_this_report = _find(rf"resulted in ({NUM}) unintentional civilian deaths?", c)
    report.injured_this_report = _find(rf"({NUM}) unintentional civilian injur", c)
    whole = " ".join(paras)
    m = re.search(rf"conducted (?:a total of )?({NUM})(\*?) (?:air)?strikes", whole, re.I)
    if m:
        report.cumulative_strikes = number(m.group(1))
        report.cumulative_strikes_marked = bool(m.group(2))
    report.cumulative_engagements = _find(rf"({NUM}) separate engagements", whole)
    report.cumulative_reports_received = _find(
        rf"total number of reports of possible civilian casualties (?:was|is) ({NUM})", whole)
    report.cumulative_credible_reports = _find(
        rf"civilian casualties (?:was|is) {NUM}, of which ({NUM}) (?:were|was) assessed to be credible", whole)
    report.cumulative_civilian_deaths = _find(
        rf"at least ({NUM}) civilians have been unintentionally killed", whole)


# -- entries --------------------------------------------------------------------------------

_ENTRY = re.compile(rf"^(?:(\d{{1,3}})[.)]\s+|(?:--|[-•*])\s+)?(?:On\s+)?({DATE}),?\s*(.*)$")
_SECTION_HEADS = [
    (re.compile(r"^Non-Credible Reports\b", re.I), "non_credible"),
    (re.compile(r"^Credible Reports\b", re.I), "credible"),
    (re.compile(r"^Reopened Reports\b", re.I), "reopened"),
    (re.compile(r"following (?:\w+ )?(?:reports? )?(?:\w+ )?(?:is|are|was|were) (?:assessed to be )?non-credible", re.I),
     "non_credible"),
    (re.compile(r"following (?:\w+ )?(?:reports? )?(?:\w+ )?(?:is|are|was|were) (?:assessed to be )?credible", re.I),
     "credible"),
    (re.compile(r"following (?:\w+ )?(?:reports? )?.*?reopened", re.I), "reopened"),
    (re.compile(r"following (?:\w+ )?(?:reports? )?(?:\w+ )?(?:is|are|was|were) (?:assessed to be )?duplicates?", re.I),
     "duplicate"),
    (re.compile(r"following (?:\w+ )?reports? (?:is|are) still (?:open|being assessed)", re.I), "open"),
]


def _reason_category(reason: str) -> str | None:
    r = reason.lower()
    if "duplicate" in r:
        return "duplicate"
    if "no coalition strikes" in r or "closest strike" in r or "no strikes" in r:
        return "no_strikes_in_area"
    if "strike video" in r and "no civilians were harmed" in r:
        return "no_civilians_harmed_per_video"
    if "insufficient information" in r:
        return "insufficient_info_time_location"
    if "insufficient evidence" in r:
        return "insufficient_evidence"
    return None


_NO_HARM = re.compile(r"\bno (?:other )?civilians? (?:were|was) (?:\w+ )?(killed|injured|wounded|harmed)", re.I)


def _credible_text(reason: str) -> bool:
    reason = _NO_HARM.sub("", reason)  # "two were injured; no civilians were killed"
    return bool(re.search(r"(?:civilians?|were|was) (?:were |was )?(?:unintentionally |inadvertently |likely )?"
                          r"(?:killed|injured|wounded)", reason, re.I)) and "no civilians" not in reason.lower()


def _casualties(reason: str) -> tuple[int | None, int | None]:
    killed = injured = None
    for m in re.finditer(rf"\b({NUM})(?: (?:more |other )?civilians?)? (?:were|was) (?:unintentionally |inadvertently "
                         r"|likely )?(killed|injured|wounded)", reason, re.I):
        value = number(m.group(1))
        if m.group(2).lower() == "killed":
            killed = value if killed is None else killed + value
        else:
            injured = value if injured is None else injured + value
    for m in _NO_HARM.finditer(reason):  # "no civilians were killed": a stated zero
        if m.group(1).lower() == "killed" and killed is None:
            killed = 0
        elif m.group(1).lower() in ("injured", "wounded") and injured is None:
            injured = 0
    return killed, injured


def _head(rest: str) -> tuple[str, str]:
    """Split '<place>, <country>, via X report: <reason>' into head and reason."""
    colon, stop = rest.find(":"), re.search(r"\.\s+(?=[A-Z])|\.$", rest)
    ends = [i for i in (colon, stop.start() if stop else -1) if i >= 0]
    if not ends:
        return rest.strip().rstrip("."), ""
    cut = min(ends)
    return rest[:cut].strip().rstrip(","), rest[cut + 1:].strip()


_CLAUSE = re.compile(r"(?:during|when|while|as|after)\s+(?:an?|the)\s+(?:\w+\s+)?(?:air)?strikes?\b|"
                     r"it (?:is|was) assessed\b", re.I)


def _entry(line: str, section: str | None) -> Allegation | None:
    m = _ENTRY.match(line)
    if not m:
        return None
    item = int(m.group(1)) if m.group(1) else None
    date = parse_date(m.group(2))
    head, reason = _head(m.group(3))
    parts = [p.strip() for p in head.split(",") if p.strip()]
    # The pre-monthly narrative (2015-16) runs place and finding into one sentence:
    # "On <date>, in <village>, <country>, near <town>, during a strike on <target>, it is
    # assessed that ...": the place ends where the clause about the strike begins.
    clause = next((i for i, p in enumerate(parts) if _CLAUSE.match(p)), None)
    if clause:
        reason = ", ".join(parts[clause:]) + (". " + reason if reason else ".")
        parts = parts[:clause]
    source = country = None
    location_parts = []
    for part in parts:
        via = re.match(r"(?:via|according to)\s+(?:an?\s+)?(.+?)(?:\s+reports?)?$", part, re.I)
        if via:
            source = SOURCES.get(via.group(1).lower(), via.group(1))
        elif part in COUNTRIES:
            country = part
        else:
            tail = re.match(rf"^(.*\S)\s+({'|'.join(COUNTRIES)})$", part)
            if tail and not country:  # "near Hajin Syria" (a comma missing in the source)
                location_parts.append(tail.group(1))
                country = tail.group(2)
            else:
                location_parts.append(part)
    location = ", ".join(location_parts) or None
    # "Kubaysah, near Hit" / "Halabisa, west of Fallujah": the first name is the place.
    place = find_place(location_parts[0]) if location_parts else None
    place = place or find_place(location)
    category = _reason_category(reason)
    assessment = section
    if category == "duplicate":
        assessment = "duplicate"
    elif section is None:
        if _credible_text(reason):
            assessment = "credible"
        elif category is not None:
            assessment = "non_credible"
    killed, injured = _casualties(reason) if assessment in ("credible", "reopened") else (None, None)
    a = Allegation(
        item=item, allegation_date=date, location=location, place=place.name if place else None,
        country=country, reporting_source=source, assessment=assessment,
        reason_category=category, reason_text=reason or None,
        civilians_killed=killed, civilians_injured=injured,
    )
    corr = re.search(rf"previously (?:incorrectly )?(?:released|reported|listed) as ({DATE})"
                     rf"(?:,? in the ({DATE}),? monthly report)?", reason, re.I)
    if corr:
        a.corrected_from_date = parse_date(corr.group(1))
        a.corrected_from_report = parse_date(corr.group(2))
    dup = re.search(rf"duplicate of (?:a|the) (?:previous(?:ly)? )?(?:assessed )?report,? (?:released |listed )?"
                    rf"(?:as )?({DATE}),?\s+(.*?),?\s+in the ({DATE}),? monthly report", reason, re.I)
    if dup:
        a.duplicate_of_text = dup.group(0).split("duplicate of ", 1)[1]
        a.duplicate_of_date = parse_date(dup.group(1))
        bits = [b.strip() for b in dup.group(2).split(",") if b.strip()]
        if bits and bits[-1] in COUNTRIES:
            a.duplicate_of_country = bits.pop()
        where = find_place(", ".join(bits))
        a.duplicate_of_place = where.name if where else (", ".join(bits) or None)
        a.duplicate_of_report = parse_date(dup.group(3))
    return a


def _published(paras: list[str], given: str | None) -> str | None:
    for p in paras[:40]:
        m = re.search(rf"\|\s*({DATE})", p) or re.search(rf"\bDate:\s*({DATE})", p)
        if m:
            return parse_date(m.group(1))
    return given


def parse_report(text: str, *, title: str | None = None, published: str | None = None) -> Report:
    """Read one monthly report from its text (see `html_text` for HTML pages)."""
    paras = paragraphs(text)
    report = Report(title=title, published=_published(paras, published), month_covered=None)
    _counts(report, paras)
    section = None
    sequence = 0
    for p in paras:
        if _COUNTS.search(p) and not _ENTRY.match(p):
            continue
        for pattern, name in _SECTION_HEADS:
            if pattern.search(p) and not _ENTRY.match(p):
                section, sequence = name, 0
                break
        else:
            entry = _entry(p, section)
            if entry is not None:
                sequence += 1
                if entry.item is None:
                    entry.item = sequence
                report.allegations.append(entry)
    figures = [report.received_new, report.completed, report.still_open, report.cumulative_strikes,
               report.cumulative_civilian_deaths]
    if all(v is None for v in figures) and not report.allegations:
        raise ParseFailure("no monthly counts, cumulative totals or allegation entries found")
    return report
