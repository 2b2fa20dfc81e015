"""The main window's menus, toolbar and keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from trusted_trader.gui import actions
from trusted_trader.gui.action_gate import PartnerActionGate, read_only_reason
from trusted_trader.gui.icons import icon
from trusted_trader.gui.pages import PAGES

if TYPE_CHECKING:
    from trusted_trader.gui.main_window import MainWindow

# Shown by Help → Keyboard shortcuts; the menus below set the same keys.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+N", "New touch point for the open partner"),
    ("Ctrl+Shift+N", "New partner"),
    ("Ctrl+F", "Focus the filter of the page"),
    ("Ctrl+K", "Find a partner by name, IOR or entry number"),
    ("Ctrl+Enter", "Save the dialog or the plan"),
    ("Esc", "Cancel the dialog"),
    ("Ctrl+P", "Print the engagement plan"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"),
    ("Ctrl+1 … Ctrl+6", "Go to a page"),
    ("F5", "Refresh"),
    ("Enter or double-click", "Open the selected partner"),
)


def _action(
    window: MainWindow,
    text: str,
    slot: Callable[[], Any],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    icon_name: str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon_name:
        action.setIcon(icon(window, icon_name))
    clean = text.replace("&", "").rstrip("…")
    action.setToolTip(
        f"{tip or clean} ({action.shortcut().toString()})" if shortcut else tip or clean
    )
    action.setStatusTip(tip or clean)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def import_data(window: MainWindow) -> Callable[[], None]:
    entry = actions.FILE_DIALOGS[0]
    assert entry is not None
    return lambda: actions.open_dialog(window.desk, window, entry)


def _report_target(window: MainWindow) -> actions.ReportTarget:
    dashboard = window.existing_page("dashboard")
    scope = getattr(dashboard, "scope", None)
    return actions.ReportTarget(
        window.current_partner_id(), window.current_plan_id(), scope() if callable(scope) else None
    )


def build(window: MainWindow) -> None:
    desk = window.desk
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    actions.build_file_menu(file_menu, desk, window, lambda: _report_target(window))
    file_menu.addSeparator()
    file_menu.addAction(_action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit))

    edit_menu = bar.addMenu("&Edit")
    undo = desk.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
    undo.setIcon(icon(window, "undo"))
    redo = desk.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcut(QKeySequence(QKeySequence.StandardKey.Redo))
    edit_menu.addActions([undo, redo])
    deleted = actions.RECENTLY_DELETED
    edit_menu.addAction(
        _action(window, deleted.text, lambda: actions.open_dialog(desk, window, deleted))
    )
    edit_menu.addSeparator()
    find = _action(window, "&Filter", window.focus_filter, "Ctrl+F", tip="Focus the page's filter")
    palette = _action(
        window,
        "&Go to partner…",
        lambda: _command_palette(window),
        "Ctrl+K",
        "search",
        "Find a partner by name, IOR or entry number",
    )
    edit_menu.addActions([find, palette])

    view_menu = bar.addMenu("&View")
    for number, (key, label, _m, _c) in enumerate(PAGES, 1):
        view_menu.addAction(
            _action(window, label, partial(window.show_page, key), f"Ctrl+{number}", key)
        )
    view_menu.addSeparator()
    refresh = _action(
        window, "&Refresh", window.refresh, QKeySequence.StandardKey.Refresh, "refresh"
    )
    refresh.setShortcuts([QKeySequence("F5")])
    view_menu.addAction(refresh)

    partner_menu = bar.addMenu("&Partner")
    new_partner = _action(window, "New &partner…", window.new_partner, "Ctrl+Shift+N", "new")
    new_touch = _action(
        window, "New &touch point…", window.new_touch_point, "Ctrl+N", "add", "New touch point"
    )
    partner_menu.addActions([new_partner, new_touch])
    partner_menu.addSeparator()
    delete_partner = _action(
        window, "&Delete partner…", lambda: _delete_partner(window), icon_name="delete"
    )
    partner_menu.addAction(delete_partner)

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(
        _action(window, "&Keyboard shortcuts", lambda: _shortcuts(window), "F1", "help")
    )
    help_menu.addAction(_action(window, "&About Trusted Trader", lambda: _about(window)))

    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setIconSize(QSize(18, 18))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    print_action = _action(
        window,
        "Print",
        lambda: actions.print_report(
            desk, window, actions.REPORTS[0], lambda: _report_target(window)
        ),
        icon_name="print",
        tip="Print the open engagement plan",
    )
    toolbar.addActions([new_partner, new_touch, undo, refresh, palette, print_action])
    window.addToolBar(toolbar)
    window.menu_actions = {  # type: ignore[attr-defined]
        "undo": undo,
        "redo": redo,
        "new_touch_point": new_touch,
        "new_partner": new_partner,
        "palette": palette,
        "delete_partner": delete_partner,
    }
    gate = PartnerActionGate(desk, lambda partner_id: _known_access(window, partner_id), window)
    gate.add(new_touch, window.current_partner_id)
    gate.add(delete_partner, lambda: _target_partner(window))
    window.partner_context_changed.connect(gate.schedule)
    window.action_gate = gate  # type: ignore[attr-defined]


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
    dialog = CommandPalette(window.desk, window)
    if dialog.exec() and dialog.chosen_partner_id is not None:
        window.open_partner(dialog.chosen_partner_id)


def _delete_partner(window: MainWindow) -> None:
    from trusted_trader.gui.undo import delete_partner_with_undo

    partner_id = _target_partner(window)
    if partner_id is None:
        window.show_message("Select one partner to delete.", 4000)
        return
    if delete_partner_with_undo(window.desk, window, partner_id):
        window.show_page("partners")


def _shortcuts(window: MainWindow) -> None:
    from trusted_trader.gui.dialogs.about import ShortcutsDialog

    ShortcutsDialog(SHORTCUTS, window).exec()


def _about(window: MainWindow) -> None:
    from trusted_trader.gui.dialogs.about import show_about

    show_about(window)
