"""Main text and metadata of an archived page: pure functions, bytes in, `Extracted` out.

HTML is read once by `read_html` (crawler/reading/pagetext.py: the main content as structured text,
the article's heading as title); trafilatura only reads its metadata (author, date). PDFs
go through pypdf. Bodies that cannot be read raise `ExtractionError` with a
short kind ('binary', 'charset', 'empty', 'pdf', 'unsupported') that becomes a
`fetch_errors` row; the capture itself is already archived by then.
"""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from trafilatura.metadata import extract_metadata

from archive.store import Extracted
from crawler.reading.pagetext import NoText, PageText, page_text

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")
_LANG_ATTR = re.compile(rb"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})", re.I)
_CHARSET = re.compile(r"charset=[\"']?([\w-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.I)

# Fallbacks tried when a page's declared charset does not fit its bytes; the sources are
# English and Arabic, and Arabic sites have served windows-1256 under a UTF-8 label.
_FALLBACK_CHARSETS = ("windows-1256", "windows-1252")

logging.getLogger("trafilatura").setLevel(logging.ERROR)


class ExtractionError(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def guess_language(text: str, declared: str | None = None) -> str | None:
    """The page's declared language, else 'ar' or 'en' by the script most letters use."""
    if declared:
        return declared.lower()
    arabic, latin = len(_ARABIC.findall(text)), len(_LATIN.findall(text))
    if arabic + latin == 0:
        return None
    return "ar" if arabic > latin else "en"


def _declared_charset(content_type: str, body: bytes) -> str | None:
    match = _CHARSET.search(content_type or "")
    if match:
        return match.group(1).lower()
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode_html(body: bytes, content_type: str) -> tuple[str, str | None]:
    """Decode an HTML body; return (text, warning). A wrong declared charset is recovered
    from with a fallback, and the warning says so."""
    declared = _declared_charset(content_type, body) or "utf-8"
    try:
        return body.decode(declared), None
    except (UnicodeDecodeError, LookupError):
        pass
    if declared in ("utf-8", "utf8"):
        # Mostly good UTF-8 with a few broken bytes is UTF-8: reading it as windows-1256
        # would garble every Arabic letter to save a handful of bad ones.
        text = body.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        good = sum(1 for ch in text if ch > "\x7f") - bad
        if good > 4 * bad:
            return text, f"body is not valid utf-8: {bad} invalid sequences replaced"
    for fallback in _FALLBACK_CHARSETS:
        try:
            text = body.decode(fallback)
        except UnicodeDecodeError:
            continue
        return text, f"declared charset {declared} does not fit the body; read as {fallback}"
    return body.decode(declared, errors="replace"), f"body is not valid {declared}"


def _looks_binary(body: bytes) -> bool:
    head = body[:2048]
    return b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20


def extract_html(body: bytes, content_type: str, url: str) -> tuple[Extracted, str | None]:
    """Extract a page; return it with a warning (e.g. a wrong charset) or None."""
    if not body.strip():
        raise ExtractionError("empty", "empty body")
    if _looks_binary(body):
        raise ExtractionError("binary", f"binary body served as {content_type or 'HTML'}")
    found, html, warning = read_html(body, content_type)
    meta = extract_metadata(html, default_url=url)
    lang_attr = _LANG_ATTR.search(body[:4096])
    declared = lang_attr.group(1).decode("ascii") if lang_attr else None
    page = Extracted(
        text=found.text,
        title=found.title or (meta.title if meta else None) or None,
        author=(meta.author if meta else None) or None,
        published=(meta.date if meta else None) or None,
        language=guess_language(found.text, declared),
    )
    return page, warning


def read_html(body: bytes, content_type: str, keep_root: bool = False) -> tuple[PageText, str, str | None]:
    """The one reading of an HTML body: decoded, parsed, its main content written out as
    structured text (crawler/reading/pagetext.py). Returns (the page's text, the decoded HTML, a
    warning or None). `keep_root` keeps the parsed page for a parser that reads markup."""
    html, warning = decode_html(body, content_type)
    try:
        return page_text(html, keep_root=keep_root), html, warning
    except NoText as exc:
        raise ExtractionError("empty", str(exc)) from exc


def extract_pdf(body: bytes) -> Extracted:
    try:
        reader = PdfReader(io.BytesIO(body))
        text = "\n".join((page.extract_text() or "") for page in reader.pages).strip()
        meta = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractionError("pdf", f"unreadable PDF: {exc}") from exc
    if not text:
        raise ExtractionError("pdf", "PDF holds no extractable text")
    title = (meta.title if meta else None) or text.splitlines()[0][:200]
    return Extracted(
        text=text,
        title=title,
        author=(meta.author if meta else None) or None,
        language=guess_language(text),
    )


def extract(body: bytes, content_type: str, url: str) -> tuple[Extracted, str | None]:
    """Dispatch on the content type (and the PDF magic number, which servers mislabel)."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype == "application/pdf" or body[:5] == b"%PDF-":
        return extract_pdf(body), None
    if ctype in ("", "text/html", "application/xhtml+xml", "text/plain"):
        return extract_html(body, content_type, url)
    raise ExtractionError("unsupported", f"no text extractor for {ctype}")
