"""Full-text search over many versions (a benchmark, not a test).

    .venv/bin/python bench/search.py [--versions 100000] [--queries 40]

Builds a store of N versions through the store's own code (`Store.record_page`, so the
FTS5 index is kept by the same triggers as in a crawl): news-like texts of about 120
words, English and Arabic, mentioning places from the gazetteer. Then runs search
queries the way Datasette's `_search` and the docs do (`versions_fts MATCH`, joined to
versions and documents, first 50 rows by rank) and, as the baseline in the same run, the
same words with `LIKE '%word%'` over the text column (what a store without an index would
do). Each timed query is a results page: the total count and the first 50 rows. Prints the
median and 95th percentile of each, and their ratio.

Target (issue 9): median full-text query under 50 ms at 100,000 versions.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from archive.store import Extracted, Store  # noqa: E402

PLACES = ["Hajin", "Raqqa", "Mosul", "Deir ez-Zor", "Susah", "Baghuz", "Abu Kamal", "Tabqa",
          "Manbij", "Mayadin", "Al Shaddadi", "Tal Afar", "Qayyarah", "Bayji", "Kirkuk",
          "Ramadi", "Fallujah", "Sinjar", "Haditha", "Al Qaim", "Kobani", "Hasakah", "Shirqat",
          "Hit", "Rutbah", "Makhmur", "Tikrit", "Samarra", "Palmyra", "Dashisha"]
ARABIC = ["هجين", "الرقة", "دير الزور", "الباغوز", "الميادين", "منبج"]
WORDS = ("coalition air strike civilians killed injured village market building families "
         "report monitor observatory assessment credible investigation children women "
         "houses destroyed residents fighters vehicles bridge mosque hospital school "
         "statement casualties allegation week month operations targeted").split()
QUERIES = ["Hajin", "Raqqa civilians", "Baghuz", "credible investigation", "هجين",
           "market children", "Tal Afar", "الرقة", "hospital", "Mayadin bridge"]


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Domain words first, then made-up words; Zipf weights, as words in real text run."""
    made_up = ["".join(rng.choice("abdefghiklmnorstuwy") for _ in range(rng.randint(3, 9)))
               for _ in range(4000)]
    words = WORDS + made_up
    return words, [1 / (rank + 1) for rank in range(len(words))]


def text_for(rng: random.Random, i: int, vocab) -> tuple[str, str]:
    """About 120 words naming one or two places, as a news item or a release does."""
    if i % 5 == 0:
        words = rng.choices(["قصف", "التحالف", "مدنيين", "قتلى", "أطفال", "غارة", "ريف", "بلدة"], k=110)
        words += rng.sample(ARABIC, 2)
        rng.shuffle(words)
        return "تقرير", " ".join(words)
    words = rng.choices(vocab[0], weights=vocab[1], k=118) + rng.sample(PLACES, 2)
    rng.shuffle(words)
    return f"Report {i}", " ".join(words)


def build(data_dir: Path, versions: int) -> Store:
    rng = random.Random(1)
    vocab = vocabulary(rng)
    store = Store.open(data_dir)
    started = time.perf_counter()
    # Pages edited over time: about three versions per document, as a long archive has.
    for i in range(versions):
        title, text = text_for(rng, i, vocab)
        store.record_page(
            source="bench", kind="news_article", url=f"https://bench.test/{i // 3}",
            capture_id=None, page=Extracted(text=f"{text} v{i}", title=title, language="en"),
        )
        if (i + 1) % 20000 == 0:
            print(f"  {i + 1} versions stored ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return store


def timed(store: Store, queries: list[tuple[str, list]]) -> float:
    started = time.perf_counter()
    for sql, params in queries:
        store.db.execute(sql, params).fetchall()
    return (time.perf_counter() - started) * 1000


FTS_SQL = """
    SELECT v.id, d.url, v.title, snippet(versions_fts, 1, '[', ']', '…', 12)
    FROM versions_fts JOIN versions v ON v.id = versions_fts.rowid
    JOIN documents d ON d.id = v.document_id
    WHERE versions_fts MATCH ? ORDER BY rank LIMIT 50
"""


FTS_COUNT = "SELECT COUNT(*) FROM versions_fts WHERE versions_fts MATCH ?"


def like_sql(words: list[str]) -> tuple[str, str]:
    where = " AND ".join("v.text LIKE ?" for _ in words)
    page = (f"SELECT v.id, d.url, v.title FROM versions v JOIN documents d ON d.id = v.document_id "
            f"WHERE {where} LIMIT 50")
    return page, f"SELECT COUNT(*) FROM versions v WHERE {where}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--versions", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=40, help="timed queries per method")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"building a store of {args.versions} versions ...", file=sys.stderr)
        store = build(Path(tmp), args.versions)
        count = store.db.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
        fts, like = [], []
        for k in range(args.queries):
            q = QUERIES[k % len(QUERIES)]
            words = q.split()
            match = " ".join(f'"{w}"' for w in words)
            fts.append(timed(store, [(FTS_SQL, [match]), (FTS_COUNT, [match])]))
            patterns = [f"%{w}%" for w in words]
            like.append(timed(store, [(sql, patterns) for sql in like_sql(words)]))
        store.close()

    def summary(name, values):
        values = sorted(values)
        p95 = values[int(0.95 * (len(values) - 1))]
        print(f"  {name:<10} median {statistics.median(values):8.1f} ms   p95 {p95:8.1f} ms")
        return statistics.median(values)

    print(f"versions: {count}, queries: {args.queries} per method")
    like_median = summary("LIKE scan", like)
    fts_median = summary("FTS5", fts)
    print(f"FTS5 median / LIKE median = {fts_median / like_median:.3f}")
    verdict = "meets" if fts_median < 50 else "misses"
    print(f"target: FTS5 median under 50 ms: {verdict} ({fts_median:.1f} ms)")


if __name__ == "__main__":
    main()
