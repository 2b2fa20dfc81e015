"""Deleting asks first and can be undone: each delete is a command on the undo stack."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.services.records import TouchPointRecord


def confirm(parent: QWidget, question: str, detail: str = "") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, "Delete", question, parent=parent)
    box.setInformativeText(detail or "You can undo this with Edit → Undo (Ctrl+Z).")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


class DeletePartner(QUndoCommand):
    def __init__(self, desk: Desk, partner_id: int, name: str) -> None:
        super().__init__(f"Delete partner {name}")
        self._desk = desk
        self._partner_id = partner_id

    def redo(self) -> None:
        from trusted_trader.services.partners import delete_partner

        with self._desk.uow() as uow:
            delete_partner(uow, self._partner_id)
            uow.commit()
        self._desk.changed(Topic.PARTNERS)

    def undo(self) -> None:
        from trusted_trader.services.partners import restore_partner

        with self._desk.uow() as uow:
            restore_partner(uow, self._partner_id)
            uow.commit()
        self._desk.changed(Topic.PARTNERS)


class DeleteTouchPoint(QUndoCommand):
    def __init__(self, desk: Desk, record: TouchPointRecord) -> None:
        super().__init__(f"Delete touch point of {record.occurred_on:%Y-%m-%d}")
        self._desk = desk
        self._record = record

    def redo(self) -> None:
        from trusted_trader.services.touch_points import delete_touch_point

        with self._desk.uow() as uow:
            self._record = delete_touch_point(uow, self._record.id)
            uow.commit()
        self._desk.changed(Topic.TOUCH_POINTS)

    def undo(self) -> None:
        from trusted_trader.services.touch_points import restore_touch_point

        with self._desk.uow() as uow:
            restore_touch_point(uow, self._record)
            uow.commit()
        self._desk.changed(Topic.TOUCH_POINTS)


def delete_partner_with_undo(desk: Desk, parent: QWidget, partner_id: int) -> bool:
    from trusted_trader.services.partners import get_partner

    with desk.uow() as uow:
        name = get_partner(uow, partner_id).legal_name
    if not confirm(parent, f"Delete the partner {name}?"):
        return False
    desk.undo_stack.push(DeletePartner(desk, partner_id, name))
    desk.say(f"Deleted {name}. Ctrl+Z brings it back.")
    return True


def delete_touch_point_with_undo(desk: Desk, parent: QWidget, record: TouchPointRecord) -> bool:
    if not confirm(
        parent, f"Delete the {record.kind.upper()} touch point of {record.occurred_on}?"
    ):
        return False
    desk.undo_stack.push(DeleteTouchPoint(desk, record))
    desk.say("Touch point deleted. Ctrl+Z brings it back.")
    return True
