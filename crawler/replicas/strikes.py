"""Strike releases: HTML releases of each era, DoD News rewrites, and the PDF files.

Figures come from facts.json (strike_summaries); the PDFs whose content is not in the facts
(all but the Jan. 4, 2019 release) carry era-style text with illustrative totals.
"""
from __future__ import annotations

from .common import by_id, facts, words

FOOTER = ("Strike assessments are based on initial reports. All aircraft returned to base safely. "
          "A strike, as defined by the Coalition, refers to one or more kinetic engagements that "
          "occur in roughly the same geographic location to produce a single, sometimes cumulative, "
          "effect. Therefore, officials explained, a single aircraft can conduct multiple strikes "
          "against a group of buildings and vehicles and weapons systems in a compact area, having "
          "the cumulative effect of making those targets harder or impossible for ISIL to use.")


def _s(i: str) -> dict:
    return by_id(facts()["strike_summaries"])[i]


def release_2014(i: str) -> tuple[str, str, list[str]]:
    s = _s(i)
    syr = s["countries"].get("Syria", {})
    irq = s["countries"].get("Iraq", {})
    total = syr.get("strikes", 0) + irq.get("strikes", 0)
    d = s["release_date"]
    from .common import ap_date
    title = f"{ap_date(d, year=False)}: U.S. Military, Partner Nations Conduct Airstrikes Against ISIL in Syria and Iraq"
    out = [f"Release No: UNRELEASED {ap_date(d)} PRINT | E-MAIL", f"Release #{s['release_number']}",
           f"TAMPA, Fla., {ap_date(d)} - U.S. military forces continued to attack ISIL terrorists in "
           f"Syria and Iraq yesterday and today using bomber, fighter and remotely piloted aircraft "
           f"to conduct {words(total) if total < 20 else total} airstrikes."]
    for country, c in (("Syria", syr), ("Iraq", irq)):
        for line in c.get("lines", []):
            n = line["strikes"]
            eff = line.get("effects", "struck ISIL targets")
            loc = line["loc"]
            loc = loc if loc.startswith(("near", "west", "south", "east", "north")) else "near " + loc
            out.append(f"In {country}, {words(n)} airstrike{'s' if n > 1 else ''} {loc} {eff}.")
    if s.get("partner_note"):
        out.append("Additionally, fighter aircraft from the Kingdom of Saudi Arabia participated in "
                   "these airstrikes. All aircraft departed the strike areas safely.")
    return title, d, out


def release_2016() -> tuple[str, str, list[str]]:
    s = _s("S05")
    syr, irq = s["countries"]["Syria"], s["countries"]["Iraq"]
    out = [f"Release # {s['release_number']}", "FOR IMMEDIATE RELEASE",
           f"SOUTHWEST ASIA — On Dec. 9, Coalition military forces conducted "
           f"{syr['strikes'] + irq['strikes']} strikes against ISIL terrorists in Syria and Iraq. In "
           f"Syria, Coalition military forces conducted {syr['strikes']} strikes using attack, bomber, "
           "fighter, and remotely piloted aircraft and rocket artillery against ISIL targets. "
           f"Additionally in Iraq, Coalition military forces conducted {irq['strikes']} strikes "
           "coordinated with and in support of the Government of Iraq using attack, bomber, fighter, "
           "and remotely piloted aircraft against ISIL targets.", "The following is a summary of the "
           "strikes conducted since the last press release:", "Syria"]
    effects = {"Ar Raqqah": "engaged three ISIL tactical units; destroyed two fighting positions and a "
                            "vehicle; and damaged a supply route",
               "Ayn Isa": "engaged two ISIL tactical units; destroyed three fighting positions and a "
                          "vehicle",
               "Dayr Az Zawr": "destroyed an ISIL oil well head",
               "Manbij": "destroyed an ISIL headquarters building",
               "Palmyra": "destroyed 20 ISIL oil tanker trucks",
               "Mosul": "engaged six ISIL tactical units; destroyed 12 fighting positions, five mortar "
                        "systems, 10 supply routes, two vehicle bombs and a tunnel; and suppressed "
                        "three mortar teams",
               "Tal Afar": "destroyed an ISIL vehicle"}
    for country, c in (("Syria", syr), ("Iraq", irq)):
        if country == "Iraq":
            out.append("Iraq")
        for line in c["lines"]:
            n = line["strikes"]
            out.append(f"* Near {line['loc']}, {words(n)} strike{'s' if n > 1 else ''} "
                       f"{effects[line['loc']]}.")
    out.append(FOOTER)
    return "Military airstrikes continue against ISIL terrorists in Syria and Iraq", s["release_date"], out


def release_2017() -> tuple[str, str, list[str]]:
    s = _s("S09")
    syr, irq, add = s["countries"]["Syria"], s["countries"]["Iraq"], s["additional_block"]
    t = s["totals"]
    out = [f"Release # {s['release_number']}", "FOR IMMEDIATE RELEASE",
           f"SOUTHWEST ASIA — On Aug. 17, Coalition military forces conducted {t['strikes']} strikes "
           f"consisting of {t['engagements']} engagements against ISIS targets in Syria and Iraq.",
           f"In Syria, Coalition military forces conducted {syr['strikes']} strikes consisting of "
           f"{syr['engagements']} engagements against ISIS targets.",
           "* Near Abu Kamal, three strikes destroyed two ISIS oil stills and an ISIS wellhead.",
           "* Near Dayr Az Zawr, a strike destroyed an ISIS oil pump jack.",
           f"* Near Raqqah, 18 strikes engaged {syr['lines'][2]['engaged_tactical_units']} ISIS "
           "tactical units and destroyed 17 fighting positions, three vehicles, two logistics centers "
           "and a command and control node.",
           f"In Iraq, Coalition military forces conducted {irq['strikes']} strikes consisting of "
           f"{irq['engagements']} engagements coordinated with and in support of the Government of Iraq "
           "against ISIS targets.",
           "* Near Bayji, a strike destroyed an ISIS vehicle bomb factory.",
           "* Near Tal Afar, four strikes engaged two ISIS tactical units and destroyed a mortar system, "
           "a vehicle and a weapons cache.",
           "Additional Strikes",
           f"Additionally, {add['strikes']} strikes consisting of {add['engagements']} engagements were "
           "conducted in Syria and Iraq on Aug. 15-16 that closed within the last 24 hours.",
           "* On Aug. 15, near Al Shadaddi, Syria, a strike destroyed an ISIS headquarters.",
           "* On Aug. 16, near Raqqah, Syria, 14 strikes engaged 10 ISIS tactical units and destroyed "
           "13 fighting positions and a vehicle bomb factory.",
           FOOTER.replace("ISIL", "ISIS")]
    return "Military airstrikes continue against ISIS terrorists in Syria and Iraq", s["release_date"], out


def dod_rewrites() -> list[dict]:
    """DoD News articles on defense.gov: id, path, title, date, paragraphs."""
    s06, s11, s12 = _s("S06"), _s("S11"), _s("S12")
    a = s06["countries"]
    rew = [{
        "id": 1087416, "section": "/News/Article/Article/",
        "slug": "officials-provide-details-of-latest-counter-isis-strikes-in-syria-iraq",
        "title": "Officials Provide Details of Latest Counter-ISIS Strikes in Syria, Iraq",
        "date": s06["release_date"],
        "paras": ["From a Combined Joint Task Force Operation Inherent Resolve News Release",
                  f"SOUTHWEST ASIA, Feb. 17, 2017 — U.S. and coalition military forces continued to "
                  f"attack the Islamic State of Iraq and Syria yesterday, conducting "
                  f"{a['Syria']['strikes'] + a['Iraq']['strikes']} strikes consisting of "
                  f"{a['Syria']['engagements'] + a['Iraq']['engagements']} engagements against ISIS "
                  "terrorists, Combined Joint Task Force Operation Inherent Resolve officials reported "
                  "today.", "Officials reported details of yesterday’s strikes, noting that assessments "
                  "of results are based on initial reports.", "Strikes in Syria",
                  f"In Syria, coalition military forces conducted {a['Syria']['strikes']} strikes "
                  f"consisting of {a['Syria']['engagements']} engagements against ISIS targets:",
                  "-- Near Abu Kamal, five strikes destroyed five ISIS oil wellheads.",
                  "-- Near Bab, a strike destroyed an ISIS decoy tactical vehicle.",
                  "-- Near Dayr Az Zawr, 11 strikes destroyed 20 oil wellheads, a pump jack and a "
                  "crude oil collection point.",
                  "-- Near Raqqa, 17 strikes engaged 11 ISIS tactical units and destroyed 12 fighting "
                  "positions, two tunnel entrances and two vehicles.", "Strikes in Iraq",
                  f"In Iraq, coalition military forces conducted {a['Iraq']['strikes']} strikes "
                  f"consisting of {a['Iraq']['engagements']} engagements coordinated with and in support "
                  "of Iraq’s government:",
                  "-- Near Kisik, a strike destroyed an ISIS weapons cache.",
                  "-- Near Mosul, three strikes engaged three ISIS tactical units and destroyed 11 "
                  "fighting positions, seven mortar systems and a vehicle bomb.",
                  "-- Near Tal Afar, three strikes destroyed three ISIS fighting positions."]},
        {"id": 1398774, "section": "/News/Article/Article/",
         "slug": "coalition-strikes-continue-against-isis-in-syria-iraq",
         "title": "Coalition Strikes Continue Against ISIS in Syria, Iraq", "date": s11["release_date"],
         "paras": ["From a Combined Joint Task Force Operation Inherent Resolve News Release",
                   f"SOUTHWEST ASIA, Dec. 18, 2017 — U.S. and coalition military forces conducted "
                   f"{s11['totals']['strikes']} strikes consisting of {s11['totals']['engagements']} "
                   "engagements against ISIS targets in Syria and Iraq between Dec. 15-17, Combined "
                   "Joint Task Force Operation Inherent Resolve officials reported today.",
                   "Strikes in Syria",
                   "On Dec. 17, coalition military forces conducted eight strikes consisting of 13 "
                   "engagements against ISIS targets near Abu Kamal. The strikes destroyed six ISIS "
                   "fighting positions, three vehicles and a headquarters.",
                   "On Dec. 16, coalition military forces conducted three strikes consisting of three "
                   "engagements against ISIS targets near Abu Kamal.",
                   "On Dec. 15, coalition military forces conducted five strikes consisting of seven "
                   "engagements against ISIS targets near Abu Kamal.", "Strikes in Iraq",
                   "On Dec. 17, coalition military forces conducted a strike consisting of one "
                   "engagement against ISIS targets near Rutbah. The strike destroyed a cave.",
                   "There were no reported strikes in Iraq on Dec. 16.",
                   "On Dec. 15, coalition military forces conducted two strikes consisting of two "
                   "engagements against ISIS targets near Rutbah."]},
        {"id": 1587453, "section": "/News/Article/Article/",
         "slug": "coalition-strikes-continue-against-isis-targets-in-iraq-syria",
         "title": "Coalition Strikes Continue Against ISIS Targets in Iraq, Syria",
         "date": s12["release_date"],
         "paras": ["From a Combined Joint Task Force Operation Inherent Resolve News Release",
                   "SOUTHWEST ASIA, July 30, 2018 — Between July 23-29, coalition military forces "
                   f"conducted {words(s12['totals']['strikes'])} strikes, consisting of "
                   f"{s12['totals']['engagements']} engagements, in Iraq and Syria",
                   "Operation Roundup, the Syrian Democratic Forces’ operation to defeat the last ISIS "
                   "remnants in the Middle Euphrates River Valley, began May 1.", "Strikes in Syria",
                   "On July 28, coalition military forces conducted a strike consisting of one "
                   "engagement against ISIS targets near Abu Kamal. The strike damaged a line of "
                   "communication.",
                   "On July 27, coalition military forces conducted six strikes consisting of seven "
                   "engagements against ISIS targets near Abu Kamal.",
                   "There were no reported strikes conducted in Syria on July 23-26 and July 29.",
                   "Strikes in Iraq",
                   "On July 26, coalition military forces conducted a strike consisting of one "
                   "engagement against ISIS targets near Rutbah.",
                   "On July 24, coalition military forces conducted a strike consisting of two "
                   "engagements against ISIS targets near Makhmur.",
                   "There were no reported strikes in Iraq between July 27-29."]},
    ]
    t2, d2, p2 = release_2014("S02")
    rew.append({"id": 603478, "section": "/News/News-Stories/Article/Article/",
                "slug": "airstrikes-hit-isil-in-syria-iraq", "title": "Airstrikes Hit ISIL in Syria, Iraq",
                "date": d2, "paras": ["By DoD News, Defense Media Activity"] + p2[2:]})
    return rew


FOOTER_ISIS = FOOTER.replace("ISIL", "ISIS")
ROUNDUP = ("Operation Roundup, the Syrian Democratic Forces' operation to defeat the last ISIS remnants "
           "in the Middle Euphrates River Valley, began May 1. Coalition forces support the operation "
           "with strikes, advice and intelligence.")
DG_LEAD = "From a Combined Joint Task Force Operation Inherent Resolve News Release"


def _more_html() -> list[dict]:
    """Releases beyond facts.json, in each era's wording (figures illustrative)."""
    return [
        {"id": "H2014-11-08", "kind": "ir-legacy", "date": "2014-11-08",
         "title": "Nov. 8: U.S. Military Conducts Airstrikes Against ISIL in Syria and Iraq",
         "paras": ["Release No: UNRELEASED Nov. 8, 2014 PRINT | E-MAIL", "Release #20141108",
                   "TAMPA, Fla., Nov. 8, 2014 - U.S. military forces continued to attack ISIL terrorists "
                   "in Syria and Iraq Friday and today using fighter, bomber and remotely piloted "
                   "aircraft to conduct fourteen airstrikes.",
                   "In Syria, two airstrikes near Kobani destroyed an ISIL staging area and a fighting "
                   "position. One airstrike northwest of Dayr az Zawr struck an ISIL vehicle.",
                   "In Iraq, six airstrikes northwest of Mosul Dam struck four small ISIL units and "
                   "destroyed an ISIL vehicle. Five airstrikes near Bayji destroyed 2 ISIL checkpoints "
                   "and damaged an ISIL building.",
                   "Fighter aircraft from the United Kingdom and the Netherlands participated in these "
                   "airstrikes. All aircraft departed the strike areas safely."]},
        {"id": "H2014-12-26", "kind": "ir-legacy", "date": "2014-12-26",
         "title": "Dec. 26: Military Airstrikes Continue Against ISIL Terrorists in Syria and Iraq",
         "paras": ["Release No: UNRELEASED Dec. 26, 2014 PRINT | E-MAIL", "Release #20141226",
                   "TAMPA, Fla., Dec. 26, 2014 - U.S. and Coalition military forces continued to attack "
                   "ISIL terrorists in Syria Wednesday and today, using fighter and remotely piloted "
                   "aircraft to conduct sixteen airstrikes. Separately, U.S. and Coalition forces "
                   "conducted seven airstrikes in Iraq.",
                   "Syria",
                   "* Near Kobani, thirteen airstrikes struck ISIL tactical units and destroyed 12 ISIL "
                   "fighting positions and an ISIL building.",
                   "* Near Al Hasakah, three airstrikes struck two ISIL tactical units and destroyed an "
                   "ISIL vehicle.",
                   "Iraq",
                   "* Near Al Asad, two airstrikes destroyed an ISIL armored vehicle.",
                   "* Near Mosul, five airstrikes struck three ISIL tactical units and destroyed an ISIL "
                   "heavy machine gun and an ISIL excavator.",
                   "All aircraft returned to base safely."]},
        {"id": "H2015-06-21", "kind": "ir-legacy", "date": "2015-06-21",
         "title": "Military Airstrikes Continue Against ISIL Terrorists in Syria and Iraq",
         "paras": ["Release # 20150621-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — On June 20, Coalition military forces conducted 12 airstrikes in "
                   "Syria and Iraq.",
                   "Syria", "* Near Al Hasakah, one airstrike struck an ISIL tactical unit and destroyed "
                   "an ISIL vehicle.",
                   "* Near Raqqah, five airstrikes struck three ISIL tactical units and destroyed three "
                   "ISIL fighting positions two ISIL vehicles.",
                   "Iraq", "* Near Baghdadi, one airstrike struck an ISIL tactical unit.",
                   "* Near Bayji, three airstrikes struck land features, destroyed an ISIL fighting "
                   "position and denied ISIL access to terrain.",
                   "* Near Ramadi, two airstrikes destroyed an ISIL vehicle bomb and an ISIL "
                   "command-and control-node.", FOOTER]},
        {"id": "H2016-03-15", "kind": "ir-modern", "date": "2016-03-15",
         "title": "Military airstrikes continue against ISIL terrorists in Syria and Iraq",
         "paras": ["Release # 20160315-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — On March 14, Coalition military forces conducted 15 strikes "
                   "against ISIL terrorists in Syria and Iraq. In Syria, Coalition military forces "
                   "conducted 4 strikes using attack, bomber, and fighter aircraft against ISIL targets. "
                   "Additionally in Iraq, Coalition military forces conducted 11 strikes coordinated "
                   "with and in support of the Government of Iraq using attack, bomber, fighter, and "
                   "remotely piloted aircraft against ISIL targets.",
                   "The following is a summary of the strikes conducted since the last press release:",
                   "Syria", "* Near Al Shaddadi, three strikes struck three separate ISIL tactical units "
                   "and destroyed four ISIL fighting positions.",
                   "* Near Mar'a, one strike struck an ISIL tactical unit.",
                   "Iraq", "* Near Haditha, one strike struck an ISIL tactical unit and destroyed an ISIL "
                   "bed-down location.",
                   "* Near Hit, four strikes struck three ISIL tactical units and destroyed three ISIL "
                   "weapons caches, an ISIL vehicle and an ISIL mortar system.",
                   "* Near Mosul, four strikes struck an ISIL tactical unit and destroyed an ISIL "
                   "headquarters, two ISIL assembly areas and suppressed an ISIL rocket position.",
                   "* Near Sinjar, one strike destroyed an ISIL heavy machine gun.",
                   "* Near Sultan Abdallah, one strike struck an ISIL tactical unit.", FOOTER]},
        {"id": "H2018-09-04", "kind": "ir-modern", "date": "2018-09-04",
         "title": "Coalition strikes continue against ISIS targets",
         "paras": ["Release # 20180904-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — Yesterday, coalition military forces conducted four strikes "
                   "consisting of seven engagements in Syria and Iraq.",
                   "Syria",
                   "Yesterday, coalition military forces conducted three strikes consisting of five "
                   "engagements against ISIS targets near Hajin. The strikes destroyed two ISIS "
                   "fighting positions and an ISIS vehicle.",
                   "Iraq",
                   "Yesterday, coalition military forces conducted a strike consisting of two "
                   "engagements against ISIS targets near Kirkuk. The strike destroyed an ISIS cave.",
                   FOOTER_ISIS]},
        {"id": "H2018-11-09", "kind": "ir-modern", "date": "2018-11-09",
         "title": "Coalition strikes continue against ISIS in Syria",
         "paras": ["Release # 20181109-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — Between Nov. 2-8, coalition military forces conducted 37 strikes "
                   "consisting of 61 engagements in Syria and Iraq.", ROUNDUP,
                   "Strikes in Syria",
                   "On Nov. 8, coalition military forces conducted 11 strikes consisting of 17 "
                   "engagements against ISIS targets near Hajin. The strikes destroyed nine ISIS "
                   "fighting positions, an ISIS vehicle bomb and an ISIS supply route.",
                   "On Nov. 7, coalition military forces conducted eight strikes consisting of 14 "
                   "engagements against ISIS targets near Hajin. The strikes destroyed six ISIS "
                   "fighting positions and damaged an ISIS tunnel.",
                   "On Nov. 6, coalition military forces conducted six strikes consisting of 10 "
                   "engagements against ISIS targets near Hajin.",
                   "On Nov. 5, coalition military forces conducted nine strikes consisting of 15 "
                   "engagements against ISIS targets near Susah. The strikes destroyed four ISIS "
                   "fighting positions and three ISIS vehicles.",
                   "There were no reported strikes conducted in Syria on Nov. 2-4.",
                   "Strikes in Iraq",
                   "On Nov. 4, coalition military forces conducted three strikes consisting of five "
                   "engagements against ISIS targets near Al Qaim. The strikes destroyed an ISIS cave "
                   "and an ISIS staging area.",
                   "There were no reported strikes in Iraq between Nov. 5-8.", FOOTER_ISIS]},
        {"id": "H2018-12-07", "kind": "ir-modern", "date": "2018-12-07",
         "title": "Coalition strikes continue against ISIS near Hajin",
         "paras": ["Release # 20181207-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — Between Dec. 4-7, coalition military forces conducted 52 strikes "
                   "consisting of 108 engagements in Syria.",
                   "Strikes in Syria",
                   "On Dec. 7, coalition military forces conducted 14 strikes consisting of 31 "
                   "engagements against ISIS targets near Hajin. The strikes destroyed 12 ISIS fighting "
                   "positions, two ISIS logistics centers and an ISIS command and control node.",
                   "On Dec. 6, coalition military forces conducted 16 strikes consisting of 29 "
                   "engagements against ISIS targets near Hajin.",
                   "On Dec. 5, coalition military forces conducted 12 strikes consisting of 26 "
                   "engagements against ISIS targets near Hajin. The strikes destroyed 10 ISIS "
                   "fighting positions.",
                   "On Dec. 4, coalition military forces conducted 10 strikes consisting of 22 "
                   "engagements against ISIS targets near Abu Kamal.",
                   "There were no strikes reported in Iraq Dec. 4-7.", FOOTER_ISIS]},
    ]


def _more_dod() -> list[dict]:
    """More DoD News rewrites on defense.gov (figures illustrative unless facts.json has them)."""
    return [
        {"id": 1153440, "section": "/News/News-Stories/Article/Article/", "kind": "dg-story",
         "slug": "coalition-strikes-target-isis-in-syria-iraq", "date": "2017-04-17",
         "title": "Coalition Strikes Target ISIS in Syria, Iraq",
         "paras": [DG_LEAD,
                   "SOUTHWEST ASIA, April 17, 2017 — U.S. and coalition military forces continued to "
                   "attack the Islamic State of Iraq and Syria yesterday, conducting 29 strikes "
                   "consisting of 35 engagements against ISIS terrorists, Combined Joint Task Force "
                   "Operation Inherent Resolve officials reported today.",
                   "Strikes in Syria",
                   "In Syria, coalition military forces conducted 21 strikes consisting of 15 "
                   "engagements against ISIS targets:",
                   "-- Near Raqqa, 18 strikes engaged eight ISIS tactical units and destroyed 11 "
                   "fighting positions, two vehicles two logistics centers and a command-and-control "
                   "node.",
                   "-- Near Tabqah, three strikes destroyed an ISIS weapons cache.",
                   "Strikes in Iraq",
                   "In Iraq, coalition military forces conducted eight strikes consisting of 20 "
                   "engagements coordinated with and in support of Iraq's government:",
                   "-- Near Mosul, seven strikes engaged five ISIS tactical units and destroyed nine "
                   "fighting positions, four mortar systems and a vehicle bomb.",
                   "-- Near Kisik , a strike destroyed an ISIS tunnel entrance."]},
        {"id": 1232305, "section": "/News/Article/Article/", "kind": "dg-archive",
         "slug": "military-strikes-hit-isis-terrorists-in-syria-iraq", "date": "2017-06-28",
         "title": "Military Strikes Hit ISIS Terrorists in Syria, Iraq",
         "paras": [DG_LEAD,
                   "SOUTHWEST ASIA, June 28, 2017 — U.S. and coalition military forces continued to "
                   "attack the Islamic State of Iraq and Syria yesterday, conducting 31 strikes "
                   "consisting of 62 engagements against ISIS terrorists, Combined Joint Task Force "
                   "Operation Inherent Resolve officials reported today.",
                   "Strikes in Syria",
                   "In Syria, coalition military forces conducted 26 strikes consisting of 45 "
                   "engagements against ISIS targets:",
                   "-- Near Abu Kamal, a strike destroyed an ISIS wellhead.",
                   "-- Near Raqqa, 22 strikes engaged 20 ISIS tactical units and destroyed 24 fighting "
                   "positions, a vehicle bomb factory and an ISIS headquarters.",
                   "-- Near Shadaddi , three strikes engaged an ISIS tactical unit and destroyed a "
                   "vehicle.",
                   "Strikes in Iraq",
                   "In Iraq, coalition military forces conducted five strikes consisting of 17 "
                   "engagements coordinated with and in support of Iraq's government:",
                   "-- Near Beiji, a strike destroyed an ISIS rocket rail.",
                   "-- Near Mosul, four strikes engaged four ISIS tactical units and destroyed 10 "
                   "fighting positions and suppressed three ISIS mortar teams.",
                   "June 24-26 Strikes",
                   "Additionally, nine strikes consisting of 12 engagements were conducted in Syria on "
                   "June 24 and June 26 that closed within the last 24 hours.",
                   "-- On June 24, near Raqqa, Syria, six strikes engaged five ISIS tactical units and "
                   "destroyed four fighting positions.",
                   "-- On June 26, near Dayr Az Zawr, Syria, three strikes destroyed three oil stills."]},
        {"id": 1295925, "section": "/News/Article/Article/", "kind": "dg-archive",
         "slug": "coalition-strikes-hit-isis-in-syria-iraq", "date": "2017-08-18",
         "title": "Coalition Strikes Hit ISIS in Syria, Iraq",
         "paras": [DG_LEAD,
                   "SOUTHWEST ASIA, Aug. 18, 2017 — U.S. and coalition military forces continued to "
                   "attack the Islamic State of Iraq and Syria yesterday, conducting 27 strikes "
                   "consisting of 40 engagements against ISIS terrorists, Combined Joint Task Force "
                   "Operation Inherent Resolve officials reported today.",
                   "Strikes in Syria",
                   "In Syria, coalition military forces conducted 22 strikes consisting of 24 "
                   "engagements against ISIS targets:",
                   "-- Near Abu Kamal, three strikes destroyed two ISIS oil stills and a wellhead.",
                   "-- Near Dayr Az Zawr, a strike destroyed an ISIS oil pump jack.",
                   "-- Near Raqqa, 18 strikes engaged 12 ISIS tactical units and destroyed 17 fighting "
                   "positions, three vehicles, two logistics centers and a command and control node.",
                   "Strikes in Iraq",
                   "In Iraq, coalition military forces conducted five strikes consisting of 16 "
                   "engagements coordinated with and in support of Iraq's government:",
                   "-- Near Beiji, a strike destroyed an ISIS vehicle bomb factory.",
                   "-- Near Tal Afar, four strikes engaged two ISIS tactical units and destroyed a "
                   "mortar system, a vehicle and a weapons cache.",
                   "Additional Strikes",
                   "Additionally, 41 strikes consisting of 55 engagements were conducted in Syria and "
                   "Iraq on Aug. 15 that closed within the last 24 hours.",
                   "-- On Aug. 15, near Shadaddi, Syria, a strike destroyed an ISIS headquarters.",
                   "-- On Aug. 15, near Raqqa, Syria, 40 strikes engaged 31 ISIS tactical units and "
                   "destroyed 38 fighting positions."]},
        {"id": 1473980, "section": "/Newsroom/News/Article/Article/", "kind": "dg-story",
         "slug": "coalition-continues-strikes-against-isis-in-syria-iraq", "date": "2018-03-16",
         "title": "Coalition Continues Strikes Against ISIS in Syria, Iraq",
         "paras": [DG_LEAD,
                   "SOUTHWEST ASIA, March 16, 2018 — Coalition military forces conducted five strikes "
                   "consisting of 10 engagements against ISIS targets in Syria and Iraq between March "
                   "9-15, Combined Joint Task Force Operation Inherent Resolve officials reported "
                   "today.",
                   "Strikes in Syria",
                   "On March 15, coalition military forces conducted two strikes consisting of five "
                   "engagements against ISIS targets near Abu Kamal. The strikes destroyed an ISIS "
                   "staging area.",
                   "On March 14, coalition military forces conducted a strike consisting of four "
                   "engagements against ISIS targets near Shadaddi. The strike destroyed an ISIS-held "
                   "building.",
                   "There were no reported strikes conducted in Syria on March 13.",
                   "Strikes in Iraq",
                   "On March 11, coalition military forces conducted two strikes consisting of one "
                   "engagement against ISIS targets near Rawah.",
                   "There were no reported strikes conducted in Iraq on March 12-15."]},
    ]


def _pdf_releases() -> list[dict]:
    """PDF releases, linked with the real file-name chaos (raw spaces, %20, doubled spaces)."""
    p = "/Portals/14/Documents/Strike%20Releases/"
    return [
        {"id": "P2015-04-01", "date": "2015-04-01", "title": "Strike Release April 1, 2015",
         "href": p + "2015/04April/1%20Apr%20Strike%20Release.pdf?ver=2017-01-13-131120-810",
         "paras": ["Release # 20150401-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — On March 31, Coalition military forces conducted 17 airstrikes "
                   "against ISIL terrorists in Syria and Iraq.",
                   "Syria", "* Near Al Hasakah, two airstrikes struck two ISIL tactical units.",
                   "* Near Kobani, an airstrike struck an ISIL fighting position.",
                   "Iraq", "* Near Tikrit, nine airstrikes struck land features and destroyed 12 ISIL "
                   "fighting positions.", "* Near Bayji, three airstrikes struck three ISIL tactical "
                   "units.", "* Near Kirkuk, two airstrikes destroyed an ISIL vehicle and an ISIL "
                   "checkpoint.", FOOTER]},
        {"id": "P2015-10-23", "date": "2015-10-23", "title": "Strike Release October 23, 2015",
         "href": p + "2015/10%20October/20151023%20Strike%20Release.pdf?ver=2017-01-13-131327-447",
         "paras": ["Release # 20151023-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — On Oct. 22, Coalition military forces conducted 22 airstrikes in "
                   "Syria and Iraq.",
                   "Syria", "* Near Al Hawl, three airstrikes struck an ISIL tactical unit and destroyed "
                   "an ISIL fighting position and an ISIL vehicle.",
                   "* Near Dayr Az Zawr, two airstrikes destroyed ISIL oil collection points.",
                   "Iraq", "* Near Bayji, nine airstrikes struck four ISIL tactical units and destroyed "
                   "11 ISIL fighting positions, eight ISIL heavy machine guns and an ISIL bunker.",
                   "* Near Ramadi, six airstrikes struck two ISIL tactical units and destroyed four ISIL "
                   "fighting positions and denied ISIL access to terrain.",
                   "* Near Sinjar, two airstrikes struck an ISIL tactical unit.", FOOTER]},
        {"id": "P2016-08-12", "date": "2016-08-12", "title": "Strike Release August 12, 2016",
         "href": p + "2016/08%20August/20160812%20Strike%20Release%20Final.pdf?ver=2017-01-13-131544-120",
         "paras": ["Release # 20160812-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — On Aug. 11, Coalition military forces conducted 18 strikes against "
                   "ISIL terrorists in Syria and Iraq. In Syria, Coalition military forces conducted 8 "
                   "strikes using attack, bomber, fighter, and remotely piloted aircraft against ISIL "
                   "targets. Additionally in Iraq, Coalition military forces conducted 10 strikes "
                   "coordinated with and in support of the Government of Iraq using attack, bomber, "
                   "fighter, and remotely piloted aircraft against ISIL targets.",
                   "The following is a summary of the strikes conducted since the last press release:",
                   "Syria", "* Near Manbij, seven strikes engaged five ISIL tactical units and destroyed "
                   "11 ISIL fighting positions and two ISIL vehicles.",
                   "* Near Raqqah, one strike destroyed an ISIL headquarters.",
                   "Iraq", "* Near Qayyarah, five strikes engaged four ISIL tactical units; destroyed six "
                   "ISIL fighting positions, an ISIL mortar system and two ISIL tunnels; and damaged "
                   "two ISIL supply routes.",
                   "* Near Mosul, three strikes destroyed two ISIL rocket rails and an ISIL vehicle "
                   "bomb.", "* Near Tal Afar, two strikes destroyed an ISIL weapons cache.", FOOTER]},
        {"id": "P2017-05-31", "date": "2017-05-31", "title": "Strike Release May 31, 2017",
         "href": p + "2017/05May/20170531%20Strike%20Release%20-%20Final.pdf?ver=2017-05-31-070447-593",
         "paras": ["Release # 20170531-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — On May 30, Coalition military forces conducted 21 strikes "
                   "consisting of 44 engagements against ISIS targets in Syria and Iraq.",
                   "In Syria, Coalition military forces conducted 15 strikes consisting of 19 "
                   "engagements against ISIS targets.",
                   "* Near Dayr Az Zawr, two strikes destroyed an ISIS wellhead and an oil storage "
                   "tank.",
                   "* Near Raqqah, 13 strikes engaged 10 ISIS tactical units and destroyed 12 fighting "
                   "positions, two vehicles and a mortar system.",
                   "In Iraq, Coalition military forces conducted six strikes consisting of 25 "
                   "engagements coordinated with and in support of the Government of Iraq against ISIS "
                   "targets.",
                   "* Near Mosul, six strikes engaged six ISIS tactical units and destroyed 14 fighting "
                   "positions, 12 rocket-propelled grenade systems and four vehicle bombs.",
                   "Other Recent Strikes",
                   "Additionally, four strikes consisting of five engagements were conducted in Syria on "
                   "May 28-29 that closed within the last 24 hours.",
                   "* On May 28, near Tabqah, Syria, a strike destroyed an ISIS weapons cache.",
                   "* On May 29, near Raqqah, Syria, three strikes engaged two ISIS tactical units.",
                   FOOTER_ISIS]},
        {"id": "P2017-10-05", "date": "2017-10-05", "title": "Strike Release October 5, 2017",
         "href": p + "2017/10%20October/20171005%20Strike%20Release%20FINAL.pdf?ver=2017-10-05-063010-230",
         "paras": ["Release # 20171005-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — On Oct. 4, Coalition military forces conducted 12 strikes "
                   "consisting of 19 engagements against ISIS targets in Syria and Iraq.",
                   "In Syria, Coalition military forces conducted nine strikes consisting of 12 "
                   "engagements against ISIS targets.",
                   "* Near Abu Kamal, two strikes destroyed an ISIS headquarters and an ISIS "
                   "communications facility.",
                   "* Near Dayr Az Zawr, four strikes engaged three ISIS tactical units and destroyed "
                   "two fighting positions.",
                   "* Near Raqqah, three strikes engaged two ISIS tactical units and destroyed a "
                   "vehicle.",
                   "In Iraq, Coalition military forces conducted three strikes consisting of seven "
                   "engagements coordinated with and in support of the Government of Iraq against ISIS "
                   "targets.",
                   "* Near Al Qaim, a strike destroyed an ISIS vehicle bomb factory.",
                   "* Near Hawijah, two strikes engaged an ISIS tactical unit and destroyed a tunnel.",
                   "Earlier Strikes",
                   "Additionally, two strikes consisting of three engagements were conducted in Iraq on "
                   "Sept. 30 that closed within the last 24 hours.",
                   "* On Sept. 30, near Rawah, Iraq, two strikes destroyed an ISIS staging area.",
                   FOOTER_ISIS]},
        {"id": "P2018-01-05", "date": "2018-01-05", "title": "CJTF-OIR Strike Release 20180105-01",
         "href": "/Portals/14/2018StrikeReleases/CJTF-OIR%20Strike%20Release%2020180105-01.pdf?ver=2018-01-05-050143-310",
         "paras": ["Release # 20180105-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — Between Jan. 1-4, coalition military forces conducted six strikes "
                   "consisting of nine engagements against ISIS targets.",
                   "On Jan. 3, near Abu Kamal, Syria, two strikes destroyed an ISIS staging area.",
                   "On Jan. 2, near Abu Kamal, Syria, four strikes engaged three ISIS tactical units and "
                   "destroyed an ISIS vehicle.",
                   "There were no reported strikes conducted in Iraq on Jan. 1-4.", FOOTER_ISIS]},
        {"id": "P2018-02-16", "date": "2018-02-16", "title": "20180216 Strike Release FINAL",
         "href": "/Portals/14/2018StrikeReleases/20180216%20Strike%20Release%20FINAL.pdf?ver=2018-02-16-072324-000",
         "paras": ["Release # 20180216-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — Between Feb. 9-15, coalition military forces conducted 13 strikes "
                   "consisting of 20 engagements against ISIS targets in Syria and Iraq.",
                   "Strikes in Syria",
                   "On Feb. 15, coalition military forces conducted three strikes consisting of five "
                   "engagements against ISIS targets near Abu Kamal. The strikes destroyed two ISIS "
                   "oil stills.",
                   "On Feb. 13, coalition military forces conducted six strikes consisting of eight "
                   "engagements against ISIS targets near Dashisha. The strikes destroyed three ISIS "
                   "fighting positions and an ISIS vehicle.",
                   "There were no reported strikes conducted in Syria on Feb. 9-12 and Feb. 14.",
                   "Strikes in Iraq",
                   "On Feb. 11, coalition military forces conducted four strikes consisting of seven "
                   "engagements against ISIS targets near Kirkuk. The strikes destroyed four ISIS "
                   "caves.", FOOTER_ISIS]},
        {"id": "P2018-11-23", "date": "2018-11-23",
         "title": "CJTF-OIR Strike Release 20181123-01",
         "href": "/Portals/14/Documents/Strike Releases/2018/11 Nov/CJTF-OIR Strike Release 20181123-01 Final.pdf?ver=2018-11-23-061522-417",
         "paras": ["Release # 20181123-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — Between Nov. 16-22, coalition military forces conducted 60 strikes "
                   "consisting of 92 engagements in Syria and Iraq.", ROUNDUP,
                   "Strikes in Syria",
                   "On Nov. 22, near Hajin, Syria, seven strikes engaged four ISIS tactical units and "
                   "destroyed six fighting positions.",
                   "On Nov. 20, near Hajin, Syria, 11 strikes destroyed nine fighting positions, two "
                   "supply routes and a command and control node.",
                   "On Nov. 19, near Susah, Syria, five strikes destroyed three ISIS vehicles.",
                   "On Nov. 18, near Hajin, Syria, 16 strikes engaged 12 ISIS tactical units and "
                   "destroyed 14 fighting positions and an ISIS headquarters.",
                   "On Nov. 17, near Hajin, Syria, 19 strikes engaged 15 ISIS tactical units and "
                   "destroyed 21 fighting positions and two vehicle bombs.",
                   "There were no reported strikes conducted in Syria on Nov. 16 and Nov. 21.",
                   "Strikes in Iraq",
                   "On Nov. 21, near Rutbah, Iraq, two strikes destroyed an ISIS cave.",
                   "There were no reported strikes in Iraq between Nov. 16-20 and Nov. 22.",
                   FOOTER_ISIS]},
        {"id": "P2018-11-30", "date": "2018-11-30",
         "title": "CJTF-OIR Strike Release 20181130-01",
         "href": "/Portals/14/Documents/Strike Releases/2018/11 Nov/CJTF-OIR Strike Release 20181130-01 - Final.pdf?ver=2018-11-30-081004-903",
         "paras": ["Release # 20181130-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — Between Nov. 23-29, coalition military forces conducted 45 strikes "
                   "consisting of 88 engagements in Syria.",
                   "Strikes in Syria",
                   "On Nov. 29, near Hajin, Syria, nine strikes engaged six ISIS tactical units and "
                   "destroyed eight fighting positions.",
                   "On Nov. 27, near Baghuz, Syria, four strikes destroyed two ISIS staging areas and a "
                   "weapons cache.",
                   "On Nov. 26, near Hajin, Syria, 14 strikes engaged 10 ISIS tactical units and "
                   "destroyed 12 fighting positions and an ISIS-held building.",
                   "On Nov. 24, near Hajin, Syria, 18 strikes engaged 16 ISIS tactical units and "
                   "destroyed 20 fighting positions.",
                   "There were no reported strikes conducted in Syria on Nov. 23, Nov. 25 and Nov. 28.",
                   "There were no reported strikes in Iraq during this period.", FOOTER_ISIS]},
        {"id": "P2019-01-04", "date": "2019-01-04", "title": "CJTF-OIR Strike Release 20190104_01",
         "href": "/Portals/14/CJTF-OIR%20%2020190104_01%20Strike%20Release.pdf?ver=2019-01-04-114833-703",
         "paras": ["Release # 20190104-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — Between Dec. 16-29, 2018, Coalition military forces conducted 469 "
                   "strikes consisting of 1,001 engagements in Syria.",
                   "The strikes destroyed ISIS fighting positions, supply routes, vehicles and "
                   "headquarters in the Middle Euphrates River Valley, including the Hajin area.",
                   "There were no reported strikes in Iraq during this period."]},
        {"id": "P2019-04-10", "date": "2019-04-10",
         "title": "CJTF-OIR Press Release 201904010-01 Strike Release",
         "href": "/Portals/14/Documents/Strike Releases/2019/04 APR/CJTF-OIR Press Release 201904010-01-Strike Release.pdf?ver=2019-04-12-025900-273",
         "paras": ["Release # 20190410-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — Between March 24 and April 6, 2019, Coalition military forces "
                   "conducted 17 strikes consisting of 24 engagements in Syria and Iraq.",
                   "In Syria, Coalition military forces conducted 12 strikes consisting of 16 "
                   "engagements during this period.",
                   "In Iraq, Coalition military forces conducted five strikes consisting of eight "
                   "engagements in support of the Government of Iraq during this period.",
                   "Daesh remnants continue to pose a threat to the region."]},
        {"id": "P2019-09-04", "date": "2019-09-04",
         "title": "CJTF-OIR Press Release 20190904-01 Strike Release",
         "href": "/Portals/14/Documents/Strike Releases/2019/09 September/CJTF-OIR Press Release 20190904-01-Strike Release Approved.pdf?ver=2019-09-04-104214-907",
         "paras": ["Release # 20190904-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — Between Aug. 18-31, 2019, Coalition military forces conducted 10 "
                   "strikes consisting of 13 engagements in Iraq and Syria.",
                   "In Iraq, Coalition military forces conducted seven strikes consisting of nine "
                   "engagements in support of the Government of Iraq during this period.",
                   "In Syria, Coalition military forces conducted three strikes consisting of four "
                   "engagements during this period."]},
        {"id": "P2020-02-13", "date": "2020-02-13",
         "title": "CJTF-OIR Press Release 20200213-01 DEC2019 Strike Release",
         "href": p + "2020/CJTF-OIR%20Press%20Release-20200213-01%20DEC2019%20Strike%20Release.pdf?ver=2020-02-13-040146-190",
         "paras": ["Release # 20200213-01", "FOR IMMEDIATE RELEASE",
                   "SOUTHWEST ASIA — Between Dec. 1-31, 2019, Coalition military forces conducted six "
                   "strikes consisting of seven engagements in Iraq and Syria.",
                   "In Iraq, Coalition military forces conducted four strikes consisting of five "
                   "engagements in support of the Government of Iraq during this period.",
                   "In Syria, Coalition military forces conducted two strikes consisting of two "
                   "engagements during this period."]},
        # A real-world failure: a PDF whose text layer is garbage (a custom font without a
        # ToUnicode map). It is archived and stored; its tables cannot be read.
        {"id": "P2019-10-garbled", "date": "2019-11-13",
         "title": "CJTF-OIR Press Release 20191113-01 Strike Release",
         "href": "/Portals/14/Documents/Strike Releases/2019/10 October/CJTF-OIR Press Release 20191113-01 Strike Release.pdf?ver=2019-11-13-091713-550",
         "paras": ["Wkh#vwulnhv#frqgxfwhg#e|#Frdolwlrq#plolwdu|#irufhv#lq#wkh#uhsruwlqj#shulrg",
                   "Gdhvk#uhpqdqwv#lq#Vruld#dqg#Ludt#duh#wdujhwhg#e|#sduwqhu#irufhv#zlwk#Frdolwlrq",
                   "vxssruw1#Wkh#Frdolwlrq#frqwlqxhv#wr#dgylvh#dqg#dvvlvw#sduwqhu#irufhv1"]},
    ]


# A PDF edited between rounds: round 2 re-uploads it (a new ?ver= and a corrected figure).
REUPLOADED = "P2018-11-30"
REUPLOAD_VER = "2020-03-30-101112-000"
# A release that first appears in round 2 (on top of listing page 1).
ADDED_ROUND2 = {"id": "H2020-03-27", "kind": "ir-modern", "date": "2020-03-27",
                "title": "Coalition strikes continue against Daesh remnants",
                "paras": ["Release # 20200327-01", "FOR IMMEDIATE RELEASE",
                          "SOUTHWEST ASIA — On March 26, coalition military forces conducted two "
                          "strikes consisting of three engagements in Iraq.",
                          "Iraq",
                          "* Near Makhmur, two strikes destroyed a Daesh cave and a weapons cache.",
                          FOOTER.replace("ISIL", "Daesh")]}


def pdf_release(release: dict, round_: int) -> dict:
    """The PDF as served in a round: the re-uploaded one changes href and text in round 2."""
    if round_ < 2 or release["id"] != REUPLOADED:
        return release
    paras = [p.replace("nine strikes engaged six", "10 strikes engaged six").replace(
        "45 strikes", "46 strikes") for p in release["paras"]]
    href = release["href"].split("?ver=")[0] + "?ver=" + REUPLOAD_VER
    return {**release, "href": href, "paras": paras}


def html_releases(round_: int = 1) -> list[dict]:
    """inherentresolve.mil HTML releases: id, kind (template), date, title, paras."""
    out: list[dict] = []
    for key, (title, d, paras) in (("S01", release_2014("S01")), ("S03", release_2014("S03")),
                                   ("S05", release_2016()), ("S09", release_2017())):
        out.append({"id": key, "kind": "ir-legacy" if d < "2016-01-01" else "ir-modern",
                    "date": d, "title": title, "paras": paras})
    out += _more_html()
    if round_ >= 2:
        out.append(ADDED_ROUND2)
    return out


def dod_articles() -> list[dict]:
    """Every DoD News rewrite on defense.gov, with its page template."""
    base = [{**a, "kind": "dg-archive"} for a in dod_rewrites()]
    return base + _more_dod()


def pdfs(round_: int = 1) -> list[dict]:
    return [pdf_release(r, round_) for r in _pdf_releases()]
