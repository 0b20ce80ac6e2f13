"""Source health: a source is broken when its last N finished runs were all bad, and has
recovered when, after that, a run is good again. Each change of state is one
`source_health` row and one notification per watcher, in the same transaction.

A run is bad when it failed (nothing could be fetched), read no document at all, or its
parser failed on most of the pages it tried. Runs still marked `running` (in progress or
killed) and runs stopped by a signal (close reason `shutdown` or `killed`: the archivist
stopped them) are not judged; a run stopped at the scheduler's time limit is.

A source that is not broken is **drifting** when its parses stop reconciling with the
figures its documents print: over its last `DriftRule.runs` judged runs, more than
`DriftRule.share` of the versions parsed (at least `DriftRule.min_versions` of them) have a
check that is not `ok` in `parse_checks` (each run counts them in `parse_mismatches`).
Fewer parsed versions than that say nothing either way. A drifting source whose window
reconciles again has `recovered`. Drifting is a change of state like broken: one row, one
notification per watcher.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.outbox import enqueue
from archive.store import Store, inserted_id, utc_now


@dataclass(frozen=True)
class HealthChange:
    id: int
    source: str
    state: str  # 'broken', 'drifting' or 'recovered'
    reason: str
    run_id: int


@dataclass(frozen=True)
class DriftRule:
    """When a source's parses count as drifting (`[health]` drift_runs, drift_share,
    drift_min_versions)."""

    runs: int = 3
    share: float = 0.5
    min_versions: int = 3


def _drift(runs: list[dict], rule: DriftRule) -> tuple[bool, str] | None:
    """Whether the latest runs (newest first) parsed mostly versions that do not
    reconcile, with the figures in words; None when too few versions were parsed."""
    window = runs[: rule.runs]
    parsed = sum(run["parsed_pages"] or 0 for run in window)
    bad = sum(run.get("parse_mismatches") or 0 for run in window)
    if parsed < max(rule.min_versions, 1):
        return None
    words = (f"{bad} of {parsed} versions parsed in the last {len(window)} runs do not reconcile"
             " with the figures their documents print")
    return bad > rule.share * parsed, words


def run_problem(run: dict, parse_failure_share: float) -> str | None:
    """Why a finished run is bad, in words, or None when it is fine."""
    if run["status"] == "failed":
        return "the run failed: nothing could be fetched"
    if not run["documents_seen"] and not run["documents_resting"]:
        # (documents a listing linked but the recheck cadence left alone were found)
        return "the run found no documents"
    failed = run["parse_failures"] or 0
    tried = failed + (run["parsed_pages"] or 0)
    if failed and failed > parse_failure_share * tried:
        return f"the parser failed on {failed} of {tried} pages"
    return None


def current_state(store: Store, source: str) -> str | None:
    """'broken', 'drifting', 'recovered' or None (never judged) for a source."""
    row = store.db.execute(
        "SELECT state FROM source_health WHERE source = ? ORDER BY id DESC LIMIT 1", [source]
    ).fetchone()
    return row[0] if row else None


def evaluate(
    store: Store, source: str, *, runs_in_a_row: int, parse_failure_share: float,
    drift: DriftRule | None = None,
) -> HealthChange | None:
    """Judge a source by its latest finished runs; record and queue a change of state.
    Without `drift`, parses that do not reconcile are not judged."""
    runs = list(
        store.db.query(
            "SELECT * FROM crawl_runs WHERE source = ? AND status != 'running'"
            " AND COALESCE(close_reason, '') NOT IN ('shutdown', 'killed')"
            " ORDER BY id DESC LIMIT ?",
            [source, max(runs_in_a_row, drift.runs if drift else 1, 1)],
        )
    )
    if not runs:
        return None
    recent = runs[: max(runs_in_a_row, 1)]
    problems = [run_problem(run, parse_failure_share) for run in recent]
    latest = runs[0]
    state = current_state(store, source)
    if state != "broken" and len(recent) >= runs_in_a_row and all(problems):
        reason = f"{len(recent)} bad runs in a row; the last: {problems[0]}"
        return _record(store, source, "broken", reason, latest["id"])
    if state == "broken" and problems[0] is None:
        reason = f"run {latest['id']} read {latest['documents_seen']} documents"
        return _record(store, source, "recovered", reason, latest["id"])
    if state == "broken" or drift is None:
        return None
    verdict = _drift(runs, drift)
    if verdict is None:
        return None
    drifting, words = verdict
    if drifting and state != "drifting":
        return _record(store, source, "drifting", words, latest["id"])
    if not drifting and state == "drifting":
        return _record(store, source, "recovered", f"parses reconcile again: {words}", latest["id"])
    return None


def _record(store: Store, source: str, state: str, reason: str, run_id: int) -> HealthChange:
    with store.db.conn:
        row_id = inserted_id(store.db.table("source_health").insert(
            {"source": source, "at": utc_now(), "state": state, "reason": reason, "run_id": run_id}
        ).last_pk)
        # Same transaction: the alert cannot be lost, nor queued twice.
        enqueue(store.db, "source_health", row_id, store.channels)
    return HealthChange(row_id, source, state, reason, run_id)
