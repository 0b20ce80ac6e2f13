"""What kind of document a page is, from its content: pure, title + text in, a kind out.

A source's URL patterns only say what is in scope; which parser reads a page is decided
here, from what the page says, with the source's kind and the URL as hints:

- `civcas_report`: a monthly civilian-casualty report (a month covered and its counts or
  lists), or one of CENTCOM's releases of assessments before the monthly series (2015-16:
  several strikes each "assessed" to have harmed civilians), or a copy of either wherever
  it appears, a news site's included: a text that holds three of a report's elements (the
  period covered, reports processed, their outcomes, the assessed toll, dated strikes with
  their places), one of them a count of reports or of their outcomes (`is_report_copy`);
- `strike_release`: a strike release or its DoD News rewrite, the UK MoD's update page;
- `news_release`: any other release of the coalition's sites (a statement about one
  incident's reported casualties, a casualty notice): archived, no report rows;
- `incident` / `military_claim`: an Airwars incident page / military-claims page;
- `monitor_post`, `news_article`: a monitor's post, a news article (the source's kind,
  unless the page is a report copy; Airwars' own posts outside its incident and
  military-claims sections are monitor posts). A story that quotes one or two of a
  report's figures stays an article, read for its claims.

With no hint (`civcas parse --kind auto` on a file) the content alone decides, the same
tests in the same order. `tests/corpus/score_real.py` measures this on real documents.

Kinds are stored in `documents.kind`. When in doubt between a report and a release, the
page is a release: a row in the report timeline must be a report.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

COALITION_KINDS = ("civcas_report", "strike_release")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = rf"{_MONTH}\.?\s+\d{{1,2}},?\s+\d{{4}}"
# A month covered: "During the month of October", "In the month of May 2019", "between
# August 2014 and end of July 2018".
# A news rewrite of a report says it shorter: "During November, CJTF-OIR received", "none
# of the reports assessed in September", "in September it completed an analysis of",
# "found 12 reports received in October to be “noncredible.”".
_MONTH_COVERED = re.compile(
    rf"\b(?:During|In) the (?:month of {_MONTH}\b|reporting period)|\bbetween August 2014 and (?:the )?(?:end of )?{_MONTH}"
    rf"|\bDuring {_MONTH}\b|\b(?:assessed|completed|reports received) in {_MONTH}\b"
    rf"|\bin {_MONTH}(?: \d{{4}})?,? (?:it|the coalition|CJTF-OIR) (?:completed|received|assessed)", re.I)
# A report's counts or lists.
_REPORT_FIGURES = re.compile(
    r"\breceived [\w,-]+ (?:new )?reports? of possible civilian casualties|\breceived [\w,-]+ new reports"
    r"|\bcarried over [\w,-]+ (?:open )?reports|\bassessment of [\w,-]+ reports? (?:has|have) been completed"
    r"|\bcompleted the assessments? (?:on|of)|\b(?:were|was) assessed to be (?:non-)?credible"
    r"|^(?:Non-)?Credible Reports\b|\bat least [\w,-]+ civilians have been unintentionally killed"
    r"|\bconducted a total of [\d,]+\*? (?:air)?strikes"
    r"|\b(?:determined|deemed|found) (?:[\w,-]+ ){0,8}?(?:to be )?[\"“]?(?:non-?)?credible\b"
    r"|\bcompleted (?:an? )?(?:analysis|assessments?|review) of [\w,-]+ reports\b|\b[\w,-]+ completed (?:\w+ )?reports\b"
    r"|\bassesses at least [\w,-]+ civilians have been unintentionally killed", re.I | re.M)
# A copy of a report (a news site reposting its text, a story retelling it) or of one of
# CENTCOM's assessment releases, told by the report's own structure: which of these five
# elements the text holds. A copy needs three of them, one a count of reports or of their
# outcomes; a story that quotes one of the report's figures holds one or two.
_N = (r"(?:\d[\d,]*|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen"
      r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)(?:[- ][a-z]+)*)")
# the period the report covers: a month, or the campaign to date
_COPY_PERIOD = re.compile(
    rf"{_MONTH_COVERED.pattern}|\b(?:In|During) the month of {_MONTH}\b"
    r"|\b(?:between|from) (?:August |September )?2014 (?:and|to|through|till|until)\b"
    r"|\bsince the (?:start|beginning) of (?:Operation Inherent Resolve|(?:its|the) (?:operations?|campaign|war|conflict))\b",
    re.I)
# reports processed: received, completed, assessed, still open; the results of N assessments;
# an investigation into allegations
_COPY_REPORTS = re.compile(
    rf"\b(?:received|completed|finished|assessed|investigated|reviewed|carried over|closed)\b[^.]{{0,60}}?\b{_N}\s+"
    r"(?:[\w-]+\s+){0,4}?(?:reports|allegations|assessments|cases)\b"
    # "the 16 reports it received in November"
    rf"|\b{_N}\s+(?:new\s+)?(?:reports|allegations)\s+(?:that\s+|which\s+)?(?:it|they|the coalition|CJTF[-\w]*)\s+"
    r"(?:had\s+|has\s+)?received\b"
    rf"|\b{_N}\s+(?:[\w-]+\s+){{0,5}}?(?:reports|allegations|cases)\b[^.]{{0,60}}?\b(?:still|remain\w*)\s+"
    r"(?:open|pending|being|under)\b"
    # "is examining 424 more messages", "was still assessing 111 additional claims"
    rf"|\b(?:is|was|are|were)\s+(?:still\s+)?(?:investigating|assessing|reviewing|examining)\s+(?:another\s+)?{_N}\s+"
    r"(?:[\w-]+\s+){0,3}?(?:reports|allegations|cases|claims|messages)\b"
    rf"|\bresults of\s+{_N}\s+(?:more\s+)?(?:[\w-]+\s+){{0,3}}?(?:assessments|investigations)\b"
    r"|\b(?:completed|concluded)\s+(?:its|an|the)\s+investigation\b|\binvestigation\s+into\s+(?:the\s+)?allegations?\b", re.I)
# outcomes: a number of reports credible, non-credible, duplicate
_OUTCOME = r"[\"“]?(?:non-?credible|not credible|credible|duplicat\w*|redundant)\b"
_COPY_OUTCOMES = re.compile(
    # a list heading of outcomes, also as a story quotes it ('"Credible Reports: ...')
    r"^[\W_]*(?-i:(?:Non-)?Credible Reports)\b"
    rf"|\b{_N}\s+(?:of\s+(?:these|the|them|which)\s+)?(?:[\w-]+\s+){{0,4}}?(?:were|was|are|to be|as)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?{_OUTCOME}"
    rf"|\b(?:determined|found|deemed|judged)\s+(?:that\s+)?(?:only\s+)?{_N}\s+(?:[\w-]+\s+){{0,4}}?(?:were\s+|was\s+|to be\s+)?{_OUTCOME}"
    rf"|\b{_N}\s+(?:[\w-]+\s+){{0,2}}?(?:had|have|has)\s+merit\b", re.I | re.M)
# the coalition's assessed toll
_COPY_TOLL = re.compile(
    r"\b(?:unintentional|unintended)(?:ly)?\b[^.]{0,40}?\b(?:civilian\s+)?(?:deaths?|killed)\b"
    r"|\b(?:likely|most likely|have|has)\s+resulted\s+in\s+the\s+deaths?\s+of\b|\bpreponderance of (?:the\s+)?evidence\b"
    # "killed “unintentionally”", "confirmed the death of 624 civilians", "acknowledged killing of 685"
    r"|\bkilled\s+[\"“]?unintentionally\b"
    rf"|\b(?:confirm|acknowledg|admitt?)\w*\s+(?:the\s+deaths?\s+of|killing(?:\s+of)?)\s+(?:at\s+least\s+)?{_N}\s+civilians\b",
    re.I)
# a dated strike with its place: the report's (or the release's) entries
_ADJECTIVE_PLACE = r"the\s+(?:Iraqi|Syrian)\s+(?:city|town|village|province|region|area|district)\s+of\s+[A-Z]"
_COPY_ENTRY = re.compile(
    rf"\b{_DATE},?\s+(?:(?:air\s*)?strikes?\s+)?(?:near|in|outside)\s+(?:the\s+|(?:al|ar|as|ash|an|at|ad|az)[- ])?[A-Z]"
    rf"|\bOn\s+{_MONTH}\.?\s+\d{{1,2}},?\s+(?:near|in)\s+[A-Z]|\b(?:near|in)\s+[A-Z][\w' -]+,\s+(?:Iraq|Syria),?\s+on\s+{_MONTH}\.?\s+\d"
    # "near the Iraqi city of Mosul on March 14, 2017", "on April 17 near the Syrian town of Abu Kamal"
    rf"|\b(?:near|in|outside)\s+{_ADJECTIVE_PLACE}[^.]{{0,40}}?\bon\s+{_MONTH}\.?\s+\d"
    rf"|\b{_MONTH}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?,?\s+(?:near|in|outside)\s+{_ADJECTIVE_PLACE}")
_COPY_ELEMENTS = (_COPY_PERIOD, _COPY_REPORTS, _COPY_OUTCOMES, _COPY_TOLL, _COPY_ENTRY)
# A title that names the page a monthly report: with a month covered it is one, and a page
# whose figures cannot be read is a report that fails to parse (said so), not a release.
_REPORT_TITLE = re.compile(r"\bmonthly civilian casualty report\b|\bcivilian casualty assessments?\b", re.I)
# A pre-monthly release's entries: "On Sept. 10, 2015, in Kubaysah, Iraq, ... it is assessed
# that two civilians were killed" (or the repost's numbered "1. Sept. 10, 2015, ...").
_ASSESSED_STRIKE = re.compile(
    rf"^(?:\d{{1,3}}[.)]\s+)?(?:On\s+)?{_DATE},.{{0,400}}?\b(?:it (?:is|was) assessed|assessed that)", re.I | re.M)
# CENTCOM's 2014 releases (no dateline, "to conduct five airstrikes", "* Near Kobani, five
# airstrikes destroyed") and their reposts word it with "airstrikes".
_STRIKE_FIGURES = re.compile(
    r"\bconduct(?:ed)? [\w,-]+ (?:air ?)?strikes?\b|\b[\w-]+ (?:air ?)?strikes? (?:consisting of|engaged|destroyed|struck)"
    r"|^Strikes in (?:Syria|Iraq)\b|^[-*•]*\s*Near [A-Z][\w' -]+, [\w-]+ (?:air ?)?strikes?\b"
    r"|\bconducted (?:a|one|two|three|four|five|\d+) strikes? (?:near|in|west|east|north|south)", re.I | re.M)
# A count of strikes the text gives as the coalition's, in one sentence: a link post or a wire
# brief quoting a strike release or summary ("conducted 469 strikes consisting of 1,001
# engagements in Syria, according to a Friday coalition news release"; "staged 15 air strikes
# ..., the Combined Joint Task Force said") is read as the release it quotes.
_COALITION_SAYS = (r"\b(?:Combined Joint Task Force|CJTF-OIR|Central Command|CENTCOM|[Tt]ask [Ff]orce(?= said| says)"
                   r"|(?:U\.S\.|US) military(?= said| says)"
                   r"|coalition(?: news)? (?:release|statement))\b")
_COUNTED_STRIKES = rf"\b{_N} (?:air ?)?strikes?\b"
_QUOTED_STRIKES = re.compile(rf"{_COUNTED_STRIKES}(?:[^.\n]|\.(?=\S)){{0,240}}?{_COALITION_SAYS}"
                             rf"|{_COALITION_SAYS}(?:[^.\n]|\.(?=\S)){{0,240}}?{_COUNTED_STRIKES}")
# The UK MoD's updates and their reposts: an RAF aircraft and what it struck, in one
# sentence ("a pair of RAF Typhoon FGR4s ... struck", "A Reaper drone struck"). A page that
# only names the RAF's missions ("flown daily armed reconnaissance missions") is no update.
_UK_FORCE = r"\b(?:RAF|Royal Air Force|Typhoons?|Tornados?|Reapers?|Ministry of Defence|MoD)\b"
_UK_STRIKE = (r"\b(?i:air ?strikes?|struck|strikes?|attack(?:s|ed)?|bomb(?:s|ed)|engaged|destroyed|targeted|Paveway|Hellfire"
              r"|Brimstone)\b")
_UKMOD_STRIKE = re.compile(rf"{_UK_FORCE}[^.\n]{{0,240}}?{_UK_STRIKE}|{_UK_STRIKE}[^.\n]{{0,240}}?{_UK_FORCE}")
# An Airwars incident page's own labels.
_INCIDENT = re.compile(r"\bIncident Code\b|\bCivilians reported killed\b|^Airwars assessment$|"
                       r"\bthis civilian harm incident\b", re.M)
# A text about deaths (read for claims) when no source says what it is.
_TOLL = re.compile(r"\b(?:killed|dead|died|deaths?|martyr\w*|lost their lives|fatalities)\b"
                   r"|مقتل|قتل|استشهاد|سقوط|شهداء|الشهداء", re.I)
# A title that names a strike release: a release whose text cannot be read (a PDF without a
# text layer) is a strike release that fails to parse, said so, not a news release.
_STRIKE_TITLE = re.compile(r"\bstrike release\b|\bairstrikes\b|\bstrikes continue\b", re.I)
_COALITION_HOSTS = ("inherentresolve.mil", "centcom.mil", "defense.gov", "gov.uk")
_CLAIM_TITLE = re.compile(r".+ for .+\d{4}\s*[–-]\s*.+\d{4}")


def is_report(text: str, title: str = "") -> bool:
    """A monthly report (a month covered and a count or list, or a report's title), or a
    pre-monthly release of assessments (at least two strikes assessed to have harmed
    civilians)."""
    if _MONTH_COVERED.search(text) and (_REPORT_FIGURES.search(text) or _REPORT_TITLE.search(title)):
        return True
    return len(_ASSESSED_STRIKE.findall(text)) >= 2


def is_report_copy(text: str) -> bool:
    """A copy or retelling of a monthly report or of an assessment release, by the report's
    own structure: at least three of its elements (the period covered, reports processed,
    their outcomes, the assessed toll, dated strikes with their places), one of them a count
    of reports or of their outcomes. A story quoting a report's figure is none."""
    held = [rx.search(text) is not None for rx in _COPY_ELEMENTS]
    return sum(held) >= 3 and (held[1] or held[2])


def is_strike_release(text: str) -> bool:
    return len(_STRIKE_FIGURES.findall(text)) >= 2 or uk_mod_text(text) or _QUOTED_STRIKES.search(text) is not None


def uk_mod_text(text: str) -> bool:
    """Whether a text reads as a UK MoD strike update (or a repost of one)."""
    return _UKMOD_STRIKE.search(text) is not None


def classify(title: str | None, text: str, url: str = "", hint: str = "") -> str:
    """The kind of a page (see the module's docstring). `hint`: the kind its source
    expects (empty when no source says, as for `civcas parse --kind auto`); `url`: where
    it was found (its path tells Airwars' sections apart)."""
    title = title or ""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path.lower()
    whole = f"{title}\n{text}"
    if hint in ("incident", "military_claim") or host.endswith("airwars.org"):
        if _CLAIM_TITLE.match(title) and ("Original Report" in text or "Report Date" in text):
            return "military_claim"
        if "/military-claims/" in path:
            return "military_claim"
        if host.endswith("airwars.org") and "/civilian-casualties/" not in path and not _INCIDENT.search(whole):
            # Airwars' own research and news posts: a monitor's post, read for claims
            return "monitor_post"
        return "incident"
    if not hint and not _on_coalition_host(host):
        return _by_content(whole, title)
    coalition = hint in COALITION_KINDS or _on_coalition_host(host)
    if not coalition:
        # a news or monitor source: a page stays its source's kind unless it is a copy of a
        # report (its text reposted or retold with the report's own structure)
        return "civcas_report" if is_report_copy(whole) else (hint or "news_article")
    if is_report(whole, title) or is_report_copy(whole):
        return "civcas_report"
    if hint == "civcas_report" and host and not _on_coalition_host(host):
        # A copy elsewhere (ReliefWeb, a news site) that is no report is no coalition
        # release either: an article, read for its claims (a story about a report counts
        # strikes too, which makes it no strike release).
        return "news_article"
    if is_strike_release(whole) or _STRIKE_TITLE.search(title):
        return "strike_release"
    return "news_release"


def _on_coalition_host(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in _COALITION_HOSTS)


def _by_content(whole: str, title: str) -> str:
    """The kind when neither a source nor the host says anything: a document handed to
    `civcas parse --kind auto` (a file, or a page of an unknown site)."""
    if _INCIDENT.search(whole):
        return "incident"
    if is_report(whole, title) or is_report_copy(whole):
        return "civcas_report"
    if is_strike_release(whole):
        return "strike_release"
    if _TOLL.search(whole):  # a headline's "Airstrikes" over a story of deaths is no release
        return "news_article"
    return "strike_release" if _STRIKE_TITLE.search(title) else "news_release"
