"""Windows and dialogs that open inside the screen, can be resized, and keep the size given."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

# Room kept free around a window for its frame and title bar, which the platform adds.
FRAME_ALLOWANCE = QSize(16, 40)


def available_area(widget: QWidget) -> QRect:
    """The usable part of the screen the widget is on (or will open on): no task bar, no dock."""
    screen = widget.screen() if widget.isVisible() else None
    parent = widget.parentWidget()
    if screen is None and parent is not None:
        screen = parent.screen()
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def fitted(size: QSize, widget: QWidget) -> QSize:
    """``size`` made small enough for the widget's screen, frame included."""
    area = available_area(widget).size() - FRAME_ALLOWANCE
    return size.boundedTo(area).expandedTo(widget.minimumSize())


class _SizeKeeper(QObject):
    """Sizes its window on the first show (saved size or its own, fitted); saves it on hide."""

    def __init__(self, window: QWidget, key: str, state: QSettings | None) -> None:
        super().__init__(window)
        self._key = f"dialogs/{key}/size"
        self._state = state
        self._shown = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QWidget):
            return False
        if event.type() == QEvent.Type.Show and not self._shown:
            self._shown = True
            watched.resize(fitted(self._saved() or watched.size(), watched))
        elif event.type() == QEvent.Type.Hide and self._shown and self._state is not None:
            self._state.setValue(self._key, watched.size())
        return False

    def _saved(self) -> QSize | None:
        value = self._state.value(self._key) if self._state is not None else None
        return value if isinstance(value, QSize) and value.isValid() else None


def ui_state_of(widget: QWidget) -> QSettings | None:
    """The window state settings of the desk the widget belongs to, if any parent knows it."""
    current: QObject | None = widget
    while current is not None:
        desk = getattr(current, "desk", None)
        state = getattr(desk, "ui_state", None)
        if isinstance(state, QSettings):
            return state
        current = current.parent()
    return None


def remember_size(
    window: QWidget, key: str, default: QSize | None = None, state: QSettings | None = None
) -> None:
    """Open ``window`` at its saved size (else ``default``) fitted to the screen; keep the size.

    Every dialog calls this once in its constructor; ``state`` defaults to the desk's
    ui_state found through the parents (without one the size is fitted, not remembered).
    """
    if default is not None:
        window.resize(default)
    if isinstance(window, QDialog):
        window.setSizeGripEnabled(True)
    _SizeKeeper(window, key, state if state is not None else ui_state_of(window))
