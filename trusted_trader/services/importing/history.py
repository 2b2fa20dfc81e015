"""The history of imports: what each recorded import did, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import col

from trusted_trader.services.records import to_record
from trusted_trader.store.models import ImportBatch
from trusted_trader.store.uow import UnitOfWork


@dataclass(frozen=True)
class ImportBatchRecord:
    id: int
    kind: str
    file_name: str
    started_at: datetime
    actor: str
    created: int
    updated: int
    unchanged: int
    rejected: int
    status: str
    reverted_at: datetime | None


def list_imports(uow: UnitOfWork, limit: int = 200) -> list[ImportBatchRecord]:
    """The recorded imports, newest first."""
    stmt = (
        select(ImportBatch)
        .where(col(ImportBatch.status) != "running")
        .order_by(col(ImportBatch.id).desc())
        .limit(limit)
    )
    return [to_record(ImportBatchRecord, dict(r)) for r in uow.connection.execute(stmt).mappings()]
