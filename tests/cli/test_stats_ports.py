"""``trusted-trader stats`` lists the busiest ports and says what their rates divide by."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.services.entry_rows import add_entries
from trusted_trader.cli import main
from trusted_trader.services import partners, touch_points, volumes
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput

IOR = "12-3456789AB"
PERIODS = ["--baseline", "2025-01:2025-03", "--current", "2025-07:2025-09"]


def _partner(store: Store, *, by_port: bool) -> str:
    """Jan and Jul: 4 exams at 2704 then 2; entries imported (by port) or reported totals."""
    with store.uow() as uow:
        pid = partners.create_partner(uow, PartnerInput("Known Imports", IOR)).id
        for month, port, n in ((1, "2704", 200), (1, "3901", 800), (7, "2704", 400)):
            if by_port:
                add_entries(uow.connection, pid, date(2025, month, 1), port, n)
            else:
                volumes.set_monthly_volume(uow, pid, date(2025, month, 1), 1000)
        for day, n in ((date(2025, 1, 9), 4), (date(2025, 7, 9), 2)):
            for _ in range(n):
                touch_points.record_touch_point(
                    uow, pid, TouchPointInput(day, "exam", port_code="2704")
                )
        uow.commit()
    return str(store.url.removeprefix("sqlite:///"))


def _stats(db: str, capsys: pytest.CaptureFixture[str], *more: str) -> str:
    assert main(["--db", db, "stats", "--partner", IOR, *PERIODS, *more]) == 0
    return capsys.readouterr().out


def test_port_rates_divide_by_the_ports_own_entries_and_say_so(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _partner(store, by_port=True)
    out = _stats(db, capsys).splitlines()
    at = out.index(
        "By port, busiest first. Rates per port divide by the port's own entries "
        "(from imported entries)."
    )
    # 4 of 200 entries at 2704 = 20.00 per 1,000; then 2 of 400 = 5.00.
    assert out[at + 1].startswith("  2704       4 then 2      touch points; rate 20.00 then 5.00:")
    ports = json.loads(_stats(db, capsys, "--json"))["ports"]
    assert ports["basis"] == "port entries"
    [port] = ports["ports"]
    assert (port["port"], port["baseline"]["entries"], port["current"]["entries"]) == (
        "2704",
        200,
        400,
    )


def test_without_entries_by_port_the_rates_divide_by_all_entries_and_say_why(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _partner(store, by_port=False)
    assert (
        "By port, busiest first. Rates per port divide by all the partner's entries: "
        "no entries by port on record."
    ) in _stats(db, capsys).splitlines()
    assert "By port" not in _stats(db, capsys, "--kind", "exam")  # ports are of every kind
