"""File → Import…: entries offered with plain labels, the importers no partner holds listed,
and columns mapped by hand remembered for the next file with the same headers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import ACME_IOR, valid_entry
from trusted_trader.column_memory import ColumnMemory
from trusted_trader.domain.enums import ImportKind
from trusted_trader.gui.dialogs import import_dialog
from trusted_trader.gui.dialogs.import_dialog import REMEMBERED, ImportDialog
from trusted_trader.services.importing import (
    ImportOptions,
    ImportResult,
    UnknownImporter,
    preview_file,
)
from trusted_trader.services.store import Store

# Headers shaped like ACE's "Entry Summary Line Tariff Details" (ES-003) export, as a
# report saved with its own column titles gives them: none is one of our names.
ES_HEADERS = (
    "Entry Summary Number (ES-003)", "Importer Number (ES-003)", "Entry Date (ES-003)",
    "Entry Summary Date (ES-003)", "Port Code (ES-003)", "HTS Number (ES-003)",
    "Line Number (ES-003)", "Line Goods Value Amount (ES-003)",
)  # fmt: skip
ES_MAPPING = {
    "entry_number": ES_HEADERS[0], "ior_number": ES_HEADERS[1], "entry_date": ES_HEADERS[2],
    "summary_date": ES_HEADERS[3], "port_code": ES_HEADERS[4], "hts_number": ES_HEADERS[5],
    "line_number": ES_HEADERS[6], "entered_value_usd": ES_HEADERS[7],
}  # fmt: skip
ENTRY_LABELS = [
    "Entry number (required)", "IOR number (required)", "Entry date", "Entry summary date",
    "Port code", "HTS number", "Line number", "Line entered value (USD)",
    "Lines this row stands for",
]  # fmt: skip


def es_file(path: Path, headers: tuple[str, ...] = ES_HEADERS) -> Path:
    """Two lines of one entry and one of another, under ``headers``."""
    one, two = valid_entry("ACM1000001"), valid_entry("ACM1000002")
    lines = [
        [one, ACME_IOR, "2026-01-05", "2026-01-15", "2704", "8471300100", "1", "1200.50"],
        [one, ACME_IOR, "2026-01-05", "2026-01-15", "2704", "9403200000", "2", "99.50"],
        [two, ACME_IOR, "2026-02-02", "", "3901", "8471300100", "1", "10"],
    ]
    path.write_text("\n".join(",".join(r) for r in [list(headers), *lines]) + "\n")
    return path


class CapturedImport:
    """Stands in for the import of entries: keeps what the dialog asked, answers ``result``."""

    def __init__(self, result: ImportResult | None = None) -> None:
        self.options: list[ImportOptions] = []
        self.result = result

    def __call__(self, _uow: Any, kind: str, path: Path, options: ImportOptions, **_: Any) -> Any:
        self.options.append(options)
        return self.result or ImportResult(kind, path.name, None, 0, 0, 0, 0, (), None)


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> CapturedImport:
    capture = CapturedImport()
    monkeypatch.setattr(import_dialog, "import_file", capture)
    return capture


def opened(qtbot: QtBot, store: Store, kind: str, path: Path) -> ImportDialog:
    dialog = ImportDialog(store)
    qtbot.addWidget(dialog)
    dialog.set_kind(kind)
    dialog.set_file(path)
    return dialog


def run(qtbot: QtBot, dialog: ImportDialog) -> ImportResult:
    with qtbot.waitSignal(dialog.import_finished, timeout=20000) as signal:
        dialog.start_import()
    result: ImportResult = signal.args[0]
    return result


def mapping_labels(dialog: ImportDialog) -> list[str]:
    table = dialog._mapping_table
    return [table.item(row, 0).text() for row in range(table.rowCount())]


def test_entries_are_offered_and_their_columns_have_plain_labels(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    dialog = opened(qtbot, store, ImportKind.ENTRIES, es_file(tmp_path / "es003.csv"))
    assert dialog.kind == "entries"
    assert dialog._kind_combo.currentText() == ImportKind.ENTRIES.label
    assert dialog.mapping_shown and not dialog.remembered_shown
    assert mapping_labels(dialog) == ENTRY_LABELS
    assert dialog._preview_table.item(0, 4).text() == "2704"


def test_the_preview_of_an_entries_file_finds_what_needs_matching(tmp_path: Path) -> None:
    path = es_file(tmp_path / "es003.csv")
    preview = preview_file(path, ImportKind.ENTRIES)
    assert preview.needs_mapping
    assert set(preview.missing) == {"entry_number", "ior_number"}
    loose = es_file(tmp_path / "loose.csv", ("Entry-Number", "IOR_Number", *ES_HEADERS[2:]))
    assert preview_file(loose, ImportKind.ENTRIES).mapping["ior_number"] == "IOR_Number"


def test_a_mapping_made_by_hand_maps_the_next_file_with_these_headers(
    qtbot: QtBot, store: Store, tmp_path: Path, captured: CapturedImport
) -> None:
    first = opened(qtbot, store, ImportKind.ENTRIES, es_file(tmp_path / "jan.csv"))
    for ours, theirs in ES_MAPPING.items():
        first.map_column(ours, theirs)
    run(qtbot, first)
    # The next month's export: same headers, other case and order; nothing to map.
    shuffled = tuple(h.upper() for h in reversed(ES_HEADERS))
    second = opened(qtbot, store, ImportKind.ENTRIES, es_file(tmp_path / "feb.csv", shuffled))
    assert second.remembered_shown and not second.mapping_shown
    assert second._remembered_label.text() == REMEMBERED
    run(qtbot, second)
    assert captured.options[0].mapping == ES_MAPPING
    assert captured.options[1].mapping == {k: v.upper() for k, v in ES_MAPPING.items()}


def test_change_the_columns_shows_the_remembered_ones_and_keeps_the_change(
    qtbot: QtBot, store: Store, tmp_path: Path, captured: CapturedImport
) -> None:
    path = es_file(tmp_path / "jan.csv")
    ColumnMemory().remember(ImportKind.ENTRIES, ES_HEADERS, ES_MAPPING)
    dialog = opened(qtbot, store, ImportKind.ENTRIES, path)
    dialog._change_columns_button.click()
    assert dialog.mapping_shown and not dialog.remembered_shown
    port_row = mapping_labels(dialog).index("Port code")
    assert dialog._mapping_table.cellWidget(port_row, 1).currentText() == ES_HEADERS[4]
    dialog.map_column("port_code", import_dialog.NOT_MAPPED)
    run(qtbot, dialog)
    assert "port_code" not in (captured.options[0].mapping or {})
    again = opened(qtbot, store, ImportKind.ENTRIES, path)
    assert again.remembered_shown
    assert "port_code" not in (again._mapping() or {})


def test_a_touch_point_file_mapped_once_imports_the_next_one_by_itself(
    qtbot: QtBot, with_partner: Store, tmp_path: Path
) -> None:
    headers = "Importer Number (TP-1),Exam Date (TP-1),Exam Type (TP-1)\n"
    first_file = tmp_path / "one.csv"
    first_file.write_text(headers + f"{ACME_IOR},2026-01-05,exam\n")
    first = opened(qtbot, with_partner, ImportKind.TOUCH_POINTS, first_file)
    theirs = headers.strip().split(",")
    for ours, header in zip(("ior_number", "date", "kind"), theirs, strict=True):
        first.map_column(ours, header)
    assert run(qtbot, first).created == 1
    second_file = tmp_path / "two.csv"
    second_file.write_text(headers + f"{ACME_IOR},2026-02-05,hold\n{ACME_IOR},2026-02-06,exam\n")
    second = opened(qtbot, with_partner, ImportKind.TOUCH_POINTS, second_file)
    assert second.remembered_shown
    assert run(qtbot, second).created == 2
    # Another kind with the same headers is another signature: it maps by hand.
    third = opened(qtbot, with_partner, ImportKind.FACILITATION, second_file)
    assert third.mapping_shown and not third.remembered_shown


def test_a_stored_mapping_naming_a_header_the_file_lacks_is_not_used(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    memory = ColumnMemory()
    memory.remember(ImportKind.ENTRIES, ES_HEADERS, ES_MAPPING)
    stored = json.loads(memory.path.read_text())
    stored["mappings"][0]["columns"]["port_code"] = "a header long gone"
    memory.path.write_text(json.dumps(stored))
    dialog = opened(qtbot, store, ImportKind.ENTRIES, es_file(tmp_path / "es.csv"))
    assert dialog.mapping_shown and not dialog.remembered_shown
    assert dialog._status_label.text() == ""


def test_the_result_lists_the_importers_not_in_any_portfolio(
    qtbot: QtBot, store: Store, tmp_path: Path, captured: CapturedImport
) -> None:
    unknown = (UnknownImporter("98-7654321AB", 30), UnknownImporter("11-2233445CD", 11))
    captured.result = ImportResult(
        "entries", "es.csv", None, 0, 0, 0, 41, (), None, unknown_importers=unknown
    )
    path = es_file(tmp_path / "es.csv", ("entry_number", "ior_number", *ES_HEADERS[2:]))
    dialog = opened(qtbot, store, ImportKind.ENTRIES, path)
    run(qtbot, dialog)
    assert "41 entries for 2 importers not in any portfolio" in dialog._status_label.text()
    table = dialog._unknown_table
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert rows == [("98-7654321AB", "30"), ("11-2233445CD", "11")]
    tabs = dialog._details_tabs
    assert tabs.currentWidget() is table or tabs.isTabVisible(tabs.indexOf(table))
    assert tabs.tabText(tabs.indexOf(table)).endswith("(2)")
