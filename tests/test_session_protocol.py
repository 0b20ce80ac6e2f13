"""The declared Session protocol (crawler/runtime/session.py) and its two classes.

Spiders, middlewares, pipelines and the run bookkeeping reach a run as `spider.session`:
a CrawlSession in one process, a WorkerSession in a distributed worker. Both must offer
every member the protocol declares, with the same call shapes, and so must their stores
and link ledgers. Checked twice: member by member here (a missing member or a changed
signature names itself), and by mypy, which also compares the types.
"""

from __future__ import annotations

import ast
import asyncio
import dataclasses
import inspect
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Protocol

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings

from archive.store import Store
from crawler.config import CrawlSettings, Source
from crawler.distributed.channel import WorkerStore
from crawler.distributed.worker import SharedLinks, WorkerSession
from crawler.items import PageItem
from crawler.runtime.session import (
    CrawlSession, LinkLedger, LocalLinks, Session, SessionStore,
)
from spiders.site import SiteSpider

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [
    (Session, CrawlSession), (Session, WorkerSession),
    (SessionStore, Store), (SessionStore, WorkerStore),
    (LinkLedger, LocalLinks), (LinkLedger, SharedLinks),
]


def protocol_members(protocol: type) -> dict[str, object]:
    """Name -> the protocol's declaration (a function, a property or an annotation)."""
    members = {name: value for name, value in vars(protocol).items()
               if not name.startswith("_") and (callable(value) or isinstance(value, property))}
    for name in vars(protocol).get("__annotations__", {}):
        members.setdefault(name, "attribute")
    return members


def missing_or_different(protocol: type, cls: type) -> list[str]:
    """What `cls` lacks of `protocol`, or offers with another call shape: one line each."""
    # Declared instance attributes: dataclass fields and class-level annotations.
    fields = {name for klass in cls.__mro__ for name in vars(klass).get("__annotations__", {})}
    problems = []
    for name, declared in protocol_members(protocol).items():
        if isinstance(declared, property) or declared == "attribute":
            if name not in fields and not hasattr(cls, name):
                problems.append(f"{cls.__name__}.{name}: missing")
            continue
        found = getattr(cls, name, None)
        if not callable(found):
            problems.append(f"{cls.__name__}.{name}(): missing")
            continue
        problems += _call_shape(cls.__name__, name, inspect.signature(declared),
                                inspect.signature(found))
    return problems


def _call_shape(owner: str, name: str, declared: inspect.Signature,
                found: inspect.Signature) -> list[str]:
    """A call the protocol allows must be a call the method takes: the same parameters
    in the same order and kinds, a default wherever the protocol has one; any further
    parameter of the method must have a default."""
    wanted = list(declared.parameters.values())
    got = list(found.parameters.values())
    problems = []
    for i, param in enumerate(wanted):
        other = got[i] if i < len(got) else None
        if other is None or (other.name, other.kind) != (param.name, param.kind):
            problems.append(f"{owner}.{name}: parameter {i} is {other}, the protocol's is {param}")
        elif param.default is not param.empty and other.default is other.empty:
            problems.append(f"{owner}.{name}: {param.name} has no default")
    for extra in got[len(wanted):]:
        if extra.default is extra.empty and extra.kind not in (extra.VAR_POSITIONAL,
                                                                extra.VAR_KEYWORD):
            problems.append(f"{owner}.{name}: a further parameter {extra} has no default")
    return problems


def test_both_sessions_their_stores_and_ledgers_offer_every_member():
    problems = [line for protocol, cls in PAIRS for line in missing_or_different(protocol, cls)]
    assert problems == []


def test_the_member_check_sees_a_missing_member_and_a_changed_call():
    class Partial(Protocol):
        run_id: int

        def finish(self, status: str, requests: int, reason: str | None = None) -> None: ...

        def recheck_urls(self, cadence) -> list[str]: ...

    @dataclasses.dataclass
    class Lacking:
        status: str

        def finish(self, status: str, requests: int, reason: str | None) -> None: ...

    assert sorted(missing_or_different(Partial, Lacking)) == [
        "Lacking.finish: reason has no default",
        "Lacking.recheck_urls(): missing",
        "Lacking.run_id: missing",
    ]
    # The member list comes from the declarations, not from a list kept here.
    assert set(protocol_members(Session)) >= {
        "source", "store", "warcs", "run_id", "data_dir", "counters", "status", "links",
        "starts_crawl", "recheck_urls", "finish"}


MYPY_GOOD = """
from archive.store import Store
from crawler.distributed.channel import WorkerStore
from crawler.distributed.worker import SharedLinks, WorkerSession
from crawler.runtime.session import (
    CrawlSession, LinkLedger, LocalLinks, Session, SessionStore,
)

def crawl(s: CrawlSession) -> Session:
    return s

def worker(s: WorkerSession) -> Session:
    return s

def store(s: Store) -> SessionStore:
    return s

def worker_store(s: WorkerStore) -> SessionStore:
    return s

def local_links(s: LocalLinks) -> LinkLedger:
    return s

def shared_links(s: SharedLinks) -> LinkLedger:
    return s
"""

# A session without `finish`, and one whose `links` is not a ledger: mypy must refuse both
# (so a pass above is not mypy failing to look).
MYPY_BAD = """
import dataclasses
from crawler.distributed.worker import WorkerSession
from crawler.runtime.session import Session

@dataclasses.dataclass
class NoFinish(WorkerSession):
    finish: None = None  # type: ignore[assignment]

@dataclasses.dataclass
class NotALedger(WorkerSession):
    links: int = 0  # type: ignore[assignment]

def no_finish(s: NoFinish) -> Session:
    return s

def not_a_ledger(s: NotALedger) -> Session:
    return s
"""


def test_mypy_finds_both_sessions_satisfy_the_protocol(tmp_path):
    good, bad = tmp_path / "good.py", tmp_path / "bad.py"
    good.write_text(textwrap.dedent(MYPY_GOOD), encoding="utf-8")
    bad.write_text(textwrap.dedent(MYPY_BAD), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", "--ignore-missing-imports",
         "--no-error-summary", "--show-error-codes", "--cache-dir", str(tmp_path / "cache"),
         str(good), str(bad)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    lines = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert [line for line in lines if line.startswith(str(good))] == [], result.stdout
    refused = [line for line in lines if line.startswith(str(bad))]
    assert len(refused) == 2, result.stdout + result.stderr
    assert "NoFinish" in refused[0] and "NotALedger" in refused[1], refused


def test_the_worker_runs_the_configured_spider_classes():
    """No spider class made at run time: what a worker changes, its spiders ask of their
    session (starts_crawl, links) or are told through `take_as_document`."""
    tree = ast.parse((ROOT / "crawler/distributed/worker.py").read_text(encoding="utf-8"))
    nested = [node.name for function in ast.walk(tree)
              if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
              for node in ast.walk(function) if isinstance(node, ast.ClassDef)]
    assert nested == []
    private = [node.attr for node in ast.walk(tree)
               if isinstance(node, ast.Attribute) and node.attr in ("_first_time", "_is_document",
                                                                   "_seen")]
    assert private == []


# -- what a spider asks of its session ------------------------------------------------------

SOURCE = Source(name="t", kind="news", start_urls=("http://a.test/list",),
                allowed_domains=("a.test",), schedule="daily",
                follow=(re.compile(r"^/list"),), documents=(re.compile(r"^/doc/"),))
LISTING = (b'<a href="/doc/1">one</a> <a href="/list?page=2">next</a>'
           b' <a href="/about">about</a>')


def spider_on(session):
    spider = SiteSpider(SOURCE, session)
    spider.settings = Settings({"CIVCAS_EXTRACT_MAX_HTML_BYTES": 0})  # as Scrapy would bind it
    return spider


def asked(spider, url: str, body: bytes) -> list:
    response = HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))
    return list(spider.parse(response))


@pytest.fixture
def session(tmp_path):
    session = CrawlSession.begin(tmp_path, SOURCE, CrawlSettings(user_agent="civcas-test",
                                                                 contact_url="http://a.test/"))
    yield session
    session.finish("ok", requests=0)


def test_spiders_of_one_session_ask_for_a_url_once(session):
    """What two workers' spiders do through the job's shared set, two spiders on one
    session do through its ledger: the second asks for nothing the first asked for."""
    first, second = spider_on(session), spider_on(session)
    assert [r.url for r in asked(first, "http://a.test/list", LISTING)] == [
        "http://a.test/doc/1", "http://a.test/list?page=2"]
    assert asked(second, "http://a.test/list", LISTING) == []
    assert session.links.asked(["http://a.test/doc/1", "http://a.test/about"]) == {
        "http://a.test/doc/1"}


def test_a_spider_asks_for_its_start_urls_only_where_its_session_starts_the_crawl(session):
    async def start(spider):
        return [request.url async for request in spider.start()]

    assert asyncio.run(start(spider_on(session))) == ["http://a.test/list"]
    session.starts_crawl = False  # a worker's: the coordinator queued them
    session.links.forget("http://a.test/list")
    assert asyncio.run(start(spider_on(session))) == []


def test_a_page_taken_for_a_document_is_kept_as_one_whatever_its_path(session):
    spider = spider_on(session)
    assert not any(isinstance(out, PageItem) for out in asked(spider, "http://a.test/about", b"x"))
    spider.take_as_document("http://a.test/about")
    kept = [out for out in asked(spider, "http://a.test/about", b"x") if isinstance(out, PageItem)]
    assert [item.url for item in kept] == ["http://a.test/about"]


def test_the_shared_ledger_is_one_set_for_every_worker(tmp_path):
    """SharedLinks on a real redis-server: what one worker asked for, another sees."""
    from support.distributed import RedisServer

    from crawler.distributed.keys import JobKeys, connect

    with RedisServer(tmp_path / "redis") as redis:
        one, other = (SharedLinks(connect(redis.url), JobKeys(7), "t") for _ in range(2))
        one.add(["http://a.test/list"])  # as the coordinator seeds it
        assert one.first_time("http://a.test/doc/1")
        assert not other.first_time("http://a.test/doc/1")
        assert not other.first_time("http://a.test/list")
        assert other.asked(["http://a.test/doc/1", "http://a.test/doc/2"]) == {"http://a.test/doc/1"}
        assert other.asked([]) == set()
        one.forget("http://a.test/doc/1")
        assert other.first_time("http://a.test/doc/1")
