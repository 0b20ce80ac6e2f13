"""How a monthly civilian-casualty report is named to people, the same way everywhere
(`civcas changes`, the Atom feed, every watcher's message): by the month it covers,
"report of Oct 2016"; by its publication day when the month covered is not known."""

from __future__ import annotations

from datetime import date

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def month_name(value: str | None) -> str | None:
    """'2017-01' (or '2017-01-31') -> 'Jan 2017'; None when it is not such a month."""
    try:
        d = date.fromisoformat(f"{(value or '')[:7]}-01")
    except ValueError:
        return None
    return f"{_MONTHS[d.month - 1]} {d.year}"


def day_name(value: str | None) -> str | None:
    """'2016-10-06' -> '6 Oct 2016'; None when it is not such a day."""
    try:
        d = date.fromisoformat(value or "")
    except ValueError:
        return None
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def report_name(month_covered: str | None, published: str | None,
                report_id: int | None = None) -> str:
    """'report of Oct 2016' (the month covered), else 'report published 1 Dec 2016'."""
    covered = month_name(month_covered)
    if covered:
        return f"report of {covered}"
    published_on = day_name(published)
    if published_on:
        return f"report published {published_on}"
    return f"report {report_id}" if report_id is not None else "an unknown report"
