import pytest

from crawler.config import KINDS, ConfigError, load_config
from crawler.mirror import mirrored_url, parse_mirrors

EXPECTED_SOURCES = {
    "cjtf-strikes", "cjtf-civcas", "airwars", "sohr-en", "sohr-ar", "snhr",
    "syriadirect", "amnesty", "reliefweb", "news", "eldorar",
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
        ('[crawl]\nspeed = 3\n', "unknown or missing key"),
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
    assert config.channels == ("desk",)
    assert config.watchers["desk"].settings == {"url": "http://127.0.0.1:9/hook"}
