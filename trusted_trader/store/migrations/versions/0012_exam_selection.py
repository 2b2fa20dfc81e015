"""Touch points: how an exam or document review was selected

Revision ID: 0012
Revises: 0010
Create Date: 2026-11-30 15:20:00.000000

Compliance is the share of examined entries found without discrepancy. Entries chosen at
random (CBP's compliance measurement) give the unbiased figure; targeted ones do not. The
new column says which an exam or CF-28 review was: "targeted", "random", or empty where
it was not recorded (every touch point before this revision).
"""

import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('touch_point', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('selection', sa.String(length=16), server_default='', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('touch_point', schema=None) as batch_op:
        batch_op.drop_column('selection')
