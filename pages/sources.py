"""Sources, for readers: a table of every dataset, what the UN's 2024 revision changed, how to cite each original
publisher, then each dataset's details and its data as CSV; whether the files are intact, in plain words."""
import streamlit as st

from charts.theme import fmt_date, fmt_number
from figures import FigureContext
from figures import sources as fs
from loaders.datasets import DATASETS
from loaders.snapshot import SnapshotError
from ui.cached import boundaries_geojson, dataset, snapshot_problems
from ui.components import download_csv, download_name, md_safe, page_header, source_footer
from ui.state import ctx, t

LANG = ctx().lang


def integrity(entries: list[fs.Entry]) -> None:
    """Say in plain words which files failed their check, and what is shown in their place."""
    for e in (e for e in entries if e.problem):
        stale = e.prov is not None and e.prov.mode == "stale"
        follow = (t("sources.integrity.stale", date=fmt_date(e.prov.accessed, LANG)) if stale
                  else t("sources.integrity.lost"))
        where = e.path + (".meta.json" if e.problem == "undescribed" else "")  # under data/: for whoever restores it
        said = t(f"sources.integrity.{e.problem}", dataset=fs.title_of(e.path, LANG))
        st.error(md_safe(f"{said} {follow}") + f" (`{where}`)")


def revision() -> None:
    """What the 2024 revision of the migrant stock changed, in words and a small table, with its CSV."""
    try:
        view = fs.revision_comparison(FigureContext(load=dataset, lang=LANG, t=t))
    except SnapshotError:
        return  # said in the integrity section
    st.subheader(view.title)
    st.markdown(md_safe(view.lead))
    st.markdown("\n".join(f"- {md_safe(fact)}" for fact in view.facts))
    st.markdown(md_safe(view.why))
    st.caption(md_safe(view.caption))
    st.markdown(fs.markdown_table(view.shown, right=tuple(view.shown.columns[1:])))
    st.caption(md_safe(view.method))
    source_footer(view.provs)
    download_csv(view.table, download_name(view.filename), key="src_revision", label=t(fs.REV + ".download"),
                 provs=view.provs)


def details(e: fs.Entry) -> None:
    """One dataset's details in an expander, then its data as CSV with its provenance (a map file has none)."""
    with st.expander(fs.title_of(e.path, LANG) + (" ⚠" if e.problem else "")):
        st.markdown(fs.details_markdown(e, LANG, t))
        if e.path.endswith(".geojson"):
            st.caption(t("sources.download.map"))
        elif e.frame is not None:
            stem = e.path.rsplit("/", 1)[-1].removesuffix(".csv")
            download_csv(e.frame, download_name(stem), key=f"src_{stem}", provs=[e.prov],
                         label=t("sources.download.rows", n=fmt_number(len(e.frame), LANG)))


page_header("sources.title", "sources.intro")
problems = snapshot_problems()
entries = [fs.dataset_entry(n, dataset, problems) for n in DATASETS]
entries += [fs.map_entry(path, boundaries_geojson) for path in fs.MAP_FILES]
integrity(entries)

st.subheader(t("sources.heading.table"))
st.markdown(fs.markdown_table(fs.overview(entries, LANG, t)))
if not any(e.problem for e in entries):
    st.success(t("sources.integrity.ok", n=len(entries)))

revision()

st.subheader(t("sources.heading.cite"))
st.markdown(md_safe(t("sources.cite.intro")))
citations = dict.fromkeys(fs.citation(e.prov, LANG, t) for e in entries if e.prov is not None)  # one per work
st.markdown("\n".join(f"{i}. {c}" for i, c in enumerate(citations, 1)))

st.subheader(t("sources.heading.details"))
for entry in entries:
    details(entry)
st.caption(md_safe(t("sources.maps")))
