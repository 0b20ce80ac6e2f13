"""Parses that check themselves: what a parser read, reconciled against the figures the
document itself prints. Pure functions: the parsed object and the text it came from in,
`Check` rows out (no store, no network).

A check says what the document prints (`printed`), what the parsed rows give (`found`)
and whether they agree: `ok`, `mismatch` (both known, they differ) or `missing` (the text
states a figure the rows leave empty). Where the document prints nothing to compare
against, no check is invented: the caller records one `ok` row saying so
(`nothing_printed`), so every parsed version shows it was looked at.

The figures "printed" are read here a second way, by patterns of their own, not by the
parsers' (a parser that keeps what it saw printed can hand it over: `stated=` and
`printed=`). The patterns are narrow on purpose: a missed figure here is a check not
made, a wrong one would be noise in a signal researchers rely on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from crawler.parsers.numbers import WORD as _WORD
from crawler.parsers.numbers import english_number

OK, MISMATCH, MISSING = "ok", "mismatch", "missing"


@dataclass(frozen=True)
class Check:
    check: str
    printed: int | None
    found: int | None
    status: str  # 'ok', 'mismatch' or 'missing'
    detail: str | None = None


def compare(name: str, printed: int | None, found: int | None, detail: str | None = None) -> Check:
    """A printed figure against what the rows give: None found is `missing`."""
    if found is None:
        status = MISSING
    else:
        status = OK if printed == found else MISMATCH
    return Check(name, printed, found, status, detail)


def nothing_printed(rows: int, what: str) -> Check:
    return Check("printed_figures", None, rows, OK,
                 f"the text prints no figure to reconcile the {what} against")


# -- numbers as printed ------------------------------------------------------------------

_TENS_UNITS = rf"(?:{_WORD})(?:-(?:{_WORD}))?"
# 1,335 / 79 / Seventy-nine / One hundred and eleven (never "eleven" alone out of it)
NUM = (rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_WORD})[- ]hundred(?:(?:[- ]and)?[- ]{_TENS_UNITS})?"
       rf"|{_TENS_UNITS})")


def value(text: str) -> int | None:
    """'1,335' -> 1335, 'Seventy-nine' -> 79, 'one hundred and eleven' -> 111; None for
    anything else."""
    return english_number(text)


# A sentence ends at . ! ? before a capital, a digit or Arabic; not after "Sept.", "Fla." or
# "U.S." (a piece ending so is joined to the next).
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+(?=[\"“(A-Z0-9\u0600-\u06FF])")
_ABBREVIATION = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Gen|Col|Lt|"
                           r"Maj|Sgt|St|No|Fla|Calif|[A-Z])\.$")


# A line that starts an item of its own (a bullet, a numbered entry) is never joined on.
_ITEM = re.compile(r"^(?:[-*•–—]+\s|\d{1,3}[.)]\s)")


def paragraphs(text: str) -> list[str]:
    """Lines, with hard line breaks inside a sentence (PDF text) joined back."""
    out: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            out.append("")
        elif out and out[-1] and not out[-1].endswith((".", ":", ";", "!", "?", "—")) and not _ITEM.match(line):
            out[-1] += " " + line
        else:
            out.append(line)
    return [p for p in out if p]


def sentences(text: str) -> list[str]:
    """Sentences, one paragraph at a time; abbreviated months do not end one."""
    out: list[str] = []
    for para in paragraphs(text):
        pieces = [p for p in _SENTENCE_END.split(para) if p]
        for n, piece in enumerate(pieces):
            if n and _ABBREVIATION.search(pieces[n - 1]):
                out[-1] += " " + piece
            else:
                out.append(piece)
    return out


# -- monthly civilian-casualty reports -----------------------------------------------------

# Sentences about totals since 2014, not the month's assessments.
_CUMULATIVE = re.compile(r"\b(?:to date|total number|since the (?:beginning|start)|in total|cumulative|"
                         r"between August 2014|since 2014)\b", re.I)
# An allegation entry ("3. Sept. 20, 2015, near Ramadi ..."), never a count.
_ENTRY = re.compile(r"^(?:[-•*]\s*|\d{1,3}[.)]\s+)?(?:On\s+)?[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}")
_VERDICT = r"(?:were|was|are|is|have been|has been)\s+(?:assessed|determined|found|deemed|judged)\s+(?:to be\s+|as\s+)?"
# Words between a figure and its verdict: never another figure, verb or verdict ("one was
# assessed to be credible and three ... non-credible" gives three non-credible, not one).
_GAP = (rf"(?:\s+(?!(?:were|was|are|is|and|credible|non-credible|duplicates?)\b)(?!{NUM}\b)[\w-]+)"
        r"{0,8}?")
_STATED = {
    "credible": [rf"\b({NUM})\b{_GAP}\s+{_VERDICT}credible\b",
                 rf"\b({NUM})\s+(?:[\w-]+\s+){{0,3}}?(?:reports?|allegations?)\s+as\s+credible\b",
                 rf"\b({NUM})\s+credible\s+(?:reports|allegations)\b"],
    "non_credible": [rf"\b({NUM})\b{_GAP}\s+{_VERDICT}non-credible\b",
                     rf"\b({NUM})\s+(?:[\w-]+\s+){{0,3}}?(?:reports?|allegations?)\s+as\s+non-credible\b",
                     rf"\b({NUM})\s+non-credible\s+(?:reports|allegations)\b"],
    "duplicate": [rf"\b({NUM})\b{_GAP}\s+{_VERDICT}(?:a\s+)?duplicates?\b",
                  rf"\b({NUM})\s+(?:[\w-]+\s+){{0,3}}?(?:reports?|allegations?)\s+as\s+duplicates?\b",
                  rf"\b({NUM})\s+duplicate\s+(?:reports|allegations)\b"],
    "carried_over": [rf"\bcarried over\s+({NUM})\b"],
    "received_new": [rf"\breceived\s+({NUM})\s+(?:new\s+)?(?:civilian[- ]casualty\s+)?(?:reports|allegations)\b"],
    "completed": [rf"\bcompleted\s+(?:the\s+assessments?\s+(?:on|of)\s+)?({NUM})\b",
                  rf"\bassessments?\s+of\s+({NUM})\s+(?:[\w-]+\s+){{0,3}}?(?:reports?|allegations?)\s+"
                  r"(?:has|have)\s+been\s+completed\b",
                  rf"\bout of the\s+({NUM})\s+completed\b"],
    "still_open": [rf"\b({NUM})\b{_GAP}\s+(?:are|is|remain|remains)\s+(?:still\s+)?"
                   r"(?:open|being assessed|under assessment)\b"],
}
# The allegation lists, by assessment, against the report's own counts.
_LISTED = (("credible", "credible"), ("non_credible", "non_credible"), ("duplicate", "duplicate"),
           ("open", "still_open"))


def stated_counts(text: str) -> dict[str, list[tuple[int, str]]]:
    """The month's counts the text states (credible, non-credible, duplicate, carried
    over, received, completed, still open), each as (figure, sentence); totals since
    2014 and allegation entries left out."""
    found: dict[str, list[tuple[int, str]]] = {}
    for s in sentences(text):
        if _CUMULATIVE.search(s) or _ENTRY.match(s):
            continue
        for field, patterns in _STATED.items():
            for pattern in patterns:
                for m in re.finditer(pattern, s, re.I):
                    n = value(m.group(1))
                    if n is not None and (n, s) not in found.get(field, []):
                        found.setdefault(field, []).append((n, s))
    return found


def civcas_report(report, text: str, stated: dict[str, list[tuple[int, str]]] | None = None) -> list[Check]:
    """A monthly report (`crawler.parsers.civcas.Report`) against its own figures;
    `stated`: the counts the text states, as `stated_counts` gives them (read from `text`
    when not given, e.g. by a parser that kept what it saw printed)."""
    out: list[Check] = []
    listed = [a.assessment for a in report.allegations]
    if listed:
        for assessment, field in _LISTED:
            printed = getattr(report, field, None)
            if printed is None:
                continue
            count = listed.count(assessment)
            if assessment == "open" and not count:
                continue  # open reports are counted, rarely listed
            detail = f"{count} allegations listed as {assessment}, {printed} printed"
            dups = listed.count("duplicate")
            if (assessment == "non_credible" and count != printed and dups
                    and count + dups == printed and report.duplicate is None):
                # duplicates are listed inside the non-credible list, and counted there
                count, detail = count + dups, f"{detail}; with the {dups} duplicates listed there"
            out.append(compare(f"listed.{assessment}", printed, count, detail))
    parts = [report.credible, report.non_credible]
    if report.completed is not None and None not in parts:
        dup = report.duplicate or 0
        total = sum(parts) + dup
        note = "" if report.duplicate is not None else " (no duplicate count printed: taken as 0)"
        out.append(compare("completed_sum", report.completed, total,
                           f"credible + non-credible + duplicate = {total}{note}"))
    flow = [report.carried_over, report.received_new, report.completed]
    if None not in flow and report.still_open is not None:
        left = flow[0] + flow[1] - flow[2]
        out.append(compare("still_open_sum", report.still_open, left,
                           f"carried over + received - completed = {left}"))
    for field, hits in (stated_counts(text) if stated is None else stated).items():
        row = getattr(report, field, None)
        figures = [n for n, _ in hits]
        if row in figures:
            out.append(Check(f"stated.{field}", row, row, OK))
        else:
            status = MISSING if row is None else MISMATCH
            out.append(Check(f"stated.{field}", figures[0], row, status,
                             f"the text states: {hits[0][1][:300]}"))
    return out


# -- strike releases -----------------------------------------------------------------------

_COUNTRIES = ("Syria", "Iraq")
_MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
               r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_STRIKES = r"(?:air)?strikes?"
_TOTAL = re.compile(rf"\bconducted\s+(?:a total of\s+)?({NUM})\s+{_STRIKES}\b", re.I)


# A day's figure inside a weekly release ("On May 31 in Syria, ... conducted six strikes"),
# a month's, a tally since 2014 ("has conducted"), or one strike's place ("conducted one
# airstrike west of Bayji"): none is the release's own total.
_NOT_RELEASE_TOTAL = re.compile(
    rf"^(?:On|Yesterday|Today)\b|\b(?:to date|so far|since|during (?:the month of )?{_MONTH_NAME}|"
    r"ha(?:s|ve) (?:also )?conducted|(?:north|south|east|west)(?:east|west)? of)\b", re.I)


def printed_totals(text: str) -> tuple[int | None, dict[str, int]]:
    """The release's printed total and per-country totals: a sentence that says coalition
    forces 'conducted N strikes' in both countries (the total) or in one (its total),
    never a line about one place ('near ...')."""
    total: int | None = None
    by_country: dict[str, int] = {}
    for s in sentences(text):
        m = _TOTAL.search(s)
        if not m or re.search(r"\bnear\b|\bvicinity\b", s, re.I) or _NOT_RELEASE_TOTAL.search(s):
            continue
        n = value(m.group(1))
        named = [c for c in _COUNTRIES if re.search(rf"\b{c}\b", s)]
        if n is None or not named:
            continue
        if len(named) == 1:
            by_country.setdefault(named[0], n)
        elif total is None:
            total = n
    return total, by_country


def strike_release(releases: list, text: str,
                   printed: tuple[int | None, dict[str, int]] | None = None) -> list[Check]:
    """Strike releases (`crawler.parsers.strikes.Release`) against their printed totals:
    the strike lines of the release's own period (late-reported ones are extra) summed.
    `printed`: (total, {country: total}) as `printed_totals` gives them, read from `text`
    when not given."""
    if len(releases) != 1:  # a running page of dated entries prints no totals
        return []
    lines = [ln for ln in releases[0].lines if not ln.late_reported]
    total, by_country = printed_totals(text) if printed is None else printed
    out: list[Check] = []

    def summed(chosen) -> tuple[int | None, str]:
        uncounted = [ln for ln in chosen if ln.strikes is None]
        if uncounted:
            return None, f"{len(uncounted)} lines with no strike count read"
        return sum(ln.strikes for ln in chosen), f"{len(chosen)} strike lines"

    if total is not None:
        found, detail = summed(lines)
        out.append(compare("strikes.total", total, found, detail))
    for country, stated in by_country.items():
        found, detail = summed([ln for ln in lines if ln.country == country])
        out.append(compare(f"strikes.{country.lower()}", stated, found, detail))
    return out


# -- Airwars incidents ---------------------------------------------------------------------

_RANGE = r"(\d[\d,]*)(?:\s*[-–—]\s*(\d[\d,]*))?"
_LABELS = {  # label as printed -> (field(s) of the row, pattern of a stated value)
    "Civilians reported killed": (("killed_min", "killed_max"), _RANGE),
    "Civilians reported injured": (("injured_min", "injured_max"), _RANGE),
    "Civilian deaths conceded": (("civilian_deaths_conceded",), r"(\d[\d,]*)"),
}
_WORDED = (  # (check, field of the row, the label with its value as printed)
    ("field.incident_date", "incident_date", r"Incident date:?\s+[A-Z][a-z]+\.? \d{1,2},? \d{4}"),
    ("field.grading", "grading",
     r"Airwars (?:civilian harm )?grading:?\s+(?:Confirmed|Fair|Weak|Contested|Discounted)\b"),
)
_BREAKDOWN = re.compile(r"\(\s*((?:\d+\s*[-–]?\s*\d*\s+(?:child(?:ren)?|wom[ae]n|m[ae]n)\b[\s,]*)+)\)", re.I)


def _int(s: str | None) -> int | None:
    return int(s.replace(",", "")) if s else None


def incident(inc, text: str) -> list[Check]:
    """An Airwars incident (`crawler.parsers.airwars.Incident`) against its page: each
    labelled figure the text states, and the printed range against its breakdown."""
    flat = " ".join(text.split())
    out: list[Check] = []
    for label, (fields, pattern) in _LABELS.items():
        m = re.search(rf"{re.escape(label)}:?\s+{pattern}\b", flat)
        if not m:
            continue
        low = _int(m.group(1))
        high = _int(m.group(2)) if m.lastindex and m.lastindex >= 2 and m.group(2) else low
        got = [getattr(inc, f, None) for f in fields]
        name = "field." + fields[0].removesuffix("_min")
        if all(g is None for g in got):
            out.append(Check(name, low, None, MISSING, f"the text states: {m.group(0)}"))
        elif len(fields) == 2:
            ok = (got[0], got[1]) == (low, high)
            out.append(Check(name, low, got[0], OK if ok else MISMATCH,
                             None if ok else f"printed {low}–{high}, read {got[0]}–{got[1]}"))
        else:
            out.append(compare(name, low, got[0]))
        if fields[0] == "killed_min":
            after = flat[m.end(): m.end() + 120]
            b = _BREAKDOWN.match(after.lstrip())
            if b and inc.killed_max is not None:
                lows = [int(x) for x in
                        re.findall(r"(\d+)\s*(?:[-–]\s*\d+\s*)?\s+(?:child|wom|m[ae]n)", b.group(1), re.I)]
                parts = sum(lows)
                out.append(Check("killed.breakdown", inc.killed_max, parts,
                                 OK if parts <= inc.killed_max else MISMATCH,
                                 f"printed breakdown {b.group(0)}: at least {parts} of at most {inc.killed_max}"))
    for name, field, pattern in _WORDED:  # labelled values that are not figures
        m = re.search(pattern, flat)
        if m:
            empty = getattr(inc, field, None) is None
            out.append(Check(name, None, None, MISSING if empty else OK,
                             f"the text states: {m.group(0)}" if empty else None))
    if inc.killed_min is not None and inc.killed_max is not None and inc.killed_min > inc.killed_max:
        out.append(Check("killed.range", inc.killed_max, inc.killed_min, MISMATCH,
                         "the lower figure is above the upper one"))
    return out


# -- casualty claims -----------------------------------------------------------------------

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
# A toll beside its victims and a word of death, in either order: deliberately narrow.
_TOLL_EN = [
    re.compile(r"\b(\d[\d,]*)\s+(?:more\s+|other\s+)?(?:civilians?|people|persons|residents|children|women)\s+"
               r"(?:(?:were|have been|had been|was)\s+)?(?:killed|dead|died|lost their lives)\b", re.I),
    re.compile(r"\b(?:killed|killing|deaths? of|death toll (?:rose |has risen |climbed )?(?:to|of|at))\s+"
               r"(?:at least\s+|more than\s+|over\s+|nearly\s+|about\s+)?(\d[\d,]*)\s+"
               r"(?:civilians?|people|persons|residents)\b", re.I),
]
# Matched with the short vowels (harakat) taken out: "مدنياً" is written two ways.
_HARAKAT = re.compile(r"[\u064B-\u0652]")
_TOLL_AR = [
    re.compile(r"(?:مقتل|قتل|استشهاد|سقوط)\s+(?:ما لا يقل عن\s+|أكثر من\s+|نحو\s+)?(\d+)\s*"
               r"(?:مدني|مدنيين|مدنيا|شخص|أشخاص|شهيد|شهداء|قتيل|قتلى|مواطن)"),
    re.compile(r"(\d+)\s*(?:مدنيا|مدنيين|شخصا|أشخاص)\s+(?:على الأقل\s+)?"
               r"(?:قتلوا|لقوا حتفهم|فقدوا حياتهم|سقطوا|استشهدوا|قضوا)"),
]


def death_tolls(text: str) -> list[tuple[int, str]]:
    """(figure, sentence) for each toll a sentence states in so many words (a headline
    run into the next line may state two)."""
    out = []
    for s in sentences(text.translate(_ARABIC_DIGITS)):
        bare = _HARAKAT.sub("", s)
        figures = {int(m.group(1).replace(",", "")): m.start()
                   for pattern in _TOLL_EN + _TOLL_AR for m in pattern.finditer(bare)}
        out += [(n, s) for n in sorted(figures, key=figures.__getitem__)]
    return out


def _covered(figure: int, sentence: str, claims: Iterable) -> bool:
    squashed = " ".join(sentence.split())
    for c in claims:
        quote = " ".join((c.quote or "").translate(_ARABIC_DIGITS).split())
        if quote and (quote in squashed or squashed in quote):
            return True
        if figure in (c.killed_min, c.killed_max):
            return True
    return False


def claims(found: list, text: str) -> list[Check]:
    """Casualty claims (`crawler.parsers.claims.Claim`): every death toll a sentence
    states should have given one. A claim with the same figure, or quoting the
    sentence, counts as its reading (so a miss is a signal, not noise)."""
    tolls = death_tolls(text)
    if not tolls:
        return []
    missed = [(n, s) for n, s in tolls if not _covered(n, s, found)]
    out = [Check("claims.death_tolls", len(tolls), len(tolls) - len(missed),
                 OK if not missed else MISSING,
                 f"{len(tolls)} death tolls stated in so many words, {len(missed)} gave no claim")]
    out += [Check("claims.sentence", n, None, MISSING, s[:300]) for n, s in missed]
    return out
