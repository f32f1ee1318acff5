"""The load test's websocket sessions count what a browser session counts as an error."""
from __future__ import annotations

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.Element_pb2 import Element

from benchmarks.ws_session import element_errors, page_of


def exception_element() -> Element:
    el = Element()
    el.exception.type, el.exception.message = "TypeError", "cannot convert float NaN to integer"
    return el


def alert_element(fmt) -> Element:
    el = Element()
    el.alert.format, el.alert.body = fmt, "A data file could not be read"
    return el


def markdown_element() -> Element:
    el = Element()
    el.markdown.body = "Remittances"
    return el


@pytest.mark.parametrize("element, expected", [
    (exception_element(), ["exception box: TypeError: cannot convert float NaN to integer"]),
    (alert_element(Alert.Format.ERROR), ["error box: A data file could not be read"]),
    (alert_element(Alert.Format.WARNING), []),
    (alert_element(Alert.Format.INFO), []),
    (markdown_element(), []),
])
def test_an_exception_or_an_error_box_is_an_error_and_nothing_else_is(element, expected):
    assert element_errors(element) == expected


@pytest.mark.parametrize("path, name", [("", "overview"), ("remittances", "remittances"), ("country", "country")])
def test_a_page_is_tallied_under_the_name_the_browser_sessions_use(path, name):
    assert page_of(path) == name


@pytest.mark.parametrize("rss, said", [(0.0, False), (212.0, True)])
def test_the_load_tests_report_says_how_many_sessions_drew_in_chromium_and_rss_only_when_measured(capsys, tmp_path, rss,
                                                                                                   said):
    import json

    from benchmarks.load_test import Tally, report, write_json

    tally = Tally()
    tally.times["overview"] += [1.0, 2.0]
    tally.peak_rss = rss
    report(tally, sessions=40, duration=120, elapsed=121, until="drawn", browsers=8)
    out = capsys.readouterr().out
    assert "40 concurrent sessions (8 in Chromium, 32 on the websocket protocol)" in out
    assert ("server peak RSS 212 MB" in out) is said and "errors 0" in out
    write_json(str(tmp_path / "load.json"), tally, 40, 121, 8)
    assert json.loads((tmp_path / "load.json").read_text())["browsers"] == 8
