"""Every page runs under AppTest in both languages and both modes, without an exception."""
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_page as open_view
from ui.navigation import PAGES

APP = str(Path(__file__).resolve().parents[1] / "app.py")
CASES = [(p.script, lang, present) for p in PAGES for lang in ("en", "ru") for present in ("0", "1")]


def open_page(script: str, **params) -> AppTest:
    """Run the app once with the given URL parameters, then switch to a page."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(script).run()


@pytest.mark.parametrize("script, lang, present", CASES, ids=lambda v: str(v).replace("pages/", ""))
def test_every_page_runs_without_an_exception(script, lang, present):
    at = open_page(script, lang=lang, present=present)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, "every page has a title"


@pytest.mark.parametrize("script", [p.script for p in PAGES])
def test_every_plotly_chart_on_a_page_has_a_title(script):
    at = open_page(script, lang="en")
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        assert spec["layout"].get("title", {}).get("text"), script


def test_the_language_is_kept_when_moving_between_pages():
    at = open_page("pages/sources.py", lang="ru")
    assert at.title[0].value == "Источники и примечания к данным"
    at.switch_page("pages/overview.py").run()
    assert at.query_params["lang"] == ["ru"] or at.query_params["lang"] == "ru"


def test_the_browser_language_is_used_when_the_link_does_not_say():
    at = AppTest.from_file(APP, default_timeout=90)
    at.context["locale"] = "ru-RU"
    at.run()
    assert at.session_state["_g_lang"] == "ru"


@pytest.mark.parametrize("params, warning_fragment", [
    ({"country": "<script>alert(1)</script>"}, "does not cover"),
    ({"years": "99999-1"}, "not valid"),
])
def test_odd_url_parameters_get_a_clear_message(params, warning_fragment):
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert any(warning_fragment in w.value for w in at.warning)


def sidebar_links(at: AppTest) -> dict[str, str]:
    """Map each sidebar link's label to its query string."""
    return {link.proto.label: link.proto.query_string for link in at.sidebar.get("page_link")}


def test_the_language_and_presenter_links_open_the_same_view():
    at = open_view({"lang": "en", "view": "ranking", "ry": "2015", "since": "2010"}, "pages/remittances.py")
    links = sidebar_links(at)
    assert not at.exception
    assert links["Русский"] == "lang=ru&view=ranking&ry=2015&since=2010"
    assert links["Presenter mode"] == "lang=en&view=ranking&ry=2015&since=2010&present=1"


def test_presenter_mode_offers_the_way_back_to_the_same_view():
    at = open_view({"lang": "en", "present": "1", "country": "TJK"}, "pages/country.py")
    back = [link.proto.query_string for link in at.main.get("page_link") if link.proto.label == "Leave presenter mode"]
    assert not at.exception and back == ["lang=en&present=0&country=TJK"]


def test_the_slides_export_sits_in_the_share_box_and_is_drawn_once_it_is_opened():
    closed = open_view({"lang": "en"}, "pages/remittances.py")
    opened = AppTest.from_file(APP, default_timeout=90)
    opened.query_params["lang"] = "en"
    opened.session_state["share_link"] = True
    opened.switch_page("pages/remittances.py").run()
    buttons = lambda at: [b.proto.id for b in at.sidebar.get("download_button")]  # noqa: E731
    assert not closed.exception and not opened.exception
    assert not buttons(closed) and any("export_slides" in b for b in buttons(opened))


@pytest.mark.parametrize("script, params", [(p.script, {"lang": "ru"}) for p in PAGES] + [
    ("pages/country.py", {"lang": "en", "country": "ZZZ"})], ids=lambda v: str(v).replace("pages/", ""))
def test_every_page_ends_with_the_sidebars_language_and_presenter_links(script, params):
    at = open_view(params, script)
    other = {"ru": "English", "en": "Русский"}[params["lang"]]
    assert not at.exception and other in {link.proto.label for link in at.sidebar.get("page_link")}


def test_no_page_calls_st_stop_which_would_drop_what_app_py_draws_after_it():
    root = Path(APP).parent
    assert not [p for p in (root / "pages").glob("*.py") if "st.stop(" in p.read_text(encoding="utf-8")]
