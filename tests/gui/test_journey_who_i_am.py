"""Journey (1) of #17: first run → choose me → the lists open on my partners, and I sign."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import close, settle
from trusted_trader.app import _offer_settings_on_first_run
from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs.partner_dialog import PartnerDialog
from trusted_trader.gui.dialogs.settings_dialog import FIRST_RUN_KEY, SettingsDialog
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.services.importing import list_imports
from trusted_trader.services.partners import list_partners
from trusted_trader.services.records import ExecutiveRecord
from trusted_trader.services.reference import list_executives
from trusted_trader.settings import Settings


def first_run_window(qtbot: Any, desk: Desk, store: Any) -> MainWindow:
    """The window as the app composes it for a new user: Settings are offered once it opens."""
    window = MainWindow(desk, "test database")
    qtbot.addWidget(window)
    _offer_settings_on_first_run(desk, window)
    window.show()
    window.open_store(lambda: (store, None, 30))
    settle(qtbot, desk)
    return window


@pytest.fixture
def new_user_window(
    qtbot: Any, make_desk: Callable[..., Desk], demo_store: Any
) -> Iterator[MainWindow]:
    window = first_run_window(qtbot, make_desk(), demo_store)
    yield window
    close(qtbot, window)


def busiest_executive(store: Any) -> ExecutiveRecord:
    """An Account Executive with partners, and partners that are not theirs besides."""
    with store.uow() as uow:
        partners = list_partners(uow)
        executives = list_executives(uow)
    counts = {e.email: sum(p.executive_email == e.email for p in partners) for e in executives}
    me = max(executives, key=lambda e: counts[e.email])
    assert 0 < counts[me.email] < len(partners)
    return me


def choose_me(qtbot: Any, window: MainWindow, me: ExecutiveRecord) -> None:
    qtbot.waitUntil(lambda: window.findChild(SettingsDialog) is not None, timeout=10000)
    dialog = window.findChild(SettingsDialog)
    assert dialog.isVisible() and not dialog.isModal()  # the window stays usable meanwhile
    dialog.me_combo.setCurrentIndex(dialog.me_combo.findData(me.id))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.desk)


def test_first_run_choosing_me_opens_the_four_lists_on_my_partners(
    qtbot: Any, new_user_window: MainWindow, demo_store: Any
) -> None:
    window = new_user_window
    me = busiest_executive(demo_store)
    window.show_page("dashboard")
    settle(qtbot, window.desk)
    assert window.page("dashboard").scope().type == "all"  # type: ignore[attr-defined]
    choose_me(qtbot, window, me)
    with demo_store.uow() as uow:
        mine = {p.id for p in list_partners(uow) if p.executive_email == me.email}

    window.show_page("dashboard")
    settle(qtbot, window.desk)
    dashboard: Any = window.page("dashboard")
    assert (dashboard.scope().type, dashboard.scope().id) == ("executive", me.id)
    assert dashboard.scope_combo.currentText().startswith("My portfolio")
    assert dashboard.data.partners == len(mine)

    window.show_page("partners")
    settle(qtbot, window.desk)
    partners: Any = window.page("partners")
    assert partners._mine_check_box.isChecked()
    shown = {partners._model.record(r).id for r in range(partners._model.rowCount())}
    assert shown == mine

    for key in ("touch_points", "plans"):
        window.show_page(key)
        settle(qtbot, window.desk)
        page: Any = window.page(key)
        assert page._mine_check_box.isChecked(), key
        rows = [page.model.record(r) for r in range(page.model.rowCount())]
        assert rows and {r.partner_id for r in rows} <= mine, key
        page._mine_check_box.setChecked(False)  # the user may still look at everyone's
        settle(qtbot, window.desk)
        assert {page.model.record(r).partner_id for r in range(page.model.rowCount())} - mine


def test_the_settings_are_offered_only_once(
    qtbot: Any, make_desk: Callable[..., Desk], demo_store: Any
) -> None:
    desk = make_desk()
    window = first_run_window(qtbot, desk, demo_store)
    qtbot.waitUntil(lambda: window.findChild(SettingsDialog) is not None, timeout=10000)
    window.findChild(SettingsDialog).reject()  # dismissed without choosing anyone
    assert desk.ui_state.value(FIRST_RUN_KEY)
    close(qtbot, window)
    again = first_run_window(qtbot, make_desk(), demo_store)
    qtbot.wait(50)
    assert again.findChild(SettingsDialog) is None
    close(qtbot, again)


def test_with_me_set_a_new_partner_is_mine_and_my_edits_sign_the_history(
    qtbot: Any, new_user_window: MainWindow, demo_store: Any
) -> None:
    window = new_user_window
    me = busiest_executive(demo_store)
    choose_me(qtbot, window, me)
    dialog = PartnerDialog(window.desk, window)
    qtbot.addWidget(dialog)
    assert dialog.executive_combo.currentData() == me.id
    assert dialog.center_combo.currentData() == me.center_id
    qtbot.keyClicks(dialog.name_field.line_edit, "Mine Imports LLC")
    qtbot.keyClicks(dialog.ior_field.line_edit, "98-7654321AB")
    dialog.try_save()
    assert dialog.saved is not None and dialog.saved.executive_id == me.id
    window.open_partner(dialog.saved.id)
    workspace = window.workspace
    workspace.show_tab("history")
    settle(qtbot, window.desk)
    model = workspace.history.model
    assert model.rowCount() >= 1
    who = {model.record(r).actor for r in range(model.rowCount())}
    assert who == {me.email}  # not the computer login, not the tester who built the file


def test_with_me_set_an_import_from_the_window_records_me(
    qtbot: Any, new_user_window: MainWindow, demo_store: Any, tmp_path: Path
) -> None:
    from trusted_trader.gui.dialogs.import_dialog import ImportDialog

    window = new_user_window
    me = busiest_executive(demo_store)
    choose_me(qtbot, window, me)
    path = tmp_path / "partners.csv"
    path.write_text("name,ior_numbers\nImported By Me Inc,98-7654322AB\n", encoding="utf-8")
    dialog = ImportDialog(window.desk.store)
    qtbot.addWidget(dialog)
    dialog.set_kind("partners")
    dialog.set_file(path)
    with qtbot.waitSignal(dialog.import_finished, timeout=30000):
        dialog.start_import()
    with demo_store.uow() as uow:
        newest = list_imports(uow)[0]
    assert newest.actor == me.email


APP_FIRST_RUN = """
import sys
from PySide6.QtCore import QTimer
from trusted_trader.app import build_window
from trusted_trader.gui.dialogs.settings_dialog import SettingsDialog
from trusted_trader.gui.qt_dates import qt_date_format
app, window = build_window(sys.argv[1], ["tt"], first_run=sys.argv[2] == "yes")
def check():
    dialog = window.findChild(SettingsDialog)
    if dialog is not None:
        print("offered", dialog.isModal(), window.isEnabled(), qt_date_format(), flush=True)
        app.quit()
    elif window.desk.store is not None and window.desk.pool.is_idle() and sys.argv[2] == "no":
        QTimer.singleShot(300, settled)
    else:
        QTimer.singleShot(20, check)
def settled():
    offered = window.findChild(SettingsDialog) is not None
    print("offered anyway" if offered else "not offered", flush=True)
    app.quit()
QTimer.singleShot(0, check)
QTimer.singleShot(60000, lambda: app.exit(3))
sys.exit(app.exec())
"""


@pytest.mark.parametrize(
    ("first_run", "said"), [("yes", "offered False True MM/dd/yyyy"), ("no", "not offered")]
)
def test_the_app_offers_the_settings_on_a_new_computer_without_blocking_in_its_date_style(
    demo_template: Path, tmp_path: Path, first_run: str, said: str
) -> None:
    db = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, db)
    Settings(date_style="us").save()  # in this test's own settings folder, which the app reads
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-c", APP_FIRST_RUN, str(db), first_run]
    # A non-zero exit raises with everything the app wrote (stderr goes with stdout).
    out = subprocess.check_output(
        command, env=env, text=True, timeout=120, stderr=subprocess.STDOUT
    )
    assert said in out.splitlines(), out


def test_edit_settings_while_the_first_run_one_is_open_brings_that_one_forward(
    qtbot: Any, new_user_window: MainWindow
) -> None:
    from trusted_trader.gui.window_menus import open_settings

    qtbot.waitUntil(lambda: new_user_window.findChild(SettingsDialog) is not None, timeout=10000)
    QTimer.singleShot(500, _close_any_modal)  # so that a second one, if opened, fails not hangs
    open_settings(new_user_window)
    assert len(new_user_window.findChildren(SettingsDialog)) == 1


def _close_any_modal() -> None:
    modal = QApplication.activeModalWidget()
    if modal is not None:
        modal.close()
