"""Database housekeeping: integrity checks and safe copies of an open file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from trusted_trader.domain.errors import DomainError
from trusted_trader.services.store import Store
from trusted_trader.store.migrate import backup_to, current_revision, head_revision

MAX_LISTED = 1000  # wrong entry numbers listed per partner by ``db check``


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    schema: str | None
    head: str
    problems: tuple[str, ...]


def check_database(store: Store) -> CheckResult:
    """SQLite's integrity and foreign-key checks, and whether the schema is current."""
    problems: list[str] = []
    with store.engine.connect() as conn:
        revision = current_revision(conn)
        if conn.dialect.name == "sqlite":
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            if rows != ["ok"]:
                problems.extend(str(r) for r in rows)
            for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid} points to a missing {parent}")
        else:
            conn.execute(text("SELECT 1"))
    head = head_revision()
    if revision != head:
        problems.append(f"schema is at {revision}, the app expects {head}")
    else:
        problems.extend(_data_problems(store))
    return CheckResult(not problems, revision, head, tuple(problems))


def _data_problems(store: Store) -> list[str]:
    """Stored touch points whose entry number fails CBP's check digit, written before the
    digit was checked. What imported entries show (a wrong digit among them too) is for
    ``trusted-trader check``: the partners' data, not the database's soundness."""
    from trusted_trader.services.data_checks import CheckId, run_data_checks

    with store.uow() as uow:
        found = run_data_checks(uow, checks=[CheckId.ENTRY_CHECK_DIGIT], limit=MAX_LISTED)
    return [
        f"{item.record_table.replace('_', ' ')} #{item.record_id} ({finding.partner_name}"
        f"{f', {item.on}' if item.on else ''}): {item.key} {item.reason}"
        for finding in found.findings()
        for item in finding.items
        if item.record_table == "touch_point"
    ]


def upgrade_notes(store: Store, since: datetime) -> list[str]:
    """What the schema upgrades since ``since`` said for the user (kept in the audit log)."""
    from sqlalchemy import select
    from sqlmodel import col

    from trusted_trader.store.models import AuditEntry

    stmt = (
        select(col(AuditEntry.changes))
        .where(col(AuditEntry.action) == "migrate", col(AuditEntry.at) >= since)
        .order_by(col(AuditEntry.id))
    )
    with store.uow() as uow:
        found = [json.loads(text) for text in uow.connection.execute(stmt).scalars()]
    return list(dict.fromkeys(str(n["note"]) for n in found if isinstance(n, dict) and "note" in n))


def default_backup_path(store: Store) -> Path:
    """Where a manual backup goes unless the user chooses: the backups folder."""
    from trusted_trader.services.backups import backup_folder
    from trusted_trader.store.sqlite_file import backup_name

    stem = store.path.stem if store.path else "team"
    return backup_folder() / backup_name(stem, "manual")


def backup_database(store: Store, target: Path | None = None, *, overwrite: bool = False) -> Path:
    """Copy the open SQLite database with the online backup API (safe while in use).

    An existing ``target`` is replaced only with ``overwrite``; never the database itself.
    """
    if store.path is None:
        raise DomainError(
            "Backups of a team database are made on the server (pg_dump), not by the app."
        )
    target = target or default_backup_path(store)
    if target.resolve() == store.path.resolve():
        raise DomainError("The backup cannot overwrite the database itself.")
    backup_to(store.engine, target, overwrite=overwrite)
    return target
