"""Migration reshaping: partners, coverage, sankey links, corridors, arcs, trends and labour figures."""
import math
from functools import partial

import pandas as pd
import pytest

from loaders.datasets import load
from transforms import migration as mg
from ui.i18n import translate

STOCK = pd.DataFrame({
    "origin_iso3": ["UZB", "UZB", "UZB", "UZB", "KGZ", "KGZ", "RUS", "KAZ", "UZB", "UZB", "SUD"],
    "destination_iso3": ["RUS", "KAZ", "RUS", "KAZ", "RUS", "KAZ", "UZB", "RUS", "RUS", "TUR", "RUS"],
    "year": [2000, 2000, 2020, 2020, 2020, 2020, 2020, 2020, 2010, 2020, 2020],
    "value": [60, 40, 75, 20, 30, 10, 50, 90, 70, 5, 7],
    "unit": ["persons"] * 11,
})
REMIT = pd.DataFrame({"sender_iso3": ["RUS"], "receiver_iso3": ["UZB"], "year": [2017], "value": [2838.7],
                      "unit": ["US$ million"], "flag": ["modelled"]})


@pytest.fixture(scope="module")
def snapshot():
    """The real snapshot files."""
    return {name: load(name)[0] for name in ("migrant_stock", "bilateral_remittances", "labour_migration")}


@pytest.mark.parametrize("iso3, direction, expected", [
    ("UZB", "out", [("RUS", 75), ("KAZ", 20), ("TUR", 5)]),
    ("RUS", "in", [("KAZ", 90), ("UZB", 75), ("KGZ", 30), ("SUD", 7)]),
    ("TKM", "out", []),
])
def test_partners_are_the_chosen_side_of_each_pair_largest_first(iso3, direction, expected):
    got = mg.partners(STOCK, iso3, direction, 2020)
    assert list(zip(got["iso3"], got["value"])) == expected


def test_partner_shares_add_up_to_one_hundred_percent():
    assert mg.partners(STOCK, "UZB", "out", 2020)["share"].sum() == pytest.approx(100)


def test_the_2020_count_of_uzbekistan_born_people_in_russia_equals_the_snapshot(snapshot):
    stock = snapshot["migrant_stock"]
    raw = pd.read_csv("data/migration/bilateral_migrant_stock.csv")
    expected = raw.query("origin_iso3 == 'UZB' and destination_iso3 == 'RUS' and year == 2020")["value"].item()
    got = mg.partners(stock, "UZB", "out", 2020).set_index("iso3").at["RUS", "value"]
    assert got == expected == 1146175


@pytest.mark.parametrize("iso3, direction, within, limited", [
    ("RUS", "out", ("UZB",), True),
    ("UZB", "out", ("RUS",), False),
    ("TKM", "out", ("RUS",), False),  # nothing at all is not "limited", it is empty
])
def test_coverage_is_limited_only_when_every_partner_is_inside_the_set(iso3, direction, within, limited):
    assert mg.coverage_limited(STOCK, iso3, direction, within) is limited


def test_partners_beyond_the_map_are_counted_with_their_people():
    part = mg.partners(STOCK, "UZB", "out", 2020)
    assert mg.outside(part, {"RUS", "KAZ"}) == (1, 5.0)


def test_sankey_groups_destinations_outside_the_top_into_other():
    links = mg.sankey_links(STOCK, ["UZB", "KGZ"], 2020, top=1)
    assert set(links["destination_iso3"]) == {"RUS", mg.OTHER}
    assert links.groupby("origin_iso3")["value"].sum().to_dict() == {"KGZ": 40, "UZB": 100}


def test_corridors_compare_with_2000_and_2010_and_leave_missing_base_years_empty():
    table = mg.corridors(STOCK, REMIT, 2020).set_index(["origin_iso3", "destination_iso3"])
    uzb_rus = table.loc[("UZB", "RUS")]
    assert (uzb_rus["migrants"], uzb_rus["change_2000"], uzb_rus["change_2010"]) == (75, 15, 5)
    assert uzb_rus["change_2000_pct"] == pytest.approx(25.0)
    assert math.isnan(table.loc[("KGZ", "RUS"), "change_2000"])  # no 2000 figure: a gap, not a change from zero


def test_corridors_carry_the_modelled_remittances_of_the_reverse_direction_only():
    table = mg.corridors(STOCK, REMIT, 2020).set_index(["origin_iso3", "destination_iso3"])
    assert table.loc[("UZB", "RUS"), "remit_back"] == 2838.7
    assert table.loc[("UZB", "RUS"), "flag"] == "modelled"
    assert pd.isna(table.loc[("RUS", "UZB"), "remit_back"])


@pytest.mark.parametrize("year, has_change", [(2020, True), (2000, False), (1990, False)])
def test_change_since_2000_needs_a_later_year(year, has_change):
    stock = pd.concat([STOCK, STOCK.assign(year=1990)])
    table = mg.corridors(stock, REMIT, year)
    assert bool(table["change_2000"].notna().any()) is has_change


def test_corridors_of_a_country_keep_its_side_only():
    table = mg.corridors(STOCK, REMIT, 2020)
    assert set(mg.corridors_of(table, "RUS", "in")["origin_iso3"]) == {"UZB", "KGZ", "KAZ", "SUD"}
    assert set(mg.corridors_of(table, "RUS", "out")["destination_iso3"]) == {"UZB"}


def test_flow_arcs_run_capital_to_capital():
    arcs = mg.flow_arcs(STOCK, ["RUS"], "in", 2020)
    moscow = arcs.iloc[0][["target_lon", "target_lat"]].tolist()
    assert moscow == pytest.approx([37.61, 55.75], abs=0.01)


@pytest.mark.parametrize("lon, lat, drawn", [
    ((-180, 180), (-90, 90), {"KAZ", "UZB", "KGZ"}),  # SUD has no point: never drawn
    ((30, 180), (50, 90), {"KAZ"}),  # Astana is north of 50°, Tashkent and Bishkek are not
    ((40, 180), (-90, 90), set()),  # Moscow itself is off this frame
])
def test_only_arcs_with_both_ends_inside_the_frame_are_drawn(lon, lat, drawn):
    arcs = mg.in_frame(mg.flow_arcs(STOCK, ["RUS"], "in", 2020), lon, lat)
    assert set(arcs["origin_iso3"]) == drawn


def test_flow_arcs_keep_the_largest_partners_of_each_country():
    arcs = mg.flow_arcs(STOCK, ["UZB", "KGZ"], "out", 2020, top=1)
    assert sorted(zip(arcs["origin_iso3"], arcs["destination_iso3"])) == [("KGZ", "RUS"), ("UZB", "RUS")]


@pytest.mark.parametrize("values, expected", [([100, 25], [12.0, 6.5]), ([0, 0], [1.0, 1.0]), ([], [])])
def test_arc_widths_grow_with_the_square_root_of_migrants(values, expected):
    assert mg.arc_widths(pd.Series(values, dtype=float)).tolist() == pytest.approx(expected)


def test_emigrant_totals_and_russia_share_sum_over_destinations():
    share = mg.russia_share(STOCK, ["UZB"]).set_index("year")
    assert share.loc[2020, ["in_russia", "total"]].tolist() == [75, 100]
    assert share.loc[2020, "share"] == pytest.approx(75.0)


def test_russia_share_over_the_snapshot_stays_between_zero_and_one_hundred(snapshot):
    share = mg.russia_share(snapshot["migrant_stock"])
    assert set(share["iso3"]) == set(mg.CENTRAL_ASIA)
    assert share["share"].between(0, 100).all()


@pytest.mark.parametrize("period, key, values", [
    ("2016 full year", "full_year", {"year": "2016"}),
    ("2018 Jan-Sep", "jan_to", {"year": "2018", "month": "Sep"}),
    ("2025 Jan to early Sep", "jan_to_early", {"year": "2025", "month": "Sep"}),
    ("as of May 2017", "as_of", {"month": "May", "year": "2017"}),
    ("sometime", None, None),
])
def test_published_periods_are_split_into_a_message_and_its_values(period, key, values):
    assert mg.period_parts(period) == ((key, values) if key else None)


def test_every_period_and_measure_in_the_snapshot_is_understood(snapshot):
    labour = snapshot["labour_migration"]
    assert all(mg.period_parts(p) for p in labour["period"].unique())
    assert set(labour["measure"]) <= set(mg.MEASURE_FAMILY)


@pytest.mark.parametrize("iso3, code", [("RUS", "ALL"), ("TJK", "TJK"), ("TKM", "TKM")])
def test_labour_rows_for_russia_are_the_all_foreign_citizens_figures(snapshot, iso3, code):
    rows = mg.labour_rows(snapshot["labour_migration"], iso3)
    assert len(rows) and set(rows["origin_iso3"]) == {code}


def test_shares_in_percent_are_kept_apart_from_counts_of_people(snapshot):
    counts, shares = mg.split_shares(mg.labour_rows(snapshot["labour_migration"], "KGZ"))
    assert set(shares["measure"]) == {"mvd_arrivals_in_RUS_share_for_work_pct", "mvd_foreign_arrivals_share_pct"}
    assert not counts["measure"].str.endswith("_pct").any()


@pytest.mark.parametrize("event, expected", [
    ({"selection": {"points": [{"location": "KAZ", "z": 3}], "point_indices": [0]}}, "KAZ"),
    ({"selection": {"indices": {"shapes": [3]}, "objects": {"shapes": [{"properties": {"iso3": "TJK"}}]}}}, "TJK"),
    ({"selection": {"indices": {"arcs": [0]}, "objects": {"arcs": [{"iso3": "KGZ"}]}}}, "KGZ"),
    ({"selection": {"points": [], "point_indices": []}}, None),
    (None, None),
])
def test_a_click_on_either_map_names_the_country_picked(event, expected):
    assert mg.clicked_iso3(event) == expected


def test_labelled_keeps_and_renames_the_columns_in_order():
    frame = pd.DataFrame({"a": [1], "b": [2], "c": [3]})
    assert list(mg.labelled(frame, {"c": "C", "a": "A"}).columns) == ["C", "A"]


def fake_say(key, **values):
    """A stand-in for t(): the key and its values, so tests see what would be translated."""
    return key + (str(sorted(values.items())) if values else "")


@pytest.mark.parametrize("period, expected", [
    ("2018 Jan-Sep", "migration.period.jan_to[('month', 'migration.month.Sep'), ('year', '2018')]"),
    ("2025 Jan to early Sep", "migration.period.jan_to_early[('month', 'migration.month_gen.Sep'), ('year', '2025')]"),
    ("2016 full year", "migration.period.full_year[('year', '2016')]"),
    ("sometime", "sometime"),
])
def test_periods_are_worded_with_the_right_month_form(period, expected):
    assert mg.period_name(period, fake_say) == expected


def test_labour_labels_name_the_period_and_the_measure_of_each_row(snapshot):
    rows = mg.labour_labels(mg.labour_rows(snapshot["labour_migration"], "TKM"), fake_say)
    assert rows["label"].tolist() == ["migration.period.jan_to[('month', 'migration.month.Mar'), ('year', '2023')]"
                                      " · migration.measure.fsb_entries_purpose_work"]


@pytest.mark.parametrize("years, expected", [([2018, 2025, 2019], "2018–2025"), ([2023], "2023")])
def test_year_span_collapses_a_single_year(years, expected):
    assert mg.year_span(pd.Series(years)) == expected


# Text for the page: formats and sentences, worded by fake_say (or the real catalogue).

@pytest.mark.parametrize("fmt, value, lang, expected", [
    (mg.people, 1146175, "en", "1,146,175"), (mg.people, 1146175, "ru", "1\xa0146\xa0175"),
    (mg.percent, 75.04, "ru", "75,0%"), (mg.millions, 2838.74, "ru", "2\xa0838,7"), (mg.millions, math.nan, "en", "–")])
def test_numbers_are_formatted_in_the_readers_language(fmt, value, lang, expected):
    assert fmt(value, lang) == expected


def test_partners_carry_the_names_and_hover_texts_of_the_map():
    part = mg.partner_view(STOCK, "UZB", "out", 2020, "ru")
    assert part[["name", "value_text", "share_text", "year_text"]].iloc[0].tolist() == ["Россия", "75", "75,0%", "2020"]


def test_the_map_summary_names_the_largest_partner_with_its_share():
    part = mg.partner_view(STOCK, "UZB", "out", 2020, "en")
    assert mg.map_summary(part, "Uzbekistan", "out", 2020, "en", fake_say) == (
        "migration.map.summary_out[('country', 'Uzbekistan'), ('n', 3), ('top', 'Russia'), ('top_share', '75.0%'), "
        "('top_value', '75'), ('total', '100'), ('year', 2020)]")


@pytest.mark.parametrize("shown, expected", [({"RUS", "KAZ"}, "migration.map.outside[('n', 1), ('people', '5')]"),
                                             ({"RUS", "KAZ", "TUR"}, None)])
def test_partners_beyond_the_map_are_said_only_when_there_are_some(shown, expected):
    assert mg.outside_note(mg.partners(STOCK, "UZB", "out", 2020), shown, "en", fake_say) == expected


def test_arcs_in_the_frame_are_named_with_a_tooltip_and_the_widest_is_summarised():
    largest = mg.flow_arcs(STOCK, ["RUS"], "in", 2020)
    arcs = mg.arc_view(largest, {"lon": (-180, 180), "lat": (-90, 90)}, 2020, "en", fake_say)
    assert len(arcs) == 3 and arcs["origin"].iloc[0] == "Kazakhstan"  # SUD has no point, so no arc
    assert arcs["tip"].iloc[0] == ("migration.flow.tooltip[('destination', 'Russia'), ('origin', 'Kazakhstan'), "
                                   "('value', '90'), ('year', 2020)]")
    assert mg.flow_summary(arcs, 2020, "en", fake_say) == ("migration.flow.summary[('destination', 'Russia'), ('n', 3), "
                                                           "('origin', 'Kazakhstan'), ('value', '90'), ('year', 2020)]")


def test_sankey_nodes_are_named_small_partners_grouped_and_the_largest_destination_summarised():
    links = mg.sankey_links(STOCK, ["UZB", "KGZ"], 2020, top=1)
    labels = mg.sankey_labels(links, "ru", "Другие страны")
    assert labels == {"UZB": "Узбекистан", "KGZ": "Кыргызстан", "RUS": "Россия", mg.OTHER: "Другие страны"}
    named = mg.named_links(links, labels)
    assert set(zip(named["origin"], named["destination"])) == {("Узбекистан", "Россия"), ("Узбекистан", "Другие страны"),
                                                               ("Кыргызстан", "Россия"), ("Кыргызстан", "Другие страны")}
    assert mg.sankey_summary(links, labels, 2020, "ru", fake_say) == (
        "migration.sankey.summary[('rus', '105'), ('share', '75,0%'), ('top', 'Россия'), ('total', '140'), ('year', 2020)]")


def test_the_bars_summary_adds_up_the_shares_of_the_partners_shown():
    top = mg.partner_view(STOCK, "UZB", "out", 2020, "en").head(2)
    assert mg.bars_summary(top, "en", fake_say) == (
        "migration.bars.summary[('n', 2), ('share', '95.0%'), ('top', 'Russia'), ('value', '75')]")


@pytest.mark.parametrize("every, pairs", [(False, {("UZB", "RUS"), ("UZB", "KAZ"), ("UZB", "TUR")}), (True, None)])
def test_the_corridor_table_shows_one_countrys_side_or_every_corridor_with_names_and_worded_flags(every, pairs):
    table = mg.corridor_view(STOCK, REMIT, 2020, "UZB", "out", every, "en", "modelled estimate")
    got = set(zip(table["origin_iso3"], table["destination_iso3"]))
    assert got == (pairs or set(zip(*mg.corridors(STOCK, REMIT, 2020)[["origin_iso3", "destination_iso3"]].T.values)))
    row = table[(table["origin_iso3"] == "UZB") & (table["destination_iso3"] == "RUS")].iloc[0]
    assert (row["origin"], row["destination"], row["flag"]) == ("Uzbekistan", "Russia", "modelled estimate")


def test_corridor_numbers_are_formatted_as_people_per_cent_or_millions_under_their_headers():
    headers = {c: c.upper() for c in mg.CORRIDOR_NUMBERS}
    formats = mg.corridor_formats(headers, "ru")
    assert list(formats) == [c.upper() for c in mg.CORRIDOR_NUMBERS]
    shown = [formats[h](12345.67) for h in ("MIGRANTS", "CHANGE_2000_PCT", "REMIT_BACK")]
    assert shown == ["12\xa0346", "12\xa0345,7%", "12\xa0345,7"]


@pytest.mark.parametrize("iso3, focus", [("UZB", "Uzbekistan"), ("RUS", "Uzbekistan"), ("KGZ", "Kyrgyz Republic")])
def test_trend_summaries_follow_the_country_or_the_largest_origin_for_russia(iso3, focus):
    shares = mg.russia_share(STOCK, ["UZB", "KGZ"])
    said = mg.trend_summaries(shares, iso3, {"UZB": "Uzbekistan", "KGZ": "Kyrgyz Republic"}, "en", fake_say)
    assert list(said) == list(mg.TREND_KINDS) and all(f"('country', '{focus}')" in s for s in said.values())
    if iso3 == "UZB":
        worded = mg.trend_summaries(shares, iso3, {"UZB": "Uzbekistan"}, "en", partial(translate, lang="en"))
        assert worded["share"] == "Uzbekistan: 60.0% of emigrants lived in Russia in 2000, 75.0% in 2020."


def test_labour_counts_carry_value_texts_and_shares_are_worded_apart(snapshot):
    counts, shares = mg.labour_view(snapshot["labour_migration"], "KGZ", "ru", fake_say)
    assert counts["text"].tolist() == [mg.people(v, "ru") for v in counts["value"]]
    assert not (counts["family"] == "shares").any() and len(shares) == 2
    lines = mg.share_lines(shares, "ru", fake_say)
    assert len(lines) == 2 and all(line.startswith("migration.labour.share_line[('measure', 'migration.measure.")
                                   for line in lines)
