"""Edit → Settings…: it saves and checks what the user chose, and the window follows at once."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from tests.gui.conftest import settle
from trusted_trader.gui import qt_dates
from trusted_trader.gui.dialogs.settings_dialog import SettingsDialog
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.workspace.plan_grid import GridColumn, parse_cell
from trusted_trader.services.reference import list_executives
from trusted_trader.settings import Settings, settings_path


@pytest.fixture(autouse=True)
def iso_after() -> Iterator[None]:
    """The date style is the window's; each test leaves it as it found it (ISO)."""
    yield
    qt_dates.use_date_style("iso")


def settings_dialog(qtbot: Any, window: MainWindow) -> SettingsDialog:
    dialog = SettingsDialog(window.desk, window)
    qtbot.addWidget(dialog)
    return dialog


def test_edit_menu_offers_settings_with_the_preferences_key(
    qtbot: Any, demo_window: MainWindow
) -> None:
    from tests.gui.test_flows import when_modal

    edit_menu = next(a.menu() for a in demo_window.menuBar().actions() if a.text() == "&Edit")
    settings = next(a for a in edit_menu.actions() if a.text() == "&Settings…")
    bindings = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    assert settings.shortcut() == (bindings[0] if bindings else QKeySequence("Ctrl+,"))
    opened: list[object] = []
    when_modal(lambda dialog: (opened.append(dialog), dialog.reject()))
    settings.trigger()
    assert len(opened) == 1 and isinstance(opened[0], SettingsDialog)


def test_saving_writes_the_file_and_the_window_uses_it(qtbot: Any, demo_window: MainWindow) -> None:
    desk = demo_window.desk
    with desk.uow() as uow:
        me = list_executives(uow)[0]
    dialog = settings_dialog(qtbot, demo_window)
    dialog.me_combo.setCurrentIndex(dialog.me_combo.findData(me.id))
    dialog.marking_field.set_text("CUI//SP-PRVCY")
    dialog.page_combo.setCurrentIndex(dialog.page_combo.findData("a4"))
    dialog.date_combo.setCurrentIndex(dialog.date_combo.findData("us"))
    dialog.daily_spin.setValue(10)
    dialog.weekly_spin.setValue(2)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    saved = json.loads(settings_path().read_text(encoding="utf-8"))
    assert saved["executive_email"] == me.email
    assert (saved["marking"], saved["page_size"], saved["date_style"]) == (
        "CUI//SP-PRVCY",
        "a4",
        "us",
    )
    assert (saved["backups_daily"], saved["backups_weekly"]) == (10, 2)
    assert Settings.load() == desk.settings
    assert desk.executive_id == me.id
    assert desk.store.actor == me.email  # a local file: changes are signed by me


def test_a_marking_too_long_is_refused_with_its_reason_and_nothing_is_saved(
    qtbot: Any, demo_window: MainWindow
) -> None:
    dialog = settings_dialog(qtbot, demo_window)
    dialog.marking_field.set_text("C" * 101)
    assert "at most 100" in dialog.marking_field.problem()
    assert not dialog.save_button.isEnabled()
    dialog.try_save()
    assert dialog.isVisible() or dialog.result() != SettingsDialog.DialogCode.Accepted
    assert not settings_path().exists()
    assert demo_window.desk.settings == Settings()


def test_adding_me_creates_the_executive_and_chooses_them(
    qtbot: Any, demo_window: MainWindow
) -> None:
    from trusted_trader.gui.dialogs.executive_dialog import ExecutiveDialog

    dialog = settings_dialog(qtbot, demo_window)
    add = ExecutiveDialog(demo_window.desk, dialog)
    qtbot.addWidget(add)
    qtbot.keyClicks(add.name_field.line_edit, "Dana Newcomer")
    qtbot.keyClicks(add.email_field.line_edit, "Dana.Newcomer@CBP.dhs.gov")
    add.center_combo.setCurrentIndex(1)
    add.try_save()
    assert add.saved is not None and add.saved.email == "dana.newcomer@cbp.dhs.gov"
    dialog._load_executives(add.saved.id)
    assert dialog.chosen_executive() == add.saved
    dialog.try_save()
    assert demo_window.desk.settings.executive_email == "dana.newcomer@cbp.dhs.gov"
    assert demo_window.desk.executive_id == add.saved.id


def test_the_us_date_style_shows_table_dates_as_month_day_year(
    qtbot: Any, demo_window: MainWindow
) -> None:
    demo_window.show_page("touch_points")
    settle(qtbot, demo_window.desk)
    page = demo_window.page("touch_points")
    first = page.model.record(0).occurred_on  # type: ignore[attr-defined]
    cell = page.model.index(0, 0)  # type: ignore[attr-defined]
    assert cell.data() == first.isoformat()
    dialog = settings_dialog(qtbot, demo_window)
    dialog.date_combo.setCurrentIndex(dialog.date_combo.findData("us"))
    dialog.try_save()
    settle(qtbot, demo_window.desk)
    cell = page.model.index(0, 0)  # type: ignore[attr-defined]
    assert cell.data() == f"{first:%m/%d/%Y}"


def test_typed_dates_are_read_in_the_chosen_style_and_nonsense_is_refused() -> None:
    due = GridColumn("Due", "date")
    qt_dates.use_date_style("us")
    assert parse_cell(due, "03/31/2026") == (date(2026, 3, 31), "")
    assert parse_cell(due, "2026-03-31") == (date(2026, 3, 31), "")  # ISO is always read
    value, problem = parse_cell(due, "13/45/2026")
    assert value is None and problem == "must be a date like 03/31/2026"
    qt_dates.use_date_style("iso")
    assert parse_cell(due, "03/31/2026")[1] == "must be a date like 2026-03-31"


def test_date_fields_of_dialogs_take_the_chosen_style() -> None:
    from trusted_trader.gui.dialogs.fields import date_edit

    qt_dates.use_date_style("us")
    edit = date_edit(date(2026, 3, 31))
    assert edit.displayFormat() == "MM/dd/yyyy"
    assert edit.text() == "03/31/2026"
    edit.deleteLater()


def test_a_me_this_database_does_not_list_is_kept_on_saving(
    qtbot: Any, make_desk: Any, demo_store: Any
) -> None:
    from tests.gui.conftest import close, open_window

    desk = make_desk(Settings(executive_email="elsewhere@cbp.dhs.gov"))
    window = open_window(qtbot, desk, demo_store, 30)
    dialog = settings_dialog(qtbot, window)
    assert dialog.me_combo.currentText() == "elsewhere@cbp.dhs.gov (not in this database)"
    dialog.date_combo.setCurrentIndex(dialog.date_combo.findData("us"))
    dialog.try_save()
    assert Settings.load().executive_email == "elsewhere@cbp.dhs.gov"
    assert desk.executive_id is None
    close(qtbot, window)


def test_months_follow_the_date_style_too(qtbot: Any, demo_window: MainWindow) -> None:
    demo_window.show_page("plans")
    settle(qtbot, demo_window.desk)
    page: Any = demo_window.page("plans")
    start = page.model.record(0).period_start
    assert page.model.index(0, 4).data() == f"{start:%Y-%m}"
    dialog = settings_dialog(qtbot, demo_window)
    dialog.date_combo.setCurrentIndex(dialog.date_combo.findData("us"))
    dialog.try_save()
    settle(qtbot, demo_window.desk)
    assert page.model.index(0, 4).data() == f"{start:%m/%Y}"


def test_my_partners_match_a_me_typed_in_capitals(
    qtbot: Any, make_desk: Any, demo_store: Any
) -> None:
    from tests.gui.conftest import close, open_window

    with demo_store.uow() as uow:
        me = list_executives(uow)[0]
    desk = make_desk(Settings(executive_email=me.email.upper()))
    window = open_window(qtbot, desk, demo_store, 30)
    desk.executive_id = me.id  # as the app finds it at start-up (e-mails match in any case)
    window.show_page("partners")
    settle(qtbot, desk)
    page: Any = window.page("partners")
    assert page._mine_check_box.isChecked()
    assert page._model.rowCount() > 0
    close(qtbot, window)


def test_the_deadline_radar_reads_in_the_us_style(qtbot: Any, demo_window: MainWindow) -> None:
    demo_window.show_page("dashboard")
    settle(qtbot, demo_window.desk)
    dashboard: Any = demo_window.page("dashboard")
    dialog = settings_dialog(qtbot, demo_window)
    dialog.date_combo.setCurrentIndex(dialog.date_combo.findData("us"))
    dialog.try_save()
    settle(qtbot, demo_window.desk)
    model = dashboard.week_list.model
    rows = [r for r in range(model.rowCount()) if model.locate(r)[1] >= 0]  # not group titles
    dues = [model.index(r, 0).data() for r in rows]
    assert dues and all(re.fullmatch(r"\d\d/\d\d/\d{4}", d) for d in dues), dues
    statuses = " ".join(str(model.index(r, 1).data()) for r in rows)
    assert not re.search(r"\d{4}-\d\d-\d\d", statuses), statuses
    assert re.search(r"\d\d/\d\d/\d{4}", dashboard._updated_label.text())
