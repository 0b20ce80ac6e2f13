"""Readable differences between two versions of a page's text."""

from __future__ import annotations

import difflib
import textwrap

_WIDTH = 100


def _lines(text: str) -> list[str]:
    # Extracted text often holds whole paragraphs on one line; wrap them so a changed
    # number shows as one short changed line, not a changed paragraph.
    out: list[str] = []
    for paragraph in text.splitlines():
        out.extend(textwrap.wrap(paragraph, _WIDTH, break_on_hyphens=False) or [""])
    return out


def text_diff(old: str, new: str, label: str = "page", context: int = 2) -> str:
    """A unified diff of `old` -> `new` text, wrapped at 100 columns."""
    return "\n".join(
        difflib.unified_diff(
            _lines(old),
            _lines(new),
            fromfile=f"{label} (before)",
            tofile=f"{label} (after)",
            n=context,
            lineterm="",
        )
    )
