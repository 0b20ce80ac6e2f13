"""Distributed crawls on Redis: the `worker` command, and the coordinator behind
`civcas crawl ... --redis URL` (see docs/distributed.md)."""

from __future__ import annotations

import click

from crawler.cli.common import UserError, common_options


def crawl_on_redis(config, selected, data_dir, redis_url, **options):
    """`civcas crawl --redis URL`: coordinate the crawl of `selected` on that Redis."""
    from crawler.distributed.coordinator import CoordinatorError, crawl_distributed
    from crawler.distributed.keys import RedisUnavailable

    try:
        return crawl_distributed(config, selected, data_dir, redis_url, **options)
    except (RedisUnavailable, CoordinatorError) as exc:
        raise UserError(str(exc)) from exc


@click.command()
@common_options
@click.option("--redis", "redis_url", required=True, metavar="URL",
              help="The Redis the coordinator (`civcas crawl ... --redis URL`) uses.")
@click.option("--wait", type=click.FloatRange(min=0), default=None,
              help="Give up after this many seconds without a crawl to join (default: wait).")
def worker(data_dir, config_file, redis_url, wait):
    """Join a distributed crawl: fetch from the shared Redis queue until the coordinator
    says it is done, writing WARC files named after this worker into DATA/warcs/.

    The data folder must be the coordinator's (shared when on another machine); the
    sources come from the coordinator, so --config is not read. Exits 2 when Redis
    cannot be reached or the data folder is not the coordinator's.
    """
    from crawler.distributed.keys import RedisUnavailable
    from crawler.distributed.worker import WorkerError, run_worker

    try:
        worker_id = run_worker(redis_url, data_dir, wait=wait,
                               tell=lambda line: click.echo(line, err=True))
    except (RedisUnavailable, WorkerError) as exc:
        raise UserError(str(exc)) from exc
    click.echo(f"worker {worker_id} done")
