"""Ctrl+K: jump to a partner by name, IOR number or entry number."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trusted_trader.gui.context import Desk
from trusted_trader.gui.models.partners import search_key
from trusted_trader.gui.widgets import caption_label
from trusted_trader.gui.window_size import remember_size
from trusted_trader.services.records import PartnerSummary

MAX_SHOWN = 50


class CommandPalette(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.chosen_partner_id: int | None = None
        self.setWindowTitle("Go to partner")
        remember_size(self, "command_palette", QSize(560, 420))
        layout = QVBoxLayout(self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Partner name, IOR number or entry number")
        self.search_edit.setAccessibleName("Search partners")
        self.search_edit.setClearButtonEnabled(True)
        layout.addWidget(self.search_edit)
        self.result_list = QListWidget(self)
        self.result_list.setAccessibleName("Matching partners")
        layout.addWidget(self.result_list, 1)
        self.hint_label = caption_label("Loading partners…", self)
        layout.addWidget(self.hint_label)
        self._partners: list[PartnerSummary] = []
        self._keys: list[str] = []
        self._entry_timer = QTimer(self)
        self._entry_timer.setSingleShot(True)
        self._entry_timer.setInterval(250)
        self._entry_timer.timeout.connect(self._look_up_entry)
        self.search_edit.textChanged.connect(self._refresh)
        self.search_edit.returnPressed.connect(self._choose_current)
        self.result_list.itemActivated.connect(self._choose)
        self.search_edit.installEventFilter(self)
        self._load()

    def _load(self) -> None:
        from trusted_trader.services.partners import list_partners

        with self.desk.uow() as uow:
            self._partners = list_partners(uow, today=self.desk.today())
        self._keys = [search_key(p) for p in self._partners]
        self._refresh(self.search_edit.text())

    def _refresh(self, text: str) -> None:
        words = text.casefold().split()
        self.result_list.clear()
        shown = 0
        for partner, key in zip(self._partners, self._keys, strict=True):
            if words and not all(w in key for w in words):
                continue
            self._add(
                partner.id, partner.legal_name, f"{partner.ior_numbers} · {partner.center_code}"
            )
            shown += 1
            if shown >= MAX_SHOWN:
                break
        self.result_list.setCurrentRow(0)
        self.hint_label.setText(f"{shown} shown · Enter opens · Esc closes")
        self._entry_timer.start()

    def _add(self, partner_id: int, name: str, detail: str) -> None:
        item = QListWidgetItem(f"{name}    {detail}")
        item.setData(Qt.ItemDataRole.UserRole, partner_id)
        self.result_list.addItem(item)

    def _look_up_entry(self) -> None:
        from trusted_trader.services.portfolio import partners_with_entry

        text = self.search_edit.text().strip()
        if len(text) < 11:
            return
        with self.desk.uow() as uow:
            found = partners_with_entry(uow, text)
        for partner_id, name in found:
            self.result_list.insertItem(0, f"{name}    entry {text.upper()}")
            self.result_list.item(0).setData(Qt.ItemDataRole.UserRole, partner_id)
        if found:
            self.result_list.setCurrentRow(0)

    def eventFilter(self, watched: object, event: object) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if (
            watched is self.search_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = min(max(self.result_list.currentRow() + step, 0), self.result_list.count() - 1)
            self.result_list.setCurrentRow(row)
            return True
        return False

    def _choose_current(self) -> None:
        item = self.result_list.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        self.chosen_partner_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
