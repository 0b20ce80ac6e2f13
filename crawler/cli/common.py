"""What every command shares: --data-dir and --config, and the user-mistake error.

The group and its crawl/store commands live in `crawler/cli/__init__.py`, the others in
`crawler/cli/<topic>.py`, each imported by name there; `civcas schedule` lives in
`scheduler/command.py` and `crawler/cli/app.py` joins it to the group.
"""

from __future__ import annotations

import functools
import os
from datetime import UTC, datetime
from pathlib import Path

import click

from archive.storefile import StoreFileError
from crawler.config import ConfigError


class UserError(click.ClickException):
    """A mistake on the command line or in the config: one sentence, exit status 2."""

    exit_code = 2


class StoreError(click.ClickException):
    """civcas.db is missing, empty, damaged or foreign: one sentence, exit status 1."""

    exit_code = 1


def _given_before_the_command(name: str):
    """An option given before the subcommand (`civcas --data-dir D changes`), or None."""
    ctx = click.get_current_context(silent=True)
    return ctx.find_root().params.get(name) if ctx is not None else None


def _default_data_dir() -> str:
    return _given_before_the_command("data_dir") or os.environ.get("CIVCAS_DATA_DIR") or "data"


def _default_config():
    return _given_before_the_command("config_file")


class IsoTime(click.ParamType):
    """An ISO 8601 date or time, as the UTC text the store's timestamps compare with:
    '2026-01-01' and '2026-01-01T10:00+02:00' are taken, 'yesterday' and '2026-13-45'
    are refused (they would silently select nothing)."""

    name = "ISO"

    def convert(self, value, param, ctx):
        moment = self._parse(value)
        if moment is None:
            option = param.opts[0] if param is not None else "the date"
            raise UserError(f"{option} {value!r} is not an ISO 8601 date or time"
                            " (e.g. 2026-01-31 or 2026-01-31T12:00:00Z)")
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")

    @staticmethod
    def _parse(value: str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None


ISO_TIME = IsoTime()


def group_options(func):
    """--data-dir and --config before the subcommand; a subcommand's own win."""
    func = click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, help="A sources file merged over the shipped one.")(func)
    return click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="The data folder (also accepted after the command).")(func)


def common_options(func):
    """--data-dir and --config, which every command takes."""

    @click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=_default_data_dir,
        show_default="$CIVCAS_DATA_DIR, else ./data",
        help="The data folder: civcas.db, warcs/, indexes/, logs/.",
    )
    @click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=_default_config,
        help="A sources file merged over the shipped one.",
    )
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            raise UserError(str(exc)) from exc
        except StoreFileError as exc:
            raise StoreError(str(exc)) from exc

    return wrapper
