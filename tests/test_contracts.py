"""Meta-tests that keep the project's promises honest."""
import ast
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from loaders.provenance import REQUIRED_KEYS
from loaders.snapshot import count_rows, list_snapshot, sha256_of, sidecar_path
from ui.i18n import LANGS, catalogue
from ui.i18n import placeholders as i18n_placeholders

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = list_snapshot(ROOT / "data")
PURE_PACKAGES = ("loaders", "charts", "geo", "transforms", "reports")
# Words that read the same in Russian text (names, codes, units).
SAME_IN_RUSSIAN = re.compile(r"^[\W\d_]*$|^(CC BY 4\.0|SHA-256|USAID.*|Natural Earth|v5\.1|2023-05-10|KNOMAD)$")


def placeholders(text: str) -> set[str]:
    """Return the {names} a message template expects (plural selectors and every branch's fields included)."""
    return i18n_placeholders(text)


@pytest.mark.parametrize("path", SNAPSHOT, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_snapshot_file_has_a_sidecar_that_matches_it(path):
    meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    assert set(REQUIRED_KEYS) <= set(meta), f"missing keys {set(REQUIRED_KEYS) - set(meta)}"
    assert meta["file"] == path.name
    assert meta["sha256"] == sha256_of(path)
    assert meta["rows"] == count_rows(path)
    assert all(meta[k] for k in ("publisher", "dataset", "vintage", "url", "licence", "accessed"))


def test_every_sidecar_describes_a_file_that_exists():
    for side in (ROOT / "data").rglob("*.meta.json"):
        assert side.with_name(side.name.removesuffix(".meta.json")).exists(), side


@pytest.mark.parametrize("path", [p for p in SNAPSHOT if p.suffix == ".csv"], ids=lambda p: p.name)
def test_no_snapshot_table_carries_quotes_from_other_publications(path):
    assert "quote" not in pd.read_csv(path, nrows=0).columns


def test_english_and_russian_catalogues_have_the_same_keys():
    en, ru = catalogue("en"), catalogue("ru")
    assert sorted(set(en) - set(ru)) == [], "missing in Russian"
    assert sorted(set(ru) - set(en)) == [], "missing in English"


def test_english_and_russian_messages_expect_the_same_values():
    en, ru = catalogue("en"), catalogue("ru")
    assert {k: placeholders(v) for k, v in en.items()} == {k: placeholders(ru[k]) for k in en}


def test_russian_messages_are_not_left_in_english():
    en, ru = catalogue("en"), catalogue("ru")
    leaked = [k for k, v in ru.items() if v == en[k] and not SAME_IN_RUSSIAN.match(v) and re.search(r"[A-Za-z]{4,}", re.sub(r"\{\w*\}", "", v))]
    assert leaked == []


def test_no_message_is_empty():
    for lang in LANGS:
        assert [k for k, v in catalogue(lang).items() if not v.strip()] == []


def _imports(path: Path) -> set[str]:
    """Return the top-level modules a Python file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_loaders_charts_geo_transforms_and_reports_do_not_import_streamlit(package):
    for path in (ROOT / package).rglob("*.py"):
        assert "streamlit" not in _imports(path), path


def test_requirements_are_pinned_exactly():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert "==" in line, f"{name}: {line}"


def test_the_app_never_reads_the_shared_folder_at_run_time():
    for package in ("app.py", "pages", "ui", "loaders", "charts", "geo", "transforms", "reports", "config.py"):
        for path in [ROOT / package] if package.endswith(".py") else (ROOT / package).rglob("*.py"):
            assert "shared" not in re.findall(r"\.\./(\w+)", path.read_text(encoding="utf-8")), path


def test_no_dataset_or_message_names_the_superseded_2020_revision_except_to_compare_it_with_the_2024_one():
    from loaders.datasets import DATASETS
    assert not [n for n, spec in DATASETS.items() if "bilateral_migrant_stock" in spec.path]
    old = re.compile(r"Migrant Stock 2020|2020 revision|revision \(?2020|мигрантов,? 2020|редакци\w* 2020", re.I)
    new = re.compile(r"Migrant Stock 2024|2024 revision|this revision|мигрантов,? 2024|редакци\w* 2024|эта редакция", re.I)
    for lang in LANGS:
        named = [k for k, v in catalogue(lang).items()
                 if old.search(v) and not new.search(v) and not k.startswith("ds.ims_revision_comparison")]
        assert named == [], (lang, named)  # a sentence naming the old revision alone would pass it off as current
