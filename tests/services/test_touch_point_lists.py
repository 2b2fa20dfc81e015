"""Touch point lists filtered by outcome and response, ordered by any column, on both backends."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from trusted_trader.services.exporting import ExportFilter, export_file
from trusted_trader.services.touch_points import (
    TouchPointInput,
    TouchPointQuery,
    count_touch_points,
    list_touch_points,
    record_touch_point,
)

TODAY = date(2026, 11, 16)


def recorded(store: Any, partner_id: int) -> None:
    with store.uow() as uow:
        for day, kind, outcome, closed in (
            (date(2026, 9, 1), "cf28", "", None),  # due 2026-10-01: overdue
            (date(2026, 11, 10), "cf28", "", None),  # due in December: open
            (date(2026, 8, 1), "cf28", "released", date(2026, 8, 20)),  # answered
            (date(2026, 10, 1), "exam", "no_discrepancy", None),  # no response awaited
        ):
            data = TouchPointInput(occurred_on=day, kind=kind, outcome=outcome, closed_on=closed)
            record_touch_point(uow, partner_id, data)
        uow.commit()


def test_open_and_overdue_responses_and_outcomes_are_counted_and_listed(
    store: Any, acme_id: int
) -> None:
    recorded(store, acme_id)
    with store.uow() as uow:
        overdue = TouchPointQuery(response="overdue", today=TODAY)
        assert count_touch_points(uow, overdue) == 1
        assert [t.occurred_on for t in list_touch_points(uow, overdue)] == [date(2026, 9, 1)]
        assert count_touch_points(uow, TouchPointQuery(response="open", today=TODAY)) == 2
        assert count_touch_points(uow, TouchPointQuery(outcome="")) == 2
        assert count_touch_points(uow, TouchPointQuery(outcome="released")) == 1


def test_a_list_is_ordered_by_due_date_with_the_undated_last_either_way(
    store: Any, acme_id: int
) -> None:
    recorded(store, acme_id)
    with store.uow() as uow:
        for descending in (False, True):
            query = TouchPointQuery(order="response_due", descending=descending)
            dues = [t.response_due for t in list_touch_points(uow, query)]
            dated = [d for d in dues if d is not None]
            assert dues[: len(dated)] == sorted(dated, reverse=descending)
            assert dues[len(dated) :] == [None] * (len(dues) - len(dated))
        kinds = [t.kind for t in list_touch_points(uow, TouchPointQuery(order="kind"))]
        assert kinds == sorted(kinds, reverse=True)
        by_partner = list_touch_points(uow, TouchPointQuery(order="partner", descending=False))
        assert len(by_partner) == 4


def test_an_export_of_the_filter_holds_just_its_rows(
    store: Any, acme_id: int, tmp_path: Path
) -> None:
    recorded(store, acme_id)
    shown = ExportFilter(touch_points=TouchPointQuery(response="open", today=TODAY))
    with store.uow() as uow:
        result = export_file(uow, "touch-points", tmp_path / "open.csv", shown)
    assert result.rows == 2


def test_a_list_is_ordered_by_port_entry_and_closing_date_too(store: Any, acme_id: int) -> None:
    from tests.conftest import valid_entry

    with store.uow() as uow:
        for port, serial, closed in (
            ("2704", "0000003", None),
            ("0101", "0000001", date(2026, 9, 2)),
        ):
            data = TouchPointInput(
                occurred_on=date(2026, 9, 1),
                kind="hold",
                port_code=port,
                entry_number=valid_entry(f"ABC{serial}"),
                closed_on=closed,
            )
            record_touch_point(uow, acme_id, data)
        uow.commit()
        by_port = list_touch_points(uow, TouchPointQuery(order="port", descending=False))
        by_entry = list_touch_points(uow, TouchPointQuery(order="entry", descending=True))
        by_closed = list_touch_points(uow, TouchPointQuery(order="closed", descending=False))
    assert [t.port_code for t in by_port] == ["0101", "2704"]
    assert [t.entry_number[4:11] for t in by_entry] == ["0000003", "0000001"]
    assert [t.closed_on for t in by_closed] == [date(2026, 9, 2), None]  # undated last
