"""The progress report's ports: each port's rate, and what the rates divide by."""

from __future__ import annotations

from datetime import date

from report_fixtures import invariant_options, pdf_text

from tests.services.entry_rows import add_entries
from trusted_trader.domain.periods import parse_month_range
from trusted_trader.reports.api import render_progress
from trusted_trader.services import partners, touch_points, volumes
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput

BASELINE, CURRENT = parse_month_range("2025-01:2025-06"), parse_month_range("2026-01:2026-06")


def _partner(store: Store, *, by_port: bool) -> int:
    """Exams at 2704: 6 then 3; at 3901: 2 then 1 (its current entries went elsewhere)."""
    with store.uow() as uow:
        pid = int(partners.create_partner(uow, PartnerInput("Port & Co", "12-3456789AB")).id)
        volume = ((2025, "2704", 300), (2025, "3901", 100), (2026, "2704", 600))
        for year, port, n in volume:
            if by_port:
                add_entries(uow.connection, pid, date(year, 3, 1), port, n)
            else:
                volumes.set_monthly_volume(uow, pid, date(year, 3, 1), 400 if year == 2025 else 600)
        exams = ((2025, "2704", 6), (2025, "3901", 2), (2026, "2704", 3), (2026, "3901", 1))
        for year, port, n in exams:
            for _ in range(n):
                tp = TouchPointInput(date(year, 3, 9), "exam", port_code=port)
                touch_points.record_touch_point(uow, pid, tp)
        uow.commit()
    return pid


def _text(store: Store, partner_id: int) -> str:
    pdf = render_progress(store, partner_id, None, BASELINE, CURRENT, invariant_options())
    return " ".join(pdf_text(pdf).split())


def test_the_report_divides_each_port_by_its_own_entries(store: Store) -> None:
    text = _text(store, _partner(store, by_port=True))
    assert "By port Busiest ports first. Rates per port divide by the port's own entries" in text
    # 6 of 300 = 20.00, then 3 of 600 = 5.00.
    assert "2704 6 3 20.00 5.00 −75%" in text
    assert "3901: No entries at this port in the current period: its touch point there is " in text


def test_the_report_says_when_ports_divide_by_all_entries(store: Store) -> None:
    text = _text(store, _partner(store, by_port=False))
    assert "Rates per port divide by all the partner's entries: no entries by port on record." in (
        text
    )
    # 6 of 400 = 15.00, then 3 of 600 = 5.00.
    assert "2704 6 3 15.00 5.00 −67%" in text
