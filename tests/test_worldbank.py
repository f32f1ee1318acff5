"""The World Bank API client: paging, retries, timeouts and every kind of answer it must refuse.

Fixtures in tests/fixtures/worldbank/ have the API v2 JSON shape (header + rows, one row per line); their figures
are the bundled snapshot's. Every request is served by `responses`: nothing here touches the network.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from loaders import worldbank
from loaders.worldbank import WorldBankError, fetch_indicator, make_session

FIXTURES = Path(__file__).parent / "fixtures" / "worldbank"
BASE = "https://api.test/v2"
CODE = "BX.TRF.PWKR.CD.DT"
COUNTRIES = ["KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS", "WLD", "ECS", "ECA"]
URL = f"{BASE}/country/{';'.join(COUNTRIES)}/indicator/{CODE}"


def load(name: str) -> object:
    """Return one fixture's parsed JSON (a fresh copy each time)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def page(number: int) -> list:
    """Return one page of the recorded two-page remittances answer."""
    return load(f"live_{CODE}_p{number}.json")


def serve(*bodies: object, url: str = URL) -> None:
    """Register answers returned in order (the last one repeats); dicts and lists are sent as JSON."""
    for body in bodies:
        if isinstance(body, (list, dict)):
            responses.add(responses.GET, url, json=body)
        elif isinstance(body, int):
            responses.add(responses.GET, url, status=body, json={"error": body})
        else:
            responses.add(responses.GET, url, body=body)


def fetch(**kwargs):
    """Fetch the remittances indicator from the test base URL with a quick, non-retrying session."""
    kwargs.setdefault("session", make_session(retries=0, backoff=0))
    kwargs.setdefault("base_url", BASE)
    return fetch_indicator(CODE, COUNTRIES, **kwargs)


def non_null(*pages: list) -> int:
    """Count rows with a value across pages."""
    return sum(1 for p in pages for row in p[1] if row["value"] is not None)


@responses.activate
def test_every_page_is_followed_and_null_values_stay_gaps():
    serve(page(1), page(2))
    frame, meta = fetch()
    assert [parse_qs(urlsplit(c.request.url).query)["page"] for c in responses.calls] == [["1"], ["2"]]
    assert len(frame) == non_null(page(1), page(2))
    assert list(frame.columns) == ["iso3", "indicator_code", "year", "value"]
    assert set(frame.iso3) == set(COUNTRIES) and set(frame.indicator_code) == {CODE}
    assert frame.year.dtype == "int64" and frame.value.dtype == "float64"
    assert meta["lastupdated"] == "2026-10-15" and meta["source"] == "World Development Indicators"


@responses.activate
def test_the_request_asks_for_json_and_a_thousand_rows_per_page_and_passes_the_date():
    serve([{**page(1)[0], "pages": 1}, page(1)[1]])
    fetch(date="2020:2024")
    query = parse_qs(urlsplit(responses.calls[0].request.url).query)
    assert query == {"format": ["json"], "per_page": ["1000"], "page": ["1"], "date": ["2020:2024"]}
    assert urlsplit(responses.calls[0].request.url).path == urlsplit(URL).path


@responses.activate
def test_the_latest_lastupdated_wins_when_pages_disagree():
    second = page(2)
    second[0]["lastupdated"] = "2026-11-02"
    serve(page(1), second)
    assert fetch()[1]["lastupdated"] == "2026-11-02"


@pytest.mark.parametrize("status, headers", [(500, {}), (503, {}), (429, {"Retry-After": "0"}), (429, {})])
@responses.activate
def test_a_retryable_status_is_retried_by_the_adapter_then_succeeds(status, headers):
    responses.add(responses.GET, URL, status=status, headers=headers, body="busy")
    serve([{**page(1)[0], "pages": 1}, page(1)[1]])
    frame, _ = fetch(session=make_session(retries=2, backoff=0))
    assert len(responses.calls) == 2 and len(frame) == non_null(page(1))


@responses.activate
def test_a_server_error_that_outlasts_the_retries_is_reported_with_its_status():
    serve(500)
    with pytest.raises(WorldBankError, match="HTTP 500"):
        fetch(session=make_session(retries=2, backoff=0))
    assert len(responses.calls) == 3


@responses.activate
def test_a_status_that_is_not_retried_is_reported_at_once():
    serve(404)
    with pytest.raises(WorldBankError, match="HTTP 404"):
        fetch(session=make_session(retries=2, backoff=0))
    assert len(responses.calls) == 1


@pytest.mark.parametrize("exc, said", [
    (requests.exceptions.ConnectTimeout("connect timed out"), "no answer within 4 s"),
    (requests.exceptions.ReadTimeout("read timed out"), "no answer within 4 s"),
    (requests.exceptions.ConnectionError("[Errno 111] Connection refused"), "connection refused"),
])
@responses.activate
def test_timeouts_and_connection_errors_say_the_api_is_unreachable(exc, said):
    serve(exc)
    with pytest.raises(WorldBankError) as info:
        fetch(timeout=4)
    assert str(info.value) == f"World Bank API unreachable at {BASE}: {said}"


@pytest.mark.parametrize("body, said", [
    ("<html>Service Unavailable</html>", "not JSON"),
    ('[{"page": 1, "pages": 1', "not JSON"),
    (b"\xff\xfe\x00garbage", "not JSON"),
    ({"page": 1, "pages": 1}, "expected \\[header, rows\\]"),
    ([{"page": 1, "pages": 1}], "expected \\[header, rows\\]"),
    ([{"page": 1, "pages": 1}, [], []], "expected \\[header, rows\\]"),
    (["header", []], "expected \\[header, rows\\]"),
    ([{"page": 1, "total": 3}, []], "no page count"),
    ([{"page": 1, "pages": "many"}, []], "no page count"),
    ([{"page": 1, "pages": -1}, []], "no page count"),
    ([{"page": 1, "pages": 1}, {"rows": []}], "not a list of objects"),
    ([{"page": 1, "pages": 1}, ["KAZ"]], "not a list of objects"),
])
@responses.activate
def test_malformed_answers_are_refused(body, said):
    serve(body)
    with pytest.raises(WorldBankError, match=said):
        fetch()


@responses.activate
def test_a_byte_order_mark_before_the_json_is_tolerated():
    serve(b"\xef\xbb\xbf" + json.dumps([{**page(1)[0], "pages": 1}, page(1)[1]]).encode())
    assert len(fetch()[0]) == non_null(page(1))


@responses.activate
def test_the_error_envelope_is_reported_in_the_apis_own_words():
    serve(load("error_envelope.json"))
    with pytest.raises(WorldBankError) as info:
        fetch()
    assert str(info.value) == ("World Bank API refused the request: "
                               "120 Invalid value: The provided parameter value is not valid")


@pytest.mark.parametrize("body", [
    load("empty.json"),
    [{**load("empty.json")[0], "pages": 1, "total": 0}, []],
    [{**page(1)[0], "pages": 1}, [dict(row, value=None) for row in page(1)[1]]],
])
@responses.activate
def test_an_empty_result_gives_an_empty_frame_with_the_usual_columns(body):
    serve(body)
    frame, meta = fetch()
    assert frame.empty and list(frame.columns) == ["iso3", "indicator_code", "year", "value"]
    assert meta["lastupdated"] == "2026-10-15"


@pytest.mark.parametrize("change, said", [
    ({"pages": 3}, "page 2 says 3 pages, page 1 said 2"),
    ({"pages": None}, "no page count"),
])
@responses.activate
def test_a_page_count_that_changes_halfway_is_refused(change, said):
    second = page(2)
    second[0].update(change)
    serve(page(1), second)
    with pytest.raises(WorldBankError, match=said):
        fetch()


@responses.activate
def test_a_second_page_with_another_shape_is_refused():
    serve(page(1), {"page": 2, "data": page(2)[1]})
    with pytest.raises(WorldBankError, match="expected \\[header, rows\\]"):
        fetch()


def one_row_page(**row_changes) -> list:
    """Return a one-page answer whose first row (Europe & Central Asia, 2025) is changed."""
    body = [{**page(1)[0], "pages": 1}, copy.deepcopy(page(1)[1])]
    body[1][0].update(row_changes)
    return body


@pytest.mark.parametrize("value", ["abc", "", "5.8e9", True, [1], {"v": 1}])
@responses.activate
def test_a_value_that_is_not_a_number_is_refused_naming_country_and_year(value):
    serve(one_row_page(countryiso3code="TJK", date="2024", value=value))
    with pytest.raises(WorldBankError, match=f"value {value!r} for TJK 2024 is not a number".replace("[", "\\[")
                       .replace("{", "\\{")):
        fetch()


@pytest.mark.parametrize("code", ["", "kaz", "KZ", "KAZA", "K1Z", None])
@responses.activate
def test_a_row_without_a_usable_iso3_code_is_refused_naming_it(code):
    serve(one_row_page(countryiso3code=code))
    with pytest.raises(WorldBankError, match=f"without a usable ISO3 code: {code!r} \\(Europe & Central Asia\\)"):
        fetch()


@pytest.mark.parametrize("date", ["1959", "2101", "2024M01", "2024Q1", "", "24", None, 2024])
@responses.activate
def test_a_date_that_is_not_a_year_from_1960_to_2100_is_refused(date):
    serve(one_row_page(date=date))
    with pytest.raises(WorldBankError, match=f"date {date!r} for ECS is not a year"):
        fetch()


@pytest.mark.parametrize("value, expected", [(0, 0.0), (5800000000, 5.8e9), (-12.5, -12.5), (1e-6, 1e-6)])
@responses.activate
def test_integer_and_float_values_arrive_as_floats(value, expected):
    serve(one_row_page(value=value))
    frame, _ = fetch()
    assert frame.loc[(frame.iso3 == "ECS") & (frame.year == 2025), "value"].tolist() == [expected]


@pytest.mark.parametrize("env, given, expected", [(None, None, 20.0), ("7", None, 7.0), ("7", 2.5, 2.5)])
@responses.activate
def test_a_timeout_is_passed_on_every_request(monkeypatch, env, given, expected):
    if env is None:
        monkeypatch.delenv("WORLDBANK_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("WORLDBANK_TIMEOUT", env)
    serve(page(1), page(2))
    fetch(timeout=given)
    assert [c.request.req_kwargs["timeout"] for c in responses.calls] == [expected, expected]


@responses.activate
def test_the_base_url_comes_from_the_worldbank_api_url_setting(monkeypatch):
    monkeypatch.setenv("WORLDBANK_API_URL", "https://mirror.test/wb/v2/")
    serve([{**page(1)[0], "pages": 1}, page(1)[1]], url=URL.replace(BASE, "https://mirror.test/wb/v2"))
    fetch_indicator(CODE, COUNTRIES, session=make_session(retries=0))
    assert responses.calls[0].request.url.startswith("https://mirror.test/wb/v2/country/KAZ;KGZ;")


@pytest.mark.parametrize("env, given, expected", [(None, None, 3), ("5", None, 5), ("5", 1, 1)])
def test_the_session_retries_429_and_5xx_through_the_adapter(monkeypatch, env, given, expected):
    if env is None:
        monkeypatch.delenv("WORLDBANK_RETRIES", raising=False)
    else:
        monkeypatch.setenv("WORLDBANK_RETRIES", env)
    retry = make_session(given, backoff=0.25).get_adapter("https://api.worldbank.org/v2").max_retries
    assert (retry.total, retry.backoff_factor, retry.raise_on_status) == (expected, 0.25, False)
    assert set(retry.status_forcelist) == set(worldbank.RETRY_STATUSES) and retry.allowed_methods == {"GET"}
    assert retry.respect_retry_after_header is True
