"""Deleting a contact, an activity or facilitation, and ending an enrollment: undone by Ctrl+Z."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from trusted_trader.domain.errors import ConflictError
from trusted_trader.gui.context import Desk, Topic
from trusted_trader.gui.qt_dates import show_date
from trusted_trader.gui.undo import _StoreCommand, confirm
from trusted_trader.services.records import (
    ActivityRecord,
    ContactRecord,
    EnrollmentRecord,
    EntryRecord,
    FacilitationRecord,
)

if TYPE_CHECKING:
    from trusted_trader.store.uow import UnitOfWork

T = TypeVar("T")


class DeleteRecord(_StoreCommand, Generic[T]):
    """Delete one of a partner's records; undo puts it back under its old id."""

    def __init__(
        self,
        desk: Desk,
        text: str,
        topic: Topic,
        record: T,
        delete: Callable[[UnitOfWork, int], T],
        restore: Callable[[UnitOfWork, T], T],
    ) -> None:
        super().__init__(desk, text, topic)
        self._record = record
        self._delete = delete
        self._restore = restore

    def redo(self) -> None:
        record_id = int(getattr(self._record, "id"))  # noqa: B009
        self._record = self._apply(lambda uow: self._delete(uow, record_id))

    def undo(self) -> None:
        self._apply(lambda uow: self._restore(uow, self._record))


class EndEnrollment(_StoreCommand):
    """An enrollment ended (already saved when pushed); undo puts its former status back."""

    def __init__(self, desk: Desk, former: EnrollmentRecord, ended: EnrollmentRecord) -> None:
        super().__init__(desk, f"End {_program_name(former)}", Topic.PARTNERS)
        self._record = ended
        self._status = ended.status
        self._former = former.status
        self._first = True

    def redo(self) -> None:
        if self._first:  # ended before the push, where a colleague's change could stop it
            self._first = False
            self._desk.changed(self._topic)
            return
        self._set(self._status)

    def undo(self) -> None:
        self._set(self._former)

    def _set(self, status: str) -> None:
        from trusted_trader.services.programs import end_enrollment

        record = self._record
        self._record = self._apply(
            lambda uow: end_enrollment(uow, record.id, status, record.version)
        )


def _program_name(record: EnrollmentRecord) -> str:
    from trusted_trader.domain.enums import Program

    tier = f" Tier {record.tier}" if record.tier else ""
    return f"{Program(record.program).label}{tier} enrollment"


def delete_with_undo(desk: Desk, parent: QWidget, question: str, command: QUndoCommand) -> bool:
    """Ask, then delete through the undo stack; the status bar says how to undo."""
    if not confirm(parent, question):
        return False
    desk.undo_stack.push(command)
    desk.say(f"Deleted {command.text().removeprefix('Delete ')}. Ctrl+Z brings it back.")
    return True


def delete_contact_with_undo(desk: Desk, parent: QWidget, record: ContactRecord) -> bool:
    from trusted_trader.services.contacts import delete_contact, restore_contact

    command = DeleteRecord(
        desk, f"Delete contact {record.name}", Topic.CONTACTS, record, delete_contact,
        restore_contact,
    )  # fmt: skip
    return delete_with_undo(desk, parent, f"Delete the contact {record.name}?", command)


def delete_activity_with_undo(desk: Desk, parent: QWidget, record: ActivityRecord) -> bool:
    from trusted_trader.services.activities import delete_activity, restore_activity

    return _delete_dated(desk, parent, "activity", Topic.ACTIVITIES, record, delete_activity,
                         restore_activity)  # fmt: skip


def delete_facilitation_with_undo(desk: Desk, parent: QWidget, record: FacilitationRecord) -> bool:
    from trusted_trader.services.facilitation import delete_facilitation, restore_facilitation

    return _delete_dated(desk, parent, "facilitation", Topic.FACILITATION, record,
                         delete_facilitation, restore_facilitation)  # fmt: skip


D = TypeVar("D", ActivityRecord, FacilitationRecord)


def _delete_dated(
    desk: Desk, parent: QWidget, noun: str, topic: Topic, record: D, *calls: Callable[..., D]
) -> bool:
    """A record named by its noun and date ("the activity of 2026-03-02"), deleted with undo;
    ``calls`` are the service's delete and restore."""
    delete, restore = calls
    day = show_date(record.occurred_on)
    command = DeleteRecord(desk, f"Delete {noun} of {day}", topic, record, delete, restore)
    return delete_with_undo(desk, parent, f"Delete the {noun} of {day}?", command)


def end_enrollment_with_undo(
    desk: Desk, parent: QWidget, record: EnrollmentRecord, status: str = "withdrawn"
) -> bool:
    """Ask, then end the enrollment (it stays on file with its dates); Ctrl+Z undoes it."""
    box = QMessageBox(QMessageBox.Icon.Question, "End enrollment", "", parent=parent)
    box.setText(f"End the {_program_name(record)}?")
    box.setInformativeText(
        f"It stays on file as {status}, with its dates. You can undo this with Ctrl+Z."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    if box.exec() != QMessageBox.StandardButton.Yes:
        return False
    from trusted_trader.services.programs import end_enrollment

    try:
        with desk.uow() as uow:
            ended = end_enrollment(uow, record.id, status, record.version)
            uow.commit()
    except ConflictError as exc:
        desk.changed(Topic.PARTNERS)  # the list shows the enrollment as it is now
        desk.say(f"{exc} Nothing was ended; the list now shows their change.")
        return False
    desk.undo_stack.push(EndEnrollment(desk, record, ended))
    desk.say(f"Ended the {_program_name(record)}. Ctrl+Z undoes it.")
    return True


class DeleteEntry(DeleteRecord[EntryRecord]):
    """An entry deleted before the push, where a re-import meanwhile can stop it; undo puts
    it back unless an import brought the same entry number back since."""

    def __init__(self, desk: Desk, record: EntryRecord) -> None:
        from trusted_trader.services.entries import delete_entry, restore_entry

        text = f"Delete entry {record.entry_number}"
        super().__init__(desk, text, Topic.VOLUMES, record, delete_entry, restore_entry)
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            self._desk.changed(self._topic)
            return
        super().redo()

    def undo(self) -> None:
        from trusted_trader.domain.errors import DomainError

        try:
            super().undo()
        except DomainError as exc:
            self._desk.say(f"{self.text()}: not undone. {exc}")
            self._desk.changed(self._topic)


def delete_entry_with_undo(desk: Desk, parent: QWidget, record: EntryRecord) -> bool:
    """Ask, then delete an imported entry as it was shown (its version checked); Ctrl+Z puts
    it back. The month's volume counted from the entries follows either way."""
    from trusted_trader.domain.errors import NotFoundError
    from trusted_trader.services.entries import delete_entry

    if not confirm(parent, f"Delete the entry {record.entry_number}?"):
        return False
    try:
        with desk.uow() as uow:
            held = delete_entry(uow, record.id, expected_version=record.version)
            uow.commit()
    except (ConflictError, NotFoundError) as exc:  # imported again, or gone, since shown
        desk.changed(Topic.VOLUMES)
        desk.say(f"{exc} Nothing was deleted; the list now shows the entries as they are.")
        return False
    command = DeleteEntry(desk, held)
    desk.undo_stack.push(command)
    desk.say(f"Deleted entry {held.entry_number}. Ctrl+Z brings it back.")
    return True
