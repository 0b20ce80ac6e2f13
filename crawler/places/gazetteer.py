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


_QUOTES = re.compile(r"['`\u02bf\u02be]")
_SEPARATORS = re.compile(r"[-\s_.]+")
_ARABIC_ARTICLE = re.compile(r"^ال")


def _folded(text: str) -> str:
    """No case, accents, apostrophes; hyphens and runs of spaces as one space."""
    if not text.isascii():  # accents and combining marks only exist outside ASCII
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _QUOTES.sub("", text.lower().replace("\u2019", "'"))
    return _SEPARATORS.sub(" ", text).strip()


# Parsers look up every run of one to four words of a sentence: cached, as the same
# words come back in every sentence and page.
@functools.lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The form names are compared in: no case, accents, hyphens, apostrophes or article."""
    text = _ARTICLE.sub("", _folded(text))
    # Arabic: drop the definite article so "الرقة" and "رقة" meet.
    return _ARABIC_ARTICLE.sub("", text).replace(" ", "")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """`name_key` without dropping a leading article: every step works on one character
    at a time, so fold(a + b) == fold(a) + fold(b), and a name's key is a suffix of the
    fold of the text it was read from (the article is a prefix)."""
    return _folded(text).replace(" ", "")


@functools.cache
def _key_ends() -> re.Pattern:
    """Matches, in reversed folded text, wherever a gazetteer key ends (read backwards):
    one pattern for every key, branching letter by letter like a trie."""
    trie: dict = {}
    for key in _index()[0]:
        node = trie
        for ch in reversed(key):
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict) -> str:
        if "" in node:  # a whole key: whatever longer key goes on from here changes nothing
            return ""
        alternatives = [re.escape(ch) + branch(child) for ch, child in sorted(node.items())]
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return re.compile(f"(?={branch(trie)})")


def names_may_end(text: str, ends: list[int]) -> list[bool]:
    """For each offset in `ends` (ascending; the ends of words of `text`), whether a
    gazetteer name could end there. False proves that `lookup` finds nothing for any run
    of `text` ending at that offset (or for the same run without its first letters), so
    a parser scanning every run of words needs to look up only the runs ending where this
    says True."""
    pieces: list[str] = []
    marks: list[int] = []
    at = length = 0
    for end in ends:
        piece = fold(text[at:end])
        pieces.append(piece)
        length += len(piece)
        marks.append(length)
        at = end
    folded = "".join(pieces)
    if "\u03c3" in folded or "\u03c2" in folded:
        return [True] * len(ends)  # a Greek sigma lowers by its context: no shortcut
    found = {length - m.start() for m in _key_ends().finditer(folded[::-1])}
    return [mark in found for mark in marks]


@functools.cache
def _index() -> tuple[dict[str, Place], dict[str, set[str]]]:
    """Name keys to places, and the exact spellings of names that are also common words
    (`case_sensitive = true`: "Hit" the town, never "hit" the verb).

    Two files: `gazetteer.toml`, kept by hand, and `gazetteer_geonames.toml`, generated
    from GeoNames (`crawler.places.build`). The hand file wins: a GeoNames place that
    shares a name with a hand place lends it its other spellings (its Arabic names among
    them) and is not a place of its own."""
    data = resources.files("crawler.places").joinpath("data")
    raw = tomllib.loads(data.joinpath("gazetteer.toml").read_text("utf-8"))
    index: dict[str, Place] = {}
    exact: dict[str, set[str]] = {}
    for name, entry in raw.items():
        place = Place(name, entry["country"], entry.get("lat"), entry.get("lon"))
        for variant in [name, *entry.get("variants", [])]:
            index[name_key(variant)] = place
            if entry.get("case_sensitive"):
                exact.setdefault(name_key(variant), set()).add(variant)
    generated = data.joinpath("gazetteer_geonames.toml")
    extra = tomllib.loads(generated.read_text("utf-8")) if generated.is_file() else {}
    for name, entry in extra.items():
        keys = [name_key(v) for v in [name, *entry.get("variants", [])]]
        known = next((index[k] for k in keys if k in index), None)
        place = known or Place(name, entry["country"], entry.get("lat"), entry.get("lon"))
        for key in keys:
            if key and key not in index:
                index[key] = place
    return index, exact


def lookup(name: str | None) -> Place | None:
    """The place a name means, or None when the gazetteer does not know it."""
    if not name:
        return None
    index, exact = _index()
    key = name_key(name)
    if key in exact and name.strip() not in exact[key]:
        return None
    if key in _arabic_with_article() and not name.strip().startswith("ال"):
        return None  # "الحول" is a place, "حول" (around) is not
    return index.get(key)


@functools.cache
def _arabic_with_article() -> frozenset[str]:
    """Keys whose Arabic spellings all begin with the article: the text must print it too
    (the key drops it so that "الرقة" and a proclitic's "والرقة" meet)."""
    data = resources.files("crawler.places").joinpath("data")
    spellings: dict[str, list[str]] = {}
    for file in ("gazetteer.toml", "gazetteer_geonames.toml"):
        if not data.joinpath(file).is_file():
            continue
        for name, entry in tomllib.loads(data.joinpath(file).read_text("utf-8")).items():
            for variant in [name, *entry.get("variants", [])]:
                if _ARABIC_LETTERS.search(variant):
                    spellings.setdefault(name_key(variant), []).append(variant.strip())
    return frozenset(k for k, names in spellings.items() if all(n.startswith("ال") for n in names))


_ARABIC_LETTERS = re.compile(r"[\u0600-\u06FF]")


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
