"""`scrapy crawl SPIDER -a source=NAME`: the same crawl as `civcas crawl NAME`.

civcas's spiders run inside a crawl session (store, WARC writer, counters) that only the
civcas runner builds, so Scrapy's own `crawl` cannot start them: this one hands the
source to `civcas crawl` in a process of its own and returns its exit status.
"""

from __future__ import annotations

import subprocess
import sys

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError

# -a NAME=VALUE arguments passed on to `civcas crawl` as options; -a mirror="ORIGIN=BASE ..."
# gives --mirror once per space-separated pair.
_OPTIONS = {"data_dir": "--data-dir", "config": "--config", "max_pages": "--max-pages",
            "delay": "--delay", "recheck": "--recheck"}


class Command(BaseRunSpiderCommand):
    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        return "SPIDER -a source=NAME [-a data_dir=DIR] [-a max_pages=N] [-a delay=S]"

    def short_desc(self) -> str:
        return "Crawl one configured civcas source (the same as `civcas crawl NAME`)"

    def run(self, args: list[str], opts) -> None:
        if len(args) != 1:
            raise UsageError("name one spider, e.g. `scrapy crawl site -a source=sohr-en`")
        spargs = dict(opts.spargs)
        source = spargs.pop("source", None)
        if not source:
            raise UsageError("say which civcas source to crawl: -a source=NAME (see `civcas sources`)")
        unknown = sorted(set(spargs) - set(_OPTIONS) - {"mirror"})
        if unknown:
            raise UsageError(f"unknown -a argument {', '.join(unknown)}"
                             f" (known: source, mirror, {', '.join(_OPTIONS)})")
        command = [sys.executable, "-m", "crawler.cli", "crawl", source]
        for spec in spargs.pop("mirror", "").split():
            command += ["--mirror", spec]
        for name, value in spargs.items():
            command += [_OPTIONS[name], value]
        self.exitcode = subprocess.call(command)
