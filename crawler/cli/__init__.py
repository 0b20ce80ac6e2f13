"""The `civcas` command line. Each command parses its options and calls one library
function; user mistakes become one sentence on stderr and exit status 2."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import click

from crawler.cli.common import ISO_TIME, UserError, common_options, group_options
from crawler.config import load_config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="civcas")
@group_options
def main(data_dir, config_file):
    """civcas: scheduled archival crawls of the record of civilian harm in the air war
    against the Islamic State, kept as WARC evidence and a SQLite store."""


@main.command()
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def sources(data_dir, config_file, as_json):
    """List the configured sources: name, kind, start URLs, schedule, render mode, and
    how many of the parsed documents in the store do not reconcile with the figures they
    print (mismatched/checked current versions, see the `parse_checks` table)."""
    from crawler.report import sources_table

    config = load_config(config_file)
    checks = _parse_checks_by_source(data_dir)
    if as_json:
        rows = [
            {
                "name": s.name,
                "kind": s.kind,
                "start_urls": list(s.start_urls),
                "allowed_domains": list(s.allowed_domains),
                "schedule": s.schedule,
                "render": s.render,
                "enabled": s.enabled,
                "parse_checks": dict(zip(("versions", "mismatched"), checks.get(s.name, (0, 0)))),
            }
            for s in config.sources.values()
        ]
        click.echo(json.dumps(rows, indent=2))
    else:
        click.echo(sources_table(config, checks))


def _parse_checks_by_source(data_dir) -> dict[str, tuple[int, int]]:
    """Checked and mismatched versions per source, from the store if there is one."""
    from archive.store import Store
    from crawler.tables.checks import by_source

    if not (Path(data_dir) / Store.FILENAME).exists():
        return {}
    store = Store.open(data_dir)
    try:
        return by_source(store.db)
    finally:
        store.close()


@main.command()
@common_options
@click.argument("source_names", metavar="SOURCE...", nargs=-1)
@click.option("--all", "all_sources", is_flag=True, help="Crawl every enabled source.")
@click.option(
    "--mirror",
    "mirror_specs",
    multiple=True,
    metavar="ORIGIN=BASE",
    help="Fetch ORIGIN (e.g. https://www.inherentresolve.mil) from BASE instead; repeatable."
    " An ORIGIN no configured source fetches, or a user name or password in either, is refused.",
)
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop a source after N responses.")
@click.option(
    "--delay", type=click.FloatRange(min=0), help="Per-domain delay in seconds (0 for a replica)."
)
@click.option(
    "--recheck",
    type=click.Choice(["due", "all"]),
    default="due",
    show_default=True,
    help="Re-fetch known documents when due under the [recheck] cadence, or all of them.",
)
@click.option(
    "--redis", "redis_url", metavar="URL",
    help="Coordinate a distributed crawl on this Redis; `civcas worker` processes fetch.",
)
def crawl(
    data_dir, config_file, source_names, all_sources, mirror_specs, max_pages, delay, recheck,
    redis_url,
):
    """Crawl sources now and print a summary per source.

    Exits 1 when a source failed (nothing could be fetched), 2 on a usage error.
    """
    from crawler.net.mirror import check_mirrors_used, parse_mirrors
    from crawler.report import left_alone_lines, summary_table
    from crawler.runtime.runner import crawl_sources

    if not source_names and not all_sources:
        raise UserError("name at least one source, or use --all")
    if source_names and all_sources:
        raise UserError("name sources or use --all, not both")
    config = load_config(config_file)
    selected = config.select(list(source_names), all_sources)
    mirrors = parse_mirrors(mirror_specs)
    check_mirrors_used(mirrors, config.sources.values())
    if redis_url:
        from crawler.cli.distributed import crawl_on_redis

        if max_pages:
            raise UserError("--max-pages is not supported with --redis")
        summaries = crawl_on_redis(
            config, selected, data_dir, redis_url, mirrors=mirrors, delay=delay,
            progress=sys.stderr.isatty(), recheck_all=recheck == "all", config_file=config_file,
        )
        from crawler.runtime.runner import rebuild_events_after_crawl

        rebuild_events_after_crawl(data_dir)  # as a local crawl does when it ends
        click.echo(summary_table(summaries))
        for line in left_alone_lines(data_dir, config, summaries, recheck == "all"):
            click.echo(line)
        sys.exit(1 if any(s.status == "failed" for s in summaries) else 0)
    summaries = crawl_sources(
        config,
        selected,
        data_dir,
        mirrors=mirrors,
        max_pages=max_pages,
        delay=delay,
        progress=sys.stderr.isatty(),
        recheck_all=recheck == "all",
    )
    click.echo(summary_table(summaries))
    for line in left_alone_lines(data_dir, config, summaries, recheck == "all"):
        click.echo(line)
    if any(s.status == "failed" for s in summaries):
        sys.exit(1)


@main.command()
@common_options
@click.option("--since", type=ISO_TIME, help="Only changes detected at or after this time (UTC).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "atom"]), default="text",
    show_default=True, help="Plain words, JSON, or an Atom 1.0 feed.",
)
def changes(data_dir, config_file, since, fmt):
    """What changed: assessment changes of civilian-casualty allegations (with links to
    both archived reports), edited, removed and restored documents, and new reports."""
    from crawler.changes.feed import collect, render

    store = _existing_store(data_dir)
    click.echo(render(collect(store, since), fmt))
    store.close()


@main.command()
@common_options
@click.option("--port", type=int, default=0, help="Port of the replica server (0: any free).")
@click.option("--keep-serving", is_flag=True, help="Keep the replicas up after the report.")
def demo(data_dir, config_file, port, keep_serving):
    """Serve the bundled replica sites on 127.0.0.1, crawl them twice (round 1, then
    round 2 with a new report, an edited page and a removed one) and print what was found.

    With --data-dir (or $CIVCAS_DATA_DIR) the demo's store is made in that folder, which
    must not hold a store yet; without, in a new ./data/demo-<time>/ folder."""
    from archive.store import Store
    from crawler.demo import run_demo

    source = click.get_current_context().get_parameter_source("data_dir")
    chosen = source is not click.core.ParameterSource.DEFAULT or bool(
        click.get_current_context().find_root().params.get("data_dir"))
    if chosen and (Path(data_dir) / Store.FILENAME).exists():
        raise UserError(f"{data_dir} already holds a civcas store; the demo needs a new folder")
    sys.exit(run_demo(data_dir, config_file, port=port, keep_serving=keep_serving,
                      fresh_folder=not chosen))


@main.command()
@click.option("--port", type=int, default=8765, show_default=True, help="0 picks a free port.")
@click.option("--round", "round_", type=click.IntRange(1, 2), default=1, show_default=True)
def replicas(port, round_):
    """Serve the bundled replica sites in the foreground and print the --mirror options
    that point a crawl at them."""
    from crawler.replicas.server import ReplicaServer

    server = ReplicaServer(round=round_, port=port)
    # Ctrl-C or SIGTERM only set the stop flag: the main thread then leaves wait() at its
    # next poll, whatever it was doing when the signal came.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: server.stopping.set())
    server.start()
    click.echo(f"Replica sites (round {round_}) on {server.base_url}; crawl them with:")
    click.echo("  civcas crawl --all --delay 0 " + " ".join(_mirror_options(server)))
    click.echo("Ctrl-C to stop.")
    sys.stdout.flush()
    try:
        server.wait()
    finally:
        server.stop()


def _mirror_options(server) -> list[str]:
    return [f"--mirror {origin}={base}" for origin, base in server.source_mirrors().items()]


def _existing_store(data_dir: Path):
    from archive.store import Store

    if not (Path(data_dir) / Store.FILENAME).exists():
        raise UserError(f"no civcas store in {data_dir} (run `civcas crawl` first)")
    return Store.open_read_only(data_dir)  # also a write-protected copy


@main.command()
@common_options
def verify(data_dir, config_file):
    """Run SQLite's integrity and foreign-key checks on the store, re-hash every WARC
    record and check that every capture row points at a record whose id, type and payload
    digest match; report records no row points at.

    Exits 0 when clean, 1 on any mismatch or a damaged store, 2 when the data folder has
    no store. A file cut by a killed crawl is a warning unless a capture row points into
    the cut part. The store is only read (also on read-only media).
    """
    from archive.verify import run_verify

    sys.exit(run_verify(data_dir))


# Commands kept in modules of their own (crawler/cli/<topic>.py), imported by name so
# `civcas --help` lists them all. `civcas schedule` lives in scheduler/command.py and is
# joined to these in crawler/cli/app.py, the program's entry point.
from crawler.cli.backfill import backfill  # noqa: E402
from crawler.cli.distributed import worker  # noqa: E402
from crawler.cli.notify import notify  # noqa: E402
from crawler.cli.parse import parse_command  # noqa: E402
from crawler.cli.reextract import reextract_command  # noqa: E402
from crawler.cli.research import chart, events, export, link, serve  # noqa: E402
from crawler.cli.wacz import export_wacz  # noqa: E402

for _command in (backfill, serve, export, chart, link, events, notify, export_wacz,
                 reextract_command, worker, parse_command):
    main.add_command(_command)
