"""Shared steps of editing a partner's records: add, change with a version check, delete."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlmodel import SQLModel

from trusted_trader.domain.errors import ConflictError, NotFoundError
from trusted_trader.services import audit
from trusted_trader.services.records import to_record
from trusted_trader.store.bulk import table_of
from trusted_trader.store.models import (
    Contact,
    EngagementActivity,
    FacilitationEntry,
    Partner,
    ProgramEnrollment,
    TouchPoint,
    utc_now,
)
from trusted_trader.store.uow import UnitOfWork
from trusted_trader.store.versioning import claim_version

M = TypeVar("M", bound=SQLModel)
R = TypeVar("R")
# The rows a partner owns one by one, each with its own record.
Owned = TypeVar(
    "Owned", EngagementActivity, Contact, FacilitationEntry, ProgramEnrollment, TouchPoint
)


def require_partner(uow: UnitOfWork, partner_id: int) -> Partner:
    """The partner, unless it is missing or deleted (NotFoundError)."""
    partner = uow.session.get(Partner, partner_id)
    if partner is None or partner.deleted_at is not None:
        raise NotFoundError(f"There is no partner #{partner_id}.")
    return partner


def add_row(uow: UnitOfWork, row: M, *, partner_id: int | None) -> M:
    """Insert a new row and audit its creation."""
    uow.session.add(row)
    uow.session.flush()
    record_id = getattr(row, "id")  # noqa: B009
    audit.record_change(
        uow,
        action="create",
        table=_table(row),
        record_id=record_id,
        partner_id=partner_id,
        after=audit.snapshot(row),
    )
    return row


def load_row(uow: UnitOfWork, model: type[M], record_id: int, what: str) -> M:
    """The row of ``model`` with this id, or NotFoundError naming ``what``."""
    row = uow.session.get(model, record_id)
    if row is None:
        raise NotFoundError(f"There is no {what} #{record_id}.")
    return row


def change_row(
    uow: UnitOfWork,
    row: M,
    changes: Mapping[str, Any],
    *,
    partner_id: int | None,
    expected_version: int | None = None,
    what: str = "This record",
    audited: tuple[Mapping[str, Any], Mapping[str, Any]] = ({}, {}),
) -> M:
    """Apply changes, bump the version and audit it; refuse a stale version.

    ``what`` names the record in the conflict message; ``audited`` adds what the
    audit row should show before and after beside the row's own columns (a
    partner's identifiers, kept in tables of their own).
    """
    version = getattr(row, "version", None)
    stale = expected_version is not None and version != expected_version
    if stale or (version is not None and not _claim(uow, row, version)):
        uow.session.refresh(row)
        raise ConflictError(
            f"{what} was changed by someone else since you opened it.",
            # with the stored version, so that "keep mine" can save against it
            current={**audit.snapshot(row), "version": getattr(row, "version", None)},
        )
    before = {**audit.snapshot(row), **audited[0]}
    for key, value in changes.items():
        setattr(row, key, value)
    if version is not None:
        setattr(row, "version", version + 1)  # noqa: B010
    setattr(row, "updated_at", utc_now())  # noqa: B010
    uow.session.flush()
    audit.record_change(
        uow,
        action="update",
        table=_table(row),
        record_id=getattr(row, "id"),  # noqa: B009
        partner_id=partner_id,
        before=before,
        after={**audit.snapshot(row), **audited[1]},
    )
    return row


def delete_row(uow: UnitOfWork, row: SQLModel, *, partner_id: int | None) -> dict[str, Any]:
    """Delete a row and return what it held, so the deletion can be undone."""
    before = audit.snapshot(row)
    uow.session.delete(row)
    uow.session.flush()
    audit.record_change(
        uow,
        action="delete",
        table=_table(row),
        record_id=before["id"],
        partner_id=partner_id,
        before=before,
    )
    return before


def add_owned(uow: UnitOfWork, row: Owned, record: type[R]) -> R:
    """Insert a row of a partner that must exist and be live, audited; its record."""
    require_partner(uow, row.partner_id)
    return to_record(record, add_row(uow, row, partner_id=row.partner_id))


@dataclass(frozen=True)
class OwnedRows(Generic[Owned, R]):
    """One kind of row a partner owns, read, changed, deleted and put back as its record."""

    model: type[Owned]
    record: type[R]
    what: str  # the row's name in messages: "There is no contact #7."
    # The row's own fields, given as keywords, checked and in normal form (ValidationError
    # otherwise): where one function does it for a new row and a change alike.
    columns: Callable[..., dict[str, Any]] | None = None

    def get(self, uow: UnitOfWork, record_id: int) -> R:
        """The row as stored now, as its record (NotFoundError once deleted)."""
        return to_record(self.record, load_row(uow, self.model, record_id, self.what))

    def add(self, uow: UnitOfWork, partner_id: int, **fields: Any) -> R:
        """A new row of a partner that must exist and be live, its fields checked, audited."""
        return add_owned(
            uow, self.model(partner_id=partner_id, **self._checked(fields)), self.record
        )

    def update(
        self,
        uow: UnitOfWork,
        record_id: int,
        fields: Mapping[str, Any],
        expected_version: int | None,
    ) -> R:
        """Save the row's changed fields, checked as for a new row; refuses a stale version."""
        return self.change(uow, record_id, self._checked(fields), expected_version)

    def _checked(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        if self.columns is None:
            raise TypeError(f"a {self.what} is added and changed by its own service functions")
        return self.columns(**fields)

    def change(
        self,
        uow: UnitOfWork,
        record_id: int,
        changes: Mapping[str, Any],
        expected_version: int | None,
    ) -> R:
        """Change the row through the version check (ConflictError when stale), audited."""
        row = load_row(uow, self.model, record_id, self.what)
        changed = change_row(
            uow,
            row,
            changes,
            partner_id=row.partner_id,
            expected_version=expected_version,
            what=f"This {self.what}",
        )
        return to_record(self.record, changed)

    def delete(self, uow: UnitOfWork, record_id: int) -> R:
        """Delete the row, audited, and return what it held, so that undo can put it back."""
        row = load_row(uow, self.model, record_id, self.what)
        held = to_record(self.record, row)
        delete_row(uow, row, partner_id=row.partner_id)
        return held

    def restore(self, uow: UnitOfWork, record: R) -> R:
        """Put back a deleted row under its old id (undo), audited as a creation."""
        values = {k: v for k, v in record.__dict__.items() if k != "version"}
        row = self.model(**values)
        return to_record(self.record, add_row(uow, row, partner_id=row.partner_id))


def _claim(uow: UnitOfWork, row: SQLModel, version: int) -> bool:
    record_id = int(getattr(row, "id"))  # noqa: B009
    return claim_version(uow.connection, table_of(type(row)), record_id, version)


def _table(row: SQLModel) -> str:
    return str(getattr(row, "__tablename__"))  # noqa: B009
