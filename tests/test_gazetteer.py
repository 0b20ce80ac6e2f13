"""The gazetteer maps every printed spelling of a place to one name and country."""

import pytest

from crawler.gazetteer import find_place, lookup


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
