"""Plural forms follow CLDR, country names are declined from the country table, and every catalogue is complete."""
import string

import pytest

from ui.i18n import CASES, LANGS, catalogue, plural_blocks, plural_category, render

REQUIRED = {"en": {"one", "other"}, "ru": {"one", "few", "many", "other"}}  # CLDR's integer categories


@pytest.mark.parametrize("n, category", [(1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"), (21, "one"),
                                         (22, "few"), (101, "one"), (111, "many"), (1.5, "other"), (0, "many")])
def test_russian_plural_categories_come_from_cldr(n, category):
    assert plural_category(n, "ru") == category


@pytest.mark.parametrize("n, text", [
    (1, "в 1 стране"), (2, "в 2 странах"), (5, "в 5 странах"), (21, "в 21 стране"), (101, "в 101 стране"),
    ("2 027 823", "в 2 027 823 странах"), ("1 001", "в 1 001 стране"),
])
def test_a_number_agrees_with_its_noun_in_russian(n, text):
    message = "в {n, plural, one {# стране} few {# странах} many {# странах} other {# страны}}"
    assert render(message, "ru", n=n) == text


@pytest.mark.parametrize("n, text", [(1, "1 problem"), (2, "2 problems"), ("1,234", "1,234 problems"), (0, "0 problems"),
                                     ("1.0", "1.0 problems")])
def test_a_number_agrees_with_its_noun_in_english(n, text):
    assert render("{n, plural, one {# problem} other {# problems}}", "en", n=n) == text


def test_an_exact_match_wins_over_the_category():
    assert render("{n, plural, =0 {none} one {# item} other {# items}}", "en", n=0) == "none"


@pytest.mark.parametrize("lang", LANGS)
def test_every_plural_block_has_every_category_the_language_needs(lang):
    incomplete = {key: sorted(REQUIRED[lang] - branches)
                  for key, text in catalogue(lang).items() for branches in plural_blocks(text)
                  if not REQUIRED[lang] <= branches}
    assert incomplete == {}


@pytest.mark.parametrize("lang", LANGS)
def test_every_case_a_message_asks_for_is_one_the_country_table_has(lang):
    asked = {(key, spec) for key, text in catalogue(lang).items()
             for _, field, spec, _ in string.Formatter().parse(_flat(text)) if field and spec and spec.isalpha()}
    assert {(k, s) for k, s in asked if s not in CASES} == set()


def _flat(text: str) -> str:
    """The message with its plural blocks' branches side by side (so their placeholders are parsed too)."""
    from ui.i18n import _PLURAL_HEAD, _branches
    while match := _PLURAL_HEAD.search(text):
        branches, end = _branches(text, match.end())
        text = text[:match.start()] + " ".join(branches.values()).replace("#", "") + text[end:]
    return text


def _nameable() -> set[str]:
    """Every country a sentence can name: the six, and every partner or economy in the snapshot's tables."""
    from geo.countries import FOCUS, table
    from loaders.datasets import DATASETS, load

    codes = set(FOCUS)
    for name, spec in DATASETS.items():
        frame, _ = load(name)
        for column in [c for c in spec.columns if c.endswith("iso3") and c in frame]:
            codes |= set(frame[column].dropna().astype(str))
    aggregates = set(table().index[table()["is_aggregate"].astype(str) == "True"])
    return codes - aggregates - {"ALL"}  # labour figures' "all foreign citizens" is no country


@pytest.mark.parametrize("lang", LANGS)
def test_every_country_a_sentence_can_name_can_be_declined_in_every_case_the_messages_ask_for(lang):
    from geo.countries import decline

    asked = {spec for text in catalogue(lang).values()
             for _, field, spec, _ in string.Formatter().parse(_flat(text)) if field and spec in CASES}
    failed = []
    for code in sorted(_nameable()):
        for case in sorted(asked | {"gen", "in"}):
            try:
                decline(code, case, lang)
            except KeyError:
                failed.append((code, case))
    assert failed == []


@pytest.mark.parametrize("template, iso3, text", [
    ("уроженцы {c:gen}", "UZB", "уроженцы Узбекистана"), ("больше всего — {c:in}", "RUS", "больше всего\u00a0— в России"),
    ("переводы {c:from}", "KGZ", "переводы из Кыргызстана"), ("people born in {c:prep}", "KGZ", "people born in the Kyrgyz Republic"),
])
def test_a_message_asks_for_a_country_in_a_case(template, iso3, text):
    lang = "en" if template.startswith("people") else "ru"
    assert render(template, lang, c=iso3) == text
