"""Parses that check themselves, over a real crawl of the replicas: `parse_checks` rows for
every parsed version, mismatches counted in the crawl summary, `civcas sources` and health
(`drifting`), rebuilt by `civcas reextract`, and `civcas parse` giving the crawl's rows.

The replica monthly reports print the real reports' counts but list only some of their
allegations: their counts disagree with their lists, as a report read wrongly would."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import urllib.request

import pytest

from archive import health
from archive.store import Store
from crawler.config import load_config
from support.replicas import ReplicaServer


def civcas(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    data = tmp_path_factory.mktemp("parse-checks")
    with ReplicaServer(round=1) as server:
        done = civcas("crawl", "cjtf-civcas", "cjtf-strikes", "--delay", "0", "--data-dir", str(data),
                      *server.mirror_args())
        assert done.returncode == 0, done.stderr
        yield data, server, done.stdout


def query(data, sql, params=()):
    with sqlite3.connect(data / "civcas.db") as db:
        return db.execute(sql, params).fetchall()


PARSED = ("SELECT version_id FROM civcas_reports UNION SELECT version_id FROM strike_releases")


def test_every_parsed_version_has_checks(crawled):
    data, _, _ = crawled
    parsed = {v for (v,) in query(data, PARSED)}
    checked = {v for (v,) in query(data, "SELECT DISTINCT version_id FROM parse_checks")}
    assert len(parsed) > 20 and parsed == checked
    failed = {v for (v,) in query(data, "SELECT version_id FROM parse_failures")}
    assert failed and not failed & checked  # a page not read has its failure row, no checks
    statuses = {s for (s,) in query(data, "SELECT DISTINCT status FROM parse_checks")}
    assert statuses <= {"ok", "mismatch", "missing"} and "ok" in statuses


def test_listed_allegations_are_counted_against_the_printed_counts(crawled):
    data, _, _ = crawled
    rows = query(data, "SELECT c.[check], c.printed, c.found, c.status, r.id FROM parse_checks c "
                       "JOIN civcas_reports r ON r.version_id = c.version_id WHERE c.[check] = 'listed.credible'")
    assert rows
    for _, printed, found, status, report_id in rows:
        listed, credible = query(data, "SELECT (SELECT COUNT(*) FROM allegations WHERE report_id = ? AND "
                                       "assessment = 'credible'), credible FROM civcas_reports WHERE id = ?",
                                 [report_id, report_id])[0]
        assert (printed, found) == (credible, listed)
        assert status == ("ok" if credible == listed else "mismatch")
    # the November 2018 report prints three credible reports and lists one of them
    text, version = query(data, "SELECT v.text, v.id FROM versions v JOIN documents d ON d.current_version_id = v.id "
                                "WHERE d.url LIKE '%/1806670/%'")[0]
    assert "three reports were assessed to be credible" in text
    assert query(data, "SELECT printed, found, status FROM parse_checks WHERE version_id = ? "
                       "AND [check] = 'listed.credible'", [version]) == [(3, 1, "mismatch")]


def test_the_crawl_summary_and_runs_count_the_mismatches(crawled):
    data, _, stdout = crawled
    header, _, *lines = stdout.splitlines()
    assert header.split()[-1] == "mismatches"
    printed = {line.split()[0]: int(line.split()[-1]) for line in lines if line.strip()}
    for source in ("cjtf-civcas", "cjtf-strikes"):
        bad = query(data, "SELECT COUNT(DISTINCT c.version_id) FROM parse_checks c JOIN documents d "
                          "ON d.id = c.document_id WHERE d.source = ? AND c.status != 'ok'", [source])[0][0]
        assert query(data, "SELECT parse_mismatches FROM crawl_runs WHERE source = ?", [source]) == [(bad,)]
        assert printed[source] == bad
    assert printed["cjtf-civcas"] > 0


def test_civcas_sources_shows_mismatched_over_checked(crawled):
    data, _, _ = crawled
    done = civcas("sources", "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[0]
    assert "mismatches" in header
    checked, bad = query(data, "SELECT COUNT(DISTINCT c.version_id), COUNT(DISTINCT CASE WHEN c.status != 'ok' "
                               "THEN c.version_id END) FROM parse_checks c JOIN documents d ON d.id = c.document_id "
                               "AND d.current_version_id = c.version_id WHERE d.source = 'cjtf-civcas'")[0]
    line = next(x for x in done.stdout.splitlines() if x.startswith("cjtf-civcas "))
    assert line.split()[-1] == f"{bad}/{checked}"  # the last column
    never = next(x for x in done.stdout.splitlines() if x.startswith("sohr-en "))
    column = header.index("mismatches")
    assert never[column:].split()[0] == "-"
    assert line[column:].split()[0] == f"{bad}/{checked}"
    as_json = json.loads(civcas("sources", "--json", "--data-dir", str(data)).stdout)
    entry = next(s for s in as_json if s["name"] == "cjtf-civcas")
    assert entry["parse_checks"] == {"versions": checked, "mismatched": bad}


def test_a_source_whose_parses_do_not_reconcile_is_drifting(crawled, tmp_path):
    from crawler.notify.messages import source_health
    from scheduler import jobs

    data, _, _ = crawled
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    config_file = tmp_path / "watch.toml"
    config_file.write_text("[health]\ndrift_runs = 1\ndrift_share = 0.2\ndrift_min_versions = 2\n"
                           '[watchers.ops]\ntype = "webhook"\nurl = "http://127.0.0.1:9/hook"\n')
    config = load_config(config_file)
    rt = jobs.Runtime(data_dir=copy, config_file=config_file, config=config)
    judged = {}
    for source in ("cjtf-civcas", "cjtf-strikes"):
        outcome = jobs.RunOutcome(source, "done")
        jobs._judge(rt, outcome)  # as the scheduler does after each run
        judged[source] = outcome.health
    parsed, bad = query(copy, "SELECT parsed_pages, parse_mismatches FROM crawl_runs WHERE source = 'cjtf-civcas'")[0]
    assert bad > 0.2 * parsed
    drifting = judged["cjtf-civcas"]
    assert drifting.state == "drifting"
    assert drifting.reason.startswith(f"{bad} of {parsed} versions parsed in the last 1 runs do not reconcile")
    strikes_bad = query(copy, "SELECT parse_mismatches FROM crawl_runs WHERE source = 'cjtf-strikes'")[0][0]
    assert (judged["cjtf-strikes"] is None) == (strikes_bad == 0)
    assert query(copy, "SELECT change_kind, change_id, channel FROM notifications WHERE change_kind = "
                       "'source_health'") == [("source_health", drifting.id, "ops")]
    store = Store.open(copy)
    try:
        message = source_health(store.db, drifting.id)
        # judged again, nothing new: one alert per change of state
        assert health.evaluate(store, "cjtf-civcas", runs_in_a_row=3, parse_failure_share=0.5,
                               drift=health.DriftRule(1, 0.2, 2)) is None
    finally:
        store.close()
    assert message.subject.endswith("Source cjtf-civcas is drifting")
    assert "do not reconcile" in message.text


def test_reextract_gives_the_archive_its_checks_without_a_recrawl(crawled, tmp_path):
    data, _, _ = crawled
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    identity = ("SELECT d.url, v.capture_id, c.[check], c.printed, c.found, c.status, c.detail "
                "FROM parse_checks c JOIN versions v ON v.id = c.version_id JOIN documents d ON d.id = c.document_id")
    before = sorted(query(copy, identity))
    with sqlite3.connect(copy / "civcas.db") as db:  # an archive crawled before the checks existed
        db.execute("DELETE FROM parse_checks")
    done = civcas("reextract", "--data-dir", str(copy), "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert sorted(query(copy, identity)) == before
    assert len(before) > 50


# -- civcas parse --------------------------------------------------------------------------


def parse(*args):
    return civcas("parse", *args, timeout=120)


def crawl_checks(data, url):
    return sorted(query(data, "SELECT c.[check], c.printed, c.found, c.status FROM parse_checks c JOIN documents d "
                              "ON d.id = c.document_id AND d.current_version_id = c.version_id WHERE d.url = ?", [url]))


def fetched(data, url):
    """The URL a document was fetched from (its canonical URL drops a trailing slash, a ?ver=)."""
    return query(data, "SELECT c.url FROM documents d JOIN versions v ON v.id = d.current_version_id "
                       "JOIN captures c ON c.id = v.capture_id WHERE d.url = ?", [url])[0][0]


def json_checks(out):
    return sorted((c["check"], c["printed"], c["found"], c["status"]) for c in out["checks"])


def test_parse_an_html_file_gives_the_crawls_rows_and_checks(crawled, tmp_path):
    data, server, _ = crawled
    url = query(data, "SELECT url FROM documents WHERE url LIKE '%/1806670/%'")[0][0]
    html = tmp_path / "report.html"
    with urllib.request.urlopen(server.url(fetched(data, url))) as response:
        html.write_bytes(response.read())
    done = parse(str(html), "--kind", "civcas_report", "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    report = out["tables"]["civcas_reports"][0]
    stored = query(data, "SELECT r.month_covered, r.credible, r.non_credible, r.still_open, r.id FROM civcas_reports r "
                         "JOIN documents d ON d.current_version_id = r.version_id WHERE d.url = ?", [url])[0]
    assert (report["month_covered"], report["credible"], report["non_credible"], report["still_open"]) == stored[:4]
    listed = query(data, "SELECT allegation_date, assessment FROM allegations WHERE report_id = ? ORDER BY id",
                   [stored[4]])
    assert [(a["allegation_date"], a["assessment"]) for a in out["tables"]["allegations"]] == listed
    assert json_checks(out) == crawl_checks(data, url)
    table = parse(str(html), "--kind", "auto")  # the content says it is a monthly report
    assert table.returncode == 0, table.stderr
    assert "kind civcas_report" in table.stdout and "listed.credible" in table.stdout
    assert "mismatch" in table.stdout


def test_parse_a_pdf_file_gives_the_crawls_strike_rows(crawled, tmp_path):
    data, server, _ = crawled
    url = query(data, "SELECT d.url FROM documents d JOIN strike_releases s ON s.version_id = d.current_version_id "
                      "WHERE d.url LIKE '%20151023%' AND d.url LIKE '%.pdf%'")[0][0]
    pdf = tmp_path / "release.pdf"
    with urllib.request.urlopen(server.url(fetched(data, url))) as response:  # made by crawler/replicas/pdf.py
        pdf.write_bytes(response.read())
    assert pdf.read_bytes()[:5] == b"%PDF-"
    done = parse(str(pdf), "--kind", "auto", "--format", "json", "--published", "2015-10-23")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["kind"] == "strike_release"
    stored = query(data, "SELECT s.strike_date, s.country, s.location, s.strikes FROM strikes s JOIN strike_releases r "
                         "ON r.id = s.release_id JOIN documents d ON d.current_version_id = r.version_id "
                         "WHERE d.url = ? ORDER BY s.id", [url])
    assert [(s["strike_date"], s["country"], s["location"], s["strikes"]) for s in out["tables"]["strikes"]] == stored
    assert json_checks(out) == crawl_checks(data, url)
    assert ("strikes.total", 22, 22, "ok") in json_checks(out)


def test_parse_a_url_fetches_it_once_with_the_crawls_user_agent(crawled):
    data, server, _ = crawled
    url = query(data, "SELECT url FROM documents WHERE url LIKE '%/1806670/%'")[0][0]
    replica = server.url(fetched(data, url))
    seen = len(server.requests)
    done = parse(replica, "--kind", "auto", "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["kind"] == "civcas_report" and out["document"] == replica
    assert json_checks(out) == crawl_checks(data, url)
    requests = server.requests[seen:]
    assert len(requests) == 1 and requests[0][0] == "GET"
    agent = load_config().crawl.user_agent
    assert requests[0][2]["User-Agent"].startswith(agent)
    missing = parse(server.url("https://www.inherentresolve.mil/no-such-page/"), "--kind", "auto")
    assert missing.returncode == 2 and "could not fetch" in missing.stderr


def test_parse_mistakes_exit_2_with_one_sentence(tmp_path):
    text = tmp_path / "report.txt"
    text.write_text("In the month of October, CJTF-OIR received 5 new reports.\n", encoding="utf-8")
    for args, words in (
        ([str(tmp_path / "nothing.pdf"), "--kind", "auto"], "no such file"),
        ([str(text), "--kind", "memo"], "unknown kind 'memo'"),
        ([str(text), "--kind", "auto", "--published", "20 Nov 2017"], "is not a date"),
    ):
        done = parse(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr


def test_parse_a_text_file_whose_parser_reads_nothing_exits_1(tmp_path):
    text = tmp_path / "release.txt"
    text.write_text("Coalition officials met local leaders to discuss reconstruction.\n", encoding="utf-8")
    done = parse(str(text), "--kind", "strike_release")
    assert done.returncode == 1 and "no rows" in done.stdout
    news = parse(str(text), "--kind", "auto", "--format", "json")
    assert news.returncode == 0 and json.loads(news.stdout)["kind"] == "news_release"


# Opening lines of real published documents (shared corpus), one per kind.
REAL_OPENINGS = {
    # https://www.newstalkflorida.com/news/more-airstrikes-conducted-against-isis-units/
    "strike_release": ("More Airstrikes Conducted Against ISIS Units",
                       "TAMPA, Fla. — U.S. and partner nation military forces continued to attack ISIS "
                       "terrorists in Syria Sunday and today using bomber and fighter aircraft to conduct "
                       "eight airstrikes."),
    # https://airwars.org/civilian-casualties/ci768-june-17-2017
    "incident": (None, "Geolocation\nAirwars assessment\nIn an incident not previously tracked by Airwars, "
                       "on September 29th 2017 the Coalition said it had concluded an assessment."),
    # https://www.inherentresolve.mil/Media-Library/News-Releases/Article/1971680/...
    "civcas_report": ("Combined Joint Task Force - Operation Inherent Resolve Monthly Civilian Casualty Report",
                      "In the month of August, CJTF-OIR carried over 97 open reports from previous months "
                      "and received two new reports."),
    # http://artafm.com/news/13654
    "news_article": (None, "سقوط 14 مدنياً بقصف للتحالف على ريف دير الزور الشرقي"),
}


def test_auto_kind_reads_the_content():
    # `--kind auto` is the crawl's classifier (crawler/reading/kinds.py) with no source's hint
    from crawler.reading.parse_one import Document, kind_of

    def auto(title, text, url="/tmp/document.txt"):
        return kind_of(Document(url, "text/plain", text.encode(), text, title, None, None))

    for kind, (title, text) in REAL_OPENINGS.items():
        assert auto(title, text) == kind, kind
    assert auto("Newsroom", "The Defence Secretary met his Iraqi counterpart in London today.") == "news_release"


def test_datasette_describes_parse_checks_and_offers_the_mismatches(crawled):
    from crawler.research.metadata import build_metadata

    data, _, _ = crawled
    metadata = build_metadata(data / "civcas.db", data / "warcs")["databases"]["civcas"]
    table = metadata["tables"]["parse_checks"]
    assert "What every parsed version was checked against" in table["description_html"]
    for column in ("check", "printed", "found", "status"):  # the notes a click away
        assert f"<dt><code>{column}</code></dt>" in table["description_html"]
    assert table["facets"] == ["status", "check"]
    rows = query(data, metadata["queries"]["parse_mismatches"]["sql"])
    assert len(rows) == query(data, "SELECT COUNT(*) FROM parse_checks c JOIN documents d ON d.id = c.document_id "
                                    "AND d.current_version_id = c.version_id WHERE c.status != 'ok'")[0][0] > 0


def test_a_check_that_breaks_costs_its_rows_not_the_pages_tables(tmp_path, monkeypatch, caplog):
    from crawler.reading import checks
    from support.civcas_reports import store_replica

    def broken(report, text):
        raise ValueError("odd input")

    store = Store.open(tmp_path)
    try:
        monkeypatch.setattr(checks, "civcas_report", broken)
        assert store_replica(store, "R2016-10") > 1  # the report and its allegations, all written
        assert store.count("civcas_reports") == 1 and store.count("parse_checks") == 0
        assert "the parse checks failed" in caplog.text
        monkeypatch.undo()
        store_replica(store, "R2016-10", revised=True)
        assert store.count("parse_checks") > 0
    finally:
        store.close()


def test_parse_reads_a_uk_mod_repost_with_the_uk_mod_parser(tmp_path):
    # https://ukdefencejournal.org.uk/reapers-and-typhoons-hit-islamic-state/ (opening)
    text = tmp_path / "repost.txt"
    text.write_text("A Reaper unmanned aircraft conducted two attacks on terrorists north-east of Abu Kamal, "
                    "whilst Typhoon jets struck a further three Islamic State buildings.\n", encoding="utf-8")
    done = parse(str(text), "--kind", "auto", "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["kind"] == "strike_release"
    assert [s["location"] for s in out["tables"]["strikes"]] == ["Abu Kamal"]
    assert out["tables"]["strike_releases"][0]["publisher"] == "UK MoD"


def test_the_real_corpus_report_runs(tmp_path):
    import os
    from pathlib import Path

    script = Path(__file__).parent / "corpus" / "checks_real.py"
    env = {**os.environ, "CIVCAS_SHARED_CORPUS": str(tmp_path)}  # the project's own corpus only
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    header, _, *rows = done.stdout.splitlines()
    assert header.split()[:3] == ["format", "documents", "auto"]
    documents = {row.split()[0]: int(row.split()[1]) for row in rows}
    assert documents["civcas"] > 10 and documents["strikes"] > 10


def test_parse_takes_config_before_or_after_the_command(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawl]\nuser_agent = 3\n", encoding="utf-8")
    for args in (["--config", str(bad), "parse", "http://127.0.0.1:9/x", "--kind", "auto"],
                 ["parse", "http://127.0.0.1:9/x", "--kind", "auto", "--config", str(bad)]):
        done = civcas(*args, timeout=60)
        assert done.returncode == 2 and "user_agent" in done.stderr, args
