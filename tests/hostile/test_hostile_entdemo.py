"""Careless demo sizes against the demo's entries (#20).

Each row is a demo asked for at an edge: one partner, no touch points, no entry months or
more than the demo spans, a negative or a huge share of partners. The demo must load, its
derived volumes must be what the entries give, every touch point's entry number must hold
its check digit, and it plants no more findings than it says.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import DEMO_LAST_MONTH
from trusted_trader.domain.identifiers import entry_check_digit, parse_entry_number
from trusted_trader.services.demo import DemoSpec, load_demo
from trusted_trader.services.demo_entries import PLANTED
from trusted_trader.services.entry_volumes import refresh_derived
from trusted_trader.services.store import open_store

BASE = DemoSpec(partners=8, touch_points=400, last_month=DEMO_LAST_MONTH)

CASES = [
    pytest.param(replace(BASE, partners=0, touch_points=0), id="no-partners"),
    pytest.param(replace(BASE, partners=1), id="one-partner"),
    pytest.param(replace(BASE, partners=1, touch_points=0), id="one-partner-no-touch-points"),
    pytest.param(replace(BASE, touch_points=0), id="no-touch-points"),
    pytest.param(replace(BASE, entry_months=0), id="no-entry-months"),
    pytest.param(replace(BASE, entry_months=-4), id="negative-entry-months"),
    pytest.param(replace(BASE, entry_months=500), id="more-entry-months-than-the-demo"),
    pytest.param(replace(BASE, entry_partners=0), id="no-entry-partners"),
    pytest.param(replace(BASE, entry_partners=-5), id="negative-entry-partners"),
    pytest.param(replace(BASE, entry_partners=1), id="one-entry-partner"),
    pytest.param(replace(BASE, entry_partners=10**9), id="huge-entry-partners"),
    pytest.param(replace(BASE, years=1, entry_months=12), id="entries-every-month"),
]


def derived(conn: object) -> list[tuple[object, ...]]:
    sql = (
        "SELECT partner_id, month, derived_entries, derived_value_usd FROM monthly_volume "
        "UNION ALL SELECT partner_id, month, port_code, entries FROM port_volume ORDER BY 1, 2, 3"
    )
    return [tuple(r) for r in conn.execute(text(sql))]  # type: ignore[attr-defined]


@pytest.mark.parametrize("spec", CASES)
def test_a_demo_at_an_edge_keeps_its_entries_consistent(spec: DemoSpec, tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    with store.uow() as uow:
        result = load_demo(uow, spec)
        uow.commit()
    with store.uow() as uow:
        conn = uow.connection
        written = derived(conn)
        refresh_derived(conn, conn.execute(text("SELECT id FROM partner")).scalars())
        assert derived(conn) == written
        numbers = list(conn.execute(text("SELECT entry_number FROM customs_entry")).scalars())
        touch_points = conn.execute(text("SELECT entry_number FROM touch_point")).scalars()
        assert all(parse_entry_number(n) == n for n in touch_points)
        mismatched = conn.execute(
            text("SELECT count(*) FROM monthly_volume WHERE derived_entries <> entries")
        ).scalar_one()
    store.close()
    assert result.entries == len(numbers) == len(set(numbers))
    wrong = sum(1 for n in numbers if entry_check_digit(n[:11]) != int(n[-1]))
    assert wrong == (PLANTED.wrong_check_digits if numbers else 0)
    assert mismatched <= PLANTED.mismatched_months
    assert result.touch_points == spec.touch_points
