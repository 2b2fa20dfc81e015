"""Each partner's verdict without its interval: what a ranking of thousands reads first."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text

from trusted_trader.services.analytics import (
    Scope,
    default_periods,
    partner_changes,
    partner_names,
    partner_reductions,
)

TODAY = date(2026, 11, 16)


def test_partner_changes_give_each_partner_the_verdict_and_counts_of_its_reduction(
    demo_store: Any,
) -> None:
    baseline, current = default_periods(TODAY)
    with demo_store.uow() as uow:
        quick = {c.partner_id: c for c in partner_changes(uow, Scope(), baseline, current)}
        full = partner_reductions(uow, Scope(), baseline, current)
    assert len(quick) == len(full) == 30
    for rate in full:
        change = quick[rate.partner_id]
        assert change.verdict is rate.result.verdict
        assert change.rate_ratio == rate.result.rate_ratio
        assert (change.baseline_counts, change.current_counts) == (
            rate.baseline_counts,
            rate.current_counts,
        )


def test_partner_changes_leave_out_deleted_partners_and_keep_to_the_scope(
    demo_store: Any,
) -> None:
    baseline, current = default_periods(TODAY)
    with demo_store.uow() as uow:
        center = int(
            uow.connection.exec_driver_sql(
                "SELECT center_id FROM partner GROUP BY center_id ORDER BY count(*) DESC"
            ).first()[0]
        )
        everyone = partner_changes(uow, Scope(), baseline, current)
        in_center = partner_changes(uow, Scope("center", center), baseline, current)
        uow.connection.execute(
            text("UPDATE partner SET deleted_at = CURRENT_TIMESTAMP WHERE id = :id"),
            {"id": everyone[0].partner_id},
        )
        after_delete = partner_changes(uow, Scope(), baseline, current)
    assert 0 < len(in_center) < len(everyone)
    assert len(after_delete) == len(everyone) - 1
    assert everyone[0].partner_id not in {c.partner_id for c in after_delete}


def test_partner_names_are_read_for_the_few_partners_asked(demo_store: Any) -> None:
    with demo_store.uow() as uow:
        names = partner_names(uow, [1, 2, 999_999])
    assert set(names) == {1, 2} and all(names.values())
