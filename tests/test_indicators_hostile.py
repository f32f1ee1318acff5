"""Hostile input: any table or bytes give a clean load or a report, never an exception; masking always holds."""
import csv
import io

import pandas as pd
from hypothesis import HealthCheck, given, settings, strategies as st

from loaders import indicators as il
from transforms import indicators as tr

LIMITS = il.Limits(max_bytes=200_000, max_rows=60, seconds=0)  # parsed here: these test the rules, not the worker
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


# --- uploads bounded before parsing (issue 18) -------------------------------------------------------------------
import os  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from charts.theme import fmt_number  # noqa: E402

BIG = il.Limits(max_bytes=5_000_000, max_rows=20000)
HEADER = "indicator_code,country_iso3,period,sex,age_group,value\n"
SHEET = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
         'spreadsheetml/2006/main"><dimension ref="{ref}"/><sheetData>{rows}</sheetData></worksheet>')


def xlsx_with(members: dict[str, bytes]) -> bytes:
    """A real workbook (openpyxl's) with some members replaced or added, deflated as Excel does."""
    book = __import__("openpyxl").Workbook()
    book.active.append(HEADER.strip().split(","))
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, members.pop(item.filename, src.read(item.filename)))
        for name, payload in members.items():
            dst.writestr(name, payload)
    return out.getvalue()


def parsed_quickly(payload: bytes, name: str, limits: il.Limits = BIG) -> tuple[list[str], float, float]:
    """Parse in this process; return the issue codes, the seconds taken and the peak Python allocation in MB."""
    tracemalloc.start()
    t0 = time.perf_counter()
    result = il.parse_bytes(name, payload, limits)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return [i.code for i in result.issues], seconds, peak


def test_an_xlsx_whose_shared_strings_expand_past_the_limit_is_refused_from_its_zip_directory():
    bomb = xlsx_with({"xl/sharedStrings.xml": b"<sst>" + b" " * 120_000_000 + b"</sst>"})
    assert len(bomb) < 1_000_000
    codes, seconds, peak = parsed_quickly(bomb, "bomb.xlsx")
    assert codes == ["too_large_unpacked"] and seconds < 1 and peak < 20


def test_a_member_packed_far_tighter_than_a_spreadsheet_is_refused_even_under_the_total():
    dense = xlsx_with({"xl/media/padding.bin": b"\0" * 5_000_000})
    assert [i.code for i in il.parse_bytes("dense.xlsx", dense, BIG).issues] == ["too_large_unpacked"]


@pytest.mark.parametrize("ref, code", [("A1:BXX5000", "too_many_columns"), ("A1:F900000", "too_many_rows"),
                                       ("A1:AN25000", "too_many_rows")])
def test_a_sheet_declaring_too_many_rows_or_columns_is_refused_before_its_cells_are_read(ref, code):
    payload = xlsx_with({"xl/worksheets/sheet1.xml": SHEET.format(ref=ref, rows="").encode()})
    codes, seconds, _ = parsed_quickly(payload, "wide.xlsx")
    assert codes == [code] and seconds < 1


def test_a_48_kb_sheet_of_5000_rows_of_2000_empty_cells_costs_well_under_a_second():
    rows = "".join(f'<row r="{r}">' + '<c t="s"/>' * 2000 + "</row>" for r in range(1, 5001))
    payload = xlsx_with({"xl/worksheets/sheet1.xml": SHEET.format(ref="A1:BXX5000", rows=rows).encode()})
    codes, seconds, _ = parsed_quickly(payload, "empty_cells.xlsx")
    assert codes in (["too_large_unpacked"], ["too_many_columns"]) and seconds < 2


def test_the_same_sheet_without_a_dimension_is_stopped_by_its_unpacked_size():
    rows = "".join(f'<row r="{r}">' + '<c t="s"/>' * 2000 + "</row>" for r in range(1, 5001))
    payload = xlsx_with({"xl/worksheets/sheet1.xml": SHEET.format(ref="A1", rows=rows).replace(
        '<dimension ref="A1"/>', "").encode()})
    codes, seconds, _ = parsed_quickly(payload, "no_dimension.xlsx")
    assert codes == ["too_large_unpacked"] and seconds < 2


def test_a_csv_of_4_99_mb_of_newlines_stops_early_in_little_memory():
    codes, seconds, peak = parsed_quickly(b"\n" * 4_990_000, "newlines.csv")
    assert codes == ["too_many_rows"] and peak < 60 and seconds < 2


def test_a_csv_of_a_header_then_4_99_mb_of_newlines_is_refused_as_too_long():
    codes, _, peak = parsed_quickly(HEADER.encode() + b"\n" * 4_990_000, "newlines.csv")
    assert codes == ["too_many_rows"] and peak < 60


def test_parsing_runs_in_a_worker_process_that_is_killed_at_the_deadline():
    payload = (HEADER + "IR2-TRAIN,KGZ,2023,total,total,1\n" * 19000).encode()
    t0 = time.monotonic()
    result, pid = il.in_worker("slow.csv", payload, il.Limits(5_000_000, 20000, seconds=0.05))
    assert result is None and time.monotonic() - t0 < 35
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, not parsing on in the background


def test_the_worker_answers_with_the_same_result_as_parsing_here():
    payload = (HEADER + "IR2-TRAIN,KGZ,2023,total,total,12\nIR2-TRAIN,KAZ,2024Q1,total,total,x\n").encode()
    here = il.parse_bytes("x.csv", payload, BIG)
    there, _ = il.in_worker("x.csv", payload, BIG)
    assert there.issues == here.issues and there.sha256 == here.sha256


def test_a_file_that_takes_longer_than_its_limit_gets_a_clear_problem_not_a_hang():
    payload = (HEADER + "IR2-TRAIN,KGZ,2023,total,total,1\n" * 15000).encode()
    result = il.read_bytes("slow.csv", payload, il.Limits(5_000_000, 20000, seconds=0.05))
    assert [i.code for i in result.issues] == ["too_slow"] and result.frame is None


def test_a_valid_file_comes_back_whole_from_the_worker():
    payload = (HEADER + "IR2-TRAIN,KGZ,2023,total,total,12\n").encode()
    assert il.read_bytes("ok.csv", payload, BIG).frame["value"].tolist() == [12.0]


# --- absurd numbers and encodings --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, code", [("1e28", "too_big_number"), ("10000000000000000000000000000", "too_big_number"),
                                        ("1e308", "too_big_number"), ("1000000001", "too_big_number"),
                                        ("inf", "not_number"), ("-inf", "not_number"), ("nan", "not_number"),
                                        ("NaN", "not_number"), ("1e400", "not_number"), ("Infinity", "not_number")])
def test_an_absurd_count_is_refused_with_a_row_message(text, code):
    result = il.read_bytes("x.csv", f"{HEADER}IR2-TRAIN,KGZ,2023,total,total,{text}\n".encode(), BIG)
    assert [(i.row, i.column, i.code, i.value) for i in result.issues] == [(2, "value", code, text)]


def test_a_billion_is_still_a_count():
    result = il.read_bytes("x.csv", f"{HEADER}IR2-TRAIN,KGZ,2023,total,total,1000000000\n".encode(), BIG)
    assert result.ok


@pytest.mark.parametrize("value", [1e28, 1e300, 1.7976931348623157e308, -1e30])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_numbers_of_any_size_format_without_raising(value, lang):
    assert fmt_number(value, lang).replace(",", "").replace("\u00a0", "").replace(" ", "").lstrip("-")[:2] in {"10", "17"}


ROW_RU = "IR2-TRAIN;Кыргызстан;2023;total;total;12\n"


@pytest.mark.parametrize("payload", [
    (HEADER + "IR2-TRAIN,KGZ,2023,total,total,12\n").encode("utf-16"),  # with its BOM, as Excel's "Unicode text"
    (HEADER + "IR2-TRAIN,KGZ,2023,total,total,12\n").encode("utf-16-le"),
    (HEADER + "IR2-TRAIN,KGZ,2023,total,total,12\n").encode("utf-16-be"),
    (HEADER.replace(",", ";") + ROW_RU).encode("utf-16"),
    (HEADER.replace(",", ";") + ROW_RU).encode("cp1251"),
    (HEADER.replace(",", ";") + ROW_RU).encode("utf-8-sig"),
], ids=["utf-16", "utf-16-le", "utf-16-be", "utf-16 russian", "cp1251", "utf-8 bom"])
def test_utf_16_and_windows_encodings_load_like_utf_8(payload):
    result = il.read_bytes("x.csv", payload, BIG)
    assert result.ok, result.issues
    assert result.frame[["country_iso3", "value"]].values.tolist() == [["KGZ", 12.0]]


def test_a_latin_1_file_reports_its_text_as_written_not_as_cyrillic():
    payload = (HEADER + "IR2-TRAIN,Kirghizistan Républiqué,2023,total,total,12\n").encode("cp1252")
    issue = il.read_bytes("x.csv", payload, BIG).issues[0]
    assert (issue.code, issue.value) == ("unknown_country", "Kirghizistan Républiqué")


def test_bytes_no_accepted_encoding_reads_are_refused_naming_the_encodings_accepted():
    payload = HEADER.encode() + b"IR2-TRAIN,KGZ,2023,total,total,\x81\x98\x90\n"
    result = il.read_bytes("x.csv", payload, BIG)
    assert [(i.code, i.detail) for i in result.issues] == [("encoding", il.ENCODINGS)]
    assert "UTF-8" in il.ENCODINGS and "UTF-16" in il.ENCODINGS and "1251" in il.ENCODINGS


def test_the_worker_starts_from_a_script_that_reads_a_file_as_it_is_imported(tmp_path):
    # Streamlit runs a page as __main__: a multiprocessing worker would import the page again (and read again)
    script = tmp_path / "page.py"
    script.write_text("import sys\nsys.path.insert(0, sys.argv[1])\nfrom loaders import indicators as il\n"
                      f"r = il.read_bytes('x.csv', {(HEADER + 'IR2-TRAIN,KGZ,2023,total,total,12' + chr(10)).encode()!r})\n"
                      "print(r.ok, [i.code for i in r.issues])\n", encoding="utf-8")
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(script), str(Path(il.__file__).resolve().parents[1])],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.stdout.strip() == "True []", done.stderr[-2000:]
