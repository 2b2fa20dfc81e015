"""covering index for entries per partner and month

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 21:00:00.000000

The sums of entries over a Center's partners read (partner_id, month, entries)
from this index alone; without it PostgreSQL scans the whole monthly_volume
table for each period. A plain index with entries as its last key column
covers the sum on both SQLite and PostgreSQL.
"""

from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

INDEX = "ix_volume_partner_month_entries"


def upgrade() -> None:
    with op.batch_alter_table('monthly_volume', schema=None) as batch_op:
        batch_op.create_index(INDEX, ['partner_id', 'month', 'entries'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('monthly_volume', schema=None) as batch_op:
        batch_op.drop_index(INDEX)
