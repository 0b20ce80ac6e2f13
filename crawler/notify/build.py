"""Channels from the config: `build_channels` picks each watcher's channel type.

Kept apart from crawler/notify/channels.py (the base class and the network channels) so
that the base module does not import its plugins: atomfeed.py builds on channels.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from crawler.config import Config, ConfigError, Watcher
from crawler.notify.atomfeed import AtomChannel
from crawler.notify.channels import AppriseChannel, Channel, EmailChannel, WebhookChannel
from crawler.notify.secrets import Secrets

_BUILDERS: dict[str, Callable[[Watcher, Secrets], Channel]] = {
    "email": EmailChannel.build, "apprise": AppriseChannel.build, "webhook": WebhookChannel.build}


def build_channels(
    config: Config, secrets: Secrets, only: tuple[str, ...] = (), data_dir: Path | None = None
) -> dict[str, Channel]:
    """The deliverable channels of the config (all, or the watchers named in `only`).
    Atom feeds are written into `data_dir`; without one they are left pending."""
    unknown = [name for name in only if name not in config.watchers]
    if unknown:
        known = ", ".join(config.watchers) or "none"
        raise ConfigError(f"unknown watcher {', '.join(unknown)} (configured: {known})")
    channels: dict[str, Channel] = {}
    for name, watcher in config.watchers.items():
        if only and name not in only:
            continue
        if watcher.type in _BUILDERS:
            channels[name] = _BUILDERS[watcher.type](watcher, secrets)
        elif watcher.type == "atom" and data_dir is not None:
            channels[name] = AtomChannel.build(watcher, secrets, data_dir)
    return channels
