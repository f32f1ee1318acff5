"""Build the indicator file templates in templates/ (CSV with README.md, and XLSX with instructions in English and
Russian),
and the demonstration file of EXAMPLE data (not project results).

Run by a developer: `python tools/build_templates.py`. The instructions come from the page's message
catalogues (ui/locales/*/indicators.toml), so the templates and the page say the same thing.
"""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import config  # noqa: E402
from loaders.indicators import AGES, COLUMNS, EXAMPLE, REQUIRED, SEXES, TEMPLATES, catalog  # noqa: E402
from ui.i18n import translate  # noqa: E402

EXAMPLE_NOTE = "EXAMPLE DATA - not project results"
FIXED = datetime(2026, 1, 1)  # fixed document dates keep rebuilds comparable


def instructions(lang: str) -> list[list[str]]:
    """The instruction rows of one language: title, how-to, the columns and what each holds."""
    t = lambda key, **v: translate(key, lang, **v)  # noqa: E731
    howto = t("indicators.load.howto", mb=config.get("UPLOAD_MAX_MB"), rows=config.get("UPLOAD_MAX_ROWS"),
              limit=config.get("SURVIVOR_THRESHOLD"))
    rows = [[t("indicators.template.title")], [t("indicators.template.data_sheet")], [howto],
            [t("indicators.load.catalog_note")], [], [t("indicators.template.columns")]]
    for column in COLUMNS:
        need = t("indicators.template.required" if column in REQUIRED else "indicators.template.optional")
        rows.append([column, need, t(f"indicators.template.col.{column}")])
    return rows + [[], []]


def catalogue_sheet() -> pd.DataFrame:
    """The indicator catalogue as officers need it when filling in a file."""
    cat = catalog().reset_index(drop=True)
    cat["countries"] = cat["countries"].map(lambda c: ", ".join(c) or "KAZ, KGZ, TJK, TKM, UZB")
    return cat[["code", "result", "name_en", "name_ru", "unit_en", "unit_ru", "survivor", "by_sex_age", "countries"]]


def write_xlsx(path: Path) -> None:
    """Write the XLSX template: Data (headings, drop-down lists), Instructions (EN and RU), Indicators."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    data = book.active
    data.title = "Data"
    data.append(list(COLUMNS))
    data.freeze_panes = "A2"
    for cell in data[1]:
        cell.font = Font(bold=True)
        data.column_dimensions[cell.column_letter].width = 18
    lists = {"A": list(catalog().index), "B": ["KAZ", "KGZ", "TJK", "TKM", "UZB"], "D": list(SEXES), "E": list(AGES)}
    for letter, options in lists.items():
        rule = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        rule.add(f"{letter}2:{letter}5000")
        data.add_data_validation(rule)
    sheet = book.create_sheet("Instructions")
    for row in instructions("en") + instructions("ru"):
        sheet.append(row)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["C"].width = 60, 80
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    cat = book.create_sheet("Indicators")
    frame = catalogue_sheet()
    cat.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        cat.append([str(v) if isinstance(v, bool) else v for v in record])
    book.properties.created = book.properties.modified = FIXED
    book.save(path)


def example_rows() -> pd.DataFrame:
    """Deterministic EXAMPLE values (round, plainly made up) for four countries, 2022-2024 and 2025 Q1-Q2."""
    base = {"IR1-STRAT": 2, "IR2-TRAIN": 1200, "IR2-SUPPORT": 500, "IR2-CONSULT": 300, "IR3-PROVIDERS": 80,
            "IR3-SURVIVORS": 12, "IR4-PROSECUTED": 4}
    pace = {"KAZ": 1.05, "KGZ": 0.8, "TKM": 0.3, "UZB": 1.2}
    size = {"KAZ": 1.0, "KGZ": 1.2, "TKM": 0.5, "UZB": 1.5}
    rows = []
    for code, amount in base.items():
        spec = catalog().loc[code]
        for iso3 in spec["countries"] or tuple(pace):
            target = max(1, round(amount * size[iso3]))
            for period, share in (("2022", 0.7), ("2023", 1.0), ("2024", 1.1), ("2025Q1", 0.25), ("2025Q2", 0.3)):
                value = round(target * share * pace[iso3])
                rows += _parts(code, iso3, period, value, target if "Q" not in period else None, spec["by_sex_age"])
            ytd = sum(r["value"] for r in rows if r["indicator_code"] == code and r["country_iso3"] == iso3
                      and r["period"].startswith("2025Q") and r["sex"] == r["age_group"] == "total")
            rows += _parts(code, iso3, "2025", ytd, target, spec["by_sex_age"])
    return pd.DataFrame(rows)[list(COLUMNS)].assign(note=EXAMPLE_NOTE)


def _parts(code: str, iso3: str, period: str, value: int, target, by_sex_age: bool) -> list[dict]:
    """A total row and, for people counts, its parts by sex (55 % women) and age (40 % youth)."""
    row = dict(indicator_code=code, country_iso3=iso3, period=period, baseline="", target="" if target is None else target)
    rows = [dict(row, sex="total", age_group="total", value=value)]
    if by_sex_age:
        women, youth = round(value * 0.55), round(value * 0.4)
        rows += [dict(row, sex="female", age_group="total", value=women, target=""),
                 dict(row, sex="male", age_group="total", value=value - women, target=""),
                 dict(row, sex="total", age_group="youth", value=youth, target=""),
                 dict(row, sex="total", age_group="adult", value=value - youth, target="")]
    return rows


def readme() -> str:
    """The instructions of both languages as Markdown, for people who open the CSV template."""
    parts = ["<!-- written by tools/build_templates.py from ui/locales/*/indicators.toml; do not edit -->"]
    for lang in ("en", "ru"):
        rows = instructions(lang)
        parts += [f"# {rows[0][0]}", *(r[0] for r in rows[1:4]), f"## {rows[5][0]}"]
        parts += [f"- `{r[0]}` ({r[1]}): {r[2]}" for r in rows[6:] if len(r) == 3]
    parts.append(f"`{EXAMPLE.name}`: {EXAMPLE_NOTE}.")
    return "\n\n".join(parts) + "\n"


def main() -> None:
    """Write the templates, their instructions and the example file, and say where."""
    TEMPLATES.mkdir(exist_ok=True)
    (TEMPLATES / "README.md").write_text(readme(), encoding="utf-8")
    pd.DataFrame(columns=list(COLUMNS)).to_csv(TEMPLATES / "indicator_template.csv", index=False)
    write_xlsx(TEMPLATES / "indicator_template.xlsx")
    example_rows().to_csv(EXAMPLE, index=False)
    print(f"wrote {TEMPLATES / 'indicator_template.csv'}, {TEMPLATES / 'indicator_template.xlsx'}, {EXAMPLE}")


if __name__ == "__main__":
    main()
