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
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    select,
    update,
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


def _refresh_months(conn: Connection, ids: list[int]) -> None:
    v, p = MonthlyVolume, PortVolume
    same_month = and_(col(p.partner_id) == col(v.partner_id), col(p.month) == col(v.month))
    entries = select(func.sum(col(p.entries))).where(same_month).scalar_subquery()
    value = select(func.sum(col(p.entered_value_usd))).where(same_month).scalar_subquery()
    conn.execute(
        update(v)
        .where(col(v.partner_id).in_(ids))
        .values(derived_entries=entries, derived_value_usd=value)
    )
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
