"""My week's actions: mark done, reschedule with a reason, undo; version-checked and audited."""

from __future__ import annotations

from datetime import date

import pytest

from trusted_trader.domain.deadlines import Deadline, DeadlineKind, WeekGroup, week_group
from trusted_trader.domain.errors import ConflictError, ValidationError
from trusted_trader.domain.periods import parse_month_range
from trusted_trader.services import audit, plans, programs, touch_points
from trusted_trader.services.deadline_actions import mark_done, reschedule, undo_change
from trusted_trader.services.deadlines import week_items
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput

TODAY = date(2026, 11, 28)


def _world(store: Store, partner_id: int) -> None:
    with store.uow() as uow:
        # CF-28 of 2026-11-01: its response is due 2026-12-01, this week.
        touch_points.record_touch_point(uow, partner_id, TouchPointInput(date(2026, 11, 1), "cf28"))
        period, baseline = (parse_month_range(t) for t in ("2026-01:2026-12", "2025-01:2025-12"))
        item = plans.ActionItemInput("Train brokers", due_on=date(2026, 10, 1))
        plan_input = plans.PlanInput(
            period, baseline, action_items=[item], review_dates=[date(2026, 12, 15)]
        )
        plan = plans.create_plan(uow, partner_id, plan_input)
        plans.set_plan_status(uow, plan.id, "active")
        # Anniversary 2020-02-20: the next review's window opens 2026-11-22 (due 2027-02-20).
        since = date(2020, 2, 20)
        ctpat = programs.EnrollmentInput("ctpat", tier=2, certified_on=since, anniversary=since)
        programs.enroll(uow, partner_id, ctpat)
        uow.commit()


def _items(store: Store) -> dict[DeadlineKind, Deadline]:
    with store.uow() as uow:
        found = week_items(uow, TODAY).deadlines
    return {d.kind: d for d in found}


def test_week_items_carry_version_owner_and_fall_in_their_groups(
    store: Store, acme_id: int
) -> None:
    _world(store, acme_id)
    items = _items(store)
    groups = {kind: week_group(d, TODAY) for kind, d in items.items()}
    assert groups[DeadlineKind.RESPONSE] == WeekGroup.THIS_WEEK
    assert groups[DeadlineKind.ACTION_ITEM] == WeekGroup.OVERDUE
    assert groups[DeadlineKind.PLAN_REVIEW] == WeekGroup.NEXT_30_DAYS
    assert groups[DeadlineKind.ANNUAL_REVIEW] == WeekGroup.LATER
    assert items[DeadlineKind.RESPONSE].version == 1
    assert items[DeadlineKind.PLAN_REVIEW].version is None


@pytest.mark.parametrize(
    "kind",
    [
        DeadlineKind.RESPONSE,
        DeadlineKind.ACTION_ITEM,
        DeadlineKind.PLAN_REVIEW,
        DeadlineKind.ANNUAL_REVIEW,
    ],
)
def test_marking_done_removes_the_item_and_undo_brings_it_back(
    store: Store, acme_id: int, kind: DeadlineKind
) -> None:
    _world(store, acme_id)
    item = _items(store)[kind]
    with store.uow() as uow:
        change = mark_done(uow, item, date(2026, 11, 27))
        uow.commit()
    assert kind not in _items(store)
    with store.uow() as uow:
        undo_change(uow, change)
        uow.commit()
    assert _items(store)[kind].due_on == item.due_on


def test_a_response_received_closes_the_touch_point_on_that_day(store: Store, acme_id: int) -> None:
    _world(store, acme_id)
    item = _items(store)[DeadlineKind.RESPONSE]
    with store.uow() as uow:
        mark_done(uow, item, date(2026, 11, 20))
        uow.commit()
    with store.uow() as uow:
        (point,) = touch_points.list_touch_points(
            uow, touch_points.TouchPointQuery(partner_id=acme_id)
        )
    assert point.closed_on == date(2026, 11, 20)


def test_rescheduling_moves_the_date_and_writes_the_reason_into_the_history(
    store: Store, acme_id: int
) -> None:
    _world(store, acme_id)
    item = _items(store)[DeadlineKind.ACTION_ITEM]
    with store.uow() as uow:
        reschedule(uow, item, date(2026, 12, 20), "Broker asked for more time")
        uow.commit()
    assert _items(store)[DeadlineKind.ACTION_ITEM].due_on == date(2026, 12, 20)
    with store.uow() as uow:
        history = audit.partner_history(uow, acme_id)
    latest = next(h for h in history if h.table_name == "plan_action_item")
    assert latest.changes["reschedule_reason"][1] == "Broker asked for more time"
    assert latest.changes["due_on"][1] in (date(2026, 12, 20), "2026-12-20")


def test_a_stale_version_is_refused_and_nothing_changes(store: Store, acme_id: int) -> None:
    _world(store, acme_id)
    item = _items(store)[DeadlineKind.RESPONSE]
    with store.uow() as uow:
        reschedule(uow, item, date(2026, 12, 10), "CBP granted an extension")
        uow.commit()
    with store.uow() as uow, pytest.raises(ConflictError):
        mark_done(uow, item, date(2026, 11, 27))
    assert _items(store)[DeadlineKind.RESPONSE].due_on == date(2026, 12, 10)


def test_program_deadlines_follow_the_rules_and_cannot_be_moved(store: Store, acme_id: int) -> None:
    _world(store, acme_id)
    item = _items(store)[DeadlineKind.ANNUAL_REVIEW]
    with store.uow() as uow, pytest.raises(ValidationError, match="program's dates"):
        reschedule(uow, item, date(2027, 3, 1), "later")
