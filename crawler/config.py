"""The sources configuration: one typed object built in one place, with validation.

The shipped `sources.toml` is always read; a user file given with `--config` is merged
over it (a `[sources.NAME]` table replaces the fields it sets, a new name adds a source,
`[crawl]` keys override the crawl defaults).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from archive.outbox import WATCHED_KINDS, Recipient
from archive.recheck import RecheckCadence
from crawler.net.policy import refusal

KINDS = ("strike_release", "civcas_report", "monitor_post", "incident", "news_article")
RENDER_MODES = ("http", "browser")
CHANNEL_TYPES = ("email", "apprise", "webhook", "atom")


class ConfigError(Exception):
    """The configuration cannot be used; the message is one sentence for the user."""


@dataclass(frozen=True)
class CrawlSettings:
    user_agent: str
    contact_url: str
    delay: float = 2.0
    obey_robots: bool = True
    timeout: float = 30.0
    max_body_bytes: int = 50 * 1024 * 1024
    max_retry_after: float = 120.0  # longest Retry-After (seconds) waited before a retry
    # Processes extracting page text beside the crawl; None: one fewer than the cores,
    # 0: inline in the reactor thread (docs/performance.md).
    extract_workers: int | None = None
    # Per page: a worker still extracting after this many seconds is killed and replaced
    # (the page becomes an `extract_timeout` row), and HTML or text over this many bytes
    # is not extracted at all (`extract_too_large`). Both keep the capture.
    extract_timeout: float = 60.0
    extract_max_html_bytes: int = 8 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    schedule: str
    render: str = "http"
    enabled: bool = True
    description: str = ""
    follow: tuple[re.Pattern, ...] = ()
    documents: tuple[re.Pattern, ...] = ()
    ignore_params: frozenset[str] = frozenset()
    spider: str = "site"  # the spider's name in spiders/ (most sources use the generic one)
    local: bool = False  # its sites are on this machine or network: private addresses allowed
    # Once the store holds the source's documents: skip links already archived (as printed,
    # query included) and stop paging at a listing page with nothing new on it.
    incremental: bool = False
    # CSS selector of the "next page" link a listing is paged by (used when incremental).
    next_page: str | None = None

    def is_document_url(self, url: str) -> bool:
        """Whether the URL's path and query match a `documents` pattern (the crawl and
        `civcas reextract` keep the same pages as documents by this one rule)."""
        return _path_matches(self.documents, url)

    def is_listing_url(self, url: str) -> bool:
        """Whether the URL's path and query match a `follow` pattern."""
        return _path_matches(self.follow, url)


def _path_matches(patterns: tuple[re.Pattern, ...], url: str) -> bool:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return any(p.search(target) for p in patterns)


@dataclass(frozen=True)
class Watcher:
    """One notification channel: `[watchers.NAME]` with a `type` and its own settings.

    Secrets are never written here: a setting ending in `_env` names an environment
    variable, one ending in `_file` a file readable only by its owner.
    """

    name: str
    type: str
    settings: dict = field(default_factory=dict)
    # What it wants to hear of (None: everything): source names, and kinds of change
    # (archive.outbox.WATCHED_KINDS).
    sources: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None

    @property
    def recipient(self) -> Recipient:
        return Recipient(self.name, None if self.sources is None else frozenset(self.sources),
                         None if self.kinds is None else frozenset(self.kinds))


@dataclass(frozen=True)
class NotifySettings:
    """`[notify]`: when watchers are told."""

    # The first crawl of a source (the store knows none of its documents yet) queues no
    # notification: what it finds is the baseline, not news.
    baseline: bool = True


@dataclass(frozen=True)
class SchedulerSettings:
    """`[scheduler]`: how `civcas schedule` runs crawls (seconds throughout)."""

    time_limit: float = 4 * 3600  # a crawl still running then is stopped (SIGTERM)
    stop_grace: float = 120  # after the SIGTERM, how long before SIGKILL
    jitter: float = 120  # random delay added to each start, so sources do not start together
    misfire_grace: float = 24 * 3600  # a run missed by up to this much still runs (once)
    max_parallel: int = 4  # crawls of different sources at the same time


@dataclass(frozen=True)
class HealthSettings:
    """`[health]`: when a source counts as broken or drifting."""

    runs_in_a_row: int = 3  # bad runs in a row before the alert
    parse_failure_share: float = 0.5  # a run is bad when more than this share of pages fail
    # Drifting: over the last `drift_runs` judged runs, more than `drift_share` of the
    # parsed versions (at least `drift_min_versions` of them) do not reconcile with the
    # figures their documents print (`parse_checks`).
    drift_runs: int = 3
    drift_share: float = 0.5
    drift_min_versions: int = 3


@dataclass(frozen=True)
class Config:
    crawl: CrawlSettings
    sources: dict[str, Source] = field(default_factory=dict)
    watchers: dict[str, Watcher] = field(default_factory=dict)
    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    health: HealthSettings = field(default_factory=HealthSettings)
    recheck: RecheckCadence = field(default_factory=RecheckCadence)
    notify: NotifySettings = field(default_factory=NotifySettings)

    @property
    def channels(self) -> tuple[Recipient, ...]:
        """The watchers changes are queued for, each with the sources and kinds it wants."""
        return tuple(w.recipient for w in self.watchers.values())

    def select(self, names: list[str], all_enabled: bool) -> list[Source]:
        """The sources a command names, or every enabled one; unknown names are an error."""
        if all_enabled:
            return [s for s in self.sources.values() if s.enabled]
        unknown = [n for n in names if n not in self.sources]
        if unknown:
            known = ", ".join(self.sources)
            raise ConfigError(f"unknown source {', '.join(unknown)} (configured: {known})")
        return [self.sources[n] for n in names]


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc


def _patterns(name: str, key: str, values: list) -> tuple[re.Pattern, ...]:
    try:
        return tuple(re.compile(v) for v in values)
    except (re.error, TypeError) as exc:
        raise ConfigError(f"source {name}: {key} holds a bad regular expression: {exc}") from exc


_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _cron_days(field: str) -> str:
    """A cron day-of-week field (0 or 7 = Sunday) in APScheduler's terms, whose numbers
    start at Monday: numbers become day names, so `1` still means Monday."""
    if field in ("*", "?"):
        return "*"
    days: list[str] = []
    for part in field.split(","):
        base, _, step = part.partition("/")
        if not re.fullmatch(r"\*|\d+(-\d+)?", base):
            if step:
                raise ValueError(f"day-of-week {part!r} is not supported")
            days.append(base)  # a name or name range (mon-fri) means the same to both
            continue
        if base == "*":
            first, last = 0, 6
        else:
            start, _, end = base.partition("-")
            first = int(start)
            last = int(end) if end else (6 if step else first)
        if not 0 <= first <= 7 or not 0 <= last <= 7 or first > last:
            raise ValueError(f"day-of-week {part!r} is out of range")
        for n in range(first, last + 1, int(step) if step else 1):
            days.append(_CRON_DAYS[n % 7])
    return ",".join(dict.fromkeys(days))


def cron_trigger(expression: str, jitter: int | None = None):
    """The APScheduler trigger of a five-field cron expression, in UTC (with standard
    cron day numbers: APScheduler's own `from_crontab` reads 1 as Tuesday)."""
    from apscheduler.triggers.cron import CronTrigger

    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"a cron expression has 5 fields, not {len(fields)}")
    minute, hour, day, month, weekday = fields
    return CronTrigger(
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=_cron_days(weekday),
        timezone="UTC",
        jitter=jitter,
    )


def _check_cron(name: str, expression: str) -> None:
    try:
        cron_trigger(expression)
    except ValueError as exc:
        raise ConfigError(f"source {name}: schedule {expression!r} is not a cron expression") from exc


def _check_reach(name: str, start_urls, domains) -> None:
    """A source names where it may go: at least one domain (an empty list would let any
    page send the crawler anywhere), and start URLs that are http(s) inside them."""
    if not isinstance(domains, list) or not domains or not all(
            isinstance(d, str) and d.strip(".") for d in domains):
        raise ConfigError(f"source {name}: allowed_domains must list at least one domain")
    if not isinstance(start_urls, list) or not all(isinstance(u, str) for u in start_urls):
        raise ConfigError(f"source {name}: start_urls must be a list of URLs")
    for url in start_urls:
        reason = refusal(url, domains)
        if reason:
            raise ConfigError(f"source {name}: start URL {url!r} is refused: {reason}")


def _source(name: str, raw: dict) -> Source:
    # The name goes into file names (WARC prefixes, lock files, logs): no path tricks.
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", name):
        raise ConfigError(f"source {name!r}: names may hold only letters, digits, - and _")
    # A mistyped key (`enabeld = false`) would otherwise be dropped without a word.
    unknown = sorted(set(raw) - ({f.name for f in fields(Source)} - {"name"}))
    if unknown:
        raise ConfigError(f"source {name}: unknown key {', '.join(unknown)}")
    missing = [k for k in ("kind", "start_urls", "allowed_domains", "schedule") if k not in raw]
    if missing:
        raise ConfigError(f"source {name} lacks {', '.join(missing)}")
    _check_reach(name, raw["start_urls"], raw["allowed_domains"])
    if raw["kind"] not in KINDS:
        raise ConfigError(f"source {name}: kind must be one of {', '.join(KINDS)}")
    render = raw.get("render", "http")
    if render not in RENDER_MODES:
        raise ConfigError(f"source {name}: render must be 'http' or 'browser'")
    _check_cron(name, str(raw["schedule"]))
    for url in raw["start_urls"]:
        if not re.match(r"^https?://[^/]+", str(url)):
            raise ConfigError(f"source {name}: start URL {url!r} is not an http(s) URL")
    return Source(
        name=name,
        kind=raw["kind"],
        start_urls=tuple(raw["start_urls"]),
        allowed_domains=tuple(raw["allowed_domains"]),
        schedule=str(raw["schedule"]),
        render=render,
        enabled=bool(raw.get("enabled", True)),
        description=str(raw.get("description", "")),
        follow=_patterns(name, "follow", raw.get("follow", [])),
        documents=_patterns(name, "documents", raw.get("documents", [])),
        ignore_params=frozenset(raw.get("ignore_params", [])),
        spider=str(raw.get("spider", "site")),
        local=bool(raw.get("local", False)),
        incremental=bool(raw.get("incremental", False)),
        next_page=raw.get("next_page"),
    )


def _watcher(name: str, raw: dict) -> Watcher:
    kind = raw.get("type")
    if kind not in CHANNEL_TYPES:
        raise ConfigError(f"watcher {name}: type must be one of {', '.join(CHANNEL_TYPES)}")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise ConfigError(f"watcher {name!r}: names may hold only letters, digits, - and _")
    chosen = {key: _choice(name, key, raw[key]) for key in ("sources", "kinds") if key in raw}
    if set(chosen.get("kinds", ())) - set(WATCHED_KINDS):
        raise ConfigError(f"watcher {name}: kinds may be {', '.join(WATCHED_KINDS)}")
    return Watcher(name, kind, {k: v for k, v in raw.items() if k not in ("type", "sources", "kinds")},
                   **chosen)


def _choice(name: str, key: str, value) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"watcher {name}: {key} must be a list of names")
    return tuple(value)


_COUNTS = ("runs_in_a_row", "max_parallel", "drift_runs", "drift_min_versions")
_SHARES = ("parse_failure_share", "drift_share")


def _settings(cls, table: str, raw: dict):
    """A dataclass of settings from a config table; unknown keys and bad values are errors."""
    try:
        settings = cls(**raw)
    except TypeError as exc:
        raise ConfigError(f"[{table}] has an unknown or missing key: {exc}") from exc
    for key, value in raw.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"[{table}] {key} must be a number of at least 0")
        if key in _COUNTS and (not isinstance(value, int) or value < 1):
            raise ConfigError(f"[{table}] {key} must be a whole number of at least 1")
        if key in _SHARES and value > 1:
            raise ConfigError(f"[{table}] {key} is a share between 0 and 1")
    return settings


def _recheck(raw: dict) -> RecheckCadence:
    default = RecheckCadence()
    try:
        steps = tuple((float(age), float(every)) for age, every in raw.get("cadence", default.steps))
        cadence = RecheckCadence(steps, float(raw.get("older_every", default.older_every)),
                                 raw.get("linked", default.linked),
                                 raw.get("unlinked", default.unlinked))
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            "[recheck] cadence must be a list of [age_days, every_days] pairs in rising age"
            " order, and older_every a positive number of days"
        ) from exc
    for flag in ("linked", "unlinked"):
        if not isinstance(getattr(cadence, flag), bool):
            raise ConfigError(f"[recheck] {flag} must be true or false")
    unknown = set(raw) - {"cadence", "older_every", "linked", "unlinked"}
    if unknown:
        raise ConfigError(f"[recheck] has unknown keys: {', '.join(sorted(unknown))}")
    return cadence


# What each [crawl] key holds (numbers must be at least 0), read off CrawlSettings' own
# annotations so a new setting is checked the day it is added.
_CRAWL_TYPES = {f.name: {"str": str, "bool": bool, "float": float}.get(f.type.split(" |")[0], int)
                for f in fields(CrawlSettings)}


def _crawl_settings(raw: dict) -> CrawlSettings:
    unknown = sorted(set(raw) - set(_CRAWL_TYPES))
    if unknown:
        raise ConfigError(f"[crawl] has an unknown key: {', '.join(unknown)}")
    for key, value in raw.items():
        kind = _CRAWL_TYPES[key]
        if kind is bool:
            ok = isinstance(value, bool)
        elif kind is str:
            ok = isinstance(value, str) and bool(value.strip())
        else:
            whole = kind is int
            ok = (isinstance(value, int) if whole else isinstance(value, int | float)) \
                and not isinstance(value, bool) and value >= 0
        if not ok:
            what = {bool: "true or false", str: "a non-empty string",
                    int: "a whole number of at least 0", float: "a number of at least 0"}[kind]
            raise ConfigError(f"[crawl] {key} must be {what}, not {value!r}")
    try:
        return CrawlSettings(**raw)
    except TypeError as exc:
        raise ConfigError(f"[crawl] lacks a key: {exc}") from exc


def load_config(user_file: Path | str | None = None) -> Config:
    """The shipped sources file, with `user_file` merged over it when given."""
    shipped = resources.files("crawler").joinpath("sources.toml")
    raw = tomllib.loads(shipped.read_text(encoding="utf-8"))
    if user_file is not None:
        user = _read_toml(Path(user_file))
        for table in ("crawl", "scheduler", "health", "recheck", "notify"):
            raw.setdefault(table, {}).update(user.get(table, {}))
        for name, table in user.get("sources", {}).items():
            raw.setdefault("sources", {}).setdefault(name, {}).update(table)
        for name, table in user.get("watchers", {}).items():
            raw.setdefault("watchers", {})[name] = table
    crawl = _crawl_settings(raw.get("crawl", {}))
    sources = {name: _source(name, table) for name, table in raw.get("sources", {}).items()}
    watchers = {name: _watcher(name, table) for name, table in raw.get("watchers", {}).items()}
    for watcher in watchers.values():
        unknown = sorted(set(watcher.sources or ()) - set(sources))
        if unknown:
            raise ConfigError(f"watcher {watcher.name}: unknown source {', '.join(unknown)}")
    return Config(
        crawl=crawl,
        sources=sources,
        watchers=watchers,
        scheduler=_settings(SchedulerSettings, "scheduler", raw.get("scheduler", {})),
        health=_settings(HealthSettings, "health", raw.get("health", {})),
        recheck=_recheck(raw.get("recheck", {})),
        notify=_notify(raw.get("notify", {})),
    )


def _notify(raw: dict) -> NotifySettings:
    unknown = set(raw) - {"baseline"}
    if unknown:
        raise ConfigError(f"[notify] has unknown keys: {', '.join(sorted(unknown))}")
    if not isinstance(raw.get("baseline", True), bool):
        raise ConfigError("[notify] baseline must be true or false")
    return NotifySettings(**raw)
