"""The URL is parsed into an AppContext without ever raising."""
import pytest

from ui.context import parse_context


@pytest.mark.parametrize("params, accept, expected", [
    ({}, None, "en"),
    ({"lang": "ru"}, None, "ru"),
    ({"lang": "RU"}, None, "ru"),
    ({}, "ru-RU", "ru"),
    ({"lang": "en"}, "ru-RU", "en"),
    ({"lang": "fr"}, "ru", "ru"),
    ({"lang": "<script>"}, None, "en"),
])
def test_the_language_follows_the_link_then_the_browser_then_english(params, accept, expected):
    assert parse_context(params, accept).lang == expected


@pytest.mark.parametrize("value, country, problem", [
    ("TJK", "TJK", None), ("tjk", "TJK", None), (" kgz ", "KGZ", None),
    ("XXX", None, "context.bad_country"), ("<script>alert(1)</script>", None, "context.bad_country"),
    ("", None, None), ("A" * 5000, None, "context.bad_country"),
])
def test_only_the_six_countries_are_accepted(value, country, problem):
    ctx = parse_context({"country": value})
    assert ctx.country == country
    assert (problem in ctx.problems) if problem else ctx.problems == ()


@pytest.mark.parametrize("value, years, problem", [
    ("2005-2024", (2005, 2024), None), ("2024-2005", (2005, 2024), None), ("1990:2000", (1990, 2000), None),
    ("99999-1", None, "context.bad_years"), ("abc", None, "context.bad_years"), ("1000-2000", None, "context.bad_years"),
])
def test_year_ranges_are_ordered_and_bounded(value, years, problem):
    ctx = parse_context({"years": value})
    assert ctx.years == years
    assert (problem in ctx.problems) if problem else ctx.problems == ()


@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), ("0", False), ("", False), ("yes", True), ("<b>", False)])
def test_presenter_mode_is_a_plain_switch(value, expected):
    assert parse_context({"present": value}).presenter is expected


@pytest.mark.parametrize("params, problem", [
    ({"lang": "xx"}, "context.bad_lang"), ({"lang": "<script>"}, "context.bad_lang"), ({"lang": "ru"}, None),
    ({"lang": "en-US"}, None), ({"present": "2"}, "context.bad_flag"), ({"present": "1"}, None), ({"present": "0"}, None),
])
def test_a_language_the_dashboard_lacks_or_an_odd_presenter_switch_is_said(params, problem):
    problems = parse_context(params).problems
    assert (problem in problems) if problem else problems == ()
