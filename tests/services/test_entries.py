"""A partner's entries: listed a page at a time, filtered, deleted (audited) and restored."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, select, update

from tests.conftest import valid_entry
from trusted_trader.domain.errors import ConflictError, NotFoundError
from trusted_trader.domain.periods import MonthRange
from trusted_trader.services.entries import (
    EntryQuery,
    count_entries,
    delete_entry,
    entry_ports,
    get_entry,
    list_entries,
    restore_entry,
)
from trusted_trader.services.entry_volumes import refresh_derived
from trusted_trader.services.records import EntryRecord
from trusted_trader.services.store import Store
from trusted_trader.store.models import AuditEntry, CustomsEntry, MonthlyVolume, utc_now

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def entry_row(
    partner_id: int,
    serial: int,
    day: date | None,
    port: str = "2704",
    value: float = 100.0,
    hts: str = "8471300100",
    summary: date | None = None,
) -> dict[str, object]:
    """A customs_entry row as an import would write it."""
    now = utc_now()
    number = valid_entry(f"ACM{serial:07d}")
    month = (day or summary or JAN).replace(day=1)
    return {
        "partner_id": partner_id, "entry_number": number, "ior_number": "12-3456789AB",
        "filer_code": "ACM", "entry_date": day, "summary_date": summary, "month": month,
        "port_code": port, "lines": 2, "entered_value_usd": value, "hts_numbers": hts,
        "version": 1, "created_at": now, "updated_at": now,
    }  # fmt: skip


def write_entries(store: Store, partner_id: int, rows: list[dict[str, object]]) -> None:
    """Entries written the way the import writes them: Core insert, then the volumes."""
    with store.uow() as uow:
        uow.connection.execute(insert(CustomsEntry), rows)
        refresh_derived(uow.connection, [partner_id])
        uow.commit()


def derived(store: Store, partner_id: int) -> dict[date, int | None]:
    v = MonthlyVolume
    stmt = select(v.month, v.derived_entries).where(v.partner_id == partner_id)
    with store.uow() as uow:
        return {m: n for m, n in uow.connection.execute(stmt)}


@pytest.fixture
def world(store: Store, acme_id: int) -> Store:
    """Acme with five entries: three at 2704 in Jan–Feb, two at 3901 in March."""
    write_entries(
        store,
        acme_id,
        [
            entry_row(acme_id, 1, date(2026, 1, 5)),
            entry_row(acme_id, 2, date(2026, 1, 20), value=50.0, hts="8471300100 9403200000"),
            entry_row(acme_id, 3, date(2026, 2, 3)),
            entry_row(acme_id, 4, None, port="3901", summary=date(2026, 3, 9)),
            entry_row(acme_id, 5, date(2026, 3, 30), port="3901", hts="6109100012"),
        ],
    )
    return store


def delete_newest(store: Store, partner_id: int) -> tuple[EntryRecord, EntryRecord]:
    """The partner's newest entry as listed, and what deleting it returned."""
    with store.uow() as uow:
        first = list_entries(uow, EntryQuery(partner_id, limit=1))[0]
        held = delete_entry(uow, first.id)
        uow.commit()
    return first, held


def listed(store: Store, query: EntryQuery) -> list[str]:
    with store.uow() as uow:
        return [e.entry_number for e in list_entries(uow, query)]


def test_entries_list_newest_first_with_their_count_and_pages(world: Store, acme_id: int) -> None:
    everything = listed(world, EntryQuery(acme_id))
    serials = [int(n[4:11]) for n in everything]
    assert serials == [5, 4, 3, 2, 1]  # the summary date stands in for a missing entry date
    page = listed(world, EntryQuery(acme_id, limit=2, offset=2))
    assert page == everything[2:4]
    with world.uow() as uow:
        assert count_entries(uow, EntryQuery(acme_id, limit=1)) == 5


def test_filters_narrow_by_month_port_and_text(world: Store, acme_id: int) -> None:
    def count(**given: object) -> int:
        with world.uow() as uow:
            return count_entries(uow, EntryQuery(acme_id, **given))  # type: ignore[arg-type]

    assert count(months=MonthRange(FEB, MAR)) == 3
    assert count(port_code="3901") == 2
    assert count(months=MonthRange(MAR, MAR), port_code="2704") == 0
    number = listed(world, EntryQuery(acme_id, order="entry", descending=False))[1]
    assert count(text=number) == 1
    assert count(text=number.replace("-", "").lower()) == 1  # dashes and case do not matter
    assert count(text="9403.20") == 1  # an HTS number, dots optional
    assert count(text="6109") == 1
    assert count(text="%") == 0  # a LIKE wildcard is taken literally
    assert count(text="_") == 0


def test_orders_are_the_databases_and_ties_stay_stable(world: Store, acme_id: int) -> None:
    by_value = listed(world, EntryQuery(acme_id, order="value", descending=False))
    assert int(by_value[0][4:11]) == 2  # 50.0, the only smaller value
    by_port = listed(world, EntryQuery(acme_id, order="port", descending=True))
    assert [n[4:11] for n in by_port[:2]] == ["0000005", "0000004"]
    with world.uow() as uow:
        assert entry_ports(uow, acme_id) == ["2704", "3901"]


def test_delete_is_audited_and_counts_the_months_volume_again(world: Store, acme_id: int) -> None:
    assert derived(world, acme_id) == {JAN: 2, FEB: 1, MAR: 2}
    with world.uow() as uow:
        first = list_entries(uow, EntryQuery(acme_id, order="entry", descending=False))[0]
    with world.uow() as uow:
        held = delete_entry(uow, first.id, expected_version=first.version)
        uow.commit()
    assert held == first
    assert derived(world, acme_id) == {JAN: 1, FEB: 1, MAR: 2}
    with world.uow() as uow:
        with pytest.raises(NotFoundError):
            get_entry(uow, first.id)
        audit = uow.connection.execute(
            select(AuditEntry.action, AuditEntry.partner_id).where(
                AuditEntry.table_name == "customs_entry"
            )
        ).all()
    assert audit == [("delete", acme_id)]


def test_restore_puts_the_entry_back_under_its_id_and_the_volume_with_it(
    world: Store, acme_id: int
) -> None:
    first, held = delete_newest(world, acme_id)
    with world.uow() as uow:
        back = restore_entry(uow, held)
        uow.commit()
    assert back == first
    assert derived(world, acme_id) == {JAN: 2, FEB: 1, MAR: 2}
    with world.uow() as uow:
        assert get_entry(uow, first.id) == first


def test_a_month_only_the_deleted_entry_gave_goes_with_it(store: Store, acme_id: int) -> None:
    write_entries(store, acme_id, [entry_row(acme_id, 9, date(2026, 2, 2))])
    with store.uow() as uow:
        only = list_entries(uow, EntryQuery(acme_id))[0]
        delete_entry(uow, only.id)
        uow.commit()
    assert derived(store, acme_id) == {}


def test_an_entry_changed_since_it_was_shown_is_a_conflict_and_stays(
    world: Store, acme_id: int
) -> None:
    with world.uow() as uow:
        shown = list_entries(uow, EntryQuery(acme_id, limit=1))[0]
        uow.connection.execute(
            update(CustomsEntry).where(CustomsEntry.id == shown.id).values(version=2, lines=7)
        )
        uow.commit()
    with world.uow() as uow, pytest.raises(ConflictError, match="changed since you opened it"):
        delete_entry(uow, shown.id, expected_version=shown.version)
    with world.uow() as uow:
        assert get_entry(uow, shown.id).lines == 7


def test_a_restore_after_the_entry_came_back_by_import_is_refused(
    world: Store, acme_id: int
) -> None:
    _first, held = delete_newest(world, acme_id)
    again = {**entry_row(acme_id, 1, date(2026, 3, 30)), "entry_number": held.entry_number}
    write_entries(world, acme_id, [again])
    with world.uow() as uow, pytest.raises(ConflictError, match="back already"):
        restore_entry(uow, held)
    with world.uow() as uow:
        assert count_entries(uow, EntryQuery(acme_id)) == 5
