"""The remittances builders (figures/remittances.py): pure, usable with no choices by the presenter's story, at most three
lines each, in both languages, with the page's choices, and a paid dataset from a stale copy carried in their sources."""
from functools import partial

import pytest

from charts.spec import Chart
from figures import FigureContext, story
from figures import remittances as fr
from geo.countries import FOCUS
from loaders.datasets import load
from loaders.provenance import Provenance
from ui.i18n import translate

STORY_BUILDERS = ("dependence", "ranking", "money_sources", "corridor_costs")


@pytest.fixture(scope="module")
def frames():
    """Every dataset the builders read, loaded once."""
    names = ("wdi_series", "world_pct_gdp", "remittances_paid", "bilateral_remittances", "corridor_costs",
             "cost_by_country")
    return {n: load(n) for n in names}


def context(frames, lang: str = "en", country: str = "KGZ", stale: tuple[str, ...] = ()) -> FigureContext:
    """A FigureContext reading the snapshot (copies, as ui.cached.dataset gives); datasets named in stale come marked
    as served from a last good copy."""
    def loader(name: str):
        frame, prov = frames[name]
        return frame.copy(), prov.with_mode("stale") if name in stale else prov
    return FigureContext(load=loader, lang=lang, t=partial(translate, lang=lang), country=country)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("country", FOCUS)
@pytest.mark.parametrize("builder", STORY_BUILDERS)
def test_every_story_builder_works_with_no_choices_and_gives_at_most_three_short_lines(frames, builder, lang, country):
    chart = getattr(fr, builder)(context(frames, lang, country))
    assert isinstance(chart, Chart) and chart.title and chart.provs and len(chart.table)
    assert 1 <= len(chart.lines) <= 3 and all(line and len(line) < 260 for line in chart.lines)
    assert all(isinstance(p, Provenance) for p in chart.provs)


def test_the_story_names_these_builders_for_the_remittances_steps():
    steps = [s for s in story.STORY if s.page == "pages/remittances.py"]
    assert [story.builder(s) for s in steps] == [getattr(fr, b) for b in STORY_BUILDERS]


@pytest.mark.parametrize("measure, vintage, title, table_vintage", [
    ("pct", "latest", "Remittances received, % of GDP, 2005–2020", "2026-07-01"),
    ("pct", "official", "Remittances received, % of GDP, 2005–2020", "2023-05-10"),
    ("usd", "official", "Remittances received, US$ billions, 2005–2020", "2026-07-01"),
    ("per_person", "latest", "Remittances received per person, US$, 2005–2020", "2026-07-01"),
    ("paid", "latest", "Remittances paid (outflows), US$ billions, 2005–2020", "2025-02")])
def test_the_dependence_chart_draws_the_chosen_measure_countries_and_years_in_one_vintage(frames, measure, vintage, title,
                                                                                          table_vintage):
    chart = fr.dependence(context(frames), countries=["TJK", "RUS"], measure=measure, years=(2005, 2020),
                          vintage=vintage)
    assert chart.title == title and set(chart.table["Vintage"]) == {table_vintage}
    assert set(chart.table["ISO3"]) <= {"TJK", "RUS"} and chart.table["Year"].between(2005, 2020).all()
    source = {"pct": "remittances_pct_gdp_world.csv", "paid": "remittances_paid_2025-02.csv"}.get(measure, "wdi_series.csv")
    assert [p.file for p in chart.provs] == [source]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_russias_disputed_outflow_never_stands_without_its_caveat_in_reading_note_and_lines(frames, lang):
    chart = fr.dependence(context(frames, lang), measure="paid")
    caveat = translate("remit.caveat_short", lang, after=2022)
    assert chart.note == caveat and caveat in chart.lines
    assert chart.summary.startswith(("Russia's reported outflow falls", "По данным России"))
    year, values = translate("remit.col.year", lang), translate("remit.col.flag", lang)
    russia = chart.table[chart.table["ISO3"] == "RUS"]
    assert set(russia.loc[russia[year] >= 2022, values]) == {translate("remit.flag.disputed", lang)}
    legend = translate("remit.caveat_legend", lang, country="Russia" if lang == "en" else "Россия",
                       years="2022–2023" if lang == "en" else "2022–2023\u00a0гг.")
    assert legend in [tr.name for tr in chart.figure.data]


def test_the_key_figures_read_russias_outflow_from_the_extract_and_carry_its_source(frames):
    facts = fr.key_figures(context(frames), since=2010)
    changes = [line for line in facts.lines if line.startswith("Kyrgyz Republic:")]
    assert len(changes) == 1 and " of GDP in 2010, " in changes[0]
    assert "US$ 16.82 bn in 2021" in " ".join(facts.lines)
    assert [p.file for p in facts.provs] == ["remittances_pct_gdp_world.csv", "remittances_paid_2025-02.csv"]


@pytest.mark.parametrize("builder, choices", [(fr.key_figures, {}), (fr.dependence, {"measure": "paid"})])
def test_an_outflow_served_from_a_stale_copy_reaches_the_sources_marked_stale(frames, builder, choices):
    found = builder(context(frames, stale=("remittances_paid",)), **choices)
    assert [p.mode for p in found.provs if p.file.startswith("remittances_paid")] == ["stale"]


@pytest.mark.parametrize("year, vintage, expected", [(None, "latest", 2024), (2015, "latest", 2015),
                                                     (2015, "official", 2015), (1066, "official", 2021)])
def test_the_ranking_ranks_the_year_chosen_or_the_latest_broadly_covered_one(frames, year, vintage, expected):
    chart = fr.ranking(context(frames), year=year, vintage=vintage)
    assert str(expected) in chart.title and set(chart.table["Year"]) == {expected}


def test_the_ranking_lines_name_the_central_asian_countries_in_the_top_after_the_first(frames):
    lines = fr.ranking(context(frames)).lines
    assert lines == ("Tajikistan ranks first of 160 economies in 2024 with 47.2% of GDP; 3 Central Asian countries are "
                     "in the top 20.", "Kyrgyz Republic: 13th of 160 (17.6% of GDP)", "Uzbekistan: 17th of 160 (13.7% of GDP)")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_two_cost_charts_share_one_y_scale_say_where_their_data_end_and_why_they_differ(frames, lang):
    fc = context(frames, lang)
    corridors, averages = fr.corridor_costs(fc), fr.average_costs(fc)
    assert list(corridors.figure.layout.yaxis.range) == list(averages.figure.layout.yaxis.range) == [0, 8]
    assert corridors.title.endswith("Q3 2020" if lang == "en" else "III\u00a0кв. 2020\u00a0г.")
    assert averages.title.replace("\u00a0", " ").endswith("2011–2020" if lang == "en" else "2011–2020 гг.")
    germany = "Germany" if lang == "en" else "Германия"
    assert germany in corridors.note and germany in averages.note


def test_the_builders_never_import_streamlit():
    import subprocess
    import sys
    code = "import sys, figures.remittances; print('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr[-500:]
