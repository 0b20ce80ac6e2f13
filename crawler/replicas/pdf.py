"""A tiny hand-written PDF writer: plain text in Helvetica, wrapped, over several pages.

The output is a valid PDF 1.4 file (cross-reference table with exact offsets) whose text
pypdf and other extractors read back. Characters outside Windows-1252 become '?'.
"""
from __future__ import annotations

import textwrap

PAGE_W, PAGE_H = 612, 792  # US Letter, like the DoD releases
MARGIN = 72
LEADING = 14
WRAP = 92


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _layout(title: str, paragraphs: list[str]) -> list[list[tuple[str, bool]]]:
    """Wrap the text into pages of (line, is_heading) tuples."""
    lines: list[tuple[str, bool]] = [(title, True), ("", False)]
    for para in paragraphs:
        if not para.strip():
            lines.append(("", False))
            continue
        for piece in para.split("\n"):
            wrapped = textwrap.wrap(piece, WRAP) or [""]
            lines.extend((w, False) for w in wrapped)
        lines.append(("", False))
    per_page = (PAGE_H - 2 * MARGIN) // LEADING
    return [lines[i:i + per_page] for i in range(0, len(lines), per_page)]


def _content_stream(page_lines: list[tuple[str, bool]], page_no: int, pages: int) -> bytes:
    out = [b"BT", b"/F1 11 Tf", f"{LEADING} TL".encode(), f"{MARGIN} {PAGE_H - MARGIN} Td".encode()]
    font = "F1"
    for line, heading in page_lines:
        want = "F2" if heading else "F1"
        if want != font:
            out.append(f"/{want} {13 if heading else 11} Tf".encode())
            font = want
        out.append(b"(" + _escape(line) + b") Tj T*")
    out.append(b"ET")
    footer = f"Page {page_no} of {pages}"
    out += [b"BT", b"/F1 9 Tf", f"{PAGE_W // 2 - 30} 40 Td".encode(),
            b"(" + _escape(footer) + b") Tj", b"ET"]
    return b"\n".join(out) + b"\n"


def make_pdf(title: str, paragraphs: list[str], author: str = "CJTF-OIR Public Affairs") -> bytes:
    pages = _layout(title, paragraphs)
    n = len(pages)
    # object numbers: 1 catalog, 2 pages, 3 font F1, 4 font F2, 5 info, then (page, content) pairs
    objs: dict[int, bytes] = {}
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objs[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    objs[5] = (b"<< /Title (" + _escape(title) + b") /Author (" + _escape(author)
               + b") /Producer (civcas replica pdf writer) >>")
    kids = []
    for i, page_lines in enumerate(pages):
        page_obj, content_obj = 6 + 2 * i, 7 + 2 * i
        kids.append(f"{page_obj} 0 R")
        stream = _content_stream(page_lines, i + 1, n)
        objs[page_obj] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_obj} 0 R >>"
        ).encode()
        objs[content_obj] = (f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"endstream")
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n} >>".encode()

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode() + objs[num] + b"\nendobj\n"
    xref_at = len(out)
    size = max(objs) + 1
    out += f"xref\n0 {size}\n".encode() + b"0000000000 65535 f \n"
    for num in range(1, size):
        out += f"{offsets[num]:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {size} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref_at}\n%%EOF\n").encode()
    return bytes(out)
