"""snhr.org statements, reliefweb.int copies, www.amnesty.org news, report page and PDF."""
from __future__ import annotations

from . import civcas
from .common import (PDF, RW_CIVCAS, RW_HAJIN, Resource, cookie_notice, doc, esc, long_date, page,
                     paras, robots, seed, share_buttons, when)
from .pdf import make_pdf

SN, RW, AM = "https://snhr.org", "https://reliefweb.int", "https://www.amnesty.org"

SNHR = [  # (path, date, title, paragraphs)
    ("/blog/2019/03/20/53400/", "2019-03-20", "The US-led Coalition killed 3,035 civilians in Syria",
     ["Paris – Statement by the Syrian Network for Human Rights: We at the Syrian Network for Human Rights "
      "have documented the deaths of at least 3,035 civilians at the hands of the US-led coalition forces "
      "since September 23, 2014, including 924 children and 656 women.",
      "The coalition forces committed at least 172 massacres and 181 attacks on vital civilian facilities, "
      "and their operations contributed to the displacement of about 560,000 people.",
      "By governorate: Raqqa 1,133; Aleppo 782; Deir ez-Zor 624; Hasakah 218; Idlib 140; Homs 133; Daraa 5."]),
    ("/blog/2018/12/01/death-toll-of-civilians-in-november-2018/", "2018-12-01",
     "231 Civilians Killed in Syria in November 2018",
     ["Paris – Statement by the Syrian Network for Human Rights: The Syrian Network for Human Rights "
      "documented the deaths of 231 civilians at the hands of the main perpetrator parties in Syria in "
      "November 2018.", "US-led coalition forces killed 79 civilians, including 42 children and 17 women, "
      "most of them in the Hajin area in the eastern suburbs of Deir ez-Zor."]),
    ("/blog/2017/05/06/1256-civilians-killed-by-the-international-coalition/", "2017-05-06",
     "1,256 Civilians Killed by the International Coalition since 2014",
     ["Paris – Statement by the Syrian Network for Human Rights: We have documented the deaths of 1,256 "
      "civilians, including 383 children and 221 women, at the hands of the international coalition "
      "forces since the start of their operations in Syria on September 23, 2014."]),
    ("/blog/2015/08/11/4559/", "2015-08-11", "225 Civilians Killed by the International Coalition",
     ["Paris – Statement by the Syrian Network for Human Rights: The international coalition forces have "
      "killed 225 civilians, including 65 children and 37 women, since the start of their attacks in Syria."]),
]
AM_NEWS = "/en/latest/news/2018/07/syria-us-led-coalition-deeply-in-denial-about-civilian-casualties-in-raqqa/"
AM_DOC = "/en/documents/mde24/8367/2018/en/"
AM_PDF = "/en/wp-content/uploads/2021/05/MDE2483672018ENGLISH.pdf"
RW_HAJIN_TEXT = [
    "The United Nations is deeply concerned about the safety of civilians in the Hajin enclave in eastern "
    "Deir-ez-Zor governorate, where fighting and airstrikes continue.",
    "At least 10,000 civilians are believed to be among the estimated 15,000 people remaining in the enclave.",
    "Within the first weeks of the offensive launched in September, some 7,000 people were displaced from "
    "Hajin; since October, the number of people leaving has been minimal.",
    "Humanitarian partners continue to call on all parties to allow civilians to leave safely.",
]
RW_SNHR = "/report/syria/231-civilians-killed-syria-november-2018"
DRAFTS = {"snhr.org": "/blog/2000/01/01/private-draft/", "reliefweb.int": "/report/syria/embargoed-draft",
          "www.amnesty.org": "/en/latest/news/2000/01/embargoed/"}


def _wp(site: str, title: str, main: str, lang="en") -> str:
    body = (f'<header class="masthead"><a href="/" class="brand">{esc(site)}</a><nav><ul>'
            '<li><a href="/">Home</a></li><li><a href="/about/">About</a></li><li><a href="/contact/">Contact'
            '</a></li><li><a href="/donate/">Donate</a></li></ul></nav></header>'
            f'<div class="content-area">{main}</div><aside class="widget-area"><h3>Latest</h3><ul>'
            '<li><a href="/">Reports</a></li></ul></aside>'
            f'<footer class="colophon"><p>© {esc(site)}</p></footer>' + cookie_notice())
    return doc(f"{title} - {site}", "", body, lang=lang, site=site)


def snhr(round_: int) -> dict[str, Resource]:
    res = {}
    ents = []
    for path, d, title, ps in SNHR:
        main = (f'<article><h1 class="entry-title">{esc(title)}</h1><time>{long_date(d)}</time>'
                f'<div class="entry-content">{"".join(f"<p>{esc(p)}</p>" for p in ps)}</div>'
                f"{share_buttons(SN + path)}</article>")
        res[path] = page(_wp("SNHR", title, main), d)
        ents.append(f'<article><h2><a href="{path}">{esc(title)}</a></h2></article>')
    ents.insert(1, f'<article><h2><a href="{DRAFTS["snhr.org"]}">Draft</a></h2></article>')
    ents.append('<article><h2><a href="/arabic/2015/08/11/4559">مقتل 225 مدنياً على يد قوات التحالف الدولي</a></h2></article>')
    res[DRAFTS["snhr.org"]] = page(_wp("SNHR", "Draft", "<p>Draft.</p>"), "2019-01-01")
    base = "/blog/category/reports/"
    for n, chunk in enumerate((ents[:3], ents[3:]), 1):
        pager = f'<a href="{base}">1</a> <a href="{base}page/2/">2</a>'
        res[base if n == 1 else f"{base}page/2/"] = page(_wp("SNHR", "Reports", "".join(chunk) + pager), "2019-03-20")
    from . import outlets

    res.update(outlets.article_pages("snhr.org"))  # /arabic/<date>/<id>, Arabic template
    res["/robots.txt"] = robots(["/wp-admin/", "/blog/2000/"])
    return res


def reliefweb(round_: int) -> dict[str, Resource]:
    r = next(x for x in civcas.reports() if x["id"] == "R2018-11")
    text = "".join(f"<p>{esc(p)}</p>" for p in civcas.plain(civcas.blocks(r)))
    main = (f'<article class="rw-report"><h1>{esc(civcas.title(r))}</h1><dl class="rw-meta"><dt>Format</dt>'
            '<dd>News and Press Release</dd><dt>Source</dt><dd>CJTF-OIR</dd><dt>Posted</dt><dd>30 Dec 2018</dd>'
            '<dt>Originally published</dt><dd>30 Dec 2018</dd><dt>date</dt><dd>2018-12</dd></dl>'
            f'<p class="byline">By CJTF-OIR PAO | Dec. 30, 2018</p><div class="rw-body">{text}</div></article>')
    hajin = ('<article class="rw-report"><h1>Syria: Hajin civilians caught between front lines</h1>'
             '<dl class="rw-meta"><dt>Format</dt><dd>Situation Report</dd><dt>Source</dt><dd>OCHA</dd>'
             '<dt>Posted</dt><dd>23 Nov 2018</dd></dl><div class="rw-body">'
             + "".join(f"<p>{esc(p)}</p>" for p in RW_HAJIN_TEXT) + "</div></article>")
    snhr_path, snhr_date, snhr_title, snhr_paras = SNHR[1]
    rw_snhr = (f'<article class="rw-report"><h1>{esc(snhr_title)}</h1><dl class="rw-meta"><dt>Format</dt>'
               '<dd>News and Press Release</dd><dt>Source</dt><dd>SNHR</dd><dt>Posted</dt><dd>1 Dec 2018</dd></dl>'
               f'<div class="rw-body">{"".join(f"<p>{esc(p)}</p>" for p in snhr_paras)}</div></article>')
    res = {RW_CIVCAS: page(_wp("ReliefWeb", civcas.title(r), main), "2018-12-31"),
           RW_SNHR: page(_wp("ReliefWeb", snhr_title, rw_snhr), "2018-12-01"),
           RW_HAJIN: page(_wp("ReliefWeb", "Syria: Hajin civilians caught between front lines", hajin), "2018-11-23"),
           DRAFTS["reliefweb.int"]: page(_wp("ReliefWeb", "Draft", "<p>Draft.</p>"), "2019-01-01")}
    q = "?search=%22civilian%20casualty%22"
    listing = (f'<h1>Updates</h1><ul><li><a href="{RW_CIVCAS}">{esc(civcas.title(r))}</a></li>'
               f'<li><a href="{RW_SNHR}">{esc(snhr_title)}</a></li>'
               f'<li><a href="{DRAFTS["reliefweb.int"]}">Embargoed</a></li></ul>'
               f'<a href="/updates{q}&page=1">Next</a>')
    res[f"/updates{q}"] = page(_wp("ReliefWeb", "Updates", listing), "2018-12-31")
    res[f"/updates{q}&page=1"] = page(_wp("ReliefWeb", "Updates", f'<h1>Updates</h1><p>No more results.</p>'
                                                                   f'<a href="/updates{q}">Previous</a>'), "2018-12-31")
    res["/robots.txt"] = robots(["/private/", "/report/syria/embargoed-draft"])
    return res


REPORT_TEXT = [
    "Amnesty International, Index: MDE 24/8367/2018, June 2018",
    "Contents: 1. Executive summary; 2. Methodology; 3. Background: the battle for Raqqa; "
    "4. The Aswad family; 5. The Hashish family; 6. The Badran family; 7. The Fayad family; "
    "8. Legal analysis; 9. Conclusions and recommendations",
    "The US-led Coalition's four-month military operation to oust the armed group calling itself "
    "Islamic State from Raqqa, between June and October 2017, killed hundreds of civilians and injured "
    "thousands. Amnesty International researchers visited 42 Coalition strike locations across the city "
    "and interviewed 112 civilian residents who lost relatives or were injured.",
    "The report documents four families' experiences in detail. Several of the attacks examined appear "
    "to have been disproportionate or indiscriminate, in violation of international humanitarian law.",
    "Amnesty International calls on Coalition members to conduct thorough and impartial investigations "
    "into allegations of violations and to disclose the findings.",
]


def amnesty(round_: int) -> dict[str, Resource]:
    text = seed("004").split("Editor review")[0]
    title = text.strip().splitlines()[0]
    main = (f'<article class="article"><h1>{esc(title)}</h1><p class="meta">News · 12 July 2018</p>'
            f'<div class="article-content">{paras(text.split(chr(10), 1)[1])}</div>'
            f'<p>Read the report: <a href="{AM_DOC}">War of annihilation</a></p>{share_buttons(AM + AM_NEWS)}</article>')
    doc_main = (f'<article><h1>Syria: “War of annihilation”: Devastating toll on civilians, Raqqa – Syria</h1>'
                f'<p>Index Number: MDE 24/8367/2018</p>{"".join(f"<p>{esc(p)}</p>" for p in REPORT_TEXT[2:])}'
                f'<p><a href="{AM_PDF}">Download PDF (English)</a></p></article>')
    listing = (f'<h1>Syria</h1><ul class="post-list"><li><a href="{AM_NEWS}">{esc(title)}</a></li>'
               f'<li><a href="{AM_DOC}">War of annihilation (report)</a></li>'
               f'<li><a href="{DRAFTS["www.amnesty.org"]}">Embargoed</a></li></ul>')
    return {
        AM_NEWS: page(_wp("Amnesty International", title, main), "2018-07-12"),
        AM_DOC: page(_wp("Amnesty International", "War of annihilation", doc_main), "2018-06-05"),
        AM_PDF: Resource(make_pdf("War of annihilation: Devastating toll on civilians, Raqqa – Syria",
                                  REPORT_TEXT * 3, author="Amnesty International"), PDF, 200, when("2018-06-05")),
        DRAFTS["www.amnesty.org"]: page(_wp("Amnesty International", "Draft", "<p>Draft.</p>"), "2019-01-01"),
        "/en/location/middle-east-and-north-africa/syria/": page(_wp("Amnesty International", "Syria", listing),
                                                                 "2018-07-12"),
        "/robots.txt": robots(["/wp-admin/", "/en/latest/news/2000/"]),
    }


SITES = {"snhr.org": snhr, "reliefweb.int": reliefweb, "www.amnesty.org": amnesty}
DISALLOWED = {f"https://{h}": [f"https://{h}{p}"] for h, p in DRAFTS.items()}
