import json

import pytest

from crawler.config import KINDS, ConfigError, load_config
from crawler.net.mirror import mirrored_url, parse_mirrors

EXPECTED_SOURCES = {
    "cjtf-strikes", "cjtf-civcas", "airwars", "sohr-en", "sohr-ar", "snhr",
    "syriadirect", "amnesty", "reliefweb", "news", "ukmod-strikes", "eldorar",
}


def test_shipped_config_has_every_source_with_valid_fields():
    config = load_config()
    assert set(config.sources) == EXPECTED_SOURCES
    for s in config.sources.values():
        assert s.kind in KINDS
        assert s.start_urls and s.allowed_domains and s.documents
        assert s.render in ("http", "browser")


def test_user_file_merges_over_shipped(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text(
        '[crawl]\ndelay = 5.0\n'
        '[sources.snhr]\nenabled = false\n'
        '[sources.extra]\nkind = "news_article"\nstart_urls = ["https://example.org/"]\n'
        'allowed_domains = ["example.org"]\nschedule = "0 0 * * *"\ndocuments = [".*"]\n'
    )
    config = load_config(user)
    assert config.crawl.delay == 5.0
    assert not config.sources["snhr"].enabled
    assert config.sources["snhr"].start_urls  # untouched fields kept
    assert "extra" in config.sources
    assert "snhr" not in [s.name for s in config.select([], all_enabled=True)]


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("not toml [", "not valid TOML"),
        ('[sources.x]\nkind = "blog"\n', "lacks"),
        (
            '[sources.x]\nkind = "blog"\nstart_urls=["https://a.org/"]\nallowed_domains=["a.org"]\nschedule="0 0 * * *"\n',
            "kind must be one of",
        ),
        ('[sources.snhr]\nschedule = "every day"\n', "not a cron expression"),
        ('[sources.snhr]\nfollow = ["(unclosed"]\n', "bad regular expression"),
        ('[crawl]\nspeed = 3\n', "has an unknown key: speed"),
        ('[watchers.desk]\ntype = "pigeon"\n', "type must be one of"),
        ('[watchers."a b"]\ntype = "webhook"\n', "names may hold only"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path, text, phrase):
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    with pytest.raises(ConfigError, match=phrase):
        load_config(bad)


def test_missing_config_file():
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config("/nonexistent/civcas.toml")


def test_unknown_source_named():
    with pytest.raises(ConfigError, match="unknown source nope"):
        load_config().select(["nope"], all_enabled=False)


def test_mirror_keeps_path_and_query():
    mirrors = parse_mirrors(["https://airwars.org=http://127.0.0.1:9000/airwars.org/"])
    assert (
        mirrored_url("https://airwars.org/civilian-casualties/page/2/?country=iraq%2Csyria", mirrors)
        == "http://127.0.0.1:9000/airwars.org/civilian-casualties/page/2/?country=iraq%2Csyria"
    )
    assert mirrored_url("https://snhr.org/blog/", mirrors) == "https://snhr.org/blog/"


@pytest.mark.parametrize("spec", ["airwars.org", "https://airwars.org/path=http://x", "https://a.org=ftp://b"])
def test_bad_mirror(spec):
    with pytest.raises(ConfigError, match="bad --mirror"):
        parse_mirrors([spec])


def test_watchers_are_channels(tmp_path):
    user = tmp_path / "w.toml"
    user.write_text('[watchers.desk]\ntype = "webhook"\nurl = "http://127.0.0.1:9/hook"\n')
    config = load_config(user)
    assert [c.name for c in config.channels] == ["desk"]
    assert config.channels[0].wants("snhr", "edited")  # no filter: everything
    assert config.watchers["desk"].settings == {"url": "http://127.0.0.1:9/hook"}


def test_a_watcher_may_choose_sources_and_kinds(tmp_path):
    user = tmp_path / "w.toml"
    user.write_text('[watchers.desk]\ntype = "atom"\nsources = ["cjtf-civcas", "snhr"]\n'
                    'kinds = ["removed", "assessment"]\n')
    (desk,) = load_config(user).channels
    assert desk.wants("snhr", "removed") and desk.wants("cjtf-civcas", "assessment")
    assert not desk.wants("snhr", "edited") and not desk.wants("sohr-en", "removed")


@pytest.mark.parametrize(("table", "phrase"), [
    ('sources = ["nowhere"]', "unknown source nowhere"),
    ('kinds = ["edits"]', "kinds may be edited, removed, restored, assessment, health"),
    ('sources = "snhr"', "sources must be a list of names"),
])
def test_a_watchers_bad_filter_is_one_clear_error(tmp_path, table, phrase):
    user = tmp_path / "w.toml"
    user.write_text(f'[watchers.desk]\ntype = "atom"\n{table}\n')
    with pytest.raises(ConfigError, match=phrase):
        load_config(user)


def test_notify_baseline_setting(tmp_path):
    assert load_config().notify.baseline is True
    user = tmp_path / "n.toml"
    user.write_text("[notify]\nbaseline = false\n")
    assert load_config(user).notify.baseline is False
    user.write_text("[notify]\nbaseline = 1\n")
    with pytest.raises(ConfigError, match="baseline must be true or false"):
        load_config(user)


def test_scheduler_health_and_recheck_settings(tmp_path):
    defaults = load_config()
    assert defaults.health.runs_in_a_row == 3
    assert defaults.recheck.steps == ((30.0, 1.0), (365.0, 7.0))
    assert defaults.recheck.linked is True
    user = tmp_path / "mine.toml"
    user.write_text(
        "[scheduler]\ntime_limit = 600\njitter = 0\n"
        "[health]\nruns_in_a_row = 5\nparse_failure_share = 0.8\ndrift_runs = 3\n"
        "[recheck]\ncadence = [[7, 1], [90, 14]]\nolder_every = 60\nlinked = false\n"
    )
    config = load_config(user)
    assert (config.scheduler.time_limit, config.scheduler.jitter) == (600, 0)
    assert config.scheduler.max_parallel == 4  # untouched keys keep their defaults
    assert (config.health.runs_in_a_row, config.health.parse_failure_share) == (5, 0.8)
    assert (config.health.drift_runs, config.health.drift_share, config.health.drift_min_versions) == (3, 0.5, 3)
    assert config.recheck.steps == ((7.0, 1.0), (90.0, 14.0))
    assert config.recheck.older_every == 60
    assert config.recheck.linked is False


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("[health]\nruns_in_a_row = 0\n", "whole number of at least 1"),
        ("[health]\nparse_failure_share = 2\n", "share between 0 and 1"),
        ("[health]\ndrift_share = 1.5\n", "share between 0 and 1"),
        ("[health]\ndrift_runs = 0\n", "whole number of at least 1"),
        ("[health]\ndrift_min_versions = 2.5\n", "whole number of at least 1"),
        ("[scheduler]\ntime_limit = -1\n", "at least 0"),
        ("[scheduler]\ncadence = 3\n", "unknown or missing key"),
        ("[recheck]\ncadence = [[365, 7], [30, 1]]\n", "rising age order"),
        ("[recheck]\ncadence = [[30, 0]]\n", "rising age order"),
        ("[recheck]\nevery = 3\n", "unknown keys"),
        ("[recheck]\nlinked = \"yes\"\n", "linked must be true or false"),
        ("[recheck]\nunlinked = 1\n", "unlinked must be true or false"),
    ],
)
def test_bad_schedule_settings_are_one_clear_error(tmp_path, text, phrase):
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    with pytest.raises(ConfigError, match=phrase):
        load_config(bad)


@pytest.mark.parametrize(
    "expression, weekday",
    [("0 7 * * 1", "Monday"), ("0 7 * * 0", "Sunday"), ("0 7 * * 7", "Sunday"),
     ("0 7 * * 6", "Saturday"), ("0 7 * * mon", "Monday")],
)
def test_cron_weekdays_count_as_in_cron(expression, weekday):
    # APScheduler's own from_crontab would read 1 as Tuesday
    from datetime import UTC, datetime

    from crawler.config import cron_trigger

    first = cron_trigger(expression).get_next_fire_time(None, datetime(2026, 1, 1, tzinfo=UTC))
    assert first.strftime("%A") == weekday


def test_cron_weekday_ranges_and_steps():
    from crawler.config import _cron_days

    assert _cron_days("1-5") == "mon,tue,wed,thu,fri"
    assert _cron_days("*/2") == "sun,tue,thu,sat"
    assert _cron_days("5-7") == "fri,sat,sun"
    with pytest.raises(ValueError):
        _cron_days("3-1")


def test_every_crawl_setting_can_be_set_in_the_config(tmp_path):
    from dataclasses import fields

    from crawler.config import CrawlSettings

    defaults = CrawlSettings(user_agent="a", contact_url="b")
    lines = ["[crawl]"]
    for f in fields(CrawlSettings):
        value = getattr(defaults, f.name)
        if value is None:
            value = 1
        lines.append(f"{f.name} = {json.dumps(value)}")
    path = tmp_path / "all.toml"
    path.write_text("\n".join(lines) + "\n")
    load_config(path)  # no "unknown key" for a setting the code has
