"""The import dialog on a laptop: it grows with its content, in plain labels, with whole reasons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from tests.conftest import ACME_IOR
from tests.gui.test_import_dialog import dialog_for
from trusted_trader.gui.dialogs.import_dialog import ROWS_SHOWN, ImportDialog, plain_column
from trusted_trader.services.store import Store


def rows_in_view(table: QTableWidget) -> int:
    return table.viewport().height() // table.verticalHeader().defaultSectionSize()


def opened(qtbot: QtBot, store: Store, path: Path, content: str) -> ImportDialog:
    """The import dialog, shown, on a touch points file holding ``content``."""
    path.write_text(content)
    dialog = dialog_for(qtbot, store, path)
    dialog.show()
    return dialog


def test_the_mapping_shows_eight_columns_in_plain_words(
    qtbot: QtBot, with_partner: Store, tmp_path: Path
) -> None:
    content = f"Importer,When,What\n{ACME_IOR},2026-01-05,exam\n"
    dialog = opened(qtbot, with_partner, tmp_path / "theirs.csv", content)
    assert dialog.mapping_shown
    table = dialog._mapping_table
    labels = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert labels[:3] == ["IOR number (required)", "Date (required)", "Kind (required)"]
    assert "HTS number" in labels and not any("_" in label for label in labels)
    assert rows_in_view(table) >= ROWS_SHOWN
    assert dialog.height() > 300  # it grew from the 173 pixels it once opened at


def test_rejected_rows_show_eight_at_a_time_with_the_whole_reason(
    qtbot: QtBot, with_partner: Store, tmp_path: Path
) -> None:
    bad = "".join(f"{ACME_IOR},not a date {n},exam\n" for n in range(12))
    dialog = opened(qtbot, with_partner, tmp_path / "bad.csv", "ior_number,date,kind\n" + bad)
    with qtbot.waitSignal(dialog.import_finished, timeout=20000) as signal:
        dialog.start_import()
    table = dialog._errors_table
    assert table.rowCount() == 12 and table.isVisible()
    assert rows_in_view(table) >= ROWS_SHOWN
    reason = signal.args[0].errors[0].reason
    assert table.item(0, 3).text() == reason == table.item(0, 3).toolTip()
    assert table.wordWrap()
    assert "Problems (12)" in dialog._details_tabs.tabText(1)


def test_column_names_read_as_words() -> None:
    assert plain_column("ior_numbers") == "IOR numbers"
    assert plain_column("entered_value_usd") == "Entered value (USD)"
    assert plain_column("ctpat_tier") == "CTPAT tier"
