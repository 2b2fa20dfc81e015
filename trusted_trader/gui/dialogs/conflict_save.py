"""The window's one way to save a versioned record: a conflict is shown and settled, never lost.

Every edit dialog that saves a record someone else may have changed meanwhile calls
``save_versioned`` with a ``VersionedSave``. It runs the save; when the store says the
record moved on (``ConflictError``), it loads the stored record, shows the
``ConflictDialog`` (yours, saved meanwhile, when you opened it, per field), saves the
chosen values against the new version and audits the choice in the same transaction.

A new dialog wires in like this (a contact, say)::

    saved = save_versioned(self, desk, VersionedSave(
        f"The contact {record.name}", "contact", record, fields_of(data),
        fields=lambda r: fields_of(ContactInput(...from r...)),
        write=lambda uow, v, version: update_contact(uow, record.id, ContactInput(**v), version),
        load=lambda uow: get_contact(uow, record.id),
    ))
    if saved is None: ...  # the user went back to editing: keep the dialog open
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtWidgets import QWidget

from trusted_trader.domain.errors import ConflictError, NotFoundError
from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs.conflict_dialog import (
    ConflictChoice,
    ConflictDialog,
    Show,
    label,
    shown,
)

if TYPE_CHECKING:
    from trusted_trader.store.uow import UnitOfWork

R = TypeVar("R")
Values = Mapping[str, object]


@dataclass(frozen=True)
class VersionedSave(Generic[R]):
    """What ``save_versioned`` needs to save one record and settle a conflict on it.

    ``mine`` and ``fields(record)`` speak the same terms (the service's input fields);
    ``write`` saves such values against a version and returns the saved record without
    committing; ``load`` reads the record as stored now (NotFoundError when deleted).
    """

    what: str  # names the record in a sentence: "The partner Acme Imports"
    table: str  # the audit trail's table name: "partner", "touch_point", ...
    opened: R  # the record as the form was filled from it (with .id and .version)
    mine: Values
    fields: Callable[[R], Values]
    write: Callable[[UnitOfWork, Values, int], R]
    load: Callable[[UnitOfWork], R]
    show: Show | None = None  # a field's value in words, where ``shown`` is not enough

    @staticmethod
    def record_id_of(record: object) -> int:
        return int(record.id)  # type: ignore[attr-defined]

    @property
    def partner_id(self) -> int:
        """The partner whose History shows the choice (a partner is its own)."""
        return int(getattr(self.opened, "partner_id", self.record_id_of(self.opened)))

    @staticmethod
    def version(record: object) -> int:
        return int(record.version)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _Settled:
    record_id: int  # of the record as stored: the one the audit row speaks of
    choice: ConflictChoice
    values: Values
    fields: dict[str, tuple[str, str]]  # per contested field: (set aside, kept)


def fields_of(data: object) -> dict[str, object]:
    """A service input dataclass as {field: value}: the terms ``VersionedSave`` speaks."""
    return {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}  # type: ignore[arg-type]


def save_versioned(parent: QWidget | None, desk: Desk, job: VersionedSave[R]) -> R | None:
    """Save ``job``; on a conflict ask the user and save what they chose.

    Returns the saved (or, when they kept theirs, the stored) record; None when the user
    went back to editing. Raises NotFoundError in words when the record was deleted
    meanwhile, and whatever else the service raises (the form shows it).
    """
    values, version, original = job.mine, job.version(job.opened), job.fields(job.opened)
    settled: _Settled | None = None
    while True:
        try:
            return _write(desk, job, values, version, settled)
        except ConflictError:
            pass
        theirs = _load(desk, job)
        settled = _ask(parent, job, values, theirs, original)
        if settled is None:
            return None
        if settled.choice is ConflictChoice.TAKE_THEIRS:
            _audit_only(desk, job, settled)
            return theirs
        # Should a third desk save meanwhile, the next round compares against these.
        values, version, original = settled.values, job.version(theirs), job.fields(theirs)


def _write(
    desk: Desk, job: VersionedSave[R], values: Values, version: int, settled: _Settled | None
) -> R:
    try:
        with desk.uow() as uow:
            saved = job.write(uow, values, version)
            if settled is not None:
                _record(uow, job, settled)
            uow.commit()
    except NotFoundError as exc:
        raise _deleted(job) from exc
    return saved


def _load(desk: Desk, job: VersionedSave[R]) -> R:
    try:
        with desk.uow() as uow:
            return job.load(uow)
    except NotFoundError as exc:
        raise _deleted(job) from exc


def _deleted(job: VersionedSave[Any]) -> NotFoundError:
    return NotFoundError(
        f"{job.what} was deleted by someone else since you opened it, so nothing was saved. "
        "Your entries are still in the form."
    )


def _ask(
    parent: QWidget | None, job: VersionedSave[R], mine: Values, stored: R, original: Values
) -> _Settled | None:
    theirs = job.fields(stored)
    dialog = ConflictDialog(mine, theirs, original, parent, what=job.what, show=job.show)
    choice = dialog.ask()
    if choice is ConflictChoice.CANCEL:
        return None
    values, applied = dialog.resolved()
    show = job.show or (lambda _name, value: shown(value))
    fields = {
        label(name): (show(name, theirs.get(name)), show(name, mine.get(name)))
        if name in applied
        else (show(name, mine.get(name)), show(name, theirs.get(name)))
        for name in dialog.contested()
    }
    return _Settled(job.record_id_of(stored), choice, values, fields)


def _record(uow: UnitOfWork, job: VersionedSave[Any], settled: _Settled) -> None:
    from trusted_trader.services.audit import record_conflict

    record_conflict(
        uow,
        table=job.table,
        record_id=settled.record_id,
        partner_id=job.partner_id,
        choice=settled.choice.value,
        fields=settled.fields,
    )


def _audit_only(desk: Desk, job: VersionedSave[Any], settled: _Settled) -> None:
    with desk.uow() as uow:
        _record(uow, job, settled)
        uow.commit()
