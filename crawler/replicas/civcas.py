"""The text of the CJTF-OIR monthly civilian-casualty reports, in the wording of each era.

A report is a list of blocks: ("p", text), ("h3", text) or ("ol", [(number, text), ...]).
Numbers come from facts.json; sentences whose figure is unknown are left out.
"""
from __future__ import annotations

from .common import ap_date, facts, month_name, num, words

DEFAULT_TITLE = "Combined Joint Task Force – Operation Inherent Resolve Monthly Civilian Casualty Report"

# Publication dates the facts leave open (approximate, a month or so after the month covered).
APPROX_PUBLISHED = {
    "R2016-12": "2017-02-02", "R2017-01": "2017-03-02", "R2017-06": "2017-08-03",
    "R2018-07": "2018-08-30", "R2018-10": "2018-11-29",
}
# Which allegations each report lists (from the facts' 'report' notes).
REPORT_OF_ALLEGATION = {
    "A01": "R2016-10", "A02": "R2016-10", "A03": "R2016-10", "A04": "R2016-10", "A05": "R2016-10",
    "A06": "R2016-11", "A07": "R2016-11", "A09": "R2016-12", "A10": "R2016-12",
    "A20": "R2017-04", "A21": "R2017-09-29", "A22": "R2017-09-29", "A23": "R2017-09-29",
    "A24": "R2017-05", "A25": "R2017-05", "A26": "R2017-05", "A28": "R2018-06",
    "A30": "R2020-02", "A31": "R2017-03", "A32": "R2017-03",
    "X01": "R2016-10", "X02": "R2016-11", "X03": "R2016-12", "X04": "R2016-12",
}
# Entries of the replica world that the stored excerpts cut off, written so the first three
# reports hold the revision cases real reports show: the July 18 Manbij item the Dec 2016
# report's duplicate points back to, the Oct 6 Shaddadi item spelled differently in the
# next report (here reopened), and one Nov 2016 item reassessed as credible.
EXTRA = [
    {"id": "X01", "item": 6, "allegation_date": "2016-07-18", "location": "near Manbij", "country": "Syria",
     "reporting_source": None, "assessment": "non_credible", "reason_category": "no_strikes_in_area"},
    {"id": "X02", "item": 3, "allegation_date": "2016-10-06", "location": "near al Shaddadi", "country": "Syria",
     "reporting_source": None, "assessment": "non_credible", "reason_category": "no_strikes_in_area"},
    {"id": "X03", "item": 1, "allegation_date": "2016-10-05", "location": "near Qayyarah", "country": "Iraq",
     "reporting_source": "media", "assessment": "credible", "civilians_killed": 2, "civilians_injured": 1,
     "flags": ["reassessed"]},
    {"id": "X04", "item": 1, "allegation_date": "2016-10-06", "location": "near Al Shadadi", "country": "Syria",
     "reporting_source": "media", "assessment": "reopened"},
]
REASONS = {
    "no_strikes_in_area": "No Coalition strikes were conducted on that day in the geographic area "
                          "of the reported civilian casualties.",
    "insufficient_evidence": "Insufficient evidence available to determine credibility.",
    "insufficient_info_time_location": "The report contains insufficient information of the time, "
                                       "location and details to assess its credibility.",
    "no_civilians_harmed_per_video": "After a review of available information and strike video it "
                                     "was assessed that no civilians were harmed in this strike.",
    None: "After a review of available information it was assessed that there is insufficient "
          "evidence to find that civilians were harmed in this strike.",
}
SOURCE_PHRASE = {"social media": "via social media report", "media": "via media report",
                 "Airwars": "via Airwars report", "self-report": "via self-report"}


def reports() -> list[dict]:
    """All reports with a publication date filled in, oldest first."""
    out = []
    for r in facts()["monthly_civcas_reports"]:
        r = dict(r)
        r["published"] = r.get("published") or APPROX_PUBLISHED.get(r["id"])
        if r["published"]:
            out.append(r)
    return sorted(out, key=lambda r: r["published"])


def allegations_for(report_id: str) -> list[dict]:
    items = [a for a in facts()["allegations"] + EXTRA if REPORT_OF_ALLEGATION.get(a["id"]) == report_id]
    return sorted(items, key=lambda a: (a.get("item") or 999, a["allegation_date"]))


def era(r: dict) -> str:
    p = r["published"]
    return "2016" if p < "2017-03-01" else "2017" if p < "2018-07-01" else "2018" if p < "2019-06-01" else "2019"


def title(r: dict) -> str:
    t = r.get("title_variant") or DEFAULT_TITLE
    if " (" in t or ";" in t:  # the facts note several variants; keep the first
        t = t.split(" (")[0].split(";")[0]
    return t


def _entry(a: dict, with_source: bool) -> str:
    place = a["location"].replace(" (excerpt truncated)", "").replace("[", "").replace("]", "")
    parts = [ap_date(a["allegation_date"]), place]
    if a.get("country"):
        parts.append(a["country"])
    if with_source and a.get("reporting_source") in SOURCE_PHRASE:
        parts.append(SOURCE_PHRASE[a["reporting_source"]])
    head = ", ".join(parts)
    if a.get("assessment") == "reopened":
        return f"{head}: The report is being assessed again."
    if a.get("assessment") == "credible":
        killed = a.get("civilians_killed") or 0
        text = (f"{head}. During a Coalition strike it was assessed that {words(killed)} civilians "
                "were unintentionally killed")
        if a.get("civilians_injured"):
            text += f" and {words(a['civilians_injured'])} civilian was unintentionally injured"
        text += (". The civilians entered the target area just prior to or after the munition was "
                 "released.")
        if "reassessed" in a.get("flags", []):
            text += (" This report was previously assessed to be non-credible in the Jan. 2, 2017 monthly "
                     "report and was reassessed after new information became available.")
        return text
    if a.get("assessment") == "duplicate":
        return (f"{head}: This report was assessed to be a duplicate of a previous report released as "
                "July 18, 2016, near Manbij, Syria, in the Dec. 1, 2016 monthly report.")
    reason = REASONS.get(a.get("reason_category"), REASONS[None])
    if "date_correction" in a.get("flags", []):
        reason += (" Date correction. This report was previously incorrectly released as Feb. 2, 2016 "
                   "in the Jan. 2, 2016 monthly report.")
    if a.get("detail"):
        reason += " The closest strike was over 2 km away."
    return f"{head}: {reason}"


def _counts_2016(r: dict, credible: int | None, non_credible: int | None) -> str:
    mon = month_name(r["month_covered"])
    s = f"During the month of {mon}, CJTF-OIR received {r['received_new']} reports of possible civilian casualties"
    if r.get("assessed_previously_received"):
        s += f" and assessed {words(r['assessed_previously_received'])} previously received reports"
    s += ". "
    bits: list[str] = []
    if non_credible is not None:
        bits.append(f"{num(non_credible, cap=not bits)} of these reports were assessed to be non-credible")
    if credible is not None:
        bits.append(f"{num(credible)} were assessed to be credible")
    if r.get("still_open") is not None:
        bits.append(f"{num(r['still_open'])} are still being assessed")
    if bits:
        s += ", ".join(bits[:-1]) + (", and " if len(bits) > 1 else "") + bits[-1] + "."
    return s


METHODS = ("CJTF-OIR takes all reports of civilian casualties seriously and assesses each one. "
           "The assessment considers strike logs, strike video, intelligence reporting, information "
           "from partner forces and open-source reporting, and where possible information provided "
           "by the people who made the report. When a report is assessed to be credible, the "
           "findings are shared with the nations whose forces were involved.")


def blocks(r: dict, revised: bool = False) -> list[tuple]:
    """The body of report r. `revised` applies the round-2 reassessment (R2016-10 only)."""
    e = era(r)
    items = allegations_for(r["id"])
    credible, non_credible = r.get("credible"), r.get("non_credible")
    promoted = None
    if revised:
        promoted = dict(next(a for a in items if a["id"] == "A02"), assessment="credible", civilians_killed=3)
        items = [a for a in items if a["id"] != "A02"]
        credible, non_credible = r["credible"] + 1, r["non_credible"] - 1
    out: list[tuple] = []
    term = "Daesh" if e == "2019" else "ISIS" if e in ("2017", "2018") and r.get("terms") != "ISIL" else "ISIL"
    if e == "2016":
        out.append(("p", "SOUTHWEST ASIA – " + _counts_2016(r, credible, non_credible)))
        out.append(("p", METHODS))
        if promoted:
            out.append(("p", "After a thorough review of the facts and circumstances, CJTF-OIR assessed "
                             "that the following report is credible. Credible means that it is more "
                             "likely than not that civilians were harmed in a Coalition strike."))
            out.append(("ol", [(1, _entry(promoted, False))]))
        cred = [a for a in items if a.get("assessment") == "credible"]
        if cred:
            out.append(("p", "After a thorough review of the facts and circumstances, CJTF-OIR assessed "
                             "that the following report is credible. Credible means that it is more "
                             "likely than not that civilians were harmed in a Coalition strike."))
            out.append(("ol", [(i + 1, _entry(a, True)) for i, a in enumerate(cred)]))
        reopened = [a for a in items if a.get("assessment") == "reopened"]
        if reopened:
            out.append(("p", "The following report, previously assessed to be non-credible, was reopened "
                             "due to the availability of new information and is still being assessed:"))
            out.append(("ol", [(i + 1, _entry(a, True)) for i, a in enumerate(reopened)]))
        items = [a for a in items if a.get("assessment") not in ("credible", "reopened")]
        if non_credible:
            out.append(("p", f"After a thorough review of the facts and circumstances of each of the "
                             f"reports, CJTF-OIR assessed that the following {non_credible} reports are "
                             "non-credible. Non-credible means that there is insufficient evidence to "
                             "find that civilians were harmed in a Coalition strike."))
        ent = [(i + 1 if revised else (a.get("item") or i + 1), _entry(a, r["id"] != "R2016-10"))
               for i, a in enumerate(items)]
        if ent:
            out.append(("ol", ent))
    elif e == "2017":
        mon = ("the month of " + month_name(r["month_covered"]) + " " + r["month_covered"][:4]
               if r.get("month_covered") else "the reporting period")
        s = f"During {mon}, CJTF-OIR"
        if r.get("carried_over") is not None:
            s += f" carried over {r['carried_over']} open reports from previous months,"
        if r.get("received_new") is not None:
            s += f" received {r['received_new']} new reports, and"
        s += f" completed the assessment on {r.get('completed') or 'several'} reports."
        parts = []
        if non_credible is not None:
            parts.append(f" {num(non_credible, cap=True)} of the reports were assessed to be non-credible")
        if credible is not None:
            parts.append(f" {num(credible)} were assessed to be credible")
        if r.get("duplicate"):
            parts.append(f" {num(r['duplicate'])} were assessed to be duplicates of previously assessed reports")
        if parts:
            s += ",".join(parts) + "."
        if r.get("still_open") is not None:
            s += f" A total of {r['still_open']} reports are still open."
        out.append(("p", "SOUTHWEST ASIA – " + s))
        if r.get("cumulative_engagements"):
            out.append(("p", f"To date, based on data between August 2014 and {month_name(r['month_covered'])} "
                             f"{r['month_covered'][:4]}, the Coalition conducted a total of "
                             f"{r['cumulative_strikes']:,} strikes that included "
                             f"{r.get('cumulative_engagements', 0):,} separate engagements. During this "
                             f"period, the total number of reports of possible civilian casualties was "
                             f"{r.get('cumulative_reports_received', 0)}, of which "
                             f"{r.get('cumulative_credible_reports', 0)} were assessed to be credible; "
                             f"{r.get('pct_engagements_with_report', '')} of engagements resulted in a "
                             f"report and {r.get('pct_engagements_with_credible_report', '')} in a credible report."))
        if r.get("cumulative_civilian_deaths"):
            out.append(("p", f"CJTF-OIR assesses at least {r['cumulative_civilian_deaths']} civilians have "
                             f"been unintentionally killed by Coalition strikes since the start of "
                             f"Operation Inherent Resolve. The Coalition targets only {term}."))
        out.append(("p", METHODS))
        if items:
            out.append(("p", "The following reports were assessed during this period:"))
            out.append(("ol", [(a.get("item") or i + 1, _entry(a, True)) for i, a in enumerate(items)]))
    else:
        mon = month_name(r["month_covered"]) if r.get("month_covered") else "the reporting period"
        if e == "2018":
            out.append(("p", "The Coalition has worked by, with and through our partners to defeat ISIS "
                             "and liberate nearly 8 million Iraqis and Syrians; ISIS now holds "
                             "approximately one percent of the territory it once controlled."))
        else:
            out.append(("p", "The Coalition and its partners liberated nearly 110,000 square kilometers "
                             "and 7.7 million people from Daesh; the Coalition remains committed to "
                             "the enduring defeat of Daesh."))
        if r.get("cumulative_strikes"):
            star = "*" if e == "2019" else ""
            deaths = r.get("cumulative_civilian_deaths")
            dtxt = f"{deaths:,}" if (e == "2019" and deaths) else str(deaths)
            agent = "Coalition actions" if e == "2019" else "Coalition strikes"
            out.append(("p", f"The Coalition conducted a total of {r['cumulative_strikes']:,}{star} strikes "
                             f"between August 2014 and end of {mon} {r['month_covered'][:4]}. During this "
                             f"period, based on information available, CJTF-OIR assesses at least {dtxt} "
                             f"civilians have been unintentionally killed by {agent} since the beginning "
                             "of Operation Inherent Resolve."))
        acts = []
        if r.get("carried_over") is not None:
            acts.append(f"carried over {r['carried_over']} open reports")
        if r.get("received_new") is not None:
            acts.append(f"received {num(r['received_new'])} new reports")
        s = (f"In the month of {mon}, CJTF-OIR " + (" and ".join(acts) if acts else
                                                     "continued to assess reports of civilian casualties") + ".")
        if r.get("completed"):
            s += f" The assessment of {r['completed']} reports has been completed."
            if credible is not None:
                s += (f" Out of the {r['completed']} completed civilian casualty allegation reports, "
                      f"{num(credible)} report{'s were' if credible != 1 else ' was'} assessed to be credible and resulted in "
                      f"{r.get('deaths_this_report', 0)} unintentional civilian deaths.")
            if r.get("duplicate"):
                s += f" {num(r['duplicate'], cap=True)} reports were assessed to be duplicates of previously assessed reports."
            if non_credible is not None:
                s += f" The remaining {non_credible} reports were assessed to be non-credible."
        if r.get("still_open") is not None:
            lead = num(r["still_open"], cap=True) if e == "2019" and r["still_open"] < 100 else "A total of " + str(r["still_open"])
            s += f" {lead} reports are still open"
            if r.get("reopened_included_in_open"):
                s += (f", including {words(r['reopened_included_in_open'])} that CJTF-OIR had previously "
                      "closed but reopened due to the availability of new information")
            s += "."
        if s.strip():
            out.append(("p", s.strip()))
        cred = [a for a in items if a.get("assessment") == "credible"]
        if r["id"] == "R2018-11":
            cred_lines = ["On Aug. 25, 2018, near Hajin Syria, via self-report. Coalition aircraft struck a "
                          "known ISIS safe house. After the strike it was assessed that one civilian was "
                          "unintentionally injured, and three were unintentionally killed."]
        else:
            cred_lines = [_entry(a, True) for a in cred]
        if cred_lines:
            out.append(("h3", "Credible Reports —"))
            out.append(("ol", list(enumerate(cred_lines, 1))))
        nonc = [a for a in items if a.get("assessment") != "credible"]
        if nonc:
            out.append(("h3", "Non-Credible Reports —"))
            out.append(("ol", [(i + 1, _entry(a, True)) for i, a in enumerate(nonc)]))
        if e == "2019":
            out.append(("p", "* The strike total is updated as strike records are reconciled."))
    return out


def plain(bl: list[tuple]) -> list[str]:
    """Blocks -> paragraphs of plain text (for PDFs and text renderings)."""
    out = []
    for kind, val in bl:
        if kind == "ol":
            out.append("\n".join(f"{n}. {t}" for n, t in val))
        else:
            out.append(val)
    return out
