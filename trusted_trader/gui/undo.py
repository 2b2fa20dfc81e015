"""Deleting asks first and can be undone: each delete is a command on the undo stack."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.qt_dates import show_date
from trusted_trader.services.records import TouchPointRecord

if TYPE_CHECKING:
    from trusted_trader.services.deadline_actions import DeadlineChange
    from trusted_trader.store.uow import UnitOfWork

T = TypeVar("T")


def confirm(parent: QWidget, question: str, detail: str = "") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, "Delete", question, parent=parent)
    box.setInformativeText(detail or "You can undo this with Edit → Undo (Ctrl+Z).")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


class _StoreCommand(QUndoCommand):
    """An undoable change: each step runs in its own unit of work, then the pages reload."""

    def __init__(self, desk: Desk, text: str, topic: Topic) -> None:
        super().__init__(text)
        self._desk = desk
        self._topic = topic

    def _apply(self, change: Callable[[UnitOfWork], T]) -> T:
        with self._desk.uow() as uow:
            result = change(uow)
            uow.commit()
        self._desk.changed(self._topic)
        return result


class DeletePartner(_StoreCommand):
    def __init__(self, desk: Desk, partner_id: int, name: str) -> None:
        super().__init__(desk, f"Delete partner {name}", Topic.PARTNERS)
        self._partner_id = partner_id

    def redo(self) -> None:
        from trusted_trader.services.partners import delete_partner

        self._apply(lambda uow: delete_partner(uow, self._partner_id))

    def undo(self) -> None:
        from trusted_trader.services.partners import restore_partner

        self._apply(lambda uow: restore_partner(uow, self._partner_id))


class DeleteTouchPoint(_StoreCommand):
    def __init__(self, desk: Desk, record: TouchPointRecord) -> None:
        text = f"Delete touch point of {show_date(record.occurred_on)}"
        super().__init__(desk, text, Topic.TOUCH_POINTS)
        self._record = record

    def redo(self) -> None:
        from trusted_trader.services.touch_points import delete_touch_point

        self._record = self._apply(lambda uow: delete_touch_point(uow, self._record.id))

    def undo(self) -> None:
        from trusted_trader.services.touch_points import restore_touch_point

        self._apply(lambda uow: restore_touch_point(uow, self._record))


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
        parent, f"Delete the {record.kind.upper()} touch point of {show_date(record.occurred_on)}?"
    ):
        return False
    desk.undo_stack.push(DeleteTouchPoint(desk, record))
    desk.say("Touch point deleted. Ctrl+Z brings it back.")
    return True


class DeadlineEdit(_StoreCommand):
    """A deadline marked done or moved: done already when pushed; undo puts it back."""

    def __init__(self, desk: Desk, change: DeadlineChange) -> None:
        topic = {
            "touch_point": Topic.TOUCH_POINTS,
            "program_enrollment": Topic.PARTNERS,
        }.get(change.record_table, Topic.PLANS)
        super().__init__(desk, change.summary, topic)
        self._change = change
        self._first = True

    def redo(self) -> None:
        if self._first:  # the change was made (and could fail) before the push
            self._first = False
            self._desk.changed(self._topic)
            return
        self._flip()

    def undo(self) -> None:
        self._flip()

    def _flip(self) -> None:
        from trusted_trader.domain.errors import DomainError
        from trusted_trader.services.deadline_actions import undo_change

        try:
            self._change = self._apply(lambda uow: undo_change(uow, self._change))
        except DomainError as exc:  # changed again since (by a colleague): theirs stays
            self._desk.say(f"{self.text()}: not undone. {exc}")
            self._desk.changed(self._topic)


def change_deadline(desk: Desk, act: Callable[[UnitOfWork], DeadlineChange]) -> DeadlineChange:
    """Make a deadline's change in one transaction, then offer it for undo."""
    with desk.uow() as uow:
        change = act(uow)
        uow.commit()
    desk.undo_stack.push(DeadlineEdit(desk, change))
    desk.say(f"{change.summary}. Ctrl+Z undoes it.")
    return change
