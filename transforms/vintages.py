"""The vintages a loaded frame holds, read from its rows (a refreshed file brings its own), never typed in."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

USD, PCT, PAID = "BX.TRF.PWKR.CD.DT", "BX.TRF.PWKR.DT.GD.ZS", "BM.TRF.PWKR.CD.DT"
COMPUTED = "computed"
KEYS: tuple[str, ...] = ("latest", "official")  # the choice a page offers for % of GDP


@dataclass(frozen=True)
class Vintages:
    """The newest vintage (computed % of GDP carries it) and the newest official, published % of GDP vintage."""

    latest: str | None
    official: str | None

    def choices(self) -> dict[str, str]:
        """Return {"latest": ..., "official": ...} for a vintage choice, leaving out a vintage the frame lacks."""
        return {k: v for k, v in (("latest", self.latest), ("official", self.official)) if v}


def newest(frame: pd.DataFrame, code: str | None = None, computed: bool | None = None) -> str | None:
    """Return the newest vintage among rows with a value (of one indicator, computed or not when asked), or None."""
    rows = frame.dropna(subset=["value"])
    if code is not None and "indicator_code" in rows:
        rows = rows[rows["indicator_code"] == code]
    if computed is not None:
        rows = rows[is_computed(rows) == computed]
    found = rows["vintage"].dropna().astype(str)
    return str(found.max()) if len(found) else None  # ISO dates (2023-05-10, 2025-02) sort as text


def is_computed(frame: pd.DataFrame) -> pd.Series:
    """Tell, row by row, whether a value is computed here rather than published (flag 'computed')."""
    if "flag" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["flag"].astype(object).fillna("").astype(str).eq(COMPUTED)  # an all-empty flag column reads as floats


def latest_vintage(wdi: pd.DataFrame) -> str | None:
    """Return the newest vintage of remittances received (US$): the vintage computed % of GDP is made from."""
    return newest(wdi, USD) or newest(wdi, PCT, computed=True) or newest(wdi)


def official_vintage(wdi: pd.DataFrame) -> str | None:
    """Return the newest vintage of the World Bank's published % of GDP (rows not flagged computed)."""
    return newest(wdi, PCT, computed=False)


def paid_vintage(wdi: pd.DataFrame) -> str | None:
    """Return the newest vintage of remittances paid (US$) in a frame."""
    return newest(wdi, PAID)


def series_vintage(wdi: pd.DataFrame, code: str) -> str | None:
    """Return the vintage one indicator's latest view reads: for % of GDP the latest (computed values carry it), for
    any other indicator its own newest (a partial refresh may leave, say, population in an older vintage)."""
    return latest_vintage(wdi) if code == PCT else (newest(wdi, code) or latest_vintage(wdi))


def of_series(wdi: pd.DataFrame) -> Vintages:
    """Return the latest and official vintages of a wdi_series frame."""
    return Vintages(latest_vintage(wdi), official_vintage(wdi))


def of_world(world: pd.DataFrame) -> Vintages:
    """Return the latest (computed) and official vintages of the world % of GDP frame (it has no indicator column)."""
    return Vintages(newest(world, computed=True) or newest(world), newest(world, computed=False))


def one_per_year(rows: pd.DataFrame, prefer_computed: bool = True) -> pd.DataFrame:
    """Keep one row per country and year when a vintage holds both a computed and a published value (a refreshed
    file can): the computed one for the latest view, the published one otherwise, so no label is ever doubled."""
    if rows.empty:
        return rows
    order = is_computed(rows) if prefer_computed else ~is_computed(rows)
    ranked = rows.assign(_first=~order).sort_values("_first", kind="stable")
    return ranked.drop_duplicates(["iso3", "year"]).drop(columns="_first").sort_index()
