"""Round trip between the TOML message catalogues and a gettext PO file, so a translator can work in Poedit or Weblate.

    python tools/i18n_po.py export --out build/ru.po      # msgctxt = message key, msgid = English, msgstr = Russian
    python tools/i18n_po.py import build/ru.po            # write the translator's Russian back into ui/locales/ru/
    python tools/i18n_po.py check build/ru.po             # untranslated or fuzzy entries: exit 1

The TOML files stay the one source of truth (the app reads them); the PO file is the translator's copy. Plural
messages travel as ICU text (`{n, plural, one {…} few {…} many {…} other {…}}`), which Poedit and Weblate show as is.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ui.i18n import _flatten  # noqa: E402

LOCALES = ROOT / "ui" / "locales"
_HEADER = re.compile(r"^\s*\[([^\]]+)\]\s*$")
_ENTRY = re.compile(r'^(\s*)("(?:[^"\\]|\\.)*"|[A-Za-z0-9_\-]+)(\s*=\s*)(".*")\s*$')


def per_file(lang: str, locales: Path = LOCALES) -> dict[str, dict[str, str]]:
    """Return each catalogue file's messages (dotted key -> text) for one language."""
    return {path.name: _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
            for path in sorted((locales / lang).glob("*.toml"))}


def to_catalog(locales: Path = LOCALES) -> Catalog:
    """Build a PO catalogue of the Russian messages keyed by message key, English as the source text."""
    catalog = Catalog(locale="ru", project="central-asia-migration-dashboard", fuzzy=False)
    russian = {k: v for messages in per_file("ru", locales).values() for k, v in messages.items()}
    for name, messages in per_file("en", locales).items():
        for key, english in messages.items():
            catalog.add(english, russian.get(key, ""), locations=[(f"ui/locales/ru/{name}", 0)], context=key)
    return catalog


def export(out: Path, locales: Path = LOCALES) -> int:
    """Write the PO file; return how many messages it holds."""
    catalog = to_catalog(locales)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=False)
    return len(catalog)


def problems(po: Path) -> list[str]:
    """Return the keys of untranslated or fuzzy entries in a PO file."""
    with po.open("rb") as handle:
        catalog = read_po(handle)
    return [m.context for m in catalog if m.id and (not m.string or m.fuzzy)]


def import_po(po: Path, locales: Path = LOCALES) -> list[str]:
    """Write the PO file's Russian texts into the Russian TOML files; return the keys changed."""
    with po.open("rb") as handle:
        wanted = {m.context: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}
    changed = []
    for name, messages in per_file("ru", locales).items():
        updates = {k: v for k, v in wanted.items() if k in messages and messages[k] != v}
        if updates:
            write_values(locales / "ru" / name, updates)
            changed += sorted(updates)
    return changed


def write_values(path: Path, updates: dict[str, str]) -> None:
    """Replace the values of some dotted keys in a TOML file, line by line, keeping its layout and comments."""
    table, lines = "", path.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if header := _HEADER.match(line):
            table = ".".join(part.strip().strip('"') for part in header.group(1).split("."))
        elif (entry := _ENTRY.match(line)) and (key := _dotted(table, entry.group(2))) in updates:
            lines[index] = entry.group(1) + entry.group(2) + entry.group(3) + json.dumps(updates[key], ensure_ascii=False)
    text = "\n".join(lines) + "\n"
    found = _flatten(tomllib.loads(text))
    if any(found.get(k) != v for k, v in updates.items()):
        raise ValueError(f"{path.name}: could not place every translation (multi-line values are edited by hand)")
    path.write_text(text, encoding="utf-8")


def _dotted(table: str, key: str) -> str:
    """Return a key's full dotted name inside a table."""
    key = json.loads(key) if key.startswith('"') else key
    return f"{table}.{key}" if table else key


def main() -> int:
    """Run the export, import or check command."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("export").add_argument("--out", type=Path, default=ROOT / "build" / "ru.po")
    sub.add_parser("import").add_argument("po", type=Path)
    sub.add_parser("check").add_argument("po", type=Path)
    args = parser.parse_args()
    if args.command == "export":
        print(f"{export(args.out)} messages written to {args.out}")
    elif args.command == "import":
        print(f"{len(import_po(args.po))} translations updated")
    else:
        missing = problems(args.po)
        print(f"{len(missing)} untranslated or fuzzy" + (": " + ", ".join(missing[:20]) if missing else ""))
        return 1 if missing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
