"""Baseline for bench_pages.py: the smallest Streamlit page (one line of text, no data, no chart)."""
import streamlit as st

st.write("hello")
