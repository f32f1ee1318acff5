"""The indicators page's Streamlit pieces: the controls row, the loading panel and its reports, the example switch,
the earlier published figures and the values table."""
from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

import config
from charts.theme import fmt_number
from figures import FigureContext
from figures import indicators as fi
from geo.countries import FOCUS, name
from loaders import indicators as il
from transforms import indicators as tr
from ui import components  # download_csv and table looked up when called: a test watches every download the page offers
from ui.cached import example_indicators
from ui.components import md_safe
from ui.state import ctx, linked_params, t

# Streamlit's uploader words are English only: hide them and put the page's own word on the button.
UPLOADER_CSS = ("<style>[data-testid='stFileUploaderDropzoneInstructions'], [data-testid='stFileChipName'] + div {display:none}"
                " [data-testid='stFileUploaderDropzone'] button p {font-size:0}"
                " [data-testid='stFileUploaderDropzone'] button p::after {content:'BROWSE'; font-size:1rem}</style>")
PAGE = "pages/indicators.py"


def heads(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename a table's columns to the page's translated headings."""
    return frame.rename(columns={c: t(f"indicators.col.{c}") for c in frame.columns})


def uploader_words() -> None:
    """Replace the file uploader's English button word with the page's own."""
    st.html(UPLOADER_CSS.replace("BROWSE", t("indicators.load.browse").replace("'", "’")))


# ---- published results -----------------------------------------------------------------------------------------

def earlier_results(fc: FigureContext) -> None:
    """The published figures the chart does not draw (earlier fact sheets, single sites, funding), drawn once opened,
    with a CSV of every published figure."""
    rows = fi.published_table(fc)
    earlier = rows[~rows["cumulative"]]
    with st.expander(t("indicators.pub.more", n=fmt_number(len(earlier), fc.lang)), key="pub_more",
                     on_change="rerun") as more:
        if more.open:  # drawn once opened, like the charts' data tables
            source = t("indicators.col.source")
            components.table(heads(earlier[tr.PUBLISHED_COLUMNS]),
                             column_config={source: st.column_config.LinkColumn(source, display_text=t("indicators.pub.source"))})
            components.download_csv(heads(rows[tr.PUBLISHED_COLUMNS]), "smica_published_results", key="dl_pub",
                                    label=t("indicators.pub.download"), provs=[fc.load("published_results")[1]])


# ---- loading files ---------------------------------------------------------------------------------------------

def templates() -> None:
    """How to prepare a file, the CSV and XLSX templates, and the indicator catalogue in the page's language."""
    lang, number = ctx().lang, lambda name_: fmt_number(config.get_int(name_), ctx().lang)
    st.markdown(md_safe(t("indicators.load.howto", mb=number("UPLOAD_MAX_MB"), rows=number("UPLOAD_MAX_ROWS"),
                          limit=config.get_int("SURVIVOR_THRESHOLD"))))
    cols = st.columns(2)
    with cols[0]:
        components.download_csv(pd.DataFrame(columns=list(il.COLUMNS)), "indicator_template", key="dl_tpl",
                                label=t("indicators.load.csv"))
    cols[1].download_button(t("indicators.load.xlsx"), (il.TEMPLATES / "indicator_template.xlsx").read_bytes(),
                            file_name="indicator_template.xlsx", key="dl_xlsx", on_click="ignore")
    st.table(heads(tr.catalog_table(il.catalog(), lang, t)), hide_index=True)  # static: no data-grid script to load
    st.caption(t("indicators.load.catalog_note"))


def take_upload(file, loaded: pd.DataFrame) -> il.LoadResult:
    """Validate a newly chosen file once; keep it for this session only when it is accepted whole."""
    payload, last = file.getvalue(), st.session_state.get("ind_last")
    if last is None or last.sha256 != hashlib.sha256(payload).hexdigest():
        last = st.session_state["ind_last"] = il.accept(loaded, il.read_bytes(file.name, payload))
        st.session_state["ind_uploads"] += [last] if last.ok else []
    return last


def file_report(result: il.LoadResult) -> None:
    """Say whether a file was accepted; list a refused file's problems as plain text a programme officer can act on."""
    lang, file = ctx().lang, tr.plain_markdown(result.name)
    if result.ok:
        return st.success(t("indicators.load.accepted", file=file, rows=fmt_number(len(result.frame), lang)))
    st.error(t("indicators.load.refused", file=file, n=fmt_number(len(result.issues), lang)))
    table = heads(tr.issue_rows(result.issues, t, lang, {c: name(c, lang) for c in FOCUS}))
    components.table(table)  # user text shown as text, never as HTML; no English toolbar on a Russian page
    components.download_csv(table, "indicator_file_report", key=f"dl_rep_{result.sha256[:8]}")


def loaded_sources(folder: list, uploads: list) -> list:
    """Source-footer provenance of the accepted files, one for the folder's and one for this session's uploads."""
    parts = [(kind, il.combine(rs)) for kind, rs in (("folder", folder), ("upload", uploads))]
    today = date.today().isoformat()
    return [il.provenance(f, tr.source_texts(k, len(f), t, ctx().lang, today), k) for k, f in parts if not f.empty]


def load_panel(folder: list) -> tuple[pd.DataFrame, list]:
    """Reports on refused folder files, then templates, catalogue and the session upload in a box drawn once opened;
    returns the loaded data (with a file accepted on this run) and its sources."""
    uploads = st.session_state.setdefault("ind_uploads", [])
    for result in [r for r in folder if not r.ok]:  # a refused file is said whether or not the panel is open
        file_report(result)
    # Drawn once opened: the catalogue table and the uploader cost a second on every first draw otherwise.
    with st.expander(t("indicators.load.title"), key="load_panel", on_change="rerun", icon=":material/upload_file:") as panel:
        if panel.open:
            upload_box(il.combine(folder + uploads), uploads)
    uploads = st.session_state["ind_uploads"]  # with a file accepted on this run
    return il.combine(folder + uploads), loaded_sources(folder, uploads)


def upload_box(loaded: pd.DataFrame, uploads: list) -> None:
    """How to prepare a file, the templates and catalogue, the uploader, its report and a button to drop uploads."""
    uploader_words()  # only with the uploader: an st.html block loads a sanitiser on the page's first draw otherwise
    templates()
    file = st.file_uploader(t("indicators.load.upload"), key="ind_file")  # no type=: its refusal is English only
    if file:
        file_report(take_upload(file, loaded))
    if uploads and st.button(t("indicators.load.clear"), key="ind_clear"):
        st.session_state["ind_uploads"], st.session_state["ind_last"] = [], None
        st.rerun()


# ---- example data ----------------------------------------------------------------------------------------------

def example_data() -> tuple[pd.DataFrame, list]:
    """The shipped example export in place of loaded data, with a provenance that says it is example data."""
    loaded = example_indicators()  # read once per file version, not at every control change
    return loaded, [il.provenance(loaded, {k: t(f"indicators.example.{k}") for k in il.PROV_FIELDS}, "example")]


def example_link(slot, on: bool) -> None:
    """A link to the same view with the example data switched (drawn last, so it carries every control's choice)."""
    params = linked_params(example="0" if on else "1")  # "0" said outright: a link without it keeps the choice
    with slot:
        st.page_link(PAGE, label=t("indicators.example.hide" if on else "indicators.example.toggle"),
                     icon=":material/" + ("toggle_on" if on else "toggle_off") + ":", query_params=params)


# ---- the period's values ---------------------------------------------------------------------------------------

def values_table(table: pd.DataFrame, period: str, period_text: str) -> None:
    """Every value of the period in a box drawn once opened: status, shares of women and youth, source file and row."""
    with st.expander(t("indicators.table.title", period=period_text), key="table_ind_values", on_change="rerun") as box:
        if box.open:
            components.table(table)
            components.download_csv(table, f"indicator_values_{period}", key="dl_values")
