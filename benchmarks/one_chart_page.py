"""Baseline for bench_pages.py: one plotly line chart of real snapshot data, nothing else."""
import sys
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from loaders.datasets import load  # noqa: E402


@st.cache_data
def series():
    """Remittances received, % of GDP (computed, latest vintage), focus countries."""
    frame, _ = load("wdi_series")
    return frame[(frame["indicator_code"] == "BX.TRF.PWKR.DT.GD.ZS") & (frame["flag"] == "computed")]


fig = go.Figure([go.Scatter(x=g["year"], y=g["value"], name=iso3, mode="lines")
                 for iso3, g in series().groupby("iso3")])
fig.update_layout(title="Remittances received, % of GDP", yaxis_title="% of GDP")
st.plotly_chart(fig)
