"""Map builders that draw with no outside request: plotly choropleths on the bundled GeoJSON and pydeck flow maps."""
from __future__ import annotations

import copy
import html
import re
from typing import TYPE_CHECKING

import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from geo.boundaries import REGION_VIEW

if TYPE_CHECKING:  # pydeck is imported by flow_deck only: pages with plotly maps alone never load it
    import pydeck as pdk

# Pass to st.plotly_chart(config=...): plotly.js fetches a world topojson for every geo trace, from here.
PLOTLY_OFFLINE_CONFIG = {"topojsonURL": "/app/static/topojson/"}
# One-layer white MapLibre style served from static/, so pydeck requests no tiles and no Carto style.
BLANK_MAP_STYLE = "/app/static/blank_style.json"

NO_DATA_GREY = "#dcdcdc"
LAND_GREY = "#f2f2f2"
BORDER = "#ffffff"
# Classed maps (classed_map): a country with no figure is a mid grey, clearly apart from the pale land outside the
# mapped region; a recorded zero has a colour of its own; the chosen country is vermillion with a dark outline.
NO_FIGURE_GREY = "#c4c4c4"
ZERO_COLOUR = "#f3e3b3"
CHOSEN_COLOUR = "#D55E00"
CHOSEN_LINE = "#1F1F1F"
# Class edges in half decades (1, 3, 10, 30 ...): the small partners differ by class, not by a sliver of one scale.
CLASS_EDGES: tuple[int, ...] = (1, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000)
CLASS_COLOURS: tuple[str, ...] = tuple(plotly.colors.sequential.Blues[2:])  # one per edge, palest first
ARC_SOURCE = [0, 114, 178, 200]  # blue: where people or money leave
ARC_TARGET = [213, 94, 0, 200]  # vermillion: where they arrive
DECK_VIEW_KEYS = ("longitude", "latitude", "zoom", "pitch", "bearing", "min_zoom", "max_zoom")


def _scale(colorscale):
    """Return a named plotly sequential scale without its near-white start (kept apart from the no-data grey)."""
    colours = getattr(plotly.colors.sequential, colorscale, None) if isinstance(colorscale, str) else None
    return colours[2:] if colours and len(colours) > 5 else colorscale


def _hovertemplate(labels: list[str], numeric: list[bool]) -> str:
    """Return a hover template: bold name (customdata[0]) then one 'label: value' line per column."""
    lines = [f"<br>{label}: %{{customdata[{i}]{':,.2~f' if num else ''}}}"
             for i, (label, num) in enumerate(zip(labels, numeric), start=1)]
    return "<b>%{customdata[0]}</b>" + "".join(lines) + "<extra></extra>"


def _data_trace(values, shapes, value_col, iso_col, hover_name_col, hover_cols, colorscale, colorbar_title):
    """Return the coloured Choropleth trace of the countries that have a value."""
    cols = [hover_name_col, *hover_cols]
    numeric = [pd.api.types.is_numeric_dtype(values[c]) for c in hover_cols]
    return go.Choropleth(
        geojson=shapes, featureidkey="id", locations=values[iso_col], z=values[value_col],
        customdata=values[cols].to_numpy(dtype=object),
        hovertemplate=_hovertemplate(list(hover_cols.values()), numeric),
        colorscale=_scale(colorscale), marker_line_color=BORDER, marker_line_width=0.6, name="",
        # full numbers with the language's marks: SI suffixes ("150k", "1M") would be English in Russian
        colorbar=dict(title=dict(text=colorbar_title), thickness=14, len=0.8, exponentformat="none",
                      separatethousands=True),
    )


def _base_trace(shapes, names, iso3s, no_data_label):
    """Return the grey Choropleth trace of the countries without a value (never an empty-looking map)."""
    template = f"<b>%{{customdata}}</b><br>{no_data_label}<extra></extra>"
    hover = dict(customdata=[names[i] for i in iso3s], hovertemplate=template)
    return go.Choropleth(
        geojson=shapes, featureidkey="id", locations=iso3s, z=[0] * len(iso3s), showscale=False, name="",
        colorscale=[[0, NO_DATA_GREY], [1, NO_DATA_GREY]], marker_line_color=BORDER, marker_line_width=0.6,
        **(hover if no_data_label else dict(hoverinfo="skip")),
    )


def choropleth(values: pd.DataFrame, geojson: dict, *, value_col: str, iso_col: str = "iso3", title: str,
               colorbar_title: str, hover_name_col: str, hover_cols: dict[str, str], view: str = "central_asia",
               separators: str = ".,", colorscale: str = "Blues", no_data_label: str | None = None,
               name_prop: str = "name_en", geojson_url: str | None = None) -> go.Figure:
    """Return a choropleth of values[value_col] by iso3, grey where there is no value."""
    # With geojson_url the traces name the shapes by URL (the browser fetches and caches the file once); without it
    # each trace carries its own countries' shapes inline (images rendered outside a browser session need that).
    names = {f["id"]: f["properties"].get(name_prop, f["id"]) for f in geojson["features"]}
    rows = values[values[iso_col].isin(names) & values[value_col].notna()]
    missing = sorted(set(names) - set(rows[iso_col]))
    shapes = (lambda iso3s: geojson_url) if geojson_url else (lambda iso3s: subset(geojson, iso3s))
    fig = go.Figure()
    if missing:
        fig.add_trace(_base_trace(shapes(missing), names, missing, no_data_label))
    if len(rows):
        fig.add_trace(_data_trace(rows, shapes(rows[iso_col]), value_col, iso_col, hover_name_col,
                                  hover_cols, colorscale, colorbar_title))
    frame(fig, view)
    fig.update_layout(title=dict(text=title), separators=separators, margin=dict(l=0, r=0, t=60 if title else 10, b=0),
                      height=480)
    return fig


def classes(top: float) -> list[tuple[int, int | None]]:
    """Return the classes (low, next class's low; None for the last) from 1 up to the class holding `top`."""
    count = max(1, sum(edge <= top for edge in CLASS_EDGES))
    return [(CLASS_EDGES[i], CLASS_EDGES[i + 1] if i + 1 < len(CLASS_EDGES) else None) for i in range(count)]


def class_index(value: float) -> int:
    """Return the class (0 = palest) a value of at least 1 falls in."""
    return max(i for i, edge in enumerate(CLASS_EDGES) if value >= edge or i == 0)


def _flat_trace(shapes, iso3s, names: dict, colour: str, hover: str, line=BORDER, width=0.6) -> go.Choropleth:
    """Return a one-colour Choropleth of some countries, each hovering its name and one line of text."""
    return go.Choropleth(
        geojson=shapes, featureidkey="id", locations=list(iso3s), z=[0] * len(iso3s), showscale=False, name="",
        colorscale=[[0, colour], [1, colour]], marker_line_color=line, marker_line_width=width,
        customdata=[names.get(i, i) for i in iso3s], hovertemplate=f"<b>%{{customdata}}</b><br>{hover}<extra></extra>")


def _class_trace(rows, shapes, iso_col, hover_name_col, hover_cols, count: int) -> go.Choropleth:
    """Return the Choropleth of the countries with a value, coloured by class (no colour bar: the legend says it)."""
    colours = CLASS_COLOURS[:count]
    scale = [[pos, c] for i, c in enumerate(colours) for pos in (i / count, (i + 1) / count)]
    cols = [hover_name_col, *hover_cols]
    return go.Choropleth(
        geojson=shapes, featureidkey="id", locations=rows[iso_col], z=rows["_class"], zmin=-0.5, zmax=count - 0.5,
        colorscale=scale, showscale=False, marker_line_color=BORDER, marker_line_width=0.6, name="",
        customdata=rows[cols].to_numpy(dtype=object),
        hovertemplate=_hovertemplate(list(hover_cols.values()), [False] * len(hover_cols)))


def _key(label: str, colour: str, line: str = "#9a9a9a") -> go.Scattergeo:
    """Return a legend entry only: a square swatch with a label (no point is drawn)."""
    return go.Scattergeo(lon=[None], lat=[None], mode="markers", name=label, showlegend=True, hoverinfo="skip",
                         marker=dict(symbol="square", size=14, color=colour, line=dict(color=line, width=1)))


def classed_map(values: pd.DataFrame, geojson: dict, *, value_col: str, labels: dict[str, str | list[str]],
                hover_cols: dict[str, str], chosen: str | None = None, zeros=(), iso_col: str = "iso3",
                hover_name_col: str = "name", view: str = "wide", separators: str = ".,", name_prop: str = "name_en",
                geojson_url: str | None = None) -> go.Figure:
    """Return a choropleth in classes on a log scale, with a legend that names every colour on the map."""
    # labels: title, legend_title, classes (one label per class of classes(max value)), chosen and chosen_hover (the
    # chosen country), zero and zero_hover (pairs recorded as 0), no_figure and no_figure_hover (countries of the region
    # with no figure), outside (land beyond the mapped region). hover_cols: text columns shown on hover, with labels.
    names = {f["id"]: f["properties"].get(name_prop, f["id"]) for f in geojson["features"]}
    rows = values[values[iso_col].isin(names) & (values[value_col] >= 1) & (values[iso_col] != chosen)]
    rows = rows.assign(_class=[class_index(v) for v in rows[value_col]])
    count = len(classes(values[value_col].max() if len(values) else 0))
    zeros = [z for z in zeros if z in names and z != chosen and z not in set(rows[iso_col])]
    missing = sorted(set(names) - set(rows[iso_col]) - set(zeros) - {chosen})
    shapes = (lambda iso3s: geojson_url) if geojson_url else (lambda iso3s: subset(geojson, iso3s))
    fig = go.Figure()
    if missing:
        fig.add_trace(_flat_trace(shapes(missing), missing, names, NO_FIGURE_GREY, labels["no_figure_hover"]))
    if zeros:
        fig.add_trace(_flat_trace(shapes(zeros), zeros, names, ZERO_COLOUR, labels["zero_hover"]))
    if len(rows):
        fig.add_trace(_class_trace(rows, shapes(rows[iso_col]), iso_col, hover_name_col, hover_cols, count))
    if chosen in names:
        fig.add_trace(_flat_trace(shapes([chosen]), [chosen], names, CHOSEN_COLOUR, labels["chosen_hover"],
                                  line=CHOSEN_LINE, width=1.5))
    for trace in _legend(labels, count, bool(zeros), chosen in names):
        fig.add_trace(trace)
    frame(fig, view)
    return fig.update_layout(title=dict(text=labels["title"]), separators=separators, height=480,
                             margin=dict(l=0, r=0, t=60, b=0),
                             legend=dict(title=dict(text=labels["legend_title"]), orientation="v", traceorder="normal",
                                         itemclick=False, itemdoubleclick=False, x=1.0, xanchor="left", y=0.5,
                                         yanchor="middle"))


def _legend(labels: dict, count: int, zeros: bool, chosen: bool) -> list[go.Scattergeo]:
    """Return the legend entries: the chosen country, the classes from the largest down, zero, no figure, outside."""
    entries = [(labels["chosen"], CHOSEN_COLOUR, CHOSEN_LINE)] if chosen else []
    entries += [(labels["classes"][i], CLASS_COLOURS[i], "#9a9a9a") for i in reversed(range(count))]
    entries += [(labels["zero"], ZERO_COLOUR, "#9a9a9a")] if zeros else []
    entries += [(labels["no_figure"], NO_FIGURE_GREY, "#9a9a9a"), (labels["outside"], LAND_GREY, "#9a9a9a")]
    return [_key(label, colour, line) for label, colour, line in entries]


def subset(geojson: dict, iso3s) -> dict:
    """Return a FeatureCollection of only the given countries (each trace ships its own GeoJSON to the browser)."""
    wanted = set(iso3s)
    return {"type": "FeatureCollection", "features": [f for f in geojson["features"] if f["id"] in wanted]}


def inline_shapes(fig: go.Figure, geojson: dict) -> go.Figure:
    """Return a copy whose choropleth traces carry their shapes inline instead of a URL (for Kaleido images)."""
    out = go.Figure(fig)
    for trace in out.data:
        if trace.type == "choropleth" and isinstance(trace.geojson, str):
            trace.geojson = subset(geojson, trace.locations)
    return out


def frame(fig: go.Figure, view: str = "central_asia") -> go.Figure:
    """Pin a figure's geo to a named REGION_VIEW frame with every base layer but land switched off."""
    box = REGION_VIEW[view]
    fig.update_geos(projection_type="mercator", lonaxis_range=box["lon"], lataxis_range=box["lat"], resolution=110,
                    showland=True, landcolor=LAND_GREY, showcountries=False, showcoastlines=False, showocean=False,
                    showlakes=False, showrivers=False, showsubunits=False, showframe=False, bgcolor="rgba(0,0,0,0)")
    return fig


def deck_view_state(view_state: dict) -> "pdk.ViewState":
    """Return a pydeck ViewState from a dict of ViewState keys (a REGION_VIEW entry works as is)."""
    import pydeck as pdk

    return pdk.ViewState(**{k: view_state[k] for k in DECK_VIEW_KEYS if k in view_state})


def _with_tip_fields(geojson: dict, tooltip_html: str, name_prop: str) -> dict:
    """Copy the GeoJSON, filling the tooltip's fields with each country's name so no '{field}' shows on hover."""
    fields = re.findall(r"{(\w+)}", tooltip_html)
    out = copy.deepcopy(geojson)
    for f in out["features"]:
        props = f["properties"]
        props.update({k: props.get(name_prop, f.get("id", "")) for k in fields if k not in props})
    return out


def _tip(row: dict, tooltip_html: str) -> str:
    """Fill a tooltip template from one row (the arcs' side of a shared tooltip field)."""
    return re.sub(r"{(\w+)}", lambda m: str(row.get(m.group(1), "")), tooltip_html)


def flow_deck(arcs: pd.DataFrame, geojson: dict, *, tooltip_html: str, view_state: dict,
              name_prop: str = "name_en", flat: bool = False, geojson_url: str | None = None,
              labels: pd.DataFrame | None = None) -> "pdk.Deck":
    """Return a pydeck map: grey countries (pickable, properties.iso3) under arcs, and labels on top if given."""
    import pydeck as pdk

    if geojson_url:  # the browser fetches the shapes as they are: the tooltip names a field both layers have
        arcs = arcs.assign(**{name_prop: [_tip(row, tooltip_html) for row in arcs.to_dict("records")]})
        shapes, tooltip_html = geojson_url, "{" + name_prop + "}"
    else:
        shapes = _with_tip_fields(geojson, tooltip_html, name_prop)
    countries = pdk.Layer(
        "GeoJsonLayer", id="countries", data=shapes, stroked=True,
        filled=True, get_fill_color=[230, 230, 230, 255], get_line_color=[255, 255, 255, 255], line_width_min_pixels=1,
        pickable=True, auto_highlight=True, highlight_color=[200, 200, 200, 255],
    )
    flows = pdk.Layer(
        "ArcLayer", id="arcs", data=arcs, get_source_position=["source_lon", "source_lat"],
        # width_units as pdk String: pydeck turns a bare string into the expression "@@=pixels" (arcs drawn far too wide).
        get_target_position=["target_lon", "target_lat"], get_width="width", width_units=pdk.types.String("pixels"),
        get_source_color=ARC_SOURCE, get_target_color=ARC_TARGET, pickable=True, auto_highlight=True,
        # flat=True: arcs along great circles on the ground; 3D arcs seen from straight above twist into wedges.
        **({"great_circle": True, "get_height": 0} if flat else {}),
    )
    layers = [countries, flows] + ([label_layer(labels)] if labels is not None and len(labels) else [])
    return pdk.Deck(
        layers=layers, initial_view_state=deck_view_state(view_state), map_style=BLANK_MAP_STYLE,
        map_provider=None, tooltip={"html": tooltip_html, "style": {"fontSize": "14px"}},
    )


def label_layer(labels: pd.DataFrame) -> "pdk.Layer":
    """Return a TextLayer of dark labels on a white ground (character_set "auto": Cyrillic needs its own glyphs)."""
    import pydeck as pdk

    text = pdk.types.String  # a bare string would be read as an accessor expression
    return pdk.Layer(
        "TextLayer", id="labels", data=labels[["label", "label_lon", "label_lat"]],
        get_position=["label_lon", "label_lat"], get_text="label", get_size=13, size_units=text("pixels"), get_color=[31, 31, 31, 255],
        character_set=text("auto"), font_family=text("DejaVu Sans, Arial, sans-serif"), font_weight=600,
        background=True, get_background_color=[255, 255, 255, 225], background_padding=[4, 2],
        get_text_anchor=text("middle"), get_alignment_baseline=text("center"), pickable=False)


def width_key(entries: list[tuple[float, str]], title: str, ends: tuple[str, str]) -> str:
    """Return an HTML key for a flow map: arc widths (pixels, label), then the colours of the two ends of an arc."""
    def bar(width: float, background: str) -> str:
        return (f'<span style="display:inline-block;width:44px;height:{max(width, 1):.1f}px;background:{background};'
                f'border-radius:{width / 2:.1f}px;vertical-align:middle;margin:0 6px"></span>')

    def rgb(c) -> str:
        return f"rgb({c[0]},{c[1]},{c[2]})"

    item = '<span style="margin-right:12px;white-space:nowrap">{}{}</span>'
    widths = "".join(item.format(bar(w, "#6b6b6b"), html.escape(label)) for w, label in entries)
    gradient = f"linear-gradient(90deg,{rgb(ARC_SOURCE)},{rgb(ARC_TARGET)})"
    colours = f'{html.escape(ends[0])}{bar(5, gradient)}{html.escape(ends[1])}'
    return (f'<div style="font-size:0.875rem;line-height:2;color:#31333F"><b>{html.escape(title)}</b> {widths}'
            f'<br>{colours}</div>')
