"""AppContext: the view state parsed once per run from the URL (language, presenter mode, country, years)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

import config
from geo.countries import FOCUS
from ui.i18n import LANGS

YEAR_MIN, YEAR_MAX = 1960, 2100
_YEARS = re.compile(r"^\s*(\d{4})\s*[-–:]\s*(\d{4})\s*$")


@dataclass(frozen=True)
class AppContext:
    """What the URL says about the view; problems found while parsing are kept to show, never raised."""

    lang: str = "en"
    presenter: bool = False
    country: str | None = None
    years: tuple[int, int] | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)  # message keys for odd parameters


def parse_lang(value: str | None, accept: str | None) -> str:
    """Pick the language from ?lang=, else the browser's locale, else the default setting."""
    for candidate in (value, accept):
        code = (candidate or "").strip().lower()[:2]
        if code in LANGS:
            return code
    return config.get("DEFAULT_LANG")


def lang_problem(value: str | None) -> str | None:
    """Return a problem key when ?lang= names a language the dashboard does not have."""
    if value is None or (value or "").strip().lower()[:2] in LANGS and len(value.strip()) in (2, 5):
        return None
    return "context.bad_lang"


ON, OFF = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def parse_flag(value: str | None) -> bool:
    """Read a URL switch such as ?present=1."""
    return str(value or "").strip().lower() in ON


def flag_problem(value: str | None) -> str | None:
    """Return a problem key when a switch such as ?present= is neither on nor off."""
    return None if value is None or str(value).strip().lower() in ON | OFF else "context.bad_flag"


def parse_country(value: str | None) -> tuple[str | None, str | None]:
    """Return (ISO3, problem key) for ?country=; unknown codes give a problem, not an exception."""
    if value is None or not str(value).strip():
        return None, None
    code = str(value).strip().upper()[:12]
    return (code, None) if code in FOCUS else (None, "context.bad_country")


def parse_years(value: str | None) -> tuple[tuple[int, int] | None, str | None]:
    """Return ((start, end), problem key) for ?years=2005-2024; reversed ranges are put in order."""
    if value is None or not str(value).strip():
        return None, None
    match = _YEARS.match(str(value)[:20])
    if not match:
        return None, "context.bad_years"
    start, end = sorted(int(g) for g in match.groups())
    if start < YEAR_MIN or end > YEAR_MAX:
        return None, "context.bad_years"
    return (start, end), None


def parse_context(params: Mapping[str, str], accept_language: str | None = None) -> AppContext:
    """Build the AppContext from URL parameters; never raises on odd input."""
    country, p1 = parse_country(params.get("country"))
    years, p2 = parse_years(params.get("years"))
    return AppContext(
        lang=parse_lang(params.get("lang"), accept_language),
        presenter=parse_flag(params.get("present")),
        country=country,
        years=years,
        problems=tuple(p for p in (p1, p2, lang_problem(params.get("lang")), flag_problem(params.get("present"))) if p),
    )
