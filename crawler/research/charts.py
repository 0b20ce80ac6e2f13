"""`civcas chart`: PNG charts from the store (matplotlib, no display needed).

One measure per chart, on a real time axis (a gap of two years looks like two years), with
the values written on the marks and the legend beside the plot, never over it. Each chart
says under it what it covers: which reports, claims or releases the store holds, since a
sum over the releases crawled is only as complete as the crawl.

1. `allegations.png`: allegations the coalition assessed credible and non-credible, per
   month covered by its monthly reports (the report's own totals, else its listed entries).
2. `coalition_deaths.png`: the coalition's cumulative figure of civilians it killed, as
   each monthly report stated it.
3. `claims.png`: civilians killed according to each monitor, a running total of its dated
   claims (claims that are themselves running totals are left out, not added twice).
4. `strikes.png`: coalition strikes per month, by country, summed from the strike lines of
   the releases crawled.

Each PNG carries its title, axis labels, legend entries and coverage note as text chunks
(`Title`, `civcas:xlabel`, `civcas:ylabel`, `civcas:legend`, `civcas:coverage`), so what a
chart shows can be checked without looking at it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; never a window
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from archive.storefile import connect_read_only  # noqa: E402

COLOURS = {"credible": "#b2182b", "non-credible": "#7f7f7f"}


@dataclass(frozen=True)
class Chart:
    path: Path
    points: int


def _tables(db) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def month_day(month: str) -> date:
    """`YYYY-MM` as the first day of that month (where a monthly mark sits on the axis)."""
    return date(int(month[:4]), int(month[5:7]), 1)


def _is_month(text: str | None) -> bool:
    return text is not None and len(text) >= 7 and text[:4].isdigit() and text[5:7].isdigit() and text[4] == "-"


# -- the data --------------------------------------------------------------------------------

def assessment_series(db) -> dict:
    """{month: {"credible": n, "non-credible": n, "counted": bool}} per month covered, from
    the original reports (copies elsewhere left out); `counted` when the numbers are the
    report's listed entries because it printed no totals."""
    tables = _tables(db)
    months: dict[str, dict] = {}
    if "civcas_reports" not in tables:
        return months
    for month, credible, non_credible in db.execute(
        "SELECT month_covered, credible, non_credible FROM civcas_reports"
        " WHERE month_covered IS NOT NULL AND alternate_of IS NULL ORDER BY month_covered, id"
    ):
        if _is_month(month) and (credible is not None or non_credible is not None):
            months[month[:7]] = {"credible": credible or 0, "non-credible": non_credible or 0,
                                 "counted": False}
    if "allegations" in tables:
        counted: dict[str, dict] = defaultdict(lambda: {"credible": 0, "non-credible": 0,
                                                        "counted": True})
        for month, assessment, count in db.execute(
            "SELECT r.month_covered, a.assessment, COUNT(*) FROM allegations a"
            " JOIN civcas_reports r ON r.id = a.report_id"
            " WHERE a.assessment IN ('credible', 'non_credible') AND r.month_covered IS NOT NULL"
            " AND r.alternate_of IS NULL GROUP BY 1, 2"
        ):
            if _is_month(month) and month[:7] not in months:
                counted[month[:7]][assessment.replace("_", "-")] = count
        months.update(counted)
    return dict(sorted(months.items()))


def coalition_deaths_series(db) -> dict[str, int]:
    """{month covered: the cumulative civilian deaths the report stated}."""
    if "civcas_reports" not in _tables(db):
        return {}
    series = {}
    for month, deaths in db.execute(
        "SELECT month_covered, cumulative_civilian_deaths FROM civcas_reports"
        " WHERE cumulative_civilian_deaths IS NOT NULL AND alternate_of IS NULL"
        " ORDER BY month_covered, id"
    ):
        if _is_month(month):
            series[month[:7]] = deaths
    return series


def claims_series(db) -> tuple[dict[str, dict[date, int]], dict]:
    """Per claimant: {day: running total of killed (minimum figures)} over its dated claims,
    one claim counted once however many pages repeat it; and what was read."""
    series: dict[str, dict[date, int]] = {}
    coverage = {"claims": 0, "cumulative_left_out": 0, "pages": 0}
    if "claims" not in _tables(db):
        return series, coverage
    rows = db.execute(
        "SELECT claimant, event_date, killed_min, cumulative, quote, document_id FROM claims"
        " WHERE claimant IS NOT NULL AND killed_min IS NOT NULL AND event_date IS NOT NULL"
        " ORDER BY event_date, id"
    ).fetchall()
    seen, pages = set(), set()
    running: defaultdict[str, int] = defaultdict(int)
    for claimant, event_date, killed, cumulative, quote, document_id in rows:
        if len(event_date) < 10:
            continue  # a month or a year: no day to put it on
        if cumulative:
            coverage["cumulative_left_out"] += 1
            continue
        key = (claimant, event_date, killed, quote)
        if key in seen:
            continue
        seen.add(key)
        pages.add(document_id)
        running[claimant] += killed
        series.setdefault(claimant, {})[date.fromisoformat(event_date[:10])] = running[claimant]
        coverage["claims"] += 1
    coverage["pages"] = len(pages)
    return series, coverage


def strike_series(db) -> tuple[dict[str, dict[str, int]], dict]:
    """{country: {month: strikes}} from dated strike lines, and which releases they came
    from (how many, and their dates)."""
    series: dict[str, dict[str, int]] = defaultdict(dict)
    coverage = {"releases": 0, "first": None, "last": None}
    if "strikes" not in _tables(db):
        return {}, coverage
    for country, month, strikes in db.execute(
        "SELECT COALESCE(country, 'country not given'), substr(strike_date, 1, 7), SUM(strikes)"
        " FROM strikes WHERE strike_date IS NOT NULL AND strikes IS NOT NULL GROUP BY 1, 2"
        " ORDER BY 2"
    ):
        if _is_month(month):
            series[country][month] = strikes
    releases, first, last = db.execute(
        "SELECT COUNT(DISTINCT r.id), MIN(s.strike_date), MAX(s.strike_date) FROM strikes s"
        " JOIN strike_releases r ON r.id = s.release_id"
        " WHERE s.strike_date IS NOT NULL AND s.strikes IS NOT NULL"
    ).fetchone()
    coverage.update(releases=releases, first=first, last=last)
    return dict(series), coverage


# -- drawing ---------------------------------------------------------------------------------

def _figure(title: str, ylabel: str):
    fig, ax = plt.subplots(figsize=(12, 6))
    ax.set_title(title, fontsize=13, loc="left")
    ax.set_xlabel("Month")
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="#dddddd")
    ax.set_axisbelow(True)
    return fig, ax


def _time_axis(ax, days: list[date]) -> None:
    """A calendar axis: years and months where they fall, with a month's margin."""
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if days:
        ax.set_xlim(min(days) - timedelta(days=35), max(days) + timedelta(days=35))


def _label_points(ax, xs, ys, colour="black") -> None:
    for x, y in zip(xs, ys, strict=True):
        ax.annotate(f"{y:,}", (x, y), textcoords="offset points", xytext=(0, 6), ha="center",
                    fontsize=8, color=colour)


def _save(fig, ax, path: Path, coverage: str) -> None:
    handles, labels = ax.get_legend_handles_labels()
    if handles:  # beside the plot, so it hides no mark
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small",
                  frameon=False)
    fig.text(0.01, 0.01, coverage, fontsize=8.5, ha="left", va="bottom", wrap=True,
             color="#333333")
    metadata = {
        "Title": ax.get_title(loc="left"),
        "civcas:xlabel": ax.get_xlabel(),
        "civcas:ylabel": ax.get_ylabel(),
        "civcas:legend": " | ".join(labels),
        "civcas:coverage": coverage,
    }
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(path, format="png", dpi=100, metadata=metadata)
    plt.close(fig)


def _no_data(ax, what: str) -> None:
    ax.text(0.5, 0.5, f"No {what} in the store yet", ha="center", va="center",
            transform=ax.transAxes)
    ax.set_xticks([])


def chart_allegations(db, path: Path) -> Chart:
    series = assessment_series(db)
    fig, ax = _figure("Allegations the coalition assessed, per month its reports cover",
                      "Allegations assessed")
    days = [month_day(m) for m in series]
    if series:
        bottom = [0] * len(days)
        for kind in ("credible", "non-credible"):
            values = [series[m][kind] for m in series]
            bars = ax.bar(days, values, width=24, bottom=bottom, label=kind, color=COLOURS[kind])
            ax.bar_label(bars, labels=[f"{v:,}" if v else "" for v in values],
                         label_type="center", fontsize=8, color="white")
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        _time_axis(ax, days)
    else:
        _no_data(ax, "monthly reports")
    counted = [m for m, v in series.items() if v["counted"]]
    coverage = (f"{len(series)} monthly reports in the store"
                + (f", covering {min(series)} to {max(series)}" if series else "")
                + ". A month without a crawled report has no bar (not zero)."
                + (f" Counted from the listed entries (no totals printed): {', '.join(counted)}."
                   if counted else ""))
    _save(fig, ax, path, coverage)
    return Chart(path, 2 * len(series))


def chart_coalition_deaths(db, path: Path) -> Chart:
    series = coalition_deaths_series(db)
    fig, ax = _figure("Civilians the coalition says it killed since 2014, as each monthly report stated",
                      "Civilian deaths (cumulative)")
    days = [month_day(m) for m in series]
    if series:
        values = list(series.values())
        ax.plot(days, values, marker="o", color="black",
                label="coalition: cumulative civilian deaths")
        _label_points(ax, days, values)
        ax.set_ylim(0, max(values) * 1.15)
        _time_axis(ax, days)
    else:
        _no_data(ax, "reports with a cumulative death figure")
    coverage = (f"{len(series)} monthly reports state a cumulative figure"
                + (f" ({min(series)} to {max(series)})" if series else "")
                + "; a month without a crawled report has no point.")
    _save(fig, ax, path, coverage)
    return Chart(path, len(series))


def chart_claims(db, path: Path) -> Chart:
    series, read = claims_series(db)
    fig, ax = _figure("Civilians killed according to each monitor (running total of its dated claims)",
                      "Civilians killed, claimed (running total)")
    days: list[date] = []
    for claimant, points in sorted(series.items()):
        xs, ys = list(points), list(points.values())
        days += xs
        ax.step(xs, ys, where="post", marker="o", markersize=6,
                label=f"{claimant} ({len(xs)} {'day' if len(xs) == 1 else 'days'})")
        _label_points(ax, xs[-1:], ys[-1:], colour=ax.lines[-1].get_color())
    if days:
        _time_axis(ax, days)
        ax.set_ylim(0, max(max(p.values()) for p in series.values()) * 1.15)
    else:
        _no_data(ax, "dated claims")
    coverage = (f"{read['claims']} dated claims with a death toll, from {read['pages']} archived"
                f" pages; {read['cumulative_left_out']} claims that are themselves running totals"
                " left out. A monitor's total counts only the claims crawled.")
    _save(fig, ax, path, coverage)
    return Chart(path, sum(len(p) for p in series.values()))


def chart_strikes(db, path: Path) -> Chart:
    series, read = strike_series(db)
    fig, ax = _figure("Coalition strikes per month, by country (the coalition's own releases)",
                      "Strikes reported")
    days: list[date] = []
    countries = sorted(series)
    width = 24 / max(len(countries), 1)
    for n, country in enumerate(countries):
        offset = timedelta(days=(n - (len(countries) - 1) / 2) * width)
        xs = [month_day(m) + offset for m in series[country]]
        values = list(series[country].values())
        days += xs
        bars = ax.bar(xs, values, width=width, label=country)
        ax.bar_label(bars, labels=[f"{v:,}" for v in values], fontsize=8, padding=2)
    if days:
        _time_axis(ax, days)
    else:
        _no_data(ax, "dated strike lines")
    coverage = (f"Sums of the strike lines of the {read['releases']} releases crawled"
                + (f" (strikes dated {read['first']} to {read['last']})" if read["first"] else "")
                + ". A month with a release missing counts low; a month no crawled release"
                " covers has no bar, which is not zero strikes.")
    _save(fig, ax, path, coverage)
    return Chart(path, sum(len(s) for s in series.values()))


def write_charts(db_path: Path, out_dir: Path) -> list[Chart]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    db = connect_read_only(db_path)
    try:
        return [
            chart_allegations(db, out_dir / "allegations.png"),
            chart_coalition_deaths(db, out_dir / "coalition_deaths.png"),
            chart_claims(db, out_dir / "claims.png"),
            chart_strikes(db, out_dir / "strikes.png"),
        ]
    finally:
        db.close()
