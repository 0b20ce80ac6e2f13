"""Score the civcas parser on the annotated corpus: allegations and report figures exactly
right, against expected.toml (written by hand). Run it: python tests/corpus/civcas/score.py
"""
from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

from crawler.parsers import ParseFailure
from crawler.reading.extract import read_html
from crawler.parsers.civcas import Report, parse_report


def html_text(body: bytes) -> str:
    """A page's text as the crawl stores it (the one text path, crawler/reading/extract.py)."""
    return read_html(body, "text/html; charset=utf-8")[0].text


HERE = Path(__file__).parent
COLUMNS = ("item", "allegation_date", "location", "place", "country", "reporting_source",
           "assessment", "reason_category", "civilians_killed", "civilians_injured")
FIGURES = [f.name for f in dataclasses.fields(Report) if f.name not in ("title", "allegations")]


def _value(text: str):
    text = text.strip()
    if text == "-":
        return None
    return int(text) if text.isdigit() else text


def expected_rows(lines: list[str]) -> list[dict]:
    rows = []
    for line in lines:
        cells = [c.strip() for c in line.split("|")]
        row = {col: _value(cell) for col, cell in zip(COLUMNS, cells)}
        row["corrected_from_date"] = row["duplicate_of_date"] = None
        extra = cells[len(COLUMNS)]
        if extra.startswith("corrected="):
            row["corrected_from_date"] = extra.split("=", 1)[1]
        elif extra.startswith("duplicate="):
            row["duplicate_of_date"] = extra.split("=", 1)[1]
        rows.append(row)
    return rows


def got_row(a) -> dict:
    row = {col: getattr(a, col) for col in COLUMNS}
    row["corrected_from_date"] = a.corrected_from_date
    row["duplicate_of_date"] = a.duplicate_of_date
    return row


def score() -> dict:
    expected = tomllib.loads((HERE / "expected.toml").read_text("utf-8"))
    out = {"allegations": [0, 0], "reports": [0, 0], "mistakes": []}
    for name, want in expected.items():
        try:
            report = parse_report(html_text((HERE / name).read_bytes()))
        except ParseFailure as exc:
            report, failure = None, str(exc)
        out["reports"][1] += 1
        if want.get("fails"):
            if report is None:
                out["reports"][0] += 1
            else:
                out["mistakes"].append(f"{name}: should have failed")
            continue
        rows = expected_rows(want["allegations"])
        out["allegations"][1] += len(rows)
        if report is None:
            out["mistakes"].append(f"{name}: failed: {failure}")
            continue
        figures = {f: want["report"].get(f, False if f == "cumulative_strikes_marked" else None)
                   for f in FIGURES}
        got = {f: getattr(report, f) for f in FIGURES}
        if got == figures:
            out["reports"][0] += 1
        else:
            out["mistakes"].append(f"{name}: figures {({k: v for k, v in got.items() if figures[k] != v})} "
                                   f"expected {({k: v for k, v in figures.items() if got[k] != v})}")
        got_rows = [got_row(a) for a in report.allegations]
        for i, row in enumerate(rows):
            if i < len(got_rows) and got_rows[i] == row:
                out["allegations"][0] += 1
            else:
                out["mistakes"].append(f"{name}: entry {i + 1}: got {got_rows[i] if i < len(got_rows) else None}, "
                                       f"expected {row}")
        if len(got_rows) > len(rows):
            out["mistakes"].append(f"{name}: {len(got_rows) - len(rows)} entries too many")
            out["allegations"][1] += len(got_rows) - len(rows)
    return out


def main() -> None:
    result = score()
    for line in result["mistakes"]:
        print(line)
    for kind in ("allegations", "reports"):
        right, total = result[kind]
        print(f"{kind}: {right}/{total} exactly right ({right / total:.1%})")


if __name__ == "__main__":
    main()
