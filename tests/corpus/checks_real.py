"""What the parse checks say on real published documents: per format, how many documents
`civcas parse --kind auto` gives the annotated kind, how many parse, and how many of those
have a check that does not reconcile (with `-v`, which checks, per document).

A check that is not `ok` on a real text is either a parser's miss (a stated figure it left
empty, a list it read short) or a document that does not add up as given (an excerpt cut
before its lists, a copy that drops some lines); it is never a reason to change the text.

    python tests/corpus/checks_real.py        # the per-format table
    python tests/corpus/checks_real.py -v     # and every check that is not ok
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crawler.reading import parse_one  # noqa: E402
from crawler.report import table  # noqa: E402
from tests.corpus.score_real import FORMAT_KINDS as KINDS  # noqa: E402
from tests.corpus.score_real import FORMATS, OWN, expected_kind, shared_corpus  # noqa: E402

CONTENT_TYPES = {".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf"}


def _same_parser(got: str, want: str) -> bool:
    """`--kind auto` has no source to say a post is a monitor's: a monitor's post and a news
    article are both read by the claims parser."""
    claims = ("monitor_post", "news_article")
    return got == want or (got in claims and want in claims)


def corpora() -> list[Path]:
    shared = shared_corpus()
    return ([shared] if shared else []) + [OWN / f for f in FORMATS if (OWN / f / "sources.json").exists()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", action="store_true", help="print every check that is not ok")
    verbose = parser.parse_args().v
    counts: dict[str, Counter] = {f: Counter() for f in FORMATS}
    for root in corpora():
        for doc_id, meta in json.loads((root / "sources.json").read_text(encoding="utf-8")).items():
            if doc_id.startswith("_") or meta.get("format") not in KINDS:
                continue
            path = root / (meta.get("file") or f"docs/{doc_id}.txt")
            body = path.read_bytes()
            if meta.get("harness_heading"):
                body = (meta["harness_heading"] + "\n").encode() + body
            published = meta.get("published_passed_to_parser") or meta.get("published")
            if isinstance(published, dict):
                published = published.get("value")
            c = counts[meta["format"]]
            try:
                doc = parse_one.document(meta.get("url") or str(path), body,
                                         CONTENT_TYPES.get(path.suffix, "text/plain"))
            except parse_one.InputError:
                c["unreadable"] += 1
                continue
            c["documents"] += 1
            c["auto kind right"] += _same_parser(parse_one.kind_of(doc), expected_kind(meta["format"], meta["url"]))
            parsed = parse_one.parse(doc, KINDS[meta["format"]], published[:10] if published else None)
            if parsed.failure:
                c["parse failures"] += 1
                continue
            bad = [ch for ch in parsed.checks if ch.status != "ok"]
            c["checks"] += len(parsed.checks)
            c["checks not ok"] += len(bad)
            c["documents not reconciling"] += bool(bad)
            if verbose and bad:
                print(f"{root.name}/{doc_id}: " + "; ".join(
                    f"{ch.check} printed {ch.printed} found {ch.found} ({ch.status})" for ch in bad))
    columns = ["documents", "auto kind right", "parse failures", "checks", "checks not ok",
               "documents not reconciling"]
    print(table(["format", *columns], [[f, *(counts[f][k] for k in columns)] for f in FORMATS]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
