"""The gazetteer maps every printed spelling of a place to one name and country."""

import pytest

from crawler.places.gazetteer import find_place, lookup


@pytest.mark.parametrize(
    "printed, name, country",
    [
        ("Raqqah", "Raqqa", "Syria"),
        ("Ar Raqqah", "Raqqa", "Syria"),
        ("al-Raqqa", "Raqqa", "Syria"),
        ("الرقة", "Raqqa", "Syria"),
        ("Dayr az Zawr", "Deir ez-Zor", "Syria"),
        ("Deir e-Zor", "Deir ez-Zor", "Syria"),
        ("دير الزور", "Deir ez-Zor", "Syria"),
        ("Beiji", "Bayji", "Iraq"),
        ("Shadaddi", "Al Shaddadi", "Syria"),
        ("Al Shadadi", "Al Shaddadi", "Syria"),
        ("Al Bukamal", "Abu Kamal", "Syria"),
    ],
)
def test_variants_meet_in_one_place(printed, name, country):
    place = lookup(printed)
    assert place is not None and (place.name, place.country) == (name, country)


def test_directional_phrases_name_the_place():
    assert find_place("southwest of Kirkuk").name == "Kirkuk"
    assert find_place("near Abu Kamal").name == "Abu Kamal"


def test_unknown_names_stay_unknown():
    assert lookup("Springfield") is None
    assert find_place("near an unnamed village") is None


def test_a_name_that_is_also_a_word_matches_only_as_written():
    assert lookup("Hit").name == "Hit"
    assert lookup("hit") is None
    assert find_place("the strike hit a market near Hajin").name == "Hajin"
    assert find_place("near Hit, Iraq").name == "Hit"


# -- the GeoNames places (crawler/places/data/gazetteer_geonames.toml) --------------------------


@pytest.mark.parametrize(
    "printed, name, country",
    [
        ("خشام", "Khusham", "Syria"),  # a Deir ez-Zor village only GeoNames has
        ("Khushām", "Khusham", "Syria"),  # the marked spelling is a variant
        ("الكسرة", "Al Kasrah", "Syria"),
        ("Abu Hardan", "Hajin", "Syria"),  # a GeoNames spelling lent to the hand-kept place
        ("Rawah", "Rawah", "Iraq"),
        ("Al Qaim", "Al Qaim", "Iraq"),
    ],
)
def test_geonames_places_and_spellings(printed, name, country):
    place = lookup(printed)
    assert place is not None and (place.name, place.country) == (name, country)


def test_an_arabic_name_printed_with_its_article_needs_it():
    assert lookup("الرقة").name == "Raqqa"
    assert lookup("حول") is None  # "around", not al-Hawl
    assert lookup("الهول").name == "Al Hawl"


def test_the_middle_euphrates_villages_in_both_scripts():
    for latin, arabic in (("Bobadran", "البو بدران"), ("Kashma", "الكشمة"), ("Jadeed Ekaidat", "جديدة عكيدات"),
                          ("Hatla", "حطلة"), ("Sh'afeh", "الشعفة")):
        assert lookup(latin) is not None and lookup(latin) == lookup(arabic), latin


def test_the_generator_keeps_names_and_drops_keys_codes_and_common_words():
    from crawler.places.build import entries

    records = [
        {"geonameid": 1, "name": "Khushām", "countrycode": "SY", "admin1code": "07", "population": 0,
         "latitude": 35.30094, "longitude": 40.28918,
         "alternatenames": ["Khusham", "khsham", "خشام", "DEZ", "الجلاء", "tەlەʿfەr"]},
        {"geonameid": 2, "name": "Amman", "countrycode": "JO", "admin1code": "16", "population": 1,
         "latitude": 31.9, "longitude": 35.9, "alternatenames": ["عمان"]},
    ]
    built = entries(records)
    assert list(built) == ["Khusham"]  # Amman lies outside Syria and Iraq; marks folded
    entry = built["Khusham"]
    assert entry["variants"] == ["Khushām", "خشام"]
    assert (entry["country"], entry["region"], entry["lat"], entry["geonameid"]) == ("Syria", "Deir ez-Zor", 35.3009, 1)
