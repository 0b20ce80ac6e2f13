"""The whole `civcas` program: crawler's command group plus `civcas schedule`.

The scheduler sits above the crawler (it imports crawler's config and runs `civcas crawl`
in processes), so its command lives in `scheduler/command.py` and only this entry point
joins the two; nothing else in crawler/ imports scheduler/ (tests/test_layout.py).
"""

from __future__ import annotations

from crawler.cli import main
from scheduler.command import schedule

main.add_command(schedule)


def run() -> None:
    """The console script `civcas` and `python -m crawler.cli`."""
    main()
