"""A crawl of a news site that reposts a monthly report: the copy is read as a report (its
row an alternate, never in the timeline), a story quoting one of its figures stays an
article, and an AFCENT release of one finding retold there is a report row too.

The site is served on loopback by the test itself (three pages whose wording comes from
real published copies: AFP in The News, 2 June 2018; UPI, 20 November 2015; TRT World,
8 August 2017), and `civcas crawl` reaches it through `--mirror`, as it reaches the replicas.
"""

from __future__ import annotations

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from support.commands import civcas, query

ORIGIN = "https://news.example.org"

COPY = ("US-led anti-IS coalition admits 9 more civilian deaths", [
    "WASHINGTON: The US-led coalition fighting the Islamic State group in Syria and Iraq acknowledged Friday "
    "the deaths of another nine civilians, increasing the toll of non-fighters killed to at least 892.",
    "The coalition completed a review in April of 159 potential civilian casualty reports and found five were "
    "considered credible, resulting in the nine civilian fatalities, a statement said.",
    "On January 9, 2017, near the Iraqi city of Mosul, two civilians were killed when a vehicle loaded with "
    "explosives that was heading towards coalition positions was struck, the statement said. Of the other "
    "potential civilian casualty reports reviewed, the coalition said 149 were deemed non-credible and five "
    "were redundant. From August 2014 to April 2018 the coalition conducted a total of 29,358 strikes and "
    "\u201cassesses at least 892 civilians have been unintentionally killed,\u201d it said."])
FINDING = ("Iraq airstrike civilian casualty report released by U.S. Central Command", [
    "TAMPA, Fla., Nov. 20 (UPI) -- The U.S. Air Forces Central Command completed its investigation into a "
    "coalition airstrike that resulted in civilian casualties.",
    "Evidence gathered during the investigation revealed the March 13, 2015, airstrike near al Hatra, Iraq, most "
    "likely resulted in the death of four non-combatants, one of whom may have been a child."])
STORY = ("US-led coalition strikes kill 29 civilians in Syria's Raqqa - monitor", [
    "US-led coalition air strikes against Daesh in northern Syria have killed 29 civilians over the past 24 "
    "hours, a war monitor alleged on Tuesday.",
    "The US has admitted that its strikes caused the deaths of 624 civilians since 2014. Rights organisations "
    "say the number is far higher."])
PAGES = {"/2018/06/02/coalition-admits-9-more-civilian-deaths": COPY,
         "/2015/11/20/iraq-airstrike-civilian-casualty-report": FINDING,
         "/2017/08/08/coalition-strikes-kill-29-civilians-in-raqqa": STORY}


def _page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>{body}</article>"
            f"</body></html>").encode()


class _Site(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the http.server API)
        if self.path == "/":
            links = "".join(f"<li><a href='{p}'>{html.escape(t)}</a></li>" for p, (t, _) in PAGES.items())
            body = f"<!doctype html><html><body><h1>News</h1><ul>{links}</ul></body></html>".encode()
        elif self.path in PAGES:
            body = _page(*PAGES[self.path])
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


CONFIG = f"""
[sources.newsx]
kind = "news_article"
start_urls = ["{ORIGIN}/"]
allowed_domains = ["news.example.org"]
documents = ['^/20\\d\\d/']
schedule = "0 0 * * *"
"""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("copies")
    (tmp / "news.toml").write_text(CONFIG)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = civcas("crawl", "newsx", "--config", str(tmp / "news.toml"), "--delay", "0",
                        "--data-dir", str(tmp / "data"),
                        f"--mirror={ORIGIN}=http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    return tmp / "data"


def _kind(data, path: str) -> str:
    ((kind,),) = query(data, "SELECT kind FROM documents WHERE url = ?", [ORIGIN + path])
    return kind


def test_a_report_copy_on_a_news_source_is_read_as_a_report(crawled):
    path = next(p for p, v in PAGES.items() if v is COPY)
    assert _kind(crawled, path) == "civcas_report"
    rows = query(crawled, "SELECT r.completed, r.credible, r.non_credible, r.cumulative_civilian_deaths, "
                          "r.month_covered FROM civcas_reports r JOIN documents d ON d.id = r.document_id "
                          "WHERE d.url = ?", [ORIGIN + path])
    assert rows == [(159, 5, 149, 892, "2018-04")]
    assert query(crawled, "SELECT a.allegation_date, a.country, a.assessment, a.civilians_killed FROM allegations a "
                          "JOIN civcas_reports r ON r.id = a.report_id JOIN documents d ON d.id = r.document_id "
                          "WHERE d.url = ?", [ORIGIN + path]) == [("2017-01-09", "Iraq", "credible", 2)]


def test_a_release_of_one_finding_retold_is_a_report_row_and_a_story_stays_an_article(crawled):
    finding = next(p for p, v in PAGES.items() if v is FINDING)
    story = next(p for p, v in PAGES.items() if v is STORY)
    assert _kind(crawled, finding) == "civcas_report"
    assert query(crawled, "SELECT a.allegation_date, a.assessment, a.civilians_killed FROM allegations a "
                          "JOIN civcas_reports r ON r.id = a.report_id JOIN documents d ON d.id = r.document_id "
                          "WHERE d.url = ?", [ORIGIN + finding]) == [("2015-03-13", "credible", 4)]
    assert _kind(crawled, story) == "news_article"
    assert query(crawled, "SELECT COUNT(*) FROM parse_failures") == [(0,)]
