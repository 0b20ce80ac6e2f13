"""Text extraction on real article texts (the seeds) wrapped in noisy pages."""

from pathlib import Path

import pytest

from crawler.reading.extract import ExtractionError, extract, guess_language
from crawler.replicas.pdf import make_pdf

SEEDS = Path(__file__).resolve().parents[1] / "crawler" / "replicas" / "data"
NOISE_TOP = (
    "<div class='usa-banner'>An official website of the United States government. "
    "Here's how you know.</div><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News"
    "</a></li><li><a href='/about'>About</a></li></ul></nav>"
)
NOISE_SIDE = (
    "<aside><h3>Most read</h3><ul><li><a href='/x'>Subscribe to our newsletter today</a></li>"
    "<li><a href='/y'>Cookie settings and privacy</a></li></ul></aside>"
)


def noisy_page(title: str, paragraphs: list[str], lang: str = "en", charset: str = "utf-8") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='{charset}'><title>{title} | Site"
        f"</title></head><body>{NOISE_TOP}<main><article><h1>{title}</h1>{body}</article></main>"
        f"{NOISE_SIDE}<footer>Copyright. Privacy policy. Terms of use.</footer></body></html>"
    )
    return html.encode(charset)


def seed_paragraphs(prefix: str) -> tuple[str, list[str]]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines[0], [ln for ln in lines[1:] if len(ln) > 60]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_articles_keep_their_text_and_lose_the_noise(prefix):
    title, paragraphs = seed_paragraphs(prefix)
    page, warning = extract(noisy_page(title, paragraphs), "text/html; charset=utf-8", "https://x.org/a")
    assert warning is None
    assert page.language == "en"
    text = " ".join(page.text.split())
    for p in paragraphs:
        assert " ".join(p.split())[:50] in text
    assert "official website of the United States" not in page.text
    assert "Subscribe to our newsletter" not in page.text


def test_arabic_page():
    paragraphs = [
        "محافظة دير الزور – المرصد السوري لحقوق الإنسان:: قتل 43 مدنياً بينهم 17 طفلاً جراء غارات "
        "نفذتها طائرات التحالف الدولي على بلدة هجين في ريف دير الزور الشرقي.",
        "ويرتفع بذلك عدد الذين قتلوا جراء غارات التحالف منذ العاشر من أيلول / سبتمبر إلى أكثر من 200.",
    ]
    page, warning = extract(noisy_page("غارات على هجين", paragraphs, lang="ar"), "text/html", "https://x.org/a")
    assert page.language == "ar"
    assert "هجين" in page.text
    assert guess_language(paragraphs[0]) == "ar"


def test_wrong_charset_is_recovered_and_reported():
    paragraphs = ["قتل مدنيون في غارات على هجين في ريف دير الزور الشرقي، بحسب المرصد السوري. " * 3]
    body = noisy_page("هجين", paragraphs, lang="ar", charset="windows-1256")
    body = body.replace(b"charset='windows-1256'", b"charset='utf-8'")
    page, warning = extract(body, "text/html; charset=utf-8", "https://x.org/a")
    assert "windows-1256" in warning
    assert "هجين" in page.text


def test_binary_served_as_html():
    with pytest.raises(ExtractionError) as err:
        extract(bytes(range(256)) * 40, "text/html", "https://x.org/a")
    assert err.value.kind == "binary"


def test_pdf_text_and_broken_pdf():
    pdf = make_pdf("CJTF-OIR Strike Release 20180105-01", ["Near Abu Kamal, two strikes engaged two ISIS tactical units."])
    page, _ = extract(pdf, "application/pdf", "https://x.org/a.pdf")
    assert "Abu Kamal" in page.text
    with pytest.raises(ExtractionError) as err:
        extract(pdf[: len(pdf) // 3], "application/pdf", "https://x.org/b.pdf")
    assert err.value.kind == "pdf"


def test_empty_and_unsupported():
    with pytest.raises(ExtractionError, match="empty"):
        extract(b"   ", "text/html", "https://x.org/")
    with pytest.raises(ExtractionError) as err:
        extract(b"\x89PNG....", "image/png", "https://x.org/i.png")
    assert err.value.kind == "unsupported"
