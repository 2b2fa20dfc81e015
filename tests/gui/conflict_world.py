"""Two desks on one database, and a hand that answers the conflict dialog when it shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication

from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs.conflict_dialog import ConflictDialog
from trusted_trader.services.audit import partner_history
from trusted_trader.services.records import AuditRecord

COLLEAGUE = "colleague@cbp.dhs.gov"


class ModalHand:
    """Answers the next modal dialog of ``kind`` with a button (and, first, per-field choices)."""

    def __init__(
        self, label: str, keep_mine: dict[str, bool] | None = None, kind: type = ConflictDialog
    ) -> None:
        self.label = label
        self.keep_mine = keep_mine or {}
        self.kind = kind
        self.seen: list[Any] = []
        self.contested: list[str] = []
        self._tries = 0
        QTimer.singleShot(0, self._answer)

    def _answer(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, self.kind):
            self._tries += 1
            if self._tries < 500:  # the save has not reached the dialog yet
                QTimer.singleShot(10, self._answer)
            return
        self.seen.append(dialog)
        if isinstance(dialog, ConflictDialog):
            self.contested = dialog.contested()
            for name, mine in self.keep_mine.items():
                dialog.set_keep(name, mine)
        buttons = dialog.findChildren(QAbstractButton)
        [button] = [b for b in buttons if b.text().replace("&", "") == self.label]
        button.click()


ConflictHand = ModalHand


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


def dialog_opener(build: Callable[[Desk, Any, int, int], Any]) -> Callable[..., Any]:
    """Opens my edit dialog on the record as stored now: ``build(desk, uow, pid, rid)``."""

    def open_dialog(qtbot: Any, desk: Desk, store: Any, pid: int, rid: int) -> Any:
        with store.uow() as uow:
            dialog = build(desk, uow, pid, rid)
        qtbot.addWidget(dialog)
        return dialog

    return open_dialog


def typer(**texts: str) -> Callable[[Any], None]:
    """Types into the dialog's fields by attribute name (line and plain-text edits)."""

    def type_into(dialog: Any) -> None:
        for name, text in texts.items():
            widget = getattr(dialog, name)
            (widget.setPlainText if hasattr(widget, "setPlainText") else widget.setText)(text)

    return type_into


def shown_tab(qtbot: Any, tab: Any, store: Any, pid: int, ready: Callable[[], bool]) -> Any:
    """A workspace tab on the partner, shown, once ``ready`` says it has loaded."""
    from trusted_trader.services.partners import get_partner

    qtbot.addWidget(tab)
    with store.uow() as uow:
        tab.set_partner(get_partner(uow, pid))
    tab.show()
    qtbot.waitUntil(ready)
    return tab
