"""The migration page's pure builders on the real snapshot (UN DESA International Migrant Stock 2024): defaults for the
presenter's story, held-out figures for women and men, totals that add up, readable maps, and the revision comparison."""
import math
import re
from functools import cache, partial

import pandas as pd
import pytest

from charts import maps
from figures import FigureContext
from figures import migration as fm
from figures.story import STORY, build
from geo.boundaries import read_geojson
from geo.countries import FOCUS
from loaders.datasets import load
from ui.i18n import translate

RAW = "data/migration/ims2024_bilateral_by_sex.csv"
OLD_ONLY = (2558907, 1146175, 11636152, 4203899)  # 2020-revision figures: only the comparison may show them


@cache
def geojson() -> dict:
    """The bundled boundaries, read once."""
    return read_geojson()


def context(lang: str = "en", country: str = "KGZ") -> FigureContext:
    """What the pages pass, with data read straight from data/."""
    return FigureContext(load=load, lang=lang, t=partial(translate, lang=lang), country=country, geojson=geojson)


@cache
def raw() -> pd.DataFrame:
    """The snapshot file as published."""
    return pd.read_csv(RAW)


def plain(text: str) -> str:
    """Text with no-break spaces as plain ones."""
    return text.replace("\xa0", " ")


def traces(fig, kind: str) -> list:
    """The traces of one type."""
    return [tr for tr in fig.data if tr.type == kind]


# ---- the story's steps --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("country", FOCUS)
def test_the_story_map_follows_the_context_country_in_the_latest_year_with_at_most_three_lines(country, lang):
    step = next(s for s in STORY if s.id == "migration_map")
    chart = build(step, context(lang, country))
    assert chart.key == f"mig_map_{country}" and chart.title.endswith(", 2024")
    assert 1 <= len(chart.lines) <= 3 and all(len(line) < 90 for line in chart.lines)
    chosen = [tr for tr in traces(chart.figure, "choropleth") if list(tr.locations) == [country]]
    assert chosen and chosen[0].colorscale[0][1] == maps.CHOSEN_COLOUR


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_story_sankey_shows_the_latest_year_with_at_most_three_lines(lang):
    chart = build(next(s for s in STORY if s.id == "destinations"), context(lang))
    assert chart.title.endswith(", 2024") and traces(chart.figure, "sankey")
    assert len(chart.lines) == 3 and chart.lines[1].startswith({"en": "In Russia: ", "ru": "Из них в России: "}[lang])


# ---- held-out figures, for women and men --------------------------------------------------------------------------

@pytest.mark.parametrize("origin, year, sex", [("UZB", 2024, "all"), ("UZB", 2024, "female"), ("TJK", 2024, "male"),
                                               ("KAZ", 2020, "all"), ("KGZ", 2010, "female"), ("TKM", 1990, "male")])
def test_the_map_and_its_table_show_the_files_figure_for_the_sex_chosen(origin, year, sex):
    column = "value" if sex == "all" else sex
    expected = raw().query("origin_iso3 == @origin and destination_iso3 == 'RUS' and year == @year")[column].item()
    chart = fm.partner_map(context(), country=origin, year=year, sex=sex)
    row = chart.table.set_index("ISO3").loc["RUS"]
    assert row["People"] == expected and row["Year"] == year
    female = raw().query("origin_iso3 == @origin and destination_iso3 == 'RUS' and year == @year")
    assert row["Women (%)"] == pytest.approx(100 * female["female"].item() / female["value"].item())


@pytest.mark.parametrize("sex, word", [("female", "women"), ("male", "men"), ("all", "people")])
def test_titles_and_sentences_say_whom_they_count(sex, word):
    chart = fm.partner_map(context(), country="UZB", sex=sex)
    assert chart.title == f"Where {word} born in Uzbekistan lived, 2024"
    assert chart.summary.startswith(f"{word.capitalize()} born in Uzbekistan living abroad in 2024")


def test_kazakhstans_2020_immigrant_total_on_screen_is_the_sum_of_its_rows_other_or_unknown_included():
    rows = raw().query("destination_iso3 == 'KAZ' and year == 2020")
    assert "OOO" in set(rows["origin_iso3"]) and rows["value"].sum() == 1990268
    chart = fm.partner_map(context(), country="KAZ", direction="in", year=2020)
    unknown = rows.loc[rows["origin_iso3"] == "OOO", "value"].item()
    assert chart.summary.startswith("Immigrants living in Kazakhstan in 2020: 1,990,268 (including "
                                    f"{unknown:,} of other or unknown origin)")
    assert chart.table["People"].sum() == 1990268 and "Other or unknown countries" in set(chart.table["Country"])
    assert chart.lines[0] == "In total: 1,990,268 (2020)"


@pytest.mark.parametrize("sex", ["all", "female", "male"])
def test_every_view_draws_for_women_and_men_in_both_languages(sex):
    for lang in ("en", "ru"):
        fc = context(lang)
        for item in (fm.partner_map(fc, sex=sex), fm.destinations(fc, sex=sex), fm.partner_bars(fc, sex=sex),
                     fm.trend_total(fc, sex=sex), fm.trend_russia(fc, sex=sex)):
            assert item.figure.data and len(item.table)
        assert fm.flow(fc, sex=sex).deck is not None and len(fm.corridor_table(fc, sex=sex).table)


def test_the_female_share_of_each_corridor_is_in_hover_tables_and_downloads():
    fc = context()
    sankey = fm.destinations(fc)
    assert "Women among them" in traces(sankey.figure, "sankey")[0].link.hovertemplate and "Women (%)" in sankey.table
    assert "Women (%)" in fm.partner_bars(fc).table and "Women (%)" in fm.corridor_table(fc).table
    flow = fm.flow(fc)
    assert "Women (%)" in flow.table and "women: " in flow.deck.layers[1].data[0]["name_en"]
    hover = [tr.hovertemplate for tr in traces(fm.partner_map(fc).figure, "choropleth") if tr.z is not None]
    assert any("Women among them" in h for h in hover)


def test_the_female_share_of_emigrants_runs_over_the_five_countries_at_their_years():
    chart = fm.female_share(context("en", "TJK"))
    assert [tr.name for tr in traces(chart.figure, "scatter")] == ["Kazakhstan", "Kyrgyz Republic", "Tajikistan",
                                                                    "Turkmenistan", "Uzbekistan", "As many women as men"]
    assert list(chart.figure.data[0].x) == [1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024]
    assert chart.title == "Women among the emigrants of each Central Asian country, 1990–2024"
    assert chart.summary == ("Women among emigrants in 2024: from 42.6% (Tajikistan) to 64.1% (Turkmenistan); "
                             "Tajikistan: 42.6%.")


# ---- readable maps --------------------------------------------------------------------------------------------------

def test_the_map_legend_names_the_chosen_country_the_classes_and_two_kinds_of_grey():
    chart = fm.partner_map(context(), country="UZB")
    legend = [tr.name for tr in traces(chart.figure, "scattergeo")]
    assert legend[0] == "Uzbekistan (chosen country)"
    assert legend[1:8] == ["300,000–999,999", "100,000–299,999", "30,000–99,999", "10,000–29,999", "3,000–9,999",
                           "1–2,999", "No figure in the UN file"][:7]
    assert legend[-2:] == ["No figure in the UN file", "Outside the mapped region"]
    assert chart.figure.layout.legend.title.text == "People (classes on a log scale)"
    colours = {tr.name: tr.marker.color for tr in traces(chart.figure, "scattergeo")}
    assert colours["No figure in the UN file"] != colours["Outside the mapped region"] == maps.LAND_GREY


def test_a_small_partner_gets_a_class_of_its_own_not_a_sliver_of_one_scale():
    part = fm.partner_map(context(), country="UZB").table.set_index("ISO3")["People"]
    classes = {iso3: maps.class_index(v) for iso3, v in part.items()}
    assert classes["RUS"] == 5 and classes["TUR"] == 4 and classes["KOR"] == 3 and classes["ISR"] == 2
    assert classes["GRC"] == 1


@pytest.mark.parametrize("top, count", [(0, 1), (2_999, 1), (3_000, 2), (778_041, 6), (5_000_000, 7)])
def test_the_map_shows_the_classes_up_to_its_largest_value(top, count):
    assert len(maps.classes(top)) == count and maps.classes(top)[-1][1] in (None, *maps.CLASS_EDGES)


def test_a_pair_recorded_as_zero_is_its_own_legend_entry():
    zeros = raw().query("origin_iso3 == 'KAZ' and year == 1990 and value == 0")["destination_iso3"]
    drawn = {f["id"] for f in geojson()["features"]}
    assert set(zeros) & drawn
    fig = fm.partner_map(context(), country="KAZ", year=1990).figure
    assert "0 in the UN file" in [tr.name for tr in traces(fig, "scattergeo")]


def test_the_flow_map_labels_its_largest_arcs_and_keys_its_widths():
    flow = fm.flow(context("ru"), country="UZB")
    labels = flow.deck.layers[-1]
    assert labels.type == "TextLayer" and len(labels.data) == 5
    assert plain(labels.data[0]["label"]) == "Россия: 778 041"
    assert "Толщина дуги" in flow.key_html and "500 000 чел." in plain(flow.key_html)
    assert "страна рождения" in flow.key_html


def test_all_five_countries_label_the_partners_with_the_people_of_every_arc_ending_there():
    flow = fm.flow(context(), every=True)
    assert flow.title == "Emigrant corridors from the five Central Asian countries, 2024"
    to_russia = flow.table[flow.table["Country of residence"] == "Russia"]["People"].sum()
    assert flow.deck.layers[-1].data[0]["label"] == f"Russia: {to_russia:,}"
    assert len({(r["label_lon"], r["label_lat"]) for r in flow.deck.layers[-1].data}) == 5  # one label per place


# ---- the corridor table -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("year", [2010, 2024])
def test_the_corridor_grid_never_shows_none_or_nan_and_the_download_leaves_gaps_empty(year):
    corr = fm.corridor_table(context("ru"), country="UZB", year=year, every=True)
    html = corr.grid.to_html()
    assert not re.search(r">\s*(None|nan|-?inf)\s*<", html)
    csv = corr.table.to_csv(index=False)
    assert "inf" not in csv and "None" not in csv and "nan" not in csv.lower().replace("nan", "", 0)
    assert ("Изменение с 2010 г. (чел.)" in corr.table) is (year > 2010)


# ---- what the revision changed --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, said", [
    ("en", "people born in Kazakhstan living in Russia in 2020 were 2,558,907 in the 2020 revision and are 1,635,008 "
           "in the 2024 revision. Why: the UN revises earlier years as new census, register and survey data arrive, "
           "notably from the 2020–21 census round."),
    ("ru", "уроженцев Казахстана, проживавших в России, в 2020 г. было 2 558 907 чел. по редакции 2020 г. и "
           "1 635 008 чел. по редакции 2024 г. Почему: ООН пересматривает"),
])
def test_the_revision_is_said_in_one_line_with_the_largest_revised_corridor_and_the_uns_reason(lang, said):
    assert said in plain(fm.revision_note(context(lang)))


def test_no_other_builder_shows_a_figure_of_the_2020_revision():
    fc = context()
    shown = [fm.partner_map(fc, country=c, direction=d, year=2020) for c in ("KAZ", "UZB", "RUS") for d in ("out", "in")]
    shown += [fm.trend_total(fc), fm.destinations(fc, year=2020)]
    numbers = {float(v) for chart in shown for col in chart.table.select_dtypes("number") for v in chart.table[col]}
    assert not numbers & set(map(float, OLD_ONLY))
    assert fm.partner_map(fc, country="KAZ", year=2020).table.set_index("ISO3").at["RUS", "People"] == 1635008


# ---- nothing English on the Russian page ----------------------------------------------------------------------------

ALLOWED_LATIN = {"ISO", "KNOMAD", "US"}  # ISO3 codes, the World Bank's partner, US$


def latin(texts) -> set[str]:
    """Latin words of three letters or more."""
    return {w for text in texts for w in re.findall(r"[A-Za-z]{3,}", str(text))} - ALLOWED_LATIN


def strip_markup(text: str) -> str:
    """A hover template without its placeholders and tags."""
    return re.sub(r"%\{[^}]*\}|<[^>]*>", " ", text or "")


def test_the_russian_map_sankey_and_flow_map_say_nothing_in_english():
    fc = context("ru")
    fig = fm.partner_map(fc, country="KGZ", direction="in").figure
    words = [fig.layout.title.text, fig.layout.legend.title.text] + [tr.name for tr in fig.data]
    words += [strip_markup(tr.hovertemplate) for tr in fig.data if tr.hovertemplate]
    words += [c for tr in traces(fig, "choropleth") for row in (tr.customdata if tr.customdata is not None else [])
              for c in (row if isinstance(row, (list, tuple)) or hasattr(row, "__len__") and not isinstance(row, str)
                        else [row])]
    sankey = fm.destinations(fc).figure.data[0]
    words += list(sankey.node.label) + [strip_markup(sankey.link.hovertemplate), strip_markup(sankey.node.hovertemplate)]
    flow = fm.flow(fc, country="KGZ")
    words += [r["name_ru"] for r in flow.deck.layers[1].data] + [r["label"] for r in flow.deck.layers[-1].data]
    words += [re.sub(r"<[^>]*>", " ", flow.key_html), flow.title, flow.summary]
    assert latin(words) == set()


def test_every_russian_chart_title_summary_and_table_header_is_russian():
    fc = context("ru")
    charts = [fm.partner_map(fc), fm.destinations(fc), fm.partner_bars(fc), fm.trend_total(fc), fm.trend_russia(fc),
              fm.female_share(fc), fm.labour(fc, "TJK").chart]
    words = [c.title for c in charts] + [c.summary for c in charts] + [h for c in charts for h in c.table.columns]
    words += list(fm.corridor_table(fc).table.columns) + [fm.revision_note(fc)]
    assert latin(words) == set()


def test_a_total_is_never_nan_on_any_chart_table():
    fc = context()
    for chart in (fm.partner_map(fc), fm.destinations(fc), fm.partner_bars(fc), fm.trend_total(fc), fm.female_share(fc)):
        numbers = chart.table.select_dtypes("number")
        assert not numbers.isna().any().any(), chart.key
        assert all(math.isfinite(v) for v in numbers.to_numpy().ravel())
