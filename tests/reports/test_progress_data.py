from __future__ import annotations

from datetime import date

import pytest
from report_fixtures import BASELINE, CURRENT, TODAY, KnownPartner

from trusted_trader.domain.periods import parse_month_range
from trusted_trader.domain.statistics import Basis, PeriodCounts, Verdict
from trusted_trader.reports.plan_data import ActionLine
from trusted_trader.reports.progress_data import (
    ActionCounts,
    DeadlineLine,
    ObjectiveProgress,
    ProgressSnapshot,
    build_progress_snapshot,
    latest_plan,
    plan_periods,
)
from trusted_trader.services.store import Store


@pytest.fixture
def progress(store: Store, known: KnownPartner) -> ProgressSnapshot:
    with store.uow() as uow:
        return build_progress_snapshot(
            uow, known.partner_id, known.plan_id, BASELINE, CURRENT, TODAY
        )


def test_the_reduction_compares_rates_per_thousand_entries(progress: ProgressSnapshot) -> None:
    assert progress.baseline_counts == PeriodCounts(48, 1200, 12)
    assert progress.current_counts == PeriodCounts(20, 1000, 10)
    result = progress.result
    assert result.basis is Basis.ENTRIES
    assert (result.baseline_rate, result.current_rate) == pytest.approx((40.0, 20.0))
    assert result.reduction == pytest.approx(0.5)
    assert result.verdict is Verdict.FELL
    assert progress.statement == result.sentence()
    assert progress.statement.startswith("Touch points per 1,000 entries fell 50% (95% CI")


def test_the_trend_has_every_month_of_both_periods(progress: ProgressSnapshot) -> None:
    assert len(progress.trend) == 22
    assert progress.trend[0].month == date(2025, 1, 1)
    assert progress.trend[-1].month == date(2026, 10, 1)
    assert {p.rate for p in progress.trend[:12]} == {40.0}
    assert {p.rate for p in progress.trend[12:]} == {20.0}
    assert progress.plan_start == date(2026, 1, 1)
    assert progress.completions == (date(2026, 3, 10),)


def test_kinds_seen_in_either_period_are_broken_down(progress: ProgressSnapshot) -> None:
    lines = [(k.kind, k.baseline_touch_points, k.current_touch_points) for k in progress.kinds]
    assert lines == [("Exam", 48, 0), ("CF-28", 0, 20)]
    assert progress.kinds[0].result.reduction == pytest.approx(1.0)
    assert progress.kinds[1].result.verdict is Verdict.NOT_MEASURABLE


def test_objectives_carry_current_value_and_whether_met(progress: ProgressSnapshot) -> None:
    assert progress.objectives == (
        ObjectiveProgress(
            "Touch points per 1,000 entries down 25%",
            "Touch points per 1,000 entries",
            40.0,
            30.0,
            pytest.approx(20.0),  # type: ignore[arg-type]
            True,
            "Met, statistically clear",
            "not provable within the plan: too few entries",
            True,
        ),
        ObjectiveProgress("Broker training held", "training sessions", None, 2.0, None, None),
    )


def test_action_items_are_counted_done_open_and_overdue(progress: ProgressSnapshot) -> None:
    assert progress.action_counts == ActionCounts(done=1, open=2, overdue=1)
    assert [a.description for a in progress.open_actions] == [
        "Review HTS of new lines",
        "Validation visit",
    ]
    assert isinstance(progress.open_actions[0], ActionLine)


def test_open_deadlines_are_responses_and_reviews(progress: ProgressSnapshot) -> None:
    plan_review = ("Plan review", "Plan review: Engagement plan 2026")
    assert progress.deadlines == (
        DeadlineLine(date(2026, 4, 1), *plan_review, True, "overdue"),
        DeadlineLine(date(2026, 7, 1), *plan_review, True, "overdue"),
        DeadlineLine(date(2026, 12, 1), *plan_review, False, "due soon"),
        DeadlineLine(date(2026, 12, 20), "Response", "CF-28 response due", False, "due soon"),
        DeadlineLine(
            date(2027, 3, 15),
            "Annual review",
            "CTPAT annual review (window opens 2026-12-15)",
            False,
            "opens 2026-12-15, due 2027-03-15",
        ),
    )


def test_the_header_names_the_plan(progress: ProgressSnapshot) -> None:
    assert progress.partner.legal_name == "Acme Imports"
    assert progress.plan is not None
    assert (progress.plan.title, progress.plan.status, progress.plan.revision) == (
        "Engagement plan 2026",
        "Active",
        1,
    )


def test_without_a_plan_the_report_still_measures(store: Store, known: KnownPartner) -> None:
    with store.uow() as uow:
        snapshot = build_progress_snapshot(uow, known.partner_id, None, BASELINE, CURRENT, TODAY)
    assert snapshot.plan is None
    assert snapshot.objectives == ()
    assert snapshot.action_counts == ActionCounts(0, 0, 0)
    assert snapshot.result.verdict is Verdict.FELL


def test_default_periods_are_the_latest_plans_up_to_last_full_month(
    store: Store, known: KnownPartner
) -> None:
    with store.uow() as uow:
        plan = latest_plan(uow, known.partner_id)
    assert plan is not None and plan.id == known.plan_id
    assert plan_periods(plan, TODAY) == (
        parse_month_range("2025-01:2025-12"),
        parse_month_range("2026-01:2026-10"),
    )


def test_the_report_follows_the_active_plan_rather_than_a_newer_draft(
    store: Store, known: KnownPartner
) -> None:
    from trusted_trader.services.plans import copy_plan, get_plan, set_plan_status

    with store.uow() as uow:
        set_plan_status(uow, known.plan_id, "active")
        draft = copy_plan(uow, known.plan_id)
        uow.commit()
    with store.uow() as uow:
        assert get_plan(uow, draft.id).status == "draft"
        plan = latest_plan(uow, known.partner_id)
    assert plan is not None and plan.id == known.plan_id
