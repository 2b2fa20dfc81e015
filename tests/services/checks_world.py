"""A small world for the data checks: two partners with entries that each check finds.

Acme (Machinery Center, filer code ACM) has an entry of an Electronics HTS number, one
filed by XYZ, one whose number fails the check digit, a touch point on an entry it never
imported and a January whose reported total (40) is far from the 4 entries counted.
Bolt (Electronics, no filer codes) has two entries: listed once, not entry by entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update

from tests.conftest import ACME_IOR, valid_entry
from trusted_trader.services.entry_volumes import refresh_derived
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point
from trusted_trader.store.models import Center, CustomsEntry, MonthlyVolume, TouchPoint, utc_now

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
BOLT_IOR = "98-7654321CD"
WRONG_DIGIT = "ACM-0000004-0"  # the right digit is not 0 (asserted below)
UNIMPORTED = valid_entry("ACM0000009")


@dataclass(frozen=True)
class World:
    acme: int
    bolt: int
    electronics_entry: str
    foreign_filer_entry: str
    unknown_touch_point: int
    wrong_touch_point: int
    january: int  # Acme's January volume row


def entry_row(
    partner_id: int, number: str, month: date, hts: str = "", **more: Any
) -> dict[str, Any]:
    now = utc_now()
    row = {
        "partner_id": partner_id, "entry_number": number, "ior_number": ACME_IOR,
        "filer_code": number[:3], "entry_date": month, "summary_date": None, "month": month,
        "port_code": "2704", "lines": 1, "entered_value_usd": 100.0, "hts_numbers": hts,
        "version": 1, "created_at": now, "updated_at": now,
    }  # fmt: skip
    row.update(more)
    return row


def add_entries(store: Store, rows: list[dict[str, Any]]) -> None:
    """Entries written as an import writes them, with the derived volumes counted again."""
    with store.uow() as uow:
        uow.connection.execute(insert(CustomsEntry), rows)
        refresh_derived(uow.connection, {int(r["partner_id"]) for r in rows})
        uow.commit()


def center_id(store: Store, code: str) -> int:
    with store.uow() as uow:
        return int(
            uow.connection.execute(select(Center.id).where(Center.code == code)).scalar_one()
        )


def stored_touch_point(store: Store, partner_id: int, day: date, entry: str) -> int:
    """A touch point whose number is stored as given (as before the check digit was checked)."""
    with store.uow() as uow:
        record = record_touch_point(
            uow, partner_id, TouchPointInput(day, "exam", entry_number=valid_entry("ACM0000001"))
        )
        uow.connection.execute(
            update(TouchPoint).where(TouchPoint.id == record.id).values(entry_number=entry)
        )
        uow.commit()
    return int(record.id)


def set_reported(store: Store, partner_id: int, month: date, entries: int) -> int:
    """The month's reported total, beside what its entries count."""
    v = MonthlyVolume
    with store.uow() as uow:
        found = uow.connection.execute(
            select(v.id).where(v.partner_id == partner_id, v.month == month)
        ).scalar_one_or_none()
        if found is None:
            now = utc_now()
            found = uow.connection.execute(
                insert(v).returning(v.id),
                {
                    "partner_id": partner_id,
                    "month": month,
                    "entries": entries,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                },
            ).scalar_one()
        else:
            uow.connection.execute(
                update(v).where(v.id == found).values(entries=entries, reported=True)
            )
        uow.commit()
    return int(found)


def build_world(store: Store) -> World:
    with store.uow() as uow:
        acme = create_partner(
            uow, PartnerInput("Acme Imports", ACME_IOR, ("ACM",), center_id=None)
        ).id
        bolt = create_partner(uow, PartnerInput("Bolt Trading", BOLT_IOR)).id
        uow.commit()
    machinery, electronics = center_id(store, "MAC"), center_id(store, "ELEC")
    with store.uow() as uow:
        from trusted_trader.store.models import Partner

        uow.connection.execute(
            update(Partner).where(Partner.id == acme).values(center_id=machinery)
        )
        uow.connection.execute(
            update(Partner).where(Partner.id == bolt).values(center_id=electronics)
        )
        uow.commit()
    assert valid_entry("ACM0000004") != WRONG_DIGIT
    elec, foreign = valid_entry("ACM0000002"), valid_entry("XYZ0000003")
    add_entries(
        store,
        [
            entry_row(acme, valid_entry("ACM0000001"), JAN, "8421390000"),
            entry_row(acme, elec, JAN, "8421390000 8471300100"),
            entry_row(acme, foreign, JAN, "8421390000"),
            entry_row(acme, WRONG_DIGIT, JAN, "84213900"),
            entry_row(bolt, valid_entry("BRK0000001"), FEB, "8471300100"),
            entry_row(bolt, valid_entry("BRK0000002"), FEB, "8471300100"),
        ],
    )
    january = set_reported(store, acme, JAN, 40)
    unknown = stored_touch_point(store, acme, date(2026, 1, 20), UNIMPORTED)
    stored_touch_point(store, acme, date(2026, 1, 21), valid_entry("ACM0000001"))  # imported
    stored_touch_point(store, acme, date(2026, 3, 2), valid_entry("ACM0000077"))  # no entries
    wrong = stored_touch_point(store, acme, date(2026, 3, 3), "ABC-1234567-8")
    return World(acme, bolt, elec, foreign, unknown, wrong, january)
