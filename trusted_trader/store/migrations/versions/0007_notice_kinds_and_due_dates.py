"""touch points: CF-29 proposed/taken, prepenalty, due dates set by hand

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-30 13:00:00.000000

A CF-29 proposing an action has a 20-day response window; one reporting an
action taken has none. Every CF-29 stored before could be either; the upgrade
keeps them as "action proposed" (their code "cf29" is unchanged, so no row is
rewritten) and writes one audit entry per partner saying so, for the Account
Executive to correct any that reported an action taken.

A touch point's due date may now be set by hand with a reason
(touch_point.response_due_reason); an empty reason means the kind's window.

Seizures and CF-4647 notices had no response window before; those still open
(not closed) get their 30-day due date so the deadline radar shows them, and the
audit log says so per partner. Closed ones are left as they are.
"""

import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None

ACTOR = "upgrade 0007"
NOTE = (
    "{count} CF-29 touch point(s) recorded before CF-29s were told apart were kept as "
    "'CF-29 action proposed' (20-day response window); change any that reported an action "
    "taken to 'CF-29 action taken'."
)


NEW_WINDOWS = {"seizure": 30, "cf4647": 30}  # 19 CFR 171.2(b)(1); CBP Form 4647
DUE_NOTE = (
    "{count} open seizure / CF-4647 touch point(s) had no response due date; they got "
    "their 30-day window (19 CFR 171.2(b)(1); CBP Form 4647)."
)


def upgrade() -> None:
    with op.batch_alter_table('touch_point', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('response_due_reason', sa.Text(), server_default='', nullable=False)
        )
    conn = op.get_bind()
    _give_open_notices_their_window(conn)
    counts = conn.execute(
        sa.text(
            "SELECT partner_id, COUNT(*) FROM touch_point WHERE kind = 'cf29' "
            "GROUP BY partner_id ORDER BY partner_id"
        )
    ).all()
    now = datetime.now(UTC)
    rows = [
        {
            "at": now,
            "actor": ACTOR,
            "action": "migrate",
            "table_name": "touch_point",
            "record_id": 0,
            "partner_id": partner_id,
            "changes": json.dumps(
                {"kind": "cf29", "kept_as": "cf29", "count": count,
                 "note": NOTE.format(count=count)}
            ),
        }
        for partner_id, count in counts
    ]
    if rows:
        conn.execute(
            sa.text(
                "INSERT INTO audit_log (at, actor, action, table_name, record_id, partner_id, "
                "changes) VALUES (:at, :actor, :action, :table_name, :record_id, :partner_id, "
                ":changes)"
            ).bindparams(sa.bindparam("at", type_=sa.DateTime())),
            rows,
        )


def _give_open_notices_their_window(conn: sa.Connection) -> None:
    rows = conn.execute(
        sa.text(
            "SELECT id, partner_id, kind, occurred_on FROM touch_point WHERE closed_on IS NULL "
            "AND response_due IS NULL AND kind IN ('seizure', 'cf4647') ORDER BY id"
        ).columns(occurred_on=sa.Date())
    ).all()
    if not rows:
        return
    conn.execute(
        sa.text("UPDATE touch_point SET response_due = :due WHERE id = :id").bindparams(
            sa.bindparam("due", type_=sa.Date())
        ),
        [{"id": r[0], "due": r[3] + timedelta(days=NEW_WINDOWS[r[2]])} for r in rows],
    )
    counts: dict[int, int] = {}
    for row in rows:
        counts[row[1]] = counts.get(row[1], 0) + 1
    now = datetime.now(UTC)
    conn.execute(
        sa.text(
            "INSERT INTO audit_log (at, actor, action, table_name, record_id, partner_id, "
            "changes) VALUES (:at, :actor, 'migrate', 'touch_point', 0, :partner_id, :changes)"
        ).bindparams(sa.bindparam("at", type_=sa.DateTime())),
        [
            {"at": now, "actor": ACTOR, "partner_id": partner_id,
             "changes": json.dumps({"windows_given": count, "note": DUE_NOTE.format(count=count)})}
            for partner_id, count in sorted(counts.items())
        ],
    )


def downgrade() -> None:
    # The older release knows neither kind: keep each row under its nearest old kind and
    # say in its notes what it was, so nothing is lost.
    conn = op.get_bind()
    # The older release gave these kinds no window.
    conn.execute(
        sa.text(
            "UPDATE touch_point SET response_due = NULL "
            "WHERE kind IN ('seizure', 'cf4647') AND response_due_reason = ''"
        )
    )
    for new, old, label in (
        ("cf29_taken", "cf29", "CF-29 action taken"),
        ("prepenalty", "penalty", "Prepenalty notice"),
    ):
        conn.execute(
            sa.text(
                "UPDATE touch_point SET kind = :old, "
                "notes = CASE WHEN notes = '' THEN :mark ELSE :mark || ' ' || notes END "
                "WHERE kind = :new"
            ),
            {"old": old, "new": new, "mark": f"[{label}]"},
        )
    with op.batch_alter_table('touch_point', schema=None) as batch_op:
        batch_op.drop_column('response_due_reason')
