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


# (href exactly as printed on the listing, date, title, text paragraphs)
def pdfs() -> list[tuple[str, str, str, list[str]]]:
    era15 = ["FOR IMMEDIATE RELEASE", "SOUTHWEST ASIA — On March 31, Coalition military forces "
             "conducted 17 airstrikes against ISIL terrorists in Syria and Iraq.",
             "Syria", "* Near Al Hasakah, two airstrikes struck two ISIL tactical units.",
             "* Near Kobani, an airstrike struck an ISIL fighting position.",
             "Iraq", "* Near Tikrit, nine airstrikes struck land features and destroyed 12 ISIL "
             "fighting positions.", "* Near Bayji, three airstrikes struck three ISIL tactical units.",
             FOOTER]
    weekly = ["SOUTHWEST ASIA — Between Jan. 1-4, coalition military forces conducted 11 strikes "
              "consisting of 17 engagements against ISIS targets.",
              "On Jan. 3, near Abu Kamal, Syria, two strikes destroyed an ISIS staging area.",
              "There were no reported strikes conducted in Iraq on Jan. 1-4.", FOOTER.replace("ISIL", "ISIS")]
    agg = ["SOUTHWEST ASIA — Between Dec. 16-29, 2018, Coalition military forces conducted 469 strikes "
           "consisting of 1,001 engagements in Syria.",
           "The strikes destroyed ISIS fighting positions, supply routes, vehicles and headquarters in "
           "the Middle Euphrates River Valley, including the Hajin area.",
           "There were no reported strikes in Iraq during this period."]
    late = ["SOUTHWEST ASIA — Coalition military forces conducted precision strikes in support of "
            "partner forces against Daesh remnants in Iraq and Syria during the reporting period.",
            "Strike totals are provided for the period. Location details are not released."]
    return [
        ("/Portals/14/Documents/Strike%20Releases/2015/04April/1%20Apr%20Strike%20Release.pdf?ver=2017-01-13-131120-810",
         "2015-04-01", "Strike Release April 1, 2015", ["Release # 20150401-01"] + era15),
        ("/Portals/14/Documents/Strike%20Releases/2017/05May/20170531%20Strike%20Release%20-%20Final.pdf?ver=2017-05-31-070447-593",
         "2017-05-31", "Strike Release May 31, 2017", ["Release # 20170531-01"] + era15[1:]),
        ("/Portals/14/2018StrikeReleases/CJTF-OIR%20Strike%20Release%2020180105-01.pdf?ver=2018-01-05-050143-310",
         "2018-01-05", "CJTF-OIR Strike Release 20180105-01", ["Release # 20180105-01"] + weekly),
        ("/Portals/14/CJTF-OIR%20%2020190104_01%20Strike%20Release.pdf?ver=2019-01-04-114833-703",
         "2019-01-04", "CJTF-OIR Strike Release 20190104_01", ["Release # 20190104-01"] + agg),
        ("/Portals/14/Documents/Strike Releases/2019/04 APR/CJTF-OIR Press Release 201904010-01-Strike Release.pdf?ver=2019-04-12-025900-273",
         "2019-04-10", "CJTF-OIR Press Release 201904010-01 Strike Release", ["Release # 20190410-01"] + late),
        ("/Portals/14/Documents/Strike Releases/2019/09 September/CJTF-OIR Press Release 20190904-01-Strike Release Approved.pdf?ver=2019-09-04-104214-907",
         "2019-09-04", "CJTF-OIR Press Release 20190904-01 Strike Release", ["Release # 20190904-01"] + late),
        ("/Portals/14/Documents/Strike%20Releases/2020/CJTF-OIR%20Press%20Release-20200213-01%20DEC2019%20Strike%20Release.pdf?ver=2020-02-13-040146-190",
         "2020-02-13", "CJTF-OIR Press Release 20200213-01 DEC2019 Strike Release", ["Release # 20200213-01"] + late),
    ]
