"""Airwars pages: civilian-casualty incidents and the military-claims pages that republish a
coalition report.

Two incident themes are read. The 2024-25 theme (docs/sources.md, "Airwars incident pages") is read from its markup:
`.meta-block.code`, the "Incident date" block, `.meta-block.location`, `.lat-lng`, the
`ul.meta-list.summary` rows (a label `div` and a `div.value`) and the
`.belligerent-assessments` block headed "<Belligerent> Assessment:". The 2019-22 theme is
known only from its text rendering ("Civilians reported killed 0 – 1", "Suspected attacker
US-led Coalition"), so it is read from the text, label by label.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime

import lxml.html

from crawler.parsers import ParseFailure

# An incident code: a prefix naming belligerent and country (CS, CI, RS, TS, ISPT, ...), a number
# (a serial, 'CS1792', or a date, 'ISPT140724' for July 14, 2024) and a split's letter ('a').
_CODE = re.compile(r"\b([A-Z]{1,6}\d{1,8}[a-z]?)\b")
# A toll or range, optionally followed on the same line by its breakdown "(2 children 3 women)"
# (a theme that prints the breakdown inside the value): the breakdown's own ranges are not the toll.
_RANGE = re.compile(r"^\s*(\d[\d,]*)\s*(?:[-–—]\s*(\d[\d,]*))?\s*(?:\(.*\))?\s*$")
_POSITIONS = ("Not yet assessed", "Non credible", "Unsubstantiated", "Credible", "Substantiated", "Duplicate")
_GRADINGS = ("Confirmed", "Fair", "Weak", "Contested", "Discounted")
# The definition the site prints with each grading (its tooltip, theme/functions: grading
# tooltips): a rendering that lost the grading word but kept this line still names the grading.
_GRADING_DEFINITIONS = {
    "Confirmed": "A specific belligerent has accepted responsibility for civilian harm",
    "Fair": "Reported by two or more credible sources, with likely or confirmed near actions by a belligerent",
    "Weak": "Single source claim, though sometimes featuring significant information",
    "Contested": "Competing claims of responsibility e.g. multiple belligerents, or casualties also attributed"
                 " to ground forces",
    "Discounted": "Those killed were combatants, or other parties most likely responsible",
}
# The countries Airwars files incidents under, as its pages print them (the location line's
# last part, the article's `country-<slug>` class): kept as printed, never renamed.
_COUNTRIES = ("Syria", "Iraq", "Libya", "the Gaza Strip", "Yemen", "Somalia", "Pakistan", "Afghanistan",
              "Lebanon", "Israel", "Iran", "Turkey", "Ukraine")


@dataclass(frozen=True)
class Incident:
    code: str
    incident_date: str | None
    location: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    killed_min: int | None
    killed_max: int | None
    injured_min: int | None
    injured_max: int | None
    grading: str | None
    belligerent: str | None
    belligerent_position: str | None
    civilian_deaths_conceded: int | None
    civilian_injuries_conceded: int | None
    stated_location: str | None
    theme: str  # "2024" (markup) or "2019" (text rendering)


@dataclass(frozen=True)
class MilitaryClaim:
    report_from: str | None
    report_date: str | None
    period_start: str | None
    period_end: str | None
    report_url: str | None  # the republished coalition report ("Original Report" link)


def parse_range(value: str | None) -> tuple[int | None, int | None]:
    """'13 – 46' -> (13, 46); '1' -> (1, 1); 'Unknown' or '' -> (None, None)."""
    if not value:
        return None, None
    match = _RANGE.match(value)
    if not match:
        return None, None
    low = int(match.group(1).replace(",", ""))
    high = int(match.group(2).replace(",", "")) if match.group(2) else low
    return low, high


def parse_date(text: str | None) -> str | None:
    """'October 7, 2023', 'Oct. 7th, 2023' or day first, '7 October 2023' (the 2025 archive's
    listings) -> '2023-10-07'."""
    if not text:
        return None
    # no word boundary before the month or the day: a block's text may run its label into the
    # date ("Incident dateMay 25, 2017")
    month_first = re.search(r"([A-Z][a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b", text)
    day_first = re.search(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)? ([A-Z][a-z]+)\.?,? (\d{4})\b", text)
    candidates = []
    if month_first:
        candidates.append((month_first.start(), month_first.group(1), month_first.group(2), month_first.group(3)))
    if day_first:
        candidates.append((day_first.start(), day_first.group(2), day_first.group(1), day_first.group(3)))
    for _at, month, day, year in sorted(candidates):
        for fmt in ("%B %d %Y", "%b %d %Y"):
            try:
                return datetime.strptime(f"{month} {day} {year}", fmt).date().isoformat()
            except ValueError:
                continue
    return None


def _int(value: str | None) -> int | None:
    match = re.search(r"\d[\d,]*", value or "")
    return int(match.group(0).replace(",", "")) if match else None


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _rows(ul) -> dict[str, str]:
    """A theme meta-list: label (the first div, tooltips dropped) -> value."""
    out: dict[str, str] = {}
    for li in ul.xpath("./li"):
        divs = li.xpath("./div")
        if len(divs) < 2:
            continue
        label_div = divs[0]
        # the label's whole text (it may sit in a <span> or <strong>; tooltips are dropped
        # before this runs), never the value's
        label = _clean(label_div.text_content())
        value_div = li.xpath("./div[contains(concat(' ', normalize-space(@class), ' '), ' value ')]")
        if label:
            out[label] = _clean((value_div[0] if value_div else divs[1]).text_content())
    return out


def _block_text(tree, selector_xpath: str) -> str | None:
    """Text of a .meta-block without its <h4> label."""
    found = tree.xpath(selector_xpath)
    if not found:
        return None
    block = found[0]
    parts = [block.text or ""] + [
        (child.text_content() if child.tag != "h4" else "") + (child.tail or "") for child in block
    ]
    return _clean("".join(parts)) or None


def _class_has(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _tree(page):
    """The parsed page, a copy of its own: given as a tree (the crawl's one reading of the
    page, crawler/reading/pagetext.py: copied, since tooltips are dropped from it here) or as HTML."""
    if isinstance(page, (str, bytes)):
        return lxml.html.fromstring(page)
    return copy.deepcopy(page)


def parse_incident(html, url: str = "") -> Incident:
    """One incident page, in either theme, or a text rendering of one fed as HTML
    (`html`: the page's HTML or its parsed tree)."""
    tree = _tree(html)
    # A grading's or a position's definition sits in a tooltip inside the value's element:
    # it is an explanation of the value, never part of it.
    for tip in tree.xpath(f"//*[{_class_has('tooltip')} or {_class_has('tooltip-content')}]"):
        tip.drop_tree()
    if tree.xpath(f"//*[{_class_has('info-left')}]//*[{_class_has('meta-block')}]"):
        return _new_theme(tree)
    return _old_theme(_text_lines(tree), url)


def parse_incident_text(text: str, url: str = "") -> Incident:
    """An incident from a text rendering of its page (the stored version text: one heading,
    paragraph or list item a line, list markers printed or not)."""
    lines = [_clean(re.sub(r"^\s*(?:[-\u2022\u00b7*]+\s+)+", "", ln)) for ln in (text or "").splitlines()]
    return _old_theme([ln for ln in lines if ln], url)


def _new_theme(tree) -> Incident:
    code_block = _block_text(tree, f"//div[{_class_has('meta-block')} and {_class_has('code')}]")
    code = _CODE.search(code_block) if code_block else None
    if code is None:
        raise ParseFailure("no incident code in the .meta-block.code block")
    date_block = tree.xpath(f"//div[{_class_has('meta-block')}][h4[normalize-space()='Incident date']]")
    incident_date = parse_date(_clean(date_block[0].text_content())) if date_block else None
    location = _block_text(tree, f"//div[{_class_has('meta-block')} and {_class_has('location')}]")
    lat = lon = None
    latlng = tree.xpath(f"//*[{_class_has('lat-lng')}]")
    if latlng:
        nums = re.findall(r"-?\d+(?:\.\d+)?", latlng[0].text_content())
        if len(nums) >= 2:
            lat, lon = float(nums[0]), float(nums[1])
    # The theme splits the summary over several `meta-list summary` blocks (strike status and
    # type in one, the casualties in the next) and renders them twice: a value is read from
    # whichever block holds it, the first non-empty one winning.
    summary: dict[str, str] = {}
    for ul in tree.xpath(f"//ul[{_class_has('meta-list')} and {_class_has('summary')}]"):
        for label, value in _rows(ul).items():
            if value and not summary.get(label):
                summary[label] = value
    killed = parse_range(_first(summary, "Civilians reported killed"))
    injured = parse_range(_first(summary, "Civilians reported injured"))
    grading = _grading(_first(summary, "Airwars civilian harm grading", "Civilian harm status"))
    belligerent = position = stated = None
    deaths_c = injuries_c = None
    blocks = tree.xpath(f"//*[{_class_has('belligerent-assessments')}]")
    if blocks:
        header = blocks[0].xpath(".//h2")
        if header:
            belligerent = _clean(header[0].text_content()).removesuffix(":").removesuffix(" Assessment").strip()
        lists = blocks[0].xpath(f".//ul[{_class_has('meta-list')}]")
        rows = _rows(lists[0]) if lists else {}
        position = next((v for k, v in rows.items() if k.endswith("position on incident")), None)
        deaths_c = _int(rows.get("Civilian deaths conceded"))
        injuries_c = _int(rows.get("Civilian injuries conceded"))
        stated = rows.get("Stated location")
    belligerent = belligerent or _first_party(_first(summary, *_BELLIGERENT_LABELS))
    return Incident(
        code=code.group(1), incident_date=incident_date, location=location,
        country=_country_of(location) or _country_of_class(tree), latitude=lat, longitude=lon,
        killed_min=killed[0], killed_max=killed[1], injured_min=injured[0], injured_max=injured[1],
        grading=grading, belligerent=belligerent, belligerent_position=position,
        civilian_deaths_conceded=deaths_c, civilian_injuries_conceded=injuries_c,
        stated_location=stated, theme="2024",
    )


# -- the text rendering, read label by label --------------------------------------------

# Block elements end a line of the rendering; " · " separates fields printed on one line.
_BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th",
          "section", "article", "header", "footer", "blockquote", "dt", "dd", "table", "main", "aside"}
# Every theme's wording of the party blamed: suspected or known (Confirmed incidents),
# belligerent or attacker, one or several.
_BELLIGERENT_LABELS = tuple(f"{status} {noun}{plural}" for status in ("Suspected", "Known")
                            for noun in ("belligerent", "attacker") for plural in ("s", ""))
_LABELS = ("Incident Code", "Incident date", "Location", "Civilians reported killed",
           "Civilians reported injured", "Airwars civilian harm grading", "Airwars grading",
           "Civilian harm status", "Civilian deaths conceded", "Civilian injuries conceded",
           "Stated location") + _BELLIGERENT_LABELS
_LABEL_LINE = re.compile(
    r"^(" + "|".join(re.escape(label) for label in sorted(_LABELS, key=len, reverse=True)) + r")\b:?\s*(.*)$", re.I)
_POSITION_LINE = re.compile(r"^(.+?) position on incident:?\s*(.*)$", re.I)


def _text_lines(tree) -> list[str]:
    """The page's text, one line per block element, as its text rendering shows it."""
    parts: list[str] = []

    def walk(el) -> None:
        block = isinstance(el.tag, str) and el.tag.lower() in _BLOCK
        if block:
            parts.append("\n")
        if isinstance(el.tag, str) and el.tag.lower() not in ("script", "style") and el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(tree)
    lines = []
    for line in "".join(parts).split("\n"):
        for piece in re.split(r"\s+·\s+", line):
            piece = _clean(re.sub(r"^\s*[•·*]\s*", "", piece))
            if piece:
                lines.append(piece)
    return lines


def _labelled(lines: list[str]) -> dict[str, list[str]]:
    """Every value printed under (or after) a known label, in page order, keyed by the label
    in lower case. A label printed with no value (the next line is another label) gives none."""
    values: dict[str, list[str]] = {}

    def is_label(line: str) -> bool:
        m = _LABEL_LINE.match(line) or _POSITION_LINE.match(line)
        return m is not None and not m.group(2)

    for i, line in enumerate(lines):
        m = _LABEL_LINE.match(line)
        if m is not None:
            key = m.group(1).lower()
        else:
            m = _POSITION_LINE.match(line)
            if m is None:
                continue
            key = "position on incident"
        value = m.group(2).strip()
        if not value and i + 1 < len(lines) and not is_label(lines[i + 1]):
            value = lines[i + 1]
        if value:
            values.setdefault(key, []).append(value)
    return values


def _first(found: dict[str, list[str]] | dict[str, str], *labels: str) -> str | None:
    for label in labels:
        for key, value in found.items():
            if key.lower() == label.lower() and value:
                return value[0] if isinstance(value, list) else value
    return None


def _grading(value: str | None) -> str | None:
    """The grading word a value starts with; else the grading whose printed definition the value
    is (a rendering that lost the word kept its definition line)."""
    if not value:
        return None
    word = next((g for g in _GRADINGS if re.match(g + r"\b", value, re.I)), None)
    if word:
        return word
    folded = _clean(value).rstrip(".").lower()
    return next((g for g, definition in _GRADING_DEFINITIONS.items() if folded == definition.lower()), None)


def _first_party(value: str | None) -> str | None:
    """'US-led Coalition, Iraq Government Forces' -> 'US-led Coalition' (the first named)."""
    if not value:
        return None
    return value.split(",")[0].strip() or None


def _own_incident(lines: list[str]) -> list[str]:
    """The lines of the page's own incident: a listing page prints further incidents (each with
    its code and summary) after the first, and their values are not this incident's."""
    first = None
    for i, line in enumerate(lines):
        m = _LABEL_LINE.match(line)
        if not m or m.group(1).lower() != "incident code":
            continue
        value = m.group(2) or (lines[i + 1] if i + 1 < len(lines) else "")
        code = _CODE.search(value)
        if not code:
            continue
        if first is None:
            first = code.group(1)
        elif code.group(1) != first:
            return lines[:i]
    return lines


def _old_theme(lines: list[str], url: str) -> Incident:
    lines = _own_incident(lines)
    found = _labelled(lines)
    text = " ".join(lines)
    code = None
    for value in found.get("incident code", []):
        m = _CODE.search(value)
        if m:
            code = m.group(1)
            break
    if code is None:
        code_match = _CODE.search(text)
        if code_match:
            code = code_match.group(1)
        else:
            slug = re.search(r"/civilian-casualties/([a-z]+\d+[a-z]?)-", url)
            if not slug:
                raise ParseFailure("no incident code on the page or in its URL")
            code = slug.group(1).upper()
            code = code[:-1] + code[-1].lower() if code[-1].isalpha() and code[-2].isdigit() else code
    incident_date = next((d for d in map(parse_date, found.get("incident date", [])) if d), None)
    location = _first(found, "location") or _unlabelled_location(lines)
    # Values from whichever block holds them: the summary is printed twice, and a listing
    # page's filter widgets carry labels of their own before it.
    killed = next((r for r in map(parse_range, found.get("civilians reported killed", [])) if r[0] is not None),
                  (None, None))
    injured = next((r for r in map(parse_range, found.get("civilians reported injured", [])) if r[0] is not None),
                   (None, None))
    grading = next((g for label in ("airwars civilian harm grading", "airwars grading", "civilian harm status")
                    for g in map(_grading, found.get(label, [])) if g), None)
    belligerent = _first_party(_first(found, *_BELLIGERENT_LABELS))
    if belligerent is None:
        # "<Party> Assessment:" heads the party's block; without its colon (the 2024 rendering)
        # it counts only when the next line is the block's own ("<Party> position on incident",
        # "Suspected belligerent"), not a listing's filter label ("Belligerent Assessment").
        belligerent = None
        for i, ln in enumerate(lines):
            m = re.match(r"^([A-Z][\w-]+(?: [A-Z][\w-]+)*) Assessment(:?)$", ln)
            if not m or m.group(1).lower() == "airwars":
                continue
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if m.group(2) or following.startswith(m.group(1)) or following.lower().startswith("suspected belligerent"):
                belligerent = m.group(1)
                break
    position = _first(found, "position on incident")
    deaths = _int(_first(found, "civilian deaths conceded"))
    injuries = _int(_first(found, "civilian injuries conceded"))
    stated = _first(found, "stated location")
    return Incident(
        code=code, incident_date=incident_date, location=location, country=_country_of(location),
        latitude=None, longitude=None, killed_min=killed[0], killed_max=killed[1],
        injured_min=injured[0], injured_max=injured[1], grading=grading, belligerent=belligerent,
        belligerent_position=position, civilian_deaths_conceded=deaths,
        civilian_injuries_conceded=injuries, stated_location=stated, theme="2019",
    )


def _country_of(location: str | None) -> str | None:
    """The last comma-separated part of a location when it names a country Airwars covers, as
    the page prints it ('the Gaza Strip' stays 'the Gaza Strip')."""
    if not location:
        return None
    last = location.rsplit(",", 1)[-1].strip().lower()
    return next((c for c in _COUNTRIES if c.lower() == last), None)


def _country_of_class(tree) -> str | None:
    """The 2024 theme files the incident under a country as a class of its <article>
    (`country-the-gaza-strip`): the country when the location line names none."""
    for classes in tree.xpath("//article/@class"):
        for name in classes.split():
            if name.startswith("country-"):
                slug = name.removeprefix("country-")
                found = next((c for c in _COUNTRIES if c.lower().replace(" ", "-") == slug), None)
                if found:
                    return found
    return None


def _unlabelled_location(lines: list[str]) -> str | None:
    """A rendering that lost the 'Location' label still prints the location line in the page's
    head, before the assessment and the summary: 'place, ..., <country>' with a covered
    country as its last part. Prose never counts (a sentence ends in a full stop)."""
    for line in lines:
        label = _LABEL_LINE.match(line)
        if line.lower() in ("airwars assessment", "summary") or (
                label and label.group(1).lower() not in ("incident code", "incident date")):
            break  # the head is over: the assessment, the summary or another field began
        if "," in line and _country_of(line) and not line.rstrip().endswith("."):
            return line
    return None


def parse_military_claim(html) -> MilitaryClaim:
    """A /military-claims/ page: who reported, when, for which period, and the link to the
    coalition report it republishes (`html`: the page's HTML or its parsed tree)."""
    tree = _tree(html)
    heading = tree.xpath("//h1")
    title = _clean(heading[0].text_content()) if heading else ""
    match = re.match(r"(.+?) for (.+?) [–-] (.+)$", title)
    if not match:
        raise ParseFailure(f"military-claims title not of the form '<report from> for <start> – <end>': {title!r}")
    report_from, start, end = match.groups()
    report_date = None
    label = tree.xpath("//h4[normalize-space()='Report Date']")
    if label:
        nxt = label[0].getnext()
        report_date = parse_date(_clean(nxt.text_content())) if nxt is not None else None
    report_url = None
    original = tree.xpath("//h4[normalize-space()='Original Report']")
    if original:
        nxt = original[0].getnext()
        links = nxt.xpath(".//a/@href") if nxt is not None else []
        report_url = links[0] if links else None
    return MilitaryClaim(
        report_from=_clean(report_from).replace("–", "-"), report_date=report_date,
        period_start=parse_date(start), period_end=parse_date(end), report_url=report_url,
    )
