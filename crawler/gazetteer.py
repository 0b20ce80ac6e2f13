"""Place names: every spelling a source prints, mapped to one place (gazetteer.toml).

`lookup("Dayr az Zawr")` and `lookup("دير الزور")` both give the Deir ez-Zor place.
Directional phrases ("near Hajin", "southwest of Kirkuk") are resolved by `find_place`,
which looks for the last known name in the phrase. Unknown names give None: a parser
keeps the location as printed and leaves the place empty rather than guess.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    lat: float | None = None
    lon: float | None = None


_ARTICLE = re.compile(r"^(?:al|ar|ad|as|ash|at|an|az|el|ad)[\s-]+", re.IGNORECASE)


# Parsers look up every run of one to four words of a sentence: cached, as the same
# words come back in every sentence and page.
@functools.lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The form names are compared in: no case, accents, hyphens, apostrophes or article."""
    if not text.isascii():  # accents and combining marks only exist outside ASCII
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"['`\u02bf\u02be]", "", text)
    text = re.sub(r"[-\s_.]+", " ", text).strip()
    text = _ARTICLE.sub("", text)
    # Arabic: drop the definite article so "الرقة" and "رقة" meet.
    text = re.sub(r"^ال", "", text)
    return text.replace(" ", "")


@functools.cache
def _index() -> tuple[dict[str, Place], dict[str, set[str]]]:
    """Name keys to places, and the exact spellings of names that are also common words
    (`case_sensitive = true`: "Hit" the town, never "hit" the verb)."""
    raw = tomllib.loads(resources.files("crawler").joinpath("data/gazetteer.toml").read_text("utf-8"))
    index: dict[str, Place] = {}
    exact: dict[str, set[str]] = {}
    for name, entry in raw.items():
        place = Place(name, entry["country"], entry.get("lat"), entry.get("lon"))
        for variant in [name, *entry.get("variants", [])]:
            index[name_key(variant)] = place
            if entry.get("case_sensitive"):
                exact.setdefault(name_key(variant), set()).add(variant)
    return index, exact


def lookup(name: str | None) -> Place | None:
    """The place a name means, or None when the gazetteer does not know it."""
    if not name:
        return None
    index, exact = _index()
    key = name_key(name)
    if key in exact and name.strip() not in exact[key]:
        return None
    return index.get(key)


def find_place(phrase: str | None) -> Place | None:
    """The known place named in a phrase such as "near Hajin" or "southwest of Kirkuk".

    Tries the longest runs of words first, so "Abu Kamal" wins over "Kamal".
    """
    if not phrase:
        return None
    words = re.findall(r"[\w'\u2019-]+", phrase)
    for size in range(min(len(words), 4), 0, -1):
        for start in range(len(words) - size, -1, -1):
            place = lookup(" ".join(words[start : start + size]))
            if place is not None:
                return place
    return None


def places() -> list[Place]:
    return sorted(set(_index()[0].values()), key=lambda p: p.name)
