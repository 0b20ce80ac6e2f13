"""Score the strike parsers against the hand-annotated corpus.

    .venv/bin/python tests/corpus/score_strikes.py

Each release is taken as the replica serves it in round 1 (page chrome, PDF bytes), its
text extracted as a crawl would, and read by the same code as the `strike_release`
handler. The expected rows in `strikes/expected.txt` and `strikes/targets.txt` were
written by hand. A strike line is right when date, place, country and strike count all
match; `strikes/floor.txt` pins the lowest share of right lines the tests accept.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.reading.extract import extract  # noqa: E402
from crawler.parsers import ParseFailure  # noqa: E402
from crawler.replicas import dod, strikes, ukmod  # noqa: E402
from crawler.tables.strikes import releases_of  # noqa: E402
from crawler.items import StoredPage  # noqa: E402

HERE = Path(__file__).resolve().parent / "strikes"
FLOOR_FILE = HERE / "floor.txt"
LINE_FIELDS = ("date", "country", "place", "strikes", "engagements", "late")
RELEASE_FIELDS = ("publisher", "number", "release_date", "period", "totals")


@dataclass
class Expected:
    id: str
    fail: bool = False
    release: dict = field(default_factory=dict)
    lines: list[dict] = field(default_factory=list)


def _none(v: str) -> str | None:
    v = v.strip()
    return None if v == "-" else v


def _int(v: str) -> int | None:
    v = _none(v)
    return None if v is None else int(v)


def load_expected(path: Path = HERE / "expected.txt") -> list[Expected]:
    out: list[Expected] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("=="):
            parts = [p.strip() for p in line[2:].split("|")]
            if parts[1] == "FAIL":
                out.append(Expected(parts[0], fail=True))
                continue
            strikes_, _, engagements = parts[5].partition("/")
            out.append(Expected(parts[0], release={
                "publisher": parts[1], "number": _none(parts[2]), "release_date": parts[3],
                "period": _none(parts[4]), "totals": (_int(strikes_), _int(engagements))}))
            continue
        cells = [c.strip() for c in line.split("|")]
        out[-1].lines.append({
            "date": cells[0], "country": _none(cells[1]), "place": _none(cells[2]),
            "strikes": _int(cells[3]), "engagements": _int(cells[4]),
            "late": len(cells) > 5 and cells[5] == "late"})
    return out


def load_targets(path: Path = HERE / "targets.txt") -> dict[tuple[str, str, str], list[tuple]]:
    out: dict[tuple[str, str, str], list[tuple]] = {}
    key = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("=="):
            key = tuple(p.strip() for p in line[2:].split("|"))
            out[key] = []
            continue
        verb, count, obj = line.split(" ", 2)
        out[key].append((verb, None if count == "-" else int(count), obj))
    return out


def corpus_pages() -> dict[str, tuple[str, bytes, str]]:
    """Release id -> (original URL, body, content type), as the replica serves them."""
    ir, dg = dod.inherentresolve(1), dod.defense_gov(1)
    pages: dict[str, tuple[str, bytes, str]] = {}
    for r in strikes.html_releases(1):
        path = dod.strike_path(r)
        pages[r["id"]] = (dod.IR + path, ir[path].body, ir[path].content_type)
    for r in strikes.pdfs(1):
        path = r["href"].split("?")[0]
        pages[r["id"]] = (dod.IR + r["href"], ir[path].body, ir[path].content_type)
    for a in strikes.dod_articles():
        path = f"{a['section']}{a['id']}/{a['slug']}/"
        pages[str(a["id"])] = (dod.DG + path, dg[path].body, dg[path].content_type)
    uk = ukmod.govuk(1)[ukmod.PATH]
    pages["ukmod"] = (ukmod.HOST + ukmod.PATH, uk.body, uk.content_type)
    return pages


def parse_page(url: str, body: bytes, ctype: str):
    page, _ = extract(body, ctype, url)
    stored = StoredPage(document_id=0, version_id=0, source="corpus", kind="strike_release",
                        url=url, content_type=ctype, body=body, text=page.text, title=page.title,
                        published=page.published, language=page.language)
    return releases_of(stored)


def _line_view(ln) -> dict:
    date = ln.strike_date or f"{ln.period_start}..{ln.period_end}"
    return {"date": date, "country": ln.country, "place": ln.place, "strikes": ln.strikes,
            "engagements": ln.engagements, "late": ln.late_reported}


def _key(d: dict) -> tuple:
    return (d["date"], d["country"], d["place"], d["strikes"])


def score() -> dict:
    pages = corpus_pages()
    got: dict[str, object] = {}
    for rid, (url, body, ctype) in pages.items():
        try:
            releases = parse_page(url, body, ctype)
        except ParseFailure as exc:
            got[rid] = exc
            continue
        if rid == "ukmod":
            for rel in releases:
                got[f"ukmod:{rel.release_date}"] = rel
        else:
            got[rid] = releases[0]

    hits = {f: 0 for f in LINE_FIELDS}
    exact = lines_total = 0
    rel_hits = {f: 0 for f in RELEASE_FIELDS}
    releases_total = failures_right = failures_total = extra_lines = 0
    misses: list[str] = []
    for exp in load_expected():
        result = got.get(exp.id)
        if exp.fail:
            failures_total += 1
            failures_right += isinstance(result, ParseFailure)
            if not isinstance(result, ParseFailure):
                misses.append(f"{exp.id}: expected a parse failure")
            continue
        releases_total += 1
        lines_total += len(exp.lines)
        if result is None or isinstance(result, ParseFailure):
            misses.append(f"{exp.id}: {result!r}")
            continue
        view = {"publisher": result.publisher, "number": result.release_number,
                "release_date": result.release_date,
                "period": f"{result.period_start}..{result.period_end}" if result.period_start else None,
                "totals": (result.total_strikes, result.total_engagements)}
        for f in RELEASE_FIELDS:
            ok = view[f] == exp.release[f]
            rel_hits[f] += ok
            if not ok:
                misses.append(f"{exp.id}: {f} {view[f]!r} != {exp.release[f]!r}")
        parsed = [_line_view(ln) for ln in result.lines]
        remaining = list(parsed)
        unmatched = []
        for want in exp.lines:
            match = next((p for p in remaining if _key(p) == _key(want)), None)
            if match is not None:
                remaining.remove(match)
                exact += 1
                for f in LINE_FIELDS:
                    hits[f] += match[f] == want[f]
                    if match[f] != want[f]:
                        misses.append(f"{exp.id}: {_key(want)} {f} {match[f]!r} != {want[f]!r}")
            else:
                unmatched.append(want)
        # lines not exactly right: compare field by field with what is left, in order
        for want, have in zip(unmatched, remaining + [None] * len(unmatched)):
            misses.append(f"{exp.id}: expected {_key(want)}, got {_key(have) if have else None}")
            if have is not None:
                for f in LINE_FIELDS:
                    hits[f] += have[f] == want[f]
        extra_lines += max(0, len(remaining) - len(unmatched))

    target_hits = target_total = 0
    for (rid, place, date), items in load_targets().items():
        rel = got.get(rid)
        line = None
        if rel is not None and not isinstance(rel, ParseFailure):
            line = next((ln for ln in rel.lines if ln.place == place and _line_view(ln)["date"] == date), None)
        have = [(t.verb, t.count, t.object) for t in line.targets] if line else []
        target_total += len(items)
        target_hits += sum(1 for item in items if item in have)
        for item in items:
            if item not in have:
                misses.append(f"{rid} {place} {date}: target {item} not in {have}")

    return {
        "releases": releases_total, "lines": lines_total, "exact_lines": exact,
        "line_accuracy": exact / lines_total if lines_total else 0.0,
        "fields": {f: hits[f] / lines_total for f in LINE_FIELDS},
        "release_fields": {f: rel_hits[f] / releases_total for f in RELEASE_FIELDS},
        "targets": target_hits / target_total if target_total else 0.0,
        "failures": (failures_right, failures_total), "extra_lines": extra_lines,
        "misses": misses,
    }


def floor() -> float:
    return float(FLOOR_FILE.read_text().split()[0])


def main() -> int:
    s = score()
    print(f"releases: {s['releases']} (+{s['failures'][1]} that must fail: {s['failures'][0]} did)")
    print(f"strike lines exactly right (date, place, country, strikes): "
          f"{s['exact_lines']}/{s['lines']} = {s['line_accuracy']:.1%}   floor {floor():.1%}")
    print("per field: " + ", ".join(f"{f} {v:.1%}" for f, v in s["fields"].items()))
    print("release fields: " + ", ".join(f"{f} {v:.1%}" for f, v in s["release_fields"].items()))
    print(f"targets (hand-annotated subset): {s['targets']:.1%}; lines nobody expected: {s['extra_lines']}")
    for miss in s["misses"]:
        print("  miss:", miss)
    return 0 if s["line_accuracy"] >= floor() else 1


if __name__ == "__main__":
    raise SystemExit(main())
