"""A touch point's response due date follows its kind's window, or a date set by hand."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from trusted_trader.domain.errors import ValidationError
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import (
    TouchPointInput,
    record_touch_point,
    update_touch_point,
)
from trusted_trader.store.models import AuditEntry


def test_rule_response_window_seizure_dated_2026_03_02_is_due_2026_04_01(
    store: Store, acme_id: int
) -> None:
    with store.uow() as uow:
        tp = record_touch_point(uow, acme_id, TouchPointInput(date(2026, 3, 2), "seizure"))
    assert tp.response_due == date(2026, 4, 1)


def test_a_cf29_action_taken_has_no_due_date(store: Store, acme_id: int) -> None:
    with store.uow() as uow:
        tp = record_touch_point(
            uow, acme_id, TouchPointInput(date(2026, 3, 2), "CF-29 action taken")
        )
    assert (tp.kind, tp.response_due) == ("cf29_taken", None)


def test_rule_due_date_follows_the_date_and_kind_when_they_change(
    store: Store, acme_id: int
) -> None:
    with store.uow() as uow:
        tp = record_touch_point(uow, acme_id, TouchPointInput(date(2026, 1, 5), "cf28"))
        moved = update_touch_point(uow, tp.id, TouchPointInput(date(2026, 2, 1), "cf28"))
        assert moved.response_due == date(2026, 3, 3)
        taken = update_touch_point(uow, tp.id, TouchPointInput(date(2026, 2, 1), "cf29_taken"))
        assert taken.response_due is None


def test_rule_due_date_set_by_hand_is_kept_with_its_reason_and_audited(
    store: Store, acme_id: int
) -> None:
    with store.uow() as uow:
        tp = record_touch_point(uow, acme_id, TouchPointInput(date(2026, 1, 5), "cf28"))
        shortened = TouchPointInput(
            date(2026, 1, 5),
            "cf28",
            response_due=date(2026, 1, 20),
            response_due_reason="port director asked for a reply in 15 days",
        )
        changed = update_touch_point(uow, tp.id, shortened)
        changes_text = uow.connection.execute(
            select(AuditEntry.changes).where(AuditEntry.action == "update")
        ).scalar_one()
    assert changed.response_due == date(2026, 1, 20)
    assert changed.response_due_reason == "port director asked for a reply in 15 days"
    changes = json.loads(changes_text)
    assert changes["response_due"] == ["2026-02-04", "2026-01-20"]
    assert changes["response_due_reason"][1].startswith("port director")


def test_clearing_a_due_date_set_by_hand_goes_back_to_the_window(
    store: Store, acme_id: int
) -> None:
    with store.uow() as uow:
        data = TouchPointInput(
            date(2026, 1, 5), "cf28", response_due=date(2026, 1, 20), response_due_reason="x"
        )
        tp = record_touch_point(uow, acme_id, data)
        back = update_touch_point(uow, tp.id, TouchPointInput(date(2026, 1, 5), "cf28"))
    assert (back.response_due, back.response_due_reason) == (date(2026, 2, 4), "")


@pytest.mark.parametrize(
    ("due", "reason", "field"),
    [
        (date(2026, 1, 20), "  ", "response_due_reason"),
        (date(2026, 1, 1), "typo in the notice", "response_due"),
    ],
)
def test_a_due_date_set_by_hand_needs_a_reason_and_a_day_after_the_touch_point(
    store: Store, acme_id: int, due: date, reason: str, field: str
) -> None:
    data = TouchPointInput(date(2026, 1, 5), "cf28", response_due=due, response_due_reason=reason)
    with store.uow() as uow, pytest.raises(ValidationError) as caught:
        record_touch_point(uow, acme_id, data)
    assert [p.field for p in caught.value.problems] == [field]


def test_the_radar_and_the_calendar_carry_a_seizures_30_day_window(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    from trusted_trader.services.calendar_export import export_deadlines
    from trusted_trader.services.deadlines import DeadlineQuery, list_deadlines

    with store.uow() as uow:
        record_touch_point(uow, acme_id, TouchPointInput(date(2026, 3, 2), "seizure"))
        record_touch_point(uow, acme_id, TouchPointInput(date(2026, 3, 2), "CF-29 action taken"))
        record_touch_point(uow, acme_id, TouchPointInput(date(2026, 3, 2), "CF-4647"))
        uow.commit()
    today = date(2026, 3, 10)
    with store.uow() as uow:
        found = list_deadlines(uow, DeadlineQuery(), today)
        count = export_deadlines(uow, tmp_path / "radar.ics", DeadlineQuery(), today)
    assert [(d.title, d.due_on) for d in found] == [
        ("CF-4647 response due", date(2026, 4, 1)),
        ("Seizure response due", date(2026, 4, 1)),
    ]
    text = (tmp_path / "radar.ics").read_text(encoding="utf-8")
    assert count == 2 and text.count("DTSTART;VALUE=DATE:20260401") == 2
