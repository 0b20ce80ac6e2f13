"""Credentials for channels: only from the environment or an owner-only file.

A watcher never holds a secret in the config itself: `password_env = "VAR"` names an
environment variable, `password_file = "/path"` a file that only its owner may read.
Every secret read is remembered so logs and stored errors can be scrubbed of it.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from crawler.config import ConfigError

MASK = "[secret]"


class Secrets:
    """The secret values read so far, and a scrubber that masks them in any text."""

    def __init__(self) -> None:
        self._values: set[str] = set()

    def add(self, value: str | None) -> None:
        # Very short values would mask ordinary words; no real credential is that short.
        if value and len(value) >= 4:
            self._values.add(value)

    def redact(self, text: str) -> str:
        # Longest first, so a URL holding a password is masked whole.
        for value in sorted(self._values, key=len, reverse=True):
            text = text.replace(value, MASK)
        return text


def read_secret(watcher: str, settings: dict, key: str, secrets: Secrets) -> str | None:
    """The value of `key` from `KEY_env` or `KEY_file`; None when neither is set.

    A plain `key = "..."` in the config is refused: config files are shared and copied.
    """
    if key in settings:
        raise ConfigError(
            f"watcher {watcher}: do not write {key} in the config; name an environment"
            f" variable with {key}_env or an owner-only file with {key}_file"
        )
    env_name, file_name = settings.get(f"{key}_env"), settings.get(f"{key}_file")
    if env_name and file_name:
        raise ConfigError(f"watcher {watcher}: set {key}_env or {key}_file, not both")
    if env_name:
        value = os.environ.get(str(env_name))
        if not value:
            raise ConfigError(
                f"watcher {watcher}: environment variable {env_name} ({key}_env) is not set"
            )
    elif file_name:
        value = _read_private_file(watcher, key, Path(str(file_name)).expanduser())
    else:
        return None
    secrets.add(value)
    return value


def _read_private_file(watcher: str, key: str, path: Path) -> str:
    try:
        info = path.stat()
    except OSError as exc:
        raise ConfigError(
            f"watcher {watcher}: cannot read {key}_file {path}: {exc.strerror}"
        ) from exc
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"watcher {watcher}: {key}_file {path} is not a regular file")
    if info.st_mode & 0o077:
        raise ConfigError(
            f"watcher {watcher}: {key}_file {path} is readable by others"
            f" (mode {stat.filemode(info.st_mode)}); run chmod 600 {path}"
        )
    try:
        value = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"watcher {watcher}: cannot read {key}_file {path}: {exc}") from exc
    if not value:
        raise ConfigError(f"watcher {watcher}: {key}_file {path} is empty")
    return value


class RedactingFilter(logging.Filter):
    """Masks every known secret in a log record before any handler writes it."""

    def __init__(self, secrets: Secrets) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.secrets.redact(record.exc_text)
        record.msg, record.args = self.secrets.redact(message), None
        return True
