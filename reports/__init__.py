"""Printable reports built from the snapshot without a browser (no streamlit here)."""
