from __future__ import annotations

from datetime import date

from trusted_trader.domain.deadlines import DeadlineKind, Urgency
from trusted_trader.domain.periods import parse_month_range
from trusted_trader.services import partners, plans, programs, touch_points
from trusted_trader.services.deadlines import DeadlineQuery, list_deadlines
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.scope import Scope
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput

TODAY = date(2026, 11, 28)


def test_the_radar_gathers_every_kind_of_deadline(store: Store) -> None:
    with store.uow() as uow:
        pid = partners.create_partner(uow, PartnerInput("Acme Imports", "12-3456789AB")).id
        # CF-28 on 2026-11-01: response due 30 days later, 2026-12-01 (due soon).
        touch_points.record_touch_point(uow, pid, TouchPointInput(date(2026, 11, 1), "cf28"))
        # A penalty closed already is not a deadline any more.
        touch_points.record_touch_point(
            uow, pid, TouchPointInput(date(2026, 11, 1), "penalty", closed_on=date(2026, 11, 5))
        )
        touch_points.record_touch_point(uow, pid, TouchPointInput(date(2026, 11, 1), "exam"))
        plan = plans.create_plan(
            uow,
            pid,
            plans.PlanInput(
                parse_month_range("2026-01:2026-12"),
                parse_month_range("2025-01:2025-12"),
                action_items=[
                    plans.ActionItemInput("Overdue item", due_on=date(2026, 10, 1)),
                    plans.ActionItemInput(
                        "Done item",
                        due_on=date(2026, 10, 2),
                        status="done",
                        completed_on=date(2026, 10, 1),
                    ),
                ],
                review_dates=[date(2026, 12, 15)],
            ),
        )
        plans.set_plan_status(uow, plan.id, "active")
        # Anniversary 2020-02-20: next 2027-02-20, its window opened 90 days before, on
        # 2026-11-22: on the radar (open, due 2027-02-20) though the due date is further.
        programs.enroll(
            uow,
            pid,
            programs.EnrollmentInput(
                "ctpat",
                tier=2,
                certified_on=date(2020, 2, 20),
                anniversary=date(2020, 2, 20),
                last_validated_on=date(2022, 12, 20),
            ),
        )
        uow.commit()
    with store.uow() as uow:
        found = list_deadlines(uow, DeadlineQuery(), TODAY)
    assert [(d.kind, d.due_on) for d in found] == [
        (DeadlineKind.ACTION_ITEM, date(2026, 10, 1)),
        (DeadlineKind.RESPONSE, date(2026, 12, 1)),
        (DeadlineKind.PLAN_REVIEW, date(2026, 12, 15)),
        (DeadlineKind.REVALIDATION, date(2026, 12, 20)),
        (DeadlineKind.ANNUAL_REVIEW, date(2027, 2, 20)),
    ]
    assert found[0].urgency(TODAY) == Urgency.OVERDUE
    assert found[1].title == "CF-28 response due"
    assert found[4].status(TODAY) == "open, due 2027-02-20"
    assert found[4].urgency(TODAY) != Urgency.OVERDUE
    assert len({d.uid for d in found}) == len(found)


def test_the_radar_filters_by_executive_and_horizon(demo_store: Store) -> None:
    with demo_store.uow() as uow:
        everything = list_deadlines(uow, DeadlineQuery(horizon_days=365), date(2026, 11, 1))
        soon = list_deadlines(
            uow, DeadlineQuery(horizon_days=30, include_overdue=False), date(2026, 11, 1)
        )
        one = partners.list_partners(uow)[0]
        mine = list_deadlines(
            uow, DeadlineQuery(Scope.of(partner_id=one.id), horizon_days=365), date(2026, 11, 1)
        )
    assert everything and len(soon) < len(everything)
    assert all(
        date(2026, 11, 1) <= d.due_on <= date(2026, 12, 1)
        or (d.opens_on is not None and d.opens_on <= date(2026, 12, 1) <= d.due_on)
        for d in soon
    )
    assert all(d.partner_id == one.id for d in mine)
