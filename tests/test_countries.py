"""The one country table names and colours every code the snapshot uses."""
import pandas as pd
import pytest

from geo import countries


@pytest.mark.parametrize("iso3, lang, expected", [
    ("KGZ", "en", "Kyrgyz Republic"), ("KGZ", "ru", "Кыргызстан"), ("RUS", "ru", "Россия"),
    ("TKM", "ru", "Туркменистан"), ("WLD", "ru", "Мир"), ("ZZZ", "en", "ZZZ"),
])
def test_names_come_in_english_and_russian(iso3, lang, expected):
    assert countries.name(iso3, lang) == expected


@pytest.mark.parametrize("label, source, expected", [
    ("Kyrgyz Republic", "worldbank", "KGZ"), ("Russian Federation", "worldbank", "RUS"), ("Kyrgyzstan", "undesa", "KGZ"),
    ("Россия", "common", "RUS"), ("tjk", "common", "TJK"), ("Atlantis", "common", None),
])
def test_source_names_map_to_iso3(label, source, expected):
    assert countries.to_iso3(label, source) == expected


def test_every_focus_country_has_its_own_colour_and_a_capital():
    colours = [countries.colour(c) for c in countries.FOCUS]
    assert len(set(colours)) == len(countries.FOCUS)
    assert all(countries.point(c) for c in countries.FOCUS)


@pytest.mark.parametrize("path, cols", [
    ("data/migration/bilateral_migrant_stock.csv", ["origin_iso3", "destination_iso3"]),
    ("data/migration/bilateral_remittances.csv", ["sender_iso3", "receiver_iso3"]),
    ("data/wdi/remittances_pct_gdp_world.csv", ["iso3"]),
])
def test_every_code_in_the_snapshot_has_a_name_in_both_languages(path, cols):
    frame = pd.read_csv(path)
    codes = set().union(*(set(frame[c]) for c in cols))
    unknown = sorted(c for c in codes if not countries.is_known(c))
    assert unknown == []
