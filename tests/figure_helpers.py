"""A FigureContext for builder tests: the snapshot read straight from data/ (no Streamlit), words in one language."""
from functools import lru_cache, partial

from figures import FigureContext
from ui.i18n import translate


@lru_cache(maxsize=None)
def _load(name: str):
    from loaders.datasets import load

    return load(name)


def load(name: str):
    """Return a copy of a snapshot dataset and its provenance (cached across tests)."""
    frame, prov = _load(name)
    return frame.copy(), prov


@lru_cache(maxsize=1)
def _geojson() -> dict:
    from geo.boundaries import read_geojson

    return read_geojson()


def context(lang: str = "en", country: str = "KGZ") -> FigureContext:
    """Return a builder's context in a language, for a country."""
    return FigureContext(load=load, lang=lang, t=partial(translate, lang=lang), country=country, geojson=_geojson)
