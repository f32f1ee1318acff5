"""The one country table: ISO3 codes, English and Russian names, points, fixed colours, source aliases."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

TABLE = Path(__file__).with_name("countries.csv")
FOCUS: tuple[str, ...] = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS")
CENTRAL_ASIA: tuple[str, ...] = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
AGGREGATES: tuple[str, ...] = ("WLD", "ECS", "ECA")

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
