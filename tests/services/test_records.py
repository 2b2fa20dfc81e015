from __future__ import annotations

from datetime import date

import pytest

from trusted_trader.domain.errors import ValidationError
from trusted_trader.domain.periods import parse_month_range
from trusted_trader.domain.programs import CtpatTier
from trusted_trader.services import (
    activities,
    audit,
    contacts,
    partners,
    plans,
    programs,
    touch_points,
    volumes,
)
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.records import RiskAreaRecord
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput, TouchPointQuery


@pytest.fixture
def partner_id(store: Store) -> int:
    with store.uow() as uow:
        record = partners.create_partner(uow, PartnerInput("Acme Imports", "12-3456789AB"))
        uow.commit()
    return record.id


def test_a_cf28_gets_its_30_day_response_due_date(store: Store, partner_id: int) -> None:
    with store.uow() as uow:
        tp = touch_points.record_touch_point(
            uow,
            partner_id,
            TouchPointInput(
                date(2026, 3, 2),
                "CF-28",
                port_code="0101",
                entry_number="abc12345676",
                hts_number="8471.30.0100",
            ),
        )
        uow.commit()
    assert tp.kind == "cf28"
    assert tp.response_due == date(2026, 4, 1)
    assert tp.entry_number == "ABC-1234567-6"
    assert tp.hts_number == "8471300100"


def test_an_invalid_touch_point_reports_each_field(store: Store, partner_id: int) -> None:
    with store.uow() as uow, pytest.raises(ValidationError) as caught:
        touch_points.record_touch_point(
            uow,
            partner_id,
            TouchPointInput(
                date(2026, 3, 2),
                "inspection",
                port_code="12",
                entry_number="ABC-12",
                hts_number="12",
            ),
        )
    assert [p.field for p in caught.value.problems] == [
        "kind",
        "port_code",
        "entry_number",
        "hts_number",
    ]


def test_touch_points_are_listed_newest_first_and_deleted_ones_restored(
    store: Store, partner_id: int
) -> None:
    with store.uow() as uow:
        for day in (1, 5, 3):
            touch_points.record_touch_point(
                uow, partner_id, TouchPointInput(date(2026, 3, day), "exam")
            )
        uow.commit()
    with store.uow() as uow:
        listed = touch_points.list_touch_points(uow, TouchPointQuery(partner_id=partner_id))
        assert [t.occurred_on.day for t in listed] == [5, 3, 1]
        removed = touch_points.delete_touch_point(uow, listed[0].id)
        uow.commit()
    with store.uow() as uow:
        assert touch_points.count_touch_points(uow, TouchPointQuery(partner_id=partner_id)) == 2
        touch_points.restore_touch_point(uow, removed)
        uow.commit()
    with store.uow() as uow:
        assert (
            touch_points.count_touch_points(
                uow, TouchPointQuery(partner_id=partner_id, kind="exam")
            )
            == 3
        )
        actions = [h.action for h in audit.partner_history(uow, partner_id)]
        assert actions.count("delete") == 1


def test_volume_is_one_row_per_partner_month(store: Store, partner_id: int) -> None:
    with store.uow() as uow:
        volumes.set_monthly_volume(uow, partner_id, date(2026, 3, 17), 100, 5000.0)
        volumes.set_monthly_volume(uow, partner_id, date(2026, 3, 1), 120, 6000.0)
        uow.commit()
    with store.uow() as uow:
        rows = volumes.list_volumes(uow, partner_id)
        assert [(r.month, r.entries) for r in rows] == [(date(2026, 3, 1), 120)]
        with pytest.raises(ValidationError, match="negative"):
            volumes.set_monthly_volume(uow, partner_id, date(2026, 4, 1), -1)


def test_programs_contacts_and_activities(store: Store, partner_id: int) -> None:
    with store.uow() as uow:
        programs.enroll(
            uow,
            partner_id,
            programs.EnrollmentInput("ctpat", tier=2, certified_on=date(2024, 1, 1)),
        )
        programs.enroll(uow, partner_id, programs.EnrollmentInput("trade_compliance"))
        contacts.add_contact(uow, partner_id, name="Jo Park", email="JO@acme.example")
        activities.log_activity(uow, partner_id, occurred_on=date(2026, 2, 1), kind="site_visit")
        with pytest.raises(ValidationError, match="tier"):
            programs.enroll(uow, partner_id, programs.EnrollmentInput("ctpat", tier=4))
        uow.commit()
    with store.uow() as uow:
        record = partners.get_partner(uow, partner_id)
        assert record.ctpat_tier == CtpatTier(2)
        assert record.contacts[0].email == "jo@acme.example"
        assert programs.program_flags(record.enrollments, date(2026, 11, 28)) == []
        assert activities.list_activities(uow, partner_id)[0].kind == "site_visit"


def test_a_plan_is_written_activated_revised_and_copied(store: Store, partner_id: int) -> None:
    data = plans.PlanInput(
        period=parse_month_range("2025-01:2025-12"),
        baseline=parse_month_range("2024-01:2024-12"),
        risk_areas=[RiskAreaRecord("classification", "high")],
        objectives=[plans.ObjectiveInput("CF-28 rate down 30%", "rate:cf28", 2.0, 1.4)],
        action_items=[
            plans.ActionItemInput("Train brokers", "partner", "J. Park", date(2025, 6, 1))
        ],
        review_dates=[date(2025, 4, 1)],
    )
    with store.uow() as uow:
        plan = plans.create_plan(uow, partner_id, data)
        plans.set_plan_status(uow, plan.id, "active")
        uow.commit()
    assert plan.revision == 1 and plan.risk_areas[0].rating == "high"
    item = plan.action_items[0]
    with store.uow() as uow:
        done = plans.ActionItemInput(
            item.description,
            item.owner_side,
            item.owner_name,
            item.due_on,
            "done",
            date(2025, 5, 30),
            id=item.id,
        )
        revised = plans.save_plan(
            uow,
            plan.id,
            plans.PlanInput(
                data.period,
                data.baseline,
                objectives=[
                    plans.ObjectiveInput(
                        "CF-28 rate down 30%", "rate:cf28", 2.0, 1.4, id=plan.objectives[0].id
                    )
                ],
                action_items=[done],
            ),
        )
        uow.commit()
    assert revised.revision == 2
    assert revised.action_items[0].id == item.id and revised.action_items[0].status == "done"
    with store.uow() as uow:
        with pytest.raises(ValidationError, match="cannot become draft"):
            plans.set_plan_status(uow, plan.id, "draft")
        copy = plans.copy_plan(uow, plan.id)
        uow.commit()
    assert (copy.period_start, copy.baseline_start) == (date(2026, 1, 1), date(2025, 1, 1))
    assert copy.status == "draft" and copy.action_items == ()


def test_a_plan_baseline_must_precede_its_period(store: Store, partner_id: int) -> None:
    bad = plans.PlanInput(
        period=parse_month_range("2025-01:2025-12"), baseline=parse_month_range("2025-01:2025-06")
    )
    with store.uow() as uow, pytest.raises(ValidationError, match="baseline"):
        plans.create_plan(uow, partner_id, bad)
