"""Pure chart builders per page (no Streamlit): data in, charts.spec.Chart out, for pages, presenter mode and slides.

Every builder has the signature `build(fc: FigureContext, **choices) -> Chart`; the choices a page's controls make
are keyword arguments with the defaults the story (figures.story) uses.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from loaders.provenance import Provenance

Say = Callable[..., str]  # t(key, **values) in the chosen language
Load = Callable[[str], tuple[pd.DataFrame, Provenance]]  # a dataset name -> (frame, provenance), e.g. ui.cached.dataset


@dataclass(frozen=True)
class FigureContext:
    """What a builder needs besides the user's choices: data, language, words and the country in focus."""

    load: Load
    lang: str
    t: Say
    country: str = "KGZ"  # the country of the country steps (?country= in presenter mode)
    geojson: Callable[[], dict] | None = None  # the bundled boundaries (maps), injected so builders stay pure
