"""Entries imported from ACE, and the volumes derived from them

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 17:50:00.000000

An Account Executive's source for volume is ACE's entry summary reports (e.g. ES-003,
one row per entry summary line). Each entry is kept (its lines summed); a partner's
monthly volume is then counted from its entries where it has any, beside the reported
monthly total, and a volume per port is kept so that a port's rate divides by the
port's own entries. A month may now exist only because entries gave it ("reported"
false).
"""

import sqlalchemy as sa
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('monthly_volume', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('reported', sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column('derived_entries', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('derived_value_usd', sa.Float(), nullable=True))
        batch_op.drop_index('ix_volume_partner_month_entries')
        batch_op.create_index(
            'ix_volume_partner_month_counts',
            ['partner_id', 'month', 'entries', 'derived_entries'],
        )
    op.create_table(
        'customs_entry',
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('entry_number', sa.String(length=13), nullable=False),
        sa.Column('ior_number', sa.String(length=16), nullable=False),
        sa.Column('filer_code', sa.String(length=3), nullable=False),
        sa.Column('entry_date', sa.Date(), nullable=True),
        sa.Column('summary_date', sa.Date(), nullable=True),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('port_code', sa.String(length=4), nullable=False),
        sa.Column('lines', sa.Integer(), nullable=False),
        sa.Column('entered_value_usd', sa.Float(), nullable=False),
        sa.Column('hts_numbers', sa.Text(), server_default='', nullable=False),
        sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('entry_number'),
    )
    op.create_index(
        'ix_customs_entry_partner_month_port',
        'customs_entry',
        ['partner_id', 'month', 'port_code'],
    )
    op.create_table(
        'port_volume',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('port_code', sa.String(length=4), nullable=False),
        sa.Column('entries', sa.Integer(), nullable=False),
        sa.Column('entered_value_usd', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('partner_id', 'month', 'port_code', name='uq_port_volume'),
    )
    op.create_index(
        'ix_port_volume_counts', 'port_volume', ['partner_id', 'month', 'port_code', 'entries']
    )


def downgrade() -> None:
    op.drop_index('ix_port_volume_counts', table_name='port_volume')
    op.drop_table('port_volume')
    op.drop_index('ix_customs_entry_partner_month_port', table_name='customs_entry')
    op.drop_table('customs_entry')
    with op.batch_alter_table('monthly_volume', schema=None) as batch_op:
        batch_op.drop_index('ix_volume_partner_month_counts')
        batch_op.create_index(
            'ix_volume_partner_month_entries', ['partner_id', 'month', 'entries']
        )
        batch_op.drop_column('derived_value_usd')
        batch_op.drop_column('derived_entries')
        batch_op.drop_column('reported')
