"""Remittance chart builders: lines with gaps and shock markers, ranked bars, stacked shares and cost lines."""
import math

import pandas as pd
import pytest

from charts.costs import LEGEND_ROW, axis_top, cost_chart, dashed
from charts.ranking import GAP_LABEL, ranking_bars, share_bars
from charts.theme import COUNTRY_COLOURS
from charts.timeseries import Doubt, Marker, add_markers, break_gaps, line_chart

COLOURS = {"TJK": "#009E73", "KGZ": "#E69F00"}


def series(rows) -> pd.DataFrame:
    """Build a labelled series frame from (iso3, year, value) rows."""
    frame = pd.DataFrame(rows, columns=["iso3", "year", "value"])
    return frame.assign(name=frame["iso3"].map({"TJK": "Таджикистан", "KGZ": "Кыргызстан", "WLD": "Мир"}),
                        when=frame["year"].astype(str), note="расчёт")


def test_a_line_chart_draws_one_trace_per_country_in_the_order_given():
    fig = line_chart(series([("TJK", 2020, 1.0), ("KGZ", 2020, 2.0), ("TJK", 2021, 3.0)]), title="T", y_title="%",
                     value_hover="%{y:.1f}%", colours=COLOURS)
    assert [tr.name for tr in fig.data] == ["Таджикистан", "Кыргызстан"]
    assert fig.layout.title.text == "T" and fig.layout.yaxis.title.text == "%"
    assert fig.layout.xaxis.tickformat == "d"  # years never get a thousands separator ("2,020")


def test_hover_shows_country_year_value_with_unit_and_the_computed_flag():
    fig = line_chart(series([("TJK", 2020, 1.0)]), title="T", y_title="%", value_hover="%{y:.1f}% ВВП", colours=COLOURS)
    trace = fig.data[0]
    assert "Таджикистан" in trace.hovertemplate and "%{y:.1f}% ВВП" in trace.hovertemplate
    assert list(trace.customdata[0]) == ["2020", "расчёт"]


@pytest.mark.parametrize("years, expected_nans", [([1996, 2010, 2011], 13), ([2010, 2011, 2012], 0), ([2000], 0)])
def test_a_line_breaks_at_missing_years_instead_of_bridging_them(years, expected_nans):
    rows = break_gaps(series([("TJK", y, 1.0) for y in years]))
    assert rows["value"].isna().sum() == expected_nans
    assert list(rows["year"]) == list(range(min(years), max(years) + 1))


def test_focus_countries_keep_their_colour_and_comparators_are_dotted():
    fig = line_chart(series([("TJK", 2020, 1.0), ("WLD", 2020, 0.7)]), title="T", y_title="%", value_hover="v",
                     colours=COLOURS)
    assert fig.data[0].line.color == "#009E73" and fig.data[0].line.dash is None
    assert fig.data[1].line.dash == "dot"


def test_a_one_year_shock_is_a_line_and_a_span_is_a_shaded_band_each_with_its_label():
    fig = line_chart(series([("TJK", 2008, 1.0), ("TJK", 2021, 2.0)]), title="T", y_title="%", value_hover="v",
                     colours=COLOURS)
    add_markers(fig, [Marker(2009, 2009, "Кризис 2009"), Marker(2014, 2015, "Обвал рубля")])
    kinds = [(s.type, s.x0, s.x1) for s in fig.layout.shapes]
    assert ("line", 2009, 2009) in kinds and ("rect", 2014, 2015) in kinds
    assert [a.text for a in fig.layout.annotations] == ["Кризис 2009", "Обвал рубля"]


def ranked(ranks, top=20) -> pd.DataFrame:
    """Build a ranking view from (rank, iso3) pairs."""
    frame = pd.DataFrame(ranks, columns=["rank", "iso3"])
    return frame.assign(value=[50.0 / r for r in frame["rank"]], in_top=frame["rank"] <= top,
                        label=[f"{r}. {c}" for r, c in ranks], text="x", when="2024", note="n")


def test_ranking_bars_put_a_gap_row_before_focus_countries_ranked_below_the_top():
    fig = ranking_bars(ranked([(1, "TJK"), (2, "TON"), (149, "KAZ")], top=2), title="T", x_title="%",
                       value_hover="v", colours=COLOURS | {"KAZ": "#0072B2"})
    assert list(fig.layout.yaxis.categoryarray) == ["1. TJK", "2. TON", GAP_LABEL, "149. KAZ"]
    assert list(fig.data[0].marker.color) == ["#009E73", "#7F7F7F", "#0072B2"]
    assert "%{customdata[0]}: v" in fig.data[0].hovertemplate and list(fig.data[0].customdata[0]) == ["2024", "n"]


def test_ranking_bars_without_a_tail_have_no_gap_row():
    fig = ranking_bars(ranked([(1, "TJK"), (2, "TON")]), title="T", x_title="%", value_hover="v", colours=COLOURS)
    assert GAP_LABEL not in fig.layout.yaxis.categoryarray


def test_share_bars_stack_to_one_hundred_with_one_trace_per_source_and_the_modelled_subtitle():
    frame = pd.DataFrame({"label": ["A", "A", "B", "B"], "source": ["RUS", "other", "RUS", "other"],
                          "source_name": ["Из России", "Другие", "Из России", "Другие"], "share": [70.0, 30.0, 100.0, 0.0],
                          "amount": "a", "note": "модельная оценка"})
    fig = share_bars(frame, title="T", x_title="%", value_hover="v", colours={"RUS": "#56B4E9"}, order=["A", "B"],
                     subtitle="Модельные оценки")
    assert fig.layout.barmode == "stack" and list(fig.layout.xaxis.range) == [0, 100]
    assert [tr.name for tr in fig.data] == ["Из России", "Другие"]
    assert fig.layout.title.subtitle.text == "Модельные оценки"


def test_cost_chart_draws_the_target_line_and_starts_the_axis_at_zero():
    frame = series([("TJK", 2019, 2.0), ("TJK", 2020, 1.5)]).assign(x=lambda d: d["year"] + 0.5)
    fig = cost_chart(frame, title="T", y_title="%", value_hover="v", colours=COLOURS, target=3.0,
                     target_label="ЦУР 10.c: 3%", x_col="x", quarterly=True)
    line = [s for s in fig.layout.shapes if s.type == "line"][0]
    assert (line.y0, line.y1) == (3.0, 3.0)
    assert fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis.range[1] >= 3.0
    assert list(fig.layout.xaxis.tickvals) == [2019, 2020]
    assert not any(math.isnan(v) for v in fig.data[0].y)  # quarterly points are joined, not broken by year


def test_dashed_marks_only_the_named_traces():
    fig = cost_chart(series([("TJK", 2019, 2.0), ("KGZ", 2019, 1.0)]), title="T", y_title="%", value_hover="v",
                     colours=COLOURS, target=3.0, target_label="t")
    dashed(fig, ["Кыргызстан"])
    assert [tr.line.dash for tr in fig.data] == [None, "dash"]


def test_a_line_chart_marks_the_shocks_it_is_given_like_add_markers():
    frame = series([("TJK", 2008, 1.0), ("TJK", 2021, 2.0)])
    shocks = [Marker(2009, 2009, "Кризис 2009"), Marker(2014, 2015, "Обвал рубля")]
    built = line_chart(frame, title="T", y_title="%", value_hover="v", colours=COLOURS, markers=shocks)
    added = add_markers(line_chart(frame, title="T", y_title="%", value_hover="v", colours=COLOURS), shocks)
    assert built.to_json() == added.to_json() and len(built.layout.shapes) == 2
    assert not line_chart(frame, title="T", y_title="%", value_hover="v", colours=COLOURS).layout.shapes


@pytest.mark.parametrize("direction, dashes", [("from", [None, "dash"]), ("to", ["dash", None]), (None, [None, None])])
def test_cost_chart_dashes_the_lines_of_the_direction_asked_for(direction, dashes):
    frame = series([("TJK", 2019, 2.0), ("KGZ", 2019, 1.0)]).assign(direction=["to", "from"])
    fig = cost_chart(frame, title="T", y_title="%", value_hover="v", colours=COLOURS, target=3.0, target_label="t",
                     dashed_direction=direction)
    assert [tr.line.dash for tr in fig.data] == dashes


def test_share_bars_colour_russia_kazakhstan_and_elsewhere_by_default():
    frame = pd.DataFrame({"label": ["A"] * 3, "source": ["RUS", "KAZ", "other"], "source_name": ["R", "K", "O"],
                          "share": [50.0, 30.0, 20.0], "amount": "a", "note": "n"})
    fig = share_bars(frame, title="T", x_title="%", value_hover="v", order=["A"])
    assert [tr.marker.color for tr in fig.data] == [COUNTRY_COLOURS["RUS"], COUNTRY_COLOURS["KAZ"], "#BBBBBB"]


def disputed_series() -> pd.DataFrame:
    """Russia's outflow with its last two years disputed, and Kazakhstan's, undisputed."""
    rows = [("RUS", 2020, 16.9, "official"), ("RUS", 2021, 16.8, "official"), ("RUS", 2022, 5.8, "disputed"),
            ("RUS", 2023, 7.4, "disputed"), ("KAZ", 2022, 2.8, "official")]
    frame = pd.DataFrame(rows, columns=["iso3", "year", "value", "flag"])
    return frame.assign(name=frame["iso3"].map({"RUS": "Россия", "KAZ": "Казахстан"}), when=frame["year"].astype(str),
                        note="n")


def test_disputed_values_continue_their_line_dotted_with_hollow_markers_and_their_own_legend_entry():
    doubt = Doubt({"RUS": "Россия, 2022–2023: спорные данные"}, "см. примечание")
    fig = line_chart(disputed_series(), title="T", y_title="y", value_hover="v", colours=COUNTRY_COLOURS, doubt=doubt)
    names = [tr.name for tr in fig.data]
    assert names == ["Россия", "Казахстан", "Россия, 2022–2023: спорные данные"]
    solid, disputed = fig.data[0], fig.data[2]
    assert list(solid.x) == [2020, 2021] and solid.line.dash is None
    assert list(disputed.x) == [2021, 2022, 2023] and disputed.line.dash == "dot"  # joined to the last sure point
    assert disputed.marker.symbol == "circle-open" and disputed.line.color == solid.line.color
    assert [a.text for a in fig.layout.annotations] == ["см. примечание"] and fig.layout.annotations[0].x == 2023


def test_without_disputed_values_nothing_is_drawn_apart():
    frame = disputed_series().assign(flag="official")
    fig = line_chart(frame, title="T", y_title="y", value_hover="v", colours=COUNTRY_COLOURS,
                     doubt=Doubt({"RUS": "x"}, "label"))
    assert [tr.name for tr in fig.data] == ["Россия", "Казахстан"] and not fig.layout.annotations


def cost_frame(codes) -> pd.DataFrame:
    """One yearly cost per country."""
    return series([(c, 2019, 2.0) for c in codes]).assign(direction="to")


@pytest.mark.parametrize("values, target, expected", [([1.0, 2.0], 3.0, 4), ([7.2, 1.0], 3.0, 8), ([float("nan")], 3.0, 4)])
def test_a_cost_axis_ends_a_tenth_above_the_highest_value_or_the_target(values, target, expected):
    assert axis_top(values, target) == expected


def test_cost_charts_side_by_side_share_a_y_scale_and_their_plot_areas_have_one_height():
    four = cost_chart(cost_frame(["TJK", "KGZ", "KAZ", "UZB"]), title="T", y_title="%", value_hover="v",
                      colours=COLOURS, target=3.0, target_label="t", y_max=8, subtitle="s")
    five = cost_chart(cost_frame(["TJK", "KGZ", "KAZ", "UZB", "RUS"]), title="T", y_title="%", value_hover="v",
                      colours=COLOURS, target=3.0, target_label="t", y_max=8, subtitle="s")
    assert list(four.layout.yaxis.range) == list(five.layout.yaxis.range) == [0, 8]
    assert four.layout.yaxis.dtick == five.layout.yaxis.dtick == 1
    assert five.layout.height - four.layout.height == LEGEND_ROW  # one more legend row (two entries a row)
    assert four.layout.legend.entrywidth == 0.5 and four.layout.title.subtitle.text == "s"


def test_ranking_bars_name_every_bar_even_when_type_is_large():
    fig = ranking_bars(ranked([(1, "TJK"), (2, "TON"), (149, "KAZ")], top=2), title="T", x_title="%", value_hover="v",
                       colours=COLOURS)
    assert fig.layout.yaxis.tickmode == "array" and list(fig.layout.yaxis.tickvals) == ["1. TJK", "2. TON", GAP_LABEL,
                                                                                       "149. KAZ"]
