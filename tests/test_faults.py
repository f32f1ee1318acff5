"""Broken snapshot files: the loader serves the last good version marked stale or raises a clear SnapshotError,
and pages say so on screen instead of showing a traceback."""
from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from loaders import datasets
from loaders.snapshot import SnapshotError, list_snapshot, sidecar_path, write_sidecar
from ui.i18n import translate
from ui.navigation import PAGES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
APP = str(ROOT / "app.py")
NAME = "wdi_series"  # the dataset every page reads (app.py takes the snapshot date from it)


def truncate(path: Path) -> None:
    """Cut a file to half its bytes, as an interrupted copy would."""
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def wrong_checksum(path: Path) -> None:
    """Change one hex digit of the sidecar's sha256."""
    side = sidecar_path(path)
    meta = json.loads(side.read_text(encoding="utf-8"))
    meta["sha256"] = ("0" if meta["sha256"][0] != "0" else "1") + meta["sha256"][1:]
    side.write_text(json.dumps(meta), encoding="utf-8")


def resign(path: Path, frame: pd.DataFrame) -> None:
    """Write a frame over a data file and give it a matching sidecar (a bad file that passes the checksum)."""
    meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    frame.to_csv(path, index=False)
    write_sidecar(path, meta)


def text_in_numbers(path: Path) -> None:
    """Put words in the first numeric column, with a checksum that matches."""
    frame = pd.read_csv(path, dtype=str)
    frame.loc[0, datasets.DATASETS[NAME].numeric[-1]] = "n/a (see notes)"
    resign(path, frame)


def missing_column(path: Path) -> None:
    """Drop a required column, with a checksum that matches."""
    resign(path, pd.read_csv(path, dtype=str).drop(columns=["value"]))


FAULTS = {
    "a truncated file": truncate,
    "a wrong checksum in the sidecar": wrong_checksum,
    "a missing sidecar": lambda p: sidecar_path(p).unlink(),
    "a sidecar that is not JSON": lambda p: sidecar_path(p).write_text("{not json", encoding="utf-8"),
    "a missing file": lambda p: p.unlink(),
    "an empty file": lambda p: p.write_bytes(b""),
    "words where numbers belong, checksum matching": text_in_numbers,
    "a missing column, checksum matching": missing_column,
}


def copy_dataset(name: str, root: Path) -> Path:
    """Copy one dataset and its sidecar from data/ into root; return the copy's path."""
    rel = datasets.DATASETS[name].path
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    for src in (DATA / rel, sidecar_path(DATA / rel)):
        shutil.copy(src, target.parent / src.name)
    return target


def keep_previous(path: Path, tag: str) -> Path:
    """Keep a copy of a good file and its sidecar in previous/ as the refresh does (<stem>.<tag><suffix>)."""
    kept = path.parent / "previous" / f"{path.stem}.{tag}{path.suffix}"
    kept.parent.mkdir(exist_ok=True)
    shutil.copy(path, kept)
    shutil.copy(sidecar_path(path), sidecar_path(kept))
    return kept


def good(name: str) -> pd.DataFrame:
    """Load a dataset from the real data/."""
    return datasets.load(name, DATA)[0]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_broken_file_without_an_earlier_version_raises_a_snapshot_error_naming_it(tmp_path, fault):
    path = copy_dataset(NAME, tmp_path)
    FAULTS[fault](path)
    with pytest.raises(SnapshotError, match=r"wdi_series\.csv"):
        datasets.load(NAME, tmp_path)


@pytest.mark.parametrize("fault", FAULTS)
def test_a_broken_file_with_an_earlier_version_serves_that_version_marked_stale(tmp_path, fault):
    path = copy_dataset(NAME, tmp_path)
    keep_previous(path, "2026-07-01")
    FAULTS[fault](path)
    frame, prov = datasets.load(NAME, tmp_path)
    assert prov.mode == "stale"
    pd.testing.assert_frame_equal(frame, good(NAME))


@pytest.mark.parametrize("name", datasets.DATASETS)
def test_every_dataset_falls_back_to_its_earlier_version_when_truncated(tmp_path, name):
    path = copy_dataset(name, tmp_path)
    keep_previous(path, "2026-07-01")
    truncate(path)
    frame, prov = datasets.load(name, tmp_path)
    assert (prov.mode, len(frame)) == ("stale", len(good(name)))


def test_a_broken_newest_earlier_version_is_skipped_for_an_older_good_one(tmp_path):
    path = copy_dataset(NAME, tmp_path)
    keep_previous(path, "2025-01-01")
    truncate(keep_previous(path, "2026-07-01"))
    truncate(path)
    frame, prov = datasets.load(NAME, tmp_path)
    assert prov.mode == "stale" and len(frame) == len(good(NAME))


def test_when_every_earlier_version_is_broken_the_error_of_the_current_file_is_raised(tmp_path):
    path = copy_dataset(NAME, tmp_path)
    truncate(keep_previous(path, "2026-07-01"))
    wrong_checksum(path)
    with pytest.raises(SnapshotError, match="checksum does not match"):
        datasets.load(NAME, tmp_path)


def test_the_integrity_check_names_exactly_the_broken_files(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    truncate(tmp_path / "data" / datasets.DATASETS["tip_tiers"].path)
    assert list(datasets.verify_all(tmp_path / "data")) == ["tip_tiers"]


def set_writable(root: Path, writable: bool) -> None:
    """Add or remove write permission on a folder tree."""
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def test_a_read_only_data_folder_is_read_normally(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    set_writable(root, False)
    try:
        loaded = {name: datasets.load(name, root) for name in datasets.DATASETS}
    finally:
        set_writable(root, True)
    assert {n: (p.mode, len(f)) for n, (f, p) in loaded.items()} == {n: ("snapshot", len(good(n))) for n in loaded}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_raises_a_snapshot_error(tmp_path):
    path = copy_dataset(NAME, tmp_path)
    path.chmod(0)
    try:
        with pytest.raises(SnapshotError, match="cannot be read"):
            datasets.load(NAME, tmp_path)
    finally:
        path.chmod(0o644)


# --- the app on a broken snapshot (DATA_DIR pointing at a corrupted copy) --------------------------------------

@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    """A copy of data/ that the app reads through DATA_DIR, with the app's caches emptied around the test."""
    root = tmp_path / "data"
    shutil.copytree(DATA, root, copy_function=shutil.copy)  # fresh mtimes: new cache keys
    monkeypatch.setenv("DATA_DIR", str(root))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield root
    st.cache_data.clear()
    st.cache_resource.clear()


def run_page(script: str, lang: str = "en") -> AppTest:
    """Run one page of the app once (on a country, so that a country page reads its data too)."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.query_params["country"] = "TJK"
    at.switch_page(script)
    return at.run()


def shown(at: AppTest, kind: str) -> list[str]:
    """Return the texts of the alerts of one kind (error, warning, info)."""
    return [e.value for e in getattr(at, kind)]


@pytest.mark.parametrize("script", [p.script for p in PAGES], ids=lambda s: Path(s).stem)
def test_a_page_on_a_snapshot_with_every_file_truncated_says_so_instead_of_a_traceback(broken_data, script):
    for path in list_snapshot(broken_data):
        truncate(path)
    at = run_page(script)
    assert not at.exception, [e.message.splitlines()[0] for e in at.exception]
    assert shown(at, "error"), "a clear message says the data could not be loaded"


@pytest.mark.parametrize("script", [p.script for p in PAGES], ids=lambda s: Path(s).stem)
def test_a_page_on_truncated_files_with_earlier_versions_kept_draws_them_marked_stale(broken_data, script):
    for name in datasets.DATASETS:
        path = broken_data / datasets.DATASETS[name].path
        keep_previous(path, "2026-07-01")
        truncate(path)
    at = run_page(script, "ru")
    assert not at.exception, [e.message.splitlines()[0] for e in at.exception]
    if at.get("plotly_chart"):
        assert translate("source.stale", "ru") in shown(at, "warning")


# --- sidecars of the wrong JSON type, the newest kept copy, no server path in a message --------------------------

def edit_sidecar(path: Path, change) -> None:
    """Rewrite a sidecar's JSON through change(meta) -> new JSON value."""
    side = sidecar_path(path)
    side.write_text(json.dumps(change(json.loads(side.read_text(encoding="utf-8")))), encoding="utf-8")


WRONG_TYPES = {
    "gaps null": (lambda m: {**m, "gaps": None}, "'gaps' must be a list of texts, not null"),
    "a list instead of an object": (lambda m: [], "metadata must be a JSON object, not a list"),
    "a text instead of an object": (lambda m: "meta", "metadata must be a JSON object, not a text"),
    "rows as a text": (lambda m: {**m, "rows": "2614"}, "'rows' must be a whole number, not a text"),
    "rows negative": (lambda m: {**m, "rows": -1}, "'rows' must be a whole number"),
    "rows true": (lambda m: {**m, "rows": True}, "'rows' must be a whole number, not true/false"),
    "gaps holding numbers": (lambda m: {**m, "gaps": [1, 2]}, "'gaps' must be a list of texts, not a list holding"),
    "gaps as a text": (lambda m: {**m, "gaps": "none known"}, "'gaps' must be a list of texts, not a text"),
    "publisher null": (lambda m: {**m, "publisher": None}, "'publisher' must be a text, not null"),
    "accessed a number": (lambda m: {**m, "accessed": 20261128}, "'accessed' must be a text, not a number"),
}


@pytest.mark.parametrize("change, said", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_a_sidecar_of_the_wrong_json_type_is_a_snapshot_error_saying_what_is_wrong(tmp_path, change, said):
    path = copy_dataset(NAME, tmp_path)
    edit_sidecar(path, change)
    with pytest.raises(SnapshotError, match=r"^wdi_series\.csv\.meta\.json: ") as caught:
        datasets.load(NAME, tmp_path)
    assert said in str(caught.value)


@pytest.mark.parametrize("change", [WRONG_TYPES["gaps null"][0], WRONG_TYPES["a list instead of an object"][0]],
                         ids=["gaps null", "a list"])
@pytest.mark.parametrize("script", [p.script for p in PAGES], ids=lambda s: Path(s).stem)
def test_a_page_on_a_sidecar_of_the_wrong_type_draws_without_a_traceback(broken_data, script, change):
    edit_sidecar(broken_data / datasets.DATASETS[NAME].path, change)
    at = run_page(script)
    assert not at.exception, [e.message.splitlines()[0] for e in at.exception]


def test_the_snapshot_date_is_a_dash_when_the_sidecar_has_the_wrong_type(broken_data):
    from ui.cached import snapshot_date

    edit_sidecar(broken_data / datasets.DATASETS[NAME].path, WRONG_TYPES["gaps null"][0])
    assert snapshot_date() == "–"


def keep_copy(path: Path, tag: str, accessed: str, frame: pd.DataFrame) -> Path:
    """Keep a good copy holding frame in previous/ whose sidecar says it was accessed on a date."""
    kept = keep_previous(path, tag)
    meta = {**json.loads(sidecar_path(kept).read_text(encoding="utf-8")), "accessed": accessed}
    frame.to_csv(kept, index=False)
    write_sidecar(kept, meta)
    return kept


@pytest.mark.parametrize("tags", [("2026-07-01", "20261206T031500Z"), ("20261206T031500Z", "2026-07-01"),
                                  ("2023-05-10", "2026-11-15")])
def test_the_last_good_fallback_serves_the_newest_good_copy_whatever_the_names(tmp_path, tags):
    path = copy_dataset(NAME, tmp_path)
    whole = pd.read_csv(path)
    keep_copy(path, tags[0], "2026-11-28", whole.iloc[:10])  # the bundled original, accessed first
    keep_copy(path, tags[1], "2026-12-06", whole.iloc[:20])  # a later refresh's copy
    truncate(path)
    frame, prov = datasets.load(NAME, tmp_path)
    assert (prov.mode, prov.accessed, len(frame)) == ("stale", "2026-12-06", 20)
    assert [p.name for p in datasets.previous_versions(path)] == [f"wdi_series.{tags[1]}.csv", f"wdi_series.{tags[0]}.csv"]


@pytest.mark.parametrize("fault", FAULTS)
def test_no_snapshot_error_names_an_absolute_path_of_the_server(tmp_path, fault):
    path = copy_dataset(NAME, tmp_path)
    FAULTS[fault](path)
    with pytest.raises(SnapshotError) as caught:
        datasets.load(NAME, tmp_path)
    assert str(tmp_path) not in str(caught.value) and "/" + path.parent.name + "/" not in str(caught.value)


def test_the_sources_page_shows_no_server_path_for_a_missing_sidecar(broken_data):
    sidecar_path(broken_data / datasets.DATASETS["tip_tiers"].path).unlink()
    at = run_page("pages/sources.py")
    texts = [e.value for e in at.error] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not at.exception and any("tip_tiers.csv.meta.json" in t for t in texts)
    assert not any(str(broken_data) in t or "/tmp/" in t for t in texts)


def test_a_reader_between_the_two_renames_of_a_refresh_gets_the_finished_pair_not_a_damaged_file(tmp_path):
    import threading
    import time

    from loaders.snapshot import atomic_write_bytes

    path = copy_dataset(NAME, tmp_path)
    new = path.read_bytes().replace(b"2026-07-01", b"2026-07-02")
    meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    atomic_write_bytes(path, new)  # the data file is swapped; its sidecar follows 30 ms later, as in loaders.refresh
    later = threading.Timer(0.03, lambda: write_sidecar(path, {**meta, "vintage": "swapped"}))
    later.start()
    try:
        frame, prov = datasets.load(NAME, tmp_path)
    finally:
        later.join()
    assert (prov.mode, prov.vintage) == ("snapshot", "swapped") and "2026-07-02" in set(frame.vintage)
