"""The overview's trend lines: inline SVG drawn from the values, gaps left out, described in words."""
import base64
import math
import re

import pytest

from charts import sparkline


@pytest.mark.parametrize("values, drawn", [
    ([1.0, 2.0, 3.0], 3),
    ([1.0, math.nan, 3.0, 4.0], 3),  # a gap is skipped, never filled
    ([5.0, None, 5.0], 2),
    ([7.0], 0),
    ([math.nan, 2.0], 0),
    ([], 0),
])
def test_a_trend_line_draws_one_point_per_known_value_and_nothing_for_fewer_than_two(values, drawn):
    assert len(sparkline.points(values)) == drawn


def test_the_highest_value_is_drawn_at_the_top_and_the_lowest_at_the_bottom():
    pts = sparkline.points([10.0, 40.0, 20.0])
    ys = [y for _, y in pts]
    assert ys[1] == min(ys) == sparkline.PAD and ys[0] == max(ys) == sparkline.HEIGHT - sparkline.PAD


def test_a_flat_series_is_drawn_without_dividing_by_zero():
    assert len({y for _, y in sparkline.points([3.0, 3.0, 3.0])}) == 1


def test_the_markdown_image_is_an_svg_data_uri_with_its_alt_text_and_no_outside_reference():
    md = sparkline.markdown_image([1.0, 2.0, 1.5], "#009E73", "Trend 2010–2024: from 1% to 1.5% [of GDP]")
    alt, data = re.fullmatch(r"!\[(.*)\]\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)", md).groups()
    assert alt == "Trend 2010–2024: from 1% to 1.5% (of GDP)"  # brackets would end the Markdown alt text early
    svg = base64.b64decode(data).decode()
    assert svg.startswith("<svg") and 'stroke="#009E73"' in svg and "href" not in svg


def test_no_trend_gives_no_image():
    assert sparkline.markdown_image([2.0], "#000000", "x") == ""
