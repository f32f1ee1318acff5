"""The snapshot's datasets declared as data, read with type checks and a last-good fallback."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import config
from loaders.provenance import Provenance
from loaders.snapshot import SnapshotError, read_meta, read_table, resolve, sidecar_path, verify


@dataclass(frozen=True)
class Dataset:
    """One snapshot file: its path under data/, required columns and numeric columns."""

    path: str
    columns: tuple[str, ...]
    numeric: tuple[str, ...] = ("value",)


DATASETS: dict[str, Dataset] = {
    "wdi_series": Dataset("wdi/wdi_series.csv", ("iso3", "indicator_code", "year", "value", "vintage", "flag"), ("year", "value")),
    "remittances_paid": Dataset("wdi/remittances_paid_2025-02.csv", ("iso3", "indicator_code", "year", "value", "vintage", "flag"), ("year", "value")),
    "world_pct_gdp": Dataset("wdi/remittances_pct_gdp_world.csv", ("iso3", "year", "value", "vintage", "flag", "is_aggregate"), ("year", "value")),
    "country_metadata": Dataset("wdi/country_metadata.csv", ("iso3", "name_en", "region", "income_group", "is_aggregate"), ()),
    "migrant_stock": Dataset("migration/ims2024_bilateral_by_sex.csv",
                             ("origin_iso3", "destination_iso3", "year", "value", "female", "male", "unit", "basis",
                              "refugees_included", "imputed"),
                             ("year", "value", "female", "male", "refugees_included", "imputed")),
    "migrant_stock_revisions": Dataset("migration/ims_revision_comparison.csv",
                                       ("iso3", "measure", "partner_iso3", "year", "rev2020", "rev2024",
                                        "partners_rev2020", "partners_rev2024", "unit"),
                                       ("year", "rev2020", "rev2024", "partners_rev2020", "partners_rev2024")),
    "migrant_stock_world": Dataset("migration/ims2024_world_totals.csv", ("year", "total"), ("year", "total")),
    "bilateral_remittances": Dataset("migration/bilateral_remittances.csv", ("sender_iso3", "receiver_iso3", "year", "value", "unit", "flag"), ("year", "value")),
    "labour_migration": Dataset("migration/labour_migration_russia.csv", ("year", "origin_iso3", "measure", "value", "period", "reported_by", "source_url"), ("year", "value")),
    "corridor_costs": Dataset("rpw/corridor_costs.csv", ("sending_iso3", "receiving_iso3", "period", "year", "quarter", "value"), ("year", "quarter", "value")),
    "cost_by_country": Dataset("rpw/cost_by_country.csv", ("iso3", "indicator_code", "year", "value", "vintage"), ("year", "value")),
    "tip_tiers": Dataset("tip/tip_tiers.csv", ("iso3", "report_year", "tier", "evidence", "source"), ("report_year",)),
    "tip_law": Dataset("tip/tip_law_enforcement.csv", ("iso3", "report_year", "reporting_period", "measure", "value", "source"), ("report_year", "value")),
    "published_results": Dataset("project/published_results.csv", ("country_or_region", "period", "indicator", "value", "unit", "source_url"), ("value",)),
}


def check_frame(frame: pd.DataFrame, spec: Dataset, label: str) -> pd.DataFrame:
    """Refuse a frame that lacks columns or holds non-numbers where numbers belong."""
    missing = [c for c in spec.columns if c not in frame.columns]
    if missing:
        raise SnapshotError(f"{label}: missing columns {', '.join(missing)}")
    for col in spec.numeric:
        converted = pd.to_numeric(frame[col], errors="coerce")
        if (converted.isna() & frame[col].notna()).any():
            raise SnapshotError(f"{label}: column {col} holds values that are not numbers")
        frame[col] = converted
    return frame


def previous_versions(path: Path) -> list[Path]:
    """Return kept earlier versions of a snapshot file, newest first (by the date its data were accessed, then by
    when it was kept): names mix vintages and timestamps, so their sort order says nothing about age."""
    folder = path.parent / "previous"
    found = folder.glob(f"{path.stem}.*{path.suffix}") if folder.is_dir() else []
    return sorted(found, key=_age, reverse=True)


def _age(path: Path) -> tuple[str, int, str]:
    """Sort key of a kept copy: its sidecar's accessed date (empty when unreadable), its mtime, its name."""
    try:
        accessed = read_meta(path).accessed
    except SnapshotError:
        accessed = ""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return accessed, mtime, path.name


def load(name: str, data_dir: Path | None = None) -> tuple[pd.DataFrame, Provenance]:
    """Load a dataset; if it fails its checks, serve the newest good earlier version marked 'stale'."""
    spec = DATASETS[name]
    try:
        frame, prov = read_table(spec.path, data_dir)
        return check_frame(frame, spec, spec.path), prov
    except SnapshotError as first:
        for old in previous_versions(resolve(spec.path, data_dir)):
            try:
                frame, prov = read_table(str(old.relative_to(Path(data_dir or config.data_dir()))), data_dir)
                return check_frame(frame, spec, old.name), prov.with_mode("stale")
            except SnapshotError:
                continue
        raise first


def stamp(name: str, data_dir: Path | None = None) -> str:
    """Return a cache key that changes with a dataset's file (path, mtime and size) or its sidecar."""
    return stamp_of(resolve(DATASETS[name].path, data_dir))


def stamp_of(path: Path) -> str:
    """Return a cache key that changes with a file (path, mtime and size) or its sidecar."""
    parts = [str(path)]
    for item in (path, sidecar_path(path)):
        try:
            info = item.stat()
            parts.append(f"{info.st_mtime_ns}:{info.st_size}")
        except OSError:
            parts.append("missing")
    return "|".join(parts)


def verify_all(data_dir: Path | None = None) -> dict[str, str]:
    """Check every dataset against its sidecar; return problems by name (empty when all good)."""
    problems: dict[str, str] = {}
    for name, spec in DATASETS.items():
        try:
            verify(resolve(spec.path, data_dir))
        except SnapshotError as exc:
            problems[name] = str(exc)
    return problems
