"""The presenter's story: the default sequence of charts across the pages, declared as data.

Presenter mode steps through it (?present=1&step=N), and "Export slides" makes one slide per step. Each step names its
builder (module:function in figures/, called with the FigureContext and the step's choices) and the page view it
comes from, so leaving presenter mode opens that same view. Country steps follow FigureContext.country.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from charts.spec import Chart
from figures import FigureContext
from geo.countries import FOCUS

DEFAULT_COUNTRY = FOCUS[0]  # the country steps' country when the link names none: the first of the six (Kazakhstan)


@dataclass(frozen=True)
class Step:
    """One screen of the story: a builder, the page and view it shows, and the choices it is built with."""

    id: str
    builder: str  # "figures.<module>:<function>"
    page: str  # the page script it belongs to
    params: dict = field(default_factory=dict)  # the page's URL parameters for the same view
    choices: dict = field(default_factory=dict)  # keyword arguments for the builder
    country: bool = False  # a country step: built for FigureContext.country, its page link carries ?country=


STORY: tuple[Step, ...] = (
    Step("overview_map", "figures.overview:regional_map", "pages/overview.py"),
    Step("dependence", "figures.remittances:dependence", "pages/remittances.py", {"view": "dependence"}),
    Step("ranking", "figures.remittances:ranking", "pages/remittances.py", {"view": "ranking"}, {"top": 10}),
    Step("money_sources", "figures.remittances:money_sources", "pages/remittances.py", {"view": "sources"}),
    Step("costs", "figures.remittances:corridor_costs", "pages/remittances.py", {"view": "costs"}),
    Step("migration_map", "figures.migration:partner_map", "pages/migration.py", {"view": "map"}, country=True),
    Step("destinations", "figures.migration:destinations", "pages/migration.py", {"view": "destinations"}),
    Step("country_figures", "figures.country:key_figures", "pages/country.py", {}, country=True),
    Step("country_dependence", "figures.country:dependence", "pages/country.py", {"view": "remittances"}, country=True),
    Step("country_destinations", "figures.country:destinations", "pages/country.py", {"view": "migration"}, country=True),
    Step("project_results", "figures.indicators:published_results", "pages/indicators.py"),
)


def builder(step: Step):
    """Return the function that builds a step's chart."""
    module, function = step.builder.split(":")
    return getattr(import_module(module), function)


def build(step: Step, fc: FigureContext) -> Chart:
    """Build one step's chart in the context's language (and country, for a country step)."""
    return builder(step)(fc, **step.choices)


def page_params(step: Step, country: str) -> dict[str, str]:
    """Return the URL parameters that open the step's view on its page."""
    return {**step.params, **({"country": country} if step.country else {})}


def entry(page: str, params: dict) -> int:
    """Return the number (from 1) of the step showing a page's view, else the page's first step, else 1.

    Presenter mode opened from a page (its link carries the page's parameters) starts where the presenter was.
    """
    mine = [i for i, step in enumerate(STORY, start=1) if step.page == page]
    same = [i for i in mine if STORY[i - 1].params and STORY[i - 1].params.items() <= params.items()]
    return (same or mine or [1])[0]
