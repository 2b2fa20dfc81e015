"""partial index of the open responses

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-30 15:20:00.000000

My week reads every open response (a touch point with a response due and not
closed). Of 1,000,000 touch points about a third carry a due date and 1% are
still open: the plain index on response_due walks the third and looks each row
up (2.5 s); this partial index holds only the open ones, with every column the
list reads (tens of ms). Both SQLite and PostgreSQL use it when the query names
both conditions.
"""

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0008'
branch_labels = None
depends_on = None

INDEX = "ix_touch_point_open_response"
OPEN = "closed_on IS NULL AND response_due IS NOT NULL"
# Every column My week reads of a response: the rows are never looked up in the table.
# (closed_on too, always NULL here: SQLite reads it from the index to test the condition)
COLUMNS = ['response_due', 'partner_id', 'kind', 'entry_number', 'version', 'closed_on']


def upgrade() -> None:
    op.create_index(
        INDEX,
        'touch_point',
        COLUMNS,
        unique=False,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name='touch_point')
