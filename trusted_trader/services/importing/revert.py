"""Revert a recorded import: delete what it created, restore what it changed — or refuse."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, Table, and_, bindparam, case, delete, func, insert, select, update
from sqlmodel import SQLModel, col

from trusted_trader.domain.errors import ConflictError, DomainError, NotFoundError
from trusted_trader.services.entry_volumes import refresh_derived
from trusted_trader.services.importing.access import edit_rights
from trusted_trader.services.importing.run import write_batch_audit
from trusted_trader.store.bulk import table_of
from trusted_trader.store.models import (
    Contact,
    CustomsEntry,
    EngagementActivity,
    EngagementPlan,
    FacilitationEntry,
    ImportBatch,
    ImportChange,
    MonthlyVolume,
    Partner,
    PartnerFilerCode,
    PartnerIor,
    ProgramEnrollment,
    TouchPoint,
    utc_now,
)
from trusted_trader.store.postgres import lock_for_import
from trusted_trader.store.uow import UnitOfWork

# Children before their partner, so a created partner goes last.
_TABLES: dict[str, type[SQLModel]] = {
    "program_enrollment": ProgramEnrollment,
    "touch_point": TouchPoint,
    "monthly_volume": MonthlyVolume,
    "facilitation": FacilitationEntry,
    "customs_entry": CustomsEntry,
    "partner": Partner,
}
_PARTNER_RECORDS: tuple[type[SQLModel], ...] = (
    TouchPoint,
    MonthlyVolume,
    EngagementPlan,
    EngagementActivity,
    Contact,
    FacilitationEntry,
    CustomsEntry,
)


@dataclass(frozen=True)
class RevertResult:
    batch_id: int
    deleted: int
    restored: int


def revert_import(uow: UnitOfWork, batch_id: int) -> RevertResult:
    """Undo import ``batch_id`` exactly; refuse if any of its records changed since."""
    lock_for_import(uow.connection)  # not while another import reads or writes
    batch = (
        uow.connection.execute(
            select(ImportBatch.__table__).where(col(ImportBatch.id) == batch_id)  # type: ignore[attr-defined]
        )
        .mappings()
        .first()
    )
    if batch is None:
        raise NotFoundError(f"There is no import #{batch_id}.")
    if batch["status"] == "reverted":
        raise DomainError(f"Import #{batch_id} ({batch['file_name']}) was reverted already.")
    tables = _tables_of(uow, batch_id)
    per_partner = _partners_touched(uow, batch_id, tables)
    _require_rights(uow, batch_id, batch["file_name"], per_partner)
    changed = [found for name in tables for found in _changed_since(uow, batch_id, name)]
    if changed:
        count = sum(n for n, _ in changed)
        shown = ", ".join(t for _, t in changed[:5]) + (" …" if len(changed) > 5 else "")
        raise ConflictError(
            f"Import #{batch_id} ({batch['file_name']}) cannot be reverted: {count:,} of its "
            f"records were changed or deleted after it ({shown}). Nothing was changed."
        )
    # The history first: a member's audit rows must name partners that still exist.
    write_batch_audit(uow, batch_id, "revert import", per_partner, batch["file_name"])
    restored = sum(_restore(uow, batch_id, name) for name in tables)
    deleted = sum(_delete_created(uow, batch_id, name) for name in tables)
    # The volumes entries give are counted again, in this transaction: after reverting
    # entries, and after reverting monthly totals (a month the import made may hold them).
    if "customs_entry" in tables or "monthly_volume" in tables:
        refresh_derived(uow.connection, per_partner)
    marked = uow.connection.execute(
        update(ImportBatch)
        .where(col(ImportBatch.id) == batch_id)
        .values(status="reverted", reverted_at=utc_now())
    )
    if marked.rowcount != 1:  # the team's rules may keep a batch to its own importer
        raise ConflictError(
            f"Import #{batch_id} ({batch['file_name']}) is not yours to revert: ask whoever "
            "imported it, or a director. Nothing was changed."
        )
    return RevertResult(batch_id, deleted, restored)


def _require_rights(
    uow: UnitOfWork, batch_id: int, file_name: str, per_partner: Mapping[int, Any]
) -> None:
    """Refuse, naming them, when the import touched partners this login may not change.

    Row-level security would quietly skip their records: the import would be marked
    reverted with records of it left behind.
    """
    rights = edit_rights(uow.connection)
    refused = [pid for pid in per_partner if pid in rights.refused]
    if not refused:
        return
    named = dict(
        uow.connection.execute(
            select(col(PartnerIor.partner_id), func.min(col(PartnerIor.ior_number)))
            .where(col(PartnerIor.partner_id).in_(refused))
            .group_by(col(PartnerIor.partner_id))
        ).all()
    )
    shown = "; ".join(rights.refusal(pid, named.get(pid, f"#{pid}")) or "" for pid in refused[:5])
    raise ConflictError(
        f"Import #{batch_id} ({file_name}) cannot be reverted by you: {shown}"
        + (" …" if len(refused) > 5 else "")
        + ". Nothing was changed."
    )


def _tables_of(uow: UnitOfWork, batch_id: int) -> list[str]:
    stmt = select(col(ImportChange.table_name)).where(col(ImportChange.batch_id) == batch_id)
    present = set(uow.connection.execute(stmt.distinct()).scalars())
    return [name for name in _TABLES if name in present]


def _changes(batch_id: int, name: str, action: str) -> Any:
    return and_(
        col(ImportChange.batch_id) == batch_id,
        col(ImportChange.table_name) == name,
        col(ImportChange.action) == action,
    )


# The records a "create" change stands for: record_id..last_record_id (older rows: one).
_LAST = func.coalesce(col(ImportChange.last_record_id), col(ImportChange.record_id))


def _in_run(table: Table) -> Any:
    return and_(table.c.id >= col(ImportChange.record_id), table.c.id <= _LAST)


def _created_runs(uow: UnitOfWork, batch_id: int, name: str) -> list[tuple[int, int]]:
    stmt = select(col(ImportChange.record_id), _LAST).where(_changes(batch_id, name, "create"))
    return [(int(first), int(last)) for first, last in uow.connection.execute(stmt)]


def _changed_since(uow: UnitOfWork, batch_id: int, name: str) -> list[tuple[int, str]]:
    """Records of this import whose version is not the one it left: (how many, which)."""
    table = table_of(_TABLES[name])
    label = name.replace("_", " ")
    updated = (
        select(col(ImportChange.record_id), col(ImportChange.before), table.c.version)
        .outerjoin(table, table.c.id == col(ImportChange.record_id))
        .where(_changes(batch_id, name, "update"))
    )
    found: list[tuple[int, str]] = []
    for record_id, before, version in uow.connection.execute(updated):
        if version != json.loads(before)["version"] + 1:
            found.append((1, f"{label} #{record_id}"))
    # A created record must still be there at version 1; a run is checked in one go.
    altered = func.sum(case((table.c.version != 1, 1), else_=0))
    example = func.min(case((table.c.version != 1, table.c.id), else_=None))
    created = (
        select(col(ImportChange.record_id), _LAST, func.count(table.c.id), altered, example)
        .outerjoin(table, _in_run(table))
        .where(_changes(batch_id, name, "create"))
        .group_by(col(ImportChange.id), col(ImportChange.record_id), _LAST)
    )
    for first, last, present, changed, shown in uow.connection.execute(created):
        gone = last - first + 1 - present
        if changed:
            found.append((int(changed), f"{label} #{shown}"))
        if gone:
            where = f"#{first}" if first == last else f"among #{first}–#{last}"
            found.append((gone, f"{gone:,} {label}(s) deleted {where}"))
    if name == "partner":
        found += _records_added_to_new_partners(uow, batch_id)
    return found


def _records_added_to_new_partners(uow: UnitOfWork, batch_id: int) -> list[tuple[int, str]]:
    partners = table_of(Partner)
    created = (
        select(partners.c.id)
        .join(ImportChange, _in_run(partners))
        .where(_changes(batch_id, "partner", "create"))
    )
    found: list[tuple[int, str]] = []
    for model in _PARTNER_RECORDS:
        table = table_of(model)
        stmt = select(table.c.partner_id, func.count()).where(table.c.partner_id.in_(created))
        for partner_id, count in uow.connection.execute(stmt.group_by(table.c.partner_id)):
            found.append(
                (count, f"{count} {table.name.replace('_', ' ')}(s) added to partner #{partner_id}")
            )
    return found


def _partners_touched(
    uow: UnitOfWork, batch_id: int, tables: Iterable[str]
) -> dict[int, list[int]]:
    per_partner: dict[int, list[int]] = {}
    for name in tables:
        table = table_of(_TABLES[name])
        owner = table.c.id if name == "partner" else table.c.partner_id
        for action, on in (
            ("create", _in_run(table)),
            ("update", table.c.id == col(ImportChange.record_id)),
        ):
            stmt = (
                select(owner, func.count())
                .join(ImportChange, on)
                .where(_changes(batch_id, name, action))
                .group_by(owner)
            )
            for partner_id, count in uow.connection.execute(stmt):
                entry = per_partner.setdefault(partner_id, [0, 0])
                entry[0 if action == "create" else 1] += count
    return per_partner


def _restore(uow: UnitOfWork, batch_id: int, name: str) -> int:
    """Put back the values an import changed, from the ``before`` it recorded."""
    table = table_of(_TABLES[name])
    stmt = select(col(ImportChange.record_id), col(ImportChange.before)).where(
        _changes(batch_id, name, "update")
    )
    restored = 0
    for rows in uow.connection.execute(stmt).partitions(5000):
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for record_id, before in rows:
            values = _typed(table, json.loads(before or "{}"))
            if name in ("customs_entry", "touch_point"):  # recorded before digests were:
                # then no digest vouches for the values put back
                values.setdefault("source_digest", None)
            if name == "partner":
                _restore_identifiers(uow, record_id, values)
            values["_version"] = values.pop(
                "version"
            )  # exactly as before: later reverts still match
            values["_id"] = record_id
            groups.setdefault(tuple(sorted(values)), []).append(values)
        for keys, params in groups.items():
            columns: dict[str, Any] = {k: bindparam(f"v_{k}") for k in keys if k[0] != "_"}
            columns |= {"version": bindparam("_version"), "updated_at": utc_now()}
            statement = update(table).where(table.c.id == bindparam("_id")).values(columns)
            params = [{(k if k[0] == "_" else f"v_{k}"): v for k, v in p.items()} for p in params]
            uow.connection.execute(statement, params)
            restored += len(params)
    return restored


def _typed(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    for key, value in values.items():
        if key in table.c and isinstance(table.c[key].type, Date) and isinstance(value, str):
            values[key] = date.fromisoformat(value)
    return values


def _restore_identifiers(uow: UnitOfWork, partner_id: int, values: dict[str, Any]) -> None:
    iors = values.pop("ior_numbers", None)
    filers = values.pop("filer_codes", None)
    conn = uow.connection
    if iors is not None:
        conn.execute(delete(PartnerIor).where(col(PartnerIor.partner_id) == partner_id))
        for ior in iors:
            conn.execute(insert(PartnerIor), {"partner_id": partner_id, "ior_number": ior})
    if filers is not None:
        conn.execute(delete(PartnerFilerCode).where(col(PartnerFilerCode.partner_id) == partner_id))
        for code in filers:
            conn.execute(insert(PartnerFilerCode), {"partner_id": partner_id, "filer_code": code})


def _delete_created(uow: UnitOfWork, batch_id: int, name: str) -> int:
    """Delete the records the import made; the conflict check found every one of them there."""
    table = table_of(_TABLES[name])
    runs = [{"first": first, "last": last} for first, last in _created_runs(uow, batch_id, name)]
    if not runs:
        return 0
    conn = uow.connection
    first: Any = bindparam("first")
    last: Any = bindparam("last")
    if name == "partner":
        for child in (PartnerIor, PartnerFilerCode, ProgramEnrollment):
            owner = table_of(child).c.partner_id
            conn.execute(delete(table_of(child)).where(owner.between(first, last)), runs)
    conn.execute(delete(table).where(table.c.id.between(first, last)), runs)
    return sum(run["last"] - run["first"] + 1 for run in runs)
