"""The sums of entries read the covering index only, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from trusted_trader.domain.periods import parse_month_range
from trusted_trader.services import analytics
from trusted_trader.services.analytics.queries import MONTH_ENTRIES, volume_in
from trusted_trader.services.store import Store
from trusted_trader.store.models import MonthlyVolume

INDEX = "ix_volume_partner_month_counts"
MONTHS = parse_month_range("2026-01:2026-12")


def _statements(scope: analytics.Scope) -> dict[str, Any]:
    v = MonthlyVolume
    where = volume_in(scope, MONTHS)
    return {
        "sum": select(func.sum(MONTH_ENTRIES)).where(*where),
        "by partner": select(col(v.partner_id), func.sum(MONTH_ENTRIES))
        .where(*where)
        .group_by(col(v.partner_id)),
        "by month": select(col(v.month), func.sum(MONTH_ENTRIES))
        .where(*where)
        .group_by(col(v.month)),
    }


def _plan(store: Store, statement: Any) -> str:
    with store.uow() as uow:
        conn = uow.connection
        sql = str(statement.compile(conn, compile_kwargs={"literal_binds": True}))
        if uow.dialect == "sqlite":
            return "\n".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
        # A table this small is read whole by choice: ask what the index can do.
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
        return "\n".join(str(r[0]) for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))


@pytest.mark.parametrize("which", ["sum", "by partner", "by month"])
@pytest.mark.parametrize("scope_type", ["partner", "center"])
def test_the_sum_of_entries_reads_the_covering_index_only(
    store: Store, acme_id: int, which: str, scope_type: str
) -> None:
    scope = analytics.Scope(scope_type, acme_id if scope_type == "partner" else 1, "x")
    plan = _plan(store, _statements(scope)[which])
    if store.engine.dialect.name == "sqlite":
        assert f"USING COVERING INDEX {INDEX}" in plan, plan
    else:
        assert f"Index Only Scan using {INDEX} on monthly_volume" in plan, plan
