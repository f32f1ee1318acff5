"""Country boundaries, capitals and named map frames for the offline maps (built by tools/build_geo.py)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

import config
from loaders.snapshot import SnapshotError, verify

if TYPE_CHECKING:  # geopandas (with GDAL) costs ~70 MB per process: the app itself reads the GeoJSON with json
    import geopandas as gpd

COLUMNS = ["iso3", "name_en", "name_ru", "geometry"]

# The browser-ready copy served by Streamlit's static route: plotly.js fetches it once and the browser caches it,
# so no figure carries country shapes over the websocket (tools/build_geo.py writes it next to static/topojson/).
STATIC_GEOJSON = Path(__file__).resolve().parents[1] / "static" / "geo" / "boundaries.geojson"
GEOJSON_URL = "/app/static/geo/boundaries.geojson"

# Named map frames as data. Russia crosses the antimeridian, so maps pin one of these instead of fitting bounds.
# lon/lat: ranges for plotly geo (mercator); longitude/latitude/zoom: about the same frame for a pydeck ViewState
# in a chart ~1000 px wide and 500 px high (pydeck zooms by pixels, so wider charts show more around it).
REGION_VIEW: dict[str, dict] = {
    # Central Asia with the Caucasus and Russia's European part up to the Kola peninsula.
    "central_asia": {"lon": [22, 100], "lat": [33, 66], "longitude": 60.0, "latitude": 51.0, "zoom": 2.7},
    # Europe, Turkey, the Gulf, South Asia and the Koreas/Japan around Central Asia and Russia.
    "wide": {"lon": [-12, 147], "lat": [12, 72], "longitude": 65.0, "latitude": 49.0, "zoom": 1.9},
}


def _geo_dir() -> Path:
    """Return the folder of the bundled geo files."""
    return config.data_dir() / "geo"


def checked(path: Path | str) -> Path:
    """Return the path once the file matches its sidecar's checksum; else a SnapshotError naming the file."""
    verify(Path(path))
    return Path(path)


def read_geojson(path: Path | str | None = None) -> dict:
    """Read the boundaries, checked against their sidecar, as a FeatureCollection whose features carry id = iso3."""
    path = checked(path or _geo_dir() / "boundaries.geojson")
    try:
        fc = json.loads(path.read_text(encoding="utf-8"))
        for feature in fc["features"]:
            feature["id"] = feature["properties"]["iso3"]
    except (ValueError, KeyError, TypeError) as exc:  # matching its sidecar yet not a FeatureCollection of countries
        raise SnapshotError(f"{path.name}: not a FeatureCollection of countries with an iso3 each ({exc})") from exc
    return fc


def write_static(fc: dict, path: Path = STATIC_GEOJSON) -> Path:
    """Write the browser-ready boundaries (ids set, compact) that maps reference by GEOJSON_URL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return path


def load_boundaries(path: Path | str | None = None) -> "gpd.GeoDataFrame":
    """Read the regional country polygons: columns iso3, name_en, name_ru, geometry (EPSG:4326)."""
    import geopandas as gpd

    gdf = gpd.read_file(checked(path or _geo_dir() / "boundaries.geojson"), engine="pyogrio")
    return gdf[COLUMNS].reset_index(drop=True)


def to_geojson(gdf: "gpd.GeoDataFrame") -> dict:
    """Return a FeatureCollection dict whose features carry id = iso3 (for plotly featureidkey="id")."""
    fc = json.loads(gdf[COLUMNS].to_json(drop_id=True))
    for feature in fc["features"]:
        feature["id"] = feature["properties"]["iso3"]
    return fc


def load_capitals(path: Path | str | None = None) -> pd.DataFrame:
    """Read the capitals table: iso3, capital, lat, lon."""
    return pd.read_csv(checked(path or _geo_dir() / "capitals.csv"), keep_default_na=False, na_values=[""])


def point_of(iso3: str, capitals: pd.DataFrame, boundaries: "gpd.GeoDataFrame") -> tuple[float, float] | None:
    """Return (lon, lat) of a country's capital, else a point inside its polygon, else None."""
    cap = capitals[capitals["iso3"] == iso3]
    if len(cap):
        return float(cap["lon"].iloc[0]), float(cap["lat"].iloc[0])
    shape = boundaries[boundaries["iso3"] == iso3]
    if not len(shape):
        return None
    pt = shape.geometry.iloc[0].representative_point()
    return float(pt.x), float(pt.y)
