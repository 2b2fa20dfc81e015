"""Every change to a partner's records is in the append-only audit trail, in its transaction."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from trusted_trader.domain.periods import parse_month_range
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
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput
from trusted_trader.store.uow import UnitOfWork

ACTOR = "tester@cbp.dhs.gov"


def entries(store: Store, after: int = 0) -> list[dict[str, Any]]:
    with store.uow() as uow:
        rows = uow.connection.execute(
            text("SELECT * FROM audit_log WHERE id > :after ORDER BY id"), {"after": after}
        ).mappings()
        return [{**r, "changes": json.loads(r["changes"])} for r in rows]


def last_id(store: Store) -> int:
    with store.uow() as uow:
        return int(
            uow.connection.execute(text("SELECT coalesce(max(id), 0) FROM audit_log")).scalar_one()
        )


def change(store: Store, work: Callable[[UnitOfWork], Any]) -> tuple[Any, list[dict[str, Any]]]:
    """Run one use case, commit, and return its result and the audit rows it wrote."""
    start = last_id(store)
    with store.uow() as uow:
        result = work(uow)
        uow.commit()
    return result, entries(store, start)


def summary(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(r["action"], r["table_name"]) for r in rows]


@pytest.fixture
def partner_id(store: Store) -> int:
    record, _rows = change(
        store,
        lambda uow: partners.create_partner(uow, PartnerInput("Acme Imports", "12-3456789AB")),
    )
    return int(record.id)


def plan_input(**changes: Any) -> plans.PlanInput:
    values: dict[str, Any] = {
        "period": parse_month_range("2025-01:2025-12"),
        "baseline": parse_month_range("2024-01:2024-12"),
        "objectives": [plans.ObjectiveInput("CF-28 rate down 30%", "rate:cf28", 2.0, 1.4)],
        "action_items": [plans.ActionItemInput("Train brokers", "partner", "J. Park")],
    }
    return plans.PlanInput(**{**values, **changes})


def test_partner_create_update_delete_and_restore_are_audited(store: Store) -> None:
    record, rows = change(
        store,
        lambda uow: partners.create_partner(
            uow, PartnerInput("Acme Imports", "12-3456789AB", filer_codes="ABC")
        ),
    )
    assert summary(rows) == [("create", "partner")]
    assert rows[0]["actor"] == store.actor and rows[0]["record_id"] == record.id
    assert rows[0]["changes"]["legal_name"] == [None, "Acme Imports"]
    _, rows = change(
        store,
        lambda uow: partners.update_partner(
            uow, record.id, PartnerInput("Acme Imports", "12-3456789AB", filer_codes="XYZ")
        ),
    )
    assert summary(rows) == [("update", "partner")]
    assert rows[0]["changes"] == {"filer_codes": [["ABC"], ["XYZ"]]}
    _, rows = change(store, lambda uow: partners.delete_partner(uow, record.id))
    assert summary(rows) == [("delete", "partner")]
    _, rows = change(store, lambda uow: partners.restore_partner(uow, record.id))
    assert summary(rows) == [("restore", "partner")]


def test_program_enrollments_are_audited(store: Store, partner_id: int) -> None:
    data = programs.EnrollmentInput("ctpat", tier=2, certified_on=date(2024, 5, 1))
    record, rows = change(store, lambda uow: programs.enroll(uow, partner_id, data))
    assert summary(rows) == [("create", "program_enrollment")]
    raised = programs.EnrollmentInput("ctpat", tier=3, certified_on=date(2024, 5, 1))
    _, rows = change(store, lambda uow: programs.update_enrollment(uow, record.id, raised))
    assert summary(rows) == [("update", "program_enrollment")]
    assert rows[0]["changes"] == {"tier": [2, 3]}
    assert rows[0]["partner_id"] == partner_id


def test_plans_objectives_and_action_items_are_audited(store: Store, partner_id: int) -> None:
    plan, rows = change(store, lambda uow: plans.create_plan(uow, partner_id, plan_input()))
    assert summary(rows) == [
        ("create", "engagement_plan"),
        ("create", "plan_objective"),
        ("create", "plan_action_item"),
    ]
    objective, item = plan.objectives[0], plan.action_items[0]
    revised = plan_input(
        title="Revised",
        objectives=[
            plans.ObjectiveInput("CF-28 rate down 40%", "rate:cf28", 2.0, 1.2, id=objective.id)
        ],
        action_items=[plans.ActionItemInput("Audit the broker's classification")],
    )
    _, rows = change(store, lambda uow: plans.save_plan(uow, plan.id, revised))
    assert sorted(summary(rows)) == sorted(
        [
            ("update", "engagement_plan"),
            ("update", "plan_objective"),
            ("create", "plan_action_item"),
            ("delete", "plan_action_item"),
        ]
    )
    deleted = next(r for r in rows if r["action"] == "delete")
    assert deleted["record_id"] == item.id
    assert deleted["changes"]["description"] == ["Train brokers", None]
    _, rows = change(store, lambda uow: plans.set_plan_status(uow, plan.id, "active"))
    assert rows[0]["changes"] == {"status": ["draft", "active"]}


def test_touch_points_are_audited_through_their_whole_life(store: Store, partner_id: int) -> None:
    made, rows = change(
        store,
        lambda uow: touch_points.record_touch_point(
            uow, partner_id, TouchPointInput(date(2026, 3, 2), "exam")
        ),
    )
    assert summary(rows) == [("create", "touch_point")]
    _, rows = change(
        store,
        lambda uow: touch_points.update_touch_point(
            uow, made.id, TouchPointInput(date(2026, 3, 2), "hold")
        ),
    )
    assert rows[0]["changes"] == {"kind": ["exam", "hold"]}
    gone, rows = change(store, lambda uow: touch_points.delete_touch_point(uow, made.id))
    assert summary(rows) == [("delete", "touch_point")]
    assert rows[0]["changes"]["kind"] == ["hold", None]
    _, rows = change(store, lambda uow: touch_points.restore_touch_point(uow, gone))
    assert summary(rows) == [("create", "touch_point")]


def test_volumes_activities_and_contacts_are_audited(store: Store, partner_id: int) -> None:
    march = date(2026, 3, 1)
    _, rows = change(store, lambda uow: volumes.set_monthly_volume(uow, partner_id, march, 120))
    assert summary(rows) == [("create", "monthly_volume")]
    _, rows = change(store, lambda uow: volumes.set_monthly_volume(uow, partner_id, march, 150))
    assert rows[0]["changes"] == {"entries": [120, 150]}
    activity, rows = change(
        store,
        lambda uow: activities.log_activity(uow, partner_id, occurred_on=march, kind="meeting"),
    )
    assert summary(rows) == [("create", "engagement_activity")]
    _, rows = change(store, lambda uow: activities.delete_activity(uow, activity.id))
    assert summary(rows) == [("delete", "engagement_activity")]
    person, rows = change(
        store, lambda uow: contacts.add_contact(uow, partner_id, name="Dana Reyes")
    )
    assert summary(rows) == [("create", "contact")]
    _, rows = change(store, lambda uow: contacts.delete_contact(uow, person.id))
    assert summary(rows) == [("delete", "contact")]
    assert {r["partner_id"] for r in entries(store)} == {partner_id}


def test_an_uncommitted_change_leaves_no_audit_row(store: Store, partner_id: int) -> None:
    start = last_id(store)
    with store.uow() as uow:
        touch_points.record_touch_point(uow, partner_id, TouchPointInput(date(2026, 3, 2), "exam"))
    assert entries(store, start) == []


def test_a_change_that_fails_midway_leaves_neither_change_nor_audit(
    store: Store, partner_id: int
) -> None:
    start = last_id(store)
    with pytest.raises(RuntimeError), store.uow() as uow:
        touch_points.record_touch_point(uow, partner_id, TouchPointInput(date(2026, 3, 2), "exam"))
        raise RuntimeError("the disk went away")
    assert entries(store, start) == []
    with store.uow() as uow:
        assert uow.connection.execute(text("SELECT count(*) FROM touch_point")).scalar() == 0


def test_a_change_whose_audit_row_cannot_be_written_is_not_saved(
    store: Store, partner_id: int
) -> None:
    with pytest.raises(IntegrityError), store.uow() as uow:
        uow.actor = None  # type: ignore[assignment]  # the audit row then breaks NOT NULL
        touch_points.record_touch_point(uow, partner_id, TouchPointInput(date(2026, 3, 2), "exam"))
        uow.commit()
    with store.uow() as uow:
        assert uow.connection.execute(text("SELECT count(*) FROM touch_point")).scalar() == 0


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"]
)
def test_the_audit_log_cannot_be_changed_or_deleted(
    store: Store, partner_id: int, statement: str
) -> None:
    with pytest.raises(IntegrityError, match="append-only"), store.uow() as uow:
        uow.connection.execute(text(statement))
    assert len(entries(store)) == 1


def test_history_is_newest_first_and_filters_by_table_and_date(
    store: Store, partner_id: int
) -> None:
    change(
        store,
        lambda uow: touch_points.record_touch_point(
            uow, partner_id, TouchPointInput(date(2026, 3, 2), "exam")
        ),
    )
    with store.uow() as uow:
        history = audit.partner_history(uow, partner_id)
        only_touch_points = audit.partner_history(uow, partner_id, table="touch_point")
        future = audit.partner_history(uow, partner_id, since=date(2100, 1, 1))
    assert [(h.action, h.table_name) for h in history] == [
        ("create", "touch_point"),
        ("create", "partner"),
    ]
    assert [h.table_name for h in only_touch_points] == ["touch_point"]
    assert future == []
    line = audit.describe_change(history[0])
    assert f"{store.actor}  create  touch_point #{history[0].record_id}" in line
    assert "kind: — → exam" in line


def test_a_plans_risk_areas_and_review_dates_are_audited_with_the_plan(
    store: Store, partner_id: int
) -> None:
    from trusted_trader.services.records import RiskAreaRecord

    first = plan_input(risk_areas=[RiskAreaRecord("classification", "high")])
    plan, rows = change(store, lambda uow: plans.create_plan(uow, partner_id, first))
    listed = next(r for r in rows if r["action"] == "update")
    assert listed["changes"] == {"risk_areas": [[], ["classification: high"]]}
    lowered = plan_input(
        risk_areas=[RiskAreaRecord("classification", "low")],
        review_dates=[date(2025, 4, 1)],
        objectives=[
            plans.ObjectiveInput(
                o.description, o.measure, o.baseline_value, o.target_value, id=o.id
            )
            for o in plan.objectives
        ],
        action_items=[
            plans.ActionItemInput(a.description, a.owner_side, a.owner_name, id=a.id)
            for a in plan.action_items
        ],
    )
    _, rows = change(store, lambda uow: plans.save_plan(uow, plan.id, lowered))
    assert summary(rows) == [("update", "engagement_plan")]
    assert rows[0]["changes"] == {
        "risk_areas": [["classification: high"], ["classification: low"]],
        "review_dates": [[], ["2025-04-01"]],
    }
