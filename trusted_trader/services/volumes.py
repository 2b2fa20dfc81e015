"""Monthly entry volume per partner: the denominator of every touch-point rate.

A month's volume is counted from its imported entries where it has any, else it is the
reported total (typed in or imported as a total). Editing here changes the reported total.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlmodel import col

from trusted_trader.domain.errors import NotFoundError, Problem, ValidationError
from trusted_trader.domain.periods import check_day
from trusted_trader.services.editing import add_row, change_row, require_partner
from trusted_trader.services.records import VolumeRecord, to_record
from trusted_trader.store.models import MonthlyVolume, PortVolume
from trusted_trader.store.uow import UnitOfWork

# Far above any importer's month (all U.S. formal entries are about 40 million a year),
# and within a 32-bit column, so sums over a Center and many years never overflow.
MAX_ENTRIES = 100_000_000
MAX_ENTERED_VALUE_USD = 1e15


def validate_volume(month: date, entries: int, entered_value_usd: float) -> None:
    """Check a monthly volume; raise every problem at once."""
    problems: list[Problem] = []
    if month.day != 1:
        problems.append(Problem("month", str(month), "must be the first day of a month"))
    try:
        check_day(month)
    except ValueError as exc:
        problems.append(Problem("month", str(month), str(exc)))
    if entries < 0:
        problems.append(Problem("entries", str(entries), "cannot be negative"))
    elif entries > MAX_ENTRIES:
        problems.append(Problem("entries", str(entries), f"is more than {MAX_ENTRIES:,}"))
    if entered_value_usd < 0:
        problems.append(Problem("entered_value_usd", str(entered_value_usd), "cannot be negative"))
    elif not entered_value_usd <= MAX_ENTERED_VALUE_USD:  # also NaN
        problems.append(
            Problem("entered_value_usd", str(entered_value_usd), "is more than $1,000 trillion")
        )
    if problems:
        raise ValidationError(problems)


def set_monthly_volume(
    uow: UnitOfWork,
    partner_id: int,
    month: date,
    entries: int,
    entered_value_usd: float = 0.0,
    *,
    expected_version: int | None = None,
) -> VolumeRecord:
    """Create or replace the reported total of one partner-month; a stale version is refused.

    ``expected_version`` 0 says the month had no volume when it was shown: one saved
    meanwhile is then a conflict too. The figures counted from imported entries are
    left as they are: a month with entries keeps counting them.
    """
    month = month.replace(day=1)
    validate_volume(month, entries, entered_value_usd)
    require_partner(uow, partner_id)
    row = _month_row(uow, partner_id, month)
    if row is None:
        new = MonthlyVolume(
            partner_id=partner_id,
            month=month,
            entries=entries,
            entered_value_usd=entered_value_usd,
            reported=True,
        )
        return _record(add_row(uow, new, partner_id=partner_id))
    changes = {"entries": entries, "entered_value_usd": entered_value_usd, "reported": True}
    changed = change_row(
        uow, row, changes, partner_id=partner_id, expected_version=expected_version
    )
    return _record(changed)


def get_monthly_volume(uow: UnitOfWork, partner_id: int, month: date) -> VolumeRecord:
    """One partner-month's volume as stored now (NotFoundError when there is none)."""
    row = _month_row(uow, partner_id, month.replace(day=1))
    if row is None:
        raise NotFoundError(f"There is no volume for {month:%Y-%m}.")
    return _record(row)


def _month_row(uow: UnitOfWork, partner_id: int, month: date) -> MonthlyVolume | None:
    stmt = select(MonthlyVolume).where(
        col(MonthlyVolume.partner_id) == partner_id, col(MonthlyVolume.month) == month
    )
    return uow.session.execute(stmt).scalars().first()


def list_volumes(uow: UnitOfWork, partner_id: int) -> list[VolumeRecord]:
    """A partner's monthly volumes, by month: reported ones and those only entries gave."""
    stmt = (
        select(MonthlyVolume)
        .where(col(MonthlyVolume.partner_id) == partner_id)
        .order_by(col(MonthlyVolume.month))
    )
    return [_record(dict(r)) for r in uow.connection.execute(stmt).mappings()]


def _record(row: MonthlyVolume | dict[str, object]) -> VolumeRecord:
    record = to_record(VolumeRecord, row)
    # SQLite hands a boolean back as 0 or 1.
    return replace(record, reported=bool(record.reported))


@dataclass(frozen=True)
class PortMonth:
    """A partner-month's entries at one port, counted from its imported entries."""

    port_code: str
    entries: int
    entered_value_usd: float


def list_port_volumes(uow: UnitOfWork, partner_id: int, month: date) -> list[PortMonth]:
    """A partner-month's entries by port, the busiest port first (empty without entries)."""
    p = PortVolume
    stmt = (
        select(col(p.port_code), col(p.entries), col(p.entered_value_usd))
        .where(col(p.partner_id) == partner_id, col(p.month) == month.replace(day=1))
        .order_by(col(p.entries).desc(), col(p.port_code))
    )
    return [
        PortMonth(str(m["port_code"]), int(m["entries"]), float(m["entered_value_usd"]))
        for m in uow.connection.execute(stmt).mappings()
    ]
