"""Migration reshaping: women and men, totals, partners, coverage, sankey links, corridors, arcs, trends, the
revision comparison and labour figures."""
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
    names = ("migrant_stock", "bilateral_remittances", "labour_migration", "migrant_stock_revisions", "migrant_stock_world")
    return {name: load(name)[0] for name in names}


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


@pytest.mark.parametrize("origin, year, sex, expected", [
    ("UZB", 2020, "all", 871154), ("KAZ", 2020, "all", 1635008), ("KAZ", 2024, "all", 1321004),
    ("UZB", 2024, "female", 368966), ("TJK", 2024, "male", 415676 - 169322),
])
def test_people_born_in_a_country_living_in_russia_equal_the_2024_revision(snapshot, origin, year, sex, expected):
    raw = pd.read_csv("data/migration/ims2024_bilateral_by_sex.csv")
    column = "value" if sex == "all" else sex
    row = raw.query("origin_iso3 == @origin and destination_iso3 == 'RUS' and year == @year")[column].item()
    got = mg.partners(mg.by_sex(snapshot["migrant_stock"], sex), origin, "out", year).set_index("iso3").at["RUS", "value"]
    assert got == row == expected


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


def plain(text: str) -> str:
    """Text with no-break spaces as plain ones (Russian typesetting keeps a number and its unit together)."""
    return text.replace("\xa0", " ")


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
    (mg.percent, 75.04, "ru", "75,0\xa0%"), (mg.millions, 2838.74, "ru", "2\xa0838,7"), (mg.millions, math.nan, "en", "–")])
def test_numbers_are_formatted_in_the_readers_language(fmt, value, lang, expected):
    assert fmt(value, lang) == expected


def test_partners_carry_the_names_and_hover_texts_of_the_map():
    part = mg.partner_view(STOCK, "UZB", "out", 2020, "ru")
    assert part[["name", "value_text", "share_text", "year_text"]].iloc[0].tolist() == ["Россия", "75", "75,0\xa0%", "2020"]


@pytest.mark.parametrize("lang, expected", [
    ("en", "People born in Uzbekistan living abroad in 2020: 100, in 3 countries; the most lived in Russia: 75 (75.0%)."),
    ("ru", "Уроженцы Узбекистана, проживающие за рубежом, в 2020 г.: 100 чел. в 3 странах; больше всего — в России: "
           "75 чел. (75,0\xa0%)."),
])
def test_the_map_summary_names_the_largest_partner_declined_with_its_share(lang, expected):
    part = mg.partner_view(STOCK, "UZB", "out", 2020, lang)
    who = translate("migration.who.out.all", lang, country="UZB")
    assert plain(mg.map_summary(part, who, "out", 2020, lang, partial(translate, lang=lang))) == plain(expected)


@pytest.mark.parametrize("lang, expected", [
    ("en", "Immigrants living in Russia in 2024: 140 (including 10 of other or unknown origin), born in 2 other "
           "countries; the most were born in Uzbekistan: 90 (64.3%)."),
    ("ru", "Иммигранты, проживающие в России, в 2024 г.: 140 чел. (в том числе 10 чел. из других или неизвестных стран), "
           "уроженцы 2 других стран; больше всего — уроженцы Узбекистана: 90 чел. (64,3\xa0%)."),
])
def test_an_immigrant_total_counts_the_other_or_unknown_origin_and_says_so(lang, expected):
    part = mg.partner_view(mg.by_sex(SEXED), "RUS", "in", 2024, lang)
    who = translate("migration.who.in.all", lang, country="RUS")
    assert plain(mg.map_summary(part, who, "in", 2024, lang, partial(translate, lang=lang))) == plain(expected)
    assert mg.unknown_note(part, lang, partial(translate, lang=lang)).count("10") == 1


@pytest.mark.parametrize("shown, expected", [({"RUS", "KAZ"}, "migration.map.beyond[('n', 1), ('people', '5')]"),
                                             ({"RUS", "KAZ", "TUR"}, None)])
def test_partners_beyond_the_map_are_said_only_when_there_are_some(shown, expected):
    assert mg.outside_note(mg.partners(STOCK, "UZB", "out", 2020), shown, "en", fake_say) == expected


def test_the_unknown_origin_is_never_counted_as_a_partner_beyond_the_map():
    part = mg.partners(mg.by_sex(SEXED), "RUS", "in", 2024)
    assert mg.outside_note(part, {"UZB", "KGZ"}, "en", fake_say) is None


def test_pairs_recorded_as_zero_are_told_apart_from_missing_pairs():
    assert mg.zero_partners(mg.by_sex(SEXED), "RUS", "in", 2024) == ["TJK"]
    assert mg.zero_partners(mg.by_sex(SEXED, "female"), "RUS", "in", 2020) == []


def test_arcs_in_the_frame_are_named_with_a_tooltip_and_the_widest_is_summarised():
    largest = mg.flow_arcs(STOCK, ["RUS"], "in", 2020)
    arcs = mg.arc_view(largest, {"lon": (-180, 180), "lat": (-90, 90)}, 2020, "en", fake_say)
    assert len(arcs) == 3 and arcs["origin"].iloc[0] == "Kazakhstan"  # SUD has no point, so no arc
    assert arcs["tip"].iloc[0] == ("migration.flow.tooltip[('destination', 'Russia'), ('female', '–'), "
                                   "('origin', 'Kazakhstan'), ('value', '90'), ('year', 2020)]")
    assert mg.flow_summary(arcs, 2020, "en", fake_say) == ("migration.flow.summary[('destination', 'Russia'), ('n', 3), "
                                                           "('origin', 'Kazakhstan'), ('value', '90'), ('year', 2020)]")


def test_sankey_nodes_are_named_small_partners_grouped_and_the_largest_destination_summarised():
    links = mg.sankey_links(STOCK, ["UZB", "KGZ"], 2020, top=1)
    labels = mg.sankey_labels(links, "ru", "Другие страны")
    assert labels == {"UZB": "Узбекистан", "KGZ": "Кыргызстан", "RUS": "Россия", mg.OTHER: "Другие страны"}
    named = mg.named_links(links, labels)
    assert set(zip(named["origin"], named["destination"])) == {("Узбекистан", "Россия"), ("Узбекистан", "Другие страны"),
                                                               ("Кыргызстан", "Россия"), ("Кыргызстан", "Другие страны")}
    who = translate("migration.sankey.who.all", "ru")
    assert plain(mg.sankey_summary(links, who, 2020, "ru", partial(translate, lang="ru"))) == plain(
        "Уроженцы пяти стран Центральной Азии, проживающие за рубежом, в 2020 г.: всего 140 чел.; из них в России — "
        "105 чел. (75,0\xa0%).")


def test_the_grouped_small_partners_are_never_named_as_the_largest_destination():
    links = pd.DataFrame({"origin_iso3": ["UZB", "UZB"], "destination_iso3": [mg.OTHER, "RUS"], "value": [90, 10],
                          "year": [2020, 2020]})
    assert "('top', 'RUS')" in mg.sankey_summary(links, "who", 2020, "en", fake_say)


@pytest.mark.parametrize("n, lang, expected", [
    (1, "en", "The largest partner holds 75.0% of the total; the largest is Russia, with 75 people."),
    (2, "en", "The top 2 partners hold 95.0% of the total; the largest is Russia, with 75 people."),
    (2, "ru", "Доля 2 крупнейших партнёров — 95,0\xa0% общего числа; первое место — Россия: 75 чел."),
])
def test_the_bars_summary_adds_up_the_shares_of_the_partners_shown_in_agreement(n, lang, expected):
    top = mg.partner_view(STOCK, "UZB", "out", 2020, lang).head(n)
    assert plain(mg.bars_summary(top, lang, partial(translate, lang=lang))) == plain(expected)


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
    assert shown == ["12\xa0346", "12\xa0345,7\xa0%", "12\xa0345,7"]
    assert {formats[h](v) for h in formats for v in (math.nan, mg.GAP, None)} == {"–"}


@pytest.mark.parametrize("year, changes", [(2024, ["change_2000", "change_2000_pct", "change_2010", "change_2010_pct"]),
                                           (2010, ["change_2000", "change_2000_pct"]), (2000, []), (1990, [])])
def test_the_corridor_table_shows_a_change_only_since_an_earlier_year(year, changes):
    columns = mg.corridor_columns(year)
    assert [c for c in columns if c.startswith("change")] == changes
    assert {"migrants", "female_share", "remit_back", "flag"} <= set(columns)


def test_the_grid_copy_shows_gaps_as_a_dash_never_none_and_the_download_keeps_them_empty():
    table = mg.corridor_view(mg.by_sex(STOCK.assign(female=STOCK["value"] // 2, male=STOCK["value"] - STOCK["value"] // 2)),
                             REMIT, 2020, "UZB", "out", True, "en", "modelled estimate")
    grid = mg.for_grid(table, mg.CORRIDOR_NUMBERS)
    assert table["change_2000"].isna().any() and not grid[list(mg.CORRIDOR_NUMBERS)].isna().any().any()
    headers = {c: c for c in mg.CORRIDOR_NUMBERS}
    html = grid[list(mg.CORRIDOR_NUMBERS)].style.format(mg.corridor_formats(headers, "en")).to_html()
    assert "None" not in html and "nan" not in html and "inf" not in html and "–" in html
    assert not table["flag"].isna().any()  # a corridor without modelled money has an empty status, not None
    assert "\n,\n" not in table.to_csv(index=False) and "inf" not in table.to_csv(index=False)


@pytest.mark.parametrize("iso3, focus", [("UZB", "Uzbekistan"), ("RUS", "Uzbekistan"), ("KGZ", "Kyrgyz Republic")])
def test_trend_summaries_follow_the_country_or_the_largest_origin_for_russia(iso3, focus):
    shares = mg.russia_share(STOCK, ["UZB", "KGZ"])
    said = mg.trend_summaries(shares, iso3, {"UZB": "Uzbekistan", "KGZ": "Kyrgyz Republic"}, "en", fake_say)
    assert list(said) == list(mg.TREND_KINDS) and all(f"('country', '{focus}')" in s for s in said.values())
    if iso3 == "UZB":
        worded = mg.trend_summaries(shares, iso3, {"UZB": "Uzbekistan"}, "en", partial(translate, lang="en"))
        assert worded["share"] == "Uzbekistan: 60.0% of emigrants lived in Russia in 2000, 75.0% in 2020."
        assert worded["total"] == "Uzbekistan: abroad in 2000, 100; in 2020, 100."


def test_labour_counts_carry_value_texts_and_shares_are_worded_apart(snapshot):
    counts, shares = mg.labour_view(snapshot["labour_migration"], "KGZ", "ru", fake_say)
    assert counts["text"].tolist() == [mg.people(v, "ru") for v in counts["value"]]
    assert not (counts["family"] == "shares").any() and len(shares) == 2
    lines = mg.share_lines(shares, "ru", fake_say)
    assert len(lines) == 2 and all(line.startswith("migration.labour.share_line[('measure', 'migration.measure.")
                                   for line in lines)


# Women and men (UN DESA International Migrant Stock 2024, by sex).

SEXED = pd.DataFrame({
    "origin_iso3": ["UZB", "UZB", "UZB", "KGZ", "OOO", "TJK"],
    "destination_iso3": ["RUS", "KAZ", "RUS", "RUS", "RUS", "RUS"],
    "year": [2020, 2020, 2024, 2024, 2024, 2024],
    "value": [100, 20, 90, 40, 10, 0], "female": [40, 5, 45, 30, 4, 0], "male": [60, 15, 45, 10, 6, 0],
    "unit": ["persons"] * 6,
})


@pytest.mark.parametrize("sex, values", [("all", [100, 20, 90, 40, 10, 0]), ("female", [40, 5, 45, 30, 4, 0]),
                                         ("male", [60, 15, 45, 10, 6, 0])])
def test_choosing_a_sex_puts_its_count_in_value_and_keeps_the_female_share_on_every_row(sex, values):
    got = mg.by_sex(SEXED, sex)
    assert got["value"].tolist() == values
    assert got["female_share"].tolist()[:5] == pytest.approx([40.0, 25.0, 50.0, 75.0, 40.0])
    assert math.isnan(got["female_share"].iloc[5])  # no one at all: no share, not 0%


def test_an_unknown_sex_is_refused():
    with pytest.raises(ValueError):
        mg.by_sex(SEXED, "both")


@pytest.mark.parametrize("sex, expected", [("all", [("RUS", 90)]), ("female", [("RUS", 45)]), ("male", [("RUS", 45)])])
def test_partners_for_women_or_men_carry_the_female_share(sex, expected):
    got = mg.partners(mg.by_sex(SEXED, sex), "UZB", "out", 2024)
    assert list(zip(got["iso3"], got["value"])) == expected and got["female_share"].tolist() == [50.0]


def test_a_pair_with_no_one_is_a_definite_absence_not_a_partner_but_the_total_still_adds_up():
    stock = mg.by_sex(SEXED)
    assert "TJK" not in set(mg.partners(stock, "RUS", "in", 2024)["iso3"])
    assert mg.total(stock, "RUS", "in", 2024) == 140 == mg.partners(stock, "RUS", "in", 2024)["value"].sum()


def test_every_view_works_for_women_and_carries_the_female_share():
    women = mg.by_sex(SEXED, "female")
    links = mg.sankey_links(women, ["UZB", "KGZ"], 2024, top=1)
    assert links[["origin_iso3", "destination_iso3", "value", "female_share"]].values.tolist() == [
        ["KGZ", "RUS", 30, 75.0], ["UZB", "RUS", 45, 50.0]]
    table = mg.corridors(women, REMIT, 2024).set_index(["origin_iso3", "destination_iso3"])
    assert table.loc[("UZB", "RUS"), ["migrants", "female_share"]].tolist() == [45, 50.0]
    arcs = mg.flow_arcs(women, ["RUS"], "in", 2024)
    assert set(arcs["origin_iso3"]) == {"UZB", "KGZ", "OOO"} and "female_share" in arcs
    assert mg.russia_share(women, ["UZB"]).set_index("year").loc[2020, "total"] == 45


def test_the_unknown_origin_is_labelled_in_both_languages_on_every_named_view():
    part = mg.partner_view(mg.by_sex(SEXED), "RUS", "in", 2024, "ru")
    assert part.set_index("iso3").at["OOO", "name"] == mg.place_name("OOO", "ru") != "OOO"
    assert mg.place_name("OOO", "en").startswith("Other") and mg.place_name("UZB", "en") == "Uzbekistan"
    assert mg.place_name("XYZ", "en") == "XYZ"


@pytest.mark.parametrize("direction, expected", [
    ("in", {("RUS", 2020): (100, 1), ("RUS", 2024): (140, 3), ("KAZ", 2020): (20, 1)}),
    ("out", {("UZB", 2020): (120, 2), ("UZB", 2024): (90, 1), ("KGZ", 2024): (40, 1), ("TJK", 2024): (0, 0)}),
])
def test_totals_are_the_sum_of_each_countrys_rows_with_the_partners_counted(direction, expected):
    got = mg.totals(mg.by_sex(SEXED), direction)
    assert {(r.iso3, r.year): (r.value, r.partners) for r in got.itertuples()} == expected


def test_kazakhstans_2020_immigrant_total_is_the_sum_of_its_rows_unknown_origin_included(snapshot):
    raw = pd.read_csv("data/migration/ims2024_bilateral_by_sex.csv").query("destination_iso3 == 'KAZ' and year == 2020")
    assert mg.total(snapshot["migrant_stock"], "KAZ", "in", 2020) == raw["value"].sum() == 1990268
    assert "OOO" in set(raw["origin_iso3"])


@pytest.mark.parametrize("direction, side", [("out", "origin_iso3"), ("in", "destination_iso3")])
def test_every_countrys_total_in_every_year_equals_the_sum_of_its_rows(snapshot, direction, side):
    raw = pd.read_csv("data/migration/ims2024_bilateral_by_sex.csv")
    expected = raw[raw[side].isin(mg.FOCUS)].groupby([side, "year"])["value"].sum()
    got = mg.totals(snapshot["migrant_stock"], direction).set_index(["iso3", "year"])["value"]
    assert got.to_dict() == expected.to_dict()
    for (iso3, year), value in expected.items():
        assert mg.total(snapshot["migrant_stock"], iso3, direction, year) == value


def test_russias_2024_immigrant_total_is_the_held_out_figure(snapshot):
    assert mg.total(snapshot["migrant_stock"], "RUS", "in", 2024) == 7605774


def test_the_world_total_for_2024_is_the_uns_published_check_figure(snapshot):
    world = snapshot["migrant_stock_world"].set_index("year")["total"]
    assert world.to_dict() == {1990: 153916063, 2020: 275284032, 2024: 304021813}


def test_year_choices_come_from_the_data_and_the_latest_is_2024(snapshot):
    assert mg.years(snapshot["migrant_stock"]) == [1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024]
    assert mg.latest_year(snapshot["migrant_stock"]) == 2024


@pytest.mark.parametrize("iso3, share", [("TJK", 42.6), ("UZB", 48.7), ("KAZ", 53.6), ("KGZ", 55.0), ("TKM", 64.1)])
def test_the_female_share_of_emigrants_in_2024_is_the_held_out_figure(snapshot, iso3, share):
    shares = mg.female_share_of_emigrants(snapshot["migrant_stock"]).set_index(["iso3", "year"])
    assert round(shares.at[(iso3, 2024), "female_share"], 1) == share
    fact = mg.women_among_emigrants(snapshot["migrant_stock"], iso3)
    assert (fact["year"], round(fact["share"], 1)) == (2024, share)
    assert fact["female"] == shares.at[(iso3, 2024), "female"] and fact["total"] == mg.total(snapshot["migrant_stock"], iso3, "out", 2024)


def test_the_female_share_over_time_covers_the_five_countries_in_every_year(snapshot):
    shares = mg.female_share_of_emigrants(snapshot["migrant_stock"])
    assert list(shares.columns) == ["iso3", "year", "female", "total", "female_share"]
    assert set(shares["iso3"]) == set(mg.CENTRAL_ASIA) and len(shares) == 5 * 8
    assert shares["female_share"].between(0, 100).all()


@pytest.mark.parametrize("year, expected", [(None, (2024, 50.0)), (2020, (2020, 37.5)), (1990, None)])
def test_women_among_emigrants_is_the_latest_year_or_the_one_asked_for(year, expected):
    fact = mg.women_among_emigrants(mg.by_sex(SEXED), "UZB", year)
    assert (fact and (fact["year"], fact["share"])) == (expected and pytest.approx(expected))


def test_a_country_with_no_emigrant_in_the_file_has_no_women_fact():
    assert mg.women_among_emigrants(SEXED, "TJK") is None


def test_the_revision_comparison_holds_both_revisions_for_the_six_countries_and_two_corridors(snapshot):
    table = mg.revision_table(snapshot["migrant_stock_revisions"])
    assert list(table.columns) == ["iso3", "measure", "partner_iso3", "year", "rev2020", "rev2024", "change", "change_pct"]
    assert len(table) == 14 and list(table["measure"].unique()) == ["emigrants", "immigrants", "corridor"]
    kaz = table[(table["measure"] == "corridor") & (table["iso3"] == "KAZ")].iloc[0]
    assert (kaz["partner_iso3"], kaz["rev2020"], kaz["rev2024"], kaz["change"]) == ("RUS", 2558907, 1635008, -923899)
    uzb = table[(table["measure"] == "corridor") & (table["iso3"] == "UZB")].iloc[0]
    assert (uzb["rev2020"], uzb["rev2024"]) == (1146175, 871154)


def test_the_revision_comparisons_2024_side_equals_the_snapshot_sums(snapshot):
    table = mg.revision_table(snapshot["migrant_stock_revisions"])
    for row in table[table["measure"] != "corridor"].itertuples():
        direction = "out" if row.measure == "emigrants" else "in"
        assert row.rev2024 == mg.total(snapshot["migrant_stock"], row.iso3, direction, 2020)


def test_flow_map_labels_that_would_overlap_leave_the_smaller_out():
    labels = pd.DataFrame({"label": ["Russia: 1,464,673", "Ukraine: 282,093", "Germany: 271,504", "Japan: 10,000"],
                           "label_lon": [37.6, 30.5, 13.4, 139.7], "label_lat": [55.8, 50.5, 52.5, 35.7]})
    assert mg.apart(labels)["label"].tolist() == ["Russia: 1,464,673", "Ukraine: 282,093", "Japan: 10,000"]
