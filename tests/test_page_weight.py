"""What a page costs to draw: heavy libraries stay unloaded, data tables and downloads are built on demand."""
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import APP, open_page
from ui.components import csv_bytes

HEAVY = ("geopandas", "pyogrio", "fpdf", "pptx", "kaleido")  # the build tools, the PDF brief and the exports only


def test_no_page_loads_the_build_or_export_libraries():
    script = textwrap.dedent(f"""
        import sys
        from streamlit.testing.v1 import AppTest
        for page in ("pages/overview.py", "pages/remittances.py", "pages/migration.py", "pages/country.py",
                     "pages/indicators.py", "pages/sources.py"):
            at = AppTest.from_file({APP!r}, default_timeout=120)
            at.query_params["country"] = "TJK"
            at.switch_page(page)
            at.run()
            assert not at.exception, (page, at.exception)
        print(",".join(m for m in {HEAVY!r} if m in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.rstrip("\n").split("\n")[-1] == ""


@pytest.mark.parametrize("cell, written", [("=1+1", "'=1+1"), ("+7 999", "'+7 999"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
                                           ("Таджикистан", "Таджикистан"), ("1-е", "1-е")])
def test_a_csv_download_never_holds_a_formula_and_opens_with_cyrillic_intact(cell, written):
    data = csv_bytes(pd.DataFrame({"name": [cell], "value": [-1.5]}))
    assert data.startswith("\ufeff".encode()) and data.decode("utf-8-sig").splitlines()[1] == f"{written},-1.5"


def _one_chart():
    """A page holding one chart drawn through ui.components.chart (the Sources page has no chart any more)."""
    import pandas as pd
    import plotly.graph_objects as go
    import streamlit as st

    from ui.components import chart
    from ui.context import AppContext

    st.session_state["_ctx"] = AppContext()
    frame = pd.DataFrame({"year": [2020, 2021, 2022], "value": [1.0, 2.0, 3.0]})
    chart(go.Figure(go.Bar(x=frame.year, y=frame.value)), frame, [], key="probe", summary="", filename="probe")


def chart_page(opened: bool) -> AppTest:
    """Run the one-chart page with its data table closed or opened."""
    at = AppTest.from_function(_one_chart, default_timeout=60)
    if opened:
        at.session_state["table_probe"] = True
    return at.run()


def test_a_charts_data_table_is_drawn_only_once_opened():
    closed, opened = chart_page(False), chart_page(True)
    assert not closed.exception and not opened.exception
    assert len(closed.dataframe) == 0 and len(opened.dataframe) == 1
    assert len(opened.dataframe[0].value) == 3  # exactly the chart's rows


def test_the_share_link_is_written_out_only_once_its_popover_is_opened():
    closed = open_page({"lang": "ru", "c": "TJK"}, "pages/remittances.py")
    opened = AppTest.from_file(APP, default_timeout=60)
    opened.query_params.update({"lang": "ru", "c": "TJK"})
    opened.session_state["share_link"] = True
    opened.switch_page("pages/remittances.py").run()
    assert not closed.code and not opened.exception
    assert "lang=ru" in opened.code[0].value and "c=TJK" in opened.code[0].value  # AppTest has no page address


def test_a_charts_downloads_sit_with_its_table_and_are_drawn_once_opened():
    closed, opened = chart_page(False), chart_page(True)
    ids = lambda at: [b.proto.id for b in at.get("download_button")]  # noqa: E731
    assert len(ids(opened)) == len(ids(closed)) + 2  # the chart's CSV and PNG
    assert any("dl_probe" in i for i in ids(opened)) and not any("dl_probe" in i for i in ids(closed))


@pytest.mark.parametrize("page, params", [("pages/remittances.py", {}), ("pages/migration.py", {}),
                                          ("pages/country.py", {"country": "TJK"}),
                                          ("pages/indicators.py", {"example": "1"})])
def test_every_page_with_controls_draws_them_in_sight_on_its_first_draw(page, params):
    at = open_page({"lang": "en", **params}, page)  # issue 16: a control in sight, never behind a button
    assert not at.exception
    drawn = at.selectbox or at.multiselect or at.get("slider") or at.get("select_slider") or at.get("button_group")
    assert drawn and not at.main.get("popover")  # the sidebar's share box is the one popover


def test_the_indicators_page_restyles_the_uploader_only_once_its_panel_is_opened():
    closed = open_page({"lang": "ru"}, "pages/indicators.py")
    opened = open_page({"lang": "ru"}, "pages/indicators.py", boxes=("load_panel",))
    assert not closed.exception and not opened.exception
    restyles = lambda at: [h for h in at.get("html") if "stFileUploader" in h.proto.body]  # noqa: E731
    assert not restyles(closed) and len(restyles(opened)) == 1 and len(opened.get("file_uploader")) == 1
