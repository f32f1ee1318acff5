"""Every control keeps what the user chose: in the session and in the link, across changes, tabs, pages and languages."""
import pytest
from streamlit.testing.v1 import AppTest


def two_pages_app():
    """Page "a" has a country box, a year control and tabs; page "b" has nothing. It writes what it drew."""
    import streamlit as st

    from ui.state import choice, init_context, set_page, view, year_range

    init_context()
    page = st.session_state.get("sim_page", "a")
    set_page(page)
    if page == "b":
        st.markdown("page b")
        return
    country = choice("country", "Country", ["KAZ", "KGZ", "TJK"], "KAZ", kind="select")
    year = choice("year", "Year", [2010, 2020, 2024], 2024)
    first, last = year_range("years", "Years", 2000, 2024)
    code, box = view("view", {"map": "Map", "flows": "Flows"}, "map")
    box.markdown(f"drawn: {country} {year} {first}-{last} {code}")


def start(**params) -> AppTest:
    at = AppTest.from_function(two_pages_app, default_timeout=30)
    at.query_params.update(params)
    return at.run()


def drawn(at: AppTest) -> str:
    return [m.value for m in at.markdown][-1]


def test_a_second_control_change_keeps_the_first():
    at = start()
    at.selectbox(key="url_country").select("KGZ").run()
    at.button_group(key="url_year").set_value(2010).run()
    assert drawn(at) == "drawn: KGZ 2010 2000-2024 map"
    assert (at.query_params["country"], at.query_params["year"]) == ("KGZ", "2010")


def test_a_tab_switch_keeps_every_choice():
    at = start()
    at.selectbox(key="url_country").select("TJK").run()
    at.slider(key="url_years").set_value((2005, 2020)).run()
    at.session_state["tabs_view_en"] = "Flows"
    at.run()
    assert drawn(at) == "drawn: TJK 2024 2005-2020 flows"
    assert at.query_params["years"] == "2005-2020" and at.query_params["view"] == "flows"


def test_a_page_switch_and_back_brings_every_choice_back_into_the_page_and_the_link():
    at = start()
    at.selectbox(key="url_country").select("KGZ").run()
    at.button_group(key="url_year").set_value(2010).run()
    at.session_state["sim_page"] = "b"
    at.query_params.clear()  # the sidebar's page links carry no page parameters
    at.run()
    assert drawn(at) == "page b"
    at.session_state["sim_page"] = "a"
    at.run()
    assert drawn(at) == "drawn: KGZ 2010 2000-2024 map"
    assert (at.query_params["country"], at.query_params["year"]) == ("KGZ", "2010")


def test_a_language_switch_keeps_every_choice():
    at = start()
    at.selectbox(key="url_country").select("KGZ").run()
    at.session_state["tabs_view_en"] = "Flows"
    at.run()
    at.query_params["lang"] = "ru"
    at.run()
    assert drawn(at) == "drawn: KGZ 2024 2000-2024 flows"


def test_a_link_with_another_value_wins_over_the_kept_choice():
    at = start()
    at.selectbox(key="url_country").select("KGZ").run()
    at.query_params["country"] = "TJK"  # a shared link, or the browser's Back button
    at.run()
    assert drawn(at).startswith("drawn: TJK") and at.selectbox(key="url_country").value == "TJK"


@pytest.mark.parametrize("params, shown, warned", [
    ({"country": "KGZ", "year": "2010"}, "drawn: KGZ 2010 2000-2024 map", False),
    ({"country": "XXX"}, "drawn: KAZ 2024 2000-2024 map", True),
    ({"year": "1066"}, "drawn: KAZ 2024 2000-2024 map", True),
    ({"years": "2024-2005"}, "drawn: KAZ 2024 2005-2024 map", False),
    ({"years": "1900-3000"}, "drawn: KAZ 2024 2000-2024 map", True),
])
def test_a_link_opens_its_choices_and_an_unusable_value_is_said(params, shown, warned):
    at = start(**params)
    assert not at.exception and drawn(at) == shown
    assert bool(at.warning) is warned


def test_defaults_stay_out_of_the_link():
    at = start(country="KGZ")
    at.selectbox(key="url_country").select("KAZ").run()
    assert "country" not in at.query_params and "year" not in at.query_params


def test_a_widget_set_by_a_callback_counts_as_the_users_choice():
    at = start()
    at.session_state["url_country"] = "TJK"  # what a map click's callback does
    at.run()
    assert drawn(at).startswith("drawn: TJK") and at.query_params["country"] == "TJK"
