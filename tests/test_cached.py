"""The one caching layer: a page's figures are built once per language, country, choices and data version."""
from __future__ import annotations

import pytest

from figures import FigureContext
from ui import cached

CALLS: list[tuple] = []


def counted(fc: FigureContext, size: int = 2) -> dict:
    """A builder that records each time it really runs."""
    CALLS.append((fc.lang, fc.country, size))
    return {"lang": fc.lang, "rows": list(range(size))}


def context(lang: str = "en", country: str = "KGZ") -> FigureContext:
    """A context whose data and words the counted builder never reads."""
    return FigureContext(load=lambda name: None, lang=lang, t=lambda key, **_: key, country=country)


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    """Empty cache and call log, one fixed data version unless a test changes it."""
    cached._built.clear()
    CALLS.clear()
    version = ["v1"]
    monkeypatch.setattr(cached.datasets, "stamp", lambda name: version[0])
    return version


def test_the_same_language_country_and_choices_run_the_builder_once():
    first, second = cached.built(counted, context(), size=3), cached.built(counted, context(), size=3)
    assert first == second == {"lang": "en", "rows": [0, 1, 2]} and len(CALLS) == 1


@pytest.mark.parametrize("other", [dict(lang="ru"), dict(country="TJK"), dict(size=4)])
def test_another_language_country_or_choice_runs_the_builder_again(other):
    cached.built(counted, context(), size=3)
    ctx = context(other.get("lang", "en"), other.get("country", "KGZ"))
    cached.built(counted, ctx, size=other.get("size", 3))
    assert len(CALLS) == 2


def test_a_changed_data_file_runs_the_builder_again(fresh):
    cached.built(counted, context())
    fresh[0] = "v2"  # a refresh or a stale fallback changes a file's stamp
    cached.built(counted, context())
    assert len(CALLS) == 2


def test_a_reader_changing_what_they_got_does_not_change_the_next_readers_copy():
    cached.built(counted, context())["rows"].append("changed")
    assert cached.built(counted, context())["rows"] == [0, 1]
