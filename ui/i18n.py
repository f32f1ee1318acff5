"""Message catalogues (English, Russian) and the t() lookup every visible string goes through."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LANGS: tuple[str, ...] = ("en", "ru")
LOCALES = Path(__file__).with_name("locales")


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    """Turn nested TOML tables into dotted keys."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, dotted + "."))
        else:
            flat[dotted] = str(value)
    return flat


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """Return every message of one language, merged from locales/<lang>/*.toml."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALES / lang).glob("*.toml")):
        with path.open("rb") as handle:
            merged.update(_flatten(tomllib.load(handle)))
    return merged


def translate(key: str, lang: str = "en", **values) -> str:
    """Return the message for key in lang (English fallback, then the key), formatted with values."""
    text = catalogue(lang).get(key) or catalogue("en").get(key) or key
    return text.format(**values) if values else text


def has(key: str, lang: str = "en") -> bool:
    """Tell whether a catalogue holds a key."""
    return key in catalogue(lang)
