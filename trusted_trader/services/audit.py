"""The audit trail: who changed which record, and how, in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import SQLModel

from trusted_trader.services.records import AuditRecord
from trusted_trader.store.models import AuditEntry, utc_now
from trusted_trader.store.uow import UnitOfWork

_SKIPPED = {"created_at", "updated_at", "version"}


def snapshot(row: SQLModel) -> dict[str, Any]:
    """The auditable fields of a row, as plain values."""
    return {k: v for k, v in row.model_dump().items() if k not in _SKIPPED}


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields that differ between two snapshots, as {field: [before, after]}."""
    keys = [k for k in {**before, **after} if k not in _SKIPPED]
    return {
        k: [_plain(before.get(k)), _plain(after.get(k))]
        for k in keys
        if before.get(k) != after.get(k)
    }


def record_change(
    uow: UnitOfWork,
    *,
    action: str,
    table: str,
    record_id: int,
    partner_id: int | None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Append one audit row; it commits or rolls back with the change itself."""
    changes = diff(before or {}, after or {})
    if action == "update" and not changes:
        return
    _append(uow, action, table, record_id, partner_id, changes)


def _append(
    uow: UnitOfWork,
    action: str,
    table: str,
    record_id: int,
    partner_id: int | None,
    changes: Mapping[str, list[Any]],
) -> None:
    uow.connection.execute(
        insert(AuditEntry),
        {
            "at": utc_now(),
            "actor": uow.actor,
            "action": action,
            "table_name": table,
            "record_id": record_id,
            "partner_id": partner_id,
            "changes": json.dumps(changes, ensure_ascii=False, default=str),
        },
    )


def record_conflict(
    uow: UnitOfWork,
    *,
    table: str,
    record_id: int,
    partner_id: int | None,
    choice: str,
    fields: Mapping[str, tuple[str, str]],
) -> None:
    """Audit how a save that met someone else's change was settled.

    ``choice`` says it in words ("kept theirs", "applied yours", "chosen per field");
    ``fields`` holds, per field both users changed, the value set aside and the one kept,
    so History shows both users' intents even where one of them lost.
    """
    changes: dict[str, list[Any]] = {"resolution": [None, choice]}
    changes.update({name: [aside, kept] for name, (aside, kept) in fields.items()})
    _append(uow, "conflict", table, record_id, partner_id, changes)


def partner_history(
    uow: UnitOfWork,
    partner_id: int | None,
    limit: int | None = 500,
    *,
    table: str | None = None,
    since: date | None = None,
) -> list[AuditRecord]:
    """The newest changes first: to one partner's records, or to everything when None."""
    entry = AuditEntry.__table__.c  # type: ignore[attr-defined]
    stmt = select(AuditEntry.__table__).order_by(entry.at.desc(), entry.id.desc())  # type: ignore[attr-defined]
    if partner_id is not None:
        stmt = stmt.where(entry.partner_id == partner_id)
    if table:
        stmt = stmt.where(entry.table_name == table)
    if since is not None:
        stmt = stmt.where(entry.at >= datetime.combine(since, time(), UTC))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        AuditRecord(
            id=r["id"],
            at=r["at"],
            actor=r["actor"],
            action=r["action"],
            table_name=r["table_name"],
            record_id=r["record_id"],
            partner_id=r["partner_id"],
            changes=json.loads(r["changes"] or "{}"),
        )
        for r in uow.connection.execute(stmt).mappings()
    ]


def describe_change(record: AuditRecord) -> str:
    """One line: time, who, action, table #id, fields old → new."""
    fields = "; ".join(
        f"{name}: {_shown(old)} → {_shown(new)}" for name, (old, new) in record.changes.items()
    )
    # SQLite hands back the stored UTC time without its zone.
    at = record.at if record.at.tzinfo else record.at.replace(tzinfo=UTC)
    moment = at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    line = f"{moment}  {record.actor}  {record.action}  {record.table_name} #{record.record_id}"
    return f"{line}  {fields}" if fields else line


def _shown(value: object) -> str:
    if value is None:
        return "—"
    text = str(value)
    if not text:
        return "''"
    return text if len(text) <= 60 else text[:59] + "…"
