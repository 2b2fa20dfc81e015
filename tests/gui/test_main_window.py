"""The main window: pages, welcome on first run, remembered state, menus and help."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import activate, open_window, settle
from trusted_trader import __version__
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.gui.pages import PAGE_KEYS
from trusted_trader.gui.pages.welcome import WelcomePage


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_every_page_opens_on_an_empty_database(
    qtbot: Any, empty_window: MainWindow, key: str
) -> None:
    empty_window.show_page(key)
    settle(qtbot, empty_window.desk)
    assert empty_window.current_page_key() == key


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_every_page_opens_on_a_demo_database(qtbot: Any, demo_window: MainWindow, key: str) -> None:
    demo_window.show_page(key)
    settle(qtbot, demo_window.desk)
    assert demo_window.current_page_key() == key
    assert demo_window.page(key).isVisible()


def test_an_empty_database_shows_the_welcome(empty_window: MainWindow) -> None:
    assert isinstance(empty_window.centralWidget().widget(1).currentWidget(), WelcomePage)  # type: ignore[attr-defined]


def test_the_title_names_the_open_database(demo_window: MainWindow) -> None:
    assert demo_window.desk.store is not None
    assert demo_window.desk.store.display_name in demo_window.windowTitle()


def test_the_size_and_last_page_are_remembered(
    qtbot: Any, make_desk: Any, demo_store: Any, ui_state: QSettings
) -> None:
    first = open_window(qtbot, make_desk(), demo_store, 30)
    first.resize(777, 611)
    first.show_page("centers")
    settle(qtbot, first.desk)
    first.close()
    second = open_window(qtbot, make_desk(), demo_store, 30)
    settle(qtbot, second.desk)
    assert (second.size().width(), second.size().height()) == (777, 611)
    assert second.current_page_key() == "centers"
    second.close()


def test_a_dialog_that_is_not_installed_says_so_in_the_status_bar(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trusted_trader.gui import actions

    entry = actions.DialogEntry("&Frobnicate…", "no_such_dialog", "Nope", "")
    actions.open_dialog(demo_window.desk, demo_window, entry)
    assert "not available" in demo_window.statusBar().currentMessage()


def test_printing_a_plan_without_an_open_partner_explains_what_to_do(
    demo_window: MainWindow,
) -> None:
    from trusted_trader.gui import actions, window_menus

    actions.print_report(
        demo_window.desk,
        demo_window,
        actions.REPORTS[0],
        lambda: window_menus._report_target(demo_window),
    )
    message = demo_window.statusBar().currentMessage()
    assert "plan" in message.lower() and ("open a partner" in message or "not available" in message)


def test_the_file_menu_has_a_place_for_every_later_dialog(demo_window: MainWindow) -> None:
    file_menu = demo_window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions()]  # type: ignore[union-attr]
    for wanted in (
        "Import…",
        "Export…",
        "Back up now…",
        "Restore from backup…",
        "Connect to team database…",
        "Print engagement plan…",
    ):
        assert wanted in texts


def test_the_about_box_shows_the_version() -> None:
    from trusted_trader.gui.dialogs.about import about_text

    assert __version__ in about_text()


def test_the_shortcuts_list_names_the_conventions(qtbot: Any) -> None:
    from trusted_trader.gui.dialogs.about import ShortcutsDialog
    from trusted_trader.gui.window_menus import SHORTCUTS

    dialog = ShortcutsDialog(SHORTCUTS)
    qtbot.addWidget(dialog)
    keys = [k for k, _ in SHORTCUTS]
    for wanted in ("Ctrl+N", "Ctrl+F", "Ctrl+K", "Ctrl+Enter", "Esc", "Ctrl+P"):
        assert wanted in keys


def test_ctrl_f_focuses_the_partner_filter(qtbot: Any, demo_window: MainWindow) -> None:
    demo_window.show_page("partners")
    activate(qtbot, demo_window)
    qtbot.keyClick(demo_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = demo_window.page("partners")
    assert QApplication.focusWidget() is page._search_line_edit  # type: ignore[attr-defined]


def test_loading_demo_data_from_the_welcome_fills_the_database(
    qtbot: Any, empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trusted_trader.services.demo import DemoSpec

    small = DemoSpec(partners=5, touch_points=200)
    monkeypatch.setattr("trusted_trader.services.demo.DemoSpec", lambda: small)
    empty_window.load_demo()
    settle(qtbot, empty_window.desk)
    assert empty_window.current_page_key() == "dashboard"
    assert "Demo data loaded: 5 partners" in empty_window.statusBar().currentMessage()


def test_a_failure_is_reported_in_words(
    qtbot: Any, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trusted_trader.domain.errors import DomainError
    from trusted_trader.gui.dialogs.error_dialog import ErrorDialog

    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        ErrorDialog, "exec", lambda self: shown.append((self.message, self.offers_details)) or 0
    )
    demo_window.report_error(DomainError("The file is locked."))
    assert shown == [("The file is locked.", False)]


def test_a_team_database_chosen_in_the_connect_dialog_is_opened(
    qtbot: Any, make_desk: Any, demo_store: Any, store: Any
) -> None:
    asked: list[str] = []

    def opener_for(url: str) -> Any:
        asked.append(url)
        return lambda: (store, None, 0)

    window = MainWindow(make_desk(), "first", opener_for)
    qtbot.addWidget(window)
    window.show()
    window.open_store(lambda: (demo_store, None, 30))
    settle(qtbot, window.desk)
    window.desk.database_requested.emit("postgresql://team@db.example/tt")
    settle(qtbot, window.desk)
    assert asked == ["postgresql://team@db.example/tt"]
    assert window.desk.store is store


def test_a_marking_too_long_for_the_page_is_explained_not_printed(
    qtbot: Any, make_desk: Any, demo_store: Any
) -> None:
    from trusted_trader.gui import actions, window_menus
    from trusted_trader.reports.options import MAX_MARKING_LENGTH
    from trusted_trader.settings import Settings

    # Set by hand in the settings file: the window must not fail on it.
    desk = make_desk(Settings(marking="CUI " * 100))
    window = open_window(qtbot, desk, demo_store, 30)
    settle(qtbot, desk)
    actions.print_report(
        desk, window, actions.REPORTS[2], lambda: window_menus._report_target(window)
    )
    assert f"at most {MAX_MARKING_LENGTH}" in window.statusBar().currentMessage()
    assert desk.pool.is_idle()
    window.close()
