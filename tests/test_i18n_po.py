"""A translator's PO file round-trips into the TOML catalogues, and a complete catalogue has nothing untranslated."""
import shutil

from babel.messages.pofile import read_po, write_po

from tools.i18n_po import LOCALES, export, import_po, per_file, problems


def copy_locales(tmp_path):
    target = tmp_path / "locales"
    shutil.copytree(LOCALES, target)
    return target


def test_the_exported_po_file_has_every_message_translated_and_nothing_fuzzy(tmp_path):
    po = tmp_path / "ru.po"
    count = export(po)
    assert count == sum(len(m) for m in per_file("en").values())
    assert problems(po) == []


def test_importing_an_unchanged_po_file_changes_nothing(tmp_path):
    locales = copy_locales(tmp_path)
    po = tmp_path / "ru.po"
    export(po, locales)
    before = {p.name: p.read_bytes() for p in (locales / "ru").glob("*.toml")}
    assert import_po(po, locales) == []
    assert {p.name: p.read_bytes() for p in (locales / "ru").glob("*.toml")} == before


def test_a_translators_change_lands_in_its_toml_file_and_nowhere_else(tmp_path):
    locales = copy_locales(tmp_path)
    po = tmp_path / "ru.po"
    export(po, locales)
    with po.open("rb") as handle:
        catalog = read_po(handle)
    message = next(m for m in catalog if m.context == "nav.sources")
    message.string = "Источники данных"
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0)
    assert import_po(po, locales) == ["nav.sources"]
    assert per_file("ru", locales)["common.toml"]["nav.sources"] == "Источники данных"
