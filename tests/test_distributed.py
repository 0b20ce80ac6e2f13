"""A distributed crawl: a real redis-server, the replica world, a coordinator and two
worker subprocesses, compared with a single-process crawl of the same replica."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from distributed_support import RedisServer, civcas_popen, free_port, wait_all
from test_crawl import civcas, query

from archive.reader import iter_records
from crawler.replicas import world
from crawler.replicas.server import ReplicaServer

# Sources whose spiders share state between pages (feeds and an API naming documents),
# a browser-rendered one, and a site with robots rules and revisits.
SOURCES = ["cjtf-civcas", "snhr", "news", "reliefweb", "eldorar", "cjtf-strikes"]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("distributed")
    data, single = root / "data", root / "single"
    with RedisServer(root / "redis") as redis, ReplicaServer(round=1) as replicas:
        workers = [
            # --wait: the coordinator below may take a minute to start on a loaded
            # machine; a worker that gave up before would leave it waiting for workers.
            civcas_popen("worker", "--redis", redis.url, "--data-dir", str(data), "--wait", "200",
                         log=root / f"worker{i}.out")
            for i in (1, 2)
        ]
        # Both workers waiting before the job exists, so that neither has drained the
        # queue alone before the other one starts (on a loaded machine one start can
        # take seconds).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(
                "waiting for a coordinator" in (root / f"worker{i}.out").read_text()
                for i in (1, 2)):
            time.sleep(0.1)
        coordinator = civcas_popen(
            "crawl", *SOURCES, "--delay", "0", "--recheck", "all", "--data-dir", str(data),
            "--redis", redis.url, *replicas.mirror_args(), log=root / "coordinator.out",
        )
        codes = wait_all([coordinator, *workers], 240,
                         [root / n for n in ("coordinator.out", "worker1.out", "worker2.out")])
        alone = civcas("crawl", *SOURCES, "--delay", "0", "--recheck", "all",  # one process
                       "--data-dir", str(single), *replicas.mirror_args())
    return {
        "root": root, "data": data, "single": single, "codes": codes, "alone": alone,
        "coordinator": (root / "coordinator.out").read_text(),
        "workers": [(root / f"worker{i}.out").read_text() for i in (1, 2)],
    }


def _records(data: Path) -> dict[str, list]:
    """WARC file name -> its (type, target URI) records, leaving out the subresources a
    browser render loaded (a response joined to its page by a second
    WARC-Concurrent-To): each render of a page loads them again, they are not pages."""
    def subresource(record) -> bool:
        return sum(k.lower() == "warc-concurrent-to" for k, _ in record.headers) > 1

    return {
        path.name: [(r.record_type, r.target_uri) for _, _, r in iter_records(path)
                    if not subresource(r)]
        for path in sorted((data / "warcs").glob("*.warc.gz"))
    }


def test_coordinator_and_both_workers_finish(crawled):
    assert crawled["codes"] == [0, 0, 0], crawled["coordinator"] + "".join(crawled["workers"])
    assert sorted(w.strip().splitlines()[-1] for w in crawled["workers"]) == [
        "worker w1 done", "worker w2 done"]
    runs = query(crawled["data"], "SELECT source, status, close_reason FROM crawl_runs")
    assert sorted(s for s, _, _ in runs) == sorted(SOURCES)
    assert {(st, why) for _, st, why in runs} == {("ok", "finished")}, runs


WORKER_FILE = re.compile(r"^civcas-(.+)-(w\d+)-\d{20}-\d{5}-[0-9a-f]{6}\.warc\.gz$")
SINGLE_FILE = re.compile(r"^civcas-(.+)-\d{20}-\d{5}-[0-9a-f]{6}\.warc\.gz$")


def _fetches(records: dict[str, list], pattern) -> Counter:
    """(source, URI) -> response and revisit records; robots.txt, asked for by each
    worker before its first page of a host, is not a page."""
    return Counter(
        (pattern.match(name).group(1), uri) for name, recs in records.items()
        for rtype, uri in recs
        if rtype in ("response", "revisit") and not uri.endswith("/robots.txt")
    )


def test_every_page_fetched_exactly_once_across_both_workers(crawled):
    records = _records(crawled["data"])
    assert all(WORKER_FILE.match(name) for name in records), sorted(records)
    fetched = _fetches(records, WORKER_FILE)
    assert fetched and max(fetched.values()) == 1, [k for k, n in fetched.items() if n > 1]
    # the same pages as one process fetches
    assert fetched == _fetches(_records(crawled["single"]), SINGLE_FILE)
    # both workers did work, each into WARC files of its own
    per_worker = Counter(
        WORKER_FILE.match(name).group(2) for name, recs in records.items()
        for rtype, _ in recs if rtype in ("response", "revisit")
    )
    assert set(per_worker) == {"w1", "w2"} and min(per_worker.values()) > 0, per_worker


def test_no_worker_fetched_a_page_robots_txt_disallows(crawled):
    """Each worker starts on a queue the coordinator and the other worker filled, so many
    requests for one host wait together for its robots.txt: every one obeys it."""
    forbidden = {u for urls in world.disallowed().values() for u in urls}
    # WARC targets are the URLs really fetched: the replica's, ending in host and path
    fetched = [uri for recs in _records(crawled["data"]).values() for _, uri in recs if uri]
    assert forbidden and fetched
    found = [u for u in fetched if any(u.endswith("/" + f.split("://", 1)[1]) for f in forbidden)]
    assert found == [], found
    # robots.txt forbade them in the workers' crawl as in a single one (the store's rows)
    sql = "SELECT url FROM captures"
    assert not {u for (u,) in query(crawled["data"], sql)} & forbidden


def test_every_warc_is_valid_and_verify_is_clean(crawled):
    data = crawled["data"]
    warcs = sorted((data / "warcs").glob("*.warc.gz"))
    assert warcs
    check = subprocess.run([str(BIN / "warcio"), "check", *map(str, warcs)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    done = civcas("verify", "--data-dir", str(data))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 problems, 0 warnings" in done.stdout


def test_store_rows_match_a_single_process_crawl(crawled):
    data, single = crawled["data"], crawled["single"]
    assert crawled["alone"].returncode == 0, crawled["alone"].stderr
    sql = ("SELECT d.url, v.text FROM documents d JOIN versions v ON v.document_id = d.id"
           " WHERE d.source IN (%s) ORDER BY d.url" % ",".join("?" * len(SOURCES)))
    assert query(data, sql, SOURCES) == query(single, sql, SOURCES)
    # every version, capture and revisit points at a record in a worker's file
    rows = query(data, "SELECT warc_file, record_type, revisit_of FROM captures")
    names = {p.name for p in (data / "warcs").glob("*.warc.gz")}
    assert {f for f, _, _ in rows} <= names
    assert all(f.split("-")[-4] in ("w1", "w2") for f, _, _ in rows)
    assert all(r is not None for _, t, r in rows if t == "revisit")
    # counters come from the writes: responses = captured responses and revisits
    for run_id, responses in query(data, "SELECT id, responses FROM crawl_runs"):
        captured = query(data, "SELECT COUNT(*) FROM captures WHERE run_id = ? AND"
                               " record_type IN ('response', 'revisit')", [run_id])[0][0]
        assert responses == captured


def test_unreachable_redis_is_one_sentence_and_exit_2(tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"
    for args in (["crawl", "snhr", "--redis", url], ["worker", "--redis", url]):
        done = civcas(*args, "--data-dir", str(tmp_path))
        assert done.returncode == 2, done.stderr
        assert f"Error: cannot reach Redis at {url}" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_worker_without_a_job_gives_up_when_told(tmp_path):
    with RedisServer(tmp_path / "redis") as redis:
        started = time.monotonic()
        done = civcas("worker", "--redis", redis.url, "--wait", "1", "--data-dir", str(tmp_path))
    assert done.returncode == 2
    assert "no distributed crawl started on this Redis within 1 s" in done.stderr
    assert time.monotonic() - started < 30


def test_a_killed_workers_requests_are_fetched_by_the_other(crawled, tmp_path):
    """SIGKILL one worker mid-crawl: what it wrote stays valid, the requests it held go
    back to the queue after its heartbeat lapses, and the other worker finishes the job."""
    data = tmp_path / "data"
    with RedisServer(tmp_path / "redis") as redis, ReplicaServer(round=1) as replicas:
        coordinator = civcas_popen(
            "crawl", "cjtf-strikes", "--delay", "0.2", "--recheck", "all", "--data-dir",
            str(data), "--redis", redis.url, *replicas.mirror_args(), log=tmp_path / "c.out")
        workers = [civcas_popen("worker", "--redis", redis.url, "--data-dir", str(data),
                                "--wait", "60", log=tmp_path / f"w{i}.out") for i in (1, 2)]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(
                {p.name.split("-")[-4] for p in (data / "warcs").glob("*.warc.gz")}) < 2:
            time.sleep(0.1)  # until both workers have archived something
        time.sleep(1)
        workers[1].kill()
        codes = [coordinator.wait(timeout=120), workers[0].wait(timeout=60)]
    log = "".join(p.read_text() for p in (data / "logs").glob("crawl-*-coordinator.log"))
    assert codes == [0, 0], (tmp_path / "c.out").read_text()
    assert "stopped answering" in log and "were put back in the queue" in log
    done = civcas("verify", "--data-dir", str(data))
    assert done.returncode == 0, done.stdout + done.stderr
    # nothing lost: the documents and texts of an undisturbed crawl. (A page the killed
    # worker had fetched may be fetched again; once in about five runs that has left a
    # second version of a document: see docs/distributed.md, "Known problems".)
    sql = ("SELECT d.url, v.text FROM documents d JOIN versions v ON v.document_id = d.id"
           " WHERE d.source = 'cjtf-strikes' ORDER BY d.url")
    killed, undisturbed = query(data, sql), query(crawled["single"], sql)
    assert {u for u, _ in killed} == {u for u, _ in undisturbed}
    assert set(undisturbed) <= set(killed)
