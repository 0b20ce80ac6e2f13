"""www.syriahr.com: English posts (/en/<id>/, dated 2015 slugs) and Arabic posts (/<slug>/<id>/)."""
from __future__ import annotations

from urllib.parse import quote

from .common import Resource, cookie_notice, doc, esc, long_date, page, robots, share_buttons

S = "https://www.syriahr.com"
EN_LIST = "/en/category/news/syria-news/"
AR_CAT = "/category/أخبار/"
REMOVED = "/en/27196/"
AR_DRAFT = "/draft-preview/2/"
COOKIES = [("Set-Cookie", "__cf_bm=replica0123456789; path=/; HttpOnly; Secure; SameSite=None"),
           ("Set-Cookie", "pll_language=en; path=/; expires=Fri, 01 Jan 2100 00:00:00 GMT")]

EN = [  # (path, date, title, paragraphs)
    ("/en/106650/", "2018-11-17", "Coalition airstrikes kill at least 43 people in Abu al-Hassan near Hajin",
     ["Deir Ezzor Province – The Syrian Observatory for Human Rights: The Syrian Observatory for Human "
      "Rights documented the death of at least 43 people, including 17 children and 12 citizen women, in "
      "airstrikes carried out by the warplanes of the International Coalition at dawn on Saturday on "
      "homes in the village of Abu al-Hassan, near the town of Hajin in the eastern countryside of Deir "
      "Ezzor.", "The number of dead is expected to rise because there are people in critical condition."]),
    (REMOVED, "2018-11-12", "New Coalition strikes on the Hajin pocket",
     ["Deir Ezzor Province: Warplanes of the International Coalition carried out new strikes on the "
      "Hajin pocket, east of the Euphrates, amid continuing clashes between the Syrian Democratic Forces "
      "and the organization.", "The Syrian Observatory continues to monitor the humanitarian situation "
      "in the area, where thousands of citizens are trapped."]),
    ("/en/106359/", "2018-11-09", "33 people killed in two rounds of Coalition strikes on Hajin and Al-Sha'afah",
     ["Deir Ezzor Province – The Syrian Observatory for Human Rights: 33 people were killed, 30 of them "
      "children and women, in two rounds of strikes by the International Coalition warplanes on the "
      "areas of Hajin and Al-Sha'afah in the eastern countryside of Deir Ezzor.",
      "This raises to 115 the number of civilians killed by the Coalition strikes on the Hajin pocket "
      "since the 10th of September 2018 until today."]),
    ("/en/17928/", "2015-11-23", "3952 killed in 14 months of Coalition air strikes in Syria",
     ["The Syrian Observatory for Human Rights documented the death of 3952 people in the air strikes "
      "of the International Coalition since the 23rd of September 2014, 14 months ago.",
      "The dead include 250 civilians, among them 66 children and 44 citizen women, and 3547 members of "
      "the Islamic State organization."]),
    ("/en/2015/03/about-2000-including-women-and-children-killed-and-wounded-in-6-months-of-coalition-air-strikes/",
     "2015-03-23", "About 2000 including women and children killed and wounded in 6 months of Coalition air strikes",
     ["The Syrian Observatory for Human Rights documented the death of 1953 people in the air strikes of "
      "the International Coalition since the 23rd of September 2014 until last night.",
      "They are 66 civilians including 10 children and 6 women, 90 fighters of Jabhat al-Nusra, and 1796 "
      "members of the Islamic State organization, most of them non-Syrians."]),
]
AR = [  # (slug, id, date, title, paragraphs)
    ("مقتل-33-شخصا-بقصف-للتحالف-على-هجين", 288533, "2018-11-09",
     "مقتل 33 شخصاً بينهم 30 طفلاً ومواطنة بقصف لطائرات التحالف الدولي على هجين والشعفة",
     ["محافظة دير الزور – المرصد السوري لحقوق الإنسان:: وثق المرصد السوري مقتل 33 شخصاً بينهم 30 من "
      "الأطفال والنساء، جراء جولتين من الضربات الجوية نفذتها طائرات التحالف الدولي على بلدتي هجين "
      "والشعفة في ريف دير الزور الشرقي، يوم 27 تشرين الأول / أكتوبر 2017.",
      "وبذلك يرتفع إلى 115 عدد المدنيين الذين قتلوا بضربات التحالف على جيب هجين منذ العاشر من أيلول / "
      "سبتمبر 2018 وحتى اليوم."]),
    ("طائرات-التحالف-تقصف-أبو-الحسن-قرب-هجين", 289120, "2018-11-17",
     "مقتل 43 شخصاً على الأقل بضربات للتحالف على قرية أبو الحسن قرب هجين",
     ["محافظة دير الزور – المرصد السوري لحقوق الإنسان:: ارتفع إلى 43 عدد الذين قتلوا جراء غارات "
      "طائرات التحالف الدولي فجر اليوم السبت على منازل في قرية أبو الحسن قرب بلدة هجين، بينهم 17 طفلاً "
      "و12 مواطنة.", "ولا يزال عدد القتلى مرشحاً للارتفاع لوجود جرحى بحالات خطرة."]),
    ("حصيلة-ضربات-التحالف-خلال-14-شهرا", 90233, "2015-11-23",
     "3952 قتيلاً في 14 شهراً من ضربات التحالف الدولي في سوريا",
     ["وثق المرصد السوري لحقوق الإنسان مقتل 3952 شخصاً جراء ضربات التحالف الدولي منذ 23 أيلول / "
      "سبتمبر 2014، بينهم 250 مدنياً من ضمنهم 66 طفلاً و44 مواطنة، و3547 عنصراً من تنظيم الدولة."]),
]


def _en_page(path, date, title, ps) -> str:
    body = (
        '<header class="td-header"><div class="site-name">The Syrian Observatory For Human Rights</div>'
        '<nav><ul><li><a href="/en/">Home</a></li><li><a href="/en/category/news/">News</a></li>'
        '<li><a href="/en/category/reports/">Reports</a></li><li><a href="/">العربية</a></li></ul></nav></header>'
        f'<div class="td-post"><h1 class="entry-title">{esc(title)}</h1><time>{long_date(date)}</time>'
        '<div class="td-post-content">' + "".join(f"<p>{esc(p)}</p>" for p in ps) + "</div>"
        + share_buttons(S + path) + '</div><aside class="sidebar"><h3>Most read</h3><ul>'
        '<li><a href="/en/category/news/syria-news/">Syria news</a></li></ul></aside>'
        '<footer><p>© The Syrian Observatory For Human Rights</p></footer>' + cookie_notice())
    return doc(title + " • The Syrian Observatory For Human Rights",
               f'<meta property="article:published_time" content="{date}T09:00:00+00:00">', body,
               site="sohr-en")


def _ar_href(slug: str, pid: int, style: str) -> str:
    enc = quote(slug)
    return {"lower": "/" + enc.lower() + f"/{pid}/", "upper": "/" + enc + f"/{pid}/",
            "raw": f"/{slug}/{pid}/"}[style]


def _ar_page(slug, pid, date, title, ps) -> str:
    body = (
        '<header class="td-header"><div class="site-name">المرصد السوري لحقوق الإنسان</div><nav><ul>'
        f'<li><a href="/">الرئيسية</a></li><li><a href="{quote(AR_CAT)}">أخبار</a></li>'
        '<li><a href="/en/">English</a></li></ul></nav></header>'
        f'<div class="td-post"><h1 class="entry-title">{esc(title)}</h1><span class="views">{pid % 9000}</span>'
        f'<time class="entry-date" datetime="{date}T09:00:00+00:00">{date}</time>'
        '<div class="td-post-content">' + "".join(f"<p>{esc(p)}</p>" for p in ps) + "</div></div>"
        '<aside class="related"><h3>أخبار ذات صلة</h3><ul>'
        + "".join(f'<li><a href="{_ar_href(s, i, "raw")}">{esc(t)}</a></li>' for s, i, _, t, _ in AR if i != pid)
        + "</ul></aside><footer><p>© المرصد السوري لحقوق الإنسان</p></footer>")
    return doc(title + " | المرصد السوري لحقوق الإنسان",
               f'<meta property="article:published_time" content="{date}T09:00:00+00:00">', body,
               lang="ar", direction="rtl", site="sohr-ar")


def _list(title, entries, n, pages, base, lang="en") -> str:
    rows = "".join(f'<div class="td-module"><h3><a href="{esc(h)}">{esc(t)}</a></h3><span>{esc(d)}</span></div>'
                   for h, t, d in entries)
    pager = "".join(f'<a href="{base if i == 1 else base + f"page/{i}/"}">{i}</a>' for i in range(1, pages + 1))
    return doc(title, "", f'<main><h1>{esc(title)}</h1>{rows}<div class="page-nav">{pager}</div></main>'
               + cookie_notice(), lang=lang, direction="rtl" if lang == "ar" else "ltr",
               site=f"sohr-{lang}")


def site(round_: int) -> dict[str, Resource]:
    res: dict[str, Resource] = {}
    en = [e for e in EN if not (round_ >= 2 and e[0] == REMOVED)]
    for path, date, title, ps in en:
        res[path] = page(_en_page(path, date, title, ps), date, COOKIES)
    res["/en/1/"] = page(_en_page("/en/1/", "2019-01-01", "Private", ["Draft."]), "2019-01-01")
    ents = [(p, t, long_date(d)) for p, d, t, _ in en]
    ents.insert(1, ("/en/1/", "Draft post", "Draft"))
    chunks = [ents[:3], ents[3:]]
    for n, chunk in enumerate(chunks, 1):
        key = EN_LIST if n == 1 else f"{EN_LIST}page/{n}/"
        res[key] = page(_list("Syria news", chunk, n, 2, EN_LIST), "2018-11-17", COOKIES)
    for slug, pid, date, title, ps in AR:
        res[_ar_href(slug, pid, "raw")] = page(_ar_page(slug, pid, date, title, ps), date, COOKIES)
    base = quote(AR_CAT).lower()
    ar_ents = [[(_ar_href(AR[0][0], AR[0][1], "lower"), AR[0][3], AR[0][2]),
                (_ar_href(AR[1][0], AR[1][1], "lower"), AR[1][3], AR[1][2])],
               [(_ar_href(AR[2][0], AR[2][1], "upper"), AR[2][3], AR[2][2]), (AR_DRAFT, "مسودة", "")]]
    for n, chunk in enumerate(ar_ents, 1):
        key = AR_CAT if n == 1 else f"{AR_CAT}page/{n}/"
        res[key] = page(_list("أخبار", chunk, n, 2, base, "ar"), "2018-11-17", COOKIES)
    res[AR_DRAFT] = page(_ar_page("draft-preview", 2, "2019-01-01", "مسودة", ["مسودة."]), "2019-01-01")
    res["/robots.txt"] = robots(["/wp-admin/", "/en/1/", "/draft-preview/"])
    return res


SITES = {"www.syriahr.com": site}
DISALLOWED = {S: [S + "/en/1/", S + AR_DRAFT]}
