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
