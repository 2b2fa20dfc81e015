"""Imported entries written straight to the table, and the volumes counted again from them."""

from __future__ import annotations

from datetime import date
from itertools import count

from sqlalchemy import Connection, insert

from trusted_trader.services.entry_volumes import refresh_derived
from trusted_trader.store.models import CustomsEntry, utc_now

_serials = count(1)


def add_entries(
    conn: Connection, partner_id: int, month: date, port: str, how_many: int, value: float = 100.0
) -> None:
    """``how_many`` entries of the partner in the month at the port, then a recount."""
    now = utc_now()
    rows = []
    for _ in range(how_many):
        serial = next(_serials)
        rows.append(
            dict(
                partner_id=partner_id, entry_number=f"EVT-{serial:07d}-0", ior_number="X",
                filer_code="EVT", entry_date=month, summary_date=None, month=month,
                port_code=port, lines=1, entered_value_usd=value, hts_numbers="",
                version=1, created_at=now, updated_at=now,
            )
        )  # fmt: skip
    conn.execute(insert(CustomsEntry), rows)
    refresh_derived(conn, [partner_id])
