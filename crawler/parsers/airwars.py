"""Airwars pages: civilian-casualty incidents and the military-claims pages that republish a
coalition report.

Two incident themes are read. The 2024-25 theme (SOURCES.md 3.3) is read from its markup:
`.meta-block.code`, the "Incident date" block, `.meta-block.location`, `.lat-lng`, the
`ul.meta-list.summary` rows (a label `div` and a `div.value`) and the
`.belligerent-assessments` block headed "<Belligerent> Assessment:". The 2019-22 theme is
known only from its text rendering ("Civilians reported killed 0 – 1", "Suspected attacker
US-led Coalition"), so it is read from the text, label by label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import lxml.html

from crawler.parsers import ParseFailure

_CODE = re.compile(r"\b([A-Z]{1,6}\d{1,5}[a-z]?)\b")
_RANGE = re.compile(r"^\s*(\d[\d,]*)\s*(?:[-–—]\s*(\d[\d,]*))?\s*$")
_POSITIONS = ("Not yet assessed", "Non credible", "Unsubstantiated", "Credible", "Substantiated", "Duplicate")
_GRADINGS = ("Confirmed", "Fair", "Weak", "Contested", "Discounted")


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
    """'October 7, 2023' -> '2023-10-07'."""
    if not text:
        return None
    match = re.search(r"([A-Z][a-z]+)\.? (\d{1,2}),? (\d{4})", text)
    if not match:
        return None
    for fmt in ("%B %d %Y", "%b %d %Y"):
        try:
            return datetime.strptime(" ".join(match.groups()), fmt).date().isoformat()
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
        label = _clean("".join(label_div.xpath("./text()")))
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
    """The parsed page: given as a tree (the crawl's one reading of the page,
    crawler/pagetext.py) or as HTML."""
    return lxml.html.fromstring(page) if isinstance(page, (str, bytes)) else page


def parse_incident(html, url: str = "") -> Incident:
    """One incident page, in either theme (`html`: the page's HTML or its parsed tree)."""
    tree = _tree(html)
    if tree.xpath(f"//*[{_class_has('info-left')}]"):
        return _new_theme(tree)
    # Block elements' texts are joined with spaces, as the theme's text rendering shows them.
    return _old_theme(_clean(" ".join(tree.itertext())), url)


def _new_theme(tree) -> Incident:
    code = _block_text(tree, f"//div[{_class_has('meta-block')} and {_class_has('code')}]")
    if not code or not _CODE.search(code):
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
    summary_ul = tree.xpath(f"//ul[{_class_has('meta-list')} and {_class_has('summary')}]")
    summary = _rows(summary_ul[0]) if summary_ul else {}
    killed = parse_range(summary.get("Civilians reported killed"))
    injured = parse_range(summary.get("Civilians reported injured"))
    grading = summary.get("Airwars civilian harm grading")
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
    belligerent = belligerent or summary.get("Suspected belligerent")
    return Incident(
        code=_CODE.search(code).group(1), incident_date=incident_date, location=location,
        country=_country_of(location), latitude=lat, longitude=lon,
        killed_min=killed[0], killed_max=killed[1], injured_min=injured[0], injured_max=injured[1],
        grading=grading, belligerent=belligerent, belligerent_position=position,
        civilian_deaths_conceded=deaths_c, civilian_injuries_conceded=injuries_c,
        stated_location=stated, theme="2024",
    )


def _after(label: str, text: str, stop: str = r"(?=\s+[A-Z][a-z]+\s|\s*$)") -> str | None:
    match = re.search(re.escape(label) + r"[:\s]+(.+?)" + stop, text)
    return _clean(match.group(1)) if match else None


def _old_theme(text: str, url: str) -> Incident:
    code_match = re.search(r"Incident Code:?\s*([A-Z]{1,6}\d{1,5}[a-z]?)\b", text) or _CODE.search(text)
    if not code_match:
        slug = re.search(r"/civilian-casualties/([a-z]+\d+[a-z]?)-", url)
        if not slug:
            raise ParseFailure("no incident code on the page or in its URL")
        code = slug.group(1).upper()
        code = code[:-1] + code[-1].lower() if code[-1].isalpha() and code[-2].isdigit() else code
    else:
        code = code_match.group(1)
    date_match = re.search(r"Incident date:?\s*([A-Z][a-z]+\.? \d{1,2},? \d{4})", text)
    incident_date = parse_date(date_match.group(1)) if date_match else None
    location = _after("Location", text, r"(?=\s*(?:Summary|$))")
    killed = parse_range(_after("Civilians reported killed", text, r"(?=\s+(?:Civilians|Airwars|Suspected|Cause|\(|$))"))
    injured = parse_range(_after("Civilians reported injured", text, r"(?=\s+(?:Airwars|Suspected|Cause|\(|$))"))
    grading = next((g for g in _GRADINGS if re.search(r"Airwars (?:civilian harm )?grading:?\s+" + g, text)), None)
    attacker = re.search(r"Suspected (?:attacker|belligerent):?\s+(US-led Coalition|Russia|Turkey|[A-Z][\w-]+)", text)
    belligerent = attacker.group(1) if attacker else None
    position = None
    pos_match = re.search(r"position on incident:?\s+(" + "|".join(_POSITIONS) + ")", text)
    if pos_match:
        position = pos_match.group(1)
    deaths = re.search(r"Civilian deaths conceded:?\s+(\d+)", text)
    stated = _after("Stated location", text, r"(?=\s+(?:Civilian|Location|Original|$))")
    heading = re.search(r"([A-Z][\w-]+(?: [A-Z][\w-]+)?) Assessment:", text)
    if heading and heading.group(1) != "Airwars":
        belligerent = belligerent or heading.group(1)
    return Incident(
        code=code, incident_date=incident_date, location=location, country=_country_of(location),
        latitude=None, longitude=None, killed_min=killed[0], killed_max=killed[1],
        injured_min=injured[0], injured_max=injured[1], grading=grading, belligerent=belligerent,
        belligerent_position=position, civilian_deaths_conceded=int(deaths.group(1)) if deaths else None,
        civilian_injuries_conceded=None, stated_location=stated, theme="2019",
    )


def _country_of(location: str | None) -> str | None:
    """The last comma-separated part of a location when it names a country Airwars covers."""
    if not location:
        return None
    last = location.rsplit(",", 1)[-1].strip()
    known = {"syria": "Syria", "iraq": "Iraq", "libya": "Libya", "the gaza strip": "Palestine",
             "yemen": "Yemen", "somalia": "Somalia"}
    return known.get(last.lower())


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
