"""Centers: Automotive & Aerospace coverage as CBP lists it

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 13:10:00.000000

The first releases seeded A&A with all of chapters 87 and 88, so bicycles (8712)
and baby carriages (8715) landed there, and left heading 8511 to Electronics. CBP's
A&A Center covers headings 8701-8711, 8713, 8714, 8716 and 8801-8805, and took
8511 from the Machinery Center (79 FR 13322, 2014).

A database whose A&A coverage is still the seeded list gets the corrected one. One
whose coverage a user edited is left alone: the audit log and the application log
say so, with the headings CBP lists, for a director to review.
"""

import json
import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

CODE = "A&A"
SEEDED = ("8407", "8408", "8409", "8706", "8707", "8708", "87", "88")
CORRECTED = (
    "8407", "8408", "8409", "8511",
    "8701", "8702", "8703", "8704", "8705", "8706", "8707", "8708", "8709", "8710", "8711",
    "8713", "8714", "8716", "8801", "8802", "8803", "8804", "8805",
)  # fmt: skip
LEFT_ALONE = (
    "The Automotive & Aerospace Center's HTS coverage was edited, so this upgrade left it "
    "as it is. CBP lists headings 8701-8711, 8713, 8714, 8716, 8801-8805 and 8511 "
    "(79 FR 13322, 2014); review the coverage under Centers."
)
UPDATED = (
    "The Automotive & Aerospace Center's seeded HTS coverage was corrected: headings "
    "8701-8711, 8713, 8714, 8716, 8801-8805 and 8511 (79 FR 13322, 2014) instead of "
    "chapters 87 and 88."
)

log = logging.getLogger("trusted_trader.store.migrations")


def upgrade() -> None:
    _replace(SEEDED, CORRECTED, UPDATED)


def downgrade() -> None:
    _replace(CORRECTED, SEEDED, "The seeded coverage of the first releases was put back.")


def _replace(expected: tuple[str, ...], wanted: tuple[str, ...], note: str) -> None:
    conn = op.get_bind()
    center_id = conn.execute(
        sa.text("SELECT id FROM center WHERE code = :code"), {"code": CODE}
    ).scalar()
    if center_id is None:
        return  # a new database: the Centers are seeded from resources/centers.json later
    current = set(
        conn.execute(
            sa.text("SELECT hts_prefix FROM center_coverage WHERE center_id = :id"),
            {"id": center_id},
        ).scalars()
    )
    if current == set(wanted):
        return
    if current != set(expected):
        if revision_is_upgrade(wanted):
            log.warning(LEFT_ALONE)
            _audit(conn, center_id, "left alone", sorted(current), sorted(current), LEFT_ALONE)
        return
    conn.execute(sa.text("DELETE FROM center_coverage WHERE center_id = :id"), {"id": center_id})
    now = datetime.now(UTC)
    conn.execute(
        sa.text(
            "INSERT INTO center_coverage (center_id, hts_prefix, description, created_at, "
            "updated_at) VALUES (:id, :prefix, '', :now, :now)"
        ).bindparams(sa.bindparam("now", type_=sa.DateTime())),
        [{"id": center_id, "prefix": prefix, "now": now} for prefix in wanted],
    )
    _audit(conn, center_id, "updated", sorted(current), list(wanted), note)


def revision_is_upgrade(wanted: tuple[str, ...]) -> bool:
    return wanted == CORRECTED


def _audit(
    conn: sa.Connection, center_id: int, what: str, before: list[str], after: list[str], note: str
) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO audit_log (at, actor, action, table_name, record_id, partner_id, "
            "changes) VALUES (:at, 'upgrade 0008', 'migrate', 'center_coverage', :id, NULL, "
            ":changes)"
        ).bindparams(sa.bindparam("at", type_=sa.DateTime())),
        {
            "at": datetime.now(UTC),
            "id": center_id,
            "changes": json.dumps(
                {"coverage": what, "before": before, "after": after, "note": note}
            ),
        },
    )
