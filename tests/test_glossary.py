"""One term per fact: the Russian catalogues use the glossary's term, never a variant it lists to avoid."""
import re
import tomllib
from pathlib import Path

import pytest

from ui.i18n import catalogue

GLOSSARY = Path(__file__).resolve().parents[1] / "ui" / "locales" / "glossary.toml"
ENTRIES = tomllib.loads(GLOSSARY.read_text(encoding="utf-8"))


def _fold(text: str) -> str:
    """Compare without case and without the ё/е distinction (both spellings occur)."""
    return text.casefold().replace("ё", "е")


def _pattern(variant: str) -> re.Pattern:
    """Match a variant as whole words: no letter or digit may touch either end."""
    return re.compile(r"(?<!\w)" + re.escape(_fold(variant)) + r"(?!\w)")


def avoided_in(text: str, entry: dict) -> list[str]:
    """Return the entry's avoided variants found in a message, after removing the phrases it allows."""
    folded = _fold(text)
    for allowed in entry.get("except_ru", []):
        folded = _pattern(allowed).sub(" ", folded) if allowed[0].isalnum() else folded.replace(_fold(allowed), " ")
    return [v for v in entry["avoid_ru"] if _pattern(v).search(folded)]


def test_every_entry_has_an_english_term_one_russian_term_variants_and_a_note():
    assert len(ENTRIES) >= 20
    for entry_id, entry in ENTRIES.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", entry_id), entry_id
        assert set(entry) <= {"en", "ru", "avoid_ru", "except_ru", "note"}, entry_id
        assert entry["en"] and entry["ru"] and entry["note"], entry_id
        assert entry["avoid_ru"] and all(isinstance(v, str) and v.strip() for v in entry["avoid_ru"]), entry_id


@pytest.mark.parametrize("entry_id", ["tip_tier_1", "tip_tier_2", "tip_tier_2_watch_list", "tip_tier_3",
                                      "tip_special_case", "remittances", "labour_migrants", "victims", "sdg_10c",
                                      "rpw", "ngo", "reported_figure", "vintage", "data_as_of", "migrant_stock",
                                      "emigrants", "immigrants"])
def test_the_glossary_has_the_entries_the_issue_asks_for(entry_id):
    assert entry_id in ENTRIES


@pytest.mark.parametrize("entry_id, term", [
    ("tip_tier_1", "Уровень 1"), ("tip_tier_2", "Уровень 2"), ("tip_tier_2_watch_list", "Список наблюдения уровня 2"),
    ("tip_tier_3", "Уровень 3"), ("tip_special_case", "Особый случай"), ("ngo", "НПО"),
    ("sdg_10c", "задача 10.c ЦУР: менее 3 %"), ("labour_migrants", "трудовые мигранты"),
    ("victims", "жертвы торговли людьми"), ("data_as_of", "Данные по состоянию на {date}"),
])
def test_the_russian_term_is_the_one_the_review_asks_for(entry_id, term):
    assert ENTRIES[entry_id]["ru"] == term


@pytest.mark.parametrize("entry_id", sorted(ENTRIES))
def test_no_glossary_term_is_a_variant_another_entry_avoids(entry_id):
    term = ENTRIES[entry_id]["ru"]
    clashes = {other: found for other, entry in ENTRIES.items() if (found := avoided_in(term, entry))}
    assert clashes == {}


@pytest.mark.parametrize("text, entry_id, found", [
    ("Цель ЦУР 10.c: {value}", "sdg_10c", ["цель ЦУР 10.c", "ЦУР 10.c"]),
    ("Задача 10.c ЦУР: менее 3 %", "sdg_10c", []),
    ("Список наблюдения 2-й категории", "tip_tier_2_watch_list", ["Список наблюдения 2-й категории"]),
    ("«{value}» — не категория пола.", "tip_tier", []),  # another sense of «категория»
    ("Категория в Докладе о торговле людьми", "tip_tier", ["категория"]),
    ("Жертвы, получившие помощь НКО", "ngo", ["НКО"]),
    ("НКОМ и ЮНКОР", "ngo", []),  # whole words only
    ("Сообщенное число", "reported_figure", ["Сообщённое число"]),  # ё and е are one letter here
    ("Выпускники, выпускать", "vintage", []),
    ("база данных Всемирного банка «Стоимость денежных переводов в мире» (Remittance Prices Worldwide)", "rpw", []),
    ("в базе Remittance Prices Worldwide нет коридора", "rpw", ["Remittance Prices Worldwide"]),
    ("уроженцев страны «{country}» жили в стране «{other}»", "country_in_sentence", ["страны «", "стране «"]),
    ("уроженцы {country:gen}, больше всего — {top:in}", "country_in_sentence", []),
])
def test_the_check_finds_avoided_variants_as_whole_words_in_any_case(text, entry_id, found):
    assert avoided_in(text, ENTRIES[entry_id]) == found


@pytest.mark.parametrize("entry_id", sorted(ENTRIES))
def test_russian_catalogues_use_only_the_glossary_term(entry_id):
    hits = {key: found for key, text in catalogue("ru").items() if (found := avoided_in(text, ENTRIES[entry_id]))}
    assert hits == {}, f"{entry_id}: use «{ENTRIES[entry_id]['ru']}»"
