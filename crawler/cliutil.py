"""What every command shares: --data-dir and --config, and the user-mistake error.

Commands live in `crawler/cli.py` or in their own `crawler/cli_<topic>.py` module, added
to the group with one `main.add_command` line in `crawler/cli.py`.
"""

from __future__ import annotations

import functools
import os
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


def _default_data_dir() -> str:
    return os.environ.get("CIVCAS_DATA_DIR") or "data"


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
        default=None,
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
