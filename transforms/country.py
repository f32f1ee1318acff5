"""One country's view of the snapshot: key figures, partners, TIP history, results, gaps and key-message numbers."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

import pandas as pd

from charts.theme import fmt_money, fmt_number, fmt_pct, fmt_quarter, ordinal
from geo.countries import ALIASES, CENTRAL_ASIA, FOCUS, name
from transforms.indicators import published_value
from transforms.migration import latest_year, partners, place_name, total, women_among_emigrants
from transforms.remittances import cheapest, corridor_series, in_view, indicator, rank_of, ranks
from transforms.tip_sources import reported_by
from transforms.vintages import (Vintages, is_computed, latest_vintage, of_world, official_vintage, one_per_year,
                                 series_vintage)

# Vintages are read from the loaded frames (transforms.vintages): the latest one holds computed % of GDP, US$, GDP and
# population (one vintage per chart), the official one the World Bank's published % of GDP.
PCT, USD, GDP, POP = "BX.TRF.PWKR.DT.GD.ZS", "BX.TRF.PWKR.CD.DT", "NY.GDP.MKTP.CD", "SP.POP.TOTL"
TIP_YEARS = (2001, 2025)
TIER_LEVEL = {"Tier 1": 1, "Tier 2": 2, "Tier 2 Watch List": 3, "Tier 3": 4}
LAW_MEASURES = ("victims_identified", "investigations", "prosecutions", "convictions")
# The narratives word the same measure differently; each wording is counted under one of the four measures.
LAW_CATEGORY = {"victims_identified_by_government": "victims_identified", "investigations": "investigations",
                "criminal_cases_initiated": "investigations", "prosecutions": "prosecutions",
                "prosecutions_initiated": "prosecutions", "new_prosecutions_initiated": "prosecutions",
                "convictions": "convictions"}
CODE_LIST = re.compile(r"\(([A-Z]{3}(?:,\s*[A-Z]{3})*)\)")  # "(KAZ, KGZ, TKM, UZB)": an exhaustive list
RPW_TARGET = 3.0  # SDG 10.c: remittance costs below 3% of the amount sent (exactly 3.0% has not met it)
STALE_YEARS = 5  # a latest value older than this (against the peers' latest year) is called old, not latest
MAX_MESSAGES = 6


@dataclass(frozen=True)
class Figure:
    """A key figure and the year it refers to; value None is a gap."""

    value: float | None = None
    year: int | None = None
    extra: tuple = ()
    vintage: str | None = None  # the WDI vintage the value comes from (None for other sources)
    official: bool = False  # a published % of GDP shown because the computed series ends years earlier

    @property
    def missing(self) -> bool:
        """Tell whether the figure is a gap."""
        return self.value is None


def series(wdi: pd.DataFrame, iso3: str, code: str, vintage: str | None = None, published: bool = False) -> pd.DataFrame:
    """Return one country's year/value rows of one indicator and vintage (default: the newest that indicator has,
    computed % of GDP the latest), sorted, gaps dropped, one row a year; published=True leaves computed values out."""
    latest = latest_vintage(wdi)
    vintage = series_vintage(wdi, code) if vintage is None else vintage
    rows = wdi[(wdi.iso3 == iso3) & (wdi.indicator_code == code) & (wdi.vintage == vintage)].dropna(subset=["value"])
    rows = one_per_year(rows[~is_computed(rows)] if published else rows, prefer_computed=vintage == latest)
    return rows.sort_values("year")[["year", "value"]].reset_index(drop=True)


def latest(wdi: pd.DataFrame, iso3: str, code: str, vintage: str | None = None, published: bool = False) -> Figure:
    """Return the latest non-missing value of an indicator for a country (vintage default: the latest)."""
    rows = series(wdi, iso3, code, vintage, published)
    if rows.empty:
        return Figure()
    last = rows.iloc[-1]
    return Figure(float(last.value), int(last.year), vintage=vintage or series_vintage(wdi, code))


def headline_pct(wdi: pd.DataFrame, iso3: str) -> Figure:
    """Return the latest % of GDP: the computed value of the latest vintage, or the World Bank's official value when
    that series reaches a later year (Turkmenistan: computed for 1996 only, official to 2019); one series, never mixed."""
    computed, vintage = latest(wdi, iso3, PCT), official_vintage(wdi)
    published = latest(wdi, iso3, PCT, vintage, published=True) if vintage else Figure()
    if not published.missing and (computed.missing or published.year > computed.year):
        return replace(published, official=True, extra=(computed.year,))  # extra: the computed series' last year
    return computed


def world_rank(world: pd.DataFrame, iso3: str, year: int | None, official: bool = False) -> Figure:
    """Return the country's rank by % of GDP among economies (no aggregates) in a year, with the count; computed values
    of the latest vintage, or the official vintage's published values (official=True)."""
    vintages = of_world(world)
    vintage = vintages.official if official else vintages.latest
    row = rank_of(ranks(world, vintage, year), iso3) if year and vintage else None
    return Figure() if row is None else Figure(int(row["rank"]), int(year), (int(row["n"]),), vintage, official)


def stock_year(stock: pd.DataFrame) -> int:
    """Return the year the country page shows migrant stock for: the latest the file holds (None when it is empty)."""
    return latest_year(stock) if len(stock) else None


def stock_total(stock: pd.DataFrame, iso3: str, direction: str, year: int | None = None) -> Figure:
    """Return total emigrants or immigrants in a year (default: the latest), the sum of all the country's rows
    (the UN's 'other / unknown' origin included), with the number of partners summed (countries with anyone)."""
    year = stock_year(stock) if year is None else year
    rows = partners(stock, iso3, direction, year)
    return Figure(total(stock, iso3, direction, year), year, (rows.iso3.nunique(),)) if len(rows) else Figure()


def main_destination(stock: pd.DataFrame, iso3: str, year: int | None = None) -> Figure:
    """Return the share living in the largest destination; extra holds that destination's ISO3."""
    year = stock_year(stock) if year is None else year
    rows = partners(stock, iso3, "out", year)
    return Figure(float(rows.share.iloc[0]), year, (rows.iso3.iloc[0],)) if len(rows) else Figure()


def women_emigrants(stock: pd.DataFrame, iso3: str, year: int | None = None) -> Figure:
    """Return the share of women among the country's emigrants (%) in a year (default: the latest with any);
    extra holds (women, all emigrants) as counts of people."""
    fact = women_among_emigrants(stock, iso3, year)
    return Figure(fact["share"], fact["year"], (fact["female"], fact["total"])) if fact else Figure()


def women_fact(stock: pd.DataFrame, iso3: str) -> list[tuple[str, dict]]:
    """The message on women among the country's emigrants: (message key, raw values), none when it has none."""
    fig = women_emigrants(stock, iso3)
    return [] if fig.missing else [("women_emigrants", {"share": fig.value, "year": fig.year,
                                                        "n": fig.extra[0], "total": fig.extra[1]})]


def tier_history(tiers: pd.DataFrame, iso3: str, years: tuple[int, int] = TIP_YEARS) -> pd.DataFrame:
    """Return one row per report year with the tier and its level (1 best, 4 worst); missing years stay empty."""
    rows = tiers[tiers.iso3 == iso3].set_index("report_year")
    frame = pd.DataFrame({"year": range(years[0], years[1] + 1)})
    frame["tier"] = frame.year.map(rows.tier)
    frame["level"] = frame.tier.map(TIER_LEVEL)
    frame["evidence"] = frame.year.map(rows.evidence)
    frame["source"] = frame.year.map(rows.source)
    return frame


def latest_tier(tiers: pd.DataFrame, iso3: str) -> Figure:
    """Return the latest tier's level and report year; extra holds (tier, placements held in a row, since year,
    previous different tier or None, its report year or None, evidence, source of the latest placement)."""
    hist = tier_history(tiers, iso3).dropna(subset=["tier"])
    if hist.empty:
        return Figure()
    last = hist.iloc[-1]
    changed = hist[hist.tier != last.tier]
    same = hist[hist.year > changed.year.max()] if len(changed) else hist  # placements since the last change
    before = (str(changed.tier.iloc[-1]), int(changed.year.iloc[-1])) if len(changed) else (None, None)
    found = (str(last.evidence or ""), str(last.source or ""))
    return Figure(float(last.level), int(last.year), (str(last.tier), len(same), int(same.year.min()), *before, *found))


def tier_source(tier: Figure, lang: str) -> str | None:
    """Name the secondary publication the latest placement was read in (None when read in the report itself)."""
    return None if tier.missing else reported_by(*tier.extra[5:7], lang)


def law_figures(law: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Return the reported law-enforcement and victim figures for a country, by report year and measure."""
    rows = law[law.iso3 == iso3][["iso3", "report_year", "reporting_period", "measure", "value", "source"]]
    rows = rows.assign(category=rows.measure.map(LAW_CATEGORY).fillna("other"))
    return rows.sort_values(["report_year", "measure", "reporting_period"]).reset_index(drop=True)


def corridor_from_russia(costs: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Return the RPW cost of sending US$200 from Russia to the country (for Russia: to Central Asia), by quarter."""
    return corridor_series(costs, "RUS", CENTRAL_ASIA if iso3 == "RUS" else (iso3,))


def result_scope(label: str, iso3: str) -> str | None:
    """Tell whether a published-results row concerns the country ('country'), its region ('regional') or neither."""
    text = str(label)
    if text.startswith(iso3):
        return "country"
    if not text.startswith("Central Asia") or iso3 not in CENTRAL_ASIA:
        return None
    listed = CODE_LIST.search(text)
    return "regional" if listed is None or iso3 in listed.group(1) else None


def country_results(results: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Return the project's published results that concern the country, country rows first, with their scope."""
    out = results.copy()
    out["scope"] = out.country_or_region.map(lambda label: result_scope(label, iso3))
    out = out.dropna(subset=["scope"])
    return out.sort_values("scope", key=lambda s: s.map({"country": 0, "regional": 1}), kind="stable").reset_index(drop=True)


def text_key(text: str) -> str:
    """Return a stable short key for a source text (metadata gap line, result label) to look up its translation."""
    return hashlib.sha1(str(text).strip().encode("utf-8")).hexdigest()[:10]


def mentions(text: str, iso3: str) -> bool:
    """Tell whether a text names the country by ISO3 code or by any of its known names."""
    names = {name(iso3, "en"), name(iso3, "ru")}
    names |= {alias for table in ALIASES.values() for alias, code in table.items() if code == iso3}
    pattern = r"\b(" + "|".join(re.escape(n) for n in sorted(names | {iso3}, key=len, reverse=True)) + r")\b"
    return re.search(pattern, str(text)) is not None


def metadata_gaps(provs: dict, iso3: str) -> list[tuple[str, str]]:
    """Return (dataset name, gap line) for every snapshot metadata gap line that mentions the country."""
    return [(ds, gap) for ds, prov in provs.items() for gap in prov.gaps if mentions(gap, iso3)]


def year_ranges(years) -> list[tuple[int, int]]:
    """Collapse years into consecutive (first, last) ranges."""
    ranges: list[list[int]] = []
    for y in sorted(set(int(y) for y in years)):
        if ranges and y == ranges[-1][1] + 1:
            ranges[-1][1] = y
        else:
            ranges.append([y, y])
    return [tuple(r) for r in ranges]


def missing_years(present, lo: int, hi: int) -> list[tuple[int, int]]:
    """Return the ranges of years between lo and hi that have no value."""
    return year_ranges(set(range(lo, hi + 1)) - {int(y) for y in present})


def series_span(wdi: pd.DataFrame, code: str, countries=FOCUS) -> tuple[int, int] | None:
    """Return the first and last year any of the countries has a value for the indicator in the latest vintage (the
    span peers cover), or None when none has."""
    rows = wdi[(wdi.iso3.isin(countries)) & (wdi.indicator_code == code) & (wdi.vintage == series_vintage(wdi, code))]
    rows = rows.dropna(subset=["value"])
    return (int(rows.year.min()), int(rows.year.max())) if len(rows) else None


def data_gaps(wdi, tiers, law, costs, results, iso3: str) -> list[tuple[str, dict]]:
    """Detect this country's missing series in the data; each gap is (message key, values for its template)."""
    gaps: list[tuple[str, dict]] = []
    for code, key in ((PCT, "pct"), (USD, "usd")):
        span = series_span(wdi, code)
        miss = missing_years(series(wdi, iso3, code).year, *span) if span else []
        gaps += [(f"years_{key}", {"ranges": miss})] if miss else []
    tip = tier_history(tiers, iso3)
    miss = year_ranges(tip[tip.tier.isna()].year)
    gaps += [("years_tier", {"ranges": miss})] if miss else []
    absent = [m for m in LAW_MEASURES if m not in set(law_figures(law, iso3).category)]
    gaps += [("law_measures", {"measures": absent})] if absent else []
    gaps += [] if len(corridor_from_russia(costs, iso3)) else [("no_corridor", {})]
    gaps += [] if (country_results(results, iso3).scope == "country").any() else [("no_country_results", {})]
    return gaps


def peer_series(wdi: pd.DataFrame, iso3: str, vintage: str | None = None, published: bool = False) -> pd.DataFrame:
    """Return % of GDP for the country and its Central Asian peers (the country first) in one vintage (default: the
    latest, computed values; published=True: the World Bank's own values only)."""
    frame = indicator(wdi, PCT, vintage or latest_vintage(wdi), published=published)
    if frame.empty:
        return frame
    return in_view(frame, list(dict.fromkeys([iso3, *CENTRAL_ASIA])), (int(frame.year.min()), int(frame.year.max())))


def key_figures(wdi, world, stock, tiers, iso3: str) -> dict[str, Figure]:
    """Return the header's key figures, each with its year (a missing figure stays a gap): five on the economy and
    remittances, five on migration and trafficking (women among emigrants included)."""
    pct = headline_pct(wdi, iso3)
    return {
        "population": latest(wdi, iso3, POP), "gdp": latest(wdi, iso3, GDP), "pct": pct,
        "usd": latest(wdi, iso3, USD), "rank": world_rank(world, iso3, pct.year, pct.official),
        "emigrants": stock_total(stock, iso3, "out"), "women": women_emigrants(stock, iso3),
        "destination": main_destination(stock, iso3), "immigrants": stock_total(stock, iso3, "in"),
        "tier": latest_tier(tiers, iso3),
    }


def stale(fig: Figure, last: int | None) -> bool:
    """Tell whether a figure's year is so far behind the peers' latest year that it must not read as current."""
    return not fig.missing and last is not None and fig.year < last - STALE_YEARS


def peak(rows: pd.DataFrame) -> Figure:
    """Return the highest value of a year/value series and its year."""
    if rows.empty:
        return Figure()
    top = rows.loc[rows.value.idxmax()]
    return Figure(float(top.value), int(top.year))


def message_facts(wdi, figures: dict[str, Figure], costs: pd.DataFrame, stock: pd.DataFrame, iso3: str) -> list[tuple[str, dict]]:
    """Pick three to six key messages for the country: (message key, raw values) from the data, none typed in."""
    facts = _dependence_facts(wdi, figures, iso3) + _migration_facts(figures, stock, iso3)
    facts += _tier_fact(figures["tier"])
    facts += _cost_fact(costs, iso3)
    main = [f for f in facts if f[0] != "immigrants"]
    return (main + [f for f in facts if f[0] == "immigrants"])[:MAX_MESSAGES]


def _dependence_facts(wdi, figures: dict[str, Figure], iso3: str) -> list[tuple[str, dict]]:
    """The remittance messages: latest share of GDP with its world rank, and the peak since records began."""
    pct, rank, last = figures["pct"], figures["rank"], (series_span(wdi, PCT) or (None, None))[1]
    if pct.missing:
        return [("no_remittances", {"last": last})]
    values = {"pct": pct.value, "year": pct.year, "usd": figures["usd"].value, "rank": rank.value,
              "n": rank.extra[0] if rank.extra else None, "last": last}
    if stale(pct, last):  # a value decades old is not a country's "latest" picture: say how old it is
        return [("dependence_old", values)]
    if pct.official:  # the computed series ends years earlier: the official value, and why it is shown
        return [("dependence_old_official", {**values, "official_pct": pct.value, "official_year": pct.year,
                                             "computed_year": pct.extra[0] if pct.extra else None})]
    rows = series(wdi, iso3, PCT)
    top = peak(rows)
    facts = [("dependence" if rank.value else "dependence_norank", values)]
    return facts + ([("peak", {**values, "peak": top.value, "peak_year": top.year})] if len(rows) >= 5 and top.year != pct.year else [])


def _migration_facts(figures: dict[str, Figure], stock: pd.DataFrame, iso3: str) -> list[tuple[str, dict]]:
    """The migration messages: people born in the country living abroad (main destination) and immigrants (main origin)."""
    emi, dest, imm = figures["emigrants"], figures["destination"], figures["immigrants"]
    facts = [] if emi.missing else [("emigrants", {"n": emi.value, "year": emi.year, "dest": dest.extra[0], "share": dest.value})]
    facts += women_fact(stock, iso3)
    origins = partners(stock, iso3, "in", imm.year) if not imm.missing else None
    if origins is not None and len(origins):
        facts.append(("immigrants", {"n": imm.value, "year": imm.year, "origin": origins.iso3.iloc[0],
                                     "share": float(origins.share.iloc[0])}))
    return facts


def _tier_fact(tier: Figure) -> list[tuple[str, dict]]:
    """The TIP message: the latest placement, and either how long it has held or what it changed from."""
    if tier.missing:
        return []
    name_, run, since, previous, prev_year, evidence, source = tier.extra
    values = {"tier": name_, "year": tier.year, "run": run, "since": since, "previous": previous, "prev_year": prev_year,
              "reported": (evidence, source)}
    return [("tier_changed" if run == 1 and previous else "tier", values)]


def _cost_fact(costs: pd.DataFrame, iso3: str) -> list[tuple[str, dict]]:
    """The corridor-cost message: the latest cost of sending US$200 from Russia against the 3% target."""
    rows = corridor_from_russia(costs, iso3)
    if rows.empty or iso3 == "RUS":
        return []
    last = rows.iloc[-1]
    return [("cost", {"cost": float(last.value), "year": int(last.year), "quarter": int(last.quarter), "target": RPW_TARGET})]


PERCENT_KEYS = {"pct", "peak", "share", "cost", "official_pct"}
COUNTRY_KEYS = {"dest", "origin"}


def pct_text(value: float, lang: str) -> str:
    """Format a percentage with two decimals below 1% (so small shares do not read as zero), else one; a share that
    would round to 0.00% reads "<0.01%", never a false zero."""
    if 0 < abs(value) < 0.005:
        return "<" + fmt_pct(0.01 if value > 0 else -0.01, lang, 2)
    return fmt_pct(value, lang, 2 if abs(value) < 1 else 1)


def target_text(lang: str, value: float = RPW_TARGET) -> str:
    """The SDG 10.c target as a round percentage ("3%", «3 %»): the sentences around it say "less than"."""
    return fmt_pct(value, lang, 0 if float(value).is_integer() else 1)


def money_text(value: float, lang: str) -> str:
    """Format US$ in billions from one billion up, else in millions."""
    return fmt_money(value, lang, "bn" if abs(value) >= 1e9 else "m")


def display_value(key: str, value, lang: str) -> str:
    """Format one raw message value by what it is: percent, money, count, rank, country or year."""
    if value is None:
        return "–"
    if key in PERCENT_KEYS:
        return pct_text(float(value), lang)
    if key in COUNTRY_KEYS:
        return place_name(value, lang)
    if key == "usd":
        return money_text(float(value), lang)
    if key in ("n", "total"):
        return fmt_number(value, lang)
    if key == "target":
        return target_text(lang, float(value))
    return ordinal(int(value), lang) if key == "rank" else str(value)


def display_values(values: dict, lang: str, tier_names: dict[str, str], reported: str = "") -> dict[str, str]:
    """Format a message's raw values as text in the language; tiers take already-translated words, a placement read in
    a secondary publication the `reported` template ("as reported by {source}", with a leading space), quarters
    Babel's form ("Q3 2020", «III кв. 2020 г.»)."""
    out = {key: display_value(key, value, lang) for key, value in values.items() if key != "reported"}
    for key in ("tier", "previous"):
        if values.get(key):
            out[key] = tier_names.get(values[key], values[key])
    if "quarter" in values:
        out["period"] = fmt_quarter(values["year"], values["quarter"], lang)
    if "reported" in values:
        source = reported_by(*values["reported"], lang)
        out["reported"] = reported.format(source=source) if source and reported else ""
    return out


def ranges_text(ranges: list[tuple[int, int]], template: str = "{start}–{end}") -> str:
    """Write year ranges as '1993–1995, 1997' (a single year stays a single year)."""
    return ", ".join(str(a) if a == b else template.format(start=a, end=b) for a, b in ranges)


FIGURE_KIND = {"population": "n", "gdp": "usd", "pct": "pct", "usd": "usd", "rank": "rank", "emigrants": "n",
               "immigrants": "n", "destination": "share", "tier": "tier", "women": "share"}


def figure_texts(figures: dict[str, Figure], lang: str, tier_names: dict[str, str], report_when: str = "{year}",
                 units: dict[str, str] | None = None, vintage: str = "") -> dict[str, dict[str, str] | None]:
    """Format the key figures for display: value, year ('when') and the numbers their help texts need; None = gap.
    Money shows as a short number and its unit (units: translated 'bn' and 'm'), so it fits a card.
    vintage: the latest WDI vintage, said where a figure carries none of its own. report_when: a report year's words, as a
    template ('{year} report') or a function of the year (the page's t, so Russian typography applies)."""
    out: dict[str, dict[str, str] | None] = {}
    for key, fig in figures.items():
        if fig.missing:
            out[key] = None
            continue
        texts = {"value": display_value(FIGURE_KIND[key], fig.value, lang), "year": str(fig.year),
                 "when": str(fig.year), "vintage": fig.vintage or vintage, **({"official": "1"} if fig.official else {})}
        if FIGURE_KIND[key] == "usd" and units:
            texts |= _money_texts(fig, lang, units)
        out[key] = {**texts, **_extra_texts(key, fig, lang, tier_names, report_when)}
    return out


def _money_texts(fig: Figure, lang: str, units: dict[str, str]) -> dict[str, str]:
    """US$ as a number in billions (or millions below one billion) and its unit, written after it on the card."""
    scale = "bn" if abs(fig.value) >= 1e9 else "m"
    value = fmt_number(fig.value / {"bn": 1e9, "m": 1e6}[scale], lang, 2 if scale == "bn" else 1)
    return {"value": value, "unit": units[scale]}


def _extra_texts(key: str, fig: Figure, lang: str, tier_names: dict[str, str], report_when: str) -> dict[str, str]:
    """The figure-specific parts: rank count, partner count, destination name, tier name and run."""
    if key == "rank":
        return {"n": fmt_number(fig.extra[0], lang)}
    if key in ("emigrants", "immigrants"):
        return {"n": fmt_number(fig.extra[0], lang)}
    if key == "destination":
        return {"country": name(fig.extra[0], lang)}
    if key == "women":
        return {"n": fmt_number(fig.extra[0], lang), "total": fmt_number(fig.extra[1], lang)}
    if key == "tier":
        tier, run, since, previous, prev_year = fig.extra[:5]
        return {"value": tier_names.get(tier, tier), "run": str(run), "since": str(since),
                "when": report_when(fig.year) if callable(report_when) else report_when.format(year=fig.year),
                "source": tier_source(fig, lang) or "",
                "previous": tier_names.get(previous, previous or ""), "prev_year": str(prev_year or "")}
    if key == "pct" and fig.official:
        return {"computed_year": str(fig.extra[0]) if fig.extra and fig.extra[0] else ""}
    return {}


# ---- page texts --------------------------------------------------------------------------------------------
# The page passes its translate(key, **values) and has_key(key) (this language's catalogue), so these stay pure.

RESULT_COLUMNS = ("indicator", "value", "unit", "period", "scope", "area", "source")
INDICATOR_COLUMNS = ("indicator", "period_text", "value_text", "target_text", "unit", "source")


def bullets(lines: list[str]) -> str:
    """Write lines as a markdown bullet list ('' for none)."""
    return "\n".join(f"- {line}" for line in lines)


def help_key(key: str, texts: dict) -> str:
    """The help text's message key of a figure: its own, or a variant (an official % of GDP and its rank, a placement
    read in a secondary publication)."""
    if texts.get("official"):
        return f"country.fig.help.{key}_official"
    if key == "tier" and texts.get("source"):
        return "country.fig.help.tier_reported"
    return f"country.fig.help.{key}"


def figure_cards(texts: dict[str, dict | None], translate, figures: dict[str, Figure] | None = None,
                 last: int | None = None) -> list[tuple[str, str, str, str]]:
    """The key-figure cards as (label, value, year text, help) in the language; a gap says so instead of a value, a
    figure years behind the peers' latest year (last) says so in its help."""
    cards = []
    for k, v in texts.items():
        if not v:
            cards.append((translate(f"country.fig.{k}"), translate("country.none"), "",
                          translate("country.fig.help.missing")))
            continue
        helptext = translate(help_key(k, v), **v)
        if k == "tier":  # how long it has held, or what it changed from
            helptext += " " + translate("country.fig.help.tier_change" if v["run"] == "1" and v["previous"]
                                        else "country.fig.help.tier_since", **v)
        if figures and k in ("pct", "usd") and stale(figures[k], last):
            helptext += " " + translate("country.fig.help.stale", year=v["year"], last=last)
        cards.append((translate(f"country.fig.{k}"), translate(f"country.fig.value.{k}", **v), v["when"], helptext))
    return cards


def message_lines(facts: list[tuple[str, dict]], translate, country: str, lang: str, tier_names: dict[str, str],
                  vintages: Vintages) -> list[str]:
    """The key messages as sentences: each message's template filled with its formatted values and the frame's
    vintages (transforms.vintages.of_series)."""
    reported = translate("country.msg.reported_by")
    return [translate(f"country.msg.{k}", country=country, vintage=vintages.latest, official=vintages.official,
                      **display_values(v, lang, tier_names, reported)) for k, v in facts]


def gap_lines(gaps: list[tuple[str, dict]], translate, vintage: str) -> list[str]:
    """The detected gaps as sentences: missing years written as ranges, missing measures named (vintage: the latest)."""
    return [translate(f"country.gaps.{k}", vintage=vintage, ranges=ranges_text(v.get("ranges", [])),
                      measures=", ".join(translate(f"country.law.category.{m}") for m in v.get("measures", [])))
            for k, v in gaps]


def localised(key: str, fallback: str, translate, has_key) -> str:
    """The catalogue's text for a key when it has one, else the fallback (the source's own words)."""
    return translate(key) if has_key(key) else fallback


def source_text(text: str, translate, has_key) -> str:
    """A source's own text (metadata note, result label) in the language when translated, else as written."""
    return localised(f"country.text.{text_key(text)}", text, translate, has_key)


def metadata_lines(provs: dict, iso3: str, translate, has_key, lang: str) -> tuple[list[str], int]:
    """Metadata notes naming the country as sentences, and how many lack a translation (counted, never shown in English)."""
    notes = metadata_gaps(provs, iso3)
    shown = [(n, g) for n, g in notes if lang == "en" or has_key(f"country.text.{text_key(g)}")]
    lines = [translate("country.gaps.meta_line", dataset=localised(f"ds.{provs[n].file}.dataset", provs[n].dataset,
                                                                   translate, has_key),
                       text=source_text(g, translate, has_key)) for n, g in shown]
    return lines, len(notes) - len(shown)


def dependence_summary(own: pd.DataFrame, pct: dict | None, country: str, translate) -> str:
    """The dependence chart's summary: years with a value and the latest share, or that there are none."""
    if not len(own):
        return translate("country.chart.dep_summary_none", country=country)
    return translate("country.chart.dep_summary", country=country, n=len(own), pct=pct["value"], year=pct["year"],
                     span=ranges_text([(own.year.min(), own.year.max())]))


def map_partners(stock: pd.DataFrame, iso3: str, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Destinations in the stock's latest year with their names and the people and share texts the map's hover shows."""
    part = partners(stock, iso3, "out", stock_year(stock))
    return part.assign(name=part.iso3.map(names), value_text=[fmt_number(v, lang) for v in part.value],
                       share_text=[pct_text(v, lang) for v in part.share])


def top_partners(stock: pd.DataFrame, iso3: str, direction: str, names: dict[str, str], lang: str) -> tuple[pd.DataFrame, dict]:
    """The ten largest destinations ('out') or origins ('in') with names, and the summary's top, share and total."""
    rows = partners(stock, iso3, direction, stock_year(stock))
    shown = rows.head(10).assign(name=lambda d: d.iso3.map(names))
    if shown.empty:
        return shown, {}
    return shown, {"top": shown.name.iloc[0], "share": pct_text(shown.share.iloc[0], lang),
                   "total": fmt_number(rows.value.sum(), lang)}


def cost_summary(corridors: pd.DataFrame, names: dict[str, str], lang: str, translate) -> str:
    """The cost chart's summary: the latest quarter's cheapest corridor, its cost and how many met the SDG target."""
    best = cheapest(corridors)
    key = "cost_summary" if best["n"] > 1 else "cost_summary_met" if best["met"] else "cost_summary_missed"
    return translate(f"country.chart.{key}", when=fmt_quarter(best["year"], best["quarter"], lang),
                     cost=pct_text(best["value"], lang), country=best["iso3"], met=best["met"], n=best["n"],
                     target=target_text(lang))


def tier_summary(grid: pd.DataFrame, tier: dict | None, translate) -> str:
    """The tier strip's summary: the latest placement (or none) and the report years with no placement found."""
    missing = year_ranges(grid[grid.tier.isna()].report_year)
    tier = tier or {"value": translate("country.none"), "year": "–"}
    return translate("country.chart.tier_summary" if missing else "country.chart.tier_summary_full", tier=tier["value"],
                     year=tier["year"], missing=ranges_text(missing), first=TIP_YEARS[0], last=TIP_YEARS[1])


def counted_law(law: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """The country's reported figures counted under one of the four measures (other wordings left out)."""
    rows = law_figures(law, iso3)
    return rows[rows.category != "other"]


def results_table(results: pd.DataFrame, translate, has_key, lang: str) -> pd.DataFrame:
    """The country's published results as shown: translated labels, values formatted by unit, translated headings."""
    text = lambda s: source_text(s, translate, has_key)  # noqa: E731
    cols = {c: translate(f"country.results.col.{c}") for c in RESULT_COLUMNS}
    table = results.assign(scope=results.scope.map(lambda s: translate(f"country.results.scope_{s}")),
                           area=results.country_or_region.map(text), indicator=results.indicator.map(text),
                           unit=results.unit.map(text), period=results.period.map(text), source=results.source_url,
                           value=[published_value(v, u, lang) for v, u in zip(results.value, results.unit)])
    return table[list(cols)].rename(columns=cols)


def country_indicators(loaded: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """The loaded project indicators of one country, totals only (no sex or age parts)."""
    return loaded[(loaded.country_iso3 == iso3) & (loaded.sex == "total") & (loaded.age_group == "total")]


def indicator_table(shown: pd.DataFrame, headings: dict[str, str]) -> pd.DataFrame:
    """The masked, labelled indicator rows in indicator and period order, under translated headings."""
    return shown.sort_values(["indicator_code", "period"])[list(headings)].rename(columns=headings)


def is_example(rows: pd.DataFrame) -> bool:
    """Tell whether any row comes from an example file (which must say so on screen)."""
    return bool(rows.source.str.startswith("EXAMPLE").any())
