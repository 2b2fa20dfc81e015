"""The touch-point dialog records how an exam or CF-28 review was selected, and keeps it."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.gui.test_touch_point_due_date import open_dialog as _dialog
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point


def test_editing_a_random_exam_keeps_its_selection(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    with empty_window.desk.uow() as uow:
        exam = record_touch_point(
            uow, acme_id, TouchPointInput(date(2026, 1, 5), "exam", selection="random")
        )
        uow.commit()
    dialog = _dialog(qtbot, empty_window, acme_id, exam)
    assert dialog.selection_combo.currentData() == "random"
    dialog.notes_edit.setPlainText("seal checked")
    dialog.try_save()
    assert dialog.saved is not None
    assert (dialog.saved.selection, dialog.saved.notes) == ("random", "seal checked")


def test_a_hold_cannot_be_given_a_selection(
    qtbot: Any, empty_window: MainWindow, acme_id: int
) -> None:
    dialog = _dialog(qtbot, empty_window, acme_id, None)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("exam"))
    assert dialog.selection_combo.isEnabled()
    dialog.selection_combo.setCurrentIndex(dialog.selection_combo.findData("targeted"))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("hold"))
    assert not dialog.selection_combo.isEnabled()
    dialog.try_save()
    assert dialog.saved is not None and dialog.saved.selection == ""
