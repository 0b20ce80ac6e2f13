"""One way to score a parser on an annotated corpus, for every corpus under tests/corpus/.

A corpus is a folder holding its documents (or naming the replica pages they are), its
expected rows, written by hand, and a `FLOOR.toml`. Its scorer (`score_<name>.py` beside
this module) reads each document as a crawl would, hands it to the parser of its format and
records a `DocScore`: every expected field compared with the parsed one (`field`,
`score_fields`, `match_items`), parsed rows no expected row takes counted as unsupported, a
document the parser could not read counted as failed with every field wrong. This module
then sums the scores per format, prints one table and holds them to the floor:

    [<format>]
    fields = 0.995      # the share of expected fields right, at least
    unsupported = 0     # parsed rows no expected row supports, at most
    kinds = 1.0         # the share of documents given their format's kind, where scored

A floor only goes up for the same documents: raise it when a parser improves.
"""

from __future__ import annotations

import argparse
import json
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Every parser format, in the order the tables print them.
FORMATS = ("civcas", "strikes", "ukmod", "claims", "airwars")


@dataclass
class DocScore:
    corpus: str
    doc: str
    format: str
    right: int = 0
    checked: int = 0
    unsupported: int = 0
    wrong: list[str] = field(default_factory=list)
    failure: str | None = None
    # The kind a crawl gives the document, for corpora that score it ("" when not scored).
    kind_expected: str = ""
    kind_got: str = ""

    def field(self, name: str, ok: bool, expected, got) -> None:
        self.checked += 1
        if ok:
            self.right += 1
        else:
            self.wrong.append(f"{name}: expected {expected!r}, got {got!r}")

    def failed(self, failure: str, fields: int) -> None:
        """The parser read nothing: every one of the document's expected fields is wrong."""
        self.failure = failure
        self.right = 0
        self.checked = fields
        self.wrong = [f"parse failed: {failure}"]


_MISSING = object()


def equal(want, got) -> bool:
    return want == got


def score_fields(score: DocScore, expected: dict, obj, compare: dict[str, Callable] | None = None,
                 prefix: str = "") -> None:
    """Each expected scalar against the parsed object's attribute (or dict key) of that name."""
    compare = compare or {}
    for name, want in expected.items():
        got = obj.get(name, _MISSING) if isinstance(obj, dict) else getattr(obj, name, _MISSING)
        if got is _MISSING:
            score.field(prefix + name, False, want, "(the parser has no such field)")
            continue
        score.field(prefix + name, compare.get(name, equal)(want, got), want, got)


def match_items(score: DocScore, expected: list[dict], parsed: list, fields: dict[str, Callable],
                anchor: Callable = lambda w, g: True, label: str = "row",
                optional: Callable = lambda e: False, ordered: bool = False) -> None:
    """Pair each expected item with the parsed item that agrees on most fields, among those
    that agree on the anchor (with `ordered`, the parsed item at the same position: the page
    order is part of what is expected); score the required ones' fields; parsed items no
    expected item (required or optional) takes are unsupported."""
    free = list(range(len(parsed)))
    ordering = range(len(expected)) if ordered else sorted(range(len(expected)), key=lambda i: optional(expected[i]))
    for i in ordering:
        want = expected[i]
        best, best_right = None, -1
        candidates = ([i] if i < len(parsed) else []) if ordered else free
        for j in candidates:
            if not anchor(want, parsed[j]):
                continue
            right = sum(fields[k](want, parsed[j]) for k in want if k in fields)
            if right > best_right:
                best, best_right = j, right
        if optional(want):
            if best is not None:
                free.remove(best)
            continue
        got = parsed[best] if best is not None else None
        if got is not None:
            free.remove(best)
        for k in want:
            if k not in fields:
                continue
            ok = got is not None and fields[k](want, got)
            score.field(f"{label}[{i}].{k}", ok, want[k], describe(got) if not ok else None)
    score.unsupported += len(free)
    for j in free:
        score.wrong.append(f"unsupported {label}: {describe(parsed[j])}")


def describe(item) -> str:
    if item is None:
        return "(no matching row)"
    if isinstance(item, dict):
        return json.dumps(item, ensure_ascii=False, default=str)
    names = ("allegation_date", "strike_date", "event_date", "country", "location", "place",
             "strikes", "assessment", "claimant", "killed_min", "killed_max")
    parts = {n: getattr(item, n) for n in names if hasattr(item, n)}
    return json.dumps(parts, ensure_ascii=False)


# -- the kind a crawl would give a document (crawler/reading/kinds.py) -------------------

# The kind each format's parser reads. A claims document is its source's kind: a monitor's
# own post, or a news article.
FORMAT_KINDS = {"civcas": "civcas_report", "strikes": "strike_release", "ukmod": "strike_release",
                "claims": "news_article", "airwars": "incident"}
MONITOR_HOSTS = ("syriahr.com", "snhr.org", "airwars.org")


def _on(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def expected_kind(fmt: str, url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if fmt == "claims":
        return "monitor_post" if any(_on(host, h) for h in MONITOR_HOSTS) else "news_article"
    if _on(host, "airwars.org") and "/military-claims/" in parts.path:
        # Airwars' rendering of any claimant's report (a CJTF-OIR monthly report, a UK MoD
        # update): that section's parser and table are military_claims; the report's own
        # rows come from the claimant's page, not from a second copy in the timeline.
        return "military_claim"
    return FORMAT_KINDS[fmt]


def crawl_hint(fmt: str, url: str) -> str:
    """The hint a crawl passes for this URL: the kind of the configured source whose
    documents pattern takes it (else the first source allowed on its host); on a host no
    shipped source reaches, the kind of a source a user would add for it, i.e. the
    format's own kind."""
    from urllib.parse import urlsplit

    from crawler.config import load_config

    parts = urlsplit(url)
    host, where = (parts.hostname or "").lower(), parts.path + (f"?{parts.query}" if parts.query else "")
    on_host = [s for s in load_config().sources.values() if any(_on(host, d) for d in s.allowed_domains)]
    taking = [s for s in on_host if any(p.search(where) for p in s.documents)]
    if taking or on_host:
        return (taking or on_host)[0].kind
    return expected_kind(fmt, url)


def score_kind(score: DocScore, url: str, read: Callable[[], tuple[bytes, str]]) -> None:
    """What `crawler.reading.kinds.classify` makes of the document (`read` gives its bytes
    and content type), with the hint a crawl passes; a wrong kind is named among the wrong
    fields, an unreadable document has no kind and counts wrong."""
    from crawler.reading import parse_one
    from crawler.reading.kinds import classify

    score.kind_expected = expected_kind(score.format, url)
    try:
        body, ctype = read()
        doc = parse_one.document(url, body, ctype)
        score.kind_got = classify(doc.title, doc.text, url, crawl_hint(score.format, url))
    except Exception as exc:  # noqa: BLE001
        score.kind_got = f"(failed: {type(exc).__name__}: {exc})"
    if score.kind_got != score.kind_expected:
        score.wrong.append(f"kind: expected {score.kind_expected}, got {score.kind_got}")


# -- summing up ---------------------------------------------------------------------------


@dataclass
class Tally:
    docs: int = 0
    right: int = 0
    checked: int = 0
    unsupported: int = 0
    failures: int = 0
    kinds: int = 0  # documents whose kind was scored
    kinds_right: int = 0

    @property
    def share(self) -> float:
        return self.right / self.checked if self.checked else 1.0

    @property
    def kind_share(self) -> float:
        return self.kinds_right / self.kinds if self.kinds else 1.0


def tally(scores: Iterable[DocScore], key: Callable[[DocScore], tuple]) -> dict[tuple, Tally]:
    out: dict[tuple, Tally] = {}
    for s in scores:
        t = out.setdefault(key(s), Tally())
        t.docs += 1
        t.right += s.right
        t.checked += s.checked
        t.unsupported += s.unsupported
        t.failures += bool(s.failure)
        if s.kind_expected:
            t.kinds += 1
            t.kinds_right += s.kind_got == s.kind_expected
    return out


def by_format(scores: Iterable[DocScore]) -> dict[tuple, Tally]:
    return tally(scores, lambda s: (s.format,))


def read_floor(path: Path) -> dict[str, dict]:
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def below_floor(tallies: dict[tuple, Tally], floor: dict[str, dict],
                formats: Iterable[str] | None = None) -> list[str]:
    """What falls short of the floor, per format (every format the floor names, unless
    given): a missing key holds the format to the target itself (all right, none unsupported)."""
    problems = []
    for fmt in formats if formats is not None else floor:
        t = tallies.get((fmt,))
        want = floor.get(fmt, {})
        if t is None:
            problems.append(f"{fmt}: no document of this format was scored")
            continue
        if t.share < want.get("fields", 1.0):
            problems.append(f"{fmt}: {t.share:.1%} of fields right, under the floor {want.get('fields', 1.0):.1%}")
        if t.kinds and t.kind_share < want.get("kinds", 1.0):
            problems.append(f"{fmt}: {t.kinds_right}/{t.kinds} kinds right ({t.kind_share:.1%}),"
                            f" under the floor {want.get('kinds', 1.0):.1%}")
        if t.unsupported > want.get("unsupported", 0):
            problems.append(f"{fmt}: {t.unsupported} unsupported rows, over the floor {want.get('unsupported', 0)}")
    return problems


def floor_problems(scores: list[DocScore], floor_file: Path) -> list[str]:
    """A corpus's scores against the FLOOR.toml of its folder."""
    return below_floor(by_format(scores), read_floor(floor_file))


def _format_order(fmt: str) -> int:
    return FORMATS.index(fmt) if fmt in FORMATS else len(FORMATS)


def render(scores: list[DocScore], verbose: bool,
           kinds_title: str = "kinds: documents given their format's kind") -> str:
    """The table: per corpus and format, then per format over every corpus, then (when
    kinds were scored) the kinds; with `verbose`, every wrong field first."""
    out = []
    if verbose:
        for s in scores:
            status = f"{s.right}/{s.checked}" + (f", {s.unsupported} unsupported" if s.unsupported else "")
            out.append(f"{s.corpus}/{s.doc} [{s.format}] {status}")
            out += [f"    {w}" for w in s.wrong]
        out.append("")
    header = (f"{'corpus':8} {'format':8} {'docs':>4} {'fields right':>14} {'share':>7} "
              f"{'unsupported':>11} {'failed':>6}")
    out += [header, "-" * len(header)]
    rows = tally(scores, lambda s: (s.corpus, s.format))
    for (corpus, fmt), t in sorted(rows.items(), key=lambda kv: (kv[0][0], _format_order(kv[0][1]))):
        out.append(f"{corpus:8} {fmt:8} {t.docs:>4} {t.right:>6}/{t.checked:<7} {t.share:>7.1%} "
                   f"{t.unsupported:>11} {t.failures:>6}")
    out.append("-" * len(header))
    formats = sorted(by_format(scores).items(), key=lambda kv: _format_order(kv[0][0]))
    for (fmt,), t in formats:
        out.append(f"{'all':8} {fmt:8} {t.docs:>4} {t.right:>6}/{t.checked:<7} {t.share:>7.1%} "
                   f"{t.unsupported:>11} {t.failures:>6}")
    if any(t.kinds for _, t in formats):
        out.append("-" * len(header))
        out.append(kinds_title)
        for (fmt,), t in formats:
            out.append(f"{'kind':8} {fmt:8} {t.docs:>4} {t.kinds_right:>6}/{t.kinds:<7} {t.kind_share:>7.1%}")
        if verbose:
            for s in scores:
                if s.kind_got != s.kind_expected:
                    out.append(f"    {s.corpus}/{s.doc}: expected {s.kind_expected}, got {s.kind_got}")
    return "\n".join(out)


def main(description: str, score: Callable[[], list[DocScore]], floor_file: Path,
         argv: list[str] | None = None) -> int:
    """The command line of a corpus scorer: the table, then the floor (exit 1 under it)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-v", "--verbose", action="store_true", help="every wrong field, per document")
    parser.add_argument("--no-floor", action="store_true", help="print the table, never fail")
    args = parser.parse_args(argv)
    scores = score()
    print(render(scores, args.verbose))
    if args.no_floor:
        return 0
    problems = floor_problems(scores, floor_file)
    for problem in problems:
        print(f"FAIL {problem}")
    if not problems:
        print(f"every format at or above its floor (tests/corpus/{floor_file.parent.name}/FLOOR.toml)")
    return 1 if problems else 0
