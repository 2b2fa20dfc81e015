"""Data checks: stored records that break a rule added after they were written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from trusted_trader.domain.identifiers import IdentifierError, parse_entry_number
from trusted_trader.store.models import Partner, TouchPoint
from trusted_trader.store.uow import UnitOfWork

__all__ = ["DataProblem", "invalid_entry_numbers", "run_data_checks"]


@dataclass(frozen=True)
class DataProblem:
    """One stored record that fails a check, named so the user can find and correct it."""

    check: str
    table: str
    record_id: int
    partner_id: int
    partner_name: str
    occurred_on: date | None
    value: str
    reason: str

    def describe(self) -> str:
        """One line naming the record, its partner and what is wrong."""
        when = f", {self.occurred_on}" if self.occurred_on else ""
        return (
            f"{self.table.replace('_', ' ')} #{self.record_id} "
            f"({self.partner_name}{when}): {self.reason}"
        )


def invalid_entry_numbers(uow: UnitOfWork) -> list[DataProblem]:
    """Every touch point whose entry number fails CBP's check digit (or its shape).

    Numbers were stored before the check digit was checked, so a database may hold some.
    """
    stmt = (
        select(
            col(TouchPoint.id),
            col(TouchPoint.partner_id),
            col(Partner.legal_name),
            col(TouchPoint.occurred_on),
            col(TouchPoint.entry_number),
        )
        .join(Partner, col(Partner.id) == col(TouchPoint.partner_id))
        .where(col(TouchPoint.entry_number) != "")
        .order_by(col(TouchPoint.id))
    )
    found: list[DataProblem] = []
    rows: Any = uow.connection.execute(stmt)
    for tid, pid, name, day, entry in rows:
        try:
            parse_entry_number(entry)
        except IdentifierError as exc:
            found.append(
                DataProblem(
                    "entry_number", "touch_point", int(tid), int(pid), name, day, entry, str(exc)
                )
            )
    return found


def run_data_checks(uow: UnitOfWork) -> list[DataProblem]:
    """Every data check, in the order the user should work through them."""
    return invalid_entry_numbers(uow)
