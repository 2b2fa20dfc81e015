"""A partner's imported entries: read a page at a time, delete one (audited) and put it back.

Entries come in by import (``trusted-trader import entries``); here they are read and, one
at a time, taken out again — an entry filed under the wrong importer, say. Deleting or
restoring one counts the partner's derived volumes again in the same transaction
(``entry_volumes.refresh_derived``), so the rates never divide by an entry that is gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import col

from trusted_trader.domain.errors import ConflictError
from trusted_trader.domain.periods import MonthRange
from trusted_trader.services.editing import add_row, delete_row, load_row, require_partner
from trusted_trader.services.entry_volumes import refresh_derived
from trusted_trader.services.records import EntryRecord, to_record
from trusted_trader.store.bulk import table_of
from trusted_trader.store.models import CustomsEntry
from trusted_trader.store.uow import UnitOfWork
from trusted_trader.store.versioning import claim_version

__all__ = [
    "ENTRY_ORDERS",
    "EntryQuery",
    "count_entries",
    "delete_entry",
    "entry_ports",
    "get_entry",
    "list_entries",
    "restore_entry",
]

# What a list of entries can be ordered by (ties: the newest entry first).
ENTRY_ORDERS = (
    "date", "entry", "summary_date", "port", "filer", "lines", "value", "hts",
)  # fmt: skip
_LIKE_ESCAPE = "\\"
MAX_SEARCH = 100  # characters of a search: more than any entry or HTS number has


@dataclass(frozen=True)
class EntryQuery:
    """Which of a partner's entries, in what order, and which page of them."""

    partner_id: int
    months: MonthRange | None = None  # the entries' months (entry date's, else summary date's)
    port_code: str = ""  # one port; empty for every port
    text: str = ""  # part of the entry number (dashes optional) or of an HTS number
    order: str = "date"  # one of ENTRY_ORDERS
    descending: bool = True
    limit: int = 200
    offset: int = 0


def list_entries(uow: UnitOfWork, query: EntryQuery) -> list[EntryRecord]:
    """A page of the partner's entries; the database filters, orders and pages."""
    stmt = (
        select(CustomsEntry)
        .where(*_conditions(query))
        .order_by(*_order(query))
        .limit(max(0, query.limit))
        .offset(max(0, query.offset))
    )
    rows = uow.connection.execute(stmt).mappings()
    return [to_record(EntryRecord, dict(r)) for r in rows]


def count_entries(uow: UnitOfWork, query: EntryQuery) -> int:
    """How many of the partner's entries the query matches (its page aside)."""
    stmt = select(func.count()).select_from(CustomsEntry).where(*_conditions(query))
    return int(uow.connection.execute(stmt).scalar_one())


def entry_ports(uow: UnitOfWork, partner_id: int) -> list[str]:
    """The port codes the partner's entries were filed at, in order (empty ones left out)."""
    e = CustomsEntry
    stmt = (
        select(col(e.port_code))
        .distinct()
        .where(col(e.partner_id) == partner_id, col(e.port_code) != "")
        .order_by(col(e.port_code))
    )
    return [str(p) for p in uow.connection.execute(stmt).scalars()]


def get_entry(uow: UnitOfWork, entry_id: int) -> EntryRecord:
    """One entry as stored now (NotFoundError once deleted)."""
    return to_record(EntryRecord, load_row(uow, CustomsEntry, entry_id, "entry"))


def delete_entry(
    uow: UnitOfWork, entry_id: int, expected_version: int | None = None
) -> EntryRecord:
    """Delete an entry, audited, and count its partner's volumes again; what it held, for undo.

    With ``expected_version`` an entry changed since it was shown (a re-import updated
    it) is a conflict, and nothing is deleted.
    """
    row = load_row(uow, CustomsEntry, entry_id, "entry")
    require_partner(uow, row.partner_id)  # a deleted partner's records stay as they were
    if expected_version is not None and not _claimed(uow, row, expected_version):
        uow.session.refresh(row)
        raise ConflictError(
            f"The entry {row.entry_number} was changed since you opened it (imported again?).",
            current=dict(to_record(EntryRecord, row).__dict__),
        )
    held = to_record(EntryRecord, row)
    delete_row(uow, row, partner_id=row.partner_id)
    refresh_derived(uow.connection, [held.partner_id])
    return held


def restore_entry(uow: UnitOfWork, record: EntryRecord) -> EntryRecord:
    """Put a deleted entry back under its old id (undo), audited, and recount the volumes.

    An import may have brought the same entry number back meanwhile: then the imported
    one stays and the restore is refused (ConflictError).
    """
    require_partner(uow, record.partner_id)
    e = CustomsEntry
    taken = select(col(e.id)).where(col(e.entry_number) == record.entry_number)
    if uow.connection.execute(taken).first() is not None:
        raise ConflictError(
            f"The entry {record.entry_number} is back already (imported again): "
            "it was not restored a second time."
        )
    row = add_row(uow, CustomsEntry(**record.__dict__), partner_id=record.partner_id)
    refresh_derived(uow.connection, [record.partner_id])
    return to_record(EntryRecord, row)


def _claimed(uow: UnitOfWork, row: CustomsEntry, expected: int) -> bool:
    if row.version != expected or row.id is None:
        return False
    return claim_version(uow.connection, table_of(CustomsEntry), row.id, expected)


def _conditions(query: EntryQuery) -> list[Any]:
    e = CustomsEntry
    conditions: list[Any] = [col(e.partner_id) == query.partner_id]
    if query.months is not None:
        conditions += [col(e.month) >= query.months.first, col(e.month) <= query.months.last]
    if query.port_code:
        conditions.append(col(e.port_code) == query.port_code)
    # No entry or HTS number holds a NUL (PostgreSQL refuses one in a query) or is long.
    wanted = query.text.replace("\x00", "").strip().upper()[:MAX_SEARCH]
    if wanted:
        conditions.append(_text_matches(wanted))
    return conditions


def _text_matches(wanted: str) -> Any:
    """Part of an entry number, typed with or without its dashes, or of an HTS number
    typed with or without its dots."""
    e = CustomsEntry
    bare = wanted.replace("-", "").replace(" ", "")
    choices = [
        col(e.entry_number).like(_like(wanted), escape=_LIKE_ESCAPE),
        func.replace(col(e.entry_number), "-", "").like(_like(bare), escape=_LIKE_ESCAPE),
    ]
    digits = wanted.replace(".", "").replace(" ", "")
    if digits.isdigit():
        choices.append(col(e.hts_numbers).like(_like(digits), escape=_LIKE_ESCAPE))
    return or_(*choices)


def _like(text: str) -> str:
    """``%text%`` with the LIKE wildcards of ``text`` taken literally."""
    for special in (_LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, _LIKE_ESCAPE + special)
    return f"%{text}%"


def _order(query: EntryQuery) -> list[Any]:
    e = CustomsEntry
    keys: dict[str, Any] = {
        "date": func.coalesce(col(e.entry_date), col(e.summary_date)),
        "entry": col(e.entry_number),
        "summary_date": col(e.summary_date),
        "port": col(e.port_code),
        "filer": col(e.filer_code),
        "lines": col(e.lines),
        "value": col(e.entered_value_usd),
        "hts": col(e.hts_numbers),
    }
    key = keys.get(query.order, keys["date"])
    first = key.desc() if query.descending else key.asc()
    # Empty dates go last whichever way (SQLite and PostgreSQL differ by default).
    return [key.is_(None), first, col(e.month).desc(), col(e.id).desc()]
