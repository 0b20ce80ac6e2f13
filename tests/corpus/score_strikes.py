"""Score the strike parsers on the replica corpus, tests/corpus/strikes/: the replica's
strike releases and the UK MoD updates page, as the replica serves them in round 1.

Each release is taken as the replica serves it (page chrome, PDF bytes), its text
extracted as a crawl would, and read by the same code as the `strike_release` handler.
The expected rows in `strikes/expected.txt` and `strikes/targets.txt` were written by hand.
Every release field, every line's fields (date, country, place, strikes, engagements,
late) and every annotated target is compared; parsed lines nobody expected are
unsupported; a release marked FAIL must raise ParseFailure. The kind a crawl gives each
release's page is scored too (the UK MoD page once per release read from it). Counted,
printed and held to
`strikes/FLOOR.toml` by the one corpus convention (`scoring.py`).

    python tests/corpus/score_strikes.py [-v] [--no-floor]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parents[1]):  # scoring.py beside it; the project, for a bare python
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import scoring  # noqa: E402
from scoring import DocScore, match_items, score_fields  # noqa: E402

from crawler.reading.extract import extract  # noqa: E402
from crawler.parsers import ParseFailure  # noqa: E402
from crawler.replicas import dod, strikes, ukmod  # noqa: E402
from crawler.tables.strikes import releases_of  # noqa: E402
from crawler.items import StoredPage  # noqa: E402

CORPUS = HERE / "strikes"
FLOOR_FILE = CORPUS / "FLOOR.toml"
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


def load_expected(path: Path = CORPUS / "expected.txt") -> list[Expected]:
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


def load_targets(path: Path = CORPUS / "targets.txt") -> dict[tuple[str, str, str], list[tuple]]:
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
    # The place as the gazetteer knows it, else as printed (a site the gazetteer lacks, "the
    # Omar oilfield"), as the real-text gate compares it.
    return {"date": date, "country": ln.country, "place": ln.place or ln.location, "strikes": ln.strikes,
            "engagements": ln.engagements, "late": ln.late_reported}


def _release_view(rel) -> dict:
    return {"publisher": rel.publisher, "number": rel.release_number, "release_date": rel.release_date,
            "period": f"{rel.period_start}..{rel.period_end}" if rel.period_start else None,
            "totals": (rel.total_strikes, rel.total_engagements)}


def _exactly(name: str):
    return lambda w, g: w[name] == g[name]


LINE_COMPARE = {name: _exactly(name) for name in LINE_FIELDS}


def parsed_releases(pages: dict[str, tuple[str, bytes, str]]) -> dict[str, object]:
    """Expected id -> the release parsed from its page, or the ParseFailure it raised."""
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
    return got


def score_release(exp: Expected, result, targets: dict[tuple[str, str], list[tuple]]) -> DocScore:
    """One expected release: its fields, its lines field by field (paired with the parsed
    line agreeing on most), the hand-annotated targets of its chosen lines; parsed lines
    nobody expected are unsupported; a release marked FAIL must raise ParseFailure."""
    score = DocScore("replica", exp.id, "ukmod" if exp.id.startswith("ukmod:") else "strikes")
    if exp.fail:
        score.field("fails", isinstance(result, ParseFailure), "ParseFailure", result)
        return score
    if result is None or isinstance(result, ParseFailure):
        fields = len(RELEASE_FIELDS) + len(exp.lines) * len(LINE_FIELDS) + sum(map(len, targets.values()))
        score.failed(repr(result) if result is not None else "no such release on the replica", fields)
        return score
    score_fields(score, exp.release, _release_view(result))
    match_items(score, exp.lines, [_line_view(ln) for ln in result.lines], LINE_COMPARE, label="line")
    for (place, date), items in targets.items():
        line = next((ln for ln in result.lines if ln.place == place and _line_view(ln)["date"] == date), None)
        have = [(t.verb, t.count, t.object) for t in line.targets] if line else []
        for item in items:
            score.field(f"target {place} {date}", item in have, item, have)
    return score


def page_of(release_id: str) -> str:
    """The page a release is read from: the UK MoD releases all come from its one page."""
    return release_id.split(":")[0]


def score() -> list[DocScore]:
    pages = corpus_pages()
    got = parsed_releases(pages)
    targets: dict[str, dict[tuple[str, str], list[tuple]]] = {}
    for (rid, place, date), items in load_targets().items():
        targets.setdefault(rid, {})[(place, date)] = items
    expected = load_expected()
    unknown = set(targets) - {e.id for e in expected if not e.fail}
    if unknown:
        raise SystemExit(f"{CORPUS / 'targets.txt'}: {sorted(unknown)} are no expected release")
    scores = []
    for exp in expected:
        score = score_release(exp, got.get(exp.id), targets.get(exp.id, {}))
        url, body, ctype = pages[page_of(exp.id)]
        scoring.score_kind(score, url, lambda body=body, ctype=ctype: (body, ctype))
        scores.append(score)
    return scores


if __name__ == "__main__":
    sys.exit(scoring.main(__doc__.split("\n\n")[0], score, FLOOR_FILE))
