"""Airwars incident pages generated in every shape the site has printed them, for the
template-variant tests (tests/test_airwars_variants.py).

An incident is a dict (`INCIDENTS`, values taken from real pages of
tests/corpus/real/airwars/). `MARKUP` renders it in the 2024-25 theme's markup
(docs/sources.md, "Airwars incident pages": `.info-left` meta-blocks, `ul.meta-list.summary` rows, tooltips, the
`.belligerent-assessments` block) with one change each; `TEXT` renders it as the stored text
renderings of the 2019-22 themes. Everything here is generated: no variant is a file.
"""

from __future__ import annotations

import html

GRADING_TIPS = {
    "Confirmed": "A specific belligerent has accepted responsibility for civilian harm.",
    "Fair": "Reported by two or more credible sources, with likely or confirmed near actions by a belligerent.",
    "Weak": "Single source claim, though sometimes featuring significant information.",
    "Contested": "Competing claims of responsibility e.g. multiple belligerents, or casualties also "
                 "attributed to ground forces.",
    "Discounted": "Those killed were combatants, or other parties most likely responsible.",
}

# printed values; `rows` is what a reader takes from them
INCIDENTS = [
    {"code": "CS1792a", "date": "August 25, 2018", "location": "هجين, Hajin, Deir Ezzor, Syria",
     "killed": "3", "injured": "1", "breakdown": None, "grading": "Confirmed", "parties": ["US-led Coalition"],
     "known": True, "position": "Credible / Substantiated",
     "rows": {"code": "CS1792a", "incident_date": "2018-08-25", "country": "Syria", "killed_min": 3,
              "killed_max": 3, "injured_min": 1, "injured_max": 1, "grading": "Confirmed",
              "belligerent": "US-led Coalition", "belligerent_position": "Credible / Substantiated"}},
    {"code": "CI867", "date": "October 10, 2017", "location": "Rawah, Anbar, Iraq",
     "killed": "1 – 2", "injured": "1–2", "breakdown": ["1 man"], "grading": "Contested",
     "parties": ["US-led Coalition", "Iraq Government Forces"], "known": False, "position": "Not yet assessed",
     "rows": {"code": "CI867", "incident_date": "2017-10-10", "country": "Iraq", "killed_min": 1,
              "killed_max": 2, "injured_min": 1, "injured_max": 2, "grading": "Contested",
              "belligerent": "US-led Coalition", "belligerent_position": "Not yet assessed"}},
    {"code": "TS611", "date": "July 15, 2023", "location": "بلدة حارم, Harem town, Idlib, Syria",
     "killed": "Unknown", "injured": "1", "breakdown": None, "grading": "Weak", "parties": ["Turkish Military"],
     "known": False, "position": "Not yet assessed",
     "rows": {"code": "TS611", "incident_date": "2023-07-15", "country": "Syria", "killed_min": None,
              "killed_max": None, "injured_min": 1, "injured_max": 1, "grading": "Weak",
              "belligerent": "Turkish Military", "belligerent_position": "Not yet assessed"}},
    {"code": "ISPT0137", "date": "October 12, 2023", "location": "مخيّم جباليا, Jabalia camp, North Gaza, the Gaza Strip",
     "killed": "1 – 2", "injured": None, "breakdown": ["2 children", "3 women"], "grading": "Fair", "parties": [],
     "known": False, "position": None,
     "rows": {"code": "ISPT0137", "incident_date": "2023-10-12", "country": "the Gaza Strip", "killed_min": 1,
              "killed_max": 2, "injured_min": None, "injured_max": None, "grading": "Fair",
              "belligerent": None, "belligerent_position": None}},
]

# A second incident printed after the first on a listing page: none of its values are the first's.
OTHER = {"code": "CS1747", "date": "May 1, 2018", "location": "القصر, Al Qasr village, Al Hassakah, Syria",
         "killed": "24 – 30", "injured": "10–20", "breakdown": ["5–14 children"], "grading": "Discounted",
         "parties": ["Russian Military"], "known": True, "position": "Duplicate"}


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _tip(text: str) -> str:
    return f'<i class="far fa-info-circle"></i><div class="tooltip"><div class="tooltip-content">{esc(text)}</div></div>'


def _party_label(inc: dict) -> str:
    return ("Known" if inc["known"] else "Suspected") + " belligerent" + ("s" if len(inc["parties"]) > 1 else "")


# -- the 2024-25 theme's markup -----------------------------------------------------------

def _row(label: str, value: str, tip: str | None = None, label_tip: str | None = None,
         wrap_label: bool = False, cls: str = "") -> str:
    shown = f"<span>{esc(label)}</span>" if wrap_label else esc(label)
    label_html = f"<div>{shown}{_tip(label_tip) if label_tip else ''}</div>"
    value_cls = "has-tooltip value" if tip else "value"
    li = f'<li class="{cls}">' if cls else "<li>"
    return f'{li}{label_html}<div class="{value_cls}"> {esc(value)} {_tip(tip) if tip else ""}</div></li>'


def _summary_rows(inc: dict, label_tips: bool, inline_breakdown: bool, blank: bool = False) -> list[list[str]]:
    """The summary's rows in the theme's two lists: strike status and type, then the harm
    (`blank`: every value empty, as a copy whose values are not filled in)."""
    if blank:
        inc = {**inc, "killed": "", "injured": "" if inc["injured"] is not None else None, "breakdown": None,
               "parties": inc["parties"] and [""], "blank": True}
    lt = (lambda text: text) if label_tips else (lambda text: None)
    first = [_row("Strike status", "Likely strike", label_tip=lt("How likely a strike took place: killed 9")),
             _row("Strike type", "Airstrike")]
    second = [_row("Civilian harm reported", "Yes")]
    killed = inc["killed"]
    breakdown = f"({''.join(f'<span>{esc(b)}</span>' for b in inc['breakdown'])})" if inc["breakdown"] else ""
    if breakdown and inline_breakdown:
        second.append(f'<li class="sub"><div>Civilians reported killed</div>'
                      f'<div class="value">{esc(killed)} {breakdown}</div></li>')
    else:
        second.append(_row("Civilians reported killed", killed, cls="sub" if breakdown else "",
                           label_tip=lt("Locally reported civilian deaths, 40 – 50 in all")))
        if breakdown:
            second.append(f"<li><div>{breakdown}</div></li>")
    if inc["injured"] is not None:
        second.append(_row("Civilians reported injured", inc["injured"], wrap_label=label_tips))
    grading = "" if inc.get("blank") else inc["grading"]
    second.append(_row("Airwars civilian harm grading", grading, tip=GRADING_TIPS[inc["grading"]] if grading else None,
                       label_tip=lt("Weak, Fair or Confirmed: see the methodology")))
    if inc["parties"]:
        second.append(_row(_party_label(inc), ", ".join(inc["parties"]), wrap_label=label_tips))
    second.append(_row("Belligerents reported killed", "2"))
    return [first, second]


def _assessments(inc: dict, label_tips: bool) -> str:
    if not inc["parties"]:
        return ""
    blocks = []
    for party in inc["parties"]:
        label = ("Known" if inc["known"] else "Suspected") + " belligerent"
        rows = [_row(label, party),
                _row(f"{party} position on incident", inc["position"],
                     tip="Insufficient information to assess that, more likely than not, civilians were harmed."),
                _row("Stated location", "Near Raqqa",
                     label_tip="Nearest population center" if label_tips else None)]
        blocks.append(f'<h2 class="color-header">{esc(party)} Assessment:</h2><ul class="meta-list">{"".join(rows)}</ul>')
    return f'<div class="belligerent-assessments">{"".join(blocks)}</div>'


def _left(inc: dict, order: tuple[str, ...]) -> str:
    blocks = {
        "code": f'<div class="meta-block code current"><h4>Incident Code</h4><span>{esc(inc["code"])}</span></div>',
        "date": f'<div class="meta-block"><h4>Incident date</h4> {esc(inc["date"])} </div>',
        "location": f'<div class="meta-block location"><h4>Location</h4> {esc(inc["location"])} </div>',
        "geo": '<h4>Geolocation</h4><div class="meta-block"><span class="lat-lng">35.95, 39.01</span>'
               '<span class="warning">Note: The accuracy of this location is to <strong>Town</strong> level.</span></div>',
    }
    return '<div class="info-left">' + "".join(blocks[name] for name in order) + "</div>"


def page(inc: dict, *, twice: bool = True, reorder: bool = False, label_tips: bool = False,
         inline_breakdown: bool = False, empty_first: bool = False) -> str:
    lists = _summary_rows(inc, label_tips, inline_breakdown)
    if reorder:  # rows in another order, the lists swapped
        lists = [list(reversed(rows)) for rows in reversed(lists)]
    summary = "".join(f'<ul class="meta-list summary">{"".join(rows)}</ul>' for rows in lists)
    first = summary
    if empty_first:  # the first copy's values not filled in (a lazy widget): the second holds them
        first = "".join(f'<ul class="meta-list summary">{"".join(rows)}</ul>'
                        for rows in _summary_rows(inc, label_tips, inline_breakdown, blank=True))
    main = [f'<div class="info-main-block summary"><h2>Summary</h2>{first}</div>', _assessments(inc, label_tips)]
    if twice or empty_first:
        main.append(f'<div class="info-main-block summary"><h2>Summary</h2>{summary}</div>')
    if reorder:
        main = [main[1], main[0], *main[2:]]
    order = ("location", "geo", "date", "code") if reorder else ("code", "date", "location", "geo")
    country = inc["rows"]["country"].lower().replace(" ", "-") if "rows" in inc and inc["rows"]["country"] else ""
    return ('<!DOCTYPE html><html><head><title>Airwars</title></head><body class="civ single">'
            '<header><div class="logo info-left"><a href="/">Airwars</a></div><h1>Civilian Casualties</h1></header>'
            f'<main><article class="civ type-civ country-{country}"><div class="content">{_left(inc, order)}'
            '<div class="info-main"><div class="info-main-block"><h2 class="underline-header">Airwars assessment</h2>'
            '<div class="summary"><p>Local sources said 40 civilians were killed, 12 injured, in Raqqa, Syria.</p></div></div>'
            f'{"".join(main)}</div></div></article></main></body></html>')


MARKUP = {
    "theme": lambda inc: page(inc),
    "once": lambda inc: page(inc, twice=False),
    "reordered": lambda inc: page(inc, reorder=True),
    "label-tooltips": lambda inc: page(inc, label_tips=True),
    "breakdown-in-value": lambda inc: page(inc, inline_breakdown=True),
    "values-in-second-copy": lambda inc: page(inc, empty_first=True),
}


# -- the stored text renderings of the older themes ---------------------------------------

def _text_summary(inc: dict, bullets: bool) -> list[str]:
    rows = [("Civilian harm reported", "Yes"), ("Civilians reported killed", inc["killed"])]
    if inc["breakdown"]:
        rows.append((f"({''.join(inc['breakdown'])})", None))
    if inc["injured"] is not None:
        rows.append(("Civilians reported injured", inc["injured"]))
    rows.append(("Airwars civilian harm grading", f"{inc['grading']}\n{GRADING_TIPS[inc['grading']]}"))
    if inc["parties"]:
        rows.append((_party_label(inc).replace("belligerent", "attacker"), ", ".join(inc["parties"])))
    out = []
    for label, value in rows:
        if bullets:
            out.append(f"  • {label}" + "".join(f"\n    {v}" for v in (value or "").splitlines()))
        else:
            out.append(label + "".join(f"\n{v}" for v in (value or "").splitlines()))
    return out


def rendering_2019(inc: dict) -> str:
    """An incident page's text as stored (2019-22 theme): bulleted summary, printed twice."""
    head = ["Civilian Casualties", "Incident Code", inc["code"], "Incident date", inc["date"], "Location",
            inc["location"], "Airwars assessment", "Local sources said 40 civilians were killed in Raqqa, Syria.",
            "Summary", *_text_summary(inc, True), "Sources (3) [ collapse]"]
    for party in inc["parties"]:
        head += [f"{party} Assessment:", f"  • {_party_label(inc).rstrip('s')}\n    {party}",
                 f"  • {party} position on incident\n    {inc['position']}"]
    return "\n\n".join(head + ["Summary", *_text_summary(inc, True)])


def listing_2022(inc: dict) -> str:
    """A 2022 listing page: filter widgets, the incident's preview, then another incident's."""
    def preview(one: dict) -> list[str]:
        return ["Incident date", one["date"], "Incident Code", one["code"], "LOCATION", one["location"],
                "Local sources said civilians were killed.", "Summary", "First published", one["date"],
                "Last updated\nJanuary 18, 2022", *_text_summary(one, False), "View Incident"]
    widgets = ["US-led Coalition in Iraq & Syria", "Belligerent\nUS-led Coalition\nCountry\nIraq\nSyria\n"
               "start date\nend date\nCivilian Harm Status\nBelligerent Assessment\nDeclassified Documents"]
    return "\n\n".join(widgets + preview(inc) + preview(OTHER))


TEXT = {"rendering-2019": rendering_2019, "listing-2022": listing_2022}
