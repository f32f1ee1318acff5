"""Tabs bound to the URL that draw only the chosen view (ui.state.view)."""
import pytest
from streamlit.testing.v1 import AppTest


def views_app():
    """A page with three views; it writes which one it drew."""
    from ui.state import init_context, view

    init_context()
    code, box = view("view", {"map": "Map", "flows": "Flows", "table": "Table"}, "map")
    box.markdown(f"drawn: {code}")


def run(**params) -> AppTest:
    at = AppTest.from_function(views_app, default_timeout=30)
    at.query_params.update(params)
    return at.run()


@pytest.mark.parametrize("params, drawn, in_url", [
    ({}, "map", None),
    ({"view": "flows"}, "flows", "flows"),
    ({"view": "map"}, "map", None),  # the default stays out of the link
    ({"view": "<script>"}, "map", None),
])
def test_a_link_opens_its_view_and_only_that_view_is_drawn(params, drawn, in_url):
    at = run(**params)
    assert not at.exception
    assert [m.value for m in at.markdown] == [f"drawn: {drawn}"]
    assert at.query_params.get("view") == in_url


def test_an_unknown_view_in_a_link_is_said_and_the_first_view_shown():
    at = run(view="nonsense")
    assert len(at.warning) == 1 and "nonsense" in at.warning[0].value


def test_choosing_another_tab_draws_it_and_writes_it_into_the_link():
    at = run()
    at.session_state["tabs_view_en"] = "Table"
    at.run()
    assert [m.value for m in at.markdown] == ["drawn: table"] and at.query_params["view"] == "table"


def test_the_view_survives_a_change_of_language():
    at = run(view="flows")
    at.query_params["lang"] = "ru"
    at.run()
    assert [m.value for m in at.markdown] == ["drawn: flows"]


def test_every_later_tab_click_is_drawn_too():
    at = run(view="flows")
    for label, code in (("Table", "table"), ("Map", "map"), ("Flows", "flows"), ("Table", "table")):
        at.session_state["tabs_view_en"] = label
        at.run()
        assert [m.value for m in at.markdown] == [f"drawn: {code}"] and not at.warning
        assert at.query_params.get("view") == (None if code == "map" else code)
