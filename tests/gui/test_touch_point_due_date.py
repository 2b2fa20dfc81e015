"""The touch-point dialog: the due date follows the window, or is set by hand with a reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate

from tests.gui.conftest import activate
from trusted_trader.gui.dialogs.touch_point_dialog import TouchPointDialog
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point


def cf28(window: MainWindow, partner_id: int) -> Any:
    with window.desk.uow() as uow:
        record = record_touch_point(uow, partner_id, TouchPointInput(date(2026, 1, 5), "cf28"))
        uow.commit()
    return record


def open_dialog(qtbot: Any, window: MainWindow, partner_id: int, record: Any) -> TouchPointDialog:
    dialog = TouchPointDialog(window.desk, partner_id, record, parent=window)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    return dialog


def test_editing_a_cf28s_date_moves_its_due_date(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    dialog = open_dialog(qtbot, empty_window, acme_id, cf28(empty_window, acme_id))
    dialog.date_edit.setDate(QDate(2026, 2, 1))
    assert dialog.response_label.text().startswith("2026-03-03")
    dialog.try_save()
    assert dialog.saved is not None
    assert dialog.saved.response_due == date(2026, 3, 3)


def test_a_due_date_set_by_hand_needs_a_reason_and_is_kept(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    dialog = open_dialog(qtbot, empty_window, acme_id, cf28(empty_window, acme_id))
    assert not dialog.due_reason_edit.isEnabled()
    dialog.due_override.check_box.setChecked(True)
    dialog.due_override.date_edit.setDate(QDate(2026, 1, 20))
    assert dialog.due_reason_edit.isEnabled()
    dialog.try_save()
    assert dialog.saved is None
    assert "needs a reason" in dialog.error_label.text()
    qtbot.keyClicks(dialog.due_reason_edit, "port asked for 15 days")
    dialog.try_save()
    assert dialog.saved is not None
    assert dialog.saved.response_due == date(2026, 1, 20)
    again = open_dialog(qtbot, empty_window, acme_id, dialog.saved)
    assert again.due_override.value() == date(2026, 1, 20)
    assert again.due_reason_edit.text() == "port asked for 15 days"


def test_the_kind_list_offers_both_cf29s_and_the_prepenalty_notice(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    dialog = open_dialog(qtbot, empty_window, acme_id, None)
    kinds = [dialog.kind_combo.itemData(i) for i in range(dialog.kind_combo.count())]
    assert {"cf29", "cf29_taken", "prepenalty", "seizure"} <= set(kinds)
    dialog.kind_combo.setCurrentIndex(kinds.index("cf29_taken"))
    assert dialog.response_label.text() == "no response window"
