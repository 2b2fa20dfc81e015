"""The Import… and Export… dialogs: off the GUI thread, with mapping, progress and cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from tests.conftest import ACME_IOR, valid_entry
from trusted_trader.gui.dialogs.export_dialog import ExportDialog
from trusted_trader.gui.dialogs.import_dialog import ImportDialog
from trusted_trader.services.exporting import ExportFilter
from trusted_trader.services.importing import PROCESS_FROM_BYTES, ImportCancelled, ImportResult
from trusted_trader.services.importing import process as importing_process
from trusted_trader.services.store import Store
from trusted_trader.store.models import TouchPoint

IOR = ACME_IOR  # the partner of the acme_id fixture


def touch_point_count(store: Store) -> int:
    with store.uow() as uow:
        stmt = select(func.count()).select_from(TouchPoint)
        return int(uow.connection.execute(stmt).scalar_one())


def dialog_for(qtbot: QtBot, store: Store, path: Path) -> ImportDialog:
    dialog = ImportDialog(store)
    qtbot.addWidget(dialog)
    dialog.set_kind("touch-points")
    dialog.set_file(path)
    return dialog


def test_an_import_runs_and_reports_its_counts(
    qtbot: QtBot, with_partner: Store, tmp_path: Path
) -> None:
    path = tmp_path / "tp.csv"
    path.write_text(f"ior_number,date,kind\n{IOR},2026-01-05,exam\n{IOR},2026-01-06,hold\n")
    dialog = dialog_for(qtbot, with_partner, path)
    assert not dialog.mapping_shown
    with qtbot.waitSignal(dialog.import_finished, timeout=20000) as signal:
        dialog.start_import()
    result = signal.args[0]
    assert isinstance(result, ImportResult)
    assert result.created == 2
    assert "2 created" in dialog._status_label.text()
    assert touch_point_count(with_partner) == 2


def test_unmatched_headers_show_the_mapping_step_with_a_preview(
    qtbot: QtBot, with_partner: Store, tmp_path: Path
) -> None:
    path = tmp_path / "theirs.csv"
    path.write_text(f"Importer,When,What\n{IOR},2026-01-05,exam\n")
    dialog = dialog_for(qtbot, with_partner, path)
    assert dialog.mapping_shown
    assert dialog._preview_table.item(0, 0).text() == IOR
    for ours, theirs in (("ior_number", "Importer"), ("date", "When"), ("kind", "What")):
        dialog.map_column(ours, theirs)
    with qtbot.waitSignal(dialog.import_finished, timeout=20000) as signal:
        dialog.start_import()
    assert signal.args[0].created == 1


def test_rejected_rows_are_listed_and_nothing_is_written(
    qtbot: QtBot, with_partner: Store, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"ior_number,date,kind\n{IOR},2026-01-05,exam\n{IOR},someday,exam\n")
    dialog = dialog_for(qtbot, with_partner, path)
    with qtbot.waitSignal(dialog.import_finished, timeout=20000):
        dialog.start_import()
    assert dialog._errors_table.rowCount() == 1
    assert dialog._errors_table.item(0, 1).text() == "date"
    assert "Nothing was imported" in dialog._status_label.text()
    assert touch_point_count(with_partner) == 0


def test_cancel_leaves_the_database_as_before(
    qtbot: QtBot, with_partner: Store, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    entries = [valid_entry(f"ABC{n:07d}") for n in range(20000)]
    rows = "".join(f"{IOR},2026-01-05,exam,0101,{entry}\n" for entry in entries)
    path.write_text("ior_number,date,kind,port_code,entry_number\n" + rows)
    dialog = dialog_for(qtbot, with_partner, path)
    with qtbot.waitSignal(dialog.import_failed, timeout=30000) as signal:
        dialog.start_import()
        dialog.cancel_import()
    assert isinstance(signal.args[0], ImportCancelled)
    assert "nothing was changed" in dialog._status_label.text()
    assert touch_point_count(with_partner) == 0


def test_the_export_dialog_writes_the_file(
    qtbot: QtBot, with_partner: Store, tmp_path: Path
) -> None:
    dialog = ExportDialog(with_partner, current_filter=ExportFilter(partner_id=1))
    qtbot.addWidget(dialog)
    dialog.set_kind("partners")
    dialog.set_file(tmp_path / "partners.xlsx")
    with qtbot.waitSignal(dialog.export_finished, timeout=20000) as signal:
        dialog.start_export()
    assert signal.args == [1]
    assert (tmp_path / "partners.xlsx").exists()


def test_the_export_dialog_asks_for_a_fitting_file(qtbot: QtBot, with_partner: Store) -> None:
    dialog = ExportDialog(with_partner)
    qtbot.addWidget(dialog)
    dialog.set_kind("deadlines")
    dialog.set_file(Path("calendar.csv"))
    dialog.start_export()
    assert ".ics" in dialog._status_label.text()


@pytest.mark.parametrize("dialog_class", [ImportDialog, ExportDialog])
def test_the_file_hint_is_shown_whole_at_the_dialogs_first_size(
    qtbot: QtBot, with_partner: Store, dialog_class: Any
) -> None:
    dialog = dialog_class(with_partner)
    qtbot.addWidget(dialog)
    dialog.show()
    line = dialog._file_line_edit
    hint = line.fontMetrics().horizontalAdvance(line.placeholderText())
    assert line.width() > hint


def test_a_large_file_is_read_by_a_second_process_from_the_window(
    qtbot: QtBot, with_partner: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Path] = []
    original = importing_process.read_in_process

    def read_in_process(path: Path, *args: Any) -> Any:
        started.append(path)
        return original(path, *args)

    monkeypatch.setattr(importing_process, "read_in_process", read_in_process)
    path = tmp_path / "large.csv"
    rows = "".join(
        f"{IOR},2026-{1 + n % 12:02d}-{1 + n % 28:02d},exam,0101,"
        f"{valid_entry(f'ABC{n:07d}')},{'note ' * 8}\n"
        for n in range(60_000)
    )
    path.write_text("ior_number,date,kind,port_code,entry_number,notes\n" + rows)
    assert path.stat().st_size >= PROCESS_FROM_BYTES
    dialog = dialog_for(qtbot, with_partner, path)
    shares: list[int] = []
    dialog._progress_bar.valueChanged.connect(shares.append)
    with qtbot.waitSignal(dialog.import_finished, timeout=120_000) as signal:
        dialog.start_import()
    assert signal.args[0].created == 60_000
    assert touch_point_count(with_partner) == 60_000
    assert len(set(shares)) > 2  # the bar moved while the rows came in
    assert started == [path]
