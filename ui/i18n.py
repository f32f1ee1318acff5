"""Message catalogues (English, Russian) and the t() lookup every visible string goes through.

Messages are str.format templates with two additions a translator knows from ICU MessageFormat:
- plurals chosen by CLDR's rules for the language (through Babel), e.g.
  `{n, plural, one {# страна} few {# страны} many {# стран} other {# страны}}`, where `#` is the value as passed
  (already formatted: "2 027 823") and `=0 {…}` matches a number exactly;
- a country name in a grammatical case, e.g. `{country:gen}` («уроженцы Узбекистана»), `{country:in}` («в России»),
  read from the country table (geo/countries.csv); the value may be an ISO3 code or the name in that language.
No module here imports streamlit: transforms format sentences with the same function.
"""
from __future__ import annotations

import re
import string
import tomllib
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from babel import Locale

LANGS: tuple[str, ...] = ("en", "ru")
LOCALES = Path(__file__).with_name("locales")
CATEGORIES = ("zero", "one", "two", "few", "many", "other")
_PLURAL_HEAD = re.compile(r"\{\s*(\w+)\s*,\s*plural\s*,")
_BRANCH = re.compile(r"\s*(=\d+|zero|one|two|few|many|other)\s*\{")
CASES = ("nom", "gen", "dat", "acc", "ins", "prep", "in", "to", "from")  # `{country:gen}`: see geo.countries.decline
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")


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


def translate(key: str, /, lang: str = "en", **values) -> str:
    """Return the message for key in lang (English fallback, then the key), formatted with values."""
    text = catalogue(lang).get(key) or catalogue("en").get(key) or key
    return render(text, lang, **values) if values else text


def has(key: str, lang: str = "en") -> bool:
    """Tell whether a catalogue holds a key."""
    return key in catalogue(lang)


def render(text: str, lang: str, /, **values) -> str:
    """Format a message: plural blocks first, then placeholders (with country cases), then Russian typography."""
    done = _Formatter(lang).vformat(plurals(text, lang, values), (), values)
    return typeset(done) if lang == "ru" else done


_UNITS = re.compile(r"(\d) (?=г\.|гг\.|чел\.|млн|млрд|тыс\.|п\. п\.|кв\.|долл\.)")
_BEFORE_DASH = re.compile(r" (?=— )")


def typeset(text: str) -> str:
    """Keep what Russian typesetting keeps together: a number and its unit («2024 г.», «47 чел.»), «п. п.», a dash
    and the word before it (no-break spaces)."""
    text = _UNITS.sub("\\1\u00a0", text).replace("п. п.", "п.\u00a0п.")
    return _BEFORE_DASH.sub("\u00a0", text)


class _Formatter(string.Formatter):
    """str.format with `{name:case}` for declined country names."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def format_field(self, value, format_spec: str) -> str:
        """Decline a country for a case spec; format anything else as str.format would."""
        if format_spec in CASES:
            return declined(value, format_spec, self.lang)
        return super().format_field(value, format_spec)


def declined(value, case: str, lang: str) -> str:
    """Return a country (ISO3 code or name) in a case; a name the table cannot decline stays as given."""
    from geo.countries import decline

    try:
        return decline(value, case, lang)
    except KeyError:
        return str(value)  # never a broken page; tests/test_i18n.py checks every country a sentence can name


def plurals(text: str, lang: str, values: dict) -> str:
    """Replace every `{n, plural, …}` block with the branch CLDR chooses for n in lang."""
    while match := _PLURAL_HEAD.search(text):
        branches, end = _branches(text, match.end())
        raw = values.get(match.group(1), "")
        chosen = _choose(branches, raw, lang).replace("#", "{" + match.group(1) + "}")
        text = text[:match.start()] + chosen + text[end:]
    return text


def _branches(text: str, pos: int) -> tuple[dict[str, str], int]:
    """Read `one {…} few {…} … }` from pos; return the branches and the index after the block's closing brace."""
    branches: dict[str, str] = {}
    while (found := _BRANCH.match(text, pos)) is not None:
        body_start = found.end()
        pos = _closing(text, body_start)
        branches[found.group(1)] = text[body_start:pos]
        pos += 1
    close = text.index("}", pos)
    return branches, close + 1


def _closing(text: str, pos: int) -> int:
    """Return the index of the brace that closes the one opened just before pos."""
    depth = 1
    for index in range(pos, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return index
    raise ValueError(f"unbalanced braces in message: {text!r}")


def _choose(branches: dict[str, str], raw, lang: str) -> str:
    """Pick the exact-match branch, else the CLDR category's, else `other`."""
    number = as_number(raw, lang)
    if number is not None and f"={number}" in branches:
        return branches[f"={number}"]
    category = plural_category(number, lang) if number is not None else "other"
    return branches.get(category, branches.get("other", ""))


def as_number(raw, lang: str) -> Decimal | None:
    """Read a number as given or as formatted for lang ("2 027 823", "17,6", "1,234.5"); None if it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float, Decimal)):
        return Decimal(str(raw))
    text = _SPACES.sub("", str(raw)).replace("−", "-")
    text = text.replace(",", ".") if lang == "ru" else text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@lru_cache(maxsize=8)
def _locale(lang: str) -> Locale:
    """Return Babel's locale for a language code."""
    return Locale.parse(lang)


def plural_category(number, lang: str) -> str:
    """Return the CLDR plural category (one, few, many, other…) of a number in a language."""
    return _locale(lang).plural_form(number if isinstance(number, Decimal) else Decimal(str(number)))


def placeholders(text: str) -> set[str]:
    """Return the names of a message's placeholders (plural selectors and every branch's fields; cases ignored)."""
    names = {m.group(1) for m in _PLURAL_HEAD.finditer(text)}
    while match := _PLURAL_HEAD.search(text):
        branches, end = _branches(text, match.end())
        text = text[:match.start()] + " ".join(branches.values()).replace("#", "") + text[end:]
    names |= {field for _, field, _, _ in string.Formatter().parse(text) if field}
    return {n.split(".")[0].split("[")[0] for n in names}


def plural_blocks(text: str) -> list[set[str]]:
    """Return the branch names of each plural block of a message (for the catalogue checks)."""
    found = []
    for match in _PLURAL_HEAD.finditer(text):
        found.append(set(_branches(text, match.end())[0]))
    return found
