"""Check-and-set of a record's version, so two desks saving at once never lose an edit."""

from __future__ import annotations

from sqlalchemy import Connection, Table, select, update
from sqlalchemy.exc import OperationalError

from trusted_trader.store.errors import AccessDenied

REFUSED = "You may not change this record: it belongs to a partner of another Account Executive."
REFUSED_HINT = "Ask the partner's Account Executive or your director."


def claim_version(conn: Connection, table: Table, record_id: int, expected: int) -> bool:
    """Move the stored version from ``expected`` to the next one; False if it had moved already.

    One conditional UPDATE: on PostgreSQL a second desk waits for the first to
    commit and then finds the version moved; on SQLite a desk whose snapshot is
    out of date is refused the write. On a team database, a record the login
    may read but not change (row-level security) raises AccessDenied.
    """
    statement = (
        update(table)
        .where(table.c.id == record_id, table.c.version == expected)
        .values(version=expected + 1)
    )
    try:
        claimed = conn.execute(statement).rowcount == 1
    except OperationalError as exc:
        if "locked" in str(exc.orig).lower() and conn.dialect.name == "sqlite":
            return False  # another desk committed since this transaction first read
        raise
    if not claimed and conn.dialect.name == "postgresql":
        # Visible at the expected version, yet untouched: the access rules held it back.
        stored = conn.execute(select(table.c.version).where(table.c.id == record_id)).scalar()
        if stored == expected:
            raise AccessDenied(REFUSED, hint=REFUSED_HINT)
    return claimed
