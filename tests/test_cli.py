"""The command line as a user meets it: help everywhere, one sentence per mistake."""

import json

import pytest
from click.testing import CliRunner

from crawler.cli import main
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
