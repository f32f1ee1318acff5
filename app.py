"""Entry point: page config, AppContext from the URL, navigation over pages/, sidebar and presenter chrome."""
import streamlit as st

from loaders.snapshot import SnapshotError
from ui import deck, navigation
from ui.cached import snapshot_date
from ui.state import IN_APP, PageEnd, bound_params, init_context, safe_echo, set_page, set_param, t

context = init_context()
st.set_page_config(page_title=t("app.title"), page_icon="static/favicon.png", layout="wide")
st.query_params["lang"] = context.lang  # written every run: a link to this same page updates the address bar only so
set_param("present", "1" if context.presenter else None)
pages = navigation.build()
current = st.navigation(list(pages.values()), position="hidden" if context.presenter else "sidebar")
snapshot = snapshot_date()
navigation.presenter_chrome()
navigation.language_chrome()
notices = st.container()  # filled after the page: only then is it known which parameters it understood
for problem in context.problems:
    notices.warning(t(problem))
with notices:
    navigation.replica_notice()
set_page(current.url_path)
st.session_state[IN_APP] = True
try:
    if context.presenter:
        deck.draw(current.url_path)  # presenter mode is a deck: a step of the story (figures/story.py), not the page
    else:
        current.run()
except SnapshotError as exc:  # a damaged file with no good earlier copy: say which, never a traceback
    st.error(t("error.data", file=exc.file))
except PageEnd:
    pass  # the page ended early on purpose (ui.state.end_page); what follows every page is still drawn
finally:
    st.session_state.pop(IN_APP, None)
understood = bound_params() | (deck.PARAMS if context.presenter else set())
for extra in navigation.unknown_params(current.url_path, set(st.query_params.keys()), understood):
    notices.warning(t("url.unknown", name=safe_echo(extra)))
    set_param(extra, None)
# After the page: the links then carry what its controls wrote to the URL, and its charts have registered as slides.
navigation.chrome_after(current, snapshot)
