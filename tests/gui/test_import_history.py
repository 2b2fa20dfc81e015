"""File → Import history: recorded imports listed, reverted in one action, or refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from tests.conftest import ACME_IOR
from tests.gui.conftest import settle
from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs import import_history
from trusted_trader.gui.dialogs.error_dialog import ErrorDialog
from trusted_trader.gui.dialogs.import_dialog import ImportDialog
from trusted_trader.gui.dialogs.import_history import ImportHistoryDialog
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.models import imports as columns
from trusted_trader.services.importing import ImportOptions, ImportResult, import_file
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput, update_touch_point
from trusted_trader.store.models import ImportBatch, Partner, TouchPoint

IOR = ACME_IOR  # the partner of the acme_id fixture
WAIT_MS = 20000


@pytest.fixture
def desk(make_desk: Callable[..., Desk], with_partner: Store) -> Desk:
    made = make_desk()
    made.set_store(with_partner)
    return made


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, int]]:
    """Confirmations asked for (each answered Revert)."""
    questions: list[tuple[str, int, int]] = []

    def confirm(_parent: Any, file_name: str, created: int, updated: int) -> bool:
        questions.append((file_name, created, updated))
        return True

    monkeypatch.setattr(import_history, "confirm_revert", confirm)
    monkeypatch.setattr("trusted_trader.gui.dialogs.import_dialog.confirm_revert", confirm)
    return questions


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages error dialogs would have shown (exec does not block the test)."""
    messages: list[str] = []

    def fake_exec(self: ErrorDialog) -> int:
        messages.append(self.message)
        return 0

    monkeypatch.setattr(ErrorDialog, "exec", fake_exec)
    return messages


def import_touch_points(store: Store, path: Path, rows: str) -> ImportResult:
    path.write_text("ior_number,date,kind,notes\n" + rows)
    with store.uow() as uow:
        result = import_file(uow, "touch-points", path, ImportOptions(partial=True))
        uow.commit()
    return result


def count(store: Store, model: Any) -> int:
    with store.uow() as uow:
        return int(uow.connection.execute(select(func.count()).select_from(model)).scalar_one())


def batch_status(store: Store, batch_id: int) -> str:
    with store.uow() as uow:
        stmt = select(ImportBatch.status).where(ImportBatch.id == batch_id)  # type: ignore[arg-type]
        return str(uow.connection.execute(stmt).scalar_one())


def open_history(qtbot: Any, desk: Desk) -> ImportHistoryDialog:
    dialog = ImportHistoryDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, desk)
    return dialog


def row_texts(dialog: ImportHistoryDialog, row: int) -> list[str]:
    model = dialog.model
    return [
        str(model.data(model.index(row, c), Qt.ItemDataRole.DisplayRole))
        for c in range(model.columnCount())
    ]


def revert(qtbot: Any, dialog: ImportHistoryDialog, batch_id: int, signal: Any) -> Any:
    dialog.select_import(batch_id)
    assert dialog.revert_button.isEnabled()
    with qtbot.waitSignal(signal, timeout=WAIT_MS) as caught:
        dialog.revert_button.click()
    settle(qtbot, dialog._desk)
    return caught.args[0]


TWO_AND_ONE_BAD = f"{IOR},2026-01-05,exam,\n{IOR},2026-01-06,hold,\n{IOR},someday,exam,\n"


def test_the_history_lists_imports_newest_first_with_their_counts(
    qtbot: Any, desk: Desk, with_partner: Store, tmp_path: Path, qtmodeltester: Any
) -> None:
    first = import_touch_points(with_partner, tmp_path / "january.csv", TWO_AND_ONE_BAD)
    second = import_touch_points(
        with_partner, tmp_path / "february.csv", f"{IOR},2026-02-01,cf28,\n"
    )
    dialog = open_history(qtbot, desk)
    assert [b.id for b in dialog.model.rows()] == [second.batch_id, first.batch_id]
    when, kind, file, by, created, updated, unchanged, rejected, status = row_texts(dialog, 1)
    assert (kind, file, by) == ("Touch points", "january.csv", "tester@cbp.dhs.gov")
    assert (created, updated, unchanged, rejected) == ("2", "0", "0", "1")
    assert status == "Imported"
    assert when == columns.local_time(dialog.model.record(1).started_at)
    assert len(when) == len("2026-11-29 04:10")
    assert not dialog.revert_button.isEnabled()  # nothing selected yet
    qtmodeltester.check(dialog.model)
    dialog.grab().save("/tmp/import_history.png")


def test_revert_deletes_what_the_import_created_and_marks_it_reverted(
    qtbot: Any, desk: Desk, with_partner: Store, tmp_path: Path, asked: list[Any]
) -> None:
    done = import_touch_points(with_partner, tmp_path / "january.csv", TWO_AND_ONE_BAD)
    assert count(with_partner, TouchPoint) == 2
    dialog = open_history(qtbot, desk)
    heard: list[str] = []
    desk.data_changed.connect(heard.append)

    result = revert(qtbot, dialog, done.batch_id, dialog.import_reverted)

    assert asked == [("january.csv", 2, 0)]
    assert (result.deleted, result.restored) == (2, 0)
    assert count(with_partner, TouchPoint) == 0
    assert batch_status(with_partner, done.batch_id) == "reverted"
    assert heard == ["all"]  # open pages reload
    assert row_texts(dialog, 0)[columns.STATUS].startswith("Reverted 20")
    assert "2 record(s) deleted" in dialog._status_label.text()
    dialog.select_import(done.batch_id)
    assert not dialog.revert_button.isEnabled()  # once only
    dialog.grab().save("/tmp/import_history_reverted.png")


def test_revert_restores_a_partner_the_import_changed(
    qtbot: Any, desk: Desk, with_partner: Store, tmp_path: Path, asked: list[Any]
) -> None:
    path = tmp_path / "partners.csv"
    path.write_text(f"name,ior_numbers\nAcme Imports Inc.,{IOR}\nBeta Corp,98-7654321CD\n")
    with with_partner.uow() as uow:
        done = import_file(uow, "partners", path)
        uow.commit()
    assert (done.created, done.updated) == (1, 1)
    dialog = open_history(qtbot, desk)

    result = revert(qtbot, dialog, done.batch_id, dialog.import_reverted)

    assert asked == [("partners.csv", 1, 1)]
    assert (result.deleted, result.restored) == (1, 1)
    with with_partner.uow() as uow:
        names = uow.connection.execute(select(Partner.legal_name)).scalars().all()  # type: ignore[call-overload]
    assert names == ["Acme Imports"]


def test_a_record_changed_since_the_import_stops_the_revert_with_a_message(
    qtbot: Any, desk: Desk, with_partner: Store, tmp_path: Path, asked: list[Any], shown: list[str]
) -> None:
    done = import_touch_points(with_partner, tmp_path / "january.csv", TWO_AND_ONE_BAD)
    with with_partner.uow() as uow:
        first = uow.connection.execute(select(func.min(TouchPoint.id))).scalar_one()
        update_touch_point(uow, first, TouchPointInput(date(2026, 1, 5), "exam", notes="checked"))
        uow.commit()
    dialog = open_history(qtbot, desk)
    heard: list[str] = []
    desk.data_changed.connect(heard.append)

    revert(qtbot, dialog, done.batch_id, dialog.revert_failed)

    assert len(shown) == 1
    assert "cannot be reverted" in shown[0] and f"touch point #{first}" in shown[0]
    assert "Nothing was changed" in shown[0]
    assert count(with_partner, TouchPoint) == 2
    assert batch_status(with_partner, done.batch_id) == "done"
    assert row_texts(dialog, 0)[columns.STATUS] == "Imported"
    assert heard == []
    dialog.select_import(done.batch_id)
    assert dialog.revert_button.isEnabled()  # it can be tried again once the edit is undone


def test_answering_cancel_reverts_nothing(
    qtbot: Any, desk: Desk, with_partner: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = import_touch_points(with_partner, tmp_path / "january.csv", TWO_AND_ONE_BAD)
    monkeypatch.setattr(import_history, "confirm_revert", lambda *_a: False)
    dialog = open_history(qtbot, desk)
    dialog.select_import(done.batch_id)
    dialog.revert_button.click()
    settle(qtbot, desk)
    assert count(with_partner, TouchPoint) == 2
    assert batch_status(with_partner, done.batch_id) == "done"


def test_the_import_dialog_offers_to_undo_the_import_it_just_made(
    qtbot: Any, with_partner: Store, tmp_path: Path, asked: list[Any]
) -> None:
    path = tmp_path / "tp.csv"
    path.write_text(f"ior_number,date,kind\n{IOR},2026-01-05,exam\n{IOR},2026-01-06,hold\n")
    dialog = ImportDialog(with_partner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_kind("touch-points")
    dialog.set_file(path)
    assert not dialog.undo_button.isVisible()
    with qtbot.waitSignal(dialog.import_finished, timeout=WAIT_MS) as finished:
        dialog.start_import()
    assert dialog.undo_button.isVisible()
    assert count(with_partner, TouchPoint) == 2
    dialog.grab().save("/tmp/import_dialog_undo.png")

    with qtbot.waitSignal(dialog.import_undone, timeout=WAIT_MS) as undone:
        dialog.undo_button.click()

    assert asked == [("tp.csv", 2, 0)]
    assert undone.args[0].batch_id == finished.args[0].batch_id
    assert count(with_partner, TouchPoint) == 0
    assert batch_status(with_partner, finished.args[0].batch_id) == "reverted"
    assert not dialog.undo_button.isVisible()
    assert "Reverted the import of tp.csv" in dialog._status_label.text()


def test_no_undo_is_offered_when_nothing_was_imported(
    qtbot: Any, with_partner: Store, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"ior_number,date,kind\n{IOR},someday,exam\n")
    dialog = ImportDialog(with_partner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_kind("touch-points")
    dialog.set_file(path)
    with qtbot.waitSignal(dialog.import_finished, timeout=WAIT_MS):
        dialog.start_import()
    assert not dialog.undo_button.isVisible()


def test_the_file_menu_opens_the_import_history(
    qtbot: Any, empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[ImportHistoryDialog] = []

    def fake_exec(self: ImportHistoryDialog) -> int:
        opened.append(self)
        return 0

    monkeypatch.setattr(ImportHistoryDialog, "exec", fake_exec)
    file_menu = empty_window.menuBar().actions()[0].menu()
    entry = next(a for a in file_menu.actions() if a.text() == "Import &history…")
    entry.trigger()
    assert len(opened) == 1
    settle(qtbot, empty_window.desk)
    assert opened[0].model.rowCount() == 0
    assert "No imports" in opened[0]._status_label.text()
