"""A digest of the raw lines each imported entry came from; entries indexed with their value

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 19:00:00.000000

Importing the same ACE report again should cost little more than reading it: the
digest of an entry's lines as the file gave them lets the import recognise an unchanged
entry without checking its lines again. Entries stored before have none (NULL): their
lines are checked in full, as before, and the import then records their digest.

The index of an entry's partner, month and port now holds its value too, so that the
volumes per port are summed from the index without reading each entry.
"""

import sqlalchemy as sa
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('customs_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_digest', sa.BigInteger(), nullable=True))
        batch_op.drop_index('ix_customs_entry_partner_month_port')
        batch_op.create_index(
            'ix_customs_entry_partner_month_port_value',
            ['partner_id', 'month', 'port_code', 'entered_value_usd'],
        )


def downgrade() -> None:
    with op.batch_alter_table('customs_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_customs_entry_partner_month_port_value')
        batch_op.create_index(
            'ix_customs_entry_partner_month_port', ['partner_id', 'month', 'port_code']
        )
        batch_op.drop_column('source_digest')
