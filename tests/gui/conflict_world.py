"""Two desks on one database, and a hand that answers the conflict dialog when it shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from trusted_trader.gui.dialogs.conflict_dialog import ConflictDialog
from trusted_trader.services.audit import partner_history
from trusted_trader.services.records import AuditRecord

COLLEAGUE = "colleague@cbp.dhs.gov"


class ConflictHand:
    """Answers the next conflict dialog with a button (and, first, per-field choices)."""

    def __init__(self, label: str, keep_mine: dict[str, bool] | None = None) -> None:
        self.label = label
        self.keep_mine = keep_mine or {}
        self.seen: list[ConflictDialog] = []
        self.contested: list[str] = []
        self._tries = 0
        QTimer.singleShot(0, self._answer)

    def _answer(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConflictDialog):
            self._tries += 1
            if self._tries < 500:  # the save has not reached the dialog yet
                QTimer.singleShot(10, self._answer)
            return
        self.seen.append(dialog)
        self.contested = dialog.contested()
        for name, mine in self.keep_mine.items():
            dialog.set_keep(name, mine)
        [button] = [b for b in dialog.findChildren(QPushButton) if b.text() == self.label]
        button.click()


def history(store: Any, partner_id: int) -> list[AuditRecord]:
    with store.uow() as uow:
        return partner_history(uow, partner_id)


def conflict_entries(store: Any, partner_id: int) -> list[AuditRecord]:
    return [r for r in history(store, partner_id) if r.action == "conflict"]


def updates_of(store: Any, partner_id: int, field: str) -> list[Any]:
    """The new values updates gave ``field``, oldest first (on PostgreSQL both desks sign
    with the database login, so the values, not the signatures, tell the users apart)."""
    return [
        r.changes[field][1]
        for r in reversed(history(store, partner_id))
        if r.action == "update" and field in r.changes
    ]


def in_their_desk(other: Any, change: Callable[[Any], object]) -> None:
    with other.uow() as uow:
        change(uow)
        uow.commit()


DAY = date(2026, 3, 2)
