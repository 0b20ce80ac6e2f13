"""The one text path (crawler/reading/pagetext.py) and the kinds read from content (crawler/reading/kinds.py)."""

from crawler.reading.extract import extract, read_html
from crawler.reading.kinds import classify
from crawler.reading.pagetext import page_text

REPORT = "Combined Joint Task Force – Operation Inherent Resolve Monthly Civilian Casualty Report"


def dnn_page(body: str, title: str = REPORT) -> str:
    return (f"<html><head><title>{title} &gt; Operation Inherent Resolve &gt; News Release View</title></head>"
            '<body><form method="post" id="Form" action="/x"><input type="hidden" name="__VIEWSTATE" '
            'value="/wEPDwUKLTk0NjQ4NjAyOGRk"><div id="dnn_HeaderPane"><h2>Newsroom</h2></div>'
            '<div class="row"><div class="col-md-8"><div class="DnnModule"><div class="DNNModuleContent">'
            f"<h1>{title}</h1><p>| Sept. 27, 2018</p><div class='share'><a href='#'>Facebook</a></div>"
            f"{body}</div></div></div><div class='col-md-4'><h3>{title}</h3><ul><li><a href='/a'>{title}</a></li>"
            f"<li><a href='/b'>{title}</a></li><li><a href='/c'>{title}</a></li></ul></div></div></form></body></html>")


def test_a_page_wide_form_keeps_its_article_and_loses_its_furniture():
    body = ("<p>In the month of August, CJTF-OIR received 12 new reports.</p>"
            "<p><strong>Non-Credible Reports —</strong></p>"
            '<ol start="3"><li>Aug. 1, 2018, near Hajin, Syria: no strikes.</li><li value="7">Aug. 2, 2018, near '
            "Susah, Syria: no strikes.</li><li>Aug. 3, 2018, near Hit, Iraq: no strikes.</li></ol>"
            "<ul><li>first</li><li>second</li></ul>"
            "<table><tr><th>Date</th><th>Place</th></tr><tr><td>Aug. 4</td><td>Mosul</td></tr></table>"
            "<dl><dt>Published</dt><dd>14 August 2014</dd></dl>"
            "<p>line one<br><br>line two</p><div hidden>secret</div>")
    found = page_text(dnn_page(body))
    assert found.title == REPORT  # the article's heading, not "Newsroom"
    assert found.text.splitlines() == [
        REPORT, "| Sept. 27, 2018", "In the month of August, CJTF-OIR received 12 new reports.",
        "Non-Credible Reports —", "3. Aug. 1, 2018, near Hajin, Syria: no strikes.",
        "7. Aug. 2, 2018, near Susah, Syria: no strikes.", "8. Aug. 3, 2018, near Hit, Iraq: no strikes.",
        "- first", "- second", "Date | Place", "Aug. 4 | Mosul", "Published: 14 August 2014",
        "line one", "line two"]


def test_the_title_is_the_heading_matching_the_page_title_when_there_is_no_h1():
    html = ("<html><head><title>Coalition statement &gt; Site</title></head><body><table><tr><td>"
            "<div class='leftcol'><h3>Newsroom</h3></div></td><td><div class='story'><h2>Coalition statement</h2>"
            "<p>SOUTHWEST ASIA – The Coalition is aware of reports of civilian casualties in a strike.</p>"
            "</div></td></tr></table></body></html>")
    assert page_text(html).title == "Coalition statement"


def test_read_html_gives_the_parsed_page_for_markup_readers():
    found, html, warning = read_html(dnn_page("<p>Some text of the article body here.</p>").encode(), "text/html",
                                     keep_root=True)
    assert warning is None and found.root.xpath("//input[@name='__VIEWSTATE']")  # the whole page, as served
    assert "__VIEWSTATE" not in found.text and "wEPDwUK" not in found.text


def test_kinds_come_from_the_content():
    ir = "https://www.inherentresolve.mil/Media-Library/News-Releases/Article/1/x/"
    report = ("In the month of August, CJTF-OIR received 12 new reports of possible civilian casualties.\n"
              "1. Aug. 1, 2018, near Hajin, Syria: no strikes.")
    assert classify(REPORT, report, ir, "civcas_report") == "civcas_report"
    statement = ("SOUTHWEST ASIA – The Coalition is aware of reports alleging civilian casualties near Ramadi.\n"
                 "On Sept. 20, 2015, near Ramadi, Iraq, Coalition aircraft engaged an ISIL fighting position.")
    assert classify("Coalition statement on reported civilian casualties", statement, ir, "civcas_report") == \
        "news_release"
    release = ("SOUTHWEST ASIA — On Dec. 9, Coalition military forces conducted 20 strikes against ISIL.\n"
               "* Near Raqqah, four strikes engaged an ISIL tactical unit.")
    assert classify("Military airstrikes continue", release, ir, "civcas_report") == "strike_release"
    assert classify("Military strikes", release.splitlines()[0], ir, "strike_release") == "news_release"
    # the same statement by a news outlet stays the outlet's article
    assert classify("Statement", statement, "https://www.cbc.ca/news/world/a-1.2", "news_article") == "news_article"
    claims = ("Report Date\nNovember 23, 2018\nOriginal Report\nUK MoD")
    assert classify("UK MoD for November 18, 2018 – November 20, 2018", claims,
                    "https://airwars.org/military-claims/uk-mod-november-23-2018/", "incident") == "military_claim"
    assert classify("CS1792a – August 25, 2018", "Civilians reported killed 3",
                    "https://airwars.org/civilian-casualties/cs1792a-august-25-2018/", "incident") == "incident"


def test_extract_stores_the_structured_text_and_the_heading():
    page, _ = extract(dnn_page("<ol><li>Aug. 1, 2018, near Hajin, Syria: no strikes.</li></ol>").encode(),
                      "text/html; charset=utf-8", "https://www.inherentresolve.mil/a")
    assert page.title == REPORT
    assert "\n1. Aug. 1, 2018, near Hajin, Syria: no strikes." in page.text


def test_scope_patterns_admit_cut_slugs_and_every_claimant_but_not_site_pages():
    from crawler.config import load_config

    sources = load_config().sources

    def in_scope(name: str, path: str) -> bool:
        return any(p.search(path) for p in sources[name].documents)

    assert in_scope("cjtf-civcas", "/Media-Library/News-Releases/Article/1749230/"
                                   "combined-joint-task-force-operation-inherent-resolve-monthly-civilian-casu/")
    assert in_scope("cjtf-civcas", "/MEDIA/PRESS-RELEASES/Press-Release-View/Article/735404/centcom-releases-civilian-casu")
    for claimant in ("cjtfoir", "uk-mod", "french-mod", "centcom", "jordanian-armed-forces"):
        assert in_scope("airwars", f"/military-claims/{claimant}-november-23-2018/")
    assert not in_scope("airwars", "/military-claims/page/2/")
    assert in_scope("syriadirect", "/civilians-flee-hajin-as-coalition-strikes-continue/")
    for page in ("/about/", "/contact-us/", "/donate/"):
        assert not in_scope("syriadirect", page)


def test_a_layout_table_is_read_as_blocks_and_a_data_table_as_rows():
    html = ("<html><body><table><tr><td><div class='left'><p>Left column text of the page, long enough.</p></div></td>"
            "<td><h1>Title</h1><p>First paragraph of the article.</p><p>Second paragraph.</p>"
            "<table><tr><td>Oct. 3</td><td>Hit</td></tr></table><pre>a  b\nc</pre></td></tr></table></body></html>")
    lines = page_text(html).text.splitlines()
    assert lines[-5:] == ["First paragraph of the article.", "Second paragraph.", "Oct. 3 | Hit", "a b", "c"]
