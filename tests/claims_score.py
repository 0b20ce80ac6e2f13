"""Score the casualty-claims parser against the hand-annotated pages in tests/corpus/claims/.

Each page is taken from the replica sites as a crawl would get it (the replica's bytes,
then the text extractor), then read by the claims parser with the publisher the crawl
would use. An expected claim is right when a parsed claim of the page agrees on claimant,
event date, place and killed (min and max). Run `python tests/claims_score.py` for the
per-page table; `test_claims_corpus.py` holds the score to the floor in FLOOR.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "claims"
FIELDS = ("claimant", "event_date", "place", "killed_min", "killed_max")


def page_claims(source: str, url: str):
    from crawler.reading.extract import extract
    from crawler.tables.monitors import OUTLETS, PUBLISHERS
    from crawler.parsers.claims import parse_claims
    from crawler.replicas import world

    parts = urlsplit(url)
    resource = world.lookup(parts.hostname, parts.path, parts.query, 1)
    assert resource is not None and resource.status == 200, url
    page, _ = extract(resource.body, resource.content_type, url)
    publisher = PUBLISHERS.get(source) or OUTLETS.get(parts.hostname)
    return parse_claims(page.text, published=page.published, publisher=publisher)


def score() -> dict:
    right = expected_total = parsed_total = matched_parsed = 0
    rows = []
    for path in sorted(CORPUS.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        parsed = [{f: getattr(c, f) for f in FIELDS} for c in page_claims(spec["source"], spec["url"])]
        free = list(parsed)
        page_right = 0
        misses = []
        for want in spec["claims"]:
            key = {f: want[f] for f in FIELDS}
            if key in free:
                free.remove(key)
                page_right += 1
            else:
                misses.append(key)
        right += page_right
        expected_total += len(spec["claims"])
        parsed_total += len(parsed)
        matched_parsed += page_right
        rows.append((path.stem, page_right, len(spec["claims"]), len(parsed), misses))
    return {
        "pages": len(rows), "expected": expected_total, "right": right,
        "recall": right / expected_total if expected_total else 1.0,
        "precision": matched_parsed / parsed_total if parsed_total else 1.0,
        "rows": rows,
    }


def floor() -> float:
    return float((CORPUS / "FLOOR").read_text(encoding="utf-8").split()[0])


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    result = score()
    for name, ok, want, got, misses in result["rows"]:
        print(f"{name:28} {ok}/{want} right, {got} parsed")
        for miss in misses:
            print(f"    missed {miss}")
    print(f"\n{result['pages']} pages, {result['right']}/{result['expected']} claims right "
          f"({result['recall']:.0%}) on claimant, date, place and killed; precision {result['precision']:.0%}; "
          f"floor {floor():.0%}")
