"""The audit trail: who changed which record, and how, in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
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


def partner_history(uow: UnitOfWork, partner_id: int, limit: int = 500) -> list[AuditRecord]:
    """The newest changes to a partner's records first."""
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.partner_id == partner_id)  # type: ignore[arg-type]
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())  # type: ignore[attr-defined,union-attr]
        .limit(limit)
    )
    rows = uow.connection.execute(stmt).mappings().all()
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
        for r in rows
    ]
