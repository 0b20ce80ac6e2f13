"""www.inherentresolve.mil and www.defense.gov: listings, articles, PDFs, RSS."""
from __future__ import annotations

import datetime as dt

from . import centcom, civcas, strikes
from .common import PDF, XML, Resource, esc, http_date, page, robots, slugify, when
from .dodchrome import defense_news, defense_story, ir_legacy, ir_listing, ir_modern
from .pdf import make_pdf

IR = "https://www.inherentresolve.mil"
DG = "https://www.defense.gov"
STRIKES = "/Releases/Strike-Releases/"
OLD_STRIKES = "/News/Strike-Releases/"
NEWS = "/Media-Library/News-Releases/"
IR_DRAFT = "/Releases/Strike-Releases/Article/9000001/embargoed-draft-strike-release/"
DG_DRAFT = "/News/Article/Article/9000002/embargoed-draft-release/"
ADDED_REPORT, EDITED_REPORT = "R2020-02", "R2016-10"
CIVCAS_DRAFT = "/Media-Library/News-Releases/Article/9000003/embargoed-draft-monthly-civilian-casualty-report/"
ROUND2_DATE = "2020-04-01"


def report_id_num(r: dict) -> int:
    if r.get("source_article_id"):
        return r["source_article_id"]
    days = (dt.date(2019, 9, 26) - dt.date.fromisoformat(r["published"])).days
    return 1971680 - days * 611 - (sum(map(ord, r["id"])) % 97)


def strike_path(r: dict) -> str:
    """A stable DNN article path for an HTML strike release."""
    num = 1000000 + int(r["date"].replace("-", "")) % 997 * 101 + sum(map(ord, r["id"])) % 89
    return f"{STRIKES}Article/{num}/{slugify(r['title'])}/"


def _summary(paras: list[str]) -> str:
    lead = next((p for p in paras if p.startswith(("TAMPA", "SOUTHWEST ASIA"))), paras[0])
    return lead[:160]


# DoD cuts slugs at a fixed length, mid-word: this report's ends "...-monthly-civilian-casu".
TRUNCATED_REPORT = "R2018-08"
TRUNCATED_AT = 74


def report_path(r: dict) -> str:
    slug = slugify(civcas.title(r))
    if r["id"] == TRUNCATED_REPORT:
        slug = slugify(civcas.title(r), limit=1000)[:TRUNCATED_AT]
    return f"{NEWS}Article/{report_id_num(r)}/{slug}/"


# A release in the report listing that is no report: the coalition's statement about the
# reported casualties of one incident (its slug holds "civilian-casualt" like the reports').
STATEMENT_TITLE = "Coalition statement on reported civilian casualties near Ramadi"
STATEMENT_PATH = f"{NEWS}Article/1052283/{slugify(STATEMENT_TITLE)}/"
STATEMENT_PUBLISHED = "2017-01-15"
STATEMENT = [
    "SOUTHWEST ASIA – The Coalition is aware of reports alleging civilian casualties in a Coalition "
    "air strike near Ramadi, Iraq.",
    "On Sept. 20, 2015, near Ramadi, Iraq, Coalition aircraft engaged an ISIL fighting position "
    "at the request of Iraqi security forces.",
    "The Coalition takes all allegations of civilian casualties seriously. The allegation will be "
    "reviewed, and its findings released in a future monthly civilian casualty report.",
]


def statement_page() -> str:
    body = "".join(f"<p>{esc(p)}</p>" for p in STATEMENT)
    return ir_modern(STATEMENT_TITLE, STATEMENT_PUBLISHED, body, IR + STATEMENT_PATH)


def render_blocks(bl: list[tuple]) -> str:
    out = []
    for kind, val in bl:
        if kind == "ol":
            out.append("<ol>" + "".join(f'<li value="{n}">{esc(t)}</li>' for n, t in val) + "</ol>")
        elif kind == "h3":
            out.append(f"<p><strong>{esc(val)}</strong></p>")
        else:
            out.append(f"<p>{esc(val)}</p>")
    return "\n".join(out)


def report_page(r: dict, revised: bool = False) -> str:
    body = render_blocks(civcas.blocks(r, revised=revised))
    if revised:
        body += ("<p><em>Editor’s note: This release was updated April 1, 2020, to reflect a revised "
                 "assessment of one report.</em></p>")
    url = IR + report_path(r)
    if civcas.era(r) in ("2016", "2017"):
        return ir_legacy(civcas.title(r), r["published"], body, url, kind="PRESS RELEASE",
                         crumb="HOME : MEDIA LIBRARY : News Releases : News Release View")
    return ir_modern(civcas.title(r), r["published"], body, url)


BILINGUAL_EN = [
    "SOUTHWEST ASIA – A U.S. service member died Oct. 22, 2015, of wounds sustained during an "
    "operation in northern Iraq, Combined Joint Task Force – Operation Inherent Resolve officials "
    "announced.",
    "The service member was supporting an Iraqi Kurdish Peshmerga operation when the unit came "
    "under fire. Further details are not being released at this time.",
    "“On behalf of the Coalition, I extend my deepest condolences to the family and friends of our "
    "fallen service member,” the CJTF-OIR commander said.",
    "The name of the service member will be released by the Department of Defense after the next of "
    "kin have been notified.",
]
BILINGUAL_AR = [
    "جنوب غرب آسيا – توفي أحد أفراد الخدمة الأمريكيين في 22 تشرين الأول / أكتوبر 2015 متأثراً بجروح "
    "أصيب بها خلال عملية في شمال العراق، بحسب ما أعلنه مسؤولو قوة المهام المشتركة – عملية العزم الصلب.",
    "وكان العسكري يساند عملية لقوات البيشمركة الكردية العراقية عندما تعرضت الوحدة لإطلاق نار. "
    "ولن يتم الكشف عن مزيد من التفاصيل في الوقت الحالي.",
    "وقال قائد قوة المهام المشتركة: «باسم التحالف في عملية الحزم الصارم، أتقدم بأحر التعازي إلى عائلة "
    "وأصدقاء جندينا الذي سقط».",
    "وسيعلن اسم العسكري من قبل وزارة الدفاع بعد إبلاغ ذويه. عملية الحزب الصارم مستمرة.",
]
BILINGUAL_PATHS = ("/NEWSROOM/News-Articles/Stories-Display/Article/694557/operation-inherent-resolve-casualty/",
                   "/Media-Library/News-Releases/Article/694557/operation-inherent-resolve-casualty/")


def bilingual_page() -> str:
    body = "".join(f"<p>{esc(p)}</p>" for p in BILINGUAL_EN) + '<hr><div lang="ar" dir="rtl">' + \
        "".join(f"<p>{esc(p)}</p>" for p in BILINGUAL_AR) + "</div>"
    return ir_legacy("Operation Inherent Resolve casualty", "2015-10-23", body, IR + BILINGUAL_PATHS[0])


PREMONTHLY_PATH = f"{NEWS}Article/735411/{slugify(centcom.TITLE)}/"


def premonthly_page() -> str:
    return ir_legacy(centcom.TITLE, centcom.PUBLISHED, render_blocks(centcom.repost_blocks()),
                     IR + PREMONTHLY_PATH, kind="PRESS RELEASE",
                     crumb="HOME : MEDIA LIBRARY : News Releases : News Release View")


def _pages(items, size):
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def inherentresolve(round_: int) -> dict[str, Resource]:
    res: dict[str, Resource] = {}
    # -- civcas reports (News Releases)
    reps = [r for r in civcas.reports() if round_ >= 2 or r["id"] != ADDED_REPORT]
    for r in reps:
        revised = round_ >= 2 and r["id"] == EDITED_REPORT
        res[report_path(r)] = page(report_page(r, revised), ROUND2_DATE if revised else r["published"])
    for p in BILINGUAL_PATHS:
        res[p] = page(bilingual_page(), "2015-10-23")
    # The task force's repost of CENTCOM's pre-monthly release (the second template).
    res[PREMONTHLY_PATH] = page(premonthly_page(), centcom.PUBLISHED)
    res[STATEMENT_PATH] = page(statement_page(), STATEMENT_PUBLISHED)
    entries = [(report_path(r), civcas.title(r), r["published"],
                f"Monthly civilian casualty report for {r.get('month_covered') or 'the period'}.")
               for r in sorted(reps, key=lambda r: r["published"], reverse=True)]
    entries.append((PREMONTHLY_PATH, centcom.TITLE, centcom.PUBLISHED,
                    "Assessments of nine strikes conducted between September 2015 and February 2016."))
    entries.append((BILINGUAL_PATHS[1], "Operation Inherent Resolve casualty", "2015-10-23",
                    "A U.S. service member died of wounds sustained in northern Iraq."))
    entries.append((STATEMENT_PATH, STATEMENT_TITLE, STATEMENT_PUBLISHED,
                    "The Coalition is aware of reports alleging civilian casualties near Ramadi."))
    entries.sort(key=lambda e: e[2], reverse=True)
    entries.insert(3, (IR_DRAFT.replace(STRIKES, NEWS), "Embargoed: draft release (not for publication)",
                       "2019-01-01", "Draft."))
    entries.insert(5, (CIVCAS_DRAFT, "Embargoed: draft monthly civilian casualty report", "2019-02-01", "Draft."))
    added_path = report_path(next(r for r in civcas.reports() if r["id"] == ADDED_REPORT))
    added = [e for e in entries if e[0] == added_path]
    base = [e for e in entries if e not in added]
    chunks = _pages(base, 8)
    chunks[0] = added + chunks[0]
    for i, chunk in enumerate(chunks, 1):
        key = NEWS if i == 1 else f"{NEWS}?Page={i}"
        last = max(e[2] for e in chunk)
        res[key] = page(ir_listing("News Releases", chunk, i, len(chunks), NEWS), last)
    res[IR_DRAFT.replace(STRIKES, NEWS)] = page(ir_modern("Draft", "2019-01-01", "<p>Embargoed draft. "
                                                "Crawlers obeying robots.txt never fetch this page.</p>",
                                                IR + IR_DRAFT), "2019-01-01")
    res[CIVCAS_DRAFT] = page(ir_modern("Draft", "2019-02-01", "<p>Embargoed draft report.</p>",
                                       IR + CIVCAS_DRAFT), "2019-02-01")
    # -- strike releases: HTML articles and PDFs
    items = []
    for r in strikes.html_releases(round_):
        path = strike_path(r)
        body = "".join(f"<p>{esc(p)}</p>" for p in r["paras"])
        if r["kind"] == "ir-legacy":
            html = ir_legacy(r["title"], r["date"], body, IR + path, kind="PRESS RELEASE")
        else:
            html = ir_modern(r["title"], r["date"], body, IR + path, section="Strike Releases")
        res[path] = page(html, r["date"])
        items.append((path, r["title"], r["date"], _summary(r["paras"])))
    for r in strikes.pdfs(round_):
        path = r["href"].split("?")[0]
        res[path] = Resource(make_pdf(r["title"], r["paras"]), PDF, 200, when(r["date"], 6))
        items.append((r["href"], r["title"], r["date"], "PDF"))
    items.sort(key=lambda e: e[2], reverse=True)
    items.insert(2, items[2])  # the real list carries one PDF link twice
    items.insert(5, (IR_DRAFT, "Embargoed strike release (draft)", "2019-06-01", "Draft."))
    # Round 2 puts one new release on top: the rest shifts, as on the real paged list.
    chunks = _pages(items, 7)
    for i, chunk in enumerate(chunks, 1):
        key = STRIKES if i == 1 else f"{STRIKES}?Page={i}"
        res[key] = page(ir_listing("Strike Releases", chunk, i, len(chunks), STRIKES), max(e[2] for e in chunk))
    res[IR_DRAFT] = page(ir_modern("Draft", "2019-06-01", "<p>Embargoed draft strike release.</p>",
                                   IR + IR_DRAFT), "2019-06-01")
    # The 2017 address of the list still renders the same DNN module (first page only).
    res[OLD_STRIKES] = res[STRIKES]
    res["/robots.txt"] = robots(["/private/", "/Admin/", "/Releases/Strike-Releases/Article/9000001/",
                                 "/Media-Library/News-Releases/Article/9000001/",
                                 "/Media-Library/News-Releases/Article/9000003/"])
    return res


def _subhead(p: str) -> bool:
    return p.startswith("Strikes in") or p in ("Additional Strikes", "Other Recent Strikes") or \
        p.endswith(" Strikes") and len(p) < 30


def defense_gov(round_: int) -> dict[str, Resource]:
    res: dict[str, Resource] = {}
    items = []
    for a in strikes.dod_articles():
        path = f"{a['section']}{a['id']}/{a['slug']}/"
        if a["kind"] == "dg-story":  # the newer layout: subheads as <p><strong>, no notice
            body = "".join(f"<p><strong>{esc(p)}</strong></p>" if _subhead(p) else f"<p>{esc(p)}</p>"
                           for p in a["paras"])
            html = defense_story(a["title"], a["date"], body, DG + path)
        else:
            body = "".join(f"<h2>{esc(p)}</h2>" if _subhead(p) else f"<p>{esc(p)}</p>" for p in a["paras"])
            html = defense_news(a["title"], a["date"], body, DG + path)
        res[path] = page(html, a["date"])
        items.append((DG + path, a["title"], a["date"], a["paras"][1][:200]))
    res[DG_DRAFT] = page(defense_news("Draft", "2019-01-01", "<p>Embargoed.</p>", DG + DG_DRAFT), "2019-01-01")
    items.append((DG + DG_DRAFT, "Embargoed release", "2019-01-01", "Draft."))
    items.sort(key=lambda e: e[2], reverse=True)
    rss = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>',
           "<title>U.S. Department of Defense</title><link>https://www.defense.gov/</link>",
           "<description>DoD News articles</description><language>en-us</language>"]
    for url, title, d, summary in items:
        rss.append(f"<item><title>{esc(title)}</title><link>{esc(url)}</link><guid isPermaLink=\"true\">"
                   f"{esc(url)}</guid><pubDate>{http_date(when(d))}</pubDate>"
                   f"<description>{esc(summary)}</description></item>")
    rss.append("</channel></rss>")
    feed = Resource("\n".join(rss).encode(), XML, 200, when(items[0][2]))
    res["/DesktopModules/ArticleCS/RSS.ashx?ContentType=1&Site=945&max=10"] = feed
    res["/robots.txt"] = robots(["/private/", "/Admin/", "/News/Article/Article/9000002/"])
    return res


SITES = {"www.inherentresolve.mil": inherentresolve, "www.defense.gov": defense_gov}
DISALLOWED = {IR: [IR + IR_DRAFT, IR + IR_DRAFT.replace(STRIKES, NEWS), IR + CIVCAS_DRAFT],
              DG: [DG + DG_DRAFT]}
