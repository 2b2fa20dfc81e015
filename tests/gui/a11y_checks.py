"""Section 508 checks any window or dialog can be put through: names, tab chain, menus, colours.

A new dialog is found by ``discover_dialogs``; if it cannot be built from the desk and the
window alone, give it a line in ``DIALOG_FACTORIES``.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import pkgutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QWidget,
)

import trusted_trader.gui

# What a user types into or operates: each must be reachable with Tab.
INPUTS = (
    QLineEdit,
    QAbstractSpinBox,
    QComboBox,
    QTextEdit,
    QPlainTextEdit,
    QAbstractButton,
    QAbstractItemView,
)
# Qt's own parts of a composite widget that take focus in its stead (the spin box's line edit).
INNER = {"qt_spinbox_lineedit", "qt_scrollarea_viewport"}


def show_page(qtbot: Any, window: Any, key: str) -> Any:
    """Show the window's page ``key`` with its data loaded."""
    from tests.gui.conftest import settle

    window.show_page(key)
    settle(qtbot, window.desk)
    return window.page(key)


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces: Qt's own answer (own name, buddy label, text)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    name = interface.text(QAccessible.Text.Name) if interface is not None else ""
    return name.replace("&", "").strip()


def shown_in(widget: QWidget, top: QWidget) -> bool:
    return widget.isVisibleTo(top) and widget.isEnabled() and widget.objectName() not in INNER


def focusable_widgets(top: QWidget) -> list[QWidget]:
    """Every widget the user can move the focus to, in ``top``."""
    return [
        w
        for w in top.findChildren(QWidget)
        if shown_in(w, top) and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None
    ]


def unnamed(top: QWidget) -> list[str]:
    """Focusable widgets that a screen reader could only call by their role."""
    return [_describe(w) for w in focusable_widgets(top) if not accessible_name(w)]


def inputs(top: QWidget) -> list[QWidget]:
    return [w for w in focusable_widgets(top) if isinstance(w, INPUTS)]


def tab_chain(top: QWidget, start: QWidget | None = None) -> list[QWidget]:
    """The widgets Tab visits from ``start`` round to where it began, pressing the real key."""
    from PySide6.QtTest import QTest

    first = start or next(iter(focusable_widgets(top)), None)
    if first is None:
        return []
    first.setFocus(Qt.FocusReason.TabFocusReason)
    visited: list[QWidget] = []
    for _step in range(_tab_steps(top)):
        current = top.focusWidget() or first
        while current.focusProxy() is not None:
            current = current.focusProxy()
        if visited and current is visited[0]:
            break
        if current not in visited:
            visited.append(current)
        QTest.keyClick(current, Qt.Key.Key_Tab)
        QApplication.processEvents()
    return visited


def invisible_focus(top: QWidget) -> list[str]:
    """Focusable widgets that look the same with and without the focus (WCAG 2.4.7)."""
    top.activateWindow()
    found = []
    for widget in focusable_widgets(top):
        if widget.width() < 2 or widget.height() < 2:
            continue
        widget.clearFocus()
        QApplication.processEvents()
        unfocused = widget.grab().toImage()
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        # What Qt sets once a key has moved the focus: only then are focus frames drawn.
        top.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
        QApplication.processEvents()
        if widget.hasFocus() and widget.grab().toImage() == unfocused:
            found.append(_describe(widget))
    return found


def _tab_steps(top: QWidget) -> int:
    """Enough presses to go round: an editable grid takes one per cell before Tab leaves it."""
    widgets = focusable_widgets(top)
    cells = sum(
        w.model().rowCount() * w.model().columnCount()
        for w in widgets
        if isinstance(w, QAbstractItemView) and w.tabKeyNavigation() and w.model() is not None
    )
    return 2 * (len(widgets) + cells) + 4


def _owner(widget: QWidget, chain: list[QWidget]) -> bool:
    """The widget is in the chain itself or through the composite that holds it."""
    return any(widget is w or w.isAncestorOf(widget) or widget.isAncestorOf(w) for w in chain)


def unreachable_inputs(top: QWidget, start: QWidget | None = None) -> list[str]:
    chain = tab_chain(top, start)
    return [_describe(w) for w in inputs(top) if not _owner(w, chain)]


def reading_order_breaks(chain: list[QWidget], top: QWidget) -> list[str]:
    """Steps of the tab chain that jump back up and to the left (against reading order).

    A step up and to the right is a new column (the dashboard's second column); a step up
    and to the left means the order was made by creation, not by the page's layout.
    """
    if chain:  # the chain is a ring: read it from its top-left widget
        first = min(chain, key=lambda w: (_place(w, top).y(), _place(w, top).x()))
        chain = chain[chain.index(first) :] + chain[: chain.index(first)]
    breaks = []
    for before, after in itertools.pairwise(chain):
        a, b = _place(before, top), _place(after, top)
        if b.y() + 8 < a.y() and b.x() + 8 < a.x():
            breaks.append(f"{_describe(before)} → {_describe(after)}")
    return breaks


def _place(widget: QWidget, top: QWidget) -> QPoint:
    """Where the widget sits in ``top`` as laid out, whatever a scroll area scrolled to."""
    area = next((a for a in top.findChildren(QScrollArea) if _inside(widget, a)), None)
    if area is None:
        return widget.mapTo(top, QPoint(0, 0))
    content = area.widget()
    return widget.mapTo(content, QPoint(0, 0)) + area.viewport().mapTo(top, QPoint(0, 0))


def _inside(widget: QWidget, area: QScrollArea) -> bool:
    content = area.widget()
    return content is not None and (content is widget or content.isAncestorOf(widget))


def _describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else ""
    return f"{type(widget).__name__}({widget.objectName() or shown or '?'})"


# --- menus ------------------------------------------------------------------------------
def mnemonic(text: str) -> str:
    """The letter after a single '&' ('' when there is none)."""
    index = text.replace("&&", "").find("&")
    return text.replace("&&", "")[index + 1].lower() if 0 <= index < len(text) - 1 else ""


def menu_problems(bar: QMenuBar) -> list[str]:
    """Menus without an Alt letter; actions reachable neither by a letter nor a shortcut."""
    problems = []
    titles = [a.text() for a in bar.actions() if a.menu() is not None]
    letters = [mnemonic(t) for t in titles]
    for title, letter in zip(titles, letters, strict=True):
        if not letter or letters.count(letter) > 1:
            problems.append(f"menu {title!r} has no Alt letter of its own")
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            problems += _menu_action_problems(menu)
    return problems


def _menu_action_problems(menu: QMenu) -> list[str]:
    problems = []
    shown = [a for a in menu.actions() if not a.isSeparator() and a.isVisible()]
    letters = [mnemonic(a.text()) for a in shown]
    for action, letter in zip(shown, letters, strict=True):
        sub = action.menu()
        if isinstance(sub, QMenu):
            problems += _menu_action_problems(sub)
        has_key = not action.shortcut().isEmpty() or not QKeySequence(action.shortcut()).isEmpty()
        if not has_key and (not letter or letters.count(letter) > 1):
            problems.append(f"{menu.title()!r} → {action.text()!r}: no letter, no shortcut")
    return problems


# --- colours ----------------------------------------------------------------------------
def luminance(colour: QColor) -> float:
    """WCAG 2.0 relative luminance."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(one: QColor, other: QColor) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def high_contrast_palette() -> QPalette:
    """White on black, yellow selection: the shape of Windows' "High Contrast Black"."""
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    palette = QPalette(white, black)
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window, QPalette.ColorRole.Button):
        palette.setColor(role, black)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.PlaceholderText,
    ):
        palette.setColor(role, white)
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#1a1a1a"))
    # Frames and bevels in the text colour, as the system's high-contrast themes draw them.
    for role in (
        QPalette.ColorRole.Light,
        QPalette.ColorRole.Midlight,
        QPalette.ColorRole.Mid,
        QPalette.ColorRole.Dark,
        QPalette.ColorRole.Shadow,
    ):
        palette.setColor(role, white)
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#1aebff"))
    palette.setColor(QPalette.ColorRole.HighlightedText, black)
    palette.setColor(QPalette.ColorRole.Link, yellow)
    return palette


# --- dialogs ----------------------------------------------------------------------------
def discover_dialogs() -> list[type[QDialog]]:
    """Every dialog class the window's package defines, its module imported to find it."""
    found: dict[str, type[QDialog]] = {}
    for module_info in pkgutil.walk_packages(trusted_trader.gui.__path__, "trusted_trader.gui."):
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[k] for k in sorted(found)]


# Given the window (with its demo desk), a dialog that needs more than the desk and a parent.
DialogFactory = Callable[[Any], QDialog]


def first_partner_with_plan(window: Any) -> tuple[int, int]:
    """(partner id, plan id) of the first demo partner that has a plan."""
    from trusted_trader.services import partners, plans

    with window.desk.store.uow() as uow:
        for partner in partners.list_partners(uow):
            found = plans.list_plans(uow, partner.id)
            if found:
                return partner.id, found[0].id
    raise AssertionError("the demo data has no plan")


def _preview(window: Any) -> QDialog:
    from trusted_trader.gui.dialogs.report_preview import ReportPreviewDialog
    from trusted_trader.reports.api import ReportOptions, render_plan

    plan_id = first_partner_with_plan(window)[1]
    pdf = render_plan(window.desk.store, plan_id, ReportOptions(today=window.desk.today()))
    return ReportPreviewDialog(pdf, "Engagement plan", "plan.pdf", window)


def _conflict(window: Any) -> QDialog:
    from trusted_trader.gui.dialogs.conflict_dialog import ConflictDialog

    mine, theirs = {"legal_name": "Acme", "status": "active"}, {"legal_name": "Acme Inc"}
    return ConflictDialog(mine, theirs, {"legal_name": "Acme"}, window)


def _error(window: Any) -> QDialog:
    from trusted_trader.gui.dialogs.error_dialog import ErrorDialog

    return ErrorDialog("The disk is full.", "Traceback (most recent call last): …", window)


def _shortcuts(window: Any) -> QDialog:
    from trusted_trader.gui.dialogs.about import ShortcutsDialog
    from trusted_trader.gui.window_menus import SHORTCUTS

    return ShortcutsDialog(SHORTCUTS, window)


def _a_deadline(window: Any) -> Any:
    from trusted_trader.services.deadlines import DeadlineQuery, list_deadlines

    with window.desk.store.uow() as uow:
        return list_deadlines(uow, DeadlineQuery(), window.desk.today())[0]


def _mark_done(window: Any) -> QDialog:
    from trusted_trader.gui.dialogs.deadline_dialogs import MarkDoneDialog

    return MarkDoneDialog(window.desk, _a_deadline(window), window)


def _reschedule(window: Any) -> QDialog:
    from trusted_trader.gui.dialogs.deadline_dialogs import RescheduleDialog

    return RescheduleDialog(window.desk, _a_deadline(window), window)


DIALOG_FACTORIES: dict[str, DialogFactory] = {
    "MarkDoneDialog": _mark_done,
    "RescheduleDialog": _reschedule,
    "ReportPreviewDialog": _preview,
    "ConflictDialog": _conflict,
    "ErrorDialog": _error,
    "ShortcutsDialog": _shortcuts,
}
# Base classes and private parts, checked through the dialogs built on them.
NOT_DIALOGS_OF_THEIR_OWN = {
    "FormDialog",
    "_BusyDialog",
    "_DeadlineDialog",
    "RecordDialog",
    "FileJobDialog",
}


def _by_parameter(window: Any, parameter: inspect.Parameter) -> Any:
    """What the desk has for a constructor parameter, by its name; ``KeyError`` if nothing."""
    if parameter.name == "settings":  # the window's remembered state, or the user's settings
        annotation = str(parameter.annotation)
        return window.desk.ui_state if "QSettings" in annotation else window.desk.settings
    if parameter.name in ("partner_id", "plan_id"):
        partner_id, plan_id = first_partner_with_plan(window)
        return partner_id if parameter.name == "partner_id" else plan_id
    known = {"desk": window.desk, "store": window.desk.store, "parent": window}
    return known[parameter.name]


def build_dialog(cls: type[QDialog], window: Any) -> QDialog:
    """The dialog, from its factory or else from the desk by its parameters' names."""
    if cls.__name__ in DIALOG_FACTORIES:
        return DIALOG_FACTORIES[cls.__name__](window)
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    try:
        arguments = {
            p.name: _by_parameter(window, p)
            for p in parameters
            if p.kind is not p.VAR_KEYWORD and p.kind is not p.VAR_POSITIONAL
            if p.default is p.empty or p.name == "parent"
        }
    except KeyError as missing:
        raise AssertionError(
            f"{cls.__name__} needs {missing}: give it a line in DIALOG_FACTORIES "
            "(tests/gui/a11y_checks.py)"
        ) from None
    return cls(**arguments)


def checked_dialogs() -> Iterator[type[QDialog]]:
    return (c for c in discover_dialogs() if c.__name__ not in NOT_DIALOGS_OF_THEIR_OWN)


@contextmanager
def opened_dialog(qtbot: Any, window: Any, name: str) -> Iterator[QDialog]:
    """The dialog class ``name`` built for ``window``, shown, and closed afterwards."""
    import shiboken6

    from tests.gui.conftest import settle

    cls = next(c for c in checked_dialogs() if c.__name__ == name)
    dialog = build_dialog(cls, window)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, window.desk)
    try:
        yield dialog
    finally:
        settle(qtbot, window.desk)
        if shiboken6.isValid(dialog):
            dialog.reject()
