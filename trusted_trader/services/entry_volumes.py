"""Volumes derived from imported entries: per partner-month and per port, kept current.

Whatever writes entries (an import, a revert, an edit) calls :func:`refresh_derived`
for the partners it touched, in its own transaction, so the derived figures never
disagree with the entries. A partner's figures are counted again whole from its
entries: a few thousand rows for the busiest importer, one GROUP BY.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import (
    Connection,
    DateTime,
    and_,
    bindparam,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    select,
    text,
)
from sqlmodel import col

from trusted_trader.store.models import CustomsEntry, MonthlyVolume, PortVolume, utc_now

_BATCH = 500  # partner ids per statement: well under SQLite's bound-variable limit


def refresh_derived(conn: Connection, partner_ids: Iterable[int]) -> None:
    """Count the partners' port and monthly volumes again from their entries."""
    ids = sorted(set(partner_ids))
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        _refresh_ports(conn, batch)
        _refresh_months(conn, batch)


def _refresh_ports(conn: Connection, ids: list[int]) -> None:
    conn.execute(delete(PortVolume).where(col(PortVolume.partner_id).in_(ids)))
    e = CustomsEntry
    counted = (
        select(
            col(e.partner_id),
            col(e.month),
            col(e.port_code),
            func.count(),
            func.sum(col(e.entered_value_usd)),
        )
        .where(col(e.partner_id).in_(ids))
        .group_by(col(e.partner_id), col(e.month), col(e.port_code))
    )
    names = ["partner_id", "month", "port_code", "entries", "entered_value_usd"]
    conn.execute(insert(PortVolume).from_select(names, counted))


# Both sums from one look at the month's ports (row values: SQLite 3.15+, PostgreSQL).
_MONTH_SUMS = text(
    "UPDATE monthly_volume SET (derived_entries, derived_value_usd) = ("
    "SELECT sum(p.entries), sum(p.entered_value_usd) FROM port_volume p "
    "WHERE p.partner_id = monthly_volume.partner_id AND p.month = monthly_volume.month) "
    "WHERE partner_id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def _refresh_months(conn: Connection, ids: list[int]) -> None:
    v, p = MonthlyVolume, PortVolume
    same_month = and_(col(p.partner_id) == col(v.partner_id), col(p.month) == col(v.month))
    conn.execute(_MONTH_SUMS, {"ids": ids})
    stamp = literal(utc_now(), DateTime(timezone=True))
    stored = select(col(v.id)).where(same_month)
    new_months = (
        select(
            col(p.partner_id),
            col(p.month),
            func.sum(col(p.entries)),
            func.sum(col(p.entered_value_usd)),
            literal(0),
            literal(0.0),
            false(),
            literal(1),
            stamp,
            stamp,
        )
        .where(col(p.partner_id).in_(ids), ~exists(stored))
        .group_by(col(p.partner_id), col(p.month))
    )
    names = ["partner_id", "month", "derived_entries", "derived_value_usd", "entries",
             "entered_value_usd", "reported", "version", "created_at", "updated_at"]  # fmt: skip
    conn.execute(insert(v).from_select(names, new_months))
    conn.execute(
        delete(v).where(
            col(v.partner_id).in_(ids),
            col(v.reported) == false(),
            col(v.derived_entries).is_(None),
        )
    )
