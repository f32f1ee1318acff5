"""Sources: every dataset with its provenance, gaps, licence and a CSV download."""
import plotly.graph_objects as go
import streamlit as st

from charts.theme import fmt_number
from loaders.datasets import DATASETS
from loaders.snapshot import SnapshotError
from ui.cached import dataset, snapshot_problems
from ui.components import chart, download_csv, page_header
from ui.state import ctx, end_page, t

page_header("sources.title", "sources.intro")
problems = snapshot_problems()
if problems:
    for name, detail in problems.items():
        st.error(t("sources.integrity_bad", file=DATASETS[name].path, detail=detail))
else:
    st.success(t("sources.integrity_ok", n=len(DATASETS)))

loaded = {}
for name in DATASETS:
    try:
        loaded[name] = dataset(name)  # a damaged file falls back to its last good copy, marked stale
    except SnapshotError:
        pass  # already listed above
if not loaded:
    end_page()
counts = {DATASETS[n].path: len(frame) for n, (frame, _) in loaded.items()}
fig = go.Figure(go.Bar(x=list(counts.values()), y=list(counts), orientation="h",
                       hovertemplate="%{y}: %{x:,}<extra></extra>", marker_color="#0072B2"))
fig.update_layout(title=t("sources.chart_title"), xaxis_title=t("sources.chart_axis"), height=420,
                  yaxis=dict(autorange="reversed"), margin=dict(l=10, r=10))
largest = max(counts, key=counts.get)
chart(fig, __import__("pandas").DataFrame({"file": list(counts), "rows": list(counts.values())}),
      [p for _, p in loaded.values()], key="sources_rows", filename="snapshot_rows",
      summary=t("sources.chart_summary", n=len(counts), rows=fmt_number(sum(counts.values()), ctx().lang), largest=largest))

for name, (frame, prov) in loaded.items():
    with st.expander(f"{DATASETS[name].path} — {prov.dataset}"):
        fields = ("publisher", "dataset", "vintage", "url", "licence", "accessed", "rows", "sha256")
        st.markdown("\n".join(f"- **{t('sources.' + f)}**: {getattr(prov, f)}" for f in fields))
        st.markdown(f"**{t('sources.gaps')}**")
        st.markdown("\n".join(f"- {g}" for g in prov.gaps) or t("sources.no_gaps"))
        download_csv(frame, DATASETS[name].path.replace("/", "_").removesuffix(".csv"), key=f"src_{name}",
                     label=t("sources.download", file=DATASETS[name].path))
st.caption(t("sources.extra"))
st.caption(t("sources.refresh"))
