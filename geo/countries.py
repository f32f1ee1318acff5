"""The one country table: ISO3 codes, English and Russian names and cases, points, fixed colours, source aliases."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

TABLE = Path(__file__).with_name("countries.csv")
FOCUS: tuple[str, ...] = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS")
CENTRAL_ASIA: tuple[str, ...] = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
AGGREGATES: tuple[str, ...] = ("WLD", "ECS", "ECA")
# Cases a message can ask for (`{country:gen}`): the five bare Russian cases besides the nominative, and three
# phrases whose preposition depends on the country («в Казахстане», «на Кипре»; «из Казахстана», «с Кипра»).
CASES: tuple[str, ...] = ("nom", "gen", "dat", "acc", "ins", "prep", "in", "to", "from")
PHRASES: tuple[str, ...] = ("in", "to", "from")

# Names the sources use for countries, per source, mapped to ISO3 (keyed early, so nothing downstream sees names).
ALIASES: dict[str, dict[str, str]] = {
    "worldbank": {"Kyrgyz Republic": "KGZ", "Russian Federation": "RUS", "Turkiye": "TUR", "Korea, Rep.": "KOR",
                  "Iran, Islamic Rep.": "IRN", "Egypt, Arab Rep.": "EGY", "Channel Islands": "CHI", "Kosovo": "XKX"},
    "undesa": {"Kyrgyzstan": "KGZ", "Russian Federation": "RUS", "Republic of Korea": "KOR", "Türkiye": "TUR",
               "Turkey": "TUR", "Iran (Islamic Republic of)": "IRN", "Republic of Moldova": "MDA"},
    "naturalearth": {"Kyrgyzstan": "KGZ", "Russia": "RUS", "South Korea": "KOR", "Turkey": "TUR", "Kosovo": "KOS"},
    "common": {"Kazakhstan": "KAZ", "Tajikistan": "TJK", "Turkmenistan": "TKM", "Uzbekistan": "UZB",
               "Kyrgyzstan": "KGZ", "Kyrgyz Republic": "KGZ", "Russia": "RUS", "Russian Federation": "RUS",
               "Казахстан": "KAZ", "Кыргызстан": "KGZ", "Киргизия": "KGZ", "Таджикистан": "TJK",
               "Туркменистан": "TKM", "Туркмения": "TKM", "Узбекистан": "UZB", "Россия": "RUS"},
}


@lru_cache(maxsize=1)
def table() -> pd.DataFrame:
    """Return the country table indexed by ISO3."""
    return pd.read_csv(TABLE, keep_default_na=False, na_values={"lat": [""], "lon": [""]}).set_index("iso3")


def is_known(iso3: str) -> bool:
    """Tell whether a code is in the country table."""
    return isinstance(iso3, str) and iso3 in table().index


def name(iso3: str, lang: str = "en") -> str:
    """Return a country's name in English or Russian, or the code itself when unknown."""
    if not is_known(iso3):
        return str(iso3)
    return str(table().at[iso3, "name_ru" if lang == "ru" else "name_en"])


def decline(value, case: str, lang: str = "en") -> str:
    """Return a country (ISO3 code or its name in lang) in a case of CASES; KeyError when the table cannot."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; cases are {', '.join(CASES)}")
    code = _code_of(value, lang)
    return _russian(code, case) if lang == "ru" else _english(code, case)


def _code_of(value, lang: str) -> str:
    """Return the ISO3 code of a code or of a name in lang, or raise KeyError."""
    text = str(value).strip()
    if is_known(text):
        return text
    code = _codes_by_name("name_ru" if lang == "ru" else "name_en").get(text)
    if code is None:
        raise KeyError(f"cannot decline {text!r}: neither an ISO3 code nor a {lang} name in geo/countries.csv")
    return code


@lru_cache(maxsize=2)
def _codes_by_name(column: str) -> dict[str, str]:
    """Map each name in one column to its first ISO3 code (KOS and XKX share Kosovo's name and forms)."""
    frame = table()
    return {n: c for c, n in reversed(list(zip(frame.index, frame[column])))}


def _russian(code: str, case: str) -> str:
    """Return the Russian form of a case, or raise KeyError when the table leaves it empty."""
    form = table().at[code, "name_ru" if case == "nom" else f"ru_{case}"]
    if not form:
        raise KeyError(f"geo/countries.csv has no Russian '{case}' form for {code}")
    return str(form)


def _english(code: str, case: str) -> str:
    """Return the English name with its article where it takes one, after in/to/from for those cases."""
    row = table().loc[code]
    named = f"{row['en_article']} {row['name_en']}".strip()
    return f"{case} {named}" if case in PHRASES else named


def names(codes, lang: str = "en") -> list[str]:
    """Return names for many codes."""
    return [name(c, lang) for c in codes]


def colour(iso3: str, default: str = "#7F7F7F") -> str:
    """Return a focus country's fixed colour (Okabe-Ito palette), grey for others."""
    value = table().at[iso3, "colour"] if is_known(iso3) else ""
    return value or default


def colour_map() -> dict[str, str]:
    """Return the fixed colour of every focus country, keyed by ISO3."""
    return {c: colour(c) for c in FOCUS}


def point(iso3: str) -> tuple[float, float] | None:
    """Return (lon, lat) of a country's capital or label point, if known."""
    if not is_known(iso3):
        return None
    row = table().loc[iso3]
    if pd.isna(row["lat"]) or pd.isna(row["lon"]):
        return None
    return float(row["lon"]), float(row["lat"])


def to_iso3(label: str, source: str = "common") -> str | None:
    """Map a source's country name (or an ISO3 code) to ISO3; None when unknown."""
    text = str(label).strip()
    if text.upper() in table().index and len(text) == 3:
        return text.upper()
    for key in (source, "common"):
        if text in ALIASES.get(key, {}):
            return ALIASES[key][text]
    hits = table().index[(table().name_en == text) | (table().name_ru == text)]
    return str(hits[0]) if len(hits) else None
