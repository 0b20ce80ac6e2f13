"""`civcas chart`: PNG charts from the store (matplotlib, no display needed).

1. `assessments.png`: per monthly report, allegations assessed credible and non-credible
   (bars), the coalition's cumulative civilian-death figure, and each monitor's running
   tally of civilians killed from its claims (lines, right axis).
2. `strikes.png`: coalition strikes per month per country.

Each PNG carries its title, axis labels and legend entries as text chunks, so what a
chart shows can be checked without looking at it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; never a window
import matplotlib.pyplot as plt  # noqa: E402

from archive.storefile import connect_read_only  # noqa: E402


@dataclass(frozen=True)
class Chart:
    path: Path
    points: int


def _tables(db) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def assessment_series(db) -> dict:
    """Per report month: credible and non-credible counts, the cumulative death figure;
    per claimant: running tally of killed (minimum figures) by event month."""
    tables = _tables(db)
    months: dict[str, dict] = {}
    if "civcas_reports" in tables:
        for month, credible, non_credible, deaths in db.execute(
            "SELECT month_covered, credible, non_credible, cumulative_civilian_deaths"
            " FROM civcas_reports WHERE month_covered IS NOT NULL ORDER BY month_covered"
        ):
            entry = months.setdefault(month, {"credible": None, "non_credible": None, "deaths": None})
            for key, value in (("credible", credible), ("non_credible", non_credible), ("deaths", deaths)):
                if value is not None:
                    entry[key] = value
    if "allegations" in tables:
        # Where a report gives no totals, count its assessed allegations.
        for month, assessment, count in db.execute(
            "SELECT r.month_covered, a.assessment, COUNT(*) FROM allegations a"
            " JOIN civcas_reports r ON r.id = a.report_id"
            " WHERE a.assessment IN ('credible', 'non_credible') AND r.month_covered IS NOT NULL"
            " GROUP BY 1, 2"
        ):
            entry = months.setdefault(month, {"credible": None, "non_credible": None, "deaths": None})
            if entry[assessment] is None:
                entry[assessment] = count
    tallies: dict[str, dict[str, int]] = defaultdict(dict)
    if "claims" in tables:
        running: dict[str, int] = defaultdict(int)
        for claimant, month, killed in db.execute(
            "SELECT claimant, substr(event_date, 1, 7), SUM(killed_min) FROM claims"
            " WHERE event_date IS NOT NULL AND killed_min IS NOT NULL AND claimant IS NOT NULL"
            " GROUP BY 1, 2 ORDER BY 2"
        ):
            running[claimant] += killed
            tallies[claimant][month] = running[claimant]
    return {"months": dict(sorted(months.items())), "tallies": dict(tallies)}


def strike_series(db) -> dict[str, dict[str, int]]:
    """{country: {month: strikes}} from dated strike rows."""
    series: dict[str, dict[str, int]] = defaultdict(dict)
    if "strikes" in _tables(db):
        for country, month, strikes in db.execute(
            "SELECT COALESCE(country, 'unknown'), substr(strike_date, 1, 7), SUM(strikes)"
            " FROM strikes WHERE strike_date IS NOT NULL AND strikes IS NOT NULL GROUP BY 1, 2"
            " ORDER BY 2"
        ):
            series[country][month] = strikes
    return dict(series)


def _save(fig, ax, path: Path, extra_axes=()) -> None:
    handles, labels = ax.get_legend_handles_labels()
    for other in extra_axes:
        h, lab = other.get_legend_handles_labels()
        handles, labels = handles + h, labels + lab
    if handles:
        ax.legend(handles, labels, loc="upper left", fontsize="small")
    metadata = {
        "Title": ax.get_title(),
        "civcas:xlabel": ax.get_xlabel(),
        "civcas:ylabel": " | ".join([ax.get_ylabel(), *(o.get_ylabel() for o in extra_axes)]),
        "civcas:legend": " | ".join(labels),
    }
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, format="png", dpi=100, metadata=metadata)
    plt.close(fig)


def _no_data(ax, what: str) -> None:
    ax.text(0.5, 0.5, f"No {what} in the store yet", ha="center", va="center", transform=ax.transAxes)


def chart_assessments(db, path: Path) -> Chart:
    data = assessment_series(db)
    months = list(data["months"])
    fig, ax = plt.subplots(figsize=(11, 5.5))
    ax.set_title("Coalition assessments of civilian-casualty allegations, and deaths claimed")
    ax.set_xlabel("Month (report covered; claims by event month)")
    ax.set_ylabel("Allegations assessed in the report")
    right = ax.twinx()
    right.set_ylabel("Civilians killed (cumulative)")
    points = 0
    if months:
        x = range(len(months))
        credible = [data["months"][m]["credible"] or 0 for m in months]
        non_credible = [data["months"][m]["non_credible"] or 0 for m in months]
        ax.bar([i - 0.2 for i in x], credible, width=0.4, label="credible", color="#b2182b")
        ax.bar([i + 0.2 for i in x], non_credible, width=0.4, label="non-credible", color="#999999")
        deaths = [(i, data["months"][m]["deaths"]) for i, m in enumerate(months) if data["months"][m]["deaths"] is not None]
        if deaths:
            right.plot([i for i, _ in deaths], [d for _, d in deaths], marker="o", color="black",
                       label="coalition: cumulative civilian deaths")
        points += len(months) + len(deaths)
    all_months = sorted(set(months) | {m for t in data["tallies"].values() for m in t})
    position = {m: i for i, m in enumerate(all_months)}
    for claimant, tally in sorted(data["tallies"].items()):
        right.plot([position[m] for m in tally], list(tally.values()), marker=".", linestyle="--",
                   label=f"{claimant}: claimed killed (running total)")
        points += len(tally)
    if all_months:
        ax.set_xticks(range(len(all_months)))
        ax.set_xticklabels(all_months)
    else:
        _no_data(ax, "reports or claims")
    _save(fig, ax, path, extra_axes=(right,))
    return Chart(path, points)


def chart_strikes(db, path: Path) -> Chart:
    series = strike_series(db)
    fig, ax = plt.subplots(figsize=(11, 5.5))
    ax.set_title("Coalition strikes per month, by country (coalition's own releases)")
    ax.set_xlabel("Month")
    ax.set_ylabel("Strikes reported")
    months = sorted({m for s in series.values() for m in s})
    position = {m: i for i, m in enumerate(months)}
    points = 0
    for country, by_month in sorted(series.items()):
        ax.plot([position[m] for m in by_month], list(by_month.values()), marker="o", label=country)
        points += len(by_month)
    if months:
        ax.set_xticks(range(len(months)))
        ax.set_xticklabels(months)
    else:
        _no_data(ax, "dated strike rows")
    _save(fig, ax, path)
    return Chart(path, points)


def write_charts(db_path: Path, out_dir: Path) -> list[Chart]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    db = connect_read_only(db_path)
    try:
        return [
            chart_assessments(db, out_dir / "assessments.png"),
            chart_strikes(db, out_dir / "strikes.png"),
        ]
    finally:
        db.close()
