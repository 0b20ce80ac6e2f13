"""Score the casualty-claims parser on the replica corpus, tests/corpus/claims/: one JSON
file per replica page, naming its URL and the crawl's source, with the claims a reader
finds in it (written by hand).

Each page is taken from the replica sites as a crawl would get it (the replica's bytes,
then the text extractor), then read by the claims parser with the publisher the crawl
would use. Each expected claim is paired with the parsed claim agreeing on most of
claimant, event date, place, killed_min and killed_max, and those fields are compared
exactly; parsed claims no expected claim takes are unsupported. The kind a crawl gives the
page is scored too (a monitor's own post, or a news article). Counted, printed and held to
`claims/FLOOR.toml` by the one corpus convention (`scoring.py`).

    python tests/corpus/score_claims.py [-v] [--no-floor]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parents[1]):  # scoring.py beside it; the project, for a bare python
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import scoring  # noqa: E402
from scoring import DocScore, match_items  # noqa: E402

CORPUS = HERE / "claims"
FLOOR_FILE = CORPUS / "FLOOR.toml"
FIELDS = ("claimant", "event_date", "place", "killed_min", "killed_max")


def replica_page(url: str) -> tuple[bytes, str]:
    """The bytes and content type the replica serves at the URL in round 1."""
    from crawler.replicas import world

    parts = urlsplit(url)
    resource = world.lookup(parts.hostname, parts.path, parts.query, 1)
    assert resource is not None and resource.status == 200, url
    return resource.body, resource.content_type


def page_claims(source: str, url: str):
    from crawler.parsers.claims import parse_claims
    from crawler.reading.extract import extract
    from crawler.tables.monitors import page_publisher

    page, _ = extract(*replica_page(url), url)
    publisher = page_publisher(source, url)
    return parse_claims(page.text, published=page.published, publisher=publisher)


def _exactly(name: str):
    return lambda w, g: w[name] == g[name]


CLAIM_COMPARE = {name: _exactly(name) for name in FIELDS}


def score_page(path: Path) -> DocScore:
    spec = json.loads(path.read_text(encoding="utf-8"))
    score = DocScore("replica", path.stem, "claims")
    parsed = [{f: getattr(c, f) for f in FIELDS} for c in page_claims(spec["source"], spec["url"])]
    # Only the five fields are expected; the annotations' other keys (children, notes) are
    # what a reader found, not compared here.
    expected = [{f: want[f] for f in FIELDS} for want in spec["claims"]]
    match_items(score, expected, parsed, CLAIM_COMPARE, label="claim")
    scoring.score_kind(score, spec["url"], lambda: replica_page(spec["url"]))
    return score


def score() -> list[DocScore]:
    return [score_page(path) for path in sorted(CORPUS.glob("*.json"))]


if __name__ == "__main__":
    sys.exit(scoring.main(__doc__.split("\n\n")[0], score, FLOOR_FILE))
