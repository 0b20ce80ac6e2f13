"""Score the civcas report parser on the replica corpus, tests/corpus/civcas/: the replica's
report pages and their reposts (written once by `civcas/make_pages.py`, committed), the
expected rows in `civcas/expected.toml` (written by hand from facts.json and the page text).

Each page is read as the crawl reads it (the one text path, then `parse_report`). Per page:
every report figure (one not listed must come out None), and every allegation entry field by
field against the entry at the same place in page order; entries the page does not have are
unsupported; a page marked `fails` must raise ParseFailure. Counted, printed and held to
`civcas/FLOOR.toml` by the one corpus convention (`scoring.py`).

    python tests/corpus/score_civcas.py [-v] [--no-floor]
"""

from __future__ import annotations

import dataclasses
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parents[1]):  # scoring.py beside it; the project, for a bare python
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import scoring  # noqa: E402
from scoring import DocScore, match_items, score_fields  # noqa: E402

from crawler.parsers import ParseFailure  # noqa: E402
from crawler.parsers.civcas import Report, parse_report  # noqa: E402
from crawler.reading.extract import read_html  # noqa: E402

CORPUS = HERE / "civcas"
FLOOR_FILE = CORPUS / "FLOOR.toml"
COLUMNS = ("item", "allegation_date", "location", "place", "country", "reporting_source",
           "assessment", "reason_category", "civilians_killed", "civilians_injured")
ENTRY_FIELDS = (*COLUMNS, "corrected_from_date", "duplicate_of_date")
FIGURES = [f.name for f in dataclasses.fields(Report) if f.name not in ("title", "allegations")]


def html_text(body: bytes) -> str:
    """A page's text as the crawl stores it (the one text path, crawler/reading/extract.py)."""
    return read_html(body, "text/html; charset=utf-8")[0].text


def _value(text: str):
    text = text.strip()
    if text == "-":
        return None
    return int(text) if text.isdigit() else text


def expected_rows(lines: list[str]) -> list[dict]:
    """expected.toml's entry lines ("item | date | ... | extra") as rows of ENTRY_FIELDS."""
    rows = []
    for line in lines:
        cells = [c.strip() for c in line.split("|")]
        row = {col: _value(cell) for col, cell in zip(COLUMNS, cells, strict=False)}
        row["corrected_from_date"] = row["duplicate_of_date"] = None
        extra = cells[len(COLUMNS)]
        if extra.startswith("corrected="):
            row["corrected_from_date"] = extra.split("=", 1)[1]
        elif extra.startswith("duplicate="):
            row["duplicate_of_date"] = extra.split("=", 1)[1]
        rows.append(row)
    return rows


def expected_figures(want: dict) -> dict:
    """Every figure of a report: the ones listed, None (or unmarked) for the rest."""
    return {f: want.get(f, False if f == "cumulative_strikes_marked" else None) for f in FIGURES}


def got_row(a) -> dict:
    return {col: getattr(a, col) for col in ENTRY_FIELDS}


def _exactly(name: str):
    return lambda w, g: w[name] == g[name]


ENTRY_COMPARE = {name: _exactly(name) for name in ENTRY_FIELDS}


def score_page(name: str, want: dict) -> DocScore:
    score = DocScore("replica", name, "civcas")
    try:
        report, failure = parse_report(html_text((CORPUS / name).read_bytes())), None
    except ParseFailure as exc:
        report, failure = None, str(exc)
    if want.get("fails"):
        score.field("fails", report is None, "ParseFailure", "a report")
        return score
    figures, rows = expected_figures(want["report"]), expected_rows(want["allegations"])
    if report is None:
        score.failed(f"ParseFailure: {failure}", len(figures) + len(rows) * len(ENTRY_FIELDS))
        return score
    score_fields(score, figures, report)
    match_items(score, rows, [got_row(a) for a in report.allegations], ENTRY_COMPARE,
                label="entry", ordered=True)
    return score


def score() -> list[DocScore]:
    expected = tomllib.loads((CORPUS / "expected.toml").read_text("utf-8"))
    pages = {path.name for path in CORPUS.glob("*.html")}
    if pages - set(expected):
        raise SystemExit(f"{CORPUS}: {sorted(pages - set(expected))} have no expected rows")
    return [score_page(name, want) for name, want in expected.items()]


if __name__ == "__main__":
    sys.exit(scoring.main(__doc__.split("\n\n")[0], score, FLOOR_FILE))
