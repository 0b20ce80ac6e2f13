"""The command line as a user meets it: help everywhere, one sentence per mistake."""

import json

import pytest
from click.testing import CliRunner

from crawler.cli.app import main
from crawler.config import load_config

COMMANDS = sorted(main.commands)


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVCAS_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert main.commands[command].help  # a docstring, not an empty help page
    assert f"Usage: main {command}" in result.output or f"Usage: civcas {command}" in result.output


def test_contract_commands_exist():
    # the commands this release provides from CONTRACT.md (later issues add the rest)
    assert {"sources", "crawl", "changes", "verify", "demo"} <= set(COMMANDS)


def test_sources_lists_every_source(run):
    result = run("sources")
    assert result.exit_code == 0
    for name in load_config().sources:
        assert name in result.output
    rows = json.loads(run("sources", "--json").output)
    assert {r["name"] for r in rows} == set(load_config().sources)
    assert all(r["schedule"] and r["start_urls"] and r["render"] for r in rows)


@pytest.mark.parametrize(
    "args, phrase",
    [
        (["crawl"], "name at least one source"),
        (["crawl", "nope"], "unknown source nope"),
        (["crawl", "snhr", "--all"], "not both"),
        (["crawl", "snhr", "--mirror", "snhr.org"], "bad --mirror"),
        (["crawl", "snhr", "--config", "/nonexistent.toml"], "cannot read config file"),
        (["changes"], "no civcas store"),
    ],
)
def test_mistakes_are_one_sentence_and_exit_2(run, args, phrase):
    result = run(*args)
    assert result.exit_code == 2
    assert phrase in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_config_contents(run, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[sources.snhr]\nrender = 'teleport'\n")
    result = run("sources", "--config", str(bad))
    assert result.exit_code == 2
    assert "render must be" in result.output


@pytest.mark.parametrize("value", ["yesterday", "2026-13-45", "last week"])
@pytest.mark.parametrize("command", [["changes"], ["export", "documents"], ["export-wacz", "out.wacz"]])
def test_a_date_that_is_no_date_is_refused(run, command, value):
    result = run(*command, "--since", value)
    assert result.exit_code == 2
    assert f"--since {value!r} is not an ISO 8601 date or time" in result.output
    assert "Traceback" not in result.output


def test_data_dir_and_config_before_the_command(tmp_path, monkeypatch):
    monkeypatch.delenv("CIVCAS_DATA_DIR", raising=False)
    runner = CliRunner()
    missing = tmp_path / "nowhere"
    result = runner.invoke(main, ["--data-dir", str(missing), "changes"])
    assert result.exit_code == 2 and f"no civcas store in {missing}" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text("[sources.snhr]\nrender = 'teleport'\n")
    result = runner.invoke(main, ["--config", str(bad), "sources"])
    assert result.exit_code == 2 and "render must be" in result.output
    # The subcommand's own option wins over the one before it.
    result = runner.invoke(main, ["--config", str(bad), "sources", "--config", str(tmp_path / "none.toml")])
    assert "cannot read config file" in result.output


@pytest.mark.parametrize("args, phrase", [
    (["link", "--window", "-3"], "-3 is not in the range x>=0"),
    (["link", "--radius", "0"], "0.0 is not in the range x>0"),
])
def test_link_refuses_negative_windows(run, args, phrase):
    result = run(*args)
    assert result.exit_code == 2 and phrase in result.output


@pytest.mark.parametrize("toml, phrase", [
    ("[sources.snhr]\nenabeld = false\n", "source snhr: unknown key enabeld"),
    ("[crawl]\ndelay = \"fast\"\n", "[crawl] delay must be a number of at least 0, not 'fast'"),
    ("[crawl]\nobey_robots = 1\n", "[crawl] obey_robots must be true or false"),
    ("[crawl]\nspeed = 3\n", "[crawl] has an unknown key: speed"),
])
def test_config_mistakes_name_the_key(run, tmp_path, toml, phrase):
    bad = tmp_path / "bad.toml"
    bad.write_text(toml)
    result = run("sources", "--config", str(bad))
    assert result.exit_code == 2, result.output
    assert phrase in result.output and "Traceback" not in result.output


def test_sources_fit_a_100_column_terminal(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    result = run("sources")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 100
    # every start URL is on a line of its own under its source (cut with … if too long)
    for source in load_config().sources.values():
        for url in source.start_urls:
            shown = url if len(url) <= 96 else url[:95] + "…"
            assert f"    {shown}" in lines
