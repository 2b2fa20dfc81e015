"""What pages share: loading when shown, reloading when data changes, the title row."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from trusted_trader.gui.context import Desk, Topic


class Page(QWidget):
    """A page loads its data when shown after the store opens, and again when data changes."""

    title = ""
    watches: frozenset[Topic] = frozenset()  # which data_changed topics make it reload

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._stale = True
        desk.store_opened.connect(self.mark_stale)
        desk.data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, what: str) -> None:
        if what == Topic.ALL or what in self.watches:
            self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        if self.desk.store is None:
            return
        self._stale = False
        self.load()

    def load(self) -> None:
        """Read the page's data (off the GUI thread when it can be large)."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def focus_filter(self) -> None:
        """Ctrl+F: pages with a filter field focus it."""


def page_layout(widget: QWidget, title: str) -> tuple[QVBoxLayout, QHBoxLayout]:
    """A page's outer layout with its title row; returns (layout, title row)."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(20, 16, 20, 12)
    layout.setSpacing(10)
    row = QHBoxLayout()
    label = QLabel(title)
    label.setObjectName("pageTitle")
    row.addWidget(label)
    row.addStretch(1)
    layout.addLayout(row)
    return layout, row
