"""Colours meet WCAG AA contrast and stay distinguishable; every chart carries a summary and a table."""
import tomllib
from pathlib import Path

import pytest

from charts import theme
from ui import navigation

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def luminance(hex_colour: str) -> float:
    """Relative luminance per WCAG 2.x."""
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """Contrast ratio between two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def caption_colour() -> str:
    """The colour a caption shows on white: the theme's text colour at Streamlit's caption opacity."""
    text = tomllib.loads(CONFIG.read_text())["theme"]["textColor"].lstrip("#")
    rgb = [int(text[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c * navigation.CAPTION_OPACITY + 255 * (1 - navigation.CAPTION_OPACITY)):02X}" for c in rgb)


@pytest.mark.parametrize("name, colour", [
    ("chart text", theme.TEXT),
    ("captions (normal mode)", caption_colour()),
    ("captions (presenter mode)", navigation.PRESENTER_CAPTION_COLOUR),
])
def test_text_colours_meet_wcag_aa_on_white(name, colour):
    assert contrast(colour, "#FFFFFF") >= 4.5, name


def test_every_focus_country_has_its_own_colour():
    # WCAG 1.4.11 asks 3:1 for graphical objects; the light Okabe-Ito hues are used for lines and bars
    # whose values are also given in hover text and the data table, so we only require them to be distinct.
    colours = list(theme.COUNTRY_COLOURS.values())
    assert len(set(colours)) == len(colours) == 6


@pytest.mark.parametrize("mode", ["default", "presenter"])
def test_the_presenter_template_is_larger_than_the_default(mode):
    tpl = theme.TEMPLATES[mode]
    assert tpl.layout.font.size >= (20 if mode == "presenter" else 12)


def test_russian_numbers_use_a_decimal_comma_and_spaced_thousands():
    assert theme.fmt_number(1234567.5, "ru", 1) == "1\xa0234\xa0567,5"
    assert theme.separators("ru") == ", "
