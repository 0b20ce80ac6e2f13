"""Notifications delivered for real: to a local SMTP server, a local HTTP receiver and
through apprise, from changes the store recorded; retries while a receiver is down,
exactly one delivery when it is back, and secrets kept out of logs and the database."""

from __future__ import annotations

import itertools

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive.outbox import enqueue
from archive.store import CaptureRow, Extracted, Store
from crawler.config import ConfigError, load_config
from crawler.notify.build import build_channels
from crawler.notify.channels import RetryPolicy
from crawler.notify.delivery import deliver
from crawler.notify.messages import render
from crawler.notify.secrets import Secrets
from support.receivers import HttpReceiver, SmtpSink, ensure_contract_tables, free_port, self_signed

REPORT = ("https://www.inherentresolve.mil/Releases/News-Releases/Article/1/"
          "monthly-civilian-casualty-report/")
POST = "https://www.syriahr.com/en/27196/"
OLD_REPORT = """CJTF-OIR Monthly Civilian Casualty Report
Of the 4 reports assessed this month:
1. October 6, 2016, near Al Shaddadi, Syria, via social media report. Assessed non-credible.
2. October 12, 2016, near Mosul, Iraq. Assessed credible; 2 civilians killed.
"""
NEW_REPORT = OLD_REPORT.replace(
    "Assessed non-credible.", "Assessed credible; 3 civilians were unintentionally killed."
)


_CAPTURES = itertools.count(1)


def _capture(store: Store, run: int, url: str) -> int:
    # Each made-up capture holds other bytes (its own payload digest), as a fetch of an
    # edited page does: the same digest would mean the same bytes read another way.
    return store.add_capture(CaptureRow(
        run_id=run, url=url, fetched_url=url, method="GET", status=200,
        content_type="text/html", fetched_at="2026-03-01T10:00:00Z",
        warc_file="civcas-20260301.warc.gz", warc_offset=4096, warc_length=900,
        warc_record_id="<urn:uuid:1>", payload_digest=f"sha256:{next(_CAPTURES):064x}",
    ))


def record_changes(data_dir: Path, channels: tuple[str, ...]) -> None:
    """Through the store's own API: a report edited in place and a post removed."""
    store = Store.open(data_dir, channels)
    run = store.start_run("cjtf-civcas")
    title = "Combined Joint Task Force Monthly Civilian Casualty Report"
    store.record_page(source="cjtf-civcas", kind="civcas_report", url=REPORT,
                      capture_id=_capture(store, run, REPORT), page=Extracted(OLD_REPORT, title))
    store.record_page(source="sohr-en", kind="monitor_post", url=POST,
                      capture_id=_capture(store, run, POST),
                      page=Extracted("Coalition warplanes struck Hajin.", "Hajin strike"))
    store.record_page(source="cjtf-civcas", kind="civcas_report", url=REPORT,
                      capture_id=_capture(store, run, REPORT), page=Extracted(NEW_REPORT, title))
    store.record_gone(POST)
    store.close()


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "watchers.toml"
    path.write_text(text)
    return path


def civcas_notify(data_dir: Path, config: Path, env_extra: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "notify", "--data-dir", str(data_dir),
         "--config", str(config)],
        capture_output=True, text=True, timeout=120, env={**os.environ, **(env_extra or {})},
    )


def notifications(data_dir: Path) -> list[dict]:
    with sqlite3.connect(data_dir / "civcas.db") as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM notifications ORDER BY id")]


def channels_of(config: Path, secrets: Secrets | None = None):
    return build_channels(load_config(config), secrets or Secrets())


def parse(ts: str) -> datetime:
    return datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


# -- delivery ---------------------------------------------------------------------------


def test_email_and_webhook_receive_each_change_once(tmp_path):
    data = tmp_path / "data"
    record_changes(data, ("desk", "hook"))
    with SmtpSink() as smtp, HttpReceiver() as http:
        config = write_config(tmp_path, f"""
[watchers.desk]
type = "email"
host = "127.0.0.1"
port = {smtp.port}
from = "civcas@example.org"
to = ["desk@example.org", "editor@example.org"]

[watchers.hook]
type = "webhook"
url = "{http.url}/civcas"
""")
        first = civcas_notify(data, config)
        assert first.returncode == 0, first.stderr
        assert "4 sent, 0 to retry, 0 given up, 0 waiting" in first.stdout

        # email: one per change, in the order the changes happened
        assert [m["Subject"] for m in smtp.messages] == [
            "[civcas] Edited on cjtf-civcas: Combined Joint Task Force Monthly Civilian"
            " Casualty Report",
            "[civcas] Removed on sohr-en: Hajin strike",
        ]
        edited = smtp.messages[0]
        assert edited["To"] == "desk@example.org, editor@example.org"
        body = edited.get_content().replace("\r\n", "\n")
        assert f"URL: {REPORT}" in body
        # the store's diff, wrapped at 100 columns
        assert "-1. October 6, 2016, near Al Shaddadi, Syria, via social media report." \
               " Assessed non-credible.\n" in body
        assert "+1. October 6, 2016, near Al Shaddadi, Syria, via social media report." \
               " Assessed credible; 3 civilians\n+were unintentionally killed.\n" in body
        assert "Archived capture: warcs/civcas-20260301.warc.gz at offset 4096" in body
        assert f"URL: {POST}" in smtp.messages[1].get_content()

        # webhook: JSON with a stable id, also sent as the Idempotency-Key header
        assert [p["json"]["change"]["change"] for p in http.posts] == ["edited", "removed"]
        post = http.posts[0]
        assert post["path"] == "/civcas"
        assert post["headers"]["Idempotency-Key"] == post["json"]["id"]
        assert post["json"]["change_kind"] == "document_change"
        assert post["json"]["url"] == REPORT
        assert "+1. October 6, 2016" in post["json"]["change"]["diff_excerpt"]
        assert len({p["json"]["id"] for p in http.posts}) == 2

        rows = notifications(data)
        assert [(r["channel"], r["status"], r["attempts"]) for r in rows] == [
            ("desk", "sent", 1), ("hook", "sent", 1), ("desk", "sent", 1), ("hook", "sent", 1)]
        assert all(r["sent_at"] for r in rows)

        # a second run sends nothing again
        second = civcas_notify(data, config)
        assert second.returncode == 0
        assert "0 sent" in second.stdout
        assert len(smtp.messages) == 2 and len(http.posts) == 2


@pytest.mark.battery
def test_receiver_down_stays_pending_then_delivered_exactly_once(tmp_path):
    data = tmp_path / "data"
    record_changes(data, ("hook",))
    port = free_port()  # nothing listens there yet
    config = write_config(
        tmp_path, f'[watchers.hook]\ntype = "webhook"\nurl = "http://127.0.0.1:{port}/in"\n')

    down = civcas_notify(data, config)
    assert down.returncode == 0, down.stderr  # a channel down is not an error: retried later
    assert "0 sent, 1 to retry, 0 given up, 1 waiting" in down.stdout
    assert "ConnectionRefusedError" in down.stdout
    first, second = notifications(data)
    assert (first["status"], first["attempts"]) == ("pending", 1)
    assert "ConnectionRefusedError" in first["last_error"]
    wait = parse(first["next_attempt_at"]) - datetime.now(UTC)
    assert timedelta(seconds=50) < wait <= timedelta(seconds=60)  # the first back-off step
    assert (second["status"], second["attempts"]) == ("pending", 0)  # waits behind the first

    with HttpReceiver(port=port, status=503) as http:
        # up but failing: the back-off doubles
        later = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=61)
        summary = deliver(sqlite_db(data), channels_of(config), now=later)
        assert (summary.sent, summary.retrying) == (0, 1)
        first = notifications(data)[0]
        assert first["attempts"] == 2
        assert first["last_error"] == f"webhook http://127.0.0.1:{port}: HTTP 503 Service Unavailable"
        assert parse(first["next_attempt_at"]) - later == timedelta(seconds=120)

        # before the retry time nothing is tried
        summary = deliver(sqlite_db(data), channels_of(config), now=later + timedelta(seconds=60))
        assert (summary.sent, summary.waiting) == (0, 2)
        assert len(http.posts) == 1

        http.status = 200
        summary = deliver(sqlite_db(data), channels_of(config), now=later + timedelta(seconds=121))
        assert summary.sent == 2
    assert [p["json"]["change"]["change"] for p in http.posts[1:]] == ["edited", "removed"]
    rows = notifications(data)
    assert [(r["status"], r["attempts"]) for r in rows] == [("sent", 3), ("sent", 1)]
    assert rows[0]["last_error"].endswith("HTTP 503 Service Unavailable")  # kept as history

    with HttpReceiver(port=port) as again:
        assert "0 sent" in civcas_notify(data, config).stdout
    assert again.posts == []


def sqlite_db(data_dir: Path):
    import sqlite_utils

    return sqlite_utils.Database(data_dir / "civcas.db")


def test_gives_up_after_max_attempts(tmp_path):
    data = tmp_path / "data"
    record_changes(data, ("hook",))
    config = write_config(tmp_path, f"""
[watchers.hook]
type = "webhook"
url = "http://127.0.0.1:{free_port()}/in"
max_attempts = 2
retry_seconds = 0
""")
    assert civcas_notify(data, config).returncode == 0
    gave_up = civcas_notify(data, config)
    assert gave_up.returncode == 1
    assert "1 given up" in gave_up.stdout
    first, second = notifications(data)
    assert (first["status"], first["attempts"]) == ("failed", 2)
    assert "ConnectionRefusedError" in first["last_error"]
    assert (second["status"], second["attempts"]) == ("pending", 0)  # next in line


@pytest.mark.battery
def test_crash_between_send_and_mark_resends_with_the_same_id(tmp_path):
    """The receiver got it but civcas died before marking it: at-least-once, and the
    repeat carries the same id so the receiver can drop it."""
    data = tmp_path / "data"
    record_changes(data, ("hook",))
    receiver = HttpReceiver()
    config = write_config(tmp_path, f'[watchers.hook]\ntype = "webhook"\nurl = "{receiver.url}/in"\n')
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "notify", "--data-dir", str(data), "--config", str(config)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    killed = []

    def kill_sender():
        if not killed:
            os.kill(proc.pid, signal.SIGKILL)
            killed.append(True)

    receiver.on_post = kill_sender
    with receiver:
        proc.wait(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        assert [r["status"] for r in notifications(data)] == ["pending", "pending"]
        receiver.on_post = None
        resumed = civcas_notify(data, config)
        assert resumed.returncode == 0, resumed.stderr
    ids = [p["json"]["id"] for p in receiver.posts]
    assert len(ids) == 3 and ids[0] == ids[1] != ids[2]
    assert [r["status"] for r in notifications(data)] == ["sent", "sent"]


def test_apprise_url_reaches_a_local_receiver(tmp_path):
    data = tmp_path / "data"
    record_changes(data, ("chat",))
    with HttpReceiver() as http:
        url = f"json://127.0.0.1:{http.port}/apprise"
        config = write_config(tmp_path, f'[watchers.chat]\ntype = "apprise"\nurl = "{url}"\n')
        result = civcas_notify(data, config)
        assert result.returncode == 0, result.stderr
    assert [p["path"] for p in http.posts] == ["/apprise", "/apprise"]
    first = http.posts[0]["json"]
    assert first["title"].startswith("[civcas] Edited on cjtf-civcas")
    assert f"URL: {REPORT}" in first["message"]
    assert [r["status"] for r in notifications(data)] == ["sent", "sent"]


def test_apprise_mailto_reaches_the_smtp_sink(tmp_path):
    data = tmp_path / "data"
    record_changes(data, ("mail",))
    with SmtpSink() as smtp:
        url = (f"mailto://127.0.0.1:{smtp.port}?mode=insecure&from=civcas@example.org"
               "&to=desk@example.org")
        summary = deliver(sqlite_db(data), channels_of(write_config(
            tmp_path, f'[watchers.mail]\ntype = "apprise"\nurl = "{url}"\n')))
    assert summary.sent == 2
    assert smtp.messages[1]["Subject"] == "[civcas] Removed on sohr-en: Hajin strike"
    assert POST in smtp.messages[1].get_body(("plain",)).get_content()


def test_atom_watchers_get_a_feed_file_in_the_data_folder(tmp_path):
    import xml.etree.ElementTree as ET

    data = tmp_path / "data"
    record_changes(data, ("feed", "hook"))
    with HttpReceiver() as http:
        config = write_config(tmp_path, f"""
[watchers.feed]
type = "atom"
path = "feeds/changes.xml"

[watchers.hook]
type = "webhook"
url = "{http.url}"
""")
        result = civcas_notify(data, config)
        again = civcas_notify(data, config)
    assert result.returncode == 0 and again.returncode == 0, result.stderr + again.stderr
    assert len(http.posts) == 2
    feed = [r["status"] for r in notifications(data) if r["channel"] == "feed"]
    assert feed == ["sent", "sent"]
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(data / "feeds" / "changes.xml").getroot()
    entries = root.findall("a:entry", ns)
    titles = [e.findtext("a:title", namespaces=ns) for e in entries]
    # newest first: the removal, then the edit; the second run added nothing
    assert titles == [p["json"]["subject"] for p in reversed(http.posts)]
    assert len({e.findtext("a:id", namespaces=ns) for e in entries}) == 2
    assert any(POST in (e.findtext("a:content", namespaces=ns) or "") for e in entries)


@pytest.mark.battery
def test_an_atom_path_outside_the_data_folder_is_refused(tmp_path):
    data = tmp_path / "data"
    record_changes(data, ("feed",))
    config = write_config(tmp_path, '[watchers.feed]\ntype = "atom"\npath = "../escape.xml"\n')
    result = civcas_notify(data, config)
    assert result.returncode == 2 and "inside the data folder" in result.stderr
    assert not (tmp_path / "escape.xml").exists()


# -- secrets ----------------------------------------------------------------------------

SECRET = "s3cret-Pa55word-8d1f"
TOKEN = "tok-93c1e0aa7f"


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


@pytest.mark.battery
def test_credentials_from_env_and_owner_only_file_never_logged_or_stored(tmp_path):
    data = tmp_path / "data"
    record_changes(data, ("desk", "wrong", "hook"))
    cert, key = self_signed(tmp_path)
    password_file = tmp_path / "smtp-password"
    password_file.write_text(SECRET + "\n")
    password_file.chmod(0o600)
    with SmtpSink(tls=(cert, key), logins={"watcher": SECRET}) as smtp, HttpReceiver() as http:
        config = write_config(tmp_path, f"""
[watchers.desk]
type = "email"
host = "127.0.0.1"
port = {smtp.port}
starttls = true
ca_file = "{cert}"
username = "watcher"
password_file = "{password_file}"
from = "civcas@example.org"
to = "desk@example.org"

[watchers.wrong]
type = "email"
host = "127.0.0.1"
port = {smtp.port}
starttls = true
ca_file = "{cert}"
username = "watcher"
password_env = "CIVCAS_TEST_WRONG_PASSWORD"
from = "civcas@example.org"
to = "desk@example.org"

[watchers.hook]
type = "webhook"
url = "{http.url}"
token_env = "CIVCAS_TEST_TOKEN"
""")
        result = civcas_notify(data, config, {"CIVCAS_TEST_TOKEN": TOKEN,
                                              "CIVCAS_TEST_WRONG_PASSWORD": SECRET + "-old"})
    assert result.returncode == 0, result.stderr
    assert smtp.logins_seen == ["watcher", "watcher"]  # STARTTLS then login, per message
    assert len(smtp.messages) == 2
    assert {p["headers"]["Authorization"] for p in http.posts} == {f"Bearer {TOKEN}"}
    wrong = [r for r in notifications(data) if r["channel"] == "wrong"]
    assert wrong[0]["attempts"] == 1 and "535" in wrong[0]["last_error"]

    (log,) = (data / "logs").glob("notify-*.log")
    log_text = log.read_text()
    assert "sent to desk" in log_text and "notification 2" in log_text  # the log is real
    for secret in (SECRET, TOKEN):
        assert secret not in result.stdout + result.stderr
        assert secret.encode() not in _all_bytes(data)  # db, WAL, logs


@pytest.mark.parametrize("mode", [0o640, 0o604])
@pytest.mark.battery
def test_secret_file_readable_by_others_is_refused(tmp_path, mode):
    data = tmp_path / "data"
    record_changes(data, ("desk",))
    password_file = tmp_path / "pw"
    password_file.write_text(SECRET)
    password_file.chmod(mode)
    config = write_config(tmp_path, f"""
[watchers.desk]
type = "email"
host = "127.0.0.1"
starttls = true
username = "watcher"
password_file = "{password_file}"
from = "civcas@example.org"
to = "desk@example.org"
""")
    result = civcas_notify(data, config)
    assert result.returncode == 2
    assert "readable by others" in result.stderr and f"chmod 600 {password_file}" in result.stderr
    assert [(r["status"], r["attempts"]) for r in notifications(data)] == [("pending", 0)] * 2


@pytest.mark.parametrize(
    "table, phrase",
    [
        ('type = "email"\nhost = "h"\nfrom = "a@b"\nto = "c@d"\nusername = "u"\npassword = "x"\n',
         "do not write password in the config"),
        ('type = "email"\nhost = "h"\nfrom = "a@b"\nto = "c@d"\nusername = "u"\n'
         'password_env = "CIVCAS_TEST_UNSET_VARIABLE"\nstarttls = true\n',
         "environment variable CIVCAS_TEST_UNSET_VARIABLE (password_env) is not set"),
        ('type = "email"\nhost = "h"\nfrom = "a@b"\nto = "c@d"\nusername = "u"\n'
         'password_env = "HOME"\n', "refusing to send a password unencrypted"),
        ('type = "email"\nfrom = "a@b"\nto = "c@d"\n', "host is required"),
        ('type = "email"\nhost = "h"\nfrom = "a@b"\nto = "nobody"\n', "to must be an address"),
        ('type = "webhook"\nurl = "ftp://x/y"\n', "url must start with http or https"),
        ('type = "webhook"\nurl = "https://user:pw@x/y"\n', "url holds a password"),
        ('type = "webhook"\nurl = "https://x/y"\ntoken = "abc"\n', "do not write token"),
        ('type = "webhook"\nurl = "https://x/y"\nretries = 3\n', "unknown setting retries"),
        ('type = "apprise"\nurl = "nosuchservice://x"\n', "apprise does not understand the url"),
        ('type = "webhook"\nurl = "https://x/y"\nmax_attempts = 0\n', "max_attempts must be"),
    ],
)
def test_bad_watcher_settings_are_one_clear_error(tmp_path, table, phrase):
    config = write_config(tmp_path, "[watchers.w]\n" + table)
    with pytest.raises(ConfigError, match=phrase.replace("(", r"\(").replace(")", r"\)")):
        channels_of(config)


def test_backoff_doubles_up_to_the_ceiling():
    policy = RetryPolicy(max_attempts=10, first=60, longest=600)
    assert [policy.delay(n) for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


# -- what the messages say ----------------------------------------------------------------


def test_assessment_change_message(tmp_path):
    data = tmp_path / "data"
    store = Store.open(data, ("hook",))
    db = store.db
    ensure_contract_tables(db)
    run = store.start_run("cjtf-civcas")
    jan = "https://www.inherentresolve.mil/Releases/Article/1/report-january-2017/"
    apr = "https://www.inherentresolve.mil/Releases/Article/2/report-april-2018/"
    reports = {}
    for url, month, text in ((jan, "2017-01", OLD_REPORT), (apr, "2018-04", NEW_REPORT)):
        recorded = store.record_page(source="cjtf-civcas", kind="civcas_report", url=url,
                                     capture_id=_capture(store, run, url), page=Extracted(text))
        with db.conn:
            reports[month] = db["civcas_reports"].insert({
                "document_id": recorded.document_id, "version_id": recorded.version_id,
                "published": f"{month}-20", "month_covered": month,
                "cumulative_civilian_deaths": 1000 if month == "2017-01" else 1114,
            }).last_pk
    key = "2016-10-06|al shaddadi|syria"
    with db.conn:
        for month, assessment, killed in (("2017-01", "non_credible", None), ("2018-04", "credible", 3)):
            db["allegations"].insert({
                "report_id": reports[month], "item": 1, "allegation_date": "2016-10-06",
                "location": "near Al Shaddadi", "place": "Al Shaddadi", "country": "Syria",
                "assessment": assessment, "civilians_killed": killed, "allegation_key": key,
            })
        changes = [
            (key, "assessment", "non_credible", "credible"),
            (key, "civilians_killed", None, "3"),
            (None, "cumulative_civilian_deaths", "1000", "1114"),
        ]
        for allegation_key, field, old, new in changes:
            change_id = db["assessment_changes"].insert({
                "allegation_key": allegation_key, "from_report_id": reports["2017-01"],
                "to_report_id": reports["2018-04"], "field": field, "old_value": old,
                "new_value": new, "detected_at": "2026-03-01T10:00:00Z",
            }).last_pk
            enqueue(db, "assessment_change", change_id, store.channels)
    with HttpReceiver() as http:
        config = write_config(tmp_path, f'[watchers.hook]\ntype = "webhook"\nurl = "{http.url}"\n')
        assert deliver(db, channels_of(config)).sent == 3
    # the three changes the April 2018 report shows: one message, each change a line
    (post,) = [p["json"] for p in http.posts]
    lines = post["text"].splitlines()
    assert lines[0] == "Report of Apr 2018: 3 changes against the earlier reports."
    assert f"Report: {apr}" in lines
    assert [li for li in lines if li.startswith("- ")] == [
        "- Allegation of 6 Oct 2016 near Al Shaddadi, Syria: assessment non-credible"
        " (report of Jan 2017) -> credible (report of Apr 2018)",
        "- Allegation of 6 Oct 2016 near Al Shaddadi, Syria: civilians killed not stated"
        " (report of Jan 2017) -> 3 (report of Apr 2018)",
        "- Report of Apr 2018: cumulative civilian deaths 1000 (report of Jan 2017)"
        " -> 1114 (report of Apr 2018)",
    ]
    assert post["subject"] == "[civcas] Report of Apr 2018: 3 assessment changes"
    first = post["change"]["assessment_changes"][0]
    assert first["to_report_url"] == apr and first["from_report_url"] == jan
    assert first["new_value"] == "credible"
    assert post["url"] == apr
    # and one alone reads as before
    with db.conn:
        only = db["assessment_changes"].insert({
            "allegation_key": key, "from_report_id": reports["2017-01"],
            "to_report_id": reports["2018-04"], "field": "civilians_injured", "old_value": None,
            "new_value": "1", "detected_at": "2026-03-02T10:00:00Z"}).last_pk
        enqueue(db, "assessment_change", only, store.channels)
    message = render(db, "assessment_change", only)
    assert message.subject == ("[civcas] Allegation of 6 Oct 2016 near Al Shaddadi, Syria:"
                               " civilians injured changed (report of Jan 2017 -> report of Apr 2018)")
    assert f"Earlier report: {jan}" in message.text and f"Later report: {apr}" in message.text
    store.close()


def test_source_health_message_by_email(tmp_path):
    data = tmp_path / "data"
    store = Store.open(data, ("desk",))
    run = store.start_run("snhr")
    store.finish_run(run, "failed")
    with store.db.conn:
        health = store.db["source_health"].insert({
            "source": "snhr", "at": "2026-03-01T10:00:00Z", "state": "broken",
            "reason": "3 failed runs in a row", "run_id": run,
        }).last_pk
        enqueue(store.db, "source_health", health, store.channels)
    with SmtpSink() as smtp:
        config = write_config(tmp_path, f"""
[watchers.desk]
type = "email"
host = "127.0.0.1"
port = {smtp.port}
from = "civcas@example.org"
to = "desk@example.org"
""")
        assert deliver(store.db, channels_of(config)).sent == 1
    store.close()
    (mail,) = smtp.messages
    assert mail["Subject"] == "[civcas] Source snhr is broken"
    body = mail.get_content()
    assert "Source snhr is broken: 3 failed runs in a row" in body
    assert f"Decided by crawl run {run}" in body and "failed)" in body


def test_a_missing_change_is_given_up_not_retried(tmp_path):
    data = tmp_path / "data"
    store = Store.open(data, ("hook",))
    with store.db.conn:
        enqueue(store.db, "source_health", 999, store.channels)
    with HttpReceiver() as http:
        config = write_config(tmp_path, f'[watchers.hook]\ntype = "webhook"\nurl = "{http.url}"\n')
        summary = deliver(store.db, channels_of(config))
    store.close()
    assert (summary.sent, summary.given_up) == (0, 1)
    (row,) = notifications(data)
    assert row["status"] == "failed" and "source_health row 999 not found" in row["last_error"]
    assert http.posts == []


@pytest.mark.battery
def test_known_secrets_are_masked_in_log_records():
    import logging

    from crawler.notify.secrets import MASK, RedactingFilter

    secrets = Secrets()
    secrets.add(SECRET)
    secrets.add("abc")  # too short to mask without garbling ordinary words
    record = logging.LogRecord("apprise", logging.WARNING, __file__, 1,
                               "login to %s with %s failed", ("abc.example", SECRET), None)
    assert RedactingFilter(secrets).filter(record)
    assert record.getMessage() == f"login to abc.example with {MASK} failed"


# -- a real crawl ---------------------------------------------------------------------------


def test_replica_crawl_changes_reach_the_webhook(tmp_path):
    from crawler.replicas import world
    from support.replicas import ReplicaServer

    data = tmp_path / "data"
    with HttpReceiver() as http:
        config = write_config(tmp_path, f'[watchers.hook]\ntype = "webhook"\nurl = "{http.url}/w"\n')
        with ReplicaServer(round=1) as server:
            mirrors = server.mirror_args()
            crawl = [sys.executable, "-m", "crawler.cli", "crawl", "cjtf-civcas", "sohr-en",
                     "--delay", "0", "--recheck", "all", "--data-dir", str(data), "--config", str(config),
                     *mirrors]
            for round_ in (1, 2):
                server.set_round(round_)
                done = subprocess.run(crawl, capture_output=True, text=True, timeout=300)
                assert done.returncode == 0, done.stderr[-2000:]
        result = civcas_notify(data, config)
        assert result.returncode == 0, result.stderr
    posts = {p["json"]["change"]["change"]: p["json"] for p in http.posts
             if p["json"]["change_kind"] == "document_change"}
    assert sorted(posts) == ["edited", "removed"]
    # the reassessment the edit brought reaches the watcher in the same message
    assert "Kubaysah" in posts["edited"]["text"]
    assert any("Kubaysah" in a["summary"] for a in posts["edited"]["change"]["assessment_changes"])
    assert posts["edited"]["url"].rstrip("/") == world.ROUND_CHANGES[2]["edited"][0].rstrip("/")
    assert posts["removed"]["url"].rstrip("/") == world.ROUND_CHANGES[2]["removed"][0].rstrip("/")
    # the reassessment in round 2: the Kabaisa case leaves the non-credible list
    # (the list item keeps its printed number in the stored text)
    assert "\n+1. Oct. 9, 2015, near Kabaisa, Iraq." in posts["edited"]["change"]["diff_excerpt"]
    assert posts["edited"]["change"]["warc_file"].endswith(".warc.gz")
    assert {r["status"] for r in notifications(data)} == {"sent"}
    # round 1 was the silent baseline; round 2: the edited report with the assessment
    # changes it shows, the removed post, the new report's figures against the last one
    assert len(http.posts) == 3


def test_a_second_delivery_waits_for_the_first(tmp_path):
    from crawler.notify.delivery import delivery_lock

    data = tmp_path / "data"
    record_changes(data, ("hook",))
    with HttpReceiver() as http:
        config = write_config(tmp_path, f'[watchers.hook]\ntype = "webhook"\nurl = "{http.url}"\n')
        with delivery_lock(data):
            busy = civcas_notify(data, config)
        assert busy.returncode == 0
        assert "Another `civcas notify` is delivering" in busy.stdout
        assert http.posts == []
        assert "2 sent" in civcas_notify(data, config).stdout
