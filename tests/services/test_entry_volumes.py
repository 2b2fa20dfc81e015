"""Volumes derived from imported entries: per port and per month, beside the reported total."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import delete, insert, select, update

from trusted_trader.services.entry_volumes import refresh_derived
from trusted_trader.services.store import Store
from trusted_trader.store.models import CustomsEntry, MonthlyVolume, PortVolume, utc_now

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


def _entry(partner_id: int, serial: int, month: date, port: str, value: float) -> dict[str, object]:
    now = utc_now()
    return {
        "partner_id": partner_id, "entry_number": f"ACM-{serial:07d}-0", "ior_number": "X",
        "filer_code": "ACM", "entry_date": month, "summary_date": None, "month": month,
        "port_code": port, "lines": 2, "entered_value_usd": value, "hts_numbers": "",
        "version": 1, "created_at": now, "updated_at": now,
    }  # fmt: skip


def _months(store: Store, partner_id: int) -> dict[date, tuple[object, ...]]:
    v = MonthlyVolume
    stmt = select(v.month, v.entries, v.reported, v.derived_entries, v.derived_value_usd).where(
        v.partner_id == partner_id
    )
    with store.uow() as uow:
        return {r[0]: tuple(r[1:]) for r in uow.connection.execute(stmt)}


def _ports(store: Store, partner_id: int) -> dict[tuple[date, str], int]:
    p = PortVolume
    stmt = select(p.month, p.port_code, p.entries).where(p.partner_id == partner_id)
    with store.uow() as uow:
        return {(r[0], r[1]): r[2] for r in uow.connection.execute(stmt)}


def _write(store: Store, partner_id: int, rows: list[dict[str, object]]) -> None:
    with store.uow() as uow:
        if rows:
            uow.connection.execute(insert(CustomsEntry), rows)
        refresh_derived(uow.connection, [partner_id])
        uow.commit()


def test_entries_give_ports_and_months_and_a_reported_total_is_kept_beside(
    store: Store, acme_id: int
) -> None:
    with store.uow() as uow:
        uow.connection.execute(
            insert(MonthlyVolume).values(
                partner_id=acme_id, month=JAN, entries=40, entered_value_usd=9.0, version=1,
                created_at=utc_now(), updated_at=utc_now(),
            )
        )  # fmt: skip
        uow.commit()
    rows = [_entry(acme_id, 1, JAN, "2704", 10.0), _entry(acme_id, 2, JAN, "2704", 5.0),
            _entry(acme_id, 3, JAN, "3901", 1.5), _entry(acme_id, 4, FEB, "", 2.0)]  # fmt: skip
    _write(store, acme_id, rows)
    assert _ports(store, acme_id) == {(JAN, "2704"): 2, (JAN, "3901"): 1, (FEB, ""): 1}
    assert _months(store, acme_id) == {
        JAN: (40, True, 3, 16.5),  # the reported 40 stays; the month counts 3
        FEB: (0, False, 1, 2.0),  # only entries gave this month
    }


def test_when_the_entries_go_a_reported_month_returns_and_a_derived_one_goes(
    store: Store, acme_id: int
) -> None:
    _write(store, acme_id, [_entry(acme_id, 1, JAN, "2704", 10.0)])
    with store.uow() as uow:
        uow.connection.execute(update(MonthlyVolume).values(entries=7, reported=True))
        uow.connection.execute(insert(CustomsEntry), [_entry(acme_id, 2, FEB, "2704", 1.0)])
        refresh_derived(uow.connection, [acme_id])
        uow.connection.execute(delete(CustomsEntry))
        refresh_derived(uow.connection, [acme_id])
        uow.commit()
    assert _months(store, acme_id) == {JAN: (7, True, None, None)}
    assert _ports(store, acme_id) == {}


def test_other_partners_figures_are_left_as_they_are(store: Store, acme_id: int) -> None:
    from trusted_trader.services.partners import PartnerInput, create_partner

    with store.uow() as uow:
        other = int(create_partner(uow, PartnerInput("Other Co", "12-345678900")).id)
        uow.commit()
    _write(store, other, [_entry(other, 9, JAN, "0101", 1.0)])
    _write(store, acme_id, [])
    assert _ports(store, other) == {(JAN, "0101"): 1}


def test_reverting_the_import_that_made_a_month_keeps_what_its_entries_count(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    from tests.conftest import ACME_IOR
    from trusted_trader.services.importing import import_file, revert_import

    path = tmp_path / "volumes.csv"
    path.write_text(f"ior_number,month,entries\n{ACME_IOR},2026-01,40\n")
    with store.uow() as uow:
        batch = import_file(uow, "volumes", path).batch_id
        uow.commit()
    _write(store, acme_id, [_entry(acme_id, 1, JAN, "2704", 10.0)])
    assert _months(store, acme_id) == {JAN: (40, True, 1, 10.0)}
    with store.uow() as uow:
        revert_import(uow, int(batch or 0))
        uow.commit()
    assert _months(store, acme_id) == {JAN: (0, False, 1, 10.0)}  # the entry still counts
