"""Portfolio views: plans across partners, stale plans, recent activities, entry look-up."""

from __future__ import annotations

from datetime import date
from typing import Any

from trusted_trader.services.portfolio import (
    count_partners,
    list_plan_summaries,
    partner_names,
    partners_with_entry,
    recent_activities,
    stale_among,
)
from trusted_trader.services.scope import Scope
from trusted_trader.services.touch_points import TouchPointQuery, list_touch_points

TODAY = date(2026, 11, 16)


def test_plan_summaries_count_open_action_items(demo_store: Any) -> None:
    from trusted_trader.services.plans import get_plan

    with demo_store.uow() as uow:
        summaries = list_plan_summaries(uow, Scope())
        first = summaries[0]
        plan = get_plan(uow, first.plan_id)
    assert summaries
    open_items = [a for a in plan.action_items if a.status in ("open", "in_progress")]
    assert first.open_items == len(open_items)


def test_a_scope_narrows_to_one_executive(demo_store: Any) -> None:
    from trusted_trader.services.partners import list_partners
    from trusted_trader.services.reference import executive_by_email

    with demo_store.uow() as uow:
        everyone = list_partners(uow)
        email = everyone[0].executive_email
        scope = Scope.of(executive_id=executive_by_email(uow, email).id)
        assert count_partners(uow, scope) == sum(p.executive_email == email for p in everyone)
        assert count_partners(uow, Scope()) == len(everyone)


def test_stale_plans_are_active_and_untouched_for_90_days(demo_store: Any) -> None:
    with demo_store.uow() as uow:
        stale = stale_among(list_plan_summaries(uow, Scope(), status="active"), TODAY)
    assert all(p.status == "active" for p in stale)
    assert all(p.last_item_update is None or (TODAY - p.last_item_update).days > 90 for p in stale)


def test_recent_activities_come_newest_first_with_partner_names(demo_store: Any) -> None:
    with demo_store.uow() as uow:
        found = recent_activities(uow, Scope(), limit=50)
        names = partner_names(uow)
    assert found
    assert [a.occurred_on for a in found] == sorted((a.occurred_on for a in found), reverse=True)
    assert all(names[a.partner_id] == a.partner_name for a in found)


def test_an_entry_number_finds_its_partner_in_any_written_form(demo_store: Any) -> None:
    with demo_store.uow() as uow:
        touch = next(t for t in list_touch_points(uow, TouchPointQuery()) if t.entry_number)
        plain = touch.entry_number.replace("-", "").lower()
        assert [pid for pid, _name in partners_with_entry(uow, plain)] == [touch.partner_id]
        assert partners_with_entry(uow, "not an entry") == []
