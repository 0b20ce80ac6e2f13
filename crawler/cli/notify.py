"""`civcas notify`: deliver the watchers' pending notifications."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from crawler.cli.common import UserError, common_options
from crawler.config import load_config


@click.command()
@common_options
@click.option(
    "--watcher",
    "only",
    multiple=True,
    metavar="NAME",
    help="Deliver only to this watcher; repeatable (default: every watcher).",
)
@click.option(
    "--retry-failed",
    is_flag=True,
    help="First put notifications that were given up (of the selected watchers) back in"
    " the queue, with a fresh count of attempts; then deliver.",
)
def notify(data_dir, config_file, only, retry_failed):
    """Deliver pending notifications whose time has come to the configured watchers
    (email, apprise, webhook), oldest first, each marked sent as soon as its channel
    accepted it. A channel that is down is retried by later runs with exponential
    back-off, until the watcher's max_attempts. Atom watchers are served by the feed.

    Changes of one document found by one crawl (an edit and the assessment changes the
    edited report shows) go out together, as one message.

    Exits 0 when everything due was sent or will be retried, 1 when a notification was
    given up in this run, 2 on a config error (nothing is sent then).
    """
    from archive.outbox import retry_failed as requeue
    from archive.store import Store
    from crawler.notify.build import build_channels
    from crawler.notify.delivery import DeliveryBusy, deliver, delivery_lock
    from crawler.notify.secrets import RedactingFilter, Secrets

    config = load_config(config_file)
    secrets = Secrets()
    channels = build_channels(config, secrets, tuple(only), Path(data_dir))
    if not channels:
        click.echo("No watchers to deliver to.")
        return
    if not (Path(data_dir) / Store.FILENAME).exists():
        raise UserError(f"no civcas store in {data_dir} (run `civcas crawl` first)")
    log_file = _log_to_file(Path(data_dir), RedactingFilter(secrets))
    store = Store.open(data_dir, config.channels)
    try:
        with delivery_lock(data_dir):
            if retry_failed:
                again = requeue(store.db, list(channels))
                click.echo(f"{again} given-up notification{'' if again == 1 else 's'} queued again.")
            summary = deliver(store.db, channels, secrets)
    except DeliveryBusy:
        click.echo("Another `civcas notify` is delivering from this data folder; nothing done.")
        return
    finally:
        store.close()
    for line in summary.lines():
        click.echo(line)
    click.echo(f"Log: {log_file}")
    if summary.given_up:
        sys.exit(1)


def _log_to_file(data_dir: Path, redacting: logging.Filter) -> Path:
    """Everything logged during delivery (ours and apprise's) goes to a file, with every
    known secret masked before it is written."""
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    log_file = logs / f"notify-{stamp}.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    handler.addFilter(redacting)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return log_file
