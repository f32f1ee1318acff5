"""Project indicators: periods, survivor masking, progress against target, trends, sex and age shares.

Pure functions on the tidy table of loaders.indicators. Masking runs before anything renders: a masked count
leaves the table as NaN and only its text ("<5" or the 'hidden' word) travels on.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from charts.theme import fmt_money, fmt_number, fmt_pct, fmt_quarter
from loaders.indicators import PARTS

NO_TIME_RULE = 0.75  # on track without time information: value / target >= 0.75
STATUSES = ("achieved", "on_track", "behind", "no_target", "hidden")
_PERIOD = re.compile(r"^(\d{4})(?:Q([1-4]))?$")


# ---- periods -------------------------------------------------------------------------------------------------

def period_bounds(period: str) -> tuple[int, int]:
    """Return (first quarter index, number of quarters) of '2023' or '2023Q2'; quarter index = year*4 + q-1."""
    match = _PERIOD.match(str(period))
    if not match:
        raise ValueError(f"not a period: {period!r}")
    year, quarter = int(match.group(1)), match.group(2)
    return (year * 4 + int(quarter) - 1, 1) if quarter else (year * 4, 4)


def period_key(period: str) -> tuple[int, int]:
    """Sort key: chronological, a year before its own quarters."""
    start, length = period_bounds(period)
    return start, -length


def is_quarter(period: str) -> bool:
    """Tell a quarter from a year."""
    return "Q" in str(period)


def reported_through(frame: pd.DataFrame) -> int | None:
    """The 'as of' of progress: the last quarter reported, or the end of the latest year when it has no quarters."""
    if frame.empty:
        return None
    bounds = [period_bounds(p) for p in frame["period"].unique()]
    quarters = [s for s, n in bounds if n == 1]
    year_end = max((s + n - 1 for s, n in bounds if n == 4), default=-1)
    if quarters and max(quarters) >= year_end - 3:  # quarters reach into the latest year: a year row is year-to-date
        return max(quarters)
    return max(year_end, max(quarters, default=-1))


def elapsed_share(period: str, through: int | None) -> float:
    """Share (0-1) of a period's quarters elapsed by the end of quarter index `through`; NaN without it."""
    if through is None:
        return math.nan
    start, length = period_bounds(period)
    return min(1.0, max(0.0, (through - start + 1) / length))


def quarter_parts(index: int) -> tuple[int, int]:
    """Return (year, quarter) of a quarter index."""
    return index // 4, index % 4 + 1


def period_label(period: str, year_tpl: str, quarter_tpl: str, lang: str | None = None) -> str:
    """Label a period with translated templates such as '{year}' and '{year} Q{q}'; with a language, quarters are
    named as everywhere else in the dashboard ("Q3 2020", «III кв. 2020 г.»)."""
    start, length = period_bounds(period)
    year, quarter = quarter_parts(start)
    if length == 4:
        return year_tpl.format(year=year)
    return fmt_quarter(year, quarter, lang) if lang else quarter_tpl.format(year=year, q=quarter)


def period_options(frame: pd.DataFrame) -> list[str]:
    """Return the loaded periods in chronological order."""
    return sorted(frame["period"].unique(), key=period_key)


def default_period(options: list[str]) -> str | None:
    """Pick the latest year when there is one, else the latest quarter."""
    years = [p for p in options if not is_quarter(p)]
    return (years or options or [None])[-1]


# ---- filtering and masking -----------------------------------------------------------------------------------

def select(frame: pd.DataFrame, countries, results) -> pd.DataFrame:
    """Keep rows of the chosen countries and results."""
    return frame[frame["country_iso3"].isin(list(countries)) & frame["result"].isin(list(results))]


def additive_groups(frame: pd.DataFrame) -> list[tuple[object, list]]:
    """Every (total row, part rows) of survivor counts that add up: a total and its sex parts, a total and its age
    parts, a year and its quarters (a year-to-date total too). Masking must hold across each of them."""
    rows = frame[frame["survivor"].astype(bool)]
    groups = []
    for dim, parts in PARTS.items():
        other = "age_group" if dim == "sex" else "sex"
        groups += _groups(rows, ["indicator_code", "country_iso3", "period", other], rows[dim] == "total",
                          rows[dim].isin(parts))
    quarter = rows["period"].map(is_quarter).astype(bool)
    year = rows["period"].astype(str).str[:4].rename("year")
    return groups + _groups(rows.assign(year=year), ["indicator_code", "country_iso3", "sex", "age_group", "year"],
                            ~quarter, quarter)


def _groups(rows: pd.DataFrame, keys: list[str], is_total: pd.Series, is_part: pd.Series) -> list[tuple[object, list]]:
    """Group rows by keys; return (total, parts) for each group that has a total and at least one part."""
    found = []
    for _, group in rows.groupby(keys, sort=False):
        totals, parts = group.index[is_total[group.index]], group.index[is_part[group.index]]
        if len(totals) and len(parts):
            found.append((totals[0], list(parts)))
    return found


def _secondary_round(frame: pd.DataFrame, groups: list[tuple[object, list]]) -> bool:
    """Where exactly one cell of a group is masked (it could be worked out by subtraction), mask the smallest shown
    part as well, or the total when no part is left; return whether anything changed."""
    changed = False
    for total, parts in groups:
        if sum(frame.at[c, "mask"] != "" for c in (total, *parts)) != 1:
            continue
        shown = [p for p in parts if frame.at[p, "mask"] == ""]
        victim = min(shown, key=lambda p: (frame.at[p, "value"], str(p))) if shown else total
        frame.at[victim, "mask"], changed = "secondary", True
    return changed


def mask_survivors(frame: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Hide survivor counts below the threshold, then complementary cells until none can be found by subtraction
    (from a sex, age or period total), as statistical disclosure control does."""
    out = frame.copy()
    survivor = out["survivor"].astype(bool)
    out["mask"] = np.where(survivor & (out["value"] < threshold), "primary", "")
    groups = additive_groups(out)
    while _secondary_round(out, groups):  # each round masks at least one more cell, so this ends
        pass
    out.loc[out["mask"] != "", "value"] = math.nan
    out["baseline_masked"] = survivor & (out["baseline"] < threshold)
    out.loc[out["baseline_masked"], "baseline"] = math.nan
    return out


def count_text(value, mask: str, lang: str, threshold: int, hidden: str) -> str:
    """Text for a count: '<5' when masked, the 'hidden' word for a secondary mask, else the number."""
    if mask == "primary":
        return f"<{threshold}"
    return hidden if mask == "secondary" else fmt_number(value, lang)


def with_text(frame: pd.DataFrame, lang: str, threshold: int, hidden: str) -> pd.DataFrame:
    """Add value_text, baseline_text and target_text (what tables, hovers and labels show)."""
    out = frame.copy()
    out["value_text"] = [count_text(v, m, lang, threshold, hidden) for v, m in zip(out["value"], out["mask"])]
    out["baseline_text"] = [count_text(v, "primary" if b else "", lang, threshold, hidden)
                            for v, b in zip(out["baseline"], out["baseline_masked"])]
    out["target_text"] = [fmt_number(v, lang) for v in out["target"]]
    return out


# ---- progress ------------------------------------------------------------------------------------------------

def status_of(ratio: float, expected: float, masked: bool) -> str:
    """Achieved (>= target), on track (>= share of time elapsed, or >= 0.75 without time), else behind."""
    if masked:
        return "hidden"
    if ratio is None or math.isnan(ratio):
        return "no_target"
    if ratio >= 1:
        return "achieved"
    bar = NO_TIME_RULE if math.isnan(expected) else expected
    return "on_track" if ratio >= bar else "behind"


def progress(frame: pd.DataFrame, through: int | None) -> pd.DataFrame:
    """Progress of every total row: percent of target, percent of time elapsed and the status word's code."""
    rows = frame[(frame["sex"] == "total") & (frame["age_group"] == "total")].copy()
    ratio = rows["value"] / rows["target"].where(rows["target"] > 0)
    expected = rows["period"].map(lambda p: elapsed_share(p, through)).astype(float)
    rows["pct"], rows["expected_pct"] = ratio * 100, expected * 100
    rows["status"] = [status_of(r, e, m != "") for r, e, m in zip(ratio, expected, rows["mask"])]
    return rows


# ---- trends and breakdowns -----------------------------------------------------------------------------------

def trend(frame: pd.DataFrame, code: str, quarterly: bool) -> pd.DataFrame:
    """Total values of one indicator across periods of one kind (years or quarters), in time order."""
    rows = frame[(frame["indicator_code"] == code) & (frame["sex"] == "total") & (frame["age_group"] == "total")]
    rows = rows[rows["period"].map(is_quarter) == quarterly]
    return rows.assign(_k=rows["period"].map(period_key)).sort_values(["_k", "country_iso3"]).drop(columns="_k")


def breakdown(frame: pd.DataFrame, code: str, period: str, dim: str) -> pd.DataFrame:
    """Parts by sex (or age group) of one indicator and period, with each part's share of its total (%)."""
    other = "age_group" if dim == "sex" else "sex"
    rows = frame[(frame["indicator_code"] == code) & (frame["period"] == period) & (frame[other] == "total")]
    totals = rows[rows[dim] == "total"].set_index("country_iso3")["value"]
    parts = rows[rows[dim].isin(PARTS[dim])].copy()
    parts["total"] = parts["country_iso3"].map(totals).astype(float)
    parts["share"] = parts["value"] / parts["total"].where(parts["total"] > 0) * 100  # NaN when either is masked
    order = {p: i for i, p in enumerate(PARTS[dim])}
    return parts.sort_values(["country_iso3", dim], key=lambda s: s.map(order) if s.name == dim else s)


def share_of(frame: pd.DataFrame, code: str, period: str, dim: str, part: str) -> pd.Series:
    """Share (%) of women or of youth in each country's total, by ISO3 (NaN where hidden or missing)."""
    rows = breakdown(frame, code, period, dim)
    return rows[rows[dim] == part].set_index("country_iso3")["share"]


def summary_table(frame: pd.DataFrame, period: str, through: int | None) -> pd.DataFrame:
    """One row per indicator and country in a period: value, target, status, share of women and of youth."""
    rows = progress(frame[frame["period"] == period], through)
    women = {c: share_of(frame, c, period, "sex", "female") for c in rows["indicator_code"].unique()}
    youth = {c: share_of(frame, c, period, "age_group", "youth") for c in rows["indicator_code"].unique()}
    rows["women_pct"] = [women[c].get(i, math.nan) for c, i in zip(rows["indicator_code"], rows["country_iso3"])]
    rows["youth_pct"] = [youth[c].get(i, math.nan) for c, i in zip(rows["indicator_code"], rows["country_iso3"])]
    return rows


# ---- published results ---------------------------------------------------------------------------------------

def slug(text: str) -> str:
    """Message-key form of an English text: lower case, runs of other characters as one underscore."""
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")


def numbers_in(text: str) -> dict[str, str]:
    """The digit groups of a text as n0, n1, ... (so translated labels carry the source's dates, not typed ones)."""
    return {f"n{i}": m for i, m in enumerate(re.findall(r"\d+", str(text)))}


def published_value(value: float, unit: str, lang: str) -> str:
    """Format a published figure by its unit: money, percent or a count."""
    if unit == "USD":
        return fmt_money(value, lang, "m")
    if unit == "percent":
        return fmt_pct(value, lang, 0)
    return fmt_number(value, lang)


def labelled(frame: pd.DataFrame, lang: str, names: dict, period_tpl: tuple[str, str], threshold: int,
             hidden: str) -> pd.DataFrame:
    """Add what views show: indicator name and unit in the language, country name, period label and count texts."""
    out = with_text(frame, lang, threshold, hidden)
    out["indicator"] = out["name_ru" if lang == "ru" else "name_en"]
    out["unit"] = out["unit_ru" if lang == "ru" else "unit_en"]
    out["country"] = out["country_iso3"].map(names)
    out["period_text"] = out["period"].map(lambda p: period_label(p, *period_tpl, lang))
    return out


def published_rows(pub: pd.DataFrame, translate, lang: str) -> list[dict]:
    """Published figures as card texts: name, value, unit, area, period (message keys are slugs of the English)."""
    return [dict(indicator=translate(f"indicators.pub.ind.{slug(r.indicator)}", **numbers_in(r.indicator)),
                 value=published_value(r.value, r.unit, lang),
                 unit=translate(f"indicators.pub.unit.{slug(r.unit)}", value=fmt_number(r.value, lang)),
                 area=translate(f"indicators.pub.area.{slug(r.country_or_region)}"),
                 period=translate(f"indicators.pub.period.{slug(r.period)}", **numbers_in(r.period)), source=r.source_url)
            for r in pub.itertuples()]


PUBLISHED_COLUMNS = ["indicator", "figure", "value", "area", "period_text", "source"]


def published_figures(pub: pd.DataFrame, translate, lang: str) -> pd.DataFrame:
    """Published figures as a table: name, the figure as stated with its unit ("over 31,000 people"), the number, area,
    period and source; `cumulative` marks the regional totals to date (the rows whose period says so)."""
    cards = pd.DataFrame(published_rows(pub, translate, lang), columns=["indicator", "value", "unit", "area", "period",
                                                                         "source"])
    figure = [translate(f"indicators.pub.figure.{slug(r.unit)}", value=fmt_number(r.value, lang),
                        amount=published_value(r.value, r.unit, lang)) for r in pub.itertuples()]
    return pd.DataFrame({"indicator": cards["indicator"], "figure": figure, "value": pub["value"].to_numpy(),
                         "area": cards["area"], "period_text": cards["period"], "source": cards["source"],
                         "cumulative": pub["period"].str.contains("cumulative", case=False).to_numpy(),
                         "slug": [slug(i) for i in pub["indicator"]]})


def issue_rows(issues, translate, lang: str, names: dict) -> pd.DataFrame:
    """A refused file's problems as a table: spreadsheet row, column, offending text, what is wrong, what is expected."""
    def detail(i) -> str:
        if i.code == "outside_scope":  # ISO3 codes of the indicator's countries, said as names
            return ", ".join(names.get(c, c) for c in i.detail.split(", "))
        counted = i.detail.isdigit() and i.code in ("too_many_rows", "more_issues", "too_large", "extra_cells")
        return fmt_number(int(i.detail), lang) if counted else i.detail
    return pd.DataFrame([{"row": str(i.row or "–"), "column": i.column or "–", "value": i.value,
                          "problem": translate(f"indicators.err.{i.code}", value=i.value, detail=detail(i)),
                          "expected": translate(f"indicators.exp.{i.code}", detail=detail(i))} for i in issues],
                        columns=["row", "column", "value", "problem", "expected"])


# ---- page texts and tables -----------------------------------------------------------------------------------

SHARE_OF = {"sex": "female", "age_group": "youth"}  # the part whose share of the total is reported
PROGRESS_COLUMNS = ["indicator", "country", "period_text", "value_text", "target_text", "pct", "expected_pct", "word"]
VALUE_COLUMNS = ["indicator", "country", "period_text", "value_text", "baseline_text", "target_text", "word", "women", "youth",
                 "source", "row"]
TREND_COLUMNS = ["country", "period_text", "value_text", "target_text"]
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain_markdown(text) -> str:
    """Escape markdown's special characters so a text (a file name) shows as typed, never as formatting."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def source_texts(kind: str, n: int, translate, lang: str, accessed: str) -> dict[str, str]:
    """Source-footer texts for loaded files ('folder' or 'upload'): who supplied them, how many rows, licence, date."""
    return dict(publisher=translate(f"indicators.prov.{kind}"), dataset=translate("indicators.prov.dataset"),
                vintage=translate("indicators.prov.vintage", n=fmt_number(n, lang)),
                licence=translate("indicators.prov.licence"), accessed=accessed)


def catalog_table(catalog: pd.DataFrame, lang: str, translate) -> pd.DataFrame:
    """The indicator catalogue as shown: code, result in short words, name and unit in the language."""
    cat = catalog.assign(name=catalog[f"name_{lang}"], unit=catalog[f"unit_{lang}"],
                         result=catalog["result"].map(lambda r: translate(f"indicators.ir_short.{r}")))
    return cat[["code", "result", "name", "unit"]]


def indicator_options(frame: pd.DataFrame, catalog: pd.DataFrame) -> tuple[list[str], str]:
    """The catalogue's indicators in the data (catalogue order) and the default: the first about people, else the first."""
    codes = [c for c in catalog.index if c in set(frame["indicator_code"])]
    people = [c for c in codes if catalog.at[c, "by_sex_age"]] or codes
    return codes, people[0]


def progress_rows(rows: pd.DataFrame, words: dict[str, str], lang: str) -> pd.DataFrame:
    """Add what progress shows: an 'indicator — country' label, the status word, women's and youth's shares as text."""
    return rows.assign(label=rows["indicator"] + " — " + rows["country"], word=rows["status"].map(words),
                       women=[fmt_pct(v, lang, 0) for v in rows["women_pct"]],
                       youth=[fmt_pct(v, lang, 0) for v in rows["youth_pct"]])


def status_counts(rows: pd.DataFrame, statuses, lang: str) -> dict[str, str]:
    """How many rows there are (n) and how many of each status, formatted for the progress summary."""
    return {"n": fmt_number(len(rows), lang), **{s: fmt_number(int((rows["status"] == s).sum()), lang) for s in statuses}}


def trend_summary(rows: pd.DataFrame, indicator: str, unit: str, translate) -> str:
    """The trend's summary: the highest value shown, with its country and period, or that no value is shown."""
    shown = rows.dropna(subset=["value"])
    if shown.empty:
        return translate("indicators.trend.summary_none")
    top = shown.loc[shown["value"].idxmax()]
    return translate("indicators.trend.summary", indicator=indicator, country=top["country"], period=top["period_text"],
                     value=top["value_text"], unit=unit)


def share_items(rows: pd.DataFrame, dim: str, lang: str) -> str:
    """'Country: share' of women (sex) or youth (age group) for every country where the share is shown."""
    share = rows[rows[dim] == SHARE_OF[dim]].dropna(subset=["share"])
    return "; ".join(f"{c}: {fmt_pct(s, lang, 0)}" for c, s in zip(share["country"], share["share"]))


def breakdown_table(rows: pd.DataFrame, dim: str, words: dict[str, str], lang: str) -> pd.DataFrame:
    """The breakdown as a table: country, period, the part in words, its value text and share text."""
    table = rows.assign(part=rows[dim].map(words), share_text=[fmt_pct(s, lang, 0) for s in rows["share"]])
    return table[["country", "period_text", "part", "value_text", "share_text"]]
