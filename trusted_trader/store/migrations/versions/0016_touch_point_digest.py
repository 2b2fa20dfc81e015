"""A digest of the raw cells each imported touch point came from

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 20:40:00.000000

Importing the same touch-point file again should cost little more than reading it: the
digest of a row's cells as the file gave them, bound to the record's version, lets the
import count an unchanged row without checking it again. Touch points stored before
have none (NULL): their rows are checked in full, as before.
"""

import sqlalchemy as sa
from alembic import op


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('touch_point', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_digest', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('touch_point', schema=None) as batch_op:
        batch_op.drop_column('source_digest')
