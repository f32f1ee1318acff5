"""Migration chart builders: sankey, partner bars, trend lines and labour points."""
import pandas as pd
import pytest

from charts import flows
from charts.theme import COUNTRY_COLOURS, NEUTRAL

LINKS = pd.DataFrame({"origin_iso3": ["UZB", "UZB", "KGZ"], "destination_iso3": ["RUS", "OTHER", "RUS"],
                      "value": [100, 10, 50], "year": [2020] * 3})
LABELS = {"UZB": "Uzbekistan", "KGZ": "Kyrgyz Republic", "RUS": "Russia", "OTHER": "Other countries"}


def test_sankey_keeps_origins_and_destinations_as_separate_nodes():
    node = flows.sankey(LINKS, title="T", labels=LABELS, unit="people", year_label="Year").data[0].node
    assert list(node.label) == ["Uzbekistan", "Kyrgyz Republic", "Russia", "Other countries"]
    assert node.color[0] == COUNTRY_COLOURS["UZB"]


def test_sankey_links_point_from_origin_to_destination_with_their_values():
    link = flows.sankey(LINKS, title="T", labels=LABELS, unit="people", year_label="Year").data[0].link
    assert list(zip(link.source, link.target, link.value)) == [(0, 2, 100), (0, 3, 10), (1, 2, 50)]
    assert "2020" in link.hovertemplate and "people" in link.hovertemplate


def test_partner_bars_put_the_largest_on_top_with_share_and_year_in_hover():
    frame = pd.DataFrame({"name": ["Russia", "Kazakhstan"], "value": [75, 20], "share": [75.0, 20.0], "year": [2020, 2020]})
    fig = flows.partner_bars(frame, title="T", x_title="People", colour="#123456", value_label="People",
                             share_label="Share", year_label="Year")
    assert list(fig.data[0].y) == ["Russia", "Kazakhstan"] and fig.layout.yaxis.autorange == "reversed"
    assert fig.data[0].customdata.tolist() == [[75.0, 2020], [20.0, 2020]]
    assert "Share" in fig.data[0].hovertemplate and "Year" in fig.data[0].hovertemplate


@pytest.mark.parametrize("percent, fragment", [(False, ":,.0f"), (True, ":.1f}%")])
def test_trend_lines_draw_one_line_per_country_in_its_colour(percent, fragment):
    frame = pd.DataFrame({"iso3": ["UZB", "UZB", "TJK"], "year": [1990, 2020, 2020], "value": [1.0, 2.0, 3.0]})
    fig = flows.trend_lines(frame, title="T", y_title="Y", names=LABELS, value_col="value", hover_value="V",
                            year_label="Year", percent=percent)
    assert [tr.name for tr in fig.data] == ["Uzbekistan", "TJK"]
    assert fig.data[0].line.color == COUNTRY_COLOURS["UZB"] and fig.data[0].connectgaps is False
    assert fragment in fig.data[0].hovertemplate


def test_labour_points_are_markers_with_text_never_lines():
    rows = pd.DataFrame({"label": ["a", "b", "c"], "value": [1.0, 2.0, 3.0], "text": ["1", "2", "3"],
                         "family": ["entries", "patents", "entries"], "measure_name": ["m1", "m2", "m3"],
                         "period_name": ["p", "p", "p"], "reported_by": ["r", "r", "r"]})
    fig = flows.labour_points(rows, title="T", x_title="X", family_labels={"entries": "Entries", "patents": "Patents"},
                              hover_labels={"period": "Period", "value": "Number", "source": "By"})
    assert [tr.name for tr in fig.data] == ["Entries", "Patents"]
    assert all(tr.mode == "markers+text" for tr in fig.data)
    assert fig.layout.xaxis.type == "log" and list(fig.layout.yaxis.categoryarray) == ["c", "b", "a"]
    assert "Period" in fig.data[0].hovertemplate


def test_every_measure_family_has_its_own_marker():
    symbols = [s for s, _ in flows.FAMILY_STYLE.values()]
    assert len(set(symbols)) == len(symbols) and flows.FAMILY_STYLE["shares"][1] == NEUTRAL


@pytest.mark.parametrize("values, expected", [
    ([996, 1500], [500, 1000, 2000]),  # within a decade: 1-2-5
    ([630859, 3400000], [500000, 1000000, 2000000, 5000000]),
    ([12400, 1700000], [10000, 30000, 100000, 300000, 1000000, 3000000]),  # under 2.5 decades: 1-3
    ([996, 6300000], [1000, 10000, 100000, 1000000, 10000000]),  # wider: powers of ten
])
def test_log_ticks_thin_out_as_the_range_widens(values, expected):
    assert flows.log_ticks(pd.Series(values)) == expected


def test_sankey_links_carry_more_text_on_hover_when_asked():
    links = LINKS.assign(female_share_text=["47,4 %", "50,0 %", "55,0 %"])
    link = flows.sankey(links, title="T", labels=LABELS, unit="чел.", year_label="Год",
                        link_hover={"female_share_text": "Из них женщины"}).data[0].link
    assert [row[0] for row in link.customdata] == ["47,4 %", "50,0 %", "55,0 %"]
    assert "Из них женщины: %{customdata[0]}" in link.hovertemplate


def test_partner_bars_can_show_texts_already_in_the_readers_language():
    frame = pd.DataFrame({"name": ["Россия"], "value": [75], "share": [75.0], "year": [2024],
                          "share_text": ["75,0 %"], "female_share_text": ["47,4 %"]})
    fig = flows.partner_bars(frame, title="T", x_title="Человек", colour="#123456", value_label="Человек",
                             share_label="Доля", year_label="Год",
                             hover_cols={"share_text": "Доля", "female_share_text": "Из них женщины"})
    assert fig.data[0].customdata.tolist() == [["75,0 %", "47,4 %", 2024]]
    assert "Из них женщины: %{customdata[1]}" in fig.data[0].hovertemplate and "Год: %{customdata[2]}" in fig.data[0].hovertemplate


def test_trend_years_sit_at_their_values_and_are_ticked_where_the_data_are():
    frame = pd.DataFrame({"iso3": ["UZB"] * 3, "year": [2015, 2020, 2024], "value": [1.0, 2.0, 3.0]})
    fig = flows.trend_lines(frame, title="T", y_title="Y", names=LABELS, value_col="value", hover_value="V",
                            year_label="Year")
    assert fig.layout.xaxis.type == "linear" and list(fig.layout.xaxis.tickvals) == [2015, 2020, 2024]
    assert list(fig.data[0].x) == [2015, 2020, 2024]  # numbers, so 2020 -> 2024 is four years wide


def test_trend_lines_take_the_languages_percent_sign_a_thicker_chosen_country_and_a_reference_line():
    frame = pd.DataFrame({"iso3": ["UZB", "TJK"], "year": [2024, 2024], "value": [48.7, 42.6]})
    fig = flows.trend_lines(frame, title="T", y_title="Y", names=LABELS, value_col="value", hover_value="V",
                            year_label="Год", percent=True, suffix="\u00a0%", emphasis="TJK", reference=(50, "Поровну"))
    assert fig.layout.yaxis.ticksuffix == "\u00a0%" and "%{y:.1f}\u00a0%" in fig.data[0].hovertemplate
    assert [tr.line.width for tr in fig.data] == [2, 4, 1.5]
    assert list(fig.data[2].y) == [50, 50] and fig.data[2].name == "Поровну" and fig.data[2].line.dash == "dot"
