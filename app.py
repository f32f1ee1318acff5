"""Entry point: page config, AppContext from the URL, navigation over pages/, sidebar and presenter chrome."""
import streamlit as st

from ui import export, navigation
from ui.cached import dataset
from ui.state import init_context, set_param, t

st.set_page_config(page_title="Central Asia: migration & remittances", page_icon="static/favicon.png", layout="wide")
context = init_context()
set_param("lang", context.lang)  # every link and page switch carries the language
set_param("present", "1" if context.presenter else None)
pages = navigation.build()
current = st.navigation(list(pages.values()), position="hidden" if context.presenter else "sidebar")
_, wdi = dataset("wdi_series")
navigation.sidebar(wdi.accessed)
navigation.presenter_chrome(current.url_path)
for problem in context.problems:
    st.warning(t(problem))
current.run()
with st.sidebar:
    export.slides_button(current.title, wdi.accessed)
