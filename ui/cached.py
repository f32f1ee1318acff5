"""The one caching layer: every st.cache_data / st.cache_resource wrapper lives here."""
from __future__ import annotations

import importlib
from typing import Any, Callable

import pandas as pd
import streamlit as st

from loaders import datasets
from loaders.provenance import Provenance
from loaders.snapshot import SnapshotError, read_meta, resolve


@st.cache_data(show_spinner=False, max_entries=64)
def _dataset(name: str, stamp: str) -> tuple[pd.DataFrame, Provenance]:
    """Load a snapshot dataset once per file version."""
    return datasets.load(name)


def dataset(name: str) -> tuple[pd.DataFrame, Provenance]:
    """Return a snapshot dataset and its provenance (reloaded when the file changes on disk)."""
    frame, prov = _dataset(name, datasets.stamp(name))
    return frame.copy(), prov


def data_version() -> tuple[str, ...]:
    """Return a key that changes when any snapshot file or sidecar changes on disk (a refresh, a stale fallback)."""
    return tuple(datasets.stamp(n) for n in datasets.DATASETS)


@st.cache_data(show_spinner=False, max_entries=512)
def _built(module: str, name: str, lang: str, country: str | None, version: tuple, kwargs: dict, _fc) -> Any:
    """Run a pure builder once per language, country, choices and data version (its figure comes back as a copy)."""
    return getattr(importlib.import_module(module), name)(_fc, **kwargs)


def built(builder: Callable, fc, **kwargs) -> Any:
    """Return builder(fc, **kwargs) from the cache: a page's figures and sentences are the same for every reader with
    the same language, country and choices, so only the first reader waits for the reshaping behind them."""
    return _built(builder.__module__, builder.__name__, fc.lang, fc.country, data_version(), kwargs, fc)


@st.cache_resource(show_spinner=False, max_entries=4)
def _boundaries(stamp: str) -> dict:
    """Read the boundaries once per file version (shared by all sessions, read-only)."""
    from geo.boundaries import read_geojson

    return read_geojson()


def boundaries_geojson() -> dict:
    """Return the bundled boundaries as a GeoJSON dict (re-read when the file or its sidecar changes on disk)."""
    path = resolve("geo/boundaries.geojson")
    return _boundaries(datasets.stamp_of(path))


def snapshot_date() -> str:
    """Return the date the bundled snapshot was taken (from the WDI sidecar), or a dash if it cannot be read."""
    try:
        return read_meta(resolve(datasets.DATASETS["wdi_series"].path)).accessed
    except SnapshotError:
        return "–"


@st.cache_data(show_spinner=False, max_entries=8)
def _snapshot_problems(stamps: tuple[str, ...]) -> dict[str, str]:
    """Check every snapshot file once per set of file versions."""
    return datasets.verify_all()


def snapshot_problems() -> dict[str, str]:
    """Return files whose checksum or metadata fail, by dataset name."""
    return _snapshot_problems(tuple(datasets.stamp(n) for n in datasets.DATASETS))


@st.cache_data(show_spinner=False, max_entries=8)
def _indicator_folder(folder: str, stamp: str, max_bytes: int, max_rows: int) -> list:
    """Read and validate the indicator files of a folder once per folder version."""
    from pathlib import Path

    from loaders import indicators

    return indicators.load_folder(Path(folder), indicators.Limits(max_bytes, max_rows))


@st.cache_data(show_spinner=False, max_entries=2)
def _example_indicators(stamp: str) -> pd.DataFrame:
    """Read the shipped example export once per file version (it is read like an upload: in the worker, validated)."""
    from loaders import indicators

    return indicators.read_bytes(indicators.EXAMPLE.name, indicators.EXAMPLE.read_bytes()).frame


def example_indicators() -> pd.DataFrame:
    """Return the shipped example indicator export (template data, never project results) as validated rows."""
    from loaders import indicators

    return _example_indicators(datasets.stamp_of(indicators.EXAMPLE))


@st.cache_data(show_spinner=False, max_entries=32)
def masked_survivors(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Return indicator rows with small counts masked (transforms.indicators.mask_survivors), once per set of rows."""
    from transforms.indicators import mask_survivors

    return mask_survivors(frame, limit)


def indicator_folder() -> list:
    """Return the LoadResults of data/indicators/ (re-read when any file there changes)."""
    from loaders import indicators

    folder, limits = indicators.indicator_dir(), indicators.Limits.from_config()
    return _indicator_folder(str(folder), indicators.folder_stamp(folder), limits.max_bytes, limits.max_rows)
