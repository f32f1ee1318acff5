"""Presenter mode is a deck: ?present=1&step=N draws one step of the story (title, one chart, ≤3 lines, source, way on).

The first tests run a small fake story (monkeypatched into figures.story.STORY) whose builders draw the four kinds of
chart the real story has (a time series with event labels, a tall ranking, a map, a Sankey) from the real snapshot;
the last ones run the real story once its builders exist.
"""
from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts.maps import choropleth
from charts.ranking import ranking_bars
from charts.spec import Chart
from charts.theme import COUNTRY_COLOURS
from charts.timeseries import Marker, line_chart
from figures import story
from figures.story import Step
from geo.boundaries import GEOJSON_URL
from geo.countries import FOCUS, name
from tests.apptest_helpers import open_page

PCT = "BX.TRF.PWKR.DT.GD.ZS"
WORDS = {  # the fakes' words: long on purpose, Russian longer than English, as the real titles are
    "line": ("Remittances received as a share of GDP, 1990–2024: five Central Asian countries and Russia",
             "Денежные переводы в % ВВП, 1990–2024 гг.: пять стран Центральной Азии и Россия"),
    "ranking": ("Where remittances weigh most: the 20 most dependent economies and Central Asia, 2024",
                "Где переводы весят больше всего: 20 самых зависимых экономик и Центральная Азия, 2024 г."),
    "map": ("Remittances as a share of GDP in the region, 2024", "Денежные переводы в % ВВП по региону, 2024 г."),
    "sankey": ("Where people born in {c} live abroad, 2024", "Где живут уроженцы страны {c}, 2024 г."),
}
LINES = (("Tajikistan depends on remittances more than almost any economy in the world.",
          "Remittances fell in 2015 with the rouble and recovered after 2021.",
          "Values for 2022–2024 are computed from the World Bank's US$ and GDP series."),
         ("Таджикистан зависит от переводов больше почти любой экономики мира.",
          "Переводы упали в 2015 г. вместе с рублём и восстановились после 2021 г.",
          "Значения за 2022–2024 гг. рассчитаны по рядам Всемирного банка в долл. США и ВВП."))


def _say(fc, key: str, **values) -> str:
    """The fakes' words in the context's language."""
    return WORDS[key][fc.lang == "ru"].format(**values)


def _share(fc) -> tuple[pd.DataFrame, object]:
    """Remittances as % of GDP of the newest vintage for the six countries."""
    wdi, prov = fc.load("wdi_series")
    rows = wdi[(wdi["indicator_code"] == PCT) & wdi["iso3"].isin(FOCUS)]
    rows = rows[rows["vintage"] == rows["vintage"].max()].copy()
    rows["name"] = [name(c, fc.lang) for c in rows["iso3"]]
    rows["when"], rows["note"] = rows["year"].astype(str), ""
    return rows, prov


def fake_line(fc, **_) -> Chart:
    """A time series with a legend of six countries and four event labels above the plot."""
    rows, prov = _share(fc)
    events = [Marker(2009, 2009, "2009"), Marker(2014, 2015, "2014–15"), Marker(2020, 2020, "COVID-19"),
              Marker(2022, 2022, "2022")]
    fig = line_chart(rows, title=_say(fc, "line"), y_title="%", value_hover="%{y:.1f}%", colours=COUNTRY_COLOURS,
                     markers=events)
    return Chart("fake_line", fig, rows, [prov], lines=LINES[fc.lang == "ru"], computed=True)


def fake_ranking(fc, **_) -> Chart:
    """A tall ranking of 20 economies and the focus countries below them."""
    world, prov = fc.load("world_pct_gdp")
    last = world[(world["year"] == 2021) & ~world["is_aggregate"].astype(bool)].nlargest(40, "value")
    last = last.assign(label=last["iso3"], text=last["value"].round(1).astype(str), when="2021", note="",
                       in_top=[i < 20 for i in range(len(last))])
    last = pd.concat([last[last["in_top"]], last[~last["in_top"] & last["iso3"].isin(FOCUS)]])
    fig = ranking_bars(last, title=_say(fc, "ranking"), x_title="%", value_hover="%{x:.1f}%", colours=COUNTRY_COLOURS)
    return Chart("fake_ranking", fig, last, [prov], lines=LINES[fc.lang == "ru"][:2])


def fake_map(fc, **_) -> Chart:
    """A regional map with its colour bar, its shapes named by URL as pages draw them."""
    rows, prov = _share(fc)
    last = rows[rows["year"] == rows.groupby("iso3")["year"].transform("max")]
    fig = choropleth(last, fc.geojson(), value_col="value", title=_say(fc, "map"), colorbar_title="%",
                     hover_name_col="name", hover_cols={"value": "%"}, geojson_url=GEOJSON_URL)
    return Chart("fake_map", fig, last, [prov], lines=LINES[fc.lang == "ru"][:1])


def fake_sankey(fc, **_) -> Chart:
    """A Sankey of the country's emigrants to its eight largest destinations (follows fc.country)."""
    stock, prov = fc.load("migrant_stock")
    rows = stock[(stock["origin_iso3"] == fc.country) & (stock["year"] == stock["year"].max())]
    rows = rows.nlargest(8, "value")
    node = [name(fc.country, fc.lang)] + [name(c, fc.lang) for c in rows["destination_iso3"]]
    fig = go.Figure(go.Sankey(node=dict(label=node), link=dict(source=[0] * len(rows), target=list(range(1, len(node))),
                                                               value=rows["value"].tolist())))
    fig.update_layout(title=_say(fc, "sankey", c=name(fc.country, fc.lang)), height=520)
    return Chart(f"fake_sankey_{fc.country}", fig, rows, [prov], lines=LINES[fc.lang == "ru"])


FAKE_STORY = (
    Step("map", "tests.test_deck:fake_map", "pages/overview.py"),
    Step("line", "tests.test_deck:fake_line", "pages/remittances.py", {"view": "dependence"}),
    Step("ranking", "tests.test_deck:fake_ranking", "pages/remittances.py", {"view": "ranking"}),
    Step("sankey", "tests.test_deck:fake_sankey", "pages/migration.py", {"view": "destinations"}, country=True),
    Step("country", "tests.test_deck:fake_line", "pages/country.py", {"view": "remittances"}, country=True),
)


@pytest.fixture
def fake_story(monkeypatch):
    """Run the deck on the fake story (AppTest runs the app in this process, so the patch reaches it)."""
    monkeypatch.setattr(story, "STORY", FAKE_STORY)
    return FAKE_STORY


def open_deck(params: dict[str, str], page: str | None = None):
    """Open the app in presenter mode with the link's parameters."""
    return open_page({"present": "1", **params}, page)


def links(at) -> dict[str, str]:
    """Map each link in the main area to its page and query string."""
    return {link.proto.label: (link.proto.page, link.proto.query_string) for link in at.main.get("page_link")}


def bullets(at) -> list[str]:
    """Return the lines of text drawn as a list under the chart."""
    return [line for md in at.markdown for line in md.value.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("n", range(1, len(FAKE_STORY) + 1))
def test_each_step_is_a_title_one_chart_at_most_three_lines_and_the_source(fake_story, n, lang):
    at = open_deck({"step": str(n), "lang": lang})
    charts = at.get("plotly_chart")
    assert not at.exception, [e.message for e in at.exception]
    assert len(charts) == 1 and len(at.title) == 1 and len(bullets(at)) <= 3
    assert not json.loads(charts[0].proto.spec)["layout"].get("title", {}).get("text")  # the title is drawn above it
    assert at.caption[0].value.startswith({"en": "Source", "ru": "Источник"}[lang])
    assert at.query_params["step"] == str(n)


def test_the_page_itself_does_not_run_in_presenter_mode(fake_story):
    at = open_deck({"step": "2", "lang": "en"}, "pages/overview.py")
    assert not at.exception and [t.value for t in at.title] == [WORDS["line"][0]]


@pytest.mark.parametrize("n, previous, following", [(1, None, 2), (3, 2, 4), (len(FAKE_STORY), len(FAKE_STORY) - 1, None)])
def test_previous_and_next_open_the_neighbouring_steps_on_their_pages_with_language_and_country(fake_story, n, previous,
                                                                                             following):
    found = links(open_deck({"step": str(n), "lang": "en", "country": "TJK"}))
    for label, target in (("← Previous", previous), ("Next →", following)):
        if target is None:
            assert label not in found
            continue
        step = FAKE_STORY[target - 1]
        assert found[label][1] == f"lang=en&present=1&step={target}&country=TJK"
        assert found[label][0].endswith(step.page.split("/")[-1].removesuffix(".py")) or step.page == "pages/overview.py"


@pytest.mark.parametrize("params, shown", [({}, "Kazakhstan"), ({"country": "TJK"}, "Tajikistan")])
def test_a_country_link_makes_the_country_steps_that_countrys_and_the_default_is_the_first_of_the_six(fake_story,
                                                                                                     params, shown):
    at = open_deck({"step": "4", "lang": "en", **params})
    assert not at.exception
    assert shown in at.title[0].value and any(shown in md.value for md in at.markdown)  # the position names it


@pytest.mark.parametrize("raw", ["99", "0", "abc", "-1"])
def test_a_step_the_story_does_not_have_is_said_and_the_first_step_shown(fake_story, raw):
    at = open_deck({"step": raw, "lang": "en"})
    assert not at.exception and any("step" in w.value for w in at.warning)
    assert at.query_params["step"] == "1" and at.title[0].value == WORDS["map"][0]


def test_presenter_mode_opened_from_a_pages_view_starts_at_that_views_step(fake_story):
    at = open_deck({"lang": "en", "view": "ranking"}, "pages/remittances.py")
    assert not at.exception and at.query_params["step"] == "3"


@pytest.mark.parametrize("n, expected", [
    (2, "lang=en&present=0&view=dependence"),  # a page without countries: the country is not carried
    (4, "lang=en&present=0&country=TJK&view=destinations"),
    (5, "lang=en&present=0&country=TJK&view=remittances"),
])
def test_leaving_presenter_mode_opens_the_steps_own_view_with_language_and_country(fake_story, n, expected):
    found = links(open_deck({"step": str(n), "lang": "en", "country": "TJK"}))
    assert found["Leave presenter mode"][1] == expected


def test_the_country_is_understood_on_every_page_in_presenter_mode(fake_story):
    at = open_deck({"step": "2", "lang": "en", "country": "KGZ"}, "pages/remittances.py")
    assert not at.exception and not at.warning and at.query_params["country"] == "KGZ"


def test_the_other_language_opens_the_same_step(fake_story):
    found = links(open_deck({"step": "3", "lang": "en"}))
    assert found["Русский"][1] == "lang=ru&present=1&step=3&country=KAZ"


# ---- the figure as a projector shows it (charts.theme.presentable) --------------------------------------------------

def event_chart(labels: list[tuple[float, str]], size: int = 12) -> go.Figure:
    """A line from 1993 to 2024 with event labels above the plot, staggered on two rows as builders do."""
    notes = [dict(x=x, y=1.0 + 0.07 * (i % 2), xref="x", yref="paper", text=text, showarrow=False, yanchor="bottom",
                  font=dict(size=size)) for i, (x, text) in enumerate(labels)]
    return go.Figure(go.Scatter(x=list(range(1993, 2025)), y=list(range(32))),
                     layout=dict(title=dict(text="Title<br><sup>Below it</sup>"), annotations=notes, height=480))


def spans(fig: go.Figure) -> list[tuple[int, float, float]]:
    """Return each label's row and horizontal extent in plot fractions (estimated as presentable does)."""
    from charts.theme import PLOT_PX, text_width

    out = []
    for a in fig.layout.annotations:
        width = text_width(a.text, a.font.size) / PLOT_PX
        start = {"left": a.x, "right": a.x - width * 31, "center": a.x - width * 31 / 2}[a.xanchor]
        out.append((a.yshift, (start - 1993) / 31, (start - 1993) / 31 + width))
    return out


RU_EVENTS = [(2009, "Финансовый кризис 2009 г."), (2014.5, "Обвал рубля 2014–2015 гг."), (2020, "COVID-19, 2020 г."),
             (2022, "2022 г.: война, санкции")]


def test_a_presented_figure_has_no_title_of_its_own_and_no_text_under_18_px():
    from charts.theme import PRESENTER_MIN_TEXT, presentable

    fig = event_chart(RU_EVENTS, size=11)
    fig.update_traces(textfont=dict(size=9), text=["a"] * 32, mode="lines+text")
    out = presentable(fig, "ru")
    assert not out.layout.title.text and out.layout.separators == ", "
    assert all(a.font.size >= PRESENTER_MIN_TEXT for a in out.layout.annotations)
    assert out.data[0].textfont.size >= PRESENTER_MIN_TEXT and out.layout.template.layout.font.size >= PRESENTER_MIN_TEXT
    assert fig.layout.title.text and fig.layout.annotations[0].font.size == 11  # the page's figure is left as it was


@pytest.mark.parametrize("events", [RU_EVENTS, [(2009, "Financial crisis 2009"), (2020, "COVID-19 2020")],
                                    [(2000 + i, f"Event number {i}") for i in range(0, 24, 3)]])
def test_labels_above_the_plot_are_put_on_rows_where_none_touches_another_and_the_top_margin_holds_them(events):
    from charts.theme import presentable

    out = presentable(event_chart(events), "en")
    placed = spans(out)
    for i, (row, a, b) in enumerate(placed):
        assert 0 <= a + 1e-9 and b <= 1 + 1e-9  # inside the plot's width
        assert all(row != r or b <= c or d <= a for r, c, d in placed[i + 1:])
    assert out.layout.margin.t >= max(row for row, _, _ in placed) + 2 * out.layout.annotations[0].font.size


def test_horizontal_bars_get_room_on_the_right_for_their_labels():
    from charts.theme import presentable, text_width

    fig = go.Figure(go.Bar(x=[31000, 844], y=["a", "b"], orientation="h", text=["over 31,000 people", "844 people"],
                           textposition="outside"), layout=dict(margin=dict(r=10)))
    assert presentable(fig).layout.margin.r >= text_width("over 31,000 people", 20)


@pytest.mark.parametrize("title, subtitle, expected", [
    ("Remittances, 2024", None, ("Remittances, 2024", "")),
    ("Results<br><sup>Central Asia (four countries)</sup>", None, ("Results", "Central Asia (four countries)")),
    ("Sources, 2017", "Modelled <b>estimates</b>", ("Sources, 2017", "Modelled estimates")),
])
def test_a_title_is_read_as_plain_text_with_what_it_says_underneath(title, subtitle, expected):
    from charts.theme import headline

    fig = go.Figure(layout=dict(title=dict(text=title, subtitle=dict(text=subtitle))))
    assert headline(fig) == expected


@pytest.mark.parametrize("page, params, expected", [
    ("pages/overview.py", {}, 1),
    ("pages/remittances.py", {"view": "ranking", "ry": "2015"}, 3),
    ("pages/remittances.py", {}, 2),
    ("pages/country.py", {"view": "remittances"}, 5),
    ("pages/sources.py", {}, 1),
])
def test_presenter_mode_starts_at_the_step_of_the_view_it_was_opened_from(fake_story, page, params, expected):
    assert story.entry(page, params) == expected


# ---- the real story, once its builders exist ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("n", range(1, len(story.STORY) + 1), ids=[s.id for s in story.STORY])
def test_every_step_of_the_story_draws_one_chart_and_at_most_three_lines(n, lang):
    at = open_deck({"step": str(n), "lang": lang, "country": "TJK"})
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error and len(at.get("plotly_chart")) == 1 and len(bullets(at)) <= 3
    assert at.title[0].value and "<" not in at.title[0].value
