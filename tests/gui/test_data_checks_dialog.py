"""The Data checks list, reached from the File menu, names stored entry numbers that fail."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import update

from tests.gui.conftest import close, open_window
from trusted_trader.gui.dialogs.data_checks_dialog import DataChecksDialog
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point
from trusted_trader.store.models import TouchPoint


def test_the_file_menu_opens_data_checks_listing_a_wrong_check_digit(
    qtbot: Any, with_partner: Any, acme_id: int, make_desk: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with with_partner.uow() as uow:
        record = record_touch_point(
            uow, acme_id, TouchPointInput(date(2026, 3, 2), "cf28", entry_number="ABC-1234567-6")
        )
        uow.connection.execute(
            update(TouchPoint).where(TouchPoint.id == record.id).values(entry_number="ABC12345678")
        )
        uow.commit()
    opened: list[DataChecksDialog] = []
    monkeypatch.setattr(DataChecksDialog, "exec", lambda self: opened.append(self) or 0)
    window: MainWindow = open_window(qtbot, make_desk(), with_partner, 1)
    file_menu = window.menuBar().actions()[0].menu()
    next(a for a in file_menu.actions() if a.text() == "Data chec&ks…").trigger()
    assert len(opened) == 1
    rows = opened[0].row_texts()
    assert [row[:4] for row in rows] == [
        ["Acme Imports", f"touch point #{record.id}", "2026-03-02", "ABC12345678"]
    ]
    assert "should be 6, not 8" in rows[0][4]
    assert "1 touch point has" in opened[0].summary()
    close(qtbot, window)


def test_data_checks_of_the_demo_database_find_nothing(qtbot: Any, demo_store: Any) -> None:
    dialog = DataChecksDialog(demo_store)
    qtbot.addWidget(dialog)
    assert dialog.row_texts() == []
    assert "passes CBP's check digit" in dialog.summary()
