"""Template mutation: every replica civcas report, strike release and claims document is
rendered through generated page templates (tests/support/template_variants.py: DNN with its
page-wide form, WordPress, a bare <article>, a ReliefWeb copy, PDF text) and every list
rendering, then read the way the crawl reads it (crawler/reading/extract.py, then the parser). The
rows must be those of the document's plain text, whatever the page around it.

Item numbers are compared only where the rendering prints them (bullets print none).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from crawler.reading.extract import extract
from crawler.parsers import ParseFailure
from crawler.parsers.civcas import parse_report
from crawler.parsers.claims import parse_claims
from crawler.parsers.strikes import parse_release
from crawler.replicas import civcas, sohr, strikes
from support.template_variants import LISTS, TEMPLATES, body_html, pdf_text

URL = "https://www.inherentresolve.mil/Media-Library/News-Releases/Article/1/report/"
STRIKE_URL = "https://www.inherentresolve.mil/Releases/Strike-Releases/Article/1/release/"
OUTLETS = Path(civcas.__file__).parent / "data"
VARIANTS = [*TEMPLATES, "pdf"]


def report_docs() -> list[tuple[str, str, str, list]]:
    out = []
    for r in civcas.reports():
        blocks = []
        for kind, value in civcas.blocks(r):
            blocks.append(("list", value) if kind == "ol" else ("h", value) if kind == "h3" else ("p", value))
        out.append((r["id"], civcas.title(r), r["published"], blocks))
    return out


_MARKERS = ("* ", "-- ", "- ", "• ")


def _strike_blocks(paras: list[str]) -> list:
    """A release's paragraphs with its bulleted lines as lists (markers dropped)."""
    blocks: list = []
    for p in paras:
        marker = next((m for m in _MARKERS if p.startswith(m)), None)
        if marker is None:
            blocks.append(("p", p))
        elif blocks and blocks[-1][0] == "list":
            blocks[-1][1].append((len(blocks[-1][1]) + 1, p[len(marker):]))
        else:
            blocks.append(("list", [(1, p[len(marker):])]))
    return blocks


def strike_docs() -> list[tuple[str, str, str, list]]:
    docs = strikes.html_releases(1) + strikes.dod_articles() + strikes.pdfs(1)
    return [(d["id"], d["title"], d["date"], _strike_blocks(d["paras"]), d["paras"]) for d in docs
            if any(k == "list" for k, _ in _strike_blocks(d["paras"]))]


def claim_docs() -> list[tuple[str, str, str, list]]:
    """The outlets' articles (a header of fields, then the text) and SOHR's posts."""
    out = []
    for path in sorted(OUTLETS.glob("outlet_*.txt")):
        head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
        fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        paras = [("p", ln.strip()) for ln in body.splitlines() if ln.strip()]
        out.append((path.stem, fields["title"], fields["date"], paras))
    for post_path, date, title, paras in sohr.EN:
        out.append((f"sohr-en-{post_path.strip('/').split('/')[-1]}", title, date, [("p", p) for p in paras]))
    for _slug, post_id, date, title, paras in sohr.AR:
        out.append((f"sohr-ar-{post_id}", title, date, [("p", p) for p in paras]))
    return out


def read(variant: str, title: str, date: str, blocks, list_style: str, url: str):
    """(text, title, published) as the crawl would store them for this variant."""
    if variant == "pdf":
        return pdf_text(title, date, blocks, list_style), None, None
    page_html = TEMPLATES[variant](title, date, body_html(blocks, list_style), url)
    page, _ = extract(page_html.encode("utf-8"), "text/html; charset=utf-8", url)
    return page.text, page.title, page.published


def plain(title: str, date: str, blocks) -> str:
    lines = [title]
    for kind, value in blocks:
        lines += [f"{n}. {t}" for n, t in value] if kind == "list" else [value]
    return "\n".join(lines)


def report_rows(text: str, published: str | None, numbers: bool):
    try:
        report = parse_report(text, published=published)
    except ParseFailure as exc:
        return ("failure", str(exc))
    row = asdict(report)
    row.pop("title")
    for a in row["allegations"]:
        if not numbers:
            a.pop("item")
    return row


# Defects of the parsers (not of the text path) that some variants expose: marked, not hidden.
REPORT_DEFECTS = {
    # filled in below from the first run of this module; each names its parser defect
}


def _params(docs, styles):
    return [pytest.param(doc, variant, style, id=f"{doc[0]}-{variant}-{style}")
            for doc in docs for variant in VARIANTS for style in styles]


@pytest.mark.parametrize("doc,variant,style", _params(report_docs(), list(LISTS)))
def test_civcas_report_rows_do_not_depend_on_the_page(doc, variant, style):
    key, title, date, blocks = doc
    numbers = LISTS[style][1]
    expected = report_rows(plain(title, date, blocks), date, numbers)
    text, found_title, published = read(variant, title, date, blocks, style, URL)
    if variant != "pdf":
        assert found_title == title
    assert report_rows(text, published or date if variant == "pdf" else published, numbers) == expected


def release_rows(text: str, published: str | None, title: str | None):
    try:
        release = parse_release(text, url=STRIKE_URL, published=published, title=title)
    except ParseFailure as exc:
        return ("failure", str(exc))
    row = asdict(release)
    for line in row["lines"]:
        line.pop("line")  # the printed line, marker included
    return row


@pytest.mark.parametrize("doc,variant,style", _params(strike_docs(), list(LISTS)))
def test_strike_release_rows_do_not_depend_on_the_page(doc, variant, style):
    key, title, date, blocks, printed = doc
    expected = release_rows("\n".join(printed), date, title)  # as the release prints it
    text, found_title, published = read(variant, title, date, blocks, style, STRIKE_URL)
    if variant != "pdf":
        assert found_title == title
    assert release_rows(text, date, title) == expected


@pytest.mark.parametrize("doc,variant,style", _params(claim_docs(), ["ol"]))
def test_claims_do_not_depend_on_the_page(doc, variant, style):
    key, title, date, blocks = doc
    expected = [asdict(c) for c in parse_claims(plain(title, date, blocks), published=date, publisher="Outlet")]
    text, found_title, _published = read(variant, title, date, blocks, style, "https://x.org/a-b-c/")
    if variant != "pdf":
        assert found_title == title
    assert [asdict(c) for c in parse_claims(text, published=date, publisher="Outlet")] == expected


def test_the_plain_texts_give_rows_so_the_comparisons_mean_something():
    reports = [report_rows(plain(t, d, b), d, True) for _k, t, d, b in report_docs()]
    assert sum(len(r["allegations"]) for r in reports if isinstance(r, dict)) >= 20
    assert sum(1 for r in reports if isinstance(r, dict) and r["month_covered"]) >= 15
    lines = [release_rows("\n".join(p), d, t) for _k, t, d, _b, p in strike_docs()]
    assert all(isinstance(r, dict) and r["lines"] for r in lines)
    claims = [parse_claims(plain(t, d, b), published=d, publisher="Outlet") for _k, t, d, b in claim_docs()]
    assert sum(1 for c in claims if c) >= len(claims) - 2
