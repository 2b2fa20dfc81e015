"""The volume the statistics read: a month's imported entries where it has any, else its
reported total; and port rates divided by each port's own entries."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.services.entry_rows import add_entries
from trusted_trader.domain.enums import PortBasis, VolumeSource
from trusted_trader.domain.periods import parse_month_range
from trusted_trader.domain.statistics import Verdict
from trusted_trader.services import analytics
from trusted_trader.services.analytics.queries import touch_points_without_volume
from trusted_trader.services.importing import ImportOptions, ImportResult, import_file
from trusted_trader.services.importing.revert import revert_import
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.reference import center_by_code
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point
from trusted_trader.services.volumes import (
    get_monthly_volume,
    list_port_volumes,
    list_volumes,
    set_monthly_volume,
)
from trusted_trader.store.models import AuditEntry, MonthlyVolume

JAN, FEB, MAR, APR = (date(2026, m, 1) for m in range(1, 5))
FIRST_QUARTER = parse_month_range("2026-01:2026-03")
BASELINE, CURRENT = parse_month_range("2026-01:2026-02"), parse_month_range("2026-03:2026-04")


def _partner(store: Store, name: str, ior: str) -> int:
    with store.uow() as uow:
        center = center_by_code(uow, "ELEC")
        made = create_partner(uow, PartnerInput(name, ior, center_id=center.id))
        uow.commit()
    return int(made.id)


def _entries(store: Store, partner_id: int, month: date, port: str, how_many: int) -> None:
    with store.uow() as uow:
        add_entries(uow.connection, partner_id, month, port, how_many)
        uow.commit()


def _reported(store: Store, partner_id: int, month: date, entries: int) -> None:
    with store.uow() as uow:
        set_monthly_volume(uow, partner_id, month, entries, 1000.0)
        uow.commit()


def _touch_points(store: Store, partner_id: int, day: date, port: str, how_many: int) -> None:
    with store.uow() as uow:
        for _ in range(how_many):
            record_touch_point(uow, partner_id, TouchPointInput(day, "exam", port_code=port))
        uow.commit()


@pytest.fixture
def mixed(store: Store) -> dict[str, int]:
    """Alpha: Jan reported 100; Feb reported 200 but 5 entries imported; Mar only 3 entries.
    Beta: Jan reported 50. Gamma: Jan reported 0, no entries."""
    ids = {
        "alpha": _partner(store, "Alpha", "11-1111111AA"),
        "beta": _partner(store, "Beta", "22-2222222BB"),
        "gamma": _partner(store, "Gamma", "33-3333333CC"),
    }
    _reported(store, ids["alpha"], JAN, 100)
    _reported(store, ids["alpha"], FEB, 200)
    _entries(store, ids["alpha"], FEB, "2704", 5)
    _entries(store, ids["alpha"], MAR, "2704", 3)
    _reported(store, ids["beta"], JAN, 50)
    _reported(store, ids["gamma"], JAN, 0)
    _touch_points(store, ids["gamma"], date(2026, 3, 15), "", 2)
    return ids


def test_statistics_count_imported_entries_where_a_month_has_them(
    store: Store, mixed: dict[str, int]
) -> None:
    with store.uow() as uow:
        alpha = analytics.Scope("partner", mixed["alpha"], "Alpha")
        center = analytics.scope_for(uow, center_code="ELEC")
        alpha_counts = analytics.period_counts(uow, alpha, FIRST_QUARTER)
        center_counts = analytics.period_counts(uow, center, FIRST_QUARTER)
        series = analytics.monthly_series(uow, alpha, FIRST_QUARTER)
        later = parse_month_range("2026-04:2026-06")
        rates = analytics.partner_reductions(uow, center, FIRST_QUARTER, later)
    # By hand: 100 reported + 5 counted (not the 200 reported) + 3 counted.
    assert alpha_counts.entries == 108
    assert center_counts.entries == 158
    assert [(p.month, p.entries) for p in series] == [(JAN, 100), (FEB, 5), (MAR, 3)]
    by_name = {r.legal_name: r.baseline_counts.entries for r in rates}
    assert by_name == {"Alpha": 108, "Beta": 50, "Gamma": 0}


def test_a_month_only_entries_gave_is_a_month_with_volume(
    store: Store, mixed: dict[str, int]
) -> None:
    _touch_points(store, mixed["alpha"], date(2026, 3, 20), "2704", 1)
    with store.uow() as uow:
        center = analytics.scope_for(uow, center_code="ELEC")
        without = touch_points_without_volume(uow, center, parse_month_range("2026-03"), None)
    # Gamma's 2 in March have no entries behind them; Alpha's March counts its 3 entries.
    assert without == 2


def test_a_reported_month_without_entries_reads_as_before(store: Store) -> None:
    partner = _partner(store, "Delta", "44-4444444DD")
    _reported(store, partner, JAN, 70)
    with store.uow() as uow:
        scope = analytics.Scope("partner", partner, "Delta")
        assert analytics.period_counts(uow, scope, FIRST_QUARTER).entries == 70
        (record,) = list_volumes(uow, partner)
    assert (record.source, record.reported, record.derived_entries) == (
        VolumeSource.REPORTED,
        True,
        None,
    )
    assert record.entries == 70


def test_a_months_record_says_where_its_figure_comes_from(
    store: Store, mixed: dict[str, int]
) -> None:
    with store.uow() as uow:
        records = {r.month: r for r in list_volumes(uow, mixed["alpha"])}
        ports = list_port_volumes(uow, mixed["alpha"], FEB)
    assert [
        (m, r.source, r.reported, r.entries, r.derived_entries) for m, r in records.items()
    ] == [
        (JAN, VolumeSource.REPORTED, True, 100, None),
        (FEB, VolumeSource.ENTRIES, True, 200, 5),
        (MAR, VolumeSource.ENTRIES, False, 0, 3),  # a month only entries gave is listed
    ]
    assert records[MAR].derived_value_usd == 300.0
    assert [(p.port_code, p.entries) for p in ports] == [("2704", 5)]


def test_editing_a_month_counted_from_entries_sets_its_reported_total_only(
    store: Store, mixed: dict[str, int]
) -> None:
    with store.uow() as uow:
        before = get_monthly_volume(uow, mixed["alpha"], MAR)
        saved = set_monthly_volume(
            uow, mixed["alpha"], MAR, 4, 50.0, expected_version=before.version
        )
        uow.commit()
    assert (saved.reported, saved.entries, saved.derived_entries, saved.derived_value_usd) == (
        True,
        4,
        3,
        300.0,
    )
    assert saved.version == before.version + 1
    with store.uow() as uow:
        alpha = analytics.Scope("partner", mixed["alpha"], "Alpha")
        assert analytics.period_counts(uow, alpha, FIRST_QUARTER).entries == 108  # still 3
        audited = uow.connection.execute(
            select(AuditEntry.changes).where(
                AuditEntry.table_name == "monthly_volume",
                AuditEntry.record_id == saved.id,
                AuditEntry.action == "update",
            )
        ).scalar_one()
    assert json.loads(audited) == {"entries": [0, 4], "entered_value_usd": [0.0, 50.0],
                                   "reported": [False, True]}  # fmt: skip


def _ports(store: Store, scope: analytics.Scope) -> analytics.PortReductions:
    with store.uow() as uow:
        return analytics.reduction_by_port(uow, scope, BASELINE, CURRENT)


def test_port_rates_divide_by_the_ports_own_entries(store: Store) -> None:
    partner = _partner(store, "Epsilon", "55-5555555EE")
    for month, port, entries in ((JAN, "2704", 10), (FEB, "3901", 5), (MAR, "2704", 20)):
        _entries(store, partner, month, port, entries)
    _touch_points(store, partner, date(2026, 1, 10), "2704", 2)
    _touch_points(store, partner, date(2026, 3, 10), "2704", 2)
    _touch_points(store, partner, date(2026, 2, 10), "3901", 1)
    _touch_points(store, partner, date(2026, 4, 10), "3901", 1)
    found = _ports(store, analytics.Scope("partner", partner, "Epsilon"))
    assert found.basis is PortBasis.PORT_ENTRIES
    assert found.caption == (
        "Rates per port divide by the port's own entries (from imported entries)."
    )
    by_port = dict(found.ports)
    big = by_port["2704"]
    assert (big.baseline_counts.entries, big.current_counts.entries) == (10, 20)
    assert (big.result.baseline_rate, big.result.current_rate) == (200.0, 100.0)
    small = by_port["3901"]  # its touch point in April has no entries there
    assert small.current_counts.touch_points == 1
    assert small.result.verdict is Verdict.NOT_MEASURABLE
    assert (small.result.baseline_rate, small.result.current_rate) == (200.0, None)
    assert small.result.note == (
        "No entries at this port in the current period: its touch point there is counted, "
        "its rate is not computed."
    )


def test_port_rates_divide_by_all_entries_when_some_months_have_no_ports(
    store: Store, mixed: dict[str, int]
) -> None:
    _touch_points(store, mixed["alpha"], date(2026, 1, 10), "2704", 2)
    _touch_points(store, mixed["alpha"], date(2026, 3, 10), "2704", 1)
    found = _ports(store, analytics.Scope("partner", mixed["alpha"], "Alpha"))
    assert found.basis is PortBasis.PART_BY_PORT
    assert found.caption == (
        "Rates per port divide by all the partner's entries: entries by port cover only "
        "part of the periods."
    )
    (port, reduction), *_ = found.ports
    # January's reported 100 + February's 5 counted; March's 3.
    assert (port, reduction.baseline_counts.entries, reduction.current_counts.entries) == (
        "2704",
        105,
        3,
    )


def _import_volumes(store: Store, tmp_path: Path, text: str) -> ImportResult:
    path = tmp_path / f"volumes-{len(text)}.csv"
    path.write_text("ior_number,month,entries,entered_value_usd\n" + text, encoding="utf-8")
    with store.uow() as uow:
        result = import_file(uow, "volumes", path, ImportOptions())
        uow.commit()
    return result


def _march(store: Store, partner_id: int) -> tuple[object, ...]:
    v = MonthlyVolume
    stmt = select(v.entries, v.entered_value_usd, v.reported, v.derived_entries).where(
        v.partner_id == partner_id, v.month == MAR
    )
    with store.uow() as uow:
        row = uow.connection.execute(stmt).one()
    return (row[0], row[1], bool(row[2]), row[3])


def test_importing_a_total_into_a_month_only_entries_gave_reports_it_and_revert_undoes_it(
    store: Store, mixed: dict[str, int], tmp_path: Path
) -> None:
    first = _import_volumes(store, tmp_path, "11-1111111AA,2026-03,9,900\n")
    assert (first.updated, first.batch_id is not None) == (1, True)
    assert _march(store, mixed["alpha"]) == (9, 900.0, True, 3)
    again = _import_volumes(store, tmp_path, "11-1111111AA,2026-03,9,900\n")
    assert (again.updated, again.unchanged) == (0, 1)
    with store.uow() as uow:
        revert_import(uow, first.batch_id or 0)
        uow.commit()
    assert _march(store, mixed["alpha"]) == (0, 0.0, False, 3)


def test_importing_a_zero_total_into_a_month_only_entries_gave_still_reports_it(
    store: Store, mixed: dict[str, int], tmp_path: Path
) -> None:
    _import_volumes(store, tmp_path, "11-1111111AA,2026-03,0,0\n")
    assert _march(store, mixed["alpha"]) == (0, 0.0, True, 3)
