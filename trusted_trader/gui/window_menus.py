"""The main window's menus, toolbar and keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QSize, Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QToolBar, QWidget

from trusted_trader.gui import actions
from trusted_trader.gui.action_gate import PartnerActionGate, read_only_reason
from trusted_trader.gui.icons import icon
from trusted_trader.gui.pages import PAGES

if TYPE_CHECKING:
    from trusted_trader.gui.context import Desk
    from trusted_trader.gui.pages.base import Page
    from trusted_trader.gui.workspace.partner_workspace import PartnerWorkspace

# Shown by Help → Keyboard shortcuts; the menus below set the same keys.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+N", "New touch point for the open partner"),
    ("Ctrl+Shift+N", "New partner"),
    ("Ctrl+F", "Focus the filter of the page"),
    ("Ctrl+K", "Find a partner by name, IOR or entry number"),
    ("Ctrl+Enter", "Save the dialog or the plan"),
    ("Esc", "Cancel the dialog"),
    ("Ctrl+P", "Print the engagement plan"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Y or Ctrl+Shift+Z", "Redo"),
    (f"Ctrl+1 … Ctrl+{len(PAGES)}", "Go to a page"),
    ("Ctrl+,", "Settings: who you are, dates, marking, backups"),
    ("F5", "Refresh"),
    ("Enter or double-click", "Open the selected partner"),
    ("Ctrl+D / Ctrl+R", "My week: mark the item done / reschedule it"),
    ("F1", "This list of keyboard shortcuts"),
)


class MainWindow(Protocol):
    """What the menus ask of the window they are built for (the main window is one)."""

    desk: Desk
    partner_context_changed: SignalInstance

    @property
    def workspace(self) -> PartnerWorkspace: ...
    def menuBar(self) -> QMenuBar: ...
    def addToolBar(self, toolbar: QToolBar) -> None: ...
    def close(self) -> bool: ...
    def page(self, key: str) -> Page: ...
    def existing_page(self, key: str) -> Page | None: ...
    def current_page_key(self) -> str | None: ...
    def current_partner_id(self) -> int | None: ...
    def current_plan_id(self) -> int | None: ...
    def show_page(self, key: str) -> None: ...
    def open_partner(self, partner_id: int) -> None: ...
    def show_message(self, text: str, timeout: int = 0) -> None: ...
    def focus_filter(self) -> None: ...
    def refresh(self) -> None: ...
    def new_partner(self) -> None: ...
    def new_touch_point(self) -> None: ...


@dataclass(frozen=True)
class MenuActions:
    """The actions the window and its tests reach again after the menus are built."""

    undo: QAction
    redo: QAction
    new_touch_point: QAction
    new_partner: QAction
    palette: QAction
    delete_partner: QAction
    gate: PartnerActionGate

    def __getitem__(self, name: str) -> QAction:
        action = getattr(self, name)
        assert isinstance(action, QAction)
        return action


def _action(
    window: MainWindow,
    text: str,
    slot: Callable[[], Any],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    icon_name: str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, _widget(window))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon_name:
        action.setIcon(icon(_widget(window), icon_name))
    clean = text.replace("&", "").rstrip("…")
    action.setToolTip(
        f"{tip or clean} ({action.shortcut().toString()})" if shortcut else tip or clean
    )
    action.setStatusTip(tip or clean)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _report_target(window: MainWindow) -> actions.ReportTarget:
    dashboard = window.existing_page("dashboard")
    scope = getattr(dashboard, "scope", None)
    partner_id = window.current_partner_id()
    # Only an open partner's workspace is asked: asking for it would otherwise build it.
    workspace = getattr(window, "workspace", None) if partner_id is not None else None
    overview = getattr(workspace, "overview", None)
    picker = getattr(dashboard, "period_picker", None)
    return actions.ReportTarget(
        partner_id,
        window.current_plan_id(),
        scope() if callable(scope) else None,
        overview.chosen_comparison() if overview is not None else None,
        picker.comparison() if picker is not None else None,
    )


def _widget(window: MainWindow) -> QWidget:
    assert isinstance(window, QWidget)
    return window


def build(window: MainWindow) -> MenuActions:
    """Add the menus and the toolbar to ``window``; return the actions it reaches again."""
    bar = window.menuBar()
    _file_menu(window, bar)
    undo, redo, palette = _edit_menu(window, bar)
    refresh = _view_menu(window, bar)
    new_partner, new_touch, delete_partner = _partner_menu(window, bar)
    _help_menu(window, bar)
    _toolbar(window, [new_partner, new_touch, undo, refresh, palette])
    gate = PartnerActionGate(
        window.desk, lambda partner_id: _known_access(window, partner_id), _widget(window)
    )
    gate.add(new_touch, window.current_partner_id)
    gate.add(delete_partner, lambda: _target_partner(window))
    window.partner_context_changed.connect(gate.schedule)
    return MenuActions(undo, redo, new_touch, new_partner, palette, delete_partner, gate)


def _file_menu(window: MainWindow, bar: QMenuBar) -> None:
    menu = bar.addMenu("&File")
    actions.build_file_menu(menu, window.desk, _widget(window), lambda: _report_target(window))
    menu.addSeparator()
    menu.addAction(_action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit))


def _edit_menu(window: MainWindow, bar: QMenuBar) -> tuple[QAction, QAction, QAction]:
    desk, parent = window.desk, _widget(window)
    menu = bar.addMenu("&Edit")
    undo = desk.undo_stack.createUndoAction(parent, "&Undo")
    undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
    undo.setIcon(icon(parent, "undo"))
    redo = desk.undo_stack.createRedoAction(parent, "&Redo")
    # Both keys on every platform, as the shortcut list says (the standard key is one or other).
    redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    menu.addActions([undo, redo])
    deleted = actions.RECENTLY_DELETED
    menu.addAction(
        _action(window, deleted.text, lambda: actions.open_dialog(desk, parent, deleted))
    )
    menu.addSeparator()
    find = _action(window, "&Filter", window.focus_filter, "Ctrl+F", tip="Focus the page's filter")
    palette = _action(
        window,
        "&Go to partner…",
        lambda: _command_palette(window),
        "Ctrl+K",
        "search",
        "Find a partner by name, IOR or entry number",
    )
    menu.addActions([find, palette])
    menu.addSeparator()
    settings = _action(window, "&Settings…", lambda: open_settings(window), _preferences_key())
    settings.setMenuRole(QAction.MenuRole.PreferencesRole)
    menu.addAction(settings)
    return undo, redo, palette


def _preferences_key() -> QKeySequence:
    """The platform's Preferences key (Cmd+, on macOS); Ctrl+, where it has none (Linux)."""
    bindings = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    return bindings[0] if bindings else QKeySequence("Ctrl+,")


def open_settings(window: MainWindow) -> None:
    from trusted_trader.gui.dialogs.settings_dialog import SettingsDialog

    shown = [d for d in _widget(window).findChildren(SettingsDialog) if d.isVisible()]
    if shown:  # the first-run one is still open: one Settings at a time
        shown[0].raise_()
        shown[0].activateWindow()
        return
    SettingsDialog(window.desk, _widget(window)).exec()


def _view_menu(window: MainWindow, bar: QMenuBar) -> QAction:
    menu = bar.addMenu("&View")
    for number, (key, label, _m, _c) in enumerate(PAGES, 1):
        menu.addAction(
            _action(window, label, partial(window.show_page, key), f"Ctrl+{number}", key)
        )
    menu.addSeparator()
    refresh = _action(
        window, "&Refresh", window.refresh, QKeySequence.StandardKey.Refresh, "refresh"
    )
    refresh.setShortcuts([QKeySequence("F5")])
    menu.addAction(refresh)
    return refresh


def _partner_menu(window: MainWindow, bar: QMenuBar) -> tuple[QAction, QAction, QAction]:
    menu = bar.addMenu("&Partner")
    new_partner = _action(window, "New &partner…", window.new_partner, "Ctrl+Shift+N", "new")
    new_touch = _action(
        window, "New &touch point…", window.new_touch_point, "Ctrl+N", "add", "New touch point"
    )
    menu.addActions([new_partner, new_touch])
    menu.addSeparator()
    delete_partner = _action(
        window, "&Delete partner…", lambda: _delete_partner(window), icon_name="delete"
    )
    menu.addAction(delete_partner)
    return new_partner, new_touch, delete_partner


def _help_menu(window: MainWindow, bar: QMenuBar) -> None:
    menu = bar.addMenu("&Help")
    menu.addAction(_action(window, "&Keyboard shortcuts", lambda: _shortcuts(window), "F1", "help"))
    menu.addAction(_action(window, "&About Trusted Trader", lambda: _about(window)))


def _toolbar(window: MainWindow, shared: list[QAction]) -> None:
    toolbar = QToolBar("Main toolbar", _widget(window))
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setIconSize(QSize(18, 18))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    print_action = _action(
        window,
        "Print",
        lambda: actions.print_report(
            window.desk, _widget(window), actions.REPORTS[0], lambda: _report_target(window)
        ),
        icon_name="print",
        tip="Print the open engagement plan",
    )
    toolbar.addActions([*shared, print_action])
    window.addToolBar(toolbar)


def _target_partner(window: MainWindow) -> int | None:
    """The partner the Partner menu would change: the open one, or the one selected."""
    partner_id = window.current_partner_id()
    if partner_id is None and window.current_page_key() == "partners":
        ids = window.page("partners").selected_partner_ids()  # type: ignore[attr-defined]
        partner_id = ids[0] if len(ids) == 1 else None
    return partner_id


def _known_access(window: MainWindow, partner_id: int) -> tuple[bool, str] | None:
    """What the open workspace found out already, so the database is not asked twice."""
    partner = window.workspace.partner if window.current_partner_id() == partner_id else None
    if partner is None:
        return None
    if not window.workspace.read_only:
        return True, ""
    return False, read_only_reason(partner.legal_name, partner.executive_name)


def _command_palette(window: MainWindow) -> None:
    from trusted_trader.gui.dialogs.command_palette import CommandPalette

    if window.desk.store is None:
        return
    dialog = CommandPalette(window.desk, _widget(window))
    if dialog.exec() and dialog.chosen_partner_id is not None:
        window.open_partner(dialog.chosen_partner_id)


def _delete_partner(window: MainWindow) -> None:
    from trusted_trader.gui.undo import delete_partner_with_undo

    partner_id = _target_partner(window)
    if partner_id is None:
        window.show_message("Select one partner to delete.", 4000)
        return
    if delete_partner_with_undo(window.desk, _widget(window), partner_id):
        window.show_page("partners")


def _shortcuts(window: MainWindow) -> None:
    from trusted_trader.gui.dialogs.about import ShortcutsDialog

    ShortcutsDialog(SHORTCUTS, _widget(window)).exec()


def _about(window: MainWindow) -> None:
    from trusted_trader.gui.dialogs.about import show_about

    show_about(_widget(window))
