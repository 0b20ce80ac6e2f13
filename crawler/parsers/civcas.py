"""CJTF-OIR monthly civilian-casualty reports: the report's counts and its allegations.

Works from the article text, era by era (docs/sources.md, "What the monthly-report parser reads"):

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

The eras and the copies (Airwars, ReliefWeb, ft.dk, news agencies quoting a report) word
the same figures many ways, so nothing here waits for one phrase: counts are read by what
a sentence means (an outcome word and the report count before it, see "counts"), list
headings by the outcome they announce, entries by a date and where it happened, behind
any list marker. Numbers may be digits, digits with separators or words ("Seventy-nine",
"Forty five"). Copies that run all paragraphs together (hathalyoum) or break lines
mid-sentence (ft.dk) are re-cut at the places a report's paragraphs and entries begin.
Nothing is guessed: a figure the text does not state stays None. docs/sources.md says
which wordings are read; tests/corpus/real/civcas/ holds real texts that show them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from crawler.places.gazetteer import find_place
from crawler.parsers import ParseFailure
from crawler.parsers.numbers import WORD as _WORD
from crawler.parsers.numbers import english_number

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

# 1,335 / 1139 / .94 excluded / Seventy-nine / one hundred and five
_UNIT = "one|two|three|four|five|six|seven|eight|nine"
# 1,335 / 1139 / Seventy-nine / Forty five / one hundred and five
NUM = (rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:(?:{_WORD})[- ]hundred(?: and)?[- ])?(?:{_WORD})"
       rf"(?:[- ](?:{_UNIT})\b)?)")

SOURCES = {  # the reporting-source phrase -> our name
    "social media": "social media", "media": "media", "airwars": "Airwars", "self": "self-report",
    "self-report": "self-report", "ngo": "NGO", "non-governmental organization": "NGO",
    "government": "government", "iraqi government": "government",
}
COUNTRIES = ("Iraq", "Syria")


def number(text: str | None) -> int | None:
    """'1,335' -> 1335, 'Seventy-nine' -> 79, 'one hundred and five' -> 105; None if not a number."""
    return english_number(text)


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

# List markers, printed in the text or added by a list rendering: "1.", "2)", "-", "--",
# "•", "*", "—", and combinations ("- 1.", "- --").
# List markers, and a quoter's marks before a quoted heading or entry ('"Credible Reports:', '…Aug. 23').
_MARKER = r"[-–—•*·\s\"“”‘’…]*"
_ENTRY_START = rf"(?:\d{{1,3}}[.)]\s+(?:On\s+)?{DATE}|On\s+{DATE},)"
_PARA_START = (
    r"(?:Credible Reports|Non-Credible Reports|Reopened Reports|"
    r"During the month of|In the month of|To date,|The Coalition conducted|"
    r"CJTF-OIR takes|After a thorough review|The following|\* The)"
)
# A heading's colon or dash with its first entry after it on the same line ('"Credible Reports:
# …Aug. 23, 2017, in Karabla, ...', as a story quotes it) is cut too, the quoter's ellipsis dropped.
_CUT = re.compile(rf"(?<=[.:;—–])\s*(?={_ENTRY_START}|{_PARA_START})"
                  rf"|(?:(?<=[Rr]eports:)|(?<=[Rr]eports\s[—–])|(?<=[Rr]eports[—–]))\s*(?:…|\.\.\.)?\s*(?={DATE})")
_TERMINAL = tuple(".:;—–!?\"”)")


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
            starts = re.match(rf"{_MARKER}(?:{_ENTRY_START}|{_PARA_START})", piece)
            if out and not starts and len(out[-1]) >= 40 and not out[-1].endswith(_TERMINAL):
                out[-1] += " " + piece  # a hard line break inside a sentence
            else:
                out.append(piece)
    return out


# -- counts ---------------------------------------------------------------------------------
#
# A count is a number near a word that names what is counted. The report (and every copy
# or news story quoting it) words its figures many ways: "Seventeen of these reports were
# assessed to be non-credible", "CJTF-OIR assessed the remaining 13 reports as
# non-credible", "found 12 reports received in October to be noncredible", "of which 31
# were assessed to be non-credible and 16 were assessed to be credible". So the figures are
# read sentence by sentence from the whole text (entries excluded): each word naming an
# outcome takes the nearest number before it that counts reports and that no other outcome
# word has taken, so that one sentence gives several counts. Nothing depends on one trigger
# phrase ("During the month of") being present.

# Outcome words, non-credible before credible (it contains it).
_OUTCOMES = [
    # a negation before the word, whatever verb sits between: "determined to not be credible"
    ("non_credible", r"(?:non|not)[- ]?credible|noncredible|unsubstantiated|without\s+merit"
                     r"|\bnot\s+(?:(?:be|been|being|deemed|found|considered|viewed\s+as|assessed(?:\s+to\s+be|\s+as)?)\s+){1,2}credible"),
    ("credible", r"(?<![-\w])credible(?!\s+or\b)|(?:had|have|has|with)\s+merit\b"),
    ("duplicate", r"duplicates?\b|duplicative\b|redundant\b"),
    ("reopened", r"re-?opened\b"),
    ("still_open", r"(?:still|remain(?:ed|s)?)\s+(?:open|pending|(?:being|under)\s+(?:assessed|assessment|review|reviewed|investigation|investigated|examined))"
                   r"|remain(?:ed|s)?\s+under\s+(?:assessment|review|investigation)"
                   # work still to do on them: "three more need further investigation"
                   r"|need(?:s|ed)?\s+(?:further|more|additional)\s+(?:investigation|review|assessment)"),
]
_OUTCOME_RE = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _OUTCOMES), re.I)
# "previously assessed to be non-credible": an earlier outcome, not the one stated now.
_PAST_OUTCOME = re.compile(r"\bpreviously\s+(?:been\s+)?(?:assessed|determined|found|judged|released|listed|closed)"
                           r"(?:\s+(?:to\s+be|as))?\s+(?:a\s+)?(?:(?:non|not)[- ]?credible|noncredible|credible|duplicates?)?", re.I)


def _present_outcomes(text: str):
    """Outcome words of `text`, those of an earlier outcome ("previously assessed to be
    non-credible") left out."""
    masked = _PAST_OUTCOME.sub(lambda m: "#" * len(m.group(0)), text)
    return _OUTCOME_RE.finditer(masked)
_COUNT_WORDS = rf"(?:{NUM}|none|zero|no)"
# What makes a number a count of reports: the noun after it, or a verb straight after it.
_COUNTED = re.compile(r"\s*(?:[\"“”'’]\s*)?(?:(?:of\s+(?:the|these|those)\s+)?(?:[\w.-]+\s+){0,4}?"
                      r"(?:reports?|allegations?|cases?|incidents?|strikes?|assessments?)\b"
                      r"|of\s+(?:these|them|those|which|whom)\b"
                      r"|(?:more|others?|additional|further)\s+(?:were|was|are|is|remain\w*|had|have|need\w*)\b"
                      r"|(?:were|was|are|is|remain\w*|had|have|has|that|to\s+be)\b)", re.I)
_CUMULATIVE = re.compile(r"\btotal number of\b|\bto date\b|\bin total\b|\b(?:since|from) the (?:start|beginning)\b|"
                         r"\b2014\s+(?:through|until|till|to)\s+(?:the\s+)?(?:end\s+of\s+)?[A-Z]|"
                         r"\b(?:between|from) (?:\w+\.? )?2014\b|\bsince (?:August )?2014\b|"
                         # "in three years", "in the past four years", "since the campaign began"
                         r"\b(?:in|over|during)\s+(?:the\s+(?:past|last|first)\s+)?(?:two|three|four|five|six|\d)\s+years\b|"
                         r"\bsince\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){1,3}?(?:began|begun|started|was\s+(?:launched|established|formed))\b|"
                         # "since the air campaign against ... was launched in 2014"
                         r"\bsince\b[^.;]{0,100}?\b(?:began|begun|started|launched)\s+in\s+(?:\w+\s+)?2014\b|"
                         r"\b(?:during|throughout|over the course of)\s+(?:the\s+)?(?:entire\s+|whole\s+)?Operation\s+Inherent\s+Resolve\b", re.I)
# "During this period, ..." belongs to the period of the sentence before it: the month
# ("In the month of April, ... During this period, the Coalition completed ...") or the
# whole campaign ("... between September 2014 and September 2017. During this time, 1,266
# reports ... were made").
_THIS_PERIOD = re.compile(r"^(?:During|In|Over|For|Throughout)\s+(?:this|that|the same)\s+(?:time|period)\b", re.I)


def _cumulative_flags(sents: list[str]) -> list[bool]:
    flags, before = [], False
    for s in sents:
        flag = bool(_CUMULATIVE.search(s)) or (bool(_THIS_PERIOD.match(s)) and before)
        flags.append(flag)
        before = flag
    return flags
_APPROX = re.compile(r"(?:more than|(?<!carried )(?<!carry )\bover|nearly|almost|about|around|approximately|roughly|up to|some)\s*$", re.I)
_FULL_DATE = re.compile(rf"\b{_MONTH_RE}\.?\s+\d{{1,2}}(?:,\s*|\s+)\d{{4}}|\b\d{{1,2}}\s+{_MONTH_RE}\s+\d{{4}}")


# A sentence that gives another claimant's figure ("Airwars says that at least 6,259
# civilians ...", "according to Airwars") states no figure of the report.
_OTHER_CLAIMANT = re.compile(r"\b(?:Airwars|Amnesty|Human Rights Watch|Observatory|SOHR|SNHR|Syrian Network|"
                             r"monitor(?:s|ing groups?)?|rights groups?|activists|Bureau of Investigative)\b", re.I)
_OWN_CLAIMANT = re.compile(r"\b(?:CJTF|coalition said|the coalition (?:has )?(?:acknowledged|assessed|found|determined)|"
                           r"the report|monthly report|release said|statement)\b", re.I)


# "Amnesty ... has challenged a statement from the US-led Coalition in which it acknowledges
# at least 1,302 ...": the figure after the coalition's own acknowledging verb is the
# coalition's, whoever else the sentence names before it.
_COALITION_STATES = re.compile(r"\b(?:coalition|CJTF[-\w]*)\b[^.;]{0,40}?\b(?:acknowledg|admit|concede)\w*", re.I)


_COMPARED = re.compile(r"\b(?:lower|higher|fewer|less|more|smaller|larger|greater|below|above)\s+than\b", re.I)


def _own(sentence: str) -> bool:
    return not _OTHER_CLAIMANT.search(sentence) or bool(re.search(r"\bCJTF", sentence))


def _own_text(sentence: str) -> str | None:
    """The part of a sentence that states the coalition's figures: all of it, or what
    follows the coalition's acknowledging verb when the others named come before it."""
    if _own(sentence):
        return sentence
    # "... at least 801 civilians ..., was far lower than figures provided by monitoring
    # groups": the others are named only as what the coalition's figure is compared with.
    compared = _COMPARED.search(sentence)
    if compared and not _OTHER_CLAIMANT.search(sentence, 0, compared.start()):
        return sentence[:compared.start()]
    says = _COALITION_STATES.search(sentence)
    if says and not _OTHER_CLAIMANT.search(sentence, says.end()):
        return sentence[says.end():]
    return None


def _value(word: str) -> int | None:
    w = word.strip().lower()
    return 0 if w in ("none", "zero", "no") else number(word)


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph: cut after . ! ? (and a closing quote) before a capital or
    a quote, never inside "Sept. 20" or ".94%"."""
    # A copy that lost the space after a full stop ("the statement said.The coalition"): a
    # lower-case word's full stop before a capital ends a sentence too.
    out = re.split(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z0-9])|(?<=[.!?][\"”])\s*(?=[A-Z“\"])"
                   r"|(?<=[a-z]{2}[.!?])(?=[A-Z][A-Za-z])", text)
    merged: list[str] = []
    for piece in out:
        if merged and re.search(rf"\b(?:{_MONTH_RE}|No|U\.S|St|Dr|Mr)\.$", merged[-1]):
            merged[-1] += " " + piece  # "Sept." / "No." / "U.S." do not end a sentence
        else:
            merged.append(piece)
    return [m.strip() for m in merged if m.strip()]


# "five of the 218 reports", "Out of the 20 completed reports": the number after a share's
# "of the" is the whole it is taken from ("a description of the nine strikes" is no share).
_OF_THE_WHOLE = re.compile(rf"(?:\bout|(?<![\w-])(?:{NUM}|none|each|some|most|many|all))\s+of\s+(?:the|these|those|all)\s+$", re.I)


# "the remaining nine", "the other six": the rest of the reports a sentence counts, whatever
# stands between the number and its verb.
_REMAINDER = re.compile(r"\b(?:the\s+)?(?:remaining|other)\s+$", re.I)


def _numbers(clause: str) -> list[re.Match]:
    """Count-like numbers in a clause: dates, years, percentages and item numbers masked."""
    masked = _FULL_DATE.sub(lambda m: "#" * len(m.group(0)), clause)
    masked = re.sub(r"\b(?:19|20)\d\d\b|\d*\.\d+%?|\d+%", lambda m: "#" * len(m.group(0)), masked)
    found = []
    for m in re.finditer(rf"(?<![\w#-]){_COUNT_WORDS}(?![\w#-])", masked, re.I):
        word = clause[m.start():m.end()]
        if word.lower() == "no" and not re.match(r"\s+(?:reports?|allegations?)\b", masked[m.end():], re.I):
            continue  # "no" counts only as "no reports"
        if _OF_THE_WHOLE.search(masked[:m.start()]):
            continue  # "five of the 218 reports": 218 is the whole, not a count of an outcome
        remainder = _REMAINDER.search(masked[:m.start()])  # "The remaining nine, relating to ..., were"
        if (_COUNTED.match(masked, m.end()) or remainder) and not _APPROX.search(masked[:m.start()]):
            found.append(m)
    return found


def _outcome_counts(sentence: str, cumulative: bool = False) -> dict[str, int]:
    """{outcome: count} stated in one sentence (each number used once); a cumulative
    sentence states none of the month's unless `cumulative` asks for its own."""
    if _CUMULATIVE.search(sentence) and not cumulative:
        return {}
    counts: dict[str, int] = {}
    numbers = _numbers(sentence)
    floor = 0  # a number is taken by the first outcome word after it
    for m in _present_outcomes(sentence):
        name = m.lastgroup
        before = [n for n in numbers if floor <= n.start() and n.end() <= m.start()]
        floor = m.end()
        if not before or name in counts:
            continue
        value = _value(sentence[before[-1].start():before[-1].end()])
        if value is not None:
            counts[name] = value
    return counts


def _first(pattern: str, texts: list[str], flags=re.I) -> int | None:
    for t in texts:
        m = re.search(pattern, t, flags)
        # the pattern's one number, whichever of its alternatives matched
        g = next((i for i in range(1, (m.lastindex or 0) + 1) if m.group(i) is not None), None) if m else None
        if m is not None and g is not None and not _APPROX.search(t[:m.start(g)]):
            value = _value(m.group(g))
            if value is not None:
                return value
    return None


def _month_in(sentence: str) -> tuple[int, str | None] | None:
    """The month a counts sentence names ("In the month of April", "December 2016,",
    "assessed in September"): not a date ("July 26"), nor a span ("between November 2016
    and March 2017", the cumulative "between August 2014 and ...")."""
    masked = _FULL_DATE.sub(lambda m: "#" * len(m.group(0)), sentence)
    masked = re.sub(rf"\b{_MONTH_RE}\.?\s+\d{{1,2}}\b", lambda m: "#" * len(m.group(0)), masked)
    masked = re.sub(rf"\b(?:between|from)\s+(?:the\s+)?(?:end of\s+)?{_MONTH_RE}\.?,?(?:\s+\d{{4}})?\s+(?:and|to|through)\s+"
                    rf"(?:the\s+)?(?:end of\s+)?{_MONTH_RE}\.?,?(?:\s+\d{{4}})?", lambda m: "#" * len(m.group(0)), masked)
    masked = re.sub(rf"between August 2014 and (?:the )?(?:end of )?{_MONTH_RE}\.?,?(?: \d{{4}})?", "#", masked)
    month = rf"({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b"  # capitalised: not "may"
    m = re.search(rf"\b(?:month|period) of\s+{month}", masked) or re.search(rf"\b{month}", masked)
    if not m:
        return None
    return MONTHS[m.group(1).lower()], m.group(2)


def _year_for(month: int, text: str, published: str | None) -> str | None:
    name = r"|".join(k for k, v in MONTHS.items() if v == month)
    m = re.search(rf"\b(?:end of|through|and) (?:the )?(?:end of )?(?:{name})\.?,?\s+(\d{{4}})", text, re.I)
    if m:
        return m.group(1)
    if published:  # reports appear one to two months after the month they cover
        year, pub_month = int(published[:4]), int(published[5:7])
        return str(year if month < pub_month else year - 1)
    return None


_RECEIVED = (rf"\breceived\s+({NUM})\s+(?:new\s+)?(?:[\w-]+\s+){{0,2}}?(?:reports?|allegations?|ones)\b"
             # "the 16 reports it received in November"
             rf"|\b({NUM})\s+(?:new\s+)?(?:reports?|allegations?)\s+(?:that\s+|which\s+)?"
             rf"(?:it|they|the\s+coalition|the\s+task\s+force|CJTF[-\w]*)\s+(?:had\s+|has\s+)?received\b")
_CARRIED = (rf"\b(?:carried (?:over|forward)|continued (?:investigating|assessing|to assess)|brought forward)\s+"
            rf"(?:a total of\s+)?({NUM})\b")
_PREVIOUS = rf"\bassessed\s+({NUM})\s+previously received"
# Reports still being worked on, told as the coalition's ongoing work.
_STILL_ASSESSING = (rf"\b(?:(?:is|was|are|were)\s+(?:still\s+)?(?:investigating|assessing|reviewing|examining|looking\s+into)"
                    rf"|continues\s+to\s+(?:investigate|assess|review|examine))\s+"
                    rf"(?:another\s+|an?\s+(?:additional|further)\s+)?({NUM})\s+(?:[\w-]+\s+){{0,3}}?"
                    rf"(?:reports|allegations|cases|claims|messages|complaints)\b")
_COMPLETED = [
    rf"\bcomplet\w*\s+(?:the\s+|an?\s+|its\s+|their\s+)?(?:assessments?|reviews?|investigations?|analys[ie]s)\s+"
    rf"(?:(?:in|during)\s+{_MONTH_RE}(?:\s+\d{{4}})?\s+)?(?:on|of|into)\s+({NUM})\b",
    rf"\bcompleted\s+({NUM})\b",
    rf"\b(?:assessment|review)s?\s+of\s+({NUM})\s+(?:[\w-]+\s+){{0,5}}?(?:has|have)\s+been\s+completed",
    rf"\b({NUM})\s+(?:[\w-]+\s+){{0,5}}?(?:has|have)\s+been\s+completed",
    rf"\bout of the\s+({NUM})\s+completed",
    rf"\bfinished assessing\s+({NUM})\b",
    rf"\bresults of\s+({NUM})\s+(?:more\s+|additional\s+|new\s+)?(?:[\w-]+\s+){{0,3}}?(?:assessments|investigations)\b",
    rf"\b({NUM})\s+(?:[\w-]+\s+){{0,4}}?assessment reports\b",
    rf"\b(?:assessed|investigated|reviewed)\s+({NUM})\s+(?!previously)(?:(?!previously)[\w-]+\s+){{0,2}}?reports?\b(?!\s+(?:as|to be)\b)",
]
_DEATHS = rf"\b({_COUNT_WORDS})\s*[\"“”]?\s*(?:unintentional|unintended)\s+civilian\s+deaths?"
_INJURED = rf"\b({_COUNT_WORDS})\s*[\"“”]?\s*(?:unintentional|unintended)\s+civilian\s+injur"
# A release's own toll in the words of 2015-16 and of news rewrites: "have likely resulted in
# the death of two civilians and injuries to an additional four civilians", "likely resulted in
# the deaths of four non-combatants", "may have killed 64 civilians, and injured another eight".
_HARMED_NOUN = r"(?:civilians?|non-?combatants?|people)"
_RELEASE_DEATHS = (rf"\b(?:resulted|result|resulting)\s+in\s+the\s+deaths?\s+of\s+({NUM})\s+{_HARMED_NOUN}"
                   rf"|\b(?:may|might|likely|to)\s+have\s+killed\s+({NUM})\s+{_HARMED_NOUN}")
_RELEASE_INJURED = (rf"\binjur(?:y|ies)\s+to\s+(?:an?\s+additional\s+|another\s+)?({NUM})\s+(?:more\s+)?{_HARMED_NOUN}"
                    rf"|\bkilled\s+{NUM}\s+{_HARMED_NOUN},?\s+and\s+(?:injured|wounded)\s+(?:another\s+|an\s+additional\s+)?({NUM})\b"
                    # "Five civilians were killed and eight wounded"
                    rf"|\b{NUM}\s+{_HARMED_NOUN}\s+(?:were|had\s+been|have\s+been)\s+(?:\w+ly\s+)?killed\s+and\s+"
                    rf"({NUM})\s+(?:others?\s+|more\s+)?(?:were\s+|had\s+been\s+|have\s+been\s+)?(?:injured|wounded)\b")
# A news story's wording of the same toll, tried after every other: "resulting in the nine
# civilian fatalities", "US-led air strikes have killed five civilians", "coalition air strikes
# last year killed five civilians" (several strikes: one strike's toll is an entry's, not the
# report's).
_STORY_DEATHS = (rf"\bresult\w*\s+in\s+(?:the\s+)?({NUM})\s+(?:(?:likely|additional|more)\s+)?civilian\s+(?:deaths|fatalities)\b"
                 # "confirmed another 61 civilian deaths": an increment is the month's toll
                 rf"|\b(?:confirm|acknowledg|admitt?|identifi|identify|conced)\w*\s+(?:another|an?\s+additional|a\s+further)\s+"
                 rf"({NUM})\s+(?:more\s+)?(?:likely\s+)?civilian\s+(?:deaths|fatalities)\b"
                 # "killed 54 civilians in the period between March 31 and 22 October": a toll
                 # over a window of strikes is a release's
                 rf"|\bkilled\s+({NUM})\s+{_HARMED_NOUN}\s+(?:in\s+the\s+period\s+|during\s+the\s+period\s+)?between\b"
                 rf"|\b(?:air\s*)?strikes\s+(?:[\w-]+\s+){{0,3}}?killed\s+(?:at\s+least\s+)?({NUM})\s+{_HARMED_NOUN}"
                 rf"|\b(?:have|has|likely)\s+killed\s+({NUM})\s+{_HARMED_NOUN}")
# "killed another 14 civilians", "the deaths of 16 more civilians": the civilians a report
# adds to the toll are its own, before any partial figure the story breaks them into.
_INCREMENT_DEATHS = (rf"\b(?:killed|killing|deaths?\s+of)\s+(?:another|an?\s+additional|a\s+further)\s+({NUM})\s+{_HARMED_NOUN}"
                     # "the total includes 45 civilian deaths for which investigations were completed"
                     rf"|\b(?:total|toll|tally|figure)\s+includes?\s+({NUM})\s+(?:new\s+|more\s+)?civilian\s+deaths\b"
                     # "has confirmed an additional 50 civilians killed"
                     rf"|\b(?:another|an?\s+additional|a\s+further)\s+({NUM})\s+{_HARMED_NOUN}\s+"
                     rf"(?:(?:were|had\s+been|have\s+been)\s+)?(?:\w+ly\s+)?killed\b"
                     rf"|\b(?:killed|killing|deaths?\s+of)\s+({NUM})\s+(?:more|additional|further)\s+{_HARMED_NOUN}")
# "identified 50 new unintentional civilian casualties": the month's toll in a story's word,
# read only when no wording of deaths gives it.
_NEW_CASUALTIES = rf"\b({NUM})\s+(?:new\s+|more\s+|additional\s+)?(?:unintentional|unintended)\s+civilian\s+casualties\b"
_PREPONDERANCE = rf"\bpreponderance of (?:the\s+)?evidence indicates\s+(?:that\s+)?({NUM})\s+(?:separate\s+)?(?:[\w.-]+\s+){{0,2}}?(?:air)?strikes\b"


def _count_paragraphs(paras: list[str]) -> list[str]:
    """The paragraphs counts are read from: all but the entries. A paragraph of prose that
    opens with a dated strike ("On January 9, 2017, near ..., two civilians were killed
    ... . Of the other ... reports reviewed, 149 were deemed non-credible ...") is an entry
    by its first sentence only."""
    body = []
    for p in paras:
        if not _ENTRY.match(p):
            body.append(p)
        elif re.match(rf"{_MARKER}On\s+{DATE}", p) and len(rest := sentences(p)[1:]):
            body.append(" ".join(rest))
    return body


def _counts(report: Report, paras: list[str]) -> None:
    body = _count_paragraphs(paras)
    sents = [s for p in body for s in sentences(p)]
    flags = _cumulative_flags(sents)
    # A cumulative clause ("to date ... at least 883 civilians") may share its sentence with
    # a monthly one ("whereas a total of 475 reports are still open").
    monthly: list[str] = []
    cumulative: list[str] = []
    for raw, flag in zip(sents, flags, strict=True):
        sent = _own_text(raw)
        if sent is None:
            continue
        # "another 119 civilians were killed, pushing the total number of such deaths to
        # 603": the month's toll before the clause that gives the running total.
        carried = flag and not _CUMULATIVE.search(sent)  # "During this period" after a cumulative one
        # ", which brings the total ... to at least 1,313" is such a clause too.
        for i, clause in enumerate(re.split(r",?\s+whereas\s+|;\s+|,\s+(?=(?:bringing|pushing|raising|taking|lifting|"
                                            r"increasing|putting|(?:which|that)\s+(?:brings|pushes|raises|takes|lifts|"
                                            r"increases|puts))\s+(?:the|its|this|their)\b)", sent)):
            is_cumulative = bool(_CUMULATIVE.search(clause)) or (i == 0 and carried)
            (cumulative if is_cumulative else monthly).append(clause)
    outcomes: dict[str, int] = {}
    for s in monthly:
        for name, value in _outcome_counts(s).items():
            outcomes.setdefault(name, value)
    report.credible = outcomes.get("credible")
    report.non_credible = outcomes.get("non_credible")
    report.duplicate = outcomes.get("duplicate")
    report.still_open = outcomes.get("still_open")
    report.reopened = outcomes.get("reopened")
    if report.still_open is None:  # "is investigating another 455 reports", "was still assessing 695"
        # Reports still being assessed are the month's end state, never a running total,
        # even in the clause after one ("killed since the start ... and the coalition is
        # still assessing another 695 reports").
        report.still_open = next((v for texts in (monthly, cumulative)
                                  if (v := _first(_STILL_ASSESSING, texts)) is not None), None)
    report.received_new = _first(_RECEIVED, monthly)
    report.carried_over = _first(_CARRIED, monthly)
    report.assessed_previously_received = _first(_PREVIOUS, monthly)
    report.completed = next((v for rx in _COMPLETED if (v := _first(rx, monthly)) is not None), None)
    report.deaths_this_report = next((v for rx in (
        _DEATHS, rf"unintended death of ({NUM})", _RELEASE_DEATHS, _INCREMENT_DEATHS,
        # "119 civilians were killed", "Five more civilians have been confirmed killed"
        rf"\b({NUM})\s+(?:more\s+|additional\s+)?civilians?\s+(?:had\s+|have\s+)?"
        rf"(?:died|(?:were|had been|have been)\s+(?:\w+ly\s+|confirmed\s+)?killed)", _STORY_DEATHS,
        _NEW_CASUALTIES)
        if (v := _first(rx, monthly)) is not None), None)
    report.injured_this_report = next((v for rx in (_INJURED, _RELEASE_INJURED)
                                       if (v := _first(rx, monthly)) is not None), None)
    if report.credible is None:  # 2015-16: "the preponderance of evidence indicates five separate U.S. strikes ..."
        report.credible = _first(_PREPONDERANCE, monthly)
    _month(report, [s for s, f in zip(sents, flags, strict=True) if not f], " ".join(body))
    _cumulative(report, cumulative, [t for s in sents if (t := _own_text(s)) is not None])


def _is_counts_sentence(s: str) -> bool:
    return bool(_outcome_counts(s) or re.search(f"{_RECEIVED}|{_CARRIED}|{_PREVIOUS}", s, re.I)
                or any(re.search(rx, s, re.I) for rx in _COMPLETED))


_HEARSAY = re.compile(r"\b(?:reportedly|allegedly)\b", re.I)


def _month(report: Report, sents: list[str], whole: str) -> None:
    # The month is the one the counts are stated for; else the one a sentence names as
    # its period ("During the month of June 2017, CJTF-OIR completed ... several reports").
    found = next((f for s in sents if _is_counts_sentence(s) and (f := _month_in(s))), None)
    if found is None:
        period = re.search(rf"\b(?:during|in)\s+the\s+(?:month|period)\s+of\s+({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?",
                           whole, re.I)
        if period:
            found = MONTHS[period.group(1).lower()], period.group(2)
    if found:
        month, year = found
        year = year or _year_for(month, whole, report.published)
        report.month_covered = f"{year}-{month:02d}" if year else None
        return
    # No month by the counts: the cumulative span ends with the month covered, unless the
    # text only relays it ("The coalition reportedly conducted 34,514 strikes between August
    # 2014 and the end of May 2019": an older report's window, quoted second-hand).
    stated = " ".join(s for s in sentences(whole) if not _HEARSAY.search(s))
    m = re.search(rf"between August 2014 and (?:the )?(?:end of )?({_MONTH_RE})\.?,? (\d{{4}})", stated)
    if m:
        report.month_covered = f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}"


# A strike total: "34,573*", and as a copy may print it, "34, 514"; "raids" in some outlets.
_STRIKES_NUM = rf"\d{{1,3}}(?:,\s\d{{3}})+|{NUM}"
_STRIKES_WORD = r"(?:air\s*)?(?:strikes|raids)\b"
# The coalition's own running toll told as killing: "likely killed 188 civilians ... since the
# start", "killing not less than 1321 civilian", "acknowledged killing of 685 civilians",
# "confirmed the death of 624 civilians" (in a sentence that is cumulative).
_KILLED_SINCE = (rf"\b(?:killed|killing(?:\s+of)?|(?:the\s+)?deaths?\s+of)\s+"
                 rf"(?:at\s+least\s+|not\s+less\s+than\s+|no\s+fewer\s+than\s+|a\s+total\s+of\s+)?({NUM})\s+"
                 rf"(?:civilians?|non-?combatants|people)\b")
# A rounded running toll ("killed more than 1,100 civilians ... since 2014") and the precise
# figure a later sentence gives ("1,114 civilians were killed", "killing 1,114 civilians").
_ROUNDED_SINCE = rf"\b(?:more than|over|nearly|almost|about|around|some)\s+({NUM})\s+(?:civilians?|non-?combatants|people)\b"
_PRECISE_KILLED = (rf"\b({NUM})\s+(?:civilians?|non-?combatants|people)\s+(?:were|had been|have been)\s+(?:\w+ly\s+)?killed"
                   rf"|{_KILLED_SINCE}")


def _rounded_then_precise(cumulative: list[str], sents: list[str]) -> int | None:
    """The precise figure a rounded running toll stands for: the first figure of killing in
    any sentence that the rounded one rounds (within 5%, not below a "more than")."""
    rounded = None
    for t in cumulative:
        m = re.search(_ROUNDED_SINCE, t, re.I)
        if m and re.search(r"\bkill|\bdeaths?\b|\bdied\b", t, re.I):
            rounded = (number(m.group(1)), m.group(0).lower())
            break
    if rounded is None:
        return None
    value, words = rounded
    if not value:
        return None
    for t in sents:
        for m in re.finditer(_PRECISE_KILLED, t, re.I):
            got = _value(next(g for g in m.groups() if g is not None))
            if got is None or got == value or abs(got - value) > value * 0.05 or _APPROX.search(t[:m.start()]):
                continue
            if words.startswith(("more than", "over")) and got < value:
                continue
            return got
    return None


def _cumulative(report: Report, cumulative: list[str], sents: list[str]) -> None:
    for s in cumulative:
        m = re.search(rf"\b(?:conducted|carried out|a total of)\s+(?:a total of\s+)?({_STRIKES_NUM})(\*?)\s+{_STRIKES_WORD}", s, re.I)
        if m and report.cumulative_strikes is None and not _APPROX.search(s[:m.start(1)]):
            report.cumulative_strikes = number(m.group(1))
            report.cumulative_strikes_marked = bool(m.group(2))
        if report.cumulative_engagements is None:
            report.cumulative_engagements = _first(rf"\b({NUM})\s+(?:separate\s+)?engagements", [s])
        # "the total number of [credible] reports ... was N", several in one sentence
        for part in re.split(r"(?=\btotal number of\b)", s, flags=re.I):
            t = re.match(rf"total number of\s+(.{{0,120}}?)\s+(?:was|is|were|stood at|stands at|reached)"
                         rf"(?:\s+now)?\s+({NUM})\b", part, re.I)
            if not t:
                continue
            if re.search(r"\b(?:deaths|killed|dead)\b", t.group(1), re.I):
                field_name = "cumulative_civilian_deaths"
            elif not re.search(r"reports?", t.group(1), re.I):
                continue
            elif re.search(r"(?<![-\w])credible", t.group(1), re.I):
                field_name = "cumulative_credible_reports"
            else:
                field_name = "cumulative_reports_received"
            if getattr(report, field_name) is None:
                setattr(report, field_name, number(t.group(2)))
        if report.cumulative_credible_reports is None:
            report.cumulative_credible_reports = _first(
                rf"civilian casualties (?:was|is) {NUM}, of which ({NUM}) (?:were|was) assessed to be credible", [s])
    for s in cumulative:  # "1,266 reports ... were made, but the coalition found only 194 of these to be credible"
        credible = _outcome_counts(s, cumulative=True).get("credible")
        if report.cumulative_credible_reports is None and credible is not None:
            report.cumulative_credible_reports = credible
        if report.cumulative_reports_received is None:
            report.cumulative_reports_received = _first(
                rf"\b({NUM})\s+(?:reports|allegations)\s+of\s+(?:possible\s+|potential\s+|alleged\s+)?civilian\s+(?:casualties|harm|deaths)"
                r"(?!\s+(?:were|was)\s+(?:assessed|determined|found))", [s])
    if report.cumulative_strikes is None:  # "has conducted 34,464 strikes": to date, whatever the sentence
        m = next((m for s in sents if (m := _TO_DATE_STRIKES.search(s)) and not _APPROX.search(s[:m.start(1)])), None)
        if m:
            report.cumulative_strikes, report.cumulative_strikes_marked = number(m.group(1)), bool(m.group(2))
    killing = [s for s in sents if re.search(r"\bkill|\bdeaths?\b|\bdied\b", s, re.I)]
    if report.cumulative_civilian_deaths is None:  # "increasing the toll of non-fighters killed to at least 892"
        report.cumulative_civilian_deaths = _first(_TOLL_REACHED, killing)
    if report.cumulative_civilian_deaths is None:
        # "killing another nine civilians, bringing its total to 892", "this takes the number
        # of civilian casualties ... up, to 1,291 people", "which brings the total ... to at
        # least 1,313", "The deaths bring to at least 21 the number of civilians": the total a
        # sentence brings up to date comes before any other "at least N civilians" (an older
        # report's figure, "In late June, ... at least 1,319", is often quoted beside it).
        harm = [s for s in sents if re.search(r"\bkill|\bdeaths?\b|\bdied\b|\bcasualt", s, re.I)]
        report.cumulative_civilian_deaths = _first(_BROUGHT_TO, harm)
    if report.cumulative_civilian_deaths is None:
        report.cumulative_civilian_deaths = _precise(_AT_LEAST_CIVILIANS, killing)
    if report.cumulative_civilian_deaths is None:  # "likely killed 188 civilians ... since the start"
        report.cumulative_civilian_deaths = _precise(_KILLED_SINCE, cumulative)
    if report.cumulative_civilian_deaths is None:  # "more than 1,100 ... since 2014" then "1,114 civilians were killed"
        report.cumulative_civilian_deaths = _rounded_then_precise(cumulative, sents)
    if report.cumulative_civilian_deaths is None:  # "it has recorded 229 civilian deaths ... since 2014"
        report.cumulative_civilian_deaths = _first(
            rf"\b({NUM})\s+(?:unintended\s+|unintentional\s+)?civilian\s+(?:deaths|casualties)\b", cumulative)


_TO_DATE_STRIKES = re.compile(rf"\b(?:has|have)\s+(?:\w+\s+)?(?:conducted|carried out)\s+(?:a total of\s+)?({_STRIKES_NUM})(\*?)\s+"
                              rf"{_STRIKES_WORD}", re.I)
_TOLL_REACHED = (rf"\b(?:(?:death\s+)?toll|figure|tally)\b[^.;]{{0,80}}?\b(?:reached|(?:risen|rose|soared|climbed|jumped|grew)\s+to|"
                 rf"stands? at|stood at|to)\s+"
                 rf"(?:at least\s+)?({NUM})\b")
_BROUGHT_TO = (rf"\b(?:bring|take|raise|push|increase)\w*\s+(?:its|the|this)\s+(?:[\w-]+\s+){{0,3}}?(?:total|toll|number)\b"
               rf"[^.;]{{0,120}}?\bto\s+(?:at\s+least\s+)?({NUM})\b"
               rf"|\b(?:bring|take|raise|push)\w*\s+to\s+(?:at\s+least\s+)?({NUM})\s+(?:the|its)\s+(?:total|toll|number)\b")
_AT_LEAST_CIVILIANS = rf"\bat least\s+({NUM})\s+(?:civilians\b|(?:unintended\s+|unintentional\s+)?civilian\s+deaths\b)"


def _precise(pattern: str, texts: list[str]) -> int | None:
    """The first figure `pattern` finds, unless it is a round figure that a later, precise
    one rounds ("At least 800 civilians ..." in a story's opening, "at least 801" in the
    report's words): then the precise one."""
    found = [v for t in texts for m in re.finditer(pattern, t, re.I)
             if not _APPROX.search(t[:m.start(1)]) and (v := _value(m.group(1))) is not None]
    if not found:
        return None
    first = found[0]
    if first and first % 100 == 0:
        near = [v for v in found[1:] if v % 100 and abs(v - first) <= first * 0.05]
        if near:
            return near[0]
    return first


# -- entries --------------------------------------------------------------------------------

_ENTRY = re.compile(rf"^{_MARKER}(?:(\d{{1,3}})[.)]\s+{_MARKER})?(?:On\s+|An?\s+)?({DATE}),?\s*(.*)$")
# A list heading names an outcome: "Credible Reports —", "Non-Credible Reports", "...assessed
# that the following 12 reports received in October are non-credible", "...the nine U.S.
# strikes ... determined to be credible:". Any wording: a paragraph that begins with
# "<outcome> reports", or a sentence that announces what follows ("following", or a
# closing colon) and names an outcome, opens a list of that outcome.
_HEAD_START = re.compile(rf"^{_MARKER}(Non[- ]?Credible|Credible|Duplicate|Reopened|Open|Still Open)\s+"
                         r"(?:Reports?|Allegations?|Cases?)\b", re.I)
_SECTION_NAMES = {"non_credible": "non_credible", "credible": "credible", "duplicate": "duplicate",
                  "reopened": "reopened", "still_open": "open"}


def _heading(paragraph: str) -> str | None:
    """The outcome whose list this paragraph opens, or None."""
    m = _HEAD_START.match(paragraph)
    if m:
        found = _OUTCOME_RE.search(m.group(1) + " reports") or None
        word = m.group(1).lower()
        if word.startswith("open") or word.startswith("still"):
            return "open"
        return _SECTION_NAMES[found.lastgroup] if found and found.lastgroup else None
    for s in sentences(paragraph):
        announces = re.search(r"\bfollowing\b", s, re.I)
        if not announces and not s.rstrip().endswith(":"):
            continue
        tail = s[announces.end():] if announces else s
        found = next(_present_outcomes(tail), None)
        if found:
            return _SECTION_NAMES[found.lastgroup]
    return None


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


_VERB = r"(?:were|was|had been|have been|has been)\s+(?:\w+ly\s+)?(killed|injured|wounded)"
# "two civilians were killed", "four were injured", "one civilian on a motorcycle was
# killed", "the three civilians were unintentionally killed": the number, up to a few
# words that name the people (no other number or verb among them), then the verb.
_HARMED = re.compile(rf"\b({NUM})\b((?:\s+(?!(?:were|was|had|have|has|and|but)\b)[\w'-]+){{0,8}}?)\s+{_VERB}", re.I)
# "killed two civilians", "injured two civilians and killed three"
_HARMED_AFTER = re.compile(rf"\b(killed|injured|wounded|killing|injuring|wounding)\s+({NUM})\b(?:\s+(?:more\s+|other\s+)?"
                           r"(civilians?|people|persons?|children|women|men))?", re.I)

_TOOK_LIVES = re.compile(rf"\b(?:took|claimed|cost)\s+(?:the\s+)?lives\s+of\s+({NUM})\s+(?:civilians?|people|persons)\b", re.I)


def _casualties(reason: str) -> tuple[int | None, int | None]:
    killed = injured = None

    def add(verb: str, value: int | None) -> None:
        nonlocal killed, injured
        if value is None:
            return
        if verb.lower() in ("killed", "killing"):
            killed = value if killed is None else killed + value
        else:
            injured = value if injured is None else injured + value

    taken = []
    # "happened July 14 when 10 civilians were killed": 14 is a day, no toll
    days_masked = re.sub(rf"(\b{_MONTH_RE}\.?\s+)(\d{{1,2}})\b", lambda d: d.group(1) + "#" * len(d.group(2)), reason)
    for m in _HARMED.finditer(days_masked):
        words = m.group(2).lower()
        if words and not re.search(r"\b(?:civilians?|people|persons?|children|women|men|family|"
                                   r"members?|bystanders?|individuals?|more|others?|additional)\b", words):
            continue  # "two ISIS fighters were killed" is not a civilian casualty
        if re.search(r"\b(?:isis|isil|daesh|fighters?|militants?|enemy)\b", words):
            continue
        add(m.group(3), number(m.group(1)))
        taken.append(m.span())
        more = re.match(rf"\s+and\s+({NUM})\s+(?:(?:others?|more|civilians?|people)\s+)?(killed|injured|wounded)\b",
                        reason[m.end():], re.I)
        if more:  # "... were killed and two others wounded": the verb's auxiliary left out
            add(more.group(2), number(more.group(1)))
            taken.append((m.end(), m.end() + more.end()))
    for m in _HARMED_AFTER.finditer(reason):
        if any(a <= m.start() < b for a, b in taken):
            continue
        follows = re.search(r"\b(?:kill|injur|wound)\w*\s+\S+\s+(?:civilians?|people)\b[^.]*\band\s*$",
                            reason[:m.start()], re.I)
        if m.group(3) or follows:  # "injured two civilians and killed three"
            add(m.group(1), number(m.group(2)))
    for m in _TOOK_LIVES.finditer(reason):  # "the incident which took lives of 27 civilians"
        if not any(a <= m.start() < b for a, b in taken):
            add("killed", number(m.group(1)))
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


# Where the place ends: the clause about the strike ("during a strike on ...", "during
# strikes against ...", "on an ISIS-traveled road", "that destroyed ...", "which injured ...").
_CLAUSE = re.compile(r"(?:during|when|while|as|after|in)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:air)?strikes?\b|"
                     r"(?:that|which)\s+\w+|(?:on|against|targeting)\s+(?:an?|the)\s|"
                     r"it (?:is|was) assessed\b|"
                     rf"{NUM}\s+(?:[\w'-]+\s+){{0,3}}?(?:were|was)\s+(?:\w+ly\s+)?(?:killed|injured|wounded)\b", re.I)
# A country named as an adjective or a possessive in prose: "the Iraqi city of Mosul",
# "the Deir Ezzor region of Syria's Euphrates Valley".
_COUNTRY_WORD = re.compile(r"\b(Iraq|Syria)(?:i|n)?(?:['’]s)?\b")


def _entry(line: str, section: str | None) -> Allegation | None:
    m = _ENTRY.match(line)
    if not m:
        return None
    item = int(m.group(1)) if m.group(1) else None
    date = parse_date(m.group(2))
    head, reason = _head(m.group(3))
    parts = [p.strip() for p in head.split(",") if p.strip()]
    if parts:  # a news rewrite: "A Jan. 9, 2017, strike near Mosul, Iraq, that ..."
        parts[0] = re.sub(r"^(?:air\s*)?strikes?\s+(?=(?:near|in|on|outside|west|east|north|south)\b)", "",
                          parts[0], flags=re.I)
    # The pre-monthly narrative (2015-16) runs place and finding into one sentence:
    # "On <date>, in <village>, <country>, near <town>, during a strike on <target>, it is
    # assessed that ...": the place ends where the clause about the strike begins.
    clause = next((i for i, p in enumerate(parts) if _CLAUSE.match(p)), None)
    # A paragraph of prose that opens with a dated strike ("On January 9, 2017, near ...,
    # two civilians were killed ... . Of the other reports, ...") tells this strike in its
    # first sentence: the sentences after it are the story's (read for the report's counts),
    # and their figures are never this strike's casualties.
    prose = item is None and re.match(rf"{_MARKER}On\s+{DATE}", line) is not None
    own = reason
    if clause:
        own = ", ".join(parts[clause:]) + "."
        reason = own + (" " + reason if reason else "")
        parts = parts[:clause]
    elif clause == 0:
        # the sentence opens with its finding ("On Nov. 1, 2017, three civilians were killed
        # ... in the Deir Ezzor region of Syria"): the place is inside it
        own = reason = ", ".join(parts) + "."
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
    if country is None and location:
        named = {m.group(1) for m in _COUNTRY_WORD.finditer(location)}
        country = named.pop() if len(named) == 1 else None
    # "Kubaysah, near Hit" / "Halabisa, west of Fallujah": the first name is the place.
    place = find_place(location_parts[0]) if location_parts else None
    place = place or find_place(location)
    location_parts = [part for part in location_parts if re.search(r"[A-Za-z]", part)]
    # An entry names where: a country, a known place, or a place phrase ("near X", "X
    # Province"). A date with anything else after it (a dateline, "April 30, 2017 —", "A
    # Dec. 30, 2018 report said ...") is no entry.
    where = re.compile(r"^(?:near|in|outside|around|(?:\w+\s+)?(?:west|east|north|south)\w*\s+of)\b|"
                       r"\b(?:Province|Governorate|district|village|city)\b", re.I)
    if country is None and not any(where.search(part) or find_place(part) for part in location_parts):
        return None  # a date alone on a line (a dateline, "April 30, 2017 —") is no entry
    category = _reason_category(reason)
    assessment = section
    # The entry's own words refine its list's outcome (a duplicate listed among the
    # non-credible reports), never override another one (a credible list stays credible).
    if category == "duplicate" and section in (None, "non_credible", "duplicate"):
        assessment = "duplicate"
    elif section is None:
        if _credible_text(reason):
            assessment = "credible"
        elif category is not None:
            assessment = "non_credible"
    harm = own if prose else reason
    killed, injured = _casualties(harm) if assessment in ("credible", "reopened") else (None, None)
    a = Allegation(
        item=item, allegation_date=date, location=location, place=place.name if place else None,
        country=country, reporting_source=source, assessment=assessment,
        reason_category=category, reason_text=reason or None,
        civilians_killed=killed, civilians_injured=injured,
    )
    corr = re.search(rf"previously (?:incorrectly |erroneously |wrongly )?(?:released|reported|listed|published)"
                     rf" as ({DATE})(?:,? in the ({DATE}),? monthly report)?", reason, re.I)
    # A duplicate's "previously released as <date>" names the report it repeats: only
    # correction wording makes it a date correction, and a "correction" to the entry's
    # own date corrects nothing.
    if corr and category == "duplicate" and not re.search(r"correct|incorrect|erroneous|wrong", reason, re.I):
        corr = None
    if corr and parse_date(corr.group(1)) == date:
        corr = None
    if corr:
        a.corrected_from_date = parse_date(corr.group(1))
        a.corrected_from_report = parse_date(corr.group(2))
    dup = re.search(rf"duplicate of (?:an? |the )?(?:[\w-]+ ){{0,3}}?(?:report|allegation)s?,? "
                    rf"(?:(?:that was |which was )?(?:previously )?(?:released|listed|reported|published|assessed) )?"
                    rf"(?:as |on )?({DATE}),?\s+(.*?),?\s+in the ({DATE}),? monthly report", reason, re.I)
    if dup:
        a.duplicate_of_text = dup.group(0).split("duplicate of ", 1)[1]
        a.duplicate_of_date = parse_date(dup.group(1))
        bits = [b.strip() for b in dup.group(2).split(",") if b.strip()]
        if bits and bits[-1] in COUNTRIES:
            a.duplicate_of_country = bits.pop()
        known = find_place(", ".join(bits))
        a.duplicate_of_place = known.name if known else (", ".join(bits) or None)
        a.duplicate_of_report = parse_date(dup.group(3))
    return a


# An allegation named in prose (a news story on a report): "a March 20 strike on an IS
# building in Tabqa, Syria, that left 10 civilians dead", "a June 25 strike in Mayadin in
# eastern Syria killed 12 civilians". Without a printed year its date stays empty.
_NARRATIVE = re.compile(
    rf"\b(?:an?|the)\s+({_MONTH_RE})\.?\s+(\d{{1,2}})(?:,\s*(\d{{4}}))?,?\s+(?:air\s*)?strike\s+"
    r"(?:(?:on|against|targeting)\s+[^,.]*?\s+)?(?:in|near|outside)\s+((?:al[- ])?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
    r"(?:,?\s+(?:in\s+(?:(?:northern|southern|eastern|western|northeastern|northwestern|southeastern|southwestern|central)\s+)?)?"
    r"(Iraq|Syria)\b)?")


# "an April 17 strike on an IS headquarters building ..., killing 25 civilians": a strike
# told by its day with no place, an entry only when the sentence states its civilian toll.
_DAY_STRIKE = re.compile(rf"\b(?:an?|the)\s+({_MONTH_RE})\.?\s+(\d{{1,2}})(?:,\s*(\d{{4}}))?,?\s+(?:air\s*)?strike\b")


def _narrative_entries(sentence: str) -> list[Allegation]:
    if not _NARRATIVE.search(sentence):
        return _placeless_entries(sentence)
    out = []
    for m in _NARRATIVE.finditer(sentence):
        date = None
        if m.group(3):
            date = parse_date(f"{m.group(1)} {m.group(2)}, {m.group(3)}")
        place = find_place(m.group(4))
        rest = sentence[m.end():]
        killed, injured = _casualties(rest)
        left = re.search(rf"\bleft\s+({NUM})\s+(?:civilians?|people)\s+(dead|killed|injured|wounded)", rest, re.I)
        if left:
            value = number(left.group(1))
            if left.group(2).lower() in ("dead", "killed"):
                killed = value if killed is None else killed
            else:
                injured = value if injured is None else injured
        out.append(Allegation(
            item=None, allegation_date=date, location=m.group(4), place=place.name if place else None,
            country=m.group(5), reporting_source=None, assessment=None, reason_category=None,
            reason_text=sentence.strip(), civilians_killed=killed, civilians_injured=injured))
    return out


def _placeless_entries(sentence: str) -> list[Allegation]:
    out = []
    for m in _DAY_STRIKE.finditer(sentence):
        killed, injured = _casualties(sentence[m.end():])
        if killed is None and injured is None:
            continue
        date = parse_date(f"{m.group(1)} {m.group(2)}, {m.group(3)}") if m.group(3) else None
        out.append(Allegation(
            item=None, allegation_date=date, location=None, place=None, country=None, reporting_source=None,
            assessment=None, reason_category=None, reason_text=sentence.strip(),
            civilians_killed=killed, civilians_injured=injured))
    return out


# Several strikes enumerated by their days in one sentence, the year left out: "Three other
# strikes — on November 16, December 28 and January 8 — ... resulted in a total of four
# deaths", "Mosul on November 26 and 29, and in Syrian Salahiyah on November 21 and Raqqa on
# November 26". Each day is an entry, at the place named just before its "on" (a second day
# of the same month, "26 and 29", shares it); the toll, if any, is the strikes' together, so
# no entry takes it. A span ("between Oct. 25 and Dec. 9") enumerates nothing.
_YEARLESS_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})\b(?!,?\s*\d{{4}})(?!\s*(?:st|nd|rd|th)?\s+\d)")
_MORE_DAY = re.compile(r"\s*(?:,\s*and|,|and)\s+(\d{1,2})\b(?=\s*(?:[,.;)—–-]|and\b|$))")
_SPAN_WORDS = re.compile(rf"\bbetween\s+{_MONTH_RE}\.?\s+\d{{1,2}}\b[^.;]{{0,40}}?\band\s+{_MONTH_RE}\.?\s+\d{{1,2}}\b"
                         rf"|\b{_MONTH_RE}\.?\s+\d{{1,2}}\s*(?:to|through|until|till|[-–—])\s*(?:{_MONTH_RE}\.?\s+)?\d{{1,2}}\b")
_PLACE_BEFORE_ON = re.compile(r"(?:^|[\s,(])((?:(?:al|ar|as|ash|an|at|ad|az)[- ])?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s+on\s+$")
_NOT_A_PLACE = re.compile(rf"^(?:The|A|An|It|They|This|That|These|Those|On|In|And|But|Friday|Monday|Tuesday|Wednesday|"
                          rf"Thursday|Saturday|Sunday|{_MONTH_RE})\b")
_HARM_WORD = re.compile(r"\b(?:kill\w*|died|deaths?|dead|injur\w*|wound\w*|casualt\w*)\b", re.I)
# "The investigation ... began April 20 and findings were approved June 28": a day right
# after the verb of an act of the inquiry or the release dates that act, not a strike.
_ACT_BEFORE_DAY = re.compile(r"\b(?:began|begun|started|opened|ordered|directed|approved|completed|concluded|"
                             r"closed|released|announced|published|issued|launched|submitted)\s+(?:on\s+)?$", re.I)


def _enumerated_entries(sentence: str, whole: str) -> list[tuple[Allegation, bool]]:
    """Entries of a sentence that enumerates two or more yearless days, each with whether
    the sentence states civilians harmed."""
    masked = _SPAN_WORDS.sub(lambda m: "#" * len(m.group(0)), sentence)
    days: list[tuple[str, str, str | None]] = []  # (month, day, place phrase)
    for m in _YEARLESS_DAY.finditer(masked):
        if _ACT_BEFORE_DAY.search(masked[:m.start()]):
            continue
        before = _PLACE_BEFORE_ON.search(masked[:m.start()])
        where = before.group(1) if before and not _NOT_A_PLACE.match(before.group(1)) else None
        days.append((m.group(1), m.group(2), where))
        pos = m.end()
        while more := _MORE_DAY.match(masked, pos):
            days.append((m.group(1), more.group(1), where))
            pos = more.end()
    if len(days) < 2:
        return []
    harmed = bool(_HARM_WORD.search(sentence))
    out = []
    for month_name, day, where in days:
        year = _span_year(MONTHS[month_name.lower()], whole)
        date = parse_date(f"{month_name} {day}, {year}") if year else None
        country = None
        if where:
            adjective = re.match(r"(Iraq|Syria)(?:i|n)\s+(.+)$", where)
            if adjective:
                country, where = adjective.group(1), adjective.group(2)
        place = find_place(where) if where else None
        out.append((Allegation(
            item=None, allegation_date=date, location=where, place=place.name if place else None,
            country=country, reporting_source=None, assessment=None, reason_category=None,
            reason_text=sentence.strip()), harmed))
    return out


# "That strike is believed to have killed 27 civilians": the toll of the strike the
# sentence before told.
_THAT_STRIKE = re.compile(r"^(?:That|This|The)\s+(?:air\s*)?(?:strike|attack|raid|incident)\b", re.I)


# An allegation told in a release's or a news story's prose with its place and country
# next to its date, either way round: "near Ash Sharqat, Iraq, on July 27", "in Ar Raqqah,
# Syria on August 13", "On September 24 near Sinjar, Iraq, ...", "checkpoint March 13, 2015,
# near al Hatra, Iraq"; the country may be an adjective ("near the Syrian town of Abu Kamal")
# and the place a region of several words ("in the Middle Euphrates River Valley in Syria").
_PLACE_NAME = r"(?:(?:al|ar|as|ash|an|at|ad|az)[- ])?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}"
_PLACE_COUNTRY = (rf"\b(?:near|in|outside)\s+(?:the\s+(?P<adjective>Iraq|Syria)(?:i|n)\s+"
                  rf"(?:city|town|village|province|governorate|region|area|district)\s+of\s+(?P<of>{_PLACE_NAME})"
                  rf"|(?:the\s+)?(?P<named>{_PLACE_NAME})(?:,|\s+in)\s+(?P<country>Iraq|Syria)\b)")
_DAY = rf"(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})\b(?:,\s*(?P<year>\d{{4}}))?"
_PROSE_AFTER = re.compile(rf"{_PLACE_COUNTRY},?\s+on\s+{_DAY}")
_PROSE_BEFORE = re.compile(rf"{_DAY},?\s+{_PLACE_COUNTRY}")
# "between July 27 and October 15, 2015": the year of the dates the span bounds.
_SPAN = re.compile(rf"\bbetween\s+({_MONTH_RE})\.?\s+\d{{1,2}}\s+and\s+([A-Z][a-z]+)\.?\s+\d{{1,2}},\s*(\d{{4}})")


def _span_year(month: int, text: str) -> str | None:
    """The year of a yearless date from a span the text states around it; None if none
    (or several) do."""
    years = set()
    for m in _SPAN.finditer(text):
        first, last = MONTHS[m.group(1).lower()], MONTHS.get(m.group(2)[:3].lower())
        if first <= month and (last is None or month <= last):
            years.add(m.group(3))
    return years.pop() if len(years) == 1 else None


def _prose_entries(sentence: str, whole: str) -> list[Allegation]:
    out = []
    for rx in (_PROSE_AFTER, _PROSE_BEFORE):
        for m in rx.finditer(sentence):
            month_name, day, year = m.group("month"), m.group("day"), m.group("year")
            year = year or _span_year(MONTHS[month_name.lower()], whole)
            date = parse_date(f"{month_name} {day}, {year}") if year else None
            where = m.group("of") or m.group("named")
            place = find_place(where)
            killed, injured = _casualties(sentence)
            out.append(Allegation(
                item=None, allegation_date=date, location=where, place=place.name if place else None,
                country=m.group("adjective") or m.group("country"), reporting_source=None, assessment=None,
                reason_category=None, reason_text=sentence.strip(),
                civilians_killed=killed, civilians_injured=injured))
    return out


# A story's sentence that gives a strike's toll before its day and place: "14 civilians were
# killed March 1 when a strike on an ISIS factory ... near Mosul, Iraq", "The most recent
# fatalities happened July 14 when 10 civilians were killed in a strike on an IS tunnel system
# in Mosul, Iraq". One day (a span or several days are no one strike's), one strike ("air
# strikes have killed" is several), a place after it (a country alone is none) and civilians
# killed make an entry; a day without its year stays undated.
_STRIKE_WORD = re.compile(r"\b(?:air\s*)?strike\b|\bairstrike\b|\braid\b|\bbombing\b", re.I)  # one strike
_AT_PLACE = re.compile(rf"\b(?:near|in|outside)\s+(?P<named>{_PLACE_NAME})(?:,\s*(?P<country>Iraq|Syria)\b)?")


def _toll_day_entries(sentence: str, whole: str) -> list[Allegation]:
    masked = _SPAN_WORDS.sub(lambda m: "#" * len(m.group(0)), sentence)
    days = list(re.finditer(_DAY, masked))
    if len(days) != 1 or not _STRIKE_WORD.search(masked[days[0].end():]):
        return []
    killed, injured = _casualties(sentence)
    if killed is None:
        return []
    strike = _STRIKE_WORD.search(masked, days[0].end())
    at = _AT_PLACE.search(masked, strike.end()) if strike else None
    if at is None or _NOT_A_PLACE.match(at.group("named")) or at.group("named") in COUNTRIES:
        return []
    m = days[0]
    year = m.group("year") or _span_year(MONTHS[m.group("month").lower()], whole)
    date = parse_date(f"{m.group('month')} {m.group('day')}, {year}") if year else None
    where = at.group("named")
    place = find_place(where)
    return [Allegation(
        item=None, allegation_date=date, location=where, place=place.name if place else None,
        country=at.group("country"), reporting_source=None, assessment=None, reason_category=None,
        reason_text=sentence.strip(), civilians_killed=killed, civilians_injured=injured)]


def _strike_day(a: Allegation) -> tuple[int, str] | None:
    m = _DAY_STRIKE.search(a.reason_text or "")
    return (MONTHS[m.group(1)[:3].lower()], m.group(2).lstrip("0")) if m else None


def _told_again(a: Allegation, earlier: list[Allegation]) -> bool:
    """A strike named again by its day with no place ("the July 18 strike inadvertently
    killed 24 civilians", after "a July 18 strike near Manbij, Syria") is the entry told
    before: its toll goes to that entry, and it makes no entry of its own."""
    day = _strike_day(a) if a.place is None and a.location is None else None
    same = next((e for e in earlier if day is not None and _strike_day(e) == day), None)
    if same is None:
        return False
    if same.civilians_killed is None and same.civilians_injured is None:
        same.civilians_killed, same.civilians_injured = a.civilians_killed, a.civilians_injured
    return True


def _published(paras: list[str], given: str | None) -> str | None:
    for p in paras[:40]:
        m = re.search(rf"\|\s*({DATE})", p) or re.search(rf"\bDate:\s*({DATE})", p)
        if m:
            return parse_date(m.group(1))
    return given


def _prose_findings(report: Report, prose: list[Allegation], harmed: Sequence[Allegation] = ()) -> None:
    """A release of findings (it counts credible strikes or states its toll) tells its
    credible strikes in prose: an entry there that states civilians harmed (or enumerated in
    a sentence that states their joint toll, `harmed`) is credible, and a release about one
    strike gives that strike its toll."""
    if not prose or (report.credible is None and not report.deaths_this_report):
        return
    for a in prose:
        if a.civilians_killed or a.civilians_injured or any(a is h for h in harmed):
            a.assessment = "credible"
    if len(report.allegations) == 1 and prose and report.credible in (None, 1):
        (a,) = report.allegations
        if a.civilians_killed is None and a.civilians_injured is None and report.deaths_this_report:
            a.assessment = "credible"
            a.civilians_killed = report.deaths_this_report
            a.civilians_injured = report.injured_this_report


# "On December 9, 2016, at least 90 Iraqi soldiers were killed when ... warplanes struck
# their position": a dated strike in a story that harmed only combatants is no allegation of
# civilian harm.
_COMBATANTS = re.compile(r"\b(?:soldiers|troops|fighters|militants|militiamen|servicemen|personnel|"
                         r"combatants|members of)\b", re.I)
_CIVILIANS = re.compile(r"\b(?:civilians?|non-?combatants?|residents|families|children|women|people)\b", re.I)


def _combatants_only(paragraph: str) -> bool:
    first = sentences(paragraph)[0]
    return bool(_COMBATANTS.search(first)) and not _CIVILIANS.search(first)


def parse_report(text: str, *, title: str | None = None, published: str | None = None) -> Report:
    """Read one monthly report from its text. A figure the text does not state stays None;
    a text that states no figure and lists no allegation is not a report (ParseFailure)."""
    paras = paragraphs(text)
    report = Report(title=title, published=_published(paras, published), month_covered=None)
    _counts(report, paras)
    section = None
    sequence = 0
    prose: list[Allegation] = []
    harmed: list[Allegation] = []

    def tell(sents: list[str]) -> list[Allegation]:
        """The strikes a story's sentences tell (see _narrative_entries and the like)."""
        out: list[Allegation] = []
        for i, s in enumerate(sents):
            if not _own(s):
                continue
            told = _narrative_entries(s) or _prose_entries(s, text) or _toll_day_entries(s, text)
            if not told:
                enumerated = _enumerated_entries(s, text)
                told = [a for a, _ in enumerated]
                harmed.extend(a for a, h in enumerated if h)
            told = [a for a in told if not _told_again(a, prose + out)]
            nxt = sents[i + 1] if i + 1 < len(sents) else ""
            if len(told) == 1 and _THAT_STRIKE.match(nxt):
                (a,) = told
                if a.civilians_killed is None and a.civilians_injured is None:
                    a.civilians_killed, a.civilians_injured = _casualties(nxt)
            out += told
        prose.extend(out)
        return out

    for p in paras:
        entry = _entry(p, section) if _ENTRY.match(p) else None
        if entry is not None and section is None and entry.item is None and _combatants_only(p):
            continue
        if entry is None:
            head = None if _ENTRY.match(p) else _heading(p)
            if head is not None:
                section, sequence = head, 0
            elif not _ENTRY.match(p):
                report.allegations += tell(sentences(p))
            continue
        sequence += 1
        if entry.item is None:
            entry.item = sequence
        report.allegations.append(entry)
        if entry.item is not None and re.match(rf"{_MARKER}On\s+{DATE}", p):
            # a prose paragraph opening with a dated strike: its later sentences may tell others
            report.allegations += tell(sentences(p)[1:])
    _prose_findings(report, prose, harmed)
    figures = [getattr(report, f.name) for f in fields(Report)
               if f.name not in ("title", "published", "month_covered", "allegations",
                                 "cumulative_strikes_marked")]
    if all(v is None for v in figures) and not report.allegations:
        raise ParseFailure("no monthly counts, cumulative totals or allegation entries found")
    return report
