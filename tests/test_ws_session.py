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
