"""The one country table names, declines and colours every code the snapshot uses."""
import re
from pathlib import Path

import pandas as pd
import pytest

from geo import countries

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
RU_CASES = ["ru_gen", "ru_dat", "ru_acc", "ru_ins", "ru_prep", "ru_in", "ru_to", "ru_from"]


@pytest.mark.parametrize("iso3, lang, expected", [
    ("KGZ", "en", "Kyrgyz Republic"), ("KGZ", "ru", "Кыргызстан"), ("RUS", "ru", "Россия"),
    ("TKM", "ru", "Туркменистан"), ("WLD", "ru", "Мир"), ("ZZZ", "en", "ZZZ"),
    ("CHN", "ru", "Китай"), ("HTI", "ru", "Гаити"), ("TUR", "ru", "Турция"), ("ARE", "ru", "ОАЭ"),
    ("OOO", "en", "Other or unknown countries"), ("AFE", "ru", "Восточная и Южная Африка"),
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


NOT_CODES = {"", "ALL"}  # an empty partner, and labour_migration_russia's "all origins" rows


@pytest.mark.parametrize("path", sorted((ROOT / "data").rglob("*.csv")), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_code_in_the_snapshot_has_a_name_and_cases_in_both_languages(path):
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    codes = set().union(set(), *(set(frame[c]) for c in frame.columns if c.endswith("iso3"))) - NOT_CODES
    assert sorted(c for c in codes if not countries.is_known(c)) == []
    assert all(countries.decline(c, "gen", "ru") and countries.decline(c, "in", "en") for c in codes)


@pytest.mark.parametrize("value, case, lang, expected", [
    ("KGZ", "gen", "ru", "Кыргызстана"), ("KAZ", "in", "ru", "в Казахстане"), ("Узбекистан", "gen", "ru", "Узбекистана"),
    ("Россия", "acc", "ru", "Россию"), ("RUS", "nom", "ru", "Россия"), ("TJK", "ins", "ru", "Таджикистаном"),
    ("TKM", "to", "ru", "в Туркменистан"), ("CYP", "in", "ru", "на Кипре"), ("CYP", "from", "ru", "с Кипра"),
    ("PHL", "in", "ru", "на Филиппинах"), ("PHL", "from", "ru", "с Филиппин"), ("MDV", "to", "ru", "на Мальдивы"),
    ("LKA", "from", "ru", "со Шри-Ланки"), ("ARE", "gen", "ru", "ОАЭ"), ("ARE", "in", "ru", "в ОАЭ"),
    ("USA", "from", "ru", "из США"), ("PER", "dat", "ru", "Перу"), ("NLD", "gen", "ru", "Нидерландов"),
    ("NLD", "in", "ru", "в Нидерландах"), ("UKR", "in", "ru", "в Украине"), ("UKR", "to", "ru", "в Украину"),
    ("BLR", "ins", "ru", "Беларусью"), ("EGY", "gen", "ru", "Египта"), ("ISR", "ins", "ru", "Израилем"),
    ("KOR", "prep", "ru", "Республике Корея"), ("PRK", "in", "ru", "в КНДР"), ("DEU", "dat", "ru", "Германии"),
    ("TUR", "to", "ru", "в Турцию"), ("FRA", "in", "ru", "во Франции"), ("VNM", "to", "ru", "во Вьетнам"),
    ("BGD", "in", "ru", "в Бангладеш"), ("WLD", "in", "ru", "в мире"), ("WLD", "gen", "ru", "мира"),
    ("ECS", "gen", "ru", "Европы и Центральной Азии"), ("ECA", "in", "ru", "в Европе и Центральной Азии (без стран с высоким уровнем дохода)"),
    ("MEA", "in", "ru", "на Ближнем Востоке и в Северной Африке"), ("CYN", "gen", "ru", "северной части Кипра"),
    ("OOO", "from", "ru", "из других или неизвестных стран"),
    ("KGZ", "gen", "en", "the Kyrgyz Republic"), ("KGZ", "in", "en", "in the Kyrgyz Republic"),
    ("Kyrgyz Republic", "to", "en", "to the Kyrgyz Republic"), ("KAZ", "in", "en", "in Kazakhstan"),
    ("RUS", "from", "en", "from Russia"), ("USA", "from", "en", "from the United States"),
    ("GBR", "to", "en", "to the United Kingdom"), ("NLD", "in", "en", "in the Netherlands"),
    ("PHL", "prep", "en", "the Philippines"), ("ARE", "nom", "en", "the United Arab Emirates"),
    ("BHS", "in", "en", "in The Bahamas"), ("TUR", "gen", "en", "Türkiye"), ("WLD", "in", "en", "in the World"),
])
def test_a_country_is_declined_by_the_table(value, case, lang, expected):
    assert countries.decline(value, case, lang) == expected


@pytest.mark.parametrize("value, lang", [("ZZZ", "ru"), ("Atlantis", "en"), ("Kazakhstan", "ru"), ("Казахстан", "en"),
                                         ("", "ru"), (None, "en")])
def test_a_value_the_table_cannot_decline_raises_a_key_error_naming_it(value, lang):
    with pytest.raises(KeyError, match=re.escape(repr(str(value).strip()))):
        countries.decline(value, "gen", lang)


def test_an_unknown_case_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown case"):
        countries.decline("KAZ", "abl", "ru")


def test_the_name_is_still_a_plain_string():
    assert type(countries.name("KGZ", "ru")) is str and countries.name("KGZ", "ru") == countries.decline("KGZ", "nom", "ru")


@pytest.fixture(scope="module")
def rows():
    return countries.table().reset_index()


def test_every_row_has_every_russian_case(rows):
    empty = {c: list(rows.iso3[rows[c] == ""]) for c in RU_CASES if (rows[c] == "").any()}
    assert empty == {}


@pytest.mark.parametrize("column", ["name_ru", *RU_CASES])
def test_no_russian_name_or_case_holds_latin_letters(rows, column):
    assert list(rows.loc[rows[column].str.contains(r"[A-Za-z]"), "iso3"]) == []


def test_each_phrase_takes_a_preposition_that_agrees_with_the_others(rows):
    first = {c: rows[c].str.split().str[0] for c in ("ru_in", "ru_to", "ru_from")}
    pairs = set(zip(first["ru_in"], first["ru_to"], first["ru_from"]))
    assert pairs <= {("в", "в", "из"), ("во", "во", "из"), ("на", "на", "с"), ("на", "на", "со")}


def test_each_phrase_ends_with_its_bare_case(rows):
    bad = [r.iso3 for r in rows.itertuples() if r.iso3 not in ("MEA", "MNA", "TMN", "PSE")  # «на … и в …»
           and not (r.ru_in.endswith(r.ru_prep) and r.ru_to.endswith(r.ru_acc) and r.ru_from.endswith(r.ru_gen))]
    assert bad == []


@pytest.mark.parametrize("iso3", ["KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS", "WLD", "ECS", "ECA"])
def test_the_focus_countries_and_their_comparators_decline_in_every_case_and_language(iso3):
    assert all(countries.decline(iso3, case, lang) for case in countries.CASES for lang in ("en", "ru"))


@pytest.mark.parametrize("iso3", ["CYN", "SOL", "KAS"])
def test_areas_the_us_does_not_recognise_are_not_named_as_states(iso3):
    for name in (countries.name(iso3, "en"), countries.name(iso3, "ru")):
        assert not re.search(r"Republic|Республика|Турецк", name)


def test_the_english_article_is_the_or_nothing_and_never_doubles_one_in_the_name(rows):
    assert set(rows.en_article) == {"", "the"}
    assert not rows[(rows.en_article == "the") & rows.name_en.str.match(r"(?i)the ")].iso3.tolist()


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not beside this checkout")
def test_rebuilding_the_country_table_gives_the_committed_file():
    import tools.build_snapshot as build

    rebuilt = build.country_table(SHARED).to_csv(index=False, lineterminator="\n")
    assert rebuilt == countries.TABLE.read_text(encoding="utf-8")
