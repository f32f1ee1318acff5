"""Placeholder: filled by its issue."""
from ui.components import page_header

page_header("nav.migration")
