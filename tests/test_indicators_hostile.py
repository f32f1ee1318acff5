"""Hostile input: any table or bytes give a clean load or a report, never an exception; masking always holds."""
import csv
import io

import pandas as pd
from hypothesis import HealthCheck, given, settings, strategies as st

from loaders import indicators as il
from transforms import indicators as tr

LIMITS = il.Limits(max_bytes=200_000, max_rows=60)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # pandas work per example
CODES = list(il.catalog().index)
TOKENS = {  # plausible and hostile cell values per column
    "indicator_code": st.sampled_from(CODES + ["ir2-train", "IR9", "", "=A1", "<b>x</b>"]),
    "country_iso3": st.sampled_from(["KGZ", "KAZ", "UZB", "TKM", "TJK", "RUS", "Кыргызстан", "", "+KGZ", "xx"]),
    "period": st.sampled_from(["2023", "2024Q2", "2023 q1", "2023Q5", "1999", "", "@2023", "2023-01-01"]),
    "sex": st.sampled_from(["female", "male", "total", "Total", "f", ""]),
    "age_group": st.sampled_from(["youth", "adult", "total", "old", ""]),
    "value": st.one_of(st.integers(-5, 2000).map(str), st.sampled_from(["", "1.5", "nan", "inf", "1 200", "=1+1", "-", "1e3"])),
    "baseline": st.sampled_from(["", "0", "3", "-1", "x"]),
    "target": st.sampled_from(["", "10", "1000", "0", "2.5"]),
}
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@st.composite
def tables(draw) -> bytes:
    """A CSV whose header is a shuffled, partial or extended schema and whose cells mix good and bad values."""
    columns = draw(st.lists(st.sampled_from(list(il.COLUMNS) + ["note", "Value", " period "]), min_size=1, max_size=10))
    rows = draw(st.lists(st.lists(st.one_of(*(TOKENS.get(c.strip().lower(), ANY_TEXT) for c in columns), ANY_TEXT),
                                  min_size=0, max_size=len(columns) + 2), max_size=40))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t"])))
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251"])), errors="replace")


def outcome_is_clean_or_reported(result: il.LoadResult) -> bool:
    """A file is either accepted with a table and no problems, or refused with a report and no table."""
    return (result.ok and result.frame is not None and not result.issues) or (result.frame is None and len(result.issues) > 0)


@FAST
@given(tables())
def test_any_random_table_yields_a_clean_load_or_a_report_never_an_exception(payload):
    result = il.read_bytes("random.csv", payload, LIMITS)
    assert outcome_is_clean_or_reported(result)
    assert len(result.issues) <= il.MAX_ISSUES + 1
    if result.ok:
        assert set(result.frame["country_iso3"]) <= {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
        assert (result.frame["value"] >= 0).all()


@FAST
@given(st.binary(max_size=3000), st.sampled_from(["x.csv", "x.xlsx", "x.CSV", "x"]))
def test_any_random_bytes_yield_a_report_or_a_load_never_an_exception(payload, name):
    assert outcome_is_clean_or_reported(il.read_bytes(name, payload, LIMITS))


@FEWER
@given(st.lists(st.tuples(st.sampled_from(["KAZ", "KGZ", "UZB"]), st.sampled_from(["2023", "2024Q1"]),
                          st.integers(0, 500)), min_size=1, max_size=20, unique_by=lambda r: r[:2]))
def test_any_set_of_valid_totals_loads_clean_with_its_values(rows):
    text = "indicator_code,country_iso3,period,sex,age_group,value\n" + "".join(
        f"IR2-TRAIN,{c},{p},total,total,{v}\n" for c, p, v in rows)
    result = il.read_bytes("valid.csv", text.encode(), LIMITS)
    assert result.ok
    assert sorted(result.frame["value"]) == sorted(float(v) for _, _, v in rows)


@FEWER
@given(st.lists(st.tuples(st.sampled_from(["female", "male", "total"]), st.sampled_from(["youth", "adult", "total"]),
                          st.integers(0, 30)), min_size=1, max_size=9, unique_by=lambda r: r[:2]))
def test_no_survivor_count_below_the_threshold_survives_masking(cells):
    frame = pd.DataFrame([{"indicator_code": "IR3-SURVIVORS", "country_iso3": "KGZ", "period": "2023", "sex": s,
                           "age_group": a, "value": float(v), "baseline": float(v), "survivor": True} for s, a, v in cells])
    masked = tr.mask_survivors(frame, 5)
    assert not (masked["value"] < 5).any() and not (masked["baseline"] < 5).any()
    texts = tr.with_text(masked.assign(target=float("nan")), "en", 5, "hidden")["value_text"]
    assert not any(t.isdigit() and int(t) < 5 for t in texts)
