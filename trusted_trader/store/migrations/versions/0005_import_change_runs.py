"""import changes: a created record run in one row

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 04:00:00.000000

An import that creates a million records made a million import_change rows, as
many writes again as the records themselves. A "create" row now stands for the
records record_id..last_record_id; older rows (last_record_id NULL) stand for one.
"""

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('import_change', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_record_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    # Spell every run out as one row per record before the column goes.
    conn = op.get_bind()
    runs = conn.execute(
        sa.text(
            "SELECT id, batch_id, table_name, record_id, last_record_id FROM import_change "
            "WHERE last_record_id IS NOT NULL AND last_record_id > record_id"
        )
    ).all()
    insert = sa.text(
        "INSERT INTO import_change (batch_id, table_name, record_id, action) "
        "VALUES (:batch_id, :table_name, :record_id, 'create')"
    )
    for _, batch_id, table_name, first, last in runs:
        rows = [
            {"batch_id": batch_id, "table_name": table_name, "record_id": n}
            for n in range(first + 1, last + 1)
        ]
        conn.execute(insert, rows)
    with op.batch_alter_table('import_change', schema=None) as batch_op:
        batch_op.drop_column('last_record_id')
