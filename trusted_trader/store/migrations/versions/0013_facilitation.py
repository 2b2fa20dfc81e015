"""Facilitation: what CBP delivered to each partner

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 15:30:00.000000

The Centers have facilitation duties beside enforcement ones. A facilitation record says
what CBP delivered to a partner on a date (reduced examinations, help with a CF-28,
training...), in words, and which engagement plan it served.
"""

import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'facilitation',
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('occurred_on', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('description', sa.Text(), server_default='', nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['plan_id'], ['engagement_plan.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        'ix_facilitation_partner_date', 'facilitation', ['partner_id', 'occurred_on']
    )
    op.create_index('ix_facilitation_plan_id', 'facilitation', ['plan_id'])


def downgrade() -> None:
    op.drop_index('ix_facilitation_plan_id', table_name='facilitation')
    op.drop_index('ix_facilitation_partner_date', table_name='facilitation')
    op.drop_table('facilitation')
